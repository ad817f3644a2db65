"""Import an employer's worker list: check it (dry run), see every bad row, import the good ones.

The checks and the import run in the background behind a progress dialog with Cancel
(``widgets.run_with_progress``); the service does every check, this dialog only shows them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, ClassVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from bpjs_desktop.domain.money import group_thousands
from bpjs_desktop.errors import KnownError
from bpjs_desktop.i18n import N_, _, ngettext
from bpjs_desktop.services import employer_registry, imports, personal
from bpjs_desktop.services.imports import ImportReport, MissingColumnsError, RowError
from bpjs_desktop.services.workstation import SignedIn
from bpjs_desktop.ui.common.events import DataKind, data_changed
from bpjs_desktop.ui.common.forms import set_readout
from bpjs_desktop.ui.common.layout_memory import remember_header
from bpjs_desktop.ui.common.session_page import SessionDialog
from bpjs_desktop.ui.common.tasks import TaskContext
from bpjs_desktop.ui.common.widgets import (
    ask_save_path,
    ask_text,
    error_text,
    named_label,
    push_button,
    run_with_progress,
)

ERROR_STYLE = "color: #b00020;"
OK_STYLE = "color: #1b5e20;"
HINT_STYLE = "color: palette(dark);"
WARNING_COLOUR = QColor("#8a5300")
ERROR_COLOUR = QColor("#b00020")

Index = QModelIndex | QPersistentModelIndex


class RowErrorTableModel(QAbstractTableModel):
    """The bad rows of a checked list (errors first in row order, then warnings)."""

    COL_ROW, COL_KIND, COL_COLUMN, COL_VALUE, COL_REASON = range(5)
    HEADERS = (N_("Baris"), N_("Jenis"), N_("Kolom"), N_("Nilai"), N_("Alasan"))
    IsWarningRole: ClassVar[int] = Qt.ItemDataRole.UserRole + 1

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._items: list[tuple[RowError, bool]] = []

    def set_problems(self, errors: tuple[RowError, ...], warnings: tuple[RowError, ...]) -> None:
        self.beginResetModel()
        self._items = [(e, False) for e in errors] + [(w, True) for w in warnings]
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._items)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            role == Qt.ItemDataRole.DisplayRole
            and orientation == Qt.Orientation.Horizontal
            and 0 <= section < len(self.HEADERS)
        ):
            return _(self.HEADERS[section])
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._items):
            return None
        problem, warning = self._items[index.row()]
        column = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            if column == self.COL_ROW:
                return str(problem.row)
            if column == self.COL_KIND:
                return _("Peringatan") if warning else _("Kesalahan")
            if column == self.COL_COLUMN:
                return problem.column
            if column == self.COL_VALUE:
                return problem.value
            if column == self.COL_REASON:
                return problem.message
            return None
        if role == Qt.ItemDataRole.ForegroundRole and column == self.COL_KIND:
            return QBrush(WARNING_COLOUR if warning else ERROR_COLOUR)
        if role == Qt.ItemDataRole.TextAlignmentRole and column == self.COL_ROW:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == self.IsWarningRole:
            return warning
        return None


class ImportWorkersDialog(SessionDialog):
    """Choose the employer and the file, check it, then import the valid rows.

    Signals:
        list_checked(object): the :class:`ImportReport` of a dry run.
        workers_imported(object): the :class:`ImportReport` of a committed import.
    """

    list_checked = Signal(object)
    workers_imported = Signal(object)

    def __init__(
        self, session: SignedIn, npp: str | None = None, parent: QWidget | None = None
    ) -> None:
        """Long because it lays the widgets out top to bottom, in the order they appear on screen."""
        super().__init__(session, "import_workers_dialog", _("Impor daftar tenaga kerja"), parent)
        self.report: ImportReport | None = None
        self.employer_offices: dict[str, str] = {}  # NPP → office, of the employers looked up
        self.setMinimumSize(940, 600)

        self.npp_edit = QLineEdit(npp or "")
        self.npp_edit.setObjectName("npp_edit")
        self.npp_edit.setMaxLength(8)
        self.npp_edit.setPlaceholderText(_("8 karakter, misalnya 15070955"))
        self.employer_label = named_label("employer_label", style=HINT_STYLE)
        self.file_edit = QLineEdit()
        self.file_edit.setObjectName("file_edit")
        self.file_edit.setPlaceholderText(_("file .xlsx atau .csv"))
        self.browse_button = push_button("browse_button", _("Pi&lih…"))
        self.browse_button.setAutoDefault(False)
        self.template_button = push_button("template_button", _("&Unduh templat…"))
        self.template_button.setAutoDefault(False)
        self.template_button.setToolTip(
            _("Simpan templat .xlsx berisi kolom-kolom yang dibaca impor ini")
        )

        npp_row = QHBoxLayout()
        npp_row.addWidget(self.npp_edit)
        npp_row.addWidget(self.employer_label, 1)
        file_row = QHBoxLayout()
        file_row.addWidget(self.file_edit, 1)
        file_row.addWidget(self.browse_button)
        file_row.addWidget(self.template_button)
        npp_label = QLabel(_("&NPP pemberi kerja"))
        npp_label.setBuddy(self.npp_edit)
        file_label = QLabel(_("&File daftar"))
        file_label.setBuddy(self.file_edit)
        form = QFormLayout()
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        form.addRow(npp_label, npp_row)
        form.addRow(file_label, file_row)

        self.check_button = push_button("check_button", _("&Periksa"))
        self.check_button.setDefault(True)
        self.summary_label = named_label(
            "summary_label",
            _("Pilih pemberi kerja dan file, lalu tekan Periksa. Belum ada yang disimpan."),
            wrap=True,
        )
        font = self.summary_label.font()
        font.setBold(True)
        self.summary_label.setFont(font)
        check_row = QHBoxLayout()
        check_row.addWidget(self.check_button)
        check_row.addWidget(self.summary_label, 1)

        self.model = RowErrorTableModel(self)
        self.table = QTableView()
        self.table.setObjectName("problems_table")
        self.table.setTabKeyNavigation(
            False
        )  # Tab leaves the table (a keyboard trap otherwise); arrows move inside it
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        # Two wrapped lines per row at a fixed height (resizing 100,000 rows to their contents
        # would take seconds); the full reason of the current row shows below the table.
        self.table.setWordWrap(True)
        self.table.setAlternatingRowColors(True)
        rows = self.table.verticalHeader()
        rows.setVisible(False)
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(self.table.fontMetrics().lineSpacing() * 2 + 10)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for column, width in (
            (RowErrorTableModel.COL_ROW, 60),
            (RowErrorTableModel.COL_KIND, 96),
            (RowErrorTableModel.COL_COLUMN, 120),
            (RowErrorTableModel.COL_VALUE, 170),
        ):
            self.table.setColumnWidth(column, width)
        table_label = QLabel(_("Baris &bermasalah"))
        table_label.setBuddy(self.table)
        self.detail_label = named_label("detail_label", wrap=True)
        self.detail_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.detail_label.setMinimumHeight(self.detail_label.fontMetrics().lineSpacing() * 2)
        self.table.selectionModel().currentRowChanged.connect(self._on_table_current_changed)

        self.export_button = push_button("export_button", _("&Ekspor daftar kesalahan…"))
        self.export_button.setAutoDefault(False)
        self.export_button.setEnabled(False)
        self.import_button = push_button("import_button", _("&Impor baris valid"))
        self.import_button.setAutoDefault(False)
        self.import_button.setEnabled(False)
        self.close_button = push_button("close_button", _("&Tutup"))
        self.close_button.setAutoDefault(False)
        buttons = QHBoxLayout()
        buttons.addWidget(self.export_button)
        buttons.addStretch(1)
        buttons.addWidget(self.import_button)
        buttons.addWidget(self.close_button)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addLayout(check_row)
        layout.addWidget(table_label)
        layout.addWidget(self.table, 1)
        remember_header(self.table, "import/problems_table")
        layout.addWidget(self.detail_label)
        layout.addLayout(buttons)

        self.npp_edit.editingFinished.connect(self._on_npp_edit_finished)
        self.npp_edit.textEdited.connect(self._on_input_edited)
        self.file_edit.textChanged.connect(self._on_input_edited)
        self.browse_button.clicked.connect(self._on_browse_clicked)
        self.template_button.clicked.connect(self._on_template_clicked)
        self.check_button.clicked.connect(self.check)
        self.export_button.clicked.connect(self._on_export_clicked)
        self.import_button.clicked.connect(self.import_valid)
        self.close_button.clicked.connect(self.reject)
        if npp:
            self._show_employer()
            self.file_edit.setFocus()

    # --- the table -------------------------------------------------------------------------------
    def _on_table_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        model = self.model
        if not current.isValid():
            self.detail_label.setText("")
            return
        cells = [
            model.index(current.row(), column).data()
            for column in (model.COL_ROW, model.COL_KIND, model.COL_COLUMN, model.COL_REASON)
        ]
        self.detail_label.setText(
            _("Baris {row}, kolom {column} ({kind}): {reason}").format(
                row=cells[0], kind=cells[1].lower(), column=cells[2], reason=cells[3]
            )
        )

    # --- inputs --------------------------------------------------------------------------------
    def _on_npp_edit_finished(self) -> None:
        self._show_employer()

    def _show_employer(self) -> None:
        text = self.npp_edit.text().strip()
        if not text:
            self.employer_label.setText("")
            return
        try:
            employer = employer_registry.get_employer(
                self.session.db, text, actor=self.session.actor
            )
            self.employer_offices[employer.npp] = employer.office_code
        except KnownError as exc:
            set_readout(self.employer_label, exc.message, ERROR_STYLE)
            return
        set_readout(
            self.employer_label,
            _("{name} · kantor {office}").format(name=employer.name, office=employer.office_code),
        )

    def _on_input_edited(self, *_args: object) -> None:
        """A checked report belongs to that employer and that file: check again to import."""
        if self.report is not None and not self.report.committed:
            self.import_button.setEnabled(False)
            self.import_button.setText(_("&Impor baris valid"))

    def _on_browse_clicked(self) -> None:
        start = self.file_edit.text() or str(Path.home())
        path, _filter = QFileDialog.getOpenFileName(
            self,
            _("Pilih daftar tenaga kerja"),
            start,
            _("Daftar tenaga kerja (*.xlsx *.csv);;Semua file (*)"),
        )
        if path:
            self.file_edit.setText(path)

    def _on_template_clicked(self) -> None:
        path = ask_save_path(
            self,
            _("Simpan templat"),
            Path.home() / "templat-daftar-tk.xlsx",
            _("Buku kerja Excel (*.xlsx)"),
        )
        if path:
            self.save_template(path)

    def save_template(self, path: Path) -> None:
        """Write the template to *path* and say where it is."""
        try:
            imports.write_template(path)
        except KnownError as exc:
            self._say(exc.message, ERROR_STYLE)
            return
        self._say(_("Templat disimpan di {path}").format(path=path), OK_STYLE)

    def _say(self, text: str, style: str) -> None:
        self.summary_label.setText(text)
        self.summary_label.setStyleSheet(style)

    def _inputs(self) -> tuple[str, Path] | None:
        npp = self.npp_edit.text().strip()
        path = self.file_edit.text().strip()
        if not npp:
            self._say(_("Isi NPP pemberi kerja"), ERROR_STYLE)
            self.npp_edit.setFocus()
            return None
        if not path:
            self._say(_("Pilih file daftar tenaga kerja (.xlsx atau .csv)"), ERROR_STYLE)
            self.file_edit.setFocus()
            return None
        return npp, Path(path)

    # --- dry run ---------------------------------------------------------------------------------
    def check(self) -> None:
        """Run the dry run in the background; show its counts and every bad row."""
        inputs = self._inputs()
        if inputs is None:
            return
        npp, path = inputs
        db, actor = self.session.db, self.session.actor
        self.import_button.setEnabled(False)

        def work(context: TaskContext) -> ImportReport:
            return imports.dry_run(
                db, actor, npp, path, progress=context.progress, cancelled=context.cancelled
            )

        run_with_progress(
            self, _("Memeriksa daftar tenaga kerja"), work, self._on_checked, self._on_failed
        )

    def _on_checked(self, report: ImportReport) -> None:
        self.report = report
        self.model.set_problems(report.errors, report.warnings)
        self.table.scrollToTop()
        self.detail_label.setText("")
        if self.model.rowCount():
            self.table.setCurrentIndex(self.model.index(0, RowErrorTableModel.COL_REASON))
        text = _("{employer}: {summary}").format(
            employer=report.employer_name, summary=report.summary
        )
        if report.warnings:
            text += " " + ngettext(
                "({n} peringatan)", "({n} peringatan)", len(report.warnings)
            ).format(n=group_thousands(len(report.warnings)))
        if report.rows_bad == 0:
            text += " " + _("— siap diimpor.")
        self._say(text, ERROR_STYLE if report.rows_bad else OK_STYLE)
        self.export_button.setEnabled(bool(report.errors or report.warnings))
        self.import_button.setText(
            _("&Impor {n} baris valid").format(n=group_thousands(report.rows_valid))
        )
        self.import_button.setEnabled(report.rows_valid > 0)
        self.list_checked.emit(report)

    def _on_failed(self, error: BaseException) -> None:
        if isinstance(error, MissingColumnsError):
            # What to do, in this window's own words: its template button, then Periksa again.
            self._say(
                _(
                    "Kolom wajib tidak ditemukan di {where}: {columns}. Tekan Unduh templat…, "
                    "salin data ke templat itu tanpa mengubah judul kolomnya, lalu pilih file "
                    "itu dan tekan Periksa."
                ).format(where=error.where, columns=", ".join(error.columns)),
                ERROR_STYLE,
            )
        else:
            self._say(error_text(error), ERROR_STYLE)

    # --- export of the problems ----------------------------------------------------------------
    def _on_export_clicked(self) -> None:
        if self.report is None:
            return
        source = Path(self.file_edit.text().strip() or "daftar")
        default = source.with_name(f"{source.stem}-kesalahan.xlsx")
        path = ask_save_path(
            self, _("Ekspor daftar kesalahan"), default, _("Buku kerja Excel (*.xlsx)")
        )
        if not path:
            return
        # Why the list of problems (rows of personal data) leaves the app; None: cancelled.
        purpose = ask_text(
            self,
            _("Tujuan ekspor"),
            _("Daftar kesalahan memuat data pribadi. Untuk apa file ini (dicatat di jejak audit)?"),
        )
        if purpose is not None:
            self.export_problems(path, purpose)

    def export_problems(self, path: Path, purpose: str) -> None:
        """Write the problems of the last check to *path* (in the background).

        The report holds rows of a worker list (personal data): the export is recorded first
        with its *purpose* (services/personal.py), NIKs and wages masked in it, and the workbook
        marked confidential (exchange/worker_list.py).
        """
        report = self.report
        if report is None:
            return
        try:
            personal.record_export(
                self.session.db,
                self.session.actor,
                personal.IMPORT_ERROR_REPORT,
                len(report.errors) + len(report.warnings),
                purpose,
            )
        except KnownError as exc:
            self._say(exc.message, ERROR_STYLE)
            return

        def work(context: TaskContext) -> Path:
            context.progress(10, _("Menulis {path}…").format(path=path.name))
            return imports.write_problems(path, report)

        run_with_progress(
            self,
            _("Mengekspor daftar kesalahan"),
            work,
            lambda written: self._say(
                _("Daftar kesalahan disimpan di {path}").format(path=written), OK_STYLE
            ),
            self._on_failed,
        )

    # --- import ----------------------------------------------------------------------------------
    def import_valid(self) -> None:
        """Import the valid rows of the checked file in one transaction (cancel: nothing saved)."""
        report = self.report
        inputs = self._inputs()
        if report is None or inputs is None or report.committed:
            return
        npp, path = inputs
        db, actor = self.session.db, self.session.actor
        outcome: dict[str, ImportReport] = {}

        def work(context: TaskContext) -> ImportReport:
            done = imports.commit(
                db, actor, npp, path,
                only_valid=True, expected_sha256=report.sha256,
                progress=context.progress, cancelled=context.cancelled,
            )  # fmt: skip
            outcome["report"] = done
            return done

        def cancelled() -> None:
            # WORKAROUND: a Task reports "cancelled" whenever Cancel was pressed, even if the
            # work had already committed (Cancel pressed between COMMIT and return).
            if "report" in outcome:
                self._on_imported(outcome["report"])
            else:
                self._say(_("Impor dibatalkan; tidak ada yang disimpan"), ERROR_STYLE)

        self.import_button.setEnabled(False)
        task = run_with_progress(
            self, _("Mengimpor tenaga kerja"), work, self._on_imported, self._on_import_failed
        )
        task.cancelled.connect(cancelled)

    def _on_imported(self, report: ImportReport) -> None:
        self.report = report
        self.import_button.setEnabled(False)
        self._say(
            ngettext(
                "{n} tenaga kerja diimpor ke {employer}, KPJ {first} s.d. {last}.",
                "{n} tenaga kerja diimpor ke {employer}, KPJ {first} s.d. {last}.",
                report.imported,
            ).format(
                n=group_thousands(report.imported),
                employer=report.employer_name,
                first=report.first_kpj,
                last=report.last_kpj,
            ),
            OK_STYLE,
        )
        self.workers_imported.emit(report)
        # The workers join the employer's office (None: the employer was not looked up here).
        data_changed(DataKind.WORKER, self.employer_offices.get(report.npp))

    def _on_import_failed(self, error: BaseException) -> None:
        self._on_failed(error)
        self.import_button.setEnabled(self.report is not None and self.report.rows_valid > 0)
