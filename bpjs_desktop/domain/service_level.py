"""Service-level clocks of claims, in working days (domain.md §5.3, §10).

The clock of a claim counts working days (Monday–Friday, public holidays excluded) from its
*anchor*: the day the required documents were complete (JHT: "pay ≤ 5 working days after complete
documents", Permenaker 4/2022 [S31]). While the claim is returned for documents (DIKEMBALIKAN) or
still waits for one, the clock is paused; when the claim comes back, the anchor moves forward by
the working days it waited (:func:`resume_anchor`), so the days already counted stay counted. The
clock stops when the claim is paid or rejected.

Colours of a running clock: green while more than :data:`AMBER_WITHIN` working days are left,
amber from then until the limit, red past it.
"""

from __future__ import annotations

import bisect
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from types import MappingProxyType

from bpjs_desktop.domain.calendar import WorkCalendar
from bpjs_desktop.domain.claims import ClaimType
from bpjs_desktop.domain.dated import Dated, DatedTable
from bpjs_desktop.domain.labelled import LabelledEnum
from bpjs_desktop.i18n import N_, _

# Working days from complete documents to payment, per claim type.
SLA_DAYS: DatedTable[Mapping[ClaimType, int]] = DatedTable(
    N_("batas waktu layanan klaim"),
    [
        Dated(
            date(2014, 1, 1),
            MappingProxyType(
                {
                    ClaimType.JHT_PENUH: 5,  # Permenaker 4/2022: ≤ 5 working days [S31]
                    ClaimType.JHT_10: 5,  # same payment rule as JHT [S31]
                    ClaimType.JHT_30: 5,
                    ClaimType.JKM: 3,  # ~3 days after complete documents [S35]
                    ClaimType.JKK: 7,  # [unverified] configurable
                    ClaimType.JP_BERKALA: 5,  # [unverified] configurable
                    ClaimType.JP_SEKALIGUS: 5,  # [unverified] configurable
                    ClaimType.JKP: 7,  # [unverified] configurable
                }
            ),
            "JHT 5 hari kerja (Permenaker 4/2022 [S31]); JKM 3 hari [S35]; JKK, JP, JKP [unverified]",
        ),
    ],
)

AMBER_WITHIN = 1  # amber when at most this many working days are left (our convention)


def sla_days(
    claim_type: ClaimType, on: date, overrides: Mapping[str, int] | None = None
) -> int | None:
    """The limit for a claim of *claim_type* submitted on *on*; an office setting
    (``overrides[type]``) wins.

    None for a claim submitted before the table's first rule (1 January 2014, when BPJS
    Ketenagakerjaan took over from PT Jamsostek; Jamsostek's own service standards are not in
    the table [unverified]), whatever the office set since: such a claim has no service level,
    neither met nor missed (and no colour filter finds it). Old claims are in the offices'
    records (the demo's 2013 JHT claims): they must show, not fail.
    """
    if not SLA_DAYS.in_force(on):
        return None
    if overrides and claim_type.value in overrides:
        return int(overrides[claim_type.value])
    return SLA_DAYS.at(on)[claim_type]


class SlaColour(LabelledEnum):
    HIJAU = "HIJAU", N_("Hijau")  # green: in time
    KUNING = "KUNING", N_("Kuning")  # amber: the limit is near
    MERAH = "MERAH", N_("Merah")  # red: past the limit
    JEDA = "JEDA", N_("Dijeda")  # paused: waiting for the member's documents


class FastCalendar:
    """Working-day arithmetic over a :class:`WorkCalendar` without walking day by day.

    Weekdays are counted by whole weeks; the holidays that fall on weekdays are found by bisection.
    """

    def __init__(self, calendar: WorkCalendar) -> None:
        self.calendar = calendar
        self._holidays = sorted(d for d in calendar.holidays if d.weekday() < 5)

    def is_working_day(self, day: date) -> bool:
        return self.calendar.is_working_day(day)

    @staticmethod
    def _weekdays_upto(day: date) -> int:
        """Weekdays from an arbitrary Monday origin up to and including *day*."""
        ordinal = day.toordinal() - 1  # date(1, 1, 1) is a Monday: ordinal 1 → index 0
        weeks, rest = divmod(ordinal + 1, 7)
        return weeks * 5 + min(rest, 5)

    def working_days_between(self, start: date, end: date) -> int:
        """Working days after *start* up to and including *end* (0 when *end* ≤ *start*)."""
        if end <= start:
            return 0
        weekdays = self._weekdays_upto(end) - self._weekdays_upto(start)
        lo = bisect.bisect_right(self._holidays, start)
        hi = bisect.bisect_right(self._holidays, end)
        return weekdays - (hi - lo)

    def subtract_working_days(self, day: date, count: int) -> date:
        """The latest date *a* with ``working_days_between(a, day) == count`` (``count >= 0``)."""
        if count < 0:
            raise ValueError("count must not be negative")
        counted = 0
        while counted < count:
            if self.is_working_day(day):
                counted += 1
            day -= timedelta(days=1)
        return day


@dataclass(frozen=True, slots=True)
class ClockReading:
    """Where a claim's service-level clock stands."""

    anchor: date | None
    elapsed: int  # working days counted
    limit: int | None  # None: no rule was in force when the claim was submitted (sla_days)
    colour: SlaColour | None  # None once the claim is paid or rejected, or without a limit
    finished: bool

    @property
    def late(self) -> bool:
        return self.limit is not None and self.elapsed > self.limit

    @property
    def text(self) -> str:
        if self.limit is None:
            return _(
                "{n} hari kerja; tidak ada batas layanan yang berlaku pada tanggal pengajuan "
                "klaim ini"
            ).format(n=self.elapsed)
        if self.finished:
            verdict = _("terlambat") if self.late else _("tepat waktu")
            return _("Selesai dalam {n} dari {limit} hari kerja ({verdict})").format(
                n=self.elapsed, limit=self.limit, verdict=verdict
            )
        if self.colour is SlaColour.JEDA:
            if self.anchor is None:
                return _("Dijeda: menunggu dokumen lengkap (batas {limit} hari kerja)").format(
                    limit=self.limit
                )
            return _("Dijeda: {n} dari {limit} hari kerja terpakai").format(
                n=self.elapsed, limit=self.limit
            )
        return _("{n} dari {limit} hari kerja").format(n=self.elapsed, limit=self.limit)


def colour_for(elapsed: int, limit: int) -> SlaColour:
    if elapsed > limit:
        return SlaColour.MERAH
    if elapsed >= limit - AMBER_WITHIN:
        return SlaColour.KUNING
    return SlaColour.HIJAU


def read_clock(
    calendar: FastCalendar,
    *,
    anchor: date | None,
    limit: int | None,
    today: date,
    paused_on: date | None = None,
    waiting: bool = False,
    finished_on: date | None = None,
) -> ClockReading:
    """The clock of one claim.

    Args:
        anchor: the day the clock counts from (documents complete), None while they are not.
        limit: the working days allowed (:func:`sla_days`; None: no limit, no colour while
            the clock runs).
        today: the day the clock is read on.
        paused_on: the day the claim was returned for documents, when it is returned now.
        waiting: a required document is still missing (the clock has not started or is held).
        finished_on: the day it was paid or rejected.
    """
    if finished_on is not None:
        elapsed = calendar.working_days_between(anchor, finished_on) if anchor else 0
        return ClockReading(anchor, elapsed, limit, None, True)
    if anchor is None:
        return ClockReading(None, 0, limit, SlaColour.JEDA, False)
    if paused_on is not None or waiting:
        stop = min(paused_on or today, today)
        elapsed = calendar.working_days_between(anchor, stop)
        return ClockReading(anchor, elapsed, limit, SlaColour.JEDA, False)
    elapsed = calendar.working_days_between(anchor, today)
    colour = colour_for(elapsed, limit) if limit is not None else None
    return ClockReading(anchor, elapsed, limit, colour, False)


def resume_anchor(
    calendar: FastCalendar, anchor: date | None, paused_on: date, resumed_on: date
) -> date | None:
    """The anchor after a returned claim comes back on *resumed_on*.

    The working days counted before the pause (anchor → *paused_on*) stay counted; the days of the
    pause do not. Documents completed during the pause start the clock on *resumed_on*.
    """
    if anchor is None:
        return None
    if anchor > paused_on:
        return max(anchor, resumed_on)
    counted = calendar.working_days_between(anchor, paused_on)
    return calendar.subtract_working_days(resumed_on, counted)


def colour_cutoffs(calendar: FastCalendar, limit: int, today: date) -> tuple[date, date]:
    """Anchor dates that split a running clock's colours on *today*, for filtering in SQL.

    Returns ``(green_after, red_upto)``: an anchor after ``green_after`` is green, one on or before
    ``red_upto`` is red, anything between is amber (exactly as :func:`colour_for` decides).
    """
    red_upto = calendar.subtract_working_days(today, limit + 1)
    amber_from = max(limit - AMBER_WITHIN, 0)
    green_after = date.max if amber_from == 0 else calendar.subtract_working_days(today, amber_from)
    return green_after, red_upto
