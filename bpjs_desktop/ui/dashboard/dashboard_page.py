"""The head of office's dashboard: every target against its realisation, for the region or one
office, as charts (pyqtgraph) with the records behind each bar and point a click away.

The figures come from the monthly facts (services/facts.py), read in the background once per
year; switching office or month then only rebuilds the series and redraws. When the facts are
stale (records written since they were made), the page shows what it has and refreshes them in the
background, then redraws.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QItemSelectionModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QFontMetrics
from PySide6.QtWidgets import (
    QHeaderView,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from bpjs_desktop.domain.kpis import KPI_ORDER, Kpi, KpiKind, Status, achievement
from bpjs_desktop.domain.money import format_decimal
from bpjs_desktop.domain.periods import Period
from bpjs_desktop.domain.programmes import Programme, Segment
from bpjs_desktop.i18n import _, current_language
from bpjs_desktop.services import dashboard, facts, reports
from bpjs_desktop.services.dashboard import Dashboard, KpiSeries
from bpjs_desktop.services.drilldown import RecordFilter
from bpjs_desktop.services.facts import YearFacts
from bpjs_desktop.services.workstation import SignedIn
from bpjs_desktop.ui.common.events import DataKind, reload_on
from bpjs_desktop.ui.common.layout_memory import (
    layout_remembered,
    remember_header,
    remember_splitter,
)
from bpjs_desktop.ui.common.loader import Loader
from bpjs_desktop.ui.common.month_office import MonthOfficeChoice
from bpjs_desktop.ui.common.session_page import SessionPage
from bpjs_desktop.ui.common.tasks import Task, TaskContext
from bpjs_desktop.ui.common.widgets import (
    HeaderTextsModel,
    named_label,
    on_click,
    page_title,
    push_button,
    show_error,
)
from bpjs_desktop.ui.dashboard.charts import (
    BLUE,
    DARK,
    GREEN,
    GREY,
    ORANGE,
    PURPLE,
    RED,
    SERIES_COLOURS,
    SKY,
    ChartFrame,
    exact,
)
from bpjs_desktop.ui.dashboard.records_dialog import RecordsDialog

AnyIndex = QModelIndex | QPersistentModelIndex
STATUS_COLOURS = {
    Status.ON_TRACK: GREEN,
    Status.NEAR: ORANGE,
    Status.BEHIND: RED,
    Status.NO_TARGET: GREY,
}
SEGMENT_COLOURS = {"PU": BLUE, "BPU": ORANGE, "JAKON": GREEN, "PMI": PURPLE}
PROGRAMME_COLOURS = {"JHT": BLUE, "JKK": ORANGE, "JKM": GREEN, "JP": PURPLE, "JKP": SKY}


def unit_of(series: KpiSeries) -> str:
    return {"Rp": "rupiah", "%": "percent"}.get(series.unit, "count")


def month_name(year: int, month: int) -> str:
    return Period(year, month).label(current_language())


def percent_text(value: float | None) -> str:
    return "–" if value is None else exact(value, "percent")


# --- the KPI table ---------------------------------------------------------------------------------


class AchievementTableModel(HeaderTextsModel):
    """One row per KPI of the scope: target and realisation to date, achievement, projection."""

    COL_KPI = 0
    COL_TARGET = 1
    COL_REALISATION = 2
    COL_PERCENT = 3
    COL_MONTH = 4
    COL_YEAR_TARGET = 5
    COL_PROJECTION = 6
    COL_GAP = 7
    COL_STATUS = 8
    COLUMN_COUNT = 9

    KpiRole = Qt.ItemDataRole.UserRole + 1
    SortRole = Qt.ItemDataRole.UserRole + 2

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._rows: list[KpiSeries] = []
        self._month = 0
        self._headers = (
            _("Indikator"), _("Target s.d.\nbulan ini"), _("Realisasi s.d.\nbulan ini"),
            _("Capaian"), _("Realisasi\nbulan ini"), _("Target\nsetahun"),
            _("Proyeksi\nDesember"), _("Selisih\nproyeksi"), _("Status"),
        )  # fmt: skip
        self._tooltips = (
            _("Indikator kinerja (KPI)"),
            _("Target yang harus dicapai pada akhir bulan terpilih"),
            _("Realisasi dari data tercatat sampai akhir bulan terpilih"),
            _("Realisasi dibagi target s.d. bulan ini"),
            _("Angka bulan terpilih saja (untuk posisi: posisi akhir bulan)"),
            _("Target bulan Desember"),
            _("Perkiraan Desember bila laju sejak awal tahun berlanjut"),
            _("Proyeksi Desember dikurangi target setahun: negatif berarti kurang dari target"),
            _("Sesuai target (≥100%), hampir (≥90%), atau tertinggal"),
        )

    def set_dashboard(self, board: Dashboard | None) -> None:
        self.beginResetModel()
        self._rows = [board.kpis[k] for k in KPI_ORDER] if board else []
        self._month = board.period.month if board else 0
        self.endResetModel()

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def kpi_at(self, row: int) -> Kpi | None:
        return self._rows[row].kpi if 0 <= row < len(self._rows) else None

    def row_of(self, kpi: Kpi) -> int:
        return next((i for i, s in enumerate(self._rows) if s.kpi is kpi), -1)

    def _value(self, s: KpiSeries, column: int) -> Any:
        month_value = s.month_values[-1] if s.months and s.months[-1] == self._month else None
        return {
            self.COL_TARGET: s.target_to_date,
            self.COL_REALISATION: s.realisation_to_date,
            self.COL_PERCENT: s.percent,
            self.COL_MONTH: month_value,
            self.COL_YEAR_TARGET: s.year_target,
            self.COL_PROJECTION: s.projected_year_end,
            self.COL_GAP: s.gap,
        }.get(column)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        s = self._rows[index.row()]
        column = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            if column == self.COL_KPI:
                return s.label if role == Qt.ItemDataRole.DisplayRole else s.kpi.value
            if column == self.COL_STATUS:
                return s.status.label
            value = self._value(s, column)
            if column == self.COL_PERCENT:
                return percent_text(value)
            if value is None:
                return "–"
            if column in (self.COL_PROJECTION, self.COL_GAP) and s.kind is not KpiKind.PERCENT:
                value = dashboard.round_projection(value)
            return exact(value, unit_of(s))
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if column in (self.COL_KPI, self.COL_STATUS):
                return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole and column in (self.COL_STATUS, self.COL_PERCENT):
            return QColor(STATUS_COLOURS[s.status]).darker(115)
        if role == self.KpiRole:
            return s.kpi
        if role == self.SortRole:
            return s.label if column == self.COL_KPI else self._value(s, column)
        return None

    def header_tooltip(self, section: int) -> str | None:
        return self._tooltips[section]


# --- the KPI chart's parts ------------------------------------------------------------------------


def _kpi_note(board: Dashboard, s: KpiSeries) -> str:
    """The line under the KPI chart: scope, month, what the figures count, how it projects."""
    kind_text = {
        KpiKind.STOCK: _("posisi akhir bulan"),
        KpiKind.CUMULATIVE: _("kumulatif sejak Januari"),
        KpiKind.PERCENT: _("persen sejak Januari"),
    }[s.kind]
    note = _(
        "{scope}, s.d. {month} · {kind} · proyeksi: laju sejak awal tahun diteruskan sampai "
        "Desember"
    ).format(scope=board.scope_name, month=board.period.label(current_language()), kind=kind_text)
    if all(t is None for t in s.targets):
        note += " · " + _("belum ada target tahun ini")
    return note


def _realisation_tips(s: KpiSeries, year: int, unit: str) -> list[str]:
    """A tooltip per month of realisation: to date, the month alone, against its target."""
    tips = []
    for m, value, month_value in zip(s.months, s.realisation, s.month_values, strict=True):
        target = s.targets[m - 1]
        tip = _("Realisasi s.d. {month}: {value}").format(
            month=month_name(year, m), value=exact(value, unit)
        )
        if s.kind is KpiKind.CUMULATIVE:
            tip += "\n" + _("Bulan itu saja: {value}").format(value=exact(month_value, unit))
        if target is not None:
            tip += "\n" + _("Target: {target} · capaian {percent}").format(
                target=exact(target, unit), percent=percent_text(achievement(value, target))
            )
        tip += "\n" + _("Klik untuk melihat datanya")
        tips.append(tip)
    return tips


def _draw_projection(area: Any, s: KpiSeries, unit: str) -> None:
    """The rate since January carried on to December, and its gap to the year's target."""
    xs = [m for m, _v in s.projection]
    ys = [v for _m, v in s.projection]
    projected = (
        s.projected_year_end
        if s.kind is KpiKind.PERCENT
        else dashboard.round_projection(s.projected_year_end)
    )
    area.line(
        "projection", xs, ys, colour=ORANGE, dashed=True, width=2, symbol=None,
        legend=_("Proyeksi"),
    )  # fmt: skip
    area.line(
        "projection_end", [12], [ys[-1]], colour=ORANGE, symbol="d",
        tooltips=[_("Proyeksi Desember: {value}").format(value=exact(projected, unit))],
    )  # fmt: skip
    if s.year_target is not None and s.gap is not None:
        _draw_gap(area, s, unit, ys[-1], float(s.year_target), s.gap)


def _draw_gap(area: Any, s: KpiSeries, unit: str, end: float, target: float, gap: float) -> None:
    """A bar from December's projection to the year's target, red when short, with its size."""
    short = gap < 0
    colour = RED if short else GREEN
    gap_value = gap if s.kind is KpiKind.PERCENT else dashboard.round_projection(gap)
    area.line(
        "gap", [12.25, 12.25], [end, target], colour=colour, width=3,
        symbol="t1" if short else "t",
        tooltips=[_("Proyeksi Desember dikurangi target setahun: {value}").format(value=exact(gap_value, unit))] * 2,
    )  # fmt: skip
    amount = (
        _("{value} poin").format(value=format_decimal(abs(gap_value or 0), 1))
        if s.kind is KpiKind.PERCENT
        else exact(abs(gap_value or 0), unit)
    )
    text = (_("Kurang {value}") if short else _("Lebih {value}")).format(value=amount)
    area.text("gap_text", 12.1, (end + target) / 2, text, colour, anchor=(1, 0.5))


# --- the page --------------------------------------------------------------------------------------


class DashboardPage(SessionPage):
    """Targets against realisation, per KPI, for the region or one office, as charts.

    Signals:
        dashboard_loaded(object): the :class:`Dashboard` now drawn.
        facts_refreshed(object): the year's facts were brought up to date (a RebuildReport).
        records_requested(object): a :class:`RecordFilter` for the records behind a figure clicked.
        worker_activated(str): a KPJ opened from a list of records (wire to the member page).
        employer_activated(str): an NPP opened from a list of records.
    """

    dashboard_loaded = Signal(object)
    facts_refreshed = Signal(object)
    records_requested = Signal(object)
    worker_activated = Signal(str)
    employer_activated = Signal(str)

    def __init__(
        self, session: SignedIn, parent: QWidget | None = None, *, refresh_stale: bool = True
    ) -> None:
        """Long because it lays the widgets out top to bottom, in the order they appear on screen."""
        super().__init__(session, "dashboard_page", parent)
        self.refresh_stale = refresh_stale
        self.board: Dashboard | None = None
        self.years: dict[int, YearFacts] = {}
        self.latest = reports.latest_period(session.db)
        self.records_dialog: RecordsDialog | None = None
        self.loader = Loader(self)
        self._refresh_task: Task | None = None  # a recomputation: a job, not a reading
        self._kpi = Kpi.BU_AKTIF

        title = page_title(_("Target dan realisasi"))
        self.choice = MonthOfficeChoice()
        self.month_combo, self.office_combo = self.choice.month_combo, self.choice.office_combo
        self.refresh_button = push_button("refresh_button", _("&Muat ulang"))
        self.refresh_button.setToolTip(_("Hitung ulang angka dari data tercatat"))
        self.status_label = named_label("status_label", wrap=True, style="color: palette(dark);")
        controls = self.choice.row(self.refresh_button)

        self.model = AchievementTableModel(self)
        self.kpi_table = QTableView()
        self.kpi_table.setObjectName("kpi_table")
        self.kpi_table.setModel(self.model)
        self.kpi_table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.kpi_table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.kpi_table.setAlternatingRowColors(True)
        self.kpi_table.verticalHeader().setVisible(False)
        self.kpi_table.verticalHeader().setDefaultSectionSize(22)
        header = self.kpi_table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(AchievementTableModel.COL_KPI, QHeaderView.ResizeMode.Stretch)
        header.setMinimumHeight(40)
        self.kpi_table.activated.connect(self._on_kpi_table_activated)

        self.kpi_chart = ChartFrame(_("Target kumulatif dan realisasi"), "kpi_chart")
        self.kpi_area = self.kpi_chart.add_area(left_width=70)
        self.ranking_chart = ChartFrame(_("Peringkat kantor menurut capaian"), "ranking_chart")
        self.ranking_area = self.ranking_chart.add_area(horizontal_labels=True, y_unit="percent")
        self.ranking_area.legend.setVisible(False)  # the colours are explained in the note
        self.segments_chart = ChartFrame(_("Tenaga kerja aktif per segmen"), "segments_chart")
        self.segment_areas = {
            s.value: self.segments_chart.add_area(i // 2, i % 2)
            for i, s in enumerate((Segment.PU, Segment.BPU, Segment.JAKON, Segment.PMI))
        }
        self.claims_chart = ChartFrame(_("Klaim dibayar per bulan, per program"), "claims_chart")
        self.claims_cases_area = self.claims_chart.add_area(0, 0)
        self.claims_amount_area = self.claims_chart.add_area(0, 1, y_unit="rupiah", left_width=78)
        self.arrears_chart = ChartFrame(_("Piutang iuran: target dan tertagih"), "arrears_chart")
        self.arrears_count_area = self.arrears_chart.add_area(0, 0)
        self.arrears_amount_area = self.arrears_chart.add_area(0, 1, y_unit="rupiah", left_width=78)
        self.charts = (
            self.kpi_chart, self.ranking_chart, self.segments_chart, self.claims_chart,
            self.arrears_chart,
        )  # fmt: skip
        for chart in self.charts:
            chart.item_clicked.connect(self._on_chart_item_clicked)

        self.tabs = QTabWidget()
        self.tabs.setObjectName("chart_tabs")
        self.tabs.addTab(self.kpi_chart, _("Target vs realisasi"))
        self.tabs.addTab(self.ranking_chart, _("Peringkat kantor"))
        self.tabs.addTab(self.segments_chart, _("Kepesertaan"))
        self.tabs.addTab(self.claims_chart, _("Klaim"))
        self.tabs.addTab(self.arrears_chart, _("Piutang"))
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.kpi_table)
        remember_header(self.kpi_table, "dashboard/kpi_table")
        splitter.addWidget(self.tabs)
        splitter.setStretchFactor(0, 0)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([290, 480])
        splitter.setChildrenCollapsible(False)
        splitter.setObjectName("dashboard_splitter")
        remember_splitter(splitter, "dashboard/dashboard_splitter")

        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addLayout(controls)
        layout.addWidget(self.status_label)
        layout.addWidget(splitter, 1)

        self.choice.fill(
            self.latest,
            reports.list_offices(self.session.db, actor=self.session.actor),
            own_office=self.session.office_name,
        )
        self.choice.on_changed(self._on_choice_changed)
        on_click(self.refresh_button.clicked, self.recompute)
        kinds = (DataKind.TARGETS, DataKind.MONTH_CLOSE)
        reload_on(self, kinds, self.reload, concerns=self.office_combo.concerns)
        self.kpi_table.selectionModel().currentRowChanged.connect(self._on_kpi_row_changed)

    # --- choices ---------------------------------------------------------------------------------
    @property
    def period(self) -> Period:
        return self.choice.period

    @property
    def office_code(self) -> str:
        return self.choice.office_code or ""

    @property
    def current_kpi(self) -> Kpi:
        index = self.kpi_table.currentIndex()
        kpi = self.model.kpi_at(index.row()) if index.isValid() else None
        return kpi if kpi is not None else self._kpi

    def select(
        self, period: Period | None = None, office_code: str | None = None, kpi: Kpi | None = None
    ) -> None:
        """Choose a month, an office and/or a KPI, as the user would."""
        self.choice.select(period, office_code)
        if kpi is not None:
            self.select_kpi(kpi)

    def select_kpi(self, kpi: Kpi) -> None:
        self._kpi = kpi
        row = self.model.row_of(kpi)
        if row >= 0:
            self.kpi_table.selectionModel().setCurrentIndex(
                self.model.index(row, 0),
                QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows,
            )
        elif self.board is not None:
            self._draw_kpi(self.board)

    def _on_choice_changed(self, _index: int) -> None:
        self.refresh()

    # --- loading ---------------------------------------------------------------------------------
    def refresh(self) -> None:
        """Show the chosen month and office: at once from the year's facts if they are read,
        else after reading them in the background."""
        period = self.period
        year_facts = self.years.get(period.year)
        if year_facts is not None:
            self._show(year_facts)
            return
        self.status_label.setText(_("Membaca data {year}…").format(year=period.year))
        self.loader.request(
            facts.load_year,
            self.session.db,
            period.year,
            self.latest,
            actor=self.session.actor,
            on_done=self._on_load_finished,
            on_error=self._on_load_failed,
        )

    def _on_load_finished(self, year_facts: YearFacts) -> None:
        self.years[year_facts.year] = year_facts
        self.refresh()
        if not year_facts.status.fresh and self.refresh_stale:
            self.recompute(year_facts.year)

    def reload(self) -> None:
        """Forget the years read (targets were changed, a month was closed) and show again."""
        self.years.clear()
        self.refresh()

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        if self.board is None and not self.loader.busy:
            self.refresh()  # the first time the page is shown: read the year in the background

    def recompute(self, year: int | None = None) -> Task | None:
        """Bring the year's facts up to date from the records (in the background), then redraw."""
        year = self.period.year if year is None else year
        if self._refresh_task is not None:
            return self._refresh_task
        db, latest = self.session.db, self.latest
        self.refresh_button.setEnabled(False)
        self.status_label.setText(
            self.status_label.text() + "  " + _("Memperbarui angka dari data tercatat…")
        )

        def work(context: TaskContext) -> tuple[Any, YearFacts]:
            report = facts.rebuild_facts(
                db, year, latest=latest, progress=context.progress, cancelled=context.cancelled
            )
            return report, facts.load_year(db, year, latest, actor=self.session.actor)

        task = Task(work, self)
        task.finished.connect(self._on_refresh_finished)
        task.failed.connect(self._on_task_failed)
        self._refresh_task = task
        return task.start()

    def _on_refresh_finished(self, result: tuple[Any, YearFacts]) -> None:
        self._refresh_task = None
        self.refresh_button.setEnabled(True)
        report, year_facts = result
        self.years[year_facts.year] = year_facts
        if self.period.year == year_facts.year:
            self._show(year_facts)
        self.facts_refreshed.emit(report)

    def _on_load_failed(self, error: BaseException) -> None:
        self.status_label.setText(_("Angka tidak dapat dihitung."))
        show_error(self, error)

    def _on_task_failed(self, error: BaseException) -> None:
        self._refresh_task = None
        self.refresh_button.setEnabled(True)
        self.status_label.setText(_("Angka tidak dapat dihitung."))
        show_error(self, error)

    def _show(self, year_facts: YearFacts) -> None:
        try:
            board = dashboard.build(year_facts, self.period, self.office_code)
        except Exception as exc:
            show_error(self, exc)
            return
        self.show_dashboard(board)

    # --- drawing -----------------------------------------------------------------------------------
    def show_dashboard(self, board: Dashboard) -> None:
        self.board = board
        kpi = self.current_kpi
        self.model.set_dashboard(board)
        metrics = QFontMetrics(self.kpi_table.font())
        for column in range(1, AchievementTableModel.COLUMN_COUNT):
            if layout_remembered(self.kpi_table):
                break  # the user's own widths (ui/common/layout_memory.py)
            text = str(self.model.headerData(column, Qt.Orientation.Horizontal))
            widest = max(metrics.horizontalAdvance(line) for line in text.splitlines())
            for row in range(self.model.rowCount()):
                widest = max(
                    widest,
                    metrics.horizontalAdvance(str(self.model.data(self.model.index(row, column)))),
                )
            self.kpi_table.setColumnWidth(column, widest + 16)
        self.kpi_table.blockSignals(True)
        self.select_kpi(kpi)
        self.kpi_table.blockSignals(False)
        self._draw_kpi(board)
        self._draw_segments(board)
        self._draw_claims(board)
        self._draw_arrears(board)
        month = board.period.label(current_language())
        parts = [
            _("{scope}, s.d. {month}; {n} kantor").format(
                scope=board.scope_name, month=month, n=len(board.office_codes)
            ),
            _("bulan ditutup: angka beku") if board.closed else _("bulan terbuka"),
        ]
        if board.adjustments:
            parts.append(
                _("{n} koreksi bulan lalu dilaporkan bulan ini").format(n=board.adjustments)
            )
        if not board.fresh:
            parts.append(_("ada data baru: angka sedang diperbarui"))
        self.status_label.setText(" · ".join(parts))
        self.dashboard_loaded.emit(board)

    def _on_kpi_row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        kpi = self.model.kpi_at(current.row())
        if kpi is not None and self.board is not None:
            self._kpi = kpi
            self._draw_kpi(self.board)

    def _on_kpi_table_activated(self, index: QModelIndex) -> None:
        """Enter on a KPI opens the records behind its realisation."""
        kpi = self.model.kpi_at(index.row())
        if kpi is not None and self.board is not None and self.board.kpis[kpi].months:
            self._on_chart_item_clicked(("kpi", kpi, self.board.kpis[kpi].months[-1]))

    def _draw_kpi(self, board: Dashboard) -> None:
        """The chosen KPI month by month: target, realisation and the projection to December
        with its gap to the year's target; then the offices' ranking for it."""
        kpi = self.current_kpi
        s = board.kpis[kpi]
        unit = unit_of(s)
        year = board.year
        area = self.kpi_area
        area.clear()
        area.plot.getAxis("left").unit = unit
        self.kpi_chart.title_label.setText(
            _("{kpi}: target dan realisasi {year}").format(kpi=s.label, year=year)
        )
        self.kpi_chart.set_note(_kpi_note(board, s))
        months12 = list(range(1, 13))
        if any(t is not None for t in s.targets):
            area.line(
                "target", months12, list(s.targets), colour=GREY, dashed=True, width=2, symbol="s",
                tooltips=[_("Target {month}: {value}").format(month=month_name(year, m), value=exact(t, unit)) for m, t in zip(months12, s.targets, strict=True)],
                legend=_("Target"),
            )  # fmt: skip
        if s.months:
            area.line(
                "realisation", list(s.months), list(s.realisation), colour=BLUE,
                tooltips=_realisation_tips(s, year, unit),
                payloads=[("kpi", kpi, m) for m in s.months], legend=_("Realisasi"),
            )  # fmt: skip
        if s.projection:
            _draw_projection(area, s, unit)
        area.legend.setColumnCount(4)
        if s.months:
            area.vline("now", board.period.month, GREY)
        area.plot.setXRange(0.6, 12.6, padding=0)
        self._fit_y(
            area,
            [
                *([0.0] if s.kind is KpiKind.CUMULATIVE else []),
                *(t for t in s.targets if t is not None),
                *(v for v in s.realisation if v is not None),
                *(v for _m, v in s.projection),
            ],
        )
        self._draw_ranking(board, kpi)

    @staticmethod
    def _fit_y(area: Any, values: list[float], legend: bool = True) -> None:
        """A y range with room above the data for a legend laid out in one row."""
        if not values:
            area.plot.setYRange(0, 1)
            return
        low, high = min(values), max(values)
        if area.y_unit == "percent":
            low = min(low, 90.0)
            high = max(high, 100.0)
        span = high - low or abs(high) or 1.0
        if low == 0:
            bottom = 0.0
        elif low > 0:
            bottom = max(0.0, low - span * 0.1)
        else:
            bottom = low - span * 0.1
        area.plot.setYRange(bottom, high + span * (0.22 if legend else 0.08), padding=0)

    def _draw_ranking(self, board: Dashboard, kpi: Kpi) -> None:
        s = board.kpis[kpi]
        unit = unit_of(s)
        rows = board.ranking[kpi]
        area = self.ranking_area
        area.clear()
        self.ranking_chart.title_label.setText(
            _("Peringkat kantor menurut capaian {kpi}, s.d. {month}").format(
                kpi=s.label, month=board.period.label(current_language())
            )
        )
        legend = "   ".join(
            f"<span style='color:{STATUS_COLOURS[st]}'>■</span> {st.label}"
            for st in (Status.ON_TRACK, Status.NEAR, Status.BEHIND, Status.NO_TARGET)
        )
        self.ranking_chart.set_note(
            _("Capaian = realisasi ÷ target s.d. bulan ini; sesuai target ≥100%, hampir ≥90%.")
            + "   "
            + legend
        )
        n = len(rows)
        ys = [n - 1 - i for i in range(n)]  # the best office at the top
        percents = [r.percent or 0.0 for r in rows]
        visible_max = max([110.0, *(p for p in percents if p <= 200)]) * 1.12
        visible_max = min(visible_max, 230.0)
        tips = [
            _("{office}\nRealisasi {value} dari target {target}\nCapaian {percent}").format(
                office=r.office_name, value=exact(r.realisation, unit), target=exact(r.target, unit),
                percent=percent_text(r.percent),
            )
            + "\n" + _("Klik untuk melihat datanya")
            for r in rows
        ]  # fmt: skip
        area.bars(
            "achievement", ys, [min(p, visible_max) for p in percents], width=0.7, horizontal=True,
            colour=[STATUS_COLOURS[r.status] for r in rows], tooltips=tips,
            payloads=[("office", kpi, r.office_code) for r in rows],
        )  # fmt: skip
        # The percentages in a column of their own at the right, clear of the bars and lines.
        right = visible_max * 1.16
        for y, r in zip(ys, rows, strict=True):
            label = percent_text(r.percent) if r.percent is not None else _("tanpa target")
            area.text(f"label_{r.office_code}", right, y, label, DARK, anchor=(1, 0.5))
        area.vline("target_line", 100.0, DARK)
        area.vline("near_line", 90.0, GREY)
        axis = area.plot.getAxis("left")
        axis.set_labels(list(reversed([r.office_name for r in rows])))
        metrics = QFontMetrics(self.font())
        widest = max([metrics.horizontalAdvance(r.office_name) for r in rows] or [80])
        axis.setWidth(widest + 16)
        area.plot.setYRange(-0.6, max(n, 1) - 0.4, padding=0)
        area.plot.setXRange(0, right, padding=0)

    def _draw_segments(self, board: Dashboard) -> None:
        months = list(board.segments.months)
        labels = {
            "PU": _("Penerima upah (PU)"),
            "BPU": _("Bukan penerima upah (BPU)"),
            "JAKON": _("Jasa konstruksi (Jakon)"),
            "PMI": _("Pekerja migran (PMI)"),
        }
        self.segments_chart.set_note(
            _("{scope}: tenaga kerja aktif pada akhir tiap bulan; tiap segmen dengan skalanya sendiri.").format(scope=board.scope_name)
        )  # fmt: skip
        for segment, area in self.segment_areas.items():
            area.clear()
            area.set_title(labels[segment])
            values = list(board.segments.values[segment])
            tips = [
                _("TK aktif {segment} akhir {month}: {value}").format(
                    segment=segment, month=month_name(board.year, m), value=exact(v)
                ) + "\n" + _("Klik untuk melihat datanya")
                for m, v in zip(months, values, strict=True)
            ]  # fmt: skip
            area.bars(
                "workers", months, values, width=0.6, colour=SEGMENT_COLOURS[segment],
                tooltips=tips, payloads=[("segment", segment, m) for m in months],
            )  # fmt: skip
            self._month_range(area, months)
            self._fit_y(area, [0.0, *values], legend=False)

    @staticmethod
    def _month_range(area: Any, months: list[int]) -> None:
        area.plot.setXRange(0.4, max(months or [1]) + 0.6, padding=0)

    def _draw_claims(self, board: Dashboard) -> None:
        months = list(board.claims_cases.months)
        programmes = [p for p in (x.value for x in Programme) if any(board.claims_cases.values[p])]
        missing = [p for p in (x.value for x in Programme) if p not in programmes]
        note = _(
            "{scope}: klaim dibayar dalam tiap bulan, kasus (kiri) dan rupiah (kanan)."
        ).format(scope=board.scope_name)
        if missing:
            note += " " + _("Tanpa klaim dibayar: {programmes}.").format(
                programmes=", ".join(missing)
            )
        self.claims_chart.set_note(note)
        width = 0.8 / max(1, len(programmes))
        for area, series, title in (
            (self.claims_cases_area, board.claims_cases, _("Kasus")),
            (self.claims_amount_area, board.claims_amount, _("Rupiah")),
        ):
            area.clear()
            area.set_title(title)
            for j, programme in enumerate(programmes):
                offset = (j - (len(programmes) - 1) / 2) * width
                tips = [
                    _("Klaim {programme} dibayar {month}: {cases} kasus, {amount}").format(
                        programme=programme, month=month_name(board.year, m),
                        cases=exact(board.claims_cases.values[programme][i]),
                        amount=exact(board.claims_amount.values[programme][i], "rupiah"),
                    ) + "\n" + _("Klik untuk melihat datanya")
                    for i, m in enumerate(months)
                ]  # fmt: skip
                area.bars(
                    programme, [m + offset for m in months], list(series.values[programme]),
                    width=width * 0.92, colour=PROGRAMME_COLOURS.get(programme, SERIES_COLOURS[j]),
                    tooltips=tips, payloads=[("claims", programme, m) for m in months],
                    legend=programme,
                )  # fmt: skip
            area.legend.setColumnCount(max(1, len(programmes)))
            self._month_range(area, months)
            self._fit_y(
                area, [0.0, *(v for p in programmes for v in series.values[p])], legend=True
            )

    def _draw_arrears(self, board: Dashboard) -> None:
        months = list(board.arrears.months)
        target_list = list(board.arrears.values["target"])
        collected = list(board.arrears.values["collected"])
        amount = list(board.arrears.values["amount"])
        self.arrears_chart.set_note(
            _("{scope}: badan usaha dalam daftar target piutang {year} dan yang tertagih sejak Januari (kiri); rupiah tertagih sejak Januari (kanan).").format(scope=board.scope_name, year=board.year)
        )  # fmt: skip
        area = self.arrears_count_area
        area.clear()
        area.set_title(_("Badan usaha"))
        area.bars(
            "target", [m - 0.18 for m in months], target_list, width=0.34, colour=GREY,
            tooltips=[_("Target BU menunggak {year}: {value}").format(year=board.year, value=exact(v)) + "\n" + _("Klik untuk melihat datanya") for v in target_list],
            payloads=[("arrears", "target", m) for m in months], legend=_("Target BU"),
        )  # fmt: skip
        tips = []
        for m, c, t in zip(months, collected, target_list, strict=True):
            share = 100.0 * c / t if t else None
            tips.append(
                _("BU tertagih s.d. {month}: {value} ({percent} dari target)").format(
                    month=month_name(board.year, m), value=exact(c), percent=percent_text(share)
                ) + "\n" + _("Klik untuk melihat datanya")
            )  # fmt: skip
        area.bars(
            "collected", [m + 0.18 for m in months], collected, width=0.34, colour=GREEN,
            tooltips=tips, payloads=[("arrears", "collected", m) for m in months],
            legend=_("BU tertagih"),
        )  # fmt: skip
        plan = board.kpis[Kpi.PIUTANG_BU_TERTAGIH].targets
        if any(plan[m - 1] is not None for m in months):
            area.line(
                "plan", months, [plan[m - 1] for m in months], colour=ORANGE, dashed=True,
                tooltips=[_("Target tertagih s.d. {month}: {value}").format(month=month_name(board.year, m), value=exact(plan[m - 1])) for m in months],
                legend=_("Target tertagih"),
            )  # fmt: skip
        area.legend.setColumnCount(3)
        self._month_range(area, months)
        self._fit_y(area, [0.0, *target_list, *collected], legend=True)
        area = self.arrears_amount_area
        area.clear()
        area.set_title(_("Rupiah tertagih"))
        area.bars(
            "amount", months, amount, width=0.5, colour=BLUE,
            tooltips=[_("Piutang tertagih s.d. {month}: {value}").format(month=month_name(board.year, m), value=exact(v, "rupiah")) + "\n" + _("Klik untuk melihat datanya") for m, v in zip(months, amount, strict=True)],
            payloads=[("arrears", "amount", m) for m in months],
        )  # fmt: skip
        self._month_range(area, months)
        self._fit_y(area, [0.0, *amount], legend=False)

    # --- records behind a figure -------------------------------------------------------------
    def record_filter(self, payload: tuple[Any, ...]) -> tuple[RecordFilter, str]:
        """The records behind a clicked figure, and that figure as shown."""
        board = self.board
        assert board is not None
        kind = payload[0]
        if kind == "kpi":
            _k, kpi, month = payload
            s = board.kpis[kpi]
            value = s.realisation[s.months.index(month)]
            shown = exact(value, unit_of(s))
            if kpi is Kpi.KLAIM_SLA:
                shown = _("{percent} tepat waktu").format(percent=shown)
            return dashboard.kpi_records(board, kpi, month), shown
        if kind == "office":
            _k, kpi, code = payload
            row = next(r for r in board.ranking[kpi] if r.office_code == code)
            return (
                dashboard.kpi_records(board, kpi, board.period.month, code),
                exact(row.realisation, unit_of(board.kpis[kpi])),
            )
        if kind == "segment":
            _k, segment, month = payload
            index = board.segments.months.index(month)
            return (
                dashboard.segment_records(board, Segment(segment), month),
                exact(board.segments.values[segment][index]),
            )
        if kind == "claims":
            _k, programme, month = payload
            index = board.claims_cases.months.index(month)
            return (
                dashboard.claim_records(board, Programme(programme), month),
                _("{cases} kasus, {amount}").format(
                    cases=exact(board.claims_cases.values[programme][index]),
                    amount=exact(board.claims_amount.values[programme][index], "rupiah"),
                ),
            )
        _k, which, month = payload
        index = board.arrears.months.index(month)
        value = board.arrears.values[which][index]
        return (
            dashboard.arrears_records(board, which, month),
            exact(value, "rupiah" if which == "amount" else "count"),
        )

    def _on_chart_item_clicked(self, payload: Any) -> None:
        if self.board is None or not isinstance(payload, tuple):
            return
        record_filter, shown = self.record_filter(payload)
        self.records_requested.emit(record_filter)
        self.show_records(record_filter, shown)

    def show_records(self, record_filter: RecordFilter, shown: str | None = None) -> RecordsDialog:
        """Open the list of records behind a figure (one dialog at a time, not modal)."""
        if self.records_dialog is not None:
            self.records_dialog.close()
            self.records_dialog.deleteLater()
        dialog = RecordsDialog(
            self.session.db, record_filter, shown, self, actor=self.session.actor
        )
        dialog.worker_activated.connect(self.worker_activated)
        dialog.employer_activated.connect(self.employer_activated)
        self.records_dialog = dialog
        dialog.show()
        dialog.load()
        return dialog
