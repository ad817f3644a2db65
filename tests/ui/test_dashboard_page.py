"""The dashboard page: what each chart plots (the items' data arrays, not pixels), its tooltips,
the records a click opens, switching office and month, saving and copying a chart.

Runs on the small demo (30/04/2018) with its facts built, as the demo generator leaves them.
"""

from __future__ import annotations

import math
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QGuiApplication, QImage
from PySide6.QtTest import QTest
from sqlalchemy import text

from bpjs_desktop.db.engine import Database
from bpjs_desktop.db.models import Kpi
from bpjs_desktop.domain.kpis import KPI_ORDER, Status
from bpjs_desktop.domain.periods import Period
from bpjs_desktop.i18n import set_language
from bpjs_desktop.services import dashboard, facts, reports
from bpjs_desktop.services.workstation import SignedIn
from bpjs_desktop.ui.dashboard.charts import ChartFrame, MonthAxis, PlotArea, exact, short_number
from bpjs_desktop.ui.dashboard.dashboard_page import (
    STATUS_COLOURS,
    AchievementTableModel,
    DashboardPage,
)

LOAD_TIMEOUT_MS = 20_000
APRIL = Period(2018, 4)


def dotted(value: int) -> str:
    """Indonesian digit grouping, written out here independently of the app's formatter."""
    return f"{value:,}".replace(",", ".")


@pytest.fixture
def page(qtbot, session: SignedIn, wait_for_tasks) -> Iterator[DashboardPage]:
    """The dashboard, shown on the region in April 2018, its facts built beforehand."""
    facts.rebuild_facts(session.db, 2018)
    page = DashboardPage(session)
    qtbot.addWidget(page)
    page.resize(1280, 900)
    with qtbot.waitSignal(page.dashboard_loaded, timeout=LOAD_TIMEOUT_MS):
        page.show()
        qtbot.waitExposed(page)
        page.refresh()
    yield page
    if page.records_dialog is not None:
        page.records_dialog.close()
    wait_for_tasks()


def ys(item) -> list[float | None]:
    _x, y = item.getData()
    return [None if math.isnan(v) else float(v) for v in y]


def xs(item) -> list[float]:
    x, _y = item.getData()
    return [float(v) for v in x]


def bar_heights(item) -> list[float]:
    return [float(v) for v in item.opts["height"]]


def scene_click(qtbot, chart: ChartFrame, area: PlotArea, x: float, y: float) -> None:
    """A real left click on the chart at data point (x, y)."""
    scene_pos = area.plot.getViewBox().mapViewToScene(QPointF(x, y))
    view_pos = chart.graphics.mapFromScene(scene_pos)
    QTest.mouseClick(chart.graphics.viewport(), Qt.MouseButton.LeftButton, pos=view_pos)


# --- the KPI table ---------------------------------------------------------------------------------


def test_achievement_model_passes_the_qt_model_tester(qtmodeltester, session: SignedIn) -> None:
    """The KPI table model keeps Qt's model contract empty, filled and emptied again."""
    facts.rebuild_facts(session.db, 2018)
    model = AchievementTableModel()
    qtmodeltester.check(model)
    model.set_dashboard(dashboard.load(session.db, APRIL, "JTM"))
    qtmodeltester.check(model)
    assert model.rowCount() == len(KPI_ORDER)
    model.set_dashboard(None)
    assert model.rowCount() == 0


def test_page_opens_on_the_region_in_the_demos_last_month(page: DashboardPage) -> None:
    """The demo's data end on 30/04/2018: the page opens on April 2018 for the whole region, with
    one row per KPI showing target, realisation and achievement in Indonesian format."""
    assert page.period == APRIL and page.office_code == "JTM"
    board = page.board
    assert board is not None and board.fresh and not board.closed
    assert "Kantor Wilayah Jawa Timur" in page.status_label.text()
    row = page.model.row_of(Kpi.TK_PU)
    s = board.kpis[Kpi.TK_PU]
    model = page.model
    assert model.data(model.index(row, AchievementTableModel.COL_REALISATION)) == dotted(
        s.realisation_to_date
    )  # type: ignore[arg-type]
    assert model.data(model.index(row, AchievementTableModel.COL_TARGET)) == dotted(
        s.target_to_date
    )  # type: ignore[arg-type]
    percent = model.data(model.index(row, AchievementTableModel.COL_PERCENT))
    assert percent.endswith("%") and "," in percent
    summary = reports.monthly_summary(page.session.db, APRIL)
    assert s.realisation_to_date == summary.total.workers_pu


# --- what is plotted -------------------------------------------------------------------------------


@pytest.mark.parametrize("kpi", [Kpi.BU_AKTIF, Kpi.TK_JAKON, Kpi.IURAN_DITERIMA, Kpi.KLAIM_SLA])
def test_kpi_chart_plots_target_realisation_projection_and_gap(
    page: DashboardPage, kpi: Kpi
) -> None:
    """The cumulative chart of a KPI plots the 12 monthly targets, the realisation of January to
    April, the run-rate projection from April to December, and a gap marker from the projected
    December to December's target, labelled with the gap."""
    page.select_kpi(kpi)
    s = page.board.kpis[kpi]  # type: ignore[union-attr]
    items = page.kpi_area.items
    assert xs(items["realisation"]) == [1.0, 2.0, 3.0, 4.0]
    assert ys(items["realisation"]) == pytest.approx(list(s.realisation))
    if any(t is not None for t in s.targets):
        assert xs(items["target"]) == [float(m) for m in range(1, 13)]
        assert ys(items["target"]) == [None if t is None else float(t) for t in s.targets]
    else:
        assert "target" not in items
    assert xs(items["projection"]) == [float(m) for m in range(4, 13)]
    assert ys(items["projection"])[0] == pytest.approx(float(s.realisation[-1]))  # type: ignore[arg-type]
    assert ys(items["projection"])[-1] == pytest.approx(s.projected_year_end)
    if s.year_target is not None:
        assert ys(items["gap"]) == pytest.approx([s.projected_year_end, s.year_target])
        word = "Kurang" if s.gap < 0 else "Lebih"  # type: ignore[operator]
        assert items["gap_text"].textItem.toPlainText().startswith(word)
    assert page.kpi_chart.title_label.text().startswith(s.label)


def test_projection_of_a_cumulative_kpi_is_the_year_to_date_pace(page: DashboardPage) -> None:
    """New workers to April × 12 / 4 is the December projection the chart draws."""
    page.select_kpi(Kpi.TK_BARU)
    s = page.board.kpis[Kpi.TK_BARU]  # type: ignore[union-attr]
    projected = ys(page.kpi_area.items["projection"])
    assert projected == pytest.approx([s.realisation[-1] * m / 4 for m in range(4, 13)])  # type: ignore[operator]


def test_ranking_plots_every_office_by_achievement_coloured_by_status(page: DashboardPage) -> None:
    """The ranking has a bar per office of the region, longest first (top), its length the
    achievement in percent, its colour the status; the axis names the offices in that order."""
    page.select_kpi(Kpi.TK_PU)
    rows = page.board.ranking[Kpi.TK_PU]  # type: ignore[union-attr]
    item = page.ranking_area.items["achievement"]
    assert len(rows) == 21
    assert [float(w) for w in item.opts["width"]] == pytest.approx([r.percent for r in rows])
    assert [float(y) for y in item.opts["y"]] == [20.0 - i for i in range(21)]
    percents = [r.percent for r in rows]
    assert percents == sorted(percents, reverse=True)
    colours = [b.color().name().upper() for b in item.opts["brushes"]]
    assert colours == [STATUS_COLOURS[r.status].upper() for r in rows]
    assert Status.NEAR in {r.status for r in rows}  # the demo's plan is 2,5 % above April
    labels = page.ranking_area.plot.getAxis("left").labels
    assert labels[-1] == rows[0].office_name and labels[0] == rows[-1].office_name


def test_segment_claim_and_arrears_bars_are_the_months_figures(page: DashboardPage) -> None:
    """Each segment's bars are its active workers at each month end; the claims bars are cases
    and rupiah per programme per month (JKP, with none paid, is not drawn); the arrears bars are
    the target list and the employers and rupiah collected to each month end."""
    board = page.board
    assert board is not None
    for segment, area in page.segment_areas.items():
        assert bar_heights(area.items["workers"]) == list(
            map(float, board.segments.values[segment])
        )
    for programme in ("JHT", "JKK", "JKM", "JP"):
        cases = page.claims_cases_area.items[programme]
        amount = page.claims_amount_area.items[programme]
        assert bar_heights(cases) == list(map(float, board.claims_cases.values[programme]))
        assert bar_heights(amount) == list(map(float, board.claims_amount.values[programme]))
    assert "JKP" not in page.claims_cases_area.items
    assert "JKP" in page.claims_chart.note_label.text()
    arrears = page.arrears_count_area.items
    assert bar_heights(arrears["target"]) == list(map(float, board.arrears.values["target"]))
    assert bar_heights(arrears["collected"]) == list(map(float, board.arrears.values["collected"]))
    assert bar_heights(page.arrears_amount_area.items["amount"]) == list(
        map(float, board.arrears.values["amount"])
    )


def test_tooltips_give_exact_values_in_indonesian_format(page: DashboardPage) -> None:
    """Hovering a point or bar shows its exact figure: thousands grouped with dots, rupiah as
    Rp1.234.567, percentages with a decimal comma."""
    board = page.board
    assert board is not None
    page.select_kpi(Kpi.TK_PU)
    value = board.kpis[Kpi.TK_PU].realisation[3]
    hit = page.kpi_area.hit_at_data(4, float(value))  # type: ignore[arg-type]
    assert hit is not None and hit.payload == ("kpi", Kpi.TK_PU, 4)
    assert f"Realisasi s.d. April 2018: {dotted(value)}" in hit.tooltip  # type: ignore[arg-type]
    amount = board.claims_amount.values["JHT"][3]
    jht_bar = page.claims_amount_area.items["JHT"]
    hit = page.claims_amount_area.hit_at_data(float(jht_bar.opts["x"][3]), amount / 2)
    assert hit is not None and f"Rp{dotted(amount)}" in hit.tooltip
    page.select_kpi(Kpi.KLAIM_SLA)
    sla = board.kpis[Kpi.KLAIM_SLA].realisation[3]
    hit = page.kpi_area.hit_at_data(4, float(sla))  # type: ignore[arg-type]
    assert hit is not None and exact(sla, "percent") in hit.tooltip and "," in exact(sla, "percent")
    # Axis labels: short, Indonesian units (juta, miliar).
    assert short_number(1_500_000) == "1,5 jt"
    assert short_number(87_460_000_000, "rupiah") == "Rp87,5 M"


# --- clicks open the records ----------------------------------------------------------------------


def test_click_on_a_point_opens_the_records_behind_it(qtbot, page: DashboardPage) -> None:
    """A click on April's point of active employers asks for the employers active on 30/04/2018
    in the region and lists them: as many as the point says."""
    page.select_kpi(Kpi.BU_AKTIF)
    value = page.board.kpis[Kpi.BU_AKTIF].realisation[3]  # type: ignore[union-attr]
    with qtbot.waitSignal(page.records_requested, timeout=LOAD_TIMEOUT_MS) as requested:
        scene_click(qtbot, page.kpi_chart, page.kpi_area, 4, float(value))  # type: ignore[arg-type]
    record_filter = requested.args[0]
    assert record_filter.kind == "employers"
    assert str(record_filter.on) == "2018-04-30" and len(record_filter.office_codes) == 21
    dialog = page.records_dialog
    assert dialog is not None
    with qtbot.waitSignal(dialog.loaded, timeout=LOAD_TIMEOUT_MS) as loaded:
        pass
    assert loaded.args == [value]
    assert dialog.model.rowCount() == value
    assert dotted(value) in dialog.count_label.text()  # type: ignore[arg-type]


def test_click_on_a_bar_opens_the_workers_of_that_segment_and_month(
    qtbot, page: DashboardPage
) -> None:
    """A click on February's Jakon bar lists the Jakon workers active on 28/02/2018: as many as
    the bar is tall."""
    page.tabs.setCurrentWidget(page.segments_chart)
    qtbot.wait(50)
    area = page.segment_areas["JAKON"]
    height = page.board.segments.values["JAKON"][1]  # type: ignore[union-attr]
    with qtbot.waitSignal(page.records_requested, timeout=LOAD_TIMEOUT_MS) as requested:
        scene_click(qtbot, page.segments_chart, area, 2, height / 2)
    record_filter = requested.args[0]
    assert (record_filter.kind, record_filter.segment.value, str(record_filter.on)) == (
        "workers", "JAKON", "2018-02-28",
    )  # fmt: skip
    with qtbot.waitSignal(page.records_dialog.loaded, timeout=LOAD_TIMEOUT_MS) as loaded:  # type: ignore[union-attr]
        pass
    assert loaded.args == [height]


def test_click_on_an_office_in_the_ranking_opens_its_records(qtbot, page: DashboardPage) -> None:
    """A ranking bar opens the records of that office only."""
    page.select_kpi(Kpi.BU_AKTIF)
    top = page.board.ranking[Kpi.BU_AKTIF][0]  # type: ignore[union-attr]
    hit = page.ranking_area.hit_at_data(50.0, 20.0)
    assert hit is not None and hit.payload == ("office", Kpi.BU_AKTIF, top.office_code)
    with qtbot.waitSignal(page.records_requested, timeout=LOAD_TIMEOUT_MS) as requested:
        page.ranking_chart.click(hit)
    assert requested.args[0].office_codes == (top.office_code,)
    with qtbot.waitSignal(page.records_dialog.loaded, timeout=LOAD_TIMEOUT_MS) as loaded:  # type: ignore[union-attr]
        pass
    assert loaded.args == [top.realisation]


# --- choices ------------------------------------------------------------------------------------


def test_switching_office_and_month_redraws_from_the_facts(qtbot, page: DashboardPage) -> None:
    """Choosing KC Mojokerto redraws its own figures (with KCP Jombang); choosing February cuts the
    realisation at February. (How fast: bench/bench_dashboard.py, as a ratio to a bare query; a
    wall-clock limit here failed on a busy machine and proved nothing about the code.)"""
    with qtbot.waitSignal(page.dashboard_loaded, timeout=LOAD_TIMEOUT_MS):
        page.select(office_code="MJK")
    board = page.board
    assert board is not None and board.scope_code == "MJK" and board.office_codes == ("MJK", "JBG")
    summary = reports.monthly_summary(page.session.db, APRIL, "MJK")
    assert ys(page.kpi_area.items["realisation"])[-1] == summary.total.employers_active
    with qtbot.waitSignal(page.dashboard_loaded, timeout=LOAD_TIMEOUT_MS):
        page.select(period=Period(2018, 2))
    assert xs(page.kpi_area.items["realisation"]) == [1.0, 2.0]


def test_missing_facts_are_built_in_the_background_then_drawn(
    qtbot, demo_file: Path, tmp_path: Path, wait_for_tasks
) -> None:
    """On a database whose facts were never built, the page builds them off the GUI thread and
    then draws the same figures as the monthly summary."""
    from bpjs_desktop.db.engine import sqlite_url
    from bpjs_desktop.db.migrate import open_database
    from bpjs_desktop.services import auth
    from bpjs_desktop.services.demo.plan import DEMO_PASSWORD

    path = tmp_path / "fresh.sqlite"
    shutil.copyfile(demo_file, path)
    db: Database = open_database(sqlite_url(path))
    with db.write() as session:  # the demo builds its facts; a database from elsewhere may not
        session.execute(text("DELETE FROM monthly_fact"))
    try:
        actor = auth.authenticate(db, "admin", DEMO_PASSWORD)
        page = DashboardPage(SignedIn(db, actor, auth.office_name(db, actor)))
        qtbot.addWidget(page)
        with qtbot.waitSignal(page.facts_refreshed, timeout=LOAD_TIMEOUT_MS):
            page.refresh()
        assert page.board is not None and page.board.fresh
        total = reports.monthly_summary(db, APRIL).total
        assert page.board.kpis[Kpi.BU_AKTIF].realisation[-1] == total.employers_active
        wait_for_tasks()
    finally:
        db.dispose()


# --- saving and copying ---------------------------------------------------------------------------


def test_each_chart_is_saved_as_png_and_copied(qtbot, page: DashboardPage, tmp_path: Path) -> None:
    """*Simpan PNG* writes the chart (title, note and plots) as a PNG; *Salin* puts the same
    picture on the clipboard."""
    for chart in page.charts:
        page.tabs.setCurrentWidget(chart)
        qtbot.wait(50)
        with qtbot.waitSignal(chart.saved, timeout=LOAD_TIMEOUT_MS):
            path = chart.save_png(tmp_path / chart.objectName())
        assert path.suffix == ".png" and path.stat().st_size > 5_000
        image = QImage(str(path))
        assert not image.isNull() and image.width() > 600
        chart.copy_button.click()
        copied = QGuiApplication.clipboard().image()
        assert copied.size() == image.size()


def test_screenshots_of_every_chart(qtbot, page: DashboardPage, screenshot, tmp_path: Path) -> None:
    """Every chart renders (looked at by eye: the files are in the test's folder, and also in
    $BPJS_SCREENSHOT_DIR when set)."""
    out = os.environ.get("BPJS_SCREENSHOT_DIR")
    shots = []
    for kpi in (Kpi.TK_PU, Kpi.KLAIM_SLA):
        page.tabs.setCurrentWidget(page.kpi_chart)
        page.select_kpi(kpi)
        qtbot.wait(100)  # stack-notes gotcha 9: let the axes lay out their labels
        shots.append((page.kpi_chart, f"kpi_{kpi.value.lower()}"))
        screenshot(page.kpi_chart, shots[-1][1])
    for chart in page.charts[1:]:
        page.tabs.setCurrentWidget(chart)
        qtbot.wait(100)
        shots.append((chart, chart.objectName()))
        screenshot(chart, chart.objectName())
    qtbot.wait(100)
    screenshot(page, "dashboard_page")
    if out:
        Path(out).mkdir(parents=True, exist_ok=True)
        for name in [n for _c, n in shots] + ["dashboard_page"]:
            shutil.copyfile(tmp_path / f"{name}.png", Path(out) / f"{name}.png")
    image = QImage(str(tmp_path / "ranking_chart.png"))
    pixels = np.frombuffer(
        image.convertToFormat(QImage.Format.Format_RGB32).constBits(), dtype=np.uint32
    )
    assert len(np.unique(pixels)) > 50


@pytest.mark.parametrize(
    ("language", "months"),
    [("id", ["Jan", "Mei", "Agu", "Okt", "Des"]), ("en", ["Jan", "May", "Aug", "Oct", "Dec"])],
)
def test_month_axis_speaks_the_language_in_use(qapp, language: str, months: list[str]) -> None:
    """The month ticks under every chart follow the interface language (Agu / Aug)."""
    set_language(language)
    axis = MonthAxis("bottom")
    assert axis.tickStrings([1.0, 5.0, 8.0, 10.0, 12.0], 1.0, 1.0) == months


def test_a_branch_head_sees_the_own_branch_and_no_other(qtbot, session_for, wait_for_tasks) -> None:
    """The head of KC Gresik (issue #11): the dashboard opens on Gresik, offers no other office
    and ranks only Gresik's offices."""
    session = session_for("kepala.grs")
    facts.rebuild_facts(session.db, 2018)
    page = DashboardPage(session)
    qtbot.addWidget(page)
    with qtbot.waitSignal(page.dashboard_loaded, timeout=LOAD_TIMEOUT_MS):
        page.show()
        qtbot.waitExposed(page)
        page.refresh()
    assert page.office_code == "GRS"
    assert [page.office_combo.itemData(i) for i in range(page.office_combo.count())] == ["GRS"]
    board = page.board
    assert board is not None
    assert {r.office_code for rows in board.ranking.values() for r in rows} <= {"GRS"}
    wait_for_tasks()
