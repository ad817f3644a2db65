"""Small dialogs for what happens to a membership after registration: end it, move the worker to
another employer, re-activate it, correct the person's or the membership's data."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLineEdit,
    QSpinBox,
    QWidget,
)

from bpjs_desktop.domain.identifiers import clean_digits
from bpjs_desktop.domain.money import format_rupiah
from bpjs_desktop.domain.periods import format_date
from bpjs_desktop.domain.programmes import (
    BILL_ORDER,
    EndReason,
    Programme,
    Segment,
    allowed_programmes,
    parse_programmes,
)
from bpjs_desktop.errors import FieldError, ValidationError
from bpjs_desktop.i18n import _
from bpjs_desktop.services import clock, member_changes, worker_registry
from bpjs_desktop.services.membership_common import (
    EmployerRow,
    MemberDetail,
    MembershipChanges,
    PersonChanges,
    WorkerRow,
)
from bpjs_desktop.services.workstation import SignedIn
from bpjs_desktop.ui.common.events import DataKind
from bpjs_desktop.ui.common.forms import (
    HINT_STYLE,
    WARNING_STYLE,
    DateEdit,
    MoneyEdit,
    field_value,
    line_edit,
    set_readout,
)
from bpjs_desktop.ui.common.widgets import combo_box, named_label
from bpjs_desktop.ui.membership.member_widgets import (
    OK_STYLE,
    NikReadout,
    RecordDialog,
    chain_tab_order,
    combo_sex,
    hint_label,
    look_up_employer,
    sex_combo,
)


def member_summary(worker: WorkerRow) -> str:
    """Who and which membership a dialog acts on, in one or two lines."""
    where = (
        _("{employer} (NPP {npp})").format(employer=worker.employer_name, npp=worker.employer_npp)
        if worker.employer_name
        else worker.office_code
    )
    status = (
        _("aktif sejak {day}").format(day=format_date(worker.start_date))
        if worker.end_date is None
        else _("{start} s.d. {end} ({reason})").format(
            start=format_date(worker.start_date),
            end=format_date(worker.end_date),
            reason=worker_registry.end_reason_label(worker.end_reason) if worker.end_reason else "",
        )
    )
    return _("{name} · KPJ {kpj}\n{segment} · {where} · {status}").format(
        name=worker.name, kpj=worker.kpj, segment=worker.segment.label, where=where, status=status
    )


class MemberActionDialog(RecordDialog):
    """A dialog about one membership: its summary on top, a few fields, one service call."""

    CHANGES = (DataKind.WORKER,)

    show_result = False

    def __init__(
        self,
        session: SignedIn,
        kpj: str,
        title: str,
        save_text: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(title, parent, save_text)
        self.session = session
        self.worker = worker_registry.get_member(session.db, kpj=kpj, actor=session.actor)
        self.summary_label = named_label("member_summary", member_summary(self.worker), wrap=True)
        self.summary_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        font = self.summary_label.font()
        font.setBold(True)
        self.summary_label.setFont(font)
        self.summary_label.setContentsMargins(0, 0, 0, 6)
        self.main_layout.insertWidget(2, self.summary_label)
        self.setMinimumWidth(560)

    def changed_office(self, result: Any) -> str | None:
        """The membership's office; None when the save left it for another office (a move to
        an employer of another branch, a re-activation there): both offices' lists change."""
        office = super().changed_office(result)
        return office if office == self.worker.office_code else None

    def read_date(self, name: str, edit: DateEdit, missing: str) -> date:
        day = field_value(name, edit.value)
        if day is None:
            raise ValidationError.single(name, missing)
        return day  # type: ignore[no-any-return]


class EndMembershipDialog(MemberActionDialog):
    """End a membership: the reasons its segment allows, and its last covered day.

    Signals:
        saved(WorkerRow): the membership as ended.
    """

    def __init__(self, session: SignedIn, kpj: str, parent: QWidget | None = None) -> None:
        super().__init__(
            session, kpj, _("Akhiri kepesertaan"), _("A&khiri kepesertaan"), parent=parent
        )
        self.setObjectName("end_membership_dialog")
        self.reason_combo = combo_box(
            (worker_registry.end_reason_label(reason), reason.value)
            for reason in worker_registry.end_reasons_for(self.worker.segment)
        )
        self.form.add("reason", _("&Alasan berakhir"), self.reason_combo)
        self.end_edit = DateEdit()
        self.end_edit.set_value(clock.office_today(session.db))
        self.form.add(
            "end_date",
            _("Tanggal be&rakhir"),
            self.end_edit,
            _("Hari terakhir kepesertaan masih dilindungi"),
        )
        chain_tab_order([self.reason_combo, self.end_edit, self.save_button])
        if self.worker.end_date is not None:
            self._general(
                _("Kepesertaan ini sudah berakhir pada {day}.").format(
                    day=format_date(self.worker.end_date)
                )
            )
            self.save_button.setEnabled(False)
        self.reason_combo.setFocus()
        self.watch_changes()

    def submit(self) -> WorkerRow:
        end_date = self.read_date("end_date", self.end_edit, _("Tanggal berakhir wajib diisi"))
        reason = EndReason(self.reason_combo.currentData())
        return worker_registry.end_membership(
            self.session.db, self.session.actor, self.worker.kpj, end_date, reason
        )


class MoveWorkerDialog(MemberActionDialog):
    """Move a worker to another employer: the old membership ends the day before, a new KPJ is
    issued under the new employer.

    Signals:
        saved(WorkerRow): the new membership.
    """

    show_result = True

    def __init__(self, session: SignedIn, kpj: str, parent: QWidget | None = None) -> None:
        super().__init__(session, kpj, _("Pindahkan pekerja"), _("&Pindahkan"), parent=parent)
        self.setObjectName("move_worker_dialog")
        self.employer: EmployerRow | None = None
        self.employer_edit = line_edit(8, _("8 karakter"))
        self.form.add("employer", _("&NPP pemberi kerja baru"), self.employer_edit, " ")
        self.start_edit = DateEdit()
        self.start_edit.set_value(clock.office_today(session.db))
        self.form.add("start_date", _("Mulai bekerja di &sana"), self.start_edit, " ")
        self.wage_edit = MoneyEdit()
        self.wage_edit.set_value(self.worker.wage)
        self.form.add("wage", _("&Upah sebulan di sana"), self.wage_edit, " ")
        chain_tab_order([self.employer_edit, self.start_edit, self.wage_edit, self.save_button])
        self.employer_edit.textChanged.connect(self._on_input_changed)
        self.start_edit.textChanged.connect(self._on_input_changed)
        self.wage_edit.textChanged.connect(self._on_input_changed)
        if self.worker.end_date is not None:
            self._general(_("Kepesertaan ini sudah berakhir; tidak dapat dipindahkan."))
            self.save_button.setEnabled(False)
        self._on_input_changed()
        self.employer_edit.setFocus()
        self.watch_changes()

    def _on_input_changed(self, *_args: object) -> None:
        hint = hint_label(self.form, "employer")
        self.employer = look_up_employer(self.session, self.employer_edit.text(), hint)
        if self.employer is not None:
            set_readout(
                hint,
                _("{name} · {size} · program {programmes}").format(
                    name=self.employer.name,
                    size=self.employer.size_class.label,
                    programmes=self.employer.programmes.replace(",", ", "),
                ),
                OK_STYLE,
            )
        start_hint = hint_label(self.form, "start_date")
        try:
            start = self.start_edit.value()
        except ValueError:
            start = None
        if start is not None:
            start_hint.setText(
                _("Kepesertaan lama (KPJ {kpj}) berakhir {day}").format(
                    kpj=self.worker.kpj, day=format_date(start - timedelta(days=1))
                )
            )
        else:
            start_hint.setText(_("Kepesertaan lama berakhir sehari sebelumnya"))
        wage_hint = hint_label(self.form, "wage")
        try:
            wage = self.wage_edit.value()
        except ValueError:
            wage = None
        warning = (
            worker_registry.wage_warning(wage, self.employer.regency_code, start)
            if self.employer is not None and start is not None
            else None
        )
        wage_hint.setText(warning or _("Kosongkan untuk memakai upah sekarang"))
        wage_hint.setStyleSheet(WARNING_STYLE if warning else HINT_STYLE)
        self.fit_height()

    def submit(self) -> WorkerRow:
        errors: list[FieldError] = []
        start = wage = None
        try:
            start = self.read_date("start_date", self.start_edit, _("Tanggal pindah wajib diisi"))
        except ValidationError as exc:
            errors.extend(exc.errors)
        try:
            wage = field_value("wage", self.wage_edit.value)
        except ValidationError as exc:
            errors.extend(exc.errors)
        if errors:
            raise ValidationError(errors)
        assert start is not None
        return member_changes.move_worker(
            self.session.db,
            self.session.actor,
            self.worker.kpj,
            self.employer_edit.text(),
            start,
            wage,
        )

    def done_text(self, result: object) -> str:
        assert isinstance(result, WorkerRow)
        return _(
            "Tersimpan. {name} pindah ke {employer} mulai {day} dengan KPJ baru {kpj}; "
            "KPJ {old} berakhir {end}."
        ).format(
            name=result.name,
            employer=result.employer_name,
            day=format_date(result.start_date),
            kpj=result.kpj,
            old=self.worker.kpj,
            end=format_date(result.start_date - timedelta(days=1)),
        )


class ReactivateDialog(MemberActionDialog):
    """Re-activate an ended membership, or say why it cannot be.

    Signals:
        saved(WorkerRow): the active membership (the same KPJ, or a new one).
    """

    show_result = True

    def __init__(self, session: SignedIn, kpj: str, parent: QWidget | None = None) -> None:
        super().__init__(session, kpj, _("Aktifkan kembali"), _("&Aktifkan kembali"), parent=parent)
        self.setObjectName("reactivate_dialog")
        self.start_edit = DateEdit()
        self.start_edit.set_value(clock.office_today(session.db))
        self.form.add(
            "start_date",
            _("Aktif kembali &mulai"),
            self.start_edit,
            _(
                "Tanpa jeda (atau BPU dalam 3 bulan setelah berhenti membayar) KPJ tetap dan "
                "iuran bulan yang terlewat ditagih; selain itu diterbitkan KPJ baru."
            ),
        )
        chain_tab_order([self.start_edit, self.save_button])
        refusal = member_changes.reactivation_refusal(self.worker)
        if refusal is not None:
            self._general(refusal)
            self.save_button.setEnabled(False)
            self.start_edit.setEnabled(False)
        self.start_edit.setFocus()
        self.watch_changes()

    def submit(self) -> WorkerRow:
        on = self.read_date("start_date", self.start_edit, _("Tanggal aktif kembali wajib diisi"))
        return member_changes.reactivate(self.session.db, self.session.actor, self.worker.kpj, on)

    def done_text(self, result: object) -> str:
        assert isinstance(result, WorkerRow)
        if result.kpj == self.worker.kpj:
            return _("Tersimpan. KPJ {kpj} aktif kembali tanpa jeda.").format(kpj=result.kpj)
        return _(
            "Tersimpan. Kepesertaan baru KPJ {kpj} mulai {day}; KPJ {old} tetap berakhir."
        ).format(kpj=result.kpj, day=format_date(result.start_date), old=self.worker.kpj)


class EditWorkerDialog(MemberActionDialog):
    """Correct a member's person data and change their membership (wage, programmes, job
    title, declared income, PMI contract). Only what differs is sent; the audit event keeps the
    old values. Everything is saved together, or nothing.

    Signals:
        saved(WorkerRow): the membership after the change.
    """

    def changed_office(self, result: Any) -> str | None:
        return None  # the person's name and data show under each of their KPJs, in any office

    def __init__(self, session: SignedIn, kpj: str, parent: QWidget | None = None) -> None:
        """Long because it lays the widgets out top to bottom, in the order they appear on screen."""
        super().__init__(session, kpj, _("Ubah data peserta"), parent=parent)
        self.setObjectName("edit_worker_dialog")
        self.detail: MemberDetail = worker_registry.get_member_detail(
            session.db, kpj, actor=session.actor
        )
        person, worker = self.detail.person, self.detail.worker
        segment = worker.segment
        form = self.form
        self.nik_edit = QLineEdit(person.nik)
        self.nik_edit.setMaxLength(24)
        form.add("nik", _("&NIK"), self.nik_edit, " ")
        self.name_edit = QLineEdit(person.name)
        form.add("name", _("Nama sesuai &KTP"), self.name_edit)
        self.birth_place_edit = QLineEdit(person.birth_place)
        form.add("birth_place", _("&Tempat lahir"), self.birth_place_edit)
        self.birth_date_edit = DateEdit()
        self.birth_date_edit.set_value(person.birth_date)
        form.add("birth_date", _("Tanggal &lahir"), self.birth_date_edit, " ")
        self.sex_combo = sex_combo()
        self.sex_combo.setCurrentIndex(self.sex_combo.findData(person.sex.value))
        form.add("sex", _("&Jenis kelamin"), self.sex_combo, " ")
        self.mother_edit = QLineEdit(person.mother_name)
        form.add("mother_name", _("Nama &ibu kandung"), self.mother_edit)
        self.phone_edit = QLineEdit(person.phone)
        form.add("phone", _("Nomor &HP"), self.phone_edit)
        self.nik_readout = NikReadout(
            hint_label(form, "nik"), hint_label(form, "birth_date"), hint_label(form, "sex")
        )
        chain: list[QWidget] = [
            self.nik_edit, self.name_edit, self.birth_place_edit, self.birth_date_edit,
            self.sex_combo, self.mother_edit, self.phone_edit,
        ]  # fmt: skip

        self.wage_edit: MoneyEdit | None = None
        self.job_edit: QLineEdit | None = None
        self.income_edit: MoneyEdit | None = None
        self.months_spin: QSpinBox | None = None
        self.destination_edit: QLineEdit | None = None
        self.programme_checks: dict[Programme, QCheckBox] = {}
        active = worker.end_date is None
        if segment in (Segment.PU, Segment.JAKON):
            self.wage_edit = MoneyEdit()
            self.wage_edit.set_value(worker.wage)
            form.add("wage", _("&Upah sebulan"), self.wage_edit, " ")
            self.job_edit = QLineEdit(self.detail.job_title)
            self.job_edit.setMaxLength(80)
            form.add("job_title", _("Jab&atan"), self.job_edit)
            chain += [self.wage_edit, self.job_edit]
        if segment is Segment.BPU:
            self.income_edit = MoneyEdit()
            self.income_edit.set_value(self.detail.declared_income)
            form.add("income", _("P&enghasilan sebulan"), self.income_edit)
            chain.append(self.income_edit)
        if segment is Segment.PMI:
            self.months_spin = QSpinBox()
            self.months_spin.setRange(1, 120)
            self.months_spin.setSuffix(_(" bulan"))
            self.months_spin.setValue(self.detail.contract_months or 1)
            form.add("months", _("Lama k&ontrak"), self.months_spin)
            self.destination_edit = QLineEdit(self.detail.destination or "")
            self.destination_edit.setMaxLength(60)
            form.add("destination", _("N&egara tujuan"), self.destination_edit)
            chain += [self.months_spin, self.destination_edit]
        if segment in (Segment.PU, Segment.BPU):
            current = parse_programmes(worker.programmes)
            box = QWidget()
            row = QHBoxLayout(box)
            row.setContentsMargins(0, 0, 0, 0)
            allowed = allowed_programmes(segment, clock.office_today(self.session.db))
            for programme in BILL_ORDER:
                if programme not in allowed:
                    continue
                check = QCheckBox(programme.value)
                check.setObjectName(f"{programme.value.lower()}_check")
                check.setToolTip(programme.label)
                check.setChecked(programme in current)
                self.programme_checks[programme] = check
                row.addWidget(check)
                chain.append(check)
            row.addStretch(1)
            form.add("programmes", _("Program"), box)
        if not active:
            for name in ("wage", "job_title", "income", "months", "destination", "programmes"):
                if name in form.widgets:
                    form.widgets[name].setEnabled(False)
            note = _("Kepesertaan ini sudah berakhir: hanya data diri yang dapat diubah.")
            self.summary_label.setText(f"{self.summary_label.text()}\n{note}")
        chain_tab_order([*chain, self.save_button])
        self.nik_edit.textChanged.connect(self._on_person_changed)
        self.birth_date_edit.textChanged.connect(self._on_person_changed)
        self.sex_combo.currentIndexChanged.connect(self._on_person_changed)
        if self.wage_edit is not None:
            self.wage_edit.textChanged.connect(self._on_wage_changed)
        self._on_person_changed()
        self._on_wage_changed()
        self.name_edit.setFocus()
        self.watch_changes()

    def _on_person_changed(self, *_args: object) -> None:
        try:
            birth = self.birth_date_edit.value()
        except ValueError:
            birth = None
        self.nik_readout.update(self.nik_edit.text(), birth, combo_sex(self.sex_combo))
        self.fit_height()

    def _on_wage_changed(self, *_args: object) -> None:
        if self.wage_edit is None:
            return
        hint = hint_label(self.form, "wage")
        try:
            wage = self.wage_edit.value()
        except ValueError:
            wage = None
        regency = self.detail.employer_regency_code
        warning = (
            worker_registry.wage_warning(wage, regency, clock.office_today(self.session.db))
            if regency is not None
            else None
        )
        old = self.detail.worker.wage
        lines = [_("Sekarang {wage}").format(wage=format_rupiah(old))] if old is not None else []
        if warning:
            lines.append(f"⚠ {warning}")
        hint.setText("\n".join(lines))
        hint.setStyleSheet(WARNING_STYLE if warning else HINT_STYLE)
        self.fit_height()

    def _person_changes(self, errors: list[FieldError]) -> PersonChanges:
        person = self.detail.person
        birth = None
        try:
            birth = field_value("birth_date", self.birth_date_edit.value)
        except ValidationError as exc:
            errors.extend(exc.errors)
        if birth is None and not errors:
            errors.append(FieldError("birth_date", _("Tanggal lahir wajib diisi")))
        sex = combo_sex(self.sex_combo)

        def changed(text: str, old: str) -> str | None:
            return text if " ".join(text.split()).upper() != old.upper() else None

        nik = clean_digits(self.nik_edit.text())
        return PersonChanges(
            nik=nik if nik != person.nik else None,
            name=changed(self.name_edit.text(), person.name),
            birth_date=birth if birth is not None and birth != person.birth_date else None,
            sex=sex if sex is not None and sex is not person.sex else None,
            birth_place=changed(self.birth_place_edit.text(), person.birth_place),
            mother_name=changed(self.mother_edit.text(), person.mother_name),
            phone=self.phone_edit.text()
            if self.phone_edit.text().strip() != person.phone
            else None,
        )

    def _membership_changes(self, errors: list[FieldError]) -> MembershipChanges:
        detail, worker = self.detail, self.detail.worker
        if worker.end_date is not None:
            return MembershipChanges()
        wage = income = None
        if self.wage_edit is not None:
            try:
                wage = field_value("wage", self.wage_edit.value)
            except ValidationError as exc:
                errors.extend(exc.errors)
            if wage is None and worker.segment is Segment.PU:
                errors.append(FieldError("wage", _("Upah sebulan wajib diisi dan lebih dari Rp0")))
        if self.income_edit is not None:
            try:
                income = field_value("income", self.income_edit.value)
            except ValidationError as exc:
                errors.extend(exc.errors)
        programmes = None
        if self.programme_checks:
            chosen = frozenset(p for p, check in self.programme_checks.items() if check.isChecked())
            if chosen != parse_programmes(worker.programmes):
                programmes = chosen
        job = self.job_edit.text() if self.job_edit is not None else None
        months = self.months_spin.value() if self.months_spin is not None else None
        destination = self.destination_edit.text() if self.destination_edit is not None else None
        return MembershipChanges(
            wage=wage if wage is not None and wage != worker.wage else None,
            declared_income=income
            if income is not None and income != detail.declared_income
            else None,
            programmes=programmes,
            job_title=job if job is not None and job.strip() != detail.job_title else None,
            contract_months=months if months != detail.contract_months else None,
            destination=destination
            if destination is not None and destination.strip() != (detail.destination or "")
            else None,
        )

    def submit(self) -> WorkerRow:
        errors: list[FieldError] = []
        person = self._person_changes(errors)
        changes = self._membership_changes(errors)
        if errors:
            raise ValidationError(errors)
        if not person.any() and not changes.any():
            return self.detail.worker
        return member_changes.update_worker(
            self.session.db,
            self.session.actor,
            self.detail.worker.kpj,
            person=person if person.any() else None,
            membership=changes if changes.any() else None,
        )
