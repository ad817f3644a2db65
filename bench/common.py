"""Shared helpers: the full-scale demo database, timing, figures with their baselines, and the
one results file every benchmark adds its section to.

A figure is a time *and* the baseline it is judged against, measured in the same run on the same
machine (:func:`figure`): a ratio survives a slower or busier machine, a bare number does not.
What has no meaningful baseline (a peak RSS) is an :func:`absolute` figure, printed as such.

Probes (the Python source a benchmark runs in a fresh process) import from here too: they wait on
the app's signals with :func:`wait_for` / :func:`wait_first_page`, never by polling, and time
the app's SQL on a bare connection with :class:`SqlLog`.
"""

from __future__ import annotations

import json
import os
import platform
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Sequence
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


def probe_path() -> str:
    """PYTHONPATH for a probe: this checkout first, so that it imports ``bench.common`` and this
    checkout's app wherever the benchmark was started from."""
    return os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH", "")) if p)


def run_probe(probe: str, source: Path, *, writes: bool = False) -> dict[str, Any]:
    """Run a benchmark's *probe* (Python source, given the database path as ``sys.argv[1]``) and
    return the JSON object it prints last. A probe that *writes* works on a private copy of
    *source*; one that only reads works on *source* itself, or on an upgraded private copy when
    its schema is behind (:func:`at_head_or_copy`): the shared demo is never written to. The
    probe imports this checkout first (:func:`probe_path`). The app's data folder (where a
    pre-upgrade backup goes) is temporary too. A failed probe ends the benchmark with the
    probe's error output."""
    with tempfile.TemporaryDirectory(prefix="bench-probe-") as folder:
        db = private_copy(source, Path(folder)) if writes else at_head_or_copy(source, Path(folder))
        out = subprocess.run(
            [str(BIN / "python"), "-c", probe, str(db)],
            capture_output=True,
            text=True,
            check=False,
            env={**os.environ, "BPJS_DATA_DIR": folder, "PYTHONPATH": probe_path()},
        )
    if out.returncode != 0:
        sys.stderr.write(out.stderr)
        raise SystemExit(f"the probe failed ({out.returncode})")
    result: dict[str, Any] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def median(values: list[float]) -> float:
    return round(statistics.median(values), 2)


def exit_code(report: dict[str, Any], limits: dict[str, float] | None = None) -> int:
    """0 when every figure of *report* named in *limits* is under its limit and every figure of
    *report* that has a goal (:func:`figure`, :func:`absolute`) met it, else 1 (the benchmark's
    exit status: a target missed fails the run)."""
    under = all(report[name] < limit for name, limit in (limits or {}).items())
    return 0 if under and not missed(report) else 1


def missed(report: dict[str, Any]) -> list[str]:
    """The names of the figures of *report* whose goal was not met."""
    return [name for name, f in figures_of(report).items() if f.get("met") is False]


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
        "seconds": round(seconds, 6),  # a point lookup takes some 50 µs
        "baseline": baseline,
        "baseline_seconds": round(baseline_seconds, 6),
        "ratio": round(ratio, 2),
    }
    if goal_ratio is not None:
        result["goal_ratio"] = goal_ratio
        result["met"] = ratio <= goal_ratio
    return result


def absolute(value: float, unit: str, why: str, limit: float | None = None) -> dict[str, Any]:
    """A figure with no baseline (a peak RSS: nothing bare to set it against), shown as such;
    *why* says so in the results file. With a *limit*, ``met`` says whether it stayed under."""
    result: dict[str, Any] = {"value": round(value, 1), "unit": unit, "no_baseline": why}
    if limit is not None:
        result["limit"] = limit
        result["met"] = value < limit
    return result


def figures_of(section: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The figures of a benchmark's section, by name: those with a ratio (:func:`figure`) and
    those without one (:func:`absolute`)."""
    return {
        k: v
        for k, v in section.items()
        if isinstance(v, dict) and ("ratio" in v or "no_baseline" in v)
    }


def format_figure(name: str, f: dict[str, Any]) -> str:
    if "no_baseline" in f:
        limit = ""
        if "limit" in f:
            limit = f" (limit < {f['limit']} {f['unit']}: {'met' if f.get('met') else 'NOT met'})"
        return f"{name}: {f['value']} {f['unit']} (absolute: no baseline){limit}"
    goal = ""
    if "goal_ratio" in f:  # a figure shown for comparison has no goal of its own
        goal = f" (goal ≤ {f['goal_ratio']} ×: {'met' if f.get('met') else 'NOT met'})"
    return (
        f"{name}: {_duration(f['seconds'])} = {f['ratio']:.2f} × {f['baseline']} "
        f"({_duration(f['baseline_seconds'])}){goal}"
    )


def _duration(seconds: float) -> str:
    """Seconds as they read best: 1.234 s, 12.3 ms, 0.052 ms."""
    if seconds >= 1:
        return f"{seconds:.3f} s"
    return f"{seconds * 1000:.1f} ms" if seconds >= 0.01 else f"{seconds * 1000:.3f} ms"


def ms_figure(
    times_ms: Sequence[float],
    baseline_ms: Sequence[float],
    baseline: str,
    goal_ratio: float | None = None,
    *,
    worst: bool = False,
) -> dict[str, Any]:
    """:func:`figure` of the median of *times_ms* (milliseconds), or with *worst* the slowest
    (a goal on the worst case), over the median of *baseline_ms*: the typical bare time, a
    steadier yardstick than the bare side's own slowest sample (its first, cold one, 0.4 to
    4 ms for a 0.07 ms lookup). The samples' spread is kept beside it."""
    app = max(times_ms) if worst else statistics.median(times_ms)
    result = figure(app / 1000, statistics.median(baseline_ms) / 1000, baseline, goal_ratio)
    result["of"] = f"{'slowest' if worst else 'median'} of {len(times_ms)} / median baseline"
    result["ms_min_median_max"] = [
        round(min(times_ms), 2), round(statistics.median(times_ms), 2), round(max(times_ms), 2)
    ]  # fmt: skip
    result["baseline_ms_min_median_max"] = [
        round(min(baseline_ms), 3),
        round(statistics.median(baseline_ms), 3),
        round(max(baseline_ms), 3),
    ]
    return result


# --- in a probe: waiting on the app's signals, timing its SQL bare ----------------------------
def wait_for(
    signals: Iterable[Any],
    done: Callable[[], bool],
    action: Callable[[], object] | None = None,
    timeout_ms: int = 60_000,
) -> None:
    """Run *action* (if any), then Qt's event loop until *done()* holds, woken by any of
    *signals* (never a polling loop). *done* is checked once before waiting: a result that came
    at once (during *action*) ends the wait at once. Raises TimeoutError after *timeout_ms*."""
    from PySide6.QtCore import QEventLoop, QTimer

    loop = QEventLoop()

    def check(*_args: object) -> None:
        if done():
            loop.quit()

    connected = list(signals)
    for signal in connected:
        signal.connect(check)
    try:
        if action is not None:
            action()
        if not done():
            guard = QTimer()
            guard.setSingleShot(True)
            guard.timeout.connect(loop.quit)
            guard.start(timeout_ms)
            loop.exec()
            guard.stop()
    finally:
        for signal in connected:
            signal.disconnect(check)
    if not done():
        raise TimeoutError(f"not done after {timeout_ms} ms")


def wait_signal(signal: Any, action: Callable[[], object], timeout_ms: int = 300_000) -> float:
    """Run *action* and wait (:func:`wait_for`) for the next emission of *signal*, during
    *action* or after it; return the ``perf_counter`` time it came at."""
    got: list[float] = []

    def note(*_args: object) -> None:
        got.append(time.perf_counter())

    signal.connect(note)  # before wait_for's own slot: it sees the time noted
    try:
        wait_for((signal,), lambda: bool(got), action, timeout_ms)
    finally:
        signal.disconnect(note)
    return got[0]


def wait_first_page(model: Any, action: Callable[[], object], timeout_ms: int = 60_000) -> None:
    """Run *action*, which gives the paged *model* (ui/common/tables.PagedModel) a new source,
    and wait until that source's first page is in: the model has been reset since *action*
    began and holds page 0. Works whether ``set_source`` reads the count and the first page at
    once (the reset happens inside *action*, and nothing is waited for) or on a worker thread
    (the wait ends at the reset or ``rows_loaded`` that brings them)."""
    resets: list[int] = []

    def reset() -> None:
        resets.append(1)

    def done() -> bool:
        # (a model that reads in the background says so: its rows are the new source's once it
        # is no longer loading)
        first_in = model.is_loaded(0) or model.rowCount() == 0  # (an empty list has no page)
        return bool(resets) and first_in and not getattr(model, "loading", False)

    signals = [model.modelReset, model.rows_loaded, model.rowsInserted]
    if hasattr(model, "source_loaded"):
        signals.append(model.source_loaded)
    model.modelReset.connect(reset)
    try:
        wait_for(signals, done, action, timeout_ms)
    finally:
        model.modelReset.disconnect(reset)


def shown_rows_loaded(table: Any) -> bool:
    """Whether the rows a table view shows (its first and last visible ones) have been read."""
    model = table.model()
    first = max(0, table.rowAt(0))
    last = table.rowAt(table.viewport().height() - 1)
    return bool(model.is_loaded(first) and model.is_loaded(last if last >= 0 else first))


def wait_shown_rows(table: Any, timeout_ms: int = 60_000) -> None:
    """Wait until the rows the view shows have arrived (on the model's ``rows_loaded``)."""
    wait_for((table.model().rows_loaded,), lambda: shown_rows_loaded(table), None, timeout_ms)


_READS = ("SELECT", "WITH")


def bare_connection(path: str | Path) -> sqlite3.Connection:
    """A bare, read-only ``sqlite3`` connection of *path* with the app's page cache and
    in-memory temporary tables (db/engine.py): SQLite's own settings, not the app's work, so
    both sides of a comparison run the same SQLite."""
    from bpjs_desktop.db.engine import CACHE_KIB

    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
    connection.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
    connection.execute("PRAGMA temp_store = MEMORY")
    return connection


def _in_background(frame: Any, names: tuple[str, ...]) -> bool:
    while frame is not None:
        if frame.f_code.co_name in names:
            return True
        frame = frame.f_back
    return False


class SqlLog:
    """The read statements an app's engine runs, to time the same SQL on a bare connection.

    ``with log.recording() as statements: …`` keeps every SELECT (or WITH) the engine runs
    meanwhile, from any thread, with its parameters as the driver received them; writes are
    left out (replaying them would change the file, or hold its write lock), and so is the work
    a list starts behind it and nobody waits for (*background*: statements run from a function
    of that name, by default the jump keys' pass, ``KeysetList.anchors``). :meth:`bare_ms` runs
    them again on :func:`bare_connection`: the floor of that SQL with no SQLAlchemy, no Python
    row objects, no Qt. Recording costs a list append (and a look up the call stack) per
    statement.
    """

    def __init__(self, engine: Any, path: str, background: tuple[str, ...] = ("anchors",)) -> None:
        from sqlalchemy import event

        self._statements: list[tuple[str, Any]] | None = None
        self.background = background
        self.bare = bare_connection(path)
        event.listen(engine, "before_cursor_execute", self._seen)

    def _seen(self, _conn: Any, _cursor: Any, statement: str, parameters: Any, *_: Any) -> None:
        if self._statements is None or not statement.lstrip().upper().startswith(_READS):
            return
        if not _in_background(sys._getframe(), self.background):
            self._statements.append((statement, parameters))

    def recording(self) -> _Recording:
        return _Recording(self)

    def bare_ms(self, statements: Sequence[tuple[str, Any]]) -> float:
        """Milliseconds to run *statements* on the bare connection, every row fetched."""
        started = time.perf_counter()
        for statement, parameters in statements:
            self.bare.execute(statement, parameters or ()).fetchall()
        return (time.perf_counter() - started) * 1000


class _Recording:
    def __init__(self, log: SqlLog) -> None:
        self.log = log
        self.statements: list[tuple[str, Any]] = []

    def __enter__(self) -> list[tuple[str, Any]]:
        self.log._statements = self.statements
        return self.statements

    def __exit__(self, *_exc: object) -> None:
        self.log._statements = None


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
