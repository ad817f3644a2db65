"""Typing into dialogs as an officer does: keys, mnemonics, Tab, Enter, and modal dialogs."""

from __future__ import annotations

import re
from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QLineEdit, QWidget


def activate(qtbot, widget: QWidget) -> None:
    """Make *widget* the active window: its mnemonics and Enter answer only then."""
    widget.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is widget, timeout=2000)


def type_in_turn(qtbot, *values: str) -> None:
    """Type each value into the field that has focus, then Tab on to the next field."""
    for value in values:
        qtbot.keyClicks(QApplication.focusWidget(), value)
        press(qtbot, Qt.Key.Key_Tab)


def shown(
    qtbot, widget: QWidget, size: tuple[int, int] | None = None, *, active: bool = True
) -> QWidget:
    """Show *widget* (closed after the test), at *size* if given, and wait until it is on screen
    and, unless ``active=False``, the active window: keys typed go to it."""
    qtbot.addWidget(widget)
    if size:
        widget.resize(*size)
    widget.show()
    qtbot.waitExposed(widget)
    if active:
        qtbot.waitUntil(lambda: QApplication.activeWindow() is widget)
    return widget


def retype(qtbot, widget: QWidget, text: str) -> None:
    """Focus *widget*, select what it holds and type *text* over it."""
    widget.setFocus()
    if isinstance(widget, QLineEdit):
        widget.selectAll()
        if not text:
            qtbot.keyClick(widget, Qt.Key.Key_Delete)
    qtbot.keyClicks(widget, text)


def alt(qtbot, dialog: QWidget, letter: str) -> QWidget:
    """Press Alt+*letter* (a label's or button's mnemonic); return the widget that has focus."""
    qtbot.keyClick(
        dialog, getattr(Qt.Key, f"Key_{letter.upper()}"), Qt.KeyboardModifier.AltModifier
    )
    focused = QApplication.focusWidget()
    assert focused is not None
    return focused


def press(qtbot, key: Qt.Key, times: int = 1) -> None:
    """Press *key* where the focus is."""
    for _ in range(times):
        focused = QApplication.focusWidget()
        assert focused is not None, "nothing has the keyboard focus"
        qtbot.keyClick(focused, key)


def tab_order(qtbot, start: QWidget, steps: int) -> list[str]:
    """Object names of the widgets Tab visits from *start* (included), as a user would see it."""
    start.setFocus()
    names = [start.objectName()]
    for _ in range(steps):
        press(qtbot, Qt.Key.Key_Tab)
        focused = QApplication.focusWidget()
        names.append(focused.objectName() if focused is not None else "")
    return names


def mnemonics(dialog: QWidget) -> list[str]:
    """The Alt letters of every visible label and button of *dialog*, in lower case."""
    letters = []
    for widget in dialog.findChildren(QLabel) + dialog.findChildren(QAbstractButton):
        if not widget.isVisibleTo(dialog):
            continue
        match = re.search(r"&([^&\s])", widget.text())
        if match:
            letters.append(match.group(1).lower())
    return letters


def on_next_modal(
    qtbot, action: Callable[[QWidget], None], parent: QWidget | None = None
) -> list[BaseException]:
    """Run *action* on the next modal dialog once it is open (a dialog run with ``exec()``).

    If the action fails, the dialog is closed (so the test does not wait for ever) and the
    error is put in the returned list; call :func:`raise_failures` on it after the step.
    """
    failures: list[BaseException] = []
    tries = iter(range(250))  # five seconds

    def attempt() -> None:
        modal = QApplication.activeModalWidget()
        if modal is None or modal is parent or not modal.isVisible():
            if next(tries, None) is None:
                failures.append(AssertionError("no modal dialog opened"))
                return
            QTimer.singleShot(20, attempt)
            return
        modal.activateWindow()  # its mnemonics answer only while it is the active window
        qtbot.waitUntil(lambda: QApplication.activeWindow() is modal, timeout=2000)
        try:
            action(modal)
            qtbot.waitUntil(lambda: not modal.isVisible(), timeout=2000)
        except BaseException as exc:
            failures.append(exc)
        finally:
            if modal.isVisible():
                modal.close()

    QTimer.singleShot(0, attempt)
    return failures


def raise_failures(failures: list[BaseException]) -> None:
    if failures:
        raise failures[0]


def discard_without_asking(monkeypatch) -> list[str]:
    """Answer "Discard" to the "throw away what was typed?" question (a dialog closed at the end
    of a test must not wait for a click); return the questions asked."""
    from PySide6.QtWidgets import QMessageBox

    asked: list[str] = []

    def answer(*args: object, **_kwargs: object) -> QMessageBox.StandardButton:
        asked.append(str(args[2]))
        return QMessageBox.StandardButton.Discard

    monkeypatch.setattr(QMessageBox, "question", answer)
    return asked
