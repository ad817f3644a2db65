"""Children's scholarships of JKM and JKK (domain.md §5.1 "Scholarship schedule", §5.1a).

Under PP 82/2019 a scholarship is not one sum: each child (at most two) is paid, year by year, the
amount of the school level they are at that year, for at most the years the level allows. Paying
the Rp174 juta ceiling at the death overpaid every family; what is due at the event is this year's
amount for each child, and the later years are entitlements paid on application each year.

Before PP 82/2019 (PP 44/2015), one child received Rp12 juta once, after five years of membership.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from bpjs_desktop.domain.dated import Dated, DatedTable
from bpjs_desktop.domain.labelled import LabelledEnum
from bpjs_desktop.errors import ValidationError
from bpjs_desktop.i18n import N_, _


class SchoolLevel(LabelledEnum):
    """The level a child is at, in the order a child goes through them."""

    TK = "TK", N_("TK")
    SD = "SD", N_("SD")
    SMP = "SMP", N_("SMP")
    SMA = "SMA", N_("SMA")
    PT = "PT", N_("Perguruan tinggi/pelatihan")  # university or vocational training

    @classmethod
    def parse(cls, text: str, field: str = "children") -> SchoolLevel:
        """``"sma"`` → SMA; a clear error on *field* naming the levels otherwise."""
        try:
            return cls(text.strip().upper())
        except ValueError:
            raise ValidationError.single(
                field,
                _("Jenjang sekolah {text!r} tidak dikenal; pilih TK, SD, SMP, SMA atau PT").format(
                    text=text
                ),
            ) from None

    @classmethod
    def parse_list(cls, text: str, field: str = "children") -> tuple[SchoolLevel, ...]:
        """``"SMA, sd"`` → (SMA, SD), in the order given (one level per child); commas or
        semicolons between them, empty items skipped. The first unknown level is an error on
        *field*, as in :meth:`parse`."""
        items = text.replace(";", ",").split(",")
        return tuple(cls.parse(item.strip(), field) for item in items if item.strip())


_ORDER = tuple(SchoolLevel)


@dataclass(frozen=True, slots=True)
class LevelRate:
    yearly: int  # paid for each school year at the level
    max_years: int  # school years at the level that are paid at most


@dataclass(frozen=True, slots=True)
class ScholarshipRule:
    """One regulation's scholarship: per level and year, or (before PP 82/2019) one sum once."""

    levels: dict[SchoolLevel, LevelRate] | None  # None: one sum, whatever the level
    once: int  # the single sum when ``levels`` is None
    max_children: int
    jkm_min_months: int  # months of contributions a JKM scholarship needs
    jkk_min_months: int  # ... and a JKK one (none under PP 82/2019)
    source: str


SCHOLARSHIP_RULES: DatedTable[ScholarshipRule] = DatedTable(
    N_("beasiswa anak"),
    [
        Dated(
            date(2015, 7, 1),
            # PP 44/2015 Pasal 34 (JKM) and Lampiran III (JKK): Rp12 juta for one child, once, after
            # five years of membership (domain.md §5.1a [S34]); that JKK needed the same five years
            # is [unverified].
            ScholarshipRule(None, 12_000_000, 1, 60, 60, "PP 44/2015"),
            "PP 44/2015 Pasal 34: 1 anak, Rp12 juta sekali, masa iur 5 tahun [S34]; "
            "syarat masa iur JKK [unverified]",
        ),
        Dated(
            date(2019, 12, 2),
            # PP 82/2019 (amending PP 44/2015 Pasal 25 for JKK and Pasal 34 for JKM): at most two
            # children, per level per year: TK Rp1,5 juta ≤ 2 years, SD Rp1,5 juta ≤ 6, SMP Rp2 juta
            # ≤ 3, SMA Rp3 juta ≤ 3, university/training Rp12 juta ≤ 5 → Rp87 juta a child
            # (domain.md §5.1 [S34]); JKM after 36 months of contributions, JKK without a minimum.
            # The article numbers of the amended text are [unverified].
            ScholarshipRule(
                {
                    SchoolLevel.TK: LevelRate(1_500_000, 2),
                    SchoolLevel.SD: LevelRate(1_500_000, 6),
                    SchoolLevel.SMP: LevelRate(2_000_000, 3),
                    SchoolLevel.SMA: LevelRate(3_000_000, 3),
                    SchoolLevel.PT: LevelRate(12_000_000, 5),
                },
                0,
                2,
                36,
                0,
                "PP 82/2019",
            ),
            "PP 82/2019: paling banyak 2 anak, per jenjang per tahun; JKM masa iur 36 bulan, "
            "JKK tanpa syarat masa iur [S34]",
        ),
    ],
)


def min_months(event_date: date, *, work_accident: bool) -> int:
    """Months of contributions the scholarship needs on *event_date* (JKK or JKM)."""
    rule = SCHOLARSHIP_RULES.at(event_date)
    return rule.jkk_min_months if work_accident else rule.jkm_min_months


def yearly_amount(event_date: date, level: SchoolLevel) -> int:
    """What one child at *level* is paid for one school year under the rule of *event_date*.

    Before PP 82/2019 there was no yearly amount: the one sum (Rp12 juta) is returned as the year's.
    """
    rule = SCHOLARSHIP_RULES.at(event_date)
    if rule.levels is None:
        return rule.once
    return rule.levels[level].yearly


@dataclass(frozen=True, slots=True)
class YearEntitlement:
    """One school year of one child: what the heirs may apply for that year."""

    year: int
    child: int  # 1 or 2, in the order the children were given
    level: SchoolLevel
    amount: int


def entitlement_plan(
    event_date: date, children: Sequence[SchoolLevel], start_year: int | None = None
) -> tuple[YearEntitlement, ...]:
    """Year by year, child by child, the scholarships the children may receive.

    Each child is assumed to be in the first year of the level given in *start_year* (the event's
    year by default) and to go up one class a year without repeating [assumption: the real path is
    checked each year on application]; the years of each level are capped by the rule. Only the
    first two children count (PP 82/2019). Before PP 82/2019 the plan is one sum for one child.
    """
    rule = SCHOLARSHIP_RULES.at(event_date)
    year = event_date.year if start_year is None else start_year
    counted = list(children)[: rule.max_children]
    plan: list[YearEntitlement] = []
    if rule.levels is None:
        if counted:
            plan.append(YearEntitlement(year, 1, counted[0], rule.once))
        return tuple(plan)
    for number, level in enumerate(counted, start=1):
        y = year
        for current in _ORDER[_ORDER.index(level) :]:
            rate = rule.levels[current]
            for _i in range(rate.max_years):
                plan.append(YearEntitlement(y, number, current, rate.yearly))
                y += 1
    plan.sort(key=lambda e: (e.year, e.child))
    return tuple(plan)


def payable_now(event_date: date, children: Sequence[SchoolLevel]) -> tuple[YearEntitlement, ...]:
    """The scholarships paid with the claim: this year's amount for each child that counts."""
    plan = entitlement_plan(event_date, children)
    return tuple(e for e in plan if e.year == event_date.year)


def plan_total(plan: Sequence[YearEntitlement]) -> int:
    return sum(e.amount for e in plan)
