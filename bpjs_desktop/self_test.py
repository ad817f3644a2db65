"""``bpjs-desktop --self-test``: prove that an installation works, headless, in a temporary folder.

Run on a new workstation after installing (``bpjs-desktop-cli.exe --self-test`` in the bundle:
the windowed ``bpjs-desktop.exe`` has no console to print to) and by the packaging test on the
frozen bundle. Each step goes through the same services the app uses, so a module, a data file
(migrations, icons) or a Qt plugin that the bundle lacks shows up here, not at an office:

    database   a new database file, migrated to the newest revision
    demo       a small demo region (about 10,000 rows)
    check      the integrity check of ``bpjs-desktop check``
    ekspor     the monthly workbook (.xlsx)
    kertas     a claim receipt as a PDF (Qt's PDF writer and fonts)
    jendela    the app's icon drawn, the main window opened offscreen on the demo, drawn, closed

One line per step; exit status 0 when every step passed, otherwise 1 after the line that names
the failed step (its traceback goes to the log). Nothing outside the temporary folder is
touched: the data folder (``BPJS_DATA_DIR``) and Qt's settings point into it while it runs.
"""

from __future__ import annotations

import logging
import os
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bpjs_desktop import APP_NAME, __version__
from bpjs_desktop.errors import KnownError
from bpjs_desktop.i18n import _

log = logging.getLogger(__name__)

DEMO_SCALE = 0.001  # about 10,000 rows, 3 seconds: enough to touch every table and page
WINDOW_TIMEOUT_S = 60.0


class StepFailed(Exception):
    """A step ran but its result is wrong (the message says what was expected)."""


@dataclass
class _State:
    folder: Path
    db: Any = None  # bpjs_desktop.db.engine.Database of the demo, from the demo step on
    app: Any = None  # the QApplication, from the first step that needs Qt
    notes: list[str] = field(default_factory=list)


def _step_database(state: _State) -> str:
    from bpjs_desktop.db.engine import sqlite_url
    from bpjs_desktop.db.migrate import current_revision, head_revision, open_database

    db = open_database(sqlite_url(state.folder / "baru.sqlite"))
    try:
        revision = current_revision(db)
    finally:
        db.dispose()
    if revision != head_revision():
        raise StepFailed(
            _("revisi {rev}, bukan revisi terbaru {head}").format(
                rev=revision, head=head_revision()
            )
        )
    return _("database baru di revisi {rev}").format(rev=revision)


def _step_demo(state: _State) -> str:
    from bpjs_desktop.db.engine import sqlite_url
    from bpjs_desktop.db.migrate import open_database
    from bpjs_desktop.domain.money import group_thousands
    from bpjs_desktop.services.demo.run import generate_demo

    result = generate_demo(state.folder / "demo.sqlite", scale=DEMO_SCALE)
    state.db = open_database(sqlite_url(result.path), create=False)
    return _("{rows} baris demo").format(rows=group_thousands(sum(result.rows.values())))


def _step_check(state: _State) -> str:
    from bpjs_desktop.services import backup

    report = backup.check(state.db)
    if not report.ok:
        raise StepFailed("; ".join(report.lines))
    return "; ".join(report.lines)


def _step_export(state: _State) -> str:
    from bpjs_desktop.domain.periods import Period
    from bpjs_desktop.services.context import Actor
    from bpjs_desktop.services.reports import export_monthly

    out = state.folder / "ringkasan-2018-04.xlsx"
    summary = export_monthly(state.db, Actor.command_line(), Period(2018, 4), out)
    with zipfile.ZipFile(out) as workbook:  # an .xlsx is a zip: a truncated one does not open
        if workbook.testzip() is not None or "xl/workbook.xml" not in workbook.namelist():
            raise StepFailed(_("buku kerja {path} rusak").format(path=out.name))
    return _("buku kerja bulanan {path}, {n} kantor, {size} KB").format(
        path=out.name, n=len(summary.rows), size=out.stat().st_size // 1024
    )


def _application(state: _State) -> Any:
    if state.app is None:
        from PySide6.QtCore import QSettings

        from bpjs_desktop.app import make_application

        # Window geometry and the language choice go to the temporary folder, not the user's.
        QSettings.setDefaultFormat(QSettings.Format.IniFormat)
        QSettings.setPath(
            QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(state.folder / "settings")
        )
        state.app = make_application([sys.argv[0]])
    return state.app


def _step_claim_paper(state: _State) -> str:
    from bpjs_desktop.services import claims
    from bpjs_desktop.services.claims import ClaimFilter, ClaimQuery

    _application(state)
    from bpjs_desktop.ui.common.printing import write_pdf

    rows = ClaimQuery(state.db, ClaimFilter(open_only=False)).page(0, 1, "claim_no")
    if not rows:
        raise StepFailed(_("demo tidak berisi klaim"))
    out = state.folder / "tanda-terima.pdf"
    write_pdf(claims.receipt_html(state.db, rows[0].claim_no), out)
    content = out.read_bytes()
    if not content.startswith(b"%PDF-") or b"%%EOF" not in content[-1024:]:
        raise StepFailed(_("{path} bukan PDF yang utuh").format(path=out.name))
    return _("tanda terima klaim {no}, {size} KB").format(
        no=rows[0].claim_no, size=len(content) // 1024
    )


def _step_window(state: _State) -> str:
    from PySide6.QtCore import QCoreApplication, QEventLoop

    from bpjs_desktop.services import auth
    from bpjs_desktop.services.demo.plan import DEMO_PASSWORD
    from bpjs_desktop.services.workstation import SignedIn
    from bpjs_desktop.ui.common.tasks import Task
    from bpjs_desktop.ui.main_window import MainWindow

    app = _application(state)
    # The SVG icon draws only with Qt's SVG plugins: a bundle without them shows no icon.
    if app.windowIcon().pixmap(32, 32).isNull():
        raise StepFailed(_("ikon aplikasi tidak dapat digambar (plugin SVG Qt tidak ada)"))
    actor = auth.authenticate(state.db, "admin", DEMO_PASSWORD)
    window = MainWindow(SignedIn(state.db, actor, auth.office_name(state.db, actor)))
    try:
        window.show()
        started = time.monotonic()

        def settle(least: float) -> None:
            """Run the event loop until the pages' background loads are done."""
            while True:
                QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
                elapsed = time.monotonic() - started
                if elapsed >= least and Task.idle():
                    return
                if elapsed > WINDOW_TIMEOUT_S:
                    raise StepFailed(
                        _("jendela utama belum selesai memuat setelah {n} detik").format(
                            n=int(WINDOW_TIMEOUT_S)
                        )
                    )
                time.sleep(0.01)

        settle(0.5)
        image = window.grab().toImage()
        if image.isNull() or image.width() < 200 or image.height() < 200:
            raise StepFailed(_("jendela utama tidak tergambar"))
        image.save(str(state.folder / "jendela.png"))
        size = f"{image.width()}×{image.height()}"
    finally:
        window.close()
        window.deleteLater()
        MainWindow.open_windows.discard(window)
        while not Task.idle():  # no worker may still read the database it is about to lose
            QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
        app.processEvents()
    return _("jendela utama {size} dibuka dan ditutup ({platform})").format(
        size=size, platform=app.platformName()
    )


STEPS: tuple[tuple[str, Callable[[_State], str]], ...] = (
    ("database", _step_database),
    ("demo", _step_demo),
    ("check", _step_check),
    ("ekspor", _step_export),
    ("kertas", _step_claim_paper),
    ("jendela", _step_window),
)


def run(out: Callable[[str], None] = print) -> int:
    """Run every step, printing one line each; return the exit status (0: all passed)."""
    started = time.monotonic()
    frozen = getattr(sys, "frozen", False)
    out(
        _("{app} {version} uji mandiri: Python {python}, {kind}").format(
            app=APP_NAME,
            version=__version__,
            python=".".join(map(str, sys.version_info[:3])),
            kind=_("program beku (bundel)") if frozen else _("dari paket Python"),
        )
    )
    # Headless wherever it runs: a workstation's screen is not needed and not touched.
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    saved_data_dir = os.environ.get("BPJS_DATA_DIR")
    with tempfile.TemporaryDirectory(prefix="bpjs-self-test-") as folder:
        state = _State(Path(folder))
        os.environ["BPJS_DATA_DIR"] = str(Path(folder) / "data")
        try:
            for name, step in STEPS:
                begun = time.monotonic()
                try:
                    detail = step(state)
                except Exception as exc:  # any failure is this step's: say which, and go
                    log.exception("self-test step %s failed", name)
                    reason = exc.message if isinstance(exc, KnownError) else str(exc)
                    out(
                        _("GAGAL {step}: {reason}").format(
                            step=name, reason=reason or type(exc).__name__
                        )
                    )
                    return 1
                out(f"ok    {name:<9} {time.monotonic() - begun:5.1f} s  {detail}")
        finally:
            if state.db is not None:
                state.db.dispose()
            if saved_data_dir is None:
                os.environ.pop("BPJS_DATA_DIR", None)
            else:
                os.environ["BPJS_DATA_DIR"] = saved_data_dir
    out(
        _("Uji mandiri berhasil: {n} langkah dalam {seconds:.1f} detik").format(
            n=len(STEPS), seconds=time.monotonic() - started
        )
    )
    return 0
