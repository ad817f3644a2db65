"""Which automatic backups to keep: all of today, then fewer the older they get (issue #12).

The rule (grandfather-father-son thinning): every backup taken today; the newest of each of the
14 days before today; the newest of each calendar week (ISO) for 8 weeks; the newest of each
calendar month for a year. Anything older than a year goes. The newest of a day stays the same
file as days pass, so a kept backup is never swapped for another one later (thinning only ever
removes). Pure: the caller gives the times (the office's local clock) and deletes what is left out.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime

DAILY_DAYS = 14
WEEKLY_WEEKS = 8
MONTHLY_DAYS = 366  # "one a month for a year": a leap year's 366 days


def _week(day: date) -> tuple[int, int]:
    iso = day.isocalendar()
    return iso.year, iso.week


def backups_to_keep(stamps: Iterable[datetime], now: datetime) -> set[datetime]:
    """The subset of *stamps* (when each backup was taken) to keep at *now*.

    A stamp later than *now* (a clock set back) is kept: it cannot be judged and is never the
    reason to lose a backup.
    """
    today = now.date()
    keep: set[datetime] = set()
    taken: set[tuple[object, ...]] = set()
    for stamp in sorted(set(stamps), reverse=True):  # newest first: each bucket keeps its newest
        day = stamp.date()
        age = (today - day).days
        if age <= 0:
            keep.add(stamp)
            continue
        for bucket, limit in (
            (("day", day), DAILY_DAYS),
            (("week", *_week(day)), WEEKLY_WEEKS * 7),
            (("month", day.year, day.month), MONTHLY_DAYS),
        ):
            if age <= limit and bucket not in taken:
                taken.add(bucket)
                keep.add(stamp)
    return keep
