"""The demo's claims: paid, rejected, returned and open ones, with their documents and history."""

from __future__ import annotations

import math
from collections import defaultdict
from datetime import date, timedelta
from functools import cache
from typing import Any

import numpy as np

from bpjs_desktop.domain.benefits import (
    JKK_RULES,
    AmountLine,
    BenefitAmount,
    jkm_amount,
    jkm_benefit,
)
from bpjs_desktop.domain.calendar import DEFAULT_CALENDAR
from bpjs_desktop.domain.claim_documents import (
    DOCUMENT_LABELS,
    NPWP_THRESHOLD,
    Condition,
    checklist,
)
from bpjs_desktop.domain.claim_rules import JHT_WAIT_MONTHS
from bpjs_desktop.domain.claims import ClaimState, ClaimType, add_months, claim_number
from bpjs_desktop.domain.money import format_rupiah
from bpjs_desktop.domain.periods import Period, format_date
from bpjs_desktop.domain.programmes import (
    Programme,
)
from bpjs_desktop.i18n import _
from bpjs_desktop.services import demo_data
from bpjs_desktop.services.demo.base import BuilderBase, _Office
from bpjs_desktop.services.demo.writer import _iso

_REASON_JHT = "Berhenti bekerja (mengundurkan diri)"
_REASON_JKK = "Kecelakaan kerja"
_REASON_JP = "Usia pensiun, masa iur kurang dari 15 tahun"
_REASON_JKM = "Meninggal dunia bukan karena kecelakaan kerja"

# The document a returned claim of each type still lacks (one of its checklist's).
_RETURNED_FOR = {
    ClaimType.JHT_PENUH: "PAKLARING",
    ClaimType.JKK: "KRONOLOGI",
    ClaimType.JP_SEKALIGUS: "KK",
    ClaimType.JKM: "SURAT_AHLI_WARIS",
}


def _checklist(ctype: ClaimType, on: date, amount: int | None) -> tuple[str, ...]:
    """The documents of a demo claim, as ``claim_rules.checklist_for`` lists them for its facts.

    The claims are logged without details, so their grounds are the defaults: a JHT claim follows
    a resignation (paklaring); the NPWP is asked above Rp50 juta, here judged on the amount paid
    (the balance the rule reads is not computed per demo claim).
    """
    return _checklist_of(ctype, on, amount is not None and amount > NPWP_THRESHOLD)


@cache
def _checklist_of(ctype: ClaimType, on: date, npwp: bool) -> tuple[str, ...]:
    """:func:`_checklist`, for the one fact of the amount it reads (thousands of claims share
    a day and a type)."""
    conditions: set[Condition] = set()
    if ctype is ClaimType.JHT_PENUH:
        conditions.add(Condition.RESIGN)
        if npwp:
            conditions.add(Condition.NPWP)
    return checklist(ctype, on, frozenset(conditions))


def _refused(
    ctype: ClaimType, start: int, end: int, event: int, submitted: int, card: tuple[str, str] | None
) -> tuple[int, int, str] | None:
    """(event, submitted, reason) of a rejected demo claim, with facts the rules refuse.

    The reason is the refusal ``claim_rules.check_eligibility`` gives for those facts, so the
    demo's rejection holds when re-checked: a JHT claim of a member whose employer enrolled
    only JKK and JKM (*card*: KPJ and programmes), a full JHT claim lodged two weeks after the
    membership ended (the one-month wait), an accident before the membership began. A JP claim
    of a retired member has no such ground here: None, and it is not rejected.
    """
    if card is not None and ctype.programme.value not in card[1].split(","):
        reason = f"Peserta KPJ {card[0]} tidak terdaftar pada program {ctype.programme.value}"
        return event, submitted, reason
    if ctype is ClaimType.JHT_PENUH:
        ended = date.fromordinal(end)
        wait = JHT_WAIT_MONTHS.at(ended) if JHT_WAIT_MONTHS.in_force(ended) else 1
        earliest = add_months(ended, wait)
        lodged = DEFAULT_CALENDAR.roll_forward(ended + timedelta(days=14))
        if lodged >= earliest:
            return None
        reason = (
            f"Masa tunggu {wait} bulan sejak kepesertaan berakhir ({format_date(ended)}) belum lewat: "
            f"klaim JHT dapat diajukan mulai {format_date(earliest)}"
        )
        return event, lodged.toordinal(), reason
    if ctype is ClaimType.JKK:
        began = date.fromordinal(start)
        reason = f"Tanggal kejadian sebelum kepesertaan dimulai ({format_date(began)})"
        return (began - timedelta(days=5)).toordinal(), submitted, reason
    return None


def _short_basis(
    ctype: ClaimType, event: date, amount: int, templates: dict[tuple[ClaimType, str], str]
) -> str:
    """The stored basis of a paid demo claim: its amount and the rule it was paid under.

    The demo's amounts are drawn to match the office's reported totals, not computed month by
    month (87 067 claims at full scale); the basis says so rather than show a breakdown that
    would not add up to them. The text is the same for every claim of a type and rule but for
    the amount: made once a run (kept in *templates*), the amount put in.
    """
    key = (ctype, JKK_RULES.entry_at(event).source if ctype is ClaimType.JKK else "")
    if key not in templates:
        templates[key] = _basis_template(*key)
    return templates[key].replace(_AMOUNT_MARK, format_rupiah(amount))


# An amount no real claim shows, marking where each claim's own goes in a basis' text.
_MARKED_AMOUNT = 987_654_321_012_345
_AMOUNT_MARK = format_rupiah(_MARKED_AMOUNT)


def _basis_template(ctype: ClaimType, jkk_source: str) -> str:
    if ctype is ClaimType.JKK:
        label, source = _("Biaya dan santunan JKK"), jkk_source
    elif ctype is ClaimType.JHT_PENUH:
        label = _("Saldo JHT (iuran dan hasil pengembangan)")
        source = "PP 46/2015 [S32]; hasil pengembangan per tahun [S64][unverified]"
    else:
        label = _("Akumulasi iuran JP dan hasil pengembangannya")
        source = "PP 45/2015 Pasal 17 [S-JP]; hasil pengembangan JP [unverified]"
    note = _("Data contoh: rincian per bulan tidak dihitung")
    amount = _MARKED_AMOUNT
    return BenefitAmount(amount, (AmountLine(label, amount),), (note,), source).basis_text()


@cache
def _roll_forward(ordinal: int) -> int:
    """The working day on or after the day *ordinal* (as an ordinal): the same few hundred days
    come back for tens of thousands of claims."""
    return DEFAULT_CALENDAR.roll_forward(date.fromordinal(ordinal)).toordinal()


@cache
def _working_days_after(ordinal: int, days: int) -> int:
    return DEFAULT_CALENDAR.add_working_days(date.fromordinal(ordinal), days).toordinal()


_OPEN_STATES = (
    ClaimState.DIAJUKAN,
    ClaimState.VERIFIKASI,
    ClaimState.DIKEMBALIKAN,
    ClaimState.DITETAPKAN,
    ClaimState.DITOLAK,
)


class ClaimSteps(BuilderBase):
    """The builder's claims step(s)."""

    # --- claims ------------------------------------------------------------------------------------
    def claims(self) -> None:
        """The claimants' claims of every programme, with their documents and state history."""
        self.check(66, _("Membuat klaim dan riwayatnya…"))
        self.claim_counters = defaultdict(int)
        self._offices_by_id = {o.id: o for o in self.offices}
        self._bases: dict[tuple[ClaimType, str], str] = {}
        self._claim_rows: list[tuple[Any, ...]] = []
        self._event_rows: list[tuple[Any, ...]] = []
        self._document_rows: list[tuple[Any, ...]] = []
        specs = (
            ("JHT", Programme.JHT, ClaimType.JHT_PENUH, 10_900_000, 0.9, _REASON_JHT),
            ("JKK", Programme.JKK, ClaimType.JKK, 5_680_000, 1.1, _REASON_JKK),
            ("JP", Programme.JP, ClaimType.JP_SEKALIGUS, 1_060_000, 0.6, _REASON_JP),
            ("JKM", Programme.JKM, ClaimType.JKM, 0, 0.0, _REASON_JKM),
        )
        for kind, programme, ctype, mean, sigma, reason in specs:
            self._claims_of(kind, programme, ctype, mean, sigma, reason)
        self.w.insert(
            "claim",
            ("id", "claim_no", "membership_id", "office_id", "claim_type", "programme", "state", "reason", "event_date",
             "submitted_on", "decided_on", "paid_on", "amount", "bank_name", "bank_account", "logged_by", "decided_by",
             "rejection_reason", "created_at", "docs_complete_on", "amount_basis"),
            self._claim_rows,
        )  # fmt: skip
        self.w.insert(
            "claim_document",
            ("id", "claim_id", "code", "received_on", "note", "recorded_by", "recorded_at"),
            self._document_rows,
        )
        self.w.insert(
            "claim_event",
            ("id", "claim_id", "from_state", "to_state", "on_date", "at", "user_id", "note"),
            self._event_rows,
        )

    def _claims_of(self, kind: str, programme: Programme, ctype: ClaimType, mean: float, sigma: float,
                   reason: str) -> None:  # fmt: skip
        """The claims of one programme: paid ones adding up to the reported total, the year
        before's, and open ones in every state."""
        r, t = self.rng, self.t
        target = t.claims[programme]
        claimants = list(self.claimants[kind])
        extra, in_process = self._extra(target.cases), self._in_process(target.cases)
        if kind == "JKK":  # members picked while generated; their categories are dealt here
            r.shuffle(claimants)
            labels = ["paid"] * target.cases + ["extra"] * extra + ["open"] * in_process
            claimants = [(*c[:4], lab, False) for c, lab in zip(claimants, labels, strict=False)]
        paid_amounts = iter(
            self._claim_amounts(target.cases, target.amount, mean, sigma) if mean else ()
        )
        extra_amounts = iter(
            self._claim_amounts(extra, int(extra * mean), mean, sigma) if mean else ()
        )
        for mid, office_id, start, end, category, scholar in claimants:
            event, submitted, paid = self._claim_dates(kind, category, start, end)
            if category == "open":
                state = r.choice(_OPEN_STATES if kind != "JKM" else _OPEN_STATES[:3])
            else:
                state = ClaimState.DIBAYAR
            rejection = None
            if state is ClaimState.DITOLAK:
                refused = _refused(
                    ctype, start, end, event, submitted, self.claimant_cards.get(mid)
                )
                if refused is None:  # no rule refuses this claim: it waits for verification
                    state = ClaimState.VERIFIKASI
                else:
                    event, submitted, rejection = refused
            amount: int | None
            if kind == "JKM":
                months = Period.of(date.fromordinal(start)).months_until(
                    Period.of(date.fromordinal(end))
                )
                children = 1 if scholar else 0
                benefit = jkm_benefit(date.fromordinal(end), months, children_in_school=children)
                amount = benefit.total if state is ClaimState.DIBAYAR else None
            elif state is ClaimState.DIBAYAR:
                amount = next(paid_amounts) if category == "paid" else next(extra_amounts)
            else:
                amount = int(mean) if state is ClaimState.DITETAPKAN else None
            basis = None
            if state is ClaimState.DIBAYAR and amount is not None:
                if kind == "JKM":
                    basis = jkm_amount(
                        date.fromordinal(end), months, children_in_school=children
                    ).basis_text()
                else:
                    basis = _short_basis(ctype, date.fromordinal(event), amount, self._bases)
            self._add_claim(mid, office_id, ctype, event, submitted, state, amount, paid, reason,
                      rejection, basis)  # fmt: skip

    def _claim_dates(
        self, kind: str, category: str, start: int, end: int
    ) -> tuple[int, int, int | None]:
        """(event, submitted, paid) of a claimant's claim, by its category."""
        r, year_start = self.rng, self.year_start.toordinal()
        prev_year = (year_start - 31, year_start - 1)
        first_day = self._roll(year_start)
        paid: int | None
        if kind == "JKK":  # an accident of an active member; the claim follows within weeks
            if category == "paid":
                paid = r.choice(self.working_days) if self.working_days else self.as_of_o
            elif category == "extra":
                paid = self.working_day_in(*prev_year)
            else:
                paid = None
            anchor = paid if paid is not None else self.as_of_o - r.randint(0, 8)
            submitted = min(anchor, self._roll(anchor - r.randint(1, 6)))
            return self.rint(max(start, submitted - 90), submitted - 2), submitted, paid
        wait = 3 if kind == "JKM" else 31  # JHT and JP: a month after the membership ended
        if category == "paid":
            low = max(end + wait, year_start - 5)
            submitted = min(self.as_of_o, self._roll(self.rint(low, self.as_of_o - 2)))
            paid = max(first_day, min(self.as_of_o, self._after(submitted, 1, 5)))
        elif category == "extra":
            submitted = self._roll(self.rint(end + wait, year_start - 12))
            paid = max(submitted, min(year_start - 1, self._after(submitted, 1, 3)))
        else:
            low = max(end + wait, self.as_of_o - 10)
            submitted = min(self.as_of_o, self._roll(self.rint(low, self.as_of_o)))
            paid = None
        return end, submitted, paid

    def _roll(self, ordinal: int) -> int:
        return _roll_forward(ordinal)

    def _after(self, ordinal: int, low: int, high: int) -> int:
        return _working_days_after(ordinal, self.rng.randint(low, high))

    def _claim_amounts(self, count: int, total: int, mean: float, sigma: float) -> list[int]:
        """*count* lognormal amounts around *mean* that add up to *total* exactly."""
        if count == 0:
            return []
        raw = self.np.lognormal(math.log(mean) - sigma * sigma / 2, sigma, count)
        scaled = np.floor(raw * (total / raw.sum())).astype(np.int64)
        scaled[-1] += total - int(scaled.sum())
        return [int(x) for x in scaled]

    def _add_claim(self, membership: int, office_id: int, ctype: ClaimType, event: int, submitted: int, state: ClaimState,
                  amount: int | None, paid: int | None, reason: str, rejection: str | None = None,
                  basis: str | None = None) -> None:  # fmt: skip
        """One claim with its documents and its state history, as rows."""
        r = self.rng
        claim_id = len(self._claim_rows) + 1
        office = self._offices_by_id[office_id]
        period = Period.of(date.fromordinal(submitted))
        key = f"{office.code}:{period}"
        self.claim_counters[key] += 1
        number = claim_number(office.code, period, self.claim_counters[key])
        logger = office.users["pelayanan"]
        decider = office.users["kepala"]
        history: list[tuple[ClaimState | None, ClaimState, int, int, str]] = [
            (None, ClaimState.DIAJUKAN, submitted, logger, "")
        ]
        decided = None
        # Every document of the checklist came with the claim (a counter takes a claim only with
        # its papers); a returned claim lacks the one its return names.
        codes = _checklist(ctype, date.fromordinal(submitted), amount)
        missing = _RETURNED_FOR[ctype] if state is ClaimState.DIKEMBALIKAN else None
        for code in codes:
            self._document_rows.append((
                len(self._document_rows) + 1, claim_id, code, None if code == missing else _iso(submitted), "", logger, self.now,
            ))  # fmt: skip
        if state is not ClaimState.DIAJUKAN:
            decided = self._decision(history, office, state, submitted, paid, missing, rejection)
        account = f"{r.randint(100000000, 9999999999)}"
        self._claim_rows.append((
            claim_id, number, membership, office_id, ctype.value, ctype.programme.value, state.value, reason,
            _iso(event), _iso(submitted), None if decided is None else _iso(decided), None if paid is None else _iso(paid),
            amount, r.choice(demo_data.BANKS), account, logger,
            decider if decided is not None else None, rejection, self.now,
            None if missing else _iso(submitted), basis,
        ))  # fmt: skip
        for from_state, to_state, on, user, note in history:
            self._event_rows.append((len(self._event_rows) + 1, claim_id, None if from_state is None else from_state.value, to_state.value,
                               _iso(on), self.now, user, note))  # fmt: skip

    def _decision(self, history: list[tuple[ClaimState | None, ClaimState, int, int, str]], office: _Office,
                  state: ClaimState, submitted: int, paid: int | None, missing: str | None,
                  rejection: str | None) -> int | None:  # fmt: skip
        """The steps of a claim past its submission, added to *history*; the day it was decided."""
        r = self.rng
        decider = office.users["kepala"]
        decided = None
        verify = _working_days_after(submitted, r.randint(0, 1))
        if paid is not None:
            verify = min(verify, paid)
        verify = min(verify, self.as_of_o)
        history.append(
            (
                ClaimState.DIAJUKAN,
                ClaimState.VERIFIKASI,
                verify,
                office.users["petugas"],
                "",
            )
        )
        if state is ClaimState.DIKEMBALIKAN:
            history.append(
                (
                    ClaimState.VERIFIKASI,
                    state,
                    verify,
                    office.users["petugas"],
                    f"{DOCUMENT_LABELS[missing or '']} belum dilampirkan",
                )
            )
        elif state is ClaimState.DITOLAK:
            assert rejection is not None
            decided = verify
            history.append((ClaimState.VERIFIKASI, state, verify, decider, rejection))
        elif state in (ClaimState.DITETAPKAN, ClaimState.DIBAYAR):
            decided = (
                verify
                if paid is None
                else min(
                    paid,
                    _working_days_after(verify, 1),
                )
            )
            decided = min(decided, self.as_of_o)
            history.append((ClaimState.VERIFIKASI, ClaimState.DITETAPKAN, decided, decider, ""))
            if state is ClaimState.DIBAYAR:
                assert paid is not None
                history.append(
                    (
                        ClaimState.DITETAPKAN,
                        ClaimState.DIBAYAR,
                        paid,
                        office.users["petugas"],
                        "",
                    )
                )
        return decided
