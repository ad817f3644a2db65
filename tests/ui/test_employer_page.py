"""The employer page: header figures, the five tabs, background loading, keyboard, signals.

The page runs on a private copy of the scale-0.005 demo. Expected figures come from the services
(employer_view, directory) and are formatted here independently of the app's formatter.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from sqlalchemy import func, select

from bpjs_desktop.db.engine import Database
from bpjs_desktop.db.models import ArrearsCase, Claim, Employer, FollowUp, Membership
from bpjs_desktop.domain.claims import ClaimState, ClaimType
from bpjs_desktop.domain.identifiers import make_npp
from bpjs_desktop.errors import NotFoundError
from bpjs_desktop.services import employer_view
from bpjs_desktop.services.arrears import OPEN_STATUSES
from bpjs_desktop.services.claims import ClaimRow
from bpjs_desktop.services.directory import WorkerFilter, WorkerQuery
from bpjs_desktop.services.employer_view import BillState, EmployerView, TimelineKind
from bpjs_desktop.services.workstation import SignedIn
from bpjs_desktop.ui.common.tables import LOADING, Column, PagedModel, RowsModel
from bpjs_desktop.ui.membership.employer_page import (
    LATE_COLOUR,
    BillsTableModel,
    CasesTableModel,
    EmployerClaimsModel,
    EmployerPage,
    EmployerTimelineModel,
    FollowUpsTableModel,
    PaymentsTableModel,
    WorkersRead,
)

LOAD_TIMEOUT_MS = 20_000
AS_OF = date(2018, 4, 30)  # the demo's own date: the page computes its figures for it


def dotted(value: int) -> str:
    return f"{value:,}".replace(",", ".")


def rupiah(value: int) -> str:
    return "Rp" + dotted(value)


def busiest_debtor(db: Database) -> str:
    """The demo employer with an open, followed-up arrears case and the most workers."""
    with db.read() as session:
        workers = (
            select(func.count())
            .where(Membership.employer_id == Employer.id)
            .correlate(Employer)
            .scalar_subquery()
        )
        followed = (
            select(ArrearsCase.employer_id)
            .join(FollowUp, FollowUp.case_id == ArrearsCase.id)
            .where(ArrearsCase.status.in_(OPEN_STATUSES))
        )
        npp = session.scalar(
            select(Employer.npp)
            .where(Employer.id.in_(followed))
            .order_by(workers.desc(), Employer.npp)
            .limit(1)
        )
    assert npp is not None, "the demo has no employer with an open, followed-up case"
    return npp


def most_claims(db: Database) -> str:
    """The demo employer whose workers made the most claims."""
    with db.read() as session:
        npp = session.scalar(
            select(Employer.npp)
            .join(Membership, Membership.employer_id == Employer.id)
            .join(Claim, Claim.membership_id == Membership.id)
            .group_by(Employer.npp)
            .order_by(func.count().desc(), Employer.npp)
            .limit(1)
        )
    assert npp is not None
    return npp


@pytest.fixture
def open_page(qtbot, session: SignedIn, wait_for_tasks) -> Iterator[Callable[[str], EmployerPage]]:
    """Open a shown employer page and wait until every tab is loaded (the header first)."""

    def open_(npp: str) -> EmployerPage:
        page = EmployerPage(session, npp)
        qtbot.addWidget(page)
        page.resize(1110, 760)
        # The reading started in the constructor; its results arrive in the loop below.
        with (
            qtbot.waitExposed(page),
            qtbot.waitSignals(
                [page.summary_loaded, page.loaded], order="strict", timeout=LOAD_TIMEOUT_MS
            ),
        ):
            page.show()
        return page

    yield open_
    wait_for_tasks()


@pytest.fixture
def debtor_page(open_page, demo_db: Database) -> EmployerPage:
    return open_page(busiest_debtor(demo_db))


def texts(model: Any, column: int) -> list[str]:
    return [model.data(model.index(row, column)) for row in range(model.rowCount())]


# --- the models ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("model_class", "rows_of"),
    [
        (BillsTableModel, lambda v: v.bills),
        (PaymentsTableModel, lambda v: v.payments),
        (CasesTableModel, lambda v: v.cases),
        (FollowUpsTableModel, lambda v: v.cases[0].follow_ups),
        (EmployerClaimsModel, lambda v: v.claims),
        (EmployerTimelineModel, lambda v: v.timeline),
    ],
    ids=["bills", "payments", "cases", "follow_ups", "claims", "timeline"],
)
def test_list_models_pass_the_qt_model_tester_empty_filled_sorted_and_cleared(
    qtmodeltester, demo_db: Database, model_class: type[RowsModel[Any]], rows_of
) -> None:
    """Each tab's model keeps Qt's model contract: empty, filled, sorted by every column, emptied."""
    view = employer_view.overview(demo_db, busiest_debtor(demo_db), AS_OF)
    rows = rows_of(view)
    assert rows, f"the demo debtor has no rows for {model_class.__name__}"
    model = model_class()
    qtmodeltester.check(model)
    model.set_rows(rows)
    qtmodeltester.check(model)
    assert model.rowCount() == len(rows)
    for column in range(model.columnCount()):
        for order in (Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder):
            model.sort(column, order)
            assert sorted(map(id, (model.row_object(r) for r in range(len(rows))))) == sorted(
                map(id, rows)
            ), "sorting lost or duplicated a row"
    model.set_rows([])
    assert model.rowCount() == 0


def claim(number: int, paid_on: date | None) -> ClaimRow:
    return ClaimRow(
        number, f"GRS-201804-{number:05d}", "18000000001", "SITI AMINAH", "GRS", ClaimType.JKK,
        ClaimState.DIBAYAR if paid_on else ClaimState.VERIFIKASI, date(2018, 4, 1),
        date(2018, 4, 2), None, paid_on, None, "", None,
    )  # fmt: skip


def test_sorting_puts_empty_values_first_ascending_and_last_descending() -> None:
    """Claims not yet paid (no date) sort before paid ones ascending, after them descending."""
    model = EmployerClaimsModel()
    model.set_rows([claim(1, date(2018, 4, 20)), claim(2, None), claim(3, date(2018, 4, 5))])
    model.sort(EmployerClaimsModel.COL_PAID, Qt.SortOrder.AscendingOrder)
    assert texts(model, EmployerClaimsModel.COL_PAID) == ["–", "05/04/2018", "20/04/2018"]
    model.sort(EmployerClaimsModel.COL_PAID, Qt.SortOrder.DescendingOrder)
    assert texts(model, EmployerClaimsModel.COL_PAID) == ["20/04/2018", "05/04/2018", "–"]
    model.sort(EmployerClaimsModel.COL_NUMBER, Qt.SortOrder.AscendingOrder)
    assert texts(model, EmployerClaimsModel.COL_NUMBER)[0] == "GRS-201804-00001"


def test_a_first_page_read_in_the_background_is_shown_without_a_query(qtbot) -> None:
    """The count and first page read off the GUI thread are shown as they are; only another
    order (or a later page) goes back to the database, in the background, never from data()."""

    class CountingQuery:
        def __init__(self) -> None:
            self.calls: list[tuple[Any, ...]] = []

        def count(self) -> int:
            self.calls.append(("count",))
            return 3

        def page(self, offset, limit, sort_key, descending):
            self.calls.append((offset, limit, sort_key, descending))
            return ["from sql"]

    query = CountingQuery()
    read = WorkersRead(query, 3, ["a", "b", "c"], "kpj")  # type: ignore[arg-type]
    model = PagedModel([Column("KPJ", str, "kpj"), Column("Nama", str, "name")])
    model.sort(0, Qt.SortOrder.AscendingOrder)
    model.set_source(
        read.query, count=read.count, first_page=read.first_page, sort_key=read.sort_key
    )
    assert [model.index(r, 0).data() for r in range(3)] == ["a", "b", "c"]
    assert query.calls == []
    with qtbot.waitSignal(model.rows_loaded, timeout=LOAD_TIMEOUT_MS):
        model.set_source(query, count=3, first_page=["a"], sort_key="name")  # another order
        assert model.index(0, 0).data() == LOADING  # read again in the background
    assert query.calls == [(0, 3, "kpj", False)]


# --- opening an employer ---------------------------------------------------------------------------


def test_header_shows_the_figures_of_the_services(debtor_page: EmployerPage, demo_db) -> None:
    """Name, NPP and office; active workers, last bill, arrears with its bucket, the case stage."""
    page = debtor_page
    s = employer_view.employer_summary(demo_db, page.npp, AS_OF)
    assert s.arrears_principal > 0 and s.open_case_stage is not None  # the debtor we asked for
    assert page.title_label.text() == s.name
    assert f"NPP {s.npp}" in page.identity_label.text()
    assert s.office_name in page.identity_label.text()
    assert page.workers_tile.value.text() == dotted(s.active_workers)
    assert page.bill_tile.value.text() == rupiah(s.latest_bill_amount)
    assert page.arrears_tile.value.text() == rupiah(s.arrears_principal)
    assert rupiah(s.arrears_fine) in page.arrears_tile.detail.text()
    assert s.ageing_bucket in page.arrears_tile.detail.text()
    assert page.case_tile.value.text() == s.open_case_stage_label
    assert "30/04/2018" in page.status_label.text()


def test_tabs_hold_what_the_services_return(debtor_page: EmployerPage, demo_db) -> None:
    """Every tab shows every row of its service call; the tab titles count them."""
    page = debtor_page
    view = employer_view.overview(demo_db, page.npp, AS_OF)
    assert page.view == view
    assert page.bills_model.rowCount() == len(view.bills)
    assert page.payments_model.rowCount() == len(view.payments)
    assert page.cases_model.rowCount() == len(view.cases)
    assert page.follow_ups_model.rowCount() == len(view.cases[0].follow_ups)
    assert page.claims_model.rowCount() == len(view.claims)
    assert page.timeline_model.rowCount() == len(view.timeline)
    assert page.tabs.tabText(page.TAB_BILLS) == f"&Iuran ({len(view.bills)})"
    assert page.tabs.tabText(page.TAB_CLAIMS) == f"&Klaim ({len(view.claims)})"
    # Newest month first, amounts in rupiah, overdue months in red.
    newest = view.bills[0]
    assert texts(page.bills_model, BillsTableModel.COL_PERIOD)[0] == newest.blth
    assert texts(page.bills_model, BillsTableModel.COL_AMOUNT)[0] == rupiah(newest.amount)
    overdue = [i for i, b in enumerate(view.bills) if b.state is BillState.MENUNGGAK]
    assert overdue
    index = page.bills_model.index(overdue[0], BillsTableModel.COL_STATE)
    assert page.bills_model.data(index) == "Menunggak"
    assert page.bills_model.data(index, Qt.ItemDataRole.ForegroundRole) == LATE_COLOUR
    assert texts(page.timeline_model, EmployerTimelineModel.COL_TEXT)[0] == view.timeline[0].text


def test_worker_tab_pages_the_employers_memberships_sorted_in_sql(
    debtor_page: EmployerPage, demo_db, qtmodeltester, qtbot
) -> None:
    """The Pekerja tab lists every membership of the employer, by KPJ; a header click sorts by
    name in SQL."""
    page = debtor_page
    query = WorkerQuery(demo_db, WorkerFilter(employer_npp=page.npp), on=AS_OF)
    model = page.workers_model
    qtmodeltester.check(model)
    assert model.total == query.count() > 0
    assert texts(model, 0)[:5] == [r.kpj for r in query.page(0, 5, "kpj", False)]
    assert page.tabs.tabText(page.TAB_WORKERS) == f"&Pekerja ({dotted(query.count())})"

    with qtbot.waitSignal(model.rows_loaded, timeout=LOAD_TIMEOUT_MS):
        page.workers_table.sortByColumn(2, Qt.SortOrder.AscendingOrder)
    assert texts(model, 2)[:5] == [r.name for r in query.page(0, 5, "name", False)]


def test_worker_status_filter_reloads_the_list_in_the_background(
    debtor_page: EmployerPage, demo_db, qtbot
) -> None:
    """Choosing "Aktif" shows only the memberships active on the demo's date."""
    page = debtor_page
    active = WorkerQuery(demo_db, WorkerFilter(employer_npp=page.npp, status="aktif"), on=AS_OF)
    with qtbot.waitSignal(page.workers_model.modelReset, timeout=LOAD_TIMEOUT_MS):
        page.worker_status_combo.setCurrentIndex(page.worker_status_combo.findData("aktif"))
    assert page.workers_model.total == active.count()
    assert page.workers_count_label.text() == f"{dotted(active.count())} kepesertaan"
    assert active.count() == page.summary.active_workers


def test_enter_or_double_click_on_a_worker_row_asks_to_open_that_worker(
    debtor_page: EmployerPage, qtbot
) -> None:
    """Enter on the third worker row, or a double click, emits worker_activated with its KPJ."""
    page = debtor_page
    table = page.workers_table
    third = page.workers_model.row_object(2).kpj
    table.setFocus()
    table.setCurrentIndex(page.workers_model.index(2, 0))
    with qtbot.waitSignal(page.worker_activated, timeout=1000) as blocker:
        qtbot.keyClick(table, Qt.Key.Key_Return)
    assert blocker.args == [third]

    first = page.workers_model.row_object(0).kpj
    rect = table.visualRect(page.workers_model.index(0, 2))
    with qtbot.waitSignal(page.worker_activated, timeout=1000) as blocker:
        # A real double click presses first; the view activates only the row it saw pressed.
        qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        qtbot.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert blocker.args == [first]


def test_enter_on_a_claim_asks_to_open_that_claim(open_page, demo_db, qtbot) -> None:
    """Enter on a claim row emits claim_activated with its number."""
    page = open_page(most_claims(demo_db))
    page.tabs.setCurrentIndex(page.TAB_CLAIMS)
    table = page.claims_table
    table.setFocus()
    table.setCurrentIndex(page.claims_model.index(0, 0))
    with qtbot.waitSignal(page.claim_activated, timeout=1000) as blocker:
        qtbot.keyClick(table, Qt.Key.Key_Return)
    assert blocker.args == [page.claims_model.row_object(0).claim_no]


def test_enter_on_a_claim_in_the_timeline_opens_its_worker(open_page, demo_db, qtbot) -> None:
    """A timeline row about a claim opens the claimant; a row about a bill opens nothing."""
    page = open_page(most_claims(demo_db))
    page.tabs.setCurrentIndex(page.TAB_TIMELINE)
    table, model = page.timeline_table, page.timeline_model
    rows = [model.row_object(r) for r in range(model.rowCount())]
    claim_row = next(i for i, r in enumerate(rows) if r.kpj)
    bill_row = next(i for i, r in enumerate(rows) if r.kind is TimelineKind.IURAN)
    table.setFocus()
    table.setCurrentIndex(model.index(claim_row, 0))
    with qtbot.waitSignal(page.worker_activated, timeout=1000) as blocker:
        qtbot.keyClick(table, Qt.Key.Key_Return)
    assert blocker.args == [rows[claim_row].kpj]
    table.setCurrentIndex(model.index(bill_row, 0))
    with qtbot.assertNotEmitted(page.worker_activated):
        qtbot.keyClick(table, Qt.Key.Key_Return)


def test_ctrl_tab_moves_through_the_tabs_and_focuses_each_table(
    debtor_page: EmployerPage, qtbot
) -> None:
    """From the worker table, Ctrl+Tab goes to Iuran, Piutang…, wrapping; Ctrl+Shift+Tab goes back."""
    page = debtor_page
    page.activateWindow()
    page.workers_table.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is page.workers_table)
    seen = []
    for _step in range(5):
        qtbot.keyClick(
            QApplication.focusWidget(), Qt.Key.Key_Tab, Qt.KeyboardModifier.ControlModifier
        )
        seen.append(page.tabs.currentIndex())
        assert QApplication.focusWidget() is page.tab_tables[page.tabs.currentIndex()]
    assert seen == [1, 2, 3, 4, 0]
    qtbot.keyClick(
        QApplication.focusWidget(),
        Qt.Key.Key_Backtab,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert page.tabs.currentIndex() == 4


def test_case_selection_shows_its_follow_ups_in_order(debtor_page: EmployerPage) -> None:
    """The first (newest) case is chosen; its follow-ups are listed oldest first."""
    page = debtor_page
    case = page.cases_model.row_object(0)
    shown = [page.follow_ups_model.row_object(r) for r in range(page.follow_ups_model.rowCount())]
    assert shown == list(case.follow_ups)
    assert [f.done_on for f in shown] == sorted(f.done_on for f in shown)
    assert f"({len(shown)})" in page.follow_ups_caption.text()


def test_an_unknown_npp_is_reported_on_the_page(qtbot, session: SignedIn, wait_for_tasks) -> None:
    """No employer with the NPP: load_failed carries a NotFoundError and the page says so."""
    npp = make_npp(2017, 999_999)
    page = EmployerPage(session, npp)
    qtbot.addWidget(page)
    with qtbot.waitSignal(page.load_failed, timeout=LOAD_TIMEOUT_MS) as blocker:
        page.show()
    assert isinstance(blocker.args[0], NotFoundError)
    assert npp in page.status_label.text()
    assert npp in page.title_label.text()
    wait_for_tasks()


def test_show_employer_reuses_the_page_for_another_employer(
    debtor_page: EmployerPage, demo_db, qtbot
) -> None:
    """The main window may reuse one page: show_employer loads the other employer's record."""
    other = most_claims(demo_db)
    assert other != debtor_page.npp
    with qtbot.waitSignal(debtor_page.loaded, timeout=LOAD_TIMEOUT_MS) as blocker:
        debtor_page.show_employer(other)
    assert blocker.args[0].summary.npp == other
    assert debtor_page.title_label.text() == blocker.args[0].summary.name
    assert debtor_page.claims_model.rowCount() == len(blocker.args[0].claims)


def test_a_late_answer_to_an_earlier_reading_is_ignored(
    debtor_page: EmployerPage, demo_db, qtbot, wait_for_tasks
) -> None:
    """Opening another employer while the first is still being read: only the last one shows,
    whichever reading comes back last."""
    page = debtor_page
    first, other = page.npp, most_claims(demo_db)
    views: list[EmployerView] = []
    page.loaded.connect(views.append)
    page.show_employer(first)  # read again...
    with qtbot.waitSignal(page.loaded, timeout=LOAD_TIMEOUT_MS):
        page.show_employer(other)  # ...and at once another employer
    wait_for_tasks()
    qtbot.waitUntil(lambda: not page.loader.busy, timeout=LOAD_TIMEOUT_MS)
    assert [view.summary.npp for view in views] == [other]
    assert page.view is not None and page.view.summary.npp == other
    assert page.title_label.text() == page.view.summary.name


def test_screenshots_of_every_tab(open_page, demo_db, screenshot) -> None:
    """Each tab renders (for a debtor, and for the employer with the most claims)."""
    for npp in (busiest_debtor(demo_db), most_claims(demo_db)):
        page = open_page(npp)
        for index, name in enumerate(("pekerja", "iuran", "piutang", "klaim", "linimasa")):
            page.tabs.setCurrentIndex(index)
            screenshot(page, f"employer-{npp}-{index}-{name}")
