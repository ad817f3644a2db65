"""The demo's bills and payments: employers' monthly bills from their wage earners, and the
Perisai recruits' own."""

from __future__ import annotations

import random
from collections import defaultdict
from datetime import date
from functools import cache
from typing import Any, NamedTuple

import numpy as np

from bpjs_desktop.domain import rates
from bpjs_desktop.domain.calendar import DEFAULT_CALENDAR, due_date
from bpjs_desktop.domain.contributions import bpu_contribution
from bpjs_desktop.domain.periods import Period, periods_between
from bpjs_desktop.domain.programmes import (
    RiskGroup,
    Segment,
    parse_programmes,
)
from bpjs_desktop.i18n import _
from bpjs_desktop.services.demo.base import BuilderBase
from bpjs_desktop.services.demo.plan import BILL_MONTHS, largest_remainder
from bpjs_desktop.services.demo.writer import _half_up, _iso

_Rows = tuple[list[tuple[Any, ...]], list[tuple[Any, ...]], list[tuple[Any, ...]]]


class _Months(NamedTuple):
    """Per employer (outer list) and billed month (inner): head count and each programme's
    share; per month: first and last day, the period and the due date as text."""

    ones: list[list[int]]
    jkk: list[list[int]]
    jkm: list[list[int]]
    jht: list[list[int]]
    jp: list[list[int]]
    first_days: list[int]
    last_days: list[int]
    periods: list[str]
    due: list[str]


class BillingSteps(BuilderBase):
    """The builder's billing step(s)."""

    # --- bills, payments, arrears ----------------------------------------------------------------
    def billing(self) -> None:
        """Bills per employer and month from its wage earners, paid, late, or in arrears."""
        self.check(74, _("Menghitung tagihan iuran bulanan…"))
        last = Period.of(self.as_of)
        periods = [last.shift(i - BILL_MONTHS + 1) for i in range(BILL_MONTHS)]
        n_emp = len(self.emp_reg)
        emp, start, end, wage = (
            np.concatenate(c).astype(np.int64)
            for c in (self.pu_emp, self.pu_start, self.pu_end, self.pu_wage)
        )
        table, jp_table, first_days, last_days = self._bill_tables(periods, start, end, emp, wage)
        due = [due_date(Segment.PU, p).toordinal() for p in periods]
        self.periods, self.due = periods, due
        self._payers(table, first_days, due)
        rows: _Rows = ([], [], [])  # bills, payments, allocations
        self.case_bills = defaultdict(list)  # emp -> (k, bill id, amount, paid)
        self.case_collected = {}
        # Plain lists: reading a number from them costs a fraction of reading it from an array.
        months = _Months(
            table["ones"].tolist(), table["jkk"].tolist(), table["jkm"].tolist(), table["jht"].tolist(),
            jp_table.tolist(), first_days.tolist(), last_days.tolist(), [str(p) for p in periods],
            [_iso(d) for d in due],
        )  # fmt: skip
        for i in range(n_emp):
            self._employer_bills(i, months, rows)
            if i % 5000 == 0:
                self.check(74 + int(8 * i / max(1, n_emp)), _("Menghitung tagihan iuran bulanan…"))
        bill_rows, pay_rows, alloc_rows = rows
        self._recruit_billing(
            bill_rows, pay_rows, alloc_rows, len(bill_rows), len(pay_rows), len(alloc_rows)
        )
        self.w.insert(
            "contribution_bill",
            ("id", "employer_id", "membership_id", "office_id", "period", "due_date", "worker_count", "jkk", "jkm",
             "jht", "jp", "amount", "paid", "settled_on", "created_at"),
            bill_rows,
        )  # fmt: skip
        self.w.insert(
            "payment",
            ("id", "employer_id", "membership_id", "office_id", "paid_on", "amount", "unallocated", "reference", "recorded_by", "created_at"),
            pay_rows,
        )  # fmt: skip
        self.w.insert("payment_allocation", ("id", "payment_id", "bill_id", "amount"), alloc_rows)

    def _bill_tables(
        self,
        periods: list[Period],
        start: np.ndarray,
        end: np.ndarray,
        emp: np.ndarray,
        wage: np.ndarray,
    ) -> tuple[dict[str, np.ndarray], np.ndarray, np.ndarray, np.ndarray]:
        """Per employer and month: its wage earners (``ones``) and the shares of their bills,
        summed from each membership's months (a difference array, cumulated)."""
        n_emp = len(self.emp_reg)
        first_days = np.asarray([p.first_day.toordinal() for p in periods], dtype=np.int64)
        last_days = np.asarray([p.last_day.toordinal() for p in periods], dtype=np.int64)
        # Period index of the first and the last month each membership covers (clipped).
        start_idx = np.searchsorted(last_days, start, side="left")
        end_idx = np.where(
            end == 0, BILL_MONTHS - 1, np.searchsorted(first_days, end, side="right") - 1
        )
        keep = (start_idx <= BILL_MONTHS - 1) & (end_idx >= 0) & (start_idx <= end_idx)
        emp, wage, start_idx, end_idx = emp[keep], wage[keep], start_idx[keep], end_idx[keep]
        risk = np.asarray(self.emp_risk, dtype=np.int64)[emp]
        progs = [self.emp_programmes[i] for i in range(n_emp)]
        has_jht = np.asarray(["JHT" in p for p in progs])[emp]
        has_jp = np.asarray(["JP" in p for p in progs])[emp]
        day = periods[-1].first_day
        jkk_ppm = np.asarray(
            [0] + [rates.JKK_RATES.at(day)[RiskGroup(g)] for g in range(1, 6)], dtype=np.int64
        )
        jht_e, jht_w = rates.JHT_RATE.at(day)
        jp_e, jp_w = rates.JP_RATE.at(day)
        shares = {
            "jkk": _half_up(wage, jkk_ppm[risk]),
            "jkm": _half_up(wage, rates.JKM_RATE.at(day)),
            "jht": np.where(has_jht, _half_up(wage, jht_e) + _half_up(wage, jht_w), 0),
            "ones": np.ones_like(wage),
        }
        caps = sorted({rates.JP_WAGE_CAP.at(p.first_day) for p in periods})
        for cap in caps:
            basis = np.minimum(wage, cap)
            shares[f"jp{cap}"] = np.where(has_jp, _half_up(basis, jp_e) + _half_up(basis, jp_w), 0)
        table: dict[str, np.ndarray] = {}
        for name, values in shares.items():
            diff = np.zeros((n_emp, BILL_MONTHS + 1), dtype=np.int64)
            np.add.at(diff, (emp, start_idx), values)
            np.add.at(diff, (emp, end_idx + 1), -values)
            table[name] = np.cumsum(diff, axis=1)[:, :BILL_MONTHS]
        jp_table = np.zeros((n_emp, BILL_MONTHS), dtype=np.int64)
        for k, p in enumerate(periods):
            jp_table[:, k] = table[f"jp{rates.JP_WAGE_CAP.at(p.first_day)}"][:, k]
        return table, jp_table, first_days, last_days

    def _payers(self, table: dict[str, np.ndarray], first_days: np.ndarray, due: list[int]) -> None:
        """Who pays how: the year's arrears list first (active employers registered before the
        history began), then late payers and a few new arrears."""
        r = self.rng
        n_emp = len(self.emp_reg)
        active_old = [
            i
            for i in range(self.n_active_employers)
            if self.emp_reg[i] < first_days[0] and table["ones"][i, 0] > 0
        ]
        r.shuffle(active_old)
        target_list = self._arrears_list(active_old)
        collected = set(target_list[: self.t.arrears_collected])
        opened_on = DEFAULT_CALENDAR.roll_forward(date(self.as_of.year, 1, 2)).toordinal()
        arrears_from: dict[int, int] = {}
        for i in target_list:
            # Unpaid from a month whose bill fell due before the list was drawn up.
            candidates = [k for k in range(BILL_MONTHS) if due[k] < opened_on]
            arrears_from[i] = (
                r.choice(candidates[: max(1, len(candidates) - 1)]) if candidates else 0
            )
        behaviour: dict[int, str] = {}
        for i in range(n_emp):
            if i in arrears_from:
                behaviour[i] = "arrears"
            else:
                roll = r.random()
                behaviour[i] = "late" if roll < 0.07 else ("skip" if roll < 0.10 else "punctual")
        settle_day: dict[int, int] = {}
        working = self.working_days or [self.as_of_o]
        for i in collected:
            settle_day[i] = r.choice([d for d in working if d > opened_on + 5] or working)

        self.target_list, self.collected, self.opened_on = target_list, collected, opened_on
        self.arrears_from, self.settle_day, self._behaviour = arrears_from, settle_day, behaviour

    def _arrears_list(self, candidates: list[int]) -> list[int]:
        """The year's arrears list drawn from *candidates* (in random order): each branch keeps
        its own, so every branch with candidates has at least one case once the list is as long
        as the branches are many; the rest by the branches' shares of the candidates."""
        wanted = min(self.t.arrears_target, len(candidates))
        by_office: dict[int, list[int]] = defaultdict(list)
        for i in candidates:
            by_office[self.emp_office[i]].append(i)
        offices = [o.id for o in self.offices if by_office[o.id]]
        floor = 1 if wanted >= len(offices) else 0
        shares = largest_remainder(
            wanted - floor * len(offices), [float(len(by_office[o])) for o in offices]
        )
        chosen = [
            i for o, n in zip(offices, shares, strict=True) for i in by_office[o][: floor + n]
        ]
        if len(chosen) < wanted:  # a branch had fewer candidates than its share
            taken = set(chosen)
            chosen += [i for i in candidates if i not in taken][: wanted - len(chosen)]
        self.rng.shuffle(chosen)
        return chosen

    def _employer_bills(self, i: int, months: _Months, rows: _Rows) -> None:
        """Employer *i*'s monthly bills, its payments and their allocations, added to *rows*."""
        bill_rows, pay_rows, alloc_rows = rows
        reg, na = self.emp_reg[i], self.emp_na[i]
        office_id = self.emp_office[i]
        recorder = self.emp_office_obj[i].users["ar"]
        lump: list[tuple[int, int]] = []  # bills settled by the arrears lump sum
        first_days, last_days = months.first_days, months.last_days
        counts, jkks, jkms, jhts, jps = (
            months.ones[i],
            months.jkk[i],
            months.jkm[i],
            months.jht[i],
            months.jp[i],
        )
        for k in range(BILL_MONTHS):
            count = counts[k]
            if count <= 0 or reg > last_days[k] or (na is not None and na <= first_days[k]):
                continue
            jkk, jkm, jht, jp = jkks[k], jkms[k], jhts[k], jps[k]
            amount = jkk + jkm + jht + jp
            bill_id = len(bill_rows) + 1
            paid_amount, settled, pay_on = self._bill_payment(
                i, k, amount, bill_id, first_days, lump
            )
            if pay_on is not None:
                pay_id = len(pay_rows) + 1
                pay_rows.append((pay_id, i + 1, None, office_id, _iso(pay_on), paid_amount, 0, f"BNI-{pay_id:09d}",
                                 recorder, self.now))  # fmt: skip
                alloc_rows.append((len(alloc_rows) + 1, pay_id, bill_id, paid_amount))
            bill_rows.append((
                bill_id, i + 1, None, office_id, months.periods[k], months.due[k], count, jkk, jkm, jht, jp, amount,
                paid_amount, None if settled is None else _iso(settled), self.now,
            ))  # fmt: skip
            if self._behaviour[i] == "arrears":
                kept = paid_amount if i not in self.collected or k < self.arrears_from[i] else 0
                self.case_bills[i].append((k, bill_id, amount, kept))
        if lump:
            pay_id = len(pay_rows) + 1
            total = sum(a for _b, a in lump)
            pay_rows.append((pay_id, i + 1, None, office_id, _iso(self.settle_day[i]), total, 0, f"LUNAS-{pay_id:09d}",
                             recorder, self.now))  # fmt: skip
            for b, a in lump:
                alloc_rows.append((len(alloc_rows) + 1, pay_id, b, a))

    def _bill_payment(self, i: int, k: int, amount: int, bill_id: int, first_days: list[int],
                      lump: list[tuple[int, int]]) -> tuple[int, int | None, int | None]:  # fmt: skip
        """(paid, settled on, paid on) of employer *i*'s bill of month *k*, by how it pays; a bill
        settled by the arrears lump sum goes to *lump* instead (paid on: None)."""
        r, due, kind = self.rng, self.due, self._behaviour[i]
        paid_amount, settled, pay_on = 0, None, None
        if kind == "arrears" and k >= self.arrears_from[i]:
            if i in self.collected and due[k] <= self.settle_day[i] + 20:
                lump.append((bill_id, amount))
                paid_amount, settled = amount, self.settle_day[i]
            elif i in self.collected:
                pay_on = min(due[k] - r.randint(0, 5), self.as_of_o)
            elif k == self.arrears_from[i] and r.random() < 0.2:
                paid_amount = amount // 2  # one instalment, then nothing more
                pay_on = self.opened_on + r.randint(10, 40)
                if pay_on > self.as_of_o:
                    paid_amount, pay_on = 0, None
        elif kind == "late" and due[k] + 40 <= self.as_of_o:
            pay_on = due[k] + r.randint(3, 40)
        elif kind == "skip" and k >= BILL_MONTHS - 3:
            pay_on = None
        elif due[k] <= self.as_of_o or r.random() < 0.12:
            pay_on = min(due[k] - r.randint(0, 8), self.as_of_o)
        if pay_on is not None:
            pay_on = max(pay_on, first_days[k] + 1)
            if paid_amount == 0:
                paid_amount, settled = amount, pay_on
        return paid_amount, settled, pay_on

    def _recruit_billing(self, bill_rows: list[tuple[Any, ...]], pay_rows: list[tuple[Any, ...]],
                         alloc_rows: list[tuple[Any, ...]], bill_id: int, pay_id: int, alloc_id: int) -> None:  # fmt: skip
        """Monthly bills of the Perisai recruits, from their first month to the as-of month, and
        their payments, so that the agents earn fees.

        Most recruits pay each month by its due date (the first month on the day they join,
        through their agent); a few pay every month late; a few stop paying after some months.
        Each payment settles exactly its month, and unpaid months are always the newest, as the
        oldest-month-first allocation requires. Drawn from a generator of their own, so the
        other records stay as they were.
        """
        r = random.Random(f"perisai-bpu:{self.seed}")
        last = Period.of(self.as_of)
        recorder = {office.id: office.users["pelayanan"] for office in self.offices}
        contribution = cache(
            lambda income, programmes, period: bpu_contribution(income, period, parse_programmes(programmes))
        )  # fmt: skip
        for mid, office_id, start, income, programmes in self.recruits:
            roll = r.random()
            habit = "late" if roll < 0.07 else ("stops" if roll < 0.15 else "punctual")
            months = periods_between(Period.of(date.fromordinal(start)), last)
            paying = r.randint(1, max(1, len(months) - 1)) if habit == "stops" else len(months)
            for k, period in enumerate(months):
                c = contribution(income, programmes, period)
                lines = {line.key: line.total for line in c.lines}
                due = due_date(Segment.BPU, period).toordinal()
                pay_on: int | None = None
                if k == 0:
                    pay_on = start
                elif k < paying:
                    first = period.first_day.toordinal()
                    pay_on = due + r.randint(1, 20) if habit == "late" else r.randint(first, due)
                if pay_on is not None and pay_on > self.as_of_o:
                    pay_on = None
                bill_id += 1
                bill_rows.append((
                    bill_id, None, mid, office_id, str(period), _iso(due), 1, lines.get("JKK", 0), lines.get("JKM", 0),
                    lines.get("JHT", 0), 0, c.total, 0 if pay_on is None else c.total, None if pay_on is None else _iso(pay_on),
                    self.now,
                ))  # fmt: skip
                if pay_on is not None:
                    pay_id += 1
                    alloc_id += 1
                    pay_rows.append((pay_id, None, mid, office_id, _iso(pay_on), c.total, 0, f"BPU-{pay_id:09d}",
                                     recorder[office_id], self.now))  # fmt: skip
                    alloc_rows.append((alloc_id, pay_id, bill_id, c.total))
