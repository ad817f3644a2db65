"""The administrator's window on the users: add one, reset a password, change a role or office,
disable or enable an account, lift a lock-out (issue #13: until now only the command line could).

Every change goes through ``services/auth.py``, which checks ``user.manage`` and writes the audit
event; the window only offers what the selected account needs (Unlock only while it is locked).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from bpjs_desktop.domain.roles import Role
from bpjs_desktop.errors import FieldError, KnownError, ValidationError
from bpjs_desktop.i18n import _
from bpjs_desktop.services import auth, reports
from bpjs_desktop.services.auth import UserRow
from bpjs_desktop.services.context import ROLE_LABELS
from bpjs_desktop.services.workstation import SignedIn
from bpjs_desktop.ui.common.forms import FormDialog
from bpjs_desktop.ui.common.layout_memory import remember_header
from bpjs_desktop.ui.common.month_office import OfficeCombo
from bpjs_desktop.ui.common.session_page import SessionDialog
from bpjs_desktop.ui.common.widgets import choose, combo_box, named_label, push_button, show_error


def _password_pair(first: QLineEdit, second: QLineEdit) -> list[FieldError]:
    """The password typed twice: refused beside the second field when the two differ."""
    errors: list[FieldError] = []
    if len(first.text()) < auth.MIN_PASSWORD:
        errors.append(
            FieldError(
                "password", _("Kata sandi paling sedikit {n} karakter").format(n=auth.MIN_PASSWORD)
            )
        )
    if first.text() != second.text():
        errors.append(FieldError("password2", _("Kedua kata sandi tidak sama")))
    return errors


def _password_edit() -> QLineEdit:
    edit = QLineEdit()
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    return edit


def _role_combo() -> QComboBox:
    combo = combo_box((_(ROLE_LABELS[role]), role) for role in Role)
    return combo


def _office_combo(session: SignedIn) -> QComboBox:
    """Every office an account may belong to (the administrator's scope: all), none first."""
    combo = OfficeCombo()
    offices = reports.list_offices(session.db, actor=session.actor)
    combo.fill(offices, every=_("(tanpa kantor: kantor wilayah)"), region=True, codes=True)
    return combo


class AddUserDialog(FormDialog):
    """A new account: name, full name, role, office, and the first password typed twice."""

    def __init__(self, session: SignedIn, parent: QWidget | None = None) -> None:
        super().__init__(_("Tambah pengguna"), parent, save_text=_("&Tambah"))
        self.setObjectName("add_user_dialog")
        self.session = session
        self.username_edit = QLineEdit()
        self.username_edit.setPlaceholderText(_("mis. pelayanan.sby"))
        self.full_name_edit = QLineEdit()
        self.role_combo = _role_combo()
        choose(self.role_combo, Role.PELAYANAN)
        self.office_combo = _office_combo(session)
        self.password_edit = _password_edit()
        self.password2_edit = _password_edit()
        form = self.form
        form.add(
            "username",
            _("&Nama pengguna"),
            self.username_edit,
            _("Huruf kecil, angka, titik, garis bawah atau tanda hubung"),
        )
        form.add("full_name", _("Nama &lengkap"), self.full_name_edit)
        form.add("role", _("&Peran"), self.role_combo)
        form.add("office", _("&Kantor"), self.office_combo)
        form.add(
            "password",
            _("Kata &sandi"),
            self.password_edit,
            _("Paling sedikit {n} karakter").format(n=auth.MIN_PASSWORD),
        )
        form.add("password2", _("&Ulangi kata sandi"), self.password2_edit)
        self.setMinimumWidth(480)
        self.watch_changes()

    def submit(self) -> UserRow:
        # Every field's problem at once, beside it; the service checks the same rules again.
        errors = [
            e
            for e in auth.check_new_user(
                self.username_edit.text(), self.full_name_edit.text(), self.password_edit.text()
            )
            if e.field != "password"
        ] + _password_pair(self.password_edit, self.password2_edit)
        if errors:
            raise ValidationError(errors)
        return auth.add_user(
            self.session.db,
            self.session.actor,
            username=self.username_edit.text(),
            full_name=self.full_name_edit.text(),
            role=self.role_combo.currentData(),
            password=self.password_edit.text(),
            office_code=self.office_combo.currentData(),
        )


class PasswordDialog(FormDialog):
    """A new password for an account, typed twice."""

    def __init__(self, session: SignedIn, user: UserRow, parent: QWidget | None = None) -> None:
        super().__init__(
            _("Atur ulang kata sandi {username}").format(username=user.username),
            parent,
            save_text=_("&Simpan kata sandi"),
        )
        self.setObjectName("password_dialog")
        self.session = session
        self.user = user
        self.password_edit = _password_edit()
        self.password2_edit = _password_edit()
        self.form.add(
            "password",
            _("Kata sandi &baru"),
            self.password_edit,
            _("Paling sedikit {n} karakter").format(n=auth.MIN_PASSWORD),
        )
        self.form.add("password2", _("&Ulangi kata sandi"), self.password2_edit)
        self.setMinimumWidth(440)
        self.watch_changes()

    def submit(self) -> str:
        errors = _password_pair(self.password_edit, self.password2_edit)
        if errors:
            raise ValidationError(errors)
        auth.set_password(
            self.session.db, self.session.actor, self.user.username, self.password_edit.text()
        )
        return self.user.username


class RoleDialog(FormDialog):
    """Another role or office for an account."""

    def __init__(self, session: SignedIn, user: UserRow, parent: QWidget | None = None) -> None:
        super().__init__(_("Peran {username}").format(username=user.username), parent)
        self.setObjectName("role_dialog")
        self.session = session
        self.user = user
        self.role_combo = _role_combo()
        choose(self.role_combo, user.role)
        self.office_combo = _office_combo(session)
        choose(self.office_combo, user.office_code)
        self.form.add("role", _("&Peran"), self.role_combo)
        self.form.add("office", _("&Kantor"), self.office_combo)
        self.setMinimumWidth(440)
        self.watch_changes()

    def submit(self) -> UserRow:
        return auth.set_role(
            self.session.db,
            self.session.actor,
            self.user.username,
            role=self.role_combo.currentData(),
            office_code=self.office_combo.currentData(),
        )


class UsersDialog(SessionDialog):
    """Every account of the database, and what the administrator may do to each."""

    COLUMN_COUNT = 6

    def __init__(self, session: SignedIn, parent: QWidget | None = None) -> None:
        super().__init__(session, "users_dialog", _("Pengguna"), parent)
        self.rows: list[UserRow] = []
        layout = QVBoxLayout(self)
        intro = QLabel(
            _(
                "Setiap perubahan dicatat di jejak audit atas nama Anda. Kata sandi tidak pernah "
                "ditampilkan; pengguna menerima kata sandi baru dari Anda secara langsung."
            )
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.table = QTableWidget(0, self.COLUMN_COUNT)
        self.table.setObjectName("users_table")
        self.table.setHorizontalHeaderLabels(
            [
                _("Nama pengguna"),
                _("Nama lengkap"),
                _("Peran"),
                _("Kantor"),
                _("Status"),
                _("Terkunci sampai"),
            ]
        )
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)  # Tab leaves the table for the buttons
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        # Enter (or a double click) on a row: its role and office.
        self.table.activated.connect(lambda _index: self.change_role())
        table_label = QLabel(_("&Daftar pengguna"))
        table_label.setBuddy(self.table)
        layout.addWidget(table_label)
        layout.addWidget(self.table, 1)
        remember_header(self.table, "users/users_table")
        self.message = named_label("users_message", wrap=True)
        layout.addWidget(self.message)
        row = QHBoxLayout()
        self.add_button = self._button(_("Tambah pen&gguna…"), "add_button", self.add_user)
        self.password_button = self._button(
            _("Atur ulang &kata sandi…"), "password_button", self.reset_password
        )
        self.role_button = self._button(_("Ubah &peran…"), "role_button", self.change_role)
        self.active_button = self._button(_("&Nonaktifkan"), "active_button", self.toggle_active)
        self.unlock_button = self._button(_("&Buka kunci"), "unlock_button", self.unlock)
        for button in (
            self.add_button,
            self.password_button,
            self.role_button,
            self.active_button,
            self.unlock_button,
        ):
            row.addWidget(button)
        row.addStretch(1)
        layout.addLayout(row)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close = buttons.button(QDialogButtonBox.StandardButton.Close)
        close.setText(_("&Tutup"))
        close.setObjectName("close_button")
        close.setAutoDefault(False)  # Enter on a row opens it rather than closing the window
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(900, 520)
        self.reload()

    def _button(self, text: str, name: str, slot: object) -> QPushButton:
        button = push_button(name, text)
        button.setAutoDefault(False)
        button.clicked.connect(lambda _checked=False: slot())  # type: ignore[operator]
        return button

    # --- the list ------------------------------------------------------------------------------
    def reload(self, select: str | None = None) -> None:
        """Read the users again; keep (or move to) the account named *select*."""
        current = self.selected()
        select = select or (current.username if current is not None else None)
        try:
            self.rows = auth.users_for(self.session.db, self.session.actor)
        except KnownError as exc:
            show_error(self, exc)
            self.rows = []
        self.table.setRowCount(len(self.rows))
        for r, user in enumerate(self.rows):
            locked = (
                user.locked_until.astimezone().strftime("%d/%m/%Y %H:%M")
                if isinstance(user.locked_until, datetime)
                else ""
            )
            values = (
                user.username,
                user.full_name,
                user.role_label,
                user.office_code or _("Kantor wilayah"),
                _("Aktif") if user.active else _("Nonaktif"),
                locked,
            )
            for c, value in enumerate(values):
                item = QTableWidgetItem(value)
                if not user.active:
                    item.setForeground(Qt.GlobalColor.darkGray)
                self.table.setItem(r, c, item)
        index = next((i for i, u in enumerate(self.rows) if u.username == select), 0)
        if self.rows:
            self.table.selectRow(index)
        self._update_buttons()

    def selected(self) -> UserRow | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        if not rows or rows[0].row() >= len(self.rows):
            return None
        return self.rows[rows[0].row()]

    def _update_buttons(self) -> None:
        user = self.selected()
        for button in (self.password_button, self.role_button, self.active_button):
            button.setEnabled(user is not None)
        self.active_button.setText(
            _("&Aktifkan") if user is not None and not user.active else _("&Nonaktifkan")
        )
        self.unlock_button.setEnabled(user is not None and user.locked_until is not None)

    def _done(self, text: str, select: str | None = None) -> None:
        self.message.setText(text)
        self.reload(select)

    # --- changes -------------------------------------------------------------------------------
    def add_user(self) -> None:
        dialog = AddUserDialog(self.session, self)
        dialog.saved.connect(
            lambda row: self._done(
                _("Pengguna {username} ditambahkan.").format(username=row.username), row.username
            )
        )
        dialog.open()

    def reset_password(self) -> None:
        self._open_on_selected(
            PasswordDialog,
            lambda name: (_("Kata sandi {username} diganti.").format(username=name), name),
        )

    def change_role(self) -> None:
        self._open_on_selected(
            RoleDialog,
            lambda row: (
                _("Peran {username} sekarang {role}.").format(
                    username=row.username, role=row.role_label
                ),
                row.username,
            ),
        )

    def _open_on_selected(
        self,
        dialog_class: type[PasswordDialog | RoleDialog],
        said: Callable[[Any], tuple[str, str]],
    ) -> None:
        """Open *dialog_class* on the selected user (none selected: nothing); once it saves,
        show the text *said* makes of what it saved and select that user again."""
        user = self.selected()
        if user is None:
            return
        dialog = dialog_class(self.session, user, self)
        dialog.saved.connect(lambda saved: self._done(*said(saved)))
        dialog.open()

    def toggle_active(self) -> None:
        user = self.selected()
        if user is None:
            return
        if user.active:
            answer = QMessageBox.question(
                self,
                _("Nonaktifkan pengguna"),
                _("Nonaktifkan {username}? Pengguna ini tidak dapat masuk lagi sampai diaktifkan.")
                .format(username=user.username),
            )  # fmt: skip
            if answer != QMessageBox.StandardButton.Yes:
                return
        try:
            auth.set_active(self.session.db, self.session.actor, user.username, not user.active)
        except KnownError as exc:
            show_error(self, exc)
            return
        text = (
            _("Pengguna {username} diaktifkan.")
            if not user.active
            else _("Pengguna {username} dinonaktifkan.")
        )
        self._done(text.format(username=user.username), user.username)

    def unlock(self) -> None:
        user = self.selected()
        if user is None:
            return
        try:
            auth.unlock(self.session.db, self.session.actor, user.username)
        except KnownError as exc:
            show_error(self, exc)
            return
        self._done(_("Kunci akun {username} dibuka.").format(username=user.username), user.username)
