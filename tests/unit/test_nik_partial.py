"""Reading a NIK while it is typed (the registration form decodes it digit by digit)."""

from __future__ import annotations

from datetime import date

import pytest

from bpjs_desktop.domain.identifiers import PartialNik, Sex, read_partial_nik
from bpjs_desktop.domain.programmes import KBLI_CATEGORY_RISK, kbli_category_name

TODAY = date(2026, 11, 28)
NIK = "3578015505900001"  # a woman born 15/05/1990 in Kota Surabaya


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("", PartialNik(0)),
        ("3", PartialNik(1)),
        ("35", PartialNik(2, "Jawa Timur")),
        ("357", PartialNik(3, "Jawa Timur")),
        ("3578", PartialNik(4, "Jawa Timur", "3578", "Kota Surabaya")),
        ("35780155059", PartialNik(11, "Jawa Timur", "3578", "Kota Surabaya")),
        (
            "357801550590",
            PartialNik(12, "Jawa Timur", "3578", "Kota Surabaya", date(1990, 5, 15), Sex.P),
        ),
        (NIK, PartialNik(16, "Jawa Timur", "3578", "Kota Surabaya", date(1990, 5, 15), Sex.P)),
        (
            "3578 0155 0590",
            PartialNik(12, "Jawa Timur", "3578", "Kota Surabaya", date(1990, 5, 15), Sex.P),
        ),
    ],
)
def test_each_part_is_read_once_its_digits_are_typed(typed, expected):
    """Province after 2 digits, regency after 4, birth date and sex after 12; spaces ignored."""
    assert read_partial_nik(typed, today=TODAY) == expected


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("99", PartialNik(2)),  # no province 99: nothing further is read
        ("3599", PartialNik(4, "Jawa Timur", "3599", None)),  # no such Jatim regency
        ("357801311390", PartialNik(12, "Jawa Timur", "3578", "Kota Surabaya")),  # month 13
        ("357801310290", PartialNik(12, "Jawa Timur", "3578", "Kota Surabaya")),  # 31 February
        ("35AB", PartialNik(4)),  # letters
    ],
)
def test_what_cannot_be_read_is_left_out_without_refusing(typed, expected):
    assert read_partial_nik(typed, today=TODAY) == expected


def test_a_two_digit_year_after_today_is_read_as_last_century():
    """ "30" in 2026 is 1930 (a birth in the future is impossible), as parse_nik reads it."""
    assert read_partial_nik("357801010130", today=TODAY).birth_date == date(1930, 1, 1)


def test_every_kbli_category_has_a_title():
    assert kbli_category_name("C") == "Industri pengolahan"
    assert all(kbli_category_name(letter) for letter in KBLI_CATEGORY_RISK)
