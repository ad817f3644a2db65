"""Heirs as records (ahli waris), and what a decided claim pays over time (issue #10).

The scholarship and pension amounts below are figures the benefit rules give (their engineer's
domain functions); here they are only recorded: SMA Rp3.000.000 a year (PP 82/2019, domain.md
§5.1 [S34]).
"""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from bpjs_desktop.db.models import AuditEvent, Claim, EndReason, Membership, Role
from bpjs_desktop.domain.claim_details import Heir, HeirRelation, JkmDetail
from bpjs_desktop.domain.claims import ClaimState, ClaimType
from bpjs_desktop.domain.periods import Period
from bpjs_desktop.domain.programmes import SizeClass
from bpjs_desktop.errors import ConflictError, PermissionDeniedError, ValidationError
from bpjs_desktop.services import benefit_schedule, claims, heirs, worker_registry
from bpjs_desktop.services.claims import ClaimInput
from bpjs_desktop.services.heirs import HeirInput

from ..conftest import fresh_nik

S = ClaimState


@pytest.fixture
def staff(staff, make_user):
    """Two front-office staff (tests/services/conftest.py) and an AR of KC Gresik."""
    return staff | {"ar": make_user(Role.AR, "GRS", "ar.satu")}


@pytest.fixture
def deceased(db, admin, make_employer, make_worker):
    """A worker born 15/05/1990 who died on 10/12/2019 (PP 82/2019 in force)."""
    employer = make_employer(size_class=SizeClass.MENENGAH)
    worker = make_worker(employer_npp=employer.npp, start_date=date(2018, 1, 2))
    worker_registry.end_membership(db, admin, worker.kpj, date(2019, 12, 10), EndReason.MENINGGAL)
    return worker


def person_id(db, kpj):
    return worker_registry.get_member(db, kpj=kpj).person_id


def test_heirs_are_listed_in_order_of_entitlement(db, staff, deceased):
    """Spouse, then children (eldest first), then parents, then others, whatever the order typed."""
    pid = person_id(db, deceased.kpj)
    p1 = staff["p1"]
    heirs.add_heir(db, p1, pid, HeirInput("Sumarni", HeirRelation.ORANG_TUA))
    heirs.add_heir(db, p1, pid, HeirInput("Dewi", HeirRelation.ANAK, birth_date=date(2015, 3, 1),
                                          school_level="sd"))  # fmt: skip
    heirs.add_heir(db, p1, pid, HeirInput("Siti  Aminah", HeirRelation.PASANGAN,
                                          nik=fresh_nik(date(1992, 1, 3))))  # fmt: skip
    heirs.add_heir(db, p1, pid, HeirInput("Adi", HeirRelation.ANAK, birth_date=date(2012, 7, 9)))
    rows = heirs.list_heirs(db, pid)
    assert [(r.name, r.rank) for r in rows] == [
        ("SITI AMINAH", 1),
        ("ADI", 2),
        ("DEWI", 2),
        ("SUMARNI", 3),
    ]
    assert rows[2].school_level == "SD"
    assert heirs.heirs_of_kpj(db, deceased.kpj) == rows
    with db.read() as session:
        events = session.scalars(select(AuditEvent).where(AuditEvent.action == "heir.add")).all()
    assert len(events) == 4
    assert all("nik" not in e.detail for e in events)  # no personal data in the audit trail


def test_wrong_heir_data_is_refused_with_every_reason(db, staff, deceased):
    pid = person_id(db, deceased.kpj)
    with pytest.raises(ValidationError) as caught:
        heirs.add_heir(
            db, staff["p1"], pid,
            HeirInput(" ", HeirRelation.PASANGAN, nik="1234", school_level="SMA",
                      birth_date=date(2999, 1, 1)),
        )  # fmt: skip
    assert {e.field for e in caught.value.errors} == {"name", "nik", "school_level", "birth_date"}
    with pytest.raises(ValidationError, match="Tanggal lahir anak"):
        heirs.add_heir(
            db, staff["p1"], pid, HeirInput("Adi", HeirRelation.ANAK, birth_date=date(1980, 1, 1))
        )
    with pytest.raises(ValidationError, match="TK, SD, SMP, SMA, PT"):
        heirs.add_heir(db, staff["p1"], pid, HeirInput("Adi", HeirRelation.ANAK, school_level="S2"))
    with pytest.raises(PermissionDeniedError):
        heirs.add_heir(db, staff["ar"], pid, HeirInput("Adi", HeirRelation.ANAK))


def test_an_heir_is_corrected_and_removed_with_audit_events(db, staff, deceased):
    pid = person_id(db, deceased.kpj)
    row = heirs.add_heir(db, staff["p1"], pid, HeirInput("Adi", HeirRelation.ANAK))
    changed = heirs.update_heir(
        db, staff["p1"], row.id,
        HeirInput("Adi Saputra", HeirRelation.ANAK, school_level="SMP", statement_received=True),
    )  # fmt: skip
    assert (changed.name, changed.school_level, changed.statement_received) == (
        "ADI SAPUTRA",
        "SMP",
        True,
    )
    heirs.remove_heir(db, staff["p1"], row.id)
    assert heirs.list_heirs(db, pid) == []
    with db.read() as session:
        actions = session.scalars(
            select(AuditEvent.action).where(AuditEvent.entity == "heir").order_by(AuditEvent.id)
        ).all()
    assert actions == ["heir.add", "heir.update", "heir.remove"]


def log_jkm(db, staff, kpj, declared):
    return claims.log_claim(
        db, staff["p1"],
        ClaimInput(kpj=kpj, claim_type=ClaimType.JKM, event_date=date(2019, 12, 10),
                   submitted_on=date(2019, 12, 16), detail=JkmDetail(declared)),
    )  # fmt: skip


def test_a_jkm_claim_records_its_declared_heirs_when_none_are_on_record(db, staff, deceased):
    """The heirs declared on the JKM claim become records; the claim page reads the records."""
    declared = (
        Heir("Siti Aminah", HeirRelation.PASANGAN),
        Heir("Adi", HeirRelation.ANAK),
    )
    row = log_jkm(db, staff, deceased.kpj, declared)
    on_record = heirs.heirs_of_kpj(db, deceased.kpj)
    assert [(h.name, h.relation) for h in on_record] == [
        ("SITI AMINAH", HeirRelation.PASANGAN),
        ("ADI", HeirRelation.ANAK),
    ]
    assert claims.claim_heirs(db, row.claim_no) == on_record
    assert claims.claim_view(db, row.claim_no).heirs == tuple(on_record)
    # The claim keeps what was declared.
    assert claims.claim_view(db, row.claim_no).detail == JkmDetail(declared)


def test_heirs_on_record_are_not_overwritten_by_a_claim(db, staff, deceased):
    pid = person_id(db, deceased.kpj)
    heirs.add_heir(db, staff["p1"], pid, HeirInput("Siti Aminah", HeirRelation.PASANGAN))
    log_jkm(db, staff, deceased.kpj, (Heir("Orang Lain", HeirRelation.LAINNYA),))
    assert [h.name for h in heirs.list_heirs(db, pid)] == ["SITI AMINAH"]


def decided_jkm(db, staff, kpj, declared):
    row = log_jkm(db, staff, kpj, declared)
    for document in claims.claim_view(db, row.claim_no).missing:
        claims.receive_document(
            db, staff["p1"], row.claim_no, document.code, received_on=date(2019, 12, 17)
        )
    claims.move_claim(db, staff["p1"], row.claim_no, S.VERIFIKASI, on_date=date(2019, 12, 17))
    claims.move_claim(db, staff["p2"], row.claim_no, S.DITETAPKAN, on_date=date(2019, 12, 18))
    return row.claim_no


def test_scholarship_years_are_recorded_per_child_at_most_two(db, staff, deceased):
    """Three children on record: two may hold scholarship years, the third is refused (PP 82/2019:
    at most 2 children). Amounts are the schedule's, e.g. SMA Rp3.000.000 for a year."""
    pid = person_id(db, deceased.kpj)
    children = [
        heirs.add_heir(db, staff["p1"], pid, HeirInput(name, HeirRelation.ANAK, school_level=level))
        for name, level in (("Adi", "SMA"), ("Budi", "SMP"), ("Cici", "SD"))
    ]
    spouse = heirs.add_heir(db, staff["p1"], pid, HeirInput("Siti", HeirRelation.PASANGAN))
    claim_no = decided_jkm(db, staff, deceased.kpj, (Heir("Siti", HeirRelation.PASANGAN),))
    first = benefit_schedule.record_scholarship(
        db, staff["p1"], claim_no, children[0].id, 2020, "SMA", 3_000_000,
        applied_on=date(2020, 7, 15),
    )  # fmt: skip
    benefit_schedule.record_scholarship(
        db, staff["p1"], claim_no, children[1].id, 2020, "SMP", 2_000_000
    )
    with pytest.raises(ValidationError, match="paling banyak untuk 2 anak"):
        benefit_schedule.record_scholarship(
            db, staff["p1"], claim_no, children[2].id, 2020, "SD", 1_500_000
        )
    with pytest.raises(ValidationError, match="hanya untuk anak"):
        benefit_schedule.record_scholarship(
            db, staff["p1"], claim_no, spouse.id, 2020, "SMA", 3_000_000
        )
    with pytest.raises(ConflictError):
        benefit_schedule.record_scholarship(
            db, staff["p1"], claim_no, children[0].id, 2020, "SMA", 3_000_000
        )
    paid = benefit_schedule.mark_scholarship_paid(db, staff["p1"], first.id, date(2020, 7, 20))
    assert paid.paid_on == date(2020, 7, 20)
    assert [
        (r.heir_id, r.level, r.amount) for r in benefit_schedule.scholarships(db, claim_no)
    ] == [
        (children[0].id, "SMA", 3_000_000),
        (children[1].id, "SMP", 2_000_000),
    ]
    # An heir named on a scholarship is not removed.
    with pytest.raises(ValidationError, match="tidak dapat dihapus"):
        heirs.remove_heir(db, staff["p1"], children[0].id)


def test_pension_payments_belong_to_a_decided_monthly_pension(db, staff, deceased):
    """A JKM claim has no pension payments; an undecided or unknown claim neither."""
    claim_no = decided_jkm(db, staff, deceased.kpj, (Heir("Siti", HeirRelation.PASANGAN),))
    with pytest.raises(ValidationError, match="tidak mempunyai pembayaran ini"):
        benefit_schedule.record_pension_payment(db, staff["p1"], claim_no, Period(2020, 1), 393_500)


def test_monthly_pension_payments_are_recorded_per_heir_and_month(db, staff, deceased):
    """A decided survivors' pension (JP berkala) pays the widow month by month: the amount is the
    JP rules' (here the 2024 floor, Rp393.500, PP 45/2015 as indexed [S8]); one row per heir and
    month, paid on a date not before the decision."""
    pid = person_id(db, deceased.kpj)
    widow = heirs.add_heir(db, staff["p1"], pid, HeirInput("Siti", HeirRelation.PASANGAN))
    with db.write() as session:  # the JP rules of survivors are not the records' concern here
        membership_id, office_id = session.execute(
            select(Membership.id, Membership.office_id).where(Membership.kpj == deceased.kpj)
        ).one()
        session.add(
            Claim(
                claim_no="GRS-202001-00001", membership_id=membership_id, office_id=office_id,
                claim_type=ClaimType.JP_BERKALA, programme="JP", state=S.DITETAPKAN,
                event_date=date(2019, 12, 10), submitted_on=date(2019, 12, 16),
                decided_on=date(2020, 1, 6), amount=393_500,
            )
        )  # fmt: skip
    january = benefit_schedule.record_pension_payment(
        db, staff["p1"], "GRS-202001-00001", Period(2020, 1), 393_500, heir_id=widow.id
    )
    benefit_schedule.record_pension_payment(
        db, staff["p1"], "GRS-202001-00001", Period(2020, 2), 393_500, heir_id=widow.id
    )
    with pytest.raises(ConflictError):
        benefit_schedule.record_pension_payment(
            db, staff["p1"], "GRS-202001-00001", Period(2020, 1), 393_500, heir_id=widow.id
        )
    with pytest.raises(ValidationError, match="sebelum"):
        benefit_schedule.mark_pension_paid(db, staff["p1"], january.id, date(2020, 1, 2))
    paid = benefit_schedule.mark_pension_paid(db, staff["p1"], january.id, date(2020, 1, 10))
    assert paid.paid_on == date(2020, 1, 10)
    rows = benefit_schedule.pension_payments(db, "GRS-202001-00001")
    assert [(str(r.period), r.heir_id, r.amount, r.paid_on) for r in rows] == [
        ("2020-01", widow.id, 393_500, date(2020, 1, 10)),
        ("2020-02", widow.id, 393_500, None),
    ]
