"""Monthly bills from an employer's members, and payments allocated to the oldest month first."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from bpjs_desktop.db.engine import Database
from bpjs_desktop.db.models import (
    ArrearsCase,
    CaseStatus,
    ContributionBill,
    Employer,
    Membership,
    Payment,
    PaymentAllocation,
)
from bpjs_desktop.domain.arrears import OpenBill, allocate_payment
from bpjs_desktop.domain.calendar import due_date
from bpjs_desktop.domain.contributions import pu_contribution
from bpjs_desktop.domain.identifiers import validate_npp
from bpjs_desktop.domain.periods import Period, today_wib
from bpjs_desktop.domain.programmes import Programme, RiskGroup, Segment, parse_programmes
from bpjs_desktop.errors import ConflictError, NotFoundError, ValidationError
from bpjs_desktop.i18n import _
from bpjs_desktop.services import audit
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


def _bill_row(bill: ContributionBill, npp: str) -> BillRow:
    return BillRow(
        bill.id, npp, bill.period, bill.due_date, bill.worker_count, bill.jkk, bill.jkm, bill.jht, bill.jp,
        bill.amount, bill.paid, bill.settled_on,
    )  # fmt: skip


def _employer(session: Session, npp: str) -> Employer:
    employer = session.scalar(select(Employer).where(Employer.npp == validate_npp(npp)))
    if employer is None:
        raise NotFoundError(_("Pemberi kerja dengan NPP {npp} tidak ada").format(npp=npp))
    return employer


def bill_month(db: Database, actor: Actor, npp: str, period: Period) -> BillRow:
    """Bill one month: every wage-earner member active in that month, per programme.

    Each worker's contribution is computed by the rule in force in *period* and rounded per worker
    and programme (see :mod:`bpjs_desktop.domain.contributions`); a worker who starts or leaves in
    the month pays the whole month, since prorated wages are not allowed (domain.md §4.8).
    """
    require(actor, "bill.create")
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
        members = session.execute(
            select(Membership.wage, Membership.programmes).where(
                Membership.employer_id == employer.id,
                Membership.segment == Segment.PU,
                Membership.start_date <= period.last_day,
                or_(Membership.end_date.is_(None), Membership.end_date >= period.first_day),
            )
        ).all()
        if not members:
            raise ValidationError.single(
                "period",
                _("Tidak ada pekerja aktif pada periode {period}").format(period=period.blth),
            )
        totals = dict.fromkeys(Programme, 0)
        amount = 0
        risk = RiskGroup(employer.risk_group)
        for wage, programmes in members:
            contribution = pu_contribution(
                wage or 0,
                period,
                risk,
                parse_programmes(programmes),
                labour_intensive=employer.labour_intensive,
            )
            for line in contribution.lines:
                totals[Programme(line.key)] += line.total
            amount += contribution.total
        bill = ContributionBill(
            employer_id=employer.id,
            office_id=employer.office_id,
            period=str(period),
            due_date=due_date(Segment.PU, period),
            worker_count=len(members),
            jkk=totals[Programme.JKK],
            jkm=totals[Programme.JKM],
            jht=totals[Programme.JHT],
            jp=totals[Programme.JP],
            amount=amount,
            paid=0,
        )
        session.add(bill)
        session.flush()
        credit = _apply_credit(session, employer.id, bill)
        audit.record(
            session, actor, "bill.create", "contribution_bill", bill.id,
            {"npp": employer.npp, "period": str(period), "amount": amount, "workers": len(members),
             "credit_applied": credit},
        )  # fmt: skip
        return _bill_row(bill, employer.npp)


def _apply_credit(session: Session, employer_id: int, bill: ContributionBill) -> int:
    """Offset a new bill with what earlier payments left over (domain.md §4.9: an excess
    offsets the next month), oldest payment first; return the rupiah applied."""
    applied = 0
    payments = session.scalars(
        select(Payment)
        .where(Payment.employer_id == employer_id, Payment.unallocated > 0)
        .order_by(Payment.paid_on, Payment.id)
    ).all()
    for payment in payments:
        take = min(payment.unallocated, bill.amount - bill.paid)
        if take <= 0:
            break
        payment.unallocated -= take
        bill.paid += take
        applied += take
        session.add(PaymentAllocation(payment_id=payment.id, bill_id=bill.id, amount=take))
        if bill.paid == bill.amount:
            bill.settled_on = payment.paid_on
    return applied


def bills_of(db: Database, npp: str) -> list[BillRow]:
    with db.read() as session:
        employer = _employer(session, npp)
        bills = session.scalars(
            select(ContributionBill)
            .where(ContributionBill.employer_id == employer.id)
            .order_by(ContributionBill.period)
        ).all()
        return [_bill_row(b, employer.npp) for b in bills]


def record_payment(
    db: Database, actor: Actor, npp: str, amount: int, paid_on: date, reference: str = ""
) -> PaymentRow:
    """Record a payment and allocate it to the oldest unpaid month first.

    A month paid in instalments is settled on the date of its last instalment (domain.md §4.9);
    what is left after every open bill is an overpayment, kept on the payment to offset the next
    month. An open arrears case whose months are all paid is marked settled.
    """
    require(actor, "payment.record")
    if amount <= 0:
        raise ValidationError.single("amount", _("Jumlah pembayaran harus lebih dari Rp0"))
    if paid_on > today_wib():
        raise ValidationError.single("paid_on", _("Tanggal bayar tidak boleh sesudah hari ini"))
    with db.write() as session:
        employer = _employer(session, npp)
        open_bills = session.scalars(
            select(ContributionBill)
            .where(
                ContributionBill.employer_id == employer.id,
                ContributionBill.paid < ContributionBill.amount,
            )
            .order_by(ContributionBill.period)
        ).all()
        by_id = {b.id: b for b in open_bills}
        allocations, remainder = allocate_payment(
            amount, [OpenBill(b.id, Period.parse(b.period), b.amount - b.paid) for b in open_bills]
        )
        payment = Payment(
            employer_id=employer.id,
            office_id=employer.office_id,
            paid_on=paid_on,
            amount=amount,
            unallocated=remainder,
            reference=reference.strip(),
            recorded_by=actor.user_id,
        )
        session.add(payment)
        session.flush()
        allocated: list[tuple[str, int]] = []
        for allocation in allocations:
            bill = by_id[allocation.bill_id]
            bill.paid += allocation.amount
            if bill.paid == bill.amount:
                bill.settled_on = paid_on
            session.add(
                PaymentAllocation(payment_id=payment.id, bill_id=bill.id, amount=allocation.amount)
            )
            allocated.append((bill.period, allocation.amount))
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
    """Credit open arrears cases with what was allocated to their months; settle paid-up ones."""
    settled: list[int] = []
    cases = session.scalars(
        select(ArrearsCase).where(
            ArrearsCase.employer_id == employer_id,
            ArrearsCase.status.in_([CaseStatus.TERBUKA, CaseStatus.KEJARI, CaseStatus.KPKNL]),
        )
    ).all()
    for case in cases:
        case.collected += sum(a for p, a in allocated if case.first_period <= p <= case.last_period)
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
    return settled
