"""Jump to any row of the 2.84 million worker list and paint it (issue #14, one list model).

Goal: the worst jump (scroll bar dragged to a random row, the page read by key in the background,
the rows painted) within 5 × the baseline measured in the same run (the cold jumps, made before
the jump keys arrive, are reported beside it with their own ratio): one indexed point query on a
bare ``sqlite3`` connection plus **one paint of the list as the user sees it**: the same table
view of the same page, the same size and columns, its visible rows already in memory, repainted
(``viewport().repaint()``) at several places of the list.

Why that baseline: a jump cannot paint for less than the view it paints. An earlier version of
this bench painted an empty view of the same size (blank cells), which skips the text layout,
the masking and the model's ``data()`` calls of every visible cell: a third of the cost of the
real paint. Set against it, even a jump that read nothing from the database would have measured
2–4 ×, and the ratio said more about Qt's text drawing than about the list.

Two references, for scale, measured in the same run: that empty-view paint (the old baseline),
and the same jumps with every row in memory (no database at all), which is what Qt's own scroll
and paint cost here: on the offscreen platform a scroll repaints the window, more than the
viewport paint of the baseline.

The shared demo file is never written to: when its schema is older than this checkout's (opening
it would upgrade it), the probe runs on a private, upgraded copy.

The probe waits on the model's signals (``source_loaded``: the list counted with its first page
in the background; ``rows_loaded``, ``anchors_loaded``) in a ``QEventLoop``, never by polling.

Usage: ``python -m bench.bench_list_jump [DB]`` (default: BENCH_DB, or the scale-1 demo of
bench/common.py).
"""

from __future__ import annotations

import statistics
import sys
from pathlib import Path

from bench.common import ensure_full_demo, figure, median, run_probe, save

PROBE = r"""
import json, os, random, sqlite3, sys, time
os.environ["QT_QPA_PLATFORM"] = "offscreen"
from bpjs_desktop.app import make_application
app = make_application()
from PySide6.QtWidgets import QAbstractItemView, QTableView
from bpjs_desktop.db.engine import sqlite_url
from bpjs_desktop.db.migrate import open_database
from bpjs_desktop.services import auth
from bpjs_desktop.ui.common.tables import Column, RowsModel
from bpjs_desktop.services.workstation import SignedIn
from bpjs_desktop.ui.membership.list_pages import WorkersPage

path = sys.argv[1]
db = open_database(sqlite_url(path))
actor = auth.authenticate(db, "admin", "bpjs-demo")
session = SignedIn(db, actor, auth.office_name(db, actor))
from bench.common import wait_for as common_wait_for
rng = random.Random(14)
ms = lambda t: (time.perf_counter() - t) * 1000

def visible_rows(table):
    first = max(0, table.rowAt(0))
    last = table.rowAt(table.viewport().height() - 1)
    return first, (last if last >= 0 else table.model().rowCount() - 1)

def wait_for(signal, done):
    # bench.common's wait: the event loop until *done()* holds, woken by *signal* (no polling).
    common_wait_for((signal,), done, None, 30_000)

def settled(table):
    model = table.model()
    first, last = visible_rows(table)
    return all(model.is_loaded(r) for r in (first, last))

def jump(table, row):
    # Scroll to *row*, wait for its page, and paint it as the app does (the paint the model's
    # dataChanged asks for, run by the event loop).
    t = time.perf_counter()
    table.scrollTo(table.model().index(row, 0), QAbstractItemView.ScrollHint.PositionAtTop)
    app.processEvents()  # whatever the view paints before its page is there
    wait_for(table.model().rows_loaded, lambda: settled(table))
    app.processEvents()  # the pending repaint of the rows that arrived
    return ms(t)

result = {}
t = time.perf_counter()
page = WorkersPage(session)
page.office_combo.setCurrentIndex(0)
page.status_combo.setCurrentIndex(2)  # Semua: every membership
page.resize(1200, 700); page.show(); app.processEvents()
model, table = page.model, page.table
wait_for(model.source_loaded, lambda: not model.loading)  # counted in the background
app.processEvents()  # the paint of the first page
result["open_ms"] = ms(t)
rows = model.rowCount()
result["rows"] = rows
# Before the anchors arrive (the window pass takes seconds): the first jump, made at once, may
# still find its key by OFFSET; the later ones count from the skeleton (services/keyset.py).
result["cold_jump_ms"] = [jump(table, rng.randint(0, rows - 1)) for _ in range(5)]
result["cold_done_ms"] = ms(t)  # from opening the list to the end of the fifth cold jump
t = time.perf_counter()
wait_for(model.anchors_loaded, lambda: model.anchors_ready)
result["anchors_ms"] = ms(t)
jumps = [jump(table, rng.randint(0, rows - 1)) for _ in range(200)]
jumps += [jump(table, r) for r in (rows - 1, 0, rows // 2, rows - 1)]
result["jump_ms"] = jumps

# The baseline, part 1: an indexed point query on a bare connection.
bare = sqlite3.connect(path)
top = bare.execute("SELECT max(id) FROM membership").fetchone()[0]
points = []
for _ in range(200):
    i = rng.randint(1, top)
    t = time.perf_counter(); bare.execute("SELECT * FROM membership WHERE id = ?", (i,)).fetchall(); points.append(ms(t))
# Part 2: one paint of the list as the user sees it: the same view, its rows in memory.
paints = []
for _ in range(10):
    jump(table, rng.randint(0, rows - 1))
    assert settled(table)
    for _ in range(5):
        t = time.perf_counter(); table.viewport().repaint(); paints.append(ms(t))
# Reference: the old baseline, an empty view of the same size (blank cells).
empty = RowsModel([Column(c.header, lambda r: "") for c in model.columns])
empty.set_rows([None] * 40)
view = QTableView(); view.setModel(empty); view.resize(table.size()); view.show(); app.processEvents()
empty_paints = []
for _ in range(50):
    t = time.perf_counter(); view.viewport().repaint(); empty_paints.append(ms(t))
# Reference: the same jumps over the same view with every row already in memory: what
# scrolling costs with no database at all (the table view of a 2.84 million-row list in RAM).
sample = model.row_object(table.rowAt(0))
memory = RowsModel(model.columns)
memory.set_rows([sample] * rows)
table.setModel(memory); app.processEvents()
in_memory = []
for _ in range(50):
    row = rng.randint(0, rows - 1)
    t = time.perf_counter()
    table.scrollTo(memory.index(row, 0), QAbstractItemView.ScrollHint.PositionAtTop)
    app.processEvents()
    in_memory.append(ms(t))
result["in_memory_jump_ms"] = in_memory
result["point_query_ms"] = points
result["paint_ms"] = paints
result["empty_paint_ms"] = empty_paints
print(json.dumps(result))
"""


def main() -> int:
    db = Path(sys.argv[1]) if len(sys.argv) > 1 else ensure_full_demo()
    raw = run_probe(PROBE, db)  # never upgrades the shared file
    baseline = statistics.median(raw["point_query_ms"]) + statistics.median(raw["paint_ms"])
    worst = max(raw["jump_ms"])
    middle = statistics.median(raw["jump_ms"])
    name = "one indexed point query + one paint of the populated list"
    report = {
        "rows": raw["rows"],
        "list_open_ms": round(raw["open_ms"], 1),
        "anchors_ms": round(raw["anchors_ms"], 1),
        "cold_jump_ms": [round(j, 1) for j in raw["cold_jump_ms"]],
        "cold_jump_ms_max": round(max(raw["cold_jump_ms"]), 1),
        "cold_jumps_done_after_open_ms": round(raw["cold_done_ms"] - raw["open_ms"], 1),
        "cold_worst_over_baseline": round(max(raw["cold_jump_ms"]) / baseline, 2),
        "cold_later_worst_over_baseline": round(max(raw["cold_jump_ms"][1:]) / baseline, 2),
        "jump_paint_ms_median": median(raw["jump_ms"]),
        "jump_paint_ms_p95": round(statistics.quantiles(raw["jump_ms"], n=20)[-1], 1),
        "jump_paint_ms_slowest": sorted(round(j, 1) for j in raw["jump_ms"])[-5:],
        "jump_paint_ms_max": round(worst, 2),
        "point_query_ms_median": median(raw["point_query_ms"]),
        "paint_ms_median": median(raw["paint_ms"]),
        "baseline_ms": round(baseline, 2),
        "empty_paint_ms_median": median(raw["empty_paint_ms"]),
        "in_memory_jump_ms_median": median(raw["in_memory_jump_ms"]),
        "in_memory_jump_ms_max": round(max(raw["in_memory_jump_ms"]), 1),
        "median_over_baseline": round(middle / baseline, 2),
        "median_over_in_memory": round(middle / statistics.median(raw["in_memory_jump_ms"]), 2),
        "worst_over_baseline": round(worst / baseline, 2),
        "worst_jump": figure(worst / 1000, baseline / 1000, name, goal_ratio=5),
        "targets": {"worst_over_baseline": 5},
    }
    print(save("list_jump", report))
    print(report)
    return 0 if report["worst_over_baseline"] <= 5 else 1


if __name__ == "__main__":
    sys.exit(main())
