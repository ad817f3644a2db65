"""Qt start-up: the application object, the crash handler, opening a database and signing in."""

from __future__ import annotations

import logging
import os
import sys
from types import TracebackType
from typing import TYPE_CHECKING

from bpjs_desktop import APP_NAME, __version__, paths
from bpjs_desktop.i18n import _, set_language

if TYPE_CHECKING:
    from bpjs_desktop.services.workstation import SignedIn
    from bpjs_desktop.ui.main_window import MainWindow

log = logging.getLogger(__name__)


def _excepthook(kind: type[BaseException], value: BaseException, tb: TracebackType | None) -> None:
    """Anything unhandled on the GUI thread is a bug: log it, show one message, keep running."""
    from PySide6.QtWidgets import QApplication, QMessageBox

    from bpjs_desktop.errors import traceback_without_messages

    # (without the exception's text: an unexpected error may quote a NIK or a wage)
    log.error("unhandled exception:\n%s", traceback_without_messages(value.with_traceback(tb)))
    if QApplication.instance() is None:
        return
    box = QMessageBox(QMessageBox.Icon.Critical, _("Kesalahan tak terduga"), _(
        "Terjadi kesalahan tak terduga di aplikasi. Pekerjaan yang sudah disimpan aman; "
        "yang sedang diisi mungkin perlu diulang.\n\nRincian teknis tersimpan di:\n{log}"
    ).format(log=paths.log_file()))  # fmt: skip
    box.setObjectName("crash_dialog")
    box.exec()


def make_application(argv: list[str] | None = None):  # type: ignore[no-untyped-def]
    """The QApplication, created once, with names, icon and the user's language."""
    os.environ.setdefault("PYQTGRAPH_QT_LIB", "PySide6")  # pyqtgraph prefers PyQt6 if present
    from PySide6.QtCore import QCoreApplication, QLocale, QSettings
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    if app is None:
        QCoreApplication.setOrganizationName("BPJS")
        QCoreApplication.setApplicationName(APP_NAME)
        QCoreApplication.setApplicationVersion(__version__)
        app = QApplication(argv or [sys.argv[0]])
        from PySide6.QtGui import QIcon

        app.setWindowIcon(QIcon(str(paths.resource("icons", "bpjs-desktop.svg"))))
    from bpjs_desktop.ui.common import gc_guard, qt_texts

    gc_guard.install(app)
    qt_texts.install(app)  # Qt's own buttons and dialogs follow the interface language
    QLocale.setDefault(QLocale(QLocale.Language.Indonesian, QLocale.Country.Indonesia))
    language = QSettings().value("language", "")
    if language in ("id", "en") and "BPJS_LANG" not in os.environ:
        set_language(str(language))
    return app


def workstation_database(choice: str) -> str:
    """The URL of the database this workstation chose (its settings), or the per-user default."""
    from bpjs_desktop.db.urls import sqlite_url
    from bpjs_desktop.errors import KnownError

    if choice:
        from bpjs_desktop.services.database_probe import url_of

        try:
            return url_of(choice)
        except KnownError as exc:
            log.warning("the workstation's database setting is not usable: %s", exc.message)
    return sqlite_url(paths.default_database())


def run_gui(url: str | None) -> int:
    """Open the main window on *url* (None: the workstation's database); return the exit
    status of the event loop.

    Start-up is ordered for the user's wait: Qt and the sign-in dialog first (SQLAlchemy, the
    models and the window's modules are most of a start, some 0.5 s), the database opened and
    those modules loaded behind the dialog while the user types (ui/login.start_session); once
    Masuk is pressed, the window is built while the password is checked (ui/login.Ahead).
    """
    from pathlib import Path

    app = make_application()
    from bpjs_desktop.ui import login
    from bpjs_desktop.ui.common import workstation_store

    sys.excepthook = _excepthook
    chosen = workstation_store.load()
    paths.use_backup_folder(Path(chosen.backup_folder) if chosen.backup_folder else None)
    if url is None:
        url = workstation_database(chosen.database)
    from bpjs_desktop.ui.common import warm_up

    def build(session: SignedIn) -> MainWindow:
        from bpjs_desktop.ui.main_window import MainWindow  # loaded behind the dialog by now

        return MainWindow(session)

    ahead = login.Ahead(build, lambda window: window.abandon())
    session = login.start_session(url, prepare=warm_up.start, ahead=ahead)
    if session is None:
        return 1
    from PySide6.QtCore import Qt

    from bpjs_desktop.ui.main_window import MainWindow

    window = ahead.built if ahead.built is not None else MainWindow(session)
    window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, False)
    window.show()
    window.start_working()
    try:
        return int(app.exec())
    finally:
        for open_window in [window, *MainWindow.open_windows]:
            if open_window.session is not None:
                open_window.session.close()
