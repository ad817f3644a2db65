"""Finding people and employers: the search box, and the paged lists with their filters.

Exact identifiers (NIK 16 digits, KPJ 11, NPP 8) go straight to their unique index; names are
searched by word prefix through the native index of each database (FTS5 on SQLite, a GIN
tsvector index on PostgreSQL; revision 0003), so "siti am" finds SITI AMINAH and "aminah" every
AMINAH. Lists count in SQL and read pages by key (services/keyset.py) in their filters and order.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, ClassVar

from sqlalchemy import and_, bindparam, exists, func, or_, select, text
from sqlalchemy.orm import Session

from bpjs_desktop.db.engine import Database
from bpjs_desktop.db.models import (
    Agent,
    ArrearsCase,
    CaseStatus,
    Claim,
    ContributionBill,
    Employer,
    EmployerStatus,
    Membership,
    Office,
    Person,
)
from bpjs_desktop.domain import inputs
from bpjs_desktop.domain.identifiers import clean_digits
from bpjs_desktop.domain.masking import mask_kpj, mask_nik
from bpjs_desktop.domain.periods import today_wib
from bpjs_desktop.domain.programmes import Segment, SizeClass
from bpjs_desktop.i18n import _
from bpjs_desktop.services import keyset, scope
from bpjs_desktop.services.context import Actor

SEARCH_LIMIT = 50
_WORD = re.compile(r"[^\W_]+", re.UNICODE)


@dataclass(frozen=True, slots=True)
class SearchHit:
    """One result of the search box: who, and where (employer, branch, segment, status)."""

    kind: str  # "worker" or "employer"
    key: str  # KPJ of the membership shown, or NPP
    title: str  # the name
    nik: str | None
    segment: Segment | None
    employer_name: str | None
    office_code: str
    active: bool
    person_id: int | None = None
    membership_id: int | None = None
    employer_id: int | None = None

    @property
    def subtitle(self) -> str:
        status = (
            _("aktif")
            if self.active
            else (_("berakhir") if self.kind == "worker" else _("nonaktif"))
        )
        if self.kind == "employer":
            employer = _("Pemberi kerja")
            return f"NPP {self.key} · {employer} · {self.office_code} · {status}"
        # Masked (domain/masking.py): the drop-down is seen over the shoulder at the counter;
        # the full NIK is on the member's page, for the roles that may see it.
        where = f" · {self.employer_name}" if self.employer_name else ""
        segment = self.segment.value if self.segment else ""
        nik, kpj = mask_nik(self.nik), mask_kpj(self.key)
        return f"NIK {nik} · KPJ {kpj} · {segment}{where} · {self.office_code} · {status}"


def search(
    db: Database, query: str, limit: int = SEARCH_LIMIT, *, actor: Actor | None = None
) -> list[SearchHit]:
    """Everything the search box finds for *query*: identifiers first, then names.

    The query is normalised first (``domain.inputs.search_text``): NFC, no control characters,
    its first :data:`~bpjs_desktop.domain.inputs.MAX_SEARCH_WORDS` words only. Only the records
    of *actor*'s offices (services/scope.py; None: the whole region, as the command line): a
    worker is found through a membership of those offices, and shown with it.
    """
    query, _cut = inputs.search_text(query)
    if not query:
        return []
    digits = clean_digits(query, separators=".-")
    today = today_wib()
    with db.read() as session:
        offices = scope.offices_in_scope(session, actor)
        if inputs.is_ascii_digits(digits):  # '²³⁴' and '①②' are not digits
            return _search_digits(session, digits, today, limit, offices)
        hits: list[SearchHit] = []
        npp = query.replace(" ", "").upper()
        if len(npp) == 8 and npp.isalnum():
            hits += _employers(session, Employer.npp == npp, today, 1, offices)
        words = _WORD.findall(query.upper())
        if not words or sum(len(w) for w in words) < 2:
            return hits
        hits += _employers(
            session,
            and_(*(func.upper(Employer.name).like(f"%{_escape(w)}%", escape="\\") for w in words)),
            today,
            10,
            offices,
        )
        person_ids = _name_matches(session, words, limit, offices)
        hits += sorted(
            _workers_of(session, person_ids, today, offices=offices), key=lambda h: (h.title, h.key)
        )
        return hits[:limit]


def _escape(word: str) -> str:
    return word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _search_digits(
    session: Session, digits: str, today: date, limit: int, offices: scope.Scope
) -> list[SearchHit]:
    if len(digits) == 16:
        ids = list(session.scalars(select(Person.id).where(Person.nik == digits)))
        return _workers_of(session, ids, today, offices=offices)
    if len(digits) == 11:
        ids = list(
            session.scalars(
                select(Membership.person_id).where(
                    Membership.kpj == digits, scope.in_scope(Membership.office_id, offices)
                )
            )
        )
        return _workers_of(session, ids, today, prefer_kpj=digits, offices=offices)
    hits: list[SearchHit] = []
    if len(digits) == 8:
        hits += _employers(session, Employer.npp == digits, today, 1, offices)
    if len(digits) >= 6:
        # As the number is typed: NIKs and KPJs that begin with it (a range on their unique index).
        upper = str(int(digits) + 1).zfill(len(digits))
        person_ids: list[int] = []
        for person_id, number, in_offices in (
            (Person.id, Person.nik, scope.person_in_scope(Person.id, offices)),
            (Membership.person_id, Membership.kpj, scope.in_scope(Membership.office_id, offices)),
        ):
            person_ids += session.scalars(
                select(person_id)
                .where(number >= digits, number < upper, in_offices)
                .order_by(number)
                .limit(limit)
            ).all()
        hits += _workers_of(
            session, list(dict.fromkeys(person_ids))[:limit], today, offices=offices
        )
    return hits


_FTS_SQLITE = "SELECT rowid FROM person_fts WHERE person_fts MATCH :match LIMIT :limit"
_FTS_SQLITE_IN_OFFICES = (
    "SELECT rowid FROM person_fts WHERE person_fts MATCH :match AND EXISTS (SELECT 1 FROM "
    "membership m WHERE m.person_id = person_fts.rowid AND m.office_id IN :offices) LIMIT :limit"
)
_FTS_POSTGRES = (
    "SELECT id FROM person WHERE to_tsvector('simple', name) @@ to_tsquery('simple', :query) "
    "LIMIT :limit"
)
_FTS_POSTGRES_IN_OFFICES = (
    "SELECT id FROM person WHERE to_tsvector('simple', name) @@ to_tsquery('simple', :query) "
    "AND EXISTS (SELECT 1 FROM membership m WHERE m.person_id = person.id "
    "AND m.office_id IN :offices) LIMIT :limit"
)


def _name_matches(
    session: Session, words: Sequence[str], limit: int, offices: scope.Scope = None
) -> list[int]:
    """Person ids whose name has a word starting with each of *words* (within *offices*).

    The office condition goes into the same query as the name match, before the LIMIT, so a
    branch gets its own first matches rather than the region's first ones filtered to none.
    """
    params: dict[str, Any] = {"limit": limit}
    if offices is not None:
        params["offices"] = sorted(offices) or [-1]
    if session.get_bind().dialect.name == "sqlite":
        params["match"] = " ".join(f'"{w}"*' for w in words)
        # No ORDER BY rank: ranking scores every match (0.5 s for a 3-letter prefix among
        # 2.8 million names); the first matches come at once and narrow as more is typed.
        sql = _FTS_SQLITE if offices is None else _FTS_SQLITE_IN_OFFICES
    else:
        params["query"] = " & ".join(f"{w.lower()}:*" for w in words)
        sql = _FTS_POSTGRES if offices is None else _FTS_POSTGRES_IN_OFFICES
    statement = text(sql)
    if offices is not None:
        statement = statement.bindparams(bindparam("offices", expanding=True))
    rows = session.execute(statement, params)
    return [int(row[0]) for row in rows]


def _workers_of(
    session: Session,
    person_ids: Sequence[int],
    today: date,
    prefer_kpj: str | None = None,
    offices: scope.Scope = None,
) -> list[SearchHit]:
    """One hit per person, showing their current membership (else their latest one) among the
    memberships of *offices*; a person with none there is not a hit."""
    if not person_ids:
        return []
    rows = session.execute(
        select(Person, Membership, Office.code, Employer.name)
        .join(Membership, Membership.person_id == Person.id)
        .join(Office, Office.id == Membership.office_id)
        .outerjoin(Employer, Employer.id == Membership.employer_id)
        .where(Person.id.in_(person_ids), scope.in_scope(Membership.office_id, offices))
    ).all()
    best: dict[int, tuple[Any, ...]] = {}
    for person, membership, office_code, employer_name in rows:
        active = membership.start_date <= today and (
            membership.end_date is None or membership.end_date >= today
        )
        rank = (membership.kpj == prefer_kpj, active, membership.start_date)
        if person.id not in best or rank > best[person.id][0]:
            best[person.id] = (rank, person, membership, office_code, employer_name, active)
    hits = []
    for person_id in person_ids:
        if person_id not in best:
            continue
        _rank, person, membership, office_code, employer_name, active = best[person_id]
        hits.append(
            SearchHit(
                "worker",
                membership.kpj,
                person.name,
                person.nik,
                membership.segment,
                employer_name,
                office_code,
                active,
                person.id,
                membership.id,
                membership.employer_id,
            )
        )
    return hits


def _employers(
    session: Session, condition: Any, today: date, limit: int, offices: scope.Scope = None
) -> list[SearchHit]:
    rows = session.execute(
        select(Employer, Office.code)
        .join(Office, Office.id == Employer.office_id)
        .where(condition, scope.in_scope(Employer.office_id, offices))
        .order_by(Employer.name)
        .limit(limit)
    ).all()
    return [
        SearchHit(
            "employer",
            e.npp,
            e.name,
            None,
            None,
            None,
            code,
            e.status is EmployerStatus.AKTIF and (e.na_date is None or e.na_date > today),
            employer_id=e.id,
        )
        for e, code in rows
    ]


# --- the worker list ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class WorkerFilter:
    office_code: str | None = None
    segment: Segment | None = None
    status: str | None = None  # "aktif", "berakhir" or None for both
    employer_npp: str | None = None


@dataclass(frozen=True, slots=True)
class WorkerListRow:
    membership_id: int
    kpj: str
    nik: str
    name: str
    birth_date: date
    segment: Segment
    employer_npp: str | None
    employer_name: str | None
    office_code: str
    start_date: date
    end_date: date | None
    wage: int | None

    def active_on(self, day: date) -> bool:
        return self.start_date <= day and (self.end_date is None or self.end_date >= day)


WORKER_SORT_KEYS = {
    "kpj": Membership.kpj,
    "name": Person.name,
    "nik": Person.nik,
    "start": Membership.start_date,
    "segment": Membership.segment,
}
_WORKER_ROW_FIELDS = {
    "kpj": "kpj",
    "name": "name",
    "nik": "nik",
    "start": "start_date",
    "segment": "segment",
}


class _ListQuery(keyset.KeysetList):
    """A list of one table under a filter, on a day, of the actor's offices: counted, and read
    by key (the sort value and the row id). A subclass names its table (``TABLE``), its sort
    columns and the row field holding each (``SORT_KEYS``, ``ROW_FIELDS``), the field holding
    the id (``ID_FIELD``), and its conditions (``_conditions``)."""

    TABLE: ClassVar[Any]
    SORT_KEYS: ClassVar[dict[str, Any]]
    ROW_FIELDS: ClassVar[dict[str, str]]
    ID_FIELD: ClassVar[str]

    def __init__(
        self, db: Database, list_filter: Any, on: date | None = None, *, actor: Actor | None = None
    ) -> None:
        self.db = db
        self.filter = list_filter
        self.on = on or today_wib()
        self.actor = actor

    def _conditions(self, session: Session) -> list[Any]:
        raise NotImplementedError

    def _in_offices(self, session: Session) -> list[Any]:
        """The rows of the actor's offices, and of the filter's one office if it names one."""
        office_column = self.TABLE.office_id
        offices = scope.offices_in_scope(session, self.actor)
        conditions: list[Any] = [scope.in_scope(office_column, offices)]
        if self.filter.office_code:
            code = self.filter.office_code
            office_id = session.scalar(select(Office.id).where(Office.code == code))
            conditions.append(office_column == (office_id or -1))
        return conditions

    def count(self) -> int:
        with self.db.read() as session:
            query = select(func.count()).select_from(self.TABLE)
            return int(session.scalar(query.where(*self._conditions(session))) or 0)

    def _sort(self, sort_key: str | None) -> str:
        """*sort_key* if the list sorts by it, else its default."""
        return sort_key if sort_key in self.SORT_KEYS else self.DEFAULT_SORT or ""

    def _sort_column(self, sort_key: str | None) -> Any:
        return self.SORT_KEYS[self._sort(sort_key)]

    def _keys(
        self, session: Session, sort_key: str | None, descending: bool
    ) -> tuple[keyset.KeyQuery, keyset.Order]:
        column, id_column = self._sort_column(sort_key), self.TABLE.id
        query: keyset.KeyQuery = select(column, id_column).where(*self._conditions(session))
        return query, keyset.Order.of(column, id_column, descending=descending)

    def key_of(self, row: Any, sort_key: str | None = None) -> keyset.Key:
        return (getattr(row, self.ROW_FIELDS[self._sort(sort_key)]), getattr(row, self.ID_FIELD))


class WorkerQuery(_ListQuery):
    """The worker list under a filter: count it, read pages by key (a PageSource for the UI)."""

    TABLE = Membership
    SORT_KEYS = WORKER_SORT_KEYS
    ROW_FIELDS = _WORKER_ROW_FIELDS
    ID_FIELD = "membership_id"
    DEFAULT_SORT = "kpj"

    filter: WorkerFilter

    def _conditions(self, session: Session) -> list[Any]:
        f = self.filter
        conditions = self._in_offices(session)
        if f.segment is not None:
            conditions.append(Membership.segment == f.segment)
        if f.status == "aktif":
            conditions += [
                Membership.start_date <= self.on,
                or_(Membership.end_date.is_(None), Membership.end_date >= self.on),
            ]
        elif f.status == "berakhir":
            conditions.append(Membership.end_date < self.on)
        if f.employer_npp:
            employer_id = session.scalar(
                select(Employer.id).where(Employer.npp == f.employer_npp.upper())
            )
            conditions.append(Membership.employer_id == (employer_id or -1))
        return conditions

    def _keys(
        self, session: Session, sort_key: str | None, descending: bool
    ) -> tuple[keyset.KeyQuery, keyset.Order]:
        """The key columns (sort value, membership id) under the filter, through the narrowest
        query that can order them: the membership table and its index of the sort column
        (joined to person for a name or NIK order)."""
        query, order = super()._keys(session, sort_key, descending)
        if self._sort_column(sort_key).class_ is Person:
            query = query.join(Person, Person.id == Membership.person_id)
        return query, order

    def _rows(self, session: Session, ids: Sequence[int]) -> list[WorkerListRow]:
        """The rows of a page's memberships, with their joins, in the order of *ids*."""
        rows = (
            session.connection()
            .execute(
                select(
                    Membership.id,
                    Membership.kpj,
                    Person.nik,
                    Person.name,
                    Person.birth_date,
                    Membership.segment,
                    Employer.npp,
                    Employer.name,
                    Office.code,
                    Membership.start_date,
                    Membership.end_date,
                    Membership.wage,
                )
                .join(Person, Person.id == Membership.person_id)
                .join(Office, Office.id == Membership.office_id)
                .outerjoin(Employer, Employer.id == Membership.employer_id)
                .where(Membership.id.in_(ids))
            )
            .all()
        )
        found = [WorkerListRow(*tuple(row)) for row in rows]
        return keyset.in_key_order(found, ids, lambda r: r.membership_id)


# --- the employer list -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class EmployerFilter:
    office_code: str | None = None
    status: str | None = None  # "aktif", "nonaktif"
    size: SizeClass | None = None
    risk_group: int | None = None
    in_arrears: bool | None = None  # overdue bills not fully paid on the list's date


@dataclass(frozen=True, slots=True)
class EmployerListRow:
    employer_id: int
    npp: str
    name: str
    office_code: str
    size_class: SizeClass
    risk_group: int
    programmes: str
    registered_on: date
    na_date: date | None
    status: EmployerStatus
    open_case: bool


EMPLOYER_SORT_KEYS = {
    "npp": Employer.npp,
    "name": Employer.name,
    "registered": Employer.registered_on,
    "size": Employer.size_class,
    "risk": Employer.risk_group,
}
_EMPLOYER_ROW_FIELDS = {
    "npp": "npp",
    "name": "name",
    "registered": "registered_on",
    "size": "size_class",
    "risk": "risk_group",
}


class EmployerQuery(_ListQuery):
    """The employer list under a filter (a PageSource for the UI, read by keys)."""

    TABLE = Employer
    SORT_KEYS = EMPLOYER_SORT_KEYS
    ROW_FIELDS = _EMPLOYER_ROW_FIELDS
    ID_FIELD = "employer_id"
    DEFAULT_SORT = "name"

    filter: EmployerFilter

    def _overdue(self) -> Any:
        return exists().where(
            ContributionBill.employer_id == Employer.id,
            ContributionBill.due_date < self.on,
            ContributionBill.paid < ContributionBill.amount,
        )

    def _conditions(self, session: Session) -> list[Any]:
        f = self.filter
        conditions = self._in_offices(session)
        if f.status == "aktif":
            conditions += [
                Employer.registered_on <= self.on,
                or_(Employer.na_date.is_(None), Employer.na_date > self.on),
            ]
        elif f.status == "nonaktif":
            conditions.append(Employer.na_date <= self.on)
        if f.size is not None:
            conditions.append(Employer.size_class == f.size)
        if f.risk_group is not None:
            conditions.append(Employer.risk_group == f.risk_group)
        if f.in_arrears is True:
            conditions.append(self._overdue())
        elif f.in_arrears is False:
            conditions.append(~self._overdue())
        return conditions

    def _rows(self, session: Session, ids: Sequence[int]) -> list[EmployerListRow]:
        open_case = exists().where(
            ArrearsCase.employer_id == Employer.id,
            ArrearsCase.status.in_([CaseStatus.TERBUKA, CaseStatus.KEJARI, CaseStatus.KPKNL]),
        )
        rows = session.connection().execute(
            select(
                Employer.id,
                Employer.npp,
                Employer.name,
                Office.code,
                Employer.size_class,
                Employer.risk_group,
                Employer.programmes,
                Employer.registered_on,
                Employer.na_date,
                Employer.status,
                open_case,
            )
            .join(Office, Office.id == Employer.office_id)
            .where(Employer.id.in_(ids))
        )
        found = [EmployerListRow(*row) for row in rows]
        return keyset.in_key_order(found, ids, lambda r: r.employer_id)


# --- one person's record -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class MembershipRow:
    membership_id: int
    kpj: str
    segment: Segment
    employer_npp: str | None
    employer_name: str | None
    office_code: str
    programmes: str
    wage: int | None
    declared_income: int | None
    agent_name: str | None
    start_date: date
    end_date: date | None
    end_reason: str | None


@dataclass(frozen=True, slots=True)
class PersonClaimRow:
    claim_no: str
    kpj: str
    claim_type: str
    state: str
    submitted_on: date
    paid_on: date | None
    amount: int | None


@dataclass(frozen=True, slots=True)
class PersonRecord:
    person_id: int
    nik: str
    name: str
    birth_place: str
    birth_date: date
    sex: str
    mother_name: str
    regency_code: str
    phone: str
    memberships: tuple[MembershipRow, ...]
    claims: tuple[PersonClaimRow, ...]


@scope.guarded
def person_record(db: Database, person_id: int, *, actor: Actor | None = None) -> PersonRecord:
    """A person with every membership (newest first) and every claim, of *actor*'s offices.

    A person with no membership there is "not found" for *actor* (and the attempt audited).
    """
    with db.read() as session:
        missing = _("Peserta tidak ada (mungkin dihapus oleh pengguna lain)")
        person = scope.person_found_in_scope(session, actor, person_id, missing)
        offices = scope.offices_in_scope(session, actor)
        return PersonRecord(
            person.id,
            person.nik,
            person.name,
            person.birth_place,
            person.birth_date,
            person.sex,
            person.mother_name,
            person.regency_code,
            person.phone,
            _person_memberships(session, person_id, offices),
            _person_claims(session, person_id, offices),
        )


def _person_memberships(
    session: Session, person_id: int, offices: scope.Scope
) -> tuple[MembershipRow, ...]:
    """The person's memberships at *offices*, newest first."""
    memberships = session.execute(
        select(Membership, Employer.npp, Employer.name, Office.code, Agent.name)
        .join(Office, Office.id == Membership.office_id)
        .outerjoin(Employer, Employer.id == Membership.employer_id)
        .outerjoin(Agent, Agent.id == Membership.agent_id)
        .where(Membership.person_id == person_id, scope.in_scope(Membership.office_id, offices))
        .order_by(Membership.start_date.desc(), Membership.id.desc())
    ).all()
    return tuple(
        MembershipRow(
            m.id,
            m.kpj,
            m.segment,
            npp,
            employer_name,
            code,
            m.programmes,
            m.wage,
            m.declared_income,
            agent_name,
            m.start_date,
            m.end_date,
            m.end_reason.value if m.end_reason else None,
        )
        for m, npp, employer_name, code, agent_name in memberships
    )


def _person_claims(
    session: Session, person_id: int, offices: scope.Scope
) -> tuple[PersonClaimRow, ...]:
    """The person's claims at *offices*, newest first."""
    claims = session.execute(
        select(Claim, Membership.kpj)
        .join(Membership, Membership.id == Claim.membership_id)
        .where(Membership.person_id == person_id, scope.in_scope(Claim.office_id, offices))
        .order_by(Claim.submitted_on.desc(), Claim.id.desc())
    ).all()
    return tuple(
        PersonClaimRow(
            c.claim_no, kpj, c.claim_type.value, c.state.value, c.submitted_on, c.paid_on, c.amount
        )
        for c, kpj in claims
    )


def person_of_kpj(db: Database, kpj: str, *, actor: Actor | None = None) -> int | None:
    """The person holding KPJ *kpj*, if it is a membership of *actor*'s offices."""
    with db.read() as session:
        offices = scope.offices_in_scope(session, actor)
        return session.scalar(
            select(Membership.person_id).where(
                Membership.kpj == kpj, scope.in_scope(Membership.office_id, offices)
            )
        )
