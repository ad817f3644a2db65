"""One employer at a glance: a header with its key figures, and a tab per part of its record.

Tabs: Pekerja (the paged worker list, sorted in SQL), Iuran (monthly bills and payments), Piutang
(arrears cases and their follow-ups), Klaim (claims of its workers) and Linimasa (the timeline).
Everything is read off the GUI thread in two steps: the header with the first page of workers,
then the other tabs (services/employer_view.py), so a big employer never freezes the window.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
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
    QComboBox,
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
from bpjs_desktop.errors import KnownError
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
from bpjs_desktop.ui.common.paging import Column, PagedTableModel
from bpjs_desktop.ui.common.tasks import Task, TaskContext
from bpjs_desktop.ui.common.widgets import KpiTile, page_title
from bpjs_desktop.ui.login import Session

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


class RowsTableModel(QAbstractTableModel):
    """A read-only table over a short list of service rows (tens to thousands), sorted in Python.

    Subclasses set ``COL_*`` constants, the header tuple and :meth:`_display`/:meth:`_sort_key`.
    """

    SortRole = Qt.ItemDataRole.UserRole + 1
    RowRole = Qt.ItemDataRole.UserRole + 2
    RIGHT_ALIGNED: frozenset[int] = frozenset()

    def __init__(self, headers: Sequence[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._headers = tuple(headers)
        self._rows: list[Any] = []
        self._sort_column: int | None = None
        self._sort_order = Qt.SortOrder.AscendingOrder

    def set_rows(self, rows: Sequence[Any]) -> None:
        """Show *rows* (in the service's order until the user sorts by a column)."""
        self.beginResetModel()
        self._rows = list(rows)
        self._apply_sort()
        self.endResetModel()

    def row_object(self, row: int) -> Any:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._headers)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row, column = self._rows[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, column)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            horizontal = (
                Qt.AlignmentFlag.AlignRight
                if column in self.RIGHT_ALIGNED
                else Qt.AlignmentFlag.AlignLeft
            )
            return int(horizontal | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(row, column)
        if role == Qt.ItemDataRole.ForegroundRole:
            return self._foreground(row, column)
        if role == self.SortRole:
            return self._sort_key(row, column)
        if role == self.RowRole:
            return row
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self._headers):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._headers[section]
        if role == Qt.ItemDataRole.TextAlignmentRole:
            horizontal = (
                Qt.AlignmentFlag.AlignRight
                if section in self.RIGHT_ALIGNED
                else Qt.AlignmentFlag.AlignLeft
            )
            return int(horizontal | Qt.AlignmentFlag.AlignVCenter)
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(self._headers):
            return
        self.layoutAboutToBeChanged.emit()
        self._sort_column, self._sort_order = column, order
        self._apply_sort()
        self.layoutChanged.emit()

    def _apply_sort(self) -> None:
        column = self._sort_column
        if column is None:
            return

        def key(row: Any) -> tuple[bool, Any]:
            # Empty values (None) sort first ascending, last descending, never compared to others.
            value = self._sort_key(row, column)
            return (value is not None, value if value is not None else 0)

        self._rows.sort(key=key, reverse=self._sort_order == Qt.SortOrder.DescendingOrder)

    # --- per table ------------------------------------------------------------------------------
    def _display(self, row: Any, column: int) -> str:
        raise NotImplementedError

    def _sort_key(self, row: Any, column: int) -> Any:
        return self._display(row, column)

    def _tooltip(self, row: Any, column: int) -> str | None:
        return None

    def _foreground(self, row: Any, column: int) -> QColor | None:
        return None


class BillsTableModel(RowsTableModel):
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
    RIGHT_ALIGNED = frozenset(
        {COL_WORKERS, COL_AMOUNT, COL_PAID, COL_OUTSTANDING, COL_DAYS_LATE, COL_FINE}
        | {COL_JKK, COL_JKM, COL_JHT, COL_JP}
    )

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(
            (
                _("Periode"), _("Status"), _("TK"), _("Tagihan"), _("Dibayar"), _("Sisa"),
                _("Jatuh tempo"), _("Lunas pada"), _("Terlambat"), _("Denda"), _("JKK"), _("JKM"),
                _("JHT"), _("JP"),
            ),
            parent,
        )  # fmt: skip

    def _display(self, row: EmployerBillRow, column: int) -> str:
        if column == self.COL_PERIOD:
            return row.blth
        if column == self.COL_WORKERS:
            return group_thousands(row.worker_count)
        if column == self.COL_DUE:
            return format_date(row.due_date)
        if column == self.COL_SETTLED:
            return _date(row.settled_on)
        if column == self.COL_DAYS_LATE:
            return (
                ngettext("{n} hari", "{n} hari", row.days_late).format(n=row.days_late)
                if row.days_late
                else DASH
            )
        if column == self.COL_FINE:
            return format_rupiah(row.fine) if row.fine else DASH
        if column == self.COL_STATE:
            return row.state.label
        return format_rupiah(self._amount(row, column))

    def _amount(self, row: EmployerBillRow, column: int) -> int:
        amounts = {
            self.COL_JKK: row.jkk,
            self.COL_JKM: row.jkm,
            self.COL_JHT: row.jht,
            self.COL_JP: row.jp,
            self.COL_AMOUNT: row.amount,
            self.COL_PAID: row.paid,
            self.COL_OUTSTANDING: row.outstanding,
        }
        return amounts[column]

    def _sort_key(self, row: EmployerBillRow, column: int) -> Any:
        keys = {
            self.COL_PERIOD: row.period,
            self.COL_WORKERS: row.worker_count,
            self.COL_DUE: row.due_date,
            self.COL_SETTLED: row.settled_on,
            self.COL_DAYS_LATE: row.days_late,
            self.COL_FINE: row.fine,
            self.COL_STATE: row.state.label,
        }
        return keys[column] if column in keys else self._amount(row, column)

    def _tooltip(self, row: EmployerBillRow, column: int) -> str | None:
        if column == self.COL_FINE and row.fine:
            return _("Denda 2% per bulan keterlambatan atas sisa iuran")
        return None

    def _foreground(self, row: EmployerBillRow, column: int) -> QColor | None:
        if column in (self.COL_STATE, self.COL_OUTSTANDING, self.COL_DAYS_LATE, self.COL_FINE):
            if row.state is BillState.MENUNGGAK:
                return LATE_COLOUR
            if row.state is BillState.TERLAMBAT and column != self.COL_OUTSTANDING:
                return WARN_COLOUR
        return None


class PaymentsTableModel(RowsTableModel):
    """One row per payment: when, how much, the months it paid, and any overpayment left."""

    COL_DATE = 0
    COL_AMOUNT = 1
    COL_REFERENCE = 2
    COL_MONTHS = 3
    COL_UNALLOCATED = 4
    COL_RECORDED_BY = 5
    RIGHT_ALIGNED = frozenset({COL_AMOUNT, COL_UNALLOCATED})

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(
            (
                _("Tanggal bayar"), pgettext("uang", "Jumlah"), _("Referensi"), _("Untuk iuran"),
                _("Lebih bayar"), _("Dicatat oleh"),
            ),
            parent,
        )  # fmt: skip

    @staticmethod
    def months_text(row: EmployerPaymentRow) -> str:
        parts = []
        for allocation in row.allocations:
            text = f"{_blth(allocation.period)} {format_rupiah(allocation.amount)}"
            if allocation.settles:
                text += " " + _("(lunas)")
            parts.append(text)
        return "; ".join(parts) if parts else _("belum dialokasikan")

    def _display(self, row: EmployerPaymentRow, column: int) -> str:
        if column == self.COL_DATE:
            return format_date(row.paid_on)
        if column == self.COL_AMOUNT:
            return format_rupiah(row.amount)
        if column == self.COL_REFERENCE:
            return row.reference or DASH
        if column == self.COL_MONTHS:
            return self.months_text(row)
        if column == self.COL_UNALLOCATED:
            return format_rupiah(row.unallocated) if row.unallocated else DASH
        return row.recorded_by or DASH

    def _sort_key(self, row: EmployerPaymentRow, column: int) -> Any:
        keys = {
            self.COL_DATE: row.paid_on,
            self.COL_AMOUNT: row.amount,
            self.COL_MONTHS: row.allocations[0].period if row.allocations else None,
            self.COL_UNALLOCATED: row.unallocated,
        }
        return keys[column] if column in keys else self._display(row, column)

    def _tooltip(self, row: EmployerPaymentRow, column: int) -> str | None:
        if column == self.COL_MONTHS and row.allocations:
            return "\n".join(self.months_text(row).split("; "))
        return None


class CasesTableModel(RowsTableModel):
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
    RIGHT_ALIGNED = frozenset({COL_PRINCIPAL, COL_FINE, COL_COLLECTED})

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(
            (
                _("Target"), _("Dibuka"), _("Iuran"), _("Pokok"), _("Denda"), _("Tertagih"),
                _("Tahap"), _("Status"), _("Tindakan berikutnya"), _("Petugas"),
            ),
            parent,
        )  # fmt: skip

    def _display(self, row: ArrearsCaseRow, column: int) -> str:
        texts: dict[int, Callable[[], str]] = {
            self.COL_YEAR: lambda: str(row.target_year),
            self.COL_OPENED: lambda: format_date(row.opened_on),
            self.COL_MONTHS: lambda: row.periods_text,
            self.COL_PRINCIPAL: lambda: format_rupiah(row.principal),
            self.COL_FINE: lambda: format_rupiah(row.fine),
            self.COL_COLLECTED: lambda: format_rupiah(row.collected),
            self.COL_STAGE: lambda: row.stage_label or DASH,
            self.COL_STATUS: lambda: row.status_label,
            self.COL_NEXT: lambda: _date(row.next_action_on),
            self.COL_OFFICER: lambda: row.officer_name or DASH,
        }
        return texts[column]()

    def _sort_key(self, row: ArrearsCaseRow, column: int) -> Any:
        keys = {
            self.COL_YEAR: row.target_year,
            self.COL_OPENED: row.opened_on,
            self.COL_MONTHS: row.first_period,
            self.COL_PRINCIPAL: row.principal,
            self.COL_FINE: row.fine,
            self.COL_COLLECTED: row.collected,
            self.COL_NEXT: row.next_action_on,
        }
        return keys[column] if column in keys else self._display(row, column)

    def _tooltip(self, row: ArrearsCaseRow, column: int) -> str | None:
        if column == self.COL_FINE:
            return _("Denda saat kasus dibuka ({day})").format(day=format_date(row.opened_on))
        return None


class FollowUpsTableModel(RowsTableModel):
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
            (
                _("Tanggal"), _("Tindakan"), _("Nomor surat"), _("Janji bayar"),
                _("Tindak lanjut berikutnya"), _("Petugas"), _("Hasil"),
            ),
            parent,
        )  # fmt: skip

    def _display(self, row: FollowUpRow, column: int) -> str:
        if column == self.COL_DATE:
            return format_date(row.done_on)
        if column == self.COL_KIND:
            return row.kind_label
        if column == self.COL_NUMBER:
            return row.number or DASH
        if column == self.COL_PROMISE:
            if row.promised_amount is None:
                return DASH
            return _("{amount} pada {day}").format(
                amount=format_rupiah(row.promised_amount), day=_date(row.promised_on)
            )
        if column == self.COL_NEXT:
            return _date(row.next_due_on)
        if column == self.COL_OFFICER:
            return row.officer_name or DASH
        return row.outcome or DASH

    def _tooltip(self, row: FollowUpRow, column: int) -> str | None:
        return row.outcome or None if column == self.COL_OUTCOME else None

    def _sort_key(self, row: FollowUpRow, column: int) -> Any:
        keys = {
            self.COL_DATE: (row.done_on, row.id),
            self.COL_PROMISE: row.promised_amount,
            self.COL_NEXT: row.next_due_on,
        }
        return keys[column] if column in keys else self._display(row, column)


class ClaimsTableModel(RowsTableModel):
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
    RIGHT_ALIGNED = frozenset({COL_AMOUNT})

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(
            (
                _("Nomor klaim"), _("KPJ"), _("Nama"), _("Jenis"), _("Status"), pgettext("uang", "Jumlah"),
                _("Kejadian"), _("Diajukan"), _("Ditetapkan"), _("Dibayar"),
            ),
            parent,
        )  # fmt: skip

    def _display(self, row: ClaimRow, column: int) -> str:
        texts: dict[int, Callable[[], str]] = {
            self.COL_NUMBER: lambda: row.claim_no,
            self.COL_KPJ: lambda: row.kpj,
            self.COL_NAME: lambda: row.member_name,
            self.COL_TYPE: lambda: row.claim_type.label,
            self.COL_STATE: lambda: row.state.label,
            self.COL_AMOUNT: lambda: _rupiah(row.amount),
            self.COL_EVENT: lambda: format_date(row.event_date),
            self.COL_SUBMITTED: lambda: format_date(row.submitted_on),
            self.COL_DECIDED: lambda: _date(row.decided_on),
            self.COL_PAID: lambda: _date(row.paid_on),
        }
        return texts[column]()

    def _sort_key(self, row: ClaimRow, column: int) -> Any:
        keys = {
            self.COL_AMOUNT: row.amount,
            self.COL_EVENT: row.event_date,
            self.COL_SUBMITTED: row.submitted_on,
            self.COL_DECIDED: row.decided_on,
            self.COL_PAID: row.paid_on,
        }
        return keys[column] if column in keys else self._display(row, column)

    def _tooltip(self, row: ClaimRow, column: int) -> str | None:
        if column == self.COL_STATE and row.rejection_reason:
            return row.rejection_reason
        if column == self.COL_TYPE and row.reason:
            return row.reason
        return None


class TimelineTableModel(RowsTableModel):
    """The employer's dated history, newest first."""

    COL_DATE = 0
    COL_KIND = 1
    COL_TEXT = 2
    COL_AMOUNT = 3
    RIGHT_ALIGNED = frozenset({COL_AMOUNT})

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(
            (_("Tanggal"), _("Jenis"), _("Keterangan"), pgettext("uang", "Jumlah")), parent
        )

    def _display(self, row: TimelineRow, column: int) -> str:
        if column == self.COL_DATE:
            return format_date(row.on)
        if column == self.COL_KIND:
            return row.kind.label
        if column == self.COL_TEXT:
            return row.text
        return _rupiah(row.amount)

    def _sort_key(self, row: TimelineRow, column: int) -> Any:
        if column == self.COL_DATE:
            return row.on
        if column == self.COL_AMOUNT:
            return row.amount
        return self._display(row, column)

    def _tooltip(self, row: TimelineRow, column: int) -> str | None:
        return row.text if column == self.COL_TEXT else None


# --- the worker list source ---------------------------------------------------------------------------


class PrefetchedWorkers:
    """A PageSource over a WorkerQuery whose count and first page were read in the background.

    ``PagedTableModel.set_source`` counts on the GUI thread and the view then asks for the first
    page there too; handing it these already-read answers keeps the database off the GUI thread
    when the page opens. Later pages (scrolling, another sort order) are read as usual.
    """

    def __init__(
        self,
        query: WorkerQuery,
        count: int,
        first_page: list[WorkerListRow],
        sort_key: str,
        descending: bool = False,
    ) -> None:
        self.query = query
        self._count = count
        self._first: list[WorkerListRow] | None = first_page
        self._order = (sort_key, descending)

    def count(self) -> int:
        return self._count

    def page(
        self, offset: int, limit: int, sort_key: str | None, descending: bool
    ) -> Sequence[WorkerListRow]:
        first, self._first = self._first, None
        if first is not None and offset == 0 and (sort_key, descending) == self._order:
            return first[:limit]
        return self.query.page(offset, limit, sort_key, descending)


# --- the page ------------------------------------------------------------------------------------------


def _table(
    name: str,
    model: QAbstractTableModel,
    *,
    stretch: int | None = None,
    sort: tuple[int, Qt.SortOrder] | None = None,
) -> QTableView:
    """A read-only, row-selecting table. *stretch*: the column that takes the spare width (else
    the last); *sort*: the column and order the rows arrive in (None: not sortable)."""
    table = QTableView()
    table.setObjectName(name)
    table.setModel(model)
    table.setAlternatingRowColors(True)
    table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
    table.setTabKeyNavigation(False)  # Tab leaves the table; arrows move inside it
    table.setWordWrap(False)
    table.verticalHeader().setVisible(False)
    table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    table.verticalHeader().setDefaultSectionSize(24)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    header.setHighlightSections(False)
    if stretch is None:
        header.setStretchLastSection(True)
    else:
        header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    if sort is not None:
        # Enabling sorting sorts at once by the header's indicator (by default the first column,
        # descending): point it at the order the service already gives.
        header.setSortIndicator(*sort)
        table.setSortingEnabled(True)
    return table


def fit_columns(table: QTableView, most: int = 420, sample: int = 300) -> None:
    """Size each column to its header and its widest cell among the first *sample* rows.

    Not ``resizeColumnsToContents``: that reserves room for a sort arrow in every header, and the
    fourteen columns of the bills no longer fit a 1280-pixel window. Stretched columns keep
    their mode; no column grows beyond *most* pixels (its tooltip shows the whole text).
    """
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


class EmployerPage(QWidget):
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
        session: Session,
        npp: str,
        parent: QWidget | None = None,
        *,
        on: date | None = None,
    ) -> None:
        super().__init__(parent)
        self.session = session
        self.npp = npp
        self.on = on  # None: today, or the demo's own date (employer_view.reference_date)
        self.summary: EmployerSummary | None = None
        self.view: EmployerView | None = None
        self._generation = 0
        self._worker_generation = 0
        self.setObjectName("employer_page")

        self._build_header()
        self._build_tabs()
        self.status_label = QLabel("")
        self.status_label.setObjectName("status_label")
        self.status_label.setStyleSheet("color: palette(dark);")
        self.status_label.setWordWrap(True)

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
        self.identity_label = QLabel("")
        self.identity_label.setObjectName("identity_label")
        self.contact_label = QLabel("")
        self.contact_label.setObjectName("contact_label")
        self.contact_label.setStyleSheet("color: palette(dark);")
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
        self.tabs = QTabWidget()
        self.tabs.setObjectName("tabs")

        # Pekerja: the paged list, sorted in SQL.
        self.workers_model = PagedTableModel(
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
        self.workers_table.activated.connect(self._on_workers_table_activated)
        self.worker_status_combo = QComboBox()
        self.worker_status_combo.setObjectName("worker_status_combo")
        for text, value in ((_("Semua"), None), (_("Aktif"), "aktif"), (_("Berakhir"), "berakhir")):
            self.worker_status_combo.addItem(text, value)
        self.worker_status_combo.currentIndexChanged.connect(self._on_worker_status_changed)
        status_label = QLabel(_("&Status"))
        status_label.setBuddy(self.worker_status_combo)
        self.workers_count_label = QLabel("")
        self.workers_count_label.setObjectName("workers_count_label")
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
            if width:
                self.workers_table.setColumnWidth(column, width)

        # Iuran: bills above payments.
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
        bills = self._split(
            "bills_splitter",
            (self.bills_caption, self.bills_table),
            (self.payments_caption, self.payments_table),
        )

        # Piutang: cases above the follow-ups of the chosen case.
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
        cases = self._split(
            "cases_splitter",
            (self.cases_caption, self.cases_table),
            (self.follow_ups_caption, self.follow_ups_table),
            stretch=(1, 2),
        )

        self.claims_model = ClaimsTableModel(self)
        self.claims_table = _table(
            "claims_table",
            self.claims_model,
            stretch=ClaimsTableModel.COL_NAME,
            sort=(ClaimsTableModel.COL_SUBMITTED, Qt.SortOrder.DescendingOrder),
        )
        self.claims_table.activated.connect(self._on_claims_table_activated)
        self.timeline_model = TimelineTableModel(self)
        self.timeline_table = _table(
            "timeline_table", self.timeline_model, stretch=TimelineTableModel.COL_TEXT
        )
        self.timeline_table.activated.connect(self._on_timeline_table_activated)

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
        return splitter

    # --- loading -------------------------------------------------------------------------------
    def show_employer(self, npp: str) -> None:
        """Show another employer on this page (the main window may reuse one page)."""
        self.npp = npp
        self.summary = None
        self.view = None
        self.refresh()

    def refresh(self) -> None:
        """Read the employer again: the header and first workers, then the other tabs."""
        self._generation += 1
        self._worker_generation += 1
        generation = self._generation
        db, npp, on, actor = self.session.db, self.npp, self.on, self.session.actor
        read_workers = self._workers_reader()
        self.status_label.setText(_("Memuat data pemberi kerja…"))

        def work(_context: TaskContext) -> tuple[EmployerSummary, PrefetchedWorkers]:
            day = on or employer_view.reference_date(db)
            return employer_view.employer_summary(db, npp, day, actor=actor), read_workers(day)

        self._start(
            work,
            lambda result: self._on_header_read(generation, *result),
            lambda: generation == self._generation,
        )

    def _workers_reader(self) -> Callable[[date], PrefetchedWorkers]:
        """What the Pekerja tab shows now (status filter, sort order), as work for a Task."""
        db, npp, actor = self.session.db, self.npp, self.session.actor
        status = self.worker_status_combo.currentData()
        header = self.workers_table.horizontalHeader()
        column = self.workers_model.columns[header.sortIndicatorSection()]
        sort_key = column.sort_key or self.WORKER_SORT
        descending = header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder

        def read(on: date) -> PrefetchedWorkers:
            query = WorkerQuery(
                db, WorkerFilter(employer_npp=npp, status=status), on=on, actor=actor
            )
            first = query.page(0, PagedTableModel.PAGE, sort_key, descending)
            count = len(first) if len(first) < PagedTableModel.PAGE else query.count()
            return PrefetchedWorkers(query, count, first, sort_key, descending)

        return read

    def _start(
        self,
        work: Callable[[TaskContext], Any],
        done: Callable[[Any], None],
        current: Callable[[], bool],
    ) -> None:
        """Run *work* in the background; *done* gets its result, unless *current* says that a
        newer reading has replaced it by then (a failure is then not shown either)."""
        # The page is the task's parent (as on the overview page): the C++ object is then only
        # ever deleted on the GUI thread, with the page, never by a worker dropping the last
        # Python reference to it.
        task = Task(work, self)
        task.finished.connect(lambda result: done(result) if current() else None)
        task.failed.connect(lambda error: self._on_failed(error) if current() else None)
        task.start()

    def _on_header_read(
        self, generation: int, summary: EmployerSummary, workers: PrefetchedWorkers
    ) -> None:
        if generation != self._generation:
            return
        self.show_summary(summary)
        self._show_workers(workers)
        self.summary_loaded.emit(summary)
        db, npp, on, actor = self.session.db, self.npp, summary.on, self.session.actor
        self._start(
            lambda _context: employer_view.overview(db, npp, on, actor=actor),
            lambda view: self._on_view_read(generation, view),
            lambda: generation == self._generation,
        )

    def _on_view_read(self, generation: int, view: EmployerView) -> None:
        if generation != self._generation:
            return
        self.show_view(view)
        self.loaded.emit(view)

    def _on_failed(self, error: BaseException) -> None:
        if isinstance(error, KnownError):
            text = error.message
        else:
            text = _("Terjadi kesalahan tak terduga; rinciannya tercatat di file log aplikasi.")
        self.status_label.setText(text)
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

    def _show_workers(self, source: PrefetchedWorkers) -> None:
        self.workers_model.set_source(source)
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
        self._worker_generation += 1
        generation = self._worker_generation
        read_workers, on = self._workers_reader(), self.summary.on
        self._start(
            lambda _context: read_workers(on),
            self._show_workers,
            lambda: generation == self._worker_generation,
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
