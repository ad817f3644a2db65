"""The one list model (ui/common/tables.py) over the worker list of a real demo database.

Pages are read by key in the background; whatever way the user gets to a row (paging down, paging
up from the end, a jump, another sort order) it must show the row a plain ORDER BY puts there.
"""

from __future__ import annotations

import threading
from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QStyledItemDelegate, QTableView
from sqlalchemy import text

from bpjs_desktop.db.engine import Database
from bpjs_desktop.errors import NotFoundError
from bpjs_desktop.services.directory import WorkerFilter, WorkerQuery
from bpjs_desktop.ui.common.tables import LOADING, Column, Format, PagedModel, RowsModel
from bpjs_desktop.ui.common.tasks import Task
from tests.ui.conftest import LOAD_TIMEOUT_MS

ON = date(2018, 4, 30)


def _model(qtbot, db: Database, anchors: bool = True) -> PagedModel:
    model = PagedModel(
        [
            Column("KPJ", lambda r: r.kpj, "kpj"),
            Column("Nama", lambda r: r.name, "name"),
            Column("Mulai", lambda r: r.start_date, "start", fmt=Format.DATE),
        ]
    )
    model.PAGE = 50  # many pages out of the small demo
    if not anchors:
        model.ANCHORS_FROM = 10**9
    model.sort(0, Qt.SortOrder.AscendingOrder)
    with qtbot.waitSignal(model.source_loaded, timeout=LOAD_TIMEOUT_MS):
        model.set_source(WorkerQuery(db, WorkerFilter(), ON))  # counted in the background
    return model


def _row(qtbot, model: PagedModel, row: int) -> object:
    """The row shown at *row*, once its page has arrived (asked for as a view would)."""
    qtbot.waitUntil(lambda: model.row_object(row) is not None, timeout=LOAD_TIMEOUT_MS)
    return model.row_object(row)


def _ids(db: Database, order: str) -> list[int]:
    with db.read() as s:
        return list(
            s.execute(
                text(
                    f"SELECT m.id FROM membership m JOIN person p ON p.id = m.person_id ORDER BY {order}"
                )
            ).scalars()
        )


def test_paging_forward_shows_the_rows_of_a_plain_order_by(qtbot, demo_db: Database) -> None:
    model = _model(qtbot, demo_db, anchors=False)
    expected = _ids(demo_db, "m.kpj, m.id")
    assert model.rowCount() == len(expected) > 10 * model.PAGE
    assert model.index(model.PAGE, 0).data() == LOADING  # not read in data(): on its way
    shown = [_row(qtbot, model, i).membership_id for i in range(len(expected))]  # type: ignore[attr-defined]
    assert shown == expected


def test_paging_backward_from_the_last_row(qtbot, demo_db: Database) -> None:
    model = _model(qtbot, demo_db, anchors=False)
    expected = _ids(demo_db, "m.kpj, m.id")
    last = len(expected) - 1
    assert _row(qtbot, model, last).membership_id == expected[-1]  # type: ignore[attr-defined]
    start = last - 5 * model.PAGE
    shown = [_row(qtbot, model, i).membership_id for i in range(last, start, -1)]  # type: ignore[attr-defined]
    assert shown == expected[last:start:-1]


@pytest.mark.parametrize("anchors", [False, True])
def test_a_jump_into_the_middle_shows_the_right_rows(
    qtbot, demo_db: Database, anchors: bool
) -> None:
    model = _model(qtbot, demo_db, anchors=anchors)
    model.ANCHORS_FROM = 1 if anchors else model.ANCHORS_FROM
    if anchors:
        with qtbot.waitSignal(model.anchors_loaded, timeout=LOAD_TIMEOUT_MS):
            model.refresh()  # counted again in the background, then its anchors read
    expected = _ids(demo_db, "m.kpj, m.id")
    for row in (len(expected) // 2, len(expected) // 3 + 7, 3 * model.PAGE - 1):
        assert _row(qtbot, model, row).membership_id == expected[row]  # type: ignore[attr-defined]


def test_another_sort_order_is_read_again_from_the_database(qtbot, demo_db: Database) -> None:
    model = _model(qtbot, demo_db)
    _row(qtbot, model, 3 * model.PAGE)
    model.sort(1, Qt.SortOrder.DescendingOrder)
    assert model.index(0, 0).data() == LOADING
    expected = _ids(demo_db, "p.name DESC, m.id DESC")
    for row in (0, 1, model.PAGE, len(expected) - 1, len(expected) // 2):
        assert _row(qtbot, model, row).membership_id == expected[row]  # type: ignore[attr-defined]
    assert model.index(0, 2).data().count("/") == 2  # a date as 28/11/2026


def test_rows_model_sorts_in_python_with_empty_values_first() -> None:
    model: RowsModel[tuple[str, int | None]] = RowsModel(
        [Column("Nama", lambda r: r[0]), Column("Jumlah", lambda r: r[1], fmt=Format.MONEY)]
    )
    model.set_rows([("B", 2_000), ("A", None), ("C", 1_500_000)])
    model.sort(1, Qt.SortOrder.AscendingOrder)
    assert [model.index(i, 0).data() for i in range(3)] == ["A", "B", "C"]
    assert model.index(2, 1).data() == "Rp1.500.000"
    assert model.index(0, 1).data() == ""
    assert model.index(1, 1).data(Qt.ItemDataRole.TextAlignmentRole) & Qt.AlignmentFlag.AlignRight


def test_two_pages_on_screen_at_once_are_read_together(qtbot, demo_db: Database) -> None:
    """A view spanning a page boundary gets both pages from one read, rows in order."""
    model = _model(qtbot, demo_db, anchors=False)
    expected = _ids(demo_db, "m.kpj, m.id")
    number = len(expected) // 2 // model.PAGE
    reads = model.pages_read
    model.row_object(number * model.PAGE + 10)  # as a paint asks: both wished before the read
    model.row_object((number + 1) * model.PAGE + 10)
    qtbot.waitUntil(
        lambda: model.is_loaded(number * model.PAGE) and model.is_loaded((number + 1) * model.PAGE),
        timeout=LOAD_TIMEOUT_MS,
    )
    assert model.pages_read == reads + 1
    rows = range(number * model.PAGE, (number + 2) * model.PAGE)
    assert [model.row_object(r).membership_id for r in rows] == [expected[r] for r in rows]  # type: ignore[attr-defined]


def test_a_jump_paints_its_rows_once_without_placeholders_first(qtbot, demo_db: Database) -> None:
    """A followed view scrolled to rows not read yet keeps its picture until they arrive, then
    paints them: one paint of the rows, not a paint of "…" and another of the rows."""
    model = _model(qtbot, demo_db, anchors=False)
    model.HOLD_MS = LOAD_TIMEOUT_MS  # a slow test machine must not show "…" either
    view = QTableView()
    qtbot.addWidget(view)
    view.setModel(model)
    model.follow(view)
    painted: list[object] = []

    class Recorder(QStyledItemDelegate):
        def paint(self, painter, option, index) -> None:  # type: ignore[no-untyped-def]
            painted.append(index.data())
            super().paint(painter, option, index)

    recorder = Recorder(view)
    view.setItemDelegate(recorder)
    view.resize(500, 400)
    view.show()
    qtbot.waitExposed(view)
    middle = model.rowCount() // 2
    assert not model.is_loaded(middle)
    painted.clear()
    with qtbot.waitSignal(model.rows_loaded, timeout=LOAD_TIMEOUT_MS):
        view.scrollTo(model.index(middle, 0), QAbstractItemView.ScrollHint.PositionAtTop)
    qtbot.waitUntil(lambda: len(painted) > 0, timeout=LOAD_TIMEOUT_MS)
    assert LOADING not in painted
    row = model.row_object(middle)
    assert row.membership_id == _ids(demo_db, "m.kpj, m.id")[middle]
    assert row.kpj in painted


# --- a new query: counted and its first page read in the background, the latest one wins ---------


class _Spied:
    """A plain PageSource of *count* numbered rows that notes the thread of every read and may
    hold its COUNT until *release* is set (a slow filter)."""

    def __init__(self, name: str, count: int, release: threading.Event | None = None) -> None:
        self.name, self.total, self.release = name, count, release
        self.threads: list[threading.Thread] = []
        self.orders: list[bool] = []  # descending, for each page read

    def count(self) -> int:
        self.threads.append(threading.current_thread())
        if self.release is not None:
            assert self.release.wait(LOAD_TIMEOUT_MS / 1000)
        return self.total

    def page(self, offset: int, limit: int, sort_key: object, descending: bool) -> list[str]:
        self.threads.append(threading.current_thread())
        self.orders.append(descending)
        return [f"{self.name} {i}" for i in range(offset, min(self.total, offset + limit))]


def _plain_model() -> PagedModel:
    return PagedModel([Column("Baris", str, "row")])


def test_a_new_query_is_counted_and_read_off_the_gui_thread(qtbot) -> None:
    """set_source and refresh read the COUNT and the first page on a worker thread: the GUI
    thread only shows them (the 2.8 million-row worker list counted under a filter)."""
    model = _plain_model()
    source = _Spied("baris", 3 * model.PAGE)
    with qtbot.waitSignal(model.source_loaded, timeout=LOAD_TIMEOUT_MS) as loaded:
        model.set_source(source)
        assert model.loading and model.rowCount() == 0  # nothing read on the GUI thread
    assert loaded.args[0].count == model.rowCount() == 3 * model.PAGE
    assert model.index(0, 0).data() == "baris 0"  # the first page came with the count
    with qtbot.waitSignal(model.source_loaded, timeout=LOAD_TIMEOUT_MS):
        model.refresh()
    assert len(source.threads) == 4  # count and first page, twice
    assert threading.main_thread() not in source.threads


def test_a_short_list_is_not_counted_again(qtbot) -> None:
    """A first page shorter than a page is the whole list: no COUNT is run for it."""
    model = _plain_model()
    source = _Spied("baris", 7)
    with qtbot.waitSignal(model.source_loaded, timeout=LOAD_TIMEOUT_MS):
        model.set_source(source)
    assert model.rowCount() == 7 and len(source.threads) == 1


def test_the_rows_shown_stay_while_a_new_filter_is_read_and_the_latest_wins(qtbot) -> None:
    """A second filter chosen while the first is still being counted wins: the first one's
    answer, arriving later, is never shown; the old rows stay on screen until the new ones."""
    model = _plain_model()
    with qtbot.waitSignal(model.source_loaded, timeout=LOAD_TIMEOUT_MS):
        model.set_source(_Spied("lama", 5))
    shown: list[object] = []
    model.source_loaded.connect(lambda loaded: shown.append(loaded.source))
    release = threading.Event()
    slow, quick = _Spied("pertama", 500, release), _Spied("kedua", 4)
    model.set_source(slow)
    qtbot.waitUntil(lambda: len(slow.threads) == 2, timeout=LOAD_TIMEOUT_MS)  # counting now
    assert model.index(0, 0).data() == "lama 0" and model.loading
    with qtbot.waitSignal(model.source_loaded, timeout=LOAD_TIMEOUT_MS):
        model.set_source(quick)
    release.set()  # the first filter's count comes back now, after the second
    qtbot.waitUntil(Task.idle, timeout=LOAD_TIMEOUT_MS)
    qtbot.wait(20)  # its queued answer is delivered (and dropped)
    assert shown == [quick]
    assert model.source is quick and model.rowCount() == 4 and not model.loading
    assert [model.index(r, 0).data() for r in range(4)] == [f"kedua {i}" for i in range(4)]


def test_a_refresh_while_a_new_filter_is_read_does_not_bring_the_old_one_back(qtbot) -> None:
    """A save elsewhere asks the list to refresh while the user's new filter is being counted:
    the new filter's rows are what the list shows; before any list, a refresh does nothing."""
    model = _plain_model()
    model.refresh()
    assert not model.loading and model.source is None
    with qtbot.waitSignal(model.source_loaded, timeout=LOAD_TIMEOUT_MS):
        model.set_source(_Spied("lama", 5))
    release = threading.Event()
    new = _Spied("baru", 500, release)
    model.set_source(new)
    qtbot.waitUntil(lambda: len(new.threads) == 2, timeout=LOAD_TIMEOUT_MS)  # counting now
    assert model.loading
    model.refresh()
    with qtbot.waitSignal(model.source_loaded, timeout=LOAD_TIMEOUT_MS):
        release.set()
    qtbot.waitUntil(Task.idle, timeout=LOAD_TIMEOUT_MS)
    assert model.source is new and model.rowCount() == 500
    assert model.index(0, 0).data() == "baru 0"


def test_a_list_that_cannot_be_read_says_so_and_keeps_the_rows(qtbot) -> None:
    model = _plain_model()
    with qtbot.waitSignal(model.source_loaded, timeout=LOAD_TIMEOUT_MS):
        model.set_source(_Spied("lama", 5))

    class Broken(_Spied):
        def page(self, offset: int, limit: int, sort_key: object, descending: bool) -> list[str]:
            raise NotFoundError("Data tidak ada")

    with qtbot.waitSignal(model.source_failed, timeout=LOAD_TIMEOUT_MS) as failed:
        model.set_source(Broken("rusak", 9))
    assert isinstance(failed.args[0], NotFoundError)
    assert model.rowCount() == 5 and model.index(0, 0).data() == "lama 0" and not model.loading


def test_a_sort_while_a_list_is_read_reads_the_first_page_in_that_order(qtbot) -> None:
    """Sorted by the user while the count was read: the first page read for the old order is
    not shown in the new one; the new order's first page is read (in the background)."""
    model = _plain_model()
    release = threading.Event()
    source = _Spied("baris", 300, release)
    model.set_source(source)
    qtbot.waitUntil(lambda: len(source.threads) == 2, timeout=LOAD_TIMEOUT_MS)
    model.sort(0, Qt.SortOrder.DescendingOrder)
    with qtbot.waitSignal(model.source_loaded, timeout=LOAD_TIMEOUT_MS):
        release.set()
    assert model.rowCount() == 300
    qtbot.waitUntil(lambda: model.is_loaded(0), timeout=LOAD_TIMEOUT_MS)
    assert source.orders == [False, True]  # read again, newest first, for the order shown
    assert threading.main_thread() not in source.threads
