"""Monthly bills from an employer's members, payments allocated to the oldest month first, the
instalments of arrears cases they pay, and an employer's statement (over- and under-payment)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import ColumnElement, or_, select
from sqlalchemy.orm import Session

from bpjs_desktop.db.engine import Database
from bpjs_desktop.db.models import (
    ArrearsCase,
    CaseStatus,
    ContributionBill,
    Employer,
    FollowUp,
    Instalment,
    Membership,
    Payment,
    PaymentAllocation,
)
from bpjs_desktop.domain import rates
from bpjs_desktop.domain.arrears import (
    PROMISE_KINDS,
    InstalmentState,
    OpenBill,
    allocate_payment,
    apply_to_instalments,
    late_fine,
)
from bpjs_desktop.domain.calendar import due_date
from bpjs_desktop.domain.contributions import Contribution, deferred_jp_instalment, pu_contribution
from bpjs_desktop.domain.identifiers import validate_npp
from bpjs_desktop.domain.periods import Period, today_wib
from bpjs_desktop.domain.programmes import Programme, RiskGroup, Segment, parse_programmes
from bpjs_desktop.errors import ConflictError, NotFoundError, ValidationError
from bpjs_desktop.i18n import _
from bpjs_desktop.services import audit, scope, wage_history
from bpjs_desktop.services.context import Actor, require


@dataclass(frozen=True, slots=True)
class BillRow:
    id: int
    npp: str
    period: str
    due_date: date
    worker_count: int
    jkk: int
    jkm: int
    jht: int
    jp: int
    amount: int
    paid: int
    settled_on: date | None

    @property
    def jp_deferred(self) -> int:
        """The instalment of JP deferred under PP 49/2020 that this bill carries (April 2021 –
        March 2022), its own line: what the bill holds beyond the month's four programmes."""
        return self.amount - (self.jkk + self.jkm + self.jht + self.jp)

    @property
    def outstanding(self) -> int:
        return self.amount - self.paid


@dataclass(frozen=True, slots=True)
class PaymentRow:
    id: int
    npp: str
    paid_on: date
    amount: int
    allocations: tuple[tuple[str, int], ...]  # (period, amount)
    unallocated: int
    cases_settled: tuple[int, ...]


def _bills_of_employer(session: Session, employer_id: int) -> Sequence[ContributionBill]:
    """The employer's bills, oldest month first."""
    return session.scalars(
        select(ContributionBill)
        .where(ContributionBill.employer_id == employer_id)
        .order_by(ContributionBill.period)
    ).all()


def _bill_row(bill: ContributionBill, npp: str) -> BillRow:
    return BillRow(*bill_fields(bill, npp))


_BillFields = tuple[int, str, str, date, int, int, int, int, int, int, int, date | None]


def bill_fields(bill: ContributionBill, npp: str) -> _BillFields:
    """The fields of :class:`BillRow` for *bill*, in order (a subclass adds its own after)."""
    return (
        bill.id, npp, bill.period, bill.due_date, bill.worker_count, bill.jkk, bill.jkm, bill.jht, bill.jp,
        bill.amount, bill.paid, bill.settled_on,
    )  # fmt: skip


def billed_by_programme(bill: ContributionBill) -> tuple[int, int, int, int]:
    """A bill per arrears column (JKK, JKM, JHT, JP) whose sum is its whole amount.

    The instalment of JP deferred under PP 49/2020 (kept as the part of ``amount`` beyond the four
    programme columns, see :attr:`BillRow.jp_deferred`) is JP still owed, so arrears count it in
    the JP column; otherwise a month that carries one would be shared out as if it were JKK too.
    """
    deferred = bill.amount - (bill.jkk + bill.jkm + bill.jht + bill.jp)
    return (bill.jkk, bill.jkm, bill.jht, bill.jp + deferred)


def _employer(session: Session, npp: str) -> Employer:
    employer = session.scalar(select(Employer).where(Employer.npp == validate_npp(npp)))
    if employer is None:
        raise NotFoundError(_("Pemberi kerja dengan NPP {npp} tidak ada").format(npp=npp))
    return employer


@scope.guarded
def bill_month(db: Database, actor: Actor, npp: str, period: Period) -> BillRow:
    """Bill one month: every wage-earner member active in that month, per programme.

    Each worker's contribution is computed by the rule in force in *period* and rounded per worker
    and programme (see :mod:`bpjs_desktop.domain.contributions`); a worker who starts or leaves in
    the month pays the whole month, since prorated wages are not allowed (domain.md §4.8). Each
    worker is billed on the wage in force in *period* (``membership_wage``), not today's (#10).
    """
    require(actor, "bill.create")
    scope.check(db, actor, "employer", npp)
    with db.write() as session:
        employer = _employer(session, npp)
        if employer.registered_on > period.last_day or (
            employer.na_date is not None and employer.na_date <= period.first_day
        ):
            raise ValidationError.single(
                "period",
                _("{name} tidak aktif pada periode {period}").format(
                    name=employer.name, period=period.blth
                ),
            )
        existing = session.scalar(
            select(ContributionBill).where(
                ContributionBill.employer_id == employer.id, ContributionBill.period == str(period)
            )
        )
        if existing is not None:
            raise ConflictError(
                _("Tagihan {period} untuk NPP {npp} sudah ada").format(
                    period=period.blth, npp=employer.npp
                )
            )
        contributions = _worker_contributions(session, employer, period)
        if not contributions:
            raise ValidationError.single(
                "period",
                _("Tidak ada pekerja aktif pada periode {period}").format(period=period.blth),
            )
        totals = dict.fromkeys(Programme, 0)
        amount = 0
        for contribution in contributions:
            for line in contribution.lines:
                totals[Programme(line.key)] += line.total
            amount += contribution.total
        jp_deferred = deferred_jp_instalment(_deferred_jp(session, employer), period)
        amount += jp_deferred
        bill = ContributionBill(
            employer_id=employer.id,
            office_id=employer.office_id,
            period=str(period),
            due_date=due_date(Segment.PU, period),
            worker_count=len(contributions),
            jkk=totals[Programme.JKK],
            jkm=totals[Programme.JKM],
            jht=totals[Programme.JHT],
            jp=totals[Programme.JP],
            amount=amount,
            paid=0,
        )
        session.add(bill)
        session.flush()
        credit = apply_credit(session, Payment.employer_id == employer.id, [bill])
        detail = {"npp": employer.npp, "period": str(period), "amount": amount,
                  "workers": len(contributions), "credit_applied": credit}  # fmt: skip
        if jp_deferred:
            detail["jp_deferred"] = jp_deferred  # PP 49/2020 repayment months only
        audit.record(session, actor, "bill.create", "contribution_bill", bill.id, detail)
        return _bill_row(bill, employer.npp)


def _worker_contributions(
    session: Session, employer: Employer, period: Period
) -> list[Contribution]:
    """The contribution of every wage-earner member of *employer* active in *period*, on the wage
    in force that month (the dated wage history, issue #10)."""
    members = session.execute(
        select(wage_history.wage_in(period), Membership.programmes).where(
            Membership.employer_id == employer.id,
            Membership.segment == Segment.PU,
            Membership.start_date <= period.last_day,
            or_(Membership.end_date.is_(None), Membership.end_date >= period.first_day),
        )
    ).all()
    risk = RiskGroup(employer.risk_group)
    return [
        pu_contribution(
            wage or 0,
            period,
            risk,
            parse_programmes(programmes),
            labour_intensive=employer.labour_intensive,
        )
        for wage, programmes in members
    ]


def _deferred_jp(session: Session, employer: Employer) -> int:
    """The JP the employer was allowed to defer under PP 49/2020, over its billed relief months.

    Recomputed from the members of each relief month that was billed (the bill keeps only what was
    payable at once), by the same rule the bill used; a relief month never billed deferred nothing.
    """
    billed = session.scalars(
        select(ContributionBill.period).where(
            ContributionBill.employer_id == employer.id,
            ContributionBill.period >= str(rates.COVID_RELIEF_FIRST),
            ContributionBill.period <= str(rates.COVID_RELIEF_LAST),
        )
    ).all()
    return sum(
        contribution.deferred
        for month in billed
        for contribution in _worker_contributions(session, employer, Period.parse(month))
    )


def apply_credit(
    session: Session, payer: ColumnElement[bool], bills: Sequence[ContributionBill]
) -> int:
    """Offset new *bills* (oldest month first) with what the payer's earlier payments left over
    (domain.md §4.9: an excess offsets the next month), oldest payment first; return the rupiah
    applied. *payer* picks the payments: an employer's, or a BPU member's."""
    applied = 0
    payments = session.scalars(
        select(Payment).where(payer, Payment.unallocated > 0).order_by(Payment.paid_on, Payment.id)
    ).all()
    for bill in sorted(bills, key=lambda b: b.period):
        for payment in payments:
            take = min(payment.unallocated, bill.amount - bill.paid)
            if take <= 0:
                continue
            payment.unallocated -= take
            applied += take
            put_on_bill(session, payment, bill, take)
    return applied


def put_on_bill(session: Session, payment: Payment, bill: ContributionBill, take: int) -> None:
    """Put *take* rupiah of *payment* on *bill*; a bill paid up is settled on the payment's day."""
    bill.paid += take
    if bill.paid == bill.amount:
        bill.settled_on = payment.paid_on
    session.add(PaymentAllocation(payment_id=payment.id, bill_id=bill.id, amount=take))


def add_payment(
    session: Session,
    actor: Actor,
    payer: Employer | Membership,
    amount: int,
    paid_on: date,
    reference: str,
) -> tuple[Payment, list[tuple[str, int]]]:
    """Record a payment by *payer* (an employer, or a BPU member) and allocate it to the payer's
    open bills, oldest month first; what is left stays on the payment (``unallocated``).

    Returns the payment (flushed) and the (month, rupiah) allocated.
    """
    by_employer = isinstance(payer, Employer)
    payment = Payment(
        employer_id=payer.id if by_employer else None,
        membership_id=None if by_employer else payer.id,
        office_id=payer.office_id,
        paid_on=paid_on,
        amount=amount,
        unallocated=0,
        reference=reference.strip()[:60],
        recorded_by=actor.user_id,
    )
    session.add(payment)
    session.flush()
    owner = (
        ContributionBill.employer_id == payer.id
        if by_employer
        else ContributionBill.membership_id == payer.id
    )
    allocated, payment.unallocated = _pay_open_bills(session, payment, owner)
    return payment, allocated


def _pay_open_bills(
    session: Session, payment: Payment, owner: ColumnElement[bool]
) -> tuple[list[tuple[str, int]], int]:
    """Allocate *payment* (flushed) to the *owner*'s open bills, oldest month first
    (``allocate_payment``; a month paid in instalments is settled on its last one, domain.md
    §4.9). Returns the (month, rupiah) allocated and what is left over."""
    open_bills = session.scalars(
        select(ContributionBill)
        .where(owner, ContributionBill.paid < ContributionBill.amount)
        .order_by(ContributionBill.period)
    ).all()
    by_id = {b.id: b for b in open_bills}
    allocations, remainder = allocate_payment(
        payment.amount,
        [OpenBill(b.id, Period.parse(b.period), b.amount - b.paid) for b in open_bills],
    )
    allocated: list[tuple[str, int]] = []
    for allocation in allocations:
        bill = by_id[allocation.bill_id]
        put_on_bill(session, payment, bill, allocation.amount)
        allocated.append((bill.period, allocation.amount))
    return allocated, remainder


@scope.guarded
def bills_of(db: Database, npp: str, *, actor: Actor | None = None) -> list[BillRow]:
    scope.check(db, actor, "employer", npp)
    with db.read() as session:
        employer = _employer(session, npp)
        bills = _bills_of_employer(session, employer.id)
        return [_bill_row(b, employer.npp) for b in bills]


@scope.guarded
def record_payment(
    db: Database, actor: Actor, npp: str, amount: int, paid_on: date, reference: str = ""
) -> PaymentRow:
    """Record a payment and allocate it to the oldest unpaid month first.

    A month paid in instalments is settled on the date of its last instalment (domain.md §4.9);
    what is left after every open bill is an overpayment, kept on the payment to offset the next
    month. An open arrears case whose months are all paid is marked settled.
    """
    require(actor, "payment.record")
    scope.check(db, actor, "employer", npp)
    if amount <= 0:
        raise ValidationError.single("amount", _("Jumlah pembayaran harus lebih dari Rp0"))
    if paid_on > today_wib():
        raise ValidationError.single("paid_on", _("Tanggal bayar tidak boleh sesudah hari ini"))
    with db.write() as session:
        employer = _employer(session, npp)
        payment, allocated = add_payment(session, actor, employer, amount, paid_on, reference)
        remainder = payment.unallocated
        settled = _settle_cases(session, employer.id, paid_on, allocated)
        audit.record(
            session, actor, "payment.record", "payment", payment.id,
            {"npp": employer.npp, "amount": amount, "paid_on": paid_on, "allocations": allocated,
             "unallocated": remainder, "cases_settled": settled},
        )  # fmt: skip
        return PaymentRow(
            payment.id, employer.npp, paid_on, amount, tuple(allocated), remainder, tuple(settled)
        )


def _settle_cases(
    session: Session, employer_id: int, paid_on: date, allocated: list[tuple[str, int]]
) -> list[int]:
    """Credit open arrears cases with what was allocated to their months; settle paid-up ones.

    What a case collects also pays the instalments of its newest promise, lowest first (an
    instalment is settled on the day its last rupiah arrives); the case's next action moves to the
    next instalment still unpaid, or to today once the promise is kept but arrears remain, so the
    ladder resumes.
    """
    settled: list[int] = []
    cases = session.scalars(
        select(ArrearsCase).where(
            ArrearsCase.employer_id == employer_id,
            ArrearsCase.status.in_([CaseStatus.TERBUKA, CaseStatus.KEJARI, CaseStatus.KPKNL]),
        )
    ).all()
    for case in cases:
        for_case = sum(a for p, a in allocated if case.first_period <= p <= case.last_period)
        case.collected += for_case
        next_instalment = _pay_instalments(session, case.id, for_case, paid_on)
        unpaid = session.scalar(
            select(ContributionBill.id)
            .where(
                ContributionBill.employer_id == employer_id,
                ContributionBill.period >= case.first_period,
                ContributionBill.period <= case.last_period,
                ContributionBill.paid < ContributionBill.amount,
            )
            .limit(1)
        )
        if unpaid is None:
            case.status = CaseStatus.LUNAS
            case.settled_on = paid_on
            case.next_action_on = None
            settled.append(case.id)
        elif next_instalment is not None:
            case.next_action_on = next_instalment
    return settled


def _pay_instalments(session: Session, case_id: int, amount: int, paid_on: date) -> date | None:
    """Pay *amount* into the newest promise's instalments; return the next action's date.

    None when the payment changes nothing about the schedule (no promise, or nothing credited).
    """
    if amount <= 0:
        return None
    promise_id = session.scalar(
        select(FollowUp.id)
        .where(FollowUp.case_id == case_id, FollowUp.kind.in_(PROMISE_KINDS))
        .order_by(FollowUp.done_on.desc(), FollowUp.id.desc())
        .limit(1)
    )
    if promise_id is None:
        return None
    instalments = session.scalars(
        select(Instalment)
        .where(Instalment.follow_up_id == promise_id)
        .order_by(Instalment.sequence)
    ).all()
    if not instalments:
        return None
    credited, _left = apply_to_instalments(
        amount, [InstalmentState(i.sequence, i.due_on, i.amount, i.paid) for i in instalments]
    )
    for row, state in zip(instalments, credited, strict=True):
        if state.paid != row.paid:
            row.paid = state.paid
            if row.paid >= row.amount:
                row.settled_on = paid_on
    unpaid = [i.due_on for i in instalments if i.paid < i.amount]
    return min(unpaid) if unpaid else paid_on


# --- the statement of an employer -----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class StatementBill:
    """A month billed: paid how much and when, still owed or not, and the fine it earned.

    ``fine`` is the late fine of the month up to the statement's day: on the parts paid late, by
    the day each was paid, and on what is still owed past its due date (domain.md §4.9; fines are
    reckoned, not billed: the app keeps no ledger of fines paid).
    """

    id: int
    period: str
    due_date: date
    worker_count: int
    amount: int
    paid: int
    settled_on: date | None
    last_paid_on: date | None
    fine: int

    @property
    def outstanding(self) -> int:
        return self.amount - self.paid

    def overdue(self, on: date) -> bool:
        return self.outstanding > 0 and self.due_date < on


@dataclass(frozen=True, slots=True)
class StatementPayment:
    id: int
    paid_on: date
    amount: int
    reference: str
    allocations: tuple[tuple[str, int], ...]  # (period, amount)
    unallocated: int  # overpayment still waiting for a bill


@dataclass(frozen=True, slots=True)
class EmployerStatement:
    """Bills and payments of an employer: what is underpaid (owed past due) and overpaid (credit)."""

    npp: str
    employer_name: str
    on: date
    bills: tuple[StatementBill, ...]
    payments: tuple[StatementPayment, ...]

    @property
    def billed(self) -> int:
        return sum(b.amount for b in self.bills)

    @property
    def paid(self) -> int:
        return sum(p.amount for p in self.payments)

    @property
    def underpaid(self) -> int:
        """Owed on months past their due date (kurang bayar)."""
        return sum(b.outstanding for b in self.bills if b.overdue(self.on))

    @property
    def not_yet_due(self) -> int:
        return sum(b.outstanding for b in self.bills if not b.overdue(self.on))

    @property
    def overpaid(self) -> int:
        """Paid beyond every bill, waiting to offset the next month (lebih bayar)."""
        return sum(p.unallocated for p in self.payments)

    @property
    def fines(self) -> int:
        return sum(b.fine for b in self.bills)


@scope.guarded
def statement(
    db: Database, npp: str, on: date | None = None, *, actor: Actor | None = None
) -> EmployerStatement:
    """An employer's bills (oldest first) and payments, with under- and over-payment on *on*."""
    scope.check(db, actor, "employer", npp)
    on = on or today_wib()
    with db.read() as session:
        employer = _employer(session, npp)
        bills = _bills_of_employer(session, employer.id)
        rows = session.execute(
            select(Payment, ContributionBill.period, ContributionBill.id, PaymentAllocation.amount)
            .outerjoin(PaymentAllocation, PaymentAllocation.payment_id == Payment.id)
            .outerjoin(ContributionBill, ContributionBill.id == PaymentAllocation.bill_id)
            .where(Payment.employer_id == employer.id)
            .order_by(Payment.paid_on, Payment.id, ContributionBill.period)
        ).all()
        payments: dict[int, tuple[Payment, list[tuple[str, int]]]] = {}
        paid_parts: dict[int, list[tuple[date, int]]] = {}
        for payment, period, bill_id, amount in rows:
            entry = payments.setdefault(payment.id, (payment, []))
            if period is not None:
                entry[1].append((period, amount))
                paid_parts.setdefault(bill_id, []).append((payment.paid_on, amount))
        statement_bills = []
        for bill in bills:
            month = Period.parse(bill.period)
            parts = paid_parts.get(bill.id, [])
            # A part paid after *on* was still owed on *on*: its fine runs to *on*.
            fine = sum(late_fine(a, month, bill.due_date, min(day, on)) for day, a in parts)
            fine += late_fine(bill.amount - bill.paid, month, bill.due_date, on)
            statement_bills.append(
                StatementBill(
                    bill.id, bill.period, bill.due_date, bill.worker_count, bill.amount, bill.paid,
                    bill.settled_on, max((d for d, _a in parts), default=None), fine,
                )
            )  # fmt: skip
        return EmployerStatement(
            employer.npp,
            employer.name,
            on,
            tuple(statement_bills),
            tuple(
                StatementPayment(
                    p.id, p.paid_on, p.amount, p.reference, tuple(allocs), p.unallocated
                )
                for p, allocs in payments.values()
            ),
        )
