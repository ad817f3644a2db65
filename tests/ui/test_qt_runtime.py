"""The Qt binding the app ships with can run all day: event processing does not eat Python's None.

PySide6 6.12.0 lost a reference to None on every processEvents() and two per nested event loop
(every dialog); Python 3.11 then aborts with "Fatal Python error: none_dealloc" after a few
thousand — a crash after some hours of use. pyproject.toml excludes that version.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QCoreApplication, QEventLoop, QTimer


def test_processing_events_keeps_every_reference_to_none(qapp) -> None:
    before = sys.getrefcount(None)
    for _ in range(500):
        QCoreApplication.processEvents()
    assert before - sys.getrefcount(None) < 50


def test_nested_event_loops_keep_every_reference_to_none(qapp) -> None:
    """What every modal dialog does: run a nested loop until it is closed."""
    before = sys.getrefcount(None)
    for _ in range(200):
        loop = QEventLoop()
        QTimer.singleShot(0, loop.quit)
        loop.exec()
    assert before - sys.getrefcount(None) < 50
