"""The demo builder's state and the helpers every step uses (names, NIKs, KPJs, days)."""

from __future__ import annotations

import random
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from itertools import accumulate
from typing import Any

import numpy as np

from bpjs_desktop.domain.calendar import DEFAULT_CALENDAR
from bpjs_desktop.domain.identifiers import Sex
from bpjs_desktop.domain.periods import Period
from bpjs_desktop.domain.programmes import (
    SizeClass,
)
from bpjs_desktop.i18n import _
from bpjs_desktop.services import demo_data
from bpjs_desktop.services.demo.people import _PersonMaker
from bpjs_desktop.services.demo.plan import (
    CancelFn,
    DemoCancelled,
    DemoTargets,
    ProgressFn,
    largest_remainder,
)
from bpjs_desktop.services.demo.writer import BulkWriter

# A second name is drawn from the first names and the family names together.
_SECOND_NAMES = {
    Sex.L: (*demo_data.MALE_NAMES, *demo_data.FAMILY_NAMES),
    Sex.P: (*demo_data.FEMALE_NAMES, *demo_data.FAMILY_NAMES),
}


@dataclass
class _Office:
    id: int
    code: str
    regencies: tuple[str, ...]
    weight: float
    users: dict[str, int] = field(default_factory=dict)


class BuilderBase:
    """One generation run's state and helpers; the steps (one class per part of the office, in
    the modules beside this one) run in order and each writes its tables through the writer."""

    # Set by the steps, read by the later ones.
    emp_office: list[int]
    emp_office_obj: list[_Office]
    emp_risk: list[int]
    emp_size: list[SizeClass]
    emp_programmes: list[str]
    emp_reg: list[int]
    emp_na: list[int | None]
    emp_regency: list[str]
    contractors: dict[int, list[int]]
    agent_rows: list[tuple[int, int, int]]
    project_active: list[tuple[int, int, int, int, int]]
    project_past: list[tuple[int, int, int, int, int]]
    project_counters: dict[int, int]
    # Wage earners' employer (index), start, end (0: none) and wage, for the bills, in batches.
    pu_emp: list[np.ndarray]
    pu_start: list[np.ndarray]
    pu_end: list[np.ndarray]
    pu_wage: list[np.ndarray]
    recruits: list[tuple[int, int, int, int, str]]
    claimants: dict[str, list[tuple[int, int, int, int, str, bool]]]
    claimant_cards: dict[int, tuple[str, str]]
    claim_counters: dict[str, int]
    case_bills: dict[int, list[tuple[int, int, int, int]]]
    case_collected: dict[int, int]
    n_active_employers: int
    recruits_by_office: dict[int, int]
    periods: list[Period]
    due: list[int]
    opened_on: int
    target_list: list[int]
    collected: set[int]
    arrears_from: dict[int, int]
    settle_day: dict[int, int]

    def __init__(self, writer: BulkWriter, offices: list[_Office], targets: DemoTargets, seed: int, as_of: date,
                 progress: ProgressFn, cancelled: CancelFn) -> None:  # fmt: skip
        self.w = writer
        self.offices = offices
        self.t = targets
        self.seed = seed
        self.rng = random.Random(seed)
        self.np = np.random.default_rng(seed)
        self.as_of = as_of
        self.as_of_o = as_of.toordinal()
        self.year_start = date(as_of.year, 1, 1)
        self.progress = progress
        self.cancelled = cancelled
        self.now = datetime(as_of.year, as_of.month, as_of.day, 3, 0, tzinfo=UTC).strftime(
            "%Y-%m-%d %H:%M:%S.%f"
        )
        self.kpj_counters: dict[int, int] = defaultdict(int)
        self.npp_counters: dict[int, int] = defaultdict(int)
        self.legacy_npp = 0
        self.membership_id = 0
        self.working_days = [
            o
            for o in range(self.year_start.toordinal(), self.as_of_o + 1)
            if DEFAULT_CALENDAR.is_working_day(date.fromordinal(o))
        ]
        self.office_shares = largest_remainder(10_000, [o.weight for o in offices])
        self._office_cumulative = list(accumulate(self.office_shares))
        self.summary: dict[str, Any] = {}
        self._people = _PersonMaker(seed, [o.regencies for o in offices], self.now)

    # --- helpers ---------------------------------------------------------------------------
    def check(self, percent: int, message: str) -> None:
        if self.cancelled():
            raise DemoCancelled(_("Pembuatan data demo dibatalkan; tidak ada yang disimpan"))
        self.progress(percent, message)

    def pick_office(self) -> _Office:
        return self.rng.choices(self.offices, cum_weights=self._office_cumulative)[0]

    def split_by_office(self, total: int) -> list[int]:
        return largest_remainder(total, [o.weight for o in self.offices])

    def person_name(self, sex: Sex) -> str:
        r = self.rng
        first = r.choice(demo_data.MALE_NAMES if sex is Sex.L else demo_data.FEMALE_NAMES)
        second = r.choice(_SECOND_NAMES[sex])
        if second == first:
            second = r.choice(demo_data.FAMILY_NAMES)
        if r.random() < 0.35:
            return f"{first} {second} {r.choice(demo_data.FAMILY_NAMES)}".upper()
        return f"{first} {second}".upper()

    def birth_for_age(self, on: date, low: int, high: int) -> date:
        age_days = self.rng.randint(low * 365 + 1, high * 365 - 1)
        return date.fromordinal(on.toordinal() - age_days)

    PERSON_COLUMNS = (
        "id",
        "nik",
        "name",
        "birth_place",
        "birth_date",
        "sex",
        "mother_name",
        "regency_code",
        "phone",
        "created_at",
    )
    MEMBERSHIP_COLUMNS = (
        "id", "kpj", "person_id", "segment", "office_id", "employer_id", "project_id", "agent_id", "programmes",
        "wage", "declared_income", "contract_months", "destination", "job_title", "start_date", "end_date",
        "end_reason", "created_at",
    )  # fmt: skip

    def rint(self, low: int, high: int) -> int:
        """A random integer in [low, high]; *low* when the range is empty."""
        return self.rng.randint(low, high) if high > low else low

    def working_day_in(self, first: int, last: int) -> int:
        """A random working day (ordinal) in [first, last]; the window must hold one."""
        day = self.rint(first, last)
        forward = DEFAULT_CALENDAR.roll_forward(date.fromordinal(day)).toordinal()
        if forward <= last:
            return forward
        while not DEFAULT_CALENDAR.is_working_day(date.fromordinal(day)):
            day -= 1
        return max(day, first)

    @staticmethod
    def _extra(cases: int) -> int:
        """Claims paid in December of the year before: they must not count in this year's total."""
        return round(cases * 0.05)

    @staticmethod
    def _in_process(cases: int) -> int:
        """Claims submitted but not paid by the as-of date: they must not count as paid."""
        return round(cases * 0.04)
