"""Shared helpers: the full-scale demo database, timing, figures with their baselines, and the
one results file every benchmark adds its section to.

A figure is a time *and* the baseline it is judged against, measured in the same run on the same
machine (:func:`figure`): a ratio survives a slower or busier machine, a bare number does not.
"""

from __future__ import annotations

import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
VAR = ROOT / "var"
# The scale-1 demo, generated once (about six minutes on two cores) and reused: BENCH_DB names
# another copy (never written to: benchmarks that write work on a copy, see private_copy).
FULL_DB = Path(os.environ.get("BENCH_DB", VAR / "demo-scale1.sqlite"))
# Data sets the benchmarks generate and keep (bench_import's small demo).
DATA = VAR
# Where every benchmark's section goes (run_all sets it from --out).
DEFAULT_OUT = VAR / "bench.json"
BIN = Path(sys.executable).parent


def out_path() -> Path:
    return Path(os.environ.get("BENCH_OUT", DEFAULT_OUT))


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
    """The scale-1 demo database, generated once under var/ and reused by every benchmark.

    The generator writes ``<name>.partial`` and renames it when complete, so an interrupted run
    leaves no half database behind to be mistaken for a whole one.
    """
    if not FULL_DB.exists():
        FULL_DB.parent.mkdir(parents=True, exist_ok=True)
        print(f"generating the scale-1 demo database {FULL_DB} (once)…", flush=True)
        subprocess.run(
            [str(BIN / "bpjs-desktop"), "demo", "--db", str(FULL_DB), "--scale", "1"], check=True
        )
    return FULL_DB


def private_copy(source: Path, folder: Path) -> Path:
    """A copy of *source* (and its WAL) in *folder*, for benchmarks that write."""
    target = folder / source.name
    shutil.copyfile(source, target)
    wal = source.with_name(source.name + "-wal")
    if wal.exists() and wal.stat().st_size:
        shutil.copyfile(wal, target.with_name(target.name + "-wal"))
    return target


def at_head_or_copy(source: Path, folder: Path) -> Path:
    """*source* if its schema is this checkout's, else a private copy in *folder*: opening a file
    behind the newest revision upgrades it, and the shared demo is never written to."""
    from bpjs_desktop.db.migrate import head_revision, read_only_schema

    if read_only_schema(source)[0] == head_revision():
        return source
    return private_copy(source, folder)


def run_probe(probe: str, source: Path, *, writes: bool = False) -> dict[str, Any]:
    """Run a benchmark's *probe* (Python source, given the database path as ``sys.argv[1]``) and
    return the JSON object it prints last. A probe that *writes* works on a private copy of
    *source*; one that only reads works on *source* itself, or on an upgraded private copy when
    its schema is behind (:func:`at_head_or_copy`): the shared demo is never written to. The
    app's data folder (where a pre-upgrade backup goes) is temporary too. A failed probe ends the
    benchmark with the probe's error output."""
    with tempfile.TemporaryDirectory(prefix="bench-probe-") as folder:
        db = private_copy(source, Path(folder)) if writes else at_head_or_copy(source, Path(folder))
        out = subprocess.run(
            [str(BIN / "python"), "-c", probe, str(db)],
            capture_output=True,
            text=True,
            check=False,
            env={**os.environ, "BPJS_DATA_DIR": folder},
        )
    if out.returncode != 0:
        sys.stderr.write(out.stderr)
        raise SystemExit(f"the probe failed ({out.returncode})")
    result: dict[str, Any] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def median(values: list[float]) -> float:
    return round(statistics.median(values), 2)


def exit_code(report: dict[str, Any], limits: dict[str, float]) -> int:
    """0 when every figure of *report* named in *limits* is under its limit, else 1 (the
    benchmark's exit status: a target missed fails the run)."""
    return 0 if all(report[name] < limit for name, limit in limits.items()) else 1


def machine() -> dict[str, Any]:
    return {
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "machine": platform.machine(),
        "load_average": [round(x, 2) for x in os.getloadavg()],
    }


def figure(
    seconds: float, baseline_seconds: float, baseline: str, goal_ratio: float | None = None
) -> dict[str, Any]:
    """A measured time beside its baseline: the ratio is what a goal is set on."""
    ratio = seconds / baseline_seconds if baseline_seconds > 0 else float("inf")
    result: dict[str, Any] = {
        "seconds": round(seconds, 3),
        "baseline": baseline,
        "baseline_seconds": round(baseline_seconds, 3),
        "ratio": round(ratio, 2),
    }
    if goal_ratio is not None:
        result["goal_ratio"] = goal_ratio
        result["met"] = ratio <= goal_ratio
    return result


def figures_of(section: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The figures (dicts with a ratio) of a benchmark's section, by name."""
    return {k: v for k, v in section.items() if isinstance(v, dict) and "ratio" in v}


def format_figure(name: str, f: dict[str, Any]) -> str:
    goal = ""
    if "goal_ratio" in f:  # a figure shown for comparison has no goal of its own
        goal = f" (goal ≤ {f['goal_ratio']} ×: {'met' if f.get('met') else 'NOT met'})"
    return (
        f"{name}: {f['seconds']:.3f} s = {f['ratio']:.2f} × {f['baseline']} "
        f"({f['baseline_seconds']:.3f} s){goal}"
    )


def save(name: str, result: dict[str, Any]) -> Path:
    """Add (or replace) the section *name* of the results file; print its figures."""
    path = out_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        data = {}
    if not isinstance(data, dict):
        data = {}
    data.setdefault("machine", machine())
    data[name] = {"measured_with_load_average": machine()["load_average"], **result}
    partial = path.with_name(path.name + ".partial")
    partial.write_text(json.dumps(data, indent=2, ensure_ascii=False), encoding="utf-8")
    partial.replace(path)
    for key, value in figures_of(result).items():
        print(format_figure(f"{name}.{key}", value), flush=True)
    return path
