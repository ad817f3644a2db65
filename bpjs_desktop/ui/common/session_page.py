"""The bases of the main window's pages, panels and dialogs that work on the signed-in session."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QDialog, QWidget

if TYPE_CHECKING:
    from bpjs_desktop.services.workstation import SignedIn


class SessionPage(QWidget):
    """A page or panel of the main window that works on the signed-in session (``self.session``:
    its database and actor), named *object_name* for the tests, the navigation and the layout
    memory."""

    def __init__(self, session: SignedIn, object_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.setObjectName(object_name)


class SessionDialog(QDialog):
    """A window of its own on the signed-in session (``self.session``) — the audit trail, the
    users, the backups, a month's close —, named *object_name* and titled *title*."""

    def __init__(
        self, session: SignedIn, object_name: str, title: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.session = session
        self.setObjectName(object_name)
        self.setWindowTitle(title)
