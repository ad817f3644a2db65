"""Service-level clocks of claims in working days (domain.md §5.3, §10: JHT 5, JKM ~3)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bpjs_desktop.domain.calendar import DEFAULT_CALENDAR, WorkCalendar
from bpjs_desktop.domain.claims import ClaimType
from bpjs_desktop.domain.service_level import (
    FastCalendar,
    SlaColour,
    colour_cutoffs,
    colour_for,
    read_clock,
    resume_anchor,
    sla_days,
)

from .strategies import PROPERTY

FAST = FastCalendar(DEFAULT_CALENDAR)
DAYS = st.dates(min_value=date(2016, 1, 1), max_value=date(2027, 12, 31))


def test_limits_per_claim_type_and_office_overrides():
    """JHT 5 working days [S31], JKM 3 [S35]; an office setting replaces a limit."""
    on = date(2018, 4, 10)
    assert sla_days(ClaimType.JHT_PENUH, on) == 5
    assert sla_days(ClaimType.JKM, on) == 3
    assert sla_days(ClaimType.JKK, on, {"JKK": 10}) == 10


def test_a_claim_from_before_the_rules_has_no_limit_and_no_colour():
    """The table begins on 1 January 2014 (BPJS Ketenagakerjaan); a PT Jamsostek claim of 2013
    is neither on time nor late, whatever the office set since, and its clock still counts."""
    assert sla_days(ClaimType.JHT_PENUH, date(2013, 12, 31)) is None
    assert sla_days(ClaimType.JKK, date(2013, 11, 20), {"JKK": 10}) is None
    assert sla_days(ClaimType.JHT_PENUH, date(2014, 1, 1)) == 5
    # 20/11/2013 (Wed) to 26/11/2013 (Tue): Thu, Fri, Mon, Tue = 4 working days
    paid = read_clock(
        FAST, anchor=date(2013, 11, 20), limit=None, today=date(2018, 4, 30),
        finished_on=date(2013, 11, 26),
    )  # fmt: skip
    assert (paid.elapsed, paid.late, paid.colour) == (4, False, None)
    assert "tidak ada batas layanan" in paid.text
    running = read_clock(FAST, anchor=date(2013, 11, 20), limit=None, today=date(2013, 12, 20))
    assert running.colour is None and not running.late


@pytest.mark.parametrize(
    ("limit", "elapsed", "colour"),
    [
        (5, 3, SlaColour.HIJAU),
        (5, 4, SlaColour.KUNING),  # one day left
        (5, 5, SlaColour.KUNING),  # the last day
        (5, 6, SlaColour.MERAH),
        (3, 1, SlaColour.HIJAU),
        (3, 2, SlaColour.KUNING),
        (3, 4, SlaColour.MERAH),
        (1, 0, SlaColour.KUNING),  # a one-day limit is never green
    ],
)
def test_colours(limit, elapsed, colour):
    """Green while more than one working day is left, amber to the limit, red past it."""
    assert colour_for(elapsed, limit) is colour


def test_holidays_and_weekends_do_not_count():
    """Logged Thursday 29/03/2018: Good Friday (30/03) and the weekend are skipped, so Wednesday
    04/04 is the 3rd working day."""
    reading = read_clock(FAST, anchor=date(2018, 3, 29), limit=5, today=date(2018, 4, 4))
    assert reading.elapsed == 3
    assert reading.colour is SlaColour.HIJAU


def test_waiting_for_documents_is_paused_and_finished_claims_have_no_colour():
    """No anchor (documents missing): paused. Paid: finished, late or not."""
    waiting = read_clock(FAST, anchor=None, limit=5, today=date(2018, 4, 30))
    assert waiting.colour is SlaColour.JEDA and not waiting.finished
    paid = read_clock(
        FAST,
        anchor=date(2018, 4, 2),
        limit=5,
        today=date(2018, 4, 30),
        finished_on=date(2018, 4, 10),
    )
    assert paid.finished and paid.colour is None
    assert paid.elapsed == 6 and paid.late
    assert "terlambat" in paid.text


def test_a_returned_claim_keeps_the_days_already_counted():
    """Complete on Mon 02/04, returned Wed 04/04 after 2 working days, back Mon 16/04: the clock
    resumes at 2 days, so on Tue 17/04 it reads 3 (the pause does not count)."""
    anchor = resume_anchor(FAST, date(2018, 4, 2), date(2018, 4, 4), date(2018, 4, 16))
    assert FAST.working_days_between(anchor, date(2018, 4, 16)) == 2
    assert read_clock(FAST, anchor=anchor, limit=5, today=date(2018, 4, 17)).elapsed == 3


def test_documents_completed_during_the_pause_start_the_clock_on_return():
    """Documents complete while returned: the clock starts the day the claim comes back."""
    assert resume_anchor(FAST, date(2018, 4, 10), date(2018, 4, 4), date(2018, 4, 16)) == date(
        2018, 4, 16
    )


@PROPERTY
@given(DAYS, st.integers(min_value=0, max_value=60))
def test_fast_calendar_agrees_with_the_day_by_day_calendar(start, span):
    """Counting by whole weeks and bisected holidays gives the same as walking day by day."""
    end = start + timedelta(days=span)
    assert FAST.working_days_between(start, end) == DEFAULT_CALENDAR.working_days_between(
        start, end
    )


@PROPERTY
@given(DAYS, st.integers(min_value=0, max_value=30))
def test_subtracting_working_days_is_the_latest_inverse(day, count):
    """subtract_working_days gives the latest anchor with exactly *count* working days to *day*."""
    anchor = FAST.subtract_working_days(day, count)
    assert FAST.working_days_between(anchor, day) == count
    assert FAST.working_days_between(anchor + timedelta(days=1), day) < count or count == 0


@PROPERTY
@given(DAYS, DAYS, st.integers(min_value=1, max_value=15))
def test_sql_cutoffs_give_the_same_colour_as_the_clock(anchor, today, limit):
    """The worklist filters colours by anchor ranges; they must agree with the clock's colour."""
    green_after, red_upto = colour_cutoffs(FAST, limit, today)
    colour = read_clock(FAST, anchor=anchor, limit=limit, today=today).colour
    if anchor > green_after:
        assert colour is SlaColour.HIJAU
    elif anchor <= red_upto:
        assert colour is SlaColour.MERAH
    else:
        assert colour is SlaColour.KUNING


def test_calendar_from_other_holidays():
    """A calendar with an office's own holiday skips it too."""
    fast = FastCalendar(WorkCalendar({date(2018, 4, 3)}))
    assert fast.working_days_between(date(2018, 4, 2), date(2018, 4, 4)) == 1
