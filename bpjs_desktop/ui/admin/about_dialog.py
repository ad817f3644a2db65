"""Bantuan → Tentang bpjs-desktop: the version, the open database and its revision, where the log
is, and the libraries the app is built on with their licences (issue #15)."""

from __future__ import annotations

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import Qt, qVersion
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from bpjs_desktop.i18n import _
from bpjs_desktop.services.about import AboutFacts
from bpjs_desktop.ui.common.widgets import named_label


class AboutDialog(QDialog):
    def __init__(self, facts: AboutFacts, log_file: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("about_dialog")
        self.setWindowTitle(_("Tentang bpjs-desktop"))
        layout = QVBoxLayout(self)
        heading = QLabel(
            _(
                "<b>bpjs-desktop {version}</b><br>Aplikasi kantor cabang dan kantor wilayah "
                "BPJS Ketenagakerjaan: kepesertaan, klaim, piutang iuran, target dan laporan bulanan."
            ).format(version=facts.version)
        )
        heading.setWordWrap(True)
        layout.addWidget(heading)
        if facts.revision is None:
            revision = _("(tidak ada database terbuka)") if not facts.database else "–"
        elif facts.revision == facts.head:
            revision = _("{rev} (terbaru)").format(rev=facts.revision)
        else:
            revision = _("{rev} (aplikasi: {head})").format(rev=facts.revision, head=facts.head)
        details = named_label(
            "about_details",
            _(
                "Database: {database}<br>Revisi database: {revision}<br>"
                "Python {python} · Qt {qt} · PySide6 {pyside}<br>File log: {log}"
            ).format(
                database=facts.database or "–",
                revision=revision,
                python=facts.python,
                qt=qVersion(),
                pyside=pyside_version,
                log=log_file,
            ),
            wrap=True,
        )
        details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(details)
        layout.addWidget(QLabel(_("Pustaka yang dipakai dan lisensinya:")))
        table = QTableWidget(len(facts.libraries), 3)
        table.setObjectName("libraries_table")
        table.setTabKeyNavigation(
            False
        )  # Tab leaves the table (a keyboard trap otherwise); arrows move inside it
        table.setHorizontalHeaderLabels([_("Pustaka"), _("Versi"), _("Lisensi")])
        for row, library in enumerate(facts.libraries):
            for column, value in enumerate((library.name, library.version, library.licence)):
                table.setItem(row, column, QTableWidgetItem(value))
        table.verticalHeader().setVisible(False)
        table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        header = table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        table.setMinimumHeight(260)
        self.libraries_table = table
        layout.addWidget(table)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close = buttons.button(QDialogButtonBox.StandardButton.Close)
        close.setText(_("&Tutup"))
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(620, 560)
