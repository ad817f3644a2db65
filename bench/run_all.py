"""Run every benchmark (``make bench``): every ``bench/bench_*.py`` module, found by name, so a new
one joins without being listed here. All of them write their section to ONE JSON file (``--out``,
default var/bench.json, not committed); the figures are printed at the end, each with its
baseline and ratio.

Each benchmark runs in a process of its own. On Linux a child's peak RSS (``ru_maxrss``) starts
from its parent's at the fork, so benchmarks run one after another inside one large process would
all report that process's peak instead of their own.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

from bench.common import DEFAULT_OUT, ensure_full_demo, figures_of, format_figure, machine

HERE = Path(__file__).resolve().parent
FIRST = ("bench_demo",)  # it times generating the scale-1 data the others then read


def discover() -> list[str]:
    names = sorted(p.stem for p in HERE.glob("bench_*.py"))
    return [n for n in FIRST if n in names] + [n for n in names if n not in FIRST]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.run_all", description=__doc__)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="the results file (JSON)")
    parser.add_argument(
        "--only", default="", help="comma-separated names (startup,export…) to run only those"
    )
    args = parser.parse_args(argv)
    out = args.out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps({"machine": machine(), "started": time.ctime()}, indent=2))
    modules = discover()
    if args.only:
        wanted = {f"bench_{n.strip().removeprefix('bench_')}" for n in args.only.split(",")}
        modules = [m for m in modules if m in wanted]
    ensure_full_demo()  # once, before any benchmark needs it
    env = {**os.environ, "BENCH_OUT": str(out)}
    failures = []
    for name in modules:
        print(f"== bench.{name}", flush=True)
        started = time.perf_counter()
        code = subprocess.run([sys.executable, "-m", f"bench.{name}"], env=env).returncode
        print(f"== bench.{name}: exit {code} after {time.perf_counter() - started:.0f} s")
        if code != 0:
            failures.append(name)
    data = json.loads(out.read_text(encoding="utf-8"))
    print(f"\n== figures (all in {out})")
    for section, values in data.items():
        if isinstance(values, dict):
            for key, value in figures_of(values).items():
                print(format_figure(f"{section}.{key}", value))
    if failures:
        print("== missed their targets or failed: " + ", ".join(failures))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
