"""Contribution calculators for PU, BPU, Jakon and PMI (domain.md §4)."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bpjs_desktop.domain import rates
from bpjs_desktop.domain.contributions import (
    bpu_contribution,
    deferred_jp_instalment,
    jakon_contribution,
    pmi_contribution,
    pu_contribution,
)
from bpjs_desktop.domain.dated import RuleNotInForceError
from bpjs_desktop.domain.periods import Period
from bpjs_desktop.domain.programmes import Programme, RiskGroup, Segment
from bpjs_desktop.errors import ValidationError

from .strategies import PROPERTY

JKK, JKM, JHT, JP, JKP = (Programme[name] for name in ("JKK", "JKM", "JHT", "JP", "JKP"))
FULL = frozenset({JKK, JKM, JHT, JP})
FULL_JKP = FULL | {JKP}
BASIC = frozenset({JKK, JKM})


def _lines(contribution):
    """{key: (employer, worker)} of every line."""
    return {line.key: (line.employer, line.worker) for line in contribution.lines}


# --- PU: the §4.1 worked example ----------------------------------------------------------------


def test_pu_worked_example_wage_10_million_medium_risk():
    """domain.md §4.1: wage Rp10.000.000, medium risk → employer Rp689.000, worker Rp300.000
    (period 2024-06, programmes JKK,JKM,JHT,JP, no JKP): JHT 370.000+200.000, JKK 89.000,
    JKM 30.000, JP 200.000+100.000."""
    c = pu_contribution(10_000_000, Period(2024, 6), RiskGroup.SEDANG, FULL)
    assert _lines(c) == {
        "JKK": (89_000, 0),
        "JKM": (30_000, 0),
        "JHT": (370_000, 200_000),
        "JP": (200_000, 100_000),
    }
    assert c.employer == 689_000
    assert c.worker == 300_000
    assert c.total == 989_000
    assert c.government == 0
    assert c.deferred == 0
    assert c.segment is Segment.PU
    assert c.basis == 10_000_000


def test_pu_bill_lists_jkk_first():
    """Formulir 2a lists JKK, JKM, JHT, JP, JKP in that order."""
    c = pu_contribution(10_000_000, Period(2024, 6), RiskGroup.SEDANG, FULL_JKP)
    assert [line.key for line in c.lines] == ["JKK", "JKM", "JHT", "JP", "JKP"]


@pytest.mark.parametrize(
    ("risk", "jkk"),
    [
        (RiskGroup.SANGAT_RENDAH, 24_000),  # 0.24 %
        (RiskGroup.RENDAH, 54_000),  # 0.54 %
        (RiskGroup.SEDANG, 89_000),  # 0.89 %
        (RiskGroup.TINGGI, 127_000),  # 1.27 %
        (RiskGroup.SANGAT_TINGGI, 174_000),  # 1.74 %
    ],
)
def test_pu_jkk_by_risk_group(risk, jkk):
    """domain.md §4.2: JKK 0.24 / 0.54 / 0.89 / 1.27 / 1.74 % by risk group (PP 44/2015)."""
    c = pu_contribution(10_000_000, Period(2024, 6), risk, BASIC)
    assert _lines(c) == {"JKK": (jkk, 0), "JKM": (30_000, 0)}


def test_pu_micro_employer_pays_only_jkk_and_jkm():
    c = pu_contribution(3_000_000, Period(2024, 6), RiskGroup.RENDAH, BASIC)
    assert c.employer == 16_200 + 9_000  # 0.54 % + 0.30 %
    assert c.worker == 0


# --- PU: JKP recomposition ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("risk", "jkk"),
    [
        (RiskGroup.SANGAT_RENDAH, 10_000),  # 0.10 %
        (RiskGroup.RENDAH, 40_000),  # 0.40 %
        (RiskGroup.SEDANG, 75_000),  # 0.75 %
        (RiskGroup.TINGGI, 113_000),  # 1.13 %
        (RiskGroup.SANGAT_TINGGI, 160_000),  # 1.60 %
    ],
)
def test_pu_jkp_participant_jkk_is_recomposed_by_0_14(risk, jkk):
    """domain.md §4.2: with JKP recomposition JKK is the base rate − 0.14 (medium → 0.75 %)."""
    c = pu_contribution(10_000_000, Period(2024, 6), risk, FULL_JKP)
    assert c.line("JKK").employer == jkk


@pytest.mark.parametrize(
    ("period", "jkm", "jkp_total_ppm"),
    [
        (Period(2021, 2), 20_000, 4_600),  # first JKP month: JKM 0.20 %, JKP 0.46 %
        (Period(2024, 6), 20_000, 4_600),
        (Period(2025, 1), 20_000, 4_600),  # last month under PP 37/2021 funding
        (Period(2025, 2), 30_000, 3_600),  # PP 6/2025: JKM back to 0.30 %, JKP 0.36 %
        (Period(2025, 6), 30_000, 3_600),
    ],
)
def test_pu_jkp_recomposition_of_jkm_by_period(period, jkm, jkp_total_ppm):
    """domain.md §4.1/§4.4: JKM 0.20 % for JKP participants Feb 2021–Jan 2025, back to 0.30 %
    from Feb 2025; JKP 0.46 % → 0.36 %; the JKK line stays 0.75 % for medium risk."""
    c = pu_contribution(10_000_000, period, RiskGroup.SEDANG, FULL_JKP)
    assert c.line("JKM").employer == jkm
    assert c.line("JKK").employer == 75_000
    assert rates.JKP_FUNDING.at(period.first_day).total == jkp_total_ppm


def test_pu_jkp_is_paid_by_the_government_on_a_wage_capped_at_5_million():
    """domain.md §4.4: JKP funding 0.22 % government on a wage capped at Rp5 juta; no new money
    from the employer or the worker."""
    c = pu_contribution(10_000_000, Period(2024, 6), RiskGroup.SEDANG, FULL_JKP)
    jkp = c.line("JKP")
    assert (jkp.employer, jkp.worker, jkp.government) == (0, 0, 11_000)  # 0.22 % × 5.000.000
    assert c.government == 11_000
    assert c.employer == 75_000 + 20_000 + 370_000 + 200_000
    assert c.worker == 300_000
    assert c.total == c.employer + c.worker  # the government share is not billed

    below_cap = pu_contribution(4_000_000, Period(2024, 6), RiskGroup.SEDANG, FULL_JKP)
    assert below_cap.line("JKP").government == 8_800  # 0.22 % × 4.000.000


def test_pu_jkp_is_not_available_before_february_2021():
    """PP 37/2021: JKP contributions from February 2021."""
    with pytest.raises(ValidationError, match="JKP") as caught:
        pu_contribution(5_000_000, Period(2021, 1), RiskGroup.SEDANG, FULL_JKP)
    assert caught.value.field == "programmes"


def test_pu_without_jkp_keeps_the_full_jkk_and_jkm_rates_after_2021():
    c = pu_contribution(10_000_000, Period(2023, 6), RiskGroup.SEDANG, FULL)
    assert c.line("JKK").employer == 89_000
    assert c.line("JKM").employer == 30_000
    assert c.line("JKP") is None


# --- PU: JP wage cap ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("period", "cap"),
    [
        (Period(2015, 7), 7_000_000),  # JP starts July 2015
        (Period(2018, 2), 7_703_500),  # still the 2017 cap in February
        (Period(2018, 3), 8_094_000),  # the cap changes on 1 March
        (Period(2018, 4), 8_094_000),  # a wage above the cap in April 2018
        (Period(2019, 3), 8_512_400),
        (Period(2020, 3), 8_754_600),
        (Period(2021, 3), 8_939_700),
        (Period(2022, 3), 9_077_600),
        (Period(2023, 3), 9_559_600),
        (Period(2024, 2), 9_559_600),
        (Period(2024, 3), 10_042_300),
        (Period(2025, 2), 10_042_300),
        (Period(2025, 3), 10_547_400),
    ],
)
def test_pu_jp_wage_is_capped_by_the_cap_of_the_period(period, cap):
    """domain.md §4.3: JP wage cap per year, effective each March; JP 2 % employer, 1 % worker
    on min(wage, cap)."""
    c = pu_contribution(20_000_000, period, RiskGroup.SEDANG, FULL)
    assert _lines(c)["JP"] == (cap * 2 // 100, cap // 100)
    assert any("batas upah JP" in note for note in c.notes)
    assert _lines(c)["JHT"] == (740_000, 400_000)  # JHT has no cap


def test_pu_jp_april_2018_uses_8_094_000():
    """A wage above the cap in April 2018 uses Rp8.094.000: JP 161.880 + 80.940."""
    c = pu_contribution(10_000_000, Period(2018, 4), RiskGroup.SEDANG, FULL)
    assert _lines(c)["JP"] == (161_880, 80_940)
    assert any("Rp8.094.000" in note for note in c.notes)


def test_pu_jp_wage_below_the_cap_is_not_capped():
    c = pu_contribution(5_000_000, Period(2018, 4), RiskGroup.SEDANG, FULL)
    assert _lines(c)["JP"] == (100_000, 50_000)
    assert not any("batas upah JP" in note for note in c.notes)


def test_pu_jp_is_not_available_before_july_2015():
    """PP 45/2015: Jaminan Pensiun from 1 July 2015."""
    with pytest.raises(ValidationError, match="JP") as caught:
        pu_contribution(5_000_000, Period(2015, 6), RiskGroup.SEDANG, FULL)
    assert caught.value.field == "programmes"


def test_jp_cap_follows_the_gdp_index_rounded_down_to_rp100():
    """domain.md §4.3: 2024 cap = 9.559.600 × 1,0505 rounded down to Rp100 = 10.042.300."""
    assert rates.JP_WAGE_CAP.at(date(2024, 3, 1)) == 9_559_600 * 10_505 // 10_000 // 100 * 100


# --- PU: COVID relief (PP 49/2020) --------------------------------------------------------------


@pytest.mark.parametrize(
    "period", [Period(2020, 8), Period(2020, 10), Period(2020, 12), Period(2021, 1)]
)
def test_pu_covid_relief_months_pay_1_percent_of_jkk_jkm_and_defer_99_percent_of_jp(period):
    """domain.md §1/§4.2, PP 49/2020: Aug 2020–Jan 2021 JKK & JKM at 1 % of the rate, 99 % of JP
    deferred; JHT unchanged. Wage Rp10 juta, medium risk: JKK 890, JKM 300."""
    cap = rates.JP_WAGE_CAP.at(period.first_day)
    c = pu_contribution(10_000_000, period, RiskGroup.SEDANG, FULL)
    assert c.line("JKK").employer == 890
    assert c.line("JKM").employer == 300
    assert _lines(c)["JHT"] == (370_000, 200_000)
    jp = c.line("JP")
    employer_full, worker_full = cap * 2 // 100, cap // 100
    assert jp.employer == (employer_full + 50) // 100  # 1 %, half up
    assert jp.worker == (worker_full + 50) // 100
    assert jp.deferred == employer_full + worker_full - jp.employer - jp.worker
    assert c.deferred == jp.deferred
    assert c.total == 890 + 300 + 570_000 + jp.employer + jp.worker  # deferred is not billed now
    assert any("PP 49/2020" in note for note in c.notes)


def test_pu_covid_relief_august_2020_exact_amounts():
    """Aug 2020, cap Rp8.754.600: JP due now 1.751 + 875 (of 175.092 + 87.546), 260.012 deferred."""
    c = pu_contribution(10_000_000, Period(2020, 8), RiskGroup.SEDANG, FULL)
    assert _lines(c)["JP"] == (1_751, 875)
    assert c.deferred == 260_012


@pytest.mark.parametrize("period", [Period(2020, 7), Period(2021, 2)])
def test_pu_months_around_the_covid_relief_pay_in_full(period):
    c = pu_contribution(10_000_000, period, RiskGroup.SEDANG, FULL)
    assert c.line("JKK").employer == 89_000
    assert c.line("JKM").employer == 30_000
    assert c.deferred == 0
    assert not any("PP 49/2020" in note for note in c.notes)


# --- PU: padat karya discount -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("period", "labour_intensive", "jkk"),
    [
        (Period(2025, 1), True, 89_000),  # before the discount
        (Period(2025, 2), True, 44_500),  # first month: 0.445 %
        (Period(2025, 9), True, 44_500),
        (Period(2026, 1), True, 44_500),  # last month
        (Period(2026, 2), True, 89_000),  # after
        (Period(2025, 6), False, 89_000),  # not a qualifying employer
    ],
)
def test_pu_padat_karya_jkk_discount_feb_2025_to_jan_2026(period, labour_intensive, jkk):
    """domain.md §4.2, PP 7/2025 → PP 36/2025: 50 % JKK discount for the months Feb 2025–Jan 2026
    (medium risk 0.89 % → 0.445 %); JKM is not discounted."""
    c = pu_contribution(
        10_000_000, period, RiskGroup.SEDANG, FULL, labour_intensive=labour_intensive
    )
    assert c.line("JKK").employer == jkk
    assert c.line("JKM").employer == 30_000
    assert any("padat karya" in note for note in c.notes) is (jkk == 44_500)


@pytest.mark.parametrize(
    ("risk", "jkk"),
    [
        (RiskGroup.SANGAT_RENDAH, 12_000),  # 0.12 %
        (RiskGroup.RENDAH, 27_000),  # 0.27 %
        (RiskGroup.SEDANG, 44_500),  # 0.445 %
        (RiskGroup.TINGGI, 63_500),  # 0.635 %
        (RiskGroup.SANGAT_TINGGI, 87_000),  # 0.87 %
    ],
)
def test_pu_padat_karya_discount_by_risk_group(risk, jkk):
    """domain.md §4.2 table, column "Padat karya 50% discount"."""
    c = pu_contribution(10_000_000, Period(2025, 6), risk, FULL, labour_intensive=True)
    assert c.line("JKK").employer == jkk


# --- PU: rounding and input errors --------------------------------------------------------------


def test_pu_shares_are_rounded_half_up_once():
    """Rounding rule: each share exact, then half up. 0.24 % of 1.000.625 = 2.401,5 → 2.402;
    0.30 % of 1.000.625 = 3.001,875 → 3.002; 2 % = 20.012,5 → 20.013."""
    c = pu_contribution(1_000_625, Period(2024, 6), RiskGroup.SANGAT_RENDAH, FULL)
    assert c.line("JKK").employer == 2_402
    assert c.line("JKM").employer == 3_002
    assert c.line("JHT").worker == 20_013


@pytest.mark.parametrize("wage", [0, -1])
def test_pu_wage_must_be_positive(wage):
    with pytest.raises(ValidationError, match="Upah harus lebih dari Rp0") as caught:
        pu_contribution(wage, Period(2024, 6), RiskGroup.SEDANG, FULL)
    assert caught.value.field == "wage"


@pytest.mark.parametrize(
    "programmes",
    [frozenset({JKK, JHT, JP}), frozenset({JKM, JHT}), frozenset({JHT, JP}), frozenset()],
)
def test_pu_needs_jkk_and_jkm(programmes):
    """domain.md §3.1: JKK+JKM are the minimum for every segment."""
    with pytest.raises(ValidationError, match="Program wajib belum dipilih") as caught:
        pu_contribution(5_000_000, Period(2024, 6), RiskGroup.SEDANG, programmes)
    assert caught.value.field == "programmes"


@PROPERTY
@given(
    wage=st.integers(1, 200_000_000),
    risk=st.sampled_from(RiskGroup),
    period=st.builds(Period, st.integers(2015, 2026), st.integers(1, 12)).filter(
        lambda p: p >= Period(2015, 7)
    ),
)
def test_pu_totals_are_the_sum_of_the_lines(wage, risk, period):
    c = pu_contribution(wage, period, risk, FULL)
    assert c.employer == sum(line.employer for line in c.lines)
    assert c.worker == sum(line.worker for line in c.lines)
    assert c.total == c.employer + c.worker
    assert all(line.employer >= 0 and line.worker >= 0 for line in c.lines)
    assert c.worker == c.line("JHT").worker + c.line("JP").worker  # the worker pays JHT and JP only


def test_contribution_as_json_names_every_programme_and_total():
    c = pu_contribution(10_000_000, Period(2024, 6), RiskGroup.SEDANG, FULL_JKP)
    data = c.as_json()
    assert data["segment"] == "PU"
    assert data["period"] == "2024-06"
    assert data["programs"]["JKK"] == {"employer": 75_000, "worker": 0}
    assert data["programs"]["JKP"] == {"employer": 0, "worker": 0, "government": 11_000}
    assert data["total"] == c.total
    assert data["government"] == 11_000


# --- BPU ----------------------------------------------------------------------------------------


def test_bpu_worked_example_band_2_million_with_jht():
    """domain.md §4.5: Rp2.000.000 band with JHT → 20.000 + 6.800 + 40.000 = Rp66.800."""
    c = bpu_contribution(2_000_000, Period(2024, 6), frozenset({JKK, JKM, JHT}))
    assert _lines(c) == {"JKK": (0, 20_000), "JKM": (0, 6_800), "JHT": (0, 40_000)}
    assert c.total == 66_800
    assert c.worker == 66_800
    assert c.employer == 0
    assert c.segment is Segment.BPU


@pytest.mark.parametrize(
    ("programmes", "total"),
    [(BASIC, 16_800), (frozenset({JKK, JKM, JHT}), 36_800)],
)
def test_bpu_minimum_package_at_1_million(programmes, total):
    """domain.md §4.5: minimum package (band Rp1.000.000) JKK+JKM Rp16.800; +JHT Rp36.800."""
    assert bpu_contribution(1_000_000, Period(2024, 6), programmes).total == total


def test_bpu_pemda_example_sumenep():
    """domain.md §4.5: Sumenep 2,274 tobacco labourers → Rp458.438.400 a year (2,274×16.800×12)."""
    monthly = bpu_contribution(1_000_000, Period(2025, 1), BASIC).total
    assert 2_274 * monthly * 12 == 458_438_400


def test_bpu_income_below_the_lowest_band_is_refused():
    with pytest.raises(ValidationError, match=r"Rp1\.000\.000") as caught:
        bpu_contribution(999_999, Period(2024, 6), BASIC)
    assert caught.value.field == "income"


def test_bpu_income_is_counted_at_the_lower_bound_of_its_band():
    """Income between bands pays on the band's lower bound (never more than declared)."""
    c = bpu_contribution(2_050_000, Period(2024, 6), frozenset({JKK, JKM, JHT}))
    assert 2_000_000 <= c.basis <= 2_050_000
    assert c.basis == 2_050_000 or any("kelompok penghasilan" in note for note in c.notes)


@pytest.mark.parametrize("extra", [JP, JKP])
def test_bpu_cannot_take_jp_or_jkp(extra):
    """domain.md §3.1/§10: BPU no JP, no JKP."""
    with pytest.raises(ValidationError, match=f"Program {extra.value} tidak tersedia") as caught:
        bpu_contribution(2_000_000, Period(2024, 6), BASIC | {extra})
    assert caught.value.field == "programmes"


def test_bpu_covid_relief_pays_1_percent_of_jkk_and_jkm_but_full_jht():
    """PP 49/2020 relief for Aug 2020–Jan 2021: JKK 1 % of 10.000 = 100, JKM 1 % of 6.800 = 68."""
    c = bpu_contribution(1_000_000, Period(2020, 9), frozenset({JKK, JKM, JHT}))
    assert _lines(c) == {"JKK": (0, 100), "JKM": (0, 68), "JHT": (0, 20_000)}


# --- Jasa Konstruksi ----------------------------------------------------------------------------


# JKK tiers 0,21 / 0,17 / 0,13 / 0,11 / 0,09 % (PP 44/2015 Lampiran I [S9]) and JKM tiers
# 0,03 / 0,02 / 0,02 / 0,01 / 0,01 % (PP 49/2020 Pasal 12(2) a–b; last three inferred from the
# Jamsostek combined tiers) on the slices ≤100 m, 100–500 m, 500 m–1 bn, 1–5 bn, >5 bn (§4.6).
@pytest.mark.parametrize(
    ("value", "jkk", "jkm"),
    [
        # domain.md §4.6: JKK 210.000 + 680.000 + 650.000 + 1.100.000 = 2.640.000;
        # JKM 30.000 + 80.000 + 100.000 + 100.000 = 310.000; together 2.950.000.
        (2_000_000_000, 2_640_000, 310_000),
        (100_000_000, 210_000, 30_000),  # first slice only: 0,21 % and 0,03 %
        (50_000_000, 105_000, 15_000),
        (500_000_000, 890_000, 110_000),  # JKK 210.000 + 680.000; JKM 30.000 + 80.000
        (1_000_000_000, 1_540_000, 210_000),  # + 0,13 % / 0,02 % of 500 m = 650.000 / 100.000
        (5_000_000_000, 5_940_000, 610_000),  # + 0,11 % / 0,01 % of 4 bn = 4.400.000 / 400.000
        (6_000_000_000, 6_840_000, 710_000),  # + 0,09 % / 0,01 % of 1 bn = 900.000 / 100.000
        (100_000_001, 210_000, 30_000),  # 0,17 % and 0,02 % of Rp1 round to 0
    ],
)
def test_jakon_contribution_charges_jkk_and_jkm_tiers_on_separate_lines(value, jkk, jkm):
    """A Rp2 miliar contract costs Rp2.950.000 (JKK 2.640.000 + JKM 310.000), not the JKK alone;
    the contractor pays both, each on its own line."""
    c = jakon_contribution(value, date(2024, 6, 10))
    assert _lines(c) == {"JKK": (jkk, 0), "JKM": (jkm, 0)}
    assert c.total == c.employer == jkk + jkm
    assert c.one_off
    assert c.segment is Segment.JAKON
    assert c.period == Period(2024, 6)


def test_jakon_totals_equal_the_jamsostek_combined_tiers_before_and_after_pp_44_2015():
    """Before PP 44/2015 one combined line: 0,24/0,19/0,15/0,12 % → 240.000 + 760.000 + 750.000
    + 1.200.000 = Rp2.950.000; after it JKK 2.640.000 + JKM 310.000 = the same Rp2.950.000
    (domain.md §4.6: the combined tiers equal JKK + JKM row by row)."""
    before = jakon_contribution(2_000_000_000, date(2015, 6, 30))
    assert _lines(before) == {"JKK+JKM": (2_950_000, 0)}
    after = jakon_contribution(2_000_000_000, date(2015, 7, 1))
    assert _lines(after) == {"JKK": (2_640_000, 0), "JKM": (310_000, 0)}


@pytest.mark.parametrize(
    ("start", "jkk", "jkm"),
    [
        # PP 49/2020 Pasal 11–12: 1 % of the normal tiers for Aug 2020 – Jan 2021:
        # JKK 2.640.000 × 1 % = 26.400, JKM 310.000 × 1 % = 3.100.
        (date(2020, 8, 1), 26_400, 3_100),
        (date(2021, 1, 31), 26_400, 3_100),
        (date(2020, 7, 31), 2_640_000, 310_000),  # before the relief
        (date(2021, 2, 1), 2_640_000, 310_000),  # after it
    ],
)
def test_jakon_projects_of_the_relief_months_pay_one_percent(start, jkk, jkm):
    c = jakon_contribution(2_000_000_000, start)
    assert _lines(c) == {"JKK": (jkk, 0), "JKM": (jkm, 0)}
    assert any("PP 49/2020" in note for note in c.notes) is (jkk == 26_400)


@pytest.mark.parametrize("value", [0, -5])
def test_jakon_contract_value_must_be_positive(value):
    with pytest.raises(ValidationError, match="Nilai kontrak") as caught:
        jakon_contribution(value, date(2024, 6, 10))
    assert caught.value.field == "contract_value"


@PROPERTY
@given(low=st.integers(1, 10**13), step=st.integers(0, 10**12))
def test_jakon_contribution_never_falls_as_the_contract_grows(low, step):
    on = date(2024, 6, 10)
    assert jakon_contribution(low + step, on).total >= jakon_contribution(low, on).total


# --- PMI ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("months", "amount"),
    [
        (24, 370_000),  # Rp37.500 + Rp332.500
        (12, 226_500),  # Rp37.500 + Rp189.000
        (6, 145_500),  # Rp37.500 + Rp108.000
        (1, 145_500),  # the 6-month package covers shorter contracts
        (7, 226_500),  # the 12-month package
        (13, 370_000),  # the 24-month package
        (25, 383_500),  # 370.000 + 1 × 13.500
        (30, 451_000),  # 370.000 + 6 × 13.500
        (120, 1_666_000),  # 370.000 + 96 × 13.500
    ],
)
def test_pmi_packages_permenaker_4_2023(months, amount):
    """domain.md §4.7, Permenaker 4/2023 Pasal 18: 6/12/24-month packages Rp108.000 / 189.000 /
    332.500, Rp37.500 pre-placement, Rp13.500 per month beyond the package."""
    c = pmi_contribution(months, date(2024, 6, 10))
    assert c.total == amount
    assert c.worker == amount
    assert c.one_off
    assert c.segment is Segment.PMI


def test_pmi_without_pre_placement_pays_only_the_placement_package():
    assert pmi_contribution(24, date(2024, 6, 10), pre_placement=False).total == 332_500
    assert pmi_contribution(30, date(2024, 6, 10), pre_placement=False).total == 413_500


def test_pmi_package_notes_say_what_was_charged():
    c = pmi_contribution(30, date(2024, 6, 10))
    assert any("Rp37.500" in note for note in c.notes)
    assert any("Rp13.500" in note for note in c.notes)


@pytest.mark.parametrize(("months", "fragment"), [(0, "paling sedikit 1"), (121, "120 bulan")])
def test_pmi_contract_length_is_1_to_120_months(months, fragment):
    with pytest.raises(ValidationError, match=fragment) as caught:
        pmi_contribution(months, date(2024, 6, 10))
    assert caught.value.field == "months"


def test_rates_before_bpjs_started_are_not_in_force():
    """Asking for a rule on a day before any entry of its table is an error, not a guess."""
    with pytest.raises(RuleNotInForceError, match="tarif JKK"):
        rates.JKK_RATES.at(date(2013, 12, 31))


# --- PP 49/2020: the deferred JP repaid in instalments ---------------------------------------------


@pytest.mark.parametrize(
    ("period", "instalment"),
    [
        # PP 49/2020 Pasal 17(2): repaid from 15 May 2021 to 15 April 2022, i.e. on the bills of
        # April 2021 (due 15 May 2021) – March 2022 (due 15 April 2022): 1.200.000 / 12 = 100.000.
        (Period(2021, 3), 0),
        (Period(2021, 4), 100_000),
        (Period(2021, 12), 100_000),
        (Period(2022, 3), 100_000),
        (Period(2022, 4), 0),
    ],
)
def test_deferred_jp_is_repaid_in_twelve_instalments(period, instalment):
    assert deferred_jp_instalment(1_200_000, period) == instalment


def test_deferred_jp_instalments_add_up_to_the_rupiah():
    """1.200.005 / 12 = 100.000,41…: every instalment is 100.000 or 100.001, and the twelve add
    up to 1.200.005 exactly (five of them carry the five rupiah left over)."""
    months = [Period(2021, 4).shift(k) for k in range(12)]
    parts = [deferred_jp_instalment(1_200_005, m) for m in months]
    assert sum(parts) == 1_200_005
    assert sorted(set(parts)) == [100_000, 100_001]
    assert parts.count(100_001) == 5


# --- figures carried past the last confirmed year --------------------------------------------------


def test_a_2026_contribution_says_the_jp_cap_is_carried_from_2025():
    """The JP cap is cited up to the 2025 figure (Rp10.547.400 from March 2025, §4.3); a March
    2026 wage of Rp20 juta still uses it (JP 2 % = 210.948, 1 % = 105.474) and says so."""
    c = pu_contribution(20_000_000, Period(2026, 3), RiskGroup.SEDANG, FULL)
    assert _lines(c)["JP"] == (210_948, 105_474)
    assert (
        "Angka batas upah JP sesudah 28/02/2026 belum dipastikan; dipakai angka yang berlaku "
        "sejak 01/03/2025"
    ) in c.notes
    assert "notes" in c.as_json()


def test_a_contribution_within_the_confirmed_years_has_no_carried_note():
    c = pu_contribution(20_000_000, Period(2025, 12), RiskGroup.SEDANG, FULL)
    assert not any("belum dipastikan" in note for note in c.notes)
    feb = pu_contribution(20_000_000, Period(2026, 2), RiskGroup.SEDANG, FULL)
    # January–February 2026 still use the 2025 cap by law (it runs to the next March) ...
    assert not any("batas upah JP" in note and "belum" in note for note in feb.notes)
    # ... but the rates themselves are cited only up to 2025.
    assert any(note.startswith("Angka tarif JKK sesudah 31/12/2025") for note in feb.notes)


def test_jakon_and_bpu_and_pmi_say_when_their_tables_are_carried():
    assert any(
        "tarif JKM Jakon" in n for n in jakon_contribution(2_000_000_000, date(2024, 6, 1)).notes
    )
    assert not any(
        "belum dipastikan" in n for n in jakon_contribution(2_000_000_000, date(2020, 6, 1)).notes
    )
    assert any("tarif BPU" in n for n in bpu_contribution(1_000_000, Period(2026, 1), BASIC).notes)
    assert any("paket iuran PMI" in n for n in pmi_contribution(24, date(2024, 1, 1)).notes)
