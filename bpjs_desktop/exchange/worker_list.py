"""An employer's worker list (``.xlsx`` or ``.csv``): the template, reading it, cleaning each cell.

No database and no Qt here: :func:`read_rows` turns a file into raw cells with their spreadsheet
row numbers, :func:`parse_rows` turns each cell into a typed value or a :class:`RowError` that
names the row, the column and what is expected. The rules that need the employer, today's date
or the database (a NIK consistent with the birth date, age, duplicates...) are checked by
``services.imports``.

A cell is either read exactly or reported; it is never guessed. In particular:

- a NIK stored as a *number* is read only when it cannot have been cut by Excel, which keeps 15
  significant digits (so a 16-digit NIK typed into a number cell ends in ``0``): an integer of 16
  digits whose last digit is not ``0`` is exact; anything else is reported;
- a NIK in scientific notation (``3.57801E+15``), a formula (``=...``) or an Excel error value
  (``#N/A``) is reported;
- spaces, non-breaking spaces and zero-width characters are removed (from a NIK) or collapsed
  (from a name);
- dates are read day first (``28/11/2026``, ``28-11-2026``, ``28.11.2026``), as ISO
  (``2026-11-28``), as real date cells, or with month names (``15 Mei 1990``, ``15-Agu-1990``);
  a two-digit year is reported as ambiguous, and a date stored as a bare serial number too.
"""

from __future__ import annotations

import csv
import io
import re
import time as clock
import unicodedata
import zipfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from bpjs_desktop.domain import inputs
from bpjs_desktop.domain.identifiers import Sex
from bpjs_desktop.domain.masking import WAGE_MASK, mask_nik
from bpjs_desktop.domain.money import parse_rupiah
from bpjs_desktop.domain.periods import format_date
from bpjs_desktop.domain.programmes import Programme, parse_programmes
from bpjs_desktop.errors import KnownError, ValidationError
from bpjs_desktop.exchange.atomic import write_xlsx
from bpjs_desktop.exchange.table_export import mark_confidential
from bpjs_desktop.i18n import N_, _

_ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff\u00ad"
_INVISIBLE_RE = re.compile(f"[{_ZERO_WIDTH}]")

# --- the columns ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ColumnSpec:
    """One column of the worker list: its header in the template and how it is matched."""

    key: str
    header: str  # as written in the template (fixed Indonesian: it is part of the file format)
    label: str  # how errors name the column: the header without its hint in brackets
    required: bool
    width: int
    help: str  # for the "Petunjuk" sheet (translated when written)
    example: str


COLUMNS: tuple[ColumnSpec, ...] = (
    ColumnSpec("nik", "NIK", "NIK", True, 20,
               N_("16 digit sesuai KTP. Kolom ini berformat Teks: jangan diubah menjadi Angka, "
                  "karena Excel hanya menyimpan 15 digit angka dan digit ke-16 hilang."),
               "3525015505900001"),
    ColumnSpec("name", "Nama (sesuai KTP)", "Nama", True, 30,
               N_("Nama lengkap sesuai KTP, tanpa angka."), "SITI AMINAH"),
    ColumnSpec("birth_place", "Tempat lahir", "Tempat lahir", False, 18,
               N_("Kota atau kabupaten tempat lahir (tidak wajib)."), "GRESIK"),
    ColumnSpec("birth_date", "Tanggal lahir (HH/BB/TTTT)", "Tanggal lahir", True, 16,
               N_("Hari/bulan/tahun dengan tahun 4 digit: 15/05/1990, 15-05-1990, 15.05.1990, "
                  "1990-05-15 atau 15 Mei 1990. Harus sesuai dengan NIK."),
               "15/05/1990"),
    ColumnSpec("sex", "Jenis kelamin (L/P)", "Jenis kelamin", True, 10,
               N_("L (laki-laki) atau P (perempuan). Harus sesuai dengan NIK."), "P"),
    ColumnSpec("mother_name", "Nama ibu kandung", "Nama ibu kandung", False, 26,
               N_("Nama ibu kandung (tidak wajib, tetapi membantu mencocokkan data)."), "SUMIATI"),
    ColumnSpec("start_date", "Tanggal mulai (HH/BB/TTTT)", "Tanggal mulai", True, 16,
               N_("Tanggal mulai bekerja dan menjadi peserta: tidak sesudah hari ini dan tidak "
                  "sebelum pemberi kerja terdaftar."),
               "02/01/2018"),
    ColumnSpec("wage", "Upah sebulan (Rp)", "Upah sebulan", True, 16,
               N_("Upah pokok ditambah tunjangan tetap, dalam rupiah utuh tanpa sen: 4500000, "
                  "4.500.000 atau Rp 4.500.000. Upah di bawah UMK diberi peringatan."),
               "4.500.000"),
    ColumnSpec("job_title", "Jabatan", "Jabatan", False, 20,
               N_("Jabatan atau bagian (tidak wajib)."), "OPERATOR PRODUKSI"),
    ColumnSpec("programmes", "Program (opsional, mis. JKK,JKM,JHT,JP)", "Program", False, 22,
               N_("Kosongkan untuk memakai program pemberi kerja (ditambah JKP bila memenuhi "
                  "syarat). Bila diisi: JKK, JKM, JHT, JP, JKP dipisah koma."),
               ""),
    ColumnSpec("phone", "No. HP", "No. HP", False, 16,
               N_("Nomor HP untuk JMO (tidak wajib). Kolom ini berformat Teks agar angka 0 di "
                  "depan tidak hilang."),
               "081234567890"),
)  # fmt: skip

COLUMN_BY_KEY = {c.key: c for c in COLUMNS}
KEYS = tuple(c.key for c in COLUMNS)
DATA_SHEET = "Daftar TK"
HELP_SHEET = "Petunjuk"
MAX_HEADER_SEARCH = 10  # rows at the top that may hold a title before the header row

# The longest text each column may hold (the database's column sizes).
MAX_LENGTHS = {"name": 120, "birth_place": 80, "mother_name": 120, "job_title": 80, "phone": 30}

# Limits checked while a file is read, so that a hostile or broken file is refused early instead
# of taking minutes and gigabytes (issue #12). A branch's largest employer has some 50,000
# workers: four times that is still a real list; a real cell is under 200 characters.
MAX_FILE_BYTES = 100 * 2**20  # 100 MiB as stored
MAX_UNCOMPRESSED_BYTES = 512 * 2**20  # the xlsx's members unpacked (a 200,000-row list: ~80 MiB)
MAX_COMPRESSION_RATIO = 200  # real xlsx files compress 5–30×; a zip bomb thousands of times
MAX_ROWS = 200_000
MAX_CELLS_PER_ROW = 200  # cells holding a value; the template has 11 columns
MAX_CELL_LENGTH = 10_000  # a longer cell refuses the file (a too-long name refuses its row)
MAX_SECONDS = 300.0  # reading a 200,000-row list takes well under a minute


def _header_key(text: str) -> str:
    """``"Tanggal lahir (HH/BB/TTTT)"`` → ``"tanggallahir"``: case, spaces, dots and the hint in
    brackets do not matter when a header is matched."""
    text = _INVISIBLE_RE.sub("", text)
    text = re.sub(r"\(.*\)", "", text)
    return "".join(ch for ch in text.lower() if ch.isalnum())


_KEY_BY_HEADER = {_header_key(c.header): c.key for c in COLUMNS}


class WorkerListError(KnownError):
    """The file as a whole cannot be read: wrong format, no header row, missing columns."""


class MissingColumnsError(WorkerListError):
    """Required columns are not in the header row: *where* (a sheet or file) lacks *columns*
    (their headers). The import window says how to get the template from the window itself."""

    def __init__(self, message: str, where: str, columns: Sequence[str]) -> None:
        super().__init__(message)
        self.where = where
        self.columns = tuple(columns)


class _Limits:
    """Counts rows and watches cells and time while a file streams in; refuses past a limit."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.rows = 0
        self.deadline = clock.monotonic() + MAX_SECONDS

    def row(self, number: int, cells: Sequence[object]) -> None:
        self.rows += 1
        if self.rows > MAX_ROWS:
            raise WorkerListError(
                _(
                    "File {name} berisi lebih dari {limit} baris; pecah menjadi beberapa file"
                ).format(name=self.name, limit=group_limit(MAX_ROWS))
            )
        filled = 0
        for cell in cells:
            if cell is None or cell == "":
                continue
            filled += 1
            if isinstance(cell, str) and len(cell) > MAX_CELL_LENGTH:
                raise WorkerListError(
                    _(
                        "Baris {row} file {name} berisi sel sepanjang {n} karakter (paling "
                        "panjang {limit}): {start}"
                    ).format(
                        row=number,
                        name=self.name,
                        n=group_limit(len(cell)),
                        limit=group_limit(MAX_CELL_LENGTH),
                        start=inputs.shorten(cell),
                    )
                )
        if filled > MAX_CELLS_PER_ROW:
            raise WorkerListError(
                _("Baris {row} file {name} berisi lebih dari {limit} sel terisi").format(
                    row=number, name=self.name, limit=MAX_CELLS_PER_ROW
                )
            )
        if self.rows % 1000 == 0 and clock.monotonic() > self.deadline:
            raise WorkerListError(
                _("Membaca file {name} melebihi {limit} detik; pecah menjadi beberapa file").format(
                    name=self.name, limit=int(MAX_SECONDS)
                )
            )


def group_limit(value: int) -> str:
    return f"{value:,}".replace(",", ".")


def _check_xlsx_size(name: str, data: bytes) -> None:
    """Refuse an xlsx whose members would unpack past :data:`MAX_UNCOMPRESSED_BYTES`, or at a
    zip-bomb ratio, before openpyxl opens it (the zip directory's sizes cost nothing to read)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return  # openpyxl says the file is not a workbook
    total = sum(m.file_size for m in members)
    packed = sum(m.compress_size for m in members)
    if total > MAX_UNCOMPRESSED_BYTES or (
        total > 10 * 2**20 and total > MAX_COMPRESSION_RATIO * max(packed, 1)
    ):
        raise WorkerListError(
            _(
                "File {name} membengkak menjadi {size} MiB bila dibuka (paling besar {limit} MiB, "
                "rasio paling besar {ratio}×): bukan daftar tenaga kerja yang wajar"
            ).format(
                name=name,
                size=group_limit(total // 2**20),
                limit=MAX_UNCOMPRESSED_BYTES // 2**20,
                ratio=MAX_COMPRESSION_RATIO,
            )
        )


# --- what reading gives ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class RawRow:
    """One data row as found: the spreadsheet row number and a value per column of :data:`KEYS`
    (None where the column is absent or the cell empty)."""

    row: int
    values: tuple[object, ...]

    def get(self, key: str) -> object:
        return self.values[KEYS.index(key)]


@dataclass(frozen=True, slots=True)
class RawSheet:
    """The data rows of a worker list and where they were found."""

    sheet: str
    header_row: int
    columns: tuple[str, ...]  # keys of the columns present, in :data:`KEYS` order
    rows: tuple[RawRow, ...]


@dataclass(frozen=True, slots=True)
class RowError:
    """One cell (or row) that is wrong: spreadsheet row, column label, the value, why."""

    row: int
    column: str
    value: str
    message: str


@dataclass(frozen=True, slots=True)
class WorkerListRow:
    """A row whose cells were read; a field is None when its cell was missing or wrong (and a
    :class:`RowError` says why)."""

    row: int
    nik: str | None
    name: str | None
    birth_place: str
    birth_date: date | None
    sex: Sex | None
    mother_name: str
    start_date: date | None
    wage: int | None
    job_title: str
    programmes: frozenset[Programme] | None  # None: the employer's programmes
    phone: str


@dataclass(frozen=True, slots=True)
class ParsedList:
    rows: tuple[WorkerListRow, ...]
    errors: tuple[RowError, ...]
    warnings: tuple[RowError, ...]


# --- reading files --------------------------------------------------------------------------------

Progress = Callable[[float], None]


def read_rows(
    path: Path | str, *, data: bytes | None = None, progress: Progress | None = None
) -> RawSheet:
    """Read the data rows of an ``.xlsx`` or ``.csv`` worker list.

    Args:
        path: the file; its suffix decides the format.
        data: the file's bytes when the caller has read them already (so that what is read is
            exactly what was hashed).
        progress: called now and then with the fraction read (0–1); it may raise to stop.

    Raises:
        WorkerListError: the file cannot be read, or a required column is missing.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".xls":
        raise WorkerListError(
            _("Format .xls (Excel 97–2003) tidak didukung: simpan ulang sebagai .xlsx atau .csv")
        )
    if suffix not in (".xlsx", ".xlsm", ".csv"):
        raise WorkerListError(
            _("File {name} bukan .xlsx atau .csv").format(name=path.name),
        )
    if data is None:
        data = read_file(path)
    if len(data) > MAX_FILE_BYTES:
        raise _too_large(path)
    if suffix == ".csv":
        return _read_csv(path.name, data, progress)
    _check_xlsx_size(path.name, data)
    return _read_xlsx(path.name, data, progress)


def read_file(path: Path) -> bytes:
    """The bytes of the file at *path*; one larger than :data:`MAX_FILE_BYTES` is refused before
    it is read into memory.

    Raises:
        WorkerListError: the file is missing, unreadable or too large.
    """
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            raise _too_large(path)
        return path.read_bytes()
    except FileNotFoundError:
        raise WorkerListError(_("File {path} tidak ada").format(path=path)) from None
    except OSError as exc:
        raise WorkerListError(
            _("File {path} tidak dapat dibaca: {reason}").format(
                path=path, reason=exc.strerror or exc
            )
        ) from exc


def _too_large(path: Path) -> WorkerListError:
    return WorkerListError(
        _("File {name} lebih besar dari {limit} MiB; pecah menjadi beberapa file").format(
            name=path.name, limit=MAX_FILE_BYTES // 2**20
        )
    )


def _find_header(rows: Sequence[Sequence[object]]) -> tuple[int, dict[str, int]] | None:
    """The first row (0-based) of *rows* that holds a NIK header, and the column of each key."""
    for index, cells in enumerate(rows):
        keys = [_header_key(str(c)) if isinstance(c, str) else "" for c in cells]
        if "nik" in keys:
            found: dict[str, int] = {}
            for position, key in enumerate(keys):
                name = _KEY_BY_HEADER.get(key)
                if name is None:
                    continue  # an extra column: ignored
                if name in found:
                    raise WorkerListError(
                        _("Kolom {column} muncul dua kali di baris judul {row}").format(
                            column=COLUMN_BY_KEY[name].header, row=index + 1
                        )
                    )
                found[name] = position
            return index, found
    return None


def _check_columns(found: dict[str, int] | None, where: str) -> None:
    present = found or {}
    missing = [c.header for c in COLUMNS if c.required and c.key not in present]
    if missing:
        raise MissingColumnsError(
            _(
                "Kolom wajib tidak ditemukan di {where}: {columns}. Salin data ke templat daftar "
                "tenaga kerja tanpa mengubah judul kolomnya."
            ).format(where=where, columns=", ".join(missing)),
            where,
            missing,
        )


def _raw_rows(
    rows: Iterable[tuple[int, Sequence[object]]], columns: dict[str, int]
) -> Iterator[RawRow]:
    positions = [columns.get(key) for key in KEYS]
    for number, cells in rows:
        values = tuple(cells[p] if p is not None and p < len(cells) else None for p in positions)
        if all(_is_blank(v) for v in values):
            continue
        yield RawRow(number, values)


def _is_blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not clean_text(value))


def _read_xlsx(name: str, data: bytes, progress: Progress | None) -> RawSheet:
    import openpyxl  # lazily: 165 ms to import (stack-notes §4a)

    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise WorkerListError(
            _(
                "File {name} tidak dapat dibaca sebagai buku kerja Excel (.xlsx): rusak, "
                "terkunci kata sandi, atau bukan .xlsx"
            ).format(name=name)
        ) from exc
    try:
        for sheet in workbook.worksheets:
            rows = sheet.iter_rows(values_only=True)
            top: list[tuple[object, ...]] = []
            for cells in rows:
                top.append(cells)
                if len(top) >= MAX_HEADER_SEARCH:
                    break
            header = _find_header(top)
            if header is None:
                continue
            header_index, columns = header
            _check_columns(columns, _("lembar {sheet}").format(sheet=sheet.title))
            total = sheet.max_row or 0

            numbered = _number_xlsx_rows(top, header_index, rows, total, progress, _Limits(name))
            result = tuple(_raw_rows(numbered, columns))
            if progress is not None:
                progress(1.0)
            return RawSheet(
                sheet.title, header_index + 1, tuple(k for k in KEYS if k in columns), result
            )
    finally:
        workbook.close()
    _check_columns(None, _("file {name}").format(name=name))
    raise AssertionError("unreachable")  # pragma: no cover


def _number_xlsx_rows(
    top: list[tuple[object, ...]],
    header_index: int,
    rest: Iterator[tuple[object, ...]],
    total: int,
    progress: Progress | None,
    limits: _Limits,
) -> Iterator[tuple[int, Sequence[object]]]:
    """The rows after the header with their 1-based sheet row numbers."""
    for index, cells in enumerate(top[header_index + 1 :], start=header_index + 2):
        limits.row(index, cells)
        yield index, cells
    for index, cells in enumerate(rest, start=len(top) + 1):
        limits.row(index, cells)
        if progress is not None and index % 5000 == 0 and total:
            progress(min(1.0, index / total))
        yield index, cells


_DELIMITERS = (";", ",", "\t")


def _decode(name: str, data: bytes) -> str:
    """UTF-8 (with or without a byte-order mark), UTF-16 with its byte-order mark (Excel's
    "Unicode text"), or Windows-1252."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise WorkerListError(
                _("File {name} rusak (UTF-16 tidak utuh); simpan ulang sebagai CSV UTF-8").format(
                    name=name
                )
            ) from None
    head = data[:4096]
    if head.count(b"\x00") > len(head) // 4:  # every other byte NUL: UTF-16 text
        raise WorkerListError(
            _(
                "File {name} bukan teks CSV (berisi byte NUL; mungkin UTF-16 tanpa penanda): "
                "file CSV harus UTF-8"
            ).format(name=name)
        )
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise WorkerListError(
        _("File {name} bukan teks UTF-8 atau Windows-1252; simpan ulang sebagai CSV UTF-8").format(
            name=name
        )
    )


def _sniff_delimiter(lines: Sequence[str]) -> str:
    """Of ``;``, ``,`` and tab, the one that splits the widest line of the top into most fields."""
    best, best_fields = ";", 0
    for delimiter in _DELIMITERS:
        fields = max((_count_fields(line, delimiter) for line in lines), default=0)
        if fields > best_fields:
            best, best_fields = delimiter, fields
    return best


def _count_fields(line: str, delimiter: str) -> int:
    try:
        return len(next(csv.reader([line], delimiter=delimiter), []))
    except csv.Error:
        return 0  # a field past csv's own limit: the reading below names it


def _read_csv(name: str, data: bytes, progress: Progress | None) -> RawSheet:
    text = _decode(name, data)
    lines = text.splitlines()
    delimiter: str | None = None
    skip = 0
    if lines and re.fullmatch(r"sep=(.)", lines[0].strip()):
        delimiter, skip = lines[0].strip()[4], 1  # Excel's "sep=;" hint line: not a row
    if delimiter is None:
        delimiter = _sniff_delimiter(lines[:MAX_HEADER_SEARCH])
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    records: list[list[str]] = []
    limits = _Limits(name)
    try:
        for index, record in enumerate(reader):
            if index >= skip:
                limits.row(reader.line_num, record)
                records.append(record)
    except csv.Error as exc:
        if "field larger than field limit" in str(exc):
            raise WorkerListError(
                _(
                    "File CSV {name} berisi sel lebih panjang dari {limit} karakter di baris {row}"
                ).format(name=name, limit=group_limit(MAX_CELL_LENGTH), row=reader.line_num)
            ) from None
        raise WorkerListError(
            _("File CSV {name} rusak di baris {row}: {reason}").format(
                name=name, row=reader.line_num, reason=exc
            )
        ) from exc
    header = _find_header(records[:MAX_HEADER_SEARCH])
    _check_columns(header[1] if header else None, _("file {name}").format(name=name))
    assert header is not None
    header_index, columns = header
    total = len(records)

    def numbered() -> Iterator[tuple[int, Sequence[object]]]:
        for index in range(header_index + 1, total):
            if progress is not None and index % 5000 == 0:
                progress(index / total)
            yield index + 1, records[index]

    rows = tuple(_raw_rows(numbered(), columns))
    if progress is not None:
        progress(1.0)
    return RawSheet(name, header_index + 1, tuple(k for k in KEYS if k in columns), rows)


# --- cleaning cells -------------------------------------------------------------------------------

_SPACE_RE = re.compile(r"[\s\u00a0\u2007\u202f]+")
_EXCEL_ERRORS = {"#N/A", "#VALUE!", "#REF!", "#DIV/0!", "#NUM!", "#NAME?", "#NULL!", "#SPILL!"}
_SCIENTIFIC_RE = re.compile(r"^[+-]?\d+(?:[.,]\d*)?[eE][+-]?\d+$")
_FLOAT_EXACT_LIMIT = 2**53  # above this a double cannot hold every integer


def clean_text(value: str) -> str:
    """Remove zero-width characters, turn any run of spaces (NBSP too) into one, strip."""
    return _SPACE_RE.sub(" ", _INVISIBLE_RE.sub("", value)).strip()


def display_value(value: object) -> str:
    """A cell as the user would recognise it in a message or an error report."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        if value.time() == time(0, 0):
            return format_date(value.date())
        return f"{format_date(value.date())} {value:%H:%M}"
    if isinstance(value, date):
        return format_date(value)
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e16:
        return str(int(value))
    if isinstance(value, str):
        return _INVISIBLE_RE.sub("", value).strip()
    return str(value)


class CellError(ValueError):
    """A cell that cannot be read; the message says what is expected."""


def _reject_special(value: object) -> None:
    """Formulas and Excel error values are refused in every column."""
    if type(value).__name__ in ("ArrayFormula", "DataTableFormula"):
        raise CellError(_("Rumus (formula) tidak diterima: isi sel dengan nilainya, bukan rumus"))
    if isinstance(value, str):
        text = clean_text(value)
        if text.startswith("="):
            raise CellError(
                _("Rumus (formula) tidak diterima: isi sel dengan nilainya, bukan rumus")
            )
        if text.upper() in _EXCEL_ERRORS:
            raise CellError(
                _("Sel berisi galat Excel {error}; isi dengan nilai yang benar").format(
                    error=text.upper()
                )
            )


def read_nik(value: object) -> str:
    """The digits of a NIK cell, exactly, or :class:`CellError` (the NIK's own rules are checked
    later by ``domain.identifiers.parse_nik``)."""
    _reject_special(value)
    if value is None:
        return ""
    if isinstance(value, bool | date | time):
        raise CellError(_("NIK harus berupa 16 digit angka sebagai teks"))
    if isinstance(value, int | float):
        if isinstance(value, float):
            if not value.is_integer():
                raise CellError(_("NIK berupa angka desimal; NIK harus 16 digit tanpa koma"))
            if abs(value) >= _FLOAT_EXACT_LIMIT:
                raise CellError(_numeric_nik_message())
            value = int(value)
        digits = str(value)
        if len(digits) == 16 and not digits.endswith("0"):
            return digits  # 16 significant digits: Excel cannot have cut it, it is exact
        if len(digits) == 16:
            raise CellError(_numeric_nik_message())
        return digits  # too short or too long: parse_nik names the length
    if not isinstance(value, str):
        raise CellError(_("NIK harus berupa 16 digit angka sebagai teks"))
    text = clean_text(value).replace(" ", "")
    if text.startswith("'"):
        text = text[1:]  # the apostrophe Excel users type to keep a number as text
    if _SCIENTIFIC_RE.match(text):
        raise CellError(
            _(
                "NIK tertulis dalam notasi ilmiah ({text}); digitnya sudah hilang — format kolom "
                "NIK sebagai Teks lalu ketik ulang NIK"
            ).format(text=text)
        )
    return text


def _numeric_nik_message() -> str:
    return _(
        "NIK tersimpan sebagai angka di Excel; digit ke-16 bisa hilang — format kolom NIK "
        "sebagai Teks"
    )


MONTHS = {
    # Indonesian, full and the abbreviations offices use
    "januari": 1, "jan": 1, "februari": 2, "pebruari": 2, "feb": 2, "peb": 2, "maret": 3,
    "mar": 3, "april": 4, "apr": 4, "mei": 5, "juni": 6, "jun": 6, "juli": 7, "jul": 7,
    "agustus": 8, "agu": 8, "agt": 8, "ags": 8, "agust": 8, "september": 9, "sep": 9, "sept": 9,
    "oktober": 10, "okt": 10, "november": 11, "nopember": 11, "nov": 11, "nop": 11,
    "desember": 12, "des": 12,
    # English, as an English-language Excel writes "15-May-1990" into a CSV (never ambiguous)
    "january": 1, "february": 2, "march": 3, "may": 5, "june": 6, "july": 7, "august": 8,
    "aug": 8, "october": 10, "oct": 10, "december": 12, "dec": 12,
}  # fmt: skip

_DMY_RE = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})$")
_YMD_RE = re.compile(r"^(\d{4})[/\-](\d{1,2})[/\-](\d{1,2})(?:[ T]00:00(?::00(?:\.0+)?)?)?$")
_NAMED_RE = re.compile(r"^(\d{1,2})[\s.\-/]*([^\W\d_]+)\.?[\s.\-/,]*(\d{2,4})$")
_SHORT_YEAR_RE = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{2})$")
_EXPECTED_DATE = N_("tanggal berbentuk HH/BB/TTTT (misalnya 28/11/2026) atau 15 Mei 1990")


def read_date(value: object) -> date | None:
    """A date cell: a real date, or text written one of the accepted ways; None when empty."""
    _reject_special(value)
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, bool | time):
        raise CellError(_("Harus {expected}").format(expected=_(_EXPECTED_DATE)))
    if isinstance(value, int | float):
        hint = ""
        if 1 <= value < 2_958_466:  # Excel serial numbers of 1900-01-01 … 9999-12-31
            from datetime import timedelta

            hint = " " + _("(mungkin {day})").format(
                day=format_date(date(1899, 12, 30) + timedelta(days=int(value)))
            )
        raise CellError(
            _(
                "Tanggal tersimpan sebagai angka {value}{hint}; format sel sebagai tanggal atau "
                "ketik HH/BB/TTTT"
            ).format(value=display_value(value), hint=hint)
        )
    text = clean_text(str(value))
    if not text:
        return None
    day = month = year = 0
    if m := _DMY_RE.match(text):
        day, month, year = int(m.group(1)), int(m.group(2)), int(m.group(3))
    elif m := _YMD_RE.match(text):
        year, month, day = int(m.group(1)), int(m.group(2)), int(m.group(3))
    elif (m := _NAMED_RE.match(text)) and m.group(2).lower() in MONTHS:
        if len(m.group(3)) != 4:
            raise CellError(_short_year_message(text))
        day, month, year = int(m.group(1)), MONTHS[m.group(2).lower()], int(m.group(3))
    elif _SHORT_YEAR_RE.match(text):
        raise CellError(_short_year_message(text))
    else:
        raise CellError(
            _("Harus {expected}, bukan {text!r}").format(
                expected=_(_EXPECTED_DATE), text=inputs.shorten(text)
            )
        )
    if not 1900 <= year <= 2999:
        raise CellError(_("Tahun {year} di luar jangkauan").format(year=year))
    try:
        return date(year, month, day)
    except ValueError:
        raise CellError(
            _("Tanggal {text} tidak ada di kalender (urutannya hari/bulan/tahun)").format(text=text)
        ) from None


def _short_year_message(text: str) -> str:
    return _(
        "Tahun dua digit pada {text!r} tidak jelas abadnya (19xx atau 20xx); tulis tahun "
        "lengkap, misalnya 15/05/1990"
    ).format(text=text)


_COMMA_GROUPS_RE = re.compile(r"^\d{1,3}(,\d{3})+$")
_CURRENCY_RE = re.compile(r"^(?:rp\.?|idr)", re.IGNORECASE)


def read_wage(value: object) -> int | None:
    """Whole rupiah from a number cell or text (``4.500.000``, ``Rp 4.500.000``); None if empty."""
    _reject_special(value)
    if value is None:
        return None
    if isinstance(value, bool | date | time):
        raise CellError(_("Upah harus berupa jumlah rupiah, misalnya 4.500.000"))
    if isinstance(value, int):
        return _bounded_wage(value)
    if isinstance(value, float):
        if not value.is_integer():
            raise CellError(
                _("Upah harus dalam rupiah utuh, tanpa sen: {value}").format(value=value)
            )
        if abs(value) > inputs.MAX_MONTHLY_AMOUNT:
            raise CellError(inputs.too_much_message(_("Upah sebulan")))
        return int(value)
    text = clean_text(str(value)).replace(" ", "")
    if not text:
        return None
    text = _CURRENCY_RE.sub("", text)
    if _COMMA_GROUPS_RE.match(text):
        raise CellError(
            _(
                "Pemisah ribuan harus titik (4.500.000), bukan koma ({text}); koma berarti sen"
            ).format(text=text)
        )
    try:
        return _bounded_wage(parse_rupiah(text))
    except ValueError as exc:
        raise CellError(str(exc)) from None


def _bounded_wage(value: int) -> int:
    if value > inputs.MAX_MONTHLY_AMOUNT:
        raise CellError(inputs.too_much_message(_("Upah sebulan")))
    return value


_SEX = {
    "L": Sex.L, "LK": Sex.L, "LAKI-LAKI": Sex.L, "LAKI LAKI": Sex.L, "LAKILAKI": Sex.L,
    "PRIA": Sex.L, "P": Sex.P, "PR": Sex.P, "PEREMPUAN": Sex.P, "WANITA": Sex.P,
}  # fmt: skip


def read_sex(value: object) -> Sex | None:
    _reject_special(value)
    if value is None:
        return None
    text = clean_text(str(value)).upper()
    if not text:
        return None
    if text not in _SEX:
        raise CellError(
            _("Jenis kelamin harus L (laki-laki) atau P (perempuan), bukan {text!r}").format(
                text=inputs.shorten(display_value(value))
            )
        )
    return _SEX[text]


def read_text(value: object) -> str:
    """A free-text cell: spaces and invisible characters cleaned, Unicode NFC; a NUL, another
    control character or a lone surrogate refused (``domain.inputs``)."""
    _reject_special(value)
    if value is None:
        return ""
    raw = display_value(value)
    if any(0xD800 <= ord(ch) <= 0xDFFF for ch in raw):
        raise CellError(_("Sel berisi karakter Unicode yang rusak (surrogate)"))
    text = unicodedata.normalize("NFC", clean_text(raw))
    problem = inputs.text_problem(text, label=_("Sel"), max_length=MAX_CELL_LENGTH)
    if problem is not None:
        raise CellError(problem)
    return text


def read_name(value: object) -> str:
    """A name or other free text where a leading ``=``, ``+``, ``-``, ``@`` makes no sense: a
    spreadsheet would run it as a formula (OWASP CSV injection), so it is refused."""
    text = read_text(value)  # a leading tab or CR is whitespace, cleaned away by then
    if inputs.is_formula(text):
        raise CellError(
            _(
                "Sel tidak boleh diawali {char!r}: spreadsheet membacanya sebagai rumus; hapus "
                "tanda itu"
            ).format(char=text[0])
        )
    return text


def read_programmes(value: object) -> frozenset[Programme] | None:
    """``JKK,JKM,JHT`` (commas, semicolons, slashes or spaces between); None when empty."""
    text = read_text(value)
    if not text:
        return None
    try:
        return parse_programmes(re.sub(r"[;/+\s]+", ",", text))
    except ValidationError as exc:
        raise CellError(exc.message) from None


_PHONE_RE = re.compile(r"^\+?[0-9()\-. ]+$", re.ASCII)


def read_phone(value: object) -> tuple[str, str | None]:
    """The phone number, and a warning when it had to be repaired (a lost leading zero)."""
    _reject_special(value)
    if value is None:
        return "", None
    if isinstance(value, int | float) and not isinstance(value, bool):
        if isinstance(value, float) and not value.is_integer():
            raise CellError(_("No. HP harus berupa angka telepon, misalnya 081234567890"))
        digits = str(int(value))
        if digits.startswith("8") and 9 <= len(digits) <= 12:
            phone = "0" + digits
            return phone, _(
                "No. HP tersimpan sebagai angka sehingga angka 0 di depannya hilang; dibaca "
                "sebagai {phone} — format kolom No. HP sebagai Teks"
            ).format(phone=phone)
        return digits, None
    text = clean_text(str(value))
    if text.startswith("'"):
        text = text[1:]
    if not text:
        return "", None
    digit_count = sum(ch in "0123456789" for ch in text)
    if not _PHONE_RE.match(text) or not 8 <= digit_count <= 15:
        raise CellError(
            _("No. HP harus 8–15 angka, misalnya 081234567890, bukan {text!r}").format(
                text=inputs.shorten(text)
            )
        )
    return text, None


# --- parsing rows ---------------------------------------------------------------------------------


_FAILED: Any = object()  # a cell that was wrong (and reported), as opposed to an empty one


class _RowReader:
    """Reads the cells of one raw row, recording an error for each cell that is wrong."""

    def __init__(self, raw: RawRow, errors: list[RowError]) -> None:
        self.raw = raw
        self.errors = errors

    def cell(self, key: str, reader: Callable[[object], Any], default: Any = _FAILED) -> Any:
        value = self.raw.values[_INDEX[key]]
        try:
            return reader(value)
        except CellError as exc:
            self.error(key, inputs.shorten(display_value(value)), str(exc))
            return default

    def required(self, key: str, reader: Callable[[object], Any]) -> Any:
        result = self.cell(key, reader)
        if result is _FAILED:
            return None  # already reported
        if result is None or result == "":
            label = COLUMN_BY_KEY[key].label
            self.error(key, "", _("{column} wajib diisi").format(column=label))
            return None
        return result

    def error(self, key: str, value: str, message: str) -> None:
        self.errors.append(RowError(self.raw.row, COLUMN_BY_KEY[key].label, value, message))


_INDEX = {key: position for position, key in enumerate(KEYS)}
_LABEL_ORDER = {c.label: position for position, c in enumerate(COLUMNS)}


def parse_rows(sheet: RawSheet) -> ParsedList:
    """Clean and type every cell of every row; collect an error for each cell that is wrong."""
    rows: list[WorkerListRow] = []
    errors: list[RowError] = []
    warnings: list[RowError] = []
    for raw in sheet.rows:
        reader = _RowReader(raw, errors)
        phone_value = raw.values[_INDEX["phone"]]
        phone = ""
        try:
            phone, warning = read_phone(phone_value)
            if warning:
                warnings.append(
                    RowError(
                        raw.row, COLUMN_BY_KEY["phone"].label, display_value(phone_value), warning
                    )
                )
        except CellError as exc:
            reader.error("phone", display_value(phone_value), str(exc))
        record = WorkerListRow(
            row=raw.row,
            nik=reader.required("nik", read_nik),
            name=reader.required("name", read_name),
            birth_place=reader.cell("birth_place", read_name, ""),
            birth_date=reader.required("birth_date", read_date),
            sex=reader.required("sex", read_sex),
            mother_name=reader.cell("mother_name", read_name, ""),
            start_date=reader.required("start_date", read_date),
            wage=reader.required("wage", read_wage),
            job_title=reader.cell("job_title", read_name, ""),
            programmes=reader.cell("programmes", read_programmes, None),
            phone=phone,
        )
        for key, limit in MAX_LENGTHS.items():
            text = getattr(record, key)
            if text is not None and len(text) > limit:
                reader.error(
                    key,
                    text[:40] + "…",
                    _("Paling panjang {limit} karakter, bukan {n}").format(
                        limit=limit, n=len(text)
                    ),
                )
        rows.append(record)
    errors.sort(key=lambda e: (e.row, _LABEL_ORDER.get(e.column, 99)))  # row, then column order
    return ParsedList(tuple(rows), tuple(errors), tuple(warnings))


def read_worker_list(
    path: Path | str, *, data: bytes | None = None, progress: Progress | None = None
) -> ParsedList:
    """:func:`read_rows` then :func:`parse_rows`."""
    return parse_rows(read_rows(path, data=data, progress=progress))


# --- writing: the template and the error report -----------------------------------------------


def _atomic_xlsx(out: Path | str, write: Callable[[Any], None]) -> Path:
    """Write a workbook to a temporary file beside *out*, then rename it over *out*."""
    return write_xlsx(out, write, constant_memory=True)


TEMPLATE_ROWS = 5000  # rows prepared with text format and the L/P list (more may be added)


def write_template(path: Path | str) -> Path:
    """An empty worker list: the columns :func:`read_rows` reads, NIK/date/phone columns as Text
    (so Excel neither cuts a NIK nor reinterprets a date by its own locale), and a help sheet."""

    def write(workbook: Any) -> None:
        header = workbook.add_format(
            {"bold": True, "bg_color": "#DDEBF7", "border": 1, "text_wrap": True, "valign": "top"}
        )
        required = workbook.add_format(
            {"bold": True, "bg_color": "#FCE4D6", "border": 1, "text_wrap": True, "valign": "top"}
        )
        text = workbook.add_format({"num_format": "@"})
        money = workbook.add_format({"num_format": "#,##0"})
        sheet = workbook.add_worksheet(DATA_SHEET)
        sheet.freeze_panes(1, 0)
        sheet.set_row(0, 32)
        for col, spec in enumerate(COLUMNS):
            fmt = money if spec.key == "wage" else text
            sheet.set_column(col, col, spec.width, fmt)
            sheet.write_string(0, col, spec.header, required if spec.required else header)
        sex_col = KEYS.index("sex")
        sheet.data_validation(
            1, sex_col, TEMPLATE_ROWS, sex_col,
            {"validate": "list", "source": ["L", "P"], "error_title": "L/P",
             "error_message": _("Isi L (laki-laki) atau P (perempuan)")},
        )  # fmt: skip
        wage_col = KEYS.index("wage")
        sheet.data_validation(
            1, wage_col, TEMPLATE_ROWS, wage_col,
            {"validate": "integer", "criteria": ">", "value": 0, "ignore_blank": True,
             "error_message": _("Upah dalam rupiah utuh, lebih dari 0")},
        )  # fmt: skip

        bold = workbook.add_format({"bold": True})
        wrap = workbook.add_format({"text_wrap": True, "valign": "top"})
        wrap_bold = workbook.add_format({"text_wrap": True, "valign": "top", "bold": True})
        title = workbook.add_format({"bold": True, "font_size": 14})
        help_sheet = workbook.add_worksheet(HELP_SHEET)
        help_sheet.set_column(0, 0, 34)
        help_sheet.set_column(1, 1, 10)
        help_sheet.set_column(2, 2, 70)
        help_sheet.set_column(3, 3, 22)
        help_sheet.write_string(0, 0, _("Petunjuk pengisian daftar tenaga kerja"), title)
        intro = [
            _('Isi satu baris per tenaga kerja di lembar "Daftar TK", mulai baris 2.'),
            _("Jangan ubah, hapus atau pindahkan judul kolom; kolom tambahan diabaikan."),
            _("Jangan memakai rumus (formula): isi setiap sel dengan nilainya."),
            _("Kolom berwarna jingga wajib diisi; kolom biru tidak wajib."),
            _("Baris yang salah ditolak dengan alasannya; tidak ada yang ditebak."),
        ]
        for row, line in enumerate(intro, start=1):
            help_sheet.write_string(row, 0, "• " + line)
        top = len(intro) + 2
        for col, caption in enumerate((_("Kolom"), _("Wajib"), _("Isi"), _("Contoh"))):
            help_sheet.write_string(top, col, caption, bold)
        for offset, spec in enumerate(COLUMNS, start=1):
            help_sheet.write_string(top + offset, 0, spec.header, wrap_bold)
            help_sheet.write_string(top + offset, 1, _("ya") if spec.required else _("tidak"), wrap)
            help_sheet.write_string(top + offset, 2, _(spec.help), wrap)
            help_sheet.write_string(top + offset, 3, spec.example, wrap)

    return _atomic_xlsx(path, write)


PERSONAL_COLUMNS: dict[str, Callable[[str], str]] = {
    "nik": mask_nik,
    "wage": lambda value: WAGE_MASK if value.strip() else "",
}


def report_value(error: RowError, *, full: bool = False) -> str:
    """The value an error report shows: a NIK or a wage masked unless *full*.

    The user holds the original file, and the row and the column say where to look, so a
    masked value costs nothing to the one who fixes the file and keeps the report harmless
    when it is passed on (issue #11).
    """
    if full:
        return error.value
    for key, mask in PERSONAL_COLUMNS.items():
        if error.column == COLUMN_BY_KEY[key].label:
            return mask(error.value)
    return error.value


def write_error_report(
    path: Path | str,
    errors: Sequence[RowError],
    warnings: Sequence[RowError] = (),
    *,
    full: bool = False,
) -> Path:
    """The bad rows (and, on a second sheet, the warnings) as a workbook: row, column, value,
    reason. Values are written as text, never as formulas or numbers; NIKs and wages masked
    unless *full* (:func:`report_value`). The workbook holds rows of a worker list, so its
    properties mark it confidential (exchange/table_export.py); the caller records the export
    (services/personal.py)."""

    def write(workbook: Any) -> None:
        mark_confidential(workbook, _("Daftar kesalahan impor"))
        header = workbook.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1})
        wrap = workbook.add_format({"text_wrap": True, "valign": "top"})
        top = workbook.add_format({"valign": "top"})
        sheets = [(_("Kesalahan"), errors)]
        if warnings:
            sheets.append((_("Peringatan"), warnings))
        for name, items in sheets:
            sheet = workbook.add_worksheet(name)
            sheet.freeze_panes(1, 0)
            for col, (caption, width) in enumerate(
                ((_("Baris"), 8), (_("Kolom"), 18), (_("Nilai"), 24), (_("Alasan"), 90))
            ):
                sheet.set_column(col, col, width)
                sheet.write_string(0, col, caption, header)
            for row, error in enumerate(sorted(items, key=lambda e: e.row), start=1):
                sheet.write_number(row, 0, error.row, top)
                sheet.write_string(row, 1, error.column, top)
                sheet.write_string(row, 2, report_value(error, full=full), top)
                sheet.write_string(row, 3, error.message, wrap)
            sheet.autofilter(0, 0, max(1, len(items)), 3)

    return _atomic_xlsx(path, write)
