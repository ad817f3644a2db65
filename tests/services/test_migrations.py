"""Opening a database: schema creation, safe upgrades, refusals, and the SQLite connection settings.

Every test works on a real SQLite file (and, where the comparison matters, on PostgreSQL).
"""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
import threading
import time
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import create_engine, select, text

from bpjs_desktop.db import engine as engine_module
from bpjs_desktop.db.engine import Database, sqlite_url
from bpjs_desktop.db.migrate import (
    alembic_config,
    current_revision,
    head_revision,
    include_name,
    open_database,
)
from bpjs_desktop.db.models import Base, Setting
from bpjs_desktop.errors import DatabaseError
from bpjs_desktop.services import reports
from tests.helpers import sqlite_rows

# --- helpers ----------------------------------------------------------------------------------


def _snapshot(path: Path) -> tuple[bytes, int]:
    """The bytes and modification time of a file, to prove that it was not touched."""
    return path.read_bytes(), path.stat().st_mtime_ns


def _columns(path: Path, table: str) -> list[str]:
    return [row[1] for row in sqlite_rows(path, f"PRAGMA table_info({table})")]


def _database_at(path: Path, revision: str) -> Database:
    """A new database file whose schema stops at *revision* (migrated no further)."""
    db = Database(sqlite_url(path))
    config = alembic_config()
    with db.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)
    return db


def _database_at_0001(path: Path) -> None:
    """A file whose schema stops at revision 0001 (before the offices of Jawa Timur)."""
    db = _database_at(path, "0001")
    with db.engine.begin() as connection:
        connection.execute(
            text("INSERT INTO setting (key, value) VALUES ('kop', 'KC Gresik, Jl. Dr. Wahidin')")
        )
    db.dispose()


FAILING_REVISION = '''"""A revision that fails half-way: it adds a column, then raises."""

import sqlalchemy as sa
from alembic import op

revision = "9001"
down_revision = "{head}"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("setting", sa.Column("broken", sa.Integer(), nullable=True))
    op.execute("UPDATE setting SET value = 'diubah revisi gagal'")
    raise RuntimeError("revision 9001 fails on purpose")


def downgrade() -> None:
    pass
'''


# --- models and migrations --------------------------------------------------------------------


def test_models_and_migrations_agree(db: Database) -> None:
    """Alembic's autogenerate finds no difference between the models and a migrated database
    (SQLite file and PostgreSQL): nobody changed a model without writing its revision."""
    with db.engine.connect() as connection:
        context = MigrationContext.configure(
            connection,
            opts={
                "compare_type": True,
                "compare_server_default": True,
                "include_name": include_name,
                "render_as_batch": db.is_sqlite,
            },
        )
        differences = compare_metadata(context, Base.metadata)
    assert differences == []


def test_migrated_database_is_at_the_head_revision(db: Database) -> None:
    """The fixtures' databases (SQLite and PostgreSQL) stand at the newest revision."""
    assert head_revision() == "0011"
    assert current_revision(db) == head_revision()


def test_new_file_is_created_at_head_with_the_offices_of_jawa_timur(tmp_path: Path) -> None:
    """A new file gets the whole schema and revision 0002's offices: KCP Jombang under
    KC Mojokerto, KCP Ponorogo under KC Madiun, all under Kanwil Jawa Timur."""
    path = tmp_path / "baru.sqlite"
    db = open_database(sqlite_url(path), backup_dir=tmp_path / "backups")
    try:
        assert path.is_file()
        assert current_revision(db) == head_revision()
        offices = {row.code: row for row in reports.list_offices(db)}
    finally:
        db.dispose()
    assert len(offices) == 22
    assert offices["JTM"].kind == "KANWIL" and offices["JTM"].parent_code is None
    assert (offices["JBG"].name, offices["JBG"].kind, offices["JBG"].parent_code) == (
        "KCP Jombang",
        "KCP",
        "MJK",
    )
    assert (offices["PNG"].name, offices["PNG"].kind, offices["PNG"].parent_code) == (
        "KCP Ponorogo",
        "KCP",
        "MDN",
    )
    assert offices["MJK"].parent_code == "JTM" and offices["MDN"].parent_code == "JTM"
    # A new file needs no pre-upgrade backup: there was nothing to lose.
    assert not (tmp_path / "backups").exists() or not any((tmp_path / "backups").iterdir())


def test_older_database_is_upgraded_after_a_backup_copy(tmp_path: Path) -> None:
    """A file at revision 0001 is brought to the head on open; a copy of it as it was (revision
    0001, its rows) is left in the backup folder given."""
    path = tmp_path / "lama.sqlite"
    backups = tmp_path / "backups"
    _database_at_0001(path)
    assert sqlite_rows(path, "SELECT version_num FROM alembic_version") == [("0001",)]

    db = open_database(sqlite_url(path), backup_dir=backups)
    try:
        assert current_revision(db) == head_revision()
        codes = {row.code for row in reports.list_offices(db)}
        with db.read() as session:
            kop = session.scalar(select(Setting.value).where(Setting.key == "kop"))
    finally:
        db.dispose()
    assert {"JBG", "PNG", "MJK", "MDN"} <= codes
    assert kop == "KC Gresik, Jl. Dr. Wahidin"

    copies = list(backups.iterdir())
    assert len(copies) == 1
    copy = copies[0]
    assert copy.name.startswith("lama-") and copy.suffix == ".sqlite"
    assert sqlite_rows(copy, "SELECT version_num FROM alembic_version") == [("0001",)]
    assert sqlite_rows(copy, "SELECT value FROM setting WHERE key = 'kop'") == [
        ("KC Gresik, Jl. Dr. Wahidin",)
    ]
    assert sqlite_rows(copy, "SELECT count(*) FROM office") == [(0,)]
    assert sqlite_rows(copy, "PRAGMA integrity_check") == [("ok",)]


def test_failed_revision_restores_the_database_exactly(
    tmp_path: Path, sqlite_template: Path
) -> None:
    """A revision that adds a column and then fails: DatabaseError naming the backup, and the file
    is as before — no new column, revision unchanged, data rows intact — and opens normally."""
    path = tmp_path / "kantor.sqlite"
    shutil.copyfile(sqlite_template, path)
    db = open_database(sqlite_url(path))
    with db.write() as session:
        session.add_all(
            [Setting(key="kop", value="KC Gresik"), Setting(key="telepon", value="031")]
        )
    db.dispose()
    before_rows = sqlite_rows(path, "SELECT key, value FROM setting ORDER BY key")
    before_columns = _columns(path, "setting")
    offices_before = sqlite_rows(path, "SELECT * FROM office ORDER BY id")

    versions = tmp_path / "extra_versions"
    versions.mkdir()
    (versions / "9001_fails.py").write_text(
        FAILING_REVISION.format(head=head_revision()), encoding="utf-8"
    )
    backups = tmp_path / "backups"
    with pytest.raises(DatabaseError) as caught:
        open_database(sqlite_url(path), backup_dir=backups, extra_version_locations=[versions])

    copies = list(backups.iterdir())
    assert len(copies) == 1
    assert str(copies[0]) in str(caught.value)
    assert "broken" not in _columns(path, "setting")
    assert _columns(path, "setting") == before_columns
    assert sqlite_rows(path, "SELECT version_num FROM alembic_version") == [(head_revision(),)]
    assert sqlite_rows(path, "SELECT key, value FROM setting ORDER BY key") == before_rows
    assert sqlite_rows(path, "SELECT * FROM office ORDER BY id") == offices_before
    assert sqlite_rows(path, "PRAGMA integrity_check") == [("ok",)]

    reopened = open_database(sqlite_url(path), backup_dir=backups)
    try:
        assert current_revision(reopened) == head_revision()
    finally:
        reopened.dispose()


# --- refusals ---------------------------------------------------------------------------------


def test_database_of_a_newer_version_is_refused_and_untouched(
    tmp_path: Path, sqlite_template: Path
) -> None:
    """An unknown revision in alembic_version means a newer app made the file: DatabaseError
    saying so ("lebih baru"), and not one byte of the file changes."""
    path = tmp_path / "baru-dari-versi-lain.sqlite"
    shutil.copyfile(sqlite_template, path)
    connection = sqlite3.connect(path)
    with connection:
        connection.execute("UPDATE alembic_version SET version_num = 'ffff0099'")
    connection.close()
    before = _snapshot(path)
    time.sleep(0.01)  # a write would then show in the modification time

    with pytest.raises(DatabaseError, match="lebih baru"):
        open_database(sqlite_url(path), backup_dir=tmp_path / "backups")

    assert _snapshot(path) == before
    assert sqlite_rows(path, "SELECT version_num FROM alembic_version") == [("ffff0099",)]
    assert not (tmp_path / "backups").exists()


def _foreign_file(path: Path) -> None:
    """A SQLite file of another program: its own table, default (rollback) journal."""
    connection = sqlite3.connect(path)
    with connection:
        connection.execute("CREATE TABLE pelanggan (id INTEGER PRIMARY KEY, nama TEXT)")
        connection.execute("INSERT INTO pelanggan (nama) VALUES ('Toko Sumber Rejeki')")
    connection.close()


def test_foreign_sqlite_file_is_refused_without_creating_tables(tmp_path: Path) -> None:
    """A SQLite file of another program (its own tables, no alembic_version) is refused; the app
    creates no table in it and its rows stay."""
    path = tmp_path / "kasir.sqlite"
    _foreign_file(path)

    with pytest.raises(DatabaseError, match="bukan database bpjs-desktop"):
        open_database(sqlite_url(path), backup_dir=tmp_path / "backups")

    tables = sqlite_rows(path, "SELECT name FROM sqlite_master WHERE type = 'table'")
    assert tables == [("pelanggan",)]
    assert sqlite_rows(path, "SELECT nama FROM pelanggan") == [("Toko Sumber Rejeki",)]
    assert not (tmp_path / "backups").exists()


def test_foreign_sqlite_file_is_left_byte_for_byte_untouched(tmp_path: Path) -> None:
    """Refusing a foreign SQLite file changes none of its bytes (not even its journal mode)."""
    path = tmp_path / "kasir.sqlite"
    _foreign_file(path)
    before = _snapshot(path)
    time.sleep(0.01)

    with pytest.raises(DatabaseError, match="bukan database bpjs-desktop"):
        open_database(sqlite_url(path), backup_dir=tmp_path / "backups")

    assert _snapshot(path) == before


def test_text_file_named_sqlite_is_refused(tmp_path: Path) -> None:
    """A text file with a .sqlite name is not a database: DatabaseError saying "bukan", and the
    file keeps its text."""
    path = tmp_path / "catatan.sqlite"
    path.write_text("Daftar hadir rapat bulanan\n", encoding="utf-8")

    with pytest.raises(DatabaseError, match="bukan"):
        open_database(sqlite_url(path))

    assert path.read_text(encoding="utf-8") == "Daftar hadir rapat bulanan\n"


def test_missing_file_without_create_is_an_error_and_creates_nothing(tmp_path: Path) -> None:
    """create=False: a missing file is a DatabaseError naming it, and no file appears."""
    path = tmp_path / "tidak-ada.sqlite"
    with pytest.raises(DatabaseError, match="tidak ada") as caught:
        open_database(sqlite_url(path), create=False)
    assert str(path) in str(caught.value)
    assert list(tmp_path.iterdir()) == []


def test_missing_folder_is_an_error(tmp_path: Path) -> None:
    """A new file in a folder that does not exist: DatabaseError naming the folder."""
    path = tmp_path / "tidak-ada" / "kantor.sqlite"
    with pytest.raises(DatabaseError, match="Folder"):
        open_database(sqlite_url(path))
    assert not path.parent.exists()


# --- SQLite connection settings ---------------------------------------------------------------


def test_sqlite_connections_have_the_app_pragmas(sqlite_db: Database) -> None:
    """Every SQLite connection enforces foreign keys, uses WAL, synchronous=FULL and waits on a
    busy file instead of failing at once."""
    with sqlite_db.engine.connect() as connection:
        pragma = {
            name: connection.exec_driver_sql(f"PRAGMA {name}").scalar()
            for name in ("foreign_keys", "journal_mode", "synchronous", "busy_timeout")
        }
    assert pragma["foreign_keys"] == 1
    assert pragma["journal_mode"] == "wal"
    assert pragma["synchronous"] == 2  # FULL
    assert pragma["busy_timeout"] > 0
    with sqlite_db.read() as session:
        assert session.execute(text("PRAGMA foreign_keys")).scalar() == 1


def test_sqlite_foreign_keys_are_enforced(sqlite_db: Database) -> None:
    """A row pointing at a missing office is refused by the database itself."""
    from sqlalchemy.exc import IntegrityError

    with pytest.raises(IntegrityError), sqlite_db.write() as session:
        session.execute(
            text(
                "INSERT INTO target (office_id, kpi, period, value) "
                "VALUES (99999, 'BU_AKTIF', '2018-04', 1)"
            )
        )


class _HeldWrite:
    """A ``db.write()`` transaction held open in another thread until released."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self.holding = threading.Event()
        self.release = threading.Event()
        self.errors: list[BaseException] = []
        self.thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        try:
            with self.db.write() as session:
                session.add(Setting(key="pemegang", value="thread 1"))
                session.flush()
                self.holding.set()
                if not self.release.wait(10):
                    raise TimeoutError("never released")
        except BaseException as exc:
            self.errors.append(exc)
            self.holding.set()

    def __enter__(self) -> _HeldWrite:
        self.thread.start()
        assert self.holding.wait(10)
        assert not self.errors, self.errors
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.release.set()
        self.thread.join(10)
        assert not self.thread.is_alive()
        assert not self.errors, self.errors


def test_write_transaction_takes_the_lock_at_begin(
    sqlite_db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Writes begin IMMEDIATE: while one write transaction is open, another connection's write
    transaction fails at its start — even before it writes — with the translated "terkunci"
    error (tiny busy timeout), instead of failing half-way; readers are not blocked (WAL)."""
    assert sqlite_db.path is not None
    with _HeldWrite(sqlite_db):
        monkeypatch.setattr(engine_module, "BUSY_TIMEOUT_MS", 50)
        other = Database(sqlite_url(sqlite_db.path))
        try:
            started = time.perf_counter()
            with pytest.raises(DatabaseError, match="terkunci"), other.write() as session:
                # Only a read: under BEGIN DEFERRED this would succeed in WAL mode.
                session.execute(select(Setting.key)).all()
            assert time.perf_counter() - started < 5
            with other.read() as session:
                assert session.scalars(select(Setting.key)).all() == []
        finally:
            other.dispose()
    with sqlite_db.read() as session:
        assert session.scalars(select(Setting.value)).all() == ["thread 1"]


def test_second_writer_waits_for_the_first_and_both_commit(sqlite_db: Database) -> None:
    """With the normal busy timeout, a second writer queues until the first commits; then it
    writes, and both rows are there."""
    assert sqlite_db.path is not None
    other = Database(sqlite_url(sqlite_db.path))
    finished: list[float] = []
    errors: list[BaseException] = []

    def second_writer() -> None:
        try:
            with other.write() as session:
                session.add(Setting(key="penunggu", value="thread 2"))
            finished.append(time.perf_counter())
        except BaseException as exc:
            errors.append(exc)

    try:
        with _HeldWrite(sqlite_db) as held:
            waiter = threading.Thread(target=second_writer, daemon=True)
            waiter.start()
            time.sleep(0.3)
            assert finished == [] and errors == []  # still waiting for the lock
            released_at = time.perf_counter()
            held.release.set()
        waiter.join(10)
        assert not waiter.is_alive()
        assert errors == []
        assert finished and finished[0] >= released_at
    finally:
        other.dispose()
    with sqlite_db.read() as session:
        assert sorted(session.scalars(select(Setting.key)).all()) == ["pemegang", "penunggu"]


def test_upgrade_to_0007_dates_each_wage_and_posts_paid_jht_claims(tmp_path: Path) -> None:
    """A file at 0006 with a worker on Rp4.000.000 since March 2018 and two JHT claims of theirs:
    one paid (Rp460.281 on 12/04/2018, decided 11/04/2018), one still open. After the upgrade the
    wage is dated from 2018-03, the paid claim is a withdrawal of Rp460.281 in 2018-04 covering
    the months up to 2018-04, and the open claim is not in the JHT account; nothing else moved."""
    path = tmp_path / "lama.sqlite"
    db = _database_at(path, "0006")
    with db.engine.begin() as connection:
        office_id = connection.execute(text("SELECT id FROM office WHERE code = 'GRS'")).scalar()
        connection.execute(
            text(
                "INSERT INTO person (id, nik, name, birth_place, birth_date, sex, mother_name, "
                "regency_code, phone, created_at) VALUES (1, '3525011505900001', 'BUDI', '', "
                "'1990-05-15', 'L', '', '3525', '', '2018-03-01 00:00:00')"
            )
        )
        connection.execute(
            text(
                "INSERT INTO membership (id, kpj, person_id, segment, office_id, programmes, wage, "
                "job_title, start_date, created_at) VALUES (1, '18000000011', 1, 'PU', :office, "
                "'JHT,JKK,JKM,JP', 4000000, '', '2018-03-05', '2018-03-05 00:00:00')"
            ),
            {"office": office_id},
        )
        for claim_id, state, paid_on, amount in (
            (1, "DIBAYAR", "2018-04-12", 460281),
            (2, "DIAJUKAN", None, None),
        ):
            connection.execute(
                text(
                    "INSERT INTO claim (id, claim_no, membership_id, office_id, claim_type, "
                    "programme, state, reason, event_date, submitted_on, decided_on, paid_on, "
                    "amount, bank_name, bank_account, detail, created_at) VALUES (:id, :no, 1, "
                    ":office, 'JHT_PENUH', 'JHT', :state, '', '2018-04-10', '2018-04-10', "
                    ":decided, :paid, :amount, '', '', '{}', '2018-04-10 00:00:00')"
                ),
                {"id": claim_id, "no": f"GRS-201804-{claim_id}", "office": office_id,
                 "state": state, "decided": paid_on and "2018-04-11", "paid": paid_on,
                 "amount": amount},
            )  # fmt: skip
    db.dispose()

    upgraded = open_database(sqlite_url(path), backup_dir=tmp_path / "backups")
    upgraded.dispose()
    assert sqlite_rows(path, "SELECT membership_id, valid_from, wage FROM membership_wage") == [
        (1, "2018-03", 4_000_000)
    ]
    assert sqlite_rows(
        path, "SELECT person_id, membership_id, period, kind, amount, claim_id, covers_until "
        "FROM jht_entry"
    ) == [(1, 1, "2018-04", "WITHDRAWAL", -460_281, 1, "2018-04")]  # fmt: skip
    assert sqlite_rows(path, "SELECT count(*) FROM claim") == [(2,)]
    assert sqlite_rows(path, "SELECT wage FROM membership") == [(4_000_000,)]


# --- upgrades from every earlier revision (issue #12) -------------------------------------------

REVISIONS = ["0001", "0002", "0003", "0004", "0005", "0006", "0007"]


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def demo_at(tmp_path_factory: pytest.TempPathFactory, demo_file: Path) -> dict[str, Path]:
    """The small demo database taken down to each earlier revision by the revisions' own
    downgrades (the demo generator writes the newest schema only): each file holds the demo's
    rows as far as that revision had tables for them. Foreign keys off while downgrading, as
    batch mode recreates tables other rows point at."""
    folder = tmp_path_factory.mktemp("revisions")
    files: dict[str, Path] = {}
    for revision in REVISIONS:
        path = folder / f"demo-{revision}.sqlite"
        shutil.copyfile(demo_file, path)
        engine = create_engine(sqlite_url(path))
        config = alembic_config()
        with engine.begin() as connection:
            connection.exec_driver_sql("PRAGMA foreign_keys = OFF")
            config.attributes["connection"] = connection
            command.downgrade(config, revision)
        engine.dispose()
        files[revision] = path
    return files


@pytest.mark.parametrize("revision", REVISIONS)
def test_every_earlier_revision_with_demo_rows_upgrades_to_head(
    revision: str, demo_at: dict[str, Path], demo_file: Path, tmp_path: Path
) -> None:
    """A file at each earlier revision, holding the demo's people, employers and memberships,
    opens at the head with every one of those rows, a sound file and a verified audit trail."""
    from bpjs_desktop.services import audit

    path = tmp_path / "kantor.sqlite"
    shutil.copyfile(demo_at[revision], path)
    assert sqlite_rows(path, "SELECT version_num FROM alembic_version") == [(revision,)]
    counts = {
        table: sqlite_rows(path, f"SELECT count(*) FROM {table}")[0][0]
        for table in ("person", "employer", "membership", "claim", "contribution_bill")
    }
    assert counts["person"] > 1000 and counts["employer"] > 10

    db = open_database(sqlite_url(path), backup_dir=tmp_path / "backups")
    try:
        assert current_revision(db) == head_revision()
        assert audit.verify(db).ok
    finally:
        db.dispose()
    for table, count in counts.items():
        assert sqlite_rows(path, f"SELECT count(*) FROM {table}") == [(count,)]
    assert sqlite_rows(path, "PRAGMA integrity_check") == [("ok",)]
    assert len(list((tmp_path / "backups").iterdir())) == 1
    assert not list(tmp_path.glob("*.sebelum-pembaruan"))


@pytest.mark.parametrize("revision", REVISIONS)
def test_a_revision_failing_after_its_first_statement_leaves_the_file_byte_identical(
    revision: str, demo_at: dict[str, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The revision after *revision* runs its first statement, then fails (the statement
    runner is made to raise on the second): the app's open reports the failure, and the file
    is byte for byte what it was — same SHA-256, no -wal or -shm left, no snapshot left."""
    from alembic.ddl.impl import DefaultImpl

    path = tmp_path / "kantor.sqlite"
    shutil.copyfile(demo_at[revision], path)
    before = _sha256(path)
    real_exec = DefaultImpl._exec
    statements: list[object] = []

    def exec_then_fail(self: DefaultImpl, construct: object, *args: object, **kwargs: object):  # type: ignore[no-untyped-def]
        if statements:
            raise RuntimeError("revision fails after its first statement, on purpose")
        statements.append(construct)
        return real_exec(self, construct, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(DefaultImpl, "_exec", exec_then_fail)
    with pytest.raises(DatabaseError, match="Pembaruan struktur database gagal"):
        open_database(sqlite_url(path), backup_dir=tmp_path / "backups")
    monkeypatch.undo()

    assert len(statements) == 1
    assert _sha256(path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["backups", "kantor.sqlite"]
    assert sqlite_rows(path, "SELECT version_num FROM alembic_version") == [(revision,)]
