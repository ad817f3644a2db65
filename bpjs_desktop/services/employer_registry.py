"""Employers: registration (NPP issued by the office) and look-ups."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from bpjs_desktop.db.engine import Database
from bpjs_desktop.db.models import (
    Employer,
    EmployerStatus,
    Office,
    User,
)
from bpjs_desktop.domain.identifiers import (
    IdentifierError,
    make_npp,
    parse_npwp,
    validate_npp,
)
from bpjs_desktop.domain.member_rules import EMAIL_RE
from bpjs_desktop.domain.programmes import (
    RiskGroup,
    Segment,
    check_programmes,
    mandatory_programmes,
    programmes_text,
    risk_group_for_kbli,
)
from bpjs_desktop.domain.regions import is_known_regency
from bpjs_desktop.errors import ConflictError, FieldError, ValidationError
from bpjs_desktop.i18n import _
from bpjs_desktop.services import audit, scope
from bpjs_desktop.services.context import Actor, require
from bpjs_desktop.services.counters import next_value
from bpjs_desktop.services.membership_common import (
    EmployerDetail,
    EmployerInput,
    EmployerRow,
    _employer_row,
    _not_future,
    clean_employer_input,
    employer_in_scope,
    office_by_code,
)
from bpjs_desktop.services.worker_registry import _require_office

# --- employers -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class _CheckedEmployer:
    """The form's values once they passed the checks, as the employer record stores them."""

    name: str
    risk_group: RiskGroup
    npwp15: str | None
    npwp16: str | None
    nib: str
    postal_code: str
    email: str
    programmes: str
    npp: str | None  # None: the office issues one


def _check_employer(data: EmployerInput) -> _CheckedEmployer:
    """Every field of the employer form checked at once (all errors together), no database."""
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
    if email and not EMAIL_RE.match(email):
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
    return _CheckedEmployer(
        name, risk_group, npwp15, npwp16, nib, postal_code, email, programmes_text(programmes), npp
    )


def _unused_npp_and_npwp(session: Session, data: EmployerInput, checked: _CheckedEmployer) -> str:
    """The employer's NPP: the one taken over, if no employer has it yet, or a new one; and the
    NPWP must not be another employer's."""
    npp = checked.npp
    if npp is not None:
        existing = session.scalar(select(Employer).where(Employer.npp == npp))
        if existing is not None:
            raise ConflictError(
                _("NPP {npp} sudah terdaftar atas nama {name}").format(npp=npp, name=existing.name)
            )
    else:
        npp = _issue_npp(session, data.registered_on)
    if checked.npwp16 is not None:
        existing = session.scalar(select(Employer).where(Employer.npwp16 == checked.npwp16))
        if existing is not None:
            raise ConflictError(
                _("NPWP ini sudah dipakai {name} (NPP {npp})").format(
                    name=existing.name, npp=existing.npp
                )
            )
    return npp


@scope.guarded
def register_employer(db: Database, actor: Actor, data: EmployerInput) -> EmployerRow:
    """Register an employer (PK/BU); issue its NPP unless an existing one is taken over."""
    require(actor, "employer.register")
    data = clean_employer_input(data)
    checked = _check_employer(data)
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
        npp = _unused_npp_and_npwp(session, data, checked)
        employer = Employer(
            npp=npp,
            name=checked.name,
            legal_form=data.legal_form.strip(),
            npwp15=checked.npwp15,
            npwp16=checked.npwp16,
            nib=checked.nib or None,
            kbli=data.kbli.strip(),
            risk_group=int(checked.risk_group),
            size_class=data.size_class,
            labour_intensive=data.labour_intensive,
            programmes=checked.programmes,
            office_id=office.id,
            address=data.address.strip(),
            regency_code=data.regency_code,
            postal_code=checked.postal_code,
            contact_name=data.contact_name.strip(),
            contact_phone=data.contact_phone.strip(),
            contact_email=checked.email,
            ar_user_id=ar_id,
            registered_on=data.registered_on,
            status=EmployerStatus.AKTIF,
        )
        session.add(employer)
        session.flush()
        audit.record(
            session, actor, "employer.register", "employer", employer.id,
            {"npp": npp, "name": checked.name, "office": office.code, "programmes": employer.programmes},
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
    with db.read() as session:
        employer = employer_in_scope(session, npp, actor)
        return _employer_row(employer, _office_code(session, employer))


@scope.guarded
def get_employer_detail(db: Database, npp: str, *, actor: Actor | None = None) -> EmployerDetail:
    """An employer with the registration fields the form shows (of *actor*'s offices)."""
    with db.read() as session:
        employer = employer_in_scope(session, npp, actor)
        ar_username = (
            session.scalar(select(User.username).where(User.id == employer.ar_user_id))
            if employer.ar_user_id is not None
            else None
        )
        return EmployerDetail(
            _employer_row(employer, _office_code(session, employer)),
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


def _office_code(session: Session, employer: Employer) -> str:
    return session.scalar(select(Office.code).where(Office.id == employer.office_id)) or ""
