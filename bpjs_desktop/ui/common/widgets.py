"""Small shared widgets and helpers: KPI tiles, error messages, progress for tasks."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSettings,
    Qt,
)
from PySide6.QtWidgets import (
    QBoxLayout,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QFrame,
    QHeaderView,
    QInputDialog,
    QLabel,
    QMessageBox,
    QProgressDialog,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from bpjs_desktop.errors import KnownError, ValidationError, traceback_without_messages
from bpjs_desktop.i18n import _
from bpjs_desktop.ui.common.layout_memory import remember_header
from bpjs_desktop.ui.common.tasks import Task, TaskContext

if TYPE_CHECKING:
    from bpjs_desktop.ui.common.tables import Loaded, PagedModel

log = logging.getLogger(__name__)

AnyIndex = QModelIndex | QPersistentModelIndex


class KpiTile(QFrame):
    """A headline figure: a caption, a big value and a line of detail."""

    def __init__(self, caption: str, object_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(object_name)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setStyleSheet(
            "KpiTile { background: palette(base); border: 1px solid palette(mid); border-radius: 6px; }"
        )
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        layout.setSpacing(2)
        self.caption = QLabel(caption)
        self.caption.setStyleSheet("color: palette(dark); font-weight: 600;")
        self.value = QLabel("–")
        self.value.setObjectName(f"{object_name}_value")
        font = self.value.font()
        font.setPointSizeF(font.pointSizeF() * 1.9)
        font.setBold(True)
        self.value.setFont(font)
        self.detail = QLabel("")
        self.detail.setObjectName(f"{object_name}_detail")
        self.detail.setWordWrap(True)
        # Room for two lines of detail: a wrapped label in a grid does not grow the row itself.
        self.detail.setMinimumHeight(self.detail.fontMetrics().lineSpacing() * 2 + 2)
        for label in (self.caption, self.value, self.detail):
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            layout.addWidget(label)
        layout.addStretch(1)

    def set_figures(self, value: str, detail: str = "") -> None:
        """Show *value* and its *detail*; the detail wraps between its parts, never between a
        word and the figure after it ("PMI 30" stays on one line)."""
        self.value.setText(value)
        self.detail.setText(_FIGURE_AFTER_WORD.sub("\\1\u00a0", detail))


# A space between a word and the figure it names ("PMI 30", "BU 12", "Rp 1.234"): no line break.
_FIGURE_AFTER_WORD = re.compile(r"(\w) (?=\d|Rp)")


class HeaderTextsModel(QAbstractTableModel):
    """The header of a hand-written table model (a computed list, not one of
    :mod:`~bpjs_desktop.ui.common.tables`' rows): ``COLUMN_COUNT`` columns titled by
    ``_headers``, each with the tooltip :meth:`header_tooltip` gives."""

    COLUMN_COUNT = 0
    _headers: Sequence[str] = ()

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self.COLUMN_COUNT

    def header_tooltip(self, section: int) -> str | None:
        """What column *section* means, when its title does not say it all."""
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and 0 <= section < self.COLUMN_COUNT:
            if role == Qt.ItemDataRole.DisplayRole:
                return self._headers[section]
            if role == Qt.ItemDataRole.ToolTipRole:
                return self.header_tooltip(section)
        return None


def on_click(signal: Any, slot: Callable[[], object]) -> None:
    """Connect a button's ``clicked`` (or an action's ``triggered``) to *slot*, called with no argument.

    Qt passes the ``checked`` flag to a slot that accepts an argument, so a method with an optional
    first parameter connected directly gets ``False`` there: the claim form's Periksa ran with
    ``show_refusals=False`` and never showed why a claim was refused (issue #13). Connect such
    methods through this adapter; ``tests/ui/test_signal_slots.py`` refuses the direct connection.
    """
    signal.connect(lambda *_checked: slot())


def named_label(object_name: str, text: str = "", *, wrap: bool = False, style: str = "") -> QLabel:
    """A label the code fills in later (a status line, a read-out, a legend), named
    *object_name* so that tests and code find it; *wrap*: long text wraps; *style*: its colour."""
    label = QLabel(text)
    label.setObjectName(object_name)
    if wrap:
        label.setWordWrap(True)
    if style:
        label.setStyleSheet(style)
    return label


def push_button(
    object_name: str, text: str, slot: Callable[[], object] | None = None
) -> QPushButton:
    """A button named *object_name* (``apply_button``) whose click calls *slot* with no argument
    (through :func:`on_click`, so a slot's optional first parameter keeps its default)."""
    button = QPushButton(text)
    button.setObjectName(object_name)
    if slot is not None:
        on_click(button.clicked, slot)
    return button


def page_title(text: str, *, selectable: bool = False) -> QLabel:
    """The large bold heading of a page (object name ``page_title``); *selectable* for a record's
    name, which officers copy."""
    title = QLabel(text)
    title.setObjectName("page_title")
    font = title.font()
    font.setPointSizeF(font.pointSizeF() * 1.5)
    font.setBold(True)
    title.setFont(font)
    if selectable:
        title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return title


def row_table(
    model: QAbstractItemModel,
    name: str,
    remember_as: str,
    *,
    row_height: int = 22,
    stretch_last: bool = True,
) -> QTableView:
    """A table of whole rows (one selected at a time), columns sized to their text, without row
    numbers, its column widths remembered under *remember_as* (the case, claim and schedule
    tabs). *stretch_last*: the last column takes the spare width."""
    table = QTableView()
    table.setObjectName(name)
    table.setModel(model)
    table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
    table.setAlternatingRowColors(True)
    table.verticalHeader().setVisible(False)
    table.verticalHeader().setDefaultSectionSize(row_height)
    table.horizontalHeader().setStretchLastSection(stretch_last)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    remember_header(table, remember_as)
    return table


def list_table(model: QAbstractItemModel, name: str, *, alternating: bool = True) -> QTableView:
    """A list of records: whole rows, one selected at a time, without row numbers; rows of one
    fixed height (a PagedModel of ui/common/tables.py counts how many fit on screen), columns
    the user widens, the last one taking the spare width. *alternating*: rows striped, off where
    the model colours rows itself (the arrears worklist's overdue ones)."""
    table = QTableView()
    table.setObjectName(name)
    table.setModel(model)
    table.setAlternatingRowColors(alternating)
    table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
    table.verticalHeader().setVisible(False)
    table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    table.verticalHeader().setDefaultSectionSize(24)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    table.horizontalHeader().setStretchLastSection(True)
    return table


def value_rows(
    form: QFormLayout, rows: Sequence[tuple[str, str]], *, wrap: bool = False
) -> dict[str, QLabel]:
    """Add a read-only row to *form* for each ``(key, caption)``: a value the user can select
    and copy, named ``{key}_value``, showing "–" until it is filled. *wrap*: long values wrap.
    Returns the value labels by key."""
    labels: dict[str, QLabel] = {}
    for key, caption in rows:
        value = QLabel("–")
        value.setObjectName(f"{key}_value")
        value.setWordWrap(wrap)
        value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        labels[key] = value
        form.addRow(caption, value)
    return labels


def labelled(text: str, widget: QWidget) -> QLabel:
    """A caption for *widget* whose mnemonic (``"&Kantor"``) moves the focus to it."""
    label = QLabel(text)
    label.setBuddy(widget)
    return label


def add_labelled(row: QBoxLayout, fields: Iterable[tuple[str, QWidget]]) -> None:
    """Add each widget to *row* after its :func:`labelled` caption (a bar of filters)."""
    for text, widget in fields:
        row.addWidget(labelled(text, widget))
        row.addWidget(widget)


def ask_save_path(
    parent: QWidget | None,
    title: str,
    suggested: Path | str,
    file_filter: str,
    *,
    folder_key: str | None = None,
) -> Path | None:
    """The file the user chose in a Save dialog opened on *suggested* (a name in a folder), or
    None if they cancelled. *file_filter*: the kinds offered, ``"PDF (*.pdf)"``.

    With *folder_key* (a workbook, a chart), *suggested*'s name is offered in the folder the
    user saved the last one of its kind to (QSettings), that folder is remembered for the next
    time, and the file keeps *suggested*'s suffix whatever the user typed.
    """
    settings = QSettings() if folder_key else None
    if settings is not None and folder_key:
        folder = Path(str(settings.value(folder_key, str(Path.home()))))
        suggested = folder / Path(suggested).name
    path, _filter = QFileDialog.getSaveFileName(parent, title, str(suggested), file_filter)
    if not path:
        return None
    target = Path(path)
    if settings is not None and folder_key:
        suffix = Path(suggested).suffix
        if target.suffix.lower() != suffix:
            target = target.with_suffix(suffix)
        settings.setValue(folder_key, str(target.parent))
    return target


def ask_open_path(
    parent: QWidget | None, title: str, file_filter: str, start: Path | str | None = None
) -> Path | None:
    """The file the user chose in an Open dialog (a database, a scan), or None if they
    cancelled. *start*: the folder (or file) it opens on, the home folder by default;
    *file_filter*: the kinds offered, ``"PDF (*.pdf);;Semua file (*)"``."""
    path, _filter = QFileDialog.getOpenFileName(
        parent, title, str(Path.home() if start is None else start), file_filter
    )
    return Path(path) if path else None


def ask_discard(parent: QWidget, question: str | None = None, title: str | None = None) -> bool:
    """Whether the user agrees to throw away what was typed and not saved (Cancel, the default
    button, keeps it)."""
    answer = QMessageBox.question(
        parent,
        title or _("Buang isian?"),
        question or _("Isian formulir ini belum disimpan. Tutup dan buang isian?"),
        QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
        QMessageBox.StandardButton.Cancel,
    )
    return answer == QMessageBox.StandardButton.Discard


def ask_text(parent: QWidget, title: str, prompt: str) -> str | None:
    """A line of text the user types in a small dialog (a reason for the audit trail); None if
    they cancelled."""
    text, ok = QInputDialog.getText(parent, title, prompt)
    return text if ok else None


def combo_box(items: Iterable[tuple[str, object]], object_name: str = "") -> QComboBox:
    """A combo box offering *items*, ``(text, data)`` in order; *object_name* for tests and code
    (``status_combo``)."""
    combo = QComboBox()
    if object_name:
        combo.setObjectName(object_name)
    for text, data in items:
        combo.addItem(text, data)
    return combo


def choose(combo: QComboBox, data: object) -> bool:
    """Select the item of *combo* whose data is *data*, as the user would; False if none is."""
    index = combo.findData(data)
    if index >= 0:
        combo.setCurrentIndex(index)
    return index >= 0


def error_text(error: BaseException) -> str:
    """What a failure says on one line: a known error's own message; a bug, the crash wording
    (its traceback is in the log: a background task logs it, :func:`show_error` too)."""
    if isinstance(error, KnownError):
        return error.message
    return _("Terjadi kesalahan tak terduga; rinciannya tercatat di file log aplikasi.")


def report_list_loads(
    model: PagedModel,
    table: QTableView,
    label: QLabel,
    describe: Callable[[Loaded], str],
    then: Callable[[Loaded], None] | None = None,
) -> None:
    """Keep *label* saying what *model*'s list shows: ``describe(loaded)`` once a query's rows
    are read (then *table*'s first row is selected and *then* runs), or that the rows cannot be
    read, with the error shown, when a read fails (the rows shown before stay). The page says
    "Memuat…" itself when it asks for rows."""

    def loaded(result: Loaded) -> None:
        label.setText(describe(result))
        if result.count:
            table.selectRow(0)
        if then is not None:
            then(result)

    def failed(error: BaseException) -> None:
        label.setText(_("Data tidak dapat dibaca."))
        show_error(table, error)

    model.source_loaded.connect(loaded)
    model.source_failed.connect(failed)


def show_query(
    model: PagedModel,
    label: QLabel,
    build: Callable[[], Any],
    *,
    extra: Callable[[Any], Any] | None = None,
) -> None:
    """Show the query *build* makes (a :class:`~bpjs_desktop.ui.common.tables.PagedModel`
    counts and reads it in the background, *extra* too), saying "Memuat…" on *label* meanwhile;
    a filter *build* refuses (a :class:`KnownError`) is shown instead, and the list stays."""
    try:
        query = build()
    except KnownError as exc:
        show_error(label.window(), exc)
        return
    label.setText(_("Memuat…"))
    model.set_source(query, extra=extra)


def show_error(parent: QWidget | None, error: BaseException, title: str | None = None) -> None:
    """A known error as a message the user can act on; a bug gets the crash wording, and its
    traceback goes to the application's log first (the message says it is there)."""
    if isinstance(error, ValidationError):
        text = "\n".join(f"• {e.message}" for e in error.errors)
    else:
        if not isinstance(error, KnownError):
            log.error("unexpected error shown to the user:\n%s", traceback_without_messages(error))
        text = error_text(error)
    box = QMessageBox(
        QMessageBox.Icon.Warning, title or _("Tidak dapat dilanjutkan"), text, parent=parent
    )
    box.setObjectName("error_message")
    box.exec()


def run_with_progress(
    parent: QWidget,
    title: str,
    work: Callable[[TaskContext], Any],
    on_done: Callable[[Any], None],
    on_failed: Callable[[BaseException], None] | None = None,
) -> Task:
    """Run *work* in the background behind a modal progress dialog with a Cancel button."""
    dialog = QProgressDialog(title, _("Batal"), 0, 100, parent)
    dialog.setObjectName("progress_dialog")
    dialog.setWindowTitle(title)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(0)
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)
    dialog.setMinimumWidth(420)
    task = Task(work, parent)

    def progress(percent: int, message: str) -> None:
        dialog.setValue(max(0, min(100, percent)))
        if message:
            dialog.setLabelText(message)

    def close() -> None:
        dialog.canceled.disconnect(cancel_requested)  # closing a QProgressDialog emits canceled
        dialog.close()
        dialog.deleteLater()

    def finished(result: Any) -> None:
        close()
        on_done(result)

    def failed(error: BaseException) -> None:
        close()
        if on_failed is not None:
            on_failed(error)
        else:
            show_error(parent, error)

    def cancelled() -> None:
        close()

    def cancel_requested() -> None:
        dialog.setLabelText(_("Membatalkan…"))
        dialog.setCancelButton(None)
        task.cancel()

    task.progress.connect(progress)
    task.finished.connect(finished)
    task.failed.connect(failed)
    task.cancelled.connect(cancelled)
    dialog.canceled.connect(cancel_requested)
    dialog.show()
    return task.start()
