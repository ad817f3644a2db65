"""Engines and sessions for SQLite (one file per office) and PostgreSQL (a shared server).

SQLite is opened with foreign keys on, WAL journal (DELETE on request, for files on a network
share where WAL does not work), ``synchronous=FULL``, a busy timeout, and write transactions that
begin ``IMMEDIATE`` so that two writers queue instead of failing half-way with "database is locked".
PostgreSQL write transactions queue the same way, behind one advisory lock (no lost updates).
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import quote

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy import exc as sa_exc
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from bpjs_desktop.db.urls import sqlite_url as sqlite_url
from bpjs_desktop.errors import DatabaseError
from bpjs_desktop.i18n import _

BUSY_TIMEOUT_MS = 10_000
# PostgreSQL advisory lock key that queues write transactions ("BPJW"; the audit chain has its own).
PG_WRITE_LOCK = 0x42504A57
CACHE_KIB = 65_536  # 64 MiB page cache: the big indexes of a regional office fit (stack-notes §4b)


def _configure_sqlite(engine: Engine, journal_mode: str | None) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
        # Let SQLAlchemy's "begin" event emit BEGIN itself (pysqlite's own is deferred and late).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA foreign_keys = ON")
        if journal_mode is not None:
            cursor.execute(f"PRAGMA journal_mode = {journal_mode}")
            cursor.execute("PRAGMA synchronous = FULL")
        cursor.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
        cursor.execute("PRAGMA temp_store = MEMORY")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        mode = connection.get_execution_options().get("sqlite_begin", "DEFERRED")
        connection.exec_driver_sql(f"BEGIN {mode}")


def make_engine(
    url: str, *, journal_mode: str = "WAL", echo: bool = False, read_only: bool = False
) -> Engine:
    """An engine for *url* with this app's settings for its dialect.

    *read_only* (SQLite): the file is opened ``mode=ro`` and its journal mode left as it is, for
    viewing a database another copy of the app holds; every write fails ("readonly database").
    """
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if journal_mode.upper() not in {"WAL", "DELETE", "TRUNCATE"}:
            raise ValueError(f"unsupported journal mode {journal_mode}")
        if read_only:
            absolute = Path(str(parsed.database)).resolve()
            parsed = parsed.set(
                database=f"file:{quote(str(absolute))}", query={"mode": "ro", "uri": "true"}
            )
        engine = create_engine(parsed, echo=echo)
        _configure_sqlite(engine, None if read_only else journal_mode.upper())
        return engine
    if parsed.get_backend_name() == "postgresql":
        if parsed.drivername == "postgresql":
            parsed = parsed.set(drivername="postgresql+psycopg")
        return create_engine(parsed, echo=echo, pool_pre_ping=True)
    raise DatabaseError(
        _("Jenis database {kind} tidak didukung; gunakan file SQLite atau PostgreSQL").format(
            kind=parsed.get_backend_name()
        )
    )


def describe_url(url: str) -> str:
    """The database as the status bar names it: a file path, or a server URL without password."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        return str(parsed.database)
    return parsed.render_as_string(hide_password=True)


def _sqlite_message(code: int) -> str | None:
    """The user's message for a SQLite primary result code that is the environment's doing.

    By code, not by message text: the text differs between SQLite versions and is not part of its
    interface ("database or disk is full" is SQLITE_FULL whatever words a build uses).
    """
    locked = _("Database sedang dipakai oleh proses lain dan terkunci. Coba lagi sebentar lagi.")
    messages = {
        sqlite3.SQLITE_BUSY: locked,
        sqlite3.SQLITE_LOCKED: locked,
        sqlite3.SQLITE_FULL: _(
            "Disk penuh; kosongkan ruang lalu coba lagi. Tidak ada data yang tersimpan sebagian."
        ),
        sqlite3.SQLITE_NOTADB: _(
            "File ini bukan database yang dapat dibaca (rusak atau bukan SQLite)."
        ),
        sqlite3.SQLITE_CORRUPT: _(
            "File database rusak. Pulihkan dari cadangan (bpjs-desktop restore)."
        ),
        sqlite3.SQLITE_READONLY: _(
            "Database hanya dapat dibaca; periksa izin file atau foldernya."
        ),
        sqlite3.SQLITE_CANTOPEN: _(
            "File database tidak dapat dibuka; periksa lokasi dan izin foldernya."
        ),
        sqlite3.SQLITE_IOERR: _("Kesalahan baca/tulis disk pada file database."),
    }
    return messages.get(code & 0xFF)  # the primary code: SQLITE_IOERR_WRITE is an IOERR


# Causes that pass while the user waits: another process's lock, a full disk being cleared, a
# disk or server hiccup, a permission being fixed. A corrupt or foreign file does not pass.
_PASSING = {
    sqlite3.SQLITE_BUSY,
    sqlite3.SQLITE_LOCKED,
    sqlite3.SQLITE_FULL,
    sqlite3.SQLITE_IOERR,
    sqlite3.SQLITE_READONLY,
}
_PASSING_TEXTS = {
    "database is locked",
    "disk is full",
    "disk i/o error",
    "lock timeout",
    "readonly database",
    "connection refused",
}


def translate_error(exc: BaseException) -> DatabaseError | None:
    """The user's message for an environment error of the database, or None if it is a bug."""
    original = getattr(exc, "orig", exc)
    code = getattr(original, "sqlite_errorcode", None)
    if isinstance(code, int):
        message = _sqlite_message(code)
        if message is not None:
            return DatabaseError(message, retryable=(code & 0xFF) in _PASSING)
    reason = str(original).lower()
    known = [
        (
            "database is locked",
            _("Database sedang dipakai oleh proses lain dan terkunci. Coba lagi sebentar lagi."),
        ),
        (
            "file is not a database",
            _("File ini bukan database yang dapat dibaca (rusak atau bukan SQLite)."),
        ),
        (
            "database disk image is malformed",
            _("File database rusak. Pulihkan dari cadangan (bpjs-desktop restore)."),
        ),
        ("readonly database", _("Database hanya dapat dibaca; periksa izin file atau foldernya.")),
        (
            "unable to open database file",
            _("File database tidak dapat dibuka; periksa lokasi dan izin foldernya."),
        ),
        (
            "disk is full",
            _(
                "Disk penuh; kosongkan ruang lalu coba lagi. Tidak ada data yang tersimpan sebagian."
            ),
        ),
        ("disk i/o error", _("Kesalahan baca/tulis disk pada file database.")),
        (
            "lock timeout",
            _("Database sedang dipakai oleh proses lain dan terkunci. Coba lagi sebentar lagi."),
        ),
        ("connection refused", _("Server PostgreSQL tidak dapat dihubungi (koneksi ditolak).")),
        ("password authentication failed", _("Nama pengguna atau kata sandi PostgreSQL salah.")),
        ("could not translate host name", _("Nama server PostgreSQL tidak dikenal.")),
    ]
    if isinstance(exc, sa_exc.OperationalError | sa_exc.DatabaseError | sqlite3.DatabaseError):
        if re.search(r'database "[^"]*" does not exist', reason):
            return DatabaseError(_("Database PostgreSQL yang diminta tidak ada."))
        for needle, message in known:
            if needle in reason:
                return DatabaseError(message, retryable=needle in _PASSING_TEXTS)
    return None


@contextmanager
def _known_errors() -> Iterator[None]:
    """Raise the user's :class:`DatabaseError` for an environment error of the database (locked,
    full disk, unreadable file) met inside the block, on opening, using or committing a session;
    any other error (a bug) passes unchanged."""
    try:
        yield
    except (sa_exc.OperationalError, sa_exc.DatabaseError) as exc:
        known = translate_error(exc)
        if known is None:
            raise
        raise known from exc


def _queue_for_writing(session: Session) -> None:
    """Make this PostgreSQL write transaction wait until no other one is running.

    The services read rows and write back values computed in Python (``bill.paid += take``).
    Under PostgreSQL's READ COMMITTED two workstations doing that at once both read the old value
    and the second write silently undoes the first: a lost payment. One transaction-scoped
    advisory lock taken first thing makes writers queue exactly as SQLite's BEGIN IMMEDIATE does,
    and every read inside the transaction then sees what the previous writer committed. Readers
    never wait. Like SQLite's busy timeout, a writer gives up after BUSY_TIMEOUT_MS with "database
    is in use" rather than hanging.
    """
    session.execute(text(f"SET LOCAL lock_timeout = {BUSY_TIMEOUT_MS}"))
    session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": PG_WRITE_LOCK})


class Database:
    """An open database: an engine plus read and write session factories.

    Use ``with db.read() as s:`` for queries and ``with db.write() as s:`` for one write
    transaction (committed at the end of the block, rolled back on any exception).
    """

    def __init__(self, url: str, *, journal_mode: str = "WAL", read_only: bool = False) -> None:
        self.url = url
        self.read_only = read_only
        self.engine = make_engine(url, journal_mode=journal_mode, read_only=read_only)
        self.is_sqlite = self.engine.dialect.name == "sqlite"
        writer = (
            self.engine.execution_options(sqlite_begin="IMMEDIATE")
            if self.is_sqlite
            else self.engine
        )
        self._read = sessionmaker(self.engine, expire_on_commit=False)
        self._write = sessionmaker(writer, expire_on_commit=False)

    @property
    def path(self) -> Path | None:
        if not self.is_sqlite:
            return None
        return Path(str(make_url(self.url).database))

    def describe(self) -> str:
        return describe_url(self.url)

    @contextmanager
    def read(self) -> Iterator[Session]:
        with _known_errors(), self._read() as session:
            yield session

    @contextmanager
    def write(self) -> Iterator[Session]:
        with _known_errors(), self._write() as session, session.begin():
            if not self.is_sqlite:
                _queue_for_writing(session)
            yield session

    def dispose(self) -> None:
        self.engine.dispose()
