"""Run every benchmark; results land in bench/results/*.json (not committed)."""

from __future__ import annotations

import sys

from bench import bench_demo, bench_export, bench_import, bench_startup


def main() -> int:
    failures = 0
    for module in (bench_demo, bench_export, bench_import, bench_startup):
        print(f"== {module.__name__}")
        failures += module.main() != 0
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
