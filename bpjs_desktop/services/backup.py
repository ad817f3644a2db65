"""Backups: copy, restore and check a SQLite office database (PostgreSQL: use pg_dump)."""

from __future__ import annotations

import shutil
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.engine import make_url

from bpjs_desktop import paths
from bpjs_desktop.db.engine import Database
from bpjs_desktop.db.migrate import (
    SQLITE_MAGIC,
    alembic_config,
    backup_sqlite,
    current_revision,
    readonly_uri,
)
from bpjs_desktop.domain.money import group_thousands
from bpjs_desktop.errors import DatabaseError, KnownError
from bpjs_desktop.i18n import _
from bpjs_desktop.services import audit


def _require_sqlite(db_path: Path | None) -> Path:
    if db_path is None:
        raise KnownError(
            _(
                "Cadangan database bersama PostgreSQL dibuat oleh administrator server (pg_dump), bukan oleh aplikasi"
            )
        )
    return db_path


def backup(db: Database, target: Path | None = None) -> Path:
    """A consistent copy of the open database, safe while others use it (SQLite backup API)."""
    source = _require_sqlite(db.path)
    if target is None:
        stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
        target = paths.backup_dir() / f"{source.stem}-{stamp}.sqlite"
    target = Path(target)
    if target.exists():
        raise KnownError(_("File {path} sudah ada; pilih nama lain").format(path=target))
    if not target.parent.is_dir():
        raise KnownError(_("Folder {folder} tidak ada").format(folder=target.parent))
    try:
        return backup_sqlite(source, target)
    except (OSError, sqlite3.Error) as exc:
        target.unlink(missing_ok=True)
        raise KnownError(_("Cadangan gagal ditulis: {reason}").format(reason=exc)) from exc


def _revision_of(path: Path) -> str | None:
    with path.open("rb") as handle:
        if handle.read(16) != SQLITE_MAGIC:
            raise DatabaseError(_("{path} bukan file database SQLite").format(path=path))
    connection = sqlite3.connect(readonly_uri(path), uri=True)
    try:
        if connection.execute("PRAGMA quick_check").fetchone()[0] != "ok":
            raise DatabaseError(_("File cadangan {path} rusak; tidak dipulihkan").format(path=path))
        row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.DatabaseError as exc:
        if isinstance(exc, DatabaseError):
            raise
        raise DatabaseError(
            _("{path} bukan cadangan database bpjs-desktop").format(path=path)
        ) from exc
    finally:
        connection.close()
    return None if row is None else str(row[0])


def restore(url: str, backup_file: Path) -> Path:
    """Replace the database at *url* by *backup_file*; keep the replaced one as a safety copy.

    The backup must be a readable bpjs-desktop database of a revision this version knows; the
    app must not have the database open while it is restored.
    """
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        _require_sqlite(None)
    target = Path(str(parsed.database))
    backup_file = Path(backup_file)
    if not backup_file.is_file():
        raise KnownError(_("File cadangan {path} tidak ada").format(path=backup_file))
    revision = _revision_of(backup_file)
    if revision is None:
        raise DatabaseError(
            _("{path} bukan cadangan database bpjs-desktop").format(path=backup_file)
        )
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(alembic_config())
    try:
        script.get_revision(revision)
    except Exception:
        raise DatabaseError(
            _(
                "Cadangan ini dari versi aplikasi yang lebih baru (revisi {rev}); tidak dipulihkan"
            ).format(rev=revision)
        ) from None
    safety = target
    if target.exists():
        stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
        safety = paths.backup_dir() / f"{target.stem}-{stamp}-sebelum-pemulihan.sqlite"
        backup_sqlite(target, safety)
    partial = target.with_name(target.name + ".restoring")
    shutil.copyfile(backup_file, partial)
    for suffix in ("-wal", "-shm"):
        target.with_name(target.name + suffix).unlink(missing_ok=True)
    partial.replace(target)
    return safety


@dataclass(frozen=True)
class CheckReport:
    ok: bool
    lines: tuple[str, ...]


def check(db: Database) -> CheckReport:
    """Integrity of the file, its foreign keys, its schema revision and the audit chain."""
    lines: list[str] = []
    ok = True
    with db.read() as session:
        if db.is_sqlite:
            result = [r[0] for r in session.execute(text("PRAGMA integrity_check")).all()]
            if result == ["ok"]:
                lines.append(_("Keutuhan file: baik"))
            else:
                ok = False
                lines.append(
                    _("Keutuhan file: RUSAK ({detail})").format(detail="; ".join(result[:3]))
                )
            broken = session.execute(text("PRAGMA foreign_key_check")).all()
            if broken:
                ok = False
                lines.append(
                    _("Relasi antartabel: {n} baris rujukannya hilang").format(n=len(broken))
                )
            else:
                lines.append(_("Relasi antartabel: baik"))
    lines.append(_("Revisi struktur: {rev}").format(rev=current_revision(db)))
    report = audit.verify(db)
    if report.ok:
        lines.append(_("Jejak audit: utuh ({n} kejadian)").format(n=group_thousands(report.events)))
    else:
        ok = False
        lines.append(_("Jejak audit: RUSAK mulai kejadian #{id}").format(id=report.first_broken_id))
    return CheckReport(ok, tuple(lines))
