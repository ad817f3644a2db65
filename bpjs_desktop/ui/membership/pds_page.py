"""Partial registration (PDS) findings: employers whose wages sit below the regional minimum, or
whose programmes fall short of their size, listed for follow-up. Checked in the background (one
pass over a month's wage earners: a few seconds for the whole region)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QVBoxLayout,
    QWidget,
)

from bpjs_desktop.domain.money import format_rupiah, group_thousands
from bpjs_desktop.domain.periods import Period
from bpjs_desktop.domain.regions import regency_name
from bpjs_desktop.i18n import _, current_language
from bpjs_desktop.services import arrears
from bpjs_desktop.services.pds import PdsKind, PdsReport, PdsRow, pds_findings
from bpjs_desktop.services.workstation import SignedIn
from bpjs_desktop.ui.common.layout_memory import remember_header
from bpjs_desktop.ui.common.loader import Loader
from bpjs_desktop.ui.common.month_office import office_combo
from bpjs_desktop.ui.common.session_page import SessionPage
from bpjs_desktop.ui.common.tables import Column, Format, RowsModel
from bpjs_desktop.ui.common.tasks import TaskContext
from bpjs_desktop.ui.common.widgets import (
    add_labelled,
    combo_box,
    list_table,
    named_label,
    page_title,
    push_button,
    show_error,
)

AnyIndex = QModelIndex | QPersistentModelIndex
FINDING_COLOUR = QColor("#a4000f")


def _missing_text(row: PdsRow) -> str:
    """The programmes the size class requires that the employer lacks, and the workers without
    them."""
    missing = row.missing_programmes
    if row.workers_missing_programmes:
        workers = _("{n} TK").format(n=group_thousands(row.workers_missing_programmes))
        missing = f"{missing} · {workers}" if missing else workers
    return missing


def _below_colour(row: PdsRow) -> QColor | None:
    return FINDING_COLOUR if row.below_minimum else None


def _programme_colour(row: PdsRow) -> QColor | None:
    return FINDING_COLOUR if row.kinds and PdsKind.PROGRAM in row.kinds else None


class PdsTableModel(RowsModel[PdsRow]):
    """One row per employer with findings (a computed list, sorted in Python); the findings in
    red, and the columns whose title does not say it all explained in the header's tooltip."""

    COL_NPP = 0
    COL_NAME = 1
    COL_OFFICE = 2
    COL_SIZE = 3
    COL_WORKERS = 4
    COL_BELOW = 5
    COL_LOWEST = 6
    COL_MINIMUM = 7
    COL_PROGRAMMES = 8
    COL_MISSING = 9

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(
            [
                Column(_("NPP"), lambda r: r.npp),
                Column(_("Pemberi kerja"), lambda r: r.name),
                Column(
                    _("Kantor"),
                    lambda r: r.office_code,
                    tooltip=lambda r: _("Kabupaten/kota {place}").format(
                        place=regency_name(r.regency_code) or r.regency_code
                    ),
                ),
                Column(_("Kelas"), lambda r: r.size_class.label),
                Column(_("TK"), lambda r: r.workers, fmt=Format.COUNT),
                Column(
                    _("TK < minimum"),
                    lambda r: r.below_minimum,
                    display=lambda r: group_thousands(r.below_minimum) if r.below_minimum else "",
                    align_right=True,
                    foreground=_below_colour,
                ),
                Column(
                    _("Upah terendah"),
                    lambda r: r.lowest_wage,
                    fmt=Format.MONEY,
                    sort_value=lambda r: r.lowest_wage or 0,
                    foreground=_below_colour,
                ),
                Column(
                    _("Upah minimum"),
                    lambda r: r.minimum,
                    display=lambda r: (
                        f"{r.minimum_kind} {format_rupiah(r.minimum)}" if r.minimum else "–"
                    ),
                    sort_value=lambda r: r.minimum or 0,
                    align_right=True,
                ),
                Column(_("Program"), lambda r: r.programmes),
                Column(
                    _("Program kurang"),
                    _missing_text,
                    sort_value=lambda r: (
                        len(r.missing_programmes),
                        r.workers_missing_programmes,
                    ),
                    foreground=_programme_colour,
                ),
            ],
            parent,
        )

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        # RowsModel's header has no tooltips of its own: the two finding columns need theirs.
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.ToolTipRole:
            return self.header_tooltip(section)
        return super().headerData(section, orientation, role)

    def header_tooltip(self, section: int) -> str | None:
        if section == self.COL_BELOW:
            return _(
                "Tenaga kerja dengan upah di bawah UMK kabupaten/kota pemberi kerja (PDS upah)"
            )
        if section == self.COL_MISSING:
            return _("Program wajib menurut kelas usaha yang belum diikuti (PDS program)")
        return None


class PdsPage(SessionPage):
    """Employers with a partial registration finding in a month, for follow-up.

    Signals:
        employer_activated(str): the NPP of the row the user opened.
        report_loaded(object): the :class:`PdsReport` now shown.
    """

    employer_activated = Signal(str)
    report_loaded = Signal(object)

    def __init__(self, session: SignedIn, parent: QWidget | None = None) -> None:
        super().__init__(session, "pds_page", parent)
        self.report: PdsReport | None = None
        self.loader = Loader(self)
        latest = Period.of(arrears.reference_date(session.db))
        self.month_combo = QComboBox()
        self.month_combo.setObjectName("month_combo")
        for offset in range(12):
            period = latest.shift(-offset)
            self.month_combo.addItem(period.label(current_language()), str(period))
        self.office_combo = office_combo(session, "office_combo", every_for_branch=False)
        self.kind_combo = combo_box(
            [(_("Semua temuan"), None), *((kind.label, kind.value) for kind in PdsKind)],
            "kind_combo",
        )
        self.check_button = push_button("check_button", _("&Periksa"), self.refresh)
        self.loader.busy_changed.connect(self.check_button.setDisabled)
        controls = QHBoxLayout()
        add_labelled(
            controls,
            (
                (_("&Bulan"), self.month_combo),
                (_("&Kantor"), self.office_combo),
                (_("&Temuan"), self.kind_combo),
            ),
        )
        controls.addStretch(1)
        controls.addWidget(self.check_button)
        self.model = PdsTableModel(self)
        self.table = list_table(self.model, "pds_table")
        self.table.setSortingEnabled(True)
        self.table.horizontalHeader().setSortIndicator(
            PdsTableModel.COL_BELOW, Qt.SortOrder.DescendingOrder
        )
        for column, width in enumerate((80, 232, 50, 64, 48, 118, 108, 136, 100)):
            self.table.setColumnWidth(column, width)
        self.table.activated.connect(self._on_table_activated)
        self.status_label = named_label(
            "status_label", _("Pilih bulan dan kantor, lalu Periksa."), wrap=True
        )
        layout = QVBoxLayout(self)
        layout.addWidget(page_title(_("Pemeriksaan pendaftaran sebagian (PDS)")))
        layout.addLayout(controls)
        layout.addWidget(self.table, 1)
        remember_header(self.table, "pds/pds_table")
        layout.addWidget(self.status_label)
        self.kind_combo.currentIndexChanged.connect(self._on_kind_changed)

    def refresh(self) -> None:
        """Run the check for the chosen month and office off the GUI thread (a newer choice
        supersedes a check still running)."""
        period = Period.parse(str(self.month_combo.currentData()))
        office = self.office_combo.currentData()
        db, actor = self.session.db, self.session.actor
        self.status_label.setText(
            _("Memeriksa {month}…").format(month=period.label(current_language()))
        )

        def work(context: TaskContext) -> PdsReport:
            return pds_findings(
                db, period, office, progress=lambda p, m: context.progress(p, m), actor=actor
            )

        self.loader.request_work(work, on_done=self._on_finished, on_error=self._on_failed)

    def _on_finished(self, report: PdsReport) -> None:
        self.report = report
        self._show()
        self.report_loaded.emit(report)

    def _on_failed(self, error: BaseException) -> None:
        self.status_label.setText("")
        show_error(self, error)

    def _on_kind_changed(self, _index: int) -> None:
        if self.report is not None:
            self._show()

    def _show(self) -> None:
        report = self.report
        assert report is not None
        kind = self.kind_combo.currentData()
        rows = report.of_kind(PdsKind(kind) if kind else None)
        self.model.set_rows(rows)
        header = self.table.horizontalHeader()
        self.model.sort(header.sortIndicatorSection(), header.sortIndicatorOrder())
        wages = sum(1 for r in report.rows if PdsKind.UPAH in r.kinds)
        programmes = sum(1 for r in report.rows if PdsKind.PROGRAM in r.kinds)
        text = _(
            "{month}: {checked} pemberi kerja diperiksa; {wages} dengan upah di bawah upah "
            "minimum, {programmes} dengan program kurang. Ditampilkan {shown}."
        ).format(
            month=report.period.label(current_language()),
            checked=group_thousands(report.employers_checked),
            wages=group_thousands(wages),
            programmes=group_thousands(programmes),
            shown=group_thousands(len(rows)),
        )
        if report.regencies_without_minimum:
            text += " " + _("Upah minimum belum tercatat untuk {n} kabupaten/kota.").format(
                n=len(report.regencies_without_minimum)
            )
        self.status_label.setText(text)
        if rows:
            self.table.selectRow(0)

    def _on_table_activated(self, index: QModelIndex) -> None:
        row = self.model.row_object(index.row())
        if row is not None:
            self.employer_activated.emit(row.npp)
