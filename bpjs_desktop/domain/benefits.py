"""Benefits by rule (domain.md §4.4, §5.1): JKM's fixed parts, JKP's cash, JHT and JP balances
with their declared yields, JKK's wage replacement and lump sums; each with its breakdown."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from bpjs_desktop.domain import rates
from bpjs_desktop.domain.citations import for_people
from bpjs_desktop.domain.claims import add_months
from bpjs_desktop.domain.dated import Dated, DatedTable
from bpjs_desktop.domain.money import (
    PPM,
    apply_rate,
    div_round_half_up,
    format_percent,
    format_rupiah,
    round_down,
)
from bpjs_desktop.domain.money import percent_ppm as pct
from bpjs_desktop.domain.periods import Period
from bpjs_desktop.domain.programmes import Segment
from bpjs_desktop.domain.scholarships import (
    SCHOLARSHIP_RULES,
    SchoolLevel,
    YearEntitlement,
    min_months,
    payable_now,
    plan_total,
)
from bpjs_desktop.errors import ValidationError
from bpjs_desktop.i18n import N_, _


@dataclass(frozen=True, slots=True)
class JkmRule:
    lump_sum: int
    periodic_months: int
    periodic_monthly: int
    funeral: int
    source: str


JKM_RULES: DatedTable[JkmRule] = DatedTable(
    N_("manfaat JKM"),
    [
        Dated(
            date(2015, 7, 1),
            # Rp16,2 juta + 24 × Rp200.000 + Rp3 juta = Rp24 juta [unverified amounts of the parts;
            # total Rp24 juta per domain.md §5.1a]. Scholarship: scholarships.SCHOLARSHIP_RULES.
            JkmRule(16_200_000, 24, 200_000, 3_000_000, "PP 44/2015 Pasal 34"),
            "PP 44/2015 Pasal 34 [S33][unverified parts]",
        ),
        Dated(
            date(2019, 12, 2),
            # Rp20 juta + 24 × Rp500.000 + Rp10 juta = Rp42 juta [S33][S34][S35].
            JkmRule(20_000_000, 24, 500_000, 10_000_000, "PP 82/2019"),
            "PP 82/2019 [S33][S34][S35]",
        ),
    ],
)


@dataclass(frozen=True, slots=True)
class JkmBenefit:
    lump_sum: int
    periodic: int
    funeral: int
    scholarship: int  # paid with the claim: this school year's amount of each child
    rule: str
    scholarships: tuple[YearEntitlement, ...] = ()  # the lines making up ``scholarship``

    @property
    def cash(self) -> int:
        """Paid at once to the heirs (the periodic part is paid in one go)."""
        return self.lump_sum + self.periodic + self.funeral

    @property
    def total(self) -> int:
        return self.cash + self.scholarship


def _scholarships_now(
    event_date: date,
    contribution_months: int,
    children: Sequence[SchoolLevel],
    unknown_levels: int,
    *,
    work_accident: bool,
) -> tuple[YearEntitlement, ...]:
    """This year's scholarships, or none when the months are too few.

    Under PP 82/2019 the amount depends on the level, so a child ticked "in school" without a level
    (a claim stored before the level was asked) cannot be paid: the officer must give the level.
    Before PP 82/2019 the level does not matter (one sum for one child).
    """
    if not children and not unknown_levels:
        return ()
    if not SCHOLARSHIP_RULES.in_force(event_date):
        return ()
    rule = SCHOLARSHIP_RULES.at(event_date)
    if contribution_months < min_months(event_date, work_accident=work_accident):
        return ()
    if rule.levels is None:
        level = children[0] if children else SchoolLevel.SD
        return payable_now(event_date, [level])
    if unknown_levels:
        raise ValidationError.single(
            "heirs",
            _(
                "Jenjang sekolah {n} anak belum diisi: beasiswa dibayar menurut jenjang "
                "(TK, SD, SMP, SMA, PT)"
            ).format(n=unknown_levels),
        )
    return payable_now(event_date, children)


def jkm_benefit(
    death_date: date,
    contribution_months: int,
    *,
    children_in_school: int = 0,
    children: Sequence[SchoolLevel] = (),
) -> JkmBenefit:
    """JKM for a death not caused by work, by the rule in force on the day of death.

    *children* are the school levels of the children in school (in the order of the heir
    statement); *children_in_school* counts those ticked without a level (claims stored before
    levels were asked: enough before PP 82/2019, refused after it). The scholarship is this school
    year's amount per child (PP 82/2019: at most two, by level), never the Rp174 juta ceiling.
    """
    if contribution_months < 0:
        raise ValidationError.single("months", _("Masa iur tidak boleh negatif"))
    rule = JKM_RULES.at(death_date)
    now = _scholarships_now(
        death_date, contribution_months, children, children_in_school, work_accident=False
    )
    return JkmBenefit(
        lump_sum=rule.lump_sum,
        periodic=rule.periodic_months * rule.periodic_monthly,
        funeral=rule.funeral,
        scholarship=plan_total(now),
        rule=rule.source,
        scholarships=now,
    )


@dataclass(frozen=True, slots=True)
class JkpRule:
    wage_cap: int
    tiers: tuple[tuple[int, int], ...]  # (months, share of wage in ppm)
    claim_window_months: int | None
    source: str


JKP_RULES: DatedTable[JkpRule] = DatedTable(
    N_("manfaat JKP"),
    [
        Dated(
            date(2021, 2, 2),
            # The claim window of PP 37/2021 (three months after the dismissal) is [unverified].
            JkpRule(5_000_000, ((3, pct("45")), (3, pct("25"))), 3, "PP 37/2021 Pasal 21"),
            "PP 37/2021: 45 % × 3 bulan + 25 % × 3 bulan, upah maks. Rp5 juta [S11]; "
            "batas pengajuan 3 bulan [unverified]",
        ),
        Dated(
            date(2025, 2, 7),
            JkpRule(5_000_000, ((6, pct("60")),), 6, "PP 6/2025"),
            "PP 6/2025: 60 % × 6 bulan; hak gugur bila tidak diajukan dalam 6 bulan [S12][S13]",
        ),
    ],
)


@dataclass(frozen=True, slots=True)
class JkpBenefit:
    wage_basis: int
    monthly: tuple[int, ...]
    rule: str

    @property
    def total(self) -> int:
        return sum(self.monthly)


def jkp_benefit(wage: int, dismissal_date: date) -> JkpBenefit:
    """JKP cash for a dismissal (PHK) on *dismissal_date*, by the rule in force that day."""
    if wage <= 0:
        raise ValidationError.single("wage", _("Upah terakhir harus lebih dari Rp0"))
    rule = JKP_RULES.at(dismissal_date)
    basis = min(wage, rule.wage_cap)
    monthly: list[int] = []
    for months, share in rule.tiers:
        monthly.extend([apply_rate(basis, share)] * months)
    return JkpBenefit(basis, tuple(monthly), rule.source)


# --- amounts with their breakdown ----------------------------------------------------------------
# Every amount below is returned with the lines that make it up, so the officer (and the decision
# letter) can see how it was reached. Rounding: each line is rounded once, half up, to the rupiah.


# Between the citations of an amount built from several rules (a citation may itself hold "; ").
SOURCE_SEP = " · "


@dataclass(frozen=True, slots=True)
class AmountLine:
    label: str
    amount: int


@dataclass(frozen=True, slots=True)
class BenefitAmount:
    """A benefit computed by rule: its total, the lines that add up to it, and notes."""

    total: int
    lines: tuple[AmountLine, ...]
    notes: tuple[str, ...] = ()
    source: str = ""

    def basis_text(self) -> str:
        """How the amount was reached, one line each (stored with the decision)."""
        rows = [f"{line.label}: {format_rupiah(line.amount)}" for line in self.lines]
        rows.append(_("Jumlah manfaat: {total}").format(total=format_rupiah(self.total)))
        rows += [f"– {for_people(note)}" for note in self.notes]
        for source in dict.fromkeys(
            for_people(part) for part in self.source.split(SOURCE_SEP) if part.strip()
        ):
            rows.append(_("Dasar aturan: {source}").format(source=source))
        return "\n".join(rows)


@dataclass(frozen=True, slots=True)
class ContributionMonth:
    """One month the member contributed to a programme, and the basis it was computed on."""

    period: Period
    basis: int  # monthly wage (PU, Jakon, PMI) or declared income (BPU)
    segment: Segment


# Declared yield of JHT balances ("hasil pengembangan"), per year. Only 2016 was retrieved
# (7,19 % against 4,88 % for deposits [S64]); the others are [unverified] and stay data an office
# can correct. Years before 2014 (Jamsostek) take one placeholder rate [unverified].
JHT_YIELD: DatedTable[int] = DatedTable(
    N_("hasil pengembangan JHT"),
    [
        Dated(date(1993, 1, 1), pct("7"), "Jamsostek [unverified]"),
        Dated(date(2014, 1, 1), pct("10.4"), "BPJS TK [unverified]"),
        Dated(date(2015, 1, 1), pct("8.8"), "BPJS TK [unverified]"),
        Dated(date(2016, 1, 1), pct("7.19"), "BPJS TK 2016 [S64]"),
        Dated(date(2017, 1, 1), pct("7.83"), "BPJS TK [unverified]"),
        Dated(date(2018, 1, 1), pct("7.51"), "BPJS TK [unverified]"),
        Dated(date(2019, 1, 1), pct("6.08"), "BPJS TK [unverified]"),
        Dated(date(2020, 1, 1), pct("5.63"), "BPJS TK [unverified]"),
        Dated(date(2021, 1, 1), pct("5.59"), "BPJS TK [unverified]"),
        Dated(date(2022, 1, 1), pct("5.08"), "BPJS TK [unverified]"),
        Dated(date(2023, 1, 1), pct("5.89"), "BPJS TK [unverified]"),
        Dated(date(2024, 1, 1), pct("6.31"), "BPJS TK [unverified]"),
    ],
)

# JP has its own fund; its declared yields were not retrieved: the JHT figures stand in [unverified].
JP_YIELD: DatedTable[int] = DatedTable(N_("hasil pengembangan JP"), JHT_YIELD.entries)

# JHT before BPJS (PP 14/1993 Jamsostek): the same 3,7 % + 2 % [unverified].
JAMSOSTEK_JHT_RATE: DatedTable[tuple[int, int]] = DatedTable(
    N_("tarif JHT Jamsostek"),
    [Dated(date(1993, 2, 27), (pct("3.70"), pct("2.00")), "PP 14/1993 [unverified]")],
)


def _jht_rate(day: date) -> int:
    table = rates.JHT_RATE if rates.JHT_RATE.in_force(day) else JAMSOSTEK_JHT_RATE
    employer, worker = table.at(day)
    return employer + worker


def jht_credit(month: ContributionMonth) -> int:
    """What one month adds to the JHT balance: 5,7 % of the wage (PU), 2 % of the income band (BPU)."""
    day = month.period.first_day
    if month.segment is Segment.BPU:
        table = rates.BPU_RATES.at(day)
        return apply_rate(round_down(month.basis, table.band_step), table.jht_ppm)
    return apply_rate(month.basis, _jht_rate(day))


def pmi_jht_credit(period: Period, chosen: int) -> int:
    """What one month adds to a migrant worker's (PMI) JHT: the monthly amount the worker chose.

    PMI JHT is voluntary and paid as a chosen rupiah amount, not a percentage of a wage
    (Permenaker 4/2023 [S39]); the range offered (commonly quoted as Rp50.000–Rp600.000 a month)
    is [unverified] and is not enforced here. *period* is the month credited; the amount does not
    depend on it today, but the signature lets a dated rule come in without changing callers.
    """
    del period
    if chosen <= 0:
        raise ValidationError.single(
            "jht_amount", _("Iuran JHT PMI yang dipilih harus lebih dari Rp0")
        )
    return chosen


@dataclass(frozen=True, slots=True)
class YearOfBalance:
    year: int
    months: int
    contributions: int
    yield_rate: int  # ppm
    yield_amount: int
    closing: int
    withdrawn: int = 0  # JHT: partial withdrawals paid out in the year (not in contributions)


def accumulate(
    credits: Sequence[tuple[Period, int]], until: date, yields: DatedTable[int]
) -> tuple[int, tuple[YearOfBalance, ...]]:
    """A balance built from monthly *credits* plus each year's declared yield, up to *until*.

    Our convention ([unverified]; BPJS publishes no formula): a year's yield is the year's rate on
    the opening balance for the months of that year before the claim month, plus the rate on each
    month's contribution for the months after it; it is added at the end of the year (or at the
    claim), rounded half up once.
    """
    if not credits:
        return 0, ()
    claim_period = Period.of(until)
    by_year: dict[int, list[tuple[Period, int]]] = {}
    for period, credit in credits:
        by_year.setdefault(period.year, []).append((period, credit))
    balance = 0
    years: list[YearOfBalance] = []
    for year in range(min(by_year), max(claim_period.year, max(by_year)) + 1):
        months_open = 12 if year < claim_period.year else max(claim_period.month - 1, 0)
        if year > claim_period.year:
            months_open = 0
        entries = by_year.get(year, [])
        rate = yields.at(date(year, 1, 1)) if yields.in_force(date(year, 1, 1)) else 0
        weighted = balance * months_open + sum(
            credit * max(months_open - period.month, 0) for period, credit in entries
        )
        earned = div_round_half_up(weighted * rate, 12 * PPM)
        contributed = sum(credit for _period, credit in entries)
        balance += contributed + earned
        years.append(YearOfBalance(year, len(entries), contributed, rate, earned, balance))
    return balance, tuple(years)


def _year_note(y: YearOfBalance) -> str:
    values = {
        "year": y.year,
        "months": y.months,
        "paid": format_rupiah(y.contributions),
        "taken": format_rupiah(y.withdrawn),
        "rate": format_percent(y.yield_rate / 10_000, 2),
        "earned": format_rupiah(y.yield_amount),
        "closing": format_rupiah(y.closing),
    }
    if y.withdrawn:
        return _(
            "{year}: iuran {months} bulan {paid}, diambil {taken}, hasil pengembangan {rate} "
            "{earned}, saldo {closing}"
        ).format(**values)
    return _(
        "{year}: iuran {months} bulan {paid}, hasil pengembangan {rate} {earned}, saldo {closing}"
    ).format(**values)


def _year_notes(years: Sequence[YearOfBalance]) -> tuple[str, ...]:
    return tuple(_year_note(y) for y in years)


# Share of the balance a partial JHT claim may take (PP 46/2015 Pasal 22 jo. PP 60/2015 [S32][S63]).
JHT_PARTIAL_SHARES: DatedTable[dict[str, int]] = DatedTable(
    N_("JHT sebagian"),
    [
        Dated(
            date(2015, 7, 1),
            {"JHT_10": pct("10"), "JHT_30": pct("30")},
            "PP 46/2015 Pasal 22: 10 % persiapan hari tua atau 30 % perumahan [S32][S63]",
        )
    ],
)


@dataclass(frozen=True, slots=True)
class JhtWithdrawal:
    """A JHT claim already paid out of the person's account (issue #10).

    A partial claim (10 %/30 %, PP 46/2015 Pasal 22 [S32]) leaves the account in the month it was
    paid, and the yield that amount would have earned afterwards is lost with it. A full claim
    pays the whole balance: every credit up to *covers_until* was paid and never counts again;
    only later credits (another KPJ, a return to work) make a new balance.
    """

    period: Period  # the month it was paid
    amount: int  # what was paid, positive
    full: bool = False
    covers_until: Period | None = None  # full claims: the last contribution month paid out
    claim_no: str = ""


@dataclass(frozen=True, slots=True)
class JhtBalance:
    """A person's JHT account on a day: what is left after what was already paid out."""

    balance: int
    years: tuple[YearOfBalance, ...]
    months: int  # contribution months that count (after the last full withdrawal)
    credits: int  # their contributions
    returns: int  # development yield, net of the yield lost with withdrawals
    withdrawn: int  # partial withdrawals taken from this balance
    lost_yield: int  # yield those withdrawals would have earned until the day
    closed_until: Period | None  # credits up to this month were paid out by a full claim
    closed_by: str = ""  # that full claim's number


def _after_full(
    months: Sequence[ContributionMonth], withdrawals: Sequence[JhtWithdrawal]
) -> tuple[list[ContributionMonth], list[JhtWithdrawal], JhtWithdrawal | None]:
    """The months and partial withdrawals still in the account after its last full withdrawal."""
    fulls = [w for w in withdrawals if w.full]
    last = max(fulls, key=lambda w: (w.period, w.covers_until or w.period), default=None)
    if last is None:
        return list(months), [w for w in withdrawals if not w.full], None
    closed = last.covers_until or last.period
    kept = [m for m in months if m.period > closed]
    later = [w for w in withdrawals if not w.full and w.period > last.period]
    return kept, later, last


def jht_account(
    months: Sequence[ContributionMonth], until: date, withdrawals: Sequence[JhtWithdrawal] = ()
) -> JhtBalance:
    """The balance a JHT claim reads on *until*: credits + returns − withdrawals (issue #10).

    A withdrawal is a negative credit in the month it was paid: :func:`accumulate` then takes the
    yield it would have earned off the balance too.
    """
    kept, partial, full = _after_full(months, withdrawals)
    credits = [(m.period, jht_credit(m)) for m in sorted(kept, key=lambda m: m.period)]
    taken = [(w.period, -w.amount) for w in sorted(partial, key=lambda w: w.period)]
    balance, mixed = accumulate(sorted(credits + taken), until, JHT_YIELD)
    # accumulate() saw each withdrawal as a negative month: show it apart from the credits.
    years = tuple(
        replace(
            y,
            months=sum(1 for p, _c in credits if p.year == y.year),
            contributions=sum(c for p, c in credits if p.year == y.year),
            withdrawn=sum(w.amount for w in partial if w.period.year == y.year),
        )
        for y in mixed
    )
    contributed = sum(c for _p, c in credits)
    withdrawn = sum(w.amount for w in partial)
    returns = balance - contributed + withdrawn
    lost = 0
    if partial:
        untouched, _years = accumulate(credits, until, JHT_YIELD)
        lost = untouched - contributed - returns
    closed = (full.covers_until or full.period) if full is not None else None
    return JhtBalance(
        balance, years, len(kept), contributed, returns, withdrawn, lost, closed,
        full.claim_no if full is not None else "",
    )  # fmt: skip


def jht_balance(
    months: Sequence[ContributionMonth], until: date, withdrawals: Sequence[JhtWithdrawal] = ()
) -> tuple[int, tuple[YearOfBalance, ...]]:
    account = jht_account(months, until, withdrawals)
    return account.balance, account.years


def jht_amount(
    claim_type: str,
    months: Sequence[ContributionMonth],
    until: date,
    withdrawals: Sequence[JhtWithdrawal] = (),
) -> BenefitAmount:
    """JHT: the whole balance, or 10 % / 30 % of it (*claim_type* ``JHT_PENUH``/``JHT_10``/``JHT_30``).

    The balance is the person's account after what was already paid out (*withdrawals*): a full
    claim after a 30 % withdrawal pays the rest, not the whole balance again (issue #10).
    """
    account = jht_account(months, until, withdrawals)
    balance = account.balance
    lines = [
        AmountLine(
            _("Iuran JHT {n} bulan (5,7% upah; BPU 2% penghasilan)").format(n=account.months),
            account.credits,
        ),
        AmountLine(_("Hasil pengembangan"), account.returns),
    ]
    notes = list(_year_notes(account.years))
    if account.withdrawn:
        lines.append(AmountLine(_("Dikurangi JHT yang sudah diambil"), -account.withdrawn))
        notes.append(
            _(
                "Hasil pengembangan yang tidak diperoleh karena pengambilan sebelumnya: {amount}"
            ).format(amount=format_rupiah(account.lost_yield))
        )
    if account.closed_until is not None:
        notes.append(
            _(
                "Saldo sampai {period} sudah dibayar penuh pada klaim {no}; hanya iuran sesudahnya "
                "yang dihitung"
            ).format(period=account.closed_until.blth, no=account.closed_by or "-")
        )
    source = "PP 46/2015 [S32]; hasil pengembangan per tahun [S64][unverified]"
    total = balance
    if claim_type in ("JHT_10", "JHT_30"):
        share = JHT_PARTIAL_SHARES.at(until)[claim_type]
        total = apply_rate(balance, share)
        lines.append(AmountLine(_("Saldo JHT"), balance))
        lines.append(
            AmountLine(
                _("Diambil {share} dari saldo").format(share=format_percent(share / 10_000, 0)),
                total,
            )
        )
        source = JHT_PARTIAL_SHARES.entry_at(until).source
    return BenefitAmount(max(total, 0), tuple(lines), tuple(notes), source)


# --- JP -----------------------------------------------------------------------------------------

JP_MIN_MONTHS = 180  # 15 years of contributions for a monthly pension (PP 45/2015) [S-JP]


@dataclass(frozen=True, slots=True)
class JpLimits:
    minimum: int
    maximum: int


JP_LIMITS: DatedTable[JpLimits] = DatedTable(
    N_("batas manfaat JP"),
    [
        Dated(date(2015, 7, 1), JpLimits(300_000, 3_600_000), "PP 45/2015 [unverified]"),
        Dated(
            date(2023, 3, 1),
            JpLimits(383_400, 4_598_100),
            "Batas manfaat JP 2023 [S8] (tanggal mulai [unverified])",
        ),
        Dated(
            date(2024, 3, 1),
            JpLimits(393_500, 4_598_100),
            "Batas manfaat JP 2024: paling sedikit Rp393.500 [S8]; paling banyak belum diperbarui [unverified]",
        ),
    ],
)

# Pension age: 56 from 2015, one year more every three years from 2019, 65 by 2043 [S-JP].
PENSION_AGE: DatedTable[int] = DatedTable(
    N_("usia pensiun"),
    [Dated(date(2015, 7, 1), 56, "PP 45/2015 Pasal 15 [S-JP]")]
    + [
        Dated(date(2019 + 3 * i, 1, 1), 57 + i, "PP 45/2015 Pasal 15 [S-JP][unverified schedule]")
        for i in range(9)
    ],
)

JHT_AGE = 56  # PP 46/2015 Pasal 26 [S32]


def jp_months(months: Sequence[ContributionMonth]) -> tuple[ContributionMonth, ...]:
    """The months that count for JP: from its start in July 2015 (PP 45/2015), once each."""
    seen: dict[Period, ContributionMonth] = {}
    for m in months:
        if rates.JP_RATE.in_force(m.period.first_day) and m.period not in seen:
            seen[m.period] = m
    return tuple(sorted(seen.values(), key=lambda m: m.period))


def jp_capped(month: ContributionMonth) -> int:
    return min(month.basis, rates.JP_WAGE_CAP.at(month.period.first_day))


def jp_amount(claim_type: str, months: Sequence[ContributionMonth], on: date) -> BenefitAmount:
    """JP old-age monthly (``JP_BERKALA``, see :func:`bpjs_desktop.domain.pension.jp_pension`)
    or the lump sum (``JP_SEKALIGUS``): the contributions (3 % of the capped wage) plus their yield.
    """
    if claim_type == "JP_BERKALA":
        # One formula for every kind: the old-age pension of domain/pension.py (imported here,
        # not at the top, because that module builds on this one).
        from bpjs_desktop.domain.claim_details import JpKind
        from bpjs_desktop.domain.pension import jp_pension

        return jp_pension(JpKind.HARI_TUA, months, on, joined=None)
    months = jp_months(months)
    count = len(months)
    credits = []
    for m in months:
        employer, worker = rates.JP_RATE.at(m.period.first_day)
        credits.append((m.period, apply_rate(jp_capped(m), employer + worker)))
    balance, years = accumulate(credits, on, JP_YIELD)
    lines = [
        AmountLine(
            _("Iuran JP {n} bulan (3% upah, dibatasi batas upah JP)").format(n=count),
            sum(y.contributions for y in years),
        ),
        AmountLine(_("Hasil pengembangan"), sum(y.yield_amount for y in years)),
    ]
    return BenefitAmount(
        balance,
        tuple(lines),
        _year_notes(years)
        + (_("Masa iur kurang dari {n} bulan: dibayar sekaligus").format(n=JP_MIN_MONTHS),),
        "PP 45/2015 Pasal 17 [S-JP]; hasil pengembangan JP [unverified]",
    )


# --- JKK ----------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class JkkRule:
    # Temporary incapacity (STMB): (months from the accident, share of wage); None = until recovered.
    stmb_tiers: tuple[tuple[int | None, int], ...]
    death_multiple: int
    total_disability_multiple: int
    partial_disability_multiple: int  # × the annex percentage
    funeral: int
    periodic_months: int
    periodic_monthly: int
    daily_divisor: int  # a day of STMB is the monthly wage divided by this
    claim_window_months: int
    source: str
    # Most that is reimbursed for taking the injured worker to care, by mode (key: TransportMode).
    transport_max: dict[str, int] = field(default_factory=dict)


JKK_RULES: DatedTable[JkkRule] = DatedTable(
    N_("manfaat JKK"),
    [
        Dated(
            date(2015, 7, 1),
            JkkRule(
                ((6, pct("100")), (6, pct("75")), (None, pct("50"))),
                48,
                56,
                80,
                3_000_000,
                24,
                200_000,
                30,
                24,
                "PP 44/2015",
                # Transport maxima of PP 44/2015 Lampiran III: land Rp1 juta, sea Rp1,5 juta,
                # air Rp2,5 juta [unverified: recalled, not read].
                {"DARAT": 1_000_000, "LAUT": 1_500_000, "UDARA": 2_500_000},
            ),
            "PP 44/2015 Lampiran III: kematian 48× upah [S34]; STMB, cacat, biaya pemakaman, "
            "berkala, batas 2 tahun [unverified]",
        ),
        Dated(
            date(2019, 12, 2),
            JkkRule(
                ((12, pct("100")), (None, pct("50"))),
                48,
                56,
                80,
                10_000_000,
                24,
                500_000,
                30,
                24,
                "PP 82/2019",
                # Transport maxima of PP 82/2019 Lampiran: land/river/lake Rp5 juta, sea Rp2 juta,
                # air Rp10 juta [unverified: recalled, not read].
                {"DARAT": 5_000_000, "LAUT": 2_000_000, "UDARA": 10_000_000},
            ),
            "PP 82/2019: STMB 100 % 12 bulan lalu 50 %, cacat total 56× upah, kematian 48× upah "
            "[S34][unverified STMB, 56×, pemakaman, berkala]",
        ),
    ],
)


def _overlap(a_start: date, a_end: date, b_start: date, b_end: date) -> int:
    """Days in both [a_start, a_end] and [b_start, b_end), both a's ends included."""
    start = max(a_start, b_start)
    end = min(a_end, b_end - timedelta(days=1))
    return max((end - start).days + 1, 0)


def _stmb_lines(
    rule: JkkRule, wage: int, accident_date: date, stmb: Sequence[tuple[date, date]]
) -> list[AmountLine]:
    """Temporary-incapacity pay (STMB): the days off work in each tier of months from the
    accident, at the tier's share of the daily wage."""
    lines: list[AmountLine] = []
    bounds: list[tuple[date, date, int]] = []
    start, elapsed = accident_date, 0
    for months, share in rule.stmb_tiers:
        if months is None:
            end = date.max
        else:
            elapsed += months
            end = add_months(accident_date, elapsed)
        bounds.append((start, end, share))
        start = end
    for tier_start, tier_end, share in bounds:
        days = sum(_overlap(a, b, tier_start, tier_end) for a, b in stmb)
        if not days:
            continue
        amount = div_round_half_up(wage * share * days, rule.daily_divisor * PPM)
        label = _("STMB {days} hari × {share} × {wage}/{divisor}").format(
            days=days,
            share=format_percent(share / 10_000, 0),
            wage=format_rupiah(wage),
            divisor=rule.daily_divisor,
        )
        lines.append(AmountLine(label, amount))
    return lines


def _outcome_lines(rule: JkkRule, wage: int, accident_date: date, outcome: str,
                   disability_percent: int, notes: list[str]) -> list[AmountLine]:  # fmt: skip
    """The lump sum of a work accident's outcome: total or partial disability, or death."""
    lines: list[AmountLine] = []
    periodic = AmountLine(
        _("Santunan berkala {n} × {monthly} (dibayar sekaligus)").format(
            n=rule.periodic_months, monthly=format_rupiah(rule.periodic_monthly)
        ),
        rule.periodic_months * rule.periodic_monthly,
    )
    if outcome == "CACAT_TOTAL":
        lines.append(
            AmountLine(
                _("Cacat total tetap {n} × upah").format(n=rule.total_disability_multiple),
                rule.total_disability_multiple * wage,
            )
        )
        # PP 82/2019: total permanent disability also pays the periodic benefit, as a death does
        # (domain.md §5.1a; before PP 82/2019 the same periodic is [unverified]).
        lines.append(periodic)
    elif outcome == "CACAT_SEBAGIAN":
        amount = div_round_half_up(
            disability_percent * rule.partial_disability_multiple * wage, 100
        )
        lines.append(
            AmountLine(
                _("Cacat sebagian {pct}% × {n} × upah").format(
                    pct=disability_percent, n=rule.partial_disability_multiple
                ),
                amount,
            )
        )
    elif outcome == "MENINGGAL":
        jkm = JKM_RULES.at(accident_date)
        jkm_cash = jkm.lump_sum + jkm.periodic_months * jkm.periodic_monthly + jkm.funeral
        death = rule.death_multiple * wage
        if death < jkm_cash:
            death = jkm_cash
            notes.append(_("Santunan kematian paling sedikit sebesar manfaat JKM"))
        lines.append(
            AmountLine(_("Santunan kematian {n} × upah").format(n=rule.death_multiple), death)
        )
        lines.append(AmountLine(_("Biaya pemakaman"), rule.funeral))
        lines.append(periodic)
    return lines


def jkk_amount(
    wage: int,
    accident_date: date,
    *,
    outcome: str,
    stmb: Sequence[tuple[date, date]] = (),
    disability_percent: int = 0,
    medical_costs: int = 0,
    children: Sequence[SchoolLevel] = (),
    contribution_months: int | None = None,
    transport: str | None = None,
    transport_costs: int = 0,
    return_to_work_costs: int = 0,
) -> BenefitAmount:
    """JKK cash: temporary-incapacity pay (STMB), the lump sum of the outcome, reimbursed costs.

    *outcome* is a :class:`~bpjs_desktop.domain.claim_details.JkkOutcome` value. The STMB tiers are
    counted in months from the accident; a day is the monthly wage divided by 30 [unverified].
    A death or total permanent disability adds the periodic benefit (24 × the monthly amount, paid
    at once, PP 82/2019) and this year's scholarship of each child in *children* (no minimum
    months under PP 82/2019; *contribution_months* None means not known, taken as enough).
    *transport* (a ``TransportMode`` value) caps *transport_costs* at the mode's maximum;
    *return_to_work_costs* are the return-to-work programme's costs, paid as billed.
    """
    if wage <= 0:
        raise ValidationError.single("wage", _("Upah terakhir harus lebih dari Rp0"))
    if transport_costs < 0 or return_to_work_costs < 0:
        raise ValidationError.single("transport_costs", _("Biaya tidak boleh negatif"))
    rule = JKK_RULES.at(accident_date)
    lines: list[AmountLine] = []
    notes: list[str] = []
    lines += _stmb_lines(rule, wage, accident_date, stmb)
    lines += _outcome_lines(rule, wage, accident_date, outcome, disability_percent, notes)
    sources = [JKK_RULES.entry_at(accident_date).source]
    if outcome in ("CACAT_TOTAL", "MENINGGAL") and children:
        months = contribution_months if contribution_months is not None else 10**6
        now = _scholarships_now(accident_date, months, children, 0, work_accident=True)
        lines += _scholarship_lines(now)
        notes += _scholarship_notes(accident_date, now)
        if now:
            sources.append(SCHOLARSHIP_RULES.entry_at(accident_date).source)
    if medical_costs:
        lines.append(AmountLine(_("Penggantian biaya pengobatan (kuitansi)"), medical_costs))
    if transport_costs:
        if transport is None or transport not in rule.transport_max:
            raise ValidationError.single(
                "transport", _("Pilih jenis angkutan (darat, laut, udara) untuk biaya transportasi")
            )
        cap = rule.transport_max[transport]
        paid = min(transport_costs, cap)
        lines.append(
            AmountLine(
                _("Biaya transportasi (paling banyak {cap})").format(cap=format_rupiah(cap)),
                paid,
            )
        )
        if paid < transport_costs:
            notes.append(
                _("Biaya transportasi {asked} dibatasi {cap} [unverified batas]").format(
                    asked=format_rupiah(transport_costs), cap=format_rupiah(cap)
                )
            )
    if return_to_work_costs:
        lines.append(
            AmountLine(_("Program kembali bekerja (sesuai tagihan)"), return_to_work_costs)
        )
        notes.append(
            _("Program kembali bekerja PP 82/2019: batas biaya belum diverifikasi [unverified]")
        )
    if not lines:
        notes.append(_("Belum ada STMB, akibat kecelakaan atau biaya yang dapat dibayar"))
    notes.append(_("Upah sebulan {wage}").format(wage=format_rupiah(wage)))
    return BenefitAmount(
        sum(line.amount for line in lines), tuple(lines), tuple(notes), SOURCE_SEP.join(sources)
    )


# --- JKM and JKP as breakdowns --------------------------------------------------------------------


def _scholarship_lines(now: Sequence[YearEntitlement]) -> list[AmountLine]:
    return [
        AmountLine(
            _("Beasiswa anak ke-{n} ({level}) tahun {year}").format(
                n=e.child, level=e.level.label, year=e.year
            ),
            e.amount,
        )
        for e in now
    ]


def _scholarship_notes(event_date: date, now: Sequence[YearEntitlement]) -> list[str]:
    if not now:
        return []
    rule = SCHOLARSHIP_RULES.at(event_date)
    if rule.levels is None:
        return [_("Beasiswa Rp12 juta untuk satu anak, dibayar sekali (PP 44/2015)")]
    return [
        _(
            "Beasiswa tahun berikutnya dibayar per tahun ajaran sesuai jenjang sekolah, atas "
            "permohonan setiap tahun (paling banyak 2 anak, PP 82/2019)"
        )
    ]


def jkm_amount(
    death_date: date,
    contribution_months: int,
    children_in_school: int = 0,
    children: Sequence[SchoolLevel] = (),
) -> BenefitAmount:
    benefit = jkm_benefit(
        death_date, contribution_months, children_in_school=children_in_school, children=children
    )
    rule = JKM_RULES.at(death_date)
    lines = [
        AmountLine(_("Santunan sekaligus"), benefit.lump_sum),
        AmountLine(
            _("Santunan berkala {n} × {monthly} (dibayar sekaligus)").format(
                n=rule.periodic_months, monthly=format_rupiah(rule.periodic_monthly)
            ),
            benefit.periodic,
        ),
        AmountLine(_("Biaya pemakaman"), benefit.funeral),
    ]
    lines += _scholarship_lines(benefit.scholarships)
    notes = [_("Masa iur {n} bulan").format(n=contribution_months)]
    notes += _scholarship_notes(death_date, benefit.scholarships)
    source = JKM_RULES.entry_at(death_date).source
    if benefit.scholarships:
        source += SOURCE_SEP + SCHOLARSHIP_RULES.entry_at(death_date).source
    return BenefitAmount(benefit.total, tuple(lines), tuple(notes), source)


def jkp_amount(wage: int, dismissal_date: date) -> BenefitAmount:
    benefit = jkp_benefit(wage, dismissal_date)
    rule = JKP_RULES.at(dismissal_date)
    lines = []
    month = 0
    for months, share in rule.tiers:
        amount = benefit.monthly[month] * months
        lines.append(
            AmountLine(
                _("{n} bulan × {share} × {basis}").format(
                    n=months,
                    share=format_percent(share / 10_000, 0),
                    basis=format_rupiah(benefit.wage_basis),
                ),
                amount,
            )
        )
        month += months
    notes = []
    if benefit.wage_basis < wage:
        notes.append(
            _("Upah dibatasi {cap} (batas upah JKP)").format(cap=format_rupiah(rule.wage_cap))
        )
    notes.append(_("Dibayar per bulan selama {n} bulan").format(n=len(benefit.monthly)))
    return BenefitAmount(
        benefit.total, tuple(lines), tuple(notes), JKP_RULES.entry_at(dismissal_date).source
    )
