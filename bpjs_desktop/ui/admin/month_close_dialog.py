"""Closing a month: see what would be frozen and which corrections would be recorded, then close.

The preview and the close run off the GUI thread (they recompute the month from the records, and
the closed months whose records changed since).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialogButtonBox,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from bpjs_desktop.domain.money import format_rupiah, group_thousands
from bpjs_desktop.domain.periods import Period
from bpjs_desktop.i18n import _, current_language, ngettext
from bpjs_desktop.services import month_close, reports
from bpjs_desktop.services.month_close import ClosePreview, CloseRow
from bpjs_desktop.services.workstation import SignedIn
from bpjs_desktop.ui.common.events import DataKind, data_changed
from bpjs_desktop.ui.common.layout_memory import remember_header
from bpjs_desktop.ui.common.month_office import office_combo
from bpjs_desktop.ui.common.session_page import SessionDialog
from bpjs_desktop.ui.common.tasks import Task, TaskContext
from bpjs_desktop.ui.common.widgets import named_label, push_button, show_error


def _delta_text(field: str, delta: int) -> str:
    money = field.endswith("amount") or field.startswith("contributions")
    text = format_rupiah(abs(delta)) if money else group_thousands(abs(delta))
    return ("+" if delta > 0 else "−") + text


def _table(name: str, headers: list[str], widths: tuple[int, ...]) -> QTableWidget:
    """A read-only table with *headers*, its first columns *widths* pixels wide, the last one
    taking the rest."""
    table = QTableWidget(0, len(headers))
    table.setObjectName(name)
    table.setTabKeyNavigation(False)  # Tab leaves the table (a keyboard trap otherwise)
    table.setHorizontalHeaderLabels(headers)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    for column, width in enumerate(widths):
        table.setColumnWidth(column, width)
    table.horizontalHeader().setStretchLastSection(True)
    table.verticalHeader().setVisible(False)
    table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
    return table


class MonthCloseDialog(SessionDialog):
    """Close a month for an office (or the region): its report is frozen from then on.

    Signals:
        previewed(object): the :class:`ClosePreview` now shown.
        month_closed(object): the :class:`CloseRow` of a month just closed.
        corrections_recorded(object): the corrections just recorded (a list, maybe empty).
    """

    previewed = Signal(object)
    month_closed = Signal(object)
    corrections_recorded = Signal(object)

    def __init__(self, session: SignedIn, parent: QWidget | None = None) -> None:
        """Long because it lays the widgets out top to bottom, in the order they appear on screen."""
        super().__init__(session, "month_close_dialog", _("Tutup bulan"), parent)
        self.resize(860, 600)
        self.preview: ClosePreview | None = None
        self.task: Task | None = None
        latest = reports.latest_period(session.db)
        intro = QLabel(
            _(
                "Menutup bulan membekukan ringkasannya: ekspor bulan itu selalu sama sesudahnya. "
                "Perubahan data sesudah ditutup dicatat sebagai koreksi dan dilaporkan di bulan "
                "berikutnya yang masih terbuka."
            )
        )
        intro.setWordWrap(True)
        self.month_combo = QComboBox()
        self.month_combo.setObjectName("month_combo")
        for offset in range(24):
            period = latest.shift(-offset)
            self.month_combo.addItem(period.label(current_language()), str(period))
        self.scope_combo = office_combo(session, "scope_combo", every=False, region=True)
        month_label = QLabel(_("&Bulan"))
        month_label.setBuddy(self.month_combo)
        scope_label = QLabel(_("&Kantor"))
        scope_label.setBuddy(self.scope_combo)
        self.preview_button = push_button("preview_button", _("&Periksa"))
        controls = QHBoxLayout()
        controls.addWidget(month_label)
        controls.addWidget(self.month_combo)
        controls.addSpacing(12)
        controls.addWidget(scope_label)
        controls.addWidget(self.scope_combo, 1)
        controls.addWidget(self.preview_button)

        self.status_label = named_label("status_label", wrap=True)
        self.figures = QGridLayout()
        self.figures.setHorizontalSpacing(24)
        self.figure_labels: dict[str, QLabel] = {}
        for i, (key, text) in enumerate(
            (
                ("employers", _("BU aktif")),
                ("workers", _("TK aktif")),
                ("claims", _("Klaim dibayar s.d. bulan ini")),
                ("arrears", _("BU menunggak tertagih")),
            )
        ):
            caption = QLabel(text)
            caption.setStyleSheet("color: #555555;")
            value = named_label(f"{key}_value", "–")
            font = value.font()
            font.setBold(True)
            font.setPointSizeF(font.pointSizeF() * 1.25)
            value.setFont(font)
            self.figure_labels[key] = value
            self.figures.addWidget(caption, 0, i)
            self.figures.addWidget(value, 1, i)
        self.corrections_table = _table(
            "corrections_table",
            [_("Bulan dikoreksi"), _("Kantor"), _("Angka"), _("Selisih"), _("Dilaporkan di")],
            (140, 70, 230, 120),
        )
        self.closes_table = _table(
            "closes_table",
            [_("Bulan"), _("Kantor"), _("Ditutup"), _("Oleh"), _("SHA-256")],
            (130, 220, 170, 160),
        )

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.close_month_button = self.buttons.addButton(
            _("&Tutup bulan"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.close_month_button.setObjectName("close_month_button")
        self.close_month_button.setEnabled(False)
        self.record_button = self.buttons.addButton(
            _("Catat &koreksi sekarang"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.record_button.setObjectName("record_button")
        self.record_button.setToolTip(
            _("Catat perubahan atas bulan yang sudah ditutup tanpa menutup bulan apa pun")
        )
        self.record_button.clicked.connect(self.record_corrections)
        close = self.buttons.button(QDialogButtonBox.StandardButton.Close)
        close.setText(_("Tu&tup jendela"))
        self.buttons.rejected.connect(self.reject)
        self.close_month_button.clicked.connect(self._on_close_month_clicked)
        self.preview_button.clicked.connect(self.load_preview)
        self.month_combo.currentIndexChanged.connect(self._on_choice_changed)
        self.scope_combo.currentIndexChanged.connect(self._on_choice_changed)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(controls)
        layout.addWidget(self.status_label)
        layout.addLayout(self.figures)
        layout.addWidget(QLabel(_("Koreksi atas bulan yang sudah ditutup (akan dicatat):")))
        layout.addWidget(self.corrections_table, 1)
        remember_header(self.corrections_table, "month_close/corrections_table")
        layout.addWidget(QLabel(_("Bulan yang sudah ditutup:")))
        layout.addWidget(self.closes_table, 1)
        remember_header(self.closes_table, "month_close/closes_table")
        layout.addWidget(self.buttons)
        self._fill_closes()

    @property
    def period(self) -> Period:
        return Period.parse(str(self.month_combo.currentData()))

    @property
    def scope_code(self) -> str:
        return str(self.scope_combo.currentData())

    def select(self, period: Period | None = None, scope_code: str | None = None) -> None:
        if period is not None:
            self.month_combo.setCurrentIndex(self.month_combo.findData(str(period)))
        if scope_code is not None:
            self.scope_combo.setCurrentIndex(self.scope_combo.findData(scope_code))

    def _on_choice_changed(self, _index: int) -> None:
        self.preview = None
        self.close_month_button.setEnabled(False)
        self.status_label.setText(_("Tekan Periksa untuk melihat angka yang akan dibekukan."))

    def _fill_closes(self) -> None:
        rows = month_close.closes(self.session.db)
        self.closes_table.setRowCount(len(rows))
        for i, row in enumerate(rows):
            for j, text in enumerate(
                (
                    row.period.label(current_language()),
                    row.scope_name,
                    row.closed_at_text,
                    row.closed_by,
                    row.sha256[:16] + "…",
                )
            ):
                self.closes_table.setItem(i, j, QTableWidgetItem(text))

    # --- preview -----------------------------------------------------------------------------------
    def load_preview(self) -> Task:
        return self._run_on_month(
            _("Menghitung…"), month_close.preview_close, self._on_preview_finished
        )

    def _run_on_month(
        self,
        message: str,
        service: Callable[..., Any],
        on_done: Callable[[Any], None],
    ) -> Task:
        """Preview or close: run *service* on the chosen month and scope, both buttons off
        until it is done (the close and the preview read the same month and write one file)."""
        db, actor, period, scope = self.session.db, self.session.actor, self.period, self.scope_code
        self.preview_button.setEnabled(False)
        self.close_month_button.setEnabled(False)

        def work(context: TaskContext) -> Any:
            return service(db, actor, period, scope, context.progress)

        return self._start(message, work, on_done)

    def _start(
        self, message: str, work: Callable[[TaskContext], Any], on_done: Callable[[Any], None]
    ) -> Task:
        """Run *work* off the GUI thread, saying *message* meanwhile; a failure is shown by
        :meth:`_on_task_failed`, which gives the buttons back."""
        self.status_label.setText(message)
        self.task = Task(work, self)
        self.task.finished.connect(on_done)
        self.task.failed.connect(self._on_task_failed)
        return self.task.start()

    def _on_preview_finished(self, preview: ClosePreview) -> None:
        self.task = None
        self.preview_button.setEnabled(True)
        self.preview = preview
        total = preview.summary.total
        claims = total.claims_total()
        self.figure_labels["employers"].setText(group_thousands(total.employers_active))
        self.figure_labels["workers"].setText(group_thousands(total.workers_total))
        self.figure_labels["claims"].setText(
            _("{n} kasus, {amount}").format(n=group_thousands(claims.cases), amount=format_rupiah(claims.amount))
        )  # fmt: skip
        self.figure_labels["arrears"].setText(
            f"{group_thousands(total.arrears_collected)} / {group_thousands(total.arrears_target)}"
        )
        self.corrections_table.setRowCount(len(preview.corrections))
        for i, c in enumerate(preview.corrections):
            for j, text in enumerate(
                (
                    c.period.label(current_language()),
                    c.office_code,
                    c.label,
                    _delta_text(c.field, c.delta),
                    c.reported_in.label(current_language()),
                )
            ):
                self.corrections_table.setItem(i, j, QTableWidgetItem(text))
        month = preview.period.label(current_language())
        if preview.already is not None:
            self.status_label.setText(
                _("{month} sudah ditutup untuk {scope} pada {when} oleh {who} (SHA-256 {sha}…).").format(
                    month=month, scope=preview.scope_name, when=preview.already.closed_at_text,
                    who=preview.already.closed_by, sha=preview.already.sha256[:16],
                )
            )  # fmt: skip
            self.close_month_button.setEnabled(False)
        else:
            self.status_label.setText(
                _("{month} untuk {scope}: {n} kantor; {c} koreksi akan dicatat.").format(
                    month=month, scope=preview.scope_name, n=len(preview.summary.rows),
                    c=len(preview.corrections),
                )
            )  # fmt: skip
            self.close_month_button.setEnabled(True)
        self.previewed.emit(preview)

    def _on_task_failed(self, error: BaseException) -> None:
        self.task = None
        self.preview_button.setEnabled(True)
        self.record_button.setEnabled(True)
        self.status_label.setText(_("Tidak dapat dilanjutkan."))
        show_error(self, error)

    # --- closing -----------------------------------------------------------------------------------
    def confirm(self) -> bool:
        answer = QMessageBox.question(
            self,
            _("Tutup bulan?"),
            _(
                "Tutup {month} untuk {scope}? Ringkasannya dibekukan dan tidak dapat dibuka lagi."
            ).format(
                month=self.period.label(current_language()),
                scope=self.scope_combo.currentText().strip(),
            ),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        return answer == QMessageBox.StandardButton.Yes

    def _on_close_month_clicked(self) -> None:
        if self.preview is None or not self.confirm():
            return
        self.close_month()

    def close_month(self) -> Task:
        return self._run_on_month(
            _("Menutup bulan…"), month_close.close_month, self._on_close_finished
        )

    def _on_close_finished(self, row: CloseRow) -> None:
        self.task = None
        self.preview_button.setEnabled(True)
        self.status_label.setText(
            _("{month} ditutup untuk {scope}; {n} koreksi dilaporkan di bulan ini. SHA-256 {sha}…").format(
                month=row.period.label(current_language()), scope=row.scope_name,
                n=row.adjustments, sha=row.sha256[:16],
            )
        )  # fmt: skip
        self._fill_closes()
        self.month_closed.emit(row)
        # A close of the region freezes every office's month: no one office.
        whole = self.scope_combo.whole_region(row.scope_code)
        data_changed(DataKind.MONTH_CLOSE, None if whole else row.scope_code)

    def record_corrections(self) -> Task:
        db, actor, scope = self.session.db, self.session.actor, self.scope_code
        self.record_button.setEnabled(False)

        def work(context: TaskContext) -> list[Any]:
            return month_close.record_corrections(db, actor, scope, context.progress)

        return self._start(
            _("Memeriksa perubahan atas bulan yang sudah ditutup…"), work, self._on_record_finished
        )

    def _on_record_finished(self, corrections: list[Any]) -> None:
        self.task = None
        self.record_button.setEnabled(True)
        self.status_label.setText(
            ngettext(
                "{n} koreksi dicatat; tampil di laporan bulan yang disebut.",
                "{n} koreksi dicatat; tampil di laporan bulan yang disebut.",
                len(corrections),
            ).format(n=len(corrections))
            if corrections
            else _("Tidak ada perubahan baru atas bulan yang sudah ditutup.")
        )
        self.corrections_recorded.emit(corrections)
