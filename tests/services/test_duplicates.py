"""Near duplicates: people who may already be registered under another NIK (real databases)."""

from __future__ import annotations

import json
from datetime import date

import pytest
from sqlalchemy import select

from bpjs_desktop.db.models import AuditEvent, Membership, Person
from bpjs_desktop.domain.identifiers import Sex
from bpjs_desktop.domain.names import NAME_SIMILARITY, name_similarity, normalise_name
from bpjs_desktop.domain.programmes import Segment
from bpjs_desktop.errors import ConflictError, ValidationError
from bpjs_desktop.services import worker_registry
from bpjs_desktop.services.membership_common import WorkerInput
from bpjs_desktop.services.similar_members import find_similar
from tests.conftest import fresh_nik
from tests.helpers import count

BIRTH = date(1990, 5, 15)


def siti(**overrides) -> WorkerInput:
    """Siti Aminah, a woman born 15/05/1990 (a NIK of her own), a wage earner from 01/02/2018 on
    Rp4.000.000 (give her employer); keyword arguments replace any field."""
    values = {
        "nik": fresh_nik(BIRTH, Sex.P),
        "name": "Siti Aminah",
        "birth_date": BIRTH,
        "sex": Sex.P,
        "segment": Segment.PU,
        "start_date": date(2018, 2, 1),
        "wage": 4_000_000,
    }
    return WorkerInput(**(values | overrides))


@pytest.fixture
def employer(make_employer):
    return make_employer()


@pytest.fixture
def register(db, admin, employer):
    """Register a wage earner by name, birth date and mother's name; return the row."""

    def make(name: str, birth: date = BIRTH, mother: str = "", sex: Sex = Sex.P, **extra):
        data = WorkerInput(
            nik=fresh_nik(birth, sex),
            name=name,
            birth_date=birth,
            sex=sex,
            segment=Segment.PU,
            start_date=date(2018, 2, 1),
            employer_npp=employer.npp,
            wage=4_000_000,
            mother_name=mother,
            **extra,
        )
        return worker_registry.register_worker(db, admin, data)

    return make


# --- names --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "normal"),
    [
        ("  siti   aminah ", "SITI AMINAH"),
        ("Hj. Siti Aminah, S.Pd.", "SITI AMINAH"),
        ("Dr. Ir. H. Ahmad Yani M.Si", "AHMAD YANI"),
        ("Ma'ruf Amin", "MARUF AMIN"),
        ("Nur-Hayati", "NURHAYATI"),
        ("José Rizal", "JOSE RIZAL"),
        ("Muhammad Ali ST", "MUHAMMAD ALI"),
        ("Haji", "HAJI"),  # a title that is the whole name stays: it is all there is
    ],
)
def test_names_are_normalised_without_case_spaces_punctuation_or_titles(typed, normal):
    """Honorifics before and degrees after a name, accents, dots and spacing do not count."""
    assert normalise_name(typed) == normal


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("SITI AMINAH", "AMINAH SITI"),  # same words, another order
        ("SITI AMINAH", "SITI AMINAH BINTI SALEH"),  # one is the first words of the other
        ("SITI AMINAH", "SITI AMINA"),  # a typing slip
        ("NUR HAYATI", "NURHAYATI"),  # a space more or less
    ],
)
def test_names_that_read_as_the_same_person_are_similar(a, b):
    assert name_similarity(a, b) >= NAME_SIMILARITY


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("BUDI", "BUDIMAN"),  # a longer name is not a longer spelling of a shorter one
        ("SITI AMINAH", "SITI FATIMAH"),
        ("AHMAD FAUZI", "JOKO SUSILO"),
        ("", "SITI"),
    ],
)
def test_different_names_are_not_similar(a, b):
    assert name_similarity(a, b) < NAME_SIMILARITY


# --- find_similar ----------------------------------------------------------------------------


def test_same_birth_date_and_a_misspelt_name_is_a_near_match(db, register):
    """SITI AMINA born the same day as SITI AMINAH is listed, with her KPJ and the reason."""
    existing = register("Siti Aminah")
    found = find_similar(db, name="Siti Amina", birth_date=BIRTH, mother_name="")
    assert [m.person_id for m in found] == [existing.person_id]
    match = found[0]
    assert match.kpj == existing.kpj
    assert match.nik == existing.nik
    assert "nama mirip" in match.reasons[0]
    assert match.membership.startswith("PU, ") and "aktif sejak 01/02/2018" in match.membership


@pytest.mark.parametrize("typed", ["Aminah Siti", "Siti", "Hj. Siti Aminah, S.Pd.", "SITI  AMINAH"])
def test_reordered_shortened_or_titled_names_match_on_the_same_birth_date(db, register, typed):
    """Word order, a name cut short, titles and spacing do not hide a registered person."""
    existing = register("Siti Aminah")
    found = find_similar(db, name=typed, birth_date=BIRTH)
    assert [m.person_id for m in found] == [existing.person_id]


def test_a_similar_name_born_on_another_day_is_not_a_match(db, register):
    """The name alone is not enough: SITI AMINAH born a day later is somebody else."""
    register("Siti Aminah", birth=date(1990, 5, 16))
    assert find_similar(db, name="Siti Aminah", birth_date=BIRTH) == []


def test_another_name_on_the_same_birth_date_is_not_a_match(db, register):
    """Thousands share a birthday: a different name on the same day is not listed."""
    register("Dewi Lestari")
    assert find_similar(db, name="Siti Aminah", birth_date=BIRTH) == []


def test_same_mother_and_birth_date_is_a_near_match_whatever_the_name(db, register):
    """A nickname on one record and the KTP name on another: the mother's name gives it away."""
    existing = register("Ani", mother="Sumiati")
    found = find_similar(db, name="Siti Aminah", birth_date=BIRTH, mother_name=" sumiati ")
    assert [m.person_id for m in found] == [existing.person_id]
    assert found[0].reasons == ("nama ibu kandung dan tanggal lahir sama",)


def test_same_mother_born_another_day_is_not_a_match(db, register):
    """Siblings share a mother: the same mother's name on another birthday is not listed."""
    register("Ani", birth=date(1990, 1, 3), mother="Sumiati")
    assert find_similar(db, name="Siti Aminah", birth_date=BIRTH, mother_name="Sumiati") == []


def test_an_empty_mother_name_matches_nobody(db, register):
    """Records without a mother's name are not all look-alikes of each other."""
    register("Ani", birth=date(1990, 1, 3), mother="")
    assert find_similar(db, name="Siti Aminah", birth_date=BIRTH, mother_name="") == []


def test_the_closest_match_comes_first(db, register):
    """Same day, same name and same mother ranks above a match on one ground only."""
    by_mother = register("Ani", mother="Sumiati")
    by_name = register("Siti Amina")
    both = register("Siti Aminah", mother="Sumiati")
    found = find_similar(db, name="Siti Aminah", birth_date=BIRTH, mother_name="Sumiati")
    assert [m.person_id for m in found] == [both.person_id, by_name.person_id, by_mother.person_id]
    assert len(found[0].reasons) == 2


def test_the_nik_being_registered_is_not_its_own_near_match(db, register):
    """exclude_nik leaves out the person being corrected (the exact NIK is a conflict instead)."""
    existing = register("Siti Aminah")
    found = find_similar(db, name="Siti Aminah", birth_date=BIRTH, exclude_nik=existing.nik)
    assert found == []


def test_the_list_is_cut_at_the_limit(db, register):
    """However common a name and birthday, at most *limit* candidates come back."""
    for _ in range(4):
        register("Siti Aminah")
    assert len(find_similar(db, name="Siti Aminah", birth_date=BIRTH, limit=3)) == 3


def test_a_person_whose_membership_ended_is_still_a_near_match(db, register, admin):
    """Somebody who left keeps their KPJ and history: they are listed with the end date."""
    existing = register("Siti Aminah")
    from bpjs_desktop.db.models import EndReason

    worker_registry.end_membership(db, admin, existing.kpj, date(2018, 6, 30), EndReason.PHK)
    found = find_similar(db, name="Siti Aminah", birth_date=BIRTH)
    assert found[0].kpj == existing.kpj
    assert "berakhir 30/06/2018" in found[0].membership


# --- registering despite a near match ---------------------------------------------------------


def test_proceeding_despite_near_matches_is_recorded_in_the_audit_event(db, admin, register):
    """The people the user judged to be someone else are named in the registration's event."""
    first = register("Siti Aminah")
    informal = {"segment": Segment.BPU, "office_code": "GRS", "declared_income": 1_000_000}
    data = siti(start_date=date(2018, 3, 1), wage=None, **informal)
    judged = (first.person_id, first.person_id)
    row = worker_registry.register_worker(db, admin, data, duplicate_override=judged)
    with db.read() as session:
        event = session.scalars(
            select(AuditEvent)
            .where(AuditEvent.action == "worker.register")
            .order_by(AuditEvent.id.desc())
        ).first()
    assert event.entity_id == str(row.membership_id)
    assert json.loads(event.detail)["duplicate_override"] == [first.person_id]


def test_a_registration_without_near_matches_records_no_override(db, register):
    """No override key when the user was not asked (the event says what happened, no more)."""
    row = register("Dewi Lestari")
    with db.read() as session:
        event = session.scalars(
            select(AuditEvent).where(
                AuditEvent.action == "worker.register",
                AuditEvent.entity_id == str(row.membership_id),
            )
        ).one()
    assert "duplicate_override" not in json.loads(event.detail)


# --- checking before asking ----------------------------------------------------------------


def test_validate_worker_refuses_what_register_worker_refuses_and_saves_nothing(
    db, admin, employer
):
    """The form checks a registration before asking about look-alikes: same errors, no writes."""
    # a woman, whose NIK says L; a digit in the name; no wage
    data = siti(nik=fresh_nik(BIRTH, Sex.L), name="B4di", employer_npp=employer.npp, wage=None)
    with pytest.raises(ValidationError) as exc:
        worker_registry.validate_worker(db, admin, data)
    assert {e.field for e in exc.value.errors} == {"sex", "name", "wage"}
    with pytest.raises(ValidationError) as again:
        worker_registry.register_worker(db, admin, data)
    assert again.value.errors == exc.value.errors
    assert count(db, Person) == 0
    assert count(db, Membership) == 0
    assert count(db, AuditEvent) == 1  # the employer's registration only


def test_validate_worker_names_the_holder_of_an_existing_nik(db, admin, register, employer):
    """An exact NIK match is a conflict naming the member, already at the check."""
    existing = register("Siti Aminah")
    data = siti(nik=existing.nik, name="Orang Lain", employer_npp=employer.npp)
    with pytest.raises(ConflictError) as exc:
        worker_registry.validate_worker(db, admin, data)
    assert "SITI AMINAH" in exc.value.message and existing.kpj in exc.value.message


def test_field_errors_and_segment_errors_are_reported_together(db, admin):
    """A bad NIK and a missing employer are named at once, not one per attempt."""
    data = siti(nik="3525", employer_npp="ABC")
    with pytest.raises(ValidationError) as exc:
        worker_registry.register_worker(db, admin, data)
    assert {e.field for e in exc.value.errors} == {"nik", "employer"}
