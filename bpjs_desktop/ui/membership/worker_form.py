"""Register a worker of any segment from the keyboard.

The NIK is read as it is typed; the segment switches the membership fields; the contribution of
each programme is previewed; near duplicates are shown side by side before saving, and the KPJ
issued is shown when it is saved.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont, QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
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
from bpjs_desktop.domain.identifiers import IdentifierError, clean_digits, parse_nik
from bpjs_desktop.domain.money import format_rupiah
from bpjs_desktop.domain.periods import Period, age_on, format_date
from bpjs_desktop.domain.programmes import BILL_ORDER, Programme, Segment
from bpjs_desktop.errors import KnownError
from bpjs_desktop.i18n import _
from bpjs_desktop.services import (
    agents_projects,
    clock,
    similar_members,
    worker_registry,
)
from bpjs_desktop.services.membership_common import (
    AgentRow,
    EmployerRow,
    ProjectRow,
    SimilarMember,
    WorkerInput,
    WorkerRow,
)
from bpjs_desktop.services.workstation import SignedIn
from bpjs_desktop.ui.common.events import DataKind
from bpjs_desktop.ui.common.forms import (
    ERROR_STYLE,
    HINT_STYLE,
    WARNING_STYLE,
    DateEdit,
    FieldReader,
    MoneyEdit,
    line_edit,
    set_readout,
)
from bpjs_desktop.ui.common.month_office import office_combo
from bpjs_desktop.ui.common.widgets import choose, combo_box, named_label, push_button
from bpjs_desktop.ui.membership.member_widgets import (
    OK_STYLE,
    ColumnFieldForm,
    ContributionPreview,
    NikReadout,
    RecordDialog,
    chain_tab_order,
    combo_sex,
    fill_regency_combo,
    hint_label,
    look_up_employer,
    sex_combo,
)

# The membership rows each segment shows (the others are hidden).
SEGMENT_ROWS: dict[Segment, tuple[str, ...]] = {
    Segment.PU: ("employer", "wage", "job_title"),
    Segment.BPU: ("income", "jht", "agent", "office"),
    Segment.JAKON: ("project", "wage", "job_title"),
    Segment.PMI: ("months", "destination", "office"),
}
_ALL_SEGMENT_ROWS = tuple(dict.fromkeys(n for rows in SEGMENT_ROWS.values() for n in rows))


def _programmes_text(programmes: frozenset[Programme]) -> str:
    return ", ".join(p.value for p in BILL_ORDER if p in programmes)


class _BackToForm(Exception):
    """The user chose to go back to the form from the near-duplicate warning."""


class WorkerFormDialog(RecordDialog):
    """The worker registration form for every segment (issue 3, items 4 and 5).

    Signals:
        saved(WorkerRow): a worker registered, with the KPJ issued.
        next_requested(dict): after a save, "Daftarkan berikutnya": the next worker's form,
            with what the workers of one batch share carried over (see :meth:`carry_over`).
    """

    CHANGES = (DataKind.WORKER,)

    next_requested = Signal(object)

    def __init__(
        self,
        session: SignedIn,
        segment: Segment = Segment.PU,
        employer_npp: str | None = None,
        parent: QWidget | None = None,
        carried: dict[str, str] | None = None,
    ) -> None:
        """Long because it lays the widgets out top to bottom, in the order they appear on screen."""
        super().__init__(_("Pendaftaran peserta"), parent, columns=2)
        self.setObjectName("worker_form_dialog")
        self.session = session
        self.employer: EmployerRow | None = None
        self.project: ProjectRow | None = None
        self.agent: AgentRow | None = None
        # People the user has already judged to be somebody else (asked once per look-alike).
        self.accepted_override: set[int] = set()
        self.duplicate_dialog: DuplicateWarningDialog | None = None
        form = self.form
        assert isinstance(form, ColumnFieldForm)

        # --- left: the person ------------------------------------------------------------------
        form.column = 0
        form.add_title(_("Data diri (sesuai KTP)"))
        self.nik_edit = line_edit(24, _("16 digit"))
        form.add("nik", _("&NIK"), self.nik_edit, " ")
        self.name_edit = line_edit(120)
        form.add("name", _("Nama sesuai &KTP"), self.name_edit)
        self.birth_place_edit = line_edit(80)
        form.add("birth_place", _("&Tempat lahir"), self.birth_place_edit)
        self.birth_date_edit = DateEdit()
        form.add("birth_date", _("Tanggal &lahir"), self.birth_date_edit, " ")
        self.sex_combo = sex_combo()
        form.add("sex", _("&Jenis kelamin"), self.sex_combo, " ")
        self.nik_readout = NikReadout(
            hint_label(form, "nik"), hint_label(form, "birth_date"), hint_label(form, "sex")
        )
        self.mother_edit = line_edit(120)
        form.add("mother_name", _("Nama &ibu kandung"), self.mother_edit)
        self.phone_edit = line_edit(30, _("untuk JMO, misalnya 0812…"))
        form.add("phone", _("Nomor &HP"), self.phone_edit)

        # --- right: the membership -------------------------------------------------------------
        form.column = 1
        form.add_title(_("Kepesertaan"))
        self.segment_combo = combo_box((choice.label, choice.value) for choice in Segment)
        form.add("segment", _("Se&gmen"), self.segment_combo)
        # PU
        self.employer_edit = line_edit(8, _("8 karakter, misalnya 15070955"))
        form.add("employer", _("N&PP pemberi kerja"), self.employer_edit, " ")
        # JAKON
        self.project_edit = line_edit(20, _("13 digit"))
        self.new_project_button = push_button("new_project_button", _("Pro&yek baru…"))
        self.new_project_button.setAutoDefault(False)
        project_box = QWidget()
        project_layout = QHBoxLayout(project_box)
        project_layout.setContentsMargins(0, 0, 0, 0)
        project_layout.addWidget(self.project_edit, 1)
        project_layout.addWidget(self.new_project_button)
        project_box.setFocusProxy(self.project_edit)
        project_box.setObjectName("project_box")
        form.add("project", _("Nomor pr&oyek"), project_box, " ")
        # PU, JAKON
        self.wage_edit = MoneyEdit()
        self.wage_edit.setPlaceholderText(_("upah pokok + tunjangan tetap"))
        form.add("wage", _("&Upah sebulan"), self.wage_edit, " ")
        self.job_edit = line_edit(80)
        form.add("job_title", _("Jab&atan"), self.job_edit)
        # BPU
        self.income_edit = MoneyEdit()
        self.income_edit.setPlaceholderText(_("paling rendah 1.000.000"))
        form.add("income", _("P&enghasilan sebulan"), self.income_edit, " ")
        self.jht_check = QCheckBox(_("Ikut JHT (tidak &wajib)"))
        form.add("jht", _("Program tambahan"), self.jht_check)
        self.agent_edit = line_edit(24, _("NIK agen, bila direkrut agen"))
        form.add("agent", _("Agen Pe&risai"), self.agent_edit, " ")
        # PMI
        self.months_spin = QSpinBox()
        self.months_spin.setRange(1, 120)
        self.months_spin.setValue(24)
        self.months_spin.setSuffix(_(" bulan"))
        form.add("months", _("Lama k&ontrak"), self.months_spin)
        self.destination_edit = line_edit(60, _("misalnya Taiwan"))
        form.add("destination", _("N&egara tujuan"), self.destination_edit)
        # BPU, PMI
        self.office_combo = office_combo(session, "", every=False, codes=True)
        form.add("office", _("Kantor &cabang"), self.office_combo)
        # every segment
        self.start_edit = DateEdit()
        self.start_edit.set_value(clock.office_today(session.db))
        form.add(
            "start_date",
            _("Tanggal &mulai"),
            self.start_edit,
            _("Tanggal formulir lengkap diterima"),
        )
        self.programmes_label = named_label("programmes_value", "–", wrap=True)
        form.add("programmes", _("Program"), self.programmes_label)

        # --- below: the contribution -----------------------------------------------------------
        self.preview = ContributionPreview()
        form.add_wide(self.preview)

        self.nik_edit.textChanged.connect(self._on_nik_changed)
        self.birth_date_edit.textChanged.connect(self._on_person_changed)
        self.sex_combo.currentIndexChanged.connect(self._on_person_changed)
        self.segment_combo.currentIndexChanged.connect(self._on_segment_changed)
        self.employer_edit.textChanged.connect(self._on_employer_changed)
        self.project_edit.textChanged.connect(self._on_project_changed)
        self.agent_edit.textChanged.connect(self._on_agent_changed)
        self.new_project_button.clicked.connect(self._on_new_project_clicked)
        for edit in (self.wage_edit, self.income_edit, self.start_edit):
            edit.textChanged.connect(self._on_membership_changed)
        self.jht_check.toggled.connect(self._on_membership_changed)
        self.months_spin.valueChanged.connect(self._on_membership_changed)

        self.setMinimumWidth(1080)
        self.segment_combo.setCurrentIndex(self.segment_combo.findData(segment.value))
        self._on_segment_changed()
        if employer_npp:
            self.employer_edit.setText(employer_npp)
        if carried:
            self._apply_carried(carried)
        self._on_employer_changed()
        self._on_project_changed()
        self._on_agent_changed()
        self._on_nik_changed()
        self.next_button = push_button("next_button", _("Daftarkan &berikutnya"))
        self.next_button.setToolTip(
            _("Formulir baru untuk pekerja berikutnya: segmen, pemberi kerja, proyek, agen, kantor "
              "dan tanggal mulai tetap terisi")
        )  # fmt: skip
        self.next_button.clicked.connect(self._on_next_clicked)
        self.buttons.addButton(self.next_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.next_button.setVisible(False)  # after addButton, which shows it
        # Enter keeps saving (then closing): adding a button to the box made it the default.
        self.next_button.setAutoDefault(False)
        self.save_button.setDefault(True)
        self.nik_edit.setFocus()
        self.watch_changes()

    # --- what is typed -------------------------------------------------------------------------
    @property
    def segment(self) -> Segment:
        return Segment(self.segment_combo.currentData())

    def _date(self, edit: DateEdit) -> date | None:
        try:
            return edit.value()
        except ValueError:
            return None

    def _money(self, edit: MoneyEdit) -> int | None:
        try:
            return edit.value()
        except ValueError:
            return None

    def _tab_chain(self) -> list[QWidget]:
        person: list[QWidget] = [
            self.nik_edit, self.name_edit, self.birth_place_edit, self.birth_date_edit,
            self.sex_combo, self.mother_edit, self.phone_edit, self.segment_combo,
        ]  # fmt: skip
        rows: dict[str, list[QWidget]] = {
            "employer": [self.employer_edit],
            "project": [self.project_edit, self.new_project_button],
            "wage": [self.wage_edit],
            "job_title": [self.job_edit],
            "income": [self.income_edit],
            "jht": [self.jht_check],
            "agent": [self.agent_edit],
            "months": [self.months_spin],
            "destination": [self.destination_edit],
            "office": [self.office_combo],
        }
        chain = person
        for name in SEGMENT_ROWS[self.segment]:
            chain += rows[name]
        return [*chain, self.start_edit, self.save_button]

    # --- live read-outs --------------------------------------------------------------------------
    def _on_segment_changed(self, *_args: object) -> None:
        shown = SEGMENT_ROWS[self.segment]
        for name in _ALL_SEGMENT_ROWS:
            self.form.set_row_visible(name, name in shown)
        wage_hint = hint_label(self.form, "wage")
        if self.segment is Segment.JAKON:
            self.form.labels["wage"].setText(_("&Upah sebulan (bila ada)"))
            wage_hint.setText(_("Tidak wajib: iuran proyek dihitung dari nilai kontrak"))
        else:
            self.form.labels["wage"].setText(_("&Upah sebulan"))
        chain_tab_order(self._tab_chain())
        self._on_membership_changed()

    def _on_nik_changed(self, *_args: object) -> None:
        text = self.nik_edit.text()
        digits = clean_digits(text)
        if len(digits) == 16:
            try:
                info = parse_nik(digits)
            except IdentifierError:
                info = None
            if info is not None:
                # Fill what the NIK says where nothing was entered yet (never overwrite).
                if not self.birth_date_edit.text().strip():
                    self.birth_date_edit.set_value(info.birth_date)
                if self.sex_combo.currentData() is None:
                    self.sex_combo.setCurrentIndex(self.sex_combo.findData(info.sex.value))
        self._on_person_changed()

    def _on_person_changed(self, *_args: object) -> None:
        self.nik_readout.update(
            self.nik_edit.text(), self._date(self.birth_date_edit), combo_sex(self.sex_combo)
        )
        self._on_membership_changed()

    def _on_employer_changed(self, *_args: object) -> None:
        hint = hint_label(self.form, "employer")
        self.employer = row = look_up_employer(self.session, self.employer_edit.text(), hint)
        if row is not None:
            text = _("{name} · {size} · risiko JKK {risk} · {office}").format(
                name=row.name, size=row.size_class.label, risk=row.risk_group.label,
                office=row.office_code,
            )  # fmt: skip
            start = self._date(self.start_edit)
            if start is not None and not row.active_on(start):
                text += "\n" + _("Tidak aktif pada tanggal mulai")
                set_readout(hint, text, WARNING_STYLE)
            else:
                set_readout(hint, text, OK_STYLE)
        self._on_membership_changed()

    def _on_project_changed(self, *_args: object) -> None:
        self.project = None
        hint = hint_label(self.form, "project")
        number = "".join(self.project_edit.text().split())
        if len(number) < 13:
            set_readout(hint, _("Proyek tampil saat nomornya lengkap, atau daftarkan proyek baru"))
        else:
            try:
                self.project = agents_projects.get_project(
                    self.session.db, number, actor=self.session.actor
                )
            except KnownError as exc:
                set_readout(hint, exc.message, ERROR_STYLE)
            else:
                project = self.project
                months = Period.of(project.start_date).months_until(Period.of(project.end_date)) + 1
                set_readout(
                    hint,
                    _(
                        "{name}\nKontraktor {contractor} (NPP {npp}) · nilai kontrak {value}\n"
                        "{start}–{end} ({months} bulan)"
                    ).format(
                        name=project.name,
                        contractor=project.employer_name,
                        npp=project.employer_npp,
                        value=format_rupiah(project.contract_value),
                        start=format_date(project.start_date),
                        end=format_date(project.end_date),
                        months=months,
                    ),
                    OK_STYLE,
                )
        self._on_membership_changed()

    def _on_agent_changed(self, *_args: object) -> None:
        self._show_agent()
        self.fit_height()

    def _show_agent(self) -> None:
        self.agent = None
        hint = hint_label(self.form, "agent")
        digits = clean_digits(self.agent_edit.text())
        if not digits:
            set_readout(hint, _("Kosongkan bila mendaftar sendiri"))
            return
        if len(digits) < 16:
            set_readout(hint, _("{n} dari 16 digit NIK agen").format(n=len(digits)))
            return
        try:
            self.agent = agents_projects.get_agent(
                self.session.db, digits, actor=self.session.actor
            )
        except KnownError as exc:
            set_readout(hint, exc.message, ERROR_STYLE)
            return
        agent = self.agent
        text = _("{name} · {office} · agen sejak {day}").format(
            name=agent.name, office=agent.office_code, day=format_date(agent.joined_on)
        )
        if agent.ended_on is not None:
            text += " · " + _("berhenti {day}").format(day=format_date(agent.ended_on))
        hint.setText(text)
        hint.setStyleSheet(OK_STYLE if agent.ended_on is None else WARNING_STYLE)

    def _programmes(self) -> frozenset[Programme] | None:
        """What the service will register, as far as it can be told from what is typed."""
        segment = self.segment
        if segment is Segment.PU:
            if self.employer is None:
                return None
            start = self._date(self.start_edit) or clock.office_today(self.session.db)
            birth = self._date(self.birth_date_edit)
            age = age_on(birth, start) if birth is not None else 99
            return worker_registry.pu_programmes(
                self.employer.programmes, self.employer.size_class, age, start
            )
        if segment is Segment.BPU and self.jht_check.isChecked():
            return frozenset({Programme.JKK, Programme.JKM, Programme.JHT})
        return frozenset({Programme.JKK, Programme.JKM})

    def _on_membership_changed(self, *_args: object) -> None:
        programmes = self._programmes()
        if programmes is None:
            self.programmes_label.setText(_("mengikuti pemberi kerja"))
        else:
            text = _programmes_text(programmes)
            if self.segment is Segment.PU and Programme.JKP in programmes:
                text += " " + _("(JKP: usia di bawah 54 tahun)")
            self.programmes_label.setText(text)
        wage_hint = hint_label(self.form, "wage")
        start = self._date(self.start_edit)
        if self.segment is Segment.PU:
            warning = None
            wage = self._money(self.wage_edit)
            if self.employer is not None and start is not None:
                warning = worker_registry.wage_warning(wage, self.employer.regency_code, start)
            wage_hint.setText(warning or _("Upah pokok ditambah tunjangan tetap"))
            wage_hint.setStyleSheet(WARNING_STYLE if warning else HINT_STYLE)
        income_hint = hint_label(self.form, "income")
        income_hint.setText(_("Iuran dihitung dari batas bawah kelompok penghasilan"))
        try:
            contribution = self._contribution(programmes, start)
        except KnownError as exc:
            contribution = exc.message
        except ValueError as exc:
            contribution = str(exc)
        if isinstance(contribution, str):
            self.preview.show_contribution(None, contribution)
        else:
            self.preview.show_contribution(contribution)
            if self.segment is Segment.BPU:
                income_hint.setText(
                    _("Kelompok penghasilan {band}").format(band=format_rupiah(contribution.basis))
                )
        self.fit_height()

    def _contribution(
        self, programmes: frozenset[Programme] | None, start: date | None
    ) -> Contribution | str:
        """The contribution to preview, or why there is none yet."""
        if start is None:
            return _("Isi tanggal mulai untuk melihat iurannya.")
        segment = self.segment
        if segment is Segment.PU:
            if self.employer is None or programmes is None:
                return _("Isi NPP pemberi kerja dan upah untuk melihat iurannya.")
            wage = self.wage_edit.value()
            if wage is None:
                return _("Isi upah sebulan untuk melihat iurannya.")
            return pu_contribution(
                wage, Period.of(start), self.employer.risk_group, programmes,
                labour_intensive=self.employer.labour_intensive,
            )  # fmt: skip
        if segment is Segment.BPU:
            income = self.income_edit.value()
            if income is None:
                return _("Isi penghasilan sebulan untuk melihat iurannya.")
            assert programmes is not None
            return bpu_contribution(income, Period.of(start), programmes)
        if segment is Segment.JAKON:
            if self.project is None:
                return _("Isi nomor proyek untuk melihat iuran proyeknya.")
            return jakon_contribution(self.project.contract_value, self.project.start_date)
        return pmi_contribution(self.months_spin.value(), start)

    def _on_new_project_clicked(self) -> None:
        dialog = ProjectDialog(self.session, self.employer_edit.text(), parent=self)
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.result_value is not None:
            self.project_edit.setText(dialog.result_value.project_no)
        self.activateWindow()
        self.start_edit.setFocus()

    # --- saving --------------------------------------------------------------------------------
    def read_input(self) -> WorkerInput:
        """The form as a service input; what cannot be read is named by field."""
        read = FieldReader()
        birth_date = read("birth_date", self.birth_date_edit.value)
        start_date = read("start_date", self.start_edit.value)
        segment = self.segment
        wage = (
            read("wage", self.wage_edit.value) if segment in (Segment.PU, Segment.JAKON) else None
        )
        income = read("income", self.income_edit.value) if segment is Segment.BPU else None
        read.require("birth_date", birth_date, _("Tanggal lahir wajib diisi"))
        read.require("start_date", start_date, _("Tanggal mulai wajib diisi"))
        sex = combo_sex(self.sex_combo)
        read.require("sex", sex, _("Jenis kelamin wajib dipilih"))
        read.check()
        programmes = None
        if segment is Segment.BPU:
            programmes = self._programmes()
        return WorkerInput(
            nik=self.nik_edit.text(),
            name=self.name_edit.text(),
            birth_date=birth_date,
            sex=sex,  # type: ignore[arg-type]
            segment=segment,
            start_date=start_date,
            birth_place=self.birth_place_edit.text(),
            mother_name=self.mother_edit.text(),
            phone=self.phone_edit.text(),
            employer_npp=self.employer_edit.text() if segment is Segment.PU else None,
            project_no=self.project_edit.text() if segment is Segment.JAKON else None,
            agent_nik=(self.agent_edit.text().strip() or None) if segment is Segment.BPU else None,
            office_code=self.office_combo.currentData()
            if segment in (Segment.BPU, Segment.PMI)
            else None,
            wage=wage,
            declared_income=income,
            contract_months=self.months_spin.value() if segment is Segment.PMI else None,
            destination=self.destination_edit.text() if segment is Segment.PMI else None,
            programmes=programmes,
            job_title=self.job_edit.text() if segment in (Segment.PU, Segment.JAKON) else "",
        )

    def submit(self) -> WorkerRow:
        data = self.read_input()
        db, actor = self.session.db, self.session.actor
        worker_registry.validate_worker(db, actor, data)
        candidates = similar_members.find_similar(
            db,
            name=data.name,
            birth_date=data.birth_date,
            mother_name=data.mother_name,
            exclude_nik=clean_digits(data.nik),
        )
        if {c.person_id for c in candidates} - self.accepted_override:
            dialog = DuplicateWarningDialog(data, candidates, parent=self)
            self.duplicate_dialog = dialog
            try:
                proceed = dialog.exec() == QDialog.DialogCode.Accepted
            finally:
                self.duplicate_dialog = None
            if not proceed:
                raise _BackToForm
            self.accepted_override |= {c.person_id for c in candidates}
        override = tuple(sorted(c.person_id for c in candidates))
        return worker_registry.register_worker(db, actor, data, duplicate_override=override)

    def save(self) -> None:
        try:
            super().save()
        except _BackToForm:
            self.activateWindow()
            self.name_edit.setFocus(Qt.FocusReason.OtherFocusReason)
            self.name_edit.selectAll()

    # --- the next worker of a batch --------------------------------------------------------------
    def carry_over(self) -> dict[str, str]:
        """What the next worker of the same batch shares with this one: the segment, the
        employer, the project, the recruiting agent, the office and the start date."""
        return {
            "segment": self.segment.value,
            "employer": self.employer_edit.text(),
            "project": self.project_edit.text(),
            "agent": self.agent_edit.text(),
            "office": str(self.office_combo.currentData() or ""),
            "start": self.start_edit.text(),
        }

    def _apply_carried(self, carried: dict[str, str]) -> None:
        self.segment_combo.setCurrentIndex(
            max(0, self.segment_combo.findData(carried.get("segment", Segment.PU.value)))
        )
        self._on_segment_changed()
        self.employer_edit.setText(carried.get("employer", ""))
        self.project_edit.setText(carried.get("project", ""))
        self.agent_edit.setText(carried.get("agent", ""))
        choose(self.office_combo, carried.get("office", ""))
        if carried.get("start"):
            self.start_edit.setText(carried["start"])

    def show_read_only(self) -> None:
        super().show_read_only()
        self.next_button.setVisible(True)

    def _on_next_clicked(self) -> None:
        carried = self.carry_over()
        QDialog.accept(self)
        self.next_requested.emit(carried)

    def done_text(self, result: object) -> str:
        assert isinstance(result, WorkerRow)
        where = f" · {result.employer_name}" if result.employer_name else ""
        return _("Tersimpan. KPJ {kpj} diterbitkan untuk {name} ({segment}{where}).").format(
            kpj=result.kpj, name=result.name, segment=result.segment.value, where=where
        )

    @property
    def issued_kpj(self) -> str | None:
        result = self.result_value
        return result.kpj if isinstance(result, WorkerRow) else None


class DuplicateWarningDialog(QDialog):
    """People already registered who may be the one being registered, beside what was typed.

    "Kembali" (the default, also Esc) returns to the form; "Tetap simpan" registers anyway, and
    the registration's audit event names the people the user judged to be somebody else.
    """

    ROWS = ("nik", "name", "birth_date", "sex", "birth_place", "mother_name", "membership", "why")

    def __init__(
        self, typed: WorkerInput, candidates: Sequence[SimilarMember], parent: QWidget | None = None
    ) -> None:
        """Long because it lays the widgets out top to bottom, in the order they appear on screen."""
        super().__init__(parent)
        self.setObjectName("duplicate_warning_dialog")
        self.setWindowTitle(_("Mungkin sudah terdaftar"))
        heading = named_label(
            "duplicate_heading",
            _(
                "Ada {n} peserta yang mirip dengan orang ini. Periksa KTP-nya: bila orangnya "
                "sama, jangan didaftarkan lagi."
            ).format(n=len(candidates)),
            wrap=True,
        )
        font = heading.font()
        font.setBold(True)
        heading.setFont(font)
        captions = (
            _("NIK"), _("Nama"), _("Tanggal lahir"), _("Jenis kelamin"), _("Tempat lahir"),
            _("Nama ibu kandung"), _("Kepesertaan"), _("Mengapa mirip"),
        )  # fmt: skip
        self.table = QTableWidget(len(self.ROWS), 1 + len(candidates))
        self.table.setObjectName("duplicate_table")
        self.table.setTabKeyNavigation(
            False
        )  # Tab leaves the table (a keyboard trap otherwise); arrows move inside it
        self.table.setVerticalHeaderLabels(list(captions))
        self.table.setHorizontalHeaderLabels(
            [_("Yang diketik")]
            + [
                _("Calon {n}: KPJ {kpj}").format(n=i + 1, kpj=c.kpj or "–")
                for i, c in enumerate(candidates)
            ]
        )
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(True)
        typed_values = (
            clean_digits(typed.nik), " ".join(typed.name.split()).upper(),
            format_date(typed.birth_date), typed.sex.label,
            " ".join(typed.birth_place.split()).upper() or "–",
            " ".join(typed.mother_name.split()).upper() or "–",
            _("akan didaftarkan: {segment}").format(segment=typed.segment.value), "",
        )  # fmt: skip
        self._fill_column(0, typed_values, None)
        for column, candidate in enumerate(candidates, start=1):
            values = (
                candidate.nik, candidate.name, format_date(candidate.birth_date),
                candidate.sex.label, candidate.birth_place or "–", candidate.mother_name or "–",
                candidate.membership, "; ".join(candidate.reasons),
            )  # fmt: skip
            self._fill_column(column, values, typed_values)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        header.setMinimumSectionSize(220)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

        self.buttons = QDialogButtonBox()
        self.back_button = self.buttons.addButton(
            _("&Kembali ke formulir"), QDialogButtonBox.ButtonRole.RejectRole
        )
        self.back_button.setObjectName("back_button")
        self.proceed_button = self.buttons.addButton(
            _("&Tetap simpan"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.proceed_button.setObjectName("proceed_button")
        self.proceed_button.setAutoDefault(False)
        self.back_button.setDefault(True)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        note = QLabel(
            _("Tetap simpan hanya bila yakin orangnya berbeda; pilihan ini dicatat di jejak audit.")
        )
        note.setWordWrap(True)
        note.setStyleSheet(HINT_STYLE)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self.table, 1)
        layout.addWidget(note)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(160 + 250 * (1 + min(len(candidates), 3)))
        self.back_button.setFocus()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        # As tall as its rows at the width it has (rows wrap), no taller.
        self.table.resizeRowsToContents()
        rows = sum(self.table.rowHeight(r) for r in range(self.table.rowCount()))
        frame = 2 * self.table.frameWidth()
        self.table.setFixedHeight(self.table.horizontalHeader().height() + rows + frame)
        layout = self.layout()
        assert layout is not None
        layout.activate()
        self.resize(self.width(), layout.totalHeightForWidth(self.width()))

    def _fill_column(self, column: int, values: Sequence[str], typed: Sequence[str] | None) -> None:
        for row, value in enumerate(values):
            item = QTableWidgetItem(value)
            item.setTextAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
            if typed is not None and row < 6 and value == typed[row]:
                font = QFont(item.font())
                font.setBold(True)
                item.setFont(font)
                item.setToolTip(_("sama dengan yang diketik"))
            self.table.setItem(row, column, item)

    def cell(self, row: str, column: int) -> str:
        item = self.table.item(self.ROWS.index(row), column)
        return item.text() if item is not None else ""


class ProjectDialog(RecordDialog):
    """Register a construction project for a Jakon worker (the contribution from its value).

    Signals:
        saved(ProjectRow)
    """

    show_result = False

    def __init__(
        self, session: SignedIn, contractor_npp: str = "", parent: QWidget | None = None
    ) -> None:
        super().__init__(_("Proyek jasa konstruksi baru"), parent)
        self.setObjectName("project_dialog")
        self.session = session
        form = self.form
        self.employer_edit = QLineEdit(contractor_npp)
        self.employer_edit.setMaxLength(8)
        form.add("employer", _("&NPP kontraktor"), self.employer_edit, " ")
        self.name_edit = line_edit(200)
        form.add("name", _("Nama &proyek"), self.name_edit)
        self.value_edit = MoneyEdit()
        form.add("contract_value", _("Nilai &kontrak"), self.value_edit, " ")
        self.start_edit = DateEdit()
        form.add("start_date", _("Tanggal &mulai"), self.start_edit)
        self.end_edit = DateEdit()
        form.add("end_date", _("Tanggal se&lesai"), self.end_edit)
        self.regency_combo = QComboBox()
        fill_regency_combo(self.regency_combo)
        form.add("regency", _("Lokasi (kabupa&ten/kota)"), self.regency_combo)
        chain_tab_order(
            [
                self.employer_edit, self.name_edit, self.value_edit, self.start_edit,
                self.end_edit, self.regency_combo, self.save_button,
            ]
        )  # fmt: skip
        self.employer_edit.textChanged.connect(self._on_employer_changed)
        self.value_edit.textChanged.connect(self._on_value_changed)
        self.start_edit.textChanged.connect(self._on_value_changed)
        self._on_employer_changed()
        self._on_value_changed()
        self.setMinimumWidth(560)
        (self.name_edit if contractor_npp else self.employer_edit).setFocus()
        self.watch_changes()

    def _on_employer_changed(self, *_args: object) -> None:
        self._show_contractor()
        self.fit_height()

    def _show_contractor(self) -> None:
        hint = hint_label(self.form, "employer")
        row = look_up_employer(
            self.session,
            self.employer_edit.text(),
            hint,
            _("Pemberi kerja yang melaksanakan proyek"),
        )
        if row is not None:
            set_readout(hint, row.name, OK_STYLE)

    def _on_value_changed(self, *_args: object) -> None:
        self._show_project_contribution()
        self.fit_height()

    def _show_project_contribution(self) -> None:
        hint = hint_label(self.form, "contract_value")
        try:
            start = self.start_edit.value() or clock.office_today(self.session.db)
        except ValueError:  # a date half typed: the rules of today meanwhile
            start = clock.office_today(self.session.db)
        try:
            value = self.value_edit.value()
            if value is None:
                set_readout(hint, _("Iuran JKK+JKM proyek dihitung dari nilai kontrak"))
                return
            amount = jakon_contribution(value, start).total
        except (ValueError, KnownError) as exc:
            set_readout(hint, exc.message if isinstance(exc, KnownError) else str(exc), ERROR_STYLE)
            return
        set_readout(
            hint,
            _("Iuran proyek {amount}, dibayar sekali").format(amount=format_rupiah(amount)),
            OK_STYLE,
        )

    def submit(self) -> ProjectRow:
        read = FieldReader()
        value = read("contract_value", self.value_edit.value)
        start = read("start_date", self.start_edit.value)
        end = read("end_date", self.end_edit.value)
        read.require("contract_value", value, _("Nilai kontrak wajib diisi"))
        read.require("start_date", start, _("Tanggal mulai wajib diisi"))
        read.require("end_date", end, _("Tanggal selesai wajib diisi"))
        read.check()
        return agents_projects.register_project(
            self.session.db,
            self.session.actor,
            employer_npp=self.employer_edit.text(),
            name=self.name_edit.text(),
            contract_value=value,
            start_date=start,
            end_date=end,
            regency_code=self.regency_combo.currentData() or "",
        )
