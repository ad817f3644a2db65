"""Working days, holidays and contribution due dates (domain.md §4.9)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bpjs_desktop.domain.calendar import (
    DEFAULT_CALENDAR,
    HOLIDAY_NAMES,
    HOLIDAY_YEARS,
    NATIONAL_HOLIDAYS,
    WorkCalendar,
    due_date,
)
from bpjs_desktop.domain.periods import Period
from bpjs_desktop.domain.programmes import Segment

from .strategies import PROPERTY

# --- due dates ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("period", "due"),
    [
        # 15/06/2018 is Idul Fitri, 16/06 a holiday and a Saturday, 17/06 a Sunday → Monday 18/06
        (Period(2018, 5), date(2018, 6, 18)),
        (Period(2018, 6), date(2018, 7, 16)),  # 15/07/2018 is a Sunday
        (Period(2024, 6), date(2024, 7, 15)),  # a plain Monday
        (Period(2020, 7), date(2020, 8, 18)),  # 15/08 Saturday, 17/08 Independence Day
        (Period(2023, 12), date(2024, 1, 15)),  # across the year end
    ],
)
def test_pu_due_date_is_the_15th_of_the_next_month_rolled_to_a_working_day(period, due):
    """domain.md §4.9: PU pays by the 15th of the following month; Sat/Sun/holiday → next
    working day. May 2018 → 18/06/2018."""
    assert due_date(Segment.PU, period) == due


@pytest.mark.parametrize(
    ("period", "due"),
    [
        (Period(2020, 8), date(2020, 9, 30)),  # a Wednesday
        (Period(2020, 12), date(2021, 2, 1)),  # 30/01/2021 is a Saturday
    ],
)
def test_pu_due_date_in_the_covid_relief_months_is_the_30th(period, due):
    """domain.md §1, PP 49/2020: due date 15th → 30th for the months Aug 2020–Jan 2021."""
    assert due_date(Segment.PU, period) == due


@pytest.mark.parametrize(
    ("period", "due"),
    [
        (Period(2018, 5), date(2018, 5, 15)),  # a Tuesday: same month, not the next
        (Period(2018, 6), date(2018, 6, 18)),  # 15/06/2018 Idul Fitri → Monday 18/06
        (Period(2024, 6), date(2024, 6, 18)),  # 15/06 Saturday, 17/06 Idul Adha → 18/06
        (Period(2025, 3), date(2025, 3, 17)),  # 15/03/2025 is a Saturday
    ],
)
def test_bpu_due_date_is_the_15th_of_the_same_month_rolled_forward(period, due):
    """domain.md §4.5/§4.9: BPU pays by the 15th of the contribution month itself."""
    assert due_date(Segment.BPU, period) == due


@pytest.mark.parametrize("segment", [Segment.JAKON, Segment.PMI])
def test_one_off_segments_have_no_monthly_due_date(segment):
    """domain.md §4.6/§4.7: construction projects and PMI packages are paid once, up front."""
    with pytest.raises(ValueError, match="no monthly due date"):
        due_date(segment, Period(2024, 6))


def test_due_date_follows_the_calendar_the_office_passes():
    """An office can declare an extra closed day; the due date moves past it."""
    office = WorkCalendar([*NATIONAL_HOLIDAYS, date(2024, 7, 15)])
    assert due_date(Segment.PU, Period(2024, 6), office) == date(2024, 7, 16)


# --- working days -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (date(2018, 6, 14), True),  # Thursday
        (date(2018, 6, 15), False),  # Idul Fitri (a Friday)
        (date(2018, 6, 16), False),  # Saturday
        (date(2018, 6, 17), False),  # Sunday
        (date(2024, 8, 17), False),  # Independence Day
        (date(2025, 12, 25), False),  # Christmas
        (date(2025, 12, 24), True),
    ],
)
def test_is_working_day(day, working):
    assert DEFAULT_CALENDAR.is_working_day(day) is working


@pytest.mark.parametrize(
    ("start", "count", "end"),
    [
        (date(2018, 6, 8), 0, date(2018, 6, 8)),  # zero days: the same day
        (date(2018, 6, 8), 1, date(2018, 6, 11)),  # Friday + 1 → Monday
        (date(2018, 6, 14), 1, date(2018, 6, 18)),  # Thursday + 1 → over Idul Fitri and weekend
        (date(2018, 6, 8), 5, date(2018, 6, 18)),  # 11, 12, 13, 14, 18 June
        (date(2024, 12, 24), 1, date(2024, 12, 26)),  # over Christmas
        (date(2024, 12, 27), 1, date(2024, 12, 30)),  # over a weekend at the year end
        (date(2024, 12, 31), 1, date(2025, 1, 2)),  # over New Year's Day
    ],
)
def test_add_working_days_skips_weekends_and_holidays(start, count, end):
    """domain.md §5.3: claim SLAs in working days (JHT 5 working days after complete docs)."""
    assert DEFAULT_CALENDAR.add_working_days(start, count) == end


def test_add_working_days_refuses_a_negative_count():
    with pytest.raises(ValueError, match="negative"):
        DEFAULT_CALENDAR.add_working_days(date(2024, 1, 2), -1)


@pytest.mark.parametrize(
    ("start", "end", "count"),
    [
        (date(2018, 6, 8), date(2018, 6, 18), 5),
        (date(2018, 6, 14), date(2018, 6, 18), 1),  # only Monday 18/06 counts
        (date(2018, 6, 14), date(2018, 6, 17), 0),  # holiday and weekend only
        (date(2018, 6, 18), date(2018, 6, 18), 0),  # same day
        (date(2018, 6, 18), date(2018, 6, 8), 0),  # end before start
        (date(2024, 12, 20), date(2025, 1, 3), 8),  # 23,24,26,27,30,31 Dec, 2,3 Jan
    ],
)
def test_working_days_between_counts_after_start_up_to_end(start, end, count):
    assert DEFAULT_CALENDAR.working_days_between(start, end) == count


@PROPERTY
@given(
    start=st.dates(date(HOLIDAY_YEARS[0], 1, 1), date(HOLIDAY_YEARS[1], 11, 30)),
    count=st.integers(0, 30),
)
def test_working_days_between_undoes_add_working_days(start, count):
    end = DEFAULT_CALENDAR.add_working_days(start, count)
    assert DEFAULT_CALENDAR.working_days_between(start, end) == count
    if count:
        assert DEFAULT_CALENDAR.is_working_day(end)


@PROPERTY
@given(day=st.dates(date(HOLIDAY_YEARS[0], 1, 1), date(HOLIDAY_YEARS[1], 12, 20)))
def test_roll_forward_gives_the_first_working_day_on_or_after(day):
    rolled = DEFAULT_CALENDAR.roll_forward(day)
    assert rolled >= day
    assert DEFAULT_CALENDAR.is_working_day(rolled)
    between = day
    while between < rolled:
        assert not DEFAULT_CALENDAR.is_working_day(between)
        between += timedelta(days=1)


def test_holiday_table_covers_every_year_it_claims():
    years = {d.year for d in NATIONAL_HOLIDAYS}
    assert years == set(range(HOLIDAY_YEARS[0], HOLIDAY_YEARS[1] + 1))
    for year in years:
        assert date(year, 1, 1) in NATIONAL_HOLIDAYS
        assert date(year, 8, 17) in NATIONAL_HOLIDAYS  # Hari Kemerdekaan
        assert date(year, 12, 25) in NATIONAL_HOLIDAYS


def test_every_national_holiday_has_its_own_name():
    """The settings list names each holiday as the decree does (issue #13: all of them read
    "Libur nasional (SKB 3 Menteri)"); the year's numbering follows the year."""
    assert set(HOLIDAY_NAMES) == NATIONAL_HOLIDAYS
    assert all(HOLIDAY_NAMES.values())
    assert HOLIDAY_NAMES[date(2018, 1, 1)] == "Tahun Baru Masehi"
    assert HOLIDAY_NAMES[date(2018, 2, 16)] == "Tahun Baru Imlek 2569 Kongzili"
    assert HOLIDAY_NAMES[date(2018, 3, 17)] == "Hari Suci Nyepi Tahun Baru Saka 1940"
    assert HOLIDAY_NAMES[date(2018, 5, 29)] == "Hari Raya Waisak 2562 BE"
    assert HOLIDAY_NAMES[date(2018, 6, 15)] == "Hari Raya Idul Fitri 1439 H"
    assert HOLIDAY_NAMES[date(2018, 9, 11)] == "Tahun Baru Islam 1440 H"
    assert HOLIDAY_NAMES[date(2026, 3, 20)] == "Hari Raya Idul Fitri 1447 H"
    # 13 May 2021: Ascension Day and the first day of Idul Fitri fell together.
    assert HOLIDAY_NAMES[date(2021, 5, 13)] == ("Kenaikan Isa Almasih; Hari Raya Idul Fitri 1442 H")
