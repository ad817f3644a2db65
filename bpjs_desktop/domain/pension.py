"""JP pensions of the five kinds (PP 45/2015 Pasal 15–17; Permenaker 29/2015 Pasal 26).

Old age pays a monthly pension after 15 years (180 months) of contributions. Total disability and
a death before pension age pay one too with fewer months, computed on 15 years, when the member
had joined at least a year before and paid at least 80 % of the months since joining (density);
otherwise the contributions and their yield are paid at once. Refusing every monthly pension under
180 months left widows and disabled members with a small lump sum instead of a pension.

The formula (Pasal 17(2)–(3)): 1 % × (months ÷ 12) × the average yearly wage, each year's wage
adjusted for general inflation, ÷ 12. Each later year of payment is the previous year's times an
indexation factor (Pasal 17(1)b).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from fractions import Fraction

from bpjs_desktop.domain.benefits import (
    JP_LIMITS,
    JP_MIN_MONTHS,
    SOURCE_SEP,
    AmountLine,
    BenefitAmount,
    ContributionMonth,
    jp_capped,
    jp_months,
)
from bpjs_desktop.domain.claim_details import JpKind
from bpjs_desktop.domain.claims import months_between
from bpjs_desktop.domain.dated import Dated, DatedTable
from bpjs_desktop.domain.money import PPM, div_round_half_up, format_percent, format_rupiah
from bpjs_desktop.domain.money import percent_ppm as pct
from bpjs_desktop.domain.periods import Period
from bpjs_desktop.errors import ValidationError
from bpjs_desktop.i18n import N_, _

_BPS = "BPS, inflasi umum tahun kalender (Desember ke Desember) [unverified: from memory]"

# General (CPI) inflation of each calendar year, used to bring a year's wages to the event year
# (Pasal 17(3)) and as the indexation of the following year (Pasal 17(1)b, see below). The figures
# are BPS's yearly (December-to-December) inflation as the engineer remembers them; they were not
# retrieved from a BPS publication here, hence [unverified]. 2025 is not in the table: years after
# the last entry take the last figure, and the amount says so in its notes.
INFLATION: DatedTable[int] = DatedTable(
    N_("inflasi tahunan"),
    [
        Dated(date(2015, 1, 1), pct("3.35"), _BPS),
        Dated(date(2016, 1, 1), pct("3.02"), _BPS),
        Dated(date(2017, 1, 1), pct("3.61"), _BPS),
        Dated(date(2018, 1, 1), pct("3.13"), _BPS),
        Dated(date(2019, 1, 1), pct("2.72"), _BPS),
        Dated(date(2020, 1, 1), pct("1.68"), _BPS),
        Dated(date(2021, 1, 1), pct("1.87"), _BPS),
        Dated(date(2022, 1, 1), pct("5.51"), _BPS),
        Dated(date(2023, 1, 1), pct("2.61"), _BPS),
        Dated(date(2024, 1, 1), pct("1.57"), _BPS),
    ],
)
_LAST_INFLATION_YEAR = INFLATION.entries[-1].valid_from.year

# Share of the formula each kind receives: domain.md §5.1a from the Lampiran of PP 45/2015
# ("verify against the Lampiran"); the Lampiran was not read here [unverified], so the amount
# carries a visible note.
JP_SHARES: dict[JpKind, int] = {
    JpKind.HARI_TUA: pct("100"),
    JpKind.CACAT: pct("100"),  # [unverified]
    JpKind.JANDA_DUDA: pct("50"),  # [unverified]
    JpKind.ANAK: pct("50"),  # [unverified]
    JpKind.ORANG_TUA: pct("20"),  # [unverified]
}

JP_DEEMED_MONTHS = 180  # a death or disability is computed on 15 years (Permenaker 29/2015 Ps. 26)
JP_MIN_MEMBERSHIP_MONTHS = 12  # joined at least one year before the event (idem)
JP_MIN_DENSITY = Fraction(80, 100)  # paid at least 80 % of the months since joining (idem)
JP_START = date(2015, 7, 1)  # JP began in July 2015 (PP 45/2015)


def inflation(year: int) -> int:
    """Inflation of *year* in ppm; years after the table take its last figure [unverified]."""
    return INFLATION.at(date(year, 1, 1)) if INFLATION.in_force(date(year, 1, 1)) else 0


def inflation_factor(wage_year: int, event_year: int) -> Fraction:
    """What a wage of *wage_year* is multiplied by to be worth *event_year*'s money.

    Our convention ([unverified]; the regulation says only "adjusted for general inflation"): the
    inflation of each year from the wage's year up to the year before the event, compounded; a
    wage of the event year itself is not adjusted.
    """
    factor = Fraction(1)
    for year in range(wage_year, event_year):
        factor *= Fraction(PPM + inflation(year), PPM)
    return factor


def indexation_factor(payment_year: int) -> Fraction:
    """The factor of a later year of payment (Pasal 17(1)b): 1 + the previous year's inflation.

    Pasal 17(4) defines the factor; its text was not read here, so "the previous calendar year's
    general inflation" is an assumption [unverified].
    """
    return Fraction(PPM + inflation(payment_year - 1), PPM)


def membership_months(joined: date, event_date: date) -> int:
    """Whole months of JP membership from *joined* (not before July 2015) to the event."""
    return months_between(max(joined, JP_START), event_date)


def density(contributed: int, joined: date, event_date: date) -> Fraction:
    """Months contributed over months of membership (1 when the member joined this month)."""
    span = membership_months(joined, event_date)
    if span <= 0:
        return Fraction(1)
    return min(Fraction(contributed, span), Fraction(1))


@dataclass(frozen=True, slots=True)
class JpEntitlement:
    """Whether a monthly pension is due, and on how many months its formula is computed."""

    kind: JpKind
    monthly: bool
    months_counted: int  # months the formula uses (180 when deemed)
    reason: str  # why, in a sentence the officer can read to the claimant


def jp_entitlement(
    kind: JpKind,
    contributed: int,
    event_date: date,
    *,
    joined: date | None,
    paid_density: Fraction | None = None,
) -> JpEntitlement:
    """Monthly pension or lump sum (PP 45/2015 Pasal 17; Permenaker 29/2015 Pasal 26).

    Old age: monthly with ≥ 180 months. Disability and death: monthly with ≥ 180 months, or computed
    on 180 months when the member had joined ≥ 12 months before the event with ≥ 80 % density;
    otherwise the contributions and yield at once. *paid_density* overrides the density computed
    from *contributed* and *joined*.
    """
    if contributed >= JP_MIN_MONTHS:
        return JpEntitlement(
            kind,
            True,
            contributed,
            _("Masa iur {n} bulan: paling sedikit {need} bulan, dibayar pensiun bulanan").format(
                n=contributed, need=JP_MIN_MONTHS
            ),
        )
    if kind is JpKind.HARI_TUA:
        return JpEntitlement(
            kind,
            False,
            contributed,
            _(
                "Masa iur {n} bulan kurang dari {need} bulan: iuran dan hasil pengembangannya "
                "dibayar sekaligus"
            ).format(n=contributed, need=JP_MIN_MONTHS),
        )
    span = membership_months(joined, event_date) if joined is not None else None
    dens = paid_density
    if dens is None and joined is not None:
        dens = density(contributed, joined, event_date)
    if span is not None and span < JP_MIN_MEMBERSHIP_MONTHS:
        return JpEntitlement(
            kind,
            False,
            contributed,
            _(
                "Kepesertaan baru {n} bulan (kurang dari {need} bulan): iuran dan hasil "
                "pengembangannya dibayar sekaligus"
            ).format(n=span, need=JP_MIN_MEMBERSHIP_MONTHS),
        )
    if dens is None:
        raise ValidationError.single(
            "joined",
            _("Tanggal mulai kepesertaan JP atau kepadatan iuran diperlukan"),
        )
    shown = format_percent(float(dens) * 100, 0)
    if dens < JP_MIN_DENSITY:
        return JpEntitlement(
            kind,
            False,
            contributed,
            _(
                "Kepadatan iuran {density} kurang dari 80%: iuran dan hasil pengembangannya "
                "dibayar sekaligus"
            ).format(density=shown),
        )
    return JpEntitlement(
        kind,
        True,
        JP_DEEMED_MONTHS,
        _(
            "Masa iur {n} bulan, kepesertaan paling sedikit 1 tahun dan kepadatan iuran {density}: "
            "pensiun dihitung atas masa iur {deemed} bulan (Permenaker 29/2015 Pasal 26)"
        ).format(n=contributed, density=shown, deemed=JP_DEEMED_MONTHS),
    )


def adjusted_average_wage(
    months: Sequence[ContributionMonth], event_date: date
) -> tuple[int, tuple[str, ...]]:
    """The average of the months' JP-capped wages, each brought to the event year's money.

    Rounded half up once, to the rupiah. Returns the notes that say which inflation figures were
    assumed (years after the table).
    """
    months = jp_months(months)
    if not months:
        return 0, ()
    event_year = event_date.year
    total = sum(
        (jp_capped(m) * inflation_factor(m.period.year, event_year) for m in months), Fraction(0)
    )
    average = total / len(months)
    notes: list[str] = []
    first_year = min(m.period.year for m in months)
    if event_year - 1 > _LAST_INFLATION_YEAR and first_year < event_year:
        notes.append(
            _(
                "Inflasi sesudah {last} belum tercatat: dipakai {rate} per tahun [unverified]"
            ).format(
                last=_LAST_INFLATION_YEAR,
                rate=format_percent(inflation(_LAST_INFLATION_YEAR) / 10_000, 2),
            )
        )
    return div_round_half_up(average.numerator, average.denominator), tuple(notes)


def jp_pension(
    kind: JpKind,
    months: Sequence[ContributionMonth],
    event_date: date,
    *,
    joined: date | None,
    paid_density: Fraction | None = None,
) -> BenefitAmount:
    """The first monthly pension of *kind* (the first year's, Pasal 17(1)a).

    Raises :class:`ValidationError` when no monthly pension is due (the lump sum is; see
    :func:`jp_entitlement`).
    """
    counted = jp_months(months)
    entitlement = jp_entitlement(
        kind, len(counted), event_date, joined=joined, paid_density=paid_density
    )
    if not entitlement.monthly:
        raise ValidationError.single("claim_type", entitlement.reason)
    average, notes = adjusted_average_wage(counted, event_date)
    n = entitlement.months_counted
    raw = div_round_half_up(average * n, 1200)
    share = JP_SHARES[kind]
    shared = div_round_half_up(raw * share, PPM)
    limits = JP_LIMITS.at(event_date)
    monthly = min(max(shared, limits.minimum), limits.maximum)
    lines = [
        AmountLine(_("Rata-rata upah JP disesuaikan inflasi (dibatasi batas upah JP)"), average),
        AmountLine(
            _("1% × {years} tahun {months} bulan × rata-rata upah").format(
                years=n // 12, months=n % 12
            ),
            raw,
        ),
    ]
    all_notes = [entitlement.reason, *notes]
    if share != PPM:
        lines.append(
            AmountLine(
                _("{kind}: {share} dari formula").format(
                    kind=kind.label, share=format_percent(share / 10_000, 0)
                ),
                shared,
            )
        )
        all_notes.append(
            _("Bagian {kind}: {share} dari formula (Lampiran PP 45/2015) [unverified]").format(
                kind=kind.label, share=format_percent(share / 10_000, 0)
            )
        )
    lines.append(AmountLine(_("Manfaat pensiun per bulan"), monthly))
    if monthly != shared:
        all_notes.append(
            _("Dibatasi manfaat JP paling sedikit {low} dan paling banyak {high}").format(
                low=format_rupiah(limits.minimum), high=format_rupiah(limits.maximum)
            )
        )
    all_notes.append(
        _(
            "Dibayar setiap bulan; tahun berikutnya dikali faktor indeksasi (1 + inflasi tahun "
            "sebelumnya) [unverified]"
        )
    )
    source = "PP 45/2015 Pasal 16–17 [S-JP]" + SOURCE_SEP + JP_LIMITS.entry_at(event_date).source
    if n != len(counted):
        source += SOURCE_SEP + "Permenaker 29/2015 Pasal 26 [S-JP29]"
    return BenefitAmount(monthly, tuple(lines), tuple(all_notes), source)


def jp_schedule(first: Period, first_amount: int, count: int) -> tuple[tuple[Period, int], ...]:
    """*count* monthly payments from *first*: the first 12 at *first_amount*, each later 12 the
    previous year's amount × :func:`indexation_factor` of the calendar year that year starts in
    (Pasal 17(1)b), rounded half up to the rupiah once a year."""
    if count < 0 or first_amount < 0:
        raise ValidationError.single("count", _("Jumlah bulan tidak boleh negatif"))
    payments: list[tuple[Period, int]] = []
    amount = first_amount
    for i in range(count):
        period = first.shift(i)
        if i and i % 12 == 0:
            indexed = amount * indexation_factor(period.year)
            amount = div_round_half_up(indexed.numerator, indexed.denominator)
        payments.append((period, amount))
    return tuple(payments)
