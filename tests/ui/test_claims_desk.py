"""The claims desk as an officer uses it, on the demo: the worklist, the claim form with a refusal
beside its field, the documents ticked and scanned, the claim moved to paid by a second officer,
the receipt and decision letter read back from their PDFs, and every model checked by Qt's tester.

Set ``BPJS_SHOTS=/some/folder`` to keep the screenshots for looking at them.
"""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt

from bpjs_desktop.domain.claim_details import JpGround, JpKind, TransportMode
from bpjs_desktop.domain.claims import ClaimState, ClaimType
from bpjs_desktop.domain.money import format_rupiah
from bpjs_desktop.domain.periods import format_date
from bpjs_desktop.domain.scholarships import SchoolLevel
from bpjs_desktop.domain.service_level import SlaColour
from bpjs_desktop.errors import ValidationError
from bpjs_desktop.ui.claims.claim_detail import ClaimDetailPage
from bpjs_desktop.ui.claims.claim_form import ClaimFormDialog
from bpjs_desktop.ui.claims.claims_page import ClaimsPage, ClaimsWorklistModel
from tests.helpers import one_row
from tests.ui.conftest import LOAD_TIMEOUT_MS

from .keyboard import mnemonics, retype


def add(qtbot, widget):
    """Register *widget* with qtbot; a form with typed changes closes without asking (the modal
    "discard?" box would wait for an answer nobody gives)."""

    def quiet(w):
        if hasattr(w, "_dirty"):
            w._dirty = False

    qtbot.addWidget(widget, before_close_func=quiet)
    return widget


@pytest.fixture
def leaver(demo_db):
    """A Gresik member of the demo who resigned, holds JHT, and has no claim yet."""
    row = one_row(
        demo_db,
        "SELECT m.kpj, m.end_date, p.name FROM membership m "
        "JOIN office o ON o.id = m.office_id JOIN person p ON p.id = m.person_id "
        "WHERE o.code = 'GRS' AND m.end_reason = 'MENGUNDURKAN_DIRI' "
        "AND m.programmes LIKE '%JHT%' "
        "AND NOT EXISTS (SELECT 1 FROM claim c WHERE c.membership_id = m.id) "
        "ORDER BY m.id LIMIT 1",
    )
    kpj, end, name = row
    return kpj, date.fromisoformat(str(end)), name


def test_worklist_shows_open_claims_with_sla_colours(qtbot, qtmodeltester, session, shot):
    """The page opens on the open claims, oldest clock first, the SLA column coloured; the
    colour filter narrows in SQL; the model passes Qt's tester."""
    page = ClaimsPage(session)
    qtbot.addWidget(page)
    page.resize(1280, 720)
    page.office_combo.setCurrentIndex(0)  # every office
    with qtbot.waitSignal(page.model.source_loaded, timeout=LOAD_TIMEOUT_MS):
        page.apply_filters()  # counted and its first page read in the background
        assert page.count_label.text() == "Memuat…"
    page.show()
    qtbot.waitExposed(page)
    model = page.model
    assert model.rowCount() > 0
    assert "klaim" in page.count_label.text()
    colours = {
        model.data(model.index(r, ClaimsWorklistModel.COL_SLA), model.ColourRole)
        for r in range(model.rowCount())
    }
    assert colours & {SlaColour.HIJAU, SlaColour.KUNING, SlaColour.MERAH, SlaColour.JEDA}
    qtmodeltester.check(model)
    shot(page, "claims_page")
    for colour in colours - {None}:
        with qtbot.waitSignal(model.source_loaded, timeout=LOAD_TIMEOUT_MS):
            page.colour_combo.setCurrentIndex(page.colour_combo.findData(colour.value))
        shown = [
            model.data(model.index(r, ClaimsWorklistModel.COL_SLA), model.ColourRole)
            for r in range(model.rowCount())
        ]
        assert shown and set(shown) == {colour}
    with qtbot.waitSignal(model.source_loaded, timeout=LOAD_TIMEOUT_MS):
        page.colour_combo.setCurrentIndex(0)
    with qtbot.waitSignal(page.claim_activated) as opened:
        page.table.setCurrentIndex(model.index(0, 0))
        qtbot.keyClick(page.table, Qt.Key.Key_Return)
    assert opened.args[0] == model.row_object(0).claim_no


def test_log_a_claim_see_a_refusal_then_documents_and_pay(
    qtbot, qtmodeltester, session_for, leaver, shot, tmp_path
):
    """An officer types the KPJ (the member is shown), asks for JKP (refused beside the claim type:
    the member has no JKP), switches to JHT, ticks two documents and saves. The same officer ticks
    the rest, attaches a scan and verifies, but cannot decide; a colleague decides at the rule's
    amount and pays. The receipt and the letter are PDFs whose text names the claim.

    Long because it is one claim's life at the desk, told in the order the users live it: each
    step starts from the screen the last one left, so split tests would each replay the others.
    """
    kpj, end_date, name = leaver
    officer = session_for("pelayanan.grs")
    dialog = ClaimFormDialog(officer)
    add(qtbot, dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    letters = mnemonics(dialog)
    assert len(letters) == len(set(letters)), letters

    retype(qtbot, dialog.member_edit, kpj)
    qtbot.keyClick(dialog.member_edit, Qt.Key.Key_Return)
    assert name in dialog.member_label.text()

    dialog.type_combo.setCurrentIndex(dialog.type_combo.findData(ClaimType.JKP.value))
    retype(qtbot, dialog.event_edit, format_date(end_date))
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    error = dialog.form.errors["claim_type"]
    assert error.isVisible()
    assert "tidak terdaftar pada program JKP" in error.text()
    shot(dialog, "claim_form_refusal")

    dialog.type_combo.setCurrentIndex(dialog.type_combo.findData(ClaimType.JHT_PENUH.value))
    retype(qtbot, dialog.event_edit, format_date(end_date))
    retype(qtbot, dialog.account_edit, "0123456789")
    assert dialog.run_check()
    assert dialog.documents_list.count() >= 5
    for row in (0, 1):
        dialog.documents_list.item(row).setCheckState(Qt.CheckState.Checked)
    assert "Perkiraan manfaat" in dialog.preview_label.text()
    shot(dialog, "claim_form_ready")
    with qtbot.waitSignal(dialog.saved) as saved:
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    claim_no = saved.args[0].claim_no
    assert saved.args[0].state is ClaimState.DIAJUKAN

    page = ClaimDetailPage(officer)
    qtbot.addWidget(page)
    page.resize(1280, 800)
    view = page.show_claim(claim_no)
    page.show()
    qtbot.waitExposed(page)
    assert len(view.missing) == len(view.documents) - 2
    assert not page.move_buttons[ClaimState.DITETAPKAN].isVisible()
    qtmodeltester.check(page.documents)
    # tick the first missing one, attach a scan for the next, tick the rest
    assert page.receive_selected()
    scan = tmp_path / "paklaring.pdf"
    scan.write_bytes(b"%PDF-1.4\n% scan\n")
    page.documents_table.selectRow(
        next(i for i, d in enumerate(page.documents.rows) if d.received_on is None)
    )
    assert page.attach(scan)
    assert page.attachments.rowCount() == 1
    qtmodeltester.check(page.attachments)
    opened: list[Path] = []
    page.open_url = opened.append
    path = page.open_selected_attachment()
    assert path is not None and path.read_bytes() == scan.read_bytes() and opened == [path]
    shutil.rmtree(path.parent)
    while page.view.missing:
        page.documents_table.selectRow(
            next(i for i, d in enumerate(page.documents.rows) if d.received_on is None)
        )
        assert page.receive_selected()
    assert page.view.docs_complete_on is not None

    verify = page.move_dialog(ClaimState.VERIFIKASI)
    add(qtbot, verify)
    with qtbot.waitSignal(verify.saved):
        verify.save()
    assert page.view.row.state is ClaimState.VERIFIKASI
    decide = page.move_buttons[ClaimState.DITETAPKAN]
    assert decide.isVisible() and not decide.isEnabled()
    assert "tidak boleh juga menetapkannya" in decide.toolTip()

    colleague = session_for("petugas.grs")
    other = ClaimDetailPage(colleague)
    qtbot.addWidget(other)
    other.resize(1280, 800)
    view = other.show_claim(claim_no)
    assert other.move_buttons[ClaimState.DITETAPKAN].isEnabled()
    rule = view.rule_amount
    assert rule is not None and rule.total > 0
    dialog = other.move_dialog(ClaimState.DITETAPKAN)
    add(qtbot, dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    shot(dialog, "decide_dialog")
    retype(qtbot, dialog.amount_edit, "1.000")
    dialog.save()
    assert dialog.form.errors["amount_reason"].isVisible()
    retype(qtbot, dialog.amount_edit, format_rupiah(rule.total))
    with qtbot.waitSignal(dialog.saved):
        dialog.save()
    pay = other.move_dialog(ClaimState.DIBAYAR)
    add(qtbot, pay)
    with qtbot.waitSignal(pay.saved):
        pay.save()
    assert other.view.row.state is ClaimState.DIBAYAR
    assert other.view.row.amount == rule.total
    assert [h.to_state for h in other.view.history] == [
        ClaimState.DIAJUKAN, ClaimState.VERIFIKASI, ClaimState.DITETAPKAN, ClaimState.DIBAYAR,
    ]  # fmt: skip
    qtmodeltester.check(other.history)
    other.show()
    qtbot.waitExposed(other)
    shot(other, "claim_detail_paid")

    receipt = other.save_receipt_pdf(tmp_path / "tanda-terima.pdf")
    letter = other.save_letter_pdf(tmp_path / "surat.pdf")
    # QTextDocument's PDF separates words by tabs: compare with single spaces.
    receipt_text = " ".join(
        " ".join(p.extract_text() for p in PdfReader(str(receipt)).pages).split()
    )
    letter_text = " ".join(" ".join(p.extract_text() for p in PdfReader(str(letter)).pages).split())
    assert "Tanda Terima Pengajuan Klaim" in receipt_text
    assert claim_no in receipt_text and kpj in receipt_text
    assert "KC Gresik" in receipt_text
    assert "Surat Penetapan Manfaat" in letter_text
    assert format_rupiah(rule.total) in letter_text
    assert "Iuran JHT" in letter_text


def test_claim_form_keyboard_and_type_rows(qtbot, session, shot):
    """Enter on the member field looks up; type-specific rows show only for their type; Esc on an
    untouched form closes it."""
    dialog = ClaimFormDialog(session)
    add(qtbot, dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert not dialog.form.widgets["heirs"].isVisibleTo(dialog)
    dialog.type_combo.setCurrentIndex(dialog.type_combo.findData(ClaimType.JKM.value))
    assert dialog.form.widgets["heirs"].isVisibleTo(dialog)
    assert dialog.form.labels["event_date"].text() == "&Tanggal meninggal"
    shot(dialog, "claim_form_jkm")
    dialog.type_combo.setCurrentIndex(dialog.type_combo.findData(ClaimType.JKK.value))
    assert dialog.form.widgets["stmb"].isVisibleTo(dialog)
    shot(dialog, "claim_form_jkk")
    assert not dialog.form.widgets["heirs"].isVisibleTo(dialog)
    retype(qtbot, dialog.member_edit, "12345")
    qtbot.keyClick(dialog.member_edit, Qt.Key.Key_Return)
    assert dialog.form.errors["kpj"].isVisible()
    dialog.type_combo.setCurrentIndex(dialog.type_combo.findData(ClaimType.JHT_PENUH.value))
    dialog._dirty = False
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()


def test_jkk_form_reads_stmb_periods_and_refuses_bad_ones(qtbot, session):
    """STMB periods are typed as date ranges; an unreadable one is refused beside its field."""
    dialog = ClaimFormDialog(session)
    add(qtbot, dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.type_combo.setCurrentIndex(dialog.type_combo.findData(ClaimType.JKK.value))
    dialog.stmb_edit.setText("01/03/2018-15/03/2018; 20/03/2018-31/03/2018")
    detail = dialog.detail()
    assert [p.days for p in detail.stmb] == [15, 12]
    dialog.stmb_edit.setText("01/03/2018")
    dialog.member_edit.setText("18000000001")
    dialog.event_edit.setText("01/03/2018")
    dialog.save()
    assert dialog.form.errors["stmb"].isVisible()


def test_claim_form_reads_school_levels_transport_and_the_pension_kind(qtbot, session):
    """JKK: the children's levels (scholarship), transport and return to work; JKM: a level per
    child in the heirs; JP: the pension kind follows the ground, a death lets the officer choose."""
    dialog = ClaimFormDialog(session)
    add(qtbot, dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.type_combo.setCurrentIndex(dialog.type_combo.findData(ClaimType.JKK.value))
    assert dialog.form.widgets["school_levels"].isVisibleTo(dialog)
    dialog.levels_edit.setText("sma, SD")
    dialog.transport_combo.setCurrentIndex(dialog.transport_combo.findData("LAUT"))
    detail = dialog.detail()
    assert detail.school_levels == (SchoolLevel.SMA, SchoolLevel.SD)
    assert detail.transport is TransportMode.LAUT
    dialog.levels_edit.setText("S3")
    with pytest.raises(ValidationError, match="S3"):
        dialog.detail()

    dialog.type_combo.setCurrentIndex(dialog.type_combo.findData(ClaimType.JKM.value))
    dialog.heirs_edit.setPlainText("SITI; istri\nANDI; anak; ; SMA\nBUDI; anak; ; sekolah")
    heirs = dialog.detail().heirs
    assert [(h.school_level, h.in_school) for h in heirs] == [
        (None, False), (SchoolLevel.SMA, True), (None, True)
    ]  # fmt: skip

    dialog.type_combo.setCurrentIndex(dialog.type_combo.findData(ClaimType.JP_BERKALA.value))
    assert not dialog.jp_kind_combo.isEnabled()
    dialog.ground_combo.setCurrentIndex(dialog.ground_combo.findData(JpGround.MENINGGAL.value))
    assert dialog.jp_kind_combo.isEnabled()
    dialog.jp_kind_combo.setCurrentIndex(dialog.jp_kind_combo.findData(JpKind.ANAK.value))
    assert dialog.detail().pension_kind is JpKind.ANAK
