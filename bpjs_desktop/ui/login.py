"""Opening a database and signing in: the first screens of a session (the dialogs; the opening
and the checking are services/workstation.py)."""

from __future__ import annotations

import dataclasses
import math
import time
from pathlib import Path

from PySide6.QtCore import QEventLoop, Qt, QTimer
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressDialog,
    QVBoxLayout,
    QWidget,
)

from bpjs_desktop.domain.db_location import LocationKind
from bpjs_desktop.errors import KnownError, ValidationError
from bpjs_desktop.i18n import _
from bpjs_desktop.services import auth, db_location, db_lock, workstation
from bpjs_desktop.services.workstation import Opened, SignedIn
from bpjs_desktop.ui.common.tasks import Task
from bpjs_desktop.ui.common.widgets import show_error


def open_guarded(url: str, parent: QWidget | None = None) -> Opened | None:
    """Open *url* the way the GUI must: a SQLite file only where it can live safely, and only by
    one running copy of the app at a time (a second one may view it read-only).

    Returns None after telling the user why not (or when they chose to quit).
    """
    path = db_location.sqlite_path(url)
    if path is None:
        db = open_database_waiting(url, parent)
        return None if db is None else Opened(db, None)
    try:
        risk = db_location.check_location(path)
    except db_location.RiskyLocationError as exc:
        show_error(parent, exc, _("Lokasi database tidak aman"))
        return None
    journal = "DELETE" if risk is not None and risk.kind is LocationKind.NETWORK else "WAL"
    try:
        lock = db_lock.acquire(path)
    except db_lock.DatabaseInUseError as exc:
        if not path.exists() or not _ask_read_only(parent, exc):
            return None
        return _open_read_only(url, path, parent)
    except KnownError as exc:
        show_error(parent, exc, _("Database tidak dapat dibuka"))
        return None
    db = open_database_waiting(url, parent, journal_mode=journal)
    if db is None:
        lock.release()
        return None
    return Opened(db, lock)


def _ask_read_only(parent: QWidget | None, error: db_lock.DatabaseInUseError) -> bool:
    box = QMessageBox(parent)
    box.setObjectName("database_in_use_dialog")
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(_("Database sedang dipakai"))
    box.setText(error.message)
    view = box.addButton(_("&Lihat saja (hanya baca)"), QMessageBox.ButtonRole.AcceptRole)
    box.addButton(_("&Keluar"), QMessageBox.ButtonRole.RejectRole)
    box.exec()
    return box.clickedButton() is view


def _open_read_only(url: str, path: Path, parent: QWidget | None) -> Opened | None:
    """View a database another copy holds: mode=ro, at the newest schema only (an upgrade is a
    write; the copy that holds it upgrades it)."""
    try:
        db = workstation.open_read_only(url)
    except KnownError as exc:
        show_error(parent, exc, _("Database tidak dapat dibuka"))
        return None
    return Opened(db, None)


def open_database_waiting(
    url: str, parent: QWidget | None = None, *, journal_mode: str = "WAL"
) -> workstation.Database | None:
    """Open (and if needed upgrade) the database off the GUI thread, showing progress if slow.

    Returns None after telling the user why it could not be opened.
    """
    loop = QEventLoop()
    outcome: dict[str, object] = {}
    task = Task(lambda _context: workstation.open_database(url, journal_mode=journal_mode))

    def finished(db: object) -> None:
        outcome["db"] = db
        loop.quit()

    def failed(error: BaseException) -> None:
        outcome["error"] = error
        loop.quit()

    task.finished.connect(finished)
    task.failed.connect(failed)
    dialog = QProgressDialog(
        _("Membuka database {db}…").format(db=workstation.describe_database(url)), "", 0, 0, parent
    )
    dialog.setObjectName("opening_dialog")
    dialog.setCancelButton(None)
    dialog.setWindowTitle(_("Membuka database"))
    dialog.setMinimumDuration(600)
    task.start()
    if not outcome:
        QTimer.singleShot(600, lambda: None if outcome else dialog.show())
        loop.exec()
    dialog.close()
    if "error" in outcome:
        show_error(parent, outcome["error"], _("Database tidak dapat dibuka"))  # type: ignore[arg-type]
        return None
    return outcome["db"]  # type: ignore[return-value]


class LoginDialog(QDialog):
    """Username and password; a wrong one is said beside the fields and nothing else happens.

    Repeated failures make the account wait (the service decides how long): the Masuk button is
    off for those seconds with a countdown, and a locked account says until when, in words.
    """

    def __init__(self, db: workstation.Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.signed_in: SignedIn | None = None
        self.setObjectName("login_dialog")
        self.setWindowTitle(_("Masuk — bpjs-desktop"))
        self.setMinimumWidth(440)
        layout = QVBoxLayout(self)
        heading = QLabel(_("<b>Masuk</b> ke {db}").format(db=db.describe()))
        heading.setWordWrap(True)
        layout.addWidget(heading)
        form = QFormLayout()
        self.username_edit = QLineEdit()
        self.username_edit.setObjectName("username_edit")
        self.password_edit = QLineEdit()
        self.password_edit.setObjectName("password_edit")
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        user_label = QLabel(_("&Nama pengguna"))
        user_label.setBuddy(self.username_edit)
        password_label = QLabel(_("&Kata sandi"))
        password_label.setBuddy(self.password_edit)
        form.addRow(user_label, self.username_edit)
        form.addRow(password_label, self.password_edit)
        layout.addLayout(form)
        self.error_label = QLabel("")
        self.error_label.setObjectName("error_label")
        self.error_label.setStyleSheet("color: #b00020;")
        self.error_label.setWordWrap(True)
        self.error_label.setVisible(False)
        layout.addWidget(self.error_label)
        self._wait_left = 0
        self._wait_until = 0.0
        # The countdown follows a monotonic deadline, not a count of ticks: a coarse timer may
        # fire up to 5 % early, and two early ticks ended the wait before the service's did.
        self._wait_timer = QTimer(self)
        self._wait_timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._wait_timer.setInterval(250)
        self._wait_timer.timeout.connect(self._tick)
        demo = auth.demo_password(db)
        if demo:
            hint = QLabel(
                _(
                    "Database demo: masuk sebagai <b>admin</b>, atau petugas kantor seperti "
                    "<b>kepala.sdr</b> / <b>pelayanan.grs</b>; kata sandi <b>{password}</b>."
                ).format(password=demo)
            )
            hint.setObjectName("demo_hint")
            hint.setWordWrap(True)
            hint.setStyleSheet("color: palette(dark);")
            layout.addWidget(hint)
            self.username_edit.setText("admin")
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("Masuk"))
        buttons.button(QDialogButtonBox.StandardButton.Ok).setObjectName("login_button")
        self.login_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Batal"))
        buttons.accepted.connect(self._on_login_clicked)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        (self.password_edit if self.username_edit.text() else self.username_edit).setFocus()
        # The wait is per account: another name may be tried at once (the service still checks).
        self.username_edit.textEdited.connect(lambda _text: self._end_wait())

    def _on_login_clicked(self) -> None:
        if self._wait_left:
            return  # Enter pressed during the wait: the button is off, so is this
        try:
            self.signed_in = workstation.sign_in(
                self.db, self.username_edit.text(), self.password_edit.text()
            )
        except auth.AccountLockedError as exc:
            self._show_error(exc.message)  # names the time the lock ends and who can lift it
            return
        except auth.AuthenticationError as exc:
            self._show_error(exc.message)
            if exc.retry_after:
                self._start_wait(exc.retry_after)
            return
        except KnownError as exc:
            self._show_error(exc.message)
            return
        self.accept()

    def _show_error(self, message: str) -> None:
        self.error_label.setText(message)
        self.error_label.setVisible(True)
        self.password_edit.selectAll()
        self.password_edit.setFocus()

    def _start_wait(self, seconds: int) -> None:
        self._wait_left = seconds
        self._wait_until = time.monotonic() + seconds
        self.login_button.setEnabled(False)
        self._wait_timer.start()

    def _tick(self) -> None:
        left = math.ceil(self._wait_until - time.monotonic())
        if left == self._wait_left and left > 0:
            return  # the same second as shown
        self._wait_left = max(left, 0)
        if self._wait_left > 0:
            self.error_label.setText(
                _("Terlalu banyak percobaan yang gagal. Tunggu {n} detik sebelum mencoba lagi.")
                .format(n=self._wait_left)
            )  # fmt: skip
            return
        self._end_wait()
        self.error_label.setText(_("Silakan coba lagi."))

    def _end_wait(self) -> None:
        self._wait_timer.stop()
        self._wait_left = 0
        self.login_button.setEnabled(True)


class FirstAdminDialog(QDialog):
    """A new database has no users: create its first administrator."""

    def __init__(self, db: workstation.Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.signed_in: SignedIn | None = None
        self.setObjectName("first_admin_dialog")
        self.setWindowTitle(_("Administrator pertama"))
        self.setMinimumWidth(460)
        layout = QVBoxLayout(self)
        intro = QLabel(
            _("Database ini baru dan belum mempunyai pengguna. Buat akun administrator pertama.")
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.username_edit = QLineEdit("admin")
        self.username_edit.setObjectName("username_edit")
        self.name_edit = QLineEdit()
        self.name_edit.setObjectName("full_name_edit")
        self.password_edit = QLineEdit()
        self.password_edit.setObjectName("password_edit")
        self.repeat_edit = QLineEdit()
        self.repeat_edit.setObjectName("repeat_edit")
        for edit in (self.password_edit, self.repeat_edit):
            edit.setEchoMode(QLineEdit.EchoMode.Password)
        for text, edit in (
            (_("&Nama pengguna"), self.username_edit),
            (_("Nama &lengkap"), self.name_edit),
            (_("&Kata sandi"), self.password_edit),
            (_("&Ulangi kata sandi"), self.repeat_edit),
        ):
            label = QLabel(text)
            label.setBuddy(edit)
            form.addRow(label, edit)
        layout.addLayout(form)
        self.error_label = QLabel("")
        self.error_label.setObjectName("error_label")
        self.error_label.setStyleSheet("color: #b00020;")
        self.error_label.setWordWrap(True)
        self.error_label.setVisible(False)
        layout.addWidget(self.error_label)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("Buat akun"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Batal"))
        buttons.accepted.connect(self._on_create_clicked)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.name_edit.setFocus()

    def _on_create_clicked(self) -> None:
        fields = {
            "username": self.username_edit,
            "full_name": self.name_edit,
            "password": self.password_edit,
        }
        if self.password_edit.text() != self.repeat_edit.text():
            self._fail(_("Kedua kata sandi tidak sama"), self.repeat_edit)
            return
        try:
            self.signed_in = workstation.create_first_admin(
                self.db,
                username=self.username_edit.text(),
                full_name=self.name_edit.text(),
                password=self.password_edit.text(),
            )
        except ValidationError as exc:
            self._fail(exc.message, fields.get(exc.field, self.username_edit))
            return
        except KnownError as exc:
            self._fail(exc.message, self.username_edit)
            return
        self.accept()

    def _fail(self, message: str, focus: QLineEdit) -> None:
        self.error_label.setText(message)
        self.error_label.setVisible(True)
        focus.setFocus()
        focus.selectAll()


def sign_in(
    db: workstation.Database,
    parent: QWidget | None = None,
    lock: db_lock.DatabaseLock | None = None,
) -> SignedIn | None:
    """Ask who is working (or create the first administrator); None if the user gives up."""
    dialog: LoginDialog | FirstAdminDialog
    if workstation.needs_first_admin(db):
        dialog = FirstAdminDialog(db, parent)
    else:
        dialog = LoginDialog(db, parent)
    dialog.setWindowModality(Qt.WindowModality.ApplicationModal)
    if dialog.exec() != QDialog.DialogCode.Accepted or dialog.signed_in is None:
        return None
    return dataclasses.replace(dialog.signed_in, lock=lock)
