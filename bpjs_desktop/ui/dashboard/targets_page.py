"""Targets: a grid of offices × months for one KPI and year, typed from the keyboard, saved in one
transaction; the office's Excel plan (template and checked import); copying a year forward."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QItemSelectionModel,
    QModelIndex,
    QPersistentModelIndex,
    QSettings,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QFont, QGuiApplication, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QSpinBox,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from bpjs_desktop.domain.kpis import KPI_DEFS, KPI_ORDER, Kpi, KpiKind
from bpjs_desktop.domain.money import group_thousands
from bpjs_desktop.domain.periods import Period
from bpjs_desktop.errors import KnownError, ValidationError
from bpjs_desktop.i18n import N_, _, current_language, ngettext
from bpjs_desktop.services import reports, targets
from bpjs_desktop.services.context import allowed, refusal
from bpjs_desktop.services.targets import PlanImportReport, TargetGrid
from bpjs_desktop.services.workstation import SignedIn
from bpjs_desktop.ui.common.events import DataKind, data_changed
from bpjs_desktop.ui.common.forms import FormDialog
from bpjs_desktop.ui.common.layout_memory import remember_header
from bpjs_desktop.ui.common.session_page import SessionDialog, SessionPage
from bpjs_desktop.ui.common.widgets import (
    ask_discard,
    ask_save_path,
    combo_box,
    named_label,
    on_click,
    page_title,
    push_button,
    show_error,
)
from bpjs_desktop.ui.dashboard.charts import month_short

AnyIndex = QModelIndex | QPersistentModelIndex
CLOSED_BRUSH = QBrush(QColor("#E6E6E6"))
CHANGED_BRUSH = QBrush(QColor("#FFF4C2"))
ERROR_BRUSH = QBrush(QColor("#F9D0C4"))

KIND_HINTS = {
    KpiKind.STOCK: N_("Posisi akhir bulan: jumlah yang aktif pada hari terakhir tiap bulan."),
    KpiKind.CUMULATIVE: N_("Kumulatif: jumlah sejak 1 Januari sampai akhir tiap bulan; tidak boleh turun, dan Desember adalah target setahun."),
    KpiKind.PERCENT: N_("Persen (0–100): bagian klaim yang dibayar tepat waktu sejak Januari."),
}  # fmt: skip


def parse_target(text: str) -> int:
    """A target typed in a cell: ``1.234``, ``1234``, ``Rp1.234.567``, ``95%``.

    Raises:
        ValueError: with an Indonesian message.
    """
    cleaned = text.strip().replace(" ", "").replace("\u00a0", "")
    if cleaned.lower().startswith("rp"):
        cleaned = cleaned[2:]
    if cleaned.endswith("%"):
        cleaned = cleaned[:-1]
    if not cleaned:
        raise ValueError(_("Isi angka target (0 bila tidak ada target bulan itu)"))
    groups = cleaned.split(".")
    if cleaned.startswith("-"):
        raise ValueError(_("Target tidak boleh negatif"))
    well_grouped = len(groups) == 1 or (
        1 <= len(groups[0]) <= 3 and all(len(g) == 3 for g in groups[1:])
    )
    digits = "".join(groups)
    if not digits.isdigit() or not digits.isascii() or not well_grouped:
        raise ValueError(_("{text!r} bukan bilangan bulat").format(text=text.strip()))
    return int(digits)


class TargetTableModel(QAbstractTableModel):
    """Offices (rows) × months (columns) of one KPI and year; cells of closed months are locked.

    Edits are kept as pending changes (shown in yellow) until :meth:`changes` is saved; a cell that
    breaks the plan (a cumulative plan that falls, a percent over 100) is shown in red with the
    reason as its tooltip.

    Signals:
        edit_refused(str): a typed value was not a target (the reason, for the status line).
    """

    edit_refused = Signal(str)

    OfficeRole = Qt.ItemDataRole.UserRole + 1
    ValueRole = Qt.ItemDataRole.UserRole + 2
    ChangedRole = Qt.ItemDataRole.UserRole + 3
    ClosedRole = Qt.ItemDataRole.UserRole + 4

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.grid: TargetGrid | None = None
        self.read_only = False  # the role may not set targets: shown, not edited
        self._changes: dict[tuple[str, int], int] = {}
        self._errors: dict[tuple[str, int], str] = {}

    # --- feeding -----------------------------------------------------------------------------------
    def set_grid(self, grid: TargetGrid | None) -> None:
        self.beginResetModel()
        self.grid = grid
        self._changes.clear()
        self._errors.clear()
        self.endResetModel()

    def changes(self) -> dict[tuple[str, int], int]:
        return dict(self._changes)

    @property
    def dirty(self) -> bool:
        return bool(self._changes)

    @property
    def has_errors(self) -> bool:
        return bool(self._errors)

    def errors(self) -> dict[tuple[str, int], str]:
        return dict(self._errors)

    def revert(self) -> None:
        self.beginResetModel()
        self._changes.clear()
        self._errors.clear()
        self.endResetModel()

    def value(self, code: str, month: int) -> int | None:
        if (code, month) in self._changes:
            return self._changes[(code, month)]
        return self.grid.value(code, month) if self.grid else None

    # --- Qt model ---------------------------------------------------------------------------------
    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() or self.grid is None else len(self.grid.offices)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() or self.grid is None else 12

    def _cell(self, index: AnyIndex) -> tuple[str, int] | None:
        if not index.isValid() or self.grid is None:
            return None
        if not (0 <= index.row() < len(self.grid.offices) and 0 <= index.column() < 12):
            return None
        return self.grid.offices[index.row()].code, index.column() + 1

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        cell = self._cell(index)
        if cell is None:
            return Qt.ItemFlag.NoItemFlags
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if self.read_only or (self.grid is not None and self.grid.is_closed(*cell)):
            return base
        return base | Qt.ItemFlag.ItemIsEditable

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        cell = self._cell(index)
        if cell is None or self.grid is None:
            return None
        value = self.value(*cell)
        if role == Qt.ItemDataRole.DisplayRole:
            return "" if value is None else group_thousands(value)
        if role == Qt.ItemDataRole.EditRole:
            return "" if value is None else str(value)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.BackgroundRole:
            if cell in self._errors:
                return ERROR_BRUSH
            if self.grid.is_closed(*cell):
                return CLOSED_BRUSH
            if cell in self._changes:
                return CHANGED_BRUSH
            return None
        if role == Qt.ItemDataRole.ToolTipRole:
            if cell in self._errors:
                return self._errors[cell]
            if self.grid.is_closed(*cell):
                return _("Bulan ini sudah ditutup; targetnya tidak dapat diubah")
            return None
        if role == Qt.ItemDataRole.FontRole and cell in self._changes:
            font = QFont()
            font.setBold(True)
            return font
        if role == self.OfficeRole:
            return cell[0]
        if role == self.ValueRole:
            return value
        if role == self.ChangedRole:
            return cell in self._changes
        if role == self.ClosedRole:
            return self.grid.is_closed(*cell)
        return None

    def setData(self, index: AnyIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        cell = self._cell(index)
        if cell is None or role != Qt.ItemDataRole.EditRole or self.grid is None:
            return False
        if self.grid.is_closed(*cell):
            self.edit_refused.emit(_("Bulan ini sudah ditutup; targetnya tidak dapat diubah"))
            return False
        text = str(value)
        if not text.strip():
            if cell in self._changes:  # an emptied change goes back to what is stored
                del self._changes[cell]
                self._check_row(index.row())
                return True
            if self.grid.value(*cell) is None:
                return False
        try:
            number = parse_target(text)
        except ValueError as exc:
            self.edit_refused.emit(str(exc))
            return False
        if number == self.grid.value(*cell):
            self._changes.pop(cell, None)
        else:
            self._changes[cell] = number
        self._check_row(index.row())
        return True

    def _check_row(self, row: int) -> None:
        """Re-check the plan of one office (the service checks it again on save)."""
        assert self.grid is not None
        code = self.grid.offices[row].code
        for month in range(1, 13):
            self._errors.pop((code, month), None)
        plan = {m: v for m in range(1, 13) if (v := self.value(code, m)) is not None}
        for month, message in targets.plan_errors(self.grid.kpi, plan):
            self._errors[(code, month)] = message
        self.dataChanged.emit(self.index(row, 0), self.index(row, 11))

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if self.grid is None:
            return None
        if orientation == Qt.Orientation.Horizontal and 0 <= section < 12:
            if role == Qt.ItemDataRole.DisplayRole:
                return month_short(section + 1)
            if role == Qt.ItemDataRole.ToolTipRole:
                return Period(self.grid.year, section + 1).label(current_language())
        if orientation == Qt.Orientation.Vertical and 0 <= section < len(self.grid.offices):
            office = self.grid.offices[section]
            if role == Qt.ItemDataRole.DisplayRole:
                return ("    " if office.kind == "KCP" else "") + office.name
            if role == Qt.ItemDataRole.ToolTipRole:
                return office.code
        return None


class TargetsPage(SessionPage):
    """The targets of a KPI and year, office by office and month by month.

    Signals:
        targets_saved(int): how many targets a save, import or copy wrote.
    """

    targets_saved = Signal(int)

    def __init__(self, session: SignedIn, parent: QWidget | None = None) -> None:
        """Long because it lays the widgets out top to bottom, in the order they appear on screen."""
        super().__init__(session, "targets_page", parent)
        title = page_title(_("Target kantor"))
        self.year_spin = QSpinBox()
        self.year_spin.setObjectName("year_spin")
        self.year_spin.setRange(2000, 2100)
        self.year_spin.setValue(reports.latest_period(session.db).year)
        self.kpi_combo = QComboBox()
        self.kpi_combo.setObjectName("kpi_combo")
        for kpi in KPI_ORDER:
            definition = KPI_DEFS[kpi]
            self.kpi_combo.addItem(f"{definition.label} ({definition.unit})", kpi.value)
        year_label = QLabel(_("&Tahun"))
        year_label.setBuddy(self.year_spin)
        kpi_label = QLabel(_("&Indikator"))
        kpi_label.setBuddy(self.kpi_combo)
        self.save_button = push_button("save_button", _("&Simpan"))
        self.save_button.setToolTip(_("Simpan semua perubahan sekaligus (Ctrl+S)"))
        self.revert_button = push_button("revert_button", _("&Batalkan perubahan"))
        self.copy_button = push_button("copy_year_button", _("Salin dari &tahun lain…"))
        self.template_button = push_button("template_button", _("Unduh &templat Excel…"))
        self.import_button = push_button("import_button", _("I&mpor rencana Excel…"))
        self.hint_label = named_label("hint_label", wrap=True, style="color: #555555;")
        self.status_label = named_label("status_label", wrap=True)

        self.model = TargetTableModel(self)
        self.table = QTableView()
        self.table.setObjectName("targets_table")
        self.table.setModel(self.model)
        self.table.setSelectionMode(QTableView.SelectionMode.ContiguousSelection)
        self.table.setEditTriggers(
            QTableView.EditTrigger.AnyKeyPressed
            | QTableView.EditTrigger.EditKeyPressed
            | QTableView.EditTrigger.DoubleClicked
        )
        if not allowed(session.actor, "target.set"):  # read-only for whoever may not set them
            self.model.read_only = True
            for button in (self.copy_button, self.import_button):
                button.setEnabled(False)
                button.setToolTip(refusal(session.actor, "target.set"))
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.verticalHeader().setDefaultSectionSize(24)
        self.table.setAlternatingRowColors(False)

        controls = QHBoxLayout()
        controls.addWidget(year_label)
        controls.addWidget(self.year_spin)
        controls.addSpacing(12)
        controls.addWidget(kpi_label)
        controls.addWidget(self.kpi_combo, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.revert_button)
        buttons.addStretch(1)
        buttons.addWidget(self.copy_button)
        buttons.addWidget(self.template_button)
        buttons.addWidget(self.import_button)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addLayout(controls)
        layout.addWidget(self.hint_label)
        layout.addWidget(self.table, 1)
        remember_header(self.table, "targets/targets_table")
        layout.addWidget(self.status_label)
        layout.addLayout(buttons)

        self._loaded: tuple[int, Kpi] | None = None
        self.year_spin.valueChanged.connect(self._on_choice_changed)
        self.kpi_combo.currentIndexChanged.connect(self._on_choice_changed)
        self.save_button.clicked.connect(self.save)
        self.revert_button.clicked.connect(self.revert)
        self.copy_button.clicked.connect(self.open_copy_dialog)
        self.template_button.clicked.connect(self.download_template)
        on_click(self.import_button.clicked, self.open_import_dialog)
        self.model.edit_refused.connect(self._on_model_edit_refused)
        self.model.dataChanged.connect(self._update_buttons)
        self.model.modelReset.connect(self._update_buttons)
        QShortcut(QKeySequence.StandardKey.Save, self, self.save)
        QShortcut(QKeySequence.StandardKey.Paste, self.table, self.paste)
        QShortcut(QKeySequence(Qt.Key.Key_Delete), self.table, self.clear_selection)
        self.load()

    # --- loading -----------------------------------------------------------------------------------
    @property
    def year(self) -> int:
        return self.year_spin.value()

    @property
    def kpi(self) -> Kpi:
        return Kpi(str(self.kpi_combo.currentData()))

    def load(self) -> None:
        try:
            grid = targets.target_grid(
                self.session.db, self.year, self.kpi, actor=self.session.actor
            )
        except KnownError as exc:
            show_error(self, exc)
            return
        self.model.set_grid(grid)
        self._loaded = (self.year, self.kpi)
        self.hint_label.setText(_(KIND_HINTS[KPI_DEFS[self.kpi].kind]))
        closed = len(grid.closed)
        self.status_label.setText(
            _("{n} target tersimpan untuk {year}").format(n=len(grid.values), year=self.year)
            + (("; " + _("sel abu-abu: bulan yang sudah ditutup")) if closed else "")
        )
        self.status_label.setStyleSheet("")
        if self.model.rowCount():
            self.table.setCurrentIndex(self.model.index(0, 0))

    def confirm_discard(self) -> bool:
        """Ask before unsaved changes are dropped (True: go on)."""
        return ask_discard(
            self,
            _("Target yang diubah belum disimpan. Buang perubahan itu?"),
            _("Perubahan belum disimpan"),
        )

    def _on_choice_changed(self, *_args: object) -> None:
        if self.model.dirty and not self.confirm_discard():
            year, kpi = self._loaded or (self.year, self.kpi)
            for widget in (self.year_spin, self.kpi_combo):
                widget.blockSignals(True)
            self.year_spin.setValue(year)
            self.kpi_combo.setCurrentIndex(self.kpi_combo.findData(kpi.value))
            for widget in (self.year_spin, self.kpi_combo):
                widget.blockSignals(False)
            return
        self.load()

    def _update_buttons(self, *_args: object) -> None:
        self.save_button.setEnabled(self.model.dirty and not self.model.has_errors)
        self.revert_button.setEnabled(self.model.dirty)
        if self.model.has_errors:
            first = next(iter(self.model.errors().values()))
            self._status(_("Perbaiki sel merah dahulu: {reason}").format(reason=first), error=True)
        elif self.model.dirty:
            self._status(
                ngettext(
                    "{n} sel diubah, belum disimpan (Ctrl+S menyimpan)",
                    "{n} sel diubah, belum disimpan (Ctrl+S menyimpan)",
                    len(self.model.changes()),
                ).format(n=len(self.model.changes()))
            )

    def _status(self, text: str, error: bool = False) -> None:
        self.status_label.setText(text)
        self.status_label.setStyleSheet("color: #b00020;" if error else "")

    def _on_model_edit_refused(self, reason: str) -> None:
        self._status(reason, error=True)

    # --- editing -----------------------------------------------------------------------------------
    def paste(self) -> None:
        """Paste a block copied from Excel (tab-separated) at the current cell."""
        start = self.table.currentIndex()
        if not start.isValid() or self.model.read_only:
            return
        text = QGuiApplication.clipboard().text()
        refused = 0
        for r, line in enumerate(text.rstrip("\n").split("\n")):
            for c, cell in enumerate(line.rstrip("\r").split("\t")):
                index = self.model.index(start.row() + r, start.column() + c)
                if index.isValid() and not self.model.setData(index, cell):
                    refused += 1
        if refused:
            self._status(
                ngettext(
                    "{n} sel tidak dapat ditempel", "{n} sel tidak dapat ditempel", refused
                ).format(n=refused),
                error=True,
            )

    def clear_selection(self) -> None:
        """Delete: the selected cells go back to what is stored."""
        for index in self.table.selectionModel().selectedIndexes():
            if self.model.data(index, TargetTableModel.ChangedRole):
                self.model.setData(index, "")

    def revert(self) -> None:
        self.model.revert()
        self._status(_("Perubahan dibatalkan"))

    def save(self) -> int | None:
        """Save every changed cell in one transaction; errors are shown, nothing half saved."""
        if not self.model.dirty:
            return None
        if self.model.has_errors:
            self._update_buttons()
            return None
        try:
            changes = self.model.changes()
            count = targets.save_grid(
                self.session.db, self.session.actor, self.year, self.kpi, changes
            )
        except ValidationError as exc:
            self._status("\n".join(e.message for e in exc.errors), error=True)
            return None
        except KnownError as exc:
            show_error(self, exc)
            return None
        current = self.table.currentIndex()
        self.load()
        if current.isValid():
            self.table.selectionModel().setCurrentIndex(
                self.model.index(current.row(), current.column()),
                QItemSelectionModel.SelectionFlag.ClearAndSelect,
            )
        self._status(ngettext("{n} target disimpan", "{n} target disimpan", count).format(n=count))
        self.targets_saved.emit(count)
        offices = {code for code, _month in changes}
        # Cells of several offices: no one office (None); every page reloads.
        data_changed(DataKind.TARGETS, offices.pop() if len(offices) == 1 else None)
        return count

    # --- copy, template, import ---------------------------------------------------------------------
    def open_copy_dialog(self) -> CopyTargetsDialog:
        dialog = CopyTargetsDialog(self.session, self.year - 1, self.year, self)
        dialog.saved.connect(self._on_copied)
        dialog.open()
        return dialog

    def _on_copied(self, count: int) -> None:
        # A year copied forward for every office of the scope: no one office.
        self._on_targets_saved(_("{n} target disalin"), count, None)

    def _on_targets_saved(self, message: str, count: int, office_code: str | None) -> None:
        """*count* targets of *office_code* (None: several) were copied or imported: show them,
        say so (*message* has ``{n}``), and tell the pages that show that office's targets."""
        self.load()
        self._status(message.format(n=group_thousands(count)))
        self.targets_saved.emit(count)
        data_changed(DataKind.TARGETS, office_code)

    def current_office_code(self) -> str | None:
        index = self.table.currentIndex()
        return self.model.data(index, TargetTableModel.OfficeRole) if index.isValid() else None

    def download_template(self) -> None:
        code = self.current_office_code()
        if code is None:
            return
        settings = QSettings()
        folder = str(settings.value("export_folder", str(Path.home())))
        suggested = Path(folder) / f"rencana-target-{code}-{self.year}.xlsx"
        path = ask_save_path(
            self, _("Simpan templat rencana target"), suggested, _("Buku kerja Excel (*.xlsx)")
        )
        if not path:
            return
        target = path if path.suffix.lower() == ".xlsx" else Path(f"{path}.xlsx")
        settings.setValue("export_folder", str(target.parent))
        self.write_template(target, code)

    def write_template(self, path: Path, office_code: str) -> Path | None:
        try:
            targets.write_template(
                self.session.db, path, self.year, office_code, actor=self.session.actor
            )
        except KnownError as exc:
            show_error(self, exc)
            return None
        self._status(_("Template disimpan di {path}").format(path=path))
        return path

    def open_import_dialog(self, path: Path | None = None) -> ImportPlanDialog:
        dialog = ImportPlanDialog(self.session, self)
        dialog.imported.connect(lambda count: self._on_imported(count, dialog))
        dialog.open()
        if path is not None:
            dialog.check(path)
        return dialog

    def _on_imported(self, count: int, dialog: ImportPlanDialog) -> None:
        office = dialog.report.office_code if dialog.report is not None else None  # its plan's
        self._on_targets_saved(_("{n} target diimpor"), count, office)


class CopyTargetsDialog(FormDialog):
    """Copy a year's targets to another year, multiplied by a factor."""

    def __init__(
        self, session: SignedIn, from_year: int, to_year: int, parent: QWidget | None = None
    ) -> None:
        super().__init__(_("Salin target dari tahun lain"), parent, save_text=_("&Salin"))
        self.setObjectName("copy_targets_dialog")
        self.session = session
        self.from_spin = QSpinBox()
        self.from_spin.setRange(2000, 2100)
        self.from_spin.setValue(from_year)
        self.to_spin = QSpinBox()
        self.to_spin.setRange(2000, 2100)
        self.to_spin.setValue(to_year)
        self.factor_edit = QLineEdit("1,10")
        self.kpi_combo = combo_box(
            [(_("Semua indikator"), None), *((KPI_DEFS[kpi].label, kpi.value) for kpi in KPI_ORDER)]
        )
        self.overwrite_check = QCheckBox(_("Timpa target yang sudah ada di tahun tujuan"))
        self.form.add("from_year", _("&Dari tahun"), self.from_spin)
        self.form.add("to_year", _("&Ke tahun"), self.to_spin)
        self.form.add(
            "factor", _("&Faktor"), self.factor_edit,
            _("Dikalikan ke setiap target dan dibulatkan; 1,10 berarti naik 10%. Target persen disalin apa adanya."),
        )  # fmt: skip
        self.form.add("kpi", _("&Indikator"), self.kpi_combo)
        self.form.add("overwrite", "", self.overwrite_check)
        self.watch_changes()

    def submit(self) -> int:
        kpi = self.kpi_combo.currentData()
        return targets.copy_targets(
            self.session.db,
            self.session.actor,
            self.from_spin.value(),
            self.to_spin.value(),
            self.factor_edit.text().strip(),
            kpis=[Kpi(kpi)] if kpi else None,
            overwrite=self.overwrite_check.isChecked(),
        )


class ImportPlanDialog(SessionDialog):
    """Check an office's plan workbook (a dry run listing every wrong cell), then import it.

    Signals:
        checked(object): the :class:`PlanImportReport` of the dry run.
        imported(int): how many targets were written.
    """

    checked = Signal(object)
    imported = Signal(int)

    def __init__(self, session: SignedIn, parent: QWidget | None = None) -> None:
        super().__init__(
            session, "import_plan_dialog", _("Impor rencana target dari Excel"), parent
        )
        self.resize(760, 460)
        self.path: Path | None = None
        self.report: PlanImportReport | None = None
        self.file_label = QLabel(_("Pilih file rencana target (.xlsx) yang dibuat dari templat."))
        self.file_label.setWordWrap(True)
        self.choose_button = push_button("choose_button", _("&Pilih file…"))
        self.summary_label = named_label("summary_label", wrap=True)
        self.errors_table = QTableWidget(0, 3)
        self.errors_table.setObjectName("errors_table")
        self.errors_table.setTabKeyNavigation(
            False
        )  # Tab leaves the table (a keyboard trap otherwise); arrows move inside it
        self.errors_table.setHorizontalHeaderLabels([_("Baris"), _("Kolom"), _("Masalah")])
        self.errors_table.horizontalHeader().setStretchLastSection(True)
        self.errors_table.verticalHeader().setVisible(False)
        self.errors_table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.import_button = self.buttons.addButton(
            _("&Impor"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.import_button.setObjectName("import_button")
        self.import_button.setEnabled(False)
        cancel = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        cancel.setText(_("&Batal"))
        self.buttons.accepted.connect(self.do_import)
        self.buttons.rejected.connect(self.reject)
        self.choose_button.clicked.connect(self._on_choose_clicked)
        row = QHBoxLayout()
        row.addWidget(self.file_label, 1)
        row.addWidget(self.choose_button)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.summary_label)
        layout.addWidget(self.errors_table, 1)
        remember_header(self.errors_table, "targets_import/errors_table")
        layout.addWidget(self.buttons)

    def _on_choose_clicked(self) -> None:
        folder = str(QSettings().value("export_folder", str(Path.home())))
        path, _filter = QFileDialog.getOpenFileName(
            self, _("Pilih rencana target"), folder, _("Buku kerja Excel (*.xlsx)")
        )
        if path:
            self.check(Path(path))

    def check(self, path: Path) -> PlanImportReport | None:
        """Dry run: read the file and list every wrong cell; import only when there is none."""
        self.path = Path(path)
        self.file_label.setText(str(path))
        try:
            report = targets.import_plan(
                self.session.db, self.session.actor, self.path, dry_run=True
            )
        except KnownError as exc:
            self.summary_label.setText(exc.message)
            self.import_button.setEnabled(False)
            return None
        self.report = report
        self.errors_table.setRowCount(len(report.errors))
        for i, (row, column, reason) in enumerate(report.errors):
            for j, text in enumerate((str(row), column, reason)):
                self.errors_table.setItem(i, j, QTableWidgetItem(text))
        self.errors_table.resizeColumnsToContents()
        if report.ok:
            self.summary_label.setText(
                _("Kantor {office}, tahun {year}: {n} target terbaca, tanpa kesalahan. Tekan Impor untuk menyimpan.").format(
                    office=report.office_code, year=report.year, n=len(report.targets)
                )
            )  # fmt: skip
        else:
            self.summary_label.setText(
                _(
                    "{n} kesalahan; perbaiki di file lalu pilih lagi. Tidak ada yang disimpan."
                ).format(n=len(report.errors))
            )
        self.import_button.setEnabled(report.ok and bool(report.targets))
        self.checked.emit(report)
        return report

    def do_import(self) -> None:
        if self.path is None or self.report is None or not self.report.ok:
            return
        try:
            report = targets.import_plan(
                self.session.db, self.session.actor, self.path, dry_run=False
            )
        except KnownError as exc:
            show_error(self, exc)
            return
        self.accept()
        self.imported.emit(report.written)
