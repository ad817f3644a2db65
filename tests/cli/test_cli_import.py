"""``bpjs-desktop import workers|template``: summaries, one line per bad row, exit codes, files."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from collections.abc import Callable
from contextlib import closing
from datetime import date
from pathlib import Path

import openpyxl
import pytest

from bpjs_desktop.db.engine import Database
from bpjs_desktop.domain.programmes import SizeClass
from bpjs_desktop.services import employer_registry, membership_common
from bpjs_desktop.services.context import Actor
from tests.cli.test_cli import run
from tests.helpers import HEADERS, write_list
from tests.helpers import list_row as row

ENTRY_POINT = Path(sys.executable).with_name("bpjs-desktop")


@pytest.fixture
def office(sqlite_db: Database) -> tuple[Path, str]:
    """An office database file with one medium employer of KC Gresik; (file, NPP)."""
    employer = employer_registry.register_employer(
        sqlite_db,
        Actor.command_line(),
        membership_common.EmployerInput(
            name="PT Contoh Maju", kbli="10710", size_class=SizeClass.MENENGAH,
            office_code="GRS", regency_code="3525", registered_on=date(2017, 1, 2),
        ),
    )  # fmt: skip
    assert sqlite_db.path is not None
    return sqlite_db.path, employer.npp


def worker_list(tmp_path: Path, rows: list[list[object]], headers: list[str] = HEADERS) -> Path:
    return write_list(tmp_path / "daftar.xlsx", rows, headers)


@pytest.fixture
def import_workers(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, office: tuple[Path, str]
) -> Callable[..., tuple[int, str, str, Path]]:
    """``import workers`` of a list of rows for the office's employer, with options:
    (exit status, output, errors, the database file)."""
    db, npp = office

    def run_import(rows: list[list[object]], *options: str) -> tuple[int, str, str, Path]:
        path = worker_list(tmp_path, rows)
        argv = ("import", "workers", path, "--employer", npp, *options, "--db", db)
        status, out, err = run(capsys, *argv)
        return status, out, err, db

    return run_import


def members(path: Path) -> int:
    with closing(sqlite3.connect(path)) as connection:
        return int(connection.execute("SELECT count(*) FROM membership").fetchone()[0])


def imports_audited(path: Path) -> int:
    with closing(sqlite3.connect(path)) as connection:
        return int(
            connection.execute(
                "SELECT count(*) FROM audit_event WHERE action = 'worker.import'"
            ).fetchone()[0]
        )


def test_template_command_writes_the_columns_the_importer_reads(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """``import template OUT.xlsx`` exits 0 and writes the template's header row."""
    out = tmp_path / "templat.xlsx"

    status, stdout, err = run(capsys, "import", "template", out)

    assert (status, err) == (0, "")
    assert stdout.strip() == f"Templat daftar tenaga kerja ditulis ke {out}"
    sheet = openpyxl.load_workbook(out)["Daftar TK"]
    assert [c.value for c in sheet[1]] == HEADERS


def test_template_needs_an_xlsx_name(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """A template name without .xlsx is a usage error (exit 2), and no file is written."""
    status, _out, err = run(capsys, "import", "template", tmp_path / "templat.csv")

    assert status == 2
    assert err.startswith("bpjs-desktop: nama file templat harus berakhiran .xlsx")
    assert list(tmp_path.iterdir()) == []


def test_dry_run_prints_the_summary_and_one_line_per_bad_row(
    import_workers, office: tuple[Path, str]
) -> None:
    """Bad rows: exit 1, "n baris valid, m baris bermasalah", then row, column and reason."""
    status, out, err, db = import_workers(
        [row(), row(sex="X"), row(nik="3.57801E+15"), row()], "--dry-run"
    )

    assert (status, err) == (1, "")
    lines = out.splitlines()
    assert (
        lines[0]
        == f"daftar.xlsx untuk PT Contoh Maju (NPP {office[1]}): 2 baris valid, 2 baris bermasalah"
    )
    assert lines[1:] == [
        "baris 3, kolom Jenis kelamin [X]: Jenis kelamin harus L (laki-laki) atau P (perempuan), bukan 'X'",
        "baris 4, kolom NIK [3.57801E+15]: NIK tertulis dalam notasi ilmiah (3.57801E+15); digitnya "
        "sudah hilang — format kolom NIK sebagai Teks lalu ketik ulang NIK",
    ]
    assert members(db) == 0


def test_clean_dry_run_exits_zero_and_saves_nothing(
    import_workers, office: tuple[Path, str]
) -> None:
    """A list without problems: exit 0 on the dry run, and still nothing is written."""
    status, out, _err, db = import_workers([row(), row()], "--dry-run")

    assert status == 0
    assert out.splitlines() == [
        f"daftar.xlsx untuk PT Contoh Maju (NPP {office[1]}): 2 baris valid, 0 baris bermasalah"
    ]
    assert (members(db), imports_audited(db)) == (0, 0)


def test_import_with_bad_rows_imports_nothing_without_only_valid(import_workers) -> None:
    """No --only-valid: exit 1, the bad rows listed, and nothing saved (all or nothing)."""
    status, out, _err, db = import_workers([row(), row(wage="4,500,000")])

    assert status == 1
    assert "Tidak ada yang diimpor" in out
    assert "baris 3, kolom Upah sebulan [4,500,000]: Pemisah ribuan harus titik" in out
    assert (members(db), imports_audited(db)) == (0, 0)


def test_only_valid_imports_the_good_rows_and_still_exits_one(import_workers) -> None:
    """--only-valid saves the 2 good rows (KPJ range printed) and exits 1: a row was bad."""
    status, out, _err, db = import_workers([row(), row(sex="X"), row()], "--only-valid")

    assert status == 1
    assert "2 tenaga kerja diimpor, KPJ " in out
    assert "baris 3, kolom Jenis kelamin [X]" in out
    assert (members(db), imports_audited(db)) == (2, 1)


def test_clean_import_exits_zero(import_workers) -> None:
    """Every row imported: exit 0."""
    status, out, _err, db = import_workers([row(), row(), row()])

    assert status == 0
    assert "3 tenaga kerja diimpor, KPJ " in out
    assert members(db) == 3


def test_errors_go_to_an_xlsx_file_when_asked(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, office: tuple[Path, str]
) -> None:
    """--errors OUT.xlsx writes the bad rows there instead of one line each on the screen."""
    db, npp = office
    path = worker_list(tmp_path, [row(), row(sex="X")])
    out_file = tmp_path / "kesalahan.xlsx"

    status, out, _err = run(capsys, "import", "workers", path, "--employer", npp, "--dry-run",
                            "--errors", out_file, "--purpose", "perbaikan oleh PK",
                            "--db", db)  # fmt: skip

    assert status == 1
    assert f"Daftar kesalahan (1 baris) ditulis ke {out_file}" in out
    assert "baris 3" not in out
    rows = list(openpyxl.load_workbook(out_file)["Kesalahan"].iter_rows(values_only=True))
    assert rows[1][:3] == (3, "Jenis kelamin", "X")


@pytest.mark.parametrize(
    ("argv", "message"),
    [(["--employer", "99999999"], "Pemberi kerja dengan NPP 99999999 tidak ada"),
     (["--employer", "{npp}", "--dry-run", "--only-valid"], "--only-valid tidak dipakai"),
     (["--employer", "{npp}", "--errors", "x.csv"], "--errors harus file berakhiran .xlsx"),
     (["--employer", "{npp}", "--errors", "x.xlsx"], "--errors memerlukan --purpose")],
)  # fmt: skip
def test_bad_command_lines_give_one_line_errors(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    office: tuple[Path, str],
    argv: list[str],
    message: str,
) -> None:
    """An unknown employer (exit 1) or contradictory options (exit 2): one line, no traceback."""
    db, npp = office
    path = worker_list(tmp_path, [row()])

    status, out, err = run(capsys, "import", "workers", path, *[a.format(npp=npp) for a in argv],
                           "--db", db)  # fmt: skip

    assert status in (1, 2)
    assert out == ""
    [line] = err.splitlines()
    assert line.startswith("bpjs-desktop: ") and message in line
    assert members(db) == 0


def test_missing_columns_are_one_line_naming_them(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, office: tuple[Path, str]
) -> None:
    """A list without the wage column: exit 1, one line naming the missing column."""
    db, npp = office
    headers = [h for h in HEADERS if not h.startswith("Upah")]
    path = worker_list(tmp_path, [], headers)

    status, _out, err = run(capsys, "import", "workers", path, "--employer", npp, "--db", db)

    assert status == 1
    [line] = err.splitlines()
    assert "Kolom wajib tidak ditemukan" in line and "Upah sebulan (Rp)" in line


def test_entry_point_template_then_dry_run_of_a_csv(
    tmp_path: Path, office: tuple[Path, str]
) -> None:
    """End to end through the installed script: a semicolon CSV checked clean exits 0."""
    db, npp = office
    csv_path = tmp_path / "daftar.csv"
    lines = [";".join(HEADERS), ";".join(str(v) for v in row(programmes="JKK"))]
    csv_path.write_text("\n".join(lines), encoding="utf-8")

    result = subprocess.run(
        [str(ENTRY_POINT), "import", "workers", str(csv_path), "--employer", npp, "--dry-run",
         "--db", str(db)],
        capture_output=True, text=True, timeout=120, check=False,
        env={"BPJS_DATA_DIR": str(tmp_path / "data"), "PATH": "/usr/bin:/bin"},
    )  # fmt: skip

    assert result.returncode == 1, result.stderr  # JKK alone misses a medium employer's programmes
    assert "1 baris bermasalah" in result.stdout
    assert "kolom Program [JKK]: Program wajib belum dipilih: JKM,JHT,JP" in result.stdout
