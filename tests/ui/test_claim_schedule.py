"""The pension schedule and the scholarship years on a claim's page (issue #10), on the demo
database; the records are written through the services (the demo has none of these yet).

Set ``BPJS_SHOTS=/some/folder`` to keep the screenshots for looking at them.
"""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import delete, select

from bpjs_desktop.db.models import Claim, EndReason, Membership, Setting
from bpjs_desktop.domain.claim_details import Heir, HeirRelation, JkmDetail
from bpjs_desktop.domain.claims import ClaimState, ClaimType
from bpjs_desktop.domain.periods import Period, format_date, today_wib
from bpjs_desktop.domain.scholarships import SchoolLevel
from bpjs_desktop.services import benefit_schedule, claims, heirs, worker_registry
from bpjs_desktop.services.claims import ClaimInput
from bpjs_desktop.services.context import Actor
from bpjs_desktop.services.heirs import HeirInput
from bpjs_desktop.ui.claims.claim_schedule import ApplyScholarshipDialog, PayMonthDialog
from tests.helpers import one_row
from tests.ui.conftest import SCREEN
from tests.ui.keyboard import activate, discard_without_asking, mnemonics, retype
from tests.ui.test_member_records import _deceased

# --- the claim's pension schedule and scholarship years ------------------------------------------

WIDOW_2024 = 393_500
# The 2024 JP floor, Rp393.500 a month (PP 45/2015 as indexed [S8]); from January 2025 indexed
# by an illustrative 1,57 % (Pasal 17(1)b: last year's benefit × the indexation factor; the
# inflation figure is for the test only): 393.500 × 1,0157 = 399.677,95 → Rp399.678.
WIDOW_2025 = 399_678


@pytest.fixture
def widows_pension(session):
    """A decided survivors' pension on a deceased demo member: four months to the widow, the
    first three paid."""
    person_id, kpj, _jkm, died = _deceased(session.db)
    widow = heirs.add_heir(
        session.db, session.actor, person_id, HeirInput("Siti Aminah", HeirRelation.PASANGAN)
    )
    with session.db.write() as s:
        membership_id, office_id = s.execute(
            select(Membership.id, Membership.office_id).where(Membership.kpj == kpj)
        ).one()
        s.add(
            Claim(
                claim_no="GRS-201804-09901", membership_id=membership_id, office_id=office_id,
                claim_type=ClaimType.JP_BERKALA, programme="JP", state=ClaimState.DITETAPKAN,
                event_date=died, submitted_on=date(2018, 4, 2), decided_on=date(2018, 4, 9),
                amount=WIDOW_2024,
            )
        )  # fmt: skip
    for period, amount, paid in (
        (Period(2024, 11), WIDOW_2024, date(2024, 11, 5)),
        (Period(2024, 12), WIDOW_2024, date(2024, 12, 5)),
        (Period(2025, 1), WIDOW_2025, date(2025, 1, 6)),
        (Period(2025, 2), WIDOW_2025, None),
    ):
        benefit_schedule.record_pension_payment(
            session.db, session.actor, "GRS-201804-09901", period, amount, heir_id=widow.id,
            paid_on=paid,
        )  # fmt: skip
    return "GRS-201804-09901"


def test_the_pension_schedule_shows_each_month_and_the_indexation(
    qtbot, window, widows_pension, shot
):
    window.open_claim(widows_pension)
    page = window.claim_page
    tabs = page.amount_tabs
    assert tabs.isTabVisible(1)
    assert tabs.tabText(1) == "Jadwal pens&iun"
    qtbot.keyClick(page, Qt.Key.Key_I, Qt.KeyboardModifier.AltModifier)
    assert tabs.currentIndex() == 1
    model = page.schedule.pensions
    rows = [[model.index(r, c).data() for c in range(5)] for r in range(model.rowCount())]
    assert rows == [
        ["11/2024", "SITI AMINAH (suami/istri)", "Rp393.500", "05/11/2024", "bulan pertama"],
        ["12/2024", "SITI AMINAH (suami/istri)", "Rp393.500", "05/12/2024", ""],
        ["01/2025", "SITI AMINAH (suami/istri)", "Rp399.678", "06/01/2025", "indeksasi +1,57%"],
        ["02/2025", "SITI AMINAH (suami/istri)", "Rp399.678", "belum", ""],
    ]
    # Paid so far: 393.500 + 393.500 + 399.678 = Rp1.186.678.
    assert page.schedule.summary.text() == (
        "Dibayarkan kepada SITI AMINAH (suami/istri): 4 bulan tercatat, 3 bulan sudah dibayar "
        "(Rp1.186.678); terakhir Rp399.678 sebulan."
    )
    assert page.schedule.pension_table.isVisible()
    assert not page.schedule.scholarship_table.isVisible()
    shot(window, "claim_pension_schedule")


def test_a_jkm_claim_with_children_shows_their_scholarship_years(qtbot, window, session, shot):
    """Scholarship years per child and level: SMP Rp2.000.000 and SMA Rp3.000.000 a year (PP
    82/2019, domain.md §5.1 [S34]), the SMA year paid."""
    person_id, _kpj, jkm, _died = _deceased(session.db)
    adi = heirs.add_heir(
        session.db, session.actor, person_id,
        HeirInput("Adi", HeirRelation.ANAK, birth_date=date(2003, 5, 1), school_level="SMA"),
    )  # fmt: skip
    dewi = heirs.add_heir(
        session.db, session.actor, person_id,
        HeirInput("Dewi", HeirRelation.ANAK, birth_date=date(2006, 2, 1), school_level="SMP"),
    )  # fmt: skip
    sma = benefit_schedule.record_scholarship(
        session.db, session.actor, jkm, adi.id, 2018, "SMA", 3_000_000,
        applied_on=date(2018, 7, 16),
    )  # fmt: skip
    benefit_schedule.mark_scholarship_paid(session.db, session.actor, sma.id, date(2018, 7, 23))
    benefit_schedule.record_scholarship(
        session.db, session.actor, jkm, dewi.id, 2018, "SMP", 2_000_000
    )
    window.open_claim(jkm)
    page = window.claim_page
    assert page.amount_tabs.isTabVisible(1)
    assert page.amount_tabs.tabText(1) == "Beasis&wa"
    page.amount_tabs.setCurrentIndex(1)
    model = page.schedule.scholarships
    rows = [[model.index(r, c).data() for c in range(6)] for r in range(model.rowCount())]
    assert rows == [
        ["ADI", "2018/2019", "SMA", "Rp3.000.000", "16/07/2018", "23/07/2018"],
        ["DEWI", "2018/2019", "SMP", "Rp2.000.000", "belum", "belum"],
    ]
    assert "2 tahun tercatat, 1 sudah dibayar (Rp3.000.000)" in page.schedule.summary.text()
    shot(window, "claim_scholarships")


# --- paying the next month, applying for and paying a school year (issue #10) ---------------------


def _rows(model, columns):
    return [[model.index(r, c).data() for c in range(columns)] for r in range(model.rowCount())]


@pytest.fixture
def paid_pension(session):
    """A paid JP monthly pension of the demo at the Gresik office (the demo pays its first month
    with the claim and records the first two years), and its first unpaid month."""
    claim_no = one_row(
        session.db,
        "SELECT c.claim_no FROM claim c JOIN office o ON o.id = c.office_id "
        "WHERE c.claim_type = 'JP_BERKALA' AND c.state = 'DIBAYAR' AND o.code = 'GRS' "
        "ORDER BY c.id LIMIT 1",
    )[0]
    rows = benefit_schedule.pension_payments(session.db, claim_no)
    unpaid = next(r.period for r in rows if r.paid_on is None)
    return claim_no, unpaid


def _open_pension(qtbot, window, claim_no):
    window.open_claim(claim_no)
    page = window.claim_page
    qtbot.keyClick(page, Qt.Key.Key_I, Qt.KeyboardModifier.AltModifier)  # Jadwal pens&iun
    assert page.amount_tabs.currentWidget() is page.schedule
    return page.schedule


def _pay_month_dialog(qtbot, panel):
    assert panel.pay_month_button.isVisible() and panel.pay_month_button.isEnabled()
    qtbot.mouseClick(panel.pay_month_button, Qt.MouseButton.LeftButton)
    dialog = panel.findChild(PayMonthDialog)
    assert dialog is not None
    qtbot.waitExposed(dialog)
    return dialog


def test_paying_the_next_pension_month_through_the_dialog_marks_it_paid(
    qtbot, window, session, paid_pension, shot
):
    claim_no, unpaid = paid_pension
    panel = _open_pension(qtbot, window, claim_no)
    letters = mnemonics(window.claim_page)
    assert len(letters) == len(set(letters)), letters
    before = _rows(panel.pensions, 5)
    row = next(i for i, line in enumerate(before) if line[0] == unpaid.blth)
    assert before[row][3] == "belum"
    dialog = _pay_month_dialog(qtbot, panel)
    letters = mnemonics(dialog)
    assert len(letters) == len(set(letters)), letters
    # Offered: the first unpaid month, paid today: the demo's today, not the wall clock's.
    assert dialog.period_edit.text() == unpaid.blth
    assert dialog.date_edit.text() == "30/04/2018"
    qtbot.keyClick(dialog.period_edit, Qt.Key.Key_Return)
    assert not dialog.isVisible()
    after = _rows(panel.pensions, 5)
    assert after[row][3] == "30/04/2018"
    # Only that month: the months before it were paid already, the later ones are not yet.
    assert [line for i, line in enumerate(after) if i != row] == [
        line for i, line in enumerate(before) if i != row
    ]
    assert after[row + 1][3] == "belum"
    assert panel.pension_table.currentIndex().row() == row  # shown, however far down
    assert panel.pay_month_dialog().period_edit.text() == Period.parse(after[row + 1][0]).blth
    shot(window, "claim_pension_pay")


def test_a_month_not_yet_due_is_refused_beside_the_month(
    qtbot, window, session, paid_pension, shot, monkeypatch
):
    discard_without_asking(monkeypatch)
    claim_no, _unpaid = paid_pension
    panel = _open_pension(qtbot, window, claim_no)
    before = _rows(panel.pensions, 5)
    dialog = _pay_month_dialog(qtbot, panel)
    today = date(2018, 4, 30)  # the demo's today, which the dialog pays on
    ahead = Period.of(today).next()
    retype(qtbot, dialog.period_edit, ahead.blth)
    qtbot.keyClick(dialog.period_edit, Qt.Key.Key_Return)
    assert dialog.isVisible()
    error = dialog.form.errors["period"]
    assert error.isVisible()
    assert error.text() == f"Pensiun {ahead.blth} belum jatuh tempo pada {format_date(today)}"
    shot(dialog, "claim_pension_pay_refused")
    dialog.reject()
    assert _rows(panel.pensions, 5) == before


def test_on_the_demo_the_payment_dialogs_open_on_its_today(
    qtbot, window, session, paid_pension, shot
):
    """The demo's day is 30/04/2018, not the wall clock's: a pension month is paid that day; a
    school year is applied for that day, for a year no later than 2018 (the member died on
    14/04/2018, so 2018/2019 is the first and only year there is yet)."""
    claim_no, unpaid = paid_pension
    pay = PayMonthDialog(session, claims.claim_view(session.db, claim_no), unpaid, window)
    pay.show()
    qtbot.waitExposed(pay)
    assert pay.date_edit.text() == "30/04/2018"
    shot(pay, "pay_month_demo_today")
    pay.reject()
    person_id, _kpj, jkm, died = _deceased(session.db)
    assert died == date(2018, 4, 14)
    heirs.add_heir(
        session.db, session.actor, person_id,
        HeirInput("Adi", HeirRelation.ANAK, birth_date=date(2008, 5, 1), school_level="SD"),
    )  # fmt: skip
    apply = ApplyScholarshipDialog(session, claims.claim_view(session.db, jkm), window)
    apply.show()
    qtbot.waitExposed(apply)
    assert apply.date_edit.text() == "30/04/2018"
    assert (apply.year_spin.value(), apply.year_spin.maximum()) == (2018, 2018)
    shot(apply, "apply_scholarship_demo_today")
    apply.reject()


@pytest.fixture
def jkm_2020(session, session_for):
    """A JKM claim under PP 82/2019 through the services: a Gresik demo worker covered since
    before December 2016 dies on 10 March 2020 (over the 36 months a scholarship needs), leaving
    a widow and Adi at SD; logged and verified by one officer, decided by the head of office and
    paid. The claim pays Adi's 2020 school year (SD Rp1.500.000, PP 82/2019, domain.md §5.1).

    The story runs from 2020 on, after the demo's day (30/04/2018): the file stops being a demo,
    so that the office's today is the wall clock's, as in an office that lived through it."""
    with session.db.write() as s:
        s.execute(delete(Setting).where(Setting.key == "demo"))
    kpj = one_row(
        session.db,
        "SELECT m.kpj FROM membership m JOIN office o ON o.id = m.office_id "
        "WHERE o.code = 'GRS' AND m.segment = 'PU' AND m.end_date IS NULL "
        "AND m.start_date <= '2016-12-01' "
        "AND NOT EXISTS (SELECT 1 FROM heir h WHERE h.person_id = m.person_id) "
        "AND NOT EXISTS (SELECT 1 FROM claim c WHERE c.membership_id = m.id) "
        "ORDER BY m.id LIMIT 1",
    )[0]
    worker_registry.end_membership(
        session.db, Actor.command_line(), kpj, date(2020, 3, 10), EndReason.MENINGGAL
    )
    officer = session_for("pelayanan.grs").actor
    head = session_for("kepala.grs").actor
    family = JkmDetail(
        (
            Heir("Siti Aminah", HeirRelation.PASANGAN),
            Heir("Adi", HeirRelation.ANAK, school_level=SchoolLevel.SD),
        )
    )
    row = claims.log_claim(
        session.db, officer,
        ClaimInput(kpj=kpj, claim_type=ClaimType.JKM, event_date=date(2020, 3, 10),
                   submitted_on=date(2020, 3, 16), detail=family),
    )  # fmt: skip
    for document in claims.claim_view(session.db, row.claim_no).missing:
        claims.receive_document(
            session.db, officer, row.claim_no, document.code, received_on=date(2020, 3, 16)
        )
    claims.move_claim(
        session.db, officer, row.claim_no, ClaimState.VERIFIKASI, on_date=date(2020, 3, 16)
    )
    claims.move_claim(
        session.db, head, row.claim_no, ClaimState.DITETAPKAN, on_date=date(2020, 3, 20)
    )
    claims.move_claim(
        session.db, officer, row.claim_no, ClaimState.DIBAYAR, on_date=date(2020, 3, 24)
    )
    return row.claim_no


def test_a_scholarship_year_is_applied_for_then_paid(qtbot, window, jkm_2020, shot):
    """Adi's 2021/2022 year at SD: Rp1.500.000 a year (PP 82/2019, domain.md §5.1 [S34])."""
    window.open_claim(jkm_2020)
    page = window.claim_page
    qtbot.keyClick(page, Qt.Key.Key_W, Qt.KeyboardModifier.AltModifier)  # Beasis&wa
    panel = page.schedule
    assert panel.apply_button.isVisible() and panel.apply_button.isEnabled()
    assert not panel.pay_month_button.isVisible()
    assert _rows(panel.scholarships, 6) == [
        ["ADI", "2020/2021", "SD", "Rp1.500.000", "16/03/2020", "24/03/2020"],
    ]
    letters = mnemonics(page)
    assert len(letters) == len(set(letters)), letters
    qtbot.mouseClick(panel.apply_button, Qt.MouseButton.LeftButton)
    dialog = panel.findChild(ApplyScholarshipDialog)
    assert dialog is not None
    qtbot.waitExposed(dialog)
    letters = mnemonics(dialog)
    assert len(letters) == len(set(letters)), letters
    # The children among the heirs only; the level on record is offered.
    assert [dialog.child_combo.itemText(i) for i in range(dialog.child_combo.count())] == ["ADI"]
    assert dialog.level_combo.currentData() == "SD"
    dialog.year_spin.setValue(2021)
    retype(qtbot, dialog.date_edit, "12/07/2021")
    qtbot.keyClick(dialog.date_edit, Qt.Key.Key_Return)
    assert not dialog.isVisible()
    assert _rows(panel.scholarships, 6)[1] == [
        "ADI", "2021/2022", "SD", "Rp1.500.000", "12/07/2021", "belum",
    ]  # fmt: skip
    assert not panel.pay_scholarship_button.isEnabled()  # nothing selected yet
    panel.scholarship_table.selectRow(0)
    assert not panel.pay_scholarship_button.isEnabled()  # 2020 was paid with the claim
    panel.scholarship_table.selectRow(1)
    assert panel.pay_scholarship_button.isEnabled()
    qtbot.mouseClick(panel.pay_scholarship_button, Qt.MouseButton.LeftButton)
    assert _rows(panel.scholarships, 6)[1][5] == format_date(today_wib())
    assert not panel.pay_scholarship_button.isEnabled()
    # Paid: 1.500.000 (2020, with the claim) + 1.500.000 (2021) = Rp3.000.000.
    assert "2 tahun tercatat, 2 sudah dibayar (Rp3.000.000)" in panel.summary.text()
    shot(window, "claim_scholarship_pay")


def test_a_role_without_benefit_schedule_sees_the_buttons_disabled(
    qtbot, make_window, session_for, paid_pension, jkm_2020
):
    """The account representative (AR) may not keep benefit schedules (services/context.py)."""
    claim_no, _unpaid = paid_pension
    main = make_window(session_for("ar.grs"))
    main.resize(*SCREEN)
    activate(qtbot, main)
    panel = main.claim_page.schedule
    main.open_claim(claim_no)
    main.claim_page.amount_tabs.setCurrentIndex(1)
    assert panel.pay_month_button.isVisible()
    assert not panel.pay_month_button.isEnabled()
    assert "tidak berwenang" in panel.pay_month_button.toolTip()
    main.open_claim(jkm_2020)
    main.claim_page.amount_tabs.setCurrentIndex(1)
    panel.scholarship_table.selectRow(0)
    assert panel.apply_button.isVisible() and not panel.apply_button.isEnabled()
    assert not panel.pay_scholarship_button.isEnabled()
