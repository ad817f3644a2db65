"""``bpjs-desktop --self-test``: every step passes on a good installation, and a failing step is
named (the frozen bundle runs the same in test_bundle.py)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from bpjs_desktop import self_test
from bpjs_desktop.db.migrate import head_revision
from bpjs_desktop.errors import ValidationError

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.slow
def test_python_m_self_test_passes_every_step(tmp_path: Path) -> None:
    """Headless on its own (no Qt platform chosen by the caller), one line per step, exit 0,
    and nothing left in the data folder but the log."""
    environment = {k: v for k, v in os.environ.items() if k != "QT_QPA_PLATFORM"}
    environment.update(PYTHONPATH=str(ROOT), BPJS_DATA_DIR=str(tmp_path / "data"))
    result = subprocess.run(
        [sys.executable, "-m", "bpjs_desktop", "--self-test"], cwd=tmp_path, env=environment,
        capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert "uji mandiri" in lines[0] and "dari paket Python" in lines[0]
    assert [line.split()[:2] for line in lines[1:-1]] == [
        ["ok", name] for name, _ in self_test.STEPS
    ]
    assert f"revisi {head_revision()}" in lines[1]
    assert lines[-1].startswith("Uji mandiri berhasil: 6 langkah")
    assert not [p for p in (tmp_path / "data").rglob("*") if p.is_file() and p.suffix != ".log"]


def test_a_failing_step_is_named_and_the_exit_status_is_not_zero(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The steps after a failed one do not run; the line says which step and why."""

    def no_demo(_state: object) -> str:
        raise ValidationError.single("scale", "Skala harus lebih dari 0")

    ran: list[str] = []

    def later(_state: object) -> str:
        ran.append("later")
        return ""

    monkeypatch.setattr(
        self_test, "STEPS", (self_test.STEPS[0], ("demo", no_demo), ("check", later))
    )
    monkeypatch.setenv("BPJS_DATA_DIR", "/nonexistent-but-restored")
    lines: list[str] = []
    assert self_test.run(lines.append) == 1
    assert lines[1].split()[:2] == ["ok", "database"]
    assert lines[-1] == "GAGAL demo: Skala harus lebih dari 0"
    assert ran == []
    assert os.environ["BPJS_DATA_DIR"] == "/nonexistent-but-restored"
