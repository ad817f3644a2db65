"""Screenshots of every page of the main window, offscreen, for looking at them and for the README.

    .venv/bin/python tools/screenshots.py DB.sqlite [OUT_DIR] [--lang en]

Signs in as the demo administrator, shows each page of the navigation in turn, lets its
background loads finish, and saves PNGs (1366×800) named after the page's object name.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
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

    _app = make_application()  # referenced until the end: the windows need it alive
    from PySide6.QtTest import QTest

    from bpjs_desktop.db.engine import sqlite_url
    from bpjs_desktop.db.migrate import open_database
    from bpjs_desktop.services import auth
    from bpjs_desktop.services.demo.plan import DEMO_PASSWORD
    from bpjs_desktop.services.workstation import SignedIn
    from bpjs_desktop.ui.common.tasks import Task
    from bpjs_desktop.ui.login import LoginDialog
    from bpjs_desktop.ui.main_window import MainWindow

    def settle(seconds: float = 0.3) -> None:
        """Run the event loop until no background task runs, then a little longer."""
        deadline = time.monotonic() + 120
        QTest.qWait(50)
        while not Task.idle() and time.monotonic() < deadline:
            QTest.qWait(50)
        QTest.qWait(int(seconds * 1000))

    args.out.mkdir(parents=True, exist_ok=True)
    suffix = "" if args.lang == "id" else "-en"
    db = open_database(sqlite_url(args.db))
    actor = auth.authenticate(db, "admin", DEMO_PASSWORD)
    window = MainWindow(SignedIn(db, actor, auth.office_name(db, actor)))
    window.resize(1366, 800)
    window.show()
    settle()
    written: list[Path] = []
    for _text, _menu_text, page, _shortcut in window.nav_pages:
        window.show_page(page)
        if page is window.nik_page:
            page.nik_edit.setText("3578015505900001")
            page.birth_edit.setText("15/05/1991")
        if page is window.iuran_page:
            page.period_edit.setText("2024-06")
            page.wage_edit.setText("10.000.000")
        settle()
        name = page.objectName().removesuffix("_page") or type(page).__name__
        path = args.out / f"{name}{suffix}.png"
        window.grab().save(str(path))
        written.append(path)

    login = LoginDialog(db)
    login.show()
    QTest.qWait(50)
    path = args.out / f"login{suffix}.png"
    login.grab().save(str(path))
    written.append(path)
    login.close()
    window.close()
    settle(0)
    db.dispose()
    for path in written:
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
