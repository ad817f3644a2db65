"""Claim eligibility, documents and amounts by rule (domain.md §1, §4.3, §4.4, §5).

Each table row names the edge it guards: the day before and the day a right opens or lapses.
"""

from __future__ import annotations

from datetime import date

import pytest

from bpjs_desktop.domain import benefits, claim_details
from bpjs_desktop.domain.benefits import jht_amount, jkk_amount, jp_amount
from bpjs_desktop.domain.claim_details import (
    DisabilityPeriod,
    Heir,
    HeirRelation,
    JhtDetail,
    JhtGround,
    JkkDetail,
    JkmDetail,
    JpDetail,
    JpGround,
    JpKind,
)
from bpjs_desktop.domain.claim_rules import (
    ClaimRequest,
    MemberFacts,
    PriorClaim,
    benefit_for,
    check_eligibility,
    checklist_for,
)
from bpjs_desktop.domain.claims import ClaimState, ClaimType, add_months, months_between
from bpjs_desktop.domain.dated import DatedTable
from bpjs_desktop.domain.periods import Period
from bpjs_desktop.domain.programmes import Programme, Segment
from bpjs_desktop.domain.scholarships import SchoolLevel
from tests.unit.claim_facts import ALL, member, months

T = ClaimType


def refusal_fields(request: ClaimRequest, facts: MemberFacts) -> list[str]:
    return [e.field for e in check_eligibility(request, facts).refusals]


# --- helpers of dates ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "n", "expected"),
    [
        (date(2018, 2, 28), 1, date(2018, 3, 28)),
        (date(2018, 1, 31), 1, date(2018, 2, 28)),  # clamped to the end of February
        (date(2024, 1, 31), 1, date(2024, 2, 29)),  # leap year
        (date(2008, 4, 10), 120, date(2018, 4, 10)),  # ten years
    ],
)
def test_add_months_clamps_to_the_end_of_the_month(day, n, expected):
    """Waiting periods and windows in months end on the same day, or the month's last day."""
    assert add_months(day, n) == expected


def test_months_between_counts_whole_months_only():
    """9 years 11 months and 30 days is 119 months, not 120."""
    assert months_between(date(2008, 4, 10), date(2018, 4, 9)) == 119
    assert months_between(date(2008, 4, 10), date(2018, 4, 10)) == 120


# --- JHT ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("end", "submitted", "ok"),
    [
        (date(2018, 2, 28), date(2018, 3, 27), False),  # one day short of the month
        (date(2018, 2, 28), date(2018, 3, 28), True),  # a month after: Permenaker 4/2022 [S31]
        (date(2018, 1, 31), date(2018, 2, 27), False),
        (date(2018, 1, 31), date(2018, 2, 28), True),  # 31/01 + 1 month = 28/02
        (date(2022, 4, 30), date(2022, 5, 30), True),  # under Permenaker 4/2022 too
    ],
)
def test_jht_after_resignation_waits_one_month_from_the_end_of_membership(end, submitted, ok):
    """domain.md §1/§5.1: JHT after resignation or PHK is payable after a one-month wait."""
    request = ClaimRequest(T.JHT_PENUH, end, submitted, JhtDetail(JhtGround.MENGUNDURKAN_DIRI))
    facts = member(end_date=end)
    result = check_eligibility(request, facts)
    assert result.ok is ok
    if not ok:
        assert result.refusals[0].field == "ground"
        assert "Masa tunggu 1 bulan" in result.refusals[0].message


def test_jht_after_resignation_needs_the_membership_ended():
    """A member still active cannot claim JHT on resignation: the refusal says so."""
    request = ClaimRequest(T.JHT_PENUH, date(2018, 3, 1), date(2018, 4, 10), JhtDetail())
    result = check_eligibility(request, member(end_date=None, end_reason=None))
    assert [e.field for e in result.refusals] == ["ground"]
    assert "masih aktif" in result.refusals[0].message


@pytest.mark.parametrize(
    ("event", "ok"),
    [(date(2018, 5, 14), False), (date(2018, 5, 15), True)],  # the 56th birthday
)
def test_jht_at_age_56(event, ok):
    """PP 46/2015 Pasal 26: JHT at 56; the day before the birthday is refused."""
    request = ClaimRequest(T.JHT_PENUH, event, event, JhtDetail(JhtGround.USIA_PENSIUN))
    facts = member(birth_date=date(1962, 5, 15), end_date=None, end_reason=None)
    assert check_eligibility(request, facts).ok is ok


def test_second_full_jht_claim_on_the_same_kpj_is_refused_unless_the_first_was_rejected():
    """One JHT balance, one full claim: a rejected earlier claim does not count."""
    request = ClaimRequest(T.JHT_PENUH, date(2018, 2, 28), date(2018, 4, 10), JhtDetail())
    prior = PriorClaim(
        "GRS-201804-00001", "18000000001", T.JHT_PENUH, ClaimState.DIBAYAR, date(2018, 2, 28)
    )
    assert refusal_fields(request, member(prior_claims=(prior,))) == ["claim_type"]
    rejected = PriorClaim(
        "GRS-201804-00001", "18000000001", T.JHT_PENUH, ClaimState.DITOLAK, date(2018, 2, 28)
    )
    assert check_eligibility(request, member(prior_claims=(rejected,))).ok


@pytest.mark.parametrize(
    ("submitted", "ok"),
    [(date(2018, 4, 9), False), (date(2018, 4, 10), True)],  # ten years since 10/04/2008
)
@pytest.mark.parametrize("kind", [T.JHT_10, T.JHT_30])
def test_partial_jht_only_after_ten_years_of_membership(kind, submitted, ok):
    """PP 46/2015 Pasal 22: partial JHT (10 % or 30 %) after ≥ 10 years of membership."""
    facts = member(
        start_date=date(2012, 1, 2), jht_since=date(2008, 4, 10), end_date=None, end_reason=None
    )
    result = check_eligibility(ClaimRequest(kind, submitted, submitted), facts)
    assert result.ok is ok
    if not ok:
        assert "10 tahun" in result.refusals[0].message
        assert "9 tahun 11 bulan" in result.refusals[0].message


def test_partial_jht_only_once_whichever_share():
    """PP 46/2015 Pasal 22: partial JHT once; a 10 % claim bars a later 30 % one."""
    prior = PriorClaim(
        "GRS-201801-00003", "18000000009", T.JHT_10, ClaimState.DIBAYAR, date(2018, 1, 5)
    )
    facts = member(
        jht_since=date(2000, 1, 1), end_date=None, end_reason=None, prior_claims=(prior,)
    )
    result = check_eligibility(ClaimRequest(T.JHT_30, date(2018, 4, 10), date(2018, 4, 10)), facts)
    assert [e.field for e in result.refusals] == ["claim_type"]
    assert "satu kali" in result.refusals[0].message


# --- JKP ----------------------------------------------------------------------------------------

PHK_2025 = date(2025, 3, 31)  # under PP 6/2025


def jkp_member(history, **overrides):
    values = {
        "programmes": frozenset(ALL),
        "start_date": date(2021, 2, 1),
        "end_date": PHK_2025,
        "end_reason": "PHK",
        "history": history,
    }
    values.update(overrides)
    return member(**values)


@pytest.mark.parametrize(
    ("history", "ok", "why"),
    [
        (
            months(Period(2024, 4), Period(2025, 3)),
            True,
            "exactly 12 months ending with the PHK month",
        ),
        (months(Period(2024, 5), Period(2025, 3)), False, "11 months in the last 24"),
        (
            months(Period(2023, 4), Period(2025, 3), skip={"2024-12"}),
            False,
            "a gap within the 6 months before the PHK",
        ),
        (
            months(Period(2023, 4), Period(2025, 3), skip={"2024-09"}),
            True,
            "a gap before the last 6 months",
        ),
        (months(Period(2022, 1), Period(2023, 3)), False, "contributions older than 24 months"),
    ],
)
def test_jkp_needs_12_of_24_months_and_6_consecutive_before_the_dismissal(history, ok, why):
    """domain.md §4.4: ≥ 12 months of contributions within 24 months and ≥ 6 consecutive months
    before the PHK (counted up to and including the month of the PHK)."""
    request = ClaimRequest(T.JKP, PHK_2025, date(2025, 4, 10))
    assert check_eligibility(request, jkp_member(history)).ok is ok, why


@pytest.mark.parametrize(
    ("dismissal", "submitted", "ok"),
    [
        (PHK_2025, date(2025, 9, 30), True),  # PP 6/2025: within 6 months
        (PHK_2025, date(2025, 10, 1), False),  # the right lapses
        (date(2024, 5, 31), date(2024, 8, 31), True),  # PP 37/2021: 3 months [unverified]
        (date(2024, 5, 31), date(2024, 9, 1), False),
    ],
)
def test_jkp_claim_window_follows_the_rule_in_force_on_the_dismissal(dismissal, submitted, ok):
    """PP 6/2025 (from 7 Feb 2025) lets the right lapse after 6 months; PP 37/2021 before it."""
    history = months(Period.of(dismissal).shift(-11), Period.of(dismissal))
    facts = jkp_member(history, end_date=dismissal)
    result = check_eligibility(ClaimRequest(T.JKP, dismissal, submitted), facts)
    assert result.ok is ok
    if not ok:
        assert [e.field for e in result.refusals] == ["submitted_on"]


def test_jkp_before_the_programme_existed_is_refused():
    """JKP starts with PP 37/2021 (2 Feb 2021): a dismissal before it is not covered."""
    history = months(Period(2020, 1), Period(2021, 1))
    facts = jkp_member(history, end_date=date(2021, 1, 31), start_date=date(2019, 1, 2))
    refusals = check_eligibility(
        ClaimRequest(T.JKP, date(2021, 1, 31), date(2021, 2, 10)), facts
    ).refusals
    assert refusals[0].field == "event_date"
    assert "JKP berlaku sejak 02/02/2021" in refusals[0].message


def test_jkp_only_after_a_dismissal_not_a_resignation():
    """domain.md §5.1: JKP is for PHK, not resignation."""
    history = months(Period(2024, 4), Period(2025, 3))
    facts = jkp_member(history, end_reason="MENGUNDURKAN_DIRI")
    fields = refusal_fields(ClaimRequest(T.JKP, PHK_2025, date(2025, 4, 10)), facts)
    assert fields == ["claim_type"]


# --- JKM, JP, JKK -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("contributed", "ok"),
    [(35, False), (36, True)],  # PP 82/2019: scholarship after 36 months [S33][S34]
)
def test_jkm_scholarship_needs_the_required_months(contributed, ok):
    """A child in school may be named for the scholarship only with ≥ 36 months of contributions."""
    history = months(Period(2020, 1), Period(2020, 1).shift(contributed - 1))
    facts = member(
        start_date=date(2020, 1, 2),
        end_date=date(2024, 6, 1),
        end_reason="MENINGGAL",
        history=history,
    )
    heirs = (
        Heir("SITI", HeirRelation.PASANGAN),
        Heir("ANDI", HeirRelation.ANAK, school_level=SchoolLevel.SMA),
    )
    result = check_eligibility(
        ClaimRequest(T.JKM, date(2024, 6, 1), date(2024, 6, 10), JkmDetail(heirs)), facts
    )
    assert result.ok is ok
    if not ok:
        assert result.refusals[0].field == "heirs"
        assert "36 bulan" in result.refusals[0].message


def test_jkm_child_ticked_before_levels_existed_is_asked_for_the_level():
    """Old stored JSON has ``in_school`` without a level: under PP 82/2019 the claim asks for it."""
    history = months(Period(2020, 1), Period(2023, 12))
    facts = member(start_date=date(2020, 1, 2), end_date=date(2024, 6, 1),
                   end_reason="MENINGGAL", history=history)  # fmt: skip
    heirs = (Heir("SITI", HeirRelation.PASANGAN), Heir("ANDI", HeirRelation.ANAK, in_school=True))
    request = ClaimRequest(T.JKM, date(2024, 6, 1), date(2024, 6, 10), JkmDetail(heirs))
    refusals = check_eligibility(request, facts).refusals
    assert [r.field for r in refusals] == ["heirs"]
    assert "ANDI" in refusals[0].message and "jenjang" in refusals[0].message


def test_jkm_claim_pays_this_years_scholarship_per_child():
    """Issue #10: JKM with one child at SMA and 48 months: Rp42 juta + SMA Rp3 juta = Rp45 juta
    (PP 82/2019, domain.md §5.1 schedule), not Rp216 juta."""
    history = months(Period(2020, 1), Period(2023, 12))
    facts = member(start_date=date(2020, 1, 2), end_date=date(2024, 6, 1),
                   end_reason="MENINGGAL", history=history)  # fmt: skip
    heirs = (
        Heir("SITI", HeirRelation.PASANGAN),
        Heir("ANDI", HeirRelation.ANAK, school_level=SchoolLevel.SMA),
    )
    request = ClaimRequest(T.JKM, date(2024, 6, 1), date(2024, 6, 10), JkmDetail(heirs))
    amount = benefit_for(request, facts, date(2024, 6, 10))
    assert amount.total == 45_000_000
    assert amount.lines[-1].amount == 3_000_000


def test_jkm_needs_an_heir_and_an_active_member():
    """No heir named, and a death after the membership ended: two refusals, each on its field."""
    facts = member(end_date=date(2018, 2, 28))
    request = ClaimRequest(T.JKM, date(2018, 3, 5), date(2018, 3, 10), JkmDetail(()))
    assert sorted(refusal_fields(request, facts)) == ["event_date", "heirs"]


@pytest.mark.parametrize(
    ("kind", "contributed", "ok"),
    [
        (T.JP_BERKALA, 179, False),  # monthly only with ≥ 15 years (180 months)
        (T.JP_BERKALA, 180, True),
        (T.JP_SEKALIGUS, 179, True),  # else a lump sum
        (T.JP_SEKALIGUS, 180, False),
    ],
)
def test_jp_monthly_needs_180_months_else_lump_sum(kind, contributed, ok):
    """domain.md §5.1: monthly pension if ≥ 15 years (180 months) of contributions, else lump sum.
    JP began in July 2015, so the first monthly pensions fall due in 2030."""
    history = months(Period(2015, 7), Period(2015, 7).shift(contributed - 1))
    facts = member(
        birth_date=date(1965, 1, 1), start_date=date(2015, 7, 1), end_date=date(2030, 7, 31),
        end_reason="PENSIUN", history=history,
    )  # fmt: skip
    request = ClaimRequest(
        kind, date(2030, 8, 1), date(2030, 8, 1), JpDetail(JpGround.USIA_PENSIUN)
    )
    assert check_eligibility(request, facts).ok is ok


def test_jp_months_count_only_from_july_2015():
    """PP 45/2015: JP contributions start in July 2015; earlier membership months do not count."""
    history = months(Period(2010, 1), Period(2016, 6))
    facts = member(birth_date=date(1950, 1, 1), history=history, start_date=date(2010, 1, 4),
                   end_date=date(2016, 6, 30), end_reason="PENSIUN")  # fmt: skip
    request = ClaimRequest(T.JP_BERKALA, date(2016, 7, 1), date(2016, 7, 1), JpDetail())
    refusal = check_eligibility(request, facts).refusals[0]
    assert "masa iur 12 bulan" in refusal.message


@pytest.mark.parametrize(
    ("birth", "event", "ok"),
    [
        (date(1966, 1, 10), date(2025, 1, 9), False),  # 58 in 2025, when the age is 59 [S-JP]
        (date(1966, 1, 10), date(2025, 1, 10), True),  # 59 that day
        (date(1962, 1, 10), date(2018, 1, 10), True),  # 56 in 2018
    ],
)
def test_jp_pension_age_rises_every_three_years(birth, event, ok):
    """domain.md §4.3: pension age 56 from 2015, +1 every 3 years from 2019 → 59 in 2025."""
    facts = member(birth_date=birth, start_date=date(2015, 7, 1), end_date=event, end_reason="PENSIUN",
                   history=months(Period(2015, 7), Period.of(event)))  # fmt: skip
    request = ClaimRequest(T.JP_SEKALIGUS, event, event, JpDetail(JpGround.USIA_PENSIUN))
    assert check_eligibility(request, facts).ok is ok


@pytest.mark.parametrize(
    ("submitted", "ok"),
    [(date(2020, 4, 10), True), (date(2020, 4, 11), False)],  # two years after the accident
)
def test_jkk_within_two_years_of_the_accident(submitted, ok):
    """domain.md §5.2: JKK claim window ~2 years [S37][unverified]."""
    facts = member(end_date=None, end_reason=None)
    request = ClaimRequest(T.JKK, date(2018, 4, 10), submitted, JkkDetail())
    assert check_eligibility(request, facts).ok is ok


def test_jkk_refuses_an_accident_outside_membership_and_overlapping_stmb():
    """The accident must fall within the membership; STMB periods may not overlap."""
    stmb = (
        DisabilityPeriod(date(2018, 3, 1), date(2018, 3, 20)),
        DisabilityPeriod(date(2018, 3, 15), date(2018, 3, 31)),
    )
    request = ClaimRequest(T.JKK, date(2018, 3, 1), date(2018, 4, 10), JkkDetail(stmb=stmb))
    assert refusal_fields(request, member()) == ["event_date", "stmb"]


def test_programme_not_held_is_refused_first():
    """A member without JHT is told so on the claim type, before any other rule."""
    facts = member(programmes=frozenset({Programme.JKK, Programme.JKM}))
    request = ClaimRequest(T.JHT_PENUH, date(2018, 2, 28), date(2018, 4, 10))
    assert refusal_fields(request, facts) == ["claim_type"]


# --- amounts -------------------------------------------------------------------------------------


def test_jht_balance_is_contributions_plus_each_years_declared_yield():
    """12 months of Rp228.000 (5,7 % of Rp4.000.000) in 2017, claimed on 10/04/2018.

    2017 (7,83 % [unverified]): 228.000 × 66 months earning / 12 × 7,83 % = Rp98.188; balance
    Rp2.834.188. 2018 (7,51 % [unverified]): 2.834.188 × 3 months / 12 × 7,51 % = Rp53.212.
    """
    history = months(Period(2017, 1), Period(2017, 12))
    amount = jht_amount("JHT_PENUH", history, date(2018, 4, 10))
    assert [line.amount for line in amount.lines] == [2_736_000, 98_188 + 53_212]
    assert amount.total == 2_736_000 + 98_188 + 53_212
    assert "Jumlah manfaat: Rp2.887.400" in amount.basis_text()
    assert any(note.startswith("2017: iuran 12 bulan Rp2.736.000") for note in amount.notes)


@pytest.mark.parametrize(("kind", "share"), [("JHT_10", 10), ("JHT_30", 30)])
def test_partial_jht_is_its_share_of_the_balance(kind, share):
    """PP 46/2015 Pasal 22: 10 % or 30 % of the balance, rounded half up."""
    history = months(Period(2017, 1), Period(2017, 12))
    full = jht_amount("JHT_PENUH", history, date(2018, 4, 10)).total
    part = jht_amount(kind, history, date(2018, 4, 10))
    assert part.total == (full * share + 50) // 100


def test_a_year_without_yield_rate_adds_nothing():
    """Yield comes only from the table: an empty year earns nothing, the balance is the credits."""
    table: DatedTable[int] = DatedTable(
        "t",
        [
            __import__("bpjs_desktop.domain.dated", fromlist=["Dated"]).Dated(
                date(2030, 1, 1), 0, "x"
            )
        ],
    )
    balance, years = benefits.accumulate([(Period(2018, 1), 100)], date(2019, 1, 1), table)
    assert balance == 100
    assert [y.yield_amount for y in years] == [0, 0]


@pytest.mark.parametrize(
    ("accident", "stmb", "expected"),
    [
        # PP 82/2019: 100 % for the first 12 months
        (date(2020, 1, 15), [(date(2020, 1, 16), date(2020, 2, 14))], [3_000_000]),
        # across the 12-month line: 5 days at 100 %, 5 days at 50 %
        (date(2020, 1, 15), [(date(2021, 1, 10), date(2021, 1, 19))], [500_000, 250_000]),
        # PP 44/2015: 100 % six months, then 75 % [unverified]
        (date(2018, 1, 15), [(date(2018, 7, 13), date(2018, 7, 16))], [200_000, 150_000]),
    ],
)
def test_jkk_temporary_disability_pays_wage_by_tier(accident, stmb, expected):
    """STMB: the monthly wage / 30 per day, at the share of its tier counted from the accident."""
    amount = jkk_amount(3_000_000, accident, outcome="SEMBUH", stmb=stmb)
    assert [line.amount for line in amount.lines] == expected
    assert amount.total == sum(expected)


@pytest.mark.parametrize(
    ("wage", "outcome", "percent", "total"),
    [
        # 56× wage [unverified] + periodic 24 × Rp500.000 (PP 82/2019, as for death; the old
        # expectation of 56× alone encoded the missing periodic benefit, issue #10).
        (4_000_000, "CACAT_TOTAL", 0, 56 * 4_000_000 + 12_000_000),
        (4_000_000, "CACAT_SEBAGIAN", 10, 32_000_000),  # 10 % × 80 × wage [unverified]
        (5_000_000, "MENINGGAL", 0, 240_000_000 + 10_000_000 + 12_000_000),  # 48× wage [S34]
        (500_000, "MENINGGAL", 0, 42_000_000 + 10_000_000 + 12_000_000),  # at least JKM's Rp42 juta
    ],
)
def test_jkk_lump_sums_are_multiples_of_wage(wage, outcome, percent, total):
    """domain.md §5.1: total permanent disability 56×, death 48× wage (min = JKM) + funeral + periodic."""
    amount = jkk_amount(wage, date(2024, 3, 1), outcome=outcome, disability_percent=percent)
    assert amount.total == total


def test_jkk_reimburses_receipts_and_shows_each_part():
    """Medical receipts are added as their own line; the basis names the rule."""
    amount = jkk_amount(3_000_000, date(2024, 3, 1), outcome="SEMBUH", medical_costs=1_250_000)
    assert amount.total == 1_250_000
    assert "Penggantian biaya pengobatan (kuitansi): Rp1.250.000" in amount.basis_text()
    assert "PP 82/2019" in amount.basis_text()


def test_jkm_amount_lines_add_up_to_42_million():
    """domain.md §5.1: Rp20 m + 24 × Rp500.000 + Rp10 m."""
    amount = benefits.jkm_amount(date(2024, 6, 1), 12, 0)
    assert [line.amount for line in amount.lines] == [20_000_000, 12_000_000, 10_000_000]
    assert amount.total == 42_000_000


@pytest.mark.parametrize(
    ("wage", "dismissal", "total"),
    [
        (8_000_000, date(2025, 3, 31), 18_000_000),  # PP 6/2025: 60 % × 6 × Rp5 juta cap
        (8_000_000, date(2024, 5, 31), 10_500_000),  # PP 37/2021: 45 % × 3 + 25 % × 3
        (4_000_000, date(2025, 2, 7), 14_400_000),  # PP 6/2025 in force that day
        (4_000_000, date(2025, 2, 6), 8_400_000),  # the day before: PP 37/2021
    ],
)
def test_jkp_cash_by_the_rule_in_force(wage, dismissal, total):
    """domain.md §4.4: JKP cash by the rule in force on the dismissal."""
    assert benefits.jkp_amount(wage, dismissal).total == total


def test_jp_monthly_is_raised_to_the_floor():
    """Rp1.000.000 wages: 1 % × 15 years × average ≈ Rp150.000 even with the wages raised by
    inflation (Pasal 17(3)) stays far below the floor Rp393.500 (2024 [S8]), so the floor is paid.
    (The old test expected Rp600.000 from an average not adjusted for inflation: PP 45/2015 Pasal
    17(3) adjusts it; the formula is tested in test_pension.py.)"""
    low = months(Period(2015, 7), Period(2030, 6), basis=1_000_000)
    assert jp_amount("JP_BERKALA", low, date(2030, 8, 1)).total == 393_500


def test_jp_lump_sum_is_contributions_with_capped_wage():
    """3 % of the wage capped at the JP cap (Rp8.094.000 from March 2018)."""
    history = months(Period(2018, 3), Period(2018, 3), basis=10_000_000)
    amount = jp_amount("JP_SEKALIGUS", history, date(2018, 4, 1))
    assert amount.lines[0].amount == 242_820  # 3 % × 8.094.000


def test_benefit_for_dispatches_by_claim_type():
    """The service's one entry point gives JKM's fixed amount for a JKM claim."""
    facts = member(end_date=date(2024, 6, 1), end_reason="MENINGGAL", start_date=date(2020, 1, 2))
    request = ClaimRequest(
        T.JKM, date(2024, 6, 1), date(2024, 6, 5), JkmDetail((Heir("SITI", HeirRelation.PASANGAN),))
    )
    assert benefit_for(request, facts, date(2024, 6, 5)).total == 42_000_000


# --- documents ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("request_", "present", "absent"),
    [
        (ClaimRequest(T.JHT_PENUH, date(2018, 2, 28), date(2018, 4, 10), JhtDetail(JhtGround.MENGUNDURKAN_DIRI)),
         {"KARTU_KPJ", "KTP", "KK", "PAKLARING", "BUKU_TABUNGAN"}, {"BUKTI_PHK", "NPWP"}),
        (ClaimRequest(T.JHT_PENUH, date(2018, 2, 28), date(2018, 4, 10), JhtDetail(JhtGround.PHK)),
         {"BUKTI_PHK"}, {"PAKLARING"}),
        (ClaimRequest(T.JKK, date(2018, 2, 1), date(2018, 4, 10), JkkDetail(road_accident=True, medical_costs=1)),
         {"FORM_KK1", "LAPORAN_POLISI", "KUITANSI"}, {"FORM_KK2", "AKTA_KEMATIAN"}),
        (ClaimRequest(T.JKK, date(2018, 2, 1), date(2018, 4, 10), JkkDetail(outcome=claim_details.JkkOutcome.MENINGGAL)),
         {"FORM_KK2", "FORM_KK3", "AKTA_KEMATIAN"}, {"LAPORAN_POLISI"}),
        (ClaimRequest(T.JKM, date(2018, 2, 1), date(2018, 4, 10), JkmDetail((Heir("SITI", HeirRelation.PASANGAN),))),
         {"AKTA_KEMATIAN", "SURAT_AHLI_WARIS", "BUKU_NIKAH"}, {"PAKLARING"}),
        (ClaimRequest(T.JKM, date(2018, 2, 1), date(2018, 4, 10), JkmDetail((Heir("ANDI", HeirRelation.ANAK),))),
         {"AKTA_KEMATIAN"}, {"BUKU_NIKAH", "KET_SEKOLAH"}),
        # A scholarship needs proof the child is at school; a widow's pension the marriage book.
        (ClaimRequest(T.JKM, date(2024, 6, 1), date(2024, 6, 10), JkmDetail((Heir("ANDI", HeirRelation.ANAK, school_level=SchoolLevel.SD),))),
         {"KET_SEKOLAH"}, {"BUKU_NIKAH"}),
        (ClaimRequest(T.JKK, date(2024, 3, 1), date(2024, 4, 10), JkkDetail(outcome=claim_details.JkkOutcome.CACAT_TOTAL, school_levels=(SchoolLevel.SMA,))),
         {"KET_DOKTER_CACAT", "KET_SEKOLAH"}, {"AKTA_KEMATIAN"}),
        (ClaimRequest(T.JP_BERKALA, date(2024, 6, 1), date(2024, 6, 10), JpDetail(JpGround.MENINGGAL, JpKind.JANDA_DUDA)),
         {"AKTA_KEMATIAN", "BUKU_NIKAH"}, {"KET_DOKTER_CACAT"}),
        (ClaimRequest(T.JP_BERKALA, date(2024, 6, 1), date(2024, 6, 10), JpDetail(JpGround.MENINGGAL, JpKind.ANAK)),
         {"AKTA_KEMATIAN"}, {"BUKU_NIKAH"}),
    ],
)  # fmt: skip
def test_checklist_follows_the_claim_type_and_its_facts(request_, present, absent):
    """domain.md §5.2: documents per claim type; a road accident adds a police report, a spouse a
    marriage book, a PHK its evidence instead of the paklaring."""
    codes = set(checklist_for(request_, member()))
    assert present <= codes
    assert not absent & codes


def test_npwp_is_needed_when_the_jht_balance_exceeds_50_million():
    """domain.md §5.2: NPWP if the balance > Rp50 juta [S31]."""
    request = ClaimRequest(T.JHT_PENUH, date(2018, 2, 28), date(2018, 4, 10), JhtDetail())
    rich = member(history=months(Period(2010, 1), Period(2018, 2), basis=20_000_000))
    assert "NPWP" in checklist_for(request, rich)
    assert "NPWP" not in checklist_for(request, member())


@pytest.mark.parametrize("kind", list(ClaimType))
def test_details_round_trip_through_json(kind):
    """What is stored in claim.detail reads back the same, for every claim type."""
    detail = claim_details.default_detail(kind)
    if kind is T.JKK:
        detail = JkkDetail(
            stmb=(DisabilityPeriod(date(2018, 3, 1), date(2018, 3, 9)),),
            stage1_reported_on=date(2018, 3, 2),
        )
    if kind is T.JKM:
        detail = JkmDetail(
            (
                Heir("SITI", HeirRelation.PASANGAN, "3525010101900001"),
                Heir("ANDI", HeirRelation.ANAK, in_school=True),
                Heir("BUDI", HeirRelation.ANAK, "", True, date(2010, 3, 4), SchoolLevel.SMP),
            )
        )
    if kind in (T.JP_BERKALA, T.JP_SEKALIGUS):
        detail = JpDetail(JpGround.MENINGGAL, JpKind.ANAK)
    assert claim_details.detail_from_json(kind, claim_details.detail_to_json(detail)) == detail


@pytest.mark.parametrize(
    ("kind", "ok"),
    [(T.JP_BERKALA, True), (T.JP_SEKALIGUS, False)],
)
def test_widow_of_a_member_with_17_months_gets_a_monthly_pension(kind, ok):
    """Issue #10: `_jp` refused every monthly pension under 180 months. Permenaker 29/2015 Pasal 26:
    death before pension age, joined ≥ 1 year before, density ≥ 80 % → the widow's pension on 15
    years: average 9.165.812 (12 × 9.000.000 × 1,0261 + 5 × 9.000.000, ÷ 17) × 180/1200 =
    1.374.872, × 50 % = Rp687.436 (see test_pension.py)."""
    history = months(Period(2023, 1), Period(2024, 5), basis=9_000_000)
    facts = member(birth_date=date(1980, 1, 1), start_date=date(2023, 1, 2),
                   end_date=date(2024, 6, 1), end_reason="MENINGGAL", history=history)  # fmt: skip
    request = ClaimRequest(
        kind, date(2024, 6, 1), date(2024, 6, 10), JpDetail(JpGround.MENINGGAL, JpKind.JANDA_DUDA)
    )
    assert check_eligibility(request, facts).ok is ok
    if ok:
        assert benefit_for(request, facts, date(2024, 6, 10)).total == 687_436


def test_jp_kind_must_match_the_ground():
    """A widow's pension on an old-age ground is refused on the ground field."""
    facts = member(history=months(Period(2016, 1), Period(2017, 12)))
    request = ClaimRequest(
        T.JP_SEKALIGUS, date(2018, 2, 1), date(2018, 2, 1),
        JpDetail(JpGround.USIA_PENSIUN, JpKind.JANDA_DUDA),
    )  # fmt: skip
    assert "ground" in refusal_fields(request, facts)


def test_jkk_death_pays_scholarships_without_minimum_months():
    """PP 82/2019: JKK death with children at SD and SMA, 3 months of contributions (no minimum
    for JKK): 48 × 5.000.000 = 240.000.000 + funeral 10.000.000 + periodic 24 × 500.000 =
    12.000.000 + SD 1.500.000 + SMA 3.000.000 = Rp266.500.000."""
    amount = jkk_amount(
        5_000_000, date(2024, 3, 1), outcome="MENINGGAL",
        children=(SchoolLevel.SD, SchoolLevel.SMA), contribution_months=3,
    )  # fmt: skip
    assert amount.total == 266_500_000
    assert [line.amount for line in amount.lines][-2:] == [1_500_000, 3_000_000]


def test_jkk_total_disability_with_a_child_transport_and_return_to_work():
    """PP 82/2019: 56 × 4.000.000 = 224.000.000 + periodic 12.000.000 + PT child 12.000.000 +
    sea transport 3.000.000 capped at Rp2.000.000 [unverified cap] + return to work 7.500.000 as
    billed = Rp257.500.000."""
    amount = jkk_amount(
        4_000_000, date(2024, 3, 1), outcome="CACAT_TOTAL", children=(SchoolLevel.PT,),
        transport="LAUT", transport_costs=3_000_000, return_to_work_costs=7_500_000,
    )  # fmt: skip
    assert amount.total == 257_500_000
    assert any("[unverified" in note for note in amount.notes)


def test_jkk_partial_disability_pays_no_scholarship():
    """Scholarships are for death or total disability only: 10 % × 80 × 4.000.000 = Rp32 juta."""
    amount = jkk_amount(
        4_000_000, date(2024, 3, 1), outcome="CACAT_SEBAGIAN", disability_percent=10,
        children=(SchoolLevel.SMA,),
    )  # fmt: skip
    assert amount.total == 32_000_000


@pytest.mark.parametrize(
    ("segment", "submitted", "ok"),
    [
        (Segment.PU, date(2026, 3, 2), False),  # domestic: 2 years (until 1 Mar 2026)
        (Segment.PMI, date(2026, 3, 2), True),  # PMI: 5 years (Permenaker 4/2023)
        (Segment.PMI, date(2029, 3, 1), True),
        (Segment.PMI, date(2029, 3, 2), False),
    ],
)
def test_pmi_jkk_claim_window_is_five_years(segment, submitted, ok):
    """Permenaker 4/2023: a migrant worker's JKK claim may be filed within 5 years, not 2."""
    facts = member(segment=segment, start_date=date(2023, 6, 1), end_date=None,
                   history=months(Period(2023, 6), Period(2024, 3)))  # fmt: skip
    request = ClaimRequest(T.JKK, date(2024, 3, 1), submitted, JkkDetail())
    assert ("event_date" not in refusal_fields(request, facts)) is ok


def test_pmi_jkm_amount_says_the_pmi_table_is_unverified():
    """Permenaker 4/2023 table not read: domestic Rp42 juta with a visible [unverified] note."""
    facts = member(segment=Segment.PMI, end_date=date(2024, 6, 1), end_reason="MENINGGAL",
                   start_date=date(2020, 1, 2))  # fmt: skip
    request = ClaimRequest(
        T.JKM, date(2024, 6, 1), date(2024, 6, 5), JkmDetail((Heir("SITI", HeirRelation.PASANGAN),))
    )
    amount = benefit_for(request, facts, date(2024, 6, 5))
    assert amount.total == 42_000_000
    assert any("PMI" in note and "[unverified]" in note for note in amount.notes)
