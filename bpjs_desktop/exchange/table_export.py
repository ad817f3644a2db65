"""A list as a file: an Excel workbook (one formatted sheet) or a CSV file, written atomically.

Cells are text, whole numbers (rupiah, counts) or dates; a text is always written as text, so a
name that starts with ``=`` never becomes a formula. The CSV file is UTF-8 with a byte-order mark
and ``;`` between fields, as Excel in an Indonesian locale opens it.

Spreadsheet-safe (OWASP "CSV injection"): in the workbook every text is a string cell
(``write_string``, and formula inference switched off); in the CSV file a text that starts with
``=``, ``+``, ``-``, ``@``, tab or CR gets a leading single quote, so that a spreadsheet shows it
and never runs it (``+HYPERLINK(...)``, ``-CMD|' /C CALC'!A``). Numbers are written as numbers.
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

from bpjs_desktop.domain.inputs import spreadsheet_safe
from bpjs_desktop.errors import KnownError
from bpjs_desktop.exchange.atomic import replaced_atomically
from bpjs_desktop.i18n import _

Cell = str | int | date | None

CONFIDENTIAL_COMMENT = "RAHASIA — data pribadi (UU 27/2022)"


def mark_confidential(workbook: Any, title: str) -> None:
    """Mark an XlsxWriter *workbook* that holds personal data as confidential in its properties.

    The document properties (File › Info in Excel, and what a document-management system or a
    data-loss-prevention scanner reads) say so: UU 27/2022 asks to keep personal data
    confidential (domain.md §9); a file that says what it is is easier to keep so. The words are
    fixed Indonesian, as a classification label is, whatever the language of the screen.
    """
    workbook.set_properties(
        {
            "title": title,
            "subject": "Data pribadi peserta BPJS Ketenagakerjaan",
            "comments": CONFIDENTIAL_COMMENT,
            "keywords": "rahasia",
            "category": "Rahasia",
        }
    )
    workbook.set_custom_property("Klasifikasi", "Rahasia")


def write_table(
    out: Path,
    title: str,
    headers: Sequence[str],
    rows: Sequence[Sequence[Cell]],
    widths: Sequence[int] = (),
    *,
    confidential: bool = False,
) -> Path:
    """Write *rows* under *headers* to *out* (``.xlsx`` or ``.csv``); return the path.

    *confidential*: the rows hold personal data; a workbook is marked so in its properties
    (:func:`mark_confidential`). A CSV file has no properties: it stays plain, and the export is
    on the audit trail (services/personal.py) as every export of personal data is.

    Raises:
        KnownError: another file ending, a missing folder, or a file that cannot be written.
    """
    out = Path(out)
    suffix = out.suffix.lower()
    if suffix not in (".xlsx", ".csv"):
        raise KnownError(
            _("Nama file keluaran harus berakhiran .xlsx atau .csv: {path}").format(path=out)
        )
    with replaced_atomically(out) as tmp:
        if suffix == ".csv":
            _write_csv(tmp, headers, rows)
        else:
            _write_xlsx(tmp, title, headers, rows, widths, confidential)
    return out


def _text(value: Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return f"{value.day:02d}/{value.month:02d}/{value.year:04d}"
    return str(value)


def _write_csv(path: Path, headers: Sequence[str], rows: Sequence[Sequence[Cell]]) -> None:
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow([spreadsheet_safe(h) for h in headers])
        for row in rows:
            writer.writerow([_csv_cell(v) for v in row])


def _csv_cell(value: Cell) -> str:
    """A cell of the CSV file: user text quoted when a spreadsheet would run it."""
    if isinstance(value, str):
        return spreadsheet_safe(value)
    return _text(value)


def _write_xlsx(
    path: Path,
    title: str,
    headers: Sequence[str],
    rows: Sequence[Sequence[Cell]],
    widths: Sequence[int],
    confidential: bool = False,
) -> None:
    import xlsxwriter  # imported here: keeps it out of the app's start-up

    workbook = xlsxwriter.Workbook(
        str(path),
        {"constant_memory": True, "strings_to_formulas": False, "strings_to_numbers": False},
    )
    try:
        if confidential:
            mark_confidential(workbook, title)
        sheet = workbook.add_worksheet(title[:31])
        head = workbook.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1})
        money = workbook.add_format({"num_format": "#,##0"})
        day = workbook.add_format({"num_format": "dd/mm/yyyy"})
        sheet.freeze_panes(1, 0)
        for col, caption in enumerate(headers):
            sheet.set_column(col, col, widths[col] if col < len(widths) else 14)
            sheet.write_string(0, col, caption, head)
        for r, row in enumerate(rows, start=1):
            for c, value in enumerate(row):
                if value is None:
                    sheet.write_blank(r, c, None)
                elif isinstance(value, bool):
                    sheet.write_string(r, c, _text(value))
                elif isinstance(value, int):
                    sheet.write_number(r, c, value, money)
                elif isinstance(value, date):
                    sheet.write_datetime(r, c, value, day)
                else:
                    sheet.write_string(r, c, value)
        sheet.autofilter(0, 0, max(1, len(rows)), max(0, len(headers) - 1))
    finally:
        workbook.close()
