"""Printed documents (receipts, decision letters, warning letters, hand-over lists) as HTML.

The text of every document is built here, without Qt, from plain data, so that it can be tested
as text; ``bpjs_desktop.ui.common.printing`` turns the HTML into a PDF or sends it to a printer
(QTextDocument's subset of HTML and CSS: tables, <b>, <p>, simple styles).
"""

from __future__ import annotations

import functools
import html
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, TypeVar

from bpjs_desktop.domain.periods import MONTH_NAMES_EN, MONTH_NAMES_ID
from bpjs_desktop.i18n import _, current_language, official, using

F = TypeVar("F", bound=Callable[..., str])


def official_paper(builder: F) -> F:
    """Build the document with the translator the caller passes (its keyword-only
    ``translator`` parameter, which every paper builder declares), by default
    :func:`bpjs_desktop.i18n.official`: receipts and letters are official papers of an Indonesian
    office (issues #4 and #5: "in Indonesian"), whatever the UI's language. The translator is
    active only in the building code's own context (issue #15): a paper built on a worker thread
    does not switch the language the window speaks."""

    @functools.wraps(builder)
    def build(*args: Any, **kwargs: Any) -> str:
        with using(kwargs.get("translator") or official()):
            return builder(*args, **kwargs)

    return build  # type: ignore[return-value]


@dataclass(frozen=True)
class Letterhead:
    """The issuing office, as printed at the top of every document."""

    office_name: str
    address: str = ""
    phone: str = ""
    region: str = "Kantor Wilayah Jawa Timur"


def escape(text: object) -> str:
    return html.escape(str(text), quote=True)


def long_date(day: date) -> str:
    """``28 November 2026`` (the date of letters), in the UI's language."""
    names = MONTH_NAMES_ID if current_language() == "id" else MONTH_NAMES_EN
    return f"{day.day} {names[day.month - 1]} {day.year}"


STYLE = """
body { font-family: 'DejaVu Sans', Arial, sans-serif; font-size: 10pt; }
h1 { font-size: 14pt; margin: 0; }
h2 { font-size: 12pt; margin: 12px 0 4px 0; }
.head { color: #0b6e4f; }
.small { font-size: 8pt; color: #555555; }
table.grid { border-collapse: collapse; width: 100%; }
table.grid td, table.grid th { border: 1px solid #999999; padding: 3px 5px; }
table.grid th { background: #dddddd; }
td.num { text-align: right; }
"""


def region_above(region: str, office_name: str) -> str:
    """The region printed before the office's name: none for the regional office's own papers,
    whose name it is (its name once, not "Kantor Wilayah … · Kantor Wilayah …"). The settings'
    preview of the letterhead asks the same."""
    return region if region not in ("", office_name) else ""


def page(letterhead: Letterhead, title: str, body: str, *, number: str | None = None) -> str:
    """A whole document: letterhead, title, optional number, body (already HTML)."""
    contact = " · ".join(escape(x) for x in (letterhead.address, letterhead.phone) if x)
    label = _("Nomor")
    number_line = f"<p>{escape(label)}: <b>{escape(number)}</b></p>" if number else ""
    above = region_above(letterhead.region, letterhead.office_name)
    office_line = (
        escape(above) + " · " if above else ""
    ) + f"<b>{escape(letterhead.office_name)}</b>"
    return (
        f"<html><head><meta charset='utf-8'><style>{STYLE}</style></head><body>"
        f"<table width='100%'><tr><td><h1 class='head'>BPJS Ketenagakerjaan</h1>"
        f"<div>{office_line}</div>"
        f"<div class='small'>{contact}</div></td></tr></table><hr/>"
        f"<h2>{escape(title)}</h2>{number_line}{body}</body></html>"
    )


def rows_table(
    headers: Sequence[str], rows: Iterable[Sequence[object]], numeric: Sequence[int] = ()
) -> str:
    """An HTML grid; columns in *numeric* are right-aligned."""
    head = "".join(f"<th>{escape(h)}</th>" for h in headers)
    body = []
    for row in rows:
        cells = "".join(
            f"<td class='num'>{escape(v)}</td>" if i in numeric else f"<td>{escape(v)}</td>"
            for i, v in enumerate(row)
        )
        body.append(f"<tr>{cells}</tr>")
    return f"<table class='grid'><tr>{head}</tr>{''.join(body)}</table>"


def fields_table(pairs: Iterable[tuple[str, object]]) -> str:
    """Label / value lines, as on a receipt."""
    rows = "".join(f"<tr><td>{escape(k)}</td><td>: <b>{escape(v)}</b></td></tr>" for k, v in pairs)
    return f"<table>{rows}</table>"


def signature(
    place: str, day: date, role: str, name: str, *, dated: Callable[[date], str] = long_date
) -> str:
    """Place and date (written by *dated*), the signer's role, room to sign, and the name: a
    dotted line when none is on record, to be filled in by hand."""
    return (
        f"<p>&nbsp;</p><table width='100%'><tr><td width='55%'></td><td>"
        f"{escape(place)}, {escape(dated(day))}<br/>{escape(role)}<br/><br/><br/><br/>"
        f"<b>{escape(name or '(.................................)')}</b></td></tr></table>"
    )
