"""Start-up on the full regional database (issue #14), each as a ratio to an empty QMainWindow
shown by a fresh process on the same machine in the same run:

- start to a usable main window: interpreter start, imports, opening the database, signing in
  (one Argon2id check, as a real sign-in), the window built, shown and its first events handled
  (goal ≤ 3 ×);
- start to the overview's figures on screen: on to the overview page's ``summary_loaded`` signal,
  waited for in the real event loop (goal ≤ 5 ×; the figures come from the monthly facts).

The probe starts the app by its own entry point (``bpjs-desktop --db FILE``) and answers its
sign-in dialog as a user would, so that any change to the start-up path is measured as the user
meets it. Works on a copy of the scale-1 demo (signing in writes to the audit trail). Every
figure is the median of five fresh processes.
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
# an event filter on the QApplication the app makes: it answers the sign-in dialog as a user
# would (name and password typed, Masuk pressed: the real Argon2id check), notes when the main
# window has shown and handled the events of its showing, and when the overview's figures arrive.
import bpjs_desktop.app as app_module

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

def answer(dialog):
    dialog.username_edit.setText("admin")
    dialog.password_edit.setText("bpjs-demo")
    dialog.login_button.click()

def make_application(*args, **kwargs):
    app = make_application.real(*args, **kwargs)
    from PySide6.QtCore import QEvent, QObject, QTimer

    class Watch(QObject):
        def eventFilter(self, watched, event):
            if event.type() == QEvent.Type.Show:
                name = watched.objectName()
                if name == "login_dialog":
                    QTimer.singleShot(0, lambda: answer(watched))
                elif name == "main_window" and "window_object" not in marks:
                    marks["window_object"] = watched
                    app.removeEventFilter(self)
                    overview = watched.overview_page
                    if overview.summary is not None:
                        on_figures()
                    else:
                        overview.summary_loaded.connect(on_figures)
                    QTimer.singleShot(0, on_window_ready)  # once the show's events are handled
            return False

    make_application.watch = Watch()
    app.installEventFilter(make_application.watch)
    return app

make_application.real = app_module.make_application
app_module.make_application = make_application
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
    window = statistics.median(r["window"] for r in runs)
    figures = statistics.median(r["figures"] for r in runs)
    report = {
        "window_usable": figure(window, baseline, "an empty QMainWindow shown", 3),
        "overview_figures": figure(figures, baseline, "an empty QMainWindow shown", 5),
        "window_seconds_all": [round(r["window"], 3) for r in runs],
        "figures_seconds_all": [round(r["figures"], 3) for r in runs],
        "baseline_seconds_all": [round(b, 3) for b in baselines],
        "employers_shown": runs[0]["employers"],
        "note": "includes one Argon2id password check that a real sign-in also pays",
    }
    print(save("startup", report))
    return 0 if window <= 3 * baseline and figures <= 5 * baseline else 1


if __name__ == "__main__":
    sys.exit(main())
