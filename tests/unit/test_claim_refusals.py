"""What the officer reads when a claim cannot be logged: the field each refusal points at and its
whole sentence, dates included (domain.md §1, §5.1; PP 60/2015, PP 46/2015, PP 37/2021,
PP 6/2025). Each test is one rule; dates in the expected sentences are worked out by hand."""

from __future__ import annotations

from datetime import date

import pytest

from bpjs_desktop.domain import claim_details as cd
from bpjs_desktop.domain.benefits import JhtWithdrawal
from bpjs_desktop.domain.claim_rules import (
    ClaimRequest,
    MemberFacts,
    PriorClaim,
    check_eligibility,
)
from bpjs_desktop.domain.claims import ClaimState, ClaimType
from bpjs_desktop.domain.periods import Period
from bpjs_desktop.domain.programmes import Segment
from bpjs_desktop.domain.scholarships import SchoolLevel
from bpjs_desktop.errors import FieldError, ValidationError
from tests.unit.claim_facts import ALL, member, months

T = ClaimType
KPJ = "18000000001"


def prior(kind: ClaimType, state=ClaimState.DIAJUKAN, event=date(2018, 2, 28), kpj=KPJ):
    return PriorClaim("K-1", kpj, kind, state, event)


def refusals(request: ClaimRequest, facts: MemberFacts) -> list[FieldError]:
    return list(check_eligibility(request, facts).refusals)


# --- any claim ----------------------------------------------------------------------------------


def test_programme_not_held_is_named_with_the_kpj():
    request = ClaimRequest(T.JKP, date(2018, 2, 28), date(2018, 3, 5))
    assert refusals(request, member()) == [
        FieldError("claim_type", f"Peserta KPJ {KPJ} tidak terdaftar pada program JKP")
    ]


def test_event_before_the_membership_is_refused_with_its_start():
    request = ClaimRequest(T.JKM, date(2018, 1, 1), date(2018, 3, 5), cd.JkmDetail())
    assert refusals(request, member()) == [
        FieldError("event_date", "Tanggal meninggal sebelum kepesertaan dimulai (02/01/2018)")
    ]


def test_event_on_the_first_day_of_membership_is_within_it():
    heirs = (cd.Heir("Siti", cd.HeirRelation.PASANGAN),)
    request = ClaimRequest(T.JKM, date(2018, 1, 2), date(2018, 3, 5), cd.JkmDetail(heirs))
    assert check_eligibility(request, member()).ok


# --- JHT ----------------------------------------------------------------------------------------


def test_jht_wait_refusal_names_the_end_and_the_first_day_it_may_be_filed():
    """PP 60/2015 jo. Permenaker 4/2022 [S31]: one month after the end, 28/02 → 28/03/2018."""
    request = ClaimRequest(T.JHT_PENUH, date(2018, 2, 28), date(2018, 3, 27), cd.JhtDetail())
    assert refusals(request, member()) == [
        FieldError(
            "ground",
            "Masa tunggu 1 bulan sejak kepesertaan berakhir (28/02/2018) belum lewat: klaim JHT "
            "dapat diajukan mulai 28/03/2018",
        )
    ]


def test_jht_wait_before_the_tables_first_rule_is_still_one_month():
    """A membership ended 30/06/2014, before the wait table starts (01/09/2015): still one
    month, so 30/07/2014 may be filed and 29/07/2014 may not."""
    facts = member(start_date=date(2014, 1, 2), end_date=date(2014, 6, 30))
    early = ClaimRequest(T.JHT_PENUH, date(2014, 6, 30), date(2014, 7, 29), cd.JhtDetail())
    on_time = ClaimRequest(T.JHT_PENUH, date(2014, 6, 30), date(2014, 7, 30), cd.JhtDetail())
    assert [e.field for e in refusals(early, facts)] == ["ground"]
    assert "mulai 30/07/2014" in refusals(early, facts)[0].message
    assert check_eligibility(on_time, facts).ok


def test_jht_while_still_a_member_names_the_kpj_and_the_ground():
    request = ClaimRequest(T.JHT_PENUH, date(2018, 2, 28), date(2018, 4, 1), cd.JhtDetail())
    assert refusals(request, member(end_date=None, end_reason=None)) == [
        FieldError(
            "ground",
            f"Kepesertaan KPJ {KPJ} masih aktif: JHT karena Mengundurkan diri baru dapat diajukan "
            "setelah kepesertaan berakhir",
        )
    ]


def test_jht_on_the_bpu_ground_is_only_for_bpu_members():
    request = ClaimRequest(
        T.JHT_PENUH, date(2018, 2, 28), date(2018, 4, 1), cd.JhtDetail(cd.JhtGround.BERHENTI_BPU)
    )
    assert refusals(request, member()) == [
        FieldError("ground", "Dasar ini hanya untuk peserta Bukan Penerima Upah (BPU)")
    ]
    assert check_eligibility(request, member(segment=Segment.BPU)).ok


def test_jht_by_age_refusal_says_the_age_and_the_56th_birthday():
    """Born 15/05/1990: 55 on 14/05/2046, 56 on 15/05/2046 (domain.md §5.1)."""
    facts = member(end_date=None, end_reason=None)
    early = ClaimRequest(
        T.JHT_PENUH, date(2046, 5, 14), date(2046, 5, 14), cd.JhtDetail(cd.JhtGround.USIA_PENSIUN)
    )
    assert refusals(early, facts) == [
        FieldError(
            "ground",
            "Peserta berusia 55 tahun pada 14/05/2046: JHT karena usia baru dapat diajukan pada "
            "usia 56 tahun (15/05/2046)",
        )
    ]


def test_jht_while_a_full_claim_runs_names_that_claim_and_its_state():
    request = ClaimRequest(T.JHT_PENUH, date(2018, 2, 28), date(2018, 4, 1), cd.JhtDetail())
    facts = member(prior_claims=(prior(T.JHT_PENUH, ClaimState.VERIFIKASI, kpj="17000000009"),))
    assert refusals(request, facts) == [
        FieldError("claim_type", "KPJ 17000000009 sudah mempunyai klaim JHT penuh K-1 (Verifikasi)")
    ]


def test_jht_after_a_paid_full_claim_needs_newer_contributions():
    """Issue #10: the full claim paid every month up to 02/2018; nothing credited since."""
    request = ClaimRequest(T.JHT_PENUH, date(2018, 2, 28), date(2018, 4, 1), cd.JhtDetail())
    paid = JhtWithdrawal(
        Period(2018, 3), 8_000_000, full=True, covers_until=Period(2018, 2), claim_no="K-1"
    )
    facts = member(prior_claims=(prior(T.JHT_PENUH, ClaimState.DIBAYAR),), jht_withdrawals=(paid,))
    assert refusals(request, facts) == [
        FieldError(
            "claim_type",
            f"Saldo JHT peserta sudah dibayar penuh pada klaim K-1 (KPJ {KPJ}) dan belum ada "
            "iuran JHT baru sesudahnya",
        )
    ]


def test_jht_after_a_paid_full_claim_with_a_later_month_may_be_claimed():
    """The first claim paid up to 01/2018; 02/2018 was credited after it."""
    request = ClaimRequest(T.JHT_PENUH, date(2018, 2, 28), date(2018, 4, 1), cd.JhtDetail())
    paid = JhtWithdrawal(
        Period(2018, 2), 4_000_000, full=True, covers_until=Period(2018, 1), claim_no="K-1"
    )
    facts = member(prior_claims=(prior(T.JHT_PENUH, ClaimState.DIBAYAR),), jht_withdrawals=(paid,))
    assert check_eligibility(request, facts).ok


def test_partial_jht_before_ten_years_says_how_long_and_when():
    """PP 46/2015 Pasal 22 [S32]: member since 02/01/2018, asking 01/04/2020: 2 years 2 months
    (26 whole months); ten years on 02/01/2028."""
    request = ClaimRequest(T.JHT_10, date(2020, 4, 1), date(2020, 4, 1))
    assert refusals(request, member(end_date=None)) == [
        FieldError(
            "claim_type",
            "JHT sebagian hanya setelah kepesertaan paling sedikit 10 tahun: peserta sejak "
            "02/01/2018, baru 2 tahun 2 bulan (genap 10 tahun pada 02/01/2028)",
        )
    ]


def test_partial_jht_waiting_counts_whole_years():
    """Member since 02/01/2018, asking 10/01/2021: 36 whole months, 3 years 0 months."""
    request = ClaimRequest(T.JHT_10, date(2021, 1, 10), date(2021, 1, 10))
    assert "baru 3 tahun 0 bulan" in refusals(request, member(end_date=None))[0].message


def test_partial_jht_counts_from_the_first_jht_membership_of_the_person():
    """In JHT since 02/01/2010 on an earlier KPJ: ten years on 02/01/2020, so 01/04/2020 is
    allowed although this KPJ started in 2018."""
    request = ClaimRequest(T.JHT_30, date(2020, 4, 1), date(2020, 4, 1))
    assert check_eligibility(request, member(end_date=None, jht_since=date(2010, 1, 2))).ok


def test_second_partial_jht_names_the_first():
    request = ClaimRequest(T.JHT_30, date(2028, 4, 1), date(2028, 4, 1))
    facts = member(end_date=None, prior_claims=(prior(T.JHT_10, kpj="17000000009"),))
    assert refusals(request, facts) == [
        FieldError(
            "claim_type",
            "JHT sebagian hanya dapat diambil satu kali; sudah diajukan pada klaim K-1",
        )
    ]


def test_running_full_jht_claim_is_found_behind_other_claims():
    request = ClaimRequest(T.JHT_PENUH, date(2018, 2, 28), date(2018, 4, 1), cd.JhtDetail())
    facts = member(prior_claims=(prior(T.JKM), prior(T.JHT_PENUH, ClaimState.VERIFIKASI)))
    assert [e.field for e in refusals(request, facts)] == ["claim_type"]


def test_partial_jht_after_the_full_balance_was_claimed_is_refused():
    request = ClaimRequest(T.JHT_10, date(2028, 4, 1), date(2028, 4, 1))
    facts = member(end_date=None, prior_claims=(prior(T.JHT_PENUH),))
    assert [e.field for e in refusals(request, facts)] == ["claim_type"]
    assert "JHT penuh K-1" in refusals(request, facts)[0].message


# --- JKK ----------------------------------------------------------------------------------------

ACCIDENT = date(2018, 2, 10)


def jkk(submitted=date(2018, 3, 1), **detail) -> ClaimRequest:
    return ClaimRequest(T.JKK, ACCIDENT, submitted, cd.JkkDetail(**detail))


def test_accident_after_the_membership_ended_is_refused_with_its_span():
    request = ClaimRequest(T.JKK, date(2018, 3, 1), date(2018, 3, 5), cd.JkkDetail())
    assert refusals(request, member()) == [
        FieldError(
            "event_date",
            "Kecelakaan pada 01/03/2018 terjadi di luar masa kepesertaan (02/01/2018–28/02/2018)",
        )
    ]
    on_last_day = ClaimRequest(T.JKK, date(2018, 2, 28), date(2018, 3, 5), cd.JkkDetail())
    assert check_eligibility(on_last_day, member()).ok


def test_late_jkk_claim_names_the_window_and_its_last_day():
    """Two years after the accident of 10/02/2018: the last day is 10/02/2020."""
    assert check_eligibility(jkk(date(2020, 2, 10)), member()).ok
    assert refusals(jkk(date(2020, 2, 11)), member()) == [
        FieldError(
            "event_date",
            "Hak JKK gugur: klaim diajukan lebih dari 24 bulan setelah kecelakaan "
            "(batas 10/02/2020)",
        )
    ]


@pytest.mark.parametrize("costs", [{"transport_costs": -1}, {"return_to_work_costs": -1}])
def test_negative_transport_or_return_to_work_costs_are_refused(costs):
    assert refusals(jkk(**costs), member()) == [
        FieldError("transport_costs", "Biaya tidak boleh negatif")
    ]


def test_transport_costs_need_the_means_of_transport():
    assert refusals(jkk(transport_costs=150_000), member()) == [
        FieldError(
            "transport", "Pilih jenis angkutan (darat, laut, udara) untuk biaya transportasi"
        )
    ]
    assert check_eligibility(
        jkk(transport_costs=150_000, transport=cd.TransportMode.DARAT), member()
    ).ok


def test_negative_medical_costs_are_refused():
    assert refusals(jkk(medical_costs=-1), member()) == [
        FieldError("medical_costs", "Biaya pengobatan tidak boleh negatif")
    ]
    assert check_eligibility(jkk(medical_costs=0), member()).ok


@pytest.mark.parametrize(("percent", "ok"), [(0, False), (1, True), (100, True), (101, False)])
def test_partial_disability_share_is_1_to_100_percent(percent, ok):
    request = jkk(outcome=cd.JkkOutcome.CACAT_SEBAGIAN, disability_percent=percent)
    expected = (
        [] if ok else [FieldError("disability_percent", "Persentase cacat sebagian harus 1–100%")]
    )
    assert refusals(request, member()) == expected


def test_disability_share_is_only_checked_for_partial_disability():
    assert check_eligibility(jkk(outcome=cd.JkkOutcome.SEMBUH, disability_percent=0), member()).ok


def test_stage_one_report_before_the_accident_is_refused():
    assert check_eligibility(jkk(stage1_reported_on=ACCIDENT), member()).ok  # the same day
    assert refusals(jkk(stage1_reported_on=date(2018, 2, 9)), member()) == [
        FieldError("stage1_reported_on", "Laporan tahap I tidak boleh sebelum tanggal kecelakaan")
    ]


@pytest.mark.parametrize(
    ("reported", "late"), [(date(2018, 2, 12), False), (date(2018, 2, 13), True)]
)
def test_stage_one_report_after_two_days_is_noted_not_refused(reported, late):
    """The 2×24-hour report: 12/02 is within two days of 10/02, 13/02 is not."""
    result = check_eligibility(jkk(stage1_reported_on=reported), member())
    assert result.ok
    expected = (
        ("Laporan tahap I disampaikan 13/02/2018, lewat 2×24 jam sesudah kecelakaan",)
        if late
        else ()
    )
    assert result.notes == expected


def test_same_accident_claimed_twice_is_refused_with_the_first_claim():
    facts = member(prior_claims=(prior(T.JKK, event=ACCIDENT),))
    assert refusals(jkk(), facts) == [
        FieldError("event_date", "Kecelakaan tanggal 10/02/2018 sudah diklaim (K-1)")
    ]


@pytest.mark.parametrize(
    "other",
    [
        prior(T.JKK, event=date(2018, 2, 11)),  # another accident
        prior(T.JKK, event=ACCIDENT, kpj="17000000009"),  # another KPJ's accident
        prior(T.JKK, ClaimState.DITOLAK, event=ACCIDENT),  # rejected: may be filed again
        prior(T.JKM, event=ACCIDENT),  # another programme
    ],
)
def test_other_claims_do_not_block_a_jkk_claim(other):
    assert check_eligibility(jkk(), member(prior_claims=(other,))).ok


def test_a_matching_claim_is_found_behind_others():
    """Earlier claims of other accidents, KPJs or programmes do not hide the one that matches."""
    others = (
        prior(T.JKM, event=ACCIDENT),
        prior(T.JKK, ClaimState.DITOLAK, event=ACCIDENT),
        prior(T.JKK, event=ACCIDENT, kpj="17000000009"),
        prior(T.JKK, event=date(2018, 2, 11)),
    )
    match = PriorClaim("K-2", KPJ, T.JKK, ClaimState.DIAJUKAN, ACCIDENT)
    assert refusals(jkk(), member(prior_claims=(*others, match))) == [
        FieldError("event_date", "Kecelakaan tanggal 10/02/2018 sudah diklaim (K-2)")
    ]


def stmb(*spans: tuple[date, date]) -> tuple[cd.DisabilityPeriod, ...]:
    return tuple(cd.DisabilityPeriod(a, b) for a, b in spans)


def test_stmb_ending_before_it_starts_is_refused():
    request = jkk(stmb=stmb((date(2018, 2, 20), date(2018, 2, 19))))
    assert refusals(request, member()) == [
        FieldError(
            "stmb", "Periode STMB 20/02/2018–19/02/2018: tanggal akhir sebelum tanggal mulai"
        )
    ]


def test_stmb_before_the_accident_is_refused():
    request = jkk(stmb=stmb((date(2018, 2, 9), date(2018, 2, 20))))
    assert refusals(request, member()) == [
        FieldError("stmb", "Periode STMB mulai 09/02/2018, sebelum tanggal kecelakaan 10/02/2018")
    ]


def test_stmb_after_the_claim_is_refused():
    request = jkk(date(2018, 3, 1), stmb=stmb((date(2018, 2, 10), date(2018, 3, 2))))
    assert refusals(request, member()) == [
        FieldError("stmb", "Periode STMB sampai 02/03/2018, sesudah tanggal pengajuan")
    ]


def test_stmb_from_the_accident_to_the_claim_is_accepted():
    """A single day (start = end), from the accident day, up to the day of the claim."""
    request = jkk(
        date(2018, 3, 1),
        stmb=stmb((date(2018, 2, 10), date(2018, 2, 10)), (date(2018, 2, 11), date(2018, 3, 1))),
    )
    assert check_eligibility(request, member()).ok


def test_overlapping_stmb_periods_are_named_in_date_order():
    """Typed in any order, compared in date order; sharing one day is an overlap."""
    request = jkk(
        stmb=stmb((date(2018, 2, 20), date(2018, 2, 25)), (date(2018, 2, 10), date(2018, 2, 20)))
    )
    assert refusals(request, member()) == [
        FieldError(
            "stmb",
            "Periode STMB 10/02/2018–20/02/2018 dan 20/02/2018–25/02/2018 tumpang tindih",
        )
    ]


# --- JKM ----------------------------------------------------------------------------------------


SPOUSE = (cd.Heir("Siti", cd.HeirRelation.PASANGAN),)


def jkm(death=date(2018, 2, 20), heirs=SPOUSE):
    return ClaimRequest(T.JKM, death, date(2018, 3, 5), cd.JkmDetail(heirs))


def test_death_after_the_membership_is_refused_with_the_day():
    assert refusals(jkm(date(2018, 3, 1)), member()) == [
        FieldError("event_date", "Peserta tidak aktif pada tanggal meninggal (01/03/2018)")
    ]
    assert check_eligibility(jkm(date(2018, 2, 28)), member()).ok


def test_jkm_needs_a_named_heir():
    assert refusals(jkm(heirs=()), member()) == [
        FieldError("heirs", "Sebutkan paling sedikit satu ahli waris")
    ]
    nameless = (cd.Heir("Siti", cd.HeirRelation.PASANGAN), cd.Heir("  ", cd.HeirRelation.ANAK))
    assert refusals(jkm(heirs=nameless), member()) == [
        FieldError("heirs", "Setiap ahli waris harus bernama")
    ]


def death_in_june_2024(heirs: tuple[cd.Heir, ...], paid_since: Period) -> list[FieldError]:
    """The refusals of a JKM claim for a death on 01/06/2024, paid from *paid_since* to 04/2024."""
    request = ClaimRequest(T.JKM, date(2024, 6, 1), date(2024, 6, 5), cd.JkmDetail(heirs))
    return refusals(request, member(end_date=None, history=months(paid_since, Period(2024, 4))))


def test_scholarship_refusal_says_the_months_needed_and_had():
    """PP 82/2019 [S33]: scholarships need 36 months of contributions; 2 months recorded."""
    heirs = (cd.Heir("ANDI", cd.HeirRelation.ANAK, in_school=True, school_level=SchoolLevel.SD),)
    assert death_in_june_2024(heirs, Period(2024, 3)) == [
        FieldError(
            "heirs",
            "Beasiswa hanya bagi peserta dengan masa iur paling sedikit 36 bulan; masa iur 2 "
            "bulan. Hapus tanda sekolah pada anak untuk mengajukan JKM tanpa beasiswa",
        )
    ]


def test_scholarship_asks_the_school_level_of_each_child_without_one():
    """PP 82/2019: paid per year by level, so the level is needed; 36 months contributed."""
    heirs = (
        cd.Heir("ANDI", cd.HeirRelation.ANAK, in_school=True),
        cd.Heir("BUDI", cd.HeirRelation.ANAK, in_school=True),
    )
    assert death_in_june_2024(heirs, Period(2021, 5)) == [
        FieldError(
            "heirs",
            "Isi jenjang sekolah (TK, SD, SMP, SMA, PT) untuk ANDI, BUDI: beasiswa dibayar per "
            "tahun menurut jenjang (PP 82/2019)",
        )
    ]


def test_second_jkm_claim_names_the_first_and_its_state():
    facts = member(prior_claims=(prior(T.JKM, ClaimState.DIBAYAR, kpj="17000000009"),))
    assert refusals(jkm(), facts) == [FieldError("claim_type", "Sudah ada klaim JKM K-1 (Dibayar)")]


# --- JP -----------------------------------------------------------------------------------------

JP_HISTORY = months(Period(2016, 1), Period(2016, 12))  # 12 months


def jp(kind=T.JP_SEKALIGUS, event=date(2046, 5, 15), pension=cd.JpKind.HARI_TUA,
       ground=cd.JpGround.USIA_PENSIUN) -> ClaimRequest:  # fmt: skip
    return ClaimRequest(kind, event, event, cd.JpDetail(ground, pension))


def jp_member(**overrides) -> MemberFacts:
    values = {"start_date": date(2016, 1, 1), "end_date": None, "end_reason": None,
              "birth_date": date(1960, 5, 15), "history": JP_HISTORY}  # fmt: skip
    values.update(overrides)
    return member(**values)


def test_jp_pension_kind_must_match_its_ground():
    request = jp(event=date(2020, 5, 15), pension=cd.JpKind.HARI_TUA, ground=cd.JpGround.MENINGGAL)
    assert refusals(request, jp_member()) == [
        FieldError("ground", "Pensiun hari tua tidak sesuai dengan dasar klaim Meninggal dunia")
    ]


def test_jp_without_contributions_is_refused():
    request = jp(event=date(2020, 5, 15))
    assert refusals(request, jp_member(history=())) == [
        FieldError("claim_type", "Belum ada iuran JP yang tercatat")
    ]


def test_monthly_old_age_pension_under_15_years_says_the_months():
    """PP 45/2015 Pasal 15–17: monthly only from 180 months; 12 months: a lump sum."""
    request = jp(T.JP_BERKALA, event=date(2020, 5, 15))
    assert refusals(request, jp_member()) == [
        FieldError(
            "claim_type",
            "JP berkala hanya bagi masa iur paling sedikit 180 bulan (15 tahun); masa iur 12 "
            "bulan: ajukan JP sekaligus",
        )
    ]


def test_widows_monthly_pension_refused_below_the_density_says_why():
    """Permenaker 29/2015 Pasal 26: a survivor's monthly pension under 15 years needs 80 %
    density; 12 months paid from 01/2016 to a death in 05/2020 is far below."""
    request = jp(T.JP_BERKALA, event=date(2020, 5, 15), pension=cd.JpKind.JANDA_DUDA,
                 ground=cd.JpGround.MENINGGAL)  # fmt: skip
    [error] = refusals(request, jp_member())
    assert error.field == "claim_type"
    assert error.message.startswith("JP berkala tidak dapat dibayar. Kepadatan iuran ")
    assert error.message.endswith("kurang dari 80%: iuran dan hasil pengembangannya dibayar "
                                  "sekaligus; ajukan JP sekaligus")  # fmt: skip


def test_lump_sum_refused_when_a_monthly_widows_pension_is_due():
    """Permenaker 29/2015 Pasal 26: joined ≥ 1 year before and paid every month (17 of 17):
    the widow gets a monthly pension, so a lump sum is refused."""
    facts = jp_member(history=months(Period(2016, 1), Period(2017, 5)))
    request = jp(T.JP_SEKALIGUS, event=date(2017, 5, 31), pension=cd.JpKind.JANDA_DUDA,
                 ground=cd.JpGround.MENINGGAL)  # fmt: skip
    [error] = refusals(request, facts)
    assert error.field == "claim_type"
    assert error.message.startswith("Peserta berhak atas JP berkala, bukan sekaligus. ")
    assert "None" not in error.message


def test_jp_pension_age_refusal_says_the_age_of_that_year():
    """PP 45/2015 Pasal 15 [unverified schedule]: 58 from 2022 (57 in 2019, +1 every three
    years). Born 15/05/1964, on 15/05/2022 the member is 58: allowed; born 16/05/1964, 57."""
    ok = jp(event=date(2022, 5, 15))
    assert check_eligibility(ok, jp_member(birth_date=date(1964, 5, 15))).ok
    assert refusals(ok, jp_member(birth_date=date(1964, 5, 16))) == [
        FieldError(
            "ground", "Usia pensiun pada 15/05/2022 adalah 58 tahun; peserta berusia 57 tahun"
        )
    ]


def test_second_jp_claim_names_the_first():
    facts = jp_member(prior_claims=(prior(T.JP_BERKALA, kpj="17000000009"),))
    assert refusals(jp(event=date(2020, 5, 15)), facts) == [
        FieldError("claim_type", "Sudah ada klaim JP K-1 (Diajukan)")
    ]


# --- JKP ----------------------------------------------------------------------------------------


def jkp_member(**overrides) -> MemberFacts:
    values = {"programmes": ALL, "start_date": date(2021, 1, 4), "end_date": date(2025, 6, 30),
              "end_reason": "PHK", "history": months(Period(2024, 1), Period(2025, 6))}  # fmt: skip
    values.update(overrides)
    return member(**values)


def jkp(dismissal=date(2025, 6, 30), submitted=date(2025, 7, 10)) -> ClaimRequest:
    return ClaimRequest(T.JKP, dismissal, submitted)


def test_jkp_for_a_dismissal_before_the_programme_names_its_start():
    facts = jkp_member(start_date=date(2020, 1, 2), end_date=date(2021, 2, 1))
    assert refusals(jkp(date(2021, 2, 1), date(2021, 2, 5)), facts) == [
        FieldError(
            "event_date", "JKP berlaku sejak 02/02/2021; PHK tanggal 01/02/2021 tidak dijamin"
        )
    ]


def test_jkp_while_still_a_member_asks_for_the_dismissal_first():
    assert refusals(jkp(), jkp_member(end_date=None, end_reason=None)) == [
        FieldError("claim_type", f"Kepesertaan KPJ {KPJ} belum berakhir: catat PHK lebih dulu")
    ]


def test_jkp_after_a_resignation_is_refused():
    assert refusals(jkp(), jkp_member(end_reason="MENGUNDURKAN_DIRI")) == [
        FieldError(
            "claim_type",
            "JKP hanya bagi pekerja yang di-PHK, bukan yang mengundurkan diri atau selesai kontrak",
        )
    ]


def test_jkp_under_12_months_in_24_says_the_count():
    """PP 37/2021 [S11]: 11 months 08/2024–06/2025 in the 24 months up to the dismissal."""
    facts = jkp_member(history=months(Period(2024, 8), Period(2025, 6)))
    assert refusals(jkp(), facts) == [
        FieldError(
            "event_date",
            "Iuran JKP 11 bulan dalam 24 bulan sampai PHK; syaratnya paling sedikit 12 bulan",
        )
    ]
    assert check_eligibility(jkp(), jkp_member(history=months(Period(2024, 7), Period(2025, 6)))).ok


def test_jkp_month_just_before_the_24_months_does_not_count():
    """PP 37/2021 [S11]: the 24 months up to a PHK in 06/2025 are 07/2023–06/2025; 06/2023 is
    outside, so 06/2023 + 08/2024–06/2025 is still 11 months."""
    history = months(Period(2023, 6), Period(2023, 6)) + months(Period(2024, 8), Period(2025, 6))
    assert refusals(jkp(), jkp_member(history=history)) == [
        FieldError(
            "event_date",
            "Iuran JKP 11 bulan dalam 24 bulan sampai PHK; syaratnya paling sedikit 12 bulan",
        )
    ]
    at_the_edge = months(Period(2023, 7), Period(2023, 7)) + months(
        Period(2024, 8), Period(2025, 6)
    )
    assert check_eligibility(jkp(), jkp_member(history=at_the_edge)).ok


def test_jkp_needs_the_six_months_before_the_dismissal_and_names_the_gaps():
    """[S11][S13]: 01/2025 … 06/2025 each paid; here 02/2025 and 04/2025 are missing."""
    history = tuple(
        m for m in months(Period(2024, 1), Period(2025, 6))
        if m.period not in (Period(2025, 2), Period(2025, 4))
    )  # fmt: skip
    assert refusals(jkp(), jkp_member(history=history)) == [
        FieldError(
            "event_date",
            "Iuran 6 bulan berturut-turut sebelum PHK belum terpenuhi (tanpa iuran: 02/2025, "
            "04/2025)",
        )
    ]


def test_jkp_six_month_window_under_pp_6_2025():
    """PP 6/2025 [S12][S13]: claim within 6 months of the PHK: 30/06/2025 + 6 months is
    30/12/2025, the last day; 31/12/2025 is too late."""
    assert check_eligibility(jkp(submitted=date(2025, 12, 30)), jkp_member()).ok
    assert refusals(jkp(submitted=date(2025, 12, 31)), jkp_member()) == [
        FieldError(
            "submitted_on",
            "Hak JKP gugur: klaim harus diajukan paling lambat 30/12/2025 (6 bulan setelah PHK, "
            "PP 6/2025)",
        )
    ]


def test_same_dismissal_claimed_twice_is_refused():
    facts = jkp_member(prior_claims=(prior(T.JKP, event=date(2025, 6, 30)),))
    assert refusals(jkp(), facts) == [FieldError("claim_type", "PHK ini sudah diklaim (K-1)")]
    other = jkp_member(prior_claims=(prior(T.JKP, event=date(2024, 6, 30)),))
    assert check_eligibility(jkp(), other).ok
    other_kpj = jkp_member(prior_claims=(prior(T.JKP, event=date(2025, 6, 30), kpj="17000000009"),))
    assert check_eligibility(jkp(), other_kpj).ok


def test_refused_claim_raises_every_refusal_together():
    facts = jkp_member(end_date=None, end_reason=None, history=())
    result = check_eligibility(jkp(), facts)
    with pytest.raises(ValidationError) as caught:
        result.raise_if_refused()
    assert caught.value.errors == result.refusals
    assert len(caught.value.errors) == 3  # not ended, too few months, no six in a row
    check_eligibility(jkp(), jkp_member()).raise_if_refused()  # nothing to raise
