"""Ending, moving, re-activating and correcting a member from the keyboard (demo database)."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from bpjs_desktop.db.models import EndReason
from bpjs_desktop.domain.identifiers import Sex, make_nik
from bpjs_desktop.domain.programmes import Segment, SizeClass
from bpjs_desktop.services import audit, employer_registry, worker_registry
from bpjs_desktop.services.membership_common import EmployerInput, WorkerInput
from bpjs_desktop.ui.membership.member_actions import (
    EditWorkerDialog,
    EndMembershipDialog,
    MoveWorkerDialog,
    ReactivateDialog,
)
from tests.ui.keyboard import alt, mnemonics, press, retype, shown, tab_order

BORN = date(1988, 8, 17)


pytestmark = pytest.mark.usefixtures("no_blocking_questions")


def _employer(officer, name: str, size: SizeClass = SizeClass.MENENGAH):
    return employer_registry.register_employer(
        officer.db,
        officer.actor,
        EmployerInput(
            name=name, kbli="10710", size_class=size, office_code="GRS", regency_code="3578",
            registered_on=date(2017, 1, 2),
        ),
    )  # fmt: skip


@pytest.fixture
def employers(officer):
    return _employer(officer, "PT Asal Jaya"), _employer(
        officer, "PT Tujuan Makmur", SizeClass.KECIL
    )


@pytest.fixture
def worker(officer, employers):
    """Agus Salim, a wage earner of PT Asal Jaya from 02/01/2018 at Rp4.000.000."""
    data = WorkerInput(
        nik=make_nik("3578", 1, BORN, Sex.L, 31), name="Agus Salim", birth_date=BORN,
        sex=Sex.L, segment=Segment.PU, start_date=date(2018, 1, 2),
        employer_npp=employers[0].npp, wage=4_000_000, job_title="Operator",
    )  # fmt: skip
    return worker_registry.register_worker(officer.db, officer.actor, data)


@pytest.fixture
def informal(officer):
    """A BPU member who stopped paying at the end of February 2018."""
    data = WorkerInput(
        nik=make_nik("3525", 1, BORN, Sex.P, 32), name="Sri Wahyuni", birth_date=BORN,
        sex=Sex.P, segment=Segment.BPU, start_date=date(2018, 1, 2), office_code="GRS",
        declared_income=1_000_000,
    )  # fmt: skip
    row = worker_registry.register_worker(officer.db, officer.actor, data)
    worker_registry.end_membership(
        officer.db, officer.actor, row.kpj, date(2018, 2, 28), EndReason.BERHENTI_MEMBAYAR
    )
    return row


@pytest.fixture
def show(qtbot):
    def make(dialog):
        shown(qtbot, dialog)
        return dialog

    return make


def error(dialog, name: str) -> str:
    label = dialog.form.errors[name]
    return label.text() if label.isVisible() else ""


def hint(dialog, name: str) -> str:
    label = dialog.form.findChild(object, f"{name}_hint")
    return label.text() if label.isVisible() else ""


# --- ending ---------------------------------------------------------------------------------------


def test_ending_offers_the_segments_reasons_and_saves_the_one_chosen(
    qtbot, show, officer, worker, screenshot
):
    """The reasons a wage earner can leave for, chosen by arrow key; the end date typed; Enter."""
    dialog = show(EndMembershipDialog(officer, worker.kpj))
    reasons = [dialog.reason_combo.itemData(i) for i in range(dialog.reason_combo.count())]
    assert reasons == [r.value for r in worker_registry.end_reasons_for(Segment.PU)]
    assert "Agus Salim".upper() in dialog.summary_label.text()
    assert QApplication.focusWidget() is dialog.reason_combo
    press(qtbot, Qt.Key.Key_Down)  # PHK
    press(qtbot, Qt.Key.Key_Tab)
    retype(qtbot, QApplication.focusWidget(), "30/06/2018")
    screenshot(dialog, "end_membership")
    press(qtbot, Qt.Key.Key_Return)
    ended = worker_registry.get_member(officer.db, kpj=worker.kpj)
    assert (ended.end_date, ended.end_reason) == (date(2018, 6, 30), EndReason.PHK)
    assert not dialog.isVisible()


def test_an_end_date_before_the_start_is_refused_beside_the_date(qtbot, show, officer, worker):
    dialog = show(EndMembershipDialog(officer, worker.kpj))
    retype(qtbot, alt(qtbot, dialog, "r"), "01/12/2017")
    press(qtbot, Qt.Key.Key_Return)
    assert (
        error(dialog, "end_date") == "Tanggal berakhir tidak boleh sebelum tanggal mulai 02/01/2018"
    )
    assert QApplication.focusWidget() is dialog.end_edit
    assert worker_registry.get_member(officer.db, kpj=worker.kpj).end_date is None


# --- moving ---------------------------------------------------------------------------------------


def test_moving_a_worker_shows_the_new_kpj_and_ends_the_old_membership(
    qtbot, show, officer, worker, employers, screenshot
):
    """New NPP, start date and wage typed; the day before is shown as the old end; Enter
    moves the worker and the new KPJ is shown."""
    target = employers[1]
    dialog = show(MoveWorkerDialog(officer, worker.kpj))
    assert dialog.wage_edit.text() == "4.000.000"  # the current wage, to keep or change
    qtbot.keyClicks(dialog.employer_edit, target.npp)
    assert hint(dialog, "employer").startswith("PT Tujuan Makmur · Kecil")
    press(qtbot, Qt.Key.Key_Tab)
    retype(qtbot, QApplication.focusWidget(), "01/05/2018")
    assert hint(dialog, "start_date") == f"Kepesertaan lama (KPJ {worker.kpj}) berakhir 30/04/2018"
    press(qtbot, Qt.Key.Key_Tab)
    retype(qtbot, QApplication.focusWidget(), "3000000")
    assert hint(dialog, "wage").startswith("Upah Rp3.000.000 di bawah UMK Kota Surabaya 2018")
    press(qtbot, Qt.Key.Key_Return)

    new = dialog.result_value
    assert new is not None, dialog.general_error.text()
    assert f"KPJ baru {new.kpj}" in dialog.done_label.text()
    assert (new.employer_npp, new.start_date, new.wage) == (target.npp, date(2018, 5, 1), 3_000_000)
    old = worker_registry.get_member(officer.db, kpj=worker.kpj)
    assert (old.end_date, old.end_reason) == (date(2018, 4, 30), EndReason.PINDAH)
    screenshot(dialog, "move_worker_saved")


def test_moving_to_the_same_employer_is_refused_beside_the_npp(
    qtbot, show, officer, worker, employers
):
    dialog = show(MoveWorkerDialog(officer, worker.kpj))
    qtbot.keyClicks(dialog.employer_edit, employers[0].npp)
    retype(qtbot, dialog.start_edit, "01/05/2018")
    press(qtbot, Qt.Key.Key_Return)
    assert error(dialog, "employer") == "Pekerja sudah terdaftar di pemberi kerja PT Asal Jaya"
    assert QApplication.focusWidget() is dialog.employer_edit
    assert worker_registry.get_member(officer.db, kpj=worker.kpj).end_date is None


# --- re-activating --------------------------------------------------------------------------------


def test_an_informal_member_back_within_three_months_keeps_the_kpj(
    qtbot, show, officer, informal, screenshot
):
    dialog = show(ReactivateDialog(officer, informal.kpj))
    assert "Berhenti membayar iuran" in dialog.summary_label.text()
    retype(qtbot, QApplication.focusWidget(), "02/04/2018")
    press(qtbot, Qt.Key.Key_Return)
    assert dialog.result_value.kpj == informal.kpj
    assert dialog.done_label.text() == f"Tersimpan. KPJ {informal.kpj} aktif kembali tanpa jeda."
    assert worker_registry.get_member(officer.db, kpj=informal.kpj).end_date is None
    screenshot(dialog, "reactivate_saved")


def test_a_member_who_died_cannot_be_reactivated_and_the_form_says_why(
    qtbot, show, officer, worker, screenshot
):
    worker_registry.end_membership(
        officer.db, officer.actor, worker.kpj, date(2018, 3, 9), EndReason.MENINGGAL
    )
    dialog = show(ReactivateDialog(officer, worker.kpj))
    assert dialog.general_error.isVisible()
    assert "meninggal dunia" in dialog.general_error.text()
    assert not dialog.save_button.isEnabled()
    screenshot(dialog, "reactivate_refused")


# --- correcting -----------------------------------------------------------------------------------


def test_a_correction_of_name_and_wage_keeps_the_old_values_in_the_audit_trail(
    qtbot, show, officer, worker, screenshot
):
    """Only what differs is sent; one event carries old and new of both."""
    dialog = show(EditWorkerDialog(officer, worker.kpj))
    assert QApplication.focusWidget() is dialog.name_edit
    retype(qtbot, dialog.name_edit, "Agus Salimin")
    retype(qtbot, alt(qtbot, dialog, "u"), "4250000")
    assert hint(dialog, "wage").startswith("Sekarang Rp4.000.000")
    screenshot(dialog, "edit_worker")
    press(qtbot, Qt.Key.Key_Return)
    assert not dialog.isVisible()
    row = worker_registry.get_member(officer.db, kpj=worker.kpj)
    assert (row.name, row.wage) == ("AGUS SALIMIN", 4_250_000)
    event = audit.recent(officer.db, 1)[0]
    assert event.action == "worker.update"
    assert event.detail["person"] == {"name": {"old": "AGUS SALIM", "new": "AGUS SALIMIN"}}
    assert event.detail["membership"] == {"wage": {"old": 4_000_000, "new": 4_250_000}}


def test_a_refused_correction_saves_nothing(qtbot, show, officer, worker, screenshot):
    """A birth date the NIK contradicts: flagged as typed, refused beside the field on Enter;
    the name typed in the same go is not saved either."""
    dialog = show(EditWorkerDialog(officer, worker.kpj))
    retype(qtbot, dialog.name_edit, "Agus Salimin")
    retype(qtbot, alt(qtbot, dialog, "l"), "18/08/1988")
    assert hint(dialog, "birth_date").startswith("⚠ Tanggal lahir 18/08/1988 tidak sesuai")
    press(qtbot, Qt.Key.Key_Return)
    assert (
        error(dialog, "birth_date")
        == "Tanggal lahir 18/08/1988 tidak sesuai dengan NIK (17/08/1988)"
    )
    assert QApplication.focusWidget() is dialog.birth_date_edit
    assert worker_registry.get_member(officer.db, kpj=worker.kpj).name == "AGUS SALIM"
    screenshot(dialog, "edit_worker_refused")


def test_on_the_demo_the_dialogs_default_to_the_demo_day(show, officer, worker):
    """The demo office stands at 30/04/2018 (issue #13 item 4): ending or moving a membership
    starts from that day, not from the computer's date."""
    assert show(EndMembershipDialog(officer, worker.kpj)).end_edit.text() == "30/04/2018"
    assert show(MoveWorkerDialog(officer, worker.kpj)).start_edit.text() == "30/04/2018"


def test_the_dialogs_tab_in_order_with_unique_mnemonics(qtbot, show, officer, worker):
    edit = show(EditWorkerDialog(officer, worker.kpj))
    # The demo office stands at 30/04/2018, before JKP began (PP 37/2021): its box is disabled.
    assert tab_order(qtbot, edit.nik_edit, 12) == [
        "nik_edit", "name_edit", "birth_place_edit", "birth_date_edit", "sex_edit",
        "mother_name_edit", "phone_edit", "wage_edit", "job_title_edit", "jkk_check",
        "jkm_check", "jht_check", "jp_check",
    ]  # fmt: skip
    for dialog in (
        edit,
        show(EndMembershipDialog(officer, worker.kpj)),
        show(MoveWorkerDialog(officer, worker.kpj)),
    ):
        letters = mnemonics(dialog)
        assert len(letters) == len(set(letters)), (dialog.objectName(), sorted(letters))
