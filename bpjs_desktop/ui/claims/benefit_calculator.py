"""The benefit calculator page: what a programme would pay for an event (issue #10).

The walk-in question "what would my family receive?" is answered without opening a member file,
so the page calls the pure domain calculator (``domain.calculator``) directly, as the contribution
calculator calls ``domain.contributions``: no records are read or written. A refusal comes back
as a :class:`ValidationError` naming its field, shown beside that field.
"""

from __future__ import annotations

from fractions import Fraction

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QSizePolicy,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from bpjs_desktop.domain.calculator import (
    JKK_KINDS,
    JP_KINDS,
    BenefitAnswer,
    BenefitQuestion,
    calculate,
)
from bpjs_desktop.domain.claim_details import JkkOutcome
from bpjs_desktop.domain.money import format_rupiah
from bpjs_desktop.domain.periods import today_wib
from bpjs_desktop.domain.programmes import Programme, Segment
from bpjs_desktop.domain.scholarships import SchoolLevel
from bpjs_desktop.errors import FieldError, ValidationError
from bpjs_desktop.i18n import _, pgettext
from bpjs_desktop.services import clock
from bpjs_desktop.services.workstation import SignedIn
from bpjs_desktop.ui.common.forms import ERROR_STYLE, DateEdit, FieldForm, MoneyEdit, field_value
from bpjs_desktop.ui.common.layout_memory import remember_header
from bpjs_desktop.ui.common.widgets import combo_box, named_label, on_click, page_title, push_button

# The fields each programme reads (domain.calculator): the others are disabled, so the officer
# sees at a glance what the answer depends on.
_FIELDS_USED: dict[Programme, frozenset[str]] = {
    Programme.JHT: frozenset({"segment", "wage", "months"}),
    Programme.JKK: frozenset(
        {"segment", "wage", "months", "kind", "children", "disability_percent", "stmb_days"}
    ),
    Programme.JKM: frozenset({"segment", "months", "children"}),
    Programme.JP: frozenset({"segment", "wage", "months", "joined", "density", "kind"}),
    Programme.JKP: frozenset({"segment", "wage"}),
}
_OPTIONAL_FIELDS = (
    *("wage", "months", "joined", "density", "kind", "children"),
    *("disability_percent", "stmb_days"),
)


def _kind_label(programme: Programme, kind: str) -> str:
    if programme is Programme.JP:
        return JP_KINDS[kind].label
    if JKK_KINDS[kind] is JkkOutcome.SEMBUH:
        return _("STMB saja, lalu sembuh")
    return JKK_KINDS[kind].label


def _level_text(level: SchoolLevel) -> str:
    """A school level as the child's choice shows it: its code, then its name when they differ."""
    return level.label if level.label == level.value else f"{level.value} · {level.label}"


class BenefitCalculatorPage(QWidget):
    """Programme, event and a few figures in; the benefit's lines, total, pension, rules out.

    The event date opens on the office's today (*session*'s: a demo database's own day), or on
    the real date without a session.
    """

    COL_LABEL, COL_AMOUNT = range(2)

    def __init__(self, session: SignedIn | None = None, parent: QWidget | None = None) -> None:
        """Long because it lays the widgets out top to bottom, in the order they appear on screen."""
        super().__init__(parent)
        self.setObjectName("manfaat_page")
        self.form = FieldForm()
        self.programme_combo = combo_box(
            (
                (f"{programme.value} · {programme.label}", programme.value)
                for programme in Programme
            ),
            "programme_combo",
        )
        self.event_edit = DateEdit()
        self.event_edit.setObjectName("event_date_edit")
        # As the contribution calculator's period.
        self.event_edit.set_value(clock.office_today(session.db) if session else today_wib())
        self.segment_combo = combo_box(
            ((segment.label, segment.value) for segment in Segment), "segment_combo"
        )
        self.wage_edit = MoneyEdit()
        self.wage_edit.setObjectName("wage_edit")
        self.wage_edit.setPlaceholderText(_("misalnya 5.000.000"))
        self.months_spin = QSpinBox()
        self.months_spin.setObjectName("months_spin")
        self.months_spin.setRange(0, 1200)
        self.joined_edit = DateEdit()
        self.joined_edit.setObjectName("joined_edit")
        self.density_edit = QSpinBox()
        self.density_edit.setObjectName("density_spin")
        # -1 is "not given": the calculator then counts the density from the dates.
        self.density_edit.setRange(-1, 100)
        self.density_edit.setValue(-1)
        self.density_edit.setSuffix("%")
        self.density_edit.setSpecialValueText(_("dihitung dari tanggal mulai"))
        self.density_edit.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.kind_combo = QComboBox()
        self.kind_combo.setObjectName("kind_combo")
        # Sized for its longest kind whatever the programme it opened on (it starts empty).
        self.kind_combo.setMinimumContentsLength(24)
        self.child_combos: list[QComboBox] = []
        children = QWidget()
        children.setObjectName("children_row")
        children_layout = QHBoxLayout(children)
        children_layout.setContentsMargins(0, 0, 0, 0)
        for number in (1, 2):
            combo = combo_box(
                [
                    (_("(tidak ada)"), None),
                    *((_level_text(level), level.value) for level in SchoolLevel),
                ],
                f"child{number}_combo",
            )
            combo.setAccessibleName(_("Anak ke-{n}").format(n=number))
            self.child_combos.append(combo)
            children_layout.addWidget(combo, 1)
        children.setFocusProxy(self.child_combos[0])
        self.disability_spin = QSpinBox()
        self.disability_spin.setObjectName("disability_spin")
        self.disability_spin.setRange(0, 100)
        self.disability_spin.setSuffix("%")
        self.stmb_spin = QSpinBox()
        self.stmb_spin.setObjectName("stmb_spin")
        self.stmb_spin.setRange(0, 3650)

        # Every field as wide as the form: a refusal under a narrow combo or spin box would wrap
        # into the row below (the error line takes its field's width).
        for widget in (
            self.programme_combo,
            self.segment_combo,
            self.months_spin,
            self.kind_combo,
            self.disability_spin,
            self.stmb_spin,
        ):
            widget.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

        form = self.form
        form.add("programme", _("&Program"), self.programme_combo)
        form.add("event_date", _("&Tanggal kejadian"), self.event_edit)
        form.add("segment", _("&Segmen"), self.segment_combo)
        form.add(
            "wage",
            _("&Upah sebulan"),
            self.wage_edit,
            hint=_("BPU: penghasilan yang dilaporkan; PMI: iuran JHT yang dipilih"),
        )
        form.add("months", _("&Masa iur (bulan)"), self.months_spin)
        form.add("joined", _("Tanggal mu&lai kepesertaan"), self.joined_edit)
        form.add("density", _("&Kepadatan iuran"), self.density_edit)
        form.add("kind", _("&Jenis manfaat"), self.kind_combo)
        form.add("children", _("&Anak bersekolah"), children)
        # Alt+A goes to the first child's level (a label skips a buddy that takes no focus).
        form.labels["children"].setBuddy(self.child_combos[0])
        form.add("disability_percent", _("Persentase &cacat"), self.disability_spin)
        form.add("stmb_days", _("Hari STM&B"), self.stmb_spin)

        self.calculate_button = push_button("calculate_button", _("&Hitung"))
        self.calculate_button.setToolTip(_("Hitung manfaat (Enter)"))
        buttons = QHBoxLayout()
        buttons.addWidget(self.calculate_button)
        buttons.addStretch(1)

        self.error_label = named_label("error_label", wrap=True, style=ERROR_STYLE)
        self.table = QTableWidget(0, 2)
        self.table.setObjectName("result_table")
        self.table.setHorizontalHeaderLabels([_("Rincian"), pgettext("uang", "Jumlah")])
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(self.COL_LABEL, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(self.COL_AMOUNT, QHeaderView.ResizeMode.ResizeToContents)
        self.notes_label = named_label("notes_label", wrap=True)
        self.notes_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        # Form on the left, answer on the right: on a 1366×768 counter screen the lines, the
        # rules and the notes all stay in sight beside what was typed.
        self.setMaximumWidth(1240)
        left = QVBoxLayout()
        left.addWidget(form)
        left.addLayout(buttons)
        left.addStretch(1)
        right = QVBoxLayout()
        right.addWidget(self.error_label)
        right.addWidget(self.table, 1)
        remember_header(self.table, "benefit_calculator/result_table")
        right.addWidget(self.notes_label)
        columns = QHBoxLayout()
        columns.addLayout(left, 4)
        columns.addLayout(right, 5)
        layout = QVBoxLayout(self)
        layout.addWidget(page_title(_("Kalkulator manfaat")))
        layout.addLayout(columns, 1)

        self.answer: BenefitAnswer | None = None
        self.programme_combo.currentIndexChanged.connect(self._on_programme_changed)
        self.kind_combo.currentIndexChanged.connect(self._on_kind_changed)
        on_click(self.calculate_button.clicked, self.calculate)
        # An answer on screen always belongs to what is typed: any edit takes it away.
        for edit in (self.event_edit, self.wage_edit, self.joined_edit):
            edit.textEdited.connect(self._on_input_changed)
        for spin in (self.months_spin, self.density_edit, self.disability_spin, self.stmb_spin):
            spin.valueChanged.connect(self._on_input_changed)
        for combo in (self.segment_combo, *self.child_combos):
            combo.currentIndexChanged.connect(self._on_input_changed)
        self._on_programme_changed()

    @property
    def programme(self) -> Programme:
        return Programme(self.programme_combo.currentData())

    def _on_programme_changed(self, *_args: object) -> None:
        programme = self.programme
        self.kind_combo.blockSignals(True)
        self.kind_combo.clear()
        kinds: list[str] = []
        if programme is Programme.JP:
            kinds = list(JP_KINDS)
        elif programme is Programme.JKK:
            kinds = list(JKK_KINDS)
        for kind in kinds:
            self.kind_combo.addItem(_kind_label(programme, kind), kind)
        self.kind_combo.blockSignals(False)
        self._enable_fields()
        self._clear_result()

    def _on_input_changed(self, *_args: object) -> None:
        self._clear_result()

    def _on_kind_changed(self, *_args: object) -> None:
        self._enable_fields()
        self._clear_result()

    def _enable_fields(self) -> None:
        used = set(_FIELDS_USED[self.programme])
        if self.kind_combo.currentData() != "cacat-sebagian":
            used.discard("disability_percent")
        for name in _OPTIONAL_FIELDS:
            enabled = name in used
            self.form.widgets[name].setEnabled(enabled)
            self.form.labels[name].setEnabled(enabled)

    def _clear_result(self) -> None:
        self.answer = None
        self.table.setRowCount(0)
        self.notes_label.setText("")
        self.error_label.setText("")
        self.form.clear_errors()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # Enter anywhere on the form computes: line edits, spin boxes and closed combo boxes
        # pass the key on to their parent.
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.calculate()
            event.accept()
            return
        super().keyPressEvent(event)

    def question(self) -> BenefitQuestion:
        """The question the form asks; a date that is not one raises a field error."""
        used = _FIELDS_USED[self.programme]
        event_date = field_value("event_date", self.event_edit.value)
        if event_date is None:
            raise ValidationError.single("event_date", _("Isi tanggal kejadian"))
        wage = field_value("wage", self.wage_edit.value) if "wage" in used else None
        joined = field_value("joined", self.joined_edit.value) if "joined" in used else None
        percent = self.density_edit.value()
        density = Fraction(percent, 100) if "density" in used and percent >= 0 else None
        children = tuple(
            SchoolLevel(combo.currentData())
            for combo in self.child_combos
            if "children" in used and combo.currentData() is not None
        )
        return BenefitQuestion(
            programme=self.programme,
            event_date=event_date,
            segment=Segment(self.segment_combo.currentData()),
            wage=wage,
            months=self.months_spin.value() if "months" in used else 0,
            joined=joined,
            density=density,
            kind=self.kind_combo.currentData() if "kind" in used else None,
            children=children,
            disability_percent=self.disability_spin.value()
            if self.disability_spin.isEnabled()
            else 0,
            stmb_days=self.stmb_spin.value() if "stmb_days" in used else 0,
        )

    def calculate(self) -> BenefitAnswer | None:
        """Compute and show the answer; a refusal is shown beside its field and returns None."""
        self._clear_result()
        try:
            answer = calculate(self.question())
        except ValidationError as exc:
            unplaced = self.form.show_errors(exc.errors)
            self._show_general(unplaced)
            return None
        self.answer = answer
        self._show(answer)
        return answer

    def _show_general(self, errors: list[FieldError]) -> None:
        self.error_label.setText("\n".join(error.message for error in errors))

    def _show(self, answer: BenefitAnswer) -> None:
        rows: list[tuple[str, int, bool]] = [
            (line.label, line.amount, False) for line in answer.lines
        ]
        rows.append((_("Dibayar sekaligus"), answer.total, True))
        if answer.monthly is not None:
            rows.append((_("Pensiun bulan pertama"), answer.monthly, True))
        self.table.setRowCount(len(rows))
        for r, (label, amount, bold) in enumerate(rows):
            for c, text in ((self.COL_LABEL, label), (self.COL_AMOUNT, format_rupiah(amount))):
                item = QTableWidgetItem(text)
                align = (
                    Qt.AlignmentFlag.AlignLeft
                    if c == self.COL_LABEL
                    else Qt.AlignmentFlag.AlignRight
                )
                item.setTextAlignment(align | Qt.AlignmentFlag.AlignVCenter)
                if bold:
                    font = item.font()
                    font.setBold(True)
                    item.setFont(font)
                self.table.setItem(r, c, item)
        lines = [_("Dasar aturan: {source}").format(source=rule) for rule in answer.rules]
        lines += [f"• {note}" for note in answer.notes]
        self.notes_label.setText("\n".join(lines))
