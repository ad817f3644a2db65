"""Tables of values that change on a date: every rate, cap and amount in the regulations."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Generic, TypeVar

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
    """An ordered list of :class:`Dated` entries; ``at(day)`` is the one in force that day."""

    def __init__(self, name: str, entries: Iterable[Dated[T]]) -> None:
        self.name = name  # Indonesian, marked with N_() where the table is defined
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
