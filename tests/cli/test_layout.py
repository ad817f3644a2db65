"""The repository's layout (design.md, "Layout"): alembic/ and resources/ at the top, beside
bpjs_desktop/, and what that means for developers who run Alembic from the checkout.

The wheel side (they are installed inside the package, and no top-level ``alembic`` is) is in
test_wheel.py; the bundle side in test_bundle.py.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from bpjs_desktop import paths
from bpjs_desktop.db.engine import sqlite_url
from bpjs_desktop.db.migrate import current_revision, head_revision, open_database

ROOT = Path(__file__).resolve().parents[2]


def _environment(**extra: str) -> dict[str, str]:
    environment = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "BPJS_DB_URL")}
    environment.update(extra)
    return environment


def _alembic(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """The ``alembic`` command of this environment, run from the top of the checkout."""
    script = shutil.which("alembic", path=str(Path(sys.executable).parent))
    command = [script] if script else [sys.executable, "-m", "alembic"]
    return subprocess.run(
        [*command, *args], cwd=ROOT, env=env or _environment(), capture_output=True, text=True,
        timeout=300,
    )  # fmt: skip


def _revision(path: Path) -> str:
    with sqlite3.connect(path) as connection:
        return str(connection.execute("SELECT version_num FROM alembic_version").fetchone()[0])


def test_the_checkout_keeps_migrations_and_resources_at_the_top() -> None:
    assert (ROOT / "alembic.ini").is_file()
    assert (ROOT / "alembic" / "env.py").is_file()
    assert (ROOT / "resources" / "icons" / "bpjs-desktop.svg").is_file()
    # Folders of files, not packages: nothing imports them by name.
    assert not (ROOT / "alembic" / "__init__.py").exists()
    assert not (ROOT / "resources" / "__init__.py").exists()
    assert not (ROOT / "bpjs_desktop" / "alembic" / "env.py").exists()
    # In the checkout the app finds them there.
    assert paths.migrations_dir() == ROOT / "alembic"
    assert paths.resource("icons", "bpjs-desktop.svg") == ROOT / "resources/icons/bpjs-desktop.svg"
    with pytest.raises(FileNotFoundError, match=r"icons/missing\.svg"):
        paths.resource("icons", "missing.svg")


@pytest.mark.parametrize("how", ["cwd", "PYTHONPATH"])
def test_top_level_alembic_folder_does_not_shadow_the_library(how: str) -> None:
    """With the repository root first on sys.path (``python`` started there, or
    ``PYTHONPATH=.``), ``import alembic`` is the installed library: a folder without
    ``__init__.py`` is only a namespace-package candidate, and the import system takes a regular
    package found later on the path before it (PEP 420)."""
    code = "import alembic.command, sys; print(alembic.__file__); print(sys.path[0])"
    env = _environment(PYTHONPATH=str(ROOT)) if how == "PYTHONPATH" else _environment()
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    location, first_on_path = result.stdout.splitlines()
    assert first_on_path in ("", str(ROOT)), "the checkout must be first on the path"
    assert not Path(location).resolve().is_relative_to(ROOT / "alembic")
    assert Path(location).parts[-3:] == ("site-packages", "alembic", "__init__.py")


def test_python_m_alembic_from_the_checkout_is_the_library(tmp_path: Path) -> None:
    """``python -m alembic`` started in the checkout (working folder first on the path) runs
    Alembic's own command line, on the checkout's alembic.ini."""
    result = subprocess.run(
        [sys.executable, "-m", "alembic", "heads"], cwd=ROOT, env=_environment(),
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert f"{head_revision()} (head)" in result.stdout


def test_alembic_upgrade_head_from_the_checkout(tmp_path: Path) -> None:
    """What an Alembic user expects: ``alembic -x db=PATH upgrade head`` (or the URL in
    BPJS_DB_URL) creates or upgrades the database step by step; the app then opens it at head
    without upgrading again, and its check passes."""
    path = tmp_path / "kantor.sqlite"
    first = _alembic("-x", f"db={path}", "upgrade", "0008")
    assert first.returncode == 0, first.stderr
    assert "Running upgrade 0007 -> 0008" in first.stderr  # alembic.ini's logging: the usual lines
    assert _revision(path) == "0008"

    second = _alembic("upgrade", "head", env=_environment(BPJS_DB_URL=sqlite_url(path)))
    assert second.returncode == 0, second.stderr
    assert "Running upgrade 0008 -> 0009" in second.stderr  # on from where the first stopped
    assert f" -> {head_revision()}, " in second.stderr  # … to the head, whatever comes between
    current = _alembic("-x", f"db={path}", "current")
    assert f"{head_revision()} (head)" in current.stdout, current.stdout + current.stderr

    db = open_database(sqlite_url(path), create=False, backup_dir=tmp_path / "backups")
    try:
        assert current_revision(db) == head_revision()
    finally:
        db.dispose()
    assert not (tmp_path / "backups").exists(), "at head already: the app had nothing to upgrade"
    check = subprocess.run(
        [sys.executable, "-m", "bpjs_desktop", "check", "--db", str(path)],
        cwd=tmp_path, env=_environment(PYTHONPATH=str(ROOT), BPJS_DATA_DIR=str(tmp_path / "d")),
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert check.returncode == 0, check.stdout + check.stderr


def test_alembic_without_a_database_says_how_to_name_one() -> None:
    result = _alembic("upgrade", "head")
    assert result.returncode != 0
    assert "-x db=PATH" in result.stderr and "BPJS_DB_URL" in result.stderr
