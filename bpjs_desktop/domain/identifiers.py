"""Identifiers of people and employers: NIK, KPJ, NPP, NPWP (domain.md §3.3).

Every check raises :class:`IdentifierError` naming the exact reason, in the user's language.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass
from datetime import date

from bpjs_desktop.domain.periods import today_wib
from bpjs_desktop.domain.regions import is_known_regency, province_name, regency_name
from bpjs_desktop.errors import FieldError, ValidationError
from bpjs_desktop.i18n import _


class IdentifierError(ValidationError):
    """An identifier that is malformed; ``field`` names which one."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(FieldError(field, message))


class Sex(enum.StrEnum):
    """Sex as on the KTP: L (laki-laki) or P (perempuan)."""

    L = "L"
    P = "P"

    @property
    def label(self) -> str:
        return _("Laki-laki") if self is Sex.L else _("Perempuan")


_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00a0\t\r\n "), None)


def clean_digits(text: str, *, separators: str = "") -> str:
    """Strip spaces, invisible characters and the given separators (not other characters)."""
    cleaned = text.translate(_INVISIBLE)
    for sep in separators:
        cleaned = cleaned.replace(sep, "")
    return cleaned


# --- NIK --------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class NikInfo:
    """What a NIK encodes: PP KK CC DDMMYY SSSS (domain.md §3.3)."""

    nik: str
    province_code: str
    province: str
    regency_code: str
    regency: str | None
    district_code: str
    birth_date: date
    sex: Sex
    serial: str


def _nik_century(two_digits: int, month: int, day: int, today: date) -> int:
    """A NIK carries a 2-digit year: 20YY unless that birthday would be after *today*, then 19YY."""
    year = 2000 + two_digits
    if (year, month, day) > (today.year, today.month, today.day):
        return 1900 + two_digits
    return year


def parse_nik(text: str, *, today: date | None = None) -> NikInfo:
    """Decode a 16-digit NIK.

    Args:
        text: the NIK as typed; spaces and invisible characters are ignored, nothing else is.
        today: the reference date for the century of the birth year (default: today).

    Raises:
        IdentifierError: the first reason the NIK cannot be valid.
    """
    today = today or today_wib()
    nik = clean_digits(text)
    if not nik:
        raise IdentifierError("nik", _("NIK wajib diisi"))
    if not nik.isascii() or not nik.isdigit():
        raise IdentifierError("nik", _("NIK hanya boleh berisi angka"))
    if len(nik) != 16:
        raise IdentifierError("nik", _("NIK harus 16 digit, bukan {n}").format(n=len(nik)))
    province_code, regency_code, district_code = nik[:2], nik[:4], nik[:6]
    province = province_name(province_code)
    if province is None:
        raise IdentifierError(
            "nik", _("Kode provinsi {code} pada NIK tidak dikenal").format(code=province_code)
        )
    if not is_known_regency(regency_code):
        raise IdentifierError(
            "nik",
            _("Kode kabupaten/kota {code} pada NIK tidak dikenal").format(code=regency_code),
        )
    if nik[4:6] == "00":
        raise IdentifierError("nik", _("Kode kecamatan pada NIK tidak boleh 00"))
    dd, mm, yy = int(nik[6:8]), int(nik[8:10]), int(nik[10:12])
    sex = Sex.L
    if dd > 40:
        dd -= 40
        sex = Sex.P
    if not 1 <= mm <= 12:
        raise IdentifierError(
            "nik", _("Bulan lahir pada NIK (digit 9–10) harus 01–12, bukan {mm:02d}").format(mm=mm)
        )
    if not 1 <= dd <= 31:
        raise IdentifierError(
            "nik",
            _(
                "Tanggal lahir pada NIK (digit 7–8) harus 01–31 untuk laki-laki atau 41–71 "
                "untuk perempuan, bukan {dd}"
            ).format(dd=nik[6:8]),
        )
    year = _nik_century(yy, mm, dd, today)
    try:
        birth_date = date(year, mm, dd)
    except ValueError:
        raise IdentifierError(
            "nik",
            _("Tanggal lahir pada NIK tidak ada di kalender: {d:02d}/{m:02d}/{y}").format(
                d=dd, m=mm, y=year
            ),
        ) from None
    if nik[12:] == "0000":
        raise IdentifierError("nik", _("Nomor urut pada NIK (4 digit terakhir) tidak boleh 0000"))
    return NikInfo(
        nik=nik,
        province_code=province_code,
        province=province,
        regency_code=regency_code,
        regency=regency_name(regency_code),
        district_code=district_code,
        birth_date=birth_date,
        sex=sex,
        serial=nik[12:],
    )


@dataclass(frozen=True, slots=True)
class PartialNik:
    """What the digits of a NIK typed so far already say; ``None`` where they say nothing yet."""

    digits: int
    province: str | None = None
    regency_code: str | None = None
    regency: str | None = None
    birth_date: date | None = None
    sex: Sex | None = None


def read_partial_nik(text: str, *, today: date | None = None) -> PartialNik:
    """Decode the first digits of a NIK while it is typed: province after 2 digits, regency after
    4, birth date and sex after 12. Nothing is refused here: a part that cannot be read (letters,
    an impossible date) is simply left ``None``; :func:`parse_nik` judges the whole number.
    """
    nik = clean_digits(text)
    if not nik.isascii() or not nik.isdigit():
        return PartialNik(len(nik))
    result = PartialNik(len(nik), province=province_name(nik[:2]) if len(nik) >= 2 else None)
    if len(nik) >= 4 and result.province is not None:
        result = PartialNik(
            len(nik), result.province, nik[:4], regency_name(nik[:4]) if is_known_regency(nik[:4])
            else None,
        )  # fmt: skip
    if len(nik) >= 12:
        dd, mm, yy = int(nik[6:8]), int(nik[8:10]), int(nik[10:12])
        sex = Sex.P if dd > 40 else Sex.L
        dd = dd - 40 if dd > 40 else dd
        if 1 <= mm <= 12 and 1 <= dd <= 31:
            try:
                year = _nik_century(yy, mm, dd, today or today_wib())
                born = date(year, mm, dd)
            except ValueError:
                return result
            return PartialNik(
                len(nik), result.province, result.regency_code, result.regency, born, sex
            )
    return result


def nik_discrepancies(
    info: NikInfo, *, birth_date: date | None = None, sex: Sex | None = None
) -> list[FieldError]:
    """Where the entered birth date or sex disagrees with what the NIK encodes."""
    problems: list[FieldError] = []
    if birth_date is not None and birth_date != info.birth_date:
        problems.append(
            FieldError(
                "birth_date",
                _("Tanggal lahir {entered} tidak sesuai dengan NIK ({encoded})").format(
                    entered=birth_date.strftime("%d/%m/%Y"),
                    encoded=info.birth_date.strftime("%d/%m/%Y"),
                ),
            )
        )
    if sex is not None and sex != info.sex:
        problems.append(
            FieldError(
                "sex",
                _("Jenis kelamin {entered} tidak sesuai dengan NIK ({encoded})").format(
                    entered=sex.label, encoded=info.sex.label
                ),
            )
        )
    return problems


def make_nik(regency_code: str, district: int, birth_date: date, sex: Sex, serial: int) -> str:
    """Compose a structurally valid NIK (for demo data and tests)."""
    dd = birth_date.day + (40 if sex is Sex.P else 0)
    return (
        f"{regency_code}{district:02d}{dd:02d}{birth_date.month:02d}"
        f"{birth_date.year % 100:02d}{serial:04d}"
    )


# --- KPJ --------------------------------------------------------------------------------------

KPJ_LENGTH = 11
_KPJ_SEQUENCE_DIGITS = 9


def validate_kpj(text: str) -> str:
    """An 11-digit KPJ, kept as text because of leading zeros (domain.md §3.3)."""
    kpj = clean_digits(text)
    if not kpj:
        raise IdentifierError("kpj", _("Nomor KPJ wajib diisi"))
    if not kpj.isascii() or not kpj.isdigit():
        raise IdentifierError("kpj", _("Nomor KPJ hanya boleh berisi angka"))
    if len(kpj) != KPJ_LENGTH:
        raise IdentifierError("kpj", _("Nomor KPJ harus 11 digit, bukan {n}").format(n=len(kpj)))
    return kpj


def make_kpj(year: int, sequence: int) -> str:
    """A KPJ issued by this app: 2-digit year of registration + 9-digit sequence of that year.

    The official scheme is not public [unverified]; the sequence comes from a counter row that the
    membership service increments inside the registering transaction, so two workstations never
    issue the same number.
    """
    if not 0 < sequence < 10**_KPJ_SEQUENCE_DIGITS:
        raise ValueError(f"KPJ sequence out of range: {sequence}")
    return f"{year % 100:02d}{sequence:0{_KPJ_SEQUENCE_DIGITS}d}"


# --- NPP --------------------------------------------------------------------------------------

_NPP_RE = re.compile(r"^[A-Z0-9]{8}$")


def validate_npp(text: str) -> str:
    """An 8-character NPP; legacy numbers carry letters (``JJ0P4391``), newer ones are digits."""
    npp = clean_digits(text).upper()
    if not npp:
        raise IdentifierError("npp", _("NPP wajib diisi"))
    if not _NPP_RE.match(npp):
        raise IdentifierError(
            "npp",
            _(
                "NPP harus 8 karakter huruf A–Z atau angka (misalnya 15070955), bukan {text!r}"
            ).format(text=text.strip()),
        )
    return npp


def make_npp(year: int, sequence: int) -> str:
    """An NPP issued by this app: 2-digit year + 6-digit sequence, all digits (like 15070955)."""
    if not 0 < sequence < 10**6:
        raise ValueError(f"NPP sequence out of range: {sequence}")
    return f"{year % 100:02d}{sequence:06d}"


# --- NPWP -------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Npwp:
    """Both forms of a tax number (PMK 112/PMK.03/2022): the legacy 15 digits and the 16-digit one.

    An entity's 16-digit NPWP is ``"0"`` + its 15 digits; a resident person's is their NIK, which
    has no 15-digit form.
    """

    npwp15: str | None
    npwp16: str

    @property
    def formatted15(self) -> str | None:
        """``99.999.999.9-999.999``."""
        n = self.npwp15
        if n is None:
            return None
        return f"{n[0:2]}.{n[2:5]}.{n[5:8]}.{n[8]}-{n[9:12]}.{n[12:15]}"


def parse_npwp(text: str) -> Npwp:
    """Read an NPWP in either form, with or without its dots and dash."""
    digits = clean_digits(text, separators=".-")
    if not digits:
        raise IdentifierError("npwp", _("NPWP wajib diisi"))
    if not digits.isascii() or not digits.isdigit():
        raise IdentifierError("npwp", _("NPWP hanya boleh berisi angka, titik dan tanda hubung"))
    if len(digits) == 15:
        return Npwp(npwp15=digits, npwp16="0" + digits)
    if len(digits) == 16:
        return Npwp(npwp15=digits[1:] if digits[0] == "0" else None, npwp16=digits)
    raise IdentifierError(
        "npwp",
        _("NPWP harus 15 digit (lama) atau 16 digit (baru), bukan {n}").format(n=len(digits)),
    )
