"""Claims: log a claim for a member and move it through its states, with its history."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from bpjs_desktop.db.engine import Database
from bpjs_desktop.db.models import Claim, ClaimEvent, Membership, Office, Person
from bpjs_desktop.domain.claims import ClaimState, ClaimType, check_transition, claim_number
from bpjs_desktop.domain.identifiers import validate_kpj
from bpjs_desktop.domain.money import format_rupiah
from bpjs_desktop.domain.periods import Period, format_date, today_wib
from bpjs_desktop.domain.programmes import parse_programmes
from bpjs_desktop.errors import (
    ConflictError,
    FieldError,
    NotFoundError,
    PermissionDeniedError,
    ValidationError,
)
from bpjs_desktop.i18n import _
from bpjs_desktop.services import audit
from bpjs_desktop.services.context import Actor, require
from bpjs_desktop.services.counters import next_value


@dataclass(frozen=True, slots=True)
class ClaimRow:
    id: int
    claim_no: str
    kpj: str
    member_name: str
    office_code: str
    claim_type: ClaimType
    state: ClaimState
    event_date: date
    submitted_on: date
    decided_on: date | None
    paid_on: date | None
    amount: int | None
    reason: str
    rejection_reason: str | None


@dataclass(frozen=True, slots=True)
class ClaimEventRow:
    from_state: ClaimState | None
    to_state: ClaimState
    on_date: date
    username: str | None
    note: str


@dataclass(frozen=True, slots=True)
class ClaimInput:
    kpj: str
    claim_type: ClaimType
    event_date: date
    reason: str = ""
    submitted_on: date | None = None  # default: today
    bank_name: str = ""
    bank_account: str = ""


def _row(session: Session, claim: Claim) -> ClaimRow:
    membership = session.get(Membership, claim.membership_id)
    assert membership is not None
    person = session.get(Person, membership.person_id)
    office = session.get(Office, claim.office_id)
    assert person is not None and office is not None
    return ClaimRow(
        claim.id, claim.claim_no, membership.kpj, person.name, office.code, claim.claim_type, claim.state,
        claim.event_date, claim.submitted_on, claim.decided_on, claim.paid_on, claim.amount, claim.reason,
        claim.rejection_reason,
    )  # fmt: skip


def log_claim(db: Database, actor: Actor, data: ClaimInput) -> ClaimRow:
    """Log a claim (state DIAJUKAN) and number it per office and month.

    The member must hold the programme claimed; the event cannot lie in the future, nor before the
    membership began. Detailed eligibility per programme is checked before the decision.
    """
    require(actor, "claim.log")
    kpj = validate_kpj(data.kpj)
    submitted_on = data.submitted_on or today_wib()
    errors: list[FieldError] = []
    if data.event_date > submitted_on:
        errors.append(
            FieldError("event_date", _("Tanggal kejadian tidak boleh sesudah tanggal pengajuan"))
        )
    if submitted_on > today_wib():
        errors.append(
            FieldError("submitted_on", _("Tanggal pengajuan tidak boleh sesudah hari ini"))
        )
    account = data.bank_account.strip()
    if account and (not account.isdigit() or not 6 <= len(account) <= 20):
        errors.append(FieldError("bank_account", _("Nomor rekening 6–20 digit angka")))
    if errors:
        raise ValidationError(errors)
    with db.write() as session:
        membership = session.scalar(select(Membership).where(Membership.kpj == kpj))
        if membership is None:
            raise NotFoundError(_("Peserta dengan KPJ {kpj} tidak ada").format(kpj=kpj))
        programme = data.claim_type.programme
        if programme not in parse_programmes(membership.programmes):
            raise ValidationError.single(
                "claim_type",
                _("Peserta KPJ {kpj} tidak terdaftar pada program {programme}").format(
                    kpj=kpj, programme=programme.value
                ),
            )
        if data.event_date < membership.start_date:
            raise ValidationError.single(
                "event_date",
                _("Tanggal kejadian sebelum kepesertaan dimulai ({day})").format(
                    day=format_date(membership.start_date)
                ),
            )
        office_id = actor.office_id or membership.office_id
        office = session.get(Office, office_id)
        assert office is not None
        period = Period.of(submitted_on)
        sequence = next_value(session, f"claim:{office.code}:{period}")
        claim = Claim(
            claim_no=claim_number(office.code, period, sequence),
            membership_id=membership.id,
            office_id=office.id,
            claim_type=data.claim_type,
            programme=programme.value,
            state=ClaimState.DIAJUKAN,
            reason=data.reason.strip(),
            event_date=data.event_date,
            submitted_on=submitted_on,
            bank_name=data.bank_name.strip(),
            bank_account=data.bank_account.strip(),
            logged_by=actor.user_id,
        )
        session.add(claim)
        session.flush()
        session.add(
            ClaimEvent(
                claim_id=claim.id,
                from_state=None,
                to_state=ClaimState.DIAJUKAN,
                on_date=submitted_on,
                user_id=actor.user_id,
            )
        )
        audit.record(
            session, actor, "claim.log", "claim", claim.id,
            {"claim_no": claim.claim_no, "kpj": kpj, "type": data.claim_type},
        )  # fmt: skip
        return _row(session, claim)


def move_claim(
    db: Database,
    actor: Actor,
    claim_no: str,
    new_state: ClaimState,
    *,
    on_date: date | None = None,
    amount: int | None = None,
    note: str = "",
) -> ClaimRow:
    """Move a claim to *new_state*, recording who, when and why.

    Deciding (DITETAPKAN) needs an amount and a different person from the one who logged the
    claim; rejecting (DITOLAK) and returning (DIKEMBALIKAN) need a reason in *note*.
    """
    action = (
        "claim.decide" if new_state in (ClaimState.DITETAPKAN, ClaimState.DITOLAK) else "claim.move"
    )
    require(actor, action)
    on_date = on_date or today_wib()
    with db.write() as session:
        claim = session.scalar(select(Claim).where(Claim.claim_no == claim_no.strip()))
        if claim is None:
            raise NotFoundError(_("Klaim {no} tidak ada").format(no=claim_no))
        check_transition(claim.state, new_state)
        if amount is not None and new_state is not ClaimState.DITETAPKAN:
            raise ConflictError(
                _("Jumlah {amount} hanya diisi saat klaim ditetapkan").format(
                    amount=format_rupiah(amount)
                )
            )
        if on_date < claim.submitted_on:
            raise ValidationError.single(
                "on_date", _("Tanggal tidak boleh sebelum tanggal pengajuan klaim")
            )
        if on_date > today_wib():
            raise ValidationError.single("on_date", _("Tanggal tidak boleh sesudah hari ini"))
        if new_state is ClaimState.DITETAPKAN:
            # Separation of duties: the command line (no user id) counts as one person too.
            if claim.logged_by == actor.user_id:
                raise PermissionDeniedError(
                    _("Petugas yang mencatat klaim tidak boleh juga menetapkannya")
                )
            if amount is None or amount <= 0:
                raise ValidationError.single(
                    "amount", _("Jumlah manfaat yang ditetapkan harus lebih dari Rp0")
                )
            claim.amount = amount
            claim.decided_on = on_date
            claim.decided_by = actor.user_id
        elif new_state is ClaimState.DITOLAK:
            if not note.strip():
                raise ValidationError.single("note", _("Alasan penolakan wajib diisi"))
            claim.rejection_reason = note.strip()
            claim.decided_on = on_date
            claim.decided_by = actor.user_id
        elif new_state is ClaimState.DIKEMBALIKAN:
            if not note.strip():
                raise ValidationError.single(
                    "note", _("Sebutkan dokumen yang kurang atau tidak sah")
                )
        elif new_state is ClaimState.DIBAYAR:
            if claim.decided_on is not None and on_date < claim.decided_on:
                raise ValidationError.single(
                    "on_date", _("Tanggal bayar tidak boleh sebelum tanggal penetapan")
                )
            claim.paid_on = on_date
        old_state = claim.state
        claim.state = new_state
        session.add(
            ClaimEvent(
                claim_id=claim.id,
                from_state=old_state,
                to_state=new_state,
                on_date=on_date,
                user_id=actor.user_id,
                note=note.strip(),
            )
        )
        audit.record(
            session, actor, "claim.move", "claim", claim.id,
            {"claim_no": claim.claim_no, "from": old_state, "to": new_state, "amount": amount, "on": on_date},
        )  # fmt: skip
        return _row(session, claim)


def get_claim(db: Database, claim_no: str) -> tuple[ClaimRow, list[ClaimEventRow]]:
    """A claim and its history, oldest first."""
    from bpjs_desktop.db.models import User

    with db.read() as session:
        claim = session.scalar(select(Claim).where(Claim.claim_no == claim_no.strip()))
        if claim is None:
            raise NotFoundError(_("Klaim {no} tidak ada").format(no=claim_no))
        events = session.execute(
            select(ClaimEvent, User.username)
            .outerjoin(User, User.id == ClaimEvent.user_id)
            .where(ClaimEvent.claim_id == claim.id)
            .order_by(ClaimEvent.id)
        ).all()
        history = [
            ClaimEventRow(e.from_state, e.to_state, e.on_date, username, e.note)
            for e, username in events
        ]
        return _row(session, claim), history
