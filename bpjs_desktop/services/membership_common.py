"""Membership rows handed to the UI, form inputs and their normalisation, and the look-ups the
employer and worker services share."""

from __future__ import annotations

from dataclasses import dataclass, field, fields, replace
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from bpjs_desktop.db.models import (
    Employer,
    EmployerStatus,
    EndReason,
    Membership,
    Office,
    Person,
)
from bpjs_desktop.domain import inputs
from bpjs_desktop.domain.identifiers import Sex, validate_kpj, validate_npp
from bpjs_desktop.domain.periods import format_date, today_wib
from bpjs_desktop.domain.programmes import (
    Programme,
    RiskGroup,
    Segment,
    SizeClass,
)
from bpjs_desktop.errors import FieldError, NotFoundError, ValidationError
from bpjs_desktop.i18n import N_, _
from bpjs_desktop.services import scope
from bpjs_desktop.services.context import Actor

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

    def fields(
        self, data: Any, rules: dict[str, _Rule], *, optional: bool = False
    ) -> dict[str, Any]:
        """The attributes of *data* that *rules* name, each checked by its rule (*optional*: an
        attribute that is None is left out, as a change that leaves the field as it is)."""
        cleaned = {}
        for name, rule in rules.items():
            value = getattr(data, name)
            if optional and value is None:
                continue
            cleaned[name] = self(
                rule.check, value, field=rule.field_name, label=_(rule.label), **rule.options
            )
        return cleaned


@dataclass(frozen=True)
class _Rule:
    """How one attribute is checked: the inputs check, the field errors name, its label."""

    check: Any
    field_name: str
    label: str  # N_(): translated when the check runs
    options: dict[str, Any] = field(default_factory=dict)


# A person's and a membership's fields: the same rules for a new worker and for a change.
_PERSON_RULES = {
    "nik": _Rule(inputs.digits, "nik", N_("NIK"), {"max_length": 32}),
    "name": _Rule(inputs.person_name, "name", N_("Nama")),
    "birth_place": _Rule(inputs.clean_text, "birth_place", N_("Tempat lahir"), {"max_length": 80}),
    "mother_name": _Rule(inputs.person_name, "mother_name", N_("Nama ibu kandung")),
    "phone": _Rule(inputs.phone, "phone", N_("No. HP"), {"min_digits": 0}),
    "birth_date": _Rule(
        inputs.day, "birth_date", N_("Tanggal lahir"), {"earliest": inputs.EARLIEST_BIRTH}
    ),
}
_MEMBERSHIP_RULES = {
    "job_title": _Rule(inputs.clean_text, "job_title", N_("Jabatan"), {"max_length": 80}),
    "destination": _Rule(inputs.clean_text, "destination", N_("Negara tujuan"), {"max_length": 60}),
    "wage": _Rule(inputs.money, "wage", N_("Upah sebulan")),
    "declared_income": _Rule(inputs.money, "income", N_("Penghasilan")),
}


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
        **c.fields(data, _PERSON_RULES),
        **c.fields(data, _MEMBERSHIP_RULES, optional=True),  # a destination of PMI only
        employer_npp=c(text, data.employer_npp, field="employer", label=_("NPP"),
                       max_length=20) or None,
        project_no=c(text, data.project_no, field="project", label=_("Nomor proyek"),
                     max_length=20) or None,
        agent_nik=c(text, data.agent_nik, field="agent", label=_("NIK agen"),
                    max_length=32) or None,
        office_code=c(text, data.office_code, field="office", label=_("Kantor"),
                      max_length=20) or None,
    )  # fmt: skip
    c(inputs.day, data.start_date, field="start_date", label=_("Tanggal mulai"))
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
    cleaned = replace(changes, **c.fields(changes, _PERSON_RULES, optional=True))
    c.raise_errors()
    return cleaned


def clean_membership_changes(changes: MembershipChanges) -> MembershipChanges:
    """*changes* normalised like :func:`clean_worker_input` (None stays None)."""
    c = _Cleaner()
    cleaned = replace(changes, **c.fields(changes, _MEMBERSHIP_RULES, optional=True))
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


def employer_in_scope(session: Session, npp: str, actor: Actor | None) -> Employer:
    """The employer of NPP *npp*, if it is one of *actor*'s offices' (else "not found", audited)."""
    npp = validate_npp(npp)
    employer = session.scalar(select(Employer).where(Employer.npp == npp))
    missing = _("Pemberi kerja dengan NPP {npp} tidak ada").format(npp=npp)
    return scope.found_in_scope(session, actor, employer, "employer", npp, missing)


_PersonIdentity = tuple[int, str, str, date, Sex, str, str]


def person_identity(person: Person) -> _PersonIdentity:
    """Who *person* is, as the first fields of :class:`PersonRow` and :class:`SimilarMember`:
    id, NIK, name, birth date, sex, birth place, mother's name."""
    return (
        person.id,
        person.nik,
        person.name,
        person.birth_date,
        Sex(person.sex),
        person.birth_place,
        person.mother_name,
    )


def membership_of_kpj(session: Session, kpj: str) -> Membership:
    """The membership of KPJ *kpj* (checked), else "not found" (no scope: the caller's)."""
    number = validate_kpj(kpj)
    membership = session.scalar(select(Membership).where(Membership.kpj == number))
    if membership is None:
        raise NotFoundError(_("Peserta dengan KPJ {kpj} tidak ada").format(kpj=number))
    return membership


def membership_in_scope(session: Session, actor: Actor | None, kpj: str) -> Membership:
    """The membership of KPJ *kpj* (checked), if it is one of *actor*'s offices' (else "not
    found", audited)."""
    number = validate_kpj(kpj)
    missing = _("Peserta dengan KPJ {kpj} tidak ada").format(kpj=number)
    membership = session.scalar(select(Membership).where(Membership.kpj == number))
    return scope.found_in_scope(session, actor, membership, "membership", number, missing)


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
