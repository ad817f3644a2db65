"""Run every benchmark; results land in bench/results/*.json (not committed)."""

from __future__ import annotations

import sys

from bench import (
    bench_arrears,
    bench_claims,
    bench_dashboard,
    bench_demo,
    bench_directory,
    bench_export,
    bench_import,
    bench_startup,
)


def main() -> int:
    failures = 0
    # bench_demo first: it times generating the scale-1 data the others then read.
    modules = (
        bench_demo, bench_export, bench_startup, bench_directory, bench_import, bench_claims,
        bench_arrears, bench_dashboard,
    )  # fmt: skip
    for module in modules:
        print(f"== {module.__name__}")
        failures += module.main() != 0
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
