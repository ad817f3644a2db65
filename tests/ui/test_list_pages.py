"""The worker and employer lists (ui/membership/list_pages.py), filtered and opened from the
keyboard: an NPP typed and Enter lists that employer's workers, counted as the database counts."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from bpjs_desktop.services.workstation import SignedIn
from bpjs_desktop.ui.common.widgets import choose
from bpjs_desktop.ui.membership.list_pages import EmployersPage, WorkersPage
from tests.helpers import one_row
from tests.ui.conftest import LOAD_TIMEOUT_MS


def busiest_employer(session: SignedIn) -> tuple[str, int]:
    """(NPP, active PU memberships) of the demo employer with the most active workers."""
    row = one_row(
        session.db,
        "SELECT e.npp, count(*) AS n FROM membership m JOIN employer e ON e.id = m.employer_id "
        "WHERE m.end_date IS NULL GROUP BY e.npp ORDER BY n DESC, e.npp LIMIT 1",
    )
    return row[0], row[1]


def make_page(qtbot, page):
    qtbot.addWidget(page)
    page.show()
    page.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is page)
    return page


def loaded(qtbot, page):
    """Wait until the list the page asked for has been counted and shown (in the background)."""
    return qtbot.waitSignal(page.model.source_loaded, timeout=LOAD_TIMEOUT_MS)


def test_an_npp_typed_and_enter_lists_that_employers_active_workers(qtbot, session: SignedIn):
    npp, active = busiest_employer(session)
    page = make_page(qtbot, WorkersPage(session))
    assert page.status_combo.currentData() == "aktif"  # active members by default
    page.npp_edit.setFocus()
    qtbot.keyClicks(page.npp_edit, npp)
    with loaded(qtbot, page):
        qtbot.keyClick(page.npp_edit, Qt.Key.Key_Return)
        assert page.count_label.text() == "Memuat…"  # counted in the background
    assert page.model.total == active
    assert page.count_label.text() == f"{active:,} baris".replace(",", ".")
    assert page.table.currentIndex().row() == 0
    # the NIK column is masked until a reason is given
    headers = [
        page.model.headerData(c, Qt.Orientation.Horizontal) for c in range(page.model.columnCount())
    ]
    nik_column = headers.index("NIK")
    nik = page.model.row_object(0).nik
    assert page.model.data(page.model.index(0, nik_column)) == nik[:4] + "•" * 8 + nik[-4:]


def test_choosing_all_statuses_lists_more_or_as_many(qtbot, session: SignedIn):
    npp, active = busiest_employer(session)
    page = make_page(qtbot, WorkersPage(session))
    page.npp_edit.setText(npp)
    with loaded(qtbot, page):
        page.apply_filters()
    assert page.model.total == active
    with loaded(qtbot, page):
        choose(page.status_combo, None)  # Semua: ended memberships too; the list follows at once
    every = one_row(
        session.db,
        "SELECT count(*) FROM membership m JOIN employer e ON e.id = m.employer_id "
        "WHERE e.npp = :npp",
        npp=npp,
    )[0]
    assert page.model.total == every >= active


def test_enter_on_a_worker_opens_that_kpj(qtbot, session: SignedIn):
    npp, _active = busiest_employer(session)
    page = make_page(qtbot, WorkersPage(session))
    with loaded(qtbot, page):
        page.show_employer(npp)
    assert page.npp_edit.text() == npp and page.office_combo.currentIndex() == 0
    row = page.model.row_object(0)
    page.table.setFocus()
    with qtbot.waitSignal(page.worker_activated) as opened:
        qtbot.keyClick(page.table, Qt.Key.Key_Return)
    assert opened.args == [row.kpj]


def test_enter_on_an_employer_opens_that_npp(qtbot, session: SignedIn):
    page = make_page(qtbot, EmployersPage(session))
    with loaded(qtbot, page):
        page.apply_filters()
    assert page.model.total > 1
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_Down)
    row = page.model.row_object(page.table.currentIndex().row())
    with qtbot.waitSignal(page.employer_activated) as opened:
        qtbot.keyClick(page.table, Qt.Key.Key_Return)
    assert opened.args == [row.npp]
