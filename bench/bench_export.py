"""``export monthly --month 2018-04`` on the full regional data set: target under 5 seconds."""

from __future__ import annotations

import statistics
import sys
import tempfile
from pathlib import Path

from bench.common import BIN, ensure_full_demo, run_measured, save


def main() -> int:
    db = ensure_full_demo()
    runs = []
    with tempfile.TemporaryDirectory() as tmp:
        for i in range(3):
            out = Path(tmp) / f"april-{i}.xlsx"
            seconds, peak_mb, _result = run_measured(
                [
                    str(BIN / "bpjs-desktop"),
                    "export",
                    "monthly",
                    "--month",
                    "2018-04",
                    "--out",
                    str(out),
                    "--db",
                    str(db),
                ]
            )
            runs.append((seconds, peak_mb))
    median = statistics.median(s for s, _m in runs)
    report = {
        "export_seconds_median_of_3": round(median, 2),
        "export_seconds_all": [round(s, 2) for s, _m in runs],
        "peak_rss_mb": round(max(m for _s, m in runs)),
        "target_seconds": 5,
    }
    print(save("export", report))
    print(report)
    return 0 if median < 5 else 1


if __name__ == "__main__":
    sys.exit(main())
