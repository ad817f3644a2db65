"""The app-wide "data changed" signal: a save in one window reloads the pages that show it,
without the form (or the main window) knowing those pages."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget

from bpjs_desktop.domain.periods import today_wib
from bpjs_desktop.ui.common.events import DataKind, data_changed, data_events, reload_on
from bpjs_desktop.ui.membership.employer_form import EmployerFormDialog
from bpjs_desktop.ui.membership.list_pages import EmployersPage
from tests.ui.keyboard import discard_without_asking, press
from tests.ui.test_employer_form import type_employer


@pytest.fixture(autouse=True)
def _no_blocking_questions(monkeypatch):
    discard_without_asking(monkeypatch)


class Counter:
    def __init__(self) -> None:
        self.calls = 0

    def __call__(self) -> None:
        self.calls += 1


@pytest.fixture
def page(qtbot) -> QWidget:
    widget = QWidget()
    qtbot.addWidget(widget)
    return widget


def test_a_shown_page_reloads_at_once_and_only_for_what_it_shows(qtbot, page: QWidget) -> None:
    reload = Counter()
    reload_on(page, (DataKind.CLAIM, DataKind.SETTINGS), reload)
    page.show()
    qtbot.waitExposed(page)

    data_changed(DataKind.WORKER)  # not what the page shows
    assert reload.calls == 0
    data_changed(DataKind.CLAIM, "GRS")
    assert reload.calls == 1
    data_changed(DataKind.SETTINGS)
    assert reload.calls == 2


def test_a_hidden_page_reloads_once_when_it_is_shown_again(qtbot, page: QWidget) -> None:
    """Nobody waits for a list they are not looking at: two saves meanwhile, one reload."""
    reload = Counter()
    reload_on(page, (DataKind.WORKER,), reload)
    data_changed(DataKind.WORKER)
    data_changed(DataKind.WORKER)
    assert reload.calls == 0

    page.show()
    qtbot.waitExposed(page)
    assert reload.calls == 1
    page.hide()
    page.show()  # nothing changed since
    assert reload.calls == 1


def test_a_page_may_ignore_another_offices_change(qtbot, page: QWidget) -> None:
    reload = Counter()
    reload_on(page, (DataKind.ARREARS,), reload, concerns=lambda office: office in (None, "GRS"))
    page.show()
    qtbot.waitExposed(page)
    data_changed(DataKind.ARREARS, "MJK")
    assert reload.calls == 0
    data_changed(DataKind.ARREARS, "GRS")
    data_changed(DataKind.ARREARS)  # any office
    assert reload.calls == 2


def test_saving_an_employer_reloads_the_employer_list_through_the_event(qtbot, session_for) -> None:
    """An officer has the employer list open and registers a new employer in a form that knows
    nothing of the list (no main window, no connection): the list shows it after the save."""
    officer = session_for("pelayanan.grs")
    employers = EmployersPage(officer)
    qtbot.addWidget(employers)
    employers.show()
    qtbot.waitExposed(employers)
    employers.apply_filters()
    before = employers.model.total

    form = EmployerFormDialog(officer)
    form.registered_edit.set_value(today_wib())
    qtbot.addWidget(form)
    form.show()
    qtbot.waitExposed(form)
    qtbot.waitUntil(lambda: QApplication.activeWindow() is form)
    type_employer(qtbot, form)
    with qtbot.waitSignal(data_events().changed, timeout=5_000) as blocker:
        press(qtbot, Qt.Key.Key_Return)
    assert blocker.args == ["employer", None]

    row = form.result_value
    assert row is not None, form.general_error.text()
    assert employers.model.total == before + 1
    shown = [employers.model.row_object(r).npp for r in range(employers.model.total)]
    assert row.npp in shown
