"""The head of office's dashboard: each target against its realisation, month by month, as plain
series for the charts (ui/dashboard/dashboard_page.py draws them; this module has no Qt).

Built from a year's facts (:class:`facts.YearFacts`), so every figure is the same integer as in the
monthly summary and its export. The series of a scope (the region, a KC with its KCPs, a KCP) at a
month *P* of year *Y*:

- per KPI: the target of each month (Jan–Dec), the realisation of each month up to *P* (level,
  year to date or percent: domain/kpis.py), the month's own figure, and the **run-rate
  projection** to December:

  - cumulative KPIs: the year-to-date pace, ``ytd(P) × m / P`` for month *m*;
  - stock KPIs: the net change per month since the end of the previous year,
    ``level(P) + (level(P) − level(Dec Y−1)) × (m − P) / P``;
  - percent KPIs: the year-to-date share, held flat;

  and the **gap**: the projected December figure less the year's target (December's); negative
  when the office will fall short of it at this pace;
- the offices ranked by achievement (realisation / target to date), with a status band;
- active workers per segment, claims per programme (cases and rupiah) per month, and the arrears
  target list against the employers and rupiah collected, per month.

Every point can name the records behind it (:mod:`services.drilldown`): the filter of the list
whose count is the point's value.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from bpjs_desktop.db.engine import Database
from bpjs_desktop.db.models import Kpi
from bpjs_desktop.domain.kpis import (
    KPI_DEFS,
    KPI_ORDER,
    KpiDef,
    KpiKind,
    Status,
    achievement,
    status,
)
from bpjs_desktop.domain.periods import Period
from bpjs_desktop.domain.programmes import Programme, Segment
from bpjs_desktop.errors import NotFoundError
from bpjs_desktop.i18n import _, current_language
from bpjs_desktop.services import facts
from bpjs_desktop.services import scope as scope_service
from bpjs_desktop.services.context import Actor
from bpjs_desktop.services.drilldown import RecordFilter
from bpjs_desktop.services.facts import YearFacts
from bpjs_desktop.services.reports import CLAIM_PROGRAMMES, SEGMENTS, OfficeSummary

Value = int | float | None


class _Achieved:
    """A realisation with its percent of the target to date, and so its status band."""

    __slots__ = ()
    percent: float | None

    @property
    def status(self) -> Status:
        return status(self.percent)


@dataclass(frozen=True, slots=True)
class KpiSeries(_Achieved):
    kpi: Kpi
    label: str
    unit: str
    kind: KpiKind
    months: tuple[int, ...]  # 1..P, the months with a realisation
    realisation: tuple[Value, ...]  # per month in *months*: level, year to date, or percent
    month_values: tuple[Value, ...]  # per month in *months*: the month's own figure
    targets: tuple[int | None, ...]  # 12 values, January to December
    projection: tuple[tuple[int, float], ...]  # (month, value) from P to December
    projected_year_end: float | None
    year_target: int | None
    gap: float | None  # projected December − the year's target (negative: short of it)
    target_to_date: int | None
    realisation_to_date: Value
    percent: float | None


@dataclass(frozen=True, slots=True)
class RankRow(_Achieved):
    office_code: str
    office_name: str
    target: int | None
    realisation: Value
    percent: float | None


@dataclass(frozen=True, slots=True)
class MonthSeries:
    """Values per month (1..P) for a few named series (segments, programmes...)."""

    months: tuple[int, ...]
    values: dict[str, tuple[int, ...]]


@dataclass(frozen=True)
class Dashboard:
    year: int
    period: Period
    scope_code: str
    scope_name: str
    office_codes: tuple[str, ...]  # the offices the scope covers in the month
    closed: bool  # the month is closed for the whole scope (figures frozen)
    fresh: bool  # the facts were up to date when read
    adjustments: int  # corrections to closed months reported in this month
    kpis: dict[Kpi, KpiSeries]
    ranking: dict[Kpi, tuple[RankRow, ...]]
    segments: MonthSeries
    claims_cases: MonthSeries
    claims_amount: MonthSeries
    arrears: MonthSeries  # "target", "collected", "amount"
    office_names: dict[str, str] = field(default_factory=dict)

    def first_day(self, month: int) -> date:
        return Period(self.year, month).first_day

    def last_day(self, month: int) -> date:
        return Period(self.year, month).last_day


def _projection(
    kind: KpiKind, months: list[int], values: list[Value], opening: Value
) -> tuple[tuple[tuple[int, float], ...], float | None]:
    if not months or values[-1] is None:
        return (), None
    p, last = months[-1], float(values[-1])
    points: list[tuple[int, float]]
    if kind is KpiKind.CUMULATIVE:
        points = [(m, last * m / p) for m in range(p, 13)]
    elif kind is KpiKind.STOCK:
        base = float(opening) if opening is not None else None
        if base is None:  # no December before: the pace since January
            first = values[0]
            base_month = months[0]
            slope = (
                (last - float(first)) / (p - base_month)
                if first is not None and p > base_month
                else 0.0
            )
        else:
            slope = (last - base) / p
        points = [(m, last + slope * (m - p)) for m in range(p, 13)]
    else:
        points = [(m, last) for m in range(p, 13)]
    return tuple(points), points[-1][1]


def build(year_facts: YearFacts, period: Period, scope_code: str) -> Dashboard:
    """The dashboard of *scope_code* as of *period*, from a year's facts (no database access)."""
    if period.year != year_facts.year:
        raise ValueError(f"period {period} is not in year {year_facts.year}")
    try:
        scope = year_facts.office(scope_code)
    except StopIteration:
        raise NotFoundError(
            _("Kantor dengan kode {code} tidak ada").format(code=scope_code)
        ) from None
    rows = _scope_rows(year_facts, scope.code, period)
    codes = year_facts.scope_codes(scope.code, period)
    series = {kpi: _kpi_series(year_facts, scope.code, period, rows, kpi) for kpi in KPI_ORDER}
    ranking = {kpi: _ranking(year_facts, codes, period, kpi) for kpi in KPI_ORDER}
    names = {o.code: o.name for o in year_facts.offices}
    return Dashboard(
        period.year, period, scope.code, scope.name, tuple(codes),
        year_facts.is_closed(scope.code, period), year_facts.status.fresh,
        year_facts.adjustments.get(str(period), 0), series, ranking,
        *_breakdowns(rows), names,
    )  # fmt: skip


def _scope_rows(year_facts: YearFacts, scope_code: str, period: Period) -> dict[int, OfficeSummary]:
    """The scope's summed row of each month from January to *period* that has facts."""
    rows = {}
    for month in range(1, period.month + 1):
        row = year_facts.row(scope_code, Period(period.year, month))
        if row is not None:
            rows[month] = row
    return rows


def _kpi_series(
    year_facts: YearFacts,
    scope_code: str,
    period: Period,
    rows: dict[int, OfficeSummary],
    kpi: Kpi,
) -> KpiSeries:
    """One KPI of the scope: realisation per month, targets, projection to December, gap."""
    definition = KPI_DEFS[kpi]
    months = list(rows)
    values = [definition.ytd(rows[m]) for m in months]
    targets = tuple(
        year_facts.target(
            year_facts.scope_codes(scope_code, Period(period.year, m)), kpi.value,
            Period(period.year, m),
        )
        for m in range(1, 13)
    )  # fmt: skip
    opening_row = year_facts.row(scope_code, Period(period.year - 1, 12))
    opening = definition.ytd(opening_row) if opening_row is not None else None
    projection, projected = _projection(definition.kind, months, values, opening)
    year_target = next((t for t in reversed(targets) if t is not None), None)
    gap = (projected - year_target) if year_target is not None and projected is not None else None
    target_now = targets[period.month - 1]
    value_now = values[-1] if months and months[-1] == period.month else None
    return KpiSeries(
        kpi, definition.label, definition.unit, definition.kind, tuple(months), tuple(values),
        _month_values(definition, rows, values), targets, projection, projected, year_target,
        gap, target_now, value_now, achievement(value_now, target_now),
    )  # fmt: skip


def _month_values(
    definition: KpiDef, rows: dict[int, OfficeSummary], values: list[Value]
) -> tuple[Value, ...]:
    """Each month's own figure; for a KPI kept only year to date, the increase over the month
    before (over nothing in January, or after a month without facts)."""
    months = list(rows)
    result: list[Value] = []
    for index, m in enumerate(months):
        if definition.month is not None:
            result.append(definition.month(rows[m]))
        elif values[index] is None:
            result.append(None)
        else:
            before = values[index - 1] if index and months[index - 1] == m - 1 else 0
            result.append(float(values[index] or 0) - float(before or 0))
    return tuple(result)


def _ranking(
    year_facts: YearFacts, codes: list[str], period: Period, kpi: Kpi
) -> tuple[RankRow, ...]:
    """The scope's offices by achievement of *kpi* to date, best first (no target: last)."""
    definition = KPI_DEFS[kpi]
    ranks = []
    for code in codes:
        row = year_facts.office_row(code, period)
        if row is None:
            continue
        value = definition.ytd(row)
        target = year_facts.target([code], kpi.value, period)
        name = year_facts.office(code).name
        ranks.append(RankRow(code, name, target, value, achievement(value, target)))
    ranks.sort(key=lambda r: (r.percent is None, -(r.percent or 0.0), r.office_name))
    return tuple(ranks)


def _breakdowns(
    rows: dict[int, OfficeSummary],
) -> tuple[MonthSeries, MonthSeries, MonthSeries, MonthSeries]:
    """Per month: active workers per segment, claims paid per programme (cases, then rupiah),
    and the arrears target list against the employers and rupiah collected."""
    months = tuple(rows)

    def series(values: Callable[[OfficeSummary], dict[str, int]]) -> MonthSeries:
        per_month = [values(rows[m]) for m in months]
        names = values(OfficeSummary("", "", ""))  # every series, even without a month
        return MonthSeries(months, {n: tuple(v[n] for v in per_month) for n in names})

    return (
        series(lambda r: {s.value: r.workers(s) for s in SEGMENTS}),
        series(lambda r: {p.value: r.claims(p, ytd=False).cases for p in CLAIM_PROGRAMMES}),
        series(lambda r: {p.value: r.claims(p, ytd=False).amount for p in CLAIM_PROGRAMMES}),
        series(
            lambda r: {
                "target": r.arrears_target,
                "collected": r.arrears_collected,
                "amount": r.arrears_collected_amount,
            }
        ),
    )


@scope_service.guarded
def load(
    db: Database,
    period: Period,
    scope_code: str,
    latest: Period | None = None,
    *,
    actor: Actor | None = None,
) -> Dashboard:
    """Read the year's facts and build the dashboard (a convenience for tests and the CLI), of
    an office in *actor*'s scope."""
    scope_service.check_office(db, actor, scope_code)
    return build(facts.load_year(db, period.year, latest, actor=actor), period, scope_code)


# --- the records behind a figure -----------------------------------------------------------------


def _month_name(d: Dashboard, month: int) -> str:
    return Period(d.year, month).label(current_language())


def kpi_records(d: Dashboard, kpi: Kpi, month: int, office_code: str | None = None) -> RecordFilter:
    """The records behind a KPI's realisation in *month* (of the scope, or of one office)."""
    codes = (office_code,) if office_code else d.office_codes
    where = d.office_names.get(office_code, office_code) if office_code else d.scope_name
    end = d.last_day(month)
    year_start = date(d.year, 1, 1)
    label = KPI_DEFS[kpi].label
    title = _("{kpi} — {where}, s.d. {month}").format(
        kpi=label, where=where, month=_month_name(d, month)
    )
    if kpi is Kpi.BU_AKTIF:
        return RecordFilter("employers", title, codes, on=end)
    if kpi is Kpi.BU_BARU:
        return RecordFilter("employers", title, codes, first=year_start, last=end)
    if kpi in (Kpi.TK_PU, Kpi.TK_BPU, Kpi.TK_JAKON, Kpi.TK_PMI):
        segment = Segment(kpi.value.removeprefix("TK_"))
        return RecordFilter("workers", title, codes, on=end, segment=segment)
    if kpi is Kpi.TK_BARU:
        return RecordFilter("workers", title, codes, first=year_start, last=end)
    if kpi is Kpi.PERISAI_AKUISISI:
        return RecordFilter("workers", title, codes, first=year_start, last=end, recruited=True)
    if kpi is Kpi.IURAN_DITERIMA:
        return RecordFilter("payments", title, codes, first=year_start, last=end)
    if kpi is Kpi.PIUTANG_BU_TERTAGIH:
        return RecordFilter(
            "arrears",
            title,
            codes,
            first=year_start,
            last=end,
            target_year=d.year,
            settled=True,
        )
    return RecordFilter("claims", title, codes, first=year_start, last=end)


def segment_records(d: Dashboard, segment: Segment, month: int) -> RecordFilter:
    title = _("TK aktif {segment} — {where}, akhir {month}").format(
        segment=segment.value, where=d.scope_name, month=_month_name(d, month)
    )
    return RecordFilter("workers", title, d.office_codes, on=d.last_day(month), segment=segment)


def claim_records(d: Dashboard, programme: Programme, month: int) -> RecordFilter:
    title = _("Klaim {programme} dibayar — {where}, {month}").format(
        programme=programme.value, where=d.scope_name, month=_month_name(d, month)
    )
    return RecordFilter(
        "claims", title, d.office_codes, first=d.first_day(month), last=d.last_day(month),
        programme=programme,
    )  # fmt: skip


def arrears_records(d: Dashboard, which: str, month: int) -> RecordFilter:
    """*which*: "target" (the year's list), "collected" or "amount" (collected to month end)."""
    if which == "target":
        title = _("Target BU menunggak {year} — {where}").format(year=d.year, where=d.scope_name)
        return RecordFilter("arrears", title, d.office_codes, target_year=d.year)
    title = _("BU menunggak tertagih — {where}, s.d. {month}").format(
        where=d.scope_name, month=_month_name(d, month)
    )
    return RecordFilter(
        "arrears", title, d.office_codes, first=date(d.year, 1, 1), last=d.last_day(month),
        target_year=d.year, settled=True,
    )  # fmt: skip


def round_projection(value: float | None) -> int | None:
    """A projected count or amount as a whole number (halves away from zero)."""
    if value is None:
        return None
    return int(Decimal(repr(value)).to_integral_value(rounding=ROUND_HALF_UP))
