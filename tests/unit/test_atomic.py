"""Files written whole or not at all (exchange/atomic.py): what a user finds on disk after a
failure is the old file, untouched, and no temporary file beside it."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from bpjs_desktop.errors import KnownError
from bpjs_desktop.exchange.atomic import replaced_atomically, write_xlsx


def test_a_workbook_replaces_the_old_file_whole(tmp_path: Path) -> None:
    out = tmp_path / "april.xlsx"
    out.write_bytes(b"old")

    write_xlsx(out, lambda workbook: workbook.add_worksheet("Ringkasan").write(0, 0, "=1+1"))

    sheet = openpyxl.load_workbook(out)["Ringkasan"]
    assert sheet["A1"].value == "=1+1" and sheet["A1"].data_type == "s"  # text, not a formula
    assert sorted(p.name for p in tmp_path.iterdir()) == ["april.xlsx"]


def test_a_failure_while_writing_keeps_the_old_file_and_leaves_no_temporary(tmp_path: Path) -> None:
    out = tmp_path / "april.xlsx"
    out.write_bytes(b"old")

    def fail(_workbook: object) -> None:
        raise KnownError("dibatalkan")

    with pytest.raises(KnownError, match="dibatalkan"):
        write_xlsx(out, fail)

    assert out.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["april.xlsx"]


def test_a_missing_folder_is_named(tmp_path: Path) -> None:
    with pytest.raises(KnownError, match=r"Folder .*tidak-ada tidak ada"):
        write_xlsx(tmp_path / "tidak-ada" / "april.xlsx", lambda _w: None)


def test_another_ending_than_xlsx_is_refused(tmp_path: Path) -> None:
    with pytest.raises(KnownError, match=r"harus berakhiran \.xlsx"):
        write_xlsx(tmp_path / "april.xls", lambda _w: None)
    assert list(tmp_path.iterdir()) == []


def test_a_target_that_cannot_be_replaced_is_a_clear_error(tmp_path: Path) -> None:
    """A folder where the file should go: the rename fails; the message names the file."""
    out = tmp_path / "laporan.pdf"
    out.mkdir()

    with pytest.raises(KnownError, match=r"laporan\.pdf"), replaced_atomically(out) as tmp:
        tmp.write_bytes(b"%PDF")

    assert out.is_dir()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["laporan.pdf"]
