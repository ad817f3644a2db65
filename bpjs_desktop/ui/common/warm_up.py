"""What the main window needs before it can show, done while the user types their password.

The sign-in dialog is up for a second or more (a name and a password typed), and the app uses
that time: the database opens and the services load on a worker (ui/login.Opening); what must
run on the GUI thread comes here, one step per turn of the event loop so that no keystroke
waits more than a step:

- the main window's modules (they define widgets);
- Qt's classes: PySide6 makes each binding's Python type, with its enums, the first time it is
  met (some 420 enums: 70-130 ms, measured, that the main window's first show paid);
- one garbage collection, then what is left frozen (gc_guard.settle).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable

from PySide6.QtCore import QTimer

from bpjs_desktop.ui.common import gc_guard


def _qt_module(name: str) -> Callable[[], None]:
    def touch() -> None:
        module = importlib.import_module(name)
        for attribute in dir(module):
            getattr(module, attribute)

    return touch


STEPS: tuple[Callable[[], object], ...] = (
    lambda: importlib.import_module("bpjs_desktop.ui.main_window"),
    _qt_module("PySide6.QtCore"),
    _qt_module("PySide6.QtGui"),
    _qt_module("PySide6.QtWidgets"),
    gc_guard.settle,
)


def start(steps: tuple[Callable[[], object], ...] = STEPS) -> None:
    """Run *steps* on the GUI thread, one per turn of the event loop."""
    if steps:
        steps[0]()
        QTimer.singleShot(0, lambda: start(steps[1:]))
