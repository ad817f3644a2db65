"""Fixtures of the service tests (the databases themselves come from tests/conftest.py)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from bpjs_desktop.db.models import Role
from bpjs_desktop.services.context import Actor
from tests import helpers


@pytest.fixture
def write_list(tmp_path: Path) -> Callable[..., Path]:
    """Save rows as a worker list (Excel) in the test's folder; return the file's path."""

    def write(rows: list[list[object]], name: str = "daftar.xlsx") -> Path:
        return helpers.write_list(tmp_path / name, rows)

    return write


@pytest.fixture
def staff(make_user: Callable[..., Actor]) -> dict[str, Actor]:
    """Two front-office staff of KC Gresik: p1 logs a claim, p2 checks and decides it (four eyes).
    A test module that needs more people extends this fixture under the same name."""
    return {
        "p1": make_user(Role.PELAYANAN, "GRS", "pelayanan.satu"),
        "p2": make_user(Role.PELAYANAN, "GRS", "pelayanan.dua"),
    }
