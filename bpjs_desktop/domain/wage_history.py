"""The wage of a membership month by month (issue #10).

A contribution, a JHT credit and a JP month are computed on the wage in force in *that* month: a
raise in March must not change what January owed or credited (Perdir 22/PERDIR.02/072022: the
wage reported for the month is the basis [S52]; PP 46/2015 Pasal 16: the JHT contribution is a
percentage of the month's wage [S32]).
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable
from dataclasses import dataclass

from bpjs_desktop.domain.periods import Period


@dataclass(frozen=True, slots=True)
class WageSchedule:
    """The dated wages of one membership: ``(first month, wage)``, sorted by month.

    *current* is the membership's wage today; it answers when nothing is dated (a membership whose
    wage never changed since it was registered before revision 0007 kept only that).
    """

    entries: tuple[tuple[Period, int], ...] = ()
    current: int = 0

    @classmethod
    def of(cls, entries: Iterable[tuple[Period, int]], current: int | None) -> WageSchedule:
        return cls(tuple(sorted(entries)), current or 0)

    def at(self, period: Period) -> int:
        """The wage of *period*: the last one dated at or before it.

        A month before the first dated wage takes that first wage: it is the oldest one known (the
        membership's wage when it was registered).
        """
        if not self.entries:
            return self.current
        months = [p for p, _wage in self.entries]
        index = bisect.bisect_right(months, period) - 1
        return self.entries[max(index, 0)][1]
