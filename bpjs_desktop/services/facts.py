"""Monthly facts: every figure of every office's month, kept so that the dashboard reads a few
thousand small rows instead of scanning 2.8 million memberships per month.

What is kept: for each office (KC, KCP) and month, the integers of its row of the monthly summary
(:func:`reports.flatten`: levels at month end, the month's flows, the year-to-date flows, claims
per programme), in ``monthly_fact`` (office, period, key, value). The facts of a month are made by
:func:`reports.monthly_summary` itself, so a chart and the monthly export cannot disagree about a
definition. A year's facts run from December of the year before (the opening level of the
run-rate projection) to the latest month with records.

When they are refreshed:

- a **closed** office-month (services/month_close.py) is frozen: its facts were written from the
  snapshot when it was closed, carry the marker :data:`reports.CLOSED_KEY`, and are never
  recomputed (a later change to its records is reported as an adjustment instead);
- an **open** month is recomputed when its facts are *stale*. Every write of the application goes
  through ``audit.record``; the facts of a year remember the id of the newest audit event they
  have seen (setting ``facts:YYYY``), so staleness is one indexed look-up: is there an audit event
  after that id whose action can change a figure? (Exports, targets, users, backups and closes
  cannot.) Which months a write touched is not known (a backdated registration changes every
  month since its start), so all open months of the year are recomputed — in the background, by
  the dashboard, while it shows the facts it has.

Rebuilding facts writes a cache, not a record: it is not itself an audited event (auditing it
would make every dashboard refresh a new "write" and the facts stale again).
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import cast

from sqlalchemy import Table, delete, func, insert, not_, or_, select
from sqlalchemy.orm import Session

from bpjs_desktop.db.engine import Database
from bpjs_desktop.db.models import (
    Adjustment,
    AuditEvent,
    MonthClose,
    MonthlyFact,
    Office,
    OfficeKind,
    Setting,
    Target,
    utcnow,
)
from bpjs_desktop.domain.periods import Period, periods_between
from bpjs_desktop.errors import KnownError
from bpjs_desktop.i18n import _, current_language
from bpjs_desktop.services import reports, scope
from bpjs_desktop.services import scope as scope_service
from bpjs_desktop.services.context import Actor
from bpjs_desktop.services.reports import CLOSED_KEY, MonthlySummary, OfficeSummary

STATE_KEY = "facts:{year}"
# Audit actions that change no figure of the monthly summary.
INERT_ACTION_PREFIXES = (
    "report.",
    "target.",
    "user.",
    "month.",
    "backup.",
    "audit.",
    "demo.",
    "facts.",
    "auth.",
)

ProgressFn = Callable[[int, str], None]
CancelledFn = Callable[[], bool]


@dataclass(frozen=True, slots=True)
class FactsStatus:
    """Whether a year's facts can be shown as they are."""

    year: int
    periods: tuple[Period, ...]  # the months the year's facts should cover
    missing: tuple[Period, ...]  # months with no facts yet
    stale: bool  # records changed since the facts were computed

    @property
    def fresh(self) -> bool:
        return not self.missing and not self.stale


@dataclass(frozen=True, slots=True)
class RebuildReport:
    year: int
    periods: tuple[Period, ...]  # the months recomputed
    frozen: int  # office-months left as they were closed
    rows: int  # fact rows written


def year_periods(year: int, latest: Period) -> tuple[Period, ...]:
    """December of the year before, then January to the latest month (at most December)."""
    last = min(Period(year, 12), latest)
    if last < Period(year, 1):
        return ()
    return tuple(periods_between(Period(year - 1, 12), last))


def _audit_head(session: Session) -> int:
    return int(session.scalar(select(AuditEvent.id).order_by(AuditEvent.id.desc()).limit(1)) or 0)


def _state(session: Session, year: int) -> dict[str, object] | None:
    value = session.scalar(select(Setting.value).where(Setting.key == STATE_KEY.format(year=year)))
    if not value:
        return None
    try:
        state = json.loads(value)
    except ValueError:
        return None
    return state if isinstance(state, dict) else None


def _changed_since(session: Session, audit_id: int) -> bool:
    """Whether an audit event after *audit_id* is a write that can change a figure."""
    inert = or_(*(AuditEvent.action.like(f"{p}%") for p in INERT_ACTION_PREFIXES))
    found = session.scalar(
        select(AuditEvent.id).where(AuditEvent.id > audit_id, not_(inert)).limit(1)
    )
    return found is not None


def facts_status(db: Database, year: int, latest: Period | None = None) -> FactsStatus:
    """Which months of *year* lack facts, and whether the records changed since they were made."""
    latest = latest or reports.latest_period(db)
    periods = year_periods(year, latest)
    with db.read() as session:
        state = _state(session, year)
        have = set(
            session.scalars(
                select(MonthlyFact.period)
                .where(MonthlyFact.period.in_([str(p) for p in periods]))
                .distinct()
            )
        )
        missing = tuple(p for p in periods if str(p) not in have)
        seen = state.get("audit_id") if state else None
        stale = bool(periods) and (not isinstance(seen, int) or _changed_since(session, seen))
    return FactsStatus(year, periods, missing, stale)


def rebuild_facts(
    db: Database,
    year: int,
    *,
    latest: Period | None = None,
    only: Sequence[Period] | None = None,
    progress: ProgressFn | None = None,
    cancelled: CancelledFn | None = None,
) -> RebuildReport:
    """Recompute the facts of the open months of *year* (December before to the latest month)
    from the records, in one write transaction; closed office-months stay as frozen.

    The demo generator calls this at its end; the dashboard calls :func:`refresh_facts`.
    """
    latest = latest or reports.latest_period(db)
    periods = year_periods(year, latest)
    if only is not None:
        periods = tuple(p for p in periods if p in set(only))
    with db.read() as session:
        head = _audit_head(session)  # read first: a write during the rebuild makes it stale
    if cancelled is not None and cancelled():
        raise KnownError(_("Pembaruan data grafik dibatalkan"))
    if progress is not None and periods:
        progress(
            5,
            _("Menghitung {month}…").format(month=periods[-1].label(current_language())),
        )
    # Every month at once: each table is read once for the year, not once per month.
    summaries = reports.monthly_summaries(db, periods)
    computed = [(period, summaries[period].rows) for period in periods]
    if cancelled is not None and cancelled():
        raise KnownError(_("Pembaruan data grafik dibatalkan"))
    if progress is not None:
        progress(90, _("Menyimpan…"))
    rows_written = frozen_count = 0
    with db.write() as session:
        ids = {o.code: o.id for o in session.scalars(select(Office))}
        for period, rows in computed:
            frozen = set(
                session.scalars(
                    select(MonthlyFact.office_id).where(
                        MonthlyFact.period == str(period), MonthlyFact.kpi == CLOSED_KEY
                    )
                )
            )
            frozen_count += len(frozen)
            session.execute(
                delete(MonthlyFact).where(
                    MonthlyFact.period == str(period), MonthlyFact.office_id.not_in(frozen)
                )
            )
            now = utcnow()
            values = [
                {"office_id": ids[row.office_code], "period": str(period), "kpi": key,
                 "value": value, "computed_at": now}
                for row in rows
                if ids[row.office_code] not in frozen
                for key, value in reports.flatten(row).items()
            ]  # fmt: skip
            if values:
                # The table's own INSERT, many rows per statement (not the ORM's bulk path).
                session.execute(insert(cast(Table, MonthlyFact.__table__)), values)
            rows_written += len(values)
        if only is None:
            _save_state(session, year, head, periods[-1] if periods else None)
    if progress is not None:
        progress(100, _("Selesai"))
    return RebuildReport(year, periods, frozen_count, rows_written)


def _save_state(session: Session, year: int, audit_id: int, through: Period | None) -> None:
    key = STATE_KEY.format(year=year)
    value = json.dumps({"audit_id": audit_id, "through": str(through) if through else None})
    setting = session.get(Setting, key)
    if setting is None:
        session.add(Setting(key=key, value=value))
    else:
        setting.value = value


def refresh_facts(
    db: Database,
    year: int,
    *,
    latest: Period | None = None,
    progress: ProgressFn | None = None,
    cancelled: CancelledFn | None = None,
) -> RebuildReport | None:
    """Bring *year*'s facts up to date if they are missing or stale; None if they were fresh."""
    latest = latest or reports.latest_period(db)
    status = facts_status(db, year, latest)
    if status.fresh:
        return None
    return rebuild_facts(db, year, latest=latest, progress=progress, cancelled=cancelled)


# --- reading a year ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class OfficeInfo:
    id: int
    code: str
    name: str
    kind: str
    parent_code: str | None
    valid_from: date
    valid_to: date | None


@dataclass(frozen=True, slots=True)
class CloseInfo:
    period: str
    scope_code: str
    closed_at: str
    closed_by: str


@dataclass(frozen=True)
class YearFacts:
    """Everything the dashboard draws for a year, read once; switching office or month after
    that is arithmetic on these dictionaries."""

    year: int
    latest: Period
    offices: tuple[OfficeInfo, ...]
    values: dict[tuple[str, str], dict[str, int]]  # (office code, period) → key → value
    targets: dict[tuple[str, str, str], int]  # (office code, KPI, period) → target
    frozen: frozenset[tuple[str, str]]  # (office code, period) closed
    closes: tuple[CloseInfo, ...]
    status: FactsStatus
    adjustments: dict[str, int] = field(default_factory=dict)  # reported-in period → count

    def office(self, code: str) -> OfficeInfo:
        return next(o for o in self.offices if o.code == code)

    def region(self) -> OfficeInfo:
        return next((o for o in self.offices if o.kind == OfficeKind.KANWIL.value), self.offices[0])

    def scope_codes(self, scope_code: str, period: Period) -> list[str]:
        """The offices a scope covers in *period*, as the monthly summary counts them: the region
        covers every KC and KCP open that month, a KC itself and its KCPs, a KCP itself."""
        scope = self.office(scope_code)
        codes = []
        for office in self.offices:
            if office.kind == OfficeKind.KANWIL.value or office.valid_from > period.last_day:
                continue
            if office.valid_to is not None and office.valid_to < period.first_day:
                continue
            if (
                scope.kind == OfficeKind.KANWIL.value
                or office.code == scope.code
                or office.parent_code == scope.code
            ):
                codes.append(office.code)
        return codes

    def row(self, scope_code: str, period: Period) -> OfficeSummary | None:
        """The scope's summed row for *period* (None when there are no facts for it)."""
        codes = [c for c in self.scope_codes(scope_code, period) if (c, str(period)) in self.values]
        if not codes:
            return None
        summed: dict[str, int] = defaultdict(int)
        for code in codes:
            for key, value in self.values[(code, str(period))].items():
                if key != CLOSED_KEY:
                    summed[key] += value
        scope = self.office(scope_code)
        return reports.unflatten(scope.code, scope.name, scope.kind, summed)

    def office_row(self, code: str, period: Period) -> OfficeSummary | None:
        values = self.values.get((code, str(period)))
        if values is None:
            return None
        office = self.office(code)
        return reports.unflatten(office.code, office.name, office.kind, values)

    def target(self, codes: Sequence[str], kpi: str, period: Period) -> int | None:
        from bpjs_desktop.domain.kpis import total_target

        values = [
            self.targets[(c, kpi, str(period))]
            for c in codes
            if (c, kpi, str(period)) in self.targets
        ]
        return total_target(kpi, values)

    def is_closed(self, scope_code: str, period: Period) -> bool:
        codes = self.scope_codes(scope_code, period)
        return bool(codes) and all((c, str(period)) in self.frozen for c in codes)


def load_year(
    db: Database, year: int, latest: Period | None = None, *, actor: Actor | None = None
) -> YearFacts:
    """Read *year*'s facts, targets and closes (no recomputation: see :func:`refresh_facts`).

    Only *actor*'s offices (services/scope.py): a branch's dashboard knows its own offices, so
    asking it for the region or another branch is "office not found" (``dashboard.build``).
    """
    latest = latest or reports.latest_period(db)
    status = facts_status(db, year, latest)
    first, last = str(Period(year - 1, 12)), str(Period(year, 12))
    with db.read() as session:
        in_scope = scope.offices_in_scope(session, actor)
        offices = session.scalars(
            select(Office).where(scope.in_scope(Office.id, in_scope)).order_by(Office.id)
        ).all()
        code_of = {o.id: o.code for o in offices}
        infos = tuple(
            OfficeInfo(o.id, o.code, o.name, o.kind.value, code_of.get(o.parent_id) if o.parent_id else None,
                       o.valid_from, o.valid_to)
            for o in offices
        )  # fmt: skip
        values: dict[tuple[str, str], dict[str, int]] = defaultdict(dict)
        frozen: set[tuple[str, str]] = set()
        for office_id, period, key, value in session.execute(
            select(MonthlyFact.office_id, MonthlyFact.period, MonthlyFact.kpi, MonthlyFact.value)
            .where(MonthlyFact.period.between(first, last), scope.in_scope(MonthlyFact.office_id, in_scope))
        ):  # fmt: skip
            code = code_of[office_id]
            values[(code, period)][key] = int(value)
            if key == CLOSED_KEY:
                frozen.add((code, period))
        targets = {
            (code_of[office_id], str(kpi), period): int(value)
            for office_id, kpi, period, value in session.execute(
                select(Target.office_id, Target.kpi, Target.period, Target.value).where(
                    Target.period.between(f"{year:04d}-01", f"{year:04d}-12"),
                    scope.in_scope(Target.office_id, in_scope),
                )
            )
        }
        closes = tuple(
            CloseInfo(period, scope, closed_at.isoformat(timespec="seconds"), "")
            for period, scope, closed_at in session.execute(
                select(MonthClose.period, MonthClose.scope_code, MonthClose.closed_at)
                .where(MonthClose.period.between(first, last))
                .order_by(MonthClose.period, MonthClose.scope_code)
            )
        )
        adjustments = {
            period: int(count)
            for period, count in session.execute(
                select(Adjustment.reported_in, func.count())
                .where(Adjustment.reported_in.between(first, last))
                .group_by(Adjustment.reported_in)
            )
        }
    return YearFacts(
        year, latest, infos, dict(values), targets, frozenset(frozen), closes, status, adjustments
    )


# --- a month's report from the facts -----------------------------------------------------------


def facts_year(db: Database, period: Period, *, fresh_only: bool = True) -> FactsStatus | None:
    """The status of the year whose facts hold *period* (fresh ones first), or None when no
    year's facts hold it (with *fresh_only*: no fresh ones)."""
    latest = reports.latest_period(db)
    # A December is kept with its own year and as the opening month of the next one.
    years = (period.year, period.year + 1) if period.month == 12 else (period.year,)
    holding = [
        status
        for status in (facts_status(db, year, latest) for year in years)
        if period in status.periods and period not in status.missing
    ]
    holding.sort(key=lambda status: status.stale)
    if not holding or (fresh_only and holding[0].stale):
        return None
    return holding[0]


@scope_service.guarded
def facts_summary(
    db: Database,
    period: Period,
    office_code: str | None = None,
    *,
    actor: Actor | None = None,
    fresh_only: bool = True,
) -> MonthlySummary | None:
    """The month's summary as reported (:func:`reports.report_summary`), read from the facts:
    a few hundred small rows instead of a pass over the records.

    The facts of a month are :func:`reports.monthly_summary`'s rows (closed office-months as
    they were frozen), so when they are fresh this is the same summary, figure for figure. A
    closed scope is its frozen snapshot, as always.

    Returns None when the facts cannot say: the month is not among the facts kept (see
    :func:`year_periods`), an office of the scope has none for it, or — with *fresh_only* —
    records changed since they were computed. With ``fresh_only=False`` stale facts are
    returned as they are (the overview shows them at once while they are refreshed).
    """
    scope_service.check_office(db, actor, office_code)
    with db.read() as session:
        head, offices = reports.scope_offices(session, office_code, period.last_day)
    closed = reports.closed_summary(db, period, head.code)
    if closed is not None:
        return closed
    if facts_year(db, period, fresh_only=fresh_only) is None:
        return None
    codes = {o.id: o.code for o in offices}
    with db.read() as session:
        values: dict[int, dict[str, int]] = defaultdict(dict)
        for office_id, key, value in session.execute(
            select(MonthlyFact.office_id, MonthlyFact.kpi, MonthlyFact.value).where(
                MonthlyFact.period == str(period), MonthlyFact.office_id.in_(list(codes))
            )
        ):
            values[office_id][key] = int(value)
        if any(o.id not in values for o in offices):
            return None
        rows = tuple(reports.unflatten(o.code, o.name, o.kind.value, values[o.id]) for o in offices)
        targets = reports.month_targets(session, period, codes)
        adjustments = reports.month_adjustments(session, period, codes)
    total = reports.sum_rows(rows, head.code, head.name, head.kind.value)
    return MonthlySummary(period, head.code, head.name, rows, total, targets, adjustments)


@scope_service.guarded
def reported_summary(
    db: Database, period: Period, office_code: str | None = None, *, actor: Actor | None = None
) -> MonthlySummary:
    """:func:`reports.report_summary`, from the facts when they are fresh (milliseconds), from
    the records otherwise (seconds on a regional database)."""
    summary = facts_summary(db, period, office_code, actor=actor)
    if summary is not None:
        return summary
    return reports.report_summary(db, period, office_code, actor=actor)


@dataclass(frozen=True, slots=True)
class ShownSummary:
    """A month's summary to show at once, and whether it may be behind the records."""

    summary: MonthlySummary
    stale_year: int | None  # the year whose facts are behind the records (refresh it), or None


@scope_service.guarded
def summary_to_show(
    db: Database, period: Period, office_code: str | None = None, *, actor: Actor | None = None
) -> ShownSummary:
    """What the overview shows first: the month from the facts, even stale (it then refreshes
    that year's facts in the background and shows the month again); from the records only for
    a month the facts do not hold (an older month chosen by hand)."""
    status = facts_year(db, period, fresh_only=False)
    summary = facts_summary(db, period, office_code, actor=actor, fresh_only=False)
    if status is None or summary is None:
        return ShownSummary(reports.report_summary(db, period, office_code, actor=actor), None)
    stale = status.stale and summary.closed is None
    return ShownSummary(summary, status.year if stale else None)
