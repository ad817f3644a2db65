"""Pins on the employer's statement: the day its fines run to, and the order in which money is
credited (services/contributions.py on domain/arrears.py). Each figure is worked by hand.

The employer is the bakery of test_contributions: risk group "sedang", one worker on Rp4.000.000
in 2018, JKK+JKM+JHT+JP. A month is JKK 0,89 % (PP 44/2015 Lampiran I) 35.600 + JKM 0,30 %
(PP 44/2015 Pasal 18) 12.000 + JHT 3,7 % + 2 % (PP 46/2015 Pasal 16) 228.000 + JP 2 % + 1 %
(PP 45/2015 Pasal 28) 120.000 = 395.600. February 2018 is due Thursday 15/03/2018, March on
Monday 16/04/2018 (the 15th is a Sunday: next working day), April on Tuesday 15/05/2018.

Late fine: 2 % of the late contribution per month of delay (PP 44/2015, PP 46/2015 [S16];
domain.md §4.9); every month begun after the due date counts in full ([unverified] in the code:
BPJS's counting of a part month was not retrieved).
"""

from __future__ import annotations

from datetime import date

import pytest

from bpjs_desktop.domain.periods import Period
from bpjs_desktop.domain.programmes import SizeClass
from bpjs_desktop.services import contributions

MONTH = 395_600


@pytest.fixture
def npp(make_employer, make_worker) -> str:
    employer = make_employer(kbli="10710", size_class=SizeClass.MENENGAH)
    make_worker(employer_npp=employer.npp, wage=4_000_000, start_date=date(2018, 1, 2))
    return employer.npp


def bill(db, admin, npp: str, *months: int) -> None:
    for month in months:
        contributions.bill_month(db, admin, npp, Period(2018, month))


# --- the day the fines run to ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("on", "fine"),
    [
        (date(2018, 3, 15), 0),  # the due date itself: not late
        (date(2018, 3, 16), 7_912),  # a day late is a month: 2 % of 395.600
        (date(2018, 4, 15), 7_912),  # a month to the day: still one month
        (date(2018, 4, 16), 15_824),  # the second month begun: 4 % of 395.600
        (date(2018, 9, 15), 47_472),  # six months: 12 % of 395.600
    ],
)
def test_an_unpaid_month_earns_its_fine_up_to_the_statements_day(db, admin, npp, on, fine):
    bill(db, admin, npp, 2)
    (february,) = contributions.statement(db, npp, on).bills
    assert february.due_date == date(2018, 3, 15)
    assert february.fine == fine


def test_a_part_paid_late_earns_its_fine_to_the_day_it_was_paid(db, admin, npp):
    """200.000 paid 20/03 (one month late): 2 % = 4.000. The rest, 195.600, still owed on 16/04
    (two months): 4 % = 7.824. Fine 11.824."""
    bill(db, admin, npp, 2)
    contributions.record_payment(db, admin, npp, 200_000, date(2018, 3, 20))
    (february,) = contributions.statement(db, npp, date(2018, 4, 16)).bills
    assert (february.paid, february.outstanding) == (200_000, 195_600)
    assert february.fine == 4_000 + 7_824


def test_a_part_paid_after_the_statements_day_earns_its_fine_to_that_day_only(db, admin, npp):
    """The same, the rest paid on 20/05: on a statement of 16/04 its fine still runs to 16/04
    (4 % of 195.600 = 7.824), not to 20/05; on a statement of 31/05 to 20/05 (3 months begun
    after 15/03: 6 % of 195.600 = 11.736)."""
    bill(db, admin, npp, 2)
    contributions.record_payment(db, admin, npp, 200_000, date(2018, 3, 20))
    contributions.record_payment(db, admin, npp, 195_600, date(2018, 5, 20))
    (on_16_april,) = contributions.statement(db, npp, date(2018, 4, 16)).bills
    assert on_16_april.fine == 4_000 + 7_824
    (on_31_may,) = contributions.statement(db, npp, date(2018, 5, 31)).bills
    assert on_31_may.fine == 4_000 + 11_736
    assert on_31_may.settled_on == date(2018, 5, 20)


def test_a_month_paid_on_its_due_date_earns_no_fine_ever(db, admin, npp):
    bill(db, admin, npp, 2)
    contributions.record_payment(db, admin, npp, MONTH, date(2018, 3, 15))
    (february,) = contributions.statement(db, npp, date(2019, 1, 1)).bills
    assert february.fine == 0


# --- the order money is credited in ---------------------------------------------------------------


def test_a_payment_settles_the_oldest_month_first_even_when_billed_last(db, admin, npp):
    """March billed before February: 500.000 still pays February (395.600) in full first, then
    104.400 of March."""
    bill(db, admin, npp, 3, 2)
    payment = contributions.record_payment(db, admin, npp, 500_000, date(2018, 4, 20))
    assert payment.allocations == (("2018-02", 395_600), ("2018-03", 104_400))
    assert payment.unallocated == 0


def test_an_overpayment_is_credited_to_the_next_bill_oldest_payment_first(db, admin, npp):
    """A pays 500.000 on 12/03 for February (395.600): 104.400 over. B pays 50.000 on 13/03 with
    nothing billed: 50.000 over. March's bill takes A's 104.400 first, then B's 50.000: 154.400
    paid, 241.200 still owed, nothing over."""
    bill(db, admin, npp, 2)
    first = contributions.record_payment(db, admin, npp, 500_000, date(2018, 3, 12), "A")
    second = contributions.record_payment(db, admin, npp, 50_000, date(2018, 3, 13), "B")
    assert (first.unallocated, second.unallocated) == (104_400, 50_000)
    bill(db, admin, npp, 3)
    statement = contributions.statement(db, npp, date(2018, 3, 31))
    february, march = statement.bills
    assert february.outstanding == 0
    assert (march.paid, march.outstanding, march.settled_on) == (154_400, 241_200, None)
    a, b = statement.payments
    assert a.allocations == (("2018-02", 395_600), ("2018-03", 104_400))
    assert b.allocations == (("2018-03", 50_000),)
    assert (a.unallocated, b.unallocated, statement.overpaid) == (0, 0, 0)


def test_a_large_credit_settles_the_next_bills_in_turn_and_keeps_the_rest(db, admin, npp):
    """A pays 1.000.000 on 12/03 for February: 604.400 over. March takes 395.600 of it (settled on
    12/03, A's day); April the remaining 208.800, leaving 186.800 owed; B's 100.000 of 14/03 then
    pays 100.000 of April: 86.800 still owed."""
    bill(db, admin, npp, 2)
    contributions.record_payment(db, admin, npp, 1_000_000, date(2018, 3, 12), "A")
    contributions.record_payment(db, admin, npp, 100_000, date(2018, 3, 14), "B")
    bill(db, admin, npp, 3, 4)
    statement = contributions.statement(db, npp, date(2018, 4, 30))
    _february, march, april = statement.bills
    assert (march.outstanding, march.settled_on, march.fine) == (0, date(2018, 3, 12), 0)
    assert (april.paid, april.outstanding) == (208_800 + 100_000, 86_800)
    a, b = statement.payments
    assert a.allocations == (("2018-02", 395_600), ("2018-03", 395_600), ("2018-04", 208_800))
    assert b.allocations == (("2018-04", 100_000),)
    assert statement.overpaid == 0
