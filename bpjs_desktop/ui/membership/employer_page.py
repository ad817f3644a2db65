"""One employer at a glance: a header with its key figures, and a tab per part of its record.

Tabs: Pekerja (the paged worker list, sorted in SQL), Iuran (monthly bills and payments), Piutang
(arrears cases and their follow-ups), Klaim (claims of its workers) and Linimasa (the timeline).
Everything is read off the GUI thread in two steps: the header with the first page of workers,
then the other tabs (services/employer_view.py), so a big employer never freezes the window.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QItemSelection,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from bpjs_desktop.domain.masking import mask_nik, mask_wage
from bpjs_desktop.domain.money import format_rupiah, group_thousands
from bpjs_desktop.domain.periods import Period, format_date
from bpjs_desktop.i18n import _, ngettext, pgettext
from bpjs_desktop.services import employer_view
from bpjs_desktop.services.claims import ClaimRow
from bpjs_desktop.services.directory import WorkerFilter, WorkerListRow, WorkerQuery
from bpjs_desktop.services.employer_view import (
    ArrearsCaseRow,
    BillState,
    EmployerBillRow,
    EmployerPaymentRow,
    EmployerSummary,
    EmployerView,
    FollowUpRow,
    TimelineRow,
)
from bpjs_desktop.services.workstation import SignedIn
from bpjs_desktop.ui.common.events import DataKind, reload_on
from bpjs_desktop.ui.common.layout_memory import (
    layout_remembered,
    remember_header,
    remember_splitter,
)
from bpjs_desktop.ui.common.loader import Loader
from bpjs_desktop.ui.common.session_page import SessionPage
from bpjs_desktop.ui.common.tables import Column, Format, PagedModel, RowsModel
from bpjs_desktop.ui.common.tasks import TaskContext
from bpjs_desktop.ui.common.widgets import (
    KpiTile,
    combo_box,
    error_text,
    list_table,
    named_label,
    page_title,
)

AnyIndex = QModelIndex | QPersistentModelIndex

LATE_COLOUR = QColor("#b00020")  # overdue months, as the forms show errors
WARN_COLOUR = QColor("#8a5300")  # months settled late
DASH = "–"


def _date(day: date | None) -> str:
    return format_date(day) if day is not None else DASH


def _rupiah(amount: int | None) -> str:
    return format_rupiah(amount) if amount is not None else DASH


def _blth(period: str) -> str:
    return Period.parse(period).blth


# --- bounded lists -----------------------------------------------------------------------------------


def _late_or_warn(row: EmployerBillRow) -> QColor | None:
    """Arrears red, a late (since paid) month amber: on the status, lateness and fine."""
    if row.state is BillState.MENUNGGAK:
        return LATE_COLOUR
    return WARN_COLOUR if row.state is BillState.TERLAMBAT else None


def _late_only(row: EmployerBillRow) -> QColor | None:
    return LATE_COLOUR if row.state is BillState.MENUNGGAK else None


def _money(header: str, value: Callable[[Any], int | None], **options: Any) -> Column:
    return Column(header, value, fmt=Format.MONEY, empty=DASH, **options)


def _day(header: str, value: Callable[[Any], date | None], **options: Any) -> Column:
    return Column(header, value, fmt=Format.DATE, empty=DASH, **options)


class BillsTableModel(RowsModel[EmployerBillRow]):
    """One row per month billed: status, amounts, lateness and fine first (what an officer looks
    for), the split per programme last (it may scroll out of a narrow window)."""

    COL_PERIOD = 0
    COL_STATE = 1
    COL_WORKERS = 2
    COL_AMOUNT = 3
    COL_PAID = 4
    COL_OUTSTANDING = 5
    COL_DUE = 6
    COL_SETTLED = 7
    COL_DAYS_LATE = 8
    COL_FINE = 9
    COL_JKK = 10
    COL_JKM = 11
    COL_JHT = 12
    COL_JP = 13

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(
            [
                Column(_("Periode"), lambda r: r.period, display=lambda r: r.blth),
                Column(_("Status"), lambda r: r.state.label, foreground=_late_or_warn),
                Column(_("TK"), lambda r: r.worker_count, fmt=Format.COUNT),
                _money(_("Tagihan"), lambda r: r.amount),
                _money(_("Dibayar"), lambda r: r.paid),
                _money(_("Sisa"), lambda r: r.outstanding, foreground=_late_only),
                _day(_("Jatuh tempo"), lambda r: r.due_date),
                _day(_("Lunas pada"), lambda r: r.settled_on),
                Column(
                    _("Terlambat"),
                    lambda r: r.days_late,
                    display=lambda r: (
                        ngettext("{n} hari", "{n} hari", r.days_late).format(n=r.days_late)
                        if r.days_late
                        else DASH
                    ),
                    align_right=True,
                    foreground=_late_or_warn,
                ),
                _money(
                    _("Denda"),
                    lambda r: r.fine or None,
                    sort_value=lambda r: r.fine,
                    foreground=_late_or_warn,
                    tooltip=lambda r: (
                        _("Denda 2% per bulan keterlambatan atas sisa iuran") if r.fine else None
                    ),
                ),
                _money(_("JKK"), lambda r: r.jkk),
                _money(_("JKM"), lambda r: r.jkm),
                _money(_("JHT"), lambda r: r.jht),
                _money(_("JP"), lambda r: r.jp),
            ],
            parent,
        )


class PaymentsTableModel(RowsModel[EmployerPaymentRow]):
    """One row per payment: when, how much, the months it paid, and any overpayment left."""

    COL_DATE = 0
    COL_AMOUNT = 1
    COL_REFERENCE = 2
    COL_MONTHS = 3
    COL_UNALLOCATED = 4
    COL_RECORDED_BY = 5

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(
            [
                _day(_("Tanggal bayar"), lambda r: r.paid_on),
                _money(pgettext("uang", "Jumlah"), lambda r: r.amount),
                Column(_("Referensi"), lambda r: r.reference or None, empty=DASH),
                Column(
                    _("Untuk iuran"),
                    lambda r: r.allocations[0].period if r.allocations else None,
                    display=PaymentsTableModel.months_text,
                    tooltip=lambda r: (
                        "\n".join(PaymentsTableModel.months_text(r).split("; "))
                        if r.allocations
                        else None
                    ),
                ),
                _money(
                    _("Lebih bayar"),
                    lambda r: r.unallocated or None,
                    sort_value=lambda r: r.unallocated,
                ),
                Column(_("Dicatat oleh"), lambda r: r.recorded_by or None, empty=DASH),
            ],
            parent,
        )

    @staticmethod
    def months_text(row: EmployerPaymentRow) -> str:
        parts = []
        for allocation in row.allocations:
            text = f"{_blth(allocation.period)} {format_rupiah(allocation.amount)}"
            if allocation.settles:
                text += " " + _("(lunas)")
            parts.append(text)
        return "; ".join(parts) if parts else _("belum dialokasikan")


class CasesTableModel(RowsModel[ArrearsCaseRow]):
    """The employer's arrears cases: year, months, principal, fine, collected, stage, status."""

    COL_YEAR = 0
    COL_OPENED = 1
    COL_MONTHS = 2
    COL_PRINCIPAL = 3
    COL_FINE = 4
    COL_COLLECTED = 5
    COL_STAGE = 6
    COL_STATUS = 7
    COL_NEXT = 8
    COL_OFFICER = 9

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(
            [
                Column(_("Target"), lambda r: r.target_year),
                _day(_("Dibuka"), lambda r: r.opened_on),
                Column(_("Iuran"), lambda r: r.first_period, display=lambda r: r.periods_text),
                _money(_("Pokok"), lambda r: r.principal),
                _money(
                    _("Denda"),
                    lambda r: r.fine,
                    tooltip=lambda r: _("Denda saat kasus dibuka ({day})").format(
                        day=format_date(r.opened_on)
                    ),
                ),
                _money(_("Tertagih"), lambda r: r.collected),
                Column(_("Tahap"), lambda r: r.stage_label or None, empty=DASH),
                Column(_("Status"), lambda r: r.status_label),
                _day(_("Tindakan berikutnya"), lambda r: r.next_action_on),
                Column(_("Petugas"), lambda r: r.officer_name or None, empty=DASH),
            ],
            parent,
        )


class FollowUpsTableModel(RowsModel[FollowUpRow]):
    """The follow-ups of one case, in the order they were done."""

    COL_DATE = 0
    COL_KIND = 1
    COL_NUMBER = 2
    COL_PROMISE = 3
    COL_NEXT = 4
    COL_OFFICER = 5
    COL_OUTCOME = 6

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(
            [
                _day(_("Tanggal"), lambda r: r.done_on, sort_value=lambda r: (r.done_on, r.id)),
                Column(_("Tindakan"), lambda r: r.kind_label),
                Column(_("Nomor surat"), lambda r: r.number or None, empty=DASH),
                Column(
                    _("Janji bayar"),
                    lambda r: r.promised_amount,
                    display=_promise_text,
                ),
                _day(_("Tindak lanjut berikutnya"), lambda r: r.next_due_on),
                Column(_("Petugas"), lambda r: r.officer_name or None, empty=DASH),
                Column(
                    _("Hasil"),
                    lambda r: r.outcome or None,
                    empty=DASH,
                    tooltip=lambda r: r.outcome or None,
                ),
            ],
            parent,
        )


def _promise_text(row: FollowUpRow) -> str:
    if row.promised_amount is None:
        return DASH
    return _("{amount} pada {day}").format(
        amount=format_rupiah(row.promised_amount), day=_date(row.promised_on)
    )


class EmployerClaimsModel(RowsModel[ClaimRow]):
    """Claims of the employer's workers."""

    COL_NUMBER = 0
    COL_KPJ = 1
    COL_NAME = 2
    COL_TYPE = 3
    COL_STATE = 4
    COL_AMOUNT = 5
    COL_EVENT = 6
    COL_SUBMITTED = 7
    COL_DECIDED = 8
    COL_PAID = 9

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(
            [
                Column(_("Nomor klaim"), lambda r: r.claim_no),
                Column(_("KPJ"), lambda r: r.kpj),
                Column(_("Nama"), lambda r: r.member_name),
                Column(
                    _("Jenis"), lambda r: r.claim_type.label, tooltip=lambda r: r.reason or None
                ),
                Column(
                    _("Status"),
                    lambda r: r.state.label,
                    tooltip=lambda r: r.rejection_reason or None,
                ),
                _money(pgettext("uang", "Jumlah"), lambda r: r.amount),
                _day(_("Kejadian"), lambda r: r.event_date),
                _day(_("Diajukan"), lambda r: r.submitted_on),
                _day(_("Ditetapkan"), lambda r: r.decided_on),
                _day(_("Dibayar"), lambda r: r.paid_on),
            ],
            parent,
        )


class EmployerTimelineModel(RowsModel[TimelineRow]):
    """The employer's dated history, newest first."""

    COL_DATE = 0
    COL_KIND = 1
    COL_TEXT = 2
    COL_AMOUNT = 3

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(
            [
                _day(_("Tanggal"), lambda r: r.on),
                Column(_("Jenis"), lambda r: r.kind.label),
                Column(_("Keterangan"), lambda r: r.text, tooltip=lambda r: r.text),
                _money(pgettext("uang", "Jumlah"), lambda r: r.amount),
            ],
            parent,
        )


@dataclass(frozen=True)
class WorkersRead:
    """The Pekerja tab's list as read in the background: the query, its count and first page."""

    query: WorkerQuery
    count: int
    first_page: list[WorkerListRow]
    sort_key: str
    descending: bool = False


# --- the page ------------------------------------------------------------------------------------------


def _table(
    name: str,
    model: QAbstractTableModel,
    *,
    stretch: int | None = None,
    sort: tuple[int, Qt.SortOrder] | None = None,
) -> QTableView:
    """A :func:`list_table` that Tab leaves, its cells on one line. *stretch*: the column that
    takes the spare width (else the last); *sort*: the column and order the rows arrive in (None:
    not sortable)."""
    table = list_table(model, name)
    table.setTabKeyNavigation(False)  # Tab leaves the table; arrows move inside it
    table.setWordWrap(False)
    header = table.horizontalHeader()
    header.setHighlightSections(False)
    if stretch is not None:
        header.setStretchLastSection(False)
        header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    if sort is not None:
        # Enabling sorting sorts at once by the header's indicator (by default the first column,
        # descending): point it at the order the service already gives.
        header.setSortIndicator(*sort)
        table.setSortingEnabled(True)
    remember_header(table, f"employer/{name}")
    return table


def fit_columns(table: QTableView, most: int = 420, sample: int = 300) -> None:
    """Size each column to its header and its widest cell among the first *sample* rows.

    Not ``resizeColumnsToContents``: that reserves room for a sort arrow in every header, and the
    fourteen columns of the bills no longer fit a 1280-pixel window. Stretched columns keep
    their mode; no column grows beyond *most* pixels (its tooltip shows the whole text).
    """
    if layout_remembered(table):
        return
    model, header = table.model(), table.horizontalHeader()
    cells, titles = table.fontMetrics(), header.fontMetrics()
    rows = min(model.rowCount(), sample)
    last = model.columnCount() - 1
    for column in range(model.columnCount()):
        stretched = header.sectionResizeMode(column) != QHeaderView.ResizeMode.Interactive
        if stretched or (column == last and header.stretchLastSection()):
            continue
        title = str(model.headerData(column, Qt.Orientation.Horizontal) or "")
        arrow = 14 if table.isSortingEnabled() and column == header.sortIndicatorSection() else 0
        widest = titles.horizontalAdvance(title) + arrow
        for row in range(rows):
            text = model.data(model.index(row, column))
            if text:
                widest = max(widest, cells.horizontalAdvance(str(text)))
        table.setColumnWidth(column, min(widest + 10, most))


def _caption(text: str) -> QLabel:
    label = QLabel(text)
    label.setStyleSheet("font-weight: 600;")
    return label


class EmployerPage(SessionPage):
    """An employer's page: identity and key figures, and tabs for workers, contributions,
    arrears, claims and the timeline. Reading starts at once, in the background.

    Signals:
        summary_loaded(object): the :class:`EmployerSummary` in the header, with the first page
            of workers in the Pekerja tab.
        loaded(object): the :class:`EmployerView` now shown in every tab.
        load_failed(object): the exception that stopped the reading (shown on the page).
        worker_activated(str): the KPJ of the worker row the user opened (Enter or double-click),
            or of the worker a timeline row is about (claims).
        claim_activated(str): the number of the claim row the user opened.
    """

    summary_loaded = Signal(object)
    loaded = Signal(object)
    load_failed = Signal(object)
    worker_activated = Signal(str)
    claim_activated = Signal(str)

    TAB_WORKERS = 0
    TAB_BILLS = 1
    TAB_ARREARS = 2
    TAB_CLAIMS = 3
    TAB_TIMELINE = 4

    WORKER_SORT = "kpj"

    def __init__(
        self,
        session: SignedIn,
        npp: str,
        parent: QWidget | None = None,
        *,
        on: date | None = None,
    ) -> None:
        super().__init__(session, "employer_page", parent)
        self.npp = npp
        self.on = on  # None: today, or the demo's own date (employer_view.reference_date)
        self.summary: EmployerSummary | None = None
        self.view: EmployerView | None = None
        self.loader = Loader(self)  # the header, then the other tabs
        self.workers_loader = Loader(self)  # the Pekerja tab again, with another status filter
        # What this page shows, saved anywhere: read again (when next shown, if hidden).
        # The employer, its workers and its cases are of its office; its workers' claims are
        # logged at whichever branch the member went to.
        kinds = (DataKind.EMPLOYER, DataKind.WORKER, DataKind.ARREARS)
        self.changes = reload_on(
            self, kinds, self.refresh, concerns=self._concerns, any_office=(DataKind.CLAIM,)
        )

        self._build_header()
        self._build_tabs()
        self.status_label = named_label("status_label", wrap=True, style="color: palette(dark);")

        layout = QVBoxLayout(self)
        layout.addWidget(self.title_label)
        layout.addWidget(self.identity_label)
        layout.addWidget(self.contact_label)
        layout.addLayout(self.tiles)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.status_label)

        steps = (("Ctrl+Tab", 1), ("Ctrl+Shift+Tab", -1), ("Ctrl+PgDown", 1), ("Ctrl+PgUp", -1))
        for keys, step in steps:
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(lambda s=step: self._step_tab(s))
        self.refresh()

    # --- building ------------------------------------------------------------------------------
    def _build_header(self) -> None:
        self.title_label = page_title(_("Memuat pemberi kerja {npp}…").format(npp=self.npp))
        self.identity_label = named_label("identity_label")
        self.contact_label = named_label("contact_label", style="color: palette(dark);")
        for label in (self.title_label, self.identity_label, self.contact_label):
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            label.setWordWrap(True)

        self.workers_tile = KpiTile(_("Tenaga kerja aktif"), "workers_tile")
        self.bill_tile = KpiTile(_("Iuran bulan terakhir"), "bill_tile")
        self.arrears_tile = KpiTile(_("Tunggakan iuran"), "arrears_tile")
        self.case_tile = KpiTile(_("Penagihan piutang"), "case_tile")
        # The stage can be long ("Panggilan bersama Disnaker"): wrap it rather than widen the page.
        self.case_tile.value.setWordWrap(True)
        font = self.case_tile.value.font()
        font.setPointSizeF(font.pointSizeF() * 0.75)
        self.case_tile.value.setFont(font)
        self.tiles = QGridLayout()
        for column, tile in enumerate(
            (self.workers_tile, self.bill_tile, self.arrears_tile, self.case_tile)
        ):
            self.tiles.addWidget(tile, 0, column)
            self.tiles.setColumnStretch(column, 1)

    def _build_tabs(self) -> None:
        """The five tabs, in the order they appear; Ctrl+Tab steps through them."""
        self.tabs = QTabWidget()
        self.tabs.setObjectName("tabs")
        workers = self._build_workers_tab()
        bills = self._build_bills_tab()
        cases = self._build_cases_tab()
        self._build_claims_and_timeline_tables()
        self.tab_tables = (
            self.workers_table,
            self.bills_table,
            self.cases_table,
            self.claims_table,
            self.timeline_table,
        )
        for tab, title in (
            (workers, _("&Pekerja")),
            (bills, _("&Iuran")),
            (cases, _("Pi&utang")),
            (self._padded(self.claims_table), _("&Klaim")),
            (self._padded(self.timeline_table), _("&Linimasa")),
        ):
            self.tabs.addTab(tab, title)

    def _build_workers_tab(self) -> QWidget:
        """Pekerja: the paged list, sorted in SQL, under a status filter and the count."""
        self.workers_model = PagedModel(
            [
                Column(_("KPJ"), lambda r: r.kpj, "kpj"),
                # Masked as in every list (domain/masking.py); the member's page, opened from
                # here, shows the full NIK to the roles that may see it.
                Column(_("NIK"), lambda r: mask_nik(r.nik), "nik"),
                Column(_("Nama"), lambda r: r.name, "name"),
                Column(_("Segmen"), lambda r: r.segment.value, "segment"),
                Column(_("Mulai"), lambda r: format_date(r.start_date), "start"),
                Column(_("Berakhir"), lambda r: _date(r.end_date)),
                Column(_("Upah"), lambda r: mask_wage(r.wage), align_right=True),
            ],
            self,
        )
        self.workers_table = _table(
            "workers_table", self.workers_model, stretch=2, sort=(0, Qt.SortOrder.AscendingOrder)
        )
        self.workers_model.follow(self.workers_table)
        self.workers_table.activated.connect(self._on_workers_table_activated)
        self.worker_status_combo = combo_box(
            ((_("Semua"), None), (_("Aktif"), "aktif"), (_("Berakhir"), "berakhir")),
            "worker_status_combo",
        )
        self.worker_status_combo.currentIndexChanged.connect(self._on_worker_status_changed)
        status_label = QLabel(_("&Status"))
        status_label.setBuddy(self.worker_status_combo)
        self.workers_count_label = named_label("workers_count_label")
        bar = QHBoxLayout()
        bar.addWidget(status_label)
        bar.addWidget(self.worker_status_combo)
        bar.addStretch(1)
        bar.addWidget(self.workers_count_label)
        workers = QWidget()
        workers_layout = QVBoxLayout(workers)
        workers_layout.addLayout(bar)
        workers_layout.addWidget(self.workers_table, 1)
        for column, width in enumerate((110, 150, 0, 80, 100, 100, 130)):
            if width and not layout_remembered(self.workers_table):
                self.workers_table.setColumnWidth(column, width)
        return workers

    def _build_bills_tab(self) -> QSplitter:
        """Iuran: bills above payments."""
        self.bills_model = BillsTableModel(self)
        self.bills_table = _table(
            "bills_table",
            self.bills_model,
            sort=(BillsTableModel.COL_PERIOD, Qt.SortOrder.DescendingOrder),
        )
        self.payments_model = PaymentsTableModel(self)
        self.payments_table = _table(
            "payments_table",
            self.payments_model,
            stretch=PaymentsTableModel.COL_MONTHS,
            sort=(PaymentsTableModel.COL_DATE, Qt.SortOrder.DescendingOrder),
        )
        self.bills_caption = _caption(_("Tagihan iuran bulanan"))
        self.payments_caption = _caption(_("Pembayaran"))
        return self._split(
            "bills_splitter",
            (self.bills_caption, self.bills_table),
            (self.payments_caption, self.payments_table),
        )

    def _build_cases_tab(self) -> QSplitter:
        """Piutang: cases above the follow-ups of the chosen case."""
        self.cases_model = CasesTableModel(self)
        self.cases_table = _table(
            "cases_table",
            self.cases_model,
            sort=(CasesTableModel.COL_YEAR, Qt.SortOrder.DescendingOrder),
        )
        self.cases_table.selectionModel().selectionChanged.connect(self._on_cases_selection_changed)
        self.follow_ups_model = FollowUpsTableModel(self)
        self.follow_ups_table = _table(
            "follow_ups_table",
            self.follow_ups_model,
            sort=(FollowUpsTableModel.COL_DATE, Qt.SortOrder.AscendingOrder),
        )
        self.cases_caption = _caption(_("Kasus piutang"))
        self.follow_ups_caption = _caption(_("Tindak lanjut"))
        return self._split(
            "cases_splitter",
            (self.cases_caption, self.cases_table),
            (self.follow_ups_caption, self.follow_ups_table),
            stretch=(1, 2),
        )

    def _build_claims_and_timeline_tables(self) -> None:
        """Klaim (the workers' claims) and Linimasa (everything dated), one table each."""
        self.claims_model = EmployerClaimsModel(self)
        self.claims_table = _table(
            "claims_table",
            self.claims_model,
            stretch=EmployerClaimsModel.COL_NAME,
            sort=(EmployerClaimsModel.COL_SUBMITTED, Qt.SortOrder.DescendingOrder),
        )
        self.claims_table.activated.connect(self._on_claims_table_activated)
        self.timeline_model = EmployerTimelineModel(self)
        self.timeline_table = _table(
            "timeline_table", self.timeline_model, stretch=EmployerTimelineModel.COL_TEXT
        )
        self.timeline_table.activated.connect(self._on_timeline_table_activated)

    @staticmethod
    def _padded(table: QTableView) -> QWidget:
        holder = QWidget()
        layout = QVBoxLayout(holder)
        layout.addWidget(table)
        return holder

    @staticmethod
    def _split(
        name: str, *parts: tuple[QLabel, QTableView], stretch: tuple[int, int] = (3, 2)
    ) -> QSplitter:
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.setObjectName(name)
        splitter.setChildrenCollapsible(False)
        for caption, table in parts:
            holder = QWidget()
            layout = QVBoxLayout(holder)
            layout.setContentsMargins(6, 6, 6, 0)
            layout.addWidget(caption)
            layout.addWidget(table, 1)
            splitter.addWidget(holder)
        splitter.setStretchFactor(0, stretch[0])
        splitter.setStretchFactor(1, stretch[1])
        remember_splitter(splitter, f"employer/{name}")
        return splitter

    # --- loading -------------------------------------------------------------------------------
    def _concerns(self, office_code: str) -> bool:
        """Whether a change in *office_code* may be about this employer (until its office is
        read: any change may)."""
        return self.summary is None or self.summary.office_code == office_code

    def show_employer(self, npp: str) -> None:
        """Show another employer on this page (the main window may reuse one page)."""
        self.npp = npp
        self.summary = None
        self.view = None
        self.changes.stale = False  # read now: a change announced earlier is in this reading
        self.refresh()

    def refresh(self) -> None:
        """Read the employer again: the header and first workers, then the other tabs (a newer
        reading, of this employer or another, supersedes one still running)."""
        db, npp, on, actor = self.session.db, self.npp, self.on, self.session.actor
        read_workers = self._workers_reader()
        self.status_label.setText(_("Memuat data pemberi kerja…"))

        def work(_context: TaskContext) -> tuple[EmployerSummary, WorkersRead]:
            day = on or employer_view.reference_date(db)
            return employer_view.employer_summary(db, npp, day, actor=actor), read_workers(day)

        self.workers_loader.cancel()  # the workers come with the header now
        self.loader.request_work(work, on_done=self._on_header_read, on_error=self._on_failed)

    def _workers_reader(self) -> Callable[[date], WorkersRead]:
        """What the Pekerja tab shows now (status filter, sort order), as work for a Task."""
        db, npp, actor = self.session.db, self.npp, self.session.actor
        status = self.worker_status_combo.currentData()
        header = self.workers_table.horizontalHeader()
        column = self.workers_model.columns[header.sortIndicatorSection()]
        sort_key = column.sort_key or self.WORKER_SORT
        descending = header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder

        def read(on: date) -> WorkersRead:
            query = WorkerQuery(
                db, WorkerFilter(employer_npp=npp, status=status), on=on, actor=actor
            )
            first = query.page(0, PagedModel.PAGE, sort_key, descending)
            count = len(first) if len(first) < PagedModel.PAGE else query.count()
            return WorkersRead(query, count, first, sort_key, descending)

        return read

    def _on_header_read(self, result: tuple[EmployerSummary, WorkersRead]) -> None:
        summary, workers = result
        self.show_summary(summary)
        self._show_workers(workers)
        self.summary_loaded.emit(summary)
        # On the same loader: a newer refresh drops this second half too.
        self.loader.request(
            employer_view.overview,
            self.session.db,
            self.npp,
            summary.on,
            actor=self.session.actor,
            on_done=self._on_view_read,
            on_error=self._on_failed,
        )

    def _on_view_read(self, view: EmployerView) -> None:
        self.show_view(view)
        self.loaded.emit(view)

    def _on_failed(self, error: BaseException) -> None:
        self.status_label.setText(error_text(error))
        if self.summary is None:
            self.title_label.setText(
                _("Pemberi kerja {npp} tidak dapat ditampilkan").format(npp=self.npp)
            )
        self.load_failed.emit(error)

    # --- showing -------------------------------------------------------------------------------
    def show_summary(self, s: EmployerSummary) -> None:
        self.summary = s
        self.title_label.setText(s.name)
        status = _("aktif") if s.active else _("nonaktif sejak {day}").format(day=_date(s.na_date))
        programmes = s.programmes.replace(",", ", ")
        self.identity_label.setText(
            " · ".join(
                [
                    f"NPP {s.npp}",
                    f"{s.office_name} ({s.office_code})",
                    _("skala {size}").format(size=s.size_class.label.lower()),
                    _("risiko JKK {risk}").format(risk=s.risk_group.label.lower()),
                    programmes,
                    _("terdaftar {day}").format(day=format_date(s.registered_on)),
                    status,
                ]
            )
        )
        place = ", ".join(p for p in (s.address, s.regency_name or s.regency_code) if p)
        contact = " ".join(p for p in (s.contact_name, s.contact_phone) if p)
        parts = [place]
        if contact:
            parts.append(_("Kontak: {who}").format(who=contact))
        parts.append(_("AR: {name}").format(name=s.ar_name or DASH))
        if s.npwp:
            parts.append(f"NPWP {s.npwp}")
        self.contact_label.setText(" · ".join(p for p in parts if p))

        self.workers_tile.set_figures(
            group_thousands(s.active_workers),
            _("PU {pu}; upah sebulan {payroll}").format(
                pu=group_thousands(s.active_pu), payroll=format_rupiah(s.monthly_payroll)
            ),
        )
        if s.latest_bill_period is None:
            self.bill_tile.set_figures(DASH, _("Belum ada tagihan"))
        else:
            self.bill_tile.set_figures(
                format_rupiah(s.latest_bill_amount),
                _("Periode {blth}, jatuh tempo {day}").format(
                    blth=_blth(s.latest_bill_period), day=_date(s.latest_bill_due)
                ),
            )
        if s.arrears_principal:
            self.arrears_tile.set_figures(
                format_rupiah(s.arrears_principal),
                _("{months} bulan tertunggak, denda {fine}; {bucket} ({age} bulan)").format(
                    months=s.arrears_months,
                    fine=format_rupiah(s.arrears_fine),
                    bucket=s.ageing_bucket,
                    age=s.months_overdue,
                ),
            )
        else:
            detail = _("Tidak ada iuran yang lewat jatuh tempo")
            if s.credit:
                detail += "; " + _("lebih bayar {amount}").format(amount=format_rupiah(s.credit))
            self.arrears_tile.set_figures(format_rupiah(0), detail)
        self.arrears_tile.value.setStyleSheet(
            f"color: {LATE_COLOUR.name()};" if s.arrears_principal else ""
        )
        if s.open_case_status is None:
            self.case_tile.set_figures(_("Tidak ada"), _("Tidak ada kasus piutang terbuka"))
        else:
            self.case_tile.set_figures(
                s.open_case_stage_label or _("Belum ditindaklanjuti"),
                _("Target {year}; {status}; tindakan berikut {day}").format(
                    year=s.open_case_year,
                    status=employer_view.case_status_label(s.open_case_status).lower(),
                    day=_date(s.open_case_next_action),
                ),
            )
        self.status_label.setText(
            _("Angka per {day}; memuat iuran, piutang, klaim dan linimasa…").format(
                day=format_date(s.on)
            )
        )

    def _show_workers(self, read: WorkersRead) -> None:
        self.workers_model.set_source(
            read.query,
            count=read.count,
            first_page=read.first_page,
            sort_key=read.sort_key,
            descending=read.descending,
        )
        self.workers_count_label.setText(
            ngettext("{n} kepesertaan", "{n} kepesertaan", self.workers_model.total).format(
                n=group_thousands(self.workers_model.total)
            )
        )
        self.tabs.setTabText(
            self.TAB_WORKERS,
            _("&Pekerja ({n})").format(n=group_thousands(self.workers_model.total)),
        )
        if self.workers_model.total:
            self.workers_table.selectRow(0)

    def show_view(self, view: EmployerView) -> None:
        self.view = view
        self.show_summary(view.summary)
        self.bills_model.set_rows(view.bills)
        self.payments_model.set_rows(view.payments)
        self.cases_model.set_rows(view.cases)
        self.claims_model.set_rows(view.claims)
        self.timeline_model.set_rows(view.timeline)
        self.bills_caption.setText(_("Tagihan iuran bulanan ({n} bulan)").format(n=len(view.bills)))
        self.payments_caption.setText(_("Pembayaran ({n})").format(n=len(view.payments)))
        self.cases_caption.setText(_("Kasus piutang ({n})").format(n=len(view.cases)))
        self.tabs.setTabText(self.TAB_BILLS, _("&Iuran ({n})").format(n=len(view.bills)))
        self.tabs.setTabText(self.TAB_ARREARS, _("Pi&utang ({n})").format(n=len(view.cases)))
        self.tabs.setTabText(self.TAB_CLAIMS, _("&Klaim ({n})").format(n=len(view.claims)))
        for table in (
            self.bills_table,
            self.payments_table,
            self.cases_table,
            self.claims_table,
            self.timeline_table,
        ):
            fit_columns(table)
        if view.cases:
            self.cases_table.selectRow(0)
        else:
            self.follow_ups_model.set_rows([])
            fit_columns(self.follow_ups_table)
        self.status_label.setText(
            _("Angka per {day}. Linimasa: {n} peristiwa terakhir.").format(
                day=format_date(view.summary.on), n=len(view.timeline)
            )
        )

    # --- user actions --------------------------------------------------------------------------
    def _step_tab(self, step: int) -> None:
        """Ctrl+Tab / Ctrl+Shift+Tab: the next or previous tab, with its table focused."""
        index = (self.tabs.currentIndex() + step) % self.tabs.count()
        self.tabs.setCurrentIndex(index)
        self.tab_tables[index].setFocus(Qt.FocusReason.TabFocusReason)

    def _on_worker_status_changed(self, _index: int) -> None:
        if self.summary is None:  # still opening: read again, with the new choice
            self.refresh()
            return
        self.workers_loader.request(
            self._workers_reader(),
            self.summary.on,
            on_done=self._show_workers,
            on_error=self._on_failed,
        )

    def _on_workers_table_activated(self, index: QModelIndex) -> None:
        row = self.workers_model.row_object(index.row())
        if row is not None:
            self.worker_activated.emit(row.kpj)

    def _on_claims_table_activated(self, index: QModelIndex) -> None:
        row = self.claims_model.row_object(index.row())
        if row is not None:
            self.claim_activated.emit(row.claim_no)

    def _on_timeline_table_activated(self, index: QModelIndex) -> None:
        row = self.timeline_model.row_object(index.row())
        if row is not None and row.kpj:
            self.worker_activated.emit(row.kpj)

    def _on_cases_selection_changed(self, selected: QItemSelection, _old: QItemSelection) -> None:
        indexes = selected.indexes()
        case = self.cases_model.row_object(indexes[0].row()) if indexes else None
        follow_ups = case.follow_ups if case is not None else ()
        self.follow_ups_model.set_rows(follow_ups)
        fit_columns(self.follow_ups_table)
        if case is not None:
            self.follow_ups_caption.setText(
                _("Tindak lanjut kasus target {year} ({n})").format(
                    year=case.target_year, n=len(follow_ups)
                )
            )
