"""Jejak audit as a head of office opens it: the chain's verdict on top, filters, paging, the
export read back; greyed out for front-office officers."""

from __future__ import annotations

from openpyxl import load_workbook

from bpjs_desktop.services import auth
from bpjs_desktop.ui.admin.audit_dialog import AuditDialog
from tests.ui.conftest import LOAD_TIMEOUT_MS


def test_the_head_filters_and_exports_the_trail(
    qtbot, session_for, wait_for_tasks, screenshot, tmp_path
) -> None:
    head = session_for("kepala.grs")
    auth.record_session_event(head.db, head.actor, "session.locked")
    dialog = AuditDialog(head)
    qtbot.addWidget(dialog)
    dialog.resize(1366, 768)
    dialog.show()
    wait_for_tasks()
    qtbot.waitUntil(lambda: "utuh" in dialog.verify_label.text(), timeout=10_000)
    qtbot.keyClicks(dialog.action_edit, "session.locked")
    with qtbot.waitSignal(dialog.model.source_loaded, timeout=LOAD_TIMEOUT_MS):
        dialog.apply_filters()  # counted in the background
        assert dialog.count_label.text() == "Memuat…"
    assert dialog.model.rowCount() == 1
    assert dialog.model.index(0, 2).data() == "kepala.grs"
    assert dialog.count_label.text() == "1 kejadian"
    screenshot(dialog, "audit_viewer")
    out = tmp_path / "jejak.xlsx"
    with qtbot.waitSignal(dialog.model.source_loaded, timeout=LOAD_TIMEOUT_MS):
        assert dialog.export_to(out) == 1  # the list is read again: the export is on the trail
    rows = list(load_workbook(out).active.iter_rows(values_only=True))
    assert [row[3] for row in rows[1:]] == ["session.locked"]
    dialog.from_edit.setText("31/02/2026")
    dialog.apply_filters()
    assert dialog.error_label.isVisible()


def test_the_menu_entry_is_greyed_for_a_front_office_officer(
    qtbot, session_for, make_window
) -> None:
    officer = make_window(session_for("pelayanan.grs"))
    assert not officer.audit_action.isEnabled()
    assert "jejak audit" in officer.audit_action.toolTip()
    head = make_window(session_for("kepala.grs"))
    assert head.audit_action.isEnabled()
