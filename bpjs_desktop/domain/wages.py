"""Regional minimum wages (UMK per regency/city, UMP per province) for Jawa Timur, by date.

A wage below the minimum of the worker's regency warns at registration and flags a possible
partial registration of wages (PDS Upah, domain.md §6.3). Minimum wages are set every year by the
governor, so each set is valid for its own dates only; a year that is not on record gives no
minimum (and the UI says so) rather than silently reusing an older year.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from types import MappingProxyType


@dataclass(frozen=True, slots=True)
class MinimumWageSet:
    valid_from: date
    valid_to: date
    umk: MappingProxyType[str, int]
    ump: int
    source: str


@dataclass(frozen=True, slots=True)
class MinimumWage:
    amount: int
    kind: str  # "UMK" or "UMP"
    source: str


_UMK_2025 = {
    "3578": 4_961_753,  # Kota Surabaya
    "3525": 4_874_133,  # Kab. Gresik
    "3515": 4_870_511,  # Kab. Sidoarjo
    "3514": 4_866_890,  # Kab. Pasuruan
    "3516": 4_856_026,  # Kab. Mojokerto
    "3507": 3_553_530,  # Kab. Malang
    "3573": 3_507_693,  # Kota Malang
    "3509": 2_838_642,  # Kab. Jember
    "3510": 2_810_139,  # Kab. Banyuwangi
    "3571": 2_572_361,  # Kota Kediri
    "3522": 2_525_132,  # Kab. Bojonegoro
    "3577": 2_422_105,  # Kota Madiun
    "3528": 2_376_614,  # Kab. Pamekasan
    "3512": 2_335_209,  # Kab. Situbondo (the lowest)
}

MINIMUM_WAGES: tuple[MinimumWageSet, ...] = (
    MinimumWageSet(
        date(2018, 1, 1),
        date(2018, 12, 31),
        # Pergub Jatim 75/2017 — figures from memory [unverified]; regencies not listed fall back
        # to the provincial UMP.
        MappingProxyType(
            {
                "3578": 3_583_312,  # Kota Surabaya
                "3525": 3_580_370,  # Kab. Gresik
                "3515": 3_577_428,  # Kab. Sidoarjo
                "3514": 3_574_486,  # Kab. Pasuruan
                "3516": 3_565_660,  # Kab. Mojokerto
                "3507": 2_574_807,  # Kab. Malang
                "3573": 2_470_073,  # Kota Malang
                "3579": 2_384_387,  # Kota Batu
                "3510": 2_132_779,  # Kab. Banyuwangi
                "3509": 1_916_983,  # Kab. Jember
            }
        ),
        1_508_895,  # UMP Jawa Timur 2018 [unverified]
        "Pergub Jatim 75/2017 (UMK 2018) [unverified]",
    ),
    MinimumWageSet(
        date(2025, 1, 1),
        date(2025, 10, 31),
        MappingProxyType(_UMK_2025),
        2_305_985,  # UMP Jawa Timur 2025 [unverified]
        "Kepgub Jatim 100.3.3.1/775/KPTS/013/2024 [S51]",
    ),
    MinimumWageSet(
        date(2025, 11, 1),
        date(2025, 12, 31),
        # Seven regions were raised from 1 November 2025; the three listed in domain.md here.
        MappingProxyType({**_UMK_2025, "3578": 5_032_635, "3525": 4_943_763, "3515": 4_940_090}),
        2_305_985,
        "Revised UMK from 1 November 2025 (seven regions raised) [S51]",
    ),
)


def minimum_wage(regency_code: str, on: date) -> MinimumWage | None:
    """The minimum wage for a worker of *regency_code* on *on*, or None when none is on record."""
    for wage_set in MINIMUM_WAGES:
        if wage_set.valid_from <= on <= wage_set.valid_to:
            if regency_code in wage_set.umk:
                return MinimumWage(wage_set.umk[regency_code], "UMK", wage_set.source)
            if regency_code.startswith("35"):
                return MinimumWage(wage_set.ump, "UMP", wage_set.source)
            return None
    return None
