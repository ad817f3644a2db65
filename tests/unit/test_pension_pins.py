"""JP pensions pinned case by case: who gets a monthly pension, on how many months, and how much.

PP 45/2015 Pasal 15–17 (formula: 1 % × months ÷ 12 × the inflation-adjusted average wage, ÷ 12
as a monthly amount; later years × an indexation factor), Permenaker 29/2015 Pasal 26 (death or
disability before 15 years: computed on 180 months when the member joined ≥ 12 months before
and paid ≥ 80 % of the months since). The inflation figures are BPS's as remembered
[unverified], the shares of the survivors' kinds [unverified] (domain.md §5.1, §5.1a).
Every amount is worked out by hand in the comment.
"""

from __future__ import annotations

from datetime import date
from fractions import Fraction

import pytest

from bpjs_desktop.domain.claim_details import JpKind
from bpjs_desktop.domain.pension import (
    adjusted_average_wage,
    jp_entitlement,
    jp_pension,
    jp_schedule,
)
from bpjs_desktop.domain.periods import Period
from bpjs_desktop.errors import ValidationError
from tests.unit.test_benefit_pins import rules_cited, shown  # the letter's lines
from tests.unit.test_pension import history  # months at one wage, PU

# The widow of test_pension.py: joined 2 Jan 2023, 17 months (Jan 2023 – May 2024) at Rp9.000.000,
# died 1 Jun 2024. Average 9.165.812, formula on 180 months 1.374.872 (worked out there).
WIDOW_MONTHS = history(Period(2023, 1), 17, 9_000_000)
JOINED = date(2023, 1, 2)
DEATH = date(2024, 6, 1)

INDEXATION_NOTE = (
    "Dibayar setiap bulan; tahun berikutnya dikali faktor indeksasi (1 + inflasi tahun "
    "sebelumnya) [unverified]"
)
FLOOR_NOTE = "Dibatasi manfaat JP paling sedikit Rp393.500 dan paling banyak Rp4.598.100"


# --- who gets a monthly pension ------------------------------------------------------------------


def test_old_age_with_exactly_15_years_is_a_monthly_pension():
    """PP 45/2015: 180 months (15 years) is enough for a monthly old-age pension."""
    entitlement = jp_entitlement(JpKind.HARI_TUA, 180, date(2030, 7, 1), joined=None)
    assert (entitlement.monthly, entitlement.months_counted) == (True, 180)
    assert entitlement.reason == (
        "Masa iur 180 bulan: paling sedikit 180 bulan, dibayar pensiun bulanan"
    )


def test_old_age_with_14_years_11_months_is_paid_at_once():
    """179 months < 180: the contributions and their yield at once (PP 45/2015 Pasal 17)."""
    entitlement = jp_entitlement(JpKind.HARI_TUA, 179, date(2030, 7, 1), joined=date(2015, 7, 1))
    assert (entitlement.monthly, entitlement.months_counted) == (False, 179)
    assert entitlement.reason == (
        "Masa iur 179 bulan kurang dari 180 bulan: iuran dan hasil pengembangannya dibayar "
        "sekaligus"
    )


@pytest.mark.parametrize(
    ("joined", "monthly", "counted", "reason"),
    [
        # Joined 1 Jun 2023, died 1 Jun 2024 = 12 whole months (≥ 12); 12 paid → density 100 %
        # (≥ 80 %) → computed on 180 months.
        (date(2023, 6, 1), True, 180,
         "Masa iur 12 bulan, kepesertaan paling sedikit 1 tahun dan kepadatan iuran 100%: "
         "pensiun dihitung atas masa iur 180 bulan (Permenaker 29/2015 Pasal 26)"),
        # Joined a day later, 2 Jun 2023: 11 whole months (< 12) → paid at once.
        (date(2023, 6, 2), False, 12,
         "Kepesertaan baru 11 bulan (kurang dari 12 bulan): iuran dan hasil pengembangannya "
         "dibayar sekaligus"),
    ],
)  # fmt: skip
def test_survivors_pension_on_15_years_needs_a_whole_year_of_membership(
    joined, monthly, counted, reason
):
    """Permenaker 29/2015 Pasal 26: both sides of "joined at least 12 months before"."""
    entitlement = jp_entitlement(JpKind.JANDA_DUDA, 12, DEATH, joined=joined)
    assert (entitlement.monthly, entitlement.months_counted) == (monthly, counted)
    assert entitlement.reason == reason


def test_member_who_joined_on_the_day_of_death_is_paid_at_once():
    """0 months of membership: paid at once (and no density is divided by zero months)."""
    entitlement = jp_entitlement(JpKind.ANAK, 0, DEATH, joined=DEATH)
    assert entitlement.monthly is False
    assert entitlement.reason.startswith("Kepesertaan baru 0 bulan")


def test_density_of_exactly_80_percent_gives_a_pension_on_15_years():
    """Joined 1 Oct 2022, died 1 Jun 2024: 20 months of membership; 16 paid = 80 % (not below
    80 %) → computed on 180 months (Permenaker 29/2015 Pasal 26)."""
    entitlement = jp_entitlement(JpKind.JANDA_DUDA, 16, DEATH, joined=date(2022, 10, 1))
    assert (entitlement.monthly, entitlement.months_counted) == (True, 180)
    assert "kepadatan iuran 80%" in entitlement.reason


def test_density_below_80_percent_is_paid_at_once_and_says_the_density():
    """15 of 20 months = 75 % < 80 % → paid at once."""
    entitlement = jp_entitlement(JpKind.JANDA_DUDA, 15, DEATH, joined=date(2022, 10, 1))
    assert (entitlement.monthly, entitlement.months_counted) == (False, 15)
    assert entitlement.reason == (
        "Kepadatan iuran 75% kurang dari 80%: iuran dan hasil pengembangannya dibayar sekaligus"
    )


def test_membership_counts_from_july_2015_for_members_who_joined_before():
    """JP began in July 2015 (PP 45/2015): a member who joined in 2010 and died 1 Sep 2016 had 14
    months of JP membership (Jul 2015 – Aug 2016), 14 paid → 100 % → pension on 180 months."""
    entitlement = jp_entitlement(JpKind.CACAT, 14, date(2016, 9, 1), joined=date(2010, 1, 4))
    assert (entitlement.monthly, entitlement.months_counted) == (True, 180)


def test_density_shown_is_never_above_100_percent():
    """14 months paid over 13 months of membership (joined 1 May 2023): shown as 100 %."""
    entitlement = jp_entitlement(JpKind.CACAT, 14, DEATH, joined=date(2023, 5, 1))
    assert "kepadatan iuran 100%" in entitlement.reason


def test_density_given_by_the_officer_replaces_the_one_computed():
    """Joined 2 Jan 2020, 30 months paid of 52 (58 %); the officer's 85 % (≥ 80 %) decides."""
    entitlement = jp_entitlement(
        JpKind.CACAT, 30, DEATH, joined=date(2020, 1, 2), paid_density=Fraction(85, 100)
    )
    assert (entitlement.monthly, entitlement.months_counted) == (True, 180)


def test_density_given_without_a_joining_date_is_enough():
    entitlement = jp_entitlement(
        JpKind.ANAK, 30, DEATH, joined=None, paid_density=Fraction(80, 100)
    )
    assert (entitlement.monthly, entitlement.months_counted) == (True, 180)


def test_survivors_pension_without_joining_date_or_density_asks_for_one():
    with pytest.raises(ValidationError) as caught:
        jp_entitlement(JpKind.JANDA_DUDA, 30, DEATH, joined=None)
    error = caught.value.errors[0]
    assert (error.field, str(error.message)) == (
        "joined",
        "Tanggal mulai kepesertaan JP atau kepadatan iuran diperlukan",
    )


# --- the first monthly amount ----------------------------------------------------------------------


def test_widows_pension_letter_shows_average_formula_share_and_monthly_amount():
    """Average 9.165.812; 1 % × 15 years × average = 1.374.872; widow 50 % [unverified share]
    = 687.436 (above the floor Rp393.500, 2024 [S8])."""
    amount = jp_pension(JpKind.JANDA_DUDA, WIDOW_MONTHS, DEATH, joined=JOINED)
    assert shown(amount) == [
        ("Rata-rata upah JP disesuaikan inflasi (dibatasi batas upah JP)", 9_165_812),
        ("1% × 15 tahun 0 bulan × rata-rata upah", 1_374_872),
        ("Pensiun janda/duda: 50% dari formula", 687_436),
        ("Manfaat pensiun per bulan", 687_436),
    ]
    assert amount.notes == (
        "Masa iur 17 bulan, kepesertaan paling sedikit 1 tahun dan kepadatan iuran 100%: "
        "pensiun dihitung atas masa iur 180 bulan (Permenaker 29/2015 Pasal 26)",
        "Bagian Pensiun janda/duda: 50% dari formula (Lampiran PP 45/2015) [unverified]",
        INDEXATION_NOTE,
    )


def test_pension_on_deemed_months_cites_permenaker_29_2015():
    amount = jp_pension(JpKind.JANDA_DUDA, WIDOW_MONTHS, DEATH, joined=JOINED)
    assert rules_cited(amount) == [
        "Dasar aturan: PP 45/2015 Pasal 16–17",
        "Dasar aturan: Batas manfaat JP 2024: paling sedikit Rp393.500; paling banyak belum "
        "diperbarui (belum dipastikan dari teks peraturan)",
        "Dasar aturan: Permenaker 29/2015 Pasal 26",
    ]


def test_disability_pension_is_the_whole_formula_with_no_share_line():
    """Disability 100 % of the formula [unverified]: Rp1.374.872, no share line or note."""
    amount = jp_pension(JpKind.CACAT, WIDOW_MONTHS, DEATH, joined=JOINED)
    assert [label for label, _amount in shown(amount)] == [
        "Rata-rata upah JP disesuaikan inflasi (dibatasi batas upah JP)",
        "1% × 15 tahun 0 bulan × rata-rata upah",
        "Manfaat pensiun per bulan",
    ]
    assert amount.total == 1_374_872
    assert len(amount.notes) == 2


def test_parents_pension_below_the_floor_is_raised_to_it_and_says_so():
    """Parent 20 % [unverified]: 1.374.872 × 20 % = 274.974,4 → 274.974 < Rp393.500 (2024 floor
    [S8]) → Rp393.500."""
    amount = jp_pension(JpKind.ORANG_TUA, WIDOW_MONTHS, DEATH, joined=JOINED)
    assert shown(amount)[2:] == [
        ("Pensiun orang tua: 20% dari formula", 274_974),
        ("Manfaat pensiun per bulan", 393_500),
    ]
    assert FLOOR_NOTE in amount.notes


def test_pension_refused_as_monthly_says_why_on_the_claim_type():
    """Old age with 17 months: no monthly pension; the refusal reads the entitlement's reason."""
    with pytest.raises(ValidationError) as caught:
        jp_pension(JpKind.HARI_TUA, WIDOW_MONTHS, DEATH, joined=JOINED)
    error = caught.value.errors[0]
    assert error.field == "claim_type"
    assert str(error.message).startswith("Masa iur 17 bulan kurang dari 180 bulan")


def test_wages_above_the_jp_cap_count_at_the_cap_of_their_month():
    """Rp12.000.000 a month in 2024, capped (PP 45/2015 Pasal 29, domain.md §4.3) at 9.559.600 in
    Jan–Feb and 10.042.300 from March: 2 × 9.559.600 + 10 × 10.042.300 = 119.542.200; brought
    to 2025 × (1 + 1,57 %, BPS 2024 [unverified]) = 121.419.012,54; ÷ 12 = 10.118.251,05 →
    10.118.251. Disability on 180 months: 10.118.251 × 180 / 1200 = 1.517.737,65 →
    Rp1.517.738. Joined 1 Jan 2024, 12 of 12 months paid, event 15 Jan 2025."""
    months = history(Period(2024, 1), 12, 12_000_000)
    amount = jp_pension(JpKind.CACAT, months, date(2025, 1, 15), joined=date(2024, 1, 1))
    assert amount.lines[0].amount == 10_118_251
    assert amount.total == 1_517_738


def test_wages_of_the_year_before_2025_use_the_recorded_2024_inflation_without_a_note():
    """12 months of 2024 at Rp9.000.000 × (1 + 1,57 %, BPS 2024 [unverified]) = 9.141.300;
    disability on 180 months: 9.141.300 × 180 / 1200 = Rp1.371.195. 2024 is in the table."""
    months = history(Period(2024, 1), 12, 9_000_000)
    amount = jp_pension(JpKind.CACAT, months, date(2025, 1, 15), joined=date(2024, 1, 1))
    assert amount.lines[0].amount == 9_141_300
    assert amount.total == 1_371_195
    assert not any(note.startswith("Inflasi sesudah") for note in amount.notes)


def test_wages_of_a_year_after_the_table_take_the_last_figure_and_say_so():
    """The same a year later: 2025's inflation is not recorded, 2024's 1,57 % is used
    [unverified]: 9.000.000 × 1,0157 = 9.141.300 → Rp1.371.195, with the note."""
    months = history(Period(2025, 1), 12, 9_000_000)
    amount = jp_pension(JpKind.CACAT, months, date(2026, 1, 15), joined=date(2025, 1, 1))
    assert amount.total == 1_371_195
    assert "Inflasi sesudah 2024 belum tercatat: dipakai 1,57% per tahun [unverified]" in (
        amount.notes
    )


def test_wages_of_the_event_year_itself_are_not_adjusted_and_need_no_note():
    """One month, January 2026, Rp9.000.000, disability with 100 % density given: the event
    year's own wage is not adjusted → average 9.000.000; 9.000.000 × 180 / 1200 = Rp1.350.000."""
    months = history(Period(2026, 1), 1, 9_000_000)
    amount = jp_pension(
        JpKind.CACAT, months, date(2026, 6, 10), joined=None, paid_density=Fraction(1)
    )
    assert shown(amount) == [
        ("Rata-rata upah JP disesuaikan inflasi (dibatasi batas upah JP)", 9_000_000),
        ("1% × 15 tahun 0 bulan × rata-rata upah", 1_350_000),
        ("Manfaat pensiun per bulan", 1_350_000),
    ]
    assert not any(note.startswith("Inflasi sesudah") for note in amount.notes)


def test_old_age_pension_on_its_own_months_shows_years_and_months_and_cites_no_permenaker():
    """185 months (Jul 2015 – Nov 2030) at Rp1.000.000: old age on its own 185 months =
    "15 tahun 5 bulan". Even with every year's inflation at the highest figure (5,51 %) the
    average is at most 1.000.000 × 1,0551¹⁵ ≈ 2.240.000, so the formula is at most
    2.240.000 × 185 / 1200 ≈ 345.300 < the floor Rp393.500 (2024 [S8]): Rp393.500 is paid."""
    months = history(Period(2015, 7), 185, 1_000_000)
    amount = jp_pension(JpKind.HARI_TUA, months, date(2030, 12, 1), joined=None)
    assert amount.lines[1].label == "1% × 15 tahun 5 bulan × rata-rata upah"
    assert amount.total == 393_500
    assert (
        amount.notes[0] == "Masa iur 185 bulan: paling sedikit 180 bulan, dibayar pensiun bulanan"
    )
    assert FLOOR_NOTE in amount.notes
    assert len(rules_cited(amount)) == 2


def test_no_jp_month_gives_an_average_of_nothing():
    """Months before July 2015 are not JP months: the average is Rp0, with no note."""
    assert adjusted_average_wage(history(Period(2015, 1), 6, 4_000_000), DEATH) == (0, ())


# --- later years: indexation (Pasal 17(1)b, factor [unverified]) ---------------------------------------


def test_second_year_is_indexed_by_the_inflation_of_the_year_before_it():
    """Paid from July 2023: July 2024 starts the second year, × (1 + 2,61 %, BPS 2023
    [unverified]) = 1.000.000 × 1,0261 = Rp1.026.100."""
    schedule = jp_schedule(Period(2023, 7), 1_000_000, 13)
    assert schedule[11] == (Period(2024, 6), 1_000_000)
    assert schedule[12] == (Period(2024, 7), 1_026_100)


def test_third_year_compounds_on_the_second():
    """From July 2024: 2025 × 1,0157 (2024) = 1.015.700; July 2026 × 1,0157 (2025 not recorded,
    the last figure [unverified]) = 1.031.646,49 → Rp1.031.646."""
    schedule = jp_schedule(Period(2024, 7), 1_000_000, 25)
    assert [amount for _period, amount in schedule[22:]] == [1_015_700, 1_015_700, 1_031_646]


def test_indexed_amount_is_rounded_half_up():
    """1.005.000 × 1,0157 = 1.020.778,5 → Rp1.020.779."""
    assert jp_schedule(Period(2024, 7), 1_005_000, 13)[12] == (Period(2025, 7), 1_020_779)


def test_no_payment_months_is_an_empty_schedule():
    assert jp_schedule(Period(2024, 7), 1_000_000, 0) == ()


@pytest.mark.parametrize(("amount", "count"), [(1_000_000, -1), (-1, 12)])
def test_negative_schedule_is_refused(amount, count):
    with pytest.raises(ValidationError) as caught:
        jp_schedule(Period(2024, 7), amount, count)
    error = caught.value.errors[0]
    assert (error.field, str(error.message)) == ("count", "Jumlah bulan tidak boleh negatif")
