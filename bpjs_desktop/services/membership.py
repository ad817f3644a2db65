"""Membership: employers, workers of every segment, Perisai agents, construction projects."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from bpjs_desktop.db.engine import Database
from bpjs_desktop.db.models import (
    Agent,
    Employer,
    EmployerStatus,
    EndReason,
    Membership,
    Office,
    Person,
    Project,
    User,
)
from bpjs_desktop.domain.contributions import bpu_contribution, jakon_contribution, pmi_contribution
from bpjs_desktop.domain.identifiers import (
    IdentifierError,
    Sex,
    make_kpj,
    make_npp,
    nik_discrepancies,
    parse_nik,
    parse_npwp,
    validate_kpj,
    validate_npp,
)
from bpjs_desktop.domain.periods import Period, age_on, format_date, today_wib
from bpjs_desktop.domain.programmes import (
    Programme,
    RiskGroup,
    Segment,
    SizeClass,
    check_programmes,
    jkp_eligible,
    mandatory_programmes,
    parse_programmes,
    programmes_text,
    risk_group_for_kbli,
)
from bpjs_desktop.domain.regions import JATIM_REGENCIES, is_known_regency
from bpjs_desktop.errors import ConflictError, FieldError, NotFoundError, ValidationError
from bpjs_desktop.i18n import _
from bpjs_desktop.services import audit
from bpjs_desktop.services.context import Actor, require
from bpjs_desktop.services.counters import next_value

# --- rows handed to the UI ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class EmployerRow:
    id: int
    npp: str
    name: str
    office_code: str
    size_class: SizeClass
    risk_group: RiskGroup
    programmes: str
    status: EmployerStatus
    registered_on: date
    regency_code: str


@dataclass(frozen=True, slots=True)
class WorkerRow:
    membership_id: int
    person_id: int
    kpj: str
    nik: str
    name: str
    birth_date: date
    sex: str
    segment: Segment
    office_code: str
    employer_npp: str | None
    employer_name: str | None
    programmes: str
    wage: int | None
    start_date: date
    end_date: date | None
    end_reason: EndReason | None

    @property
    def active(self) -> bool:
        return self.end_date is None or self.end_date >= today_wib()

    def active_on(self, day: date) -> bool:
        return self.start_date <= day and (self.end_date is None or self.end_date >= day)


@dataclass(frozen=True, slots=True)
class AgentRow:
    id: int
    nik: str
    name: str
    office_code: str
    joined_on: date
    ended_on: date | None


@dataclass(frozen=True, slots=True)
class ProjectRow:
    id: int
    project_no: str
    name: str
    employer_npp: str
    contract_value: int
    contribution: int
    start_date: date
    end_date: date


# --- inputs ---------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class EmployerInput:
    name: str
    kbli: str
    size_class: SizeClass
    office_code: str
    regency_code: str
    registered_on: date
    legal_form: str = ""
    npwp: str = ""
    nib: str = ""
    risk_group: RiskGroup | None = None  # default: implied by the KBLI code
    programmes: frozenset[Programme] | None = None  # default: mandatory for the size
    labour_intensive: bool = False
    address: str = ""
    postal_code: str = ""
    contact_name: str = ""
    contact_phone: str = ""
    contact_email: str = ""
    ar_username: str | None = None
    npp: str | None = None  # an existing (legacy) NPP taken over; otherwise one is issued


@dataclass(frozen=True, slots=True)
class WorkerInput:
    nik: str
    name: str
    birth_date: date
    sex: Sex
    segment: Segment
    start_date: date
    birth_place: str = ""
    mother_name: str = ""
    phone: str = ""
    employer_npp: str | None = None  # PU
    project_no: str | None = None  # JAKON
    agent_nik: str | None = None  # BPU recruited by a Perisai agent
    office_code: str | None = None  # BPU, PMI (PU and JAKON take the employer's / project's)
    wage: int | None = None  # PU (required), JAKON (optional)
    declared_income: int | None = None  # BPU
    contract_months: int | None = None  # PMI
    destination: str | None = None  # PMI
    programmes: frozenset[Programme] | None = None
    job_title: str = ""
    extra: dict[str, str] = field(default_factory=dict)


# --- helpers -------------------------------------------------------------------------------------


def office_by_code(session: Session, code: str, field_name: str = "office") -> Office:
    office = session.scalar(select(Office).where(Office.code == code.strip().upper()))
    if office is None:
        raise ValidationError.single(
            field_name, _("Kantor dengan kode {code} tidak ada").format(code=code)
        )
    return office


def _employer_row(employer: Employer, office_code: str) -> EmployerRow:
    return EmployerRow(
        employer.id,
        employer.npp,
        employer.name,
        office_code,
        employer.size_class,
        RiskGroup(employer.risk_group),
        employer.programmes,
        employer.status,
        employer.registered_on,
        employer.regency_code,
    )


def _not_future(day: date, field_name: str, label: str) -> FieldError | None:
    if day > today_wib():
        return FieldError(field_name, _("{label} tidak boleh sesudah hari ini").format(label=label))
    return None


def member_description(session: Session, person: Person) -> str:
    """How an existing member is named in a duplicate error: name, KPJ, where, status."""
    membership = session.scalar(
        select(Membership)
        .where(Membership.person_id == person.id)
        .order_by(Membership.end_date.is_not(None), Membership.start_date.desc())
        .limit(1)
    )
    if membership is None:
        return person.name
    where = ""
    if membership.employer_id is not None:
        employer = session.get(Employer, membership.employer_id)
        if employer is not None:
            where = f", {employer.name} (NPP {employer.npp})"
    status = (
        _("aktif sejak {day}").format(day=format_date(membership.start_date))
        if membership.end_date is None
        else _("berakhir {day}").format(day=format_date(membership.end_date))
    )
    return f"{person.name}, KPJ {membership.kpj} ({membership.segment.value}{where}, {status})"


# --- employers -----------------------------------------------------------------------------------


def register_employer(db: Database, actor: Actor, data: EmployerInput) -> EmployerRow:
    """Register an employer (PK/BU); issue its NPP unless an existing one is taken over."""
    require(actor, "employer.register")
    errors: list[FieldError] = []
    name = " ".join(data.name.split())
    if len(name) < 3:
        errors.append(
            FieldError("name", _("Nama badan usaha wajib diisi (paling sedikit 3 huruf)"))
        )
    risk_group = data.risk_group
    try:
        implied = risk_group_for_kbli(data.kbli)
        risk_group = risk_group or implied
    except ValidationError as exc:
        errors.extend(exc.errors)
    npwp15 = npwp16 = None
    if data.npwp.strip():
        try:
            npwp = parse_npwp(data.npwp)
            npwp15, npwp16 = npwp.npwp15, npwp.npwp16
        except IdentifierError as exc:
            errors.extend(exc.errors)
    nib = data.nib.strip()
    if nib and (len(nib) != 13 or not nib.isdigit()):
        errors.append(FieldError("nib", _("NIB harus 13 digit")))
    if not is_known_regency(data.regency_code) or len(data.regency_code) != 4:
        errors.append(
            FieldError(
                "regency",
                _("Kode kabupaten/kota {code} tidak dikenal").format(code=data.regency_code),
            )
        )
    if (
        problem := _not_future(data.registered_on, "registered_on", _("Tanggal terdaftar"))
    ) is not None:
        errors.append(problem)
    programmes = data.programmes
    if programmes is None:
        programmes = mandatory_programmes(Segment.PU, data.size_class, data.registered_on)
    try:
        check_programmes(Segment.PU, programmes, on=data.registered_on, size=data.size_class)
    except ValidationError as exc:
        errors.extend(exc.errors)
    npp = None
    if data.npp:
        try:
            npp = validate_npp(data.npp)
        except IdentifierError as exc:
            errors.extend(exc.errors)
    if errors:
        raise ValidationError(errors)
    assert risk_group is not None
    with db.write() as session:
        office = office_by_code(session, data.office_code)
        ar_id = None
        if data.ar_username:
            ar_id = session.scalar(
                select(User.id).where(User.username == data.ar_username.strip().lower())
            )
            if ar_id is None:
                raise ValidationError.single(
                    "ar", _("Pengguna {username} tidak ada").format(username=data.ar_username)
                )
        if npp is not None:
            existing = session.scalar(select(Employer).where(Employer.npp == npp))
            if existing is not None:
                raise ConflictError(
                    _("NPP {npp} sudah terdaftar atas nama {name}").format(
                        npp=npp, name=existing.name
                    )
                )
        else:
            npp = _issue_npp(session, data.registered_on)
        if npwp16 is not None:
            existing = session.scalar(select(Employer).where(Employer.npwp16 == npwp16))
            if existing is not None:
                raise ConflictError(
                    _("NPWP ini sudah dipakai {name} (NPP {npp})").format(
                        name=existing.name, npp=existing.npp
                    )
                )
        employer = Employer(
            npp=npp,
            name=name,
            legal_form=data.legal_form.strip(),
            npwp15=npwp15,
            npwp16=npwp16,
            nib=nib or None,
            kbli=data.kbli.strip(),
            risk_group=int(risk_group),
            size_class=data.size_class,
            labour_intensive=data.labour_intensive,
            programmes=programmes_text(programmes),
            office_id=office.id,
            address=data.address.strip(),
            regency_code=data.regency_code,
            postal_code=data.postal_code.strip(),
            contact_name=data.contact_name.strip(),
            contact_phone=data.contact_phone.strip(),
            contact_email=data.contact_email.strip(),
            ar_user_id=ar_id,
            registered_on=data.registered_on,
            status=EmployerStatus.AKTIF,
        )
        session.add(employer)
        session.flush()
        audit.record(
            session, actor, "employer.register", "employer", employer.id,
            {"npp": npp, "name": name, "office": office.code, "programmes": employer.programmes},
        )  # fmt: skip
        return _employer_row(employer, office.code)


def _issue_npp(session: Session, on: date) -> str:
    """The next free NPP of the year (skipping numbers already taken over from legacy records)."""
    while True:
        npp = make_npp(on.year, next_value(session, f"npp:{on.year % 100:02d}"))
        if session.scalar(select(Employer.id).where(Employer.npp == npp)) is None:
            return npp


def get_employer(db: Database, npp: str) -> EmployerRow:
    npp = validate_npp(npp)
    with db.read() as session:
        row = session.execute(
            select(Employer, Office.code)
            .join(Office, Office.id == Employer.office_id)
            .where(Employer.npp == npp)
        ).first()
        if row is None:
            raise NotFoundError(_("Pemberi kerja dengan NPP {npp} tidak ada").format(npp=npp))
        return _employer_row(row[0], row[1])


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


def register_worker(db: Database, actor: Actor, data: WorkerInput) -> WorkerRow:
    """Register a person and their membership in one segment; issue the KPJ number.

    Raises:
        ValidationError: every field that is wrong, by name.
        ConflictError: the NIK belongs to an existing member, who is named.
    """
    require(actor, "worker.register")
    errors: list[FieldError] = []
    nik_info = None
    try:
        nik_info = parse_nik(data.nik)
        errors.extend(nik_discrepancies(nik_info, birth_date=data.birth_date, sex=data.sex))
    except IdentifierError as exc:
        errors.extend(exc.errors)
    name = " ".join(data.name.split()).upper()
    if len(name) < 2 or any(ch.isdigit() for ch in name):
        errors.append(FieldError("name", _("Nama sesuai KTP wajib diisi, tanpa angka")))
    if (problem := _not_future(data.start_date, "start_date", _("Tanggal mulai"))) is not None:
        errors.append(problem)
    age = age_on(data.birth_date, data.start_date)
    if age < 15:
        errors.append(
            FieldError(
                "birth_date", _("Peserta harus berusia paling sedikit 15 tahun pada tanggal mulai")
            )
        )
    if errors:
        raise ValidationError(errors)
    assert nik_info is not None

    with db.write() as session:
        existing = session.scalar(select(Person).where(Person.nik == nik_info.nik))
        if existing is not None:
            raise ConflictError(
                _("NIK {nik} sudah terdaftar: {member}").format(
                    nik=nik_info.nik, member=member_description(session, existing)
                )
            )
        membership = _new_membership(session, data, age)
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
        audit.record(
            session, actor, "worker.register", "membership", membership.id,
            {"kpj": membership.kpj, "person_id": person.id, "segment": data.segment,
             "programmes": membership.programmes},
        )  # fmt: skip
        return _worker_row(session, membership)


def _issue_kpj(session: Session, on: date) -> str:
    while True:
        kpj = make_kpj(on.year, next_value(session, f"kpj:{on.year % 100:02d}"))
        if session.scalar(select(Membership.id).where(Membership.kpj == kpj)) is None:
            return kpj


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
        if not data.employer_npp:
            raise ValidationError.single(
                "employer", _("Pekerja penerima upah harus di bawah pemberi kerja (NPP)")
            )
        npp = validate_npp(data.employer_npp)
        employer = session.scalar(select(Employer).where(Employer.npp == npp))
        if employer is None:
            raise ValidationError.single(
                "employer", _("Pemberi kerja dengan NPP {npp} tidak ada").format(npp=npp)
            )
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
        if wage is None or wage <= 0:
            errors.append(FieldError("wage", _("Upah sebulan wajib diisi dan lebih dari Rp0")))
        if programmes is None:
            programmes = parse_programmes(employer.programmes)
            if jkp_eligible(programmes, employer.size_class, age, data.start_date):
                programmes = programmes | {Programme.JKP}
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
        if not data.project_no:
            raise ValidationError.single(
                "project", _("Pekerja jasa konstruksi harus di bawah proyek (nomor proyek)")
            )
        project = session.scalar(
            select(Project).where(Project.project_no == data.project_no.strip())
        )
        if project is None:
            raise ValidationError.single(
                "project", _("Proyek {no} tidak ada").format(no=data.project_no)
            )
        if not project.start_date <= data.start_date <= project.end_date:
            errors.append(FieldError("start_date", _("Tanggal mulai harus di dalam masa proyek")))
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
        try:
            if segment is Segment.BPU:
                if data.declared_income is None:
                    raise ValidationError.single(
                        "income", _("Penghasilan yang dilaporkan wajib diisi")
                    )
                income = bpu_contribution(
                    data.declared_income, Period.of(data.start_date), programmes
                ).basis
            else:
                if data.contract_months is None:
                    raise ValidationError.single(
                        "months", _("Lama kontrak kerja (bulan) wajib diisi")
                    )
                pmi_contribution(data.contract_months, data.start_date)
                check_programmes(segment, programmes, on=data.start_date)
        except ValidationError as exc:
            errors.extend(exc.errors)
        if data.agent_nik:
            if segment is not Segment.BPU:
                errors.append(FieldError("agent", _("Agen Perisai hanya merekrut peserta BPU")))
            else:
                agent = session.scalar(select(Agent).where(Agent.nik == data.agent_nik.strip()))
                if agent is None:
                    errors.append(FieldError("agent", _("Agen Perisai dengan NIK itu tidak ada")))
                elif agent.joined_on > data.start_date or (
                    agent.ended_on is not None and agent.ended_on < data.start_date
                ):
                    errors.append(
                        FieldError(
                            "agent",
                            _("Agen Perisai {name} tidak aktif pada tanggal mulai").format(
                                name=agent.name
                            ),
                        )
                    )
                else:
                    agent_id = agent.id
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


def end_membership(
    db: Database, actor: Actor, kpj: str, end_date: date, reason: EndReason
) -> WorkerRow:
    """End a membership on *end_date* (its last covered day) for *reason*."""
    require(actor, "membership.end")
    kpj = validate_kpj(kpj)
    with db.write() as session:
        membership = session.scalar(select(Membership).where(Membership.kpj == kpj))
        if membership is None:
            raise NotFoundError(_("Peserta dengan KPJ {kpj} tidak ada").format(kpj=kpj))
        if membership.end_date is not None:
            raise ConflictError(
                _("Kepesertaan KPJ {kpj} sudah berakhir pada {day}").format(
                    kpj=kpj, day=format_date(membership.end_date)
                )
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


def get_member(db: Database, *, kpj: str | None = None, nik: str | None = None) -> WorkerRow:
    """A member by KPJ, or the current (else latest) membership of a person by NIK."""
    with db.read() as session:
        if kpj is not None:
            kpj = validate_kpj(kpj)
            membership = session.scalar(select(Membership).where(Membership.kpj == kpj))
            if membership is None:
                raise NotFoundError(_("Peserta dengan KPJ {kpj} tidak ada").format(kpj=kpj))
        elif nik is not None:
            info = parse_nik(nik)
            membership = session.scalar(
                select(Membership)
                .join(Person, Person.id == Membership.person_id)
                .where(Person.nik == info.nik)
                .order_by(Membership.end_date.is_not(None), Membership.start_date.desc())
                .limit(1)
            )
            if membership is None:
                raise NotFoundError(_("Tidak ada peserta dengan NIK {nik}").format(nik=info.nik))
        else:
            raise ValueError("give kpj or nik")
        return _worker_row(session, membership)


def active_members_of(db: Database, npp: str, on: date) -> list[WorkerRow]:
    """The workers of an employer active on *on* (small employers; lists page in the UI)."""
    npp = validate_npp(npp)
    with db.read() as session:
        memberships = session.scalars(
            select(Membership)
            .join(Employer, Employer.id == Membership.employer_id)
            .where(
                Employer.npp == npp,
                Membership.start_date <= on,
                or_(Membership.end_date.is_(None), Membership.end_date >= on),
            )
            .order_by(Membership.kpj)
        ).all()
        return [_worker_row(session, m) for m in memberships]


# --- Perisai agents and construction projects ----------------------------------------------------


def register_agent(
    db: Database, actor: Actor, *, nik: str, name: str, office_code: str, joined_on: date
) -> AgentRow:
    require(actor, "agent.register")
    info = parse_nik(nik)
    clean_name = " ".join(name.split()).upper()
    if len(clean_name) < 2:
        raise ValidationError.single("name", _("Nama agen wajib diisi"))
    if joined_on > today_wib():
        raise ValidationError.single(
            "joined_on", _("Tanggal bergabung tidak boleh sesudah hari ini")
        )
    with db.write() as session:
        office = office_by_code(session, office_code)
        if session.scalar(select(Agent.id).where(Agent.nik == info.nik)) is not None:
            raise ConflictError(_("Agen dengan NIK {nik} sudah terdaftar").format(nik=info.nik))
        agent = Agent(nik=info.nik, name=clean_name, office_id=office.id, joined_on=joined_on)
        session.add(agent)
        session.flush()
        audit.record(session, actor, "agent.register", "agent", agent.id, {"office": office.code})
        return AgentRow(agent.id, agent.nik, agent.name, office.code, joined_on, None)


def register_project(
    db: Database,
    actor: Actor,
    *,
    employer_npp: str,
    name: str,
    contract_value: int,
    start_date: date,
    end_date: date,
    regency_code: str,
) -> ProjectRow:
    """Register a construction project and its one-off contribution from the contract value."""
    require(actor, "project.register")
    errors: list[FieldError] = []
    if len(name.strip()) < 3:
        errors.append(FieldError("name", _("Nama proyek wajib diisi")))
    if end_date < start_date:
        errors.append(
            FieldError("end_date", _("Tanggal selesai proyek tidak boleh sebelum tanggal mulai"))
        )
    if regency_code not in JATIM_REGENCIES and not is_known_regency(regency_code):
        errors.append(
            FieldError(
                "regency", _("Kode kabupaten/kota {code} tidak dikenal").format(code=regency_code)
            )
        )
    try:
        contribution = jakon_contribution(contract_value, start_date)
    except ValidationError as exc:
        errors.extend(exc.errors)
    if errors:
        raise ValidationError(errors)
    npp = validate_npp(employer_npp)
    with db.write() as session:
        employer = session.scalar(select(Employer).where(Employer.npp == npp))
        if employer is None:
            raise ValidationError.single(
                "employer", _("Pemberi kerja dengan NPP {npp} tidak ada").format(npp=npp)
            )
        sequence = next_value(session, f"project:{start_date.year % 100:02d}")
        project = Project(
            project_no=f"{start_date.year % 100:02d}{sequence:011d}",
            employer_id=employer.id,
            office_id=employer.office_id,
            name=name.strip(),
            regency_code=regency_code,
            contract_value=contract_value,
            contribution=contribution.total,
            start_date=start_date,
            end_date=end_date,
        )
        session.add(project)
        session.flush()
        audit.record(
            session, actor, "project.register", "project", project.id,
            {"project_no": project.project_no, "contract_value": contract_value, "contribution": contribution.total},
        )  # fmt: skip
        return ProjectRow(
            project.id,
            project.project_no,
            project.name,
            npp,
            contract_value,
            contribution.total,
            start_date,
            end_date,
        )
