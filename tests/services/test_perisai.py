"""Perisai service: agents, their recruits, fees and status; informal members' payments (real
databases: SQLite, and PostgreSQL when available)."""

from __future__ import annotations

import json
from datetime import date

import pytest
from sqlalchemy import func, select

from bpjs_desktop.db.models import Agent, AuditEvent, ContributionBill, EndReason, Payment, Role
from bpjs_desktop.domain.contributions import bpu_contribution
from bpjs_desktop.domain.identifiers import Sex
from bpjs_desktop.domain.periods import Period
from bpjs_desktop.domain.perisai import AgentState
from bpjs_desktop.domain.programmes import Programme, Segment
from bpjs_desktop.errors import (
    ConflictError,
    NotFoundError,
    PermissionDeniedError,
    ValidationError,
)
from bpjs_desktop.services import perisai, worker_registry
from bpjs_desktop.services.perisai import AgentInput
from tests.conftest import fresh_nik
from tests.helpers import count

FEB, MAR, APR, MAY, JUN, JUL = (Period(2018, m) for m in range(2, 8))
BASIC = 16_800  # JKK 1 % of Rp1.000.000 + JKM Rp6.800, a month (domain.md §4.5)
WITH_JHT = 36_800  # the same with JHT 2 %
JKK_JKM = frozenset({Programme.JKK, Programme.JKM})
JKK_JKM_JHT = frozenset({Programme.JKK, Programme.JKM, Programme.JHT})


def fields(exc: pytest.ExceptionInfo[ValidationError]) -> set[str]:
    return {e.field for e in exc.value.errors}


def audit_events(db, action: str) -> list[AuditEvent]:
    with db.read() as session:
        return list(
            session.scalars(
                select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.id)
            )
        )


@pytest.fixture
def make_agent(db, admin):
    """Register an agent through the Perisai service (default: KC Gresik, 1 February 2018)."""

    def make(**overrides) -> perisai.AgentSummaryRow:
        values = {
            "nik": fresh_nik(date(1985, 3, 3), Sex.L),
            "name": "Bambang Perisai",
            "office_code": "GRS",
            "joined_on": date(2018, 2, 1),
        }
        values.update(overrides)
        return perisai.register_agent(db, admin, AgentInput(**values))

    return make


@pytest.fixture
def recruit(make_worker):
    """Register an informal member recruited by an agent."""

    def make(agent: perisai.AgentSummaryRow | None, start: date, *, jht: bool = False, **kw):
        return make_worker(
            segment=Segment.BPU,
            office_code=kw.pop("office_code", "GRS"),
            declared_income=1_000_000,
            wage=None,
            programmes=JKK_JKM_JHT if jht else JKK_JKM,
            agent_nik=agent.nik if agent else None,
            start_date=start,
            name=kw.pop("name", "Sumarni"),
            **kw,
        )

    return make


# --- registering agents --------------------------------------------------------------------------


def test_registered_agent_is_listed_active_with_no_recruits(db, make_agent):
    """A new agent appears in its office's list, active, with no recruits and no fee; the
    registration is one audited write."""
    agent = make_agent()
    assert (agent.name, agent.office_code, agent.joined_on) == (
        "BAMBANG PERISAI",
        "GRS",
        FEB.first_day,
    )
    rows = perisai.list_agents(db, office_code="GRS", period=FEB)
    assert [(r.nik, r.recruits, r.fee, r.status.state) for r in rows] == [
        (agent.nik, 0, 0, AgentState.AKTIF)
    ]
    assert len(audit_events(db, "agent.register")) == 1


def test_agent_form_errors_are_all_named_at_once(db, admin):
    """A malformed NIK, a name with digits, no office and a join date before the Perisai launch
    are refused together, each on its field; nothing is saved."""
    data = AgentInput(nik="35250112", name="B4mbang", office_code="", joined_on=date(2018, 1, 31))
    with pytest.raises(ValidationError) as exc:
        perisai.register_agent(db, admin, data)
    assert fields(exc) == {"nik", "name", "office", "joined_on"}
    assert "01/02/2018" in str(exc.value)  # the launch is named
    assert count(db, Agent) == 0


@pytest.mark.parametrize(
    ("joined_on", "message"),
    [(None, "wajib diisi"), (date(2099, 1, 1), "sesudah hari ini")],
)
def test_join_date_is_required_and_not_in_the_future(db, admin, joined_on, message):
    data = AgentInput(fresh_nik(), "Bambang", "GRS", joined_on)
    with pytest.raises(ValidationError, match=message) as exc:
        perisai.register_agent(db, admin, data)
    assert fields(exc) == {"joined_on"}


def test_unknown_office_is_refused_on_its_field(db, admin):
    data = AgentInput(fresh_nik(), "Bambang", "XXX", date(2018, 3, 1))
    with pytest.raises(ValidationError) as exc:
        perisai.register_agent(db, admin, data)
    assert fields(exc) == {"office"}


def test_registering_an_ended_agent_again_points_to_rejoining(db, admin, make_agent):
    """The NIK of an agent whose agency ended is refused on the NIK field, naming the day the
    person may rejoin."""
    agent = make_agent()
    perisai.end_agent(db, admin, agent.nik, date(2018, 3, 15), "Mengundurkan diri")
    with pytest.raises(ValidationError, match="16/09/2018") as exc:
        make_agent(nik=agent.nik)
    assert fields(exc) == {"nik"}
    assert count(db, Agent) == 1


def test_front_office_may_register_but_an_inspector_may_not(db, make_user):
    data = AgentInput(fresh_nik(), "Bambang", "GRS", date(2018, 3, 1))
    with pytest.raises(PermissionDeniedError):
        perisai.register_agent(db, make_user(Role.PEMERIKSA), data)
    assert perisai.register_agent(db, make_user(Role.PELAYANAN), data).nik == data.nik


# --- the list ---------------------------------------------------------------------------------------


def test_office_filter_covers_a_branch_with_its_sub_branches(db, make_agent):
    """KC Bojonegoro covers KCP Tuban; the regional office (or no office) covers every agent;
    an agent who joins after the month is not listed for it."""
    bjn = make_agent(office_code="BJN", name="Agen Bojonegoro")
    tbn = make_agent(office_code="TBN", name="Agen Tuban")
    grs = make_agent(office_code="GRS", name="Agen Gresik")
    late = make_agent(office_code="GRS", name="Agen Baru", joined_on=date(2018, 5, 2))

    def niks(office):
        return {r.nik for r in perisai.list_agents(db, office_code=office, period=APR)}

    assert niks("BJN") == {bjn.nik, tbn.nik}
    assert niks("TBN") == {tbn.nik}
    assert niks("JTM") == niks(None) == {bjn.nik, tbn.nik, grs.nik}
    assert late.nik in {r.nik for r in perisai.list_agents(db, period=MAY)}


def test_month_fee_is_7_5_percent_of_what_recruits_paid_in_that_month(
    db, admin, make_agent, recruit
):
    """Two recruits in February pay February and March; the list of March shows both paid
    (16.800 + 36.800), a fee of 7,5 % (Rp4.020), no new recruits; February shows 2 new."""
    agent = make_agent()
    a = recruit(agent, date(2018, 2, 5))
    b = recruit(agent, date(2018, 2, 6), jht=True)
    for kpj, amount in ((a.kpj, BASIC), (b.kpj, WITH_JHT)):
        perisai.record_bpu_payment(db, admin, kpj, amount, date(2018, 2, 10))
        perisai.record_bpu_payment(db, admin, kpj, amount, date(2018, 3, 12))
    march = perisai.list_agents(db, period=MAR)[0]
    assert (march.recruits, march.new_recruits, march.paid, march.fee, march.incentive) == (
        2, 0, BASIC + WITH_JHT, 4_020, 0,
    )  # fmt: skip
    february = perisai.list_agents(db, period=FEB)[0]
    assert (february.new_recruits, february.paid, february.fee) == (2, 53_600, 4_020)


def test_incentive_comes_with_the_fiftieth_new_recruit_of_a_month(db, make_agent, recruit):
    """49 new recruits in March earn no incentive; the 50th earns Rp500.000 for March."""
    agent = make_agent()
    for i in range(49):
        recruit(agent, date(2018, 3, 1 + i % 28))
    assert perisai.list_agents(db, period=MAR)[0].incentive == 0
    recruit(agent, date(2018, 3, 31))
    row = perisai.list_agents(db, period=MAR)[0]
    assert (row.new_recruits, row.incentive, row.total) == (50, 500_000, 500_000)
    assert perisai.list_agents(db, period=APR)[0].incentive == 0


# --- the detail ---------------------------------------------------------------------------------------


def test_detail_has_a_row_per_month_and_ends_after_three_idle_months(
    db, admin, make_agent, recruit
):
    """Recruited and paid in February and March, idle April–June: the month table shows the
    activity and fee of each month, active to May and ended (by the rule) at the end of June;
    a July payment earns no fee since the agency had ended."""
    agent = make_agent()
    member = recruit(agent, date(2018, 2, 5))
    perisai.record_bpu_payment(db, admin, member.kpj, BASIC, date(2018, 2, 5))
    perisai.record_bpu_payment(db, admin, member.kpj, BASIC, date(2018, 3, 5))
    perisai.record_bpu_payment(db, admin, member.kpj, 4 * BASIC, date(2018, 7, 2))
    detail = perisai.agent_detail(db, agent.nik, period=JUL)
    table = [(m.period, m.new_recruits, m.paid, m.fee, m.status.state) for m in detail.months]
    assert table == [
        (FEB, 1, BASIC, 1_260, AgentState.AKTIF),
        (MAR, 0, BASIC, 1_260, AgentState.AKTIF),
        (APR, 0, 0, 0, AgentState.AKTIF),
        (MAY, 0, 0, 0, AgentState.AKTIF),
        (JUN, 0, 0, 0, AgentState.BERAKHIR),
        (JUL, 0, 4 * BASIC, 0, AgentState.BERAKHIR),
    ]
    assert detail.months[-1].status.ended_on == date(2018, 6, 30)
    assert detail.agent.ended_unrecorded
    assert detail.agent.status.rejoin_from == date(2019, 1, 1)
    assert [(r.kpj, r.start_date, r.paid_through, r.active) for r in detail.recruits] == [
        (member.kpj, date(2018, 2, 5), "2018-07", True)
    ]


def test_detail_of_an_unknown_agent_is_not_found(db):
    with pytest.raises(NotFoundError):
        perisai.agent_detail(db, fresh_nik(), period=APR)


# --- informal members' payments -----------------------------------------------------------------------


def bills_of(db, membership_id):
    with db.read() as session:
        return [
            (b.period, b.amount, b.paid, b.settled_on)
            for b in session.scalars(
                select(ContributionBill)
                .where(ContributionBill.membership_id == membership_id)
                .order_by(ContributionBill.period)
            )
        ]


def test_first_payment_bills_the_month_by_the_contribution_rule(db, admin, recruit):
    """Paying on the day of registration creates that month's bill by bpu_contribution (JKK,
    JKM, JHT split), settles it, and records one audited payment; the bill is due the 15th."""
    member = recruit(None, date(2018, 4, 2), jht=True)
    row = perisai.record_bpu_payment(db, admin, member.kpj, WITH_JHT, date(2018, 4, 2), " BNI-1 ")
    assert (row.allocations, row.unallocated, row.bills_created) == (
        (("2018-04", WITH_JHT),), 0, ("2018-04",),
    )  # fmt: skip
    expected = bpu_contribution(1_000_000, APR, JKK_JKM_JHT)
    with db.read() as session:
        bill = session.scalar(select(ContributionBill))
        payment = session.scalar(select(Payment))
    assert (bill.jkk, bill.jkm, bill.jht, bill.jp, bill.amount) == (
        10_000,
        6_800,
        20_000,
        0,
        expected.total,
    )
    assert (bill.employer_id, bill.membership_id, bill.due_date) == (
        None,
        member.membership_id,
        date(2018, 4, 16),
    )
    assert (payment.membership_id, payment.reference, payment.unallocated) == (
        member.membership_id,
        "BNI-1",
        0,
    )
    [event] = audit_events(db, "bpu_payment.record")
    assert json.loads(event.detail)["allocations"] == [["2018-04", WITH_JHT]]


def test_payment_settles_the_oldest_month_first(db, admin, recruit):
    """A member who let February pass pays Rp20.000 on 10 March: February is settled, March is
    paid Rp3.200 and stays open."""
    member = recruit(None, date(2018, 2, 5))
    row = perisai.record_bpu_payment(db, admin, member.kpj, 20_000, date(2018, 3, 10))
    assert row.allocations == (("2018-02", BASIC), ("2018-03", 3_200))
    assert bills_of(db, member.membership_id) == [
        ("2018-02", BASIC, BASIC, date(2018, 3, 10)),
        ("2018-03", BASIC, 3_200, None),
    ]


def test_payment_for_months_ahead_bills_whole_months_and_keeps_the_rest(db, admin, recruit):
    """Rp60.000 in February pays February, March and April (3 × 16.800) and keeps Rp9.600 as an
    overpayment; the May payment first uses that credit."""
    member = recruit(None, date(2018, 2, 5))
    row = perisai.record_bpu_payment(db, admin, member.kpj, 60_000, date(2018, 2, 5))
    assert row.allocations == (("2018-02", BASIC), ("2018-03", BASIC), ("2018-04", BASIC))
    assert row.unallocated == 60_000 - 3 * BASIC == 9_600
    later = perisai.record_bpu_payment(db, admin, member.kpj, 7_200, date(2018, 5, 3))
    assert later.allocations == (("2018-05", 7_200),)
    assert bills_of(db, member.membership_id)[-1] == ("2018-05", BASIC, BASIC, date(2018, 5, 3))
    with db.read() as session:
        assert session.scalar(select(func.sum(Payment.unallocated))) == 0


def test_old_unbilled_months_have_lapsed(db, admin, recruit):
    """A member since June 2017 with no bills pays on 10 April 2018: only January–April (three
    months back) are billed; the oldest of them is settled first."""
    member = recruit(None, date(2017, 6, 1))
    row = perisai.record_bpu_payment(db, admin, member.kpj, BASIC, date(2018, 4, 10))
    assert row.bills_created == ("2018-01", "2018-02", "2018-03", "2018-04")
    assert row.allocations == (("2018-01", BASIC),)


def test_no_bill_after_the_membership_ended(db, admin, recruit):
    """A member who ended in March is not billed for April, nor for months ahead."""
    member = recruit(None, date(2018, 2, 5))
    worker_registry.end_membership(
        db, admin, member.kpj, date(2018, 3, 20), EndReason.BERHENTI_MEMBAYAR
    )
    row = perisai.record_bpu_payment(db, admin, member.kpj, 3 * BASIC, date(2018, 4, 10))
    assert row.bills_created == ("2018-02", "2018-03")
    assert row.unallocated == BASIC


@pytest.mark.parametrize(
    ("kpj", "amount", "paid_on", "field"),
    [
        ("12345", BASIC, date(2018, 4, 10), "kpj"),  # malformed KPJ
        (None, 0, date(2018, 4, 10), "amount"),
        (None, -5, date(2018, 4, 10), "amount"),
        (None, BASIC, date(2099, 1, 1), "paid_on"),  # in the future
        (None, BASIC, date(2018, 2, 4), "paid_on"),  # before the membership began
    ],
)
def test_bad_payments_are_refused_on_their_field(db, admin, recruit, kpj, amount, paid_on, field):
    member = recruit(None, date(2018, 2, 5))
    with pytest.raises(ValidationError) as exc:
        perisai.record_bpu_payment(db, admin, kpj or member.kpj, amount, paid_on)
    assert field in fields(exc)
    assert (count(db, Payment), count(db, ContributionBill)) == (0, 0)


def test_a_wage_earner_is_not_paid_through_the_informal_counter(
    db, admin, make_employer, make_worker
):
    employer = make_employer()
    worker = make_worker(employer_npp=employer.npp)
    with pytest.raises(ValidationError, match="BPU") as exc:
        perisai.record_bpu_payment(db, admin, worker.kpj, BASIC, date(2018, 4, 10))
    assert fields(exc) == {"kpj"}


def test_unknown_kpj_is_not_found(db, admin, recruit):
    member = recruit(None, date(2018, 2, 5))
    unknown = member.kpj[:-4] + ("0001" if not member.kpj.endswith("0001") else "0002")
    with pytest.raises(NotFoundError):
        perisai.record_bpu_payment(db, admin, unknown, BASIC, date(2018, 4, 10))


def test_front_office_may_record_an_informal_payment_but_an_inspector_may_not(
    db, make_user, recruit
):
    member = recruit(None, date(2018, 2, 5))
    with pytest.raises(PermissionDeniedError):
        perisai.record_bpu_payment(
            db, make_user(Role.PEMERIKSA), member.kpj, BASIC, date(2018, 2, 5)
        )
    perisai.record_bpu_payment(db, make_user(Role.PELAYANAN), member.kpj, BASIC, date(2018, 2, 5))
    assert count(db, Payment) == 1


# --- ending and rejoining ------------------------------------------------------------------------------


def test_ending_an_agency_is_recorded_once_and_audited(db, admin, make_agent):
    agent = make_agent()
    row = perisai.end_agent(db, admin, agent.nik, date(2018, 3, 15), "  Mengundurkan   diri ")
    assert (row.ended_on, row.end_reason, row.status.state) == (
        date(2018, 3, 15), "Mengundurkan diri", AgentState.BERAKHIR,
    )  # fmt: skip
    assert row.status.rejoin_from == date(2018, 9, 16)
    [event] = audit_events(db, "agent.end")
    assert json.loads(event.detail)["ended_on"] == "2018-03-15"
    with pytest.raises(ConflictError, match="15/03/2018"):
        perisai.end_agent(db, admin, agent.nik, date(2018, 3, 20), "Lagi")


@pytest.mark.parametrize(
    ("ended_on", "reason", "field"),
    [
        (date(2018, 1, 31), "Mengundurkan diri", "ended_on"),  # before joining
        (date(2099, 1, 1), "Mengundurkan diri", "ended_on"),
        (None, "Mengundurkan diri", "ended_on"),
        (date(2018, 3, 15), " ", "reason"),
        (date(2018, 3, 9), "Mengundurkan diri", "ended_on"),  # before a recruit's start
    ],
)
def test_bad_end_is_refused(db, admin, make_agent, recruit, ended_on, reason, field):
    agent = make_agent()
    recruit(agent, date(2018, 3, 10))
    with pytest.raises(ValidationError) as exc:
        perisai.end_agent(db, admin, agent.nik, ended_on, reason)
    assert field in fields(exc)
    with db.read() as session:
        assert session.scalar(select(Agent.ended_on)) is None


def test_rejoining_is_refused_before_six_months_naming_the_day(db, admin, make_agent):
    """Ended on 15 March 2018: rejoining on 15 September is refused with the first allowed day
    (16/09/2018) named; on that day it succeeds, the agency starts again and the audit keeps the
    earlier dates."""
    agent = make_agent()
    perisai.end_agent(db, admin, agent.nik, date(2018, 3, 15), "Mengundurkan diri")
    with pytest.raises(ValidationError, match="16/09/2018") as exc:
        perisai.rejoin_agent(db, admin, agent.nik, date(2018, 9, 15))
    assert fields(exc) == {"rejoined_on"}
    row = perisai.rejoin_agent(db, admin, agent.nik, date(2018, 9, 16), office_code="SDA")
    assert (row.joined_on, row.ended_on, row.office_code, row.status.state) == (
        date(2018, 9, 16), None, "SDA", AgentState.AKTIF,
    )  # fmt: skip
    [event] = audit_events(db, "agent.rejoin")
    before = json.loads(event.detail)["before"]
    assert (before["joined_on"], before["ended_on"]) == ("2018-02-01", "2018-03-15")


def test_rejoining_after_an_end_by_the_rule_counts_from_that_end(db, admin, make_agent):
    """Idle February–April, the agency ended by the rule on 30 April (nothing recorded): rejoining
    is open from 1 November 2018, not before."""
    agent = make_agent()
    with pytest.raises(ValidationError, match="01/11/2018"):
        perisai.rejoin_agent(db, admin, agent.nik, date(2018, 10, 31))
    assert perisai.rejoin_agent(db, admin, agent.nik, date(2018, 11, 1)).status.active


def test_an_active_agent_cannot_rejoin(db, admin, make_agent):
    agent = make_agent()
    with pytest.raises(ConflictError, match="masih aktif"):
        perisai.rejoin_agent(db, admin, agent.nik, date(2018, 3, 1))


def test_only_front_office_and_heads_end_or_readmit_agents(db, make_user, make_agent):
    agent = make_agent()
    ar = make_user(Role.AR)
    with pytest.raises(PermissionDeniedError):
        perisai.end_agent(db, ar, agent.nik, date(2018, 3, 15), "Mengundurkan diri")
    with pytest.raises(PermissionDeniedError):
        perisai.rejoin_agent(db, ar, agent.nik, date(2018, 11, 1))


def test_idle_agents_are_ended_by_the_rule_in_one_audited_write(db, admin, make_agent, recruit):
    """Of two agents who joined on 1 February, the one without recruits is recorded as ended on
    30 April with the rule as reason; the other stays; a second run writes nothing."""
    idle = make_agent(name="Agen Diam")
    busy = make_agent(name="Agen Rajin")
    recruit(busy, date(2018, 3, 20))
    assert perisai.end_idle_agents(db, admin, date(2018, 4, 30)) == [idle.nik]
    rows = {r.nik: r for r in perisai.list_agents(db, period=APR)}
    assert (rows[idle.nik].ended_on, rows[idle.nik].end_reason) == (
        date(2018, 4, 30), perisai.IDLE_END_REASON,
    )  # fmt: skip
    assert rows[busy.nik].ended_on is None and rows[busy.nik].status.active
    assert perisai.end_idle_agents(db, admin, date(2018, 4, 30)) == []
    assert len(audit_events(db, "agent.end_by_rule")) == 1
