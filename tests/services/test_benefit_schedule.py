"""What a decided claim pays over time, written by the claims service (issue #10).

A survivor's pension is a schedule of months (PP 45/2015 Pasal 17), a JKM scholarship a set of
school years per child (PP 82/2019). The claims service records them when the claim is decided,
pays the first month and this school year with the claim; the later months and years are paid
through ``benefit_schedule``. Every amount below is worked out by hand from the cited article.
"""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from bpjs_desktop.db.models import AuditEvent, EndReason
from bpjs_desktop.domain import claim_details as details
from bpjs_desktop.domain.claim_details import Heir, HeirRelation, JkmDetail
from bpjs_desktop.domain.claims import ClaimState, ClaimType
from bpjs_desktop.domain.periods import Period
from bpjs_desktop.domain.programmes import SizeClass
from bpjs_desktop.domain.scholarships import SchoolLevel
from bpjs_desktop.errors import ConflictError, ValidationError
from bpjs_desktop.services import benefit_schedule, claims, heirs, worker_registry
from bpjs_desktop.services.claims import ClaimInput
from bpjs_desktop.services.heirs import HeirInput

S = ClaimState


def decided(db, staff, kpj, claim_type, event, submitted, detail, decided_on):
    row = claims.log_claim(
        db, staff["p1"],
        ClaimInput(kpj=kpj, claim_type=claim_type, event_date=event, submitted_on=submitted,
                   detail=detail),
    )  # fmt: skip
    for document in claims.claim_view(db, row.claim_no).missing:
        claims.receive_document(db, staff["p1"], row.claim_no, document.code, received_on=submitted)
    claims.move_claim(db, staff["p1"], row.claim_no, S.VERIFIKASI, on_date=submitted)
    return claims.move_claim(db, staff["p2"], row.claim_no, S.DITETAPKAN, on_date=decided_on)


# --- a widow's pension -----------------------------------------------------------------------------


@pytest.fixture
def widowed(db, admin, make_employer, make_worker):
    """A worker on Rp4.000.000 a month from 2 January 2018 (JP from the start) who died on
    10 March 2020, and his widow on record."""
    employer = make_employer(size_class=SizeClass.MENENGAH)
    worker = make_worker(employer_npp=employer.npp, start_date=date(2018, 1, 2))
    worker_registry.end_membership(db, admin, worker.kpj, date(2020, 3, 10), EndReason.MENINGGAL)
    return worker


WIDOW = details.JpDetail(details.JpGround.MENINGGAL, details.JpKind.JANDA_DUDA)


def test_a_widows_pension_is_scheduled_paid_month_by_month_and_indexed(db, staff, widowed):
    """27 months of JP (January 2018 – March 2020), joined over a year before with every month
    paid: computed on 15 years (Permenaker 29/2015 Pasal 26).

    Average wage brought to 2020 money (PP 45/2015 Pasal 17(3)), inflation 2018 3,13 %, 2019
    2,72 % [unverified figures of the domain table]:
      2018: 12 × 4.000.000 × 1,0313 × 1,0272 = 12 × 4.237.405,44 = 50.848.865,28
      2019: 12 × 4.000.000 × 1,0272          = 12 × 4.108.800    = 49.305.600
      2020:  3 × 4.000.000                                        = 12.000.000
      total 112.154.465,28 ÷ 27 = 4.153.869,08 → Rp4.153.869
    Formula (Pasal 17(2)): 1 % × 15 × 4.153.869 = 623.080,35 → Rp623.080; the widow's share 50 %
    → Rp311.540 (above the Rp300.000 floor of 2020).
    First month April 2020 (the month after the death); months 1–12 at Rp311.540; the 13th, April
    2021, indexed by 1 + 2020's inflation 1,68 % (Pasal 17(1)b): 311.540 × 1,0168 = 316.773,87
    → Rp316.774.
    """
    widow = heirs.add_heir(
        db, staff["p1"], worker_registry.get_member(db, kpj=widowed.kpj).person_id,
        HeirInput("Siti Aminah", HeirRelation.PASANGAN),
    )  # fmt: skip
    row = decided(db, staff, widowed.kpj, ClaimType.JP_BERKALA, date(2020, 3, 10),
                  date(2020, 4, 6), WIDOW, date(2020, 4, 20))  # fmt: skip
    assert row.amount == 311_540
    schedule = benefit_schedule.pension_payments(db, row.claim_no)
    assert [(str(p.period), p.amount, p.heir_id, p.paid_on) for p in schedule] == [
        (str(Period(2020, 4).shift(i)), 311_540, widow.id, None) for i in range(12)
    ]
    # Paying the claim pays the first month.
    claims.move_claim(db, staff["p1"], row.claim_no, S.DIBAYAR, on_date=date(2020, 4, 27))
    first = benefit_schedule.pension_payments(db, row.claim_no)[0]
    assert (str(first.period), first.paid_on) == ("2020-04", date(2020, 4, 27))
    # May is paid in May; June is not yet due then; May cannot be paid twice.
    paid = benefit_schedule.pay_pension_month(
        db, staff["p1"], row.claim_no, Period(2020, 5), paid_on=date(2020, 5, 25)
    )
    assert [(str(p.period), p.amount) for p in paid] == [("2020-05", 311_540)]
    with pytest.raises(ValidationError, match="belum jatuh tempo"):
        benefit_schedule.pay_pension_month(
            db, staff["p1"], row.claim_no, Period(2020, 6), paid_on=date(2020, 5, 25)
        )
    with pytest.raises(ConflictError, match="sudah dibayar"):
        benefit_schedule.pay_pension_month(
            db, staff["p1"], row.claim_no, Period(2020, 5), paid_on=date(2020, 6, 1)
        )
    # A year later: June 2020 – March 2021 still owed (10 × 311.540 = 3.115.400) and April 2021,
    # the 13th month, indexed: 316.774. The schedule grows by a year (24 months recorded).
    paid = benefit_schedule.pay_pension_month(
        db, staff["p1"], row.claim_no, Period(2021, 4), paid_on=date(2021, 4, 26)
    )
    assert [str(p.period) for p in paid] == [str(Period(2020, 6).shift(i)) for i in range(11)]
    assert sum(p.amount for p in paid) == 3_115_400 + 316_774
    schedule = benefit_schedule.pension_payments(db, row.claim_no)
    assert len(schedule) == 24
    assert [(str(p.period), p.amount) for p in schedule[11:13]] == [
        ("2021-03", 311_540),
        ("2021-04", 316_774),
    ]
    assert schedule[-1].amount == 316_774 and schedule[13].paid_on is None
    with db.read() as session:
        actions = session.scalars(
            select(AuditEvent.action).where(AuditEvent.action.like("pension.%"))
        ).all()
    assert actions.count("pension.schedule") == 1 and actions.count("pension.pay") == 2


def test_a_survivors_pension_is_not_decided_without_the_heir_on_record(db, staff, widowed):
    with pytest.raises(ConflictError, match="catat dulu ahli waris"):
        decided(db, staff, widowed.kpj, ClaimType.JP_BERKALA, date(2020, 3, 10),
                date(2020, 4, 6), WIDOW, date(2020, 4, 20))  # fmt: skip


# --- JKM scholarships ------------------------------------------------------------------------------


@pytest.fixture
def father(db, admin, make_employer, make_worker):
    """A worker covered from 4 January 2016 who died on 10 March 2020: 51 months of JKM, more than
    the 36 a scholarship needs (PP 82/2019)."""
    employer = make_employer(size_class=SizeClass.MENENGAH, registered_on=date(2015, 12, 1))
    worker = make_worker(employer_npp=employer.npp, start_date=date(2016, 1, 4))
    worker_registry.end_membership(db, admin, worker.kpj, date(2020, 3, 10), EndReason.MENINGGAL)
    return worker


FAMILY = JkmDetail(
    (
        Heir("Siti Aminah", HeirRelation.PASANGAN),
        Heir("Adi", HeirRelation.ANAK, school_level=SchoolLevel.SD),
        Heir("Rina", HeirRelation.ANAK, school_level=SchoolLevel.SMA),
        Heir("Budi", HeirRelation.ANAK, school_level=SchoolLevel.SMP),
    )
)


def test_jkm_scholarships_are_paid_with_the_claim_then_year_by_year(db, staff, father):
    """JKM under PP 82/2019: Rp20.000.000 at once + 24 × Rp500.000 periodic + Rp10.000.000
    funeral = Rp42.000.000; scholarships of this school year for the first two children: Adi at
    SD Rp1.500.000 and Rina at SMA Rp3.000.000 → Rp46.500.000. Budi, the third child, gets none
    (at most two children)."""
    row = decided(db, staff, father.kpj, ClaimType.JKM, date(2020, 3, 10), date(2020, 3, 16),
                  FAMILY, date(2020, 3, 20))  # fmt: skip
    assert row.amount == 46_500_000
    by_name = {h.name: h for h in claims.claim_heirs(db, row.claim_no)}
    adi, rina, budi = by_name["ADI"], by_name["RINA"], by_name["BUDI"]
    years = benefit_schedule.scholarships(db, row.claim_no)
    assert [(s.heir_id, s.school_year, s.level, s.amount, s.paid_on) for s in years] == [
        (adi.id, 2020, "SD", 1_500_000, None),
        (rina.id, 2020, "SMA", 3_000_000, None),
    ]
    with pytest.raises(ConflictError, match="belum dibayar"):
        benefit_schedule.pay_scholarship(db, staff["p1"], row.claim_no, adi.id, 2020)
    claims.move_claim(db, staff["p1"], row.claim_no, S.DIBAYAR, on_date=date(2020, 3, 24))
    assert [s.paid_on for s in benefit_schedule.scholarships(db, row.claim_no)] == [
        date(2020, 3, 24),
        date(2020, 3, 24),
    ]
    # 2021: Adi still at SD (Rp1.500.000), Rina at SMA (Rp3.000.000), applied for and paid.
    applied = benefit_schedule.apply_scholarship(
        db, staff["p1"], row.claim_no, adi.id, 2021, "sd", applied_on=date(2021, 7, 12)
    )
    assert (applied.level, applied.amount, applied.paid_on) == ("SD", 1_500_000, None)
    paid = benefit_schedule.pay_scholarship(
        db, staff["p1"], row.claim_no, adi.id, 2021, paid_on=date(2021, 7, 19)
    )
    assert (paid.amount, paid.paid_on) == (1_500_000, date(2021, 7, 19))
    with pytest.raises(ConflictError, match="sudah dibayar"):
        benefit_schedule.pay_scholarship(db, staff["p1"], row.claim_no, adi.id, 2021)
    assert (
        benefit_schedule.apply_scholarship(
            db, staff["p1"], row.claim_no, rina.id, 2021, "SMA", applied_on=date(2021, 7, 12)
        ).amount
        == 3_000_000
    )
    # The third child is refused (PP 82/2019: at most two children).
    with pytest.raises(ValidationError, match="paling banyak untuk 2 anak"):
        benefit_schedule.apply_scholarship(
            db, staff["p1"], row.claim_no, budi.id, 2021, "SMP", applied_on=date(2021, 7, 12)
        )
    # Rina's third SMA year (2022), then a fourth is refused (SMA paid for 3 years at most); at
    # university (PT) she gets Rp12.000.000 a year.
    benefit_schedule.apply_scholarship(
        db, staff["p1"], row.claim_no, rina.id, 2022, "SMA", applied_on=date(2022, 7, 11)
    )
    with pytest.raises(ValidationError, match="paling lama 3 tahun"):
        benefit_schedule.apply_scholarship(
            db, staff["p1"], row.claim_no, rina.id, 2023, "SMA", applied_on=date(2023, 7, 10)
        )
    university = benefit_schedule.apply_scholarship(
        db, staff["p1"], row.claim_no, rina.id, 2023, "PT", applied_on=date(2023, 7, 10)
    )
    assert university.amount == 12_000_000
    # A child does not go back a level, and a year not begun is not applied for.
    with pytest.raises(ValidationError, match="lebih rendah"):
        benefit_schedule.apply_scholarship(
            db, staff["p1"], row.claim_no, rina.id, 2024, "SMP", applied_on=date(2024, 7, 8)
        )
    with pytest.raises(ValidationError, match="belum dimulai"):
        benefit_schedule.apply_scholarship(
            db, staff["p1"], row.claim_no, adi.id, 2025, "SD", applied_on=date(2024, 7, 8)
        )
    with db.read() as session:
        actions = session.scalars(
            select(AuditEvent.action).where(AuditEvent.action.like("scholarship.%"))
        ).all()
    assert actions.count("scholarship.schedule") == 1
    assert actions.count("scholarship.apply") == 4
    assert actions.count("scholarship.paid") == 1


# --- JKK death: the scholarship goes to the child on record -------------------------------------


def test_a_jkk_death_records_the_scholarship_of_the_child_on_record(db, staff, widowed):
    """JKK death under PP 82/2019 on a Rp4.000.000 wage: 48 × 4.000.000 = Rp192.000.000, funeral
    Rp10.000.000, periodic 24 × Rp500.000 = Rp12.000.000, and this year's SMA scholarship
    Rp3.000.000 (no minimum months for JKK) → Rp217.000.000. The school year goes to the child
    recorded as heir, whose level is now known."""
    detail = details.JkkDetail(
        outcome=details.JkkOutcome.MENINGGAL,
        stage1_reported_on=date(2020, 3, 11),
        stage2_reported_on=date(2020, 3, 12),
        school_levels=(SchoolLevel.SMA,),
    )
    logged = claims.log_claim(
        db, staff["p1"],
        ClaimInput(kpj=widowed.kpj, claim_type=ClaimType.JKK, event_date=date(2020, 3, 10),
                   submitted_on=date(2020, 3, 16), detail=detail),
    )  # fmt: skip
    for document in claims.claim_view(db, logged.claim_no).missing:
        claims.receive_document(
            db, staff["p1"], logged.claim_no, document.code, received_on=date(2020, 3, 16)
        )
    claims.move_claim(db, staff["p1"], logged.claim_no, S.VERIFIKASI, on_date=date(2020, 3, 16))
    with pytest.raises(ConflictError, match="Catat dulu anak"):
        claims.move_claim(db, staff["p2"], logged.claim_no, S.DITETAPKAN, on_date=date(2020, 3, 20))
    child = heirs.add_heir(
        db, staff["p1"], worker_registry.get_member(db, kpj=widowed.kpj).person_id,
        HeirInput("Rina", HeirRelation.ANAK, birth_date=date(2004, 2, 1)),
    )  # fmt: skip
    row = claims.move_claim(
        db, staff["p2"], logged.claim_no, S.DITETAPKAN, on_date=date(2020, 3, 20)
    )
    assert row.amount == 217_000_000
    assert [
        (s.heir_id, s.school_year, s.level, s.amount)
        for s in benefit_schedule.scholarships(db, row.claim_no)
    ] == [(child.id, 2020, "SMA", 3_000_000)]
    assert heirs.list_heirs(db, child.person_id)[0].school_level == "SMA"
