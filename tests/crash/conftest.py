"""Fixtures of the crash campaign: files to kill processes over, and the campaign's size.

``BPJS_CRASH_KILLS`` sets how many kills a run makes (default 10: what ``make test`` affords);
``make test-crash`` runs the full campaign of at least 100. ``BPJS_CRASH_SEED`` repeats a run's
random moments; ``BPJS_CRASH_LOG`` names a file that gets one JSON line per kill (what it hit).
"""

from __future__ import annotations

import os
import shutil
from datetime import date
from pathlib import Path

import pytest

from bpjs_desktop.db.engine import sqlite_url
from bpjs_desktop.db.migrate import open_database
from bpjs_desktop.domain.identifiers import Sex, make_nik
from bpjs_desktop.domain.programmes import SizeClass
from bpjs_desktop.services import employer_registry, membership_common
from bpjs_desktop.services.context import Actor
from bpjs_desktop.services.demo.run import generate_demo
from tests.helpers import list_row, write_list

IMPORT_ROWS = 4_000  # big enough that a kill lands inside the import's one transaction


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "crash: kills a process at random moments (make test-crash runs them all)"
    )


# What each kill of this run interrupted: (scenario, state), for the summary at the end.
OUTCOMES: list[tuple[str, str]] = []


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if not OUTCOMES:
        return
    terminalreporter.section("crash campaign")
    terminalreporter.write_line(f"{len(OUTCOMES)} kills survived")
    tally: dict[tuple[str, str], int] = {}
    for outcome in OUTCOMES:
        tally[outcome] = tally.get(outcome, 0) + 1
    for (scenario, state), count in sorted(tally.items()):
        terminalreporter.write_line(f"{count:4d}  {scenario:<7} {state}")


def kills() -> int:
    return int(os.environ.get("BPJS_CRASH_KILLS", "10"))


@pytest.fixture(scope="session")
def crash_demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A 0.01 demo: the month-close victim and the import's employer (one of its own)."""
    path = tmp_path_factory.mktemp("crash") / "demo.sqlite"
    generate_demo(path, scale=0.01, seed=11)
    return path


@pytest.fixture(scope="session")
def worker_list(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """IMPORT_ROWS valid rows for an employer of KC Gresik (registered 2017)."""
    rows = (
        list_row(
            # District 93 of its own: the session's shared NIK serials are not spent on 4,000 rows.
            nik=make_nik("3525", 93, date(1990, 5, 15), Sex.L, number + 1),
            name=f"Pekerja {_letters(number)}",  # names have no digits
        )
        for number in range(IMPORT_ROWS)
    )
    return write_list(tmp_path_factory.mktemp("crash-list") / "daftar.xlsx", rows)


@pytest.fixture(scope="session")
def import_base(
    sqlite_template: Path, tmp_path_factory: pytest.TempPathFactory
) -> tuple[Path, str]:
    """An empty office database with one Gresik employer: the import's and the writes' victim."""
    path = tmp_path_factory.mktemp("crash-base") / "office.sqlite"
    copy_database(sqlite_template, path)
    db = open_database(sqlite_url(path), create=False)
    employer = employer_registry.register_employer(
        db, Actor.command_line(),
        membership_common.EmployerInput(
            name="PT Tahan Banting", kbli="10710", size_class=SizeClass.MENENGAH,
            office_code="GRS", regency_code="3525", registered_on=date(2017, 1, 2),
        ),
    )  # fmt: skip
    db.dispose()
    return path, employer.npp


def _letters(number: int) -> str:
    word = ""
    for _place in range(4):
        number, letter = divmod(number, 26)
        word += "abcdefghijklmnopqrstuvwxyz"[letter]
    return word.capitalize()


def copy_database(source: Path, target: Path) -> str:
    shutil.copyfile(source, target)
    return sqlite_url(target)


def open_checked(path: Path):  # type: ignore[no-untyped-def]
    return open_database(sqlite_url(path), create=False)
