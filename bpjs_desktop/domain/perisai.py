"""Perisai agents (Penggerak Jaminan Sosial Indonesia): fee, incentive and status (domain.md §2.4).

An agent recruits informal (BPU) members. Each month the agent earns a fee on the contributions
those recruits *paid in that month* and, in a month with enough new recruits, a fixed incentive.
An agent with too many consecutive months without a new recruit and without a rupiah paid by a
recruit stops being an agent, and may join again only after a waiting time. Every figure is a
dated rule (:data:`PERISAI_RULES`) citing its source.

Rounding rule: the fee is computed exactly from the rupiah paid and the rate in ppm, then rounded
once, half up, to the whole rupiah ([unverified]: the sources give the 7,5 % but no rounding; this
is the convention of every other amount, :func:`bpjs_desktop.domain.money.apply_rate`).
"""

from __future__ import annotations

import calendar
import enum
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta

from bpjs_desktop.domain.dated import Dated, DatedTable
from bpjs_desktop.domain.money import apply_rate
from bpjs_desktop.domain.money import percent_ppm as pct
from bpjs_desktop.domain.periods import Period
from bpjs_desktop.i18n import N_, _

# Launched nationally in February 2018 at Sukawati, Gianyar [S7]; the day is [unverified].
PERISAI_LAUNCH = date(2018, 2, 1)


@dataclass(frozen=True, slots=True)
class PerisaiRules:
    """The agency rules in force from a date.

    Attributes:
        fee_ppm: the agent's share of the contributions paid by its recruits in a month (ppm).
        incentive: rupiah paid for a month with at least ``incentive_min_recruits`` new recruits.
        incentive_min_recruits: new recruits in one month that earn the incentive.
        idle_months_to_end: consecutive whole months with no new recruit *and* no contribution
            paid by a recruit after which the agency ends.
        rejoin_after_months: months after the end of an agency before the person may rejoin.
    """

    fee_ppm: int
    incentive: int
    incentive_min_recruits: int
    idle_months_to_end: int
    rejoin_after_months: int


PERISAI_RULES: DatedTable[PerisaiRules] = DatedTable(
    N_("aturan agen Perisai"),
    [
        Dated(
            PERISAI_LAUNCH,
            PerisaiRules(
                fee_ppm=pct("7.5"),  # 7,5 % of the contributions paid by the recruits [S5][S6]
                incentive=500_000,  # Rp500.000 a month (transport) ... [S5][S6]
                incentive_min_recruits=50,  # ... for 50 or more new participants that month [S5][S6]
                idle_months_to_end=3,  # 3 consecutive months without acquisition/contribution [S7]
                rejoin_after_months=6,  # may rejoin only after 6 months [S7] (Bali branch)
            ),
            "Perisai launch Feb 2018 [S7]; fee and incentive [S5][S6]; end and rejoin rule as "
            "told by the Bali branch [S7] (national rule text not retrieved [unverified])",
        ),
    ],
)


def _rules_on(day: date) -> PerisaiRules:
    """The rules of *day*; agencies recorded before the launch are read with the first rules."""
    return PERISAI_RULES.at(max(day, PERISAI_RULES.entries[0].valid_from))


# --- the monthly fee ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class AgentFee:
    """What an agent earns for one month."""

    paid_contributions: int
    new_recruits: int
    fee: int
    incentive: int

    @property
    def total(self) -> int:
        return self.fee + self.incentive


def monthly_fee(paid_contributions: int, new_recruits: int, on: date) -> AgentFee:
    """The fee and incentive of a month, by the rules in force on *on* (the month's first day).

    Args:
        paid_contributions: rupiah the agent's recruits paid in the month (allocated to their
            monthly contributions).
        new_recruits: members the agent recruited whose membership started in the month.
        on: a day of the month; selects the rules.

    Raises:
        RuleNotInForceError: *on* is before the Perisai programme began.
        ValueError: a negative amount or count (a bug in the caller, not user input).
    """
    if paid_contributions < 0 or new_recruits < 0:
        raise ValueError("paid contributions and new recruits must not be negative")
    rules = PERISAI_RULES.at(on)
    fee = apply_rate(paid_contributions, rules.fee_ppm)  # half up, whole rupiah (module doc)
    incentive = rules.incentive if new_recruits >= rules.incentive_min_recruits else 0
    return AgentFee(paid_contributions, new_recruits, fee, incentive)


# --- status ------------------------------------------------------------------------------------


class AgentState(enum.StrEnum):
    AKTIF = "AKTIF"  # an agent now
    BERAKHIR = "BERAKHIR"  # the agency ended; the waiting time to rejoin is running
    BOLEH_GABUNG = "BOLEH_GABUNG"  # the agency ended and the person may rejoin

    @property
    def label(self) -> str:
        return {
            AgentState.AKTIF: _("Aktif"),
            AgentState.BERAKHIR: _("Berakhir"),
            AgentState.BOLEH_GABUNG: _("Boleh bergabung kembali"),
        }[self]


@dataclass(frozen=True, slots=True)
class AgentStatus:
    """An agent's standing on a day.

    Attributes:
        state: active, ended, or ended and free to rejoin.
        idle_months: consecutive whole months without a new recruit or a contribution, counted
            up to the day (for an ended agency: up to its end).
        ended_on: the last day of the agency (None while active).
        ended_in: the month of ``ended_on``.
        by_rule: the agency ended by the idle-months rule (else it was ended by hand).
        rejoin_from: the first day the person may join again.
    """

    state: AgentState
    idle_months: int = 0
    ended_on: date | None = None
    by_rule: bool = False
    rejoin_from: date | None = None

    @property
    def ended_in(self) -> Period | None:
        return None if self.ended_on is None else Period.of(self.ended_on)

    @property
    def active(self) -> bool:
        return self.state is AgentState.AKTIF


def add_months(day: date, months: int) -> date:
    """*day* moved by whole calendar months, clamped to the last day of a shorter month."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def rejoin_date(ended_on: date) -> date:
    """The first day a person whose agency ended on *ended_on* may rejoin.

    "Re-join only after 6 months" [S7]: six whole months must pass after the last day of the
    agency, so an agency that ended on 31 May 2018 may start again on 1 December 2018, and one
    ended on 15 March on 16 September.
    """
    rules = _rules_on(ended_on)
    return add_months(ended_on + timedelta(days=1), rules.rejoin_after_months)


def first_counted_month(joined_on: date) -> Period:
    """The first month judged for the idle rule: the month of joining only if it is whole.

    [unverified] the sources do not say whether a part month counts; an agent who joins on the
    20th is not held to a month in which they were an agent for ten days.
    """
    joined = Period.of(joined_on)
    return joined if joined_on.day == 1 else joined.next()


def last_whole_month(as_of: date) -> Period:
    """The latest month that is over on *as_of* (the month of *as_of* only on its last day)."""
    month = Period.of(as_of)
    return month if as_of == month.last_day else month.previous()


def agent_status(
    joined_on: date,
    months_activity: Mapping[Period, tuple[int, int]],
    as_of: date,
    *,
    ended_on: date | None = None,
) -> AgentStatus:
    """An agent's status on *as_of* by the rules.

    The agency ends at the end of the month that makes ``idle_months_to_end`` consecutive whole
    months (from :func:`first_counted_month`) in which the agent had no new recruit *and* its
    recruits paid nothing [S7]. A month is judged only once it is over. An end recorded by hand
    (*ended_on*, on or before *as_of*) counts too; the earlier end wins.

    Args:
        joined_on: the day the agency (or the latest rejoining) began.
        months_activity: period → (new recruits, rupiah paid by recruits) for the months that had
            any; months not in the mapping had neither.
        as_of: the day to judge; not before *joined_on*.
        ended_on: the end recorded in the agent's file, if any.
    """
    if as_of < joined_on:
        raise ValueError("as_of is before the agent joined")
    recorded_end = ended_on if ended_on is not None and ended_on <= as_of else None
    idle = 0
    rule_end: date | None = None
    month = first_counted_month(joined_on)
    last = last_whole_month(as_of)
    while month <= last:
        if recorded_end is not None and month.first_day > recorded_end:
            break
        new_recruits, paid = months_activity.get(month, (0, 0))
        idle = 0 if new_recruits > 0 or paid > 0 else idle + 1
        if idle >= _rules_on(month.first_day).idle_months_to_end:
            rule_end = month.last_day
            break
        month = month.next()
    if recorded_end is not None and (rule_end is None or recorded_end < rule_end):
        end, by_rule = recorded_end, False
    elif rule_end is not None:
        end, by_rule = rule_end, True
    else:
        return AgentStatus(AgentState.AKTIF, idle_months=idle)
    rejoin = rejoin_date(end)
    state = AgentState.BOLEH_GABUNG if as_of >= rejoin else AgentState.BERAKHIR
    return AgentStatus(state, idle_months=idle, ended_on=end, by_rule=by_rule, rejoin_from=rejoin)


# --- the months an informal member's payment may cover -----------------------------------------


@dataclass(frozen=True, slots=True)
class BpuPaymentWindow:
    """How far back and ahead a BPU member's payment may reach, in months from the payment's.

    Attributes:
        back_months: unpaid months may be paid up to this many months later; older months
            have lapsed (>3 consecutive unpaid months end the membership) [S30].
        ahead_months: months that may be paid in advance [unverified: BPU members commonly pay
            3, 6 or 12 months at once; no retrieved rule gives a limit].
    """

    back_months: int
    ahead_months: int


BPU_PAYMENT_WINDOW: DatedTable[BpuPaymentWindow] = DatedTable(
    N_("jangka pembayaran iuran BPU"),
    [
        Dated(
            date(2015, 7, 1),
            BpuPaymentWindow(back_months=3, ahead_months=12),
            "Perdir 22/PERDIR.02/072022 via domain.md §4.5 [S30]; ahead limit [unverified]",
        )
    ],
)


def bpu_payable_months(start: Period, paid_on: date, end: Period | None = None) -> list[Period]:
    """The months a payment made on *paid_on* may open a bill for, oldest first.

    From the later of the membership's first month and ``back_months`` before the payment's
    month, through the payment's month (a BPU member pays in the contribution month itself,
    domain.md §4.5); never past the membership's last month *end*.
    """
    window = BPU_PAYMENT_WINDOW.at(paid_on)
    current = Period.of(paid_on)
    first = max(start, current.shift(-window.back_months))
    last = current if end is None else min(current, end)
    months: list[Period] = []
    month = first
    while month <= last:
        months.append(month)
        month = month.next()
    return months
