"""A full disk in the middle of an import or a write keeps the data whole and says so plainly.

Two ways to fill the disk: ``PRAGMA max_page_count`` lowered on every connection (an engine
event: SQLite then answers SQLITE_FULL exactly as on a full disk), and, where the test may mount
one (root on Linux), a real 8 MB tmpfs filled up to its last few hundred kilobytes.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, event, func, select

from bpjs_desktop import cli
from bpjs_desktop.db.engine import sqlite_url, translate_error
from bpjs_desktop.db.migrate import open_database
from bpjs_desktop.db.models import Membership
from bpjs_desktop.domain.identifiers import Sex, make_nik
from bpjs_desktop.domain.programmes import Segment
from bpjs_desktop.errors import DatabaseError
from bpjs_desktop.services import audit, membership_common, worker_registry
from bpjs_desktop.services.context import Actor
from tests.crash.conftest import copy_database

pytestmark = pytest.mark.crash
ROOT = Path(__file__).resolve().parents[2]
FULL = "Disk penuh; kosongkan ruang lalu coba lagi. Tidak ada data yang tersimpan sebagian."


@contextmanager
def disk_of(pages_free: int) -> Iterator[None]:
    """Every SQLite connection opened meanwhile may grow its file by *pages_free* pages only."""

    def limit(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
        (pages,) = dbapi_connection.execute("PRAGMA page_count").fetchone()
        dbapi_connection.execute(f"PRAGMA max_page_count = {pages + pages_free}")

    event.listen(Engine, "connect", limit)
    try:
        yield
    finally:
        event.remove(Engine, "connect", limit)


def _state(path: Path) -> tuple[str, int, bool]:
    """(integrity_check, memberships, audit chain verifies)."""
    connection = sqlite3.connect(path)
    try:
        integrity = str(connection.execute("PRAGMA integrity_check").fetchone()[0])
    finally:
        connection.close()
    db = open_database(sqlite_url(path), create=False)
    try:
        with db.read() as session:
            members = session.scalar(select(func.count()).select_from(Membership)) or 0
        return integrity, members, audit.verify(db).ok
    finally:
        db.dispose()


def test_disk_full_during_an_import_saves_nothing_and_prints_one_line(
    tmp_path: Path, import_base: tuple[Path, str], worker_list: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    """`bpjs-desktop import workers` of 4,000 rows onto a disk with room for 50 more pages: exit
    1, one line saying the disk is full and nothing was half-saved, no traceback; the file is
    whole, without a single one of the 4,000, and its audit chain verifies."""
    base, npp = import_base
    path = tmp_path / "office.sqlite"
    copy_database(base, path)
    with disk_of(50):
        status = cli.main(["import", "workers", "--db", str(path), "--employer", npp,
                           str(worker_list)])  # fmt: skip
    captured = capsys.readouterr()
    assert status == cli.EXIT_KNOWN
    assert captured.err == f"bpjs-desktop: {FULL}\n", captured
    assert "Traceback" not in captured.out + captured.err
    assert _state(path) == ("ok", 0, True)


def test_disk_full_during_writes_keeps_every_write_that_succeeded(
    tmp_path: Path, import_base: tuple[Path, str]
) -> None:
    """Workers registered one by one until the disk is full: the write that did not fit fails
    with the disk-full message, every worker registered before it is there, the file is whole."""
    base, npp = import_base
    path = tmp_path / "office.sqlite"
    copy_database(base, path)
    db = open_database(sqlite_url(path), create=False)
    actor = Actor.command_line()
    registered: list[str] = []
    try:
        with disk_of(30), pytest.raises(DatabaseError) as failure:  # noqa: PT012
            db.dispose()  # new connections, with the limit
            for number in range(1, 5_000):
                worker = worker_registry.register_worker(
                    db, actor,
                    membership_common.WorkerInput(
                        nik=make_nik("3525", 91, date(1990, 5, 15), Sex.L, number),
                        name="Siti Aminah", birth_date=date(1990, 5, 15), sex=Sex.L,
                        segment=Segment.PU, start_date=date(2018, 1, 2), wage=4_000_000,
                        employer_npp=npp,
                    ),
                )  # fmt: skip
                registered.append(worker.kpj)
    finally:
        db.dispose()
    assert failure.value.message == FULL
    assert registered, "the disk filled before the first write: the test proves nothing"
    integrity, members, chain_ok = _state(path)
    assert (integrity, members, chain_ok) == ("ok", len(registered), True)


@pytest.fixture
def tiny_disk(tmp_path: Path) -> Iterator[Path]:
    """An 8 MB tmpfs, unmounted afterwards; skipped where mounting is not permitted."""
    mount_point = tmp_path / "tmpfs"
    mount_point.mkdir()
    if sys.platform != "linux" or shutil.which("mount") is None:
        pytest.skip("a tmpfs is mounted only on Linux")
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=8m", "tmpfs", str(mount_point)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    if done.returncode != 0:
        pytest.skip(f"mounting a tmpfs is not permitted here: {done.stderr.strip()}")
    try:
        yield mount_point
    finally:
        subprocess.run(["umount", "-l", str(mount_point)], check=False)


def test_a_real_full_disk_during_an_import(
    tiny_disk: Path, import_base: tuple[Path, str], worker_list: Path
) -> None:
    """The office file on an 8 MB tmpfs with 300 KB left: importing 4,000 workers ends with exit
    1 and the one disk-full line; once space is freed the file is whole and holds none of them."""
    base, npp = import_base
    path = tiny_disk / "office.sqlite"
    copy_database(base, path)
    filler = tiny_disk / "filler"
    free = shutil.disk_usage(tiny_disk).free
    filler.write_bytes(b"\0" * max(free - 300 * 1024, 0))
    env = dict(os.environ, PYTHONPATH=str(ROOT), BPJS_DATA_DIR=str(tiny_disk.parent / "data"))
    done = subprocess.run(
        [sys.executable, "-m", "bpjs_desktop", "import", "workers", "--db", str(path),
         "--employer", npp, str(worker_list)],
        capture_output=True, text=True, env=env, timeout=300, check=False,
    )  # fmt: skip
    assert done.returncode == cli.EXIT_KNOWN, done.stderr
    assert done.stderr == f"bpjs-desktop: {FULL}\n"
    filler.unlink()
    assert _state(path) == ("ok", 0, True)


def test_sqlite_errors_are_known_by_their_code_not_their_words() -> None:
    """SQLITE_FULL in other words (another SQLite build, another language) is still "disk full";
    the same words without the code (a bug's own message) are not taken for it."""
    full = sqlite3.OperationalError("kehabisan tempat")
    full.sqlite_errorcode = sqlite3.SQLITE_FULL
    known = translate_error(full)
    assert known is not None and known.message == FULL
    io_error = sqlite3.OperationalError("write failed")
    io_error.sqlite_errorcode = 778  # SQLITE_IOERR_WRITE: an extended code of SQLITE_IOERR
    known = translate_error(io_error)
    assert known is not None and known.message == "Kesalahan baca/tulis disk pada file database."
    assert translate_error(ValueError("database or disk is full")) is None
