"""Contribution periods (BLTH, *bulan-tahun*) and dates as Indonesian offices write them."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone
from functools import total_ordering

from bpjs_desktop.i18n import _

WIB = timezone(timedelta(hours=7), "WIB")

MONTH_NAMES_ID = (
    "Januari", "Februari", "Maret", "April", "Mei", "Juni",
    "Juli", "Agustus", "September", "Oktober", "November", "Desember",
)  # fmt: skip
MONTH_NAMES_EN = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip

_PERIOD_RE = re.compile(r"^(\d{4})-(\d{2})$")
# BLTH as typed: 04/2018 (as the screens write it) or 04-2018 (as BPJS papers often do).
_BLTH_RE = re.compile(r"^(\d{2})[-/](\d{4})$")


@total_ordering
@dataclass(frozen=True, slots=True)
class Period:
    """A calendar month: the key of bills, arrears and monthly reports."""

    year: int
    month: int

    def __post_init__(self) -> None:
        if not 1 <= self.month <= 12:
            raise ValueError(_("Bulan harus 01–12, bukan {month}").format(month=self.month))
        if not 1900 <= self.year <= 2999:
            raise ValueError(_("Tahun di luar jangkauan: {year}").format(year=self.year))

    @classmethod
    def parse(cls, text: str) -> Period:
        """``"04/2018"`` (as shown), ``"04-2018"`` (BLTH) or ``"2018-04"`` (ISO, as stored and
        on the command line)."""
        text = text.strip()
        if m := _PERIOD_RE.match(text):
            return cls(int(m.group(1)), int(m.group(2)))
        if m := _BLTH_RE.match(text):
            return cls(int(m.group(2)), int(m.group(1)))
        raise ValueError(
            _("Periode harus berbentuk BB/TTTT (misalnya 04/2018), bukan {text!r}").format(
                text=text
            )
        )

    @classmethod
    def of(cls, day: date) -> Period:
        return cls(day.year, day.month)

    @property
    def first_day(self) -> date:
        return date(self.year, self.month, 1)

    @property
    def last_day(self) -> date:
        return date(self.year, self.month, calendar.monthrange(self.year, self.month)[1])

    def day(self, day: int) -> date:
        """The given day of this month, clamped to its last day (the 30th of February → 28/29)."""
        return date(self.year, self.month, min(day, calendar.monthrange(self.year, self.month)[1]))

    def shift(self, months: int) -> Period:
        index = self.year * 12 + (self.month - 1) + months
        return Period(index // 12, index % 12 + 1)

    def next(self) -> Period:
        return self.shift(1)

    def previous(self) -> Period:
        return self.shift(-1)

    def months_until(self, other: Period) -> int:
        """How many months from this period to *other* (negative when *other* is earlier)."""
        return (other.year * 12 + other.month) - (self.year * 12 + self.month)

    @property
    def blth(self) -> str:
        """The BLTH as every screen and paper shows it: ``"04/2018"`` (:func:`format_period`)."""
        return format_period(self)

    def label(self, language: str = "id") -> str:
        names = MONTH_NAMES_ID if language == "id" else MONTH_NAMES_EN
        return f"{names[self.month - 1]} {self.year}"

    def __str__(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, Period):
            return NotImplemented
        return (self.year, self.month) < (other.year, other.month)


def periods_between(first: Period, last: Period) -> list[Period]:
    """Every period from *first* to *last*, both included."""
    return [first.shift(i) for i in range(first.months_until(last) + 1)]


def today_wib() -> date:
    """Today's date in Western Indonesian Time, the offices' clock (not the machine's zone)."""
    return datetime.now(WIB).date()


def format_period(period: Period) -> str:
    """``04/2018``: the one way a month (BLTH, domain.md §0) is shown on screen, on papers and in
    exports: the month and year of a date written 28/11/2026, so that a period and a day read
    alike. ``str(period)`` (``2018-04``) is the stored key, never shown; month names ("April
    2018") are for the month pickers and headings (:meth:`Period.label`)."""
    return f"{period.month:02d}/{period.year:04d}"


def format_date(day: date) -> str:
    """``28/11/2026``: the date format of Indonesian office forms."""
    return f"{day.day:02d}/{day.month:02d}/{day.year:04d}"


def date_wib(moment: datetime) -> date:
    """The day of a stored UTC timestamp in Western Indonesian Time (a naive one is UTC: SQLite
    gives timestamps back without their zone). 17:30 UTC is already tomorrow in Surabaya."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(WIB).date()


def format_datetime_wib(moment: datetime) -> str:
    """A UTC timestamp shown in Western Indonesian Time: ``28/11/2026 14:05 WIB``. A naive one is
    UTC (SQLite's): ``astimezone`` would take it for the computer's local time, 7 hours off on an
    office PC set to WIB."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    local = moment.astimezone(WIB)
    return f"{format_date(local.date())} {local:%H:%M} WIB"


_DATE_PATTERNS = (
    re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})$"),  # DD/MM/YYYY, DD-MM-YYYY, DD.MM.YYYY
)
_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")


def parse_date(text: str) -> date:
    """A date typed the Indonesian way (``28/11/2026``, ``28-11-2026``, ``28.11.2026``) or ISO.

    Raises:
        ValueError: naming the text and the expected form.
    """
    text = text.strip()
    day = month = year = 0
    if m := _ISO_DATE.match(text):
        year, month, day = int(m.group(1)), int(m.group(2)), int(m.group(3))
    else:
        for pattern in _DATE_PATTERNS:
            if m := pattern.match(text):
                day, month, year = int(m.group(1)), int(m.group(2)), int(m.group(3))
                break
        else:
            raise ValueError(
                _(
                    "Tanggal harus berbentuk HH/BB/TTTT (misalnya 28/11/2026), bukan {text!r}"
                ).format(text=text)
            )
    try:
        return date(year, month, day)
    except ValueError:
        raise ValueError(_("Tanggal tidak ada di kalender: {text}").format(text=text)) from None


def age_on(birth_date: date, on: date) -> int:
    """Completed years of age on *on*."""
    years = on.year - birth_date.year
    if (on.month, on.day) < (birth_date.month, birth_date.day):
        years -= 1
    return years
