"""Identifiers: NIK, KPJ, NPP, NPWP (domain.md §3.3)."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bpjs_desktop.domain.identifiers import (
    IdentifierError,
    Sex,
    make_kpj,
    make_nik,
    make_npp,
    nik_discrepancies,
    parse_nik,
    parse_npwp,
    read_partial_nik,
    validate_kpj,
    validate_npp,
)
from bpjs_desktop.domain.regions import JATIM_REGENCIES, PROVINCES
from bpjs_desktop.errors import ValidationError

from .strategies import PROPERTY

TODAY = date(2026, 6, 15)

# Kota Surabaya (3578), kecamatan 01, born 17/08/1990, serial 0001.
MALE_NIK = "3578011708900001"
FEMALE_NIK = "3578015708900001"  # same, day 17 + 40 = 57


# --- NIK: decoding ----------------------------------------------------------------------------


def test_male_nik_decodes_region_birth_date_and_sex():
    """domain.md §3.3: PP KK CC DDMMYY SSSS; Jatim = 35, 3578 = Kota Surabaya."""
    info = parse_nik(MALE_NIK, today=TODAY)
    assert info.nik == MALE_NIK
    assert info.province_code == "35"
    assert info.province == "Jawa Timur"
    assert info.regency_code == "3578"
    assert info.regency == "Kota Surabaya"
    assert info.district_code == "357801"
    assert info.birth_date == date(1990, 8, 17)
    assert info.sex is Sex.L
    assert info.serial == "0001"


@pytest.mark.parametrize(
    ("nik", "birth_date"),
    [
        (FEMALE_NIK, date(1990, 8, 17)),  # 57 → 17
        ("3578014101900001", date(1990, 1, 1)),  # 41 → 1, the lowest female day
        ("3578017101900001", date(1990, 1, 31)),  # 71 → 31, the highest female day
    ],
)
def test_female_nik_has_forty_added_to_the_birth_day(nik, birth_date):
    """domain.md §3.3: DD+40 for women (41–71)."""
    info = parse_nik(nik, today=TODAY)
    assert info.sex is Sex.P
    assert info.birth_date == birth_date


def test_nik_outside_jatim_is_checked_for_structure_only():
    """domain.md §3.3: the province list is national; regency names are kept for Jatim only."""
    info = parse_nik("3171011708900001", today=TODAY)
    assert info.province == "DKI Jakarta"
    assert info.regency_code == "3171"
    assert info.regency is None


@pytest.mark.parametrize(
    "typed",
    [
        "3578 0117 0890 0001",
        " 3578011708900001 ",
        "3578\u200b0117\u200c0890\u200d0001",
        "\ufeff3578011708900001\u2060",
        "3578\u00a0011708900001\t\n",
    ],
)
def test_nik_ignores_spaces_and_invisible_characters(typed):
    """A NIK pasted from a KTP scan or a chat keeps zero-width characters; they are ignored."""
    assert parse_nik(typed, today=TODAY).nik == MALE_NIK


def test_nik_29_february_of_a_leap_year_is_a_real_birth_date():
    assert parse_nik("3578012902000001", today=TODAY).birth_date == date(2000, 2, 29)


# --- NIK: every rejection reason ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("nik", "fragment"),
    [
        ("", "wajib diisi"),
        ("   ", "wajib diisi"),
        ("357801170890001", "16 digit, bukan 15"),  # 15 digits
        ("35780117089000012", "16 digit, bukan 17"),  # 17 digits
        ("35780117089O0001", "hanya boleh berisi angka"),  # letter O for zero
        ("3578-0117-0890-0001", "hanya boleh berisi angka"),  # dashes are not ignored
        ("３５７８０１１７０８９００００１", "hanya boleh berisi angka"),  # full-width digits
        ("2078011708900001", "Kode provinsi 20"),  # no province 20
        ("9978011708900001", "Kode provinsi 99"),
        ("3530011708900001", "Kode kabupaten/kota 3530"),  # Jatim has 3501–3529, 3571–3579
        ("3580011708900001", "Kode kabupaten/kota 3580"),
        ("3100011708900001", "Kode kabupaten/kota 3100"),  # regency 00 is never valid
        ("3578001708900001", "kecamatan pada NIK tidak boleh 00"),
        ("3578011713900001", "harus 01–12, bukan 13"),  # month 13
        ("3578011700900001", "harus 01–12, bukan 00"),  # month 00
        ("3578010008900001", "bukan 00"),  # day 00
        ("3578013208900001", "bukan 32"),  # day 32 (neither male nor female)
        ("3578014008900001", "bukan 40"),  # day 40
        ("3578017208900001", "bukan 72"),  # day 72 = 32 for a woman
        ("3578013102900001", "tidak ada di kalender: 31/02/1990"),  # 31 February
        ("3578017102900001", "tidak ada di kalender: 31/02/1990"),  # 31 February, female
        ("3578012902900001", "tidak ada di kalender: 29/02/1990"),  # 1990 is not a leap year
        ("3578011708900000", "tidak boleh 0000"),  # serial 0000
    ],
)
def test_nik_rejections_name_the_reason(nik, fragment):
    """domain.md §3.3: regex ^\\d{16}$, known province/regency, month 01–12, day 01–31/41–71."""
    with pytest.raises(IdentifierError) as caught:
        parse_nik(nik, today=TODAY)
    assert caught.value.field == "nik"
    assert fragment in caught.value.message


def test_nik_error_is_a_validation_error_on_field_nik():
    with pytest.raises(ValidationError, match="16 digit") as caught:
        parse_nik("123", today=TODAY)
    assert caught.value.field == "nik"
    assert [e.field for e in caught.value.errors] == ["nik"]


def test_nik_error_reaches_the_user_in_english(english):
    """i18n: an error raised deep in a rule arrives in the language chosen (catalogue lookup)."""
    with pytest.raises(IdentifierError, match="The NIK must be 16 digits, not 3"):
        parse_nik("123", today=TODAY)


# --- NIK: century -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("yy", "today", "year"),
    [
        ("00", date(2026, 6, 15), 2000),
        ("26", date(2026, 6, 15), 2026),  # this year's two digits → this century
        ("27", date(2026, 6, 15), 1927),  # a year after this one → last century
        ("99", date(2026, 6, 15), 1999),
        ("25", date(2020, 6, 15), 1925),  # relative to *today*, not the machine clock
        ("20", date(2020, 6, 15), 2020),
        ("05", date(2004, 12, 31), 1905),
    ],
)
def test_nik_two_digit_year_is_resolved_relative_to_today(yy, today, year):
    """A 2-digit birth year not after today's year is 20YY, otherwise 19YY."""
    info = parse_nik(f"3578010101{yy}0001", today=today)
    assert info.birth_date == date(year, 1, 1)


def test_nik_birth_date_is_never_after_today():
    """A person cannot be born after today: 01/12/26 on 01/03/2026 must be read as 1926."""
    today = date(2026, 3, 1)
    info = parse_nik("3578010112260001", today=today)
    assert info.birth_date == date(1926, 12, 1)


# The century rule at its boundary, to the day: a NIK whose 20YY birthday is today or earlier
# is read 20YY, one whose 20YY birthday is tomorrow 19YY. Today is 15/06/2026 in each case.
@pytest.mark.parametrize(
    ("digits", "born"),
    [
        ("150626", date(2026, 6, 15)),  # born today: this century
        ("160626", date(1926, 6, 16)),  # tomorrow in 2026: last century
        ("140626", date(2026, 6, 14)),  # yesterday
        ("150726", date(1926, 7, 15)),  # next month
        ("150526", date(2026, 5, 15)),  # last month
        ("311226", date(1926, 12, 31)),
        ("010126", date(2026, 1, 1)),
        ("550626", date(2026, 6, 15)),  # a woman born today (day + 40)
        ("560626", date(1926, 6, 16)),  # a woman born tomorrow in 2026
        ("150627", date(1927, 6, 15)),  # next year's two digits
        ("150625", date(2025, 6, 15)),  # last year's
    ],
)
def test_nik_century_on_both_sides_of_today(digits, born):
    today = date(2026, 6, 15)
    assert parse_nik(f"357801{digits}0001", today=today).birth_date == born
    # the hint beside the NIK field while it is typed says the same date
    assert read_partial_nik(f"357801{digits}", today=today).birth_date == born


def test_nik_born_29_february_of_a_leap_year_in_either_century():
    """29/02/00 is 2000 (a leap year); 29/02/04 on 01/01/2004 is 1904 (also leap)."""
    assert parse_nik("3578012902000001", today=date(2000, 2, 29)).birth_date == date(2000, 2, 29)
    assert parse_nik("3578012902040001", today=date(2004, 1, 1)).birth_date == date(1904, 2, 29)
    # 29/02/01 is 2001, not a leap year: refused, naming the date
    with pytest.raises(ValidationError, match="29/02/2001"):
        parse_nik("3578012902010001", today=date(2026, 6, 15))


# --- NIK: discrepancies with the entered data ---------------------------------------------------


def test_nik_matching_entered_data_has_no_discrepancy():
    info = parse_nik(FEMALE_NIK, today=TODAY)
    assert nik_discrepancies(info, birth_date=date(1990, 8, 17), sex=Sex.P) == []
    assert nik_discrepancies(info) == []


def test_nik_discrepancy_in_birth_date_names_both_dates():
    info = parse_nik(MALE_NIK, today=TODAY)
    [problem] = nik_discrepancies(info, birth_date=date(1990, 8, 18))
    assert problem.field == "birth_date"
    assert "18/08/1990" in problem.message
    assert "17/08/1990" in problem.message


def test_nik_discrepancy_in_sex_names_both_sexes():
    """A woman's KTP entered as male: the NIK's day > 40 says Perempuan."""
    info = parse_nik(FEMALE_NIK, today=TODAY)
    [problem] = nik_discrepancies(info, sex=Sex.L)
    assert problem.field == "sex"
    assert "Laki-laki" in problem.message
    assert "Perempuan" in problem.message


def test_nik_discrepancies_report_every_wrong_field_in_order():
    info = parse_nik(MALE_NIK, today=TODAY)
    problems = nik_discrepancies(info, birth_date=date(1991, 8, 17), sex=Sex.P)
    assert [p.field for p in problems] == ["birth_date", "sex"]


# --- NIK: round trip (property) -----------------------------------------------------------------

_OTHER_REGENCIES = st.builds(
    lambda province, regency: f"{province}{regency:02d}",
    st.sampled_from(sorted(set(PROVINCES) - {"35"})),
    st.integers(1, 99),
)
_REGENCIES = st.one_of(st.sampled_from(sorted(JATIM_REGENCIES)), _OTHER_REGENCIES)


@st.composite
def _today_and_birth_date(draw):
    today = draw(st.dates(date(1960, 1, 1), date(2090, 12, 31)))
    # a 2-digit year is unambiguous for anyone born 1900 or later and under 100 this year
    birth = draw(st.dates(date(max(1900, today.year - 99), 1, 1), today))
    return today, birth


@PROPERTY
@given(
    regency=_REGENCIES,
    district=st.integers(1, 99),
    dates=_today_and_birth_date(),
    sex=st.sampled_from(Sex),
    serial=st.integers(1, 9999),
)
def test_make_nik_then_parse_nik_round_trips(regency, district, dates, sex, serial):
    """Any valid regency, district, birth date, sex and serial survive make_nik → parse_nik."""
    today, birth_date = dates
    nik = make_nik(regency, district, birth_date, sex, serial)
    assert len(nik) == 16
    info = parse_nik(nik, today=today)
    assert info.birth_date == birth_date
    assert info.sex is sex
    assert info.regency_code == regency
    assert info.district_code == f"{regency}{district:02d}"
    assert info.serial == f"{serial:04d}"


@PROPERTY
@given(day=st.dates(date(1930, 1, 1), date(2025, 12, 31)))
def test_female_nik_differs_from_male_nik_only_by_forty_on_the_day(day):
    male = make_nik("3578", 1, day, Sex.L, 1)
    female = make_nik("3578", 1, day, Sex.P, 1)
    assert int(female[6:8]) == int(male[6:8]) + 40
    assert female[:6] == male[:6]
    assert female[8:] == male[8:]


def test_make_nik_example():
    assert make_nik("3578", 1, date(1990, 8, 17), Sex.P, 1) == FEMALE_NIK
    assert make_nik("3578", 1, date(1990, 8, 17), Sex.L, 1) == MALE_NIK


# --- KPJ and NPP --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("validate", "typed", "stored"),
    [
        # domain.md §3.3: KPJ regex ^\d{11}$; stored as a string (leading zeros kept)
        (validate_kpj, "12345678901", "12345678901"),
        (validate_kpj, "00012345678", "00012345678"),  # leading zeros kept: stored as text
        (validate_kpj, "123 4567 8901", "12345678901"),
        (validate_kpj, "\u200b12345678901\u200b", "12345678901"),
        # domain.md §3.3: NPP ^[A-Z0-9]{8}$, letters allowed: not forced numeric
        (validate_npp, "15070955", "15070955"),  # numeric, Jakon certificate [S58]
        (validate_npp, "JJ0P4391", "JJ0P4391"),  # legacy letters, letter to Adhi Karya [S52]
        (validate_npp, "jj0p4391", "JJ0P4391"),  # lower case is upper-cased
        (validate_npp, " JJ0P 4391 ", "JJ0P4391"),
    ],
)
def test_kpj_and_npp_are_kept_as_text_in_their_own_form(validate, typed, stored):
    """A KPJ is eleven digits kept as text; an NPP eight characters, letters allowed."""
    assert validate(typed) == stored


@pytest.mark.parametrize(
    ("validate", "field", "typed", "fragment"),
    [
        (validate_kpj, "kpj", "", "wajib diisi"),
        (validate_kpj, "kpj", "1234567890", "11 digit, bukan 10"),
        (validate_kpj, "kpj", "123456789012", "11 digit, bukan 12"),
        (validate_kpj, "kpj", "1234567890A", "hanya boleh berisi angka"),
        (validate_kpj, "kpj", "12.345.678.901", "hanya boleh berisi angka"),
        (validate_npp, "npp", "", "wajib diisi"),
        (validate_npp, "npp", "1507095", "8 karakter"),  # 7
        (validate_npp, "npp", "150709551", "8 karakter"),  # 9
        (validate_npp, "npp", "JJ0P-439", "8 karakter"),  # dash
        (validate_npp, "npp", "JJ0P439É", "8 karakter"),  # non-ASCII letter
    ],
)
def test_kpj_and_npp_rejections_name_the_field_and_the_rule(validate, field, typed, fragment):
    with pytest.raises(IdentifierError) as caught:
        validate(typed)
    assert caught.value.field == field
    assert fragment in caught.value.message


def test_make_kpj_is_year_then_nine_digit_sequence():
    assert make_kpj(2024, 1) == "24000000001"
    assert make_kpj(2005, 123_456_789) == "05123456789"


def test_make_npp_is_year_then_six_digit_sequence():
    assert make_npp(2015, 70955) == "15070955"
    assert validate_npp(make_npp(2024, 1)) == "24000001"


@pytest.mark.parametrize(
    ("make", "sequence"),
    [(make_kpj, 0), (make_kpj, -1), (make_kpj, 10**9), (make_npp, 0), (make_npp, 10**6)],
)
def test_make_kpj_and_npp_refuse_a_sequence_that_does_not_fit(make, sequence):
    with pytest.raises(ValueError, match="out of range"):
        make(2024, sequence)


@PROPERTY
@given(year=st.integers(1990, 2099), sequence=st.integers(1, 10**9 - 1))
def test_every_made_kpj_is_a_valid_kpj(year, sequence):
    kpj = make_kpj(year, sequence)
    assert validate_kpj(kpj) == kpj
    assert kpj[:2] == f"{year % 100:02d}"


# --- NPWP ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "typed",
    ["01.234.567.8-901.234", "012345678901234", "01 234 567 8 901 234", "0012345678901234"],
)
def test_entity_npwp_has_both_forms(typed):
    """domain.md §3.3 / PMK 112/2022: an entity's 16-digit NPWP is "0" + its 15 digits."""
    npwp = parse_npwp(typed)
    assert npwp.npwp15 == "012345678901234"
    assert npwp.npwp16 == "0012345678901234"
    assert npwp.formatted15 == "01.234.567.8-901.234"


def test_person_npwp_is_the_nik_and_has_no_fifteen_digit_form():
    """PMK 112/2022: residents use their NIK; a 16-digit NPWP not starting with 0 has no 15 form."""
    npwp = parse_npwp(MALE_NIK)
    assert npwp.npwp16 == MALE_NIK
    assert npwp.npwp15 is None
    assert npwp.formatted15 is None


@pytest.mark.parametrize(
    ("typed", "fragment"),
    [
        ("", "wajib diisi"),
        ("..-", "wajib diisi"),
        ("01.234.567.8-901.23", "bukan 14"),
        ("00123456789012345", "bukan 17"),
        ("01.234.567.8/901.234", "hanya boleh berisi angka"),
        ("NPWP012345678901234", "hanya boleh berisi angka"),
    ],
)
def test_npwp_rejections_name_the_reason(typed, fragment):
    with pytest.raises(IdentifierError) as caught:
        parse_npwp(typed)
    assert caught.value.field == "npwp"
    assert fragment in caught.value.message


@PROPERTY
@given(digits=st.text("0123456789", min_size=15, max_size=15))
def test_npwp15_to_16_and_back(digits):
    """Any legacy 15-digit NPWP converts to 16 digits and back, also from its formatted form."""
    npwp = parse_npwp(digits)
    assert npwp.npwp16 == "0" + digits
    assert parse_npwp(npwp.npwp16).npwp15 == digits
    assert parse_npwp(npwp.formatted15 or "").npwp15 == digits


def test_sex_labels_are_as_on_the_ktp():
    assert Sex.L.label == "Laki-laki"
    assert Sex.P.label == "Perempuan"


def test_nik_date_one_day_after_the_last_valid_day_is_refused():
    """Every month's last day is accepted and the next day number is refused (30 April, 31 April)."""
    assert parse_nik("3578013004900001", today=TODAY).birth_date == date(1990, 4, 30)
    with pytest.raises(IdentifierError, match="31/04/1990"):
        parse_nik("3578013104900001", today=TODAY)
