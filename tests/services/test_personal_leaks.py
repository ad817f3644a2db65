"""A day at the counter leaves no full NIK and no password in the log or on the audit trail.

Register a worker, search for them, reveal their row, export an error report that names them:
the log file written meanwhile (as the app writes it: cli.setup_logging's levels) and every
audit detail hold neither the NIK nor a password (issue #11 item 2). The whole test session is
scanned the same way at its end (tests/conftest.py, tests/leaks.py).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from bpjs_desktop.db.engine import Database
from bpjs_desktop.db.models import AuditEvent
from bpjs_desktop.exchange.worker_list import RowError, write_error_report
from bpjs_desktop.services import directory, membership_common, personal
from bpjs_desktop.services.context import Actor
from tests.leaks import PASSWORDS, leaks


@pytest.fixture
def app_log(tmp_path: Path) -> Iterator[Path]:
    """A log file on the root logger at the app's levels (INFO; SQLAlchemy at WARNING)."""
    folder = tmp_path / "logs"
    folder.mkdir()
    handler = logging.FileHandler(folder / "bpjs-desktop.log", encoding="utf-8")
    root = logging.getLogger()
    level, sql_level = root.level, logging.getLogger("sqlalchemy").level
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    logging.getLogger("sqlalchemy").setLevel(logging.WARNING)
    try:
        yield folder
    finally:
        root.removeHandler(handler)
        handler.close()
        root.setLevel(level)
        logging.getLogger("sqlalchemy").setLevel(sql_level)


def test_register_search_reveal_export_leave_no_nik_behind(
    db: Database,
    admin: Actor,
    make_employer: Callable[..., membership_common.EmployerRow],
    make_worker: Callable[..., membership_common.WorkerRow],
    app_log: Path,
    tmp_path: Path,
) -> None:
    worker = make_worker(name="SITI AMINAH", employer_npp=make_employer().npp)
    hits = directory.search(db, worker.nik, actor=admin)
    assert [h.key for h in hits] == [worker.kpj] and worker.nik not in hits[0].subtitle
    assert personal.reveal(db, admin, "membership", worker.membership_id, "cek KTP")["nik"] == (
        worker.nik
    )
    errors = [RowError(3, "NIK", worker.nik, "NIK sudah terdaftar")]
    personal.record_export(db, admin, personal.IMPORT_ERROR_REPORT, len(errors), "perbaikan PK")
    report = write_error_report(tmp_path / "kesalahan.xlsx", errors)
    assert report.exists()
    logging.getLogger("bpjs_desktop").info("scenario done for membership %s", worker.membership_id)

    with db.read() as session:
        details = list(session.scalars(select(AuditEvent.detail)))
    # The reveal and the export are on the trail…
    assert {"personal.reveal", "personal.export"} <= db_actions(db)
    assert not [d for d in details if worker.nik in d]  # … without the NIK
    assert not [d for d in details for p in PASSWORDS if p in d]
    assert leaks([app_log], tmp_path) == []
    assert "scenario done" in (app_log / "bpjs-desktop.log").read_text(encoding="utf-8")


def db_actions(db: Database) -> set[str]:
    with db.read() as session:
        return set(session.scalars(select(AuditEvent.action)))


def test_the_scanner_finds_a_planted_nik_and_password(tmp_path: Path) -> None:
    """The scanner itself: a planted NIK and password are found (else it proves nothing)."""
    nik = "3578014501900001"  # Kota Surabaya (3578), born 05-01-1990, a woman (45 = 5 + 40)
    folder = tmp_path / "logs"
    folder.mkdir()
    (folder / "bpjs-desktop.log").write_text(f"x {nik} y {PASSWORDS[0]}\n")
    found = leaks([folder], tmp_path / "none")
    assert any(nik in f for f in found) and any("password" in f for f in found)
