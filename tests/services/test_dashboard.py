"""Realisation, projection and the facts behind the dashboard, on small hand-built databases
(SQLite and PostgreSQL).

Each test builds a few records on the edges that matter (before 1 January, inside a month, on a
public holiday) and checks the figure the dashboard would draw, computed by hand here.
"""

from __future__ import annotations

import json
from datetime import date

import pytest
from sqlalchemy import func, select

from bpjs_desktop.db.engine import Database
from bpjs_desktop.db.models import (
    ArrearsCase,
    CaseStatus,
    Claim,
    Employer,
    Holiday,
    Kpi,
    Membership,
    MonthlyFact,
    Payment,
    Setting,
)
from bpjs_desktop.domain.claims import ClaimState, ClaimType
from bpjs_desktop.domain.identifiers import Sex, make_nik
from bpjs_desktop.domain.kpis import KpiKind, Status
from bpjs_desktop.domain.periods import Period
from bpjs_desktop.domain.programmes import Segment
from bpjs_desktop.services import (
    agents_projects,
    dashboard,
    drilldown,
    facts,
    membership_common,
    reports,
    targets,
    worker_registry,
)
from bpjs_desktop.services.targets import TargetRow

MARCH = Period(2018, 3)
APRIL = Period(2018, 4)


def _paid_claim(
    db: Database,
    kpj: str,
    claim_type: ClaimType,
    submitted: date,
    paid: date,
    amount: int = 1_000_000,
    docs_complete: date | None = None,
) -> None:
    """A paid claim written as the claim desk leaves it (the desk's own rules are not under test)."""
    with db.write() as session:
        member = session.scalar(select(Membership).where(Membership.kpj == kpj))
        assert member is not None
        number = int(session.scalar(select(func.count()).select_from(Claim)) or 0) + 1
        session.add(
            Claim(
                claim_no=f"TST-{number:05d}", membership_id=member.id, office_id=member.office_id,
                claim_type=claim_type, programme=claim_type.programme.value,
                state=ClaimState.DIBAYAR, event_date=submitted, submitted_on=submitted,
                docs_complete_on=docs_complete, decided_on=paid, paid_on=paid, amount=amount,
            )
        )  # fmt: skip


def _office_id(db: Database, code: str) -> int:
    from bpjs_desktop.db.models import Office

    with db.read() as session:
        return int(session.scalar(select(Office.id).where(Office.code == code)))  # type: ignore[arg-type]


def _board(db: Database, period: Period, scope: str = "GRS") -> dashboard.Dashboard:
    facts.rebuild_facts(db, period.year, latest=period)
    return dashboard.load(db, period, scope, latest=period)


# --- realisation --------------------------------------------------------------------------------


def test_realisation_is_level_for_stocks_and_year_to_date_for_flows(
    db: Database, make_employer
) -> None:
    """Active employers are the level at each month end; new employers count from 1 January
    (one registered on 31 December is not new in 2018), and the month's own figure is that
    month's registrations only."""
    make_employer(registered_on=date(2017, 6, 1))
    make_employer(registered_on=date(2017, 12, 31))
    make_employer(registered_on=date(2018, 1, 31))
    make_employer(registered_on=date(2018, 3, 1))
    make_employer(registered_on=date(2018, 3, 31))

    board = _board(db, MARCH)

    active = board.kpis[Kpi.BU_AKTIF]
    new = board.kpis[Kpi.BU_BARU]
    assert active.months == (1, 2, 3)
    assert active.realisation == (3, 3, 5)
    assert new.realisation == (1, 1, 3)
    assert new.month_values == (1, 0, 2)
    assert board.kpis[Kpi.BU_AKTIF].kind is KpiKind.STOCK
    # The other office's figures are not in Gresik's scope, and the region has them all.
    assert dashboard.load(db, MARCH, "JTM", latest=MARCH).kpis[Kpi.BU_AKTIF].realisation == (
        3,
        3,
        5,
    )
    assert dashboard.load(db, MARCH, "MJK", latest=MARCH).kpis[Kpi.BU_AKTIF].realisation == (
        0,
        0,
        0,
    )


def test_workers_by_segment_and_perisai_acquisitions(
    db: Database, admin, make_employer, make_worker
) -> None:
    """Active workers per segment at each month end; Perisai acquisitions are the informal
    workers the office's agents recruited from January, counted in the month they started."""
    employer = make_employer()
    make_worker(employer_npp=employer.npp, start_date=date(2017, 11, 1))
    make_worker(employer_npp=employer.npp, start_date=date(2018, 2, 10))
    agent_nik = make_nik("3525", 2, date(1985, 3, 1), Sex.P, 41)
    agents_projects.register_agent(db, admin, nik=agent_nik, name="Siti Aminah", office_code="GRS",
                              joined_on=date(2017, 11, 1))  # fmt: skip
    for serial, start in (
        (42, date(2017, 12, 31)),
        (43, date(2018, 1, 15)),
        (44, date(2018, 3, 2)),
    ):
        worker_registry.register_worker(
            db, admin,
            membership_common.WorkerInput(
                nik=make_nik("3525", 2, date(1990, 1, 1), Sex.L, serial), name="Joko Susilo",
                birth_date=date(1990, 1, 1), sex=Sex.L, segment=Segment.BPU, start_date=start,
                office_code="GRS", declared_income=1_000_000, agent_nik=agent_nik,
            ),
        )  # fmt: skip

    board = _board(db, MARCH)

    assert board.segments.values["PU"] == (1, 2, 2)
    assert board.segments.values["BPU"] == (2, 2, 3)
    assert board.kpis[Kpi.TK_PU].realisation == (1, 2, 2)
    assert board.kpis[Kpi.TK_BARU].realisation == (1, 2, 3)
    perisai = board.kpis[Kpi.PERISAI_AKUISISI]
    assert perisai.realisation == (1, 1, 2)
    assert perisai.month_values == (1.0, 0.0, 1.0)


def test_contributions_and_arrears_collected_year_to_date(db: Database, make_employer) -> None:
    """Contributions received count from 1 January by payment date; arrears employers collected
    count when their case on this year's list is settled, with the rupiah collected."""
    employer = make_employer()
    office = _office_id(db, "GRS")
    with db.write() as session:
        employer_id = session.scalar(select(Employer.id).where(Employer.npp == employer.npp))
        for day, amount in (
            (date(2017, 12, 29), 7),
            (date(2018, 1, 2), 100),
            (date(2018, 3, 31), 250),
        ):
            session.add(
                Payment(employer_id=employer_id, office_id=office, paid_on=day, amount=amount)
            )
        session.add(
            ArrearsCase(
                employer_id=employer_id, office_id=office, target_year=2018,
                opened_on=date(2018, 1, 2), first_period="2017-10", last_period="2017-12",
                principal=900, status=CaseStatus.LUNAS, settled_on=date(2018, 2, 20), collected=900,
            )
        )  # fmt: skip

    board = _board(db, MARCH)

    assert board.kpis[Kpi.IURAN_DITERIMA].realisation == (100, 100, 350)
    assert board.kpis[Kpi.IURAN_DITERIMA].month_values == (100, 0, 250)
    assert board.kpis[Kpi.PIUTANG_BU_TERTAGIH].realisation == (0, 1, 1)
    assert board.arrears.values == {
        "target": (1, 1, 1),
        "collected": (0, 1, 1),
        "amount": (0, 900, 900),
    }


# --- the service level ------------------------------------------------------------------------


@pytest.fixture
def sla_member(make_employer, make_worker) -> str:
    employer = make_employer()
    return make_worker(employer_npp=employer.npp, start_date=date(2017, 6, 1)).kpj


def test_service_level_counts_working_days_without_public_holidays(
    db: Database, sla_member: str
) -> None:
    """JHT may take 5 working days: submitted Friday 23/03/2018 and paid Monday 02/04/2018 took 5,
    because Good Friday (30/03/2018) is a public holiday — within. JKM may take 3: Monday to
    Friday (02–06/04) took 4 — late. The clock starts when documents are complete: submitted
    02/04, complete 09/04, paid 13/04 took 4 days — within."""
    with db.write() as session:  # the office's holiday table (seeded by the migrations on SQLite)
        if session.get(Holiday, date(2018, 3, 30)) is None:
            session.add(Holiday(day=date(2018, 3, 30), name="Wafat Isa Almasih"))
    _paid_claim(db, sla_member, ClaimType.JHT_PENUH, date(2018, 3, 23), date(2018, 4, 2))
    _paid_claim(db, sla_member, ClaimType.JKM, date(2018, 4, 2), date(2018, 4, 6))
    _paid_claim(db, sla_member, ClaimType.JHT_PENUH, date(2018, 4, 2), date(2018, 4, 13),
                docs_complete=date(2018, 4, 9))  # fmt: skip

    summary = reports.monthly_summary(db, APRIL, "GRS")
    assert (summary.total.claims_sla_met, summary.total.claims_total(ytd=False).cases) == (2, 3)
    board = _board(db, APRIL)
    sla = board.kpis[Kpi.KLAIM_SLA]
    assert sla.kind is KpiKind.PERCENT
    assert sla.realisation[-1] == pytest.approx(100 * 2 / 3)
    assert sla.month_values[-1] == pytest.approx(100 * 2 / 3)
    assert sla.realisation[0] is None  # no claim paid in January: no share, not 0 %

    rows = drilldown.records(db, dashboard.kpi_records(board, Kpi.KLAIM_SLA, 4)).page(0, 10)
    assert sorted((r.claim_type.value, r.working_days, r.within) for r in rows) == [
        ("JHT_PENUH", 4, True), ("JHT_PENUH", 5, True), ("JKM", 4, False),
    ]  # fmt: skip


def test_service_level_uses_the_offices_own_limits(db: Database, sla_member: str) -> None:
    """An office that allows JKM 5 working days (setting ``sla_days``) counts the same JKM claim,
    paid in 4, as served within its service level."""
    _paid_claim(db, sla_member, ClaimType.JKM, date(2018, 4, 2), date(2018, 4, 6))
    assert reports.monthly_summary(db, APRIL, "GRS").total.claims_sla_met == 0
    with db.write() as session:
        session.add(Setting(key="sla_days", value=json.dumps({"JKM": 5})))
    assert reports.monthly_summary(db, APRIL, "GRS").total.claims_sla_met == 1


# --- targets and projection -------------------------------------------------------------------


def test_projection_carries_the_pace_of_the_year_to_december(
    db: Database, admin, make_employer
) -> None:
    """Stocks: level 2 at the end of 2017 and 5 at the end of March is +1 a month, so 14 in
    December; cumulative: 3 new employers in three months is 12 in December. The gap is the
    projection less December's target; achievement is realisation over the target to date."""
    make_employer(registered_on=date(2017, 6, 1))
    make_employer(registered_on=date(2017, 12, 31))
    make_employer(registered_on=date(2018, 1, 31))
    make_employer(registered_on=date(2018, 3, 1))
    make_employer(registered_on=date(2018, 3, 31))
    targets.set_targets(
        db, admin,
        [TargetRow("GRS", Kpi.BU_AKTIF, f"2018-{m:02d}", 2 + m) for m in range(1, 13)]
        + [TargetRow("GRS", Kpi.BU_BARU, f"2018-{m:02d}", 2 * m) for m in range(1, 13)],
    )  # fmt: skip

    board = _board(db, MARCH)

    stock = board.kpis[Kpi.BU_AKTIF]
    assert stock.projection[0] == (3, 5.0)
    assert stock.projection[-1] == (12, pytest.approx(14.0))
    assert stock.projected_year_end == pytest.approx(14.0)
    assert stock.year_target == 14
    assert stock.gap == pytest.approx(0.0)
    assert (stock.target_to_date, stock.realisation_to_date) == (5, 5)
    assert stock.percent == pytest.approx(100.0) and stock.status is Status.ON_TRACK

    flow = board.kpis[Kpi.BU_BARU]
    assert [m for m, _v in flow.projection] == list(range(3, 13))
    assert flow.projected_year_end == pytest.approx(12.0)
    assert flow.year_target == 24
    assert flow.gap == pytest.approx(-12.0)
    assert flow.percent == pytest.approx(50.0) and flow.status is Status.BEHIND
    assert dashboard.round_projection(flow.gap) == -12


def test_percent_projection_is_flat_and_offices_are_ranked_by_achievement(
    db: Database, admin, make_employer
) -> None:
    """A percent KPI projects its share to date unchanged. Offices are ranked by achievement,
    best first, those without a target last; the region's target is the sum of its offices'."""
    make_employer(office_code="GRS", registered_on=date(2017, 1, 2))
    make_employer(office_code="GRS", registered_on=date(2017, 1, 2))
    make_employer(office_code="MJK", regency_code="3516", registered_on=date(2017, 1, 2))
    targets.set_targets(
        db, admin,
        [TargetRow("GRS", Kpi.BU_AKTIF, "2018-03", 4), TargetRow("MJK", Kpi.BU_AKTIF, "2018-03", 1)],
    )  # fmt: skip

    board = _board(db, MARCH, "JTM")

    ranking = board.ranking[Kpi.BU_AKTIF]
    assert [(r.office_code, r.percent) for r in ranking[:2]] == [("MJK", 100.0), ("GRS", 50.0)]
    assert all(r.percent is None for r in ranking[2:])
    assert ranking[1].status is Status.BEHIND
    assert board.kpis[Kpi.BU_AKTIF].target_to_date == 5
    assert board.kpis[Kpi.BU_AKTIF].percent == pytest.approx(60.0)
    sla = board.kpis[Kpi.KLAIM_SLA]
    assert sla.projection == ()  # no claim paid: nothing to carry forward


# --- facts ----------------------------------------------------------------------------------


def test_facts_hold_every_figure_of_the_monthly_summary(
    db: Database, make_employer, make_worker
) -> None:
    """The facts of each office and month are the integers of its summary row, so a chart and
    the monthly report read the same numbers; the year starts with December before."""
    employer = make_employer(registered_on=date(2017, 5, 2))
    make_worker(employer_npp=employer.npp, start_date=date(2018, 2, 1))
    report = facts.rebuild_facts(db, 2018, latest=MARCH)
    assert report.periods == (Period(2017, 12), Period(2018, 1), Period(2018, 2), MARCH)
    year = facts.load_year(db, 2018, latest=MARCH)
    for period in report.periods:
        summary = reports.monthly_summary(db, period)
        for row in summary.rows:
            assert year.office_row(row.office_code, period) == row, (row.office_code, period)
        assert reports.flatten(year.row("JTM", period)) == reports.flatten(summary.total)  # type: ignore[arg-type]


def test_facts_turn_stale_on_a_write_that_changes_a_figure_only(
    db: Database, admin, make_employer, make_worker
) -> None:
    """After a rebuild the facts are fresh; setting a target (which changes no figure) leaves
    them fresh; registering a worker makes them stale, and refresh_facts brings them back."""
    employer = make_employer(registered_on=date(2017, 5, 2))
    facts.rebuild_facts(db, 2018, latest=MARCH)
    assert facts.facts_status(db, 2018, MARCH).fresh
    assert facts.refresh_facts(db, 2018, latest=MARCH) is None

    targets.set_targets(db, admin, [TargetRow("GRS", Kpi.TK_PU, "2018-03", 10)])
    assert facts.facts_status(db, 2018, MARCH).fresh

    make_worker(employer_npp=employer.npp, start_date=date(2018, 3, 5))
    status = facts.facts_status(db, 2018, MARCH)
    assert status.stale and not status.missing
    assert facts.load_year(db, 2018, MARCH).row("GRS", MARCH).workers_pu == 0  # type: ignore[union-attr]
    report = facts.refresh_facts(db, 2018, latest=MARCH)
    assert report is not None
    assert facts.load_year(db, 2018, MARCH).row("GRS", MARCH).workers_pu == 1  # type: ignore[union-attr]
    assert facts.facts_status(db, 2018, MARCH).fresh


def test_missing_months_are_reported(db: Database) -> None:
    """A year never computed lacks every month, December before included."""
    status = facts.facts_status(db, 2018, MARCH)
    assert status.missing == (Period(2017, 12), Period(2018, 1), Period(2018, 2), MARCH)
    with db.read() as session:
        assert session.scalar(select(func.count()).select_from(MonthlyFact)) == 0


def test_year_periods_stop_at_the_latest_month() -> None:
    """A year's facts run from December before to the latest month with records, at most
    December; a year after the latest month has none."""
    assert facts.year_periods(2018, APRIL)[-1] == APRIL
    assert len(facts.year_periods(2017, APRIL)) == 13
    assert facts.year_periods(2019, APRIL) == ()
