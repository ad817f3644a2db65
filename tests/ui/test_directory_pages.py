"""The search box, the worker and employer lists, and a person's record, driven as a user would."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from sqlalchemy import text

from bpjs_desktop.domain.masking import mask_kpj
from bpjs_desktop.services.workstation import SignedIn
from bpjs_desktop.ui.common.tables import LOADING, PagedModel
from bpjs_desktop.ui.main_window import MainWindow
from bpjs_desktop.ui.membership.list_pages import WorkersPage
from tests.helpers import one_row
from tests.ui.conftest import LOAD_TIMEOUT_MS
from tests.ui.test_search_box import a_member


def test_ctrl_f_then_a_nik_and_enter_opens_that_persons_record(
    qtbot, make_window: Callable[[SignedIn], MainWindow], session: SignedIn, screenshot
) -> None:
    """The front office's most common move: Ctrl+F, type the NIK, Enter → the record."""
    nik, kpj, name = a_member(session)
    window = make_window(session)
    window.activateWindow()
    qtbot.waitActive(window)
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.search_box.hasFocus()
    qtbot.keyClicks(window.search_box, nik)
    window.search_box.run_search()  # the typing pause would run it; do not wait for the timer
    assert window.search_box.popup.isVisible()
    assert window.search_box.popup.list.count() == 1
    shown = window.search_box.popup.list.item(0).text()
    assert kpj[-4:] in shown and kpj not in shown and nik not in shown  # masked in the list
    qtbot.keyClick(window.search_box, Qt.Key.Key_Return)
    assert window.pages.currentWidget() is window.member_page
    assert window.member_page.title.text() == name
    assert window.member_page.fields["nik"].text() == nik
    assert window.member_page.memberships.item(0, 0).text() == kpj
    # The person's JHT account (issue #10): a balance line, read-only.
    assert window.member_page.jht_balance.text().startswith("Saldo per ")
    screenshot(window, "member_record")
    window.go_back()
    assert window.pages.currentWidget() is window.overview_page


def test_arrow_keys_choose_among_name_matches(
    qtbot, make_window: Callable[[SignedIn], MainWindow], session: SignedIn
) -> None:
    """Typing part of a name lists matches; ↓ then Enter opens the second one."""
    window = make_window(session)
    _nik, _kpj, name = a_member(session)
    word = name.split()[0][:4].lower()
    window.search_box.setFocus()
    qtbot.keyClicks(window.search_box, word)
    hits = window.search_box.run_search()
    assert len(hits) >= 2
    assert all(
        any(w.startswith(word.upper()) for w in h.title.split()) for h in hits if h.kind == "worker"
    )
    assert hits[1].kind == "worker"  # people's first names are not words of company names
    qtbot.keyClick(window.search_box, Qt.Key.Key_Down)
    qtbot.keyClick(window.search_box, Qt.Key.Key_Return)
    assert window.pages.currentWidget() is window.member_page
    assert window.member_page.record is not None
    assert window.member_page.record.person_id == hits[1].person_id


def test_nothing_found_says_so(
    qtbot, make_window: Callable[[SignedIn], MainWindow], session: SignedIn
) -> None:
    window = make_window(session)
    window.search_box.setText("qqqzzz")
    assert window.search_box.run_search() == []
    assert "Tidak ada yang cocok" in window.search_box.popup.list.item(0).text()
    qtbot.keyClick(window.search_box, Qt.Key.Key_Return)
    assert window.pages.currentWidget() is window.overview_page


def every_worker(qtbot, make_window, session: SignedIn) -> tuple[MainWindow, WorkersPage]:
    """The main window on the worker list, showing every office's members of every status."""
    window = make_window(session)
    window.show_page(window.workers_page)
    page = window.workers_page
    page.office_combo.setCurrentIndex(0)  # all offices
    page.status_combo.setCurrentIndex(2)  # all statuses
    settled(qtbot, page)
    return window, page


def settled(qtbot, page) -> None:
    """Wait until the list last asked for is counted and shown (it is read in the background)."""
    qtbot.waitUntil(lambda: not page.model.loading, timeout=LOAD_TIMEOUT_MS)


def test_worker_list_pages_in_sql_and_opens_a_row(
    qtbot,
    qtmodeltester,
    make_window: Callable[[SignedIn], MainWindow],
    session: SignedIn,
    screenshot,
) -> None:
    """The list shows the count of every membership but reads only the pages on screen."""
    window, page = every_worker(qtbot, make_window, session)
    with session.db.read() as s:
        total = s.execute(text("SELECT count(*) FROM membership")).scalar_one()
    assert page.model.rowCount() == total
    assert page.model.pages_read <= 2
    assert len(page.model._pages) * PagedModel.PAGE < total
    qtmodeltester.check(page.model)
    screenshot(window, "workers_list")
    with qtbot.waitSignal(page.worker_activated, timeout=2000) as signal:
        page.table.setFocus()
        page.table.selectRow(3)
        qtbot.keyClick(page.table, Qt.Key.Key_Return)
    assert signal.args == [page.model.row_object(3).kpj]
    assert window.pages.currentWidget() is window.member_page


def test_sorting_by_name_is_done_by_the_database(
    qtbot, make_window: Callable[[SignedIn], MainWindow], session: SignedIn
) -> None:
    window = make_window(session)
    window.show_page(window.workers_page)
    page = window.workers_page
    settled(qtbot, page)
    with qtbot.waitSignal(page.model.rows_loaded, timeout=LOAD_TIMEOUT_MS):
        page.table.sortByColumn(2, Qt.SortOrder.DescendingOrder)  # read in the background
    names = [page.model.row_object(i).name for i in range(50)]
    assert names == sorted(names, reverse=True)


def test_scrolling_to_the_end_shows_the_last_worker_when_its_page_arrives(
    qtbot, make_window: Callable[[SignedIn], MainWindow], session: SignedIn
) -> None:
    """The end of the list is read from the back (no OFFSET); until it arrives the rows show "…"."""
    _window, page = every_worker(qtbot, make_window, session)
    last = page.model.rowCount() - 1
    with qtbot.waitSignal(
        page.model.rows_loaded,
        timeout=LOAD_TIMEOUT_MS,
        check_params_cb=lambda _first, loaded_last: loaded_last == last,
    ):
        page.table.scrollToBottom()
        assert page.model.index(last, 0).data() == LOADING
    with session.db.read() as s:
        kpj = s.execute(text("SELECT kpj FROM membership ORDER BY kpj DESC LIMIT 1")).scalar_one()
    qtbot.waitUntil(lambda: page.table.rowAt(page.table.viewport().height() - 1) in (-1, last))
    assert page.model.row_object(last).kpj == kpj
    assert page.model.index(last, 0).data() == mask_kpj(kpj)


def test_employer_list_filters_by_arrears_and_opens_the_employer(
    qtbot, qtmodeltester, make_window, session: SignedIn, screenshot
) -> None:
    window = make_window(session)
    window.show_page(window.employers_page)
    page = window.employers_page
    page.office_combo.setCurrentIndex(0)
    settled(qtbot, page)
    everyone = page.model.rowCount()
    page.arrears_combo.setCurrentIndex(page.arrears_combo.findData(True))
    settled(qtbot, page)
    in_arrears = page.model.rowCount()
    assert 0 < in_arrears < everyone
    assert page.count_label.text().startswith(f"{in_arrears}")
    qtmodeltester.check(page.model)
    screenshot(window, "employers_in_arrears")
    npp = page.model.row_object(0).npp
    page.table.selectRow(0)
    page.table.activated.emit(page.model.index(0, 0))
    assert window.pages.currentWidget() is window.employer_page
    assert window.employer_page.npp == npp
    qtbot.waitUntil(lambda: window.employer_page.summary is not None, timeout=20_000)
    assert window.employer_page.summary.npp == npp


def test_a_branch_officer_finds_and_lists_only_the_own_branch(
    qtbot, make_window: Callable[[SignedIn], MainWindow], session_for: Callable[[str], SignedIn]
) -> None:
    """The front office of KC Gresik (issue #11): a Sidoarjo member's NIK finds nothing, the
    worker list counts Gresik's memberships only, and its office chooser offers only Gresik."""
    session = session_for("pelayanan.grs")
    with session.db.read() as s:
        nik = s.execute(
            text(
                "SELECT p.nik FROM person p JOIN membership m ON m.person_id = p.id "
                "JOIN office o ON o.id = m.office_id WHERE o.code = 'SDA' AND NOT EXISTS ("
                "SELECT 1 FROM membership g JOIN office go ON go.id = g.office_id "
                "WHERE g.person_id = p.id AND go.code = 'GRS') ORDER BY m.id LIMIT 1"
            )
        ).scalar_one()
        own = s.execute(
            text(
                "SELECT count(*) FROM membership m JOIN office o ON o.id = m.office_id "
                "WHERE o.code = 'GRS'"
            )
        ).scalar_one()
    window = make_window(session)
    window.search_box.setText(nik)
    assert window.search_box.run_search() == []
    window.show_page(window.workers_page)
    page = window.workers_page
    offices = [page.office_combo.itemText(i) for i in range(page.office_combo.count())]
    assert not any("Sidoarjo" in text_ for text_ in offices)
    page.office_combo.setCurrentIndex(0)
    page.status_combo.setCurrentIndex(2)  # all statuses
    settled(qtbot, page)
    assert page.model.rowCount() == own


def test_the_worker_list_is_masked_and_a_reveal_asks_why_and_is_audited(
    qtbot, make_window: Callable[[SignedIn], MainWindow], session_for, screenshot, monkeypatch
) -> None:
    """Issue #11 item 2: NIK, KPJ and wage are masked in the list; the front office of KC Gresik
    (``personal.view``) selects a row, *Tampilkan*, gives a reason, and sees that row in full; the
    audit trail has who, which membership and why, never the NIK. An AR may not ask at all."""
    from bpjs_desktop.ui.membership import list_pages

    session = session_for("pelayanan.grs")
    window = make_window(session)
    window.show_page(window.workers_page)
    page = window.workers_page
    page.status_combo.setCurrentIndex(2)  # all statuses
    settled(qtbot, page)
    row = page.model.row_object(0)
    cells = [page.model.index(0, c).data() for c in range(page.model.columnCount())]
    assert cells[1] == row.nik[:4] + "••••••••" + row.nik[-4:]
    assert cells[0].endswith(row.kpj[-4:]) and row.kpj not in cells[0]
    assert cells[8] in ("Rp•••", "–") and row.nik not in " ".join(cells)
    screenshot(window, "workers_list_masked")
    assert page.reveal_button.isEnabled()
    page.table.selectRow(0)
    monkeypatch.setattr(list_pages, "ask_reason", lambda parent: "cocokkan KTP di loket")
    qtbot.mouseClick(page.reveal_button, Qt.MouseButton.LeftButton)
    assert page.model.index(0, 1).data() == row.nik
    assert page.model.index(0, 0).data() == row.kpj
    assert "•" in page.model.index(1, 1).data()  # the other rows stay masked
    screenshot(window, "workers_list_revealed")
    action, who, entity, key, detail = one_row(
        session.db,
        "SELECT action, username, entity, entity_id, detail FROM audit_event "
        "ORDER BY id DESC LIMIT 1",
    )
    assert (action, who, entity, key) == (
        "personal.reveal",
        "pelayanan.grs",
        "membership",
        str(row.membership_id),
    )
    assert "cocokkan KTP di loket" in detail and row.nik not in detail
    page.apply_filters()  # a new list forgets what was shown
    assert page.model.index(0, 1).data() != row.nik
    ar_window = make_window(session_for("ar.grs"))
    assert not ar_window.workers_page.reveal_button.isEnabled()


def test_an_opened_member_shows_the_full_nik_only_to_roles_that_may_see_it(
    qtbot, make_window: Callable[[SignedIn], MainWindow], session_for
) -> None:
    """Opening one record is the deliberate act: the front office sees the full NIK on the
    member's page; an AR of the same branch sees it masked, as in the lists."""
    for username, full in (("pelayanan.grs", True), ("ar.grs", False)):
        session = session_for(username)
        nik = one_row(
            session.db,
            "SELECT p.nik FROM person p JOIN membership m ON m.person_id = p.id "
            "JOIN office o ON o.id = m.office_id WHERE o.code = 'GRS' ORDER BY m.id "
            "LIMIT 1",
        )[0]
        window = make_window(session)
        window.search_box.setText(nik)
        window.search_box.run_search()
        window.search_box.choose(0)
        shown = window.member_page.fields["nik"].text()
        assert shown == (nik if full else nik[:4] + "••••••••" + nik[-4:])
