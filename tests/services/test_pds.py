"""Partial registration checks (PDS, domain.md §6.3): wages under the regional minimum, and
programmes short of what the employer's size requires."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import text

from bpjs_desktop.domain.periods import Period
from bpjs_desktop.domain.programmes import SizeClass
from bpjs_desktop.errors import NotFoundError
from bpjs_desktop.services.pds import PdsKind, pds_findings

APRIL = Period(2018, 4)
UMK_GRESIK_2018 = 3_580_370


def set_programmes(db, npp: str, programmes: str, workers_too: bool = False) -> None:
    """Older data: registered before the size rules were checked at registration."""
    with db.write() as session:
        session.execute(
            text("UPDATE employer SET programmes = :p WHERE npp = :npp"),
            {"p": programmes, "npp": npp},
        )
        if workers_too:
            session.execute(
                text(
                    "UPDATE membership SET programmes = :p WHERE employer_id = "
                    "(SELECT id FROM employer WHERE npp = :npp)"
                ),
                {"p": programmes, "npp": npp},
            )


def test_wages_below_the_umk_are_found(db, make_employer, make_worker):
    """Two of three workers in Gresik earn below the 2018 UMK (Rp3.580.370): the employer is
    listed with both, the lowest wage and the UMK; an employer paying the UMK is not listed."""
    under = make_employer(name="PT DI BAWAH UMK")
    for wage in (2_000_000, 3_580_369, 3_580_370):
        make_worker(employer_npp=under.npp, wage=wage, start_date=date(2018, 1, 2))
    fair = make_employer(name="PT PATUH")
    make_worker(employer_npp=fair.npp, wage=UMK_GRESIK_2018, start_date=date(2018, 1, 2))
    report = pds_findings(db, APRIL)
    assert [r.name for r in report.rows] == ["PT DI BAWAH UMK"]
    (row,) = report.rows
    assert (row.workers, row.below_minimum, row.lowest_wage) == (3, 2, 2_000_000)
    assert (row.minimum, row.minimum_kind) == (UMK_GRESIK_2018, "UMK")
    assert row.kinds == (PdsKind.UPAH,)
    assert report.employers_checked == 2


def test_only_workers_of_the_month_count(db, make_employer, make_worker):
    """A low wage of a worker who starts in May is not a finding for April."""
    employer = make_employer()
    make_worker(employer_npp=employer.npp, wage=2_000_000, start_date=date(2018, 5, 2))
    assert pds_findings(db, APRIL).rows == ()
    assert len(pds_findings(db, Period(2018, 5)).rows) == 1


def test_a_regency_without_a_umk_on_record_falls_back_to_the_ump(db, make_employer, make_worker):
    """Kab. Jombang has no 2018 UMK on record: the provincial UMP (Rp1.508.895) applies."""
    employer = make_employer(office_code="JBG", regency_code="3517")
    make_worker(employer_npp=employer.npp, wage=1_500_000, start_date=date(2018, 1, 2))
    (row,) = pds_findings(db, APRIL).rows
    assert (row.minimum, row.minimum_kind) == (1_508_895, "UMP")


def test_a_year_without_minimum_wages_finds_no_wage_gap_and_says_so(db, make_employer, make_worker):
    """2019 has no minimum wages on record: nothing is flagged on wages, and the report names the
    regencies it could not check."""
    employer = make_employer()
    make_worker(employer_npp=employer.npp, wage=1_000_000, start_date=date(2018, 1, 2))
    report = pds_findings(db, Period(2019, 4))
    assert report.rows == ()
    assert report.regencies_without_minimum == ("3525",)


def test_programmes_short_of_the_size_are_found(db, make_employer, make_worker):
    """A medium employer registered with JKK+JKM only lacks JHT and JP, and so do its workers."""
    employer = make_employer(size_class=SizeClass.MENENGAH, name="PT KURANG PROGRAM")
    make_worker(employer_npp=employer.npp, wage=5_000_000, start_date=date(2018, 1, 2))
    set_programmes(db, employer.npp, "JKK,JKM", workers_too=True)
    (row,) = pds_findings(db, APRIL).rows
    assert row.missing_programmes == "JHT,JP"
    assert row.workers_missing_programmes == 1
    assert row.kinds == (PdsKind.PROGRAM,)


def test_a_small_employer_needs_no_jp(db, make_employer, make_worker):
    """A small employer on JKK+JKM+JHT is complete (Perpres 109/2013); a micro one on JKK+JKM too."""
    small = make_employer(size_class=SizeClass.KECIL)
    make_worker(employer_npp=small.npp, wage=5_000_000, start_date=date(2018, 1, 2))
    micro = make_employer(size_class=SizeClass.MIKRO)
    make_worker(employer_npp=micro.npp, wage=5_000_000, start_date=date(2018, 1, 2))
    set_programmes(db, micro.npp, "JKK,JKM", workers_too=True)
    assert pds_findings(db, APRIL).rows == ()


def test_an_employer_without_workers_is_still_checked_for_programmes(db, make_employer):
    """The employer's own registration is checked even with no worker in the month."""
    employer = make_employer(size_class=SizeClass.BESAR)
    set_programmes(db, employer.npp, "JKK,JKM,JHT")
    (row,) = pds_findings(db, APRIL).rows
    assert (row.workers, row.missing_programmes) == (0, "JP")


def test_findings_by_office(db, make_employer, make_worker):
    """One office (with its KCPs) at a time; an unknown office is not found."""
    for office, regency in (("GRS", "3525"), ("JBG", "3517")):
        employer = make_employer(office_code=office, regency_code=regency)
        make_worker(employer_npp=employer.npp, wage=1_000_000, start_date=date(2018, 1, 2))
    assert {r.office_code for r in pds_findings(db, APRIL, "GRS").rows} == {"GRS"}
    assert {r.office_code for r in pds_findings(db, APRIL, "MJK").rows} == {"JBG"}
    assert len(pds_findings(db, APRIL).rows) == 2
    with pytest.raises(NotFoundError):
        pds_findings(db, APRIL, "XXX")


def test_demo_findings_are_real_findings(demo_db):
    """On the demo (3 % of wages under-reported) every listed employer has a finding, most
    under-reported first."""
    report = pds_findings(demo_db, APRIL)
    assert report.rows
    assert all(r.kinds for r in report.rows)
    assert all(r.lowest_wage < r.minimum for r in report.rows if r.below_minimum)
    below = [r.below_minimum for r in report.rows]
    assert below == sorted(below, reverse=True)
