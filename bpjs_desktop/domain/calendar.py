"""Working days, public holidays and contribution due dates (domain.md §4.9).

The holidays are the national public holidays (*hari libur nasional*) of the joint ministerial
decrees (SKB 3 Menteri) for each year, as data [unverified: compiled from memory of the published
decrees; collective leave days (*cuti bersama*) are working days for payments and are not listed].
Each holiday carries its name (:data:`HOLIDAY_NAMES`), which the settings list shows. An office
can pass its own :class:`WorkCalendar`; the services keep the table editable.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

from bpjs_desktop.domain.periods import Period
from bpjs_desktop.domain.programmes import Segment
from bpjs_desktop.domain.rates import covid_relief

# Each holiday as "MM-DD CODE"; the code names it (_NAMES), with the year's numbering where the
# decree gives one: Imlek (Kongzili), Nyepi (Saka), Waisak (BE) and the Islamic year (H).
_H = {
    2017: ["01-01 TM", "01-28 IMLEK", "03-28 NYEPI", "04-14 WAFAT", "04-24 ISRA", "05-01 BURUH",
           "05-11 WAISAK", "05-25 NAIK", "06-01 PANCASILA", "06-25 FITRI", "06-26 FITRI",
           "08-17 MERDEKA", "09-01 ADHA", "09-21 HIJRI", "12-01 MAULID", "12-25 NATAL"],
    2018: ["01-01 TM", "02-16 IMLEK", "03-17 NYEPI", "03-30 WAFAT", "04-14 ISRA", "05-01 BURUH",
           "05-10 NAIK", "05-29 WAISAK", "06-01 PANCASILA", "06-15 FITRI", "06-16 FITRI",
           "06-27 PILKADA", "08-17 MERDEKA", "08-22 ADHA", "09-11 HIJRI", "11-20 MAULID",
           "12-25 NATAL"],
    2019: ["01-01 TM", "02-05 IMLEK", "03-07 NYEPI", "04-03 ISRA", "04-17 PEMILU", "04-19 WAFAT",
           "05-01 BURUH", "05-19 WAISAK", "05-30 NAIK", "06-01 PANCASILA", "06-05 FITRI",
           "06-06 FITRI", "08-11 ADHA", "08-17 MERDEKA", "09-01 HIJRI", "11-09 MAULID",
           "12-25 NATAL"],
    2020: ["01-01 TM", "01-25 IMLEK", "03-22 ISRA", "03-25 NYEPI", "04-10 WAFAT", "05-01 BURUH",
           "05-07 WAISAK", "05-21 NAIK", "05-24 FITRI", "05-25 FITRI", "06-01 PANCASILA",
           "07-31 ADHA", "08-17 MERDEKA", "08-20 HIJRI", "10-29 MAULID", "12-09 PILKADA",
           "12-25 NATAL"],
    2021: ["01-01 TM", "02-12 IMLEK", "03-11 ISRA", "03-14 NYEPI", "04-02 WAFAT", "05-01 BURUH",
           "05-13 NAIK+FITRI", "05-14 FITRI", "05-26 WAISAK", "06-01 PANCASILA", "07-20 ADHA",
           "08-11 HIJRI", "08-17 MERDEKA", "10-19 MAULID", "12-25 NATAL"],
    2022: ["01-01 TM", "02-01 IMLEK", "02-28 ISRA", "03-03 NYEPI", "04-15 WAFAT", "05-01 BURUH",
           "05-02 FITRI", "05-03 FITRI", "05-16 WAISAK", "05-26 NAIK", "06-01 PANCASILA",
           "07-10 ADHA", "07-30 HIJRI", "08-17 MERDEKA", "10-08 MAULID", "12-25 NATAL"],
    2023: ["01-01 TM", "01-22 IMLEK", "02-18 ISRA", "03-22 NYEPI", "04-07 WAFAT", "04-22 FITRI",
           "04-23 FITRI", "05-01 BURUH", "05-18 NAIK", "06-01 PANCASILA", "06-04 WAISAK",
           "06-29 ADHA", "07-19 HIJRI", "08-17 MERDEKA", "09-28 MAULID", "12-25 NATAL"],
    2024: ["01-01 TM", "02-08 ISRA", "02-10 IMLEK", "02-14 PEMILU", "03-11 NYEPI", "03-29 WAFAT",
           "03-31 PASKAH", "04-10 FITRI", "04-11 FITRI", "05-01 BURUH", "05-09 NAIK",
           "05-23 WAISAK", "06-01 PANCASILA", "06-17 ADHA", "07-07 HIJRI", "08-17 MERDEKA",
           "09-16 MAULID", "11-27 PILKADA", "12-25 NATAL"],
    2025: ["01-01 TM", "01-27 ISRA", "01-29 IMLEK", "03-29 NYEPI", "03-31 FITRI", "04-01 FITRI",
           "04-18 WAFAT", "04-20 PASKAH", "05-01 BURUH", "05-12 WAISAK", "05-29 NAIK",
           "06-01 PANCASILA", "06-06 ADHA", "06-27 HIJRI", "08-17 MERDEKA", "09-05 MAULID",
           "12-25 NATAL"],
    2026: ["01-01 TM", "01-16 ISRA", "02-17 IMLEK", "03-19 NYEPI", "03-20 FITRI", "03-21 FITRI",
           "04-03 WAFAT", "04-05 PASKAH", "05-01 BURUH", "05-14 NAIK", "05-27 ADHA",
           "05-31 WAISAK", "06-01 PANCASILA", "06-16 HIJRI", "08-17 MERDEKA", "08-25 MAULID",
           "12-25 NATAL"],
    2027: ["01-01 TM", "01-05 ISRA", "02-06 IMLEK", "03-08 NYEPI", "03-10 FITRI", "03-11 FITRI",
           "03-26 WAFAT", "05-01 BURUH", "05-06 NAIK", "05-17 ADHA", "05-20 WAISAK",
           "06-01 PANCASILA", "06-06 HIJRI", "08-15 MAULID", "08-17 MERDEKA", "12-25 NATAL"],
}  # fmt: skip

# The holidays' names as the decrees write them [unverified, as the dates: from memory of the
# SKB lists] (proper names: stored and shown as they are, in either interface language). The numbering follows the Gregorian year within 2017–2027: Kongzili
# = year + 551, Saka = year − 78, Buddhist era = year + 544, and the Idul Fitri / Idul Adha of a
# year fall in Hijri year − 579, its Islamic new year begins Hijri year − 578.
_NAMES = {
    "TM": "Tahun Baru Masehi",
    "IMLEK": "Tahun Baru Imlek {kongzili} Kongzili",
    "ISRA": "Isra Mikraj Nabi Muhammad SAW",
    "NYEPI": "Hari Suci Nyepi Tahun Baru Saka {saka}",
    "WAFAT": "Wafat Isa Almasih",
    "PASKAH": "Hari Paskah",
    "BURUH": "Hari Buruh Internasional",
    "WAISAK": "Hari Raya Waisak {be} BE",
    "NAIK": "Kenaikan Isa Almasih",
    "PANCASILA": "Hari Lahir Pancasila",
    "FITRI": "Hari Raya Idul Fitri {hijri} H",
    "ADHA": "Hari Raya Idul Adha {hijri} H",
    "HIJRI": "Tahun Baru Islam {hijri_new} H",
    "MAULID": "Maulid Nabi Muhammad SAW",
    "MERDEKA": "Hari Kemerdekaan Republik Indonesia",
    "NATAL": "Hari Raya Natal",
    "PILKADA": "Pemungutan suara Pilkada serentak",
    "PEMILU": "Pemungutan suara Pemilihan Umum",
}


def _name(year: int, codes: str) -> str:
    numbers = {
        "kongzili": year + 551, "saka": year - 78, "be": year + 544,
        "hijri": year - 579, "hijri_new": year - 578,
    }  # fmt: skip
    return "; ".join(_NAMES[code].format(**numbers) for code in codes.split("+"))


HOLIDAY_NAMES: dict[date, str] = {
    date(year, int(entry[:2]), int(entry[3:5])): _name(year, entry[6:])
    for year, entries in _H.items()
    for entry in entries
}
NATIONAL_HOLIDAYS: frozenset[date] = frozenset(HOLIDAY_NAMES)
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
