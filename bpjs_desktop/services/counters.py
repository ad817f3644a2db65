"""Numbers the app issues (KPJ, NPP, claim numbers), without collision across workstations."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import select, update
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from bpjs_desktop.db.models import Counter

if TYPE_CHECKING:
    from sqlalchemy.dialects.postgresql import Insert as PgInsert


def _pg_insert(table: type[Counter]) -> PgInsert:
    """PostgreSQL's INSERT, imported here: the dialect is some 50 ms of imports that a SQLite
    workstation never needs (a server database loads it with its engine anyway)."""
    from sqlalchemy.dialects.postgresql import insert

    return insert(table)


def next_value(session: Session, name: str, count: int = 1, *, floor: int = 0) -> int:
    """Reserve *count* numbers of the sequence *name*; return the first of them.

    The counter row is created at *floor* if it is missing, then incremented with one UPDATE in the
    caller's write transaction: the row lock (PostgreSQL) or the IMMEDIATE transaction (SQLite)
    makes concurrent callers queue, so each number is handed out once.
    """
    dialect = session.get_bind().dialect.name
    insert = _pg_insert if dialect == "postgresql" else sqlite_insert
    session.execute(
        insert(Counter)
        .values(name=name, value=floor)
        .on_conflict_do_nothing(index_elements=["name"])
    )
    session.execute(update(Counter).where(Counter.name == name).values(value=Counter.value + count))
    last = session.scalar(select(Counter.value).where(Counter.name == name))
    assert last is not None
    return last - count + 1
