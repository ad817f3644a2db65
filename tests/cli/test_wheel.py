"""The built wheel, installed into a fresh virtual environment, carries its migrations and
resources and can create and migrate a database: what a workstation install depends on."""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
import textwrap
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(out),
            str(ROOT),
        ],
        check=True,
        cwd=out,
    )
    (built,) = out.glob("bpjs_desktop-*.whl")
    return built


@pytest.fixture(scope="module")
def fresh_env(tmp_path_factory: pytest.TempPathFactory, wheel: Path) -> Path:
    """A new venv with only the wheel installed; its dependencies come from this test's
    environment through a .pth line (installing PySide6 again would download 100+ MB)."""
    env = tmp_path_factory.mktemp("venv") / "env"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(env)], check=True)
    python = env / "bin" / "python"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "--python",
            str(python),
            "install",
            "--no-deps",
            "-q",
            str(wheel),
        ],
        check=True,
    )
    site = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True, capture_output=True, text=True,
    ).stdout.strip()  # fmt: skip
    Path(site, "zz_test_dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    return env


def _run(env: Path, *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH",)}
    environment["BPJS_DATA_DIR"] = str(cwd / "data")
    return subprocess.run(
        args, cwd=cwd, env=environment, capture_output=True, text=True, timeout=300
    )


def test_wheel_contains_migrations_and_resources(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "bpjs_desktop/alembic/env.py" in names
    assert "bpjs_desktop/alembic/script.py.mako" in names
    assert any(n.startswith("bpjs_desktop/alembic/versions/0001_") for n in names)
    assert "bpjs_desktop/resources/icons/bpjs-desktop.svg" in names
    # The message catalogues: the .po sources, and the .mo the app reads, compiled at build time.
    for language in ("id", "en"):
        assert f"bpjs_desktop/resources/locale/{language}/LC_MESSAGES/bpjs_desktop.mo" in names
    assert not any("__pycache__" in n or n.startswith("tests/") for n in names)


def test_installed_wheel_creates_and_migrates_a_database(fresh_env: Path, tmp_path: Path) -> None:
    """The installed entry point creates a database at head; an old one is upgraded in place."""
    python = fresh_env / "bin" / "python"
    where = _run(
        fresh_env,
        str(python),
        "-c",
        "import bpjs_desktop; print(bpjs_desktop.__file__)",
        cwd=tmp_path,
    )
    assert where.returncode == 0, where.stderr
    assert str(fresh_env) in where.stdout, "the test must run the installed copy, not the checkout"

    created = _run(
        fresh_env,
        str(fresh_env / "bin" / "bpjs-desktop"),
        "migrate",
        "--db",
        "new.sqlite",
        cwd=tmp_path,
    )
    assert created.returncode == 0, created.stderr
    assert (tmp_path / "new.sqlite").is_file()

    script = textwrap.dedent(
        """
        from alembic import command
        from bpjs_desktop.db.engine import make_engine, sqlite_url
        from bpjs_desktop.db.migrate import alembic_config
        from bpjs_desktop import resources
        engine = make_engine(sqlite_url("old.sqlite"))
        config = alembic_config()
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, "0001")
        engine.dispose()
        print(resources.path("icons", "bpjs-desktop.svg"))
        """
    )
    old = _run(fresh_env, str(python), "-c", script, cwd=tmp_path)
    assert old.returncode == 0, old.stderr
    assert str(fresh_env) in old.stdout  # the icon resolves inside the installed package

    upgraded = _run(
        fresh_env,
        str(fresh_env / "bin" / "bpjs-desktop"),
        "migrate",
        "--db",
        "old.sqlite",
        cwd=tmp_path,
    )
    assert upgraded.returncode == 0, upgraded.stderr
    check = _run(
        fresh_env,
        str(fresh_env / "bin" / "bpjs-desktop"),
        "check",
        "--db",
        "old.sqlite",
        cwd=tmp_path,
    )
    assert check.returncode == 0, check.stdout + check.stderr
    assert list((tmp_path / "data" / "backups").glob("old-*.sqlite")), (
        "an upgrade keeps a backup first"
    )
