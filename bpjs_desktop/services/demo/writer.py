"""Bulk rows into the demo database: many rows to an INSERT on SQLite (indexes built once at the
end), COPY on PostgreSQL."""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import date
from functools import cache
from itertools import islice
from operator import itemgetter
from pathlib import Path
from typing import Any

import numpy as np

from bpjs_desktop.db.engine import Database
from bpjs_desktop.services.demo.side import (
    FTS_INSERT,
    FTS_SHADOWS,
    Run,
    _helper_available,
    _SideWriter,
    column_rows,
    insert_rows,
)


@cache
def _iso(ordinal: int) -> str:
    return date.fromordinal(ordinal).isoformat()


def _half_up(values: np.ndarray, ppm: int | np.ndarray) -> np.ndarray:
    """Vectorised :func:`bpjs_desktop.domain.money.apply_rate` for non-negative amounts."""
    return (values * ppm + 500_000) // 1_000_000


_NO_ID_TABLES = {"counter", "setting"}  # keyed by name, no serial id to move past the bulk rows
_PRAGMAS = ("journal_mode = OFF", "synchronous = OFF", "cache_size = -400000",
            "temp_store = MEMORY", "foreign_keys = OFF", "locking_mode = EXCLUSIVE")  # fmt: skip
# Written by the helper process (side.py) on SQLite, with the name-search index: the biggest
# table, which with its indexes and that index costs about as much as the generator's own work
# left here (the bills too would make the helper the one waited for).
SIDE_TABLES = ("membership",)


class BulkWriter:
    """Streams rows into tables: multi-row INSERTs (``side.insert_rows``) on a raw SQLite
    connection, COPY on PostgreSQL."""

    CHUNK = 20_000

    def __init__(self, db: Database, sqlite_path: Path | None, *, parallel: bool = True) -> None:
        self.db = db
        self.sqlite: sqlite3.Connection | None = None
        self.pg: Any = None
        self.side: _SideWriter | None = None
        self.side_closed = False
        if sqlite_path is not None:
            self.sqlite = sqlite3.connect(sqlite_path, isolation_level=None)
            for pragma in _PRAGMAS:
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
            if parallel and _helper_available() and self._has_fts():
                self.side = _SideWriter(
                    sqlite_path.with_name(sqlite_path.name + ".side"), _PRAGMAS, self._side_schema()
                )
            self.sqlite.execute("BEGIN")
        else:
            self.pg = db.engine.raw_connection()
        self.counts: dict[str, int] = defaultdict(int)

    def _has_fts(self) -> bool:
        assert self.sqlite is not None
        return bool(
            self.sqlite.execute(
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'person_fts'"
            ).fetchone()
        )

    def _side_schema(self) -> list[str]:
        """The side tables and the name-search index, by the main file's own statements (the
        copy back is a page copy only between tables created alike).

        There only, the index gathers 64 MB of names in memory before it writes a segment (FTS5's
        ``hashsize``, 1 MB by default): fewer, bigger segments and less merging, a third less
        work for the same index. The setting stays in the side file's own configuration table,
        which is not copied: the demo's index keeps the app's defaults."""
        assert self.sqlite is not None
        return [
            *(
                sql
                for (sql,) in self.sqlite.execute(
                    "SELECT sql FROM sqlite_master WHERE type = 'table' AND name IN "  # noqa: S608
                    f"({', '.join('?' * len(SIDE_TABLES))}, 'person_fts')",
                    SIDE_TABLES,
                )
            ),
            "INSERT INTO person_fts(person_fts, rank) VALUES ('hashsize', 67108864)",
        ]

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

    def insert_columns(
        self, table: str, columns: Sequence[str], n: int, values: list[list[Run]]
    ) -> int:
        """:meth:`insert` for *n* rows given as columns of runs (``side.column_rows``): a side
        table's go to the helper so, the others are written here from the rows they make."""
        if self.side is None or table not in SIDE_TABLES:
            return self.insert(table, columns, column_rows(values))
        if self.side_closed:
            raise RuntimeError(f"{table} rows after close_side()")
        self.side.send(f"INSERT INTO {table} ({', '.join(columns)})", (n, values))
        self.counts[table] += n
        return n

    def _flush(self, table: str, columns: Sequence[str], rows: list[tuple[Any, ...]]) -> None:
        cols = ", ".join(columns)
        if self.sqlite is not None:
            head = f"INSERT INTO {table} ({cols})"
            if self.side is None:
                insert_rows(self.sqlite, head, rows)
                return
            if self.side_closed and (table in SIDE_TABLES or table == "person"):
                raise RuntimeError(f"{table} rows after close_side()")
            if table in SIDE_TABLES:
                self.side.send(head, rows)
            else:
                insert_rows(self.sqlite, head, rows)
                if table == "person":  # the names, for the name-search index over there
                    key, name = columns.index("id"), columns.index("name")
                    ids, names = list(map(itemgetter(key), rows)), list(map(itemgetter(name), rows))
                    self.side.send(
                        FTS_INSERT,
                        (len(rows), [[("l", len(rows), ids)], [("l", len(rows), names)]]),
                    )
        else:
            cursor = self.pg.cursor()
            with cursor.copy(f"COPY {table} ({cols}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            cursor.close()

    def close_side(self) -> None:
        """The side tables (and the persons) are all written: the helper builds their indexes
        and commits now, in parallel with the tables still to come."""
        if self.side is not None and not self.side_closed:
            self.side_closed = True
            self.side.close(
                [sql for _name, sql in self.suspended_indexes if _index_table(sql) in SIDE_TABLES]
            )

    def commit(self) -> None:
        if self.sqlite is not None:
            for _name, sql in self.suspended_indexes:
                self.sqlite.execute(sql)  # the side tables' are built over there, then copied
            if self.side is not None:
                self._take_side(self.side)
            elif self._has_fts():
                self.sqlite.execute("INSERT INTO person_fts(person_fts) VALUES ('rebuild')")
            for sql in self.suspended_triggers:
                self.sqlite.execute(sql)
            self.sqlite.execute("COMMIT")
            if self.side is not None:
                self.sqlite.execute("DETACH side")
                self.side.path.unlink(missing_ok=True)
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

    def _take_side(self, side: _SideWriter) -> None:
        """Wait for the helper, then copy its tables (with their indexes) and the name-search
        index into this file: a transfer of whole records, the main tables being empty."""
        assert self.sqlite is not None
        self.close_side()
        side.wait()
        self.sqlite.execute("ATTACH DATABASE ? AS side", (str(side.path),))
        for table in SIDE_TABLES:
            self.sqlite.execute(f"INSERT INTO main.{table} SELECT * FROM side.{table}")  # noqa: S608
        for shadow in FTS_SHADOWS:
            self.sqlite.execute(f"DELETE FROM main.{shadow}")  # noqa: S608
            self.sqlite.execute(f"INSERT INTO main.{shadow} SELECT * FROM side.{shadow}")  # noqa: S608

    def rollback(self) -> None:
        if self.side is not None:
            self.side.abort()
        if self.sqlite is not None:
            try:
                self.sqlite.execute("ROLLBACK")
            finally:
                self.sqlite.close()
        elif self.pg is not None:
            self.pg.rollback()
            self.pg.close()


def _index_table(sql: str) -> str:
    """The table of a ``CREATE INDEX name ON table (…)`` statement."""
    return sql.split(" ON ", 1)[1].split("(", 1)[0].strip().strip('"')
