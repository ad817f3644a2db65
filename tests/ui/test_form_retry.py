"""A save that meets a passing cause (another copy's lock, a full disk) keeps what was typed and
offers *Coba lagi*, which saves the same form again (issue #12 item 4); a cause that does not pass
(a corrupt file) offers no retry."""

from __future__ import annotations

import sqlite3

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit

from bpjs_desktop.db.engine import translate_error
from bpjs_desktop.errors import DatabaseError
from bpjs_desktop.ui.common.forms import FormDialog


class NameForm(FormDialog):
    """One field; the service fails as told, then succeeds."""

    def __init__(self, failures: list[BaseException]) -> None:
        super().__init__("Uji")
        self.failures = failures
        self.name_edit = QLineEdit()
        self.form.add("name", "&Nama", self.name_edit)
        self.saved_names: list[str] = []

    def submit(self) -> str:
        if self.failures:
            raise self.failures.pop(0)
        self.saved_names.append(self.name_edit.text())
        return self.name_edit.text()


def _sqlite_error(code: int, text: str) -> DatabaseError:
    error = sqlite3.OperationalError(text)
    error.sqlite_errorcode = code  # type: ignore[attr-defined]
    known = translate_error(error)
    assert known is not None
    return known


def test_a_locked_database_keeps_the_form_and_saves_on_retry(qtbot) -> None:
    locked = _sqlite_error(sqlite3.SQLITE_BUSY, "database is locked")
    dialog = NameForm([locked])
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.name_edit, "SITI AMINAH")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    assert dialog.isVisible()
    assert "terkunci" in dialog.general_error.text()
    assert dialog.retry_button.isVisible()
    assert dialog.name_edit.text() == "SITI AMINAH"  # nothing typed is lost

    qtbot.mouseClick(dialog.retry_button, Qt.MouseButton.LeftButton)
    assert dialog.saved_names == ["SITI AMINAH"]
    assert not dialog.isVisible()


def test_a_full_disk_is_retryable_and_a_corrupt_file_is_not(qtbot) -> None:
    full = _sqlite_error(sqlite3.SQLITE_FULL, "database or disk is full")
    corrupt = _sqlite_error(sqlite3.SQLITE_CORRUPT, "database disk image is malformed")
    assert full.retryable and not corrupt.retryable

    dialog = NameForm([corrupt])
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.name_edit, "ANDI")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert "rusak" in dialog.general_error.text()
    assert not dialog.retry_button.isVisible()
    assert dialog.name_edit.text() == "ANDI"
