"""The benchmarks' shared helpers (bench/common.py): every figure reaches the summary, with its
baseline and ratio or marked as having none; the waits end on the model's signals, whether the
list's first page is read at once or later."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pytest
from PySide6.QtCore import QObject, QTimer, Signal

from bench.common import (
    absolute,
    exit_code,
    figure,
    figures_of,
    format_figure,
    ms_figure,
    wait_first_page,
    wait_for,
    wait_signal,
)
from bpjs_desktop.ui.common.tables import Column, PagedModel


class _Numbers:
    """A plain page source of *n* numbers."""

    def __init__(self, n: int) -> None:
        self.n = n

    def count(self) -> int:
        return self.n

    def page(self, offset: int, limit: int, _sort: str | None, _desc: bool) -> Sequence[Any]:
        return list(range(offset, min(self.n, offset + limit)))


def test_a_figure_without_a_baseline_is_in_the_summary_and_says_so() -> None:
    section = {
        "open": figure(0.3, 0.1, "a bare query", 2),
        "rss": absolute(412.4, "MB", "no bare counterpart", 500),
        "rows": 12,
    }

    figures = figures_of(section)

    assert set(figures) == {"open", "rss"}
    assert format_figure("x.rss", figures["rss"]) == (
        "x.rss: 412.4 MB (absolute: no baseline) (limit < 500 MB: met)"
    )
    assert "300.0 ms = 3.00 × a bare query (100.0 ms) (goal ≤ 2 ×: NOT met)" in format_figure(
        "x.open", figures["open"]
    )
    assert exit_code(section) == 1  # the missed ratio fails the benchmark


def test_the_worst_case_figure_sets_the_slowest_time_against_the_typical_baseline() -> None:
    f = ms_figure([10, 40, 20], [1, 2, 40], "a bare lookup", 12, worst=True)

    assert (f["seconds"], f["baseline_seconds"], f["ratio"], f["met"]) == (0.04, 0.002, 20, False)


def test_the_wait_for_a_first_page_read_at_once_returns_at_once(qtbot) -> None:
    """A page that hands the model its count and first page (read already, as the employer
    page does) is shown at once: the wait must not wait for a signal that came before it."""
    model = PagedModel([Column("n", str)])
    numbers = _Numbers(1000)
    first = numbers.page(0, model.PAGE, None, False)

    wait_first_page(
        model, lambda: model.set_source(numbers, count=1000, first_page=first), timeout_ms=1
    )

    assert model.is_loaded(0) and model.rowCount() == 1000


def test_the_wait_for_a_first_page_read_later_ends_when_it_arrives(qtbot) -> None:
    model = PagedModel([Column("n", str)])

    def later() -> None:  # as a set_source that counts and reads on a worker thread
        QTimer.singleShot(50, lambda: model.set_source(_Numbers(30)))

    wait_first_page(model, later, timeout_ms=5_000)

    assert model.is_loaded(0) and model.rowCount() == 30


class _Emitter(QObject):
    ping = Signal()


def test_a_wait_nothing_answers_ends_with_a_timeout(qtbot) -> None:
    emitter = _Emitter()
    QTimer.singleShot(10, emitter.ping.emit)

    with pytest.raises(TimeoutError):
        wait_for((emitter.ping,), lambda: False, timeout_ms=100)


def test_a_signal_sent_during_the_action_or_after_it_ends_the_wait(qtbot) -> None:
    emitter = _Emitter()

    at_once = wait_signal(emitter.ping, emitter.ping.emit, timeout_ms=100)
    later = wait_signal(emitter.ping, lambda: QTimer.singleShot(20, emitter.ping.emit))

    assert later > at_once


def test_the_wait_for_an_empty_list_ends_when_it_is_counted(qtbot) -> None:
    """A filter that matches nothing has no first page to wait for: the count ends the wait."""
    model = PagedModel([Column("n", str)])

    wait_first_page(model, lambda: model.set_source(_Numbers(0)), timeout_ms=5_000)

    assert model.rowCount() == 0 and not model.loading
