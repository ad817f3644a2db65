"""The claims worklist: filters, service-level colours, paging in SQL.

The page shows the claims still being worked on by default, oldest clock first; the SLA column is
green, amber or red by the working days counted since the documents were complete (grey while the
claim waits for documents).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from bpjs_desktop.domain.claims import ClaimState
from bpjs_desktop.domain.money import format_rupiah, group_thousands
from bpjs_desktop.domain.periods import format_date
from bpjs_desktop.domain.programmes import Programme
from bpjs_desktop.domain.service_level import SlaColour
from bpjs_desktop.i18n import _, pgettext
from bpjs_desktop.services import claims
from bpjs_desktop.services.claims import ClaimFilter, ClaimListRow, ClaimQuery
from bpjs_desktop.services.context import allowed
from bpjs_desktop.services.workstation import SignedIn
from bpjs_desktop.ui.common.events import DataKind, reload_on
from bpjs_desktop.ui.common.layout_memory import remember_header
from bpjs_desktop.ui.common.month_office import office_combo
from bpjs_desktop.ui.common.session_page import SessionPage
from bpjs_desktop.ui.common.tables import Column, PagedModel
from bpjs_desktop.ui.common.widgets import (
    list_table,
    page_title,
    report_list_loads,
    show_query,
)

AnyIndex = QModelIndex | QPersistentModelIndex

# Traffic-light backgrounds, light enough for black text.
SLA_COLOURS = {
    SlaColour.HIJAU: QColor("#c8e6c9"),
    SlaColour.KUNING: QColor("#ffe08a"),
    SlaColour.MERAH: QColor("#f4b4b4"),
    SlaColour.JEDA: QColor("#e0e0e0"),
}


def _reference_day(query: ClaimQuery) -> date:
    """The day the SLA colours are counted to (read with the list, in the background)."""
    return query.on


def sla_text(row: ClaimListRow) -> str:
    clock = row.clock
    if clock.limit is None:  # submitted before any service-level rule: counted, not judged
        return _("{n} hari, tanpa batas").format(n=clock.elapsed)
    if clock.finished:
        return _("Selesai {n}/{limit} hari").format(n=clock.elapsed, limit=clock.limit)
    if clock.colour is SlaColour.JEDA:
        return _("Dijeda")
    return _("{n}/{limit} hari").format(n=clock.elapsed, limit=clock.limit)


class ClaimsWorklistModel(PagedModel):
    """Claims of a :class:`ClaimQuery`, a page at a time, with the SLA column coloured."""

    COL_NO, COL_NAME, COL_KPJ, COL_TYPE, COL_STATE, COL_SUBMITTED, COL_SLA, COL_OFFICER, COL_AMOUNT = range(9)  # fmt: skip
    ColourRole = Qt.ItemDataRole.UserRole + 2

    def __init__(self, parent: Any = None) -> None:
        columns = [
            Column(_("No. klaim"), lambda r: r.claim_no, "claim_no"),
            Column(_("Nama peserta"), lambda r: r.member_name),
            Column(_("KPJ"), lambda r: r.kpj),
            Column(_("Jenis"), lambda r: r.claim_type.label, "type"),
            Column(_("Status"), lambda r: r.state.label, "state"),
            Column(_("Diajukan"), lambda r: format_date(r.submitted_on), "submitted"),
            Column(_("Layanan (SLA)"), sla_text, "age", tooltip=lambda r: r.clock.text),
            Column(_("Petugas"), lambda r: r.officer or "–"),
            Column(
                pgettext("uang", "Jumlah"),
                lambda r: format_rupiah(r.amount) if r.amount is not None else "–",
                "amount",
                align_right=True,
            ),
        ]
        super().__init__(columns, parent)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if index.isValid() and index.column() == self.COL_SLA:
            if role in (Qt.ItemDataRole.BackgroundRole, self.ColourRole):
                row = self.row_object(index.row())
                colour = None if row is None else row.clock.colour
                if role == self.ColourRole:
                    return colour
                return QBrush(SLA_COLOURS[colour]) if colour is not None else None
            if role == Qt.ItemDataRole.ForegroundRole:
                row = self.row_object(index.row())
                if row is not None and row.clock.colour is not None:
                    return QBrush(QColor("#000000"))
        return super().data(index, role)


def _labelled(text: str, widget: QWidget) -> QLabel:
    label = QLabel(text)
    label.setBuddy(widget)
    return label


class ClaimsPage(SessionPage):
    """The claims worklist.

    Signals:
        claim_activated(str): the number of the claim the user opened (Enter or double-click).
        claim_logged(str): the number of a claim logged from this page's "Klaim baru" button.
    """

    claim_activated = Signal(str)
    claim_logged = Signal(str)

    def __init__(self, session: SignedIn, parent: QWidget | None = None) -> None:
        """Long because it lays the widgets out top to bottom, in the order they appear on screen."""
        super().__init__(session, "claims_page", parent)
        self._loaded = False
        title = page_title(_("Klaim"))

        self.office_combo = office_combo(session)
        self.state_combo = QComboBox()
        self.state_combo.setObjectName("state_combo")
        self.state_combo.addItem(_("Dalam proses"), "open")
        for state in ClaimState:
            self.state_combo.addItem(state.label, state.value)
        self.state_combo.addItem(_("Semua status"), None)
        self.programme_combo = QComboBox()
        self.programme_combo.setObjectName("programme_combo")
        self.programme_combo.addItem(_("Semua program"), None)
        for programme in Programme:
            self.programme_combo.addItem(programme.value, programme.value)
        self.officer_combo = QComboBox()
        self.officer_combo.setObjectName("officer_combo")
        self.colour_combo = QComboBox()
        self.colour_combo.setObjectName("colour_combo")
        self.colour_combo.addItem(_("Semua"), None)
        for colour in SlaColour:
            self.colour_combo.addItem(colour.label, colour.value)
        self._fill_officers()

        self.apply_button = QPushButton(_("&Terapkan"))
        self.apply_button.setObjectName("apply_button")
        self.apply_button.clicked.connect(self.apply_filters)
        self.new_button = QPushButton(_("Klaim &baru…"))
        self.new_button.setObjectName("new_claim_button")
        self.new_button.setShortcut("Ctrl+N")
        self.new_button.setToolTip(_("Catat klaim baru (Ctrl+N)"))
        self.new_button.clicked.connect(self.new_claim)
        self.new_button.setEnabled(allowed(session.actor, "claim.log"))

        filters = QHBoxLayout()
        for text, widget in (
            (_("&Kantor"), self.office_combo),
            (_("&Status"), self.state_combo),
            (_("&Program"), self.programme_combo),
            (_("Petu&gas"), self.officer_combo),
            (_("S&LA"), self.colour_combo),
        ):
            filters.addWidget(_labelled(text, widget))
            filters.addWidget(widget)
        filters.addStretch(1)
        filters.addWidget(self.apply_button)
        filters.addWidget(self.new_button)

        self.model = ClaimsWorklistModel(self)
        self.table = list_table(self.model, "claims_table")
        self.model.follow(self.table)
        self.table.horizontalHeader().setSortIndicator(
            ClaimsWorklistModel.COL_SLA, Qt.SortOrder.AscendingOrder
        )
        self.table.setSortingEnabled(True)
        for column, width in enumerate((140, 210, 100, 170, 100, 85, 125, 120)):
            self.table.setColumnWidth(column, width)
        self.table.activated.connect(self._on_table_activated)
        self.count_label = QLabel("")
        self.count_label.setObjectName("count_label")
        report_list_loads(
            self.model,
            self.table,
            self.count_label,
            lambda loaded: _("{n} klaim · SLA per {day}").format(
                n=group_thousands(loaded.count), day=format_date(loaded.extra)
            ),
        )
        legend = QLabel(
            _(
                "SLA dihitung dalam hari kerja sejak dokumen lengkap: hijau masih longgar, kuning "
                "mendekati batas, merah lewat batas, abu-abu dijeda (menunggu dokumen)."
            )
        )
        legend.setObjectName("legend_label")
        legend.setWordWrap(True)
        legend.setStyleSheet("color: palette(dark);")

        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        remember_header(self.table, "claims/claims_table")
        bottom = QHBoxLayout()
        bottom.addWidget(self.count_label)
        bottom.addWidget(legend, 1)
        layout.addLayout(bottom)
        for combo in (
            self.office_combo,
            self.state_combo,
            self.programme_combo,
            self.officer_combo,
            self.colour_combo,
        ):
            combo.currentIndexChanged.connect(self._on_filter_changed)
        self.office_combo.currentIndexChanged.connect(self._on_office_changed)
        # A claim saved anywhere, or new service-level days or holidays (the SLA colours).
        reload_on(
            self,
            (DataKind.CLAIM, DataKind.SETTINGS),
            self.apply_filters,
            concerns=self.office_combo.concerns,
        )

    def showEvent(self, event: QShowEvent) -> None:
        """The list loads the first time the page is shown (not when the window is built)."""
        super().showEvent(event)
        if not self._loaded:
            self.apply_filters()

    def _fill_officers(self) -> None:
        self.officer_combo.blockSignals(True)
        self.officer_combo.clear()
        self.officer_combo.addItem(_("Semua petugas"), None)
        for officer in claims.officers(self.session.db, self.office_combo.currentData()):
            self.officer_combo.addItem(officer.username, officer.id)
        self.officer_combo.blockSignals(False)

    def _on_office_changed(self, _index: int) -> None:
        # The officers of the office now chosen; the list is read again after the officer
        # choice is reset (a read made before it would still filter by the old office's officer).
        self._fill_officers()
        self.apply_filters()

    def _on_filter_changed(self, _index: int) -> None:
        self.apply_filters()

    def query(self) -> ClaimQuery:
        state = self.state_combo.currentData()
        colour = self.colour_combo.currentData()
        programme = self.programme_combo.currentData()
        return ClaimQuery(
            self.session.db,
            ClaimFilter(
                office_code=self.office_combo.currentData(),
                state=ClaimState(state) if state not in (None, "open") else None,
                open_only=state == "open",
                programme=Programme(programme) if programme else None,
                officer_id=self.officer_combo.currentData(),
                colour=SlaColour(colour) if colour else None,
            ),
            actor=self.session.actor,
        )

    def apply_filters(self) -> None:
        """Count and show the claims for the filters as they are now set (in the background:
        the rows shown so far stay until the new ones are there; a newer choice wins)."""
        self._loaded = True
        show_query(self.model, self.count_label, self.query, extra=_reference_day)

    def _on_table_activated(self, index: QModelIndex) -> None:
        row = self.model.row_object(index.row())
        if row is not None:
            self.claim_activated.emit(row.claim_no)

    def new_claim(self) -> None:
        """Open the claim form; a logged claim refreshes the list and is announced."""
        from bpjs_desktop.ui.claims.claim_form import ClaimFormDialog

        dialog = ClaimFormDialog(self.session, self)
        dialog.saved.connect(self._on_claim_saved)
        dialog.open()

    def _on_claim_saved(self, row: object) -> None:
        # The list reloads on the form's "claim changed" event (ui/common/events.py).
        claim_no = getattr(row, "claim_no", "")
        if claim_no:
            self.claim_logged.emit(claim_no)
