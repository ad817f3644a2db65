"""Whole-rupiah arithmetic and Indonesian number formats (domain.md §10: Rp 1.234.567)."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bpjs_desktop.domain.money import (
    apply_rate,
    div_round_half_up,
    format_decimal,
    format_percent,
    format_rupiah,
    format_rupiah_short,
    group_thousands,
    parse_rupiah,
    percent_ppm,
    round_down,
)

from .strategies import PROPERTY

# --- formatting ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("amount", "text"),
    [
        (0, "Rp0"),
        (999, "Rp999"),
        (1_000, "Rp1.000"),
        (1_234_567, "Rp1.234.567"),
        (42_000_000, "Rp42.000.000"),
        (2_640_000, "Rp2.640.000"),
        (-1_234, "-Rp1.234"),
        (-1_234_567, "-Rp1.234.567"),
    ],
)
def test_format_rupiah_uses_full_stops_for_thousands(amount, text):
    """domain.md: Indonesian notation uses "." for thousands; negatives lead with a minus."""
    assert format_rupiah(amount) == text


@pytest.mark.parametrize(
    ("value", "text"), [(0, "0"), (1234567, "1.234.567"), (-1234567, "-1.234.567")]
)
def test_group_thousands(value, text):
    assert group_thousands(value) == text


@pytest.mark.parametrize(
    ("value", "decimals", "text"),
    [(874.6, 1, "874,6"), (1234.5, 1, "1.234,5"), (-2.25, 2, "-2,25"), (10.0, 0, "10")],
)
def test_format_decimal_uses_a_comma_for_decimals(value, decimals, text):
    assert format_decimal(value, decimals) == text


def test_format_percent():
    """domain.md §8.1: Apr 2018 arrears target 4,550 BU, collected 1,527 → 33,6%."""
    assert format_percent(1527 / 4550 * 100) == "33,6%"


@pytest.mark.parametrize(
    ("amount", "text"),
    [
        (874_600_000_000, "Rp874,6 miliar"),  # domain.md §8.1: Rp874,6 bn (Apr 2018)
        (1_880_000_000_000, "Rp1,88 triliun"),  # domain.md §8.1: Rp1,88 T (Sep 2018)
        (42_000_000, "Rp42,0 juta"),
        (999_999, "Rp999.999"),
    ],
)
def test_format_rupiah_short_as_the_press_writes(amount, text):
    assert format_rupiah_short(amount) == text


# --- parsing ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "amount"),
    [
        ("Rp 1.234.567", 1_234_567),
        ("Rp1.234.567", 1_234_567),
        ("rp 1.234.567", 1_234_567),
        ("RP1234567", 1_234_567),
        ("1234567", 1_234_567),
        ("1.234.567", 1_234_567),
        ("1.234.567,00", 1_234_567),
        ("  42.000.000  ", 42_000_000),
        ("Rp\u00a01.000", 1_000),
        ("0", 0),
        ("-1.234", -1_234),
        ("Rp-1.234", -1_234),
        ("Rp -1.234", -1_234),
    ],
)
def test_parse_rupiah_accepts_what_users_type(typed, amount):
    """domain.md §10: Rp 1.234.567 formatting; amounts are whole rupiah."""
    assert parse_rupiah(typed) == amount


@pytest.mark.parametrize("typed", ["1.234.567,50", "10,5", "Rp 100,01", "1,234,567"])
def test_parse_rupiah_refuses_cents(typed):
    """Money is whole rupiah: a non-zero decimal part is refused with a message saying so."""
    with pytest.raises(ValueError, match="tanpa sen"):
        parse_rupiah(typed)


@pytest.mark.parametrize(
    "typed", ["", "   ", "Rp", "abc", "Rp 1.2a4", "1 234 x", "--5", "+100", "١٢٣", "1e6"]
)
def test_parse_rupiah_refuses_junk(typed):
    with pytest.raises(ValueError, match="Bukan jumlah rupiah"):
        parse_rupiah(typed)


@pytest.mark.parametrize("typed", ["1.000.00", "12.50", "1.2345"])
def test_parse_rupiah_refuses_misplaced_thousands_separators(typed):
    """domain.md: "." groups thousands; a group that is not 3 digits is a typo, not an amount."""
    with pytest.raises(ValueError, match="rupiah"):
        parse_rupiah(typed)


@PROPERTY
@given(amount=st.integers(min_value=-(10**15), max_value=10**15))
def test_parse_rupiah_reads_back_what_format_rupiah_writes(amount):
    assert parse_rupiah(format_rupiah(amount)) == amount
    assert parse_rupiah(group_thousands(amount)) == amount


def test_parse_rupiah_reads_back_a_negative_format_rupiah():
    """An overpayment shown as -Rp1.234 (format_rupiah(-1234)) can be typed back in."""
    assert parse_rupiah(format_rupiah(-1_234)) == -1_234


# --- rounding -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("numerator", "denominator", "result"),
    [
        (5, 2, 3),  # exact half → up
        (7, 2, 4),
        (4, 2, 2),
        (14, 10, 1),
        (15, 10, 2),  # exact half → up
        (16, 10, 2),
        (-5, 2, -3),  # halves away from zero
        (-14, 10, -1),
        (0, 7, 0),
    ],
)
def test_div_round_half_up_rounds_exact_halves_away_from_zero(numerator, denominator, result):
    assert div_round_half_up(numerator, denominator) == result


@pytest.mark.parametrize("denominator", [0, -1])
def test_div_round_half_up_needs_a_positive_denominator(denominator):
    with pytest.raises(ValueError, match="positive"):
        div_round_half_up(1, denominator)


@pytest.mark.parametrize(
    ("amount", "rate", "result"),
    [
        (10_000_000, percent_ppm("0.89"), 89_000),  # domain.md §4.1: JKK medium risk
        (10_000_000, percent_ppm("3.70"), 370_000),  # domain.md §4.1: JHT employer
        (1_000_625, percent_ppm("0.24"), 2_402),  # 2.401,5 → 2.402 (half up)
        (1_000_624, percent_ppm("0.24"), 2_401),  # 2.401,4976 → 2.401
        (1_000_025, percent_ppm("2"), 20_001),  # 20.000,5 → 20.001
        (25, percent_ppm("2"), 1),  # 0,5 → 1
        (24, percent_ppm("2"), 0),  # 0,48 → 0
    ],
)
def test_apply_rate_rounds_once_half_up_to_the_rupiah(amount, rate, result):
    assert apply_rate(amount, rate) == result


@pytest.mark.parametrize(
    ("text", "ppm"),
    [("0.24", 2_400), ("0.89", 8_900), ("1.74", 17_400), ("0.0024", 24), ("50", 500_000)],
)
def test_percent_ppm_reads_regulation_percentages_exactly(text, ppm):
    """domain.md §4.2: 0.24 % … 1.74 %; COVID JKK 1 % of 0.24 % = 0.0024 %."""
    assert percent_ppm(text) == ppm


@pytest.mark.parametrize("text", ["0.00245", "abc", "-1", "1,5"])
def test_percent_ppm_refuses_what_is_not_an_exact_percentage(text):
    with pytest.raises(ValueError, match="percentage"):
        percent_ppm(text)


def test_round_down_to_rp100_as_the_jp_cap_is():
    """domain.md §4.3: 9.559.600 × 1,0505 = 10.042.359,8 → Rp10.042.300 (down to Rp100)."""
    assert round_down(9_559_600 * 10_505 // 10_000, 100) == 10_042_300
    assert round_down(10_042_300, 100) == 10_042_300


# --- boundaries and messages the user reads -------------------------------------------------------


@pytest.mark.parametrize(
    ("amount", "text"),
    [
        (10**12, "Rp1,00 triliun"),  # exactly a trillion is written in trillions
        (1_500_000_000, "Rp1,5 miliar"),
        (10**9, "Rp1,0 miliar"),  # exactly a billion is written in billions
        (1_500_000, "Rp1,5 juta"),
        (10**6, "Rp1,0 juta"),  # exactly a million is written in millions
    ],
)
def test_format_rupiah_short_switches_unit_at_exactly_the_round_number(amount, text):
    assert format_rupiah_short(amount) == text


@pytest.mark.parametrize(("value", "text"), [(874.6, "874,6"), (0.0, "0,0"), (0.5, "0,5")])
def test_format_decimal_shows_one_decimal_and_no_minus_for_zero_or_positive(value, text):
    """Default one decimal; a minus only below zero (Rp0 and Rp0,5 juta are not negative)."""
    assert format_decimal(value) == text


def test_parse_rupiah_refuses_a_first_group_of_four_digits():
    """domain.md §10: "1.234.567"; "1234.567" has a first group of 4 digits: a typo."""
    with pytest.raises(ValueError, match="Bukan jumlah rupiah"):
        parse_rupiah("1234.567")


def test_parse_rupiah_accepts_18_digits():
    assert parse_rupiah("9" * 18) == 999_999_999_999_999_999


def test_parse_rupiah_refuses_19_digits_saying_how_many():
    message = "Jumlah terlalu besar (19 digit): 1000000000000000000"
    with pytest.raises(ValueError, match=f"^{re.escape(message)}$"):
        parse_rupiah("1" + "0" * 18)


def test_parse_rupiah_does_not_count_leading_zeros_as_digits():
    assert parse_rupiah("0" * 5 + "9" * 18) == 999_999_999_999_999_999


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("10,5", "Jumlah harus dalam rupiah utuh, tanpa sen: 10,5"),
        ("abc", "Bukan jumlah rupiah: abc"),
        ("x" * 40, "Bukan jumlah rupiah: " + "x" * 40),  # 40 characters are echoed whole
        ("y" * 41, "Bukan jumlah rupiah: " + "y" * 39 + "…"),  # longer: 39 and an ellipsis
    ],
)
def test_parse_rupiah_refusal_echoes_what_was_typed(typed, message):
    with pytest.raises(ValueError, match=f"^{re.escape(message)}$"):
        parse_rupiah(typed)
