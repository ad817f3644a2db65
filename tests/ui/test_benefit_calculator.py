"""The benefit calculator page (issue #10): worked examples typed as an officer types them.

Every amount is computed by hand in the test's comment from the article it cites.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QWidget

from bpjs_desktop.domain.periods import format_date, today_wib
from bpjs_desktop.i18n import set_language
from bpjs_desktop.ui.claims.benefit_calculator import BenefitCalculatorPage
from bpjs_desktop.ui.common.widgets import choose
from tests.ui.conftest import assert_renders
from tests.ui.keyboard import activate, alt, mnemonics, retype, shown

SHOTS = Path(os.environ.get("BPJS_SHOTS") or Path(tempfile.gettempdir()) / "bpjs-shots")

ALL_FIELDS = (
    *("wage", "months", "joined", "density", "kind", "children"),
    *("disability_percent", "stmb_days"),
)


def make_page(qtbot) -> BenefitCalculatorPage:
    page = shown(qtbot, BenefitCalculatorPage(), (1366, 768), active=False)
    activate(qtbot, page)
    return page


@pytest.fixture
def page(qtbot) -> BenefitCalculatorPage:
    return make_page(qtbot)


def pick(qtbot, page: BenefitCalculatorPage, letter: str, combo_data: object) -> None:
    """Alt+letter to the combo box, then the item as chosen from the keyboard's list."""
    combo = alt(qtbot, page, letter)
    assert isinstance(combo, QComboBox), combo.objectName()
    assert choose(combo, combo_data)


def rows(page: BenefitCalculatorPage) -> list[tuple[str, str]]:
    table = page.table
    return [(table.item(r, 0).text(), table.item(r, 1).text()) for r in range(table.rowCount())]


def enabled_fields(page: BenefitCalculatorPage) -> set[str]:
    return {name for name in ALL_FIELDS if page.form.widgets[name].isEnabled()}


def shot(qtbot, page: QWidget, name: str) -> None:
    """A 1366×768 screenshot (looked at by eye: labels whole, amounts aligned), once the layout has
    settled as on the user's screen; kept in $BPJS_SHOTS when set, else in a temporary folder."""
    qtbot.wait(20)
    SHOTS.mkdir(parents=True, exist_ok=True)
    assert_renders(page, SHOTS / f"{name}.png")


def press_enter(qtbot, widget: QWidget) -> None:
    qtbot.keyClick(widget, Qt.Key.Key_Return)


def test_the_event_date_defaults_to_today_as_the_contribution_calculator_does(page) -> None:
    """The contribution calculator opens on this month; this page on today's date (WIB)."""
    assert page.event_edit.text() == format_date(today_wib())
    assert page.table.rowCount() == 0


def test_on_a_demo_database_the_event_date_is_the_demos_today(qtbot, session) -> None:
    """Opened for a signed-in session on the demo (its day is 30/04/2018), the event date is that
    day, not the wall clock's: a demo shows 2018 throughout."""
    demo = shown(qtbot, BenefitCalculatorPage(session), (1366, 768), active=False)
    assert demo.event_edit.text() == "30/04/2018"
    shot(qtbot, demo, "benefit_calculator_demo_today")


def test_jkm_with_one_child_at_sma_pays_45_million(qtbot, page) -> None:
    """PP 82/2019 Pasal 22 (JKM): santunan sekaligus Rp20.000.000 + santunan berkala
    24 × Rp500.000 = Rp12.000.000 + biaya pemakaman Rp10.000.000 = Rp42.000.000; 40 months ≥ 36
    so one child's scholarship, SMA Rp3.000.000 for the year 2024 (PP 82/2019 Pasal 25,
    domain.md §5.1): 42.000.000 + 3.000.000 = Rp45.000.000 paid at once, no pension."""
    pick(qtbot, page, "p", "JKM")
    retype(qtbot, alt(qtbot, page, "t"), "10/03/2024")
    retype(qtbot, alt(qtbot, page, "m"), "40")
    pick(qtbot, page, "a", "SMA")
    press_enter(qtbot, page.months_spin)

    assert rows(page) == [
        ("Santunan sekaligus", "Rp20.000.000"),
        ("Santunan berkala 24 × Rp500.000 (dibayar sekaligus)", "Rp12.000.000"),
        ("Biaya pemakaman", "Rp10.000.000"),
        ("Beasiswa anak ke-1 (SMA) tahun 2024", "Rp3.000.000"),
        ("Dibayar sekaligus", "Rp45.000.000"),
    ]
    assert page.table.item(1, 1).textAlignment() & Qt.AlignmentFlag.AlignRight
    assert "Dasar aturan: PP 82/2019" in page.notes_label.text()
    assert "• Masa iur 40 bulan" in page.notes_label.text()
    assert page.error_label.text() == ""
    shot(qtbot, page, "calc_jkm")


def test_a_jp_widow_gets_a_monthly_pension_and_nothing_at_once(qtbot, page) -> None:
    """PP 45/2015 Pasal 17 + Permenaker 29/2015 Pasal 26: 17 months at Rp9.000.000 (Jan 2023 –
    May 2024), joined 02/01/2023, died 01/06/2024, density blank (counted: 17 of 17 months =
    100 %). Average: (12 × 9.000.000 × 1,0261 + 5 × 9.000.000) ÷ 17 = 155.818.800 ÷ 17 =
    9.165.811,76 → 9.165.812; on 180 months: × 180/1200 = 1.374.871,8 → 1.374.872; widow 50 %
    [unverified share] = Rp687.436 a month from July 2024; Rp0 paid at once."""
    pick(qtbot, page, "p", "JP")
    retype(qtbot, alt(qtbot, page, "t"), "01/06/2024")
    retype(qtbot, alt(qtbot, page, "u"), "9.000.000")
    retype(qtbot, alt(qtbot, page, "m"), "17")
    retype(qtbot, alt(qtbot, page, "l"), "02/01/2023")
    pick(qtbot, page, "j", "janda-duda")
    alt(qtbot, page, "h")  # the Hitung button, clicked as Alt+H animates it
    qtbot.waitUntil(lambda: page.table.rowCount() > 0, timeout=2000)

    table = rows(page)
    assert table[-2:] == [("Dibayar sekaligus", "Rp0"), ("Pensiun bulan pertama", "Rp687.436")]
    assert ("Manfaat pensiun per bulan", "Rp687.436") in table
    notes = page.notes_label.text()
    assert "pensiun dibayar bulanan mulai 07/2024" in notes
    assert "Dasar aturan: PP 45/2015 Pasal 16–17" in notes
    shot(qtbot, page, "calc_jp")


def test_a_jp_widow_with_a_density_under_80_percent_is_paid_at_once(qtbot, page) -> None:
    """Density typed as 70 (%) < 80 % (Permenaker 29/2015 Pasal 26): the JP contributions and
    yield at once: 3 % × 9.000.000 = 270.000 × 17 = 4.590.000; yield by the accumulate convention
    [unverified JP yields = JHT's]: 2023 270.000 × (11+10+…+0 = 66) × 5,89 % ÷ 12 = 87.467,25 →
    87.467; 2024 (event in June, 5 months open) (3.327.467 × 5 + 270.000 × (4+3+2+1+0)) × 6,31 %
    ÷ 12 = 19.337.335 × 0,0631 ÷ 12 = 101.682,15 → 101.682; total 4.590.000 + 87.467 + 101.682 =
    Rp4.779.149, no pension."""
    pick(qtbot, page, "p", "JP")
    retype(qtbot, alt(qtbot, page, "t"), "01/06/2024")
    retype(qtbot, alt(qtbot, page, "u"), "9000000")
    retype(qtbot, alt(qtbot, page, "m"), "17")
    retype(qtbot, alt(qtbot, page, "l"), "02/01/2023")
    retype(qtbot, alt(qtbot, page, "k"), "70")
    pick(qtbot, page, "j", "janda-duda")
    press_enter(qtbot, page.kind_combo)

    assert page.density_edit.text() == "70%"
    assert rows(page)[-1] == ("Dibayar sekaligus", "Rp4.779.149")
    assert "Pensiun bulan pertama" not in [label for label, _amount in rows(page)]
    assert "80%" in page.notes_label.text()


def test_editing_a_field_takes_the_old_answer_away(qtbot, page) -> None:
    """An answer on screen always belongs to what is typed (JKM, 12 months, no child: PP 82/2019
    Rp20.000.000 + Rp12.000.000 + Rp10.000.000 = Rp42.000.000)."""
    pick(qtbot, page, "p", "JKM")
    retype(qtbot, alt(qtbot, page, "t"), "10/03/2024")
    retype(qtbot, alt(qtbot, page, "m"), "12")
    press_enter(qtbot, page.months_spin)
    assert rows(page)[-1] == ("Dibayar sekaligus", "Rp42.000.000")

    retype(qtbot, page.months_spin, "40")
    assert page.table.rowCount() == 0
    assert page.notes_label.text() == ""


def test_a_date_that_is_not_one_is_shown_beside_the_event_date(qtbot, page) -> None:
    pick(qtbot, page, "p", "JKM")
    retype(qtbot, alt(qtbot, page, "t"), "31/02/2024")
    press_enter(qtbot, page.event_edit)
    error = page.form.errors["event_date"]
    assert error.isVisible()
    assert error.text() == "Tanggal tidak ada di kalender: 31/02/2024"
    assert page.table.rowCount() == 0


def test_jkp_for_a_bpu_member_is_refused_beside_the_segment(qtbot, page) -> None:
    """PP 37/2021: JKP is for wage earners only; the reason shows under Segmen, no rows."""
    pick(qtbot, page, "p", "JKP")
    retype(qtbot, alt(qtbot, page, "u"), "5.000.000")
    pick(qtbot, page, "s", "BPU")
    press_enter(qtbot, page.wage_edit)

    error = page.form.errors["segment"]
    assert error.isVisible()
    assert error.text() == "JKP hanya untuk peserta penerima upah (PU)"
    assert page.table.rowCount() == 0
    assert page.answer is None
    assert not page.form.errors["wage"].isVisible()
    shot(qtbot, page, "calc_refused")


def test_a_missing_wage_is_shown_beside_the_wage(qtbot, page) -> None:
    pick(qtbot, page, "p", "JHT")
    retype(qtbot, alt(qtbot, page, "m"), "12")
    press_enter(qtbot, page.months_spin)
    assert page.form.errors["wage"].text() == "Program JHT memerlukan upah"


def test_switching_programme_enables_only_the_fields_it_reads(qtbot, page) -> None:
    pick(qtbot, page, "p", "JKM")
    assert enabled_fields(page) == {"months", "children"}
    assert page.kind_combo.count() == 0

    pick(qtbot, page, "p", "JP")
    assert enabled_fields(page) == {"wage", "months", "joined", "density", "kind"}
    assert [page.kind_combo.itemData(i) for i in range(page.kind_combo.count())] == [
        "hari-tua", "cacat", "janda-duda", "anak", "orang-tua"
    ]  # fmt: skip

    pick(qtbot, page, "p", "JKK")
    assert enabled_fields(page) == {"wage", "months", "kind", "children", "stmb_days"}
    assert page.kind_combo.itemText(page.kind_combo.findData("cacat-sebagian")) == (
        "Cacat sebagian tetap"
    )
    choose(page.kind_combo, "cacat-sebagian")
    assert "disability_percent" in enabled_fields(page)

    pick(qtbot, page, "p", "JKP")
    assert enabled_fields(page) == {"wage"}
    pick(qtbot, page, "p", "JHT")
    assert enabled_fields(page) == {"wage", "months"}


@pytest.mark.parametrize("language", ["id", "en"])
def test_every_alt_letter_is_used_once(qtbot, language: str) -> None:
    set_language(language)
    page = make_page(qtbot)
    letters = mnemonics(page)
    assert len(letters) == 12  # eleven labels and Hitung
    assert len(letters) == len(set(letters)), sorted(letters)


def test_the_english_interface_shows_english_labels(qtbot) -> None:
    set_language("en")
    page = make_page(qtbot)
    labels = {name: label.text() for name, label in page.form.labels.items()}
    assert labels["programme"] == "&Programme"
    assert labels["event_date"] == "&Event date"
    assert labels["months"] == "&Months contributed"
    assert labels["children"] == "Ch&ildren in school"
    assert page.calculate_button.text() == "Calc&ulate"
    assert page.table.horizontalHeaderItem(0).text() == "Details"
    shot(qtbot, page, "calc_en")
