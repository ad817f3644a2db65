"""A person's JHT account and their heirs on the member page, as an officer sees and types them
(issue #10), on the demo database.

Set ``BPJS_SHOTS=/some/folder`` to keep the screenshots for looking at them.
"""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from sqlalchemy import text

from bpjs_desktop.domain.claim_details import HeirRelation
from bpjs_desktop.domain.identifiers import Sex, make_nik
from bpjs_desktop.domain.periods import format_date, today_wib
from bpjs_desktop.domain.programmes import Segment
from bpjs_desktop.services import heirs, jht_account, worker_registry
from bpjs_desktop.services.context import Actor
from bpjs_desktop.services.heirs import HeirInput
from bpjs_desktop.services.membership_common import WorkerInput
from bpjs_desktop.ui.membership.member_heirs import HeirDialog
from bpjs_desktop.ui.membership.member_jht import MergeKpjDialog
from tests.helpers import one_row
from tests.ui.conftest import table_texts
from tests.ui.keyboard import activate, alt, retype

pytestmark = pytest.mark.usefixtures("no_blocking_questions")


def member_tab(qtbot, window, person_id, key):
    """Open the person's member page and press Alt+*key*, as an officer does; return the tab shown."""
    window.open_person(person_id)
    page = window.member_page
    qtbot.keyClick(page, key, Qt.KeyboardModifier.AltModifier)
    return page.tabs.currentWidget()


def _partial_jht(db):
    """(person id, KPJ, claim number, amount) of a demo member who took 30 % of their JHT."""
    with db.read() as s:
        return s.execute(
            text(
                "SELECT m.person_id, m.kpj, c.claim_no, c.amount FROM claim c "
                "JOIN membership m ON m.id = c.membership_id "
                "WHERE c.claim_type = 'JHT_30' AND c.state = 'DIBAYAR' ORDER BY c.id LIMIT 1"
            )
        ).one()


def _deceased(db):
    """(person id, KPJ, JKM claim number, day of death) of a demo member who died, with no heir
    on record yet: the demo records the heirs of its JKM claims, and these tests type their own
    (the demo's are removed as an officer would remove heirs recorded by mistake; the chosen claim
    pays no scholarship nor pension, which would keep its heirs)."""
    person_id, kpj, claim_no, died = one_row(
        db,
        "SELECT m.person_id, m.kpj, c.claim_no, c.event_date FROM claim c "
        "JOIN membership m ON m.id = c.membership_id "
        "WHERE c.claim_type = 'JKM' AND c.state = 'DIBAYAR' "
        "AND NOT EXISTS (SELECT 1 FROM scholarship_entitlement s "
        "                JOIN heir h ON h.id = s.heir_id WHERE h.person_id = m.person_id) "
        "AND NOT EXISTS (SELECT 1 FROM pension_payment p "
        "                JOIN heir h ON h.id = p.heir_id WHERE h.person_id = m.person_id) "
        "ORDER BY c.id LIMIT 1",
    )
    admin = Actor.command_line()
    for heir in heirs.list_heirs(db, person_id):
        heirs.remove_heir(db, admin, heir.id)
    return person_id, kpj, claim_no, date.fromisoformat(str(died))


# --- the JHT account ---------------------------------------------------------------------------


def test_jht_account_shows_one_balance_and_the_withdrawal_with_its_claim(
    qtbot, window, session, shot
):
    """The member page's JHT tab: the balance on top, the 30 % withdrawal of March 2016 in the
    ledger with its claim number and amount, and the months of that year on their wage."""
    person_id, kpj, claim_no, amount = _partial_jht(session.db)
    panel = member_tab(qtbot, window, person_id, Qt.Key.Key_H)  # Akun J&HT
    page = window.member_page
    assert panel is page.jht_panel
    account = jht_account.account_of_person(session.db, person_id)
    # The demo office stands at 30/04/2018 (issue #13 item 4): the balance is that day's, not today's.
    assert page.jht_balance.text() == f"Saldo per 30/04/2018: Rp{account.balance:,}".replace(
        ",", "."
    )
    assert kpj in panel.summary_label.text()
    # The withdrawal: the amount the claim paid (stored on the claim), as money going out.
    paid = f"Rp{amount:,}".replace(",", ".")
    ledger = panel.ledger
    rows = table_texts(ledger.model())
    withdrawal = next(i for i, row in enumerate(rows) if claim_no in row[1])
    assert rows[withdrawal][0] == "2016"
    assert rows[withdrawal][1] == f"Dibayar 03/2016: klaim {claim_no}"
    assert ledger.item(withdrawal, 1).toolTip() == (
        f"Klaim {claim_no}, JHT sebagian 30% (perumahan), atas KPJ {kpj}, dibayar 03/2016."
    )
    assert (rows[withdrawal][2], rows[withdrawal][3]) == ("", paid)
    # Each year's closing balance on its last line; the last year's is the balance today.
    assert rows[-1][4] == f"Rp{account.balance:,}".replace(",", ".")
    # Choosing the year shows its months, each on the wage in force then.
    ledger.setFocus()
    ledger.selectRow(withdrawal)
    assert panel.months_caption.text() == "<b>Iuran per bulan tahun 2016</b>"
    months = panel.months
    assert months.rowCount() == 12
    assert [months.item(r, 0).text() for r in (0, 11)] == ["01/2016", "12/2016"]
    assert all(months.item(r, 1).text() == kpj for r in range(12))
    shot(window, "member_jht_account")


@pytest.fixture
def second_card(session, window):
    """A second KPJ of another person born on another day (so the merge must be refused)."""
    person_id, kpj, _no, _amount = _partial_jht(session.db)
    born = date(1990, 5, 15)
    npp = one_row(
        session.db,
        "SELECT e.npp FROM membership m JOIN employer e ON e.id = m.employer_id WHERE m.kpj = :kpj",
        kpj=kpj,
    )[0]
    other = worker_registry.register_worker(
        session.db,
        session.actor,
        WorkerInput(
            nik=make_nik("3525", 95, born, Sex.L, 41), name="Fajar Kedua", birth_date=born,
            sex=Sex.L, segment=Segment.PU, start_date=date(2020, 1, 2), employer_npp=npp,
            wage=4_000_000,
        ),
    )  # fmt: skip
    return person_id, kpj, other.kpj


def test_a_merge_with_another_birth_date_is_refused_beside_the_kpj(qtbot, window, second_card):
    person_id, kpj, other = second_card
    window.open_person(person_id)
    panel = window.member_page.jht_panel
    dialog = panel.merge_dialog()
    qtbot.addWidget(dialog)
    dialog.show()
    assert isinstance(dialog, MergeKpjDialog)
    assert dialog.kept_combo.currentText() == kpj
    activate(qtbot, dialog)
    assert QApplication.focusWidget() is dialog.joined_edit
    qtbot.keyClicks(dialog.joined_edit, other)
    retype(qtbot, alt(qtbot, dialog, "e"), "Kartu KPJ dan KTP diperiksa")
    qtbot.keyClick(dialog.reason_edit, Qt.Key.Key_Return)
    error = dialog.form.errors["kpj"]
    assert error.isVisible()
    assert error.text() == (
        f"Tanggal lahir pemegang KPJ {kpj} dan KPJ {other} berbeda: periksa KTP sebelum "
        "menggabungkan"
    )
    assert dialog.isVisible()  # nothing was merged; what was typed stays
    assert jht_account.account_of_person(window.session.db, person_id).merges == ()


def test_only_the_front_office_may_merge_cards(make_window, session_for):
    """The AR officer of the member's own office (the demo's draws decide which office holds
    its first partial JHT) sees the page but may neither merge cards nor add heirs."""
    db = session_for("admin").db
    person_id, kpj, _no, _amount = _partial_jht(db)
    office = one_row(
        db, "SELECT o.code FROM membership m JOIN office o ON o.id = m.office_id WHERE m.kpj = :kpj",
        kpj=kpj,
    )[0]  # fmt: skip
    ar = make_window(session_for(f"ar.{office.lower()}"))
    ar.open_person(person_id)
    assert not ar.member_page.jht_panel.merge_button.isEnabled()
    assert not ar.member_page.heirs_panel.add_button.isEnabled()


def _member_of(db, office: str, ended: bool):
    """A person with a wage-earner membership in *office*, ended or still running."""
    with db.read() as s:
        return s.scalar(
            text(
                "SELECT m.person_id FROM membership m JOIN office o ON o.id = m.office_id "
                "WHERE o.code = :office AND m.segment = 'PU' AND (m.end_date IS NOT NULL) = :ended "
                "ORDER BY m.id LIMIT 1"
            ),
            {"office": office, "ended": ended},
        )


@pytest.mark.parametrize("ended", [False, True])
def test_an_inspector_is_offered_no_change_to_a_member(make_window, session_for, ended):
    """The inspector (pemeriksa) reads a member's page: no action on the membership is live,
    and each greyed button says in words what the role may not do (issue #13: "Ubah data…"
    and "Aktifkan kembali…" were offered). A front-office officer is offered them."""
    inspector = make_window(session_for("pemeriksa.sdr"))
    person_id = _member_of(inspector.session.db, "SDR", ended)
    inspector.open_person(person_id)
    buttons = inspector.member_page.action_buttons
    assert [key for key, button in buttons.items() if button.isEnabled()] == []
    assert buttons["edit"].toolTip() == (
        "Peran Petugas pemeriksa tidak berwenang mengubah data peserta."
    )
    assert buttons["reactivate"].toolTip() == (
        "Peran Petugas pemeriksa tidak berwenang mengaktifkan kembali kepesertaan."
    )

    officer = make_window(session_for("kepala.sdr"))
    officer.open_person(person_id)
    offered = officer.member_page.action_buttons
    assert offered["edit"].isEnabled() and offered["edit"].toolTip() == ""
    assert offered["end"].isEnabled() or offered["reactivate"].isEnabled()


# --- heirs ---------------------------------------------------------------------------------------


def _open_add_dialog(qtbot, panel) -> HeirDialog:
    before = set(panel.findChildren(HeirDialog))
    activate(qtbot, panel.window())  # back to the main window after a dialog closed
    qtbot.keyClick(panel, Qt.Key.Key_W, Qt.KeyboardModifier.AltModifier)  # Tambah ahli &waris…

    def opened() -> list[HeirDialog]:
        return [d for d in panel.findChildren(HeirDialog) if d not in before and d.isVisible()]

    qtbot.waitUntil(lambda: len(opened()) == 1, timeout=2000)  # a mnemonic animates the click
    opened = opened()
    activate(qtbot, opened[0])
    assert QApplication.focusWidget() is opened[0].name_edit
    return opened[0]


def _type_heir(qtbot, dialog, name, relation_key, birth, school=None):
    """Name, relation (a letter picks it in the list), birth date and school by Tab."""
    qtbot.keyClicks(dialog.name_edit, name)
    qtbot.keyClick(dialog.name_edit, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is dialog.relation_combo
    qtbot.keyClicks(dialog.relation_combo, relation_key)
    qtbot.keyClick(dialog.relation_combo, Qt.Key.Key_Tab)
    qtbot.keyClick(dialog.nik_edit, Qt.Key.Key_Tab)  # no NIK
    qtbot.keyClicks(dialog.birth_edit, birth)
    qtbot.keyClick(dialog.birth_edit, Qt.Key.Key_Tab)
    if school is not None:  # the school level is open for a child only
        assert QApplication.focusWidget() is dialog.school_combo
        qtbot.keyClicks(dialog.school_combo, school)
        qtbot.keyClick(dialog.school_combo, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is dialog.statement_check
    qtbot.keyClick(dialog.statement_check, Qt.Key.Key_Space)  # the heir statement is received
    qtbot.keyClick(dialog.statement_check, Qt.Key.Key_Return)


def test_heirs_typed_from_the_keyboard_appear_in_order_of_entitlement(qtbot, window, session, shot):
    """A child typed first, then the widow: the widow is listed first (rank 1), the child after."""
    person_id, kpj, _claim, _died = _deceased(session.db)
    panel = member_tab(qtbot, window, person_id, Qt.Key.Key_R)  # Ahli wa&ris
    assert panel is window.member_page.heirs_panel
    assert panel.table.rowCount() == 0

    child = _open_add_dialog(qtbot, panel)
    _type_heir(qtbot, child, "Dewi Lestari", "A", "01/03/2012", school="SMP")
    assert not child.isVisible()
    widow = _open_add_dialog(qtbot, panel)
    _type_heir(qtbot, widow, "Siti Aminah", "S", "03/01/1975")
    assert not widow.isVisible()

    table = panel.table
    listed = table_texts(table.model())
    assert [row[:3] for row in listed] == [
        ["1", "SITI AMINAH", "Suami/istri"],
        ["2", "DEWI LESTARI", "Anak"],
    ]
    assert listed[1][5] == "SMP"
    assert listed[1][6] == "surat keterangan ahli waris"
    assert [h.name for h in heirs.list_heirs(session.db, person_id)] == [
        "SITI AMINAH",
        "DEWI LESTARI",
    ]
    assert kpj in [m.kpj for m in window.member_page.record.memberships]
    shot(window, "member_heirs")


def test_a_wrong_nik_is_refused_beside_the_nik_field(qtbot, window, session, shot):
    person_id, _kpj, _claim, _died = _deceased(session.db)
    window.open_person(person_id)
    page = window.member_page
    page.show_tab("heirs")
    dialog = _open_add_dialog(qtbot, page.heirs_panel)
    qtbot.keyClicks(dialog.name_edit, "Adi")
    retype(qtbot, alt(qtbot, dialog, "i"), "3525 0112")  # N&IK: eight digits only
    qtbot.keyClick(dialog.nik_edit, Qt.Key.Key_Return)
    error = dialog.form.errors["nik"]
    assert error.isVisible()
    assert error.text() == "NIK harus 16 digit, bukan 8"
    assert QApplication.focusWidget() is dialog.nik_edit
    assert dialog.isVisible()
    assert dialog.name_edit.text() == "Adi"  # what was typed stays
    assert heirs.list_heirs(session.db, person_id) == []
    shot(dialog, "member_heir_refused")


def test_a_second_card_is_merged_and_its_kpj_shows_in_the_account(qtbot, window, session):
    """The same worker registered again under another NIK (same birth date): the merge joins the
    second KPJ to the one account; the ledger records it and the balance covers both KPJs."""
    person_id, kpj, _no, _amount = _partial_jht(session.db)
    record = worker_registry.get_member(session.db, kpj=kpj)
    with session.db.read() as s:
        born = s.execute(
            text("SELECT birth_date FROM person WHERE id = :id"), {"id": person_id}
        ).scalar_one()
    born = date.fromisoformat(str(born))
    second = worker_registry.register_worker(
        session.db,
        session.actor,
        WorkerInput(
            nik=make_nik("3525", 95, born, Sex.L, 42), name=record.name, birth_date=born,
            sex=Sex.L, segment=Segment.PU, start_date=date(2025, 1, 2),
            employer_npp=record.employer_npp, wage=4_000_000,
        ),
    )  # fmt: skip
    window.open_person(person_id)
    page = window.member_page
    with qtbot.waitSignal(page.changed):
        dialog = page.jht_panel.merge_dialog()
        qtbot.addWidget(dialog)
        dialog.show()
        activate(qtbot, dialog)
        qtbot.keyClicks(dialog.joined_edit, second.kpj)
        retype(qtbot, alt(qtbot, dialog, "e"), "Kartu KPJ dan KTP asli diperiksa")
        qtbot.keyClick(dialog.reason_edit, Qt.Key.Key_Return)
    assert not dialog.isVisible()
    panel = page.jht_panel
    assert sorted(m.kpj for m in page.record.memberships) == sorted([kpj, second.kpj])
    assert f"Satu saldo untuk KPJ {kpj}, {second.kpj}:" in panel.summary_label.text()
    today = today_wib()
    texts = [panel.ledger.item(r, 1).text() for r in range(panel.ledger.rowCount())]
    assert f"KPJ {second.kpj} digabungkan {format_date(today)}" in texts


def test_an_heir_is_corrected_with_enter_and_removed(qtbot, window, session):
    """Enter on an heir opens the form with what is recorded; a child moved up to SMA is saved;
    Hapus removes an heir typed by mistake."""
    person_id, _kpj, _claim, _died = _deceased(session.db)
    child = heirs.add_heir(
        session.db, session.actor, person_id,
        HeirInput("Dewi", HeirRelation.ANAK, birth_date=date(2009, 2, 1), school_level="SMP"),
    )  # fmt: skip
    heirs.add_heir(session.db, session.actor, person_id, HeirInput("Salah", HeirRelation.LAINNYA))
    window.open_person(person_id)
    page = window.member_page
    page.show_tab("heirs")
    panel = page.heirs_panel
    panel.table.setFocus()
    panel.table.selectRow(0)
    before = set(panel.findChildren(HeirDialog))
    qtbot.keyClick(panel.table, Qt.Key.Key_Return)
    dialog = next(d for d in panel.findChildren(HeirDialog) if d not in before)
    activate(qtbot, dialog)
    assert (dialog.name_edit.text(), dialog.school_combo.currentText()) == ("DEWI", "SMP")
    assert dialog.birth_edit.text() == "01/02/2009"
    retype(qtbot, alt(qtbot, dialog, "j"), "SMA")
    with qtbot.waitSignal(panel.changed):
        qtbot.keyClick(dialog.school_combo, Qt.Key.Key_Return)
    assert panel.table.item(0, panel.COL_SCHOOL).text() == "SMA"
    assert heirs.list_heirs(session.db, person_id)[0].id == child.id
    panel.table.selectRow(1)
    assert panel.remove_selected(ask=False)
    assert [panel.table.item(r, 1).text() for r in range(panel.table.rowCount())] == ["DEWI"]
