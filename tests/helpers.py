"""Builders the tests share: worker lists (the import's Excel files), row counts.

Plain functions (fixtures live in the conftest.py files); each says what it builds, so that a
test reads as the case it tries."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import openpyxl
from sqlalchemy import func, select

from bpjs_desktop.db.engine import Database
from bpjs_desktop.db.models import AuditEvent, Membership, Person
from bpjs_desktop.exchange.worker_list import COLUMNS
from tests.conftest import fresh_nik

HEADERS = [c.header for c in COLUMNS]


def counts(db: Database) -> tuple[int, int, int]:
    """(people, memberships, audit events): what a refused change must leave as it was."""
    with db.read() as session:
        return (
            session.scalar(select(func.count()).select_from(Person)) or 0,
            session.scalar(select(func.count()).select_from(Membership)) or 0,
            session.scalar(select(func.count()).select_from(AuditEvent)) or 0,
        )


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
