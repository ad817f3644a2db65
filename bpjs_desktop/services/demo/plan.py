"""What the demo must reproduce: the April 2018 figures at a scale, and the run's constants."""

from __future__ import annotations

import logging
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime

from bpjs_desktop.domain.programmes import (
    Programme,
    Segment,
)
from bpjs_desktop.errors import KnownError

log = logging.getLogger(__name__)

DEMO_PASSWORD = "bpjs-demo"  # every demo account; printed in the README
DEFAULT_AS_OF = date(2018, 4, 30)
PERISAI_LAUNCH = date(2018, 2, 1)  # launched nationally in February 2018 [S7]
BILL_MONTHS = 10  # months of billing history up to the as-of month


@dataclass(frozen=True)
class ClaimTarget:
    cases: int
    amount: int


@dataclass(frozen=True)
class DemoTargets:
    """The figures the generated records must reproduce (seed article, April 2018) and a scale."""

    employers_active: int
    workers: dict[Segment, int]
    agents: int
    recruits: int
    claims: dict[Programme, ClaimTarget]
    jkm_scholarships: int
    arrears_target: int
    arrears_collected: int

    @classmethod
    def at_scale(cls, scale: float) -> DemoTargets:
        """The article's figures times *scale*, each rounded half up; where parts make a whole
        (workers by segment, claims by programme), the whole is rounded and the parts are
        apportioned by largest remainder, so that they still add up to it."""

        def n(value: int) -> int:
            return math.floor(value * scale + 0.5)

        def parts(values: Sequence[int]) -> list[int]:
            return largest_remainder(n(sum(values)), [v * scale for v in values])

        segments = (Segment.PU, Segment.BPU, Segment.JAKON, Segment.PMI)
        # The article's total (2.65 million) less its three segments gives the migrant workers.
        workers = parts((1_670_000, 257_000, 720_000, 3_000))
        programmes = (Programme.JHT, Programme.JKK, Programme.JKM, Programme.JP)
        cases = parts((72_701, 8_340, 1_043, 4_983))
        # Rupiah chosen inside the article's rounding so that the parts add up to the total as
        # published: 792.5 + 47.4 + 29.4 + 5.3 = 874.6 billion [computed]. JKM follows its rule:
        # 1,043 × Rp24 juta + 364 scholarships × Rp12 juta = Rp29.4 billion (PP 44/2015).
        amounts = (n(792_500_000_000), n(47_400_000_000), 0, n(5_300_000_000))
        return cls(
            employers_active=n(63_195),
            workers=dict(zip(segments, workers, strict=True)),
            # Below scale ~0.0024 no agent rounds to one, yet recruits still do: keep one agent so
            # the recruits have someone who recruited them.
            agents=max(n(205), 1 if n(3_413) else 0),
            recruits=n(3_413),
            claims={
                p: ClaimTarget(c, a) for p, c, a in zip(programmes, cases, amounts, strict=True)
            },
            jkm_scholarships=min(n(364), cases[2]),
            arrears_target=n(4_550),
            arrears_collected=n(1_527),
        )


class DemoCancelled(KnownError):
    """The user cancelled the generation; nothing was written."""


ProgressFn = Callable[[int, str], None]


CancelFn = Callable[[], bool]

# Share of the region's activity per office [illustrative: Surabaya and the industrial ring
# around it carry most employers; no per-office figures were published].
OFFICE_WEIGHTS = {
    "SDR": 9.0, "SKJ": 7.0, "STP": 7.0, "SRK": 8.0, "GRS": 7.0, "SDA": 9.0, "MJK": 5.0,
    "JBG": 2.5, "PSR": 6.0, "PBL": 3.0, "MLG": 8.0, "KDR": 4.0, "TLA": 3.5, "MDN": 3.0,
    "PNG": 2.0, "JBR": 4.0, "BWI": 2.5, "STB": 1.5, "BJN": 3.0, "TBN": 2.0, "PMK": 2.0,
}  # fmt: skip


def largest_remainder(total: int, weights: Sequence[float]) -> list[int]:
    """Split *total* into integers proportional to *weights*, summing exactly to *total*."""
    if total == 0 or not weights:
        return [0] * len(weights)
    weight_sum = float(sum(weights))
    quotas = [total * w / weight_sum for w in weights]
    counts = [int(q) for q in quotas]
    short = total - sum(counts)
    order = sorted(range(len(weights)), key=lambda i: quotas[i] - counts[i], reverse=True)
    for i in order[:short]:
        counts[i] += 1
    return counts


def _at(day: date) -> datetime:
    """09:00 WIB (02:00 UTC) of *day*: a fixed moment, so the demo stays reproducible."""
    return datetime(day.year, day.month, day.day, 2, 0, tzinfo=UTC)
