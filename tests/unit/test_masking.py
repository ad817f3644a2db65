"""Masked personal data (domain/masking.py): what a list shows of a NIK, KPJ, account and wage."""

from __future__ import annotations

from bpjs_desktop.domain.masking import (
    is_masked,
    mask_bank_account,
    mask_kpj,
    mask_nik,
    mask_wage,
)


def test_a_nik_keeps_its_region_and_serial_only() -> None:
    # 3578 (Kota Surabaya) … 0001 (serial); the birth date 450190 in the middle is hidden.
    assert mask_nik("3578014501900001") == "3578••••••••0001"
    assert "450190" not in mask_nik("3578014501900001")


def test_short_or_missing_values_are_masked_whole() -> None:
    assert mask_nik("12345") == "•••••"
    assert mask_nik(None) == ""
    assert mask_kpj("123") == "•••"
    assert mask_bank_account("") == ""


def test_kpj_and_bank_account_keep_the_last_four_digits() -> None:
    assert mask_kpj("18012345678") == "•••••••5678"
    assert mask_bank_account("0123456789") == "••••••6789"


def test_a_wage_shows_nothing_of_its_size() -> None:
    assert mask_wage(4_725_479) == "Rp•••"
    assert mask_wage(None) == "–"
    assert is_masked(mask_wage(1)) and not is_masked("Rp4.725.479")
