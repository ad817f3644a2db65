"""The pension schedule and the scholarship years on a claim's page (issue #10), on the demo
database; the records are written through the services (the demo has none of these yet).

Set ``BPJS_SHOTS=/some/folder`` to keep the screenshots for looking at them.
"""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import select

from bpjs_desktop.db.models import Claim, Membership
from bpjs_desktop.domain.claim_details import HeirRelation
from bpjs_desktop.domain.claims import ClaimState, ClaimType
from bpjs_desktop.domain.periods import Period
from bpjs_desktop.services import benefit_schedule, heirs
from bpjs_desktop.services.heirs import HeirInput
from tests.ui.test_member_records import SCREEN, _deceased, activate


@pytest.fixture
def shot(qtbot, screenshot):
    """A screenshot, also kept in $BPJS_SHOTS when set (as in test_claims_desk.py)."""

    def take(widget, name):
        qtbot.wait(30)
        image = screenshot(widget, name)
        folder = os.environ.get("BPJS_SHOTS")
        if folder:
            Path(folder).mkdir(parents=True, exist_ok=True)
            image.save(str(Path(folder) / f"{name}.png"))
        return image

    return take


@pytest.fixture
def window(qtbot, make_window, session):
    """The main window at the size of a branch office's laptop screen, active."""
    main = make_window(session)
    main.resize(*SCREEN)
    activate(qtbot, main)
    return main


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
        ["11-2024", "SITI AMINAH (suami/istri)", "Rp393.500", "05/11/2024", "bulan pertama"],
        ["12-2024", "SITI AMINAH (suami/istri)", "Rp393.500", "05/12/2024", ""],
        ["01-2025", "SITI AMINAH (suami/istri)", "Rp399.678", "06/01/2025", "indeksasi +1,57%"],
        ["02-2025", "SITI AMINAH (suami/istri)", "Rp399.678", "belum", ""],
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
