"""The arrears follow-up on the full regional data set (issue #5): the whole region's worklist
opens in under 1 second.

Works on a private copy of ``bench/data/jatim-scale-1.sqlite`` (never written to): the copy is
brought up to the current schema, then a fresh process measures, cold, what a user waits for:

- the worklist of the whole region (the regional head's list: every officer's cases due today
  or overdue) opening in the page: count, totals, the first page, painted;
- the same for every open case, and for one bucket;
- opening the largest case (what is owed, the timeline, the statement);
- the year's target progress per office and per officer; the PDS check of a month.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.common import BIN, ensure_full_demo, private_copy, save

PROBE = r"""
import json, os, resource, sys, time
os.environ["QT_QPA_PLATFORM"] = "offscreen"
t0 = time.perf_counter()
from bpjs_desktop.app import make_application
app = make_application()
from bpjs_desktop.db.engine import sqlite_url
from bpjs_desktop.db.migrate import open_database
from bpjs_desktop.domain.periods import Period
from bpjs_desktop.services import arrears, auth, contributions
from bpjs_desktop.services.arrears_worklist import WorklistFilter, WorklistQuery, target_progress
from bpjs_desktop.services.pds import pds_findings
from bpjs_desktop.services.workstation import SignedIn
from bpjs_desktop.ui.arrears.arrears_page import ArrearsWorklistPage
from bpjs_desktop.ui.arrears.arrears_case import ArrearsCasePage

db = open_database(sqlite_url(sys.argv[1]))
actor = auth.authenticate(db, "admin", "bpjs-demo")
session = SignedIn(db, actor, auth.office_name(db, actor))
result = {}

def loaded(model):
    # The list is counted, its first page and totals read in the background (ui/common/tables.py).
    from PySide6.QtCore import QEventLoop
    while model.loading:
        app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents | QEventLoop.ProcessEventsFlag.WaitForMoreEvents)
    app.processEvents()

def ms(start):
    return round((time.perf_counter() - start) * 1000, 1)

# The page as the regional head opens it: built, counted, first page read and painted.
started = time.perf_counter()
page = ArrearsWorklistPage(session)
page.resize(1110, 740)
page.show()
page.apply_filters()
loaded(page.model)
page.table.viewport().repaint()
result["worklist_page_open_ms"] = ms(started)
result["worklist_rows"] = page.model.rowCount()
result["worklist_pages_read"] = page.model.pages_read

started = time.perf_counter()
query = WorklistQuery(db, actor, WorklistFilter())
count = query.count(); totals = query.totals(); first = query.page(0, 200)
result["worklist_query_warm_ms"] = ms(started)

started = time.perf_counter()
page.due_check.setChecked(False)   # every open case
loaded(page.model); page.table.viewport().repaint()
result["open_cases_page_ms"] = ms(started)
result["open_cases_rows"] = page.model.rowCount()

started = time.perf_counter()
page.bucket_combo.setCurrentIndex(page.bucket_combo.findData("Macet"))
loaded(page.model); page.table.viewport().repaint()
result["bucket_macet_ms"] = ms(started)
result["bucket_macet_rows"] = page.model.rowCount()

started = time.perf_counter()
for sort in ("age", "next", "name"):
    query.page(0, 200, sort, False)
result["three_sorts_ms"] = ms(started)

started = time.perf_counter()
deep = query.page(max(0, count - 200), 200)
result["last_page_ms"] = ms(started)

case_id = first[0].case_id
started = time.perf_counter()
case_page = ArrearsCasePage(session)
case_page.resize(1110, 740); case_page.show()
case_page.show_case(case_id)
app.processEvents()
result["case_open_ms"] = ms(started)

started = time.perf_counter()
progress = target_progress(db, 2018)
result["targets_by_office_ms"] = ms(started)
result["targets_total"] = progress.total.target
result["targets_paid_april"] = progress.total.paid_by(4)
started = time.perf_counter()
target_progress(db, 2018, by_officer=True)
result["targets_by_officer_ms"] = ms(started)

started = time.perf_counter()
report = pds_findings(db, Period(2018, 4))
result["pds_region_ms"] = ms(started)
result["pds_rows"] = len(report.rows)
result["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
print(json.dumps(result))
"""


def migrated_copy(source: Path, folder: Path) -> Path:
    """Copy the demo (and its WAL, if any) so that nothing touches the original; migrate it."""
    target = private_copy(source, folder)
    from bpjs_desktop.db.engine import sqlite_url
    from bpjs_desktop.db.migrate import open_database

    started = time.perf_counter()
    db = open_database(sqlite_url(target), backup_dir=folder / "backup")
    db.dispose()
    shutil.rmtree(folder / "backup", ignore_errors=True)
    print(f"copied and migrated in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    return target


def main() -> int:
    source = ensure_full_demo()
    with tempfile.TemporaryDirectory(prefix="bench-arrears-") as tmp:
        folder = Path(tmp)
        db = migrated_copy(source, folder)
        out = subprocess.run(
            [str(BIN / "python"), "-c", PROBE, str(db)],
            capture_output=True,
            text=True,
            check=True,
            env={"BPJS_DATA_DIR": str(folder / "app-data"), "PATH": "/usr/bin:/bin"},
        )
    raw = json.loads(out.stdout.strip().splitlines()[-1])
    report = {**raw, "targets": {"worklist_page_open_ms": 1000}}
    print(save("arrears", report))
    print(json.dumps(report, indent=2))
    return 0 if raw["worklist_page_open_ms"] < 1000 else 1


if __name__ == "__main__":
    sys.exit(main())
