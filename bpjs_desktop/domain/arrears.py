"""Arrears (piutang iuran): late fines, ageing buckets, allocation of payments, what is owed by
month and programme, promises to pay, and the escalation ladder (domain.md §4.9, §6)."""

from __future__ import annotations

import enum
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Protocol

from bpjs_desktop.domain.dated import Dated, DatedTable
from bpjs_desktop.domain.money import apply_rate
from bpjs_desktop.domain.money import percent_ppm as pct
from bpjs_desktop.domain.periods import Period
from bpjs_desktop.domain.rates import COVID_RELIEF_FIRST, COVID_RELIEF_LAST
from bpjs_desktop.errors import FieldError, ValidationError
from bpjs_desktop.i18n import N_, _


class CaseStatus(enum.StrEnum):
    """Where an arrears case stands."""

    TERBUKA = "TERBUKA"  # open
    LUNAS = "LUNAS"  # settled: the arrears of the case are paid
    KEJARI = "KEJARI"  # handed to the prosecutor's office under an SKK
    KPKNL = "KPKNL"  # handed to the state debt office
    NONAKTIF = "NONAKTIF"  # employer non-activated
    DIHAPUS = "DIHAPUS"  # written off


class FollowUpKind(enum.StrEnum):
    """What was done on a case: the rungs of the escalation ladder and the agreements."""

    TELEPON = "TELEPON"  # call
    SURAT_1 = "SURAT_1"  # first warning letter
    SURAT_2 = "SURAT_2"  # second warning letter
    KUNJUNGAN = "KUNJUNGAN"  # visit
    PEMERIKSAAN = "PEMERIKSAAN"  # inspection (wasrik)
    PANGGILAN_BERSAMA = "PANGGILAN"  # joint compliance summons with the labour office
    SKK = "SKK"  # special power of attorney to the prosecutor's office (Kejari)
    KPKNL = "KPKNL"  # hand-over to the state debt office
    JANJI_BAYAR = "JANJI_BAYAR"  # promise to pay
    CICILAN = "CICILAN"  # instalment agreement


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


# --- ageing: settings text and due-date windows ---------------------------------------------------


def buckets_to_json(buckets: Sequence[AgeingBucket]) -> str:
    """The buckets as the ``setting`` table keeps them (checked first)."""
    check_buckets(buckets)
    return json.dumps(
        [{"name": b.name, "min": b.min_months, "max": b.max_months} for b in buckets],
        ensure_ascii=False,
    )


def buckets_from_json(text: str) -> tuple[AgeingBucket, ...]:
    """Buckets read back from the ``setting`` table, checked like typed ones.

    Raises:
        ValidationError: on field ``buckets`` when the text is not a valid list of buckets.
    """
    try:
        items = json.loads(text)
        buckets = tuple(
            AgeingBucket(
                str(item["name"]).strip(),
                int(item["min"]),
                None if item.get("max") is None else int(item["max"]),
            )
            for item in items
        )
    except (ValueError, TypeError, KeyError, AttributeError):
        raise ValidationError.single(
            "buckets", _("Pengaturan kelompok umur piutang tidak dapat dibaca")
        ) from None
    if any(not b.name for b in buckets):
        raise ValidationError.single("buckets", _("Setiap kelompok umur piutang perlu nama"))
    if len({b.name for b in buckets}) != len(buckets):
        raise ValidationError.single("buckets", _("Nama kelompok umur piutang tidak boleh kembar"))
    check_buckets(buckets)
    return buckets


def latest_due_for(months: int, on: date) -> date:
    """The latest due date that is at least *months* months late on *on* (``months >= 1``).

    :func:`months_late` falls as the due date moves later, so a bucket of ageing is a window of
    due dates; a list can then filter its bills by due date in SQL.
    """
    if months < 1:
        raise ValueError("months must be at least 1")
    low = on.toordinal() - 31 * (months + 1)  # surely late enough
    high = on.toordinal() - 1  # the last day that is late at all
    while low < high:  # the largest ordinal d with months_late(d, on) >= months
        middle = (low + high + 1) // 2
        if months_late(date.fromordinal(middle), on) >= months:
            low = middle
        else:
            high = middle - 1
    return date.fromordinal(low)


def due_window(bucket: AgeingBucket, on: date) -> tuple[date | None, date]:
    """Due dates whose arrears fall in *bucket* on *on*: ``(after, up_to)``.

    A due date *d* is in the bucket when ``after < d <= up_to`` (``after`` None: no lower bound).
    """
    up_to = latest_due_for(bucket.min_months, on)
    after = None if bucket.max_months is None else latest_due_for(bucket.max_months + 1, on)
    return after, up_to


# --- what is owed, by month and programme ---------------------------------------------------------

# The programme columns of a monthly bill, in bill order (Formulir 2a lists JKK first).
PROGRAMME_COLUMNS = ("JKK", "JKM", "JHT", "JP")


def split_proportionally(total: int, weights: Sequence[int]) -> tuple[int, ...]:
    """*total* rupiah shared in proportion to *weights*; the shares add up to *total* exactly.

    Rounding rule: each share is rounded down, and the rupiah left over go one each to the largest
    remainders (ties: the earlier column). Weights that are all zero share equally.
    """
    if total < 0 or any(w < 0 for w in weights):
        raise ValueError("total and weights must not be negative")
    if not weights:
        raise ValueError("at least one weight is needed")
    if sum(weights) == 0:
        weights = [1] * len(weights)
    weight_sum = sum(weights)
    shares = [total * w // weight_sum for w in weights]
    order = sorted(range(len(weights)), key=lambda i: (-(total * weights[i] % weight_sum), i))
    for i in order[: total - sum(shares)]:
        shares[i] += 1
    return tuple(shares)


@dataclass(frozen=True, slots=True)
class OwedBill:
    """One month's bill as the arrears rules read it: billed per programme, and paid so far."""

    period: Period
    due: date
    programmes: tuple[int, ...]  # billed per PROGRAMME_COLUMNS
    amount: int
    paid: int

    @property
    def outstanding(self) -> int:
        return self.amount - self.paid


class _PerProgramme(Protocol):
    @property
    def principal(self) -> tuple[int, ...]: ...

    @property
    def fine(self) -> tuple[int, ...]: ...


class _Totals:
    """The totals of a principal and a fine given per programme (:data:`PROGRAMME_COLUMNS`):
    one month's, or the sums of the months due (a total of sums is the sum of the totals)."""

    __slots__ = ()

    @property
    def principal_total(self: _PerProgramme) -> int:
        return sum(self.principal)

    @property
    def fine_total(self: _PerProgramme) -> int:
        return sum(self.fine)

    @property
    def total(self: _PerProgramme) -> int:
        return sum(self.principal) + sum(self.fine)


@dataclass(frozen=True, slots=True)
class MonthDue(_Totals):
    """What one month costs if paid on a day: principal and fine, per programme."""

    period: Period
    due: date
    months_late: int
    fine_rate_ppm: int
    principal: tuple[int, ...]  # per PROGRAMME_COLUMNS
    fine: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class DueCalculation(_Totals):
    """Everything owed if paid on *pay_on*: months due by then (with fines) and months not yet due."""

    pay_on: date
    months: tuple[MonthDue, ...]
    not_yet_due: tuple[MonthDue, ...]

    def _sum(self, values: Iterable[tuple[int, ...]]) -> tuple[int, ...]:
        totals = [0] * len(PROGRAMME_COLUMNS)
        for row in values:
            for i, value in enumerate(row):
                totals[i] += value
        return tuple(totals)

    @property
    def principal(self) -> tuple[int, ...]:
        return self._sum(m.principal for m in self.months)

    @property
    def fine(self) -> tuple[int, ...]:
        return self._sum(m.fine for m in self.months)

    @property
    def later_total(self) -> int:
        return sum(m.principal_total for m in self.not_yet_due)

    @property
    def oldest_due(self) -> date | None:
        return min((m.due for m in self.months), default=None)


def month_due(bill: OwedBill, pay_on: date) -> MonthDue:
    """One month's principal and fine if paid on *pay_on*.

    The part still owed is shared across the programmes in proportion to what each was billed
    ([unverified]: BPJS publishes no rule for a part-paid month; proportional keeps every programme
    whole), and so is the month's fine, which :func:`late_fine` computes on the whole month, as the
    fine is charged on the late contribution (domain.md §4.9).
    """
    if bill.outstanding < 0:
        raise ValueError("a bill cannot be paid beyond its amount")
    principal = split_proportionally(bill.outstanding, bill.programmes)
    fine_total = late_fine(bill.outstanding, bill.period, bill.due, pay_on)
    return MonthDue(
        bill.period,
        bill.due,
        months_late(bill.due, pay_on),
        fine_rate_for(bill.period),
        principal,
        split_proportionally(fine_total, principal),
    )


def dues_on(bills: Iterable[OwedBill], pay_on: date) -> DueCalculation:
    """The calculator: what an employer owes if it pays everything due on *pay_on*.

    Months due on or before *pay_on* are owed with their fine (none when paid on the due date
    itself); months billed but falling due later are listed apart, without fine.
    """
    due: list[MonthDue] = []
    later: list[MonthDue] = []
    for bill in sorted(bills, key=lambda b: (b.period, b.due)):
        if bill.outstanding <= 0:
            continue
        (due if bill.due <= pay_on else later).append(month_due(bill, pay_on))
    return DueCalculation(pay_on, tuple(due), tuple(later))


# --- promises to pay and instalment agreements ------------------------------------------------------

MAX_INSTALMENTS = 24  # our limit: two years of monthly instalments [unverified: no published cap]


@dataclass(frozen=True, slots=True)
class PlannedInstalment:
    sequence: int
    due_on: date
    amount: int


def instalment_schedule(
    total: int, first_due: date, count: int, every_months: int = 1
) -> tuple[PlannedInstalment, ...]:
    """Equal instalments of *total*, the first on *first_due*, then every *every_months* months.

    Each instalment is ``total // count`` rupiah; the last one also carries what the division
    leaves, so the schedule adds up to *total* exactly. A due date past the end of a shorter month
    is moved to that month's last day (31 January, then 28 February).
    """
    errors: list[FieldError] = []
    if not 1 <= count <= MAX_INSTALMENTS:
        errors.append(
            FieldError(
                "instalments",
                _("Jumlah cicilan harus 1 sampai {n} kali").format(n=MAX_INSTALMENTS),
            )
        )
    if total <= 0 or (count >= 1 and total < count):
        errors.append(
            FieldError("promised_amount", _("Jumlah yang dijanjikan harus lebih dari Rp0"))
        )
    if not 1 <= every_months <= 12:
        errors.append(FieldError("interval", _("Jarak antarcicilan harus 1 sampai 12 bulan")))
    if errors:
        raise ValidationError(errors)
    each = total // count
    start = Period.of(first_due)
    return tuple(
        PlannedInstalment(
            i + 1,
            start.shift(i * every_months).day(first_due.day),
            each + (total - each * count if i == count - 1 else 0),
        )
        for i in range(count)
    )


@dataclass(frozen=True, slots=True)
class InstalmentState:
    sequence: int
    due_on: date
    amount: int
    paid: int

    @property
    def settled(self) -> bool:
        return self.paid >= self.amount


@dataclass(frozen=True, slots=True)
class PromiseState:
    """Where the newest promise (or instalment agreement) of a case stands on a day.

    ``running`` while instalments are unpaid and none is past its date: the employer is keeping
    its word and the ladder waits. ``broken`` once an instalment is unpaid after its date: the case
    goes back on the ladder. ``kept`` when every instalment is paid.
    """

    on: date
    instalments: tuple[InstalmentState, ...]

    @property
    def exists(self) -> bool:
        return bool(self.instalments)

    @property
    def kept(self) -> bool:
        return self.exists and all(i.settled for i in self.instalments)

    @property
    def broken_since(self) -> date | None:
        """The due date of the oldest instalment unpaid after its date (None: not broken)."""
        late = [i.due_on for i in self.instalments if not i.settled and i.due_on < self.on]
        return min(late, default=None)

    @property
    def broken(self) -> bool:
        return self.broken_since is not None

    @property
    def running(self) -> bool:
        return self.exists and not self.kept and not self.broken

    @property
    def next_unpaid(self) -> InstalmentState | None:
        return next(
            (i for i in sorted(self.instalments, key=lambda i: i.sequence) if not i.settled), None
        )

    @property
    def running_until(self) -> date | None:
        """The last due date of a running promise (None when nothing is running)."""
        if not self.running:
            return None
        return max(i.due_on for i in self.instalments if not i.settled)


def apply_to_instalments(
    amount: int, instalments: Sequence[InstalmentState]
) -> tuple[tuple[InstalmentState, ...], int]:
    """Credit *amount* to the unpaid instalments, lowest sequence first; return them and the rest."""
    left = amount
    result = []
    for instalment in sorted(instalments, key=lambda i: i.sequence):
        take = min(left, max(0, instalment.amount - instalment.paid))
        left -= take
        result.append(
            InstalmentState(
                instalment.sequence, instalment.due_on, instalment.amount, instalment.paid + take
            )
        )
    return tuple(result), left


# --- the escalation ladder --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class LadderStep:
    """One step of the escalation ladder (domain.md §6.2), and what it needs.

    Attributes:
        kind: the follow-up kind (``FollowUpKind`` value).
        rank: the height on the ladder; a step that *escalates* is refused once the case stands
            higher (no second letter after the summons, no summons after the SKK).
        requires_any: at least one of these must have been done before, *min_days_after* days
            earlier at least (a letter's deadline runs before the next step).
        once: the step is done once per case (letters, the SKK, the hand-over).
        escalates: a visit only looks and talks; every other step presses harder, and waits while
            the employer keeps a promise to pay.
        next_days: when the next action falls due if the officer sets no date.
        series: the series of the number the app issues for the step's document.
        permission: a further permission the step needs (the head of office signs the SKK).
    """

    kind: str
    label: str
    rank: int
    requires_any: tuple[str, ...] = ()
    min_days_after: int = 0
    once: bool = True
    escalates: bool = True
    next_days: int = 14
    series: str | None = None
    permission: str | None = None


# [unverified] waiting times: a warning letter commonly gives the employer 7 days to answer; the
# other intervals are our defaults for the next check and can be overridden per action.
LADDER_STEPS: tuple[LadderStep, ...] = (
    LadderStep("SURAT_1", N_("Surat peringatan I"), 1, next_days=14, series="B"),
    LadderStep(
        "SURAT_2", N_("Surat peringatan II"), 2, ("SURAT_1",), min_days_after=7, next_days=14,
        series="B",
    ),
    LadderStep("KUNJUNGAN", N_("Kunjungan"), 3, once=False, escalates=False, series="BA"),
    LadderStep(
        "PEMERIKSAAN", N_("Pemeriksaan"), 3, ("SURAT_1",), once=False, series="BA",
        permission="arrears.inspect",
    ),
    LadderStep(
        "PANGGILAN", N_("Panggilan bersama Disnaker"), 4, ("SURAT_2", "PEMERIKSAAN"), once=False,
        next_days=30, series="B",
    ),
    LadderStep(
        "SKK", N_("SKK ke Kejaksaan"), 5, ("SURAT_2", "PANGGILAN"), next_days=30, series="SKK",
        permission="arrears.skk",
    ),
    LadderStep(
        "KPKNL", N_("Penyerahan ke KPKNL"), 6, ("SKK",), next_days=90, series="B",
        permission="arrears.skk",
    ),
)  # fmt: skip
LADDER_BY_KIND = {step.kind: step for step in LADDER_STEPS}

# Actions on a case's timeline that are not steps of the ladder: always allowed on an open case.
OTHER_ACTIONS: dict[str, str] = {
    "TELEPON": N_("Telepon"),
    "JANJI_BAYAR": N_("Janji bayar"),
    "CICILAN": N_("Perjanjian cicilan"),
}
PROMISE_KINDS = ("JANJI_BAYAR", "CICILAN")
CALL_NEXT_DAYS = 7  # a call with no date set is followed up a week later [our default]


def action_label(kind: str) -> str:
    """The Indonesian (or English) name of a follow-up kind."""
    step = LADDER_BY_KIND.get(kind)
    return _(step.label if step is not None else OTHER_ACTIONS[kind])


@dataclass(frozen=True, slots=True)
class Refusal:
    """Why an action is not allowed now; *field* is ``"kind"`` or ``"done_on"``."""

    field: str
    message: str


def _stage_rank(history: Sequence[tuple[str, date]]) -> int:
    ranks = [
        LADDER_BY_KIND[kind].rank
        for kind, _day in history
        if kind in LADDER_BY_KIND and LADDER_BY_KIND[kind].escalates
    ]
    return max(ranks, default=0)


def check_step(
    kind: str,
    history: Sequence[tuple[str, date]],
    on: date,
    promise_running_until: date | None = None,
) -> Refusal | None:
    """Whether *kind* may be recorded on *on* after the case's *history* ((kind, day) pairs).

    The rules, in order: a step done once is not done again; an escalating step is not taken below
    the case's stage; a step needs one of its preceding steps, long enough before; and an escalating
    step waits while a promise to pay is being kept. Calls and promises are always allowed.
    """
    step = LADDER_BY_KIND.get(kind)
    if step is None:
        return None
    label = _(step.label)
    done = [(k, day) for k, day in history if k == kind]
    if step.once and done:
        return Refusal(
            "kind",
            _("{step} sudah dicatat pada {day}").format(
                step=label, day=_format(min(d for _k, d in done))
            ),
        )
    stage = _stage_rank(history)
    if step.escalates and stage > step.rank:
        higher = max(
            (LADDER_BY_KIND[k] for k, _d in history if k in LADDER_BY_KIND),
            key=lambda s: (s.escalates, s.rank),
        )
        return Refusal(
            "kind",
            _("Kasus sudah sampai tahap {stage}; {step} tidak dapat dilakukan lagi").format(
                stage=_(higher.label), step=label
            ),
        )
    if step.requires_any:
        before = [(k, day) for k, day in history if k in step.requires_any]
        if not before:
            names = _(" atau ").join(_(LADDER_BY_KIND[k].label) for k in step.requires_any)
            return Refusal(
                "kind",
                _("{step} baru dapat dilakukan sesudah {names}").format(step=label, names=names),
            )
        earliest = min(day + timedelta(days=step.min_days_after) for _k, day in before)
        if on < earliest:
            return Refusal(
                "done_on",
                _("{step} paling cepat tanggal {day}").format(step=label, day=_format(earliest)),
            )
    if step.escalates and promise_running_until is not None:
        return Refusal(
            "kind",
            _(
                "Pemberi kerja sedang memenuhi janji bayar sampai {day}; {step} menunggu sampai "
                "janji itu jatuh tempo atau diingkari"
            ).format(day=_format(promise_running_until), step=label),
        )
    return None


def _format(day: date) -> str:
    return f"{day.day:02d}/{day.month:02d}/{day.year:04d}"


def suggested_step(history: Sequence[tuple[str, date]]) -> LadderStep | None:
    """The next step up the ladder after *history*, or None once the case is at its top."""
    stage = _stage_rank(history)
    for step in LADDER_STEPS:
        if not step.escalates or step.rank <= stage:
            continue
        refusal = check_step(step.kind, history, date.max)
        if refusal is None:
            return step
    return None


@dataclass(frozen=True, slots=True)
class NextAction:
    """What the officer does next on a case, and why.

    ``kind`` is the ladder step to take (None: watch a running promise, or nothing is left).
    """

    kind: str | None
    label: str
    broken_promise: bool = False
    watching_promise: bool = False


def next_action(history: Sequence[tuple[str, date]], promise: PromiseState) -> NextAction:
    """The next action of a case: watch a promise being kept, or climb the ladder."""
    if promise.running:
        due = promise.next_unpaid
        assert due is not None
        return NextAction(
            None,
            _("Pantau janji bayar: cicilan ke-{n} {day}").format(
                n=due.sequence, day=_format(due.due_on)
            )
            if len(promise.instalments) > 1
            else _("Pantau janji bayar {day}").format(day=_format(due.due_on)),
            watching_promise=True,
        )
    step = suggested_step(history)
    label = _("Pantau penagihan oleh KPKNL") if step is None else _(step.label)
    if promise.broken:
        return NextAction(
            None if step is None else step.kind,
            _("Janji bayar diingkari: {action}").format(action=label),
            broken_promise=True,
        )
    return NextAction(None if step is None else step.kind, label)
