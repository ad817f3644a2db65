"""Opening a database and signing in: the first screens of a session (the dialogs; the opening
and the checking are services/workstation.py)."""

from __future__ import annotations

import dataclasses
import importlib
import math
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from PySide6.QtCore import QEventLoop, QObject, QTimer, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from bpjs_desktop.domain.db_location import LocationKind
from bpjs_desktop.errors import KnownError, ValidationError
from bpjs_desktop.i18n import _
from bpjs_desktop.services import db_location, db_lock
from bpjs_desktop.ui.common.tasks import Task

# This module is imported before SQLAlchemy is (the sign-in dialog is the first thing a user
# sees, and the database opens behind it): services/workstation.py and services/auth.py, which
# load SQLAlchemy and the models, are imported where they are called. Nor does anything on the
# way to the dialog touch the ``Qt`` namespace: PySide makes its 94 Python enums the first
# time it is met (15-30 ms, measured); the warm-up behind the dialog pays that instead.
if TYPE_CHECKING:
    from bpjs_desktop.services.workstation import Database, SignedIn


def show_error(parent: QWidget | None, error: BaseException, title: str) -> None:
    """ui/common/widgets.show_error, loaded when an error is to be shown (that module brings
    the tables' and file dialogs' classes, which the sign-in dialog does not need)."""
    from bpjs_desktop.ui.common import widgets

    widgets.show_error(parent, error, title)


# The services the main window's first screens call: imported behind the sign-in dialog, on the
# worker that opens the database, while the user types (services/facts.py and directory.py
# bring the query layer the overview and the lists need).
WINDOW_SERVICES = (
    "bpjs_desktop.services.workstation",
    "bpjs_desktop.services.backup",
    "bpjs_desktop.services.office_settings",
    "bpjs_desktop.services.facts",
    "bpjs_desktop.services.directory",
)


class Opening(QObject):
    """A database being opened (and if need be upgraded) off the GUI thread, behind the sign-in
    dialog, with this copy's lock on its file; or one already open.

    Signals:
        ready(): the opening ended, on the GUI thread: :attr:`db` or :attr:`error` is set.
    """

    ready = Signal()

    def __init__(
        self,
        describe: str,
        *,
        lock: db_lock.DatabaseLock | None = None,
        demo_password: str | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.describe = describe
        self.lock = lock
        self.demo_password = demo_password
        self.db: Database | None = None
        self.error: BaseException | None = None

    @classmethod
    def of(cls, db: Database, lock: db_lock.DatabaseLock | None = None) -> Opening:
        """A database already open (under *lock*, None on a server or when only viewing)."""
        opening = cls(db.describe(), lock=lock)
        opening.db = db
        return opening

    @classmethod
    def behind(
        cls,
        url: str,
        journal_mode: str,
        look: db_location.FirstLook,
        lock: db_lock.DatabaseLock,
        *,
        describe: str,
    ) -> Opening:
        """Start opening *url* on a worker, the services of the main window imported there
        after it (what a first look at the file told stands in for it meanwhile)."""
        opening = cls(describe, lock=lock, demo_password=look.demo_password)
        task = Task(lambda _context: _open_and_load(url, journal_mode), opening)
        task.finished.connect(opening._opened)
        task.failed.connect(opening._failed)
        # Once the event loop runs (the dialog's exec): its first paint is not made to share
        # the interpreter with the imports.
        QTimer.singleShot(0, task.start)
        return opening

    @property
    def done(self) -> bool:
        return self.db is not None or self.error is not None

    def when_ready(self, slot: Callable[[], object]) -> None:
        """Call *slot* once the opening has ended (at once if it has)."""
        if self.done:
            slot()
            return

        def once() -> None:  # Qt.ConnectionType.SingleShotConnection, without the Qt namespace
            self.ready.disconnect(once)
            slot()

        self.ready.connect(once)

    def wait(self) -> None:
        """Until the opening has ended, the event loop running meanwhile (an upgrade is never
        cut off half-way)."""
        if not self.done:
            loop = QEventLoop()
            self.ready.connect(loop.quit)
            loop.exec()

    def close(self) -> None:
        """Give the database and the lock back (a sign-in that was abandoned)."""
        self.wait()
        if self.db is not None:
            self.db.dispose()
        if self.lock is not None:
            self.lock.release()
            self.lock = None

    def _opened(self, db: object) -> None:
        self.db = db  # type: ignore[assignment]
        self.ready.emit()

    def _failed(self, error: BaseException) -> None:
        self.error = error
        self.ready.emit()


W = TypeVar("W")


@dataclasses.dataclass
class Ahead(Generic[W]):
    """What to build for an account while its password is checked (the main window at start).

    Pressing Masuk leaves two pieces of work: the Argon2id check (some 50 ms of one core, with
    the interpreter let go) and building the window (some 40-60 ms of the GUI thread). With an
    Ahead, the sign-in dialog runs the check on a worker and builds meanwhile, for the account
    the name claims (services/workstation.claim), so the wait is the longer of the two, not
    their sum. What was built is kept only if the check signs in that very session; otherwise
    it is thrown away unseen (*discard*), and nothing of it was ever on screen.
    """

    build: Callable[[SignedIn], W]
    discard: Callable[[W], object]
    built: W | None = None  # for the session signed in, once the dialog is accepted


def _open_and_load(url: str, journal_mode: str) -> Database:
    from bpjs_desktop.services import workstation

    db = workstation.open_database(url, journal_mode=journal_mode)
    for name in WINDOW_SERVICES:
        importlib.import_module(name)
    workstation.prepare_queries()
    return db


def open_guarded(
    url: str, parent: QWidget | None = None, *, behind_sign_in: bool = False
) -> Opening | None:
    """Open *url* the way the GUI must: a SQLite file only where it can live safely, and only by
    one running copy of the app at a time (a second one may view it read-only).

    With *behind_sign_in*, a SQLite file that a first look shows to have users is opened on a
    worker while the sign-in dialog is up (the returned Opening is still under way); anything
    else is open when this returns. Returns None after telling the user why not (or when they
    chose to quit).
    """
    path = db_location.sqlite_path(url)
    if path is None:
        db = open_database_waiting(url, parent)
        return None if db is None else Opening.of(db)
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
        return _open_read_only(url, parent)
    except KnownError as exc:
        show_error(parent, exc, _("Database tidak dapat dibuka"))
        return None
    look = db_location.first_look(path) if behind_sign_in else None
    if look is not None and look.has_users:
        return Opening.behind(url, journal, look, lock, describe=str(path))
    db = open_database_waiting(url, parent, journal_mode=journal)
    if db is None:
        lock.release()
        return None
    return Opening.of(db, lock)


def _ask_read_only(parent: QWidget | None, error: db_lock.DatabaseInUseError) -> bool:
    from PySide6.QtWidgets import QMessageBox  # not on the way to the sign-in dialog

    box = QMessageBox(parent)
    box.setObjectName("database_in_use_dialog")
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(_("Database sedang dipakai"))
    box.setText(error.message)
    view = box.addButton(_("&Lihat saja (hanya baca)"), QMessageBox.ButtonRole.AcceptRole)
    box.addButton(_("&Keluar"), QMessageBox.ButtonRole.RejectRole)
    box.exec()
    return box.clickedButton() is view


def _open_read_only(url: str, parent: QWidget | None) -> Opening | None:
    """View a database another copy holds: mode=ro, at the newest schema only (an upgrade is a
    write; the copy that holds it upgrades it)."""
    from bpjs_desktop.services import workstation

    try:
        db = workstation.open_read_only(url)
    except KnownError as exc:
        show_error(parent, exc, _("Database tidak dapat dibuka"))
        return None
    return Opening.of(db)


def open_database_waiting(
    url: str, parent: QWidget | None = None, *, journal_mode: str = "WAL"
) -> Database | None:
    """Open (and if needed upgrade) the database off the GUI thread, showing progress if slow.

    Returns None after telling the user why it could not be opened.
    """
    from PySide6.QtWidgets import QProgressDialog  # not on the way to the sign-in dialog

    from bpjs_desktop.services import workstation

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


_ERROR_STYLE = "color: #b00020;"


def _error_label() -> QLabel:
    """The red line under a sign-in form that says what went wrong; hidden until then."""
    label = QLabel("")
    label.setObjectName("error_label")
    label.setStyleSheet(_ERROR_STYLE)
    label.setWordWrap(True)
    label.setVisible(False)
    return label


def ok_cancel_buttons(
    dialog: QDialog, ok_text: str, on_ok: Callable[[], object] | None = None
) -> QDialogButtonBox:
    """The OK and *Batal* buttons of a small dialog (sign-in, first administrator, demo
    database): OK says *ok_text* (``"Masuk"``) and calls *on_ok* (by default it accepts
    *dialog*); *Batal* rejects *dialog*. Here, not in ui/common/widgets.py: the sign-in dialog
    does not load that module. The buttons are set after the box is made, not given to its
    constructor: PySide matches a constructor's flags against its Qt.Orientation overload
    too, which makes the whole ``Qt`` namespace's enums (20-55 ms, measured) on the way to the
    sign-in dialog."""
    buttons = QDialogButtonBox()
    buttons.setStandardButtons(
        QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
    )
    buttons.button(QDialogButtonBox.StandardButton.Ok).setText(ok_text)
    buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Batal"))
    buttons.accepted.connect(on_ok or dialog.accept)
    buttons.rejected.connect(dialog.reject)
    return buttons


class LoginDialog(QDialog):
    """Username and password; a wrong one is said beside the fields and nothing else happens.

    Repeated failures make the account wait (the service decides how long): the Masuk button is
    off for those seconds with a countdown, and a locked account says until when, in words.
    """

    def __init__(
        self,
        db: Database | Opening,
        parent: QWidget | None = None,
        *,
        ahead: Ahead[Any] | None = None,
        lock: db_lock.DatabaseLock | None = None,
    ) -> None:
        super().__init__(parent)
        self.opening = db if isinstance(db, Opening) else Opening.of(db)
        self.signed_in: SignedIn | None = None
        self.ahead = ahead
        self.lock = lock  # the sessions it makes hold it (the window built ahead closes it)
        self._checking = False  # the password is being checked on a worker (with an Ahead)
        self._building = False  # the window for the claimed account is being built
        self._outcome: object = None  # the check's SignedIn or exception, until settled
        self._built: tuple[SignedIn, object] | None = None  # (claimed session, what was built)
        self.setObjectName("login_dialog")
        self.setWindowTitle(_("Masuk — bpjs-desktop"))
        self.setMinimumWidth(440)
        layout = QVBoxLayout(self)
        heading = QLabel(_("<b>Masuk</b> ke {db}").format(db=self.opening.describe))
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
        self.error_label = _error_label()
        layout.addWidget(self.error_label)
        self._wait_left = 0
        self._wait_until = 0.0
        # The countdown follows a monotonic deadline, not a count of ticks: a coarse timer may
        # fire up to 5 % early, and two early ticks ended the wait before the service's did.
        self._wait_timer = QTimer(self)  # precise: set when a wait starts (see _start_wait)
        self._wait_timer.setInterval(250)
        self._wait_timer.timeout.connect(self._tick)
        demo = self._demo_password()
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
        buttons = ok_cancel_buttons(self, _("Masuk"), self._on_login_clicked)
        self.login_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.login_button.setObjectName("login_button")
        layout.addWidget(buttons)
        (self.password_edit if self.username_edit.text() else self.username_edit).setFocus()
        # The wait is per account: another name may be tried at once (the service still checks).
        self.username_edit.textEdited.connect(lambda _text: self._end_wait())

    @property
    def db(self) -> Database | None:
        """The database signed in to (None while it is still being opened)."""
        return self.opening.db

    def _demo_password(self) -> str | None:
        if self.opening.db is None:
            return self.opening.demo_password  # what the first look at the file found
        from bpjs_desktop.services import auth

        return auth.demo_password(self.opening.db)

    def _on_login_clicked(self) -> None:
        if self._wait_left or self._checking:
            return  # Enter pressed during the wait, or while the password is being checked
        if not self.opening.done:
            self._wait_for_database()
            return
        if self.opening.db is None:
            self.reject()  # it could not be opened: sign_in() says why
            return
        from bpjs_desktop.services import workstation

        db, name, password = self.opening.db, self.username_edit.text(), self.password_edit.text()
        if self.ahead is not None:
            self._check_while_building(db, name, password)
            return
        try:
            signed_in = workstation.sign_in(db, name, password, lock=self.lock)
        except KnownError as exc:
            self._refused(exc)
            return
        self.signed_in = signed_in
        self.accept()

    def _check_while_building(self, db: Database, name: str, password: str) -> None:
        """The password checked on a worker while the window is built here (see Ahead)."""
        from bpjs_desktop.services import workstation

        assert self.ahead is not None
        self._set_checking(True)
        lock = self.lock
        # The claim first, on the connection the pool holds ready: the worker's check then
        # opens its own meanwhile (begun after the claim, some 30 ms of a new connection on a
        # loaded machine were in the GUI thread's way, measured).
        try:
            claimed = workstation.claim(db, name, lock=lock)
        except KnownError:
            claimed = None  # nothing built ahead: the check itself will say what is wrong
        task = Task(lambda _context: workstation.sign_in(db, name, password, lock=lock), self)
        task.finished.connect(self._checked)
        task.failed.connect(self._checked)
        self._building = True
        task.start()
        try:
            if claimed is not None:
                self._built = (claimed, self.ahead.build(claimed))
        finally:
            self._building = False
        self._settle()

    def _checked(self, outcome: object) -> None:
        self._outcome = outcome
        self._settle()

    def _settle(self) -> None:
        """Once both the check and the building are done: sign in with what was built if it was
        built for the session the check signed in, else throw it away."""
        if self._building or self._outcome is None:
            return
        outcome, self._outcome = self._outcome, None
        built, self._built = self._built, None
        self._set_checking(False)
        assert self.ahead is not None
        if built is not None and built[0] != outcome:
            self.ahead.discard(built[1])
            built = None
        if isinstance(outcome, BaseException):
            if not isinstance(outcome, KnownError):
                show_error(self, outcome, _("Tidak dapat masuk"))  # a bug: logged, then said
                return
            self._refused(outcome)
            return
        self.signed_in = outcome  # type: ignore[assignment]
        self.ahead.built = None if built is None else built[1]
        self.accept()

    def _set_checking(self, checking: bool) -> None:
        self._checking = checking
        for widget in (self.username_edit, self.password_edit, self.login_button):
            widget.setEnabled(not checking)

    def _refused(self, error: KnownError) -> None:
        """Say why the sign-in was refused; after repeated failures, keep Masuk off a while."""
        from bpjs_desktop.services import auth

        self._show_error(error.message)  # a locked account names when it ends, and who can lift it
        if isinstance(error, auth.AuthenticationError) and error.retry_after:
            self._start_wait(error.retry_after)

    def reject(self) -> None:
        if self._checking:
            return  # Batal or Esc during the check (a moment): what it builds must be settled
        super().reject()

    def _wait_for_database(self) -> None:
        """Masuk pressed before the database is open (a large upgrade, a slow disk): say so,
        keep the typed name and password as they are, and sign in the moment it is."""
        self.error_label.setStyleSheet("")
        self.error_label.setText(_("Membuka database… Anda akan masuk begitu database siap."))
        self.error_label.setVisible(True)
        for widget in (self.username_edit, self.password_edit, self.login_button):
            widget.setEnabled(False)

        def go_on() -> None:
            self.error_label.setStyleSheet(_ERROR_STYLE)
            self.error_label.setVisible(False)
            for widget in (self.username_edit, self.password_edit, self.login_button):
                widget.setEnabled(True)
            self._on_login_clicked()

        self.opening.when_ready(go_on)

    def _show_error(self, message: str) -> None:
        self.error_label.setText(message)
        self.error_label.setVisible(True)
        self.password_edit.selectAll()
        self.password_edit.setFocus()

    def _start_wait(self, seconds: int) -> None:
        from PySide6.QtCore import Qt  # not on the way to the dialog (see the module's top)

        self._wait_timer.setTimerType(Qt.TimerType.PreciseTimer)
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

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
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
        self.error_label = _error_label()
        layout.addWidget(self.error_label)
        layout.addWidget(ok_cancel_buttons(self, _("Buat akun"), self._on_create_clicked))
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
        from bpjs_desktop.services import workstation

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
    db: Database | Opening,
    parent: QWidget | None = None,
    lock: db_lock.DatabaseLock | None = None,
    *,
    ahead: Ahead[Any] | None = None,
) -> SignedIn | None:
    """Ask who is working (or create the first administrator); None if the user gives up.

    *db* may still be opening (:func:`open_guarded` behind the sign-in): the dialog is up
    meanwhile, and if the opening fails the user is told why and None is returned. With
    *ahead*, the sign-in dialog builds the user's window while it checks the password, and
    leaves it in ``ahead.built`` (see :class:`Ahead`).
    """
    dialog: LoginDialog | FirstAdminDialog
    if isinstance(db, Opening) and db.error is not None:
        show_error(parent, db.error, _("Database tidak dapat dibuka"))
        return None
    if isinstance(db, Opening) and db.db is None:
        login = LoginDialog(db, parent, ahead=ahead, lock=lock)  # a first look found its users
        db.when_ready(lambda: None if db.db is not None else login.reject())
        dialog = login
    else:
        from bpjs_desktop.services import workstation

        open_db = db.db if isinstance(db, Opening) else db
        assert open_db is not None
        if workstation.needs_first_admin(open_db):
            dialog = FirstAdminDialog(open_db, parent)
        else:
            dialog = LoginDialog(open_db, parent, ahead=ahead, lock=lock)
    dialog.setModal(True)  # Qt.WindowModality.ApplicationModal
    accepted = dialog.exec() == QDialog.DialogCode.Accepted
    if isinstance(db, Opening):
        db.wait()
        if db.error is not None:
            show_error(parent, db.error, _("Database tidak dapat dibuka"))
            return None
    if not accepted or dialog.signed_in is None:
        return None
    return dataclasses.replace(dialog.signed_in, lock=lock)


def start_session(
    url: str,
    *,
    prepare: Callable[[], object] | None = None,
    ahead: Ahead[Any] | None = None,
) -> SignedIn | None:
    """The app's first screens: open *url* and sign in (None if that ends without a user).

    A SQLite file with users (most starts) shows the sign-in dialog at once and opens behind
    it; *prepare* runs on the GUI thread once the database is open, while the user is still
    typing (the window's own modules), so that little is left to do once they press Masuk:
    checking the password, and building the window, both at once with *ahead*.
    """
    opening = open_guarded(url, behind_sign_in=True)
    if opening is None:
        return None
    if prepare is not None:
        opening.when_ready(lambda: None if opening.db is None else prepare())
    session = sign_in(opening, lock=opening.lock, ahead=ahead)
    if session is None:
        opening.close()
    return session
