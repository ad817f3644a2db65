"""One set of rules for every text, number and date that enters the application.

Forms (through the services), the worker-list import, the command line and the services call the
same functions, so a value refused in one place is refused everywhere, with the same Indonesian
message naming the field (issue #12, "Hostile input, tried"):

- **text**: normalised to Unicode NFC; NUL and other control characters refused (a tab or a line
  break becomes a space in a one-line field); lone surrogates refused (they cannot even be written
  to the database as UTF-8); at most the database column's length;
- **digits**: only the ASCII digits 0–9 where a rule says "digits" (NIK, KPJ, NPP, phone,
  account): ``'²³⁴'`` and ``'①②'`` pass ``str.isdigit`` but are not digits;
- **dates**: within the programme's life — nothing before :data:`PROGRAMME_START` for a
  registration, nobody born before :data:`EARLIEST_BIRTH`, nothing after :data:`LATEST_DATE`;
- **money**: whole rupiah from 0 to :data:`MAX_MONTHLY_AMOUNT`, read from at most
  :data:`MAX_AMOUNT_DIGITS` digits (Python refuses to convert more than 4 300);
- **formulas**: text starting with ``=``, ``+``, ``-``, ``@``, tab or CR is a spreadsheet formula
  to Excel (OWASP "CSV injection"): refused in names, and quoted in every export.

Pure Python: no database, no Qt, no I/O.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date

from bpjs_desktop.errors import ValidationError
from bpjs_desktop.i18n import _

# The Astek programme (Asuransi Sosial Tenaga Kerja) began with PP 33/1977; no membership, employer
# registration or contribution of this scheme can be dated before 1977.
PROGRAMME_START = date(1977, 1, 1)
# The oldest person the office could register or pay (a pensioner's heir included).
EARLIEST_BIRTH = date(1900, 1, 1)
# A sane upper bound for any date typed (a contract end, a pension schedule): far enough for a
# 40-year schedule started today, near enough to catch 2206 typed for 2026.
LATEST_DATE = date(2100, 12, 31)
# The largest monthly wage or declared income accepted: Rp10 miliar. Real top wages are under
# Rp1 miliar a month; ten times that still leaves every product with a rate in ppm
# (10^10 × 10^6 = 10^16) and every office total inside a signed 64-bit integer (the database's
# BIGINT and SQLite's INTEGER: 2^63 ≈ 9,2 × 10^18), so no sum or rate product can overflow.
MAX_MONTHLY_AMOUNT = 10_000_000_000
# Digits read from a typed amount: Rp10 miliar has 11; a few more give a message about the
# bound instead of "not an amount", without converting thousands of digits.
MAX_AMOUNT_DIGITS = 18
# Words taken from a search box: a name has few; more make the database's query tree too large.
MAX_SEARCH_WORDS = 8
# Characters taken from a search box.
MAX_SEARCH_LENGTH = 200
# Characters of a value echoed back in a message.
ECHO_LENGTH = 60

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")

_PHONE_RE = re.compile(r"\+?[0-9() .\-]+")


def shorten(value: object, limit: int = ECHO_LENGTH) -> str:
    """*value* as text for a message: at most *limit* characters, control characters shown as
    ``?``, lone surrogates too (a huge cell is never echoed whole)."""
    text = value if isinstance(value, str) else str(value)
    text = text[: limit + 1]
    shown = "".join("?" if _is_control(ch) or 0xD800 <= ord(ch) <= 0xDFFF else ch for ch in text)
    return shown if len(shown) <= limit else shown[: limit - 1] + "…"


def _is_control(ch: str) -> bool:
    return unicodedata.category(ch) == "Cc"


def text_problem(text: str, *, label: str, max_length: int, multiline: bool = False) -> str | None:
    """Why *text* (already NFC) cannot be stored, or None."""
    for ch in text:
        code = ord(ch)
        if 0xD800 <= code <= 0xDFFF:
            return _("{label} berisi karakter Unicode yang rusak (surrogate)").format(label=label)
        if code == 0:
            return _("{label} berisi karakter NUL; ketik ulang isinya").format(label=label)
        if _is_control(ch) and not (multiline and ch in "\n\r\t"):
            return _("{label} berisi karakter kendali (kode {code}); ketik ulang isinya").format(
                label=label, code=code
            )
    if len(text) > max_length:
        return _("{label} paling panjang {limit} karakter, bukan {n}").format(
            label=label, limit=max_length, n=len(text)
        )
    return None


def clean_text(
    value: str | None,
    *,
    field: str,
    label: str,
    max_length: int,
    multiline: bool = False,
    upper: bool = False,
) -> str:
    """*value* normalised: NFC, runs of spaces made one (line breaks kept only when *multiline*),
    trimmed, upper-cased when asked.

    Raises:
        ValidationError: on *field*, for a NUL, a control character, a lone surrogate or a text
            longer than *max_length* (the database column).
    """
    if value is None:
        return ""
    if not isinstance(value, str):
        raise ValidationError.single(field, _("{label} harus berupa teks").format(label=label))
    _refuse_surrogates(value, field=field, label=label)
    text = unicodedata.normalize("NFC", value)
    if multiline:
        lines = [" ".join(line.split()) for line in text.replace("\r\n", "\n").split("\n")]
        text = "\n".join(line for line in lines if line)
    else:
        # NUL and the other C0 controls are not whitespace to str.split: they stay and are refused.
        text = " ".join(text.split())
    if upper:
        text = text.upper()
    problem = text_problem(text, label=label, max_length=max_length, multiline=multiline)
    if problem is not None:
        raise ValidationError.single(field, problem)
    return text


def _refuse_surrogates(value: str, *, field: str, label: str) -> None:
    if any(0xD800 <= ord(ch) <= 0xDFFF for ch in value):
        raise ValidationError.single(
            field, _("{label} berisi karakter Unicode yang rusak (surrogate)").format(label=label)
        )


def person_name(
    value: str | None, *, field: str, label: str, max_length: int = 120, upper: bool = True
) -> str:
    """A name (of a person, as on the KTP, upper-cased; or of a company): :func:`clean_text`, and
    not a spreadsheet formula."""
    text = clean_text(value, field=field, label=label, max_length=max_length, upper=upper)
    refuse_formula(text, field=field, label=label)
    return text


def is_formula(text: str) -> bool:
    """Whether a spreadsheet would read *text* as a formula (OWASP CSV injection)."""
    return text.startswith(FORMULA_PREFIXES)


def refuse_formula(text: str, *, field: str, label: str) -> None:
    """A text field where a leading ``=``, ``+``, ``-``, ``@`` makes no sense (a name)."""
    if is_formula(text):
        raise ValidationError.single(
            field,
            _("{label} tidak boleh diawali {char!r}: spreadsheet membacanya sebagai rumus").format(
                label=label, char=text[0]
            ),
        )


def spreadsheet_safe(text: str) -> str:
    """*text* as a spreadsheet shows it and never runs it: a value a spreadsheet would take for a
    formula gets a leading single quote (OWASP CSV injection)."""
    return "'" + text if is_formula(text) else text


def is_ascii_digits(text: str) -> bool:
    """Only the ASCII digits 0–9 (``str.isdigit`` also takes ``'²'`` and ``'①'``)."""
    return bool(text) and text.isascii() and text.isdigit()


def digits(
    value: str | None,
    *,
    field: str,
    label: str,
    lengths: tuple[int, ...] = (),
    min_length: int = 1,
    max_length: int = 32,
    separators: str = " .-",
) -> str:
    """The ASCII digits of an identifier typed with spaces, dots or dashes between ("" if empty).

    Raises:
        ValidationError: on *field*, when anything else is in it or its length is wrong.
    """
    if value is None:
        return ""
    _refuse_surrogates(value, field=field, label=label)
    text = unicodedata.normalize("NFC", value).strip()
    for sep in separators:
        text = text.replace(sep, "")
    if not text:
        return ""
    if not is_ascii_digits(text):
        raise ValidationError.single(
            field,
            _("{label} hanya boleh berisi angka 0–9, bukan {text!r}").format(
                label=label, text=shorten(value)
            ),
        )
    if (lengths and len(text) not in lengths) or not min_length <= len(text) <= max_length:
        expected = "/".join(str(n) for n in lengths) if lengths else f"{min_length}–{max_length}"
        raise ValidationError.single(
            field,
            _("{label} harus {expected} digit, bukan {n}").format(
                label=label, expected=expected, n=len(text)
            ),
        )
    return text


def phone(
    value: str | None, *, field: str, label: str, max_length: int = 30, min_digits: int = 8
) -> str:
    """A telephone number: ASCII digits with ``+``, spaces, dots, dashes or brackets; from
    *min_digits* to 15 digits ("" if empty).

    Raises:
        ValidationError: on *field*.
    """
    text = clean_text(value, field=field, label=label, max_length=max_length)
    if not text:
        return ""
    count = sum(ch in "0123456789" for ch in text)
    if not _PHONE_RE.fullmatch(text) or not min_digits <= count <= 15:
        raise ValidationError.single(
            field,
            _("{label} harus berisi angka 0–9, misalnya 081234567890, bukan {text!r}").format(
                label=label, text=shorten(text)
            ),
        )
    return text


def money(
    value: int | None,
    *,
    field: str,
    label: str,
    maximum: int = MAX_MONTHLY_AMOUNT,
    minimum: int = 0,
    monthly: bool = True,
) -> int | None:
    """A whole-rupiah amount within [*minimum*, *maximum*] (None stays None).

    Raises:
        ValidationError: on *field*, naming the bound.
    """
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValidationError.single(
            field, _("{label} harus berupa jumlah rupiah utuh").format(label=label)
        )
    if value < minimum:
        raise ValidationError.single(
            field,
            _("{label} tidak boleh kurang dari Rp{minimum}").format(
                label=label, minimum=_grouped(minimum)
            ),
        )
    if value > maximum:
        raise ValidationError.single(field, too_much_message(label, maximum, monthly))
    return value


def too_much_message(label: str, maximum: int = MAX_MONTHLY_AMOUNT, monthly: bool = True) -> str:
    if monthly:
        return _("{label} paling besar Rp{maximum} sebulan").format(
            label=label, maximum=_grouped(maximum)
        )
    return _("{label} paling besar Rp{maximum}").format(label=label, maximum=_grouped(maximum))


def _grouped(value: int) -> str:
    return f"{value:,}".replace(",", ".")


def day(
    value: date | None,
    *,
    field: str,
    label: str,
    earliest: date = PROGRAMME_START,
    latest: date = LATEST_DATE,
) -> date | None:
    """A date within [*earliest*, *latest*] (None stays None).

    Raises:
        ValidationError: on *field*, naming the bound.
    """
    if value is None:
        return None
    if value < earliest:
        raise ValidationError.single(
            field,
            _("{label} tidak boleh sebelum {earliest}").format(
                label=label, earliest=_dmy(earliest)
            ),
        )
    if value > latest:
        raise ValidationError.single(
            field,
            _("{label} tidak boleh sesudah {latest}").format(label=label, latest=_dmy(latest)),
        )
    return value


def _dmy(value: date) -> str:
    return f"{value.day:02d}/{value.month:02d}/{value.year:04d}"


def whole_number(text: str, *, field: str, label: str, minimum: int, maximum: int) -> int:
    """An integer typed as text (a year, a seed, a count) within [*minimum*, *maximum*].

    Raises:
        ValidationError: on *field*, for anything but a plain whole number in range.
    """
    stripped = unicodedata.normalize("NFC", text).strip() if isinstance(text, str) else ""
    sign = stripped[:1] if stripped[:1] in "+-" else ""
    body = stripped[len(sign) :]
    if not is_ascii_digits(body) or len(body) > len(str(max(abs(minimum), abs(maximum)))) + 2:
        if is_ascii_digits(body):
            raise ValidationError.single(field, _range_message(label, minimum, maximum))
        raise ValidationError.single(
            field,
            _("{label} harus bilangan bulat, bukan {text!r}").format(
                label=label, text=shorten(text)
            ),
        )
    value = int(stripped)
    if not minimum <= value <= maximum:
        raise ValidationError.single(field, _range_message(label, minimum, maximum))
    return value


def _range_message(label: str, minimum: int, maximum: int) -> str:
    return _("{label} harus antara {minimum} dan {maximum}").format(
        label=label, minimum=minimum, maximum=maximum
    )


def search_text(query: str) -> tuple[str, bool]:
    """A search box's text made safe to search, and whether it was cut: NFC, control characters
    and lone surrogates made spaces, at most :data:`MAX_SEARCH_LENGTH` characters and
    :data:`MAX_SEARCH_WORDS` words (a name has few; a thousand made the database's query tree
    too large). The caller may tell the user that only the first words were searched."""
    if not isinstance(query, str):
        return "", False
    text = "".join(
        " " if _is_control(ch) or 0xD800 <= ord(ch) <= 0xDFFF else ch
        for ch in query[: MAX_SEARCH_LENGTH * 4]
    )
    words = unicodedata.normalize("NFC", text).split()
    cut = len(words) > MAX_SEARCH_WORDS or len(query) > MAX_SEARCH_LENGTH * 4
    text = " ".join(words[:MAX_SEARCH_WORDS])
    if len(text) > MAX_SEARCH_LENGTH:
        text, cut = text[:MAX_SEARCH_LENGTH], True
    return text, cut


def search_cut_message() -> str:
    """What the search box says when :func:`search_text` cut the query."""
    return _("Hanya {words} kata pertama (paling banyak {chars} karakter) yang dicari").format(
        words=MAX_SEARCH_WORDS, chars=MAX_SEARCH_LENGTH
    )
