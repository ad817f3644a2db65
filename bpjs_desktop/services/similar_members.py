"""Near duplicates: persons whose name and birth date read as someone already registered."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from bpjs_desktop.db.engine import Database
from bpjs_desktop.db.models import (
    Person,
)
from bpjs_desktop.domain.names import NAME_SIMILARITY, name_similarity, normalise_name
from bpjs_desktop.i18n import _
from bpjs_desktop.services.membership_common import (
    SimilarMember,
    _latest_membership,
    _membership_text,
    person_identity,
)

# --- near duplicates -----------------------------------------------------------------------------

SIMILAR_LIMIT = 10


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
                    *person_identity(person),
                    membership.kpj if membership else None,
                    _membership_text(session, membership) if membership else _("belum terdaftar"),
                    tuple(reasons),
                    score,
                )
            )
        return result
