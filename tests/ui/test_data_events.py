"""The app-wide "data changed" signal: a save in one window reloads the pages that show it,
without the form (or the main window) knowing those pages."""

from __future__ import annotations

import gc

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from bpjs_desktop.domain.claims import ClaimType
from bpjs_desktop.domain.periods import format_date, today_wib
from bpjs_desktop.ui.claims.claim_form import ClaimFormDialog
from bpjs_desktop.ui.claims.claims_page import ClaimsPage
from bpjs_desktop.ui.common.events import DataKind, data_changed, data_events, reload_on
from bpjs_desktop.ui.membership.employer_form import EmployerFormDialog
from bpjs_desktop.ui.membership.list_pages import EmployersPage
from tests.ui.conftest import LOAD_TIMEOUT_MS
from tests.ui.keyboard import press, retype, shown
from tests.ui.test_claims_desk import leaver  # noqa: F401 (a fixture)
from tests.ui.test_employer_form import type_employer

pytestmark = pytest.mark.usefixtures("no_blocking_questions")


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


def test_the_page_keeps_listening_after_a_garbage_collection(qtbot) -> None:
    """Pages drop what reload_on returns; the subscription lives as long as the page."""

    class ListPage(QWidget):
        def __init__(self) -> None:
            super().__init__()
            self.reloads = 0
            reload_on(self, (DataKind.WORKER,), self.reload)

        def reload(self) -> None:
            self.reloads += 1

    list_page = ListPage()
    qtbot.addWidget(list_page)
    gc.collect()
    data_changed(DataKind.WORKER)
    list_page.show()
    qtbot.waitExposed(list_page)
    assert list_page.reloads == 1


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
    with qtbot.waitSignal(employers.model.source_loaded, timeout=LOAD_TIMEOUT_MS):
        employers.apply_filters()  # counted in the background
    before = employers.model.total

    form = EmployerFormDialog(officer)
    form.registered_edit.set_value(today_wib())
    shown(qtbot, form)
    type_employer(qtbot, form)
    with qtbot.waitSignal(data_events().changed, timeout=5_000) as blocker:
        press(qtbot, Qt.Key.Key_Return)
    assert blocker.args == ["employer", None]

    row = form.result_value
    assert row is not None, form.general_error.text()
    qtbot.waitUntil(lambda: employers.model.total == before + 1, timeout=LOAD_TIMEOUT_MS)
    listed = [employers.model.row_object(r).npp for r in range(employers.model.total)]
    assert row.npp in listed


def test_logging_a_claim_reloads_the_claims_list_through_the_event(
    qtbot,
    session_for,
    leaver,  # noqa: F811 (the fixture imported above)
) -> None:
    """The claims list is open; a claim is logged in a form made on its own (not the list's
    "Klaim baru"): the list counts it as soon as the form has saved."""
    kpj, end_date, _name = leaver
    officer = session_for("pelayanan.grs")
    claims_list = ClaimsPage(officer)
    qtbot.addWidget(claims_list)
    claims_list.show()
    qtbot.waitExposed(claims_list)  # the list loads when first shown, in the background
    qtbot.waitUntil(lambda: not claims_list.model.loading, timeout=LOAD_TIMEOUT_MS)
    before = claims_list.model.total

    form = ClaimFormDialog(officer)
    qtbot.addWidget(form)
    form.show()
    qtbot.waitExposed(form)
    retype(qtbot, form.member_edit, kpj)
    qtbot.keyClick(form.member_edit, Qt.Key.Key_Return)
    form.type_combo.setCurrentIndex(form.type_combo.findData(ClaimType.JHT_PENUH.value))
    retype(qtbot, form.event_edit, format_date(end_date))
    retype(qtbot, form.account_edit, "0123456789")
    assert form.run_check()
    with qtbot.waitSignal(data_events().changed, timeout=5_000) as blocker:
        qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    assert blocker.args == ["claim", None]

    claim_no = form.result_value.claim_no
    qtbot.waitUntil(lambda: claims_list.model.total == before + 1, timeout=LOAD_TIMEOUT_MS)
    listed = [claims_list.model.row_object(r).claim_no for r in range(claims_list.model.total)]
    assert claim_no in listed
