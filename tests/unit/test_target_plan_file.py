"""The plan-of-targets workbook (exchange/target_plan): the template as the office fills it, and
every wrong cell refused by its row, its column letter and a reason in Indonesian."""

from __future__ import annotations

from contextlib import closing
from pathlib import Path

import openpyxl
import pytest

from bpjs_desktop.errors import KnownError
from bpjs_desktop.exchange.target_plan import (
    PlanCell,
    PlanKpi,
    column_letter,
    read_plan,
    write_plan_template,
)

KPIS = (
    PlanKpi("TK_AKTIF_PU", "TK aktif penerima upah", "orang", "STOCK"),
    PlanKpi("IURAN", "Iuran diterima", "Rp", "CUMULATIVE"),
    PlanKpi("KLAIM_SLA", "Klaim tepat waktu", "%", "PERCENT"),
)
KINDS = {k.code: k.kind for k in KPIS}


@pytest.fixture
def template(tmp_path: Path) -> Path:
    out = tmp_path / "rencana.xlsx"
    write_plan_template(
        out,
        "GRS",
        "Kantor Cabang Gresik",
        2025,
        KPIS,
        {("IURAN", 1): 1_000_000, ("IURAN", 2): 2_500_000},
    )
    return out


def fill(path: Path, cells: dict[str, object]) -> None:
    """Type values into the workbook as the office would, then save it."""
    workbook = openpyxl.load_workbook(path)
    try:
        sheet = workbook["Rencana target"]
        for ref, value in cells.items():
            sheet[ref] = value
        workbook.save(path)
    finally:
        workbook.close()


@pytest.mark.parametrize(("col", "letter"), [(1, "A"), (5, "E"), (16, "P"), (26, "Z"), (27, "AA")])
def test_column_letters_are_those_excel_shows(col, letter):
    assert column_letter(col) == letter


def test_template_lays_out_office_year_kpis_and_the_targets_already_set(template: Path):
    with closing(openpyxl.load_workbook(template, read_only=True)) as workbook:
        assert workbook.sheetnames == ["Rencana target", "Petunjuk"]
        rows = list(workbook["Rencana target"].iter_rows(values_only=True))
    assert rows[0][0] == "Rencana target Kantor Cabang Gresik tahun 2025"
    assert rows[3][:3] == ("Kode kantor", "GRS", "Kantor Cabang Gresik")
    assert rows[4][:2] == ("Tahun", 2025)
    assert rows[6][:6] == ("Kode KPI", "Indikator", "Satuan", "Cara hitung", "Januari", "Februari")
    assert rows[6][15] == "Desember"  # column P
    assert [r[0] for r in rows[7:10]] == ["TK_AKTIF_PU", "IURAN", "KLAIM_SLA"]
    assert rows[8][3] == "Kumulatif Januari s.d. bulan itu"
    assert rows[8][4:7] == (1_000_000, 2_500_000, None)


def test_the_untouched_template_reads_back_as_the_plan_it_was_written_from(template: Path):
    plan = read_plan(template, KINDS)
    assert plan.errors == []
    assert (plan.office_code, plan.year) == ("GRS", 2025)
    assert plan.cells == [
        PlanCell(9, "E (Januari)", "IURAN", 1, 1_000_000),
        PlanCell(9, "F (Februari)", "IURAN", 2, 2_500_000),
    ]


def test_filled_targets_are_read_with_thousands_dots_and_rupiah(template: Path):
    fill(template, {"E8": 1200, "F8": "1.250", "G9": "Rp 3.000.000", "P10": "95%"})
    plan = read_plan(template, KINDS)
    assert plan.errors == []
    read = {(c.kpi, c.month): c.value for c in plan.cells}
    assert read[("TK_AKTIF_PU", 1)] == 1200
    assert read[("TK_AKTIF_PU", 2)] == 1250  # "1.250" is one thousand two hundred and fifty
    assert read[("IURAN", 3)] == 3_000_000
    assert read[("KLAIM_SLA", 12)] == 95


@pytest.mark.parametrize(
    ("cells", "error"),
    [
        ({"G8": "banyak"}, (8, "G (Maret)", "'banyak' bukan bilangan bulat")),
        ({"G8": 12.5}, (8, "G (Maret)", "'12.5' bukan bilangan bulat")),
        ({"G8": "1.25"}, (8, "G (Maret)", "'1.25' bukan bilangan bulat")),  # not a thousands group
        ({"H8": -3}, (8, "H (April)", "Target tidak boleh negatif")),
        ({"E10": 101}, (10, "E (Januari)", "Target persen paling besar 100, bukan 101")),
        # February 2.500.000 then March 2.000.000: a cumulative target cannot fall
        (
            {"G9": 2_000_000},
            (
                9,
                "G (Maret)",
                "Target kumulatif tidak boleh turun: 2.000.000 lebih kecil dari 2.500.000 "
                "pada bulan Februari",
            ),
        ),
        ({"A11": "TK_BARU", "E11": 5}, (11, "A", "Kode KPI 'TK_BARU' tidak dikenal")),
        ({"A11": "IURAN", "E11": 5}, (11, "A", "KPI IURAN sudah ada di baris 9")),
        ({"B5": 1999}, (5, "B", "Tahun harus berupa angka 2000–2100, bukan '1999'")),
        ({"B4": None}, (4, "B", "Kode kantor kosong")),
    ],
)
def test_a_bad_cell_is_refused_naming_its_row_and_column(template: Path, cells, error):
    fill(template, cells)
    plan = read_plan(template, KINDS)
    assert plan.errors == [error]


def test_a_refused_cell_is_left_out_and_the_good_ones_kept(template: Path):
    fill(template, {"E8": 100, "F8": "seratus", "G8": 120})
    plan = read_plan(template, KINDS)
    assert plan.errors == [(8, "F (Februari)", "'seratus' bukan bilangan bulat")]
    assert [(c.column, c.value) for c in plan.cells if c.kpi == "TK_AKTIF_PU"] == [
        ("E (Januari)", 100),
        ("G (Maret)", 120),
    ]


def test_a_sheet_without_the_layout_says_which_rows_are_missing(tmp_path: Path):
    out = tmp_path / "lain.xlsx"
    workbook = openpyxl.Workbook()
    workbook.active["A1"] = "Daftar belanja"
    workbook.save(out)
    workbook.close()
    plan = read_plan(out, KINDS)
    assert plan.errors == [
        (4, "A", 'Baris "Kode kantor" tidak ditemukan'),
        (5, "A", 'Baris "Tahun" tidak ditemukan'),
        (7, "A", 'Baris judul kolom ("Kode KPI") tidak ditemukan'),
    ]
    assert plan.cells == []


def test_a_file_that_is_not_a_workbook_is_refused_by_name(tmp_path: Path):
    fake = tmp_path / "rencana.xlsx"
    fake.write_text("bukan excel", encoding="utf-8")
    with pytest.raises(KnownError, match=r"rencana\.xlsx bukan buku kerja Excel"):
        read_plan(fake, KINDS)
    with pytest.raises(KnownError, match="tidak ada"):
        read_plan(tmp_path / "hilang.xlsx", KINDS)


def test_the_template_is_written_whole_or_not_at_all(tmp_path: Path):
    """A template over an existing file replaces it only when complete: no partial file left."""
    out = tmp_path / "rencana.xlsx"
    out.write_bytes(b"old")
    with pytest.raises(KeyError):
        write_plan_template(out, "GRS", "Gresik", 2025, [PlanKpi("X", "X", "", "WRONG")], {})
    assert out.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["rencana.xlsx"]
