"""Working days from the public holidays kept in the database (the ``holiday`` table).

The holidays are data an office can correct (seeded by revision 0004 from the SKB lists in
``domain/calendar.py``); service-level clocks and due dates read them from here.
"""

from __future__ import annotations

import json
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from bpjs_desktop.db.models import Holiday, Setting
from bpjs_desktop.domain.calendar import WorkCalendar
from bpjs_desktop.domain.periods import today_wib
from bpjs_desktop.domain.service_level import FastCalendar


def work_calendar(session: Session) -> WorkCalendar:
    """Monday to Friday less the holidays of the database."""
    return WorkCalendar(session.scalars(select(Holiday.day)))


def fast_calendar(session: Session) -> FastCalendar:
    return FastCalendar(work_calendar(session))


def reference_date(session: Session) -> date:
    """The day clocks are read on: today, or the *as of* day of a demo database.

    A demo database describes one day (30/04/2018); read from today, every claim still open in it
    would be years late.
    """
    value = session.scalar(select(Setting.value).where(Setting.key == "demo"))
    today = today_wib()
    if value is None:
        return today
    try:
        return date.fromisoformat(str(json.loads(value).get("as_of", "")))
    except (ValueError, TypeError, AttributeError):
        return today
