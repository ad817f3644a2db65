"""One employer at a glance: who it is, its workers, bills and payments, arrears, claims, timeline.

Read-only. Every public function opens one read session and hands back frozen rows; the employer
page (ui/membership/employer_page.py) calls :func:`overview` off the GUI thread to fill every tab from one
consistent snapshot. The worker list itself is paged by ``directory.WorkerQuery``.

An employer has tens of months of bills, at most hundreds of payments and follow-ups and at most
thousands of claims, so those lists are read whole; the timeline reads at most *limit* rows from
each of its sources (each ordered by date in SQL) and merges them.

The day *on* dates lateness, fines, ageing and who is active, and cuts the timeline; amounts paid
are those recorded so far (no payment can be recorded for a day after today, so for *on* = today
or a demo's own date they are the same thing).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, TypeVar

from sqlalchemy import Row, Select, func, or_, select
from sqlalchemy.orm import Session

from bpjs_desktop.db.engine import Database
from bpjs_desktop.db.models import (
    ArrearsCase,
    CaseStatus,
    Claim,
    ClaimEvent,
    ContributionBill,
    Employer,
    EmployerStatus,
    FollowUp,
    FollowUpKind,
    Membership,
    Office,
    Payment,
    PaymentAllocation,
    Person,
    User,
)
from bpjs_desktop.domain.arrears import (
    AgeingBucket,
    ageing_bucket,
    late_fine,
    months_late,
)
from bpjs_desktop.domain.claims import ClaimState
from bpjs_desktop.domain.labelled import LabelledEnum
from bpjs_desktop.domain.money import format_rupiah
from bpjs_desktop.domain.periods import Period, format_date, today_wib
from bpjs_desktop.domain.programmes import RiskGroup, Segment, SizeClass
from bpjs_desktop.domain.regions import regency_name
from bpjs_desktop.i18n import N_, _
from bpjs_desktop.services import arrears as arrears_service
from bpjs_desktop.services import scope
from bpjs_desktop.services.arrears import OPEN_STATUSES
from bpjs_desktop.services.claims import ClaimRow
from bpjs_desktop.services.context import Actor
from bpjs_desktop.services.contributions import BillRow, bill_fields
from bpjs_desktop.services.membership_common import employer_in_scope

TIMELINE_LIMIT = 500


def follow_up_label(kind: FollowUpKind) -> str:
    return arrears_service.kind_label(kind)


def case_status_label(status: CaseStatus) -> str:
    return arrears_service.status_label(status)


# --- rows ------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class EmployerSummary:
    """The header of the employer page: identity, office, AR, and the key figures on *on*."""

    id: int
    npp: str
    name: str
    legal_form: str
    npwp: str | None
    nib: str | None
    kbli: str
    size_class: SizeClass
    risk_group: RiskGroup
    programmes: str
    labour_intensive: bool
    address: str
    regency_code: str
    regency_name: str | None
    postal_code: str
    contact_name: str
    contact_phone: str
    contact_email: str
    office_code: str
    office_name: str
    ar_name: str | None
    registered_on: date
    status: EmployerStatus
    na_date: date | None
    na_reason: str | None
    on: date
    active_workers: int  # every segment under the employer (PU and its projects' Jakon workers)
    active_pu: int
    monthly_payroll: int  # wages of the active wage earners: the basis of the monthly bill
    latest_bill_period: str | None
    latest_bill_amount: int
    latest_bill_due: date | None
    outstanding: int  # every unpaid rupiah, due or not
    arrears_principal: int  # unpaid and past its due date on *on*
    arrears_fine: int  # 2 % a month on that principal up to *on* (domain.arrears.late_fine)
    arrears_months: int  # how many months are overdue
    oldest_unpaid_period: str | None
    months_overdue: int  # of the oldest overdue month
    ageing_bucket: str | None  # its ageing bucket, translated
    credit: int  # overpayments not yet offset against a bill
    open_case_id: int | None
    open_case_year: int | None
    open_case_stage: FollowUpKind | None
    open_case_status: CaseStatus | None
    open_case_next_action: date | None

    @property
    def active(self) -> bool:
        return self.registered_on <= self.on and (self.na_date is None or self.na_date > self.on)

    @property
    def open_case_stage_label(self) -> str | None:
        return None if self.open_case_stage is None else follow_up_label(self.open_case_stage)


class BillState(LabelledEnum):
    LUNAS = "LUNAS", N_("Lunas")  # paid in full on or before the due date
    TERLAMBAT = "TERLAMBAT", N_("Lunas terlambat")  # paid in full after the due date
    # not (fully) paid, not yet due
    BELUM_JATUH_TEMPO = "BELUM_JATUH_TEMPO", N_("Belum jatuh tempo")
    MENUNGGAK = "MENUNGGAK", N_("Menunggak")  # not (fully) paid and past its due date


@dataclass(frozen=True, slots=True)
class EmployerBillRow(BillRow):
    """One month's bill, with how late it was (or is) and the fine on what is still owed."""

    days_late: int  # settled: days after the due date; unpaid: days overdue on *on*
    fine: int  # 2 % a month on the outstanding amount up to *on* (0 when paid or not yet due)
    state: BillState

    @property
    def blth(self) -> str:
        return Period.parse(self.period).blth


@dataclass(frozen=True, slots=True)
class AllocationRow:
    period: str
    amount: int
    settles: bool  # this allocation paid the month's last rupiah


@dataclass(frozen=True, slots=True)
class EmployerPaymentRow:
    """A payment and the months it paid (oldest first); *unallocated* is the overpayment left."""

    id: int
    paid_on: date
    amount: int
    reference: str
    recorded_by: str | None
    allocations: tuple[AllocationRow, ...]
    unallocated: int

    @property
    def allocated(self) -> int:
        return sum(a.amount for a in self.allocations)

    @property
    def periods_text(self) -> str:
        return ", ".join(Period.parse(a.period).blth for a in self.allocations)


@dataclass(frozen=True, slots=True)
class FollowUpRow:
    id: int
    kind: FollowUpKind
    done_on: date
    number: str
    outcome: str
    next_due_on: date | None
    promised_amount: int | None
    promised_on: date | None
    officer_name: str | None

    @property
    def kind_label(self) -> str:
        return follow_up_label(self.kind)


@dataclass(frozen=True, slots=True)
class ArrearsCaseRow:
    """A case on a year's target list, with its follow-ups in the order they were done."""

    id: int
    target_year: int
    opened_on: date
    first_period: str
    last_period: str
    principal: int
    fine: int  # as computed when the case was opened
    stage: FollowUpKind | None
    status: CaseStatus
    settled_on: date | None
    collected: int
    next_action_on: date | None
    officer_name: str | None
    follow_ups: tuple[FollowUpRow, ...]

    @property
    def remaining(self) -> int:
        return max(0, self.principal - self.collected)

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def stage_label(self) -> str:
        return "" if self.stage is None else follow_up_label(self.stage)

    @property
    def status_label(self) -> str:
        return case_status_label(self.status)

    @property
    def periods_text(self) -> str:
        first, last = Period.parse(self.first_period).blth, Period.parse(self.last_period).blth
        return first if first == last else f"{first} – {last}"


class TimelineKind(LabelledEnum):
    REGISTRASI = "REGISTRASI", N_("Pendaftaran")
    NONAKTIF = "NONAKTIF", N_("Nonaktif")
    PEKERJA_MASUK = "PEKERJA_MASUK", N_("Pekerja masuk")
    PEKERJA_KELUAR = "PEKERJA_KELUAR", N_("Pekerja keluar")
    IURAN = "IURAN", N_("Iuran")
    PEMBAYARAN = "PEMBAYARAN", N_("Pembayaran")
    PIUTANG = "PIUTANG", N_("Piutang")
    TINDAK_LANJUT = "TINDAK_LANJUT", N_("Tindak lanjut")
    PIUTANG_LUNAS = "PIUTANG_LUNAS", N_("Piutang lunas")
    KLAIM = "KLAIM", N_("Klaim")


# Within one day, events follow each other in this order (newest first reverses it): a worker
# joins before the month is billed, a payment before the case it settles, a claim after it all.
_DAY_ORDER = {
    TimelineKind.REGISTRASI: 0,
    TimelineKind.PEKERJA_MASUK: 1,
    TimelineKind.IURAN: 2,
    TimelineKind.PEMBAYARAN: 3,
    TimelineKind.PIUTANG: 4,
    TimelineKind.TINDAK_LANJUT: 5,
    TimelineKind.PIUTANG_LUNAS: 6,
    TimelineKind.KLAIM: 7,
    TimelineKind.PEKERJA_KELUAR: 8,
    TimelineKind.NONAKTIF: 9,
}


@dataclass(frozen=True, slots=True)
class TimelineRow:
    on: date
    kind: TimelineKind
    text: str
    amount: int | None = None
    kpj: str | None = None  # the worker concerned (claims), for opening them from the timeline
    order: int = 0  # tie-break within a day and kind: later records are newer


@dataclass(frozen=True, slots=True)
class EmployerView:
    """Everything the employer page shows besides the worker list, read in one session."""

    summary: EmployerSummary
    bills: tuple[EmployerBillRow, ...]
    payments: tuple[EmployerPaymentRow, ...]
    cases: tuple[ArrearsCaseRow, ...]
    claims: tuple[ClaimRow, ...]
    timeline: tuple[TimelineRow, ...]


# --- the date the page is about -------------------------------------------------------------------


def reference_date(db: Database) -> date:
    """The day figures are computed for: today, or the *as of* date of a demo database (the
    same day the arrears worklist uses)."""
    return arrears_service.reference_date(db)


# --- public calls: one read session each ------------------------------------------------------------


@scope.guarded
def employer_summary(
    db: Database,
    npp: str,
    on: date | None = None,
    buckets: Sequence[AgeingBucket] | None = None,
    *,
    actor: Actor | None = None,
) -> EmployerSummary:
    """The header figures on *on* (default today); *buckets* default to the office's own."""
    on = on or today_wib()
    with db.read() as session:
        employer = employer_in_scope(session, npp, actor)
        return _summary(session, employer, on, _bills(session, employer, on), buckets)


@scope.guarded
def bills(
    db: Database, npp: str, on: date | None = None, *, actor: Actor | None = None
) -> list[EmployerBillRow]:
    """Every month billed, newest first."""
    on = on or today_wib()
    with db.read() as session:
        return _bills(session, employer_in_scope(session, npp, actor), on)


@scope.guarded
def payments(db: Database, npp: str, *, actor: Actor | None = None) -> list[EmployerPaymentRow]:
    """Every payment, newest first, with the months it paid."""
    with db.read() as session:
        return _payments(session, employer_in_scope(session, npp, actor).id)


@scope.guarded
def arrears(db: Database, npp: str, *, actor: Actor | None = None) -> list[ArrearsCaseRow]:
    """The employer's arrears cases, newest target year first, each with its follow-ups."""
    with db.read() as session:
        return _cases(session, employer_in_scope(session, npp, actor).id)


@scope.guarded
def claims(db: Database, npp: str, *, actor: Actor | None = None) -> list[ClaimRow]:
    """Claims of the employer's workers (any segment under it), newest submission first."""
    with db.read() as session:
        return _claims(session, employer_in_scope(session, npp, actor).id)


@scope.guarded
def timeline(
    db: Database,
    npp: str,
    limit: int = TIMELINE_LIMIT,
    on: date | None = None,
    *,
    actor: Actor | None = None,
) -> list[TimelineRow]:
    """The dated history of the employer, newest first, at most *limit* rows."""
    on = on or today_wib()
    with db.read() as session:
        return _timeline(session, employer_in_scope(session, npp, actor), limit, on)


@scope.guarded
def overview(
    db: Database,
    npp: str,
    on: date | None = None,
    *,
    timeline_limit: int = TIMELINE_LIMIT,
    buckets: Sequence[AgeingBucket] | None = None,
    actor: Actor | None = None,
) -> EmployerView:
    """Everything above in one read session (one consistent snapshot for the page)."""
    on = on or today_wib()
    with db.read() as session:
        employer = employer_in_scope(session, npp, actor)
        bill_rows = _bills(session, employer, on)
        return EmployerView(
            _summary(session, employer, on, bill_rows, buckets),
            tuple(bill_rows),
            tuple(_payments(session, employer.id)),
            tuple(_cases(session, employer.id)),
            tuple(_claims(session, employer.id)),
            tuple(_timeline(session, employer, timeline_limit, on)),
        )


# --- queries -----------------------------------------------------------------------------------------


def _summary(
    session: Session,
    employer: Employer,
    on: date,
    bill_rows: Sequence[EmployerBillRow],
    buckets: Sequence[AgeingBucket] | None,
) -> EmployerSummary:
    """The employer's record, its workers and payroll on *on*, its bills, credit and open case."""
    if buckets is None:  # the office's setting (services.arrears.ageing_buckets), in this session
        buckets = arrears_service.buckets_in(session)
    office = session.get(Office, employer.office_id)
    assert office is not None
    ar_name = (
        session.scalar(select(User.full_name).where(User.id == employer.ar_user_id))
        if employer.ar_user_id is not None
        else None
    )
    workers, pu, payroll = _active_workers(session, employer.id, on)
    overdue = [b for b in bill_rows if b.state is BillState.MENUNGGAK]
    oldest = min(overdue, key=lambda b: b.period) if overdue else None
    months = months_late(oldest.due_date, on) if oldest is not None else 0
    bucket = ageing_bucket(months, buckets)
    latest = max(bill_rows, key=lambda b: b.period) if bill_rows else None
    case = _open_case(session, employer.id)
    return EmployerSummary(
        id=employer.id,
        npp=employer.npp,
        name=employer.name,
        legal_form=employer.legal_form,
        npwp=employer.npwp16 or employer.npwp15,
        nib=employer.nib,
        kbli=employer.kbli,
        size_class=employer.size_class,
        risk_group=RiskGroup(employer.risk_group),
        programmes=employer.programmes,
        labour_intensive=employer.labour_intensive,
        address=employer.address,
        regency_code=employer.regency_code,
        regency_name=regency_name(employer.regency_code),
        postal_code=employer.postal_code,
        contact_name=employer.contact_name,
        contact_phone=employer.contact_phone,
        contact_email=employer.contact_email,
        office_code=office.code,
        office_name=office.name,
        ar_name=ar_name,
        registered_on=employer.registered_on,
        status=employer.status,
        na_date=employer.na_date,
        na_reason=employer.na_reason,
        on=on,
        active_workers=workers,
        active_pu=pu,
        monthly_payroll=payroll,
        latest_bill_period=latest.period if latest else None,
        latest_bill_amount=latest.amount if latest else 0,
        latest_bill_due=latest.due_date if latest else None,
        outstanding=sum(b.outstanding for b in bill_rows),
        arrears_principal=sum(b.outstanding for b in overdue),
        arrears_fine=sum(b.fine for b in overdue),
        arrears_months=len(overdue),
        oldest_unpaid_period=oldest.period if oldest else None,
        months_overdue=months,
        ageing_bucket=None if bucket is None else arrears_service.bucket_label(bucket),
        credit=_credit(session, employer.id),
        open_case_id=None if case is None else case.id,
        open_case_year=None if case is None else case.target_year,
        open_case_stage=None if case is None else case.stage,
        open_case_status=None if case is None else case.status,
        open_case_next_action=None if case is None else case.next_action_on,
    )


def _active_workers(session: Session, employer_id: int, on: date) -> tuple[int, int, int]:
    """The workers active on *on*: all of them, the wage earners (PU), and the PU payroll."""
    active = (
        Membership.employer_id == employer_id,
        Membership.start_date <= on,
        or_(Membership.end_date.is_(None), Membership.end_date >= on),
    )
    workers = int(session.scalar(select(func.count()).select_from(Membership).where(*active)) or 0)
    pu, payroll = session.execute(
        select(func.count(), func.coalesce(func.sum(Membership.wage), 0)).where(
            *active, Membership.segment == Segment.PU
        )
    ).one()
    return workers, int(pu or 0), int(payroll or 0)


def _credit(session: Session, employer_id: int) -> int:
    """The employer's overpayments not yet set against a bill."""
    total = session.scalar(
        select(func.coalesce(func.sum(Payment.unallocated), 0)).where(
            Payment.employer_id == employer_id
        )
    )
    return int(total or 0)


def _open_case(
    session: Session, employer_id: int
) -> Row[int, int, FollowUpKind | None, CaseStatus, date | None] | None:
    """The employer's newest open arrears case (id, year, stage, status, next action), if any."""
    return session.execute(
        select(
            ArrearsCase.id,
            ArrearsCase.target_year,
            ArrearsCase.stage,
            ArrearsCase.status,
            ArrearsCase.next_action_on,
        )
        .where(ArrearsCase.employer_id == employer_id, ArrearsCase.status.in_(OPEN_STATUSES))
        .order_by(ArrearsCase.target_year.desc(), ArrearsCase.id.desc())
        .limit(1)
    ).first()


def _bills(session: Session, employer: Employer, on: date) -> list[EmployerBillRow]:
    rows = session.scalars(
        select(ContributionBill)
        .where(ContributionBill.employer_id == employer.id)
        .order_by(ContributionBill.period.desc())
    ).all()
    result = []
    for b in rows:
        outstanding = b.amount - b.paid
        if outstanding == 0:
            settled = b.settled_on or b.due_date
            days = max(0, (settled - b.due_date).days)
            state = BillState.TERLAMBAT if days > 0 else BillState.LUNAS
            fine = 0
        elif b.due_date < on:
            days = (on - b.due_date).days
            state = BillState.MENUNGGAK
            # Rounding: late_fine rounds each month's fine half up to the rupiah (domain.arrears).
            fine = late_fine(outstanding, Period.parse(b.period), b.due_date, on)
        else:
            days, state, fine = 0, BillState.BELUM_JATUH_TEMPO, 0
        result.append(EmployerBillRow(*bill_fields(b, employer.npp), days, fine, state))
    return result


def _payments(session: Session, employer_id: int) -> list[EmployerPaymentRow]:
    payment_rows = session.execute(
        select(Payment, User.full_name)
        .outerjoin(User, User.id == Payment.recorded_by)
        .where(Payment.employer_id == employer_id)
        .order_by(Payment.paid_on.desc(), Payment.id.desc())
    ).all()
    allocation_rows = session.execute(
        select(
            PaymentAllocation.id,
            PaymentAllocation.payment_id,
            PaymentAllocation.bill_id,
            PaymentAllocation.amount,
            ContributionBill.period,
            ContributionBill.paid == ContributionBill.amount,
        )
        .join(ContributionBill, ContributionBill.id == PaymentAllocation.bill_id)
        .join(Payment, Payment.id == PaymentAllocation.payment_id)
        .where(Payment.employer_id == employer_id)
        .order_by(ContributionBill.period, PaymentAllocation.id)
    ).all()
    # The allocation that paid a settled month's last rupiah is the last one recorded for it.
    last_of_bill: dict[int, int] = {}
    for alloc_id, _payment_id, bill_id, _amount, _period, _full in allocation_rows:
        last_of_bill[bill_id] = max(alloc_id, last_of_bill.get(bill_id, 0))
    by_payment: dict[int, list[AllocationRow]] = defaultdict(list)
    for alloc_id, payment_id, bill_id, amount, period, full in allocation_rows:
        settles = bool(full) and last_of_bill[bill_id] == alloc_id
        by_payment[payment_id].append(AllocationRow(period, amount, settles))
    return [
        EmployerPaymentRow(
            p.id, p.paid_on, p.amount, p.reference, recorder, tuple(by_payment[p.id]), p.unallocated
        )
        for p, recorder in payment_rows
    ]


def _cases(session: Session, employer_id: int) -> list[ArrearsCaseRow]:
    cases = session.execute(
        select(ArrearsCase, User.full_name)
        .outerjoin(User, User.id == ArrearsCase.officer_id)
        .where(ArrearsCase.employer_id == employer_id)
        .order_by(ArrearsCase.target_year.desc(), ArrearsCase.id.desc())
    ).all()
    if not cases:
        return []
    follow_ups = session.execute(
        select(FollowUp, User.full_name)
        .outerjoin(User, User.id == FollowUp.officer_id)
        .where(FollowUp.case_id.in_([c.id for c, _n in cases]))
        .order_by(FollowUp.done_on, FollowUp.id)
    ).all()
    by_case: dict[int, list[FollowUpRow]] = defaultdict(list)
    for f, officer in follow_ups:
        row = FollowUpRow(
            f.id, f.kind, f.done_on, f.number, f.outcome, f.next_due_on, f.promised_amount,
            f.promised_on, officer,
        )  # fmt: skip
        by_case[f.case_id].append(row)
    result = []
    for c, officer in cases:
        case_row = ArrearsCaseRow(
            c.id, c.target_year, c.opened_on, c.first_period, c.last_period, c.principal, c.fine,
            c.stage, c.status, c.settled_on, c.collected, c.next_action_on, officer,
            tuple(by_case[c.id]),
        )  # fmt: skip
        result.append(case_row)
    return result


def _claims(session: Session, employer_id: int) -> list[ClaimRow]:
    columns = (
        Claim.id, Claim.claim_no, Membership.kpj, Person.name, Office.code, Claim.claim_type,
        Claim.state, Claim.event_date, Claim.submitted_on, Claim.decided_on, Claim.paid_on,
        Claim.amount, Claim.reason, Claim.rejection_reason,
    )  # fmt: skip
    rows = session.execute(
        select(*columns)
        .join(Membership, Membership.id == Claim.membership_id)
        .join(Person, Person.id == Membership.person_id)
        .join(Office, Office.id == Claim.office_id)
        .where(Membership.employer_id == employer_id)
        .order_by(Claim.submitted_on.desc(), Claim.id.desc())
    ).all()
    result = []
    for row in rows:
        values: tuple[Any, ...] = tuple(row)
        result.append(ClaimRow(*values))
    return result


# --- the timeline -------------------------------------------------------------------------------


def _timeline(session: Session, employer: Employer, limit: int, on: date) -> list[TimelineRow]:
    """What happened up to *on*, newest first, at most *limit* rows.

    Each source reads at most *limit* of its newest rows (ordered and cut in SQL), so the merge
    holds the overall newest *limit*. Planned dates after *on* (the end of a construction worker's
    project, next month's due date) are not history yet and are left out.
    """
    if limit <= 0:
        return []
    rows: list[TimelineRow] = []
    if employer.registered_on <= on:
        office_name = session.scalar(select(Office.name).where(Office.id == employer.office_id))
        text = _("Terdaftar sebagai pemberi kerja (NPP {npp}) di {office}").format(
            npp=employer.npp, office=office_name
        )
        rows.append(TimelineRow(employer.registered_on, TimelineKind.REGISTRASI, text))
    if employer.na_date is not None and employer.na_date <= on:
        text = _("Pemberi kerja nonaktif")
        if employer.na_reason:
            text += f": {employer.na_reason}"
        rows.append(TimelineRow(employer.na_date, TimelineKind.NONAKTIF, text))
    for source in (
        _timeline_workers,
        _timeline_bills,
        _timeline_payments,
        _timeline_arrears,
        _timeline_claims,
    ):
        rows += source(session, employer.id, limit, on)
    rows.sort(key=lambda r: (r.on, _DAY_ORDER[r.kind], r.order), reverse=True)
    return rows[:limit]


def _timeline_workers(
    session: Session, employer_id: int, limit: int, on: date
) -> list[TimelineRow]:
    def by_day(column: Any) -> Sequence[Any]:
        """How many of the employer's memberships have *column* on each day up to *on*."""
        return session.execute(
            select(column, func.count())
            .where(Membership.employer_id == employer_id, column <= on)
            .group_by(column)
            .order_by(column.desc())
            .limit(limit)
        ).all()

    joined, left = by_day(Membership.start_date), by_day(Membership.end_date)
    rows = [
        TimelineRow(day, TimelineKind.PEKERJA_MASUK, _("{n} pekerja bergabung").format(n=n))
        for day, n in joined
    ]
    rows += [
        TimelineRow(day, TimelineKind.PEKERJA_KELUAR, _("{n} pekerja keluar").format(n=n))
        for day, n in left
        if day is not None
    ]
    return rows


_Query = TypeVar("_Query", bound=Select[*tuple[Any, ...]])


def _newest(query: _Query, day: Any, row_id: Any, on: date, limit: int) -> _Query:
    """*query*'s rows dated up to *on*, the newest *limit* of them first (on one day: the later
    row first): what each kind of event gives the timeline."""
    return query.where(day <= on).order_by(day.desc(), row_id.desc()).limit(limit)


def _timeline_bills(session: Session, employer_id: int, limit: int, on: date) -> list[TimelineRow]:
    query = select(
        ContributionBill.id,
        ContributionBill.period,
        ContributionBill.due_date,
        ContributionBill.worker_count,
        ContributionBill.amount,
        ContributionBill.paid,
    ).where(ContributionBill.employer_id == employer_id)
    bills = session.execute(
        _newest(query, ContributionBill.due_date, ContributionBill.id, on, limit)
    ).all()
    rows = []
    for bill_id, period, due, workers, amount, paid in bills:
        blth = Period.parse(period).blth
        text = _("Iuran {blth} jatuh tempo ({n} pekerja)").format(blth=blth, n=workers)
        if paid < amount:  # still unpaid today: say so where the month fell due
            text += "; " + _("belum dibayar {amount}").format(amount=format_rupiah(amount - paid))
        rows.append(TimelineRow(due, TimelineKind.IURAN, text, amount, order=bill_id))
    return rows


def _timeline_payments(
    session: Session, employer_id: int, limit: int, on: date
) -> list[TimelineRow]:
    query = select(
        Payment.id, Payment.paid_on, Payment.amount, Payment.reference, Payment.unallocated
    ).where(Payment.employer_id == employer_id)
    payments_ = session.execute(_newest(query, Payment.paid_on, Payment.id, on, limit)).all()
    if not payments_:
        return []
    periods: dict[int, list[str]] = defaultdict(list)
    for payment_id, period in session.execute(
        select(PaymentAllocation.payment_id, ContributionBill.period)
        .join(ContributionBill, ContributionBill.id == PaymentAllocation.bill_id)
        .where(PaymentAllocation.payment_id.in_([p.id for p in payments_]))
        .order_by(ContributionBill.period)
    ):
        periods[payment_id].append(Period.parse(period).blth)
    rows = []
    for payment_id, paid_on, amount, reference, unallocated in payments_:
        text = _("Pembayaran diterima")
        if reference:
            text += f" ({reference})"
        if periods[payment_id]:
            text += ": " + _("iuran {periods}").format(periods=_short_list(periods[payment_id]))
        if unallocated:
            text += "; " + _("lebih bayar {amount}").format(amount=format_rupiah(unallocated))
        rows.append(TimelineRow(paid_on, TimelineKind.PEMBAYARAN, text, amount, order=payment_id))
    return rows


def _timeline_arrears(
    session: Session, employer_id: int, limit: int, on: date
) -> list[TimelineRow]:
    rows: list[TimelineRow] = []
    query = select(ArrearsCase).where(ArrearsCase.employer_id == employer_id)
    cases = session.scalars(_newest(query, ArrearsCase.opened_on, ArrearsCase.id, on, limit))
    for case in cases:
        first, last = Period.parse(case.first_period).blth, Period.parse(case.last_period).blth
        text = _("Masuk daftar target piutang {year}: iuran {periods}, denda {fine}").format(
            year=case.target_year,
            periods=first if first == last else f"{first} – {last}",
            fine=format_rupiah(case.fine),
        )
        rows.append(
            TimelineRow(case.opened_on, TimelineKind.PIUTANG, text, case.principal, order=case.id)
        )
        if case.settled_on is not None and case.settled_on <= on:
            text = _("Piutang {year} lunas").format(year=case.target_year)
            rows.append(
                TimelineRow(
                    case.settled_on, TimelineKind.PIUTANG_LUNAS, text, case.collected, order=case.id
                )
            )
    done = (
        select(FollowUp)
        .join(ArrearsCase, ArrearsCase.id == FollowUp.case_id)
        .where(ArrearsCase.employer_id == employer_id)
    )
    follow_ups = session.scalars(_newest(done, FollowUp.done_on, FollowUp.id, on, limit))
    for f in follow_ups:
        text = follow_up_label(f.kind) + (f" {f.number}" if f.number else "")
        if f.promised_amount is not None and f.promised_on is not None:
            text += ": " + _("{amount} pada {day}").format(
                amount=format_rupiah(f.promised_amount), day=format_date(f.promised_on)
            )
        if f.outcome:
            text += f" — {f.outcome}"
        rows.append(
            TimelineRow(f.done_on, TimelineKind.TINDAK_LANJUT, text, f.promised_amount, order=f.id)
        )
    return rows


def _timeline_claims(session: Session, employer_id: int, limit: int, on: date) -> list[TimelineRow]:
    query = (
        select(
            ClaimEvent.id,
            ClaimEvent.from_state,
            ClaimEvent.to_state,
            ClaimEvent.on_date,
            ClaimEvent.note,
            Claim.claim_no,
            Claim.claim_type,
            Claim.amount,
            Membership.kpj,
            Person.name,
        )
        .join(Claim, Claim.id == ClaimEvent.claim_id)
        .join(Membership, Membership.id == Claim.membership_id)
        .join(Person, Person.id == Membership.person_id)
        .where(Membership.employer_id == employer_id)
    )
    events = session.execute(_newest(query, ClaimEvent.on_date, ClaimEvent.id, on, limit)).all()
    rows = []
    for event in events:
        if event.from_state is None:
            text = _("Klaim {type} {no} diajukan: {name} (KPJ {kpj})").format(
                type=event.claim_type.label, no=event.claim_no, name=event.name, kpj=event.kpj
            )
        else:
            text = _("Klaim {no} {state}: {name}").format(
                no=event.claim_no, state=event.to_state.label.lower(), name=event.name
            )
        if event.note:
            text += f" — {event.note}"
        paid_or_fixed = event.to_state in (ClaimState.DITETAPKAN, ClaimState.DIBAYAR)
        rows.append(
            TimelineRow(
                event.on_date,
                TimelineKind.KLAIM,
                text,
                event.amount if paid_or_fixed else None,
                event.kpj,
                order=event.id,
            )
        )
    return rows


def _short_list(items: Sequence[str], most: int = 4) -> str:
    if len(items) <= most:
        return ", ".join(items)
    return ", ".join(items[:most]) + " " + _("dan {n} lainnya").format(n=len(items) - most)
