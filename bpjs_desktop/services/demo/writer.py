"""Bulk rows into the demo database: executemany on SQLite (indexes built once at the end), COPY
on PostgreSQL."""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import date
from functools import cache
from itertools import islice
from pathlib import Path
from typing import Any

import numpy as np

from bpjs_desktop.db.engine import Database


@cache
def _iso(ordinal: int) -> str:
    return date.fromordinal(ordinal).isoformat()


def _half_up(values: np.ndarray, ppm: int | np.ndarray) -> np.ndarray:
    """Vectorised :func:`bpjs_desktop.domain.money.apply_rate` for non-negative amounts."""
    return (values * ppm + 500_000) // 1_000_000


_NO_ID_TABLES = {"counter", "setting"}  # keyed by name, no serial id to move past the bulk rows


class BulkWriter:
    """Streams rows into tables: ``executemany`` on a raw SQLite connection, COPY on PostgreSQL."""

    CHUNK = 20_000

    def __init__(self, db: Database, sqlite_path: Path | None) -> None:
        self.db = db
        self.sqlite: sqlite3.Connection | None = None
        self.pg: Any = None
        if sqlite_path is not None:
            self.sqlite = sqlite3.connect(sqlite_path, isolation_level=None)
            for pragma in (
                "journal_mode = OFF", "synchronous = OFF", "cache_size = -400000",
                "temp_store = MEMORY", "foreign_keys = OFF", "locking_mode = EXCLUSIVE",
            ):  # fmt: skip
                self.sqlite.execute(f"PRAGMA {pragma}")
            # The name-search triggers (revision 0003) would index every row one by one: set
            # them aside for the load and rebuild the index once at the end (5 s per million).
            self.suspended_triggers = [
                sql
                for (sql,) in self.sqlite.execute(
                    "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'person'"
                )
            ]
            for (name,) in self.sqlite.execute(
                "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'person'"
            ).fetchall():
                self.sqlite.execute(f'DROP TRIGGER "{name}"')
            # Likewise the secondary indexes: kept up row by row they cost more than the rows
            # themselves; built once from the sorted rows at the end they cost a few seconds.
            # (The unique constraints' own indexes stay: they are part of their tables.)
            self.suspended_indexes = [
                (name, sql)
                for name, sql in self.sqlite.execute(
                    "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"
                ).fetchall()
            ]
            for name, _sql in self.suspended_indexes:
                self.sqlite.execute(f'DROP INDEX "{name}"')
            self.sqlite.execute("BEGIN")
        else:
            self.pg = db.engine.raw_connection()
        self.counts: dict[str, int] = defaultdict(int)

    def insert(self, table: str, columns: Sequence[str], rows: Iterable[tuple[Any, ...]]) -> int:
        written = 0
        if isinstance(rows, list):  # sliced, not copied row by row
            chunks: Iterable[list[tuple[Any, ...]]] = (
                rows[i : i + self.CHUNK] for i in range(0, len(rows), self.CHUNK)
            )
        else:
            source = iter(rows)
            chunks = iter(lambda: list(islice(source, self.CHUNK)), [])
        for chunk in chunks:
            self._flush(table, columns, chunk)
            written += len(chunk)
        self.counts[table] += written
        return written

    def _flush(self, table: str, columns: Sequence[str], rows: list[tuple[Any, ...]]) -> None:
        cols = ", ".join(columns)
        if self.sqlite is not None:
            marks = ", ".join("?" * len(columns))
            self.sqlite.executemany(f"INSERT INTO {table} ({cols}) VALUES ({marks})", rows)  # noqa: S608
        else:
            cursor = self.pg.cursor()
            with cursor.copy(f"COPY {table} ({cols}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            cursor.close()

    def commit(self) -> None:
        if self.sqlite is not None:
            for _name, sql in self.suspended_indexes:
                self.sqlite.execute(sql)
            for sql in self.suspended_triggers:
                self.sqlite.execute(sql)
            if self.sqlite.execute(
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'person_fts'"
            ).fetchone():
                self.sqlite.execute("INSERT INTO person_fts(person_fts) VALUES ('rebuild')")
            self.sqlite.execute("COMMIT")
            self.sqlite.execute("PRAGMA locking_mode = NORMAL")
            self.sqlite.execute("PRAGMA journal_mode = WAL")
            self.sqlite.execute("ANALYZE")
            self.sqlite.close()
        else:
            cursor = self.pg.cursor()
            for table in self.counts:
                if table in _NO_ID_TABLES:
                    continue
                cursor.execute(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "  # noqa: S608
                    f"(SELECT COALESCE(MAX(id), 1) FROM {table}))"
                )
            self.pg.commit()
            cursor.execute("ANALYZE")
            self.pg.commit()
            self.pg.close()

    def rollback(self) -> None:
        if self.sqlite is not None:
            try:
                self.sqlite.execute("ROLLBACK")
            finally:
                self.sqlite.close()
        elif self.pg is not None:
            self.pg.rollback()
            self.pg.close()
