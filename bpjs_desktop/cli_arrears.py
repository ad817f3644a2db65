"""``bpjs-desktop arrears list``: the arrears worklist on the command line, for scheduled tasks.

Wired into :mod:`bpjs_desktop.cli` by ``add_parser(commands, _add_db_options)`` and
``COMMANDS["arrears"] = run``. Same conventions as the rest of the command line: a one-line error,
exit status 0 on success, 1 for a known problem (unknown office, officer or bucket, a database that
cannot be opened), 2 for a malformed command line. :func:`run` reports its own errors, so it
behaves the same whether or not the caller catches them too.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from bpjs_desktop import APP_NAME
from bpjs_desktop.cli import opened_database, print_table
from bpjs_desktop.errors import KnownError, ValidationError
from bpjs_desktop.i18n import _

EXIT_OK, EXIT_KNOWN, EXIT_USAGE = 0, 1, 2
STATUS_CHOICES = ("TERBUKA", "KEJARI", "KPKNL", "LUNAS", "NONAKTIF", "DIHAPUS")
SORT_CHOICES = ("owed", "age", "next", "name", "npp", "officer", "office")


class ArrearsUsageError(Exception):
    """A malformed ``arrears`` command line (exit status 2)."""


def _date_arg(text: str) -> date:
    from bpjs_desktop.domain import inputs
    from bpjs_desktop.domain.periods import parse_date

    try:
        value = parse_date(text)
        inputs.day(value, field="date", label=_("Tanggal"))
        return value
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None
    except ValidationError as exc:
        raise argparse.ArgumentTypeError(exc.message) from None


def _year_arg(text: str) -> int:
    """A target year within the programme's life (1977 … 2100): ``0`` used to answer "0 kasus"."""
    from bpjs_desktop.domain import inputs

    try:
        return inputs.whole_number(
            text,
            field="year",
            label=_("Tahun"),
            minimum=inputs.PROGRAMME_START.year,
            maximum=inputs.LATEST_DATE.year,
        )
    except ValidationError as exc:
        raise argparse.ArgumentTypeError(exc.message) from None


def _statuses_arg(text: str) -> tuple[str, ...]:
    values = tuple(v.strip().upper() for v in text.split(",") if v.strip())
    wrong = [v for v in values if v not in STATUS_CHOICES]
    if not values or wrong:
        raise argparse.ArgumentTypeError(
            _("status harus dari {choices}, dipisah koma").format(choices=", ".join(STATUS_CHOICES))
        )
    return values


def add_parser(
    commands: Any, add_db_options: Callable[[argparse.ArgumentParser], None]
) -> argparse.ArgumentParser:
    """Add ``arrears list`` to the command line's sub-commands; return the ``arrears`` parser."""
    arrears: argparse.ArgumentParser = commands.add_parser(
        "arrears", help=_("piutang iuran: daftar kasus dan tindak lanjut")
    )
    actions = arrears.add_subparsers(
        dest="arrears_command", metavar=_("TINDAKAN"), parser_class=type(arrears), required=True
    )
    listing = actions.add_parser(
        "list",
        help=_("daftar kasus piutang, urut tunggakan terbesar dan terlama"),
        description=_(
            "Daftar kasus piutang iuran: tunggakan per pemberi kerja, denda, kelompok umur "
            "piutang dan tindakan berikutnya. Tanpa --out: dicetak ke layar."
        ),
    )
    add_db_options(listing)
    listing.add_argument("--office", metavar=_("KODE"), help=_("satu kantor (beserta KCP-nya)"))
    listing.add_argument(
        "--bucket", metavar=_("NAMA"), help=_("kelompok umur piutang, misalnya Macet")
    )
    listing.add_argument(
        "--officer", metavar=_("PENGGUNA"), help=_("kasus satu petugas (nama pengguna)")
    )
    listing.add_argument(
        "--status",
        type=_statuses_arg,
        metavar="STATUS[,STATUS]",
        help=_("status kasus (bawaan: TERBUKA,KEJARI,KPKNL)"),
    )
    listing.add_argument(
        "--due",
        action="store_true",
        help=_("hanya kasus yang tindakan berikutnya jatuh tempo hari itu atau terlambat"),
    )
    listing.add_argument(
        "--year", type=_year_arg, metavar=_("TAHUN"), help=_("tahun daftar target")
    )
    listing.add_argument(
        "--on",
        type=_date_arg,
        metavar="HH/BB/TTTT",
        help=_("tanggal perhitungan (bawaan: hari ini; database demo: tanggal datanya)"),
    )
    listing.add_argument(
        "--sort", choices=SORT_CHOICES, default="owed", help=_("urutan (bawaan: owed)")
    )
    listing.add_argument(
        "--out", type=Path, metavar="FILE.xlsx|FILE.csv", help=_("tulis ke file, bukan ke layar")
    )
    return arrears


def run(args: argparse.Namespace) -> int:
    """Run ``arrears …``; print one line on error; return the exit status."""
    try:
        if args.arrears_command == "list":
            return _list(args)
        raise ArrearsUsageError(
            _("tindakan tidak dikenal: {name}").format(name=args.arrears_command)
        )
    except ArrearsUsageError as exc:
        print(f"{APP_NAME}: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except ValidationError as exc:
        print(f"{APP_NAME}: {'; '.join(e.message for e in exc.errors)}", file=sys.stderr)
        return EXIT_KNOWN
    except KnownError as exc:
        print(f"{APP_NAME}: {exc.message}", file=sys.stderr)
        return EXIT_KNOWN


def _list(args: argparse.Namespace) -> int:
    from bpjs_desktop.db.models import CaseStatus
    from bpjs_desktop.domain.money import format_rupiah, group_thousands
    from bpjs_desktop.domain.periods import format_date
    from bpjs_desktop.services import arrears
    from bpjs_desktop.services.arrears_worklist import (
        WorklistFilter,
        WorklistQuery,
        export_headers,
        export_worklist,
    )
    from bpjs_desktop.services.context import Actor

    if args.out is not None and args.out.suffix.lower() not in (".xlsx", ".csv"):
        raise ArrearsUsageError(_("--out harus file berakhiran .xlsx atau .csv"))
    statuses = tuple(CaseStatus(s) for s in args.status) if args.status else arrears.OPEN_STATUSES
    with opened_database(args) as db:
        query = WorklistQuery(
            db,
            Actor.command_line(),
            WorklistFilter(
                office_code=args.office,
                officer_username=args.officer,
                bucket=args.bucket,
                statuses=statuses,
                due_only=args.due,
                target_year=args.year,
            ),
            on=args.on,
        )
        on = query.on
        if args.out is not None:
            count = export_worklist(query, args.out, args.sort)
            print(_("Daftar piutang ({n} kasus, per {day}) ditulis ke {path}").format(
                n=group_thousands(count), day=format_date(on), path=args.out,
            ))  # fmt: skip
            return EXIT_OK
        rows = query.all_rows(args.sort, descending=args.sort == "owed")
    owed, fine = sum(r.owed for r in rows), sum(r.fine for r in rows)
    headers = export_headers()
    shown = [headers[i] for i in (0, 1, 2, 3, 7, 8, 10, 11, 13, 14)]
    lines = [shown] + [
        [
            r.npp, r.employer_name[:36], r.office_code, r.officer_username or "",
            str(r.months_overdue), arrears.bucket_label(r.bucket), group_thousands(r.owed),
            group_thousands(r.fine), r.next_action,
            format_date(r.next_action_on) if r.next_action_on else "-",
        ]
        for r in rows
    ]  # fmt: skip
    if rows:
        print_table(lines, right=(4, 6, 7))
    print(
        _("{n} kasus, tunggakan {owed}, denda {fine}, per {day}").format(
            n=group_thousands(len(rows)),
            owed=format_rupiah(owed),
            fine=format_rupiah(fine),
            day=format_date(on),
        )
    )
    return EXIT_OK
