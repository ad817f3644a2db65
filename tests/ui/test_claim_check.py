"""Periksa on the claim form says why a claim cannot be logged, beside the field concerned,
before anything is saved (issue #13: the button's ``checked`` flag used to switch the reasons off)."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt

from bpjs_desktop.domain.claims import ClaimType
from bpjs_desktop.domain.periods import format_date
from bpjs_desktop.ui.claims.claim_form import ClaimFormDialog
from tests.helpers import one_row

from .keyboard import retype


def _leaver(db):
    kpj, end = one_row(
        db,
        "SELECT m.kpj, m.end_date FROM membership m JOIN office o ON o.id = m.office_id "
        "WHERE o.code = 'GRS' AND m.end_reason = 'MENGUNDURKAN_DIRI' "
        "AND m.programmes NOT LIKE '%JKP%' ORDER BY m.id LIMIT 1",
    )
    return kpj, date.fromisoformat(str(end))


def _looked_up(qtbot, session, kpj: str) -> ClaimFormDialog:
    """The claim form, shown, with the member *kpj* typed and looked up (Enter)."""
    dialog = ClaimFormDialog(session)
    qtbot.addWidget(dialog, before_close_func=lambda w: setattr(w, "_dirty", False))
    dialog.show()
    qtbot.waitExposed(dialog)
    retype(qtbot, dialog.member_edit, kpj)
    qtbot.keyClick(dialog.member_edit, Qt.Key.Key_Return)
    return dialog


def test_periksa_shows_the_refusal_beside_the_field(qtbot, session_for):
    officer = session_for("pelayanan.grs")
    kpj, end = _leaver(officer.db)
    dialog = _looked_up(qtbot, officer, kpj)
    dialog.type_combo.setCurrentIndex(dialog.type_combo.findData(ClaimType.JKP.value))

    # No date typed yet: Periksa names the missing date beside its field.
    dialog.event_edit.clear()
    qtbot.mouseClick(dialog.check_button, Qt.MouseButton.LeftButton)
    assert dialog.form.errors["event_date"].isVisible()

    # With the date, the member has no JKP: the reason stands beside the claim type, unsaved.
    retype(qtbot, dialog.event_edit, format_date(end))
    qtbot.mouseClick(dialog.check_button, Qt.MouseButton.LeftButton)
    error = dialog.form.errors["claim_type"]
    assert error.isVisible()
    assert "tidak terdaftar pada program JKP" in error.text()
    assert "Belum memenuhi syarat" in dialog.preview_label.text()


def test_a_date_refused_is_named_as_its_field_is_labelled(qtbot, session_for):
    """A full JHT's date is labelled "Tanggal berhenti kerja": the refusals beside it say so,
    never "tanggal kejadian" (issue #13)."""
    officer = session_for("pelayanan.grs")
    kpj = one_row(
        officer.db,
        "SELECT m.kpj FROM membership m JOIN office o ON o.id = m.office_id "
        "WHERE o.code = 'GRS' AND m.programmes LIKE '%JHT%' ORDER BY m.id LIMIT 1",
    )[0]
    dialog = _looked_up(qtbot, officer, kpj)
    dialog.type_combo.setCurrentIndex(dialog.type_combo.findData(ClaimType.JHT_PENUH.value))
    assert dialog.form.labels["event_date"].text().replace("&", "") == "Tanggal berhenti kerja"

    dialog.event_edit.clear()
    qtbot.mouseClick(dialog.check_button, Qt.MouseButton.LeftButton)
    assert dialog.form.errors["event_date"].text() == "Tanggal berhenti kerja wajib diisi"

    retype(qtbot, dialog.event_edit, "01/01/1990")  # before anyone's membership began
    qtbot.mouseClick(dialog.check_button, Qt.MouseButton.LeftButton)
    said = dialog.form.errors["event_date"].text()
    assert said.startswith("Tanggal berhenti kerja sebelum kepesertaan dimulai (")
    assert "kejadian" not in said


def test_the_whole_member_line_is_readable_at_150_percent(qtbot, session_for, screenshot):
    """At 150 % (text half as large again, the dialog's fixed widths not) the member found is
    shown whole: the NIK and the wage are not cut at the form's edge (issue #13), the lines wrap
    instead, and the dialog is tall enough for them."""
    from PySide6.QtWidgets import QApplication

    officer = session_for("pelayanan.grs")
    kpj, _end = _leaver(officer.db)
    app = QApplication.instance()
    font = app.font()
    larger = app.font()
    larger.setPointSizeF(font.pointSizeF() * 1.5)
    app.setFont(larger)
    try:
        dialog = _looked_up(qtbot, officer, kpj)
        qtbot.wait(20)
        line = dialog.member_label
        member = dialog.member
        assert member is not None
        assert f"NIK&nbsp;{member.nik}" in line.text()
        assert line.wordWrap() and line.height() >= line.heightForWidth(line.width())
        right = line.mapTo(dialog, line.rect().topRight()).x()
        assert right <= dialog.form.mapTo(dialog, dialog.form.rect().topRight()).x()
        screenshot(dialog, "claim_form_member_150")
    finally:
        app.setFont(font)
