"""Test a database location before a workstation remembers it (issue #15, *Pengaturan*).

Nothing is created, migrated or written: a SQLite file is opened read-only, a server is asked
for its revision over one connection with a short timeout. The answer says what was found, or
raises a :class:`~bpjs_desktop.errors.KnownError` naming what is wrong, so that a workstation
never saves a location it then cannot open.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, SQLAlchemyError

from bpjs_desktop.db.engine import describe_url, make_engine, sqlite_url, translate_error
from bpjs_desktop.db.migrate import head_revision, readonly_uri
from bpjs_desktop.errors import DatabaseError, KnownError
from bpjs_desktop.i18n import _
from bpjs_desktop.services.db_location import risk_message, risk_of

SQLITE_MAGIC = b"SQLite format 3\x00"
CONNECT_TIMEOUT_S = 5


@dataclass(frozen=True)
class ProbeResult:
    """What was found at a database location."""

    url: str
    kind: str  # "sqlite" or "postgresql"
    revision: str | None  # None: a new file (it will be created when opened)
    head: str
    warning: str = ""  # a risk the user should know (a network share), not a refusal

    @property
    def summary(self) -> str:
        where = describe_url(self.url)
        if self.revision is None:
            return _("{where}: belum ada; dibuat sebagai database baru saat dibuka.").format(
                where=where
            )
        if self.revision == self.head:
            return _("{where}: database bpjs-desktop, revisi {rev} (terbaru).").format(
                where=where, rev=self.revision
            )
        return _(
            "{where}: database bpjs-desktop revisi {rev}; diperbarui ke {head} saat dibuka "
            "(dengan cadangan lebih dulu)."
        ).format(where=where, rev=self.revision, head=self.head)


def url_of(location: str) -> str:
    """A typed location as a database URL: a server URL as typed, anything else a file path."""
    typed = location.strip()
    if not typed:
        raise KnownError(_("Isi lokasi file database atau URL server"))
    if "://" in typed:
        try:
            parsed = make_url(typed)
        except ArgumentError:
            raise KnownError(
                _("URL server tidak sah; contoh: postgresql://petugas@server/bpjs")
            ) from None
        if parsed.get_backend_name() not in ("postgresql", "sqlite"):
            raise KnownError(
                _("Jenis database {kind} tidak didukung; gunakan file SQLite atau PostgreSQL")
                .format(kind=parsed.get_backend_name())
            )  # fmt: skip
        return typed
    return sqlite_url(Path(typed).expanduser())


def probe(location: str) -> ProbeResult:
    """Open *location* without changing it and say what is there (raise if it cannot serve)."""
    url = url_of(location)
    head = head_revision()
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        return _probe_file(url, Path(str(parsed.database)), head)
    return _probe_server(url, head)


def _probe_file(url: str, path: Path, head: str) -> ProbeResult:
    risk = risk_of(path)
    warning = risk_message(path, risk) if risk is not None else ""
    if path.is_dir():
        raise DatabaseError(_("{path} adalah folder, bukan file database").format(path=path))
    if not path.exists():
        if not path.parent.is_dir():
            raise DatabaseError(
                _("Folder {folder} tidak ada; pilih folder yang ada").format(folder=path.parent)
            )
        return ProbeResult(url, "sqlite", None, head, warning)
    try:
        with path.open("rb") as handle:
            header = handle.read(16)
    except OSError as exc:
        raise DatabaseError(
            _("File database {path} tidak dapat dibaca: {reason}").format(
                path=path, reason=exc.strerror
            )
        ) from exc
    if header != SQLITE_MAGIC:
        raise DatabaseError(
            _("{path} bukan file database bpjs-desktop (bukan SQLite)").format(path=path)
        )
    connection = sqlite3.connect(readonly_uri(path), uri=True, timeout=CONNECT_TIMEOUT_S)
    try:
        tables = {
            row[0]
            for row in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")
        }
        revision = None
        if "alembic_version" in tables:
            row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
            revision = None if row is None else str(row[0])
    except sqlite3.DatabaseError as exc:
        raise (translate_error(exc) or DatabaseError(str(exc))) from exc
    finally:
        connection.close()
    if revision is None and tables:
        raise DatabaseError(
            _("Database ini berisi tabel lain dan bukan database bpjs-desktop; tidak diubah")
        )
    return ProbeResult(url, "sqlite", revision, head, warning)


def _probe_server(url: str, head: str) -> ProbeResult:
    # One connection with a short timeout: a wrong host answers in seconds, not minutes.
    engine = make_engine(
        make_url(url).update_query_dict({"connect_timeout": str(CONNECT_TIMEOUT_S)})
        .render_as_string(hide_password=False)
    )  # fmt: skip
    try:
        with engine.connect() as connection:
            found = connection.execute(
                text("SELECT to_regclass('alembic_version') IS NOT NULL")
            ).scalar()
            revision = None
            if found:
                revision = connection.execute(
                    text("SELECT version_num FROM alembic_version")
                ).scalar()
    except SQLAlchemyError as exc:
        known = translate_error(exc)
        raise (
            known
            or DatabaseError(
                _("Server database tidak dapat dihubungi: {reason}").format(
                    reason=str(getattr(exc, "orig", exc)).splitlines()[0]
                )
            )
        ) from exc
    finally:
        engine.dispose()
    return ProbeResult(url, "postgresql", None if revision is None else str(revision), head)
