"""Arrears (piutang iuran): late fines, ageing buckets, allocation of payments (domain.md §4.9, §6)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from bpjs_desktop.domain.dated import Dated, DatedTable
from bpjs_desktop.domain.money import apply_rate
from bpjs_desktop.domain.money import percent_ppm as pct
from bpjs_desktop.domain.periods import Period
from bpjs_desktop.domain.rates import COVID_RELIEF_FIRST, COVID_RELIEF_LAST
from bpjs_desktop.errors import ValidationError
from bpjs_desktop.i18n import N_, _

# Late fine per month of delay, borne by the employer [S16]; PP 49/2020 lowered it to 0,5 % for the
# relief months [S54].
FINE_RATE: DatedTable[int] = DatedTable(
    N_("denda keterlambatan"), [Dated(date(2014, 1, 1), pct("2"), "PP 44/2015; PP 46/2015 [S16]")]
)
COVID_FINE_RATE = pct("0.5")


def fine_rate_for(period: Period) -> int:
    if COVID_RELIEF_FIRST <= period <= COVID_RELIEF_LAST:
        return COVID_FINE_RATE
    return FINE_RATE.at(period.first_day)


def months_late(due: date, paid_on: date) -> int:
    """Months of delay, each started month counting in full: a day late is one month.

    [unverified] how BPJS counts a part month; we count every month begun after the due date.
    """
    if paid_on <= due:
        return 0
    months = (paid_on.year - due.year) * 12 + (paid_on.month - due.month)
    if paid_on.day > due.day:
        months += 1
    return max(months, 1)


def late_fine(principal: int, period: Period, due: date, paid_on: date) -> int:
    """The fine on *principal* of *period* paid on *paid_on*: rate × months late, half up."""
    if principal < 0:
        raise ValueError("principal must not be negative")
    return apply_rate(principal, fine_rate_for(period) * months_late(due, paid_on))


# --- ageing ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class AgeingBucket:
    """Arrears whose oldest unpaid month is *min_months*..*max_months* months overdue."""

    name: str
    min_months: int
    max_months: int | None

    def contains(self, months: int) -> bool:
        return months >= self.min_months and (self.max_months is None or months <= self.max_months)


# Defaults after Pekalongan 2016 [S25]; its gap at 3 months is closed into "lancar". Branches differ,
# so the services read the buckets from settings and these are only the starting values.
DEFAULT_BUCKETS: tuple[AgeingBucket, ...] = (
    AgeingBucket(N_("Lancar"), 1, 3),
    AgeingBucket(N_("Kurang lancar"), 4, 6),
    AgeingBucket(N_("Macet"), 7, 9),
    AgeingBucket(N_("Kontinjensi"), 10, None),
)


def check_buckets(buckets: Sequence[AgeingBucket]) -> None:
    """Buckets must start at 1 month, follow each other without gap or overlap, and end open."""
    if not buckets:
        raise ValidationError.single("buckets", _("Paling sedikit satu kelompok umur piutang"))
    expected = 1
    for position, bucket in enumerate(buckets):
        if bucket.max_months is None and position != len(buckets) - 1:
            raise ValidationError.single(
                "buckets",
                _("Hanya kelompok terakhir yang boleh tanpa batas atas ({name})").format(
                    name=bucket.name
                ),
            )
        if bucket.min_months != expected:
            raise ValidationError.single(
                "buckets",
                _("Kelompok {name} harus mulai dari bulan ke-{n}").format(
                    name=bucket.name, n=expected
                ),
            )
        if bucket.max_months is None:
            break
        if bucket.max_months < bucket.min_months:
            raise ValidationError.single(
                "buckets",
                _("Kelompok {name}: batas atas lebih kecil dari batas bawah").format(
                    name=bucket.name
                ),
            )
        expected = bucket.max_months + 1
    if buckets[-1].max_months is not None:
        raise ValidationError.single("buckets", _("Kelompok terakhir harus tanpa batas atas"))


def ageing_bucket(
    months_overdue: int, buckets: Sequence[AgeingBucket] = DEFAULT_BUCKETS
) -> str | None:
    """The bucket name for arrears *months_overdue* old (None when nothing is overdue)."""
    if months_overdue <= 0:
        return None
    for bucket in buckets:
        if bucket.contains(months_overdue):
            return bucket.name
    return buckets[-1].name


def months_overdue(oldest_unpaid: Period, due: date, on: date) -> int:
    """How many months the oldest unpaid period is overdue on *on* (0 if not yet due)."""
    del oldest_unpaid  # the due date already encodes the period
    return months_late(due, on)


# --- allocation ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class OpenBill:
    """A bill with something still owed on it."""

    bill_id: int
    period: Period
    outstanding: int


@dataclass(frozen=True, slots=True)
class Allocation:
    bill_id: int
    amount: int


def allocate_payment(amount: int, bills: Iterable[OpenBill]) -> tuple[list[Allocation], int]:
    """Allocate a payment to the oldest period first; return the allocations and what is left.

    Contributions are settled in month order, and an out-of-order payment first settles earlier
    shortfalls (Perdir 22/PERDIR.02/072022, domain.md §4.9 [S30]). What is left over is an
    overpayment that offsets the next month.
    """
    if amount <= 0:
        raise ValidationError.single("amount", _("Jumlah pembayaran harus lebih dari Rp0"))
    allocations: list[Allocation] = []
    remaining = amount
    for bill in sorted(bills, key=lambda b: (b.period, b.bill_id)):
        if remaining == 0:
            break
        if bill.outstanding <= 0:
            continue
        take = min(remaining, bill.outstanding)
        allocations.append(Allocation(bill.bill_id, take))
        remaining -= take
    return allocations, remaining
