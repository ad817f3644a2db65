"""The idle lock as a user meets it: a half-typed form stays typed behind the lock, a wrong
password keeps the screen locked, the right one gives it back; "Ganti pengguna" asks first; the
office's minutes are set by the administrator in the settings dialog."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from sqlalchemy import select

from bpjs_desktop.db.models import AuditEvent, Role
from bpjs_desktop.errors import PermissionDeniedError
from bpjs_desktop.services import auth, office_settings
from bpjs_desktop.services.demo.plan import DEMO_PASSWORD
from bpjs_desktop.services.workstation import SignedIn
from bpjs_desktop.ui.admin.settings_dialog import SettingsDialog
from bpjs_desktop.ui.main_window import MainWindow
from bpjs_desktop.ui.membership.worker_form import WorkerFormDialog

IDLE_MS = 300  # the test's "minutes": a third of a second


def _session_actions(session: SignedIn) -> list[str]:
    with session.db.read() as s:
        return list(
            s.scalars(
                select(AuditEvent.action)
                .where(AuditEvent.action.like("session.%"))
                .order_by(AuditEvent.id)
            )
        )


def _locked(window: MainWindow) -> bool:
    return window.lock_dialog is not None and window.lock_dialog.isVisible()


def test_a_typed_form_stays_typed_behind_the_lock(
    qtbot,
    session_for: Callable[[str], SignedIn],
    make_window,
    screenshot,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(
        QMessageBox, "question", lambda *_a, **_k: QMessageBox.StandardButton.Discard
    )
    session = session_for("pelayanan.grs")
    window = make_window(session)
    window.idle_watcher.set_interval_ms(IDLE_MS)
    window.register_worker()
    form = window.findChild(WorkerFormDialog)
    assert form is not None
    qtbot.keyClicks(form.name_edit, "SITI AMINAH")
    qtbot.waitUntil(lambda: _locked(window), timeout=5000)
    lock = window.lock_dialog
    assert lock is not None
    assert lock.windowModality() is Qt.WindowModality.ApplicationModal
    screenshot(lock, "idle_lock")
    # Esc does not unlock; a wrong password keeps the screen locked and says why.
    qtbot.keyClick(lock.password_edit, Qt.Key.Key_Escape)
    qtbot.keyClicks(lock.password_edit, "salah-sekali")
    qtbot.mouseClick(lock.unlock_button, Qt.MouseButton.LeftButton)
    assert _locked(window)
    assert lock.error_label.isVisible()
    assert "salah" in lock.error_label.text()
    assert form.isVisible()
    # The right password: the lock goes, the form is there as it was typed.
    lock.password_edit.clear()
    qtbot.keyClicks(lock.password_edit, DEMO_PASSWORD)
    qtbot.mouseClick(lock.unlock_button, Qt.MouseButton.LeftButton)
    assert window.lock_dialog is None
    assert form.isVisible()
    assert form.name_edit.text() == "SITI AMINAH"
    assert _session_actions(session) == ["session.locked", "session.unlocked"]
    with session.db.read() as s:
        failed = s.scalar(
            select(AuditEvent.action)
            .order_by(AuditEvent.id.desc())
            .where(AuditEvent.action == "user.login_failed")
        )
    assert failed == "user.login_failed"  # the wrong password counted as at the sign-in
    window.idle_watcher.stop()


def test_switching_user_asks_first_and_keeps_everything_on_no(
    qtbot, session_for: Callable[[str], SignedIn], make_window, monkeypatch: pytest.MonkeyPatch
) -> None:
    session = session_for("pelayanan.grs")
    window = make_window(session)
    window.idle_watcher.set_interval_ms(IDLE_MS)
    asked: list[str] = []

    def answer(*args: object, **_kwargs: object) -> QMessageBox.StandardButton:
        asked.append(str(args[2]))
        return QMessageBox.StandardButton.Cancel

    monkeypatch.setattr(QMessageBox, "question", answer)
    qtbot.waitUntil(lambda: _locked(window), timeout=5000)
    lock = window.lock_dialog
    assert lock is not None
    qtbot.mouseClick(lock.switch_button, Qt.MouseButton.LeftButton)
    assert len(asked) == 1 and "dibuang" in asked[0]
    assert _locked(window)  # still locked, still this user's
    assert window.session is session
    window.idle_watcher.stop()


def test_the_administrator_sets_the_minutes_in_the_settings(
    qtbot, session_for: Callable[[str], SignedIn]
) -> None:
    admin = session_for("admin")
    dialog = SettingsDialog(admin)
    qtbot.addWidget(dialog)
    tab = dialog.idle_lock_tab
    assert tab.minutes_edit.text() == str(office_settings.IDLE_LOCK_DEFAULT)
    saved: list[int] = []
    dialog.idle_lock_saved.connect(saved.append)
    tab.minutes_edit.setText("0")
    tab.save()
    assert saved == []
    assert "1–120" in tab.form.errors["idle_minutes"].text()
    tab.minutes_edit.setText("5")
    tab.save()
    assert saved == [5]
    assert office_settings.idle_lock_minutes(admin.db) == 5
    # A branch head reads it, but cannot change it.
    head = SettingsDialog(session_for("kepala.grs"))
    qtbot.addWidget(head)
    assert head.idle_lock_tab.minutes_edit.text() == "5"
    assert head.idle_lock_tab.minutes_edit.isReadOnly()
    assert not head.idle_lock_tab.save_button.isEnabled()


def test_the_regional_head_sets_the_minutes_and_a_branch_head_is_refused(
    qtbot, session_for: Callable[[str], SignedIn]
) -> None:
    """Who may change the lock is one line of the permission table ("idle_lock.set"): the
    dialog offers the field to the regional head and greys it for a branch head, whom the
    service refuses as well."""
    admin = session_for("admin")
    auth.add_user(
        admin.db, admin.actor, username="kepala.jtm", full_name="Kepala Kanwil Jatim",
        role=Role.KEPALA_KANWIL, password=DEMO_PASSWORD,
    )  # fmt: skip
    regional = SettingsDialog(session_for("kepala.jtm"))
    qtbot.addWidget(regional)
    tab = regional.idle_lock_tab
    assert not tab.minutes_edit.isReadOnly() and tab.save_button.isEnabled()
    tab.minutes_edit.setText("7")
    tab.save()
    assert office_settings.idle_lock_minutes(admin.db) == 7

    branch = session_for("kepala.grs")
    head = SettingsDialog(branch)
    qtbot.addWidget(head)
    assert head.idle_lock_tab.minutes_edit.isReadOnly()
    assert not head.idle_lock_tab.save_button.isEnabled()
    with pytest.raises(PermissionDeniedError, match="kunci layar"):
        office_settings.set_idle_lock_minutes(branch.db, branch.actor, "9")
    assert office_settings.idle_lock_minutes(admin.db) == 7
