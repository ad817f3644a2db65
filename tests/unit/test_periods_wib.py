"""Stored timestamps are UTC; the day a user reads is the day in Surabaya (WIB, UTC+7)."""

from __future__ import annotations

from datetime import UTC, datetime

from bpjs_desktop.domain.periods import date_wib


def test_an_evening_in_utc_is_already_tomorrow_in_wib() -> None:
    # 7 December 2026 17:30 UTC + 7 hours = 8 December 2026 00:30 WIB.
    assert date_wib(datetime(2026, 12, 7, 17, 30, tzinfo=UTC)).isoformat() == "2026-12-08"
    # SQLite gives the stored timestamp back without its zone: it is still UTC.
    assert date_wib(datetime(2026, 12, 7, 17, 30)).isoformat() == "2026-12-08"
    assert date_wib(datetime(2026, 12, 7, 16, 59)).isoformat() == "2026-12-07"
