"""Keyboard-first forms: labels with mnemonics, errors beside their field, Enter saves, Esc cancels.

A :class:`FormDialog` subclass builds its fields with :meth:`FieldForm.add` and implements
:meth:`FormDialog.submit`, which calls a service and returns what it saved. The service is the
guard: a :class:`~bpjs_desktop.errors.ValidationError` it raises is shown beside the fields it
names (the first one gets the focus) and the dialog stays open with everything still typed;
other known errors show above the buttons. Nothing is saved unless ``submit`` returns.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from typing import Any, Generic, TypeVar

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractButton,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from bpjs_desktop.domain.money import group_thousands, parse_rupiah
from bpjs_desktop.domain.periods import format_date, parse_date
from bpjs_desktop.errors import DatabaseError, FieldError, KnownError, ValidationError
from bpjs_desktop.i18n import _
from bpjs_desktop.ui.common.events import DataKind, data_changed
from bpjs_desktop.ui.common.widgets import ask_discard

ERROR_STYLE = "color: #b00020;"
WARNING_STYLE = "color: #8a5300;"
HINT_STYLE = "color: palette(dark);"

T = TypeVar("T")


def set_readout(label: QLabel, text: str, style: str = HINT_STYLE) -> None:
    """Show *text* in a live read-out under a field (or a verdict), in the tone of *style*:
    grey help (:data:`HINT_STYLE`), a warning, an error, or a member widget's OK green."""
    label.setText(text)
    label.setStyleSheet(style)


def line_edit(max_length: int, placeholder: str = "") -> QLineEdit:
    """A text field that takes at most *max_length* characters (the column's width in the
    database), with *placeholder* as its grey example while empty."""
    edit = QLineEdit()
    edit.setMaxLength(max_length)
    if placeholder:
        edit.setPlaceholderText(placeholder)
    return edit


class _ValueEdit(QLineEdit, Generic[T]):
    """A field holding one value typed as text: empty is None, ``value()`` reads the text with
    *parse* (whose ValueError, a field error, says what is wrong), ``set_value`` writes a value
    as *format_value* does."""

    def __init__(
        self,
        parse: Callable[[str], T],
        format_value: Callable[[T], str],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._parse = parse
        self._format = format_value

    def value(self) -> T | None:
        text = self.text().strip()
        if not text:
            return None
        return self._parse(text)

    def set_value(self, value: T | None) -> None:
        self.setText("" if value is None else self._format(value))


class DateEdit(_ValueEdit[date]):
    """A date typed the Indonesian way (28/11/2026); ``value()`` raises a field error if bad."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parse_date, format_date, parent)
        self.setPlaceholderText(_("HH/BB/TTTT"))
        self.setMaxLength(10)


class MoneyEdit(_ValueEdit[int]):
    """Whole rupiah; groups thousands with dots when the user leaves the field."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parse_rupiah, group_thousands, parent)
        self.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.editingFinished.connect(self._on_editing_finished)

    def _on_editing_finished(self) -> None:
        try:
            amount = self.value()
        except ValueError:
            return  # left as typed; the form reports it on save
        if amount is not None:
            self.set_value(amount)


class FieldForm(QWidget):
    """A form layout whose rows carry an error line under their widget."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.layout_ = QFormLayout(self)
        self.layout_.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.layout_.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.widgets: dict[str, QWidget] = {}
        self.errors: dict[str, QLabel] = {}
        self.labels: dict[str, QLabel] = {}
        self.order: list[str] = []

    def add(self, name: str, text: str, widget: QWidget, hint: str | None = None) -> QWidget:
        """Add a row: *text* may carry a mnemonic (``"&NIK"``); *hint* is grey help text."""
        column = QWidget()
        label, _lines = self.stack_field(name, text, widget, hint, column)
        self.layout_.addRow(label, column)
        return widget

    def stack_field(
        self,
        name: str,
        text: str,
        widget: QWidget,
        hint: str | None,
        holder: QWidget,
        align: Qt.AlignmentFlag | None = None,
    ) -> tuple[QLabel, QVBoxLayout]:
        """Put *widget*, its hint line and its (hidden) error line under each other in *holder*
        and register the field as *name*; return its label (the buddy of *widget*) and the lines'
        layout, for a form that places the row itself. *align*: of the hint and error lines."""
        label = QLabel(text)
        label.setBuddy(widget)
        widget.setObjectName(widget.objectName() or f"{name}_edit")
        lines = QVBoxLayout(holder)
        lines.setContentsMargins(0, 0, 0, 0)
        lines.setSpacing(1)
        lines.addWidget(widget)
        notes: list[QLabel] = []
        if hint:
            hint_label = QLabel(hint)
            hint_label.setObjectName(f"{name}_hint")
            hint_label.setStyleSheet(HINT_STYLE)
            notes.append(hint_label)
        error = QLabel("")
        error.setObjectName(f"{name}_error")
        error.setStyleSheet(ERROR_STYLE)
        error.setVisible(False)
        notes.append(error)
        for note in notes:
            note.setWordWrap(True)
            if align is not None:
                note.setAlignment(align)
            lines.addWidget(note)
        self.widgets[name] = widget
        self.errors[name] = error
        self.labels[name] = label
        self.order.append(name)
        return label, lines

    def add_widget(self, widget: QWidget) -> None:
        """A full-width row without a label (a note, a preview)."""
        self.layout_.addRow(widget)

    def set_row_visible(self, name: str, visible: bool) -> None:
        column = self.widgets[name].parentWidget()
        assert column is not None
        self.layout_.setRowVisible(column, visible)

    def clear_errors(self) -> None:
        for error in self.errors.values():
            error.setText("")
            error.setVisible(False)

    def show_errors(self, errors: Iterable[FieldError]) -> list[FieldError]:
        """Put each error beside its field; return those no field here is named for.

        The first field (in form order) with an error gets the focus and its text selected.
        """
        self.clear_errors()
        unplaced: list[FieldError] = []
        placed: list[str] = []
        for error in errors:
            label = self.errors.get(error.field)
            if label is None or not self.widgets[error.field].isVisibleTo(self):
                unplaced.append(error)
                continue
            text = label.text()
            label.setText(f"{text}\n{error.message}" if text else error.message)
            label.setVisible(True)
            placed.append(error.field)
        if placed:
            first = min(placed, key=self.order.index)
            widget = self.widgets[first]
            widget.setFocus(Qt.FocusReason.OtherFocusReason)
            if isinstance(widget, QLineEdit):
                widget.selectAll()
        return unplaced


def field_value(name: str, getter: Any) -> Any:
    """Call a widget's ``value()``; a ValueError becomes a field error named *name*."""
    try:
        return getter()
    except ValueError as exc:
        raise ValidationError.single(name, str(exc)) from None


class FieldReader:
    """Reads a form's values field by field, keeping every field's error instead of stopping at
    the first, so that the user sees all the problems of a save at once::

        read = FieldReader()
        paid_on = read("paid_on", self.paid_edit.value)
        read.require("paid_on", paid_on, _("Tanggal bayar wajib diisi"))
        read.check()
    """

    def __init__(self) -> None:
        self.errors: list[FieldError] = []

    def __call__(self, name: str, getter: Callable[[], Any]) -> Any:
        """*getter*'s value, or None (its error kept) if what is typed is not a value."""
        try:
            return field_value(name, getter)
        except ValidationError as exc:
            self.errors.extend(exc.errors)
            return None

    def failed(self, name: str) -> bool:
        """True if field *name* already has an error."""
        return any(error.field == name for error in self.errors)

    def require(self, name: str, value: object, message: str) -> None:
        """Keep *message* as field *name*'s error when *value* is None and the field has no
        error yet (what was typed is not a value: that error says more)."""
        if value is None and not self.failed(name):
            self.errors.append(FieldError(name, message))

    def check(self) -> None:
        """Raise one ValidationError with every error kept; nothing if there is none."""
        if self.errors:
            raise ValidationError(self.errors)

    def submit(self, call: Callable[[], T]) -> T:
        """Call the service even when a field could not be read, so that every problem shows at
        once: the errors kept here replace what the service says of the same fields; a blank
        the service accepted for a field that could not be read is refused anyway."""
        try:
            result = call()
        except ValidationError as exc:
            mine = {e.field for e in self.errors}
            raise ValidationError(
                [*self.errors, *(e for e in exc.errors if e.field not in mine)]
            ) from None
        self.check()
        return result


class FormDialog(QDialog):
    """A dialog around a :class:`FieldForm`: Enter saves (the Save button is the default one),
    Esc cancels (asking first if anything was typed since :meth:`watch_changes`).

    Signals:
        saved(object): what :meth:`submit` returned, after the dialog accepted.

    A subclass names in :attr:`CHANGES` what kind of data its save changes; after ``saved``,
    that is announced app-wide with the office it was saved in (:meth:`changed_office`;
    :func:`~bpjs_desktop.ui.common.events.data_changed`), and every page showing such data of
    that office reloads itself: the form never refreshes a page.
    """

    saved = Signal(object)
    CHANGES: tuple[DataKind, ...] = ()

    def __init__(
        self, title: str, parent: QWidget | None = None, save_text: str | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.form = FieldForm()
        self.general_error = QLabel("")
        self.general_error.setObjectName("general_error")
        self.general_error.setStyleSheet(ERROR_STYLE)
        self.general_error.setWordWrap(True)
        self.general_error.setVisible(False)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setText(save_text or _("&Simpan"))
        self.save_button.setObjectName("save_button")
        cancel = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        cancel.setText(_("&Batal"))
        cancel.setObjectName("cancel_button")
        # Shown when saving met a passing cause (a lock, a full disk): what was typed stays, and
        # this tries the same save again (issue #12 item 4).
        self.retry_button = self.buttons.addButton(
            _("Coba lagi"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.retry_button.setObjectName("retry_button")
        self.retry_button.setVisible(False)
        self.retry_button.clicked.connect(self.save)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        self.main_layout = QVBoxLayout(self)
        self.main_layout.addWidget(self.form)
        self.main_layout.addWidget(self.general_error)
        self.main_layout.addWidget(self.buttons)
        # Only now, with the button inside the dialog: QDialog records its default button when
        # it is set. Set earlier, the Save button lost the default as soon as the focus left it
        # (it is first in the focus chain) and Enter in a field saved nothing.
        self.save_button.setDefault(True)
        self.result_value: Any = None
        self._dirty = False

    # --- changes -------------------------------------------------------------------------------
    def watch_changes(self) -> None:
        """Call after filling the fields: from now on an edit makes Esc ask before discarding."""
        for widget in self.form.widgets.values():
            signal = None
            if isinstance(widget, QLineEdit):
                signal = widget.textEdited
            elif isinstance(widget, QComboBox):
                signal = widget.currentIndexChanged
            elif isinstance(widget, QCheckBox | QAbstractButton):
                signal = widget.toggled
            elif isinstance(widget, QSpinBox):
                signal = widget.valueChanged
            if signal is not None:
                signal.connect(self._mark_dirty)

    def _mark_dirty(self, *_args: object) -> None:
        self._dirty = True

    def reject(self) -> None:
        if self._dirty and not ask_discard(self):
            return
        super().reject()

    # --- saving ---------------------------------------------------------------------------------
    def submit(self) -> Any:
        """Read the fields, call the service, return what was saved (raise to refuse)."""
        raise NotImplementedError

    def save(self) -> None:
        self.form.clear_errors()
        self.general_error.setVisible(False)
        self.retry_button.setVisible(False)
        try:
            self.result_value = self.submit()
        except ValidationError as exc:
            unplaced = self.form.show_errors(exc.errors)
            if unplaced:
                self._general("\n".join(e.message for e in unplaced))
            self._grow_to_fit()
            return
        except KnownError as exc:
            self._general(exc.message)
            if isinstance(exc, DatabaseError) and exc.retryable:
                self.retry_button.setVisible(True)
                self.retry_button.setFocus()
            self._grow_to_fit()
            return
        self._dirty = False
        self.accept()
        self.saved.emit(self.result_value)
        office = self.changed_office(self.result_value)
        for kind in self.CHANGES:
            data_changed(kind, office)

    def changed_office(self, result: Any) -> str | None:
        """The office whose records the save changed, announced with :attr:`CHANGES`: the saved
        row's ``office_code`` (the rows the services return carry it). A subclass whose save
        touches more than one office (a move between branches, a person's data seen under each
        of their KPJs) returns None, which every page takes as its own."""
        office = getattr(result, "office_code", None)
        return office if isinstance(office, str) and office else None

    def _grow_to_fit(self) -> None:
        """Make room for error lines that just appeared (a wrapped label in a form layout does
        not grow its row by itself, and the messages would overlap the next field)."""
        self.main_layout.activate()
        hint = self.sizeHint()
        if hint.height() > self.height() or hint.width() > self.width():
            self.resize(max(hint.width(), self.width()), max(hint.height(), self.height()))

    def _general(self, text: str) -> None:
        self.general_error.setText(text)
        self.general_error.setVisible(True)


def collect(*checks: Any) -> None:
    """Run several ``field_value``-style callables, raising one ValidationError with all of
    their field errors (so the user sees every problem at once)."""
    errors: list[FieldError] = []
    for check in checks:
        try:
            check()
        except ValidationError as exc:
            errors.extend(exc.errors)
    if errors:
        raise ValidationError(errors)
