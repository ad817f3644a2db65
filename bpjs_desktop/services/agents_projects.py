"""Perisai agents and construction projects: registration and look-ups."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from bpjs_desktop.db.engine import Database
from bpjs_desktop.db.models import (
    Agent,
    Employer,
    Office,
    Project,
)
from bpjs_desktop.domain import inputs, member_rules
from bpjs_desktop.domain.contributions import jakon_contribution
from bpjs_desktop.domain.identifiers import (
    parse_nik,
)
from bpjs_desktop.domain.periods import today_wib
from bpjs_desktop.domain.regions import JATIM_REGENCIES, is_known_regency
from bpjs_desktop.errors import ConflictError, FieldError, NotFoundError, ValidationError
from bpjs_desktop.i18n import _
from bpjs_desktop.services import audit, scope
from bpjs_desktop.services.context import Actor, require
from bpjs_desktop.services.counters import next_value
from bpjs_desktop.services.membership_common import AgentRow, ProjectRow, _Cleaner, office_by_code
from bpjs_desktop.services.worker_registry import _require_office

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
    npp = member_rules.employer_npp(employer_npp)
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
