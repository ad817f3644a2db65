"""The monthly workbook prints: each sheet one A4 page wide, nothing cut at the edge (issue #13).

Before the page setup, LibreOffice printed the demo's eight sheets as 38 portrait pages, the
title and the summary paragraph cut at the right edge and the claims table spread over four
pages. The first tests read the page setup back with openpyxl; the last ones print the workbook
to PDF with LibreOffice (``soffice --headless --convert-to pdf``, what a user's "Export as PDF"
does) and read the pages with pypdf. They are skipped where LibreOffice is not installed
(``tools/system-deps.sh`` installs it, with Carlito, the font metrically equal to Excel's Calibri).
"""

from __future__ import annotations

import dataclasses
import os
import re
import shutil
import subprocess
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import openpyxl
import pytest
from pypdf import PdfReader

from bpjs_desktop.domain.periods import Period
from bpjs_desktop.exchange.monthly_workbook import narrative, text_lines, write_monthly_workbook
from bpjs_desktop.services import reports
from bpjs_desktop.services.reports import AdjustmentRow, ClosedInfo, MonthlySummary
from tests.conftest import opened_copy

APRIL = Period(2018, 4)
SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
needs_libreoffice = pytest.mark.skipif(SOFFICE is None, reason="LibreOffice is not installed")

# Each sheet: the heading its page header carries, its title (the top line of its first page),
# its rightmost column header (repeated on every page), and the pages it takes for the demo's
# 21 offices. Every sheet but one is a single page: a section is 21 office rows and a TOTAL,
# one page wide by fit_to_pages(1, 0). "Capaian target" lists 11 KPIs x (21 offices + the
# scope's TOTAL) = 242 rows; landscape A4 at the scale that fits its nine columns holds about
# 31 of them under the repeated header row: 8 pages, then a page of charts.
KANWIL = "Kantor Wilayah Jawa Timur"
LEFTMOST = {"Ringkasan Bulanan": "Indikator"}  # every other sheet starts with "Kode"
SHEETS: list[tuple[str, str, str, int]] = [
    ("Ringkasan Bulanan", f"Ringkasan Bulanan BPJS Ketenagakerjaan — {KANWIL}", "Dibulatkan", 1),
    (
        "Kepesertaan per kantor, akhir bulan",
        f"Kepesertaan per kantor, akhir bulan — {KANWIL}",
        "TK keluar",
        1,
    ),
    (
        "Klaim dibayar Januari s.d. akhir bulan, per program",
        f"Klaim dibayar Januari s.d. akhir bulan, per program — {KANWIL}",
        "Total (Rp)",
        1,
    ),
    (
        "Klaim dibayar dalam bulan ini saja, per program",
        f"Klaim dibayar dalam bulan ini saja, per program — {KANWIL}",
        "Total (Rp)",
        1,
    ),
    (
        "Piutang iuran: target badan usaha menunggak dan yang tertagih",
        f"Piutang iuran: target badan usaha menunggak dan yang tertagih — {KANWIL}",
        "Rp tertagih",
        1,
    ),
    (
        "Agen Perisai dan akuisisi tenaga kerja",
        f"Agen Perisai dan akuisisi tenaga kerja — {KANWIL}",
        "TK akuisisi Perisai (Jan s.d. bulan ini)",
        1,
    ),
    (
        "Iuran ditagih dan diterima dalam bulan ini",
        f"Iuran ditagih dan diterima dalam bulan ini — {KANWIL}",
        "Iuran diterima (Rp)",
        1,
    ),
    ("Capaian target", f"Capaian target — {KANWIL}", "Status", 9),
]
# Measured on the workbook without page setup, LibreOffice 7.4: 38 pages with only DejaVu fonts,
# 26 with Carlito; either way the sheets were split across pages in width.
PAGES_BEFORE = 26
WIDE = {"Kepesertaan", "Klaim", "Klaim bulan ini", "Capaian target", "Koreksi bulan lalu"}


@dataclasses.dataclass(frozen=True)
class Printed:
    xlsx: Path
    summary: MonthlySummary
    pages: list[str]  # the text of each page, whitespace collapsed to single spaces
    landscape: list[bool]


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def print_to_pdf(xlsx: Path, folder: Path) -> Path:
    """``soffice --headless --convert-to pdf``, with a private profile (HOME) and a timeout."""
    assert SOFFICE is not None
    home = folder / "home"
    home.mkdir(exist_ok=True)
    env = {**os.environ, "HOME": str(home)}
    subprocess.run(
        [SOFFICE, "--headless", "--convert-to", "pdf", "--outdir", str(folder), str(xlsx)],
        env=env,
        capture_output=True,
        timeout=120,
        check=True,
    )
    pdf = folder / f"{xlsx.stem}.pdf"
    assert pdf.exists(), f"LibreOffice wrote no PDF for {xlsx.name}"
    return pdf


def read_pdf(pdf: Path) -> tuple[list[str], list[bool]]:
    reader = PdfReader(pdf)
    pages = [_flat(page.extract_text()) for page in reader.pages]
    landscape = [page.mediabox.width > page.mediabox.height for page in reader.pages]
    return pages, landscape


@pytest.fixture(scope="module")
def demo_export(tmp_path_factory: pytest.TempPathFactory, demo_file: Path):
    """The April 2018 workbook of the small demo, exported through the service."""
    from bpjs_desktop.services.context import Actor

    folder = tmp_path_factory.mktemp("print")
    with opened_copy(demo_file, folder / "demo.sqlite") as db:
        out = folder / "ringkasan-2018-04.xlsx"
        summary = reports.export_monthly(db, Actor.command_line(), APRIL, out)
    return out, summary


@pytest.fixture(scope="module")
def printed(demo_export, tmp_path_factory: pytest.TempPathFactory) -> Printed:
    if SOFFICE is None:
        pytest.skip("LibreOffice is not installed")
    out, summary = demo_export
    pages, landscape = read_pdf(print_to_pdf(out, tmp_path_factory.mktemp("pdf")))
    return Printed(out, summary, pages, landscape)


def _sheet_pages(printed: Printed, heading: str) -> list[int]:
    """The pages whose header names *heading* (the header line: office, heading, period)."""
    header = f"{KANWIL} {heading} April 2018"
    return [i for i, text in enumerate(printed.pages) if text.startswith(header)]


# --- the page setup, as Excel reads it (no LibreOffice needed) ---------------------------------


def test_every_sheet_prints_on_a4_one_page_wide_with_its_headers_repeated(demo_export) -> None:
    out, _summary = demo_export
    workbook = openpyxl.load_workbook(out)
    assert len(workbook.sheetnames) == 8
    for sheet in workbook.worksheets:
        name = sheet.title
        assert sheet.page_setup.paperSize == 9, name  # A4
        # fitToWidth is left out when 1 (the default in the file format)
        assert sheet.page_setup.fitToWidth in (None, 1), name
        assert sheet.page_setup.fitToHeight == 0, name
        assert sheet.sheet_properties.pageSetUpPr.fitToPage, name
        expected = "landscape" if name in WIDE else "portrait"
        assert sheet.page_setup.orientation == expected, name
        header_row = "5" if name == "Ringkasan" else "4"
        assert sheet.print_title_rows == f"${header_row}:${header_row}", name
        assert sheet.oddHeader.left.text == KANWIL, name
        assert sheet.oddHeader.right.text == "April 2018", name
        assert sheet.oddFooter.left.text == "Dicetak &D", name
        assert sheet.oddFooter.right.text == "Halaman &P/&N", name


def test_the_targets_sheet_has_charts_of_target_against_realisation(demo_export) -> None:
    """Native Excel bar charts, one per unit with targets, reading the table's TOTAL lines."""
    out, _summary = demo_export
    with zipfile.ZipFile(out) as archive:
        charts = sorted(
            n for n in archive.namelist() if re.fullmatch(r"xl/charts/chart\d+\.xml", n)
        )
        xml = [archive.read(n).decode() for n in charts]
    assert len(charts) == 3  # BU, TK and % (the demo sets no rupiah target at the regional total)
    for chart in xml:
        assert "<c:barChart>" in chart
        assert "Target s.d. bulan ini" in chart and "Realisasi s.d. bulan ini" in chart
        assert "'Capaian target'!$E$" in chart and "'Capaian target'!$F$" in chart


def test_a_long_paragraph_gets_a_row_tall_enough_for_its_lines(demo_export) -> None:
    """The summary paragraph is merged across the three columns, and its row is as tall as
    its wrapped lines: a merged cell never grows by itself."""
    out, summary = demo_export
    sheet = openpyxl.load_workbook(out)["Ringkasan"]
    text = narrative(summary)
    row = next(r for r in sheet.iter_rows() if r[0].value == text)[0].row
    assert any(str(m) == f"A{row}:C{row}" for m in sheet.merged_cells.ranges)
    lines = text_lines(text, 42 + 22 + 22)
    assert lines >= 3
    assert sheet.row_dimensions[row].height >= lines * 15


# --- printed by LibreOffice ---------------------------------------------------------------------


@needs_libreoffice
def test_the_workbook_prints_on_few_pages(printed: Printed) -> None:
    expected = sum(pages for *_texts, pages in SHEETS)
    assert expected == 16 < PAGES_BEFORE
    assert len(printed.pages) == expected
    for heading, _title, _rightmost, pages in SHEETS:
        assert len(_sheet_pages(printed, heading)) == pages, heading


@needs_libreoffice
def test_no_title_or_column_is_cut_at_the_edge(printed: Printed) -> None:
    """Each sheet's title is whole on its first page, and its leftmost and rightmost column
    headers on every page (repeated): no page holds only part of the width, which is how the
    sheets were cut before. (A PDF's text keeps the letters a page clips, so the test looks for
    the sheet's edges on each page rather than for clipped words.)"""
    for heading, title, rightmost, _pages in SHEETS:
        pages = _sheet_pages(printed, heading)
        assert title in printed.pages[pages[0]], heading
        for page in pages:
            text = printed.pages[page]
            assert LEFTMOST.get(heading, "Kode") in text, f"{heading}, page {page + 1}"
            assert rightmost in text, f"{heading}, page {page + 1}"


@needs_libreoffice
def test_the_summary_paragraph_prints_whole(printed: Printed) -> None:
    first = printed.pages[_sheet_pages(printed, "Ringkasan Bulanan")[0]]
    assert _flat(narrative(printed.summary)) in first


@needs_libreoffice
def test_wide_sheets_print_across_and_each_page_says_where_it_is(printed: Printed) -> None:
    total = len(printed.pages)
    for index, text in enumerate(printed.pages):
        assert f"Halaman {index + 1}/{total}" in text
        assert "Dicetak" in text
    claims = _sheet_pages(printed, "Klaim dibayar Januari s.d. akhir bulan, per program")
    assert printed.landscape[claims[0]]
    summary = _sheet_pages(printed, "Ringkasan Bulanan")
    assert not printed.landscape[summary[0]]


@needs_libreoffice
def test_the_charts_print_on_the_last_page_of_the_targets(printed: Printed) -> None:
    last = printed.pages[_sheet_pages(printed, "Capaian target")[-1]]
    for unit in ("BU", "TK", "%"):
        assert f"Target dan realisasi {unit} s.d. April 2018" in last


@needs_libreoffice
def test_corrections_with_a_long_reason_print_whole(demo_export, tmp_path: Path) -> None:
    """A closed month's note and a correction whose reason runs over several lines: the reason
    wraps inside its column, its row grows, and the sheet stays one page wide."""
    _out, summary = demo_export
    reason = (
        "Pendaftaran tenaga kerja PT Sumber Rejeki dengan tanggal mulai 10 Maret 2018 baru "
        "dicatat pada 5 April 2018 setelah berkas dari HRD diterima lengkap oleh petugas "
        "kepesertaan KC Gresik."
    )
    corrected = dataclasses.replace(
        summary,
        adjustments=(
            AdjustmentRow(
                "2018-03", "2018-04", "GRS", "workers_pu", 1, reason, "2018-04-05T03:00:00"
            ),
        ),
        closed=ClosedInfo(datetime(2018, 5, 2, 1, 0, tzinfo=UTC), "admin", "ab" * 32),
    )
    out = tmp_path / "koreksi.xlsx"
    write_monthly_workbook(corrected, out)
    pages, landscape = read_pdf(print_to_pdf(out, tmp_path))
    header = f"{KANWIL} Koreksi bulan lalu April 2018"
    mine = [i for i, text in enumerate(pages) if text.startswith(header)]
    assert len(mine) == 1 and landscape[mine[0]]
    assert _flat(reason) in pages[mine[0]]
    assert "Dicatat" in pages[mine[0]]  # the rightmost header
    assert "Bulan ditutup" in pages[0] and "SHA-256 abababababababab" in pages[0]
