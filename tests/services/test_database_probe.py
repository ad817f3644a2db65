"""Testing a database location before a workstation remembers it: nothing is created or
changed, and whatever is wrong is named (issue #15, *Pengaturan komputer ini*)."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from bpjs_desktop.db.engine import Database
from bpjs_desktop.db.migrate import head_revision
from bpjs_desktop.errors import KnownError
from bpjs_desktop.services import database_probe


def test_a_bpjs_database_file_is_found_at_its_revision(sqlite_db: Database) -> None:
    assert sqlite_db.path is not None
    before = sqlite_db.path.read_bytes()
    found = database_probe.probe(str(sqlite_db.path))
    assert found.kind == "sqlite"
    assert found.revision == head_revision()
    assert "terbaru" in found.summary
    assert sqlite_db.path.read_bytes() == before  # opened read-only: not a byte changed


def test_a_new_file_in_an_existing_folder_is_offered_and_not_created(tmp_path: Path) -> None:
    target = tmp_path / "kc-gresik.sqlite"
    found = database_probe.probe(str(target))
    assert found.revision is None
    assert "dibuat sebagai database baru" in found.summary
    assert not target.exists()


@pytest.mark.parametrize(
    ("make", "expected"),
    [
        (lambda p: p.write_text("NIK;NAMA\n"), "bukan SQLite"),
        (lambda p: p.write_bytes(b""), r"kosong \(0 byte\)"),
        (lambda p: p.mkdir(), "folder, bukan file database"),
    ],
    ids=["text-file", "zero-bytes", "folder"],
)
def test_what_is_not_a_database_is_refused_by_name(tmp_path: Path, make, expected: str) -> None:
    target = tmp_path / "data.sqlite"
    make(target)
    with pytest.raises(KnownError, match=expected):
        database_probe.probe(str(target))


def test_a_folder_that_does_not_exist_is_named(tmp_path: Path) -> None:
    with pytest.raises(KnownError, match="tidak ada"):
        database_probe.probe(str(tmp_path / "hilang" / "data.sqlite"))


def test_another_applications_sqlite_file_is_not_taken(tmp_path: Path) -> None:
    import sqlite3

    target = tmp_path / "lain.sqlite"
    with sqlite3.connect(target) as connection:
        connection.execute("CREATE TABLE barang (id INTEGER)")
    connection.close()
    with pytest.raises(KnownError, match="bukan database bpjs-desktop"):
        database_probe.probe(str(target))


def test_an_empty_location_or_an_unknown_kind_of_server_is_refused() -> None:
    with pytest.raises(KnownError, match="Isi lokasi"):
        database_probe.url_of("  ")
    with pytest.raises(KnownError, match="tidak didukung"):
        database_probe.url_of("mysql://kantor/bpjs")


@pytest.mark.postgres
def test_a_server_is_asked_for_its_revision(pg_database_url: str) -> None:
    found = database_probe.probe(pg_database_url)
    assert found.kind == "postgresql"
    assert found.revision == head_revision()


@pytest.mark.postgres
def test_a_server_that_does_not_answer_is_named_in_seconds(pg_server_url: str) -> None:
    closed = make_url(pg_server_url).set(host="127.0.0.1", port=9)  # the discard port: closed
    with pytest.raises(KnownError, match=r"PostgreSQL|server"):
        database_probe.probe(closed.render_as_string(hide_password=False))
