"""The benefit calculator: what a programme would pay for an event, from a few plain figures.

It touches no records: the months contributed are taken as *months* consecutive months at one
*wage*, ending with the month before the event, and each programme's amount comes from the same
rules a logged claim uses (benefits.py, pension.py, scholarships.py). The officer answers a
walk-in question ("what would my family receive?") without opening a member file.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from fractions import Fraction

from bpjs_desktop.domain import rates
from bpjs_desktop.domain.benefits import (
    JHT_YIELD,
    SOURCE_SEP,
    AmountLine,
    BenefitAmount,
    ContributionMonth,
    accumulate,
    jht_amount,
    jkk_amount,
    jkm_amount,
    jkp_amount,
    jp_amount,
    jp_months,
    pmi_jht_credit,
)
from bpjs_desktop.domain.citations import for_people
from bpjs_desktop.domain.claim_details import JkkOutcome, JpKind
from bpjs_desktop.domain.claims import add_months
from bpjs_desktop.domain.dated import carried_notes
from bpjs_desktop.domain.money import format_rupiah
from bpjs_desktop.domain.pension import jp_entitlement, jp_pension
from bpjs_desktop.domain.periods import Period
from bpjs_desktop.domain.programmes import Programme, Segment
from bpjs_desktop.domain.scholarships import SchoolLevel
from bpjs_desktop.errors import ValidationError
from bpjs_desktop.i18n import _

JKK_KINDS = {
    "meninggal": JkkOutcome.MENINGGAL,
    "cacat-total": JkkOutcome.CACAT_TOTAL,
    "cacat-sebagian": JkkOutcome.CACAT_SEBAGIAN,
    "stmb": JkkOutcome.SEMBUH,  # temporary incapacity only, then recovered
}
JP_KINDS = {kind.value: kind for kind in JpKind}


@dataclass(frozen=True, slots=True)
class BenefitQuestion:
    """A question put to the calculator; *kind* is a JP kind or a JKK outcome (see the CLI)."""

    programme: Programme
    event_date: date
    segment: Segment = Segment.PU
    wage: int | None = None  # monthly wage (PU, Jakon), declared income (BPU), chosen JHT (PMI)
    months: int = 0  # months contributed
    joined: date | None = None
    density: Fraction | None = None  # months paid over months of membership, 0–1
    kind: str | None = None
    children: tuple[SchoolLevel, ...] = ()
    disability_percent: int = 0
    stmb_days: int = 0


@dataclass(frozen=True, slots=True)
class BenefitAnswer:
    total: int  # paid at once at the event date
    monthly: int | None  # the first monthly pension, where one is due
    lines: tuple[AmountLine, ...]
    rules: tuple[str, ...]  # the regulations used
    notes: tuple[str, ...]

    def as_json(self) -> dict[str, object]:
        return {
            "total": self.total,
            "monthly": self.monthly,
            "lines": [{"label": line.label, "amount": line.amount} for line in self.lines],
            "rules": list(self.rules),
            "notes": list(self.notes),
        }


def _refuse(field: str, message: str) -> ValidationError:
    return ValidationError.single(field, message)


def _need_wage(question: BenefitQuestion) -> int:
    if question.wage is None or question.wage <= 0:
        raise _refuse(
            "wage",
            _("Program {programme} memerlukan upah").format(programme=question.programme.value),
        )
    return question.wage


def _history(question: BenefitQuestion, wage: int) -> tuple[ContributionMonth, ...]:
    """*months* months at *wage*, the last one the month before the event."""
    last = Period.of(question.event_date).previous()
    return tuple(
        ContributionMonth(last.shift(-i), wage, question.segment)
        for i in reversed(range(question.months))
    )


def _answer(amount: BenefitAmount, *, total: int | None = None, monthly: int | None = None,
            extra_notes: tuple[str, ...] = ()) -> BenefitAnswer:  # fmt: skip
    # The regulations and notes as an officer reads them: no research tags (issue #13), an
    # unconfirmed figure said in words (issue #10); each rule once.
    rules = tuple(
        dict.fromkeys(for_people(part) for part in amount.source.split(SOURCE_SEP) if part.strip())
    )
    return BenefitAnswer(
        amount.total if total is None else total,
        monthly,
        amount.lines,
        rules,
        tuple(for_people(note) for note in amount.notes + extra_notes),
    )


def _pmi_notes(question: BenefitQuestion) -> tuple[str, ...]:
    if question.segment is not Segment.PMI:
        return ()
    return (
        _(
            "Peserta PMI: manfaat dihitung dengan tabel dalam negeri; tabel manfaat PMI "
            "Permenaker 4/2023 belum diverifikasi [unverified]"
        ),
    )


# Contribution tables a benefit reads (the JHT credits, the JP wage cap): carried past their last
# confirmed date, the answer says so (issue #10 item 10).
_TABLES_READ = {
    Programme.JHT: (rates.JHT_RATE,),
    Programme.JP: (rates.JP_RATE, rates.JP_WAGE_CAP),
}


def calculate(question: BenefitQuestion) -> BenefitAnswer:
    """The benefit for *question*; a refusal raises :class:`ValidationError` with the reason."""
    answer = _calculate(question)
    last_month = Period.of(question.event_date).previous().first_day
    carried = carried_notes(
        (table, last_month) for table in _TABLES_READ.get(question.programme, ())
    )
    if not carried:
        return answer
    return BenefitAnswer(
        answer.total, answer.monthly, answer.lines, answer.rules, answer.notes + carried
    )


def _calculate(question: BenefitQuestion) -> BenefitAnswer:
    if question.months < 0:
        raise _refuse("months", _("Masa iur tidak boleh negatif"))
    if question.density is not None and not 0 <= question.density <= 1:
        raise _refuse("density", _("Kepadatan iuran harus antara 0 dan 1"))
    programme = question.programme
    if programme is Programme.JHT:
        return _jht(question)
    if programme is Programme.JKK:
        return _jkk(question)
    if programme is Programme.JKM:
        amount = jkm_amount(question.event_date, question.months, 0, question.children)
        return _answer(amount, extra_notes=_pmi_notes(question))
    if programme is Programme.JP:
        return _jp(question)
    if question.segment is not Segment.PU:
        raise _refuse("segment", _("JKP hanya untuk peserta penerima upah (PU)"))
    amount = jkp_amount(_need_wage(question), question.event_date)
    return _answer(amount)


def _jht(question: BenefitQuestion) -> BenefitAnswer:
    wage = _need_wage(question)
    if question.months <= 0:
        raise _refuse("months", _("Isi masa iur JHT (bulan)"))
    history = _history(question, wage)
    if question.segment is not Segment.PMI:
        return _answer(jht_amount("JHT_PENUH", history, question.event_date))
    credits = [(m.period, pmi_jht_credit(m.period, wage)) for m in history]
    balance, years = accumulate(credits, question.event_date, JHT_YIELD)
    lines = (
        AmountLine(
            _("Iuran JHT PMI {n} bulan × {amount} (jumlah yang dipilih)").format(
                n=len(history), amount=format_rupiah(wage)
            ),
            sum(y.contributions for y in years),
        ),
        AmountLine(_("Hasil pengembangan"), sum(y.yield_amount for y in years)),
    )
    return BenefitAnswer(
        balance,
        None,
        lines,
        ("Permenaker 4/2023 [S39]", "hasil pengembangan JHT [S64][unverified]"),
        (),
    )


def _jkk(question: BenefitQuestion) -> BenefitAnswer:
    wage = _need_wage(question)
    outcome = JKK_KINDS.get(question.kind or "")
    if outcome is None:
        raise _refuse(
            "kind",
            _("Jenis JKK harus salah satu dari: {kinds}").format(kinds=", ".join(JKK_KINDS)),
        )
    if outcome is JkkOutcome.CACAT_SEBAGIAN and not 1 <= question.disability_percent <= 100:
        raise _refuse("disability_percent", _("Persentase cacat sebagian harus 1–100%"))
    if question.stmb_days < 0:
        raise _refuse("stmb_days", _("Hari STMB tidak boleh negatif"))
    stmb = []
    if question.stmb_days:
        start = question.event_date
        end = date.fromordinal(start.toordinal() + question.stmb_days - 1)
        stmb.append((start, end))
    amount = jkk_amount(
        wage,
        question.event_date,
        outcome=outcome.value,
        stmb=stmb,
        disability_percent=question.disability_percent,
        children=question.children,
        contribution_months=question.months,
    )
    return _answer(amount, extra_notes=_pmi_notes(question))


def _jp(question: BenefitQuestion) -> BenefitAnswer:
    if question.segment is not Segment.PU:
        raise _refuse("segment", _("JP hanya untuk peserta penerima upah (PU)"))
    wage = _need_wage(question)
    kind = JP_KINDS.get(question.kind or JpKind.HARI_TUA.value)
    if kind is None:
        raise _refuse(
            "kind",
            _("Jenis JP harus salah satu dari: {kinds}").format(kinds=", ".join(JP_KINDS)),
        )
    history = jp_months(_history(question, wage))
    if not history:
        raise _refuse("months", _("Belum ada iuran JP yang tercatat"))
    notes: tuple[str, ...] = ()
    joined = question.joined
    if joined is None:
        joined = history[0].period.first_day
        notes = (
            _("Tanggal mulai kepesertaan tidak diisi: dianggap {day}, bulan iuran pertama").format(
                day=joined.strftime("%d/%m/%Y")
            ),
        )
    entitlement = jp_entitlement(
        kind, len(history), question.event_date, joined=joined, paid_density=question.density
    )
    if entitlement.monthly:
        amount = jp_pension(
            kind, history, question.event_date, joined=joined, paid_density=question.density
        )
        first = add_months(question.event_date, 1)
        return _answer(
            amount,
            total=0,
            monthly=amount.total,
            extra_notes=(
                *notes,
                _("Tidak ada pembayaran sekaligus: pensiun dibayar bulanan mulai {month}").format(
                    month=Period.of(first).blth
                ),
            ),
        )
    amount = jp_amount("JP_SEKALIGUS", history, question.event_date)
    if kind is not JpKind.HARI_TUA:
        notes = (*notes, entitlement.reason)
    return _answer(amount, extra_notes=notes)
