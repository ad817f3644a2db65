"""A person's JHT account (issue #10): withdrawals come off the balance with the yield they lose,
a full claim closes every month it paid, and nothing is paid out twice.

Yields are the JHT_YIELD table (2017 7,83 %, 2018 7,51 %: [unverified] figures kept as data).
"""

from __future__ import annotations

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from bpjs_desktop.domain.benefits import (
    ContributionMonth,
    JhtWithdrawal,
    jht_account,
    jht_amount,
    jht_credit,
)
from bpjs_desktop.domain.periods import Period
from bpjs_desktop.domain.programmes import Segment
from bpjs_desktop.domain.wage_history import WageSchedule

from .strategies import PROPERTY


def months(first: Period, last: Period, basis: int = 4_000_000) -> list[ContributionMonth]:
    return [
        ContributionMonth(first.shift(i), basis, Segment.PU)
        for i in range(first.months_until(last) + 1)
    ]


YEAR_2017 = months(Period(2017, 1), Period(2017, 12))


# --- the wage of a month ---------------------------------------------------------------------------


def test_each_month_takes_the_wage_in_force_then():
    """Rp4.000.000 from January 2018, Rp5.000.000 from July 2018: June keeps the old wage."""
    schedule = WageSchedule.of(
        [(Period(2018, 7), 5_000_000), (Period(2018, 1), 4_000_000)], 5_000_000
    )
    assert schedule.at(Period(2018, 1)) == 4_000_000
    assert schedule.at(Period(2018, 6)) == 4_000_000
    assert schedule.at(Period(2018, 7)) == 5_000_000
    assert schedule.at(Period(2026, 12)) == 5_000_000
    # Before the first dated wage: the oldest wage known; with none dated: today's.
    assert schedule.at(Period(2017, 12)) == 4_000_000
    assert WageSchedule.of([], 4_500_000).at(Period(2018, 1)) == 4_500_000


# --- withdrawals ---------------------------------------------------------------------------------


def test_full_claim_after_a_30_percent_withdrawal_pays_the_rest_not_the_whole_balance():
    """12 months of Rp228.000 (5,7 % × Rp4.000.000, PP 46/2015 Pasal 16) in 2017.

    End of 2017: 2.736.000 + yield 98.188 = Rp2.834.188 (as in test_claim_rules). 30 % taken on
    10/04/2018 (PP 46/2015 Pasal 22): balance 2.834.188 + 53.212 = 2.887.400 → Rp866.220, paid
    in April 2018.
    Full claim on 10/10/2018 (9 months of 2018 earning): weighted 2.834.188 × 9 − 866.220 × 5
    = 21.176.592; yield 21.176.592 × 7,51 % / 12 = 132.530,17 → Rp132.530. Balance
    2.834.188 − 866.220 + 132.530 = Rp2.100.498. Without the withdrawal the year would have
    earned 2.834.188 × 9 × 7,51 % / 12 = 159.635,64 → Rp159.636 (balance Rp2.993.824, what was
    paid before the fix): the 30 % lost 159.636 − 132.530 = Rp27.106 of yield.
    """
    assert jht_amount("JHT_30", YEAR_2017, date(2018, 4, 10)).total == 866_220
    taken = [JhtWithdrawal(Period(2018, 4), 866_220, claim_no="GRS-30")]
    amount = jht_amount("JHT_PENUH", YEAR_2017, date(2018, 10, 10), taken)
    assert amount.total == 2_100_498
    assert [line.amount for line in amount.lines] == [2_736_000, 98_188 + 132_530, -866_220]
    assert amount.lines[-1].label == "Dikurangi JHT yang sudah diambil"
    assert any("Rp27.106" in note for note in amount.notes)
    # The year shows the withdrawal apart from its contributions (none in 2018).
    assert any(
        note.startswith("2018: iuran 0 bulan Rp0, diambil Rp866.220, hasil pengembangan")
        for note in amount.notes
    )
    account = jht_account(YEAR_2017, date(2018, 10, 10), taken)
    assert (account.credits, account.withdrawn, account.lost_yield) == (2_736_000, 866_220, 27_106)
    assert account.balance == account.credits + account.returns - account.withdrawn


def test_a_full_claim_closes_the_months_it_paid_on_every_kpj():
    """A full claim paid in April 2018 covered January 2017 – March 2018. Months of a second KPJ
    from July 2018 are new: Rp285.000 (5,7 % × Rp5.000.000) × 3 = Rp855.000 on 01/10/2018, with
    2018's yield on them (7,51 %; 9 months earning): 285.000 × (2 + 1 + 0) = 855.000 month-rupiah
    × 7,51 % / 12 = 5.350,9 → Rp5.351. Total Rp860.351; nothing of 2017 counts again."""
    first = months(Period(2017, 1), Period(2018, 3))
    second = months(Period(2018, 7), Period(2018, 9), basis=5_000_000)
    paid = [JhtWithdrawal(Period(2018, 4), 4_000_000, True, Period(2018, 3), "GRS-1")]
    amount = jht_amount("JHT_PENUH", first + second, date(2018, 10, 1), paid)
    assert amount.total == 855_000 + 5_351
    assert any("GRS-1" in note for note in amount.notes)
    # With no new month the balance is nothing.
    assert jht_amount("JHT_PENUH", first, date(2018, 10, 1), paid).total == 0


# --- the property: never more out than in ---------------------------------------------------------


@PROPERTY
@given(
    wages=st.lists(st.integers(1_000_000, 20_000_000), min_size=1, max_size=60),
    claims=st.lists(
        st.tuples(st.sampled_from(["JHT_10", "JHT_30", "JHT_PENUH"]), st.integers(0, 72)),
        min_size=1,
        max_size=4,
    ),
)
def test_what_is_paid_out_never_exceeds_credits_plus_returns(wages, claims):
    """Any wages from January 2016 and any claims (10 %, 30 %, full) on any later month, each
    reading the account after the ones before: the sum paid out never exceeds the credits plus
    the returns the account earned, and the balance never goes below zero."""
    history = [
        ContributionMonth(Period(2016, 1).shift(i), wage, Segment.PU)
        for i, wage in enumerate(wages)
    ]
    paid: list[JhtWithdrawal] = []
    for number, (kind, offset) in enumerate(sorted(claims, key=lambda c: c[1])):
        day = Period(2016, 2).shift(offset).first_day
        counted = [m for m in history if m.period < Period.of(day)]
        amount = jht_amount(kind, counted, day, paid).total
        assert amount >= 0
        last = max((m.period for m in counted), default=Period.of(day).previous())
        paid.append(JhtWithdrawal(Period.of(day), amount, kind == "JHT_PENUH", last, f"K{number}"))
    end = date(2023, 1, 1)
    after = jht_account(history, end, paid)
    assert after.balance >= 0
    untouched = jht_account(history, end)  # credits and returns had nothing been paid out
    assert sum(w.amount for w in paid) <= untouched.credits + untouched.returns
    assert untouched.credits == sum(jht_credit(m) for m in history)
