"""One way to run work off the GUI thread (Picard's ``run_task``, Anki's ``QueryOp``).

A :class:`Task` wraps a plain function that takes a :class:`TaskContext` (for progress and
cancellation) and returns a value. It runs on the global ``QThreadPool``; ``finished``,
``failed`` and ``progress`` arrive on the GUI thread through queued signals. The worker never
touches a widget and opens its own database sessions (a session belongs to one thread).

Tests may set ``Task.synchronous = True`` to run everything inline, in order.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any, ClassVar

import shiboken6
from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from bpjs_desktop.errors import KnownError, traceback_without_messages

log = logging.getLogger(__name__)


class TaskCancelled(KnownError):
    """The user pressed Cancel."""


class TaskContext:
    """Handed to the work function: report progress, ask whether to stop."""

    def __init__(self, task: Task) -> None:
        self._task = task

    def progress(self, percent: int, message: str = "") -> None:
        self._task.progress.emit(int(percent), message)

    def cancelled(self) -> bool:
        return self._task.is_cancelled()

    def check(self) -> None:
        if self.cancelled():
            raise TaskCancelled("")


class _Runnable(QRunnable):
    def __init__(self, task: Task) -> None:
        super().__init__()
        self.task = task
        self.setAutoDelete(True)

    def run(self) -> None:
        self.task._execute()


class Task(QObject):
    """A unit of background work.

    Signals:
        progress(int, str): percent done and what is being done.
        finished(object): the work function's return value.
        failed(object): the exception (a KnownError for the user, anything else is a bug).
        cancelled(): the work stopped because the user asked.
    """

    progress = Signal(int, str)
    finished = Signal(object)
    failed = Signal(object)
    cancelled = Signal()

    synchronous = False  # tests: run inline
    _running: ClassVar[set[Task]] = set()  # keep Python wrappers alive while a worker thread runs
    _executing = 0  # work functions executing right now, on any thread
    _executing_lock = threading.Lock()

    def __init__(self, work: Callable[[TaskContext], Any], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._work = work
        self._cancel = threading.Event()
        # Connected first, so that the bookkeeping runs before the owner's own slots (which may
        # close the owner, and with it drop this Task's still-queued signals).
        for signal in (self.finished, self.failed, self.cancelled):
            signal.connect(self._forget)

    def cancel(self) -> None:
        self._cancel.set()

    def is_cancelled(self) -> bool:
        return self._cancel.is_set()

    @classmethod
    def idle(cls) -> bool:
        """True when no work function is executing (call on the GUI thread).

        Counted where the work runs, not from the ``finished`` signals: a queued signal to a
        Task whose owner was deleted in the meantime is dropped by Qt, so it cannot be the only
        sign that a worker is done. Wrappers of Tasks deleted that way are let go here.
        """
        Task._running = {task for task in Task._running if shiboken6.isValid(task)}
        return cls._executing == 0

    @classmethod
    def stop_all(cls, timeout_ms: int = 60_000) -> bool:
        """Ask every running task to stop and wait until none is executing (before the database
        they read goes away: a restore replaces the file under them). True if all stopped."""
        for task in list(cls._running):
            if shiboken6.isValid(task):
                task.cancel()
        return QThreadPool.globalInstance().waitForDone(timeout_ms)

    def start(self) -> Task:
        Task._running.add(self)
        with Task._executing_lock:
            Task._executing += 1
        if Task.synchronous:
            self._execute()
        else:
            QThreadPool.globalInstance().start(_Runnable(self))
        return self

    def _execute(self) -> None:
        try:
            self._run()
        except RuntimeError as exc:
            # The Task's owner (a page, a dialog) was closed while the work ran: the signals
            # have no C++ object left to leave from, and nobody is waiting for the result.
            if "deleted" not in str(exc):
                raise
            log.debug("background task outlived its owner: %s", exc)
            Task._running.discard(self)  # no signal can reach _forget any more
        finally:
            with Task._executing_lock:
                Task._executing -= 1

    def _run(self) -> None:
        try:
            result = self._work(TaskContext(self))
        except TaskCancelled:
            self.cancelled.emit()
        except BaseException as exc:
            if self.is_cancelled() and isinstance(exc, KnownError):
                self.cancelled.emit()
            else:
                if not isinstance(exc, KnownError):
                    # (without the exception's text: it may quote a NIK or a wage)
                    log.error("background task failed:\n%s", traceback_without_messages(exc))
                self.failed.emit(exc)
        else:
            # Work that returned has done what it did (a save is saved), even if Cancel was
            # pressed after its last check: report it as finished, never as cancelled.
            self.finished.emit(result)

    def _forget(self, *_args: object) -> None:
        Task._running.discard(self)
