"""What a decided claim pays over time, on the claim's page (issue #10): the monthly JP pension
month by month with its payee and each yearly indexation, and the scholarship years of each child.

Read-only: the rows are written by the claims and benefit-schedule services (when a claim is
decided, when a month or a school year is paid); this module only shows them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QHeaderView, QLabel, QTableView, QVBoxLayout, QWidget

from bpjs_desktop.domain.claim_details import HeirRelation
from bpjs_desktop.domain.claims import ClaimState, ClaimType
from bpjs_desktop.domain.money import format_percent, format_rupiah
from bpjs_desktop.domain.periods import Period, format_date
from bpjs_desktop.domain.scholarships import SchoolLevel
from bpjs_desktop.errors import KnownError
from bpjs_desktop.i18n import _
from bpjs_desktop.services import benefit_schedule
from bpjs_desktop.services.claims import ClaimView
from bpjs_desktop.ui.forms import HINT_STYLE
from bpjs_desktop.ui.login import Session

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
    child: str
    school_year: int
    level: str
    amount: int
    applied_on: date | None
    paid_on: date | None


def _date(day: date | None, missing: str) -> str:
    return format_date(day) if day is not None else missing


class LinesModel(QAbstractTableModel):
    """A small read-only table of lines already in memory; money columns aligned right."""

    def __init__(self, headers: list[str], right: set[int], parent: Any = None) -> None:
        super().__init__(parent)
        self.headers = headers
        self.right = right
        self.rows: list[list[str]] = []

    def set_rows(self, rows: list[list[str]]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.headers)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(self.headers)
        ):
            return self.headers[section]
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.rows[index.row()][index.column()]
        if role == Qt.ItemDataRole.TextAlignmentRole:
            horizontal = (
                Qt.AlignmentFlag.AlignRight
                if index.column() in self.right
                else Qt.AlignmentFlag.AlignLeft
            )
            return int(horizontal | Qt.AlignmentFlag.AlignVCenter)
        return None


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


class SchedulePanel(QWidget):
    """The pension schedule or the scholarship years of the claim on the page."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.setObjectName("schedule_panel")
        self.summary = QLabel("")
        self.summary.setObjectName("schedule_summary")
        self.summary.setWordWrap(True)
        self.note = QLabel("")
        self.note.setObjectName("schedule_note")
        self.note.setWordWrap(True)
        self.note.setStyleSheet(HINT_STYLE)
        self.pensions = LinesModel(
            [_("Periode"), _("Penerima"), _("Jumlah"), _("Dibayar"), _("Keterangan")], {2}, self
        )
        self.pension_table = self._table("pension_table", self.pensions)
        self.scholarships = LinesModel(
            [
                _("Anak"), _("Tahun ajaran"), _("Jenjang"), _("Jumlah"), _("Diajukan"),
                _("Dibayar"),
            ],
            {3},
            self,
        )  # fmt: skip
        self.scholarship_table = self._table("scholarship_table", self.scholarships)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.summary)
        layout.addWidget(self.pension_table, 1)
        layout.addWidget(self.scholarship_table, 1)
        layout.addWidget(self.note)
        self.pension_lines: list[PensionLine] = []
        self.scholarship_lines: list[ScholarshipLine] = []

    @staticmethod
    def _table(name: str, model: QAbstractTableModel) -> QTableView:
        table = QTableView()
        table.setObjectName(name)
        table.setModel(model)
        table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        table.setAlternatingRowColors(True)
        table.verticalHeader().setVisible(False)
        table.verticalHeader().setDefaultSectionSize(22)
        table.horizontalHeader().setStretchLastSection(True)
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        return table

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
        self.pension_table.setVisible(kind == "pension")
        self.scholarship_table.setVisible(kind == "scholarship")
        self.pensions.set_rows([])
        self.scholarships.set_rows([])
        self.pension_lines, self.scholarship_lines = [], []
        self.summary.setText("")
        self.note.setText("")
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
                names.get(r.heir_id, "–"), r.school_year, r.level, r.amount, r.applied_on,
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
