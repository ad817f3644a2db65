"""The pages' one way to read in the background: the latest request wins."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QWidget

from bpjs_desktop.errors import KnownError
from bpjs_desktop.ui.common import loader as loader_module
from bpjs_desktop.ui.common.loader import Loader
from bpjs_desktop.ui.common.tasks import Task, TaskContext

TIMEOUT_MS = 5_000


@pytest.fixture
def page(qtbot) -> QWidget:
    widget = QWidget()
    qtbot.addWidget(widget)
    return widget


@pytest.fixture
def gate() -> Iterator[threading.Event]:
    """Holds a request's work until the test releases it (always released at the end)."""
    event = threading.Event()
    yield event
    event.set()


def held(gate: threading.Event, answer: str) -> str:
    gate.wait(TIMEOUT_MS / 1000)
    return answer


def test_two_quick_requests_show_the_second_even_when_the_first_finishes_last(
    qtbot, page: QWidget, gate: threading.Event
) -> None:
    """The user picks March, then at once April; March's reading is slow and comes back after
    April's: the page shows April, and March's late answer is dropped."""
    loader = Loader(page)
    shown: list[str] = []

    loader.request(held, gate, "Maret", on_done=shown.append)
    loader.request(lambda: "April", on_done=shown.append)
    qtbot.waitUntil(lambda: shown == ["April"], timeout=TIMEOUT_MS)
    assert not loader.busy  # the newest reading has answered

    gate.set()  # March's answer arrives now, last
    qtbot.waitUntil(lambda: loader.dropped == 1, timeout=TIMEOUT_MS)
    qtbot.waitUntil(Task.idle, timeout=TIMEOUT_MS)
    assert shown == ["April"]


def test_a_superseded_request_is_asked_to_stop(qtbot, page: QWidget) -> None:
    """Work that checks for cancellation can stop early once a newer request replaced it."""
    loader = Loader(page)
    stopped = threading.Event()
    started = threading.Event()

    def slow(context: TaskContext) -> str:
        started.set()
        while not context.cancelled():
            if stopped.wait(0.01):
                break
        stopped.set()
        return "lama"

    shown: list[str] = []
    loader.request_work(slow, on_done=shown.append)
    assert started.wait(TIMEOUT_MS / 1000)
    loader.request(lambda: "baru", on_done=shown.append)
    qtbot.waitUntil(stopped.is_set, timeout=TIMEOUT_MS)
    qtbot.waitUntil(Task.idle, timeout=TIMEOUT_MS)
    qtbot.waitUntil(lambda: shown == ["baru"], timeout=TIMEOUT_MS)


def test_only_the_newest_failure_is_reported(qtbot, page: QWidget, gate: threading.Event) -> None:
    """A superseded reading that fails says nothing; the newest one's failure is shown."""
    loader = Loader(page)
    errors: list[str] = []

    def fails_late() -> None:
        gate.wait(TIMEOUT_MS / 1000)
        raise KnownError("lama")

    def fails_now() -> None:
        raise KnownError("baru")

    loader.request(fails_late, on_done=print, on_error=lambda e: errors.append(str(e)))
    loader.request(fails_now, on_done=print, on_error=lambda e: errors.append(str(e)))
    qtbot.waitUntil(lambda: errors == ["baru"], timeout=TIMEOUT_MS)
    gate.set()
    qtbot.waitUntil(lambda: loader.dropped == 1, timeout=TIMEOUT_MS)
    assert errors == ["baru"]


def test_a_failure_goes_to_show_error_by_default(qtbot, page: QWidget, monkeypatch) -> None:
    """Without an on_error the page's user sees the message (the common error dialog)."""
    shown: list[tuple[object, str]] = []
    monkeypatch.setattr(
        loader_module, "show_error", lambda parent, error: shown.append((parent, str(error)))
    )
    loader = Loader(page)

    def fails() -> None:
        raise KnownError("Database sedang sibuk.")

    loader.request(fails, on_done=print)
    qtbot.waitUntil(lambda: bool(shown), timeout=TIMEOUT_MS)
    assert shown == [(page, "Database sedang sibuk.")]


def test_busy_flips_once_per_wait_and_cancel_ends_it(
    qtbot, page: QWidget, gate: threading.Event
) -> None:
    """The busy indicator goes on at the first request and off when the newest one answers;
    a cancelled wait ends it too, and the cancelled answer never arrives."""
    loader = Loader(page)
    states: list[bool] = []
    loader.busy_changed.connect(states.append)
    shown: list[str] = []

    loader.request(held, gate, "satu", on_done=shown.append)
    loader.request(held, gate, "dua", on_done=shown.append)
    assert states == [True]
    loader.cancel()
    assert states == [True, False]
    gate.set()
    qtbot.waitUntil(lambda: loader.dropped == 2, timeout=TIMEOUT_MS)
    assert shown == []

    with qtbot.waitSignal(loader.busy_changed, timeout=TIMEOUT_MS) as blocker:
        loader.request(lambda: "tiga", on_done=shown.append)
    assert blocker.args == [True]
    qtbot.waitUntil(lambda: shown == ["tiga"], timeout=TIMEOUT_MS)
    assert states == [True, False, True, False]
