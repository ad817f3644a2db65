"""JP pensions of the five kinds (PP 45/2015 Pasal 16–17; Permenaker 29/2015 Pasal 26)."""

from __future__ import annotations

from datetime import date
from fractions import Fraction

import pytest

from bpjs_desktop.domain.benefits import ContributionMonth
from bpjs_desktop.domain.claim_details import JpKind
from bpjs_desktop.domain.pension import (
    inflation_factor,
    jp_entitlement,
    jp_pension,
    jp_schedule,
)
from bpjs_desktop.domain.periods import Period
from bpjs_desktop.domain.programmes import Segment
from bpjs_desktop.errors import ValidationError


def history(first: Period, count: int, wage: int) -> tuple[ContributionMonth, ...]:
    return tuple(ContributionMonth(first.shift(i), wage, Segment.PU) for i in range(count))


# Joined 2 Jan 2023, 17 months paid (Jan 2023 – May 2024) at Rp9.000.000 (below the JP caps
# 9.077.600 / 9.559.600 / 10.042.300), died 1 Jun 2024 before pension age.
WIDOW_MONTHS = history(Period(2023, 1), 17, 9_000_000)
JOINED = date(2023, 1, 2)
DEATH = date(2024, 6, 1)


def test_inflation_factor_compounds_each_year_up_to_the_event_year():
    """Pasal 17(3): a 2022 wage brought to 2024 × (1 + 5,51 %) × (1 + 2,61 %) (BPS 2022, 2023)."""
    assert inflation_factor(2022, 2024) == Fraction(1_055_100, 1_000_000) * Fraction(
        1_026_100, 1_000_000
    )
    assert inflation_factor(2024, 2024) == 1


@pytest.mark.parametrize(
    ("kind", "monthly"),
    [
        # Average: 12 × 9.000.000 × 1,0261 (2023 inflation) = 12 × 9.234.900 = 110.818.800, plus
        # 5 × 9.000.000 (2024) = 45.000.000 → 155.818.800 ÷ 17 = 9.165.811,76 → Rp9.165.812.
        # Deemed 15 years (Permenaker 29/2015 Ps. 26: joined ≥ 1 year, density 100 % ≥ 80 %):
        # 1 % × 180/12 × 9.165.812 = 9.165.812 × 180 / 1200 = 1.374.871,8 → Rp1.374.872.
        (JpKind.CACAT, 1_374_872),  # disability 100 % [unverified share]
        (JpKind.JANDA_DUDA, 687_436),  # 50 % of 1.374.872 [unverified share]
        (JpKind.ANAK, 687_436),  # 50 % [unverified share]
        (JpKind.ORANG_TUA, 393_500),  # 20 % = 274.974 < the floor Rp393.500 (2024 [S8])
    ],
)
def test_death_or_disability_before_15_years_is_computed_on_15_years(kind, monthly):
    amount = jp_pension(kind, WIDOW_MONTHS, DEATH, joined=JOINED)
    assert amount.lines[0].amount == 9_165_812
    assert amount.lines[1].amount == 1_374_872
    assert amount.total == monthly
    assert "Permenaker 29/2015" in amount.source
    if kind is not JpKind.CACAT:
        assert any("[unverified]" in note for note in amount.notes)


def test_old_age_under_15_years_is_paid_at_once():
    """PP 45/2015: old age needs 180 months for a monthly pension; 17 months → lump sum."""
    with pytest.raises(ValidationError, match="dibayar sekaligus"):
        jp_pension(JpKind.HARI_TUA, WIDOW_MONTHS, DEATH, joined=JOINED)


@pytest.mark.parametrize(
    ("joined", "contributed", "monthly", "deemed"),
    [
        # Joined 3 Jan 2022: 28 whole months to 1 Jun 2024; 20 paid → density 71 % < 80 %.
        (date(2022, 1, 3), 20, False, 20),
        # Joined 2 Jan 2024: 4 whole months (< 12) → paid at once whatever the density.
        (date(2024, 1, 2), 5, False, 5),
        # Joined 2 Jan 2023: 16 whole months, 13 paid → 81 % ≥ 80 % → 180 months.
        (date(2023, 1, 2), 13, True, 180),
        # 180 months or more: monthly on the real months, no density test.
        (date(2008, 1, 2), 190, True, 190),
    ],
)
def test_survivors_pension_needs_a_year_of_membership_and_80_percent_density(
    joined, contributed, monthly, deemed
):
    """Permenaker 29/2015 Pasal 26 (domain.md §5.1)."""
    entitlement = jp_entitlement(JpKind.JANDA_DUDA, contributed, DEATH, joined=joined)
    assert entitlement.monthly is monthly
    assert entitlement.months_counted == deemed


def test_given_density_overrides_the_computed_one():
    entitlement = jp_entitlement(
        JpKind.CACAT, 30, DEATH, joined=date(2020, 1, 2), paid_density=Fraction(79, 100)
    )
    assert entitlement.monthly is False


def test_schedule_is_indexed_each_year_by_last_years_inflation():
    """Pasal 17(1)b: 12 payments of the first amount, then × (1 + inflation of the previous year,
    [unverified] reading of the factor): from Jul 2025, 1.000.000 × 1,0157 (2024) = Rp1.015.700."""
    schedule = jp_schedule(Period(2024, 7), 1_000_000, 14)
    assert schedule[0] == (Period(2024, 7), 1_000_000)
    assert schedule[11] == (Period(2025, 6), 1_000_000)
    assert schedule[12:] == ((Period(2025, 7), 1_015_700), (Period(2025, 8), 1_015_700))
