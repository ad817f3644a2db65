"""Run every benchmark; results land in bench/results/*.json (not committed).

Each benchmark runs in a process of its own. On Linux a child's peak RSS (``ru_maxrss``) starts
from its parent's at the fork, so benchmarks run one after another inside one large process would
all report that process's peak instead of their own.
"""

from __future__ import annotations

import subprocess
import sys

MODULES = (
    "bench_demo",  # first: it times generating the scale-1 data the others then read
    "bench_export",
    "bench_startup",
    "bench_directory",
    "bench_import",
    "bench_claims",
    "bench_arrears",
    "bench_dashboard",
)


def main() -> int:
    failures = 0
    for name in MODULES:
        print(f"== bench.{name}", flush=True)
        failures += subprocess.run([sys.executable, "-m", f"bench.{name}"]).returncode != 0
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
