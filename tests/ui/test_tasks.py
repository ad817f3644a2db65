"""The background task runner's bookkeeping when the page that started a task goes away."""

from __future__ import annotations

import threading
import time

import shiboken6
from PySide6.QtWidgets import QWidget

from bpjs_desktop.ui.common.tasks import Task


def test_a_task_whose_owner_is_deleted_after_it_finished_is_not_counted_as_running(qtbot) -> None:
    """The work returns, its 'finished' is queued, then the owner is deleted before the queue
    runs (Qt drops the queued call): the runner is idle all the same and keeps no dead task.

    This was the CI failure of stop 7: a dead Task stayed in the running set forever, and every
    later wait for idle timed out."""
    owner = QWidget()
    release = threading.Event()
    task = Task(lambda _context: release.wait(5), owner).start()
    assert not Task.idle()

    release.set()
    deadline = time.monotonic() + 5
    while Task._executing and time.monotonic() < deadline:  # no event loop: signals stay queued
        time.sleep(0.01)
    shiboken6.delete(owner)  # the page is closed with 'finished' still in the queue
    assert not shiboken6.isValid(task)
    qtbot.wait(10)

    assert Task.idle()
    assert all(shiboken6.isValid(t) for t in Task._running)
