"""Whole-rupiah arithmetic and Indonesian number formats.

Money is an ``int`` of whole rupiah everywhere. Rates are ``int`` parts per million (ppm), so
0.24 % is ``2_400`` and 0.0024 % (the COVID-19 JKK relief, PP 49/2020) is ``24``: every rate in
the regulations is exact in ppm, and integer arithmetic keeps amounts exact.
"""

from __future__ import annotations

from bpjs_desktop.i18n import _

PPM = 1_000_000
MAX_AMOUNT_DIGITS = 18  # 999 kuadriliun: more than any amount here; int64 holds 18 digits


def _short(text: str) -> str:
    """*text* cut for a message (a 5,000-digit "amount" is not echoed whole)."""
    return text if len(text) <= 40 else text[:39] + "…"


def percent_ppm(percent: str) -> int:
    """Parse a decimal percentage written as in the regulation (``"0.89"``) into ppm (8 900)."""
    whole, _sep, frac = percent.partition(".")
    frac = (frac + "0000")[:4]
    if len(percent.partition(".")[2]) > 4 or not (whole + frac).isdigit():
        raise ValueError(f"not a percentage with at most 4 decimals: {percent!r}")
    return int(whole) * 10_000 + int(frac)


def div_round_half_up(numerator: int, denominator: int) -> int:
    """``numerator / denominator`` rounded to the nearest integer, halves away from zero."""
    if denominator <= 0:
        raise ValueError("denominator must be positive")
    sign = -1 if numerator < 0 else 1
    q, r = divmod(abs(numerator), denominator)
    if 2 * r >= denominator:
        q += 1
    return sign * q


def apply_rate(amount: int, rate_ppm: int) -> int:
    """*amount* × *rate_ppm* / 10⁶, rounded half up to the whole rupiah.

    Rounding rule (our convention, [unverified] against BPJS's own system, which publishes none):
    each programme share is rounded once, half up, on the exact product.
    """
    return div_round_half_up(amount * rate_ppm, PPM)


def round_down(amount: int, unit: int) -> int:
    """*amount* rounded down to a multiple of *unit* (the JP wage cap rounds down to Rp100)."""
    return amount - amount % unit


def group_thousands(value: int) -> str:
    """``1234567`` → ``"1.234.567"`` (Indonesian digit grouping with full stops)."""
    sign = "-" if value < 0 else ""
    return sign + f"{abs(value):,}".replace(",", ".")


def format_rupiah(amount: int) -> str:
    """``1234567`` → ``"Rp1.234.567"``; negative amounts ``"-Rp1.234"``."""
    sign = "-" if amount < 0 else ""
    return f"{sign}Rp{group_thousands(abs(amount))}"


def format_decimal(value: float, decimals: int = 1) -> str:
    """``874.6`` → ``"874,6"`` (comma as the decimal separator)."""
    text = f"{abs(value):,.{decimals}f}"
    text = text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")
    return ("-" if value < 0 else "") + text


def format_percent(value: float, decimals: int = 1) -> str:
    """``33.56`` → ``"33,6%"``."""
    return format_decimal(value, decimals) + "%"


def format_rupiah_short(amount: int) -> str:
    """Amounts the way the press writes them: ``Rp874,6 miliar``, ``Rp1,88 triliun``."""
    if abs(amount) >= 10**12:
        return f"Rp{format_decimal(amount / 10**12, 2)} " + _("triliun")
    if abs(amount) >= 10**9:
        return f"Rp{format_decimal(amount / 10**9, 1)} " + _("miliar")
    if abs(amount) >= 10**6:
        return f"Rp{format_decimal(amount / 10**6, 1)} " + _("juta")
    return format_rupiah(amount)


def parse_rupiah(text: str) -> int:
    """Read an amount typed by a user: ``"Rp 1.234.567"``, ``"1234567"``, ``"1.234.567,00"``.

    Raises:
        ValueError: with an Indonesian message when the text is not a whole-rupiah amount.
    """
    cleaned = text.strip().replace(" ", "").replace("\u00a0", "")
    negative = cleaned.startswith("-")
    if negative:
        cleaned = cleaned[1:]
    if cleaned[:2].lower() == "rp":
        cleaned = cleaned[2:]
    if not negative and cleaned.startswith("-"):
        negative, cleaned = True, cleaned[1:]
    whole, sep, cents = cleaned.partition(",")
    if sep and (not cents.isdigit() or cents.strip("0")):
        raise ValueError(
            _("Jumlah harus dalam rupiah utuh, tanpa sen: {text}").format(text=_short(text))
        )
    groups = whole.split(".")
    well_grouped = len(groups) == 1 or (
        1 <= len(groups[0]) <= 3 and all(len(g) == 3 for g in groups[1:])
    )
    digits = "".join(groups)
    if not digits.isdigit() or not digits.isascii() or not well_grouped:
        raise ValueError(_("Bukan jumlah rupiah: {text}").format(text=_short(text)))
    if len(digits.lstrip("0")) > MAX_AMOUNT_DIGITS:
        # int() of thousands of digits is slow and then refused by Python ("Exceeds the limit
        # (4300 digits)"): no amount this application handles has more than 18 digits.
        raise ValueError(
            _("Jumlah terlalu besar ({n} digit): {text}").format(
                n=len(digits.lstrip("0")), text=_short(text)
            )
        )
    value = int(digits)
    return -value if negative else value
