"""Contribution rates and amounts, each a dated table citing its regulation (domain.md §4).

Rates are parts per million of the wage (``8_900`` = 0.89 %); amounts are whole rupiah.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from bpjs_desktop.domain.dated import Dated, DatedTable
from bpjs_desktop.domain.money import percent_ppm as pct
from bpjs_desktop.domain.periods import Period
from bpjs_desktop.domain.programmes import RiskGroup
from bpjs_desktop.i18n import N_

BPJS_START = date(2014, 1, 1)  # UU 24/2011: BPJS Ketenagakerjaan from 1 January 2014

# The last day a cited source confirms each table for (``confirmed_until``): the end of the last
# year whose figure domain.md cites. Past it the last figure is still used, with a note that it
# may be out of date. The PU rates and JKP funding are cited as in force in 2025 (PP 6/2025,
# PP 7/2025 [S12][S15]; domain.md §4.1 is the table of that year).
CONFIRMED_2025 = date(2025, 12, 31)

# --- Penerima Upah -----------------------------------------------------------------------------
JKK_RATES: DatedTable[dict[RiskGroup, int]] = DatedTable(
    N_("tarif JKK"),
    [
        Dated(
            BPJS_START,
            {
                RiskGroup.SANGAT_RENDAH: pct("0.24"),
                RiskGroup.RENDAH: pct("0.54"),
                RiskGroup.SEDANG: pct("0.89"),
                RiskGroup.TINGGI: pct("1.27"),
                RiskGroup.SANGAT_TINGGI: pct("1.74"),
            },
            "PP 44/2015 Lampiran I (same five groups as PP 14/1993 before it) [S16][S15]",
        ),
    ],
    confirmed_until=CONFIRMED_2025,
)

JKM_RATE: DatedTable[int] = DatedTable(
    N_("tarif JKM"),
    [Dated(BPJS_START, pct("0.30"), "PP 44/2015 Pasal 18 [S16]")],
    confirmed_until=CONFIRMED_2025,
)

# (employer, worker)
JHT_RATE: DatedTable[tuple[int, int]] = DatedTable(
    N_("tarif JHT"),
    [Dated(BPJS_START, (pct("3.70"), pct("2.00")), "PP 46/2015 Pasal 16 [S16-calc]")],
    confirmed_until=CONFIRMED_2025,
)

JP_RATE: DatedTable[tuple[int, int]] = DatedTable(
    N_("tarif JP"),
    [Dated(date(2015, 7, 1), (pct("2.00"), pct("1.00")), "PP 45/2015 Pasal 28 [S8]")],
    confirmed_until=CONFIRMED_2025,
)

# JP wage cap, effective each March; indexed by (1 + prior-year GDP growth), rounded down to Rp100
# (PP 45/2015 Pasal 29). 2016–2018 are from memory [unverified] and agree with that index chain:
# 7.000.000 × 1.0479 = 7.335.300; × 1.0502 → 7.703.500; × 1.0507 → 8.094.000; × 1.0517 → 8.512.400.
JP_WAGE_CAP: DatedTable[int] = DatedTable(
    N_("batas upah JP"),
    [
        Dated(date(2015, 7, 1), 7_000_000, "PP 45/2015 Pasal 29(1) [unverified]"),
        Dated(date(2016, 3, 1), 7_335_300, "BPJS TK announcement 2016 [unverified]"),
        Dated(date(2017, 3, 1), 7_703_500, "BPJS TK announcement 2017 [unverified]"),
        Dated(date(2018, 3, 1), 8_094_000, "BPJS TK announcement 2018 [unverified]"),
        Dated(date(2019, 3, 1), 8_512_400, "domain.md §4.3 [unverified]"),
        Dated(date(2020, 3, 1), 8_754_600, "domain.md §4.3 [unverified]"),
        Dated(date(2021, 3, 1), 8_939_700, "domain.md §4.3 [unverified]"),
        Dated(date(2022, 3, 1), 9_077_600, "domain.md §4.3 [S58]"),
        Dated(date(2023, 3, 1), 9_559_600, "domain.md §4.3 [S8]"),
        Dated(date(2024, 3, 1), 10_042_300, "domain.md §4.3 [S8]"),
        Dated(date(2025, 3, 1), 10_547_400, "domain.md §4.3 [S58]"),
    ],
    # The 2025 cap holds until the next one starts on 1 March 2026, whose figure is not cited.
    confirmed_until=date(2026, 2, 28),
)


@dataclass(frozen=True, slots=True)
class JkpFunding:
    """How JKP is funded (PP 37/2021 Pasal 11; PP 6/2025): no new employer or worker money.

    ``government`` is paid by the central government; ``jkk_recomposed`` and ``jkm_recomposed``
    are taken out of the employer's JKK and JKM rates for JKP participants.
    """

    government: int
    jkk_recomposed: int
    jkm_recomposed: int
    wage_cap: int

    @property
    def total(self) -> int:
        return self.government + self.jkk_recomposed + self.jkm_recomposed


JKP_FUNDING: DatedTable[JkpFunding] = DatedTable(
    N_("pendanaan JKP"),
    [
        Dated(
            date(2021, 2, 1),
            JkpFunding(pct("0.22"), pct("0.14"), pct("0.10"), 5_000_000),
            "PP 37/2021 Pasal 11: 0,46 % = 0,22 pemerintah + 0,14 JKK + 0,10 JKM; upah maks. Rp5 juta [S11]",
        ),
        Dated(
            date(2025, 2, 1),
            JkpFunding(pct("0.22"), pct("0.14"), 0, 5_000_000),
            "PP 6/2025: 0,36 % = 0,22 pemerintah + 0,14 JKK; JKM kembali 0,30 % [S12][inferred]",
        ),
    ],
    confirmed_until=CONFIRMED_2025,
)

# PP 49/2020: for the contribution months August 2020 – January 2021, JKK and JKM were cut by 99 %,
# 99 % of JP was deferred (repaid May 2021 – April 2022), the due date moved to the 30th and the
# late fine fell to 0,5 % [S54][S56].
COVID_RELIEF_FIRST = Period(2020, 8)
COVID_RELIEF_LAST = Period(2021, 1)
COVID_PAYABLE_SHARE_PPM = pct("1")  # 1 % of the normal JKK/JKM, and of JP, is paid at once


def covid_relief(period: Period) -> bool:
    return COVID_RELIEF_FIRST <= period <= COVID_RELIEF_LAST


# PP 49/2020 Pasal 17(2): the deferred 99 % of JP is repaid "sekaligus atau bertahap dimulai paling
# lambat tanggal 15 Mei 2021 dan diselesaikan paling lambat tanggal 15 April 2022" [S54]. The PU
# bill of month M falls due on the 15th of M+1 (domain.md §4.9), so the bills due 15 May 2021 ..
# 15 April 2022 are those of April 2021 .. March 2022: twelve instalments, one on each. The PP
# lets the employer choose the split (at once or in stages); equal monthly instalments are this
# app's choice [unverified: no BPJS rule for the split was retrieved].
JP_DEFERRED_REPAYMENT_FIRST = Period(2021, 4)
JP_DEFERRED_REPAYMENT_LAST = Period(2022, 3)


def jp_deferred_repayment(period: Period) -> bool:
    """The bill of *period* carries an instalment of the JP deferred under PP 49/2020."""
    return JP_DEFERRED_REPAYMENT_FIRST <= period <= JP_DEFERRED_REPAYMENT_LAST


# PP 7/2025, extended by PP 36/2025: 50 % JKK discount for contribution months February 2025 –
# January 2026, for labour-intensive industries with at least 50 workers [S15].
LABOUR_INTENSIVE_FIRST = Period(2025, 2)
LABOUR_INTENSIVE_LAST = Period(2026, 1)
LABOUR_INTENSIVE_JKK_DISCOUNT_PPM = pct("50")


def labour_intensive_discount(period: Period) -> bool:
    return LABOUR_INTENSIVE_FIRST <= period <= LABOUR_INTENSIVE_LAST


# --- Bukan Penerima Upah (informal workers) -----------------------------------------------------


@dataclass(frozen=True, slots=True)
class BpuRates:
    """BPU contributions on the declared income band (PP 44/2015 Lampiran; PP 46/2015)."""

    jkk_ppm: int
    jkm_flat: int
    jht_ppm: int
    minimum_income: int
    band_step: int


BPU_RATES: DatedTable[BpuRates] = DatedTable(
    N_("tarif BPU"),
    [
        Dated(
            date(2015, 7, 1),
            # JKK 1 %, JKM Rp6.800, JHT 2 % of a band starting at Rp1.000.000 [S-BPU][S61][S62];
            # band steps of Rp100.000 are [unverified] (the annex table was not retrieved).
            BpuRates(pct("1"), 6_800, pct("2"), 1_000_000, 100_000),
            "PP 44/2015 Lampiran; PP 46/2015 [S-BPU]",
        ),
    ],
    confirmed_until=CONFIRMED_2025,  # Rp16.800 minimum package still cited in 2025 [S62]
)

# --- Jasa Konstruksi: marginal tiers on the contract value (when wages are unknown) -------------
# (upper bound of the slice or None for the last, rate in ppm of that slice). JKK and JKM each
# have their own tiers and the contractor pays their sum once per project (domain.md §4.6).
JakonTiers = tuple[tuple[int | None, int], ...]

# Before PP 44/2015 the Jamsostek rules charged one combined JKK+JKM rate per slice.
JAKON_JAMSOSTEK_TIERS: DatedTable[JakonTiers] = DatedTable(
    N_("tarif Jakon"),
    [
        Dated(
            date(1993, 2, 27),
            (
                (100_000_000, pct("0.24")),
                (500_000_000, pct("0.19")),
                (1_000_000_000, pct("0.15")),
                (5_000_000_000, pct("0.12")),
                (None, pct("0.10")),
            ),
            "Jamsostek-era combined JKK+JKM tiers [S9-old] (start date of the Jamsostek rules "
            "[unverified])",
        ),
    ],
)

# A note is shown past these dates: the newest source domain.md cites for the Jakon tiers is the
# 2020 e-kliping [S9] and PP 49/2020 [S9-jkm].
JAKON_CONFIRMED_UNTIL = date(2020, 12, 31)

JAKON_JKK_TIERS: DatedTable[JakonTiers] = DatedTable(
    N_("tarif JKK Jakon"),
    [
        Dated(
            date(2015, 7, 1),
            (
                (100_000_000, pct("0.21")),
                (500_000_000, pct("0.17")),
                (1_000_000_000, pct("0.13")),
                (5_000_000_000, pct("0.11")),
                (None, pct("0.09")),
            ),
            "PP 44/2015 Lampiran I, jasa konstruksi, as quoted in [S9]",
        ),
    ],
    confirmed_until=JAKON_CONFIRMED_UNTIL,
)

JAKON_JKM_TIERS: DatedTable[JakonTiers] = DatedTable(
    N_("tarif JKM Jakon"),
    [
        Dated(
            date(2015, 7, 1),
            (
                # ≤ Rp100 m 0,03 % and Rp100–500 m 0,02 %: PP 49/2020 Pasal 12(2) a–b, which
                # quotes the normal tiers (cut to 1 % of them for the relief months) [S9-jkm].
                (100_000_000, pct("0.03")),
                (500_000_000, pct("0.02")),
                # The last three slices are [inferred], not read in a regulation: the combined
                # Jamsostek tiers 0,15 / 0,12 / 0,10 % [S9-old] less the JKK tiers 0,13 / 0,11 /
                # 0,09 % [S9]; the first two rows agree with that difference too (domain.md §4.6).
                (1_000_000_000, pct("0.02")),
                (5_000_000_000, pct("0.01")),
                (None, pct("0.01")),
            ),
            "PP 44/2015 Lampiran; rows 1–2 PP 49/2020 Pasal 12(2) a–b [S9-jkm]; rows 3–5 [inferred] "
            "from the Jamsostek combined tiers [S9-old]",
        ),
    ],
    confirmed_until=JAKON_CONFIRMED_UNTIL,
)

# --- Pekerja Migran Indonesia: fixed packages ---------------------------------------------------


@dataclass(frozen=True, slots=True)
class PmiPackages:
    """Fixed JKK+JKM packages for migrant workers.

    ``placement`` maps a contract length in months to the package for during and after placement;
    months beyond the longest package cost ``extra_month`` each, paid up front.
    """

    pre_placement: int
    placement: tuple[tuple[int, int], ...]
    extra_month: int


PMI_PACKAGES: DatedTable[PmiPackages] = DatedTable(
    N_("paket iuran PMI"),
    [
        Dated(
            date(2017, 8, 1),
            PmiPackages(37_500, ((24, 332_500),), 13_500),
            "Permenaker 18/2018 and before it the 2017 rules: Rp37.500 + Rp332.500 for 24 months "
            "[unverified start date]",
        ),
        Dated(
            date(2023, 3, 1),
            PmiPackages(37_500, ((6, 108_000), (12, 189_000), (24, 332_500)), 13_500),
            "Permenaker 4/2023 Pasal 18 [S39] (in force from its promulgation [unverified date])",
        ),
    ],
    confirmed_until=date(2023, 12, 31),  # the newest source is of 2023 [S39]
)
