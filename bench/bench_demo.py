"""``demo --scale 1``: time and peak memory, beside a bare sqlite3 insert of as many rows.

Target (issue #2): under 3 minutes and under 2 GB on the 2-core machine.
"""

from __future__ import annotations

import sqlite3
import sys
import tempfile
import time
from pathlib import Path

from bench.common import BIN, run_measured, save


def bare_insert(rows: int, path: Path) -> float:
    """The floor: raw executemany of *rows* person-shaped tuples with a unique random-ish key,
    one transaction, the same pragmas the generator uses (no Python-side generation logic)."""
    connection = sqlite3.connect(path, isolation_level=None)
    for pragma in ("journal_mode = OFF", "synchronous = OFF", "cache_size = -400000"):
        connection.execute(f"PRAGMA {pragma}")
    connection.execute(
        "CREATE TABLE t (id INTEGER PRIMARY KEY, nik TEXT UNIQUE, name TEXT, place TEXT, born TEXT,"
        " sex TEXT, mother TEXT, regency TEXT, phone TEXT, created TEXT)"
    )
    started = time.perf_counter()
    connection.execute("BEGIN")
    batch: list[tuple[object, ...]] = []
    for i in range(rows):
        batch.append((i + 1, f"35{(i * 2654435761) % 10**14:014d}", "BUDI SANTOSO", "SURABAYA",
                      "1990-05-15", "L", "SITI AMINAH", "3578", "081234567890", "2018-04-30"))  # fmt: skip
        if len(batch) == 20_000:
            connection.executemany("INSERT INTO t VALUES (?,?,?,?,?,?,?,?,?,?)", batch)
            batch.clear()
    connection.executemany("INSERT INTO t VALUES (?,?,?,?,?,?,?,?,?,?)", batch)
    connection.execute("COMMIT")
    seconds = time.perf_counter() - started
    connection.close()
    return seconds


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        target = Path(tmp) / "demo.sqlite"
        seconds, peak_mb, result = run_measured(
            [str(BIN / "bpjs-desktop"), "demo", "--db", str(target), "--scale", "1"]
        )
        rows = int("".join(ch for ch in result.stdout.split("(")[1].split(" ")[0] if ch.isdigit()))
        size_mb = target.stat().st_size / 2**20
        baseline = bare_insert(rows, Path(tmp) / "bare.sqlite")
    report = {
        "demo_seconds": round(seconds, 1),
        "demo_peak_rss_mb": round(peak_mb),
        "rows": rows,
        "database_mb": round(size_mb),
        "bare_sqlite3_insert_seconds": round(baseline, 1),
        "ratio_to_bare_insert": round(seconds / baseline, 2),
        "targets": {"seconds": 180, "peak_rss_mb": 2048},
    }
    print(save("demo", report))
    print(report)
    return 0 if seconds < 180 and peak_mb < 2048 else 1


if __name__ == "__main__":
    sys.exit(main())
