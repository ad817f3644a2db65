"""Membership service: employers, workers of every segment, agents, projects (real databases)."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from datetime import date

import pytest

from bpjs_desktop.db.models import (
    AuditEvent,
    Employer,
    EndReason,
    Membership,
    Person,
    Project,
    Role,
)
from bpjs_desktop.domain.contributions import jakon_contribution
from bpjs_desktop.domain.identifiers import Sex
from bpjs_desktop.domain.programmes import Programme, RiskGroup, Segment, SizeClass
from bpjs_desktop.errors import ConflictError, KnownError, ValidationError
from bpjs_desktop.services import agents_projects, employer_registry, worker_registry
from bpjs_desktop.services.membership_common import EmployerInput, WorkerInput
from tests.conftest import fresh_nik
from tests.helpers import count, register_project


def fields(exc: pytest.ExceptionInfo[ValidationError]) -> set[str]:
    return {e.field for e in exc.value.errors}


def worker_refused(db, admin, data: WorkerInput) -> set[str]:
    """Register `data`, which must be refused; return the fields the refusal names."""
    with pytest.raises(ValidationError) as exc:
        worker_registry.register_worker(db, admin, data)
    return fields(exc)


def employer_refused(db, admin, data: EmployerInput) -> set[str]:
    """Register the employer `data`, which must be refused; return the fields named."""
    with pytest.raises(ValidationError) as exc:
        employer_registry.register_employer(db, admin, data)
    return fields(exc)


def employer_input(**overrides) -> EmployerInput:
    values = {
        "name": "PT Semen Gresik Jaya",
        "kbli": "10710",
        "size_class": SizeClass.MENENGAH,
        "office_code": "GRS",
        "regency_code": "3525",
        "registered_on": date(2017, 3, 1),
    }
    values.update(overrides)
    return EmployerInput(**values)


def worker_input(**overrides) -> WorkerInput:
    birth = overrides.pop("birth_date", date(1990, 5, 15))
    sex = overrides.pop("sex", Sex.L)
    values = {
        "nik": fresh_nik(birth, sex),
        "name": "Siti Aminah",
        "birth_date": birth,
        "sex": sex,
        "segment": Segment.PU,
        "start_date": date(2018, 2, 1),
        "wage": 4_000_000,
    }
    values.update(overrides)
    return WorkerInput(**values)


def bpu_input(**overrides) -> WorkerInput:
    """An informal worker (BPU) registered at Gresik on the lowest income band, Rp1.000.000."""
    values = {"segment": Segment.BPU, "office_code": "GRS", "declared_income": 1_000_000}
    return worker_input(**(values | overrides))


def register_agent(db, admin, nik: str, joined_on: date):
    """Register a Perisai agent at Gresik who joined on `joined_on`; return the agent's row."""
    return agents_projects.register_agent(
        db, admin, nik=nik, name="Bambang Perisai", office_code="GRS", joined_on=joined_on
    )


# --- employers -----------------------------------------------------------------------------------


def test_registered_employer_gets_an_8_digit_npp_of_its_year(db, admin):
    """A new employer is issued a numeric 8-digit NPP starting with its registration year."""
    row = employer_registry.register_employer(db, admin, employer_input())
    assert len(row.npp) == 8 and row.npp.isdigit()
    assert row.npp.startswith("17")
    assert employer_registry.get_employer(db, row.npp).name == "PT Semen Gresik Jaya"
    assert count(db, Employer) == 1


def test_each_employer_gets_a_different_npp(db, make_employer):
    """Consecutive registrations never reuse an NPP."""
    npps = [make_employer().npp for _ in range(5)]
    assert len(set(npps)) == 5


@pytest.mark.parametrize(
    ("kbli", "risk"),
    [
        ("62010", RiskGroup.SANGAT_RENDAH),  # computer programming
        ("47111", RiskGroup.RENDAH),  # retail
        ("10710", RiskGroup.SEDANG),  # bakery (manufacturing)
        ("41011", RiskGroup.TINGGI),  # building construction
        ("05100", RiskGroup.SANGAT_TINGGI),  # coal mining
    ],
)
def test_risk_group_follows_the_kbli_code(db, make_employer, kbli, risk):
    """The JKK risk group is implied by the KBLI category when none is given."""
    assert make_employer(kbli=kbli).risk_group is risk


def test_explicit_risk_group_overrides_the_kbli(db, make_employer):
    """A risk group entered by hand wins over the one the KBLI implies."""
    row = make_employer(kbli="62010", risk_group=RiskGroup.TINGGI)
    assert row.risk_group is RiskGroup.TINGGI


@pytest.mark.parametrize(
    ("size", "programmes"),
    [
        (SizeClass.MIKRO, "JKK,JKM"),
        (SizeClass.KECIL, "JKK,JKM,JHT"),
        (SizeClass.MENENGAH, "JKK,JKM,JHT,JP"),
        (SizeClass.BESAR, "JKK,JKM,JHT,JP"),
    ],
)
def test_mandatory_programmes_follow_employer_size(db, make_employer, size, programmes):
    """Perpres 109/2013: micro JKK+JKM, small +JHT, medium and large +JHT+JP."""
    assert make_employer(size_class=size).programmes == programmes


def test_employer_missing_a_mandatory_programme_is_refused(db, admin):
    """A medium employer registered without JP is refused on the programmes field."""
    data = employer_input(programmes=frozenset({Programme.JKK, Programme.JKM, Programme.JHT}))
    assert "programmes" in employer_refused(db, admin, data)
    assert count(db, Employer) == 0


def test_npwp_15_digits_is_stored_in_both_forms(db, admin):
    """A legacy 15-digit NPWP is kept, and its 16-digit form ("0" + 15) stored beside it."""
    row = employer_registry.register_employer(
        db, admin, employer_input(npwp="01.234.567.8-901.000")
    )
    with db.read() as session:
        employer = session.get(Employer, row.id)
        assert employer.npwp15 == "012345678901000"
        assert employer.npwp16 == "0012345678901000"


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"kbli": "1071"}, "kbli"),
        ({"kbli": "00000"}, "kbli"),
        ({"npwp": "01.234.567"}, "npwp"),
        ({"npwp": "01.234.567.8-90A.000"}, "npwp"),
        ({"registered_on": date(2027, 1, 4)}, "registered_on"),
        ({"office_code": "XXX"}, "office"),
        ({"regency_code": "3599"}, "regency"),
        ({"name": "P"}, "name"),
        ({"nib": "12345"}, "nib"),
    ],
)
def test_refused_employer_names_the_field_and_saves_nothing(db, admin, overrides, field):
    """Bad KBLI, NPWP, future date, unknown office...: the error names the field; no row, no audit."""
    assert field in employer_refused(db, admin, employer_input(**overrides))
    assert count(db, Employer) == 0
    assert count(db, AuditEvent) == 0


def test_regency_of_a_province_that_does_not_exist_is_refused(db, admin):
    """Regency code 9999 (no province 99) is refused on the regency field."""
    assert "regency" in employer_refused(db, admin, employer_input(regency_code="9999"))


def test_every_wrong_employer_field_is_named_at_once(db, admin):
    """Several mistakes are reported together, not one per attempt."""
    data = employer_input(kbli="12", npwp="123", registered_on=date(2030, 1, 1))
    assert {"kbli", "npwp", "registered_on"} <= employer_refused(db, admin, data)


def test_legacy_npp_taken_over_is_kept(db, admin):
    """An employer from the Jamsostek era keeps its alphanumeric NPP (JJ0P4391)."""
    row = employer_registry.register_employer(db, admin, employer_input(npp="jj0p4391"))
    assert row.npp == "JJ0P4391"
    assert employer_registry.get_employer(db, "JJ0P4391").id == row.id


def test_issued_npp_skips_a_number_taken_over_from_a_legacy_record(db, admin):
    """A legacy numeric NPP that collides with the issuing sequence is skipped, not duplicated."""
    legacy = employer_registry.register_employer(
        db, admin, employer_input(name="PT Lama Sekali", npp="17000001")
    )
    new = employer_registry.register_employer(db, admin, employer_input(name="PT Baru Sekali"))
    assert legacy.npp == "17000001"
    assert new.npp != "17000001" and new.npp.startswith("17")


def test_malformed_legacy_npp_is_refused(db, admin):
    """An NPP that is not 8 letters or digits is refused on the npp field."""
    assert "npp" in employer_refused(db, admin, employer_input(npp="JJ0P-439"))
    assert count(db, Employer) == 0


def test_duplicate_npp_is_refused_naming_the_holder(db, admin):
    """Taking over an NPP already held names the employer that holds it; nothing is added."""
    employer_registry.register_employer(
        db, admin, employer_input(name="PT Pemilik Asli", npp="JJ0P4391")
    )
    with pytest.raises(ConflictError) as exc:
        employer_registry.register_employer(
            db, admin, employer_input(name="PT Peniru", npp="JJ0P4391")
        )
    assert "PT PEMILIK ASLI" in str(exc.value).upper()
    assert count(db, Employer) == 1


def test_duplicate_npwp_is_refused_naming_the_holder_in_either_form(db, admin):
    """The same tax number in its 16-digit form is recognised; the error names holder and NPP."""
    first = employer_registry.register_employer(
        db, admin, employer_input(name="PT Pajak Pertama", npwp="01.234.567.8-901.000")
    )
    with pytest.raises(ConflictError) as exc:
        employer_registry.register_employer(
            db, admin, employer_input(name="PT Pajak Kedua", npwp="0012345678901000")
        )
    message = str(exc.value)
    assert "PT PAJAK PERTAMA" in message.upper()
    assert first.npp in message
    assert count(db, Employer) == 1


@pytest.mark.parametrize(
    "typed",
    [
        "ar.grs",  # as the AR's username was created
        "AR.GRS",  # other case: names the same user, as it does when signing in
    ],
)
def test_employer_is_assigned_to_its_account_representative(db, admin, make_user, typed):
    """The AR named at registration is stored as the employer's pembina."""
    ar = make_user(Role.AR, "GRS", "ar.grs")
    row = employer_registry.register_employer(db, admin, employer_input(ar_username=typed))
    with db.read() as session:
        assert session.get(Employer, row.id).ar_user_id == ar.user_id


def test_unknown_account_representative_is_refused(db, admin):
    """An AR username that does not exist is refused on the ar field; nothing saved."""
    assert "ar" in employer_refused(db, admin, employer_input(ar_username="tidak.ada"))
    assert count(db, Employer) == 0


# --- workers: wage earners -----------------------------------------------------------------------


def test_wage_earner_is_registered_under_the_employer_with_its_programmes(db, make_employer, admin):
    """A PU worker takes the employer's office and programmes and gets an 11-digit KPJ."""
    employer = make_employer(office_code="GRS")
    row = worker_registry.register_worker(db, admin, worker_input(employer_npp=employer.npp))
    assert len(row.kpj) == 11 and row.kpj.isdigit()
    assert row.segment is Segment.PU
    assert row.employer_npp == employer.npp
    assert row.office_code == "GRS"
    assert row.programmes == "JKK,JKM,JHT,JP"
    assert row.wage == 4_000_000
    assert row.name == "SITI AMINAH"
    assert worker_registry.get_member(db, kpj=row.kpj).person_id == row.person_id
    assert worker_registry.get_member(db, nik=row.nik).kpj == row.kpj


def test_wage_earner_without_a_wage_is_refused(db, make_employer, admin):
    """A PU worker needs a monthly wage above Rp0; nothing is saved."""
    employer = make_employer()
    assert "wage" in worker_refused(db, admin, worker_input(employer_npp=employer.npp, wage=None))
    assert count(db, Person) == 0
    assert count(db, Membership) == 0


def test_wage_earner_under_an_unknown_employer_is_refused(db, admin):
    """A PU worker under an NPP that does not exist is refused on the employer field."""
    assert "employer" in worker_refused(db, admin, worker_input(employer_npp="17999999"))
    assert count(db, Person) == 0


def test_wage_earner_cannot_start_before_the_employer_registered(db, make_employer, admin):
    """The start date must fall while the employer is registered."""
    employer = make_employer(registered_on=date(2018, 3, 1))
    data = worker_input(employer_npp=employer.npp, start_date=date(2018, 2, 1))
    assert "start_date" in worker_refused(db, admin, data)
    assert count(db, Membership) == 0


def test_kpj_numbers_are_unique_across_many_registrations(db, make_employer, make_worker):
    """Forty registrations under several employers give forty distinct 11-digit KPJ numbers."""
    employers = [make_employer() for _ in range(4)]
    kpjs = [make_worker(employer_npp=employers[i % 4].npp).kpj for i in range(40)]
    assert all(len(k) == 11 and k.isdigit() for k in kpjs)
    assert len(set(kpjs)) == 40
    assert count(db, Membership) == 40


def test_kpj_numbers_stay_unique_when_workstations_register_at_once(db, make_employer, admin):
    """Four workstations registering at the same time never receive the same KPJ."""
    employer = make_employer()
    inputs = [worker_input(employer_npp=employer.npp) for _ in range(24)]

    def register(data: WorkerInput) -> str:
        return worker_registry.register_worker(db, admin, data).kpj

    with ThreadPoolExecutor(max_workers=4) as pool:
        kpjs = list(pool.map(register, inputs))
    assert len(set(kpjs)) == 24
    assert count(db, Membership) == 24


def test_duplicate_nik_is_refused_naming_the_existing_member(db, make_employer, admin):
    """A NIK already registered raises ConflictError naming that member's name and KPJ."""
    employer = make_employer()
    first = worker_registry.register_worker(
        db, admin, worker_input(employer_npp=employer.npp, name="Ahmad Fauzi")
    )
    again = worker_input(employer_npp=employer.npp, name="Orang Lain")
    again = replace(again, nik=first.nik)
    with pytest.raises(ConflictError) as exc:
        worker_registry.register_worker(db, admin, again)
    message = str(exc.value)
    assert "AHMAD FAUZI" in message
    assert first.kpj in message
    assert count(db, Person) == 1
    assert count(db, Membership) == 1


def test_duplicate_nik_of_an_ended_member_still_names_them(db, make_employer, admin):
    """A NIK whose membership ended is still refused, naming the member and KPJ."""
    employer = make_employer()
    first = worker_registry.register_worker(
        db, admin, worker_input(employer_npp=employer.npp, name="Ahmad Fauzi")
    )
    worker_registry.end_membership(db, admin, first.kpj, date(2018, 6, 30), EndReason.PHK)
    again = replace(worker_input(employer_npp=employer.npp), nik=first.nik)
    with pytest.raises(ConflictError) as exc:
        worker_registry.register_worker(db, admin, again)
    assert "AHMAD FAUZI" in str(exc.value)
    assert first.kpj in str(exc.value)


def test_nik_disagreeing_with_birth_date_and_sex_names_both_fields(db, make_employer, admin):
    """A man's NIK born 15/05/1990 entered as a woman born 16/05/1990: both fields named."""
    employer = make_employer()
    data = worker_input(employer_npp=employer.npp)  # NIK encodes 15/05/1990, L
    data = replace(data, birth_date=date(1990, 5, 16), sex=Sex.P)
    assert {"birth_date", "sex"} <= worker_refused(db, admin, data)
    assert count(db, Person) == 0


def test_malformed_nik_is_refused_on_the_nik_field(db, make_employer, admin):
    """A NIK of 15 digits is refused on the nik field."""
    employer = make_employer()
    data = replace(worker_input(employer_npp=employer.npp), nik="352501150590001")
    assert "nik" in worker_refused(db, admin, data)


def test_worker_under_15_is_refused(db, make_employer, admin):
    """A child of 12 at the start date is refused on the birth date field."""
    employer = make_employer()
    data = worker_input(employer_npp=employer.npp, birth_date=date(2005, 7, 1))
    assert "birth_date" in worker_refused(db, admin, data)
    assert count(db, Person) == 0


def test_worker_turning_15_on_the_start_date_is_accepted(db, make_employer, admin):
    """Exactly 15 years old on the start date is old enough."""
    employer = make_employer()
    data = worker_input(
        employer_npp=employer.npp, birth_date=date(2003, 2, 1), start_date=date(2018, 2, 1)
    )
    assert worker_registry.register_worker(db, admin, data).kpj


def test_worker_with_a_future_start_date_is_refused(db, make_employer, admin):
    """A start date after today is refused on the start_date field."""
    employer = make_employer()
    data = worker_input(employer_npp=employer.npp, start_date=date(2027, 1, 4))
    assert "start_date" in worker_refused(db, admin, data)


# --- JKP ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("size", "birth", "start", "programmes"),
    [
        # 30 years old, joining a medium employer in March 2021: JKP added automatically
        (SizeClass.MENENGAH, date(1990, 5, 15), date(2021, 3, 1), "JKK,JKM,JHT,JP,JKP"),
        # joining in 2018: no JKP, it starts February 2021
        (SizeClass.MENENGAH, date(1990, 5, 15), date(2018, 2, 1), "JKK,JKM,JHT,JP"),
        # 54 on the start date: too old for JKP (PP 37/2021 Pasal 4)
        (SizeClass.MENENGAH, date(1967, 1, 10), date(2021, 3, 1), "JKK,JKM,JHT,JP"),
        # still 53 on the start date: JKP added
        (SizeClass.MENENGAH, date(1967, 6, 10), date(2021, 3, 1), "JKK,JKM,JHT,JP,JKP"),
        # a micro employer (JKK+JKM only) lacks the programmes JKP needs
        (SizeClass.MIKRO, date(1990, 5, 15), date(2021, 3, 1), "JKK,JKM"),
    ],
)
def test_jkp_is_added_only_for_an_eligible_worker(
    db, make_employer, admin, size, birth, start, programmes
):
    """JKP joins the worker's programmes from February 2021, under 54, beside JHT and JP."""
    employer = make_employer(size_class=size)
    data = worker_input(employer_npp=employer.npp, birth_date=birth, start_date=start)
    assert worker_registry.register_worker(db, admin, data).programmes == programmes


# --- informal workers (BPU) and Perisai agents --------------------------------------------------


def test_informal_worker_is_registered_on_the_income_band(db, admin):
    """A BPU member gets JKK+JKM at the office chosen; income is stored as its band's floor."""
    data = bpu_input(office_code="MLG", declared_income=1_550_000, wage=None)
    row = worker_registry.register_worker(db, admin, data)
    assert row.segment is Segment.BPU
    assert row.office_code == "MLG"
    assert row.employer_npp is None
    assert row.programmes == "JKK,JKM"
    with db.read() as session:
        assert session.get(Membership, row.membership_id).declared_income == 1_500_000


def test_informal_worker_may_add_jht_but_not_jp(db, admin):
    """BPU members may opt into JHT, but JP is not open to them."""
    jht = frozenset({Programme.JKK, Programme.JKM, Programme.JHT})
    with_jht = bpu_input(declared_income=2_000_000, programmes=jht)
    assert worker_registry.register_worker(db, admin, with_jht).programmes == "JKK,JKM,JHT"
    jp = frozenset({Programme.JKK, Programme.JKM, Programme.JP})
    assert "programmes" in worker_refused(db, admin, bpu_input(programmes=jp))


def test_informal_worker_needs_a_declared_income_of_at_least_the_minimum(db, admin):
    """No income, or one under Rp1.000.000, is refused on the income field."""
    for income in (None, 900_000):
        assert "income" in worker_refused(db, admin, bpu_input(declared_income=income))
    assert count(db, Person) == 0


def test_informal_worker_recruited_by_a_perisai_agent_is_linked_to_them(db, admin):
    """A BPU member registered with an agent's NIK records that agent as the recruiter."""
    agent_nik = fresh_nik(date(1985, 3, 3))
    agent = register_agent(db, admin, agent_nik, joined_on=date(2018, 2, 1))
    assert agent.name == "BAMBANG PERISAI"
    data = bpu_input(agent_nik=agent_nik, start_date=date(2018, 4, 2))
    row = worker_registry.register_worker(db, admin, data)
    with db.read() as session:
        assert session.get(Membership, row.membership_id).agent_id == agent.id


def test_recruitment_before_the_agent_joined_is_refused(db, admin):
    """An agent cannot have recruited a member before joining Perisai."""
    agent_nik = fresh_nik(date(1985, 3, 3))
    register_agent(db, admin, agent_nik, joined_on=date(2018, 5, 1))
    data = bpu_input(agent_nik=agent_nik, start_date=date(2018, 4, 2))
    assert "agent" in worker_refused(db, admin, data)


def test_unknown_agent_is_refused(db, admin):
    """An agent NIK that is not registered is refused on the agent field."""
    data = bpu_input(agent_nik=fresh_nik(date(1985, 3, 3)))
    assert "agent" in worker_refused(db, admin, data)


def test_agent_registered_twice_is_refused(db, admin):
    """The same NIK cannot be registered as a Perisai agent twice."""
    nik = fresh_nik(date(1985, 3, 3))
    register_agent(db, admin, nik, joined_on=date(2018, 2, 1))
    with pytest.raises(ConflictError):
        register_agent(db, admin, nik, joined_on=date(2018, 2, 1))


# --- construction projects (Jakon) ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        # JKK tiers 0,21/0,17/0,13/0,11/0,09 % plus JKM tiers 0,03/0,02/0,02/0,01/0,01 % (§4.6)
        (50_000_000, 105_000 + 15_000),  # 0,21 % + 0,03 % of the whole
        # first slices + 0,13 % (JKK) and 0,02 % (JKM) of 200 m
        (700_000_000, 210_000 + 680_000 + 260_000 + 30_000 + 80_000 + 40_000),
        (2_000_000_000, 2_640_000 + 310_000),  # domain.md §4.6 worked example
        (6_000_000_000, 6_840_000 + 30_000 + 80_000 + 100_000 + 400_000 + 100_000),
    ],
)
def test_project_contribution_follows_the_marginal_tiers(db, make_employer, admin, value, expected):
    """A project's one-off contribution is the sum of each contract-value slice at its own rate."""
    contractor = make_employer(kbli="41011")
    project = register_project(db, admin, contractor.npp, contract_value=value)
    assert project.contribution == expected
    assert project.contribution == jakon_contribution(value, date(2018, 3, 1)).total
    assert len(project.project_no) == 13 and project.project_no.startswith("18")
    with db.read() as session:
        assert session.get(Project, project.id).contribution == expected


def test_project_ending_before_it_starts_is_refused(db, make_employer, admin):
    """A project whose end date precedes its start is refused on end_date; nothing saved."""
    contractor = make_employer(kbli="41011")
    with pytest.raises(ValidationError) as exc:
        register_project(db, admin, contractor.npp, end_date=date(2018, 2, 1))
    assert "end_date" in fields(exc)
    assert count(db, Project) == 0


def test_construction_worker_is_registered_under_a_project(db, make_employer, admin):
    """A Jakon worker joins a project (JKK+JKM) and takes its contractor and office."""
    contractor = make_employer(kbli="41011", office_code="SDA", regency_code="3515")
    project = register_project(db, admin, contractor.npp, regency_code="3515")
    data = worker_input(
        segment=Segment.JAKON, project_no=project.project_no, start_date=date(2018, 4, 2), wage=None
    )
    row = worker_registry.register_worker(db, admin, data)
    assert row.segment is Segment.JAKON
    assert row.programmes == "JKK,JKM"
    assert row.employer_npp == contractor.npp
    assert row.office_code == "SDA"


def test_construction_worker_outside_the_project_period_is_refused(db, make_employer, admin):
    """A Jakon start date outside the project's dates (March to June 2018) is refused."""
    contractor = make_employer(kbli="41011")
    project = register_project(db, admin, contractor.npp, end_date=date(2018, 6, 30))
    data = worker_input(
        segment=Segment.JAKON, project_no=project.project_no, start_date=date(2018, 8, 1)
    )
    assert "start_date" in worker_refused(db, admin, data)


def test_construction_worker_under_an_unknown_project_is_refused(db, admin):
    """A project number that does not exist is refused on the project field."""
    data = worker_input(segment=Segment.JAKON, project_no="1800000000099")
    assert "project" in worker_refused(db, admin, data)


# --- migrant workers (PMI) -----------------------------------------------------------------------


def test_migrant_worker_is_registered_with_contract_months(db, admin):
    """A PMI member is registered at an office with the contract length and destination."""
    data = worker_input(
        segment=Segment.PMI,
        office_code="BWI",
        contract_months=24,
        destination="Hong Kong",
        sex=Sex.P,
        birth_date=date(1995, 8, 17),
    )
    row = worker_registry.register_worker(db, admin, data)
    assert row.segment is Segment.PMI
    assert row.office_code == "BWI"
    assert row.programmes == "JKK,JKM"
    with db.read() as session:
        stored = session.get(Membership, row.membership_id)
        assert stored.contract_months == 24
        assert stored.destination == "Hong Kong"


@pytest.mark.parametrize("months", [None, 0, 121])
def test_migrant_worker_needs_a_valid_contract_length(db, admin, months):
    """No, zero, or over-120 contract months are refused on the months field."""
    data = worker_input(segment=Segment.PMI, office_code="BWI", contract_months=months)
    assert "months" in worker_refused(db, admin, data)
    assert count(db, Person) == 0


def test_migrant_or_informal_worker_needs_an_office(db, admin):
    """A PMI member without a registering office is refused on the office field."""
    data = worker_input(segment=Segment.PMI, contract_months=24)
    assert "office" in worker_refused(db, admin, data)


def test_agent_cannot_recruit_a_migrant_worker(db, admin):
    """Perisai agents recruit BPU members only; naming one on a PMI member is refused."""
    agent_nik = fresh_nik(date(1985, 3, 3))
    register_agent(db, admin, agent_nik, joined_on=date(2018, 1, 2))
    data = worker_input(
        segment=Segment.PMI, office_code="GRS", contract_months=12, agent_nik=agent_nik
    )
    assert "agent" in worker_refused(db, admin, data)


# --- ending a membership ------------------------------------------------------------------------


def test_end_membership_records_date_and_reason(db, make_employer, make_worker, admin):
    """Ending a membership stores its last day and the reason."""
    worker = make_worker(employer_npp=make_employer().npp, start_date=date(2018, 1, 2))
    ended = worker_registry.end_membership(
        db, admin, worker.kpj, date(2018, 5, 31), EndReason.MENGUNDURKAN_DIRI
    )
    assert ended.end_date == date(2018, 5, 31)
    assert ended.end_reason is EndReason.MENGUNDURKAN_DIRI
    assert not ended.active
    assert ended.active_on(date(2018, 5, 31))
    assert not ended.active_on(date(2018, 6, 1))
    assert worker_registry.get_member(db, kpj=worker.kpj).end_date == date(2018, 5, 31)


def test_ending_a_membership_twice_is_refused(db, make_employer, make_worker, admin):
    """A second end raises ConflictError and keeps the first end date."""
    worker = make_worker(employer_npp=make_employer().npp)
    worker_registry.end_membership(db, admin, worker.kpj, date(2018, 5, 31), EndReason.PHK)
    with pytest.raises(ConflictError):
        worker_registry.end_membership(db, admin, worker.kpj, date(2018, 7, 31), EndReason.PHK)
    assert worker_registry.get_member(db, kpj=worker.kpj).end_date == date(2018, 5, 31)


def test_end_before_start_is_refused(db, make_employer, make_worker, admin):
    """An end date before the start date is refused on end_date; the membership stays open."""
    worker = make_worker(employer_npp=make_employer().npp, start_date=date(2018, 3, 1))
    with pytest.raises(ValidationError) as exc:
        worker_registry.end_membership(db, admin, worker.kpj, date(2018, 2, 28), EndReason.PHK)
    assert exc.value.field == "end_date"
    assert worker_registry.get_member(db, kpj=worker.kpj).end_date is None


def test_end_in_the_future_is_refused(db, make_employer, make_worker, admin):
    """An end date after today is refused on end_date."""
    worker = make_worker(employer_npp=make_employer().npp)
    with pytest.raises(ValidationError) as exc:
        worker_registry.end_membership(db, admin, worker.kpj, date(2027, 1, 31), EndReason.PHK)
    assert exc.value.field == "end_date"


def test_ending_an_unknown_kpj_is_reported(db, admin):
    """Ending a KPJ that does not exist is a known error, not a crash."""
    with pytest.raises(KnownError):
        worker_registry.end_membership(db, admin, "18000000099", date(2018, 5, 31), EndReason.PHK)


def test_active_members_of_an_employer_on_a_date(db, make_employer, make_worker, admin):
    """The employer's list on a date shows those started and not yet ended."""
    employer = make_employer()
    stayed = make_worker(employer_npp=employer.npp, start_date=date(2018, 1, 2))
    left = make_worker(employer_npp=employer.npp, start_date=date(2018, 1, 2))
    make_worker(employer_npp=employer.npp, start_date=date(2018, 6, 1))
    worker_registry.end_membership(db, admin, left.kpj, date(2018, 3, 31), EndReason.PHK)
    on_april = worker_registry.active_members_of(db, employer.npp, date(2018, 4, 15))
    assert [w.kpj for w in on_april] == [stayed.kpj]
