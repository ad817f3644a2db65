"""The demo written by two processes (issue #14): the memberships and the name-search index come
from a helper process's side file, and the result is the file one process would have written."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from bpjs_desktop.db.engine import sqlite_url
from bpjs_desktop.db.migrate import open_database
from bpjs_desktop.services import directory
from bpjs_desktop.services.demo import side, writer
from bpjs_desktop.services.demo.run import generate_demo
from tests.helpers import sqlite_rows

TABLES = ("person", "membership", "claim", "contribution_bill", "payment", "payment_allocation",
          "membership_wage", "heir", "jht_entry", "monthly_fact")  # fmt: skip


def _digest(path: Path, table: str) -> str:
    # monthly_fact has no id and stamps its rows with the time it ran: its figures only
    sql = (
        "SELECT office_id, period, kpi, value FROM monthly_fact ORDER BY office_id, period, kpi"
        if table == "monthly_fact"
        else f"SELECT * FROM {table} ORDER BY id"
    )
    return hashlib.sha256(repr(sqlite_rows(path, sql)).encode()).hexdigest()


def _found(path: Path, name: str) -> list[tuple[str, str]]:
    db = open_database(sqlite_url(path), create=False)
    try:
        return [(hit.title, hit.key) for hit in directory.search(db, name, limit=500)]
    finally:
        db.dispose()


@pytest.fixture(scope="module")
def both(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The same demo (scale 0.003, seed 21) written with the helper process and without it."""
    if not writer._helper_available():
        pytest.skip("one core, or a frozen build: the demo is written by one process")
    folder = tmp_path_factory.mktemp("parallel")
    parallel, single = folder / "dua.sqlite", folder / "satu.sqlite"
    helpers: list[Path] = []

    class Counted(writer._SideWriter):
        def __init__(self, path: Path, *args: Any) -> None:
            helpers.append(path)
            super().__init__(path, *args)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(writer, "_SideWriter", Counted)
        generate_demo(parallel, scale=0.003, seed=21)
    assert helpers == [folder / "dua.sqlite.partial.side"]  # the helper did write this one
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(writer, "_helper_available", lambda: False)
        generate_demo(single, scale=0.003, seed=21)
    return parallel, single


def test_the_helper_process_changes_no_record(both: tuple[Path, Path]) -> None:
    """Persons, memberships, bills, payments, claims, person records and the dashboard's facts
    are identical whether one process or two wrote them; no side file is left behind."""
    parallel, single = both
    for table in TABLES:
        assert _digest(parallel, table) == _digest(single, table), table
    left = {p.name for p in parallel.parent.iterdir()} - {"dua.sqlite", "satu.sqlite"}
    assert not {name for name in left if not name.endswith(("-wal", "-shm"))}  # WAL: our readers


def test_the_name_search_finds_the_same_people(both: tuple[Path, Path]) -> None:
    """The search box finds every person by name, from the index the helper built: the same hits
    as from the index built in one process, for a whole name and for a prefix."""
    parallel, single = both
    [(name,)] = sqlite_rows(parallel, "SELECT name FROM person ORDER BY id LIMIT 1 OFFSET 37")
    prefix = name.split()[0][:3]
    for query in (name, prefix):
        found = _found(parallel, query)
        assert found, query
        assert found == _found(single, query), query
    assert name in [title for title, _key in _found(parallel, name)]


def test_the_name_search_index_is_whole_and_sound(both: tuple[Path, Path]) -> None:
    """FTS5's own integrity check passes on the copied index (it compares the index with the
    person table), and it holds one entry per person."""
    parallel, _single = both
    connection = sqlite3.connect(parallel)
    try:
        connection.execute("INSERT INTO person_fts(person_fts) VALUES ('integrity-check')")
        (persons,) = connection.execute("SELECT count(*) FROM person").fetchone()
        (indexed,) = connection.execute("SELECT count(*) FROM person_fts_docsize").fetchone()
    finally:
        connection.close()
    assert indexed == persons > 0


def test_a_failing_helper_fails_the_run_and_leaves_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The helper dies at its first rows (killed): the generation fails instead of waiting, and
    neither the demo file nor its partial or side files remain."""
    if not writer._helper_available():
        pytest.skip("one core, or a frozen build: the demo is written by one process")
    sent: list[int] = []

    class Dying(writer._SideWriter):
        def send(self, sql: str, rows: Any) -> None:
            sent.append(len(rows))
            if len(sent) == 1:
                self.process.kill()
                self.process.wait()
            super().send(sql, rows)

    monkeypatch.setattr(writer, "_SideWriter", Dying)
    with pytest.raises(RuntimeError, match="side writer failed"):
        generate_demo(tmp_path / "demo.sqlite", scale=0.003, seed=21)
    assert list(tmp_path.iterdir()) == []


def test_rows_in_bulk_keep_their_order_and_their_checks(tmp_path: Path) -> None:
    """The demo inserts dozens of rows to a statement: every row arrives, in order (the last,
    short statement too), and a row a CHECK constraint refuses still fails the insert."""
    connection = sqlite3.connect(tmp_path / "rows.sqlite")
    try:
        connection.execute(
            "CREATE TABLE t (id INTEGER PRIMARY KEY, sex TEXT CHECK (sex IN ('L', 'P')), n INT)"
        )
        rows = [(i, "LP"[i % 2], i * 7) for i in range(1, 1001)]  # 333 to a statement, 1 over
        side.insert_rows(connection, "INSERT INTO t (id, sex, n)", iter(rows))
        assert connection.execute("SELECT id, sex, n FROM t ORDER BY rowid").fetchall() == rows
        with pytest.raises(sqlite3.IntegrityError, match="CHECK"):
            side.insert_rows(
                connection, "INSERT INTO t (id, sex, n)", [(2001, "L", 0), (2002, "X", 0)]
            )
    finally:
        connection.close()
