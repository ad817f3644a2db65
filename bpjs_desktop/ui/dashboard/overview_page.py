"""The overview of a month: the monthly summary figures, per office and for the region."""

from __future__ import annotations

from operator import attrgetter
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import (
    QGridLayout,
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
from bpjs_desktop.ui.common.month_office import MonthOfficeChoice
from bpjs_desktop.ui.common.session_page import SessionPage
from bpjs_desktop.ui.common.tables import Column, Format, RowsModel, styled
from bpjs_desktop.ui.common.tasks import Task, TaskContext
from bpjs_desktop.ui.common.widgets import (
    KpiTile,
    ask_save_path,
    page_title,
    run_with_progress,
    show_error,
)

AnyIndex = QModelIndex | QPersistentModelIndex


def _counts(*columns: tuple[str, str]) -> list[Column]:
    """Columns of counts: (header, the name of the office's figure)."""
    return [Column(header, attrgetter(name), fmt=Format.COUNT) for header, name in columns]


class OverviewTableModel(RowsModel[OfficeSummary]):
    """One row per office and a last, bold row with the total of the scope (the one rows model
    of ui/common/tables.py: the offices sort in Python; the total stays last however sorted)."""

    COLUMN_COUNT = 13
    (COL_OFFICE, COL_EMPLOYERS, COL_PU, COL_BPU, COL_JAKON, COL_PMI, COL_WORKERS, COL_CLAIMS,
     COL_CLAIMS_RP, COL_ARREARS_TARGET, COL_ARREARS_COLLECTED, COL_PERISAI, COL_RECRUITS,
     ) = range(COLUMN_COUNT)  # fmt: skip

    TotalRole = Qt.ItemDataRole.UserRole + 2

    def __init__(self, parent: QWidget | None = None) -> None:
        self._total: OfficeSummary | None = None
        office = Column(
            _("Kantor"),
            lambda r: r.office_name,
            display=self._office_label,
            tooltip=lambda r: f"{r.office_code} · {r.office_name}",
        )
        claims_amount = Column(
            _("Klaim\n(Rp)"),
            lambda r: r.claims_total().amount,
            fmt=Format.COUNT,
            display=lambda r: format_rupiah_short(r.claims_total().amount),
            tooltip=lambda r: f"Rp{group_thousands(r.claims_total().amount)}",
        )
        columns = [
            office,
            *_counts(
                (_("BU\naktif"), "employers_active"),
                (_("TK\nPU"), "workers_pu"),
                (_("TK\nBPU"), "workers_bpu"),
                (_("TK\nJakon"), "workers_jakon"),
                (_("TK\nPMI"), "workers_pmi"),
                (_("TK\naktif"), "workers_total"),
            ),
            Column(_("Klaim\n(kasus)"), lambda r: r.claims_total().cases, fmt=Format.COUNT),
            claims_amount,
            *_counts(
                (_("Target\npiutang"), "arrears_target"),
                (_("BU\ntertagih"), "arrears_collected"),
                (_("Agen\nPerisai"), "perisai_agents"),
                (_("Akuisisi\nPerisai"), "perisai_recruits"),
            ),
        ]
        super().__init__(styled(columns, bold=lambda r: r is self._total), parent)
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

    def _office_label(self, row: OfficeSummary) -> str:
        if row is self._total:
            return _("Total {scope}").format(scope=row.office_name)
        return row.office_name

    def set_summary(self, summary: MonthlySummary | None) -> None:
        self._total = summary.total if summary else None
        self.set_rows([*summary.rows, summary.total] if summary else [])

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == self.TotalRole:
            return self.row_object(index.row()) is self._total if index.isValid() else None
        return super().data(index, role)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        """Two-line headers, centred, each with a tooltip that says what is counted."""
        if orientation == Qt.Orientation.Horizontal and 0 <= section < self.COLUMN_COUNT:
            if role == Qt.ItemDataRole.TextAlignmentRole:
                return int(Qt.AlignmentFlag.AlignCenter)
            if role == Qt.ItemDataRole.ToolTipRole:
                return self._tooltips[section]
        return super().headerData(section, orientation, role)

    def _apply_sort(self) -> None:
        super()._apply_sort()
        total = self._total
        if total is not None:  # by identity: an office may have the same figures as the total
            self._rows = [r for r in self._rows if r is not total] + [total]

    def office_code(self, row: int) -> str | None:
        summary = self.row_object(row)
        return None if summary is None or summary is self._total else summary.office_code


class OverviewPage(SessionPage):
    """The month's summary: headline tiles, and a table per office. Computed off the GUI thread.

    Signals:
        summary_loaded(object): the :class:`MonthlySummary` now shown.
        exported(object): the path of a monthly workbook just written.
    """

    summary_loaded = Signal(object)
    exported = Signal(object)

    def __init__(self, session: SignedIn, parent: QWidget | None = None) -> None:
        super().__init__(session, "overview_page", parent)
        self.summary: MonthlySummary | None = None
        self.loader = Loader(self)
        self._facts_task: Task | None = None  # bringing stale monthly facts up to date

        title = page_title(_("Ringkasan bulanan"))

        self.choice = MonthOfficeChoice()
        self.month_combo, self.office_combo = self.choice.month_combo, self.choice.office_combo
        self.refresh_button = QPushButton(_("&Muat ulang"))
        self.refresh_button.setObjectName("refresh_button")
        self.export_button = QPushButton(_("&Ekspor ke Excel…"))
        self.export_button.setObjectName("export_button")
        self.status_label = QLabel("")
        self.status_label.setObjectName("status_label")
        self.status_label.setStyleSheet("color: palette(dark);")

        controls = self.choice.row(self.refresh_button, self.export_button)

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

        remember_header(self.table, "overview/overview_table")
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addLayout(controls)
        layout.addLayout(tiles)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.status_label)

        self._fill_choices()
        self.choice.on_changed(self._on_choice_changed)
        self.refresh_button.clicked.connect(self.refresh)
        self.loader.busy_changed.connect(self.refresh_button.setDisabled)
        # A month closed for another branch leaves this office's figures as they are.
        concerns = self.office_combo.concerns
        reload_on(self, (DataKind.MONTH_CLOSE,), self.refresh, concerns=concerns)
        self.export_button.clicked.connect(self.export)

    # --- choices ---------------------------------------------------------------------------
    def _fill_choices(self) -> None:
        self.choice.fill(
            reports.latest_period(self.session.db),
            reports.list_offices(self.session.db, actor=self.session.actor),
        )

    @property
    def period(self) -> Period:
        return self.choice.period

    @property
    def office_code(self) -> str | None:
        return self.choice.office_code

    def select(self, period: Period | None = None, office_code: str | None = None) -> None:
        """Choose a month and/or an office (as the user would in the combo boxes)."""
        self.choice.select(period, office_code)

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
        target = ask_save_path(
            self,
            _("Simpan ringkasan bulanan"),
            f"ringkasan-{period}{'-' + office if office else ''}.xlsx",
            _("Buku kerja Excel (*.xlsx)"),
            folder_key="export_folder",
        )
        if target is not None:
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
