"""One way for a page to read in the background: the latest request wins.

A page asks its :class:`Loader` for data (``loader.request(service_fn, *args, on_done=...)``)
whenever the user changes what it shows: another month, another office, another employer.
The user may change it again before the first reading is back; the older reading is then
superseded: it is asked to stop (:meth:`TaskContext.cancelled`), and whatever it returns, or
raises, is dropped, even when it arrives after the newer one. Only the newest request's result
reaches ``on_done``; its failure goes to ``on_error`` or, by default, to :func:`show_error`.

This replaces the pages' own pending flags and generation counters, which each did the same
in a slightly different way (one queued the newest wish, one counted generations, one ignored
clicks while busy). The work runs as a :class:`~bpjs_desktop.ui.common.tasks.Task`, so the
rules of the task runner hold: the work never touches a widget and opens its own sessions.

``busy_changed(bool)`` says when the page is waiting for a reading (a busy indicator: a
disabled "Muat ulang" button, a status text); it flips once per wait, not once per request.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from bpjs_desktop.ui.common.tasks import Task, TaskContext
from bpjs_desktop.ui.common.widgets import show_error


class Loader(QObject):
    """Runs a page's background readings; only the newest one's answer is delivered.

    Signals:
        busy_changed(bool): True when a reading starts with none outstanding, False when the
            newest reading has answered (or was cancelled).
    """

    busy_changed = Signal(bool)

    def __init__(self, parent: QObject) -> None:
        # The page is the parent (through this loader, of every Task): the Tasks' C++ objects
        # are then deleted on the GUI thread, with the page, never by a worker thread.
        super().__init__(parent)
        self._serial = 0
        self._task: Task | None = None
        self._busy = False
        self.requests = 0  # for tests and benchmarks: how many readings were started
        self.dropped = 0  # ...and how many answers arrived after a newer request

    @property
    def busy(self) -> bool:
        return self._busy

    def request(
        self,
        fn: Callable[..., Any],
        *args: Any,
        on_done: Callable[[Any], None],
        on_error: Callable[[BaseException], None] | None = None,
        **kwargs: Any,
    ) -> Task:
        """Read ``fn(*args, **kwargs)`` in the background, superseding any earlier request.

        *fn* is typically a service function (``perisai.list_agents``); its arguments are
        values taken on the GUI thread now (the chosen month, ``session.db``), never widgets.
        """
        return self.request_work(
            lambda _context: fn(*args, **kwargs), on_done=on_done, on_error=on_error
        )

    def request_work(
        self,
        work: Callable[[TaskContext], Any],
        *,
        on_done: Callable[[Any], None],
        on_error: Callable[[BaseException], None] | None = None,
        on_progress: Callable[[int, str], None] | None = None,
    ) -> Task:
        """As :meth:`request`, for work that reports progress or checks for cancellation."""
        if self._task is not None:
            self._task.cancel()  # it may stop early; its answer is dropped either way
        self._serial += 1
        serial = self._serial
        task = Task(work, self)
        task.finished.connect(lambda result: self._on_finished(serial, result, on_done))
        task.failed.connect(lambda error: self._on_failed(serial, error, on_error))
        task.cancelled.connect(lambda: self._on_cancelled(serial))
        if on_progress is not None:
            task.progress.connect(
                lambda percent, text: on_progress(percent, text) if serial == self._serial else None
            )
        self._task = task
        self.requests += 1
        self._set_busy(True)
        return task.start()

    def cancel(self) -> None:
        """Drop whatever is being read (what it was for is no longer wanted)."""
        if self._task is not None:
            self._task.cancel()
        self._task = None
        self._serial += 1
        self._set_busy(False)

    # --- answers -------------------------------------------------------------------------------
    def _current(self, serial: int) -> bool:
        if serial != self._serial:
            self.dropped += 1
            return False
        self._task = None
        self._set_busy(False)
        return True

    def _on_finished(self, serial: int, result: Any, on_done: Callable[[Any], None]) -> None:
        if self._current(serial):
            on_done(result)

    def _on_failed(
        self,
        serial: int,
        error: BaseException,
        on_error: Callable[[BaseException], None] | None,
    ) -> None:
        if not self._current(serial):
            return
        if on_error is not None:
            on_error(error)
            return
        parent = self.parent()
        show_error(parent if isinstance(parent, QWidget) else None, error)

    def _on_cancelled(self, serial: int) -> None:
        self._current(serial)

    def _set_busy(self, busy: bool) -> None:
        if busy != self._busy:
            self._busy = busy
            self.busy_changed.emit(busy)
