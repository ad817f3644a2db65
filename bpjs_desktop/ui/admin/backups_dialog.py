"""Cadangan & Pemulihan: the verified backups of the open database, a backup now, a restore."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from bpjs_desktop import paths
from bpjs_desktop.domain.periods import format_datetime_wib
from bpjs_desktop.i18n import _
from bpjs_desktop.services import backup
from bpjs_desktop.services.context import allowed
from bpjs_desktop.services.workstation import SignedIn
from bpjs_desktop.ui.common.layout_memory import remember_header
from bpjs_desktop.ui.common.session_page import SessionDialog
from bpjs_desktop.ui.common.tasks import TaskContext
from bpjs_desktop.ui.common.widgets import named_label, push_button, run_with_progress


def warn_unverified(parent: QWidget, info: backup.BackupInfo) -> None:
    """Tell the user a backup was written but failed its check: the one warning of the backup
    taken now (this dialog) and of the scheduled one (the main window)."""
    QMessageBox.warning(
        parent,
        _("Cadangan gagal diperiksa"),
        _(
            "Cadangan {path} ditulis tetapi gagal diperiksa ({problem}); cadangan itu "
            "tidak dipakai untuk pemulihan. Periksa disk tujuan lalu ulangi."
        ).format(path=info.path, problem=info.problem),
    )


class BackupsDialog(SessionDialog):
    """The list of verified backups (newest first) with *Cadangkan sekarang* and *Pulihkan…*.

    Restoring replaces the open database, so the dialog does not do it itself: it asks, then
    emits ``restore_requested(path)`` for the main window, which closes the database, restores
    (the replaced file is kept aside) and opens the restored one.
    """

    restore_requested = Signal(object)  # Path of the backup to restore

    @staticmethod
    def allowed(session: SignedIn) -> bool:
        """Administrators and heads of office, on a SQLite file opened for writing."""
        return (
            session.db.path is not None
            and not session.db.read_only
            and allowed(session.actor, "backup.run")
        )

    def __init__(self, session: SignedIn, parent: QWidget | None = None) -> None:
        super().__init__(session, "backups_dialog", _("Cadangan & Pemulihan"), parent)
        self.resize(860, 420)
        layout = QVBoxLayout(self)
        intro = QLabel(
            _(
                "Cadangan dibuat otomatis setiap 30 menit bila ada perubahan, saat aplikasi "
                "ditutup, dan sebelum impor atau tutup bulan. Setiap cadangan dibuka dan diperiksa "
                "setelah ditulis. Disimpan: semua cadangan hari ini, satu per hari selama 14 hari, "
                "satu per minggu selama 8 minggu, satu per bulan selama setahun."
            )
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.table = QTableWidget(0, len(backup.LISTING_HEADERS))
        self.table.setObjectName("backups_table")
        self.table.setTabKeyNavigation(
            False
        )  # Tab leaves the table (a keyboard trap otherwise); arrows move inside it
        self.table.setHorizontalHeaderLabels([_(h) for h in backup.LISTING_HEADERS])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.verticalHeader().setVisible(False)
        layout.addWidget(self.table, 1)
        remember_header(self.table, "backups/backups_table")
        self.folder_label = named_label("folder_label")
        self.folder_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.folder_label)
        buttons = QHBoxLayout()
        self.backup_button = push_button(
            "backup_now_button", _("&Cadangkan sekarang"), self.back_up_now
        )
        self.restore_button = push_button("restore_button", _("&Pulihkan…"), self.restore_selected)
        close = QPushButton(_("&Tutup"))
        close.clicked.connect(self.reject)
        buttons.addWidget(self.backup_button)
        buttons.addWidget(self.restore_button)
        buttons.addStretch(1)
        buttons.addWidget(close)
        layout.addLayout(buttons)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.infos: list[backup.BackupInfo] = []
        self.reload()

    def reload(self) -> None:
        path = self.session.db.path
        assert path is not None
        self.infos = backup.list_backups(path)
        self.table.setRowCount(len(self.infos))
        for row, info in enumerate(self.infos):
            for column, text in enumerate(info.listing_texts()):
                item = QTableWidgetItem(text)
                if column in backup.LISTING_RIGHT:
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                self.table.setItem(row, column, item)
        self.table.resizeColumnsToContents()
        if self.infos:
            self.table.selectRow(0)
        self.folder_label.setText(
            _("Folder cadangan: {folder}").format(
                folder=self.infos[0].path.parent if self.infos else paths.backup_dir()
            )
        )
        self._update_buttons()

    def selected(self) -> backup.BackupInfo | None:
        rows = self.table.selectionModel().selectedRows()
        return self.infos[rows[0].row()] if rows else None

    def _update_buttons(self) -> None:
        chosen = self.selected()
        self.restore_button.setEnabled(chosen is not None and chosen.ok)

    def back_up_now(self) -> None:
        db = self.session.db

        def work(context: TaskContext) -> backup.BackupInfo:
            context.progress(10, _("Menyalin dan memeriksa database…"))
            return backup.take_backup(db, "manual")

        def done(info: backup.BackupInfo) -> None:
            self.reload()
            if not info.ok:
                warn_unverified(self, info)

        run_with_progress(self, _("Mencadangkan database"), work, done)

    def restore_selected(self) -> None:
        chosen = self.selected()
        if chosen is None or not chosen.ok:
            return
        answer = QMessageBox.question(
            self,
            _("Pulihkan database"),
            _(
                "Database akan diganti dengan cadangan {when}. Semua yang dicatat sesudah waktu "
                "itu tidak ada di cadangan dan harus dimasukkan lagi. Database yang sekarang "
                "disimpan lebih dahulu di folder cadangan. Lanjutkan?"
            ).format(when=format_datetime_wib(chosen.taken_at)),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        self.accept()
        self.restore_requested.emit(chosen.path)


def restore_into(parent: QWidget, url: str, backup_file: Path) -> Path | None:
    """Restore *backup_file* over the database at *url* (its engines must be closed); tell the
    user where the replaced file was kept. Returns that safety copy; None if nothing was there.

    Raises:
        KnownError: the restore failed (nothing was replaced; the message says so).
    """
    safety = backup.restore(url, backup_file)
    if safety is not None:
        QMessageBox.information(
            parent,
            _("Database dipulihkan"),
            _("Database dipulihkan dari {file}; database sebelumnya disimpan di {safety}.").format(
                file=backup_file, safety=safety
            ),
        )
    return safety
