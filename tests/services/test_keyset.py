"""Keyset paging (services/keyset.py) gives the rows a plain ORDER BY … OFFSET gives, every order.

Walked page by page forward (after the last key), backward (before the first key) and by jumps
(the key at a position, and the anchors), the lists must show each row once, in order.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date

import pytest
from sqlalchemy import event

from bpjs_desktop.db.engine import Database
from bpjs_desktop.services import audit, auth, drilldown, keyset, reports
from bpjs_desktop.services.arrears_worklist import (
    WORKLIST_SORT_KEYS,
    WorklistFilter,
    WorklistQuery,
)
from bpjs_desktop.services.claims import CLAIM_SORT_KEYS, ClaimFilter, ClaimQuery
from bpjs_desktop.services.demo.plan import DEMO_PASSWORD
from bpjs_desktop.services.directory import (
    EMPLOYER_SORT_KEYS,
    WORKER_SORT_KEYS,
    EmployerFilter,
    EmployerQuery,
    WorkerFilter,
    WorkerQuery,
)
from bpjs_desktop.services.drilldown import RecordFilter
from bpjs_desktop.services.keyset import KeysetList

ON = date(2018, 4, 30)


def _walk_forward(query: KeysetList, sort_key: str, descending: bool, size: int) -> list[object]:
    rows: list[object] = []
    key = None
    while True:
        page = query.rows_after(key, size, sort_key, descending)
        rows += page
        if len(page) < size:
            return rows
        key = query.key_of(page[-1], sort_key)


def _walk_backward(query: KeysetList, sort_key: str, descending: bool, size: int) -> list[object]:
    rows: list[object] = []
    key = None
    while True:
        page = query.rows_before(key, size, sort_key, descending)
        rows = list(page) + rows
        if len(page) < size:
            return rows
        key = query.key_of(page[0], sort_key)


def _check(query: KeysetList, sort_key: str, descending: bool, size: int) -> None:
    everything = query.rows_after(None, 10**6, sort_key, descending)
    assert len(everything) == query.count() > 2 * size
    assert len({repr(r) for r in everything}) == len(everything)
    assert _walk_forward(query, sort_key, descending, size) == everything
    assert _walk_backward(query, sort_key, descending, size) == everything
    middle = len(everything) // 2
    assert query.page(middle, size, sort_key, descending) == everything[middle : middle + size]
    anchors = query.anchors(size, sort_key, descending)
    assert anchors == [
        query.key_of(everything[i], sort_key) for i in range(size - 1, len(everything), size)
    ]


@pytest.mark.parametrize("descending", [False, True])
def test_worker_list_pages_by_key_in_every_order(demo_db: Database, descending: bool) -> None:
    query = WorkerQuery(demo_db, WorkerFilter(office_code="GRS"), ON)
    for sort_key in WORKER_SORT_KEYS:
        _check(query, sort_key, descending, 97)


@pytest.mark.parametrize("descending", [False, True])
def test_employer_list_pages_by_key_in_every_order(demo_db: Database, descending: bool) -> None:
    query = EmployerQuery(demo_db, EmployerFilter(), ON)
    for sort_key in EMPLOYER_SORT_KEYS:
        _check(query, sort_key, descending, 13)


@pytest.mark.parametrize("descending", [False, True])
def test_arrears_worklist_pages_by_key_with_empty_dates_in_every_order(
    demo_db: Database, descending: bool
) -> None:
    """Cases with no next-action date or nothing owed past due still come once, in order."""
    admin = auth.authenticate(demo_db, "admin", DEMO_PASSWORD)
    query = WorklistQuery(demo_db, admin, WorklistFilter(due_only=False), on=ON)
    for sort_key in WORKLIST_SORT_KEYS:
        _check(query, sort_key, descending, 5)


@pytest.mark.parametrize("descending", [False, True])
def test_claims_worklist_pages_by_key_in_every_order(demo_db: Database, descending: bool) -> None:
    """Every claim (open or not), undecided ones (no amount) included."""
    query = ClaimQuery(demo_db, ClaimFilter(open_only=False), on=ON)
    for sort_key in CLAIM_SORT_KEYS:
        _check(query, sort_key, descending, 61)


def _offsets(db: Database) -> Iterator[list[int]]:
    """The OFFSETs of the statements run while in the block (SQLite binds them last)."""
    seen: list[int] = []

    def listen(_conn, _cursor, statement, parameters, _context, _many) -> None:
        if "OFFSET" in statement:
            seen.append(parameters[-1])

    event.listen(db.engine, "before_cursor_execute", listen)
    try:
        yield seen
    finally:
        event.remove(db.engine, "before_cursor_execute", listen)


@pytest.mark.parametrize("sort_key", ["name", "segment", "kpj"])
def test_a_jump_before_the_anchors_counts_from_the_skeleton(
    demo_db: Database, monkeypatch: pytest.MonkeyPatch, sort_key: str
) -> None:
    """While the window pass that numbers every row still runs, the skeleton read before it (the
    key of every 64th row here) is there: a jump to any row reads fewer than 64 index entries
    from the nearest skeleton key, and finds the key a plain OFFSET finds, whether the sort
    value is shared by few rows (a name), by hundreds (a segment) or by none (a KPJ)."""
    monkeypatch.setattr(keyset, "SKELETON_STRIDE", 64)
    query = WorkerQuery(demo_db, WorkerFilter(office_code="GRS"), ON)
    everything = query.rows_after(None, 10**6, sort_key)
    assert len(everything) > 5 * 64
    jumps = (0, 62, 63, 64, 200, 64 * 4 - 1, len(everything) - 1, len(everything) + 3)
    with contextmanager(_offsets)(demo_db) as offsets:
        cold = [query.key_at(p, sort_key) for p in jumps]
    assert max(offsets) == len(everything) + 3  # without a skeleton: counted from the start
    expected = [
        query.key_of(everything[p], sort_key) if p < len(everything) else None for p in jumps
    ]
    assert cold == expected

    def window_pass_still_running(*_args: object) -> list[keyset.Key]:
        with contextmanager(_offsets)(demo_db) as offsets:
            assert [query.key_at(p, sort_key) for p in jumps] == expected
        assert max(offsets) < 64
        raise RuntimeError("the window pass is cut short here")

    monkeypatch.setattr(keyset, "anchors", window_pass_still_running)
    with pytest.raises(RuntimeError, match="cut short"):
        query.anchors(16, sort_key)  # pages of 16 rows: the skeleton is the sparser


def test_a_jump_while_the_skeleton_is_read_waits_for_it(
    demo_db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A jump past the first stride, made while the anchors' task still reads the skeleton,
    takes its key from the skeleton once read instead of walking the index from the start."""
    monkeypatch.setattr(keyset, "SKELETON_STRIDE", 64)
    query = WorkerQuery(demo_db, WorkerFilter(office_code="GRS"), ON)
    everything = query.rows_after(None, 10**6, "kpj")
    assert len(everything) > 700
    real_skeleton, started = keyset.skeleton, threading.Event()

    def slow_skeleton(*args: object) -> list[keyset.Key]:
        started.set()
        time.sleep(0.3)  # a busy machine
        return real_skeleton(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(keyset, "skeleton", slow_skeleton)
    reader = threading.Thread(target=query.anchors, args=(16, "kpj"))
    reader.start()
    assert started.wait(5)
    with contextmanager(_offsets)(demo_db) as offsets:
        assert query.key_at(700, "kpj") == query.key_of(everything[700], "kpj")
    reader.join()
    assert max(offsets) < 64


def test_a_long_read_is_split_into_queries_of_bounded_size(
    demo_db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An export reads every row; the ids go to the database a bounded number at a time."""
    query = EmployerQuery(demo_db, EmployerFilter(), ON)
    everything = query.rows_after(None, 10**6, "name")
    monkeypatch.setattr(keyset, "ROWS_PER_QUERY", 7)
    assert query.rows_after(None, 10**6, "name") == everything
    assert len(everything) > 7


def _drilldown_filters(db: Database) -> list[RecordFilter]:
    codes = tuple(o.code for o in reports.list_offices(db) if o.kind != "KANWIL")
    return [
        RecordFilter("employers", "t", codes),
        RecordFilter("workers", "t", ("GRS",), on=ON),
        RecordFilter("workers", "t", codes, first=date(2015, 1, 1), last=ON, recruited=True),
        RecordFilter("payments", "t", codes, first=date(2018, 1, 1), last=ON),
        RecordFilter("arrears", "t", codes),  # cases not settled: an empty settlement date
        RecordFilter("claims", "t", codes),  # claims not paid: no payment date, no amount
    ]


@pytest.mark.parametrize("descending", [False, True])
def test_drilldown_lists_page_by_key_in_every_order(demo_db: Database, descending: bool) -> None:
    """The records behind a figure, paged forward, backward and by jumps, every sort key: each
    record once, in the order of the whole list (empty dates and amounts included)."""
    for record_filter in _drilldown_filters(demo_db):
        query = drilldown.records(demo_db, record_filter)
        size = max(2, query.count() // 7)
        for sort_key in query.SORT_KEYS:
            _check(query, sort_key, descending, size)


def test_drilldown_lists_with_empty_values_sort_them_first(demo_db: Database) -> None:
    """Claims not paid yet come before the paid ones by payment date, as the keys say."""
    codes = tuple(o.code for o in reports.list_offices(demo_db) if o.kind != "KANWIL")
    query = drilldown.records(demo_db, RecordFilter("claims", "t", codes))
    rows = query.rows_after(None, 10**6, "paid_on")
    paid = [r.paid_on for r in rows if r.paid_on is not None]
    unpaid = [i for i, r in enumerate(rows) if r.paid_on is None]
    assert unpaid and paid
    assert unpaid == list(range(len(unpaid)))  # all at the start
    assert paid == sorted(paid)


def test_audit_trail_pages_by_key_newest_first(demo_db: Database) -> None:
    """The viewer's events, paged forward, backward and by jumps: each event once, newest first,
    as ``ORDER BY id DESC`` gives them (and oldest first when turned round)."""
    admin = auth.authenticate(demo_db, "admin", DEMO_PASSWORD)
    for _ in range(30):  # a trail of a few pages, whatever the demo left on it
        auth.record_session_event(demo_db, admin, "session.locked")
    query = audit.EventQuery(demo_db, admin, audit.EventFilter())
    everything = query.rows_after(None, 10**6)
    assert [r.id for r in everything] == sorted((r.id for r in everything), reverse=True)
    for descending in (True, False):
        _check(query, "", descending, max(2, query.count() // 7))
