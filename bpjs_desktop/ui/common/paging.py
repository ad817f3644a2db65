"""Table models over big SQL result sets, read a page at a time.

``rowCount`` is the COUNT of the query (so the scroll bar is true); rows are fetched in pages of
:attr:`PagedTableModel.PAGE` when first shown and kept in a small LRU cache, so scrolling a list of
2.65 million workers holds a few thousand rows in memory (stack-notes §4d: 200-row pages,
+23 MB). Sorting and filtering happen in SQL: the model only hands the chosen sort column and
order to its :class:`PageSource`; it never sorts in Python (a proxy model would need minutes).
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

AnyIndex = QModelIndex | QPersistentModelIndex


class PageSource(Protocol):
    """What a paged model reads from: a service query with its filters already bound."""

    def count(self) -> int: ...

    def page(
        self, offset: int, limit: int, sort_key: str | None, descending: bool
    ) -> Sequence[Any]: ...


@dataclass(frozen=True)
class Column:
    """A column: its header, how to show a row's value, and the SQL sort key (None: not sortable)."""

    header: str
    display: Callable[[Any], str]
    sort_key: str | None = None
    align_right: bool = False
    tooltip: Callable[[Any], str | None] | None = None


class PagedTableModel(QAbstractTableModel):
    """A read-only table over a :class:`PageSource`."""

    PAGE = 200
    MAX_PAGES = 40
    RowRole = Qt.ItemDataRole.UserRole + 1

    def __init__(self, columns: Sequence[Column], parent: Any = None) -> None:
        super().__init__(parent)
        self.columns = tuple(columns)
        self._source: PageSource | None = None
        self._count = 0
        self._pages: OrderedDict[int, Sequence[Any]] = OrderedDict()
        self._sort_column: int | None = None
        self._descending = False
        self.pages_read = 0  # for tests and benchmarks: how many page queries ran

    # --- feeding ------------------------------------------------------------------------------
    def set_source(self, source: PageSource | None) -> None:
        """Show another query (new filters); counts it and drops every cached page."""
        self.beginResetModel()
        self._source = source
        self._pages.clear()
        self._count = source.count() if source is not None else 0
        self.endResetModel()

    def refresh(self) -> None:
        self.set_source(self._source)

    @property
    def total(self) -> int:
        return self._count

    def row_object(self, row: int) -> Any:
        """The service's row object shown at *row* (fetching its page if needed)."""
        if not 0 <= row < self._count or self._source is None:
            return None
        number = row // self.PAGE
        page = self._pages.get(number)
        if page is None:
            column = self.columns[self._sort_column] if self._sort_column is not None else None
            sort_key = column.sort_key if column is not None else None
            page = self._source.page(number * self.PAGE, self.PAGE, sort_key, self._descending)
            self.pages_read += 1
            self._pages[number] = page
            while len(self._pages) > self.MAX_PAGES:
                self._pages.popitem(last=False)
        else:
            self._pages.move_to_end(number)
        index = row - number * self.PAGE
        return page[index] if index < len(page) else None

    # --- Qt model ------------------------------------------------------------------------------
    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self._count

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.column() < len(self.columns):
            return None
        column = self.columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            row = self.row_object(index.row())
            return "" if row is None else column.display(row)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            horizontal = (
                Qt.AlignmentFlag.AlignRight if column.align_right else Qt.AlignmentFlag.AlignLeft
            )
            return int(horizontal | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole and column.tooltip is not None:
            row = self.row_object(index.row())
            return None if row is None else column.tooltip(row)
        if role == self.RowRole:
            return self.row_object(index.row())
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        horizontal = orientation == Qt.Orientation.Horizontal
        if horizontal and role == Qt.ItemDataRole.DisplayRole and 0 <= section < len(self.columns):
            return self.columns[section].header
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Ask the source for another order (in SQL); unsortable columns are ignored."""
        if not 0 <= column < len(self.columns) or self.columns[column].sort_key is None:
            return
        self.beginResetModel()
        self._sort_column = column
        self._descending = order == Qt.SortOrder.DescendingOrder
        self._pages.clear()
        self.endResetModel()
