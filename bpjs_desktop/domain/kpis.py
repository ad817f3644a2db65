"""The KPIs a head of office is held to (domain.md §7.1): what each measures and how it adds up.

A target (``Target.value``) is the figure to *reach by the end of its month*, and a realisation is
the same figure computed from the records (never typed), so both can be drawn on one axis:

- **stock** KPIs (active employers, active workers of a segment): the level at month end;
- **cumulative** KPIs (new employers, new workers, Perisai acquisitions, contributions received,
  arrears employers collected): the count or amount from 1 January to month end — a plan typed
  per month is therefore non-decreasing, and December's value is the year's target;
- **percent** KPIs (claims served within the service level): the share, from 1 January to month
  end, in whole percent.

This is also what the demo's plans hold (services/demo/: levels for the stocks, year-to-date
figures for Perisai and arrears, 95 for the service level).

Realisation of a month-to-date figure: the month's own figure (a cumulative KPI's increase in the
month; a stock's level; a percent KPI's share among the claims paid in the month).

The figures come from the month's summary (services/reports.py ``OfficeSummary``), which this
module reads through :class:`OfficeFigures` only: the report uses these definitions, and the
definitions need no report (so neither service imports the other).
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from operator import attrgetter
from typing import Any, Protocol

from bpjs_desktop.domain.labelled import LabelledEnum
from bpjs_desktop.domain.money import div_round_half_up
from bpjs_desktop.i18n import N_, _


class Kpi(enum.StrEnum):
    BU_AKTIF = "BU_AKTIF"
    BU_BARU = "BU_BARU"
    TK_PU = "TK_PU"
    TK_BPU = "TK_BPU"
    TK_JAKON = "TK_JAKON"
    TK_PMI = "TK_PMI"
    TK_BARU = "TK_BARU"
    PERISAI_AKUISISI = "PERISAI_AKUISISI"
    IURAN_DITERIMA = "IURAN_DITERIMA"
    PIUTANG_BU_TERTAGIH = "PIUTANG_BU"
    KLAIM_SLA = "KLAIM_SLA"


class OfficeFigures(Protocol):
    """A month's figures of an office or of a scope (``services.reports.OfficeSummary``): the
    KPI definitions read their fields by name (``employers_active``, ``workers_new_ytd``, …)."""

    @property
    def office_code(self) -> str: ...

    @property
    def office_name(self) -> str: ...


# Achievement bands for the colours of the ranking (% of the target to date).
ON_TRACK_PERCENT = 100.0
NEAR_PERCENT = 90.0


class KpiKind(enum.StrEnum):
    STOCK = "STOCK"
    CUMULATIVE = "CUMULATIVE"
    PERCENT = "PERCENT"


class Status(LabelledEnum):
    """How a realisation stands against its target to date."""

    ON_TRACK = "ON_TRACK", N_("Sesuai target")  # at or above the target to date
    NEAR = "NEAR", N_("Hampir")  # at least NEAR_PERCENT of it
    BEHIND = "BEHIND", N_("Tertinggal")  # below that
    NO_TARGET = "NO_TARGET", N_("Tanpa target")


@dataclass(frozen=True, slots=True)
class KpiDef:
    kpi: Kpi
    label_id: str  # N_() text: translate with .label
    unit: str  # "BU", "TK", "Rp", "%"
    kind: KpiKind
    ytd: Callable[[Any], int | float | None]
    month: Callable[[Any], int | float | None] | None
    # Which records lie behind a figure: "employers", "workers", "payments", "arrears", "claims".
    records: str

    @property
    def label(self) -> str:
        return _(self.label_id)

    @property
    def is_money(self) -> bool:
        return self.unit == "Rp"


def _sla(met: int, paid: int) -> float | None:
    return 100.0 * met / paid if paid else None


Figure = Callable[[Any], int | float | None]  # a KPI's figure in a row of the monthly summary


def _def(
    kpi: Kpi,
    label: str,
    unit: str,
    kind: KpiKind,
    records: str,
    ytd: str | Figure,
    month: str | Figure | None = None,
) -> KpiDef:
    """A KPI; *ytd* and *month* are the row's figures (or the names of its fields): the
    realisation to date, and the month's own (None: only kept to date, except that a level,
    a stock KPI, is its own month's figure)."""

    def figure(spec: str | Figure) -> Figure:
        return attrgetter(spec) if isinstance(spec, str) else spec

    if month is None and kind is KpiKind.STOCK:
        month = ytd
    return KpiDef(
        kpi, label, unit, kind, figure(ytd), None if month is None else figure(month), records
    )


def _active_workers(kpi: Kpi, label: str) -> KpiDef:
    """Active workers of one segment (``TK_PU``: ``workers_pu``) at month end."""
    field = f"workers_{kpi.value.removeprefix('TK_').lower()}"
    return _def(kpi, label, "TK", KpiKind.STOCK, "workers", field)


KPI_DEFS: dict[Kpi, KpiDef] = {
    d.kpi: d
    for d in (
        _def(Kpi.BU_AKTIF, N_("BU aktif"), "BU", KpiKind.STOCK, "employers", "employers_active"),
        _def(Kpi.BU_BARU, N_("BU baru"), "BU", KpiKind.CUMULATIVE, "employers", "employers_new_ytd",
             "employers_new"),
        _active_workers(Kpi.TK_PU, N_("TK aktif PU")),
        _active_workers(Kpi.TK_BPU, N_("TK aktif BPU")),
        _active_workers(Kpi.TK_JAKON, N_("TK aktif Jakon")),
        _active_workers(Kpi.TK_PMI, N_("TK aktif PMI")),
        _def(Kpi.TK_BARU, N_("TK baru"), "TK", KpiKind.CUMULATIVE, "workers", "workers_new_ytd",
             "workers_new"),
        _def(Kpi.PERISAI_AKUISISI, N_("Akuisisi Perisai"), "TK", KpiKind.CUMULATIVE, "workers",
             "perisai_recruits"),
        _def(Kpi.IURAN_DITERIMA, N_("Iuran diterima"), "Rp", KpiKind.CUMULATIVE, "payments",
             "contributions_received_ytd", "contributions_received"),
        _def(Kpi.PIUTANG_BU_TERTAGIH, N_("BU menunggak tertagih"), "BU", KpiKind.CUMULATIVE,
             "arrears", "arrears_collected"),
        _def(Kpi.KLAIM_SLA, N_("Klaim tepat waktu (SLA)"), "%", KpiKind.PERCENT, "claims",
             lambda r: _sla(r.claims_sla_met_ytd, r.claims_total(ytd=True).cases),
             lambda r: _sla(r.claims_sla_met, r.claims_total(ytd=False).cases)),
    )
}  # fmt: skip
KPI_ORDER: tuple[Kpi, ...] = tuple(KPI_DEFS)


def kpi_def(kpi: Kpi | str) -> KpiDef:
    return KPI_DEFS[Kpi(kpi)]


def total_target(kpi: Kpi | str, values: Iterable[int]) -> int | None:
    """The target of a group of offices: the sum of theirs; for a percent KPI, their mean
    (rounded half up), since every office is held to its own share. None when none is set."""
    items = list(values)
    if not items:
        return None
    if kpi_def(kpi).kind is KpiKind.PERCENT:
        return div_round_half_up(sum(items), len(items))
    return sum(items)


def achievement(realisation: int | float | None, target: int | None) -> float | None:
    """Realisation as a percentage of the target to date (None without a positive target)."""
    if realisation is None or target is None or target <= 0:
        return None
    return 100.0 * float(realisation) / target


def status(percent: float | None) -> Status:
    if percent is None:
        return Status.NO_TARGET
    if percent >= ON_TRACK_PERCENT:
        return Status.ON_TRACK
    if percent >= NEAR_PERCENT:
        return Status.NEAR
    return Status.BEHIND


@dataclass(frozen=True, slots=True)
class AchievementLine:
    """One KPI of one office (or of the scope's total) in a month: target, realisation, %."""

    office_code: str
    office_name: str
    kpi: Kpi
    target: int | None
    realisation: int | float | None
    month_realisation: int | float | None
    percent: float | None
    label: str = ""  # the KPI's name, in the language of the moment the line was made
    unit: str = ""

    @property
    def status(self) -> Status:
        return status(self.percent)


def achievement_line(
    row: OfficeFigures, kpi: Kpi, target: int | None, code: str | None = None
) -> AchievementLine:
    definition = KPI_DEFS[kpi]
    value = definition.ytd(row)
    month = definition.month(row) if definition.month is not None else None
    return AchievementLine(
        code or row.office_code,
        row.office_name,
        kpi,
        target,
        value,
        month,
        achievement(value, target),
        definition.label,
        definition.unit,
    )


def lines_for(
    rows: Sequence[OfficeFigures],
    total: OfficeFigures,
    targets: dict[tuple[str, str], int],
) -> tuple[list[AchievementLine], list[AchievementLine]]:
    """(the scope total's line per KPI, each office's line per KPI) for a month's summary."""
    total_lines, office_lines = [], []
    for kpi in KPI_ORDER:
        values = [
            targets[(r.office_code, kpi.value)]
            for r in rows
            if (r.office_code, kpi.value) in targets
        ]
        total_lines.append(achievement_line(total, kpi, total_target(kpi, values)))
        for row in rows:
            office_lines.append(
                achievement_line(row, kpi, targets.get((row.office_code, kpi.value)))
            )
    return total_lines, office_lines
