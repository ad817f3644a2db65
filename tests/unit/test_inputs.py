"""domain.inputs (the one validation layer), spreadsheet-safe export, and the worker list's limits
against hostile files (issue #12)."""

from __future__ import annotations

import csv
import time
import zipfile
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bpjs_desktop.domain import inputs
from bpjs_desktop.errors import ValidationError
from bpjs_desktop.exchange import worker_list
from bpjs_desktop.exchange.table_export import write_table
from bpjs_desktop.exchange.worker_list import COLUMNS, WorkerListError, read_rows, read_worker_list

HEADER = ";".join(c.header for c in COLUMNS)
GOOD = "3525015505900001;SITI AMINAH;GRESIK;15/05/1990;P;SUMIATI;02/01/2018;4.500.000;;;"


# --- the layer ------------------------------------------------------------------------------------


def test_clean_text_normalises_to_nfc_and_collapses_spaces() -> None:
    assert inputs.clean_text(" Jose\u0301\t  Aminah ", field="f", label="Nama", max_length=20) == (
        "Jos\u00e9 Aminah"
    )


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("a\x00b", "Nama berisi karakter NUL; ketik ulang isinya"),
        ("a\x07b", "Nama berisi karakter kendali (kode 7); ketik ulang isinya"),
        ("a\ud800b", "Nama berisi karakter Unicode yang rusak (surrogate)"),
        ("x" * 121, "Nama paling panjang 120 karakter, bukan 121"),
    ],
)
def test_clean_text_refuses_naming_the_field(value: str, message: str) -> None:
    with pytest.raises(ValidationError) as raised:
        inputs.clean_text(value, field="name", label="Nama", max_length=120)
    assert (raised.value.field, raised.value.message) == ("name", message)


def test_multiline_text_keeps_its_line_breaks() -> None:
    text = inputs.clean_text("Jl. Mawar 1\r\n  Gresik ", field="a", label="Alamat",
                             max_length=200, multiline=True)  # fmt: skip
    assert text == "Jl. Mawar 1\nGresik"


@pytest.mark.parametrize("value", ["\u00b2\u00b3\u2074", "\u2460\u2461", "12\u0663"])
def test_only_ascii_digits_are_digits(value: str) -> None:
    assert value.isdigit() or not value.isascii()
    assert not inputs.is_ascii_digits(value)
    with pytest.raises(ValidationError, match="hanya boleh berisi angka 0–9"):
        inputs.digits(value, field="nik", label="NIK")


def test_digits_accepts_separators_and_checks_length() -> None:
    assert inputs.digits("3525 0155-0590.0001", field="nik", label="NIK", lengths=(16,)) == (
        "3525015505900001"
    )
    with pytest.raises(ValidationError, match="NIK harus 16 digit, bukan 3"):
        inputs.digits("123", field="nik", label="NIK", lengths=(16,))


def test_money_bound_is_ten_miliar_a_month() -> None:
    assert inputs.money(10_000_000_000, field="wage", label="Upah") == 10_000_000_000
    with pytest.raises(ValidationError, match=r"Upah paling besar Rp10\.000\.000\.000 sebulan"):
        inputs.money(10_000_000_001, field="wage", label="Upah")
    with pytest.raises(ValidationError, match="tidak boleh kurang dari Rp0"):
        inputs.money(-1, field="wage", label="Upah")


def test_dates_within_the_programme_life() -> None:
    assert inputs.day(date(1977, 1, 1), field="d", label="Tanggal mulai") == date(1977, 1, 1)
    with pytest.raises(ValidationError, match="Tanggal mulai tidak boleh sebelum 01/01/1977"):
        inputs.day(date(1800, 1, 1), field="d", label="Tanggal mulai")
    with pytest.raises(ValidationError, match="tidak boleh sesudah 31/12/2100"):
        inputs.day(date(2206, 1, 1), field="d", label="Tanggal mulai")


@pytest.mark.parametrize(
    ("text", "message"),
    [("0", "Tahun harus antara 1977 dan 2100"), ("1" + "0" * 30, "Tahun harus antara"),
     ("10**30", "Tahun harus bilangan bulat, bukan '10**30'"), ("\u00b2\u00b3", "bilangan bulat"),
     ("9" * 5000, "Tahun harus antara")],
)  # fmt: skip
def test_whole_number_in_range(text: str, message: str) -> None:
    assert inputs.whole_number(" 2026 ", field="y", label="Tahun", minimum=1977, maximum=2100) == (
        2026
    )
    with pytest.raises(ValidationError, match=message.replace("*", r"\*")):
        inputs.whole_number(text, field="y", label="Tahun", minimum=1977, maximum=2100)


def test_search_text_keeps_the_first_words_and_says_so() -> None:
    text, cut = inputs.search_text("siti " * 1_000)
    assert (text, cut) == (" ".join(["siti"] * inputs.MAX_SEARCH_WORDS), True)
    assert inputs.search_text("siti\x00aminah\ud800") == ("siti aminah", False)
    assert "8 kata pertama" in inputs.search_cut_message()


def test_shorten_never_echoes_a_huge_value() -> None:
    shown = inputs.shorten("x" * 2**20)
    assert len(shown) == inputs.ECHO_LENGTH and shown.endswith("…")
    assert inputs.shorten("a\x00\ud800") == "a??"


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300))
def test_clean_text_on_any_text_cleans_or_refuses_with_a_message(value: str) -> None:
    refusal: ValidationError | None = None
    text = ""
    try:
        text = inputs.clean_text(value, field="name", label="Nama", max_length=120)
    except ValidationError as exc:
        refusal = exc
    if refusal is not None:
        assert refusal.field == "name" and refusal.message.startswith("Nama ")
        return
    assert len(text) <= 120 and "\x00" not in text
    text.encode("utf-8")  # storable: no lone surrogate


# --- spreadsheet-safe export ------------------------------------------------------------------


HOSTILE = ["=1+1", '+HYPERLINK("http://evil.example","klik")', "@SUM(A:A)",
           "-CMD|' /C CALC'!A0", "\tTAB", "\rCR", "SITI AMINAH"]  # fmt: skip


def test_csv_export_quotes_every_formula_like_text(tmp_path: Path) -> None:
    out = write_table(tmp_path / "daftar.csv", "Daftar", ["Nama", "Upah"],
                      [[name, -5] for name in HOSTILE])  # fmt: skip
    with out.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle, delimiter=";"))
    assert [r[0] for r in rows[1:]] == ["'" + n for n in HOSTILE[:-1]] + ["SITI AMINAH"]
    assert [r[1] for r in rows[1:]] == ["-5"] * len(HOSTILE)  # numbers stay numbers


def test_xlsx_export_writes_formula_like_text_as_strings(tmp_path: Path) -> None:
    out = write_table(tmp_path / "daftar.xlsx", "Daftar", ["Nama"], [[n] for n in HOSTILE])
    sheet = openpyxl.load_workbook(out).active
    cells = [sheet.cell(row=r, column=1) for r in range(2, len(HOSTILE) + 2)]
    assert [c.data_type for c in cells] == ["s"] * len(HOSTILE)  # never "f" (formula)
    assert [c.value for c in cells][:5] == HOSTILE[:5]  # openpyxl shows a CR as _x000D_


def test_the_error_report_writes_values_as_strings(tmp_path: Path) -> None:
    from bpjs_desktop.exchange.worker_list import RowError, write_error_report

    out = write_error_report(tmp_path / "e.xlsx", [RowError(2, "Nama", HOSTILE[1], "x")])
    cell = openpyxl.load_workbook(out).active.cell(row=2, column=3)
    assert (cell.data_type, cell.value) == ("s", HOSTILE[1])


# --- the worker list against hostile files ---------------------------------------------------


def test_a_csv_field_over_131072_characters_is_refused_with_a_message(tmp_path: Path) -> None:
    """csv's own limit made the delimiter sniffing crash."""
    path = tmp_path / "daftar.csv"
    path.write_text(HEADER + "\n" + GOOD.replace("GRESIK", "G" * 200_000) + "\n")
    with pytest.raises(WorkerListError) as raised:
        read_rows(path)
    assert "sel" in raised.value.message and "10.000" in raised.value.message
    assert len(raised.value.message) < 250


def test_a_long_cell_is_refused_and_never_echoed_whole(tmp_path: Path) -> None:
    path = tmp_path / "daftar.csv"
    path.write_text(HEADER + "\n" + GOOD.replace("GRESIK", "G" * 20_000) + "\n")
    with pytest.raises(WorkerListError) as raised:
        read_rows(path)
    assert raised.value.message.startswith("Baris 2 file daftar.csv berisi sel sepanjang 20.000")
    assert len(raised.value.message) < 250


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_a_utf16_csv_is_read_or_refused_clearly(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "daftar.csv"
    text = HEADER + "\n" + GOOD + "\n"
    path.write_bytes(text.encode(encoding))
    if encoding == "utf-16":  # with its byte-order mark, as Excel's "Unicode text" writes it
        parsed = read_worker_list(path)
        assert [r.name for r in parsed.rows] == ["SITI AMINAH"] and parsed.errors == ()
    else:
        with pytest.raises(WorkerListError, match="file CSV harus UTF-8"):
            read_rows(path)


def test_too_many_rows_and_cells_are_refused(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(worker_list, "MAX_ROWS", 3)
    path = tmp_path / "daftar.csv"
    path.write_text(HEADER + "\n" + (GOOD + "\n") * 4)
    with pytest.raises(WorkerListError, match="lebih dari 3 baris"):
        read_rows(path)
    path.write_text(HEADER + "\n" + GOOD + ";x" * 300 + "\n")
    with pytest.raises(WorkerListError, match="lebih dari 200 sel terisi"):
        read_rows(path)


def test_reading_stops_at_its_time_limit(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(worker_list, "MAX_SECONDS", -1.0)
    path = tmp_path / "daftar.csv"
    path.write_text(HEADER + "\n" + (GOOD + "\n") * 1_000)
    with pytest.raises(WorkerListError, match="melebihi -1 detik"):
        read_rows(path)


def _zip_bomb(path: Path, megabytes: int) -> None:
    """A worker list whose sheet unpacks to *megabytes* MiB of one repeated cell (a few MiB
    packed): built here, never committed."""
    workbook = openpyxl.Workbook()
    workbook.active.append([c.header for c in COLUMNS])
    workbook.save(path)
    with zipfile.ZipFile(path) as source:
        members = {name: source.read(name) for name in source.namelist()}
    sheet = "xl/worksheets/sheet1.xml"
    head, tail = members[sheet].split(b"</sheetData>")
    chunk = b"A" * 2**20
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as target:
        for name, data in members.items():
            if name != sheet:
                target.writestr(name, data)
                continue
            with target.open(name, "w", force_zip64=True) as member:  # streamed: little memory
                member.write(head + b'<row r="2"><c r="B2" t="inlineStr"><is><t>')
                for _ in range(megabytes):
                    member.write(chunk)
                member.write(b"</t></is></c></row></sheetData>" + tail)


def test_a_zip_bomb_is_refused_before_it_is_opened(tmp_path: Path) -> None:
    """Today a 3 MB bomb takes 18 minutes and 2.2 GB: refused from the zip directory at once."""
    path = tmp_path / "bom.xlsx"
    _zip_bomb(path, 600)
    assert path.stat().st_size < 3 * 2**20
    started = time.monotonic()
    with pytest.raises(WorkerListError) as raised:
        read_rows(path)
    assert time.monotonic() - started < 5
    assert "membengkak menjadi 600 MiB" in raised.value.message
    assert len(raised.value.message) < 250


def test_a_highly_repetitive_small_xlsx_is_refused_by_ratio(tmp_path: Path) -> None:
    path = tmp_path / "bom.xlsx"
    _zip_bomb(path, 40)  # 40 MiB at a ratio of about 1000
    with pytest.raises(WorkerListError, match="rasio paling besar 200"):
        read_rows(path)


def test_a_table_of_personal_data_is_marked_confidential(tmp_path: Path) -> None:
    """write_table(confidential=True): the workbook's properties say RAHASIA (issue #11)."""
    out = write_table(tmp_path / "d.xlsx", "Daftar", ["Nama"], [["SITI"]], confidential=True)
    properties = openpyxl.load_workbook(out).properties
    assert (properties.title, properties.category) == ("Daftar", "Rahasia")
    assert "UU 27/2022" in (properties.description or "")
    plain = write_table(tmp_path / "p.xlsx", "Daftar", ["Nama"], [["SITI"]])
    assert openpyxl.load_workbook(plain).properties.category is None
