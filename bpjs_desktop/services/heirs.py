"""A member's heirs (ahli waris), kept as records with the person (issue #10).

Every survivor benefit reads the same family: JKM, JKK death, the JP survivors' pension and the
scholarship years. A claim's ``detail.heirs`` stays what was declared when it was logged; these
records are what the branch has checked since (documents received, school level of each child).

Order of entitlement (``rank``): spouse 1, children 2, parents 3, others 4. The heir list for JHT
and JKM is, as commonly quoted from PP 46/2015 Pasal 26 jo. Permenaker 5/2021: the widow,
widower or children; failing them, blood relatives up to the second degree (parents), siblings,
parents-in-law, a person named in a will [unverified: the article was not retrieved]. Spouse and
children share the first tier there; the rank keeps the spouse first only as the order in which
the page lists them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from bpjs_desktop.db.engine import Database
from bpjs_desktop.db.models import (
    Heir,
    HeirRelationKind,
    PensionPayment,
    Person,
    ScholarshipEntitlement,
    as_dict,
)
from bpjs_desktop.domain.claim_details import HeirRelation
from bpjs_desktop.domain.identifiers import IdentifierError, clean_digits, parse_nik
from bpjs_desktop.domain.periods import today_wib
from bpjs_desktop.domain.scholarships import SchoolLevel
from bpjs_desktop.errors import FieldError, NotFoundError, ValidationError
from bpjs_desktop.i18n import _
from bpjs_desktop.services import audit, scope
from bpjs_desktop.services.context import Actor, require
from bpjs_desktop.services.membership_common import membership_of_kpj

# Rank of each relation (see the module's docstring; [unverified] article).
RANKS = {
    HeirRelation.PASANGAN: 1,
    HeirRelation.ANAK: 2,
    HeirRelation.ORANG_TUA: 3,
    HeirRelation.LAINNYA: 4,
}


@dataclass(frozen=True, slots=True)
class HeirInput:
    name: str
    relation: HeirRelation
    nik: str = ""
    birth_date: date | None = None
    school_level: str | None = None  # children at school: a SchoolLevel code (TK … PT)
    documents_note: str = ""
    statement_received: bool = False  # surat keterangan ahli waris
    id_received: bool = False  # the heir's KTP / KK / birth certificate


@dataclass(frozen=True, slots=True)
class HeirRow:
    id: int
    person_id: int
    name: str
    nik: str
    relation: HeirRelation
    birth_date: date | None
    school_level: str | None
    rank: int
    documents_note: str
    statement_received: bool
    id_received: bool


def _row(heir: Heir) -> HeirRow:
    return HeirRow(
        heir.id, heir.person_id, heir.name, heir.nik, HeirRelation(heir.relation.value),
        heir.birth_date, heir.school_level, heir.rank, heir.documents_note,
        heir.statement_received, heir.id_received,
    )  # fmt: skip


def _missing_person(person_id: int) -> str:
    return _("Orang dengan id {id} tidak ada").format(id=person_id)


def _person(session: Session, person_id: int) -> Person:
    person = session.get(Person, person_id)
    if person is None:
        raise NotFoundError(_missing_person(person_id))
    return person


def _of_person(session: Session, person_id: int) -> list[Heir]:
    return list(
        session.scalars(
            select(Heir)
            .where(Heir.person_id == person_id)
            .order_by(Heir.rank, Heir.birth_date, Heir.id)
        )
    )


@scope.guarded
def list_heirs(db: Database, person_id: int, *, actor: Actor | None = None) -> list[HeirRow]:
    """The heirs of a member, in order of entitlement (then the eldest first)."""
    with db.read() as session:
        scope.person_found_in_scope(session, actor, person_id, _missing_person(person_id))
        return [_row(h) for h in _of_person(session, person_id)]


@scope.guarded
def heirs_of_kpj(db: Database, kpj: str, *, actor: Actor | None = None) -> list[HeirRow]:
    """The heirs of the person holding *kpj*."""
    scope.check(db, actor, "membership", kpj)
    with db.read() as session:
        person_id = membership_of_kpj(session, kpj).person_id
        return [_row(h) for h in _of_person(session, person_id)]


def heirs_in_session(session: Session, person_id: int) -> list[HeirRow]:
    """The heirs of a member, inside the caller's transaction (for the claims service)."""
    return [_row(h) for h in _of_person(session, person_id)]


def _checked(
    session: Session, person: Person, data: HeirInput, heir_id: int | None
) -> dict[str, object]:
    """The columns of *data*, checked; every wrong field is reported at once."""
    errors: list[FieldError] = []
    name = " ".join(data.name.split())
    if not name:
        errors.append(FieldError("name", _("Nama ahli waris wajib diisi")))
    elif len(name) > 120:
        errors.append(FieldError("name", _("Nama ahli waris paling panjang 120 karakter")))
    nik = clean_digits(data.nik, separators=" .-") if data.nik.strip() else ""
    if nik:
        try:
            parse_nik(nik)
        except IdentifierError as exc:
            errors.append(FieldError("nik", exc.message))
        else:
            if nik == person.nik:
                errors.append(
                    FieldError("nik", _("NIK ahli waris sama dengan NIK peserta sendiri"))
                )
            else:
                query = select(Heir.id).where(Heir.person_id == person.id, Heir.nik == nik)
                if heir_id is not None:
                    query = query.where(Heir.id != heir_id)
                twin = session.scalar(query.limit(1))
                if twin is not None:
                    errors.append(
                        FieldError("nik", _("NIK {nik} sudah tercatat sebagai ahli waris").format(
                            nik=nik
                        ))
                    )  # fmt: skip
    if data.birth_date is not None and data.birth_date > today_wib():
        errors.append(FieldError("birth_date", _("Tanggal lahir tidak boleh sesudah hari ini")))
    if (
        data.relation is HeirRelation.ANAK
        and data.birth_date is not None
        and data.birth_date <= person.birth_date
    ):
        errors.append(
            FieldError("birth_date", _("Tanggal lahir anak harus sesudah tanggal lahir peserta"))
        )
    level = (data.school_level or "").strip().upper() or None
    if level is not None:
        if data.relation is not HeirRelation.ANAK:
            errors.append(
                FieldError("school_level", _("Jenjang sekolah hanya diisi untuk anak peserta"))
            )
        elif level not in set(SchoolLevel):
            errors.append(
                FieldError(
                    "school_level",
                    _("Jenjang sekolah harus salah satu dari {levels}").format(
                        levels=", ".join(SchoolLevel)
                    ),
                )
            )
    note = " ".join(data.documents_note.split())
    if len(note) > 300:
        errors.append(
            FieldError("documents_note", _("Catatan dokumen paling panjang 300 karakter"))
        )
    if errors:
        raise ValidationError(errors)
    return {
        "name": name.upper(),
        "nik": nik,
        "relation": HeirRelationKind(data.relation.value),
        "birth_date": data.birth_date,
        "school_level": level,
        "rank": RANKS[data.relation],
        "documents_note": note,
        "statement_received": data.statement_received,
        "id_received": data.id_received,
    }


def add_in_session(session: Session, actor: Actor, person: Person, data: HeirInput) -> Heir:
    """Add a checked heir inside the caller's transaction (no audit event of its own)."""
    heir = Heir(person_id=person.id, **_checked(session, person, data, None))
    session.add(heir)
    session.flush()
    return heir


@scope.guarded
def add_heir(db: Database, actor: Actor, person_id: int, data: HeirInput) -> HeirRow:
    """Record an heir of the member *person_id*; one audit event (no NIK in it)."""
    require(actor, "heir.update")
    with db.write() as session:
        person = scope.person_found_in_scope(session, actor, person_id, _missing_person(person_id))
        heir = add_in_session(session, actor, person, data)
        audit.record(
            session, actor, "heir.add", "heir", heir.id,
            {"person_id": person.id, "relation": heir.relation, "rank": heir.rank},
        )  # fmt: skip
        return _row(heir)


def _heir(session: Session, heir_id: int) -> Heir:
    heir = session.get(Heir, heir_id)
    if heir is None:
        raise NotFoundError(_("Ahli waris dengan id {id} tidak ada").format(id=heir_id))
    return heir


@scope.guarded
def update_heir(db: Database, actor: Actor, heir_id: int, data: HeirInput) -> HeirRow:
    """Correct an heir's data; the audit event keeps which fields changed (not the NIK itself)."""
    require(actor, "heir.update")
    scope.check(db, actor, "heir", heir_id)
    with db.write() as session:
        heir = _heir(session, heir_id)
        person = _person(session, heir.person_id)
        values = _checked(session, person, data, heir.id)
        before = as_dict(heir)
        changed = sorted(k for k, v in values.items() if before[k] != v)
        for key in changed:
            setattr(heir, key, values[key])
        if changed:
            audit.record(
                session, actor, "heir.update", "heir", heir.id,
                {"person_id": person.id, "changed": changed},
            )  # fmt: skip
        return _row(heir)


@scope.guarded
def remove_heir(db: Database, actor: Actor, heir_id: int) -> None:
    """Remove an heir recorded by mistake; refused once a pension or scholarship names them."""
    require(actor, "heir.update")
    scope.check(db, actor, "heir", heir_id)
    with db.write() as session:
        heir = _heir(session, heir_id)
        used = session.scalar(
            select(
                exists().where(PensionPayment.heir_id == heir.id)
                | exists().where(ScholarshipEntitlement.heir_id == heir.id)
            )
        )
        if used:
            raise ValidationError.single(
                "heir",
                _(
                    "Ahli waris {name} sudah tercatat pada pembayaran pensiun atau beasiswa dan "
                    "tidak dapat dihapus"
                ).format(name=heir.name),
            )
        detail = {"person_id": heir.person_id, "relation": heir.relation, "rank": heir.rank}
        session.delete(heir)
        audit.record(session, actor, "heir.remove", "heir", heir_id, detail)
