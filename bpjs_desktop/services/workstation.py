"""Opening a database on this workstation and signing in to it: what the first screens call.

The screens ask, a service answers: the sign-in dialog never opens an engine or runs a migration
itself (design.md, layers), so the command line, the tests and the GUI open a database the same
way. What stays in the ui is only the asking (which file, may it be viewed read-only, who is
working); the location check and the lock file are services/db_location.py and db_lock.py.

The result of signing in is a :class:`SignedIn`: the open database, the user on whose behalf the
screens call the services, their office's name and the lock this copy holds on the file.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.orm import configure_mappers

from bpjs_desktop.db import migrate
from bpjs_desktop.db.engine import Database as Database  # what the screens hold and pass on
from bpjs_desktop.db.engine import describe_url, sqlite_url
from bpjs_desktop.errors import KnownError
from bpjs_desktop.i18n import _
from bpjs_desktop.services import auth, db_lock
from bpjs_desktop.services.context import Actor


@dataclass
class SignedIn:
    """An open database and the user signed in to it (and the lock file this copy holds on it;
    None on a server, or when the database is only being viewed).

    Not a database session: one lasts from sign-in to sign-out, and every service call it makes
    opens its own short transaction on :attr:`db`.
    """

    db: Database
    actor: Actor
    office_name: str
    lock: db_lock.DatabaseLock | None = None

    def close(self) -> None:
        """Close the database and let go of its lock (the window is done with it)."""
        self.db.dispose()
        if self.lock is not None:
            self.lock.release()
            self.lock = None


def database_url(path: Path | str) -> str:
    """The URL of the SQLite file at *path* (what a file chooser's answer becomes)."""
    return sqlite_url(path)


def describe_database(url: str) -> str:
    """The database as the screens name it: a file path, or a server URL without password."""
    return describe_url(url)


def open_database(url: str, *, journal_mode: str = "WAL") -> Database:
    """Open *url* for work, creating a new SQLite file or upgrading an older schema first (after
    a backup: db/migrate.py). Slow on a large upgrade: the screens call it off the GUI thread.

    Raises:
        DatabaseError: missing folder, unreadable, foreign, corrupt, too new, or failed upgrade.
    """
    return migrate.open_database(url, journal_mode=journal_mode)


def open_read_only(url: str) -> Database:
    """Open *url* for viewing only, as it is: the copy of the app that holds the file may write,
    and an upgrade is a write, so an older schema is refused rather than upgraded.

    Raises:
        KnownError: the schema is not the newest (try again when the other copy has closed).
    """
    db = Database(url, read_only=True)
    try:
        current = migrate.current_revision(db)
    except Exception:
        db.dispose()
        raise
    if current != migrate.head_revision():
        db.dispose()
        raise KnownError(
            _(
                "Database ini perlu diperbarui strukturnya, dan itu hanya dapat dilakukan "
                "oleh aplikasi yang sedang membukanya. Coba lagi setelah aplikasi itu ditutup."
            )
        )
    return db


def needs_first_admin(db: Database) -> bool:
    """Whether *db* has no user yet, so its first administrator must be created (never on a
    database opened read-only: creating one is a write)."""
    return not db.read_only and auth.user_count(db) == 0


def sign_in(
    db: Database, username: str, password: str, *, lock: db_lock.DatabaseLock | None = None
) -> SignedIn:
    """Check *username* and *password* on *db* and start the user's session.

    On a database opened read-only the check writes nothing (auth.authenticate_read_only);
    otherwise a failure counts against the account and goes on the audit trail.

    Raises:
        AuthenticationError: wrong name or password, a wait after failures, a disabled account.
        AccountLockedError: the account is locked after too many failures.
    """
    check = auth.authenticate_read_only if db.read_only else auth.authenticate
    actor = check(db, username, password)
    return SignedIn(db, actor, auth.office_name(db, actor), lock)


def prepare_queries() -> None:
    """Set up the ORM's mappings of every model now, off the GUI thread (behind the sign-in
    dialog): the first ORM query of a process does it otherwise, some 30-60 ms, measured, that
    the first click on Masuk paid."""
    configure_mappers()


def claim(
    db: Database, username: str, *, lock: db_lock.DatabaseLock | None = None
) -> SignedIn | None:
    """The session *username* would sign in to, before its password is checked (None for an
    account whose sign-in will not go through as it stands: unknown, disabled or locked).

    For building that user's screens while sign_in() checks the password on a worker
    (ui/login.Ahead): it grants nothing, and what is built from it is shown only when sign_in()
    returns a session equal to it, else thrown away unseen.
    """
    actor = auth.claimed_actor(db, username)
    return None if actor is None else SignedIn(db, actor, auth.office_name(db, actor), lock)


def create_first_admin(
    db: Database,
    *,
    username: str,
    full_name: str,
    password: str,
    lock: db_lock.DatabaseLock | None = None,
) -> SignedIn:
    """Create the first administrator of a new database and sign them in.

    Raises:
        ValidationError: a field is not acceptable (``field`` names it).
        KnownError: the database has users already.
    """
    auth.create_first_admin(db, username=username, full_name=full_name, password=password)
    return sign_in(db, username, password, lock=lock)
