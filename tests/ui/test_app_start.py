"""Starting the app as ``bpjs-desktop --db FILE`` does (cli.main, then app.run_gui): the sign-in
dialog on screen before the database layer is even loaded, the file opened behind it under this
copy's lock, the window shown with the month's figures and the check of the file after them;
quitting closes the database and lets go of the lock.

In a process of its own, as the app runs: run_gui takes over the QApplication (its event loop,
crash handler, translators), which the other widget tests share.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from bpjs_desktop.services import db_lock
from bpjs_desktop.services.demo.plan import DEMO_PASSWORD

ROOT = Path(__file__).resolve().parents[2]

# The user types the demo password and presses Masuk (the real check of it) once the dialog is
# on screen; once the window shows its figures and the check of the file has run, they quit.
START = r"""
import json, sys
from bpjs_desktop.app import make_application
app = make_application()  # what run_gui makes first (it takes this one): the timers need it
from PySide6.QtCore import QEvent, QObject, QTimer
from bpjs_desktop.cli import main

events = []
shown = {}

def answer(dialog):
    events.append("sign-in")
    dialog.password_edit.setText(sys.argv[2])
    dialog.login_button.click()

class Watch(QObject):
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Show and watched.objectName() == "login_dialog":
            shown["database_layer_loaded_at_sign_in"] = "sqlalchemy" in sys.modules
            QTimer.singleShot(0, lambda: answer(watched))
        return False

watch = Watch()
app.installEventFilter(watch)

def watch_window():
    from bpjs_desktop.ui.common.tasks import Task
    from bpjs_desktop.ui.main_window import MainWindow

    windows = [w for w in MainWindow.open_windows if w.isVisible()]
    if windows and windows[0].overview_page.summary is not None and len(events) == 2:
        if Task.idle():
            shown["employers"] = windows[0].overview_page.summary.total.employers_active
            windows[0].backup_on_exit = False
            app.quit()

def patch_check():  # once the services are loaded (behind the sign-in dialog)
    if "bpjs_desktop.services.backup" not in sys.modules:
        return QTimer.singleShot(5, patch_check)
    from bpjs_desktop.services import backup
    from bpjs_desktop.ui.main_window import MainWindow

    real_check = backup.quick_check

    def check(path):  # on the worker thread: are the figures on screen already?
        shown_now = any(w.overview_page.summary is not None for w in MainWindow.open_windows)
        events.append("check after the figures" if shown_now else "check before the figures")
        return real_check(path)

    backup.quick_check = check

patch_check()
poll = QTimer()
poll.timeout.connect(lambda: "bpjs_desktop.ui.main_window" in sys.modules and watch_window())
poll.start(5)
QTimer.singleShot(60_000, app.quit)
status = main(["--db", sys.argv[1]])
print(json.dumps({"status": status, "events": events, **shown}))
"""


def test_the_app_signs_in_shows_the_overview_then_checks_the_file(
    demo_file: Path, tmp_path: Path
) -> None:
    path = tmp_path / "kantor.sqlite"
    shutil.copyfile(demo_file, path)
    environment = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "BPJS_DATA_DIR": str(tmp_path / "app-data"),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),  # the window's settings stay here
        "PYTHONPATH": str(ROOT),
    }
    out = subprocess.run(
        [sys.executable, "-c", START, str(path), DEMO_PASSWORD],
        capture_output=True,
        text=True,
        env=environment,
        timeout=120,
    )
    assert out.returncode == 0, out.stderr
    result = json.loads(out.stdout.strip().splitlines()[-1])

    assert result["status"] == 0
    # What makes the start quick: the dialog is up before SQLAlchemy and the models are loaded.
    assert result["database_layer_loaded_at_sign_in"] is False
    # The check of the file waits for the overview's first figures (it reads the whole file).
    assert result["events"] == ["sign-in", "check after the figures"]
    assert result["employers"] > 0
    assert not db_lock.lock_path(path).exists()  # the lock let go on quitting
