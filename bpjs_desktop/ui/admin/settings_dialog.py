"""Office settings (Berkas → Pengaturan kantor…): the letterhead, the claims' service-level limits
and the public holidays, one tab each.

Each tab saves on its own (Enter, or its button); the service checks what was typed and its
refusals are shown beside the field they name, which gets the focus. Esc or Tutup closes, asking
first when a tab holds edits not saved. The reads and writes are single small queries and run on
the GUI thread, as the other settings dialogs do.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialogButtonBox,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from bpjs_desktop.domain.claims import ClaimType
from bpjs_desktop.domain.periods import format_date
from bpjs_desktop.errors import KnownError, ValidationError
from bpjs_desktop.i18n import _, ngettext
from bpjs_desktop.services import office_settings
from bpjs_desktop.services.context import allowed
from bpjs_desktop.services.office_settings import (
    HolidayRow,
    LetterheadInput,
    LetterheadSettings,
    SlaRow,
)
from bpjs_desktop.services.workstation import SignedIn
from bpjs_desktop.ui.common.events import DataKind, data_changed
from bpjs_desktop.ui.common.forms import (
    ERROR_STYLE,
    HINT_STYLE,
    DateEdit,
    FieldForm,
    field_value,
    line_edit,
)
from bpjs_desktop.ui.common.session_page import SessionDialog
from bpjs_desktop.ui.common.widgets import ask_discard, named_label, push_button

SAVED_STYLE = "color: #0b6e4f;"
# Beside a message line that may be hidden: the button keeps its own width, at the right.
BUTTON_ALIGNMENT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop


def _mnemonic_letters(texts: Iterable[str]) -> set[str]:
    return {m.group(1).lower() for t in texts if (m := re.search(r"&([^&\s])", t))}


def with_mnemonic(text: str, taken: set[str]) -> str:
    """*text* with an ``&`` before its first letter or digit no other control uses yet (the
    letter is then taken); unchanged when every one of them is taken."""
    for i, char in enumerate(text):
        if char.isascii() and char.isalnum() and char.lower() not in taken:
            taken.add(char.lower())
            return f"{text[:i]}&{text[i:]}"
    return text


class _SettingsTab(QWidget):
    """One tab: its form, a line for messages no field is named for (and "saved"), whether the
    user typed anything since it was filled or saved, and the button Enter presses."""

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(f"{name}_tab")
        self.form = FieldForm()
        self.form.layout_.setContentsMargins(0, 0, 0, 0)  # aligned with the tab's other lines
        self.message = named_label(f"{name}_message", wrap=True)
        self.message.setVisible(False)
        self.dirty = False
        self.default_button: QPushButton | None = None

    def action_row(
        self, text: str, name: str, slot: Callable[[], None]
    ) -> tuple[QHBoxLayout, QPushButton]:
        """The tab's last line: its message, then the button Enter presses (*text*)."""
        button = push_button(name, text, slot)
        self.default_button = button
        row = QHBoxLayout()
        row.addWidget(self.message, 1)
        row.addWidget(button, 0, BUTTON_ALIGNMENT)
        return row, button

    def watch(self, *edits: QLineEdit) -> None:
        for edit in edits:
            edit.textEdited.connect(self._on_field_edited)

    def _on_field_edited(self, _text: str) -> None:
        self.dirty = True
        if self.message.styleSheet() == SAVED_STYLE:
            self.message.setVisible(False)

    def first_field(self) -> QWidget:
        return self.form.widgets[self.form.order[0]]

    def _say(self, text: str, style: str) -> None:
        self.message.setText(text)
        self.message.setStyleSheet(style)
        self.message.setVisible(True)

    def run(self, action: Callable[[], Any]) -> Any | None:
        """Call *action* (a service write); show its refusal beside the fields and return None,
        or forget the edits and return what it returned."""
        self.form.clear_errors()
        self.message.setVisible(False)
        try:
            result = action()
        except ValidationError as exc:
            unplaced = self.form.show_errors(exc.errors)
            if unplaced:
                self._say("\n".join(e.message for e in unplaced), ERROR_STYLE)
            self._grow_to_fit()
            return None
        except KnownError as exc:
            self._say(exc.message, ERROR_STYLE)
            self._grow_to_fit()
            return None
        self.dirty = False
        return result

    def _grow_to_fit(self) -> None:
        """Make room for error lines that just appeared: a wrapped label in a form layout does
        not grow its row by itself (the message would be cut off and the field squeezed), so
        each one is given the height its text needs at its width; the window grows if it must,
        as ``FormDialog`` does."""
        for label in self.form.errors.values():
            column = label.parentWidget()
            width = column.width() if column is not None else label.width()
            label.setMinimumHeight(label.heightForWidth(width) if label.isVisible() else 0)
        window = self.window()
        layout = window.layout()
        if layout is not None:
            layout.activate()
        hint = window.sizeHint()
        if hint.height() > window.height() or hint.width() > window.width():
            window.resize(max(hint.width(), window.width()), max(hint.height(), window.height()))


class LetterheadTab(_SettingsTab):
    """An office's address and phone, and the region line and footer of every office's papers.

    Signals:
        saved(object): the :class:`LetterheadSettings` just stored.
    """

    saved = Signal(object)

    def __init__(self, session: SignedIn, parent: QWidget | None = None) -> None:
        super().__init__("letterhead", parent)
        self.session = session
        self.stored: LetterheadSettings | None = None
        self.office_combo = QComboBox()
        self.office_combo.setObjectName("office_combo")
        own = 0
        for office in office_settings.letterhead_offices(session.db, session.actor):
            self.office_combo.addItem(office.name, office.code)
            if office.name == session.office_name:
                own = self.office_combo.count() - 1
        self.office_combo.setCurrentIndex(own)
        self._shown_office = own
        self.address_edit = line_edit(office_settings.ADDRESS_MAX)
        self.phone_edit = line_edit(office_settings.PHONE_MAX)
        self.region_edit = line_edit(office_settings.REGION_MAX)
        self.footer_edit = line_edit(office_settings.FOOTER_MAX)
        self.form.add("office", _("Ka&ntor"), self.office_combo)
        self.form.add("address", _("&Alamat"), self.address_edit)
        self.form.add(
            "phone", _("Tele&pon"), self.phone_edit, _("Misalnya (031) 3981234; boleh kosong")
        )
        heading = named_label(
            "all_offices_heading",
            _("Berlaku untuk surat semua kantor"),
            style="font-weight: 600; padding-top: 8px;",
        )
        self.form.add_widget(heading)
        self.form.add(
            "region",
            _("&Baris wilayah"),
            self.region_edit,
            _("Dicetak di atas nama kantor; kosongkan untuk nama kantor induknya"),
        )
        self.form.add(
            "footer",
            _("Kak&i surat"),
            self.footer_edit,
            _("Dicetak di bawah tanda terima dan surat penetapan klaim; kosongkan untuk teks baku"),
        )
        self.preview = named_label("letterhead_preview")
        self.preview.setTextFormat(Qt.TextFormat.PlainText)
        self.preview.setWordWrap(True)
        self.preview.setFrameShape(QFrame.Shape.StyledPanel)
        self.preview.setMargin(8)
        self.preview.setStyleSheet("background: palette(base);")
        preview_caption = QLabel(_("Contoh kop surat:"))
        preview_caption.setStyleSheet(HINT_STYLE)
        buttons, self.save_button = self.action_row(
            _("&Simpan"), "letterhead_save_button", self.save
        )
        layout = QVBoxLayout(self)
        layout.addWidget(self.form)
        layout.addWidget(preview_caption)
        layout.addWidget(self.preview)
        layout.addStretch(1)
        layout.addLayout(buttons)
        self.watch(self.address_edit, self.phone_edit, self.region_edit, self.footer_edit)
        for edit in (self.address_edit, self.phone_edit, self.region_edit, self.footer_edit):
            edit.textChanged.connect(self._on_text_changed)
        self.office_combo.currentIndexChanged.connect(self._on_office_changed)
        if self.office_combo.count():
            self._fill(office_settings.letterhead(session.db, self.office_code()))
        else:
            self.save_button.setEnabled(False)

    def office_code(self) -> str:
        return str(self.office_combo.currentData() or "")

    def _fill(self, stored: LetterheadSettings) -> None:
        self.stored = stored
        self.address_edit.setText(stored.address)
        self.phone_edit.setText(stored.phone)
        self.region_edit.setText(stored.region)
        self.region_edit.setPlaceholderText(stored.default_region)
        self.footer_edit.setText(stored.footer)
        self.footer_edit.setPlaceholderText(stored.default_footer)
        self.dirty = False
        self._on_text_changed()

    def _on_text_changed(self, _text: str = "") -> None:
        if self.stored is None:
            return
        region = self.region_edit.text().strip() or self.stored.default_region
        contact = " · ".join(
            t for t in (self.address_edit.text().strip(), self.phone_edit.text().strip()) if t
        )
        office = self.stored.office_name
        above = office_settings.region_above(region, office)  # the printed papers' rule
        lines = ["BPJS Ketenagakerjaan", f"{above} · {office}" if above else office]
        if contact:
            lines.append(contact)
        self.preview.setText("\n".join(lines))

    def _on_office_changed(self, index: int) -> None:
        if index == self._shown_office:
            return
        question = _("Isian kop surat {office} belum disimpan. Buang isian dan pindah kantor?")
        office = self.stored.office_name if self.stored is not None else ""
        if self.dirty and not ask_discard(self, question.format(office=office)):
            self.office_combo.blockSignals(True)
            self.office_combo.setCurrentIndex(self._shown_office)
            self.office_combo.blockSignals(False)
            return
        self._shown_office = index
        self.form.clear_errors()
        self.message.setVisible(False)
        self._fill(office_settings.letterhead(self.session.db, self.office_code()))

    def save(self) -> None:
        data = LetterheadInput(
            self.office_code(),
            self.address_edit.text(),
            self.phone_edit.text(),
            self.region_edit.text(),
            self.footer_edit.text(),
        )
        stored = self.run(
            lambda: office_settings.set_letterhead(self.session.db, self.session.actor, data)
        )
        if stored is None:
            return
        self._fill(stored)
        self._say(_("Kop surat {office} tersimpan.").format(office=stored.office_name), SAVED_STYLE)
        self.saved.emit(stored)


class SlaTab(_SettingsTab):
    """The working days allowed per claim type: the rule's, and the office's own where set.

    Signals:
        saved(object): the list of :class:`SlaRow` now in force.
    """

    saved = Signal(object)

    def __init__(self, session: SignedIn, taken: set[str], parent: QWidget | None = None) -> None:
        super().__init__("sla", parent)
        self.session = session
        intro = named_label(
            "sla_intro",
            _(
                "Hari kerja dari dokumen lengkap sampai klaim dibayar. Isi batas kantor "
                "({least}–{most} hari kerja), atau kosongkan untuk mengikuti aturan."
            ).format(least=office_settings.SLA_MIN, most=office_settings.SLA_MAX),
            wrap=True,
        )
        self.edits: dict[ClaimType, QLineEdit] = {}
        rows = office_settings.sla_settings(session.db)
        for row in rows:
            edit = QLineEdit()
            edit.setObjectName(f"sla_{row.claim_type.value.lower()}_edit")
            edit.setMaximumWidth(edit.fontMetrics().horizontalAdvance("0") * 14)
            edit.setAlignment(Qt.AlignmentFlag.AlignRight)
            edit.setPlaceholderText(_("ikut aturan"))
            self.form.add(
                office_settings.sla_field(row.claim_type),
                with_mnemonic(row.label, taken),
                edit,
                _("Aturan: {n} hari kerja").format(n=row.rule_days),
            )
            self.edits[row.claim_type] = edit
            self.watch(edit)
        buttons, self.save_button = self.action_row(_("&Simpan"), "sla_save_button", self.save)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.form)
        layout.addStretch(1)
        layout.addLayout(buttons)
        self._fill(rows)

    def _fill(self, rows: list[SlaRow]) -> None:
        for row in rows:
            self.edits[row.claim_type].setText(
                "" if row.office_days is None else str(row.office_days)
            )
        self.dirty = False

    def save(self) -> None:
        typed = {claim_type: edit.text() for claim_type, edit in self.edits.items()}
        rows = self.run(
            lambda: office_settings.set_sla_days(self.session.db, self.session.actor, typed)
        )
        if rows is None:
            return
        self._fill(rows)
        self._say(_("Batas waktu layanan klaim tersimpan."), SAVED_STYLE)
        self.saved.emit(rows)


class _YearSpinBox(QSpinBox):
    """A year; Enter takes the year typed and goes no further (it must not add a holiday)."""

    def keyPressEvent(self, event: QKeyEvent) -> None:
        super().keyPressEvent(event)
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            event.accept()


class HolidaysTable(QTableWidget):
    """The holidays of a year; Delete asks to remove the selected one.

    Signals:
        delete_pressed(): the user pressed Delete on a row.
    """

    delete_pressed = Signal()
    COL_DAY, COL_WEEKDAY, COL_NAME = range(3)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Delete and self.currentRow() >= 0:
            self.delete_pressed.emit()
            event.accept()
            return
        super().keyPressEvent(event)


class HolidaysTab(_SettingsTab):
    """A year's public holidays: add one (date and name), remove the selected one.

    Signals:
        changed(object): the :class:`HolidayRow` just added or removed.
    """

    changed = Signal(object)

    def __init__(self, session: SignedIn, parent: QWidget | None = None) -> None:
        super().__init__("holidays", parent)
        self.session = session
        self.rows: list[HolidayRow] = []
        self.year_spin = _YearSpinBox()
        self.year_spin.setObjectName("year_spin")
        self.year_spin.setRange(*office_settings.HOLIDAY_YEARS)
        self.year_spin.setKeyboardTracking(False)
        self.year_spin.setValue(office_settings.holiday_year(session.db))
        year_label = QLabel(_("Ta&hun"))
        year_label.setBuddy(self.year_spin)
        self.summary_label = named_label("holidays_summary", style=HINT_STYLE)
        top = QHBoxLayout()
        top.addWidget(year_label)
        top.addWidget(self.year_spin)
        top.addSpacing(12)
        top.addWidget(self.summary_label, 1)

        self.table = HolidaysTable(0, 3)
        self.table.setObjectName("holidays_table")
        self.table.setHorizontalHeaderLabels([_("Tanggal"), _("Hari"), _("Nama")])
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(HolidaysTable.COL_DAY, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(
            HolidaysTable.COL_WEEKDAY, QHeaderView.ResizeMode.ResizeToContents
        )
        header.setSectionResizeMode(HolidaysTable.COL_NAME, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(self.table.fontMetrics().height() + 8)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setTabKeyNavigation(False)
        self.remove_button = push_button("remove_holiday_button", _("Ha&pus"))
        self.remove_button.setToolTip(_("Hapus hari libur yang dipilih (Delete)"))
        self.remove_button.setAutoDefault(False)
        self.remove_button.clicked.connect(self.remove_selected)
        self.table.delete_pressed.connect(self.remove_selected)
        remove_row = QHBoxLayout()
        remove_row.addStretch(1)
        remove_row.addWidget(self.remove_button)

        add_heading = QLabel(_("Tambah hari libur"))
        add_heading.setStyleSheet("font-weight: 600;")
        self.day_edit = DateEdit()
        self.day_edit.setObjectName("day_edit")
        self.day_edit.setMaximumWidth(self.day_edit.fontMetrics().horizontalAdvance("0") * 16)
        self.name_edit = QLineEdit()
        self.name_edit.setObjectName("name_edit")
        self.name_edit.setMaxLength(office_settings.HOLIDAY_NAME_MAX)
        self.form.add("day", _("Ta&nggal"), self.day_edit)
        self.form.add("name", _("Na&ma"), self.name_edit, _("Misalnya Hari Jadi Kabupaten Gresik"))
        self.watch(self.day_edit, self.name_edit)
        buttons, self.add_button = self.action_row(_("T&ambah"), "add_holiday_button", self.add)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addLayout(remove_row)
        layout.addWidget(add_heading)
        layout.addWidget(self.form)
        layout.addLayout(buttons)
        self.year_spin.valueChanged.connect(self._on_year_changed)
        self.load()

    def first_field(self) -> QWidget:
        return self.day_edit

    def load(self, select: HolidayRow | None = None) -> None:
        """Show the chosen year's holidays; select *select* if it is among them."""
        year = self.year_spin.value()
        self.rows = office_settings.holidays(self.session.db, year)
        self.table.setRowCount(len(self.rows))
        for index, row in enumerate(self.rows):
            cells = (format_date(row.day), office_settings.day_name(row.day), row.name)
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if row.weekend:
                    item.setForeground(self.palette().placeholderText())
                self.table.setItem(index, column, item)
        weekdays = sum(not r.weekend for r in self.rows)
        self.summary_label.setText(
            ngettext(
                "{n} hari libur pada {year}, {k} di hari kerja",
                "{n} hari libur pada {year}, {k} di hari kerja",
                len(self.rows),
            ).format(n=len(self.rows), year=year, k=weekdays)
        )
        self.remove_button.setEnabled(bool(self.rows))
        if select is not None and select in self.rows:
            self.table.setCurrentCell(self.rows.index(select), HolidaysTable.COL_DAY)

    def _on_year_changed(self, _year: int) -> None:
        self.load()

    def selected(self) -> HolidayRow | None:
        rows = self.table.selectionModel().selectedRows()
        return self.rows[rows[0].row()] if rows else None

    def add(self) -> None:
        def add_typed() -> HolidayRow:
            day = field_value("day", self.day_edit.value)
            return office_settings.add_holiday(
                self.session.db, self.session.actor, day, self.name_edit.text()
            )

        added = self.run(add_typed)
        if added is None:
            return
        self.day_edit.clear()
        self.name_edit.clear()
        if self.year_spin.value() != added.day.year:
            self.year_spin.blockSignals(True)
            self.year_spin.setValue(added.day.year)
            self.year_spin.blockSignals(False)
        self.load(select=added)
        self._say(
            _("{day} ditambahkan sebagai hari libur.").format(day=format_date(added.day)),
            SAVED_STYLE,
        )
        self.day_edit.setFocus()
        self.changed.emit(added)

    def remove_selected(self) -> None:
        holiday = self.selected()
        if holiday is None:
            self._say(_("Pilih dulu hari libur yang akan dihapus."), ERROR_STYLE)
            self.table.setFocus()
            return
        what = format_date(holiday.day) + (f" ({holiday.name})" if holiday.name else "")
        answer = QMessageBox.question(
            self,
            _("Hapus hari libur?"),
            _("Hapus {holiday} dari daftar hari libur? Hari itu menjadi hari kerja lagi.").format(
                holiday=what
            ),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        removed = self.run(
            lambda: office_settings.remove_holiday(self.session.db, self.session.actor, holiday.day)
        )
        if removed is None:
            self.load()
            return
        row = self.table.currentRow()
        self.load()
        if self.rows:
            self.table.setCurrentCell(min(row, len(self.rows) - 1), HolidaysTable.COL_DAY)
        self.table.setFocus()
        self._say(_("{day} dihapus dari hari libur.").format(day=what), SAVED_STYLE)
        self.changed.emit(removed)


class IdleLockTab(_SettingsTab):
    """The minutes without input after which every workstation's screen locks (issue #11): one
    value for the whole database, changed by the administrator; a branch head reads it.

    Signals:
        saved(int): the minutes now in force.
    """

    saved = Signal(int)

    def __init__(self, session: SignedIn, parent: QWidget | None = None) -> None:
        super().__init__("idle_lock", parent)
        self.session = session
        may = allowed(session.actor, "idle_lock.set")  # the service requires it again
        intro = named_label(
            "idle_lock_intro",
            _(
                "Layar setiap komputer dikunci setelah sekian menit tanpa ketikan atau klik, "
                "dan meminta kata sandi pengguna lagi; isian yang terbuka tetap ada. "
                "Berlaku untuk semua kantor."
            )
            if may
            else _(
                "Layar setiap komputer dikunci setelah sekian menit tanpa ketikan atau klik. "
                "Hanya administrator dan kepala kantor wilayah yang dapat mengubahnya."
            ),
            wrap=True,
        )
        self.minutes_edit = QLineEdit()
        self.minutes_edit.setObjectName("idle_minutes_edit")
        self.minutes_edit.setMaximumWidth(
            self.minutes_edit.fontMetrics().horizontalAdvance("0") * 14
        )
        self.minutes_edit.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.minutes_edit.setReadOnly(not may)
        self.form.add(
            "idle_minutes",
            _("&Menit tanpa kegiatan"),
            self.minutes_edit,
            _("{least}–{most} menit; bawaan {default}").format(
                least=office_settings.IDLE_LOCK_MIN,
                most=office_settings.IDLE_LOCK_MAX,
                default=office_settings.IDLE_LOCK_DEFAULT,
            ),
        )
        self.watch(self.minutes_edit)
        buttons, self.save_button = self.action_row(
            _("&Simpan"), "idle_lock_save_button", self.save
        )
        self.save_button.setEnabled(may)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.form)
        layout.addStretch(1)
        layout.addLayout(buttons)
        self.minutes_edit.setText(str(office_settings.idle_lock_minutes(session.db)))
        self.dirty = False

    def save(self) -> None:
        typed = self.minutes_edit.text()
        minutes = self.run(
            lambda: office_settings.set_idle_lock_minutes(
                self.session.db, self.session.actor, typed
            )
        )
        if minutes is None:
            return
        self.minutes_edit.setText(str(minutes))
        self._say(_("Waktu kunci layar tersimpan."), SAVED_STYLE)
        self.saved.emit(minutes)


class SettingsDialog(SessionDialog):
    """Pengaturan kantor: the letterhead, the claims' service-level limits, the holidays.

    Signals:
        letterhead_saved(object): the :class:`LetterheadSettings` just stored.
        sla_days_saved(object): the :class:`SlaRow` list now in force.
        holidays_changed(object): the :class:`HolidayRow` just added or removed.
        idle_lock_saved(int): the idle lock's minutes now in force.
    """

    letterhead_saved = Signal(object)
    sla_days_saved = Signal(object)
    holidays_changed = Signal(object)
    idle_lock_saved = Signal(int)

    @staticmethod
    def allowed(session: SignedIn) -> bool:
        """Whether the signed-in role may open the dialog (the head of office, the administrator)."""
        return allowed(session.actor, "office.settings")

    def __init__(self, session: SignedIn, parent: QWidget | None = None) -> None:
        super().__init__(session, "settings_dialog", _("Pengaturan kantor"), parent)
        titles = (_("&Kop surat"), _("Batas &waktu klaim"), _("Hari &libur"), _("Kunci la&yar"))
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close = self.buttons.button(QDialogButtonBox.StandardButton.Close)
        close.setText(_("&Tutup"))
        close.setObjectName("close_button")
        close.setAutoDefault(False)
        self.close_button = close
        self.buttons.rejected.connect(self.reject)
        taken = _mnemonic_letters([*titles, close.text(), _("&Simpan")])
        self.letterhead_tab = LetterheadTab(session)
        self.sla_tab = SlaTab(session, taken)
        self.holidays_tab = HolidaysTab(session)
        self.idle_lock_tab = IdleLockTab(session)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("settings_tabs")
        for tab, title in zip(self.settings_tabs(), titles, strict=True):
            self.tabs.addTab(tab, title)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.buttons)
        self.letterhead_tab.saved.connect(self.letterhead_saved)
        self.sla_tab.saved.connect(self.sla_days_saved)
        self.holidays_tab.changed.connect(self.holidays_changed)
        # The claims' due dates count these days: the claim lists reload (ui/common/events.py).
        # No one office: the limits and the holidays are the region's, the same in every office.
        self.sla_tab.saved.connect(lambda _rows: data_changed(DataKind.SETTINGS))
        self.holidays_tab.changed.connect(lambda _row: data_changed(DataKind.SETTINGS))
        self.idle_lock_tab.saved.connect(self.idle_lock_saved)
        self.tabs.currentChanged.connect(self._on_tabs_current_changed)
        # Wide enough for the hints and most messages to fit on one line each.
        hint = self.sizeHint()
        self.resize(max(hint.width(), 680), max(hint.height(), 640))
        self._on_tabs_current_changed(0)

    def settings_tabs(self) -> tuple[_SettingsTab, ...]:
        return (self.letterhead_tab, self.sla_tab, self.holidays_tab, self.idle_lock_tab)

    def _on_tabs_current_changed(self, index: int) -> None:
        tab = self.settings_tabs()[index]
        if tab.default_button is not None:
            tab.default_button.setDefault(True)
        tab.first_field().setFocus(Qt.FocusReason.TabFocusReason)

    def unsaved(self) -> bool:
        return any(tab.dirty for tab in self.settings_tabs())

    def reject(self) -> None:
        if self.unsaved() and not ask_discard(self):
            return
        super().reject()
