"""What a decided claim pays over time, on the claim's page (issue #10): the monthly JP pension
month by month with its payee and each yearly indexation, and the scholarship years of each child.

The rows are written by the claims service when a claim is decided and paid; the later months
and school years are paid from here (*Bayar bulan…*, *Ajukan tahun ajaran…*, *Bayar beasiswa*)
through the benefit-schedule service, which checks what may be paid. The buttons are offered only
to a role that may ``benefit.schedule`` and only on a paid claim (the first month and this school
year go with the claim itself).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from operator import itemgetter
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLineEdit,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from bpjs_desktop.domain.claim_details import HeirRelation
from bpjs_desktop.domain.claims import ClaimState, ClaimType
from bpjs_desktop.domain.money import format_percent, format_rupiah
from bpjs_desktop.domain.periods import Period, format_date
from bpjs_desktop.domain.scholarships import SchoolLevel
from bpjs_desktop.errors import ConflictError, KnownError, ValidationError
from bpjs_desktop.i18n import _, pgettext
from bpjs_desktop.services import benefit_schedule, clock
from bpjs_desktop.services.claims import ClaimView
from bpjs_desktop.services.context import allowed
from bpjs_desktop.services.workstation import SignedIn
from bpjs_desktop.ui.common.forms import HINT_STYLE, DateEdit, FormDialog, collect, field_value
from bpjs_desktop.ui.common.session_page import SessionPage
from bpjs_desktop.ui.common.tables import Column, RowsModel
from bpjs_desktop.ui.common.widgets import (
    combo_box,
    named_label,
    push_button,
    row_table,
    show_error,
)

AnyIndex = QModelIndex | QPersistentModelIndex
DECIDED = (ClaimState.DITETAPKAN, ClaimState.DIBAYAR)
PENSION_CLAIMS = (ClaimType.JP_BERKALA,)
SCHOLARSHIP_CLAIMS = (ClaimType.JKM, ClaimType.JKK)


@dataclass(frozen=True, slots=True)
class PensionLine:
    period: Period
    payee: str
    amount: int
    paid_on: date | None
    note: str  # the first month, or the indexation against the payee's month before


@dataclass(frozen=True, slots=True)
class ScholarshipLine:
    heir_id: int
    child: str
    school_year: int
    level: str
    amount: int
    applied_on: date | None
    paid_on: date | None


def _date(day: date | None, missing: str) -> str:
    return format_date(day) if day is not None else missing


def lines_model(headers: list[str], right: set[int], parent: Any = None) -> RowsModel[list[str]]:
    """A table of lines of text already formatted; the money columns (*right*) aligned right."""
    return RowsModel(
        [Column(header, itemgetter(i), align_right=i in right) for i, header in enumerate(headers)],
        parent,
    )


def pension_lines(
    view: ClaimView, rows: list[benefit_schedule.PensionPaymentRow]
) -> list[PensionLine]:
    """The payments with their payee's name, and where a payee's amount changed from the month
    before (the yearly indexation, PP 45/2015 Pasal 17(1)b) by how much."""
    names = {h.id: h.name for h in view.heirs}
    relations = {h.id: h.relation for h in view.heirs}
    last: dict[int | None, int] = {}
    lines = []
    for row in rows:
        if row.heir_id is None:
            payee = _("{name} (peserta)").format(name=view.row.member_name)
        else:
            relation = relations.get(row.heir_id)
            payee = _("{name} ({relation})").format(
                name=names.get(row.heir_id, "–"),
                relation=relation.label.lower() if isinstance(relation, HeirRelation) else "–",
            )
        before = last.get(row.heir_id)
        if before is None:
            note = _("bulan pertama")
        elif before != row.amount and before > 0:
            note = _("indeksasi {change}").format(
                change=("+" if row.amount > before else "")
                + format_percent((row.amount - before) * 100 / before, 2)
            )
        else:
            note = ""
        last[row.heir_id] = row.amount
        lines.append(PensionLine(row.period, payee, row.amount, row.paid_on, note))
    return lines


def current_school_year(day: date) -> int:
    """The school year running on *day*, by the year it began: it begins in July (the Indonesian
    school calendar), so on 7 December 2026 it is 2026 (2026/2027), on 9 March 2027 still 2026."""
    return day.year if day.month >= 7 else day.year - 1


class ClaimViewDialog(FormDialog):
    """A form on the claim the claim page shows (a step, a pension month, a scholarship year):
    titled *title*, named *object_name*, with the session and the claim's view at hand."""

    def __init__(
        self,
        title: str,
        object_name: str,
        save_text: str,
        session: SignedIn,
        view: ClaimView,
        parent: QWidget | None,
    ) -> None:
        super().__init__(title, parent, save_text=save_text)
        self.setObjectName(object_name)
        self.session = session
        self.view = view


class PayMonthDialog(ClaimViewDialog):
    """Pay a month of the pension (and any earlier month still unpaid): the month, by default the
    first unpaid one, and the payment date, by default today. The service says why it refuses
    (already paid, not yet due), beside the month."""

    def __init__(
        self, session: SignedIn, view: ClaimView, period: Period, parent: QWidget | None = None
    ) -> None:
        super().__init__(
            _("Klaim {no}: bayar pensiun bulanan").format(no=view.row.claim_no),
            "pay_month_dialog",
            _("Ba&yar"),
            session,
            view,
            parent,
        )
        self.period_edit = QLineEdit(period.blth)
        self.period_edit.setMaxLength(7)
        self.form.add(
            "period",
            _("&Periode"),
            self.period_edit,
            _("BB/TTTT; bulan sebelumnya yang belum dibayar ikut dibayar"),
        )
        self.date_edit = DateEdit()
        self.date_edit.set_value(clock.office_today(session.db))  # a demo: its own today
        self.form.add("paid_on", _("&Tanggal bayar"), self.date_edit)
        self.setMinimumWidth(420)
        self.watch_changes()

    def submit(self) -> Any:
        collect(
            lambda: field_value("period", lambda: Period.parse(self.period_edit.text())),
            lambda: field_value("paid_on", self.date_edit.value),
        )
        period = Period.parse(self.period_edit.text())
        try:
            return benefit_schedule.pay_pension_month(
                self.session.db, self.session.actor, self.view.row.claim_no, period,
                paid_on=self.date_edit.value(),
            )  # fmt: skip
        except ConflictError as exc:
            # "Already paid" is about the month asked for: say so beside it.
            raise ValidationError.single("period", exc.message) from None


class ApplyScholarshipDialog(ClaimViewDialog):
    """A child's application for a school year: the child (among the claim's heirs who are
    children), the school year (by default the one running today), the level (by default the
    child's level on record) and the date of the application. The plan is the service's to
    check (PP 82/2019: at most two children, the level not lower, years per level)."""

    def __init__(self, session: SignedIn, view: ClaimView, parent: QWidget | None = None) -> None:
        super().__init__(
            _("Klaim {no}: ajukan beasiswa tahun ajaran").format(no=view.row.claim_no),
            "apply_scholarship_dialog",
            _("Aj&ukan"),
            session,
            view,
            parent,
        )
        self.child_combo = QComboBox()
        children = [h for h in view.heirs if h.relation is HeirRelation.ANAK]
        for heir in children:
            self.child_combo.addItem(heir.name, heir.id)
        self.form.add("heir", _("A&nak"), self.child_combo)
        today = clock.office_today(session.db)  # a demo: its own today
        self.year_spin = QSpinBox()
        self.year_spin.setRange(view.row.event_date.year, today.year)
        self.year_spin.setValue(current_school_year(today))
        offered = self.year_spin.value()  # within the range: not before the year of the event
        self.form.add(
            "school_year",
            _("Tahun &ajaran"),
            self.year_spin,
            # The example is the year offered, running on the office's today (a demo's: 2018).
            _("Tahun mulainya: {start} untuk tahun ajaran {start}/{end}").format(
                start=offered, end=offered + 1
            ),
        )
        self.level_combo = combo_box((level.label, level.value) for level in SchoolLevel)
        self.form.add("level", _("&Jenjang"), self.level_combo)
        self.date_edit = DateEdit()
        self.date_edit.set_value(today)
        self.form.add("applied_on", _("Tanggal &permohonan"), self.date_edit)
        levels = {h.id: h.school_level for h in children}
        self.child_combo.currentIndexChanged.connect(
            lambda _index: self._level_of(levels.get(self.child_combo.currentData()))
        )
        self._level_of(levels.get(self.child_combo.currentData()))
        self.setMinimumWidth(460)
        self.watch_changes()

    def _level_of(self, level: str | None) -> None:
        index = self.level_combo.findData(level) if level else -1
        if index >= 0:
            self.level_combo.setCurrentIndex(index)

    def submit(self) -> Any:
        heir_id = self.child_combo.currentData()
        if heir_id is None:
            raise ValidationError.single("heir", _("Pilih anak yang mengajukan beasiswa"))
        applied_on = field_value("applied_on", self.date_edit.value)
        return benefit_schedule.apply_scholarship(
            self.session.db, self.session.actor, self.view.row.claim_no, heir_id,
            self.year_spin.value(), self.level_combo.currentData(), applied_on=applied_on,
        )  # fmt: skip


class SchedulePanel(SessionPage):
    """The pension schedule or the scholarship years of the claim on the page."""

    def __init__(self, session: SignedIn, parent: QWidget | None = None) -> None:
        super().__init__(session, "schedule_panel", parent)
        self.summary = named_label("schedule_summary", wrap=True)
        self.note = named_label("schedule_note", wrap=True, style=HINT_STYLE)
        self.pensions = lines_model(
            [
                _("Periode"),
                _("Penerima"),
                pgettext("uang", "Jumlah"),
                _("Dibayar"),
                _("Keterangan"),
            ],
            {2},
            self,
        )
        self.pension_table = self._table("pension_table", self.pensions)
        self.scholarships = lines_model(
            [
                _("Anak"), _("Tahun ajaran"), _("Jenjang"), pgettext("uang", "Jumlah"), _("Diajukan"),
                _("Dibayar"),
            ],
            {3},
            self,
        )  # fmt: skip
        self.scholarship_table = self._table("scholarship_table", self.scholarships)
        self.scholarship_table.selectionModel().currentRowChanged.connect(
            lambda *_rows: self._update_buttons()
        )
        self.pay_month_button = push_button("pay_month_button", _("Baya&r bulan…"), self.pay_month)
        self.apply_button = push_button(
            "apply_scholarship_button", _("Ajukan ta&hun ajaran…"), self.apply_scholarship
        )
        self.pay_scholarship_button = push_button(
            "pay_scholarship_button", _("Bayar b&easiswa"), self.pay_selected_scholarship
        )
        buttons = QHBoxLayout()
        for button in (self.pay_month_button, self.apply_button, self.pay_scholarship_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.summary)
        layout.addLayout(buttons)
        layout.addWidget(self.pension_table, 1)
        layout.addWidget(self.scholarship_table, 1)
        layout.addWidget(self.note)
        self.view: ClaimView | None = None
        self.kind: str | None = None
        self.pension_lines: list[PensionLine] = []
        self.scholarship_lines: list[ScholarshipLine] = []

    @staticmethod
    def _table(name: str, model: QAbstractTableModel) -> QTableView:
        return row_table(model, name, f"claim_schedule/{name}")

    @staticmethod
    def applies(view: ClaimView) -> str | None:
        """Which schedule the claim has: ``"pension"``, ``"scholarship"`` or None."""
        kind = view.row.claim_type
        if kind in PENSION_CLAIMS:
            return "pension"
        if kind in SCHOLARSHIP_CLAIMS and any(h.relation is HeirRelation.ANAK for h in view.heirs):
            return "scholarship"
        return None

    def show_claim(self, view: ClaimView) -> str | None:
        """Fill the panel for *view*; returns which schedule it shows (None: nothing to show)."""
        kind = self.applies(view)
        self.view, self.kind = view, kind
        self.pension_table.setVisible(kind == "pension")
        self.scholarship_table.setVisible(kind == "scholarship")
        self.pay_month_button.setVisible(kind == "pension")
        self.apply_button.setVisible(kind == "scholarship")
        self.pay_scholarship_button.setVisible(kind == "scholarship")
        self.pensions.set_rows([])
        self.scholarships.set_rows([])
        self.pension_lines, self.scholarship_lines = [], []
        self.summary.setText("")
        self.note.setText("")
        try:
            if kind is None:
                return None
            if view.row.state not in DECIDED:
                self.note.setText(
                    _("Jadwal pembayaran pensiun dicatat setelah klaim ditetapkan.")
                    if kind == "pension"
                    else _("Tahun beasiswa anak dicatat setelah klaim ditetapkan.")
                )
                return kind
            try:
                if kind == "pension":
                    self._show_pensions(view)
                else:
                    self._show_scholarships(view)
            except KnownError as exc:
                self.note.setText(exc.message)
            return kind
        finally:
            self._update_buttons()

    # --- acting on the schedule --------------------------------------------------------------------
    def _update_buttons(self) -> None:
        """Offered to a role that may keep the schedule, on a paid claim (the first month and this
        school year are paid with the claim; the service refuses before)."""
        view = self.view
        may = allowed(self.session.actor, "benefit.schedule")
        paid = view is not None and view.row.state is ClaimState.DIBAYAR
        tip = "" if may else _("Peran Anda tidak berwenang untuk langkah ini")
        if may and not paid:
            tip = _("Klaim belum dibayar: bulan pertama dan tahun ajaran ini dibayar bersama klaim")
        self.pay_month_button.setEnabled(may and paid and bool(self.pension_lines))
        self.apply_button.setEnabled(may and paid)
        line = self.selected_scholarship()
        self.pay_scholarship_button.setEnabled(
            may and paid and line is not None and line.applied_on is not None
            and line.paid_on is None
        )  # fmt: skip
        for button in (self.pay_month_button, self.apply_button, self.pay_scholarship_button):
            button.setToolTip(tip)

    def _reload(self, *_saved: object) -> None:
        if self.view is not None:
            self.show_claim(self.view)

    def first_unpaid_period(self) -> Period:
        """The month *Bayar bulan…* offers: the first unpaid one (after the last recorded one when
        every recorded month is paid: the service extends the schedule)."""
        unpaid = next((line.period for line in self.pension_lines if line.paid_on is None), None)
        if unpaid is not None:
            return unpaid
        if self.pension_lines:
            return self.pension_lines[-1].period.next()
        return Period.of(clock.office_today(self.session.db))

    def pay_month_dialog(self) -> PayMonthDialog:
        assert self.view is not None
        dialog = PayMonthDialog(self.session, self.view, self.first_unpaid_period(), self)
        dialog.saved.connect(self._on_months_paid)
        return dialog

    def _on_months_paid(self, rows: list[benefit_schedule.PensionPaymentRow]) -> None:
        """Refresh, and show the last month just paid (the table may hold years of months)."""
        self._reload()
        periods = [line.period for line in self.pension_lines]
        if rows and rows[-1].period in periods:
            row = periods.index(rows[-1].period)
            self.pension_table.selectRow(row)
            self.pension_table.scrollTo(self.pensions.index(row, 0))

    def pay_month(self) -> None:
        self.pay_month_dialog().open()

    def apply_dialog(self) -> ApplyScholarshipDialog:
        assert self.view is not None
        dialog = ApplyScholarshipDialog(self.session, self.view, self)
        dialog.saved.connect(self._reload)
        return dialog

    def apply_scholarship(self) -> None:
        self.apply_dialog().open()

    def selected_scholarship(self) -> ScholarshipLine | None:
        index = self.scholarship_table.currentIndex()
        if not index.isValid() or not 0 <= index.row() < len(self.scholarship_lines):
            return None
        return self.scholarship_lines[index.row()]

    def pay_selected_scholarship(self, paid_on: date | None = None) -> bool:
        """Pay the selected school year, applied for and not yet paid, today (the office's today:
        a demo's own) or on *paid_on*."""
        line = self.selected_scholarship()
        if self.view is None or line is None:
            return False
        try:
            benefit_schedule.pay_scholarship(
                self.session.db, self.session.actor, self.view.row.claim_no, line.heir_id,
                line.school_year, paid_on=paid_on or clock.office_today(self.session.db),
            )  # fmt: skip
        except KnownError as exc:
            show_error(self, exc)
            return False
        row = self.scholarship_lines.index(line)
        self._reload()
        if 0 <= row < self.scholarships.rowCount():
            self.scholarship_table.selectRow(row)
        return True

    def _show_pensions(self, view: ClaimView) -> None:
        rows = benefit_schedule.pension_payments(
            self.session.db, view.row.claim_no, actor=self.session.actor
        )
        self.pension_lines = pension_lines(view, rows)
        self.pensions.set_rows(
            [
                [
                    line.period.blth, line.payee, format_rupiah(line.amount),
                    _date(line.paid_on, _("belum")), line.note,
                ]
                for line in self.pension_lines
            ]
        )  # fmt: skip
        if not rows:
            self.note.setText(_("Belum ada pembayaran pensiun bulanan yang tercatat."))
            return
        payees = sorted({line.payee for line in self.pension_lines})
        paid = [line for line in self.pension_lines if line.paid_on is not None]
        self.summary.setText(
            _(
                "Dibayarkan kepada {payees}: {n} bulan tercatat, {paid} bulan sudah dibayar "
                "({total}); terakhir {amount} sebulan."
            ).format(
                payees=", ".join(payees),
                n=len(rows),
                paid=len(paid),
                total=format_rupiah(sum(line.amount for line in paid)),
                amount=format_rupiah(self.pension_lines[-1].amount),
            )
        )

    def _show_scholarships(self, view: ClaimView) -> None:
        rows = benefit_schedule.scholarships(
            self.session.db, view.row.claim_no, actor=self.session.actor
        )
        names = {h.id: h.name for h in view.heirs}
        self.scholarship_lines = [
            ScholarshipLine(
                r.heir_id, names.get(r.heir_id, "–"), r.school_year, r.level, r.amount, r.applied_on,
                r.paid_on,
            )
            for r in rows
        ]  # fmt: skip
        self.scholarships.set_rows(
            [
                [
                    line.child, f"{line.school_year}/{line.school_year + 1}",
                    SchoolLevel(line.level).label, format_rupiah(line.amount),
                    _date(line.applied_on, _("belum")), _date(line.paid_on, _("belum")),
                ]
                for line in self.scholarship_lines
            ]
        )  # fmt: skip
        children = [h.name for h in view.heirs if h.relation is HeirRelation.ANAK]
        if not rows:
            self.note.setText(
                _("Belum ada tahun beasiswa yang tercatat untuk anak: {children}.").format(
                    children=", ".join(children)
                )
            )
            return
        paid = [line for line in self.scholarship_lines if line.paid_on is not None]
        self.summary.setText(
            _(
                "Beasiswa paling banyak untuk dua anak, per tahun ajaran menurut jenjangnya: "
                "{n} tahun tercatat, {paid} sudah dibayar ({total})."
            ).format(
                n=len(rows),
                paid=len(paid),
                total=format_rupiah(sum(line.amount for line in paid)),
            )
        )
