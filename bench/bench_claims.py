"""The claims desk on the full regional data set (issue #4), every time beside the same SQL run
on a bare ``sqlite3`` connection in the same run.

Works on a *copy* of the scale-1 demo (the copy is migrated to the current schema; the original
is never written to). Measured in one fresh process: the claims worklist of the region opening
(built, counted, first page read, painted), five office switches, every state at once, 50
scroll jumps, the four SLA colours as queries, and for 40 claims or leavers the eligibility
check, the amount and the claim's view.

The baseline of each sample is **the SQL the app ran for it** (``bench.common.SqlLog``): every
SELECT its engine executed meanwhile, from any thread (not the jump keys' pass a list starts
behind it and nobody waits for), run again with the same parameters on a bare read-only
connection with the app's cache settings, every row fetched. The ratio is what the app adds to
its own SQL (SQLAlchemy, row objects, the rules, Qt); a slow query plan shows in both sides
alike. The figures are medians; a goal on the worst case sets the slowest sample against the
median baseline.

Goals: the issue's targets ("the worklist opens in under 500 ms; a claim's eligibility check
and amount take under 100 ms"), restated on the ratio at the baselines measured here; they are
the old targets in other units, not tighter ones:

- worklist open (median of 1): ≤ ``OPEN_GOAL`` ×: its SQL takes 6–13 ms bare, the page about
  200–350 ms, mostly building its widgets; 50 × is 500 ms at 10 ms (measured: 26–33 ×);
- every state at once: ≤ ``ALL_STATES_GOAL`` × (500 ms at the 23 ms its SQL takes bare;
  measured: about 6 ×);
- eligibility check and amount, the slowest of 40 against the median bare: ≤ ``CHECK_GOAL`` ×:
  their SQL takes about 0.2 ms bare (a few indexed lookups), the service 3–30 ms; 500 × is
  100 ms at 0.2 ms (measured: 70–140 ×).

Peak RSS is absolute (no bare counterpart). The waits are on the model's signals
(``bench.common.wait_first_page``, ``wait_shown_rows``), never a polling loop: ``set_source``
may read the first page at once or on a worker thread.

An error the app would show in a message box (a page that cannot be read) ends the probe with
that message instead: offscreen, nobody closes the box, and the bench used to wait for ever (a
paid claim of 2013, older than the service-level rules, made every read of its page fail).
"""

from __future__ import annotations

import sys

from bench.common import absolute, ensure_full_demo, exit_code, ms_figure, run_probe, save

OPEN_GOAL = 50
ALL_STATES_GOAL = 20
CHECK_GOAL = 500
# (name, goal ratio or None, the goal on the slowest sample rather than the median)
TIMED = (
    ("worklist_open", OPEN_GOAL, False),
    ("worklist_office", None, True),
    ("worklist_all_states", ALL_STATES_GOAL, False),
    ("scroll_jump", None, False),
    ("colour_filter", None, True),
    ("check", CHECK_GOAL, True),
    ("amount", CHECK_GOAL, True),
    ("claim_view", None, False),
)

PROBE = r"""
import json, os, random, resource, sys, time
os.environ["QT_QPA_PLATFORM"] = "offscreen"
from bpjs_desktop.app import make_application
app = make_application()
from datetime import date
from bench.common import SqlLog, wait_first_page, wait_shown_rows
from sqlalchemy import text
from bpjs_desktop.db.engine import sqlite_url
from bpjs_desktop.db.migrate import open_database
from bpjs_desktop.domain.claims import ClaimType
from bpjs_desktop.domain.service_level import SlaColour
from bpjs_desktop.services import auth, claims
from bpjs_desktop.services.claims import ClaimFilter, ClaimInput, ClaimQuery
from bpjs_desktop.services.workstation import SignedIn
from bpjs_desktop.ui.claims.claims_page import ClaimsPage
from PySide6.QtWidgets import QMessageBox
import traceback

def fail(error):
    traceback.print_exception(error)
    sys.stderr.flush()
    os._exit(3)

def no_box(box):  # show_error's message box: nobody would close it
    sys.stderr.write("the app showed an error: " + box.text() + "\n")
    sys.stderr.flush()
    os._exit(3)

QMessageBox.exec = no_box
db = open_database(sqlite_url(sys.argv[1]))
actor = auth.authenticate(db, "admin", "bpjs-demo")
session = SignedIn(db, actor, auth.office_name(db, actor))
rng = random.Random(4)

path = sys.argv[1]
log = SqlLog(db.engine, path)

def measured(name, action):
    # One sample of *name*: the app's time for *action*, then its SQL run bare (ms).
    with log.recording() as statements:
        t = time.perf_counter()
        value = action()
        app_ms = (time.perf_counter() - t) * 1000
    app_all, bare_all, counts = result.setdefault(name, [[], [], []])
    app_all.append(app_ms); bare_all.append(log.bare_ms(statements)); counts.append(len(statements))
    return value

def painted():
    app.processEvents()
    page.table.viewport().repaint()

result = {}
claims.officers(db)  # warm the engine's connection pool and SQLAlchemy's compiled cache
# The translation catalogue is read at the first text the app shows (0.3–0.4 s here): in the
# app, the main window's menus long before the worklist opens; here, read before timing it.
from bpjs_desktop.i18n import _
_("Klaim")

def open_page():
    global page
    page = ClaimsPage(session)
    page.model.load_failed.connect(fail)
    page.resize(1280, 720)
    def show_region():
        page.office_combo.setCurrentIndex(0)  # the regional office: every branch, open claims
        page.show()
    wait_first_page(page.model, show_region)
    painted()

measured("worklist_open", open_page)
result["worklist_rows"] = page.model.rowCount()
for index in range(1, min(6, page.office_combo.count())):
    measured("worklist_office", lambda: (wait_first_page(page.model, lambda: page.office_combo.setCurrentIndex(index)), painted()))
wait_first_page(page.model, lambda: page.office_combo.setCurrentIndex(0))
last_state = page.state_combo.count() - 1
measured("worklist_all_states", lambda: (wait_first_page(page.model, lambda: page.state_combo.setCurrentIndex(last_state)), painted()))
result["worklist_all_rows"] = page.model.rowCount()
# The order the jumps read in: the header's remembered one (QSettings), else the clock's.
result["sort"] = [page.model.sort_key, page.model.descending]

def jump():
    row = rng.randint(0, page.model.rowCount() - 1)
    page.table.scrollTo(page.model.index(row, 0)); app.processEvents()
    # The page arrives from a worker thread: wait for its signal (the view holds its paint till
    # then, so a repaint before it would time nothing).
    wait_shown_rows(page.table)
    app.processEvents()

for _jump in range(50):
    measured("scroll_jump", jump)
for colour in SlaColour:
    query = ClaimQuery(db, ClaimFilter(colour=colour))
    measured("colour_filter", lambda q=query: (q.count(), q.page(0, 200)))

with db.read() as s:
    paid = [r[0] for r in s.execute(text("SELECT claim_no FROM claim WHERE state = 'DIBAYAR' ORDER BY random() LIMIT 40"))]
    leavers = s.execute(text(
        "SELECT m.kpj, m.end_date FROM membership m WHERE m.end_reason = 'MENGUNDURKAN_DIRI' "
        "AND m.programmes LIKE '%JHT%' ORDER BY random() LIMIT 40")).all()
for n in paid:
    measured("amount", lambda n=n: claims.claim_amount(db, n, date(2018, 4, 30)))
for kpj, end in leavers:
    data = ClaimInput(kpj=kpj, claim_type=ClaimType.JHT_PENUH, event_date=date.fromisoformat(str(end)),
                      submitted_on=date(2018, 4, 30))
    measured("check", lambda d=data: claims.check_claim(db, d))
for n in paid[:20]:
    measured("claim_view", lambda n=n: claims.claim_view(db, n))
result["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps(result))
"""


def main() -> int:
    raw = run_probe(PROBE, ensure_full_demo(), writes=True)  # never writes to the shared file
    report: dict[str, object] = {}
    for name, goal, worst in TIMED:
        app_ms, bare_ms, counts = raw[name]
        baseline = f"its SELECTs ({max(counts)} at most) run on a bare sqlite3"
        report[name] = ms_figure(app_ms, bare_ms, baseline, goal, worst=worst)
    report.update(
        {
            "worklist_rows": raw["worklist_rows"],
            "worklist_all_rows": raw["worklist_all_rows"],
            "jump_sort": raw["sort"],
            "peak_rss": absolute(raw["peak_rss_mb"], "MB", "a peak RSS has no bare counterpart"),
        }
    )
    print(save("claims", report))
    return exit_code(report)


if __name__ == "__main__":
    sys.exit(main())
