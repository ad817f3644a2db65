"""Which offices' records an actor may read and write: the one place that decides it (issue #11).

An officer of a branch office (Kantor Cabang) works on the records of that office and of the
pioneer sub-branches under it (KCP, ``Office.parent_id``); an officer of a KCP on that KCP's.
The regional office (Kanwil), the administrator and the command line (no office) see the whole
region. Every service that reads or writes records asks here:

- lists and searches add :func:`in_scope` (or :func:`person_in_scope`) to their SQL, so a branch
  list of 2.65 million rows is still counted and paged by the database, on the office indexes;
- a service that opens one record (a claim, an employer page, a member page) calls
  :func:`require_in_scope` with the record's office: outside the scope the record is "not
  found" for the asker, exactly as if it did not exist (the message is the one the service gives
  for a missing record), so a branch cannot learn which numbers exist elsewhere;
- the refusal is audited (``scope.refused``: who, which kind of record, which key; never a NIK).
  A refusal happens inside a read (or a write that is then rolled back), so it is raised as
  :class:`OutOfScopeError` and recorded by :func:`guarded` in a short write of its own once the
  service's own transaction has ended (on a SQLite file in DELETE journal mode a write cannot
  commit while the same thread still holds a read).
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable, Iterable, Sequence
from typing import Any, NoReturn, ParamSpec, Protocol, TypeVar

from sqlalchemy import ColumnElement, exists, false, select, true
from sqlalchemy.orm import Session

from bpjs_desktop.db.engine import Database
from bpjs_desktop.db.models import Membership, Office, OfficeKind, Person, Role
from bpjs_desktop.errors import NotFoundError
from bpjs_desktop.i18n import N_, _
from bpjs_desktop.services import audit
from bpjs_desktop.services.context import Actor

REFUSED_ACTION = "scope.refused"

Scope = frozenset[int] | None  # office ids an actor may see; None: every office (the region)

P = ParamSpec("P")
R = TypeVar("R")


class _HeldByOffice(Protocol):
    @property
    def office_id(self) -> int: ...


Held = TypeVar("Held", bound=_HeldByOffice)


class OutOfScopeError(NotFoundError):
    """A record outside the asker's offices: shown as "not found", recorded by :func:`guarded`."""

    def __init__(self, message: str, actor: Actor, entity: str, entity_id: object) -> None:
        super().__init__(message)
        self.actor = actor
        self.entity = entity
        self.entity_id = str(entity_id)
        self.recorded = False


def is_regional(actor: Actor | None) -> bool:
    """Whether *actor* works for the whole region without looking at the office table.

    The administrator and users without an office (the command line, the demo's ``admin``) do;
    officers of the Kanwil too, but that needs the office's kind (:func:`offices_in_scope`).
    """
    return (
        actor is None
        or actor.role is Role.ADMIN
        or actor.office_id is None
        or actor.role in REGIONAL_ROLES
    )


# The regional roles see the whole region wherever their user record says they sit.
REGIONAL_ROLES = frozenset({Role.KEPALA_KANWIL, Role.STAF_KANWIL})


def offices_in_scope(session: Session, actor: Actor | None) -> Scope:
    """The ids of the offices whose records *actor* may see; None for the whole region.

    *actor* None is a caller that acts for nobody in particular (the command line's services,
    background rebuilds): the region.

    A branch (KC): itself and the KCPs under it. A KCP: itself (and any office under it). The
    Kanwil, the administrator, the regional roles and users without an office: None (all).
    """
    if actor is None or is_regional(actor):
        return None
    rows = session.execute(select(Office.id, Office.kind, Office.parent_id)).all()
    own = next((row for row in rows if row.id == actor.office_id), None)
    if own is None:
        # The user's office is gone from the table: nothing, rather than everything.
        return frozenset()
    return _family(rows, own)


def office_family(session: Session, office_code: str) -> Scope:
    """The office of *office_code* and the KCPs under it; None (every office) for the Kanwil.

    What a report or list "of an office" covers; an unknown code is :class:`NotFoundError`.
    """
    rows = session.execute(select(Office.id, Office.code, Office.kind, Office.parent_id)).all()
    chosen = next((row for row in rows if row.code == office_code.strip().upper()), None)
    if chosen is None:
        raise NotFoundError(_("Kantor dengan kode {code} tidak ada").format(code=office_code))
    return _family(rows, chosen)


def _family(rows: Sequence[Any], own: Any) -> Scope:
    """*own* and the offices under it, of the office *rows* (id, kind, parent_id)."""
    if own.kind is OfficeKind.KANWIL:
        return None
    return frozenset(row.id for row in rows if row.id == own.id or row.parent_id == own.id)


def in_scope(column: Any, offices: Scope) -> ColumnElement[bool]:
    """The SQL condition "*column* (an office id) is within *offices*" (always true for all)."""
    if offices is None:
        return true()
    if not offices:
        return false()
    return column.in_(sorted(offices))  # type: ignore[no-any-return]


def person_in_scope(person_id: Any, offices: Scope) -> ColumnElement[bool]:
    """The SQL condition "the person has a membership (KPJ) at one of *offices*".

    A person has no office of their own: their memberships do (a worker who moved from a
    Gresik employer to a Malang one is seen by both branches). Uses ``ix_membership_person_id``.
    """
    if offices is None:
        return true()
    return exists().where(
        Membership.person_id == person_id, in_scope(Membership.office_id, offices)
    )


def office_visible(offices: Scope, office_id: int | None) -> bool:
    """Whether one office id is within *offices* (an office-less record only for the region)."""
    return offices is None or (office_id is not None and office_id in offices)


def refuse(actor: Actor, entity: str, entity_id: object, not_found: str) -> NoReturn:
    """Answer "not found" for a record outside *actor*'s scope (audited by :func:`guarded`)."""
    raise OutOfScopeError(not_found, actor, entity, entity_id)


def require_in_scope(
    session: Session,
    actor: Actor | None,
    office_ids: int | Iterable[int] | None,
    entity: str,
    entity_id: object,
    not_found: str,
) -> None:
    """Refuse (:class:`OutOfScopeError`, "not found") unless one of *office_ids* is in scope.

    *office_ids* is the record's office, or the offices of its memberships for a person (seen if
    any is in scope). *entity_id* names the record on the audit trail: a claim or case number, an
    NPP, a KPJ or a database id, never a NIK. *not_found* is the service's own message for a
    record that does not exist.
    """
    offices = offices_in_scope(session, actor)
    if offices is None or actor is None:
        return
    ids = [office_ids] if isinstance(office_ids, int) or office_ids is None else list(office_ids)
    if any(office_visible(offices, office_id) for office_id in ids):
        return
    refuse(actor, entity, entity_id, not_found)


def found_in_scope(
    session: Session,
    actor: Actor | None,
    record: Held | None,
    entity: str,
    entity_id: object,
    not_found: str,
) -> Held:
    """*record*, looked up by the caller, if it exists and its office is in *actor*'s scope.

    A missing record raises :class:`NotFoundError` with *not_found*; one outside the scope the
    same message as :class:`OutOfScopeError` (see :func:`require_in_scope`).
    """
    if record is None:
        raise NotFoundError(not_found)
    require_in_scope(session, actor, record.office_id, entity, entity_id, not_found)
    return record


def person_found_in_scope(
    session: Session, actor: Actor | None, person_id: int, not_found: str
) -> Person:
    """The person of *person_id*, if any of their memberships is at an office in *actor*'s scope.

    A person has no office of their own (see :func:`person_in_scope`); audited by the person's
    id, never the NIK.
    """
    person = session.get(Person, person_id)
    if person is None:
        raise NotFoundError(not_found)
    if offices_in_scope(session, actor) is not None:  # the region needs no look-up
        offices = session.scalars(
            select(Membership.office_id).where(Membership.person_id == person_id)
        ).all()
        require_in_scope(session, actor, offices, "person", person_id, not_found)
    return person


def record_refusal(db: Database, error: OutOfScopeError) -> None:
    """Put a refusal on the audit trail in a short write of its own."""
    with db.write() as session:
        audit.record(
            session,
            error.actor,
            REFUSED_ACTION,
            error.entity,
            error.entity_id,
            {"office_id": error.actor.office_id, "role": error.actor.role.value},
        )


def guarded(function: Callable[P, R]) -> Callable[P, R]:
    """Record the scope refusals of a service entry point that takes ``db`` (and ``actor``).

    The refusal is written after the entry point's own transaction has ended, then the same
    "not found" is raised to the caller.
    """
    signature = inspect.signature(function)

    @functools.wraps(function)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return function(*args, **kwargs)
        except OutOfScopeError as error:
            db = signature.bind_partial(*args, **kwargs).arguments.get("db")
            if isinstance(db, Database) and not error.recorded:
                # Once, by the outermost entry point that saw it (one service may call another).
                record_refusal(db, error)
                error.recorded = True
            raise

    return wrapper


# --- checking one record by its key, before a service's own transaction --------------------------


def _one(column: Any, key_column: Any, convert: Callable[[str], Any] = str) -> Resolver:
    def resolve(session: Session, key: object) -> list[int]:
        try:
            value = convert(str(key).strip())
        except ValueError:
            return []
        return [int(i) for i in session.scalars(select(column).where(key_column == value))]

    return resolve


def _through(column: Any, child: Any, link: Any) -> Resolver:
    """The office (*column*) of the record a *child* row of id *key* belongs to, *link* joining
    the two: a follow-up to its case, a pension payment or a scholarship to its claim."""

    def resolve(session: Session, key: object) -> list[int]:
        statement = select(column).join(child, link).where(child.id == int(str(key)))
        return [int(i) for i in session.scalars(statement)]

    return resolve


Resolver = Callable[[Session, object], list[int]]


def _resolvers() -> dict[str, tuple[Resolver, str]]:
    """Record kind → (the offices a key belongs to, the "not found" text of the services).

    A person belongs to the offices of their memberships; an heir, a payment of a pension or a
    scholarship to the office of its person or claim. An office code "exists" for the offices
    in scope (a branch asking for another branch's report is told that office does not exist).
    """
    from bpjs_desktop.db.models import (
        ArrearsCase,
        Claim,
        Employer,
        FollowUp,
        Heir,
        PensionPayment,
        ScholarshipEntitlement,
    )

    person_offices = _one(Membership.office_id, Membership.person_id, int)

    def heir(session: Session, key: object) -> list[int]:
        person_id = session.scalar(select(Heir.person_id).where(Heir.id == int(str(key))))
        return [] if person_id is None else person_offices(session, person_id)

    def claim_of(model: Any) -> Resolver:
        return _through(Claim.office_id, model, model.claim_id == Claim.id)

    follow_up = _through(ArrearsCase.office_id, FollowUp, FollowUp.case_id == ArrearsCase.id)

    return {
        "employer": (
            _one(Employer.office_id, Employer.npp, str.upper),
            N_("Pemberi kerja dengan NPP {npp} tidak ada"),
        ),
        "membership": (
            _one(Membership.office_id, Membership.kpj),
            N_("Peserta dengan KPJ {kpj} tidak ada"),
        ),
        "person": (person_offices, N_("Orang dengan id {id} tidak ada")),
        "claim": (_one(Claim.office_id, Claim.claim_no), N_("Klaim {no} tidak ada")),
        "arrears_case": (
            _one(ArrearsCase.office_id, ArrearsCase.id, int),
            N_("Kasus piutang {id} tidak ada"),
        ),
        "follow_up": (follow_up, N_("Tindak lanjut {id} tidak ada")),
        "heir": (heir, N_("Ahli waris dengan id {id} tidak ada")),
        "pension_payment": (
            claim_of(PensionPayment),
            N_("Pembayaran pensiun {id} tidak ada"),
        ),
        "scholarship": (claim_of(ScholarshipEntitlement), N_("Beasiswa {id} tidak ada")),
        "office": (
            _one(Office.id, Office.code, str.upper),
            N_("Kantor dengan kode {code} tidak ada"),
        ),
    }


def check(db: Database, actor: Actor | None, kind: str, key: object) -> None:
    """Refuse (:class:`OutOfScopeError`) a record of kind *kind* named *key* outside *actor*'s
    offices; a key that names nothing passes (the service then says it does not exist).

    For the services whose own transaction is not the place to look: it is a short read of its
    own, at the start of the service (decorate the service with :func:`guarded`).
    """
    if actor is None or is_regional(actor):
        return
    resolve, message = _resolvers()[kind]
    with db.read() as session:
        offices = offices_in_scope(session, actor)
        if offices is None:
            return
        office_ids = resolve(session, key)
    if not office_ids or any(office_visible(offices, o) for o in office_ids):
        return
    # Each text names its key as the service's own message does ({npp}, {kpj}, {no}, {id}…).
    name = message.split("{", 1)[1].split("}", 1)[0]
    refuse(actor, kind, key, _(message).format(**{name: key}))


def check_office(db: Database, actor: Actor | None, office_code: str | None) -> None:
    """Refuse a report, chart or list of an office outside *actor*'s scope ("not found").

    *office_code* None (or empty) is the whole region, which only the region sees.
    """
    if actor is None or is_regional(actor):
        return
    code = (office_code or "").strip().upper()
    if not code:
        with db.read() as session:
            code = session.scalar(select(Office.code).where(Office.kind == OfficeKind.KANWIL)) or ""
    check(db, actor, "office", code)


def office_codes(session: Session, actor: Actor | None) -> frozenset[str] | None:
    """The codes of the offices in *actor*'s scope (None: every office)."""
    offices = offices_in_scope(session, actor)
    if offices is None:
        return None
    return frozenset(session.scalars(select(Office.code).where(in_scope(Office.id, offices))))
