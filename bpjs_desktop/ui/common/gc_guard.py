"""Python's cyclic garbage collection, run on the GUI thread only.

WORKAROUND: with PySide6 6.12, a collection that starts in a worker thread (a background Task
allocating SQLAlchemy objects) while the GUI thread destroys a widget tree can crash the process:
shiboken's traverse function reads Qt objects that are being torn down (seen under gdb:
``visit_decref`` in libshiboken6 on a pooled thread, ``QWidget::~QWidget`` on the GUI thread).
qutebrowser met the same class of problem with PyQt and solved it this way
(``qutebrowser/misc/objects.py``'s garbage collector): turn automatic collection off and run it
from a timer on the GUI thread, with the same generation thresholds Python would use.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer

INTERVAL_MS = 500


class GarbageCollector(QObject):
    """Collects on the GUI thread every half second, when Python would have collected."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.thresholds = gc.get_threshold()
        gc.disable()
        self.timer = QTimer(self)
        self.timer.setInterval(INTERVAL_MS)
        self.timer.timeout.connect(self.collect_if_due)
        self.timer.start()

    def collect_if_due(self) -> None:
        counts = gc.get_count()
        if counts[0] <= self.thresholds[0]:
            return
        generation = 0
        if counts[1] > self.thresholds[1]:
            generation = 1
            if counts[2] > self.thresholds[2]:
                generation = 2
        gc.collect(generation)

    def stop(self) -> None:
        self.timer.stop()
        gc.enable()


_instance: GarbageCollector | None = None


def install(app: QObject) -> GarbageCollector:
    """Start collecting on the GUI thread (once per application)."""
    global _instance
    if _instance is None:
        _instance = GarbageCollector(app)
    return _instance


def settle() -> None:
    """After start-up's imports: collect once, then move what is left to the permanent generation
    (``gc.freeze``: modules, classes, the ORM's registry, all living as long as the app), so that
    the collections of the working day walk only what the work allocates. The first full
    collection after start-up walked all of it: some 45 ms on the GUI thread, just as the window
    showed. Called while the user types their password."""
    gc.collect()
    gc.freeze()
