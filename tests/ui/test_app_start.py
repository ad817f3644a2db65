"""Starting the app as ``bpjs-desktop --db FILE`` does (app.run_gui): the file opened under this
copy's lock, the sign-in asked, the window shown with the month's figures and the check of the
file after them; quitting closes the database and lets go of the lock."""

from __future__ import annotations

import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QLocale, QTimer
from PySide6.QtWidgets import QApplication

from bpjs_desktop import app as app_module
from bpjs_desktop.db.engine import sqlite_url
from bpjs_desktop.services import backup, db_lock
from bpjs_desktop.services.demo.plan import DEMO_PASSWORD
from bpjs_desktop.ui.common import qt_texts
from bpjs_desktop.ui.common.tasks import Task
from bpjs_desktop.ui.login import LoginDialog
from bpjs_desktop.ui.main_window import MainWindow


@pytest.fixture
def started_as_the_app(qapp: QApplication, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """What run_gui changes in the process (its crash handler, Qt's texts, the default locale)
    is put back afterwards, and every window it opened is closed."""
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    locale = QLocale()
    yield
    for window in list(MainWindow.open_windows):
        window.backup_on_exit = False
        window.close()
        window.deleteLater()
    MainWindow.open_windows.clear()
    qt_texts.uninstall()
    QLocale.setDefault(locale)


def test_the_app_signs_in_shows_the_overview_then_checks_the_file(
    qapp: QApplication,
    qtbot,
    started_as_the_app: None,
    monkeypatch: pytest.MonkeyPatch,
    demo_file: Path,
    tmp_path: Path,
) -> None:
    path = tmp_path / "kantor.sqlite"
    shutil.copyfile(demo_file, path)
    monkeypatch.setenv("BPJS_DATA_DIR", str(tmp_path / "app-data"))
    events: list[str] = []

    def answer(dialog: LoginDialog) -> int:
        """The user types the demo password and presses Masuk (the real check of it)."""
        events.append("sign-in")
        dialog.password_edit.setText(DEMO_PASSWORD)
        dialog.login_button.click()
        return int(dialog.result())

    monkeypatch.setattr(LoginDialog, "exec", answer)
    real_check = backup.quick_check

    def check(checked: Path) -> tuple[bool, str]:
        shown = any(w.overview_page.summary is not None for w in MainWindow.open_windows)
        events.append("check after the figures" if shown else "check before the figures")
        return real_check(checked)

    monkeypatch.setattr(backup, "quick_check", check)
    seen: list[MainWindow] = []

    def quit_when_done() -> None:
        """Quit once a window shows its figures and the check has run, as a user closing it."""
        windows = [w for w in MainWindow.open_windows if w.isVisible()]
        shown = bool(windows) and windows[0].overview_page.summary is not None
        if shown and events[-1:] != ["sign-in"] and Task.idle():
            seen.append(windows[0])
            windows[0].backup_on_exit = False
            QApplication.instance().quit()

    poll = QTimer()
    poll.timeout.connect(quit_when_done)
    poll.start(20)
    QTimer.singleShot(60_000, QApplication.instance().quit)  # never hang the suite

    status = app_module.run_gui(sqlite_url(path))
    poll.stop()

    assert status == 0
    assert events == ["sign-in", "check after the figures"]
    (window,) = seen
    assert window.session is None or window.session.lock is None  # closed on the way out
    assert window.overview_page.summary is not None
    assert window.overview_page.summary.total.employers_active > 0
    assert not db_lock.lock_path(path).exists()  # the lock let go
