"""The claim form: the member by NIK or KPJ (shown once found), the claim type and its facts, the
bank account and the documents handed in. The service decides: its refusals appear beside the
fields they name, and "Periksa" runs the same rules without saving."""

from __future__ import annotations

import html
from datetime import date

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QSizePolicy,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from bpjs_desktop.domain.claim_details import (
    AccidentKind,
    ClaimDetail,
    DisabilityPeriod,
    Heir,
    HeirRelation,
    JhtDetail,
    JhtGround,
    JhtPartialDetail,
    JkkDetail,
    JkkOutcome,
    JkmDetail,
    JkpDetail,
    JpDetail,
    JpGround,
    JpKind,
    TransportMode,
)
from bpjs_desktop.domain.claim_documents import document_label
from bpjs_desktop.domain.claims import ClaimType
from bpjs_desktop.domain.money import format_rupiah
from bpjs_desktop.domain.periods import format_date, parse_date
from bpjs_desktop.domain.scholarships import SchoolLevel
from bpjs_desktop.errors import FieldError, KnownError, ValidationError
from bpjs_desktop.i18n import _
from bpjs_desktop.services import claims, clock
from bpjs_desktop.services.claims import ClaimInput, ClaimRow, MemberLookup, event_label
from bpjs_desktop.services.workstation import SignedIn
from bpjs_desktop.ui.common.events import DataKind
from bpjs_desktop.ui.common.forms import (
    ERROR_STYLE,
    DateEdit,
    FormDialog,
    MoneyEdit,
    field_value,
    line_edit,
)
from bpjs_desktop.ui.common.widgets import combo_box, named_label, on_click, push_button

BANKS = ("BNI", "BRI", "Mandiri", "BTN", "Bank Jatim", "BCA", "BSI")

_RELATION_WORDS = {
    "istri": HeirRelation.PASANGAN,
    "suami": HeirRelation.PASANGAN,
    "pasangan": HeirRelation.PASANGAN,
    "anak": HeirRelation.ANAK,
    "orang tua": HeirRelation.ORANG_TUA,
    "ayah": HeirRelation.ORANG_TUA,
    "ibu": HeirRelation.ORANG_TUA,
    "lain": HeirRelation.LAINNYA,
}

# Rows shown per claim type, besides the common ones.
_TYPE_ROWS = {
    ClaimType.JHT_PENUH: ("ground",),
    ClaimType.JHT_10: ("purpose",),
    ClaimType.JHT_30: ("purpose",),
    ClaimType.JKK: (
        "accident_kind",
        "place",
        "road_accident",
        "stage1_reported_on",
        "stage2_reported_on",
        "outcome",
        "disability_percent",
        "stmb",
        "medical_costs",
        "transport",
        "transport_costs",
        "return_to_work_costs",
        "school_levels",
    ),
    ClaimType.JKM: ("heirs",),
    ClaimType.JP_BERKALA: ("ground", "jp_kind"),
    ClaimType.JP_SEKALIGUS: ("ground", "jp_kind"),
    ClaimType.JKP: (),
}
_DETAIL_ROWS = sorted({name for rows in _TYPE_ROWS.values() for name in rows})


def parse_heirs(text: str) -> tuple[Heir, ...]:
    """One heir per line: ``nama; hubungan; NIK; jenjang`` (NIK and the school level optional).

    The level is TK, SD, SMP, SMA or PT (the scholarship is paid by level, PP 82/2019); a bare
    "sekolah" (the old form) marks a child in school whose level is still to be given.
    """
    heirs = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        parts = [p.strip() for p in line.split(";")]
        relation = _RELATION_WORDS.get(parts[1].lower()) if len(parts) > 1 else None
        if relation is None:
            raise ValidationError.single(
                "heirs",
                _(
                    "Baris {n}: tulis hubungan ahli waris (istri, suami, anak, orang tua, lain) "
                    "sesudah nama, dipisah titik koma"
                ).format(n=number),
            )
        nik = parts[2] if len(parts) > 2 else ""
        school = parts[3].lower().removeprefix("sekolah").strip() if len(parts) > 3 else ""
        in_school = len(parts) > 3 and bool(parts[3].strip())
        level = None
        if school:
            try:
                level = SchoolLevel(school.upper())
            except ValueError:
                raise ValidationError.single(
                    "heirs",
                    _("Baris {n}: jenjang sekolah ditulis TK, SD, SMP, SMA atau PT").format(
                        n=number
                    ),
                ) from None
        heirs.append(Heir(parts[0], relation, nik, in_school, school_level=level))
    return tuple(heirs)


def _items(text: str, separators: str) -> list[str]:
    """The items of a list typed in one field, cut at any of *separators*, stripped; empty
    ones (a trailing separator, a blank line) left out."""
    for separator in separators[1:]:
        text = text.replace(separator, separators[0])
    return [item.strip() for item in text.split(separators[0]) if item.strip()]


def parse_levels(text: str) -> tuple[SchoolLevel, ...]:
    """``SMA, SD`` → the school levels of the children, in the order given (JKK scholarship)."""
    return SchoolLevel.parse_list(text, field="school_levels")


def parse_periods(text: str) -> tuple[DisabilityPeriod, ...]:
    """``01/03/2018-15/03/2018; 20/03/2018-31/03/2018`` → STMB periods."""
    periods = []
    for chunk in _items(text, ";\n"):
        start, sep, end = chunk.partition("-")
        if not sep:
            raise ValidationError.single(
                "stmb",
                _("Periode STMB ditulis HH/BB/TTTT-HH/BB/TTTT, bukan {text!r}").format(text=chunk),
            )
        try:
            periods.append(DisabilityPeriod(parse_date(start), parse_date(end)))
        except ValueError as exc:
            raise ValidationError.single("stmb", str(exc)) from None
    return tuple(periods)


class LookupEdit(QLineEdit):
    """A line edit whose Enter looks something up instead of pressing the dialog's Save button."""

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.returnPressed.emit()
            event.accept()
            return
        super().keyPressEvent(event)


class ClaimFormDialog(FormDialog):
    """Log a claim.

    Signals:
        saved(object): the :class:`ClaimRow` of the claim logged.
    """

    CHANGES = (DataKind.CLAIM,)

    def __init__(self, session: SignedIn, parent: QWidget | None = None) -> None:
        """Long because it lays the widgets out top to bottom, in the order they appear on screen."""
        super().__init__(_("Klaim baru"), parent, save_text=_("&Simpan klaim"))
        self.setObjectName("claim_form")
        self.session = session
        self.member: MemberLookup | None = None
        form = self.form
        self.member_edit = LookupEdit()
        self.member_edit.setObjectName("member_edit")
        self.member_edit.setMaxLength(20)
        form.add(
            "kpj",
            _("&Peserta"),
            self.member_edit,
            _("Ketik KPJ (11 digit) atau NIK (16 digit), lalu Enter"),
        )
        self.member_edit.returnPressed.connect(self.look_up_member)
        self.member_label = form.findChild(QLabel, "kpj_hint")
        assert self.member_label is not None
        # Who was found, in three lines that wrap where the column is narrow (a large font, a
        # long employer name): never cut, and a number never apart from its "KPJ"/"NIK" word.
        self.member_label.setWordWrap(True)
        self.member_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        # A form layout does not grow a wrapped label's row by itself: the label asks for the
        # height its lines take at its width, whenever its width or text changes.
        self.member_label.installEventFilter(self)
        self.type_combo = combo_box((kind.label, kind.value) for kind in ClaimType)
        form.add("claim_type", _("&Jenis klaim"), self.type_combo)
        self.submitted_edit = DateEdit()
        self.submitted_edit.set_value(clock.office_today(session.db))  # a demo: its own today
        form.add("submitted_on", _("Tanggal pen&gajuan"), self.submitted_edit)
        self.event_edit = DateEdit()
        form.add("event_date", _("Tanggal &kejadian"), self.event_edit)
        self.ground_combo = QComboBox()
        form.add("ground", _("&Dasar klaim"), self.ground_combo)
        self.purpose_edit = QLineEdit()
        form.add("purpose", _("Keperl&uan"), self.purpose_edit)
        self.accident_combo = combo_box(
            (accident.label, accident.value) for accident in AccidentKind
        )
        form.add("accident_kind", _("Jenis kecel&akaan"), self.accident_combo)
        self.place_edit = QLineEdit()
        form.add("place", _("Tempat"), self.place_edit)
        self.road_check = QCheckBox(_("Kecelakaan lalu lintas (perlu laporan polisi)"))
        form.add("road_accident", "", self.road_check)
        self.stage1_edit = DateEdit()
        form.add("stage1_reported_on", _("Laporan tahap I"), self.stage1_edit)
        self.stage2_edit = DateEdit()
        form.add("stage2_reported_on", _("Laporan tahap II"), self.stage2_edit)
        self.outcome_combo = combo_box((outcome.label, outcome.value) for outcome in JkkOutcome)
        form.add("outcome", _("Akibat"), self.outcome_combo)
        self.percent_spin = QSpinBox()
        self.percent_spin.setRange(0, 100)
        self.percent_spin.setSuffix(" %")
        form.add("disability_percent", _("Persentase cacat"), self.percent_spin)
        self.stmb_edit = QLineEdit()
        self.stmb_edit.setPlaceholderText(_("01/03/2018-15/03/2018; 20/03/2018-31/03/2018"))
        form.add("stmb", _("Periode STMB"), self.stmb_edit, _("Tidak mampu bekerja sementara"))
        self.costs_edit = MoneyEdit()
        form.add("medical_costs", _("Biaya pengobatan"), self.costs_edit)
        self.transport_combo = combo_box(
            [(_("Tidak ada"), None), *((mode.label, mode.value) for mode in TransportMode)]
        )
        form.add("transport", _("Angkutan"), self.transport_combo)
        self.transport_costs_edit = MoneyEdit()
        form.add("transport_costs", _("Biaya transportasi"), self.transport_costs_edit)
        self.rtw_costs_edit = MoneyEdit()
        form.add("return_to_work_costs", _("Program kembali bekerja"), self.rtw_costs_edit)
        self.levels_edit = QLineEdit()
        self.levels_edit.setPlaceholderText(_("SMA, SD"))
        form.add(
            "school_levels",
            _("Jenjang sekolah anak"),
            self.levels_edit,
            _("Beasiswa bila meninggal atau cacat total tetap: paling banyak 2 anak"),
        )
        self.jp_kind_combo = combo_box((jp_kind.label, jp_kind.value) for jp_kind in JpKind)
        form.add("jp_kind", _("Jenis pensiun"), self.jp_kind_combo)
        self.heirs_edit = QPlainTextEdit()
        self.heirs_edit.setTabChangesFocus(True)
        self.heirs_edit.setFixedHeight(70)
        self.heirs_edit.setPlaceholderText(
            _(
                "nama; hubungan (istri/suami/anak/orang tua/lain); NIK; jenjang sekolah\nSITI AMINAH; istri\nANDI; anak; ; SMA"
            )
        )
        form.add(
            "heirs",
            _("A&hli waris"),
            self.heirs_edit,
            _(
                "Satu ahli waris per baris; NIK dan jenjang sekolah (TK, SD, SMP, SMA, PT) boleh dikosongkan"
            ),
        )
        self.reason_edit = QLineEdit()
        form.add("reason", _("Ketera&ngan"), self.reason_edit)
        self.bank_combo = QComboBox()
        self.bank_combo.setEditable(True)
        self.bank_combo.addItems(BANKS)
        form.add("bank_name", _("Ban&k"), self.bank_combo)
        self.account_edit = line_edit(20)
        form.add("bank_account", _("No. &rekening"), self.account_edit)

        # Right: the documents of the checklist (tick what was handed in) and the amount preview.
        side = QVBoxLayout()
        documents_box = QGroupBox()
        box_layout = QVBoxLayout(documents_box)
        self.documents_list = QListWidget()
        self.documents_list.setObjectName("documents_list")
        self.documents_list.setMinimumWidth(330)
        # A long document name wraps in the list's width rather than running under its edge.
        self.documents_list.setWordWrap(True)
        self.documents_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.documents_list.setResizeMode(QListWidget.ResizeMode.Adjust)
        documents_label = QLabel(_("D&okumen yang diserahkan (centang)"))
        documents_label.setBuddy(self.documents_list)
        box_layout.addWidget(documents_label)
        box_layout.addWidget(self.documents_list)
        self.documents_error = named_label("documents_error", wrap=True, style=ERROR_STYLE)
        self.documents_error.setVisible(False)
        box_layout.addWidget(self.documents_error)
        self.check_button = push_button("check_button", _("Per&iksa"))
        self.check_button.setToolTip(
            _("Jalankan aturan kelayakan, daftar dokumen dan perhitungan tanpa menyimpan")
        )
        on_click(self.check_button.clicked, self.run_check)
        self.preview_label = named_label("preview_label")
        self.preview_label.setWordWrap(False)  # explicit lines: a wrapped label is cut short
        self.preview_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        side.addWidget(documents_box, 1)
        side.addWidget(self.check_button)
        side.addWidget(self.preview_label)
        columns = QHBoxLayout()
        self.main_layout.removeWidget(self.form)
        left = QVBoxLayout()
        left.addWidget(self.form)
        left.addStretch(1)
        columns.addLayout(left, 3)
        columns.addLayout(side, 2)
        for combo in (
            self.type_combo, self.ground_combo, self.accident_combo, self.outcome_combo,
            self.bank_combo,
        ):  # fmt: skip
            combo.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.main_layout.insertLayout(0, columns)

        self.type_combo.currentIndexChanged.connect(self._on_type_changed)
        self.outcome_combo.currentIndexChanged.connect(self._on_outcome_changed)
        self.ground_combo.currentIndexChanged.connect(self._on_ground_changed)
        self._on_type_changed(0)
        # No minimum size on the dialog itself: then its layout keeps it tall enough for what
        # the look-up and the check write into it (QLayout.SetDefaultConstraint).
        # The form's width in characters, so that a larger text (150 %) widens it rather than
        # wrapping the member line into many short lines.
        self.form.setMinimumWidth(max(540, self.fontMetrics().averageCharWidth() * 78))
        metrics = self.form.labels["event_date"].fontMetrics()
        widest = max(metrics.horizontalAdvance(event_label(kind)) for kind in ClaimType)
        self.form.labels["event_date"].setMinimumWidth(widest + 4)
        self.watch_changes()

    # --- the member ---------------------------------------------------------------------------
    def look_up_member(self) -> None:
        """Show who the typed KPJ or NIK is (or why not) under the field."""
        assert self.member_label is not None
        text = self.member_edit.text().strip()
        if not text:
            return
        try:
            member = claims.find_member(self.session.db, text)
        except KnownError as exc:
            self.form.show_errors([FieldError("kpj", exc.message)])
            self.member_label.setText(_("Ketik KPJ (11 digit) atau NIK (16 digit), lalu Enter"))
            self._fit_member_line()
            return
        self.form.clear_errors()
        self.member = member
        if self.event_edit.text().strip() == "" and member.end_date is not None:
            self.event_edit.set_value(member.end_date)
        self._suggest_ground()
        where = member.employer_name or member.segment.label
        status = (
            _("aktif")
            if member.end_date is None
            else _("berakhir {day}").format(day=format_date(member.end_date))
        )
        wage = format_rupiah(member.wage) if member.wage else "–"
        self.member_label.setText(
            _("<b>{name}</b> · KPJ&nbsp;{kpj} · NIK&nbsp;{nik}<br>{where} · {programmes}<br>sejak {start}, {status} · upah&nbsp;{wage}").format(
                name=html.escape(member.name), kpj=member.kpj, nik=member.nik,
                where=html.escape(where), programmes=member.programmes,
                start=format_date(member.start_date), status=status, wage=wage,
            )
        )  # fmt: skip
        self.member_label.setStyleSheet("")
        self._fit_member_line()
        self.run_check(show_refusals=False)

    def _fit_member_line(self) -> None:
        """Give the member line the height of its wrapped lines; the dialog grows to hold it."""
        label = self.member_label
        assert label is not None
        needed = label.heightForWidth(label.width()) if label.width() > 1 else -1
        if needed > 0 and needed != label.minimumHeight():
            label.setMinimumHeight(needed)
            self._grow_to_fit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.member_label and event.type() == QEvent.Type.Resize:
            self._fit_member_line()
        return super().eventFilter(watched, event)

    # --- the type's rows --------------------------------------------------------------------------
    def claim_type(self) -> ClaimType:
        return ClaimType(self.type_combo.currentData())

    def _on_type_changed(self, _index: int) -> None:
        kind = self.claim_type()
        shown = set(_TYPE_ROWS[kind])
        for name in _DETAIL_ROWS:
            self.form.set_row_visible(name, name in shown)
        self.form.labels["event_date"].setText("&" + event_label(kind))
        self.preview_label.setText("")
        self.form.layout_.invalidate()
        self.ground_combo.clear()
        if kind is ClaimType.JHT_PENUH:
            for ground in JhtGround:
                self.ground_combo.addItem(ground.label, ground.value)
        elif kind in (ClaimType.JP_BERKALA, ClaimType.JP_SEKALIGUS):
            for jp_ground in JpGround:
                self.ground_combo.addItem(jp_ground.label, jp_ground.value)
        self._suggest_ground()
        self._on_outcome_changed(0)
        self._set_documents(())

    def _suggest_ground(self) -> None:
        """A JHT claim's ground starts as the way the member's membership ended."""
        if self.member is None or self.claim_type() is not ClaimType.JHT_PENUH:
            return
        ground = claims.ground_for(self.member.end_reason)
        if ground is not None:
            self.ground_combo.setCurrentIndex(self.ground_combo.findData(ground.value))

    def _on_ground_changed(self, _index: int) -> None:
        """A JP claim's pension follows its ground; only a death leaves the recipient to choose."""
        if self.claim_type() not in (ClaimType.JP_BERKALA, ClaimType.JP_SEKALIGUS):
            return
        ground = self.ground_combo.currentData()
        if ground is None:
            return
        kind = JpDetail(JpGround(ground)).pension_kind
        self.jp_kind_combo.setCurrentIndex(self.jp_kind_combo.findData(kind.value))
        self.jp_kind_combo.setEnabled(kind.on_death)

    def _on_outcome_changed(self, _index: int) -> None:
        partial = self.outcome_combo.currentData() == JkkOutcome.CACAT_SEBAGIAN.value
        self.form.set_row_visible(
            "disability_percent", partial and self.claim_type() is ClaimType.JKK
        )

    # --- reading the form ---------------------------------------------------------------------------
    def detail(self) -> ClaimDetail:
        kind = self.claim_type()
        if kind is ClaimType.JHT_PENUH:
            return JhtDetail(JhtGround(self.ground_combo.currentData()))
        if kind in (ClaimType.JHT_10, ClaimType.JHT_30):
            return JhtPartialDetail(self.purpose_edit.text().strip())
        if kind is ClaimType.JKK:
            return JkkDetail(
                kind=AccidentKind(self.accident_combo.currentData()),
                place=self.place_edit.text().strip(),
                road_accident=self.road_check.isChecked(),
                stage1_reported_on=field_value("stage1_reported_on", self.stage1_edit.value),
                stage2_reported_on=field_value("stage2_reported_on", self.stage2_edit.value),
                outcome=JkkOutcome(self.outcome_combo.currentData()),
                disability_percent=self.percent_spin.value(),
                stmb=parse_periods(self.stmb_edit.text()),
                medical_costs=field_value("medical_costs", self.costs_edit.value) or 0,
                school_levels=parse_levels(self.levels_edit.text()),
                transport=(
                    TransportMode(self.transport_combo.currentData())
                    if self.transport_combo.currentData()
                    else None
                ),
                transport_costs=(
                    field_value("transport_costs", self.transport_costs_edit.value) or 0
                ),
                return_to_work_costs=(
                    field_value("return_to_work_costs", self.rtw_costs_edit.value) or 0
                ),
            )
        if kind is ClaimType.JKM:
            return JkmDetail(parse_heirs(self.heirs_edit.toPlainText()))
        if kind in (ClaimType.JP_BERKALA, ClaimType.JP_SEKALIGUS):
            return JpDetail(
                JpGround(self.ground_combo.currentData()),
                JpKind(self.jp_kind_combo.currentData()),
            )
        return JkpDetail(self.reason_edit.text().strip())

    def claim_input(self) -> ClaimInput:
        """The form as the service's input; unreadable fields raise one error naming them all."""
        errors: list[FieldError] = []
        text = self.member_edit.text().strip()
        digits = "".join(ch for ch in text if ch.isdigit())
        if not digits:
            errors.append(FieldError("kpj", _("Isi KPJ (11 digit) atau NIK (16 digit) peserta")))
        submitted: date | None = None
        event: date | None = None
        detail: ClaimDetail | None = None
        for name, getter in (
            ("submitted_on", self.submitted_edit.value),
            ("event_date", self.event_edit.value),
        ):
            try:
                value = field_value(name, getter)
            except ValidationError as exc:
                errors.extend(exc.errors)
                continue
            if name == "submitted_on":
                submitted = value
            else:
                event = value
        if event is None and not any(e.field == "event_date" for e in errors):
            # Named as the field is labelled for the type ("Tanggal berhenti kerja" for JHT).
            message = _("{field} wajib diisi").format(field=event_label(self.claim_type()))
            errors.append(FieldError("event_date", message))
        try:
            detail = self.detail()
        except ValidationError as exc:
            errors.extend(exc.errors)
        if errors:
            raise ValidationError(errors)
        assert event is not None and detail is not None
        return ClaimInput(
            kpj=digits if len(digits) == 11 else "",
            nik=digits if len(digits) != 11 else "",
            claim_type=self.claim_type(),
            event_date=event,
            submitted_on=submitted,
            reason=self.reason_edit.text().strip(),
            bank_name=self.bank_combo.currentText().strip(),
            bank_account=self.account_edit.text().strip(),
            detail=detail,
            received=self.received(),
        )

    # --- documents -------------------------------------------------------------------------------
    def _set_documents(self, codes: tuple[str, ...]) -> None:
        ticked = set(self.received())
        self.documents_list.clear()
        for code in codes:
            item = QListWidgetItem(document_label(code))
            item.setData(Qt.ItemDataRole.UserRole, code)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if code in ticked else Qt.CheckState.Unchecked)
            self.documents_list.addItem(item)
        if not codes:
            item = QListWidgetItem(_("(pilih peserta dan jenis klaim, lalu Periksa)"))
            item.setFlags(Qt.ItemFlag.NoItemFlags)
            self.documents_list.addItem(item)

    def received(self) -> tuple[str, ...]:
        codes = []
        for row in range(self.documents_list.count()):
            item = self.documents_list.item(row)
            code = item.data(Qt.ItemDataRole.UserRole)
            if code and item.checkState() == Qt.CheckState.Checked:
                codes.append(str(code))
        return tuple(codes)

    def tick_all_documents(self) -> None:
        for row in range(self.documents_list.count()):
            item = self.documents_list.item(row)
            if item.data(Qt.ItemDataRole.UserRole):
                item.setCheckState(Qt.CheckState.Checked)

    def run_check(self, show_refusals: bool = True) -> bool:
        """Run the rules on the form as typed: checklist, amount, and refusals beside the fields."""
        self.form.clear_errors()
        self.general_error.setVisible(False)
        try:
            data = self.claim_input()
            check = claims.check_claim(self.session.db, data)
        except ValidationError as exc:
            if show_refusals:
                self._show_refusals(exc.errors)
            return False
        except KnownError as exc:
            if show_refusals:
                self._general(exc.message)
            return False
        self._set_documents(check.documents)
        lines = []
        if check.amount is not None:
            lines.append(
                _("Perkiraan manfaat menurut aturan: <b>{amount}</b>").format(
                    amount=format_rupiah(check.amount.total)
                )
            )
        lines += [f"• {note}" for note in check.eligibility.notes]
        if check.eligibility.ok:
            lines.insert(0, _("Memenuhi syarat untuk dicatat."))
        else:
            lines.insert(0, _("<b>Belum memenuhi syarat</b> (lihat keterangan di samping isian)."))
        self.preview_label.setText("<br>".join(lines))
        if show_refusals and not check.eligibility.ok:
            self._show_refusals(check.eligibility.refusals)
        return check.eligibility.ok

    def _show_refusals(self, errors: tuple[FieldError, ...] | list[FieldError]) -> None:
        documents = [e for e in errors if e.field == "documents"]
        self.documents_error.setText("\n".join(e.message for e in documents))
        self.documents_error.setVisible(bool(documents))
        unplaced = self.form.show_errors([e for e in errors if e.field != "documents"])
        if unplaced:
            self._general("\n".join(e.message for e in unplaced))

    # --- saving ----------------------------------------------------------------------------------
    def submit(self) -> ClaimRow:
        self.preview_label.setText("")
        return claims.log_claim(self.session.db, self.session.actor, self.claim_input())
