"""The arrears screens on the demo, driven as an officer would: the worklist, a case with its
calculator and timeline, recording a call, a promise and a payment, printing the letters, the
target progress and the PDS list. Every model passes qtmodeltester; every screen is captured."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox
from sqlalchemy import text

from bpjs_desktop.db.models import FollowUpKind
from bpjs_desktop.domain.money import format_rupiah
from bpjs_desktop.domain.periods import format_date, today_wib
from bpjs_desktop.services import arrears
from bpjs_desktop.services.arrears_worklist import WorklistFilter, WorklistQuery
from bpjs_desktop.services.workstation import SignedIn
from bpjs_desktop.ui.arrears.arrears_case import (
    ArrearsCasePage,
    CaseTimelineModel,
    FollowUpDialog,
    InstalmentTableModel,
    OwedTableModel,
    PaymentDialog,
    PromiseDialog,
    StatementBillsTableModel,
    StatementPaymentsTableModel,
)
from bpjs_desktop.ui.arrears.arrears_page import (
    OVERDUE_BACKGROUND,
    ArrearsTargetsPage,
    ArrearsWorklistPage,
    WorklistTableModel,
)
from bpjs_desktop.ui.membership.pds_page import FINDING_COLOUR, PdsPage, PdsTableModel
from tests.helpers import one_row

from .conftest import LOAD_TIMEOUT_MS
from .keyboard import discard_without_asking, retype

K = FollowUpKind

DEMO_DAY = date(2018, 4, 30)  # the demo office's today: its steps default to it (issue #13)


def show_loaded(qtbot, page, size: tuple[int, int], signal, load, *args):
    """Size *page*, run *load* (with *args*) until *signal* says it has loaded, then show the page;
    return the signal's blocker (its ``args`` hold what was loaded)."""
    qtbot.addWidget(page)
    page.resize(*size)
    with qtbot.waitSignal(signal, timeout=LOAD_TIMEOUT_MS) as blocker:
        load(*args)
    page.show()
    qtbot.waitExposed(page)
    return blocker


@pytest.fixture(autouse=True)
def _discard(monkeypatch) -> None:
    """A form left open with typing in it is closed at the end without asking."""
    discard_without_asking(monkeypatch)


def _case(session: SignedIn, where: str) -> tuple[int, str, str]:
    """(case id, NPP, the officer's username) of the first open case matching *where*."""
    row = one_row(
        session.db,
        "SELECT c.id, e.npp, u.username FROM arrears_case c "
        "JOIN employer e ON e.id = c.employer_id JOIN app_user u ON u.id = c.officer_id "
        f"WHERE c.status IN ('TERBUKA', 'KEJARI') AND {where} ORDER BY c.id LIMIT 1",
    )
    return int(row[0]), str(row[1]), str(row[2])


def _letter_only_case(session: SignedIn) -> tuple[int, str, str]:
    """An open case whose only ladder step is the first letter, and no promise."""
    return _case(
        session,
        "c.stage = 'SURAT_1' AND NOT EXISTS (SELECT 1 FROM follow_up f WHERE f.case_id = c.id "
        "AND f.kind IN ('JANJI_BAYAR', 'CICILAN'))",
    )


def pdf_text(path: Path) -> str:
    """The PDF's text with its words joined by single spaces (pypdf gives tabs and breaks)."""
    return " ".join(" ".join(page.extract_text() for page in PdfReader(path).pages).split())


def _case_page(qtbot, session: SignedIn, case_id: int) -> ArrearsCasePage:
    page = ArrearsCasePage(session)
    show_loaded(qtbot, page, (1110, 740), page.case_loaded, page.show_case, case_id)
    return page


def _open_dialog(qtbot, page: ArrearsCasePage, button, dialog_type):
    """Click *button* the way a user does and return the form it opens."""
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    dialog = page.findChild(dialog_type)
    assert dialog is not None and dialog.isVisible()
    qtbot.waitExposed(dialog)
    return dialog


# --- the worklist ---------------------------------------------------------------------------------


def test_region_worklist_largest_first_overdue_highlighted(qtbot, session: SignedIn, screenshot):
    """The administrator's worklist: every officer's cases due by the demo's day, largest arrears
    first, overdue rows tinted red; the summary line counts them."""
    page = ArrearsWorklistPage(session)
    loaded = show_loaded(qtbot, page, (1110, 740), page.list_loaded, page.apply_filters)
    expected = WorklistQuery(session.db, session.actor, WorklistFilter()).count()
    assert loaded.args == [expected] and expected > 0
    model = page.model
    owed = [model.row_object(r).owed for r in range(model.rowCount())]
    assert owed == sorted(owed, reverse=True)
    first = model.row_object(0)
    assert first.overdue
    brush = model.data(model.index(0, WorklistTableModel.COL_NAME), Qt.ItemDataRole.BackgroundRole)
    assert isinstance(brush, QBrush) and brush.color() == OVERDUE_BACKGROUND
    assert model.data(model.index(0, WorklistTableModel.COL_OWED)) == format_rupiah(first.owed)
    assert f"{expected} kasus" in page.summary_label.text()
    assert "per 30/04/2018" in page.summary_label.text()
    screenshot(page, "arrears_worklist_region")


def test_worklist_filters_by_bucket_and_enter_opens_the_case(qtbot, session: SignedIn):
    """Choosing "Macet" keeps only cases 7–9 months overdue; Enter on a row asks to open it."""
    page = ArrearsWorklistPage(session)
    qtbot.addWidget(page)
    page.show()
    page.apply_filters()
    with qtbot.waitSignal(page.list_loaded, timeout=LOAD_TIMEOUT_MS):
        page.bucket_combo.setCurrentIndex(page.bucket_combo.findData("Macet"))
    rows = [page.model.row_object(r) for r in range(page.model.rowCount())]
    assert rows and all(r.bucket == "Macet" and 7 <= r.months_overdue <= 9 for r in rows)
    page.table.setFocus()
    page.table.setCurrentIndex(page.model.index(0, 0))
    with qtbot.waitSignal(page.case_activated, timeout=LOAD_TIMEOUT_MS) as opened:
        qtbot.keyClick(page.table, Qt.Key.Key_Return)
    assert opened.args == [rows[0].case_id]


def test_an_officer_sees_only_their_cases(
    qtbot, session_for: Callable[[str], SignedIn], screenshot
):
    """An account representative's list is their own: the officer filter is fixed to them."""
    admin = session_for("admin")
    _case_id, _npp, officer = _letter_only_case(admin)
    session = session_for(officer)
    page = ArrearsWorklistPage(session)
    qtbot.addWidget(page)
    page.resize(1110, 600)
    page.show()
    with qtbot.waitSignal(page.list_loaded, timeout=LOAD_TIMEOUT_MS):
        page.apply_filters()
    assert not page.officer_combo.isEnabled()
    rows = [page.model.row_object(r) for r in range(page.model.rowCount())]
    assert rows and {r.officer_username for r in rows} == {officer}
    assert not page.skk_button.isVisible()
    screenshot(page, "arrears_worklist_officer")


def test_worklist_model_passes_qtmodeltester(qtbot, qtmodeltester, session: SignedIn):
    model = WorklistTableModel()
    with qtbot.waitSignal(model.source_loaded, timeout=LOAD_TIMEOUT_MS):
        model.set_source(WorklistQuery(session.db, session.actor, WorklistFilter(due_only=False)))
    assert model.rowCount() > 0
    qtmodeltester.check(model)


# --- a case ---------------------------------------------------------------------------------------


def test_case_page_shows_owed_by_month_and_programme_and_the_calculator(
    qtbot, session: SignedIn, screenshot
):
    """The owed table adds up to the header's total; a later pay date raises the fine."""
    case_id, _npp, _officer = _letter_only_case(session)
    page = _case_page(qtbot, session, case_id)
    detail = page.detail
    assert detail is not None
    model = page.owed_model
    total_row = model.rowCount() - 1
    assert model.data(model.index(total_row, OwedTableModel.COL_BLTH)) == "Jumlah"
    assert model.data(
        model.index(total_row, OwedTableModel.COL_TOTAL)
    ) == f"{detail.owed.total:,}".replace(",", ".")
    assert format_rupiah(detail.owed.total) in page.figures_label.text()
    assert "Surat peringatan II" in page.next_label.text()
    assert page.action_buttons[K.SURAT_2].isEnabled()
    assert not page.action_buttons[K.SURAT_1].isEnabled()
    screenshot(page, "arrears_case_owed")
    later = detail.on + timedelta(days=62)
    retype(qtbot, page.pay_on_edit, format_date(later))
    qtbot.mouseClick(page.calculate_button, Qt.MouseButton.LeftButton)
    expected = arrears.calculate(session.db, case_id, later)
    assert expected.fine_total > detail.owed.fine_total
    assert format_rupiah(expected.total) in page.calculation_label.text()
    for index, tab in enumerate(("timeline", "instalments", "statement"), start=1):
        page.tabs.setCurrentIndex(index)
        screenshot(page, f"arrears_case_{tab}")


def test_record_a_call(qtbot, session_for: Callable[[str], SignedIn], screenshot):
    """The officer clicks Telepon, types the outcome and presses Enter: the call is on the
    timeline, with the officer's name, and its next check a week later."""
    case_id, _npp, officer = _letter_only_case(session_for("admin"))
    page = _case_page(qtbot, session_for(officer), case_id)
    dialog = _open_dialog(qtbot, page, page.action_buttons[K.TELEPON], FollowUpDialog)
    assert dialog.done_edit.value() == DEMO_DAY
    retype(qtbot, dialog.outcome_edit, "Bagian keuangan berjanji membalas Senin")
    screenshot(dialog, "arrears_call_dialog")
    with qtbot.waitSignal(page.case_changed, timeout=LOAD_TIMEOUT_MS):
        qtbot.keyClick(dialog.outcome_edit, Qt.Key.Key_Return)
    assert not dialog.isVisible()
    last = [e for e in page.detail.timeline if e.source == "follow_up"][-1]
    assert (last.title, last.detail, last.day) == (
        "Telepon",
        "Bagian keuangan berjanji membalas Senin",
        DEMO_DAY,
    )
    assert last.next_due_on == DEMO_DAY + timedelta(days=7)
    assert last.officer == page.session.actor.full_name
    assert page.status_label.text() == "Telepon dicatat"


def test_a_step_too_early_is_refused_beside_the_date(qtbot, session: SignedIn):
    """The second letter dated two days after the first: the form names the earliest day beside
    the date field and stays open; nothing is recorded."""
    case_id, _npp, _officer = _letter_only_case(session)
    page = _case_page(qtbot, session, case_id)
    first = next(e for e in page.detail.timeline if e.kind is K.SURAT_1)
    dialog = page.dialog_for(K.SURAT_2)
    qtbot.addWidget(dialog)
    dialog.show()
    retype(qtbot, dialog.done_edit, format_date(first.day + timedelta(days=2)))
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    error = dialog.form.errors["done_on"]
    assert error.isVisible()
    assert f"paling cepat tanggal {format_date(first.day + timedelta(days=7))}" in error.text()
    assert dialog.isVisible()
    assert arrears.case_detail(session.db, case_id).case.stage is K.SURAT_1


def test_record_a_promise_to_pay(qtbot, session_for: Callable[[str], SignedIn], screenshot):
    """A promise of the whole amount in a month: one instalment, the ladder waits for it (the
    second letter is disabled until then), the next action watches the promise."""
    case_id, _npp, officer = _letter_only_case(session_for("admin"))
    page = _case_page(qtbot, session_for(officer), case_id)
    dialog = _open_dialog(qtbot, page, page.action_buttons[K.JANJI_BAYAR], PromiseDialog)
    pay_on = today_wib() + timedelta(days=30)
    retype(qtbot, dialog.amount_edit, "5.000.000")
    retype(qtbot, dialog.first_edit, format_date(pay_on))
    assert dialog.preview.text() == f"Jadwal:<br>1. {format_date(pay_on)} Rp5.000.000"
    screenshot(dialog, "arrears_promise_dialog")
    with qtbot.waitSignal(page.case_changed, timeout=LOAD_TIMEOUT_MS):
        qtbot.keyClick(dialog.first_edit, Qt.Key.Key_Return)
    rows = [page.instalment_model.row_object(r) for r in range(page.instalment_model.rowCount())]
    assert [(r.sequence, r.due_on, r.amount, r.active) for r in rows] == [
        (1, pay_on, 5_000_000, True)
    ]
    assert not page.action_buttons[K.SURAT_2].isEnabled()
    assert "janji bayar" in page.action_buttons[K.SURAT_2].toolTip()
    assert page.action_buttons[K.KUNJUNGAN].isEnabled()
    assert page.detail.case.next_action_on == pay_on
    page.tabs.setCurrentIndex(2)
    screenshot(page, "arrears_case_promise")


def test_record_an_instalment_agreement(qtbot, session: SignedIn, screenshot):
    """Three monthly instalments of Rp3.000.000 from next month, previewed as typed."""
    case_id, _npp, _officer = _letter_only_case(session)
    page = _case_page(qtbot, session, case_id)
    dialog = _open_dialog(qtbot, page, page.action_buttons[K.CICILAN], PromiseDialog)
    first = today_wib() + timedelta(days=10)
    retype(qtbot, dialog.amount_edit, "9.000.000")
    retype(qtbot, dialog.first_edit, format_date(first))
    dialog.count_spin.setValue(3)
    assert dialog.preview.text().count("Rp3.000.000") == 3
    screenshot(dialog, "arrears_instalment_dialog")
    with qtbot.waitSignal(page.case_changed, timeout=LOAD_TIMEOUT_MS):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert page.instalment_model.rowCount() == 3


def test_record_a_payment(qtbot, session_for: Callable[[str], SignedIn], screenshot):
    """The officer records a transfer: it settles the oldest month first, shows on the timeline
    and on the statement, and the page says which months it paid."""
    case_id, _npp, officer = _letter_only_case(session_for("admin"))
    page = _case_page(qtbot, session_for(officer), case_id)
    oldest = page.detail.owed.months[0]
    amount = oldest.principal_total
    dialog = _open_dialog(qtbot, page, page.payment_button, PaymentDialog)
    retype(qtbot, dialog.amount_edit, str(amount))
    retype(qtbot, dialog.reference_edit, "BNI-TRF-0001")
    screenshot(dialog, "arrears_payment_dialog")
    with qtbot.waitSignal(page.case_changed, timeout=LOAD_TIMEOUT_MS):
        qtbot.keyClick(dialog.reference_edit, Qt.Key.Key_Return)
    assert page.status_label.text().startswith(
        f"Pembayaran {format_rupiah(amount)} dicatat; untuk BLTH {oldest.period.blth}"
    )
    payments = page.statement.payments
    assert (payments[-1].amount, payments[-1].reference, payments[-1].paid_on) == (
        amount,
        "BNI-TRF-0001",
        DEMO_DAY,
    )
    assert str(oldest.period) not in [str(m.period) for m in page.detail.owed.months]
    assert any(e.source == "payment" and e.number == "BNI-TRF-0001" for e in page.detail.timeline)
    page.tabs.setCurrentIndex(3)
    screenshot(page, "arrears_case_after_payment")


def test_a_bad_payment_is_refused_beside_the_amount(qtbot, session: SignedIn):
    """A zero amount: the form says so beside the amount and stays open."""
    case_id, _npp, _officer = _letter_only_case(session)
    page = _case_page(qtbot, session, case_id)
    dialog = page.payment_dialog()
    qtbot.addWidget(dialog)
    dialog.show()
    retype(qtbot, dialog.amount_edit, "0")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.form.errors["amount"].isVisible()
    assert "lebih dari Rp0" in dialog.form.errors["amount"].text()


def test_print_a_warning_letter_as_pdf(qtbot, session: SignedIn, tmp_path: Path):
    """The first letter of a case, from its timeline line, as a numbered Indonesian PDF."""
    case_id, npp, _officer = _letter_only_case(session)
    page = _case_page(qtbot, session, case_id)
    page.tabs.setCurrentIndex(1)
    row = next(i for i, e in enumerate(page.detail.timeline) if e.kind is K.SURAT_1)
    page.timeline_table.setCurrentIndex(page.timeline_model.index(row, 0))
    assert page.print_button.isEnabled()
    entry = page.detail.timeline[row]
    path = page.save_letter_pdf(entry.follow_up_id, tmp_path / "sp1.pdf")
    text_ = pdf_text(path)
    for fragment in (
        "SURAT PERINGATAN I",
        entry.number,
        page.detail.case.employer_name,
        f"NPP {npp}",
        "Tunggakan Iuran BPJS Ketenagakerjaan",
        "Peraturan Pemerintah Nomor 86 Tahun 2013",
    ):
        assert fragment in text_, fragment  # fmt: skip


def test_print_the_skk_hand_over_list_as_pdf(
    qtbot, session_for: Callable[[str], SignedIn], tmp_path: Path
):
    """The head of an office with a case at the prosecutor's office prints the numbered list."""
    admin = session_for("admin")
    code, head = one_row(
        admin.db,
        "SELECT o.code, u.username FROM arrears_case c JOIN office o ON o.id = c.office_id "
        "JOIN app_user u ON u.office_id = o.id AND u.role = 'KEPALA' "
        "WHERE c.status = 'KEJARI' ORDER BY c.id LIMIT 1",
    )
    page = ArrearsWorklistPage(session_for(head))
    qtbot.addWidget(page)
    assert page.skk_button.isVisibleTo(page)
    page.office_combo.setCurrentIndex(page.office_combo.findData(code))
    with qtbot.waitSignal(page.skk_list_saved, timeout=LOAD_TIMEOUT_MS) as saved:
        page.save_skk_list(tmp_path / "skk.pdf")
    handover = saved.args[0]
    text_ = pdf_text(tmp_path / "skk.pdf")
    assert "DAFTAR PENYERAHAN SURAT KUASA KHUSUS" in text_
    assert handover.number in text_ and handover.lines[0].skk_number in text_
    assert handover.number in page.summary_label.text()


def test_the_administrators_skk_list_is_offered_for_one_office_and_then_printed(
    qtbot, session: SignedIn, tmp_path: Path, monkeypatch
):
    """The administrator may issue the SKK list (every permission is theirs), which is numbered
    per branch office: with "Semua kantor" the button is greyed and says to pick one office;
    with an office chosen it prints, and nothing answers "tidak berwenang" (issue #13)."""
    page = ArrearsWorklistPage(session)
    qtbot.addWidget(page)
    page.show()
    assert page.office_combo.currentData() is None  # Semua kantor
    assert page.skk_button.isVisible() and not page.skk_button.isEnabled()
    assert page.skk_button.toolTip() == "Pilih satu kantor cabang untuk daftar SKK"
    with session.db.read() as s:
        code = s.scalar(
            text(
                "SELECT o.code FROM arrears_case c JOIN office o ON o.id = c.office_id "
                "WHERE c.status = 'KEJARI' ORDER BY c.id LIMIT 1"
            )
        )
    page.office_combo.setCurrentIndex(page.office_combo.findData(code))
    assert page.skk_button.isEnabled()
    said: list[str] = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: said.append(box.text()) or 0)
    monkeypatch.setattr(
        QFileDialog,
        "getSaveFileName",
        staticmethod(lambda *_a, **_k: (str(tmp_path / "s.pdf"), "")),
    )
    with qtbot.waitSignal(page.skk_list_saved, timeout=LOAD_TIMEOUT_MS):
        qtbot.mouseClick(page.skk_button, Qt.MouseButton.LeftButton)
    assert said == []
    assert (tmp_path / "s.pdf").stat().st_size > 0


@pytest.mark.parametrize(
    "model_type",
    [
        OwedTableModel,
        CaseTimelineModel,
        InstalmentTableModel,
        StatementBillsTableModel,
        StatementPaymentsTableModel,
    ],
)
def test_case_models_pass_qtmodeltester(qtbot, qtmodeltester, session: SignedIn, model_type):
    # A case on the ladder whose employer paid something once, so every table has rows to check.
    case_id, _npp, _officer = _case(
        session,
        "c.stage IS NOT NULL AND EXISTS (SELECT 1 FROM payment p WHERE p.employer_id = c.employer_id)",
    )
    page = _case_page(qtbot, session, case_id)
    models = {
        OwedTableModel: page.owed_model, CaseTimelineModel: page.timeline_model,
        InstalmentTableModel: page.instalment_model, StatementBillsTableModel: page.bills_model,
        StatementPaymentsTableModel: page.payments_model,
    }  # fmt: skip
    assert models[model_type].rowCount() > 0 or model_type is InstalmentTableModel
    qtmodeltester.check(models[model_type])


# --- targets and PDS ----------------------------------------------------------------------------------


def test_targets_page_shows_the_list_and_who_paid(
    qtbot, session: SignedIn, screenshot, qtmodeltester
):
    """2018's target list with January–April filled in; the total equals the monthly summary's."""
    from bpjs_desktop.domain.periods import Period
    from bpjs_desktop.services import reports

    page = ArrearsTargetsPage(session)
    loaded = show_loaded(qtbot, page, (1110, 600), page.progress_loaded, page.refresh)
    summary = reports.monthly_summary(session.db, Period(2018, 4))
    progress = loaded.args[0]
    assert progress.total.target == summary.total.arrears_target
    assert progress.total.paid_by(4) == summary.total.arrears_collected
    assert "Target 2018" in page.status_label.text()
    qtmodeltester.check(page.model)
    screenshot(page, "arrears_targets")
    page.officer_check.setChecked(True)
    assert not page.table.isColumnHidden(1)
    screenshot(page, "arrears_targets_by_officer")


def test_pds_page_lists_findings(
    qtbot, session: SignedIn, screenshot, qtmodeltester, wait_for_tasks
):
    """April 2018: employers with wages below the minimum, most under-reported first."""
    page = PdsPage(session)
    qtbot.addWidget(page)
    page.resize(1110, 600)
    page.show()
    with qtbot.waitSignal(page.report_loaded, timeout=LOAD_TIMEOUT_MS) as loaded:
        qtbot.mouseClick(page.check_button, Qt.MouseButton.LeftButton)
    report = loaded.args[0]
    wait_for_tasks()  # the check's task is done and forgotten before the page can close
    assert page.model.rowCount() == len(report.rows) > 0
    below = [page.model.row_object(r).below_minimum for r in range(page.model.rowCount())]
    assert below == sorted(below, reverse=True)
    assert "pemberi kerja diperiksa" in page.status_label.text()
    # The findings in red, the finding columns explained in the header, numbers on the right.
    model = page.model
    first = model.index(0, PdsTableModel.COL_BELOW)
    assert model.data(first, Qt.ItemDataRole.ForegroundRole).color() == FINDING_COLOUR
    tip = model.headerData(
        PdsTableModel.COL_BELOW, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole
    )
    assert "UMK" in tip
    align = model.data(first, Qt.ItemDataRole.TextAlignmentRole)
    assert align & Qt.AlignmentFlag.AlignRight
    qtmodeltester.check(page.model)
    screenshot(page, "arrears_pds")
    page.kind_combo.setCurrentIndex(page.kind_combo.findData("PROGRAM"))
    assert page.model.rowCount() == len(
        report.of_kind(report.rows[0].kinds[0].__class__("PROGRAM"))
    )


def test_no_qt_warning_when_the_pages_close(qtbot, session: SignedIn):
    """Building and closing each page leaves no dangling task (the fixtures check the rest)."""
    from bpjs_desktop.ui.common.tasks import Task

    pages = []
    for page_type in (ArrearsWorklistPage, ArrearsTargetsPage, PdsPage, ArrearsCasePage):
        page = page_type(session)
        qtbot.addWidget(page)
        page.show()
        page.close()
        pages.append(page)
    QApplication.processEvents()
    assert [page.isVisible() for page in pages] == [False] * 4
    # Every load a page started ends (or is dropped) once it is closed; the fixtures' teardown
    # then checks that nothing warned and collects.
    qtbot.waitUntil(Task.idle, timeout=10_000)


def test_the_head_sets_the_ageing_buckets(
    qtbot, session_for: Callable[[str], SignedIn], screenshot
):
    """The head of office replaces the four default buckets by two (≤ 6 months, then the rest):
    stored, and the worklist's bucket filter offers the new ones; a gap is refused in the form."""
    from PySide6.QtWidgets import QTableWidgetItem

    from bpjs_desktop.domain.arrears import AgeingBucket
    from bpjs_desktop.ui.arrears.arrears_page import AgeingBucketsDialog

    session = session_for("kepala.grs")
    page = ArrearsWorklistPage(session)
    qtbot.addWidget(page)
    assert page.buckets_button.isVisibleTo(page)
    qtbot.mouseClick(page.buckets_button, Qt.MouseButton.LeftButton)
    dialog = page.findChild(AgeingBucketsDialog)
    assert dialog is not None and dialog.table.rowCount() == 4
    screenshot(dialog, "arrears_buckets_dialog")
    dialog.table.setItem(1, 1, QTableWidgetItem("5"))  # a gap at month 4
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    assert "harus mulai dari bulan ke-4" in dialog.form.errors["buckets"].text()
    for row, (name, first, last) in enumerate((("Lancar", "1", "6"), ("Macet", "7", ""))):
        for column, value in enumerate((name, first, last)):
            dialog.table.setItem(row, column, QTableWidgetItem(value))
    dialog.table.setRowCount(2)
    with qtbot.waitSignal(dialog.saved, timeout=LOAD_TIMEOUT_MS):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert arrears.ageing_buckets(session.db) == (
        AgeingBucket("Lancar", 1, 6),
        AgeingBucket("Macet", 7, None),
    )
    assert [page.bucket_combo.itemData(i) for i in range(page.bucket_combo.count())] == [
        None,
        "Lancar",
        "Macet",
    ]
