"""A list saved as a file (exchange/table_export): what a user opening it in Excel would see."""

from __future__ import annotations

import csv
from contextlib import closing
from datetime import date
from pathlib import Path

import openpyxl
import pytest

from bpjs_desktop.errors import KnownError
from bpjs_desktop.exchange.table_export import CONFIDENTIAL_COMMENT, write_table

HEADERS = ["NPP", "Pemberi kerja", "Tunggakan", "Jatuh tempo", "Catatan"]
ROWS = [
    ["17000123", "PT Roti Gresik Jaya", 951_720, date(2024, 5, 15), None],
    ["17000456", '=HYPERLINK("http://x")', 462_000, date(2024, 4, 15), "+62 812"],
    ["17000789", "-CMD|' /C CALC'!A", 0, None, "@SUM(A1)"],
]


def test_workbook_keeps_numbers_as_numbers_dates_as_dates_and_text_as_text(tmp_path: Path):
    out = write_table(tmp_path / "piutang.xlsx", "Piutang iuran", HEADERS, ROWS, widths=(12, 30))
    with closing(openpyxl.load_workbook(out, read_only=True)) as workbook:
        sheet = workbook["Piutang iuran"]
        rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == tuple(HEADERS)
    assert rows[1][:3] == ("17000123", "PT Roti Gresik Jaya", 951_720)
    assert rows[1][3].date() == date(2024, 5, 15)  # a real date, sortable in Excel
    # a name that looks like a formula is kept as the text typed, never run
    assert rows[2][1] == '=HYPERLINK("http://x")'
    assert rows[3][1] == "-CMD|' /C CALC'!A"
    assert rows[3][3] is None  # an empty cell stays empty


def test_workbook_formats_rupiah_with_thousands_and_dates_day_first(tmp_path: Path):
    out = write_table(tmp_path / "piutang.xlsx", "Piutang", HEADERS, ROWS)
    workbook = openpyxl.load_workbook(out)
    try:
        sheet = workbook["Piutang"]
        assert sheet["C2"].number_format == "#,##0"
        assert sheet["D2"].number_format == "dd/mm/yyyy"
        assert sheet["B3"].data_type == "s"  # a string cell, not a formula
        assert sheet.freeze_panes == "A2"  # the header stays in view
        assert sheet.auto_filter.ref == "A1:E4"
    finally:
        workbook.close()


def test_a_long_title_is_cut_to_excels_31_characters(tmp_path: Path):
    title = "Daftar tenaga kerja aktif Kantor Cabang Gresik"
    out = write_table(tmp_path / "tk.xlsx", title, ["NIK"], [["3525015508900003"]])
    with closing(openpyxl.load_workbook(out, read_only=True)) as workbook:
        assert workbook.sheetnames == [title[:31]]


def test_a_confidential_workbook_says_so_in_its_properties(tmp_path: Path):
    out = write_table(tmp_path / "tk.xlsx", "Data TK", ["NIK"], [["x"]], confidential=True)
    plain = write_table(tmp_path / "plain.xlsx", "Data TK", ["NIK"], [["x"]])
    with closing(openpyxl.load_workbook(out, read_only=True)) as workbook:
        assert workbook.properties.category == "Rahasia"
        assert workbook.properties.description == CONFIDENTIAL_COMMENT
        assert workbook.properties.title == "Data TK"
    with closing(openpyxl.load_workbook(plain, read_only=True)) as workbook:
        assert workbook.properties.category is None


def test_csv_is_excel_indonesian_and_quotes_text_a_spreadsheet_would_run(tmp_path: Path):
    out = write_table(tmp_path / "piutang.csv", "Piutang", HEADERS, ROWS)
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # the byte-order mark Excel needs to read UTF-8
    with out.open(encoding="utf-8-sig", newline="") as handle:
        records = list(csv.reader(handle, delimiter=";"))
    assert records[0] == HEADERS
    assert records[1] == ["17000123", "PT Roti Gresik Jaya", "951720", "15/05/2024", ""]
    assert records[2][1] == '\'=HYPERLINK("http://x")'
    assert records[2][4] == "'+62 812"
    assert records[3][1:] == ["'-CMD|' /C CALC'!A", "0", "", "'@SUM(A1)"]


@pytest.mark.parametrize("name", ["piutang.xls", "piutang.pdf", "piutang"])
def test_another_file_ending_is_refused_and_nothing_is_written(tmp_path: Path, name: str):
    with pytest.raises(KnownError, match=r"harus berakhiran \.xlsx atau \.csv"):
        write_table(tmp_path / name, "Piutang", HEADERS, ROWS)
    assert list(tmp_path.iterdir()) == []


def test_the_ending_may_be_in_capitals(tmp_path: Path):
    out = write_table(tmp_path / "PIUTANG.CSV", "Piutang", ["NPP"], [["1"]])
    assert out.read_text(encoding="utf-8-sig").splitlines() == ["NPP", "1"]
