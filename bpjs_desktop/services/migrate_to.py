"""Move an office from its SQLite file onto a PostgreSQL server (issue #12).

An office that outgrows one desktop (several workstations, a regional server) copies its file into
an *empty* PostgreSQL database once. The target is brought to the current schema by the same
Alembic migrations as every database, then filled table by table in dependency order, in chunks of
Core inserts (memory stays flat however big the file), all in ONE transaction: a failure half-way
leaves the target as empty as it was. Before that transaction commits, every table's row count
and the sum of each of its money columns (``Money`` is ``BigInteger``: every BigInteger column is
summed, counters and targets too) are compared, source against target; then the serial sequences
are moved past the copied ids, and the audit chain is verified on the target as a user would.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import BigInteger, Connection, Table, delete, func, insert, inspect, select, text
from sqlalchemy import exc as sa_exc
from sqlalchemy.engine import make_url

from bpjs_desktop.db.engine import Database, describe_url, make_engine, translate_error
from bpjs_desktop.db.migrate import open_database
from bpjs_desktop.db.models import Base
from bpjs_desktop.errors import DatabaseError, KnownError
from bpjs_desktop.i18n import _
from bpjs_desktop.services import audit
from bpjs_desktop.services.context import Actor

CHUNK = 5_000  # rows per INSERT batch: memory stays flat whatever the size of the office
# Reference rows the migrations themselves write into a new database: replaced by the source's.
SEEDED = frozenset({"office", "holiday"})

Progress = Callable[[str, int], None]  # (table, rows copied so far)


@dataclass(frozen=True, slots=True)
class TableCopy:
    """One table as copied: rows, and the sum of each money column, equal on both sides."""

    table: str
    rows: int
    totals: tuple[tuple[str, int], ...]


@dataclass(frozen=True, slots=True)
class MigrateReport:
    source: str
    target: str
    tables: tuple[TableCopy, ...]
    seconds: float
    audit_events: int

    @property
    def rows(self) -> int:
        return sum(table.rows for table in self.tables)


def _tables() -> list[Table]:
    """Every table of the schema, parents before children."""
    return list(Base.metadata.sorted_tables)


def _money_columns(table: Table) -> list[str]:
    return [column.name for column in table.columns if isinstance(column.type, BigInteger)]


def _facts(connection: Connection, table: Table) -> tuple[int, tuple[tuple[str, int], ...]]:
    """(row count, sum of each money column) of *table*."""
    columns = _money_columns(table)
    row = connection.execute(
        select(
            func.count(),
            *(func.coalesce(func.sum(table.c[name]), 0) for name in columns),
        ).select_from(table)
    ).one()
    return int(row[0]), tuple(
        (name, int(value)) for name, value in zip(columns, row[1:], strict=True)
    )


def _require_empty(target_url: str) -> None:
    """Refuse a target that holds anything but what the migrations themselves write.

    Checked before migrating: a database of something else is never touched at all.
    """
    engine = make_engine(target_url)
    try:
        connection = engine.connect()
    except (sa_exc.OperationalError, sa_exc.DatabaseError) as exc:
        engine.dispose()
        known = translate_error(exc)
        if known is None:
            raise
        raise known from exc
    try:
        with connection:
            for name in inspect(connection).get_table_names():
                if name in SEEDED or name == "alembic_version":
                    continue
                quoted = connection.dialect.identifier_preparer.quote(name)
                found = connection.execute(text(f"SELECT 1 FROM {quoted} LIMIT 1")).first()  # noqa: S608
                if found is not None:
                    raise DatabaseError(
                        _(
                            "Database tujuan {target} tidak kosong (tabel {table} berisi data). "
                            "Pindah ke PostgreSQL hanya ke database yang kosong: buat database "
                            "baru di server, lalu ulangi."
                        ).format(target=describe_url(target_url), table=name)
                    )
    finally:
        engine.dispose()


def _source_rows(connection: Connection, table: Table) -> Iterator[Sequence[dict[str, Any]]]:
    """The rows of *table* in chunks, in key order (a self-referencing table: parents first)."""
    self_refs = [fk.parent for fk in table.foreign_keys if fk.column.table is table]
    if self_refs:
        # Only the office tree refers to itself: a few dozen rows, ordered here in Python.
        rows = [dict(r._mapping) for r in connection.execute(select(table))]
        key = table.primary_key.columns.values()[0].name
        placed: set[Any] = set()
        ordered: list[dict[str, Any]] = []
        while rows:
            ready = [
                r for r in rows if all(r[c.name] in placed or r[c.name] is None for c in self_refs)
            ]
            if not ready:
                raise KnownError(
                    _("Tabel {table} berisi rujukan melingkar").format(table=table.name)
                )
            ordered += ready
            placed.update(r[key] for r in ready)
            rows = [r for r in rows if r[key] not in placed]
        yield ordered
        return
    # A generated column (claim.clock_from) is computed again by the target, which refuses a value.
    stored = [c for c in table.columns if c.computed is None]
    result = connection.execution_options(yield_per=CHUNK).execute(
        select(*stored).order_by(*table.primary_key.columns)
    )
    for partition in result.partitions(CHUNK):
        yield [dict(r._mapping) for r in partition]


def _reset_sequences(connection: Connection) -> None:
    """Move every serial id sequence past the copied ids, so new rows do not collide."""
    for table in _tables():
        key = list(table.primary_key.columns)
        if len(key) != 1 or key[0].name != "id" or not key[0].autoincrement:
            continue
        connection.execute(
            text(
                f"SELECT setval(pg_get_serial_sequence(:table, 'id'), "  # noqa: S608
                f"COALESCE((SELECT MAX(id) FROM {table.name}), 1), "
                f"(SELECT MAX(id) FROM {table.name}) IS NOT NULL)"
            ),
            {"table": table.name},
        )


def migrate_to(
    source: Database, target_url: str, actor: Actor, progress: Progress | None = None
) -> MigrateReport:
    """Copy the SQLite office *source* into the empty PostgreSQL database at *target_url*.

    Raises:
        DatabaseError: the source is not a SQLite file, the target is not PostgreSQL, is not
            empty, cannot be reached; or a table's count or money total differs after copying
            (nothing is then kept on the target).
    """
    if not source.is_sqlite or source.path is None:
        raise DatabaseError(_("Sumber pindah ke PostgreSQL harus file database SQLite kantor"))
    if make_url(target_url).get_backend_name() != "postgresql":
        raise DatabaseError(
            _("Tujuan harus database PostgreSQL, misalnya postgresql://user@server/bpjs")
        )
    started = time.perf_counter()
    _require_empty(target_url)
    target = open_database(target_url)  # brought to the current schema by the same migrations
    copied: list[TableCopy] = []
    try:
        with source.engine.connect() as reading, target.engine.begin() as writing:
            for table in reversed(_tables()):
                if table.name in SEEDED:
                    writing.execute(delete(table))
            for table in _tables():
                done = 0
                for chunk in _source_rows(reading, table):
                    writing.execute(insert(table), list(chunk))
                    done += len(chunk)
                    if progress is not None:
                        progress(table.name, done)
                expected = _facts(reading, table)
                found = _facts(writing, table)
                if expected != found:
                    raise DatabaseError(
                        _(
                            "Salinan tabel {table} tidak sama dengan sumbernya (jumlah baris atau "
                            "total uang berbeda); tidak ada yang disimpan di PostgreSQL."
                        ).format(table=table.name)
                    )
                copied.append(TableCopy(table.name, found[0], found[1]))
            _reset_sequences(writing)
        report = audit.verify(target)
        if not report.ok:
            raise DatabaseError(
                _(
                    "Jejak audit di database tujuan tidak utuh mulai kejadian #{id}; periksa "
                    "jejak audit file sumber (bpjs-desktop audit verify)."
                ).format(id=report.first_broken_id)
            )
        with target.write() as session:
            audit.record(
                session, actor, "database.migrate_to", "database", "",
                {"source": Path(source.path).name, "rows": sum(t.rows for t in copied)},
            )  # fmt: skip
    finally:
        target.dispose()
    return MigrateReport(
        source=source.describe(),
        target=describe_url(target_url),
        tables=tuple(copied),
        seconds=time.perf_counter() - started,
        audit_events=report.events,
    )
