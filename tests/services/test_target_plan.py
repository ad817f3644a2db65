"""Targets beyond single rows: the whole-plan checks, the grid, copying a year forward and the
office's Excel plan (template written, filled, checked in a dry run, imported)."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from bpjs_desktop.db.engine import Database
from bpjs_desktop.db.models import AuditEvent, Kpi, Target
from bpjs_desktop.errors import ConflictError, KnownError, ValidationError
from bpjs_desktop.services import targets
from bpjs_desktop.services.targets import TargetRow
from tests.helpers import count

# --- whole-plan checks --------------------------------------------------------------------------


def test_cumulative_plan_may_not_fall_from_one_month_to_the_next(db: Database, admin) -> None:
    """New employers are planned from January: 30 by March after 40 by February is refused,
    naming the office, KPI and month; nothing is written. A stock (active workers) may fall."""
    with pytest.raises(ValidationError, match="Maret 2018") as exc:
        targets.set_targets(
            db, admin,
            [TargetRow("GRS", Kpi.BU_BARU, "2018-02", 40), TargetRow("GRS", Kpi.BU_BARU, "2018-03", 30)],
        )  # fmt: skip
    assert "KC Gresik" in exc.value.message and "BU baru" in exc.value.message
    assert count(db, Target) == 0
    targets.set_targets(
        db, admin,
        [TargetRow("GRS", Kpi.TK_PU, "2018-02", 40), TargetRow("GRS", Kpi.TK_PU, "2018-03", 30)],
    )  # fmt: skip
    assert count(db, Target) == 2


def test_a_later_change_is_checked_against_the_stored_plan(db: Database, admin) -> None:
    """Lowering February below the stored March breaks the stored plan: refused."""
    targets.set_targets(
        db, admin,
        [TargetRow("GRS", Kpi.PERISAI_AKUISISI, "2018-02", 10), TargetRow("GRS", Kpi.PERISAI_AKUISISI, "2018-03", 20)],
    )  # fmt: skip
    with pytest.raises(ValidationError, match="tidak boleh turun"):
        targets.set_targets(db, admin, [TargetRow("GRS", Kpi.PERISAI_AKUISISI, "2018-03", 5)])


def test_percent_target_is_at_most_100(db: Database, admin) -> None:
    """The service-level target is a share: 101 is refused, 100 accepted."""
    with pytest.raises(ValidationError, match="100"):
        targets.set_targets(db, admin, [TargetRow("GRS", Kpi.KLAIM_SLA, "2018-01", 101)])
    assert targets.set_targets(db, admin, [TargetRow("GRS", Kpi.KLAIM_SLA, "2018-01", 100)]) == 1


def test_grid_save_writes_changed_cells_in_one_audited_transaction(db: Database, admin) -> None:
    """The grid's changes (office, month) → value are written together, with one audit event,
    and read back in the grid; its rows are the KC and KCP, each KC followed by its KCPs."""
    before = count(db, AuditEvent)
    written = targets.save_grid(
        db, admin, 2018, Kpi.TK_BPU, {("GRS", 1): 10, ("MJK", 2): 20, ("JBG", 3): 5}
    )
    assert written == 3
    assert count(db, AuditEvent) == before + 1
    grid = targets.target_grid(db, 2018, Kpi.TK_BPU)
    assert (
        grid.value("GRS", 1),
        grid.value("MJK", 2),
        grid.value("JBG", 3),
        grid.value("GRS", 2),
    ) == (10, 20, 5, None)
    codes = [o.code for o in grid.offices]
    assert "JTM" not in codes and len(codes) == 21
    assert codes.index("JBG") == codes.index("MJK") + 1


# --- copy forward ----------------------------------------------------------------------------------


def test_copy_forward_multiplies_and_rounds_half_up(db: Database, admin) -> None:
    """2018's targets × 1,1 become 2019's, rounded half up (15 → 17, 25 → 28); a percent target is
    copied as it is; a second copy is refused unless told to overwrite."""
    targets.set_targets(
        db, admin,
        [TargetRow("GRS", Kpi.TK_PU, "2018-01", 15), TargetRow("GRS", Kpi.TK_PU, "2018-02", 25),
         TargetRow("GRS", Kpi.KLAIM_SLA, "2018-01", 95)],
    )  # fmt: skip
    assert targets.copy_targets(db, admin, 2018, 2019, "1,1") == 3
    assert targets.targets_for(db, 2019) == [
        TargetRow("GRS", Kpi.KLAIM_SLA, "2019-01", 95),
        TargetRow("GRS", Kpi.TK_PU, "2019-01", 17),
        TargetRow("GRS", Kpi.TK_PU, "2019-02", 28),
    ]
    with pytest.raises(ConflictError, match="timpa"):
        targets.copy_targets(db, admin, 2018, 2019, "1,2")
    assert targets.copy_targets(db, admin, 2018, 2019, "2", overwrite=True, kpis=[Kpi.TK_PU]) == 2
    assert targets.targets_for(db, 2019, Kpi.TK_PU)[0].value == 30


@pytest.mark.parametrize("factor", ["0", "-1", "abc", "11"])
def test_copy_forward_refuses_a_bad_factor(db: Database, admin, factor: str) -> None:
    """A factor that is not a positive number up to 10 is a field error on "factor"."""
    targets.set_targets(db, admin, [TargetRow("GRS", Kpi.TK_PU, "2018-01", 15)])
    with pytest.raises(ValidationError) as exc:
        targets.copy_targets(db, admin, 2018, 2019, factor)
    assert exc.value.field == "factor"


# --- the Excel plan --------------------------------------------------------------------------------


def _fill(path: Path, cells: dict[str, object]) -> None:
    workbook = openpyxl.load_workbook(path)
    sheet = workbook["Rencana target"]
    for ref, value in cells.items():
        sheet[ref] = value
    workbook.save(path)


def test_template_round_trip_imports_the_plan(db: Database, admin, tmp_path: Path) -> None:
    """The template carries the office's existing targets; filled in Excel and imported, its
    numbers (also typed as text with dots) become the targets, in one audited transaction."""
    targets.set_targets(db, admin, [TargetRow("GRS", Kpi.TK_PU, "2018-01", 1_000)])
    path = targets.write_template(db, tmp_path / "rencana.xlsx", 2018, "GRS")
    sheet = openpyxl.load_workbook(path)["Rencana target"]
    assert (sheet["B4"].value, sheet["B5"].value) == ("GRS", 2018)
    assert [c.value for c in sheet[7]][:5] == [
        "Kode KPI",
        "Indikator",
        "Satuan",
        "Cara hitung",
        "Januari",
    ]
    row_of = {sheet.cell(r, 1).value: r for r in range(8, 19)}
    assert sheet.cell(row_of["TK_PU"], 5).value == 1_000
    _fill(path, {f"F{row_of['TK_PU']}": 1_100, f"E{row_of['IURAN_DITERIMA']}": "1.250.000",
                 f"F{row_of['IURAN_DITERIMA']}": 2_600_000, f"P{row_of['KLAIM_SLA']}": 95})  # fmt: skip

    report = targets.import_plan(db, admin, path, dry_run=True)
    assert report.ok and (report.office_code, report.year) == ("GRS", 2018)
    assert count(db, Target) == 1  # a dry run writes nothing
    before = count(db, AuditEvent)
    done = targets.import_plan(db, admin, path, dry_run=False)
    assert done.written == 4  # January's PU target is unchanged
    assert count(db, AuditEvent) == before + 1
    assert {(t.kpi, t.period, t.value) for t in targets.targets_for(db, 2018)} == {
        (Kpi.TK_PU, "2018-01", 1_000), (Kpi.TK_PU, "2018-02", 1_100),
        (Kpi.IURAN_DITERIMA, "2018-01", 1_250_000), (Kpi.IURAN_DITERIMA, "2018-02", 2_600_000),
        (Kpi.KLAIM_SLA, "2018-12", 95),
    }  # fmt: skip


def test_dry_run_lists_every_wrong_cell_with_row_column_and_reason(
    db: Database, admin, tmp_path: Path
) -> None:
    """Every problem is listed at once, by row and column, in Indonesian: a word, a negative
    number, a percent over 100, a cumulative plan that falls, an unknown KPI; an import for real
    is refused and writes nothing."""
    path = targets.write_template(db, tmp_path / "rencana.xlsx", 2018, "GRS")
    sheet = openpyxl.load_workbook(path)["Rencana target"]
    row_of = {sheet.cell(r, 1).value: r for r in range(8, 19)}
    pu, sla, new = row_of["TK_PU"], row_of["KLAIM_SLA"], row_of["BU_BARU"]
    _fill(path, {f"E{pu}": "seribu", f"F{pu}": -5, f"E{sla}": 120, f"E{new}": 40, f"F{new}": 30,
                 "A20": "TK_ASING", "E20": 1})  # fmt: skip

    report = targets.import_plan(db, admin, path, dry_run=True)
    assert not report.ok
    errors = {(row, column): reason for row, column, reason in report.errors}
    assert errors[(pu, "E (Januari)")] == "'seribu' bukan bilangan bulat"
    assert errors[(pu, "F (Februari)")] == "Target tidak boleh negatif"
    assert "100" in errors[(sla, "E (Januari)")]
    assert "tidak boleh turun" in errors[(new, "F (Februari)")]
    assert "TK_ASING" in errors[(20, "A")]
    with pytest.raises(ValidationError, match=rf"Baris {pu}, kolom E \(Januari\)"):
        targets.import_plan(db, admin, path, dry_run=False)
    assert count(db, Target) == 0


def test_plan_of_an_unknown_office_or_not_a_workbook(db: Database, admin, tmp_path: Path) -> None:
    """A plan naming an office that does not exist is an error on B4; a file that is not a
    workbook is a known error naming it."""
    path = targets.write_template(db, tmp_path / "rencana.xlsx", 2018, "GRS")
    _fill(path, {"B4": "XYZ"})
    report = targets.import_plan(db, admin, path)
    assert (4, "B") in {(r, c) for r, c, _m in report.errors}
    bad = tmp_path / "bukan.xlsx"
    bad.write_bytes(b"bukan buku kerja")
    with pytest.raises(KnownError, match=r"bukan\.xlsx"):
        targets.import_plan(db, admin, bad)
