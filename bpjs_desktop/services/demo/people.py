"""Persons and memberships in columns: the members not yet written, and their rows built a whole
batch at a time (issue #14).

At full scale the demo holds 2.8 million persons and as many memberships. Drawn one by one, each
person's NIK, names and phone number cost several random calls and string formats in Python, more
than writing the row; here they are drawn as numpy arrays, looked up in tables built once (dates
as text, names, places), and zipped into the rows ``executemany`` takes.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from itertools import repeat
from typing import Any

import numpy as np

from bpjs_desktop.domain.regions import JATIM_REGENCIES
from bpjs_desktop.services import demo_data
from bpjs_desktop.services.demo.side import Run

# Dates as text, by ordinal: every day a demo person can be born, join or leave on.
FIRST_DAY = date(1930, 1, 1).toordinal()
LAST_DAY = date(2040, 12, 31).toordinal()


def _date_tables() -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """ISO text, year, and the NIK's birth part (DDMMYY; the day plus 40 for a woman), by day."""
    days = [date.fromordinal(o) for o in range(FIRST_DAY, LAST_DAY + 1)]
    iso = np.array([d.isoformat() for d in days], dtype=object)
    year = np.array([d.year for d in days], dtype=np.int64)
    male = np.array([f"{d.day:02d}{d.month:02d}{d.year % 100:02d}" for d in days], dtype=object)
    female = np.array(
        [f"{d.day + 40:02d}{d.month:02d}{d.year % 100:02d}" for d in days], dtype=object
    )
    return iso, year, male, female


def _names(words: Sequence[str]) -> np.ndarray:
    return np.array([w.upper() for w in words], dtype=object)


class _PersonMaker:
    """Draws persons: NIK (regency, district and serial counted per regency), names, phone.

    Its own random generator, so the number of persons drawn does not move the other records.
    """

    def __init__(self, seed: int, office_regencies: Sequence[tuple[str, ...]], now: str) -> None:
        self.g = np.random.default_rng([seed, 14])
        self.now = now
        self.iso, self.year, self.dmy_male, self.dmy_female = _date_tables()
        self.codes = tuple(JATIM_REGENCIES)
        position = {code: i for i, code in enumerate(self.codes)}
        width = max(len(r) for r in office_regencies)
        self.office_regencies = np.array(
            [[position[r[j % len(r)]] for j in range(width)] for r in office_regencies],
            dtype=np.int64,
        )
        self.office_count = np.array([len(r) for r in office_regencies], dtype=np.int64)
        self.code_text = np.array(self.codes, dtype=object)
        self.places = np.array(
            [JATIM_REGENCIES[c].split(" ", 1)[1].upper() for c in self.codes], dtype=object
        )
        self.counters = np.zeros(len(self.codes), dtype=np.int64)
        self.two_digits = np.array([f"{i:02d}" for i in range(100)], dtype=object)
        self.four_digits = np.array([f"{i:04d}" for i in range(10_000)], dtype=object)
        self.male = _names(demo_data.MALE_NAMES)
        self.female = _names(demo_data.FEMALE_NAMES)
        self.family = _names(demo_data.FAMILY_NAMES)
        # A second name is drawn from the first names and the family names together.
        self.second_male = np.concatenate([self.male, self.family])
        self.second_female = np.concatenate([self.female, self.family])

    def day_text(self, ordinals: np.ndarray) -> np.ndarray:
        text: np.ndarray = self.iso[ordinals - FIRST_DAY]
        return text

    def names(self, female: np.ndarray) -> np.ndarray:
        """Two or three names, upper case; the second never repeats the first."""
        g, n = self.g, len(female)
        first = np.where(
            female,
            self.female[g.integers(0, len(self.female), n)],
            self.male[g.integers(0, len(self.male), n)],
        )
        second = np.where(
            female,
            self.second_female[g.integers(0, len(self.second_female), n)],
            self.second_male[g.integers(0, len(self.second_male), n)],
        )
        same = second == first
        second[same] = self.family[g.integers(0, len(self.family), int(same.sum()))]
        names = first + " " + second
        third = g.random(n) < 0.35
        names[third] = (
            names[third] + " " + self.family[g.integers(0, len(self.family), int(third.sum()))]
        )
        return names

    def niks(
        self, office: np.ndarray, birth: np.ndarray, female: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray]:
        """(NIK, regency index) of persons of the offices at *office* (positions): 70 % from
        one of their office's regencies, the others from anywhere in Jawa Timur."""
        g, n = self.g, len(office)
        local = self.office_regencies[
            office, (g.random(n) * self.office_count[office]).astype(np.int64)
        ]
        regency = np.where(g.random(n) < 0.7, local, g.integers(0, len(self.codes), n))
        # Each regency's serials run on from the last batch's, in the order of the rows.
        order = np.argsort(regency, kind="stable")
        ranked = regency[order]
        group_start = np.searchsorted(ranked, ranked, side="left")
        rank = np.empty(n, dtype=np.int64)
        rank[order] = np.arange(n) - group_start
        counter = self.counters[regency] + rank
        self.counters += np.bincount(regency, minlength=len(self.codes))
        district, serial = 1 + counter // 9999, 1 + counter % 9999
        day = birth - FIRST_DAY
        dmy = np.where(female, self.dmy_female[day], self.dmy_male[day])
        nik = self.code_text[regency] + self.two_digits[district] + dmy + self.four_digits[serial]
        return nik, regency

    def rows(self, first_id: int, office: np.ndarray, birth: np.ndarray,
             female: np.ndarray) -> list[tuple[Any, ...]]:  # fmt: skip
        """Person rows (the columns of ``PERSON_COLUMNS``), ids from *first_id*."""
        n = len(office)
        nik, regency = self.niks(office, birth, female)
        phone = [
            f"08{a}{b}"
            for a, b in zip(
                self.g.integers(11, 60, n).tolist(),
                self.g.integers(1_000_000, 100_000_000, n).tolist(),
                strict=True,
            )
        ]
        return list(zip(
            range(first_id, first_id + n), nik.tolist(), self.names(female).tolist(),
            self.places[regency].tolist(), self.day_text(birth).tolist(),
            np.where(female, "P", "L").tolist(), self.names(np.ones(n, dtype=bool)).tolist(),
            self.code_text[regency].tolist(), phone, repeat(self.now, n), strict=False,
        ))  # fmt: skip


class _MemberColumns:
    """The members drawn and not yet written, column by column, as the runs each batch added
    (``extend``: each value an array or a list of the batch's length, or one value for all):
    kept as drawn, not copied value by value, and sent to the helper as runs (``side.Run``)."""

    PERSON = ("office", "birth", "female")
    MEMBERSHIP = ("segment", "office_id", "employer", "project", "agent", "programmes", "wage",
                  "income", "months", "destination", "job", "start", "end", "reason")  # fmt: skip

    def __init__(self) -> None:
        self.columns: dict[str, list[tuple[int, Any]]] = {
            c: [] for c in self.PERSON + self.MEMBERSHIP
        }
        self.count = 0

    def __len__(self) -> int:
        return self.count

    def extend(self, n: int, **values: Any) -> None:
        for name, column in self.columns.items():
            column.append((n, values.get(name)))
        self.count += n

    def array(self, name: str, dtype: type = np.int64) -> np.ndarray:
        """The column *name* as one array (a value for all: repeated; None: 0)."""
        return np.concatenate([
            np.asarray(v, dtype=dtype) if isinstance(v, np.ndarray | list)
            else np.full(n, 0 if v is None else v, dtype=dtype)
            for n, v in self.columns[name]
        ])  # fmt: skip

    def runs(self, name: str) -> list[Run]:
        """The column *name* as runs: numbers as the bytes of their int64 arrays."""
        return [
            ("q", n, v.astype(np.int64).tobytes()) if isinstance(v, np.ndarray) and v.dtype.kind in "iu"
            else ("l", n, v.tolist()) if isinstance(v, np.ndarray)
            else ("l", n, list(v)) if isinstance(v, list | tuple)
            else ("=", n, v)
            for n, v in self.columns[name]
        ]  # fmt: skip

    def day_runs(self, name: str) -> list[Run]:
        """The column *name* of days (ordinals, or None) as runs of ISO days."""
        return [
            ("=", n, None) if v is None else ("d", n, np.asarray(v, dtype=np.int64).tobytes())
            for n, v in self.columns[name]
        ]

    def clear(self) -> None:
        for column in self.columns.values():
            column.clear()
        self.count = 0


class _KpjCounter:
    """KPJ numbers: two digits of the year joined and the year's sequence, in the rows' order."""

    def __init__(self, years: np.ndarray) -> None:
        self.year_of_day = years
        self.counters: dict[int, int] = {}

    def numbers(self, start: np.ndarray) -> np.ndarray:
        """The KPJs of members who joined on *start*, as numbers (``KPJ_FORMAT`` writes them)."""
        year = self.year_of_day[start - FIRST_DAY]
        sequence = np.empty(len(year), dtype=np.int64)
        for y in np.unique(year).tolist():
            at = np.flatnonzero(year == y)
            last = self.counters.get(y, 0)
            sequence[at] = np.arange(last + 1, last + 1 + len(at))
            self.counters[y] = last + len(at)
        numbers: np.ndarray = (year % 100) * 10**9 + sequence
        return numbers


KPJ_FORMAT = "{:011d}"  # as side.column_rows writes a run of KPJs ("k")
