"""Is an office database file somewhere it can live safely? (network shares, synced folders)

The rules are pure (``domain/db_location.py``); this module asks the operating system what it
must (the mount table on Linux, the drive type on Windows), words the refusal, and keeps the
administrator's exception in the database itself, so that it travels with the file.
"""

from __future__ import annotations

import json
import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path, PureWindowsPath
from typing import TYPE_CHECKING

from bpjs_desktop.db.urls import readonly_uri
from bpjs_desktop.db.urls import sqlite_path as sqlite_path
from bpjs_desktop.domain.db_location import LocationKind, LocationRisk, location_risk, parse_mounts
from bpjs_desktop.errors import KnownError
from bpjs_desktop.i18n import _

if TYPE_CHECKING:
    from bpjs_desktop.db.engine import Database
    from bpjs_desktop.services.context import Actor

# This module answers before SQLAlchemy is imported (the sign-in dialog shows first, and the
# database opens behind it: ui/login.py), so it reads the file with the standard library's
# sqlite3, and imports the ORM only in the two functions that write or read through it.

# Setting key: "1" when an administrator allowed this database on a share or synced folder.
ALLOW_KEY = "storage.allow_shared_location"


class RiskyLocationError(KnownError):
    def __init__(self, message: str, risk: LocationRisk) -> None:
        super().__init__(message)
        self.risk = risk


def _windows_remote_drive(path: str) -> bool:  # pragma: no cover - Windows
    import ctypes

    drive = PureWindowsPath(path).drive
    if not drive or drive.startswith("\\\\"):
        return False
    kind = ctypes.windll.kernel32.GetDriveTypeW(drive + "\\")  # type: ignore[attr-defined,unused-ignore]
    return bool(kind == 4)  # DRIVE_REMOTE


def risk_of(path: Path) -> LocationRisk | None:
    """Why the database at *path* sits somewhere risky, asking this computer; None if local."""
    absolute = os.path.abspath(path)
    if os.name == "nt":  # pragma: no cover - Windows
        return location_risk(absolute, windows=True, remote_drive=_windows_remote_drive(absolute))
    try:
        mounts = parse_mounts(Path("/proc/mounts").read_text(encoding="utf-8", errors="replace"))
    except OSError:
        mounts = []
    return location_risk(os.path.realpath(absolute), windows=False, mounts=mounts)


def risk_message(path: Path, risk: LocationRisk) -> str:
    if risk.kind is LocationKind.NETWORK:
        return _(
            "Database {path} berada di folder jaringan ({where}). SQLite tidak dapat mengunci "
            "file dengan andal lewat jaringan, sehingga data dapat rusak bila dua komputer "
            "menulis. Pindahkan file ke disk komputer ini, atau gunakan server PostgreSQL untuk "
            "database bersama. Administrator dapat mengizinkannya dengan: bpjs-desktop location "
            "--allow --db <file>."
        ).format(path=path, where=risk.detail)
    return _(
        "Database {path} berada di folder yang disinkronkan {client}. Program sinkronisasi dapat "
        "menyalin file saat sedang ditulis atau mengembalikan salinan lama, sehingga data hilang "
        "atau rusak. Pindahkan file ke folder biasa di disk komputer ini. Administrator dapat "
        "mengizinkannya dengan: bpjs-desktop location --allow --db <file>."
    ).format(path=path, client=risk.detail)


def _look(
    path: Path, *queries: tuple[str, tuple[str, ...]]
) -> list[list[tuple[object, ...]]] | None:
    """The rows of each query on the file at *path*, opened read-only; None when the file cannot
    tell (not a file, not a database of this app, an older schema, locked, damaged)."""
    if not path.is_file():
        return None
    try:
        connection = sqlite3.connect(readonly_uri(path), uri=True)
    except sqlite3.Error:
        return None
    try:
        return [connection.execute(sql, parameters).fetchall() for sql, parameters in queries]
    except sqlite3.Error:
        return None
    finally:
        connection.close()


_SETTING = "SELECT value FROM setting WHERE key = ?"


def allowed_here(path: Path) -> bool:
    """Whether an administrator allowed this database file on a risky location (read-only look)."""
    found = _look(path, (_SETTING, (ALLOW_KEY,)))
    return found is not None and found[0] == [("1",)]


@dataclass(frozen=True)
class FirstLook:
    """What the sign-in screen needs to know of a SQLite file before it is opened."""

    has_users: bool
    demo_password: str | None  # a demo database's shared password, shown on its sign-in screen


def first_look(path: Path) -> FirstLook | None:
    """A read-only look at the file at *path*, before SQLAlchemy is loaded: whether it has users
    (so the sign-in dialog, not the first administrator's, is the one to show) and a demo
    database's password. None when it cannot tell (a new or foreign file, an older schema
    without those tables, a lock): then the file is opened first and asked properly
    (services/workstation.needs_first_admin, auth.demo_password).
    """
    found = _look(path, ("SELECT EXISTS (SELECT 1 FROM app_user)", ()), (_SETTING, ("demo",)))
    if found is None:
        return None
    users, demo = found
    try:
        password = json.loads(str(demo[0][0])).get("password") if demo else None
    except (ValueError, TypeError, AttributeError):
        password = None
    return FirstLook(bool(users[0][0]), str(password) if password else None)


def check_location(path: Path) -> LocationRisk | None:
    """Refuse a risky location unless allowed; return the (allowed) risk, or None when local.

    Raises:
        RiskyLocationError: on a network share or in a synced folder, not allowed.
    """
    risk = risk_of(path)
    if risk is None or allowed_here(path):
        return risk
    raise RiskyLocationError(risk_message(path, risk), risk)


def set_allowed(db: Database, actor: Actor, allowed: bool) -> None:
    """An administrator allows (or forbids again) this database on a share or synced folder."""
    from bpjs_desktop.db.models import Setting
    from bpjs_desktop.services import audit
    from bpjs_desktop.services.context import require

    require(actor, "user.manage")  # administrators only
    with db.write() as session:
        setting = session.get(Setting, ALLOW_KEY)
        value = "1" if allowed else "0"
        if setting is None:
            session.add(Setting(key=ALLOW_KEY, value=value))
        else:
            setting.value = value
        audit.record(session, actor, "storage.allow", "setting", ALLOW_KEY, {"allowed": allowed})


def is_allowed(db: Database) -> bool:
    from sqlalchemy import select

    from bpjs_desktop.db.models import Setting

    with db.read() as session:
        return session.scalar(select(Setting.value).where(Setting.key == ALLOW_KEY)) == "1"
