"""What a decided claim pays over time: monthly JP payments and the scholarship years.

The amounts come from the benefit rules (the JP formula and its yearly indexation, the scholarship
schedule by school level: domain.md §5.1); this module records them against the claim and the
heir, checks that they belong together, and marks them paid. The claims service writes a claim's
schedule when it is decided (:func:`schedule_pension`, :func:`schedule_scholarships`) and pays its
first month and this school year with the claim (:func:`pay_with_claim`); the later months and
school years are paid here (:func:`pay_pension_month`, :func:`apply_scholarship`,
:func:`pay_scholarship`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any, TypeVar

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bpjs_desktop.db.engine import Database
from bpjs_desktop.db.models import (
    Claim,
    Heir,
    HeirRelationKind,
    Membership,
    PensionPayment,
    Person,
    ScholarshipEntitlement,
)
from bpjs_desktop.domain.claim_details import Heir as DeclaredHeir
from bpjs_desktop.domain.claim_details import JkkDetail, JkkOutcome, JkmDetail, JpKind
from bpjs_desktop.domain.claims import ClaimState, ClaimType
from bpjs_desktop.domain.pension import jp_schedule
from bpjs_desktop.domain.periods import Period, format_date, today_wib
from bpjs_desktop.domain.scholarships import (
    SCHOLARSHIP_RULES,
    ScholarshipRule,
    SchoolLevel,
    min_months,
    payable_now,
    yearly_amount,
)
from bpjs_desktop.errors import ConflictError, FieldError, NotFoundError, ValidationError
from bpjs_desktop.i18n import _
from bpjs_desktop.services import audit, scope
from bpjs_desktop.services.context import Actor, require
from bpjs_desktop.services.heirs import HeirInput, add_in_session, heirs_in_session

SCHOOL_LEVELS = tuple(SchoolLevel)

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


_Paid = TypeVar("_Paid", PensionPayment, ScholarshipEntitlement)


def _refuse_twin(session: Session, conditions: list[Any], conflict: str) -> None:
    """Refused with *conflict* when a pension month or scholarship year meeting *conditions*
    (the same claim, heir and month or school year) is already recorded."""
    if session.scalar(select(func.count()).where(*conditions)):
        raise ConflictError(conflict)


def _add(
    session: Session,
    actor: Actor,
    record: PensionPayment | ScholarshipEntitlement,
    action: str,
    details: dict[str, Any],
) -> None:
    """Add a new pension month or scholarship year, and audit it under its id."""
    session.add(record)
    session.flush()
    audit.record(session, actor, action, type(record).__tablename__, record.id, details)


_Row = TypeVar("_Row")


def _record_paid(
    db: Database,
    actor: Actor,
    model: type[_Paid],
    record_id: int,
    paid_on: date,
    missing: str,
    to_row: Callable[[_Paid, str], _Row],
) -> _Row:
    """Mark one scheduled pension month or scholarship year paid on *paid_on*: not after today,
    nor before the claim was decided (a scholarship year: before it was applied for)."""
    pension = model is PensionPayment
    require(actor, "benefit.schedule")
    scope.check(db, actor, "pension_payment" if pension else "scholarship", record_id)
    with db.write() as session:
        record = session.get(model, record_id)
        if record is None:
            raise NotFoundError(missing)
        claim = session.get(Claim, record.claim_id)
        assert claim is not None
        if isinstance(record, PensionPayment):
            after, action, detail = claim.decided_on, "pension.paid", {"period": record.period}
        else:
            after = record.applied_on or claim.decided_on
            action, detail = "scholarship.paid", {"school_year": record.school_year}
        errors: list[FieldError] = []
        _check_paid_on(paid_on, after, errors)
        if errors:
            raise ValidationError(errors)
        record.paid_on = paid_on
        audit.record(
            session, actor, action, model.__tablename__, record.id,
            {"claim_no": claim.claim_no, **detail, "paid_on": paid_on},
        )  # fmt: skip
        return to_row(record, claim.claim_no)


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
        _refuse_twin(
            session,
            [
                PensionPayment.claim_id == claim.id,
                PensionPayment.period == str(period),
                PensionPayment.heir_id.is_(None)
                if heir_id is None
                else PensionPayment.heir_id == heir_id,
            ],
            _("Pembayaran pensiun {period} klaim {no} sudah tercatat").format(
                period=period.blth, no=claim.claim_no
            ),
        )
        payment = PensionPayment(
            claim_id=claim.id, heir_id=heir_id, period=str(period), amount=amount, paid_on=paid_on
        )
        _add(
            session, actor, payment, "pension.record",
            {"claim_no": claim.claim_no, "heir_id": heir_id, "period": str(period),
             "amount": amount, "paid_on": paid_on},
        )  # fmt: skip
        return _pension_row(payment, claim.claim_no)


@scope.guarded
def mark_pension_paid(
    db: Database, actor: Actor, payment_id: int, paid_on: date
) -> PensionPaymentRow:
    missing = _("Pembayaran pensiun {id} tidak ada").format(id=payment_id)
    return _record_paid(db, actor, PensionPayment, payment_id, paid_on, missing, _pension_row)


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


def _scholarship_form_errors(code: str, amount: int, applied_on: date | None) -> list[FieldError]:
    """The scholarship form's own checks: a known school level, an amount, no future date."""
    errors: list[FieldError] = []
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
    return errors


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
    code = level.strip().upper()
    errors = _scholarship_form_errors(code, amount, applied_on)
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
        _refuse_twin(
            session,
            [
                ScholarshipEntitlement.claim_id == claim.id,
                ScholarshipEntitlement.heir_id == heir.id,
                ScholarshipEntitlement.school_year == school_year,
            ],
            _("Beasiswa {name} tahun ajaran {year} sudah tercatat").format(
                name=heir.name, year=school_year
            ),
        )
        entry = ScholarshipEntitlement(
            claim_id=claim.id, heir_id=heir.id, school_year=school_year, level=code,
            amount=amount, applied_on=applied_on,
        )  # fmt: skip
        _add(
            session, actor, entry, "scholarship.record",
            {"claim_no": claim.claim_no, "heir_id": heir.id, "school_year": school_year,
             "level": code, "amount": amount},
        )  # fmt: skip
        return _scholarship_row(entry, claim.claim_no)


@scope.guarded
def mark_scholarship_paid(
    db: Database, actor: Actor, entitlement_id: int, paid_on: date
) -> ScholarshipRow:
    missing = _("Beasiswa {id} tidak ada").format(id=entitlement_id)
    return _record_paid(
        db, actor, ScholarshipEntitlement, entitlement_id, paid_on, missing, _scholarship_row
    )


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


# --- written by the claims service: what a decision schedules, what paying the claim pays -------

# A monthly pension is due from the month after the event (the death, the disability, the
# pension age) [unverified: the article fixing the first month of payment in PP 45/2015 or
# Permenaker 29/2015 was not retrieved].
#
# The schedule is recorded a year at a time: the first 12 months at the first amount (PP 45/2015
# Pasal 17(1)a), and each later year when its first month is paid (:func:`pay_pension_month`).
# Recording further ahead would fix next year's indexation (1 + this year's inflation, Pasal
# 17(1)b) before that inflation is known; the 13th month is written when it falls due, from the
# inflation table as it stands then.
PENSION_SCHEDULE_MONTHS = 12

# Who receives a survivor's pension (PP 45/2015 Pasal 16): the widow or widower; failing them a
# child; failing them a parent. The kind on the claim says which; the heir is the first of that
# relation on record, in the order ``services/heirs.py`` keeps (rank, then the eldest).
_PAYEE_RELATION = {
    JpKind.JANDA_DUDA: HeirRelationKind.PASANGAN,
    JpKind.ANAK: HeirRelationKind.ANAK,
    JpKind.ORANG_TUA: HeirRelationKind.ORANG_TUA,
}
_LEVEL_ORDER = tuple(SchoolLevel)


def first_pension_month(event_date: date) -> Period:
    """The first month of a monthly pension: the month after the event [unverified]."""
    return Period.of(event_date).next()


def _person_id(session: Session, claim: Claim) -> int:
    person_id = session.scalar(
        select(Membership.person_id).where(Membership.id == claim.membership_id)
    )
    assert person_id is not None
    return person_id


def _pension_payee(session: Session, claim: Claim, kind: JpKind) -> int | None:
    """The heir a survivor's pension is paid to, or None for the member's own pension."""
    relation = _PAYEE_RELATION.get(kind)
    if relation is None:
        return None
    for heir in heirs_in_session(session, _person_id(session, claim)):
        if heir.relation.value == relation.value:
            return heir.id
    raise ConflictError(
        _(
            "{kind} dibayar kepada ahli waris: catat dulu ahli waris yang berhak pada halaman "
            "ahli waris peserta sebelum klaim ditetapkan"
        ).format(kind=kind.label)
    )


def _pension_rows(session: Session, claim: Claim) -> list[PensionPayment]:
    return list(
        session.scalars(
            select(PensionPayment)
            .where(PensionPayment.claim_id == claim.id)
            .order_by(PensionPayment.period, PensionPayment.id)
        )
    )


def _extend_pension(
    session: Session,
    claim: Claim,
    heir_id: int | None,
    first: Period,
    first_amount: int,
    count: int,
) -> list[PensionPayment]:
    """Add the months of ``jp_schedule(first, first_amount, count)`` not recorded yet."""
    recorded = {p.period for p in _pension_rows(session, claim)}
    added = [
        PensionPayment(claim_id=claim.id, heir_id=heir_id, period=str(period), amount=amount)
        for period, amount in jp_schedule(first, first_amount, count)
        if str(period) not in recorded
    ]
    session.add_all(added)
    session.flush()
    return added


def schedule_pension(session: Session, actor: Actor, claim: Claim, kind: JpKind) -> int:
    """On deciding a monthly pension: record its first year of months at the decided amount, to
    the member or the heir the kind names. Returns the months recorded."""
    assert claim.amount is not None
    heir_id = _pension_payee(session, claim, kind)
    first = first_pension_month(claim.event_date)
    added = _extend_pension(session, claim, heir_id, first, claim.amount, PENSION_SCHEDULE_MONTHS)
    audit.record(
        session, actor, "pension.schedule", "claim", claim.id,
        {"claim_no": claim.claim_no, "kind": kind.value, "heir_id": heir_id, "first": str(first),
         "months": len(added), "amount": claim.amount},
    )  # fmt: skip
    return len(added)


def _same_name(a: str, b: str) -> bool:
    return " ".join(a.split()).upper() == " ".join(b.split()).upper()


def _children_of_jkm(
    session: Session, actor: Actor, claim: Claim, declared: list[DeclaredHeir]
) -> list[Heir]:
    """The heir records of the schooling children declared on a JKM claim, in their order.

    A declared child not on record (the member had other heirs recorded before) is recorded here.
    """
    person = session.get(Person, _person_id(session, claim))
    assert person is not None
    records = [
        h
        for h in session.scalars(
            select(Heir)
            .where(Heir.person_id == person.id, Heir.relation == HeirRelationKind.ANAK)
            .order_by(Heir.rank, Heir.birth_date, Heir.id)
        )
    ]
    found: list[Heir] = []
    for child in declared:
        match = next(
            (
                h
                for h in records
                if h not in found
                and ((child.nik and h.nik == child.nik) or _same_name(h.name, child.name))
            ),
            None,
        )
        if match is None:
            match = add_in_session(
                session, actor, person,
                HeirInput(child.name, child.relation, nik=child.nik, birth_date=child.birth_date,
                          school_level=child.school_level),
            )  # fmt: skip
        found.append(match)
    return found


def _children_of_jkk(session: Session, claim: Claim, levels: list[SchoolLevel]) -> list[Heir]:
    """The children on record matching a JKK claim's school levels: same level first, then a
    child whose level is not recorded yet (the eldest first)."""
    records = list(
        session.scalars(
            select(Heir)
            .where(
                Heir.person_id == _person_id(session, claim),
                Heir.relation == HeirRelationKind.ANAK,
            )
            .order_by(Heir.rank, Heir.birth_date, Heir.id)
        )
    )
    found: list[Heir] = []
    for level in levels:
        match = next((h for h in records if h not in found and h.school_level == level), None)
        if match is None:
            match = next((h for h in records if h not in found and h.school_level is None), None)
        if match is None:
            raise ConflictError(
                _(
                    "Catat dulu anak yang bersekolah ({level}) sebagai ahli waris peserta: "
                    "beasiswa dibayar kepada anak"
                ).format(level=level.label)
            )
        found.append(match)
    return found


def schedule_scholarships(
    session: Session, actor: Actor, claim: Claim, detail: object, months: int
) -> int:
    """On deciding a JKM claim, or a JKK death or total disability, with children in school:
    record this school year of each child who counts (at most two), the amount the claim's own
    amount includes (PP 82/2019; ``domain.scholarships.payable_now``). Later years are applied for
    year by year (:func:`apply_scholarship`). *months* are the contribution months the rule reads.
    Returns the years recorded."""
    event = claim.event_date
    if not SCHOLARSHIP_RULES.in_force(event):
        return 0
    if isinstance(detail, JkmDetail):
        declared = [h for h in detail.heirs if h.schooling]
        levels = [h.school_level or SchoolLevel.SD for h in declared]
        work_accident = False
    elif isinstance(detail, JkkDetail):
        if detail.outcome not in (JkkOutcome.MENINGGAL, JkkOutcome.CACAT_TOTAL):
            return 0
        declared = []
        levels = list(detail.school_levels)
        work_accident = True
    else:
        return 0
    if not levels or months < min_months(event, work_accident=work_accident):
        return 0
    now = payable_now(event, levels)
    if not now:
        return 0
    counted = max(e.child for e in now)
    if isinstance(detail, JkmDetail):
        children = _children_of_jkm(session, actor, claim, declared[:counted])
    else:
        children = _children_of_jkk(session, claim, levels[:counted])
    for entitlement in now:
        child = children[entitlement.child - 1]
        if child.school_level is None:
            child.school_level = entitlement.level.value
        session.add(
            ScholarshipEntitlement(
                claim_id=claim.id, heir_id=child.id, school_year=entitlement.year,
                level=entitlement.level.value, amount=entitlement.amount,
                applied_on=claim.submitted_on,
            )
        )  # fmt: skip
    session.flush()
    audit.record(
        session, actor, "scholarship.schedule", "claim", claim.id,
        {"claim_no": claim.claim_no, "heirs": [c.id for c in children],
         "years": [[e.child, e.year, e.level.value, e.amount] for e in now]},
    )  # fmt: skip
    return len(now)


def pay_with_claim(session: Session, actor: Actor, claim: Claim, paid_on: date) -> None:
    """On paying a claim (DIBAYAR): the first pension month, and this school year's
    scholarships, are part of what is paid."""
    periods: list[str] = []
    for payment in _pension_rows(session, claim)[:1]:
        if payment.paid_on is None:
            payment.paid_on = paid_on
            periods.append(payment.period)
    years = list(
        session.scalars(
            select(ScholarshipEntitlement).where(
                ScholarshipEntitlement.claim_id == claim.id,
                ScholarshipEntitlement.school_year == claim.event_date.year,
                ScholarshipEntitlement.paid_on.is_(None),
            )
        )
    )
    for entry in years:
        entry.paid_on = paid_on
    if periods or years:
        audit.record(
            session, actor, "benefit.paid_with_claim", "claim", claim.id,
            {"claim_no": claim.claim_no, "periods": periods, "scholarships": [e.id for e in years],
             "paid_on": paid_on},
        )  # fmt: skip


@scope.guarded
def pay_pension_month(
    db: Database, actor: Actor, claim_no: str, period: Period, *, paid_on: date | None = None
) -> list[PensionPaymentRow]:
    """Pay the month *period* of a paid monthly-pension claim, and any earlier month still unpaid.

    Refused when *period* is already paid, or not yet due on *paid_on* (today). A month beyond the
    recorded schedule extends it a year at a time, each year indexed (PP 45/2015 Pasal 17(1)b).
    Returns the months paid now.
    """
    require(actor, "benefit.schedule")
    scope.check(db, actor, "claim", claim_no)
    paid_on = paid_on or today_wib()
    with db.write() as session:
        claim = _claim(session, claim_no, PENSION_CLAIMS)
        if claim.state is not ClaimState.DIBAYAR:
            raise ConflictError(
                _("Klaim {no} belum dibayar: bulan pertama pensiun dibayar bersama klaim").format(
                    no=claim.claim_no
                )
            )
        rows = _pension_rows(session, claim)
        if not rows:
            raise ConflictError(
                _("Klaim {no} belum mempunyai jadwal pensiun").format(no=claim.claim_no)
            )
        errors: list[FieldError] = []
        _check_paid_on(paid_on, claim.decided_on, errors)
        first = Period.parse(rows[0].period)
        if period < first:
            errors.append(
                FieldError(
                    "period",
                    _("Pensiun dibayar mulai {first}").format(first=first.blth),
                )
            )
        if period > Period.of(paid_on):
            errors.append(
                FieldError(
                    "period",
                    _("Pensiun {period} belum jatuh tempo pada {day}").format(
                        period=period.blth, day=format_date(paid_on)
                    ),
                )
            )
        if errors:
            raise ValidationError(errors)
        done = next((r for r in rows if r.period == str(period) and r.paid_on), None)
        if done is not None:
            assert done.paid_on is not None
            raise ConflictError(
                _("Pensiun {period} klaim {no} sudah dibayar pada {day}").format(
                    period=period.blth, no=claim.claim_no, day=format_date(done.paid_on)
                )
            )
        if str(period) > rows[-1].period:
            years = first.months_until(period) // PENSION_SCHEDULE_MONTHS + 1
            _extend_pension(
                session, claim, rows[0].heir_id, first, rows[0].amount,
                years * PENSION_SCHEDULE_MONTHS,
            )  # fmt: skip
            rows = _pension_rows(session, claim)
        due = [r for r in rows if r.paid_on is None and r.period <= str(period)]
        for payment in due:
            payment.paid_on = paid_on
        audit.record(
            session, actor, "pension.pay", "claim", claim.id,
            {"claim_no": claim.claim_no, "periods": [p.period for p in due],
             "amount": sum(p.amount for p in due), "paid_on": paid_on},
        )  # fmt: skip
        return [_pension_row(p, claim.claim_no) for p in due]


@scope.guarded
def apply_scholarship(
    db: Database,
    actor: Actor,
    claim_no: str,
    heir_id: int,
    school_year: int,
    level: str,
    *,
    applied_on: date | None = None,
) -> ScholarshipRow:
    """A child's application for a later school year of a decided JKM or JKK scholarship.

    Checked against the plan of PP 82/2019 (domain.md §5.1): the child of the member, one of at
    most two children; the level the child is at that year (not below last year's); no more years
    at a level than it allows (SD 6, SMP 3, SMA 3, …). The amount is the level's yearly amount
    under the rule of the event's date. Before PP 82/2019 the one sum was paid with the claim.
    """
    require(actor, "benefit.schedule")
    scope.check(db, actor, "claim", claim_no)
    applied_on = applied_on or today_wib()
    code = SchoolLevel.parse(level, field="level")
    errors: list[FieldError] = []
    if applied_on > today_wib():
        errors.append(
            FieldError("applied_on", _("Tanggal permohonan tidak boleh sesudah hari ini"))
        )
    if school_year > applied_on.year:
        errors.append(
            FieldError(
                "school_year",
                _("Tahun ajaran {year} belum dimulai pada tanggal permohonan").format(
                    year=school_year
                ),
            )
        )
    with db.write() as session:
        claim = _claim(session, claim_no, SCHOLARSHIP_CLAIMS)
        heir = _heir_of(session, claim, heir_id)
        rule = _yearly_rule(claim)
        entries = list(
            session.scalars(
                select(ScholarshipEntitlement).where(ScholarshipEntitlement.claim_id == claim.id)
            )
        )
        errors += _plan_errors(claim, heir, entries, rule, school_year, code)
        if errors:
            raise ValidationError(errors)
        amount = yearly_amount(claim.event_date, code)
        entry = ScholarshipEntitlement(
            claim_id=claim.id, heir_id=heir.id, school_year=school_year, level=code.value,
            amount=amount, applied_on=applied_on,
        )  # fmt: skip
        heir.school_level = code.value
        _add(
            session, actor, entry, "scholarship.apply",
            {"claim_no": claim.claim_no, "heir_id": heir.id, "school_year": school_year,
             "level": code.value, "amount": amount, "applied_on": applied_on},
        )  # fmt: skip
        return _scholarship_row(entry, claim.claim_no)


def _yearly_rule(claim: Claim) -> ScholarshipRule:
    """The scholarship rule of the claim's event, refused when it paid one sum with the claim."""
    rule = SCHOLARSHIP_RULES.at(claim.event_date) if SCHOLARSHIP_RULES.in_force(
        claim.event_date
    ) else None  # fmt: skip
    if rule is None or rule.levels is None:
        raise ValidationError.single(
            "claim",
            _(
                "Beasiswa klaim {no} tidak dibayar per tahun (aturan sebelum PP 82/2019: "
                "sekali bersama klaim)"
            ).format(no=claim.claim_no),
        )
    return rule


def _plan_errors(
    claim: Claim,
    heir: Heir,
    entries: list[ScholarshipEntitlement],
    rule: ScholarshipRule,
    school_year: int,
    code: SchoolLevel,
) -> list[FieldError]:
    """What the plan of PP 82/2019 (domain.md §5.1) refuses in the child's application: not a
    child, a third child, a year before the death, a lower level, too many years at a level.

    A year already on record is a :class:`ConflictError`.
    """
    errors: list[FieldError] = []
    if heir.relation is not HeirRelationKind.ANAK:
        errors.append(FieldError("heir", _("Beasiswa hanya untuk anak peserta")))
    children = {e.heir_id for e in entries}
    if heir.id not in children and len(children) >= rule.max_children:
        errors.append(
            FieldError(
                "heir",
                _(
                    "Beasiswa paling banyak untuk {n} anak; klaim ini sudah mencatat {n} anak"
                ).format(n=rule.max_children),
            )
        )
    mine = sorted((e for e in entries if e.heir_id == heir.id), key=lambda e: e.school_year)
    if school_year < claim.event_date.year:
        errors.append(
            FieldError("school_year", _("Tahun ajaran tidak boleh sebelum peserta meninggal"))
        )
    if any(e.school_year == school_year for e in mine):
        raise ConflictError(
            _("Beasiswa {name} tahun ajaran {year} sudah tercatat").format(
                name=heir.name, year=school_year
            )
        )
    earlier = [e for e in mine if e.school_year < school_year]
    if earlier and _LEVEL_ORDER.index(code) < _LEVEL_ORDER.index(SchoolLevel(earlier[-1].level)):
        errors.append(
            FieldError(
                "level",
                _("Jenjang {level} lebih rendah dari jenjang tahun ajaran {year} ({last})").format(
                    level=code.label, year=earlier[-1].school_year,
                    last=SchoolLevel(earlier[-1].level).label,
                ),
            )
        )  # fmt: skip
    assert rule.levels is not None
    limit = rule.levels[code].max_years
    used = sum(1 for e in mine if e.level == code.value)
    if used >= limit:
        errors.append(
            FieldError(
                "level",
                _(
                    "Beasiswa jenjang {level} paling lama {limit} tahun; {name} sudah "
                    "menerima {used} tahun"
                ).format(level=code.label, limit=limit, name=heir.name, used=used),
            )
        )
    return errors


@scope.guarded
def pay_scholarship(
    db: Database,
    actor: Actor,
    claim_no: str,
    heir_id: int,
    school_year: int,
    *,
    paid_on: date | None = None,
) -> ScholarshipRow:
    """Pay a school year a child applied for; the claim itself must be paid (this year's
    scholarship goes with it). Refused when already paid."""
    require(actor, "benefit.schedule")
    scope.check(db, actor, "claim", claim_no)
    paid_on = paid_on or today_wib()
    with db.write() as session:
        claim = _claim(session, claim_no, SCHOLARSHIP_CLAIMS)
        heir = _heir_of(session, claim, heir_id)
        entry = session.scalar(
            select(ScholarshipEntitlement).where(
                ScholarshipEntitlement.claim_id == claim.id,
                ScholarshipEntitlement.heir_id == heir.id,
                ScholarshipEntitlement.school_year == school_year,
            )
        )
        if entry is None:
            raise NotFoundError(
                _("Beasiswa {name} tahun ajaran {year} belum diajukan").format(
                    name=heir.name, year=school_year
                )
            )
        if claim.state is not ClaimState.DIBAYAR:
            raise ConflictError(
                _("Klaim {no} belum dibayar: beasiswa tahun ini dibayar bersama klaim").format(
                    no=claim.claim_no
                )
            )
        if entry.paid_on is not None:
            raise ConflictError(
                _("Beasiswa {name} tahun ajaran {year} sudah dibayar pada {day}").format(
                    name=heir.name, year=school_year, day=format_date(entry.paid_on)
                )
            )
        errors: list[FieldError] = []
        _check_paid_on(paid_on, entry.applied_on or claim.decided_on, errors)
        if errors:
            raise ValidationError(errors)
        entry.paid_on = paid_on
        audit.record(
            session, actor, "scholarship.paid", "scholarship_entitlement", entry.id,
            {"claim_no": claim.claim_no, "heir_id": heir.id, "school_year": school_year,
             "amount": entry.amount, "paid_on": paid_on},
        )  # fmt: skip
        return _scholarship_row(entry, claim.claim_no)
