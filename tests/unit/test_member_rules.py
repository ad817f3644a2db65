"""Membership form rules without the database: the youngest member, the name as on the KTP, an
employer's NPP typed on a worker's or a project's form."""

from __future__ import annotations

import pytest

from bpjs_desktop.domain.member_rules import (
    MINIMUM_AGE,
    employer_npp,
    ktp_name,
    too_young,
)
from bpjs_desktop.errors import FieldError, ValidationError


def test_too_young_is_said_on_the_birth_date_with_the_minimum_age():
    """The youngest member is 15 (UU 13/2003 Pasal 68–69, [unverified] in the code)."""
    error = too_young()
    assert error == FieldError(
        "birth_date", "Peserta harus berusia paling sedikit 15 tahun pada tanggal mulai"
    )
    assert MINIMUM_AGE == 15


@pytest.mark.parametrize(
    ("typed", "name"),
    [
        ("siti aminah", "SITI AMINAH"),
        ("  Siti   Aminah  ", "SITI AMINAH"),  # one space between words, none around
        ("Siti\tAminah", "SITI AMINAH"),
        ("Al", "AL"),  # two letters are enough
    ],
)
def test_ktp_name_is_upper_case_with_one_space_and_accepted(typed, name):
    errors: list[FieldError] = []
    assert ktp_name(typed, errors) == name
    assert errors == []


@pytest.mark.parametrize("typed", ["", "   ", "a", " b ", "Budi 2", "S1ti"])
def test_ktp_name_too_short_or_with_a_digit_is_refused_on_the_name(typed):
    errors: list[FieldError] = []
    ktp_name(typed, errors)
    assert errors == [FieldError("name", "Nama sesuai KTP wajib diisi, tanpa angka")]


def test_ktp_name_adds_its_error_to_those_already_found():
    earlier = FieldError("nik", "NIK salah")
    errors = [earlier]
    assert ktp_name("x", errors) == "X"
    assert [e.field for e in errors] == ["nik", "name"]


@pytest.mark.parametrize(
    ("typed", "npp"),
    [("15070955", "15070955"), ("jj0p4391", "JJ0P4391"), (" 15070955 ", "15070955")],
)
def test_employer_npp_is_read_as_eight_letters_or_digits(typed, npp):
    assert employer_npp(typed) == npp


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("", "NPP wajib diisi"),
        (
            "1507095",
            "NPP harus 8 karakter huruf A–Z atau angka (misalnya 15070955), bukan '1507095'",
        ),
    ],
)
def test_a_wrong_employer_npp_is_refused_on_the_employer_field(typed, message):
    with pytest.raises(ValidationError) as caught:
        employer_npp(typed)
    assert caught.value.errors == (FieldError("employer", message),)
