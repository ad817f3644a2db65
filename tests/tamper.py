"""Changing a database behind the app's back, as someone holding the file or a SQL client could.

The audit table refuses UPDATE and DELETE through triggers; whoever means to tamper drops the
guard first (anyone who can write the SQLite file can). Tests of what ``audit verify`` still finds
then do the same.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import text

from bpjs_desktop.db.engine import Database


def drop_audit_guard(db: Database) -> None:
    """Remove the append-only triggers of ``audit_event``."""
    with db.engine.begin() as connection:
        if db.is_sqlite:
            connection.execute(text("DROP TRIGGER IF EXISTS audit_event_no_update"))
            connection.execute(text("DROP TRIGGER IF EXISTS audit_event_no_delete"))
        else:
            connection.execute(
                text("DROP TRIGGER IF EXISTS audit_event_append_only ON audit_event")
            )


def restore_audit_guard(db: Database) -> None:
    """Put the triggers back (PostgreSQL tests share one database across tests)."""
    from bpjs_desktop.db.models import AUDIT_GUARD_POSTGRESQL, AUDIT_GUARD_SQLITE

    drop_audit_guard(db)
    with db.engine.begin() as connection:
        for statement in AUDIT_GUARD_SQLITE if db.is_sqlite else AUDIT_GUARD_POSTGRESQL:
            connection.execute(text(statement))


@contextmanager
def unguarded(db: Database) -> Iterator[None]:
    """The audit table without its guard for the block; the guard is back afterwards (the
    PostgreSQL tests share one database, so a test must not leave it unguarded)."""
    drop_audit_guard(db)
    try:
        yield
    finally:
        restore_audit_guard(db)


def tamper(db: Database, sql: str, **params: object) -> None:
    """Run *sql* on the database directly, the guard dropped for it."""
    with unguarded(db), db.engine.begin() as connection:
        connection.execute(text(sql), params)
