"""`bpjs-desktop migrate-to`: an office's SQLite file moves onto an empty PostgreSQL database."""

from __future__ import annotations

import shutil
import uuid
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import BigInteger, create_engine, func, select, text
from sqlalchemy.engine import make_url

from bpjs_desktop import cli
from bpjs_desktop.db.engine import sqlite_url
from bpjs_desktop.db.migrate import open_database
from bpjs_desktop.db.models import AuditEvent, Base, Employer
from bpjs_desktop.domain.identifiers import Sex
from bpjs_desktop.domain.programmes import Segment, SizeClass
from bpjs_desktop.services import audit, employer_registry, membership_common, worker_registry
from bpjs_desktop.services.context import Actor
from tests.conftest import fresh_nik, new_pg_database

pytestmark = pytest.mark.postgres


@pytest.fixture
def empty_pg(pg_server_url: str) -> Iterator[str]:
    """A new database of its own on the test server, with nothing in it; dropped afterwards."""
    with new_pg_database(pg_server_url, "bpjs_move") as url:
        yield url


def _facts(url: str) -> dict[str, tuple[int, ...]]:
    """Per table: its row count and the sum of each BigInteger (money) column, read by plain SQL."""
    engine = create_engine(url)
    facts = {}
    with engine.connect() as connection:
        for table in Base.metadata.sorted_tables:
            sums = [
                f"COALESCE(SUM({c.name}), 0)"
                for c in table.columns
                if isinstance(c.type, BigInteger)
            ]
            row = connection.execute(
                text(f"SELECT {', '.join(['COUNT(*)', *sums])} FROM {table.name}")
            ).one()
            facts[table.name] = tuple(int(value) for value in row)
    engine.dispose()
    return facts


def test_the_demo_office_moves_whole_onto_postgresql(
    demo_file: Path, tmp_path: Path, empty_pg: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """The small demo copied into an empty PostgreSQL database: every table has the same rows
    and the same money totals as the file, the audit chain verifies there (the file's events and
    one for the move), the command prints a line per table, and the office works on: a worker
    registered on the server gets new ids after the copied ones."""
    path = tmp_path / "office.sqlite"
    shutil.copyfile(demo_file, path)
    before = _facts(sqlite_url(path))
    assert before["membership"][0] > 0 and before["contribution_bill"][0] > 0

    status = cli.main(["migrate-to", empty_pg, "--db", str(path)])

    out = capsys.readouterr().out
    assert status == cli.EXIT_OK, out
    assert all(f"\n{table}" in out for table in ("membership", "audit_event", "payment"))
    after = _facts(empty_pg)
    after["audit_event"] = (after["audit_event"][0] - 1, *after["audit_event"][1:])  # the move
    assert after == before
    target = open_database(empty_pg, create=False)
    try:
        report = audit.verify(target)
        assert report.ok and report.events == before["audit_event"][0] + 1
        with target.read() as session:
            moved = session.scalars(
                select(AuditEvent.action).order_by(AuditEvent.id.desc())
            ).first()
            last_employer = session.scalar(select(func.max(Employer.id)))
        assert moved == "database.migrate_to"
        actor = Actor.command_line()
        employer = employer_registry.register_employer(
            target, actor,
            membership_common.EmployerInput(
                name="PT Pindah Server", kbli="10710", size_class=SizeClass.MENENGAH,
                office_code="GRS", regency_code="3525", registered_on=date(2017, 1, 2),
            ),
        )  # fmt: skip
        worker = worker_registry.register_worker(
            target, actor,
            membership_common.WorkerInput(
                nik=fresh_nik(date(1991, 2, 3), Sex.P), name="Dewi Lestari",
                birth_date=date(1991, 2, 3), sex=Sex.P, segment=Segment.PU,
                start_date=date(2018, 3, 1), wage=4_200_000, employer_npp=employer.npp,
            ),
        )  # fmt: skip
        with target.read() as session:
            new_employer = session.scalar(select(Employer.id).where(Employer.npp == employer.npp))
        assert last_employer is not None and new_employer == last_employer + 1
        assert worker.kpj
        assert audit.verify(target).ok
    finally:
        target.dispose()


def test_a_database_that_is_not_empty_is_refused(
    sqlite_db, empty_pg: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """A second move onto the same database is refused with one line naming a table that holds
    data; nothing is added there."""
    path = sqlite_db.path
    sqlite_db.dispose()
    assert cli.main(["migrate-to", empty_pg, "--db", str(path)]) == cli.EXIT_OK
    events = _facts(empty_pg)["audit_event"][0]
    capsys.readouterr()

    status = cli.main(["migrate-to", empty_pg, "--db", str(path)])

    err = capsys.readouterr().err
    assert status == cli.EXIT_KNOWN
    assert err.count("\n") == 1 and "tidak kosong" in err
    assert _facts(empty_pg)["audit_event"][0] == events


def test_the_target_must_be_postgresql(
    sqlite_db, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A SQLite file as the target is refused: the move is to a server."""
    path = sqlite_db.path
    sqlite_db.dispose()
    status = cli.main(["migrate-to", sqlite_url(tmp_path / "lain.sqlite"), "--db", str(path)])
    assert status == cli.EXIT_KNOWN
    assert "Tujuan harus database PostgreSQL" in capsys.readouterr().err


def test_a_database_missing_on_the_server_is_named_plainly(
    sqlite_db, pg_server_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """A target database that was never created: one line saying so, exit 1, no traceback."""
    path = sqlite_db.path
    sqlite_db.dispose()
    url = make_url(pg_server_url).set(database=f"belum_ada_{uuid.uuid4().hex[:6]}")
    status = cli.main(["migrate-to", url.render_as_string(hide_password=False), "--db", str(path)])
    assert status == cli.EXIT_KNOWN
    assert capsys.readouterr().err == "bpjs-desktop: Database PostgreSQL yang diminta tidak ada.\n"
