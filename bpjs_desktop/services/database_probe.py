"""Test a database location before a workstation remembers it (issue #15, *Pengaturan*).

Nothing is created, migrated or written: a SQLite file is opened read-only, a server is asked
for its revision over one connection with a short timeout. The answer says what was found, or
raises a :class:`~bpjs_desktop.errors.KnownError` naming what is wrong, so that a workstation
never saves a location it then cannot open.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, SQLAlchemyError

from bpjs_desktop.db.engine import describe_url, make_engine, sqlite_url, translate_error
from bpjs_desktop.db.migrate import check_sqlite_file, head_revision, read_only_schema
from bpjs_desktop.errors import DatabaseError, KnownError
from bpjs_desktop.i18n import _
from bpjs_desktop.services.db_location import risk_message, risk_of

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
    """The checks :func:`~bpjs_desktop.db.migrate.open_database` makes before it touches a file
    (a folder, unreadable, empty, not SQLite, another application's tables), read-only."""
    risk = risk_of(path)
    warning = risk_message(path, risk) if risk is not None else ""
    if not path.exists():
        if not path.parent.is_dir():
            raise DatabaseError(
                _("Folder {folder} tidak ada; pilih folder yang ada").format(folder=path.parent)
            )
        return ProbeResult(url, "sqlite", None, head, warning)
    check_sqlite_file(path)
    revision, tables = read_only_schema(path)
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
