"""One arrears case: what is owed by month and programme with fines, a calculator for a pay date,
the dated timeline, the next allowed steps of the ladder, and the small forms that record them.

Every write goes through a service (``services.arrears``, ``services.contributions``) from a
keyboard-first :class:`~bpjs_desktop.ui.common.forms.FormDialog`; the page only shows what the services
hand back. Buttons of steps the ladder does not allow yet are disabled, with the reason as tooltip.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from functools import partial
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSpinBox,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from bpjs_desktop.domain.arrears import (
    LADDER_BY_KIND,
    LADDER_STEPS,
    PROGRAMME_COLUMNS,
    DueCalculation,
    FollowUpKind,
    MonthDue,
    instalment_schedule,
)
from bpjs_desktop.domain.money import format_rupiah, group_thousands
from bpjs_desktop.domain.periods import Period, format_date, format_period, today_wib
from bpjs_desktop.errors import KnownError, ValidationError
from bpjs_desktop.i18n import _, pgettext
from bpjs_desktop.services import arrears, clock, contributions
from bpjs_desktop.services.arrears import (
    ActionOption,
    CaseDetail,
    FollowUpInput,
    InstalmentRow,
    TimelineEntry,
)
from bpjs_desktop.services.arrears_letters import warning_letter_document
from bpjs_desktop.services.context import allowed
from bpjs_desktop.services.contributions import (
    EmployerStatement,
    PaymentRow,
    StatementBill,
    StatementPayment,
)
from bpjs_desktop.services.workstation import SignedIn
from bpjs_desktop.ui.common.events import DataKind, data_changed
from bpjs_desktop.ui.common.forms import DateEdit, FieldReader, FormDialog, MoneyEdit, line_edit
from bpjs_desktop.ui.common.session_page import SessionPage
from bpjs_desktop.ui.common.tables import Column, Format, RowsModel, styled
from bpjs_desktop.ui.common.widgets import (
    ask_save_path,
    choose,
    combo_box,
    named_label,
    page_title,
    push_button,
    row_table,
    show_error,
)

AnyIndex = QModelIndex | QPersistentModelIndex
LATE_COLOUR = QColor("#a4000f")
MUTED_COLOUR = QColor("#6b6b6b")


# --- small read-only table models ------------------------------------------------------------------


def _office_day(session: SignedIn, detail: CaseDetail) -> date:
    """The default date of a step: the office's today, and never before the case's last step
    (a case opened on the real date in a demo database keeps its steps in order)."""
    done = [entry.day for entry in detail.timeline if entry.source != "instalment"]
    return max([clock.office_today(session.db), *done])


def _money(amount: int) -> str:
    return group_thousands(amount)


@dataclass(frozen=True)
class OwedLine:
    """A line of the owed table: a month (due or not yet due) or the total."""

    month: MonthDue | None
    in_case: bool = False
    later: bool = False
    total: DueCalculation | None = None


class OwedTableModel(RowsModel[OwedLine]):
    """What the employer owes, month by month and programme by programme, with the fine."""

    COL_BLTH = 0
    COL_DUE = 1
    COL_LATE = 2
    COL_JKK = 3
    COL_JKM = 4
    COL_JHT = 5
    COL_JP = 6
    COL_PRINCIPAL = 7
    COL_FINE = 8
    COL_TOTAL = 9

    def __init__(self, parent: QWidget | None = None) -> None:
        columns = (
            Column(_("BLTH"), _blth),
            Column(_("Jatuh tempo"), lambda r: format_date(r.month.due) if r.month else ""),
            Column(_("Terlambat"), _late),
            *(Column(p, _programme(i), align_right=True) for i, p in enumerate(PROGRAMME_COLUMNS)),
            Column(_("Pokok"), lambda r: _money(_principal(r)), align_right=True),
            Column(_("Denda"), lambda r: _money(_fine(r)), align_right=True),
            Column(_("Jumlah"), lambda r: _money(_principal(r) + _fine(r)), align_right=True),
        )
        super().__init__(
            styled(
                columns,
                tooltip=_owed_tooltip,
                foreground=_muted_if_later,
                bold=lambda r: r.total is not None,
            ),
            parent,
        )

    def set_calculation(self, calc: DueCalculation, first_period: str, last_period: str) -> None:
        lines = [OwedLine(m, first_period <= str(m.period) <= last_period) for m in calc.months] + [
            OwedLine(m, first_period <= str(m.period) <= last_period, True)
            for m in calc.not_yet_due
        ]
        lines.append(OwedLine(None, total=calc))
        self.set_rows(lines)


def _muted_if_later(row: OwedLine) -> QColor | None:
    return MUTED_COLOUR if row.later else None


def _late_colour(entry: TimelineEntry) -> QColor | None:
    return LATE_COLOUR if entry.late else None


def _owed_tooltip(row: OwedLine) -> str | None:
    if row.month is None:
        return None
    if row.later:
        return _("Belum jatuh tempo pada tanggal hitung: tanpa denda, tidak ikut dijumlah")
    rate = row.month.fine_rate_ppm / 10_000
    return _("Denda {rate}% × {n} bulan{case}").format(
        rate=f"{rate:g}".replace(".", ","),
        n=row.month.months_late,
        case=_("; bulan kasus") if row.in_case else "",
    )


def _blth(row: OwedLine) -> str:
    if row.total is not None:
        return _("Jumlah")
    assert row.month is not None
    return row.month.period.blth + (" *" if row.in_case else "")


def _late(row: OwedLine) -> str:
    if row.month is None:
        return ""
    if row.later:
        return _("belum jatuh tempo")
    return (
        _("{n} bln").format(n=row.month.months_late) if row.month.months_late else _("tepat waktu")
    )


def _programme(i: int) -> Callable[[OwedLine], str]:
    def show(row: OwedLine) -> str:
        if row.total is not None:
            return _money(row.total.principal[i])
        assert row.month is not None
        return _money(row.month.principal[i])

    return show


def _principal(row: OwedLine) -> int:
    if row.total is not None:
        return row.total.principal_total
    assert row.month is not None
    return row.month.principal_total


def _fine(row: OwedLine) -> int:
    if row.total is not None:
        return row.total.fine_total
    assert row.month is not None
    return 0 if row.later else row.month.fine_total


class CaseTimelineModel(RowsModel[TimelineEntry]):
    """The case's dated timeline: actions, payments, instalments falling due."""

    COL_DAY = 0
    COL_TITLE = 1
    COL_NUMBER = 2
    COL_OFFICER = 3
    COL_DETAIL = 4
    COL_NEXT = 5

    def __init__(self, parent: QWidget | None = None) -> None:
        columns = (
            Column(_("Tanggal"), lambda e: e.day, fmt=Format.DATE),
            Column(
                _("Tindakan"),
                lambda e: e.title,
                bold=lambda e: e.source == "follow_up" and bool(e.number),
            ),
            Column(_("Nomor"), lambda e: e.number),
            Column(_("Petugas"), lambda e: e.officer),
            Column(_("Hasil / keterangan"), lambda e: e.detail, tooltip=lambda e: e.detail or None),
            Column(_("Tindak lanjut"), lambda e: e.next_due_on, fmt=Format.DATE),
        )
        super().__init__(styled(columns, foreground=_late_colour), parent)


class InstalmentTableModel(RowsModel[InstalmentRow]):
    COL_SEQUENCE = 0
    COL_DUE = 1
    COL_AMOUNT = 2
    COL_PAID = 3
    COL_STATE = 4

    def __init__(self, parent: QWidget | None = None) -> None:
        self.on = today_wib()
        columns = (
            Column(_("Ke-"), lambda i: i.sequence, fmt=Format.COUNT),
            Column(_("Jatuh tempo"), lambda i: i.due_on, fmt=Format.DATE),
            Column(pgettext("uang", "Jumlah"), lambda i: i.amount, fmt=Format.MONEY),
            Column(_("Dibayar"), lambda i: i.paid, fmt=Format.MONEY),
            Column(_("Keadaan"), lambda i: i.state(self.on)),
        )
        super().__init__(styled(columns, foreground=self._colour), parent)

    def _colour(self, row: InstalmentRow) -> QColor | None:
        if not row.active:
            return MUTED_COLOUR
        return LATE_COLOUR if row.paid < row.amount and row.due_on < self.on else None

    def set_instalments(self, rows: Sequence[InstalmentRow], on: date) -> None:
        self.on = on
        self.set_rows(rows)


class StatementBillsTableModel(RowsModel[StatementBill]):
    COL_BLTH = 0
    COL_DUE = 1
    COL_WORKERS = 2
    COL_AMOUNT = 3
    COL_PAID = 4
    COL_PAID_ON = 5
    COL_OUTSTANDING = 6
    COL_FINE = 7

    def __init__(self, parent: QWidget | None = None) -> None:
        self.on = today_wib()
        columns = (
            Column(_("BLTH"), lambda b: _blth_text(b.period)),
            Column(_("Jatuh tempo"), lambda b: format_date(b.due_date)),
            Column(_("TK"), lambda b: group_thousands(b.worker_count), align_right=True),
            Column(_("Tagihan"), lambda b: _money(b.amount), align_right=True),
            Column(_("Dibayar"), lambda b: _money(b.paid), align_right=True),
            Column(_("Lunas / bayar terakhir"), _paid_on),
            Column(
                _("Belum dibayar"),
                lambda b: _money(b.outstanding) if b.outstanding else "",
                align_right=True,
            ),
            Column(_("Denda"), lambda b: _money(b.fine) if b.fine else "", align_right=True),
        )
        super().__init__(styled(columns, foreground=self._colour), parent)

    def _colour(self, bill: StatementBill) -> QColor | None:
        return LATE_COLOUR if bill.overdue(self.on) else None

    def set_statement(self, statement: EmployerStatement) -> None:
        self.on = statement.on
        self.set_rows(statement.bills)


def _paid_on(bill: StatementBill) -> str:
    if bill.settled_on is not None:
        return format_date(bill.settled_on)
    if bill.last_paid_on is not None:
        return _("sebagian, {day}").format(day=format_date(bill.last_paid_on))
    return ""


class StatementPaymentsTableModel(RowsModel[StatementPayment]):
    COL_DAY = 0
    COL_AMOUNT = 1
    COL_REFERENCE = 2
    COL_FOR = 3
    COL_OVER = 4

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(
            [
                Column(_("Tanggal"), lambda p: format_date(p.paid_on)),
                Column(pgettext("uang", "Jumlah"), lambda p: _money(p.amount), align_right=True),
                Column(_("Referensi"), lambda p: p.reference),
                Column(_("Untuk BLTH"), _allocations),
                Column(
                    _("Lebih bayar"),
                    lambda p: _money(p.unallocated) if p.unallocated else "",
                    align_right=True,
                ),
            ],
            parent,
        )


def _allocations(payment: StatementPayment) -> str:
    return ", ".join(
        f"{_blth_text(period)} ({_money(amount)})" for period, amount in payment.allocations
    )


# --- the forms ------------------------------------------------------------------------------------


class _CaseFormDialog(FormDialog):
    """A form that records something on one case: the case's session and detail, the width."""

    def __init__(
        self,
        title: str,
        object_name: str,
        session: SignedIn,
        detail: CaseDetail,
        parent: QWidget | None,
    ) -> None:
        super().__init__(title, parent)
        self.setObjectName(object_name)
        self.setMinimumWidth(500)
        self.session = session
        self.detail = detail

    def add_day(self, name: str, text: str) -> DateEdit:
        """A date row, filled with the step's default day (:func:`_office_day`)."""
        edit = DateEdit()
        edit.set_value(_office_day(self.session, self.detail))
        self.form.add(name, text, edit)
        return edit


class _StepDialog(_CaseFormDialog):
    """A form that records a step of one kind on the case, titled with the kind; a subclass
    names itself in :attr:`OBJECT_NAME` and adds its rows in :meth:`add_fields`."""

    OBJECT_NAME = ""

    def __init__(
        self,
        session: SignedIn,
        detail: CaseDetail,
        kind: FollowUpKind,
        parent: QWidget | None = None,
    ) -> None:
        title = _("{action}: {employer}").format(
            action=arrears.kind_label(kind), employer=detail.case.employer_name
        )
        super().__init__(title, self.OBJECT_NAME, session, detail, parent)
        self.kind = kind
        self.add_fields()
        self.watch_changes()

    def add_fields(self) -> None:
        raise NotImplementedError

    def record(self, done_on: date, **details: Any) -> Any:
        """Record the step on the case as done on *done_on*, with the other fields of
        :class:`FollowUpInput` in *details*."""
        return arrears.record_follow_up(
            self.session.db,
            self.session.actor,
            self.detail.case.id,
            FollowUpInput(self.kind, done_on, **details),
        )


class FollowUpDialog(_StepDialog):
    """Record a call, a letter, a visit, an inspection, a summons, the SKK or the KPKNL hand-over."""

    OBJECT_NAME = "follow_up_dialog"

    def add_fields(self) -> None:
        session, detail = self.session, self.detail
        step = LADDER_BY_KIND.get(self.kind.value)
        self.done_edit = self.add_day("done_on", _("&Tanggal"))
        self.number_edit = line_edit(60)
        if step is not None and step.series is not None:
            self.form.add(
                "number",
                _("&Nomor"),
                self.number_edit,
                _("Kosongkan: aplikasi memberi nomor {series}/…/{office}/{year}").format(
                    series=step.series,
                    office=detail.office_code,
                    year=clock.office_today(session.db).year,
                ),
            )
        self.outcome_edit = line_edit(300)
        self.form.add("outcome", _("&Hasil"), self.outcome_edit)
        self.next_edit = DateEdit()
        days = step.next_days if step is not None else 7
        self.form.add(
            "next_due_on",
            _("Tindak &lanjut berikutnya"),
            self.next_edit,
            _("Kosongkan: {n} hari sesudah tanggal tindakan").format(n=days),
        )

    def submit(self) -> Any:
        read = FieldReader()
        done_on = read("done_on", self.done_edit.value)
        next_due_on = read("next_due_on", self.next_edit.value)
        read.require("done_on", done_on, _("Tanggal tindakan wajib diisi"))
        read.check()
        return self.record(
            done_on,
            number=self.number_edit.text(),
            outcome=self.outcome_edit.text(),
            next_due_on=next_due_on,
        )


class PromiseDialog(_StepDialog):
    """A promise to pay (one date) or an instalment agreement (equal monthly instalments)."""

    OBJECT_NAME = "promise_dialog"

    def add_fields(self) -> None:
        detail, kind = self.detail, self.kind
        self.done_edit = self.add_day("done_on", _("&Tanggal janji"))
        self.amount_edit = MoneyEdit()
        self.amount_edit.set_value(detail.owed.total or detail.case_outstanding or None)
        self.form.add(
            "promised_amount",
            _("&Jumlah dijanjikan"),
            self.amount_edit,
            _("Tunggakan dan denda per {day}: {amount}").format(
                day=format_date(detail.on), amount=format_rupiah(detail.owed.total)
            ),
        )
        self.first_edit = DateEdit()
        self.form.add(
            "promised_on",
            _("Bayar &pada") if kind is FollowUpKind.JANJI_BAYAR else _("Cicilan &pertama"),
            self.first_edit,
        )
        self.count_spin = QSpinBox()
        self.count_spin.setRange(1, 24)
        self.count_spin.setValue(3)
        self.interval_spin = QSpinBox()
        self.interval_spin.setRange(1, 12)
        self.interval_spin.setValue(1)
        self.interval_spin.setSuffix(_(" bulan"))
        if kind is FollowUpKind.CICILAN:
            self.form.add("instalments", _("Banyak &cicilan"), self.count_spin)
            self.form.add("interval", _("Ja&rak"), self.interval_spin)
        self.outcome_edit = line_edit(300)
        self.form.add("outcome", _("Cat&atan"), self.outcome_edit)
        self.preview = named_label("schedule_preview", wrap=True)
        self.form.add_widget(self.preview)
        for widget in (self.amount_edit, self.first_edit):
            widget.textChanged.connect(self._update_preview)
        self.count_spin.valueChanged.connect(self._update_preview)
        self.interval_spin.valueChanged.connect(self._update_preview)

    def _update_preview(self, *_args: object) -> None:
        try:
            amount = self.amount_edit.value()
            first = self.first_edit.value()
            if amount is None or first is None:
                self.preview.setText("")
                return
            count = self.count_spin.value() if self.kind is FollowUpKind.CICILAN else 1
            schedule = instalment_schedule(amount, first, count, self.interval_spin.value())
        except (ValueError, KnownError):
            self.preview.setText("")
            return
        lines = [
            f"{i.sequence}. {format_date(i.due_on)} {format_rupiah(i.amount)}" for i in schedule
        ]
        if len(lines) > 6:
            lines = [*lines[:3], "…", lines[-1]]
        self.preview.setText(_("Jadwal:") + "<br>" + "<br>".join(lines))
        self.adjustSize()

    def submit(self) -> Any:
        read = FieldReader()
        done_on = read("done_on", self.done_edit.value)
        promised_amount = read("promised_amount", self.amount_edit.value)
        promised_on = read("promised_on", self.first_edit.value)
        read.require("done_on", done_on, _("Tanggal janji wajib diisi"))
        read.check()
        return self.record(
            done_on,
            outcome=self.outcome_edit.text(),
            promised_amount=promised_amount,
            promised_on=promised_on,
            instalments=self.count_spin.value(),
            interval_months=self.interval_spin.value(),
        )


class PaymentDialog(_CaseFormDialog):
    """Record an employer's payment: allocated to the oldest month first (the service's rule)."""

    def __init__(
        self, session: SignedIn, detail: CaseDetail, parent: QWidget | None = None
    ) -> None:
        super().__init__(
            _("Pembayaran: {employer}").format(employer=detail.case.employer_name),
            "payment_dialog",
            session,
            detail,
            parent,
        )
        self.paid_edit = self.add_day("paid_on", _("&Tanggal bayar"))
        self.amount_edit = MoneyEdit()
        self.form.add(
            "amount",
            _("&Jumlah"),
            self.amount_edit,
            _("Dialokasikan ke bulan tertua lebih dahulu; kelebihan menjadi lebih bayar"),
        )
        self.reference_edit = line_edit(60)
        self.form.add("reference", _("&Referensi"), self.reference_edit, _("nomor bukti bank"))
        self.watch_changes()

    def submit(self) -> PaymentRow:
        read = FieldReader()
        paid_on = read("paid_on", self.paid_edit.value)
        amount = read("amount", self.amount_edit.value)
        read.require("paid_on", paid_on, _("Tanggal bayar wajib diisi"))
        read.require("amount", amount, _("Jumlah pembayaran wajib diisi"))
        read.check()
        return contributions.record_payment(
            self.session.db,
            self.session.actor,
            self.detail.case.npp,
            amount,
            paid_on,
            self.reference_edit.text(),
        )


class AssignDialog(_CaseFormDialog):
    """Give the case to another officer of the office."""

    def __init__(
        self, session: SignedIn, detail: CaseDetail, parent: QWidget | None = None
    ) -> None:
        super().__init__(
            _("Alihkan kasus: {employer}").format(employer=detail.case.employer_name),
            "assign_dialog",
            session,
            detail,
            parent,
        )
        self.officer_combo = combo_box(
            (f"{officer.full_name} ({officer.username})", officer.username)
            for officer in arrears.officers(session.db, detail.office_code)
        )
        choose(self.officer_combo, detail.officer_username)
        self.form.add("officer", _("&Petugas"), self.officer_combo)
        self.watch_changes()

    def submit(self) -> Any:
        username = self.officer_combo.currentData()
        if not username:
            raise ValidationError.single("officer", _("Pilih petugas"))
        return arrears.assign_case(
            self.session.db, self.session.actor, self.detail.case.id, username
        )


# --- the page ---------------------------------------------------------------------------------------


def _section_title(text: str) -> QLabel:
    label = QLabel(text)
    font = label.font()
    font.setBold(True)
    label.setFont(font)
    return label


class ArrearsCasePage(SessionPage):
    """One case: owed, calculator, timeline, instalments, statement, and the next steps.

    Signals:
        case_loaded(object): the :class:`CaseDetail` now shown.
        case_changed(int): a follow-up, promise, payment or assignment was saved on this case.
        employer_activated(str): the NPP of the employer, to open its record.
    """

    case_loaded = Signal(object)
    case_changed = Signal(int)
    employer_activated = Signal(str)

    def __init__(self, session: SignedIn, parent: QWidget | None = None) -> None:
        """Long because it lays the widgets out top to bottom, in the order they appear on screen."""
        super().__init__(session, "arrears_case_page", parent)
        self.detail: CaseDetail | None = None
        self.statement: EmployerStatement | None = None
        self.on: date | None = None

        self.title = page_title("", selectable=True)
        self.subtitle = named_label("subtitle_label", wrap=True)
        self.next_label = named_label("next_action_label", wrap=True)
        self.figures_label = named_label("figures_label", wrap=True)
        self.employer_button = push_button(
            "employer_button", _("Pemberi &kerja…"), self._on_employer_clicked
        )
        head = QGridLayout()
        head.addWidget(self.title, 0, 0)
        head.addWidget(self.employer_button, 0, 1, Qt.AlignmentFlag.AlignRight)
        head.addWidget(self.subtitle, 1, 0, 1, 2)
        head.addWidget(self.figures_label, 2, 0, 1, 2)
        head.addWidget(self.next_label, 3, 0, 1, 2)
        head.setColumnStretch(0, 1)

        # the ladder's steps, and the other actions
        self.action_buttons: dict[FollowUpKind, QPushButton] = {}
        ladder_box = QGroupBox(_("Tangga penagihan"))
        ladder_row = QHBoxLayout(ladder_box)
        short = {
            "SURAT_1": _("SP&1…"), "SURAT_2": _("SP&2…"), "KUNJUNGAN": _("K&unjungan…"),
            "PEMERIKSAAN": _("Pe&meriksaan…"), "PANGGILAN": _("Pa&nggilan bersama…"),
            "SKK": _("&SKK…"), "KPKNL": _("KPKN&L…"),
        }  # fmt: skip
        for step in LADDER_STEPS:
            kind = FollowUpKind(step.kind)
            button = push_button(
                f"action_{step.kind.lower()}",
                short[step.kind],
                partial(self.open_action, kind),
            )
            self.action_buttons[kind] = button
            ladder_row.addWidget(button)
        ladder_row.addStretch(1)
        other_box = QGroupBox(_("Catat"))
        other_row = QHBoxLayout(other_box)
        for kind, text in (
            (FollowUpKind.TELEPON, _("&Telepon…")),
            (FollowUpKind.JANJI_BAYAR, _("&Janji bayar…")),
            (FollowUpKind.CICILAN, _("&Cicilan…")),
        ):
            button = push_button(
                f"action_{kind.value.lower()}",
                text,
                partial(self.open_action, kind),
            )
            self.action_buttons[kind] = button
            other_row.addWidget(button)
        self.payment_button = push_button(
            "payment_button", _("Pem&bayaran…"), self.open_payment_dialog
        )
        self.assign_button = push_button(
            "assign_button", _("&Alihkan petugas…"), self.open_assign_dialog
        )
        other_row.addWidget(self.payment_button)
        other_row.addWidget(self.assign_button)
        other_row.addStretch(1)

        # tab 1: owed, and the calculator
        self.owed_model = OwedTableModel(self)
        self.owed_table = self._table(self.owed_model, "owed_table")
        self.pay_on_edit = DateEdit()
        self.pay_on_edit.setObjectName("pay_on_edit")
        self.pay_on_edit.setFixedWidth(
            self.pay_on_edit.fontMetrics().horizontalAdvance("30/04/20188") + 14
        )
        self.pay_on_edit.returnPressed.connect(self.calculate)
        self.calculate_button = push_button("calculate_button", _("&Hitung"), self.calculate)
        self.calculation_label = named_label("calculation_label", wrap=True)
        calc_row = QHBoxLayout()
        pay_label = QLabel(_("Jika dibayar tan&ggal"))
        pay_label.setBuddy(self.pay_on_edit)
        calc_row.addWidget(pay_label)
        calc_row.addWidget(self.pay_on_edit)
        calc_row.addWidget(self.calculate_button)
        calc_row.addWidget(self.calculation_label, 1)
        owed_tab = QWidget()
        owed_layout = QVBoxLayout(owed_tab)
        owed_layout.addLayout(calc_row)
        owed_layout.addWidget(self.owed_table, 1)
        owed_note = QLabel(
            _(
                "* bulan yang tercantum dalam kasus (daftar target); denda 2% per bulan keterlambatan"
            )
        )
        owed_note.setStyleSheet("color: palette(dark);")
        owed_layout.addWidget(owed_note)

        # tab 2: the timeline
        self.timeline_model = CaseTimelineModel(self)
        self.timeline_table = self._table(self.timeline_model, "timeline_table")
        self.timeline_table.horizontalHeader().setSectionResizeMode(
            CaseTimelineModel.COL_DETAIL, QHeaderView.ResizeMode.Stretch
        )
        self.print_button = push_button("print_button", _("Cetak su&rat (PDF)…"))
        self.print_button.setEnabled(False)
        self.print_button.clicked.connect(self._on_print_clicked)
        self.timeline_table.selectionModel().currentRowChanged.connect(
            self._on_timeline_row_changed
        )
        timeline_tab = QWidget()
        timeline_layout = QVBoxLayout(timeline_tab)
        timeline_layout.addWidget(self.timeline_table, 1)
        print_row = QHBoxLayout()
        print_row.addStretch(1)
        print_row.addWidget(self.print_button)
        timeline_layout.addLayout(print_row)

        # tab 3: instalments
        self.instalment_model = InstalmentTableModel(self)
        self.instalment_table = self._table(self.instalment_model, "instalment_table")
        self.promise_label = named_label("promise_label", wrap=True)
        instalment_tab = QWidget()
        instalment_layout = QVBoxLayout(instalment_tab)
        instalment_layout.addWidget(self.promise_label)
        instalment_layout.addWidget(self.instalment_table, 1)

        # tab 4: bills and payments
        self.bills_model = StatementBillsTableModel(self)
        self.bills_table = self._table(self.bills_model, "bills_table")
        self.payments_model = StatementPaymentsTableModel(self)
        self.payments_table = self._table(self.payments_model, "payments_table")
        self.payments_table.horizontalHeader().setSectionResizeMode(
            StatementPaymentsTableModel.COL_FOR, QHeaderView.ResizeMode.Stretch
        )
        self.statement_label = named_label("statement_label", wrap=True)
        statement_tab = QWidget()
        statement_layout = QVBoxLayout(statement_tab)
        statement_layout.addWidget(self.statement_label)
        statement_layout.addWidget(_section_title(_("Tagihan per bulan")))
        statement_layout.addWidget(self.bills_table, 3)
        statement_layout.addWidget(_section_title(_("Pembayaran")))
        statement_layout.addWidget(self.payments_table, 2)

        self.tabs = QTabWidget()
        self.tabs.setObjectName("case_tabs")
        self.tabs.addTab(owed_tab, _("Tunggakan dan kalkulator"))
        self.tabs.addTab(timeline_tab, _("Riwayat"))
        self.tabs.addTab(instalment_tab, _("Janji dan cicilan"))
        self.tabs.addTab(statement_tab, _("Tagihan dan pembayaran"))

        self.status_label = named_label("status_label", style="color: #1b5e20;")

        layout = QVBoxLayout(self)
        layout.addLayout(head)
        layout.addWidget(ladder_box)
        layout.addWidget(other_box)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.status_label)

    def _table(self, model: QAbstractTableModel, name: str) -> QTableView:
        return row_table(model, name, f"arrears_case/{name}", row_height=24, stretch_last=False)

    # --- loading --------------------------------------------------------------------------------
    def show_case(self, case_id: int, on: date | None = None) -> None:
        """Load the case (figures on *on*, default: the reference day) and show it."""
        self.on = on or arrears.reference_date(self.session.db)
        detail = arrears.case_detail(self.session.db, case_id, self.on, self.session.actor)
        statement = contributions.statement(
            self.session.db, detail.case.npp, self.on, actor=self.session.actor
        )
        self._show(detail, statement)

    def refresh(self) -> None:
        if self.detail is not None:
            try:
                self.show_case(self.detail.case.id, self.on)
            except KnownError as exc:
                show_error(self, exc)

    def _show(self, detail: CaseDetail, statement: EmployerStatement) -> None:
        self.detail = detail
        self.statement = statement
        case = detail.case
        self.title.setText(case.employer_name)
        stage = arrears.kind_label(case.stage) if case.stage else _("belum ada tindakan")
        officer = detail.officer_name or _("(belum ada petugas)")
        self.subtitle.setText(
            _("NPP {npp} · {office} · petugas {officer} · target {year} · {status} · tahap: {stage}").format(
                npp=case.npp, office=detail.office_name, officer=officer, year=case.target_year,
                status=arrears.status_label(case.status), stage=stage,
            )
        )  # fmt: skip
        owed = detail.owed
        bucket = arrears.bucket_label(detail.bucket) if detail.bucket else _("tidak ada tunggakan")
        self.figures_label.setText(
            _(
                "Per {day}: tunggakan {principal} + denda {fine} = <b>{total}</b> · {bucket}, "
                "{months} bulan · bulan kasus {first} s.d. {last}: sisa {case_left} dari {principal0}, "
                "tertagih {collected}"
            ).format(
                day=format_date(detail.on), principal=format_rupiah(owed.principal_total),
                fine=format_rupiah(owed.fine_total), total=format_rupiah(owed.total), bucket=bucket,
                months=detail.months_overdue, first=_blth_text(case.first_period),
                last=_blth_text(case.last_period), case_left=format_rupiah(detail.case_outstanding),
                principal0=format_rupiah(case.principal), collected=format_rupiah(case.collected),
            )
        )  # fmt: skip
        self._show_next_action(detail)
        self.owed_model.set_calculation(owed, case.first_period, case.last_period)
        self.pay_on_edit.set_value(detail.on)
        self.calculation_label.setText("")
        self.timeline_model.set_rows(detail.timeline)
        self.print_button.setEnabled(False)
        self.instalment_model.set_instalments(detail.instalments, detail.on)
        self.promise_label.setText(_promise_text(detail))
        self.bills_model.set_statement(statement)
        self.payments_model.set_rows(statement.payments)
        self.statement_label.setText(
            _(
                "Per {day}: ditagih {billed}, dibayar {paid} · kurang bayar (lewat jatuh tempo) "
                "<b>{under}</b> · belum jatuh tempo {later} · lebih bayar <b>{over}</b> · denda {fines}"
            ).format(
                day=format_date(statement.on), billed=format_rupiah(statement.billed),
                paid=format_rupiah(statement.paid), under=format_rupiah(statement.underpaid),
                later=format_rupiah(statement.not_yet_due), over=format_rupiah(statement.overpaid),
                fines=format_rupiah(statement.fines),
            )
        )  # fmt: skip
        self._update_actions(detail.actions)
        self.case_loaded.emit(detail)

    def _show_next_action(self, detail: CaseDetail) -> None:
        case = detail.case
        if not detail.is_open:
            settled = format_date(case.settled_on) if case.settled_on else ""
            self.next_label.setText(
                _("Kasus {status} {day}").format(
                    status=arrears.status_label(case.status).lower(), day=settled
                )
            )
            self.next_label.setStyleSheet("color: #1b5e20; font-weight: 600;")
            return
        action = detail.next_action
        when = format_date(case.next_action_on) if case.next_action_on else _("sekarang")
        late = case.next_action_on is None or case.next_action_on < detail.on
        if action.watching_promise and not late:
            text = _("Tindakan berikutnya: {action}").format(action=action.label)
        else:
            text = _("Tindakan berikutnya: {action} · jatuh tempo {day}{late}").format(
                action=action.label, day=when, late=_(" (terlambat)") if late else ""
            )
        self.next_label.setText(text)
        colour = "#a4000f" if late or action.broken_promise else "#0b6e4f"
        self.next_label.setStyleSheet(f"color: {colour}; font-weight: 600;")

    def _update_actions(self, options: Sequence[ActionOption]) -> None:
        offered = {o.kind: o for o in options}
        for kind, button in self.action_buttons.items():
            option = offered.get(kind)
            button.setEnabled(option is not None and option.allowed)
            if option is None:
                reason = _("Kasus sudah ditutup")
            else:
                reason = option.reason or _("Boleh dicatat sekarang")
            button.setToolTip(f"{arrears.kind_label(kind)}: {reason}")
        suggested = self.detail.next_action.kind if self.detail else None
        for kind, button in self.action_buttons.items():
            font = button.font()
            font.setBold(suggested is not None and kind.value == suggested)
            button.setFont(font)
        is_open = bool(options)
        self.payment_button.setEnabled(is_open and allowed(self.session.actor, "payment.record"))
        self.assign_button.setEnabled(is_open and allowed(self.session.actor, "arrears.assign"))

    # --- calculator -----------------------------------------------------------------------------
    def calculate(self) -> DueCalculation | None:
        """What the employer owes if it pays on the date typed: table and totals."""
        if self.detail is None:
            return None
        try:
            pay_on = self.pay_on_edit.value()
            if pay_on is None:
                raise ValueError(_("Isi tanggal bayar, misalnya 31/05/2018"))
            calc = arrears.calculate(
                self.session.db, self.detail.case.id, pay_on, actor=self.session.actor
            )
        except ValueError as exc:
            self.calculation_label.setText(str(exc))
            self.calculation_label.setStyleSheet("color: #b00020;")
            return None
        except KnownError as exc:
            show_error(self, exc)
            return None
        case = self.detail.case
        self.owed_model.set_calculation(calc, case.first_period, case.last_period)
        self.calculation_label.setStyleSheet("")
        later = (
            _("; belum jatuh tempo {amount}").format(amount=format_rupiah(calc.later_total))
            if calc.not_yet_due
            else ""
        )
        self.calculation_label.setText(
            _("Dibayar {day}: pokok {principal} + denda {fine} = <b>{total}</b>{later}").format(
                day=format_date(pay_on), principal=format_rupiah(calc.principal_total),
                fine=format_rupiah(calc.fine_total), total=format_rupiah(calc.total), later=later,
            )
        )  # fmt: skip
        return calc

    # --- actions --------------------------------------------------------------------------------
    def dialog_for(self, kind: FollowUpKind) -> FormDialog | None:
        """The form that records *kind* on the case shown (not yet opened)."""
        if self.detail is None:
            return None
        if kind in (FollowUpKind.JANJI_BAYAR, FollowUpKind.CICILAN):
            return PromiseDialog(self.session, self.detail, kind, self)
        return FollowUpDialog(self.session, self.detail, kind, self)

    def open_action(self, kind: FollowUpKind) -> None:
        dialog = self.dialog_for(kind)
        if dialog is not None:
            self._run(
                dialog, lambda _row: _("{action} dicatat").format(action=arrears.kind_label(kind))
            )

    def payment_dialog(self) -> PaymentDialog | None:
        return PaymentDialog(self.session, self.detail, self) if self.detail else None

    def open_payment_dialog(self) -> None:
        dialog = self.payment_dialog()
        if dialog is not None:
            self._run(dialog, _payment_text)

    def open_assign_dialog(self) -> None:
        if self.detail is not None:
            self._run(
                AssignDialog(self.session, self.detail, self), lambda _row: _("Kasus dialihkan")
            )

    def _run(self, dialog: FormDialog, message: Callable[[Any], str]) -> None:
        dialog.saved.connect(lambda result: self._on_saved(result, message(result)))
        dialog.open()

    def _on_saved(self, _result: object, message: str) -> None:
        assert self.detail is not None
        case_id = self.detail.case.id
        self.refresh()
        self.status_label.setText(message)
        self.case_changed.emit(case_id)
        data_changed(DataKind.ARREARS, self.detail.office_code)

    def _on_employer_clicked(self) -> None:
        if self.detail is not None:
            self.employer_activated.emit(self.detail.case.npp)

    # --- letters --------------------------------------------------------------------------------
    def _on_timeline_row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        entry = self.timeline_model.row_object(current.row()) if current.isValid() else None
        self.print_button.setEnabled(
            entry is not None and entry.kind in (FollowUpKind.SURAT_1, FollowUpKind.SURAT_2)
        )

    def _on_print_clicked(self) -> None:
        index = self.timeline_table.currentIndex()
        entry: TimelineEntry | None = (
            self.timeline_model.row_object(index.row()) if index.isValid() else None
        )
        if entry is None or entry.follow_up_id is None or self.detail is None:
            return
        name = (entry.number or "surat").replace("/", "-")
        path = ask_save_path(self, _("Simpan surat"), Path.home() / f"{name}.pdf", _("PDF (*.pdf)"))
        if path:
            self.save_letter_pdf(entry.follow_up_id, path)

    def save_letter_pdf(self, follow_up_id: int, path: Path) -> Path | None:
        """Write the warning letter of *follow_up_id* as a PDF at *path*."""
        from bpjs_desktop.ui.common.printing import write_pdf

        try:
            written = write_pdf(
                warning_letter_document(self.session.db, follow_up_id, actor=self.session.actor),
                path,
            )
        except KnownError as exc:
            show_error(self, exc)
            return None
        self.status_label.setText(_("Surat disimpan di {path}").format(path=written))
        return written


def _blth_text(period: str) -> str:
    """A stored period (2018-04) as every screen shows a month: 04/2018."""
    return format_period(Period.parse(period))


def _promise_text(detail: CaseDetail) -> str:
    promise = detail.promise
    if not promise.exists:
        return _("Belum ada janji bayar atau perjanjian cicilan.")
    if promise.kept:
        return _("Janji bayar terakhir dipenuhi.")
    if promise.broken:
        return _(
            "Janji bayar terakhir diingkari sejak {day}: kasus kembali ke tangga penagihan."
        ).format(day=format_date(promise.broken_since) if promise.broken_since else "")
    until = promise.running_until
    return _("Janji bayar berjalan sampai {day}; langkah penagihan menunggu.").format(
        day=format_date(until) if until else ""
    )


def _payment_text(payment: PaymentRow) -> str:
    parts = [_("Pembayaran {amount} dicatat").format(amount=format_rupiah(payment.amount))]
    if payment.allocations:
        parts.append(
            _("untuk BLTH {periods}").format(
                periods=", ".join(_blth_text(p) for p, _a in payment.allocations)
            )
        )
    if payment.unallocated:
        parts.append(_("lebih bayar {amount}").format(amount=format_rupiah(payment.unallocated)))
    if payment.cases_settled:
        parts.append(_("kasus lunas"))
    return "; ".join(parts)
