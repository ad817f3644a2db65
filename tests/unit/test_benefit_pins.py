"""The amounts and breakdowns the decision letter shows, pinned case by case (JKK, JKM, JKP, JHT).

Each case is one rule a family or a member would notice if it changed: the amount, a line of the
breakdown (the letter prints each label with its amount), a refusal, or the side of a boundary.
Every amount is worked out by hand in the comment from the article cited (domain.md §4.4, §5.1,
§5.1a and the code's citations); where the code marks a figure [unverified], so does the comment.
"""

from __future__ import annotations

from datetime import date

import pytest

from bpjs_desktop.domain.benefits import (
    BenefitAmount,
    ContributionMonth,
    JhtWithdrawal,
    accumulate,
    jht_account,
    jht_amount,
    jht_balance,
    jht_credit,
    jkk_amount,
    jkm_amount,
    jkp_amount,
    jp_amount,
    pmi_jht_credit,
)
from bpjs_desktop.domain.dated import Dated, DatedTable
from bpjs_desktop.domain.periods import Period
from bpjs_desktop.domain.programmes import Segment
from bpjs_desktop.domain.scholarships import SchoolLevel as L
from bpjs_desktop.errors import ValidationError


def shown(amount: BenefitAmount) -> list[tuple[str, int]]:
    """The breakdown as the letter prints it: each label with its amount, in order."""
    return [(line.label, line.amount) for line in amount.lines]


def rules_cited(amount: BenefitAmount) -> list[str]:
    """The "Dasar aturan" lines of the letter."""
    return [row for row in amount.basis_text().splitlines() if row.startswith("Dasar aturan: ")]


def refusal(caught: pytest.ExceptionInfo[ValidationError]) -> tuple[str, str]:
    """The field a refusal points at and the sentence the officer reads."""
    error = caught.value.errors[0]
    return error.field, str(error.message)


def months(first: Period, last: Period, basis: int = 4_000_000) -> list[ContributionMonth]:
    return [
        ContributionMonth(first.shift(i), basis, Segment.PU)
        for i in range(first.months_until(last) + 1)
    ]


# --- JKK: the outcome's lump sum --------------------------------------------------------------------

PP82 = date(2024, 3, 1)  # an accident under PP 82/2019
PP44 = date(2018, 3, 1)  # an accident under PP 44/2015


def test_jkk_death_letter_lists_stmb_death_funeral_periodic_scholarships_and_costs():
    """PP 82/2019, wage Rp5.000.000, died after 30 days off work, children at SD and SMA:
    STMB 30 days × 100 % × 5.000.000 / 30 = 5.000.000 [unverified STMB];
    death 48 × 5.000.000 = 240.000.000 [S34]; funeral 10.000.000 and periodic 24 × 500.000 =
    12.000.000 [unverified]; scholarships SD 1.500.000 + SMA 3.000.000 (domain.md §5.1 schedule);
    receipts 2.000.000; land transport 6.000.000 capped at 5.000.000 [unverified cap].
    Total 5 + 240 + 10 + 12 + 1,5 + 3 + 2 + 5 = Rp278.500.000."""
    amount = jkk_amount(
        5_000_000, PP82, outcome="MENINGGAL", stmb=[(date(2024, 3, 2), date(2024, 3, 31))],
        children=(L.SD, L.SMA), contribution_months=3, medical_costs=2_000_000,
        transport="DARAT", transport_costs=6_000_000,
    )  # fmt: skip
    assert shown(amount) == [
        ("STMB 30 hari × 100% × Rp5.000.000/30", 5_000_000),
        ("Santunan kematian 48 × upah", 240_000_000),
        ("Biaya pemakaman", 10_000_000),
        ("Santunan berkala 24 × Rp500.000 (dibayar sekaligus)", 12_000_000),
        ("Beasiswa anak ke-1 (SD) tahun 2024", 1_500_000),
        ("Beasiswa anak ke-2 (SMA) tahun 2024", 3_000_000),
        ("Penggantian biaya pengobatan (kuitansi)", 2_000_000),
        ("Biaya transportasi (paling banyak Rp5.000.000)", 5_000_000),
    ]
    assert amount.total == 278_500_000
    assert "Biaya transportasi Rp6.000.000 dibatasi Rp5.000.000 [unverified batas]" in amount.notes


def test_jkk_death_with_scholarships_cites_the_scholarship_rule_and_explains_later_years():
    """PP 82/2019: scholarships are paid year by year on application (domain.md §5.1 schedule):
    the letter says so and cites the scholarship rule beside the JKK rule."""
    amount = jkk_amount(5_000_000, PP82, outcome="MENINGGAL", children=(L.SD,))
    assert amount.notes == (
        "Beasiswa tahun berikutnya dibayar per tahun ajaran sesuai jenjang sekolah, atas "
        "permohonan setiap tahun (paling banyak 2 anak, PP 82/2019)",
        "Upah sebulan Rp5.000.000",
    )
    assert rules_cited(amount) == [
        "Dasar aturan: PP 82/2019: STMB 100 % 12 bulan lalu 50 %, cacat total 56× upah, "
        "kematian 48× upah (belum dipastikan dari teks peraturan)",
        "Dasar aturan: PP 82/2019: paling banyak 2 anak, per jenjang per tahun; JKM masa iur 36 "
        "bulan, JKK tanpa syarat masa iur",
    ]


def test_jkk_death_without_children_cites_only_the_jkk_rule():
    amount = jkk_amount(5_000_000, PP82, outcome="MENINGGAL")
    assert len(rules_cited(amount)) == 1
    assert amount.notes == ("Upah sebulan Rp5.000.000",)


def test_jkk_death_at_exactly_the_jkm_amount_is_not_raised():
    """PP 82/2019: 48 × 875.000 = 42.000.000 = JKM's Rp42 juta (20 + 12 + 10, §5.1a): not below
    it, so paid as 48 × wage with no "at least JKM" note. Total 42 + funeral 10 + periodic 12 =
    Rp64.000.000."""
    amount = jkk_amount(875_000, PP82, outcome="MENINGGAL")
    assert amount.lines[0].amount == 42_000_000
    assert amount.total == 64_000_000
    assert not any("paling sedikit sebesar manfaat JKM" in note for note in amount.notes)


def test_jkk_death_one_rupiah_below_the_jkm_amount_is_raised_to_it_and_says_so():
    """48 × 874.999 = 41.999.952 < Rp42.000.000 (JKM, PP 82/2019): raised to 42.000.000 (domain.md
    §5.1 "min = JKM"), with the note."""
    amount = jkk_amount(874_999, PP82, outcome="MENINGGAL")
    assert amount.lines[0].amount == 42_000_000
    assert "Santunan kematian paling sedikit sebesar manfaat JKM" in amount.notes


def test_jkk_death_raised_to_jkm_keeps_that_note_beside_the_scholarship_note():
    """PP 82/2019: 48 × 500.000 = 24.000.000 < Rp42.000.000 (JKM) → 42.000.000; + funeral
    10.000.000 + periodic 12.000.000 + SD Rp1.500.000 = Rp65.500.000. The letter keeps both
    notes."""
    amount = jkk_amount(500_000, PP82, outcome="MENINGGAL", children=(L.SD,))
    assert amount.total == 65_500_000
    assert amount.notes == (
        "Santunan kematian paling sedikit sebesar manfaat JKM",
        "Beasiswa tahun berikutnya dibayar per tahun ajaran sesuai jenjang sekolah, atas "
        "permohonan setiap tahun (paling banyak 2 anak, PP 82/2019)",
        "Upah sebulan Rp500.000",
    )


def test_jkk_death_under_pp_44_2015_is_at_least_24_million_with_its_own_funeral_and_periodic():
    """PP 44/2015 (domain.md §5.1a): JKM cash 16.200.000 + 24 × 200.000 + 3.000.000 = 24.000.000
    [unverified parts]; 48 × 400.000 = 19.200.000 < 24.000.000 → 24.000.000; funeral 3.000.000
    and periodic 24 × 200.000 = 4.800.000 [unverified]. Total Rp31.800.000."""
    amount = jkk_amount(400_000, PP44, outcome="MENINGGAL")
    assert shown(amount) == [
        ("Santunan kematian 48 × upah", 24_000_000),
        ("Biaya pemakaman", 3_000_000),
        ("Santunan berkala 24 × Rp200.000 (dibayar sekaligus)", 4_800_000),
    ]
    assert amount.total == 31_800_000


def test_jkk_total_disability_pays_56_times_wage_and_the_periodic_benefit():
    """PP 82/2019 (domain.md §5.1a): 56 × 4.000.000 = 224.000.000 + periodic 24 × 500.000 =
    12.000.000 [unverified 56×, periodic] = Rp236.000.000."""
    amount = jkk_amount(4_000_000, PP82, outcome="CACAT_TOTAL")
    assert shown(amount) == [
        ("Cacat total tetap 56 × upah", 224_000_000),
        ("Santunan berkala 24 × Rp500.000 (dibayar sekaligus)", 12_000_000),
    ]
    assert amount.total == 236_000_000


def test_jkk_partial_disability_is_the_annex_percentage_of_80_times_wage_rounded_half_up():
    """PP 82/2019: 7 % × 80 × 3.333.333 = 18.666.664,8 → Rp18.666.665 (half up) [unverified]."""
    amount = jkk_amount(3_333_333, PP82, outcome="CACAT_SEBAGIAN", disability_percent=7)
    assert shown(amount) == [("Cacat sebagian 7% × 80 × upah", 18_666_665)]
    assert amount.total == 18_666_665


def test_jkk_recovery_without_days_off_or_costs_pays_nothing_and_says_why():
    amount = jkk_amount(3_000_000, PP82, outcome="SEMBUH")
    assert amount.total == 0
    assert amount.lines == ()
    assert amount.notes == (
        "Belum ada STMB, akibat kecelakaan atau biaya yang dapat dibayar",
        "Upah sebulan Rp3.000.000",
    )


def test_jkk_recovery_pays_no_scholarship_even_with_children_in_school():
    """Scholarships follow a death or total disability only (domain.md §5.1): STMB 10 days ×
    100 % × 3.000.000 / 30 = Rp1.000.000, nothing for the SMA child."""
    amount = jkk_amount(
        3_000_000, PP82, outcome="SEMBUH", stmb=[(date(2024, 3, 2), date(2024, 3, 11))],
        children=(L.SMA,),
    )  # fmt: skip
    assert amount.total == 1_000_000


# --- JKK: scholarships under PP 44/2015 (5 years of contributions [unverified for JKK]) -------------


@pytest.mark.parametrize(("months_paid", "paid"), [(60, True), (59, False), (None, True)])
def test_jkk_scholarship_under_pp_44_2015_needs_five_years_of_contributions(months_paid, paid):
    """PP 44/2015 Pasal 34 / Lampiran III (domain.md §5.1a): one child, Rp12.000.000 once, after
    5 years (60 months); that JKK needs the same 5 years is [unverified]. Months not known (None)
    are taken as enough. Death at wage 1.000.000: 48 × 1.000.000 = 48.000.000 + 3.000.000 +
    4.800.000 = 55.800.000, + 12.000.000 with the scholarship = Rp67.800.000."""
    amount = jkk_amount(
        1_000_000, PP44, outcome="MENINGGAL", children=(L.SMA,), contribution_months=months_paid
    )
    assert amount.total == (67_800_000 if paid else 55_800_000)
    if paid:
        assert shown(amount)[-1] == ("Beasiswa anak ke-1 (SMA) tahun 2018", 12_000_000)
        assert "Beasiswa Rp12 juta untuk satu anak, dibayar sekali (PP 44/2015)" in amount.notes
    else:
        assert not any("Beasiswa" in note for note in amount.notes)
        assert len(rules_cited(amount)) == 1


# --- JKK: temporary incapacity (STMB) ---------------------------------------------------------------


def test_stmb_under_pp_44_2015_falls_to_50_percent_after_the_first_year():
    """PP 44/2015 [unverified STMB]: 100 % for 6 months, 75 % for 6, then 50 %. Accident
    15/01/2018, off 13–16/01/2019: 13–14 in months 7–12 → 2 × 75 % × 3.000.000 / 30 = 150.000;
    15–16 after the first year → 2 × 50 % × 3.000.000 / 30 = 100.000."""
    amount = jkk_amount(
        3_000_000,
        date(2018, 1, 15),
        outcome="SEMBUH",
        stmb=[(date(2019, 1, 13), date(2019, 1, 16))],
    )
    assert shown(amount) == [
        ("STMB 2 hari × 75% × Rp3.000.000/30", 150_000),
        ("STMB 2 hari × 50% × Rp3.000.000/30", 100_000),
    ]


def test_stmb_only_after_the_first_year_is_paid_at_50_percent():
    """PP 82/2019: accident 15/01/2020; off 01–10/02/2021, all after the first 12 months:
    10 × 50 % × 3.000.000 / 30 = Rp500.000 (the empty 100 % tier is skipped, not the end)."""
    amount = jkk_amount(
        3_000_000, date(2020, 1, 15), outcome="SEMBUH", stmb=[(date(2021, 2, 1), date(2021, 2, 10))]
    )
    assert shown(amount) == [("STMB 10 hari × 50% × Rp3.000.000/30", 500_000)]


def test_stmb_periods_in_the_same_tier_are_added():
    """Two spells off work in the first month (5 + 5 days): 10 × 100 % × 3.000.000 / 30 =
    Rp1.000.000 on one line."""
    amount = jkk_amount(
        3_000_000, PP82, outcome="SEMBUH",
        stmb=[(date(2024, 3, 2), date(2024, 3, 6)), (date(2024, 3, 10), date(2024, 3, 14))],
    )  # fmt: skip
    assert shown(amount) == [("STMB 10 hari × 100% × Rp3.000.000/30", 1_000_000)]


def test_stmb_day_is_rounded_half_up_to_the_rupiah():
    """1 day × 100 % × 3.000.015 / 30 = 100.000,5 → Rp100.001 (half up)."""
    amount = jkk_amount(
        3_000_015, PP82, outcome="SEMBUH", stmb=[(date(2024, 3, 2), date(2024, 3, 2))]
    )
    assert amount.total == 100_001


# --- JKK: transport and return to work ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("accident", "mode", "cap"),
    [
        # PP 82/2019 Lampiran: land Rp5 juta, sea Rp2 juta, air Rp10 juta [unverified: recalled].
        (PP82, "DARAT", 5_000_000),
        (PP82, "LAUT", 2_000_000),
        (PP82, "UDARA", 10_000_000),
        # PP 44/2015 Lampiran III: land Rp1 juta, sea Rp1,5 juta, air Rp2,5 juta [unverified].
        (PP44, "DARAT", 1_000_000),
        (PP44, "LAUT", 1_500_000),
        (PP44, "UDARA", 2_500_000),
    ],
)
def test_jkk_transport_above_the_cap_is_paid_at_the_cap_of_its_mode(accident, mode, cap):
    """Receipts of Rp20.000.000 (above every cap) are paid at the mode's maximum, with a note."""
    amount = jkk_amount(
        3_000_000, accident, outcome="SEMBUH", transport=mode, transport_costs=20_000_000
    )
    assert amount.total == cap
    assert any(note.startswith("Biaya transportasi Rp20.000.000 dibatasi") for note in amount.notes)


@pytest.mark.parametrize("costs", [2_000_000, 1_999_999])
def test_jkk_transport_up_to_the_cap_is_paid_in_full_without_a_cap_note(costs):
    """Sea transport under PP 82/2019, cap Rp2.000.000 [unverified]: at or below it, as billed."""
    amount = jkk_amount(3_000_000, PP82, outcome="SEMBUH", transport="LAUT", transport_costs=costs)
    assert amount.total == costs
    assert amount.notes == ("Upah sebulan Rp3.000.000",)


@pytest.mark.parametrize("mode", [None, "KERETA"])
def test_jkk_transport_costs_need_a_known_mode(mode):
    with pytest.raises(ValidationError) as caught:
        jkk_amount(3_000_000, PP82, outcome="SEMBUH", transport=mode, transport_costs=100_000)
    assert refusal(caught) == (
        "transport",
        "Pilih jenis angkutan (darat, laut, udara) untuk biaya transportasi",
    )


def test_jkk_return_to_work_is_paid_as_billed_with_an_unverified_note():
    """PP 82/2019 return-to-work programme: Rp7.500.000 as billed (its limit [unverified])."""
    amount = jkk_amount(3_000_000, PP82, outcome="SEMBUH", return_to_work_costs=7_500_000)
    assert shown(amount) == [("Program kembali bekerja (sesuai tagihan)", 7_500_000)]
    assert amount.notes == (
        "Program kembali bekerja PP 82/2019: batas biaya belum diverifikasi [unverified]",
        "Upah sebulan Rp3.000.000",
    )


@pytest.mark.parametrize(
    "costs", [{"transport_costs": -1, "transport": "DARAT"}, {"return_to_work_costs": -1}]
)
def test_jkk_negative_costs_are_refused(costs):
    with pytest.raises(ValidationError) as caught:
        jkk_amount(3_000_000, PP82, outcome="SEMBUH", **costs)
    assert refusal(caught) == ("transport_costs", "Biaya tidak boleh negatif")


@pytest.mark.parametrize("wage", [0, -1])
def test_jkk_wage_must_be_more_than_zero(wage):
    with pytest.raises(ValidationError) as caught:
        jkk_amount(wage, PP82, outcome="SEMBUH")
    assert refusal(caught) == ("wage", "Upah terakhir harus lebih dari Rp0")


def test_jkk_a_wage_of_one_rupiah_is_accepted():
    """The refusal is for Rp0 and below only: Rp1 × 56 = Rp56 + periodic Rp12.000.000."""
    assert jkk_amount(1, PP82, outcome="CACAT_TOTAL").total == 12_000_056


# --- JKM as the letter shows it ----------------------------------------------------------------------


def test_jkm_letter_with_no_child_in_school_is_the_three_fixed_parts():
    """PP 82/2019 (domain.md §5.1a): 20.000.000 + 24 × 500.000 + 10.000.000 = Rp42.000.000;
    called without the children arguments (a claim with no child in school)."""
    amount = jkm_amount(date(2024, 6, 1), 12)
    assert shown(amount) == [
        ("Santunan sekaligus", 20_000_000),
        ("Santunan berkala 24 × Rp500.000 (dibayar sekaligus)", 12_000_000),
        ("Biaya pemakaman", 10_000_000),
    ]
    assert amount.total == 42_000_000
    assert amount.notes == ("Masa iur 12 bulan",)
    assert rules_cited(amount) == ["Dasar aturan: PP 82/2019"]


def test_jkm_letter_with_a_child_at_sma_adds_the_years_scholarship_and_its_rule():
    """PP 82/2019: 42.000.000 + SMA Rp3.000.000 for 2024 = Rp45.000.000 (issue #10 example)."""
    amount = jkm_amount(date(2024, 6, 1), 48, children=(L.SMA,))
    assert shown(amount)[3:] == [("Beasiswa anak ke-1 (SMA) tahun 2024", 3_000_000)]
    assert amount.total == 45_000_000
    assert amount.notes == (
        "Masa iur 48 bulan",
        "Beasiswa tahun berikutnya dibayar per tahun ajaran sesuai jenjang sekolah, atas "
        "permohonan setiap tahun (paling banyak 2 anak, PP 82/2019)",
    )
    assert rules_cited(amount)[1].startswith("Dasar aturan: PP 82/2019: paling banyak 2 anak")


def test_jkm_letter_under_pp_44_2015_pays_one_child_12_million_at_the_childs_level():
    """PP 44/2015 Pasal 34 (domain.md §5.1a): 16.200.000 + 24 × 200.000 + 3.000.000 = 24.000.000
    [unverified parts] + one child Rp12.000.000 once after 60 months = Rp36.000.000. The line names
    the level given for the first child (SMA)."""
    amount = jkm_amount(date(2018, 4, 1), 60, children=(L.SMA, L.SD))
    assert shown(amount) == [
        ("Santunan sekaligus", 16_200_000),
        ("Santunan berkala 24 × Rp200.000 (dibayar sekaligus)", 4_800_000),
        ("Biaya pemakaman", 3_000_000),
        ("Beasiswa anak ke-1 (SMA) tahun 2018", 12_000_000),
    ]
    assert amount.total == 36_000_000
    assert amount.notes[1] == "Beasiswa Rp12 juta untuk satu anak, dibayar sekali (PP 44/2015)"


def test_jkm_under_pp_44_2015_with_a_child_without_level_is_paid_as_sd():
    """Before PP 82/2019 the level does not change the Rp12 juta: a child ticked "in school"
    without a level is shown at SD. 24.000.000 + 12.000.000 = Rp36.000.000."""
    amount = jkm_amount(date(2018, 4, 1), 60, children_in_school=1)
    assert shown(amount)[-1] == ("Beasiswa anak ke-1 (SD) tahun 2018", 12_000_000)


def test_jkm_child_without_level_under_pp_82_2019_names_the_levels_to_choose():
    with pytest.raises(ValidationError) as caught:
        jkm_amount(date(2024, 6, 1), 48, children_in_school=2)
    assert refusal(caught) == (
        "heirs",
        "Jenjang sekolah 2 anak belum diisi: beasiswa dibayar menurut jenjang (TK, SD, SMP, SMA, PT)",
    )


# --- JKP as the letter shows it --------------------------------------------------------------------


def test_jkp_letter_under_pp_37_2021_shows_both_tiers():
    """PP 37/2021 Pasal 21 (domain.md §4.4): 3 × 45 % × 4.000.000 = 3 × 1.800.000 = 5.400.000 and
    3 × 25 % × 4.000.000 = 3 × 1.000.000 = 3.000.000 → Rp8.400.000, paid over 6 months."""
    amount = jkp_amount(4_000_000, date(2024, 6, 10))
    assert shown(amount) == [
        ("3 bulan × 45% × Rp4.000.000", 5_400_000),
        ("3 bulan × 25% × Rp4.000.000", 3_000_000),
    ]
    assert amount.total == 8_400_000
    assert amount.notes == ("Dibayar per bulan selama 6 bulan",)
    assert rules_cited(amount) == [
        "Dasar aturan: PP 37/2021: 45 % × 3 bulan + 25 % × 3 bulan, upah maks. Rp5 juta; "
        "batas pengajuan 3 bulan (belum dipastikan dari teks peraturan)"
    ]


def test_jkp_letter_under_pp_6_2025_is_one_line_of_six_months():
    """PP 6/2025 (domain.md §4.4): 6 × 60 % × 4.000.000 = 6 × 2.400.000 = Rp14.400.000."""
    amount = jkp_amount(4_000_000, date(2025, 6, 10))
    assert shown(amount) == [("6 bulan × 60% × Rp4.000.000", 14_400_000)]


def test_jkp_each_month_is_rounded_before_the_tier_is_added():
    """PP 37/2021: 45 % × 3.333.333 = 1.499.999,85 → 1.500.000 a month, × 3 = 4.500.000;
    25 % × 3.333.333 = 833.333,25 → 833.333, × 3 = 2.499.999. Total Rp6.999.999."""
    amount = jkp_amount(3_333_333, date(2024, 6, 10))
    assert [line.amount for line in amount.lines] == [4_500_000, 2_499_999]
    assert amount.total == 6_999_999


def test_jkp_wage_at_the_cap_is_not_said_to_be_capped():
    """Wage cap Rp5.000.000 (domain.md §4.4): a wage of exactly Rp5.000.000 is not cut."""
    assert jkp_amount(5_000_000, date(2025, 6, 10)).notes == ("Dibayar per bulan selama 6 bulan",)


def test_jkp_wage_above_the_cap_is_cut_and_says_so():
    """Rp5.000.001 > Rp5.000.000: 6 × 60 % × 5.000.000 = Rp18.000.000, with the cap note."""
    amount = jkp_amount(5_000_001, date(2025, 6, 10))
    assert amount.total == 18_000_000
    assert amount.notes[0] == "Upah dibatasi Rp5.000.000 (batas upah JKP)"


# --- JHT -----------------------------------------------------------------------------------------------

YEAR_2017 = months(Period(2017, 1), Period(2017, 12))


def test_bpu_jht_month_is_2_percent_of_the_income_rounded_down_to_its_band():
    """BPU JHT 2 % of the declared income band (domain.md §4.5 [S-BPU]); bands of Rp100.000
    [unverified]: Rp2.350.000 falls in the Rp2.300.000 band → 2 % × 2.300.000 = Rp46.000."""
    month = ContributionMonth(Period(2024, 6), 2_350_000, Segment.BPU)
    assert jht_credit(month) == 46_000


def test_jht_partial_claim_letter_shows_the_balance_and_the_share_taken():
    """12 months of 5,7 % × 4.000.000 = 228.000 in 2017 (PP 46/2015 Pasal 16): credits 2.736.000;
    yield 98.188 (2017, 7,83 % [unverified]) + 53.212 (2018, 7,51 % [unverified]) = 151.400 (see
    test_claim_rules); balance 2.887.400 on 10/04/2018. PP 46/2015 Pasal 22: 10 % → Rp288.740."""
    amount = jht_amount("JHT_10", YEAR_2017, date(2018, 4, 10))
    assert shown(amount) == [
        ("Iuran JHT 12 bulan (5,7% upah; BPU 2% penghasilan)", 2_736_000),
        ("Hasil pengembangan", 151_400),
        ("Saldo JHT", 2_887_400),
        ("Diambil 10% dari saldo", 288_740),
    ]
    assert amount.total == 288_740
    assert rules_cited(amount) == [
        "Dasar aturan: PP 46/2015 Pasal 22: 10 % persiapan hari tua atau 30 % perumahan"
    ]


def test_jht_full_claim_letter_shows_each_years_yield_and_cites_the_yield_as_unconfirmed():
    """The same account claimed in full: 2.736.000 + 151.400 = Rp2.887.400, a note per year."""
    amount = jht_amount("JHT_PENUH", YEAR_2017, date(2018, 4, 10))
    assert amount.notes == (
        "2017: iuran 12 bulan Rp2.736.000, hasil pengembangan 7,83% Rp98.188, saldo Rp2.834.188",
        "2018: iuran 0 bulan Rp0, hasil pengembangan 7,51% Rp53.212, saldo Rp2.887.400",
    )
    assert rules_cited(amount) == [
        "Dasar aturan: PP 46/2015; hasil pengembangan per tahun "
        "(belum dipastikan dari teks peraturan)"
    ]


def test_jht_claim_in_january_earns_no_yield_in_the_claim_year():
    """Claimed on 10/01/2018: no month of 2018 before the claim month, so 2018 adds no yield;
    the balance is 2017's closing 2.736.000 + 98.188 = Rp2.834.188."""
    assert jht_amount("JHT_PENUH", YEAR_2017, date(2018, 1, 10)).total == 2_834_188


def test_jht_year_after_a_partial_withdrawal_shows_what_was_taken_and_the_yield_lost():
    """As test_jht_account: 30 % (Rp866.220) taken in April 2018, full claim 10/10/2018: 2018's
    yield 132.530, closing 2.100.498; yield lost 27.106."""
    taken = [JhtWithdrawal(Period(2018, 4), 866_220, claim_no="GRS-30")]
    amount = jht_amount("JHT_PENUH", YEAR_2017, date(2018, 10, 10), taken)
    assert amount.notes[1:] == (
        "2018: iuran 0 bulan Rp0, diambil Rp866.220, hasil pengembangan 7,51% Rp132.530, "
        "saldo Rp2.100.498",
        "Hasil pengembangan yang tidak diperoleh karena pengambilan sebelumnya: Rp27.106",
    )


def test_jht_full_claim_paid_later_closes_only_the_months_it_covered():
    """A full claim paid in June 2018 covered January 2017 – March 2018; April and May 2018 were
    paid in afterwards and make a new balance: 2 × 228.000 = 456.000, with 2018's yield (7,51 %
    [unverified]) for the months before October: 228.000 × (9 − 4) + 228.000 × (9 − 5) =
    2.052.000 month-rupiah × 7,51 % / 12 = 12.842,1 → 12.842. Total Rp468.842."""
    history = months(Period(2017, 1), Period(2018, 5))
    paid = [JhtWithdrawal(Period(2018, 6), 3_500_000, True, Period(2018, 3), "GRS-1")]
    amount = jht_amount("JHT_PENUH", history, date(2018, 10, 1), paid)
    assert amount.total == 468_842
    assert amount.lines[0].label == "Iuran JHT 2 bulan (5,7% upah; BPU 2% penghasilan)"
    assert amount.notes[-1] == (
        "Saldo sampai 03/2018 sudah dibayar penuh pada klaim GRS-1; hanya iuran sesudahnya "
        "yang dihitung"
    )


# A first KPJ (Jan 2017 – Mar 2018) paid out in full in April 2018; a second job from July 2018 at
# Rp5.000.000: 5,7 % = 285.000 a month (PP 46/2015 Pasal 16), Jul–Dec 2018 = 1.710.000. 2018's
# yield (7,51 % [unverified]): 285.000 × (5 + 4 + 3 + 2 + 1 + 0) = 4.275.000 month-rupiah × 7,51 %
# / 12 = 26.754,4 → 26.754; closing 2018 Rp1.736.754.
SECOND_JOB = months(Period(2017, 1), Period(2018, 3)) + months(
    Period(2018, 7), Period(2018, 12), basis=5_000_000
)
FIRST_PAID = JhtWithdrawal(Period(2018, 4), 3_500_000, True, Period(2018, 3), "GRS-1")


def test_partial_withdrawal_after_a_full_claim_comes_off_the_new_balance():
    """10 % of the new account, Rp170.000, paid in February 2019; full claim 10/06/2019: 2019's
    yield (6,08 % [unverified]) on 1.736.754 × 5 − 170.000 × 3 = 8.173.770 month-rupiah →
    × 6,08 % / 12 = 41.413,8 → 41.414. Balance 1.736.754 − 170.000 + 41.414 = Rp1.608.168."""
    taken = [FIRST_PAID, JhtWithdrawal(Period(2019, 2), 170_000)]
    assert jht_amount("JHT_PENUH", SECOND_JOB, date(2019, 6, 10), taken).total == 1_608_168


def test_partial_withdrawal_paid_with_the_full_claim_is_not_taken_again_from_the_new_balance():
    """A 10 % paid in April 2018, the month of the full claim, belonged to the first account:
    the new balance on 10/01/2019 is 2018's closing, Rp1.736.754 (no month of 2019 earns yet)."""
    taken = [FIRST_PAID, JhtWithdrawal(Period(2018, 4), 300_000)]
    assert jht_amount("JHT_PENUH", SECOND_JOB, date(2019, 1, 10), taken).total == 1_736_754


def test_jht_full_claim_without_number_is_shown_with_a_dash():
    history = months(Period(2017, 1), Period(2018, 3))
    paid = [JhtWithdrawal(Period(2018, 4), 4_000_000, True, Period(2018, 3))]
    note = jht_amount("JHT_PENUH", history, date(2018, 10, 1), paid).notes[-1]
    assert "pada klaim -;" in note


def test_two_full_claims_paid_the_same_month_close_up_to_the_later_coverage():
    """Two KPJs paid out in full in April 2018, one covering up to 12/2017, the other up to
    03/2018: every month up to March 2018 was paid, nothing is left (Rp0), in either order."""
    history = months(Period(2017, 1), Period(2018, 3))
    early = JhtWithdrawal(Period(2018, 4), 1_000_000, True, Period(2017, 12), "A")
    late = JhtWithdrawal(Period(2018, 4), 1_000_000, True, Period(2018, 3), "B")
    assert jht_amount("JHT_PENUH", history, date(2018, 10, 1), [early, late]).total == 0
    assert jht_amount("JHT_PENUH", history, date(2018, 10, 1), [late, early]).total == 0


def test_jht_full_claim_without_coverage_closes_up_to_the_month_it_was_paid():
    """A full claim recorded without its last month closes every month up to its payment month
    (April 2018): the March 2018 credit is not paid again → Rp0."""
    history = months(Period(2017, 1), Period(2018, 3))
    paid = [JhtWithdrawal(Period(2018, 4), 3_000_000, True)]
    account = jht_account(history, date(2018, 10, 1), paid)
    assert (account.balance, account.closed_until) == (0, Period(2018, 4))


def test_jht_account_without_withdrawals_has_lost_no_yield():
    account = jht_account(YEAR_2017, date(2018, 4, 10))
    assert (account.withdrawn, account.lost_yield, account.closed_until) == (0, 0, None)
    assert account.months == 12


def test_jht_overdrawn_account_pays_nothing_not_a_negative_amount():
    """A withdrawal recorded larger than the account (Rp5.000.000 against 2.736.000 of credits)
    leaves nothing to pay: Rp0, never a negative payment."""
    taken = [JhtWithdrawal(Period(2018, 1), 5_000_000)]
    assert jht_amount("JHT_PENUH", YEAR_2017, date(2018, 4, 10), taken).total == 0


# --- accumulate: the yield convention [unverified] ----------------------------------------------------


def test_a_year_outside_the_yield_table_earns_nothing_even_on_a_large_balance():
    """A table that starts in 2030: Rp600.000.000 credited in January 2018 earns no yield in 2018
    (a 1 ppm placeholder would already add 600.000.000 × 11 / 12 / 10⁶ = Rp550)."""
    table = DatedTable("t", [Dated(date(2030, 1, 1), 70_000, "x")])
    balance, years = accumulate([(Period(2018, 1), 600_000_000)], date(2019, 1, 1), table)
    assert balance == 600_000_000
    assert [(y.year, y.months, y.yield_amount) for y in years] == [(2018, 1, 0), (2019, 0, 0)]


def test_a_credit_dated_after_the_claim_year_earns_no_yield():
    """Balance Rp1.000.000 from January 2017 claimed on 01/01/2018, with a credit of Rp100.000
    dated January 2019: 2017 earns 1.000.000 × 11 × 7,83 % / 12 = 71.775 [unverified rate];
    2018 and 2019 are after the claim month: no yield. Balance 1.000.000 + 71.775 + 100.000 =
    Rp1.171.775."""
    table = DatedTable("t", [Dated(date(2017, 1, 1), 78_300, "x")])
    credits = [(Period(2017, 1), 1_000_000), (Period(2019, 1), 100_000)]
    balance, years = accumulate(credits, date(2018, 1, 1), table)
    assert balance == 1_171_775
    assert [y.yield_amount for y in years] == [71_775, 0, 0]


def test_jht_balance_reads_the_account_after_its_withdrawals():
    """jht_balance is the account's balance: after the 30 % withdrawal of the example above,
    Rp2.100.498, not the untouched Rp2.993.824."""
    taken = [JhtWithdrawal(Period(2018, 4), 866_220)]
    assert jht_balance(YEAR_2017, date(2018, 10, 10), taken)[0] == 2_100_498


@pytest.mark.parametrize("chosen", [0, -50_000])
def test_pmi_jht_month_of_zero_or_less_is_refused(chosen):
    """Permenaker 4/2023 [S39]: a PMI's JHT is the amount chosen, and it must be more than Rp0."""
    with pytest.raises(ValidationError) as caught:
        pmi_jht_credit(Period(2024, 6), chosen)
    assert refusal(caught) == ("jht_amount", "Iuran JHT PMI yang dipilih harus lebih dari Rp0")


def test_pmi_jht_month_of_one_rupiah_is_accepted():
    """Only Rp0 and below are refused (the offered range is [unverified] and not enforced)."""
    assert pmi_jht_credit(Period(2024, 6), 1) == 1


# --- JKM and JKP refusals -------------------------------------------------------------------------


def test_jkm_with_no_month_paid_yet_still_pays_the_fixed_42_million():
    """PP 82/2019 sets no minimum months for JKM's cash (only the scholarship needs 36):
    0 months → 20.000.000 + 12.000.000 + 10.000.000 = Rp42.000.000."""
    assert jkm_amount(date(2024, 6, 1), 0).total == 42_000_000


def test_jkm_negative_months_are_refused_with_the_reason():
    with pytest.raises(ValidationError) as caught:
        jkm_amount(date(2024, 6, 1), -1)
    assert refusal(caught) == ("months", "Masa iur tidak boleh negatif")


def test_jkp_refusal_of_a_zero_wage_says_why():
    with pytest.raises(ValidationError) as caught:
        jkp_amount(0, date(2025, 6, 10))
    assert refusal(caught) == ("wage", "Upah terakhir harus lebih dari Rp0")


# --- JP paid at once -------------------------------------------------------------------------------


def test_jp_lump_sum_letter_is_contributions_plus_yield_by_year():
    """12 months of 2017 at Rp4.000.000 (below the 2017 caps 7.335.300 / 7.703.500): 3 %
    (2 % + 1 %, PP 45/2015 Pasal 28) = 120.000 a month → 1.440.000. JP's yield takes the JHT
    figures [unverified]: 2017 7,83 %: 120.000 × 66 month-rupiah / 12 × 7,83 % = 51.678 → closing
    1.491.678; claimed 10/04/2018, 3 months of 2018 at 7,51 %: 1.491.678 × 3 / 12 × 7,51 % =
    28.006,25 → 28.006. Yield 79.684; total Rp1.519.684."""
    amount = jp_amount("JP_SEKALIGUS", YEAR_2017, date(2018, 4, 10))
    assert shown(amount) == [
        ("Iuran JP 12 bulan (3% upah, dibatasi batas upah JP)", 1_440_000),
        ("Hasil pengembangan", 79_684),
    ]
    assert amount.total == 1_519_684
    assert amount.notes == (
        "2017: iuran 12 bulan Rp1.440.000, hasil pengembangan 7,83% Rp51.678, saldo Rp1.491.678",
        "2018: iuran 0 bulan Rp0, hasil pengembangan 7,51% Rp28.006, saldo Rp1.519.684",
        "Masa iur kurang dari 180 bulan: dibayar sekaligus",
    )
    assert rules_cited(amount) == [
        "Dasar aturan: PP 45/2015 Pasal 17; hasil pengembangan JP "
        "(belum dipastikan dari teks peraturan)"
    ]


def test_jp_lump_sum_counts_months_from_july_2015_once_each():
    """JP began in July 2015 (PP 45/2015): June 2015 does not count, and July 2015 given twice
    counts once: 3 % × 4.000.000 = Rp120.000; claimed 10/08/2015, the July credit has no month
    before the claim month to earn in → no yield. Total Rp120.000."""
    given = months(Period(2015, 6), Period(2015, 7)) + months(Period(2015, 7), Period(2015, 7))
    amount = jp_amount("JP_SEKALIGUS", given, date(2015, 8, 10))
    assert shown(amount) == [
        ("Iuran JP 1 bulan (3% upah, dibatasi batas upah JP)", 120_000),
        ("Hasil pengembangan", 0),
    ]
    assert amount.total == 120_000


def test_decision_text_of_a_jkp_claim_reads_line_by_line():
    """The text stored with the decision: each line, the total, the notes, the rule in words.
    PP 37/2021 at Rp4.000.000: 5.400.000 + 3.000.000 = Rp8.400.000 (as above)."""
    assert jkp_amount(4_000_000, date(2024, 6, 10)).basis_text() == (
        "3 bulan × 45% × Rp4.000.000: Rp5.400.000\n"
        "3 bulan × 25% × Rp4.000.000: Rp3.000.000\n"
        "Jumlah manfaat: Rp8.400.000\n"
        "– Dibayar per bulan selama 6 bulan\n"
        "Dasar aturan: PP 37/2021: 45 % × 3 bulan + 25 % × 3 bulan, upah maks. Rp5 juta; "
        "batas pengajuan 3 bulan (belum dipastikan dari teks peraturan)"
    )
