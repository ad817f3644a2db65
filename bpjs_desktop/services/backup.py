"""Backups: copy, restore and check a SQLite office database (PostgreSQL: use pg_dump)."""

from __future__ import annotations

import os
import shutil
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import quote

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
    # Immutable: a WAL-mode backup read plainly read-only gets -shm/-wal files created beside it,
    # which fails on read-only media (a write-protected stick, a CD) and litters the folder.
    connection = sqlite3.connect(readonly_uri(path) + "&immutable=1", uri=True)
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


# How long restore() waits for a transaction of another connection to end before it calls the
# database in use (a short write finishes well within it; an open app never lets go).
_LOCK_WAIT_S = 2.0


def _in_use_error(target: Path) -> DatabaseError:
    return DatabaseError(
        _(
            "Database {path} sedang dipakai oleh program lain (aplikasi bpjs-desktop yang masih "
            "terbuka?). Tutup program itu lalu ulangi; tidak ada yang diubah."
        ).format(path=target)
    )


def _lock_exclusively(target: Path) -> sqlite3.Connection | None:
    """An exclusive lock on the current database file, held by the returned connection.

    SQLite's exclusive locking mode also sees another process that merely has a WAL database
    open, idle. None when SQLite cannot read the file at all (damaged header, text, folder):
    nothing can be using it as a database then, and it is replaced all the same.

    Raises:
        DatabaseError: another connection holds the file (it is in use).
    """
    uri = f"file:{quote(str(target.resolve()))}?mode=rw"
    try:
        connection = sqlite3.connect(uri, uri=True, isolation_level=None, timeout=_LOCK_WAIT_S)
    except sqlite3.Error:
        return None
    try:
        connection.execute("PRAGMA locking_mode = EXCLUSIVE")
        connection.execute("BEGIN EXCLUSIVE")
        connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.Error as exc:
        connection.close()
        if getattr(exc, "sqlite_errorcode", None) in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED):
            raise _in_use_error(target) from exc
        if "locked" in str(exc).lower():
            raise _in_use_error(target) from exc
        return None
    return connection


def _with_sidecars(path: Path) -> list[Path]:
    """*path* and its -wal/-shm files, those that exist (the -wal may hold committed rows)."""
    return [
        p for p in (path, *(path.with_name(path.name + s) for s in ("-wal", "-shm"))) if p.exists()
    ]


def _keep_aside(target: Path, files: list[Path]) -> Path:
    """A plain byte copy of the file about to be replaced, with its -wal/-shm, in the backup folder.

    Bytes, not SQLite's backup API: the file being replaced is often the damaged one, which the
    backup API refuses to read, and it must be kept exactly as it was for whoever examines it.
    """
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    folder = paths.backup_dir()
    safety = folder / f"{target.stem}-{stamp}-sebelum-pemulihan.sqlite"
    counter = 1
    while safety.exists():
        counter += 1
        safety = folder / f"{target.stem}-{stamp}-{counter}-sebelum-pemulihan.sqlite"
    written: list[Path] = []
    try:
        for source in files:
            copy = safety.with_name(safety.name + source.name[len(target.name) :])
            partial = copy.with_name(copy.name + ".partial")
            shutil.copyfile(source, partial)
            written.append(partial)
            partial.replace(copy)
            written[-1] = copy
    except OSError as exc:
        for path in written:
            path.unlink(missing_ok=True)
        raise KnownError(
            _(
                "Salinan pengaman database {path} tidak dapat ditulis ke {folder} ({reason}); "
                "tidak ada yang diubah"
            ).format(path=target, folder=folder, reason=exc.strerror or exc)
        ) from exc
    return safety


def restore(url: str, backup_file: Path) -> Path | None:
    """Replace the database at *url* by *backup_file*; keep the replaced one as a safety copy.

    Restoring is what a user does when the database is damaged, so the current file may be in
    any state — sound, corrupt, truncated, empty, not a database — and is kept aside byte for
    byte whatever it holds. The backup must be a readable bpjs-desktop database of a revision
    this version knows; no other program may have the database open (checked: DatabaseError).

    Returns:
        The safety copy of the replaced database, or None when there was no file at *url*.
    """
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        _require_sqlite(None)
    target = Path(str(parsed.database))
    backup_file = Path(backup_file)
    if target.is_dir():
        raise KnownError(_("{path} adalah folder, bukan file database").format(path=target))
    if not target.parent.is_dir():
        raise KnownError(
            _("Folder {folder} tidak ada; buat foldernya dahulu").format(folder=target.parent)
        )
    if not backup_file.is_file():
        raise KnownError(_("File cadangan {path} tidak ada").format(path=backup_file))
    if backup_file.resolve() == target.resolve():
        raise KnownError(
            _("File cadangan {path} adalah database itu sendiri; pilih file cadangan lain").format(
                path=backup_file
            )
        )
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
    partial = target.with_name(target.name + ".restoring")
    # (listed before the lock is taken: locking may add an empty -wal that holds nothing)
    current = _with_sidecars(target)
    lock = _lock_exclusively(target) if target.exists() else None
    if lock is not None and os.name == "nt":
        # Windows locks are mandatory: with the lock held, reading the file past 1 GiB (SQLite's
        # lock bytes) fails, so a large database could never be kept aside. Checked, let go.
        lock.close()
        lock = None
    safety: Path | None = None
    try:
        # The restored copy is written beside the database first: a read-only or full folder
        # fails here, before anything is moved.
        try:
            shutil.copyfile(backup_file, partial)
        except OSError as exc:
            partial.unlink(missing_ok=True)
            raise KnownError(
                _(
                    "Database tidak dapat ditulis di folder {folder} ({reason}); tidak ada yang diubah"
                ).format(folder=target.parent, reason=exc.strerror or exc)
            ) from exc
        if target.exists():
            try:
                safety = _keep_aside(target, current)
            except KnownError:
                partial.unlink(missing_ok=True)
                raise
    finally:
        if lock is not None:
            lock.close()
    try:
        for suffix in ("-wal", "-shm"):
            target.with_name(target.name + suffix).unlink(missing_ok=True)
        partial.replace(target)
    except OSError as exc:
        partial.unlink(missing_ok=True)
        reason = exc.strerror or str(exc)
        if safety is None:
            raise KnownError(
                _("Database {path} tidak dapat ditulis ({reason})").format(
                    path=target, reason=reason
                )
            ) from exc
        raise KnownError(
            _(
                "Database {path} tidak dapat diganti ({reason}). Database sebelumnya tetap "
                "tersimpan di {safety}."
            ).format(path=target, reason=reason, safety=safety)
        ) from exc
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
