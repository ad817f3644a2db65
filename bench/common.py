"""Shared helpers: the full-scale demo database, timing, peak memory of a child process."""

from __future__ import annotations

import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "bench" / "data"
RESULTS = ROOT / "bench" / "results"
FULL_DB = DATA / "jatim-scale-1.sqlite"
BIN = Path(sys.executable).parent


def run_measured(
    args: list[str], env: dict[str, str] | None = None
) -> tuple[float, float, subprocess.CompletedProcess[str]]:
    """Run a command; return (wall seconds, peak RSS of that very process in MB, the result).

    ``os.wait4`` gives the resource usage of the one child waited for, unlike
    ``RUSAGE_CHILDREN``, which keeps the largest child of the whole run.
    """
    started = time.perf_counter()
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        process = subprocess.Popen(
            args, stdout=out, stderr=err, text=True, env={**os.environ, **(env or {})}
        )
        _pid, status, usage = os.wait4(process.pid, 0)
        process.returncode = os.waitstatus_to_exitcode(status)
        seconds = time.perf_counter() - started
        out.seek(0)
        err.seek(0)
        result = subprocess.CompletedProcess(args, process.returncode, out.read(), err.read())
    if result.returncode != 0:
        raise RuntimeError(f"{args} failed ({result.returncode}):\n{result.stderr}")
    return seconds, usage.ru_maxrss / 1024, result


def ensure_full_demo() -> Path:
    """The scale-1 demo database, generated once and reused by the other benchmarks."""
    if not FULL_DB.exists():
        DATA.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            [str(BIN / "bpjs-desktop"), "demo", "--db", str(FULL_DB), "--scale", "1"], check=True
        )
    return FULL_DB


def machine() -> dict[str, Any]:
    return {
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "machine": platform.machine(),
    }


def save(name: str, result: dict[str, Any]) -> Path:
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / f"{name}.json"
    path.write_text(json.dumps({"machine": machine(), **result}, indent=2, ensure_ascii=False))
    return path
