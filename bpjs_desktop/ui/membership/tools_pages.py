"""Counter tools: decode a NIK as it is typed, and compute a contribution per programme."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLayout,
    QLineEdit,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from bpjs_desktop.domain.contributions import (
    Contribution,
    bpu_contribution,
    jakon_contribution,
    pmi_contribution,
    pu_contribution,
)
from bpjs_desktop.domain.identifiers import IdentifierError, Sex, nik_discrepancies, parse_nik
from bpjs_desktop.domain.money import format_rupiah, parse_rupiah
from bpjs_desktop.domain.periods import Period, format_date, format_period, parse_date, today_wib
from bpjs_desktop.domain.programmes import BILL_ORDER, Programme, RiskGroup, Segment
from bpjs_desktop.errors import KnownError
from bpjs_desktop.i18n import _, current_language
from bpjs_desktop.services import clock
from bpjs_desktop.services.workstation import SignedIn
from bpjs_desktop.ui.common.layout_memory import remember_header
from bpjs_desktop.ui.common.widgets import combo_box, labelled, named_label, page_title, value_rows
from bpjs_desktop.ui.membership.member_widgets import contribution_table, show_contribution_rows

ERROR_STYLE = "color: #b00020;"
OK_STYLE = "color: #1b5e20;"


class NikCheckPage(QWidget):
    """Type a NIK: what it encodes appears as it is typed, and any disagreement is flagged."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("nik_page")
        self.nik_edit = QLineEdit()
        self.nik_edit.setObjectName("nik_edit")
        self.nik_edit.setPlaceholderText(_("16 digit, misalnya 3578015505900001"))
        self.nik_edit.setMaxLength(24)
        self.birth_edit = QLineEdit()
        self.birth_edit.setObjectName("birth_date_edit")
        self.birth_edit.setPlaceholderText(_("HH/BB/TTTT (tidak wajib)"))
        self.sex_combo = combo_box(
            [
                (_("(tidak dicocokkan)"), None),
                (Sex.L.label, Sex.L.value),
                (Sex.P.label, Sex.P.value),
            ],
            "sex_combo",
        )

        inputs = QFormLayout()
        inputs.addRow(labelled(_("&NIK"), self.nik_edit), self.nik_edit)
        inputs.addRow(labelled(_("Tanggal &lahir di formulir"), self.birth_edit), self.birth_edit)
        inputs.addRow(labelled(_("&Jenis kelamin di formulir"), self.sex_combo), self.sex_combo)

        self.verdict_label = named_label(
            "verdict_label", _("Ketik NIK untuk memeriksanya."), wrap=True
        )
        font = self.verdict_label.font()
        font.setBold(True)
        self.verdict_label.setFont(font)

        decoded = QGroupBox(_("Isi NIK"))
        self.fields = value_rows(
            QFormLayout(decoded),
            (
                ("province", _("Provinsi")),
                ("regency", _("Kabupaten/kota")),
                ("district", _("Kecamatan (kode)")),
                ("birth_date", _("Tanggal lahir")),
                ("sex", _("Jenis kelamin")),
                ("serial", _("Nomor urut")),
            ),
        )

        self.setMaximumWidth(760)
        layout = QVBoxLayout(self)
        layout.addWidget(page_title(_("Cek NIK")))
        layout.addLayout(inputs)
        layout.addWidget(self.verdict_label)
        layout.addWidget(decoded)
        layout.addStretch(1)

        self.nik_edit.textChanged.connect(self._on_input_changed)
        self.birth_edit.textChanged.connect(self._on_input_changed)
        self.sex_combo.currentIndexChanged.connect(self._on_input_changed)

    def _on_input_changed(self, *_args: object) -> None:
        self.update_result()

    def update_result(self) -> None:
        text = self.nik_edit.text()
        for value in self.fields.values():
            value.setText("–")
        if not text.strip():
            self._verdict(_("Ketik NIK untuk memeriksanya."), "")
            return
        try:
            info = parse_nik(text, today=today_wib())
        except IdentifierError as exc:
            self._verdict(_("NIK tidak valid: {reason}").format(reason=exc.message), ERROR_STYLE)
            return
        not_listed = _("(tidak ada dalam daftar)")
        self.fields["province"].setText(f"{info.province_code} · {info.province}")
        self.fields["regency"].setText(f"{info.regency_code} · {info.regency or not_listed}")
        self.fields["district"].setText(info.district_code)
        self.fields["birth_date"].setText(format_date(info.birth_date))
        self.fields["sex"].setText(info.sex.label)
        self.fields["serial"].setText(info.serial)
        problems: list[str] = []
        birth = None
        if self.birth_edit.text().strip():
            try:
                birth = parse_date(self.birth_edit.text())
            except ValueError as exc:
                problems.append(str(exc))
        sex_value = self.sex_combo.currentData()
        sex = Sex(sex_value) if sex_value else None
        problems += [p.message for p in nik_discrepancies(info, birth_date=birth, sex=sex)]
        if problems:
            self._verdict(
                _("NIK valid, tetapi: {problems}").format(problems="; ".join(problems)), ERROR_STYLE
            )
        else:
            self._verdict(_("NIK valid."), OK_STYLE)

    def _verdict(self, text: str, style: str) -> None:
        self.verdict_label.setText(text)
        self.verdict_label.setStyleSheet(style)


def _inputs_page(*rows: tuple[str, QWidget | QLayout]) -> QWidget:
    """One segment's inputs in the calculator, a form of ``(caption, field)`` rows: a caption's
    mnemonic moves the focus to its field; an empty caption, a check box on its own."""
    form = QFormLayout()
    for text, field in rows:
        if text and isinstance(field, QWidget):
            form.addRow(labelled(text, field), field)
        else:
            form.addRow(text, field)
    page = QWidget()
    page.setLayout(form)
    return page


class ContributionCalculatorPage(QWidget):
    """The contribution of a segment by the rules of a period, with employer and worker shares.

    The period opens on the month of the office's today (*session*'s: a demo database's own
    day), or of the real date without a session.
    """

    COL_PROGRAMME, COL_EMPLOYER, COL_WORKER, COL_TOTAL = range(4)

    def __init__(self, session: SignedIn | None = None, parent: QWidget | None = None) -> None:
        """Long because it lays the widgets out top to bottom, in the order they appear on screen."""
        super().__init__(parent)
        self.setObjectName("iuran_page")
        self.segment_combo = combo_box(
            ((segment.label, segment.value) for segment in Segment), "segment_combo"
        )
        today = clock.office_today(session.db) if session else today_wib()
        self.period_edit = QLineEdit(format_period(Period.of(today)))
        self.period_edit.setObjectName("period_edit")
        self.period_edit.setPlaceholderText(_("BB/TTTT"))

        # PU
        self.wage_edit = QLineEdit()
        self.wage_edit.setObjectName("wage_edit")
        self.wage_edit.setPlaceholderText(_("misalnya 5.000.000"))
        self.risk_combo = combo_box(
            ((f"{int(group)} · {group.label}", int(group)) for group in RiskGroup), "risk_combo"
        )
        self.risk_combo.setCurrentIndex(2)
        self.programme_checks: dict[Programme, QCheckBox] = {}
        programmes_row = QHBoxLayout()
        for programme in BILL_ORDER:
            check = QCheckBox(programme.value)
            check.setObjectName(f"{programme.value.lower()}_check")
            check.setToolTip(programme.label)
            check.setChecked(programme is not Programme.JKP)
            self.programme_checks[programme] = check
            programmes_row.addWidget(check)
        programmes_row.addStretch(1)
        self.labour_check = QCheckBox(_("Industri padat karya (diskon JKK)"))
        self.labour_check.setObjectName("labour_intensive_check")
        pu_page = _inputs_page(
            (_("&Upah sebulan"), self.wage_edit),
            (_("&Risiko JKK"), self.risk_combo),
            (_("Program"), programmes_row),
            ("", self.labour_check),
        )

        # BPU
        self.income_edit = QLineEdit()
        self.income_edit.setObjectName("income_edit")
        self.income_edit.setPlaceholderText(_("paling rendah 1.000.000"))
        self.bpu_jht_check = QCheckBox(_("Ikut JHT (tidak wajib)"))
        self.bpu_jht_check.setObjectName("bpu_jht_check")
        bpu_page = _inputs_page(
            (_("&Penghasilan sebulan"), self.income_edit), ("", self.bpu_jht_check)
        )

        # JAKON
        self.contract_edit = QLineEdit()
        self.contract_edit.setObjectName("contract_value_edit")
        self.contract_edit.setPlaceholderText(_("misalnya 2.000.000.000"))
        jakon_page = _inputs_page((_("&Nilai kontrak proyek"), self.contract_edit))

        # PMI
        self.months_edit = QLineEdit("24")
        self.months_edit.setObjectName("months_edit")
        self.pre_placement_check = QCheckBox(_("Termasuk perlindungan sebelum penempatan"))
        self.pre_placement_check.setObjectName("pre_placement_check")
        self.pre_placement_check.setChecked(True)
        pmi_page = _inputs_page(
            (_("Lama &kontrak (bulan)"), self.months_edit), ("", self.pre_placement_check)
        )

        self.inputs = QStackedWidget()
        for page in (pu_page, bpu_page, jakon_page, pmi_page):
            self.inputs.addWidget(page)

        self.error_label = named_label("error_label", wrap=True, style=ERROR_STYLE)
        self.table = contribution_table("result_table")
        self.notes_label = named_label("notes_label", wrap=True)

        top = QFormLayout()
        top.addRow(labelled(_("&Segmen"), self.segment_combo), self.segment_combo)
        top.addRow(labelled(_("P&eriode"), self.period_edit), self.period_edit)
        self.setMaximumWidth(860)
        layout = QVBoxLayout(self)
        layout.addWidget(page_title(_("Kalkulator iuran")))
        layout.addLayout(top)
        layout.addWidget(self.inputs)
        layout.addWidget(self.error_label)
        layout.addWidget(self.table, 1)
        remember_header(self.table, "tools/result_table")
        layout.addWidget(self.notes_label)

        self.segment_combo.currentIndexChanged.connect(self._on_segment_changed)
        for edit in (
            self.period_edit,
            self.wage_edit,
            self.income_edit,
            self.contract_edit,
            self.months_edit,
        ):
            edit.textChanged.connect(self._on_input_changed)
        for widget in (self.risk_combo,):
            widget.currentIndexChanged.connect(self._on_input_changed)
        for check in (
            *self.programme_checks.values(),
            self.labour_check,
            self.bpu_jht_check,
            self.pre_placement_check,
        ):
            check.toggled.connect(self._on_input_changed)
        self.result: Contribution | None = None
        self.recalculate()

    @property
    def segment(self) -> Segment:
        return Segment(self.segment_combo.currentData())

    def _on_segment_changed(self, index: int) -> None:
        self.inputs.setCurrentIndex(index)
        self.recalculate()

    def _on_input_changed(self, *_args: object) -> None:
        self.recalculate()

    def _amount(self, edit: QLineEdit, caption: str) -> int | None:
        text = edit.text().strip()
        if not text:
            return None
        try:
            return parse_rupiah(text)
        except ValueError:
            raise KnownError(
                _("{caption}: bukan jumlah rupiah ({text})").format(caption=caption, text=text)
            ) from None

    def recalculate(self) -> None:
        self.result = None
        self.table.setRowCount(0)
        self.notes_label.setText("")
        try:
            result = self._compute()
        except KnownError as exc:
            self.error_label.setText(exc.message)
            return
        except ValueError as exc:
            self.error_label.setText(str(exc))
            return
        self.error_label.setText("")
        if result is None:
            return
        self.result = result
        show_contribution_rows(self.table, result)
        notes = list(result.notes)
        if result.government:
            notes.append(
                _("Dibayar pemerintah (JKP): {amount}").format(
                    amount=format_rupiah(result.government)
                )
            )
        if result.deferred:
            notes.append(
                _("Ditunda (relaksasi): {amount}").format(amount=format_rupiah(result.deferred))
            )
        period_note = _("Aturan yang berlaku pada {month}; {kind}.").format(
            month=result.period.label(current_language()),
            kind=_("dibayar sekali") if result.one_off else _("per bulan"),
        )
        self.notes_label.setText("\n".join([period_note, *(f"• {n}" for n in notes)]))

    def _compute(self) -> Contribution | None:
        period = Period.parse(self.period_edit.text())
        segment = self.segment
        if segment is Segment.PU:
            wage = self._amount(self.wage_edit, _("Upah"))
            if wage is None:
                return None
            chosen = frozenset(p for p, check in self.programme_checks.items() if check.isChecked())
            return pu_contribution(
                wage, period, RiskGroup(self.risk_combo.currentData()), chosen,
                labour_intensive=self.labour_check.isChecked(),
            )  # fmt: skip
        if segment is Segment.BPU:
            income = self._amount(self.income_edit, _("Penghasilan"))
            if income is None:
                return None
            bpu = {Programme.JKK, Programme.JKM}
            if self.bpu_jht_check.isChecked():
                bpu.add(Programme.JHT)
            return bpu_contribution(income, period, frozenset(bpu))
        if segment is Segment.JAKON:
            value = self._amount(self.contract_edit, _("Nilai kontrak"))
            return None if value is None else jakon_contribution(value, period.first_day)
        months_text = self.months_edit.text().strip()
        if not months_text:
            return None
        if not months_text.isdigit():
            raise KnownError(_("Lama kontrak harus bilangan bulat bulan"))
        return pmi_contribution(
            int(months_text), period.first_day, pre_placement=self.pre_placement_check.isChecked()
        )
