"""The monthly summary of an office or the whole region, computed from the records.

One row per office (KC and KCP); the region's row is their sum. Definitions (domain.md §7):

- employers active at month end: registered on or before it and not non-active by then;
- workers active at month end, per segment: membership started on or before it and its last
  covered day not before it;
- Perisai: agents active at month end; workers they recruited from January to month end,
  counted at the agent's office;
- claims: paid from January to month end (the press reports claims "sampai dengan" a month),
  and paid in the month alone, in cases and rupiah per programme; of those, the claims served
  within their service level (as the claim desk clocks them: domain/service_level.py);
- arrears: employers on the year's target list, and those whose listed arrears were collected
  (settled) from January to month end, with the rupiah collected;
- contributions: billed for the month, and received in the month (and from January);
- new employers and workers: in the month, and from January to month end.

The summary also carries the month's targets (domain/kpis.py says what a target means for each
KPI) and the corrections to closed months reported in it (:class:`AdjustmentRow`).

A *closed* month (services/month_close.py) is reported from the snapshot frozen when it was
closed, never recomputed: :func:`report_summary` is what the export and the dashboard show,
:func:`monthly_summary` is always the records as they are now.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Date,
    String,
    case,
    cast,
    func,
    literal,
    null,
    or_,
    select,
    true,
    union_all,
)
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import InstrumentedAttribute, Session
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.functions import FunctionElement

from bpjs_desktop.db.engine import Database
from bpjs_desktop.db.models import (
    Adjustment,
    Agent,
    ArrearsCase,
    Claim,
    ContributionBill,
    Employer,
    Membership,
    MonthClose,
    MonthlyFact,
    Office,
    OfficeKind,
    Payment,
    Setting,
    Target,
)
from bpjs_desktop.domain import kpis
from bpjs_desktop.domain.claims import ClaimType
from bpjs_desktop.domain.periods import Period
from bpjs_desktop.domain.programmes import Programme, Segment
from bpjs_desktop.domain.service_level import FastCalendar, sla_days
from bpjs_desktop.errors import KnownError, NotFoundError
from bpjs_desktop.i18n import N_, _
from bpjs_desktop.services import audit
from bpjs_desktop.services import scope as scope_service
from bpjs_desktop.services.context import Actor, require
from bpjs_desktop.services.work_calendar import fast_calendar

CLAIM_PROGRAMMES = (Programme.JHT, Programme.JKK, Programme.JKM, Programme.JP, Programme.JKP)
SEGMENTS = (Segment.PU, Segment.BPU, Segment.JAKON, Segment.PMI)


@dataclass(frozen=True, slots=True)
class ClaimFigure:
    cases: int = 0
    amount: int = 0

    def __add__(self, other: ClaimFigure) -> ClaimFigure:
        return ClaimFigure(self.cases + other.cases, self.amount + other.amount)


def _no_claims() -> tuple[ClaimFigure, ...]:
    return tuple(ClaimFigure() for _ in CLAIM_PROGRAMMES)


@dataclass(frozen=True, slots=True)
class OfficeSummary:
    """The month's figures of one office (or, for the total row, of the whole scope)."""

    office_code: str
    office_name: str
    office_kind: str
    employers_active: int = 0
    employers_new: int = 0
    employers_ended: int = 0
    workers_pu: int = 0
    workers_bpu: int = 0
    workers_jakon: int = 0
    workers_pmi: int = 0
    workers_new: int = 0
    workers_ended: int = 0
    perisai_agents: int = 0
    perisai_recruits: int = 0
    claims_ytd: tuple[ClaimFigure, ...] = field(default_factory=_no_claims)
    claims_month: tuple[ClaimFigure, ...] = field(default_factory=_no_claims)
    arrears_target: int = 0
    arrears_collected: int = 0
    arrears_collected_amount: int = 0
    contributions_billed: int = 0
    contributions_received: int = 0
    # Added for the targets (domain/kpis.py): year-to-date flows and the service level.
    employers_new_ytd: int = 0
    workers_new_ytd: int = 0
    contributions_received_ytd: int = 0
    claims_sla_met: int = 0  # claims paid in the month within their service level
    claims_sla_met_ytd: int = 0  # the same, paid from January to month end

    @property
    def workers_total(self) -> int:
        return self.workers_pu + self.workers_bpu + self.workers_jakon + self.workers_pmi

    def workers(self, segment: Segment) -> int:
        return int(getattr(self, f"workers_{segment.value.lower()}"))

    def claims(self, programme: Programme, *, ytd: bool = True) -> ClaimFigure:
        figures = self.claims_ytd if ytd else self.claims_month
        return figures[CLAIM_PROGRAMMES.index(programme)]

    def claims_total(self, *, ytd: bool = True) -> ClaimFigure:
        total = ClaimFigure()
        for figure in self.claims_ytd if ytd else self.claims_month:
            total = total + figure
        return total

    @property
    def arrears_collected_percent(self) -> float:
        return 100.0 * self.arrears_collected / self.arrears_target if self.arrears_target else 0.0


NUMERIC_FIELDS = tuple(f.name for f in dataclasses.fields(OfficeSummary) if f.type in ("int", int))


def sum_rows(rows: Sequence[OfficeSummary], code: str, name: str, kind: str) -> OfficeSummary:
    """The total of *rows*: every count and amount added up."""
    totals = {name_: sum(getattr(r, name_) for r in rows) for name_ in NUMERIC_FIELDS}
    claims_ytd = tuple(
        sum((r.claims_ytd[i] for r in rows), ClaimFigure()) for i in range(len(CLAIM_PROGRAMMES))
    )
    claims_month = tuple(
        sum((r.claims_month[i] for r in rows), ClaimFigure()) for i in range(len(CLAIM_PROGRAMMES))
    )
    return OfficeSummary(
        code, name, kind, claims_ytd=claims_ytd, claims_month=claims_month, **totals
    )


@dataclass(frozen=True, slots=True)
class TargetFigure:
    """The target of one office for one KPI in the summary's month."""

    office_code: str
    kpi: str
    value: int


@dataclass(frozen=True, slots=True)
class AdjustmentRow:
    """A correction to a closed month, shown in the report of the month it is reported in."""

    period: str  # the closed month the correction is about
    reported_in: str
    office_code: str
    field: str  # a fact key (see :func:`flatten`)
    delta: int
    reason: str
    recorded_at: str  # ISO 8601, UTC

    @property
    def label(self) -> str:
        return fact_label(self.field)


@dataclass(frozen=True, slots=True)
class ClosedInfo:
    """When and by whom a month was closed, and the hash of its frozen summary."""

    closed_at: datetime
    closed_by: str
    sha256: str


@dataclass(frozen=True, slots=True)
class MonthlySummary:
    period: Period
    scope_code: str
    scope_name: str
    rows: tuple[OfficeSummary, ...]
    total: OfficeSummary
    targets: tuple[TargetFigure, ...] = ()
    adjustments: tuple[AdjustmentRow, ...] = ()
    closed: ClosedInfo | None = None

    @property
    def month_end(self) -> date:
        return self.period.last_day

    def target_map(self) -> dict[tuple[str, str], int]:
        return {(t.office_code, t.kpi): t.value for t in self.targets}

    def achievements(
        self,
    ) -> tuple[list[kpis.AchievementLine], list[kpis.AchievementLine]]:
        """(the scope's line per KPI, every office's line per KPI): target, realisation, %."""
        return kpis.lines_for(self.rows, self.total, self.target_map())


def scope_offices(
    session: Session, office_code: str | None, on: date
) -> tuple[Office, list[Office]]:
    """The office named (default: the regional office) and the KC/KCP rows it covers."""
    offices = session.scalars(select(Office).order_by(Office.id)).all()
    if not offices:
        raise NotFoundError(_("Database belum berisi data kantor"))
    by_code = {o.code: o for o in offices}
    if office_code is None:
        scope = next((o for o in offices if o.kind is OfficeKind.KANWIL), offices[0])
    else:
        found = by_code.get(office_code.strip().upper())
        if found is None:
            raise NotFoundError(_("Kantor dengan kode {code} tidak ada").format(code=office_code))
        scope = found

    def covered(office: Office) -> bool:
        if office.kind is OfficeKind.KANWIL or office.valid_from > on:
            return False
        if office.valid_to is not None and office.valid_to < Period.of(on).first_day:
            return False
        if scope.kind is OfficeKind.KANWIL:
            return True
        return office.id == scope.id or office.parent_id == scope.id

    return scope, [o for o in offices if covered(o)]


@scope_service.guarded
def monthly_summary(
    db: Database, period: Period, office_code: str | None = None, *, actor: Actor | None = None
) -> MonthlySummary:
    """The summary of *period* for one office (with its KCPs) or, by default, the whole region."""
    return monthly_summaries(db, [period], office_code, actor=actor)[period]


@scope_service.guarded
def monthly_summaries(
    db: Database,
    periods: Sequence[Period],
    office_code: str | None = None,
    *,
    actor: Actor | None = None,
) -> dict[Period, MonthlySummary]:
    """The summaries of several months at once (the monthly facts rebuild asks for a year's).

    Each table is read once for all the months, not once per month (:func:`_figures`): a query
    returns counts per office and *day* (or the few filtered counts a small table needs), and
    the months are summed up from those here. The figures are those of :func:`monthly_summary`
    month by month (it is this function with one month).
    """
    scope_service.check_office(db, actor, office_code)
    periods = sorted(set(periods))
    if not periods:
        return {}
    with db.read() as session:
        covered = {p: scope_offices(session, office_code, p.last_day) for p in periods}
        ids = {o.id for _scope, offices in covered.values() for o in offices}
        branches = set(session.scalars(select(Office.id).where(Office.kind != OfficeKind.KANWIL)))
        # Every branch office (the region): no office filter, which would be checked row by row
        # (records of the regional office itself, if any, are read but make no row).
        figures = _figures(session, periods, None if ids >= branches else sorted(ids))
        result: dict[Period, MonthlySummary] = {}
        for period in periods:
            scope, offices = covered[period]
            values = figures[period]
            codes = {o.id: o.code for o in offices}
            rows = tuple(
                unflatten(o.code, o.name, o.kind.value, values.get(o.id, {})) for o in offices
            )
            total = sum_rows(rows, scope.code, scope.name, scope.kind.value)
            result[period] = MonthlySummary(
                period, scope.code, scope.name, rows, total,
                month_targets(session, period, codes), month_adjustments(session, period, codes),
            )  # fmt: skip
        return result


OfficeFigures = dict[int, dict[str, int]]  # office id → fact key (see :func:`flatten`) → value
Flow = tuple[str | None, str | None]  # the fact keys of a flow: the month's own, year to date
_WORKERS_NEW: Flow = ("workers_new", "workers_new_ytd")
_WORKERS_ENDED: Flow = ("workers_ended", None)
_PERISAI_RECRUITS: Flow = (None, "perisai_recruits")
_CLAIMS_SLA_MET: Flow = ("claims_sla_met", "claims_sla_met_ytd")
_ARREARS_COLLECTED: Flow = (None, "arrears_collected")
_ARREARS_COLLECTED_AMOUNT: Flow = (None, "arrears_collected_amount")
_CONTRIBUTIONS_RECEIVED: Flow = ("contributions_received", "contributions_received_ytd")
_CLAIMS_PAID: dict[str, tuple[Flow, Flow]] = {  # programme → (cases, rupiah)
    p.value: (
        (f"claims_month.{p.value}.cases", f"claims_ytd.{p.value}.cases"),
        (f"claims_month.{p.value}.amount", f"claims_ytd.{p.value}.amount"),
    )
    for p in CLAIM_PROGRAMMES
}


class _Figures:
    """The figures of several months being added up: levels (a month end's count, set per
    month) and flows (counted by the day they happened, summed per calendar month, then into
    each month's own figure and its year-to-date one)."""

    def __init__(self, periods: Sequence[Period]) -> None:
        self.months = list(periods)
        self.first = date(min(m.year for m in self.months), 1, 1)  # the earliest day a flow counts
        self.first_end = min(self.months).first_day  # the earliest end a level minds
        self.last = max(self.months).last_day
        self.values: dict[Period, OfficeFigures] = {
            m: defaultdict(lambda: defaultdict(int)) for m in self.months
        }
        # (office id, flow, year, month) → the sum of the days of that calendar month
        self._flows: dict[tuple[int, Flow, int, int], int] = defaultdict(int)

    def level(self, office_id: int, key: str, month: Period, value: int | None) -> None:
        self.values[month][office_id][key] += int(value or 0)

    def flow(self, office_id: int, flow: Flow, day: date, value: int | None) -> None:
        """*value* happened on *day*: it counts in the month's own key of *flow* in its month,
        and in the year-to-date key in every month of its year from its month on."""
        self._flows[(office_id, flow, day.year, day.month)] += int(value or 0)

    def result(self) -> dict[Period, OfficeFigures]:
        for (office_id, (month_key, year_key), year, month), value in self._flows.items():
            for m in self.months:
                if m.year != year or m.month < month:
                    continue
                if month_key is not None and m.month == month:
                    self.values[m][office_id][month_key] += value
                if year_key is not None:
                    self.values[m][office_id][year_key] += value
        self._flows.clear()
        return {
            period: {office_id: dict(keys) for office_id, keys in offices.items()}
            for period, offices in self.values.items()
        }


OfficeIds = list[int] | None  # the offices to count; None: every office (no filter to apply)


def _of_offices(column: InstrumentedAttribute[int], ids: OfficeIds) -> ColumnElement[bool]:
    """*column* is one of the offices *ids* (always true for every office: a list of them all
    would only be checked row by row)."""
    return true() if ids is None else column.in_(ids)


def _figures(
    session: Session, periods: Sequence[Period], ids: OfficeIds
) -> dict[Period, OfficeFigures]:
    """Every figure of :class:`OfficeSummary` for *periods* and the offices *ids*, as fact keys
    (:func:`flatten`): one read of each table for all the months.

    Definitions (domain.md §7), for a month from *start* to *end* (its year from *year start*):

    - employers active: registered on or before *end*, not non-active by then (``na_date`` after
      it); new: registered in the month (and in the year); ended: ``na_date`` in the month;
    - workers active per segment: membership started on or before *end*, last covered day not
      before it; new: started in the month (and year), of the four segments; ended: last covered
      day in the month;
    - Perisai agents active at *end*; their recruits: memberships started in the year, counted at
      the agent's office;
    - claims paid in the year and in the month (cases, rupiah) per programme, and those paid
      within their service level;
    - arrears: the year's target list, those settled in the year, and the rupiah collected;
    - contributions billed for the month, received in the month and in the year.
    """
    figures = _Figures(periods)
    _employer_figures(session, figures, ids)
    _membership_figures(session, figures, ids)
    _perisai_figures(session, figures, ids)
    _claim_figures(session, figures, ids)
    _arrears_figures(session, figures, ids)
    _contribution_figures(session, figures, ids)
    return figures.result()


def _employer_figures(session: Session, figures: _Figures, ids: OfficeIds) -> None:
    """Employers (tens of thousands): a filtered count per month and figure, in one pass."""
    columns = []
    for m in figures.months:
        columns += [
            func.count().filter(
                Employer.registered_on <= m.last_day,
                or_(Employer.na_date.is_(None), Employer.na_date > m.last_day),
            ),
            func.count().filter(Employer.registered_on.between(m.first_day, m.last_day)),
            func.count().filter(Employer.na_date.between(m.first_day, m.last_day)),
            func.count().filter(Employer.registered_on.between(date(m.year, 1, 1), m.last_day)),
        ]
    keys = ("employers_active", "employers_new", "employers_ended", "employers_new_ytd")
    for office_id, *counts in session.connection().execute(
        select(Employer.office_id, *columns)
        .where(_of_offices(Employer.office_id, ids))
        .group_by(Employer.office_id)
    ):
        for i, m in enumerate(figures.months):
            for j, key in enumerate(keys):
                figures.level(office_id, key, m, counts[len(keys) * i + j])


def _membership_figures(session: Session, figures: _Figures, ids: OfficeIds) -> None:
    """Memberships (millions): one statement reading each entry of the summary index once, in
    index order (no sorting), and nothing computed per membership but two date comparisons.

    Active at *end* is "started by *end*" less "ended (last covered day) before *end*": a
    membership cannot end before it starts (the table's check ``dates``). The index is read in
    three disjoint ranges of start days: before the first year, counted per office and segment;
    from then to the first month, the same (they are in every month's level and in the first
    year's new workers to date, as of its first day); the months themselves per start day.
    Each group also brings the ends of its memberships that ended by the last month, as text:
    the day for those within the months, an empty mark for those before (they only lower every
    level). The end is the index's last column, so it cannot be grouped in order: a second read
    grouping by it costs most of a read again, a filtered count per month and figure several.
    """
    ends = func.aggregate_strings(
        case((Membership.end_date < figures.first_end, ""), else_=_IsoDay(Membership.end_date)),
        ",",
    ).filter(Membership.end_date <= figures.last)
    office, segment = Membership.office_id, Membership.segment
    early = (
        select(office, segment, cast(null(), Date), func.count(), ends)
        .where(_of_offices(office, ids), Membership.start_date < figures.first)
        .group_by(office, segment)
    )
    first_year = (
        select(office, segment, literal(figures.first, Date), func.count(), ends)
        .where(
            _of_offices(office, ids),
            Membership.start_date >= figures.first,
            Membership.start_date < figures.first_end,
        )
        .group_by(office, segment)
    )
    in_months = (
        select(office, segment, Membership.start_date, func.count(), ends)
        .where(
            _of_offices(office, ids),
            Membership.start_date.between(figures.first_end, figures.last),
        )
        .group_by(office, segment, Membership.start_date)
    )
    levels = _Levels()
    for office_id, kind, day, count, ended in session.connection().execute(
        union_all(early, first_year, in_months)
    ):
        key = (office_id, str(kind))
        levels.add(key, day, count)
        if day is not None:
            figures.flow(office_id, _WORKERS_NEW, day, count)
        if ended is None:  # (none ended by the last month)
            continue
        for text, ended_count in Counter(ended.split(",")).items():
            end = date.fromisoformat(text) if text else None
            levels.add(key, end, -ended_count, after=True)
            if end is not None:
                figures.flow(office_id, _WORKERS_ENDED, end, ended_count)
    for (office_id, code), month_levels in levels.at(figures.months).items():
        fact = f"workers_{Segment(code).value.lower()}"
        for m, count in zip(figures.months, month_levels, strict=True):
            if count:
                figures.level(office_id, fact, m, count)


class _IsoDay(FunctionElement[str]):
    """A day as ISO text ("2018-04-30"): as SQLite stores it, as PostgreSQL's to_char writes it."""

    type = String()
    name = "iso_day"
    inherit_cache = True


@compiles(_IsoDay)
def _iso_day_sqlite(element: _IsoDay, compiler: SQLCompiler, **kw: Any) -> str:
    return str(compiler.process(element.clauses, **kw))


@compiles(_IsoDay, "postgresql")
def _iso_day_postgresql(element: _IsoDay, compiler: SQLCompiler, **kw: Any) -> str:
    return f"to_char({compiler.process(element.clauses, **kw)}, 'YYYY-MM-DD')"


_LevelKey = tuple[int, str]  # (office id, segment)


class _Levels:
    """Counts that change by day (memberships started, ended), kept per calendar month and read
    as levels at month ends; a change without a day (None) is in every month's level."""

    def __init__(self) -> None:
        # key → (year, month, whether it is in that month's own end level) → change
        self._changes: dict[_LevelKey, dict[tuple[int, int, bool], int]] = defaultdict(
            lambda: defaultdict(int)
        )

    def add(self, key: _LevelKey, day: date | None, change: int, *, after: bool = False) -> None:
        """*change* is in the levels at month ends on or after *day* (*after*: after it only,
        as an end is: the last covered day still counts)."""
        if day is None:
            self._changes[key][(0, 0, True)] += change
        else:
            at_own_end = not after or (day + timedelta(days=1)).month == day.month
            self._changes[key][(day.year, day.month, at_own_end)] += change

    def at(self, months: Sequence[Period]) -> dict[_LevelKey, list[int]]:
        """Each key's level at the end of each of *months*."""
        return {
            key: [
                sum(
                    change
                    for (year, month, at_own_end), change in changes.items()
                    if (year, month) < (m.year, m.month)
                    or (at_own_end and (year, month) == (m.year, m.month))
                )
                for m in months
            ]
            for key, changes in self._changes.items()
        }


def _perisai_figures(session: Session, figures: _Figures, ids: OfficeIds) -> None:
    """The agents active at each month end; their recruits by start day, at the agent's office
    (joined on the agent: a few thousand memberships of the millions have one)."""
    columns = [
        func.count().filter(
            Agent.joined_on <= m.last_day,
            or_(Agent.ended_on.is_(None), Agent.ended_on >= m.last_day),
        )
        for m in figures.months
    ]
    for office_id, *counts in session.connection().execute(
        select(Agent.office_id, *columns)
        .where(_of_offices(Agent.office_id, ids))
        .group_by(Agent.office_id)
    ):
        for m, count in zip(figures.months, counts, strict=True):
            figures.level(office_id, "perisai_agents", m, count)
    for office_id, day, count in session.connection().execute(
        select(Agent.office_id, Membership.start_date, func.count())
        .join(Membership, Membership.agent_id == Agent.id)
        .where(
            _of_offices(Agent.office_id, ids)
        )  # (a range of start days would read by that index)
        .group_by(Agent.office_id, Membership.start_date)
    ):
        figures.flow(office_id, _PERISAI_RECRUITS, day, count)


def _claim_figures(session: Session, figures: _Figures, ids: OfficeIds) -> None:
    """Claims paid, per programme (cases, rupiah), and those served within their service level,
    from one read of the claims paid in the months' years.

    The service level is the claim desk's clock on a paid claim (domain/service_level.py):
    working days from complete documents (else submission) to payment, against the limit of its
    type and the office's own limits. Reckoned once per distinct (office, type, dates): some 20
    thousand groups for 87 thousand claims, each a difference of two counts of working days
    since a fixed day (counted once per distinct day).
    """
    working_days = _working_days_since(fast_calendar(session), figures.first)
    overrides = sla_overrides(session)
    claim_dates = (
        Claim.office_id, Claim.claim_type, Claim.programme, Claim.submitted_on,
        Claim.docs_complete_on, Claim.paid_on,
    )  # fmt: skip
    for office_id, claim_type, programme, submitted, complete, paid, cases, amount in session.connection().execute(
        select(*claim_dates, func.count(), func.sum(Claim.amount))
        .where(Claim.paid_on.between(figures.first, figures.last), _of_offices(Claim.office_id, ids))
        .group_by(*claim_dates)
    ):  # fmt: skip
        if paid is None:  # (the query only returns days in the range)
            continue
        if programme in _CLAIMS_PAID:
            cases_flow, amount_flow = _CLAIMS_PAID[programme]
            figures.flow(office_id, cases_flow, paid, cases)
            figures.flow(office_id, amount_flow, paid, amount)
        limit = sla_days(ClaimType(claim_type), submitted, overrides)  # None: before any rule
        if limit is None:
            continue
        if working_days(paid) - working_days(complete or submitted) <= limit:
            figures.flow(office_id, _CLAIMS_SLA_MET, paid, cases)


def _working_days_since(calendar: FastCalendar, origin: date) -> Callable[[date], int]:
    """Working days from *origin* to a day (negative before it), remembered per day: the
    working days between two days are the difference of theirs."""
    counted: dict[date, int] = {}

    def since(day: date) -> int:
        if day not in counted:
            counted[day] = (
                calendar.working_days_between(origin, day)
                if day >= origin
                else -calendar.working_days_between(day, origin)
            )
        return counted[day]

    return since


def _arrears_figures(session: Session, figures: _Figures, ids: OfficeIds) -> None:
    """The target lists of the months' years; their cases settled in the year, by day."""
    years = sorted({m.year for m in figures.months})
    for office_id, year, settled, count, collected in session.connection().execute(
        select(
            ArrearsCase.office_id,
            ArrearsCase.target_year,
            ArrearsCase.settled_on,
            func.count(),
            func.sum(ArrearsCase.collected),
        )
        .where(ArrearsCase.target_year.in_(years), _of_offices(ArrearsCase.office_id, ids))
        .group_by(ArrearsCase.office_id, ArrearsCase.target_year, ArrearsCase.settled_on)
    ):
        for m in figures.months:
            if year == m.year:
                figures.level(office_id, "arrears_target", m, count)
        if settled is not None and settled.year == year:
            figures.flow(office_id, _ARREARS_COLLECTED, settled, count)
            figures.flow(office_id, _ARREARS_COLLECTED_AMOUNT, settled, collected)


def _contribution_figures(session: Session, figures: _Figures, ids: OfficeIds) -> None:
    """Contributions billed for each month; received by day."""
    by_label = {str(m): m for m in figures.months}
    for office_id, label, amount in session.connection().execute(
        select(ContributionBill.office_id, ContributionBill.period, func.sum(ContributionBill.amount))
        .where(ContributionBill.period.in_(list(by_label)), _of_offices(ContributionBill.office_id, ids))
        .group_by(ContributionBill.office_id, ContributionBill.period)
    ):  # fmt: skip
        figures.level(office_id, "contributions_billed", by_label[str(label)], amount)
    for office_id, day, amount in session.connection().execute(
        select(Payment.office_id, Payment.paid_on, func.sum(Payment.amount))
        .where(
            _of_offices(Payment.office_id, ids),
            Payment.paid_on.between(figures.first, figures.last),
        )
        .group_by(Payment.office_id, Payment.paid_on)
    ):
        figures.flow(office_id, _CONTRIBUTIONS_RECEIVED, day, amount)


SLA_SETTING = "sla_days"  # JSON {"JKK": 10, ...}: an office's own limits, in working days


def sla_overrides(session: Session) -> dict[str, int]:
    """The office's own service-level limits per claim type (setting ``sla_days``, JSON), as the
    claim desk, the reports and the office settings all read them; a setting that is not a JSON
    object of whole numbers counts as none."""
    value = session.scalar(select(Setting.value).where(Setting.key == SLA_SETTING))
    if not value:
        return {}
    try:
        data = json.loads(value)
    except ValueError:
        return {}
    if not isinstance(data, dict):
        return {}
    return {str(k): int(v) for k, v in data.items() if str(v).isdigit()}


def month_targets(
    session: Session, period: Period, codes: Mapping[int, str]
) -> tuple[TargetFigure, ...]:
    """The targets of *period* of the offices *codes* (id → code)."""
    return tuple(
        TargetFigure(codes[office_id], str(kpi), int(value))
        for office_id, kpi, value in session.execute(
            select(Target.office_id, Target.kpi, Target.value)
            .where(Target.period == str(period), Target.office_id.in_(list(codes)))
            .order_by(Target.office_id, Target.kpi)
        )
    )


def month_adjustments(
    session: Session, period: Period, codes: Mapping[int, str]
) -> tuple[AdjustmentRow, ...]:
    """The corrections to closed months reported in *period*, of the offices *codes*."""
    rows = session.scalars(
        select(Adjustment)
        .where(Adjustment.reported_in == str(period), Adjustment.office_id.in_(list(codes)))
        .order_by(Adjustment.period, Adjustment.office_id, Adjustment.field, Adjustment.id)
    )
    return tuple(
        AdjustmentRow(
            a.period, a.reported_in, codes[a.office_id], a.field, int(a.delta), a.reason,
            a.recorded_at.astimezone(UTC).isoformat(timespec="seconds"),
        )
        for a in rows
    )  # fmt: skip


# --- facts: an office's month as key/value integers --------------------------------------------

CLOSED_KEY = "_closed"  # the fact marking an office-month frozen by a close (value: its id)


def _claim_keys(prefix: str) -> list[tuple[str, int, str]]:
    return [
        (f"{prefix}.{p.value}.{attr}", index, attr)
        for index, p in enumerate(CLAIM_PROGRAMMES)
        for attr in ("cases", "amount")
    ]


FACT_KEYS: tuple[str, ...] = (
    NUMERIC_FIELDS
    + tuple(k for k, _i, _a in _claim_keys("claims_ytd"))
    + tuple(k for k, _i, _a in _claim_keys("claims_month"))
)


def flatten(row: OfficeSummary) -> dict[str, int]:
    """Every figure of an office's month, keyed by name (``claims_month.JHT.cases``...)."""
    values = {name: int(getattr(row, name)) for name in NUMERIC_FIELDS}
    for prefix, figures in (("claims_ytd", row.claims_ytd), ("claims_month", row.claims_month)):
        for key, index, attr in _claim_keys(prefix):
            values[key] = int(getattr(figures[index], attr))
    return values


def unflatten(code: str, name: str, kind: str, values: Mapping[str, int]) -> OfficeSummary:
    """The inverse of :func:`flatten` (missing figures are 0, unknown keys are ignored)."""
    claims: dict[str, list[ClaimFigure]] = {}
    for prefix in ("claims_ytd", "claims_month"):
        claims[prefix] = [
            ClaimFigure(
                int(values.get(f"{prefix}.{p.value}.cases", 0)),
                int(values.get(f"{prefix}.{p.value}.amount", 0)),
            )
            for p in CLAIM_PROGRAMMES
        ]
    numbers = {f: int(values.get(f, 0)) for f in NUMERIC_FIELDS}
    return OfficeSummary(
        code,
        name,
        kind,
        claims_ytd=tuple(claims["claims_ytd"]),
        claims_month=tuple(claims["claims_month"]),
        **numbers,
    )


_FACT_LABELS = {
    "employers_active": N_("BU aktif akhir bulan"),
    "employers_new": N_("BU baru"),
    "employers_ended": N_("BU nonaktif"),
    "workers_pu": N_("TK PU aktif akhir bulan"),
    "workers_bpu": N_("TK BPU aktif akhir bulan"),
    "workers_jakon": N_("TK Jakon aktif akhir bulan"),
    "workers_pmi": N_("TK PMI aktif akhir bulan"),
    "workers_new": N_("TK baru"),
    "workers_ended": N_("TK keluar"),
    "perisai_agents": N_("Agen Perisai aktif"),
    "perisai_recruits": N_("Akuisisi Perisai"),
    "arrears_target": N_("Target BU menunggak"),
    "arrears_collected": N_("BU menunggak tertagih"),
    "arrears_collected_amount": N_("Piutang tertagih (Rp)"),
    "contributions_billed": N_("Iuran ditagih (Rp)"),
    "contributions_received": N_("Iuran diterima (Rp)"),
    "claims_sla_met": N_("Klaim dibayar tepat waktu"),
}


def fact_label(key: str) -> str:
    """The Indonesian name of a fact key, for the corrections sheet and dialog."""
    if key.startswith("claims_month.") or key.startswith("claims_ytd."):
        _prefix, programme, attr = key.split(".")
        return (
            _("Klaim {p} (kasus)").format(p=programme)
            if attr == "cases"
            else _("Klaim {p} (Rp)").format(p=programme)
        )
    label = _FACT_LABELS.get(key)
    return _(label) if label else key


# Fields a correction is reported on: the month's own figures and its month-end levels. Year-to-
# date fields are sums of monthly ones (their corrections are those of the months), except the
# two the summary only keeps year to date: their correction is the month's own share.
ADJUSTED_FIELDS: tuple[str, ...] = tuple(
    k
    for k in FACT_KEYS
    if not k.endswith("_ytd") and not k.startswith("claims_ytd.") and k != "claims_sla_met"
) + ("claims_sla_met",)
YTD_ONLY_FIELDS = ("perisai_recruits", "arrears_collected", "arrears_collected_amount")


# --- snapshots of closed months ------------------------------------------------------------------

SNAPSHOT_VERSION = 1


def _row_json(row: OfficeSummary) -> dict[str, Any]:
    data: dict[str, Any] = {
        "office_code": row.office_code,
        "office_name": row.office_name,
        "office_kind": row.office_kind,
    }
    data.update({name: int(getattr(row, name)) for name in NUMERIC_FIELDS})
    data["claims_ytd"] = [[f.cases, f.amount] for f in row.claims_ytd]
    data["claims_month"] = [[f.cases, f.amount] for f in row.claims_month]
    return data


def _row_from_json(data: Mapping[str, Any]) -> OfficeSummary:
    def figures(name: str) -> tuple[ClaimFigure, ...]:
        items = data.get(name) or []
        result = [ClaimFigure(int(c), int(a)) for c, a in items][: len(CLAIM_PROGRAMMES)]
        return tuple(result + [ClaimFigure()] * (len(CLAIM_PROGRAMMES) - len(result)))

    return OfficeSummary(
        str(data["office_code"]),
        str(data["office_name"]),
        str(data["office_kind"]),
        claims_ytd=figures("claims_ytd"),
        claims_month=figures("claims_month"),
        **{n: int(data.get(n, 0)) for n in NUMERIC_FIELDS},
    )


def summary_to_json(summary: MonthlySummary, closed_at: datetime, closed_by: str) -> str:
    """The snapshot of a closed month: canonical JSON (sorted keys, no spaces), so that its
    SHA-256 is a fingerprint of the content."""
    data = {
        "version": SNAPSHOT_VERSION,
        "period": str(summary.period),
        "scope_code": summary.scope_code,
        "scope_name": summary.scope_name,
        "closed_at": closed_at.astimezone(UTC).isoformat(timespec="seconds"),
        "closed_by": closed_by,
        "rows": [_row_json(r) for r in summary.rows],
        "total": _row_json(summary.total),
        "targets": [[t.office_code, t.kpi, t.value] for t in summary.targets],
        "adjustments": [dataclasses.asdict(a) for a in summary.adjustments],
    }
    return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def snapshot_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class SnapshotTamperedError(KnownError):
    """A snapshot no longer matches its recorded hash: edited outside the application."""


def summary_from_json(text: str, sha256: str | None = None) -> MonthlySummary:
    """The summary frozen in a snapshot; with *sha256*, check the fingerprint first."""
    if sha256 is not None and snapshot_hash(text) != sha256:
        raise SnapshotTamperedError(
            _(
                "Data tutup bulan tidak cocok dengan sidik jarinya (SHA-256): isinya diubah di "
                "luar aplikasi. Laporan bulan itu tidak dapat dibuat ulang."
            )
        )
    data = json.loads(text)
    closed_at = datetime.fromisoformat(data["closed_at"])
    return MonthlySummary(
        Period.parse(data["period"]),
        data["scope_code"],
        data["scope_name"],
        tuple(_row_from_json(r) for r in data["rows"]),
        _row_from_json(data["total"]),
        tuple(TargetFigure(str(c), str(k), int(v)) for c, k, v in data.get("targets", [])),
        tuple(AdjustmentRow(**a) for a in data.get("adjustments", [])),
        ClosedInfo(closed_at, str(data["closed_by"]), snapshot_hash(text)),
    )


@scope_service.guarded
def closed_summary(
    db: Database, period: Period, scope_code: str, *, actor: Actor | None = None
) -> MonthlySummary | None:
    """The frozen summary of *period* for the scope, or None when that month is not closed."""
    scope_service.check_office(db, actor, scope_code)
    with db.read() as session:
        close = session.scalar(
            select(MonthClose).where(
                MonthClose.period == str(period), MonthClose.scope_code == scope_code
            )
        )
        if close is None:
            return None
        return summary_from_json(close.snapshot, close.sha256)


def frozen_rows(
    session: Session, period: Period, office_ids: Iterable[int]
) -> dict[int, OfficeSummary]:
    """The rows of the offices whose *period* was closed, as they were frozen (from the facts)."""
    ids = list(office_ids)
    closed = set(
        session.scalars(
            select(MonthlyFact.office_id).where(
                MonthlyFact.period == str(period),
                MonthlyFact.kpi == CLOSED_KEY,
                MonthlyFact.office_id.in_(ids),
            )
        )
    )
    if not closed:
        return {}
    values: dict[int, dict[str, int]] = defaultdict(dict)
    for office_id, key, value in session.execute(
        select(MonthlyFact.office_id, MonthlyFact.kpi, MonthlyFact.value).where(
            MonthlyFact.period == str(period), MonthlyFact.office_id.in_(list(closed))
        )
    ):
        values[office_id][key] = int(value)
    offices = {o.id: o for o in session.scalars(select(Office).where(Office.id.in_(list(closed))))}
    return {
        office_id: unflatten(o.code, o.name, o.kind.value, values[office_id])
        for office_id, o in offices.items()
    }


@scope_service.guarded
def report_summary(
    db: Database, period: Period, office_code: str | None = None, *, actor: Actor | None = None
) -> MonthlySummary:
    """The summary as reported: a closed month's frozen snapshot; otherwise the records, with
    the rows of offices already closed in another scope (a branch closed before the region)
    taken as they were frozen, so one office-month has one set of figures everywhere."""
    scope_service.check_office(db, actor, office_code)
    with db.read() as session:
        scope, _offices = scope_offices(session, office_code, period.last_day)
    closed = closed_summary(db, period, scope.code)
    if closed is not None:
        return closed
    summary = monthly_summary(db, period, office_code, actor=actor)
    with db.read() as session:
        ids = {
            o.code: o.id
            for o in session.scalars(
                select(Office).where(Office.code.in_([r.office_code for r in summary.rows]))
            )
        }
        frozen = frozen_rows(session, period, ids.values())
    if not frozen:
        return summary
    rows = tuple(frozen.get(ids[r.office_code], r) for r in summary.rows)
    total = sum_rows(rows, summary.total.office_code, summary.scope_name, summary.total.office_kind)
    return dataclasses.replace(summary, rows=rows, total=total)


@scope_service.guarded
def export_monthly(
    db: Database,
    actor: Actor,
    period: Period,
    out: Path,
    office_code: str | None = None,
    progress: Callable[[int, str], None] | None = None,
) -> MonthlySummary:
    """Write the monthly workbook of *period* to *out* (atomically): a closed month from its
    frozen snapshot (the same workbook every time), an open one from the records."""
    from bpjs_desktop.exchange.monthly_workbook import write_monthly_workbook
    from bpjs_desktop.services.facts import reported_summary

    require(actor, "report.export")
    if progress:
        progress(5, _("Menghitung ringkasan bulanan…"))
    # From the monthly facts when they are fresh (the same figures, without a pass over the
    # records), else from the records.
    summary = reported_summary(db, period, office_code, actor=actor)
    if progress:
        progress(60, _("Menulis buku kerja Excel…"))
    write_monthly_workbook(summary, out)
    with db.write() as session:
        audit.record(
            session, actor, "report.export", "report", f"monthly:{period}",
            {"office": summary.scope_code, "file": out.name},
        )  # fmt: skip
    if progress:
        progress(100, _("Selesai"))
    return summary


@dataclass(frozen=True, slots=True)
class OfficeRow:
    code: str
    name: str
    kind: str
    parent_code: str | None


def list_offices(db: Database, *, actor: Actor | None = None) -> list[OfficeRow]:
    """Every office (of *actor*'s scope: a branch and its KCPs), the regional office first,
    then by code. The office choosers of every page offer these."""
    with db.read() as session:
        offices = session.scalars(select(Office)).all()
        in_scope = scope_service.offices_in_scope(session, actor)
        offices = [o for o in offices if scope_service.office_visible(in_scope, o.id)]
        by_id = {o.id: o.code for o in offices}
        rows = [
            OfficeRow(o.code, o.name, o.kind.value, by_id.get(o.parent_id) if o.parent_id else None)
            for o in offices
        ]
    return sorted(rows, key=lambda r: (r.kind != OfficeKind.KANWIL.value, r.name))


def latest_period(db: Database) -> Period:
    """The last month with records (claims paid, members joined), or this month if none."""
    from bpjs_desktop.domain.periods import today_wib

    with db.read() as session:
        latest = (
            session.execute(
                select(func.max(Claim.paid_on)).union_all(select(func.max(Membership.start_date)))
            )
            .scalars()
            .all()
        )
    days = [d for d in latest if d is not None]
    if not days:
        return Period.of(today_wib())
    return Period.of(min(max(days), today_wib()))
