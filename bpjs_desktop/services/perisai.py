"""Perisai agents: their recruits, monthly fees and status; informal members' contributions.

The fee of a month is 7,5 % of what the agent's recruits *paid in that month* (rupiah allocated
to their monthly bills by payments dated in the month, :mod:`bpjs_desktop.domain.perisai`).
Status follows the rules from the recorded joining date: an agency ends by itself after three idle
months (shown as "berakhir menurut aturan" until an officer records it), or when an officer
records its end; rejoining is refused before the waiting time is over.

The agent table keeps one row per person: rejoining moves ``joined_on`` to the new start and
clears the end, and the audit trail keeps the earlier dates (the schema has no agency history).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import and_, extract, func, or_, select
from sqlalchemy.orm import Session

from bpjs_desktop.db.engine import Database
from bpjs_desktop.db.models import (
    Agent,
    ContributionBill,
    Membership,
    Office,
    OfficeKind,
    Payment,
    PaymentAllocation,
    Person,
)
from bpjs_desktop.domain.calendar import due_date
from bpjs_desktop.domain.contributions import bpu_contribution
from bpjs_desktop.domain.identifiers import IdentifierError, parse_nik, validate_kpj
from bpjs_desktop.domain.masking import mask_nik
from bpjs_desktop.domain.periods import Period, format_date, today_wib
from bpjs_desktop.domain.perisai import (
    BPU_PAYMENT_WINDOW,
    PERISAI_RULES,
    AgentFee,
    AgentState,
    AgentStatus,
    agent_status,
    bpu_payable_months,
    monthly_fee,
    rejoin_date,
)
from bpjs_desktop.domain.programmes import Segment, parse_programmes
from bpjs_desktop.domain.wage_history import WageSchedule
from bpjs_desktop.errors import ConflictError, FieldError, NotFoundError, ValidationError
from bpjs_desktop.i18n import _
from bpjs_desktop.services import (
    agents_projects,
    audit,
    contributions,
    membership_common,
    scope,
    wage_history,
)
from bpjs_desktop.services.context import Actor, require

# Stored in the agent's file (data, not a message: Indonesian whatever the UI language).
IDLE_END_REASON = "Tiga bulan berturut-turut tanpa rekrutmen baru dan tanpa iuran peserta"

# --- rows handed to the UI ----------------------------------------------------------------------


class _FeeAndIncentive:
    """What an agent earns for a month: the fee on recruits' contributions and the incentive."""

    __slots__ = ()
    fee: int
    incentive: int

    @property
    def total(self) -> int:
        return self.fee + self.incentive


@dataclass(frozen=True, slots=True)
class AgentSummaryRow(_FeeAndIncentive):
    """An agent in the list: recruits to date, and the chosen month's activity and fee."""

    id: int
    nik: str
    name: str
    office_code: str
    office_name: str
    joined_on: date
    ended_on: date | None  # as recorded by an officer
    end_reason: str | None
    period: Period
    as_of: date
    recruits: int  # recruited up to ``as_of`` (all agencies of the person)
    new_recruits: int  # recruited in ``period`` in the current agency
    paid: int  # rupiah the recruits paid in ``period``
    fee: int
    incentive: int
    status: AgentStatus

    @property
    def ended_unrecorded(self) -> bool:
        """The rules ended the agency but no officer has recorded it yet."""
        return self.status.by_rule and self.ended_on is None


@dataclass(frozen=True, slots=True)
class RecruitRow:
    membership_id: int
    kpj: str
    name: str
    start_date: date
    end_date: date | None
    declared_income: int | None
    programmes: str
    paid_through: str | None  # the latest month paid in full, "YYYY-MM"
    active: bool


@dataclass(frozen=True, slots=True)
class AgentMonthRow(_FeeAndIncentive):
    """One month of an agency: activity, what it earned, and the status at the month's end."""

    period: Period
    new_recruits: int
    paid: int
    fee: int
    incentive: int
    status: AgentStatus


@dataclass(frozen=True, slots=True)
class AgentDetail:
    agent: AgentSummaryRow
    recruits: tuple[RecruitRow, ...]
    months: tuple[AgentMonthRow, ...]


@dataclass(frozen=True, slots=True)
class AgentInput:
    nik: str
    name: str
    office_code: str
    joined_on: date | None


@dataclass(frozen=True, slots=True)
class BpuPaymentRow:
    id: int
    kpj: str
    paid_on: date
    amount: int
    allocations: tuple[tuple[str, int], ...]  # (period, rupiah), oldest first
    unallocated: int
    bills_created: tuple[str, ...]


# --- reading ---------------------------------------------------------------------------------------

Activity = dict[Period, tuple[int, int]]


def _as_of(period: Period) -> date:
    """The day a month is judged on: its last day, or today while it is running."""
    return min(period.last_day, today_wib())


def _scope_office_ids(session: Session, office_code: str | None) -> list[int] | None:
    """Offices an office code covers: None (all) for the regional office or no code; a KC
    covers its KCPs."""
    if office_code is None or not office_code.strip():
        return None
    office = membership_common.office_by_code(session, office_code)
    if office.kind is OfficeKind.KANWIL:
        return None
    children = session.scalars(select(Office.id).where(Office.parent_id == office.id)).all()
    return [office.id, *children]


_ID_CHUNK = 500  # agent ids per query (SQLite's limit on bound parameters is far above)


def _activity(
    session: Session, agent_ids: Sequence[int], as_of: date
) -> tuple[dict[int, Activity], dict[int, int]]:
    """Per agent: month → (new recruits in the current agency, rupiah paid by all its recruits
    while the agency ran), and the recruits to date.

    The queries start from the agents' recruits (``membership.agent_id`` is indexed), then their
    bills, so they read only those members' rows, never a whole table.
    """
    new: dict[int, dict[Period, int]] = defaultdict(dict)
    to_date: dict[int, int] = defaultdict(int)
    paid: dict[int, dict[Period, int]] = defaultdict(dict)
    ids = sorted(set(agent_ids))
    for start in range(0, len(ids), _ID_CHUNK):
        chunk = ids[start : start + _ID_CHUNK]
        # One row per recruit, counted here. The join to agent keeps SQLite on the agent_id
        # index: its statistics count the NULL agent_id of every other member, and without the
        # join it scans the membership table (1,9 s at scale 1, 20 ms with it).
        members: list[int] = []
        for member_id, agent_id, started, joined in session.execute(
            select(Membership.id, Membership.agent_id, Membership.start_date, Agent.joined_on)
            .join(Agent, Agent.id == Membership.agent_id)
            .where(Membership.agent_id.in_(chunk), Membership.start_date <= as_of)
        ):
            key = int(agent_id or 0)
            to_date[key] += 1
            if started >= joined:  # new in the current agency
                month = Period.of(started)
                new[key][month] = new[key].get(month, 0) + 1
            members.append(member_id)
        for first in range(0, len(members), _ID_CHUNK):
            _add_payments(session, members[first : first + _ID_CHUNK], as_of, paid)
    activity: dict[int, Activity] = {}
    for agent_id in set(new) | set(paid):
        months = set(new[agent_id]) | set(paid[agent_id])
        activity[agent_id] = {
            p: (new[agent_id].get(p, 0), paid[agent_id].get(p, 0)) for p in months
        }
    return activity, dict(to_date)


def _add_payments(
    session: Session, member_ids: Sequence[int], as_of: date, paid: dict[int, dict[Period, int]]
) -> None:
    """Add to *paid* (agent → month → rupiah) what these recruits paid while their agent's
    agency ran, up to *as_of*, by the month of the payment.

    Driven by the bills of the members named; the payment date is compared through coalesce()
    so that no planner prefers reading every payment of the window by its date index.
    """
    paid_on = func.coalesce(Payment.paid_on, Payment.paid_on)
    pay_year = extract("year", Payment.paid_on)
    pay_month = extract("month", Payment.paid_on)
    for agent_id, y, m, amount in session.execute(
        select(Membership.agent_id, pay_year, pay_month, func.sum(PaymentAllocation.amount))
        .select_from(ContributionBill)
        .join(Membership, Membership.id == ContributionBill.membership_id)
        .join(Agent, Agent.id == Membership.agent_id)
        .join(PaymentAllocation, PaymentAllocation.bill_id == ContributionBill.id)
        .join(Payment, Payment.id == PaymentAllocation.payment_id)
        .where(
            ContributionBill.membership_id.in_(member_ids),
            paid_on >= Agent.joined_on,
            paid_on <= as_of,
            or_(Agent.ended_on.is_(None), paid_on <= Agent.ended_on),
        )
        .group_by(Membership.agent_id, pay_year, pay_month)
    ):
        month = Period(int(y), int(m))
        months = paid[int(agent_id or 0)]
        months[month] = months.get(month, 0) + int(amount or 0)


def _fee(agent: Agent, status: AgentStatus, period: Period, activity: Activity) -> AgentFee:
    """The month's fee, if the agency ran in that month (a month after its end earns nothing)."""
    new_recruits, paid = activity.get(period, (0, 0))
    ran = agent.joined_on <= period.last_day and (
        status.ended_on is None or status.ended_on >= period.first_day
    )
    if not ran or not PERISAI_RULES.in_force(period.first_day):
        return AgentFee(paid, new_recruits, 0, 0)
    return monthly_fee(paid, new_recruits, period.first_day)


def _summary(
    agent: Agent,
    office: Office,
    period: Period,
    as_of: date,
    activity: Activity,
    recruits: int,
) -> AgentSummaryRow:
    status = agent_status(agent.joined_on, activity, as_of, ended_on=agent.ended_on)
    fee = _fee(agent, status, period, activity)
    return AgentSummaryRow(
        agent.id, agent.nik, agent.name, office.code, office.name, agent.joined_on,
        agent.ended_on, agent.end_reason, period, as_of, recruits, fee.new_recruits, fee.paid_contributions,
        fee.fee, fee.incentive, status,
    )  # fmt: skip


def list_agents(
    db: Database,
    *,
    office_code: str | None = None,
    period: Period | None = None,
    actor: Actor | None = None,
) -> list[AgentSummaryRow]:
    """Agents of an office (a KC with its KCPs; all for the regional office or None) who had
    joined by the end of *period* (default: this month), with their status on its last day (or
    today) and that month's fee; by office, then name."""
    period = period or Period.of(today_wib())
    as_of = _as_of(period)
    with db.read() as session:
        office_ids = _scope_office_ids(session, office_code)
        where = and_(
            Agent.joined_on <= as_of,
            scope.in_scope(Agent.office_id, scope.offices_in_scope(session, actor)),
        )
        if office_ids is not None:
            where = and_(where, Agent.office_id.in_(office_ids))
        rows = session.execute(
            select(Agent, Office)
            .join(Office, Office.id == Agent.office_id)
            .where(where)
            .order_by(Office.code, Agent.name, Agent.id)
        ).all()
        activity, recruits = _activity(session, [agent.id for agent, _office in rows], as_of)
        return [
            _summary(agent, office, period, as_of, activity.get(agent.id, {}), recruits.get(agent.id, 0))
            for agent, office in rows
        ]  # fmt: skip


def _agent_by_nik(session: Session, nik: str, actor: Actor | None) -> Agent:
    """The agent, if it is one of *actor*'s offices' (else "not found"; audited by id)."""
    info = parse_nik(nik)
    agent = session.scalar(select(Agent).where(Agent.nik == info.nik))
    missing = _("Agen Perisai dengan NIK {nik} tidak ada").format(nik=info.nik)
    if agent is None:
        raise NotFoundError(missing)
    # Audited by the agent's id, never the NIK.
    scope.require_in_scope(session, actor, agent.office_id, "agent", agent.id, missing)
    return agent


@scope.guarded
def agent_detail(
    db: Database, nik: str, *, period: Period | None = None, actor: Actor | None = None
) -> AgentDetail:
    """One agent: its recruits, and each month of the current agency up to *period* (default:
    this month) with new recruits, contributions paid, fee, incentive and status."""
    period = period or Period.of(today_wib())
    as_of = _as_of(period)
    with db.read() as session:
        agent = _agent_by_nik(session, nik, actor)
        office = session.get(Office, agent.office_id)
        assert office is not None
        if agent.joined_on > as_of:
            raise ValidationError.single(
                "period",
                _("Agen {name} baru bergabung pada {day}").format(
                    name=agent.name, day=format_date(agent.joined_on)
                ),
            )
        activities, recruits = _activity(session, [agent.id], as_of)
        activity = activities.get(agent.id, {})
        summary = _summary(agent, office, period, as_of, activity, recruits.get(agent.id, 0))
        paid_through = (
            select(func.max(ContributionBill.period))
            .where(
                ContributionBill.membership_id == Membership.id,
                ContributionBill.amount > 0,
                ContributionBill.paid >= ContributionBill.amount,
            )
            .correlate(Membership)
            .scalar_subquery()
        )
        recruit_query = (
            select(
                Membership.id,
                Membership.kpj,
                Person.name,
                Membership.start_date,
                Membership.end_date,
                Membership.declared_income,
                Membership.programmes,
                paid_through,
            )
            .join(Person, Person.id == Membership.person_id)
            .where(Membership.agent_id == agent.id, Membership.start_date <= as_of)
            .order_by(Membership.start_date, Membership.kpj)
        )
        recruit_rows = tuple(
            RecruitRow(
                mid,
                kpj,
                name,
                start,
                end,
                income,
                programmes,
                through,
                active=end is None or end >= as_of,
            )
            for mid, kpj, name, start, end, income, programmes, through in session.execute(
                recruit_query
            )
        )
    first = max(Period.of(agent.joined_on), Period.of(PERISAI_RULES.entries[0].valid_from))
    months = []
    month = first
    while month <= period:
        day = min(month.last_day, as_of)
        status = agent_status(agent.joined_on, activity, day, ended_on=agent.ended_on)
        fee = _fee(agent, summary.status, month, activity)
        months.append(
            AgentMonthRow(
                month, fee.new_recruits, fee.paid_contributions, fee.fee, fee.incentive, status
            )
        )
        month = month.next()
    return AgentDetail(summary, recruit_rows, tuple(months))


# --- writing -----------------------------------------------------------------------------------------


def _check_day(day: date | None, field_name: str, label: str, errors: list[FieldError]) -> None:
    if day is None:
        errors.append(FieldError(field_name, _("{label} wajib diisi").format(label=label)))
    elif day > today_wib():
        errors.append(
            FieldError(field_name, _("{label} tidak boleh sesudah hari ini").format(label=label))
        )
    elif not PERISAI_RULES.in_force(day):
        errors.append(
            FieldError(
                field_name,
                _("Program Perisai baru berlaku sejak {day}").format(
                    day=format_date(PERISAI_RULES.entries[0].valid_from)
                ),
            )
        )


@scope.guarded
def register_agent(db: Database, actor: Actor, data: AgentInput) -> AgentSummaryRow:
    """Register a Perisai agent: every field is checked and every problem named at once.

    A person whose earlier agency ended is told to rejoin instead (from which day); the write
    itself is :func:`bpjs_desktop.services.agents_projects.register_agent` (one transaction, audited).
    """
    require(actor, "agent.register")
    errors: list[FieldError] = []
    nik = None
    try:
        nik = parse_nik(data.nik).nik
    except IdentifierError as exc:
        errors.extend(exc.errors)
    name = " ".join(data.name.split())
    if len(name) < 2 or any(ch.isdigit() for ch in name):
        errors.append(FieldError("name", _("Nama agen sesuai KTP wajib diisi, tanpa angka")))
    if not data.office_code.strip():
        errors.append(FieldError("office", _("Kantor cabang agen wajib dipilih")))
    _check_day(data.joined_on, "joined_on", _("Tanggal bergabung"), errors)
    with db.read() as session:
        if data.office_code.strip():
            try:
                membership_common.office_by_code(session, data.office_code)
            except ValidationError as exc:
                errors.extend(exc.errors)
        existing = (
            session.scalar(select(Agent).where(Agent.nik == nik)) if nik is not None else None
        )
    if existing is not None:
        errors.insert(0, FieldError("nik", _existing_agent_message(existing)))
    if errors:
        raise ValidationError(errors)
    assert data.joined_on is not None
    row = agents_projects.register_agent(
        db, actor, nik=data.nik, name=name, office_code=data.office_code,
        joined_on=data.joined_on,
    )  # fmt: skip
    return _summary_of(db, row.nik, Period.of(row.joined_on))


def _existing_agent_message(agent: Agent) -> str:
    if agent.ended_on is None:
        return _("NIK ini sudah terdaftar sebagai agen {name} sejak {day}").format(
            name=agent.name, day=format_date(agent.joined_on)
        )
    return _(
        "NIK ini milik agen {name} yang berakhir {ended}; gunakan Gabung kembali (paling cepat "
        "{day})"
    ).format(
        name=agent.name,
        ended=format_date(agent.ended_on),
        day=format_date(rejoin_date(agent.ended_on)),
    )


def _summary_of(db: Database, nik: str, period: Period) -> AgentSummaryRow:
    return agent_detail(db, nik, period=period).agent


def _status_now(session: Session, agent: Agent, as_of: date) -> AgentStatus:
    activities, _recruits = _activity(session, [agent.id], as_of)
    return agent_status(
        agent.joined_on, activities.get(agent.id, {}), as_of, ended_on=agent.ended_on
    )


@scope.guarded
def end_agent(
    db: Database, actor: Actor, nik: str, ended_on: date | None, reason: str
) -> AgentSummaryRow:
    """Record the end of an agency on *ended_on* (its last day) for *reason*.

    Refused when it is already recorded, before the agent joined, after today, or before the
    start of a member the agent recruited in this agency.
    """
    require(actor, "agent.end")
    errors: list[FieldError] = []
    if ended_on is None:
        errors.append(FieldError("ended_on", _("Tanggal berakhir wajib diisi")))
    elif ended_on > today_wib():
        errors.append(FieldError("ended_on", _("Tanggal berakhir tidak boleh sesudah hari ini")))
    clean_reason = " ".join(reason.split())
    if len(clean_reason) < 3:
        errors.append(FieldError("reason", _("Alasan berakhir wajib diisi")))
    if errors:
        raise ValidationError(errors)
    assert ended_on is not None
    with db.write() as session:
        agent = _agent_by_nik(session, nik, actor)
        if agent.ended_on is not None:
            raise ConflictError(
                _("Keagenan {name} sudah berakhir pada {day}").format(
                    name=agent.name, day=format_date(agent.ended_on)
                )
            )
        if ended_on < agent.joined_on:
            raise ValidationError.single(
                "ended_on",
                _("Tanggal berakhir tidak boleh sebelum tanggal bergabung {day}").format(
                    day=format_date(agent.joined_on)
                ),
            )
        last_recruit = session.scalar(
            select(func.max(Membership.start_date)).where(
                Membership.agent_id == agent.id, Membership.start_date >= agent.joined_on
            )
        )
        if last_recruit is not None and last_recruit > ended_on:
            raise ValidationError.single(
                "ended_on",
                _(
                    "Agen ini masih merekrut peserta pada {day}; tanggal berakhir paling cepat itu"
                ).format(day=format_date(last_recruit)),
            )
        agent.ended_on = ended_on
        agent.end_reason = clean_reason[:200]
        audit.record(
            session, actor, "agent.end", "agent", agent.id,
            {"nik": mask_nik(agent.nik), "ended_on": ended_on, "reason": agent.end_reason},
        )  # fmt: skip
    return _summary_of(db, agent.nik, Period.of(ended_on))


def end_idle_agents(db: Database, actor: Actor, as_of: date | None = None) -> list[str]:
    """Record the end of every agency the idle-months rule has ended by *as_of* (default today),
    each on the last day of its third idle month; one transaction, one audit event. Returns the
    NIKs ended (none: nothing is written)."""
    require(actor, "agent.end")
    as_of = as_of or today_wib()
    if as_of > today_wib():
        raise ValidationError.single("as_of", _("Tanggal tidak boleh sesudah hari ini"))
    with db.write() as session:
        agents = session.scalars(
            select(Agent)
            .where(
                Agent.ended_on.is_(None),
                Agent.joined_on <= as_of,
                scope.in_scope(Agent.office_id, scope.offices_in_scope(session, actor)),
            )
            .order_by(Agent.id)
        ).all()
        activity, _recruits = _activity(session, [a.id for a in agents], as_of)
        ended: list[tuple[str, date]] = []
        for agent in agents:
            status = agent_status(agent.joined_on, activity.get(agent.id, {}), as_of)
            if status.by_rule and status.ended_on is not None:
                agent.ended_on = status.ended_on
                agent.end_reason = IDLE_END_REASON
                ended.append((agent.nik, status.ended_on))
        if ended:
            audit.record(
                session, actor, "agent.end_by_rule", "agent", "",
                {"as_of": as_of, "ended": [{"nik": mask_nik(n), "ended_on": d} for n, d in ended]},
            )  # fmt: skip
    return [nik for nik, _day in ended]


@scope.guarded
def rejoin_agent(
    db: Database, actor: Actor, nik: str, rejoined_on: date | None, office_code: str | None = None
) -> AgentSummaryRow:
    """Start a new agency for a person whose agency ended, from *rejoined_on*.

    Refused while the agency runs, and before the waiting time after its end is over (the
    message names the first allowed day).
    """
    require(actor, "agent.rejoin")
    errors: list[FieldError] = []
    _check_day(rejoined_on, "rejoined_on", _("Tanggal bergabung kembali"), errors)
    if errors:
        raise ValidationError(errors)
    assert rejoined_on is not None
    with db.write() as session:
        agent = _agent_by_nik(session, nik, actor)
        if rejoined_on < agent.joined_on:
            raise ValidationError.single(
                "rejoined_on",
                _("Tanggal bergabung kembali tidak boleh sebelum {day}").format(
                    day=format_date(agent.joined_on)
                ),
            )
        status = _status_now(session, agent, rejoined_on)
        if status.state is AgentState.AKTIF:
            raise ConflictError(
                _("Keagenan {name} masih aktif; tidak perlu bergabung kembali").format(
                    name=agent.name
                )
            )
        assert status.rejoin_from is not None and status.ended_on is not None
        if rejoined_on < status.rejoin_from:
            raise ValidationError.single(
                "rejoined_on",
                _("Keagenan berakhir {ended}; boleh bergabung kembali paling cepat {day}").format(
                    ended=format_date(status.ended_on), day=format_date(status.rejoin_from)
                ),
            )
        office = (
            membership_common.office_by_code(session, office_code)
            if office_code
            else session.get(Office, agent.office_id)
        )
        assert office is not None
        before = {
            "joined_on": agent.joined_on,
            "ended_on": status.ended_on,
            "end_reason": agent.end_reason,
            "office_id": agent.office_id,
        }
        agent.joined_on = rejoined_on
        agent.ended_on = None
        agent.end_reason = None
        agent.office_id = office.id
        audit.record(
            session, actor, "agent.rejoin", "agent", agent.id,
            {"nik": mask_nik(agent.nik), "rejoined_on": rejoined_on, "office": office.code, "before": before},
        )  # fmt: skip
    return _summary_of(db, agent.nik, Period.of(rejoined_on))


# --- informal members' monthly contributions -----------------------------------------------------


def _bpu_bill(membership_row: Membership, period: Period, income: int) -> ContributionBill:
    """The monthly bill of an informal member, by the contribution rules of *period*, on the
    *income* declared for that month (issue #10: not today's)."""
    contribution = bpu_contribution(income, period, parse_programmes(membership_row.programmes))
    lines = {line.key: line.total for line in contribution.lines}
    return ContributionBill(
        membership_id=membership_row.id,
        office_id=membership_row.office_id,
        period=str(period),
        due_date=due_date(Segment.BPU, period),
        worker_count=1,
        jkk=lines.get("JKK", 0),
        jkm=lines.get("JKM", 0),
        jht=lines.get("JHT", 0),
        jp=0,
        amount=contribution.total,
        paid=0,
    )


@scope.guarded
def record_bpu_payment(
    db: Database, actor: Actor, kpj: str, amount: int, paid_on: date, reference: str = ""
) -> BpuPaymentRow:
    """Record an informal (BPU) member's payment; bill the months it may cover and allocate it
    to the oldest month first.

    Missing monthly bills are created by the contribution rules (``bpu_contribution``) for the
    months the payment may reach back to (:func:`bpu_payable_months`); the payment settles the
    open months oldest first (``allocate_payment``, as for employers). What is left pays whole
    months ahead (up to the window's limit); a rest smaller than a month stays on the payment
    as an overpayment. One transaction, one audit event.
    """
    require(actor, "bpu_payment.record")
    errors: list[FieldError] = []
    try:
        kpj = validate_kpj(kpj)
    except IdentifierError as exc:
        errors.extend(exc.errors)
    if amount <= 0:
        errors.append(FieldError("amount", _("Jumlah pembayaran harus lebih dari Rp0")))
    if paid_on > today_wib():
        errors.append(FieldError("paid_on", _("Tanggal bayar tidak boleh sesudah hari ini")))
    if errors:
        raise ValidationError(errors)
    with db.write() as session:
        member = _bpu_member(session, actor, kpj, paid_on)
        end = Period.of(member.end_date) if member.end_date is not None else None
        billed = set(
            session.scalars(
                select(ContributionBill.period).where(ContributionBill.membership_id == member.id)
            ).all()
        )
        income = wage_history.schedules(session, [member])[member.id]
        created = [
            _bpu_bill(member, month, income.at(month))
            for month in bpu_payable_months(Period.of(member.start_date), paid_on, end)
            if str(month) not in billed
        ]
        session.add_all(created)
        session.flush()
        contributions.apply_credit(session, Payment.membership_id == member.id, created)
        payment, allocated = contributions.add_payment(
            session, actor, member, amount, paid_on, reference
        )
        remainder = payment.unallocated
        # Whole months ahead, while the rest pays one in full.
        latest = max([Period.of(paid_on), *(Period.parse(p) for p in billed)])
        limit = Period.of(paid_on).shift(BPU_PAYMENT_WINDOW.at(paid_on).ahead_months)
        if end is not None:
            limit = min(limit, end)
        for bill in _months_ahead(member, latest.next(), limit, remainder, income):
            session.add(bill)
            session.flush()
            created.append(bill)
            contributions.put_on_bill(session, payment, bill, bill.amount)
            allocated.append((bill.period, bill.amount))
            remainder -= bill.amount
        payment.unallocated = remainder
        created_periods = tuple(sorted(b.period for b in created))
        audit.record(
            session, actor, "bpu_payment.record", "payment", payment.id,
            {"kpj": kpj, "amount": amount, "paid_on": paid_on, "allocations": allocated,
             "unallocated": remainder, "bills_created": list(created_periods)},
        )  # fmt: skip
        return BpuPaymentRow(
            payment.id, kpj, paid_on, amount, tuple(allocated), remainder, created_periods
        )


def _bpu_member(session: Session, actor: Actor, kpj: str, paid_on: date) -> Membership:
    """The BPU membership of *kpj* in *actor*'s scope, begun by *paid_on*."""
    member = membership_common.membership_in_scope(session, actor, kpj)
    if member.segment is not Segment.BPU:
        raise ValidationError.single(
            "kpj",
            _("KPJ {kpj} bukan peserta bukan penerima upah (BPU)").format(kpj=kpj),
        )
    if paid_on < member.start_date:
        raise ValidationError.single(
            "paid_on",
            _("Tanggal bayar sebelum kepesertaan dimulai ({day})").format(
                day=format_date(member.start_date)
            ),
        )
    return member


def _months_ahead(
    member: Membership, first: Period, limit: Period, rest: int, income: WageSchedule
) -> list[ContributionBill]:
    """The bills of the whole months from *first* up to *limit* that *rest* pays in full."""
    bills: list[ContributionBill] = []
    month = first
    while month <= limit:
        bill = _bpu_bill(member, month, income.at(month))
        if bill.amount > rest:
            break
        bills.append(bill)
        rest -= bill.amount
        month = month.next()
    return bills
