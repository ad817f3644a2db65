"""Contributions service: monthly bills from the members, payments allocated oldest month first."""

from __future__ import annotations

from datetime import date

import pytest

from bpjs_desktop.db.models import (
    ArrearsCase,
    AuditEvent,
    CaseStatus,
    ContributionBill,
    EndReason,
    Payment,
    Role,
)
from bpjs_desktop.domain.arrears import late_fine
from bpjs_desktop.domain.contributions import pu_contribution
from bpjs_desktop.domain.periods import Period
from bpjs_desktop.domain.programmes import Programme, RiskGroup, SizeClass
from bpjs_desktop.errors import ConflictError, PermissionDeniedError, ValidationError
from bpjs_desktop.services import arrears, contributions, worker_registry
from tests.helpers import count, register_project

ALL_PU = frozenset({Programme.JKK, Programme.JKM, Programme.JHT, Programme.JP})
APRIL = Period(2018, 4)
MONTHLY_4M = 395_600  # one worker on Rp4.000.000, risk "sedang", JKK+JKM+JHT+JP, 2018


def case_of(db, case_id: int) -> ArrearsCase:
    with db.read() as session:
        case = session.get(ArrearsCase, case_id)
        assert case is not None
        return case


@pytest.fixture
def employer(make_employer):
    """A medium bakery in Gresik (risk group "sedang") registered 2 January 2017."""
    return make_employer(kbli="10710", size_class=SizeClass.MENENGAH)


@pytest.fixture
def one_worker(employer, make_worker):
    """The employer with one worker on Rp4.000.000 since 2 January 2018."""
    make_worker(employer_npp=employer.npp, wage=4_000_000, start_date=date(2018, 1, 2))
    return employer


def bill_months(db, actor, npp, *months: int):
    return [contributions.bill_month(db, actor, npp, Period(2018, m)) for m in months]


# --- bills -----------------------------------------------------------------------------------------


def test_bill_matches_the_contribution_rules_worked_by_hand(db, admin, employer, make_worker):
    """Two workers (Rp4 m and Rp9 m, JP capped at Rp8.094.000) in April 2018: Rp1.258.520."""
    make_worker(employer_npp=employer.npp, wage=4_000_000)
    make_worker(employer_npp=employer.npp, wage=9_000_000)
    bill = contributions.bill_month(db, admin, employer.npp, APRIL)
    # Worked by hand: JKK 0,89 %, JKM 0,30 %, JHT 3,7 % + 2 %, JP 2 % + 1 % of min(wage, cap).
    assert bill.jkk == 35_600 + 80_100
    assert bill.jkm == 12_000 + 27_000
    assert bill.jht == (148_000 + 80_000) + (333_000 + 180_000)
    assert bill.jp == (80_000 + 40_000) + (161_880 + 80_940)
    assert bill.amount == 1_258_520
    assert bill.amount == bill.jkk + bill.jkm + bill.jht + bill.jp
    expected = sum(
        pu_contribution(wage, APRIL, RiskGroup.SEDANG, ALL_PU).total
        for wage in (4_000_000, 9_000_000)
    )
    assert bill.amount == expected
    assert bill.worker_count == 2
    assert bill.period == "2018-04"
    assert bill.paid == 0 and bill.outstanding == bill.amount
    assert bill.settled_on is None


def test_bill_is_due_on_the_15th_of_the_next_month_or_next_working_day(db, admin, one_worker):
    """April 2018 is due Tue 15/05/2018; March 2018 (15 April was a Sunday) on Mon 16/04/2018."""
    april = contributions.bill_month(db, admin, one_worker.npp, APRIL)
    march = contributions.bill_month(db, admin, one_worker.npp, Period(2018, 3))
    assert april.due_date == date(2018, 5, 15)
    assert march.due_date == date(2018, 4, 16)


def test_bill_uses_the_employer_risk_group(db, admin, make_employer, make_worker):
    """A mining employer (risk "sangat tinggi", 1,74 %) pays JKK 69.600 on Rp4.000.000."""
    miner = make_employer(kbli="05100")
    make_worker(employer_npp=miner.npp, wage=4_000_000)
    bill = contributions.bill_month(db, admin, miner.npp, APRIL)
    assert bill.jkk == 69_600
    assert bill.amount == pu_contribution(4_000_000, APRIL, RiskGroup.SANGAT_TINGGI, ALL_PU).total


def test_bill_follows_each_worker_programmes(db, admin, make_employer, make_worker):
    """A small employer's worker (no JP) is billed JKK+JKM+JHT only."""
    small = make_employer(size_class=SizeClass.KECIL)
    make_worker(employer_npp=small.npp, wage=4_000_000)
    bill = contributions.bill_month(db, admin, small.npp, APRIL)
    assert bill.jp == 0
    assert bill.amount == 35_600 + 12_000 + 228_000


def test_bill_leaves_out_workers_gone_before_the_month(db, admin, employer, make_worker):
    """A worker whose last day was 31 March is not billed for April; one leaving 10 April is."""
    make_worker(employer_npp=employer.npp, wage=4_000_000)
    gone = make_worker(employer_npp=employer.npp, wage=9_000_000)
    leaving = make_worker(employer_npp=employer.npp, wage=4_000_000)
    worker_registry.end_membership(db, admin, gone.kpj, date(2018, 3, 31), EndReason.PHK)
    worker_registry.end_membership(db, admin, leaving.kpj, date(2018, 4, 10), EndReason.PHK)
    bill = contributions.bill_month(db, admin, employer.npp, APRIL)
    assert bill.worker_count == 2
    assert bill.amount == 2 * MONTHLY_4M


def test_bill_includes_a_worker_starting_mid_month_for_the_whole_month(
    db, admin, employer, make_worker
):
    """A worker starting 16 April pays the full month (no prorated wages); May starters do not."""
    make_worker(employer_npp=employer.npp, wage=4_000_000, start_date=date(2018, 1, 2))
    make_worker(employer_npp=employer.npp, wage=4_000_000, start_date=date(2018, 4, 16))
    make_worker(employer_npp=employer.npp, wage=4_000_000, start_date=date(2018, 5, 2))
    bill = contributions.bill_month(db, admin, employer.npp, APRIL)
    assert bill.worker_count == 2
    assert bill.amount == 2 * MONTHLY_4M


def test_bill_leaves_out_other_segments(db, admin, employer, make_worker):
    """Construction workers under the employer's project are not on the monthly PU bill."""
    make_worker(employer_npp=employer.npp, wage=4_000_000)
    project = register_project(db, admin, employer.npp, start_date=date(2018, 1, 2))
    from bpjs_desktop.domain.programmes import Segment

    make_worker(segment=Segment.JAKON, project_no=project.project_no, wage=3_000_000)
    bill = contributions.bill_month(db, admin, employer.npp, APRIL)
    assert bill.worker_count == 1
    assert bill.amount == MONTHLY_4M


def test_same_month_cannot_be_billed_twice(db, admin, one_worker):
    """A second bill for April is refused; one bill remains."""
    contributions.bill_month(db, admin, one_worker.npp, APRIL)
    with pytest.raises(ConflictError):
        contributions.bill_month(db, admin, one_worker.npp, APRIL)
    assert count(db, ContributionBill) == 1


def test_month_without_workers_is_refused(db, admin, employer, make_worker):
    """An employer whose only worker starts in May has nothing to bill for April."""
    make_worker(employer_npp=employer.npp, start_date=date(2018, 5, 2))
    with pytest.raises(ValidationError) as exc:
        contributions.bill_month(db, admin, employer.npp, APRIL)
    assert exc.value.field == "period"
    assert count(db, ContributionBill) == 0


def test_month_before_the_employer_registered_is_refused(db, admin, make_employer, make_worker):
    """An employer registered in March 2018 cannot be billed for January 2018."""
    late = make_employer(registered_on=date(2018, 3, 1))
    make_worker(employer_npp=late.npp, start_date=date(2018, 3, 1))
    with pytest.raises(ValidationError) as exc:
        contributions.bill_month(db, admin, late.npp, Period(2018, 1))
    assert exc.value.field == "period"


def test_front_office_staff_cannot_bill(db, make_user, one_worker):
    """PELAYANAN may not create bills (account representatives and heads may)."""
    with pytest.raises(PermissionDeniedError):
        contributions.bill_month(db, make_user(Role.PELAYANAN), one_worker.npp, APRIL)
    ar = make_user(Role.AR)
    assert contributions.bill_month(db, ar, one_worker.npp, APRIL).amount == MONTHLY_4M


def test_bills_of_lists_months_in_order(db, admin, one_worker):
    """bills_of returns an employer's bills oldest month first."""
    bill_months(db, admin, one_worker.npp, 4, 2, 3)
    assert [b.period for b in contributions.bills_of(db, one_worker.npp)] == [
        "2018-02",
        "2018-03",
        "2018-04",
    ]


# --- payments ----------------------------------------------------------------------------------


def test_payment_settles_the_oldest_month_first(db, admin, one_worker):
    """Rp600.000 pays February in full, then part of March; April stays unpaid."""
    bill_months(db, admin, one_worker.npp, 2, 3, 4)
    payment = contributions.record_payment(db, admin, one_worker.npp, 600_000, date(2018, 4, 20))
    assert payment.allocations == (("2018-02", MONTHLY_4M), ("2018-03", 600_000 - MONTHLY_4M))
    assert payment.unallocated == 0
    feb, mar, apr = contributions.bills_of(db, one_worker.npp)
    assert (feb.paid, feb.settled_on) == (MONTHLY_4M, date(2018, 4, 20))
    assert (mar.paid, mar.settled_on) == (600_000 - MONTHLY_4M, None)
    assert (apr.paid, apr.settled_on) == (0, None)


def test_later_payment_first_fills_the_earlier_shortfall(db, admin, one_worker):
    """After a part payment of March, the next payment completes March before April."""
    bill_months(db, admin, one_worker.npp, 3, 4)
    contributions.record_payment(db, admin, one_worker.npp, 300_000, date(2018, 4, 20))
    payment = contributions.record_payment(db, admin, one_worker.npp, 400_000, date(2018, 5, 10))
    assert payment.allocations == (
        ("2018-03", MONTHLY_4M - 300_000),
        ("2018-04", 400_000 - (MONTHLY_4M - 300_000)),
    )


def test_month_paid_in_instalments_is_settled_on_the_last_instalment(db, admin, one_worker):
    """February paid 200.000 on 10/03 and the rest on 25/03 is settled on 25/03/2018."""
    bill_months(db, admin, one_worker.npp, 2)
    contributions.record_payment(db, admin, one_worker.npp, 200_000, date(2018, 3, 10))
    (feb,) = contributions.bills_of(db, one_worker.npp)
    assert feb.paid == 200_000 and feb.settled_on is None
    contributions.record_payment(db, admin, one_worker.npp, MONTHLY_4M - 200_000, date(2018, 3, 25))
    (feb,) = contributions.bills_of(db, one_worker.npp)
    assert feb.paid == MONTHLY_4M
    assert feb.outstanding == 0
    assert feb.settled_on == date(2018, 3, 25)


def test_overpayment_is_kept_unallocated(db, admin, one_worker):
    """Paying Rp500.000 on a Rp395.600 bill settles it and keeps Rp104.400 on the payment."""
    bill_months(db, admin, one_worker.npp, 2)
    payment = contributions.record_payment(db, admin, one_worker.npp, 500_000, date(2018, 3, 12))
    assert payment.unallocated == 500_000 - MONTHLY_4M
    assert payment.allocations == (("2018-02", MONTHLY_4M),)
    (feb,) = contributions.bills_of(db, one_worker.npp)
    assert feb.paid == feb.amount
    with db.read() as session:
        stored = session.get(Payment, payment.id)
        assert (stored.amount, stored.unallocated) == (500_000, 500_000 - MONTHLY_4M)


def test_payment_with_nothing_owed_is_all_unallocated(db, admin, one_worker):
    """A payment before any bill is kept whole as an overpayment."""
    payment = contributions.record_payment(db, admin, one_worker.npp, 250_000, date(2018, 3, 12))
    assert payment.allocations == ()
    assert payment.unallocated == 250_000


def test_overpayment_offsets_the_next_month(db, admin, one_worker):
    """An overpayment of Rp104.400 reduces what is still owed on the next month's bill."""
    bill_months(db, admin, one_worker.npp, 2)
    contributions.record_payment(db, admin, one_worker.npp, 500_000, date(2018, 3, 12))
    contributions.bill_month(db, admin, one_worker.npp, Period(2018, 3))
    _feb, mar = contributions.bills_of(db, one_worker.npp)
    assert mar.outstanding == MONTHLY_4M - (500_000 - MONTHLY_4M)


@pytest.mark.parametrize(
    ("amount", "paid_on", "field"),
    [
        (0, date(2018, 3, 12), "amount"),
        (-5, date(2018, 3, 12), "amount"),
        (100_000, date(2027, 1, 4), "paid_on"),
    ],
)
def test_bad_payment_is_refused_and_nothing_recorded(db, admin, one_worker, amount, paid_on, field):
    """A zero or negative amount, or a date after today, is refused naming the field."""
    bill_months(db, admin, one_worker.npp, 2)
    with pytest.raises(ValidationError) as exc:
        contributions.record_payment(db, admin, one_worker.npp, amount, paid_on)
    assert exc.value.field == field
    assert count(db, Payment) == 0
    assert contributions.bills_of(db, one_worker.npp)[0].paid == 0


def test_inspector_cannot_record_payments(db, make_user, one_worker):
    """A PEMERIKSA may not record payments."""
    with pytest.raises(PermissionDeniedError):
        contributions.record_payment(
            db, make_user(Role.PEMERIKSA), one_worker.npp, 100_000, date(2018, 3, 12)
        )


# --- payments and arrears cases ---------------------------------------------------------------------


def test_paying_the_case_months_settles_the_arrears_case(db, admin, one_worker):
    """When February and March of an open case are paid, the case is LUNAS with date and amount."""
    bill_months(db, admin, one_worker.npp, 2, 3)
    case = arrears.open_case(
        db, admin, one_worker.npp, target_year=2018, opened_on=date(2018, 4, 20)
    )
    assert (case.first_period, case.last_period) == ("2018-02", "2018-03")
    payment = contributions.record_payment(
        db, admin, one_worker.npp, 2 * MONTHLY_4M, date(2018, 5, 2)
    )
    assert payment.cases_settled == (case.id,)
    settled = case_of(db, case.id)
    assert settled.status is CaseStatus.LUNAS
    assert settled.settled_on == date(2018, 5, 2)
    assert settled.collected == 2 * MONTHLY_4M
    assert settled.next_action_on is None


def test_part_payment_keeps_the_case_open_and_counts_what_was_collected(db, admin, one_worker):
    """Paying only February leaves the case open, with February's amount collected."""
    bill_months(db, admin, one_worker.npp, 2, 3)
    case = arrears.open_case(
        db, admin, one_worker.npp, target_year=2018, opened_on=date(2018, 4, 20)
    )
    payment = contributions.record_payment(db, admin, one_worker.npp, MONTHLY_4M, date(2018, 5, 2))
    assert payment.cases_settled == ()
    still_open = case_of(db, case.id)
    assert still_open.status is CaseStatus.TERBUKA
    assert still_open.settled_on is None
    assert still_open.collected == MONTHLY_4M


def test_case_settles_over_several_payments(db, admin, one_worker):
    """Instalments on a case add up; the case settles on the last one."""
    bill_months(db, admin, one_worker.npp, 2, 3)
    case = arrears.open_case(
        db, admin, one_worker.npp, target_year=2018, opened_on=date(2018, 4, 20)
    )
    contributions.record_payment(db, admin, one_worker.npp, 500_000, date(2018, 5, 2))
    contributions.record_payment(
        db, admin, one_worker.npp, 2 * MONTHLY_4M - 500_000, date(2018, 5, 28)
    )
    settled = case_of(db, case.id)
    assert settled.status is CaseStatus.LUNAS
    assert settled.settled_on == date(2018, 5, 28)
    assert settled.collected == 2 * MONTHLY_4M


def test_money_for_months_outside_the_case_is_not_counted_as_collected(db, admin, one_worker):
    """April, billed after the case was opened for February–March, does not count for the case."""
    bill_months(db, admin, one_worker.npp, 2, 3)
    case = arrears.open_case(
        db, admin, one_worker.npp, target_year=2018, opened_on=date(2018, 4, 20)
    )
    contributions.bill_month(db, admin, one_worker.npp, APRIL)
    contributions.record_payment(db, admin, one_worker.npp, 3 * MONTHLY_4M, date(2018, 5, 2))
    settled = case_of(db, case.id)
    assert settled.status is CaseStatus.LUNAS
    assert settled.collected == 2 * MONTHLY_4M


def test_payment_is_one_audited_write(db, admin, one_worker):
    """A payment that also settles a case is still one audit event, naming what it settled."""
    bill_months(db, admin, one_worker.npp, 2)
    case = arrears.open_case(
        db, admin, one_worker.npp, target_year=2018, opened_on=date(2018, 4, 20)
    )
    before = count(db, AuditEvent)
    contributions.record_payment(db, admin, one_worker.npp, MONTHLY_4M, date(2018, 5, 2))
    assert count(db, AuditEvent) == before + 1
    from bpjs_desktop.services import audit

    (event,) = audit.recent(db, limit=1)
    assert event.action == "payment.record"
    assert event.detail["cases_settled"] == [case.id]


# --- the statement of an employer --------------------------------------------------------------------


def test_statement_shows_under_and_over_payment(db, admin, one_worker):
    """February paid late (31/03: one month late, fine Rp7.912), March part paid, April unpaid:
    on 20/05/2018 March's rest and April are underpaid; nothing overpaid."""
    bill_months(db, admin, one_worker.npp, 2, 3, 4)
    contributions.record_payment(db, admin, one_worker.npp, MONTHLY_4M, date(2018, 3, 31))
    contributions.record_payment(db, admin, one_worker.npp, 100_000, date(2018, 4, 10), "TRF-2")
    statement = contributions.statement(db, one_worker.npp, date(2018, 5, 20))
    feb, mar, apr = statement.bills
    assert (feb.paid, feb.settled_on, feb.last_paid_on) == (
        MONTHLY_4M,
        date(2018, 3, 31),
        date(2018, 3, 31),
    )
    assert feb.fine == 7_912  # due 15/03, paid 31/03
    assert (mar.paid, mar.outstanding) == (100_000, MONTHLY_4M - 100_000)
    assert mar.fine == late_fine(
        MONTHLY_4M - 100_000, Period(2018, 3), date(2018, 4, 16), date(2018, 5, 20)
    )
    assert apr.fine == late_fine(MONTHLY_4M, APRIL, date(2018, 5, 15), date(2018, 5, 20))
    assert statement.underpaid == 2 * MONTHLY_4M - 100_000
    assert statement.not_yet_due == 0
    assert statement.overpaid == 0
    assert statement.billed == 3 * MONTHLY_4M and statement.paid == MONTHLY_4M + 100_000
    assert [p.reference for p in statement.payments] == ["", "TRF-2"]
    assert statement.payments[1].allocations == (("2018-03", 100_000),)


def test_statement_shows_an_overpayment_as_credit(db, admin, one_worker):
    """Rp500.000 on February's Rp395.600: Rp104.400 overpaid, waiting for the next bill."""
    bill_months(db, admin, one_worker.npp, 2)
    contributions.record_payment(db, admin, one_worker.npp, 500_000, date(2018, 3, 12))
    statement = contributions.statement(db, one_worker.npp, date(2018, 3, 20))
    assert statement.overpaid == 500_000 - MONTHLY_4M
    assert statement.underpaid == 0
    assert statement.bills[0].fine == 0  # paid before its due date


def test_statement_counts_a_month_not_yet_due_apart(db, admin, one_worker):
    """April, due 15/05, is not underpaid on 10/05."""
    bill_months(db, admin, one_worker.npp, 4)
    statement = contributions.statement(db, one_worker.npp, date(2018, 5, 10))
    assert (statement.underpaid, statement.not_yet_due) == (0, MONTHLY_4M)


# --- PP 49/2020: the JP deferred in the relief months is billed in the repayment months -----------

RELIEF_MONTHS = [Period(2020, 8).shift(k) for k in range(6)]  # August 2020 – January 2021
REPAYMENT_MONTHS = [Period(2021, 4).shift(k) for k in range(12)]  # April 2021 – March 2022
# One worker on Rp4.000.000, risk "sedang", JKK+JKM+JHT+JP (PP 44/2015, PP 46/2015, PP 45/2015):
# a normal month is JKK 35.600 + JKM 12.000 + JHT 228.000 + JP 120.000 (80.000 + 40.000) = 395.600.
# A relief month (PP 49/2020 Pasal 11, 17(1)) pays JKK 356 + JKM 120 + JHT 228.000 + JP 1.200
# (1 % of 120.000) = 229.676 and defers JP 120.000 − 1.200 = 118.800; six months defer 712.800.
# Pasal 17(2): repaid from 15 May 2021 to 15 April 2022, the due dates of the bills of April 2021
# – March 2022: 712.800 / 12 = 59.400 on each, so those bills are 395.600 + 59.400 = 455.000.
RELIEF_BILL, DEFERRED_MONTH, INSTALMENT = 229_676, 118_800, 59_400


def test_an_employer_that_paid_only_the_relieved_amounts_owes_the_deferred_jp(
    db, admin, employer, make_worker
):
    make_worker(
        employer_npp=employer.npp, wage=4_000_000, start_date=date(2020, 1, 2), programmes=ALL_PU
    )
    for month in RELIEF_MONTHS:
        bill = contributions.bill_month(db, admin, employer.npp, month)
        assert (bill.amount, bill.jp, bill.jp_deferred) == (RELIEF_BILL, 1_200, 0)
        contributions.record_payment(db, admin, employer.npp, bill.amount, bill.due_date)

    before = contributions.bill_month(db, admin, employer.npp, Period(2021, 3))
    assert (before.amount, before.jp_deferred) == (MONTHLY_4M, 0)
    contributions.record_payment(db, admin, employer.npp, before.amount, before.due_date)

    bills = [contributions.bill_month(db, admin, employer.npp, m) for m in REPAYMENT_MONTHS]
    after = contributions.bill_month(db, admin, employer.npp, Period(2022, 4))
    assert bills[0].due_date == date(2021, 5, 17)  # 15 May 2021 is a Saturday: next working day
    assert bills[-1].due_date == date(2022, 4, 18)  # 15 Apr 2022 Good Friday, 16–17 weekend
    for bill in bills:
        assert (bill.jkk, bill.jkm, bill.jht, bill.jp) == (35_600, 12_000, 228_000, 120_000)
        assert bill.jp_deferred == INSTALMENT
        assert bill.amount == MONTHLY_4M + INSTALMENT == 455_000
    assert sum(b.jp_deferred for b in bills) == 6 * DEFERRED_MONTH == 712_800
    assert (after.amount, after.jp_deferred) == (MONTHLY_4M, 0)

    # The employer keeps paying the normal Rp395.600 a month, never the deferred JP.
    for bill in bills:
        contributions.record_payment(db, admin, employer.npp, MONTHLY_4M, bill.due_date)

    on = date(2022, 5, 1)  # every repayment month is past due; April 2022 (due 16 May) is not
    statement = contributions.statement(db, employer.npp, on)
    assert statement.underpaid == 712_800
    assert statement.not_yet_due == MONTHLY_4M
    dues = arrears.employer_dues(db, employer.npp, on)
    assert dues.principal_total == 712_800
    # Paid oldest month first (12 × 395.600 = 4.747.200 of 12 × 455.000 = 5.460.000), the
    # shortfall sits on the last bills: March 2022 is wholly unpaid, and its deferred JP
    # instalment is owed as JP: 120.000 + 59.400 = 179.400.
    march = next(m for m in dues.months if m.period == Period(2022, 3))
    assert march.principal == (35_600, 12_000, 228_000, 179_400)
