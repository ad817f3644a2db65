"""The idle lock (issue #11): after the office's idle minutes without a key or a click, the main
window covers everything with a modal lock that asks the signed-in user's password again.

Nothing underneath is touched: open dialogs and half-typed forms stay as they are, hidden behind
the application-modal lock, and are there again once the password is right. The password goes
through ``auth.authenticate``, so the growing delays and the lockout after five failures apply
here as at the sign-in. "Ganti pengguna" signs out instead, after asking, since it throws away
what is open. Locking and unlocking are on the audit trail (``session.locked``/``unlocked``).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QApplication,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from bpjs_desktop.errors import KnownError
from bpjs_desktop.i18n import _
from bpjs_desktop.services import auth
from bpjs_desktop.services.workstation import SignedIn
from bpjs_desktop.ui.common.session_page import SessionDialog
from bpjs_desktop.ui.common.widgets import named_label

# The input that shows someone is at the keyboard (a window repainting or a timer does not).
_INPUT_EVENTS = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseMove,
        QEvent.Type.Wheel,
        QEvent.Type.TouchBegin,
    }
)


class IdleWatcher(QObject):
    """An application-wide event filter: each key or mouse input restarts the countdown.

    Signals:
        idle(): the countdown ran out (the window locks; the watcher stops until resumed).
    """

    idle = Signal()

    def __init__(self, minutes: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.timer = QTimer(self)
        self.timer.setObjectName("idle_timer")
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self._on_timeout)
        self.set_interval_ms(minutes * 60_000)
        self.paused = False

    def set_interval_ms(self, milliseconds: int) -> None:
        """The countdown in milliseconds (the office's minutes; tests set a few hundred)."""
        self.timer.setInterval(milliseconds)
        if self.timer.isActive():
            self.timer.start()

    def start(self) -> None:
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)
        self.paused = False
        self.timer.start()

    def stop(self) -> None:
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
        self.timer.stop()

    def resume(self) -> None:
        """After unlocking: count again from now."""
        self.paused = False
        self.timer.start()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if not self.paused and event.type() in _INPUT_EVENTS:
            self.timer.start()
        return False  # only watching: every event goes on to its widget

    def _on_timeout(self) -> None:
        self.paused = True
        self.idle.emit()


class LockDialog(SessionDialog):
    """The lock over everything: the signed-in user's password, or "Ganti pengguna".

    It cannot be closed by Esc or the window's close button: only the right password (accepted)
    or a confirmed sign-out (``signed_out`` set, rejected) ends it.
    """

    def __init__(self, session: SignedIn, parent: QWidget | None = None) -> None:
        super().__init__(session, "lock_dialog", _("Layar terkunci — bpjs-desktop"), parent)
        self.signed_out = False
        self.setWindowModality(Qt.WindowModality.ApplicationModal)
        self.setWindowFlag(Qt.WindowType.WindowCloseButtonHint, False)
        self.setMinimumWidth(440)
        layout = QVBoxLayout(self)
        heading = named_label(
            "lock_heading",
            _(
                "Layar dikunci karena tidak ada kegiatan. Isian yang terbuka tetap ada. "
                "Masukkan kata sandi <b>{username}</b> ({name}) untuk melanjutkan."
            ).format(username=session.actor.username, name=session.actor.full_name),
            wrap=True,
        )
        heading.setTextFormat(Qt.TextFormat.RichText)
        layout.addWidget(heading)
        password_label = QLabel(_("&Kata sandi"))
        self.password_edit = QLineEdit()
        self.password_edit.setObjectName("lock_password_edit")
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        password_label.setBuddy(self.password_edit)
        layout.addWidget(password_label)
        layout.addWidget(self.password_edit)
        self.error_label = named_label("lock_error_label", wrap=True, style="color: #b00020;")
        self.error_label.setVisible(False)
        layout.addWidget(self.error_label)
        buttons = QDialogButtonBox()
        self.unlock_button = buttons.addButton(
            _("&Buka kunci"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.unlock_button.setObjectName("unlock_button")
        self.unlock_button.setDefault(True)
        self.switch_button = buttons.addButton(
            _("&Ganti pengguna…"), QDialogButtonBox.ButtonRole.ResetRole
        )
        self.switch_button.setObjectName("switch_user_button")
        self.unlock_button.clicked.connect(self.try_unlock)
        self.switch_button.clicked.connect(self.switch_user)
        layout.addWidget(buttons)
        self.password_edit.setFocus()

    def try_unlock(self) -> None:
        """Check the password of the user who is signed in (delays and lockout apply)."""
        db = self.session.db
        check = auth.authenticate_read_only if db.read_only else auth.authenticate
        try:
            actor = check(db, self.session.actor.username, self.password_edit.text())
        except KnownError as exc:
            self._show_error(exc.message)
            return
        if actor.user_id != self.session.actor.user_id:  # pragma: no cover - same name, same user
            self._show_error(_("Nama pengguna atau kata sandi salah"))
            return
        self.password_edit.clear()
        self.accept()

    def switch_user(self) -> None:
        """Sign out, after asking: what is open and not saved is thrown away."""
        answer = QMessageBox.question(
            self,
            _("Ganti pengguna?"),
            _(
                "Semua jendela dan isian yang belum disimpan akan ditutup dan isiannya dibuang. "
                "Keluar dan masuk sebagai pengguna lain?"
            ),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        self.signed_out = True
        super().reject()

    def _show_error(self, message: str) -> None:
        self.error_label.setText(message)
        self.error_label.setVisible(True)
        self.password_edit.selectAll()
        self.password_edit.setFocus()

    def reject(self) -> None:
        """Esc does not unlock."""
