"""The monthly summary workbook (XlsxWriter): a summary sheet that reads like the press figures,
and a sheet per section with a row per office and the regional total.

With targets for the month, a sheet "Capaian target" gives each KPI's target, realisation and
achievement per office and for the scope; with corrections to closed months reported in the
month, a sheet "Koreksi bulan lalu" lists them (month corrected, office, figure, difference, why).

A closed month's workbook is written from its frozen snapshot and says so under the title; its
document properties carry the closing time instead of the writing time, so the same month
exported twice on the same day gives the same bytes.

Safety: every total is checked against the sum of its rows before anything is written; text is
never turned into a formula or a number; the workbook is written to a temporary file beside the
target and renamed over it only when complete, so a failure leaves no half file.
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from bpjs_desktop.domain.money import (
    format_decimal,
    format_percent,
    format_rupiah_short,
    group_thousands,
)
from bpjs_desktop.domain.periods import Period, format_date, format_datetime_wib, today_wib
from bpjs_desktop.exchange.atomic import write_xlsx
from bpjs_desktop.i18n import _, current_language

# The summary types live in services.reports; this module only needs their shape, so it takes
# them as plain objects (exchange sits below services in the layers).
Summary = Any
Row = Any

PROGRAMMES = ("JHT", "JKK", "JKM", "JP", "JKP")
SEGMENTS = ("PU", "BPU", "JAKON", "PMI")


class TotalsMismatchError(RuntimeError):
    """A total differs from the sum of its rows: a bug, and no file is written."""


def round_count(value: int) -> str:
    """A count the way the press rounds it: ``2,65 juta``, ``257 ribu``, ``63.195``."""
    if value >= 1_000_000:
        return f"{format_decimal(value / 1_000_000, 2)} " + _("juta")
    if value >= 100_000:
        return f"{round(value / 1000)} " + _("ribu")
    return group_thousands(value)


@dataclass(frozen=True)
class Column:
    header: str
    value: Callable[[Row], int | float | str]
    kind: str = "count"  # count | rupiah | percent | text
    summed: bool = True  # False: a ratio, recomputed for the total row, not summed


def _office_columns() -> list[Column]:
    return [
        Column(_("Kode"), lambda r: r.office_code, "text", False),
        Column(_("Kantor"), lambda r: r.office_name, "text", False),
        Column(_("Jenis"), lambda r: r.office_kind, "text", False),
    ]


def _membership_columns() -> list[Column]:
    return _office_columns() + [
        Column(_("BU aktif"), lambda r: r.employers_active),
        Column(_("BU baru"), lambda r: r.employers_new),
        Column(_("BU nonaktif"), lambda r: r.employers_ended),
        Column(_("TK PU"), lambda r: r.workers_pu),
        Column(_("TK BPU"), lambda r: r.workers_bpu),
        Column(_("TK Jakon"), lambda r: r.workers_jakon),
        Column(_("TK PMI"), lambda r: r.workers_pmi),
        Column(_("TK aktif"), lambda r: r.workers_total),
        Column(_("TK baru"), lambda r: r.workers_new),
        Column(_("TK keluar"), lambda r: r.workers_ended),
    ]


def _claim_columns(ytd: bool) -> list[Column]:
    columns = _office_columns()
    for index, programme in enumerate(PROGRAMMES):
        columns.append(
            Column(_("{p} kasus").format(p=programme), _claim_getter(index, ytd, "cases"))
        )
        columns.append(
            Column(_("{p} (Rp)").format(p=programme), _claim_getter(index, ytd, "amount"), "rupiah")
        )
    columns.append(Column(_("Total kasus"), lambda r: r.claims_total(ytd=ytd).cases))
    columns.append(Column(_("Total (Rp)"), lambda r: r.claims_total(ytd=ytd).amount, "rupiah"))
    return columns


def _claim_getter(index: int, ytd: bool, attr: str) -> Callable[[Row], int]:
    def get(row: Row) -> int:
        figures = row.claims_ytd if ytd else row.claims_month
        return int(getattr(figures[index], attr))

    return get


def _arrears_columns() -> list[Column]:
    return _office_columns() + [
        Column(_("Target BU menunggak"), lambda r: r.arrears_target),
        Column(_("BU tertagih"), lambda r: r.arrears_collected),
        Column(_("Capaian"), lambda r: r.arrears_collected_percent / 100, "percent", False),
        Column(_("Rp tertagih"), lambda r: r.arrears_collected_amount, "rupiah"),
    ]


def _perisai_columns() -> list[Column]:
    return _office_columns() + [
        Column(_("Agen Perisai aktif"), lambda r: r.perisai_agents),
        Column(_("TK akuisisi Perisai (Jan s.d. bulan ini)"), lambda r: r.perisai_recruits),
    ]


def _contribution_columns() -> list[Column]:
    return _office_columns() + [
        Column(_("Iuran ditagih (Rp)"), lambda r: r.contributions_billed, "rupiah"),
        Column(_("Iuran diterima (Rp)"), lambda r: r.contributions_received, "rupiah"),
    ]


def check_totals(summary: Summary, columns: Sequence[Column]) -> None:
    """Every summed column of the total row must equal the sum of the office rows."""
    for column in columns:
        if not column.summed or column.kind == "text":
            continue
        expected = sum(int(column.value(row)) for row in summary.rows)
        actual = int(column.value(summary.total))
        if expected != actual:
            raise TotalsMismatchError(f"{column.header}: total {actual} != sum of rows {expected}")


_Headline = tuple[str, int | None, str, str]


def _count(label: str, value: int, text: str | None = None) -> _Headline:
    """A headline count: thousands grouped unless *text* says it otherwise."""
    return (label, value, "count", group_thousands(value) if text is None else text)


def _rupiah(label: str, value: int) -> _Headline:
    """A headline amount: rounded to juta or miliar, as the article writes it."""
    return (label, value, "rupiah", format_rupiah_short(value))


def headline_lines(summary: Summary) -> list[_Headline]:
    """(label, exact value, kind, rounded text) of the summary sheet, in the article's order."""
    t = summary.total
    lines: list[_Headline] = [
        _count(_("Badan usaha aktif"), t.employers_active),
        _count(_("Tenaga kerja aktif"), t.workers_total, round_count(t.workers_total)),
        _count(_("  Penerima upah (PU)"), t.workers_pu, round_count(t.workers_pu)),
        _count(_("  Bukan penerima upah (BPU)"), t.workers_bpu, round_count(t.workers_bpu)),
        _count(_("  Jasa konstruksi (Jakon)"), t.workers_jakon, round_count(t.workers_jakon)),
        _count(_("  Pekerja migran (PMI)"), t.workers_pmi, round_count(t.workers_pmi)),
        _count(_("Agen Perisai aktif"), t.perisai_agents),
        _count(_("Tenaga kerja akuisisi Perisai"), t.perisai_recruits),
    ]
    total_claims = t.claims_total(ytd=True)
    lines.append(_count(_("Klaim dibayar, kasus"), total_claims.cases))
    lines.append(_rupiah(_("Klaim dibayar, rupiah"), total_claims.amount))
    for index, programme in enumerate(PROGRAMMES):
        figure = t.claims_ytd[index]
        if programme == "JKP" and figure.cases == 0:
            continue
        lines.append(_count(_("  {p} kasus").format(p=programme), figure.cases))
        lines.append(_rupiah(_("  {p} rupiah").format(p=programme), figure.amount))
    collected = group_thousands(t.arrears_collected)
    lines += [
        _count(_("Target BU menunggak iuran"), t.arrears_target),
        _count(_("BU menunggak yang tertagih"), t.arrears_collected,
               f"{collected} ({format_percent(t.arrears_collected_percent)})"),
        _rupiah(_("Piutang tertagih, rupiah"), t.arrears_collected_amount),
        _rupiah(_("Iuran ditagih bulan ini"), t.contributions_billed),
        _rupiah(_("Iuran diterima bulan ini"), t.contributions_received),
    ]  # fmt: skip
    return lines


def narrative(summary: Summary) -> str:
    """One paragraph in the words of the monthly press statement."""
    t = summary.total
    month = summary.period.label(current_language())
    claims = t.claims_total(ytd=True)
    parts = [
        _(
            "Sampai {month}, kepesertaan {scope}: badan usaha aktif {bu}, tenaga kerja aktif {tk} "
            "(penerima upah {pu}, bukan penerima upah {bpu}, jasa konstruksi {jakon})."
        ).format(
            month=month, scope=summary.scope_name, bu=group_thousands(t.employers_active),
            tk=round_count(t.workers_total), pu=round_count(t.workers_pu), bpu=round_count(t.workers_bpu),
            jakon=round_count(t.workers_jakon),
        ),
        _("Akuisisi Perisai {n} tenaga kerja dari {agents} Perisai.").format(
            n=group_thousands(t.perisai_recruits), agents=group_thousands(t.perisai_agents)
        ),
        _("Pembayaran klaim sampai {month} sebanyak {cases} kasus dengan total {amount}.").format(
            month=month, cases=group_thousands(claims.cases), amount=format_rupiah_short(claims.amount)
        ),
        _("Realisasi piutang iuran: dari target {target} badan usaha menunggak, tertagih {collected} badan usaha.").format(
            target=group_thousands(t.arrears_target), collected=group_thousands(t.arrears_collected)
        ),
    ]  # fmt: skip
    return " ".join(parts)


def write_monthly_workbook(summary: Summary, out: Path) -> None:
    """Write the workbook for *summary* to *out*; raise :class:`KnownError` if it cannot be written."""

    sections = [
        (_("Kepesertaan"), _("Kepesertaan per kantor, akhir bulan"), _membership_columns()),
        (
            _("Klaim"),
            _("Klaim dibayar Januari s.d. akhir bulan, per program"),
            _claim_columns(True),
        ),
        (
            _("Klaim bulan ini"),
            _("Klaim dibayar dalam bulan ini saja, per program"),
            _claim_columns(False),
        ),
        (
            _("Piutang"),
            _("Piutang iuran: target badan usaha menunggak dan yang tertagih"),
            _arrears_columns(),
        ),
        (_("Perisai"), _("Agen Perisai dan akuisisi tenaga kerja"), _perisai_columns()),
        (_("Iuran"), _("Iuran ditagih dan diterima dalam bulan ini"), _contribution_columns()),
    ]
    for _name, _title, columns in sections:
        check_totals(summary, columns)

    closed = getattr(summary, "closed", None)
    # Reproducible: a closed month's document is created at the close, not at this export.
    created = closed.closed_at.replace(tzinfo=None) if closed is not None else None
    write_xlsx(out, lambda workbook: _write(workbook, summary, sections), created=created)


# --- printing -----------------------------------------------------------------------------------
# Opened in Excel or LibreOffice and printed, every sheet is one page wide on A4, its column
# headers repeat on each page, and each page says whose figures, which month, when printed and
# which page it is. Without this the eight sheets printed as 38 portrait pages, the title and the
# summary cut at the right edge.

A4 = 9  # XlsxWriter's paper code for A4
COUNT_WIDTH, RUPIAH_WIDTH, PERCENT_WIDTH = 11, 17, 10  # "2.650.000", "Rp123.456.789.012"
CODE_WIDTH, OFFICE_WIDTH, KIND_WIDTH = 7, 26, 6
CHART_HEIGHT_ROWS = 14  # rows of 15 pt (20 px) under each chart: two rows of charts fit a page


@dataclass(frozen=True)
class _Page:
    """What every printed page of the workbook says in its header and footer."""

    scope: str
    period: str


def _header_text(text: str) -> str:
    """*text* inside an Excel header or footer, where ``&`` starts a code: a literal one doubles."""
    return text.replace("&", "&&")


def _page_setup(
    sheet: Any,
    page: _Page,
    heading: str,
    *,
    landscape: bool,
    header_row: int | None = None,
) -> None:
    """A4, one page wide (as many pages tall as needed), the header row on every page; header:
    office · sheet heading · period; footer: printed date · page n/N."""
    sheet.set_paper(A4)
    if landscape:
        sheet.set_landscape()
    else:
        sheet.set_portrait()
    sheet.set_margins(left=0.4, right=0.4, top=0.75, bottom=0.75)
    sheet.fit_to_pages(1, 0)
    if header_row is not None:
        sheet.repeat_rows(header_row)
    sheet.set_header(
        f"&L&9{_header_text(page.scope)}&C&9&B{_header_text(heading)}&B"
        f"&R&9{_header_text(page.period)}",
        {"margin": 0.3},
    )
    printed = _header_text(_("Dicetak {date}")).format(date="&D")
    page_number = _header_text(_("Halaman {page}/{pages}")).format(page="&P", pages="&N")
    sheet.set_footer(f"&L&9{printed}&R&9{page_number}", {"margin": 0.3})


def text_lines(text: str, width: float, font_size: float = 11) -> int:
    """Lines *text* takes wrapped in a cell *width* column units wide.

    A column unit is one "0" of the 11-point default font; ordinary words run narrower, bold and
    larger fonts wider, and LibreOffice may fall back to a wider font: the 0.85 errs towards one
    line too many (some white space), never one too few (text cut off at the cell's bottom).
    """
    per_line = max(1, int(width * 11 / font_size * 0.85))
    return sum(len(textwrap.wrap(part, per_line)) or 1 for part in text.split("\n"))


def _row_height(lines: int, font_size: float = 11) -> float:
    return lines * font_size * 1.4 + 3  # 11 pt text: 15.4 pt a line, Excel's default row is 15


def _paragraph(
    sheet: Any, row: int, widths: Sequence[float], text: str, fmt: Any, font_size: float = 11
) -> None:
    """*text* across all *widths* columns of *row*, wrapped, and the row tall enough for it (a
    merged cell never grows by itself, in Excel or LibreOffice)."""
    if len(widths) > 1:
        sheet.merge_range(row, 0, row, len(widths) - 1, "", fmt)
    sheet.write_string(row, 0, text, fmt)
    lines = text_lines(text, sum(widths), font_size)
    if lines > 1:
        sheet.set_row(row, _row_height(lines, font_size))


def _header_row(
    sheet: Any, row: int, headers: Sequence[str], widths: Sequence[float], fmt: Any
) -> None:
    for col, (text, width) in enumerate(zip(headers, widths, strict=True)):
        sheet.write_string(row, col, text, fmt)
        sheet.set_column(col, col, width)
    lines = max(text_lines(text, width) for text, width in zip(headers, widths, strict=True))
    sheet.set_row(row, _row_height(max(lines, 2)))


def _office_width(names: Iterable[str]) -> int:
    """Wide enough for the longest office name (bold in the TOTAL row), between 26 and 40."""
    return max(OFFICE_WIDTH, min(40, math.ceil(max(map(len, names), default=0) * 1.15) + 1))


def _column_width(column: Column, office_width: int) -> int:
    if column.kind == "text":
        return {_("Kode"): CODE_WIDTH, _("Kantor"): office_width}.get(column.header, KIND_WIDTH)
    return {"rupiah": RUPIAH_WIDTH, "percent": PERCENT_WIDTH}.get(column.kind, COUNT_WIDTH)


# --- the sheets ---------------------------------------------------------------------------------


def _write_summary_sheet(workbook: Any, summary: Summary, page: _Page, period_text: str,
                         generated: str, styles: _Styles, wrap: Any) -> None:  # fmt: skip
    """The first sheet: the headline figures, exact and rounded, and the narrative."""
    sheet = workbook.add_worksheet(_("Ringkasan"))
    widths: Sequence[int] = (42, 22, 22)
    for col, width in enumerate(widths):
        sheet.set_column(col, col, width)
    _page_setup(sheet, page, _("Ringkasan Bulanan"), landscape=False, header_row=4)
    _paragraph(
        sheet,
        0,
        widths,
        _("Ringkasan Bulanan BPJS Ketenagakerjaan — {scope}").format(scope=summary.scope_name),
        styles.title,
        font_size=14,
    )
    _paragraph(sheet, 1, widths, period_text, styles.subtitle)
    _paragraph(sheet, 2, widths, generated, styles.subtitle)
    closed = getattr(summary, "closed", None)
    if closed is not None:
        _paragraph(
            sheet,
            3,
            widths,
            _("Bulan ditutup {when} oleh {who}; dibuat dari data beku (SHA-256 {sha}…)").format(
                when=format_datetime_wib(closed.closed_at),
                who=closed.closed_by,
                sha=closed.sha256[:16],
            ),
            styles.subtitle,
        )
    sheet.write_string(4, 0, _("Indikator"), styles.header)
    sheet.write_string(4, 1, _("Nilai"), styles.header)
    sheet.write_string(4, 2, _("Dibulatkan"), styles.header)
    sheet.freeze_panes(5, 0)
    row = 5
    for label, value, kind, rounded in headline_lines(summary):
        sheet.write_string(row, 0, label, styles.formats["text"])
        if value is not None:
            sheet.write_number(row, 1, value, styles.formats[kind])
        sheet.write_string(row, 2, rounded, styles.formats["text"])
        row += 1
    row += 1
    _paragraph(sheet, row, widths, narrative(summary), wrap)


def _table_sheet(
    workbook: Any,
    name: str,
    heading: str,
    texts: tuple[str, str, str | None],
    headers: Sequence[str],
    widths: list[int],
    page: _Page,
    styles: _Styles,
    *,
    landscape: bool = True,
    frozen_columns: int = 3,
) -> Any:
    """A new table sheet: its title, the period and a note (*texts*; the note may be None) on
    rows 1-3, the header on row 4, the panes frozen below it and left of *frozen_columns*."""
    sheet = workbook.add_worksheet(name)
    title, period_text, note = texts
    _page_setup(sheet, page, heading, landscape=landscape, header_row=3)
    _paragraph(sheet, 0, widths, title, styles.title, font_size=14)
    _paragraph(sheet, 1, widths, period_text, styles.subtitle)
    if note is not None:
        _paragraph(sheet, 2, widths, note, styles.subtitle)
    _header_row(sheet, 3, headers, widths, styles.header)
    sheet.freeze_panes(4, frozen_columns)
    return sheet


def _write_section(workbook: Any, summary: Summary, page: _Page, period_text: str, styles: _Styles,
                   office_width: int, name: str, heading: str, columns: list[Column]) -> None:  # fmt: skip
    """One table sheet: a row per office and the total row, filterable."""
    widths = [_column_width(c, office_width) for c in columns]
    title = f"{heading} — {summary.scope_name}"
    sheet = _table_sheet(
        workbook, name, heading, (title, period_text, None), [c.header for c in columns], widths,
        page, styles,
        # Wide tables print across; a narrow one (Perisai, Iuran) stays upright.
        landscape=sum(widths) > 100,
    )  # fmt: skip
    for r, office in enumerate(summary.rows, start=4):
        for col, column in enumerate(columns):
            _cell(sheet, r, col, column.value(office), styles.formats[column.kind])
    total_row = 4 + len(summary.rows)
    for col, column in enumerate(columns):
        total_value = _("TOTAL") if col == 0 else column.value(summary.total)
        _cell(sheet, total_row, col, total_value, styles.total_formats[column.kind])
    sheet.autofilter(3, 0, total_row - 1, len(columns) - 1)


def _write(workbook: Any, summary: Summary, sections: list[tuple[str, str, list[Column]]]) -> None:
    title = workbook.add_format({"bold": True, "font_size": 14, "text_wrap": True, "valign": "top"})
    subtitle = workbook.add_format(
        {"italic": True, "font_color": "#555555", "text_wrap": True, "valign": "top"}
    )
    header = workbook.add_format(
        {"bold": True, "bg_color": "#DDEBF7", "border": 1, "text_wrap": True, "valign": "top"}
    )
    formats = {
        "count": workbook.add_format({"num_format": "#,##0", "border": 1}),
        "rupiah": workbook.add_format({"num_format": '"Rp"#,##0', "border": 1}),
        "percent": workbook.add_format({"num_format": "0.0%", "border": 1}),
        "text": workbook.add_format({"border": 1}),
        "wrapped": workbook.add_format({"border": 1, "text_wrap": True, "valign": "top"}),
    }
    total_formats = {
        kind: workbook.add_format({**props, "bold": True, "top": 2, "bg_color": "#F2F2F2"})
        for kind, props in {
            "count": {"num_format": "#,##0"},
            "rupiah": {"num_format": '"Rp"#,##0'},
            "percent": {"num_format": "0.0%"},
            "text": {},
        }.items()
    }
    wrap = workbook.add_format({"text_wrap": True, "valign": "top"})
    period_text = _("Periode {month} (sampai {day})").format(
        month=summary.period.label(current_language()), day=format_date(summary.period.last_day)
    )
    generated = _("Dibuat {day} oleh bpjs-desktop dari data tercatat").format(
        day=format_date(today_wib())
    )
    page = _Page(summary.scope_name, summary.period.label(current_language()))

    styles = _Styles(title, subtitle, header, formats, total_formats)
    _write_summary_sheet(workbook, summary, page, period_text, generated, styles, wrap)
    office_width = _office_width([r.office_name for r in summary.rows] + [summary.scope_name])
    for name, heading, columns in sections:
        _write_section(
            workbook, summary, page, period_text, styles, office_width, name, heading, columns
        )

    formats["decimal"] = workbook.add_format({"num_format": "0.0", "border": 1})
    total_formats["decimal"] = workbook.add_format(
        {"num_format": "0.0", "bold": True, "top": 2, "bg_color": "#F2F2F2"}
    )
    if getattr(summary, "targets", ()):
        _write_achievements(workbook, summary, period_text, page, styles)
    if getattr(summary, "adjustments", ()):
        _write_adjustments(workbook, summary, period_text, page, styles)


@dataclass(frozen=True)
class _Styles:
    title: Any
    subtitle: Any
    header: Any
    formats: dict[str, Any]
    total_formats: dict[str, Any]


def achievement_rows(summary: Summary) -> list[tuple[str, str, Any, bool]]:
    """(office code, office name, achievement line, is the scope total) per KPI: each office's
    line, then the scope's."""
    total_lines, office_lines = summary.achievements()
    rows: list[tuple[str, str, Any, bool]] = []
    for total_line in total_lines:
        for line in office_lines:
            if line.kpi == total_line.kpi:
                rows.append((line.office_code, line.office_name, line, False))
        rows.append((summary.scope_code, summary.scope_name, total_line, True))
    return rows


def _write_achievements(
    workbook: Any, summary: Summary, period_text: str, page: _Page, styles: _Styles
) -> None:
    heading = _("Capaian target")
    headers = [
        _("Kode"), _("Kantor"), _("Indikator"), _("Satuan"), _("Target s.d. bulan ini"),
        _("Realisasi s.d. bulan ini"), _("Capaian"), _("Realisasi bulan ini"), _("Status"),
    ]  # fmt: skip
    rows = achievement_rows(summary)
    office_width = _office_width(
        _("TOTAL {scope}").format(scope=name) if is_total else name
        for _c, name, _l, is_total in rows
    )
    widths = [CODE_WIDTH, office_width, 24, 7, RUPIAH_WIDTH, RUPIAH_WIDTH, PERCENT_WIDTH,
              RUPIAH_WIDTH, 14]  # fmt: skip
    texts = (
        _("Capaian target — {scope}").format(scope=summary.scope_name),
        period_text,
        _("Target dan realisasi sampai akhir bulan: posisi akhir bulan untuk BU/TK aktif, kumulatif sejak Januari untuk yang lain, persen untuk SLA klaim."),
    )  # fmt: skip
    sheet = _table_sheet(workbook, heading, heading, texts, headers, widths, page, styles)
    row = 4
    totals: list[tuple[int, Any]] = []  # (row, line) of the scope's line of each KPI
    for code, name, line, is_total in rows:
        fmt = styles.total_formats if is_total else styles.formats
        kind = "rupiah" if line.unit == "Rp" else ("decimal" if line.unit == "%" else "count")
        cells: list[tuple[int | float | str | None, str]] = [
            (code, "text"),
            (_("TOTAL {scope}").format(scope=name) if is_total else name, "text"),
            (line.label, "text"),
            (line.unit, "text"),
            (line.target, kind),
            (line.realisation, kind),
            (None if line.percent is None else line.percent / 100, "percent"),
            (line.month_realisation, kind),
            (line.status.label, "text"),
        ]  # fmt: skip
        for col, (value, cell_kind) in enumerate(cells):
            if value is None:
                sheet.write_blank(row, col, None, fmt[cell_kind])
            else:
                _cell(sheet, row, col, value, fmt[cell_kind])
        if is_total:
            totals.append((row, line))
        row += 1
    sheet.autofilter(3, 0, row - 1, len(headers) - 1)
    last_row = _achievement_charts(workbook, sheet, summary, row + 1, totals, widths)
    sheet.print_area(0, 0, max(last_row, row - 1), len(headers) - 1)


def _achievement_charts(
    workbook: Any,
    sheet: Any,
    summary: Summary,
    first_row: int,
    totals: list[tuple[int, Any]],
    widths: Sequence[int],
) -> int:
    """Bar charts of the scope's target against its realisation, one per unit (BU, TK, Rp, %:
    figures of different units on one axis would hide the small ones), two side by side, on a
    page of their own after the table. They read the TOTAL lines of the table itself (a
    non-contiguous range), so the sheet holds no second copy of the figures. Returns the last
    row the charts cover."""
    from xlsxwriter.utility import quote_sheetname, xl_rowcol_to_cell

    units: dict[str, list[int]] = {}
    for row, line in totals:
        if line.target is not None and line.realisation is not None:
            units.setdefault(line.unit, []).append(row)
    if not units:
        return first_row - 1
    name = quote_sheetname(sheet.get_name())

    def cells(rows: list[int], col: int) -> str:
        refs = [f"{name}!{xl_rowcol_to_cell(r, col, row_abs=True, col_abs=True)}" for r in rows]
        return f"=({','.join(refs)})" if len(refs) > 1 else f"={refs[0]}"

    sheet.set_h_pagebreaks([first_row])
    # Two charts fill the printed width: a column unit is about 7 px, plus 5 px of padding each.
    chart_width = (sum(widths) * 7 + 5 * len(widths)) // 2 - 10
    month = summary.period.label(current_language())
    row = first_row
    for index, (unit, rows) in enumerate(units.items()):
        number_format = {"Rp": '"Rp"#,##0', "%": "0.0"}.get(unit, "#,##0")
        chart = workbook.add_chart({"type": "bar"})
        for col, series_name, colour in (
            (4, _("Target s.d. bulan ini"), "#A6A6A6"),
            (5, _("Realisasi s.d. bulan ini"), "#2F75B5"),
        ):
            chart.add_series(
                {
                    "name": series_name,
                    "categories": cells(rows, 2),
                    "values": cells(rows, col),
                    "fill": {"color": colour},
                    "data_labels": {"value": True, "num_format": number_format},
                }
            )
        chart.set_title(
            {
                "name": _("Target dan realisasi {unit} s.d. {month}").format(
                    unit=unit, month=month
                ),
                "name_font": {"size": 11},
            }
        )
        chart.set_x_axis({"num_format": number_format, "min": 0})
        chart.set_y_axis({"reverse": True})  # the first KPI at the top, as in the table
        chart.set_legend({"position": "bottom"})
        chart.set_size({"width": chart_width, "height": CHART_HEIGHT_ROWS * 20})
        sheet.insert_chart(
            row, 0, chart, {"x_offset": 0 if index % 2 == 0 else chart_width + 20, "y_offset": 5}
        )
        if index % 2 == 1:
            row += CHART_HEIGHT_ROWS + 1
    if len(units) % 2 == 1:
        row += CHART_HEIGHT_ROWS + 1
    return row


def _write_adjustments(
    workbook: Any, summary: Summary, period_text: str, page: _Page, styles: _Styles
) -> None:
    heading = _("Koreksi bulan lalu")
    headers = [
        _("Bulan dikoreksi"), _("Kode"), _("Kantor"), _("Angka"), _("Selisih"), _("Alasan"),
        _("Dicatat"),
    ]  # fmt: skip
    widths = [14, CODE_WIDTH, _office_width(r.office_name for r in summary.rows), 28, 14, 50, 18]
    texts = (
        _("Koreksi atas bulan yang sudah ditutup — {scope}").format(scope=summary.scope_name),
        period_text,
        _("Perubahan data setelah tutup bulan, dilaporkan di bulan ini; angka bulan ini sudah memuatnya."),
    )  # fmt: skip
    sheet = _table_sheet(
        workbook, heading, heading, texts, headers, widths, page, styles, frozen_columns=0
    )
    names = {r.office_code: r.office_name for r in summary.rows}
    formats = styles.formats
    for row, adjustment in enumerate(summary.adjustments, start=4):
        recorded = format_datetime_wib(datetime.fromisoformat(adjustment.recorded_at))
        money = adjustment.field.endswith("amount") or adjustment.field.startswith("contributions")
        office = names.get(adjustment.office_code, adjustment.office_code)
        cells: list[tuple[int | str, str]] = [
            (Period.parse(adjustment.period).label(current_language()), "wrapped"),
            (adjustment.office_code, "wrapped"),
            (office, "wrapped"),
            (adjustment.label, "wrapped"),
            (adjustment.delta, "rupiah" if money else "count"),
            (adjustment.reason, "wrapped"),
            (recorded, "wrapped"),
        ]
        for col, (value, kind) in enumerate(cells):
            _cell(sheet, row, col, value, formats[kind])
        lines = max(
            text_lines(str(value), width)
            for (value, _kind), width in zip(cells, widths, strict=True)
        )
        if lines > 1:  # a long reason wraps; the row grows with it
            sheet.set_row(row, _row_height(lines))


def _cell(sheet: Any, row: int, col: int, value: int | float | str, fmt: Any) -> None:
    if isinstance(value, str):
        sheet.write_string(row, col, value, fmt)
    else:
        sheet.write_number(row, col, value, fmt)
