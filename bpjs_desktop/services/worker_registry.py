"""Workers of every segment: registration (KPJ issued by the office), look-ups, ending a
membership, the wage warning."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from bpjs_desktop.db.engine import Database
from bpjs_desktop.db.models import (
    Agent,
    Employer,
    EndReason,
    Membership,
    Office,
    Person,
    Project,
)
from bpjs_desktop.domain.contributions import bpu_contribution, pmi_contribution
from bpjs_desktop.domain.identifiers import (
    IdentifierError,
    NikInfo,
    make_kpj,
    nik_discrepancies,
    parse_nik,
    validate_kpj,
    validate_npp,
)
from bpjs_desktop.domain.member_rules import MINIMUM_AGE, employer_npp, ktp_name, too_young
from bpjs_desktop.domain.money import format_rupiah
from bpjs_desktop.domain.periods import Period, age_on, format_date, today_wib
from bpjs_desktop.domain.programmes import (
    Programme,
    RiskGroup,
    Segment,
    SizeClass,
    check_programmes,
    jkp_eligible,
    parse_programmes,
    programmes_text,
)
from bpjs_desktop.domain.regions import regency_name
from bpjs_desktop.domain.wages import minimum_wage
from bpjs_desktop.errors import ConflictError, FieldError, NotFoundError, ValidationError
from bpjs_desktop.i18n import N_, _
from bpjs_desktop.services import audit, scope, wage_history
from bpjs_desktop.services.context import Actor, require
from bpjs_desktop.services.counters import next_value
from bpjs_desktop.services.membership_common import (
    MemberDetail,
    PersonRow,
    WorkerInput,
    WorkerRow,
    _not_future,
    clean_worker_input,
    member_description,
    membership_in_scope,
    office_by_code,
    person_identity,
)

# --- workers -------------------------------------------------------------------------------------


def _worker_row(session: Session, membership: Membership) -> WorkerRow:
    person = session.get(Person, membership.person_id)
    office = session.get(Office, membership.office_id)
    assert person is not None and office is not None
    employer = session.get(Employer, membership.employer_id) if membership.employer_id else None
    return WorkerRow(
        membership.id,
        person.id,
        membership.kpj,
        person.nik,
        person.name,
        person.birth_date,
        person.sex,
        membership.segment,
        office.code,
        employer.npp if employer else None,
        employer.name if employer else None,
        membership.programmes,
        membership.wage,
        membership.start_date,
        membership.end_date,
        membership.end_reason,
    )


def _prepare_worker(session: Session, data: WorkerInput) -> tuple[NikInfo, str, Membership]:
    """Check *data* by every registration rule; return the NIK, the clean name and the membership.

    Raises:
        ConflictError: the NIK belongs to an existing member, who is named.
        ValidationError: every field that is wrong, by name.
    """
    errors: list[FieldError] = []
    nik_info = None
    try:
        nik_info = parse_nik(data.nik)
        errors.extend(nik_discrepancies(nik_info, birth_date=data.birth_date, sex=data.sex))
    except IdentifierError as exc:
        errors.extend(exc.errors)
    name = ktp_name(data.name, errors)
    if (problem := _not_future(data.start_date, "start_date", _("Tanggal mulai"))) is not None:
        errors.append(problem)
    age = age_on(data.birth_date, data.start_date)
    if age < MINIMUM_AGE:
        errors.append(too_young())
    if nik_info is not None:
        existing = session.scalar(select(Person).where(Person.nik == nik_info.nik))
        if existing is not None:
            raise ConflictError(
                _("NIK {nik} sudah terdaftar: {member}").format(
                    nik=nik_info.nik, member=member_description(session, existing)
                )
            )
    membership = None
    try:
        membership = _new_membership(session, data, age)
    except ValidationError as exc:
        errors.extend(exc.errors)
    if errors:
        raise ValidationError(errors)
    assert nik_info is not None and membership is not None
    return nik_info, name, membership


def validate_worker(db: Database, actor: Actor, data: WorkerInput) -> None:
    """Every check :func:`register_worker` makes, without saving anything.

    The registration form calls it before looking for near duplicates, so the user corrects the
    fields first and is asked about look-alikes only for a registration that can be saved.
    """
    require(actor, "worker.register")
    data = clean_worker_input(data)
    with db.read() as session:
        _prepare_worker(session, data)


@scope.guarded
def register_worker(
    db: Database, actor: Actor, data: WorkerInput, *, duplicate_override: tuple[int, ...] = ()
) -> WorkerRow:
    """Register a person and their membership in one segment; issue the KPJ number.

    Args:
        duplicate_override: the people :func:`find_similar` listed whom the user judged to be
            somebody else, and registered this person anyway; recorded in the audit event.

    Raises:
        ValidationError: every field that is wrong, by name.
        ConflictError: the NIK belongs to an existing member, who is named.
    """
    require(actor, "worker.register")
    data = clean_worker_input(data)
    with db.write() as session:
        nik_info, name, membership = _prepare_worker(session, data)
        _require_office(session, actor, membership.office_id)
        person = Person(
            nik=nik_info.nik,
            name=name,
            birth_place=data.birth_place.strip().upper(),
            birth_date=data.birth_date,
            sex=data.sex.value,
            mother_name=" ".join(data.mother_name.split()).upper(),
            regency_code=nik_info.regency_code,
            phone=data.phone.strip(),
        )
        session.add(person)
        session.flush()
        membership.person_id = person.id
        membership.kpj = _issue_kpj(session, today_wib())
        session.add(membership)
        session.flush()
        wage_history.record_first(session, actor, membership)
        detail: dict[str, Any] = {
            "kpj": membership.kpj,
            "person_id": person.id,
            "segment": data.segment,
            "programmes": membership.programmes,
        }
        if duplicate_override:
            detail["duplicate_override"] = sorted(set(duplicate_override))
        audit.record(session, actor, "worker.register", "membership", membership.id, detail)
        return _worker_row(session, membership)


def _issue_kpj(session: Session, on: date) -> str:
    while True:
        kpj = make_kpj(on.year, next_value(session, f"kpj:{on.year % 100:02d}"))
        if session.scalar(select(Membership.id).where(Membership.kpj == kpj)) is None:
            return kpj


def pu_programmes(
    employer_programmes: str, size: SizeClass, age: int, start: date
) -> frozenset[Programme]:
    """A wage earner's programmes: the employer's, and JKP when the worker is eligible for it."""
    programmes = parse_programmes(employer_programmes)
    if jkp_eligible(programmes, size, age, start):
        programmes = programmes | {Programme.JKP}
    return programmes


def _new_membership(session: Session, data: WorkerInput, age: int) -> Membership:
    """The membership row for *data*, checked against its segment's rules (no person yet)."""
    segment = data.segment
    errors: list[FieldError] = []
    office_id: int | None = None
    employer: Employer | None = None
    project: Project | None = None
    agent_id: int | None = None
    programmes = data.programmes
    wage = data.wage
    income = None
    if segment is Segment.PU:
        if wage is None or wage <= 0:
            errors.append(FieldError("wage", _("Upah sebulan wajib diisi dan lebih dari Rp0")))
        employer = _worker_employer(session, data, errors)
        if employer.registered_on > data.start_date or (
            employer.na_date is not None and employer.na_date <= data.start_date
        ):
            errors.append(
                FieldError(
                    "start_date",
                    _("Pemberi kerja {name} tidak aktif pada tanggal mulai").format(
                        name=employer.name
                    ),
                )
            )
        office_id = employer.office_id
        if programmes is None:
            programmes = pu_programmes(
                employer.programmes, employer.size_class, age, data.start_date
            )
        try:
            check_programmes(
                segment,
                programmes,
                on=data.start_date,
                size=employer.size_class,
                age_at_registration=age,
            )
        except ValidationError as exc:
            errors.extend(exc.errors)
    elif segment is Segment.JAKON:
        project = _worker_project(session, data, errors)
        employer = session.get(Employer, project.employer_id)
        office_id = project.office_id
        programmes = programmes or frozenset({Programme.JKK, Programme.JKM})
        try:
            check_programmes(segment, programmes, on=data.start_date)
        except ValidationError as exc:
            errors.extend(exc.errors)
    else:
        if not data.office_code:
            raise ValidationError.single("office", _("Kantor cabang pendaftar wajib dipilih"))
        office_id = office_by_code(session, data.office_code).id
        programmes = programmes or frozenset({Programme.JKK, Programme.JKM})
        income = _informal_income(data, programmes, errors)
        agent_id = _recruiting_agent(session, data, errors)
    if errors:
        raise ValidationError(errors)
    assert office_id is not None and programmes is not None
    return Membership(
        segment=segment,
        office_id=office_id,
        employer_id=employer.id if employer is not None else None,
        project_id=project.id if project is not None else None,
        agent_id=agent_id,
        programmes=programmes_text(programmes),
        wage=wage if segment in (Segment.PU, Segment.JAKON) else None,
        declared_income=income,
        contract_months=data.contract_months if segment is Segment.PMI else None,
        destination=(data.destination or "").strip() or None if segment is Segment.PMI else None,
        job_title=data.job_title.strip(),
        start_date=data.start_date,
    )


def _worker_project(session: Session, data: WorkerInput, errors: list[FieldError]) -> Project:
    """The construction project of a Jakon worker, by its number; the start within its term."""
    if not data.project_no:
        raise ValidationError.single(
            "project", _("Pekerja jasa konstruksi harus di bawah proyek (nomor proyek)")
        )
    project = session.scalar(select(Project).where(Project.project_no == data.project_no.strip()))
    if project is None:
        raise ValidationError.single(
            "project", _("Proyek {no} tidak ada").format(no=data.project_no)
        )
    if not project.start_date <= data.start_date <= project.end_date:
        errors.append(FieldError("start_date", _("Tanggal mulai harus di dalam masa proyek")))
    return project


def _worker_employer(session: Session, data: WorkerInput, errors: list[FieldError]) -> Employer:
    """The employer of a wage earner, by the NPP typed; the errors so far go with its own."""
    if not data.employer_npp:
        errors.append(
            FieldError("employer", _("Pekerja penerima upah harus di bawah pemberi kerja (NPP)"))
        )
        raise ValidationError(errors)
    try:
        npp = employer_npp(data.employer_npp)
    except ValidationError as exc:
        raise ValidationError([*exc.errors, *errors]) from None
    employer = session.scalar(select(Employer).where(Employer.npp == npp))
    if employer is None:
        errors.insert(
            0,
            FieldError("employer", _("Pemberi kerja dengan NPP {npp} tidak ada").format(npp=npp)),
        )
        raise ValidationError(errors)
    return employer


def _informal_income(
    data: WorkerInput, programmes: frozenset[Programme], errors: list[FieldError]
) -> int | None:
    """The income a BPU member contributes on (checked with the contribution rules); for a migrant
    worker, the placement checked and None."""
    segment = data.segment
    income = None
    try:
        if segment is Segment.BPU:
            if data.declared_income is None:
                raise ValidationError.single("income", _("Penghasilan yang dilaporkan wajib diisi"))
            income = bpu_contribution(
                data.declared_income, Period.of(data.start_date), programmes
            ).basis
        else:
            if data.contract_months is None:
                raise ValidationError.single("months", _("Lama kontrak kerja (bulan) wajib diisi"))
            pmi_contribution(data.contract_months, data.start_date)
            check_programmes(segment, programmes, on=data.start_date)
    except ValidationError as exc:
        errors.extend(exc.errors)
    return income


def _recruiting_agent(session: Session, data: WorkerInput, errors: list[FieldError]) -> int | None:
    """The Perisai agent who recruited an informal worker, if one is named and was active."""
    if not data.agent_nik:
        return None
    if data.segment is not Segment.BPU:
        errors.append(FieldError("agent", _("Agen Perisai hanya merekrut peserta BPU")))
        return None
    agent = session.scalar(select(Agent).where(Agent.nik == data.agent_nik.strip()))
    if agent is None:
        errors.append(FieldError("agent", _("Agen Perisai dengan NIK itu tidak ada")))
        return None
    if agent.joined_on > data.start_date or (
        agent.ended_on is not None and agent.ended_on < data.start_date
    ):
        errors.append(
            FieldError(
                "agent",
                _("Agen Perisai {name} tidak aktif pada tanggal mulai").format(name=agent.name),
            )
        )
        return None
    return agent.id


_END_REASON_LABELS = {
    EndReason.MENGUNDURKAN_DIRI: N_("Mengundurkan diri"),
    EndReason.PHK: N_("Pemutusan hubungan kerja (PHK)"),
    EndReason.MENINGGAL: N_("Meninggal dunia"),
    EndReason.KONTRAK_BERAKHIR: N_("Kontrak kerja berakhir"),
    EndReason.BERHENTI_MEMBAYAR: N_("Berhenti membayar iuran (BPU)"),
    EndReason.PENSIUN: N_("Mencapai usia pensiun"),
    EndReason.PINDAH: N_("Pindah ke pemberi kerja lain"),
}

# Why each segment's membership may end. An informal member is not dismissed and does not resign
# from an employer; only informal members "stop paying" (domain.md §4.5); moving to another
# employer goes through move_worker, which opens the next membership in the same transaction.
_END_REASONS = {
    Segment.PU: (
        EndReason.MENGUNDURKAN_DIRI, EndReason.PHK, EndReason.KONTRAK_BERAKHIR,
        EndReason.PENSIUN, EndReason.MENINGGAL,
    ),
    Segment.JAKON: (
        EndReason.KONTRAK_BERAKHIR, EndReason.MENGUNDURKAN_DIRI, EndReason.PHK,
        EndReason.MENINGGAL,
    ),
    Segment.BPU: (EndReason.BERHENTI_MEMBAYAR, EndReason.PENSIUN, EndReason.MENINGGAL),
    Segment.PMI: (
        EndReason.KONTRAK_BERAKHIR, EndReason.MENGUNDURKAN_DIRI, EndReason.PHK,
        EndReason.MENINGGAL,
    ),
}  # fmt: skip


def end_reason_label(reason: EndReason) -> str:
    return _(_END_REASON_LABELS[reason])


def end_reasons_for(segment: Segment) -> tuple[EndReason, ...]:
    """The reasons a membership of *segment* may be ended for, the usual one first."""
    return _END_REASONS[segment]


@scope.guarded
def end_membership(
    db: Database, actor: Actor, kpj: str, end_date: date, reason: EndReason
) -> WorkerRow:
    """End a membership on *end_date* (its last covered day) for *reason*."""
    require(actor, "membership.end")
    kpj = validate_kpj(kpj)
    with db.write() as session:
        membership = membership_in_scope(session, actor, kpj)
        if membership.end_date is not None:
            raise ConflictError(
                _("Kepesertaan KPJ {kpj} sudah berakhir pada {day}").format(
                    kpj=kpj, day=format_date(membership.end_date)
                )
            )
        if reason not in end_reasons_for(membership.segment):
            raise ValidationError.single(
                "reason",
                _("Sebab berakhir {reason} tidak berlaku untuk peserta {segment}").format(
                    reason=end_reason_label(reason), segment=membership.segment.value
                )
                if reason is not EndReason.PINDAH
                else _(
                    "Pindah pemberi kerja dicatat lewat tombol Pindahkan ke pemberi kerja lain, bukan diakhiri"
                ),
            )
        if end_date < membership.start_date:
            raise ValidationError.single(
                "end_date",
                _("Tanggal berakhir tidak boleh sebelum tanggal mulai {day}").format(
                    day=format_date(membership.start_date)
                ),
            )
        if end_date > today_wib():
            raise ValidationError.single(
                "end_date", _("Tanggal berakhir tidak boleh sesudah hari ini")
            )
        membership.end_date = end_date
        membership.end_reason = reason
        audit.record(
            session, actor, "membership.end", "membership", membership.id,
            {"kpj": kpj, "end_date": end_date, "reason": reason},
        )  # fmt: skip
        return _worker_row(session, membership)


def _require_office(session: Session, actor: Actor, office_id: int) -> None:
    """A record is written only for one of *actor*'s offices (else the office "does not
    exist" for them, as the office field's own error says)."""
    scope.require_in_scope(
        session, actor, office_id, "office", office_id, _("Kantor yang dipilih tidak ada")
    )


@scope.guarded
def get_member(
    db: Database,
    *,
    kpj: str | None = None,
    nik: str | None = None,
    actor: Actor | None = None,
) -> WorkerRow:
    """A member by KPJ, or the current (else latest) membership of a person by NIK, among the
    memberships of *actor*'s offices."""
    with db.read() as session:
        if kpj is not None:
            return _worker_row(session, membership_in_scope(session, actor, kpj))
        if nik is not None:
            info = parse_nik(nik)
            offices = scope.offices_in_scope(session, actor)
            membership = session.scalar(
                select(Membership)
                .join(Person, Person.id == Membership.person_id)
                .where(Person.nik == info.nik, scope.in_scope(Membership.office_id, offices))
                .order_by(Membership.end_date.is_not(None), Membership.start_date.desc())
                .limit(1)
            )
            if membership is None:
                raise NotFoundError(_("Tidak ada peserta dengan NIK {nik}").format(nik=info.nik))
            return _worker_row(session, membership)
        raise ValueError("give kpj or nik")


def active_members_of(
    db: Database, npp: str, on: date, *, actor: Actor | None = None
) -> list[WorkerRow]:
    """The workers of an employer active on *on* (small employers; lists page in the UI), of
    *actor*'s offices (an employer elsewhere has none for *actor*)."""
    npp = validate_npp(npp)
    with db.read() as session:
        offices = scope.offices_in_scope(session, actor)
        memberships = session.scalars(
            select(Membership)
            .join(Employer, Employer.id == Membership.employer_id)
            .where(
                Employer.npp == npp,
                scope.in_scope(Membership.office_id, offices),
                Membership.start_date <= on,
                or_(Membership.end_date.is_(None), Membership.end_date >= on),
            )
            .order_by(Membership.kpj)
        ).all()
        return [_worker_row(session, m) for m in memberships]


@scope.guarded
def get_member_detail(db: Database, kpj: str, *, actor: Actor | None = None) -> MemberDetail:
    """A membership by KPJ with its person and the fields the edit dialog shows (of *actor*'s
    offices)."""
    kpj = validate_kpj(kpj)
    with db.read() as session:
        membership = membership_in_scope(session, actor, kpj)
        person = session.get(Person, membership.person_id)
        assert person is not None
        employer = session.get(Employer, membership.employer_id) if membership.employer_id else None
        project = session.get(Project, membership.project_id) if membership.project_id else None
        agent = session.get(Agent, membership.agent_id) if membership.agent_id else None
        return MemberDetail(
            _worker_row(session, membership),
            _person_row(person),
            membership.job_title,
            membership.declared_income,
            membership.contract_months,
            membership.destination,
            project.project_no if project else None,
            agent.nik if agent else None,
            employer.regency_code if employer else None,
            RiskGroup(employer.risk_group) if employer else None,
            employer.size_class if employer else None,
            employer.labour_intensive if employer else False,
        )


def _person_row(person: Person) -> PersonRow:
    return PersonRow(*person_identity(person), person.phone, person.regency_code)


# --- wages ---------------------------------------------------------------------------------------


def wage_warning(wage: int | None, regency_code: str, on: date) -> str | None:
    """The warning a wage earns when it is below the minimum wage where the employer works.

    A wage below the UMK (or the UMP where a regency has none on record) is allowed only where the
    law allows it and points to a partial registration of wages (PDS Upah, domain.md §6.3), so the
    form warns and does not refuse. A year with no minimum on record says so instead.
    """
    if wage is None or wage <= 0:
        return None
    place = regency_name(regency_code) or regency_code
    minimum = minimum_wage(regency_code, on)
    if minimum is None:
        return _(
            "Upah minimum {place} tahun {year} belum tercatat; bandingkan upah dengan UMK secara "
            "manual"
        ).format(place=place, year=on.year)
    if wage >= minimum.amount:
        return None
    where = place if minimum.kind == "UMK" else _("Jawa Timur")
    return _(
        "Upah {wage} di bawah {kind} {place} {year} ({minimum}): periksa apakah upah dilaporkan "
        "sebagian (PDS upah)"
    ).format(
        wage=format_rupiah(wage),
        kind=minimum.kind,
        place=where,
        year=on.year,
        minimum=format_rupiah(minimum.amount),
    )
