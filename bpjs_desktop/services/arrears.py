"""Arrears cases on a year's target list, and their follow-ups (domain.md §6)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from bpjs_desktop.db.engine import Database
from bpjs_desktop.db.models import (
    ArrearsCase,
    CaseStatus,
    ContributionBill,
    Employer,
    FollowUp,
    FollowUpKind,
    User,
)
from bpjs_desktop.domain.arrears import late_fine
from bpjs_desktop.domain.identifiers import validate_npp
from bpjs_desktop.domain.periods import Period, format_date, today_wib
from bpjs_desktop.errors import ConflictError, FieldError, NotFoundError, ValidationError
from bpjs_desktop.i18n import _
from bpjs_desktop.services import audit
from bpjs_desktop.services.context import Actor, require

# The escalation ladder, lowest step first (domain.md §6.2). Calls and promises do not move a case
# up the ladder; they are recorded on its timeline.
LADDER = (
    FollowUpKind.SURAT_1,
    FollowUpKind.SURAT_2,
    FollowUpKind.KUNJUNGAN,
    FollowUpKind.PEMERIKSAAN,
    FollowUpKind.PANGGILAN_BERSAMA,
    FollowUpKind.SKK,
    FollowUpKind.KPKNL,
)
OPEN_STATUSES = (CaseStatus.TERBUKA, CaseStatus.KEJARI, CaseStatus.KPKNL)


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
    kind: FollowUpKind
    done_on: date
    number: str = ""
    outcome: str = ""
    next_due_on: date | None = None
    promised_amount: int | None = None
    promised_on: date | None = None


def _row(case: ArrearsCase, employer: Employer) -> CaseRow:
    return CaseRow(
        case.id, employer.npp, employer.name, case.target_year, case.opened_on, case.first_period,
        case.last_period, case.principal, case.fine, case.stage, case.status, case.settled_on,
        case.collected, case.next_action_on,
    )  # fmt: skip


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
        employer = session.scalar(select(Employer).where(Employer.npp == validate_npp(npp)))
        if employer is None:
            raise NotFoundError(_("Pemberi kerja dengan NPP {npp} tidak ada").format(npp=npp))
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
        officer_id = None
        if officer_username:
            officer_id = session.scalar(
                select(User.id).where(User.username == officer_username.strip().lower())
            )
            if officer_id is None:
                raise ValidationError.single(
                    "officer", _("Pengguna {username} tidak ada").format(username=officer_username)
                )
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


def record_follow_up(db: Database, actor: Actor, case_id: int, data: FollowUpInput) -> CaseRow:
    """Record a call, letter, visit, summons, SKK, hand-over or promise on a case's timeline."""
    require(actor, "arrears.follow_up")
    errors: list[FieldError] = []
    if data.done_on > today_wib():
        errors.append(FieldError("done_on", _("Tanggal tindakan tidak boleh sesudah hari ini")))
    if (
        data.kind in (FollowUpKind.SURAT_1, FollowUpKind.SURAT_2, FollowUpKind.SKK)
        and not data.number.strip()
    ):
        errors.append(FieldError("number", _("Nomor surat wajib diisi")))
    if data.kind in (FollowUpKind.JANJI_BAYAR, FollowUpKind.CICILAN):
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
    if data.next_due_on is not None and data.next_due_on < data.done_on:
        errors.append(
            FieldError(
                "next_due_on", _("Tindak lanjut berikutnya tidak boleh sebelum tanggal tindakan")
            )
        )
    if errors:
        raise ValidationError(errors)
    with db.write() as session:
        case = session.get(ArrearsCase, case_id)
        if case is None:
            raise NotFoundError(_("Kasus piutang {id} tidak ada").format(id=case_id))
        if case.status not in OPEN_STATUSES:
            raise ConflictError(
                _("Kasus piutang ini sudah ditutup ({status})").format(status=case.status.value)
            )
        if data.done_on < case.opened_on:
            raise ValidationError.single(
                "done_on",
                _("Tanggal tindakan sebelum kasus dibuka ({day})").format(
                    day=format_date(case.opened_on)
                ),
            )
        follow_up = FollowUp(
            case_id=case.id,
            kind=data.kind,
            done_on=data.done_on,
            officer_id=actor.user_id,
            number=data.number.strip(),
            outcome=data.outcome.strip(),
            next_due_on=data.next_due_on,
            promised_amount=data.promised_amount,
            promised_on=data.promised_on,
        )
        session.add(follow_up)
        if data.kind in LADDER and (
            case.stage is None or LADDER.index(data.kind) > _ladder_index(case.stage)
        ):
            case.stage = data.kind
        # The status follows the furthest hand-over: an SKK after KPKNL does not bring it back.
        if data.kind is FollowUpKind.SKK and case.status is CaseStatus.TERBUKA:
            case.status = CaseStatus.KEJARI
        elif data.kind is FollowUpKind.KPKNL:
            case.status = CaseStatus.KPKNL
        case.next_action_on = data.next_due_on or data.promised_on
        session.flush()
        audit.record(
            session, actor, "arrears.follow_up", "arrears_case", case.id,
            {"kind": data.kind, "done_on": data.done_on, "number": data.number},
        )  # fmt: skip
        employer = session.get(Employer, case.employer_id)
        assert employer is not None
        return _row(case, employer)


def _ladder_index(kind: FollowUpKind) -> int:
    return LADDER.index(kind) if kind in LADDER else -1
