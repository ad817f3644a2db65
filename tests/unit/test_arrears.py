"""Arrears: months late, late fines, ageing buckets, payment allocation (domain.md §4.9, §6.1)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bpjs_desktop.domain.arrears import (
    DEFAULT_BUCKETS,
    LADDER_BY_KIND,
    LADDER_STEPS,
    OTHER_ACTIONS,
    AgeingBucket,
    Allocation,
    InstalmentState,
    OpenBill,
    OwedBill,
    PromiseState,
    ageing_bucket,
    allocate_payment,
    apply_to_instalments,
    buckets_from_json,
    buckets_to_json,
    check_buckets,
    check_step,
    due_window,
    dues_on,
    fine_rate_for,
    instalment_schedule,
    late_fine,
    latest_due_for,
    months_late,
    months_overdue,
    next_action,
    split_proportionally,
    suggested_step,
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


@pytest.mark.parametrize(
    ("amount", "outstanding", "expected", "left"),
    [
        # (payment, open bills oldest first as (period, outstanding), allocations, overpayment)
        (100, [(Period(2017, 12), 100), (Period(2018, 1), 100)], [100], 0),
        (150, [(Period(2017, 12), 100), (Period(2018, 1), 100)], [100, 50], 0),  # across a year
        (250, [(Period(2017, 12), 100), (Period(2018, 1), 100)], [100, 100], 50),
        (99, [(Period(2017, 11), 40), (Period(2017, 12), 0), (Period(2018, 1), 100)], [40, 59], 0),
        (1, [(Period(2018, 1), 1)], [1], 0),
        (5, [], [], 5),
    ],
)
def test_allocation_table(amount, outstanding, expected, left):
    """domain.md §4.9: oldest BLTH first, across the year end; a settled month is skipped; the
    rest is an overpayment."""
    bills = [OpenBill(i + 1, p, o) for i, (p, o) in enumerate(outstanding)]
    allocations, remainder = allocate_payment(amount, reversed(bills))
    assert [a.amount for a in allocations] == expected
    assert remainder == left


# --- fines across month and year ends ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("period", "due", "paid_on", "months", "fine"),
    [
        # December 2017 due Mon 15/01/2018, Rp1.000.000
        (Period(2017, 12), date(2018, 1, 15), date(2018, 1, 15), 0, 0),
        (Period(2017, 12), date(2018, 1, 15), date(2018, 1, 16), 1, 20_000),
        (Period(2017, 12), date(2018, 1, 15), date(2018, 2, 15), 1, 20_000),
        (Period(2017, 12), date(2018, 1, 15), date(2018, 2, 16), 2, 40_000),
        # November 2017 due 15/12/2017, paid across the year end
        (Period(2017, 11), date(2017, 12, 15), date(2017, 12, 31), 1, 20_000),
        (Period(2017, 11), date(2017, 12, 15), date(2018, 1, 1), 1, 20_000),
        (Period(2017, 11), date(2017, 12, 15), date(2018, 1, 16), 2, 40_000),
        (Period(2017, 11), date(2017, 12, 15), date(2018, 12, 16), 13, 260_000),
        # March 2018 due Mon 16/04/2018 (15 April a Sunday): the 16th counts, not the 15th
        (Period(2018, 3), date(2018, 4, 16), date(2018, 5, 16), 1, 20_000),
        (Period(2018, 3), date(2018, 4, 16), date(2018, 5, 17), 2, 40_000),
        # a due date at a month's end, paid in a shorter month
        (Period(2019, 1), date(2019, 1, 31), date(2019, 2, 28), 1, 20_000),
        (Period(2019, 1), date(2019, 1, 31), date(2019, 3, 31), 2, 40_000),
        (Period(2019, 1), date(2019, 1, 31), date(2019, 4, 1), 3, 60_000),
        # the COVID relief months: 0,5 % a month (PP 49/2020), across the year end
        (Period(2020, 12), date(2021, 2, 1), date(2021, 3, 2), 2, 10_000),
        (Period(2021, 2), date(2021, 3, 15), date(2021, 4, 16), 2, 40_000),
    ],
)
def test_fines_across_month_and_year_ends(period, due, paid_on, months, fine):
    """domain.md §4.9: 2 % of the late contribution per month begun after the due date."""
    assert months_late(due, paid_on) == months
    assert late_fine(1_000_000, period, due, paid_on) == fine


# --- ageing windows and settings text -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("months", "on", "latest"),
    [
        (1, date(2018, 4, 30), date(2018, 4, 29)),  # a day before is one month late
        (2, date(2018, 4, 30), date(2018, 3, 29)),
        (3, date(2018, 4, 30), date(2018, 2, 28)),  # 28/02 → 30/04: two months and two days
        (1, date(2018, 1, 1), date(2017, 12, 31)),  # across the year end
        (2, date(2018, 1, 15), date(2017, 12, 14)),
        (13, date(2018, 4, 30), date(2017, 4, 29)),
    ],
)
def test_latest_due_for_is_the_boundary_of_months_late(months, on, latest):
    """The latest due date at least *months* late on *on*: one day later is less late."""
    assert latest_due_for(months, on) == latest
    assert months_late(latest, on) >= months
    assert months_late(latest + timedelta(days=1), on) < months


@PROPERTY
@given(
    due=st.dates(date(2015, 1, 1), date(2019, 12, 31)),
    on=st.dates(date(2016, 1, 1), date(2020, 12, 31)),
)
def test_due_window_agrees_with_ageing_bucket(due, on):
    """A due date is in a bucket's window exactly when its arrears age falls in that bucket, so the
    worklist can filter buckets in SQL."""
    months = months_late(due, on)
    for bucket in DEFAULT_BUCKETS:
        after, up_to = due_window(bucket, on)
        inside = due <= up_to and (after is None or due > after)
        assert inside == (months > 0 and ageing_bucket(months) == bucket.name)


def test_buckets_round_trip_through_the_settings_text():
    """The buckets kept in the setting table read back as they were."""
    text = buckets_to_json(DEFAULT_BUCKETS)
    assert buckets_from_json(text) == DEFAULT_BUCKETS


@pytest.mark.parametrize(
    "text",
    [
        '[{"name": "", "min": 1, "max": null}]',
        '[{"name": "A", "min": 1, "max": 3}, {"name": "A", "min": 4, "max": null}]',
        '[{"name": "A", "min": 2, "max": null}]',
    ],
)
def test_bad_settings_text_is_refused(text):
    """An unnamed bucket, two buckets of one name, or a gap is refused on field "buckets"."""
    with pytest.raises(ValidationError) as caught:
        buckets_from_json(text)
    assert caught.value.field == "buckets"


def test_unreadable_settings_text_is_refused():
    with pytest.raises(ValidationError, match="tidak dapat dibaca"):
        buckets_from_json("nonsense")


# --- by programme, and the calculator -------------------------------------------------------------


@pytest.mark.parametrize(
    ("total", "weights", "shares"),
    [
        (100, (1, 1, 1), (34, 33, 33)),  # the leftover rupiah to the earliest largest remainder
        (395_600, (35_600, 12_000, 228_000, 120_000), (35_600, 12_000, 228_000, 120_000)),
        (7_912, (35_600, 12_000, 228_000, 120_000), (712, 240, 4_560, 2_400)),
        (200_000, (35_600, 12_000, 228_000, 120_000), (17_998, 6_067, 115_268, 60_667)),
        (0, (5, 5), (0, 0)),
        (10, (0, 0), (5, 5)),
    ],
)
def test_split_proportionally_adds_up_exactly(total, weights, shares):
    assert split_proportionally(total, weights) == shares
    assert sum(shares) == total


@PROPERTY
@given(
    total=st.integers(0, 10**10), weights=st.lists(st.integers(0, 10**9), min_size=1, max_size=5)
)
def test_split_proportionally_never_loses_a_rupiah(total, weights):
    shares = split_proportionally(total, weights)
    assert sum(shares) == total
    assert all(s >= 0 for s in shares)


FEB = OwedBill(Period(2018, 2), date(2018, 3, 15), (35_600, 12_000, 228_000, 120_000), 395_600, 0)
MAR = OwedBill(
    Period(2018, 3), date(2018, 4, 16), (35_600, 12_000, 228_000, 120_000), 395_600, 95_600
)
APR = OwedBill(Period(2018, 4), date(2018, 5, 15), (35_600, 12_000, 228_000, 120_000), 395_600, 0)


def test_calculator_fines_each_month_by_its_own_lateness():
    """Paid on 20/04/2018: February 2 months late (4 %), March 1 month late on what is still
    owed (Rp300.000 → Rp6.000), April not yet due (no fine, listed apart)."""
    calc = dues_on([APR, MAR, FEB], date(2018, 4, 20))
    assert [str(m.period) for m in calc.months] == ["2018-02", "2018-03"]
    assert [m.months_late for m in calc.months] == [2, 1]
    assert [m.fine_total for m in calc.months] == [15_824, 6_000]
    assert calc.months[1].principal == (26_997, 9_100, 172_902, 91_001)  # 300.000 by programme
    assert calc.principal_total == 395_600 + 300_000
    assert calc.total == 395_600 + 300_000 + 15_824 + 6_000
    assert calc.principal == tuple(
        a + b for a, b in zip(calc.months[0].principal, calc.months[1].principal, strict=True)
    )
    assert [str(m.period) for m in calc.not_yet_due] == ["2018-04"]
    assert calc.later_total == 395_600
    assert calc.oldest_due == date(2018, 3, 15)


def test_calculator_leaves_out_paid_months():
    paid = OwedBill(Period(2018, 1), date(2018, 2, 15), (1, 1, 1, 1), 4, 4)
    assert dues_on([paid], date(2018, 6, 1)).months == ()


# --- instalments and promises ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("total", "first", "count", "every", "expected"),
    [
        (300, date(2018, 5, 31), 3, 1, [(date(2018, 5, 31), 100), (date(2018, 6, 30), 100), (date(2018, 7, 31), 100)]),
        (100, date(2018, 1, 31), 2, 1, [(date(2018, 1, 31), 50), (date(2018, 2, 28), 50)]),  # February
        (100, date(2020, 1, 31), 2, 1, [(date(2020, 1, 31), 50), (date(2020, 2, 29), 50)]),  # leap year
        (101, date(2018, 11, 15), 3, 1, [(date(2018, 11, 15), 33), (date(2018, 12, 15), 33), (date(2019, 1, 15), 35)]),
        (100, date(2018, 11, 15), 2, 3, [(date(2018, 11, 15), 50), (date(2019, 2, 15), 50)]),
        (7, date(2018, 5, 2), 1, 1, [(date(2018, 5, 2), 7)]),
    ],
)  # fmt: skip
def test_instalment_schedule(total, first, count, every, expected):
    """Equal instalments, the remainder on the last; month ends clamp to shorter months; the
    schedule crosses the year end."""
    schedule = instalment_schedule(total, first, count, every)
    assert [(i.due_on, i.amount) for i in schedule] == expected
    assert [i.sequence for i in schedule] == list(range(1, count + 1))
    assert sum(i.amount for i in schedule) == total


@pytest.mark.parametrize(
    ("total", "count", "every", "fields"),
    [
        (100, 0, 1, {"instalments"}),
        (100, 25, 1, {"instalments"}),
        (0, 2, 1, {"promised_amount"}),
        (1, 2, 1, {"promised_amount"}),  # less than a rupiah each
        (100, 2, 13, {"interval"}),
    ],
)
def test_instalment_schedule_refuses_bad_plans(total, count, every, fields):
    with pytest.raises(ValidationError) as caught:
        instalment_schedule(total, date(2018, 5, 2), count, every)
    assert {e.field for e in caught.value.errors} == fields


def _states(*rows):
    return tuple(
        InstalmentState(i + 1, due, amount, paid) for i, (due, amount, paid) in enumerate(rows)
    )


@pytest.mark.parametrize(
    ("rows", "on", "running", "broken_since", "kept"),
    [
        ((), date(2018, 6, 1), False, None, False),
        (((date(2018, 5, 31), 100, 0),), date(2018, 5, 31), True, None, False),  # due today: fine
        (((date(2018, 5, 31), 100, 0),), date(2018, 6, 1), False, date(2018, 5, 31), False),
        (((date(2018, 5, 31), 100, 99),), date(2018, 6, 1), False, date(2018, 5, 31), False),
        (((date(2018, 5, 31), 100, 100),), date(2018, 6, 1), False, None, True),
        (((date(2018, 5, 31), 100, 100), (date(2018, 6, 30), 100, 0)), date(2018, 6, 15), True, None, False),
        (((date(2018, 5, 31), 100, 100), (date(2018, 6, 30), 100, 0)), date(2018, 7, 1), False, date(2018, 6, 30), False),
    ],
)  # fmt: skip
def test_promise_state(rows, on, running, broken_since, kept):
    """A promise runs until an instalment is unpaid after its date (broken) or all are paid."""
    state = PromiseState(on, _states(*rows))
    assert (state.running, state.broken_since, state.kept) == (running, broken_since, kept)


def test_payment_credits_instalments_lowest_first():
    credited, left = apply_to_instalments(
        150, _states((date(2018, 5, 31), 100, 20), (date(2018, 6, 30), 100, 0))
    )
    assert [i.paid for i in credited] == [100, 70]
    assert left == 0
    credited, left = apply_to_instalments(500, credited)
    assert [i.paid for i in credited] == [100, 100]
    assert left == 470


# --- the ladder rules, pure ---------------------------------------------------------------------------

D = date(2018, 5, 2)


@pytest.mark.parametrize(
    ("history", "kind", "on", "field"),
    [
        ([], "SURAT_1", D, None),
        ([], "SURAT_2", D, "kind"),
        ([("SURAT_1", D)], "SURAT_2", D + timedelta(days=6), "done_on"),
        ([("SURAT_1", D)], "SURAT_2", D + timedelta(days=7), None),
        ([("SURAT_1", D), ("SURAT_2", D)], "SKK", D, None),
        ([("SURAT_1", D), ("SKK", D)], "PEMERIKSAAN", D, "kind"),
        ([("SKK", D)], "KUNJUNGAN", D, None),
        ([("SKK", D)], "KPKNL", D, None),
        ([("KPKNL", D)], "SKK", D, "kind"),
        ([], "TELEPON", D, None),
        ([("KPKNL", D)], "JANJI_BAYAR", D, None),
    ],
)
def test_check_step(history, kind, on, field):
    refusal = check_step(kind, history, on)
    assert (None if refusal is None else refusal.field) == field


def test_a_running_promise_holds_escalation_but_not_visits():
    history = [("SURAT_1", D)]
    until = date(2018, 6, 30)
    assert check_step("SURAT_2", history, D + timedelta(days=10), until).field == "kind"
    assert check_step("KUNJUNGAN", history, D, until) is None
    assert check_step("TELEPON", history, D, until) is None


@pytest.mark.parametrize(
    ("history", "suggested"),
    [
        ([], "SURAT_1"),
        ([("KUNJUNGAN", D)], "SURAT_1"),
        ([("SURAT_1", D)], "SURAT_2"),
        ([("SURAT_1", D), ("SURAT_2", D)], "PEMERIKSAAN"),
        ([("SURAT_1", D), ("SURAT_2", D), ("PEMERIKSAAN", D)], "PANGGILAN"),
        ([("SURAT_1", D), ("SURAT_2", D), ("PANGGILAN", D)], "SKK"),
        ([("SURAT_1", D), ("SURAT_2", D), ("SKK", D)], "KPKNL"),
        ([("SURAT_1", D), ("SURAT_2", D), ("SKK", D), ("KPKNL", D)], None),
    ],
)
def test_the_suggested_next_step_climbs_the_ladder(history, suggested):
    """domain.md §6.2 order: letters, inspection, joint summons, SKK, KPKNL."""
    step = suggested_step(history)
    assert (None if step is None else step.kind) == suggested


def test_next_action_watches_a_running_promise_then_climbs_after_a_broken_one():
    history = [("SURAT_1", D)]
    running = next_action(
        history, PromiseState(date(2018, 5, 20), _states((date(2018, 5, 31), 100, 0)))
    )
    assert running.watching_promise and running.kind is None
    assert running.label == "Pantau janji bayar 31/05/2018"
    broken = next_action(
        history, PromiseState(date(2018, 6, 1), _states((date(2018, 5, 31), 100, 0)))
    )
    assert broken.broken_promise and broken.kind == "SURAT_2"
    assert broken.label == "Janji bayar diingkari: Surat peringatan II"


def test_every_ladder_rule_names_known_steps():
    """The rules are consistent data: prerequisites are steps; numbered steps have a series."""
    kinds = {s.kind for s in LADDER_STEPS}
    for step in LADDER_STEPS:
        assert set(step.requires_any) <= kinds
        assert all(LADDER_BY_KIND[k].rank < step.rank for k in step.requires_any)
        assert step.series in ("B", "BA", "SKK")
    assert set(OTHER_ACTIONS) | kinds == {
        "TELEPON", "SURAT_1", "SURAT_2", "KUNJUNGAN", "PEMERIKSAAN", "PANGGILAN", "SKK", "KPKNL",
        "JANJI_BAYAR", "CICILAN",
    }  # fmt: skip
