"""The monthly workbook of April 2018 on the full regional data set (issue #14): at most twice
the time XlsxWriter alone takes to write the same cells.

Works on a *copy* of the scale-1 demo (an export writes an audit event). In a fresh process, after
the imports: ``reports.export_monthly`` three times (the month's figures read and the workbook
written, as the menu and ``bpjs-desktop export monthly`` do), then the baseline: the cells of the
workbook just written (read back with openpyxl, not timed) written again by XlsxWriter alone, one
``write`` per cell, no formats, three times. Each is the median of its three.

The command line's whole run (interpreter start, imports, opening the database) is reported
beside it, for information.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from bench.common import BIN, ensure_full_demo, figure, private_copy, run_measured, save

PROBE = r"""
import json, statistics, sys, time
from pathlib import Path
import xlsxwriter  # both sides of the comparison start with it imported
import openpyxl
from bpjs_desktop.db.engine import sqlite_url
from bpjs_desktop.db.migrate import open_database
from bpjs_desktop.domain.periods import Period
from bpjs_desktop.services import reports
from bpjs_desktop.services.context import Actor

db = open_database(sqlite_url(sys.argv[1]))
folder = Path(sys.argv[2])
actor = Actor.command_line()
runs = []
for i in range(3):
    out = folder / f"april-{i}.xlsx"
    t = time.perf_counter()
    summary = reports.export_monthly(db, actor, Period(2018, 4), out)
    runs.append(time.perf_counter() - t)

book = openpyxl.load_workbook(folder / "april-0.xlsx")
sheets = [
    (ws.title, [(c.row - 1, c.column - 1, c.value) for row in ws.iter_rows() for c in row
                if c.value is not None])
    for ws in book.worksheets
]
cells = sum(len(s[1]) for s in sheets)
bare = []
for i in range(3):
    t = time.perf_counter()
    workbook = xlsxwriter.Workbook(str(folder / f"bare-{i}.xlsx"))
    for title, values in sheets:
        sheet = workbook.add_worksheet(title)
        for row, col, value in values:
            sheet.write(row, col, value)
    workbook.close()
    bare.append(time.perf_counter() - t)
print(json.dumps({"export_s": runs, "bare_s": bare, "cells": cells, "sheets": len(sheets),
                  "workers": summary.total.workers_total}))
"""


def main() -> int:
    source = ensure_full_demo()
    with tempfile.TemporaryDirectory(prefix="bench-export-", dir=source.parent) as tmp:
        folder = Path(tmp)
        db = private_copy(source, folder)
        env = {**os.environ, "BPJS_DATA_DIR": str(folder / "app-data")}
        # Once through the command line first: it also brings the copy up to the current schema.
        cli_seconds, peak_mb, _result = run_measured(
            [str(BIN / "bpjs-desktop"), "export", "monthly", "--month", "2018-04",
             "--out", str(folder / "cli.xlsx"), "--db", str(db)],
            env=env,
        )  # fmt: skip
        out = subprocess.run(
            [str(BIN / "python"), "-c", PROBE, str(db), str(folder)],
            capture_output=True,
            text=True,
            check=True,
            env=env,
        )
    raw = json.loads(out.stdout.strip().splitlines()[-1])
    export_s = statistics.median(raw["export_s"])
    bare_s = statistics.median(raw["bare_s"])
    report = {
        "monthly_export": figure(
            export_s, bare_s, "writing the same cells with XlsxWriter alone", 2
        ),
        "export_seconds_all": [round(s, 3) for s in raw["export_s"]],
        "cells": raw["cells"],
        "sheets": raw["sheets"],
        "workers_total": raw["workers"],
        "cli_seconds_whole_process": round(cli_seconds, 2),
        "cli_peak_rss_mb": round(peak_mb),
    }
    print(save("export", report))
    return 0 if export_s <= 2 * bare_s else 1


if __name__ == "__main__":
    sys.exit(main())
