"""The worker form, typed as an officer types it: the NIK read as typed, each segment's fields,
the contribution preview, near duplicates, and what is saved or refused."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from bpjs_desktop.domain.contributions import (
    bpu_contribution,
    jakon_contribution,
    pmi_contribution,
    pu_contribution,
)
from bpjs_desktop.domain.identifiers import Sex, make_nik
from bpjs_desktop.domain.money import format_rupiah
from bpjs_desktop.domain.periods import Period
from bpjs_desktop.domain.programmes import Programme, RiskGroup, Segment, SizeClass
from bpjs_desktop.errors import NotFoundError
from bpjs_desktop.services import agents_projects, audit, employer_registry, worker_registry
from bpjs_desktop.services.membership_common import EmployerInput, WorkerInput
from bpjs_desktop.ui.membership.worker_form import SEGMENT_ROWS, WorkerFormDialog
from tests.ui.keyboard import (
    alt,
    mnemonics,
    on_next_modal,
    press,
    raise_failures,
    retype,
    shown,
    tab_order,
    type_in_turn,
)

BORN = date(1990, 5, 15)
NIK_SITI = make_nik("3578", 1, BORN, Sex.P, 4321)  # a woman born 15/05/1990 in Surabaya
START = "01/03/2018"
FULL_PU = frozenset({Programme.JKK, Programme.JKM, Programme.JHT, Programme.JP})


pytestmark = pytest.mark.usefixtures("no_blocking_questions")


@pytest.fixture
def employer(officer):
    """A medium bakery in Surabaya (JKK risk "sedang"), registered before the workers start."""
    return employer_registry.register_employer(
        officer.db,
        officer.actor,
        EmployerInput(
            name="PT Roti Surabaya",
            kbli="10710",
            size_class=SizeClass.MENENGAH,
            office_code="GRS",
            regency_code="3578",
            registered_on=date(2017, 1, 2),
        ),
    )


@pytest.fixture
def open_form(qtbot, officer):
    def make(**kwargs) -> WorkerFormDialog:
        form = WorkerFormDialog(officer, **kwargs)
        shown(qtbot, form)
        return form

    return make


@pytest.fixture
def dialog(open_form) -> WorkerFormDialog:
    return open_form()


def hint(dialog, name: str) -> str:
    label = dialog.form.findChild(object, f"{name}_hint")
    return label.text() if label.isVisible() else ""


def error(dialog, name: str) -> str:
    label = dialog.form.errors[name]
    return label.text() if label.isVisible() else ""


def preview_rows(dialog) -> list[list[str]]:
    table = dialog.preview.table
    return [dialog.preview.row_texts(r) for r in range(table.rowCount())]


def expected_rows(contribution) -> list[list[str]]:
    rows = [
        [
            line.key,
            format_rupiah(line.employer),
            format_rupiah(line.worker),
            format_rupiah(line.total),
        ]
        for line in contribution.lines
    ]
    rows.append(
        [
            "Total",
            format_rupiah(contribution.employer),
            format_rupiah(contribution.worker),
            format_rupiah(contribution.total),
        ]
    )
    return rows


def type_person(
    qtbot, dialog, nik: str = NIK_SITI, name: str = "Siti Aminah", mother: str = "Sumiati"
):
    """NIK, name, birth place; birth date and sex come from the NIK; mother's name, phone."""
    assert QApplication.focusWidget() is dialog.nik_edit  # the form opens on the NIK
    qtbot.keyClicks(dialog.nik_edit, nik)
    press(qtbot, Qt.Key.Key_Tab)
    qtbot.keyClicks(QApplication.focusWidget(), name)
    press(qtbot, Qt.Key.Key_Tab)
    qtbot.keyClicks(QApplication.focusWidget(), "Surabaya")
    press(qtbot, Qt.Key.Key_Tab, 3)  # birth date and sex were filled from the NIK
    qtbot.keyClicks(QApplication.focusWidget(), mother)
    press(qtbot, Qt.Key.Key_Tab)
    qtbot.keyClicks(QApplication.focusWidget(), "081234567890")


def type_pu(qtbot, dialog, npp: str, wage: str = "4500000") -> None:
    retype(qtbot, alt(qtbot, dialog, "p"), npp)
    press(qtbot, Qt.Key.Key_Tab)
    qtbot.keyClicks(QApplication.focusWidget(), wage)
    press(qtbot, Qt.Key.Key_Tab)
    qtbot.keyClicks(QApplication.focusWidget(), "Pembuat roti")
    retype(qtbot, alt(qtbot, dialog, "m"), START)


# --- the NIK --------------------------------------------------------------------------------------


def test_the_nik_is_read_digit_by_digit_and_fills_birth_date_and_sex(qtbot, dialog):
    """Regency after 4 digits, sex and birth date after 12, checked at 16; the empty birth
    date and sex are filled from it."""
    qtbot.keyClicks(dialog.nik_edit, NIK_SITI[:4])
    assert hint(dialog, "nik") == "4 dari 16 digit · Kota Surabaya"
    qtbot.keyClicks(dialog.nik_edit, NIK_SITI[4:12])
    assert hint(dialog, "nik") == "12 dari 16 digit · Kota Surabaya · Perempuan · lahir 15/05/1990"
    assert dialog.birth_date_edit.text() == ""  # nothing filled before the NIK is whole
    qtbot.keyClicks(dialog.nik_edit, NIK_SITI[12:])
    assert hint(dialog, "nik") == "✓ Perempuan, lahir 15/05/1990 · Kota Surabaya, Jawa Timur"
    assert dialog.birth_date_edit.text() == "15/05/1990"
    assert dialog.sex_combo.currentText() == "Perempuan"


def test_a_nik_that_cannot_be_valid_says_why_as_soon_as_it_is_whole(qtbot, dialog):
    qtbot.keyClicks(dialog.nik_edit, "3578010513900001")  # month 13
    assert hint(dialog, "nik") == "Bulan lahir pada NIK (digit 9–10) harus 01–12, bukan 13"
    assert dialog.birth_date_edit.text() == ""


def test_a_birth_date_and_sex_that_disagree_with_the_nik_are_flagged_beside_them(qtbot, dialog):
    """Entered first, a man's birth date a day off: both are flagged and neither is overwritten."""
    qtbot.keyClicks(dialog.birth_date_edit, "16/05/1990")
    dialog.sex_combo.setFocus()
    qtbot.keyClicks(dialog.sex_combo, "L")
    qtbot.keyClicks(dialog.nik_edit, NIK_SITI)
    assert dialog.birth_date_edit.text() == "16/05/1990"
    assert hint(dialog, "birth_date") == (
        "⚠ Tanggal lahir 16/05/1990 tidak sesuai dengan NIK (15/05/1990)"
    )
    assert hint(dialog, "sex") == "⚠ Jenis kelamin Laki-laki tidak sesuai dengan NIK (Perempuan)"
    retype(qtbot, dialog.birth_date_edit, "15/05/1990")
    assert hint(dialog, "birth_date") == ""


# --- wage earners ---------------------------------------------------------------------------------


def test_the_preview_shows_each_programme_with_employer_and_worker_shares(qtbot, dialog, employer):
    """Rp10.000.000 at a medium-risk employer in March 2018: the rows are those of the domain
    calculator (JP on the 2018 wage cap), employer and worker shares apart."""
    type_pu(qtbot, dialog, employer.npp, "10000000")
    assert hint(dialog, "employer").startswith("PT Roti Surabaya · Menengah · risiko JKK Sedang")
    expected = pu_contribution(10_000_000, Period(2018, 3), RiskGroup.SEDANG, FULL_PU)
    assert preview_rows(dialog) == expected_rows(expected)
    assert dialog.programmes_label.text() == "JKK, JKM, JHT, JP"
    assert "JP dibatasi" in dialog.preview.notes.text()


def test_the_preview_follows_the_period_rules_for_the_worked_example_of_2024(
    qtbot, dialog, employer
):
    """domain.md §4.1's worked example: Rp10.000.000 at medium risk in June 2024 (the JP cap is
    above the wage by then): employer Rp689.000, worker Rp300.000. The preview uses the rules
    of the start date's month."""
    type_pu(qtbot, dialog, employer.npp, "10000000")
    retype(qtbot, dialog.start_edit, "03/06/2024")
    total = preview_rows(dialog)[-1]
    assert total[:3] == ["Total", "Rp689.000", "Rp300.000"]


def test_on_the_demo_the_form_starts_on_the_demo_day_and_warns_against_its_umk(
    qtbot, dialog, employer
):
    """The demo office stands at 30/04/2018 (issue #13 item 4): the start date defaults to that
    day, so a low wage is measured against the UMK of 2018, never "UMK 2026 belum tercatat"."""
    assert dialog.start_edit.text() == "30/04/2018"
    retype(qtbot, alt(qtbot, dialog, "p"), employer.npp)
    press(qtbot, Qt.Key.Key_Tab)
    qtbot.keyClicks(QApplication.focusWidget(), "3000000")
    assert hint(dialog, "wage").startswith(
        "Upah Rp3.000.000 di bawah UMK Kota Surabaya 2018 (Rp3.583.312)"
    )


def test_a_wage_below_the_umk_warns_while_it_is_typed(qtbot, dialog, employer):
    type_pu(qtbot, dialog, employer.npp, "3000000")
    assert hint(dialog, "wage").startswith(
        "Upah Rp3.000.000 di bawah UMK Kota Surabaya 2018 (Rp3.583.312)"
    )
    retype(qtbot, dialog.wage_edit, "3600000")
    assert hint(dialog, "wage") == "Upah pokok ditambah tunjangan tetap"


def test_a_wage_earner_typed_from_the_keyboard_is_registered_and_the_kpj_shown(
    qtbot, dialog, employer, officer, screenshot
):
    """Everything from the keyboard, Enter: the worker is saved under the employer with the
    employer's programmes, and the KPJ issued is shown in the form, now read-only."""
    type_person(qtbot, dialog)
    type_pu(qtbot, dialog, employer.npp)
    screenshot(dialog, "worker_pu_typed")
    press(qtbot, Qt.Key.Key_Return)

    kpj = dialog.issued_kpj
    assert kpj is not None, dialog.general_error.text()
    assert f"KPJ {kpj}" in dialog.done_label.text()
    detail = worker_registry.get_member_detail(officer.db, kpj)
    row, person = detail.worker, detail.person
    assert (row.name, row.segment, row.employer_npp) == ("SITI AMINAH", Segment.PU, employer.npp)
    assert (row.wage, row.start_date, row.programmes) == (
        4_500_000,
        date(2018, 3, 1),
        "JKK,JKM,JHT,JP",
    )
    assert (person.nik, person.birth_date, person.sex) == (NIK_SITI, BORN, Sex.P)
    assert (person.birth_place, person.mother_name, person.phone) == (
        "SURABAYA",
        "SUMIATI",
        "081234567890",
    )
    assert detail.job_title == "Pembuat roti"
    assert not dialog.form.isEnabled()
    screenshot(dialog, "worker_pu_saved")


def test_after_a_save_the_next_worker_of_the_batch_starts_with_employer_and_start_date(
    qtbot, dialog, employer, officer, screenshot
):
    """Alt+B after a save: a fresh form for the next worker of the same employer, with segment,
    employer, office and start date filled in and the NIK empty; it saves a second worker."""
    type_person(qtbot, dialog)
    type_pu(qtbot, dialog, employer.npp)
    press(qtbot, Qt.Key.Key_Return)
    assert dialog.issued_kpj is not None, dialog.general_error.text()
    assert dialog.next_button.isVisible()
    screenshot(dialog, "worker_saved_next_offered")
    office = dialog.office_combo.currentData()

    with qtbot.waitSignal(dialog.next_requested, timeout=5_000) as blocker:
        qtbot.keyClick(dialog, Qt.Key.Key_B, Qt.KeyboardModifier.AltModifier)
    assert not dialog.isVisible()
    following = WorkerFormDialog(officer, carried=blocker.args[0])
    shown(qtbot, following)

    assert following.segment is Segment.PU
    assert following.employer_edit.text() == employer.npp
    assert hint(following, "employer").startswith("PT Roti Surabaya")
    assert (following.start_edit.text(), following.office_combo.currentData()) == (START, office)
    assert following.nik_edit.text() == "" and QApplication.focusWidget() is following.nik_edit

    other = make_nik("3578", 1, date(1988, 8, 8), Sex.L, 4322)  # nobody like him: no question
    type_person(qtbot, following, nik=other, name="Budi Santoso", mother="Kartini")
    retype(qtbot, alt(qtbot, following, "u"), "4600000")
    press(qtbot, Qt.Key.Key_Return)
    kpj = following.issued_kpj
    assert kpj is not None, following.general_error.text()
    row = worker_registry.get_member_detail(officer.db, kpj).worker
    assert (row.employer_npp, row.start_date, row.wage) == (
        employer.npp,
        date(2018, 3, 1),
        4_600_000,
    )


def test_a_missing_wage_and_an_unknown_employer_are_named_beside_them(
    qtbot, dialog, officer, screenshot
):
    """The service's refusals land beside the NPP and the wage; the NPP, first in the form,
    gets the focus; no person is saved."""
    type_person(qtbot, dialog)
    retype(qtbot, alt(qtbot, dialog, "p"), "17999999")
    assert hint(dialog, "employer") == "Pemberi kerja dengan NPP 17999999 tidak ada"
    retype(qtbot, alt(qtbot, dialog, "m"), START)
    press(qtbot, Qt.Key.Key_Return)
    assert error(dialog, "employer") == "Pemberi kerja dengan NPP 17999999 tidak ada"
    assert hint(dialog, "employer") == ""  # the live read-out does not say it twice
    assert error(dialog, "wage") == "Upah sebulan wajib diisi dan lebih dari Rp0"
    assert QApplication.focusWidget() is dialog.employer_edit
    with pytest.raises(NotFoundError):
        worker_registry.get_member(officer.db, nik=NIK_SITI)
    screenshot(dialog, "worker_refused")


def test_an_empty_birth_date_sex_and_start_are_named_before_asking_the_service(qtbot, dialog):
    qtbot.keyClicks(dialog.name_edit, "Tanpa Tanggal")
    retype(qtbot, dialog.start_edit, "")
    press(qtbot, Qt.Key.Key_Return)
    assert error(dialog, "birth_date") == "Tanggal lahir wajib diisi"
    assert error(dialog, "sex") == "Jenis kelamin wajib dipilih"
    assert error(dialog, "start_date") == "Tanggal mulai wajib diisi"
    assert QApplication.focusWidget() is dialog.birth_date_edit


def test_an_existing_nik_is_refused_at_the_top_naming_the_member(qtbot, dialog, employer, officer):
    """The exact NIK of a registered member: the conflict names them above the form."""
    existing = worker_registry.register_worker(
        officer.db,
        officer.actor,
        WorkerInput(
            nik=NIK_SITI, name="Siti Aminah", birth_date=BORN, sex=Sex.P, segment=Segment.PU,
            start_date=date(2018, 2, 1), employer_npp=employer.npp, wage=4_000_000,
        ),
    )  # fmt: skip
    type_person(qtbot, dialog, name="Orang Lain")
    type_pu(qtbot, dialog, employer.npp)
    press(qtbot, Qt.Key.Key_Return)
    assert dialog.general_error.isVisible()
    message = dialog.general_error.text()
    assert message.startswith(f"NIK {NIK_SITI} sudah terdaftar: SITI AMINAH, KPJ {existing.kpj}")
    assert dialog.general_error.y() < dialog.form.y()  # above the form, where it is read first
    assert dialog.result_value is None


# --- near duplicates ------------------------------------------------------------------------------


@pytest.fixture
def look_alike(officer, employer):
    """SITI AMINAH born 15/05/1990, registered under another NIK."""
    data = WorkerInput(
        nik=make_nik("3515", 2, BORN, Sex.P, 77), name="Siti Aminah", birth_date=BORN,
        sex=Sex.P, segment=Segment.BPU, start_date=date(2018, 1, 8), office_code="GRS",
        declared_income=1_000_000, mother_name="Sumiati",
    )  # fmt: skip
    return worker_registry.register_worker(officer.db, officer.actor, data)


def test_proceeding_past_a_near_duplicate_is_recorded(
    qtbot, dialog, employer, look_alike, officer, screenshot
):
    """The look-alike is shown beside what was typed; Alt+T ("Tetap simpan") registers anyway
    and the registration's audit event names the person judged to be someone else."""
    seen: dict[str, str] = {}

    def proceed(warning) -> None:
        seen["typed"] = warning.cell("name", 0)
        seen["candidate"] = warning.cell("name", 1)
        seen["why"] = warning.cell("why", 1)
        seen["header"] = warning.table.horizontalHeaderItem(1).text()
        seen["focus"] = QApplication.focusWidget().objectName()
        screenshot(warning, "duplicate_warning")
        qtbot.keyClick(warning, Qt.Key.Key_T, Qt.KeyboardModifier.AltModifier)

    type_person(qtbot, dialog, name="Siti Aminah")
    type_pu(qtbot, dialog, employer.npp)
    failures = on_next_modal(qtbot, proceed, parent=dialog)
    press(qtbot, Qt.Key.Key_Return)
    raise_failures(failures)

    assert seen["typed"] == seen["candidate"] == "SITI AMINAH"
    assert seen["header"] == f"Calon 1: KPJ {look_alike.kpj}"
    assert "tanggal lahir dan nama sama" in seen["why"]
    assert seen["focus"] == "back_button"  # Enter alone would go back, not save
    kpj = dialog.issued_kpj
    assert kpj is not None
    event = next(e for e in audit.recent(officer.db, 5) if e.action == "worker.register")
    assert event.detail["kpj"] == kpj
    assert event.detail["duplicate_override"] == [look_alike.person_id]


def test_going_back_from_a_near_duplicate_saves_nothing(
    qtbot, dialog, employer, look_alike, officer
):
    """Esc in the warning returns to the form with everything typed; nobody is registered."""
    type_person(qtbot, dialog, name="Siti Aminah")
    type_pu(qtbot, dialog, employer.npp)
    failures = on_next_modal(
        qtbot, lambda warning: qtbot.keyClick(warning, Qt.Key.Key_Escape), parent=dialog
    )
    press(qtbot, Qt.Key.Key_Return)
    raise_failures(failures)
    assert dialog.isVisible() and dialog.result_value is None
    assert dialog.name_edit.text() == "Siti Aminah"
    assert dialog.focusWidget() is dialog.name_edit
    with pytest.raises(NotFoundError):
        worker_registry.get_member(officer.db, nik=NIK_SITI)


# --- the other segments ---------------------------------------------------------------------------


def choose_segment(qtbot, dialog, segment: Segment) -> None:
    combo = alt(qtbot, dialog, "g")
    assert combo is dialog.segment_combo
    index = list(Segment).index(segment)
    press(qtbot, Qt.Key.Key_Home)
    press(qtbot, Qt.Key.Key_Down, index)
    assert dialog.segment is segment


def test_each_segment_shows_only_its_own_fields(qtbot, dialog):
    for segment in (Segment.BPU, Segment.JAKON, Segment.PMI, Segment.PU):
        choose_segment(qtbot, dialog, segment)
        shown = {
            name for name in ("employer", "project", "wage", "job_title", "income", "jht", "agent",
                              "months", "destination", "office")
            if dialog.form.widgets[name].isVisible()
        }  # fmt: skip
        assert shown == set(SEGMENT_ROWS[segment]), segment


def test_an_informal_worker_with_jht_and_an_agent(qtbot, dialog, officer, screenshot):
    """BPU: the band of the income, optional JHT, the Perisai agent found by NIK; the preview
    is the domain's and the saved membership holds the band's floor."""
    agent_nik = make_nik("3525", 4, date(1980, 1, 1), Sex.L, 55)
    agents_projects.register_agent(
        officer.db, officer.actor, nik=agent_nik, name="Bambang Perisai", office_code="GRS",
        joined_on=date(2018, 1, 2),
    )  # fmt: skip
    type_person(qtbot, dialog, name="Dewi Lestari")
    choose_segment(qtbot, dialog, Segment.BPU)
    press(qtbot, Qt.Key.Key_Tab)
    qtbot.keyClicks(QApplication.focusWidget(), "1550000")
    press(qtbot, Qt.Key.Key_Tab)
    press(qtbot, Qt.Key.Key_Space)  # JHT
    press(qtbot, Qt.Key.Key_Tab)
    qtbot.keyClicks(QApplication.focusWidget(), agent_nik)
    assert hint(dialog, "agent").startswith("BAMBANG PERISAI · GRS · agen sejak 02/01/2018")
    retype(qtbot, alt(qtbot, dialog, "m"), START)
    programmes = frozenset({Programme.JKK, Programme.JKM, Programme.JHT})
    expected = bpu_contribution(1_550_000, Period(2018, 3), programmes)
    assert preview_rows(dialog) == expected_rows(expected)
    assert hint(dialog, "income") == "Kelompok penghasilan Rp1.500.000"
    screenshot(dialog, "worker_bpu")
    press(qtbot, Qt.Key.Key_Return)
    detail = worker_registry.get_member_detail(officer.db, dialog.issued_kpj)
    assert (detail.worker.segment, detail.worker.programmes) == (Segment.BPU, "JKK,JKM,JHT")
    assert (detail.declared_income, detail.agent_nik, detail.worker.office_code) == (
        1_500_000,
        agent_nik,
        "GRS",
    )


def test_a_construction_worker_under_a_new_project_registered_from_the_form(
    qtbot, dialog, employer, officer, screenshot
):
    """Jakon: "Proyek baru…" registers the project (its contribution from the contract value)
    and puts its number in the form; the preview is the project's one-off contribution."""
    type_person(
        qtbot, dialog, name="Joko Susilo", nik=make_nik("3578", 1, date(1985, 2, 3), Sex.L, 8)
    )
    choose_segment(qtbot, dialog, Segment.JAKON)

    def fill_project(project_dialog) -> None:
        assert QApplication.focusWidget() is project_dialog.name_edit  # the contractor is known
        qtbot.keyClicks(project_dialog.name_edit, "Gudang Roti")
        press(qtbot, Qt.Key.Key_Tab)
        qtbot.keyClicks(QApplication.focusWidget(), "2000000000")
        # domain.md §4.6: JKK 2.640.000 + JKM 310.000
        assert "Rp2.950.000" in project_dialog.form.findChild(object, "contract_value_hint").text()
        press(qtbot, Qt.Key.Key_Tab)
        type_in_turn(qtbot, "01/02/2018", "31/12/2018")  # from, to
        qtbot.keyClicks(QApplication.focusWidget(), "Surab")
        screenshot(project_dialog, "project_dialog")
        press(qtbot, Qt.Key.Key_Return)

    dialog.employer_edit.setText(employer.npp)  # the contractor the project dialog starts from
    failures = on_next_modal(qtbot, fill_project, parent=dialog)
    alt(qtbot, dialog, "y")  # "Proyek baru…" (clicked a moment later, as a mnemonic does)
    qtbot.waitUntil(lambda: bool(failures) or bool(dialog.project_edit.text()), timeout=5000)
    raise_failures(failures)
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    assert dialog.focusWidget() is dialog.start_edit  # the next field to fill
    project_no = dialog.project_edit.text()
    assert len(project_no) == 13, dialog.project_edit.text()
    assert "Kontraktor PT Roti Surabaya" in hint(dialog, "project")
    retype(qtbot, alt(qtbot, dialog, "m"), START)
    expected = jakon_contribution(2_000_000_000, date(2018, 2, 1))
    assert preview_rows(dialog) == expected_rows(expected)
    assert expected.total == 2_950_000  # domain.md §4.6: JKK 2.640.000 + JKM 310.000
    screenshot(dialog, "worker_jakon")
    press(qtbot, Qt.Key.Key_Return)
    detail = worker_registry.get_member_detail(officer.db, dialog.issued_kpj)
    assert (detail.worker.segment, detail.project_no, detail.worker.programmes) == (
        Segment.JAKON,
        project_no,
        "JKK,JKM",
    )


def test_a_migrant_worker_gets_the_package_of_the_contract_length(
    qtbot, dialog, officer, screenshot
):
    type_person(
        qtbot, dialog, name="Rina Wati", nik=make_nik("3578", 1, date(1995, 7, 9), Sex.P, 9)
    )
    choose_segment(qtbot, dialog, Segment.PMI)
    press(qtbot, Qt.Key.Key_Tab)
    spin = QApplication.focusWidget()
    spin.selectAll()
    qtbot.keyClicks(spin, "12")
    press(qtbot, Qt.Key.Key_Tab)
    qtbot.keyClicks(QApplication.focusWidget(), "Taiwan")
    retype(qtbot, alt(qtbot, dialog, "m"), START)
    expected = pmi_contribution(12, date(2018, 3, 1))
    assert preview_rows(dialog) == expected_rows(expected)
    screenshot(dialog, "worker_pmi")
    press(qtbot, Qt.Key.Key_Return)
    detail = worker_registry.get_member_detail(officer.db, dialog.issued_kpj)
    assert (detail.contract_months, detail.destination, detail.worker.segment) == (
        12,
        "Taiwan",
        Segment.PMI,
    )


# --- keyboard -------------------------------------------------------------------------------------


def test_tab_order_follows_each_segment_and_mnemonics_are_unique(qtbot, dialog):
    """Person fields, the segment, that segment's fields, the start date, Save; and no Alt
    letter is shared by two visible labels or buttons."""
    person = ["nik_edit", "name_edit", "birth_place_edit", "birth_date_edit", "sex_edit",
              "mother_name_edit", "phone_edit", "segment_edit"]  # fmt: skip
    expected = {
        Segment.PU: ["employer_edit", "wage_edit", "job_title_edit"],
        Segment.BPU: ["income_edit", "jht_edit", "agent_edit", "office_edit"],
        Segment.JAKON: ["", "new_project_button", "wage_edit", "job_title_edit"],
        Segment.PMI: ["months_edit", "destination_edit", "office_edit"],
    }
    for segment, rows in expected.items():
        choose_segment(qtbot, dialog, segment)
        chain = person + rows + ["start_date_edit", "save_button"]
        assert tab_order(qtbot, dialog.nik_edit, len(chain) - 1) == chain, segment
        letters = mnemonics(dialog)
        assert len(letters) == len(set(letters)), (segment, sorted(letters))


def test_the_form_opens_on_the_segment_and_employer_it_is_given(qtbot, open_form, employer):
    form = open_form(segment=Segment.PU, employer_npp=employer.npp)
    assert form.employer is not None and form.employer.npp == employer.npp
    bpu = open_form(segment=Segment.BPU)
    assert bpu.segment is Segment.BPU
    assert bpu.office_combo.currentData() == "GRS"  # the officer's own office
