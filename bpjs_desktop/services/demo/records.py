"""Person records written after the bulk rows (issue #10): wage history, partial JHT claims,
claim documents, JHT withdrawals."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import String, cast, func, insert, literal, select
from sqlalchemy.engine import CursorResult
from sqlalchemy.orm import Session

from bpjs_desktop.db.models import (
    Membership,
    MembershipWage,
    UtcDateTime,
)
from bpjs_desktop.domain.benefits import (
    ContributionMonth,
    jht_amount,
)
from bpjs_desktop.domain.claims import ClaimType
from bpjs_desktop.domain.periods import Period
from bpjs_desktop.domain.programmes import (
    Segment,
)
from bpjs_desktop.services import jht_account, wage_history
from bpjs_desktop.services.demo.plan import BILL_MONTHS, _at
from bpjs_desktop.services.demo.survivors import (
    _Book,
    _jht_conditions,
    _jkm_families,
    _paid_claim,
    _second_kpjs,
    _wage_earners_with_jht,
    _widows,
)


def _person_records(session: Session, as_of: date) -> dict[str, int]:
    """The person records of issue #10 on the generated members and claims.

    Every paid JHT claim is posted as a withdrawal of its person's JHT account. One wage earner
    in fifty who joined before the billed months had a raise at their start: 90 % of today's wage
    (rounded down to Rp1.000) from the month they joined, today's wage from the first billed
    month, so the demo's bills (all on today's wage) still follow the wage in force.
    """
    first_billed = Period.of(as_of).shift(1 - BILL_MONTHS)
    joined = func.substr(cast(Membership.start_date, String), 1, 7)
    raised = (
        Membership.segment == Segment.PU,
        Membership.wage.is_not(None),
        Membership.start_date < first_billed.first_day,
        Membership.id % 50 == 7,
    )
    now = literal(_at(as_of), UtcDateTime())  # the as-of day: the same seed gives the same rows
    columns = ["membership_id", "valid_from", "wage", "reported_at"]
    before = session.execute(
        insert(MembershipWage).from_select(
            columns,
            select(Membership.id, joined, Membership.wage * 9 // 10 // 1000 * 1000, now).where(
                *raised
            ),
        )
    )
    session.execute(
        insert(MembershipWage).from_select(
            columns,
            select(Membership.id, literal(str(first_billed)), Membership.wage, now).where(*raised),
        )
    )
    assert isinstance(before, CursorResult)
    book = _Book(session)
    partial = _partial_jht_claims(book)
    heirs, years = _jkm_families(session)
    added = _widows(book, as_of)
    second = _second_kpjs(book)
    book.close()
    withdrawals = jht_account.post_paid_claims(session, _at(as_of))
    return {
        "membership_wage": 2 * before.rowcount,
        "claim": partial + added["claim"] + second["claim"],
        "claim_document": len(book.documents),
        "claim_event": 4 * book.claims,
        "jht_entry": withdrawals,
        "person": added["person"],
        "membership": added["membership"] + second["membership"],
        "heir": heirs + added["heir"],
        "pension_payment": added["pension_payment"],
        "scholarship_entitlement": years + added["scholarship_entitlement"],
    }


_REASON_JHT_30 = "Pengambilan 30% saldo JHT untuk perumahan"
PARTIAL_JHT_SINCE = date(2006, 1, 1)  # members from before: ten years in by 2016


def _partial_jht_claims(book: _Book) -> int:
    """One long-standing wage earner in forty took 30 % of their JHT for housing in March 2016
    (after ten years of membership, PP 46/2015 Pasal 22), paid by rule on the balance then.

    In 2016, before the months the demo's figures and bills cover; the claims service will read
    the withdrawal when the member's full JHT is claimed.
    """
    session = book.session
    members = _wage_earners_with_jht(
        session, 40, 3,
        Membership.start_date < PARTIAL_JHT_SINCE,
        # JHT credits are dated from PP 14/1993 (JAMSOSTEK_JHT_RATE): no month before it.
        Membership.start_date >= date(1993, 3, 1),
    )  # fmt: skip
    wages = wage_history.schedules(session, members)
    count = 0
    for m in members:
        submitted = date(2016, 3, 1) + timedelta(days=m.id % 20)
        decided, paid = submitted + timedelta(days=2), submitted + timedelta(days=4)
        first, last = Period.of(m.start_date), Period.of(submitted).previous()
        months = [
            ContributionMonth(first.shift(i), wages[m.id].at(first.shift(i)), Segment.PU)
            for i in range(first.months_until(last) + 1)
        ]
        benefit = jht_amount(ClaimType.JHT_30.value, months, decided)
        _paid_claim(
            book, m, ClaimType.JHT_30, _REASON_JHT_30, submitted, submitted, decided, paid,
            benefit.total, benefit.basis_text(), detail="{}",  # the column's default: no details
            conditions=_jht_conditions(ClaimType.JHT_30, benefit),
        )  # fmt: skip
        count += 1
    return count
