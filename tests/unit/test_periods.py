"""Contribution periods (BLTH) and dates as Indonesian offices write them (domain.md §0, §10)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bpjs_desktop.domain.periods import (
    Period,
    age_on,
    format_date,
    format_datetime_wib,
    format_period,
    parse_date,
    periods_between,
)

from .strategies import PROPERTY

# --- Period -------------------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["2018-04", "04-2018", "04/2018", " 2018-04 ", "04-2018\n"])
def test_period_parses_iso_and_blth(text):
    """domain.md §0: BLTH is MM-YYYY, shown 04/2018; the command line uses YYYY-MM. All mean
    April 2018."""
    assert Period.parse(text) == Period(2018, 4)


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("2018/04", "BB/TTTT"),
        ("2018-4", "BB/TTTT"),
        ("4-2018", "BB/TTTT"),
        ("April 2018", "BB/TTTT"),
        ("", "BB/TTTT"),
        ("2018-13", "Bulan harus 01–12, bukan 13"),
        ("00-2018", "Bulan harus 01–12, bukan 0"),
        ("1899-12", "Tahun di luar jangkauan: 1899"),
    ],
)
def test_period_parse_refuses_bad_input_with_a_message(text, fragment):
    with pytest.raises(ValueError, match=fragment):
        Period.parse(text)


def test_period_prints_as_iso_and_as_blth():
    """Stored as 2018-04; shown, wherever a screen or paper names the month, as 04/2018 (the
    month and year of a date written 30/04/2018), never as 04-2018 on one page and 2018-04 on
    another (issue #13)."""
    period = Period(2018, 4)
    assert str(period) == "2018-04"
    assert period.blth == format_period(period) == "04/2018"
    assert period.label() == "April 2018"
    assert Period(2018, 5).label() == "Mei 2018"
    assert Period(2018, 5).label("en") == "May 2018"


@pytest.mark.parametrize(
    ("start", "months", "end"),
    [
        (Period(2018, 12), 1, Period(2019, 1)),
        (Period(2019, 1), -1, Period(2018, 12)),
        (Period(2018, 4), 0, Period(2018, 4)),
        (Period(2018, 4), 12, Period(2019, 4)),
        (Period(2018, 4), -13, Period(2017, 3)),
        (Period(2020, 8), 5, Period(2021, 1)),  # COVID relief months span a year end
        (Period(2025, 2), 11, Period(2026, 1)),  # padat karya discount months
    ],
)
def test_period_shift_crosses_year_ends(start, months, end):
    assert start.shift(months) == end
    assert start.months_until(end) == months


def test_next_and_previous_cross_year_ends():
    assert Period(2023, 12).next() == Period(2024, 1)
    assert Period(2024, 1).previous() == Period(2023, 12)


@pytest.mark.parametrize(
    ("period", "last"),
    [
        (Period(2024, 2), date(2024, 2, 29)),  # leap year
        (Period(2023, 2), date(2023, 2, 28)),
        (Period(2000, 2), date(2000, 2, 29)),  # divisible by 400
        (Period(1900, 2), date(1900, 2, 28)),  # divisible by 100, not 400
        (Period(2024, 4), date(2024, 4, 30)),
        (Period(2024, 12), date(2024, 12, 31)),
    ],
)
def test_period_last_day(period, last):
    assert period.last_day == last
    assert period.first_day == date(period.year, period.month, 1)


def test_period_day_clamps_to_the_last_day_of_the_month():
    """The COVID due date is the 30th (PP 49/2020); February has none, so it is the last day."""
    assert Period(2021, 2).day(30) == date(2021, 2, 28)
    assert Period(2024, 2).day(30) == date(2024, 2, 29)
    assert Period(2020, 9).day(30) == date(2020, 9, 30)
    assert Period(2018, 6).day(15) == date(2018, 6, 15)


def test_periods_order_by_year_then_month():
    assert Period(2018, 12) < Period(2019, 1)
    assert Period(2019, 1) > Period(2018, 12)
    assert sorted([Period(2019, 1), Period(2018, 12), Period(2018, 2)]) == [
        Period(2018, 2),
        Period(2018, 12),
        Period(2019, 1),
    ]


def test_periods_between_includes_both_ends():
    assert periods_between(Period(2018, 11), Period(2019, 2)) == [
        Period(2018, 11),
        Period(2018, 12),
        Period(2019, 1),
        Period(2019, 2),
    ]
    assert periods_between(Period(2019, 2), Period(2019, 2)) == [Period(2019, 2)]
    assert periods_between(Period(2019, 2), Period(2018, 11)) == []


def test_period_of_a_date():
    assert Period.of(date(2018, 4, 30)) == Period(2018, 4)


_PERIODS = st.builds(Period, st.integers(1950, 2900), st.integers(1, 12))


@PROPERTY
@given(period=_PERIODS, months=st.integers(-600, 600))
def test_period_text_and_shift_round_trip(period, months):
    assert Period.parse(str(period)) == period
    assert Period.parse(period.blth) == period
    assert period.shift(months).shift(-months) == period
    assert period.months_until(period.shift(months)) == months


# --- dates --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text", ["28/11/2026", "28-11-2026", "28.11.2026", "2026-11-28", " 28/11/2026 "]
)
def test_parse_date_accepts_indonesian_and_iso_forms(text):
    """domain.md §10: DD-MM-YYYY dates (office forms use DD/MM/YYYY)."""
    assert parse_date(text) == date(2026, 11, 28)


def test_parse_date_reads_day_before_month():
    """01/02/2026 is 1 February (Indonesian order), not 2 January."""
    assert parse_date("01/02/2026") == date(2026, 2, 1)
    assert parse_date("1/2/2026") == date(2026, 2, 1)


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("31/02/2026", "tidak ada di kalender: 31/02/2026"),
        ("29/02/2025", "tidak ada di kalender"),
        ("2026-02-31", "tidak ada di kalender"),
        ("28/13/2026", "tidak ada di kalender"),
        ("28/11/26", "HH/BB/TTTT"),
        ("11/28/2026 extra", "HH/BB/TTTT"),
        ("28 November 2026", "HH/BB/TTTT"),
        ("", "HH/BB/TTTT"),
    ],
)
def test_parse_date_refuses_impossible_or_malformed_dates(text, fragment):
    with pytest.raises(ValueError, match=fragment):
        parse_date(text)


def test_parse_date_accepts_29_february_in_a_leap_year():
    assert parse_date("29/02/2024") == date(2024, 2, 29)


def test_format_date_is_dd_mm_yyyy():
    assert format_date(date(2026, 11, 28)) == "28/11/2026"
    assert format_date(date(2026, 1, 5)) == "05/01/2026"


@pytest.mark.parametrize(
    ("moment", "text"),
    [
        (datetime(2026, 11, 28, 7, 5, tzinfo=UTC), "28/11/2026 14:05 WIB"),
        (datetime(2026, 11, 28, 18, 30, tzinfo=UTC), "29/11/2026 01:30 WIB"),  # next day in WIB
    ],
)
def test_timestamps_are_shown_in_western_indonesian_time(moment, text):
    assert format_datetime_wib(moment) == text


@PROPERTY
@given(day=st.dates(date(1900, 1, 1), date(2999, 12, 31)))
def test_format_date_then_parse_date_round_trips(day):
    assert parse_date(format_date(day)) == day


@pytest.mark.parametrize(
    ("birth", "on", "age"),
    [
        (date(1970, 6, 15), date(2024, 6, 14), 53),  # the day before the 54th birthday
        (date(1970, 6, 15), date(2024, 6, 15), 54),
        (date(2000, 2, 29), date(2018, 2, 28), 17),
        (date(2000, 2, 29), date(2018, 3, 1), 18),
    ],
)
def test_age_on_counts_completed_years(birth, on, age):
    """JKP eligibility turns on "under 54 at registration" (domain.md §4.4)."""
    assert age_on(birth, on) == age
