"""The arrears follow-up on the full regional data set (issue #5), every time beside the same
SQL run on a bare ``sqlite3`` connection in the same run.

Works on a private copy of the scale-1 demo (the shared file is never written to; opening the
copy brings it up to this checkout's schema, before anything is timed). A fresh process
measures, cold, what a user waits for:

- the worklist of the whole region (the regional head's list: every officer's cases due today
  or overdue) opening in the page: built, counted, totalled, its first page read, painted;
- the same query read again, warm (count, totals, first page), without the page;
- every open case, and one bucket, in the page;
- three sorts and the last page of the query; opening the largest case (what is owed, the
  timeline, the statement);
- the year's target progress per office and per officer; the PDS check of a month.

The baseline of each is **the SQL the app ran for it**: every SELECT the app's engine executed
meanwhile (from any thread: ``bench.common.SqlLog``), run again, with the same parameters, on a
bare read-only ``sqlite3`` connection of the same file, every row fetched. That is the floor of
the same page's queries with no SQLAlchemy, no row objects, no Qt: the ratio is what the app
adds to its own SQL. (It cannot show a slow query plan: the bare side runs the same plan. The
worklist's SQL is judged on its own in the dashboard's and list benchmarks' floors.) The replay
runs right after the app, so the operating system's file cache is warm for it: a bias in the
baseline's favour, i.e. against the app.

Goal (the issue's "the whole region's worklist opens in under 1 second", restated on the
ratio): the worklist page opens within ``OPEN_GOAL`` × its SQL run bare. The page adds building
its widgets (filters, officers, buckets), the rows' objects and a paint to its queries. 8 × is
the old 1 s at the 100–170 ms its SQL takes bare here: a restatement, not a tighter goal;
measured: 2.8–4.3 ×. The other figures are shown for comparison, without goals (they had none).
Peak RSS is absolute (no bare counterpart).

The probe waits on the model's signals (``bench.common.wait_first_page``), never by polling:
``set_source`` may read the first page at once or on a worker thread.
"""

from __future__ import annotations

import sys

from bench.common import absolute, ensure_full_demo, exit_code, ms_figure, run_probe, save

OPEN_GOAL = 8

PROBE = r"""
import json, os, resource, sys, time
os.environ["QT_QPA_PLATFORM"] = "offscreen"
from bpjs_desktop.app import make_application
app = make_application()
from bench.common import SqlLog, wait_first_page
from bpjs_desktop.db.engine import sqlite_url
from bpjs_desktop.db.migrate import open_database
from bpjs_desktop.domain.periods import Period
from bpjs_desktop.services import auth
from bpjs_desktop.services.arrears_worklist import WorklistFilter, WorklistQuery, target_progress
from bpjs_desktop.services.pds import pds_findings
from bpjs_desktop.services.workstation import SignedIn
from bpjs_desktop.ui.arrears.arrears_page import ArrearsWorklistPage
from bpjs_desktop.ui.arrears.arrears_case import ArrearsCasePage

path = sys.argv[1]
db = open_database(sqlite_url(path))
log = SqlLog(db.engine, path)
actor = auth.authenticate(db, "admin", "bpjs-demo")
session = SignedIn(db, actor, auth.office_name(db, actor))
result = {}
kept = {}

def measured(name, action):
    # The app's time for *action*, then its SQL run bare (both in ms), and how many statements.
    with log.recording() as statements:
        t = time.perf_counter()
        kept[name] = action()
        app_ms = (time.perf_counter() - t) * 1000
    result[name] = [[app_ms], [log.bare_ms(statements)], len(statements)]
    return kept[name]

def painted(page):
    app.processEvents()
    page.table.viewport().repaint()
    return page

def open_worklist():
    # The page as the regional head opens it: built, counted, first page read and painted.
    page = ArrearsWorklistPage(session)
    page.resize(1110, 740)
    page.show()
    wait_first_page(page.model, page.apply_filters)
    return painted(page)

page = measured("worklist_page_open", open_worklist)
result["worklist_rows"] = page.model.rowCount()
result["worklist_pages_read"] = page.model.pages_read

def warm_query():
    query = WorklistQuery(db, actor, WorklistFilter())
    return query, query.count(), query.totals(), query.page(0, 200)

query, count, _totals, first = measured("worklist_query_warm", warm_query)
measured("open_cases_page", lambda: (wait_first_page(page.model, lambda: page.due_check.setChecked(False)), painted(page)))
result["open_cases_rows"] = page.model.rowCount()
macet = page.bucket_combo.findData("Macet")
measured("bucket_macet", lambda: (wait_first_page(page.model, lambda: page.bucket_combo.setCurrentIndex(macet)), painted(page)))
result["bucket_macet_rows"] = page.model.rowCount()
measured("three_sorts", lambda: [query.page(0, 200, sort, False) for sort in ("age", "next", "name")])
measured("last_page", lambda: query.page(max(0, count - 200), 200))

def open_case():
    case_page = ArrearsCasePage(session)
    case_page.resize(1110, 740); case_page.show()
    case_page.show_case(first[0].case_id)
    app.processEvents()
    return case_page

measured("case_open", open_case)
progress = measured("targets_by_office", lambda: target_progress(db, 2018))
result["targets_total"] = progress.total.target
result["targets_paid_april"] = progress.total.paid_by(4)
measured("targets_by_officer", lambda: target_progress(db, 2018, by_officer=True))
report = measured("pds_region", lambda: pds_findings(db, Period(2018, 4)))
result["pds_rows"] = len(report.rows)
result["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps(result))
"""

TIMED = (
    "worklist_page_open",
    "worklist_query_warm",
    "open_cases_page",
    "bucket_macet",
    "three_sorts",
    "last_page",
    "case_open",
    "targets_by_office",
    "targets_by_officer",
    "pds_region",
)


def main() -> int:
    raw = run_probe(PROBE, ensure_full_demo(), writes=True)  # never writes to the shared file
    report: dict[str, object] = {}
    for name in TIMED:
        app_ms, bare_ms, statements = raw[name]
        goal = OPEN_GOAL if name == "worklist_page_open" else None
        report[name] = {
            **ms_figure(app_ms, bare_ms, f"its {statements} SELECTs run on a bare sqlite3", goal),
            "statements": statements,
        }
    report.update({k: v for k, v in raw.items() if k not in TIMED and k != "peak_rss_mb"})
    report["peak_rss"] = absolute(raw["peak_rss_mb"], "MB", "a peak RSS has no bare counterpart")
    print(save("arrears", report))
    return exit_code(report)


if __name__ == "__main__":
    sys.exit(main())
