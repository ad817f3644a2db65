"""Membership form rules that need no database: the youngest member, the KTP name, an employer's
NPP typed on a worker's or a project's form, an e-mail address."""

from __future__ import annotations

import re

from bpjs_desktop.domain.identifiers import IdentifierError, validate_npp
from bpjs_desktop.errors import FieldError, ValidationError
from bpjs_desktop.i18n import _

EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


MINIMUM_AGE = (
    15  # the youngest age at which a member may start (UU 13/2003 Pasal 68–69 [unverified])
)


def too_young() -> FieldError:
    """The error of a birth date that makes the member younger than :data:`MINIMUM_AGE`."""
    return FieldError(
        "birth_date", _("Peserta harus berusia paling sedikit 15 tahun pada tanggal mulai")
    )


def ktp_name(text: str, errors: list[FieldError]) -> str:
    """The name as on the KTP: one space between words, upper case; an error when it is too
    short or holds a digit."""
    name = " ".join(text.split()).upper()
    if len(name) < 2 or any(ch.isdigit() for ch in name):
        errors.append(FieldError("name", _("Nama sesuai KTP wajib diisi, tanpa angka")))
    return name


def employer_npp(text: str) -> str:
    """An employer's NPP typed into a worker's or a project's data (errors on ``employer``)."""
    try:
        return validate_npp(text)
    except IdentifierError as exc:
        raise ValidationError.single("employer", exc.message) from None
