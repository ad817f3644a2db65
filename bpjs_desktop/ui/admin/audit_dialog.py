"""Jejak audit (Berkas → Jejak audit…): the audit trail, newest first, a page at a time.

Heads of office see their offices' users' events, the region all (``audit.list_events``). The
chain check runs in the background (seconds on a long trail) and its verdict heads the window.
*Ekspor…* writes what the filters show to a workbook (``audit.export_events``, itself audited).
"""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from bpjs_desktop.domain.periods import format_datetime_wib
from bpjs_desktop.errors import KnownError
from bpjs_desktop.i18n import _
from bpjs_desktop.services import audit
from bpjs_desktop.services.audit import EventFilter, VerifyReport
from bpjs_desktop.services.workstation import SignedIn
from bpjs_desktop.ui.common.forms import DateEdit
from bpjs_desktop.ui.common.layout_memory import remember_header
from bpjs_desktop.ui.common.tasks import Task
from bpjs_desktop.ui.common.widgets import show_error


class AuditDialog(QDialog):
    """The trail's events with filters, paging, the chain's verdict and an export."""

    def __init__(self, session: SignedIn, parent: QWidget | None = None) -> None:
        """Long because it lays the widgets out top to bottom, in the order they appear on screen."""
        super().__init__(parent)
        self.session = session
        self.page = 0
        self.setObjectName("audit_dialog")
        self.setWindowTitle(_("Jejak audit"))
        layout = QVBoxLayout(self)
        self.verify_label = QLabel(_("Memeriksa rantai jejak audit…"))
        self.verify_label.setObjectName("verify_label")
        self.verify_label.setWordWrap(True)
        layout.addWidget(self.verify_label)
        form = QFormLayout()
        self.user_edit = QLineEdit()
        self.entity_edit = QLineEdit()
        self.key_edit = QLineEdit()
        self.action_edit = QLineEdit()
        self.from_edit = DateEdit()
        self.to_edit = DateEdit()
        row = QHBoxLayout()
        for label, edit in (
            (_("&Pengguna"), self.user_edit),
            (_("&Jenis data"), self.entity_edit),
            (_("&Kunci data"), self.key_edit),
        ):
            caption = QLabel(label)
            caption.setBuddy(edit)
            row.addWidget(caption)
            row.addWidget(edit)
        form.addRow(row)
        row2 = QHBoxLayout()
        for label, edit in (
            (_("&Tindakan"), self.action_edit),
            (_("&Dari tanggal"), self.from_edit),
            (_("&Sampai tanggal"), self.to_edit),
        ):
            caption = QLabel(label)
            caption.setBuddy(edit)
            row2.addWidget(caption)
            row2.addWidget(edit)
        form.addRow(row2)
        layout.addLayout(form)
        for edit in (
            self.user_edit,
            self.entity_edit,
            self.key_edit,
            self.action_edit,
            self.from_edit,
            self.to_edit,
        ):
            edit.returnPressed.connect(self.apply_filters)
        self.error_label = QLabel("")
        self.error_label.setStyleSheet("color: #b00020;")
        self.error_label.setVisible(False)
        layout.addWidget(self.error_label)
        headers = [_(h) for h in audit.EXPORT_HEADERS]
        self.table = QTableWidget(0, len(headers))
        self.table.setObjectName("audit_table")
        self.table.setTabKeyNavigation(
            False
        )  # Tab leaves the table (a keyboard trap otherwise); arrows move inside it
        self.table.setHorizontalHeaderLabels(headers)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(
            len(headers) - 1, QHeaderView.ResizeMode.Stretch
        )
        layout.addWidget(self.table, 1)
        remember_header(self.table, "audit/audit_table")
        buttons = QHBoxLayout()
        self.page_label = QLabel("")
        self.page_label.setObjectName("page_label")
        self.previous_button = QPushButton(_("← Se&belumnya"))
        self.next_button = QPushButton(_("Se&lanjutnya →"))
        self.export_button = QPushButton(_("&Ekspor…"))
        self.export_button.setObjectName("export_button")
        self.filter_button = QPushButton(_("&Cari"))
        self.filter_button.setDefault(True)
        self.previous_button.clicked.connect(lambda: self.show_page(self.page - 1))
        self.next_button.clicked.connect(lambda: self.show_page(self.page + 1))
        self.export_button.clicked.connect(self._on_export_clicked)
        self.filter_button.clicked.connect(self.apply_filters)
        buttons.addWidget(self.filter_button)
        buttons.addWidget(self.page_label, 1)
        for button in (self.previous_button, self.next_button, self.export_button):
            buttons.addWidget(button)
        layout.addLayout(buttons)
        self.resize(1200, 680)
        self.show_page(0)
        task = Task(lambda _context: audit.verify(session.db), self)
        task.finished.connect(self._on_verified)
        task.failed.connect(lambda error: self.verify_label.setText(str(error)))
        task.start()

    def wanted(self) -> EventFilter:
        """The filters as typed (raises a KnownError for a date that is not one)."""
        return EventFilter(
            self.user_edit.text(),
            self.entity_edit.text(),
            self.key_edit.text(),
            self.action_edit.text(),
            self.from_edit.value(),
            self.to_edit.value(),
        )

    def apply_filters(self) -> None:
        self.show_page(0)

    def show_page(self, page: int) -> None:
        try:
            events = audit.list_events(
                self.session.db, self.session.actor, self.wanted(), max(page, 0)
            )
        except ValueError as exc:  # a date that is not one (domain.periods.parse_date)
            self.error_label.setText(str(exc))
            self.error_label.setVisible(True)
            return
        except KnownError as exc:
            self.error_label.setText(exc.message)
            self.error_label.setVisible(True)
            return
        self.error_label.setVisible(False)
        self.page = events.page
        self.table.setRowCount(len(events.rows))
        for r, event in enumerate(events.rows):
            cells = [
                str(event.id),
                format_datetime_wib(event.at),
                event.username,
                event.action,
                event.entity,
                event.entity_id,
                json.dumps(event.detail, ensure_ascii=False, sort_keys=True),
            ]
            for c, text in enumerate(cells):
                self.table.setItem(r, c, QTableWidgetItem(text))
        self.table.resizeColumnsToContents()
        pages = max(1, -(-events.total // events.page_size))
        self.page_label.setText(
            _("Halaman {page} dari {pages} · {total} kejadian").format(
                page=events.page + 1, pages=pages, total=events.total
            )
        )
        self.previous_button.setEnabled(events.page > 0)
        self.next_button.setEnabled(events.page + 1 < pages)

    def _on_verified(self, report: VerifyReport) -> None:
        if report.ok:
            self.verify_label.setText(
                _("Rantai jejak audit utuh: {n} kejadian diperiksa.").format(n=report.events)
            )
            self.verify_label.setStyleSheet("color: #0b6e4f;")
        else:
            self.verify_label.setText(
                _(
                    "Rantai jejak audit RUSAK mulai kejadian nomor {id}: catatan telah diubah "
                    "atau dihapus di luar aplikasi."
                ).format(id=report.first_broken_id)
            )
            self.verify_label.setStyleSheet("color: #b00020; font-weight: 600;")

    def _on_export_clicked(self) -> None:
        path, _filter = QFileDialog.getSaveFileName(
            self, _("Ekspor jejak audit"), str(Path.home() / "jejak-audit.xlsx"), "Excel (*.xlsx)"
        )
        if path:
            self.export_to(Path(path))

    def export_to(self, out: Path) -> int | None:
        try:
            count = audit.export_events(self.session.db, self.session.actor, self.wanted(), out)
        except (KnownError, ValueError) as exc:
            show_error(self, exc)
            return None
        self.show_page(self.page)  # the export is on the trail too
        return count
