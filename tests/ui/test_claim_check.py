"""Periksa on the claim form says why a claim cannot be logged, beside the field concerned,
before anything is saved (issue #13: the button's ``checked`` flag used to switch the reasons off)."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from sqlalchemy import text

from bpjs_desktop.domain.claims import ClaimType
from bpjs_desktop.domain.periods import format_date
from bpjs_desktop.ui.claims.claim_form import ClaimFormDialog

from .keyboard import retype


def _leaver(db):
    with db.read() as s:
        kpj, end = s.execute(
            text(
                "SELECT m.kpj, m.end_date FROM membership m JOIN office o ON o.id = m.office_id "
                "WHERE o.code = 'GRS' AND m.end_reason = 'MENGUNDURKAN_DIRI' "
                "AND m.programmes NOT LIKE '%JKP%' ORDER BY m.id LIMIT 1"
            )
        ).one()
    return kpj, date.fromisoformat(str(end))


def test_periksa_shows_the_refusal_beside_the_field(qtbot, session_for):
    officer = session_for("pelayanan.grs")
    kpj, end = _leaver(officer.db)
    dialog = ClaimFormDialog(officer)
    qtbot.addWidget(dialog, before_close_func=lambda w: setattr(w, "_dirty", False))
    dialog.show()
    qtbot.waitExposed(dialog)
    retype(qtbot, dialog.member_edit, kpj)
    qtbot.keyClick(dialog.member_edit, Qt.Key.Key_Return)
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
