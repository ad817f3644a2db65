"""The monthly summary workbook: its sheets, totals, safety against formulas, and atomic writing.

Workbooks are read back with openpyxl, the way a user's Excel would see them.
"""

from __future__ import annotations

import dataclasses
import zipfile
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import select

from bpjs_desktop.db.engine import Database
from bpjs_desktop.db.models import AuditEvent
from bpjs_desktop.domain.periods import Period
from bpjs_desktop.errors import KnownError
from bpjs_desktop.exchange.monthly_workbook import TotalsMismatchError, write_monthly_workbook
from bpjs_desktop.i18n import set_language
from bpjs_desktop.services import reports
from bpjs_desktop.services.reports import ClaimFigure, MonthlySummary, OfficeSummary, sum_rows
from tests.conftest import opened_copy

APRIL = Period(2018, 4)
SHEETS = ["Ringkasan", "Kepesertaan", "Klaim", "Klaim bulan ini", "Piutang", "Perisai", "Iuran"]
HEADER_ROW = 4  # 1-based row of the column headers on every section sheet
FIRST_DATA_ROW = HEADER_ROW + 1


def _section_table(ws) -> tuple[list[str], list[list[object]], list[object]]:
    """(headers, office rows, TOTAL row) of a section sheet."""
    headers = [c.value for c in ws[HEADER_ROW]]
    rows = []
    total = None
    for row in ws.iter_rows(min_row=FIRST_DATA_ROW, values_only=True):
        if row[0] == "TOTAL":
            total = list(row)
            break
        rows.append(list(row))
    assert total is not None, f"no TOTAL row on {ws.title}"
    return headers, rows, total


def _summary(rows: tuple[OfficeSummary, ...]) -> MonthlySummary:
    total = sum_rows(rows, "JTM", "Kantor Wilayah Jawa Timur", "KANWIL")
    return MonthlySummary(APRIL, "JTM", "Kantor Wilayah Jawa Timur", rows, total)


def _office(code: str, name: str, **values: object) -> OfficeSummary:
    return OfficeSummary(code, name, "KC", **values)  # type: ignore[arg-type]


@dataclasses.dataclass(frozen=True)
class Exported:
    out: Path
    summary: MonthlySummary
    progress: list[int]
    actions: list[str]


@pytest.fixture(scope="module")
def demo_workbook(tmp_path_factory: pytest.TempPathFactory, demo_file: Path):
    """The April 2018 workbook of the small demo, exported once through the service."""
    from bpjs_desktop.services.context import Actor

    folder = tmp_path_factory.mktemp("export")
    with opened_copy(demo_file, folder / "demo.sqlite") as db:
        out = folder / "ringkasan-2018-04.xlsx"
        progress: list[int] = []
        summary = reports.export_monthly(
            db, Actor.command_line(), APRIL, out, progress=lambda p, _m: progress.append(p)
        )
        with db.read() as session:
            actions = session.scalars(select(AuditEvent.action)).all()
    return Exported(out, summary, progress, list(actions))


# --- the workbook of a real database ----------------------------------------------------------


def test_export_writes_every_sheet_in_order(demo_workbook: Exported) -> None:
    """The workbook has the summary sheet, one sheet per section, and (the demo has targets for
    2018) the achievement of the targets, named in Indonesian."""
    workbook = openpyxl.load_workbook(demo_workbook.out)
    assert workbook.sheetnames == [*SHEETS, "Capaian target"]


def test_achievement_sheet_lists_each_kpi_per_office_and_for_the_scope(
    demo_workbook: Exported,
) -> None:
    """ "Capaian target" has a line per KPI and office, then the scope's TOTAL line of that KPI:
    its target is the sum of the offices' targets, its realisation the summary's, and its
    achievement the ratio of the two; the service level's realisation is a percentage."""
    sheet = openpyxl.load_workbook(demo_workbook.out)["Capaian target"]
    headers = [c.value for c in sheet[HEADER_ROW]]
    assert headers == [
        "Kode", "Kantor", "Indikator", "Satuan", "Target s.d. bulan ini",
        "Realisasi s.d. bulan ini", "Capaian", "Realisasi bulan ini", "Status",
    ]  # fmt: skip
    rows = list(sheet.iter_rows(min_row=FIRST_DATA_ROW, values_only=True))
    summary = demo_workbook.summary
    assert len(rows) == 11 * (len(summary.rows) + 1)
    pu = [r for r in rows if r[2] == "TK aktif PU"]
    total = pu[-1]
    assert total[1] == "TOTAL Kantor Wilayah Jawa Timur"
    assert total[4] == sum(r[4] for r in pu[:-1])
    assert total[5] == summary.total.workers_pu
    assert total[6] == pytest.approx(total[5] / total[4])
    sla = [r for r in rows if r[2] == "Klaim tepat waktu (SLA)"][-1]
    assert sla[3] == "%" and 0 < sla[5] <= 100
    assert sla[5] == pytest.approx(
        100 * summary.total.claims_sla_met_ytd / summary.total.claims_total().cases
    )


def test_export_reports_progress_and_is_audited(demo_workbook: Exported) -> None:
    """The export reports rising progress to 100 % and leaves a report.export audit event."""
    progress = demo_workbook.progress
    assert progress == sorted(progress) and progress[-1] == 100
    assert demo_workbook.actions[-1] == "report.export"


def test_section_headers_are_indonesian(demo_workbook: Exported) -> None:
    """Column headers name the office and each figure in Indonesian."""
    workbook = openpyxl.load_workbook(demo_workbook.out)
    headers = {name: _section_table(workbook[name])[0] for name in SHEETS[1:]}
    assert headers["Kepesertaan"][:6] == [
        "Kode",
        "Kantor",
        "Jenis",
        "BU aktif",
        "BU baru",
        "BU nonaktif",
    ]
    assert "TK aktif" in headers["Kepesertaan"]
    assert headers["Klaim"][3:5] == ["JHT kasus", "JHT (Rp)"]
    assert headers["Klaim"][-2:] == ["Total kasus", "Total (Rp)"]
    assert headers["Piutang"][3:] == [
        "Target BU menunggak",
        "BU tertagih",
        "Capaian",
        "Rp tertagih",
    ]
    assert headers["Iuran"][3:] == ["Iuran ditagih (Rp)", "Iuran diterima (Rp)"]
    summary_sheet = workbook["Ringkasan"]
    assert [c.value for c in summary_sheet[5]][:3] == ["Indikator", "Nilai", "Dibulatkan"]


def test_total_row_of_every_sheet_is_the_sum_of_the_office_rows(demo_workbook: Exported) -> None:
    """On every section sheet the TOTAL row equals the column sums of the office rows (the ratio
    column is recomputed from its totals), and matches the summary's own total."""
    summary = demo_workbook.summary
    workbook = openpyxl.load_workbook(demo_workbook.out)
    assert summary.total.employers_active > 0
    for name in SHEETS[1:]:
        headers, rows, total = _section_table(workbook[name])
        assert len(rows) == len(summary.rows) == 21, name
        assert [r[0] for r in rows] == [r.office_code for r in summary.rows]
        for col, header in enumerate(headers[3:], start=3):
            if header == "Capaian":
                target, collected = total[3], total[4]
                assert total[col] == pytest.approx(collected / target), name
                continue
            assert total[col] == sum(r[col] for r in rows), f"{name}: {header}"
    _headers, _rows, membership_total = _section_table(workbook["Kepesertaan"])
    assert membership_total[3] == summary.total.employers_active
    _headers, _rows, claims_total = _section_table(workbook["Klaim"])
    assert claims_total[-1] == summary.total.claims_total().amount


def test_summary_sheet_shows_the_total_figures(demo_workbook: Exported) -> None:
    """The summary sheet's values are the exact totals (and a rounded text beside them)."""
    sheet = openpyxl.load_workbook(demo_workbook.out)["Ringkasan"]
    values = {
        row[0]: row[1]
        for row in sheet.iter_rows(min_row=6, max_col=3, values_only=True)
        if row[0] is not None and row[1] is not None
    }
    total = demo_workbook.summary.total
    assert values["Badan usaha aktif"] == total.employers_active
    assert values["Tenaga kerja aktif"] == total.workers_total
    assert values["  Penerima upah (PU)"] == total.workers_pu
    assert values["Klaim dibayar, kasus"] == total.claims_total().cases
    assert values["Target BU menunggak iuran"] == total.arrears_target
    assert values["BU menunggak yang tertagih"] == total.arrears_collected


def test_header_rows_are_frozen(demo_workbook: Exported) -> None:
    """Scrolling keeps the headers (and the office columns of the sections) in view."""
    workbook = openpyxl.load_workbook(demo_workbook.out)
    assert workbook["Ringkasan"].freeze_panes == "A6"
    for name in SHEETS[1:]:
        assert workbook[name].freeze_panes == "D5", name


# --- safety -----------------------------------------------------------------------------------


def test_text_that_looks_like_a_formula_is_stored_as_text(tmp_path: Path) -> None:
    """Office and scope names starting with "=" (or "@", "+") are written as text, never as a
    formula that Excel would run."""
    hyperlink = '=HYPERLINK("http://contoh.invalid/x","klik")'
    rows = (
        _office("GRS", hyperlink, employers_active=3, workers_pu=10),
        _office("MJK", "@SUM(1+1)", employers_active=2, workers_pu=5),
        _office("SDA", "+62 31 123", employers_active=1),
    )
    summary = dataclasses.replace(_summary(rows), scope_name="=1+1")
    out = tmp_path / "ringkasan.xlsx"

    write_monthly_workbook(summary, out)

    sheet = openpyxl.load_workbook(out)["Kepesertaan"]
    _headers, data, _total = _section_table(sheet)
    assert [r[1] for r in data] == [hyperlink, "@SUM(1+1)", "+62 31 123"]
    for row in sheet.iter_rows(min_row=FIRST_DATA_ROW, max_row=FIRST_DATA_ROW + 2):
        assert row[1].data_type == "s"
    with zipfile.ZipFile(out) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/"):
                assert b"<f>" not in archive.read(name), name


def test_totals_mismatch_writes_no_file(tmp_path: Path) -> None:
    """A total that differs from the sum of its rows is a bug: it raises and nothing is written —
    no workbook, no temporary file, and an existing file of that name stays as it was."""
    rows = (_office("GRS", "KC Gresik", employers_active=3), _office("MJK", "KC Mojokerto"))
    good = _summary(rows)
    bad = dataclasses.replace(
        good,
        total=dataclasses.replace(good.total, employers_active=good.total.employers_active + 1),
    )
    with pytest.raises(TotalsMismatchError, match="BU aktif"):
        write_monthly_workbook(bad, tmp_path / "ringkasan.xlsx")
    assert list(tmp_path.iterdir()) == []

    existing = tmp_path / "kemarin.xlsx"
    existing.write_bytes(b"buku kerja kemarin")
    claims_off = dataclasses.replace(
        good,
        total=dataclasses.replace(
            good.total,
            claims_ytd=(ClaimFigure(1, 5),) + good.total.claims_ytd[1:],
        ),
    )
    with pytest.raises(TotalsMismatchError):
        write_monthly_workbook(claims_off, existing)
    assert existing.read_bytes() == b"buku kerja kemarin"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kemarin.xlsx"]


def test_target_in_a_missing_folder_is_refused(sqlite_db: Database, admin, tmp_path: Path) -> None:
    """Exporting into a folder that does not exist: KnownError naming it, nothing written, and no
    export is recorded in the audit trail."""
    folder = tmp_path / "keluaran"
    folder.mkdir()
    target = folder / "tidak-ada" / "ringkasan.xlsx"
    with pytest.raises(KnownError, match="tidak ada"):
        reports.export_monthly(sqlite_db, admin, APRIL, target)
    assert list(folder.iterdir()) == []
    with sqlite_db.read() as session:
        assert session.scalars(select(AuditEvent.action)).all() == []


@pytest.mark.parametrize("name", ["ringkasan.xls", "ringkasan.csv", "ringkasan"])
def test_target_without_xlsx_suffix_is_refused(
    sqlite_db: Database, admin, tmp_path: Path, name: str
) -> None:
    """Only .xlsx is written: another suffix is a KnownError, and the folder stays empty."""
    folder = tmp_path / "keluaran"
    folder.mkdir()
    with pytest.raises(KnownError, match=r"\.xlsx"):
        reports.export_monthly(sqlite_db, admin, APRIL, folder / name)
    assert list(folder.iterdir()) == []


def test_export_replaces_an_existing_workbook_whole(tmp_path: Path) -> None:
    """Writing over an existing workbook replaces it with the new one, leaving no temporary file."""
    out = tmp_path / "ringkasan.xlsx"
    out.write_bytes(b"versi lama")
    write_monthly_workbook(_summary((_office("GRS", "KC Gresik", employers_active=4),)), out)
    assert [p.name for p in tmp_path.iterdir()] == ["ringkasan.xlsx"]
    _headers, rows, total = _section_table(openpyxl.load_workbook(out)["Kepesertaan"])
    assert rows[0][3] == 4 and total[3] == 4


def test_english_interface_gives_english_sheets_and_headers(tmp_path: Path) -> None:
    """With the interface in English, sheet names, column headers and errors are English (Perisai
    is a programme's name and stays), and the totals still add up."""
    set_language("en")
    out = tmp_path / "summary.xlsx"
    rows = (
        _office("GRS", "KC Gresik", employers_active=4, workers_pu=9),
        _office("MJK", "KC Mojokerto", employers_active=1, workers_pu=2),
    )
    write_monthly_workbook(_summary(rows), out)
    workbook = openpyxl.load_workbook(out)
    assert workbook.sheetnames == [
        "Summary", "Membership", "Claims", "Claims this month", "Arrears", "Perisai", "Contributions",
    ]  # fmt: skip
    headers, data, total = _section_table(workbook["Membership"])
    assert headers[:5] == ["Code", "Office", "Type", "Active employers", "New employers"]
    assert "Kantor" not in headers and "BU aktif" not in headers
    assert total[3] == sum(r[3] for r in data) == 5
    assert [c.value for c in workbook["Summary"][5]][:3] == ["Indicator", "Value", "Rounded"]
    with pytest.raises(KnownError, match=r"must end in \.xlsx"):
        write_monthly_workbook(_summary(rows), tmp_path / "summary.xls")
