"""The built wheel, installed into a fresh virtual environment, carries its migrations and
resources and can create and migrate a database: what a workstation install depends on.

The repository keeps ``alembic/`` and ``resources/`` at its top (test_layout.py); the wheel maps
them into the package (pyproject.toml's ``sources``) and installs no other top-level name. An
editable install finds them in the checkout.
"""

from __future__ import annotations

import csv
import io
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


def _python(env: Path) -> Path:
    return env / ("Scripts/python.exe" if sys.platform == "win32" else "bin/python")


def _fresh_venv(where: Path) -> Path:
    """A new venv whose dependencies come from this test's environment through a .pth line."""
    env = where / "env"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(env)], check=True)
    site = subprocess.run(
        [str(_python(env)), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True, capture_output=True, text=True,
    ).stdout.strip()  # fmt: skip
    Path(site, "zz_test_dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    return env


@pytest.fixture(scope="module")
def fresh_env(tmp_path_factory: pytest.TempPathFactory, wheel: Path) -> Path:
    """A new venv with only the wheel installed; its dependencies come from this test's
    environment through a .pth line (installing PySide6 again would download 100+ MB)."""
    env = _fresh_venv(tmp_path_factory.mktemp("venv"))
    subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(_python(env)), "install", "--no-deps", "-q",
         str(wheel)],
        check=True,
    )  # fmt: skip
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


def test_wheel_installs_no_top_level_alembic(wheel: Path) -> None:
    """Every file the wheel installs (its RECORD) is under bpjs_desktop/ or its metadata: the
    top-level alembic/ and resources/ of the repository are mapped inside the package, so an
    installed app can never shadow the Alembic library with its migration scripts."""
    with zipfile.ZipFile(wheel) as archive:
        (record_name,) = [n for n in archive.namelist() if n.endswith(".dist-info/RECORD")]
        record = archive.read(record_name).decode()
    installed = [row[0] for row in csv.reader(io.StringIO(record)) if row]
    top_level = {name.split("/")[0] for name in installed}
    assert top_level == {"bpjs_desktop", record_name.split("/")[0]}, top_level
    assert "bpjs_desktop/alembic/env.py" in installed
    assert not any(n.startswith(("alembic/", "resources/")) for n in installed)
    assert not any(n.endswith(".pth") for n in installed)  # nothing put on sys.path either


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

    def app(*args: str) -> subprocess.CompletedProcess[str]:
        """The installed ``bpjs-desktop`` command, run in the test's folder."""
        return _run(fresh_env, str(fresh_env / "bin" / "bpjs-desktop"), *args, cwd=tmp_path)

    created = app("migrate", "--db", "new.sqlite")
    assert created.returncode == 0, created.stderr
    assert (tmp_path / "new.sqlite").is_file()

    script = textwrap.dedent(
        """
        from alembic import command
        from bpjs_desktop.db.engine import make_engine, sqlite_url
        from bpjs_desktop.db.migrate import alembic_config
        from bpjs_desktop import paths
        engine = make_engine(sqlite_url("old.sqlite"))
        config = alembic_config()
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, "0001")
        engine.dispose()
        print(paths.resource("icons", "bpjs-desktop.svg"))
        print(paths.migrations_dir())
        """
    )
    old = _run(fresh_env, str(python), "-c", script, cwd=tmp_path)
    assert old.returncode == 0, old.stderr
    icon, migrations = old.stdout.splitlines()
    # the icon and the migrations resolve inside the installed package
    assert Path(icon).is_relative_to(fresh_env) and Path(icon).parts[-4] == "bpjs_desktop"
    assert (
        Path(migrations).is_relative_to(fresh_env)
        and Path(migrations).parent.name == "bpjs_desktop"
    )

    upgraded = app("migrate", "--db", "old.sqlite")
    assert upgraded.returncode == 0, upgraded.stderr
    check = app("check", "--db", "old.sqlite")
    assert check.returncode == 0, check.stdout + check.stderr
    assert list((tmp_path / "data" / "backups").glob("old-*.sqlite")), (
        "an upgrade keeps a backup first"
    )


def test_editable_install_finds_them_in_the_checkout(tmp_path: Path) -> None:
    """``pip install -e .`` (what ``make`` does) puts the checkout on sys.path and nothing else;
    the app finds alembic/ and resources/ at the top of the checkout and migrates with them."""
    env = _fresh_venv(tmp_path)
    python = _python(env)
    subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps",
         "--no-build-isolation", "-q", "-e", str(ROOT)],
        check=True, capture_output=True,
    )  # fmt: skip
    work = tmp_path / "elsewhere"
    work.mkdir()
    script = (
        "import bpjs_desktop; from bpjs_desktop import paths; print(bpjs_desktop.__file__); "
        "print(paths.migrations_dir()); print(paths.resource('icons', 'bpjs-desktop.svg'))"
    )
    found = _run(env, str(python), "-c", script, cwd=work)
    assert found.returncode == 0, found.stderr
    package, migrations, icon = found.stdout.splitlines()
    assert Path(package) == ROOT / "bpjs_desktop" / "__init__.py"
    assert Path(migrations) == ROOT / "alembic"
    assert Path(icon) == ROOT / "resources" / "icons" / "bpjs-desktop.svg"
    migrated = _run(env, str(python), "-m", "bpjs_desktop", "migrate", "--db", "e.sqlite", cwd=work)
    assert migrated.returncode == 0, migrated.stderr
