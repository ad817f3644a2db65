"""The command line: the same services as the GUI, for scripts, scheduled tasks and tests.

Every sub-command prints a clear one-line error and exits non-zero on bad input; nothing is
half-written. Exit codes: 0 success, 1 a known problem (bad data, missing file, locked database,
an invalid NIK...), 2 a malformed command line, 70 a bug (logged with its traceback).
"""

from __future__ import annotations

import argparse
import getpass
import json
import logging
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

from bpjs_desktop import APP_NAME, __version__, paths
from bpjs_desktop.errors import FieldError, KnownError, ValidationError, traceback_without_messages
from bpjs_desktop.i18n import _, language_from_environment, ngettext, pgettext, set_language

if TYPE_CHECKING:  # the domain loads lazily: the command line starts fast
    from bpjs_desktop.domain.contributions import Contribution
    from bpjs_desktop.domain.periods import Period
    from bpjs_desktop.services.context import Actor
    from bpjs_desktop.services.imports import ImportReport

log = logging.getLogger(__name__)

EXIT_OK, EXIT_KNOWN, EXIT_USAGE, EXIT_BUG = 0, 1, 2, 70
EXIT_PIPE = 141  # 128 + SIGPIPE: what `sort`, `grep` and others end with when the reader closes


class UsageError(Exception):
    """A malformed command line (exit status 2)."""


def _argparse_texts() -> dict[str, str]:
    """argparse's own words (its English message ids, Python 3.11) in the language in use.

    The Indonesian texts are the project's sources, so the English catalogue gives them back in English
    and ``tests/unit/test_i18n.py`` checks them like every other text. Built at each lookup: the
    language may change between two parses (``--lang``). A message id missing here (a newer
    Python's wording) stays argparse's English.
    """
    return {
        "usage: ": _("pemakaian: "),
        "positional arguments": _("argumen posisi"),
        "options": _("opsi"),
        "subcommands": _("subperintah"),
        "show this help message and exit": _("tampilkan bantuan ini lalu keluar"),
        "show program's version number and exit": _("tampilkan versi program lalu keluar"),
        "argument %(argument_name)s: %(message)s": _("argumen %(argument_name)s: %(message)s"),
        "unrecognized arguments: %s": _("argumen tidak dikenal: %s"),
        "the following arguments are required: %s": _("argumen berikut wajib diisi: %s"),
        "one of the arguments %s is required": _("salah satu argumen %s wajib diisi"),
        "not allowed with argument %s": _("tidak boleh bersama argumen %s"),
        "ignored explicit argument %r": _("opsi ini tidak menerima nilai: %r"),
        "expected one argument": _("perlu satu nilai"),
        "expected at most one argument": _("paling banyak satu nilai"),
        "expected at least one argument": _("perlu paling sedikit satu nilai"),
        "expected %s argument": _("perlu tepat %s nilai"),
        "expected %s arguments": _("perlu %s nilai"),
        "ambiguous option: %(option)s could match %(matches)s": _(
            "opsi %(option)s kurang jelas, bisa berarti %(matches)s"
        ),
        "unexpected option string: %s": _("opsi tidak terduga: %s"),
        "invalid %(type)s value: %(value)r": _("nilai %(type)s tidak sah: %(value)r"),
        "invalid choice: %(value)r (choose from %(choices)s)": _(
            "pilihan tidak dikenal: %(value)r (pilih dari %(choices)s)"
        ),
        "unknown parser %(parser_name)r (choices: %(choices)s)": _(
            "perintah %(parser_name)r tidak dikenal (pilihan: %(choices)s)"
        ),
        "can't open '%(filename)s': %(error)s": _("tidak dapat membuka '%(filename)s': %(error)s"),
    }


def _argparse_gettext(message: str) -> str:
    return _argparse_texts().get(message, message)


def _argparse_ngettext(singular: str, plural: str, n: int) -> str:
    return _argparse_gettext(singular if n == 1 else plural)


@contextmanager
def _argparse_in_our_language() -> Iterator[None]:
    """argparse looks up ``gettext``/``ngettext`` in its module at each message: point them at
    :func:`_argparse_gettext` while one of our parsers works, and put the standard ones back, so
    no other user of argparse in the process (pytest, alembic) is touched."""
    if argparse._ is _argparse_gettext:  # type: ignore[attr-defined]
        yield  # a sub-parser inside our own parse: already in place
        return
    saved = argparse._, argparse.ngettext  # type: ignore[attr-defined]
    argparse._, argparse.ngettext = _argparse_gettext, _argparse_ngettext  # type: ignore[attr-defined]
    try:
        yield
    finally:
        argparse._, argparse.ngettext = saved  # type: ignore[attr-defined]


class _Parser(argparse.ArgumentParser):
    """argparse in the user's language, and an error is one line (exit status 2), not a usage
    dump. A sub-command's kind missing before its options (``export --db x``) says which kinds
    exist and where the options go, instead of argparse's "invalid choice: 'x'"."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        with _argparse_in_our_language():  # "options", "show this help message and exit"
            super().__init__(*args, **kwargs)

    def add_argument(self, *args: Any, **kwargs: Any) -> argparse.Action:
        if kwargs.get("action") == "version":  # Python 3.11 does not pass this one to gettext
            kwargs.setdefault("help", _argparse_gettext("show program's version number and exit"))
        with _argparse_in_our_language():
            return super().add_argument(*args, **kwargs)

    def parse_args(self, *args: Any, **kwargs: Any) -> Any:  # "unrecognized arguments"
        with _argparse_in_our_language():
            return super().parse_args(*args, **kwargs)

    def parse_known_args(self, *args: Any, **kwargs: Any) -> Any:
        with _argparse_in_our_language():
            return super().parse_known_args(*args, **kwargs)

    def format_usage(self) -> str:
        with _argparse_in_our_language():
            return super().format_usage()

    def format_help(self) -> str:
        with _argparse_in_our_language():
            return super().format_help()

    def _check_value(self, action: argparse.Action, value: Any) -> None:
        if (
            isinstance(action, argparse._SubParsersAction)
            and action.choices is not None
            and value not in action.choices
            and self.prog != APP_NAME  # the top level lists its commands as argparse does
        ):
            raise UsageError(self._kind_first(action))
        super()._check_value(action, value)

    def _kind_first(self, action: argparse._SubParsersAction[Any]) -> str:
        """ "export: pilih jenis laporan lebih dulu: monthly (contoh: bpjs-desktop export monthly
        --db PATH …)": the kinds, and an example that puts an option after the first kind."""
        kinds = list(action.choices)
        first: argparse.ArgumentParser = action.choices[kinds[0]]
        option = next(
            (
                f"{a.option_strings[-1]} {a.metavar or a.dest.upper()}"
                for a in first._actions
                if a.option_strings and a.nargs != 0 and a.help != argparse.SUPPRESS
            ),
            "--help",
        )
        what = {
            _("LAPORAN"): _("jenis laporan"),
            _("JENIS"): _("jenis impor"),
            _("TINDAKAN"): _("tindakan"),
        }.get(str(action.metavar), str(action.metavar).lower())
        return _("{command}: pilih {what} lebih dulu: {kinds} (contoh: {example} …)").format(
            command=self.prog.removeprefix(APP_NAME).strip(),
            what=what,
            kinds=", ".join(kinds),
            example=f"{self.prog} {kinds[0]} {option}",
        )

    def error(self, message: str) -> NoReturn:
        # `export` alone: name the kinds rather than "the following arguments are required: LAPORAN"
        missing = _argparse_gettext("the following arguments are required: %s")
        for action in self._actions:
            if (
                isinstance(action, argparse._SubParsersAction)
                and action.choices
                and self.prog != APP_NAME
                and message == missing % action.metavar
            ):
                raise UsageError(self._kind_first(action))
        raise UsageError(
            _("{message} (lihat {prog} --help)").format(message=message, prog=self.prog)
        )


# --- argument types --------------------------------------------------------------------------------


def _checked(check: Any, *args: Any, **kwargs: Any) -> Any:
    """Run a ``domain.inputs`` check; its message becomes argparse's (exit 2, one line)."""
    from bpjs_desktop.errors import ValidationError

    try:
        return check(*args, **kwargs)
    except ValidationError as exc:
        raise argparse.ArgumentTypeError(exc.message) from None


def _date_arg(text: str) -> date:
    from bpjs_desktop.domain import inputs
    from bpjs_desktop.domain.periods import parse_date

    try:
        value = parse_date(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None
    # A birth date may be as early as 1900; no date of this programme is later than 2100.
    _checked(inputs.day, value, field="date", label=_("Tanggal"), earliest=inputs.EARLIEST_BIRTH)
    return value


def _period_arg(text: str) -> Any:
    from bpjs_desktop.domain.periods import Period

    try:
        return Period.parse(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


# A contract value or a total may be far above a month's wage: Rp1.000 triliun bounds them all.
MAX_AMOUNT = 10**15


def _rupiah_arg(text: str, maximum: int = MAX_AMOUNT) -> int:
    from bpjs_desktop.domain import inputs
    from bpjs_desktop.domain.money import parse_rupiah

    try:
        value = parse_rupiah(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None
    if value < 0:
        raise argparse.ArgumentTypeError(_("jumlah tidak boleh negatif: {text}").format(text=text))
    if value > maximum:
        raise argparse.ArgumentTypeError(
            inputs.too_much_message(_("Jumlah"), maximum, monthly=maximum < MAX_AMOUNT)
        )
    return value


def _wage_arg(text: str) -> int:
    """A monthly wage or declared income: at most ``inputs.MAX_MONTHLY_AMOUNT``."""
    from bpjs_desktop.domain import inputs

    return _rupiah_arg(text, inputs.MAX_MONTHLY_AMOUNT)


def _seed_arg(text: str) -> int:
    """A demo seed: 0 … 2^32 − 1 (what every random generator accepts)."""
    from bpjs_desktop.domain import inputs

    return int(
        _checked(inputs.whole_number, text, field="seed", label=_("Benih acak"),
                 minimum=0, maximum=2**32 - 1)
    )  # fmt: skip


def _db_url_arg(text: str) -> str:
    """A database URL SQLAlchemy can read, of an engine this application supports."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        url = make_url(text)
    except (ArgumentError, ValueError):
        raise argparse.ArgumentTypeError(
            _("URL database tidak dapat dibaca: {text!r}; misalnya postgresql://user@server/bpjs")
            .format(text=text[:60])
        ) from None  # fmt: skip
    if url.get_backend_name() not in ("sqlite", "postgresql"):
        raise argparse.ArgumentTypeError(
            _("URL database harus postgresql://… atau sqlite:///…, bukan {scheme}://").format(
                scheme=url.drivername[:30]
            )
        )
    return text


def _scale_arg(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(_("skala harus berupa angka, misalnya 0.01")) from None
    if not 0 < value <= 1:
        raise argparse.ArgumentTypeError(_("skala harus lebih dari 0 dan paling besar 1"))
    return value


def _positive_int(text: str) -> int:
    from bpjs_desktop.domain import inputs

    return int(
        _checked(inputs.whole_number, text, field="count", label=_("Bilangan"),
                 minimum=1, maximum=1_000_000)
    )  # fmt: skip


def _count_arg(text: str) -> int:
    from bpjs_desktop.domain import inputs

    return int(
        _checked(inputs.whole_number, text, field="count", label=_("Bilangan"),
                 minimum=0, maximum=1_000_000)
    )  # fmt: skip


def _density_arg(text: str) -> Any:
    from fractions import Fraction

    try:
        value = Fraction(text.replace(",", "."))
    except (ValueError, ZeroDivisionError):
        raise argparse.ArgumentTypeError(
            _("kepadatan harus berupa angka 0–1, misalnya 0.85")
        ) from None
    if not 0 <= value <= 1:
        raise argparse.ArgumentTypeError(_("kepadatan harus antara 0 dan 1"))
    return value


def _levels_arg(text: str) -> tuple[Any, ...]:
    from bpjs_desktop.domain.scholarships import SchoolLevel
    from bpjs_desktop.errors import ValidationError

    try:
        return SchoolLevel.parse_list(text)
    except ValidationError as error:
        raise argparse.ArgumentTypeError(error.errors[0].message) from None


# --- the parser ------------------------------------------------------------------------------------


def _add_db_options(parser: argparse.ArgumentParser) -> None:
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--db", metavar="PATH", type=Path, default=argparse.SUPPRESS,
                       help=_("file database SQLite (bawaan: di folder data pengguna)"))  # fmt: skip
    group.add_argument("--db-url", metavar="URL", default=argparse.SUPPRESS, type=_db_url_arg,
                       help=_("URL database bersama, misalnya postgresql://user@server/bpjs"))  # fmt: skip


def _add_file_commands(commands: Any) -> None:
    """demo, export and import: the commands that write or read files of the office."""
    demo = commands.add_parser("demo", help=_("buat database demo Kanwil Jawa Timur"))
    _add_db_options(demo)
    demo.add_argument(
        "--scale",
        type=_scale_arg,
        default=1.0,
        help=_("skala data, 0 < S ≤ 1 (bawaan 1: 2,65 juta tenaga kerja)"),
    )
    demo.add_argument(
        "--seed",
        type=_seed_arg,
        default=2018,
        help=_("benih acak (bawaan 2018); benih sama → data sama"),
    )
    demo.add_argument(
        "--as-of",
        type=_date_arg,
        default=date(2018, 4, 30),
        help=_("tanggal data (bawaan 30/04/2018)"),
    )

    export = commands.add_parser("export", help=_("ekspor laporan ke Excel"))
    export_kinds = export.add_subparsers(
        dest="report", metavar=_("LAPORAN"), parser_class=_Parser, required=True
    )
    monthly = export_kinds.add_parser("monthly", help=_("buku kerja ringkasan bulanan"))
    _add_db_options(monthly)
    monthly.add_argument(
        "--month", type=_period_arg, required=True, help=_("bulan, TTTT-BB (misalnya 2018-04)")
    )
    monthly.add_argument("--out", type=Path, required=True, help=_("file .xlsx yang ditulis"))
    monthly.add_argument(
        "--branch", metavar=_("KODE"), help=_("hanya satu kantor (beserta KCP di bawahnya)")
    )

    import_parser = commands.add_parser("import", help=_("impor daftar tenaga kerja dari file"))
    import_kinds = import_parser.add_subparsers(
        dest="import_kind", metavar=_("JENIS"), parser_class=_Parser, required=True
    )
    workers = import_kinds.add_parser(
        "workers", help=_("daftar tenaga kerja satu pemberi kerja (.xlsx atau .csv)")
    )
    _add_db_options(workers)
    workers.add_argument("file", type=Path, help=_("file .xlsx atau .csv (lihat: import template)"))
    workers.add_argument("--employer", required=True, metavar="NPP", help=_("NPP pemberi kerja"))
    workers.add_argument(
        "--dry-run", action="store_true", help=_("hanya periksa; tidak ada yang disimpan")
    )
    workers.add_argument(
        "--only-valid",
        action="store_true",
        help=_("impor baris yang valid walaupun ada baris bermasalah"),
    )
    workers.add_argument(
        "--errors",
        type=Path,
        metavar="OUT.xlsx",
        help=_("tulis daftar kesalahan ke file .xlsx, bukan ke layar"),
    )
    workers.add_argument(
        "--purpose",
        metavar="TEKS",
        help=_("tujuan ekspor daftar kesalahan (wajib dengan --errors; dicatat di jejak audit)"),
    )
    template = import_kinds.add_parser(
        "template", help=_("tulis templat .xlsx berisi kolom yang dibaca impor")
    )
    template.add_argument("out", type=Path, metavar="OUT.xlsx", help=_("file .xlsx yang ditulis"))


def _add_calculator_commands(commands: Any) -> None:
    """nik, iuran and manfaat: the rule calculators, no database."""
    nik = commands.add_parser("nik", help=_("periksa dan uraikan NIK"))
    nik.add_argument("nik", help=_("NIK 16 digit"))
    nik.add_argument(
        "--birth-date", type=_date_arg, help=_("tanggal lahir yang dicocokkan, HH/BB/TTTT")
    )
    nik.add_argument(
        "--sex", choices=("L", "P"), type=str.upper, help=_("jenis kelamin yang dicocokkan")
    )
    nik.add_argument("--json", action="store_true", help=_("keluaran JSON"))

    iuran = commands.add_parser("iuran", help=_("hitung iuran per program"))
    iuran.add_argument(
        "--segment", required=True, type=str.upper, choices=("PU", "BPU", "JAKON", "PMI")
    )
    iuran.add_argument(
        "--period", type=_period_arg, help=_("periode iuran TTTT-BB (bawaan: bulan ini)")
    )
    iuran.add_argument("--wage", type=_wage_arg, help=_("upah sebulan (PU)"))
    iuran.add_argument(
        "--risk",
        type=int,
        choices=range(1, 6),
        metavar="1-5",
        default=None,
        help=_("kelompok risiko JKK (PU), 1 sangat rendah … 5 sangat tinggi"),
    )
    iuran.add_argument("--programs", help=_("program, misalnya JKK,JKM,JHT,JP"))
    iuran.add_argument("--income", type=_wage_arg, help=_("penghasilan yang dilaporkan (BPU)"))
    iuran.add_argument("--contract-value", type=_rupiah_arg, help=_("nilai kontrak proyek (Jakon)"))
    iuran.add_argument(
        "--months", type=_positive_int, help=_("lama kontrak kerja dalam bulan (PMI)")
    )
    iuran.add_argument(
        "--labour-intensive",
        action="store_true",
        help=_("industri padat karya (diskon JKK PP 7/2025)"),
    )
    iuran.add_argument("--json", action="store_true", help=_("keluaran JSON"))

    manfaat = commands.add_parser("manfaat", help=_("hitung manfaat per program"))
    manfaat.add_argument(
        "--program", required=True, type=str.upper, choices=("JHT", "JKK", "JKM", "JP", "JKP")
    )
    manfaat.add_argument(
        "--event-date", required=True, type=_date_arg, help=_("tanggal kejadian HH/BB/TTTT")
    )
    manfaat.add_argument("--wage", type=_wage_arg, help=_("upah sebulan"))
    manfaat.add_argument("--months", type=_count_arg, default=0, help=_("masa iur dalam bulan"))
    manfaat.add_argument("--joined", type=_date_arg, help=_("tanggal mulai kepesertaan HH/BB/TTTT"))
    manfaat.add_argument("--density", type=_density_arg, help=_("kepadatan iuran 0–1 (JP)"))
    manfaat.add_argument(
        "--kind",
        type=str.lower,
        help=_(
            "JP: hari-tua|cacat|janda-duda|anak|orang-tua; "
            "JKK: meninggal|cacat-total|cacat-sebagian|stmb"
        ),
    )
    manfaat.add_argument(
        "--children", type=_levels_arg, default=(), help=_("jenjang sekolah anak, misalnya SMA,SD")
    )
    manfaat.add_argument(
        "--segment", type=str.upper, choices=("PU", "BPU", "JAKON", "PMI"), default="PU"
    )
    manfaat.add_argument(
        "--disability-percent", type=_count_arg, default=0, help=_("persentase cacat sebagian")
    )
    manfaat.add_argument("--stmb-days", type=_count_arg, default=0, help=_("hari STMB"))
    manfaat.add_argument("--json", action="store_true", help=_("keluaran JSON"))


def _add_database_commands(commands: Any) -> None:
    """backup, restore, location, check, migrate and migrate-to: the database itself."""
    backup = commands.add_parser("backup", help=_("salin database ke file cadangan"))
    _add_db_options(backup)
    backup.add_argument("--to", type=Path, help=_("file tujuan (bawaan: folder cadangan)"))
    backup.add_argument("--list", action="store_true",
                        help=_("daftar cadangan terperiksa database ini, terbaru dahulu"))  # fmt: skip
    backup.add_argument("--json", action="store_true", help=_("keluaran JSON (dengan --list)"))
    restore = commands.add_parser("restore", help=_("pulihkan database dari file cadangan"))
    _add_db_options(restore)
    restore.add_argument("file", type=Path, help=_("file cadangan"))
    location = commands.add_parser(
        "location", help=_("periksa apakah database berada di folder jaringan atau tersinkron")
    )
    _add_db_options(location)
    choice = location.add_mutually_exclusive_group()
    choice.add_argument("--allow", action="store_true",
                        help=_("izinkan database ini di folder jaringan atau tersinkron (administrator)"))  # fmt: skip
    choice.add_argument("--forbid", action="store_true",
                        help=_("cabut izin itu kembali"))  # fmt: skip
    check = commands.add_parser("check", help=_("periksa keutuhan database dan jejak audit"))
    _add_db_options(check)
    migrate = commands.add_parser(
        "migrate", help=_("perbarui struktur database ke versi aplikasi ini")
    )
    _add_db_options(migrate)
    migrate_to = commands.add_parser(
        "migrate-to", help=_("salin database kantor ke database PostgreSQL yang kosong")
    )
    _add_db_options(migrate_to)
    migrate_to.add_argument(
        "url", help=_("URL database tujuan, misalnya postgresql://user@server/bpjs")
    )


def _add_user_commands(commands: Any) -> None:
    """user add, passwd, disable, enable, unlock and list."""
    user = commands.add_parser("user", help=_("kelola pengguna"))
    user_commands = user.add_subparsers(
        dest="user_command", metavar=_("TINDAKAN"), parser_class=_Parser, required=True
    )
    add = user_commands.add_parser("add", help=_("tambah pengguna"))
    _add_db_options(add)
    add.add_argument("username")
    add.add_argument("--name", required=True, help=_("nama lengkap"))
    add.add_argument(
        "--role",
        required=True,
        type=str.upper,
        choices=("ADMIN", "KEPALA", "PELAYANAN", "AR", "PEMERIKSA"),
    )
    add.add_argument("--office", metavar=_("KODE"), help=_("kode kantor"))
    add.add_argument(
        "--password-stdin", action="store_true", help=_("baca kata sandi dari masukan standar")
    )
    passwd = user_commands.add_parser("passwd", help=_("ganti kata sandi"))
    _add_db_options(passwd)
    passwd.add_argument("username")
    passwd.add_argument(
        "--password-stdin", action="store_true", help=_("baca kata sandi dari masukan standar")
    )
    for name, helptext in (
        ("disable", _("nonaktifkan pengguna")),
        ("enable", _("aktifkan kembali pengguna")),
        ("unlock", _("buka akun yang terkunci setelah gagal masuk berulang kali")),
    ):
        sub = user_commands.add_parser(name, help=helptext)
        _add_db_options(sub)
        sub.add_argument("username")
    listing = user_commands.add_parser("list", help=_("daftar pengguna"))
    _add_db_options(listing)


def build_parser(*, commands: bool = True) -> argparse.ArgumentParser:
    """The command line's parser; without *commands*, only the options of the window itself
    (what every start of the app parses: the 26 commands' parsers cost some 10-25 ms)."""
    parser = _Parser(
        prog=APP_NAME,
        description=_(
            "Aplikasi kantor cabang dan kantor wilayah BPJS Ketenagakerjaan. Tanpa perintah: membuka jendela aplikasi."
        ),
    )
    parser.add_argument("--version", action="version", version=f"{APP_NAME} {__version__}")
    parser.add_argument("--lang", choices=("id", "en"), help=_("bahasa pesan (bawaan: id)"))
    parser.add_argument("--verbose", action="store_true",
                        help=_("tulis rincian teknis ke file log (untuk mencari kesalahan)"))  # fmt: skip
    parser.add_argument("--self-test", action="store_true", help=_(
        "uji instalasi ini tanpa layar di folder sementara (database, demo, check, ekspor, PDF, "
        "jendela) lalu keluar"
    ))  # fmt: skip
    _add_db_options(parser)
    if not commands:
        parser.set_defaults(command=None)
        return parser
    subparsers = parser.add_subparsers(dest="command", metavar=_("PERINTAH"), parser_class=_Parser)

    _add_file_commands(subparsers)
    _add_calculator_commands(subparsers)
    _add_database_commands(subparsers)
    _add_user_commands(subparsers)

    from bpjs_desktop import cli_arrears

    cli_arrears.add_parser(subparsers, _add_db_options)

    audit_parser = subparsers.add_parser("audit", help=_("jejak audit"))
    audit_commands = audit_parser.add_subparsers(
        dest="audit_command", metavar=_("TINDAKAN"), parser_class=_Parser, required=True
    )
    verify = audit_commands.add_parser("verify", help=_("periksa rantai hash jejak audit"))
    _add_db_options(verify)
    return parser


# --- helpers ------------------------------------------------------------------------------------


def database_url(args: argparse.Namespace) -> str:
    from bpjs_desktop.db.urls import sqlite_url

    if getattr(args, "db_url", None):
        return str(args.db_url)
    if getattr(args, "db", None):
        return sqlite_url(args.db)
    return sqlite_url(paths.default_database())


class _TerminalProgress:
    """A long command's percent and step on one line of standard error, when that is a terminal
    (nothing in a log file or a pipe); :meth:`end` closes the line."""

    def __init__(self) -> None:
        self.last = -1

    def __call__(self, percent: int, message: str) -> None:
        if percent != self.last and sys.stderr.isatty():
            print(f"\r{percent:3d}% {message:<60}", end="", file=sys.stderr, flush=True)
        self.last = percent

    def end(self) -> None:
        if sys.stderr.isatty() and self.last >= 0:
            print(file=sys.stderr)


@contextmanager
def opened_database(args: argparse.Namespace, *, create: bool = False) -> Iterator[Any]:
    """The database the command line names, disposed of when the block ends."""
    db = _open(args, create=create)
    try:
        yield db
    finally:
        db.dispose()


def _open(args: argparse.Namespace, *, create: bool = False) -> Any:
    from bpjs_desktop.db.migrate import open_database

    return open_database(database_url(args), create=create)


def print_table(rows: Sequence[Sequence[Any]], right: Sequence[int] = ()) -> None:
    """Rows as aligned columns; the columns numbered in *right* flush right (amounts)."""
    widths = [max(len(str(row[i])) for row in rows) for i in range(len(rows[0]))]
    for row in rows:
        cells = [
            str(c).rjust(widths[i]) if i in right else str(c).ljust(widths[i])
            for i, c in enumerate(row)
        ]
        print("  ".join(cells).rstrip())


def _read_password(from_stdin: bool) -> str:
    """The new password: the first line of standard input when asked (``--password-stdin``) or
    when standard input is not a terminal (``echo … | bpjs-desktop user add …``, a file, a
    script); otherwise typed twice without echo."""

    def no_input() -> ValidationError:
        return ValidationError.single(
            "password",
            _(
                "Tidak ada kata sandi yang dapat dibaca: jalankan perintah ini di terminal untuk "
                "mengetiknya, atau alirkan kata sandi ke masukan standar "
                "(echo KATA-SANDI | bpjs-desktop user …)"
            ),
        )

    stdin = sys.stdin
    if stdin is None:
        raise no_input()
    if from_stdin or not stdin.isatty():
        line = stdin.readline()
        if not line:
            raise no_input()
        return line.rstrip("\r\n")
    try:
        first = getpass.getpass(_("Kata sandi baru: "))
        second = getpass.getpass(_("Ulangi kata sandi: "))
    except EOFError:
        raise no_input() from None
    if first != second:
        raise ValidationError.single("password", _("Kedua kata sandi tidak sama"))
    return first


# --- commands ---------------------------------------------------------------------------------


def cmd_nik(args: argparse.Namespace) -> int:
    from bpjs_desktop.domain.identifiers import IdentifierError, Sex, nik_discrepancies, parse_nik
    from bpjs_desktop.domain.periods import format_date

    try:
        info = parse_nik(args.nik)
    except IdentifierError as exc:
        if args.json:
            print(json.dumps({"valid": False, "reason": exc.message}, ensure_ascii=False))
        else:
            print(_("NIK tidak valid: {reason}").format(reason=exc.message))
        return EXIT_KNOWN
    sex = Sex(args.sex) if args.sex else None
    problems = nik_discrepancies(info, birth_date=args.birth_date, sex=sex)
    if args.json:
        result: dict[str, Any] = {
            "valid": True,
            "consistent": not problems,
            "nik": info.nik,
            "province": info.province_code,
            "province_name": info.province,
            "regency": info.regency_code,
            "regency_name": info.regency,
            "district": info.district_code,
            "birth_date": info.birth_date.isoformat(),
            "sex": info.sex.value,
            "serial": info.serial,
        }
        if problems:
            result["discrepancies"] = [{"field": p.field, "message": p.message} for p in problems]
        print(json.dumps(result, ensure_ascii=False))
    else:
        not_listed = _("(tidak ada dalam daftar)")
        rows = [
            (_("NIK"), info.nik),
            (_("Provinsi"), f"{info.province_code} {info.province}"),
            (
                _("Kabupaten/kota"),
                f"{info.regency_code} {info.regency or not_listed}",
            ),
            (_("Kecamatan"), info.district_code),
            (_("Tanggal lahir"), format_date(info.birth_date)),
            (_("Jenis kelamin"), f"{info.sex.value} ({info.sex.label})"),
            (_("Nomor urut"), info.serial),
        ]
        print_table(rows)
        for problem in problems:
            print(_("TIDAK SESUAI: {message}").format(message=problem.message))
        if not problems:
            print(_("NIK valid."))
    return EXIT_KNOWN if problems else EXIT_OK


def _print_contribution(result: Contribution, segment: str, period: Period) -> None:
    """A contribution as a table per programme (employer, worker, total), then its notes."""
    from bpjs_desktop.domain.money import format_rupiah

    kind = _("sekali bayar") if result.one_off else _("per bulan")
    print(
        _("Iuran {segment} periode {period} ({kind})").format(
            segment=segment, period=period.blth, kind=kind
        )
    )
    rows: list[tuple[str, ...]] = [(_("Program"), _("Pemberi kerja"), _("Pekerja"), _("Jumlah"))]
    for line in result.lines:
        rows.append(
            (
                line.key,
                format_rupiah(line.employer),
                format_rupiah(line.worker),
                format_rupiah(line.total),
            )
        )
    rows.append(
        (
            _("Total"),
            format_rupiah(result.employer),
            format_rupiah(result.worker),
            format_rupiah(result.total),
        )
    )
    print_table(rows, right=(1, 2, 3))
    if result.government:
        print(
            _("Dibayar pemerintah (JKP): {amount}").format(amount=format_rupiah(result.government))
        )
    if result.deferred:
        print(_("Ditunda (relaksasi): {amount}").format(amount=format_rupiah(result.deferred)))
    for note in result.notes:
        print(f"- {note}")


def cmd_iuran(args: argparse.Namespace) -> int:
    from bpjs_desktop.domain.contributions import (
        bpu_contribution,
        jakon_contribution,
        pmi_contribution,
        pu_contribution,
    )
    from bpjs_desktop.domain.periods import Period, today_wib
    from bpjs_desktop.domain.programmes import RiskGroup, parse_programmes

    period = args.period or Period.of(today_wib())
    segment = args.segment

    def need(value: object, flag: str) -> None:
        if value is None:
            raise UsageError(
                _("segmen {segment} memerlukan {flag}").format(segment=segment, flag=flag)
            )

    def refuse(*flags: str) -> None:
        for flag in flags:
            if getattr(args, flag.lstrip("-").replace("-", "_")) not in (None, False):
                raise UsageError(
                    _("{flag} tidak dipakai untuk segmen {segment}").format(
                        flag=flag, segment=segment
                    )
                )

    if segment == "PU":
        need(args.wage, "--wage")
        need(args.risk, "--risk")
        refuse("--income", "--contract-value", "--months")
        programmes = parse_programmes(args.programs or "JKK,JKM,JHT,JP")
        result = pu_contribution(
            args.wage,
            period,
            RiskGroup(args.risk),
            programmes,
            labour_intensive=args.labour_intensive,
        )
    elif segment == "BPU":
        need(args.income, "--income")
        refuse("--wage", "--risk", "--contract-value", "--months", "--labour-intensive")
        result = bpu_contribution(args.income, period, parse_programmes(args.programs or "JKK,JKM"))
    elif segment == "JAKON":
        need(args.contract_value, "--contract-value")
        refuse("--wage", "--risk", "--income", "--months", "--programs", "--labour-intensive")
        result = jakon_contribution(args.contract_value, period.first_day)
    else:
        need(args.months, "--months")
        refuse(
            "--wage", "--risk", "--income", "--contract-value", "--programs", "--labour-intensive"
        )
        result = pmi_contribution(args.months, period.first_day)
    if args.json:
        print(json.dumps(result.as_json(), ensure_ascii=False))
    else:
        _print_contribution(result, segment, period)
    return EXIT_OK


def cmd_manfaat(args: argparse.Namespace) -> int:
    from bpjs_desktop.domain.calculator import JKK_KINDS, JP_KINDS, BenefitQuestion, calculate
    from bpjs_desktop.domain.money import format_rupiah
    from bpjs_desktop.domain.programmes import Programme, Segment

    programme = Programme(args.program)
    kinds: Sequence[str] | None = {"JP": list(JP_KINDS), "JKK": list(JKK_KINDS)}.get(args.program)
    if args.kind is not None:
        if kinds is None:
            raise UsageError(
                _("--kind tidak dipakai untuk program {program}").format(program=args.program)
            )
        if args.kind not in kinds:
            raise UsageError(
                _("--kind untuk {program} harus salah satu dari: {kinds}").format(
                    program=args.program, kinds=", ".join(kinds)
                )
            )
    elif args.program == "JKK":
        raise UsageError(_("program JKK memerlukan --kind"))
    if args.program in ("JHT", "JKK", "JP", "JKP") and args.wage is None:
        raise UsageError(_("program {program} memerlukan --wage").format(program=args.program))
    answer = calculate(
        BenefitQuestion(
            programme=programme,
            event_date=args.event_date,
            segment=Segment(args.segment),
            wage=args.wage,
            months=args.months,
            joined=args.joined,
            density=args.density,
            kind=args.kind,
            children=args.children,
            disability_percent=args.disability_percent,
            stmb_days=args.stmb_days,
        )
    )
    if args.json:
        print(json.dumps(answer.as_json(), ensure_ascii=False))
        return EXIT_OK
    print(
        _("Manfaat {program} untuk kejadian {day}").format(
            program=args.program, day=args.event_date.strftime("%d/%m/%Y")
        )
    )
    rows: list[tuple[str, ...]] = [(_("Rincian"), pgettext("uang", "Jumlah"))]
    rows += [(line.label, format_rupiah(line.amount)) for line in answer.lines]
    rows.append((_("Dibayar sekaligus"), format_rupiah(answer.total)))
    if answer.monthly is not None:
        rows.append((_("Pensiun bulan pertama"), format_rupiah(answer.monthly)))
    print_table(rows, right=(1,))
    for note in answer.notes:
        print(f"- {note}")
    for rule in answer.rules:
        print(_("Dasar aturan: {source}").format(source=rule))
    return EXIT_OK


def cmd_demo(args: argparse.Namespace) -> int:
    from bpjs_desktop.domain.money import group_thousands
    from bpjs_desktop.services.demo.plan import DEMO_PASSWORD
    from bpjs_desktop.services.demo.run import generate_demo

    if getattr(args, "db_url", None):
        raise UsageError(_("demo hanya dibuat sebagai file SQLite: pakai --db PATH"))
    if not getattr(args, "db", None):
        raise UsageError(_("sebutkan file database baru dengan --db PATH"))
    progress = _TerminalProgress()
    result = generate_demo(
        args.db, scale=args.scale, seed=args.seed, as_of=args.as_of, progress=progress
    )
    progress.end()
    total = sum(result.rows.values())
    print(
        _(
            "Database demo dibuat: {path} ({rows} baris, {seconds:.0f} detik). Masuk sebagai admin, kata sandi {password}."
        ).format(
            path=result.path,
            rows=group_thousands(total),
            seconds=result.seconds,
            password=DEMO_PASSWORD,
        )
    )
    return EXIT_OK


def cmd_export(args: argparse.Namespace) -> int:
    from bpjs_desktop.services.context import Actor
    from bpjs_desktop.services.reports import export_monthly

    with opened_database(args) as db:
        summary = export_monthly(db, Actor.command_line(), args.month, args.out, args.branch)
    print(
        _("Ringkasan {month} untuk {scope} ditulis ke {path} ({n} kantor)").format(
            month=args.month.label(), scope=summary.scope_name, path=args.out, n=len(summary.rows)
        )
    )
    return EXIT_OK


def _report_import_errors(args: argparse.Namespace, actor: Actor, report: ImportReport) -> None:
    """The rows refused or warned of: to the --errors workbook (its export recorded), or printed."""
    from bpjs_desktop.exchange.worker_list import write_error_report

    if args.errors is not None:
        from bpjs_desktop.services import personal

        with opened_database(args) as db:
            personal.record_export(
                db, actor, personal.IMPORT_ERROR_REPORT,
                len(report.errors) + len(report.warnings), args.purpose,
            )  # fmt: skip
        write_error_report(args.errors, report.errors, report.warnings)
        print(
            ngettext(
                "Daftar kesalahan ({n} baris) ditulis ke {path}",
                "Daftar kesalahan ({n} baris) ditulis ke {path}",
                len(report.errors),
            ).format(n=len(report.errors), path=args.errors)
        )
    else:
        for error in report.errors:
            print(_format_row_error(error))
        for warning in report.warnings:
            print(_format_row_error(warning, _("peringatan")))


def cmd_import(args: argparse.Namespace) -> int:
    from bpjs_desktop.domain.money import group_thousands
    from bpjs_desktop.exchange.worker_list import write_template
    from bpjs_desktop.services import imports
    from bpjs_desktop.services.context import Actor

    if args.import_kind == "template":
        if args.out.suffix.lower() != ".xlsx":
            raise UsageError(_("nama file templat harus berakhiran .xlsx"))
        write_template(args.out)
        print(_("Templat daftar tenaga kerja ditulis ke {path}").format(path=args.out))
        return EXIT_OK
    if args.errors is not None and args.errors.suffix.lower() != ".xlsx":
        raise UsageError(_("--errors harus file berakhiran .xlsx"))
    if args.errors is not None and len((args.purpose or "").strip()) < 3:
        # The report holds rows of a worker list: personal data leaves only for a stated purpose.
        raise UsageError(_("--errors memerlukan --purpose TEKS: tujuan ekspor data pribadi"))
    if args.dry_run and args.only_valid:
        raise UsageError(_("--only-valid tidak dipakai bersama --dry-run"))
    progress = _TerminalProgress()
    actor = Actor.command_line()
    db = _open(args)
    try:
        if args.dry_run:
            report = imports.dry_run(db, actor, args.employer, args.file, progress=progress)
        else:
            try:
                report = imports.commit(
                    db, actor, args.employer, args.file,
                    only_valid=args.only_valid, progress=progress,
                )  # fmt: skip
            except imports.ImportHasErrors as exc:
                report = exc.report
    finally:
        db.dispose()
        progress.end()
    print(
        _("{file} untuk {employer} (NPP {npp}): {summary}").format(
            file=report.file_name,
            employer=report.employer_name,
            npp=report.npp,
            summary=report.summary,
        )
    )
    if report.committed:
        print(
            ngettext(
                "{n} tenaga kerja diimpor, KPJ {first} s.d. {last}",
                "{n} tenaga kerja diimpor, KPJ {first} s.d. {last}",
                report.imported,
            ).format(
                n=group_thousands(report.imported), first=report.first_kpj, last=report.last_kpj
            )
        )
    elif not args.dry_run:
        print(
            _(
                "Tidak ada yang diimpor: perbaiki baris yang bermasalah, atau pakai --only-valid "
                "untuk mengimpor baris yang valid saja."
            )
        )
    _report_import_errors(args, actor, report)
    return EXIT_KNOWN if report.rows_bad else EXIT_OK


def _format_row_error(error: Any, kind: str | None = None) -> str:
    where = _("baris {row}, kolom {column}").format(row=error.row, column=error.column)
    if kind:
        where = f"{where} ({kind})"
    value = f" [{error.value}]" if error.value else ""
    return f"{where}{value}: {error.message}"


def cmd_backup(args: argparse.Namespace) -> int:
    from bpjs_desktop.services import backup

    if args.list:
        return _list_backups(args)
    with opened_database(args) as db:
        if args.to is not None:
            target = backup.backup(db, args.to)
        else:
            info = backup.take_backup(db, "manual")
            target = info.path
    print(_("Cadangan ditulis ke {path}").format(path=target))
    if args.to is None and not info.ok:
        print(_("Cadangan GAGAL diperiksa: {problem}").format(problem=info.problem))
        return EXIT_KNOWN
    return EXIT_OK


def _list_backups(args: argparse.Namespace) -> int:
    from sqlalchemy.engine import make_url

    from bpjs_desktop.services import backup

    parsed = make_url(database_url(args))
    path = Path(str(parsed.database)) if parsed.get_backend_name() == "sqlite" else None
    infos = backup.list_backups(backup.require_sqlite(path))
    if args.json:
        print(json.dumps([
            {"file": str(i.path), "taken_at": i.taken_at.isoformat(), "reason": i.reason,
             "size": i.size, "ok": i.ok, "problem": i.problem, "rows": i.rows,
             "audit_head_id": i.audit_head_id, "revision": i.revision}
            for i in infos
        ], indent=1, ensure_ascii=False))  # fmt: skip
        return EXIT_OK
    if not infos:
        print(_("Belum ada cadangan terperiksa untuk {db}").format(db=path))
        return EXIT_OK
    rows = [[*(_(h) for h in backup.LISTING_HEADERS), _("File")]]
    rows += [[*i.listing_texts(), i.path.name] for i in infos]
    print_table(rows, right=backup.LISTING_RIGHT)
    return EXIT_OK


def cmd_restore(args: argparse.Namespace) -> int:
    from bpjs_desktop.db.engine import describe_url
    from bpjs_desktop.services import backup

    url = database_url(args)
    safety = backup.restore(url, args.file)
    if safety is None:
        print(
            _(
                "Database {db} dibuat dari cadangan {file} (sebelumnya belum ada database di sana)"
            ).format(db=describe_url(url), file=args.file)
        )
    else:
        print(
            _("Database dipulihkan dari {file}; database sebelumnya disimpan di {safety}").format(
                file=args.file, safety=safety
            )
        )
    return EXIT_OK


def cmd_location(args: argparse.Namespace) -> int:
    from sqlalchemy.engine import make_url

    from bpjs_desktop.services import backup, db_location
    from bpjs_desktop.services.context import Actor

    parsed = make_url(database_url(args))
    path = backup.require_sqlite(
        Path(str(parsed.database)) if parsed.get_backend_name() == "sqlite" else None
    )
    risk = db_location.risk_of(path)
    if args.allow or args.forbid:
        with opened_database(args) as db:
            db_location.set_allowed(db, Actor.command_line(), bool(args.allow))
    if risk is None:
        print(_("Database {path} berada di disk komputer ini: baik").format(path=path))
    else:
        print(db_location.risk_message(path, risk))
        if db_location.allowed_here(path):
            print(_("Administrator telah mengizinkan lokasi ini untuk database ini."))
        else:
            print(_("Lokasi ini belum diizinkan: aplikasi menolak membukanya."))
    return EXIT_OK


def cmd_check(args: argparse.Namespace) -> int:
    from bpjs_desktop.services import backup

    with opened_database(args) as db:
        report = backup.check(db)
    for line in report.lines:
        print(line)
    return EXIT_OK if report.ok else EXIT_KNOWN


def cmd_migrate(args: argparse.Namespace) -> int:
    from bpjs_desktop.db.migrate import current_revision

    with opened_database(args, create=True) as db:
        revision = current_revision(db)
    print(
        _("Struktur database mutakhir (revisi {rev}): {db}").format(rev=revision, db=db.describe())
    )
    return EXIT_OK


def cmd_user(args: argparse.Namespace) -> int:
    from bpjs_desktop.db.models import Role
    from bpjs_desktop.services import auth
    from bpjs_desktop.services.context import Actor

    actor = Actor.command_line()
    with opened_database(args) as db:
        if args.user_command == "add":
            row = auth.add_user(
                db, actor, username=args.username, full_name=args.name, role=Role(args.role),
                password=_read_password(args.password_stdin), office_code=args.office,
            )  # fmt: skip
            print(
                _("Pengguna {username} ({role}) ditambahkan").format(
                    username=row.username, role=row.role_label
                )
            )
        elif args.user_command == "passwd":
            auth.set_password(db, actor, args.username, _read_password(args.password_stdin))
            print(_("Kata sandi {username} diganti").format(username=args.username))
        elif args.user_command in ("disable", "enable"):
            auth.set_active(db, actor, args.username, args.user_command == "enable")
            print(_("Pengguna {username} {state}").format(
                username=args.username, state=_("diaktifkan") if args.user_command == "enable" else _("dinonaktifkan")
            ))  # fmt: skip
        elif args.user_command == "unlock":
            if auth.unlock(db, actor, args.username):
                print(_("Akun {username} dibuka kembali").format(username=args.username))
            else:
                print(
                    _(
                        "Akun {username} tidak sedang terkunci; hitungan gagal masuknya dihapus"
                    ).format(username=args.username)
                )
        else:
            rows = [(_("Pengguna"), _("Nama"), _("Peran"), _("Kantor"), _("Aktif"))]
            rows += [
                (
                    u.username,
                    u.full_name,
                    u.role_label,
                    u.office_code or "-",
                    (_("ya") if u.active else _("tidak"))
                    + (
                        " "
                        + _("(terkunci sampai {time})").format(
                            time=u.locked_until.astimezone().strftime("%H:%M")
                        )
                        if u.locked_until
                        else ""
                    ),
                )
                for u in auth.list_users(db)
            ]
            print_table(rows)
    return EXIT_OK


def cmd_migrate_to(args: argparse.Namespace) -> int:
    from bpjs_desktop.domain.money import group_thousands
    from bpjs_desktop.services.context import Actor
    from bpjs_desktop.services.migrate_to import migrate_to

    with opened_database(args) as db:
        report = migrate_to(db, args.url, Actor.command_line())
    rows = [(_("Tabel"), _("Baris"), _("Total uang (semua kolom uang)"))]
    rows += [
        (t.table, group_thousands(t.rows), ", ".join(f"{name} {group_thousands(value)}" for name, value in t.totals) or "-")
        for t in report.tables
    ]  # fmt: skip
    print_table(rows, right=(1,))
    print(_("{rows} baris disalin dari {source} ke {target} dalam {seconds:.1f} detik; jumlah baris dan total uang setiap tabel sama, jejak audit utuh ({events} kejadian).").format(
        rows=group_thousands(report.rows), source=report.source, target=report.target,
        seconds=report.seconds, events=group_thousands(report.audit_events),
    ))  # fmt: skip
    return EXIT_OK


def cmd_audit(args: argparse.Namespace) -> int:
    from bpjs_desktop.domain.money import group_thousands
    from bpjs_desktop.services import audit

    with opened_database(args) as db:
        report = audit.verify(db)
    if report.ok:
        print(
            _("Jejak audit utuh: {n} kejadian diperiksa").format(n=group_thousands(report.events))
        )
        return EXIT_OK
    print(_("Jejak audit RUSAK mulai kejadian #{id} ({problem}): ada baris yang diubah atau dihapus di luar aplikasi").format(
        id=report.first_broken_id, problem=report.problem
    ))  # fmt: skip
    return EXIT_KNOWN


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "nik": cmd_nik,
    "iuran": cmd_iuran,
    "manfaat": cmd_manfaat,
    "demo": cmd_demo,
    "export": cmd_export,
    "import": cmd_import,
    "backup": cmd_backup,
    "restore": cmd_restore,
    "check": cmd_check,
    "location": cmd_location,
    "migrate": cmd_migrate,
    "migrate-to": cmd_migrate_to,
    "user": cmd_user,
    "audit": cmd_audit,
    "arrears": lambda args: _run_arrears(args),
}


def _run_arrears(args: argparse.Namespace) -> int:
    from bpjs_desktop import cli_arrears

    return cli_arrears.run(args)


def setup_logging(verbose: bool = False) -> Path | None:
    """A rotating log file in the app's log folder (no NIK or wages are ever logged)."""
    from logging.handlers import RotatingFileHandler

    root = logging.getLogger()
    if any(isinstance(h, RotatingFileHandler) for h in root.handlers):
        return None
    try:
        log_file = paths.log_file()
        handler = RotatingFileHandler(log_file, maxBytes=2_000_000, backupCount=5, encoding="utf-8")
    except OSError:
        return None
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root.addHandler(handler)
    root.setLevel(logging.DEBUG if verbose else logging.INFO)
    # Alembic logs at INFO each plugin it loads and each revision it looks at, on every start:
    # dozens of lines per call that bury the app's own. Wanted only when debugging.
    logging.getLogger("alembic").setLevel(logging.INFO if verbose else logging.WARNING)
    # SQLAlchemy's engine logs every statement with its parameters at INFO: NIKs and wages,
    # which never go to a log, debugging or not.
    logging.getLogger("sqlalchemy").setLevel(logging.WARNING)
    return log_file


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    arguments = list(sys.argv[1:] if argv is None else argv)
    set_language(language_from_environment())
    if "--lang" in arguments:
        index = arguments.index("--lang")
        if index + 1 < len(arguments) and arguments[index + 1] in ("id", "en"):
            set_language(arguments[index + 1])
    log_file = setup_logging(verbose="--verbose" in arguments)
    try:
        args = build_parser(commands=not _window_options_only(arguments)).parse_args(arguments)
        if args.self_test:
            from bpjs_desktop import self_test

            return self_test.run()
        if args.command is None:
            from bpjs_desktop.app import run_gui

            chosen = getattr(args, "db_url", None) or getattr(args, "db", None)
            # Without --db the workstation's choice (Pengaturan komputer ini) is opened.
            return run_gui(database_url(args) if chosen else None)
        status = COMMANDS[args.command](args)
        sys.stdout.flush()  # a reader that went away is noticed here, not at interpreter exit
        return status
    except BrokenPipeError:
        # `bpjs-desktop arrears list | head`: the reader has what it wanted. Point stdout at
        # devnull so the final flush cannot fail again, and end as a piped Unix tool does.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_PIPE
    except UsageError as exc:
        _say_error(str(exc))
        return EXIT_USAGE
    except ValidationError as exc:
        _say_error(_format_validation(exc.errors))
        return EXIT_KNOWN
    except KnownError as exc:
        _say_error(exc.message)
        return EXIT_KNOWN
    except KeyboardInterrupt:
        cancelled = _("dibatalkan")
        print(f"{APP_NAME}: {cancelled}", file=sys.stderr)
        return 130
    except Exception as exc:
        # (without the exception's text: it may quote a NIK or a wage)
        log.error("unexpected error in %s:\n%s", arguments[:1], traceback_without_messages(exc))
        if log_file:
            bug = _("kesalahan tak terduga (bug). Rincian ada di {log_file}").format(
                log_file=log_file
            )
        else:
            bug = _("kesalahan tak terduga (bug).")
        print(f"{APP_NAME}: {bug}", file=sys.stderr)
        return EXIT_BUG


_VALUED_OPTIONS = ("--db", "--db-url", "--lang")


def _window_options_only(arguments: Sequence[str]) -> bool:
    """Whether *arguments* only set up the window (``--db FILE``, ``--lang en``…): no command
    word, no help asked for. Anything else gets the whole parser and its messages."""
    words = [
        word
        for previous, word in zip(["", *arguments], arguments, strict=False)
        if previous not in _VALUED_OPTIONS
    ]
    return all(w.startswith("--") and w != "--help" for w in words)


def _say_error(message: str) -> None:
    """One line on stderr. An argument that is not valid UTF-8 reaches Python as lone
    surrogates (``\\udcff``); they are shown as "?" rather than failing to print."""
    from bpjs_desktop.domain.inputs import shorten

    text = message
    if any(0xD800 <= ord(ch) <= 0xDFFF for ch in text):
        text = shorten(" ".join(text.split()), len(text))
    print(f"{APP_NAME}: {text}", file=sys.stderr)


def _format_validation(errors: Sequence[FieldError]) -> str:
    return "; ".join(e.message for e in errors)
