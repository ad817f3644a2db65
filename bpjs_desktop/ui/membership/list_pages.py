"""The worker and employer lists: filters, sorting in SQL, paging as the user scrolls."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from bpjs_desktop.domain.masking import mask_kpj, mask_nik, mask_wage
from bpjs_desktop.domain.money import group_thousands
from bpjs_desktop.domain.periods import format_date, today_wib
from bpjs_desktop.domain.programmes import RiskGroup, Segment, SizeClass
from bpjs_desktop.errors import KnownError
from bpjs_desktop.i18n import _, ngettext
from bpjs_desktop.services import personal
from bpjs_desktop.services.context import allowed, refusal
from bpjs_desktop.services.directory import (
    EmployerFilter,
    EmployerListRow,
    EmployerQuery,
    WorkerFilter,
    WorkerListRow,
    WorkerQuery,
)
from bpjs_desktop.services.workstation import SignedIn
from bpjs_desktop.ui.common.events import DataKind, reload_on
from bpjs_desktop.ui.common.layout_memory import remember_header
from bpjs_desktop.ui.common.month_office import OfficeCombo, office_combo
from bpjs_desktop.ui.common.tables import Column, PagedModel
from bpjs_desktop.ui.common.widgets import (
    add_labelled,
    ask_text,
    combo_box,
    list_table,
    named_label,
    page_title,
    push_button,
    report_list_loads,
    show_error,
    show_query,
)


def ask_reason(parent: QWidget) -> str | None:
    """Why the user wants a row's full personal data (None: cancelled); goes on the audit trail."""
    return ask_text(
        parent,
        _("Tampilkan data lengkap"),
        _("Alasan menampilkan NIK, KPJ dan upah lengkap (dicatat di jejak audit):"),
    )


class _ListPage(QWidget):
    """A filter bar, a count, and a paged table whose rows open a record with Enter."""

    office_combo: OfficeCombo  # each list's own, made before its filter bar

    def __init__(
        self,
        title: str,
        columns: list[Column],
        layout_key: str,
        parent: QWidget | None = None,
        sort_column: int = 0,
    ) -> None:
        """*layout_key*: where the table's column layout is remembered (ui/common/layout_memory)."""
        super().__init__(parent)
        self.layout_key = layout_key
        self.model = PagedModel(columns, self)
        self.table = list_table(self.model, "list_table")
        self.model.follow(self.table)
        # Enabling sorting sorts at once by the header's indicator, which defaults to descending.
        self.table.horizontalHeader().setSortIndicator(sort_column, Qt.SortOrder.AscendingOrder)
        self.table.setSortingEnabled(True)
        self.table.activated.connect(self._on_table_activated)
        self.count_label = named_label("count_label")
        report_list_loads(
            self.model,
            self.table,
            self.count_label,
            lambda loaded: ngettext("{n} baris", "{n} baris", loaded.count).format(
                n=group_thousands(loaded.count)
            ),
        )
        self.filters = QHBoxLayout()
        self.apply_button = push_button("apply_button", _("&Terapkan"), self.apply_filters)
        layout = QVBoxLayout(self)
        layout.addWidget(page_title(title))
        layout.addLayout(self.filters)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.count_label)

    def finish_filters(
        self,
        fields: Iterable[tuple[str, QWidget]],
        refilter_on: Iterable[QComboBox],
        kind: DataKind,
        widths: Iterable[int],
    ) -> None:
        """The filter bar: *fields* after their captions, then the apply button. A choice in any
        of *refilter_on* applies the filters at once, as does a save of *kind* anywhere; the
        table's columns start at *widths*, then as the user left them."""
        add_labelled(self.filters, fields)
        self.filters.addStretch(1)
        self.filters.addWidget(self.apply_button)
        # (the office chosen: another office's save does not change this list)
        reload_on(self, (kind,), self.apply_filters, concerns=self.office_combo.concerns)
        for combo in refilter_on:
            combo.currentIndexChanged.connect(self._on_filter_changed)
        for column, width in enumerate(widths):
            self.table.setColumnWidth(column, width)
        remember_header(self.table, f"{self.layout_key}/list_table")

    def _on_filter_changed(self, _index: int) -> None:
        self.apply_filters()

    def query(self) -> Any:
        raise NotImplementedError

    def apply_filters(self) -> None:
        """Count and show the list for the filters as they are now set (in the background: the
        rows shown so far stay until the new ones are there; a newer choice wins)."""
        show_query(self.model, self.count_label, self.query)

    def _on_table_activated(self, index: QModelIndex) -> None:
        row = self.model.row_object(index.row())
        if row is not None:
            self.open_row(row)

    def open_row(self, row: Any) -> None:
        raise NotImplementedError


class WorkersPage(_ListPage):
    """Every membership, filtered by office, segment, status and employer.

    Signals:
        worker_activated(str): the KPJ of the row the user opened.
    """

    worker_activated = Signal(str)

    def __init__(self, session: SignedIn, parent: QWidget | None = None) -> None:
        columns = [
            Column(_("KPJ"), lambda r: self.shown(r, "kpj"), "kpj"),
            Column(_("NIK"), lambda r: self.shown(r, "nik"), "nik"),
            Column(_("Nama"), lambda r: r.name, "name"),
            Column(_("Segmen"), lambda r: r.segment.value, "segment"),
            Column(
                _("Pemberi kerja"),
                lambda r: r.employer_name or "–",
                None,
                tooltip=lambda r: r.employer_npp,
            ),
            Column(_("Kantor"), lambda r: r.office_code),
            Column(_("Mulai"), lambda r: format_date(r.start_date), "start"),
            Column(_("Berakhir"), lambda r: format_date(r.end_date) if r.end_date else "–"),
            Column(_("Upah"), lambda r: self.shown(r, "wage"), None, align_right=True),
        ]
        super().__init__(_("Peserta"), columns, "workers_page", parent)
        self.setObjectName("workers_page")
        self.session = session
        # Full values the user asked for, by membership id: for this list only (a new filter or
        # sort forgets them), each request on the audit trail (services/personal.py).
        self.revealed: dict[int, dict[str, str]] = {}
        self.reveal_button = push_button("reveal_button", _("Ta&mpilkan"))
        self.reveal_button.setToolTip(
            _("Tampilkan NIK, KPJ dan upah lengkap baris terpilih (dicatat di jejak audit)")
            if allowed(session.actor, "personal.view")
            else refusal(session.actor, "personal.view")
        )
        self.reveal_button.setEnabled(allowed(session.actor, "personal.view"))
        self.reveal_button.clicked.connect(self._on_reveal_clicked)
        self.office_combo = office_combo(session)
        self.segment_combo = combo_box(
            [(_("Semua segmen"), None), *((segment.label, segment.value) for segment in Segment)],
            "segment_combo",
        )
        self.status_combo = combo_box(
            ((_("Aktif"), "aktif"), (_("Berakhir"), "berakhir"), (_("Semua"), None)), "status_combo"
        )
        self.npp_edit = QLineEdit()
        self.npp_edit.setObjectName("npp_edit")
        self.npp_edit.setPlaceholderText(_("NPP"))
        self.npp_edit.setMaximumWidth(110)
        self.npp_edit.returnPressed.connect(self.apply_filters)
        self.finish_filters(
            (
                (_("&Kantor"), self.office_combo),
                (_("&Segmen"), self.segment_combo),
                (_("S&tatus"), self.status_combo),
                (_("&Pemberi kerja"), self.npp_edit),
            ),
            (self.office_combo, self.segment_combo, self.status_combo),
            DataKind.WORKER,
            (100, 140, 220, 70, 240, 60, 90, 90),
        )
        self.filters.addWidget(self.reveal_button)

    def shown(self, row: WorkerListRow, field: str) -> str:
        """A cell of a personal field: masked, unless the user had this row's values shown."""
        full = self.revealed.get(row.membership_id)
        if full is not None:
            return full[field]
        if field == "nik":
            return mask_nik(row.nik)
        if field == "kpj":
            return mask_kpj(row.kpj)
        return mask_wage(row.wage)

    def apply_filters(self) -> None:
        self.revealed.clear()
        super().apply_filters()

    def _on_reveal_clicked(self) -> None:
        self.reveal_selected()

    def reveal_selected(self, reason: str | None = None) -> bool:
        """Show the full NIK, KPJ and wage of the selected row, after asking why.

        The reason is asked in a short dialog (:func:`ask_reason`) unless given; the request is
        recorded by ``personal.reveal`` (never the values). False if nothing was shown.
        """
        indexes = self.table.selectionModel().selectedRows()
        row = self.model.row_object(indexes[0].row()) if indexes else None
        if row is None:
            return False
        if reason is None:
            reason = ask_reason(self)
            if reason is None:
                return False
        try:
            values = personal.reveal(
                self.session.db, self.session.actor, "membership", row.membership_id, reason
            )
        except KnownError as exc:
            show_error(self, exc)
            return False
        self.revealed[row.membership_id] = values
        self.table.viewport().update()
        return True

    def query(self) -> WorkerQuery:
        segment = self.segment_combo.currentData()
        return WorkerQuery(
            self.session.db,
            WorkerFilter(
                office_code=self.office_combo.currentData(),
                segment=Segment(segment) if segment else None,
                status=self.status_combo.currentData(),
                employer_npp=self.npp_edit.text().strip() or None,
            ),
            today_wib(),
            actor=self.session.actor,
        )

    def show_employer(self, npp: str) -> None:
        """The workers of one employer (from anywhere: the office filter is cleared)."""
        self.office_combo.blockSignals(True)
        self.office_combo.setCurrentIndex(0)
        self.office_combo.blockSignals(False)
        self.npp_edit.setText(npp)
        self.apply_filters()

    def open_row(self, row: WorkerListRow) -> None:
        self.worker_activated.emit(row.kpj)


class EmployersPage(_ListPage):
    """Every employer, filtered by office, status, size, JKK risk group and arrears.

    Signals:
        employer_activated(str): the NPP of the row the user opened.
    """

    employer_activated = Signal(str)

    def __init__(self, session: SignedIn, parent: QWidget | None = None) -> None:
        columns = [
            Column(_("NPP"), lambda r: r.npp, "npp"),
            Column(_("Nama"), lambda r: r.name, "name"),
            Column(_("Kantor"), lambda r: r.office_code),
            Column(_("Kelas"), lambda r: r.size_class.label, "size"),
            Column(_("Risiko JKK"), lambda r: RiskGroup(r.risk_group).label, "risk"),
            Column(_("Program"), lambda r: r.programmes),
            Column(_("Terdaftar"), lambda r: format_date(r.registered_on), "registered"),
            Column(_("Status"), _employer_status),
        ]
        super().__init__(_("Pemberi kerja"), columns, "employers_page", parent, sort_column=1)
        self.setObjectName("employers_page")
        self.session = session
        self.office_combo = office_combo(session)
        self.status_combo = combo_box(
            ((_("Aktif"), "aktif"), (_("Nonaktif"), "nonaktif"), (_("Semua"), None)), "status_combo"
        )
        self.size_combo = combo_box(
            [(_("Semua kelas"), None), *((size.label, size.value) for size in SizeClass)],
            "size_combo",
        )
        self.risk_combo = combo_box(
            [
                (_("Semua risiko"), None),
                *((f"{int(group)} · {group.label}", int(group)) for group in RiskGroup),
            ],
            "risk_combo",
        )
        self.arrears_combo = QComboBox()
        self.arrears_combo.setObjectName("arrears_combo")
        arrears_choices: tuple[tuple[str, bool | None], ...] = (
            (_("Semua"), None),
            (_("Menunggak"), True),
            (_("Tidak menunggak"), False),
        )
        for label, flag in arrears_choices:
            self.arrears_combo.addItem(label, flag)
        fields = (
            (_("&Kantor"), self.office_combo),
            (_("S&tatus"), self.status_combo),
            (_("K&elas"), self.size_combo),
            (_("&Risiko"), self.risk_combo),
            (_("T&unggakan"), self.arrears_combo),
        )
        combos = [combo for _text, combo in fields]
        self.finish_filters(fields, combos, DataKind.EMPLOYER, (90, 300, 60, 90, 110, 140, 90))

    def query(self) -> EmployerQuery:
        size = self.size_combo.currentData()
        return EmployerQuery(
            self.session.db,
            EmployerFilter(
                office_code=self.office_combo.currentData(),
                status=self.status_combo.currentData(),
                size=SizeClass(size) if size else None,
                risk_group=self.risk_combo.currentData(),
                in_arrears=self.arrears_combo.currentData(),
            ),
            today_wib(),
            actor=self.session.actor,
        )

    def open_row(self, row: EmployerListRow) -> None:
        self.employer_activated.emit(row.npp)


def _employer_status(row: EmployerListRow) -> str:
    status = (
        _("Aktif")
        if row.na_date is None
        else _("Nonaktif sejak {day}").format(day=format_date(row.na_date))
    )
    if row.open_case:
        status += " · " + _("kasus piutang terbuka")
    return status
