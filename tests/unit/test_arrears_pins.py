"""Arrears and NIK rules that survived mutation testing (`make mutants`): each test fails for a
mutant of domain/arrears.py or domain/identifiers.py that tests/unit let through.

The month used: one worker on Rp4.000.000, risk "sedang", April 2018: JKK 0,89 % 35.600
(PP 44/2015 Lampiran I), JKM 0,30 % 12.000 (PP 44/2015 Pasal 18), JHT 5,7 % 228.000
(PP 46/2015 Pasal 16), JP 3 % 120.000 (PP 45/2015 Pasal 28) = 395.600, due 15/05/2018.
Fine 2 % a month begun (PP 44/2015, PP 46/2015 [S16]; domain.md §4.9).
"""

from __future__ import annotations

from datetime import date

import pytest

from bpjs_desktop.domain.arrears import (
    OwedBill,
    dues_on,
    late_fine,
    month_due,
    split_proportionally,
)
from bpjs_desktop.domain.identifiers import IdentifierError, parse_nik
from bpjs_desktop.domain.periods import Period

APRIL = OwedBill(Period(2018, 4), date(2018, 5, 15), (35_600, 12_000, 228_000, 120_000), 395_600, 0)
MARCH_PAID = OwedBill(
    Period(2018, 3), date(2018, 4, 16), (35_600, 12_000, 228_000, 120_000), 395_600, 395_600
)


def test_on_its_due_date_a_month_is_owed_without_fine():
    """Paid on 15/05/2018, April is due (not "later") and has no fine."""
    owed = dues_on([APRIL], date(2018, 5, 15))
    assert owed.pay_on == date(2018, 5, 15)
    assert [m.period for m in owed.months] == [Period(2018, 4)]
    assert owed.not_yet_due == ()
    assert (owed.principal_total, owed.fine_total) == (395_600, 0)
    assert owed.oldest_due == date(2018, 5, 15)
    before = dues_on([APRIL], date(2018, 5, 14))
    assert (before.months, before.later_total) == ((), 395_600)
    assert before.oldest_due is None


def test_a_paid_month_before_an_unpaid_one_does_not_hide_it():
    owed = dues_on([MARCH_PAID, APRIL], date(2018, 5, 16))
    assert [m.period for m in owed.months] == [Period(2018, 4)]
    # a day late is one month: 2 % of 395.600 = 7.912
    assert owed.fine_total == 7_912
    assert owed.months[0].fine_rate_ppm == 20_000  # 2 % in parts per million
    assert owed.months[0].months_late == 1


def test_a_single_rupiah_still_owed_is_listed():
    one = OwedBill(
        Period(2018, 4), date(2018, 5, 15), (35_600, 12_000, 228_000, 120_000), 395_600, 395_599
    )
    owed = dues_on([one], date(2018, 5, 15))
    assert owed.principal_total == 1
    assert owed.principal == (0, 0, 1, 0)  # to the largest remainder: JHT's 228.000 share


def test_a_paid_month_owes_nothing_and_an_overpaid_one_is_refused():
    paid = month_due(MARCH_PAID, date(2018, 6, 1))
    assert (paid.principal_total, paid.fine_total) == (0, 0)
    overpaid = OwedBill(Period(2018, 4), date(2018, 5, 15), (1, 1, 1, 1), 4, 5)
    with pytest.raises(ValueError, match="beyond its amount"):
        month_due(overpaid, date(2018, 6, 1))


def test_the_fine_is_shared_like_the_principal():
    """Two months begun after 15/05 on 16/06: 4 % of 395.600 = 15.824, shared 35.600 : 12.000 :
    228.000 : 120.000 → 1.424 / 480 / 9.120 / 4.800."""
    april = month_due(APRIL, date(2018, 6, 16))
    assert april.fine == (1_424, 480, 9_120, 4_800)
    assert (
        sum(april.fine)
        == 15_824
        == late_fine(395_600, Period(2018, 4), APRIL.due, date(2018, 6, 16))
    )


@pytest.mark.parametrize(("total", "weights"), [(-1, [1, 1]), (5, [1, -1]), (-1, [-1])])
def test_a_negative_total_or_weight_cannot_be_shared(total, weights):
    with pytest.raises(ValueError, match="must not be negative"):
        split_proportionally(total, weights)


def test_nothing_can_be_shared_among_no_one_and_zero_weights_share_equally():
    with pytest.raises(ValueError, match="at least one weight"):
        split_proportionally(5, [])
    assert split_proportionally(5, [0, 0, 0]) == (2, 2, 1)  # the leftover to the earlier columns


def test_a_negative_principal_has_no_fine():
    with pytest.raises(ValueError, match="must not be negative"):
        late_fine(-1, Period(2018, 4), APRIL.due, date(2018, 6, 1))


# --- NIK: the exact words the officer reads beside the field ------------------------------------


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("", "NIK wajib diisi"),
        ("35780117089O0001", "NIK hanya boleh berisi angka"),
        ("3578011713900001", "Bulan lahir pada NIK (digit 9–10) harus 01–12, bukan 13"),
        (
            "3578013208900001",
            "Tanggal lahir pada NIK (digit 7–8) harus 01–31 untuk laki-laki atau 41–71 untuk "
            "perempuan, bukan 32",
        ),
        ("3578013102900001", "Tanggal lahir pada NIK tidak ada di kalender: 31/02/1990"),
        ("3578011708900000", "Nomor urut pada NIK (4 digit terakhir) tidak boleh 0000"),
        ("2078011708900001", "Kode provinsi 20 pada NIK tidak dikenal"),
        ("3599011708900001", "Kode kabupaten/kota 3599 pada NIK tidak dikenal"),
        ("3578001708900001", "Kode kecamatan pada NIK tidak boleh 00"),
    ],
)
def test_a_wrong_nik_is_refused_in_so_many_words(typed, message):
    with pytest.raises(IdentifierError) as caught:
        parse_nik(typed, today=date(2026, 6, 15))
    assert caught.value.field == "nik"
    assert caught.value.errors[0].message == message
