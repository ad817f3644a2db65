"""An office's plan of targets as an Excel workbook: the template (XlsxWriter) and its reading
(openpyxl, read-only), with every wrong cell reported by row, column and reason in Indonesian.

Layout of the sheet "Rencana target" (rows and columns as Excel numbers them):

- B4: the office code; B5: the year;
- row 7: the headers — A "Kode KPI", B "Indikator", C "Satuan", D "Cara hitung", E–P January to
  December;
- from row 8: one KPI per row; an empty month cell means "no target for that month".

Safety: text is never turned into a formula; the workbook is written to a temporary file beside
the target and renamed over it only when complete.
"""

from __future__ import annotations

import zipfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bpjs_desktop.domain.money import group_thousands
from bpjs_desktop.domain.periods import MONTH_NAMES_ID
from bpjs_desktop.errors import KnownError
from bpjs_desktop.exchange.atomic import write_xlsx
from bpjs_desktop.i18n import N_, _

SHEET = N_("Rencana target")
OFFICE_ROW = 4  # 1-based rows, as the user sees them
YEAR_ROW = 5
HEADER_ROW = 7
FIRST_KPI_ROW = 8
FIRST_MONTH_COL = 5  # column E
KIND_TEXT = {
    "STOCK": N_("Posisi akhir bulan"),
    "CUMULATIVE": N_("Kumulatif Januari s.d. bulan itu"),
    "PERCENT": N_("Persen (0–100)"),
}


def column_letter(col: int) -> str:
    """1 → A, 5 → E, 16 → P."""
    letters = ""
    while col:
        col, rem = divmod(col - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


@dataclass(frozen=True, slots=True)
class PlanKpi:
    code: str
    label: str
    unit: str
    kind: str  # STOCK | CUMULATIVE | PERCENT


@dataclass(frozen=True, slots=True)
class PlanCell:
    row: int
    column: str
    kpi: str
    month: int
    value: int


@dataclass
class PlanFile:
    office_code: str | None = None
    year: int | None = None
    office_row: int = OFFICE_ROW
    cells: list[PlanCell] = field(default_factory=list)
    errors: list[tuple[int, str, str]] = field(default_factory=list)  # (row, column, reason)


def write_plan_template(
    out: Path,
    office_code: str,
    office_name: str,
    year: int,
    kpis: Sequence[PlanKpi],
    values: Mapping[tuple[str, int], int],
) -> None:
    """Write the plan workbook of one office and year, with the targets it already has."""
    write_xlsx(out, lambda workbook: _write(workbook, office_code, office_name, year, kpis, values))


def _write(
    workbook: Any,
    office_code: str,
    office_name: str,
    year: int,
    kpis: Sequence[PlanKpi],
    values: Mapping[tuple[str, int], int],
) -> None:
    title = workbook.add_format({"bold": True, "font_size": 14})
    note = workbook.add_format({"italic": True, "font_color": "#555555"})
    fixed = workbook.add_format({"bg_color": "#EDEDED", "border": 1})
    fixed_bold = workbook.add_format({"bg_color": "#EDEDED", "border": 1, "bold": True})
    header = workbook.add_format(
        {"bold": True, "bg_color": "#DDEBF7", "border": 1, "text_wrap": True, "valign": "top"}
    )
    number = workbook.add_format({"num_format": "#,##0", "border": 1, "bg_color": "#FFFFFF"})
    sheet = workbook.add_worksheet(_(SHEET))
    sheet.write_string(0, 0, _("Rencana target {office} tahun {year}").format(office=office_name, year=year), title)  # fmt: skip
    sheet.write_string(
        1, 0, _("Isi angka target per bulan di kolom Januari–Desember; sel abu-abu jangan diubah."), note
    )  # fmt: skip
    sheet.write_string(OFFICE_ROW - 1, 0, _("Kode kantor"), fixed_bold)
    sheet.write_string(OFFICE_ROW - 1, 1, office_code, fixed_bold)
    sheet.write_string(OFFICE_ROW - 1, 2, office_name, fixed)
    sheet.write_string(YEAR_ROW - 1, 0, _("Tahun"), fixed_bold)
    sheet.write_number(YEAR_ROW - 1, 1, year, fixed_bold)
    headers = [_("Kode KPI"), _("Indikator"), _("Satuan"), _("Cara hitung")]
    headers += [_(m) for m in MONTH_NAMES_ID]
    for col, text in enumerate(headers):
        sheet.write_string(HEADER_ROW - 1, col, text, header)
    sheet.set_column(0, 0, 20)
    sheet.set_column(1, 1, 26)
    sheet.set_column(2, 2, 8)
    sheet.set_column(3, 3, 30)
    sheet.set_column(FIRST_MONTH_COL - 1, FIRST_MONTH_COL + 10, 12)
    for index, kpi in enumerate(kpis):
        row = FIRST_KPI_ROW - 1 + index
        sheet.write_string(row, 0, kpi.code, fixed)
        sheet.write_string(row, 1, kpi.label, fixed)
        sheet.write_string(row, 2, kpi.unit, fixed)
        sheet.write_string(row, 3, _(KIND_TEXT[kpi.kind]), fixed)
        for month in range(1, 13):
            value = values.get((kpi.code, month))
            col = FIRST_MONTH_COL - 2 + month
            if value is None:
                sheet.write_blank(row, col, None, number)
            else:
                sheet.write_number(row, col, value, number)
        maximum = 100 if kpi.kind == "PERCENT" else 10**15
        sheet.data_validation(
            row, FIRST_MONTH_COL - 1, row, FIRST_MONTH_COL + 10,
            {"validate": "integer", "criteria": "between", "minimum": 0, "maximum": maximum,
             "error_title": _("Target tidak sah"),
             "error_message": _("Isi bilangan bulat tidak negatif (persen: 0–100).")},
        )  # fmt: skip
    sheet.freeze_panes(HEADER_ROW, 2)
    help_sheet = workbook.add_worksheet(_("Petunjuk"))
    help_sheet.set_column(0, 0, 110)
    lines = [
        _("Cara mengisi rencana target"),
        "",
        _("• Satu baris per indikator (KPI), satu kolom per bulan; sel kosong berarti tanpa target bulan itu."),
        _("• Posisi akhir bulan: jumlah yang aktif pada hari terakhir bulan itu (BU aktif, TK aktif per segmen)."),
        _("• Kumulatif: jumlah sejak 1 Januari sampai akhir bulan itu; tidak boleh turun dari bulan ke bulan, dan Desember adalah target setahun."),
        _("• Persen: bagian klaim yang dibayar tepat waktu (SLA), 0 sampai 100."),
        _("• Rupiah ditulis utuh tanpa sen; angka boleh memakai titik ribuan (1.234.567)."),
        _("• Jangan mengubah kode kantor, tahun, atau kolom abu-abu. Impor selalu diperiksa dulu (uji coba) sebelum disimpan."),
    ]  # fmt: skip
    for row, line in enumerate(lines):
        help_sheet.write_string(row, 0, line, title if row == 0 else None)


# --- reading -------------------------------------------------------------------------------------


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def _integer(value: Any) -> int | None:
    """A whole number from a cell: a number, or text like "1.234.567" (dots group thousands)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return int(value) if value.is_integer() else None
    text = _text(value).replace(" ", "").replace("\u00a0", "")
    if text.lower().startswith("rp"):
        text = text[2:]
    if text.endswith("%"):
        text = text[:-1]
    groups = text.split(".")
    if len(groups) > 1 and not (1 <= len(groups[0]) <= 3 and all(len(g) == 3 for g in groups[1:])):
        return None
    digits = "".join(groups)
    if digits.startswith("-") and digits[1:].isdigit():
        return -int(digits[1:])
    return int(digits) if digits.isdigit() and digits.isascii() else None


def _sheet_rows(path: Path) -> list[tuple[Any, ...]]:
    """The values of the plan sheet's rows (the sheet named as the template names it, else the
    first one)."""
    import openpyxl  # at import time only
    from openpyxl.utils.exceptions import InvalidFileException

    if not path.is_file():
        raise KnownError(_("File {path} tidak ada").format(path=path))
    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, OSError, KeyError, ValueError) as exc:
        raise KnownError(
            _("File {path} bukan buku kerja Excel (.xlsx) yang dapat dibaca").format(path=path.name)
        ) from exc
    try:
        names = workbook.sheetnames
        sheet_name = next((n for n in names if n in (SHEET, _(SHEET))), names[0] if names else None)
        if sheet_name is None:
            raise KnownError(_("Buku kerja ini tidak berisi lembar kerja"))
        rows = list(workbook[sheet_name].iter_rows(values_only=True))
    finally:
        workbook.close()
    return rows


def _read_months(plan: PlanFile, row: int, code: str, kind: str, month_values: list[Any]) -> None:
    """One KPI row's twelve monthly targets: whole, not negative, a percentage up to 100, a
    cumulative one never falling; each good value becomes a cell of *plan*."""
    months = MONTH_NAMES_ID
    previous: tuple[int, int] | None = None
    for m, raw in enumerate(month_values, start=1):
        col = column_letter(FIRST_MONTH_COL + m - 1)
        where = f"{col} ({months[m - 1]})"
        if _text(raw) == "":
            continue
        value = _integer(raw)
        if value is None:
            plan.errors.append(
                (row, where, _("{value!r} bukan bilangan bulat").format(value=_text(raw)))
            )
            continue
        if value < 0:
            plan.errors.append((row, where, _("Target tidak boleh negatif")))
            continue
        if kind == "PERCENT" and value > 100:
            plan.errors.append(
                (
                    row,
                    where,
                    _("Target persen paling besar 100, bukan {value}").format(value=value),
                )
            )
            continue
        if kind == "CUMULATIVE" and previous is not None and value < previous[1]:
            plan.errors.append(
                (row, where, _("Target kumulatif tidak boleh turun: {value} lebih kecil dari {previous} pada bulan {month}").format(
                    value=group_thousands(value), previous=group_thousands(previous[1]), month=months[previous[0] - 1]))
            )  # fmt: skip
            continue
        previous = (m, value)
        plan.cells.append(PlanCell(row, where, code, m, value))


def read_plan(path: Path, kinds: Mapping[str, str]) -> PlanFile:
    """Read a plan workbook; every problem becomes an error (row, column letter, reason).

    *kinds* maps each KPI code to STOCK, CUMULATIVE or PERCENT.
    """
    plan = PlanFile()
    rows = _sheet_rows(Path(path))

    def cell(row: int, col: int) -> Any:
        values = rows[row - 1] if row - 1 < len(rows) else ()
        return values[col - 1] if col - 1 < len(values) else None

    header_row = next(
        (i + 1 for i, r in enumerate(rows) if r and _text(r[0]).lower() == _("Kode KPI").lower()),
        None,
    )
    found_office = found_year = False
    for i, r in enumerate(rows[: (header_row or 10)]):
        label = _text(r[0] if r else None).lower()
        if label == _("Kode kantor").lower():
            found_office = True
            plan.office_row = i + 1
            code = _text(cell(i + 1, 2)).upper()
            if code:
                plan.office_code = code
            else:
                plan.errors.append((i + 1, "B", _("Kode kantor kosong")))
        elif label == _("Tahun").lower():
            found_year = True
            year = _integer(cell(i + 1, 2))
            if year is None or not 2000 <= year <= 2100:
                plan.errors.append(
                    (i + 1, "B", _("Tahun harus berupa angka 2000–2100, bukan {value!r}").format(value=_text(cell(i + 1, 2))))
                )  # fmt: skip
            else:
                plan.year = year
    if not found_office:
        plan.errors.append((OFFICE_ROW, "A", _('Baris "Kode kantor" tidak ditemukan')))
    if not found_year:
        plan.errors.append((YEAR_ROW, "A", _('Baris "Tahun" tidak ditemukan')))
    if header_row is None:
        plan.errors.append((HEADER_ROW, "A", _('Baris judul kolom ("Kode KPI") tidak ditemukan')))
        return plan

    seen: dict[str, int] = {}
    for row in range(header_row + 1, len(rows) + 1):
        code = _text(cell(row, 1)).upper()
        month_values = [cell(row, FIRST_MONTH_COL + m) for m in range(12)]
        if not code and all(_text(v) == "" for v in month_values):
            continue
        if code not in kinds:
            plan.errors.append(
                (row, "A", _("Kode KPI {code!r} tidak dikenal").format(code=code or ""))
            )
            continue
        if code in seen:
            plan.errors.append(
                (
                    row,
                    "A",
                    _("KPI {code} sudah ada di baris {row}").format(code=code, row=seen[code]),
                )
            )
            continue
        seen[code] = row
        _read_months(plan, row, code, kinds[code], month_values)
    return plan
