"""Arrears cases on a year's target list: the ladder of follow-ups, promises to pay, what is owed.

A case is an employer on a year's target list of employers in arrears (domain.md §6). Its
follow-ups form a dated timeline: calls, the warning letters, visits and inspections, the joint
summons with the labour office, the SKK to the prosecutor's office and the hand-over to the state
debt office (KPKNL), and promises to pay with their instalments. What may follow what is data
(``domain.arrears.LADDER_STEPS``), checked here on every write; the app issues the number of each
step's document per office and year ("B/00012/GRS/2018"). Payments (``services.contributions``)
settle the instalments; an instalment unpaid after its date puts the case back on the ladder.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from bpjs_desktop.db.engine import Database
from bpjs_desktop.db.models import (
    ArrearsCase,
    CaseStatus,
    ContributionBill,
    Counter,
    Employer,
    FollowUp,
    FollowUpKind,
    Instalment,
    Office,
    Payment,
    PaymentAllocation,
    Role,
    Setting,
    User,
)
from bpjs_desktop.domain.arrears import (
    CALL_NEXT_DAYS,
    DEFAULT_BUCKETS,
    LADDER_BY_KIND,
    LADDER_STEPS,
    PROMISE_KINDS,
    AgeingBucket,
    DueCalculation,
    InstalmentState,
    LadderStep,
    NextAction,
    OwedBill,
    PlannedInstalment,
    PromiseState,
    action_label,
    ageing_bucket,
    buckets_from_json,
    buckets_to_json,
    check_step,
    dues_on,
    instalment_schedule,
    late_fine,
    months_late,
    next_action,
)
from bpjs_desktop.domain.identifiers import validate_npp
from bpjs_desktop.domain.money import format_rupiah
from bpjs_desktop.domain.periods import Period, format_date, today_wib
from bpjs_desktop.errors import (
    ConflictError,
    FieldError,
    KnownError,
    PermissionDeniedError,
    ValidationError,
)
from bpjs_desktop.i18n import N_, _
from bpjs_desktop.services import audit, scope
from bpjs_desktop.services.context import PERMISSIONS, Actor, require
from bpjs_desktop.services.contributions import billed_by_programme
from bpjs_desktop.services.counters import next_value
from bpjs_desktop.services.membership_common import employer_in_scope

# The escalation ladder, lowest step first (domain.md §6.2), in the order the stage moves up.
# Calls and promises do not move a case up the ladder; they are recorded on its timeline.
LADDER = tuple(FollowUpKind(step.kind) for step in LADDER_STEPS)
OPEN_STATUSES = (CaseStatus.TERBUKA, CaseStatus.KEJARI, CaseStatus.KPKNL)
BUCKETS_KEY = "arrears_buckets"
# Officers a case can be assigned to.
OFFICER_ROLES = (Role.AR, Role.PEMERIKSA, Role.KEPALA)

CASE_STATUS_LABELS = {
    CaseStatus.TERBUKA: N_("Terbuka"),
    CaseStatus.LUNAS: N_("Lunas"),
    CaseStatus.KEJARI: N_("Di Kejaksaan"),
    CaseStatus.KPKNL: N_("Di KPKNL"),
    CaseStatus.NONAKTIF: N_("Nonaktif"),
    CaseStatus.DIHAPUS: N_("Dihapusbukukan"),
}


def status_label(status: CaseStatus) -> str:
    return _(CASE_STATUS_LABELS[status])


def kind_label(kind: FollowUpKind) -> str:
    return action_label(kind.value)


@dataclass(frozen=True, slots=True)
class CaseRow:
    id: int
    npp: str
    employer_name: str
    target_year: int
    opened_on: date
    first_period: str
    last_period: str
    principal: int
    fine: int
    stage: FollowUpKind | None
    status: CaseStatus
    settled_on: date | None
    collected: int
    next_action_on: date | None


@dataclass(frozen=True, slots=True)
class FollowUpInput:
    """One action on a case.

    ``number`` is left empty for the app to issue the document's number (letters, minutes, SKK);
    a number typed here (a letter sent before the app was used) is kept as typed. A promise to pay
    (JANJI_BAYAR) is one payment of ``promised_amount`` on ``promised_on``; an instalment agreement
    (CICILAN) splits ``promised_amount`` into ``instalments`` payments, the first on
    ``promised_on``, then every ``interval_months`` months.
    """

    kind: FollowUpKind
    done_on: date
    number: str = ""
    outcome: str = ""
    next_due_on: date | None = None
    promised_amount: int | None = None
    promised_on: date | None = None
    instalments: int = 1
    interval_months: int = 1


def _row(case: ArrearsCase, employer: Employer) -> CaseRow:
    return CaseRow(
        case.id, employer.npp, employer.name, case.target_year, case.opened_on, case.first_period,
        case.last_period, case.principal, case.fine, case.stage, case.status, case.settled_on,
        case.collected, case.next_action_on,
    )  # fmt: skip


# --- the day figures are about, and the ageing buckets ----------------------------------------------


def reference_date(db: Database) -> date:
    """The day arrears are measured on: today, or the *as of* date of a demo database.

    A demo database describes the region on one day (30/04/2018); measured from today every one of
    its unpaid months would be years overdue.
    """
    with db.read() as session:
        value = session.scalar(select(Setting.value).where(Setting.key == "demo"))
    today = today_wib()
    if value is None:
        return today
    try:
        as_of = date.fromisoformat(str(json.loads(value).get("as_of", "")))
    except (ValueError, TypeError, AttributeError):
        return today
    return min(as_of, today)


def ageing_buckets(db: Database) -> tuple[AgeingBucket, ...]:
    """The office's ageing buckets (setting ``arrears_buckets``), else domain.md §6.1's defaults."""
    with db.read() as session:
        return buckets_in(session)


def buckets_in(session: Session) -> tuple[AgeingBucket, ...]:
    """:func:`ageing_buckets`, read in the caller's session."""
    value = session.scalar(select(Setting.value).where(Setting.key == BUCKETS_KEY))
    if value is None:
        return DEFAULT_BUCKETS
    return buckets_from_json(value)


def set_ageing_buckets(
    db: Database, actor: Actor, buckets: Sequence[AgeingBucket]
) -> tuple[AgeingBucket, ...]:
    """Store the office's ageing buckets after checking them (no gap, no overlap, open end)."""
    require(actor, "arrears.settings")
    text = buckets_to_json(buckets)
    stored = buckets_from_json(text)  # the same checks a later read makes
    with db.write() as session:
        setting = session.get(Setting, BUCKETS_KEY)
        before = None if setting is None else setting.value
        if setting is None:
            session.add(Setting(key=BUCKETS_KEY, value=text))
        else:
            setting.value = text
        audit.record(
            session, actor, "arrears.buckets", "setting", BUCKETS_KEY,
            {"before": before, "after": text},
        )  # fmt: skip
    return stored


def bucket_label(name: str | None) -> str:
    """A bucket's name as shown (the default names are translated; an office's own are kept)."""
    return "" if name is None else _(name)


def bucket_by_name(buckets: Sequence[AgeingBucket], name: str) -> AgeingBucket:
    """The bucket called *name* (as stored or as shown, any case)."""
    wanted = name.strip().casefold()
    for bucket in buckets:
        if wanted in (bucket.name.casefold(), _(bucket.name).casefold()):
            return bucket
    raise ValidationError.single(
        "bucket",
        _("Kelompok umur piutang {name!r} tidak ada; pilih dari: {names}").format(
            name=name, names=", ".join(_(b.name) for b in buckets)
        ),
    )


# --- opening a case ---------------------------------------------------------------------------------


def _officer_id(session: Session, username: str) -> int:
    user = session.scalar(select(User).where(User.username == username.strip().lower()))
    if user is None:
        raise ValidationError.single(
            "officer", _("Pengguna {username} tidak ada").format(username=username)
        )
    return user.id


@scope.guarded
def open_case(
    db: Database,
    actor: Actor,
    npp: str,
    *,
    target_year: int,
    opened_on: date | None = None,
    officer_username: str | None = None,
) -> CaseRow:
    """Put an employer with overdue contributions on the target list of *target_year*."""
    require(actor, "arrears.open")
    opened_on = opened_on or today_wib()
    if opened_on > today_wib():
        raise ValidationError.single("opened_on", _("Tanggal tidak boleh sesudah hari ini"))
    with db.write() as session:
        employer = employer_in_scope(session, npp, actor)
        if (
            session.scalar(
                select(ArrearsCase.id).where(
                    ArrearsCase.employer_id == employer.id, ArrearsCase.target_year == target_year
                )
            )
            is not None
        ):
            raise ConflictError(
                _("{name} sudah ada di daftar target piutang {year}").format(
                    name=employer.name, year=target_year
                )
            )
        overdue = session.scalars(
            select(ContributionBill)
            .where(
                ContributionBill.employer_id == employer.id,
                ContributionBill.paid < ContributionBill.amount,
                ContributionBill.due_date < opened_on,
            )
            .order_by(ContributionBill.period)
        ).all()
        if not overdue:
            raise ValidationError.single(
                "npp",
                _("{name} tidak mempunyai iuran yang lewat jatuh tempo").format(name=employer.name),
            )
        officer_id = _officer_id(session, officer_username) if officer_username else None
        principal = sum(b.amount - b.paid for b in overdue)
        fine = sum(
            late_fine(b.amount - b.paid, Period.parse(b.period), b.due_date, opened_on)
            for b in overdue
        )
        case = ArrearsCase(
            employer_id=employer.id,
            office_id=employer.office_id,
            officer_id=officer_id or actor.user_id,
            target_year=target_year,
            opened_on=opened_on,
            first_period=overdue[0].period,
            last_period=overdue[-1].period,
            principal=principal,
            fine=fine,
            status=CaseStatus.TERBUKA,
            collected=0,
            next_action_on=opened_on,
        )
        session.add(case)
        session.flush()
        audit.record(
            session, actor, "arrears.open", "arrears_case", case.id,
            {"npp": employer.npp, "year": target_year, "principal": principal, "fine": fine},
        )  # fmt: skip
        return _row(case, employer)


@scope.guarded
def assign_case(db: Database, actor: Actor, case_id: int, officer_username: str) -> CaseRow:
    """Give a case to another officer (an account representative, an inspector, the head)."""
    require(actor, "arrears.assign")
    with db.write() as session:
        case = _open_case_for_write(session, case_id, actor)
        user = session.scalar(select(User).where(User.username == officer_username.strip().lower()))
        if user is None or not user.active:
            raise ValidationError.single(
                "officer", _("Pengguna {username} tidak ada").format(username=officer_username)
            )
        if user.role not in OFFICER_ROLES:
            raise ValidationError.single(
                "officer",
                _("{username} bukan petugas piutang (AR, pemeriksa atau kepala kantor)").format(
                    username=user.username
                ),
            )
        before = case.officer_id
        case.officer_id = user.id
        audit.record(
            session, actor, "arrears.assign", "arrears_case", case.id,
            {"from": before, "to": user.id, "username": user.username},
        )  # fmt: skip
        employer = session.get(Employer, case.employer_id)
        assert employer is not None
        return _row(case, employer)


# --- follow-ups ---------------------------------------------------------------------------------------


def _case_in_scope(session: Session, case_id: int, actor: Actor | None) -> ArrearsCase:
    """The case, if it is one of *actor*'s offices' (else "not found", audited)."""
    missing = _("Kasus piutang {id} tidak ada").format(id=case_id)
    case = session.get(ArrearsCase, case_id)
    return scope.found_in_scope(session, actor, case, "arrears_case", case_id, missing)


def _open_case_for_write(session: Session, case_id: int, actor: Actor) -> ArrearsCase:
    case = _case_in_scope(session, case_id, actor)
    if case.status not in OPEN_STATUSES:
        raise ConflictError(
            _("Kasus piutang ini sudah ditutup ({status})").format(status=status_label(case.status))
        )
    return case


def _history(session: Session, case_id: int) -> list[tuple[str, date]]:
    return [
        (FollowUpKind(kind).value, day)
        for kind, day in session.execute(
            select(FollowUp.kind, FollowUp.done_on)
            .where(FollowUp.case_id == case_id)
            .order_by(FollowUp.done_on, FollowUp.id)
        )
    ]


def _promise(session: Session, case: ArrearsCase, on: date) -> PromiseState:
    """The newest promise or instalment agreement of *case*, as it stands on *on*.

    A promise recorded without an instalment schedule (older data) counts as one instalment of its
    promised amount on its promised date, paid as far as the case has collected.
    """
    promise = session.scalars(
        select(FollowUp)
        .where(FollowUp.case_id == case.id, FollowUp.kind.in_(PROMISE_KINDS))
        .order_by(FollowUp.done_on.desc(), FollowUp.id.desc())
        .limit(1)
    ).first()
    if promise is None:
        return PromiseState(on, ())
    rows = session.scalars(
        select(Instalment)
        .where(Instalment.follow_up_id == promise.id)
        .order_by(Instalment.sequence)
    ).all()
    if rows:
        states = tuple(InstalmentState(i.sequence, i.due_on, i.amount, i.paid) for i in rows)
    elif promise.promised_on is not None and promise.promised_amount:
        amount = promise.promised_amount
        states = (InstalmentState(1, promise.promised_on, amount, min(amount, case.collected)),)
    else:
        states = ()
    return PromiseState(on, states)


def _refuse(message: str, field: str) -> KnownError:
    if field == "done_on":
        return ValidationError.single("done_on", message)
    return ConflictError(message)


@scope.guarded
def record_follow_up(db: Database, actor: Actor, case_id: int, data: FollowUpInput) -> CaseRow:
    """Record a call, letter, visit, inspection, summons, SKK, hand-over or promise on a case.

    What may follow what is checked against the ladder's rules (``domain.arrears.check_step``);
    the document of a ladder step gets its number from the office's series for the year; a promise
    or an instalment agreement creates its schedule of instalments. One transaction, one audit
    event.
    """
    require(actor, "arrears.follow_up")
    step = LADDER_BY_KIND.get(data.kind.value)
    if step is not None and step.permission is not None:
        require(actor, step.permission)
    schedule = _checked_follow_up(data)
    with db.write() as session:
        case = _open_case_for_write(session, case_id, actor)
        _check_step_on_case(session, case, data)
        number = data.number.strip()
        if not number and step is not None and step.series is not None:
            office = session.get(Office, case.office_id)
            assert office is not None
            number = issue_number(session, office.code, step.series, data.done_on)
        next_due = _next_due_on(data, step, schedule)
        follow_up = FollowUp(
            case_id=case.id,
            kind=data.kind,
            done_on=data.done_on,
            officer_id=actor.user_id,
            number=number,
            outcome=data.outcome.strip(),
            next_due_on=next_due,
            promised_amount=data.promised_amount if schedule else None,
            promised_on=data.promised_on if schedule else None,
        )
        session.add(follow_up)
        session.flush()
        for planned in schedule:
            session.add(
                Instalment(
                    case_id=case.id,
                    follow_up_id=follow_up.id,
                    sequence=planned.sequence,
                    due_on=planned.due_on,
                    amount=planned.amount,
                    paid=0,
                )
            )
        _advance_case(case, data.kind, next_due)
        session.flush()
        audit.record(
            session, actor, "arrears.follow_up", "arrears_case", case.id,
            {"kind": data.kind, "done_on": data.done_on, "number": number,
             "follow_up": follow_up.id, "next_due_on": next_due,
             "instalments": [(p.sequence, p.due_on, p.amount) for p in schedule]},
        )  # fmt: skip
        employer = session.get(Employer, case.employer_id)
        assert employer is not None
        return _row(case, employer)


def _checked_follow_up(data: FollowUpInput) -> tuple[PlannedInstalment, ...]:
    """The follow-up's own fields checked, all errors at once; the schedule of a promise.

    A promise or instalment agreement yields its planned instalments; any other kind, ``()``.
    """
    errors: list[FieldError] = []
    if data.done_on > today_wib():
        errors.append(FieldError("done_on", _("Tanggal tindakan tidak boleh sesudah hari ini")))
    schedule: tuple[PlannedInstalment, ...] = ()
    if data.kind.value in PROMISE_KINDS:
        if data.promised_amount is None or data.promised_amount <= 0:
            errors.append(
                FieldError("promised_amount", _("Jumlah yang dijanjikan harus lebih dari Rp0"))
            )
        if data.promised_on is None or data.promised_on < data.done_on:
            errors.append(
                FieldError(
                    "promised_on", _("Tanggal janji bayar harus pada atau sesudah tanggal tindakan")
                )
            )
        if not errors:
            assert data.promised_amount is not None and data.promised_on is not None
            count = data.instalments if data.kind is FollowUpKind.CICILAN else 1
            try:
                schedule = instalment_schedule(
                    data.promised_amount, data.promised_on, count, data.interval_months
                )
            except ValidationError as exc:
                errors.extend(exc.errors)
    if data.next_due_on is not None and data.next_due_on < data.done_on:
        errors.append(
            FieldError(
                "next_due_on", _("Tindak lanjut berikutnya tidak boleh sebelum tanggal tindakan")
            )
        )
    if len(data.outcome.strip()) > 300:
        errors.append(FieldError("outcome", _("Hasil paling panjang 300 karakter")))
    if len(data.number.strip()) > 60:
        errors.append(FieldError("number", _("Nomor paling panjang 60 karakter")))
    if errors:
        raise ValidationError(errors)
    return schedule


def _check_step_on_case(session: Session, case: ArrearsCase, data: FollowUpInput) -> None:
    """Refuse a step dated before the case was opened, or one the ladder does not allow now."""
    if data.done_on < case.opened_on:
        raise ValidationError.single(
            "done_on",
            _("Tanggal tindakan sebelum kasus dibuka ({day})").format(
                day=format_date(case.opened_on)
            ),
        )
    promise = _promise(session, case, data.done_on)
    refusal = check_step(
        data.kind.value, _history(session, case.id), data.done_on, promise.running_until
    )
    if refusal is not None:
        raise _refuse(refusal.message, refusal.field)


def _next_due_on(
    data: FollowUpInput, step: LadderStep | None, schedule: tuple[PlannedInstalment, ...]
) -> date:
    """When the case is next due: as entered, else the first instalment, else the step's wait."""
    if data.next_due_on is not None:
        return data.next_due_on
    if schedule:
        return schedule[0].due_on
    if step is not None:
        return data.done_on + timedelta(days=step.next_days)
    return data.done_on + timedelta(days=CALL_NEXT_DAYS)


def _advance_case(case: ArrearsCase, kind: FollowUpKind, next_due: date) -> None:
    """Move the case's stage up the ladder, its status to a hand-over, its next action date."""
    if kind in LADDER and (case.stage is None or LADDER.index(kind) > _ladder_index(case.stage)):
        case.stage = kind
    # The status follows the furthest hand-over: an SKK after KPKNL does not bring it back.
    if kind is FollowUpKind.SKK and case.status is CaseStatus.TERBUKA:
        case.status = CaseStatus.KEJARI
    elif kind is FollowUpKind.KPKNL:
        case.status = CaseStatus.KPKNL
    case.next_action_on = next_due


def _ladder_index(kind: FollowUpKind) -> int:
    return LADDER.index(kind) if kind in LADDER else -1


# --- numbers ----------------------------------------------------------------------------------------


def issue_number(session: Session, office_code: str, series: str, day: date) -> str:
    """The next number of *series* for *office_code* in *day*'s year: ``B/00012/GRS/2018``.

    One counter per series, office and year, incremented in the caller's write transaction (two
    workstations never get the same number). A counter used for the first time starts after the
    highest number of its pattern already on record (letters entered before, or demo data).
    """
    name = f"letter:{series}:{office_code}:{day.year}"
    floor = 0
    if session.get(Counter, name) is None:
        suffix = f"/{office_code}/{day.year}"
        for (number,) in session.execute(
            select(FollowUp.number).where(FollowUp.number.like(f"{series}/%{suffix}"))
        ):
            middle = number[len(series) + 1 : len(number) - len(suffix)]
            if middle.isdigit():
                floor = max(floor, int(middle))
    return f"{series}/{next_value(session, name, floor=floor):05d}/{office_code}/{day.year}"


# --- one case, read -----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class TimelineEntry:
    """One dated line of a case's timeline: an action, a payment, or an instalment falling due."""

    day: date
    source: str  # "follow_up", "payment" or "instalment"
    title: str
    number: str
    officer: str
    detail: str
    next_due_on: date | None = None
    follow_up_id: int | None = None
    kind: FollowUpKind | None = None
    amount: int | None = None
    late: bool = False  # an instalment unpaid after its date

    @property
    def printable(self) -> bool:
        """A warning letter or an SKK: the app prints it."""
        return self.kind in (FollowUpKind.SURAT_1, FollowUpKind.SURAT_2, FollowUpKind.SKK)


@dataclass(frozen=True, slots=True)
class InstalmentRow:
    id: int
    follow_up_id: int | None
    sequence: int
    due_on: date
    amount: int
    paid: int
    settled_on: date | None
    active: bool  # of the newest promise (older schedules were replaced)

    def state(self, on: date) -> str:
        if self.paid >= self.amount:
            return (
                _("Lunas {day}").format(day=format_date(self.settled_on))
                if self.settled_on
                else _("Lunas")
            )
        if not self.active:
            return _("Diganti janji baru")
        if self.due_on < on:
            return _("Terlambat")
        return _("Belum jatuh tempo")


@dataclass(frozen=True, slots=True)
class ActionOption:
    """A follow-up the officer may (or may not yet) record, and why not."""

    kind: FollowUpKind
    label: str
    allowed: bool
    reason: str = ""


@dataclass(frozen=True, slots=True)
class CaseDetail:
    """A case as the case page shows it, on the day *on*."""

    case: CaseRow
    on: date
    office_code: str
    office_name: str
    officer_username: str | None
    officer_name: str | None
    employer_address: str
    employer_contact: str
    owed: DueCalculation  # every unpaid month of the employer, with fines on *on*
    case_outstanding: int  # what is still unpaid of the case's own months
    months_overdue: int
    bucket: str | None
    next_action: NextAction
    promise: PromiseState
    timeline: tuple[TimelineEntry, ...]
    instalments: tuple[InstalmentRow, ...]
    actions: tuple[ActionOption, ...]

    @property
    def is_open(self) -> bool:
        return self.case.status in OPEN_STATUSES


def _owed_bills(session: Session, employer_id: int) -> list[OwedBill]:
    return [
        OwedBill(Period.parse(b.period), b.due_date, billed_by_programme(b), b.amount, b.paid)
        for b in session.scalars(
            select(ContributionBill)
            .where(
                ContributionBill.employer_id == employer_id,
                ContributionBill.paid < ContributionBill.amount,
            )
            .order_by(ContributionBill.period)
        )
    ]


@scope.guarded
def case_detail(
    db: Database, case_id: int, on: date | None = None, actor: Actor | None = None
) -> CaseDetail:
    """Everything the case page shows; *on* is the day of the figures (default: the reference day).

    The actions are checked as of today (a new action is recorded today), and against *actor*'s
    role when one is given.
    """
    on = on or reference_date(db)
    buckets = ageing_buckets(db)
    today = today_wib()
    with db.read() as session:
        case = _case_in_scope(session, case_id, actor)
        employer = session.get(Employer, case.employer_id)
        office = session.get(Office, case.office_id)
        assert employer is not None and office is not None
        officer = session.get(User, case.officer_id) if case.officer_id else None
        owed = dues_on(_owed_bills(session, employer.id), on)
        case_outstanding = sum(
            m.principal_total
            for m in (*owed.months, *owed.not_yet_due)
            if case.first_period <= str(m.period) <= case.last_period
        )
        oldest = owed.oldest_due
        months = months_late(oldest, on) if oldest is not None else 0
        history = _history(session, case.id)
        promise = _promise(session, case, on)
        promise_today = _promise(session, case, today)
        names = {uid: name for uid, name in session.execute(select(User.id, User.full_name))}
        timeline = _timeline(session, case, employer, names, on)
        instalments = _instalments(session, case.id)
        actions = tuple(
            _action_option(kind, history, today, promise_today.running_until, actor)
            for kind in FollowUpKind
        )
        return CaseDetail(
            _row(case, employer),
            on,
            office.code,
            office.name,
            officer.username if officer else None,
            officer.full_name if officer else None,
            employer.address,
            " · ".join(
                x
                for x in (employer.contact_name, employer.contact_phone, employer.contact_email)
                if x
            ),
            owed,
            case_outstanding,
            months,
            ageing_bucket(months, buckets),
            next_action(history, promise),
            promise,
            timeline,
            instalments,
            actions if case.status in OPEN_STATUSES else (),
        )


def _action_option(
    kind: FollowUpKind,
    history: list[tuple[str, date]],
    on: date,
    promise_until: date | None,
    actor: Actor | None,
) -> ActionOption:
    label = kind_label(kind)
    step = LADDER_BY_KIND.get(kind.value)
    if actor is not None:
        needed = ["arrears.follow_up"] + ([step.permission] if step and step.permission else [])
        for action in needed:
            if actor.role is not Role.ADMIN and actor.role not in PERMISSIONS[action]:
                return ActionOption(kind, label, False, _("Peran Anda tidak berwenang"))
    refusal = check_step(kind.value, history, on, promise_until)
    if refusal is not None:
        return ActionOption(kind, label, False, refusal.message)
    return ActionOption(kind, label, True)


def _timeline(
    session: Session, case: ArrearsCase, employer: Employer, names: dict[int, str], on: date
) -> tuple[TimelineEntry, ...]:
    """The case's follow-ups, payments and instalments in one list, by day."""
    entries = [
        *_follow_up_entries(session, case, names),
        *_payment_entries(session, case, employer, names),
        *_instalment_entries(session, case, on),
    ]
    order = {"follow_up": 0, "payment": 1, "instalment": 2}
    return tuple(sorted(entries, key=lambda e: (e.day, order[e.source])))


def _follow_up_entries(
    session: Session, case: ArrearsCase, names: dict[int, str]
) -> list[TimelineEntry]:
    """One entry per follow-up; a promise says what was promised for when."""
    entries: list[TimelineEntry] = []
    for f in session.scalars(
        select(FollowUp).where(FollowUp.case_id == case.id).order_by(FollowUp.done_on, FollowUp.id)
    ):
        detail = f.outcome
        if f.promised_amount and f.promised_on:
            promised = _("janji {amount} pada {day}").format(
                amount=format_rupiah(f.promised_amount), day=format_date(f.promised_on)
            )
            detail = f"{promised}; {detail}" if detail else promised
        entries.append(
            TimelineEntry(
                f.done_on, "follow_up", kind_label(f.kind), f.number,
                names.get(f.officer_id, "") if f.officer_id else "", detail, f.next_due_on, f.id,
                f.kind, f.promised_amount,
            )
        )  # fmt: skip
    return entries


def _payment_entries(
    session: Session, case: ArrearsCase, employer: Employer, names: dict[int, str]
) -> list[TimelineEntry]:
    """One entry per payment since the case opened, with the months it paid and the case's share."""
    payments = session.execute(
        select(Payment, ContributionBill.period, PaymentAllocation.amount)
        .outerjoin(PaymentAllocation, PaymentAllocation.payment_id == Payment.id)
        .outerjoin(ContributionBill, ContributionBill.id == PaymentAllocation.bill_id)
        .where(Payment.employer_id == employer.id, Payment.paid_on >= case.opened_on)
        .order_by(Payment.paid_on, Payment.id)
    ).all()
    by_payment: dict[int, tuple[Payment, list[tuple[str, int]]]] = {}
    for payment, period, amount in payments:
        entry = by_payment.setdefault(payment.id, (payment, []))
        if period is not None:
            entry[1].append((period, amount))
    entries: list[TimelineEntry] = []
    for payment, allocations in by_payment.values():
        entries.append(
            TimelineEntry(
                payment.paid_on, "payment",
                _("Pembayaran {amount}").format(amount=format_rupiah(payment.amount)),
                payment.reference, names.get(payment.recorded_by, "") if payment.recorded_by else "",
                _payment_detail(case, payment, allocations), amount=payment.amount,
            )
        )  # fmt: skip
    return entries


def _payment_detail(case: ArrearsCase, payment: Payment, allocations: list[tuple[str, int]]) -> str:
    """ "untuk BLTH 01-2024 s.d. 03-2024; Rp… untuk bulan kasus; lebih bayar Rp…"."""
    case_periods = (case.first_period, case.last_period)
    for_case = sum(a for p, a in allocations if case_periods[0] <= p <= case_periods[1])
    periods = sorted(p for p, _a in allocations)
    parts = []
    if periods:
        first, last = Period.parse(periods[0]).blth, Period.parse(periods[-1]).blth
        parts.append(
            _("untuk BLTH {first}").format(first=first)
            if first == last
            else _("untuk BLTH {first} s.d. {last}").format(first=first, last=last)
        )
    if for_case:
        parts.append(_("{amount} untuk bulan kasus").format(amount=format_rupiah(for_case)))
    if payment.unallocated:
        parts.append(_("lebih bayar {amount}").format(amount=format_rupiah(payment.unallocated)))
    return "; ".join(parts)


def _instalment_entries(session: Session, case: ArrearsCase, on: date) -> list[TimelineEntry]:
    """One entry per instalment on its due day, saying whether it was paid, replaced or broken."""
    active = _active_promise_id(session, case.id)
    entries: list[TimelineEntry] = []
    for i in session.scalars(
        select(Instalment).where(Instalment.case_id == case.id).order_by(Instalment.due_on)
    ):
        if i.paid >= i.amount:
            state = (
                _("dibayar lunas {day}").format(day=format_date(i.settled_on))
                if i.settled_on
                else _("dibayar lunas")
            )
        elif i.follow_up_id != active:
            state = _("diganti janji baru")
        elif i.due_on < on:
            state = _("belum dibayar: janji diingkari")
        else:
            state = _("belum jatuh tempo")
        if i.paid and i.paid < i.amount:
            state += " " + _("(dibayar {paid})").format(paid=format_rupiah(i.paid))
        entries.append(
            TimelineEntry(
                i.due_on, "instalment",
                _("Cicilan ke-{n} jatuh tempo: {amount}").format(n=i.sequence, amount=format_rupiah(i.amount)),
                "", "", state, amount=i.amount,
                late=i.follow_up_id == active and i.paid < i.amount and i.due_on < on,
            )
        )  # fmt: skip
    return entries


def _active_promise_id(session: Session, case_id: int) -> int | None:
    return session.scalar(
        select(FollowUp.id)
        .where(FollowUp.case_id == case_id, FollowUp.kind.in_(PROMISE_KINDS))
        .order_by(FollowUp.done_on.desc(), FollowUp.id.desc())
        .limit(1)
    )


def _instalments(session: Session, case_id: int) -> tuple[InstalmentRow, ...]:
    active = _active_promise_id(session, case_id)
    return tuple(
        InstalmentRow(
            i.id,
            i.follow_up_id,
            i.sequence,
            i.due_on,
            i.amount,
            i.paid,
            i.settled_on,
            i.follow_up_id == active,
        )
        for i in session.scalars(
            select(Instalment)
            .where(Instalment.case_id == case_id)
            .order_by(Instalment.follow_up_id, Instalment.sequence)
        )
    )


@scope.guarded
def calculate(
    db: Database, case_id: int, pay_on: date, *, actor: Actor | None = None
) -> DueCalculation:
    """The calculator: what the case's employer owes if it pays on *pay_on* (principal and fine
    per month and programme)."""
    with db.read() as session:
        case = _case_in_scope(session, case_id, actor)
        return dues_on(_owed_bills(session, case.employer_id), pay_on)


@scope.guarded
def employer_dues(
    db: Database, npp: str, pay_on: date, *, actor: Actor | None = None
) -> DueCalculation:
    """What an employer owes if it pays on *pay_on*, by month and programme, with fines."""
    with db.read() as session:
        employer = employer_in_scope(session, npp, actor)
        return dues_on(_owed_bills(session, employer.id), pay_on)


def case_of_employer(db: Database, npp: str, *, actor: Actor | None = None) -> int | None:
    """The id of the employer's open case (the newest target year), or None (also for a case
    of an office outside *actor*'s)."""
    with db.read() as session:
        offices = scope.offices_in_scope(session, actor)
        return session.scalar(
            select(ArrearsCase.id)
            .join(Employer, Employer.id == ArrearsCase.employer_id)
            .where(
                Employer.npp == validate_npp(npp),
                ArrearsCase.status.in_(OPEN_STATUSES),
                scope.in_scope(ArrearsCase.office_id, offices),
            )
            .order_by(ArrearsCase.target_year.desc())
            .limit(1)
        )


# --- officers -----------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class OfficerRow:
    user_id: int
    username: str
    full_name: str
    role: Role
    office_code: str | None


def officers(db: Database, office_code: str | None = None) -> list[OfficerRow]:
    """Active account representatives, inspectors and heads (of one office, or of all)."""
    with db.read() as session:
        query = (
            select(User.id, User.username, User.full_name, User.role, Office.code)
            .outerjoin(Office, Office.id == User.office_id)
            .where(User.active.is_(True), User.role.in_(OFFICER_ROLES))
            .order_by(Office.code, User.username)
        )
        if office_code:
            query = query.where(Office.code == office_code.strip().upper())
        return [OfficerRow(*row) for row in session.execute(query)]


def may_view_all(actor: Actor) -> bool:
    """The head of office (and the administrator) see every officer's cases."""
    return actor.role is Role.ADMIN or actor.role in PERMISSIONS["arrears.view_all"]


def require_view(actor: Actor) -> None:
    if actor.role is not Role.ADMIN and actor.role not in PERMISSIONS["arrears.view"]:
        raise PermissionDeniedError(_("Peran Anda tidak berwenang melihat daftar piutang"))


def may_record_payment(actor: Actor) -> bool:
    return actor.role is Role.ADMIN or actor.role in PERMISSIONS["payment.record"]
