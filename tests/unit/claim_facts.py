"""Plain facts of a claimant for the claim-rule unit tests: contribution months and a member
who joined on 02/01/2018 and resigned on 28/02/2018 (every field can be overridden)."""

from __future__ import annotations

from datetime import date

from bpjs_desktop.domain import benefits
from bpjs_desktop.domain.claim_rules import MemberFacts
from bpjs_desktop.domain.periods import Period
from bpjs_desktop.domain.programmes import Programme, Segment

ALL = frozenset(Programme)
PU = frozenset({Programme.JKK, Programme.JKM, Programme.JHT, Programme.JP})


def months(first: Period, last: Period, basis: int = 4_000_000, skip: set[str] = frozenset()):
    count = first.months_until(last) + 1
    return tuple(
        benefits.ContributionMonth(first.shift(i), basis, Segment.PU)
        for i in range(count)
        if str(first.shift(i)) not in skip
    )


def member(**overrides) -> MemberFacts:
    history = overrides.pop("history", months(Period(2018, 1), Period(2018, 2)))
    values = {
        "kpj": "18000000001",
        "segment": Segment.PU,
        "programmes": PU,
        "birth_date": date(1990, 5, 15),
        "start_date": date(2018, 1, 2),
        "end_date": date(2018, 2, 28),
        "end_reason": "MENGUNDURKAN_DIRI",
        "wage": 4_000_000,
        "jht_since": None,
        "months": {p: history for p in overrides.get("programmes", PU)},
    }
    values.update(overrides)
    return MemberFacts(**values)
