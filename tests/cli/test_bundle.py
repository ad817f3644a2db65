"""The PyInstaller bundle: built from packaging/bpjs-desktop.spec, it passes its own self-test.

What a workstation gets is the frozen folder, not the package: a module PyInstaller did not see,
a migration or icon left out, a Qt plugin missing all show up only there. The test builds the
bundle for this machine into a temporary folder, runs ``bpjs-desktop-cli --self-test`` in it
(a new database migrated to head, a demo, check, the monthly workbook, a claim receipt PDF, the
main window offscreen) and prints the bundle's size and how long it takes to start, next to
``python -m bpjs_desktop`` in the same run. ``make test-package`` runs it (.ci/run does).
"""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SPEC = ROOT / "packaging" / "bpjs-desktop.spec"
STEPS = ("database", "demo", "check", "ekspor", "kertas", "jendela")
EXE = ".exe" if sys.platform == "win32" else ""

pytestmark = [pytest.mark.slow, pytest.mark.package]


def _environment(**extra: str) -> dict[str, str]:
    """This machine's environment without the checkout on the path or a Qt platform chosen: the
    self-test must pick offscreen itself, as on a workstation."""
    environment = {
        k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "QT_QPA_PLATFORM")
    }
    environment.update(extra)
    return environment


@pytest.fixture(scope="module")
def bundle(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, float]:
    """The built bundle folder, and the seconds the build took."""
    if importlib.util.find_spec("PyInstaller") is None:
        message = "PyInstaller is not installed: pip install -c constraints.txt -e '.[package]'"
        if os.environ.get("CI"):  # .ci/run installs it (make's set-up): missing there is a fault
            pytest.fail(message)
        pytest.skip(message)
    work = tmp_path_factory.mktemp("pyinstaller")
    started = time.monotonic()
    built = subprocess.run(
        [
            sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN",
            "--distpath", str(work / "dist"), "--workpath", str(work / "build"), str(SPEC),
        ],
        cwd=ROOT, env=_environment(), capture_output=True, text=True, timeout=900,
    )  # fmt: skip
    assert built.returncode == 0, built.stdout[-3000:] + built.stderr[-3000:]
    return work / "dist" / "bpjs-desktop", time.monotonic() - started


def _timed(
    args: list[str], cwd: Path, env: dict[str, str]
) -> tuple[subprocess.CompletedProcess[str], float]:
    started = time.monotonic()
    result = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=600)
    return result, time.monotonic() - started


def _size_mb(folder: Path) -> float:
    return sum(f.stat().st_size for f in folder.rglob("*") if f.is_file()) / 1_000_000


def _assert_passed(result: subprocess.CompletedProcess[str], who: str) -> None:
    assert result.returncode == 0, f"{who}:\n{result.stdout}\n{result.stderr[-3000:]}"
    lines = result.stdout.splitlines()
    for step in STEPS:
        assert any(line.split()[:2] == ["ok", step] for line in lines), (step, result.stdout)


def test_bundle_passes_its_self_test_and_starts_like_python(
    bundle: tuple[Path, float], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The frozen program passes every step of --self-test on its own (nothing of the checkout
    or of this virtual environment on its path), as ``python -m bpjs_desktop`` does."""
    folder, build_seconds = bundle
    cli = folder / f"bpjs-desktop-cli{EXE}"
    assert cli.is_file() and (folder / f"bpjs-desktop{EXE}").is_file()
    # The migrations and the icon sit inside the package, as in the wheel; no caches came along.
    internal = folder / "_internal" / "bpjs_desktop"
    assert (internal / "alembic" / "env.py").is_file()
    assert (internal / "resources" / "icons" / "bpjs-desktop.svg").is_file()
    assert not list((internal / "alembic").rglob("__pycache__"))

    frozen_env = _environment(BPJS_DATA_DIR=str(tmp_path / "frozen-data"))
    python_env = _environment(PYTHONPATH=str(ROOT), BPJS_DATA_DIR=str(tmp_path / "python-data"))
    python = [sys.executable, "-m", "bpjs_desktop"]

    # Start: the program loads and answers --version (the interpreter, the command line).
    frozen_start = min(_timed([str(cli), "--version"], tmp_path, frozen_env)[1] for _ in range(3))
    python_start = min(_timed([*python, "--version"], tmp_path, python_env)[1] for _ in range(3))

    frozen, frozen_seconds = _timed([str(cli), "--self-test"], tmp_path, frozen_env)
    _assert_passed(frozen, "frozen")
    assert "program beku (bundel)" in frozen.stdout.splitlines()[0]
    unfrozen, python_seconds = _timed([*python, "--self-test"], tmp_path, python_env)
    _assert_passed(unfrozen, "python -m")

    # The self-test leaves nothing in the data folder it was given: its files are temporary.
    assert not list((tmp_path / "frozen-data").rglob("*.sqlite"))
    with capsys.disabled():
        print(
            f"\n[bundle] {sys.platform}: {folder} {_size_mb(folder):.0f} MB, built in "
            f"{build_seconds:.0f} s\n"
            f"[bundle] start (--version): frozen {frozen_start:.2f} s, "
            f"python -m {python_start:.2f} s\n"
            f"[bundle] --self-test: frozen {frozen_seconds:.1f} s, python -m {python_seconds:.1f} s"
            f"\n[bundle] frozen self-test output:\n{frozen.stdout}"
        )
