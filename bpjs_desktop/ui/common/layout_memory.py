"""Layouts remembered between sessions (issue #15 item 5): table columns and splitters.

A table's column layout (widths, order, sort indicator: ``QHeaderView.saveState``) and a
splitter's sizes are kept in QSettings under ``layout/<key>/...``, restored when the widget is
built and saved when the user changes them (debounced: a drag of a column edge sends hundreds of
``sectionResized``), at the latest when the widget is hidden (its dialog or window closes).

A state saved for another set of columns (a later version added or removed one) is ignored:
``restoreState`` of a mismatched header can hide or squash columns, so the column count is kept
beside the state and checked first.
"""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import QByteArray, QEvent, QObject, QSettings, QTimer
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QSplitter

# How long after the last change the layout is written (a drag sends many signals).
SAVE_DELAY_MS = 400

_PREFIX = "layout"
# The dynamic property that marks a header or splitter whose saved layout was applied.
_RESTORED = "layout_restored"


def _state_key(key: str) -> str:
    return f"{_PREFIX}/{key}/state"


def _count_key(key: str) -> str:
    return f"{_PREFIX}/{key}/count"


class _Memory(QObject):
    """Saves one widget's layout a moment after its last change; parented to the widget."""

    def __init__(self, parent: QObject, key: str, count_of: QHeaderView | QSplitter) -> None:
        super().__init__(parent)
        self.key = key
        self.widget = count_of
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(SAVE_DELAY_MS)
        self.timer.timeout.connect(self.save)
        # A dialog closed right after a drag: its widgets are hidden before they are destroyed.
        count_of.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if not self._alive():
            return False
        if event.type() == QEvent.Type.Hide and self.timer.isActive():
            self.save()
        return False

    def _alive(self) -> bool:
        """The header or splitter still exists (a dialog tears its children down while events
        for them are still being delivered, and a garbage collection may already have cleared
        this object's attributes while Qt still passes it the widget's last events)."""
        widget = getattr(self, "widget", None)
        return (
            widget is not None
            and getattr(self, "timer", None) is not None
            and shiboken6.isValid(self)
            and shiboken6.isValid(widget)
        )

    def count(self) -> int:
        return self.widget.count() if self._alive() else 0

    def restore(self) -> bool:
        """Restore the saved state if it was saved for as many columns (or panes) as now."""
        settings = QSettings()
        state = settings.value(_state_key(self.key))
        # INI files give the count back as a string, the registry as an int.
        try:
            count = int(str(settings.value(_count_key(self.key), -1)))
        except ValueError:
            return False
        if not isinstance(state, QByteArray) or count != self.count() or count <= 0:
            return False
        restored = bool(self.widget.restoreState(state))
        self.widget.setProperty(_RESTORED, restored)
        return restored

    def changed(self, *_args: object) -> None:
        self.timer.start()

    def save(self) -> None:
        if not self._alive():
            return
        self.timer.stop()
        if self.count() <= 0:
            return
        settings = QSettings()
        settings.setValue(_state_key(self.key), self.widget.saveState())
        settings.setValue(_count_key(self.key), self.count())


def remember_header(view: QAbstractItemView | QHeaderView, key: str) -> None:
    """Keep a table's column layout under ``key`` (use the table's stable objectName).

    Call it once the model is set. If the header has no columns yet (the model comes later),
    the state is restored when the columns first appear.
    """
    header = view if isinstance(view, QHeaderView) else view.horizontalHeader()  # type: ignore[attr-defined]
    memory = _Memory(header, key, header)

    def connect_saving() -> None:
        header.sectionResized.connect(memory.changed)
        header.sectionMoved.connect(memory.changed)
        header.sortIndicatorChanged.connect(memory.changed)

    if header.count() > 0:
        memory.restore()
        connect_saving()
        return

    def on_count_changed(_old: int, new: int) -> None:
        if new <= 0:
            return
        header.sectionCountChanged.disconnect(on_count_changed)
        memory.restore()
        connect_saving()

    header.sectionCountChanged.connect(on_count_changed)


def layout_remembered(view: QAbstractItemView | QHeaderView | QSplitter) -> bool:
    """Whether the user's saved layout was applied to this table (or splitter).

    Tables that size their columns to the rows they load skip that when it was: the widths the
    user left are theirs, not the fit of the first load.
    """
    if isinstance(view, QAbstractItemView) and not isinstance(view, QHeaderView):
        view = view.horizontalHeader()  # type: ignore[attr-defined]
    return bool(view.property(_RESTORED))


def remember_splitter(splitter: QSplitter, key: str) -> None:
    """Keep a splitter's pane sizes under ``key``; call it after its panes are added.

    The sizes are restored when the splitter is first shown: before that it has no width of its
    own yet, and sizes set then come out squashed to the panes' minimums once the window lays out.
    """
    memory = _Memory(splitter, key, splitter)
    splitter.splitterMoved.connect(memory.changed)
    if splitter.isVisible():
        memory.restore()
        return
    splitter.installEventFilter(_RestoreOnShow(memory, splitter))


class _RestoreOnShow(QObject):
    """Restores a splitter's sizes at its first show event, then removes itself."""

    def __init__(self, memory: _Memory, parent: QSplitter) -> None:
        super().__init__(parent)
        self.memory = memory

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Show:
            watched.removeEventFilter(self)
            self.memory.restore()
            self.deleteLater()
        return False


def save_now(root: QObject) -> None:
    """Write every pending layout under ``root`` at once (the window is closing)."""
    for memory in root.findChildren(_Memory):
        if memory.timer.isActive():
            memory.save()
