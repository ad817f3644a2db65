"""An unexpected error: the user reads a friendly message, the log gets the traceback (and never
the data the error quoted); a known error is the user's to read and goes to no log."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox

from bpjs_desktop.errors import KnownError, ValidationError
from bpjs_desktop.ui.common.widgets import show_error
from tests.leaks import leaks

NIK = "3578015505900001"  # reads as a NIK (Surabaya, born 15/05/1990): tests/leaks.py flags it


@pytest.fixture
def shown(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The texts of the message boxes, which return at once instead of waiting for a click."""
    texts: list[str] = []

    def record(box: QMessageBox) -> int:
        texts.append(box.text())
        return 0

    monkeypatch.setattr(QMessageBox, "exec", record)
    return texts


def _save_worker(wage: int) -> None:
    try:
        raise ValueError(f"wage {wage} for NIK {NIK}")
    except ValueError as exc:
        raise RuntimeError(f"INSERT failed: parameters ('{NIK}', {wage})") from exc


def test_a_bug_is_logged_with_its_traceback_but_not_its_data(
    qtbot, shown: list[str], caplog: pytest.LogCaptureFixture, tmp_path: Path
) -> None:
    """The log names the exceptions and where they were raised (this test's _save_worker, both
    the cause and the error), and holds neither the NIK nor the wage the messages quoted."""
    wage = 7_250_000
    try:
        _save_worker(wage)
    except RuntimeError as exc:
        error = exc
    with caplog.at_level(logging.ERROR, logger="bpjs_desktop.ui.common.widgets"):
        show_error(None, error)

    assert shown == ["Terjadi kesalahan tak terduga; rinciannya tercatat di file log aplikasi."]
    [record] = caplog.records
    logged = record.getMessage()
    assert record.levelno == logging.ERROR
    assert "Traceback (most recent call last)" in logged
    assert "_save_worker" in logged
    assert logged.index("builtins.ValueError") < logged.index("builtins.RuntimeError")
    assert NIK not in logged
    assert "7250000" not in logged and "7_250_000" not in logged
    (tmp_path / "bpjs-desktop.log").write_text(logged, encoding="utf-8")
    assert leaks([tmp_path], tmp_path) == []


def test_a_known_error_is_shown_and_not_logged(
    qtbot, shown: list[str], caplog: pytest.LogCaptureFixture
) -> None:
    """A refusal or a wrong field is for the user, in their words; nothing goes to the log."""
    with caplog.at_level(logging.DEBUG, logger="bpjs_desktop.ui.common.widgets"):
        show_error(None, KnownError("Pemberi kerja 1234567 tidak ada"))
        show_error(None, ValidationError.single("wage", "Upah harus lebih dari nol"))

    assert shown == ["Pemberi kerja 1234567 tidak ada", "• Upah harus lebih dari nol"]
    assert caplog.records == []


def test_a_background_task_that_fails_logs_where_but_not_the_data_it_quoted(
    qtbot, caplog: pytest.LogCaptureFixture
) -> None:
    """A list's count or a save run on a worker: the task's failure reaches the page (its
    ``failed`` signal) and the log keeps the traceback, without the NIK or the wage quoted."""
    from bpjs_desktop.ui.common.tasks import Task

    wage = 7_250_000
    task = Task(lambda _context: _save_worker(wage))
    with (
        caplog.at_level(logging.ERROR, logger="bpjs_desktop.ui.common.tasks"),
        qtbot.waitSignal(task.failed, timeout=5_000) as failed,
    ):
        task.start()
    assert isinstance(failed.args[0], RuntimeError)
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert "_save_worker" in logged and "builtins.RuntimeError" in logged
    assert NIK not in logged
    assert "7250000" not in logged


def test_a_command_line_bug_is_logged_without_the_data_it_quoted(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """`bpjs-desktop nik …` hitting a bug ends with one line and a failing status; its log has
    the traceback without the NIK the error quoted."""
    from bpjs_desktop import cli

    def broken(*_args: object, **_kwargs: object) -> int:
        _save_worker(7_250_000)
        return 0

    monkeypatch.setitem(cli.COMMANDS, "nik", broken)
    with caplog.at_level(logging.ERROR, logger="bpjs_desktop.cli"):
        status = cli.main(["nik", NIK])
    assert status != 0
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert "_save_worker" in logged
    assert NIK not in logged and "7250000" not in logged
