"""Changes to registered members: person and membership details, moving a worker to another
employer, re-activating a membership."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from bpjs_desktop.db.engine import Database
from bpjs_desktop.db.models import (
    Claim,
    Employer,
    EndReason,
    Membership,
    Person,
    Project,
)
from bpjs_desktop.domain import inputs
from bpjs_desktop.domain.claims import ClaimState, ClaimType
from bpjs_desktop.domain.contributions import bpu_contribution, pmi_contribution
from bpjs_desktop.domain.identifiers import (
    IdentifierError,
    Sex,
    nik_discrepancies,
    parse_nik,
    validate_kpj,
)
from bpjs_desktop.domain.masking import mask_nik
from bpjs_desktop.domain.member_rules import MINIMUM_AGE, employer_npp, ktp_name, too_young
from bpjs_desktop.domain.periods import Period, age_on, format_date, today_wib
from bpjs_desktop.domain.programmes import (
    Programme,
    Segment,
    check_programmes,
    parse_programmes,
    programmes_text,
)
from bpjs_desktop.errors import ConflictError, FieldError, ValidationError
from bpjs_desktop.i18n import _
from bpjs_desktop.services import audit, scope, wage_history
from bpjs_desktop.services.context import Actor, require
from bpjs_desktop.services.membership_common import (
    MembershipChanges,
    PersonChanges,
    PersonRow,
    WorkerInput,
    WorkerRow,
    _not_future,
    clean_membership_changes,
    clean_person_changes,
    member_description,
    membership_in_scope,
)
from bpjs_desktop.services.worker_registry import (
    _issue_kpj,
    _new_membership,
    _person_row,
    _worker_row,
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
        name = ktp_name(changes.name, errors)
    if changes.birth_date is not None:
        first_start = session.scalar(
            select(Membership.start_date)
            .where(Membership.person_id == person.id)
            .order_by(Membership.start_date)
            .limit(1)
        )
        if first_start is not None and age_on(changes.birth_date, first_start) < MINIMUM_AGE:
            errors.append(too_young())
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


def _changed_programmes(membership: Membership, employer: Employer | None, person: Person,
                        changes: MembershipChanges, errors: list[FieldError]) -> frozenset[Programme]:  # fmt: skip
    """The programmes after *changes*, checked by the segment's rules (as they stand on errors)."""
    segment, today = membership.segment, today_wib()
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
    return programmes


def _changed_placement(
    membership: Membership, changes: MembershipChanges, errors: list[FieldError]
) -> tuple[int | None, str | None]:
    """A migrant worker's contract months and destination after *changes*."""
    segment = membership.segment
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
    return months, destination


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
    programmes = _changed_programmes(membership, employer, person, changes, errors)
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
    months, destination = _changed_placement(membership, changes, errors)
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
    new_values = {
        "programmes": programmes_text(programmes),
        "wage": wage,
        "declared_income": income,
        "contract_months": months,
        "destination": destination,
        "job_title": job_title,
    }
    for name, value in new_values.items():
        if _change(diff, name, getattr(membership, name), value):
            setattr(membership, name, value)
    return diff


@scope.guarded
def update_person(db: Database, actor: Actor, person_id: int, changes: PersonChanges) -> PersonRow:
    """Correct a person's data by the registration rules; the audit event keeps old and new.

    Nothing is written (and no event recorded) when nothing differs.
    """
    require(actor, "member.update")
    changes = clean_person_changes(changes)
    with db.write() as session:
        missing = _("Orang dengan id {id} tidak ada").format(id=person_id)
        person = scope.person_found_in_scope(session, actor, person_id, missing)
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
        row = membership_in_scope(session, actor, kpj)
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


def _moved_membership(session: Session, old: Membership, person: Person, npp: str, on: date,
                      wage: int | None) -> tuple[Membership, Employer | None]:  # fmt: skip
    """The new membership of a worker moving from *old* to employer *npp* on *on* (not added to
    the session yet), checked as a registration; and the employer left."""
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
    old_employer = session.get(Employer, old.employer_id) if old.employer_id else None
    if old_employer is not None and old_employer.npp == npp:
        errors.append(
            FieldError(
                "employer",
                _("Pekerja sudah terdaftar di pemberi kerja {name}").format(name=old_employer.name),
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
    return new, old_employer


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
        old = membership_in_scope(session, actor, kpj)
        if old.end_date is not None:
            raise ConflictError(
                _(
                    "Kepesertaan KPJ {kpj} sudah berakhir pada {day}; tidak dapat dipindahkan"
                ).format(kpj=kpj, day=format_date(old.end_date))
            )
        person = session.get(Person, old.person_id)
        assert person is not None
        npp = employer_npp(new_npp)
        new, old_employer = _moved_membership(session, old, person, npp, on, wage)
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


def _check_reactivation(session: Session, membership: Membership, on: date) -> None:
    """The day *on* must fit the membership, its employer and its project; and the person must not
    be active again in the same place (covered twice)."""
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
        membership = membership_in_scope(session, actor, kpj)
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
        _check_reactivation(session, membership, on)
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
