"""Search as you type (ui/common/search_box.py), driven by keystrokes only: the results drop down
after a pause in the typing, ↓/↑ move, Enter opens, Esc closes. No call to run_search here: the
box's own timer runs it, as it does for the officer."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from sqlalchemy import text

from bpjs_desktop.services.workstation import SignedIn
from bpjs_desktop.ui.common.search_box import TYPING_PAUSE_MS, SearchBox
from tests.helpers import one_row

POPUP_TIMEOUT_MS = 5_000


def a_member(session: SignedIn) -> tuple[str, str, str]:
    """(NIK, KPJ, name) of an active wage earner of the demo."""
    row = one_row(
        session.db,
        "SELECT p.nik, m.kpj, p.name FROM membership m JOIN person p ON p.id = m.person_id "
        "WHERE m.segment = 'PU' AND m.end_date IS NULL ORDER BY m.id LIMIT 1",
    )
    return row[0], row[1], row[2]


def an_employer(session: SignedIn) -> tuple[str, str]:
    with session.db.read() as s:
        row = s.execute(text("SELECT npp, name FROM employer ORDER BY id LIMIT 1")).one()
    return row[0], row[1]


def make_box(qtbot, session: SignedIn) -> SearchBox:
    box = SearchBox(session)
    qtbot.addWidget(box)
    box.show()
    box.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is box)
    box.setFocus()
    return box


def test_typing_a_kpj_shows_the_member_and_enter_opens_the_record(qtbot, session: SignedIn):
    nik, kpj, name = a_member(session)
    box = make_box(qtbot, session)
    qtbot.keyClicks(box, kpj)
    assert not box.popup.isVisible()  # nothing yet: the search waits for a pause in the typing
    qtbot.waitUntil(box.popup.isVisible, timeout=POPUP_TIMEOUT_MS)
    assert box.popup.list.count() == 1
    shown = box.popup.list.item(0).text()
    assert shown.startswith(f"{name}   ·   Peserta")
    assert nik not in shown  # the NIK is masked in the list
    with qtbot.waitSignal(box.worker_chosen, timeout=POPUP_TIMEOUT_MS) as chosen:
        qtbot.keyClick(box, Qt.Key.Key_Return)
    hit = chosen.args[0]
    assert (hit.kind, hit.key, hit.title) == ("worker", kpj, name)
    assert not box.popup.isVisible()


def test_enter_before_the_pause_searches_at_once_and_opens_the_first_hit(qtbot, session: SignedIn):
    """A fast typist who presses Enter straight away gets the record, not nothing."""
    _nik, kpj, name = a_member(session)
    box = make_box(qtbot, session)
    with qtbot.waitSignal(box.worker_chosen, timeout=POPUP_TIMEOUT_MS) as chosen:
        qtbot.keyClicks(box, kpj)
        qtbot.keyClick(box, Qt.Key.Key_Return)
    assert chosen.args[0].title == name


def test_an_npp_opens_the_employer(qtbot, session: SignedIn):
    npp, name = an_employer(session)
    box = make_box(qtbot, session)
    qtbot.keyClicks(box, npp)
    qtbot.waitUntil(box.popup.isVisible, timeout=POPUP_TIMEOUT_MS)
    assert "Pemberi kerja" in box.popup.list.item(0).text()
    with qtbot.waitSignal(box.employer_chosen, timeout=POPUP_TIMEOUT_MS) as chosen:
        qtbot.keyClick(box, Qt.Key.Key_Enter)  # the keypad's Enter too
    assert (chosen.args[0].key, chosen.args[0].title) == (npp, name)


def test_arrows_move_through_the_hits_and_stop_at_the_ends(qtbot, session: SignedIn):
    _nik, _kpj, name = a_member(session)
    word = name.split()[0][:4].lower()
    box = make_box(qtbot, session)
    qtbot.keyClicks(box, word)
    qtbot.waitUntil(box.popup.isVisible, timeout=POPUP_TIMEOUT_MS)
    count = box.popup.list.count()
    assert count >= 2 and len(box.hits) == count
    assert box.popup.list.currentRow() == 0
    qtbot.keyClick(box, Qt.Key.Key_Up)
    assert box.popup.list.currentRow() == 0  # not above the first
    qtbot.keyClick(box, Qt.Key.Key_Down)
    assert box.popup.list.currentRow() == 1
    for _ in range(count + 2):
        qtbot.keyClick(box, Qt.Key.Key_Down)
    assert box.popup.list.currentRow() == count - 1  # not below the last
    assert box.text() == word  # the arrows never changed what was typed
    qtbot.keyClick(box, Qt.Key.Key_Up)
    with qtbot.waitSignal(box.worker_chosen, timeout=POPUP_TIMEOUT_MS) as chosen:
        qtbot.keyClick(box, Qt.Key.Key_Return)
    assert chosen.args[0] == box.hits[count - 2]


def test_esc_closes_the_list_and_keeps_the_text(qtbot, session: SignedIn):
    _nik, kpj, _name = a_member(session)
    box = make_box(qtbot, session)
    qtbot.keyClicks(box, kpj)
    qtbot.waitUntil(box.popup.isVisible, timeout=POPUP_TIMEOUT_MS)
    qtbot.keyClick(box, Qt.Key.Key_Escape)
    assert not box.popup.isVisible()
    assert box.text() == kpj


def test_nothing_found_is_said_in_the_list_and_enter_opens_nothing(qtbot, session: SignedIn):
    box = make_box(qtbot, session)
    qtbot.keyClicks(box, "zzqxw tidak ada")
    qtbot.waitUntil(box.popup.isVisible, timeout=POPUP_TIMEOUT_MS)
    assert box.popup.list.count() == 1
    assert box.popup.list.item(0).text() == "Tidak ada yang cocok dengan “zzqxw tidak ada”"
    with qtbot.assertNotEmitted(box.worker_chosen), qtbot.assertNotEmitted(box.employer_chosen):
        qtbot.keyClick(box, Qt.Key.Key_Return)
        qtbot.wait(TYPING_PAUSE_MS * 2)


def test_erasing_the_text_closes_the_list(qtbot, session: SignedIn):
    _nik, kpj, _name = a_member(session)
    box = make_box(qtbot, session)
    qtbot.keyClicks(box, kpj)
    qtbot.waitUntil(box.popup.isVisible, timeout=POPUP_TIMEOUT_MS)
    for _ in kpj:
        qtbot.keyClick(box, Qt.Key.Key_Backspace)
    qtbot.waitUntil(lambda: not box.popup.isVisible(), timeout=POPUP_TIMEOUT_MS)
    assert box.hits == []


def test_a_click_on_a_hit_opens_it(qtbot, session: SignedIn):
    _nik, kpj, name = a_member(session)
    box = make_box(qtbot, session)
    qtbot.keyClicks(box, kpj)
    qtbot.waitUntil(box.popup.isVisible, timeout=POPUP_TIMEOUT_MS)
    item = box.popup.list.item(0)
    with qtbot.waitSignal(box.worker_chosen, timeout=POPUP_TIMEOUT_MS) as chosen:
        box.popup.list.itemClicked.emit(item)
    assert chosen.args[0].title == name
