"""Benefits fixed by rule: JKM's fixed parts and JKP's cash, by the rule in force (domain.md §4.4, §5.1)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from bpjs_desktop.domain.dated import Dated, DatedTable
from bpjs_desktop.domain.money import apply_rate
from bpjs_desktop.domain.money import percent_ppm as pct
from bpjs_desktop.errors import ValidationError
from bpjs_desktop.i18n import N_, _


@dataclass(frozen=True, slots=True)
class JkmRule:
    lump_sum: int
    periodic_months: int
    periodic_monthly: int
    funeral: int
    scholarship: int  # the most that can be paid for the children's schooling
    scholarship_min_months: int  # months of contributions needed for the scholarship
    source: str


JKM_RULES: DatedTable[JkmRule] = DatedTable(
    N_("manfaat JKM"),
    [
        Dated(
            date(2015, 7, 1),
            # Rp16,2 juta + 24 × Rp200.000 + Rp3 juta = Rp24 juta; scholarship Rp12 juta after
            # 5 years of membership [unverified amounts of the parts; total Rp24 juta per domain.md].
            JkmRule(16_200_000, 24, 200_000, 3_000_000, 12_000_000, 60, "PP 44/2015 Pasal 34"),
            "PP 44/2015 Pasal 34 [S33][unverified parts]",
        ),
        Dated(
            date(2019, 12, 2),
            # Rp20 juta + 24 × Rp500.000 + Rp10 juta = Rp42 juta; scholarship for two children up to
            # Rp174 juta after 36 months of contributions [S33][S34][S35].
            JkmRule(20_000_000, 24, 500_000, 10_000_000, 174_000_000, 36, "PP 82/2019"),
            "PP 82/2019 [S33][S34][S35]",
        ),
    ],
)


@dataclass(frozen=True, slots=True)
class JkmBenefit:
    lump_sum: int
    periodic: int
    funeral: int
    scholarship: int
    rule: str

    @property
    def cash(self) -> int:
        """Paid at once to the heirs (the periodic part is paid in one go)."""
        return self.lump_sum + self.periodic + self.funeral

    @property
    def total(self) -> int:
        return self.cash + self.scholarship


def jkm_benefit(
    death_date: date, contribution_months: int, *, children_in_school: int = 0
) -> JkmBenefit:
    """JKM for a death not caused by work, by the rule in force on the day of death.

    The scholarship counts only when the member had enough months of contributions and at least one
    child in school; under PP 82/2019 it covers at most two children, paid by school level — the
    amount here is the ceiling the heirs are entitled to.
    """
    if contribution_months < 0:
        raise ValidationError.single("months", _("Masa iur tidak boleh negatif"))
    rule = JKM_RULES.at(death_date)
    scholarship = 0
    if children_in_school > 0 and contribution_months >= rule.scholarship_min_months:
        scholarship = rule.scholarship
    return JkmBenefit(
        lump_sum=rule.lump_sum,
        periodic=rule.periodic_months * rule.periodic_monthly,
        funeral=rule.funeral,
        scholarship=scholarship,
        rule=rule.source,
    )


@dataclass(frozen=True, slots=True)
class JkpRule:
    wage_cap: int
    tiers: tuple[tuple[int, int], ...]  # (months, share of wage in ppm)
    claim_window_months: int | None
    source: str


JKP_RULES: DatedTable[JkpRule] = DatedTable(
    N_("manfaat JKP"),
    [
        Dated(
            date(2021, 2, 2),
            JkpRule(5_000_000, ((3, pct("45")), (3, pct("25"))), None, "PP 37/2021 Pasal 21"),
            "PP 37/2021: 45 % × 3 bulan + 25 % × 3 bulan, upah maks. Rp5 juta [S11]",
        ),
        Dated(
            date(2025, 2, 7),
            JkpRule(5_000_000, ((6, pct("60")),), 6, "PP 6/2025"),
            "PP 6/2025: 60 % × 6 bulan; hak gugur bila tidak diajukan dalam 6 bulan [S12][S13]",
        ),
    ],
)


@dataclass(frozen=True, slots=True)
class JkpBenefit:
    wage_basis: int
    monthly: tuple[int, ...]
    rule: str

    @property
    def total(self) -> int:
        return sum(self.monthly)


def jkp_benefit(wage: int, dismissal_date: date) -> JkpBenefit:
    """JKP cash for a dismissal (PHK) on *dismissal_date*, by the rule in force that day."""
    if wage <= 0:
        raise ValidationError.single("wage", _("Upah terakhir harus lebih dari Rp0"))
    rule = JKP_RULES.at(dismissal_date)
    basis = min(wage, rule.wage_cap)
    monthly: list[int] = []
    for months, share in rule.tiers:
        monthly.extend([apply_rate(basis, share)] * months)
    return JkpBenefit(basis, tuple(monthly), rule.source)
