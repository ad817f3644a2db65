"""The Qt binding the app ships with can run all day: event processing does not eat Python's None.

PySide6 6.12.0 lost a reference to None on every processEvents() and two per nested event loop
(every dialog); Python 3.11 then aborts with "Fatal Python error: none_dealloc" after a few
thousand — a crash after some hours of use. pyproject.toml excludes that version.
"""

from __future__ import annotations

import gc
import sys

from PySide6.QtCore import QCoreApplication, QEvent, QEventLoop, QTimer


def _settle() -> None:
    """Deliver pending deletions and collect garbage, before counting references to None."""
    for _ in range(3):
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        QCoreApplication.processEvents()
        gc.collect()


def test_processing_events_keeps_every_reference_to_none(qapp) -> None:
    _settle()
    gc.disable()
    try:
        before = sys.getrefcount(None)
        for _ in range(500):
            QCoreApplication.processEvents()
        assert before - sys.getrefcount(None) < 50
    finally:
        gc.enable()


def test_nested_event_loops_keep_every_reference_to_none(qapp) -> None:
    """What every modal dialog does: run a nested loop until it is closed.

    Objects other tests left to be deleted or collected also let go of None when they go: they
    are cleared first, and the collector waits, so that only the loops are measured."""
    _settle()
    gc.disable()
    try:
        before = sys.getrefcount(None)
        for _ in range(200):
            loop = QEventLoop()
            QTimer.singleShot(0, loop.quit)
            loop.exec()
        assert before - sys.getrefcount(None) < 50
    finally:
        gc.enable()
