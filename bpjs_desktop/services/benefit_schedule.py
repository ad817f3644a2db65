"""What a decided claim pays over time: monthly JP payments and the scholarship years.

The amounts come from the benefit rules (the JP formula, the scholarship schedule by school
level: domain.md §5.1) computed by the caller; this module records them against the claim and
the heir, checks that they belong together, and marks them paid.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bpjs_desktop.db.engine import Database
from bpjs_desktop.db.models import (
    Claim,
    Heir,
    HeirRelationKind,
    Membership,
    PensionPayment,
    ScholarshipEntitlement,
)
from bpjs_desktop.domain.claims import ClaimState, ClaimType
from bpjs_desktop.domain.periods import Period, format_date, today_wib
from bpjs_desktop.errors import ConflictError, FieldError, NotFoundError, ValidationError
from bpjs_desktop.i18n import _
from bpjs_desktop.services import audit, scope
from bpjs_desktop.services.context import Actor, require
from bpjs_desktop.services.heirs import SCHOOL_LEVELS

DECIDED = (ClaimState.DITETAPKAN, ClaimState.DIBAYAR)
PENSION_CLAIMS = (ClaimType.JP_BERKALA,)
SCHOLARSHIP_CLAIMS = (ClaimType.JKM, ClaimType.JKK)
# At most two children get a scholarship (PP 82/2019; domain.md §5.1 [S34]).
SCHOLARSHIP_CHILDREN = 2


@dataclass(frozen=True, slots=True)
class PensionPaymentRow:
    id: int
    claim_no: str
    heir_id: int | None  # None: paid to the member
    period: Period
    amount: int
    paid_on: date | None


@dataclass(frozen=True, slots=True)
class ScholarshipRow:
    id: int
    claim_no: str
    heir_id: int
    school_year: int
    level: str
    amount: int
    applied_on: date | None
    paid_on: date | None


def _claim(session: Session, claim_no: str, types: tuple[ClaimType, ...]) -> Claim:
    claim = session.scalar(select(Claim).where(Claim.claim_no == claim_no.strip()))
    if claim is None:
        raise NotFoundError(_("Klaim {no} tidak ada").format(no=claim_no))
    if claim.claim_type not in types:
        raise ValidationError.single(
            "claim",
            _("Klaim {no} ({type}) tidak mempunyai pembayaran ini").format(
                no=claim.claim_no, type=claim.claim_type.label
            ),
        )
    if claim.state not in DECIDED:
        raise ConflictError(
            _("Klaim {no} belum ditetapkan ({state})").format(
                no=claim.claim_no, state=claim.state.label
            )
        )
    return claim


def _heir_of(session: Session, claim: Claim, heir_id: int) -> Heir:
    heir = session.get(Heir, heir_id)
    person_id = session.scalar(
        select(Membership.person_id).where(Membership.id == claim.membership_id)
    )
    if heir is None or heir.person_id != person_id:
        raise ValidationError.single(
            "heir", _("Ahli waris ini bukan ahli waris peserta klaim {no}").format(
                no=claim.claim_no
            ),
        )  # fmt: skip
    return heir


def _check_paid_on(paid_on: date | None, after: date | None, errors: list[FieldError]) -> None:
    if paid_on is None:
        return
    if paid_on > today_wib():
        errors.append(FieldError("paid_on", _("Tanggal bayar tidak boleh sesudah hari ini")))
    if after is not None and paid_on < after:
        errors.append(
            FieldError(
                "paid_on",
                _("Tanggal bayar tidak boleh sebelum {day}").format(day=format_date(after)),
            )
        )


# --- JP monthly payments -------------------------------------------------------------------------


def _pension_row(payment: PensionPayment, claim_no: str) -> PensionPaymentRow:
    return PensionPaymentRow(
        payment.id, claim_no, payment.heir_id, Period.parse(payment.period), payment.amount,
        payment.paid_on,
    )  # fmt: skip


@scope.guarded
def record_pension_payment(
    db: Database,
    actor: Actor,
    claim_no: str,
    period: Period,
    amount: int,
    *,
    heir_id: int | None = None,
    paid_on: date | None = None,
) -> PensionPaymentRow:
    """Record the JP payment of *period* on a decided monthly-pension claim (to the member, or
    to *heir_id* for a survivor's pension); *amount* comes from the JP rules."""
    require(actor, "benefit.schedule")
    scope.check(db, actor, "claim", claim_no)
    errors: list[FieldError] = []
    if amount < 0:
        errors.append(FieldError("amount", _("Jumlah tidak boleh negatif")))
    with db.write() as session:
        claim = _claim(session, claim_no, PENSION_CLAIMS)
        if heir_id is not None:
            _heir_of(session, claim, heir_id)
        if period < Period.of(claim.event_date):
            errors.append(
                FieldError("period", _("Periode pensiun tidak boleh sebelum bulan kejadian"))
            )
        _check_paid_on(paid_on, claim.decided_on, errors)
        if errors:
            raise ValidationError(errors)
        twin = session.scalar(
            select(func.count()).where(
                PensionPayment.claim_id == claim.id,
                PensionPayment.period == str(period),
                PensionPayment.heir_id.is_(None)
                if heir_id is None
                else PensionPayment.heir_id == heir_id,
            )
        )
        if twin:
            raise ConflictError(
                _("Pembayaran pensiun {period} klaim {no} sudah tercatat").format(
                    period=period.blth, no=claim.claim_no
                )
            )
        payment = PensionPayment(
            claim_id=claim.id, heir_id=heir_id, period=str(period), amount=amount, paid_on=paid_on
        )
        session.add(payment)
        session.flush()
        audit.record(
            session, actor, "pension.record", "pension_payment", payment.id,
            {"claim_no": claim.claim_no, "heir_id": heir_id, "period": str(period),
             "amount": amount, "paid_on": paid_on},
        )  # fmt: skip
        return _pension_row(payment, claim.claim_no)


@scope.guarded
def mark_pension_paid(
    db: Database, actor: Actor, payment_id: int, paid_on: date
) -> PensionPaymentRow:
    require(actor, "benefit.schedule")
    scope.check(db, actor, "pension_payment", payment_id)
    with db.write() as session:
        payment = session.get(PensionPayment, payment_id)
        if payment is None:
            raise NotFoundError(_("Pembayaran pensiun {id} tidak ada").format(id=payment_id))
        claim = session.get(Claim, payment.claim_id)
        assert claim is not None
        errors: list[FieldError] = []
        _check_paid_on(paid_on, claim.decided_on, errors)
        if errors:
            raise ValidationError(errors)
        payment.paid_on = paid_on
        audit.record(
            session, actor, "pension.paid", "pension_payment", payment.id,
            {"claim_no": claim.claim_no, "period": payment.period, "paid_on": paid_on},
        )  # fmt: skip
        return _pension_row(payment, claim.claim_no)


@scope.guarded
def pension_payments(
    db: Database, claim_no: str, *, actor: Actor | None = None
) -> list[PensionPaymentRow]:
    scope.check(db, actor, "claim", claim_no)
    with db.read() as session:
        claim = _claim(session, claim_no, PENSION_CLAIMS)
        rows = session.scalars(
            select(PensionPayment)
            .where(PensionPayment.claim_id == claim.id)
            .order_by(PensionPayment.period, PensionPayment.heir_id, PensionPayment.id)
        )
        return [_pension_row(p, claim.claim_no) for p in rows]


# --- scholarship years ---------------------------------------------------------------------------


def _scholarship_row(entry: ScholarshipEntitlement, claim_no: str) -> ScholarshipRow:
    return ScholarshipRow(
        entry.id, claim_no, entry.heir_id, entry.school_year, entry.level, entry.amount,
        entry.applied_on, entry.paid_on,
    )  # fmt: skip


@scope.guarded
def record_scholarship(
    db: Database,
    actor: Actor,
    claim_no: str,
    heir_id: int,
    school_year: int,
    level: str,
    amount: int,
    *,
    applied_on: date | None = None,
) -> ScholarshipRow:
    """Record one school year of a child's scholarship on a decided JKM or JKK claim; *amount*
    comes from the scholarship schedule for *level* (domain.md §5.1). At most two children."""
    require(actor, "benefit.schedule")
    scope.check(db, actor, "claim", claim_no)
    errors: list[FieldError] = []
    code = level.strip().upper()
    if code not in SCHOOL_LEVELS:
        errors.append(
            FieldError(
                "level",
                _("Jenjang sekolah harus salah satu dari {levels}").format(
                    levels=", ".join(SCHOOL_LEVELS)
                ),
            )
        )
    if amount < 0:
        errors.append(FieldError("amount", _("Jumlah tidak boleh negatif")))
    if applied_on is not None and applied_on > today_wib():
        errors.append(
            FieldError("applied_on", _("Tanggal permohonan tidak boleh sesudah hari ini"))
        )
    with db.write() as session:
        claim = _claim(session, claim_no, SCHOLARSHIP_CLAIMS)
        heir = _heir_of(session, claim, heir_id)
        if heir.relation is not HeirRelationKind.ANAK:
            errors.append(FieldError("heir", _("Beasiswa hanya untuk anak peserta")))
        if school_year < claim.event_date.year - 1:
            errors.append(
                FieldError("school_year", _("Tahun ajaran tidak boleh sebelum peserta meninggal"))
            )
        children = set(
            session.scalars(
                select(ScholarshipEntitlement.heir_id).where(
                    ScholarshipEntitlement.claim_id == claim.id
                )
            )
        )
        if heir.id not in children and len(children) >= SCHOLARSHIP_CHILDREN:
            errors.append(
                FieldError(
                    "heir",
                    _(
                        "Beasiswa paling banyak untuk {n} anak; klaim ini sudah mencatat {n} anak"
                    ).format(n=SCHOLARSHIP_CHILDREN),
                )
            )
        if errors:
            raise ValidationError(errors)
        twin = session.scalar(
            select(func.count()).where(
                ScholarshipEntitlement.claim_id == claim.id,
                ScholarshipEntitlement.heir_id == heir.id,
                ScholarshipEntitlement.school_year == school_year,
            )
        )
        if twin:
            raise ConflictError(
                _("Beasiswa {name} tahun ajaran {year} sudah tercatat").format(
                    name=heir.name, year=school_year
                )
            )
        entry = ScholarshipEntitlement(
            claim_id=claim.id, heir_id=heir.id, school_year=school_year, level=code,
            amount=amount, applied_on=applied_on,
        )  # fmt: skip
        session.add(entry)
        session.flush()
        audit.record(
            session, actor, "scholarship.record", "scholarship_entitlement", entry.id,
            {"claim_no": claim.claim_no, "heir_id": heir.id, "school_year": school_year,
             "level": code, "amount": amount},
        )  # fmt: skip
        return _scholarship_row(entry, claim.claim_no)


@scope.guarded
def mark_scholarship_paid(
    db: Database, actor: Actor, entitlement_id: int, paid_on: date
) -> ScholarshipRow:
    require(actor, "benefit.schedule")
    scope.check(db, actor, "scholarship", entitlement_id)
    with db.write() as session:
        entry = session.get(ScholarshipEntitlement, entitlement_id)
        if entry is None:
            raise NotFoundError(_("Beasiswa {id} tidak ada").format(id=entitlement_id))
        claim = session.get(Claim, entry.claim_id)
        assert claim is not None
        errors: list[FieldError] = []
        _check_paid_on(paid_on, entry.applied_on or claim.decided_on, errors)
        if errors:
            raise ValidationError(errors)
        entry.paid_on = paid_on
        audit.record(
            session, actor, "scholarship.paid", "scholarship_entitlement", entry.id,
            {"claim_no": claim.claim_no, "school_year": entry.school_year, "paid_on": paid_on},
        )  # fmt: skip
        return _scholarship_row(entry, claim.claim_no)


@scope.guarded
def scholarships(
    db: Database, claim_no: str, *, actor: Actor | None = None
) -> list[ScholarshipRow]:
    scope.check(db, actor, "claim", claim_no)
    with db.read() as session:
        claim = _claim(session, claim_no, SCHOLARSHIP_CLAIMS)
        rows = session.scalars(
            select(ScholarshipEntitlement)
            .where(ScholarshipEntitlement.claim_id == claim.id)
            .order_by(ScholarshipEntitlement.heir_id, ScholarshipEntitlement.school_year)
        )
        return [_scholarship_row(e, claim.claim_no) for e in rows]
