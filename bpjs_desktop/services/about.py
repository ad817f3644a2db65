"""What the About window tells (issue #15): the version, the database's revision, and the
libraries the app is built on with their licences (read from each installed package's metadata,
so a frozen bundle names exactly what it carries)."""

from __future__ import annotations

import platform
from dataclasses import dataclass
from importlib import metadata

from bpjs_desktop import __version__
from bpjs_desktop.db.engine import Database, describe_url
from bpjs_desktop.db.migrate import current_revision, head_revision

# The distributions the app imports at run time and ships in its bundle (pyproject's
# dependencies and what they pull in), in the order a reader looks for them.
BUNDLED = (
    "PySide6-Essentials",
    "shiboken6",
    "SQLAlchemy",
    "alembic",
    "Mako",
    "MarkupSafe",
    "pyqtgraph",
    "numpy",
    "XlsxWriter",
    "openpyxl",
    "et_xmlfile",
    "platformdirs",
    "argon2-cffi",
    "argon2-cffi-bindings",
    "cffi",
    "psycopg",
    "typing_extensions",
)


@dataclass(frozen=True)
class Library:
    name: str
    version: str
    licence: str


@dataclass(frozen=True)
class AboutFacts:
    version: str
    python: str
    database: str
    revision: str | None
    head: str
    libraries: tuple[Library, ...]


def _licence(meta: metadata.PackageMetadata) -> str:
    expression = (meta.get_all("License-Expression") or [""])[0]
    if expression:
        return str(expression)
    classifiers = [
        c.rsplit("::", 1)[-1].strip()
        for c in (meta.get_all("Classifier") or [])
        if c.startswith("License ::")
    ]
    if classifiers:
        return ", ".join(classifiers)
    text = str((meta.get_all("License") or [""])[0]).strip().splitlines()
    return text[0][:60] if text else "?"


def libraries() -> tuple[Library, ...]:
    """Each bundled library that is installed, with its version and licence."""
    found = []
    for name in BUNDLED:
        try:
            meta = metadata.metadata(name)
        except metadata.PackageNotFoundError:
            continue
        found.append(Library(str(meta["Name"]), str(meta["Version"]), _licence(meta)))
    return tuple(found)


def facts(db: Database | None) -> AboutFacts:
    """The About window's facts for the open database (or none)."""
    return AboutFacts(
        version=__version__,
        python=platform.python_version(),
        database=describe_url(db.url) if db is not None else "",
        revision=current_revision(db) if db is not None else None,
        head=head_revision(),
        libraries=libraries(),
    )
