"""Dated rule tables: the value in force on a day (domain.md §10: never a single hard-coded rate)."""

from __future__ import annotations

from datetime import date

import pytest

from bpjs_desktop.domain.dated import Dated, DatedTable, RuleNotInForceError

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
