"""Person records (issue #10 "every rupiah right"): dated wages, one JHT account per person.

Amounts are worked by hand in each test's docstring: JHT 5,7 % (3,7 % + 2 %) of the month's wage
(PP 46/2015 Pasal 16 [S32]); JKK 0,89 % (risk "sedang"), JKM 0,30 % (PP 44/2015); JP 3 % of the
wage up to the cap (PP 45/2015). Yields: the JHT_YIELD table (2018 7,51 %, 2019 6,08 %:
[unverified] data), or 0 % where a test sets it to keep the sums short.
"""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from bpjs_desktop.db.models import (
    AuditEvent,
    Claim,
    EndReason,
    JhtEntry,
    JhtEntryKind,
    MembershipWage,
)
from bpjs_desktop.domain import benefits
from bpjs_desktop.domain.claims import ClaimState, ClaimType
from bpjs_desktop.domain.dated import Dated, DatedTable
from bpjs_desktop.domain.periods import Period
from bpjs_desktop.domain.programmes import SizeClass
from bpjs_desktop.errors import ConflictError, ValidationError
from bpjs_desktop.services import (
    claims,
    contributions,
    jht_account,
    member_changes,
    wage_history,
    worker_registry,
)
from bpjs_desktop.services.claims import ClaimInput
from bpjs_desktop.services.membership_common import MembershipChanges
from tests.helpers import claim_of, log_jkk_accident

S = ClaimState


@pytest.fixture
def employer(make_employer):
    """A medium bakery in Gresik (JKK risk "sedang"), registered 2 January 2017."""
    return make_employer(kbli="10710", size_class=SizeClass.MENENGAH)


@pytest.fixture
def old_employer(make_employer):
    """A medium bakery in Gresik registered in 2005 (before JP began in July 2015)."""
    return make_employer(
        kbli="10710", size_class=SizeClass.MENENGAH, registered_on=date(2005, 1, 3)
    )


@pytest.fixture
def raised(db, admin, employer, make_worker):
    """A worker on Rp4.000.000 from 2 January 2018, raised to Rp5.000.000 from July 2018."""
    worker = make_worker(employer_npp=employer.npp, wage=4_000_000, start_date=date(2018, 1, 2))
    member_changes.update_membership(
        db, admin, worker.kpj, MembershipChanges(wage=5_000_000, wage_from=date(2018, 7, 1))
    )
    return worker


@pytest.fixture
def pay(db, staff):
    """Log (p1), receive every document, decide (p2) and pay a claim; return its number.

    Dates are ISO strings: submitted (also the event date), decided, paid."""

    def run(kpj, kind, submitted, decided, paid):
        submitted, decided, paid = map(date.fromisoformat, (submitted, decided, paid))
        claim = ClaimInput(kpj=kpj, claim_type=kind, event_date=submitted, submitted_on=submitted)
        row = claims.log_claim(db, staff["p1"], claim)
        for document in claims.claim_view(db, row.claim_no).missing:
            claims.receive_document(
                db, staff["p1"], row.claim_no, document.code, received_on=decided
            )
        for state, on in ((S.VERIFIKASI, decided), (S.DITETAPKAN, decided), (S.DIBAYAR, paid)):
            claims.move_claim(db, staff["p2"], row.claim_no, state, on_date=on)
        return row.claim_no

    return run


def resign(db, admin, kpj, on):
    """End a membership on the ISO date `on`: the worker resigned."""
    worker_registry.end_membership(
        db, admin, kpj, date.fromisoformat(on), EndReason.MENGUNDURKAN_DIRI
    )


def amount_of(db, claim_no):
    return claims.get_claim(db, claim_no)[0].amount


# --- 1. dated wages ------------------------------------------------------------------------------


def test_bills_before_a_raise_keep_the_old_wage(db, admin, employer, raised):
    """June 2018 on Rp4.000.000: JKK 35.600 + JKM 12.000 + JHT 228.000 + JP 120.000 = Rp395.600.
    July 2018 on Rp5.000.000: JKK 44.500 + JKM 15.000 + JHT 285.000 + JP 150.000 = Rp494.500.
    (Before issue #10 June was billed on today's Rp5.000.000: Rp494.500.)"""
    june = contributions.bill_month(db, admin, employer.npp, Period(2018, 6))
    july = contributions.bill_month(db, admin, employer.npp, Period(2018, 7))
    assert (june.jht, june.amount) == (228_000, 395_600)
    assert (july.jht, july.amount) == (285_000, 494_500)


def test_jht_credits_before_a_raise_keep_the_old_wage(db, raised):
    """On 01/09/2018: January–June 6 × Rp228.000 (5,7 % × 4.000.000) = 1.368.000, July–August
    2 × Rp285.000 (5,7 % × 5.000.000) = 570.000; credits Rp1.938.000. Yield 2018 (7,51 %, 8 months
    earning): 228.000 × (7+6+5+4+3+2) + 285.000 × (1+0) = 6.441.000 month-rupiah × 7,51 % / 12 =
    40.309,9 → Rp40.310. Balance Rp1.978.310 (before the fix: 8 × 285.000 = 2.280.000 credited)."""
    account = jht_account.account(db, raised.kpj, on=date(2018, 9, 1))
    assert [(str(c.period), c.basis, c.credit) for c in account.credits[4:7]] == [
        ("2018-05", 4_000_000, 228_000),
        ("2018-06", 4_000_000, 228_000),
        ("2018-07", 5_000_000, 285_000),
    ]
    assert account.credited == 1_938_000
    assert account.balance == 1_978_310
    # Today's wage stays on the membership for lists; the history has both.
    assert worker_registry.get_member(db, kpj=raised.kpj).wage == 5_000_000
    history = wage_history.wage_history(db, raised.kpj)
    assert [(str(h.valid_from), h.wage) for h in history] == [
        ("2018-01", 4_000_000),
        ("2018-07", 5_000_000),
    ]


def test_a_wage_cannot_start_before_the_membership(db, admin, raised):
    with pytest.raises(ValidationError) as caught:
        member_changes.update_membership(
            db, admin, raised.kpj, MembershipChanges(wage=6_000_000, wage_from=date(2017, 12, 1))
        )
    assert [e.field for e in caught.value.errors] == ["wage_from"]
    assert "sebelum kepesertaan dimulai" in caught.value.errors[0].message


def test_the_same_month_changed_twice_keeps_one_row(db, admin, raised):
    """One dated wage per membership and month: the second change of July replaces the first."""
    member_changes.update_membership(
        db, admin, raised.kpj, MembershipChanges(wage=5_500_000, wage_from=date(2018, 7, 15))
    )
    history = wage_history.wage_history(db, raised.kpj)
    assert [(str(h.valid_from), h.wage) for h in history] == [
        ("2018-01", 4_000_000),
        ("2018-07", 5_500_000),
    ]
    with db.read() as session:
        assert len(session.scalars(select(MembershipWage)).all()) == 2


# --- 2. one JHT account per person ---------------------------------------------------------------


def test_a_new_kpj_does_not_pay_the_first_kpjs_jht_again(
    db, admin, staff, pay, employer, make_worker
):
    """KPJ 1: January–February 2018 on Rp4.000.000, resigned 28/02/2018; JHT claimed 10/04/2018,
    decided 11/04/2018: 2 × 228.000 = 456.000 + yield 2018 (7,51 %, 3 months earning)
    228.000 × (2 + 1) × 7,51 % / 12 = 4.280,7 → 4.281: Rp460.281, paid 12/04/2018.
    Re-registered 02/01/2019 (new KPJ 2), resigned 30/06/2019: 6 × 228.000 = Rp1.368.000.
    Full claim on KPJ 2 on 05/08/2019: only 2019's months count; yield 2019 (6,08 %, 7 months
    earning) 228.000 × (6+5+4+3+2+1) = 4.788.000 × 6,08 % / 12 = 24.259,2 → 24.259:
    Rp1.392.259. (Before the fix January–February 2018 were paid a second time.)"""
    first = make_worker(employer_npp=employer.npp, start_date=date(2018, 1, 2))
    resign(db, admin, first.kpj, "2018-02-28")
    no1 = pay(first.kpj, ClaimType.JHT_PENUH, "2018-04-10", "2018-04-11", "2018-04-12")
    assert amount_of(db, no1) == 460_281
    second = member_changes.reactivate(db, admin, first.kpj, date(2019, 1, 2))
    assert second.kpj != first.kpj
    resign(db, admin, second.kpj, "2019-06-30")

    check = claims.check_claim(
        db, claim_of(second.kpj, ClaimType.JHT_PENUH, "2019-08-05", "2019-08-05")
    )
    assert check.eligibility.ok
    no2 = pay(second.kpj, ClaimType.JHT_PENUH, "2019-08-05", "2019-08-05", "2019-08-06")
    assert amount_of(db, no2) == 1_392_259

    # Nothing new since: a third full claim, on either KPJ, is refused and names the claim paid.
    for kpj in (first.kpj, second.kpj):
        with pytest.raises(ValidationError, match="sudah dibayar penuh"):
            claims.log_claim(
                db,
                staff["p1"],
                ClaimInput(kpj=kpj, claim_type=ClaimType.JHT_PENUH, event_date=date(2019, 9, 2),
                           submitted_on=date(2019, 9, 2)),
            )  # fmt: skip
    account = jht_account.account(db, first.kpj, on=date(2019, 9, 2))
    assert [(w.claim_no, w.amount) for w in account.withdrawals] == [
        (no1, 460_281),
        (no2, 1_392_259),
    ]
    assert account.balance == 0
    assert sorted(account.kpjs) == sorted([first.kpj, second.kpj])


def test_an_open_full_claim_on_one_kpj_blocks_a_full_claim_on_the_other(
    db, admin, staff, employer, make_worker
):
    first = make_worker(employer_npp=employer.npp, start_date=date(2018, 1, 2))
    resign(db, admin, first.kpj, "2018-02-28")
    second = member_changes.reactivate(db, admin, first.kpj, date(2018, 3, 5))
    resign(db, admin, second.kpj, "2018-03-31")
    claims.log_claim(
        db, staff["p1"],
        ClaimInput(kpj=first.kpj, claim_type=ClaimType.JHT_PENUH, event_date=date(2018, 5, 2),
                   submitted_on=date(2018, 5, 2)),
    )  # fmt: skip
    with pytest.raises(ValidationError, match="sudah mempunyai klaim JHT penuh"):
        claims.log_claim(
            db, staff["p1"],
            ClaimInput(kpj=second.kpj, claim_type=ClaimType.JHT_PENUH, event_date=date(2018, 5, 2),
                       submitted_on=date(2018, 5, 2)),
        )  # fmt: skip


@pytest.fixture
def no_yield(monkeypatch):
    """Yield 0 % in every year: the balance is the sum of the credits (short hand sums)."""
    table: DatedTable[int] = DatedTable("t", [Dated(date(1993, 1, 1), 0, "test")])
    monkeypatch.setattr(benefits, "JHT_YIELD", table)


def test_full_claim_after_30_percent_pays_the_rest(
    db, admin, pay, old_employer, make_worker, no_yield
):
    """From 02/01/2008 on Rp4.000.000: Rp228.000 a month (5,7 %). 30 % claimed 10/01/2018 after
    ten years (PP 46/2015 Pasal 22): 120 months × 228.000 = 27.360.000 × 30 % = Rp8.208.000,
    paid 12/01/2018. Resigned 30/06/2018; full claim 06/08/2018: 126 × 228.000 = 28.728.000 −
    8.208.000 = Rp20.520.000 (before the fix: Rp28.728.000 again)."""
    worker = make_worker(employer_npp=old_employer.npp, start_date=date(2008, 1, 2))
    no30 = pay(worker.kpj, ClaimType.JHT_30, "2018-01-10", "2018-01-11", "2018-01-12")
    assert amount_of(db, no30) == 8_208_000
    with db.read() as session:
        entry = session.scalar(select(JhtEntry).where(JhtEntry.kind == JhtEntryKind.WITHDRAWAL))
        assert (entry.period, entry.amount, entry.covers_until) == ("2018-01", -8_208_000, None)
    resign(db, admin, worker.kpj, "2018-06-30")
    full = pay(worker.kpj, ClaimType.JHT_PENUH, "2018-08-06", "2018-08-06", "2018-08-07")
    assert amount_of(db, full) == 20_520_000
    with db.read() as session:
        basis = session.scalar(select(Claim.amount_basis).where(Claim.claim_no == full))
    assert "Dikurangi JHT yang sudah diambil: -Rp8.208.000" in basis


# --- merging two KPJ cards -----------------------------------------------------------------------


def test_two_kpj_cards_of_one_worker_are_merged_into_one_account(
    db, admin, staff, employer, make_worker, no_yield
):
    """KPJ A (January–February 2018) and KPJ B (March 2018) were registered under two NIKs of the
    same worker (one typed wrong). Merged: one account, 3 × 228.000 = Rp684.000 (0 % yield);
    the merge is audited and the merge entry keeps what B brought: Rp228.000."""
    a = make_worker(
        employer_npp=employer.npp, start_date=date(2018, 1, 2), birth_date=date(1990, 5, 15)
    )
    resign(db, admin, a.kpj, "2018-02-28")
    b = make_worker(
        employer_npp=employer.npp, start_date=date(2018, 3, 1), birth_date=date(1990, 5, 15)
    )
    resign(db, admin, b.kpj, "2018-03-31")
    assert jht_account.account(db, a.kpj, on=date(2018, 5, 2)).balance == 456_000

    with pytest.raises(ValidationError):
        jht_account.merge_kpj(db, staff["p1"], a.kpj, b.kpj, "  ", on=date(2018, 5, 2))
    view = jht_account.merge_kpj(
        db, staff["p1"], a.kpj, b.kpj, "Kartu KPJ dan KTP diperiksa", on=date(2018, 5, 2)
    )
    assert view.balance == 684_000
    assert sorted(view.kpjs) == sorted([a.kpj, b.kpj])
    assert [(m.kpj, m.amount) for m in view.merges] == [(b.kpj, 228_000)]
    with pytest.raises(ConflictError):
        jht_account.merge_kpj(db, staff["p1"], a.kpj, b.kpj, "lagi", on=date(2018, 5, 2))
    with db.read() as session:
        events = session.scalars(select(AuditEvent).where(AuditEvent.action == "jht.merge")).all()
    assert len(events) == 1 and events[0].entity == "person"
    assert b.kpj in events[0].detail


def test_jkk_before_a_raise_is_paid_on_the_wage_of_the_accident_month(db, staff, raised):
    """Accident on 05/03/2018 (wage Rp4.000.000 then), 30 days off work, recovered: temporary
    incapacity 100 % of the wage for 30 days under PP 44/2015: 30 × 4.000.000 / 30 = Rp4.000.000
    (before the fix, on today's Rp5.000.000: Rp5.000.000)."""
    row = log_jkk_accident(db, staff["p1"], raised.kpj)
    assert claims.claim_amount(db, row.claim_no).total == 4_000_000


def test_a_kpj_whose_jht_was_paid_in_full_is_not_merged_at_the_branch(
    db, admin, staff, pay, employer, make_worker
):
    """A full JHT paid under one record closed its months; merged, it would close the other
    record's months never paid: the branch is told to ask the head office."""
    a = make_worker(employer_npp=employer.npp, start_date=date(2018, 1, 2))
    resign(db, admin, a.kpj, "2018-02-28")
    paid = pay(a.kpj, ClaimType.JHT_PENUH, "2018-04-10", "2018-04-11", "2018-04-12")
    b = make_worker(employer_npp=employer.npp, start_date=date(2018, 3, 1))
    with pytest.raises(ValidationError, match=f"klaim {paid}: penggabungan"):
        jht_account.merge_kpj(db, staff["p1"], b.kpj, a.kpj, "Kartu KPJ diperiksa")
