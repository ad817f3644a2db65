"""Personal data as lists, search results and exports show it: masked (UU 27/2022, domain.md §9).

A NIK is an identifier that, with a name and a birth date, unlocks a person's records elsewhere;
a KPJ unlocks the JMO balance (domain.md §9: BPJS TK itself refuses to hand KPJs out); a wage and
a bank account are *personal financial data*, a specific class under the PDP law. A list shows
enough to tell two rows apart and to check a number the member reads out at the counter (the first
and last four digits of the NIK, the last four of a KPJ or bank account) and never the whole.
The full value is shown only to a role that may see it, for one row, on an audited request
(services/personal.py).

Pure functions: no Qt, no database. The mask character is a bullet so that a masked value can
never be mistaken for, or parsed as, a real number.
"""

from __future__ import annotations

MASK = "•"
WAGE_MASK = "Rp•••"


def _tail(value: str, keep: int) -> str:
    value = (value or "").strip()
    if not value:
        return ""
    if len(value) <= keep:
        return MASK * len(value)
    return MASK * (len(value) - keep) + value[-keep:]


def mask_nik(nik: str | None) -> str:
    """``3578014501900001`` → ``3578••••••••0001``: the region code and the serial number.

    The first four digits (province and regency) and the last four (the serial) let an officer
    check a card without the birth date in the middle, which is what identifies the person.
    A value too short to keep both ends is masked whole.
    """
    nik = (nik or "").strip()
    if not nik:
        return ""
    if len(nik) < 12:
        return MASK * len(nik)
    return nik[:4] + MASK * (len(nik) - 8) + nik[-4:]


def mask_kpj(kpj: str | None) -> str:
    """``12345678901`` → ``•••••••8901``: the last four digits only."""
    return _tail(kpj or "", 4)


def mask_bank_account(account: str | None) -> str:
    """``0123456789`` → ``••••••6789``: the last four digits only."""
    return _tail(account or "", 4)


def mask_wage(wage: int | None) -> str:
    """A wage is never shown in part (any part tells its size): ``Rp•••``; none is ``–``."""
    return "–" if not wage else WAGE_MASK


def is_masked(text: str) -> bool:
    """Whether *text* holds a masked value (a test's and an export's check)."""
    return MASK in text
