"""Register an employer (PK/BU) from the keyboard: what the KBLI code, the size and the date imply
is shown as it is typed; the NPP is issued on save (or a legacy one taken over)."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from bpjs_desktop.domain import rates
from bpjs_desktop.domain.identifiers import IdentifierError, clean_digits, parse_npwp
from bpjs_desktop.domain.money import format_decimal
from bpjs_desktop.domain.periods import format_date
from bpjs_desktop.domain.programmes import (
    BILL_ORDER,
    Programme,
    RiskGroup,
    Segment,
    SizeClass,
    allowed_programmes,
    kbli_category,
    kbli_category_name,
    mandatory_programmes,
    risk_group_for_kbli,
    size_class_for,
)
from bpjs_desktop.errors import KnownError, ValidationError
from bpjs_desktop.i18n import N_, _
from bpjs_desktop.services import clock, employer_registry
from bpjs_desktop.services.membership_common import EmployerDetail, EmployerInput, EmployerRow
from bpjs_desktop.services.workstation import SignedIn
from bpjs_desktop.ui.common.events import DataKind
from bpjs_desktop.ui.common.forms import (
    ERROR_STYLE,
    DateEdit,
    FieldReader,
    MoneyEdit,
    line_edit,
    set_readout,
)
from bpjs_desktop.ui.common.month_office import office_combo
from bpjs_desktop.ui.common.widgets import combo_box, named_label
from bpjs_desktop.ui.membership.member_widgets import (
    OK_STYLE,
    ColumnFieldForm,
    RecordDialog,
    chain_tab_order,
    fill_ar_combo,
    fill_regency_combo,
    hint_label,
)

# Legal forms as the registration form lists them (stored as text, at most 20 characters).
LEGAL_FORMS = (
    "PT",
    "CV",
    "Firma",
    "Koperasi",
    "Yayasan",
    "BUMN",
    "BUMD",
    N_("Perorangan/UD"),
    N_("Instansi pemerintah"),
    N_("Lainnya"),
)

# Programmes an employer may add beyond what its size makes mandatory (JKP follows per worker).
_EXTRAS = (Programme.JHT, Programme.JP)


def _percent(ppm: int) -> str:
    return format_decimal(ppm / 10_000, 2) + "%"


class EmployerFormDialog(RecordDialog):
    """The employer registration form (issue 3, item 3).

    With *employer* (a row or an NPP) the dialog shows that registered employer read-only.

    Signals:
        saved(EmployerRow): the employer registered, with the NPP issued.
    """

    CHANGES = (DataKind.EMPLOYER,)

    def __init__(
        self,
        session: SignedIn,
        employer: EmployerRow | str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        """Long because it lays the widgets out top to bottom, in the order they appear on screen."""
        super().__init__(_("Pendaftaran pemberi kerja"), parent, columns=2)
        self.setObjectName("employer_form_dialog")
        self.session = session
        form = self.form
        assert isinstance(form, ColumnFieldForm)

        # --- left: the business -------------------------------------------------------------
        form.column = 0
        form.add_title(_("Badan usaha"))
        self.npp_display = QLineEdit()
        self.npp_display.setObjectName("npp_display")
        self.npp_display.setReadOnly(True)
        self.npp_display.setPlaceholderText(_("diterbitkan otomatis saat disimpan"))
        form.add("npp_issued", _("NPP"), self.npp_display)
        self.npp_edit = line_edit(8, _("kosongkan untuk NPP baru"))
        form.add(
            "npp",
            _("NPP la&ma (ambil alih)"),
            self.npp_edit,
            _("Hanya untuk NPP lama, misalnya JJ0P4391"),
        )
        self.name_edit = line_edit(160)
        form.add("name", _("&Nama badan usaha"), self.name_edit)
        self.legal_form_combo = combo_box((_(legal_form), legal_form) for legal_form in LEGAL_FORMS)
        form.add("legal_form", _("Bentuk badan &usaha"), self.legal_form_combo)
        self.npwp_edit = line_edit(24, _("15 digit (lama) atau 16 digit (baru)"))
        form.add("npwp", _("NP&WP"), self.npwp_edit, " ")
        self.nib_edit = line_edit(13, _("13 digit dari OSS"))
        form.add("nib", _("N&IB"), self.nib_edit)
        self.kbli_edit = line_edit(5, _("5 digit KBLI 2020, misalnya 10710"))
        form.add("kbli", _("&KBLI"), self.kbli_edit, " ")
        self.risk_combo = combo_box(
            [
                (_("Sesuai KBLI"), None),
                *((f"{int(group)} · {group.label}", int(group)) for group in RiskGroup),
            ]
        )
        form.add("risk_group", _("Risiko &JKK"), self.risk_combo, " ")
        self.capital_edit = MoneyEdit()
        self.capital_edit.setPlaceholderText(_("tanpa tanah dan bangunan (tidak wajib)"))
        form.add("capital", _("Modal usa&ha"), self.capital_edit)
        self.sales_edit = MoneyEdit()
        self.sales_edit.setPlaceholderText(_("untuk usaha yang sudah berjalan (tidak wajib)"))
        form.add("annual_sales", _("Om&zet setahun"), self.sales_edit)
        self.size_combo = combo_box((size.label, size.value) for size in SizeClass)
        form.add("size_class", _("Ke&las usaha"), self.size_combo, " ")
        programmes = QWidget()
        programmes_layout = QVBoxLayout(programmes)
        programmes_layout.setContentsMargins(0, 0, 0, 0)
        programmes_layout.setSpacing(2)
        self.mandatory_label = named_label("mandatory_label", wrap=True)
        programmes_layout.addWidget(self.mandatory_label)
        extras_row = QHBoxLayout()
        self.extra_checks: dict[Programme, QCheckBox] = {}
        for programme in _EXTRAS:
            check = QCheckBox(_("{code} (tambahan)").format(code=programme.value))
            check.setObjectName(f"{programme.value.lower()}_extra_check")
            check.setToolTip(programme.label)
            self.extra_checks[programme] = check
            extras_row.addWidget(check)
        extras_row.addStretch(1)
        programmes_layout.addLayout(extras_row)
        form.add("programmes", _("Program"), programmes)
        self.labour_check = QCheckBox(_("Industri padat kar&ya"))
        self.labour_check.setToolTip(
            _("Diskon iuran JKK untuk industri padat karya bila berlaku (PP 7/2025)")
        )
        form.add("labour_intensive", _("Padat karya"), self.labour_check)

        # --- right: where, who, which office ---------------------------------------------------
        form.column = 1
        form.add_title(_("Alamat dan kontak"))
        self.address_edit = line_edit(200, _("jalan, nomor, desa/kelurahan, kecamatan"))
        form.add("address", _("&Alamat"), self.address_edit)
        self.regency_combo = QComboBox()
        fill_regency_combo(self.regency_combo)
        form.add("regency", _("Kabupa&ten/kota"), self.regency_combo, _("Provinsi Jawa Timur"))
        self.postal_edit = line_edit(5, _("5 digit"))
        form.add("postal_code", _("Ko&de pos"), self.postal_edit)
        self.contact_name_edit = line_edit(120)
        form.add("contact_name", _("Nama k&ontak"), self.contact_name_edit)
        self.contact_phone_edit = line_edit(30)
        form.add("contact_phone", _("Tele&pon kontak"), self.contact_phone_edit)
        self.contact_email_edit = line_edit(120)
        form.add("contact_email", _("&Email kontak"), self.contact_email_edit)
        form.add_title(_("Pendaftaran"))
        self.office_combo = office_combo(session, "", every=False, codes=True)
        form.add("office", _("Kantor &cabang"), self.office_combo)
        self.ar_combo = QComboBox()
        fill_ar_combo(self.ar_combo, session, self.office_combo.currentData())
        form.add("ar", _("Pembina (A&R)"), self.ar_combo)
        self.registered_edit = DateEdit()
        self.registered_edit.set_value(clock.office_today(session.db))
        form.add(
            "registered_on",
            _("Tanggal terda&ftar"),
            self.registered_edit,
            _("Tanggal formulir lengkap diterima"),
        )

        chain_tab_order(
            [
                self.npp_edit, self.name_edit, self.legal_form_combo, self.npwp_edit,
                self.nib_edit, self.kbli_edit, self.risk_combo, self.capital_edit,
                self.sales_edit, self.size_combo, *self.extra_checks.values(),
                self.labour_check, self.address_edit, self.regency_combo, self.postal_edit,
                self.contact_name_edit, self.contact_phone_edit, self.contact_email_edit,
                self.office_combo, self.ar_combo, self.registered_edit, self.save_button,
            ]
        )  # fmt: skip
        self.npp_display.setFocusPolicy(Qt.FocusPolicy.NoFocus)

        self.npwp_edit.textChanged.connect(self._on_npwp_changed)
        self.kbli_edit.textChanged.connect(self._on_rules_changed)
        self.risk_combo.currentIndexChanged.connect(self._on_rules_changed)
        self.size_combo.currentIndexChanged.connect(self._on_rules_changed)
        self.registered_edit.textChanged.connect(self._on_rules_changed)
        self.capital_edit.textChanged.connect(self._on_amount_changed)
        self.sales_edit.textChanged.connect(self._on_amount_changed)
        self.office_combo.currentIndexChanged.connect(self._on_office_changed)

        self._on_npwp_changed()
        self._on_rules_changed()
        self._on_amount_changed()
        self.setMinimumWidth(1040)
        if employer is not None:
            npp = employer.npp if isinstance(employer, EmployerRow) else employer
            self._show_existing(
                employer_registry.get_employer_detail(session.db, npp, actor=session.actor)
            )
        else:
            self.name_edit.setFocus()
            self.watch_changes()

    # --- live read-outs --------------------------------------------------------------------------
    def _registered_on(self) -> date:
        try:
            return self.registered_edit.value() or clock.office_today(self.session.db)
        except ValueError:
            return clock.office_today(self.session.db)

    def _on_npwp_changed(self, *_args: object) -> None:
        self._show_npwp_forms()
        self.fit_height()

    def _show_npwp_forms(self) -> None:
        hint = hint_label(self.form, "npwp")
        text = self.npwp_edit.text()
        digits = clean_digits(text, separators=".-")
        if not digits:
            set_readout(hint, _("Kosongkan bila belum punya NPWP"))
            return
        if len(digits) < 15:
            set_readout(
                hint, _("{n} digit; NPWP lama 15 digit, baru 16 digit").format(n=len(digits))
            )
            return
        try:
            npwp = parse_npwp(text)
        except IdentifierError as exc:
            set_readout(hint, exc.message, ERROR_STYLE)
            return
        if len(digits) == 15:
            hint.setText(_("Bentuk 16 digit: {npwp}").format(npwp=npwp.npwp16))
        elif npwp.formatted15 is not None:
            hint.setText(_("Bentuk 15 digit: {npwp}").format(npwp=npwp.formatted15))
        else:
            hint.setText(_("NPWP 16 digit dari NIK: tidak ada bentuk 15 digit"))
        hint.setStyleSheet(OK_STYLE)

    def _implied_risk(self) -> RiskGroup | None:
        try:
            return risk_group_for_kbli(self.kbli_edit.text())
        except ValidationError:
            return None

    def _on_rules_changed(self, *_args: object) -> None:
        self._show_rule_readouts()
        self.fit_height()

    def _show_rule_readouts(self) -> None:
        on = self._registered_on()
        # KBLI → category and risk group
        hint = hint_label(self.form, "kbli")
        code = self.kbli_edit.text().strip()
        implied = self._implied_risk()
        if not code:
            set_readout(hint, _("Kategori dan risiko JKK tampil saat kode diketik"))
        elif implied is None:
            try:
                kbli_category(code)
                set_readout(hint, _("Kode KBLI belum lengkap"))
            except ValidationError as exc:
                if len(code) == 5:
                    set_readout(hint, exc.message, ERROR_STYLE)
                else:
                    set_readout(hint, _("Kode KBLI harus 5 digit"))
        else:
            letter = kbli_category(code)
            set_readout(
                hint,
                _("Kategori {letter} · {name} → risiko JKK {risk}").format(
                    letter=letter, name=kbli_category_name(letter), risk=implied.label
                ),
                OK_STYLE,
            )
        self.risk_combo.setItemText(
            0,
            _("Sesuai KBLI: {risk}").format(risk=implied.label)
            if implied is not None
            else _("Sesuai KBLI"),
        )
        risk = self._risk_group()
        risk_hint = hint_label(self.form, "risk_group")
        if risk is None:
            risk_hint.setText(_("Isi KBLI atau pilih kelompok risiko"))
        else:
            try:
                rate_text = _percent(rates.JKK_RATES.at(on)[risk])
            except KnownError:  # a date before BPJS: no rate to show
                rate_text = "–"
            risk_hint.setText(
                _("Iuran JKK {rate} dari upah{override}").format(
                    rate=rate_text,
                    override=_(" (diubah dari yang tersirat KBLI)")
                    if self.risk_combo.currentData() is not None
                    and implied is not None
                    and risk is not implied
                    else "",
                )
            )
        # size → mandatory programmes and the extras on offer
        size = SizeClass(self.size_combo.currentData())
        mandatory = mandatory_programmes(Segment.PU, size, on)
        allowed = allowed_programmes(Segment.PU, on)
        self.mandatory_label.setText(
            _("Wajib (Perpres 109/2013): {programmes}").format(
                programmes=", ".join(p.value for p in _bill_order(mandatory))
            )
        )
        for programme, check in self.extra_checks.items():
            offered = programme in allowed and programme not in mandatory
            check.setVisible(offered)
            if not offered:
                check.setChecked(False)

    def _risk_group(self) -> RiskGroup | None:
        chosen = self.risk_combo.currentData()
        return RiskGroup(chosen) if chosen is not None else self._implied_risk()

    def _on_amount_changed(self, *_args: object) -> None:
        self._show_size_from_amounts()
        self.fit_height()

    def _show_size_from_amounts(self) -> None:
        hint = hint_label(self.form, "size_class")
        try:
            capital = self.capital_edit.value()
            sales = self.sales_edit.value()
        except ValueError:
            set_readout(hint, _("Modal atau omzet bukan jumlah rupiah"), ERROR_STYLE)
            return
        if capital is None and sales is None:
            set_readout(hint, _("Dari modal atau omzet (PP 7/2021), atau pilih sendiri"))
            return
        try:
            size = size_class_for(on=self._registered_on(), capital=capital, annual_sales=sales)
        except KnownError as exc:
            set_readout(hint, exc.message, ERROR_STYLE)
            return
        basis = _("omzet setahun") if sales is not None else _("modal usaha")
        set_readout(
            hint,
            _("Dari {basis}: {size} (PP 7/2021)").format(basis=basis, size=size.label),
            OK_STYLE,
        )
        self.size_combo.setCurrentIndex(self.size_combo.findData(size.value))

    def _on_office_changed(self, *_args: object) -> None:
        fill_ar_combo(self.ar_combo, self.session, self.office_combo.currentData())

    # --- saving --------------------------------------------------------------------------------
    def submit(self) -> EmployerRow:
        read = FieldReader()
        read("capital", self.capital_edit.value)
        read("annual_sales", self.sales_edit.value)
        registered_on = read("registered_on", self.registered_edit.value)
        read.require("registered_on", registered_on, _("Tanggal terdaftar wajib diisi"))
        read.check()
        size = SizeClass(self.size_combo.currentData())
        programmes = mandatory_programmes(Segment.PU, size, registered_on) | {
            p for p, check in self.extra_checks.items() if check.isChecked()
        }
        risk = self.risk_combo.currentData()
        data = EmployerInput(
            name=self.name_edit.text(),
            kbli=self.kbli_edit.text(),
            size_class=size,
            office_code=self.office_combo.currentData() or "",
            regency_code=self.regency_combo.currentData() or "",
            registered_on=registered_on,
            legal_form=self.legal_form_combo.currentData(),
            npwp=self.npwp_edit.text(),
            nib=self.nib_edit.text(),
            risk_group=RiskGroup(risk) if risk is not None else None,
            programmes=frozenset(programmes),
            labour_intensive=self.labour_check.isChecked(),
            address=self.address_edit.text(),
            postal_code=self.postal_edit.text(),
            contact_name=self.contact_name_edit.text(),
            contact_phone=self.contact_phone_edit.text(),
            contact_email=self.contact_email_edit.text(),
            ar_username=self.ar_combo.currentData(),
            npp=self.npp_edit.text().strip() or None,
        )
        return employer_registry.register_employer(self.session.db, self.session.actor, data)

    def done_text(self, result: object) -> str:
        assert isinstance(result, EmployerRow)
        self.npp_display.setText(result.npp)
        return _("Tersimpan. {name} terdaftar dengan NPP {npp} (program {programmes}).").format(
            name=result.name, npp=result.npp, programmes=result.programmes.replace(",", ", ")
        )

    def _show_existing(self, detail: EmployerDetail) -> None:
        """Fill the form from a registered employer and show it read-only."""
        row = detail.row
        self.setWindowTitle(_("Pemberi kerja {npp}").format(npp=row.npp))
        self.npp_display.setText(row.npp)
        self.name_edit.setText(row.name)
        index = self.legal_form_combo.findData(detail.legal_form)
        if index < 0 and detail.legal_form:
            self.legal_form_combo.addItem(detail.legal_form, detail.legal_form)
            index = self.legal_form_combo.count() - 1
        self.legal_form_combo.setCurrentIndex(max(index, 0))
        self.npwp_edit.setText(detail.npwp16 or "")
        self.nib_edit.setText(detail.nib or "")
        self.kbli_edit.setText(detail.kbli)
        self.risk_combo.setCurrentIndex(self.risk_combo.findData(int(row.risk_group)))
        self.size_combo.setCurrentIndex(self.size_combo.findData(row.size_class.value))
        self.registered_edit.set_value(row.registered_on)
        chosen = set(row.programmes.split(","))
        for programme, check in self.extra_checks.items():
            check.setChecked(programme.value in chosen and check.isVisibleTo(self))
        self.labour_check.setChecked(row.labour_intensive)
        self.address_edit.setText(detail.address)
        self.regency_combo.setCurrentIndex(max(self.regency_combo.findData(row.regency_code), 0))
        self.postal_edit.setText(detail.postal_code)
        self.contact_name_edit.setText(detail.contact_name)
        self.contact_phone_edit.setText(detail.contact_phone)
        self.contact_email_edit.setText(detail.contact_email)
        self.office_combo.setCurrentIndex(max(self.office_combo.findData(row.office_code), 0))
        self.ar_combo.setCurrentIndex(max(self.ar_combo.findData(detail.ar_username), 0))
        self.result_value = row
        self.finished_saving = True
        self.done_label.setText(
            _("NPP {npp} · terdaftar sejak {day} · program {programmes}").format(
                npp=row.npp,
                day=format_date(row.registered_on),
                programmes=row.programmes.replace(",", ", "),
            )
        )
        self.done_label.setVisible(True)
        # What is registered, not what the form would make of it today (a 2012 employer joined
        # JP later), and none of the typing guidance.
        self.mandatory_label.setText(
            _("Terdaftar: {programmes}").format(programmes=row.programmes.replace(",", ", "))
        )
        for check in self.extra_checks.values():
            check.setVisible(False)
        for name in ("npp", "capital", "annual_sales"):
            self.form.set_row_visible(name, False)
        for name in ("size_class", "registered_on", "npwp", "regency"):
            hint_label(self.form, name).setVisible(False)
        self.show_read_only()


def _bill_order(programmes: frozenset[Programme]) -> list[Programme]:
    return [p for p in BILL_ORDER if p in programmes]
