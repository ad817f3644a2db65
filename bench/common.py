"""Shared helpers: the full-scale demo database, timing, peak memory of a child process."""

from __future__ import annotations

import json
import os
import platform
import resource
import subprocess
import sys
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
    """Run a command; return (wall seconds, peak RSS of that child in MB, the result)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    started = time.perf_counter()
    result = subprocess.run(
        args, capture_output=True, text=True, env={**os.environ, **(env or {})}, check=False
    )
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    if result.returncode != 0:
        raise RuntimeError(f"{args} failed ({result.returncode}):\n{result.stderr}")
    # ru_maxrss is the largest child so far (KiB on Linux); run each measured child first.
    return seconds, max(peak, before) / 1024, result


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
