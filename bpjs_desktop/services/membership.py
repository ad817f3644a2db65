"""Membership: employers, workers of every segment, Perisai agents, construction projects."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field, fields, replace
from datetime import date, timedelta
from difflib import SequenceMatcher
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from bpjs_desktop.db.engine import Database
from bpjs_desktop.db.models import (
    Agent,
    Claim,
    Employer,
    EmployerStatus,
    EndReason,
    Membership,
    Office,
    Person,
    Project,
    User,
)
from bpjs_desktop.domain import inputs
from bpjs_desktop.domain.claims import ClaimState, ClaimType
from bpjs_desktop.domain.contributions import bpu_contribution, jakon_contribution, pmi_contribution
from bpjs_desktop.domain.identifiers import (
    IdentifierError,
    NikInfo,
    Sex,
    make_kpj,
    make_npp,
    nik_discrepancies,
    parse_nik,
    parse_npwp,
    validate_kpj,
    validate_npp,
)
from bpjs_desktop.domain.masking import mask_nik
from bpjs_desktop.domain.money import format_rupiah
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
from bpjs_desktop.domain.regions import JATIM_REGENCIES, is_known_regency, regency_name
from bpjs_desktop.domain.wages import minimum_wage
from bpjs_desktop.errors import ConflictError, FieldError, NotFoundError, ValidationError
from bpjs_desktop.i18n import N_, _
from bpjs_desktop.services import audit, scope, wage_history
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
    labour_intensive: bool = False
    na_date: date | None = None  # BLTH NA: non-active from this date

    def active_on(self, day: date) -> bool:
        """Whether workers may be registered under this employer on *day*."""
        return self.registered_on <= day and (self.na_date is None or self.na_date > day)


@dataclass(frozen=True, slots=True)
class EmployerDetail:
    """Everything the employer form shows of a registered employer."""

    row: EmployerRow
    legal_form: str
    npwp15: str | None
    npwp16: str | None
    nib: str | None
    kbli: str
    address: str
    postal_code: str
    contact_name: str
    contact_phone: str
    contact_email: str
    ar_username: str | None


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
    employer_name: str = ""
    office_code: str = ""


@dataclass(frozen=True, slots=True)
class PersonRow:
    id: int
    nik: str
    name: str
    birth_date: date
    sex: Sex
    birth_place: str
    mother_name: str
    phone: str
    regency_code: str


@dataclass(frozen=True, slots=True)
class MemberDetail:
    """A membership with its person and the fields the edit dialog changes."""

    worker: WorkerRow
    person: PersonRow
    job_title: str
    declared_income: int | None
    contract_months: int | None
    destination: str | None
    project_no: str | None
    agent_nik: str | None
    employer_regency_code: str | None
    employer_risk_group: RiskGroup | None
    employer_size_class: SizeClass | None
    employer_labour_intensive: bool


@dataclass(frozen=True, slots=True)
class SimilarMember:
    """A registered person who may be the one being registered (a near match, not the same NIK)."""

    person_id: int
    nik: str
    name: str
    birth_date: date
    sex: Sex
    birth_place: str
    mother_name: str
    kpj: str | None  # the current (else latest) membership, if any
    membership: str  # segment, employer and status of that membership, for the user to read
    reasons: tuple[str, ...]  # why it is listed, in the user's language
    score: float  # for ordering: higher is closer


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


@dataclass(frozen=True, slots=True)
class PersonChanges:
    """Corrections to a person's data; ``None`` leaves a field as it is."""

    nik: str | None = None
    name: str | None = None
    birth_date: date | None = None
    sex: Sex | None = None
    birth_place: str | None = None
    mother_name: str | None = None
    phone: str | None = None

    def any(self) -> bool:
        return any(getattr(self, f.name) is not None for f in fields(self))


@dataclass(frozen=True, slots=True)
class MembershipChanges:
    """Changes to an active membership; ``None`` leaves a field as it is."""

    wage: int | None = None  # PU, JAKON
    declared_income: int | None = None  # BPU
    programmes: frozenset[Programme] | None = None
    job_title: str | None = None
    contract_months: int | None = None  # PMI
    destination: str | None = None  # PMI
    # The first day (its month counts) of a new wage or income: the months before keep the wage
    # they were billed and credited on (issue #10). None: from this month.
    wage_from: date | None = None

    def any(self) -> bool:
        return any(getattr(self, f.name) is not None for f in fields(self) if f.name != "wage_from")


# --- input normalisation (domain.inputs: the same rules as the import and the command line) ------


class _Cleaner:
    """Runs :mod:`bpjs_desktop.domain.inputs` checks, collecting every field that is wrong."""

    def __init__(self) -> None:
        self.errors: list[FieldError] = []

    def __call__(self, check: Any, value: Any, **kwargs: Any) -> Any:
        try:
            return check(value, **kwargs)
        except ValidationError as exc:
            self.errors.extend(exc.errors)
            return value

    def raise_errors(self) -> None:
        if self.errors:
            raise ValidationError(self.errors)


def clean_worker_input(data: WorkerInput) -> WorkerInput:
    """*data* with every text NFC, trimmed and within its column, its dates within the
    programme's life and its money within :data:`inputs.MAX_MONTHLY_AMOUNT`.

    Raises:
        ValidationError: every field that breaks one of these rules, by name.
    """
    c = _Cleaner()
    text = inputs.clean_text
    cleaned = replace(
        data,
        nik=c(inputs.digits, data.nik, field="nik", label=_("NIK"), max_length=32),
        name=c(inputs.person_name, data.name, field="name", label=_("Nama")),
        birth_place=c(text, data.birth_place, field="birth_place", label=_("Tempat lahir"),
                      max_length=80),
        mother_name=c(inputs.person_name, data.mother_name, field="mother_name",
                      label=_("Nama ibu kandung")),
        phone=c(inputs.phone, data.phone, field="phone", label=_("No. HP"), min_digits=0),
        job_title=c(text, data.job_title, field="job_title", label=_("Jabatan"), max_length=80),
        destination=(
            None if data.destination is None
            else c(text, data.destination, field="destination", label=_("Negara tujuan"),
                   max_length=60)
        ),
        employer_npp=c(text, data.employer_npp, field="employer", label=_("NPP"),
                       max_length=20) or None,
        project_no=c(text, data.project_no, field="project", label=_("Nomor proyek"),
                     max_length=20) or None,
        agent_nik=c(text, data.agent_nik, field="agent", label=_("NIK agen"),
                    max_length=32) or None,
        office_code=c(text, data.office_code, field="office", label=_("Kantor"),
                      max_length=20) or None,
    )  # fmt: skip
    c(inputs.day, data.birth_date, field="birth_date", label=_("Tanggal lahir"),
      earliest=inputs.EARLIEST_BIRTH)  # fmt: skip
    c(inputs.day, data.start_date, field="start_date", label=_("Tanggal mulai"))
    c(inputs.money, data.wage, field="wage", label=_("Upah sebulan"))
    c(inputs.money, data.declared_income, field="income", label=_("Penghasilan"))
    c.raise_errors()
    return cleaned


def clean_employer_input(data: EmployerInput) -> EmployerInput:
    """*data* normalised like :func:`clean_worker_input` (the employer's columns' lengths).

    Raises:
        ValidationError: every field that breaks one of these rules, by name.
    """
    c = _Cleaner()
    text = inputs.clean_text
    cleaned = replace(
        data,
        name=c(inputs.person_name, data.name, field="name", label=_("Nama badan usaha"),
               max_length=160, upper=False),
        kbli=c(text, data.kbli, field="kbli", label=_("KBLI"), max_length=5),
        legal_form=c(text, data.legal_form, field="legal_form", label=_("Bentuk badan usaha"),
                     max_length=20),
        npwp=c(text, data.npwp, field="npwp", label=_("NPWP"), max_length=32),
        nib=c(text, data.nib, field="nib", label=_("NIB"), max_length=13),
        address=c(text, data.address, field="address", label=_("Alamat"), max_length=200,
                  multiline=True),
        postal_code=c(text, data.postal_code, field="postal_code", label=_("Kode pos"),
                      max_length=5),
        contact_name=c(inputs.person_name, data.contact_name, field="contact_name",
                       label=_("Nama kontak"), upper=False),
        contact_phone=c(inputs.phone, data.contact_phone, field="contact_phone",
                        label=_("Telepon kontak"), min_digits=0),
        contact_email=c(text, data.contact_email, field="contact_email", label=_("Email"),
                        max_length=120),
        office_code=c(text, data.office_code, field="office", label=_("Kantor"), max_length=20),
        regency_code=c(text, data.regency_code, field="regency", label=_("Kabupaten/kota"),
                       max_length=4),
        npp=c(text, data.npp, field="npp", label=_("NPP"), max_length=20) or None,
    )  # fmt: skip
    c(inputs.day, data.registered_on, field="registered_on", label=_("Tanggal terdaftar"))
    c.raise_errors()
    if cleaned.nib and not inputs.is_ascii_digits(cleaned.nib):
        raise ValidationError.single("nib", _("NIB harus 13 digit"))
    if cleaned.postal_code and not inputs.is_ascii_digits(cleaned.postal_code):
        raise ValidationError.single("postal_code", _("Kode pos harus 5 digit"))
    return cleaned


def clean_person_changes(changes: PersonChanges) -> PersonChanges:
    """*changes* normalised like :func:`clean_worker_input` (None stays None)."""
    c = _Cleaner()
    text = inputs.clean_text

    def opt(check: Any, value: str | None, **kwargs: Any) -> Any:
        return None if value is None else c(check, value, **kwargs)

    cleaned = replace(
        changes,
        nik=opt(inputs.digits, changes.nik, field="nik", label=_("NIK"), max_length=32),
        name=opt(inputs.person_name, changes.name, field="name", label=_("Nama")),
        birth_place=opt(text, changes.birth_place, field="birth_place",
                        label=_("Tempat lahir"), max_length=80),
        mother_name=opt(inputs.person_name, changes.mother_name, field="mother_name",
                        label=_("Nama ibu kandung")),
        phone=opt(inputs.phone, changes.phone, field="phone", label=_("No. HP"), min_digits=0),
    )  # fmt: skip
    c(inputs.day, changes.birth_date, field="birth_date", label=_("Tanggal lahir"),
      earliest=inputs.EARLIEST_BIRTH)  # fmt: skip
    c.raise_errors()
    return cleaned


def clean_membership_changes(changes: MembershipChanges) -> MembershipChanges:
    """*changes* normalised like :func:`clean_worker_input` (None stays None)."""
    c = _Cleaner()
    text = inputs.clean_text
    cleaned = replace(
        changes,
        job_title=None if changes.job_title is None else c(
            text, changes.job_title, field="job_title", label=_("Jabatan"), max_length=80),
        destination=None if changes.destination is None else c(
            text, changes.destination, field="destination", label=_("Negara tujuan"),
            max_length=60),
    )  # fmt: skip
    c(inputs.money, changes.wage, field="wage", label=_("Upah sebulan"))
    c(inputs.money, changes.declared_income, field="income", label=_("Penghasilan"))
    c(inputs.day, changes.wage_from, field="wage_from", label=_("Berlaku mulai"))
    c.raise_errors()
    return cleaned


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
        employer.labour_intensive,
        employer.na_date,
    )


def _not_future(day: date, field_name: str, label: str) -> FieldError | None:
    if day > today_wib():
        return FieldError(field_name, _("{label} tidak boleh sesudah hari ini").format(label=label))
    return None


def _latest_membership(session: Session, person_id: int) -> Membership | None:
    """The person's current membership, else the one that started last."""
    return session.scalar(
        select(Membership)
        .where(Membership.person_id == person_id)
        .order_by(Membership.end_date.is_not(None), Membership.start_date.desc())
        .limit(1)
    )


def _membership_text(session: Session, membership: Membership) -> str:
    """``PU, PT X (NPP 18000001), aktif sejak 02/01/2018``: where and since when."""
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
    return f"{membership.segment.value}{where}, {status}"


def member_description(session: Session, person: Person) -> str:
    """How an existing member is named in a duplicate error: name, KPJ, where, status."""
    membership = _latest_membership(session, person.id)
    if membership is None:
        return person.name
    return f"{person.name}, KPJ {membership.kpj} ({_membership_text(session, membership)})"


# --- employers -----------------------------------------------------------------------------------


_EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


@scope.guarded
def register_employer(db: Database, actor: Actor, data: EmployerInput) -> EmployerRow:
    """Register an employer (PK/BU); issue its NPP unless an existing one is taken over."""
    require(actor, "employer.register")
    data = clean_employer_input(data)
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
    postal_code = data.postal_code.strip()
    if postal_code and (len(postal_code) != 5 or not postal_code.isdigit()):
        errors.append(FieldError("postal_code", _("Kode pos harus 5 digit")))
    email = data.contact_email.strip()
    if email and not _EMAIL_RE.match(email):
        errors.append(
            FieldError("contact_email", _("Alamat email tidak valid (misalnya nama@contoh.co.id)"))
        )
    if len(data.legal_form.strip()) > 20:
        errors.append(FieldError("legal_form", _("Bentuk badan usaha paling panjang 20 karakter")))
    if not data.regency_code:
        errors.append(FieldError("regency", _("Kabupaten/kota wajib dipilih")))
    elif not is_known_regency(data.regency_code) or len(data.regency_code) != 4:
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
        _require_office(session, actor, office.id)
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
            postal_code=postal_code,
            contact_name=data.contact_name.strip(),
            contact_phone=data.contact_phone.strip(),
            contact_email=email,
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


@scope.guarded
def get_employer(db: Database, npp: str, *, actor: Actor | None = None) -> EmployerRow:
    """An employer by NPP, if it belongs to *actor*'s offices (services/scope.py)."""
    npp = validate_npp(npp)
    with db.read() as session:
        row = session.execute(
            select(Employer, Office.code)
            .join(Office, Office.id == Employer.office_id)
            .where(Employer.npp == npp)
        ).first()
        missing = _("Pemberi kerja dengan NPP {npp} tidak ada").format(npp=npp)
        if row is None:
            raise NotFoundError(missing)
        scope.require_in_scope(session, actor, row[0].office_id, "employer", npp, missing)
        return _employer_row(row[0], row[1])


@scope.guarded
def get_employer_detail(db: Database, npp: str, *, actor: Actor | None = None) -> EmployerDetail:
    """An employer with the registration fields the form shows (of *actor*'s offices)."""
    npp = validate_npp(npp)
    with db.read() as session:
        row = session.execute(
            select(Employer, Office.code, User.username)
            .join(Office, Office.id == Employer.office_id)
            .outerjoin(User, User.id == Employer.ar_user_id)
            .where(Employer.npp == npp)
        ).first()
        missing = _("Pemberi kerja dengan NPP {npp} tidak ada").format(npp=npp)
        if row is None:
            raise NotFoundError(missing)
        employer, office_code, ar_username = row
        scope.require_in_scope(session, actor, employer.office_id, "employer", npp, missing)
        return EmployerDetail(
            _employer_row(employer, office_code),
            employer.legal_form,
            employer.npwp15,
            employer.npwp16,
            employer.nib,
            employer.kbli,
            employer.address,
            employer.postal_code,
            employer.contact_name,
            employer.contact_phone,
            employer.contact_email,
            ar_username,
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
    name = _clean_person_name(data.name, errors)
    if (problem := _not_future(data.start_date, "start_date", _("Tanggal mulai"))) is not None:
        errors.append(problem)
    age = age_on(data.birth_date, data.start_date)
    if age < MINIMUM_AGE:
        errors.append(_too_young())
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


MINIMUM_AGE = (
    15  # the youngest age at which a member may start (UU 13/2003 Pasal 68–69 [unverified])
)


def _too_young() -> FieldError:
    return FieldError(
        "birth_date", _("Peserta harus berusia paling sedikit 15 tahun pada tanggal mulai")
    )


def _clean_person_name(text: str, errors: list[FieldError]) -> str:
    name = " ".join(text.split()).upper()
    if len(name) < 2 or any(ch.isdigit() for ch in name):
        errors.append(FieldError("name", _("Nama sesuai KTP wajib diisi, tanpa angka")))
    return name


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


def _employer_npp(text: str) -> str:
    """An employer's NPP typed into a worker's or a project's data (errors on ``employer``)."""
    try:
        return validate_npp(text)
    except IdentifierError as exc:
        raise ValidationError.single("employer", exc.message) from None


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
        if not data.employer_npp:
            errors.append(
                FieldError(
                    "employer", _("Pekerja penerima upah harus di bawah pemberi kerja (NPP)")
                )
            )
            raise ValidationError(errors)
        try:
            npp = _employer_npp(data.employer_npp)
        except ValidationError as exc:
            raise ValidationError([*exc.errors, *errors]) from None
        employer = session.scalar(select(Employer).where(Employer.npp == npp))
        if employer is None:
            errors.insert(
                0,
                FieldError(
                    "employer", _("Pemberi kerja dengan NPP {npp} tidak ada").format(npp=npp)
                ),
            )
            raise ValidationError(errors)
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
        membership = session.scalar(select(Membership).where(Membership.kpj == kpj))
        _require_membership(session, actor, membership, kpj)
        assert membership is not None
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


def _require_membership(
    session: Session, actor: Actor | None, membership: Membership | None, kpj: str
) -> None:
    """ "Not found" for a KPJ that does not exist or is another branch's (audited)."""
    missing = _("Peserta dengan KPJ {kpj} tidak ada").format(kpj=kpj)
    if membership is None:
        raise NotFoundError(missing)
    scope.require_in_scope(session, actor, membership.office_id, "membership", kpj, missing)


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
            kpj = validate_kpj(kpj)
            membership = session.scalar(select(Membership).where(Membership.kpj == kpj))
            _require_membership(session, actor, membership, kpj)
            assert membership is not None
        elif nik is not None:
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
        else:
            raise ValueError("give kpj or nik")
        return _worker_row(session, membership)


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
        membership = session.scalar(select(Membership).where(Membership.kpj == kpj))
        _require_membership(session, actor, membership, kpj)
        assert membership is not None
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
    return PersonRow(
        person.id,
        person.nik,
        person.name,
        person.birth_date,
        Sex(person.sex),
        person.birth_place,
        person.mother_name,
        person.phone,
        person.regency_code,
    )


# --- near duplicates -----------------------------------------------------------------------------

# Words that are not part of a person's name: honorifics and religious titles before it, academic
# degrees after it (written with or without dots: "S.Pd." and "SPD" both read as SPD).
_NAME_PREFIXES = frozenset((
    "H", "HJ", "HAJI", "HAJAH", "KH", "DR", "DRS", "DRA", "DRG", "DRH", "IR", "PROF", "BPK",
    "BAPAK", "IBU", "SDR", "SDRI", "NY", "NYONYA", "TN", "TUAN", "UST", "USTADZ", "USTADZAH", "RA",
))  # fmt: skip
_NAME_SUFFIXES = frozenset((
    "SPD", "SPDI", "SE", "SH", "SKOM", "SSOS", "SAG", "SIP", "SS", "SSI", "SKM", "SKEP", "SPSI",
    "SFARM", "SST", "ST", "MM", "MSI", "MPD", "MH", "MT", "MKOM", "MAG", "MBA", "PHD", "AMD",
    "AMK", "AMKEP", "AMAK",
))  # fmt: skip
NAME_SIMILARITY = 0.85  # difflib ratio from which two names read as the same person's
SIMILAR_LIMIT = 10


def normalise_name(text: str) -> str:
    """A name reduced for comparison: upper case, no accents, punctuation or titles, one space.

    ``"Hj. Siti  Aminah, S.Pd."`` → ``"SITI AMINAH"``; ``"Ma'ruf"`` → ``"MARUF"``.
    """
    plain = "".join(
        ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch)
    )
    head = plain.upper().split(",", 1)[0]  # degrees usually follow a comma
    words = [re.sub(r"[^A-Z]", "", word) for word in re.split(r"[\s/]+", head)]
    words = [w for w in words if w]
    while len(words) > 1 and words[0] in _NAME_PREFIXES:
        words.pop(0)
    while len(words) > 1 and words[-1] in _NAME_SUFFIXES:
        words.pop()
    return " ".join(words)


def name_similarity(a: str, b: str) -> float:
    """How alike two *normalised* names are, 0 to 1; 1 for the same words in any order or
    when one name is the first words of the other (a short name on one record, the full one on
    another: "SITI AMINAH" and "SITI AMINAH BINTI ..."). Below :data:`NAME_SIMILARITY` they
    read as different people."""
    if not a or not b:
        return 0.0
    if a == b:
        return 1.0
    a_words, b_words = a.split(), b.split()
    if sorted(a_words) == sorted(b_words):
        return 1.0
    shorter, longer = sorted((a_words, b_words), key=len)
    if longer[: len(shorter)] == shorter:
        return 1.0
    return SequenceMatcher(None, a, b).ratio()


def find_similar(
    db: Database,
    *,
    name: str,
    birth_date: date,
    mother_name: str = "",
    exclude_nik: str | None = None,
    limit: int = SIMILAR_LIMIT,
) -> list[SimilarMember]:
    """People already registered who may be the person being registered (closest first).

    A near match is someone born the same day with a similar name (:func:`name_similarity`), or
    born the same day with the same mother's name whatever the name (a nickname on one record,
    the KTP name on the other). "Same mother, same birth year" was tried and rejected: in the
    regional demo 72 % of people share both with someone (siblings, common names), so the
    warning would have come up on most registrations. The exact-NIK match is not listed:
    :func:`register_worker` refuses it outright. One indexed read by birth date (revision
    0005) serves both rules: a few hundred rows at the scale of a whole region.

    Args:
        exclude_nik: a NIK not to list (the one being registered or corrected).
    """
    target = normalise_name(name)
    mother = normalise_name(mother_name)
    excluded = "".join((exclude_nik or "").split())
    found: dict[int, tuple[Person, list[str], float]] = {}
    with db.read() as session:
        same_day = session.scalars(select(Person).where(Person.birth_date == birth_date)).all()
        for person in same_day:
            if person.nik == excluded:
                continue
            similarity = name_similarity(target, normalise_name(person.name))
            if similarity >= NAME_SIMILARITY:
                reason = (
                    _("tanggal lahir dan nama sama")
                    if similarity == 1.0
                    else _("tanggal lahir sama, nama mirip ({percent}%)").format(
                        percent=int(similarity * 100)
                    )
                )
                found[person.id] = (person, [reason], 1.0 + similarity)
        if len(mother) >= 3:
            same_mother = [p for p in same_day if normalise_name(p.mother_name) == mother]
            for person in same_mother:
                if person.nik == excluded:
                    continue
                reason = _("nama ibu kandung dan tanggal lahir sama")
                if person.id in found:
                    kept, reasons, score = found[person.id]
                    found[person.id] = (kept, [*reasons, reason], score + 1.0)
                else:
                    closeness = name_similarity(target, normalise_name(person.name))
                    found[person.id] = (person, [reason], 1.0 + closeness / 2)
        ranked = sorted(found.values(), key=lambda item: (-item[2], item[0].name, item[0].id))
        result = []
        for person, reasons, score in ranked[:limit]:
            membership = _latest_membership(session, person.id)
            result.append(
                SimilarMember(
                    person.id,
                    person.nik,
                    person.name,
                    person.birth_date,
                    Sex(person.sex),
                    person.birth_place,
                    person.mother_name,
                    membership.kpj if membership else None,
                    _membership_text(session, membership) if membership else _("belum terdaftar"),
                    tuple(reasons),
                    score,
                )
            )
        return result


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


# --- changes -------------------------------------------------------------------------------------


def _change(diff: dict[str, dict[str, Any]], name: str, old: Any, new: Any) -> bool:
    if old == new:
        return False
    diff[name] = {"old": old, "new": new}
    return True


def _apply_person_changes(
    session: Session, person: Person, changes: PersonChanges, errors: list[FieldError]
) -> dict[str, dict[str, Any]]:
    """Check *changes* by the registration rules and apply them to *person*; return old → new."""
    diff: dict[str, dict[str, Any]] = {}
    nik_info = None
    if changes.nik is not None:
        try:
            nik_info = parse_nik(changes.nik)
        except IdentifierError as exc:
            errors.extend(exc.errors)
    birth_date = changes.birth_date or person.birth_date
    sex = changes.sex or Sex(person.sex)
    if nik_info is None and changes.nik is None and (changes.birth_date or changes.sex):
        try:
            nik_info = parse_nik(person.nik)
        except IdentifierError:
            nik_info = None  # a legacy NIK that no longer parses: nothing to compare with
    if nik_info is not None:
        errors.extend(nik_discrepancies(nik_info, birth_date=birth_date, sex=sex))
    name = None
    if changes.name is not None:
        name = _clean_person_name(changes.name, errors)
    if changes.birth_date is not None:
        first_start = session.scalar(
            select(Membership.start_date)
            .where(Membership.person_id == person.id)
            .order_by(Membership.start_date)
            .limit(1)
        )
        if first_start is not None and age_on(changes.birth_date, first_start) < MINIMUM_AGE:
            errors.append(_too_young())
    if changes.nik is not None and nik_info is not None and nik_info.nik != person.nik:
        holder = session.scalar(select(Person).where(Person.nik == nik_info.nik))
        if holder is not None:
            raise ConflictError(
                _("NIK {nik} sudah terdaftar: {member}").format(
                    nik=nik_info.nik, member=member_description(session, holder)
                )
            )
    if errors:
        return diff
    if nik_info is not None and changes.nik is not None:
        if _change(diff, "nik", person.nik, nik_info.nik):
            person.nik = nik_info.nik
        if _change(diff, "regency_code", person.regency_code, nik_info.regency_code):
            person.regency_code = nik_info.regency_code
    if name is not None and _change(diff, "name", person.name, name):
        person.name = name
    if changes.birth_date is not None and _change(
        diff, "birth_date", person.birth_date, changes.birth_date
    ):
        person.birth_date = changes.birth_date
    if changes.sex is not None and _change(diff, "sex", person.sex, changes.sex.value):
        person.sex = changes.sex.value
    if changes.birth_place is not None:
        place = " ".join(changes.birth_place.split()).upper()
        if _change(diff, "birth_place", person.birth_place, place):
            person.birth_place = place
    if changes.mother_name is not None:
        mother = " ".join(changes.mother_name.split()).upper()
        if _change(diff, "mother_name", person.mother_name, mother):
            person.mother_name = mother
    if changes.phone is not None:
        phone = changes.phone.strip()
        if _change(diff, "phone", person.phone, phone):
            person.phone = phone
    return diff


def _apply_membership_changes(
    session: Session, membership: Membership, changes: MembershipChanges, errors: list[FieldError]
) -> dict[str, dict[str, Any]]:
    """Check *changes* by the registration rules and apply them; return old → new."""
    diff: dict[str, dict[str, Any]] = {}
    if not changes.any():
        return diff
    if membership.end_date is not None:
        raise ConflictError(
            _(
                "Kepesertaan KPJ {kpj} sudah berakhir pada {day}; aktifkan kembali sebelum "
                "mengubahnya"
            ).format(kpj=membership.kpj, day=format_date(membership.end_date))
        )
    segment = membership.segment
    today = today_wib()
    person = session.get(Person, membership.person_id)
    assert person is not None
    employer = session.get(Employer, membership.employer_id) if membership.employer_id else None
    programmes = parse_programmes(membership.programmes)
    if changes.programmes is not None:
        try:
            if segment is Segment.PU:
                assert employer is not None
                check_programmes(
                    segment,
                    changes.programmes,
                    on=today,
                    size=employer.size_class,
                    age_at_registration=age_on(person.birth_date, membership.start_date),
                )
            else:
                check_programmes(segment, changes.programmes, on=today)
            programmes = changes.programmes
        except ValidationError as exc:
            errors.extend(exc.errors)
    wage = membership.wage
    if changes.wage is not None:
        if segment not in (Segment.PU, Segment.JAKON):
            errors.append(FieldError("wage", _("Upah hanya dicatat untuk peserta PU dan Jakon")))
        elif changes.wage <= 0:
            errors.append(FieldError("wage", _("Upah sebulan wajib diisi dan lebih dari Rp0")))
        else:
            wage = changes.wage
    income = membership.declared_income
    if changes.declared_income is not None or (
        segment is Segment.BPU and changes.programmes is not None
    ):
        if segment is not Segment.BPU:
            errors.append(FieldError("income", _("Penghasilan hanya dicatat untuk peserta BPU")))
        else:
            try:
                basis = changes.declared_income or membership.declared_income or 0
                income = bpu_contribution(basis, Period.of(today), programmes).basis
            except ValidationError as exc:
                errors.extend(exc.errors)
    months = membership.contract_months
    destination = membership.destination
    if changes.contract_months is not None or changes.destination is not None:
        if segment is not Segment.PMI:
            errors.append(
                FieldError("months", _("Lama kontrak dan negara tujuan hanya untuk peserta PMI"))
            )
        else:
            if changes.contract_months is not None:
                try:
                    pmi_contribution(changes.contract_months, membership.start_date)
                    months = changes.contract_months
                except ValidationError as exc:
                    errors.extend(exc.errors)
            if changes.destination is not None:
                destination = " ".join(changes.destination.split()) or None
                if destination is not None and len(destination) > 60:
                    errors.append(
                        FieldError("destination", _("Negara tujuan paling panjang 60 karakter"))
                    )
    job_title = membership.job_title
    if changes.job_title is not None:
        job_title = " ".join(changes.job_title.split())
        if len(job_title) > 80:
            errors.append(FieldError("job_title", _("Jabatan paling panjang 80 karakter")))
    if (wage != membership.wage or income != membership.declared_income) and (
        problem := wage_history.check_valid_from(membership, Period.of(changes.wage_from or today))
    ) is not None:
        errors.append(problem)
    if errors:
        return diff
    text = programmes_text(programmes)
    if _change(diff, "programmes", membership.programmes, text):
        membership.programmes = text
    if _change(diff, "wage", membership.wage, wage):
        membership.wage = wage
    if _change(diff, "declared_income", membership.declared_income, income):
        membership.declared_income = income
    if _change(diff, "contract_months", membership.contract_months, months):
        membership.contract_months = months
    if _change(diff, "destination", membership.destination, destination):
        membership.destination = destination
    if _change(diff, "job_title", membership.job_title, job_title):
        membership.job_title = job_title
    return diff


@scope.guarded
def update_person(db: Database, actor: Actor, person_id: int, changes: PersonChanges) -> PersonRow:
    """Correct a person's data by the registration rules; the audit event keeps old and new.

    Nothing is written (and no event recorded) when nothing differs.
    """
    require(actor, "member.update")
    changes = clean_person_changes(changes)
    with db.write() as session:
        person = session.get(Person, person_id)
        missing = _("Orang dengan id {id} tidak ada").format(id=person_id)
        if person is None:
            raise NotFoundError(missing)
        scope.require_in_scope(
            session,
            actor,
            session.scalars(
                select(Membership.office_id).where(Membership.person_id == person_id)
            ).all(),
            "person",
            person_id,
            missing,
        )
        errors: list[FieldError] = []
        diff = _apply_person_changes(session, person, changes, errors)
        if errors:
            raise ValidationError(errors)
        if diff:
            if "nik" in diff:
                # The trail keeps that the NIK changed and which one, masked: a full NIK never
                # goes into an audit detail (issue #11, UU 27/2022).
                diff["nik"] = {key: mask_nik(str(value)) for key, value in diff["nik"].items()}
            audit.record(session, actor, "person.update", "person", person.id, {"changes": diff})
        return _person_row(person)


def update_membership(
    db: Database, actor: Actor, kpj: str, changes: MembershipChanges
) -> WorkerRow:
    """Change an active membership (wage, programmes, job title, declared income, PMI contract)
    by the registration rules; the audit event keeps old and new values."""
    return update_worker(db, actor, kpj, membership=changes)


@scope.guarded
def update_worker(
    db: Database,
    actor: Actor,
    kpj: str,
    *,
    person: PersonChanges | None = None,
    membership: MembershipChanges | None = None,
) -> WorkerRow:
    """Correct a member's person and membership data in one transaction and one audit event.

    Every wrong field of both is reported at once; nothing is saved unless all are right.
    """
    require(actor, "member.update")
    kpj = validate_kpj(kpj)
    person = None if person is None else clean_person_changes(person)
    membership = None if membership is None else clean_membership_changes(membership)
    with db.write() as session:
        row = session.scalar(select(Membership).where(Membership.kpj == kpj))
        _require_membership(session, actor, row, kpj)
        assert row is not None
        holder = session.get(Person, row.person_id)
        assert holder is not None
        errors: list[FieldError] = []
        person_diff = (
            _apply_person_changes(session, holder, person, errors) if person is not None else {}
        )
        membership_diff = (
            _apply_membership_changes(session, row, membership, errors)
            if membership is not None
            else {}
        )
        if errors:
            raise ValidationError(errors)
        wage_from = None
        for name in ("wage", "declared_income"):
            if name in membership_diff:
                assert membership is not None
                wage_from = Period.of(membership.wage_from or today_wib())
                change = membership_diff[name]
                wage_history.record_change(
                    session, actor, row, change["old"], change["new"], wage_from
                )
        if person_diff or membership_diff:
            detail: dict[str, Any] = {"kpj": kpj, "person_id": holder.id}
            if person_diff:
                detail["person"] = person_diff
            if membership_diff:
                detail["membership"] = membership_diff
            if wage_from is not None:
                detail["wage_from"] = str(wage_from)
            action = (
                "worker.update"
                if person_diff and membership_diff
                else ("person.update" if person_diff else "membership.update")
            )
            audit.record(session, actor, action, "membership", row.id, detail)
        return _worker_row(session, row)


# --- moving and re-activating --------------------------------------------------------------------


@scope.guarded
def move_worker(
    db: Database, actor: Actor, kpj: str, new_npp: str, on: date, wage: int | None = None
) -> WorkerRow:
    """Move a worker to another employer from *on*: the membership ends the day before (PINDAH)
    and a new one opens under the new employer with a new KPJ, in one transaction.

    Args:
        wage: the wage at the new employer (default: the current one).

    Returns:
        The new membership.
    """
    require(actor, "membership.move")
    kpj = validate_kpj(kpj)
    inputs.money(wage, field="wage", label=_("Upah sebulan"))
    inputs.day(on, field="start_date", label=_("Tanggal pindah"))
    with db.write() as session:
        old = session.scalar(select(Membership).where(Membership.kpj == kpj))
        _require_membership(session, actor, old, kpj)
        assert old is not None
        if old.end_date is not None:
            raise ConflictError(
                _(
                    "Kepesertaan KPJ {kpj} sudah berakhir pada {day}; tidak dapat dipindahkan"
                ).format(kpj=kpj, day=format_date(old.end_date))
            )
        person = session.get(Person, old.person_id)
        assert person is not None
        errors: list[FieldError] = []
        if on <= old.start_date:
            errors.append(
                FieldError(
                    "start_date",
                    _("Tanggal pindah harus sesudah tanggal mulai kepesertaan lama ({day})").format(
                        day=format_date(old.start_date)
                    ),
                )
            )
        npp = _employer_npp(new_npp)
        old_employer = session.get(Employer, old.employer_id) if old.employer_id else None
        if old_employer is not None and old_employer.npp == npp:
            errors.append(
                FieldError(
                    "employer",
                    _("Pekerja sudah terdaftar di pemberi kerja {name}").format(
                        name=old_employer.name
                    ),
                )
            )
        data = WorkerInput(
            nik=person.nik,
            name=person.name,
            birth_date=person.birth_date,
            sex=Sex(person.sex),
            segment=Segment.PU,
            start_date=on,
            employer_npp=npp,
            wage=wage if wage is not None else old.wage,
            job_title=old.job_title,
        )
        if (problem := _not_future(on, "start_date", _("Tanggal pindah"))) is not None:
            errors.append(problem)
        new = None
        try:
            new = _new_membership(session, data, age_on(person.birth_date, on))
        except ValidationError as exc:
            errors.extend(exc.errors)
        if errors:
            raise ValidationError(errors)
        assert new is not None
        old.end_date = on - timedelta(days=1)
        old.end_reason = EndReason.PINDAH
        new.person_id = person.id
        new.kpj = _issue_kpj(session, today_wib())
        session.add(new)
        session.flush()
        wage_history.record_first(session, actor, new)
        audit.record(
            session, actor, "membership.move", "membership", new.id,
            {"kpj": new.kpj, "from_kpj": kpj, "from_membership": old.id,
             "from_npp": old_employer.npp if old_employer else None, "npp": npp,
             "on": on, "wage": new.wage, "person_id": person.id},
        )  # fmt: skip
        return _worker_row(session, new)


# domain.md §4.5 (Perdir 22/PERDIR.02/072022 [S30]): an informal member may pay arrears up to
# three months after protection ends and carry on; later it is a new membership.
BPU_GRACE_MONTHS = 3


def reactivation_refusal(worker: WorkerRow) -> str | None:
    """Why a membership cannot be re-activated at all, or None."""
    if worker.end_date is None:
        return _("Kepesertaan KPJ {kpj} masih aktif").format(kpj=worker.kpj)
    if worker.end_reason is EndReason.MENINGGAL:
        return _(
            "Peserta KPJ {kpj} tercatat meninggal dunia; kepesertaannya tidak dapat diaktifkan "
            "kembali"
        ).format(kpj=worker.kpj)
    if worker.end_reason is EndReason.PINDAH:
        return _(
            "Peserta KPJ {kpj} sudah pindah ke pemberi kerja lain; ubah kepesertaan yang baru"
        ).format(kpj=worker.kpj)
    return None


def _reopens(membership: Membership, on: date) -> bool:
    """Whether re-activating on *on* continues the same membership (same KPJ, no gap)."""
    assert membership.end_date is not None
    if on <= membership.end_date + timedelta(days=1):
        return True
    if membership.segment is Segment.BPU and membership.end_reason is EndReason.BERHENTI_MEMBAYAR:
        grace_end = Period.of(membership.end_date).shift(BPU_GRACE_MONTHS).last_day
        return on <= grace_end
    return False


@scope.guarded
def reactivate(db: Database, actor: Actor, kpj: str, on: date) -> WorkerRow:
    """Re-activate an ended membership from *on*.

    A re-activation without a gap (the day after the end, or the end cancelled), or an informal
    member coming back within the grace months, continues the same membership under the same
    KPJ: the months in between are owed. Later, or once a full JHT has been claimed, it opens a
    new membership with the same data and a new KPJ, so reports of the months in between stay as
    they were. A member who died, or who moved to another employer, is refused with the reason.

    Returns:
        The active membership.
    """
    require(actor, "membership.reactivate")
    kpj = validate_kpj(kpj)
    with db.write() as session:
        membership = session.scalar(select(Membership).where(Membership.kpj == kpj))
        _require_membership(session, actor, membership, kpj)
        assert membership is not None
        refusal = reactivation_refusal(_worker_row(session, membership))
        if refusal is not None:
            raise ConflictError(refusal)
        assert membership.end_date is not None and membership.end_reason is not None
        claims = session.scalars(
            select(Claim.claim_type).where(
                Claim.membership_id == membership.id, Claim.state != ClaimState.DITOLAK
            )
        ).all()
        if ClaimType.JKM in claims:
            raise ConflictError(
                _(
                    "Ada klaim JKM (meninggal dunia) atas KPJ {kpj}; kepesertaannya tidak dapat "
                    "diaktifkan kembali"
                ).format(kpj=kpj)
            )
        errors: list[FieldError] = []
        if on < membership.start_date:
            errors.append(
                FieldError(
                    "start_date",
                    _("Tanggal aktif kembali tidak boleh sebelum tanggal mulai {day}").format(
                        day=format_date(membership.start_date)
                    ),
                )
            )
        if (problem := _not_future(on, "start_date", _("Tanggal aktif kembali"))) is not None:
            errors.append(problem)
        if membership.employer_id is not None and membership.segment is Segment.PU:
            employer = session.get(Employer, membership.employer_id)
            assert employer is not None
            if employer.na_date is not None and employer.na_date <= on:
                errors.append(
                    FieldError(
                        "start_date",
                        _("Pemberi kerja {name} tidak aktif sejak {day}").format(
                            name=employer.name, day=format_date(employer.na_date)
                        ),
                    )
                )
        if membership.project_id is not None:
            project = session.get(Project, membership.project_id)
            assert project is not None
            if not project.start_date <= on <= project.end_date:
                errors.append(
                    FieldError("start_date", _("Tanggal aktif kembali harus di dalam masa proyek"))
                )
        if errors:
            raise ValidationError(errors)
        # The same person active again in the same place would be covered twice.
        twin = session.scalar(
            select(Membership.kpj).where(
                Membership.person_id == membership.person_id,
                Membership.id != membership.id,
                Membership.segment == membership.segment,
                Membership.employer_id.is_(None)
                if membership.employer_id is None
                else Membership.employer_id == membership.employer_id,
                or_(Membership.end_date.is_(None), Membership.end_date >= on),
            )
        )
        if twin is not None:
            raise ConflictError(
                _("Orang ini sudah aktif dengan KPJ {kpj} di tempat yang sama").format(kpj=twin)
            )
        ended, reason = membership.end_date, membership.end_reason
        jht_paid = ClaimType.JHT_PENUH in claims
        if _reopens(membership, on) and not jht_paid:
            membership.end_date = None
            membership.end_reason = None
            audit.record(
                session, actor, "membership.reactivate", "membership", membership.id,
                {"kpj": kpj, "on": on, "mode": "reopened", "ended": ended, "reason": reason},
            )  # fmt: skip
            return _worker_row(session, membership)
        new = Membership(
            segment=membership.segment,
            office_id=membership.office_id,
            employer_id=membership.employer_id,
            project_id=membership.project_id,
            agent_id=membership.agent_id,
            programmes=membership.programmes,
            wage=membership.wage,
            declared_income=membership.declared_income,
            contract_months=membership.contract_months,
            destination=membership.destination,
            job_title=membership.job_title,
            start_date=on,
            person_id=membership.person_id,
            kpj=_issue_kpj(session, today_wib()),
        )
        session.add(new)
        session.flush()
        wage_history.record_first(session, actor, new)
        audit.record(
            session, actor, "membership.reactivate", "membership", new.id,
            {"kpj": new.kpj, "from_kpj": kpj, "on": on, "mode": "new", "ended": ended,
             "reason": reason},
        )  # fmt: skip
        return _worker_row(session, new)


# --- look-ups for the forms ----------------------------------------------------------------------


@scope.guarded
def get_project(db: Database, project_no: str, *, actor: Actor | None = None) -> ProjectRow:
    """A construction project by its number, with its contractor."""
    number = "".join(project_no.split())
    with db.read() as session:
        row = session.execute(
            select(Project, Employer, Office.code)
            .join(Employer, Employer.id == Project.employer_id)
            .join(Office, Office.id == Project.office_id)
            .where(Project.project_no == number)
        ).first()
        if row is None:
            raise NotFoundError(_("Proyek {no} tidak ada").format(no=number))
        project, employer, office_code = row
        scope.require_in_scope(
            session, actor, project.office_id, "project", number,
            _("Proyek {no} tidak ada").format(no=number),
        )  # fmt: skip
        return ProjectRow(
            project.id,
            project.project_no,
            project.name,
            employer.npp,
            project.contract_value,
            project.contribution,
            project.start_date,
            project.end_date,
            employer.name,
            office_code,
        )


@scope.guarded
def get_agent(db: Database, nik: str, *, actor: Actor | None = None) -> AgentRow:
    """A Perisai agent by NIK."""
    info = parse_nik(nik)
    with db.read() as session:
        row = session.execute(
            select(Agent, Office.code)
            .join(Office, Office.id == Agent.office_id)
            .where(Agent.nik == info.nik)
        ).first()
        if row is None:
            raise NotFoundError(_("Agen Perisai dengan NIK itu tidak ada"))
        agent, office_code = row
        scope.require_in_scope(
            session, actor, agent.office_id, "agent", agent.id,
            _("Agen Perisai dengan NIK itu tidak ada"),
        )  # fmt: skip
        return AgentRow(
            agent.id, agent.nik, agent.name, office_code, agent.joined_on, agent.ended_on
        )


# --- Perisai agents and construction projects ----------------------------------------------------


@scope.guarded
def register_agent(
    db: Database, actor: Actor, *, nik: str, name: str, office_code: str, joined_on: date
) -> AgentRow:
    require(actor, "agent.register")
    name = inputs.person_name(name, field="name", label=_("Nama agen"))
    inputs.day(joined_on, field="joined_on", label=_("Tanggal bergabung"))
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
        _require_office(session, actor, office.id)
        if session.scalar(select(Agent.id).where(Agent.nik == info.nik)) is not None:
            raise ConflictError(_("Agen dengan NIK {nik} sudah terdaftar").format(nik=info.nik))
        agent = Agent(nik=info.nik, name=clean_name, office_id=office.id, joined_on=joined_on)
        session.add(agent)
        session.flush()
        audit.record(session, actor, "agent.register", "agent", agent.id, {"office": office.code})
        return AgentRow(agent.id, agent.nik, agent.name, office.code, joined_on, None)


@scope.guarded
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
    c = _Cleaner()
    name = c(inputs.clean_text, name, field="name", label=_("Nama proyek"), max_length=200)
    # A contract value is not a month's wage: bounded by Rp1.000 triliun, far above any project.
    c(inputs.money, contract_value, field="contract_value", label=_("Nilai kontrak"),
      maximum=10**15, monthly=False)  # fmt: skip
    c(inputs.day, start_date, field="start_date", label=_("Tanggal mulai"))
    c(inputs.day, end_date, field="end_date", label=_("Tanggal selesai"))
    c.raise_errors()
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
    npp = _employer_npp(employer_npp)
    with db.write() as session:
        employer = session.scalar(select(Employer).where(Employer.npp == npp))
        if employer is None:
            raise ValidationError.single(
                "employer", _("Pemberi kerja dengan NPP {npp} tidak ada").format(npp=npp)
            )
        scope.require_in_scope(
            session, actor, employer.office_id, "employer", npp,
            _("Pemberi kerja dengan NPP {npp} tidak ada").format(npp=npp),
        )  # fmt: skip
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
