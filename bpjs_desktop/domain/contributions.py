"""Contribution (iuran) calculators for every segment, by the rules in force in the period.

Rounding rule: every share of every programme is computed exactly from the basis and the rate(s),
then rounded once, half up, to the whole rupiah ([unverified]: BPJS publishes no rounding rule).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from bpjs_desktop.domain import rates
from bpjs_desktop.domain.dated import DatedTable, carried_notes
from bpjs_desktop.domain.money import PPM, div_round_half_up, format_rupiah, round_down
from bpjs_desktop.domain.periods import Period
from bpjs_desktop.domain.programmes import (
    BILL_ORDER,
    Programme,
    RiskGroup,
    Segment,
    check_programmes,
)
from bpjs_desktop.errors import ValidationError
from bpjs_desktop.i18n import _


@dataclass(frozen=True, slots=True)
class Line:
    """One programme's contribution, split by who pays it.

    ``key`` is the programme code, or ``"JKK+JKM"`` for a package that covers both (migrant-worker
    packages, and construction projects under the Jamsostek rules before PP 44/2015). ``government`` is paid by the state
    (JKP); ``deferred`` is postponed by a relief rule (JP under PP 49/2020) and is not in the total.
    """

    key: str
    employer: int = 0
    worker: int = 0
    government: int = 0
    deferred: int = 0

    @property
    def total(self) -> int:
        """What the employer and the worker pay now."""
        return self.employer + self.worker


@dataclass(frozen=True, slots=True)
class Contribution:
    """The contribution of one worker for one month, or one project or package (``one_off``)."""

    segment: Segment
    period: Period
    basis: int
    lines: tuple[Line, ...]
    notes: tuple[str, ...] = field(default=())
    one_off: bool = False

    @property
    def employer(self) -> int:
        return sum(line.employer for line in self.lines)

    @property
    def worker(self) -> int:
        return sum(line.worker for line in self.lines)

    @property
    def government(self) -> int:
        return sum(line.government for line in self.lines)

    @property
    def deferred(self) -> int:
        return sum(line.deferred for line in self.lines)

    @property
    def total(self) -> int:
        return self.employer + self.worker

    def line(self, key: str) -> Line | None:
        for line in self.lines:
            if line.key == key:
                return line
        return None

    def as_json(self) -> dict[str, Any]:
        programs: dict[str, dict[str, int]] = {}
        for line in self.lines:
            entry = {"employer": line.employer, "worker": line.worker}
            if line.government:
                entry["government"] = line.government
            if line.deferred:
                entry["deferred"] = line.deferred
            programs[line.key] = entry
        result: dict[str, Any] = {
            "segment": self.segment.value,
            "period": str(self.period),
            "basis": self.basis,
            "programs": programs,
            "employer": self.employer,
            "worker": self.worker,
            "total": self.total,
        }
        if self.government:
            result["government"] = self.government
        if self.deferred:
            result["deferred"] = self.deferred
        if self.one_off:
            result["one_off"] = True
        if self.notes:
            result["notes"] = list(self.notes)
        return result


def _share(basis: int, *factors_ppm: int) -> int:
    """basis × Π(factor / 10⁶), exact, rounded half up once."""
    numerator, denominator = basis, 1
    for factor in factors_ppm:
        numerator *= factor
        denominator *= PPM
    return div_round_half_up(numerator, denominator)


def _positive(value: int, field_name: str, label: str) -> None:
    if value <= 0:
        raise ValidationError.single(
            field_name, _("{label} harus lebih dari Rp0").format(label=label)
        )


def _pu_jp_line(wage: int, period: Period, *, covid: bool, notes: list[str]) -> Line:
    """A wage earner's JP: on the wage up to the cap (noted when above it); in the PP 49/2020
    relief months 1 % is paid now and the rest deferred."""
    day = period.first_day
    employer_rate, worker_rate = rates.JP_RATE.at(day)
    cap = rates.JP_WAGE_CAP.at(day)
    basis = min(wage, cap)
    if wage > cap:
        notes.append(
            _("Upah untuk JP dibatasi {cap} (batas upah JP yang berlaku)").format(
                cap=format_rupiah(cap)
            )
        )
    employer_full, worker_full = _share(basis, employer_rate), _share(basis, worker_rate)
    if covid:
        employer_now = _share(basis, employer_rate, rates.COVID_PAYABLE_SHARE_PPM)
        worker_now = _share(basis, worker_rate, rates.COVID_PAYABLE_SHARE_PPM)
        return Line(
            "JP",
            employer=employer_now,
            worker=worker_now,
            deferred=employer_full - employer_now + worker_full - worker_now,
        )
    return Line("JP", employer=employer_full, worker=worker_full)


def pu_contribution(
    wage: int,
    period: Period,
    risk_group: RiskGroup,
    programmes: frozenset[Programme],
    *,
    labour_intensive: bool = False,
) -> Contribution:
    """A wage earner's monthly contribution per programme, employer and worker shares.

    Args:
        wage: monthly wage (basic + fixed allowances), whole rupiah.
        period: the contribution month; its first day selects the rules in force.
        risk_group: the employer's JKK risk group.
        programmes: the programmes the worker is registered in (JKK and JKM at least).
        labour_intensive: the employer qualifies for the PP 7/2025 JKK discount.
    """
    _positive(wage, "wage", _("Upah"))
    day = period.first_day
    check_programmes(Segment.PU, programmes, on=day)
    covid = rates.covid_relief(period)
    relief = (rates.COVID_PAYABLE_SHARE_PPM,) if covid else ()
    jkp = rates.JKP_FUNDING.at(day) if Programme.JKP in programmes else None
    notes: list[str] = []
    lines: list[Line] = []
    used: list[DatedTable[Any]] = [rates.JKP_FUNDING] if jkp is not None else []
    for programme in BILL_ORDER:
        if programme not in programmes:
            continue
        if programme is Programme.JKK:
            used.append(rates.JKK_RATES)
            rate = rates.JKK_RATES.at(day)[risk_group]
            factors: tuple[int, ...] = relief
            if jkp is not None:
                rate -= jkp.jkk_recomposed
            if labour_intensive and rates.labour_intensive_discount(period):
                factors = (*factors, PPM - rates.LABOUR_INTENSIVE_JKK_DISCOUNT_PPM)
                notes.append(_("Diskon 50% iuran JKK industri padat karya (PP 7/2025)"))
            lines.append(Line("JKK", employer=_share(wage, rate, *factors)))
        elif programme is Programme.JKM:
            used.append(rates.JKM_RATE)
            rate = rates.JKM_RATE.at(day) - (jkp.jkm_recomposed if jkp else 0)
            lines.append(Line("JKM", employer=_share(wage, rate, *relief)))
        elif programme is Programme.JHT:
            used.append(rates.JHT_RATE)
            employer_rate, worker_rate = rates.JHT_RATE.at(day)
            lines.append(
                Line("JHT", employer=_share(wage, employer_rate), worker=_share(wage, worker_rate))
            )
        elif programme is Programme.JP:
            used += (rates.JP_RATE, rates.JP_WAGE_CAP)
            lines.append(_pu_jp_line(wage, period, covid=covid, notes=notes))
        else:  # JKP: no new money from employer or worker (PP 37/2021 Pasal 11)
            assert jkp is not None
            basis = min(wage, jkp.wage_cap)
            lines.append(Line("JKP", government=_share(basis, jkp.government)))
            notes.append(
                _(
                    "JKP dibiayai pemerintah {gov} dan rekomposisi iuran JKK/JKM; upah untuk JKP "
                    "paling tinggi {cap}"
                ).format(
                    gov=format_rupiah(_share(basis, jkp.government)),
                    cap=format_rupiah(jkp.wage_cap),
                )
            )
    if covid:
        notes.append(_("Relaksasi PP 49/2020: iuran JKK dan JKM dibayar 1%, 99% iuran JP ditunda"))
    notes.extend(carried_notes((table, day) for table in used))
    return Contribution(Segment.PU, period, wage, tuple(lines), tuple(notes))


def deferred_jp_instalment(deferred_total: int, period: Period) -> int:
    """The part of an employer's JP deferred under PP 49/2020 that the bill of *period* carries.

    *deferred_total* is the JP deferred over the relief months (August 2020 – January 2021, the
    ``deferred`` of their contributions). It is repaid on the twelve bills of April 2021 – March
    2022, due 15 May 2021 – 15 April 2022 (PP 49/2020 Pasal 17(2); see
    :data:`rates.JP_DEFERRED_REPAYMENT_FIRST`), in equal instalments whose rupiah left over by the
    division are spread over the months so that the twelve add up to the total exactly: the k-th
    is ⌊total × k / 12⌋ − ⌊total × (k−1) / 12⌋ ([unverified]: the PP lets the employer pay at once
    or in stages; BPJS's own split was not retrieved). Outside those months: 0.
    """
    if deferred_total < 0:
        raise ValueError("a deferred amount cannot be negative")
    if not rates.jp_deferred_repayment(period):
        return 0
    count = rates.JP_DEFERRED_REPAYMENT_FIRST.months_until(rates.JP_DEFERRED_REPAYMENT_LAST) + 1
    k = rates.JP_DEFERRED_REPAYMENT_FIRST.months_until(period)
    return deferred_total * (k + 1) // count - deferred_total * k // count


def bpu_contribution(income: int, period: Period, programmes: frozenset[Programme]) -> Contribution:
    """An informal worker's monthly contribution on the declared income band (all paid by them)."""
    _positive(income, "income", _("Penghasilan"))
    day = period.first_day
    check_programmes(Segment.BPU, programmes, on=day)
    table = rates.BPU_RATES.at(day)
    if income < table.minimum_income:
        raise ValidationError.single(
            "income",
            _("Penghasilan yang dilaporkan paling rendah {minimum}").format(
                minimum=format_rupiah(table.minimum_income)
            ),
        )
    band = round_down(income, table.band_step)
    covid = rates.covid_relief(period)
    relief = (rates.COVID_PAYABLE_SHARE_PPM,) if covid else ()
    lines = [
        Line("JKK", worker=_share(band, table.jkk_ppm, *relief)),
        Line("JKM", worker=_share(table.jkm_flat, *relief)),
    ]
    if Programme.JHT in programmes:
        lines.append(Line("JHT", worker=_share(band, table.jht_ppm)))
    notes = []
    if band != income:
        notes.append(
            _("Dihitung dari batas bawah kelompok penghasilan {band}").format(
                band=format_rupiah(band)
            )
        )
    if covid:
        notes.append(_("Relaksasi PP 49/2020: iuran JKK dan JKM dibayar 1%"))
    notes.extend(carried_notes([(rates.BPU_RATES, day)]))
    return Contribution(Segment.BPU, period, band, tuple(lines), tuple(notes))


def _tiered(contract_value: int, tiers: rates.JakonTiers) -> int:
    """Σ slice × rate over the marginal tiers, in ppm-rupiah (not yet divided, not rounded)."""
    numerator, lower = 0, 0
    for upper, rate in tiers:
        top = contract_value if upper is None else min(contract_value, upper)
        if top > lower:
            numerator += (top - lower) * rate
        if upper is None or contract_value <= upper:
            break
        lower = upper
    return numerator


def jakon_contribution(contract_value: int, on: date) -> Contribution:
    """A construction project's one-off JKK and JKM contribution from its contract value.

    Marginal tiers (PP 44/2015; domain.md §4.6): each slice of the value pays its own JKK rate and
    its own JKM rate, shown as two lines. Example: Rp2.000.000.000 → JKK 210.000 + 680.000 +
    650.000 + 1.100.000 = Rp2.640.000 and JKM 30.000 + 80.000 + 100.000 + 100.000 = Rp310.000,
    together Rp2.950.000. Before PP 44/2015 the Jamsostek rules had one combined JKK+JKM line.
    For a project of a relief month (PP 49/2020 Pasal 11–12: August 2020 – January 2021) both are
    cut to 1 %; the month is that of *on*, the project's start ([unverified]: the PP speaks of the
    contribution months, and a project pays once before work starts).
    """
    _positive(contract_value, "contract_value", _("Nilai kontrak"))
    period = Period.of(on)
    covid = rates.covid_relief(period)
    relief = (rates.COVID_PAYABLE_SHARE_PPM,) if covid else ()
    notes = [_("Iuran proyek jasa konstruksi dari nilai kontrak, dibayar sekali oleh kontraktor")]
    tables: tuple[tuple[str, DatedTable[rates.JakonTiers]], ...]
    if rates.JAKON_JKK_TIERS.in_force(on):
        tables = (("JKK", rates.JAKON_JKK_TIERS), ("JKM", rates.JAKON_JKM_TIERS))
    else:
        tables = (("JKK+JKM", rates.JAKON_JAMSOSTEK_TIERS),)
    lines = tuple(
        # Σ slice × rate is in ppm-rupiah: the factor 1 (ppm) divides it by 10⁶ once more;
        # each line is rounded once, half up.
        Line(key, employer=_share(_tiered(contract_value, table.at(on)), 1, *relief))
        for key, table in tables
    )
    if covid:
        notes.append(_("Relaksasi PP 49/2020: iuran JKK dan JKM dibayar 1%"))
    notes.extend(carried_notes((table, on) for _key, table in tables))
    return Contribution(Segment.JAKON, period, contract_value, lines, tuple(notes), one_off=True)


def pmi_contribution(contract_months: int, on: date, *, pre_placement: bool = True) -> Contribution:
    """A migrant worker's fixed JKK+JKM package, paid up front (Permenaker 4/2023 Pasal 18)."""
    if contract_months <= 0:
        raise ValidationError.single("months", _("Lama kontrak kerja harus paling sedikit 1 bulan"))
    if contract_months > 120:
        raise ValidationError.single(
            "months",
            _("Lama kontrak kerja paling lama 120 bulan, bukan {n}").format(n=contract_months),
        )
    table = rates.PMI_PACKAGES.at(on)
    longest_months, longest_amount = table.placement[-1]
    notes = []
    for months, amount in table.placement:
        if contract_months <= months:
            placement = amount
            notes.append(_("Paket selama dan setelah penempatan {n} bulan").format(n=months))
            break
    else:
        extra = contract_months - longest_months
        placement = longest_amount + extra * table.extra_month
        notes.append(
            _("Paket {n} bulan ditambah {extra} bulan × {per_month}").format(
                n=longest_months, extra=extra, per_month=format_rupiah(table.extra_month)
            )
        )
    total = placement + (table.pre_placement if pre_placement else 0)
    if pre_placement:
        notes.insert(
            0,
            _("Termasuk perlindungan sebelum penempatan {amount}").format(
                amount=format_rupiah(table.pre_placement)
            ),
        )
    notes.extend(carried_notes([(rates.PMI_PACKAGES, on)]))
    return Contribution(
        Segment.PMI,
        Period.of(on),
        contract_months,
        (Line("JKK+JKM", worker=total),),
        tuple(notes),
        one_off=True,
    )
