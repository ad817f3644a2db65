"""The overview of a month: the monthly summary figures, per office and for the region."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSettings,
    Qt,
    Signal,
)
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from bpjs_desktop.domain.money import format_percent, format_rupiah_short, group_thousands
from bpjs_desktop.domain.periods import Period, format_date
from bpjs_desktop.i18n import _, current_language, ngettext
from bpjs_desktop.services import facts, reports
from bpjs_desktop.services.reports import MonthlySummary, OfficeSummary
from bpjs_desktop.services.workstation import SignedIn
from bpjs_desktop.ui.common.events import DataKind, reload_on
from bpjs_desktop.ui.common.layout_memory import layout_remembered, remember_header
from bpjs_desktop.ui.common.loader import Loader
from bpjs_desktop.ui.common.tasks import Task, TaskContext
from bpjs_desktop.ui.common.widgets import (
    KpiTile,
    choose,
    page_title,
    run_with_progress,
    show_error,
)

AnyIndex = QModelIndex | QPersistentModelIndex


class OverviewTableModel(QAbstractTableModel):
    """One row per office and a last, bold row with the total of the scope."""

    COL_OFFICE = 0
    COL_EMPLOYERS = 1
    COL_PU = 2
    COL_BPU = 3
    COL_JAKON = 4
    COL_PMI = 5
    COL_WORKERS = 6
    COL_CLAIMS = 7
    COL_CLAIMS_RP = 8
    COL_ARREARS_TARGET = 9
    COL_ARREARS_COLLECTED = 10
    COL_PERISAI = 11
    COL_RECRUITS = 12
    COLUMN_COUNT = 13

    SortRole = Qt.ItemDataRole.UserRole + 1
    TotalRole = Qt.ItemDataRole.UserRole + 2

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._rows: list[OfficeSummary] = []
        self._total: OfficeSummary | None = None
        self._headers = (
            _("Kantor"), _("BU\naktif"), _("TK\nPU"), _("TK\nBPU"), _("TK\nJakon"), _("TK\nPMI"),
            _("TK\naktif"), _("Klaim\n(kasus)"), _("Klaim\n(Rp)"), _("Target\npiutang"),
            _("BU\ntertagih"), _("Agen\nPerisai"), _("Akuisisi\nPerisai"),
        )  # fmt: skip
        self._tooltips = (
            _("Kantor cabang (KC) dan kantor cabang perintis (KCP)"),
            _("Badan usaha aktif pada akhir bulan"),
            _("Tenaga kerja penerima upah aktif"),
            _("Tenaga kerja bukan penerima upah aktif"),
            _("Tenaga kerja jasa konstruksi aktif"),
            _("Pekerja migran Indonesia aktif"),
            _("Seluruh tenaga kerja aktif"),
            _("Klaim dibayar sejak Januari, jumlah kasus"),
            _("Klaim dibayar sejak Januari, rupiah"),
            _("Badan usaha menunggak iuran dalam daftar target tahun ini"),
            _("Badan usaha dalam daftar target yang tunggakannya sudah tertagih"),
            _("Agen Perisai aktif pada akhir bulan"),
            _("Tenaga kerja yang direkrut agen Perisai sejak Januari"),
        )
        self._sort_column = self.COL_OFFICE
        self._sort_order = Qt.SortOrder.AscendingOrder

    def set_summary(self, summary: MonthlySummary | None) -> None:
        self.beginResetModel()
        self._rows = list(summary.rows) if summary else []
        self._total = summary.total if summary else None
        self._apply_sort()
        self.endResetModel()

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        if parent.isValid():
            return 0
        return len(self._rows) + (1 if self._total is not None else 0)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self.COLUMN_COUNT

    def _row(self, index: int) -> OfficeSummary:
        if index < len(self._rows):
            return self._rows[index]
        assert self._total is not None
        return self._total

    @staticmethod
    def _number(row: OfficeSummary, column: int) -> int:
        values = {
            OverviewTableModel.COL_EMPLOYERS: row.employers_active,
            OverviewTableModel.COL_PU: row.workers_pu,
            OverviewTableModel.COL_BPU: row.workers_bpu,
            OverviewTableModel.COL_JAKON: row.workers_jakon,
            OverviewTableModel.COL_PMI: row.workers_pmi,
            OverviewTableModel.COL_WORKERS: row.workers_total,
            OverviewTableModel.COL_CLAIMS: row.claims_total().cases,
            OverviewTableModel.COL_CLAIMS_RP: row.claims_total().amount,
            OverviewTableModel.COL_ARREARS_TARGET: row.arrears_target,
            OverviewTableModel.COL_ARREARS_COLLECTED: row.arrears_collected,
            OverviewTableModel.COL_PERISAI: row.perisai_agents,
            OverviewTableModel.COL_RECRUITS: row.perisai_recruits,
        }
        return values[column]

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= self.rowCount():
            return None
        row = self._row(index.row())
        column = index.column()
        is_total = index.row() >= len(self._rows)
        if role == Qt.ItemDataRole.DisplayRole:
            if column == self.COL_OFFICE:
                return (
                    _("Total {scope}").format(scope=row.office_name)
                    if is_total
                    else row.office_name
                )
            value = self._number(row, column)
            if column == self.COL_CLAIMS_RP:
                return format_rupiah_short(value)
            return group_thousands(value)
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == self.COL_CLAIMS_RP:
                return f"Rp{group_thousands(self._number(row, column))}"
            if column == self.COL_OFFICE:
                return f"{row.office_code} · {row.office_name}"
            return None
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if column == self.COL_OFFICE:
                return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.FontRole and is_total:
            font = QFont()
            font.setBold(True)
            return font
        if role == self.SortRole:
            return row.office_name if column == self.COL_OFFICE else self._number(row, column)
        if role == self.TotalRole:
            return is_total
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and 0 <= section < self.COLUMN_COUNT:
            if role == Qt.ItemDataRole.DisplayRole:
                return self._headers[section]
            if role == Qt.ItemDataRole.TextAlignmentRole:
                return int(Qt.AlignmentFlag.AlignCenter)
            if role == Qt.ItemDataRole.ToolTipRole:
                return self._tooltips[section]
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort the office rows (a few dozen, in Python); the total row stays last."""
        self.layoutAboutToBeChanged.emit()
        self._sort_column, self._sort_order = column, order
        self._apply_sort()
        self.layoutChanged.emit()

    def _apply_sort(self) -> None:
        column = self._sort_column
        key = (
            (lambda r: r.office_name)
            if column == self.COL_OFFICE
            else (lambda r: self._number(r, column))
        )
        self._rows.sort(key=key, reverse=self._sort_order == Qt.SortOrder.DescendingOrder)

    def office_code(self, row: int) -> str | None:
        return self._rows[row].office_code if 0 <= row < len(self._rows) else None


class OverviewPage(QWidget):
    """The month's summary: headline tiles, and a table per office. Computed off the GUI thread.

    Signals:
        summary_loaded(object): the :class:`MonthlySummary` now shown.
        exported(object): the path of a monthly workbook just written.
    """

    summary_loaded = Signal(object)
    exported = Signal(object)

    def __init__(self, session: SignedIn, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.setObjectName("overview_page")
        self.summary: MonthlySummary | None = None
        self.loader = Loader(self)
        self._facts_task: Task | None = None  # bringing stale monthly facts up to date

        title = page_title(_("Ringkasan bulanan"))

        self.month_combo = QComboBox()
        self.month_combo.setObjectName("month_combo")
        self.office_combo = QComboBox()
        self.office_combo.setObjectName("office_combo")
        month_label = QLabel(_("&Bulan"))
        month_label.setBuddy(self.month_combo)
        office_label = QLabel(_("&Kantor"))
        office_label.setBuddy(self.office_combo)
        self.refresh_button = QPushButton(_("&Muat ulang"))
        self.refresh_button.setObjectName("refresh_button")
        self.export_button = QPushButton(_("&Ekspor ke Excel…"))
        self.export_button.setObjectName("export_button")
        self.status_label = QLabel("")
        self.status_label.setObjectName("status_label")
        self.status_label.setStyleSheet("color: palette(dark);")

        controls = QHBoxLayout()
        controls.addWidget(month_label)
        controls.addWidget(self.month_combo)
        controls.addSpacing(12)
        controls.addWidget(office_label)
        controls.addWidget(self.office_combo, 1)
        controls.addSpacing(12)
        controls.addWidget(self.refresh_button)
        controls.addWidget(self.export_button)

        self.employers_tile = KpiTile(_("Badan usaha aktif"), "employers_tile")
        self.workers_tile = KpiTile(_("Tenaga kerja aktif"), "workers_tile")
        self.claims_tile = KpiTile(_("Klaim dibayar sejak Januari"), "claims_tile")
        self.arrears_tile = KpiTile(_("Piutang iuran: BU tertagih"), "arrears_tile")
        tiles = QGridLayout()
        for column, tile in enumerate(
            (self.employers_tile, self.workers_tile, self.claims_tile, self.arrears_tile)
        ):
            tiles.addWidget(tile, 0, column)
            tiles.setColumnStretch(column, 1)

        self.model = OverviewTableModel(self)
        self.table = QTableView()
        self.table.setObjectName("overview_table")
        self.table.setModel(self.model)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(OverviewTableModel.COL_OFFICE, Qt.SortOrder.AscendingOrder)
        self.table.setAlternatingRowColors(True)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(26)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(OverviewTableModel.COL_OFFICE, QHeaderView.ResizeMode.Stretch)
        header.setStretchLastSection(False)
        header.setMinimumHeight(44)

        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addLayout(controls)
        layout.addLayout(tiles)
        layout.addWidget(self.table, 1)
        remember_header(self.table, "overview/overview_table")
        layout.addWidget(self.status_label)

        self._fill_choices()
        self.month_combo.currentIndexChanged.connect(self._on_choice_changed)
        self.office_combo.currentIndexChanged.connect(self._on_choice_changed)
        self.refresh_button.clicked.connect(self.refresh)
        self.loader.busy_changed.connect(self.refresh_button.setDisabled)
        reload_on(self, (DataKind.MONTH_CLOSE,), self.refresh)
        self.export_button.clicked.connect(self.export)

    # --- choices ---------------------------------------------------------------------------
    def _fill_choices(self) -> None:
        latest = reports.latest_period(self.session.db)
        self.month_combo.blockSignals(True)
        for offset in range(24):
            period = latest.shift(-offset)
            self.month_combo.addItem(period.label(current_language()), str(period))
        self.month_combo.blockSignals(False)
        self.office_combo.blockSignals(True)
        for office in reports.list_offices(self.session.db, actor=self.session.actor):
            prefix = (
                "" if office.kind == "KANWIL" else ("    " if office.kind == "KC" else "        ")
            )
            label = (
                _("Seluruh {name}").format(name=office.name)
                if office.kind == "KANWIL"
                else office.name
            )
            self.office_combo.addItem(prefix + label, office.code)
        self.office_combo.blockSignals(False)

    @property
    def period(self) -> Period:
        return Period.parse(str(self.month_combo.currentData()))

    @property
    def office_code(self) -> str | None:
        data = self.office_combo.currentData()
        return str(data) if data else None

    def select(self, period: Period | None = None, office_code: str | None = None) -> None:
        """Choose a month and/or an office (as the user would in the combo boxes)."""
        if period is not None:
            choose(self.month_combo, str(period))
        if office_code is not None:
            choose(self.office_combo, office_code)

    def _on_choice_changed(self, _index: int) -> None:
        self.refresh()

    # --- loading ---------------------------------------------------------------------------------
    def refresh(self) -> None:
        """Compute the summary of the chosen month and office in the background (a newer
        choice supersedes a computation still running)."""
        period, office = self.period, self.office_code
        self.status_label.setText(
            _("Menghitung ringkasan {month}…").format(month=period.label(current_language()))
        )
        # From the monthly facts (a closed month: its frozen report, issue #6); stale facts are
        # shown at once and refreshed behind (_on_shown), never a pass over the records unless
        # the facts do not hold the month.
        self.loader.request(
            facts.summary_to_show,
            self.session.db,
            period,
            office,
            actor=self.session.actor,
            on_done=self._on_shown,
            on_error=self._on_failed,
        )

    def _on_shown(self, shown: facts.ShownSummary) -> None:
        self.show_summary(shown.summary)
        if shown.stale_year is not None:
            self.status_label.setText(
                self.status_label.text() + " " + _("Angka sedang diperbarui dari catatan terbaru…")
            )
            self._refresh_facts(shown.stale_year)

    def _refresh_facts(self, year: int) -> None:
        """Bring *year*'s facts up to date in the background, then show the month again."""
        if self._facts_task is not None:
            return
        db = self.session.db
        task = Task(lambda _context: facts.refresh_facts(db, year), self)
        task.finished.connect(self._on_facts_refreshed)
        task.failed.connect(self._on_failed)
        self._facts_task = task
        task.start()

    def _on_facts_refreshed(self, _report: object) -> None:
        self._facts_task = None
        self.refresh()

    def _on_failed(self, error: BaseException) -> None:
        self._facts_task = None
        self.status_label.setText(_("Ringkasan tidak dapat dihitung."))
        show_error(self, error)

    def _fit_columns(self) -> None:
        """Size each figure column to its widest text (ResizeToContents also reserves room for a
        sort arrow in every header, and thirteen columns then overflow a 1366-pixel screen).
        Not when the user's own widths were restored (ui/common/layout_memory.py)."""
        if layout_remembered(self.table):
            return
        metrics = self.table.fontMetrics()
        bold = QFont(self.table.font())
        bold.setBold(True)
        bold_metrics = QFontMetrics(bold)
        for column in range(1, OverviewTableModel.COLUMN_COUNT):
            header = str(self.model.headerData(column, Qt.Orientation.Horizontal))
            widest = max(metrics.horizontalAdvance(line) for line in header.splitlines())
            for row in range(self.model.rowCount()):
                text = str(self.model.data(self.model.index(row, column)))
                widest = max(widest, bold_metrics.horizontalAdvance(text))
            self.table.setColumnWidth(column, widest + 18)

    def show_summary(self, summary: MonthlySummary) -> None:
        self.summary = summary
        self.model.set_summary(summary)
        self._fit_columns()
        t = summary.total
        month = summary.period.label(current_language())
        self.employers_tile.set_figures(
            group_thousands(t.employers_active),
            _("{new} baru, {ended} nonaktif bulan ini").format(
                new=group_thousands(t.employers_new), ended=group_thousands(t.employers_ended)
            ),
        )
        self.workers_tile.set_figures(
            group_thousands(t.workers_total),
            _("PU {pu} · BPU {bpu} · Jakon {jakon} · PMI {pmi}").format(
                pu=group_thousands(t.workers_pu), bpu=group_thousands(t.workers_bpu),
                jakon=group_thousands(t.workers_jakon), pmi=group_thousands(t.workers_pmi),
            ),
        )  # fmt: skip
        claims = t.claims_total()
        self.claims_tile.set_figures(
            ngettext("{n} kasus", "{n} kasus", claims.cases).format(
                n=group_thousands(claims.cases)
            ),
            _("{amount} s.d. {month}").format(
                amount=format_rupiah_short(claims.amount), month=month
            ),
        )
        self.arrears_tile.set_figures(
            f"{group_thousands(t.arrears_collected)} / {group_thousands(t.arrears_target)}",
            _("{percent} dari target {year}; {amount}").format(
                percent=format_percent(t.arrears_collected_percent),
                year=summary.period.year,
                amount=format_rupiah_short(t.arrears_collected_amount),
            ),
        )
        self.status_label.setText(
            _("{scope}, {month} (data sampai {day}); {n} kantor").format(
                scope=summary.scope_name,
                month=month,
                day=format_date(summary.period.last_day),
                n=len(summary.rows),
            )
        )
        self.summary_loaded.emit(summary)

    # --- export --------------------------------------------------------------------------------
    def export(self) -> None:
        """Ask where to save the monthly workbook, then write it in the background."""
        period, office = self.period, self.office_code
        settings = QSettings()
        folder = str(settings.value("export_folder", str(Path.home())))
        suggested = Path(folder) / f"ringkasan-{period}{'-' + office if office else ''}.xlsx"
        path, _filter = QFileDialog.getSaveFileName(
            self, _("Simpan ringkasan bulanan"), str(suggested), _("Buku kerja Excel (*.xlsx)")
        )
        if not path:
            return
        target = Path(path)
        if target.suffix.lower() != ".xlsx":
            target = target.with_suffix(".xlsx")
        settings.setValue("export_folder", str(target.parent))
        self.export_to(target)

    def export_to(self, target: Path) -> Task:
        period, office = self.period, self.office_code
        db, actor = self.session.db, self.session.actor

        def work(context: TaskContext) -> Path:
            def progress(percent: int, message: str) -> None:
                context.check()
                context.progress(percent, message)

            reports.export_monthly(db, actor, period, target, office, progress)
            return target

        def done(path: Path) -> None:
            self.status_label.setText(
                _("Ringkasan {month} disimpan di {path}").format(
                    month=period.label(current_language()), path=path
                )
            )
            self.exported.emit(path)

        return run_with_progress(self, _("Mengekspor ringkasan bulanan"), work, done)
