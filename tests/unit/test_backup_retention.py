"""Thinning of automatic backups: all of today, a day for 14 days, a week for 8, a month for a year."""

from __future__ import annotations

from datetime import datetime, timedelta

from bpjs_desktop.domain.backup_retention import backups_to_keep

NOW = datetime(2026, 12, 7, 15, 0)  # a Monday


def test_every_backup_of_today_is_kept() -> None:
    """Three backups this morning and one a minute ago: all four stay."""
    today = [NOW.replace(hour=h, minute=m) for h, m in ((8, 0), (8, 30), (11, 0), (14, 59))]
    assert backups_to_keep(today, NOW) == set(today)


def test_only_the_newest_of_each_of_the_last_14_days_is_kept() -> None:
    """Yesterday at 9:00 and 17:00: the 17:00 copy (the day's last state) stays, 9:00 goes."""
    morning = datetime(2026, 12, 6, 9, 0)
    evening = datetime(2026, 12, 6, 17, 0)
    two_weeks = datetime(2026, 11, 23, 12, 0)  # 14 days ago: still a daily one
    assert backups_to_keep([morning, evening, two_weeks], NOW) == {evening, two_weeks}


def test_beyond_14_days_one_a_week_for_8_weeks() -> None:
    """Every evening of the ISO week 2 – 8 November (29 to 35 days ago): only Sunday's stays."""
    week = [datetime(2026, 11, day, 18, 0) for day in range(2, 9)]
    assert backups_to_keep(week, NOW) == {datetime(2026, 11, 8, 18, 0)}


def test_beyond_8_weeks_one_a_month_for_a_year_then_none() -> None:
    """Two in March 2026 (the 31st stays), one in December 2025 (a year ago less a day:
    kept), one in November 2025 (over a year: gone)."""
    march = [datetime(2026, 3, 2, 10, 0), datetime(2026, 3, 31, 10, 0)]
    last_december = datetime(2025, 12, 8, 10, 0)
    too_old = datetime(2025, 11, 30, 10, 0)
    kept = backups_to_keep([*march, last_december, too_old], NOW)
    assert kept == {datetime(2026, 3, 31, 10, 0), last_december}


def test_half_hourly_backups_for_a_year_thin_to_about_three_dozen() -> None:
    """A backup every 30 minutes of office hours (8–16) every day for a year: today's 17 and at
    most 14 + 8 + 13 older ones remain, never one older than a year."""
    stamps = [
        (NOW - timedelta(days=day)).replace(hour=8, minute=0) + timedelta(minutes=30 * n)
        for day in range(0, 400)
        for n in range(17)
    ]
    stamps = [s for s in stamps if s <= NOW]
    kept = backups_to_keep(stamps, NOW)
    today = {s for s in kept if s.date() == NOW.date()}
    assert len(today) == 15  # 8:00 … 15:00, those not after now
    assert len(kept - today) <= 14 + 8 + 13
    assert min(kept) >= NOW - timedelta(days=366)


def test_thinning_never_brings_back_what_it_dropped() -> None:
    """Kept today, judged again tomorrow: the second set is a subset of the first (a rule that
    swapped a kept backup for another would lose the one it dropped yesterday)."""
    stamps = [NOW - timedelta(hours=7 * n) for n in range(400)]
    today_kept = backups_to_keep(stamps, NOW)
    tomorrow_kept = backups_to_keep(today_kept, NOW + timedelta(days=1))
    assert tomorrow_kept <= today_kept
    assert backups_to_keep(stamps, NOW + timedelta(days=1)) == tomorrow_kept


def test_a_backup_from_the_future_is_kept() -> None:
    """The computer's clock was set back: a backup stamped tomorrow is never the one to lose."""
    future = NOW + timedelta(days=1)
    assert backups_to_keep([future], NOW) == {future}
