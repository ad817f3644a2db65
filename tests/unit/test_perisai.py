"""Perisai agents: the monthly fee and incentive, and the status rules (domain.md §2.4)."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bpjs_desktop.domain.dated import RuleNotInForceError
from bpjs_desktop.domain.periods import Period
from bpjs_desktop.domain.perisai import (
    PERISAI_LAUNCH,
    PERISAI_RULES,
    AgentState,
    add_months,
    agent_status,
    first_counted_month,
    last_whole_month,
    monthly_fee,
    rejoin_date,
)

from .strategies import PROPERTY

FEB, MAR, APR, MAY, JUN, JUL = (Period(2018, m) for m in range(2, 8))

# --- the rules as data -----------------------------------------------------------------------------


def test_rules_start_at_the_launch_and_cite_their_sources():
    """The agency rules are a dated table from the February 2018 launch, each figure sourced."""
    first = PERISAI_RULES.entries[0]
    assert first.valid_from == PERISAI_LAUNCH == date(2018, 2, 1)
    assert (first.value.fee_ppm, first.value.incentive, first.value.incentive_min_recruits) == (
        75_000,
        500_000,
        50,
    )
    assert (first.value.idle_months_to_end, first.value.rejoin_after_months) == (3, 6)
    for source in ("[S5]", "[S6]", "[S7]"):
        assert source in first.source


# --- the monthly fee ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("paid", "recruits", "fee", "incentive"),
    [
        (0, 0, 0, 0),  # an idle month earns nothing
        (1_000_000, 0, 75_000, 0),  # 7,5 %
        (16_800, 1, 1_260, 0),  # one minimum BPU package (JKK+JKM)
        (36_800, 3, 2_760, 0),  # with JHT
        (20, 0, 2, 0),  # 1,5 → 2: half rounds up
        (100, 0, 8, 0),  # 7,5 → 8
        (99, 0, 7, 0),  # 7,425 → 7
        (6, 0, 0, 0),  # 0,45 → 0
        (3_000_000, 49, 225_000, 0),  # one short of the incentive
        (3_000_000, 50, 225_000, 500_000),  # exactly 50 new recruits earn it
        (3_000_000, 51, 225_000, 500_000),
        (0, 50, 0, 500_000),  # the incentive does not depend on contributions
    ],
)
def test_monthly_fee_is_7_5_percent_half_up_plus_incentive_from_50_recruits(
    paid, recruits, fee, incentive
):
    """The fee is 7,5 % of what the recruits paid, rounded half up to the rupiah; Rp500.000 more
    in a month with 50 or more new recruits [S5][S6]."""
    result = monthly_fee(paid, recruits, date(2018, 4, 1))
    assert (result.fee, result.incentive, result.total) == (fee, incentive, fee + incentive)
    assert (result.paid_contributions, result.new_recruits) == (paid, recruits)


def test_there_is_no_fee_before_the_launch():
    """January 2018 had no Perisai programme: asking for its fee names the missing rule."""
    with pytest.raises(RuleNotInForceError, match="aturan agen Perisai"):
        monthly_fee(1_000_000, 0, date(2018, 1, 31))
    assert monthly_fee(1_000_000, 0, date(2018, 2, 1)).fee == 75_000


def test_negative_inputs_are_a_bug():
    with pytest.raises(ValueError, match="negative"):
        monthly_fee(-1, 0, date(2018, 4, 1))
    with pytest.raises(ValueError, match="negative"):
        monthly_fee(0, -1, date(2018, 4, 1))


# --- months judged --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("joined", "first"),
    [
        (date(2018, 2, 1), FEB),  # a whole month counts
        (date(2018, 2, 2), MAR),  # a part month does not
        (date(2018, 2, 28), MAR),
        (date(2018, 12, 20), Period(2019, 1)),
    ],
)
def test_first_counted_month_is_the_first_whole_month(joined, first):
    assert first_counted_month(joined) == first


@pytest.mark.parametrize(
    ("as_of", "last"),
    [
        (date(2018, 4, 30), APR),  # the last day closes the month
        (date(2018, 4, 29), MAR),
        (date(2018, 5, 1), APR),
        (date(2019, 1, 15), Period(2018, 12)),
    ],
)
def test_a_month_is_judged_once_it_is_over(as_of, last):
    assert last_whole_month(as_of) == last


# --- status --------------------------------------------------------------------------------------------

ACTIVE, ENDED, MAY_REJOIN = AgentState.AKTIF, AgentState.BERAKHIR, AgentState.BOLEH_GABUNG


@pytest.mark.parametrize(
    ("joined", "activity", "as_of", "state", "ended_on", "idle"),
    [
        # Three idle whole months end the agency at the end of the third.
        (date(2018, 2, 1), {}, date(2018, 4, 30), ENDED, date(2018, 4, 30), 3),
        # Two idle months are not enough; April is not over on the 29th.
        (date(2018, 2, 1), {}, date(2018, 4, 29), ACTIVE, None, 2),
        (date(2018, 2, 1), {}, date(2018, 3, 31), ACTIVE, None, 2),
        # A new recruit alone keeps the agent going ...
        (date(2018, 2, 1), {APR: (1, 0)}, date(2018, 4, 30), ACTIVE, None, 0),
        # ... and so does a contribution alone (no new recruit that month).
        (date(2018, 2, 1), {MAR: (0, 16_800)}, date(2018, 5, 31), ACTIVE, None, 2),
        # Activity resets the count: idle Feb, Mar; active Apr; idle May, Jun, Jul → ends July.
        (date(2018, 2, 1), {APR: (2, 0)}, date(2018, 6, 30), ACTIVE, None, 2),
        (date(2018, 2, 1), {APR: (2, 0)}, date(2018, 7, 31), ENDED, date(2018, 7, 31), 3),
        # Joined on the 20th: February is not judged; March, April, May are.
        (date(2018, 2, 20), {}, date(2018, 4, 30), ACTIVE, None, 2),
        (date(2018, 2, 20), {}, date(2018, 5, 31), ENDED, date(2018, 5, 31), 3),
        # Status is fixed once ended: later activity does not revive the agency.
        (date(2018, 2, 1), {JUN: (10, 50_000)}, date(2018, 6, 30), ENDED, date(2018, 4, 30), 3),
        # The day of joining.
        (date(2018, 4, 30), {}, date(2018, 4, 30), ACTIVE, None, 0),
    ],
)
def test_agency_ends_after_three_consecutive_idle_months(
    joined, activity, as_of, state, ended_on, idle
):
    """No new recruit and no contribution for three consecutive whole months ends the agency
    at the end of the third month [S7]; two are not enough; any activity resets the count."""
    status = agent_status(joined, activity, as_of)
    assert (status.state, status.ended_on, status.idle_months) == (state, ended_on, idle)
    assert status.by_rule == (ended_on is not None)
    assert status.active == (state is ACTIVE)
    if ended_on is not None:
        assert status.ended_in == Period.of(ended_on)
        assert status.rejoin_from == rejoin_date(ended_on)
    else:
        assert status.ended_in is None and status.rejoin_from is None


@pytest.mark.parametrize(
    ("as_of", "state"),
    [
        (date(2018, 11, 30), ENDED),  # the last day of the six months
        (date(2018, 12, 1), MAY_REJOIN),  # six whole months after 31 May
        (date(2019, 6, 1), MAY_REJOIN),
    ],
)
def test_rejoining_is_possible_six_months_after_the_end(as_of, state):
    """An agency that ended by the rule on 31 May 2018 may start again from 1 December 2018, not
    a day earlier [S7]."""
    status = agent_status(date(2018, 2, 20), {}, as_of)
    assert status.ended_on == date(2018, 5, 31)
    assert status.rejoin_from == date(2018, 12, 1)
    assert status.state is state


@pytest.mark.parametrize(
    ("ended_on", "rejoin"),
    [
        (date(2018, 5, 31), date(2018, 12, 1)),
        (date(2018, 3, 15), date(2018, 9, 16)),
        (date(2018, 8, 31), date(2019, 3, 1)),  # via 1 September
        (date(2018, 8, 30), date(2019, 2, 28)),  # 31 August + 6 months: no 31 February
        (date(2019, 8, 30), date(2020, 2, 29)),  # a leap year
        (date(2018, 12, 31), date(2019, 7, 1)),  # across the year
    ],
)
def test_rejoin_date_is_six_whole_months_after_the_last_day(ended_on, rejoin):
    assert rejoin_date(ended_on) == rejoin


def test_an_end_recorded_by_hand_counts_from_its_own_day():
    """An agency ended by the office on 15 March 2018 (the agent resigned) is over from that day,
    though the agent was active; rejoining opens on 16 September 2018."""
    activity = {FEB: (5, 0), MAR: (3, 84_000)}
    before = agent_status(date(2018, 2, 1), activity, date(2018, 3, 14), ended_on=date(2018, 3, 15))
    assert before.state is ACTIVE  # the recorded end is still ahead of that day
    status = agent_status(date(2018, 2, 1), activity, date(2018, 9, 15), ended_on=date(2018, 3, 15))
    assert (status.state, status.ended_on, status.by_rule) == (ENDED, date(2018, 3, 15), False)
    assert status.rejoin_from == date(2018, 9, 16)
    assert (
        agent_status(
            date(2018, 2, 1), activity, date(2018, 9, 16), ended_on=date(2018, 3, 15)
        ).state
        is MAY_REJOIN
    )


def test_the_earlier_of_the_rule_and_the_recorded_end_wins():
    """Idle since February, the agency ended by the rule on 30 April even if the office only
    recorded an end in June."""
    status = agent_status(date(2018, 2, 1), {}, date(2018, 7, 1), ended_on=date(2018, 6, 10))
    assert (status.ended_on, status.by_rule) == (date(2018, 4, 30), True)


def test_judging_before_joining_is_a_bug():
    with pytest.raises(ValueError, match="before the agent joined"):
        agent_status(date(2018, 3, 1), {}, date(2018, 2, 28))


def test_add_months_clamps_to_the_end_of_a_shorter_month():
    assert add_months(date(2018, 1, 31), 1) == date(2018, 2, 28)
    assert add_months(date(2018, 11, 30), 3) == date(2019, 2, 28)
    assert add_months(date(2018, 5, 15), -5) == date(2017, 12, 15)


# --- property ------------------------------------------------------------------------------------------


@PROPERTY
@given(
    st.lists(st.booleans(), min_size=1, max_size=24),
    st.integers(min_value=1, max_value=28),
)
def test_ended_exactly_when_some_three_consecutive_whole_months_were_idle(months, day):
    """For any pattern of active/idle months after joining, the agency has ended by the last of
    them exactly when three consecutive judged months were idle, and it ended at the end of the
    first such third month."""
    joined = date(2018, 3, day)
    first = first_counted_month(joined)
    activity = {first.shift(i): (1, 0) for i, active in enumerate(months) if active}
    as_of = first.shift(len(months) - 1).last_day
    status = agent_status(joined, activity, as_of)
    run, expected_end = 0, None
    for i, active in enumerate(months):
        run = 0 if active else run + 1
        if run == 3:
            expected_end = first.shift(i).last_day
            break
    assert status.ended_on == expected_end
    assert status.active == (expected_end is None)
