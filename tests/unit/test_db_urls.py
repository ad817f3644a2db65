"""The SQLite URLs the app writes and reads before SQLAlchemy is loaded (db/urls.py) are the ones
SQLAlchemy writes and reads: a file whose folder has a space, '?', '#', '%', '@', ':' or a
non-ASCII letter must open the same file either way."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy.engine import URL, make_url

from bpjs_desktop.db.urls import sqlite_path, sqlite_url

AWKWARD = [
    "/home/budi/bpjs.sqlite",
    "/home/budi/Data Kantor/bpjs.sqlite",
    "/tmp/a?b#c%d/x.sqlite",
    "/tmp/ñandú/kantor surabaya.sqlite",
    "/tmp/a@b:c/d.sqlite",
    "/tmp/plus+sign/d.sqlite",
    r"C:\Users\Budi Santoso\AppData\Local\BPJS\bpjs.sqlite",
    "relative/bpjs.sqlite",
]


@pytest.mark.parametrize("path", AWKWARD)
def test_the_url_of_a_file_is_sqlalchemys_and_reads_back_to_the_file(path: str) -> None:
    expected = URL.create("sqlite+pysqlite", database=str(Path(path))).render_as_string()
    assert sqlite_url(path) == expected
    assert sqlite_path(expected) == Path(str(make_url(expected).database)) == Path(path)


@pytest.mark.parametrize(
    "url",
    [
        "postgresql://petugas@server/bpjs",
        "postgresql+psycopg://petugas:rahasia@10.0.0.5:5432/bpjs",
        "sqlite://",
        "sqlite:///:memory:",
    ],
)
def test_a_server_or_memory_database_has_no_file(url: str) -> None:
    assert sqlite_path(url) is None


def test_a_hand_written_sqlite_url_is_read_as_sqlalchemy_reads_it() -> None:
    """``sqlite:///path?mode=ro`` (a query) and the plain ``sqlite:`` scheme name the file."""
    assert sqlite_path("sqlite:////data/bpjs.sqlite?timeout=5") == Path("/data/bpjs.sqlite")
    assert sqlite_path("sqlite:///bpjs.sqlite") == Path("bpjs.sqlite")
