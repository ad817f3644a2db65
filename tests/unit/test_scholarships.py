"""Children's scholarships by level and year (domain.md §5.1 "Scholarship schedule", PP 82/2019)."""

from __future__ import annotations

from datetime import date

import pytest

from bpjs_desktop.domain.scholarships import (
    SchoolLevel,
    entitlement_plan,
    min_months,
    payable_now,
    plan_total,
    yearly_amount,
)
from bpjs_desktop.errors import ValidationError

L = SchoolLevel


@pytest.mark.parametrize(
    ("level", "amount"),
    [(L.TK, 1_500_000), (L.SD, 1_500_000), (L.SMP, 2_000_000), (L.SMA, 3_000_000),
     (L.PT, 12_000_000)],
)  # fmt: skip
def test_yearly_amount_by_level_under_pp_82_2019(level, amount):
    """domain.md §5.1 schedule: TK/SD Rp1,5 juta, SMP Rp2 juta, SMA Rp3 juta, PT Rp12 juta."""
    assert yearly_amount(date(2024, 6, 1), level) == amount


def test_before_pp_82_2019_the_scholarship_is_one_sum_of_12_million():
    """PP 44/2015 (domain.md §5.1a): Rp12 juta once for one child, whatever the level."""
    assert yearly_amount(date(2019, 12, 1), L.PT) == 12_000_000
    assert plan_total(entitlement_plan(date(2018, 1, 5), [L.SD, L.SMA])) == 12_000_000


def test_a_child_from_tk_is_entitled_to_87_million_over_19_years():
    """TK 1,5×2 + SD 1,5×6 + SMP 2×3 + SMA 3×3 + PT 12×5 = 3+9+6+9+60 = Rp87 juta, 2+6+3+3+5 = 19
    school years (domain.md §5.1)."""
    plan = entitlement_plan(date(2024, 6, 1), [L.TK])
    assert plan_total(plan) == 87_000_000
    assert len(plan) == 19
    assert plan[0].year == 2024 and plan[-1].year == 2042
    assert [e.level for e in plan[:3]] == [L.TK, L.TK, L.SD]


def test_a_child_at_sma_plans_three_sma_years_then_five_at_university():
    """SMA 3 × Rp3 juta + PT 5 × Rp12 juta = Rp69 juta, 2024–2031."""
    plan = entitlement_plan(date(2024, 6, 1), [L.SMA])
    assert [(e.year, e.amount) for e in plan] == [
        (2024, 3_000_000), (2025, 3_000_000), (2026, 3_000_000),
        (2027, 12_000_000), (2028, 12_000_000), (2029, 12_000_000), (2030, 12_000_000),
        (2031, 12_000_000),
    ]  # fmt: skip


def test_only_two_children_are_paid_and_now_is_this_years_amount():
    """PP 82/2019: at most 2 children. This year: SD 1,5 + SMA 3 = Rp4,5 juta; the third (PT)
    child is not counted."""
    now = payable_now(date(2024, 6, 1), [L.SD, L.SMA, L.PT])
    assert [(e.child, e.level, e.amount) for e in now] == [
        (1, L.SD, 1_500_000),
        (2, L.SMA, 3_000_000),
    ]
    assert plan_total(now) == 4_500_000


@pytest.mark.parametrize(
    ("day", "accident", "months"),
    [(date(2024, 6, 1), False, 36), (date(2024, 6, 1), True, 0), (date(2018, 6, 1), False, 60)],
)
def test_minimum_contribution_months(day, accident, months):
    """JKM ≥ 36 months under PP 82/2019, JKK none; PP 44/2015: 5 years (domain.md §5.1a)."""
    assert min_months(day, work_accident=accident) == months


def test_unknown_level_is_a_clear_error():
    assert SchoolLevel.parse(" sma ") is L.SMA
    with pytest.raises(ValidationError, match="TK, SD, SMP, SMA atau PT"):
        SchoolLevel.parse("S2")


def test_a_list_of_levels_keeps_the_childrens_order_and_names_the_first_unknown():
    """One level per child, as typed in the claim form and `manfaat --children` alike."""
    assert SchoolLevel.parse_list("SMA, sd;pt,") == (L.SMA, L.SD, L.PT)
    assert SchoolLevel.parse_list("  ") == ()
    with pytest.raises(ValidationError, match="'S2' tidak dikenal") as caught:
        SchoolLevel.parse_list("SD, S2, S3", field="school_levels")
    assert caught.value.field == "school_levels"


def test_unknown_level_points_at_the_field_and_echoes_what_was_typed():
    """The schedule form asks for a level (field "level"): the refusal names what was typed."""
    with pytest.raises(ValidationError) as caught:
        SchoolLevel.parse("S2", field="level")
    error = caught.value.errors[0]
    assert (error.field, str(error.message)) == (
        "level",
        "Jenjang sekolah 'S2' tidak dikenal; pilih TK, SD, SMP, SMA atau PT",
    )


def test_before_pp_82_2019_the_one_sum_goes_to_the_first_child_at_their_level():
    """PP 44/2015 (domain.md §5.1a): Rp12 juta once, one child: the first given (SMP), child 1."""
    plan = entitlement_plan(date(2018, 1, 5), [L.SMP, L.SD])
    assert [(e.year, e.child, e.level, e.amount) for e in plan] == [(2018, 1, L.SMP, 12_000_000)]


def test_before_pp_82_2019_no_child_in_school_plans_nothing():
    assert entitlement_plan(date(2018, 1, 5), []) == ()
