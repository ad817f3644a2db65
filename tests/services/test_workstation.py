"""Opening a database on this workstation and signing in (services/workstation.py), on real
SQLite files: what the first screens call."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import select

from bpjs_desktop.db.engine import Database
from bpjs_desktop.db.migrate import head_revision
from bpjs_desktop.db.models import AuditEvent, Role
from bpjs_desktop.errors import KnownError, ValidationError
from bpjs_desktop.services import auth, db_lock, papers, workstation
from bpjs_desktop.services.demo.plan import DEMO_PASSWORD


def test_a_new_file_is_created_and_asks_for_its_first_administrator(tmp_path: Path) -> None:
    """Opening a file that does not exist yet creates it at the newest schema, with no user: the
    screens then ask for the first administrator, who is signed in at once."""
    url = workstation.database_url(tmp_path / "kantor.sqlite")
    db = workstation.open_database(url)
    try:
        assert (tmp_path / "kantor.sqlite").is_file()
        assert workstation.describe_database(url) == str(tmp_path / "kantor.sqlite")
        assert workstation.needs_first_admin(db)

        signed_in = workstation.create_first_admin(
            db, username="admin", full_name="Siti Rahmawati", password="rahasia-123"
        )

        assert (signed_in.actor.username, signed_in.actor.role) == ("admin", Role.ADMIN)
        # The first migration brings the regional office, for which a user without an office works.
        assert signed_in.office_name == "Kantor Wilayah Jawa Timur"
        assert signed_in.db is db and signed_in.lock is None
        assert not workstation.needs_first_admin(db)
        with pytest.raises(KnownError):  # only the first one: the second is refused
            workstation.create_first_admin(
                db, username="admin2", full_name="Budi", password="rahasia-456"
            )
    finally:
        db.dispose()


def test_a_short_first_password_is_refused_and_creates_nobody(sqlite_db: Database) -> None:
    with pytest.raises(ValidationError) as refused:
        workstation.create_first_admin(
            sqlite_db, username="admin", full_name="Siti Rahmawati", password="pendek"
        )
    assert refused.value.errors[0].field == "password"
    assert auth.user_count(sqlite_db) == 0


def test_sign_in_names_the_user_and_their_office(demo_db: Database) -> None:
    """The right password gives the signed-in user with their office; a wrong one is refused
    and goes on the audit trail."""
    signed_in = workstation.sign_in(demo_db, "kepala.mjk", DEMO_PASSWORD)

    assert (signed_in.actor.username, signed_in.actor.role) == ("kepala.mjk", Role.KEPALA)
    assert signed_in.office_name == "KC Mojokerto"
    before = events(demo_db)
    with pytest.raises(auth.AuthenticationError) as refused:
        workstation.sign_in(demo_db, "kepala.mjk", "salah-sandi")
    assert refused.value.message == "Nama pengguna atau kata sandi salah"
    assert events(demo_db) == before + 1


def events(db: Database) -> int:
    with db.read() as session:
        return len(session.scalars(select(AuditEvent.id)).all())


def test_a_file_viewed_read_only_signs_in_without_writing(demo_file: Path, tmp_path: Path) -> None:
    """Viewing a file another copy holds: the sign-in is checked, and a failure writes nothing
    (the file could not take it anyway)."""
    path = tmp_path / "dilihat.sqlite"
    path.write_bytes(demo_file.read_bytes())
    db = workstation.open_read_only(workstation.database_url(path))
    try:
        assert db.read_only
        assert not workstation.needs_first_admin(db)
        before = events(db)
        with pytest.raises(auth.AuthenticationError):
            workstation.sign_in(db, "admin", "salah-sandi")

        signed_in = workstation.sign_in(db, "admin", DEMO_PASSWORD)

        assert signed_in.actor.role is Role.ADMIN
        assert events(db) == before
    finally:
        db.dispose()


def test_an_older_schema_is_not_upgraded_by_a_viewer(tmp_path: Path) -> None:
    """Upgrading is a write: only the copy that holds the file may, so the viewer says so."""
    path = tmp_path / "lama.sqlite"
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE alembic_version (version_num VARCHAR(32) PRIMARY KEY)")
        connection.execute("INSERT INTO alembic_version VALUES ('0001')")
    connection.close()
    assert head_revision() != "0001"

    with pytest.raises(KnownError) as refused:
        workstation.open_read_only(workstation.database_url(path))

    assert refused.value.message.startswith("Database ini perlu diperbarui strukturnya")


def test_closing_lets_go_of_the_lock(sqlite_db: Database, make_user_on_sqlite) -> None:
    """A signed-in user's copy holds the file's lock until the window closes it: then the lock
    file is gone, and another copy may open the file for writing."""
    assert sqlite_db.path is not None
    lock = db_lock.acquire(sqlite_db.path)
    signed_in = workstation.sign_in(sqlite_db, make_user_on_sqlite, "rahasia-123", lock=lock)
    assert signed_in.lock is lock
    assert db_lock.read_holder(sqlite_db.path) is not None

    signed_in.close()

    assert signed_in.lock is None
    assert db_lock.read_holder(sqlite_db.path) is None


@pytest.fixture
def make_user_on_sqlite(sqlite_db: Database) -> str:
    auth.create_first_admin(
        sqlite_db, username="admin", full_name="Siti Rahmawati", password="rahasia-123"
    )
    return "admin"


def test_a_paper_is_written_whole_or_the_old_file_stays(tmp_path: Path) -> None:
    """A PDF that fails halfway leaves the earlier file as it was and no temporary file."""
    path = tmp_path / "tanda-terima.pdf"
    with papers.pdf_file(path) as tmp:
        tmp.write_bytes(b"%PDF-1 first")
    assert path.read_bytes() == b"%PDF-1 first"

    def half_written() -> None:
        with papers.pdf_file(path) as tmp:
            tmp.write_bytes(b"%PDF-1 half")
            raise RuntimeError("printer driver failed")

    with pytest.raises(RuntimeError):
        half_written()

    assert path.read_bytes() == b"%PDF-1 first"
    assert [p.name for p in tmp_path.iterdir()] == ["tanda-terima.pdf"]


# --- the first look at a file, before the database layer is loaded (services/db_location) ----


def test_a_first_look_at_the_demo_finds_its_users_and_its_password(
    demo_file: Path, tmp_path: Path
) -> None:
    """The sign-in dialog shows at once for a file with users, with the demo's hint."""
    from bpjs_desktop.services.db_location import FirstLook, first_look

    path = tmp_path / "demo.sqlite"
    path.write_bytes(demo_file.read_bytes())
    assert first_look(path) == FirstLook(has_users=True, demo_password=DEMO_PASSWORD)


def test_a_first_look_at_an_office_database_with_users_has_no_demo_password(
    sqlite_db: Database,
) -> None:
    from bpjs_desktop.db.urls import sqlite_path
    from bpjs_desktop.services.db_location import FirstLook, first_look

    path = sqlite_path(sqlite_db.url)
    assert path is not None
    assert first_look(path) == FirstLook(has_users=False, demo_password=None)
    auth.create_first_admin(sqlite_db, username="admin", full_name="Budi", password="rahasia-99")
    assert first_look(path) == FirstLook(has_users=True, demo_password=None)


def test_a_first_look_cannot_tell_for_a_new_foreign_or_damaged_file(tmp_path: Path) -> None:
    """None: the file is then opened first and asked properly (a new one gets its first admin)."""
    from bpjs_desktop.services.db_location import first_look

    assert first_look(tmp_path / "belum-ada.sqlite") is None
    text = tmp_path / "catatan.sqlite"
    text.write_text("bukan database", encoding="utf-8")
    assert first_look(text) is None
    foreign = tmp_path / "lain.sqlite"
    connection = sqlite3.connect(foreign)
    connection.execute("CREATE TABLE setting (key TEXT, value TEXT)")
    connection.close()
    assert first_look(foreign) is None  # no users table: not (yet) a database of this app
    assert not (tmp_path / "belum-ada.sqlite").exists()  # looking creates nothing
