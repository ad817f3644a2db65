"""The amount by rule of each claim type through :func:`benefit_for` (the one entry point the
claims service calls) and the documents :func:`checklist_for` asks for (domain.md §5.1, §5.2).
Every amount is worked out by hand in the test's comment from the article it cites."""

from __future__ import annotations

from datetime import date

import pytest

from bpjs_desktop.domain import claim_details as cd
from bpjs_desktop.domain.benefits import JhtWithdrawal
from bpjs_desktop.domain.claim_rules import ClaimRequest, MemberFacts, benefit_for, checklist_for
from bpjs_desktop.domain.claims import ClaimType
from bpjs_desktop.domain.periods import Period
from bpjs_desktop.domain.programmes import Programme, Segment
from bpjs_desktop.domain.scholarships import SchoolLevel
from bpjs_desktop.errors import ValidationError
from tests.unit.claim_facts import months

T = ClaimType
KPJ = "18000000001"


def member(history=(), **overrides) -> MemberFacts:
    values = {
        "kpj": KPJ,
        "segment": Segment.PU,
        "programmes": frozenset(Programme),
        "birth_date": date(1990, 5, 15),
        "start_date": date(2015, 7, 1),
        "end_date": date(2025, 6, 30),
        "end_reason": "PHK",
        "wage": 4_000_000,
        "months": {p: history for p in Programme},
    }
    values.update(overrides)
    return MemberFacts(**values)


# --- JHT ----------------------------------------------------------------------------------------

JHT_2017 = months(Period(2017, 1), Period(2017, 12))


@pytest.mark.parametrize(
    ("kind", "total"),
    [
        # 12 × 5,7 % × Rp4.000.000 = 12 × 228.000 = 2.736.000; yield 2017 7,83 % [unverified]:
        # 228.000 × 66 month-shares / 12 × 7,83 % = 98.188; 2018 7,51 % [unverified]:
        # 2.834.188 × 3 / 12 × 7,51 % = 53.212 → 2.887.400 on 10/04/2018.
        (T.JHT_PENUH, 2_887_400),
        (T.JHT_10, 288_740),  # 10 % of 2.887.400 (PP 46/2015 Pasal 22 [S32])
        (T.JHT_30, 866_220),  # 30 % of 2.887.400
    ],
)
def test_jht_claim_pays_the_balance_or_its_share_on_the_day_given(kind, total):
    request = ClaimRequest(kind, date(2018, 3, 1), date(2018, 3, 1), cd.JhtDetail())
    assert benefit_for(request, member(JHT_2017), date(2018, 4, 10)).total == total


def test_jht_after_a_full_withdrawal_counts_nothing_it_paid():
    """Issue #10: a full claim paid every credit up to 12/2017, so 2017's months pay nothing."""
    paid = JhtWithdrawal(Period(2018, 1), 2_800_000, full=True, covers_until=Period(2017, 12))
    request = ClaimRequest(T.JHT_PENUH, date(2018, 3, 1), date(2018, 3, 1), cd.JhtDetail())
    facts = member(JHT_2017, jht_withdrawals=(paid,))
    assert benefit_for(request, facts, date(2018, 4, 10)).total == 0


def test_jkm_without_any_recorded_month_still_pays_the_fixed_amount():
    """PP 82/2019: Rp20 juta + 24 × Rp500.000 + Rp10 juta = Rp42 juta, whatever the months."""
    heirs = (cd.Heir("SITI", cd.HeirRelation.PASANGAN),)
    request = ClaimRequest(T.JKM, date(2024, 6, 1), date(2024, 6, 5), cd.JkmDetail(heirs))
    assert benefit_for(request, member(months={}), date(2024, 6, 5)).total == 42_000_000


def jkm_death_2018(heirs: tuple[cd.Heir, ...]) -> int:
    """A JKM death on 01/06/2018 (PP 44/2015) after 60 months of contributions."""
    request = ClaimRequest(T.JKM, date(2018, 6, 1), date(2018, 6, 5), cd.JkmDetail(heirs))
    history = months(Period(2013, 6), Period(2018, 5))
    return benefit_for(request, member(history), date(2018, 6, 5)).total


def test_jkm_child_at_school_before_levels_existed_adds_the_one_sum():
    """PP 44/2015 Pasal 34 [S34]: Rp12 juta once for a child at school after five years; no
    level was asked then, so a child ticked without one still adds Rp12.000.000."""
    spouse = cd.Heir("SITI", cd.HeirRelation.PASANGAN)
    child = cd.Heir("ANDI", cd.HeirRelation.ANAK, in_school=True)
    assert jkm_death_2018((spouse, child)) - jkm_death_2018((spouse,)) == 12_000_000


# --- JKK ----------------------------------------------------------------------------------------


def test_jkk_adds_stmb_receipts_and_transport():
    """PP 82/2019: STMB 16/01–14/02/2020, 30 days at 100 % of Rp3.000.000 / 30 = 3.000.000;
    medical receipts 1.250.000 and land transport 100.000 reimbursed as paid: 4.350.000."""
    detail = cd.JkkDetail(
        outcome=cd.JkkOutcome.SEMBUH,
        stmb=(cd.DisabilityPeriod(date(2020, 1, 16), date(2020, 2, 14)),),
        medical_costs=1_250_000,
        transport=cd.TransportMode.DARAT,
        transport_costs=100_000,
    )
    request = ClaimRequest(T.JKK, date(2020, 1, 15), date(2020, 3, 1), detail)
    assert benefit_for(request, member(wage=3_000_000), date(2020, 3, 1)).total == 4_350_000


def test_jkk_total_disability_pays_a_child_and_the_return_to_work():
    """PP 82/2019: 56 × Rp4.000.000 = 224.000.000 [unverified] + periodic 24 × 500.000 =
    12.000.000 + PT child 12.000.000 + return to work 7.500.000 as billed = Rp255.500.000."""
    detail = cd.JkkDetail(
        outcome=cd.JkkOutcome.CACAT_TOTAL,
        school_levels=(SchoolLevel.PT,),
        return_to_work_costs=7_500_000,
    )
    request = ClaimRequest(T.JKK, date(2024, 3, 1), date(2024, 4, 1), detail)
    assert benefit_for(request, member(), date(2024, 4, 1)).total == 255_500_000


def jkk_death_2018(paid_months: int) -> int:
    """A JKK death on 01/06/2018 (PP 44/2015) with one child at school, after *paid_months*."""
    history = months(Period(2018, 5).shift(1 - paid_months), Period(2018, 5))
    detail = cd.JkkDetail(outcome=cd.JkkOutcome.MENINGGAL, school_levels=(SchoolLevel.SD,))
    request = ClaimRequest(T.JKK, date(2018, 6, 1), date(2018, 7, 1), detail)
    return benefit_for(request, member(history), date(2018, 7, 1)).total


def test_jkk_scholarship_before_pp_82_2019_needs_five_years():
    """PP 44/2015 Lampiran III: one child's Rp12 juta once, after 60 months ([unverified] that
    JKK needs the same 60 months as JKM): 60 months pay Rp12.000.000 more than 59."""
    assert jkk_death_2018(60) - jkk_death_2018(59) == 12_000_000


def test_jkk_partial_disability_is_its_share_of_80_wages():
    """PP 82/2019 [unverified]: 10 % × 80 × Rp4.000.000 = 32.000.000."""
    detail = cd.JkkDetail(outcome=cd.JkkOutcome.CACAT_SEBAGIAN, disability_percent=10)
    request = ClaimRequest(T.JKK, date(2024, 3, 1), date(2024, 4, 1), detail)
    assert benefit_for(request, member(), date(2024, 4, 1)).total == 32_000_000


def test_only_a_migrant_workers_jkk_says_the_pmi_table_is_unverified():
    request = ClaimRequest(T.JKK, date(2024, 3, 1), date(2024, 4, 1), cd.JkkDetail())
    notes = benefit_for(request, member(), date(2024, 4, 1)).notes
    assert not [note for note in notes if "PMI" in note]
    pmi = benefit_for(request, member(segment=Segment.PMI), date(2024, 4, 1)).notes
    assert pmi[-1] == (
        "Peserta PMI: manfaat dihitung dengan tabel dalam negeri; tabel manfaat PMI "
        "Permenaker 4/2023 belum diverifikasi [unverified]"
    )


@pytest.mark.parametrize("wage", [None, 0, -1])
@pytest.mark.parametrize("kind", [T.JKK, T.JKP])
def test_wage_based_benefit_without_a_wage_is_refused_on_the_wage(kind, wage):
    request = ClaimRequest(kind, date(2024, 3, 1), date(2024, 4, 1))
    with pytest.raises(ValidationError) as caught:
        benefit_for(request, member(wage=wage), date(2024, 4, 1))
    assert caught.value.field == "wage"
    assert str(caught.value) == f"Upah peserta KPJ {KPJ} tidak tercatat"


# --- JP and JKP ---------------------------------------------------------------------------------


def test_jp_lump_sum_is_three_percent_of_the_capped_wage():
    """PP 45/2015 Pasal 28 (3 %); cap Rp8.094.000 from March 2018: 3 % × 8.094.000 = 242.820."""
    history = months(Period(2018, 3), Period(2018, 3), basis=10_000_000)
    request = ClaimRequest(T.JP_SEKALIGUS, date(2018, 3, 31), date(2018, 4, 1), cd.JpDetail())
    amount = benefit_for(request, member(history), date(2018, 4, 1))
    assert amount.lines[0].amount == 242_820


@pytest.mark.parametrize(
    ("wage", "total"),
    [
        (4_000_000, 14_400_000),  # PP 6/2025: 60 % × Rp4.000.000 × 6 months
        (8_000_000, 18_000_000),  # wage capped at Rp5.000.000: 60 % × 5.000.000 × 6
    ],
)
def test_jkp_cash_is_60_percent_for_six_months_under_pp_6_2025(wage, total):
    request = ClaimRequest(T.JKP, date(2025, 6, 30), date(2025, 7, 10))
    assert benefit_for(request, member(wage=wage), date(2025, 7, 10)).total == total


# --- documents ----------------------------------------------------------------------------------


def codes(kind, detail, facts=None) -> set[str]:
    request = ClaimRequest(kind, date(2024, 6, 1), date(2024, 7, 10), detail)
    return set(checklist_for(request, facts or member()))


def test_npwp_not_asked_once_the_large_balance_was_paid_out():
    """domain.md §5.2: NPWP above Rp50 juta; 2010–02/2018 at Rp20 juta is far above (5,7 % ×
    20.000.000 × 98 months = 111.720.000 before yield), but a full claim paid it all."""
    rich = months(Period(2010, 1), Period(2018, 2), basis=20_000_000)
    paid = JhtWithdrawal(Period(2018, 3), 120_000_000, full=True, covers_until=Period(2018, 2))
    request = ClaimRequest(T.JHT_PENUH, date(2018, 2, 28), date(2018, 4, 10), cd.JhtDetail())
    assert "NPWP" in checklist_for(request, member(rich))
    assert "NPWP" not in checklist_for(request, member(rich, jht_withdrawals=(paid,)))


def test_housing_documents_only_for_the_30_percent_share():
    """PP 46/2015 Pasal 22: 30 % is for housing, so its papers; 10 % and full need none."""
    assert "DOKUMEN_RUMAH" in codes(T.JHT_30, cd.JhtDetail())
    assert "DOKUMEN_RUMAH" not in codes(T.JHT_10, cd.JhtDetail())
    assert "DOKUMEN_RUMAH" not in codes(T.JHT_PENUH, cd.JhtDetail())


@pytest.mark.parametrize(
    ("ground", "paper"),
    [
        (cd.JhtGround.MENGUNDURKAN_DIRI, "PAKLARING"),
        (cd.JhtGround.KONTRAK_BERAKHIR, "PAKLARING"),
        (cd.JhtGround.BERHENTI_BPU, "PAKLARING"),
        (cd.JhtGround.PHK, "BUKTI_PHK"),
        (cd.JhtGround.MENINGGAL, "AKTA_KEMATIAN"),
        (cd.JhtGround.CACAT_TOTAL, "KET_DOKTER_CACAT"),
        (cd.JhtGround.WNA_PULANG, "PASPOR"),
    ],
)
def test_jht_ground_brings_its_evidence(ground, paper):
    assert paper in codes(T.JHT_PENUH, cd.JhtDetail(ground))


def test_jht_at_age_56_needs_no_ground_paper():
    found = codes(T.JHT_PENUH, cd.JhtDetail(cd.JhtGround.USIA_PENSIUN))
    assert not found & {"PAKLARING", "BUKTI_PHK", "AKTA_KEMATIAN", "KET_DOKTER_CACAT", "PASPOR"}


def test_jkk_receipts_only_when_costs_were_paid():
    assert "KUITANSI" not in codes(T.JKK, cd.JkkDetail())
    assert "KUITANSI" in codes(T.JKK, cd.JkkDetail(transport_costs=50_000))
    assert "KUITANSI" in codes(T.JKK, cd.JkkDetail(medical_costs=50_000))


def test_jkk_still_in_care_needs_no_stage_two_report():
    assert "FORM_KK2" not in codes(T.JKK, cd.JkkDetail())
    assert "FORM_KK2" in codes(T.JKK, cd.JkkDetail(outcome=cd.JkkOutcome.SEMBUH))


def test_jkk_school_proof_only_for_death_or_total_disability():
    levels = (SchoolLevel.SD,)
    assert "KET_SEKOLAH" in codes(
        T.JKK, cd.JkkDetail(outcome=cd.JkkOutcome.MENINGGAL, school_levels=levels)
    )
    assert "KET_SEKOLAH" not in codes(
        T.JKK,
        cd.JkkDetail(
            outcome=cd.JkkOutcome.CACAT_SEBAGIAN, disability_percent=5, school_levels=levels
        ),
    )


def test_jp_on_total_disability_needs_the_doctors_statement():
    found = codes(T.JP_BERKALA, cd.JpDetail(cd.JpGround.CACAT_TOTAL, cd.JpKind.CACAT))
    assert "KET_DOKTER_CACAT" in found
    assert "AKTA_KEMATIAN" not in found
