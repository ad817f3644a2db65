"""Database URLs for SQLite files, in the standard library alone.

The app's first screen (signing in) needs to know which file it will open, where it lies and
whether it may lock it, before SQLAlchemy is imported: that import, with the models, is most of
a start-up (some 0.3 s), and it now happens behind the sign-in dialog (ui/login.py). These
functions give the same answers as SQLAlchemy's ``URL.create(...).render_as_string()`` and
``make_url(...).database`` for the URLs the app writes (tests/unit/test_db_urls.py compares
them on awkward paths); anything else, a server URL above all, goes to SQLAlchemy's parser.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import quote, unquote

# SQLAlchemy renders the database part with quote(database, safe=" +/") (engine/url.py).
_SAFE = " +/"
# "sqlite://", "sqlite+pysqlite://" and the like, then an empty host: what the app writes.
_SQLITE_FILE = re.compile(r"^sqlite(\+\w+)?:///(?P<database>[^?]*)(\?.*)?$")


def sqlite_url(path: Path | str) -> str:
    """The URL of the SQLite file at *path*."""
    return "sqlite+pysqlite:///" + quote(str(Path(path)), safe=_SAFE)


def sqlite_path(url: str) -> Path | None:
    """The file of a SQLite URL; None for a server URL or an in-memory database."""
    scheme, separator, _rest = url.partition("://")
    if separator and scheme != "sqlite" and not scheme.startswith("sqlite+"):
        return None  # a server
    match = _SQLITE_FILE.match(url)
    if match is None:  # an unusual spelling: let SQLAlchemy read it
        from sqlalchemy.engine import make_url

        parsed = make_url(url)
        if parsed.get_backend_name() != "sqlite" or not parsed.database:
            return None
        database = str(parsed.database)
    else:
        database = unquote(match.group("database"))
    if not database or database == ":memory:":
        return None
    return Path(database)


def readonly_uri(path: Path) -> str:
    """A SQLite URI opening *path* read-only (spaces, '?' and '#' in folder names escaped)."""
    return f"file:{quote(str(path.resolve()))}?mode=ro"
