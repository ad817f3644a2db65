"""The counter tools: the NIK check decodes as the officer types; the contribution calculator."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QLineEdit

from bpjs_desktop.domain.periods import Period, format_period, today_wib
from bpjs_desktop.ui.membership.tools_pages import ContributionCalculatorPage, NikCheckPage
from tests.ui.keyboard import shown

# A woman (day 15 + 40 = 55) born 15/05/1990 in Kota Surabaya (3578), district 01, serial 0001.
NIK_SURABAYA = "3578015505900001"


@pytest.fixture
def nik_page(qtbot) -> NikCheckPage:
    return shown(qtbot, NikCheckPage(), (740, 420), active=False)


@pytest.fixture
def iuran_page(qtbot) -> ContributionCalculatorPage:
    return shown(qtbot, ContributionCalculatorPage(), (820, 560), active=False)


def retype(qtbot, edit: QLineEdit, text: str) -> None:
    """Replace the field's text by typing, as an officer would after selecting it."""
    edit.setFocus()
    edit.selectAll()
    qtbot.keyClicks(edit, text)
    assert edit.text() == text


def table_row(page: ContributionCalculatorPage, row: int) -> list[str]:
    table = page.table
    return [table.item(row, col).text() for col in range(table.columnCount())]


# --- NIK ----------------------------------------------------------------------------------------


def test_nik_is_decoded_once_the_sixteenth_digit_is_typed(
    qtbot, nik_page: NikCheckPage, screenshot
) -> None:
    """While the NIK is short the page says why; the 16th digit shows birth date, sex, regency."""
    qtbot.keyClicks(nik_page.nik_edit, NIK_SURABAYA[:15])
    assert nik_page.verdict_label.text() == "NIK tidak valid: NIK harus 16 digit, bukan 15"
    assert nik_page.fields["birth_date"].text() == "–"

    qtbot.keyClicks(nik_page.nik_edit, NIK_SURABAYA[15])

    fields = {key: label.text() for key, label in nik_page.fields.items()}
    assert fields == {
        "province": "35 · Jawa Timur",
        "regency": "3578 · Kota Surabaya",
        "district": "357801",
        "birth_date": "15/05/1990",
        "sex": "Perempuan",
        "serial": "0001",
    }
    assert nik_page.verdict_label.text() == "NIK valid."
    screenshot(nik_page, "nik_valid")


@pytest.mark.parametrize(
    ("typed", "reason"),
    [
        ("12345", "NIK harus 16 digit, bukan 5"),
        ("35780155059000AB", "NIK hanya boleh berisi angka"),
        ("3578015513900001", "Bulan lahir pada NIK (digit 9–10) harus 01–12, bukan 13"),
        ("3578015505900000", "Nomor urut pada NIK (4 digit terakhir) tidak boleh 0000"),
    ],
)
def test_an_invalid_nik_shows_the_exact_reason_and_nothing_decoded(
    qtbot, nik_page: NikCheckPage, typed: str, reason: str
) -> None:
    """An invalid NIK is refused with the rule it breaks; no field shows a decoded value."""
    qtbot.keyClicks(nik_page.nik_edit, typed)

    assert nik_page.verdict_label.text() == f"NIK tidak valid: {reason}"
    assert "#b00020" in nik_page.verdict_label.styleSheet()  # shown in red
    assert {label.text() for label in nik_page.fields.values()} == {"–"}


def test_a_birth_date_on_the_form_that_disagrees_with_the_nik_is_flagged(
    qtbot, nik_page: NikCheckPage, screenshot
) -> None:
    """A form birth date one day off is named beside the date the NIK encodes; a match is valid."""
    qtbot.keyClicks(nik_page.nik_edit, NIK_SURABAYA)
    qtbot.keyClicks(nik_page.birth_edit, "16/05/1990")

    verdict = nik_page.verdict_label.text()
    assert verdict.startswith("NIK valid, tetapi: ")
    assert "Tanggal lahir 16/05/1990 tidak sesuai dengan NIK (15/05/1990)" in verdict
    assert "#b00020" in nik_page.verdict_label.styleSheet()
    screenshot(nik_page, "nik_birth_date_mismatch")

    retype(qtbot, nik_page.birth_edit, "15/05/1990")
    assert nik_page.verdict_label.text() == "NIK valid."


def test_a_sex_on_the_form_that_disagrees_with_the_nik_is_flagged(
    qtbot, nik_page: NikCheckPage
) -> None:
    """Choosing "Laki-laki" for a NIK that encodes a woman says so."""
    qtbot.keyClicks(nik_page.nik_edit, NIK_SURABAYA)
    nik_page.sex_combo.setCurrentIndex(nik_page.sex_combo.findData("L"))

    assert "Jenis kelamin Laki-laki tidak sesuai dengan NIK (Perempuan)" in (
        nik_page.verdict_label.text()
    )


# --- contribution calculator ----------------------------------------------------------------------


def fill_pu(qtbot, page: ContributionCalculatorPage, wage: str, period: str) -> None:
    retype(qtbot, page.period_edit, period)
    retype(qtbot, page.wage_edit, wage)


def test_the_period_opens_on_this_month_or_the_demos_month(qtbot, iuran_page, session, shot):
    """Without a session: the month of today (WIB). For a session on the demo (its day is
    30/04/2018): April 2018, not the wall clock's month."""
    assert iuran_page.period_edit.text() == format_period(Period.of(today_wib()))
    demo = shown(qtbot, ContributionCalculatorPage(session), (820, 560), active=False)
    assert demo.period_edit.text() == "04/2018"
    shot(demo, "contribution_calculator_demo_today")


def test_pu_example_of_domain_4_1_gives_employer_689000_and_worker_300000(
    qtbot, iuran_page: ContributionCalculatorPage, screenshot
) -> None:
    """Wage 10.000.000, June 2024, risk 3, JKK+JKM+JHT+JP: the worked example of domain.md §4.1."""
    page = iuran_page
    assert page.segment_combo.currentData() == "PU"
    page.risk_combo.setCurrentIndex(page.risk_combo.findData(3))
    checked = {p.value for p, check in page.programme_checks.items() if check.isChecked()}
    assert checked == {"JKK", "JKM", "JHT", "JP"}

    fill_pu(qtbot, page, "10.000.000", "2024-06")

    assert page.error_label.text() == ""
    rows = [table_row(page, r) for r in range(page.table.rowCount())]
    assert rows[-1] == ["Total", "Rp689.000", "Rp300.000", "Rp989.000"]
    assert ["JKK", "Rp89.000", "Rp0", "Rp89.000"] in rows
    assert ["JHT", "Rp370.000", "Rp200.000", "Rp570.000"] in rows
    assert page.table.item(page.table.rowCount() - 1, 0).font().bold()
    assert "Juni 2024" in page.notes_label.text()
    screenshot(page, "iuran_pu")


def test_jasa_konstruksi_contract_of_two_billion_costs_jkk_and_jkm(
    qtbot, iuran_page: ContributionCalculatorPage, screenshot
) -> None:
    """Switching to Jasa Konstruksi shows the contract field; 2.000.000.000 → JKK Rp2.640.000 +
    JKM Rp310.000 = Rp2.950.000 once (domain.md §4.6 worked example), and warns that the tiers
    are cited only up to 2020."""
    page = iuran_page
    retype(qtbot, page.period_edit, "2024-06")
    page.segment_combo.setCurrentIndex(page.segment_combo.findData("JAKON"))
    assert page.contract_edit.isVisible()
    assert not page.wage_edit.isVisible()

    qtbot.keyClicks(page.contract_edit, "2.000.000.000")

    assert [table_row(page, r) for r in range(page.table.rowCount())] == [
        ["JKK", "Rp2.640.000", "Rp0", "Rp2.640.000"],
        ["JKM", "Rp310.000", "Rp0", "Rp310.000"],
        ["Total", "Rp2.950.000", "Rp0", "Rp2.950.000"],
    ]
    assert "dibayar sekali" in page.notes_label.text()
    assert (
        "Angka tarif JKM Jakon sesudah 31/12/2020 belum dipastikan; dipakai angka yang berlaku "
        "sejak 01/07/2015"
    ) in page.notes_label.text()
    screenshot(page, "iuran_jakon")


def test_a_wage_that_is_not_an_amount_shows_an_error_and_no_rows(qtbot, iuran_page) -> None:
    """Wage "abc" is named in an error and the table empties; a real wage brings the rows back."""
    page = iuran_page
    fill_pu(qtbot, page, "10.000.000", "2024-06")
    assert page.table.rowCount() > 0  # a valid PU wage and month: the rows are shown

    retype(qtbot, page.wage_edit, "abc")

    assert page.error_label.text() == "Upah: bukan jumlah rupiah (abc)"
    assert page.table.rowCount() == 0
    assert page.result is None

    retype(qtbot, page.wage_edit, "5.000.000")
    assert page.error_label.text() == ""
    assert page.table.rowCount() > 0


def test_jkp_ticked_for_january_2018_is_refused_naming_jkp(qtbot, iuran_page) -> None:
    """JKP began in 2021 (PP 37/2021): ticking it for 2018-01 is an error naming JKP, no rows."""
    page = iuran_page
    fill_pu(qtbot, page, "5.000.000", "2018-01")
    assert page.table.rowCount() > 0  # a valid PU wage and month: the rows are shown

    jkp = page.findChild(QCheckBox, "jkp_check")
    assert not jkp.isChecked()
    qtbot.mouseClick(jkp, Qt.MouseButton.LeftButton)

    assert jkp.isChecked()
    assert "JKP" in page.error_label.text()
    assert page.table.rowCount() == 0


def test_the_calculator_fills_its_table_without_deprecated_qt_calls(
    iuran_page: ContributionCalculatorPage,
) -> None:
    """Showing a result uses no deprecated Qt overload (filterwarnings=error makes it raise).

    Found by this test: ``QTableWidgetItem.setTextAlignment(int(...))`` is deprecated in
    PySide6 6.12, and every result row raised inside the slot.
    """
    page = iuran_page
    for edit, text in ((page.period_edit, "2024-06"), (page.wage_edit, "10.000.000")):
        edit.blockSignals(True)
        edit.setText(text)
        edit.blockSignals(False)

    page.recalculate()

    assert page.table.rowCount() == 5
    amount = Qt.AlignmentFlag(page.table.item(0, 1).textAlignment())
    assert amount & Qt.AlignmentFlag.AlignRight  # amounts line up on the right
