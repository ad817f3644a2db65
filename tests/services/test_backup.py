"""Backups of a SQLite office database: copy, restore, and the integrity check."""

from __future__ import annotations

import hashlib
import random
import shutil
import sqlite3
import subprocess
import sys
from contextlib import closing
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select, text

from bpjs_desktop.db.engine import Database, sqlite_url
from bpjs_desktop.db.migrate import head_revision, open_database
from bpjs_desktop.db.models import AuditEvent, Base, Employer
from bpjs_desktop.errors import DatabaseError, KnownError
from bpjs_desktop.services import backup
from tests.helpers import assert_sound_at_head, refuse_copies_into
from tests.tamper import tamper

# --- helpers ----------------------------------------------------------------------------------


def _table_digests(path: Path) -> dict[str, tuple[int, str]]:
    """(row count, digest of every row) of each table of the app, read from the file itself."""
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        result = {}
        for table in [*Base.metadata.tables, "alembic_version"]:
            rows = connection.execute(f"SELECT * FROM {table} ORDER BY 1").fetchall()
            result[table] = (len(rows), hashlib.sha256(repr(rows).encode()).hexdigest())
        return result
    finally:
        connection.close()


def _employer_names(path: Path) -> list[str]:
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return [r[0] for r in connection.execute("SELECT name FROM employer ORDER BY id")]
    finally:
        connection.close()


def _add_employer(db: Database, npp: str, name: str) -> None:
    """A raw employer row (the services are tested elsewhere; here only rows matter)."""
    with db.write() as session:
        office_id = session.scalar(text("SELECT id FROM office WHERE code = 'GRS'"))
        session.add(
            Employer(
                npp=npp, name=name, kbli="10710", risk_group=3, size_class="MENENGAH",
                programmes="JKK,JKM,JHT,JP", office_id=office_id, regency_code="3525",
                registered_on=date(2017, 1, 2), status="AKTIF",
            )
        )  # fmt: skip


def _write(path: Path, sql: str) -> None:
    """Run one statement on the SQLite file *path* behind the app's back, committed."""
    with closing(sqlite3.connect(path)) as connection, connection:
        connection.execute(sql)


def _snapshot(path: Path) -> tuple[bytes, int]:
    return path.read_bytes(), path.stat().st_mtime_ns


def _corrupt(path: Path) -> None:
    """Overwrite a few pages in the middle of a SQLite file with garbage."""
    data = bytearray(path.read_bytes())
    page = 4096
    pages = len(data) // page
    assert pages > 20
    for number in range(pages // 2, pages // 2 + 6):
        data[number * page : number * page + page // 2] = b"\xa5" * (page // 2)
    path.write_bytes(bytes(data))


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The app's data folder (default backups, safety copies) of this test alone."""
    folder = tmp_path / "app-data"
    folder.mkdir()
    monkeypatch.setenv("BPJS_DATA_DIR", str(folder))
    return folder


# --- backup -----------------------------------------------------------------------------------


def test_backup_is_a_consistent_openable_copy_with_the_same_rows(
    demo_db: Database, tmp_path: Path
) -> None:
    """backup() of an open database copies every row of every table — including rows committed
    but still only in the WAL file — into a sound file that opens at the same revision."""
    assert demo_db.path is not None
    _add_employer(demo_db, "17099999", "PT BARU SAJA TERCATAT")  # lives in the -wal file for now
    assert demo_db.path.with_name(demo_db.path.name + "-wal").stat().st_size > 0
    target = tmp_path / "salinan" / "cadangan.sqlite"
    target.parent.mkdir()

    written = backup.backup(demo_db, target)

    assert written == target and target.is_file()
    assert _table_digests(target) == _table_digests(demo_db.path)
    assert "PT BARU SAJA TERCATAT" in _employer_names(target)
    copy = open_database(sqlite_url(target), create=False)
    try:
        assert_sound_at_head(copy)
    finally:
        copy.dispose()
    assert sorted(
        p.name for p in target.parent.iterdir() if not p.name.endswith(("-wal", "-shm"))
    ) == ["cadangan.sqlite"]


def test_backup_leaves_out_a_transaction_not_yet_committed(
    sqlite_db: Database, tmp_path: Path
) -> None:
    """A write still in progress on another connection is not in the copy (consistency), and
    does not block the backup."""
    assert sqlite_db.path is not None
    _add_employer(sqlite_db, "17000001", "PT SUDAH TERSIMPAN")
    writer = sqlite3.connect(sqlite_db.path, isolation_level=None)
    try:
        writer.execute("BEGIN IMMEDIATE")
        writer.execute("UPDATE employer SET name = 'PT BELUM TERSIMPAN'")
        target = backup.backup(sqlite_db, tmp_path / "cadangan.sqlite")
        writer.execute("COMMIT")
    finally:
        writer.close()
    assert _employer_names(target) == ["PT SUDAH TERSIMPAN"]
    assert _employer_names(sqlite_db.path) == ["PT BELUM TERSIMPAN"]


def test_backup_without_a_target_goes_to_the_backup_folder(
    sqlite_db: Database, data_dir: Path
) -> None:
    """With no target, the copy is named after the database and goes to the app's backup folder."""
    written = backup.backup(sqlite_db)
    assert written.parent == data_dir / "backups"
    assert written.name.startswith("office-") and written.suffix == ".sqlite"
    assert written.is_file()


def test_backup_refuses_an_existing_target(sqlite_db: Database, tmp_path: Path) -> None:
    """An existing file is never overwritten by a backup: KnownError, and the file is as it was."""
    target = tmp_path / "cadangan.sqlite"
    target.write_bytes(b"cadangan kemarin")
    with pytest.raises(KnownError, match="sudah ada"):
        backup.backup(sqlite_db, target)
    assert target.read_bytes() == b"cadangan kemarin"


def test_backup_refuses_a_missing_folder(sqlite_db: Database, tmp_path: Path) -> None:
    """A target in a folder that does not exist: KnownError naming it; nothing is created."""
    with pytest.raises(KnownError, match="Folder"):
        backup.backup(sqlite_db, tmp_path / "tidak-ada" / "cadangan.sqlite")
    assert not (tmp_path / "tidak-ada").exists()


@pytest.mark.postgres
def test_backup_of_a_postgresql_database_is_refused(pg_db: Database, tmp_path: Path) -> None:
    """A shared PostgreSQL database is backed up by its administrator (pg_dump), not by the app."""
    with pytest.raises(KnownError, match="pg_dump"):
        backup.backup(pg_db, tmp_path / "cadangan.sqlite")
    assert list(tmp_path.iterdir()) == []


# --- restore ----------------------------------------------------------------------------------


def test_restore_replaces_the_database_and_keeps_a_safety_copy(
    sqlite_db: Database, tmp_path: Path, data_dir: Path
) -> None:
    """restore() puts the backup in place of the database; the database it replaced (with the
    rows added after the backup) is kept as a safety copy in the backup folder."""
    assert sqlite_db.path is not None
    path = sqlite_db.path
    _add_employer(sqlite_db, "17000001", "PT SEBELUM CADANGAN")
    saved = backup.backup(sqlite_db, tmp_path / "cadangan.sqlite")
    _add_employer(sqlite_db, "17000002", "PT SESUDAH CADANGAN")
    sqlite_db.dispose()

    safety = backup.restore(sqlite_url(path), saved)

    assert safety is not None
    assert _employer_names(path) == ["PT SEBELUM CADANGAN"]
    assert safety.parent == data_dir / "backups" and safety.is_file()
    assert _employer_names(safety) == ["PT SEBELUM CADANGAN", "PT SESUDAH CADANGAN"]
    assert not path.with_name(path.name + ".restoring").exists()
    reopened = open_database(sqlite_url(path), create=False)
    try:
        assert backup.check(reopened).ok
        with reopened.read() as session:
            assert session.scalars(select(Employer.name)).all() == ["PT SEBELUM CADANGAN"]
    finally:
        reopened.dispose()


def _restore_refused(db: Database, saved: Path, match: str) -> None:
    """Restoring *saved* over *db* is refused, the reason matching *match*; the database file
    is left exactly as it was."""
    assert db.path is not None
    db.dispose()
    before = _snapshot(db.path)
    with pytest.raises(DatabaseError, match=match):
        backup.restore(sqlite_url(db.path), saved)
    assert _snapshot(db.path) == before


def test_restore_refuses_a_text_file_and_leaves_the_database_untouched(
    sqlite_db: Database, tmp_path: Path, data_dir: Path
) -> None:
    """A backup that is not SQLite at all is refused; the current database is unchanged and no
    safety copy is needed."""
    fake = tmp_path / "cadangan.sqlite"
    fake.write_text("bukan database\n", encoding="utf-8")
    _restore_refused(sqlite_db, fake, "bukan")
    assert not (data_dir / "backups").exists() or list((data_dir / "backups").iterdir()) == []


def test_restore_refuses_a_corrupt_backup_and_leaves_the_database_untouched(
    demo_db: Database, tmp_path: Path, data_dir: Path
) -> None:
    """A backup with damaged pages fails the integrity check and is not restored."""
    saved = backup.backup(demo_db, tmp_path / "cadangan.sqlite")
    _corrupt(saved)
    _restore_refused(demo_db, saved, r"rusak|bukan")


def test_restore_refuses_a_sqlite_file_of_another_program(
    sqlite_db: Database, tmp_path: Path, data_dir: Path
) -> None:
    """A sound SQLite file without the app's schema is not a bpjs-desktop backup."""
    foreign = tmp_path / "kasir.sqlite"
    _write(foreign, "CREATE TABLE pelanggan (id INTEGER PRIMARY KEY, nama TEXT)")
    _restore_refused(sqlite_db, foreign, "bukan cadangan database bpjs-desktop")


def test_restore_refuses_a_backup_of_a_newer_version(
    sqlite_db: Database, tmp_path: Path, data_dir: Path
) -> None:
    """A backup made by a newer app (unknown revision) is refused; the database is unchanged."""
    saved = backup.backup(sqlite_db, tmp_path / "cadangan.sqlite")
    _write(saved, "UPDATE alembic_version SET version_num = 'ffff0099'")
    _restore_refused(sqlite_db, saved, "lebih baru")


def test_restore_of_a_missing_backup_is_an_error(sqlite_db: Database, tmp_path: Path) -> None:
    """A backup path that does not exist: KnownError naming it."""
    assert sqlite_db.path is not None
    missing = tmp_path / "tidak-ada.sqlite"
    with pytest.raises(KnownError, match="tidak ada"):
        backup.restore(sqlite_url(sqlite_db.path), missing)


# --- restore over a database in any state ---------------------------------------------------


def _random_pages(path: Path) -> None:
    """Random bytes over six whole pages in the middle of the file (a failing disk, a bad copy)."""
    data = bytearray(path.read_bytes())
    page = 4096
    pages = len(data) // page
    assert pages > 20
    noise = random.Random(12)
    for number in range(pages // 2, pages // 2 + 6):
        data[number * page : (number + 1) * page] = noise.randbytes(page)
    path.write_bytes(bytes(data))


def _truncated(path: Path) -> None:
    """Only the first third of the file is left (a copy or a disk that stopped half-way)."""
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 3])


def _zero_bytes(path: Path) -> None:
    path.write_bytes(b"")


def _text_file(path: Path) -> None:
    path.write_text("catatan rapat, bukan database\n", encoding="utf-8")


def _left_alone(path: Path) -> None:
    del path


STATES = {
    "sehat": _left_alone,
    "halaman-acak": _random_pages,
    "terpotong": _truncated,
    "nol-byte": _zero_bytes,
    "teks": _text_file,
}


def _backup_files(data_dir: Path) -> list[str]:
    """The files in the app's backup folder (safety copies)."""
    folder = data_dir / "backups"
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


@pytest.mark.parametrize("state", STATES.values(), ids=STATES.keys())
def test_restore_works_whatever_state_the_current_file_is_in(
    demo_db: Database, tmp_path: Path, data_dir: Path, state
) -> None:
    """Sound, with random bytes over pages, truncated, emptied or overwritten by text: restore()
    puts the backup in place, and the replaced file is kept aside byte for byte."""
    assert demo_db.path is not None
    path = demo_db.path
    saved = _backup_on_a_stick(demo_db, tmp_path)
    demo_db.dispose()
    state(path)
    replaced = path.read_bytes()

    safety = backup.restore(sqlite_url(path), saved)

    assert safety is not None and safety.parent == data_dir / "backups"
    assert sorted(p.name for p in saved.parent.iterdir()) == ["cadangan.sqlite"]  # read only
    assert safety.read_bytes() == replaced
    assert _backup_files(data_dir) == [safety.name]
    assert _table_digests(path) == _table_digests(saved)
    assert not path.with_name(path.name + ".restoring").exists()
    reopened = open_database(sqlite_url(path), create=False)
    try:
        assert backup.check(reopened).ok
    finally:
        reopened.dispose()


def test_restore_keeps_the_write_ahead_log_of_the_replaced_database(
    sqlite_db: Database, tmp_path: Path, data_dir: Path
) -> None:
    """A database left with committed rows still in its -wal file (the app was killed) is kept
    aside with that -wal: the safety copy opens with those rows."""
    assert sqlite_db.path is not None
    saved = backup.backup(sqlite_db, tmp_path / "cadangan.sqlite")
    _add_employer(sqlite_db, "17000003", "PT HANYA DI WAL")
    crashed = tmp_path / "kantor.sqlite"
    for suffix in ("", "-wal", "-shm"):  # the files as a killed app leaves them
        shutil.copyfile(
            sqlite_db.path.with_name(sqlite_db.path.name + suffix),
            crashed.with_name(crashed.name + suffix),
        )
    sqlite_db.dispose()

    safety = backup.restore(sqlite_url(crashed), saved)

    assert safety is not None
    assert safety.with_name(safety.name + "-wal").is_file()
    assert not crashed.with_name(crashed.name + "-wal").exists()
    assert _employer_names(safety) == ["PT HANYA DI WAL"]
    assert _employer_names(crashed) == []


def test_restore_to_a_path_without_a_database_claims_no_safety_copy(
    sqlite_db: Database, tmp_path: Path, data_dir: Path
) -> None:
    """Restoring where no database exists yet creates it; there is nothing to keep aside."""
    saved = backup.backup(sqlite_db, tmp_path / "cadangan.sqlite")
    new = tmp_path / "baru" / "kantor.sqlite"
    new.parent.mkdir()

    assert backup.restore(sqlite_url(new), saved) is None

    assert _table_digests(new) == _table_digests(saved)
    assert _backup_files(data_dir) == []


def _backup_on_a_stick(db: Database, tmp_path: Path) -> Path:
    """A backup in a folder of its own (reading it must not add files beside the database)."""
    stick = tmp_path / "flashdisk"
    stick.mkdir()
    return backup.backup(db, stick / "cadangan.sqlite")


def _all_files(folder: Path) -> dict[str, tuple[bytes, int]]:
    """Every file of *folder* with its bytes and modification time."""
    return {p.name: _snapshot(p) for p in folder.iterdir() if p.is_file()}


def test_restore_refuses_a_database_another_connection_is_writing(
    sqlite_db: Database, tmp_path: Path, data_dir: Path
) -> None:
    """While another connection holds a write lock, restore() says the database is in use and
    changes nothing: not the file, not its -wal, no safety copy, no half-written file."""
    assert sqlite_db.path is not None
    saved = _backup_on_a_stick(sqlite_db, tmp_path)
    sqlite_db.dispose()
    writer = sqlite3.connect(sqlite_db.path, isolation_level=None)
    try:
        writer.execute("BEGIN IMMEDIATE")
        writer.execute("UPDATE office SET name = name")
        before = _all_files(sqlite_db.path.parent)

        with pytest.raises(DatabaseError, match="sedang dipakai"):
            backup.restore(sqlite_url(sqlite_db.path), saved)

        assert _all_files(sqlite_db.path.parent) == before
    finally:
        writer.close()
    assert _backup_files(data_dir) == []


_HOLDER = """
import sys, sqlite3
connection = sqlite3.connect(sys.argv[1])
connection.execute("SELECT count(*) FROM office").fetchone()
print("open", flush=True)
sys.stdin.readline()
"""


def test_restore_refuses_a_database_another_process_has_open(
    sqlite_db: Database, tmp_path: Path, data_dir: Path
) -> None:
    """Another process with the database merely open (an app left running, idle between
    transactions) counts as in use too: replacing the file under it would lose its work."""
    assert sqlite_db.path is not None
    saved = _backup_on_a_stick(sqlite_db, tmp_path)
    sqlite_db.dispose()
    holder = subprocess.Popen(
        [sys.executable, "-c", _HOLDER, str(sqlite_db.path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "open\n"
        before = _all_files(sqlite_db.path.parent)

        with pytest.raises(DatabaseError, match="sedang dipakai"):
            backup.restore(sqlite_url(sqlite_db.path), saved)

        assert _all_files(sqlite_db.path.parent) == before
    finally:
        holder.communicate("\n", timeout=30)
    assert _backup_files(data_dir) == []


def test_restore_onto_a_folder_is_refused(
    sqlite_db: Database, tmp_path: Path, data_dir: Path
) -> None:
    """A folder given as the database: KnownError naming it; nothing is written."""
    saved = _backup_on_a_stick(sqlite_db, tmp_path)
    folder = tmp_path / "kantor"
    folder.mkdir()
    with pytest.raises(KnownError, match="adalah folder"):
        backup.restore(sqlite_url(folder), saved)
    assert list(folder.iterdir()) == [] and _backup_files(data_dir) == []


def test_restore_into_a_read_only_folder_changes_nothing(
    sqlite_db: Database, tmp_path: Path, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A folder the user may not write: KnownError naming the folder, the database as it was,
    no safety copy left behind."""
    assert sqlite_db.path is not None
    saved = _backup_on_a_stick(sqlite_db, tmp_path)
    sqlite_db.dispose()
    folder = sqlite_db.path.parent
    _deny_writes_in(folder, monkeypatch)
    try:
        before = _all_files(folder)
        with pytest.raises(KnownError, match="tidak dapat ditulis") as caught:
            backup.restore(sqlite_url(sqlite_db.path), saved)
        assert str(folder) in caught.value.message
        assert _all_files(folder) == before
    finally:
        folder.chmod(0o755)
    assert _backup_files(data_dir) == []


def _deny_writes_in(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Make *folder* read-only; where the permission does not bind (root), refuse the copy into
    it the way the operating system would."""
    folder.chmod(0o555)
    probe = folder / ".probe"
    try:
        probe.write_bytes(b"")
    except PermissionError:
        return
    probe.unlink()
    refuse_copies_into(folder, monkeypatch)


# --- check ------------------------------------------------------------------------------------


def test_check_reports_a_sound_database_as_ok(db: Database, make_employer) -> None:
    """On a sound database (SQLite and PostgreSQL) check() is ok and says what it checked."""
    make_employer()
    make_employer()
    report = backup.check(db)
    assert report.ok, report.lines
    joined = "\n".join(report.lines)
    assert "Jejak audit: utuh (2 kejadian)" in joined
    assert f"Revisi struktur: {head_revision()}" in joined
    if db.is_sqlite:
        assert "Keutuhan file: baik" in joined and "Relasi antartabel: baik" in joined


def test_check_reports_a_tampered_audit_chain(db: Database, make_employer) -> None:
    """An audit event edited outside the app (here: its detail) makes check() not ok, and the
    report names the first broken event."""
    make_employer(name="PT Jujur")
    make_employer(name="PT Kedua")
    with db.read() as session:
        first_id = session.scalar(select(AuditEvent.id).order_by(AuditEvent.id).limit(1))
    # The audit table refuses edits (issue #11): the tamperer drops its guard first.
    tamper(
        db,
        "UPDATE audit_event SET detail = :d WHERE id = :id",
        d='{"name":"PT Palsu"}',
        id=first_id,
    )
    report = backup.check(db)
    assert not report.ok
    assert f"Jejak audit: RUSAK mulai kejadian #{first_id}" in report.lines


def test_check_reports_a_deleted_audit_event(db: Database, make_employer) -> None:
    """Deleting an event from the middle of the chain is detected too."""
    for _n in range(3):
        make_employer()
    with db.read() as session:
        ids = session.scalars(select(AuditEvent.id).order_by(AuditEvent.id)).all()
    tamper(db, "DELETE FROM audit_event WHERE id = :id", id=ids[1])
    report = backup.check(db)
    assert not report.ok
    assert f"Jejak audit: RUSAK mulai kejadian #{ids[2]}" in report.lines


def test_check_reports_broken_foreign_keys(sqlite_db: Database) -> None:
    """A row whose reference is missing (written with foreign keys off) fails the check."""
    assert sqlite_db.path is not None
    connection = sqlite3.connect(sqlite_db.path)
    with connection:
        connection.execute("PRAGMA foreign_keys = OFF")
        connection.execute(
            "INSERT INTO target (office_id, kpi, period, value) VALUES (9999, 'BU_AKTIF', '2018-04', 5)"
        )
    connection.close()
    report = backup.check(sqlite_db)
    assert not report.ok
    assert any("Relasi antartabel: 1 baris" in line for line in report.lines)
