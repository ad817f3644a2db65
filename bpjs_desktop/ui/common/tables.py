"""The one table model of the app: columns declared as data, rows in memory or read by pages.

A :class:`Column` says what a column shows: its header, the row's value, how that value is
formatted (text, a count, rupiah, a date), its alignment, tooltip, colour and font, and what it
sorts by: a Python value for :class:`RowsModel` (a short list in memory: a case's months, an
employer's bills), a SQL sort key for :class:`PagedModel` (a list of millions, sorted by the
database).

:class:`PagedModel` never reads the database in ``data()``: a row not read yet shows "…", its
page is asked for on a worker thread (``ui/common/tasks.py``), and when it arrives the model says
so (``rows_loaded``) and the view repaints. A view the model follows (:meth:`PagedModel.follow`)
asks for its pages as soon as it scrolls and paints once, when they are there, not "…" first. A page is read by *key* (services/keyset.py): after
the last row of the page above, or before the first row of the page below; for a jump (the
scroll bar dragged to row 2,000,000) from the sparse anchor keys read once in the background,
or, until they are there, from one key found by OFFSET. The rowCount is the COUNT of the query,
so the scroll bar is true; a few dozen pages stay cached. A new query (other filters) is
counted and its first page read in the background too (:meth:`PagedModel.load`: the latest
query wins), the rows shown before staying until it is there.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import KW_ONLY, dataclass, replace
from datetime import date
from enum import Enum
from typing import Any, Generic, Protocol, TypeVar

from PySide6.QtCore import (
    QAbstractTableModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import QTableView

from bpjs_desktop.domain.money import format_rupiah, group_thousands
from bpjs_desktop.domain.periods import format_date
from bpjs_desktop.ui.common.loader import Loader
from bpjs_desktop.ui.common.tasks import Task, TaskContext

AnyIndex = QModelIndex | QPersistentModelIndex
RowT = TypeVar("RowT")
Key = tuple[Any, ...]

LOADING = "…"
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
_LEFT = int(
    Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
)  # shown in the first column of a row whose page has not arrived yet


class Format(Enum):
    """How a column's value becomes text (and on which side it is aligned)."""

    TEXT = "text"
    COUNT = "count"  # 1.234 (right)
    MONEY = "money"  # Rp1.234 (right)
    DATE = "date"  # 28/11/2026


@dataclass(frozen=True)
class Column:
    """One column of a table, as data.

    *value* gives the row's value; *fmt* turns it into text (None shows *empty*), unless
    *display* is given. A :class:`RowsModel` sorts by *sort_value* (default: *value*), a
    :class:`PagedModel` by the SQL *sort_key* (None: the column is not sortable). *align_right*
    defaults to True for counts and money. *tooltip*, *foreground* and *bold* are per row.
    """

    header: str
    value: Callable[[Any], Any]
    sort_key: str | None = None
    _: KW_ONLY
    fmt: Format = Format.TEXT
    display: Callable[[Any], str] | None = None
    sort_value: Callable[[Any], Any] | None = None
    align_right: bool | None = None
    tooltip: Callable[[Any], str | None] | None = None
    foreground: Callable[[Any], QColor | None] | None = None
    bold: Callable[[Any], bool] | None = None
    empty: str = ""

    def text(self, row: Any) -> str:
        if self.display is not None:
            return self.display(row)
        value = self.value(row)
        if value is None:
            return self.empty
        if self.fmt is Format.MONEY:
            return format_rupiah(int(value))
        if self.fmt is Format.COUNT:
            return group_thousands(int(value))
        if self.fmt is Format.DATE:
            return format_date(value) if isinstance(value, date) else str(value)
        return str(value)

    @property
    def right(self) -> bool:
        if self.align_right is not None:
            return self.align_right
        return self.fmt in (Format.MONEY, Format.COUNT)

    def alignment(self) -> int:
        return _RIGHT if self.right else _LEFT


def styled(
    columns: Sequence[Column],
    *,
    tooltip: Callable[[Any], str | None] | None = None,
    foreground: Callable[[Any], QColor | None] | None = None,
    bold: Callable[[Any], bool] | None = None,
) -> list[Column]:
    """*columns* with a row-wide tooltip, colour or bold font where a column has none of its own
    (a total line in bold, a late row in red)."""
    return [
        replace(
            c,
            tooltip=c.tooltip or tooltip,
            foreground=c.foreground or foreground,
            bold=c.bold or bold,
        )
        for c in columns
    ]


class _TableModel(QAbstractTableModel):
    """What both models share: headers, alignment, roles; subclasses say where rows come from."""

    RowRole = Qt.ItemDataRole.UserRole + 1
    SortRole = Qt.ItemDataRole.UserRole + 10  # above the roles pages add of their own

    def __init__(self, columns: Sequence[Column], parent: Any = None) -> None:
        super().__init__(parent)
        self.columns: tuple[Column, ...] = tuple(columns)

    def row_object(self, row: int) -> Any:
        raise NotImplementedError

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self.columns):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.columns[section].header
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return self.columns[section].alignment()
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        # A paint asks about ten roles of every visible cell: answer the ones no column uses
        # before touching the index (this method is most of the cost of painting a page).
        if role not in _ROLES:
            return None
        column_number = index.column()
        if not 0 <= column_number < len(self.columns) or not index.isValid():
            return None
        column = self.columns[column_number]
        if role == _ALIGNMENT:
            return column.alignment()
        row = self.row_object(index.row())
        if row is None:
            if role == _DISPLAY and column_number == 0:
                return LOADING if 0 <= index.row() < self.rowCount() else None
            return None
        if role == _DISPLAY:
            return column.text(row)
        if role == _ROW:
            return row
        if role == _TOOLTIP:
            return column.tooltip(row) if column.tooltip is not None else None
        if role == _FOREGROUND:
            colour = column.foreground(row) if column.foreground is not None else None
            return QBrush(colour) if colour is not None else None
        if role == _FONT:
            if column.bold is not None and column.bold(row):
                font = QFont()
                font.setBold(True)
                return font
            return None
        if role == _SORT:
            return column.sort_value(row) if column.sort_value is not None else column.value(row)
        return None


_DISPLAY = Qt.ItemDataRole.DisplayRole
_ALIGNMENT = Qt.ItemDataRole.TextAlignmentRole
_TOOLTIP = Qt.ItemDataRole.ToolTipRole
_FOREGROUND = Qt.ItemDataRole.ForegroundRole
_FONT = Qt.ItemDataRole.FontRole
_ROW = _TableModel.RowRole
_SORT = _TableModel.SortRole
_ROLES = frozenset({_DISPLAY, _ALIGNMENT, _TOOLTIP, _FOREGROUND, _FONT, _ROW, _SORT})


class RowsModel(_TableModel, Generic[RowT]):
    """A read-only table of rows already in memory (tens to thousands), sorted in Python.

    Rows show in the service's order until the user sorts by a column; empty values (None) sort
    first ascending, last descending, never compared to others.
    """

    def __init__(self, columns: Sequence[Column], parent: Any = None) -> None:
        super().__init__(columns, parent)
        self._rows: list[RowT] = []
        self._sort_column: int | None = None
        self._sort_order = Qt.SortOrder.AscendingOrder

    @property
    def rows(self) -> list[RowT]:
        return list(self._rows)

    def set_rows(self, rows: Sequence[RowT]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self._apply_sort()
        self.endResetModel()

    def row_object(self, row: int) -> RowT | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(self.columns):
            return
        self.layoutAboutToBeChanged.emit()
        self._sort_column, self._sort_order = column, order
        self._apply_sort()
        self.layoutChanged.emit()

    def _apply_sort(self) -> None:
        if self._sort_column is None:
            return
        column = self.columns[self._sort_column]
        value = column.sort_value or column.value

        def key(row: RowT) -> tuple[bool, Any]:
            v = value(row)
            return (v is not None, v if v is not None else 0)

        self._rows.sort(key=key, reverse=self._sort_order == Qt.SortOrder.DescendingOrder)


class PageSource(Protocol):
    """A list service under its filters: counted, read by pages.

    A keyset source (services/keyset.py ``KeysetList``) also has ``rows_after``,
    ``rows_before``, ``key_of``, ``key_at`` and ``anchors``; a plain one only ``page``.
    """

    def count(self) -> int: ...

    def page(
        self, offset: int, limit: int, sort_key: str | None, descending: bool
    ) -> Sequence[Any]: ...


def is_keyset(source: Any) -> bool:
    return all(hasattr(source, name) for name in ("rows_after", "rows_before", "key_of", "key_at"))


@dataclass(frozen=True)
class Loaded:
    """A query the model now shows: its COUNT, and what the caller asked to read with it
    (``load(..., extra=...)``: a list's totals; None otherwise)."""

    source: Any
    count: int
    extra: Any = None


@dataclass(frozen=True)
class _FirstRead:
    """A query counted in the background, and its first page in the order it was read in."""

    loaded: Loaded
    first_page: Sequence[Any]
    order: tuple[str | None, bool]  # sort key, descending


@dataclass(frozen=True)
class _Request:
    """How to read one page, decided on the GUI thread from what is known then."""

    page: int
    offset: int
    limit: int
    after: Key | None = None
    before: Key | None = None  # () for "the last rows"
    find_key: bool = False  # the key above the page is unknown: find it by OFFSET first
    pages: int = 1  # two pages a view shows at once are read together


class PagedModel(_TableModel):
    """A read-only table over a list of any length, read a page at a time off the GUI thread.

    Signals:
        rows_loaded(int, int): rows first…last have arrived (and dataChanged was emitted).
        anchors_loaded(int): the jump keys of the current order have arrived (how many).
        load_failed(object): reading a page failed (the exception).
        source_loaded(object): a new query is shown (a :class:`Loaded`: its count, and the
            *extra* read with it); after :meth:`load` or :meth:`set_source` (not of None).
        source_failed(object): counting a new query or reading its first page failed (the
            exception); the rows shown before stay.
    """

    rows_loaded = Signal(int, int)
    anchors_loaded = Signal(int)
    load_failed = Signal(object)
    source_loaded = Signal(object)
    source_failed = Signal(object)

    PAGE = 200
    MAX_PAGES = 40
    MAX_IN_FLIGHT = 2  # the newest requests win; older ones wait or are dropped
    ANCHORS_FROM = 20  # lists of fewer pages jump by OFFSET: it is quick enough there
    HOLD_MS = 120  # a followed view scrolled to rows not read yet waits this long to show "…"

    def __init__(self, columns: Sequence[Column], parent: Any = None) -> None:
        super().__init__(columns, parent)
        self._source: Any = None
        self._count = 0
        self._pages: OrderedDict[int, Sequence[Any]] = OrderedDict()
        self._last_keys: dict[int, Key] = {}  # page → key of its last row (kept when evicted)
        self._first_keys: dict[int, Key] = {}
        self._wanted: OrderedDict[int, None] = OrderedDict()
        self._in_flight: set[int] = set()
        self._generation = 0
        self._sort_column: int | None = None
        self._descending = False
        self._anchor_generation = -1
        self.pages_read = 0  # for tests and benchmarks: how many page reads ran
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self._dispatch)
        self._loader = Loader(self)  # a new query's count and first page

    # --- feeding ------------------------------------------------------------------------------
    def set_source(
        self,
        source: Any,
        *,
        count: int | None = None,
        first_page: Sequence[Any] | None = None,
        sort_key: str | None = None,
        descending: bool | None = None,
        extra: Callable[[Any], Any] | None = None,
    ) -> None:
        """Show another query (new filters): every cached page is dropped.

        Without *count*, the query is counted and its first page read in the background
        (:meth:`load`); the rows shown so far stay until then. With *count* (read in the
        background by the caller) the list is shown at once, with *first_page* if it was read
        in the model's order (*sort_key*/*descending*, the current order when not given); else
        the first page is read in the background like any other. Never on the GUI thread.
        *extra*: see :meth:`load` (only there when the model counts).
        """
        if source is not None and count is None:
            self.load(lambda: source, extra=extra)
            return
        self._loader.cancel()  # an older filter still being read is not wanted any more
        same_order = (sort_key is None or sort_key == self.sort_key) and (
            descending is None or descending == self._descending
        )
        count = (count or 0) if source is not None else 0
        self._show(source, count, first_page if same_order else None)
        if source is not None:
            self.source_loaded.emit(Loaded(source, count))

    def load(self, build: Callable[[], Any], *, extra: Callable[[Any], Any] | None = None) -> None:
        """Show the query *build()* returns, built, counted and its first page read in a
        background task; *extra(query)* is read there too (a list's totals) and handed on in
        :attr:`source_loaded`.

        Until the answer arrives the model keeps showing the rows it had (:attr:`loading` is
        True); a newer :meth:`load` or :meth:`set_source` supersedes this one, whose answer is
        then dropped (ui/common/loader.py: the latest request wins). A failure is emitted as
        :attr:`source_failed`, the rows shown so far staying.
        """
        sort_key, descending, limit = self.sort_key, self._descending, self.PAGE
        read_page = self._read

        def work(context: TaskContext) -> _FirstRead:
            source = build()
            context.check()
            first = read_page(_Request(0, 0, limit), source, sort_key, descending)
            context.check()
            # A short first page is the whole list: no COUNT (the employer's own workers).
            count = len(first) if len(first) < limit else source.count()
            context.check()
            more = extra(source) if extra is not None else None
            return _FirstRead(Loaded(source, count, more), first, (sort_key, descending))

        self._loader.request_work(work, on_done=self._on_first_read, on_error=self._on_load_error)

    def refresh(self) -> None:
        """Count and read the current query again (in the background, as :meth:`load`). While a
        newer query is still being read, or before any was shown, there is nothing to refresh:
        the read under way brings the newest rows (and the current query must not replace it)."""
        if self._source is None or self.loading:
            return
        self.set_source(self._source)

    @property
    def loading(self) -> bool:
        """True while a query given to :meth:`load`/:meth:`set_source` is being read."""
        return self._loader.busy

    def _on_first_read(self, read: _FirstRead) -> None:
        self.pages_read += 1
        same_order = read.order == (self.sort_key, self._descending)
        # Sorted by the user while it was read: the first page of the new order is read again.
        loaded = read.loaded
        self._show(loaded.source, loaded.count, read.first_page if same_order else None)
        self.source_loaded.emit(loaded)

    def _on_load_error(self, error: BaseException) -> None:
        self.source_failed.emit(error)

    def _show(self, source: Any, count: int, first_page: Sequence[Any] | None) -> None:
        self.beginResetModel()
        self._source = source
        self._forget_pages()
        self._count = count
        if first_page is not None and count:
            self._store(0, first_page)
        self.endResetModel()
        if count and first_page is None:
            self._want(0)
        self._start_anchors()

    @property
    def source(self) -> Any:
        return self._source

    @property
    def total(self) -> int:
        return self._count

    @property
    def sort_key(self) -> str | None:
        if self._sort_column is None:
            return None
        return self.columns[self._sort_column].sort_key

    @property
    def descending(self) -> bool:
        return self._descending

    def row_object(self, row: int) -> Any:
        """The row shown at *row*, if its page has been read (None otherwise: it is on its way)."""
        if not 0 <= row < self._count:
            return None
        number = row // self.PAGE
        page = self._pages.get(number)
        if page is None:
            self._want(number)
            return None
        self._pages.move_to_end(number)
        index = row - number * self.PAGE
        return page[index] if index < len(page) else None

    def is_loaded(self, row: int) -> bool:
        return (row // self.PAGE) in self._pages

    def has_page(self, number: int) -> bool:
        return number in self._pages

    def want(self, numbers: Sequence[int]) -> None:
        """Start reading the pages *numbers* now (a view scrolled to them), not at the next paint."""
        for number in numbers:
            self._want(number)
        if self._wanted:
            self._dispatch()

    # --- Qt model ------------------------------------------------------------------------------
    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self._count

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Ask the source for another order (in SQL); unsortable columns are ignored.

        The rows then arrive from the background: a view shows "…" until they do.
        """
        if not 0 <= column < len(self.columns) or self.columns[column].sort_key is None:
            return
        descending = order == Qt.SortOrder.DescendingOrder
        if (column, descending) == (self._sort_column, self._descending):
            return
        self.beginResetModel()
        self._sort_column = column
        self._descending = descending
        self._forget_pages()
        self.endResetModel()
        if self._count:
            self._want(0)
        self._start_anchors()

    def follow(self, view: QTableView) -> None:
        """Ask for the pages a view scrolls to as soon as its scroll bar moves, before it paints,
        and hold that paint back until they arrive (at most :attr:`HOLD_MS`): see
        :class:`_Follower`."""
        _Follower(self, view)

    # --- reading pages -------------------------------------------------------------------------
    def _forget_pages(self) -> None:
        self._generation += 1
        self._pages.clear()
        self._last_keys.clear()
        self._first_keys.clear()
        self._wanted.clear()
        self._in_flight.clear()

    def _want(self, number: int) -> None:
        if number in self._in_flight:
            return
        self._wanted[number] = None
        self._wanted.move_to_end(number)
        if not self._timer.isActive():
            self._timer.start()

    def _dispatch(self) -> None:
        """Start reading the newest wanted pages; older wishes are dropped (latest wins: a view
        asks again for what it still shows when it repaints)."""
        while self._wanted and len(self._in_flight) < self.MAX_IN_FLIGHT:
            number, _none = self._wanted.popitem(last=True)
            if not self._readable(number):
                continue
            pages = 1
            for neighbour, start in ((number - 1, number - 1), (number + 1, number)):
                if neighbour in self._wanted and self._readable(neighbour):
                    del self._wanted[neighbour]
                    number, pages = start, 2
                    break
            self._start_read(self._request(number, pages))
        while len(self._wanted) > self.MAX_IN_FLIGHT:
            self._wanted.popitem(last=False)

    def _readable(self, number: int) -> bool:
        return 0 <= number * self.PAGE < self._count and not (
            number in self._pages or number in self._in_flight
        )

    def _request(self, number: int, pages: int = 1) -> _Request:
        offset = number * self.PAGE
        limit = min(self.PAGE * pages, self._count - offset)
        if not is_keyset(self._source) or number == 0:
            return _Request(number, offset, limit, pages=pages)
        if number - 1 in self._last_keys:
            return _Request(number, offset, limit, after=self._last_keys[number - 1], pages=pages)
        if number + pages in self._first_keys:
            before = self._first_keys[number + pages]
            return _Request(number, offset, limit, before=before, pages=pages)
        if offset + limit >= self._count:
            return _Request(number, offset, limit, before=(), pages=pages)
        return _Request(number, offset, limit, find_key=True, pages=pages)

    def _read(
        self, request: _Request, source: Any, sort_key: str | None, descending: bool
    ) -> Sequence[Any]:
        """Read one page (on a worker thread)."""
        if not is_keyset(source):
            return source.page(request.offset, request.limit, sort_key, descending)  # type: ignore[no-any-return]
        if request.before is not None:
            return source.rows_before(request.before or None, request.limit, sort_key, descending)  # type: ignore[no-any-return]
        after = request.after
        if request.find_key:
            after = source.key_at(request.offset - 1, sort_key, descending)
            if after is None:
                return []
        return source.rows_after(after, request.limit, sort_key, descending)  # type: ignore[no-any-return]

    def _start_read(self, request: _Request) -> None:
        generation, source = self._generation, self._source
        sort_key, descending = self.sort_key, self._descending
        numbers = range(request.page, request.page + request.pages)
        self._in_flight.update(numbers)

        def work(_context: TaskContext) -> Sequence[Any]:
            return self._read(request, source, sort_key, descending)

        task = Task(work, self)
        task.finished.connect(lambda rows: self._on_page(generation, request, rows))
        task.failed.connect(lambda error: self._on_failed(generation, numbers, error))
        self.pages_read += 1
        task.start()

    def _on_page(self, generation: int, request: _Request, rows: Sequence[Any]) -> None:
        if generation != self._generation:
            return  # a page of an older filter or order
        for i in range(request.pages):
            number = request.page + i
            self._in_flight.discard(number)
            if number * self.PAGE < self._count:
                self._store(number, rows[i * self.PAGE : (i + 1) * self.PAGE])
        first = request.page * self.PAGE
        last = min(self._count, first + self.PAGE * request.pages) - 1
        if last >= first:
            self.dataChanged.emit(self.index(first, 0), self.index(last, len(self.columns) - 1))
            self.rows_loaded.emit(first, last)
        if self._wanted and not self._timer.isActive():
            self._timer.start()

    def _on_failed(self, generation: int, numbers: range, error: BaseException) -> None:
        if generation == self._generation:
            self._in_flight.difference_update(numbers)
            self.load_failed.emit(error)

    def _store(self, number: int, rows: Sequence[Any]) -> None:
        self._pages[number] = rows
        if rows and is_keyset(self._source):
            sort_key = self.sort_key
            self._first_keys[number] = self._source.key_of(rows[0], sort_key)
            if len(rows) == self.PAGE:
                self._last_keys[number] = self._source.key_of(rows[-1], sort_key)
        while len(self._pages) > self.MAX_PAGES:
            self._pages.popitem(last=False)

    # --- jump keys ------------------------------------------------------------------------------
    def _start_anchors(self) -> None:
        """Read the key of the last row of every page, once per filter and order, in the
        background: a jump then reads its page from the key above it."""
        source = self._source
        if not hasattr(source, "anchors") or self._count < self.ANCHORS_FROM * self.PAGE:
            return
        generation, sort_key, descending = self._generation, self.sort_key, self._descending

        def work(_context: TaskContext) -> list[Key]:
            return source.anchors(self.PAGE, sort_key, descending)  # type: ignore[no-any-return]

        task = Task(work, self)
        task.finished.connect(lambda keys: self._on_anchors(generation, keys))
        task.failed.connect(lambda error: self._on_failed(generation, range(0), error))
        task.start()

    def _on_anchors(self, generation: int, keys: list[Key]) -> None:
        if generation != self._generation:
            return
        for number, key in enumerate(keys):
            self._last_keys.setdefault(number, key)
        self._anchor_generation = generation
        self.anchors_loaded.emit(len(keys))

    @property
    def anchors_ready(self) -> bool:
        return self._anchor_generation == self._generation


class _Follower(QObject):
    """Reads the pages a view scrolls to, and holds its paint until they are there.

    Without it the page is asked for by the paint itself (the "…" rows), one paint later; and a
    jump paints twice, "…" first and then the rows that arrive a few milliseconds after: on the
    2-core office machine a paint of a full table takes 20–40 ms, more than reading its page.
    While held, the viewport's paints are skipped and it keeps its old picture (the scroll bar
    moves at once); a page slower than :attr:`PagedModel.HOLD_MS` shows "…" until it comes.
    ``setUpdatesEnabled(False)`` would not do: the scroll has already marked the viewport for
    repainting when the scroll bar tells us. A child of the view: its connections end with it.
    """

    def __init__(self, model: PagedModel, view: QTableView) -> None:
        super().__init__(view)
        self.model = model
        self.view = view
        self.held = False
        self.hold = QTimer(self)
        self.hold.setSingleShot(True)
        self.hold.setInterval(model.HOLD_MS)
        self.hold.timeout.connect(self.release)
        view.viewport().installEventFilter(self)
        # A plain callable, not a bound method: the connection keeps this follower and its model
        # alive for as long as the scroll bar, as the view keeps them in C++. Otherwise, when a
        # page closes, Python may tear down the model's half while its header still asks it.
        view.verticalScrollBar().valueChanged.connect(lambda value: self.scrolled(value))
        model.rows_loaded.connect(self.arrived)
        model.load_failed.connect(self.release)
        model.modelReset.connect(self.release)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # getattr: Qt may still deliver an event while Python tears this object down.
        return getattr(self, "held", False) and event.type() == QEvent.Type.Paint

    def missing(self) -> list[int]:
        """The pages of the rows the view shows that have not been read."""
        view, model = self.view, self.model
        first = view.rowAt(0)
        if first < 0:
            return []
        last = view.rowAt(view.viewport().height() - 1)
        last = last if last >= 0 else model.rowCount() - 1
        pages = range(first // model.PAGE, last // model.PAGE + 1)
        return [n for n in pages if not model.has_page(n)]

    def scrolled(self, _value: int) -> None:
        if self.view.model() is not self.model:
            return  # the view shows another model now
        numbers = self.missing()
        self.model.want(numbers)
        if numbers and not self.held and self.view.isVisible():
            self.held = True
            # No background fill under a skipped paint: the old picture stays.
            self.view.viewport().setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent, True)
            self.hold.start()
        elif not numbers:
            self.release()

    def arrived(self, _first: int, _last: int) -> None:
        if self.held and not self.missing():
            self.release()

    def release(self, *_args: Any) -> None:
        self.hold.stop()
        if self.held:
            self.held = False
            viewport = self.view.viewport()
            viewport.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent, False)
            viewport.update()
