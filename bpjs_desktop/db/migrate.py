"""Open a database the way a user expects: create it, or bring it up to date safely.

On open: a path that does not exist becomes a new file at the newest schema (an existing file
that is empty or not SQLite is refused, never initialised over); an older schema is upgraded by
Alembic after a backup copy of the file is taken (for the user, in the backup folder) and a byte
copy beside it, which is put back if the upgrade fails: the file is then byte-identical to before
(Alembic's DDL is not transactional on SQLite, so a failed revision could otherwise leave a
half-migrated file; stack-notes §5.16). A database from a newer version of the app is refused,
never touched."""

from __future__ import annotations

import functools
import logging
import re
import shutil
import sqlite3
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote

from sqlalchemy import inspect
from sqlalchemy.engine import Connection, make_url

from bpjs_desktop import paths
from bpjs_desktop.db.engine import Database, translate_error
from bpjs_desktop.db.urls import readonly_uri as readonly_uri
from bpjs_desktop.errors import DatabaseError, traceback_without_messages
from bpjs_desktop.i18n import _

if TYPE_CHECKING:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

# Alembic is imported only when a database needs it (created, upgraded, checked against scripts
# it does not know): opening a database already at the head — every start of the app — reads the
# revision with sqlite3 and the head from the scripts' own lines (:func:`quick_head`).

log = logging.getLogger(__name__)

SQLITE_MAGIC = b"SQLite format 3\x00"


# Search indexes that live outside the models (each database has its own native kind, created by
# revision 0003): autogenerate must neither drop them nor report them as differences.
SEARCH_INDEX_NAMES = ("person_fts", "ix_person_name_tsv")


def include_name(name: str | None, type_: str, parent_names: object) -> bool:
    """Alembic's filter: leave the native search indexes (and FTS5's shadow tables) alone."""
    del type_, parent_names
    return not (name or "").startswith(SEARCH_INDEX_NAMES)


def script_location() -> str:
    """The Alembic scripts: ``alembic/`` of the checkout, or the copy shipped inside the package
    (wheel and frozen app): :func:`bpjs_desktop.paths.migrations_dir`."""
    return str(paths.migrations_dir())


def alembic_config(extra_version_locations: Sequence[Path] = ()) -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", script_location())
    locations = [str(Path(script_location()) / "versions"), *map(str, extra_version_locations)]
    config.set_main_option("version_locations", " ".join(locations))
    config.set_main_option("path_separator", "space")
    return config


def head_revision(config: Config | None = None) -> str:
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(config or alembic_config()).get_current_head()
    assert head is not None
    return head


def current_revision(db: Database) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with db.engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


_REVISION = re.compile(r"""^revision\s*(?::[^=]*)?=\s*["']([^"']+)["']\s*$""", re.M)
_DOWN_REVISION = re.compile(r"^down_revision\s*(?::[^=]*)?=\s*(.+?)\s*$", re.M)


@functools.cache
def quick_head() -> str | None:
    """The head revision, read from the ``revision``/``down_revision`` lines of the shipped
    scripts without importing Alembic; None unless they form one plain chain (a merge, a branch,
    an unreadable script: then Alembic decides)."""
    revisions: set[str] = set()
    downs: set[str] = set()
    for script in (Path(script_location()) / "versions").glob("*.py"):
        text = script.read_text(encoding="utf-8")
        revision, down = _REVISION.search(text), _DOWN_REVISION.search(text)
        if revision is None or down is None:
            return None
        revisions.add(revision.group(1))
        value = down.group(1)
        if value != "None":
            quoted = re.fullmatch(r"""["']([^"']+)["']""", value)
            if quoted is None:
                return None
            downs.add(quoted.group(1))
    heads = revisions - downs
    if len(heads) != 1 or not downs <= revisions:
        return None
    return heads.pop()


def check_sqlite_file(path: Path) -> None:
    """Refuse a folder, an unreadable, empty or non-SQLite file, naming which (nothing changes)."""
    if path.is_dir():
        raise DatabaseError(_("{path} adalah folder, bukan file database").format(path=path))
    try:
        with path.open("rb") as handle:
            header = handle.read(16)
    except OSError as exc:
        raise DatabaseError(
            _("File database {path} tidak dapat dibaca: {reason}").format(
                path=path, reason=exc.strerror
            )
        ) from exc
    # Only a path that does not exist becomes a new database. An empty file is what a failed
    # copy, a full disk or a crashed sync leaves where a database was: making a fresh empty
    # database of it would hide the loss (and `check` would then call it sound).
    if not header:
        raise DatabaseError(
            _(
                "File database {path} kosong (0 byte) dan tidak diubah. Pulihkan dari cadangan "
                "(bpjs-desktop restore), atau hapus file itu bila memang ingin database baru."
            ).format(path=path)
        )
    if header != SQLITE_MAGIC:
        raise DatabaseError(
            _("{path} bukan file database bpjs-desktop (bukan SQLite)").format(path=path)
        )


def backup_sqlite(source: Path, target: Path) -> Path:
    """A consistent copy of a live SQLite file (the online backup API; safe with WAL)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    src = sqlite3.connect(readonly_uri(source), uri=True)
    try:
        dst = sqlite3.connect(partial)
        try:
            src.backup(dst)
        finally:
            dst.close()
    finally:
        src.close()
    partial.replace(target)
    return target


# The byte-for-byte copy of a file (and its -wal) taken before an upgrade, beside it.
SNAPSHOT_SUFFIX = ".sebelum-pembaruan"


def _byte_snapshot(path: Path) -> list[tuple[Path, Path]]:
    """Copy *path* and its -wal byte for byte beside it, before an upgrade touches them.

    The backup API's copy (kept for the user) holds the same rows but not the same bytes; a
    failed upgrade must leave the file exactly as it was (issue #12), so it is put back from
    these. Taken under a write lock (BEGIN IMMEDIATE), so no other connection commits — and no
    checkpoint moves pages into the file — while the bytes are read. The -shm is not copied:
    SQLite rebuilds it.

    Returns:
        (original, copy) pairs; the copies are in the same folder, so putting them back is a
        rename.
    """
    pairs: list[tuple[Path, Path]] = []
    guard = sqlite3.connect(
        f"file:{quote(str(path.resolve()))}?mode=rw", uri=True, isolation_level=None, timeout=10
    )
    try:
        guard.execute("BEGIN IMMEDIATE")
        for original in (path, path.with_name(path.name + "-wal")):
            # (an empty -wal holds nothing: the read-only look before may have left one)
            if original.exists() and (original == path or original.stat().st_size > 0):
                copy = original.with_name(original.name + SNAPSHOT_SUFFIX)
                shutil.copyfile(original, copy)
                pairs.append((original, copy))
        guard.execute("ROLLBACK")
    except (OSError, sqlite3.Error) as exc:
        for _original, copy in pairs:
            copy.unlink(missing_ok=True)
        raise DatabaseError(
            _(
                "Salinan pengaman sebelum pembaruan struktur tidak dapat dibuat ({reason}); "
                "database tidak diubah."
            ).format(reason=exc)
        ) from exc
    finally:
        guard.close()
    return pairs


def _put_back(path: Path, pairs: list[tuple[Path, Path]]) -> None:
    """Return *path* to the bytes of its snapshot (no -wal/-shm left that it did not have)."""
    for suffix in ("-wal", "-shm"):
        path.with_name(path.name + suffix).unlink(missing_ok=True)
    for original, copy in pairs:
        copy.replace(original)


def _drop_snapshot(pairs: list[tuple[Path, Path]]) -> None:
    for _original, copy in pairs:
        try:
            copy.unlink(missing_ok=True)
        except OSError as exc:
            log.warning("could not remove %s: %s", copy, exc)


def open_database(
    url: str,
    *,
    create: bool = True,
    journal_mode: str = "WAL",
    backup_dir: Path | None = None,
    extra_version_locations: Sequence[Path] = (),
) -> Database:
    """Open *url*, creating or upgrading its schema as needed.

    Args:
        url: a SQLAlchemy URL (``sqlite+pysqlite:///path`` or ``postgresql+psycopg://…``).
        create: create a missing SQLite file; when False a missing file is an error.
        backup_dir: where the pre-upgrade copy goes (default: the app's backup folder).
        extra_version_locations: more revision folders (tests use this to inject a failing one).

    Raises:
        DatabaseError: missing, unreadable, foreign, corrupt, locked, too new, or failed upgrade.
    """
    parsed = make_url(url)
    path: Path | None = None
    current: str | None = None
    if parsed.get_backend_name() == "sqlite":
        if not parsed.database or parsed.database == ":memory:":
            raise DatabaseError(_("Database dalam memori tidak didukung; berikan path file"))
        path = Path(parsed.database)
        if path.exists():
            check_sqlite_file(path)
            # Look before touching: the engine's connect hook switches the file to WAL, which
            # would already change a foreign or newer database that is about to be refused.
            current, tables = read_only_schema(path)
            if not extra_version_locations and current is not None and current == quick_head():
                # At the head already: nothing for Alembic to check or do. One connection of
                # the app's own now: the read-only look above may have left -wal/-shm files
                # beside the file, and only a read-write connection removes them when the
                # database is closed (a restore then finds the file alone, as it was).
                db = Database(url, journal_mode=journal_mode)
                with db.engine.connect():
                    pass
                return db
            from alembic.script import ScriptDirectory

            _check_schema(
                current,
                tables,
                ScriptDirectory.from_config(alembic_config(extra_version_locations)),
            )
        elif not create:
            raise DatabaseError(_("File database {path} tidak ada").format(path=path))
        elif not path.parent.exists():
            raise DatabaseError(
                _("Folder {folder} tidak ada; buat foldernya dahulu").format(folder=path.parent)
            )
    from alembic.script import ScriptDirectory

    snapshot: list[tuple[Path, Path]] = []
    if path is not None and path.exists():
        script = ScriptDirectory.from_config(alembic_config(extra_version_locations))
        if current is not None and current != script.get_current_head():
            snapshot = _byte_snapshot(path)
    db = Database(url, journal_mode=journal_mode)
    try:
        _bring_up_to_date(db, path, backup_dir, extra_version_locations)
    except Exception as exc:
        db.dispose()
        if path is not None and snapshot:
            _put_back(path, snapshot)
        if isinstance(exc, DatabaseError):
            raise
        known = translate_error(exc)
        if known is not None:
            raise known from exc
        raise
    _drop_snapshot(snapshot)
    return db


def read_only_schema(path: Path) -> tuple[str | None, set[str]]:
    """The revision and table names of a SQLite file, read without changing a byte of it."""
    try:
        connection = sqlite3.connect(readonly_uri(path), uri=True)
    except sqlite3.Error as exc:
        raise DatabaseError(
            _("File database {path} tidak dapat dibuka: {reason}").format(path=path, reason=exc)
        ) from exc
    try:
        tables = {
            row[0]
            for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        }
        current = None
        if "alembic_version" in tables:
            row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
            current = None if row is None else str(row[0])
    except sqlite3.DatabaseError as exc:
        known = translate_error(exc)
        raise (known or DatabaseError(str(exc))) from exc
    finally:
        connection.close()
    return current, tables


def _check_schema(current: str | None, tables: set[str], script: ScriptDirectory) -> None:
    """Refuse a database that is not ours, or that a newer version of the app has upgraded."""
    if current is None and tables - {"alembic_version"}:
        raise DatabaseError(
            _("Database ini berisi tabel lain dan bukan database bpjs-desktop; tidak diubah")
        )
    if current is not None:
        try:
            script.get_revision(current)
        except Exception:
            raise DatabaseError(
                _(
                    "Database ini dibuat oleh versi bpjs-desktop yang lebih baru (revisi {rev}). "
                    "Perbarui aplikasi; database tidak diubah."
                ).format(rev=current)
            ) from None


def _bring_up_to_date(
    db: Database, path: Path | None, backup_dir: Path | None, extra: Sequence[Path]
) -> None:
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory

    config = alembic_config(extra)
    script = ScriptDirectory.from_config(config)
    head = script.get_current_head()
    with db.engine.connect() as connection:
        current = MigrationContext.configure(connection).get_current_revision()
        tables = set(inspect(connection).get_table_names())
    _check_schema(current, tables, script)
    if current == head:
        return
    backup: Path | None = None
    if path is not None and current is not None:
        stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
        target_dir = backup_dir or paths.backup_dir()
        backup = backup_sqlite(path, target_dir / f"{path.stem}-{stamp}-sebelum-{head}.sqlite")
        log.info("backed up %s to %s before upgrading from %s to %s", path, backup, current, head)
    try:
        with db.engine.connect() as connection:
            _upgrade(connection, config)
    except Exception as exc:
        log.error(  # (the traceback without the exception's text: it may quote a row's data)
            "upgrade of %s from %s failed:\n%s",
            db.describe(),
            current,
            traceback_without_messages(exc),
        )
        db.dispose()
        if path is not None and backup is not None:
            # open_database() puts the file's exact bytes back from its snapshot.
            raise DatabaseError(
                _(
                    "Pembaruan struktur database gagal ({reason}). Database dikembalikan seperti "
                    "semula dari cadangan {backup}."
                ).format(reason=type(exc).__name__, backup=backup)
            ) from exc
        if path is not None and current is None:
            path.unlink(missing_ok=True)
        raise DatabaseError(
            _(
                "Pembaruan struktur database gagal ({reason}); tidak ada perubahan yang disimpan."
            ).format(reason=type(exc).__name__)
        ) from exc


@contextmanager
def schema_change(connection: Connection) -> Iterator[None]:
    """One transaction on *connection* for revisions that may rebuild tables.

    On SQLite, batch mode changes a table by copying it, dropping the old one and renaming the
    copy; with foreign keys enforced, dropping a table that other rows refer to fails (revision
    0009 on ``app_user``, which claims and follow-ups name). SQLite's own procedure for such
    changes (https://sqlite.org/lang_altertable.html, "Making Other Kinds Of Table Schema
    Changes"): switch the keys off outside the transaction, run ``foreign_key_check`` before
    committing, switch them on again. The pragma is a no-op inside a transaction, so it goes to
    the driver connection before SQLAlchemy begins one. Used by the app (:func:`_upgrade`) and by
    ``alembic upgrade`` run from a checkout (alembic/env.py).

    Raises:
        DatabaseError: the revisions left broken references (nothing is committed).
    """

    sqlite = connection.dialect.name == "sqlite"
    raw = connection.connection.dbapi_connection
    if sqlite and raw is not None:
        raw.execute("PRAGMA foreign_keys = OFF")
    try:
        with connection.begin():
            yield
            if sqlite:
                broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                if broken:
                    table, _rowid, parent, _fk = broken[0]
                    raise DatabaseError(
                        _(
                            "Pembaruan struktur database meninggalkan {n} rujukan yang putus "
                            "(tabel {table} ke {parent}); tidak ada perubahan yang disimpan."
                        ).format(n=len(broken), table=table, parent=parent)
                    )
    finally:
        if sqlite and raw is not None:
            raw.execute("PRAGMA foreign_keys = ON")


def _upgrade(connection: Connection, config: Config) -> None:
    """Run every pending revision in one transaction on *connection* (:func:`schema_change`)."""
    from alembic import command  # only when there is something to upgrade (start-up speed)

    with schema_change(connection):
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


def main(argv: Sequence[str] | None = None) -> int:
    """Developer entry: ``python -m bpjs_desktop.db.migrate revision "message"``.

    Autogenerates a new revision against a scratch database at the current head.
    """
    import tempfile

    from alembic import command

    from bpjs_desktop.db.engine import sqlite_url

    args = list(sys.argv[1:] if argv is None else argv)
    if len(args) != 2 or args[0] != "revision":
        print('usage: python -m bpjs_desktop.db.migrate revision "message"', file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        db = open_database(sqlite_url(Path(tmp) / "scratch.sqlite"))
        config = alembic_config()
        with db.engine.begin() as connection:
            config.attributes["connection"] = connection
            command.revision(config, message=args[1], autogenerate=True)
        db.dispose()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
