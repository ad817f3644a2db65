"""The employer form, typed as an officer types it: what is saved, what is refused and where."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from bpjs_desktop.domain.periods import today_wib
from bpjs_desktop.domain.programmes import RiskGroup, SizeClass
from bpjs_desktop.services import audit, employer_registry
from bpjs_desktop.ui.membership.employer_form import EmployerFormDialog
from tests.helpers import one_row
from tests.ui.keyboard import alt, mnemonics, press, retype, shown, tab_order, type_in_turn

pytestmark = pytest.mark.usefixtures("no_blocking_questions")


@pytest.fixture
def dialog(qtbot, officer) -> EmployerFormDialog:
    form = EmployerFormDialog(officer)
    # These tests read the classes of PP 7/2021: start from today, not the demo's 30/04/2018.
    form.registered_edit.set_value(today_wib())
    shown(qtbot, form)
    return form


def hint(dialog: EmployerFormDialog, name: str) -> str:
    return dialog.form.findChild(object, f"{name}_hint").text()


def error(dialog: EmployerFormDialog, name: str) -> str:
    label = dialog.form.errors[name]
    return label.text() if label.isVisible() else ""


def registrations(officer) -> list[dict]:
    return [e.detail for e in audit.recent(officer.db, 20) if e.action == "employer.register"]


def type_employer(qtbot, dialog: EmployerFormDialog) -> None:
    """A small bakery in Gresik, typed field by field with Tab, as on the paper form."""
    assert QApplication.focusWidget() is dialog.name_edit  # the form opens on the name
    qtbot.keyClicks(dialog.name_edit, "PT Roti Gresik Jaya")
    press(qtbot, Qt.Key.Key_Tab)
    # the legal form (a combo searched by typing), the NPWP, the NIB
    type_in_turn(qtbot, "CV", "01.234.567.8-901.000", "1234567890123")
    qtbot.keyClicks(QApplication.focusWidget(), "10710")
    press(qtbot, Qt.Key.Key_Tab, 2)  # past the risk group: the KBLI's stays
    qtbot.keyClicks(QApplication.focusWidget(), "3000000000")  # capital → small
    retype(qtbot, alt(qtbot, dialog, "a"), "Jl. Veteran 12, Gresik")
    press(qtbot, Qt.Key.Key_Tab)
    qtbot.keyClicks(QApplication.focusWidget(), "Gres")
    press(qtbot, Qt.Key.Key_Tab)
    qtbot.keyClicks(QApplication.focusWidget(), "61111")
    retype(qtbot, alt(qtbot, dialog, "e"), "hrd@rotigresik.co.id")
    alt(qtbot, dialog, "r")
    press(qtbot, Qt.Key.Key_Down)  # the first account representative of the office
    retype(qtbot, alt(qtbot, dialog, "f"), "02/01/2018")


def test_an_employer_typed_from_the_keyboard_is_registered_on_enter(
    qtbot, dialog, officer, screenshot
):
    """Tab, mnemonics and Enter only: the employer is saved with what each field said, the
    NPP is issued and shown, and the form turns read-only."""
    type_employer(qtbot, dialog)
    screenshot(dialog, "employer_typed")
    press(qtbot, Qt.Key.Key_Return)

    row = dialog.result_value
    assert row is not None, dialog.general_error.text()
    assert dialog.npp_display.text() == row.npp
    assert row.npp in dialog.done_label.text()
    assert not dialog.form.isEnabled()
    detail = employer_registry.get_employer_detail(officer.db, row.npp)
    assert (detail.row.name, detail.legal_form, detail.kbli) == (
        "PT Roti Gresik Jaya",
        "CV",
        "10710",
    )
    assert (detail.npwp15, detail.npwp16, detail.nib) == (
        "012345678901000",
        "0012345678901000",
        "1234567890123",
    )
    assert detail.row.risk_group is RiskGroup.SEDANG  # manufacturing
    assert detail.row.size_class is SizeClass.KECIL  # Rp3 bn capital (PP 7/2021)
    assert detail.row.programmes == "JKK,JKM,JHT"  # Perpres 109/2013 for a small employer
    assert (detail.row.regency_code, detail.postal_code, detail.row.office_code) == (
        "3525",
        "61111",
        "GRS",
    )
    assert detail.contact_email == "hrd@rotigresik.co.id"
    assert detail.ar_username == "ar.grs"
    assert detail.row.registered_on == date(2018, 1, 2)
    assert registrations(officer)[0]["npp"] == row.npp
    screenshot(dialog, "employer_saved")
    press(qtbot, Qt.Key.Key_Return)  # Enter again closes it
    assert not dialog.isVisible()


def test_what_the_kbli_npwp_and_capital_imply_is_shown_as_they_are_typed(qtbot, dialog):
    """Category and risk group from the KBLI, the other NPWP form, the size class from the
    capital and the programmes it makes mandatory, all before saving."""
    qtbot.keyClicks(dialog.kbli_edit, "41011")
    assert hint(dialog, "kbli") == "Kategori F · Konstruksi → risiko JKK Tinggi"
    assert dialog.risk_combo.currentText() == "Sesuai KBLI: Tinggi"
    assert "1,27%" in hint(dialog, "risk_group")

    qtbot.keyClicks(dialog.npwp_edit, "012345678901000")
    assert hint(dialog, "npwp") == "Bentuk 16 digit: 0012345678901000"
    retype(qtbot, dialog.npwp_edit, "0012345678901000")
    assert hint(dialog, "npwp") == "Bentuk 15 digit: 01.234.567.8-901.000"
    retype(qtbot, dialog.npwp_edit, "3578015505900001")
    assert hint(dialog, "npwp") == "NPWP 16 digit dari NIK: tidak ada bentuk 15 digit"

    qtbot.keyClicks(dialog.capital_edit, "500000000")
    assert dialog.size_combo.currentText() == "Mikro"
    assert dialog.mandatory_label.text() == "Wajib (Perpres 109/2013): JKK, JKM"
    assert [c.isVisible() for c in dialog.extra_checks.values()] == [True, True]  # JHT, JP
    retype(qtbot, dialog.capital_edit, "6000000000")
    assert dialog.size_combo.currentText() == "Menengah"
    assert dialog.mandatory_label.text() == "Wajib (Perpres 109/2013): JKK, JKM, JHT, JP"
    assert [c.isVisible() for c in dialog.extra_checks.values()] == [False, False]
    qtbot.keyClicks(dialog.sales_edit, "60000000000")  # annual sales decide for a running firm
    assert dialog.size_combo.currentText() == "Besar"
    assert hint(dialog, "size_class") == "Dari omzet setahun: Besar (PP 7/2021)"


def test_refused_fields_are_named_beside_them_and_the_first_gets_the_focus(
    qtbot, dialog, officer, screenshot
):
    """A short NPWP, a 4-digit KBLI, a bad postal code and e-mail: each is named beside its
    field, the first one in the form has the focus, and nothing is saved."""
    qtbot.keyClicks(dialog.name_edit, "PT Salah Isi")
    qtbot.keyClicks(dialog.npwp_edit, "01.234.567")
    qtbot.keyClicks(dialog.kbli_edit, "1071")
    qtbot.keyClicks(dialog.postal_edit, "611")
    qtbot.keyClicks(dialog.contact_email_edit, "bukan-email")
    dialog.name_edit.setFocus()
    press(qtbot, Qt.Key.Key_Return)

    assert dialog.result_value is None and dialog.isVisible()
    assert error(dialog, "npwp") == "NPWP harus 15 digit (lama) atau 16 digit (baru), bukan 8"
    assert error(dialog, "kbli") == "Kode KBLI harus 5 digit (KBLI 2020), bukan '1071'"
    assert error(dialog, "postal_code") == "Kode pos harus 5 digit"
    assert error(dialog, "contact_email").startswith("Alamat email tidak valid")
    assert error(dialog, "regency") == "Kabupaten/kota wajib dipilih"
    assert QApplication.focusWidget() is dialog.npwp_edit
    assert dialog.npwp_edit.selectedText() == "01.234.567"
    assert registrations(officer) == []
    screenshot(dialog, "employer_refused")


def test_a_legacy_npp_is_taken_over_and_one_already_held_is_refused_at_the_top(
    qtbot, dialog, officer
):
    """JJ0A0001 belongs to a demo employer: the conflict names it above the form; a free
    legacy number is kept as typed, in capitals."""
    qtbot.keyClicks(dialog.npp_edit, "JJ0A0001")
    qtbot.keyClicks(dialog.name_edit, "PT Pengambil Alih")
    qtbot.keyClicks(dialog.kbli_edit, "47111")
    dialog.regency_combo.setFocus()
    qtbot.keyClicks(dialog.regency_combo, "Surab")
    retype(qtbot, dialog.registered_edit, "02/01/2018")
    press(qtbot, Qt.Key.Key_Return)
    assert dialog.general_error.isVisible()
    assert dialog.general_error.text().startswith("NPP JJ0A0001 sudah terdaftar atas nama")

    retype(qtbot, dialog.npp_edit, "jj9z0001")
    press(qtbot, Qt.Key.Key_Return)
    assert dialog.result_value is not None, dialog.general_error.text()
    assert dialog.result_value.npp == "JJ9Z0001"
    assert employer_registry.get_employer(officer.db, "JJ9Z0001").name == "PT Pengambil Alih"


def test_the_risk_group_may_be_overridden(qtbot, dialog, officer):
    """An officer who knows better picks the risk group; the saved employer has it."""
    qtbot.keyClicks(dialog.name_edit, "PT Tambang Kecil")
    qtbot.keyClicks(dialog.kbli_edit, "62010")  # software: very low
    alt(qtbot, dialog, "j")
    qtbot.keyClicks(QApplication.focusWidget(), "5")
    assert "diubah" in hint(dialog, "risk_group")
    dialog.regency_combo.setFocus()
    qtbot.keyClicks(dialog.regency_combo, "Gres")
    retype(qtbot, dialog.registered_edit, "02/01/2018")
    press(qtbot, Qt.Key.Key_Return)
    assert dialog.result_value.risk_group is RiskGroup.SANGAT_TINGGI


def test_an_optional_programme_is_added_to_the_mandatory_ones(qtbot, dialog):
    """A micro employer may join JP too: the tick box is kept with JKK and JKM."""
    qtbot.keyClicks(dialog.name_edit, "PT Warung Kecil")
    qtbot.keyClicks(dialog.kbli_edit, "56101")
    qtbot.keyClicks(dialog.capital_edit, "100000000")
    dialog.extra_checks[next(iter(dialog.extra_checks))].setFocus()  # JHT
    press(qtbot, Qt.Key.Key_Space)
    dialog.regency_combo.setFocus()
    qtbot.keyClicks(dialog.regency_combo, "Gres")
    retype(qtbot, dialog.registered_edit, "02/01/2018")
    press(qtbot, Qt.Key.Key_Return)
    assert dialog.result_value.programmes == "JKK,JKM,JHT"


def test_tab_follows_the_form_and_every_mnemonic_is_unique(qtbot, dialog):
    """Tab goes down the left column, then the right, then to Save; no Alt letter is shared."""
    order = tab_order(qtbot, dialog.npp_edit, 22)
    assert order == [
        "npp_edit", "name_edit", "legal_form_edit", "npwp_edit", "nib_edit", "kbli_edit",
        "risk_group_edit", "capital_edit", "annual_sales_edit", "size_class_edit",
        "jht_extra_check", "jp_extra_check", "labour_intensive_edit", "address_edit",
        "regency_edit", "postal_code_edit", "contact_name_edit", "contact_phone_edit",
        "contact_email_edit", "office_edit", "ar_edit", "registered_on_edit", "save_button",
    ]  # fmt: skip
    letters = mnemonics(dialog)
    assert len(letters) == len(set(letters)), sorted(letters)
    assert len(letters) >= 20


def test_escape_closes_an_untouched_form_and_asks_before_discarding_typing(
    qtbot, dialog, monkeypatch
):
    """Esc on an empty form closes it; after typing it asks first, and "Cancel" keeps it open."""
    asked = []

    def answer(*args, **kwargs):
        asked.append(args[2])
        return QMessageBox.StandardButton.Cancel

    monkeypatch.setattr(QMessageBox, "question", answer)
    qtbot.keyClicks(dialog.name_edit, "PT Hampir")
    press(qtbot, Qt.Key.Key_Escape)
    assert asked and dialog.isVisible()

    fresh = EmployerFormDialog(dialog.session)
    qtbot.addWidget(fresh)
    fresh.show()
    qtbot.waitExposed(fresh)
    qtbot.keyClick(fresh.name_edit, Qt.Key.Key_Escape)
    assert not fresh.isVisible()
    assert len(asked) == 1


def test_a_registered_employer_is_shown_read_only(qtbot, officer, screenshot):
    """Opened on an NPP of the officer's own branch, the form shows that employer's data, greyed,
    with one Close button."""
    npp = one_row(
        officer.db,
        "SELECT e.npp FROM employer e JOIN office o ON o.id = e.office_id "
        "WHERE o.code = 'GRS' ORDER BY e.id LIMIT 1",
    )[0]
    form = EmployerFormDialog(officer, npp)
    qtbot.addWidget(form)
    form.show()
    qtbot.waitExposed(form)
    detail = employer_registry.get_employer_detail(officer.db, npp)
    assert form.npp_display.text() == npp
    assert form.name_edit.text() == detail.row.name
    assert form.size_combo.currentData() == detail.row.size_class.value
    assert not form.form.isEnabled()
    assert form.save_button.text() == "&Tutup"
    assert npp in form.done_label.text()
    assert form.mandatory_label.text() == "Terdaftar: " + detail.row.programmes.replace(",", ", ")
    assert not form.npp_edit.isVisible()  # nothing to take over: the NPP is there
    screenshot(form, "employer_view")
