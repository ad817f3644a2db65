"""The app-wide "data changed" signal: a save in one window reloads the pages that show it,
without the form (or the main window) knowing those pages."""

from __future__ import annotations

import gc

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget
from sqlalchemy import select

from bpjs_desktop.db.models import Employer, Office
from bpjs_desktop.domain.claims import ClaimType
from bpjs_desktop.domain.periods import format_date, today_wib
from bpjs_desktop.services import reports
from bpjs_desktop.services.workstation import SignedIn
from bpjs_desktop.ui.claims.claim_form import ClaimFormDialog
from bpjs_desktop.ui.claims.claims_page import ClaimsPage
from bpjs_desktop.ui.common.events import DataKind, data_changed, data_events, reload_on
from bpjs_desktop.ui.membership.employer_form import EmployerFormDialog
from bpjs_desktop.ui.membership.employer_page import EmployerPage
from bpjs_desktop.ui.membership.list_pages import EmployersPage, WorkersPage
from bpjs_desktop.ui.membership.perisai_page import PerisaiPage
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
    reload_on(page, (DataKind.ARREARS,), reload, concerns=("GRS",))
    page.show()
    qtbot.waitExposed(page)
    data_changed(DataKind.ARREARS, "MJK")
    assert reload.calls == 0
    data_changed(DataKind.ARREARS, "GRS")
    data_changed(DataKind.ARREARS)  # no one office (a regional change): every page reloads
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
    row = form.result_value
    assert row is not None, form.general_error.text()
    # The event names the office the employer was registered in (the officer's own).
    assert blocker.args == ["employer", "GRS"] and row.office_code == "GRS"
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
    # The claim is the office's that logged it: the event names it.
    assert blocker.args == ["claim", "GRS"] and form.result_value.office_code == "GRS"

    claim_no = form.result_value.claim_no
    qtbot.waitUntil(lambda: claims_list.model.total == before + 1, timeout=LOAD_TIMEOUT_MS)
    listed = [claims_list.model.row_object(r).claim_no for r in range(claims_list.model.total)]
    assert claim_no in listed


def _other_branch(session: SignedIn, office: str) -> str:
    """A branch office of the demo other than *office*."""
    offices = reports.list_offices(session.db, actor=session.actor)
    return next(o.code for o in offices if o.kind != "KANWIL" and o.code != office)


def test_an_employer_page_reloads_for_its_own_office_only(qtbot, session, wait_for_tasks) -> None:
    """The page of an employer re-reads it when a worker or a case of its office is saved, not
    when another branch saves theirs; a claim of its workers may be logged at any branch, so a
    claim of any office re-reads it."""
    with session.db.read() as s:
        npp = s.scalars(select(Employer.npp).order_by(Employer.npp).limit(1)).one()
    page = EmployerPage(session, npp)
    qtbot.addWidget(page)
    with (
        qtbot.waitExposed(page),
        qtbot.waitSignals([page.summary_loaded, page.loaded], timeout=LOAD_TIMEOUT_MS),
    ):
        page.show()
    assert page.summary is not None
    own = page.summary.office_code
    other = _other_branch(session, own)

    with qtbot.assertNotEmitted(page.summary_loaded, wait=300):
        data_changed(DataKind.WORKER, other)
        data_changed(DataKind.ARREARS, other)
    assert "Memuat" not in page.status_label.text()
    with qtbot.waitSignal(page.loaded, timeout=LOAD_TIMEOUT_MS):
        data_changed(DataKind.WORKER, own)
    with qtbot.waitSignal(page.loaded, timeout=LOAD_TIMEOUT_MS):
        data_changed(DataKind.CLAIM, other)
    wait_for_tasks()


def test_a_branch_view_skips_another_branch_and_the_regional_view_takes_both(
    qtbot, session, wait_for_tasks
) -> None:
    """The Perisai list of KC Gresik is not read again when another branch registers an agent;
    with the whole region chosen it is, for either branch."""
    page = PerisaiPage(session)
    qtbot.addWidget(page)
    with (
        qtbot.waitExposed(page),
        qtbot.waitSignal(page.agents_loaded, timeout=LOAD_TIMEOUT_MS),
    ):
        page.show()
    wait_for_tasks()
    other = _other_branch(session, "GRS")
    region = next(o.code for o in page.office_combo.offices if o.kind == "KANWIL")

    with qtbot.waitSignal(page.agents_loaded, timeout=LOAD_TIMEOUT_MS):
        page.select(office_code="GRS")
    wait_for_tasks()
    with qtbot.assertNotEmitted(page.agents_loaded, wait=300):
        data_changed(DataKind.PERISAI, other)
    with qtbot.waitSignal(page.agents_loaded, timeout=LOAD_TIMEOUT_MS):
        data_changed(DataKind.PERISAI, "GRS")
    wait_for_tasks()

    with qtbot.waitSignal(page.agents_loaded, timeout=LOAD_TIMEOUT_MS):
        page.select(office_code=region)
    assert page.office_combo.currentText().startswith("Seluruh")
    for office in ("GRS", other):
        wait_for_tasks()
        with qtbot.waitSignal(page.agents_loaded, timeout=LOAD_TIMEOUT_MS):
            data_changed(DataKind.PERISAI, office)
    wait_for_tasks()


@pytest.mark.parametrize("kind", [DataKind.CLAIM, DataKind.WORKER])
def test_a_branch_list_skips_another_branchs_save(qtbot, officer, wait_for_tasks, kind) -> None:
    """The claims list and the worker list of a KC Gresik officer show Gresik: a claim or a
    worker saved at another branch does not read them again; one saved at Gresik does, and so
    does a save of no particular office (a member moved between offices)."""
    page = ClaimsPage(officer) if kind is DataKind.CLAIM else WorkersPage(officer)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitExposed(page)
    qtbot.waitUntil(lambda: not page.model.loading, timeout=LOAD_TIMEOUT_MS)
    assert page.office_combo.currentData() == "GRS"
    with officer.db.read() as s:  # (the officer's own scope lists Gresik alone)
        other = s.scalars(
            select(Office.code).where(Office.kind == "KC", Office.code != "GRS").limit(1)
        ).one()

    with qtbot.assertNotEmitted(page.model.source_loaded, wait=300):
        data_changed(kind, other)
    assert not page.model.loading
    for office in ("GRS", None):
        with qtbot.waitSignal(page.model.source_loaded, timeout=LOAD_TIMEOUT_MS):
            data_changed(kind, office)
    wait_for_tasks()
