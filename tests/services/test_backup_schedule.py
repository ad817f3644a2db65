"""Verified backups while working: written, checked, recorded, listed, thinned (issue #12)."""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from bpjs_desktop.db.engine import Database
from bpjs_desktop.db.migrate import head_revision
from bpjs_desktop.domain.periods import Period
from bpjs_desktop.services import backup, imports, month_close
from bpjs_desktop.services.context import Actor
from tests.helpers import list_row, write_list


@pytest.fixture
def db(sqlite_db: Database) -> Database:
    """SQLite only: backups of a PostgreSQL server are its administrator's (pg_dump)."""
    return sqlite_db


def _count(path: Path, table: str) -> int:
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return int(connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0])
    finally:
        connection.close()


def test_a_backup_is_verified_and_its_check_recorded_beside_it(
    db: Database, make_employer, tmp_path: Path
) -> None:
    """take_backup writes a copy, opens it read-only, and records in a JSON sidecar: check ok,
    row counts equal to the database's, the audit head of the database, the revision."""
    make_employer()
    make_employer()
    folder = tmp_path / "cadangan"
    folder.mkdir()

    info = backup.take_backup(db, "manual", folder)

    assert info.ok and info.problem == ""
    assert info.path.parent == folder and info.path.is_file()
    assert info.rows["employer"] == 2 == _count(info.path, "employer")
    assert info.rows["audit_event"] == _count(db.path, "audit_event") == 2
    assert info.audit_head == backup.audit_head(db) and info.audit_head_id == 2
    assert info.revision == head_revision()
    sidecar = json.loads(info.path.with_name(info.path.name + ".json").read_text("utf-8"))
    assert sidecar["ok"] is True and sidecar["rows"]["employer"] == 2
    assert sidecar["source"] == str(db.path.resolve())
    assert backup.list_backups(db.path, folder) == [info]


def test_a_damaged_copy_is_recorded_as_failed_and_never_offered(
    db: Database, make_employer, tmp_path: Path
) -> None:
    """A copy that is damaged after writing (a bad USB stick) fails verify_backup; a backup
    recorded as failed is listed with its problem but newest_verified passes over it."""
    make_employer()
    folder = tmp_path / "cadangan"
    folder.mkdir()
    good = backup.take_backup(db, "manual", folder, now=datetime(2026, 12, 7, 1, tzinfo=UTC))
    bad = backup.take_backup(db, "manual", folder, now=datetime(2026, 12, 7, 2, tzinfo=UTC))
    data = bytearray(bad.path.read_bytes())
    data[4096 : 4096 * 3] = b"\xa5" * 8192
    bad.path.write_bytes(bytes(data))

    ok, problem, _rows, _head, _rev = backup.verify_backup(bad.path)
    assert not ok and problem
    assert backup.verify_backup(tmp_path / "tidak-ada.sqlite")[0] is False
    text_file = tmp_path / "teks.sqlite"
    text_file.write_text("bukan database", encoding="utf-8")
    assert backup.verify_backup(text_file)[:2] == (False, "bukan file database SQLite")
    # the recorded result is what counts; re-record the damaged one as a failed check would
    sidecar = bad.path.with_name(bad.path.name + ".json")
    record = json.loads(sidecar.read_text("utf-8"))
    record.update(ok=False, problem=problem)
    sidecar.write_text(json.dumps(record), "utf-8")
    listed = backup.list_backups(db.path, folder)
    assert [(b.path, b.ok) for b in listed] == [(bad.path, False), (good.path, True)]
    assert backup.newest_verified(db.path, folder) == good


def test_changed_since_last_backup_follows_the_audit_trail(
    db: Database, make_employer, tmp_path: Path
) -> None:
    """No backup yet: changed. Right after a backup: unchanged. After any write: changed."""
    folder = tmp_path / "cadangan"
    folder.mkdir()
    make_employer()
    assert backup.changed_since_last_backup(db, folder)
    backup.take_backup(db, "schedule", folder)
    assert not backup.changed_since_last_backup(db, folder)
    make_employer()
    assert backup.changed_since_last_backup(db, folder)


def test_old_backups_are_thinned_and_todays_kept(db: Database, tmp_path: Path) -> None:
    """Backups every 6 hours for 30 days, then one more now: today's stay, each of the 14
    previous days keeps one, the older ones one per ISO week; the files and sidecars of the
    rest are gone from the folder."""
    folder = tmp_path / "cadangan"
    folder.mkdir()
    now = datetime(2026, 12, 7, 8, 0, tzinfo=UTC)  # 15:00 WIB
    for hours in range(30 * 24, 0, -6):
        backup.take_backup(db, "schedule", folder, now=now - timedelta(hours=hours))
    backup.take_backup(db, "schedule", folder, now=now)

    kept = backup.list_backups(db.path, folder)
    local_days = [b.taken_at.astimezone(backup.WIB).date() for b in kept]
    today = date(2026, 12, 7)
    assert local_days.count(today) == 3  # 03:00, 09:00 and 15:00 WIB
    for back in range(1, 15):
        assert local_days.count(today - timedelta(days=back)) == 1
    older = [d for d in local_days if (today - d).days > 14]
    assert len(older) == len({d.isocalendar()[:2] for d in older})
    assert len(list(folder.glob("*.sqlite"))) == len(kept)
    assert len(list(folder.glob("*.json"))) == len(kept)


def test_import_takes_a_verified_backup_first(
    db: Database, admin: Actor, make_employer, tmp_path: Path, monkeypatch
) -> None:
    """imports.commit (GUI and CLI alike) backs up before writing: the copy holds the people as
    they were, the database one more."""
    monkeypatch.setenv("BPJS_DATA_DIR", str(tmp_path / "app-data"))
    employer = make_employer()
    path = write_list(tmp_path / "daftar.xlsx", [list_row()])
    before = _count(db.path, "person")

    report = imports.commit(db, admin, employer.npp, path)

    assert report.imported == 1
    taken = backup.list_backups(db.path)
    assert [b.reason for b in taken] == ["import"] and taken[0].ok
    assert _count(taken[0].path, "person") == before
    assert _count(db.path, "person") == before + 1


def test_refused_import_takes_no_backup(
    db: Database, admin: Actor, make_employer, tmp_path: Path, monkeypatch
) -> None:
    """A list with a bad row and without only_valid changes nothing: no backup either."""
    monkeypatch.setenv("BPJS_DATA_DIR", str(tmp_path / "app-data"))
    employer = make_employer()
    path = write_list(tmp_path / "daftar.xlsx", [list_row(), list_row(wage="abc")])
    with pytest.raises(imports.ImportHasErrors):
        imports.commit(db, admin, employer.npp, path)
    assert backup.list_backups(db.path) == []


def test_month_close_takes_a_verified_backup_first(
    db: Database, admin: Actor, tmp_path: Path, monkeypatch
) -> None:
    """month_close.close_month backs up before freezing the month; the copy has no close yet."""
    monkeypatch.setenv("BPJS_DATA_DIR", str(tmp_path / "app-data"))
    month_close.close_month(db, admin, Period(2026, 1), "GRS")
    taken = backup.list_backups(db.path)
    assert [b.reason for b in taken] == ["month_close"] and taken[0].ok
    assert taken[0].rows["month_close"] == 0
    assert _count(db.path, "month_close") == 1


def test_sizes_read_as_people_read_them() -> None:
    assert backup.format_size(159_047_680) == "159,0 MB"
    assert backup.format_size(4096) == "4 kB"
    assert backup.format_size(0) == "0 kB"


def test_backup_list_is_empty_for_another_database(db: Database, tmp_path: Path) -> None:
    """Backups are listed per database: another office file's copies in the same folder are not
    shown for this one."""
    folder = tmp_path / "cadangan"
    folder.mkdir()
    backup.take_backup(db, "manual", folder)
    assert backup.list_backups(tmp_path / "lain.sqlite", folder) == []
