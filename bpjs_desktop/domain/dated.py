"""Tables of values that change on a date: every rate, cap and amount in the regulations."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any, Generic, TypeVar

from bpjs_desktop.errors import KnownError
from bpjs_desktop.i18n import _

T = TypeVar("T")


class RuleNotInForceError(KnownError):
    """No rule of the table was in force on the date asked for."""


@dataclass(frozen=True, slots=True)
class Dated(Generic[T]):
    """*value* in force from *valid_from* until the next entry of its table starts.

    ``source`` cites the regulation (and ``[unverified]`` where domain.md found no source).
    """

    valid_from: date
    value: T
    source: str


class DatedTable(Generic[T]):
    """An ordered list of :class:`Dated` entries; ``at(day)`` is the one in force that day.

    ``confirmed_until`` is the last day a cited source confirms the table for (None: no limit
    known). Past it the last entry is still used, since a rule stays in force until replaced,
    but a figure the regulator revises (a wage cap indexed each March, a rate a new PP may change)
    may already be out of date: :meth:`carried_note` says so where the amount is shown.
    """

    def __init__(
        self, name: str, entries: Iterable[Dated[T]], *, confirmed_until: date | None = None
    ) -> None:
        self.name = name  # Indonesian, marked with N_() where the table is defined
        self.confirmed_until = confirmed_until
        self.entries: tuple[Dated[T], ...] = tuple(sorted(entries, key=lambda e: e.valid_from))
        if not self.entries:
            raise ValueError(f"dated table {name} is empty")
        starts = [e.valid_from for e in self.entries]
        if len(set(starts)) != len(starts):
            raise ValueError(f"dated table {name} has two entries starting on the same day")

    def entry_at(self, day: date) -> Dated[T]:
        found: Dated[T] | None = None
        for entry in self.entries:
            if entry.valid_from <= day:
                found = entry
            else:
                break
        if found is None:
            raise RuleNotInForceError(
                _("Belum ada aturan {name} yang berlaku pada {day}").format(
                    name=_(self.name), day=day.strftime("%d/%m/%Y")
                )
            )
        return found

    def at(self, day: date) -> T:
        return self.entry_at(day).value

    def in_force(self, day: date) -> bool:
        return self.entries[0].valid_from <= day

    def beyond_confirmed(self, day: date) -> bool:
        """True when *day* is after the last day a source confirms this table for."""
        return self.confirmed_until is not None and day > self.confirmed_until

    def carried_note(self, day: date) -> str | None:
        """The warning that *day* uses a figure carried past its confirmation, or None."""
        if not self.beyond_confirmed(day):
            return None
        assert self.confirmed_until is not None
        return _(
            "Angka {table} sesudah {date} belum dipastikan; dipakai angka yang berlaku sejak "
            "{entry}"
        ).format(
            table=_(self.name),
            date=self.confirmed_until.strftime("%d/%m/%Y"),
            entry=self.entry_at(day).valid_from.strftime("%d/%m/%Y"),
        )


def carried_notes(tables_and_days: Iterable[tuple[DatedTable[Any], date]]) -> tuple[str, ...]:
    """The notes of every table used past its confirmed date, once per table, in the order given.

    For any calculator that reads dated tables: pass each table with the day it was read for.
    """
    notes: list[str] = []
    seen: set[int] = set()
    for table, day in tables_and_days:
        note = table.carried_note(day)
        if note is not None and id(table) not in seen:
            seen.add(id(table))
            notes.append(note)
    return tuple(notes)
