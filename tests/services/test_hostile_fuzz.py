"""Arbitrary text, numbers and small files at each entry point (issue #12): the answer is a
result or a clear message (a KnownError), never an unexpected error, and a refusal leaves the
database as it was."""

from __future__ import annotations

import itertools
from datetime import date
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from bpjs_desktop.db.engine import Database
from bpjs_desktop.db.models import AuditEvent, Employer, Membership, Person
from bpjs_desktop.domain.identifiers import Sex
from bpjs_desktop.domain.programmes import Segment, SizeClass
from bpjs_desktop.errors import KnownError
from bpjs_desktop.exchange.worker_list import COLUMNS
from bpjs_desktop.services import (
    directory,
    employer_registry,
    imports,
    membership_common,
    worker_registry,
)
from bpjs_desktop.services.context import Actor
from tests.conftest import fresh_nik

FUZZ = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

HOSTILE_TEXT = st.one_of(
    st.text(max_size=60),
    st.text(alphabet=st.characters(codec="utf-8"), min_size=100, max_size=400),
    st.sampled_from(["\u00b2\u00b3\u2074", "\u2460\u2461", "=1+1", "+HYPERLINK(1)", "@SUM(A:A)",
                     "-CMD|' /C CALC'!A0", "A\x00B", "\ud800", "x" * 10_000, "siti " * 1_000,
                     "Budi Santoso", "3525015505900001", ""]),
)  # fmt: skip
NUMBERS = st.one_of(
    st.none(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.sampled_from([0, 1, 4_500_000, 10**10, 10**10 + 1, 2**63, 10**20]),
)
DATES = st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31))


def state(db: Database) -> tuple[int, int, int, int]:
    """(employers, people, memberships, audit events)."""
    with db.read() as session:
        return tuple(  # type: ignore[return-value]
            session.scalar(select(func.count()).select_from(table)) or 0
            for table in (Employer, Person, Membership, AuditEvent)
        )


def refusal(call: Any) -> KnownError | None:
    """The KnownError *call* raised, or None; anything else propagates (a bug)."""
    try:
        call()
    except KnownError as exc:
        return exc
    return None


def attempt(db: Database, call: Any) -> None:
    before = state(db)
    refused = refusal(call)
    if refused is not None:
        assert refused.message.strip()
        assert state(db) == before  # a refusal writes nothing


@FUZZ
@given(name=HOSTILE_TEXT, place=HOSTILE_TEXT, phone=HOSTILE_TEXT, nik=HOSTILE_TEXT,
       wage=NUMBERS, birth=DATES, start=DATES, real_nik=st.booleans())  # fmt: skip
def test_register_worker_with_anything(
    db: Database, admin: Actor, make_employer: Any, name: str, place: str, phone: str, nik: str,
    wage: int | None, birth: date, start: date, real_nik: bool,
) -> None:  # fmt: skip
    npp = _employer(db, make_employer)
    data = membership_common.WorkerInput(
        nik=fresh_nik(date(1990, 5, 15), Sex.L) if real_nik else nik,
        name=name,
        birth_date=date(1990, 5, 15) if real_nik else birth,
        sex=Sex.L,
        segment=Segment.PU,
        start_date=start,
        birth_place=place,
        phone=phone,
        wage=wage,
        employer_npp=npp,
    )
    attempt(db, lambda: worker_registry.register_worker(db, admin, data))


_EMPLOYERS: dict[str, str] = {}


def _employer(db: Database, make_employer: Any) -> str:
    key = db.url
    if key not in _EMPLOYERS or membership_missing(db, _EMPLOYERS[key]):
        _EMPLOYERS[key] = make_employer().npp
    return _EMPLOYERS[key]


def membership_missing(db: Database, npp: str) -> bool:
    with db.read() as session:
        return session.scalar(select(Employer.id).where(Employer.npp == npp)) is None


@FUZZ
@given(name=HOSTILE_TEXT, address=HOSTILE_TEXT, email=HOSTILE_TEXT, nib=HOSTILE_TEXT,
       postal=HOSTILE_TEXT, registered=DATES)  # fmt: skip
def test_register_employer_with_anything(
    db: Database, admin: Actor, name: str, address: str, email: str, nib: str, postal: str,
    registered: date,
) -> None:  # fmt: skip
    data = membership_common.EmployerInput(
        name=name, kbli="10710", size_class=SizeClass.MENENGAH, office_code="GRS",
        regency_code="3525", registered_on=registered, address=address, contact_email=email,
        nib=nib, postal_code=postal,
    )  # fmt: skip
    attempt(db, lambda: employer_registry.register_employer(db, admin, data))


@FUZZ
@given(query=HOSTILE_TEXT)
def test_search_with_anything(db: Database, query: str) -> None:
    before = state(db)
    assert isinstance(directory.search(db, query), list)
    assert state(db) == before


_COUNTER = itertools.count()


@FUZZ
@given(
    cells=st.lists(st.lists(st.one_of(HOSTILE_TEXT, NUMBERS.map(str)), min_size=11,
                            max_size=11), max_size=4),
    raw=st.binary(max_size=300),
    suffix=st.sampled_from([".csv", ".xlsx", ".csv-raw"]),
)  # fmt: skip
def test_import_dry_run_with_any_small_file(
    db: Database, admin: Actor, make_employer: Any, tmp_path: Path, cells: list[list[str]],
    raw: bytes, suffix: str,
) -> None:  # fmt: skip
    npp = _employer(db, make_employer)
    number = next(_COUNTER)
    if suffix == ".csv-raw":
        path = tmp_path / f"f{number}.csv"
        path.write_bytes(raw)
    elif suffix == ".xlsx":
        path = tmp_path / f"f{number}.xlsx"
        path.write_bytes(b"PK\x03\x04" + raw)
    else:
        path = tmp_path / f"f{number}.csv"
        lines = [";".join(c.header for c in COLUMNS)]
        lines += [";".join(v.replace(";", ",").replace("\n", " ") for v in row) for row in cells]
        path.write_bytes("\n".join(lines).encode("utf-8", "surrogatepass"))
    before = state(db)
    refused = refusal(lambda: imports.dry_run(db, admin, npp, path))
    assert refused is None or (refused.message.strip() and len(refused.message) < 2_000)
    assert state(db) == before  # a dry run never writes
