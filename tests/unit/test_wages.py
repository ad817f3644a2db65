"""Regional minimum wages of Jawa Timur by date (domain.md §4.8)."""

from __future__ import annotations

from datetime import date

import pytest

from bpjs_desktop.domain.wages import minimum_wage


@pytest.mark.parametrize(
    ("regency", "on", "amount"),
    [
        ("3578", date(2025, 6, 1), 4_961_753),  # Surabaya, the highest
        ("3525", date(2025, 6, 1), 4_874_133),  # Gresik
        ("3515", date(2025, 6, 1), 4_870_511),  # Sidoarjo
        ("3573", date(2025, 6, 1), 3_507_693),  # Kota Malang
        ("3509", date(2025, 6, 1), 2_838_642),  # Jember
        ("3512", date(2025, 6, 1), 2_335_209),  # Situbondo, the lowest
        ("3578", date(2025, 10, 31), 4_961_753),  # last day before the revision
        ("3578", date(2025, 11, 1), 5_032_635),  # raised from 1 November 2025
        ("3525", date(2025, 11, 1), 4_943_763),
        ("3515", date(2025, 11, 1), 4_940_090),
        ("3512", date(2025, 11, 1), 2_335_209),  # not among the seven raised
    ],
)
def test_umk_2025_jatim(regency, on, amount):
    """domain.md §4.8: Jatim UMK 2025 (Kepgub 100.3.3.1/775/KPTS/013/2024); from 1 Nov 2025
    Surabaya 5.032.635, Gresik 4.943.763, Sidoarjo 4.940.090."""
    wage = minimum_wage(regency, on)
    assert wage is not None
    assert wage.amount == amount
    assert wage.kind == "UMK"


def test_jatim_regency_without_a_umk_on_record_falls_back_to_the_ump():
    """domain.md §4.8: UMK, or UMP if no UMK."""
    wage = minimum_wage("3501", date(2025, 6, 1))  # Kab. Pacitan
    assert wage is not None
    assert wage.kind == "UMP"
    assert wage.amount < minimum_wage("3512", date(2025, 6, 1)).amount  # below the lowest UMK


@pytest.mark.parametrize(
    ("regency", "on"),
    [
        ("3578", date(2024, 6, 1)),  # a year not on record: no silent reuse of another year
        ("3578", date(2026, 1, 1)),
        ("3171", date(2025, 6, 1)),  # outside Jawa Timur
    ],
)
def test_no_minimum_wage_when_none_is_on_record(regency, on):
    assert minimum_wage(regency, on) is None
