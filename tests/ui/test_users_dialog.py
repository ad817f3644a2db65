"""The administrator's user window (issue #13): add, reset a password, disable, unlock — by keyboard."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from bpjs_desktop.db.models import Role
from bpjs_desktop.services import audit, auth
from bpjs_desktop.services.demo.plan import DEMO_PASSWORD
from bpjs_desktop.services.workstation import SignedIn
from bpjs_desktop.ui.admin.users_dialog import AddUserDialog, PasswordDialog, UsersDialog


@pytest.fixture
def users_dialog(qtbot, session: SignedIn, monkeypatch) -> UsersDialog:
    """The window, shown, with "Nonaktifkan …?" answered Yes."""
    monkeypatch.setattr(
        QMessageBox, "question", staticmethod(lambda *_a, **_k: QMessageBox.StandardButton.Yes)
    )
    dialog = UsersDialog(session)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def child_dialog(qtbot, kind: type) -> Callable[[], object]:
    found: list[object] = []

    def find() -> bool:
        found[:] = [
            w for w in QApplication.topLevelWidgets() if isinstance(w, kind) and w.isVisible()
        ]
        return bool(found)

    qtbot.waitUntil(find)
    return found[0]  # type: ignore[return-value]


def select(dialog: UsersDialog, username: str) -> None:
    row = next(i for i, u in enumerate(dialog.rows) if u.username == username)
    dialog.table.selectRow(row)


def actions(session: SignedIn) -> list[str]:
    return [e.action for e in audit.recent(session.db, limit=20)]


def test_the_list_shows_every_user_with_role_office_and_state(users_dialog: UsersDialog) -> None:
    """Name, full name, role, office, active; the administrator first, Unlock off (none locked)."""
    table = users_dialog.table
    assert table.rowCount() == len(auth.list_users(users_dialog.session.db)) > 5
    admin = [table.item(0, c).text() for c in range(6)]
    assert admin == ["admin", "ADMINISTRATOR DEMO", "Administrator", "Kantor wilayah", "Aktif", ""]
    assert not users_dialog.unlock_button.isEnabled()


def test_a_new_user_is_added_from_the_keyboard_after_the_errors_beside_the_fields(
    qtbot, users_dialog: UsersDialog
) -> None:
    """Alt+G opens the form; every wrong field says why beside it; then the user can sign in."""
    qtbot.keyClick(users_dialog, Qt.Key.Key_G, Qt.KeyboardModifier.AltModifier)
    form: AddUserDialog = child_dialog(qtbot, AddUserDialog)  # type: ignore[assignment]
    form.username_edit.setText("Budi Baru")
    form.password_edit.setText("rahasia-123")
    form.password2_edit.setText("rahasia-124")
    form.save()
    errors = {name: label.text() for name, label in form.form.errors.items() if label.isVisible()}
    assert set(errors) == {"username", "full_name", "password2"}
    assert errors["password2"] == "Kedua kata sandi tidak sama"
    assert form.isVisible()

    form.username_edit.setText("budi.grs")
    form.full_name_edit.setText("Budi Santoso")
    form.password2_edit.setText("rahasia-123")
    form.role_combo.setCurrentIndex(form.role_combo.findData(Role.AR))
    form.office_combo.setCurrentIndex(form.office_combo.findData("GRS"))
    form.save()
    assert not form.isVisible()
    assert users_dialog.selected() is not None and users_dialog.selected().username == "budi.grs"
    assert users_dialog.message.text() == "Pengguna budi.grs ditambahkan."
    actor = auth.authenticate(users_dialog.session.db, "budi.grs", "rahasia-123")
    assert actor.role is Role.AR
    assert "user.add" in actions(users_dialog.session)


def test_a_password_is_reset_and_an_account_disabled_and_enabled(
    qtbot, users_dialog: UsersDialog
) -> None:
    """Reset: the old password stops working. Disable: sign-in refused until enabled again."""
    db = users_dialog.session.db
    select(users_dialog, "pelayanan.grs")
    users_dialog.password_button.click()
    form: PasswordDialog = child_dialog(qtbot, PasswordDialog)  # type: ignore[assignment]
    form.password_edit.setText("sandi-baru-99")
    form.password2_edit.setText("sandi-baru-99")
    form.save()
    assert not form.isVisible()
    with pytest.raises(auth.AuthenticationError):
        auth.authenticate(db, "pelayanan.grs", DEMO_PASSWORD)
    assert auth.authenticate(db, "pelayanan.grs", "sandi-baru-99")

    assert users_dialog.active_button.text() == "&Nonaktifkan"
    users_dialog.active_button.click()
    assert users_dialog.message.text() == "Pengguna pelayanan.grs dinonaktifkan."
    assert users_dialog.active_button.text() == "&Aktifkan"
    with pytest.raises(auth.AuthenticationError):
        auth.authenticate(db, "pelayanan.grs", "sandi-baru-99")
    users_dialog.active_button.click()
    assert auth.authenticate(db, "pelayanan.grs", "sandi-baru-99")
    assert {"user.passwd", "user.disable", "user.enable"} <= set(actions(users_dialog.session))


def test_a_locked_account_is_unlocked(qtbot, session: SignedIn, monkeypatch) -> None:
    """Five failures lock ar.mlg; the row says until when, and Buka kunci lifts it."""
    now = datetime.now(UTC)
    for n in range(auth.MAX_FAILURES):
        with pytest.raises(auth.AuthenticationError):
            auth.authenticate(session.db, "ar.mlg", "tebakan", now=now + auth.retry_delay(n) * 2)
    dialog = UsersDialog(session)
    qtbot.addWidget(dialog)
    dialog.show()
    select(dialog, "ar.mlg")
    row = dialog.table.currentRow()
    assert dialog.table.item(row, 5).text() != ""
    assert dialog.unlock_button.isEnabled()
    dialog.unlock_button.click()
    assert dialog.message.text() == "Kunci akun ar.mlg dibuka."
    assert not dialog.unlock_button.isEnabled()
    assert auth.authenticate(session.db, "ar.mlg", DEMO_PASSWORD)


def test_the_administrator_cannot_disable_their_own_account(
    qtbot, users_dialog: UsersDialog, monkeypatch
) -> None:
    """The refusal is shown; the account stays active."""
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: shown.append(box.text()) or 0)
    select(users_dialog, "admin")
    users_dialog.active_button.click()
    assert shown and "akun Anda sendiri" in shown[0]
    assert [
        u.active for u in auth.list_users(users_dialog.session.db) if u.username == "admin"
    ] == [True]
