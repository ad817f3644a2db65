"""Arrears: months late, late fines, ageing buckets, payment allocation (domain.md §4.9, §6.1)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bpjs_desktop.domain.arrears import (
    DEFAULT_BUCKETS,
    AgeingBucket,
    Allocation,
    OpenBill,
    ageing_bucket,
    allocate_payment,
    check_buckets,
    fine_rate_for,
    late_fine,
    months_late,
    months_overdue,
)
from bpjs_desktop.domain.periods import Period
from bpjs_desktop.errors import ValidationError

from .strategies import PROPERTY

# --- months late --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("due", "paid_on", "months"),
    [
        (date(2018, 6, 18), date(2018, 6, 1), 0),  # early
        (date(2018, 6, 18), date(2018, 6, 18), 0),  # on the due date
        (date(2018, 6, 18), date(2018, 6, 19), 1),  # a day later: one month begun
        (date(2018, 6, 18), date(2018, 7, 18), 1),  # exactly one month later
        (date(2018, 6, 18), date(2018, 7, 19), 2),
        (date(2023, 12, 15), date(2024, 1, 2), 1),  # across the year end
        (date(2023, 12, 15), date(2024, 1, 15), 1),
        (date(2023, 12, 15), date(2024, 1, 16), 2),
        (date(2023, 12, 15), date(2024, 12, 15), 12),
        (date(2023, 12, 15), date(2024, 12, 16), 13),
        (date(2019, 1, 31), date(2019, 2, 28), 1),  # month end: February has no 31st
        (date(2019, 1, 31), date(2019, 3, 1), 2),
        (date(2019, 3, 31), date(2019, 4, 30), 1),
        (date(2019, 3, 31), date(2019, 5, 1), 2),
        (date(2019, 4, 30), date(2019, 5, 30), 1),
        (date(2019, 4, 30), date(2019, 5, 31), 2),
    ],
)
def test_months_late_counts_every_month_begun_after_the_due_date(due, paid_on, months):
    """domain.md §4.9: 2 %/month fine; a payment a day late is one month late."""
    assert months_late(due, paid_on) == months


@PROPERTY
@given(due=st.dates(date(2015, 1, 1), date(2030, 12, 31)), days=st.integers(0, 2000))
def test_months_late_never_falls_as_payment_is_later(due, days):
    paid = due + timedelta(days=days)
    assert months_late(due, paid) <= months_late(due, paid + timedelta(days=1))
    assert (months_late(due, paid) == 0) is (days == 0)


def test_months_overdue_uses_the_due_date():
    assert months_overdue(Period(2018, 5), date(2018, 6, 18), date(2018, 9, 1)) == 3


# --- fines --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("principal", "period", "due", "paid_on", "fine"),
    [
        (1_000_000, Period(2024, 5), date(2024, 6, 17), date(2024, 6, 17), 0),  # on time
        (1_000_000, Period(2024, 5), date(2024, 6, 17), date(2024, 6, 18), 20_000),  # 2 % × 1
        (1_000_000, Period(2024, 5), date(2024, 6, 17), date(2024, 9, 17), 60_000),  # 2 % × 3
        (989_000, Period(2024, 6), date(2024, 7, 15), date(2024, 8, 1), 19_780),  # §4.1 bill
        (25, Period(2024, 6), date(2024, 7, 15), date(2024, 7, 16), 1),  # 0,5 → 1 (half up)
        (24, Period(2024, 6), date(2024, 7, 15), date(2024, 7, 16), 0),  # 0,48 → 0
        (0, Period(2024, 6), date(2024, 7, 15), date(2025, 7, 16), 0),
    ],
)
def test_late_fine_is_2_percent_per_month(principal, period, due, paid_on, fine):
    """domain.md §4.9: late fine 2 % per month of the late contribution, borne by the employer."""
    assert late_fine(principal, period, due, paid_on) == fine


@pytest.mark.parametrize(
    ("period", "rate_ppm"),
    [
        (Period(2020, 7), 20_000),
        (Period(2020, 8), 5_000),  # first relief month
        (Period(2020, 11), 5_000),
        (Period(2021, 1), 5_000),  # last relief month
        (Period(2021, 2), 20_000),
    ],
)
def test_fine_rate_is_half_a_percent_for_the_covid_months(period, rate_ppm):
    """domain.md §1, PP 49/2020: fine eased to 0.5 % for the contribution months Aug 2020–Jan 2021."""
    assert fine_rate_for(period) == rate_ppm


def test_late_fine_in_a_covid_month():
    """Rp1.000.000 for Sep 2020 (due 30/10/2020) paid 3 months late → 3 × 0,5 % = Rp15.000."""
    assert late_fine(1_000_000, Period(2020, 9), date(2020, 10, 30), date(2021, 1, 30)) == 15_000


def test_late_fine_refuses_a_negative_principal():
    with pytest.raises(ValueError, match="negative"):
        late_fine(-1, Period(2024, 6), date(2024, 7, 15), date(2024, 8, 15))


# --- ageing -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("months", "bucket"),
    [
        (-1, None),
        (0, None),  # nothing overdue
        (1, "Lancar"),
        (3, "Lancar"),  # Pekalongan's gap at 3 months is closed into "lancar"
        (4, "Kurang lancar"),
        (6, "Kurang lancar"),
        (7, "Macet"),
        (9, "Macet"),
        (10, "Kontinjensi"),  # > 9 months
        (120, "Kontinjensi"),
    ],
)
def test_default_ageing_buckets(months, bucket):
    """domain.md §6.1 (Pekalongan 2016): lancar 1–2, kurang lancar 4–6, macet 7–9,
    kontinjensi > 9 months."""
    assert ageing_bucket(months) == bucket


def test_default_buckets_are_consistent():
    check_buckets(DEFAULT_BUCKETS)


def test_custom_buckets_are_used():
    """domain.md §6.1 Temanggung 2019: ≤6 months lancar, > 6 diragukan/macet."""
    temanggung = (AgeingBucket("Lancar", 1, 6), AgeingBucket("Macet", 7, None))
    check_buckets(temanggung)
    assert ageing_bucket(6, temanggung) == "Lancar"
    assert ageing_bucket(7, temanggung) == "Macet"


@pytest.mark.parametrize(
    ("buckets", "fragment"),
    [
        ((), "Paling sedikit satu"),
        ((AgeingBucket("A", 2, None),), "harus mulai dari bulan ke-1"),
        ((AgeingBucket("A", 1, 3), AgeingBucket("B", 5, None)), "B harus mulai dari bulan ke-4"),
        ((AgeingBucket("A", 1, 3), AgeingBucket("B", 3, None)), "B harus mulai dari bulan ke-4"),
        ((AgeingBucket("A", 1, 0), AgeingBucket("B", 1, None)), "batas atas lebih kecil"),
        ((AgeingBucket("A", 1, 3), AgeingBucket("B", 4, 6)), "terakhir harus tanpa batas atas"),
        ((AgeingBucket("A", 1, None), AgeingBucket("B", 5, 9)), "Hanya kelompok terakhir"),
    ],
)
def test_check_buckets_refuses_gaps_overlaps_and_a_closed_last_bucket(buckets, fragment):
    """domain.md §6.1: buckets vary by branch, so they are configurable and checked."""
    with pytest.raises(ValidationError, match=fragment) as caught:
        check_buckets(buckets)
    assert caught.value.field == "buckets"


def test_check_buckets_refuses_a_bucket_after_an_open_ended_one():
    with pytest.raises(ValidationError):
        check_buckets((AgeingBucket("Lancar", 1, None), AgeingBucket("Macet", 5, None)))


# --- allocation ---------------------------------------------------------------------------------


def test_allocation_settles_the_oldest_period_first_whatever_the_input_order():
    """domain.md §4.9: payments allocated oldest BLTH first; out-of-order payments first settle
    earlier shortfalls."""
    bills = [
        OpenBill(3, Period(2024, 3), 300),
        OpenBill(1, Period(2024, 1), 100),
        OpenBill(2, Period(2024, 2), 200),
    ]
    allocations, left = allocate_payment(250, bills)
    assert allocations == [Allocation(1, 100), Allocation(2, 150)]
    assert left == 0


def test_allocation_returns_the_remainder_as_overpayment():
    """domain.md §4.9: excess offsets next month and/or fines."""
    bills = [OpenBill(1, Period(2024, 1), 100), OpenBill(2, Period(2024, 2), 200)]
    allocations, left = allocate_payment(1_000, bills)
    assert allocations == [Allocation(1, 100), Allocation(2, 200)]
    assert left == 700


def test_allocation_skips_settled_bills_and_breaks_ties_by_bill_id():
    bills = [
        OpenBill(9, Period(2024, 1), 50),
        OpenBill(4, Period(2024, 1), 0),  # already settled
        OpenBill(5, Period(2024, 1), 50),
    ]
    allocations, left = allocate_payment(80, bills)
    assert allocations == [Allocation(5, 50), Allocation(9, 30)]
    assert left == 0


def test_allocation_with_no_open_bills_is_all_overpayment():
    assert allocate_payment(500, []) == ([], 500)


@pytest.mark.parametrize("amount", [0, -100])
def test_allocation_needs_a_positive_payment(amount):
    with pytest.raises(ValidationError, match="lebih dari Rp0") as caught:
        allocate_payment(amount, [OpenBill(1, Period(2024, 1), 100)])
    assert caught.value.field == "amount"


@PROPERTY
@given(
    amount=st.integers(1, 10**9),
    outstanding=st.lists(st.integers(0, 10**8), max_size=12),
)
def test_allocation_conserves_money_and_leaves_no_older_bill_unpaid(amount, outstanding):
    bills = [OpenBill(i, Period(2024, 1).shift(-i), o) for i, o in enumerate(outstanding)]
    allocations, left = allocate_payment(amount, bills)
    assert sum(a.amount for a in allocations) + left == amount
    assert left >= 0
    by_id = {b.bill_id: b for b in bills}
    for allocation in allocations:
        assert 0 < allocation.amount <= by_id[allocation.bill_id].outstanding
    # every bill older than the last one touched is paid in full
    if allocations:
        newest = by_id[allocations[-1].bill_id].period
        paid = {a.bill_id: a.amount for a in allocations}
        for bill in bills:
            if bill.period < newest and bill.outstanding > 0:
                assert paid[bill.bill_id] == bill.outstanding
    if left:
        assert sum(a.amount for a in allocations) == sum(outstanding)
