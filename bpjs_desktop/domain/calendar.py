"""Working days, public holidays and contribution due dates (domain.md §4.9).

The holidays are the national public holidays (*hari libur nasional*) of the joint ministerial
decrees (SKB 3 Menteri) for each year, as data [unverified: compiled from memory of the published
decrees; collective leave days (*cuti bersama*) are working days for payments and are not listed].
An office can pass its own :class:`WorkCalendar`; the services keep the table editable.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

from bpjs_desktop.domain.periods import Period
from bpjs_desktop.domain.programmes import Segment
from bpjs_desktop.domain.rates import covid_relief

_H = {
    2017: ["01-01", "01-28", "03-28", "04-14", "04-24", "05-01", "05-11", "05-25", "06-01",
           "06-25", "06-26", "08-17", "09-01", "09-21", "12-01", "12-25"],
    2018: ["01-01", "02-16", "03-17", "03-30", "04-14", "05-01", "05-10", "05-29", "06-01",
           "06-15", "06-16", "06-27", "08-17", "08-22", "09-11", "11-20", "12-25"],
    2019: ["01-01", "02-05", "03-07", "04-03", "04-17", "04-19", "05-01", "05-19", "05-30",
           "06-01", "06-05", "06-06", "08-11", "08-17", "09-01", "11-09", "12-25"],
    2020: ["01-01", "01-25", "03-22", "03-25", "04-10", "05-01", "05-07", "05-21", "05-24",
           "05-25", "06-01", "07-31", "08-17", "08-20", "10-29", "12-09", "12-25"],
    2021: ["01-01", "02-12", "03-11", "03-14", "04-02", "05-01", "05-13", "05-14", "05-26",
           "06-01", "07-20", "08-11", "08-17", "10-19", "12-25"],
    2022: ["01-01", "02-01", "02-28", "03-03", "04-15", "05-01", "05-02", "05-03", "05-16",
           "05-26", "06-01", "07-10", "07-30", "08-17", "10-08", "12-25"],
    2023: ["01-01", "01-22", "02-18", "03-22", "04-07", "04-22", "04-23", "05-01", "05-18",
           "06-01", "06-04", "06-29", "07-19", "08-17", "09-28", "12-25"],
    2024: ["01-01", "02-08", "02-10", "02-14", "03-11", "03-29", "03-31", "04-10", "04-11",
           "05-01", "05-09", "05-23", "06-01", "06-17", "07-07", "08-17", "09-16", "11-27",
           "12-25"],
    2025: ["01-01", "01-27", "01-29", "03-29", "03-31", "04-01", "04-18", "04-20", "05-01",
           "05-12", "05-29", "06-01", "06-06", "06-27", "08-17", "09-05", "12-25"],
    2026: ["01-01", "01-16", "02-17", "03-19", "03-20", "03-21", "04-03", "04-05", "05-01",
           "05-14", "05-27", "05-31", "06-01", "06-16", "08-17", "08-25", "12-25"],
    2027: ["01-01", "01-05", "02-06", "03-08", "03-10", "03-11", "03-26", "05-01", "05-06",
           "05-17", "05-20", "06-01", "06-06", "08-15", "08-17", "12-25"],
}  # fmt: skip

NATIONAL_HOLIDAYS: frozenset[date] = frozenset(
    date(year, int(md[:2]), int(md[3:])) for year, days in _H.items() for md in days
)
HOLIDAY_YEARS = (min(_H), max(_H))


class WorkCalendar:
    """Working days: Monday to Friday that are not public holidays."""

    def __init__(self, holidays: Iterable[date]) -> None:
        self.holidays = frozenset(holidays)

    def is_working_day(self, day: date) -> bool:
        return day.weekday() < 5 and day not in self.holidays

    def roll_forward(self, day: date) -> date:
        """*day* itself if it is a working day, else the next working day."""
        while not self.is_working_day(day):
            day += timedelta(days=1)
        return day

    def add_working_days(self, day: date, count: int) -> date:
        """The working day *count* working days after *day* (``count >= 0``)."""
        if count < 0:
            raise ValueError("count must not be negative")
        while count:
            day += timedelta(days=1)
            if self.is_working_day(day):
                count -= 1
        return day

    def working_days_between(self, start: date, end: date) -> int:
        """Working days after *start* up to and including *end* (0 when *end* ≤ *start*)."""
        count, day = 0, start
        while day < end:
            day += timedelta(days=1)
            if self.is_working_day(day):
                count += 1
        return count


DEFAULT_CALENDAR = WorkCalendar(NATIONAL_HOLIDAYS)

DUE_DAY = 15  # PU: the 15th of the following month; BPU: the 15th of the same month [S16][S30]
COVID_DUE_DAY = 30  # PP 49/2020: the 30th for the relief months [S54]


def due_date(segment: Segment, period: Period, calendar: WorkCalendar = DEFAULT_CALENDAR) -> date:
    """When the contribution of *period* must be paid, rolled to the next working day.

    Construction projects and migrant workers pay once, up front, so they have no monthly due date.
    """
    if segment is Segment.PU:
        day = COVID_DUE_DAY if covid_relief(period) else DUE_DAY
        return calendar.roll_forward(period.next().day(day))
    if segment is Segment.BPU:
        return calendar.roll_forward(period.day(DUE_DAY))
    raise ValueError(f"segment {segment} pays once, up front; it has no monthly due date")
