"""Claims: log a claim for a member, check its documents, decide, pay; its history and worklist.

Every rule is in ``domain/``: eligibility, documents and amounts in
:mod:`bpjs_desktop.domain.claim_rules`, the service-level clock in
:mod:`bpjs_desktop.domain.service_level`. This module gathers the facts from the database, runs the
rules inside one write transaction, and records each change with one audit event.
"""

from __future__ import annotations

import hashlib
import json
import mimetypes
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import Any

from sqlalchemy import and_, exists, func, literal_column, not_, or_, select
from sqlalchemy.orm import Session, load_only

from bpjs_desktop.db.engine import Database
from bpjs_desktop.db.models import (
    Attachment,
    Claim,
    ClaimDocument,
    ClaimEvent,
    Employer,
    EndReason,
    Membership,
    Office,
    OfficeKind,
    Person,
    Role,
    User,
)
from bpjs_desktop.domain import inputs
from bpjs_desktop.domain.benefits import BenefitAmount
from bpjs_desktop.domain.claim_details import (
    ClaimDetail,
    JhtDetail,
    JhtGround,
    JkkDetail,
    JkkOutcome,
    JkmDetail,
    JpDetail,
    JpGround,
    check_detail_type,
    default_detail,
    detail_from_json,
    detail_to_json,
)
from bpjs_desktop.domain.claim_documents import document_label
from bpjs_desktop.domain.claim_rules import (
    ClaimRequest,
    Eligibility,
    MemberFacts,
    PriorClaim,
    benefit_for,
    check_eligibility,
    checklist_for,
)
from bpjs_desktop.domain.claims import (
    TRANSITIONS,
    ClaimState,
    ClaimType,
    check_transition,
    claim_number,
)
from bpjs_desktop.domain.identifiers import clean_digits
from bpjs_desktop.domain.money import format_rupiah
from bpjs_desktop.domain.periods import Period, format_date, today_wib
from bpjs_desktop.domain.programmes import Programme, Segment, parse_programmes
from bpjs_desktop.domain.service_level import (
    SLA_DAYS,
    ClockReading,
    FastCalendar,
    SlaColour,
    colour_cutoffs,
    read_clock,
    resume_anchor,
    sla_days,
)
from bpjs_desktop.errors import (
    ConflictError,
    FieldError,
    NotFoundError,
    PermissionDeniedError,
    ValidationError,
)
from bpjs_desktop.exchange import claim_papers
from bpjs_desktop.i18n import Translator, _, official, using
from bpjs_desktop.services import audit, benefit_schedule, jht_account, keyset, scope, wage_history
from bpjs_desktop.services import heirs as heir_records
from bpjs_desktop.services.context import Actor, require
from bpjs_desktop.services.counters import next_value
from bpjs_desktop.services.membership_common import membership_of_kpj
from bpjs_desktop.services.office_settings import office_letterhead, paper_footer
from bpjs_desktop.services.reports import sla_overrides
from bpjs_desktop.services.work_calendar import fast_calendar, reference_date

MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024  # 10 MB: a scanned document, not a video
ATTACHMENT_TYPES = frozenset(
    {"application/pdf", "image/jpeg", "image/png", "image/tiff", "image/gif", "image/webp"}
)
OPEN_STATES = (
    ClaimState.DRAFT,
    ClaimState.DIAJUKAN,
    ClaimState.VERIFIKASI,
    ClaimState.DIKEMBALIKAN,
    ClaimState.DITETAPKAN,
)
RUNNING_STATES = (ClaimState.DIAJUKAN, ClaimState.VERIFIKASI, ClaimState.DITETAPKAN)
PAUSED_STATES = (ClaimState.DRAFT, ClaimState.DIKEMBALIKAN)
FINAL_STATES = (ClaimState.DIBAYAR, ClaimState.DITOLAK)


def event_label(claim_type: ClaimType) -> str:
    """The label of the claim's event date (:attr:`ClaimType.event_label`)."""
    return claim_type.event_label


# --- rows handed to the UI ------------------------------------------------------------------------


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
    detail: ClaimDetail | None = (
        None  # None: the type's defaults (a JHT ground from the membership)
    )
    nik: str = ""  # find the member by NIK when no KPJ is given
    received: tuple[str, ...] = ()  # codes of the documents handed in with the claim


@dataclass(frozen=True, slots=True)
class AttachmentRow:
    id: int
    document_code: str | None
    file_name: str
    mime: str
    size: int
    sha256: str
    added_at: datetime
    added_by: str | None


@dataclass(frozen=True, slots=True)
class DocumentRow:
    code: str
    label: str
    received_on: date | None
    note: str
    attachments: int  # how many scans are attached to it


@dataclass(frozen=True, slots=True)
class ClaimView:
    """Everything the claim's page shows."""

    row: ClaimRow
    nik: str
    segment: Segment
    employer_name: str | None
    wage: int | None
    membership_start: date
    membership_end: date | None
    detail: ClaimDetail
    bank_name: str
    bank_account: str
    logged_by: str | None
    decided_by: str | None
    documents: tuple[DocumentRow, ...]
    attachments: tuple[AttachmentRow, ...]
    history: tuple[ClaimEventRow, ...]
    clock: ClockReading
    amount_basis: str | None  # stored with the decision
    rule_amount: BenefitAmount | None  # what the rule gives now (None if it cannot be computed)
    rule_error: str | None
    docs_complete_on: date | None
    logged_by_id: int | None
    # The heirs on record for a death claim (JKM, JKK death, JP survivors): what the branch has
    # checked; ``detail.heirs`` stays what was declared when the claim was logged.
    heirs: tuple[heir_records.HeirRow, ...] = ()

    @property
    def missing(self) -> tuple[DocumentRow, ...]:
        return tuple(d for d in self.documents if d.received_on is None)

    @property
    def next_states(self) -> tuple[ClaimState, ...]:
        return tuple(s for s in ClaimState if s in TRANSITIONS[self.row.state])


# --- gathering the facts ----------------------------------------------------------------------------


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


def _member_facts(
    session: Session,
    membership: Membership,
    on: date,
    exclude_claim: str | None = None,
    event: date | None = None,
) -> MemberFacts:
    """The claimant as the rules see them, on *on* (every KPJ of the person counts).

    The wage is the one in force in the month of *event* (the accident, the dismissal), not
    today's (issue #10); without an event, today's.
    """
    person = session.get(Person, membership.person_id)
    assert person is not None
    memberships = jht_account.memberships_of(session, person.id)
    months, _jht, jht_since = jht_account.contribution_months(session, memberships, on)
    wage = membership.wage if membership.wage is not None else membership.declared_income
    if event is not None and wage is not None:
        wage = wage_history.schedules(session, [membership])[membership.id].at(Period.of(event))
    prior_rows = session.execute(
        select(Claim.claim_no, Membership.kpj, Claim.claim_type, Claim.state, Claim.event_date)
        .join(Membership, Membership.id == Claim.membership_id)
        .where(Membership.person_id == person.id)
    ).all()
    prior = tuple(
        PriorClaim(no, kpj, kind, state, event)
        for no, kpj, kind, state, event in prior_rows
        if exclude_claim is None or no != exclude_claim
    )
    return MemberFacts(
        kpj=membership.kpj,
        segment=membership.segment,
        programmes=parse_programmes(membership.programmes),
        birth_date=person.birth_date,
        start_date=membership.start_date,
        end_date=membership.end_date,
        end_reason=membership.end_reason.value if membership.end_reason else None,
        wage=wage,
        jht_since=jht_since,
        months={p: tuple(v) for p, v in months.items()},
        prior_claims=prior,
        jht_withdrawals=jht_account.withdrawals_of(session, person.id, exclude_claim),
    )


_GROUND_OF_END = {
    EndReason.MENGUNDURKAN_DIRI: JhtGround.MENGUNDURKAN_DIRI,
    EndReason.PHK: JhtGround.PHK,
    EndReason.KONTRAK_BERAKHIR: JhtGround.KONTRAK_BERAKHIR,
    EndReason.BERHENTI_MEMBAYAR: JhtGround.BERHENTI_BPU,
    EndReason.MENINGGAL: JhtGround.MENINGGAL,
    EndReason.PENSIUN: JhtGround.USIA_PENSIUN,
}


def ground_for(end_reason: EndReason | None) -> JhtGround | None:
    """The JHT ground that matches how a membership ended (for the form's first choice)."""
    return _GROUND_OF_END.get(end_reason) if end_reason is not None else None


def _default_detail(claim_type: ClaimType, membership: Membership) -> ClaimDetail:
    """The facts of a claim logged without them: the JHT or JP ground follows the membership's end."""
    if claim_type is ClaimType.JHT_PENUH and membership.end_reason is not None:
        return JhtDetail(_GROUND_OF_END.get(membership.end_reason, JhtGround.MENGUNDURKAN_DIRI))
    if (
        claim_type in (ClaimType.JP_BERKALA, ClaimType.JP_SEKALIGUS)
        and membership.end_reason is EndReason.MENINGGAL
    ):
        return JpDetail(JpGround.MENINGGAL)
    return default_detail(claim_type)


def _stored_detail(claim: Claim, membership: Membership) -> ClaimDetail:
    data = json.loads(claim.detail or "{}")
    if not data:
        return _default_detail(claim.claim_type, membership)
    return detail_from_json(claim.claim_type, data)


def _find_membership(session: Session, kpj: str, nik: str) -> Membership:
    """The membership by KPJ, or the current (else latest) one of a NIK, in any office.

    Not limited to the asker's offices (services/scope.py): a member may hand in a claim at any
    branch, with the card or the KTP in hand; the claim then belongs to the branch that takes it
    in (:func:`log_claim`). Searching and listing members stays within the branch.
    """
    if kpj.strip():
        return membership_of_kpj(session, kpj)
    digits = clean_digits(nik, separators=" .-")
    if len(digits) != 16:
        raise ValidationError.single("kpj", _("Isi KPJ (11 digit) atau NIK (16 digit) peserta"))
    membership = session.scalar(
        select(Membership)
        .join(Person, Person.id == Membership.person_id)
        .where(Person.nik == digits)
        .order_by(Membership.end_date.is_not(None), Membership.start_date.desc())
        .limit(1)
    )
    if membership is None:
        raise NotFoundError(_("Tidak ada peserta dengan NIK {nik}").format(nik=digits))
    return membership


def _request(claim: Claim, membership: Membership) -> ClaimRequest:
    return ClaimRequest(
        claim.claim_type, claim.event_date, claim.submitted_on, _stored_detail(claim, membership)
    )


def checklist_of(session: Session, claim: Claim) -> tuple[str, ...]:
    """The documents *claim* needs, from its stored facts (as when it was logged)."""
    membership = _membership(session, claim)
    facts = _member_facts(
        session, membership, claim.submitted_on, claim.claim_no, event=claim.event_date
    )
    return checklist_for(_request(claim, membership), facts)


def eligibility_of(session: Session, claim: Claim) -> Eligibility:
    """The rules' answer to *claim* as stored, on the day it was lodged (a rejection re-checked)."""
    membership = _membership(session, claim)
    facts = _member_facts(
        session, membership, claim.submitted_on, claim.claim_no, event=claim.event_date
    )
    return check_eligibility(_request(claim, membership), facts)


def _claim(session: Session, claim_no: str, actor: Actor | None = None) -> Claim:
    """The claim numbered *claim_no*; another branch's claim is "not found" for *actor*."""
    claim = session.scalar(select(Claim).where(Claim.claim_no == claim_no.strip()))
    missing = _("Klaim {no} tidak ada").format(no=claim_no)
    return scope.found_in_scope(session, actor, claim, "claim", claim_no.strip(), missing)


def _require_claim_in_scope(db: Database, actor: Actor, claim_no: str) -> None:
    """The scope check at the start of a write on a claim (a short read of its own)."""
    with db.read() as session:
        _claim(session, claim_no, actor)


def _membership(session: Session, claim: Claim) -> Membership:
    membership = session.get(Membership, claim.membership_id)
    assert membership is not None
    return membership


def _missing(session: Session, claim_id: int) -> list[str]:
    return list(
        session.scalars(
            select(ClaimDocument.code)
            .where(ClaimDocument.claim_id == claim_id, ClaimDocument.received_on.is_(None))
            .order_by(ClaimDocument.id)
        )
    )


# --- checking and logging -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ClaimCheck:
    """What the form shows before saving: may it be logged, which documents, how much."""

    eligibility: Eligibility
    documents: tuple[str, ...]
    amount: BenefitAmount | None
    amount_error: str | None = None


def _validate_input(data: ClaimInput, submitted_on: date) -> None:
    errors: list[FieldError] = []
    if data.event_date > submitted_on:
        errors.append(
            FieldError(
                "event_date",
                _("{field} tidak boleh sesudah tanggal pengajuan").format(
                    field=data.claim_type.event_label
                ),
            )
        )
    if submitted_on > today_wib():
        errors.append(
            FieldError("submitted_on", _("Tanggal pengajuan tidak boleh sesudah hari ini"))
        )
    account = data.bank_account.strip()
    if account and (not inputs.is_ascii_digits(account) or not 6 <= len(account) <= 20):
        errors.append(FieldError("bank_account", _("Nomor rekening 6–20 digit angka")))
    if errors:
        raise ValidationError(errors)


def _is_death_claim(claim_type: ClaimType, detail: ClaimDetail) -> bool:
    """A claim paid to heirs: JKM, JKK with death as outcome, JP survivors (PP 45/2015)."""
    if claim_type is ClaimType.JKM:
        return True
    if isinstance(detail, JkkDetail):
        return detail.outcome is JkkOutcome.MENINGGAL
    return isinstance(detail, JpDetail) and detail.ground is JpGround.MENINGGAL


def _record_declared_heirs(
    session: Session, actor: Actor, membership: Membership, detail: ClaimDetail
) -> int:
    """A JKM claim logged with heirs, for a member with none on record: record those heirs.

    A member who already has heirs on record keeps them as the branch checked them; the claim's
    own ``detail.heirs`` stays what was declared. Returns how many heirs were recorded.
    """
    if not isinstance(detail, JkmDetail) or not detail.heirs:
        return 0
    if heir_records.heirs_in_session(session, membership.person_id):
        return 0
    person = session.get(Person, membership.person_id)
    assert person is not None
    for declared in detail.heirs:
        data = heir_records.HeirInput(
            name=declared.name, relation=declared.relation, nik=declared.nik
        )
        try:
            heir_records.add_in_session(session, actor, person, data)
        except ValidationError:
            # A NIK the heir records refuse (mistyped, or the member's own): the heir is recorded
            # without it, and the claim keeps what was declared.
            heir_records.add_in_session(session, actor, person, replace(data, nik=""))
    return len(detail.heirs)


@scope.guarded
def claim_heirs(
    db: Database, claim_no: str, *, actor: Actor | None = None
) -> list[heir_records.HeirRow]:
    """The heirs on record for a death claim (empty for other claims)."""
    with db.read() as session:
        claim = _claim(session, claim_no, actor)
        membership = _membership(session, claim)
        if not _is_death_claim(claim.claim_type, _stored_detail(claim, membership)):
            return []
        return heir_records.heirs_in_session(session, membership.person_id)


def check_claim(db: Database, data: ClaimInput) -> ClaimCheck:
    """Run the eligibility rules, the checklist and the amount on an unsaved claim (no write)."""
    submitted_on = data.submitted_on or today_wib()
    with db.read() as session:
        membership = _find_membership(session, data.kpj, data.nik)
        detail = data.detail or _default_detail(data.claim_type, membership)
        check_detail_type(data.claim_type, detail)
        facts = _member_facts(session, membership, submitted_on, event=data.event_date)
        request = ClaimRequest(data.claim_type, data.event_date, submitted_on, detail)
        eligibility = check_eligibility(request, facts)
        documents: tuple[str, ...] = ()
        amount = None
        error = None
        if data.claim_type.programme in facts.programmes:
            documents = checklist_for(request, facts)
            try:
                amount = benefit_for(request, facts, submitted_on)
            except (ValidationError, ValueError) as exc:
                error = str(exc)
        return ClaimCheck(eligibility, documents, amount, error)


@scope.guarded
def log_claim(db: Database, actor: Actor, data: ClaimInput) -> ClaimRow:
    """Log a claim (state DIAJUKAN), numbered per office and month, with its document checklist.

    The member is found by KPJ (or NIK); the eligibility rules of the claim type run first and a
    refusal names its field and reason; nothing is written then. Documents handed in with the claim
    (``data.received``) are ticked as received on the submission day.
    """
    require(actor, "claim.log")
    submitted_on = data.submitted_on or today_wib()
    _validate_input(data, submitted_on)
    with db.write() as session:
        membership = _find_membership(session, data.kpj, data.nik)
        detail = data.detail or _default_detail(data.claim_type, membership)
        check_detail_type(data.claim_type, detail)
        facts = _member_facts(session, membership, submitted_on, event=data.event_date)
        request = ClaimRequest(data.claim_type, data.event_date, submitted_on, detail)
        check_eligibility(request, facts).raise_if_refused()
        codes = checklist_for(request, facts)
        unknown = [c for c in data.received if c not in codes]
        if unknown:
            raise ValidationError.single(
                "documents",
                _("Dokumen {codes} tidak termasuk daftar dokumen klaim ini").format(
                    codes=", ".join(unknown)
                ),
            )
        office_id = actor.office_id or membership.office_id
        office = session.get(Office, office_id)
        assert office is not None
        period = Period.of(submitted_on)
        sequence = next_value(session, f"claim:{office.code}:{period}")
        received = set(data.received)
        claim = Claim(
            claim_no=claim_number(office.code, period, sequence),
            membership_id=membership.id,
            office_id=office.id,
            claim_type=data.claim_type,
            programme=data.claim_type.programme.value,
            state=ClaimState.DIAJUKAN,
            reason=data.reason.strip(),
            event_date=data.event_date,
            submitted_on=submitted_on,
            bank_name=data.bank_name.strip(),
            bank_account=data.bank_account.strip(),
            logged_by=actor.user_id,
            detail=json.dumps(detail_to_json(detail), ensure_ascii=False, sort_keys=True),
            # The service-level clock starts once every document is in (Permenaker 4/2022 [S31]).
            docs_complete_on=submitted_on if received >= set(codes) else None,
        )
        session.add(claim)
        session.flush()
        for code in codes:
            session.add(
                ClaimDocument(
                    claim_id=claim.id,
                    code=code,
                    received_on=submitted_on if code in received else None,
                    recorded_by=actor.user_id if code in received else None,
                )
            )
        session.add(
            ClaimEvent(
                claim_id=claim.id,
                from_state=None,
                to_state=ClaimState.DIAJUKAN,
                on_date=submitted_on,
                user_id=actor.user_id,
            )
        )
        recorded = _record_declared_heirs(session, actor, membership, detail)
        audit.record(
            session, actor, "claim.log", "claim", claim.id,
            {"claim_no": claim.claim_no, "kpj": membership.kpj, "type": data.claim_type,
             "documents": list(codes), "received": sorted(received),
             **({"heirs_recorded": recorded} if recorded else {})},
        )  # fmt: skip
        return _row(session, claim)


# --- documents and scans ---------------------------------------------------------------------------


def _refuse_if_closed(claim: Claim) -> None:
    if claim.state in (ClaimState.DITETAPKAN, *FINAL_STATES):
        raise ConflictError(
            _("Klaim {no} sudah {state}; dokumennya tidak dapat diubah lagi").format(
                no=claim.claim_no, state=claim.state.label.lower()
            )
        )


def _mark_received(
    session: Session, actor: Actor, claim: Claim, doc: ClaimDocument, on: date
) -> None:
    doc.received_on = on
    doc.recorded_by = actor.user_id
    session.flush()
    if claim.docs_complete_on is None and not _missing(session, claim.id):
        latest = session.scalar(
            select(func.max(ClaimDocument.received_on)).where(ClaimDocument.claim_id == claim.id)
        )
        claim.docs_complete_on = max(latest or on, claim.submitted_on)


def _document(session: Session, claim: Claim, code: str) -> ClaimDocument:
    doc = session.scalar(
        select(ClaimDocument).where(ClaimDocument.claim_id == claim.id, ClaimDocument.code == code)
    )
    if doc is None:
        raise NotFoundError(
            _("Dokumen {label} tidak ada dalam daftar klaim {no}").format(
                label=document_label(code), no=claim.claim_no
            )
        )
    return doc


def _check_day(claim: Claim, day: date, field_name: str) -> None:
    if day < claim.submitted_on:
        raise ValidationError.single(
            field_name, _("Tanggal tidak boleh sebelum tanggal pengajuan klaim")
        )
    if day > today_wib():
        raise ValidationError.single(field_name, _("Tanggal tidak boleh sesudah hari ini"))


@scope.guarded
def receive_document(
    db: Database,
    actor: Actor,
    claim_no: str,
    code: str,
    *,
    received_on: date | None = None,
    note: str = "",
) -> DocumentRow:
    """Tick a document of the checklist as received; the last one starts the service-level clock."""
    require(actor, "claim.document")
    on = received_on or today_wib()
    with db.write() as session:
        claim = _claim(session, claim_no, actor)
        _refuse_if_closed(claim)
        doc = _document(session, claim, code)
        if doc.received_on is not None:
            raise ConflictError(
                _("Dokumen {label} sudah diterima pada {day}").format(
                    label=document_label(code), day=format_date(doc.received_on)
                )
            )
        _check_day(claim, on, "received_on")
        doc.note = note.strip()[:200]
        _mark_received(session, actor, claim, doc, on)
        audit.record(
            session, actor, "claim.document", "claim", claim.id,
            {"claim_no": claim.claim_no, "code": code, "received_on": on},
        )  # fmt: skip
        return DocumentRow(doc.code, document_label(doc.code), doc.received_on, doc.note, 0)


@scope.guarded
def unreceive_document(db: Database, actor: Actor, claim_no: str, code: str) -> None:
    """Undo a tick given by mistake; the clock waits again for the checklist to be complete."""
    require(actor, "claim.document")
    with db.write() as session:
        claim = _claim(session, claim_no, actor)
        _refuse_if_closed(claim)
        doc = _document(session, claim, code)
        if doc.received_on is None:
            raise ConflictError(
                _("Dokumen {label} memang belum diterima").format(label=document_label(code))
            )
        doc.received_on = None
        doc.recorded_by = actor.user_id
        claim.docs_complete_on = None
        audit.record(
            session, actor, "claim.document", "claim", claim.id,
            {"claim_no": claim.claim_no, "code": code, "received_on": None},
        )  # fmt: skip


@scope.guarded
def attach_file(
    db: Database,
    actor: Actor,
    claim_no: str,
    *,
    file_name: str,
    content: bytes,
    mime: str | None = None,
    document_code: str | None = None,
    on: date | None = None,
) -> AttachmentRow:
    """Keep a scanned file with the claim (in the database, so backups carry it).

    A scan of a checklist document that is still missing ticks it as received.
    """
    require(actor, "claim.document")
    name = file_name.strip().replace("\\", "/").rsplit("/", 1)[-1][:200]
    if not name:
        raise ValidationError.single("file", _("Berkas tanpa nama"))
    if not content:
        raise ValidationError.single("file", _("Berkas {name} kosong").format(name=name))
    if len(content) > MAX_ATTACHMENT_BYTES:
        raise ValidationError.single(
            "file",
            _("Berkas {name} berukuran {size} MB; paling besar {limit} MB").format(
                name=name,
                size=f"{len(content) / 1024 / 1024:.1f}".replace(".", ","),
                limit=MAX_ATTACHMENT_BYTES // 1024 // 1024,
            ),
        )
    kind = (mime or mimetypes.guess_type(name)[0] or "").lower()
    if kind not in ATTACHMENT_TYPES:
        raise ValidationError.single(
            "file",
            _("Jenis berkas {name} tidak diterima; lampirkan PDF, JPG, PNG atau TIFF").format(
                name=name
            ),
        )
    day = on or today_wib()
    digest = hashlib.sha256(content).hexdigest()
    with db.write() as session:
        claim = _claim(session, claim_no, actor)
        ticked = False
        if document_code is not None:
            doc = _document(session, claim, document_code)
            if doc.received_on is None and claim.state not in (
                ClaimState.DITETAPKAN,
                *FINAL_STATES,
            ):
                _check_day(claim, day, "received_on")
                _mark_received(session, actor, claim, doc, day)
                ticked = True
        attachment = Attachment(
            claim_id=claim.id,
            document_code=document_code,
            file_name=name,
            mime=kind,
            size=len(content),
            sha256=digest,
            content=content,
            added_by=actor.user_id,
        )
        session.add(attachment)
        session.flush()
        audit.record(
            session, actor, "claim.attach", "claim", claim.id,
            {"claim_no": claim.claim_no, "file": name, "sha256": digest, "size": len(content),
             "document": document_code, "received": ticked},
        )  # fmt: skip
        return _attachment_row(attachment, actor.username)


@scope.guarded
def attachment_content(
    db: Database, attachment_id: int, *, actor: Actor | None = None
) -> tuple[AttachmentRow, bytes]:
    """A stored scan and its bytes (checked against the hash kept with it), of a claim of
    *actor*'s offices."""
    with db.read() as session:
        row = session.execute(
            select(Attachment, User.username)
            .outerjoin(User, User.id == Attachment.added_by)
            .where(Attachment.id == attachment_id)
        ).first()
        if row is None:
            raise NotFoundError(_("Lampiran tidak ada (mungkin dihapus)"))
        attachment, username = row
        scope.require_in_scope(
            session, actor,
            session.scalar(select(Claim.office_id).where(Claim.id == attachment.claim_id)),
            "attachment", attachment_id, _("Lampiran tidak ada (mungkin dihapus)"),
        )  # fmt: skip
        content = bytes(attachment.content)
        if hashlib.sha256(content).hexdigest() != attachment.sha256:
            raise ConflictError(
                _("Isi berkas {name} tidak sesuai dengan sidik (SHA-256) yang tersimpan").format(
                    name=attachment.file_name
                )
            )
        return _attachment_row(attachment, username), content


def _attachment_row(attachment: Attachment, added_by: str | None) -> AttachmentRow:
    return AttachmentRow(
        attachment.id,
        attachment.document_code,
        attachment.file_name,
        attachment.mime,
        attachment.size,
        attachment.sha256,
        attachment.added_at,
        added_by,
    )


# --- states ----------------------------------------------------------------------------------------


def _last_pause(session: Session, claim_id: int) -> date | None:
    return session.scalar(
        select(ClaimEvent.on_date)
        .where(ClaimEvent.claim_id == claim_id, ClaimEvent.to_state == ClaimState.DIKEMBALIKAN)
        .order_by(ClaimEvent.id.desc())
        .limit(1)
    )


@scope.guarded
def move_claim(
    db: Database,
    actor: Actor,
    claim_no: str,
    new_state: ClaimState,
    *,
    on_date: date | None = None,
    amount: int | None = None,
    amount_reason: str = "",
    note: str = "",
) -> ClaimRow:
    """Move a claim to *new_state*, recording who, when and why.

    Deciding (DITETAPKAN) needs every document of the checklist and a different person from the
    one who logged the claim; the amount is computed by rule (:func:`claim_amount`) and kept with
    how it was reached. An officer who sets another *amount* must give *amount_reason*, which is
    recorded. Rejecting (DITOLAK) and returning (DIKEMBALIKAN) need a reason in *note*; a returned
    claim pauses its service-level clock until it is submitted again.

    """
    action = (
        "claim.decide" if new_state in (ClaimState.DITETAPKAN, ClaimState.DITOLAK) else "claim.move"
    )
    require(actor, action)
    _require_claim_in_scope(db, actor, claim_no)
    on_date = on_date or today_wib()
    with db.write() as session:
        claim = _claim(session, claim_no)
        _check_move(claim, new_state, amount, on_date)
        event_note = note.strip()
        detail: dict[str, Any] = {}
        if new_state is ClaimState.DITETAPKAN:
            amount, rule_amount, reason = _decide(
                session, actor, claim, on_date, amount, amount_reason.strip()
            )
            if reason:
                event_note = (event_note + " · " if event_note else "") + reason
            detail = {"rule_amount": rule_amount, "amount_reason": amount_reason.strip() or None}
        elif new_state is ClaimState.DITOLAK:
            if not event_note:
                raise ValidationError.single("note", _("Alasan penolakan wajib diisi"))
            claim.rejection_reason = event_note[:300]
            claim.decided_on = on_date
            claim.decided_by = actor.user_id
        elif new_state is ClaimState.DIKEMBALIKAN:
            if not event_note:
                raise ValidationError.single(
                    "note", _("Sebutkan dokumen yang kurang atau tidak sah")
                )
        elif new_state is ClaimState.DIAJUKAN and claim.state is ClaimState.DIKEMBALIKAN:
            _resume_clock(session, claim, on_date)
        elif new_state is ClaimState.DIBAYAR:
            _pay(session, actor, claim, on_date)
        old_state = claim.state
        claim.state = new_state
        session.add(
            ClaimEvent(
                claim_id=claim.id,
                from_state=old_state,
                to_state=new_state,
                on_date=on_date,
                user_id=actor.user_id,
                note=event_note[:300],
            )
        )
        audit.record(
            session, actor, "claim.move", "claim", claim.id,
            {"claim_no": claim.claim_no, "from": old_state, "to": new_state, "amount": amount,
             "on": on_date, **detail},
        )  # fmt: skip
        return _row(session, claim)


def _check_move(claim: Claim, new_state: ClaimState, amount: int | None, on_date: date) -> None:
    """The checks every move makes: an allowed transition, an amount only on a decision, a date
    between the submission and today."""
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


def _decide(
    session: Session,
    actor: Actor,
    claim: Claim,
    on_date: date,
    amount: int | None,
    amount_reason: str,
) -> tuple[int, int, str]:
    """Fix the claim's amount (by rule, or *amount* with its reason) and schedule what it pays.

    Returns the amount fixed, the rule's amount, and the reason for fixing another one ("" if
    the rule's was fixed), which goes on the claim's history.
    """
    # Separation of duties: the command line (no user id) counts as one person too.
    if claim.logged_by == actor.user_id:
        raise PermissionDeniedError(_("Petugas yang mencatat klaim tidak boleh juga menetapkannya"))
    missing = _missing(session, claim.id)
    if missing:
        raise ConflictError(
            _("Klaim belum dapat ditetapkan: dokumen belum lengkap ({documents})").format(
                documents="; ".join(document_label(c) for c in missing)
            )
        )
    membership = _membership(session, claim)
    facts = _member_facts(session, membership, on_date, claim.claim_no, event=claim.event_date)
    rule = benefit_for(_request(claim, membership), facts, on_date)
    chosen = rule.total if amount is None else amount
    if chosen <= 0:
        raise ValidationError.single(
            "amount",
            _("Jumlah manfaat yang ditetapkan harus lebih dari Rp0")
            if amount is not None
            else _("Menurut aturan manfaatnya Rp0; isi jumlah beserta alasannya, atau tolak klaim"),
        )
    basis = rule.basis_text()
    if chosen != rule.total:
        if not amount_reason:
            raise ValidationError.single(
                "amount_reason",
                _(
                    "Jumlah {amount} berbeda dari perhitungan aturan {rule}: tuliskan alasannya"
                ).format(amount=format_rupiah(chosen), rule=format_rupiah(rule.total)),
            )
        override = _("Ditetapkan {amount} (aturan {rule}) oleh {who}: {reason}").format(
            amount=format_rupiah(chosen),
            rule=format_rupiah(rule.total),
            who=actor.full_name,
            reason=amount_reason,
        )
        basis += "\n" + override
    claim.amount = chosen
    claim.amount_basis = basis
    claim.decided_on = on_date
    claim.decided_by = actor.user_id
    _schedule_benefits(session, actor, claim, membership, facts)
    return chosen, rule.total, amount_reason if chosen != rule.total else ""


def _schedule_benefits(
    session: Session, actor: Actor, claim: Claim, membership: Membership, facts: MemberFacts
) -> None:
    """What the decision pays over time (issue #10): the pension's months, the children's
    school years; each helper records its own audit event."""
    request = _request(claim, membership)
    if claim.claim_type is ClaimType.JP_BERKALA:
        assert isinstance(request.facts, JpDetail)
        benefit_schedule.schedule_pension(session, actor, claim, request.facts.pension_kind)
    elif claim.claim_type in (ClaimType.JKM, ClaimType.JKK):
        programme = Programme.JKM if claim.claim_type is ClaimType.JKM else Programme.JKK
        months = len({m.period for m in facts.contributed(programme)})
        benefit_schedule.schedule_scholarships(session, actor, claim, request.facts, months)


def _resume_clock(session: Session, claim: Claim, on_date: date) -> None:
    """A returned claim submitted again: its service-level clock resumes where it paused."""
    paused_on = _last_pause(session, claim.id)
    if paused_on is not None and claim.docs_complete_on is not None:
        calendar = fast_calendar(session)
        claim.docs_complete_on = resume_anchor(calendar, claim.docs_complete_on, paused_on, on_date)


def _pay(session: Session, actor: Actor, claim: Claim, on_date: date) -> None:
    """Record the payment: the benefit schedule's first payment, the JHT account's withdrawal."""
    if claim.decided_on is not None and on_date < claim.decided_on:
        raise ValidationError.single(
            "on_date", _("Tanggal bayar tidak boleh sebelum tanggal penetapan")
        )
    claim.paid_on = on_date
    benefit_schedule.pay_with_claim(session, actor, claim, on_date)
    if claim.claim_type in jht_account.JHT_CLAIMS and claim.amount is not None:
        # The money leaves the person's one JHT account (issue #10): a full claim pays
        # every month counted on the day it was decided, on every KPJ.
        membership = _membership(session, claim)
        covers = None
        if claim.claim_type is ClaimType.JHT_PENUH:
            counted = _member_facts(
                session, membership, claim.decided_on or on_date, claim.claim_no
            ).contributed(Programme.JHT)
            covers = max((m.period for m in counted), default=None)
        jht_account.post_withdrawal(session, actor, claim, membership, on_date, covers)


@scope.guarded
def claim_amount(
    db: Database, claim_no: str, on: date | None = None, *, actor: Actor | None = None
) -> BenefitAmount:
    """What the rule gives for the claim on *on* (today): the amount a decision would fix."""
    on = on or today_wib()
    with db.read() as session:
        claim = _claim(session, claim_no, actor)
        membership = _membership(session, claim)
        facts = _member_facts(session, membership, on, claim.claim_no, event=claim.event_date)
        return benefit_for(_request(claim, membership), facts, on)


# --- reading one claim --------------------------------------------------------------------------


def _history(session: Session, claim_id: int) -> list[ClaimEventRow]:
    events = session.execute(
        select(ClaimEvent, User.username)
        .outerjoin(User, User.id == ClaimEvent.user_id)
        .where(ClaimEvent.claim_id == claim_id)
        .order_by(ClaimEvent.id)
    ).all()
    return [
        ClaimEventRow(e.from_state, e.to_state, e.on_date, username, e.note)
        for e, username in events
    ]


@scope.guarded
def get_claim(
    db: Database, claim_no: str, *, actor: Actor | None = None
) -> tuple[ClaimRow, list[ClaimEventRow]]:
    """A claim and its history, oldest first."""
    with db.read() as session:
        claim = _claim(session, claim_no, actor)
        return _row(session, claim), _history(session, claim.id)


def _clock(
    session: Session,
    calendar: FastCalendar,
    claim: Claim,
    *,
    today: date,
    overrides: dict[str, int],
    waiting: bool,
    pauses: dict[int, date] | None = None,
) -> ClockReading:
    """The claim's clock on *today*; *pauses*: the day each returned claim of a list was last
    returned, read for the whole page at once (else read here)."""
    limit = sla_days(claim.claim_type, claim.submitted_on, overrides)
    anchor = claim.docs_complete_on or (None if waiting else claim.submitted_on)
    finished = claim.paid_on if claim.state is ClaimState.DIBAYAR else None
    if claim.state is ClaimState.DITOLAK:
        finished = claim.decided_on or claim.submitted_on
    paused_on = None
    if claim.state is ClaimState.DIKEMBALIKAN:
        last = _last_pause(session, claim.id) if pauses is None else pauses.get(claim.id)
        paused_on = last or today
    elif claim.state is ClaimState.DRAFT:
        anchor = None
    return read_clock(
        calendar,
        anchor=anchor,
        limit=limit,
        today=today,
        paused_on=paused_on,
        waiting=waiting and claim.state in RUNNING_STATES,
        finished_on=finished,
    )


@scope.guarded
def claim_view(
    db: Database, claim_no: str, *, today: date | None = None, actor: Actor | None = None
) -> ClaimView:
    """The claim with its member, documents, scans, history, clock and amount."""
    with db.read() as session:
        claim = _claim(session, claim_no, actor)
        membership = _membership(session, claim)
        person = session.get(Person, membership.person_id)
        assert person is not None
        employer = session.get(Employer, membership.employer_id) if membership.employer_id else None
        users = {
            uid: name
            for uid, name in session.execute(
                select(User.id, User.username).where(
                    User.id.in_([i for i in (claim.logged_by, claim.decided_by) if i is not None])
                )
            )
        }
        attachment_rows, documents = _papers(session, claim)
        day = today or reference_date(session)
        waiting = any(d.received_on is None for d in documents)
        clock = _clock(
            session, fast_calendar(session), claim, today=day, overrides=sla_overrides(session), waiting=waiting
        )  # fmt: skip
        rule_amount, rule_error = _rule_amount(session, claim, membership, day)
        return ClaimView(
            row=_row(session, claim),
            nik=person.nik,
            segment=membership.segment,
            employer_name=employer.name if employer else None,
            wage=membership.wage if membership.wage is not None else membership.declared_income,
            membership_start=membership.start_date,
            membership_end=membership.end_date,
            detail=_stored_detail(claim, membership),
            bank_name=claim.bank_name,
            bank_account=claim.bank_account,
            logged_by=users.get(claim.logged_by) if claim.logged_by else None,
            decided_by=users.get(claim.decided_by) if claim.decided_by else None,
            documents=documents,
            attachments=attachment_rows,
            history=tuple(_history(session, claim.id)),
            clock=clock,
            amount_basis=claim.amount_basis,
            rule_amount=rule_amount,
            rule_error=rule_error,
            docs_complete_on=claim.docs_complete_on,
            logged_by_id=claim.logged_by,
            heirs=tuple(heir_records.heirs_in_session(session, person.id))
            if _is_death_claim(claim.claim_type, _stored_detail(claim, membership))
            else (),
        )


def _papers(
    session: Session, claim: Claim
) -> tuple[tuple[AttachmentRow, ...], tuple[DocumentRow, ...]]:
    """The claim's scans (without their bytes), and its checklist with how many scans each has."""
    attachments = session.execute(
        select(
            Attachment.id,
            Attachment.document_code,
            Attachment.file_name,
            Attachment.mime,
            Attachment.size,
            Attachment.sha256,
            Attachment.added_at,
            User.username,
        )
        .outerjoin(User, User.id == Attachment.added_by)
        .where(Attachment.claim_id == claim.id)
        .order_by(Attachment.id)
    ).all()
    attachment_rows = tuple(AttachmentRow(*row) for row in attachments)
    per_document: dict[str, int] = {}
    for a in attachment_rows:
        if a.document_code:
            per_document[a.document_code] = per_document.get(a.document_code, 0) + 1
    documents = tuple(
        DocumentRow(d.code, document_label(d.code), d.received_on, d.note, per_document.get(d.code, 0))
        for d in session.scalars(
            select(ClaimDocument).where(ClaimDocument.claim_id == claim.id).order_by(ClaimDocument.id)
        )
    )  # fmt: skip
    return attachment_rows, documents


def _rule_amount(
    session: Session, claim: Claim, membership: Membership, day: date
) -> tuple[BenefitAmount | None, str | None]:
    """What the rule would give an undecided claim on *day*, or why it cannot say."""
    if claim.state in FINAL_STATES or claim.state is ClaimState.DITETAPKAN:
        return None, None
    try:
        on = max(day, claim.submitted_on)  # the demo's own today on a demo database
        facts = _member_facts(session, membership, on, claim.claim_no, event=claim.event_date)
        return benefit_for(_request(claim, membership), facts, on), None
    except (ValidationError, ValueError) as exc:
        return None, str(exc)


# --- the worklist ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ClaimFilter:
    office_code: str | None = None
    state: ClaimState | None = None  # one state; None: every state (or the open ones, below)
    open_only: bool = True  # when no state is chosen: only claims still being worked on
    programme: Programme | None = None
    officer_id: int | None = None  # logged or decided by this user
    colour: SlaColour | None = None


@dataclass(frozen=True, slots=True)
class ClaimListRow:
    claim_no: str
    kpj: str
    member_name: str
    office_code: str
    claim_type: ClaimType
    state: ClaimState
    submitted_on: date
    amount: int | None
    officer: str | None
    clock: ClockReading
    clock_from: date  # the day the clock started: the key of the default order
    claim_id: int


@dataclass(frozen=True, slots=True)
class OfficerRow:
    id: int
    username: str
    full_name: str


def officers(db: Database, office_code: str | None = None) -> list[OfficerRow]:
    """The users who log and decide claims (of one office, or all)."""
    with db.read() as session:
        query = select(User.id, User.username, User.full_name).where(
            User.role.in_((Role.PELAYANAN, Role.KEPALA)), User.active.is_(True)
        )
        if office_code:
            query = query.join(Office, Office.id == User.office_id).where(
                Office.code == office_code
            )
        return [OfficerRow(*row) for row in session.execute(query.order_by(User.username))]


CLAIM_SORT_KEYS = ("age", "claim_no", "submitted", "type", "state", "amount")
_ROW_FIELDS = {
    "age": "clock_from",
    "claim_no": "claim_no",
    "submitted": "submitted_on",
    "type": "claim_type",
    "state": "state",
    "amount": "amount",
}
NO_AMOUNT = -1  # a claim not decided yet sorts below every amount (sort columns are never NULL)


def _sort_column(sort_key: str | None) -> Any:
    columns = {
        "age": Claim.clock_from,
        "claim_no": Claim.claim_no,
        "submitted": Claim.submitted_on,
        "type": Claim.claim_type,
        "state": Claim.state,
        "amount": func.coalesce(Claim.amount, NO_AMOUNT),
    }
    return columns.get(sort_key or "age", columns["age"])


def _few(session: Session, condition: Any) -> Any:
    """*condition*, told to SQLite's planner that it keeps few claims (5 %).

    SQLite's statistics (when ANALYZE has run) say how many claims share a state on average, not
    that the paid ones are 96 % of them: the planner then takes the open states for most of the
    table and walks the whole (clock_from, id) index in order, reading every claim to test its
    state (120–180 ms for the 2,783 open claims of the regional demo's 97,504). Told they are
    few, it reads them from their states' ranges of the (state, clock_from, id) index and sorts
    them: 0.3 ms. PostgreSQL keeps per-value statistics and has no such function.
    """
    if session.get_bind().dialect.name != "sqlite":
        return condition
    return func.likelihood(condition, literal_column("0.05"))


class ClaimQuery(keyset.KeysetList):
    """The claims worklist under a filter: count it, read pages by key (a PageSource for the UI).

    A page is read by its key (sort value, claim id) after the row above it
    (:class:`keyset.KeysetList`). The default order, the day the clock started (the column
    ``clock_from``), the submission day and the claim number are indexed: a page of any depth
    is an index seek. By type, state or amount, the matching claims are sorted for each page.

    The service-level colour is filtered in SQL: for each claim type, the anchor dates that split
    green, amber and red on the reference day are computed once (:func:`colour_cutoffs`), so the
    filter is a range on ``clock_from``.
    """

    DEFAULT_SORT = "age"

    def __init__(
        self,
        db: Database,
        claim_filter: ClaimFilter,
        on: date | None = None,
        *,
        actor: Actor | None = None,
    ) -> None:
        self.db = db
        self.filter = claim_filter
        self.actor = actor
        self._on = on
        self._setup: tuple[date, FastCalendar, dict[str, int]] | None = None

    def _context(self, session: Session) -> tuple[date, FastCalendar, dict[str, int]]:
        if self._setup is None:
            self._setup = (
                self._on or reference_date(session),
                fast_calendar(session),
                sla_overrides(session),
            )
        return self._setup

    @property
    def on(self) -> date:
        with self.db.read() as session:
            return self._context(session)[0]

    def _conditions(self, session: Session) -> list[Any]:
        f = self.filter
        # Only the claims of the asker's offices (services/scope.py), whatever office is chosen.
        conditions: list[Any] = [
            scope.in_scope(Claim.office_id, scope.offices_in_scope(session, self.actor))
        ]
        if f.office_code:
            office_id = session.scalar(select(Office.id).where(Office.code == f.office_code))
            if office_id is not None:
                kind = session.scalar(select(Office.kind).where(Office.id == office_id))
                if kind is OfficeKind.KANWIL:  # the regional office sees every branch
                    office_id = None
            else:
                office_id = -1
            if office_id is not None:
                conditions.append(Claim.office_id == office_id)
        if f.state is ClaimState.DIBAYAR:  # the paid claims: most of every office's history
            conditions.append(Claim.state == f.state)
        elif f.state is not None:
            conditions.append(_few(session, Claim.state == f.state))
        elif f.open_only:
            conditions.append(_few(session, Claim.state.in_(OPEN_STATES)))
        if f.programme is not None:
            conditions.append(Claim.programme == f.programme.value)
        if f.officer_id is not None:
            conditions.append(
                or_(Claim.logged_by == f.officer_id, Claim.decided_by == f.officer_id)
            )
        if f.colour is not None:
            conditions.append(self._colour_condition(session, f.colour))
        return conditions

    def _colour_condition(self, session: Session, colour: SlaColour) -> Any:
        on, calendar, overrides = self._context(session)
        waiting = and_(
            Claim.docs_complete_on.is_(None),
            exists(
                select(ClaimDocument.id).where(
                    ClaimDocument.claim_id == Claim.id, ClaimDocument.received_on.is_(None)
                )
            ),
        )
        if colour is SlaColour.JEDA:
            return _few(
                session,
                or_(Claim.state.in_(PAUSED_STATES), and_(Claim.state.in_(RUNNING_STATES), waiting)),
            )
        anchor = Claim.clock_from
        by_type = []
        # The limit is read at the submission date; one dated entry is in force for all claims
        # unless the table gains entries, in which case each entry's claims get their own range.
        for kind in ClaimType:
            for start, end in _entry_spans():
                limit = sla_days(kind, start, overrides)
                assert limit is not None  # *start* is a rule's first day
                green_after, red_upto = colour_cutoffs(calendar, limit, on)
                if colour is SlaColour.HIJAU:
                    condition = anchor > green_after
                elif colour is SlaColour.MERAH:
                    condition = anchor <= red_upto
                else:
                    condition = and_(anchor > red_upto, anchor <= green_after)
                span = [Claim.submitted_on >= start] + ([Claim.submitted_on < end] if end else [])
                by_type.append(and_(Claim.claim_type == kind, *span, condition))
        return and_(_few(session, Claim.state.in_(RUNNING_STATES)), not_(waiting), or_(*by_type))

    def count(self) -> int:
        with self.db.read() as session:
            return int(
                session.scalar(
                    select(func.count()).select_from(Claim).where(*self._conditions(session))
                )
                or 0
            )

    def _keys(
        self, session: Session, sort_key: str | None, descending: bool
    ) -> tuple[keyset.KeyQuery, keyset.Order]:
        """(sort value, claim id) of the claims under the filter, from the claim table alone."""
        column = _sort_column(sort_key)
        query: keyset.KeyQuery = select(column, Claim.id).where(*self._conditions(session))
        return query, keyset.Order.of(column, Claim.id, descending=descending)

    def key_of(self, row: ClaimListRow, sort_key: str | None = None) -> keyset.Key:
        value = getattr(row, _ROW_FIELDS.get(sort_key or "age", "clock_from"))
        return (NO_AMOUNT if value is None else value, row.claim_id)

    def _rows(self, session: Session, ids: Sequence[int]) -> list[ClaimListRow]:
        """The rows of a page's claims, each with its clock read on the reference day."""
        on, calendar, overrides = self._context(session)
        listed = load_only(
            *(Claim.id, Claim.claim_no, Claim.claim_type, Claim.state, Claim.submitted_on),
            *(Claim.docs_complete_on, Claim.clock_from, Claim.decided_on, Claim.paid_on),
            Claim.amount,
        )  # not the claim's facts and amount basis (JSON and text): a list has no use for them
        rows = session.execute(
            select(Claim, Membership.kpj, Person.name, Office.code, User.username)
            .options(listed)
            .join(Membership, Membership.id == Claim.membership_id)
            .join(Person, Person.id == Membership.person_id)
            .join(Office, Office.id == Claim.office_id)
            .outerjoin(User, User.id == Claim.logged_by)
            .where(Claim.id.in_(ids))
        ).all()
        missing = dict(
            session.execute(
                select(ClaimDocument.claim_id, func.count())
                .where(ClaimDocument.claim_id.in_(ids), ClaimDocument.received_on.is_(None))
                .group_by(ClaimDocument.claim_id)
            ).all()
        )
        returned = [c.id for c, *_ in rows if c.state is ClaimState.DIKEMBALIKAN]
        pauses: dict[int, date] = dict(  # in event order: the last return of each claim stays
            session.execute(
                select(ClaimEvent.claim_id, ClaimEvent.on_date)
                .where(
                    ClaimEvent.claim_id.in_(returned),
                    ClaimEvent.to_state == ClaimState.DIKEMBALIKAN,
                )
                .order_by(ClaimEvent.id)
            ).all()
        )
        found = []
        for claim, kpj, name, office_code, username in rows:
            clock = _clock(
                session, calendar, claim, today=on, overrides=overrides,
                waiting=bool(missing.get(claim.id)), pauses=pauses,
            )  # fmt: skip
            row = ClaimListRow(
                claim.claim_no, kpj, name, office_code, claim.claim_type, claim.state,
                claim.submitted_on, claim.amount, username, clock, claim.clock_from, claim.id,
            )  # fmt: skip
            found.append(row)
        return keyset.in_key_order(found, ids, lambda r: r.claim_id)


def _entry_spans() -> list[tuple[date, date | None]]:
    starts = [e.valid_from for e in SLA_DAYS.entries]
    return [
        (start, starts[i + 1] if i + 1 < len(starts) else None) for i, start in enumerate(starts)
    ]


# --- paper -----------------------------------------------------------------------------------------


def _paper(session: Session, claim: Claim) -> tuple[claim_papers.ClaimPaper, Office]:
    membership = _membership(session, claim)
    person = session.get(Person, membership.person_id)
    office = session.get(Office, claim.office_id)
    assert person is not None and office is not None
    employer = session.get(Employer, membership.employer_id) if membership.employer_id else None
    documents = tuple(
        claim_papers.PaperDocument(document_label(d.code), d.received_on)
        for d in session.scalars(
            select(ClaimDocument)
            .where(ClaimDocument.claim_id == claim.id)
            .order_by(ClaimDocument.id)
        )
    )
    paper = claim_papers.ClaimPaper(
        claim_no=claim.claim_no,
        claim_type=claim.claim_type.label,
        member_name=person.name,
        nik=person.nik,
        kpj=membership.kpj,
        employer=employer.name if employer else membership.segment.label,
        event_label=event_label(claim.claim_type),
        event_date=claim.event_date,
        submitted_on=claim.submitted_on,
        reason=claim.reason,
        bank_name=claim.bank_name,
        bank_account=claim.bank_account,
        place=office.city or office.name,
        documents=documents,
        sla_days=sla_days(claim.claim_type, claim.submitted_on, sla_overrides(session)) or 0,
    )
    return paper, office


def _user_name(session: Session, user_id: int | None) -> tuple[str, Role | None]:
    if user_id is None:
        return "", None
    user = session.get(User, user_id)
    return (user.full_name, user.role) if user is not None else ("", None)


@scope.guarded
def receipt_html(
    db: Database, claim_no: str, printed_on: date | None = None, *, actor: Actor | None = None
) -> str:
    """The receipt (tanda terima) for the member, in HTML for ``ui.printing``."""
    paper_language = official()  # an official paper: its words are Indonesian, explicitly
    with db.read() as session, using(paper_language):
        claim = _claim(session, claim_no, actor)
        paper, office = _paper(session, claim)
        officer, _role = _user_name(session, claim.logged_by)
        return claim_papers.receipt_html(
            office_letterhead(session, office),
            paper,
            officer or _("Petugas pelayanan"),
            printed_on or claim.submitted_on,
            paper_footer(session),
            translator=paper_language,
        )


@scope.guarded
def decision_letter_html(db: Database, claim_no: str, *, actor: Actor | None = None) -> str:
    """The decision letter of a decided (or rejected) claim, with how the amount was reached."""
    with db.read() as session:
        claim = _claim(session, claim_no, actor)
        if claim.state not in (ClaimState.DITETAPKAN, ClaimState.DIBAYAR, ClaimState.DITOLAK):
            raise ConflictError(
                _(
                    "Klaim {no} belum ditetapkan atau ditolak; surat penetapan belum dapat dibuat"
                ).format(no=claim.claim_no)
            )
        paper_language = official()  # the letter's words are Indonesian, explicitly
        with using(paper_language):
            return _decision_letter(session, claim, paper_language)


def _decision_letter(session: Session, claim: Claim, paper_language: Translator) -> str:
    """The decision letter's HTML, every word through *paper_language*."""
    paper, office = _paper(session, claim)
    decider, role = _user_name(session, claim.decided_by)
    role_label = _("Kepala Kantor Cabang") if role is Role.KEPALA else _("Petugas penetapan klaim")
    approved = claim.state is not ClaimState.DITOLAK
    decision = claim_papers.DecisionPaper(
        claim=paper,
        approved=approved,
        decided_on=claim.decided_on or claim.submitted_on,
        amount=claim.amount,
        basis=claim.amount_basis
        or (_("Jumlah manfaat: {amount}").format(amount=format_rupiah(claim.amount or 0))),
        rejection_reason=claim.rejection_reason or "",
        decider=decider or _("Kepala Kantor Cabang"),
        decider_role=role_label,
    )
    prefix = "PTP" if approved else "TLK"
    return claim_papers.decision_letter_html(
        office_letterhead(session, office),
        decision,
        f"{prefix}/{claim.claim_no}",
        paper_footer(session),
        translator=paper_language,
    )


@dataclass(frozen=True, slots=True)
class MemberLookup:
    """The member the claim form shows once a KPJ or NIK is typed."""

    kpj: str
    nik: str
    name: str
    segment: Segment
    employer_name: str | None
    programmes: str
    start_date: date
    end_date: date | None
    end_reason: EndReason | None
    wage: int | None
    other_kpj: tuple[str, ...] = field(default=())


def find_member(db: Database, text: str) -> MemberLookup:
    """A member by KPJ (11 digits) or NIK (16 digits), for the claim form."""
    digits = clean_digits(text, separators=" .-")
    if len(digits) not in (11, 16):
        raise ValidationError.single("kpj", _("Isi KPJ (11 digit) atau NIK (16 digit) peserta"))
    with db.read() as session:
        membership = _find_membership(
            session, digits if len(digits) == 11 else "", digits if len(digits) == 16 else ""
        )
        person = session.get(Person, membership.person_id)
        assert person is not None
        employer = session.get(Employer, membership.employer_id) if membership.employer_id else None
        others = tuple(
            session.scalars(
                select(Membership.kpj).where(
                    Membership.person_id == person.id, Membership.id != membership.id
                )
            )
        )
        return MemberLookup(
            membership.kpj, person.nik, person.name, membership.segment,
            employer.name if employer else None, membership.programmes, membership.start_date,
            membership.end_date, membership.end_reason,
            membership.wage if membership.wage is not None else membership.declared_income, others,
        )  # fmt: skip
