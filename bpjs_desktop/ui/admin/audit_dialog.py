"""Jejak audit (Berkas → Jejak audit…): the audit trail, newest first, read as the user scrolls.

Heads of office see their offices' users' events, the region all (``audit.EventQuery``, read a
page at a time by key in the background by the common list model, ``ui/common/tables.py``). The
chain check runs in the background (seconds on a long trail) and its verdict heads the window.
*Ekspor…* writes what the filters show to a workbook (``audit.export_events``, itself audited).
"""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from bpjs_desktop.domain.money import group_thousands
from bpjs_desktop.domain.periods import format_datetime_wib
from bpjs_desktop.errors import KnownError
from bpjs_desktop.i18n import _, ngettext
from bpjs_desktop.services import audit
from bpjs_desktop.services.audit import AuditRow, EventFilter, VerifyReport
from bpjs_desktop.services.workstation import SignedIn
from bpjs_desktop.ui.common.forms import DateEdit
from bpjs_desktop.ui.common.layout_memory import remember_header
from bpjs_desktop.ui.common.session_page import SessionDialog
from bpjs_desktop.ui.common.tables import Column, Loaded, PagedModel
from bpjs_desktop.ui.common.tasks import Task
from bpjs_desktop.ui.common.widgets import add_labelled, error_text, show_error


def _detail(row: AuditRow) -> str:
    return json.dumps(row.detail, ensure_ascii=False, sort_keys=True)


def columns() -> list[Column]:
    """The viewer's columns, those of the export (``audit.EXPORT_HEADERS``)."""
    values = (
        lambda r: str(r.id),
        lambda r: format_datetime_wib(r.at),
        lambda r: r.username,
        lambda r: r.action,
        lambda r: r.entity,
        lambda r: r.entity_id,
        _detail,
    )
    return [
        Column(_(header), value) for header, value in zip(audit.EXPORT_HEADERS, values, strict=True)
    ]


class AuditDialog(SessionDialog):
    """The trail's events with filters, read as the user scrolls, the chain's verdict and an
    export."""

    def __init__(self, session: SignedIn, parent: QWidget | None = None) -> None:
        """Long because it lays the widgets out top to bottom, in the order they appear on screen."""
        super().__init__(session, "audit_dialog", _("Jejak audit"), parent)
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
        for fields in (
            (
                (_("&Pengguna"), self.user_edit),
                (_("&Jenis data"), self.entity_edit),
                (_("&Kunci data"), self.key_edit),
            ),
            (
                (_("&Tindakan"), self.action_edit),
                (_("&Dari tanggal"), self.from_edit),
                (_("&Sampai tanggal"), self.to_edit),
            ),
        ):
            row = QHBoxLayout()
            add_labelled(row, fields)
            form.addRow(row)
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
        self.model = PagedModel(columns(), self)
        self.model.source_loaded.connect(self._on_list_loaded)
        self.model.source_failed.connect(self._on_list_failed)
        self.table = QTableView()
        self.table.setObjectName("audit_table")
        self.table.setTabKeyNavigation(
            False
        )  # Tab leaves the table (a keyboard trap otherwise); arrows move inside it
        self.table.setModel(self.model)
        self.model.follow(self.table)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.verticalHeader().setDefaultSectionSize(24)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        header.setResizeContentsPrecision(0)  # fit the rows on screen, not rows still unread
        for column, width in enumerate((70, 150, 120, 170, 110, 130)):
            self.table.setColumnWidth(column, width)
        layout.addWidget(self.table, 1)
        remember_header(self.table, "audit/audit_table")
        buttons = QHBoxLayout()
        self.count_label = QLabel("")
        self.count_label.setObjectName("count_label")
        self.export_button = QPushButton(_("&Ekspor…"))
        self.export_button.setObjectName("export_button")
        self.filter_button = QPushButton(_("&Cari"))
        self.filter_button.setDefault(True)
        self.export_button.clicked.connect(self._on_export_clicked)
        self.filter_button.clicked.connect(self.apply_filters)
        buttons.addWidget(self.filter_button)
        buttons.addWidget(self.count_label, 1)
        buttons.addWidget(self.export_button)
        layout.addLayout(buttons)
        self.resize(1200, 680)
        self.apply_filters()
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
        """Count and show the events the filters match, newest first (in the background: the
        events shown so far stay until the new ones are there; a newer search wins)."""
        try:
            query = audit.EventQuery(self.session.db, self.session.actor, self.wanted())
        except ValueError as exc:  # a date that is not one (domain.periods.parse_date)
            self._show_problem(str(exc))
            return
        except KnownError as exc:
            self._show_problem(exc.message)
            return
        self.error_label.setVisible(False)
        self.count_label.setText(_("Memuat…"))
        self.model.set_source(query)

    def _show_problem(self, text: str) -> None:
        self.error_label.setText(text)
        self.error_label.setVisible(True)

    def _on_list_loaded(self, loaded: Loaded) -> None:
        self.count_label.setText(
            ngettext("{n} kejadian", "{n} kejadian", loaded.count).format(
                n=group_thousands(loaded.count)
            )
        )

    def _on_list_failed(self, error: BaseException) -> None:
        self.count_label.setText(_("Data tidak dapat dibaca."))
        self._show_problem(error_text(error))

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
        self.apply_filters()  # the export is on the trail too
        return count
