"""Fixtures of the service tests (the databases themselves come from tests/conftest.py)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests import helpers


@pytest.fixture
def write_list(tmp_path: Path) -> Callable[..., Path]:
    """Save rows as a worker list (Excel) in the test's folder; return the file's path."""

    def write(rows: list[list[object]], name: str = "daftar.xlsx") -> Path:
        return helpers.write_list(tmp_path / name, rows)

    return write
