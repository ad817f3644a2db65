"""One running copy per database: the lock file, seen from a second process (issue #12)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bpjs_desktop.db.engine import Database
from bpjs_desktop.db.models import Role
from bpjs_desktop.errors import KnownError, PermissionDeniedError
from bpjs_desktop.services import db_location, db_lock
from bpjs_desktop.services.context import Actor

HOLDER = """
import sys, time
from pathlib import Path
from bpjs_desktop.services import db_lock
lock = db_lock.acquire(Path(sys.argv[1]))
print("held", flush=True)
sys.stdin.readline()
lock.release()
"""

TRY = """
import sys
from pathlib import Path
from bpjs_desktop.services import db_lock
try:
    db_lock.acquire(Path(sys.argv[1]))
except db_lock.DatabaseInUseError as exc:
    h = exc.holder
    print("busy", h.user, h.computer, h.pid, h.since.isoformat())
else:
    print("got it")
"""


def _python(code: str, *args: object, **kwargs: object) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    return subprocess.Popen(
        [sys.executable, "-c", code, *map(str, args)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env=env, **kwargs,  # type: ignore[call-overload]
    )  # fmt: skip


def test_a_second_process_is_told_who_holds_the_database(tmp_path: Path) -> None:
    """Process A holds kantor.sqlite; process B is refused and learns A's user, computer, pid
    and since when; once A lets go, B gets the lock."""
    database = tmp_path / "kantor.sqlite"
    with _python(HOLDER, database) as holder:
        assert holder.stdout is not None and holder.stdin is not None
        assert holder.stdout.readline().strip() == "held"
        try:
            second = subprocess.run(
                [sys.executable, "-c", TRY, str(database)], capture_output=True, text=True,
                env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])},
                check=True, timeout=60,
            )  # fmt: skip
            word, user, computer, pid, since = second.stdout.split()
            assert word == "busy"
            assert (computer, int(pid)) == (db_lock.this_computer(), holder.pid)
            assert user and datetime.fromisoformat(since) <= datetime.now(UTC)
            # this process is refused too, with a message naming the holder
            with pytest.raises(db_lock.DatabaseInUseError, match=computer):
                db_lock.acquire(database)
        finally:
            holder.stdin.write("\n")
            holder.stdin.flush()
            holder.wait(timeout=30)
    assert not db_lock.lock_path(database).exists()
    with db_lock.acquire(database) as lock:
        assert lock.holder.pid == os.getpid()
    assert not db_lock.lock_path(database).exists()


def test_a_lock_left_by_a_killed_process_is_taken_over(tmp_path: Path) -> None:
    """A process that held the lock was killed (no release): its lock is stale and taken."""
    database = tmp_path / "kantor.sqlite"
    with _python(HOLDER, database) as holder:
        assert holder.stdout is not None
        assert holder.stdout.readline().strip() == "held"
        holder.kill()
        holder.wait(timeout=30)
    assert db_lock.read_holder(database) is not None  # still on disk

    with db_lock.acquire(database) as lock:
        assert db_lock.read_holder(database) == lock.holder


def test_a_lock_of_another_computer_is_believed(tmp_path: Path) -> None:
    """A lock naming another computer cannot be checked from here: refused, naming it."""
    database = tmp_path / "kantor.sqlite"
    db_lock.lock_path(database).write_text(
        json.dumps({"user": "siti", "computer": "PC-LOKET-2", "pid": 4242,
                    "since": "2026-12-07T01:30:00+00:00"}), encoding="utf-8",
    )  # fmt: skip
    with pytest.raises(db_lock.DatabaseInUseError) as caught:
        db_lock.acquire(database)
    assert "siti" in str(caught.value) and "PC-LOKET-2" in str(caught.value)
    assert "07/12/2026 08:30 WIB" in str(caught.value)


def test_a_lock_in_a_read_only_folder_is_a_clear_error(tmp_path: Path) -> None:
    if os.geteuid() == 0:
        pytest.skip("root writes into read-only folders")
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        with pytest.raises(KnownError, match="tidak dapat ditulis"):
            db_lock.acquire(folder / "kantor.sqlite")
    finally:
        folder.chmod(0o755)


def test_administrator_allows_a_synced_folder_in_the_database(
    sqlite_db: Database, tmp_path: Path, monkeypatch
) -> None:
    """A database in a Dropbox folder is refused with the reason, until an administrator allows
    it; a head of office may not; the permission is kept in the file and audited."""
    assert sqlite_db.path is not None
    cloud = tmp_path / "Dropbox" / "kantor.sqlite"
    cloud.parent.mkdir()
    with pytest.raises(db_location.RiskyLocationError, match="Dropbox"):
        db_location.check_location(cloud)
    dropbox = db_location.risk_of(cloud)
    monkeypatch.setattr(db_location, "risk_of", lambda path: dropbox)
    # the database itself stands in for the synced file (the setting travels with it)
    with pytest.raises(db_location.RiskyLocationError):
        db_location.check_location(sqlite_db.path)
    head = Actor(None, "kepala", "Kepala", Role.KEPALA, None)
    with pytest.raises(PermissionDeniedError):
        db_location.set_allowed(sqlite_db, head, True)
    db_location.set_allowed(sqlite_db, Actor.command_line(), True)
    sqlite_db.dispose()
    risk = db_location.check_location(sqlite_db.path)
    assert risk is not None and risk.detail == "Dropbox"


def test_read_only_viewing_signs_in_without_writing(sqlite_db: Database) -> None:
    """The second copy opens the file mode=ro: sign-in checks the password and writes nothing
    (no audit event, no failure counter); a wrong password is refused with a wait; any write
    through the read-only database is refused as such."""
    from sqlalchemy import func, select

    from bpjs_desktop.db.models import AuditEvent, Setting
    from bpjs_desktop.errors import DatabaseError
    from bpjs_desktop.services import auth

    auth.create_first_admin(sqlite_db, username="admin", full_name="Admin", password="rahasia-123")
    assert sqlite_db.path is not None
    viewer = Database(sqlite_db.url, read_only=True)
    try:
        with viewer.read() as session:
            events = session.scalar(select(func.count()).select_from(AuditEvent))
        actor = auth.authenticate_read_only(viewer, "admin", "rahasia-123")
        assert actor.username == "admin"
        with pytest.raises(auth.AuthenticationError) as caught:
            auth.authenticate_read_only(viewer, "admin", "salah")
        assert "salah" in caught.value.message
        with pytest.raises(DatabaseError, match="hanya dapat dibaca"), viewer.write() as session:
            session.add(Setting(key="x", value="y"))
        with viewer.read() as session:
            assert session.scalar(select(func.count()).select_from(AuditEvent)) == events
    finally:
        viewer.dispose()
