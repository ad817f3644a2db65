"""The head of office's dashboard on the full regional data set (issue #6 targets): the region's
dashboard draws in under 1 s; switching office or month redraws in under 300 ms.

Works on a *copy* of the scale-1 demo (the facts are written into it; the shared file is never
written). Measured in a fresh process each:

1. ``rebuild_facts(db, 2018)``: what the demo generator runs at its end (December 2017 to April
   2018, every office), against its floor: one GROUP BY pass over the rows it reads, in bare
   sqlite3 (:data:`BASELINE_QUERIES`). Fair to both sides: each pass reads the values the
   figures depend on; the claims pass therefore reads the paid claims' type and submission and
   complete-documents days (the service-level figures need them, and the covering index of
   paid claims does not hold them: until issue #14 the pass read that index alone, a floor no
   computation of those figures could reach). The memberships' start and end days are in the
   index the memberships pass reads;
2. the region's dashboard: from building the page (latest month, the year's facts, the series) to
   the first drawing and a paint of the visible chart;
3. switching office (every office in turn) and month (January to April), each to its redraw and
   paint;
4. the same first drawing when the facts are stale (a record written since): the page draws what
   it has at once, and the background refresh of the open months takes the time reported.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.common import BIN, ensure_full_demo, exit_code, figure, probe_path, save

PROBE = r"""
import json, os, resource, sys, time
os.environ["QT_QPA_PLATFORM"] = "offscreen"
os.environ.setdefault("PYQTGRAPH_QT_LIB", "PySide6")
started = time.perf_counter()
from PySide6.QtWidgets import QApplication
app = QApplication([])
from bpjs_desktop.db.engine import sqlite_url
from bpjs_desktop.db.migrate import open_database
from bpjs_desktop.domain.periods import Period
from bpjs_desktop.services import auth, facts, reports
from bpjs_desktop.services.workstation import SignedIn
from bpjs_desktop.ui.dashboard.dashboard_page import DashboardPage
imported = time.perf_counter()
db = open_database(sqlite_url(sys.argv[1]))
mode = sys.argv[2]
result = {"import_s": imported - started}
if mode == "rebuild":
    t, cpu = time.perf_counter(), time.process_time()
    report = facts.rebuild_facts(db, 2018)
    result["rebuild_s"] = time.perf_counter() - t
    result["rebuild_cpu_s"] = time.process_time() - cpu
    result["rows"] = report.rows
    print(json.dumps(result)); sys.exit(0)
actor = auth.authenticate(db, "admin", "bpjs-demo")
session = SignedIn(db, actor, auth.office_name(db, actor))
from bench.common import wait_signal as wait_for  # in an event loop, on the signal: no polling

t0 = time.perf_counter()
page = DashboardPage(session, refresh_stale=(mode == "stale"))
page.resize(1280, 860)
def start():
    page.show()
    page.refresh()
wait_for(page.dashboard_loaded, start)
page.tabs.currentWidget().grab()  # the first chart painted
result["first_draw_s"] = time.perf_counter() - t0
result["fresh"] = page.board.fresh
if mode == "stale":
    t = time.perf_counter()
    result["background_refresh_s"] = wait_for(page.facts_refreshed, lambda: None) - t
    print(json.dumps(result)); sys.exit(0)

def timed(action):
    t = time.perf_counter()
    wait_for(page.dashboard_loaded, action)
    page.tabs.currentWidget().grab()
    return time.perf_counter() - t

offices = [page.office_combo.itemData(i) for i in range(page.office_combo.count())]
result["switch_office_s"] = [timed(lambda c=c: page.select(office_code=c)) for c in offices[1:] + offices[:1]]
result["switch_month_s"] = [timed(lambda m=m: page.select(period=Period(2018, m))) for m in (3, 2, 1, 4)]
tabs = []
for i in range(page.tabs.count()):
    t = time.perf_counter(); page.tabs.setCurrentIndex(i); page.tabs.currentWidget().grab(); tabs.append(time.perf_counter() - t)
result["tab_paint_s"] = tabs
result["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps(result))
"""


def probe(db: Path, mode: str) -> dict[str, object]:
    out = subprocess.run(
        [str(BIN / "python"), "-c", PROBE, str(db), mode],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "PYTHONPATH": probe_path()},
    )
    return json.loads(out.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


# The floor of the rebuild: one GROUP BY pass over each table the 2018 facts read (December 2017
# to April 2018, the year-to-date figures from January 2017), the rows they read, in bare sqlite3,
# each reading the values the figures depend on (see the module's docstring).
BASELINE_QUERIES = (
    "SELECT office_id, segment, count(*) FROM membership GROUP BY office_id, segment",
    "SELECT office_id, count(*) FROM employer GROUP BY office_id",
    "SELECT office_id, count(*) FROM agent GROUP BY office_id",
    "SELECT office_id, programme, claim_type, count(*), sum(amount), max(submitted_on),"
    " max(docs_complete_on) FROM claim WHERE paid_on BETWEEN '2017-01-01' AND '2018-04-30'"
    " GROUP BY office_id, programme, claim_type",
    "SELECT office_id, count(*), sum(collected) FROM arrears_case"
    " WHERE target_year IN (2017, 2018) GROUP BY office_id",
    "SELECT office_id, sum(amount) FROM contribution_bill"
    " WHERE period BETWEEN '2017-12' AND '2018-04' GROUP BY office_id",
    "SELECT office_id, sum(amount) FROM payment"
    " WHERE paid_on BETWEEN '2017-01-01' AND '2018-04-30' GROUP BY office_id",
)


def group_by_baseline(db: Path) -> tuple[float, float]:
    """(wall, CPU) seconds for :data:`BASELINE_QUERIES`."""
    connection = sqlite3.connect(db)
    started, cpu = time.perf_counter(), time.process_time()
    for query in BASELINE_QUERIES:
        connection.execute(query).fetchall()
    result = time.perf_counter() - started, time.process_time() - cpu
    connection.close()
    return result


def main() -> int:
    source = ensure_full_demo()
    with tempfile.TemporaryDirectory(dir=source.parent) as tmp:
        db = Path(tmp) / "dashboard.sqlite"
        started = time.perf_counter()
        shutil.copyfile(source, db)
        copy_s = time.perf_counter() - started
        # Interleaved, three of each, the best of each taken: a busy moment of a shared machine
        # then slows one run of each, not all runs of one side.
        baselines, rebuilds = [], []
        for _ in range(3):
            baselines.append(group_by_baseline(db))
            rebuilds.append(probe(db, "rebuild"))
        baseline = min(b[0] for b in baselines)
        rebuild = min(rebuilds, key=lambda r: float(r["rebuild_s"]))  # type: ignore[arg-type]
        draws = [probe(db, "draw") for _ in range(3)]
        # A record written after the facts: the page draws the facts it has, refreshes behind.
        subprocess.run(
            [str(BIN / "python"), "-c",
             "import sys\nfrom bpjs_desktop.db.engine import sqlite_url\n"
             "from bpjs_desktop.db.migrate import open_database\n"
             "from bpjs_desktop.services import audit\n"
             "from bpjs_desktop.services.context import Actor\n"
             "db = open_database(sqlite_url(sys.argv[1]))\n"
             "with db.write() as s: audit.record(s, Actor.command_line(), 'worker.register', 'bench', '')\n",
             str(db)],
            check=True,
        )  # fmt: skip
        stale = probe(db, "stale")
    switches_office = [s for d in draws for s in d["switch_office_s"]]  # type: ignore[union-attr]
    switches_month = [s for d in draws for s in d["switch_month_s"]]  # type: ignore[union-attr]
    first = [float(d["first_draw_s"]) for d in draws]  # type: ignore[arg-type]
    report = {
        "copy_scale1_s": round(copy_s, 1),
        "facts_rebuild_2018": figure(
            float(rebuild["rebuild_s"]),  # type: ignore[arg-type]
            baseline,
            "one GROUP BY pass over the same rows in bare sqlite3",
            2,
        ),
        "rebuild_facts_2018_s_all": [round(float(r["rebuild_s"]), 2) for r in rebuilds],  # type: ignore[arg-type]
        "baseline_s_all": [round(b[0], 2) for b in baselines],
        # The same comparison in CPU seconds of the one process each (steadier on a busy box).
        "facts_rebuild_2018_cpu": figure(
            min(float(r["rebuild_cpu_s"]) for r in rebuilds),  # type: ignore[arg-type]
            min(b[1] for b in baselines),
            "CPU of one GROUP BY pass over the same rows in bare sqlite3",
            2,
        ),
        "fact_rows": rebuild["rows"],
        "region_first_draw_s_median_of_3": round(statistics.median(first), 3),
        "region_first_draw_s_all": [round(f, 3) for f in first],
        "imports_s_median": round(statistics.median(float(d["import_s"]) for d in draws), 3),  # type: ignore[arg-type]
        "switch_office_ms_median": round(1000 * statistics.median(switches_office), 1),
        "switch_office_ms_max": round(1000 * max(switches_office), 1),
        "switch_month_ms_median": round(1000 * statistics.median(switches_month), 1),
        "switch_month_ms_max": round(1000 * max(switches_month), 1),
        "stale_first_draw_s": round(float(stale["first_draw_s"]), 3),  # type: ignore[arg-type]
        "stale_background_refresh_s": round(float(stale["background_refresh_s"]), 2),  # type: ignore[arg-type]
        "peak_rss_mb": round(max(float(d["peak_rss_mb"]) for d in draws)),  # type: ignore[arg-type]
        "targets": {"region_first_draw_s": 1.0, "switch_ms": 300},
    }
    print(save("dashboard", report))
    return exit_code(
        report,
        {
            "region_first_draw_s_median_of_3": 1.0,
            "switch_office_ms_max": 300,
            "switch_month_ms_max": 300,
        },
    )


if __name__ == "__main__":
    sys.exit(main())
