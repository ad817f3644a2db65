"""The Perisai page: its item models, the agent list and detail on the demo, and the agent forms
typed into as a user would (register, end the agency, rejoin)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from bpjs_desktop.db.engine import Database
from bpjs_desktop.domain.masking import mask_nik
from bpjs_desktop.domain.money import format_rupiah
from bpjs_desktop.domain.periods import Period
from bpjs_desktop.services import perisai
from bpjs_desktop.services.perisai import AgentInput
from bpjs_desktop.services.workstation import SignedIn
from bpjs_desktop.ui.membership.perisai_page import (
    AgentMonthTableModel,
    AgentTableModel,
    PerisaiPage,
    RecruitTableModel,
)
from tests.conftest import fresh_nik

LOAD_TIMEOUT_MS = 20_000
APRIL_2018 = Period(2018, 4)
Agents = AgentTableModel


def texts(model, col: int) -> list[str]:
    return [model.data(model.index(row, col)) for row in range(model.rowCount())]


def niks(model) -> list[str]:
    """The agents' NIKs the rows stand for (the NIK column shows them masked)."""
    return [model.data(model.index(row, 0), Agents.NikRole) for row in range(model.rowCount())]


@pytest.fixture
def open_page(qtbot, wait_for_tasks) -> Iterator[Callable[[SignedIn], PerisaiPage]]:
    """Open a page (showing it loads it) and wait for its list and first agent's detail.

    The pages are closed here, after their background work has ended, and not by qtbot: qtbot
    closes its widgets before the fixtures end, and a page deleted while its task runs takes the
    task with it before the task's end reaches the task runner.
    """
    pages: list[PerisaiPage] = []

    def open_(session: SignedIn) -> PerisaiPage:
        page = PerisaiPage(session)
        pages.append(page)
        page.resize(1110, 700)
        # waitExposed only waits as a context manager (pytest-qt 4), around the show().
        with (
            qtbot.waitExposed(page),
            qtbot.waitSignals([page.agents_loaded, page.detail_loaded], timeout=LOAD_TIMEOUT_MS),
        ):
            page.show()
        return page

    yield open_
    wait_for_tasks()
    for page in pages:
        page.close()
        page.deleteLater()


@pytest.fixture
def page(open_page, session: SignedIn) -> PerisaiPage:
    return open_page(session)


def reload(qtbot, page: PerisaiPage) -> None:
    with qtbot.waitSignal(page.agents_loaded, timeout=LOAD_TIMEOUT_MS):
        page.refresh()


def save_with_enter(qtbot, dialog) -> None:
    """Press Enter in the field that has the focus, as a user finishing the form would."""
    qtbot.keyClick(dialog.focusWidget() or dialog, Qt.Key.Key_Return)


# --- models -----------------------------------------------------------------------------------------


def test_models_pass_the_qt_model_tester_empty_filled_sorted_and_cleared(
    qtmodeltester, demo_db: Database
) -> None:
    """The agent, month and recruit models keep Qt's model contract with the demo's rows."""
    agents = perisai.list_agents(demo_db, period=APRIL_2018)
    detail = perisai.agent_detail(demo_db, agents[0].nik, period=APRIL_2018)
    for model, rows, column in (
        (AgentTableModel(), agents, Agents.COL_FEE),
        (AgentMonthTableModel(), detail.months, AgentMonthTableModel.COL_PAID),
        (RecruitTableModel(), detail.recruits, RecruitTableModel.COL_START),
    ):
        qtmodeltester.check(model)
        model.set_rows(rows)
        qtmodeltester.check(model)
        assert model.rowCount() == len(rows) > 0
        model.sort(column, Qt.SortOrder.DescendingOrder)
        keys = [model.data(model.index(r, column), model.SortRole) for r in range(len(rows))]
        assert keys == sorted(keys, reverse=True)
        model.set_rows([])
        assert model.rowCount() == 0


# --- the list and the detail --------------------------------------------------------------------------


def test_page_opens_on_april_2018_with_each_agents_fee(
    page: PerisaiPage, demo_db: Database, screenshot
) -> None:
    """The demo ends on 30/04/2018: the page shows April 2018, every agent with the service's
    recruits, fee and status; the demo's recruits paid, so the fee is not zero."""
    assert page.period == APRIL_2018
    expected = perisai.list_agents(demo_db, period=APRIL_2018)
    model = page.model
    assert model.rowCount() == len(expected)
    by_nik = {r.nik: r for r in expected}
    for row in range(model.rowCount()):
        agent = by_nik[model.data(model.index(row, 0), Agents.NikRole)]
        assert model.data(model.index(row, Agents.COL_FEE)) == format_rupiah(agent.fee)
        assert model.data(model.index(row, Agents.COL_RECRUITS)) == str(agent.recruits)
        assert model.data(model.index(row, Agents.COL_STATUS)) == "Aktif"
    assert sum(r.fee for r in expected) > 0
    assert format_rupiah(sum(r.total for r in expected)) == page.fee_tile.value.text()
    assert "status per 30/04/2018" in page.status_label.text()
    screenshot(page, "perisai")


def test_selected_agent_shows_its_months_and_recruits(page: PerisaiPage, demo_db: Database) -> None:
    """The first agent is selected: its fee table has one row per month since it joined (the
    newest first), and the recruit tab counts its recruits."""
    nik = page.selected_nik()
    assert nik is not None and page.detail is not None
    detail = perisai.agent_detail(demo_db, nik, period=APRIL_2018)
    months = page.month_model
    assert months.rowCount() == len(detail.months)
    assert texts(months, AgentMonthTableModel.COL_MONTH)[0] == "April 2018"
    assert texts(months, AgentMonthTableModel.COL_FEE)[0] == format_rupiah(detail.months[-1].fee)
    assert page.recruit_model.rowCount() == len(detail.recruits)
    assert page.tabs.tabText(1) == f"Rekrutan ({len(detail.recruits)})"
    assert detail.agent.name in page.agent_label.text()


def test_an_office_without_agents_shows_an_empty_list(qtbot, page: PerisaiPage) -> None:
    """KC Gresik has no agent in the small demo: the table is empty, the page says so, the detail
    is cleared and the agent buttons are off."""
    with qtbot.waitSignal(page.agents_loaded, timeout=LOAD_TIMEOUT_MS):
        page.select(office_code="GRS")
    assert page.model.rowCount() == 0
    assert "Tidak ada agen Perisai" in page.status_label.text()
    assert page.month_model.rowCount() == 0
    assert not page.end_button.isEnabled() and not page.rejoin_button.isEnabled()


# --- the agent form -----------------------------------------------------------------------------------


def test_agent_form_decodes_the_nik_refuses_beside_the_field_and_saves(
    qtbot, page: PerisaiPage, demo_db: Database, screenshot
) -> None:
    """Typing the NIK shows what it encodes; a join date before the February 2018 launch is
    refused beside the date, which gets the focus, and nothing is saved; with a good date Enter
    saves, the list reloads and the new agent is selected."""
    before = len(perisai.list_agents(demo_db, period=APRIL_2018))
    qtbot.mouseClick(page.register_button, Qt.MouseButton.LeftButton)
    dialog = page.dialog
    assert dialog is not None and dialog.isVisible()
    nik = fresh_nik(date(1985, 3, 3), regency="3578")
    qtbot.keyClicks(dialog.nik_edit, nik[:8])
    assert "16 digit" in dialog.nik_hint.text()  # not a NIK yet, said as it is typed
    qtbot.keyClicks(dialog.nik_edit, nik[8:])
    assert "lahir 03/03/1985" in dialog.nik_hint.text()
    assert "Laki-laki" in dialog.nik_hint.text()
    qtbot.keyClicks(dialog.name_edit, "Rahmat Hidayat")
    dialog.office_combo.setCurrentIndex(dialog.office_combo.findData("SDR"))
    dialog.joined_edit.clear()
    qtbot.keyClicks(dialog.joined_edit, "15/01/2018")
    save_with_enter(qtbot, dialog)

    error = dialog.form.errors["joined_on"]
    assert error.isVisible() and "01/02/2018" in error.text()
    assert dialog.isVisible() and dialog.focusWidget() is dialog.joined_edit
    assert not dialog.form.errors["nik"].isVisible()
    assert len(perisai.list_agents(demo_db, period=APRIL_2018)) == before
    screenshot(dialog, "agent_form_refused")

    dialog.joined_edit.clear()
    qtbot.keyClicks(dialog.joined_edit, "15/03/2018")
    with qtbot.waitSignals(
        [page.agent_registered, page.agents_loaded, page.detail_loaded], timeout=LOAD_TIMEOUT_MS
    ):
        save_with_enter(qtbot, dialog)
    assert page.dialog is None  # closed (and deleted)
    assert page.model.rowCount() == before + 1
    assert page.selected_nik() == nik
    agent = page.selected_agent()
    assert agent is not None and (agent.name, agent.office_code) == ("RAHMAT HIDAYAT", "SDR")


def test_agent_form_names_every_bad_field_at_once(qtbot, page: PerisaiPage) -> None:
    """An empty form with an impossible date is refused on the NIK, the name and the date at
    once; the first of them in the form (the NIK) gets the focus."""
    dialog = page.open_register_dialog()
    dialog.joined_edit.clear()
    qtbot.keyClicks(dialog.joined_edit, "31/02/2018")
    dialog.save()
    shown = {name for name, label in dialog.form.errors.items() if label.isVisible()}
    assert shown == {"nik", "name", "joined_on"}
    assert "tidak ada di kalender" in dialog.form.errors["joined_on"].text()
    assert dialog.focusWidget() is dialog.nik_edit
    dialog.done(0)  # close without the "discard what was typed?" question


# --- ending and rejoining ------------------------------------------------------------------------------


def test_end_then_rejoin_too_early_then_on_the_day(
    qtbot, page: PerisaiPage, demo_db: Database, screenshot
) -> None:
    """End an agency through its form; the row turns "Berakhir" with its date, Akhiri is off and
    Gabung kembali on; rejoining before six months is refused beside the date, naming the first
    allowed day; on that day it is saved."""
    agent = perisai.register_agent(
        demo_db,
        page.session.actor,
        AgentInput(fresh_nik(date(1980, 1, 1)), "Siti Perisai", "SDR", date(2018, 2, 15)),
    )
    reload(qtbot, page)
    with qtbot.waitSignal(page.detail_loaded, timeout=LOAD_TIMEOUT_MS):
        assert page.select_agent(agent.nik)
    qtbot.mouseClick(page.end_button, Qt.MouseButton.LeftButton)
    dialog = page.dialog
    assert dialog is not None
    dialog.ended_edit.clear()
    qtbot.keyClicks(dialog.ended_edit, "20/04/2018")
    qtbot.keyClicks(dialog.reason_edit, "Mengundurkan diri")
    dialog.reason_edit.setFocus()
    with qtbot.waitSignals([page.agent_ended, page.agents_loaded], timeout=LOAD_TIMEOUT_MS):
        save_with_enter(qtbot, dialog)
    row = page.model.row_of(agent.nik)
    assert page.model.data(page.model.index(row, Agents.COL_STATUS)) == "Berakhir 20/04/2018"
    with qtbot.waitSignal(page.detail_loaded, timeout=LOAD_TIMEOUT_MS):
        page.select_agent(agent.nik)
    assert not page.end_button.isEnabled() and page.rejoin_button.isEnabled()
    assert "boleh bergabung kembali mulai 21/10/2018" in page.agent_label.text()

    qtbot.mouseClick(page.rejoin_button, Qt.MouseButton.LeftButton)
    dialog = page.dialog
    assert dialog is not None
    dialog.rejoined_edit.clear()
    qtbot.keyClicks(dialog.rejoined_edit, "20/10/2018")
    save_with_enter(qtbot, dialog)
    error = dialog.form.errors["rejoined_on"]
    assert error.isVisible() and "21/10/2018" in error.text()
    screenshot(dialog, "rejoin_refused")
    dialog.rejoined_edit.clear()
    qtbot.keyClicks(dialog.rejoined_edit, "21/10/2018")
    with qtbot.waitSignal(page.agent_rejoined, timeout=LOAD_TIMEOUT_MS) as saved:
        save_with_enter(qtbot, dialog)
    rejoined = saved.args[0]
    assert (rejoined.joined_on, rejoined.ended_on, rejoined.status.active) == (
        date(2018, 10, 21),
        None,
        True,
    )
    reload(qtbot, page)


def test_status_filter_shows_ended_or_active_agents_only(
    qtbot, page: PerisaiPage, demo_db: Database
) -> None:
    agent = perisai.register_agent(
        demo_db,
        page.session.actor,
        AgentInput(fresh_nik(date(1981, 1, 1)), "Agen Lama", "SDR", date(2018, 2, 15)),
    )
    perisai.end_agent(demo_db, page.session.actor, agent.nik, date(2018, 3, 1), "Pindah kerja")
    reload(qtbot, page)
    all_niks = set(niks(page.model))
    page.select(status="ended")
    assert niks(page.model) == [agent.nik]
    assert texts(page.model, Agents.COL_NIK) == [mask_nik(agent.nik)]  # masked (issue #11)
    page.select(status="active")
    assert set(niks(page.model)) == all_niks - {agent.nik}
    assert "1 berakhir" in page.agents_tile.detail.text()


def test_an_inspector_sees_agents_but_cannot_register_end_or_rejoin(
    open_page, session_for: Callable[[str], SignedIn]
) -> None:
    page = open_page(session_for("pemeriksa.sdr"))
    assert page.model.rowCount() > 0 and page.selected_nik() is not None
    assert not page.register_button.isEnabled()
    assert not page.end_button.isEnabled() and not page.rejoin_button.isEnabled()
    assert page.office_code == "SDR"  # branch staff see their own office first


def test_dialog_is_window_modal_and_escape_on_an_untouched_form_closes_it(
    qtbot, page: PerisaiPage
) -> None:
    dialog = page.open_register_dialog()
    assert dialog.windowModality() == Qt.WindowModality.WindowModal
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert page.dialog is None
    assert QApplication.activeModalWidget() is None
