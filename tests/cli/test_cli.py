"""The command line: exit codes, one-line errors, JSON shapes, and files written (or not).

Most cases call ``bpjs_desktop.cli.main`` in-process; a few run the installed ``bpjs-desktop``
entry point in a subprocess, end to end, as a scheduled task would.
"""

from __future__ import annotations

import io
import json
import os
import random
import shutil
import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from bpjs_desktop.cli import main
from tests.helpers import refuse_copies_into

ENTRY_POINT = Path(sys.executable).with_name("bpjs-desktop")
NIK_SURABAYA = "3578015505900001"  # a woman born 15/05/1990 in Kota Surabaya


@pytest.fixture
def demo_copy(demo_file: Path, tmp_path: Path) -> Path:
    """A private copy of the small demo database file."""
    path = tmp_path / "demo-copy.sqlite"
    shutil.copyfile(demo_file, path)
    return path


def run(capsys: pytest.CaptureFixture[str], *argv: str | Path) -> tuple[int, str, str]:
    """Run the CLI in-process; return (exit status, stdout, stderr)."""
    status = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return status, out, err


def assert_one_line_error(err: str) -> str:
    """The error is a single line starting with the program name, and never a traceback."""
    assert "Traceback" not in err
    lines = err.splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("bpjs-desktop: ")
    return lines[0]


def run_entry_point(tmp_path: Path, *argv: str | Path) -> subprocess.CompletedProcess[str]:
    """Run the installed ``bpjs-desktop`` script, with its data folder inside *tmp_path*."""
    env = {k: v for k, v in os.environ.items() if k != "BPJS_LANG"}
    env["BPJS_DATA_DIR"] = str(tmp_path / "app-data")
    return subprocess.run(
        [str(ENTRY_POINT), *map(str, argv)],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=120,
        check=False,
    )


def count_rows(path: Path, table: str) -> int:
    with closing(sqlite3.connect(path)) as connection:
        return int(connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0])


# --- nik -----------------------------------------------------------------------------------------


def test_nik_valid_prints_what_it_encodes(capsys: pytest.CaptureFixture[str]) -> None:
    """A valid NIK exits 0 and prints a table of province, regency, birth date and sex."""
    status, out, err = run(capsys, "nik", NIK_SURABAYA)

    assert status == 0
    assert err == ""
    lines = out.splitlines()
    assert lines[0].split() == ["NIK", NIK_SURABAYA]
    assert any(line.split()[:3] == ["Provinsi", "35", "Jawa"] for line in lines)
    assert any("3578 Kota Surabaya" in line for line in lines)
    assert any(line.split() == ["Tanggal", "lahir", "15/05/1990"] for line in lines)
    assert any("P (Perempuan)" in line for line in lines)
    assert lines[-1] == "NIK valid."


def test_nik_inconsistent_with_birth_date_and_sex_names_both(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """A form birth date and sex that disagree with the NIK exit 1 and both are named."""
    status, out, _err = run(capsys, "nik", NIK_SURABAYA, "--birth-date", "16/05/1990", "--sex", "L")

    assert status == 1
    mismatches = [line for line in out.splitlines() if line.startswith("TIDAK SESUAI: ")]
    assert len(mismatches) == 2
    assert "Tanggal lahir 16/05/1990 tidak sesuai dengan NIK (15/05/1990)" in mismatches[0]
    assert "Jenis kelamin Laki-laki tidak sesuai dengan NIK (Perempuan)" in mismatches[1]
    assert "NIK valid." not in out


def test_nik_consistent_with_birth_date_and_sex_is_valid(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """The birth date in ISO form and a lower-case sex letter that agree exit 0."""
    status, out, _err = run(capsys, "nik", NIK_SURABAYA, "--birth-date", "1990-05-15", "--sex", "p")

    assert status == 0
    assert "TIDAK SESUAI" not in out


def test_nik_invalid_exits_1_with_the_reason(capsys: pytest.CaptureFixture[str]) -> None:
    """A short NIK exits 1 and says why."""
    status, out, _err = run(capsys, "nik", "12345")

    assert status == 1
    assert out.strip() == "NIK tidak valid: NIK harus 16 digit, bukan 5"


def test_nik_json_valid_has_the_documented_shape(capsys: pytest.CaptureFixture[str]) -> None:
    """--json: valid, ISO birth date, sex letter and the two-digit province code."""
    status, out, _err = run(capsys, "nik", NIK_SURABAYA, "--json")

    assert status == 0
    data = json.loads(out)
    assert data["valid"] is True
    assert data["birth_date"] == "1990-05-15"
    assert data["sex"] == "P"
    assert data["province"] == "35"
    assert data["regency"] == "3578"
    assert data["consistent"] is True
    assert "discrepancies" not in data


def test_nik_json_inconsistent_lists_each_discrepancy(capsys: pytest.CaptureFixture[str]) -> None:
    """--json with a disagreeing sex: still a valid NIK, but inconsistent, field named; exit 1."""
    status, out, _err = run(capsys, "nik", NIK_SURABAYA, "--sex", "L", "--json")

    assert status == 1
    data = json.loads(out)
    assert data["valid"] is True
    assert data["consistent"] is False
    assert [d["field"] for d in data["discrepancies"]] == ["sex"]


def test_nik_json_invalid_is_exactly_valid_false_and_reason(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """--json on an invalid NIK prints only {"valid": false, "reason": ...} and exits 1."""
    status, out, _err = run(capsys, "nik", "35780155059000AB", "--json")

    assert status == 1
    assert json.loads(out) == {"valid": False, "reason": "NIK hanya boleh berisi angka"}


def test_entry_point_nik_json_end_to_end(tmp_path: Path) -> None:
    """The installed script decodes a NIK as JSON on stdout, nothing on stderr, exit 0."""
    result = run_entry_point(tmp_path, "nik", NIK_SURABAYA, "--json")

    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    data = json.loads(result.stdout)
    assert (data["valid"], data["birth_date"], data["sex"], data["province"]) == (
        True,
        "1990-05-15",
        "P",
        "35",
    )


# --- iuran ---------------------------------------------------------------------------------------


def iuran_json(capsys: pytest.CaptureFixture[str], *options: str) -> dict[str, Any]:
    """``iuran OPTIONS --json``, which must succeed (exit 0): the JSON it prints."""
    status, out, err = run(capsys, "iuran", *options, "--json")
    assert status == 0, err
    return json.loads(out)


def test_iuran_pu_json_matches_the_worked_example(capsys: pytest.CaptureFixture[str]) -> None:
    """PU, wage 10.000.000, risk 3, June 2024: JKK 89.000, employer 689.000, worker 300.000."""
    data = iuran_json(capsys, "--segment", "PU", "--wage", "10000000", "--risk", "3",
                      "--period", "2024-06")  # fmt: skip
    assert data["programs"]["JKK"]["employer"] == 89_000
    assert data["programs"]["JKK"]["worker"] == 0
    assert data["employer"] == 689_000
    assert data["worker"] == 300_000
    assert data["total"] == 989_000
    assert set(data["programs"]) == {"JKK", "JKM", "JHT", "JP"}


def test_iuran_pu_table_ends_with_the_total(capsys: pytest.CaptureFixture[str]) -> None:
    """Without --json the same result is a table whose last line is the total."""
    status, out, _err = run(capsys, "iuran", "--segment", "pu", "--wage", "Rp10.000.000",
                            "--risk", "3", "--period", "2024-06")  # fmt: skip

    assert status == 0
    assert out.splitlines()[-1].split() == ["Total", "Rp689.000", "Rp300.000", "Rp989.000"]


def test_iuran_jakon_contract_of_two_billion_totals_2950000(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """A construction project worth Rp2 billion pays JKK Rp2.640.000 + JKM Rp310.000 =
    Rp2.950.000 once, all by the contractor (domain.md §4.6 worked example)."""
    data = iuran_json(capsys, "--segment", "JAKON", "--contract-value", "2000000000",
                      "--period", "2024-06")  # fmt: skip
    assert data["programs"] == {
        "JKK": {"employer": 2_640_000, "worker": 0},
        "JKM": {"employer": 310_000, "worker": 0},
    }
    assert data["total"] == 2_950_000
    assert data["employer"] == 2_950_000
    assert data["worker"] == 0
    assert data["one_off"] is True
    # The tiers are cited up to 2020 only: a 2024 project says they are carried forward.
    assert (
        "Angka tarif JKK Jakon sesudah 31/12/2020 belum dipastikan; dipakai angka yang berlaku "
        "sejak 01/07/2015"
    ) in data["notes"]


def test_iuran_2026_says_the_jp_cap_is_carried_from_2025(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """March 2026 has no cited JP cap: the 2025 cap Rp10.547.400 (§4.3) is used, JP 2 % =
    Rp210.948 and 1 % = Rp105.474, and the table is followed by a note saying so."""
    status, out, _err = run(
        capsys, "iuran", "--segment", "PU", "--wage", "20000000", "--risk", "3",
        "--period", "2026-03",
    )  # fmt: skip

    assert status == 0
    assert ["JP", "Rp210.948", "Rp105.474", "Rp316.422"] in [
        line.split() for line in out.splitlines()
    ]
    assert (
        "- Angka batas upah JP sesudah 28/02/2026 belum dipastikan; dipakai angka yang berlaku "
        "sejak 01/03/2025"
    ) in out.splitlines()


def test_iuran_bpu_minimum_income_pays_jkk_and_jkm(capsys: pytest.CaptureFixture[str]) -> None:
    """A self-employed member declaring Rp1.000.000 pays JKK 1% and JKM Rp6.800 himself."""
    data = iuran_json(capsys, "--segment", "BPU", "--income", "1000000", "--period", "2024-06")
    assert data["programs"] == {
        "JKK": {"employer": 0, "worker": 10_000},
        "JKM": {"employer": 0, "worker": 6_800},
    }
    assert data["total"] == 16_800


def test_iuran_pmi_24_month_contract_is_one_payment(capsys: pytest.CaptureFixture[str]) -> None:
    """A migrant worker's 24-month contract: one payment of Rp370.000 by the worker."""
    data = iuran_json(capsys, "--segment", "PMI", "--months", "24", "--period", "2024-06")
    assert data["one_off"] is True
    assert (data["employer"], data["worker"], data["total"]) == (0, 370_000, 370_000)


def test_iuran_pu_without_wage_is_a_usage_error_naming_wage(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """PU without --wage exits 2 with one line naming --wage."""
    status, out, err = run(capsys, "iuran", "--segment", "PU", "--risk", "3")

    assert status == 2
    assert out == ""
    assert "--wage" in assert_one_line_error(err)


def test_iuran_option_of_another_segment_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    """--income belongs to BPU: given for PU it is a usage error naming it."""
    status, _out, err = run(capsys, "iuran", "--segment", "PU", "--wage", "5000000", "--risk", "3",
                            "--income", "1000000")  # fmt: skip

    assert status == 2
    assert "--income" in assert_one_line_error(err)


def test_entry_point_missing_wage_end_to_end(tmp_path: Path) -> None:
    """The installed script: exit 2, one line on stderr naming --wage, no traceback."""
    result = run_entry_point(tmp_path, "iuran", "--segment", "PU", "--risk", "3")

    assert result.returncode == 2
    assert result.stdout == ""
    assert "--wage" in assert_one_line_error(result.stderr)


# --- export ----------------------------------------------------------------------------------------


def export_month(
    capsys: pytest.CaptureFixture[str], db: Path, month: str, out: Path
) -> tuple[int, str, str]:
    """``export monthly --month MONTH --out OUT --db DB``: (exit status, stdout, stderr)."""
    return run(capsys, "export", "monthly", "--month", month, "--out", out, "--db", db)


def test_export_monthly_writes_a_workbook(
    capsys: pytest.CaptureFixture[str], demo_copy: Path, tmp_path: Path
) -> None:
    """export monthly --month 2018-04 writes the workbook and says where."""
    out_file = tmp_path / "x.xlsx"
    status, out, err = export_month(capsys, demo_copy, "2018-04", out_file)

    assert status == 0, err
    assert out_file.is_file()
    assert str(out_file) in out and "April 2018" in out
    workbook = openpyxl.load_workbook(out_file, read_only=True)
    try:
        assert "Ringkasan" in workbook.sheetnames
    finally:
        workbook.close()


def test_entry_point_export_monthly_for_one_branch_end_to_end(
    tmp_path: Path, demo_copy: Path
) -> None:
    """The installed script exports Mojokerto's April workbook (Mojokerto and KCP Jombang)."""
    result = run_entry_point(
        tmp_path, "--db", demo_copy, "export", "monthly", "--month", "2018-04",
        "--out", "mjk.xlsx", "--branch", "MJK",
    )  # fmt: skip

    assert result.returncode == 0, result.stderr
    assert (tmp_path / "mjk.xlsx").is_file()
    assert "KC Mojokerto" in result.stdout
    assert "(2 kantor)" in result.stdout


def test_export_month_13_is_a_usage_error(
    capsys: pytest.CaptureFixture[str], demo_copy: Path, tmp_path: Path
) -> None:
    """--month 2018-13 exits 2 with one line, and writes nothing."""
    status, _out, err = export_month(capsys, demo_copy, "2018-13", tmp_path / "y.xlsx")

    assert status == 2
    assert "--month" in assert_one_line_error(err)
    assert not (tmp_path / "y.xlsx").exists()


def test_export_from_a_missing_database_says_it_does_not_exist(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """A database path that does not exist exits 1 ("tidak ada") and is not created."""
    missing = tmp_path / "nope.sqlite"
    status, _out, err = run(
        capsys, "export", "monthly", "--month", "2018-04", "--out", tmp_path / "y.xlsx",
        "--db", missing,
    )  # fmt: skip

    assert status == 1
    line = assert_one_line_error(err)
    assert "tidak ada" in line and "nope.sqlite" in line
    assert not missing.exists()
    assert not (tmp_path / "y.xlsx").exists()


def test_export_from_a_file_that_is_not_a_database_is_refused_untouched(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """A text file given as --db exits 1 with one line and the file is left as it was."""
    junk = tmp_path / "notes.sqlite"
    junk.write_text("bukan database\n", encoding="utf-8")
    status, _out, err = run(
        capsys, "export", "monthly", "--month", "2018-04", "--out", tmp_path / "y.xlsx",
        "--db", junk,
    )  # fmt: skip

    assert status == 1
    assert "notes.sqlite" in assert_one_line_error(err)
    assert junk.read_text(encoding="utf-8") == "bukan database\n"
    assert not (tmp_path / "y.xlsx").exists()


@pytest.mark.parametrize(
    "command",
    [["check"], ["migrate"], ["audit", "verify"], ["backup", "--to", "{tmp}/c.sqlite"]],
    ids=["check", "migrate", "audit-verify", "backup"],
)
@pytest.mark.parametrize("content", [b"", b"daftar belanja\n"], ids=["nol-byte", "teks"])
def test_an_empty_or_foreign_file_is_never_made_a_new_database(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, command: list[str], content: bytes
) -> None:
    """Only a path that does not exist becomes a new database: an empty file or a text file given
    as --db exits 1 with one line naming it, and is left exactly as it was (no tables, no
    "all is well" from check)."""
    path = tmp_path / "kantor.sqlite"
    path.write_bytes(content)
    argv = [a.replace("{tmp}", str(tmp_path)) for a in command]

    status, out, err = run(capsys, *argv, "--db", path)

    assert status == 1, out
    line = assert_one_line_error(err)
    assert str(path) in line
    if not content:
        assert "kosong" in line
    assert path.read_bytes() == content
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kantor.sqlite"]


def test_export_into_a_missing_folder_exits_1_and_writes_nothing(
    capsys: pytest.CaptureFixture[str], demo_copy: Path, tmp_path: Path
) -> None:
    """--out in a folder that does not exist exits 1; no folder or file is created."""
    before = sorted(p.name for p in tmp_path.iterdir())
    status, _out, err = run(
        capsys, "export", "monthly", "--month", "2018-04",
        "--out", tmp_path / "nodir" / "y.xlsx", "--db", demo_copy,
    )  # fmt: skip

    assert status == 1
    assert "nodir" in assert_one_line_error(err)
    assert not (tmp_path / "nodir").exists()
    assert (
        sorted(p.name for p in tmp_path.iterdir() if "-wal" not in p.name and "-shm" not in p.name)
        == before
    )
    assert not list(tmp_path.rglob("*.xlsx*"))


# --- database maintenance ----------------------------------------------------------------------


def test_backup_to_a_file_copies_the_database(
    capsys: pytest.CaptureFixture[str], demo_copy: Path, tmp_path: Path
) -> None:
    """backup --to writes a usable copy with the same users."""
    target = tmp_path / "cadangan.sqlite"
    status, out, err = run(capsys, "backup", "--db", demo_copy, "--to", target)

    assert status == 0, err
    assert str(target) in out
    assert count_rows(target, "app_user") == count_rows(demo_copy, "app_user") > 1


def test_backup_without_a_target_is_verified_and_listed(
    capsys: pytest.CaptureFixture[str], demo_copy: Path, tmp_path: Path, monkeypatch
) -> None:
    """backup (no --to) writes a checked copy to the backup folder; backup --list shows it as a
    table (time, reason, size, check, people, audit head, file) and --json as records."""
    monkeypatch.setenv("BPJS_DATA_DIR", str(tmp_path / "app-data"))
    status, out, err = run(capsys, "backup", "--db", demo_copy)
    assert status == 0, err
    status, out, err = run(capsys, "backup", "--db", demo_copy, "--list")
    assert status == 0, err
    header, line = out.splitlines()
    assert header.split()[:4] == ["Waktu", "Alasan", "Ukuran", "Pemeriksaan"]
    assert " manual " in line and " baik " in line and line.endswith(".sqlite")
    status, out, err = run(capsys, "backup", "--db", demo_copy, "--list", "--json")
    assert status == 0, err
    (record,) = json.loads(out)
    assert record["ok"] is True and record["reason"] == "manual"
    assert record["rows"]["person"] == count_rows(demo_copy, "person") > 0
    assert count_rows(Path(record["file"]), "person") == record["rows"]["person"]


def test_backup_list_of_a_database_without_backups_says_so(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch
) -> None:
    monkeypatch.setenv("BPJS_DATA_DIR", str(tmp_path / "app-data"))
    status, out, err = run(capsys, "backup", "--db", tmp_path / "kantor.sqlite", "--list")
    assert status == 0, err
    assert "Belum ada cadangan terperiksa" in out


def _random_pages(path: Path) -> None:
    data = bytearray(path.read_bytes())
    noise = random.Random(5)
    middle = len(data) // 4096 // 2
    for number in range(middle, middle + 6):
        data[number * 4096 : (number + 1) * 4096] = noise.randbytes(4096)
    path.write_bytes(bytes(data))


DAMAGE = {
    "sehat": lambda path: None,
    "halaman-acak": _random_pages,
    "terpotong": lambda path: path.write_bytes(path.read_bytes()[:50_000]),
    "nol-byte": lambda path: path.write_bytes(b""),
    "teks": lambda path: path.write_text("daftar belanja\n", encoding="utf-8"),
}


@pytest.fixture
def own_data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """This test's app data folder: its backups folder holds only this test's safety copies."""
    folder = tmp_path / "app-data"
    monkeypatch.setenv("BPJS_DATA_DIR", str(folder))
    return folder


@pytest.fixture
def good_backup(demo_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    """A backup of the demo made with `backup --to`, in a folder of its own."""
    target = tmp_path / "flashdisk" / "cadangan.sqlite"
    target.parent.mkdir()
    status, _out, err = run(capsys, "backup", "--db", demo_copy, "--to", target)
    assert status == 0, err
    return target


@pytest.mark.parametrize("damage", DAMAGE.values(), ids=DAMAGE.keys())
def test_restore_works_over_the_database_in_any_state_and_names_the_safety_copy(
    capsys: pytest.CaptureFixture[str], demo_copy: Path, good_backup: Path, own_data_dir: Path,
    damage,
) -> None:  # fmt: skip
    """restore over a sound, corrupt, truncated, empty or text file exits 0, says where the
    replaced file was kept (byte for byte), and check then finds the database sound."""
    damage(demo_copy)
    replaced = demo_copy.read_bytes()

    status, out, err = run(capsys, "restore", "--db", demo_copy, good_backup)

    assert status == 0, err
    [safety] = (own_data_dir / "backups").iterdir()
    assert str(safety) in out and str(good_backup) in out
    assert safety.read_bytes() == replaced
    status, out, err = run(capsys, "check", "--db", demo_copy)
    assert status == 0, err + out
    assert "Keutuhan file: baik" in out


def test_restore_to_a_new_path_claims_no_safety_copy(
    capsys: pytest.CaptureFixture[str], good_backup: Path, own_data_dir: Path, tmp_path: Path
) -> None:
    """restore FILE --db NEW creates the database and says there was none before; no safety
    copy is claimed or written."""
    new = tmp_path / "baru.sqlite"
    status, out, err = run(capsys, "restore", "--db", new, good_backup)

    assert status == 0, err
    assert "belum ada database" in out and "disimpan di" not in out
    assert count_rows(new, "app_user") == count_rows(good_backup, "app_user")
    assert not (own_data_dir / "backups").exists() or not any((own_data_dir / "backups").iterdir())


_WRITER = """
import sys, sqlite3
connection = sqlite3.connect(sys.argv[1], isolation_level=None)
connection.execute("BEGIN IMMEDIATE")
connection.execute("UPDATE office SET name = name")
print("locked", flush=True)
sys.stdin.readline()
"""


def test_restore_while_another_process_writes_says_in_use_and_changes_nothing(
    capsys: pytest.CaptureFixture[str], demo_copy: Path, good_backup: Path, own_data_dir: Path
) -> None:
    """A process holding a write lock on the database: exit 1, one line saying it is in use;
    the database, its -wal and the backups folder are as they were."""
    writer = subprocess.Popen(
        [sys.executable, "-c", _WRITER, str(demo_copy)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert writer.stdout is not None and writer.stdout.readline() == "locked\n"
        before = {p.name: p.read_bytes() for p in demo_copy.parent.glob(demo_copy.name + "*")}

        status, _out, err = run(capsys, "restore", "--db", demo_copy, good_backup)

        assert status == 1
        line = assert_one_line_error(err)
        assert "sedang dipakai" in line and str(demo_copy) in line
        after = {p.name: p.read_bytes() for p in demo_copy.parent.glob(demo_copy.name + "*")}
        assert after == before
    finally:
        writer.communicate("\n", timeout=30)
    assert not (own_data_dir / "backups").exists() or not any((own_data_dir / "backups").iterdir())


def test_restore_onto_a_folder_exits_1_with_one_line(
    capsys: pytest.CaptureFixture[str], good_backup: Path, tmp_path: Path
) -> None:
    """--db naming a folder: one line saying it is a folder, no traceback."""
    status, _out, err = run(capsys, "restore", "--db", tmp_path, good_backup)
    assert status == 1
    assert "adalah folder" in assert_one_line_error(err)


def test_restore_into_a_read_only_folder_exits_1_with_one_line(
    capsys: pytest.CaptureFixture[str], demo_copy: Path, good_backup: Path, own_data_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    """A database in a folder the user may not write: one line naming the folder; unchanged."""
    folder = demo_copy.parent
    before = demo_copy.read_bytes()
    refuse_copies_into(folder, monkeypatch)
    status, _out, err = run(capsys, "restore", "--db", demo_copy, good_backup)

    assert status == 1
    line = assert_one_line_error(err)
    assert "tidak dapat ditulis" in line and str(folder) in line
    assert demo_copy.read_bytes() == before


def test_check_on_the_demo_reports_it_sound(
    capsys: pytest.CaptureFixture[str], demo_copy: Path
) -> None:
    """check on a healthy demo exits 0 and reports the file and the audit trail sound."""
    status, out, err = run(capsys, "check", "--db", demo_copy)

    assert status == 0, err
    assert "Keutuhan file: baik" in out
    assert "Jejak audit: utuh" in out


def test_audit_verify_on_the_demo_is_intact(
    capsys: pytest.CaptureFixture[str], demo_copy: Path
) -> None:
    """audit verify on the demo exits 0 and says the trail is intact."""
    status, out, err = run(capsys, "audit", "verify", "--db", demo_copy)

    assert status == 0, err
    assert out.startswith("Jejak audit utuh: ")


def test_deleting_the_newest_audit_event_stays_reported_after_the_next_write(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, demo_copy: Path
) -> None:
    """Issue #11's recipe: with a SQLite tool the newest event is deleted (the guard refuses, so
    it is dropped first); 'audit verify' reports it, and still does after one more 'user add'."""
    with closing(sqlite3.connect(demo_copy)) as connection:
        with pytest.raises(sqlite3.DatabaseError, match="append-only"):
            connection.execute(
                "DELETE FROM audit_event WHERE id = (SELECT max(id) FROM audit_event)"
            )
        connection.execute("DROP TRIGGER audit_event_no_delete")
        newest = connection.execute("SELECT max(id) FROM audit_event").fetchone()[0]
        connection.execute("DELETE FROM audit_event WHERE id = ?", (newest,))
        connection.commit()
    status, out, _err = run(capsys, "audit", "verify", "--db", demo_copy)
    assert status == 1
    assert f"#{newest} " in out

    monkeypatch.setattr(sys, "stdin", io.StringIO("rahasia-123\n"))
    status, _out, err = run(
        capsys, "user", "add", "budi.grs", "--name", "Budi", "--role", "AR", "--db", demo_copy
    )
    assert status == 0, err
    status, out, _err = run(capsys, "audit", "verify", "--db", demo_copy)
    assert status == 1
    assert out.startswith(f"Jejak audit RUSAK mulai kejadian #{newest} ")


def test_user_added_with_password_from_stdin_is_listed_and_can_sign_in(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, demo_copy: Path
) -> None:
    """user add --password-stdin creates the user; user list shows them with role and office."""
    monkeypatch.setattr(sys, "stdin", io.StringIO("rahasia-123\n"))
    status, out, err = run(
        capsys, "user", "add", "budi.grs", "--name", "Budi Santoso", "--role", "pelayanan",
        "--office", "GRS", "--password-stdin", "--db", demo_copy,
    )  # fmt: skip
    assert status == 0, err
    assert "budi.grs" in out

    status, out, err = run(capsys, "user", "list", "--db", demo_copy)

    assert status == 0, err
    [row] = [line for line in out.splitlines() if line.startswith("budi.grs ")]
    assert row.split() == ["budi.grs", "Budi", "Santoso", "Petugas", "pelayanan", "GRS", "ya"]

    from bpjs_desktop.db.engine import sqlite_url
    from bpjs_desktop.db.migrate import open_database
    from bpjs_desktop.services import auth

    db = open_database(sqlite_url(demo_copy))
    try:
        assert auth.authenticate(db, "budi.grs", "rahasia-123").username == "budi.grs"
    finally:
        db.dispose()


def test_user_add_with_a_short_password_is_refused(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, demo_copy: Path
) -> None:
    """A password under 8 characters exits 1 with the rule, and no user is added."""
    users = count_rows(demo_copy, "app_user")
    monkeypatch.setattr(sys, "stdin", io.StringIO("pendek\n"))
    status, _out, err = run(
        capsys, "user", "add", "budi.grs", "--name", "Budi", "--role", "AR",
        "--password-stdin", "--db", demo_copy,
    )  # fmt: skip

    assert status == 1
    assert "8 karakter" in assert_one_line_error(err)
    assert count_rows(demo_copy, "app_user") == users


def test_user_add_reads_a_piped_password_without_password_stdin(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, demo_copy: Path
) -> None:
    """Standard input that is not a terminal is read as the password, flag or not (it used to
    end in 'kesalahan tak terduga (bug)' from getpass)."""
    monkeypatch.setattr(sys, "stdin", io.StringIO("rahasia-123\r\n"))
    status, out, err = run(
        capsys, "user", "add", "budi.grs", "--name", "Budi Santoso", "--role", "AR",
        "--db", demo_copy,
    )  # fmt: skip
    assert status == 0, err
    assert "budi.grs" in out
    from bpjs_desktop.db.engine import sqlite_url
    from bpjs_desktop.db.migrate import open_database
    from bpjs_desktop.services import auth

    db = open_database(sqlite_url(demo_copy))
    try:
        assert auth.authenticate(db, "budi.grs", "rahasia-123").username == "budi.grs"
    finally:
        db.dispose()


@pytest.mark.parametrize("flag", [[], ["--password-stdin"]])
def test_user_add_with_no_input_at_all_says_so(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    demo_copy: Path,
    flag: list[str],
) -> None:
    """An empty standard input (</dev/null, a script without input) exits 1 with a message that
    says what to do, and adds nobody."""
    users = count_rows(demo_copy, "app_user")
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    status, _out, err = run(
        capsys, "user", "add", "budi.grs", "--name", "Budi", "--role", "AR", *flag,
        "--db", demo_copy,
    )  # fmt: skip
    assert status == 1
    message = assert_one_line_error(err)
    assert "Tidak ada kata sandi yang dapat dibaca" in message
    assert "bug" not in message
    assert count_rows(demo_copy, "app_user") == users


def test_echo_password_into_the_installed_command_adds_the_user(
    tmp_path: Path, demo_copy: Path
) -> None:
    """End to end: ``echo rahasia-123 | bpjs-desktop user add …`` (a pipe, no flag) works, and
    ``passwd`` reads a pipe the same way."""
    common = {"capture_output": True, "text": True, "timeout": 120, "check": False}
    env = {k: v for k, v in os.environ.items() if k != "BPJS_LANG"}
    env["BPJS_DATA_DIR"] = str(tmp_path / "app-data")
    added = subprocess.run(
        [str(ENTRY_POINT), "user", "add", "siti.grs", "--name", "Siti", "--role", "AR",
         "--db", str(demo_copy)],
        input="rahasia-123\n", env=env, **common,
    )  # fmt: skip
    assert added.returncode == 0, added.stderr
    changed = subprocess.run(
        [str(ENTRY_POINT), "user", "passwd", "siti.grs", "--db", str(demo_copy)],
        input="rahasia-456\n", env=env, **common,
    )  # fmt: skip
    assert changed.returncode == 0, changed.stderr
    assert "siti.grs" in changed.stdout


def test_user_unlock_lifts_a_lockout(capsys: pytest.CaptureFixture[str], demo_copy: Path) -> None:
    """Five wrong passwords lock an account; 'user list' shows it locked; 'user unlock' opens it
    and the right password works again."""
    from datetime import UTC, datetime, timedelta

    from bpjs_desktop.db.engine import sqlite_url
    from bpjs_desktop.db.migrate import open_database
    from bpjs_desktop.services import auth
    from bpjs_desktop.services.demo.plan import DEMO_PASSWORD

    db = open_database(sqlite_url(demo_copy))
    try:
        at = datetime.now(UTC) - timedelta(seconds=20)
        for n in range(auth.MAX_FAILURES):
            at += auth.retry_delay(n)
            with pytest.raises(auth.AuthenticationError):
                auth.authenticate(db, "kepala.grs", "tebakan", now=at)
        with pytest.raises(auth.AccountLockedError):
            auth.authenticate(db, "kepala.grs", DEMO_PASSWORD)
    finally:
        db.dispose()

    status, out, err = run(capsys, "user", "list", "--db", demo_copy)
    assert status == 0, err
    [row] = [line for line in out.splitlines() if line.startswith("kepala.grs ")]
    assert "(terkunci sampai " in row

    status, out, err = run(capsys, "user", "unlock", "kepala.grs", "--db", demo_copy)
    assert status == 0, err
    assert out.strip() == "Akun kepala.grs dibuka kembali"

    db = open_database(sqlite_url(demo_copy))
    try:
        assert auth.authenticate(db, "kepala.grs", DEMO_PASSWORD).username == "kepala.grs"
    finally:
        db.dispose()


def test_migrate_creates_a_new_database(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """migrate on a path that does not exist yet creates a database at the current revision."""
    path = tmp_path / "baru.sqlite"
    status, out, err = run(capsys, "migrate", "--db", path)

    assert status == 0, err
    assert path.is_file()
    assert "revisi" in out
    with closing(sqlite3.connect(path)) as connection:
        [revision] = connection.execute("SELECT version_num FROM alembic_version").fetchone()
    assert revision in out
    assert count_rows(path, "office") > 0


def _log_lines(tmp_path: Path) -> list[str]:
    log_file = tmp_path / "app-data" / "logs" / "bpjs-desktop.log"
    return log_file.read_text(encoding="utf-8").splitlines() if log_file.exists() else []


def test_migrating_writes_no_alembic_lines_to_the_log(tmp_path: Path) -> None:
    """A command that creates and migrates a database leaves Alembic's and SQLAlchemy's INFO
    chatter out of the user's log; with --verbose Alembic's lines are there for debugging."""
    done = run_entry_point(tmp_path, "migrate", "--db", tmp_path / "baru.sqlite")
    assert done.returncode == 0, done.stderr
    assert [
        line for line in _log_lines(tmp_path) if " alembic" in line or " sqlalchemy" in line
    ] == []

    done = run_entry_point(tmp_path, "--verbose", "migrate", "--db", tmp_path / "lagi.sqlite")
    assert done.returncode == 0, done.stderr
    assert any(" INFO alembic.runtime.migration: " in line for line in _log_lines(tmp_path))
    assert not any(" sqlalchemy" in line for line in _log_lines(tmp_path))


def test_demo_onto_an_existing_file_is_refused_and_leaves_it_alone(
    capsys: pytest.CaptureFixture[str], demo_copy: Path
) -> None:
    """demo --db onto an existing file exits 1 with one line; the file is unchanged."""
    before = demo_copy.read_bytes()
    status, _out, err = run(capsys, "demo", "--db", demo_copy, "--scale", "0.005")

    assert status == 1
    assert "sudah ada" in assert_one_line_error(err)
    assert demo_copy.read_bytes() == before


def test_a_reader_that_closes_early_is_no_bug(tmp_path: Path) -> None:
    """`bpjs-desktop … | head`: when the reader has gone, the command ends quietly (status 141,
    as a piped Unix tool does), never with "kesalahan tak terduga (bug)" (issue #13)."""
    read_end, write_end = os.pipe()
    os.close(read_end)  # the reader is gone before the first line is written
    env = {k: v for k, v in os.environ.items() if k != "BPJS_LANG"}
    env["BPJS_DATA_DIR"] = str(tmp_path / "app-data")
    try:
        result = subprocess.run(
            [str(ENTRY_POINT), "nik", NIK_SURABAYA],
            stdout=write_end,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
            timeout=120,
            check=False,
        )
    finally:
        os.close(write_end)
    assert (result.returncode, result.stderr) == (141, "")
