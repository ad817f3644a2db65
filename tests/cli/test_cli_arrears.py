"""``bpjs-desktop arrears list``: printed or exported, one-line errors, exit statuses 0/1/2.

The module is called through its two functions, ``add_parser`` and ``run``, under a parser built
like the command line's (``cli._Parser``, ``cli._add_db_options``), so these tests do not depend
on how cli.py wires it.
"""

from __future__ import annotations

import csv
import re
import shutil
from contextlib import closing
from pathlib import Path

import openpyxl
import pytest

from bpjs_desktop import cli_arrears
from bpjs_desktop.cli import UsageError, _add_db_options, _Parser


@pytest.fixture
def demo_copy(demo_file: Path, tmp_path: Path) -> Path:
    path = tmp_path / "demo-copy.sqlite"
    shutil.copyfile(demo_file, path)
    return path


def parser() -> _Parser:
    top = _Parser(prog="bpjs-desktop")
    commands = top.add_subparsers(dest="command", parser_class=_Parser)
    cli_arrears.add_parser(commands, _add_db_options)
    return top


def run(capsys, *argv: str | Path) -> tuple[int, str, str]:
    try:
        args = parser().parse_args([str(a) for a in argv])
    except UsageError as exc:  # what cli.main turns into exit status 2
        print(f"bpjs-desktop: {exc}", file=__import__("sys").stderr)
        status = 2
    else:
        status = cli_arrears.run(args)
    out, err = capsys.readouterr()
    return status, out, err


def one_line_error(err: str) -> str:
    assert "Traceback" not in err
    (line,) = err.splitlines()
    assert line.startswith("bpjs-desktop: ")
    return line


def test_list_prints_the_region_largest_arrears_first(capsys, demo_copy):
    """Every open case of the demo, on the demo's day, with a closing summary line."""
    status, out, err = run(capsys, "arrears", "list", "--db", demo_copy)
    assert (status, err) == (0, "")
    lines = out.splitlines()
    assert lines[0].split()[:3] == ["NPP", "Pemberi", "kerja"]
    assert lines[-1].endswith("per 30/04/2018")
    assert " kasus, tunggakan Rp" in lines[-1]
    # the first grouped number of a row is what the employer owes (Tunggakan)
    amounts = [
        int(re.findall(r"\d{1,3}(?:\.\d{3})+", line)[0].replace(".", "")) for line in lines[1:-1]
    ]
    assert len(amounts) > 3
    assert amounts == sorted(amounts, reverse=True)


def test_list_by_office_and_bucket(capsys, demo_copy):
    """--office and --bucket narrow the list; the bucket name ignores case."""
    _status, everything, _err = run(capsys, "arrears", "list", "--db", demo_copy)
    status, out, _err = run(capsys, "arrears", "list", "--db", demo_copy, "--bucket", "macet")
    assert status == 0
    rows = out.splitlines()[1:-1]
    assert all("Macet" in row for row in rows)
    assert len(rows) < len(everything.splitlines()) - 2
    status, out, _err = run(capsys, "arrears", "list", "--db", demo_copy, "--office", "GRS")
    assert status == 0
    assert all("  GRS  " in row for row in out.splitlines()[1:-1])


def test_list_exports_xlsx_and_csv(capsys, demo_copy, tmp_path):
    """--out FILE.xlsx writes a sheet with a header and one row per case; .csv the same rows."""
    xlsx = tmp_path / "piutang.xlsx"
    status, out, _err = run(capsys, "arrears", "list", "--db", demo_copy, "--out", xlsx)
    assert status == 0 and "ditulis ke" in out
    # read-only keeps the file open until closed, even when reading it fails
    with closing(openpyxl.load_workbook(xlsx, read_only=True)) as workbook:
        rows = list(workbook.active.iter_rows(values_only=True))
    assert rows[0][:3] == ("NPP", "Pemberi kerja", "Kantor")
    assert len(rows) > 1
    assert all(isinstance(r[10], int) and r[10] > 0 for r in rows[1:])  # Tunggakan as a number
    csv_path = tmp_path / "piutang.csv"
    assert run(capsys, "arrears", "list", "--db", demo_copy, "--out", csv_path)[0] == 0
    with csv_path.open(encoding="utf-8-sig") as handle:
        records = list(csv.reader(handle, delimiter=";"))
    assert records[0] == [c for c in rows[0]]
    assert len(records) == len(rows)


def test_list_due_only_is_the_worklist(capsys, demo_copy):
    """--due keeps the cases whose next action falls due by the day: never more than all."""
    status, due, _err = run(capsys, "arrears", "list", "--db", demo_copy, "--due")
    assert status == 0
    _status, everything, _err = run(capsys, "arrears", "list", "--db", demo_copy)
    assert len(due.splitlines()) <= len(everything.splitlines())


@pytest.mark.parametrize(
    ("argv", "status", "fragment"),
    [
        (["--bucket", "Tidak Ada"], 1, "Kelompok umur piutang 'Tidak Ada' tidak ada"),
        (["--office", "XXX"], 1, "Kantor dengan kode XXX tidak ada"),
        (["--officer", "tidak.ada"], 1, "Pengguna tidak.ada tidak ada"),
        (["--out", "daftar.pdf"], 2, "--out harus file berakhiran .xlsx atau .csv"),
        (["--status", "BUKAN"], 2, "status harus dari"),
        (["--on", "31/02/2018"], 2, "Tanggal tidak ada di kalender"),
    ],
)
def test_bad_input_is_one_line_and_the_right_exit_status(capsys, demo_copy, argv, status, fragment):
    """A known problem exits 1, a malformed command line 2; one line, no traceback."""
    got, out, err = run(capsys, "arrears", "list", "--db", demo_copy, *argv)
    assert got == status
    assert fragment in one_line_error(err)
    assert out == ""


def test_a_missing_database_is_a_known_error(capsys, tmp_path):
    got, _out, err = run(capsys, "arrears", "list", "--db", tmp_path / "tidak-ada.sqlite")
    assert got == 1
    assert "tidak ada" in one_line_error(err)
    assert not (tmp_path / "tidak-ada.sqlite").exists()
