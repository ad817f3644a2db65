"""Screenshots of every screen, offscreen, for looking at them and for the README.

    .venv/bin/python tools/screenshots.py DB.sqlite [OUT_DIR] [--lang en]

Signs in as the demo administrator, waits for each page's data, and saves PNGs (1366×800).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("db", type=Path)
    parser.add_argument("out", type=Path, nargs="?", default=Path("docs/screenshots"))
    parser.add_argument("--lang", choices=("id", "en"), default="id")
    args = parser.parse_args()

    from bpjs_desktop.i18n import set_language

    set_language(args.lang)
    from bpjs_desktop.app import make_application

    app = make_application()
    from PySide6.QtTest import QTest

    from bpjs_desktop.db.engine import sqlite_url
    from bpjs_desktop.db.migrate import open_database
    from bpjs_desktop.services import auth
    from bpjs_desktop.services.demo import DEMO_PASSWORD
    from bpjs_desktop.ui.login import LoginDialog, Session
    from bpjs_desktop.ui.main_window import MainWindow

    args.out.mkdir(parents=True, exist_ok=True)
    suffix = "" if args.lang == "id" else "-en"
    db = open_database(sqlite_url(args.db))
    actor = auth.authenticate(db, "admin", DEMO_PASSWORD)
    window = MainWindow(Session(db, actor, auth.office_name(db, actor)))
    window.resize(1366, 800)
    window.show()
    loaded: list[object] = []
    window.overview_page.summary_loaded.connect(loaded.append)
    while not loaded:
        app.processEvents()
        QTest.qWait(20)
    QTest.qWait(100)
    shots = {f"overview{suffix}.png": window}
    window.grab().save(str(args.out / f"overview{suffix}.png"))

    window.navigation.setCurrentRow(1)
    window.nik_page.nik_edit.setText("3578015505900001")
    window.nik_page.birth_edit.setText("15/05/1991")
    QTest.qWait(50)
    window.grab().save(str(args.out / f"nik{suffix}.png"))

    window.navigation.setCurrentRow(2)
    window.iuran_page.period_edit.setText("2024-06")
    window.iuran_page.wage_edit.setText("10.000.000")
    QTest.qWait(50)
    window.grab().save(str(args.out / f"iuran{suffix}.png"))

    login = LoginDialog(db)
    login.show()
    QTest.qWait(50)
    login.grab().save(str(args.out / f"login{suffix}.png"))
    login.close()
    window.close()
    db.dispose()
    for name in (*shots, f"nik{suffix}.png", f"iuran{suffix}.png", f"login{suffix}.png"):
        print(args.out / name)
    return 0


if __name__ == "__main__":
    sys.exit(main())
