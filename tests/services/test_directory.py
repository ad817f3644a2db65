"""The search box and the paged lists, on real SQLite files and PostgreSQL."""

from __future__ import annotations

from datetime import date

import pytest

from bpjs_desktop.db.engine import Database
from bpjs_desktop.db.models import EndReason
from bpjs_desktop.domain.identifiers import Sex, make_nik
from bpjs_desktop.domain.periods import Period
from bpjs_desktop.domain.programmes import Segment, SizeClass
from bpjs_desktop.errors import NotFoundError
from bpjs_desktop.services import contributions, directory, worker_registry
from bpjs_desktop.services.directory import EmployerFilter, EmployerQuery, WorkerFilter, WorkerQuery

ON = date(2018, 4, 30)


@pytest.fixture
def people(db: Database, make_employer, make_worker):
    """Three workers of two employers, one of whom has left."""
    maju = make_employer(name="PT Maju Jaya Sentosa")
    abadi = make_employer(name="CV Abadi Makmur", office_code="MJK", regency_code="3516")
    siti = make_worker(
        name="Siti Aminah", birth_date=date(1985, 7, 2), sex=Sex.P, employer_npp=maju.npp,
        nik=make_nik("3578", 1, date(1985, 7, 2), Sex.P, 11),
    )  # fmt: skip
    aminah = make_worker(
        name="Aminah Rahayu", birth_date=date(1990, 1, 5), sex=Sex.P, employer_npp=abadi.npp,
        nik=make_nik("3578", 1, date(1990, 1, 5), Sex.P, 12),
    )  # fmt: skip
    budi = make_worker(
        name="Budi Santoso",
        employer_npp=maju.npp,
        nik=make_nik("3525", 2, date(1990, 5, 15), Sex.L, 13),
    )
    return {"maju": maju, "abadi": abadi, "siti": siti, "aminah": aminah, "budi": budi}


def test_a_nik_finds_its_person_with_employer_branch_segment_and_status(db, people):
    [hit] = directory.search(db, people["siti"].nik)
    assert (hit.kind, hit.title, hit.key) == ("worker", "SITI AMINAH", people["siti"].kpj)
    assert hit.employer_name == "PT Maju Jaya Sentosa"
    assert (hit.office_code, hit.segment, hit.active) == ("GRS", Segment.PU, True)
    assert people["siti"].kpj[-4:] in hit.subtitle and "PT Maju Jaya Sentosa" in hit.subtitle
    # Masked (issue #11): the region code and serial of the NIK, the KPJ's last four digits.
    nik = people["siti"].nik
    assert f"NIK {nik[:4]}••••••••{nik[-4:]}" in hit.subtitle
    assert nik not in hit.subtitle and people["siti"].kpj not in hit.subtitle


def test_a_nik_typed_with_spaces_or_dots_is_still_found(db, people):
    nik = people["budi"].nik
    spaced = f"{nik[:4]} {nik[4:8]} {nik[8:12]}.{nik[12:]}"
    assert [h.key for h in directory.search(db, spaced)] == [people["budi"].kpj]


def test_a_kpj_and_an_npp_find_their_member_and_employer(db, people):
    assert [h.title for h in directory.search(db, people["aminah"].kpj)] == ["AMINAH RAHAYU"]
    [employer] = directory.search(db, people["abadi"].npp)
    assert (employer.kind, employer.title, employer.office_code) == (
        "employer",
        "CV Abadi Makmur",
        "MJK",
    )


def test_the_first_digits_of_a_nik_list_the_people_whose_nik_begins_so(db, people):
    found = {h.title for h in directory.search(db, "357801")}
    assert found == {"SITI AMINAH", "AMINAH RAHAYU"}


def test_any_word_of_a_name_finds_the_person_as_it_is_typed(db, people):
    """'aminah' is the first word of one name and the second of another; 'siti am' narrows."""
    assert {h.title for h in directory.search(db, "aminah")} == {"SITI AMINAH", "AMINAH RAHAYU"}
    assert [h.title for h in directory.search(db, "siti am")] == ["SITI AMINAH"]
    assert [h.title for h in directory.search(db, "sant")] == ["BUDI SANTOSO"]
    assert directory.search(db, "zzzz") == []


def test_a_renamed_person_is_found_by_the_new_name_only(db, people, admin):
    """The name index follows edits made through the database (triggers on SQLite)."""
    from sqlalchemy import update

    from bpjs_desktop.db.models import Person

    with db.write() as session:
        session.execute(
            update(Person).where(Person.nik == people["budi"].nik).values(name="BUDI HARTONO")
        )
    assert [h.title for h in directory.search(db, "hartono")] == ["BUDI HARTONO"]
    assert directory.search(db, "santoso") == []


def test_employer_names_match_words_anywhere_whatever_the_case(db, people):
    hits = directory.search(db, "jaya")
    assert [h.title for h in hits if h.kind == "employer"] == ["PT Maju Jaya Sentosa"]


def test_a_person_who_left_shows_as_ended(db, people, admin):
    worker_registry.end_membership(
        db, admin, people["budi"].kpj, date(2018, 3, 31), EndReason.MENGUNDURKAN_DIRI
    )
    [hit] = directory.search(db, people["budi"].nik)
    assert hit.active is False and "berakhir" in hit.subtitle


def test_worker_list_counts_and_pages_in_sql_with_filters(db, people, admin):
    worker_registry.end_membership(
        db, admin, people["budi"].kpj, date(2018, 3, 31), EndReason.MENGUNDURKAN_DIRI
    )
    everyone = WorkerQuery(db, WorkerFilter(), ON)
    assert everyone.count() == 3
    assert [r.name for r in everyone.page(0, 10, "name")] == [
        "AMINAH RAHAYU",
        "BUDI SANTOSO",
        "SITI AMINAH",
    ]
    assert [r.name for r in everyone.page(1, 1, "name", descending=True)] == ["BUDI SANTOSO"]
    active_gresik = WorkerQuery(db, WorkerFilter(office_code="GRS", status="aktif"), ON)
    assert active_gresik.count() == 1
    assert [r.name for r in active_gresik.page(0, 10)] == ["SITI AMINAH"]
    of_maju = WorkerQuery(db, WorkerFilter(employer_npp=people["maju"].npp), ON)
    assert {r.name for r in of_maju.page(0, 10)} == {"SITI AMINAH", "BUDI SANTOSO"}
    assert WorkerQuery(db, WorkerFilter(segment=Segment.BPU), ON).count() == 0
    assert WorkerQuery(db, WorkerFilter(status="berakhir"), ON).count() == 1


def test_worker_pages_follow_each_other_without_gaps_or_repeats(db, make_employer, make_worker):
    employer = make_employer()
    for serial in range(30, 55):
        make_worker(
            employer_npp=employer.npp, nik=make_nik("3525", 3, date(1990, 5, 15), Sex.L, serial)
        )
    query = WorkerQuery(db, WorkerFilter(), ON)
    pages = [query.page(offset, 7, "kpj") for offset in range(0, 25, 7)]
    kpjs = [row.kpj for page in pages for row in page]
    assert kpjs == sorted(kpjs) and len(set(kpjs)) == 25


def test_employer_list_filters_by_size_and_arrears(db, people, admin):
    make_big = EmployerQuery(db, EmployerFilter(size=SizeClass.MENENGAH), ON)
    assert make_big.count() == 2
    contributions.bill_month(db, admin, people["abadi"].npp, Period(2018, 2))
    in_arrears = EmployerQuery(db, EmployerFilter(in_arrears=True), ON)
    assert [r.name for r in in_arrears.page(0, 10)] == ["CV Abadi Makmur"]
    assert [
        r.name for r in EmployerQuery(db, EmployerFilter(in_arrears=False), ON).page(0, 10)
    ] == ["PT Maju Jaya Sentosa"]
    by_office = EmployerQuery(db, EmployerFilter(office_code="MJK"), ON)
    assert [r.npp for r in by_office.page(0, 10)] == [people["abadi"].npp]


def test_person_record_lists_memberships_newest_first_and_claims(db, people, admin, make_employer):
    other = make_employer(name="PT Baru Sekali")
    worker_registry.end_membership(
        db, admin, people["budi"].kpj, date(2018, 3, 31), EndReason.MENGUNDURKAN_DIRI
    )
    person_id = directory.person_of_kpj(db, people["budi"].kpj)
    assert person_id is not None
    record = directory.person_record(db, person_id)
    assert (record.name, record.nik) == ("BUDI SANTOSO", people["budi"].nik)
    assert [m.kpj for m in record.memberships] == [people["budi"].kpj]
    assert record.memberships[0].end_reason == "MENGUNDURKAN_DIRI"
    assert record.claims == ()
    assert other.npp


def test_person_record_of_a_missing_person_is_a_clear_error(db):
    with pytest.raises(NotFoundError):
        directory.person_record(db, 987654)
