"""Personal data where it must never be: log files and audit details (issue #11 item 2).

:func:`leaks` reads every log file under a folder and the audit details of every SQLite database
under another, and names each full NIK (16 digits that are a NIK of that database's people or
Perisai agents, or for a log any 16 digits that read as a NIK) and each known password found.
Cheap: a regular expression over the text first; a database's NIKs are read only when one of
its audit details holds 16 digits in a row.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterable
from pathlib import Path

from bpjs_desktop.domain.identifiers import parse_nik
from bpjs_desktop.errors import KnownError
from bpjs_desktop.services.demo.plan import DEMO_PASSWORD

# The demo's password and the one tests/conftest.py gives every user it makes.
PASSWORDS = (DEMO_PASSWORD, "rahasia-123")
SIXTEEN = re.compile(r"(?<!\d)\d{16}(?!\d)")


def _reads_as_nik(digits: str) -> bool:
    try:
        parse_nik(digits)
    except (KnownError, ValueError):
        return False
    return True


def _log_leaks(folder: Path) -> list[str]:
    found = []
    for path in sorted(folder.rglob("*.log*")):
        if not path.is_file():
            continue
        content = path.read_text(encoding="utf-8", errors="replace")
        for digits in set(SIXTEEN.findall(content)):
            if _reads_as_nik(digits):
                found.append(f"{path}: NIK {digits}")
        found += [f"{path}: password {p!r}" for p in PASSWORDS if p in content]
    return found


REDACTED_FROM = "0008"  # the revision that takes secrets out of older audit trails


def _audit_leaks(database: Path) -> list[str]:
    try:
        connection = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
    except sqlite3.Error:
        return []
    try:
        try:
            revision = connection.execute("SELECT version_num FROM alembic_version").fetchone()
            details = [row[0] or "" for row in connection.execute("SELECT detail FROM audit_event")]
        except sqlite3.Error:
            return []  # not an app database, or not migrated
        if revision is None or revision[0] < REDACTED_FROM:
            # A database of an older revision (a test's legacy file, or the copy the app keeps
            # before upgrading one) holds what that version wrote; revision 0008 removes it.
            return []
        found = [
            f"{database}: audit password {p!r}" for p in PASSWORDS if any(p in d for d in details)
        ]
        candidates = {digits for d in details for digits in SIXTEEN.findall(d)}
        if candidates:
            niks: set[str] = set()
            for table in ("person", "agent", "heir"):
                try:
                    niks |= {r[0] for r in connection.execute(f"SELECT nik FROM {table}") if r[0]}
                except sqlite3.Error:
                    continue
            found += [f"{database}: audit NIK {n}" for n in sorted(candidates & niks)]
        return found
    finally:
        connection.close()


def leaks(log_folders: Iterable[Path], database_folder: Path) -> list[str]:
    """Every full NIK and password in the logs under *log_folders* and the audit details of the
    SQLite files under *database_folder*."""
    found = []
    for folder in log_folders:
        if folder.is_dir():
            found += _log_leaks(folder)
    for database in sorted(database_folder.rglob("*")):
        if database.suffix in (".sqlite", ".db") and database.is_file():
            found += _audit_leaks(database)
    return found
