"""The monthly summary's definitions, on small hand-built databases (SQLite and PostgreSQL).

Each test puts records right on the edges of a month (its last day, the day after, 31 December
and 1 January) and checks which side of the edge the summary counts them on.
"""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select, update

from bpjs_desktop.db.engine import Database
from bpjs_desktop.db.models import Claim, Employer, EmployerStatus, EndReason, Membership
from bpjs_desktop.domain.claims import ClaimState, ClaimType
from bpjs_desktop.domain.identifiers import Sex, make_nik
from bpjs_desktop.domain.periods import Period, today_wib
from bpjs_desktop.domain.programmes import Programme, Segment
from bpjs_desktop.errors import NotFoundError
from bpjs_desktop.services import agents_projects, arrears, contributions, reports, worker_registry
from bpjs_desktop.services.reports import NUMERIC_FIELDS, ClaimFigure, MonthlySummary

APRIL = Period(2018, 4)
MAY = Period(2018, 5)


def _row(summary: MonthlySummary, code: str) -> reports.OfficeSummary:
    return next(r for r in summary.rows if r.office_code == code)


def _paid_claim(
    db: Database,
    actor,
    kpj: str,
    claim_type: ClaimType,
    *,
    submitted: date,
    amount: int,
    paid: date | None,
) -> str:
    """A claim decided for *amount* and paid on *paid* (None: left DITETAPKAN, unpaid).

    Written as the claim desk leaves such a claim: the summary's definitions are under test here,
    not the desk's eligibility and document rules (tests/services/test_claims.py covers those).
    """
    del actor
    with db.write() as session:
        member = session.scalar(select(Membership).where(Membership.kpj == kpj))
        assert member is not None
        number = int(session.scalar(select(func.count()).select_from(Claim)) or 0) + 1
        claim_no = f"TST-{number:05d}"
        session.add(
            Claim(
                claim_no=claim_no, membership_id=member.id, office_id=member.office_id,
                claim_type=claim_type, programme=claim_type.programme.value,
                state=ClaimState.DIBAYAR if paid else ClaimState.DITETAPKAN,
                event_date=submitted, submitted_on=submitted, decided_on=submitted, paid_on=paid,
                amount=amount,
            )
        )  # fmt: skip
    return claim_no


# --- membership -------------------------------------------------------------------------------


def test_worker_whose_membership_ends_on_the_last_day_counts_that_month_only(
    db: Database, admin, make_employer, make_worker
) -> None:
    """A membership whose last covered day is 30 April is active at the end of April (and leaves
    in April), and is no longer active at the end of May."""
    employer = make_employer()
    worker = make_worker(employer_npp=employer.npp, start_date=date(2018, 1, 2))
    make_worker(employer_npp=employer.npp, start_date=date(2018, 1, 2))  # stays
    worker_registry.end_membership(db, admin, worker.kpj, date(2018, 4, 30), EndReason.PHK)

    april = reports.monthly_summary(db, APRIL)
    may = reports.monthly_summary(db, MAY)

    assert april.total.workers_pu == 2
    assert _row(april, "GRS").workers_ended == 1
    assert may.total.workers_pu == 1
    assert may.total.workers_ended == 0


def test_worker_ending_the_day_before_month_end_is_not_active_at_month_end(
    db: Database, admin, make_employer, make_worker
) -> None:
    """Ending on 29 April: not active on 30 April."""
    employer = make_employer()
    worker = make_worker(employer_npp=employer.npp, start_date=date(2018, 1, 2))
    worker_registry.end_membership(db, admin, worker.kpj, date(2018, 4, 29), EndReason.PHK)
    april = reports.monthly_summary(db, APRIL)
    assert april.total.workers_pu == 0
    assert april.total.workers_ended == 1


def test_worker_starting_on_the_last_day_counts_as_new_and_active(
    db: Database, make_employer, make_worker
) -> None:
    """A membership starting on 30 April is active and new in April; it is not in March."""
    employer = make_employer()
    make_worker(employer_npp=employer.npp, start_date=date(2018, 4, 30))
    april = reports.monthly_summary(db, APRIL)
    march = reports.monthly_summary(db, Period(2018, 3))
    assert (april.total.workers_pu, april.total.workers_new) == (1, 1)
    assert (march.total.workers_pu, march.total.workers_new) == (0, 0)


def test_workers_are_counted_per_segment(db: Database, admin, make_employer, make_worker) -> None:
    """A wage earner, an informal worker and a migrant worker each count in their own segment."""
    employer = make_employer()
    make_worker(employer_npp=employer.npp)
    make_worker(segment=Segment.BPU, office_code="GRS", declared_income=2_000_000, wage=None)
    make_worker(
        segment=Segment.PMI,
        office_code="GRS",
        contract_months=24,
        destination="Hong Kong",
        wage=None,
        start_date=date(2018, 2, 1),
    )
    total = reports.monthly_summary(db, APRIL).total
    assert (total.workers_pu, total.workers_bpu, total.workers_jakon, total.workers_pmi) == (
        1,
        1,
        0,
        1,
    )
    assert total.workers_total == 3


def test_employer_non_active_inside_the_month_is_not_active_at_month_end(
    db: Database, make_employer
) -> None:
    """An employer non-active from 15 April is not active at the end of April (it ended in April)
    but was at the end of March; one non-active from 1 May is still active at the end of April."""
    ended = make_employer(name="PT Tutup April")
    later = make_employer(name="PT Tutup Mei")
    make_employer(name="PT Tetap")
    with db.write() as session:
        for npp, day in ((ended.npp, date(2018, 4, 15)), (later.npp, date(2018, 5, 1))):
            session.execute(
                update(Employer)
                .where(Employer.npp == npp)
                .values(na_date=day, status=EmployerStatus.NONAKTIF)
            )

    march = reports.monthly_summary(db, Period(2018, 3)).total
    april = reports.monthly_summary(db, APRIL).total
    may = reports.monthly_summary(db, MAY).total

    assert (march.employers_active, march.employers_ended) == (3, 0)
    assert (april.employers_active, april.employers_ended) == (2, 1)
    assert (may.employers_active, may.employers_ended) == (1, 1)


def test_employer_registered_on_the_last_day_is_new_and_active(db: Database, make_employer) -> None:
    """Registered on 30 April: active and new in April, absent from March."""
    make_employer(registered_on=date(2018, 4, 30))
    april = reports.monthly_summary(db, APRIL).total
    march = reports.monthly_summary(db, Period(2018, 3)).total
    assert (april.employers_active, april.employers_new) == (1, 1)
    assert (march.employers_active, march.employers_new) == (0, 0)


# --- claims -----------------------------------------------------------------------------------


def test_claims_count_from_first_january_and_only_once_paid(
    db: Database, admin, make_employer, make_worker
) -> None:
    """Year-to-date claims start on 1 January: a claim paid on 31 December 2017 is not in 2018's
    figures, one paid on 1 January is; a decided but unpaid (DITETAPKAN) claim never counts; a claim
    paid on 30 April counts in April, one paid on 1 May does not."""
    employer = make_employer()
    worker = make_worker(employer_npp=employer.npp, start_date=date(2017, 6, 1))
    kpj = worker.kpj
    _paid_claim(db, admin, kpj, ClaimType.JHT_PENUH, submitted=date(2017, 12, 20),
                amount=10_000_000, paid=date(2017, 12, 31))  # fmt: skip
    _paid_claim(db, admin, kpj, ClaimType.JHT_PENUH, submitted=date(2017, 12, 28),
                amount=7_000_000, paid=date(2018, 1, 1))  # fmt: skip
    _paid_claim(db, admin, kpj, ClaimType.JKK, submitted=date(2018, 4, 10),
                amount=3_000_000, paid=None)  # fmt: skip
    _paid_claim(db, admin, kpj, ClaimType.JP_SEKALIGUS, submitted=date(2018, 4, 20),
                amount=1_500_000, paid=date(2018, 4, 30))  # fmt: skip
    _paid_claim(db, admin, kpj, ClaimType.JP_SEKALIGUS, submitted=date(2018, 4, 25),
                amount=900_000, paid=date(2018, 5, 1))  # fmt: skip

    april = reports.monthly_summary(db, APRIL).total
    assert april.claims(Programme.JHT) == ClaimFigure(1, 7_000_000)
    assert april.claims(Programme.JKK) == ClaimFigure(0, 0)
    assert april.claims(Programme.JP) == ClaimFigure(1, 1_500_000)
    assert april.claims_total() == ClaimFigure(2, 8_500_000)
    assert april.claims(Programme.JHT, ytd=False) == ClaimFigure(0, 0)
    assert april.claims(Programme.JP, ytd=False) == ClaimFigure(1, 1_500_000)

    january = reports.monthly_summary(db, Period(2018, 1)).total
    assert january.claims(Programme.JHT, ytd=False) == ClaimFigure(1, 7_000_000)
    december = reports.monthly_summary(db, Period(2017, 12)).total
    assert december.claims(Programme.JHT) == ClaimFigure(1, 10_000_000)
    assert december.claims(Programme.JHT, ytd=False) == ClaimFigure(1, 10_000_000)
    may = reports.monthly_summary(db, MAY).total
    assert may.claims(Programme.JP) == ClaimFigure(2, 2_400_000)
    assert may.claims(Programme.JKK) == ClaimFigure(0, 0)


# --- Perisai ----------------------------------------------------------------------------------


def test_perisai_recruits_count_from_first_january(db: Database, admin, make_worker) -> None:
    """An agent active at month end counts; the informal workers they recruited count from
    1 January (one recruited on 31 December does not), workers without an agent never do."""
    agent_nik = make_nik("3525", 2, date(1985, 3, 1), Sex.P, 1)
    agents_projects.register_agent(db, admin, nik=agent_nik, name="Siti Aminah", office_code="GRS",
                              joined_on=date(2017, 11, 1))  # fmt: skip
    for serial, start, agent in (
        (2, date(2017, 12, 31), agent_nik),
        (3, date(2018, 1, 1), agent_nik),
        (4, date(2018, 4, 30), agent_nik),
        (5, date(2018, 2, 1), None),
    ):
        make_worker(
            nik=make_nik("3525", 2, date(1990, 1, 1), Sex.L, serial), name="Joko Susilo",
            birth_date=date(1990, 1, 1), sex=Sex.L, segment=Segment.BPU, start_date=start,
            office_code="GRS", declared_income=1_000_000, agent_nik=agent, wage=None,
        )  # fmt: skip
    april = _row(reports.monthly_summary(db, APRIL), "GRS")
    assert (april.perisai_agents, april.perisai_recruits) == (1, 2)
    assert april.workers_bpu == 4
    march = _row(reports.monthly_summary(db, Period(2018, 3)), "GRS")
    assert march.perisai_recruits == 1
    october = _row(reports.monthly_summary(db, Period(2017, 10)), "GRS")
    assert october.perisai_agents == 0


# --- arrears and contributions ----------------------------------------------------------------


def test_arrears_collected_count_when_the_case_is_settled(
    db: Database, admin, make_employer, make_worker
) -> None:
    """An employer on 2018's arrears list counts in the target from the start; it counts as
    collected (with the rupiah collected) from the month its arrears are paid; contributions are
    billed in the bill's month and received in the payment's month."""
    employer = make_employer()
    make_worker(employer_npp=employer.npp, start_date=date(2017, 12, 1))
    bill = contributions.bill_month(db, admin, employer.npp, Period(2018, 1))
    assert bill.amount > 0
    arrears.open_case(db, admin, employer.npp, target_year=2018, opened_on=date(2018, 3, 1))
    payment = contributions.record_payment(db, admin, employer.npp, bill.amount, date(2018, 4, 30))
    assert payment.cases_settled

    march = reports.monthly_summary(db, Period(2018, 3)).total
    april = reports.monthly_summary(db, APRIL).total
    january = reports.monthly_summary(db, Period(2018, 1)).total

    assert (march.arrears_target, march.arrears_collected) == (1, 0)
    assert march.arrears_collected_amount == 0
    assert (april.arrears_target, april.arrears_collected) == (1, 1)
    assert april.arrears_collected_amount == bill.amount
    assert april.arrears_collected_percent == 100.0
    assert january.contributions_billed == bill.amount
    assert april.contributions_billed == 0
    assert april.contributions_received == bill.amount
    assert march.contributions_received == 0
    # A case of another year's list is not in 2017's figures.
    assert reports.monthly_summary(db, Period(2017, 12)).total.arrears_target == 0


# --- office scope -----------------------------------------------------------------------------


def test_branch_scope_includes_its_kcp_and_the_total_is_their_sum(
    db: Database, make_employer, make_worker
) -> None:
    """The summary of KC Mojokerto covers KCP Jombang (its child) and nothing else; its total is
    the sum of the two rows, field by field."""
    mojokerto = make_employer(office_code="MJK", regency_code="3516")
    jombang = make_employer(office_code="JBG", regency_code="3517")
    make_employer(office_code="JBG", regency_code="3517")
    gresik = make_employer(office_code="GRS")
    make_worker(employer_npp=mojokerto.npp)
    make_worker(employer_npp=jombang.npp)
    make_worker(employer_npp=jombang.npp)
    make_worker(employer_npp=gresik.npp)

    summary = reports.monthly_summary(db, APRIL, "MJK")

    assert (summary.scope_code, summary.scope_name) == ("MJK", "KC Mojokerto")
    assert [r.office_code for r in summary.rows] == ["MJK", "JBG"]
    assert (summary.total.employers_active, summary.total.workers_pu) == (3, 3)
    assert (_row(summary, "MJK").employers_active, _row(summary, "JBG").employers_active) == (1, 2)
    for name in NUMERIC_FIELDS:
        assert getattr(summary.total, name) == sum(getattr(r, name) for r in summary.rows), name
    assert reports.monthly_summary(db, APRIL, " mjk ").rows == summary.rows

    jombang_only = reports.monthly_summary(db, APRIL, "JBG")
    assert [r.office_code for r in jombang_only.rows] == ["JBG"]
    assert jombang_only.total.employers_active == 2


def test_region_scope_covers_every_office_but_not_itself(db: Database, make_employer) -> None:
    """By default the scope is Kanwil Jawa Timur: one row per KC and KCP (21), total = their sum."""
    make_employer(office_code="MJK", regency_code="3516")
    make_employer(office_code="PNG", regency_code="3502")
    summary = reports.monthly_summary(db, APRIL)
    assert summary.scope_code == "JTM"
    assert len(summary.rows) == 21 and "JTM" not in {r.office_code for r in summary.rows}
    assert summary.total.employers_active == 2


def test_kcp_opened_later_is_not_in_earlier_months(db: Database) -> None:
    """KCP Jombang opened in June 2015: the Mojokerto summary of January 2015 has no Jombang row."""
    summary = reports.monthly_summary(db, Period(2015, 1), "MJK")
    assert [r.office_code for r in summary.rows] == ["MJK"]


def test_unknown_office_code_is_not_found(db: Database) -> None:
    """An office code that does not exist: NotFoundError naming it."""
    with pytest.raises(NotFoundError, match="XYZ"):
        reports.monthly_summary(db, APRIL, "XYZ")


# --- helpers of the report screens ------------------------------------------------------------


def test_list_offices_puts_the_region_first_with_parents(db: Database) -> None:
    """The office list starts with Kanwil Jawa Timur and names each KCP's parent."""
    offices = reports.list_offices(db)
    assert offices[0].code == "JTM"
    by_code = {o.code: o for o in offices}
    assert by_code["JBG"].parent_code == "MJK"
    assert by_code["TBN"].parent_code == "BJN"


def test_latest_period_is_the_month_of_the_last_record(
    db: Database, admin, make_employer, make_worker
) -> None:
    """No records: this month. Then the month of the latest payment of a claim or start of a
    membership."""
    assert reports.latest_period(db) == Period.of(today_wib())
    employer = make_employer()
    worker = make_worker(employer_npp=employer.npp, start_date=date(2018, 2, 5))
    assert reports.latest_period(db) == Period(2018, 2)
    _paid_claim(db, admin, worker.kpj, ClaimType.JKK, submitted=date(2018, 4, 2),
                amount=1_000_000, paid=date(2018, 4, 30))  # fmt: skip
    assert reports.latest_period(db) == APRIL
