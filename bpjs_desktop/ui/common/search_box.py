"""The one search box: NIK, KPJ, NPP or name, found while the user types (Ctrl+F / F3).

Results drop down under the box; ↓/↑ move through them, Enter opens the chosen one (the first
if none is chosen), Esc closes the list. Each search takes milliseconds on the regional data set
(services/directory.py), so it runs on the GUI thread after a short pause in the typing.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QFrame, QLineEdit, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from bpjs_desktop.errors import KnownError
from bpjs_desktop.i18n import _
from bpjs_desktop.services import directory
from bpjs_desktop.services.directory import SearchHit
from bpjs_desktop.services.workstation import SignedIn

TYPING_PAUSE_MS = 150


class SearchResults(QFrame):
    """The drop-down list of hits (a frameless popup that never takes the keyboard focus)."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent, Qt.WindowType.ToolTip)
        self.setObjectName("search_results")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.list = QListWidget(self)
        self.list.setObjectName("search_results_list")
        self.list.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.list.setUniformItemSizes(False)
        self.list.setAlternatingRowColors(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.list)


class SearchBox(QLineEdit):
    """Signals:
    worker_chosen(object): a :class:`SearchHit` of a worker to open.
    employer_chosen(object): a :class:`SearchHit` of an employer to open.
    """

    worker_chosen = Signal(object)
    employer_chosen = Signal(object)

    def __init__(self, session: SignedIn, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.setObjectName("search_edit")
        self.setPlaceholderText(_("Cari NIK, KPJ, NPP atau nama…  (Ctrl+F)"))
        self.setClearButtonEnabled(True)
        self.setMinimumWidth(380)
        self.setMaximumWidth(640)
        self.hits: list[SearchHit] = []
        self.popup = SearchResults(self)
        self.popup.list.itemClicked.connect(self._on_item_clicked)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(TYPING_PAUSE_MS)
        self.timer.timeout.connect(self.run_search)
        self.textEdited.connect(self._on_text_edited)
        self.installEventFilter(self)

    # --- searching ----------------------------------------------------------------------------
    def _on_text_edited(self, _text: str) -> None:
        self.timer.start()

    def run_search(self) -> list[SearchHit]:
        """Search for the box's text now and show the hits."""
        self.timer.stop()
        text = self.text()
        try:
            self.hits = (
                directory.search(self.session.db, text, actor=self.session.actor)
                if text.strip()
                else []
            )
        except KnownError as exc:
            self.hits = []
            self._show_message(exc.message)
            return self.hits
        self._show_hits(text)
        return self.hits

    def _show_message(self, message: str) -> None:
        self.popup.list.clear()
        item = QListWidgetItem(message)
        item.setFlags(Qt.ItemFlag.NoItemFlags)
        self.popup.list.addItem(item)
        self._place_popup()

    def _show_hits(self, text: str) -> None:
        if not text.strip():
            self.popup.hide()
            return
        if not self.hits:
            self._show_message(_("Tidak ada yang cocok dengan “{text}”").format(text=text.strip()))
            return
        self.popup.list.clear()
        for hit in self.hits:
            kind = _("Pemberi kerja") if hit.kind == "employer" else _("Peserta")
            item = QListWidgetItem(f"{hit.title}   ·   {kind}\n{hit.subtitle}")
            item.setToolTip(hit.subtitle)
            self.popup.list.addItem(item)
        self.popup.list.setCurrentRow(0)
        self._place_popup()

    def _place_popup(self) -> None:
        rows = min(self.popup.list.count(), 8)
        row_height = self.popup.list.sizeHintForRow(0) if self.popup.list.count() else 20
        width = max(self.width(), 620)
        self.popup.resize(width, rows * row_height + 8)
        self.popup.move(self.mapToGlobal(QPoint(0, self.height())))
        self.popup.show()

    # --- choosing ------------------------------------------------------------------------------
    def choose(self, row: int | None = None) -> SearchHit | None:
        """Open the hit at *row* (default: the highlighted one, else the first)."""
        if self.timer.isActive():
            self.run_search()
        if not self.hits:
            return None
        if row is None:
            row = max(self.popup.list.currentRow(), 0)
        hit = self.hits[min(row, len(self.hits) - 1)]
        self.popup.hide()
        (self.employer_chosen if hit.kind == "employer" else self.worker_chosen).emit(hit)
        return hit

    def _on_item_clicked(self, item: QListWidgetItem) -> None:
        self.choose(self.popup.list.row(item))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            key = event.key()
            if key in (Qt.Key.Key_Down, Qt.Key.Key_Up) and self.popup.isVisible():
                step = 1 if key == Qt.Key.Key_Down else -1
                row = self.popup.list.currentRow() + step
                self.popup.list.setCurrentRow(max(0, min(row, self.popup.list.count() - 1)))
                return True
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.choose()
                return True
            if key == Qt.Key.Key_Escape and self.popup.isVisible():
                self.popup.hide()
                return True
        if watched is self and event.type() == QEvent.Type.FocusOut:
            QTimer.singleShot(150, self._hide_unless_focused)
        return super().eventFilter(watched, event)

    def _hide_unless_focused(self) -> None:
        if not self.hasFocus():
            self.popup.hide()
