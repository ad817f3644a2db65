"""The targets page (grid typed from the keyboard, one save), the Excel plan import dialog, the
copy-forward dialog, and the month-close dialog, on a private copy of the small demo."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import openpyxl
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from bpjs_desktop.db.models import Kpi
from bpjs_desktop.domain.identifiers import Sex
from bpjs_desktop.domain.periods import Period
from bpjs_desktop.domain.programmes import Segment
from bpjs_desktop.services import membership_common, month_close, reports, targets, worker_registry
from bpjs_desktop.services.directory import EmployerFilter, EmployerQuery
from bpjs_desktop.services.targets import TargetRow
from bpjs_desktop.services.workstation import SignedIn
from bpjs_desktop.ui.admin.month_close_dialog import MonthCloseDialog
from bpjs_desktop.ui.common.events import data_events
from bpjs_desktop.ui.dashboard.targets_page import TargetsPage, TargetTableModel, parse_target
from tests.conftest import fresh_nik

LOAD_TIMEOUT_MS = 20_000


@pytest.fixture
def page(qtbot, session: SignedIn) -> TargetsPage:
    page = TargetsPage(session)
    qtbot.addWidget(page)
    page.resize(1200, 760)
    page.show()
    qtbot.waitExposed(page)
    return page


def _select(page: TargetsPage, kpi: Kpi) -> None:
    page.kpi_combo.setCurrentIndex(page.kpi_combo.findData(kpi.value))


def _index(page: TargetsPage, code: str, month: int):
    row = next(i for i, o in enumerate(page.model.grid.offices) if o.code == code)  # type: ignore[union-attr]
    return page.model.index(row, month - 1)


def test_target_model_passes_the_qt_model_tester(qtmodeltester, session: SignedIn) -> None:
    """The grid model keeps Qt's model contract, empty and filled."""
    model = TargetTableModel()
    qtmodeltester.check(model)
    model.set_grid(targets.target_grid(session.db, 2018, Kpi.TK_PU))
    qtmodeltester.check(model)
    assert (model.rowCount(), model.columnCount()) == (21, 12)


def test_grid_shows_the_demos_plan_for_the_chosen_kpi(page: TargetsPage) -> None:
    """The demo's 2018 plan is in the grid: rows are offices, columns months, values grouped with
    dots; choosing another KPI shows its plan."""
    assert page.year == 2018
    _select(page, Kpi.TK_PU)
    stored = {
        (t.office_code, int(t.period[5:])): t.value
        for t in targets.targets_for(page.session.db, 2018, Kpi.TK_PU)
    }
    index = _index(page, "GRS", 4)
    assert page.model.data(index) == f"{stored[('GRS', 4)]:,}".replace(",", ".")
    assert page.model.headerData(3, Qt.Orientation.Horizontal) == "Apr"
    assert "Posisi akhir bulan" in page.hint_label.text()
    _select(page, Kpi.PERISAI_AKUISISI)
    assert "Kumulatif" in page.hint_label.text()


def test_typing_in_cells_then_ctrl_s_saves_them_in_one_go(qtbot, page: TargetsPage) -> None:
    """Typed over the keyboard (type, Enter), two cells turn yellow as pending; Ctrl+S writes
    both in one transaction and they read back from the database."""
    _select(page, Kpi.BU_BARU)
    page.table.setFocus()
    for month, text in ((1, "12"), (2, "1.500")):
        page.table.setCurrentIndex(_index(page, "GRS", month))
        for char in text:  # as typed: the first key opens the cell's editor, which takes the rest
            QTest.keyClicks(QApplication.focusWidget(), char)
        QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
        qtbot.wait(20)  # the delegate commits the editor's text from the event loop
    assert page.model.changes() == {("GRS", 1): 12, ("GRS", 2): 1_500}
    assert page.model.data(_index(page, "GRS", 2), TargetTableModel.ChangedRole)
    assert page.save_button.isEnabled()
    with (
        qtbot.waitSignal(page.targets_saved) as saved,
        qtbot.waitSignal(data_events().changed) as announced,
    ):
        QTest.keyClick(page, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert saved.args == [2]
    assert announced.args == ["targets", "GRS"]  # only Gresik's pages read their targets again
    stored = {
        (t.office_code, t.period): t.value
        for t in targets.targets_for(page.session.db, 2018, Kpi.BU_BARU)
    }
    assert stored == {("GRS", "2018-01"): 12, ("GRS", "2018-02"): 1_500}
    assert not page.model.dirty and "2 target disimpan" in page.status_label.text()


def test_bad_input_is_refused_and_a_falling_cumulative_plan_blocks_saving(
    page: TargetsPage,
) -> None:
    """A word is refused with a reason in the status line; a cumulative plan that falls marks the
    cell red with the reason as its tooltip and disables saving until it is fixed."""
    _select(page, Kpi.BU_BARU)
    assert not page.model.setData(_index(page, "GRS", 1), "banyak")
    assert "bukan bilangan bulat" in page.status_label.text()
    page.model.setData(_index(page, "GRS", 1), "40")
    page.model.setData(_index(page, "GRS", 2), "30")
    tip = page.model.data(_index(page, "GRS", 2), Qt.ItemDataRole.ToolTipRole)
    assert "tidak boleh turun" in tip
    assert not page.save_button.isEnabled()
    assert page.save() is None
    page.model.setData(_index(page, "GRS", 2), "45")
    assert page.save_button.isEnabled() and not page.model.has_errors
    assert page.save() == 2


def test_paste_from_excel_fills_a_block_of_cells(page: TargetsPage) -> None:
    """A block copied from a spreadsheet (tabs and new lines) fills cells from the current one."""
    _select(page, Kpi.TK_BARU)
    page.table.setCurrentIndex(_index(page, "GRS", 1))
    QGuiApplication.clipboard().setText("10\t20\t30\n")
    page.paste()
    assert page.model.changes() == {("GRS", 1): 10, ("GRS", 2): 20, ("GRS", 3): 30}


def test_closed_month_cells_are_locked(qtbot, session: SignedIn) -> None:
    """After March 2018 is closed for Gresik, its March cell is grey and cannot be edited."""
    month_close.close_month(session.db, session.actor, Period(2018, 3), "GRS")
    page = TargetsPage(session)
    qtbot.addWidget(page)
    _select(page, Kpi.TK_PU)
    index = _index(page, "GRS", 3)
    assert not page.model.flags(index) & Qt.ItemFlag.ItemIsEditable
    assert page.model.data(index, TargetTableModel.ClosedRole)
    assert not page.model.setData(index, "5")
    assert page.model.flags(_index(page, "GRS", 4)) & Qt.ItemFlag.ItemIsEditable


def test_import_dialog_lists_errors_then_imports_a_fixed_plan(
    qtbot, page: TargetsPage, tmp_path: Path
) -> None:
    """The template written for Gresik, with a word in a cell, is refused in the dry run with the
    row, column and reason; fixed, it imports and the grid shows the new target."""
    path = page.write_template(tmp_path / "rencana.xlsx", "GRS")
    assert path is not None
    workbook = openpyxl.load_workbook(path)
    sheet = workbook["Rencana target"]
    row = next(r for r in range(8, 19) if sheet.cell(r, 1).value == "TK_BARU")
    sheet.cell(row, 5).value = "lima"
    workbook.save(path)
    dialog = page.open_import_dialog(path)
    qtbot.addWidget(dialog)
    assert dialog.errors_table.rowCount() == 1
    assert dialog.errors_table.item(0, 0).text() == str(row)
    assert dialog.errors_table.item(0, 1).text() == "E (Januari)"
    assert not dialog.import_button.isEnabled()
    sheet.cell(row, 5).value = 123
    workbook.save(path)
    report = dialog.check(path)
    assert report is not None and report.ok and dialog.import_button.isEnabled()
    with qtbot.waitSignal(dialog.imported):
        dialog.import_button.click()
    _select(page, Kpi.TK_BARU)
    assert page.model.value("GRS", 1) == 123


def test_copy_dialog_copies_a_year_forward(qtbot, page: TargetsPage) -> None:
    """Copying 2018 to 2019 with factor 1,1 writes 2019's plan; the page's status says how many."""
    dialog = page.open_copy_dialog()
    qtbot.addWidget(dialog)
    dialog.from_spin.setValue(2018)
    dialog.to_spin.setValue(2019)
    dialog.factor_edit.setText("1,1")
    with (
        qtbot.waitSignal(page.targets_saved) as saved,
        qtbot.waitSignal(data_events().changed) as announced,
    ):
        dialog.save()
    count = saved.args[0]
    assert announced.args == ["targets", None]  # every office's plan: every page reloads
    assert count == len(targets.targets_for(page.session.db, 2018)) > 0
    before = {
        (t.office_code, t.kpi, t.period[5:]): t.value
        for t in targets.targets_for(page.session.db, 2018)
    }
    after = targets.targets_for(page.session.db, 2019)
    pu = next(
        t for t in after if t.office_code == "GRS" and t.kpi is Kpi.TK_PU and t.period == "2019-01"
    )
    assert pu.value == round(before[("GRS", Kpi.TK_PU, "01")] * 1.1)


def test_parse_target_reads_indonesian_numbers() -> None:
    """Cells accept 1.234, 1234, Rp1.234.567 and 95%; not 1,5 or 12.34."""
    assert [parse_target(t) for t in ("1.234", "1234", "Rp1.234.567", "95%")] == [
        1234,
        1234,
        1_234_567,
        95,
    ]
    for bad, reason in (
        ("1,5", "bukan bilangan bulat"),
        ("12.34", "bukan bilangan bulat"),
        ("-3", "negatif"),
        ("", "Isi angka"),
    ):
        with pytest.raises(ValueError, match=reason):
            parse_target(bad)


# --- closing a month ------------------------------------------------------------------------------


def test_month_close_dialog_previews_closes_and_lists(
    qtbot, session: SignedIn, wait_for_tasks, screenshot
) -> None:
    """For March 2018 in Gresik the dialog shows the figures to freeze and no correction; closing
    it records the close (listed with its hash), and the export of March is then the snapshot."""
    session.db  # noqa: B018
    dialog = MonthCloseDialog(session)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.select(Period(2018, 3), "GRS")
    with qtbot.waitSignal(dialog.previewed, timeout=LOAD_TIMEOUT_MS) as previewed:
        dialog.preview_button.click()
    preview = previewed.args[0]
    total = reports.monthly_summary(session.db, Period(2018, 3), "GRS").total
    assert dialog.figure_labels["employers"].text() == f"{total.employers_active:,}".replace(
        ",", "."
    )
    assert preview.corrections == () and dialog.close_month_button.isEnabled()
    screenshot(dialog, "month_close_dialog")
    with (
        qtbot.waitSignal(dialog.month_closed, timeout=LOAD_TIMEOUT_MS) as closed,
        qtbot.waitSignal(data_events().changed, timeout=LOAD_TIMEOUT_MS) as announced,
    ):
        dialog.close_month()
    row = closed.args[0]
    assert (row.scope_code, str(row.period)) == ("GRS", "2018-03")
    assert announced.args == ["month_close", "GRS"]
    assert dialog.closes_table.rowCount() == 1
    assert dialog.closes_table.item(0, 4).text().startswith(row.sha256[:16])
    assert reports.report_summary(session.db, Period(2018, 3), "GRS").closed is not None
    with qtbot.waitSignal(dialog.previewed, timeout=LOAD_TIMEOUT_MS):
        dialog.load_preview()
    assert (
        "sudah ditutup" in dialog.status_label.text() and not dialog.close_month_button.isEnabled()
    )
    wait_for_tasks()


def test_targets_saved_through_the_page_are_what_the_dashboard_reads(page: TargetsPage) -> None:
    """A target typed in the grid is the one the KPI table compares with (no other copy)."""
    _select(page, Kpi.IURAN_DITERIMA)
    page.model.setData(_index(page, "GRS", 4), "Rp1.000.000")
    assert page.save() == 1
    assert TargetRow("GRS", Kpi.IURAN_DITERIMA, "2018-04", 1_000_000) in targets.targets_for(
        page.session.db, 2018, Kpi.IURAN_DITERIMA
    )


def test_month_close_dialog_records_corrections_on_request(
    qtbot, session: SignedIn, wait_for_tasks
) -> None:
    """With March closed for Gresik and a member backdated into it, *Catat koreksi sekarang*
    records the corrections for April and says how many."""
    month_close.close_month(session.db, session.actor, Period(2018, 3), "GRS")
    employer = EmployerQuery(session.db, EmployerFilter("GRS", "aktif"), date(2018, 3, 31)).page(
        0, 1
    )[0]
    worker_registry.register_worker(
        session.db, session.actor,
        membership_common.WorkerInput(
            nik=fresh_nik(), name="Budi Santoso", birth_date=date(1990, 5, 15), sex=Sex.L,
            segment=Segment.PU, start_date=date(2018, 3, 12), wage=4_000_000,
            employer_npp=employer.npp,
        ),
    )  # fmt: skip
    dialog = MonthCloseDialog(session)
    qtbot.addWidget(dialog)
    dialog.select(Period(2018, 3), "GRS")
    with qtbot.waitSignal(dialog.corrections_recorded, timeout=LOAD_TIMEOUT_MS) as recorded:
        dialog.record_button.click()
    corrections = recorded.args[0]
    assert ("workers_pu", "2018-04") in {(c.field, str(c.reported_in)) for c in corrections}
    assert "koreksi dicatat" in dialog.status_label.text()
    wait_for_tasks()
