"""The office's "today": the real date, or the *as of* date of a demo database.

A demo database describes one office day (30/04/2018, stored by ``services/demo/`` as the
``demo`` setting). Forms that default to "today" and pages that show a figure "as of" today read
this day, so a demo shows 2018 throughout instead of mixing 2018 data with the wall clock (issue
#13 item 4). Real timestamps (audit, ``created_at``) and "not after today" checks keep the real
clock: a date in 2018 is never in the future of a demo, and a real office never has the marker.
"""

from __future__ import annotations

from datetime import date

from bpjs_desktop.db.engine import Database
from bpjs_desktop.services.work_calendar import reference_date


def office_today(db: Database) -> date:
    """Today in WIB, or the demo's *as of* date when *db* is a demo database."""
    with db.read() as session:
        return reference_date(session)
