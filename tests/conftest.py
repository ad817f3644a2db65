"""Fixtures shared by every test: real databases (SQLite files, and PostgreSQL).

PostgreSQL: ``BPJS_TEST_PG_URL`` names a server URL whose user may create databases; without it
the run starts a throwaway server of its own from the PostgreSQL binaries on the machine
(tests/pg_server.py). Each test session (each xdist worker) creates its own database there and
drops it at the end. Only where PostgreSQL is not installed are the PostgreSQL variants of the
service tests skipped, never faked; the pytest header says which of these it is.
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

# The offscreen platform must be chosen before any QApplication exists (stack-notes §5.1), and
# the app's data folder (backups, logs) must never be the developer's own.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("PYQTGRAPH_QT_LIB", "PySide6")
os.environ.pop("BPJS_LANG", None)

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from bpjs_desktop.db.engine import Database, sqlite_url
from bpjs_desktop.db.migrate import open_database
from bpjs_desktop.db.models import Base, Role
from bpjs_desktop.domain.identifiers import Sex
from bpjs_desktop.domain.programmes import Programme, Segment, SizeClass
from bpjs_desktop.i18n import set_language
from bpjs_desktop.services import auth, employer_registry, membership_common, worker_registry
from bpjs_desktop.services.context import Actor
from tests import pg_server

_PG_SKIP = "BPJS_TEST_PG_SKIP"  # why there is no PostgreSQL for this run (set for the workers)
_PG_HEADER = pytest.StashKey[str]()


@pytest.fixture(autouse=True, scope="session")
def _app_data_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    folder = tmp_path_factory.mktemp("app-data")
    previous = os.environ.get("BPJS_DATA_DIR")
    os.environ["BPJS_DATA_DIR"] = str(folder)
    yield folder
    if previous is None:
        os.environ.pop("BPJS_DATA_DIR", None)
    else:
        os.environ["BPJS_DATA_DIR"] = previous


@pytest.fixture(autouse=True, scope="session")
def _no_personal_data_leaks(
    _app_data_dir: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[None]:
    """At the end of the session: no log file and no audit detail written by any test holds a
    full NIK or a password (issue #11 item 2; tests/leaks.py). Reported as an error of the
    session's last test, naming the file and what it holds."""
    yield
    from tests.leaks import leaks

    found = leaks([_app_data_dir], tmp_path_factory.getbasetemp())
    assert not found, "personal data or a password where it must not be:\n" + "\n".join(found[:20])


@pytest.fixture(autouse=True)
def _indonesian() -> Iterator[None]:
    """Every test starts in the users' language, and leaves it so."""
    set_language("id")
    yield
    set_language("id")


# --- SQLite ---------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A freshly migrated, empty database file, copied for each test (migrating takes ~0.3 s)."""
    path = tmp_path_factory.mktemp("template") / "empty.sqlite"
    db = open_database(sqlite_url(path))
    db.dispose()
    return path


@contextmanager
def opened_copy(source: Path, path: Path, create: bool = True) -> Iterator[Database]:
    """A copy of the database file *source* at *path*, open (``create=False``: never migrated
    on opening); disposed of afterwards."""
    shutil.copyfile(source, path)
    db = open_database(sqlite_url(path), create=create)
    try:
        yield db
    finally:
        db.dispose()


@pytest.fixture
def sqlite_db(sqlite_template: Path, tmp_path: Path) -> Iterator[Database]:
    with opened_copy(sqlite_template, tmp_path / "office.sqlite") as db:
        yield db


# --- PostgreSQL --------------------------------------------------------------------------------


def pytest_configure(config: pytest.Config) -> None:
    """Once per run (in the xdist controller, before its workers start, so that they inherit
    the environment): find the PostgreSQL server the tests will use, or say why there is none."""
    if hasattr(config, "workerinput"):
        return
    given = os.environ.get("BPJS_TEST_PG_URL")
    if given:
        shown = make_url(given).render_as_string(hide_password=True)
        config.stash[_PG_HEADER] = f"PostgreSQL: {shown} (BPJS_TEST_PG_URL)"
        return
    run_dir, line = pg_server.prepare()
    config.stash[_PG_HEADER] = line
    if run_dir is None:
        os.environ[_PG_SKIP] = line
    else:
        os.environ.pop(_PG_SKIP, None)
        config.add_cleanup(lambda: pg_server.stop(run_dir))


def pytest_report_header(config: pytest.Config) -> str | None:
    return config.stash.get(_PG_HEADER, None)


def _no_postgres_reason() -> str | None:
    if os.environ.get("BPJS_TEST_PG_URL") or os.environ.get(pg_server.DIR_VARIABLE):
        return None
    return os.environ.get(_PG_SKIP, pg_server.NOT_INSTALLED)


@pytest.fixture(scope="session")
def pg_server_url() -> str:
    """The test server's URL (its user may create databases): given, or a throwaway server."""
    reason = _no_postgres_reason()
    if reason:
        pytest.skip(reason)
    server = os.environ.get("BPJS_TEST_PG_URL")
    if not server:
        try:
            server = pg_server.url()
        except RuntimeError as exc:
            # PostgreSQL is installed, so these tests are expected to run: say why they cannot
            # rather than skip them quietly.
            pytest.fail(
                f"{exc}. Set BPJS_TEST_PG_URL to a server, or leave these tests out with "
                "-m 'not postgres'.",
                pytrace=False,
            )
    return server


@contextmanager
def new_pg_database(server_url: str, prefix: str) -> Iterator[str]:
    """A new, empty database of its own on the test server (its URL, password included); dropped
    afterwards."""
    admin_url = make_url(server_url).set(drivername="postgresql+psycopg")
    name = f"{prefix}_{uuid.uuid4().hex[:10]}"
    admin = create_engine(admin_url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield admin_url.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(scope="session")
def pg_database_url(pg_server_url: str) -> Iterator[str]:
    """A database of its own on the test server for this session (and xdist worker), migrated."""
    with new_pg_database(pg_server_url, "bpjs_test") as url:
        open_database(url).dispose()
        yield url


_KEEP = {"alembic_version", "office"}  # schema version and reference data from the migrations


@pytest.fixture
def pg_db(pg_database_url: str) -> Iterator[Database]:
    db = open_database(pg_database_url)
    tables = ", ".join(f'"{t}"' for t in Base.metadata.tables if t not in _KEEP)
    with db.engine.begin() as connection:
        connection.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
    yield db
    db.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db(request: pytest.FixtureRequest) -> Database:
    """The same test on a real SQLite file and, where available, on PostgreSQL."""
    fixture = "sqlite_db" if request.param == "sqlite" else "pg_db"
    return request.getfixturevalue(fixture)  # type: ignore[no-any-return]


# --- actors and factories ------------------------------------------------------------------


@pytest.fixture
def admin() -> Actor:
    return Actor.command_line()


@pytest.fixture
def make_user(db: Database, admin: Actor) -> Callable[..., Actor]:
    """A signed-in user of a role (default: front-office staff of KC Gresik)."""
    counter = iter(range(1, 10_000))

    def make(
        role: Role = Role.PELAYANAN, office: str | None = "GRS", username: str | None = None
    ) -> Actor:
        name = username or f"{role.value.lower()}{next(counter)}"
        auth.add_user(
            db,
            admin,
            username=name,
            full_name=name.upper(),
            role=role,
            password="rahasia-123",
            office_code=office,
        )
        return auth.authenticate(db, name, "rahasia-123")

    return make


@pytest.fixture
def make_employer(db: Database, admin: Actor) -> Callable[..., membership_common.EmployerRow]:
    """Register an employer through the service; keyword arguments override the defaults."""
    counter = iter(range(1, 10_000))

    def make(**overrides: Any) -> membership_common.EmployerRow:
        values: dict[str, Any] = {
            "name": f"PT Contoh Maju {next(counter)}",
            "kbli": "10710",  # bakery: manufacturing → JKK risk "sedang"
            "size_class": SizeClass.MENENGAH,
            "office_code": "GRS",
            "regency_code": "3525",
            "registered_on": date(2017, 1, 2),
        }
        values.update(overrides)
        return employer_registry.register_employer(
            db, admin, membership_common.EmployerInput(**values)
        )

    return make


_NIK_SERIAL = iter(range(1, 9000))


def fresh_nik(birth: date = date(1990, 5, 15), sex: Sex = Sex.L, regency: str = "3525") -> str:
    from bpjs_desktop.domain.identifiers import make_nik

    # District 95 is one the demo generator never reaches, so a test's new person can never
    # collide with a person of the demo database.
    return make_nik(regency, 95, birth, sex, next(_NIK_SERIAL))


@pytest.fixture
def make_worker(db: Database, admin: Actor) -> Callable[..., membership_common.WorkerRow]:
    """Register a wage earner (default) or any segment through the service."""

    def make(**overrides: Any) -> membership_common.WorkerRow:
        birth = overrides.pop("birth_date", date(1990, 5, 15))
        sex = overrides.pop("sex", Sex.L)
        values: dict[str, Any] = {
            "nik": fresh_nik(birth, sex),
            "name": "Budi Santoso",
            "birth_date": birth,
            "sex": sex,
            "segment": Segment.PU,
            "start_date": date(2018, 1, 2),
            "wage": 4_000_000,
        }
        values.update(overrides)
        return worker_registry.register_worker(db, admin, membership_common.WorkerInput(**values))

    return make


ALL_PU = frozenset({Programme.JKK, Programme.JKM, Programme.JHT, Programme.JP})


# --- demo data ------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small demo database (scale 0.005), generated once per session; copy it to write."""
    from bpjs_desktop.services.demo.run import generate_demo

    path = tmp_path_factory.mktemp("demo") / "demo.sqlite"
    generate_demo(path, scale=0.005, seed=7)
    return path


@pytest.fixture
def demo_db(demo_file: Path, tmp_path: Path) -> Iterator[Database]:
    """A private copy of the small demo database."""
    with opened_copy(demo_file, tmp_path / "demo.sqlite") as db:
        yield db


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Skip the PostgreSQL variants, saying why, only where there is no server to be had."""
    del config
    reason = _no_postgres_reason()
    if reason is None:
        return
    skip = pytest.mark.skip(reason=reason)
    for item in items:
        if "postgres" in item.keywords:
            item.add_marker(skip)
