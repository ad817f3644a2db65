"""Contribution rules that survived mutation testing (`make mutants`): each test here fails for a
mutant of domain/contributions.py that tests/unit let through. Amounts are worked by hand."""

from __future__ import annotations

from datetime import date

import pytest

from bpjs_desktop.domain.contributions import (
    bpu_contribution,
    deferred_jp_instalment,
    jakon_contribution,
    pmi_contribution,
    pu_contribution,
)
from bpjs_desktop.domain.periods import Period
from bpjs_desktop.domain.programmes import Programme, RiskGroup, Segment
from bpjs_desktop.errors import ValidationError

P = Programme
PU_ALL = frozenset({P.JKK, P.JKM, P.JHT, P.JP})
APRIL_2018 = Period(2018, 4)
JP_CAP_2018 = 8_094_000  # PP 45/2015 Pasal 29, indexed (rates.JP_WAGE_CAP; test_contributions)


# --- JP wage cap: the note appears above the cap only -------------------------------------------


def test_a_wage_exactly_at_the_jp_cap_is_not_said_to_be_capped():
    at_cap = pu_contribution(JP_CAP_2018, APRIL_2018, RiskGroup.SEDANG, PU_ALL)
    # JP 2 % + 1 % of 8.094.000 (PP 45/2015 Pasal 28) = 161.880 + 80.940
    assert at_cap.line("JP") is not None
    assert (at_cap.line("JP").employer, at_cap.line("JP").worker) == (161_880, 80_940)
    assert at_cap.notes == ()


def test_a_wage_above_the_jp_cap_names_the_cap():
    above = pu_contribution(JP_CAP_2018 + 1, APRIL_2018, RiskGroup.SEDANG, PU_ALL)
    assert (above.line("JP").employer, above.line("JP").worker) == (161_880, 80_940)  # type: ignore[union-attr]
    assert above.notes == ("Upah untuk JP dibatasi Rp8.094.000 (batas upah JP yang berlaku)",)


def test_a_programme_left_out_does_not_drop_the_ones_after_it():
    """A worker in JKK, JKM and JP but not JHT still pays JP (billed after JHT):
    JKK 0,89 % 35.600 + JKM 0,30 % 12.000 + JP 3 % 120.000 of Rp4.000.000."""
    worker = pu_contribution(
        4_000_000, APRIL_2018, RiskGroup.SEDANG, frozenset({P.JKK, P.JKM, P.JP})
    )
    assert [line.key for line in worker.lines] == ["JKK", "JKM", "JP"]
    assert worker.total == 35_600 + 12_000 + 120_000


def test_jkp_is_paid_by_the_state_and_said_so():
    """April 2024, Rp4.000.000, risk "sedang", with JKP (PP 37/2021 Pasal 11 as amended by
    PP 49/2023): JKK 0,89 % − 0,14 % = 0,75 % → 30.000; JKM 0,30 % − 0,10 % = 0,20 % → 8.000;
    JKP from the state 0,22 % → 8.800; JHT and JP as usual."""
    worker = pu_contribution(4_000_000, Period(2024, 4), RiskGroup.SEDANG, PU_ALL | {P.JKP})
    assert (worker.line("JKK").employer, worker.line("JKM").employer) == (30_000, 8_000)  # type: ignore[union-attr]
    assert worker.government == 8_800
    assert worker.total == 30_000 + 8_000 + 228_000 + 120_000  # the state's 8.800 not in it
    assert worker.notes[0] == (
        "JKP dibiayai pemerintah Rp8.800 dan rekomposisi iuran JKK/JKM; upah untuk JKP paling "
        "tinggi Rp5.000.000"
    )


# --- the JP deferred under PP 49/2020 -----------------------------------------------------------


def test_an_employer_with_nothing_deferred_owes_no_instalment():
    """Most employers deferred nothing: their April 2021 – March 2022 bills carry 0, no error."""
    for month in range(4, 13):
        assert deferred_jp_instalment(0, Period(2021, month)) == 0
    assert deferred_jp_instalment(0, Period(2022, 3)) == 0


def test_a_negative_deferral_is_refused():
    with pytest.raises(ValueError, match="negative"):
        deferred_jp_instalment(-1, Period(2021, 4))


def test_twelve_instalments_add_up_to_the_deferred_jp():
    """712.800 (six months of 118.800) in twelve: 59.400 each. 13 rupiah: the k-th is
    ⌊13k/12⌋ − ⌊13(k−1)/12⌋, which is 1 for k = 1..11 (⌊13k/12⌋ = k) and 13 − 11 = 2 for the
    twelfth; the twelve add up to 13 (PP 49/2020 Pasal 17(2); the split is [unverified])."""
    months = [Period(2021, 4).shift(k) for k in range(12)]
    assert [deferred_jp_instalment(712_800, m) for m in months] == [59_400] * 12
    assert [deferred_jp_instalment(13, m) for m in months] == [1] * 11 + [2]
    assert deferred_jp_instalment(712_800, Period(2021, 3)) == 0
    assert deferred_jp_instalment(712_800, Period(2022, 4)) == 0


# --- BPU, Jakon and PMI: what the bill and the JSON say ------------------------------------------


def test_bpu_income_below_zero_is_refused_beside_the_income_field():
    with pytest.raises(ValidationError) as caught:
        bpu_contribution(0, Period(2024, 1), frozenset({P.JKK, P.JKM}))
    assert caught.value.field == "income"
    assert caught.value.errors[0].message == "Penghasilan harus lebih dari Rp0"


def test_bpu_contribution_of_a_band_in_json():
    """Rp2.345.678 declared is the Rp2.300.000 band ([unverified] steps of Rp100.000): JKK 1 %
    23.000, JKM Rp6.800 flat, JHT 2 % 46.000 (PP 44/2015 Lampiran; PP 46/2015) = 75.800."""
    bpu = bpu_contribution(2_345_678, Period(2024, 1), frozenset({P.JKK, P.JKM, P.JHT}))
    assert bpu.as_json() == {
        "segment": "BPU",
        "period": "2024-01",
        "basis": 2_300_000,
        "programs": {
            "JKK": {"employer": 0, "worker": 23_000},
            "JKM": {"employer": 0, "worker": 6_800},
            "JHT": {"employer": 0, "worker": 46_000},
        },
        "employer": 0,
        "worker": 75_800,
        "total": 75_800,
        "notes": ["Dihitung dari batas bawah kelompok penghasilan Rp2.300.000"],
    }


def test_a_relief_month_in_json_shows_what_is_deferred():
    """September 2020 (PP 49/2020 Pasal 11, 17(1)), Rp4.000.000, risk "sedang": JKK 1 % of
    35.600 = 356, JKM 1 % of 12.000 = 120, JHT 228.000 in full, JP 1 % of 120.000 = 1.200 paid
    (800 + 400) and 118.800 deferred."""
    relief = pu_contribution(4_000_000, Period(2020, 9), RiskGroup.SEDANG, PU_ALL).as_json()
    assert relief["programs"]["JP"] == {"employer": 800, "worker": 400, "deferred": 118_800}
    assert (relief["total"], relief["deferred"]) == (356 + 120 + 228_000 + 1_200, 118_800)
    assert "one_off" not in relief
    assert relief["notes"] == [
        "Relaksasi PP 49/2020: iuran JKK dan JKM dibayar 1%, 99% iuran JP ditunda"
    ]


def test_a_construction_project_is_one_off_on_its_contract_value():
    """Rp2.000.000.000 (domain.md §4.6 marginal tiers): JKK Rp2.640.000 + JKM Rp310.000."""
    project = jakon_contribution(2_000_000_000, date(2024, 1, 10))
    assert (project.segment, project.period, project.basis) == (
        Segment.JAKON,
        Period(2024, 1),
        2_000_000_000,
    )
    data = project.as_json()
    assert data["one_off"] is True
    assert data["programs"] == {
        "JKK": {"employer": 2_640_000, "worker": 0},
        "JKM": {"employer": 310_000, "worker": 0},
    }


def test_a_migrant_workers_package_beyond_24_months():
    """30 months (Permenaker 4/2023 Pasal 18; domain.md §4.7): Rp37.500 before placement +
    Rp332.500 for 24 months + 6 × Rp13.500 = 451.000, one JKK+JKM line paid by the worker."""
    package = pmi_contribution(30, date(2024, 1, 10))
    assert (package.segment, package.period, package.basis) == (Segment.PMI, Period(2024, 1), 30)
    assert [(line.key, line.worker) for line in package.lines] == [("JKK+JKM", 451_000)]
    assert package.notes[:2] == (
        "Termasuk perlindungan sebelum penempatan Rp37.500",
        "Paket 24 bulan ditambah 6 bulan × Rp13.500",
    )
    assert package.as_json()["one_off"] is True


@pytest.mark.parametrize(
    ("months", "pre", "total", "note"),
    [
        (12, False, 189_000, "Paket selama dan setelah penempatan 12 bulan"),
        (6, True, 37_500 + 108_000, "Paket selama dan setelah penempatan 6 bulan"),
        (7, False, 189_000, "Paket selama dan setelah penempatan 12 bulan"),  # next package up
        (24, False, 332_500, "Paket selama dan setelah penempatan 24 bulan"),
    ],
)
def test_a_migrant_workers_package_is_the_smallest_that_covers_the_contract(
    months, pre, total, note
):
    package = pmi_contribution(months, date(2024, 1, 10), pre_placement=pre)
    assert package.total == total
    assert note in package.notes


@pytest.mark.parametrize(("months", "message"), [(0, "paling sedikit 1"), (121, "bukan 121")])
def test_a_migrant_contract_out_of_range_is_refused_beside_its_months(months, message):
    with pytest.raises(ValidationError, match=message) as caught:
        pmi_contribution(months, date(2024, 1, 10))
    assert caught.value.field == "months"
