"""Changes and ends: corrections with old values kept, moves, ends, re-activation (real databases)."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from bpjs_desktop.db.models import AuditEvent, EndReason, Membership, Person
from bpjs_desktop.domain.claims import ClaimType
from bpjs_desktop.domain.identifiers import Sex, make_nik
from bpjs_desktop.domain.periods import today_wib
from bpjs_desktop.domain.programmes import Programme, Segment, SizeClass
from bpjs_desktop.errors import ConflictError, NotFoundError, ValidationError
from bpjs_desktop.services import agents_projects, claims, member_changes, worker_registry
from bpjs_desktop.services.membership_common import MembershipChanges, PersonChanges
from tests.conftest import fresh_nik
from tests.helpers import count, register_project


def events(db, action: str | None = None) -> list[tuple[str, dict]]:
    with db.read() as session:
        query = select(AuditEvent).order_by(AuditEvent.id)
        if action is not None:
            query = query.where(AuditEvent.action == action)
        return [(e.action, json.loads(e.detail)) for e in session.scalars(query)]


def fields(exc: pytest.ExceptionInfo[ValidationError]) -> set[str]:
    return {e.field for e in exc.value.errors}


@pytest.fixture
def employer(make_employer):
    return make_employer(size_class=SizeClass.MENENGAH)


@pytest.fixture
def worker(make_worker, employer):
    """A wage earner of a medium employer: Budi Santoso, born 15/05/1990, from 02/01/2018."""
    return make_worker(employer_npp=employer.npp, mother_name="Sumiati", job_title="Operator")


@pytest.fixture
def bpu_worker(make_worker):
    return make_worker(
        segment=Segment.BPU, office_code="GRS", declared_income=1_000_000, wage=None,
        start_date=date(2018, 1, 2),
    )  # fmt: skip


def ended_in_march(db, admin, kpj, reason):
    """End the membership on 31/03/2018 for *reason*."""
    return worker_registry.end_membership(db, admin, kpj, date(2018, 3, 31), reason)


# --- correcting a person -------------------------------------------------------------------------


def test_a_name_correction_keeps_the_old_name_in_the_audit_event(db, admin, worker):
    """The event of a correction carries the old and the new value of each field changed."""
    row = member_changes.update_person(
        db, admin, worker.person_id, PersonChanges(name="budi  santosa", phone="0812 345")
    )
    assert row.name == "BUDI SANTOSA"
    assert row.phone == "0812 345"
    [(_action, detail)] = events(db, "person.update")
    assert detail["changes"] == {
        "name": {"old": "BUDI SANTOSO", "new": "BUDI SANTOSA"},
        "phone": {"old": "", "new": "0812 345"},
    }


def test_saving_without_a_difference_writes_nothing(db, admin, worker):
    """Re-typing the same values is not a change: no event is recorded."""
    before = count(db, AuditEvent)
    member_changes.update_person(db, admin, worker.person_id, PersonChanges(name="Budi Santoso"))
    member_changes.update_membership(db, admin, worker.kpj, MembershipChanges(wage=worker.wage))
    assert count(db, AuditEvent) == before


def test_a_corrected_name_is_held_to_the_registration_rule(db, admin, worker):
    """A name with digits is refused on the name field, as at registration; nothing changes."""
    with pytest.raises(ValidationError) as exc:
        member_changes.update_person(db, admin, worker.person_id, PersonChanges(name="Bud1"))
    assert fields(exc) == {"name"}
    assert worker_registry.get_member(db, kpj=worker.kpj).name == "BUDI SANTOSO"


def test_a_birth_date_that_disagrees_with_the_nik_is_refused(db, admin, worker):
    """The NIK encodes 15/05/1990: a birth date of 16/05/1990 alone is refused on birth_date."""
    with pytest.raises(ValidationError) as exc:
        member_changes.update_person(
            db, admin, worker.person_id, PersonChanges(birth_date=date(1990, 5, 16))
        )
    assert fields(exc) == {"birth_date"}


def test_nik_birth_date_and_sex_corrected_together_are_accepted(db, admin, worker):
    """A NIK typed wrong at registration is corrected with the birth data it encodes; the
    regency follows the new NIK and the event names both NIKs, masked."""
    new_nik = make_nik("3578", 2, date(1991, 6, 20), Sex.P, 77)
    row = member_changes.update_person(
        db,
        admin,
        worker.person_id,
        PersonChanges(nik=new_nik, birth_date=date(1991, 6, 20), sex=Sex.P),
    )
    assert (row.nik, row.birth_date, row.sex, row.regency_code) == (
        new_nik,
        date(1991, 6, 20),
        Sex.P,
        "3578",
    )
    [(_, detail)] = events(db, "person.update")
    # Masked in the trail: the first and last four digits say which NIK, never the whole of it.
    assert detail["changes"]["nik"] == {
        "old": worker.nik[:4] + "••••••••" + worker.nik[-4:],
        "new": new_nik[:4] + "••••••••" + new_nik[-4:],
    }
    assert detail["changes"]["regency_code"] == {"old": "3525", "new": "3578"}


def test_a_nik_held_by_someone_else_is_refused_naming_them(
    db, admin, worker, make_worker, employer
):
    """Correcting a NIK into one that is registered names its holder; nothing changes."""
    other = make_worker(employer_npp=employer.npp, name="Ahmad Fauzi")
    with pytest.raises(ConflictError) as exc:
        member_changes.update_person(db, admin, worker.person_id, PersonChanges(nik=other.nik))
    assert "AHMAD FAUZI" in exc.value.message and other.kpj in exc.value.message
    assert worker_registry.get_member(db, kpj=worker.kpj).nik == worker.nik


def test_a_birth_date_making_the_member_too_young_is_refused(db, admin, worker):
    """A corrected birth date must leave the member 15 or older at their first start date."""
    young = date(2005, 5, 15)
    nik = make_nik("3525", 3, young, Sex.L, 12)
    with pytest.raises(ValidationError) as exc:
        member_changes.update_person(
            db, admin, worker.person_id, PersonChanges(nik=nik, birth_date=young)
        )
    assert "birth_date" in fields(exc)


def test_an_unknown_person_is_not_found(db, admin):
    with pytest.raises(NotFoundError):
        member_changes.update_person(db, admin, 999, PersonChanges(name="Siapa"))


# --- changing a membership -----------------------------------------------------------------------


def test_a_wage_change_keeps_the_old_wage_in_the_audit_event(db, admin, worker):
    """A raise is saved and its event says from what to what."""
    row = member_changes.update_membership(db, admin, worker.kpj, MembershipChanges(wage=5_250_000))
    assert row.wage == 5_250_000
    [(_, detail)] = events(db, "membership.update")
    assert detail["membership"] == {"wage": {"old": 4_000_000, "new": 5_250_000}}
    assert detail["kpj"] == worker.kpj


@pytest.mark.parametrize("wage", [0, -100])
def test_a_wage_of_zero_or_less_is_refused(db, admin, worker, wage):
    with pytest.raises(ValidationError) as exc:
        member_changes.update_membership(db, admin, worker.kpj, MembershipChanges(wage=wage))
    assert fields(exc) == {"wage"}
    assert worker_registry.get_member(db, kpj=worker.kpj).wage == 4_000_000


def test_dropping_a_mandatory_programme_is_refused(db, admin, worker):
    """A medium employer's worker cannot leave JP (Perpres 109/2013), as at registration."""
    changes = MembershipChanges(programmes=frozenset({Programme.JKK, Programme.JKM, Programme.JHT}))
    with pytest.raises(ValidationError) as exc:
        member_changes.update_membership(db, admin, worker.kpj, changes)
    assert fields(exc) == {"programmes"}


def test_jkp_may_be_added_for_a_worker_young_enough_at_registration(db, admin, worker):
    """JKP exists today; the worker was 27 when registered, under 54: it is accepted."""
    full = frozenset({Programme.JKK, Programme.JKM, Programme.JHT, Programme.JP, Programme.JKP})
    row = member_changes.update_membership(
        db, admin, worker.kpj, MembershipChanges(programmes=full)
    )
    assert row.programmes == "JKK,JKM,JHT,JP,JKP"
    [(_, detail)] = events(db, "membership.update")
    assert detail["membership"]["programmes"] == {
        "old": "JKK,JKM,JHT,JP",
        "new": "JKK,JKM,JHT,JP,JKP",
    }


def test_an_informal_member_may_add_jht_and_a_new_income_band(db, admin, bpu_worker):
    """BPU: JHT is optional; the income is stored as the floor of its band."""
    changes = MembershipChanges(
        declared_income=2_350_000,
        programmes=frozenset({Programme.JKK, Programme.JKM, Programme.JHT}),
    )
    row = member_changes.update_membership(db, admin, bpu_worker.kpj, changes)
    assert row.programmes == "JKK,JKM,JHT"
    detail = worker_registry.get_member_detail(db, bpu_worker.kpj)
    assert detail.declared_income == 2_300_000


def test_an_informal_member_has_no_wage_and_no_income_below_the_minimum(db, admin, bpu_worker):
    """A wage on a BPU membership and an income under Rp1.000.000 are both named."""
    changes = MembershipChanges(wage=3_000_000, declared_income=900_000)
    with pytest.raises(ValidationError) as exc:
        member_changes.update_membership(db, admin, bpu_worker.kpj, changes)
    assert fields(exc) == {"wage", "income"}


def test_a_migrant_workers_contract_may_be_extended(db, admin, make_worker):
    """PMI: contract months and destination change; other segments have neither."""
    pmi = make_worker(
        segment=Segment.PMI, office_code="GRS", contract_months=12, destination="Taiwan", wage=None
    )
    changes = MembershipChanges(contract_months=24, destination="Hong Kong")
    member_changes.update_membership(db, admin, pmi.kpj, changes)
    detail = worker_registry.get_member_detail(db, pmi.kpj)
    assert (detail.contract_months, detail.destination) == (24, "Hong Kong")


def test_an_ended_membership_cannot_be_changed(db, admin, worker):
    """Changes apply to an active membership; an ended one must be re-activated first."""
    worker_registry.end_membership(db, admin, worker.kpj, date(2018, 6, 30), EndReason.PHK)
    with pytest.raises(ConflictError):
        member_changes.update_membership(db, admin, worker.kpj, MembershipChanges(wage=5_000_000))


def test_person_and_membership_changes_are_saved_together_or_not_at_all(db, admin, worker):
    """One bad field in either part refuses both: the good name correction is not half-saved."""
    with pytest.raises(ValidationError) as exc:
        member_changes.update_worker(
            db,
            admin,
            worker.kpj,
            person=PersonChanges(name="Budi Santosa"),
            membership=MembershipChanges(wage=0),
        )
    assert fields(exc) == {"wage"}
    assert worker_registry.get_member(db, kpj=worker.kpj).name == "BUDI SANTOSO"
    member_changes.update_worker(
        db,
        admin,
        worker.kpj,
        person=PersonChanges(name="Budi Santosa"),
        membership=MembershipChanges(wage=4_500_000, job_title="Mandor"),
    )
    [(_action, detail)] = events(db, "worker.update")
    assert detail["person"] == {"name": {"old": "BUDI SANTOSO", "new": "BUDI SANTOSA"}}
    assert detail["membership"] == {
        "wage": {"old": 4_000_000, "new": 4_500_000},
        "job_title": {"old": "Operator", "new": "Mandor"},
    }


def test_member_detail_holds_the_fields_the_edit_dialog_shows(db, worker, employer):
    detail = worker_registry.get_member_detail(db, worker.kpj)
    assert detail.worker.kpj == worker.kpj
    assert detail.person.mother_name == "SUMIATI"
    assert detail.job_title == "Operator"
    assert detail.employer_size_class is SizeClass.MENENGAH
    assert detail.employer_regency_code == "3525"


# --- moving to another employer ------------------------------------------------------------------


def test_moving_ends_the_old_membership_the_day_before_and_opens_a_new_one(
    db, admin, worker, make_employer
):
    """Same person, new employer, new KPJ; the old one ends PINDAH the day before; one event."""
    before = count(db, AuditEvent)
    target = make_employer(name="PT Tujuan Baru", size_class=SizeClass.KECIL)
    new = member_changes.move_worker(db, admin, worker.kpj, target.npp, date(2018, 5, 1))
    assert new.kpj != worker.kpj and len(new.kpj) == 11
    assert new.person_id == worker.person_id
    assert (new.employer_npp, new.start_date, new.wage) == (target.npp, date(2018, 5, 1), 4_000_000)
    assert new.programmes == "JKK,JKM,JHT"  # the small employer's programmes
    old = worker_registry.get_member(db, kpj=worker.kpj)
    assert (old.end_date, old.end_reason) == (date(2018, 4, 30), EndReason.PINDAH)
    assert count(db, AuditEvent) == before + 2  # the target's registration and the move
    [(_, detail)] = events(db, "membership.move")
    assert (detail["from_kpj"], detail["kpj"], detail["npp"]) == (worker.kpj, new.kpj, target.npp)
    assert worker_registry.get_member(db, nik=worker.nik).kpj == new.kpj


def test_moving_with_a_new_wage(db, admin, worker, make_employer):
    target = make_employer()
    new = member_changes.move_worker(db, admin, worker.kpj, target.npp, date(2018, 5, 1), 6_000_000)
    assert new.wage == 6_000_000


@pytest.mark.parametrize(
    ("npp", "on", "field"),
    [
        ("SAME", date(2018, 5, 1), "employer"),
        ("17999999", date(2018, 5, 1), "employer"),
        ("BAD", date(2018, 5, 1), "employer"),
        ("OTHER", date(2018, 1, 2), "start_date"),  # the day the old membership started
        ("OTHER", date(2017, 12, 1), "start_date"),
    ],
)
def test_a_refused_move_changes_nothing(db, admin, worker, employer, make_employer, npp, on, field):
    """The same employer, an unknown or malformed NPP, a date not after the old start: refused,
    and the old membership stays active."""
    other = make_employer()
    npp = {"SAME": employer.npp, "OTHER": other.npp}.get(npp, npp)
    with pytest.raises(ValidationError) as exc:
        member_changes.move_worker(db, admin, worker.kpj, npp, on)
    assert field in fields(exc)
    assert worker_registry.get_member(db, kpj=worker.kpj).end_date is None
    assert count(db, Membership) == 1


def test_a_move_to_an_employer_registered_later_is_refused(db, admin, worker, make_employer):
    """The new employer must be registered on the day of the move."""
    late = make_employer(registered_on=date(2018, 6, 1))
    with pytest.raises(ValidationError) as exc:
        member_changes.move_worker(db, admin, worker.kpj, late.npp, date(2018, 5, 1))
    assert "start_date" in fields(exc)


def test_an_ended_membership_cannot_be_moved(db, admin, worker, make_employer):
    worker_registry.end_membership(db, admin, worker.kpj, date(2018, 3, 31), EndReason.PHK)
    with pytest.raises(ConflictError):
        member_changes.move_worker(db, admin, worker.kpj, make_employer().npp, date(2018, 5, 1))


# --- ending --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("segment", "reason"),
    [
        (Segment.PU, EndReason.BERHENTI_MEMBAYAR),  # only informal members stop paying
        (Segment.BPU, EndReason.PHK),  # nobody dismisses a self-employed member
        (Segment.PU, EndReason.PINDAH),  # a move goes through move_worker
    ],
)
def test_an_end_reason_that_does_not_fit_the_segment_is_refused(
    db, admin, worker, bpu_worker, segment, reason
):
    kpj = worker.kpj if segment is Segment.PU else bpu_worker.kpj
    with pytest.raises(ValidationError) as exc:
        worker_registry.end_membership(db, admin, kpj, date(2018, 6, 30), reason)
    assert fields(exc) == {"reason"}
    assert worker_registry.get_member(db, kpj=kpj).end_date is None


def test_every_segment_offers_its_reasons_and_never_pindah():
    for segment in Segment:
        reasons = worker_registry.end_reasons_for(segment)
        assert EndReason.MENINGGAL in reasons
        assert EndReason.PINDAH not in reasons
        assert all(worker_registry.end_reason_label(r) for r in reasons)


# --- re-activating -------------------------------------------------------------------------------


def test_an_informal_member_back_within_the_grace_months_keeps_the_kpj(db, admin, bpu_worker):
    """BPU stopped paying at the end of March and comes back in June: same KPJ, no gap."""
    ended_in_march(db, admin, bpu_worker.kpj, EndReason.BERHENTI_MEMBAYAR)
    row = member_changes.reactivate(db, admin, bpu_worker.kpj, date(2018, 6, 15))
    assert row.kpj == bpu_worker.kpj
    assert (row.end_date, row.end_reason, row.start_date) == (None, None, date(2018, 1, 2))
    [(_, detail)] = events(db, "membership.reactivate")
    assert detail["mode"] == "reopened"
    assert detail["ended"] == "2018-03-31" and detail["reason"] == "BERHENTI_MEMBAYAR"


def test_an_informal_member_back_after_the_grace_gets_a_new_membership(db, admin, bpu_worker):
    """Past three months the old membership stays ended (reports keep the gap): a new KPJ."""
    ended_in_march(db, admin, bpu_worker.kpj, EndReason.BERHENTI_MEMBAYAR)
    row = member_changes.reactivate(db, admin, bpu_worker.kpj, date(2018, 7, 2))
    assert row.kpj != bpu_worker.kpj
    assert (row.person_id, row.segment) == (bpu_worker.person_id, Segment.BPU)
    assert row.start_date == date(2018, 7, 2)
    assert worker_registry.get_member(db, kpj=bpu_worker.kpj).end_date == date(2018, 3, 31)
    [(_, detail)] = events(db, "membership.reactivate")
    assert (detail["mode"], detail["from_kpj"]) == ("new", bpu_worker.kpj)


def test_a_wage_earner_rehired_the_next_day_continues(db, admin, worker):
    """An end cancelled the day after keeps the same membership."""
    ended_in_march(db, admin, worker.kpj, EndReason.MENGUNDURKAN_DIRI)
    row = member_changes.reactivate(db, admin, worker.kpj, date(2018, 4, 1))
    assert row.kpj == worker.kpj and row.end_date is None


def test_a_wage_earner_rehired_months_later_gets_a_new_membership(db, admin, worker):
    ended_in_march(db, admin, worker.kpj, EndReason.MENGUNDURKAN_DIRI)
    row = member_changes.reactivate(db, admin, worker.kpj, date(2018, 9, 3))
    assert row.kpj != worker.kpj
    kept = (worker.employer_npp, worker.wage, worker.programmes)
    assert (row.employer_npp, row.wage, row.programmes) == kept


def test_a_full_jht_claim_makes_even_a_next_day_return_a_new_membership(
    db, admin, make_user, worker
):
    """Once the JHT balance is claimed, the old membership is closed for good."""
    ended_in_march(db, admin, worker.kpj, EndReason.MENGUNDURKAN_DIRI)
    claims.log_claim(
        db,
        admin,
        claims.ClaimInput(worker.kpj, ClaimType.JHT_PENUH, date(2018, 3, 31), "mengundurkan diri"),
    )
    row = member_changes.reactivate(db, admin, worker.kpj, date(2018, 4, 1))
    assert row.kpj != worker.kpj


def test_a_member_who_died_is_refused_with_the_reason(db, admin, worker):
    worker_registry.end_membership(db, admin, worker.kpj, date(2018, 3, 31), EndReason.MENINGGAL)
    with pytest.raises(ConflictError) as exc:
        member_changes.reactivate(db, admin, worker.kpj, date(2018, 4, 1))
    assert "meninggal" in exc.value.message
    assert count(db, Membership) == 1


def test_a_member_who_moved_is_refused_with_the_reason(db, admin, worker, make_employer):
    member_changes.move_worker(db, admin, worker.kpj, make_employer().npp, date(2018, 5, 1))
    with pytest.raises(ConflictError) as exc:
        member_changes.reactivate(db, admin, worker.kpj, date(2018, 5, 2))
    assert "pindah" in exc.value.message


def test_an_active_membership_is_not_reactivated(db, admin, worker):
    with pytest.raises(ConflictError):
        member_changes.reactivate(db, admin, worker.kpj, date(2018, 5, 2))


@pytest.mark.parametrize("on", [date(2017, 12, 1), today_wib() + timedelta(days=1)])
def test_a_reactivation_date_before_the_start_or_in_the_future_is_refused(db, admin, worker, on):
    worker_registry.end_membership(db, admin, worker.kpj, date(2018, 3, 31), EndReason.PHK)
    with pytest.raises(ValidationError) as exc:
        member_changes.reactivate(db, admin, worker.kpj, on)
    assert fields(exc) == {"start_date"}


# --- wage warning ------------------------------------------------------------------------------


def test_a_wage_below_the_umk_warns_with_the_minimum():
    """Surabaya 2018: UMK Rp3.583.312; Rp3.000.000 warns, naming the UMK and the amounts."""
    text = worker_registry.wage_warning(3_000_000, "3578", date(2018, 3, 1))
    assert text is not None
    assert "UMK Kota Surabaya 2018" in text
    assert "Rp3.583.312" in text and "Rp3.000.000" in text


def test_a_wage_at_the_umk_does_not_warn():
    assert worker_registry.wage_warning(3_583_312, "3578", date(2018, 3, 1)) is None


def test_a_regency_without_its_own_umk_on_record_falls_back_to_the_ump():
    text = worker_registry.wage_warning(1_000_000, "3501", date(2018, 3, 1))  # Pacitan
    assert text is not None and "UMP Jawa Timur" in text


def test_a_year_without_minimum_wages_on_record_says_so():
    text = worker_registry.wage_warning(1_000_000, "3578", date(2020, 3, 1))
    assert text is not None and "belum tercatat" in text


# --- look-ups ------------------------------------------------------------------------------------


def test_projects_and_agents_are_found_by_their_numbers(db, admin, employer):
    project = register_project(db, admin, employer.npp, contract_value=2_000_000_000)
    found = agents_projects.get_project(db, f" {project.project_no} ")
    assert (found.employer_name, found.contribution, found.office_code) == (
        employer.name,
        2_950_000,  # domain.md §4.6: JKK 2.640.000 + JKM 310.000
        "GRS",
    )
    nik = fresh_nik(date(1985, 3, 3))
    agents_projects.register_agent(
        db, admin, nik=nik, name="Agen Satu", office_code="GRS", joined_on=date(2018, 2, 1)
    )
    assert agents_projects.get_agent(db, nik).name == "AGEN SATU"
    with pytest.raises(NotFoundError):
        agents_projects.get_project(db, "1800000009999")
    assert count(db, Person) == 0
