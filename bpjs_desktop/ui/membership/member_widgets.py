"""Pieces shared by the membership dialogs: two-column forms, the "saved" state that shows the
number issued, the NIK read-out, the contribution preview, office and user choices."""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from datetime import date

from PySide6.QtCore import QCoreApplication, QEvent, Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QSizePolicy,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from bpjs_desktop.domain.contributions import Contribution
from bpjs_desktop.domain.identifiers import (
    IdentifierError,
    Sex,
    clean_digits,
    nik_discrepancies,
    parse_nik,
    read_partial_nik,
)
from bpjs_desktop.domain.money import format_rupiah
from bpjs_desktop.domain.periods import format_date
from bpjs_desktop.domain.regions import JATIM_REGENCIES
from bpjs_desktop.domain.roles import Role
from bpjs_desktop.errors import KnownError
from bpjs_desktop.i18n import _
from bpjs_desktop.services import (
    auth,
    employer_registry,
)
from bpjs_desktop.services.membership_common import EmployerRow
from bpjs_desktop.services.workstation import SignedIn
from bpjs_desktop.ui.common.forms import (
    ERROR_STYLE,
    HINT_STYLE,
    WARNING_STYLE,
    FieldForm,
    FormDialog,
    set_readout,
)
from bpjs_desktop.ui.common.widgets import combo_box, named_label

OK_STYLE = "color: #1b5e20;"
# Boxes without style-sheet padding: QLabel.setMargin is counted in a word-wrapped label's
# height for its width, padding is not (the last line would be cut off).
DONE_STYLE = "QLabel { background: #e8f5e9; color: #1b5e20; border-radius: 4px; }"
TOP_ERROR_STYLE = "QLabel { background: #fdecea; color: #b00020; border-radius: 4px; }"


def chain_tab_order(widgets: Sequence[QWidget]) -> None:
    """Tab moves through *widgets* in this order (the order the user reads the form)."""
    for first, second in itertools.pairwise(widgets):
        QWidget.setTabOrder(first, second)


def section_title(text: str) -> QLabel:
    title = QLabel(text)
    font = title.font()
    font.setBold(True)
    title.setFont(font)
    title.setContentsMargins(0, 6, 0, 2)
    return title


class _FieldColumn(QWidget):
    """A field with its hint and error lines under it.

    It reports no height-for-width: QFormLayout hands rows that do a height it computes for
    another width, and a hint of three lines was cut to one. The lines it holds get minimum
    heights for their text instead (:meth:`RecordDialog.fit_height`), which layouts respect.
    """

    def hasHeightForWidth(self) -> bool:
        return False


class ColumnFieldForm(FieldForm):
    """A :class:`FieldForm` whose rows sit in side-by-side columns (a form too tall for one).

    Rows are added to :attr:`column` (or the one named); :meth:`add_wide` puts a widget across
    all columns below them. Errors, focus and hidden rows work as in :class:`FieldForm`.
    """

    def __init__(self, columns: int = 2, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._outer = self.layout_
        self._outer.setContentsMargins(0, 0, 0, 0)
        row = _FieldColumn()
        box = QHBoxLayout(row)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(24)
        self.columns: list[QFormLayout] = []
        for _index in range(columns):
            holder = _FieldColumn()
            form = QFormLayout(holder)
            form.setContentsMargins(0, 0, 0, 0)
            form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
            form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            box.addWidget(holder, 1, Qt.AlignmentFlag.AlignTop)
            self.columns.append(form)
        self._outer.addRow(row)
        self.column = 0

    def add(
        self,
        name: str,
        text: str,
        widget: QWidget,
        hint: str | None = None,
        column: int | None = None,
    ) -> QWidget:
        """Add a row as :meth:`FieldForm.add` does, to a column."""
        holder = _FieldColumn()
        # Every field as wide as its column, so that a hint under a short combo box wraps at
        # the column's width instead of the combo's.
        holder.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        label, lines = self.stack_field(
            name, text, widget, hint, holder, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop
        )
        lines.addStretch(1)  # room to spare goes below the lines, not between them
        self.columns[self.column if column is None else column].addRow(label, holder)
        return widget

    def add_title(self, text: str, column: int | None = None) -> QLabel:
        title = section_title(text)
        self.columns[self.column if column is None else column].addRow(title)
        return title

    def add_wide(self, widget: QWidget) -> None:
        """A full-width row under the columns (a preview, a note)."""
        self._outer.addRow(widget)

    def set_row_visible(self, name: str, visible: bool) -> None:
        holder = self.widgets[name].parentWidget()
        assert holder is not None
        for form in self.columns:
            if form.indexOf(holder) >= 0:
                form.setRowVisible(holder, visible)
                return
        super().set_row_visible(name, visible)


class RecordDialog(FormDialog):
    """A :class:`FormDialog` for registrations and changes of members.

    Problems that belong to no field (a conflict naming the existing member) are shown at the
    top. With ``show_result`` the dialog does not close on a successful save: it shows what was
    issued (the NPP, the KPJ) in a green box, greys the form, and Enter or Esc closes it.
    """

    show_result = True

    def __init__(
        self,
        title: str,
        parent: QWidget | None = None,
        save_text: str | None = None,
        columns: int = 1,
    ) -> None:
        super().__init__(title, parent, save_text)
        form = ColumnFieldForm(columns)
        self.main_layout.replaceWidget(self.form, form)
        self.form.deleteLater()
        self.form = form
        self.main_layout.removeWidget(self.general_error)
        self.main_layout.insertWidget(0, self.general_error)
        self.general_error.setStyleSheet(TOP_ERROR_STYLE)
        self.general_error.setMargin(8)
        self.done_label = named_label("done_label", style=DONE_STYLE)
        self.done_label.setMargin(8)
        self.done_label.setWordWrap(True)
        self.done_label.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.done_label.setVisible(False)
        self.main_layout.insertWidget(0, self.done_label)
        self.finished_saving = False

    def fit_height(self) -> None:
        """Keep every word-wrapped read-out whole when its text grows (the dialog grows too).

        WORKAROUND: Qt lays out a word-wrapped label by its height for its width, which the
        form layouts here (three deep) do not carry up reliably: a longer hint under a field was
        cut off and the window did not grow. Each such label gets, as its minimum height, the
        height its text needs at its width as a fixed height; minimum sizes do travel up, and the
        window grows.
        """
        layout = self.layout()
        if layout is None or not self.isVisible():
            return
        for _attempt in range(6):
            # Nested layouts re-measure one level per posted LayoutRequest: let them settle.
            for _level in range(6):
                QCoreApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
            changed = False
            for label in self.findChildren(QLabel):
                if not label.wordWrap():
                    continue
                wanted = (
                    label.heightForWidth(label.width())
                    if label.isVisible() and label.text() and label.width() > 0
                    else 0
                )
                wanted = max(wanted, 0)
                if label.minimumHeight() != wanted or label.maximumHeight() != wanted:
                    # Fixed, not only a minimum: a wrapped label's size hint can be taller
                    # than its text and would leave a gap under a one-line error.
                    label.setFixedHeight(wanted)
                    changed = True
            if not changed:
                break
            layout.activate()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.fit_height()

    def done_text(self, result: object) -> str:
        """What the green box says once *result* is saved (override)."""
        return _("Tersimpan.")

    def accept(self) -> None:
        if not self.show_result or self.finished_saving or self.result_value is None:
            QDialog.accept(self)
            return
        # The first accept after a save: keep the dialog open to show what was issued.
        self.finished_saving = True
        self.done_label.setText(self.done_text(self.result_value))
        self.done_label.setVisible(True)
        self.general_error.setVisible(False)
        self.show_read_only()

    def show_read_only(self) -> None:
        """Grey the form (what is shown is saved), leaving one button: Close."""
        for edit in self.form.findChildren(QLineEdit):
            if not edit.text():
                edit.setPlaceholderText("")  # a greyed hint would read like a value
        self.form.setEnabled(False)
        self.save_button.setText(_("&Tutup"))
        cancel = self.buttons.button(self.buttons.StandardButton.Cancel)
        cancel.setVisible(False)
        self.save_button.setFocus(Qt.FocusReason.OtherFocusReason)
        self.fit_height()

    def save(self) -> None:
        if self.finished_saving:
            QDialog.accept(self)
            return
        super().save()
        # A live read-out under a field that now shows the service's refusal says it twice.
        for name, error in self.form.errors.items():
            hint = self.form.findChild(QLabel, f"{name}_hint")
            if (
                error.isVisibleTo(self)
                and hint is not None
                and (hint.text().startswith("⚠") or hint.text() in error.text())
            ):
                hint.setVisible(False)
        self.fit_height()  # errors beside the fields, a message on top

    def reject(self) -> None:
        if self.finished_saving:
            QDialog.accept(self)  # the record is saved: closing is not a cancel
            return
        super().reject()


# --- NIK read-out -----------------------------------------------------------------------------


class NikReadout:
    """What the digits of a NIK typed so far say (under the NIK field), and where the birth date
    or sex entered disagree with the NIK (under those fields)."""

    def __init__(self, label: QLabel, birth_label: QLabel, sex_label: QLabel) -> None:
        self.label = label
        self.birth_label = birth_label
        self.sex_label = sex_label
        for each in (label, birth_label, sex_label):
            each.setTextFormat(Qt.TextFormat.PlainText)

    def update(self, text: str, birth_date: date | None, sex: Sex | None) -> None:
        self._flag(self.birth_label, None)
        self._flag(self.sex_label, None)
        digits = "".join(text.split())
        if not digits:
            self._show(_("16 digit angka sesuai KTP"), HINT_STYLE)
            return
        if len(digits) < 16:
            partial = read_partial_nik(digits)
            parts = [_("{n} dari 16 digit").format(n=partial.digits)]
            if partial.regency:
                parts.append(partial.regency)
            elif partial.province:
                parts.append(partial.province)
            if partial.birth_date is not None and partial.sex is not None:
                parts.append(partial.sex.label)
                parts.append(_("lahir {day}").format(day=format_date(partial.birth_date)))
            self._show(" · ".join(parts), HINT_STYLE)
            return
        try:
            info = parse_nik(digits)
        except IdentifierError as exc:
            self._show(exc.message, ERROR_STYLE)
            return
        place = info.regency or info.regency_code
        decoded = _("{sex}, lahir {day} · {place}, {province}").format(
            sex=info.sex.label,
            day=format_date(info.birth_date),
            place=place,
            province=info.province,
        )
        problems = {
            p.field: p.message for p in nik_discrepancies(info, birth_date=birth_date, sex=sex)
        }
        self._flag(self.birth_label, problems.get("birth_date"))
        self._flag(self.sex_label, problems.get("sex"))
        if problems:
            self._show("⚠ " + decoded, WARNING_STYLE)
        else:
            self._show("✓ " + decoded, OK_STYLE)

    def _show(self, text: str, style: str) -> None:
        self.label.setText(text)
        self.label.setStyleSheet(style)
        self.label.setVisible(True)

    def _flag(self, label: QLabel, problem: str | None) -> None:
        set_readout(label, f"⚠ {problem}" if problem else "", WARNING_STYLE)
        label.setVisible(problem is not None)


# --- contribution preview -------------------------------------------------------------------


def contribution_table(name: str) -> QTableWidget:
    """A read-only table of a contribution: programme, employer's, worker's share and total."""
    table = QTableWidget(0, 4)
    table.setObjectName(name)
    table.setHorizontalHeaderLabels([_("Program"), _("Pemberi kerja"), _("Pekerja"), _("Jumlah")])
    table.verticalHeader().setVisible(False)
    table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
    return table


def show_contribution_rows(table: QTableWidget, contribution: Contribution) -> None:
    """Fill a :func:`contribution_table`: a row per programme, then the total in bold."""
    rows = [(line.key, line.employer, line.worker, line.total) for line in contribution.lines]
    rows.append((_("Total"), contribution.employer, contribution.worker, contribution.total))
    table.setRowCount(len(rows))
    for r, (key, employer, worker, total) in enumerate(rows):
        for c, text in enumerate(
            (key, format_rupiah(employer), format_rupiah(worker), format_rupiah(total))
        ):
            item = QTableWidgetItem(text)
            align = Qt.AlignmentFlag.AlignLeft if c == 0 else Qt.AlignmentFlag.AlignRight
            item.setTextAlignment(align | Qt.AlignmentFlag.AlignVCenter)
            if r == len(rows) - 1:
                font = item.font()
                font.setBold(True)
                item.setFont(font)
            table.setItem(r, c, item)


class ContributionPreview(QWidget):
    """Each programme's contribution with the employer's and the worker's share, and notes."""

    def hasHeightForWidth(self) -> bool:
        return False  # sized by minimum heights, as the form's rows are (RecordDialog.fit_height)

    COL_PROGRAMME, COL_EMPLOYER, COL_WORKER, COL_TOTAL = range(4)
    ROWS = 6  # the most there can be: five programmes and the total

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("contribution_preview")
        self.title = section_title(_("Perkiraan iuran"))
        self.title.setObjectName("preview_title")
        self.table = contribution_table("preview_table")
        self.table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.table.setSelectionMode(QTableWidget.SelectionMode.NoSelection)
        self.table.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
        self.notes = named_label("preview_notes", wrap=True, style=HINT_STYLE)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.title)
        layout.addWidget(self.table)
        layout.addWidget(self.notes)
        self.contribution: Contribution | None = None
        self.show_contribution(None, _("Isi data kepesertaan untuk melihat iurannya."))

    def _fit_height(self, rows: int) -> None:
        row_height = self.table.verticalHeader().defaultSectionSize()
        header = self.table.horizontalHeader().sizeHint().height()
        self.table.setFixedHeight(header + row_height * max(rows, 1) + 4)

    def show_contribution(self, contribution: Contribution | None, message: str = "") -> None:
        """Show *contribution*, or *message* when there is none to show."""
        self.contribution = contribution
        self.table.setRowCount(0)
        if contribution is None:
            self._fit_height(self.ROWS)
            self.notes.setText(message)
            return
        show_contribution_rows(self.table, contribution)
        self._fit_height(self.ROWS)
        notes = [
            _("Dibayar sekali.") if contribution.one_off else _("Per bulan."),
            *contribution.notes,
        ]
        if contribution.government:
            notes.append(
                _("Dibayar pemerintah (JKP): {amount}").format(
                    amount=format_rupiah(contribution.government)
                )
            )
        self.notes.setText(" ".join(f"{n.rstrip('.')}." for n in notes))

    def row_texts(self, row: int) -> list[str]:
        items = [self.table.item(row, c) for c in range(self.table.columnCount())]
        return [item.text() if item is not None else "" for item in items]


# --- choices ----------------------------------------------------------------------------------


def fill_ar_combo(combo: QComboBox, session: SignedIn, office_code: str | None) -> None:
    """The account representatives of *office_code*, after a "not yet" choice."""
    current = combo.currentData()
    combo.clear()
    combo.addItem(_("(belum ditentukan)"), None)
    for user in auth.list_users(session.db):
        if user.role is Role.AR and user.active and user.office_code == office_code:
            combo.addItem(f"{user.full_name} ({user.username})", user.username)
    index = combo.findData(current) if current else -1
    combo.setCurrentIndex(max(index, 0))


def fill_regency_combo(combo: QComboBox) -> None:
    """Jawa Timur's regencies and cities by place name ("Gresik (Kab.)"), so that typing the
    first letters of the place finds it; a "choose" entry first."""
    combo.addItem(_("(pilih)"), None)
    places = []
    for code, name in JATIM_REGENCIES.items():
        kind, _sep, place = name.partition(" ")
        places.append((place, kind, code))
    for place, kind, code in sorted(places):
        combo.addItem(f"{place} ({kind})", code)
        combo.setItemData(combo.count() - 1, code, Qt.ItemDataRole.ToolTipRole)


def look_up_employer(
    session: SignedIn, text: str, hint: QLabel, prompt: str | None = None
) -> EmployerRow | None:
    """The employer whose NPP is typed in *text*, or None; then *hint* says why: *prompt* (by
    default, that the name shows once the NPP is whole) or the service's refusal. What to show
    of an employer found is the caller's."""
    npp = clean_digits(text).upper()
    if len(npp) < 8:
        set_readout(hint, prompt or _("Nama pemberi kerja tampil saat NPP lengkap"))
        return None
    try:
        return employer_registry.get_employer(session.db, npp, actor=session.actor)
    except KnownError as exc:
        set_readout(hint, exc.message, ERROR_STYLE)
        return None


def sex_combo() -> QComboBox:
    combo = combo_box([(_("(pilih)"), None), *((sex.label, sex.value) for sex in Sex)])
    return combo


def combo_sex(combo: QComboBox) -> Sex | None:
    value = combo.currentData()
    return Sex(value) if value else None


def hint_label(form: FieldForm, name: str) -> QLabel:
    """The grey hint line under field *name* (added with a hint text)."""
    label = form.findChild(QLabel, f"{name}_hint")
    assert label is not None, f"field {name} has no hint line"
    return label
