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
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

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
from bpjs_desktop.domain.service_level import sla_days
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

    Each table is read once for all the months, not once per month: a query returns counts per
    office and *date* (or the few filtered counts a small table needs), and the months are
    summed up from those here. The figures are those of :func:`monthly_summary` month by month
    (it is this function with one month).
    """
    scope_service.check_office(db, actor, office_code)
    periods = sorted(set(periods))
    if not periods:
        return {}
    with db.read() as session:
        covered = {p: scope_offices(session, office_code, p.last_day) for p in periods}
        ids = sorted({o.id for _scope, offices in covered.values() for o in offices})
        figures = _figures(session, periods, ids)
        result: dict[Period, MonthlySummary] = {}
        for period in periods:
            scope, offices = covered[period]
            values, claims = figures[period]
            codes = {o.id: o.code for o in offices}
            targets = month_targets(session, period, codes)
            adjustments = month_adjustments(session, period, codes)
            rows = []
            for office in offices:
                year_claims = claims.get((office.id, True), {})
                month_claims = claims.get((office.id, False), {})
                rows.append(
                    OfficeSummary(
                        office.code,
                        office.name,
                        office.kind.value,
                        claims_ytd=tuple(
                            year_claims.get(p.value, ClaimFigure()) for p in CLAIM_PROGRAMMES
                        ),
                        claims_month=tuple(
                            month_claims.get(p.value, ClaimFigure()) for p in CLAIM_PROGRAMMES
                        ),
                        **values.get(office.id, {}),
                    )
                )
            total = sum_rows(rows, scope.code, scope.name, scope.kind.value)
            result[period] = MonthlySummary(
                period, scope.code, scope.name, tuple(rows), total, targets, adjustments
            )
        return result


ClaimTotals = dict[tuple[int, bool], dict[str, ClaimFigure]]  # (office id, year to date) → …


@dataclass(frozen=True, slots=True)
class _Month:
    """The days that define a month's figures."""

    period: Period
    start: date
    end: date
    year_start: date

    @classmethod
    def of(cls, period: Period) -> _Month:
        return cls(period, period.first_day, period.last_day, date(period.year, 1, 1))


def _figures(
    session: Session, periods: Sequence[Period], ids: list[int]
) -> dict[Period, tuple[dict[int, dict[str, int]], ClaimTotals]]:
    """Every figure of :class:`OfficeSummary` for *periods* and the offices *ids* (their
    numbers, and their claims per programme).

    Long because not yet split (issue #14): one pass per table for all the months, each pass
    a query and its summing; the next step is a function per table.

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
    months = [_Month.of(p) for p in periods]
    first = min(m.year_start for m in months)  # the earliest day any figure looks at
    last = max(m.end for m in months)
    values: dict[Period, dict[int, dict[str, int]]] = {
        m.period: defaultdict(lambda: defaultdict(int)) for m in months
    }

    def add(office_id: int, name: str, month: _Month, value: int) -> None:
        values[month.period][office_id][name] += int(value or 0)

    # Employers (tens of thousands): a filtered count per month and figure, in one pass.
    employer_columns = []
    for m in months:
        employer_columns += [
            func.count().filter(
                Employer.registered_on <= m.end,
                or_(Employer.na_date.is_(None), Employer.na_date > m.end),
            ),
            func.count().filter(Employer.registered_on.between(m.start, m.end)),
            func.count().filter(Employer.na_date.between(m.start, m.end)),
            func.count().filter(Employer.registered_on.between(m.year_start, m.end)),
        ]
    for office_id, *counts in session.execute(
        select(Employer.office_id, *employer_columns)
        .where(Employer.office_id.in_(ids))
        .group_by(Employer.office_id)
    ):
        for i, m in enumerate(months):
            for j, name in enumerate(
                ("employers_active", "employers_new", "employers_ended", "employers_new_ytd")
            ):
                add(office_id, name, m, counts[4 * i + j])

    # Memberships (millions): three reads of the summary index. Active at *end* is "started by
    # *end*" minus "last covered day before *end*" (a membership cannot end before it starts:
    # the table's check ``dates``), so the starts and the ends are counted apart, per day only
    # where a month's figures can tell days apart, and summed here.
    first_end = min(m.start for m in months)  # the earliest end any figure looks at
    before: dict[tuple[int, str], tuple[int, int]] = {}
    for office_id, segment, started, ended in session.execute(
        select(
            Membership.office_id,
            Membership.segment,
            func.count().filter(Membership.start_date < first),
            func.count().filter(Membership.end_date < first_end),
        )
        .where(Membership.office_id.in_(ids))
        .group_by(Membership.office_id, Membership.segment)
    ):
        before[(office_id, str(segment))] = (int(started), int(ended))
    starts = session.execute(
        select(Membership.office_id, Membership.segment, Membership.start_date, func.count())
        .where(Membership.office_id.in_(ids), Membership.start_date.between(first, last))
        .group_by(Membership.office_id, Membership.segment, Membership.start_date)
    ).all()
    ends = session.execute(
        select(Membership.office_id, Membership.segment, Membership.end_date, func.count())
        .where(Membership.office_id.in_(ids), Membership.end_date.between(first_end, last))
        .group_by(Membership.office_id, Membership.segment, Membership.end_date)
    ).all()
    segments = {s.value for s in SEGMENTS}
    for m in months:
        active: dict[tuple[int, str], int] = {k: s - e for k, (s, e) in before.items()}
        for office_id, segment, day, count in starts:
            key = (office_id, str(segment))
            if day <= m.end:
                active[key] = active.get(key, 0) + count
            if str(segment) in segments:
                if m.start <= day <= m.end:
                    add(office_id, "workers_new", m, count)
                if m.year_start <= day <= m.end:
                    add(office_id, "workers_new_ytd", m, count)
        for office_id, segment, end_day, count in ends:
            if end_day is None:  # (the query only returns days in the range)
                continue
            key = (office_id, str(segment))
            if end_day < m.end:
                active[key] = active.get(key, 0) - count
            if m.start <= end_day <= m.end:
                add(office_id, "workers_ended", m, count)
        for (office_id, code), count in active.items():
            if count:
                add(office_id, f"workers_{Segment(code).value.lower()}", m, count)

    # Perisai: the agents active at each month end; their recruits by start day, at the agent's
    # office (joined on the agent: a few thousand memberships of the millions have one).
    agent_columns = [
        func.count().filter(
            Agent.joined_on <= m.end, or_(Agent.ended_on.is_(None), Agent.ended_on >= m.end)
        )
        for m in months
    ]
    for office_id, *counts in session.execute(
        select(Agent.office_id, *agent_columns)
        .where(Agent.office_id.in_(ids))
        .group_by(Agent.office_id)
    ):
        for m, count in zip(months, counts, strict=True):
            add(office_id, "perisai_agents", m, count)
    for office_id, day, count in session.execute(
        select(Agent.office_id, Membership.start_date, func.count())
        .join(Membership, Membership.agent_id == Agent.id)
        .where(Agent.office_id.in_(ids))
        .group_by(Agent.office_id, Membership.start_date)
    ):
        for m in months:
            if m.year_start <= day <= m.end:
                add(office_id, "perisai_recruits", m, count)

    # Claims paid, per office, programme and day of payment.
    claims: dict[Period, ClaimTotals] = {m.period: defaultdict(dict) for m in months}
    paid_rows = session.execute(
        select(Claim.office_id, Claim.programme, Claim.paid_on, func.count(), func.sum(Claim.amount))
        .where(Claim.paid_on.between(first, last), Claim.office_id.in_(ids))
        .group_by(Claim.office_id, Claim.programme, Claim.paid_on)
    ).all()  # fmt: skip
    for m in months:
        for office_id, programme, paid_day, cases, amount in paid_rows:
            if paid_day is None:  # (the query only returns days in the range)
                continue
            for ytd, since in ((True, m.year_start), (False, m.start)):
                if since <= paid_day <= m.end:
                    figures = claims[m.period][(office_id, ytd)]
                    figures[programme] = figures.get(programme, ClaimFigure()) + ClaimFigure(
                        int(cases), int(amount or 0)
                    )

    # Arrears: the target lists of the months' years, settled cases by day.
    years = sorted({m.period.year for m in months})
    arrears_rows = session.execute(
        select(
            ArrearsCase.office_id,
            ArrearsCase.target_year,
            ArrearsCase.settled_on,
            func.count(),
            func.sum(ArrearsCase.collected),
        )
        .where(ArrearsCase.target_year.in_(years), ArrearsCase.office_id.in_(ids))
        .group_by(ArrearsCase.office_id, ArrearsCase.target_year, ArrearsCase.settled_on)
    ).all()
    for m in months:
        for office_id, year, settled, count, collected in arrears_rows:
            if year != m.period.year:
                continue
            add(office_id, "arrears_target", m, count)
            if settled is not None and m.year_start <= settled <= m.end:
                add(office_id, "arrears_collected", m, count)
                add(office_id, "arrears_collected_amount", m, collected)

    # Contributions: billed for the month; received by day.
    by_label = {str(m.period): m for m in months}
    for office_id, label, amount in session.execute(
        select(ContributionBill.office_id, ContributionBill.period, func.sum(ContributionBill.amount))
        .where(ContributionBill.period.in_(list(by_label)), ContributionBill.office_id.in_(ids))
        .group_by(ContributionBill.office_id, ContributionBill.period)
    ):  # fmt: skip
        add(office_id, "contributions_billed", by_label[str(label)], amount)
    received = session.execute(
        select(Payment.office_id, Payment.paid_on, func.sum(Payment.amount))
        .where(Payment.office_id.in_(ids), Payment.paid_on.between(first, last))
        .group_by(Payment.office_id, Payment.paid_on)
    ).all()
    for m in months:
        for office_id, day, amount in received:
            if m.start <= day <= m.end:
                add(office_id, "contributions_received", m, amount)
            if m.year_start <= day <= m.end:
                add(office_id, "contributions_received_ytd", m, amount)

    # Claims served within their service level, as the claim desk's clock reads a paid claim
    # (domain/service_level.py): working days from complete documents (else submission) to
    # payment, against the limit of its type and the office's own limits. Counted in Python
    # once per distinct (office, type, dates): 16 thousand groups for 87 thousand claims.
    calendar = fast_calendar(session)
    overrides = sla_overrides(session)
    claim_dates = (
        Claim.office_id, Claim.claim_type, Claim.submitted_on, Claim.docs_complete_on,
        Claim.paid_on,
    )  # fmt: skip
    met: list[tuple[int, date, int]] = []
    for office_id, claim_type, submitted, complete, paid, count in session.execute(
        select(*claim_dates, func.count())
        .where(Claim.paid_on.between(first, last), Claim.office_id.in_(ids))
        .group_by(*claim_dates)
    ):
        limit = sla_days(ClaimType(claim_type), submitted, overrides)  # None: before any rule
        if paid is None or limit is None:
            continue
        if calendar.working_days_between(complete or submitted, paid) <= limit:
            met.append((office_id, paid, int(count)))
    for m in months:
        for office_id, paid, count in met:
            if m.year_start <= paid <= m.end:
                add(office_id, "claims_sla_met_ytd", m, count)
                if paid >= m.start:
                    add(office_id, "claims_sla_met", m, count)

    return {
        m.period: (
            {office_id: dict(names) for office_id, names in values[m.period].items()},
            dict(claims[m.period]),
        )
        for m in months
    }


SLA_SETTING = "sla_days"  # the office's own limits, as services/claims.py keeps them


def sla_overrides(session: Session) -> dict[str, int]:
    """The office's own service-level limits per claim type (setting ``sla_days``, JSON), read
    the way the claim desk reads them (services/claims.py ``_overrides``)."""
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
