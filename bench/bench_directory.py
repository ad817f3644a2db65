"""The membership desk on the full regional data set (issue #3), every time beside a bare
``sqlite3`` query of the same file measured in the same run (interleaved with it, sample by
sample, so that a busy moment of the shared machine hits both sides):

- search by NIK: ``directory.search`` against the same indexed point lookup, bare: the person
  by NIK joined to the memberships, office and employer the hit shows;
- search by KPJ: the same, the person found through the membership's KPJ;
- search by NPP: against the employer's point lookup by NPP (the search does more for an
  8-digit number: the NIKs and KPJs that begin with it, as typed; so no goal on this one);
- search by name (prefixes of one or two words): against the bare FTS5 ``MATCH`` of the same
  words, with the rows of the persons it finds (the search also looks for employers whose name
  contains the words, a scan the baseline leaves out on purpose: that is the app's cost);
- the worker list (every membership of the region) opened: building the page, the count and
  the first page read, shown and painted; against a bare ``SELECT count(*)`` plus the first
  page (200 rows in KPJ order, with the same joins) of the same rows. Three opens, each after
  its baseline; the goal is on the median;
- scroll jumps in that list (each to a random row, its page read by key, painted), once its
  jump keys have been read: against a bare read of a page of 200 rows by key (for comparison,
  no goal; bench_list_jump judges the jumps, the cold ones too);
- the peak RSS while browsing: absolute (nothing bare to set it against).

Goals: the issue's absolute targets, restated on the ratio at the baselines measured here
(median of the bare samples, 2-core shared machine, December 2026). They are the old targets in
other units, not tighter ones; the exit status says whether every goal was met:

- NIK search, the slowest of 30 against the median bare lookup: ≤ ``NIK_GOAL`` ×. The bare
  lookup takes 0.07–0.16 ms, a search about 1 ms (10 ms for the first, cold one): a search pays
  SQLAlchemy's fixed cost per query, so its ratio to a bare point lookup is large by nature.
  500 × is the issue's 50 ms at a 0.1 ms lookup; measured: about 150 ×;
- name search, the slowest of 90 against the median bare MATCH: ≤ ``NAME_GOAL`` × (the issue's
  200 ms at the 3–6 ms bare MATCH measured here; measured: about 25 ×);
- worker list open, median of 3 against the median bare count and page: ≤ ``LIST_GOAL`` ×. The
  bare count of 2.84 million rows reads a small cached index (about 10 ms), while the open is
  mostly building and painting the page's widgets (about 300 ms), which this baseline does not
  measure: 50 × is the issue's 500 ms at 10 ms; measured: about 30 ×, near enough to the goal
  that a busy machine can miss it. (A baseline with the bare widgets in it, an empty table
  view of the same rows painted, would judge the page better; not done yet.)
- peak RSS < 500 MB (absolute).

The probe waits on the model's signals (``bench.common.wait_first_page``, ``wait_shown_rows``),
never by polling: the list's first page may be read at once by ``set_source`` or on a worker
thread, and the wait works either way.
"""

from __future__ import annotations

import sys
from typing import Any

from bench.common import absolute, ensure_full_demo, exit_code, ms_figure, run_probe, save

NIK_GOAL = 500
NAME_GOAL = 50
LIST_GOAL = 50
RSS_LIMIT_MB = 500

PROBE = r"""
import json, os, random, resource, sys, time
os.environ["QT_QPA_PLATFORM"] = "offscreen"
from bpjs_desktop.app import make_application
app = make_application()
from sqlalchemy import text
from bench.common import bare_connection, wait_first_page, wait_for, wait_shown_rows
from bpjs_desktop.db.engine import sqlite_url
from bpjs_desktop.db.migrate import open_database
from bpjs_desktop.services import auth, directory
from bpjs_desktop.services.workstation import SignedIn
from bpjs_desktop.ui.membership.list_pages import EmployersPage, WorkersPage

path = sys.argv[1]
db = open_database(sqlite_url(path))
actor = auth.authenticate(db, "admin", "bpjs-demo")
session = SignedIn(db, actor, auth.office_name(db, actor))
bare = bare_connection(path)  # read-only, the app's cache and temp settings
rng = random.Random(1)
with db.read() as s:
    total = s.execute(text("SELECT max(id) FROM membership")).scalar_one()
    sample = [s.execute(text("SELECT p.nik, m.kpj, p.name FROM membership m JOIN person p ON p.id = m.person_id WHERE m.id = :i"), {"i": rng.randint(1, total)}).one() for _ in range(30)]
    npps = [r[0] for r in s.execute(text("SELECT npp FROM employer ORDER BY random() LIMIT 30"))]

def ms(f):
    t = time.perf_counter(); f(); return (time.perf_counter() - t) * 1000

# What a hit shows, bare: the person, the memberships, office and employer.
SHOW = ("SELECT p.id, p.nik, p.name, m.id, m.kpj, m.segment, m.start_date, m.end_date, o.code, e.name"
        " FROM person p JOIN membership m ON m.person_id = p.id JOIN office o ON o.id = m.office_id"
        " LEFT JOIN employer e ON e.id = m.employer_id")
def bare_nik(nik):
    bare.execute(SHOW + " WHERE p.nik = ?", (nik,)).fetchall()
def bare_kpj(kpj):
    bare.execute(SHOW + " WHERE p.id IN (SELECT person_id FROM membership WHERE kpj = ?)", (kpj,)).fetchall()
def bare_npp(npp):
    bare.execute("SELECT e.id, e.npp, e.name, o.code FROM employer e JOIN office o ON o.id = e.office_id WHERE e.npp = ?", (npp,)).fetchall()
def bare_name(words):
    match = " ".join(f'"{w}"*' for w in directory._WORD.findall(words.upper()))
    ids = [r[0] for r in bare.execute("SELECT rowid FROM person_fts WHERE person_fts MATCH ? LIMIT ?", (match, directory.SEARCH_LIMIT))]
    bare.execute(SHOW + f" WHERE p.id IN ({','.join('?' * len(ids)) or 'NULL'})", ids).fetchall()

def pairs(inputs, bare_fn):
    # Interleaved: the bare query of an input, then the search of the same input.
    app_ms, base_ms = [], []
    for value in inputs:
        base_ms.append(ms(lambda: bare_fn(value)))
        app_ms.append(ms(lambda: directory.search(db, value)))
    return app_ms, base_ms

result = {}
result["nik"] = pairs([n for n, _k, _p in sample], bare_nik)
result["kpj"] = pairs([k for _n, k, _p in sample], bare_kpj)
result["npp"] = pairs(npps, bare_npp)
words = [name.split()[0][:k] for _n, _k, name in sample for k in (3, 5)] + [" ".join(w[:4] for w in name.split()[:2]) for _n, _k, name in sample]
result["name"] = pairs(words, bare_name)

# The worker list: every membership (status "Semua"), in the list's default order (KPJ).
PAGE = ("SELECT m.id, m.kpj, p.nik, p.name, p.birth_date, m.segment, e.npp, e.name, o.code, m.start_date,"
        " m.end_date, m.wage FROM membership m JOIN person p ON p.id = m.person_id"
        " JOIN office o ON o.id = m.office_id LEFT JOIN employer e ON e.id = m.employer_id")
def bare_list():
    bare.execute("SELECT count(*) FROM membership").fetchone()
    bare.execute(PAGE + " ORDER BY m.kpj, m.id LIMIT 200").fetchall()

def open_list():
    page = WorkersPage(session)
    page.resize(1200, 700)
    for combo, index in ((page.office_combo, 0), (page.status_combo, 2)):  # Semua: everything
        combo.blockSignals(True); combo.setCurrentIndex(index); combo.blockSignals(False)
    def show_all():
        page.show()
        page.apply_filters()  # one count, one first page: the list as it opens
    wait_first_page(page.model, show_all)
    app.processEvents()
    page.table.viewport().repaint()
    return page

opens, open_bases, pages = [], [], []
for _ in range(3):
    open_bases.append(ms(bare_list))
    t = time.perf_counter(); page = open_list(); opens.append((time.perf_counter() - t) * 1000)
    # Not timed: the jump keys the list reads behind it (seconds of work on a worker thread),
    # waited for so that they slow neither the next open nor the jumps.
    wait_for((page.model.anchors_loaded,), lambda: page.model.anchors_ready, timeout_ms=300_000)
    page.hide(); pages.append(page)  # kept: a deleted model's reads could still be running
page.show(); app.processEvents()
result["list_open"] = (opens, open_bases)
result["worker_list_rows"] = page.model.rowCount()
result["sort"] = [page.model.sort_key, page.model.descending]

kpjs = [k for _n, k, _p in sample]
jumps, jump_bases = [], []
for i in range(200):  # drag the scroll bar about: random jumps, each painted
    kpj = kpjs[i % len(kpjs)]
    jump_bases.append(ms(lambda: bare.execute(PAGE + " WHERE m.kpj >= ? ORDER BY m.kpj, m.id LIMIT 200", (kpj,)).fetchall()))
    row = rng.randint(0, page.model.rowCount() - 1)
    t = time.perf_counter()
    page.table.scrollTo(page.model.index(row, 0)); app.processEvents()
    wait_shown_rows(page.table)  # the view holds its paint until the page is read
    app.processEvents(); jumps.append((time.perf_counter() - t) * 1000)
result["scroll_jump"] = (jumps, jump_bases)
employers = EmployersPage(session); employers.show(); app.processEvents()
wait_first_page(employers.model, lambda: employers.arrears_combo.setCurrentIndex(employers.arrears_combo.findData(True)))
app.processEvents()
result["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps(result))
"""


def main() -> int:
    raw = run_probe(PROBE, ensure_full_demo())  # never upgrades the shared file

    def pair(key: str, baseline: str, goal: float | None = None, worst: bool = False) -> Any:
        times, bases = raw[key]  # (the app's ms, the baseline's ms), sample by sample
        return ms_figure(times, bases, baseline, goal, worst=worst)

    point = "the same indexed point lookup, bare sqlite3"
    match = "the FTS5 MATCH of the same words + their rows, bare"
    report = {
        "search_nik_worst": pair("nik", point, NIK_GOAL, worst=True),
        "search_nik_median": pair("nik", point),
        "search_kpj_median": pair("kpj", point),
        "search_npp_median": pair("npp", "the employer's point lookup by NPP, bare"),
        "search_name_worst": pair("name", match, NAME_GOAL, worst=True),
        "search_name_median": pair("name", match),
        "worker_list_open": pair(
            "list_open", "count(*) + the first 200 rows of the same list, bare", LIST_GOAL
        ),
        "worker_list_open_ms_all": [round(x, 1) for x in raw["list_open"][0]],
        "worker_list_rows": raw["worker_list_rows"],
        "worker_list_sort": raw["sort"],
        "scroll_jump_median": pair("scroll_jump", "a page of 200 rows read by key, bare"),
        "peak_rss_browsing": absolute(
            raw["peak_rss_mb"], "MB", "a peak RSS has no bare counterpart", RSS_LIMIT_MB
        ),
    }
    print(save("directory", report))
    return exit_code(report)


if __name__ == "__main__":
    sys.exit(main())
