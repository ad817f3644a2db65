"""The data of the arrears paper: warning letters I and II, and the SKK hand-over list.

A warning letter is printed from its follow-up (its number and date were fixed when it was
recorded); the months and amounts are those owed *on the letter's date*, rebuilt from the payments
made by then, so a reprint says what the original said. The hand-over list is a new document each
time: it gets its own number from the office's letter series.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from bpjs_desktop.db.engine import Database
from bpjs_desktop.db.models import (
    ArrearsCase,
    AuditEvent,
    CaseStatus,
    ContributionBill,
    Employer,
    FollowUp,
    FollowUpKind,
    Office,
    OfficeKind,
    Payment,
    PaymentAllocation,
    Role,
    User,
)
from bpjs_desktop.domain.arrears import OwedBill, dues_on
from bpjs_desktop.domain.periods import Period
from bpjs_desktop.errors import NotFoundError, ValidationError
from bpjs_desktop.exchange.arrears_letters import (
    HandoverLine,
    HandoverList,
    LetterLine,
    WarningLetter,
    handover_list_html,
    warning_letter_html,
)
from bpjs_desktop.i18n import _, official, using
from bpjs_desktop.services import audit, scope
from bpjs_desktop.services.arrears import issue_number, reference_date
from bpjs_desktop.services.context import Actor, require
from bpjs_desktop.services.contributions import billed_by_programme
from bpjs_desktop.services.office_settings import office_letterhead

LETTER_KINDS = (FollowUpKind.SURAT_1, FollowUpKind.SURAT_2)


def _city(office: Office) -> str:
    return office.city or office.name.removeprefix("KCP ").removeprefix("KC ")


def _head_of(session: Session, office_id: int) -> str:
    """The name of the office's head (the first active KEPALA), or "" to sign by hand."""
    name = session.scalar(
        select(User.full_name)
        .where(User.office_id == office_id, User.role == Role.KEPALA, User.active.is_(True))
        .order_by(User.id)
        .limit(1)
    )
    return name or ""


def _owed_on(session: Session, employer_id: int, day: date) -> list[OwedBill]:
    """The employer's bills as they stood on *day*: paid only by payments made by then."""
    paid: dict[int, int] = defaultdict(int)
    for bill_id, amount in session.execute(
        select(PaymentAllocation.bill_id, PaymentAllocation.amount)
        .join(Payment, Payment.id == PaymentAllocation.payment_id)
        .join(ContributionBill, ContributionBill.id == PaymentAllocation.bill_id)
        .where(ContributionBill.employer_id == employer_id, Payment.paid_on <= day)
    ):
        paid[bill_id] += amount
    return [
        OwedBill(
            Period.parse(b.period),
            b.due_date,
            billed_by_programme(b),
            b.amount,
            min(b.amount, paid[b.id]),
        )
        for b in session.scalars(
            select(ContributionBill)
            .where(ContributionBill.employer_id == employer_id, ContributionBill.due_date < day)
            .order_by(ContributionBill.period)
        )
    ]


@scope.guarded
def warning_letter(db: Database, follow_up_id: int, *, actor: Actor | None = None) -> WarningLetter:
    """The letter of a recorded first or second warning (surat peringatan)."""
    scope.check(db, actor, "follow_up", follow_up_id)
    with db.read() as session:
        follow_up = session.get(FollowUp, follow_up_id)
        if follow_up is None:
            raise NotFoundError(_("Tindak lanjut {id} tidak ada").format(id=follow_up_id))
        if follow_up.kind not in LETTER_KINDS:
            raise ValidationError.single(
                "kind", _("Hanya surat peringatan I dan II yang dicetak sebagai surat")
            )
        case = session.get(ArrearsCase, follow_up.case_id)
        assert case is not None
        employer = session.get(Employer, case.employer_id)
        office = session.get(Office, case.office_id)
        assert employer is not None and office is not None
        owed = dues_on(_owed_on(session, employer.id, follow_up.done_on), follow_up.done_on)
        lines = tuple(
            LetterLine(
                m.period.blth,
                m.principal[0],
                m.principal[1],
                m.principal[2],
                m.principal[3],
                m.fine_total,
            )
            for m in owed.months
        )
        officer = session.get(User, follow_up.officer_id) if follow_up.officer_id else None
        first = None
        if follow_up.kind is FollowUpKind.SURAT_2:
            earlier = session.execute(
                select(FollowUp.number, FollowUp.done_on)
                .where(FollowUp.case_id == case.id, FollowUp.kind == FollowUpKind.SURAT_1)
                .order_by(FollowUp.done_on)
                .limit(1)
            ).first()
            if earlier is not None:
                first = (str(earlier[0]), earlier[1])
        return WarningLetter(
            office_letterhead(session, office),
            _city(office),
            1 if follow_up.kind is FollowUpKind.SURAT_1 else 2,
            follow_up.number,
            follow_up.done_on,
            follow_up.next_due_on or follow_up.done_on,
            employer.npp,
            employer.name,
            employer.address,
            lines,
            officer.full_name if officer else "",
            office.phone,
            _head_of(session, office.id),
            first,
        )


@scope.guarded
def warning_letter_document(db: Database, follow_up_id: int, *, actor: Actor | None = None) -> str:
    """The letter as HTML, for ``ui.printing``."""
    scope.check(db, actor, "follow_up", follow_up_id)
    with using(official()) as paper_language:  # an official letter: Indonesian, explicitly
        return warning_letter_html(warning_letter(db, follow_up_id), translator=paper_language)


def _handover_lines(session: Session, skks: Sequence[Any], on: date) -> list[HandoverLine]:
    """A line per employer with an SKK that still owes on *on*: its months, principal and fine."""
    lines = []
    for _case, employer, number, skk_day in skks:
        owed = dues_on(_owed_on(session, employer.id, on), on)
        if not owed.months:
            continue
        first, last = owed.months[0].period.blth, owed.months[-1].period.blth
        lines.append(
            HandoverLine(
                employer.npp,
                employer.name,
                employer.address,
                first if first == last else f"{first} s.d. {last}",
                owed.principal_total,
                owed.fine_total,
                number,
                skk_day,
            )
        )
    return lines


@scope.guarded
def skk_handover(
    db: Database,
    actor: Actor,
    office_code: str,
    on: date | None = None,
    since: date | None = None,
) -> HandoverList:
    """The list of the office's cases at the prosecutor's office (SKK given), numbered.

    Each employer's unpaid months past due on *on* (default: the reference day), with their fine;
    *since* keeps only the SKKs given from that day. Issuing the list's number is a write: one
    transaction, one audit event.
    """
    require(actor, "arrears.skk")
    scope.check(db, actor, "office", office_code)
    on = on or reference_date(db)
    with db.write() as session:
        office = session.scalar(select(Office).where(Office.code == office_code.strip().upper()))
        if office is None or office.kind is OfficeKind.KANWIL:
            raise ValidationError.single(
                "office",
                _("Daftar SKK dibuat per kantor cabang; kode {code} bukan kantor cabang").format(
                    code=office_code
                ),
            )
        offices = [office.id] + list(
            session.scalars(select(Office.id).where(Office.parent_id == office.id))
        )
        skks = session.execute(
            select(ArrearsCase, Employer, FollowUp.number, FollowUp.done_on)
            .join(Employer, Employer.id == ArrearsCase.employer_id)
            .join(FollowUp, FollowUp.case_id == ArrearsCase.id)
            .where(
                ArrearsCase.office_id.in_(offices),
                ArrearsCase.status == CaseStatus.KEJARI,
                FollowUp.kind == FollowUpKind.SKK,
                FollowUp.done_on <= on,
                *([FollowUp.done_on >= since] if since else []),
            )
            .order_by(FollowUp.done_on, Employer.name)
        ).all()
        lines = _handover_lines(session, skks, on)
        if not lines:
            raise ValidationError.single(
                "office",
                _("Tidak ada kasus dengan SKK di Kejaksaan untuk {office}").format(
                    office=office.name
                ),
            )
        skk_numbers = sorted(line.skk_number or "" for line in lines)
        earlier = _issued_list(session, office.code, on, skk_numbers)
        list_number = earlier or issue_number(session, office.code, "B", on)
        audit.record(
            session, actor, "arrears.skk_list", "office", office.code,
            {"number": list_number, "day": on, "cases": len(lines),
             "total": sum(line.total for line in lines), "skk": skk_numbers,
             "reprint": earlier is not None},
        )  # fmt: skip
        return HandoverList(
            office_letterhead(session, office),
            _city(office),
            list_number,
            on,
            f"Kejaksaan Negeri {_city(office)}",
            tuple(lines),
            _head_of(session, office.id),
        )


def _issued_list(session: Session, office_code: str, on: date, skk: list[str]) -> str | None:
    """The number already given to the same list: the office's list of *on* with the same SKKs.

    Printing that list again (a second copy, a paper jam) is a reprint of one letter, not a new
    one; a list of another day, or with an SKK more or less, is a new letter with a new number.
    """
    details = session.scalars(
        select(AuditEvent.detail)
        .where(AuditEvent.action == "arrears.skk_list", AuditEvent.entity_id == office_code)
        .order_by(AuditEvent.id.desc())
    )
    for text in details:
        detail = json.loads(text)
        if detail.get("day") == on.isoformat() and detail.get("skk") == skk:
            return str(detail["number"])
    return None


def skk_handover_document(handover: HandoverList) -> str:
    return handover_list_html(handover, translator=official())
