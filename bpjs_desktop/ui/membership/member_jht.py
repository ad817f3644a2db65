"""A person's JHT account on the member page: one balance over every KPJ, the ledger by year,
the credits of a year month by month on the wage in force, and the merge of a second KPJ card
(issue #10). Everything shown is read from :mod:`services.jht_account` and
:mod:`services.wage_history`; the page computes no amount of its own."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from bpjs_desktop.domain.benefits import YearOfBalance
from bpjs_desktop.domain.claims import ClaimType
from bpjs_desktop.domain.money import format_percent, format_rupiah
from bpjs_desktop.domain.periods import date_wib, format_date, format_datetime_wib
from bpjs_desktop.errors import NotFoundError, ValidationError
from bpjs_desktop.i18n import _
from bpjs_desktop.services import jht_account, wage_history
from bpjs_desktop.services.context import allowed
from bpjs_desktop.services.jht_account import JhtAccountView, MergeRow, WithdrawalRow
from bpjs_desktop.services.workstation import SignedIn
from bpjs_desktop.ui.common.events import DataKind
from bpjs_desktop.ui.common.forms import HINT_STYLE, FormDialog, line_edit
from bpjs_desktop.ui.common.layout_memory import remember_header, remember_splitter
from bpjs_desktop.ui.common.session_page import SessionPage
from bpjs_desktop.ui.common.widgets import combo_box, named_label, push_button
from bpjs_desktop.ui.membership.member_widgets import chain_tab_order


def table(name: str, headers: list[str]) -> QTableWidget:
    """A read-only table of whole rows (the member page's look)."""
    widget = QTableWidget(0, len(headers))
    widget.setObjectName(name)
    widget.setHorizontalHeaderLabels(headers)
    widget.verticalHeader().setVisible(False)
    widget.verticalHeader().setDefaultSectionSize(widget.fontMetrics().height() + 10)
    widget.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
    widget.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
    widget.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
    widget.setAlternatingRowColors(True)
    widget.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    widget.horizontalHeader().setStretchLastSection(True)
    remember_header(widget, f"member/{name}")
    return widget


def cell(text: str, right: bool = False, bold: bool = False, tip: str = "") -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    if tip:
        item.setToolTip(tip)
    horizontal = Qt.AlignmentFlag.AlignRight if right else Qt.AlignmentFlag.AlignLeft
    item.setTextAlignment(horizontal | Qt.AlignmentFlag.AlignVCenter)
    if bold:
        font = item.font()
        font.setBold(True)
        item.setFont(font)
    return item


def fill(widget: QTableWidget, rows: list[list[QTableWidgetItem]]) -> None:
    widget.setRowCount(len(rows))
    for r, cells in enumerate(rows):
        for c, item in enumerate(cells):
            widget.setItem(r, c, item)


def claim_kind(claim_type: ClaimType | None) -> str:
    return claim_type.label if claim_type is not None else _("klaim JHT")


@dataclass(frozen=True, slots=True)
class LedgerLine:
    """One line of the ledger: a year's contributions, its returns, a withdrawal or a merge."""

    year: int
    text: str
    credit: int | None = None  # added to the balance
    debit: int | None = None  # paid out
    closing: int | None = None  # the balance at the end of the year (on its last line)
    detail: str = ""  # the whole story, as a tooltip (the line itself stays short)


def ledger_lines(account: JhtAccountView) -> list[LedgerLine]:
    """The account year by year, in the order things happened: contributions credited, the KPJ
    cards merged, what was paid out (with the claim), then the year's returns, credited at the
    end of the year, with the closing balance."""
    years = {y.year: y for y in account.years}
    closed_credits = _closed_credits(account)
    every_year = (
        set(years)
        | set(closed_credits)
        | {w.period.year for w in account.withdrawals}
        | {m.period.year for m in account.merges}
    )
    lines: list[LedgerLine] = []
    for year in sorted(every_year):
        if year in closed_credits:
            lines.append(_closed_line(year, *closed_credits[year]))
        balance = years.get(year)
        if balance is not None:
            lines.append(
                LedgerLine(
                    year, _("Iuran {n} bulan").format(n=balance.months),
                    credit=balance.contributions,
                )
            )  # fmt: skip
        lines.extend(_merge_line(m) for m in account.merges if m.period.year == year)
        lines.extend(_withdrawal_line(w) for w in account.withdrawals if w.period.year == year)
        if balance is not None:
            lines.append(_returns_line(balance))
    return lines


def _closed_credits(account: JhtAccountView) -> dict[int, tuple[int, int]]:
    """By year, the months and the amount of contributions already paid out by a full JHT claim
    (no longer counted in the balance)."""
    closed: dict[int, tuple[int, int]] = {}
    for credit in account.credits:
        if not credit.counted:
            months, total = closed.get(credit.period.year, (0, 0))
            closed[credit.period.year] = (months + 1, total + credit.credit)
    return closed


def _closed_line(year: int, months: int, total: int) -> LedgerLine:
    text = _("Iuran {n} bulan ({amount}), sudah dibayar pada klaim JHT penuh").format(
        n=months, amount=format_rupiah(total)
    )
    return LedgerLine(year, text, detail=text)


def _merge_line(merge: MergeRow) -> LedgerLine:
    return LedgerLine(
        merge.period.year,
        _("KPJ {kpj} digabungkan {day}").format(kpj=merge.kpj, day=format_date(date_wib(merge.at))),
        detail=_("KPJ {kpj} digabungkan {day}, membawa saldo {amount}. Dasar: {note}").format(
            kpj=merge.kpj,
            day=format_date(date_wib(merge.at)),
            amount=format_rupiah(merge.amount),
            note=merge.note,
        ),
    )


def _withdrawal_line(withdrawal: WithdrawalRow) -> LedgerLine:
    detail = _("Klaim {no}, {kind}, atas KPJ {kpj}, dibayar {period}.").format(
        no=withdrawal.claim_no,
        kind=claim_kind(withdrawal.claim_type),
        kpj=withdrawal.kpj,
        period=withdrawal.period.blth,
    )
    if withdrawal.covers_until is not None:
        detail += " " + _("Iuran sampai {until} sudah dibayar seluruhnya.").format(
            until=withdrawal.covers_until.blth
        )
    return LedgerLine(
        withdrawal.period.year,
        _("Dibayar {period}: klaim {no}").format(
            period=withdrawal.period.blth, no=withdrawal.claim_no
        ),
        debit=withdrawal.amount,
        detail=detail,
    )


def _returns_line(balance: YearOfBalance) -> LedgerLine:
    """The year's returns, credited at its end, with the closing balance."""
    return LedgerLine(
        balance.year,
        _("Hasil pengembangan {rate}").format(rate=format_percent(balance.yield_rate / 10_000, 2)),
        credit=balance.yield_amount,
        closing=balance.closing,
    )


class JhtAccountPanel(SessionPage):
    """The JHT account of the person on the member page.

    Signals:
        merged(int): a KPJ card was joined to the account (the person's id): reload the record.
    """

    merged = Signal(int)

    COL_YEAR, COL_TEXT, COL_CREDIT, COL_DEBIT, COL_CLOSING = range(5)

    def __init__(self, session: SignedIn, parent: QWidget | None = None) -> None:
        super().__init__(session, "jht_account_panel", parent)
        self.account: JhtAccountView | None = None
        self.lines: list[LedgerLine] = []
        self.balance_label = named_label("jht_balance", "–")
        font = self.balance_label.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.balance_label.setFont(font)
        self.balance_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.summary_label = named_label("jht_summary", wrap=True, style=HINT_STYLE)
        self.merge_button = push_button("merge_button", _("&Gabungkan KPJ…"), self.open_merge)
        if not allowed(session.actor, "jht.merge"):
            self.merge_button.setEnabled(False)
            self.merge_button.setToolTip(_("Peran Anda tidak berwenang untuk langkah ini"))

        self.ledger = table(
            "jht_ledger_table",
            [_("Tahun"), _("Keterangan"), _("Ditambahkan"), _("Diambil"), _("Saldo akhir tahun")],
        )
        self.ledger.horizontalHeader().setStretchLastSection(False)
        self.ledger.horizontalHeader().setSectionResizeMode(
            self.COL_TEXT, QHeaderView.ResizeMode.Stretch
        )
        self.ledger.itemSelectionChanged.connect(self._show_selected_year)
        self.months_caption = QLabel(_("<b>Iuran per bulan</b>"))
        self.months = table(
            "jht_months_table",
            [_("Bulan"), _("KPJ"), _("Upah berlaku"), _("Iuran JHT"), _("Keterangan")],
        )
        self.wages = table(
            "wage_history_table",
            [_("KPJ"), _("Berlaku mulai"), _("Upah"), _("Dilaporkan oleh"), _("Pada")],
        )

        top = QHBoxLayout()
        texts = QVBoxLayout()
        texts.addWidget(self.balance_label)
        texts.addWidget(self.summary_label)
        top.addLayout(texts, 1)
        top.addWidget(self.merge_button, 0, Qt.AlignmentFlag.AlignTop)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(QLabel(_("<b>Buku saldo per tahun</b>")))
        left_layout.addWidget(self.ledger)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.months_caption)
        right_layout.addWidget(self.months, 2)
        right_layout.addWidget(QLabel(_("<b>Riwayat upah</b>")))
        right_layout.addWidget(self.wages, 1)
        self.no_wages = named_label(
            "no_wage_history",
            _("Belum ada upah bertanggal: setiap bulan memakai upah yang tercatat sekarang."),
            wrap=True,
            style=HINT_STYLE,
        )
        right_layout.addWidget(self.no_wages)
        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([660, 500])
        splitter.setObjectName("jht_splitter")
        remember_splitter(splitter, "member/jht_splitter")
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(splitter, 1)

    def show_person(self, person_id: int, on: date) -> JhtAccountView:
        account = jht_account.account_of_person(
            self.session.db, person_id, on, actor=self.session.actor
        )
        self.account = account
        day, balance = format_date(on), format_rupiah(account.balance)
        if account.closed_until is None:
            text = _("Saldo per {day}: {balance}").format(day=day, balance=balance)
        else:
            text = _(
                "Saldo per {day}: {balance} (iuran sampai {period} sudah dibayar penuh)"
            ).format(day=day, balance=balance, period=account.closed_until.blth)
        self.balance_label.setText(text)
        self.summary_label.setText(
            _(
                "Satu saldo untuk KPJ {kpjs}: iuran {credited} + hasil pengembangan {returns} "
                "− diambil {withdrawn}."
            ).format(
                kpjs=", ".join(account.kpjs) or "–",
                credited=format_rupiah(account.credited),
                returns=format_rupiah(account.returns),
                withdrawn=format_rupiah(account.withdrawn),
            )
        )
        self.lines = ledger_lines(account)

        def money(amount: int | None) -> str:
            return format_rupiah(amount) if amount is not None else ""

        fill(
            self.ledger,
            [
                [
                    cell(str(line.year)), cell(line.text, tip=line.detail),
                    cell(money(line.credit), True), cell(money(line.debit), True),
                    cell(money(line.closing), True, bold=True),
                ]
                for line in self.lines
            ],
        )  # fmt: skip
        self._show_wages(account)
        if self.lines:
            self.ledger.selectRow(len(self.lines) - 1)  # the latest year
        else:
            self.show_year(None)
        self.merge_button.setEnabled(
            allowed(self.session.actor, "jht.merge") and bool(account.kpjs)
        )
        return account

    def _show_selected_year(self) -> None:
        rows = self.ledger.selectionModel().selectedRows()
        if rows and 0 <= rows[0].row() < len(self.lines):
            self.show_year(self.lines[rows[0].row()].year)

    def show_year(self, year: int | None) -> None:
        """The credits of *year* month by month, on the wage in force in each month."""
        account = self.account
        credits = [c for c in account.credits if c.period.year == year] if account else []
        if year is None:
            self.months_caption.setText(_("<b>Iuran per bulan</b>"))
        else:
            self.months_caption.setText(_("<b>Iuran per bulan tahun {year}</b>").format(year=year))
        rows = []
        previous: dict[str, int] = {}
        if account is not None and year is not None:
            for c in account.credits:
                if c.period.year < year:
                    previous[c.kpj] = c.basis
        for c in credits:
            notes = []
            before = previous.get(c.kpj)
            if before is not None and before != c.basis:
                notes.append(_("upah berubah dari {wage}").format(wage=format_rupiah(before)))
            if not c.counted:
                notes.append(_("sudah dibayar pada klaim JHT penuh"))
            previous[c.kpj] = c.basis
            rows.append(
                [
                    cell(c.period.blth), cell(c.kpj), cell(format_rupiah(c.basis), True),
                    cell(format_rupiah(c.credit), True), cell("; ".join(notes)),
                ]
            )  # fmt: skip
        fill(self.months, rows)

    def _show_wages(self, account: JhtAccountView) -> None:
        rows = []
        history = wage_history.person_wage_history(
            self.session.db, account.person_id, actor=self.session.actor
        )
        for kpj, wage in history:
            if kpj in account.kpjs:
                rows.append(
                    [
                        cell(kpj), cell(wage.valid_from.blth),
                        cell(format_rupiah(wage.wage), True),
                        cell(wage.reported_by or _("(tidak tercatat)")),
                        cell(
                            format_date(date_wib(wage.reported_at)),
                            tip=format_datetime_wib(wage.reported_at),
                        ),
                    ]
                )  # fmt: skip
        fill(self.wages, rows)
        self.wages.setVisible(bool(rows))
        self.no_wages.setVisible(not rows)

    # --- merging ---------------------------------------------------------------------------------
    def merge_dialog(self, kept_kpj: str | None = None) -> MergeKpjDialog:
        assert self.account is not None
        dialog = MergeKpjDialog(self.session, self.account, kept_kpj, self)
        person_id = self.account.person_id
        dialog.saved.connect(lambda _view: self.merged.emit(person_id))
        return dialog

    def open_merge(self) -> None:
        if self.account is not None:
            self.merge_dialog().open()


class MergeKpjDialog(FormDialog):
    """Join a worker's second KPJ card to their one JHT account (``jht_account.merge_kpj``).

    The service refuses (beside the KPJ field) a card of someone born on another day, or one
    whose balance was already paid in full; the reason is required and goes to the audit trail.

    Signals:
        saved(JhtAccountView): the account after the merge.
    """

    CHANGES = (DataKind.WORKER,)  # of no one office: a person's KPJs may be in several

    def __init__(
        self,
        session: SignedIn,
        account: JhtAccountView,
        kept_kpj: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(_("Gabungkan KPJ"), parent, save_text=_("&Gabungkan"))
        self.setObjectName("merge_kpj_dialog")
        self.session = session
        self.account = account
        intro = named_label(
            "merge_intro",
            _(
                "Saldo JHT dari KPJ lain milik {name} (kartu kedua) digabungkan ke saldo ini. "
                "Periksa kartu KPJ dan KTP sebelum menggabungkan."
            ).format(name=account.name),
            wrap=True,
        )
        self.main_layout.insertWidget(0, intro)
        self.kept_combo = combo_box((kpj, kpj) for kpj in account.kpjs)
        if kept_kpj is not None:
            self.kept_combo.setCurrentIndex(max(self.kept_combo.findData(kept_kpj), 0))
        self.form.add("kept", _("KPJ &tetap"), self.kept_combo)
        self.joined_edit = line_edit(14, _("11 digit"))
        self.form.add(
            "kpj",
            _("KPJ yang &digabungkan"),
            self.joined_edit,
            _("Nomor pada kartu kedua; pemegangnya harus lahir pada tanggal yang sama"),
        )
        self.reason_edit = line_edit(300)
        self.form.add(
            "reason",
            _("Dasar p&enggabungan"),
            self.reason_edit,
            _("Misalnya: kartu KPJ dan KTP asli diperiksa di loket"),
        )
        chain_tab_order([self.kept_combo, self.joined_edit, self.reason_edit, self.save_button])
        self.setMinimumWidth(560)
        self.joined_edit.setFocus()
        self.watch_changes()

    def submit(self) -> JhtAccountView:
        try:
            return jht_account.merge_kpj(
                self.session.db,
                self.session.actor,
                str(self.kept_combo.currentData()),
                self.joined_edit.text(),
                self.reason_edit.text(),
            )
        except NotFoundError as exc:  # the kept KPJ comes from the list: the typed one is unknown
            raise ValidationError.single("kpj", exc.message) from None
