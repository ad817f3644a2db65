"""Builders the tests share: worker lists (the import's Excel files), row counts, claims.

Plain functions (fixtures live in the conftest.py files); each says what it builds, so that a
test reads as the case it tries."""

from __future__ import annotations

import errno
import os
import shutil
import sqlite3
from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from sqlalchemy import Row, func, select, text

from bpjs_desktop.db.engine import Database
from bpjs_desktop.db.migrate import current_revision, head_revision
from bpjs_desktop.db.models import AuditEvent, Membership, Person
from bpjs_desktop.domain.claim_details import DisabilityPeriod, JkkDetail, JkkOutcome
from bpjs_desktop.domain.claims import ClaimType
from bpjs_desktop.exchange.worker_list import COLUMNS
from bpjs_desktop.services import agents_projects, backup, claims, scope
from bpjs_desktop.services.claims import ClaimInput
from bpjs_desktop.services.context import Actor
from tests.conftest import fresh_nik

HEADERS = [c.header for c in COLUMNS]


def count(db: Database, model: type) -> int:
    """How many rows the table of *model* holds."""
    with db.read() as session:
        return session.scalar(select(func.count()).select_from(model)) or 0


def counts(db: Database) -> tuple[int, int, int]:
    """(people, memberships, audit events): what a refused change must leave as it was."""
    with db.read() as session:
        return (
            session.scalar(select(func.count()).select_from(Person)) or 0,
            session.scalar(select(func.count()).select_from(Membership)) or 0,
            session.scalar(select(func.count()).select_from(AuditEvent)) or 0,
        )


def refusals(db: Database) -> int:
    """How many refusals outside the actor's offices the audit trail holds (issue #11)."""
    with db.read() as session:
        refused = AuditEvent.action == scope.REFUSED_ACTION
        return session.scalar(select(func.count()).select_from(AuditEvent).where(refused)) or 0


def assert_sound_at_head(db: Database) -> None:
    """The file stands at the head revision and passes the app's own check (audit chain too)."""
    assert current_revision(db) == head_revision()
    report = backup.check(db)
    assert report.ok, report.lines


def refuse_copies_into(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The backup service's file copies into *folder* fail as the system answers in a read-only
    folder (EACCES): as root a chmod would not bind."""
    real_copy = shutil.copyfile

    def copyfile(source: Path, target: Path) -> Path:
        if Path(target).parent == folder:
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(target))
        return Path(real_copy(source, target))

    monkeypatch.setattr(backup.shutil, "copyfile", copyfile)


# --- worker lists --------------------------------------------------------------------------------


def list_row(**overrides: object) -> list[object]:
    """A valid row for an employer of KC Gresik registered in 2017 (the make_employer default):
    a man born 15/05/1990 with a NIK of his own, from 02/01/2018 on Rp4.500.000. Keyword
    arguments (column keys) replace cells."""
    values: dict[str, object] = {
        "nik": overrides["nik"] if "nik" in overrides else fresh_nik(),  # spend no serial in vain
        "name": "Budi Santoso",
        "birth_place": "Gresik",
        "birth_date": "15/05/1990",
        "sex": "L",
        "mother_name": "Sumiati",
        "start_date": "02/01/2018",
        "wage": "4.500.000",
        "job_title": "Operator",
        "programmes": "",
        "phone": "081234567890",
    }
    values.update(overrides)
    return [values[c.key] for c in COLUMNS]


def write_list(path: Path, rows: Iterable[list[object]], headers: list[str] = HEADERS) -> Path:
    """Save `rows` under `headers` as the first sheet of an Excel file at `path`."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(headers)
    for values in rows:
        sheet.append(values)
    workbook.save(path)
    return path


def register_project(
    db: Database, actor: Actor, npp: str, **overrides: object
) -> agents_projects.ProjectRow:
    """Register a construction project (Jakon) of the contractor `npp`: Rp2 milyar, March to
    December 2018, in Kab. Gresik; keyword arguments replace any of these."""
    values: dict[str, object] = {
        "name": "Jalan Tol Krian",
        "contract_value": 2_000_000_000,
        "start_date": date(2018, 3, 1),
        "end_date": date(2018, 12, 31),
        "regency_code": "3525",
    }
    return agents_projects.register_project(db, actor, employer_npp=npp, **(values | overrides))


# --- claims --------------------------------------------------------------------------------------


def claim_of(
    kpj: str, kind: ClaimType, event: str, submitted: str | None = None, **more: Any
) -> ClaimInput:
    """A claim's input, its dates as ISO strings: the event (or the day work ended) and the day
    the claim was handed in (default: today)."""
    on = date.fromisoformat(submitted) if submitted else None
    return ClaimInput(kpj, kind, date.fromisoformat(event), submitted_on=on, **more)


def log_jkk_accident(db: Database, actor: Actor, kpj: str) -> claims.ClaimRow:
    """Log the JKK claim of a work accident on 05/03/2018, reported the next day: 30 days off
    work (06/03–04/04/2018), recovered; submitted 09/04/2018. The amount is the test's to work."""
    detail = JkkDetail(
        outcome=JkkOutcome.SEMBUH,
        stage1_reported_on=date(2018, 3, 6),
        stmb=(DisabilityPeriod(date(2018, 3, 6), date(2018, 4, 4)),),
    )
    claim = ClaimInput(
        kpj=kpj,
        claim_type=ClaimType.JKK,
        event_date=date(2018, 3, 5),
        submitted_on=date(2018, 4, 9),
        detail=detail,
    )
    return claims.log_claim(db, actor, claim)


# --- looking data up ------------------------------------------------------------------------------


def one_row(db: Database, sql: str, **params: object) -> Row[Any]:
    """The one row `sql` reads (a test looking up the demo record it needs); fails on none."""
    with db.read() as session:
        return session.execute(text(sql), params).one()


def sqlite_rows(path: Path, sql: str) -> list[tuple[object, ...]]:
    """The rows *sql* reads from the SQLite file at *path*, opened read-only with the standard
    library (no engine, no migration: what the file holds as it is)."""
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return connection.execute(sql).fetchall()
    finally:
        connection.close()
