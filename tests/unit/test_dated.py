"""Dated rule tables: the value in force on a day (domain.md §10: never a single hard-coded rate)."""

from __future__ import annotations

from datetime import date

import pytest

from bpjs_desktop.domain.dated import Dated, DatedTable, RuleNotInForceError, carried_notes

TABLE = DatedTable(
    "contoh",
    [
        Dated(date(2024, 3, 1), 10_042_300, "2024"),
        Dated(date(2023, 3, 1), 9_559_600, "2023"),  # given out of order on purpose
    ],
)


@pytest.mark.parametrize(
    ("day", "value"),
    [
        (date(2023, 3, 1), 9_559_600),  # first day in force
        (date(2024, 2, 29), 9_559_600),  # the day before the next entry
        (date(2024, 3, 1), 10_042_300),
        (date(2099, 1, 1), 10_042_300),  # the last entry stays in force
    ],
)
def test_value_in_force_on_a_day(day, value):
    assert TABLE.at(day) == value


def test_before_the_first_entry_no_rule_is_in_force():
    with pytest.raises(RuleNotInForceError, match="Belum ada aturan contoh") as caught:
        TABLE.at(date(2023, 2, 28))
    assert "28/02/2023" in caught.value.message
    assert not TABLE.in_force(date(2023, 2, 28))
    assert TABLE.in_force(date(2023, 3, 1))


def test_entry_at_gives_the_source():
    assert TABLE.entry_at(date(2024, 6, 1)).source == "2024"


@pytest.mark.parametrize(
    ("entries", "fragment"),
    [
        ([], "is empty"),
        (
            [Dated(date(2024, 3, 1), 1, "a"), Dated(date(2024, 3, 1), 2, "b")],
            "two entries starting on the same day",
        ),
    ],
)
def test_a_table_must_be_non_empty_without_duplicate_starts(entries, fragment):
    with pytest.raises(ValueError, match=fragment):
        DatedTable("contoh", entries)


CONFIRMED = DatedTable(
    "batas contoh",
    [Dated(date(2024, 3, 1), 10_042_300, "2024"), Dated(date(2025, 3, 1), 10_547_400, "2025")],
    confirmed_until=date(2026, 2, 28),
)


def test_a_day_past_the_confirmed_date_still_gets_the_last_figure_with_a_note():
    """A 2026 figure that no source confirms is carried forward, and says so."""
    assert not CONFIRMED.beyond_confirmed(date(2026, 2, 28))
    assert CONFIRMED.carried_note(date(2026, 2, 28)) is None
    assert CONFIRMED.beyond_confirmed(date(2026, 3, 1))
    assert CONFIRMED.at(date(2026, 3, 1)) == 10_547_400
    assert CONFIRMED.carried_note(date(2026, 3, 1)) == (
        "Angka batas contoh sesudah 28/02/2026 belum dipastikan; dipakai angka yang berlaku "
        "sejak 01/03/2025"
    )


def test_a_table_without_a_confirmed_date_never_warns():
    assert TABLE.confirmed_until is None
    assert not TABLE.beyond_confirmed(date(2099, 1, 1))
    assert carried_notes([(TABLE, date(2099, 1, 1))]) == ()


def test_carried_notes_gives_each_table_once_in_order():
    other = DatedTable(
        "tarif lain", [Dated(date(2020, 1, 1), 1, "x")], confirmed_until=date(2020, 12, 31)
    )
    notes = carried_notes(
        [(other, date(2021, 1, 1)), (CONFIRMED, date(2026, 3, 1)), (other, date(2021, 5, 1)),
         (CONFIRMED, date(2025, 6, 1))]
    )  # fmt: skip
    assert [n.split(" sesudah")[0] for n in notes] == ["Angka tarif lain", "Angka batas contoh"]
