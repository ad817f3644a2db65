"""Start-up on the full regional database (issue #14), each as a ratio to an empty QMainWindow
shown by a fresh process on the same machine in the same run:

- start to a usable main window (goal ≤ 3 ×);
- start to the overview's figures on screen (goal ≤ 5 ×; the figures come from the monthly
  facts).

The probe starts the app by its own entry point (``bpjs-desktop --db FILE``) and answers its
sign-in dialog as a user does: it types the demo password key by key, at 150 ms a key (about
80 words a minute, a quick typist), and presses Enter (the real Argon2id check). Both figures
are the time the user waits, the way they live it: from starting the app to the sign-in
dialog on screen and ready to type, plus from pressing Enter to the window (or the figures).
The 1.5 s of typing in between is the user's, not the app's: the app opens the database and
loads the window's modules behind the dialog meanwhile (ui/login.start_session), and if that
is not done when Enter is pressed, the rest of it is in the wait. The whole time from start to
window, typing included, is printed too. Works on a copy of the scale-1 demo (signing in writes
to the audit trail). Every figure is the median of five fresh processes, interleaved with the
baseline's.
"""

from __future__ import annotations

import compileall
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from bench.common import BIN, ROOT, ensure_full_demo, figure, private_copy, save

BASELINE = r"""
import json, os, time
t0 = time.perf_counter()
os.environ["QT_QPA_PLATFORM"] = "offscreen"
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication([])
window = QMainWindow()
window.resize(1280, 800)
window.show()
app.processEvents()
print(json.dumps({"window": time.perf_counter() - t0}))
"""

PROBE = r"""
import json, os, sys, time
t0 = time.perf_counter()
os.environ["QT_QPA_PLATFORM"] = "offscreen"
# The app as a user starts it, `bpjs-desktop --db FILE` (bpjs_desktop.cli.main, then app.run_gui:
# open the file under its lock, sign in, the window built, shown and start_working). Watched by
# subclasses of its sign-in dialog and main window put in their place: it answers the sign-in
# dialog as a user would (name and password typed, Masuk pressed: the real Argon2id check),
# notes when the main window has shown and handled the events of its showing, and when the
# overview's figures arrive.

marks = {}

def finish():
    if "window" in marks and "figures" in marks:
        window = marks.pop("window_object")
        marks["employers"] = window.overview_page.summary.total.employers_active
        window.backup_on_exit = False  # quitting is not measured: no backup on the way out
        window.backup_timer.stop()
        from PySide6.QtWidgets import QApplication
        QApplication.instance().quit()

def on_figures(_summary=None):
    marks.setdefault("figures", time.perf_counter() - t0)
    finish()

def on_window_ready():
    marks["window"] = time.perf_counter() - t0
    finish()

def type_password(dialog):
    # 150 ms a key, as a quick typist: the event loop runs between the keys, as it does for a user
    from PySide6.QtCore import Qt, QTimer
    from PySide6.QtTest import QTest

    marks["dialog"] = time.perf_counter() - t0  # shown, and the events of its showing handled
    keys = list("bpjs-demo")
    dialog.password_edit.setFocus()

    due = [time.perf_counter() + 0.150]

    def next_key():
        # How late the key's timer fired: the longest the dialog could not answer a key while
        # the app loaded behind it (a coarse timer's own slack is up to 5 %, 7.5 ms).
        late = time.perf_counter() - due[0]
        marks["typing_lag"] = max(marks.get("typing_lag", 0.0), late)
        if keys:
            QTest.keyClick(dialog.password_edit, keys.pop(0))
            due[0] = time.perf_counter() + 0.150
            QTimer.singleShot(150, next_key)
            return
        marks["database_ready_when_pressed"] = dialog.db is not None
        watch_main_window()
        marks["pressed"] = time.perf_counter() - t0
        QTest.keyClick(dialog.password_edit, Qt.Key.Key_Return)

    QTimer.singleShot(150, next_key)

# Watched from the app's own classes, not by an event filter on the application: a Python
# filter is called for every event of every object, and the first event of a widget class sent
# to Python makes PySide build that module's Python enums (179 of QtWidgets' at the sign-in
# dialog's first label: 45-70 ms, measured) - a cost of the probe, which a user never pays.
import bpjs_desktop.ui.login as login_module

class WatchedLogin(login_module.LoginDialog):
    def showEvent(self, event):
        super().showEvent(event)
        if "dialog" not in marks:
            from PySide6.QtCore import QTimer
            QTimer.singleShot(0, lambda: type_password(self))

login_module.LoginDialog = WatchedLogin

def watch_main_window():
    # Just before Enter. The window's module has been loaded behind the dialog by then; a run
    # where it had not says so (window_module_loaded_when_pressed), since its import here
    # falls before the press and so outside the wait.
    marks["window_module_loaded_when_pressed"] = "bpjs_desktop.ui.main_window" in sys.modules
    import bpjs_desktop.ui.main_window as window_module

    class WatchedWindow(window_module.MainWindow):
        def showEvent(self, event):
            super().showEvent(event)
            if "window_object" in marks:
                return
            from PySide6.QtCore import QTimer
            marks["window_object"] = self
            overview = self.overview_page
            if overview.summary is not None:
                on_figures()
            else:
                overview.summary_loaded.connect(on_figures)
            QTimer.singleShot(0, on_window_ready)  # once the show's events are handled

    window_module.MainWindow = WatchedWindow

from bpjs_desktop.cli import main

status = main(["--db", sys.argv[1]])
print(json.dumps({"status": status, **marks}))
"""


def run(script: str, *args: str, env: dict[str, str] | None = None) -> dict[str, float]:
    out = subprocess.run(
        [str(BIN / "python"), "-c", script, *args],
        capture_output=True,
        text=True,
        check=True,
        env=env,
    )
    result: dict[str, float] = json.loads(out.stdout.strip().splitlines()[-1])
    if "pressed" in result:  # the user's wait: to the dialog, and from Enter on
        for mark in ("window", "figures"):
            result[f"{mark}_wait"] = result["dialog"] + result[mark] - result["pressed"]
    if result.get("status", 0) != 0 or "window" not in result:
        raise RuntimeError(f"the app did not start (status {result.get('status')}):\n{out.stderr}")
    return result


def main() -> int:
    source = ensure_full_demo()
    # Byte-compiled, as an installed app is (with PYTHONDONTWRITEBYTECODE set, a checkout would
    # otherwise compile every module of the app at every start).
    compileall.compile_dir(str(ROOT / "bpjs_desktop"), quiet=1)
    # And its message catalogues compiled, as `make run` and the package have them (without the
    # .mo files every start compiles the Indonesian .po in memory: some 0.1 s of Babel).
    subprocess.run([str(BIN / "python"), str(ROOT / "tools" / "catalogues.py"), "compile"],
                   check=True, capture_output=True)  # fmt: skip
    with tempfile.TemporaryDirectory(prefix="bench-startup-", dir=source.parent) as tmp:
        folder = Path(tmp)
        db = private_copy(source, folder)
        env = {**os.environ, "BPJS_DATA_DIR": str(folder / "app-data")}
        run(PROBE, str(db), env=env)  # once unmeasured: brings the copy up to date, warms caches
        baselines, runs = [], []
        for _ in range(5):  # interleaved, so that a busy moment of the machine hits both
            baselines.append(run(BASELINE, env=env)["window"])
            runs.append(run(PROBE, str(db), env=env))
    baseline = statistics.median(baselines)
    window = statistics.median(r["window_wait"] for r in runs)
    figures = statistics.median(r["figures_wait"] for r in runs)
    report = {
        "window_usable": figure(window, baseline, "an empty QMainWindow shown", 3),
        "overview_figures": figure(figures, baseline, "an empty QMainWindow shown", 5),
        "window_wait_seconds_all": [round(r["window_wait"], 3) for r in runs],
        "figures_wait_seconds_all": [round(r["figures_wait"], 3) for r in runs],
        "to_sign_in_dialog_seconds_all": [round(r["dialog"], 3) for r in runs],
        "window_with_typing_seconds_all": [round(r["window"], 3) for r in runs],
        "database_ready_when_enter_pressed": [r["database_ready_when_pressed"] for r in runs],
        "window_module_loaded_when_enter_pressed": [
            r["window_module_loaded_when_pressed"] for r in runs
        ],
        "longest_key_delay_while_loading_seconds_all": [round(r["typing_lag"], 3) for r in runs],
        "baseline_seconds_all": [round(b, 3) for b in baselines],
        "employers_shown": runs[0]["employers"],
        "note": "the user's wait (start to sign-in dialog, then Enter to window), 1.5 s of "
        "typing between them not counted; includes one Argon2id check",
    }
    print(save("startup", report))
    return 0 if window <= 3 * baseline and figures <= 5 * baseline else 1


if __name__ == "__main__":
    sys.exit(main())
