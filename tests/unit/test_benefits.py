"""Benefits fixed by rule: JKM (PP 44/2015 → PP 82/2019) and JKP cash (PP 37/2021 → PP 6/2025)."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bpjs_desktop.domain.benefits import jkm_benefit, jkp_benefit
from bpjs_desktop.domain.dated import RuleNotInForceError
from bpjs_desktop.domain.scholarships import SchoolLevel
from bpjs_desktop.errors import ValidationError

from .strategies import PROPERTY

# --- JKM ----------------------------------------------------------------------------------------


def test_jkm_under_pp_82_2019_is_42_million():
    """domain.md §5.1: JKM Rp42 m = Rp20 m lump sum + Rp10 m funeral + 24 × Rp500.000 periodic."""
    benefit = jkm_benefit(date(2024, 6, 1), 12)
    assert benefit.lump_sum == 20_000_000
    assert benefit.funeral == 10_000_000
    assert benefit.periodic == 12_000_000
    assert benefit.cash == 42_000_000
    assert benefit.scholarship == 0
    assert benefit.total == 42_000_000
    assert benefit.rule == "PP 82/2019"


@pytest.mark.parametrize(
    ("death_date", "cash"),
    [
        (date(2018, 5, 1), 24_000_000),
        (date(2019, 12, 1), 24_000_000),  # the day before PP 82/2019
        (date(2019, 12, 2), 42_000_000),  # PP 82/2019 in force
        (date(2025, 1, 1), 42_000_000),
    ],
)
def test_jkm_amount_is_decided_by_the_date_of_death(death_date, cash):
    """domain.md §5.1: Rp42 juta under PP 82/2019 vs Rp24 juta before; the death date decides."""
    assert jkm_benefit(death_date, 12).cash == cash


@pytest.mark.parametrize(
    ("months", "children", "scholarship"),
    [
        # Issue #10: one child at SMA was decided at Rp216 juta (Rp42 juta + the Rp174 juta
        # ceiling). PP 82/2019 (domain.md §5.1 schedule): SMA Rp3 juta for the year → Rp45 juta.
        (36, (SchoolLevel.SMA,), 3_000_000),
        # Two children, SD Rp1,5 juta + PT Rp12 juta = Rp13,5 juta this year.
        (36, (SchoolLevel.SD, SchoolLevel.PT), 13_500_000),
        # A third child is not paid (at most 2): TK 1,5 + SMP 2 = Rp3,5 juta; the SMA child is third.
        (36, (SchoolLevel.TK, SchoolLevel.SMP, SchoolLevel.SMA), 3_500_000),
        (35, (SchoolLevel.SMA,), 0),  # PP 82/2019: JKM scholarship needs 36 months
        (120, (), 0),  # no child in school
    ],
)
def test_jkm_scholarship_is_this_years_amount_per_child_by_level(months, children, scholarship):
    """domain.md §5.1 "Scholarship schedule" (PP 82/2019): each child is paid the level's yearly
    amount, year by year; the claim pays this year's, not the Rp174 juta ceiling."""
    benefit = jkm_benefit(date(2024, 6, 1), months, children=children)
    assert benefit.scholarship == scholarship
    assert benefit.total == 42_000_000 + scholarship
    assert benefit.cash == 42_000_000


def test_jkm_one_child_at_sma_is_45_million():
    """Issue #10 worked example: Rp20 juta + 24 × Rp500.000 + Rp10 juta + SMA Rp3 juta = Rp45 juta
    (PP 82/2019; domain.md §5.1a)."""
    assert jkm_benefit(date(2024, 6, 1), 48, children=(SchoolLevel.SMA,)).total == 45_000_000


def test_jkm_child_ticked_in_school_without_level_must_be_given_a_level():
    """A claim stored before levels were asked (in_school only) cannot be paid under PP 82/2019."""
    with pytest.raises(ValidationError, match="Jenjang sekolah 1 anak") as caught:
        jkm_benefit(date(2024, 6, 1), 48, children_in_school=1)
    assert caught.value.field == "heirs"


@pytest.mark.parametrize(("months", "scholarship"), [(60, 12_000_000), (59, 0)])
def test_jkm_scholarship_before_pp_82_2019_is_12_million_once(months, scholarship):
    """PP 44/2015 (domain.md §5.1a): one child, Rp12 juta once, after 5 years (60 months);
    Rp24 juta + Rp12 juta = Rp36 juta. The level is not needed then."""
    benefit = jkm_benefit(date(2018, 4, 1), months, children_in_school=2)
    assert benefit.scholarship == scholarship
    assert benefit.total == 24_000_000 + scholarship


def test_jkm_contribution_months_cannot_be_negative():
    with pytest.raises(ValidationError, match="Masa iur") as caught:
        jkm_benefit(date(2024, 6, 1), -1)
    assert caught.value.field == "months"


def test_jkm_has_no_rule_before_pp_44_2015():
    with pytest.raises(RuleNotInForceError):
        jkm_benefit(date(2015, 6, 30), 12)


# --- JKP ----------------------------------------------------------------------------------------


def test_jkp_under_pp_37_2021_is_45_percent_for_3_months_then_25_percent_for_3():
    """domain.md §4.4: PP 37/2021 cash 45 % × 3 + 25 % × 3 months; wage Rp4 juta →
    1.800.000 × 3 + 1.000.000 × 3 = Rp8.400.000."""
    benefit = jkp_benefit(4_000_000, date(2024, 6, 10))
    assert benefit.monthly == (1_800_000,) * 3 + (1_000_000,) * 3
    assert benefit.total == 8_400_000
    assert benefit.wage_basis == 4_000_000
    assert benefit.rule == "PP 37/2021 Pasal 21"


def test_jkp_under_pp_6_2025_is_60_percent_for_6_months():
    """domain.md §4.4: PP 6/2025 cash 60 % × up to 6 months; wage Rp4 juta → 2.400.000 × 6."""
    benefit = jkp_benefit(4_000_000, date(2025, 6, 10))
    assert benefit.monthly == (2_400_000,) * 6
    assert benefit.total == 14_400_000
    assert benefit.rule == "PP 6/2025"


@pytest.mark.parametrize(
    ("dismissal", "total"),
    [
        (date(2024, 6, 10), 10_500_000),  # PP 37/2021: max Rp10,5 m at the cap
        (date(2025, 6, 10), 18_000_000),  # PP 6/2025: max Rp18 m at the Rp5 m cap
    ],
)
def test_jkp_wage_is_capped_at_5_million(dismissal, total):
    """domain.md §4.4: wage cap Rp5 m; max Rp10,5 m (PP 37/2021), Rp18 m (PP 6/2025)."""
    benefit = jkp_benefit(12_000_000, dismissal)
    assert benefit.wage_basis == 5_000_000
    assert benefit.total == total


@pytest.mark.parametrize(
    ("dismissal", "total"),
    [
        (date(2025, 2, 6), 10_500_000),  # the day before PP 6/2025 came into force
        (date(2025, 2, 7), 18_000_000),  # PP 6/2025 in force 7 Feb 2025
    ],
)
def test_jkp_rule_is_decided_by_the_dismissal_date(dismissal, total):
    assert jkp_benefit(5_000_000, dismissal).total == total


@pytest.mark.parametrize("wage", [0, -1])
def test_jkp_wage_must_be_positive(wage):
    with pytest.raises(ValidationError, match="Upah terakhir") as caught:
        jkp_benefit(wage, date(2025, 6, 10))
    assert caught.value.field == "wage"


def test_jkp_has_no_rule_before_pp_37_2021():
    with pytest.raises(RuleNotInForceError):
        jkp_benefit(5_000_000, date(2021, 1, 31))


@PROPERTY
@given(wage=st.integers(1, 100_000_000), day=st.dates(date(2021, 3, 1), date(2030, 12, 31)))
def test_jkp_is_always_six_monthly_payments_on_a_capped_wage(wage, day):
    benefit = jkp_benefit(wage, day)
    assert len(benefit.monthly) == 6
    assert benefit.wage_basis == min(wage, 5_000_000)
    assert benefit.total <= 18_000_000
    assert all(0 <= amount <= benefit.wage_basis for amount in benefit.monthly)


def test_pmi_jht_month_is_the_chosen_amount_not_a_percentage():
    """Permenaker 4/2023: a PMI's JHT month is the amount chosen (Rp100.000), not 5,7 % of a wage."""
    from bpjs_desktop.domain.benefits import pmi_jht_credit
    from bpjs_desktop.domain.periods import Period

    assert pmi_jht_credit(Period(2024, 6), 100_000) == 100_000
    with pytest.raises(ValidationError, match="JHT PMI"):
        pmi_jht_credit(Period(2024, 6), 0)
