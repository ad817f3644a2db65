"""The records behind a figure of a chart: a paged list of employers, workers, payments, arrears
cases or claims (services/drilldown.py), counted off the GUI thread."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from bpjs_desktop.domain.money import format_rupiah, group_thousands
from bpjs_desktop.domain.periods import format_date
from bpjs_desktop.i18n import _, ngettext, pgettext
from bpjs_desktop.services import drilldown
from bpjs_desktop.services.context import Actor
from bpjs_desktop.services.drilldown import RecordFilter
from bpjs_desktop.services.workstation import Database
from bpjs_desktop.ui.common.layout_memory import remember_header
from bpjs_desktop.ui.common.tables import Column, Loaded, PagedModel
from bpjs_desktop.ui.common.widgets import list_table, show_error


def _date(value: Any) -> str:
    return "" if value is None else format_date(value)


def _money(value: int | None) -> str:
    return "" if value is None else format_rupiah(value)


def columns_for(kind: str) -> list[Column]:
    """The columns of each kind of record list."""
    if kind == "employers":
        return [
            Column(_("NPP"), lambda r: r.npp, "npp"),
            Column(_("Nama pemberi kerja"), lambda r: r.name, "name"),
            Column(_("Kantor"), lambda r: r.office_code),
            Column(_("Skala"), lambda r: r.size_class.label),
            Column(_("Terdaftar"), lambda r: _date(r.registered_on), "registered"),
            Column(_("Nonaktif sejak"), lambda r: _date(r.na_date)),
        ]  # fmt: skip
    if kind == "workers":
        return [
            Column(_("KPJ"), lambda r: r.kpj, "kpj"),
            Column(_("Nama"), lambda r: r.name),
            Column(_("Segmen"), lambda r: r.segment.value),
            Column(_("Pemberi kerja"), lambda r: r.employer_name or ""),
            Column(_("Kantor"), lambda r: r.office_code),
            Column(_("Mulai"), lambda r: _date(r.start_date), "start"),
            Column(_("Berakhir"), lambda r: _date(r.end_date)),
            Column(_("Agen Perisai"), lambda r: r.agent_name or ""),
        ]
    if kind == "payments":
        return [
            Column(_("Tanggal bayar"), lambda r: _date(r.paid_on), "paid_on"),
            Column(_("Pembayar"), lambda r: r.payer),
            Column(_("NPP / KPJ"), lambda r: r.payer_number),
            Column(_("Kantor"), lambda r: r.office_code),
            Column(
                pgettext("uang", "Jumlah"),
                lambda r: format_rupiah(r.amount),
                "amount",
                align_right=True,
            ),
            Column(_("Referensi"), lambda r: r.reference),
        ]
    if kind == "arrears":
        return [
            Column(_("NPP"), lambda r: r.npp),
            Column(_("Pemberi kerja"), lambda r: r.employer_name, "name"),
            Column(_("Kantor"), lambda r: r.office_code),
            Column(_("Dibuka"), lambda r: _date(r.opened_on)),
            Column(_("Pokok tunggakan"), lambda r: format_rupiah(r.principal), "principal", align_right=True),
            Column(_("Status"), lambda r: r.status.value),
            Column(_("Lunas"), lambda r: _date(r.settled_on), "settled"),
            Column(_("Tertagih"), lambda r: format_rupiah(r.collected), align_right=True),
        ]  # fmt: skip
    return [
        Column(_("No. klaim"), lambda r: r.claim_no, "claim_no"),
        Column(_("KPJ"), lambda r: r.kpj),
        Column(_("Nama"), lambda r: r.name),
        Column(_("Kantor"), lambda r: r.office_code),
        Column(_("Jenis"), lambda r: r.claim_type.label),
        Column(_("Diajukan"), lambda r: _date(r.submitted_on)),
        Column(_("Dibayar"), lambda r: _date(r.paid_on), "paid_on"),
        Column(pgettext("uang", "Jumlah"), lambda r: _money(r.amount), "amount", align_right=True),
        Column(
            _("Hari kerja"),
            lambda r: "" if r.working_days is None else f"{r.working_days} / {r.limit or '–'}",
            align_right=True,
            tooltip=lambda r: _("Hari kerja dari dokumen lengkap sampai dibayar / batas layanan jenis ini"),
        ),
        Column(_("Tepat waktu"), lambda r: "" if r.within is None else (_("Ya") if r.within else _("Tidak"))),
    ]  # fmt: skip


class RecordsDialog(QDialog):
    """The list of records behind one figure.

    Signals:
        loaded(int): the records were counted (the figure they lie behind).
        worker_activated(str): the KPJ of a worker opened with Enter or a double click.
        employer_activated(str): the NPP of an employer (or arrears case) opened.
        claim_activated(str): the number of a claim opened.
    """

    loaded = Signal(int)
    worker_activated = Signal(str)
    employer_activated = Signal(str)
    claim_activated = Signal(str)

    def __init__(
        self,
        db: Database,
        record_filter: RecordFilter,
        expected: str | None = None,
        parent: QWidget | None = None,
        *,
        actor: Actor | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("records_dialog")
        self.setWindowTitle(_("Data di balik angka"))
        self.resize(980, 560)
        self.db = db
        self.filter = record_filter
        self.expected = expected
        self.source = drilldown.records(db, record_filter, actor=actor)
        title = QLabel(record_filter.title)
        title.setObjectName("records_title")
        title.setWordWrap(True)
        font = title.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.15)
        title.setFont(font)
        self.count_label = QLabel(_("Menghitung…"))
        self.count_label.setObjectName("count_label")
        self.model = PagedModel(columns_for(record_filter.kind), self)
        self.table = list_table(self.model, "records_table")
        # Tab leaves the table (a keyboard trap otherwise); arrows move inside it
        self.table.setTabKeyNavigation(False)
        self.model.follow(self.table)
        # Columns fit the rows on screen only: not a thousand rows, most of them not read yet.
        self.table.horizontalHeader().setResizeContentsPrecision(0)
        self.table.setSortingEnabled(False)
        self.table.activated.connect(self._on_table_activated)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close = buttons.button(QDialogButtonBox.StandardButton.Close)
        close.setText(_("&Tutup"))
        close.setObjectName("close_button")
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(self.count_label)
        layout.addWidget(self.table, 1)
        remember_header(self.table, "records/records_table")
        layout.addWidget(buttons)
        self.model.source_loaded.connect(self._on_list_loaded)
        self.model.source_failed.connect(self._on_task_failed)

    def load(self) -> None:
        """Count the records and read the first page (in the background), then show them."""
        self.model.set_source(self.source)

    def _on_list_loaded(self, loaded: Loaded) -> None:
        count = loaded.count
        text = ngettext("{n} baris", "{n} baris", count).format(n=group_thousands(count))
        if self.expected:
            text += " · " + _("angka pada grafik: {value}").format(value=self.expected)
        self.count_label.setText(text)
        for column in range(self.model.columnCount()):
            self.table.resizeColumnToContents(column)
        if count:
            self.table.selectRow(0)
        self.loaded.emit(count)

    def _on_task_failed(self, error: BaseException) -> None:
        self.count_label.setText(_("Data tidak dapat dibaca."))
        show_error(self, error)

    def _on_table_activated(self, index: QModelIndex) -> None:
        row = self.model.data(index, PagedModel.RowRole)
        if row is None:
            return
        kind = self.filter.kind
        if kind == "workers":
            self.worker_activated.emit(row.kpj)
        elif kind in ("employers", "arrears"):
            self.employer_activated.emit(row.npp)
        elif kind == "claims":
            self.claim_activated.emit(row.claim_no)
        elif kind == "payments" and len(row.payer_number) == 8:
            self.employer_activated.emit(row.payer_number)

    def keyPressEvent(self, event: Any) -> None:
        # Enter opens the record (QTableView's "activated"), it does not close the dialog.
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.table.hasFocus():
            self._on_table_activated(self.table.currentIndex())
            return
        super().keyPressEvent(event)
