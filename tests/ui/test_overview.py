"""The monthly overview: its table model, headline tiles, office choice, sorting and export."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QProgressDialog

from bpjs_desktop.db.engine import Database
from bpjs_desktop.domain.periods import Period
from bpjs_desktop.services import reports
from bpjs_desktop.services.workstation import SignedIn
from bpjs_desktop.ui.dashboard.overview_page import OverviewPage, OverviewTableModel

LOAD_TIMEOUT_MS = 20_000
APRIL_2018 = Period(2018, 4)
Model = OverviewTableModel


def dotted(value: int) -> str:
    """Indonesian digit grouping, written out here independently of the app's formatter."""
    return f"{value:,}".replace(",", ".")


def column(model: OverviewTableModel, col: int, role: int = Qt.ItemDataRole.DisplayRole) -> list:
    return [model.data(model.index(row, col), role) for row in range(model.rowCount())]


@pytest.fixture
def page(qtbot, session: SignedIn, wait_for_tasks) -> Iterator[OverviewPage]:
    """The overview page, shown, with its first summary loaded."""
    page = OverviewPage(session)
    qtbot.addWidget(page)
    page.resize(1280, 760)
    page.show()
    qtbot.waitExposed(page)
    with qtbot.waitSignal(page.summary_loaded, timeout=LOAD_TIMEOUT_MS):
        page.refresh()
    yield page
    wait_for_tasks()


def test_table_model_passes_the_qt_model_tester_empty_filled_sorted_and_cleared(
    qtmodeltester, demo_db: Database
) -> None:
    """The table model keeps Qt's model contract: empty, filled, re-sorted and emptied again."""
    model = OverviewTableModel()
    qtmodeltester.check(model)
    assert model.rowCount() == 0

    model.set_summary(reports.monthly_summary(demo_db, APRIL_2018))
    qtmodeltester.check(model)
    assert model.rowCount() > 1

    model.sort(Model.COL_WORKERS, Qt.SortOrder.DescendingOrder)
    model.set_summary(None)
    assert model.rowCount() == 0


def test_overview_opens_on_the_latest_month_of_the_demo_april_2018(page: OverviewPage) -> None:
    """The demo's data end on 30/04/2018, so the month chosen at first is April 2018."""
    assert page.period == APRIL_2018
    assert page.month_combo.currentText() == "April 2018"
    assert page.summary is not None and page.summary.period == APRIL_2018
    assert page.office_code == "JTM"
    assert "Kantor Wilayah Jawa Timur" in page.status_label.text()
    assert "April 2018" in page.status_label.text()


def test_tiles_show_the_regional_totals_grouped_with_dots(
    page: OverviewPage, demo_db: Database, screenshot
) -> None:
    """The headline tiles show the region's totals for the month, digits grouped with dots."""
    total = reports.monthly_summary(demo_db, APRIL_2018).total

    assert page.employers_tile.value.text() == dotted(total.employers_active)
    assert page.workers_tile.value.text() == dotted(total.workers_total)
    assert "." in page.workers_tile.value.text()  # thousands of workers even at scale 0.005
    assert f"PU\u00a0{dotted(total.workers_pu)}" in page.workers_tile.detail.text()
    claims = total.claims_total()
    assert page.claims_tile.value.text() == f"{dotted(claims.cases)} kasus"
    assert page.arrears_tile.value.text() == (
        f"{dotted(total.arrears_collected)} / {dotted(total.arrears_target)}"
    )
    screenshot(page, "overview")


def test_table_has_one_row_per_branch_office_and_a_bold_total_row_last(
    page: OverviewPage, demo_db: Database
) -> None:
    """One row per KC/KCP of the region, then a bold total row naming the region."""
    branch_offices = [o for o in reports.list_offices(demo_db) if o.kind in ("KC", "KCP")]
    model = page.model
    assert model.rowCount() == len(branch_offices) + 1

    offices = [model.office_code(row) for row in range(model.rowCount() - 1)]
    assert sorted(offices) == sorted(o.code for o in branch_offices)

    last = model.rowCount() - 1
    assert model.office_code(last) is None
    assert model.data(model.index(last, Model.COL_OFFICE)) == "Total Kantor Wilayah Jawa Timur"
    assert model.data(model.index(last, Model.COL_OFFICE), Qt.ItemDataRole.FontRole).bold()
    assert model.data(model.index(0, Model.COL_OFFICE), Qt.ItemDataRole.FontRole) is None
    total = reports.monthly_summary(demo_db, APRIL_2018).total
    assert model.data(model.index(last, Model.COL_WORKERS)) == dotted(total.workers_total)


@pytest.mark.parametrize("col", [Model.COL_WORKERS, Model.COL_EMPLOYERS, Model.COL_OFFICE])
def test_sorting_a_column_descending_keeps_the_total_row_last(page: OverviewPage, col: int) -> None:
    """Sorting by a column (as a header click does) orders the offices; the total stays last."""
    page.table.sortByColumn(col, Qt.SortOrder.DescendingOrder)

    model = page.model
    keys = column(model, col, OverviewTableModel.SortRole)
    is_total = column(model, Model.COL_OFFICE, OverviewTableModel.TotalRole)
    assert is_total == [False] * (len(keys) - 1) + [True]
    offices = keys[:-1]
    assert offices == sorted(offices, reverse=True)
    assert offices[0] != offices[-1]
    assert str(model.data(model.index(len(keys) - 1, Model.COL_OFFICE))).startswith("Total ")


def test_choosing_mojokerto_recomputes_for_it_and_its_kcp_jombang_only(
    qtbot, page: OverviewPage, demo_db: Database
) -> None:
    """Choosing KC Mojokerto shows Mojokerto and KCP Jombang, and the tiles add up just those."""
    with qtbot.waitSignal(page.summary_loaded, timeout=LOAD_TIMEOUT_MS) as blocker:
        page.select(office_code="MJK")

    summary = blocker.args[0]
    assert summary.scope_code == "MJK"
    model = page.model
    assert model.rowCount() == 3
    assert {model.office_code(0), model.office_code(1)} == {"MJK", "JBG"}
    assert model.data(model.index(2, Model.COL_OFFICE)) == "Total KC Mojokerto"

    expected = reports.monthly_summary(demo_db, APRIL_2018, "MJK")
    regional = reports.monthly_summary(demo_db, APRIL_2018)
    both = [r for r in regional.rows if r.office_code in ("MJK", "JBG")]
    assert expected.total.employers_active == sum(r.employers_active for r in both)
    assert page.employers_tile.value.text() == dotted(expected.total.employers_active)
    assert page.workers_tile.value.text() == dotted(expected.total.workers_total)
    assert page.status_label.text().startswith("KC Mojokerto, April 2018")


def test_choosing_another_month_recomputes_for_that_month(qtbot, page: OverviewPage) -> None:
    """Choosing March 2018 in the month box loads March's summary."""
    with qtbot.waitSignal(page.summary_loaded, timeout=LOAD_TIMEOUT_MS) as blocker:
        page.select(period=Period(2018, 3))

    assert blocker.args[0].period == Period(2018, 3)
    assert page.month_combo.currentText() == "Maret 2018"
    assert "Maret 2018" in page.status_label.text()


def test_export_writes_the_workbook_and_the_status_names_the_file(
    qtbot, page: OverviewPage, tmp_path: Path
) -> None:
    """Exporting writes the monthly workbook, closes the progress dialog and names the file."""
    target = tmp_path / "x.xlsx"
    with qtbot.waitSignal(page.exported, timeout=LOAD_TIMEOUT_MS) as blocker:
        page.export_to(target)

    assert blocker.args == [target]
    assert target.is_file() and target.stat().st_size > 0
    workbook = openpyxl.load_workbook(target, read_only=True)
    try:
        assert "Ringkasan" in workbook.sheetnames
    finally:
        workbook.close()
    assert str(target) in page.status_label.text()
    assert "April 2018" in page.status_label.text()
    qtbot.waitUntil(
        lambda: (
            not any(
                isinstance(w, QProgressDialog) and w.isVisible()
                for w in QApplication.topLevelWidgets()
            )
        )
    )


def test_a_tile_wraps_between_its_figures_never_inside_one(qtbot) -> None:
    """A tile too narrow for its line of detail wraps between the figures: "PMI 15" stays on
    one line, the word with its number (issue #13: "PMI" ended a line, "15" began the next)."""
    from PySide6.QtGui import QTextLayout

    from bpjs_desktop.ui.common.widgets import KpiTile

    tile = KpiTile("Tenaga kerja aktif", "workers_tile")
    qtbot.addWidget(tile)
    tile.set_figures("13.250", "PU 8.350 · BPU 1.285 · Jakon 3.600 · PMI 15")
    text = tile.detail.text()
    metrics = tile.detail.fontMetrics()
    # Room up to the middle of "PMI 15": a plain space there would break the line inside it.
    width = metrics.horizontalAdvance(text[: text.index("PMI") + 4])
    layout = QTextLayout(text, tile.detail.font())
    layout.beginLayout()
    lines = []
    while (line := layout.createLine()).isValid():
        line.setLineWidth(width)
        lines.append(text[line.textStart() : line.textStart() + line.textLength()])
    layout.endLayout()
    assert len(lines) == 2
    assert lines[1].replace("\u00a0", " ").strip() == "PMI 15"
