"""The office settings dialog typed as a head of office types it: the letterhead read back from
the PDFs it prints on, the claims' limits, the holidays; refusals beside their field; Esc asks
before throwing edits away; the menu entry only for heads and the administrator."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox
from sqlalchemy import text

from bpjs_desktop.domain.claims import ClaimType
from bpjs_desktop.i18n import set_language
from bpjs_desktop.services import audit, claims, office_settings
from bpjs_desktop.services.arrears_letters import warning_letter_document
from bpjs_desktop.services.claims import ClaimFilter, ClaimQuery
from bpjs_desktop.services.workstation import SignedIn
from bpjs_desktop.ui.admin.settings_dialog import SettingsDialog
from bpjs_desktop.ui.common.printing import write_pdf
from bpjs_desktop.ui.main_window import MainWindow

from .keyboard import alt, mnemonics, press, retype, shown

ADDRESS = "Jl. Dr. Wahidin Sudirohusodo No. 700, Gresik"
PHONE = "(031) 3981234"
REGION = "Deputi Direktur Wilayah Jawa Timur"
FOOTER = "Pengaduan: 175 atau grs@bpjsketenagakerjaan.go.id"


@dataclass
class Answers:
    """The questions the dialog asked, and the answers queued for the next ones."""

    queued: list[QMessageBox.StandardButton] = field(default_factory=list)
    asked: list[str] = field(default_factory=list)


@pytest.fixture
def answers(monkeypatch) -> Answers:
    """Answer each question box with the next queued answer, or Discard when none is queued."""
    answers = Answers()

    def answer(*args: object, **_kwargs: object) -> QMessageBox.StandardButton:
        answers.asked.append(str(args[2]))
        return answers.queued.pop(0) if answers.queued else QMessageBox.StandardButton.Discard

    monkeypatch.setattr(QMessageBox, "question", answer)
    return answers


@pytest.fixture
def open_dialog(qtbot, answers) -> Callable[[SignedIn], SettingsDialog]:
    def make(session: SignedIn) -> SettingsDialog:
        dialog = SettingsDialog(session)
        shown(qtbot, dialog)
        return dialog

    return make


def error(form, name: str) -> str:
    label = form.errors[name]
    return label.text() if label.isVisible() else ""


def pdf_text(path: Path) -> str:
    """The PDF's text with its words joined by single spaces (pypdf gives tabs and breaks)."""
    return " ".join(" ".join(page.extract_text() for page in PdfReader(path).pages).split())


def first(session: SignedIn, sql: str) -> str:
    with session.db.read() as s:
        return str(s.execute(text(sql)).scalar_one())


def test_branch_head_types_the_letterhead_and_the_papers_print_it(
    qtbot, session_for, open_dialog, screenshot, tmp_path
):
    """The head of Gresik sees only Gresik; a phone with a letter is refused beside the phone
    (focus there, nothing stored); corrected, Enter saves, and the PDFs of a Gresik claim receipt
    and warning letter carry the address, the phone, the region line (and the footer)."""
    session = session_for("kepala.grs")
    dialog = open_dialog(session)
    tab = dialog.letterhead_tab
    assert dialog.tabs.currentWidget() is tab
    assert [tab.office_combo.itemText(i) for i in range(tab.office_combo.count())] == ["KC Gresik"]
    assert tab.region_edit.placeholderText() == "Kantor Wilayah Jawa Timur"

    retype(qtbot, alt(qtbot, dialog, "a"), ADDRESS)
    retype(qtbot, alt(qtbot, dialog, "p"), "031-39x8123")
    press(qtbot, Qt.Key.Key_Return)
    assert "Telepon hanya boleh berisi angka" in error(tab.form, "phone")
    assert QApplication.focusWidget() is tab.phone_edit
    assert office_settings.letterhead(session.db, "GRS").address == ""

    retype(qtbot, QApplication.focusWidget(), PHONE)
    retype(qtbot, alt(qtbot, dialog, "b"), REGION)
    retype(qtbot, alt(qtbot, dialog, "i"), FOOTER)
    assert f"{REGION} · KC Gresik" in tab.preview.text()
    press(qtbot, Qt.Key.Key_Return)
    assert error(tab.form, "phone") == ""
    assert tab.message.text() == "Kop surat KC Gresik tersimpan."
    stored = office_settings.letterhead(session.db, "GRS")
    assert (stored.address, stored.phone, stored.region, stored.footer) == (
        ADDRESS, PHONE, REGION, FOOTER,
    )  # fmt: skip
    assert audit.recent(session.db, 1)[0].action == "office.letterhead"
    screenshot(dialog, "settings_letterhead")

    claim_no = first(
        session,
        "SELECT c.claim_no FROM claim c JOIN office o ON o.id = c.office_id "
        "WHERE o.code = 'GRS' ORDER BY c.id LIMIT 1",
    )
    receipt = pdf_text(write_pdf(claims.receipt_html(session.db, claim_no), tmp_path / "tt.pdf"))
    letter_id = int(
        first(
            session,
            "SELECT f.id FROM follow_up f JOIN arrears_case c ON c.id = f.case_id "
            "JOIN office o ON o.id = c.office_id WHERE o.code = 'GRS' AND f.kind = 'SURAT_1' "
            "ORDER BY f.id LIMIT 1",
        )
    )
    letter = pdf_text(
        write_pdf(warning_letter_document(session.db, letter_id), tmp_path / "sp1.pdf")
    )
    for paper in (receipt, letter):
        assert "KC Gresik" in paper
        for line in (ADDRESS, PHONE, REGION):
            assert line in paper
    assert FOOTER in receipt


def test_the_administrator_chooses_the_office_and_is_asked_before_losing_edits(
    qtbot, session, open_dialog, answers
):
    """Every office is in the chooser; switching with unsaved edits asks, and Cancel keeps both
    the office and what was typed."""
    dialog = open_dialog(session)
    tab = dialog.letterhead_tab
    assert tab.office_combo.itemText(0) == "Kantor Wilayah Jawa Timur"
    assert tab.office_combo.count() > 20
    retype(qtbot, alt(qtbot, dialog, "a"), "Jl. Raya Darmo 123")
    answers.queued.append(QMessageBox.StandardButton.Cancel)
    tab.office_combo.setCurrentIndex(tab.office_combo.findData("SDR"))
    assert "Buang isian dan pindah kantor" in answers.asked[-1]
    assert tab.office_code() == "JTM" and tab.address_edit.text() == "Jl. Raya Darmo 123"
    tab.office_combo.setCurrentIndex(tab.office_combo.findData("SDR"))  # Discard this time
    assert tab.office_code() == "SDR" and tab.address_edit.text() == ""
    assert not dialog.unsaved()


def test_service_limits_are_refused_beside_their_field_and_reach_the_worklist(
    qtbot, session, open_dialog, screenshot
):
    """Alt+W opens the limits; JKK typed 0, then "abc": each refused beside JKK; 10 is saved
    and the open JKK claims are held to 10 working days."""
    dialog = open_dialog(session)
    alt(qtbot, dialog, "w")
    tab = dialog.sla_tab
    assert dialog.tabs.currentWidget() is tab
    assert QApplication.focusWidget() is tab.edits[ClaimType.JHT_PENUH]
    press(qtbot, Qt.Key.Key_Tab, 3)
    jkk = tab.edits[ClaimType.JKK]
    assert QApplication.focusWidget() is jkk
    assert tab.form.findChild(object, "sla_JKK_hint").text() == "Aturan: 7 hari kerja"

    for typed, message in (("0", "bukan 0"), ("abc", "bukan 'abc'")):
        retype(qtbot, jkk, typed)
        press(qtbot, Qt.Key.Key_Return)
        assert "Batas JKK harus" in error(tab.form, "sla_JKK") and message in error(
            tab.form, "sla_JKK"
        )
        assert QApplication.focusWidget() is jkk
        assert office_settings.sla_settings(session.db)[3].office_days is None
    screenshot(dialog, "settings_sla_refused")

    retype(qtbot, jkk, "10")
    press(qtbot, Qt.Key.Key_Return)
    assert error(tab.form, "sla_JKK") == ""
    assert tab.message.text() == "Batas waktu layanan klaim tersimpan."
    rows = {r.claim_type: r for r in office_settings.sla_settings(session.db)}
    assert (rows[ClaimType.JKK].rule_days, rows[ClaimType.JKK].office_days) == (7, 10)
    open_jkk = [
        r
        for r in ClaimQuery(session.db, ClaimFilter()).page(0, 1000)
        if r.claim_type is ClaimType.JKK
    ]
    assert open_jkk and all(r.clock.limit == 10 for r in open_jkk)
    screenshot(dialog, "settings_sla")


def test_holidays_of_a_year_are_added_and_removed_from_the_keyboard(
    qtbot, session, open_dialog, answers, screenshot
):
    """Alt+L: 2018's holidays (the demo's year). 17/08/2018 again is refused beside the date;
    02/05/2018 is added and selected; Delete asks, then removes it."""
    dialog = open_dialog(session)
    alt(qtbot, dialog, "l")
    tab = dialog.holidays_tab
    assert dialog.tabs.currentWidget() is tab
    assert tab.year_spin.value() == 2018
    count = tab.table.rowCount()
    assert count == len(office_settings.holidays(session.db, 2018)) > 10
    assert QApplication.focusWidget() is tab.day_edit

    qtbot.keyClicks(tab.day_edit, "17/08/2018")
    retype(qtbot, alt(qtbot, dialog, "m"), "Hari Kemerdekaan")
    press(qtbot, Qt.Key.Key_Return)
    assert "17/08/2018 sudah menjadi hari libur" in error(tab.form, "day")
    assert QApplication.focusWidget() is tab.day_edit

    retype(qtbot, tab.day_edit, "2/5/2018")
    retype(qtbot, tab.name_edit, "Hari Pendidikan Nasional")
    with qtbot.waitSignal(dialog.holidays_changed) as changed:
        press(qtbot, Qt.Key.Key_Return)
    assert changed.args[0] == office_settings.HolidayRow(
        date(2018, 5, 2), "Hari Pendidikan Nasional"
    )
    assert tab.table.rowCount() == count + 1
    current = tab.table.currentRow()
    assert tab.table.item(current, 0).text() == "02/05/2018"
    assert tab.table.item(current, 1).text() == "Rabu"
    assert (tab.day_edit.text(), tab.name_edit.text()) == ("", "")
    assert tab.message.text() == "02/05/2018 ditambahkan sebagai hari libur."
    screenshot(dialog, "settings_holidays")

    tab.table.setFocus()
    answers.queued.append(QMessageBox.StandardButton.Yes)
    press(qtbot, Qt.Key.Key_Delete)
    assert "Hapus 02/05/2018 (Hari Pendidikan Nasional)" in answers.asked[-1]
    assert tab.table.rowCount() == count
    assert date(2018, 5, 2) not in {h.day for h in office_settings.holidays(session.db, 2018)}
    assert [e.action for e in audit.recent(session.db, 2)] == ["holiday.remove", "holiday.add"]


def test_each_holiday_is_listed_with_its_own_name(qtbot, session, open_dialog, screenshot):
    """2018's holidays each carry their name from the SKB list (issue #13: every one read
    "Libur nasional (SKB 3 Menteri)"), also in a database seeded before the names were kept;
    the refusal of a holiday typed twice names the holiday already there."""
    # A database seeded before the names were part of the list: its days have no name stored.
    with session.db.write() as s:
        s.execute(text("UPDATE holiday SET name = '' WHERE day = '2018-06-15'"))
    dialog = open_dialog(session)
    alt(qtbot, dialog, "l")
    tab = dialog.holidays_tab
    shown = {
        tab.table.item(r, 0).text(): tab.table.item(r, 2).text()
        for r in range(tab.table.rowCount())
    }
    assert shown["01/01/2018"] == "Tahun Baru Masehi"
    assert shown["15/06/2018"] == shown["16/06/2018"] == "Hari Raya Idul Fitri 1439 H"
    assert shown["17/08/2018"] == "Hari Kemerdekaan Republik Indonesia"
    assert shown["25/12/2018"] == "Hari Raya Natal"
    # One name per holiday: only the two days of Idul Fitri share theirs.
    assert "" not in shown.values() and len(set(shown.values())) == len(shown) - 1
    screenshot(dialog, "settings_holiday_names")

    qtbot.keyClicks(tab.day_edit, "15/06/2018")
    retype(qtbot, tab.name_edit, "Lebaran")
    press(qtbot, Qt.Key.Key_Return)
    assert error(tab.form, "day") == (
        "Tanggal 15/06/2018 sudah menjadi hari libur: Hari Raya Idul Fitri 1439 H"
    )


@pytest.mark.parametrize(
    ("office", "second_line"),
    [
        ("Kantor Wilayah Jawa Timur", "Kantor Wilayah Jawa Timur"),
        ("KC Gresik", "Kantor Wilayah Jawa Timur · KC Gresik"),
    ],
)
def test_the_letterhead_preview_names_the_regional_office_once(
    session, open_dialog, office, second_line
):
    """The preview is the printed letterhead: the regional office's own papers name it once,
    not "Kantor Wilayah Jawa Timur · Kantor Wilayah Jawa Timur" (issue #13); a branch's name
    the region above the branch."""
    dialog = open_dialog(session)
    tab = dialog.letterhead_tab
    tab.office_combo.setCurrentIndex(tab.office_combo.findText(office))
    assert tab.preview.text().splitlines()[:2] == ["BPJS Ketenagakerjaan", second_line]


def test_a_holiday_outside_2000_to_2100_and_an_empty_one_are_refused(qtbot, session, open_dialog):
    dialog = open_dialog(session)
    alt(qtbot, dialog, "l")
    tab = dialog.holidays_tab
    press(qtbot, Qt.Key.Key_Return)
    assert "wajib diisi" in error(tab.form, "day") and "wajib diisi" in error(tab.form, "name")
    retype(qtbot, tab.day_edit, "31/12/1999")
    retype(qtbot, tab.name_edit, "Malam tahun baru")
    press(qtbot, Qt.Key.Key_Return)
    assert "harus di tahun 2000–2100, bukan 1999" in error(tab.form, "day")
    retype(qtbot, tab.day_edit, "31/02/2018")
    press(qtbot, Qt.Key.Key_Return)
    assert "Tanggal tidak ada di kalender" in error(tab.form, "day")
    assert QApplication.focusWidget() is tab.day_edit


def test_the_year_typed_lists_its_holidays(qtbot, session, open_dialog):
    """Alt+H, 2019, Enter: 2019's holidays are listed, and no holiday is added."""
    dialog = open_dialog(session)
    alt(qtbot, dialog, "l")
    tab = dialog.holidays_tab
    spin = alt(qtbot, dialog, "h")
    assert spin is tab.year_spin
    qtbot.keyClick(spin, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(spin, "2019")
    press(qtbot, Qt.Key.Key_Return)
    assert tab.year_spin.value() == 2019
    assert tab.table.item(0, 0).text().endswith("/2019")
    assert error(tab.form, "day") == ""


def test_esc_asks_only_when_something_is_unsaved(qtbot, session, open_dialog, answers):
    dialog = open_dialog(session)
    retype(qtbot, alt(qtbot, dialog, "a"), "Jl. Pahlawan 1")
    answers.queued.append(QMessageBox.StandardButton.Cancel)
    press(qtbot, Qt.Key.Key_Escape)
    assert answers.asked == ["Isian formulir ini belum disimpan. Tutup dan buang isian?"]
    assert dialog.isVisible()
    press(qtbot, Qt.Key.Key_Escape)  # Discard
    assert not dialog.isVisible()

    untouched = open_dialog(session)
    alt(qtbot, untouched, "w")
    press(qtbot, Qt.Key.Key_Escape)
    assert not untouched.isVisible()
    assert len(answers.asked) == 2


@pytest.mark.parametrize("language", ["id", "en"])
def test_every_tab_has_its_own_mnemonics_in_both_languages(
    qtbot, session, open_dialog, screenshot, language
):
    """No Alt letter is used twice on a tab (the tab titles and Close count on each)."""
    set_language(language)
    dialog = open_dialog(session)
    titles = [dialog.tabs.tabText(i) for i in range(dialog.tabs.count())]
    assert all("&" in t for t in titles)
    if language == "en":
        assert titles == ["&Letterhead", "Claim &deadlines", "&Holidays", "Screen loc&k"]
    for index in range(dialog.tabs.count()):
        dialog.tabs.setCurrentIndex(index)
        letters = mnemonics(dialog) + [t[t.index("&") + 1].lower() for t in titles]
        assert len(letters) == len(set(letters)), (titles[index], sorted(letters))
    if language == "en":
        for index, name in enumerate(("letterhead", "sla", "holidays", "idle_lock")):
            dialog.tabs.setCurrentIndex(index)
            screenshot(dialog, f"settings_{name}_en")


def test_the_file_menu_opens_the_settings_for_heads_and_the_administrator_only(
    qtbot, make_window, session_for
):
    """Berkas → Pengaturan kantor… follows Tutup bulan…; it opens the dialog for the
    administrator and is greyed out for front-office staff."""
    window: MainWindow = make_window(session_for("admin"))
    file_menu = window.menuBar().actions()[0].menu()
    actions = [a for a in file_menu.actions() if not a.isSeparator()]
    assert actions[actions.index(window.close_month_action) + 1] is window.settings_action
    assert window.settings_action.text() == "Pen&gaturan kantor…"
    assert window.settings_action.isEnabled()
    window.settings_action.trigger()
    dialog = window.findChild(SettingsDialog)
    assert dialog is not None and dialog.isVisible()
    dialog.reject()

    assert make_window(session_for("kepala.sdr")).settings_action.isEnabled()
    assert not make_window(session_for("pelayanan.grs")).settings_action.isEnabled()
