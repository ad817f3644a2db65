"""The records behind a figure of the dashboard: the employers, workers, payments, arrears cases or
claims it counts, as lists read a page at a time by key (services/keyset.py: the sort value and
the row id, never OFFSET), the PageSources of ui/common/tables.py.

Each list's :meth:`count` is, by construction, the figure it lies behind: the conditions here are
the ones of :func:`reports.monthly_summary` (active at month end, registered or started from
January, paid in the month...). A test checks that for every KPI on the demo.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from operator import attrgetter
from typing import Any, ClassVar

from sqlalchemy import func, literal, or_, select
from sqlalchemy.orm import Session

from bpjs_desktop.db.engine import Database
from bpjs_desktop.db.models import (
    Agent,
    ArrearsCase,
    CaseStatus,
    Claim,
    Employer,
    Membership,
    Office,
    Payment,
    Person,
)
from bpjs_desktop.domain.claims import ClaimType
from bpjs_desktop.domain.programmes import Programme, Segment, SizeClass
from bpjs_desktop.domain.service_level import sla_days
from bpjs_desktop.services import keyset, scope
from bpjs_desktop.services.context import Actor
from bpjs_desktop.services.reports import SEGMENTS, sla_overrides
from bpjs_desktop.services.work_calendar import fast_calendar


@dataclass(frozen=True, slots=True)
class RecordFilter:
    """Which records: *kind* is "employers", "workers", "payments", "arrears" or "claims"."""

    kind: str
    title: str
    office_codes: tuple[str, ...]
    on: date | None = None  # active at the end of this day (employers, workers)
    first: date | None = None  # registered / started / paid / settled from …
    last: date | None = None  # … to this day
    segment: Segment | None = None
    programme: Programme | None = None
    recruited: bool = False  # workers recruited by a Perisai agent of the offices
    target_year: int | None = None  # arrears: on this year's target list
    settled: bool = False  # arrears: collected (settled) within first…last


def _office_ids(session: Session, codes: Sequence[str], actor: Actor | None = None) -> list[int]:
    """The ids of the offices *codes*, among *actor*'s (services/scope.py): a branch drilling
    into a figure sees its own offices' records only."""
    offices = scope.offices_in_scope(session, actor)
    return list(
        session.scalars(
            select(Office.id).where(
                Office.code.in_(list(codes)), scope.in_scope(Office.id, offices)
            )
        )
    )


# Stand-ins for empty values in a sort key (services/keyset.py compares keys in SQL, and SQLite
# and PostgreSQL put NULL at opposite ends): a claim not paid or not decided yet, a case not
# settled, sorts before every paid, decided or settled one.
_NO_DATE = date(1900, 1, 1)
_NO_AMOUNT = 0


@dataclass(frozen=True, slots=True)
class _Sort:
    """One sort key of a list: its column, the field of the row holding it, and the stand-in of
    an empty value (None: the column is never empty)."""

    column: Any
    field: str
    empty: Any = None


@dataclass(frozen=True, slots=True)
class _Columns:
    """The columns a list is read by (held in one class attribute: a mapped column read through
    an instance would be taken for an ORM instance attribute)."""

    id: Any
    office: Any
    period: Any = None  # the date the filter's first…last bounds (None: the list's own rule)
    total: Any = None  # what total() sums


class _Source(keyset.KeysetList):
    """One kind of record, read by key (services/keyset.py): the sort value and the row id.

    A subclass names its sort keys (``SORT_KEYS``), its id, office and period columns
    (``COLUMNS``), the field of its row holding the id (``ID_FIELD``), its own conditions
    (``_conditions``), its row class (``ROW``) and the select of a row's columns
    (``_row_columns``); a list whose rows are worked out from what is read overrides ``_rows``.
    """

    SORT_KEYS: ClassVar[dict[str, _Sort]] = {}
    COLUMNS: ClassVar[_Columns]
    ID_FIELD = ""
    ROW: ClassVar[Any] = None
    DEFAULT_SORT = ""

    def __init__(
        self, db: Database, record_filter: RecordFilter, *, actor: Actor | None = None
    ) -> None:
        self.db = db
        self.filter = record_filter
        self.actor = actor

    def _conditions(self, f: RecordFilter) -> list[Any]:
        """The list's own conditions, besides its offices and period."""
        return []

    def _base(self, session: Session) -> Any:
        f = self.filter
        ids = _office_ids(session, f.office_codes, self.actor)
        columns = self.COLUMNS
        conditions = [columns.office.in_(ids), *self._conditions(f)]
        if columns.period is not None and f.first is not None and f.last is not None:
            conditions.append(columns.period.between(f.first, f.last))
        return select(columns.id).where(*conditions)

    def _in_key_order(self, rows: list[Any], ids: Sequence[int]) -> list[Any]:
        return keyset.in_key_order(rows, ids, attrgetter(self.ID_FIELD))

    def _row_columns(self) -> Any:
        """The select of a row's columns, in the order of the row's fields (``ROW``)."""
        raise NotImplementedError

    def _rows(self, session: Session, ids: Sequence[int]) -> list[Any]:
        query = self._row_columns().where(self.COLUMNS.id.in_(ids))
        rows = [self.ROW(*row) for row in session.execute(query)]
        return self._in_key_order(rows, ids)

    def count(self) -> int:
        with self.db.read() as session:
            query = self._base(session).with_only_columns(func.count()).order_by(None)
            return int(session.scalar(query) or 0)

    def _sort(self, sort_key: str | None) -> str:
        return sort_key if sort_key in self.SORT_KEYS else self.DEFAULT_SORT

    def _keys(
        self, session: Session, sort_key: str | None, descending: bool
    ) -> tuple[keyset.KeyQuery, keyset.Order]:
        sort = self.SORT_KEYS[self._sort(sort_key)]
        column = sort.column
        if sort.empty is not None:
            column = func.coalesce(column, literal(sort.empty, column.type))
        id_column = self.COLUMNS.id
        query: keyset.KeyQuery = self._base(session).with_only_columns(column, id_column)
        return query, keyset.Order.of(column, id_column, descending=descending)

    def key_of(self, row: Any, sort_key: str | None = None) -> keyset.Key:
        sort = self.SORT_KEYS[self._sort(sort_key)]
        value = getattr(row, sort.field)
        return (sort.empty if value is None else value, getattr(row, self.ID_FIELD))


class _SummedSource(_Source):
    """A list whose figure has an amount too (payments, cases collected, claims paid): the sum of
    its total column over the list."""

    def total(self) -> int:
        with self.db.read() as session:
            query = self._base(session).with_only_columns(func.sum(self.COLUMNS.total))
            return int(session.scalar(query) or 0)


# --- employers -----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class EmployerRecordRow:
    employer_id: int
    npp: str
    name: str
    office_code: str
    size_class: SizeClass
    registered_on: date
    na_date: date | None


class EmployerRecords(_Source):
    SORT_KEYS: ClassVar[dict[str, _Sort]] = {
        "name": _Sort(Employer.name, "name"),
        "npp": _Sort(Employer.npp, "npp"),
        "registered": _Sort(Employer.registered_on, "registered_on"),
    }
    ROW = EmployerRecordRow
    ID_FIELD = "employer_id"
    COLUMNS = _Columns(Employer.id, Employer.office_id, period=Employer.registered_on)
    DEFAULT_SORT = "name"

    def _conditions(self, f: RecordFilter) -> list[Any]:
        if f.on is None:
            return []
        return [
            Employer.registered_on <= f.on,
            or_(Employer.na_date.is_(None), Employer.na_date > f.on),
        ]

    def _row_columns(self) -> Any:
        return (
            select(Employer.id, Employer.npp, Employer.name, Office.code, Employer.size_class,
                   Employer.registered_on, Employer.na_date)
            .join(Office, Office.id == Employer.office_id)
        )  # fmt: skip


# --- workers -------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class WorkerRecordRow:
    membership_id: int
    person_id: int
    kpj: str
    name: str
    segment: Segment
    employer_name: str | None
    office_code: str
    start_date: date
    end_date: date | None
    agent_name: str | None


class WorkerRecords(_Source):
    # Ordered by start date by default: the summary index covers it, so 1.67 million active
    # wage earners are ordered in 0.2 s; ordering by KPJ reads every row (2 s at scale 1).
    SORT_KEYS: ClassVar[dict[str, _Sort]] = {
        "start": _Sort(Membership.start_date, "start_date"),
        "kpj": _Sort(Membership.kpj, "kpj"),
    }
    ROW = WorkerRecordRow
    ID_FIELD = "membership_id"
    COLUMNS = _Columns(Membership.id, Membership.office_id, period=Membership.start_date)
    DEFAULT_SORT = "start"

    def __init__(
        self, db: Database, record_filter: RecordFilter, *, actor: Actor | None = None
    ) -> None:
        super().__init__(db, record_filter, actor=actor)
        self._recruits: list[tuple[int, date, str]] | None = None

    def _conditions(self, f: RecordFilter) -> list[Any]:
        conditions: list[Any] = [
            Membership.segment.in_([f.segment] if f.segment else list(SEGMENTS))
        ]
        if f.on is not None:
            conditions += [
                Membership.start_date <= f.on,
                or_(Membership.end_date.is_(None), Membership.end_date >= f.on),
            ]
        return conditions

    def _recruited(self, session: Session) -> list[tuple[int, date, str]]:
        """Members recruited by the offices' Perisai agents (counted at the agent's office, like
        the summary), read through the agent index: a few thousand rows, kept for paging."""
        if self._recruits is None:
            f = self.filter
            agents = list(
                session.scalars(
                    select(Agent.id).where(
                        Agent.office_id.in_(_office_ids(session, f.office_codes, self.actor))
                    )
                )
            )
            found = []
            for start in range(0, len(agents), 500):
                found += [
                    (int(i), d, str(k))
                    for i, d, k in session.execute(
                        select(Membership.id, Membership.start_date, Membership.kpj).where(
                            Membership.agent_id.in_(agents[start : start + 500])
                        )
                    )
                    if (f.first is None or d >= f.first) and (f.last is None or d <= f.last)
                    and (f.on is None or d <= f.on)
                ]  # fmt: skip
            self._recruits = found
        return self._recruits

    def count(self) -> int:
        if not self.filter.recruited:
            return super().count()
        with self.db.read() as session:
            return len(self._recruited(session))

    def _key_list(
        self, session: Session, sort_key: str | None, descending: bool
    ) -> list[keyset.Key] | None:
        """The recruits' keys, ordered in memory (a few thousand); None for the other lists."""
        if not self.filter.recruited:
            return None
        index = 2 if self._sort(sort_key) == "kpj" else 1
        keys = [(r[index], r[0]) for r in self._recruited(session)]
        return sorted(keys, reverse=descending)

    def _row_columns(self) -> Any:
        return (
            select(Membership.id, Person.id, Membership.kpj, Person.name, Membership.segment,
                   Employer.name, Office.code, Membership.start_date, Membership.end_date,
                   Agent.name)
            .join(Person, Person.id == Membership.person_id)
            .join(Office, Office.id == Membership.office_id)
            .outerjoin(Employer, Employer.id == Membership.employer_id)
            .outerjoin(Agent, Agent.id == Membership.agent_id)
        )  # fmt: skip


# --- payments ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PaymentRecordRow:
    payment_id: int
    paid_on: date
    payer: str
    payer_number: str  # NPP of an employer, KPJ of an informal member
    office_code: str
    amount: int
    reference: str


class PaymentRecords(_SummedSource):
    SORT_KEYS: ClassVar[dict[str, _Sort]] = {
        "paid_on": _Sort(Payment.paid_on, "paid_on"),
        "amount": _Sort(Payment.amount, "amount"),
    }
    ID_FIELD = "payment_id"
    COLUMNS = _Columns(Payment.id, Payment.office_id, period=Payment.paid_on, total=Payment.amount)
    DEFAULT_SORT = "paid_on"

    def _rows(self, session: Session, ids: Sequence[int]) -> list[PaymentRecordRow]:
        rows = []
        for pid, paid_on, amount, reference, code, npp, employer, kpj, person in session.execute(
            select(Payment.id, Payment.paid_on, Payment.amount, Payment.reference, Office.code,
                   Employer.npp, Employer.name, Membership.kpj, Person.name)
            .join(Office, Office.id == Payment.office_id)
            .outerjoin(Employer, Employer.id == Payment.employer_id)
            .outerjoin(Membership, Membership.id == Payment.membership_id)
            .outerjoin(Person, Person.id == Membership.person_id)
            .where(Payment.id.in_(ids))
        ):  # fmt: skip
            rows.append(PaymentRecordRow(
                pid, paid_on, employer or person or "", npp or kpj or "", code, int(amount), reference
            ))  # fmt: skip
        return self._in_key_order(rows, ids)


# --- arrears cases ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ArrearsRecordRow:
    case_id: int
    npp: str
    employer_name: str
    office_code: str
    opened_on: date
    principal: int
    status: CaseStatus
    settled_on: date | None
    collected: int


class ArrearsRecords(_SummedSource):
    SORT_KEYS: ClassVar[dict[str, _Sort]] = {
        "name": _Sort(Employer.name, "employer_name"),
        "principal": _Sort(ArrearsCase.principal, "principal"),
        "settled": _Sort(ArrearsCase.settled_on, "settled_on", empty=_NO_DATE),
    }
    ROW = ArrearsRecordRow
    ID_FIELD = "case_id"
    # first…last bound the settlement date of the cases settled only (_conditions)
    COLUMNS = _Columns(ArrearsCase.id, ArrearsCase.office_id, total=ArrearsCase.collected)
    DEFAULT_SORT = "name"

    def _base(self, session: Session) -> Any:
        # joined to its employer, whose name is a sort key
        return super()._base(session).join(Employer, Employer.id == ArrearsCase.employer_id)

    def _conditions(self, f: RecordFilter) -> list[Any]:
        conditions: list[Any] = []
        if f.target_year is not None:
            conditions.append(ArrearsCase.target_year == f.target_year)
        if f.settled and f.first is not None and f.last is not None:  # else: the open cases
            conditions.append(ArrearsCase.settled_on.between(f.first, f.last))
        return conditions

    def _row_columns(self) -> Any:
        return (
            select(ArrearsCase.id, Employer.npp, Employer.name, Office.code, ArrearsCase.opened_on,
                   ArrearsCase.principal, ArrearsCase.status, ArrearsCase.settled_on,
                   ArrearsCase.collected)
            .join(Employer, Employer.id == ArrearsCase.employer_id)
            .join(Office, Office.id == ArrearsCase.office_id)
        )  # fmt: skip


# --- claims ----------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ClaimRecordRow:
    claim_id: int
    claim_no: str
    kpj: str
    name: str
    office_code: str
    claim_type: ClaimType
    submitted_on: date
    paid_on: date | None
    amount: int | None
    working_days: int | None  # from complete documents (else submission) to payment
    limit: int | None  # the service level of its type (None: submitted before any rule)
    within: bool | None


class ClaimRecords(_SummedSource):
    SORT_KEYS: ClassVar[dict[str, _Sort]] = {
        "paid_on": _Sort(Claim.paid_on, "paid_on", empty=_NO_DATE),
        "amount": _Sort(Claim.amount, "amount", empty=_NO_AMOUNT),
        "claim_no": _Sort(Claim.claim_no, "claim_no"),
    }
    ID_FIELD = "claim_id"
    COLUMNS = _Columns(Claim.id, Claim.office_id, period=Claim.paid_on, total=Claim.amount)
    DEFAULT_SORT = "paid_on"

    def _conditions(self, f: RecordFilter) -> list[Any]:
        return [] if f.programme is None else [Claim.programme == f.programme.value]

    def _rows(self, session: Session, ids: Sequence[int]) -> list[ClaimRecordRow]:
        calendar = fast_calendar(session)
        overrides = sla_overrides(session)
        rows = []
        for claim, kpj, name, code in session.execute(
            select(Claim, Membership.kpj, Person.name, Office.code)
            .join(Membership, Membership.id == Claim.membership_id)
            .join(Person, Person.id == Membership.person_id)
            .join(Office, Office.id == Claim.office_id)
            .where(Claim.id.in_(ids))
        ):
            limit_days = sla_days(claim.claim_type, claim.submitted_on, overrides)
            days = (
                calendar.working_days_between(claim.docs_complete_on or claim.submitted_on, claim.paid_on)
                if claim.paid_on is not None
                else None
            )  # fmt: skip
            rows.append(ClaimRecordRow(
                claim.id, claim.claim_no, kpj, name, code, claim.claim_type, claim.submitted_on,
                claim.paid_on, claim.amount, days, limit_days,
                None if days is None or limit_days is None else days <= limit_days,
            ))  # fmt: skip
        return self._in_key_order(rows, ids)


SOURCES: dict[str, type[_Source]] = {
    "employers": EmployerRecords,
    "workers": WorkerRecords,
    "payments": PaymentRecords,
    "arrears": ArrearsRecords,
    "claims": ClaimRecords,
}


def records(db: Database, record_filter: RecordFilter, *, actor: Actor | None = None) -> _Source:
    """The paged list of the records *record_filter* names, of *actor*'s offices."""
    return SOURCES[record_filter.kind](db, record_filter, actor=actor)
