"""The worker-list file format: the template, reading .xlsx/.csv, and each cell handled or reported.

Every file here is written in ``tmp_path`` the way an employer's office would produce it (openpyxl
for Excel, plain bytes for CSV), including the ways spreadsheets damage identifiers.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest

from bpjs_desktop.domain.identifiers import Sex
from bpjs_desktop.domain.programmes import Programme
from bpjs_desktop.exchange.worker_list import (
    COLUMNS,
    CellError,
    RowError,
    WorkerListError,
    parse_rows,
    read_date,
    read_nik,
    read_rows,
    read_wage,
    read_worker_list,
    write_error_report,
    write_template,
)
from tests.helpers import HEADERS, write_list

REQUIRED = ["NIK", "Nama (sesuai KTP)", "Tanggal lahir (HH/BB/TTTT)", "Jenis kelamin (L/P)",
            "Tanggal mulai (HH/BB/TTTT)", "Upah sebulan (Rp)"]  # fmt: skip
NIK = "3525015505900001"  # a woman born 15/05/1990 in Kab. Gresik
NUMERIC_NIK_MESSAGE = (
    "NIK tersimpan sebagai angka di Excel; digit ke-16 bisa hilang — format kolom NIK sebagai Teks"
)


def good_row(**overrides: object) -> list[object]:
    values: dict[str, object] = {
        "NIK": NIK,
        "Nama (sesuai KTP)": "Siti Aminah",
        "Tempat lahir": "Gresik",
        "Tanggal lahir (HH/BB/TTTT)": "15/05/1990",
        "Jenis kelamin (L/P)": "P",
        "Nama ibu kandung": "Sumiati",
        "Tanggal mulai (HH/BB/TTTT)": "02/01/2018",
        "Upah sebulan (Rp)": "4.500.000",
        "Jabatan": "Operator",
        "Program (opsional, mis. JKK,JKM,JHT,JP)": "",
        "No. HP": "081234567890",
    }
    values.update(overrides)
    return [values[h] for h in HEADERS]


def xlsx(tmp_path: Path, rows: list[list[object]], headers: list[str] = HEADERS) -> Path:
    return write_list(tmp_path / "daftar.xlsx", rows, headers)


def errors_of(path: Path) -> list[tuple[int, str, str]]:
    return [(e.row, e.column, e.message) for e in read_worker_list(path).errors]


# --- the template --------------------------------------------------------------------------------


def test_template_has_exactly_the_columns_the_importer_reads(tmp_path: Path) -> None:
    """The template's headers are the importer's, NIK is a Text column, and it reads back clean."""
    path = write_template(tmp_path / "templat.xlsx")

    workbook = openpyxl.load_workbook(path)
    sheet = workbook["Daftar TK"]
    assert [c.value for c in sheet[1]] == [
        "NIK", "Nama (sesuai KTP)", "Tempat lahir", "Tanggal lahir (HH/BB/TTTT)",
        "Jenis kelamin (L/P)", "Nama ibu kandung", "Tanggal mulai (HH/BB/TTTT)",
        "Upah sebulan (Rp)", "Jabatan", "Program (opsional, mis. JKK,JKM,JHT,JP)", "No. HP",
    ]  # fmt: skip
    assert sheet.column_dimensions["A"].number_format == "@"  # NIK kept as text by Excel
    help_sheet = workbook["Petunjuk"]
    help_text = "\n".join(str(c.value) for row in help_sheet.iter_rows() for c in row if c.value)
    for header in HEADERS:
        assert header in help_text, f"the help sheet does not explain {header}"
    raw = read_rows(path)
    assert raw.columns == tuple(c.key for c in COLUMNS)
    assert raw.rows == ()


def test_template_filled_in_by_a_user_reads_back_typed(tmp_path: Path) -> None:
    """A row typed into the template is read with every field typed and no error."""
    path = write_template(tmp_path / "templat.xlsx")
    workbook = openpyxl.load_workbook(path)
    workbook["Daftar TK"].append(
        good_row(**{"Program (opsional, mis. JKK,JKM,JHT,JP)": "jkk; jkm"})
    )
    workbook.save(path)

    parsed = read_worker_list(path)

    assert parsed.errors == ()
    [row] = parsed.rows
    assert (row.row, row.nik, row.name, row.birth_date, row.sex) == (
        2, NIK, "Siti Aminah", date(1990, 5, 15), Sex.P,
    )  # fmt: skip
    assert (row.start_date, row.wage, row.phone) == (date(2018, 1, 2), 4_500_000, "081234567890")
    assert row.programmes == frozenset({Programme.JKK, Programme.JKM})


# --- NIK cells -------------------------------------------------------------------------------


def test_numeric_nik_that_excel_may_have_cut_is_reported(tmp_path: Path) -> None:
    """A NIK stored as a number ending in 0 (what Excel leaves of 16 digits) is never trusted."""
    path = xlsx(tmp_path, [good_row(NIK=3525015505900010)])

    assert errors_of(path) == [(2, "NIK", NUMERIC_NIK_MESSAGE)]


@pytest.mark.parametrize("value", [3525015505900001, 3525015505900001.0])
def test_numeric_nik_with_sixteen_significant_digits_is_read_exactly(
    tmp_path: Path, value: float
) -> None:
    """16 significant digits cannot come from Excel's 15-digit cut: the number is exact."""
    path = xlsx(tmp_path, [good_row(NIK=value)])

    parsed = read_worker_list(path)

    assert parsed.errors == ()
    assert parsed.rows[0].nik == NIK


def test_numeric_nik_too_big_for_a_double_is_reported() -> None:
    """Above 2**53 a float no longer holds every integer, so a float NIK there is refused."""
    with pytest.raises(CellError, match="digit ke-16 bisa hilang"):
        read_nik(9171015505900001.0)


@pytest.mark.parametrize("text", ["3.57801E+15", "3,525015506E+15", "3.5250155059e15"])
def test_nik_in_scientific_notation_is_reported(tmp_path: Path, text: str) -> None:
    """Text like 3.57801E+15 has lost digits already: reported with how to fix the column."""
    path = xlsx(tmp_path, [good_row(NIK=text)])

    [(row, column, message)] = errors_of(path)
    assert (row, column) == (2, "NIK")
    assert message.startswith(f"NIK tertulis dalam notasi ilmiah ({text})")
    assert "format kolom NIK sebagai Teks" in message


def test_formula_is_not_accepted_in_any_column(tmp_path: Path) -> None:
    """A formula (=...) in the NIK or the wage column is reported, not evaluated or trusted."""
    path = xlsx(
        tmp_path, [good_row(NIK='="3525015505900001"', **{"Upah sebulan (Rp)": "=4500000*1"})]
    )

    problems = errors_of(path)

    assert [(r, c) for r, c, _m in problems] == [(2, "NIK"), (2, "Upah sebulan")]
    assert all("Rumus (formula) tidak diterima" in m for _r, _c, m in problems)


def test_excel_error_value_is_reported(tmp_path: Path) -> None:
    """A cell holding #N/A (a broken lookup in the employer's sheet) is named as such."""
    path = xlsx(tmp_path, [good_row(**{"Nama (sesuai KTP)": "#N/A"})])

    assert errors_of(path) == [
        (2, "Nama", "Sel berisi galat Excel #N/A; isi dengan nilai yang benar")
    ]


def test_spaces_nbsp_and_zero_width_characters_are_removed(tmp_path: Path) -> None:
    """Pasted NIKs and names carry NBSPs and zero-width spaces: they are cleaned, not refused."""
    path = xlsx(
        tmp_path,
        [
            good_row(
                NIK=" 3525\u00a00155\u200b0590\ufeff0001 ",
                **{"Nama (sesuai KTP)": "\u200bSiti\u00a0\u00a0 Aminah\u2060 "},
            )
        ],
    )

    parsed = read_worker_list(path)

    assert parsed.errors == ()
    assert (parsed.rows[0].nik, parsed.rows[0].name) == (NIK, "Siti Aminah")


# --- dates -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    ["15/05/1990", "15-05-1990", "15.05.1990", "1990-05-15", "15 Mei 1990", "15-Mei-1990",
     "15 mei 1990", "15-May-1990", "15/5/1990", "1990-05-15 00:00:00"],
)  # fmt: skip
def test_dates_in_the_forms_indonesian_offices_use(text: str) -> None:
    """Day first with / - or . separators, ISO, and month names (Indonesian, or Excel English)."""
    assert read_date(text) == date(1990, 5, 15)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("15 Agustus 1990", date(1990, 8, 15)), ("1 Agt 2018", date(2018, 8, 1)),
     ("28 Desember 2017", date(2017, 12, 28)), ("3 Okt 2017", date(2017, 10, 3)),
     ("28/11/2026", date(2026, 11, 28))],
)  # fmt: skip
def test_more_month_names(text: str, expected: date) -> None:
    """Full Indonesian month names and the abbreviations (Agt, Okt, Des) are months too."""
    assert read_date(text) == expected


@pytest.mark.parametrize("text", ["15/05/90", "15-05-90", "15 Mei 90", "15-Mei-90"])
def test_two_digit_year_is_reported_as_ambiguous(text: str) -> None:
    """Is 15/05/30 1930 or 2030? Not guessed: the user is asked for the full year."""
    with pytest.raises(CellError, match=r"Tahun dua digit .* tidak jelas abadnya"):
        read_date(text)


def test_real_excel_date_cells_are_read(tmp_path: Path) -> None:
    """Date cells (datetime in openpyxl) are read as dates, whatever their display format."""
    path = xlsx(
        tmp_path,
        [good_row(**{"Tanggal lahir (HH/BB/TTTT)": datetime(1990, 5, 15),
                     "Tanggal mulai (HH/BB/TTTT)": date(2018, 1, 2)})],
    )  # fmt: skip

    parsed = read_worker_list(path)

    assert parsed.errors == ()
    assert (parsed.rows[0].birth_date, parsed.rows[0].start_date) == (
        date(1990, 5, 15),
        date(2018, 1, 2),
    )


def test_date_stored_as_a_bare_serial_number_is_reported_with_a_hint(tmp_path: Path) -> None:
    """33008 is probably 15/05/1990, but a number is not a date: reported, with the hint."""
    path = xlsx(tmp_path, [good_row(**{"Tanggal lahir (HH/BB/TTTT)": 33008})])

    [(row, column, message)] = errors_of(path)
    assert (row, column) == (2, "Tanggal lahir")
    assert "33008 (mungkin 15/05/1990)" in message


@pytest.mark.parametrize(
    ("text", "reason"),
    [("31/02/2020", "tidak ada di kalender"), ("05/15/1990", "tidak ada di kalender"),
     ("kemarin", "HH/BB/TTTT"), ("15 Foo 1990", "HH/BB/TTTT"), ("15/05/1890", "di luar jangkauan")],
)  # fmt: skip
def test_impossible_dates_are_reported(text: str, reason: str) -> None:
    """A date that does not exist (or a US month-first date) names what is expected."""
    with pytest.raises(CellError, match=reason):
        read_date(text)


# --- wages -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value", ["4.500.000", "4500000", "Rp 4.500.000", "Rp. 4.500.000", "Rp4.500.000,00",
              4_500_000, 4_500_000.0, " 4.500.000\u00a0"],
)  # fmt: skip
def test_wages_in_every_accepted_form(value: object) -> None:
    """Dots as thousands, an Rp prefix, zero cents and number cells are whole rupiah."""
    assert read_wage(value) == 4_500_000


@pytest.mark.parametrize(
    ("value", "reason"),
    [(4_500_000.5, "tanpa sen"), ("4.500.000,50", "tanpa sen"), ("4,500,000", "harus titik"),
     ("empat juta", "Bukan jumlah rupiah"), ("4.50.000", "Bukan jumlah rupiah")],
)  # fmt: skip
def test_wages_with_cents_or_wrong_grouping_are_refused(value: object, reason: str) -> None:
    """Cents and comma grouping are reported, never rounded or re-read."""
    with pytest.raises(CellError, match=reason):
        read_wage(value)


# --- other cells and rows ------------------------------------------------------------------------


def test_every_bad_cell_of_a_row_is_named_with_its_column(tmp_path: Path) -> None:
    """One row with five problems gives five errors, each naming the column and what is expected."""
    path = xlsx(
        tmp_path,
        [good_row(NIK="", **{"Jenis kelamin (L/P)": "X", "Tanggal mulai (HH/BB/TTTT)": "",
                             "Upah sebulan (Rp)": "4,5 juta", "Program (opsional, mis. JKK,JKM,JHT,JP)": "JKN"})],
    )  # fmt: skip

    problems = errors_of(path)

    assert [(r, c) for r, c, _m in problems] == [
        (2, "NIK"), (2, "Jenis kelamin"), (2, "Tanggal mulai"), (2, "Upah sebulan"), (2, "Program"),
    ]  # fmt: skip
    messages = [m for _r, _c, m in problems]
    assert messages[0] == "NIK wajib diisi"
    assert messages[1] == "Jenis kelamin harus L (laki-laki) atau P (perempuan), bukan 'X'"
    assert messages[2] == "Tanggal mulai wajib diisi"
    assert "JKN" in messages[4]


def test_phone_that_lost_its_leading_zero_is_repaired_with_a_warning(tmp_path: Path) -> None:
    """081234567890 stored as a number is 81234567890: read back with the 0, and said so."""
    path = xlsx(tmp_path, [good_row(**{"No. HP": 81234567890})])

    parsed = read_worker_list(path)

    assert parsed.errors == ()
    assert parsed.rows[0].phone == "081234567890"
    [warning] = parsed.warnings
    assert (warning.row, warning.column) == (2, "No. HP")
    assert "angka 0 di depannya hilang" in warning.message


def test_too_long_name_is_reported(tmp_path: Path) -> None:
    """A name longer than the database holds is refused (PostgreSQL would fail the whole import)."""
    path = xlsx(tmp_path, [good_row(**{"Nama (sesuai KTP)": "A" * 121})])

    assert errors_of(path) == [(2, "Nama", "Paling panjang 120 karakter, bukan 121")]


def test_rows_keep_their_spreadsheet_numbers_and_blank_rows_are_skipped(tmp_path: Path) -> None:
    """Errors name the row the user sees in Excel, past a title row and blank rows."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["DAFTAR TENAGA KERJA PT CONTOH"])
    sheet.append([])
    sheet.append(HEADERS)
    sheet.append(good_row())
    sheet.append([None] * len(HEADERS))
    sheet.append(["  ", "\u200b"])
    sheet.append(good_row(**{"Jenis kelamin (L/P)": "Q"}))
    path = tmp_path / "judul.xlsx"
    workbook.save(path)

    parsed = read_worker_list(path)

    assert [r.row for r in parsed.rows] == [4, 7]
    assert [(e.row, e.column) for e in parsed.errors] == [(7, "Jenis kelamin")]


def test_headers_match_without_case_spaces_or_hints_and_extra_columns_are_ignored(
    tmp_path: Path,
) -> None:
    """ "nik", "NAMA", "tanggal  lahir" are the template's columns; "Keterangan" is ignored."""
    headers = ["Keterangan", "nik", "NAMA", "tanggal  lahir", "Jenis Kelamin", "Tanggal Mulai",
               "upah sebulan"]  # fmt: skip
    path = xlsx(tmp_path, [["x", NIK, "Siti", "15/05/1990", "P", "02/01/2018", 4500000]], headers)

    parsed = read_worker_list(path)

    assert parsed.errors == ()
    assert (parsed.rows[0].nik, parsed.rows[0].name, parsed.rows[0].wage) == (
        NIK,
        "Siti",
        4_500_000,
    )


def test_missing_required_columns_are_named_in_one_error(tmp_path: Path) -> None:
    """Without "Tanggal lahir" and "Upah sebulan" the file is refused, both named at once."""
    headers = [h for h in HEADERS if not h.startswith(("Tanggal lahir", "Upah"))]
    path = xlsx(tmp_path, [], headers)

    with pytest.raises(WorkerListError) as raised:
        read_rows(path)

    message = raised.value.message
    assert "Kolom wajib tidak ditemukan" in message
    assert "Tanggal lahir (HH/BB/TTTT), Upah sebulan (Rp)" in message
    assert "NIK" not in message.split(":")[1]


def test_a_file_without_any_header_row_names_every_required_column(tmp_path: Path) -> None:
    """A sheet of data with no header row is refused naming every required column."""
    path = xlsx(tmp_path, [good_row()], headers=["a", "b"])

    with pytest.raises(WorkerListError) as raised:
        read_rows(path)

    assert all(header in raised.value.message for header in REQUIRED)


def test_the_same_column_twice_is_refused(tmp_path: Path) -> None:
    """Two NIK columns: which one is right? Refused rather than guessed."""
    path = xlsx(tmp_path, [], ["NIK", "nik", *HEADERS[1:]])

    with pytest.raises(WorkerListError, match="Kolom NIK muncul dua kali"):
        read_rows(path)


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [("lama.xls", b"\xd0\xcf\x11\xe0", ".xls"), ("rusak.xlsx", b"not a zip", "tidak dapat dibaca"),
     ("daftar.pdf", b"%PDF", "bukan .xlsx atau .csv")],
)  # fmt: skip
def test_files_that_are_not_worker_lists_are_refused(
    tmp_path: Path, name: str, content: bytes, reason: str
) -> None:
    """An old .xls, a broken .xlsx and a PDF each get a one-line reason."""
    path = tmp_path / name
    path.write_bytes(content)

    with pytest.raises(WorkerListError, match=reason):
        read_rows(path)


# --- CSV ---------------------------------------------------------------------------------------------


def csv_line(values: list[object], delimiter: str) -> str:
    cells = []
    for value in values:
        text = str(value)
        if delimiter in text or '"' in text:
            text = '"' + text.replace('"', '""') + '"'
        cells.append(text)
    return delimiter.join(cells)


def test_semicolon_csv_as_indonesian_excel_saves_it(tmp_path: Path) -> None:
    """Indonesian Excel saves CSV with ';' (the comma is the decimal mark): sniffed and read."""
    lines = [csv_line(HEADERS, ";"),
             csv_line(good_row(**{"Program (opsional, mis. JKK,JKM,JHT,JP)": "JKK,JKM,JHT"}), ";")]  # fmt: skip
    path = tmp_path / "daftar.csv"
    path.write_text("\r\n".join(lines) + "\r\n", encoding="utf-8")

    parsed = read_worker_list(path)

    assert parsed.errors == ()
    assert parsed.rows[0].nik == NIK
    assert parsed.rows[0].programmes == frozenset({Programme.JKK, Programme.JKM, Programme.JHT})


def test_comma_csv_with_quoted_header_and_tab_csv(tmp_path: Path) -> None:
    """A comma CSV (the Program header quoted because of its commas) and a tab CSV both read."""
    for delimiter in (",", "\t"):
        path = tmp_path / "daftar.csv"
        path.write_text(
            "\n".join([csv_line(HEADERS, delimiter), csv_line(good_row(), delimiter)]),
            encoding="utf-8",
        )
        parsed = read_worker_list(path)
        assert parsed.errors == (), delimiter
        assert parsed.rows[0].wage == 4_500_000, delimiter


def test_cp1252_csv_with_a_utf8_bom_less_accent(tmp_path: Path) -> None:
    """An old Excel saves CSV in Windows-1252: 'JOSÉ' is read as JOSÉ, not mojibake or a crash."""
    line = csv_line(good_row(**{"Nama (sesuai KTP)": "JOSÉ RIZAL"}), ";")
    path = tmp_path / "daftar.csv"
    path.write_bytes((csv_line(HEADERS, ";") + "\r\n" + line + "\r\n").encode("cp1252"))

    parsed = read_worker_list(path)

    assert parsed.errors == ()
    assert parsed.rows[0].name == "JOSÉ RIZAL"


def test_utf8_bom_and_excel_sep_line(tmp_path: Path) -> None:
    """A BOM and Excel's 'sep=;' first line are not part of the data; row numbers still match."""
    text = (
        "sep=;\r\n"
        + csv_line(HEADERS, ";")
        + "\r\n"
        + csv_line(good_row(NIK="35250155059000AB"), ";")
    )
    path = tmp_path / "daftar.csv"
    path.write_bytes(text.encode("utf-8-sig"))

    parsed = read_worker_list(path)

    assert [(r.row, r.nik) for r in parsed.rows] == [(2, "35250155059000AB")]


def test_scientific_notation_nik_in_a_csv_is_reported(tmp_path: Path) -> None:
    """A CSV saved after Excel showed the NIK as 3.5E+15 carries that text: reported."""
    path = tmp_path / "daftar.csv"
    path.write_text(csv_line(HEADERS, ";") + "\n" + csv_line(good_row(NIK="3.52502E+15"), ";"))

    [(row, column, message)] = errors_of(path)
    assert (row, column) == (2, "NIK")
    assert "notasi ilmiah" in message


def test_csv_in_an_unknown_encoding_is_refused(tmp_path: Path) -> None:
    """Bytes that are neither UTF-8 nor Windows-1252 are refused, not decoded into garbage."""
    path = tmp_path / "daftar.csv"
    path.write_bytes(csv_line(HEADERS, ";").encode() + b"\n\x81\x8d\x8f\x90")

    with pytest.raises(WorkerListError, match="UTF-8"):
        read_rows(path)


# --- the error report ------------------------------------------------------------------------------


def test_error_report_lists_every_error_as_text_and_is_written_atomically(tmp_path: Path) -> None:
    """Row, column, value and reason per error; a value like '=1+1' stays text; no temp file left."""
    errors = [
        RowError(3, "NIK", "3.57801E+15", "NIK tertulis dalam notasi ilmiah"),
        RowError(2, "Upah sebulan", "=1+1", "Rumus (formula) tidak diterima"),
    ]
    warnings = [RowError(4, "Upah sebulan", "1.000.000", "Upah di bawah UMK")]
    out = tmp_path / "kesalahan.xlsx"

    write_error_report(out, errors, warnings, full=True)

    workbook = openpyxl.load_workbook(out)
    assert workbook.sheetnames == ["Kesalahan", "Peringatan"]
    rows = list(workbook["Kesalahan"].iter_rows(values_only=True))
    assert rows == [
        ("Baris", "Kolom", "Nilai", "Alasan"),
        (2, "Upah sebulan", "=1+1", "Rumus (formula) tidak diterima"),
        (3, "NIK", "3.57801E+15", "NIK tertulis dalam notasi ilmiah"),
    ]
    assert workbook["Kesalahan"]["C2"].data_type == "s"  # text, not a formula
    assert list(tmp_path.iterdir()) == [out]


def test_error_report_masks_niks_and_wages_and_is_marked_confidential(tmp_path: Path) -> None:
    """Issue #11: the report is passed around to fix a file the user holds; the row and column
    say where, so a NIK shows its first and last four digits and a wage nothing."""
    errors = [
        RowError(3, "NIK", "3578014501900001", "NIK sudah terdaftar"),
        RowError(4, "Upah sebulan", "4.725.479", "Upah di bawah UMK"),
        RowError(5, "Nama", "SITI AMINAH", "Nama kosong"),
    ]
    out = write_error_report(tmp_path / "kesalahan.xlsx", errors)

    workbook = openpyxl.load_workbook(out)
    values = [r[2] for r in workbook["Kesalahan"].iter_rows(min_row=2, values_only=True)]
    assert values == ["3578••••••••0001", "Rp•••", "SITI AMINAH"]
    properties = workbook.properties
    assert (properties.category, properties.keywords) == ("Rahasia", "rahasia")
    assert properties.description == "RAHASIA — data pribadi (UU 27/2022)"
    assert b"Klasifikasi" in __import__("zipfile").ZipFile(out).read("docProps/custom.xml")


def test_error_report_to_a_missing_folder_fails_cleanly(tmp_path: Path) -> None:
    """A folder that does not exist is a known error naming it, and nothing is left behind."""
    from bpjs_desktop.errors import KnownError

    with pytest.raises(KnownError, match="tidak ada"):
        write_error_report(tmp_path / "nope" / "kesalahan.xlsx", [])


def test_parse_rows_on_raw_rows_without_optional_columns() -> None:
    """A sheet with only the required columns gives empty optional fields and default programmes."""
    from bpjs_desktop.exchange.worker_list import KEYS, RawRow, RawSheet

    values = dict.fromkeys(KEYS)
    values.update(nik=NIK, name="Siti", birth_date="15/05/1990", sex="p", start_date="02/01/2018",
                  wage="4500000")  # fmt: skip
    sheet = RawSheet("x", 1, ("nik", "name"), (RawRow(9, tuple(values[k] for k in KEYS)),))

    parsed = parse_rows(sheet)

    assert parsed.errors == ()
    row = parsed.rows[0]
    assert (row.row, row.sex, row.birth_place, row.programmes, row.phone) == (
        9,
        Sex.P,
        "",
        None,
        "",
    )
