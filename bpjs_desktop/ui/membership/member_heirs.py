"""A member's heirs (ahli waris) on the member page: the list in the order of entitlement the
service keeps (spouse, children eldest first, parents, others), and a form to add, correct or
remove one (issue #10). The service checks every field and writes the audit event."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from bpjs_desktop.domain.claim_details import HeirRelation
from bpjs_desktop.domain.periods import age_on, format_date
from bpjs_desktop.domain.scholarships import SchoolLevel
from bpjs_desktop.errors import KnownError
from bpjs_desktop.i18n import _
from bpjs_desktop.services import clock, heirs
from bpjs_desktop.services.context import allowed
from bpjs_desktop.services.heirs import HeirInput, HeirRow
from bpjs_desktop.services.workstation import SignedIn
from bpjs_desktop.ui.common.forms import HINT_STYLE, DateEdit, field_value
from bpjs_desktop.ui.common.session_page import SessionPage
from bpjs_desktop.ui.common.widgets import combo_box, named_label, push_button, show_error
from bpjs_desktop.ui.membership.member_jht import cell, fill, table
from bpjs_desktop.ui.membership.member_widgets import RecordDialog, chain_tab_order


def documents_text(heir: HeirRow) -> str:
    received = []
    if heir.statement_received:
        received.append(_("surat keterangan ahli waris"))
    if heir.id_received:
        received.append(_("KTP/KK/akta lahir"))
    text = ", ".join(received) if received else _("belum ada")
    return f"{text} · {heir.documents_note}" if heir.documents_note else text


class HeirsPanel(SessionPage):
    """The heirs of the person on the member page.

    Signals:
        changed(int): an heir was added, corrected or removed (the person's id).
    """

    changed = Signal(int)

    COL_RANK, COL_NAME, COL_RELATION, COL_NIK, COL_BIRTH, COL_SCHOOL, COL_DOCUMENTS = range(7)

    def __init__(self, session: SignedIn, parent: QWidget | None = None) -> None:
        super().__init__(session, "heirs_panel", parent)
        self.person_id: int | None = None
        self.rows: list[HeirRow] = []
        note = QLabel(
            _(
                "Urutan menurut hak: suami/istri, anak (yang tertua dahulu), orang tua, lalu ahli "
                "waris lain. Santunan kematian, pensiun janda/duda/anak dan beasiswa dibayarkan "
                "kepada mereka."
            )
        )
        note.setWordWrap(True)
        note.setStyleSheet(HINT_STYLE)
        self.table = table(
            "heirs_table",
            [
                _("Urutan"), _("Nama"), _("Hubungan"), _("NIK"), _("Tanggal lahir"),
                _("Sekolah"), _("Dokumen diterima"),
            ],
        )  # fmt: skip
        self.table.cellActivated.connect(lambda _row, _column: self.edit_selected())
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.add_button = push_button(
            "add_heir_button", _("Tambah ahli &waris…"), lambda: self.add_dialog().open()
        )
        self.edit_button = push_button(
            "edit_heir_button", _("Ubah &data ahli waris…"), self.edit_selected
        )
        self.remove_button = push_button(
            "remove_heir_button", _("Ha&pus ahli waris"), lambda: self.remove_selected()
        )
        buttons = QHBoxLayout()
        for button in (self.add_button, self.edit_button, self.remove_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addWidget(self.table, 1)
        self.empty_label = named_label(
            "no_heirs", _("Belum ada ahli waris yang tercatat untuk peserta ini.")
        )
        layout.addWidget(self.empty_label)
        layout.addLayout(buttons)
        self._update_buttons()

    def show_person(self, person_id: int) -> list[HeirRow]:
        self.person_id = person_id
        self.rows = heirs.list_heirs(self.session.db, person_id, actor=self.session.actor)
        today = clock.office_today(self.session.db)
        fill(
            self.table,
            [
                [
                    cell(str(h.rank), True), cell(h.name), cell(h.relation.label), cell(h.nik or "–"),
                    cell(
                        _("{day} ({age} tahun)").format(
                            day=format_date(h.birth_date), age=age_on(h.birth_date, today)
                        )
                        if h.birth_date is not None
                        else "–"
                    ),
                    cell(SchoolLevel(h.school_level).label if h.school_level else "–"),
                    cell(documents_text(h)),
                ]
                for h in self.rows
            ],
        )  # fmt: skip
        if self.rows:
            self.table.selectRow(0)
        self.empty_label.setVisible(not self.rows)
        self._update_buttons()
        return self.rows

    def selected(self) -> HeirRow | None:
        rows = self.table.selectionModel().selectedRows()
        if rows and 0 <= rows[0].row() < len(self.rows):
            return self.rows[rows[0].row()]
        return None

    def _update_buttons(self) -> None:
        permitted = allowed(self.session.actor, "heir.update")
        tip = "" if permitted else _("Peran Anda tidak berwenang untuk langkah ini")
        chosen = self.selected() is not None
        self.add_button.setEnabled(permitted and self.person_id is not None)
        self.edit_button.setEnabled(permitted and chosen)
        self.remove_button.setEnabled(permitted and chosen)
        for button in (self.add_button, self.edit_button, self.remove_button):
            button.setToolTip(tip)

    def _reload(self, _row: object = None) -> None:
        assert self.person_id is not None
        self.show_person(self.person_id)
        self.changed.emit(self.person_id)

    def add_dialog(self) -> HeirDialog:
        assert self.person_id is not None
        dialog = HeirDialog(self.session, self.person_id, None, self)
        dialog.saved.connect(self._reload)
        return dialog

    def edit_dialog(self, heir: HeirRow) -> HeirDialog:
        dialog = HeirDialog(self.session, heir.person_id, heir, self)
        dialog.saved.connect(self._reload)
        return dialog

    def edit_selected(self) -> None:
        heir = self.selected()
        if heir is not None and self.edit_button.isEnabled():
            self.edit_dialog(heir).open()

    def remove_selected(self, ask: bool = True) -> bool:
        """Remove the selected heir after a question; a refusal (a pension or scholarship names
        them) is shown as the service words it."""
        heir = self.selected()
        if heir is None or not self.remove_button.isEnabled():
            return False
        if ask:
            answer = QMessageBox.question(
                self,
                _("Hapus ahli waris?"),
                _("Hapus {name} ({relation}) dari daftar ahli waris?").format(
                    name=heir.name, relation=heir.relation.label.lower()
                ),
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                QMessageBox.StandardButton.No,
            )
            if answer != QMessageBox.StandardButton.Yes:
                return False
        try:
            heirs.remove_heir(self.session.db, self.session.actor, heir.id)
        except KnownError as exc:
            show_error(self, exc)
            return False
        self._reload()
        return True


class HeirDialog(RecordDialog):
    """Add an heir or correct one: every field the service checks, its refusal beside the field.

    Signals:
        saved(HeirRow): the heir as recorded.
    """

    show_result = False

    def __init__(
        self,
        session: SignedIn,
        person_id: int,
        heir: HeirRow | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(
            _("Ubah ahli waris") if heir is not None else _("Tambah ahli waris"), parent
        )
        self.setObjectName("heir_dialog")
        self.session = session
        self.person_id = person_id
        self.heir = heir
        form = self.form
        self.name_edit = QLineEdit(heir.name if heir else "")
        self.name_edit.setMaxLength(120)
        form.add("name", _("&Nama"), self.name_edit)
        self.relation_combo = combo_box(
            (relation.label, relation.value) for relation in HeirRelation
        )
        if heir is not None:
            self.relation_combo.setCurrentIndex(self.relation_combo.findData(heir.relation.value))
        form.add("relation", _("&Hubungan"), self.relation_combo)
        self.nik_edit = QLineEdit(heir.nik if heir else "")
        self.nik_edit.setMaxLength(24)
        form.add("nik", _("N&IK"), self.nik_edit, _("16 digit sesuai KTP/KK; boleh kosong"))
        self.birth_edit = DateEdit()
        self.birth_edit.set_value(heir.birth_date if heir else None)
        form.add("birth_date", _("Tanggal &lahir"), self.birth_edit)
        self.school_combo = combo_box(
            [(_("(tidak sekolah)"), None), *((level.label, level.value) for level in SchoolLevel)]
        )
        if heir is not None and heir.school_level:
            self.school_combo.setCurrentIndex(self.school_combo.findData(heir.school_level))
        form.add(
            "school_level",
            _("&Jenjang sekolah"),
            self.school_combo,
            _("Untuk anak yang bersekolah: dasar beasiswa"),
        )
        self.statement_check = QCheckBox(_("Surat keterangan &ahli waris"))
        self.statement_check.setObjectName("statement_check")
        self.statement_check.setChecked(heir.statement_received if heir else False)
        self.id_check = QCheckBox(_("&KTP/KK/akta lahir ahli waris"))
        self.id_check.setObjectName("id_check")
        self.id_check.setChecked(heir.id_received if heir else False)
        documents = QWidget()
        row = QHBoxLayout(documents)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.statement_check)
        row.addWidget(self.id_check)
        row.addStretch(1)
        form.add("documents", _("Dokumen diterima"), documents)
        self.note_edit = QLineEdit(heir.documents_note if heir else "")
        self.note_edit.setMaxLength(300)
        form.add("documents_note", _("&Catatan dokumen"), self.note_edit)
        chain_tab_order(
            [
                self.name_edit, self.relation_combo, self.nik_edit, self.birth_edit,
                self.school_combo, self.statement_check, self.id_check, self.note_edit,
                self.save_button,
            ]
        )  # fmt: skip
        self.relation_combo.currentIndexChanged.connect(self._on_relation_changed)
        self._on_relation_changed()
        self.setMinimumWidth(560)
        self.name_edit.setFocus()
        self.watch_changes()
        for check in (self.statement_check, self.id_check):
            check.toggled.connect(self._mark_dirty)

    def relation(self) -> HeirRelation:
        return HeirRelation(self.relation_combo.currentData())

    def _on_relation_changed(self, *_args: object) -> None:
        """A school level belongs to a child only: the field is greyed for anyone else."""
        child = self.relation() is HeirRelation.ANAK
        if not child:
            self.school_combo.setCurrentIndex(0)
        self.school_combo.setEnabled(child)

    def submit(self) -> HeirRow:
        birth = field_value("birth_date", self.birth_edit.value)
        data = HeirInput(
            name=self.name_edit.text(),
            relation=self.relation(),
            nik=self.nik_edit.text(),
            birth_date=birth,
            school_level=self.school_combo.currentData(),
            documents_note=self.note_edit.text(),
            statement_received=self.statement_check.isChecked(),
            id_received=self.id_check.isChecked(),
        )
        if self.heir is None:
            return heirs.add_heir(self.session.db, self.session.actor, self.person_id, data)
        return heirs.update_heir(self.session.db, self.session.actor, self.heir.id, data)
