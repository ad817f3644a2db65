"""Backups: copy, restore and check a SQLite office database (PostgreSQL: use pg_dump)."""

from __future__ import annotations

import json
import logging
import os
import shutil
import sqlite3
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import quote

from sqlalchemy import select, text
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
from bpjs_desktop.db.models import Setting
from bpjs_desktop.domain.backup_retention import backups_to_keep
from bpjs_desktop.domain.money import group_thousands
from bpjs_desktop.domain.periods import WIB, format_datetime_wib
from bpjs_desktop.errors import DatabaseError, KnownError, PermissionDeniedError
from bpjs_desktop.i18n import N_, _
from bpjs_desktop.services import audit
from bpjs_desktop.services.context import Actor, require

log = logging.getLogger(__name__)


def require_sqlite(db_path: Path | None) -> Path:
    if db_path is None:
        raise KnownError(
            _(
                "Cadangan database bersama PostgreSQL dibuat oleh administrator server (pg_dump), bukan oleh aplikasi"
            )
        )
    return db_path


def backup(db: Database, target: Path | None = None) -> Path:
    """A consistent copy of the open database, safe while others use it (SQLite backup API)."""
    source = require_sqlite(db.path)
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
        require_sqlite(None)
    target = Path(str(parsed.database))
    backup_file = Path(backup_file)
    _check_restore_paths(target, backup_file)
    _check_backup_revision(backup_file)
    partial = target.with_name(target.name + ".restoring")
    safety = _stage_restore(target, backup_file, partial)
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


def _check_restore_paths(target: Path, backup_file: Path) -> None:
    """Refuse a database path that is a folder or in no folder, a missing backup, or the
    database itself given as its own backup."""
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


def _check_backup_revision(backup_file: Path) -> None:
    """Refuse a file that is no bpjs-desktop database, or one of a revision newer than ours."""
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


def _stage_restore(target: Path, backup_file: Path, partial: Path) -> Path | None:
    """Copy *backup_file* to *partial* beside the database, then keep the database aside.

    Returns the safety copy (None when there was no database). Nothing has replaced the
    database yet; on failure *partial* is removed.
    """
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


# --- verified backups while working (issue #12) ------------------------------------------------

# The tables whose row counts a verified backup records: what an office would miss first.
MAIN_TABLES = (
    "person", "employer", "membership", "membership_wage", "claim", "contribution_bill",
    "payment", "arrears_case", "follow_up", "month_close", "app_user", "audit_event",
)  # fmt: skip
SIDECAR_SUFFIX = ".json"
# Why a backup was taken (recorded in its sidecar; the window and `backup --list` show it).
REASONS = {
    "manual": N_("manual"),
    "schedule": N_("terjadwal"),
    "exit": N_("saat keluar"),
    "import": N_("sebelum impor"),
    "month_close": N_("sebelum tutup bulan"),
}


# The columns of a list of backups, in the order of BackupInfo.listing_texts; the size and the
# count of persons (LISTING_RIGHT) read right-aligned.
LISTING_HEADERS = (
    N_("Waktu"), N_("Alasan"), N_("Ukuran"), N_("Pemeriksaan"), N_("Peserta"), N_("Jejak audit"),
)  # fmt: skip
LISTING_RIGHT = (2, 4)


def format_size(size: int) -> str:
    """A file size as people read it: ``152,3 MB`` (decimal megabytes, Indonesian comma)."""
    if size < 1_000_000:
        return f"{max(1, round(size / 1000)) if size else 0} kB"
    return f"{size / 1_000_000:.1f} MB".replace(".", ",")


@dataclass(frozen=True)
class BackupInfo:
    """One backup file of an office database and what checking it found."""

    path: Path
    taken_at: datetime  # UTC
    reason: str
    size: int
    ok: bool
    problem: str  # empty when ok
    rows: dict[str, int]
    audit_head: str  # "id:hash" of the newest audit event in the copy ("" when none)
    revision: str | None
    seconds: float

    @property
    def audit_head_id(self) -> int:
        first = self.audit_head.split(":")[0]
        return int(first) if first.isdigit() else 0

    def listing_texts(self) -> list[str]:
        """This backup as one row of :data:`LISTING_HEADERS` (the window and `backup --list`)."""
        return [
            format_datetime_wib(self.taken_at),
            _(REASONS.get(self.reason, self.reason)),
            format_size(self.size),
            _("baik") if self.ok else _("GAGAL: {problem}").format(problem=self.problem),
            group_thousands(self.rows.get("person", 0)),
            f"#{self.audit_head_id}",
        ]


def _sidecar(path: Path) -> Path:
    return path.with_name(path.name + SIDECAR_SUFFIX)


def verify_backup(path: Path) -> tuple[bool, str, dict[str, int], str, str | None]:
    """Open *path* read-only and check it: quick_check, main-table row counts, audit head.

    Returns (ok, problem, rows, audit head, revision); never raises for a bad file.
    """
    try:
        with path.open("rb") as handle:
            if handle.read(16) != SQLITE_MAGIC:
                return False, _("bukan file database SQLite"), {}, "", None
        connection = sqlite3.connect(readonly_uri(path) + "&immutable=1", uri=True)
    except (OSError, sqlite3.Error) as exc:
        return False, str(exc), {}, "", None
    try:
        result = [r[0] for r in connection.execute("PRAGMA quick_check").fetchall()]
        if result != ["ok"]:
            return False, "; ".join(result[:3]), {}, "", None
        tables = {r[0] for r in connection.execute("SELECT name FROM sqlite_master")}
        rows = {
            # (table names from MAIN_TABLES, a constant)
            table: int(connection.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0])  # noqa: S608
            for table in MAIN_TABLES
            if table in tables
        }
        head_row = connection.execute(
            "SELECT value FROM setting WHERE key = ?", (audit.HEAD_KEY,)
        ).fetchone()
        revision_row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.Error as exc:
        return False, str(exc), {}, "", None
    finally:
        connection.close()
    return (
        True,
        "",
        rows,
        "" if head_row is None else str(head_row[0]),
        None if revision_row is None else str(revision_row[0]),
    )


def _write_sidecar(info: BackupInfo, source: Path) -> None:
    data = {
        "source": str(source.resolve()),
        "taken_at": info.taken_at.isoformat(),
        "reason": info.reason,
        "size": info.size,
        "ok": info.ok,
        "problem": info.problem,
        "rows": info.rows,
        "audit_head": info.audit_head,
        "revision": info.revision,
        "seconds": round(info.seconds, 3),
    }
    sidecar = _sidecar(info.path)
    partial = sidecar.with_name(sidecar.name + ".partial")
    partial.write_text(json.dumps(data, indent=1, sort_keys=True), encoding="utf-8")
    partial.replace(sidecar)


def _read_sidecar(sidecar: Path) -> tuple[str, BackupInfo] | None:
    try:
        data = json.loads(sidecar.read_text(encoding="utf-8"))
        path = sidecar.with_name(sidecar.name[: -len(SIDECAR_SUFFIX)])
        info = BackupInfo(
            path=path,
            taken_at=datetime.fromisoformat(data["taken_at"]),
            reason=str(data.get("reason", "")),
            size=int(data.get("size", 0)),
            ok=bool(data["ok"]),
            problem=str(data.get("problem", "")),
            rows={str(k): int(v) for k, v in dict(data.get("rows", {})).items()},
            audit_head=str(data.get("audit_head", "")),
            revision=data.get("revision"),
            seconds=float(data.get("seconds", 0.0)),
        )
        return str(data["source"]), info
    except (OSError, ValueError, KeyError, TypeError):
        return None


def list_backups(source: Path, folder: Path | None = None) -> list[BackupInfo]:
    """The verified-backup records of the database at *source*, newest first.

    Only backups this app wrote and checked (those with a sidecar naming *source*); a backup
    whose file has since gone is left out.
    """
    folder = folder or paths.backup_dir()
    wanted = str(Path(source).resolve())
    found: list[BackupInfo] = []
    for sidecar in folder.glob(f"*.sqlite{SIDECAR_SUFFIX}"):
        read = _read_sidecar(sidecar)
        if read is not None and read[0] == wanted and read[1].path.exists():
            found.append(read[1])
    return sorted(found, key=lambda info: info.taken_at, reverse=True)


def newest_verified(source: Path, folder: Path | None = None) -> BackupInfo | None:
    return next((b for b in list_backups(source, folder) if b.ok), None)


def audit_head(db: Database) -> str:
    """The audit chain's head ("id:hash"): the cheap "changed since" signal of a database.

    Every write of every service appends an audit event in its own transaction, so the head
    moves exactly when data changed, whoever wrote (another workstation too) — unlike SQLite's
    ``data_version`` (blind to this connection's own writes) or ``total_changes`` (one pooled
    connection's count). One primary-key read.
    """
    with db.read() as session:
        return session.scalar(select(Setting.value).where(Setting.key == audit.HEAD_KEY)) or ""


def changed_since_last_backup(db: Database, folder: Path | None = None) -> bool:
    """True when the data changed since the newest verified backup (or there is none)."""
    source = require_sqlite(db.path)
    newest = newest_verified(source, folder)
    return newest is None or newest.audit_head != audit_head(db)


def take_backup(
    db: Database, reason: str = "manual", folder: Path | None = None, *, now: datetime | None = None
) -> BackupInfo:
    """A backup of the open database in the backup folder, verified, recorded, then thinned.

    The copy counts only once it has been opened read-only and passed ``quick_check``; its row
    counts and audit head go into a JSON sidecar beside it. A copy failing the check is kept for
    inspection but recorded as failed (and never chosen for restoring); the caller gets the info
    and decides what to tell the user.

    Raises:
        KnownError: the copy could not be written (full disk, missing folder…).
    """
    source = require_sqlite(db.path)
    folder = folder or paths.backup_dir()
    taken_at = now or datetime.now(UTC)
    stamp = taken_at.strftime("%Y%m%d-%H%M%S")
    target = folder / f"{source.stem}-{stamp}.sqlite"
    counter = 1
    while target.exists():
        counter += 1
        target = folder / f"{source.stem}-{stamp}-{counter}.sqlite"
    started = time.perf_counter()
    backup(db, target)
    ok, problem, rows, head, revision = verify_backup(target)
    info = BackupInfo(
        target, taken_at, reason, target.stat().st_size, ok, problem, rows, head, revision,
        round(time.perf_counter() - started, 3),
    )  # fmt: skip
    try:
        _write_sidecar(info, source)
    except OSError as exc:
        raise KnownError(_("Cadangan gagal ditulis: {reason}").format(reason=exc)) from exc
    if not ok:
        log.error("backup %s failed its check: %s", target, problem)
    thin_backups(source, folder, now=taken_at)
    return info


def thin_backups(
    source: Path, folder: Path | None = None, *, now: datetime | None = None
) -> list[Path]:
    """Delete the backups of *source* the retention rule no longer keeps; return them.

    Judged on the office's clock (WIB). Backups that failed their check never count: they go
    once they are no longer today's.
    """
    now_local = (now or datetime.now(UTC)).astimezone(WIB)
    infos = list_backups(source, folder)
    keep_stamps = backups_to_keep([i.taken_at.astimezone(WIB) for i in infos if i.ok], now_local)
    removed: list[Path] = []
    for info in infos:
        local = info.taken_at.astimezone(WIB)
        if local in keep_stamps or (not info.ok and local.date() >= now_local.date()):
            continue
        try:
            info.path.unlink(missing_ok=True)
            _sidecar(info.path).unlink(missing_ok=True)
        except OSError as exc:  # a file open elsewhere (Windows): try again next time
            log.warning("could not remove old backup %s: %s", info.path, exc)
            continue
        removed.append(info.path)
    return removed


def backup_before(db: Database, reason: str) -> BackupInfo | None:
    """The verified backup a service takes before a big change (an import, a month close).

    SQLite only (a PostgreSQL server is backed up by its administrator). A backup that cannot be
    written stops the change: better no import than an import with no way back.
    """
    if db.path is None:
        return None
    info = take_backup(db, reason)
    if not info.ok:
        raise KnownError(
            _(
                "Cadangan sebelum perubahan gagal diperiksa ({problem}); perubahan tidak dijalankan. "
                "Periksa database dengan bpjs-desktop check."
            ).format(problem=info.problem)
        )
    return info


def may_manage_backups(actor: Actor) -> bool:
    """Whether *actor* may take and restore backups in the app (administrator, head of office)."""
    try:
        require(actor, "backup.run")
    except PermissionDeniedError:
        return False
    return True


def quick_check(path: Path) -> tuple[bool, str]:
    """SQLite's ``quick_check`` of the file at *path*, read-only: (sound, what is wrong).

    About 0.6 s for the 159 MB scale-0.1 demo, so several seconds at full scale: the GUI runs it
    in the background after the window opens.
    """
    try:
        connection = sqlite3.connect(readonly_uri(path), uri=True)
    except sqlite3.Error as exc:
        return False, str(exc)
    try:
        result = [r[0] for r in connection.execute("PRAGMA quick_check").fetchall()]
    except sqlite3.Error as exc:
        return False, str(exc)
    finally:
        connection.close()
    return result == ["ok"], "" if result == ["ok"] else "; ".join(result[:3])


@dataclass(frozen=True)
class LostEvent:
    """An audit event in the damaged file that the backup does not have: work to re-enter."""

    id: int
    at: str
    username: str
    action: str
    entity: str
    entity_id: str


def events_after(damaged: Path, head_id: int, limit: int = 200) -> tuple[list[LostEvent], bool]:
    """The audit events of *damaged* newer than event *head_id* (the backup's newest), as far as
    the damaged file can still be read; and whether it could be read to the end.

    What these events did since the backup must be entered again after restoring it.
    """
    found: list[LostEvent] = []
    try:
        # Not immutable: the newest events may still be in the -wal file beside it.
        connection = sqlite3.connect(readonly_uri(damaged), uri=True)
    except sqlite3.Error:
        return found, False
    try:
        cursor = connection.execute(
            "SELECT id, at, username, action, entity, entity_id FROM audit_event "
            "WHERE id > ? ORDER BY id LIMIT ?",
            (head_id, limit),
        )
        for row in cursor:
            found.append(LostEvent(int(row[0]), str(row[1]), *(str(v) for v in row[2:])))
    except sqlite3.Error:
        return found, False
    finally:
        connection.close()
    return found, True
