"""The arrears worklist (piutang iuran) and the year's target progress.

:class:`ArrearsWorklistPage` lists the officer's cases whose next action is due today or overdue
(the head of office: every officer's), largest arrears first, overdue rows highlighted; Enter opens
a case. :class:`ArrearsTargetsPage` shows the year's target list and how many employers have paid,
per office or officer, month by month.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QModelIndex,
    QPersistentModelIndex,
    QSettings,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from bpjs_desktop.domain.arrears import AgeingBucket, CaseStatus
from bpjs_desktop.domain.money import format_percent, format_rupiah, group_thousands
from bpjs_desktop.domain.periods import MONTH_NAMES_EN, MONTH_NAMES_ID, Period, format_date
from bpjs_desktop.errors import KnownError, ValidationError
from bpjs_desktop.i18n import _, current_language, ngettext
from bpjs_desktop.services import arrears
from bpjs_desktop.services.arrears_letters import skk_handover, skk_handover_document
from bpjs_desktop.services.arrears_worklist import (
    TargetProgress,
    TargetProgressRow,
    WorklistFilter,
    WorklistQuery,
    WorklistRow,
    export_worklist,
    target_progress,
)
from bpjs_desktop.services.context import allowed
from bpjs_desktop.services.workstation import SignedIn
from bpjs_desktop.ui.common.events import DataKind, reload_on
from bpjs_desktop.ui.common.forms import DateEdit, FormDialog
from bpjs_desktop.ui.common.layout_memory import remember_header
from bpjs_desktop.ui.common.month_office import office_combo
from bpjs_desktop.ui.common.session_page import SessionPage
from bpjs_desktop.ui.common.tables import Column, Loaded, PagedModel
from bpjs_desktop.ui.common.tasks import TaskContext
from bpjs_desktop.ui.common.widgets import (
    HeaderTextsModel,
    add_labelled,
    ask_save_path,
    combo_box,
    labelled,
    list_table,
    named_label,
    page_title,
    push_button,
    report_list_loads,
    run_with_progress,
    show_error,
)

AnyIndex = QModelIndex | QPersistentModelIndex

OVERDUE_BACKGROUND = QColor("#fde2e0")  # next action late: light red
TODAY_BACKGROUND = QColor("#fff3cd")  # next action due today: light amber
BROKEN_FOREGROUND = QColor("#a4000f")


# --- the worklist -----------------------------------------------------------------------------------


class WorklistTableModel(PagedModel):
    """The worklist, a page at a time from SQL; rows whose next action is late are tinted red,
    those due today amber, and a broken promise is written in dark red."""

    COL_NPP = 0
    COL_NAME = 1
    COL_OFFICE = 2
    COL_OFFICER = 3
    COL_AGE = 4
    COL_BUCKET = 5
    COL_OWED = 6
    COL_FINE = 7
    COL_NEXT = 8
    COL_NEXT_ON = 9

    def __init__(self, parent: Any = None) -> None:
        columns = [
            Column(_("NPP"), lambda r: r.npp, "npp"),
            Column(_("Pemberi kerja"), lambda r: r.employer_name, "name"),
            Column(_("Kantor"), lambda r: r.office_code, "office"),
            Column(_("Petugas"), lambda r: r.officer_username or "–", "officer",
                   tooltip=lambda r: r.officer_name),
            Column(_("Umur"), _age_text, "age", align_right=True,
                   tooltip=lambda r: _("BLTH tertua {blth}").format(
                       blth=Period.parse(r.oldest_period).blth) if r.oldest_period else None),
            Column(_("Kelompok"), lambda r: arrears.bucket_label(r.bucket)),
            Column(_("Tunggakan"), lambda r: format_rupiah(r.owed), "owed", align_right=True,
                   tooltip=lambda r: _("{n} bulan menunggak").format(n=r.months_owed)),
            Column(_("Denda"), lambda r: format_rupiah(r.fine), None, align_right=True),
            Column(_("Tindakan berikutnya"), _next_text, tooltip=_stage_text),
            Column(_("Jatuh tempo"), lambda r: format_date(r.next_action_on) if r.next_action_on else "–", "next"),
        ]  # fmt: skip
        super().__init__(columns, parent)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if index.isValid() and role in (
            Qt.ItemDataRole.BackgroundRole,
            Qt.ItemDataRole.ForegroundRole,
            Qt.ItemDataRole.FontRole,
        ):
            row: WorklistRow | None = self.row_object(index.row())
            if row is None:
                return None
            if role == Qt.ItemDataRole.BackgroundRole:
                if row.overdue:
                    return QBrush(OVERDUE_BACKGROUND)
                if row.due_today:
                    return QBrush(TODAY_BACKGROUND)
                return None
            if role == Qt.ItemDataRole.ForegroundRole:
                if row.broken_promise and index.column() == self.COL_NEXT:
                    return QBrush(BROKEN_FOREGROUND)
                # Tinted rows keep dark text whatever the palette (a dark theme's light text
                # would not read on the light tints).
                return QBrush(QColor("#1a1a1a")) if row.overdue or row.due_today else None
            if index.column() == self.COL_NEXT and row.overdue:
                font = QFont()
                font.setBold(True)
                return font
            return None
        return super().data(index, role)


def _age_text(row: WorklistRow) -> str:
    return _("{n} bln").format(n=row.months_overdue) if row.months_overdue else "–"


def _next_text(row: WorklistRow) -> str:
    """The step alone; a broken promise is marked (its words are in the tooltip)."""
    return f"⚠ {row.next_step}" if row.broken_promise else row.next_step


def _stage_text(row: WorklistRow) -> str:
    stage = arrears.kind_label(row.stage) if row.stage else _("belum ada tindakan")
    text = _("{action} · tahap: {stage} · {status}").format(
        action=row.next_action, stage=stage, status=arrears.status_label(row.status)
    )
    return text


STATUS_CHOICES: tuple[tuple[str, tuple[CaseStatus, ...]], ...] = (
    ("open", arrears.OPEN_STATUSES),
    ("TERBUKA", (CaseStatus.TERBUKA,)),
    ("KEJARI", (CaseStatus.KEJARI,)),
    ("KPKNL", (CaseStatus.KPKNL,)),
    ("LUNAS", (CaseStatus.LUNAS,)),
)


class ArrearsWorklistPage(SessionPage):
    """The officer's cases for today and overdue, largest arrears first.

    Signals:
        case_activated(int): the id of the case the user opened.
        list_loaded(int): how many cases the list now shows.
        skk_list_saved(object): the numbered SKK hand-over list just written as a PDF.
    """

    case_activated = Signal(int)
    list_loaded = Signal(int)
    skk_list_saved = Signal(object)

    def __init__(self, session: SignedIn, parent: QWidget | None = None) -> None:
        """Long because it lays the widgets out top to bottom, in the order they appear on screen."""
        super().__init__(session, "arrears_worklist_page", parent)
        self.query: WorklistQuery | None = None
        self.may_view_all = allowed(session.actor, "arrears.view_all")

        self.office_combo = office_combo(session, "office_combo", every_for_branch=False)
        self.officer_combo = QComboBox()
        self.officer_combo.setObjectName("officer_combo")
        self.officer_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.officer_combo.setMinimumContentsLength(14)
        self.bucket_combo = combo_box(
            [
                (_("Semua umur"), None),
                *(
                    (arrears.bucket_label(bucket.name), bucket.name)
                    for bucket in arrears.ageing_buckets(session.db)
                ),
            ],
            "bucket_combo",
        )
        self.status_combo = combo_box(
            ((_status_choice_label(key), key) for key, _statuses in STATUS_CHOICES), "status_combo"
        )
        self.due_check = QCheckBox(_("&Hanya hari ini dan terlambat"))
        self.due_check.setObjectName("due_check")
        self.due_check.setChecked(True)
        self.on_edit = DateEdit()
        self.on_edit.setObjectName("on_edit")
        self.on_edit.setFixedWidth(self.on_edit.fontMetrics().horizontalAdvance("30/04/20188") + 14)
        self.on_edit.set_value(arrears.reference_date(session.db))
        self.on_edit.setToolTip(
            _(
                "Tanggal perhitungan tunggakan, denda dan jatuh tempo (database demo: tanggal datanya)"
            )
        )
        self.on_edit.returnPressed.connect(self.apply_filters)
        self.apply_button = push_button("apply_button", _("T&erapkan"), self.apply_filters)

        self.legend_label = named_label(
            "legend_label",
            _(
                "<span style='background:#fde2e0'>&nbsp;terlambat&nbsp;</span> "
                "<span style='background:#fff3cd'>&nbsp;hari ini&nbsp;</span> "
                "<span style='color:#a4000f'>⚠ janji bayar diingkari</span> "
            ),
        )
        filters = QHBoxLayout()
        add_labelled(
            filters,
            (
                (_("&Kantor"), self.office_combo),
                (_("&Petugas"), self.officer_combo),
                (_("&Umur"), self.bucket_combo),
                (_("&Status"), self.status_combo),
            ),
        )
        filters.addStretch(1)
        second = QHBoxLayout()
        second.addWidget(labelled(_("Per &tanggal"), self.on_edit))
        second.addWidget(self.on_edit)
        second.addSpacing(12)
        second.addWidget(self.due_check)
        second.addStretch(1)
        second.addWidget(self.legend_label)
        second.addSpacing(12)
        second.addWidget(self.apply_button)

        self.model = WorklistTableModel(self)
        self.table = list_table(self.model, "worklist_table", alternating=False)
        self.model.follow(self.table)
        self.table.horizontalHeader().setSortIndicator(
            WorklistTableModel.COL_OWED, Qt.SortOrder.DescendingOrder
        )
        self.table.setSortingEnabled(True)
        header = self.table.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(WorklistTableModel.COL_NEXT, QHeaderView.ResizeMode.Stretch)
        for column, width in enumerate((80, 214, 50, 72, 56, 98, 122, 100, 220, 92)):
            self.table.setColumnWidth(column, width)
        self.table.activated.connect(self._on_table_activated)

        self.summary_label = named_label("summary_label")
        report_list_loads(
            self.model, self.table, self.summary_label, self._describe, then=self._on_list_loaded
        )
        self.open_button = push_button("open_button", _("&Buka kasus"), self.open_selected)
        self.export_button = push_button("export_button", _("Ekspo&r…"), self._on_export_clicked)
        self.skk_button = push_button("skk_button", _("&Daftar SKK (PDF)…"))
        self.skk_button.setToolTip(_("Daftar penyerahan SKK kepada Kejaksaan Negeri, bernomor"))
        self.skk_button.setVisible(allowed(session.actor, "arrears.skk"))
        self.skk_button.clicked.connect(self._on_skk_clicked)
        self.buckets_button = push_button("buckets_button", _("Kelompok u&mur…"))
        self.buckets_button.setToolTip(_("Atur kelompok umur piutang kantor"))
        self.buckets_button.setVisible(allowed(session.actor, "arrears.settings"))
        self.buckets_button.clicked.connect(self.open_buckets_dialog)
        bottom = QHBoxLayout()
        bottom.addWidget(self.summary_label, 1)
        bottom.addWidget(self.open_button)
        bottom.addWidget(self.export_button)
        bottom.addWidget(self.skk_button)
        bottom.addWidget(self.buckets_button)

        layout = QVBoxLayout(self)
        layout.addWidget(page_title(_("Piutang iuran: daftar kerja")))
        layout.addLayout(filters)
        layout.addLayout(second)
        layout.addWidget(self.table, 1)
        remember_header(self.table, "arrears/worklist_table")
        layout.addLayout(bottom)

        self._fill_officers()
        self._update_skk_button()
        self.office_combo.currentIndexChanged.connect(self._on_office_changed)
        for combo in (self.officer_combo, self.bucket_combo, self.status_combo):
            combo.currentIndexChanged.connect(self._on_filter_changed)
        self.due_check.toggled.connect(self._on_filter_changed)
        concerns = self.office_combo.concerns  # another office's case is not in this list
        reload_on(self, (DataKind.ARREARS,), self.apply_filters, concerns=concerns)

    # --- filters ------------------------------------------------------------------------------
    def _fill_officers(self) -> None:
        self.officer_combo.blockSignals(True)
        self.officer_combo.clear()
        if not self.may_view_all:
            actor = self.session.actor
            self.officer_combo.addItem(actor.full_name, actor.username)
            self.officer_combo.setEnabled(False)
            self.officer_combo.setToolTip(_("Petugas melihat kasusnya sendiri"))
        else:
            self.officer_combo.addItem(_("Semua petugas"), None)
            for officer in arrears.officers(self.session.db, self.office_combo.currentData()):
                self.officer_combo.addItem(
                    f"{officer.full_name} ({officer.username})", officer.username
                )
        self.officer_combo.blockSignals(False)

    def _on_office_changed(self, _index: int) -> None:
        self._fill_officers()
        self._update_skk_button()
        self.apply_filters()

    def _update_skk_button(self) -> None:
        """The SKK list is numbered per branch office (the service refuses "all offices"): the
        button is live only when one is chosen, and otherwise says so."""
        one_office = bool(self.office_combo.currentData())
        self.skk_button.setEnabled(one_office)
        self.skk_button.setToolTip(
            _("Daftar penyerahan SKK kepada Kejaksaan Negeri, bernomor")
            if one_office
            else _("Pilih satu kantor cabang untuk daftar SKK")
        )

    def _on_filter_changed(self, *_args: object) -> None:
        self.apply_filters()

    def current_filter(self) -> WorklistFilter:
        key = self.status_combo.currentData()
        statuses = dict(STATUS_CHOICES)[key]
        return WorklistFilter(
            office_code=self.office_combo.currentData(),
            officer_username=self.officer_combo.currentData() if self.may_view_all else None,
            bucket=self.bucket_combo.currentData(),
            statuses=statuses,
            due_only=self.due_check.isChecked(),
        )

    def apply_filters(self) -> None:
        """Count and show the list for the filters as they are now set, with its totals (in the
        background: the rows shown so far stay until the new ones are there; a newer choice
        wins). The query itself is built there too: it reads the office scope and buckets."""
        try:
            on = self.on_edit.value()
            wanted = self.current_filter()
        except ValueError as exc:
            show_error(self, KnownError(str(exc)))
            return
        except KnownError as exc:
            show_error(self, exc)
            return
        db, actor = self.session.db, self.session.actor
        self.summary_label.setText(_("Memuat…"))
        self.model.load(lambda: WorklistQuery(db, actor, wanted, on=on), extra=WorklistQuery.totals)

    @staticmethod
    def _describe(loaded: Loaded) -> str:
        query, totals = loaded.source, loaded.extra
        return _("{n} kasus · tunggakan {owed} · {late} terlambat · per {day}").format(
            n=group_thousands(totals.cases),
            owed=format_rupiah(totals.owed),
            late=group_thousands(totals.overdue),
            day=format_date(query.on),
        )

    def _on_list_loaded(self, loaded: Loaded) -> None:
        self.query = loaded.source
        self.list_loaded.emit(loaded.count)

    # --- opening, export, SKK list ---------------------------------------------------------------
    def _on_table_activated(self, index: QModelIndex) -> None:
        row = self.model.row_object(index.row())
        if row is not None:
            self.case_activated.emit(row.case_id)

    def open_selected(self) -> None:
        index = self.table.currentIndex()
        if index.isValid():
            self._on_table_activated(index)

    def selected_row(self) -> WorklistRow | None:
        index = self.table.currentIndex()
        return self.model.row_object(index.row()) if index.isValid() else None

    def open_buckets_dialog(self) -> None:
        dialog = AgeingBucketsDialog(self.session, self)
        dialog.saved.connect(self._on_buckets_saved)
        dialog.open()

    def _on_buckets_saved(self, _buckets: object) -> None:
        self.bucket_combo.blockSignals(True)
        self.bucket_combo.clear()
        self.bucket_combo.addItem(_("Semua umur"), None)
        for bucket in arrears.ageing_buckets(self.session.db):
            self.bucket_combo.addItem(arrears.bucket_label(bucket.name), bucket.name)
        self.bucket_combo.blockSignals(False)
        self.apply_filters()

    def _on_export_clicked(self) -> None:
        if self.query is None:
            return
        settings = QSettings()
        folder = str(settings.value("export/folder", str(Path.home())))
        path = ask_save_path(
            self,
            _("Ekspor daftar piutang"),
            Path(folder) / "piutang-iuran.xlsx",
            _("Buku kerja Excel (*.xlsx);;CSV (*.csv)"),
        )
        if path:
            settings.setValue("export/folder", str(path.parent))
            self.export_to(path)

    def export_to(self, path: Path) -> None:
        """Write the list as it is filtered and sorted now (in the background)."""
        query = self.query
        if query is None:
            return
        column = self.model._sort_column
        sort_key = self.model.columns[column].sort_key if column is not None else None

        def work(_context: TaskContext) -> int:
            return export_worklist(query, path, sort_key)

        run_with_progress(
            self,
            _("Mengekspor daftar piutang"),
            work,
            lambda n: self.summary_label.setText(
                ngettext("{n} kasus diekspor ke {path}", "{n} kasus diekspor ke {path}", n).format(
                    n=group_thousands(n), path=path
                )
            ),
        )

    def _on_skk_clicked(self) -> None:
        office = self.office_combo.currentData()
        if not office:
            show_error(self, KnownError(_("Pilih satu kantor cabang untuk daftar SKK")))
            return
        path = ask_save_path(
            self, _("Simpan daftar SKK"), Path.home() / f"daftar-skk-{office}.pdf", _("PDF (*.pdf)")
        )
        if path:
            self.save_skk_list(path)

    def save_skk_list(self, path: Path) -> Path | None:
        """Number and write the SKK hand-over list of the chosen office as a PDF."""
        from bpjs_desktop.ui.common.printing import write_pdf

        office = self.office_combo.currentData()
        try:
            handover = skk_handover(
                self.session.db, self.session.actor, str(office or ""), on=self.on_edit.value()
            )
            write_pdf(skk_handover_document(handover), path)
        except (KnownError, ValueError) as exc:
            show_error(self, exc if isinstance(exc, KnownError) else KnownError(str(exc)))
            return None
        self.summary_label.setText(
            _("Daftar SKK nomor {number} ({n} pemberi kerja) disimpan di {path}").format(
                number=handover.number, n=len(handover.lines), path=path
            )
        )
        self.skk_list_saved.emit(handover)
        return path


def _status_choice_label(key: str) -> str:
    if key == "open":
        return _("Belum lunas (semua)")
    return arrears.status_label(CaseStatus(key))


# --- the year's targets ---------------------------------------------------------------------------


class TargetProgressModel(HeaderTextsModel):
    """Target list and employers paid per office (or officer), January to December, cumulative;
    a bold total row last."""

    COL_OFFICE = 0
    COL_OFFICER = 1
    COL_TARGET = 2
    COL_FIRST_MONTH = 3  # January; December is COL_FIRST_MONTH + 11
    COL_PERCENT = 15
    COL_COLLECTED = 16
    COLUMN_COUNT = 17

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._progress: TargetProgress | None = None
        self._month = 12
        names = MONTH_NAMES_ID if current_language() == "id" else MONTH_NAMES_EN
        self._headers = (
            _("Kantor"), _("Petugas"), _("Target"), *(n[:3] for n in names), _("% tertagih"),
            _("Rp tertagih"),
        )  # fmt: skip

    def set_progress(self, progress: TargetProgress | None, month: int) -> None:
        self.beginResetModel()
        self._progress = progress
        self._month = month
        self.endResetModel()

    def _rows(self) -> tuple[TargetProgressRow, ...]:
        if self._progress is None:
            return ()
        return (*self._progress.rows, self._progress.total)

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows())

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        rows = self._rows()
        if not index.isValid() or not 0 <= index.row() < len(rows):
            return None
        row = rows[index.row()]
        column = index.column()
        is_total = index.row() == len(rows) - 1
        if role == Qt.ItemDataRole.DisplayRole:
            if column == self.COL_OFFICE:
                return row.office_name
            if column == self.COL_OFFICER:
                return row.officer_name or (
                    "" if is_total or row.officer_username is None else row.officer_username
                )
            if column == self.COL_TARGET:
                return group_thousands(row.target)
            if self.COL_FIRST_MONTH <= column < self.COL_FIRST_MONTH + 12:
                month = column - self.COL_FIRST_MONTH + 1
                return group_thousands(row.paid_by(month)) if month <= self._month else ""
            if column == self.COL_PERCENT:
                return format_percent(row.percent(self._month))
            if column == self.COL_COLLECTED:
                return format_rupiah(row.collected_by(self._month))
            return None
        if role == Qt.ItemDataRole.TextAlignmentRole:
            horizontal = (
                Qt.AlignmentFlag.AlignLeft
                if column in (self.COL_OFFICE, self.COL_OFFICER)
                else Qt.AlignmentFlag.AlignRight
            )
            return int(horizontal | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.FontRole and is_total:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ToolTipRole and column == self.COL_OFFICE:
            return row.office_code or None
        return None

    def header_tooltip(self, section: int) -> str | None:
        if section >= self.COL_FIRST_MONTH:
            return _("Pemberi kerja dalam daftar target yang tunggakannya lunas sejak Januari")
        return None


class ArrearsTargetsPage(SessionPage):
    """The year's target list of employers in arrears and how many have paid, month by month.

    Signals:
        progress_loaded(object): the :class:`TargetProgress` now shown.
    """

    progress_loaded = Signal(object)

    def __init__(self, session: SignedIn, parent: QWidget | None = None) -> None:
        super().__init__(session, "arrears_targets_page", parent)
        self.progress: TargetProgress | None = None
        on = arrears.reference_date(session.db)
        self.year_combo = combo_box(
            ((str(year), year) for year in range(on.year, on.year - 5, -1)), "year_combo"
        )
        self.month = on.month
        self.office_combo = office_combo(session, "office_combo")
        self.officer_check = QCheckBox(_("&Per petugas"))
        self.officer_check.setObjectName("officer_check")
        self.model = TargetProgressModel(self)
        self.table = QTableView()
        self.table.setObjectName("targets_table")
        self.table.setModel(self.model)
        self.table.verticalHeader().setVisible(False)
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(TargetProgressModel.COL_OFFICE, QHeaderView.ResizeMode.Stretch)
        self.status_label = named_label("status_label")
        controls = QHBoxLayout()
        add_labelled(controls, ((_("&Tahun"), self.year_combo), (_("&Kantor"), self.office_combo)))
        controls.addWidget(self.officer_check)
        controls.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(page_title(_("Piutang iuran: target dan realisasi")))
        layout.addLayout(controls)
        layout.addWidget(self.table, 1)
        remember_header(self.table, "arrears/targets_table")
        layout.addWidget(self.status_label)
        self.year_combo.currentIndexChanged.connect(self._on_choice_changed)
        self.office_combo.currentIndexChanged.connect(self._on_choice_changed)
        self.officer_check.toggled.connect(self._on_choice_changed)
        # A payment counts towards its office's target.
        concerns = self.office_combo.concerns
        reload_on(self, (DataKind.ARREARS,), self.refresh, concerns=concerns)

    def _on_choice_changed(self, *_args: object) -> None:
        self.refresh()

    def refresh(self) -> None:
        year = int(self.year_combo.currentData())
        reference = arrears.reference_date(self.session.db)
        month = reference.month if year == reference.year else 12
        try:
            progress = target_progress(
                self.session.db,
                year,
                office_code=self.office_combo.currentData(),
                by_officer=self.officer_check.isChecked(),
                actor=self.session.actor,
            )
        except KnownError as exc:
            show_error(self, exc)
            return
        self.progress = progress
        self.model.set_progress(progress, month)
        self.table.setColumnHidden(
            TargetProgressModel.COL_OFFICER, not self.officer_check.isChecked()
        )
        total = progress.total
        self.status_label.setText(
            _(
                "Target {year}: {target} pemberi kerja; sampai akhir {month}: {paid} lunas ({percent}), {amount}"
            ).format(
                year=year,
                target=group_thousands(total.target),
                month=Period(year, month).label(current_language()),
                paid=group_thousands(total.paid_by(month)),
                percent=format_percent(total.percent(month)),
                amount=format_rupiah(total.collected_by(month)),
            )
        )
        self.progress_loaded.emit(progress)


# --- the ageing buckets -------------------------------------------------------------------------------


class AgeingBucketsDialog(FormDialog):
    """The office's ageing buckets: a name and a range of months overdue each, the last one open
    (domain.md §6.1). Checked by the service: no gap, no overlap, starting at month 1."""

    def __init__(self, session: SignedIn, parent: QWidget | None = None) -> None:
        super().__init__(_("Kelompok umur piutang"), parent)
        self.setObjectName("buckets_dialog")
        self.setMinimumWidth(520)
        self.session = session
        self.table = QTableWidget(0, 3)
        self.table.setObjectName("buckets_table")
        self.table.setTabKeyNavigation(
            False
        )  # Tab leaves the table; while a cell is edited, Tab still goes to the next cell
        self.table.setHorizontalHeaderLabels([_("Nama"), _("Dari bulan"), _("Sampai bulan")])
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.table.verticalHeader().setVisible(False)
        for bucket in arrears.ageing_buckets(session.db):
            self._append(
                arrears.bucket_label(bucket.name),
                str(bucket.min_months),
                "" if bucket.max_months is None else str(bucket.max_months),
            )
        self.form.add(
            "buckets",
            _("&Kelompok"),
            self.table,
            _('Kosongkan "sampai" pada kelompok terakhir: tanpa batas atas'),
        )
        buttons = QHBoxLayout()
        self.add_button = push_button(
            "add_row_button", _("&Tambah baris"), lambda: self._append("", "", "")
        )
        self.remove_button = push_button(
            "remove_row_button", _("&Hapus baris"), self._on_remove_clicked
        )
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        holder = QWidget()
        holder.setLayout(buttons)
        self.form.add_widget(holder)
        self.table.itemChanged.connect(self._mark_dirty)

    def _append(self, name: str, first: str, last: str) -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        for column, value in enumerate((name, first, last)):
            self.table.setItem(row, column, QTableWidgetItem(value))

    def _on_remove_clicked(self) -> None:
        row = self.table.currentRow()
        if row >= 0:
            self.table.removeRow(row)
            self._mark_dirty()

    def buckets(self) -> list[AgeingBucket]:
        """The rows as buckets; a month that is not a whole number names the field."""
        result = []
        for row in range(self.table.rowCount()):
            cells = []
            for column in range(3):
                item = self.table.item(row, column)
                cells.append(item.text().strip() if item is not None else "")
            name, first, last = cells
            if not name and not first and not last:
                continue
            if not first.isdigit() or (last and not last.isdigit()):
                raise ValidationError.single(
                    "buckets",
                    _("Baris {n}: bulan harus bilangan bulat (sampai boleh kosong)").format(
                        n=row + 1
                    ),
                )
            result.append(AgeingBucket(name, int(first), int(last) if last else None))
        return result

    def submit(self) -> Any:
        return arrears.set_ageing_buckets(self.session.db, self.session.actor, self.buckets())
