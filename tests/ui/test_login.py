"""Signing in: a wrong password keeps the dialog open; a new database asks for its first admin."""

from __future__ import annotations

import shutil
import threading
from pathlib import Path

import pytest
import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QPushButton

from bpjs_desktop.db.engine import Database, sqlite_url
from bpjs_desktop.db.models import Role
from bpjs_desktop.services import auth, db_lock
from bpjs_desktop.services.demo.plan import DEMO_PASSWORD
from bpjs_desktop.ui.login import (
    Ahead,
    FirstAdminDialog,
    LoginDialog,
    Opening,
    open_guarded,
    sign_in,
    start_session,
)
from bpjs_desktop.ui.main_window import MainWindow
from tests.ui.keyboard import shown

ACCEPTED = QDialog.DialogCode.Accepted.value
REJECTED = QDialog.DialogCode.Rejected.value


def ok_button(dialog: QDialog) -> QPushButton:
    button = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)
    assert button is not None and button.isEnabled()
    return button


def result(dialog: QDialog) -> int:
    value = dialog.result()
    return value.value if isinstance(value, QDialog.DialogCode) else int(value)


@pytest.fixture
def login(qtbot, demo_db: Database) -> LoginDialog:
    """The sign-in dialog of the demo database, shown (not exec'd, so the test can drive it)."""
    return shown(qtbot, LoginDialog(demo_db), active=False)


@pytest.fixture
def first_admin(qtbot, sqlite_db: Database) -> FirstAdminDialog:
    return shown(qtbot, FirstAdminDialog(sqlite_db), active=False)


def test_demo_login_suggests_admin_and_shows_the_demo_password(
    login: LoginDialog, screenshot
) -> None:
    """On a demo database the user name is filled in and the shared password is shown."""
    assert login.username_edit.text() == "admin"
    assert login.focusWidget() is login.password_edit
    assert not login.error_label.isVisible()
    assert login.findChild(QPushButton, "login_button").text() == "Masuk"
    screenshot(login, "login")


def test_wrong_password_keeps_the_dialog_open_with_the_error_and_the_password_selected(
    qtbot, login: LoginDialog, screenshot
) -> None:
    """A wrong password is said beside the fields; the password is selected to be typed again."""
    qtbot.keyClicks(login.password_edit, "salah-sandi")
    qtbot.mouseClick(ok_button(login), Qt.MouseButton.LeftButton)

    assert login.isVisible()
    assert result(login) == REJECTED
    assert login.signed_in is None
    assert login.error_label.isVisible()
    assert login.error_label.text() == "Nama pengguna atau kata sandi salah"
    assert login.focusWidget() is login.password_edit
    assert login.password_edit.selectedText() == "salah-sandi"
    screenshot(login, "login_wrong_password")


def test_right_password_after_a_wrong_one_signs_in(qtbot, login: LoginDialog) -> None:
    """Typing over the selected wrong password with the right one accepts and names the actor."""
    qtbot.keyClicks(login.password_edit, "salah-sandi")
    qtbot.keyClick(login.password_edit, Qt.Key.Key_Return)
    assert login.error_label.isVisible()

    qtbot.keyClicks(login.password_edit, DEMO_PASSWORD)  # replaces the selection
    assert login.password_edit.text() == DEMO_PASSWORD
    qtbot.mouseClick(ok_button(login), Qt.MouseButton.LeftButton)

    assert result(login) == ACCEPTED
    assert not login.isVisible()
    assert login.signed_in is not None
    assert login.signed_in.actor.username == "admin"
    assert login.signed_in.actor.role is Role.ADMIN


def test_office_staff_sign_in_as_themselves(qtbot, login: LoginDialog) -> None:
    """A branch user (kepala.mjk) signs in with the demo password and is known by office."""
    login.username_edit.selectAll()
    qtbot.keyClicks(login.username_edit, "kepala.mjk")
    qtbot.keyClicks(login.password_edit, DEMO_PASSWORD)
    login._on_login_clicked()

    assert result(login) == ACCEPTED
    assert login.signed_in is not None and login.signed_in.actor.role is Role.KEPALA
    assert login.signed_in.office_name == "KC Mojokerto"


def test_first_admin_refuses_passwords_that_differ(
    qtbot, first_admin: FirstAdminDialog, sqlite_db: Database, screenshot
) -> None:
    """Two different passwords: the dialog stays open, says so, and nobody is created."""
    qtbot.keyClicks(first_admin.name_edit, "Siti Rahmawati")
    qtbot.keyClicks(first_admin.password_edit, "rahasia-123")
    qtbot.keyClicks(first_admin.repeat_edit, "rahasia-124")
    qtbot.mouseClick(ok_button(first_admin), Qt.MouseButton.LeftButton)

    assert first_admin.isVisible()
    assert result(first_admin) == REJECTED
    assert first_admin.error_label.isVisible()
    assert first_admin.error_label.text() == "Kedua kata sandi tidak sama"
    assert first_admin.focusWidget() is first_admin.repeat_edit
    assert auth.user_count(sqlite_db) == 0
    screenshot(first_admin, "first_admin_mismatch")


def test_first_admin_creates_the_administrator_and_signs_in(
    qtbot, first_admin: FirstAdminDialog, sqlite_db: Database
) -> None:
    """Matching passwords create the first administrator, who can then sign in."""
    assert first_admin.username_edit.text() == "admin"
    qtbot.keyClicks(first_admin.name_edit, "Siti Rahmawati")
    qtbot.keyClicks(first_admin.password_edit, "rahasia-123")
    qtbot.keyClicks(first_admin.repeat_edit, "rahasia-123")
    qtbot.mouseClick(ok_button(first_admin), Qt.MouseButton.LeftButton)

    assert result(first_admin) == ACCEPTED
    assert first_admin.signed_in is not None
    assert first_admin.signed_in.actor.username == "admin"
    [user] = auth.list_users(sqlite_db)
    assert (user.username, user.full_name, user.role) == ("admin", "Siti Rahmawati", Role.ADMIN)
    assert auth.authenticate(sqlite_db, "admin", "rahasia-123").role is Role.ADMIN


def test_first_admin_says_why_a_short_password_is_refused(
    qtbot, first_admin: FirstAdminDialog, sqlite_db: Database
) -> None:
    """A password under 8 characters is refused with the rule, beside the password field."""
    qtbot.keyClicks(first_admin.name_edit, "Siti Rahmawati")
    qtbot.keyClicks(first_admin.password_edit, "pendek")
    qtbot.keyClicks(first_admin.repeat_edit, "pendek")
    first_admin._on_create_clicked()

    assert result(first_admin) == REJECTED
    assert first_admin.error_label.text() == "Kata sandi paling sedikit 8 karakter"
    assert first_admin.focusWidget() is first_admin.password_edit
    assert auth.user_count(sqlite_db) == 0


def test_sign_in_on_a_database_without_users_asks_for_the_first_admin(
    qtbot, monkeypatch: pytest.MonkeyPatch, sqlite_db: Database
) -> None:
    """sign_in() on an empty database shows FirstAdminDialog and returns the new admin's session.

    The modal ``exec()`` is replaced by a stand-in that plays the user: it fills the dialog it
    was given and presses OK, so a wrong dialog fails the test instead of blocking it.
    """
    shown: list[type] = []

    def play_user(dialog: QDialog) -> int:
        shown.append(type(dialog))
        qtbot.addWidget(dialog)
        dialog.show()
        if isinstance(dialog, FirstAdminDialog):
            qtbot.keyClicks(dialog.name_edit, "Siti Rahmawati")
            qtbot.keyClicks(dialog.password_edit, "rahasia-123")
            qtbot.keyClicks(dialog.repeat_edit, "rahasia-123")
            qtbot.mouseClick(ok_button(dialog), Qt.MouseButton.LeftButton)
        else:
            dialog.reject()
        return result(dialog)

    monkeypatch.setattr(QDialog, "exec", play_user)

    session = sign_in(sqlite_db)

    assert shown == [FirstAdminDialog]
    assert session is not None
    assert session.actor.username == "admin"
    assert session.office_name == "Kantor Wilayah Jawa Timur"
    assert auth.user_count(sqlite_db) == 1


def test_sign_in_on_a_database_with_users_asks_for_a_password(
    monkeypatch: pytest.MonkeyPatch, demo_db: Database
) -> None:
    """sign_in() on the demo shows the login dialog; giving up returns no session."""
    shown: list[type] = []

    def give_up(dialog: QDialog) -> int:
        shown.append(type(dialog))
        dialog.reject()
        return result(dialog)

    monkeypatch.setattr(QDialog, "exec", give_up)

    assert sign_in(demo_db) is None
    assert shown == [LoginDialog]


def test_repeated_failures_turn_the_button_off_for_a_countdown(qtbot, login: LoginDialog) -> None:
    """The second wrong password in a row turns Masuk off for 2 seconds with a countdown in
    Indonesian; then it is on again and the right password signs in."""
    button = login.findChild(QPushButton, "login_button")
    qtbot.keyClicks(login.password_edit, "salah-sandi")
    qtbot.keyClick(login.password_edit, Qt.Key.Key_Return)
    assert button.isEnabled()  # a first typo costs nothing
    qtbot.keyClicks(login.password_edit, "salah-lagi")
    qtbot.keyClick(login.password_edit, Qt.Key.Key_Return)

    assert not button.isEnabled()
    assert login.error_label.text() == (
        "Nama pengguna atau kata sandi salah. Tunggu 2 detik sebelum mencoba lagi."
    )
    qtbot.keyClicks(login.password_edit, DEMO_PASSWORD)
    qtbot.keyClick(login.password_edit, Qt.Key.Key_Return)  # Enter during the wait does nothing
    assert login.signed_in is None
    qtbot.waitUntil(lambda: "Tunggu 1 detik" in login.error_label.text(), timeout=3000)
    qtbot.waitUntil(button.isEnabled, timeout=3000)
    assert login.error_label.text() == "Silakan coba lagi."

    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert result(login) == ACCEPTED
    assert login.signed_in is not None and login.signed_in.actor.username == "admin"


def test_a_locked_account_says_so_until_when(qtbot, login: LoginDialog, screenshot) -> None:
    """After four failures earlier, a fifth in the dialog locks the account: the dialog says it
    is locked, until what time and why; even the right password is then refused."""
    from datetime import UTC, datetime, timedelta

    at = datetime.now(UTC) - timedelta(seconds=30)
    for n in range(auth.MAX_FAILURES - 1):
        at += auth.retry_delay(n)
        with pytest.raises(auth.AuthenticationError):
            auth.authenticate(login.db, "admin", "tebakan", now=at)

    qtbot.keyClicks(login.password_edit, "tebakan-lagi")
    qtbot.keyClick(login.password_edit, Qt.Key.Key_Return)
    text = login.error_label.text()
    assert text.startswith("Akun admin dikunci sampai pukul ")
    assert "karena 5 kali gagal masuk berturut-turut" in text
    assert "minta administrator membukanya" in text
    screenshot(login, "login_locked")

    qtbot.keyClicks(login.password_edit, DEMO_PASSWORD)
    qtbot.keyClick(login.password_edit, Qt.Key.Key_Return)
    assert login.isVisible() and login.signed_in is None
    assert login.error_label.text().startswith("Akun admin dikunci sampai pukul ")


# --- the sign-in dialog up while the database opens behind it (login.start_session) ---------


@pytest.fixture
def slow_open(monkeypatch: pytest.MonkeyPatch) -> threading.Event:
    """Opening a database waits on the returned event (a large upgrade, a slow disk): the real
    opening follows once it is set."""
    from bpjs_desktop.services import workstation

    go_on = threading.Event()
    real_open = workstation.open_database

    def open_slowly(url: str, **options):
        assert go_on.wait(30)
        return real_open(url, **options)

    monkeypatch.setattr(workstation, "open_database", open_slowly)
    return go_on


def test_the_sign_in_dialog_shows_before_the_database_is_open_and_signs_in_once_it_is(
    qtbot, demo_file: Path, tmp_path: Path, slow_open: threading.Event, screenshot
) -> None:
    """Masuk pressed while the file is still opening: the dialog says so and keeps what was
    typed; the moment the database is open the user is signed in, without pressing again."""
    path = tmp_path / "kantor.sqlite"
    shutil.copyfile(demo_file, path)
    opening = open_guarded(sqlite_url(path), behind_sign_in=True)
    assert isinstance(opening, Opening) and opening.db is None
    dialog = shown(qtbot, LoginDialog(opening), active=False)
    assert dialog.username_edit.text() == "admin"  # the demo's hint, from the first look
    assert dialog.findChild(QLabel, "demo_hint") is not None

    qtbot.keyClicks(dialog.password_edit, DEMO_PASSWORD)
    qtbot.mouseClick(dialog.login_button, Qt.MouseButton.LeftButton)

    assert dialog.isVisible()
    assert dialog.error_label.text() == "Membuka database… Anda akan masuk begitu database siap."
    assert not dialog.password_edit.isEnabled() and not dialog.login_button.isEnabled()
    assert dialog.password_edit.text() == DEMO_PASSWORD
    screenshot(dialog, "login-membuka-database")

    slow_open.set()
    qtbot.waitUntil(lambda: dialog.signed_in is not None, timeout=30_000)
    assert result(dialog) == ACCEPTED
    assert dialog.signed_in.actor.username == "admin"
    opening.close()
    assert not db_lock.lock_path(path).exists()


def test_a_database_that_fails_to_open_behind_the_dialog_closes_it_and_says_why(
    qtbot, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, demo_file: Path
) -> None:
    """The file turned out not to open (here: a schema newer than this app): the dialog goes
    away, the user is told why, and no session starts; the lock is let go."""
    from bpjs_desktop.errors import DatabaseError
    from bpjs_desktop.services import workstation
    from bpjs_desktop.ui import login as login_module

    path = tmp_path / "kantor.sqlite"
    shutil.copyfile(demo_file, path)

    def refuse(_url: str, **_options):
        raise DatabaseError("Database ini dibuat oleh versi aplikasi yang lebih baru.")

    monkeypatch.setattr(workstation, "open_database", refuse)
    errors: list[str] = []
    monkeypatch.setattr(
        login_module, "show_error", lambda _parent, error, _title: errors.append(str(error))
    )
    dialogs: list[QDialog] = []

    def wait_for_the_opening(dialog: QDialog) -> int:
        dialogs.append(dialog)
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=30_000)
        return result(dialog)

    monkeypatch.setattr(QDialog, "exec", wait_for_the_opening)

    assert start_session(sqlite_url(path)) is None
    assert [type(d) for d in dialogs] == [LoginDialog]
    assert errors == ["Database ini dibuat oleh versi aplikasi yang lebih baru."]
    assert not db_lock.lock_path(path).exists()


# --- the window built while the password is checked (login.Ahead) ------------------------------


@pytest.fixture
def ahead_login(qtbot, demo_db: Database, wait_for_tasks):
    """The demo's sign-in dialog as the app starts it: the main window is built for the account
    named while its password is checked on a worker. Yields the dialog, its Ahead and every
    window it built."""
    built: list[MainWindow] = []

    def build(session) -> MainWindow:
        built.append(MainWindow(session))
        return built[-1]

    ahead = Ahead(build, lambda window: window.abandon())
    dialog = shown(qtbot, LoginDialog(demo_db, ahead=ahead), active=False)
    yield dialog, ahead, built
    wait_for_tasks()
    for window in list(MainWindow.open_windows):
        window.close()
        window.deleteLater()
    MainWindow.open_windows.clear()


def test_the_right_password_signs_in_with_the_window_built_while_it_was_checked(
    qtbot, ahead_login
) -> None:
    """Masuk with the right password: the window built for the name typed is the one kept for
    the session signed in; the dialog never showed it (the app shows it once signed in)."""
    dialog, ahead, built = ahead_login
    qtbot.keyClicks(dialog.password_edit, DEMO_PASSWORD)
    qtbot.keyClick(dialog.password_edit, Qt.Key.Key_Return)

    qtbot.waitUntil(lambda: result(dialog) == ACCEPTED, timeout=10_000)
    assert len(built) == 1 and ahead.built is built[0]
    assert dialog.signed_in is not None and dialog.signed_in.actor.username == "admin"
    assert built[0].session == dialog.signed_in
    assert not built[0].isVisible()


def test_a_wrong_password_throws_away_the_window_built_for_it_unseen(qtbot, ahead_login) -> None:
    """A wrong password: the window built meanwhile is thrown away (deleted unshown, no longer
    among the app's windows, holding no session) and the dialog says what was wrong, ready
    for the next try, which signs in with a window of its own."""
    dialog, ahead, built = ahead_login
    qtbot.keyClicks(dialog.password_edit, "salah-sandi")
    qtbot.keyClick(dialog.password_edit, Qt.Key.Key_Return)

    qtbot.waitUntil(dialog.error_label.isVisible, timeout=10_000)
    assert dialog.error_label.text() == "Nama pengguna atau kata sandi salah"
    assert result(dialog) == REJECTED and dialog.signed_in is None
    [thrown] = built
    assert thrown.session is None and thrown not in MainWindow.open_windows
    assert ahead.built is None
    # deleted (with deleteLater: at the event loop's next turn, which a busy machine may delay)
    qtbot.waitUntil(lambda: not shiboken6.isValid(thrown), timeout=5_000)
    assert dialog.password_edit.isEnabled() and dialog.login_button.isEnabled()
    assert dialog.password_edit.selectedText() == "salah-sandi"

    qtbot.keyClicks(dialog.password_edit, DEMO_PASSWORD)
    qtbot.keyClick(dialog.password_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: result(dialog) == ACCEPTED, timeout=10_000)
    assert len(built) == 2 and ahead.built is built[1]


def test_an_unknown_name_builds_nothing_and_is_refused(qtbot, ahead_login) -> None:
    """A name no account has: nothing is built for it; the refusal is the usual one (it does
    not tell an unknown name from a wrong password)."""
    dialog, ahead, built = ahead_login
    dialog.username_edit.setText("tidak.ada")
    qtbot.keyClicks(dialog.password_edit, DEMO_PASSWORD)
    qtbot.keyClick(dialog.password_edit, Qt.Key.Key_Return)

    qtbot.waitUntil(dialog.error_label.isVisible, timeout=10_000)
    assert dialog.error_label.text() == "Nama pengguna atau kata sandi salah"
    assert built == [] and ahead.built is None and dialog.signed_in is None


def test_a_claim_that_cannot_be_read_builds_nothing_and_the_check_still_signs_in(
    qtbot, ahead_login, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The look-up of the name fails (the file busy, say): nothing is built ahead and the
    dialog is not left waiting; the check goes on as without it, and the window is built after."""
    from bpjs_desktop.errors import DatabaseError
    from bpjs_desktop.services import workstation

    def busy(*_args, **_kwargs):
        raise DatabaseError("Database sedang sibuk.")

    monkeypatch.setattr(workstation, "claim", busy)
    dialog, ahead, built = ahead_login
    qtbot.keyClicks(dialog.password_edit, DEMO_PASSWORD)
    qtbot.keyClick(dialog.password_edit, Qt.Key.Key_Return)

    qtbot.waitUntil(lambda: result(dialog) == ACCEPTED, timeout=10_000)
    assert built == [] and ahead.built is None
    assert dialog.signed_in is not None and dialog.signed_in.actor.username == "admin"
