"""The demo's members: wage earners, leavers and claimants, informal, construction and migrant
workers."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import date
from typing import Any

import numpy as np

from bpjs_desktop.domain.programmes import (
    Programme,
    Segment,
    SizeClass,
)
from bpjs_desktop.domain.wages import minimum_wage
from bpjs_desktop.i18n import _
from bpjs_desktop.services import demo_data
from bpjs_desktop.services.demo.base import BuilderBase
from bpjs_desktop.services.demo.people import KPJ_FORMAT, _KpjCounter, _MemberColumns
from bpjs_desktop.services.demo.plan import PERISAI_LAUNCH, largest_remainder
from bpjs_desktop.services.demo.writer import BulkWriter

# Members are drawn, and written, this many at a time.
_BATCH = BulkWriter.CHUNK * 5


class MemberSteps(BuilderBase):
    """The builder's members step(s)."""

    # --- members --------------------------------------------------------------------------------
    def members(self) -> None:
        """Persons and memberships of every segment, with the claimants planned in."""
        self._drawn = _MemberColumns()
        self._cards: dict[int, str] = {}  # claimant's membership: programmes, until written
        self._kpjs = _KpjCounter(self._people.year)
        self._office_ids = np.asarray([o.id for o in self.offices], dtype=np.int64)
        self.kpj_counters = self._kpjs.counters
        position = {o.id: k for k, o in enumerate(self.offices)}
        self._emp_pos = np.asarray([position[o] for o in self.emp_office], dtype=np.int64)
        self._emp_id = np.asarray(self.emp_office, dtype=np.int64)
        self._emp_reg = np.asarray(self.emp_reg, dtype=np.int64)
        self._emp_programmes = np.asarray(self.emp_programmes, dtype=object)
        self._emp_last_day = np.asarray(
            [self._last_day(i) for i in range(len(self.emp_reg))], dtype=np.int64
        )
        minimum = {
            code: (floor.amount if (floor := minimum_wage(code, self.as_of)) else 1_500_000)
            for code in set(self.emp_regency)
        }
        self._emp_minimum = [minimum[code] for code in self.emp_regency]
        big = (SizeClass.MENENGAH, SizeClass.BESAR)
        self._emp_centre = [0.22 if size in big else 0.08 for size in self.emp_size]
        # PU memberships for billing: employer idx, start ordinal, end ordinal (or 0), wage
        self.pu_emp, self.pu_start, self.pu_end, self.pu_wage = [], [], [], []
        # Perisai recruits, billed monthly: (membership, office id, start, income, programmes)
        self.recruits = []
        # kind -> (membership, office id, start, end, category, scholarship)
        self.claimants = defaultdict(list)
        self.claimant_cards = {}  # membership: (KPJ, programmes)

        self._wage_earners()
        self._leavers()
        self._informal_workers()
        self._construction_workers()
        self._migrant_workers()
        self._flush_members(force=True)

    def _pu_wages(self, emp: np.ndarray) -> np.ndarray:
        """Wages of wage earners of the employers at *emp*: at or above the regency's minimum
        (many at exactly the minimum, as in practice), except for 3 % under-reported ones (PDS
        Upah) for the compliance checks to find. Rounded up to the thousand, so that a wage at the
        minimum is never a few rupiah below it."""
        g, n = self.np, len(emp)
        minimum = np.asarray(self._emp_minimum, dtype=np.float64)[emp]
        centre = np.asarray(self._emp_centre)[emp]
        under = np.maximum(500_000, np.round(minimum * g.uniform(0.7, 0.97, n) / 1000.0) * 1000)
        factor = np.maximum(1.0, np.exp(g.normal(centre, 0.32)))
        wage = np.maximum(minimum, np.ceil(minimum * factor / 1000.0) * 1000)
        wages: np.ndarray = np.where(g.random(n) < 0.03, under, wage).astype(np.int64)
        return wages

    def _births(self, start: np.ndarray, low: int, high: int) -> np.ndarray:
        """:meth:`birth_for_age` for many: aged *low* to *high* on their *start* days."""
        return start - self.np.integers(low * 365 + 1, high * 365 - 1, len(start), endpoint=True)

    def _choose(self, words: Sequence[Any], n: int) -> np.ndarray:
        return np.asarray(words, dtype=object)[self.np.integers(0, len(words), n)]

    def _wage_earners(self) -> None:
        """Active wage earners spread over the active employers by size; the JKK claimants among
        them. Drawn as arrays, employers a batch at a time."""
        t, r, g = self.t, self.rng, self.np
        size_weight = {
            SizeClass.MIKRO: 3.0,
            SizeClass.KECIL: 14.0,
            SizeClass.MENENGAH: 60.0,
            SizeClass.BESAR: 240.0,
        }
        n_emp = self.n_active_employers
        weights = [size_weight[self.emp_size[i]] * (0.4 + r.random() * 1.2) for i in range(n_emp)]
        n_pu = t.workers[Segment.PU]
        per_employer = np.asarray(
            largest_remainder(max(0, n_pu - n_emp), weights)
            if n_pu >= n_emp
            else largest_remainder(n_pu, [1.0] * n_emp),
            dtype=np.int64,
        ) + (1 if n_pu >= n_emp else 0)
        # Work accidents happen to active wage earners who joined before the year began: keep
        # those (membership, office id, start) and draw the claimants from them afterwards.
        eligible: list[np.ndarray] = []
        accident_floor = self.year_start.toordinal() - 60
        cumulative = np.cumsum(per_employer)
        highs = np.searchsorted(cumulative, np.arange(_BATCH, n_pu + _BATCH, _BATCH)) + 1
        low = 0
        for high in sorted(set(np.minimum(highs, n_emp).tolist()) | {n_emp}):
            if high <= low:
                continue
            emp = np.repeat(np.arange(low, high), per_employer[low:high])
            low, n = high, len(emp)
            registered = self._emp_reg[emp]
            start = g.integers(registered, self.as_of_o, endpoint=True)
            recent = (start > registered + 400) & (g.random(n) < 0.7)
            drawn = self.as_of_o - g.exponential(1500, n).astype(np.int64)
            start = np.where(recent, np.maximum(drawn, registered), start)
            wage = self._pu_wages(emp)
            first = self.membership_id + 1
            self._add_members(n, self._emp_pos[emp], self._births(start, 18, 45), g.random(n) >= 0.6,
                "PU", start, employer=emp + 1, programmes=self._emp_programmes[emp], wage=wage,
                job=self._choose(demo_data.JOBS_PU, n))  # fmt: skip
            self._pu_members(emp, start, np.zeros(n, dtype=np.int64), wage)
            old = np.flatnonzero(start <= accident_floor)
            eligible.append(np.stack([first + old, self._emp_id[emp[old]], start[old]], axis=1))
            self._flush_members()
            self.check(10 + int(25 * low / max(1, n_emp)), _("Membuat pekerja penerima upah…"))
        pool = np.concatenate(eligible) if eligible else np.zeros((0, 3), dtype=np.int64)
        jkk = t.claims[Programme.JKK].cases
        wanted = min(len(pool), jkk + self._extra(jkk) + self._in_process(jkk))
        self.claimants["JKK"] = [
            (mid, office_id, start, 0, "", False)
            for mid, office_id, start in pool[g.choice(len(pool), wanted, replace=False)].tolist()
        ]

    def _pu_members(
        self, emp: np.ndarray, start: np.ndarray, end: np.ndarray, wage: np.ndarray
    ) -> None:
        """Keep wage earners' employer, start, end (0: none) and wage for the bills."""
        self.pu_emp.append(emp)
        self.pu_start.append(start)
        self.pu_end.append(end)
        self.pu_wage.append(wage)

    def _leave_windows(self) -> tuple[dict[str, tuple[int, int]], dict[str, tuple[int, int]]]:
        """(first, last) day of a leaver's last day, by category: for claimants who left, and for
        those who died.

        Each claimant's last day is drawn so that the claim can follow the rules: "paid" claims
        are paid between 1 January and the as-of date, "extra" ones in December of the year
        before (they must not count), "open" ones are submitted but not paid yet. A JHT or JP
        claim comes at least one month after the membership ended (PP 60/2015).
        """
        year0 = self.year_start.toordinal()
        windows = {
            "paid": (self.as_of_o - 240, self.as_of_o - 40),
            "extra": (year0 - 240, year0 - 45),
            "open": (self.as_of_o - 120, self.as_of_o - 35),
            "churn": (self.as_of_o - 1000, self.as_of_o - 1),
        }
        death_windows = {
            "paid": (year0 - 20, self.as_of_o - 10),
            "extra": (year0 - 60, year0 - 25),
            "open": (self.as_of_o - 30, self.as_of_o - 5),
        }

        return windows, death_windows

    def _last_day(self, emp: int) -> int:
        """The last day a worker of employer *emp* can have worked there."""
        na = self.emp_na[emp]
        return self.as_of_o - 1 if na is None else min(na, self.as_of_o) - 1

    def _ended_pu(
        self,
        kind: str,
        count: int,
        reason: str,
        category: str,
        *,
        need_jp: bool = False,
        scholar: bool = False,
        age_range: tuple[int, int] = (20, 50),
    ) -> None:
        """*count* wage earners who left (*kind*: CHURN, or the programme they claim), their last
        day in the *category*'s window."""
        if count <= 0:
            return
        g = self.np
        windows, death_windows = self._leave_windows()
        lo, hi = (death_windows if kind == "JKM" else windows)[category]
        history = 5 * 366 + 60 if scholar else 60
        registered = self._emp_reg
        last = np.minimum(self._emp_last_day, hi)  # the last day each employer's leaver can have
        fits = (registered + history <= last) & (self._emp_last_day >= lo)
        if need_jp:
            fits &= np.asarray(["JP" in p for p in self.emp_programmes])
        pool = np.flatnonzero(fits)
        if not len(pool):
            raise RuntimeError(f"no employer fits the {kind}/{category} claimants")
        emp = pool[g.integers(0, len(pool), count)]
        end = self._between(np.maximum(lo, registered[emp] + history), last[emp])
        start = self._between(registered[emp], end - history + 30)
        wage = self._pu_wages(emp)
        first = self.membership_id + 1
        self._add_members(count, self._emp_pos[emp], self._births(end, *age_range), g.random(count) >= 0.6,
            "PU", start, end, reason, employer=emp + 1, programmes=self._emp_programmes[emp], wage=wage,
            office_id=self._emp_id[emp], job=self._choose(demo_data.JOBS_PU, count))  # fmt: skip
        self._pu_members(emp, start, end, wage)
        if kind != "CHURN":
            programmes = self._emp_programmes[emp].tolist()
            for n, (office_id, begun, ended) in enumerate(
                zip(self._emp_id[emp].tolist(), start.tolist(), end.tolist(), strict=True)
            ):
                self.claimants[kind].append((first + n, office_id, begun, ended, category, scholar))
                self._cards[first + n] = programmes[n]
        self._flush_members()

    def _between(self, low: np.ndarray, high: np.ndarray) -> np.ndarray:
        """:meth:`rint` for many: a random day in [low, high], *low* where the range is empty."""
        drawn: np.ndarray = np.where(
            high > low, self.np.integers(low, np.maximum(high, low), endpoint=True), low
        )
        return drawn

    def _leavers(self) -> None:
        """Wage earners who left: churn, and the claimants of JHT, JKM and JP."""
        t = self.t
        self.check(36, _("Membuat peserta yang berhenti dan pengaju klaim…"))
        self._ended_pu("CHURN", round(t.workers[Segment.PU] * 0.03), "MENGUNDURKAN_DIRI", "churn")
        for kind, programme, reason, age_range, need_jp in (
            ("JHT", Programme.JHT, "MENGUNDURKAN_DIRI", (20, 50), False),
            ("JKM", Programme.JKM, "MENINGGAL", (25, 55), False),
            ("JP", Programme.JP, "PENSIUN", (56, 57), True),
        ):
            cases = t.claims[programme].cases
            scholars = t.jkm_scholarships if kind == "JKM" else 0
            options = {"need_jp": need_jp, "age_range": age_range}
            self._ended_pu(kind, scholars, reason, "paid", scholar=True, **options)  # type: ignore[arg-type]
            self._ended_pu(kind, cases - scholars, reason, "paid", **options)  # type: ignore[arg-type]
            self._ended_pu(kind, self._extra(cases), reason, "extra", **options)  # type: ignore[arg-type]
            self._ended_pu(kind, self._in_process(cases), reason, "open", **options)  # type: ignore[arg-type]

    def _informal_workers(self) -> None:
        """Informal workers (BPU), with the Perisai recruits among them."""
        t, g = self.t, self.np
        self.check(45, _("Membuat peserta bukan penerima upah…"))
        slots = self._recruit_slots(self.split_by_office(t.workers[Segment.BPU]))
        year_start = self.year_start.toordinal()
        for k, office in enumerate(self.offices):
            mine = slots[office.id]
            n = len(mine)
            if not n:
                continue
            order = g.permutation(n)
            agent = [mine[i][0] if mine[i] is not None else None for i in order.tolist()]
            joined = np.asarray([mine[i][2] if mine[i] is not None else 0 for i in order.tolist()])
            recruit = joined > 0
            start = self.as_of_o - g.exponential(700, n).astype(np.int64)
            start = np.maximum(start, date(2014, 1, 1).toordinal())
            late = (start >= PERISAI_LAUNCH.toordinal()) & (start >= year_start)
            start = np.where(late, year_start - g.integers(1, 300, n, endpoint=True), start)
            start = np.where(recruit, g.integers(joined, self.as_of_o, endpoint=True), start)
            income = self._choose(
                (1_000_000, 1_000_000, 1_500_000, 2_000_000, 2_500_000, 3_000_000), n
            )
            programmes = np.where(g.random(n) < 0.4, "JKK,JKM,JHT", "JKK,JKM").astype(object)
            first = self.membership_id + 1
            self._add_members(n, np.full(n, k), self._births(start, 20, 58), g.random(n) >= 0.55,
                "BPU", start, agent=agent, programmes=programmes, income=income,
                job=self._choose(demo_data.JOBS_BPU, n))  # fmt: skip
            starts = start.tolist()
            self.recruits.extend(
                (first + i, office.id, starts[i], income[i], programmes[i])
                for i in np.flatnonzero(recruit).tolist()
            )
            self._flush_members()
        n = round(t.workers[Segment.BPU] * 0.05)  # who stopped paying
        start = g.integers(date(2014, 6, 1).toordinal(), self.as_of_o - 200, n, endpoint=True)
        end = g.integers(start + 90, self.as_of_o - 1, endpoint=True)
        self._add_members(n, self._pick_offices(n), self._births(start, 20, 58), np.zeros(n, dtype=bool),
            "BPU", start, end, "BERHENTI_MEMBAYAR", income=1_000_000, job=self._choose(demo_data.JOBS_BPU, n))  # fmt: skip
        self._flush_members()

    def _recruit_slots(
        self, bpu_per_office: list[int]
    ) -> dict[int, list[tuple[int, int, int] | None]]:
        """Each office's BPU places: an agent (id, office, joined) for a Perisai recruit, None for
        the others. Each agent's recruits join at the agent's office; they take some of the
        office's places (elsewhere only if an office has too few)."""
        plan = (
            largest_remainder(self.t.recruits, [1.0] * len(self.agent_rows))
            if self.agent_rows
            else []
        )
        queues: dict[int, list[tuple[int, int, int]]] = defaultdict(list)
        for agent, count in zip(self.agent_rows, plan, strict=True):
            queues[agent[1]].extend([agent] * count)
        self.recruits_by_office = {office_id: len(queue) for office_id, queue in queues.items()}
        slots: dict[int, list[tuple[int, int, int] | None]] = {}
        overflow: list[tuple[int, int, int]] = []
        for office, count in zip(self.offices, bpu_per_office, strict=True):
            mine = queues.pop(office.id, [])
            overflow.extend(mine[count:])
            mine = mine[:count]
            slots[office.id] = [*mine, *([None] * (count - len(mine)))]
        for office in self.offices:
            free = [i for i, slot in enumerate(slots[office.id]) if slot is None]
            while overflow and free:
                slots[office.id][free.pop()] = overflow.pop()
        return slots

    def _pick_offices(self, n: int) -> np.ndarray:
        """:meth:`pick_office` for many: positions in ``offices``, by the offices' shares."""
        shares = np.asarray(self.office_shares, dtype=np.float64)
        return self.np.choice(len(self.offices), n, p=shares / shares.sum())

    def _construction_workers(self) -> None:
        """Construction workers (Jakon) of the running and the finished projects."""
        t, r, g = self.t, self.rng, self.np
        self.check(55, _("Membuat pekerja jasa konstruksi…"))
        n_jakon = t.workers[Segment.JAKON]
        running = largest_remainder(n_jakon, [1.0 + r.random() for _n in self.project_active])
        finished = largest_remainder(round(n_jakon * 0.05), [1.0] * len(self.project_past))
        for projects, counts, jobs in ((self.project_active, running, demo_data.JOBS_JAKON),
                                       (self.project_past, finished, None)):  # fmt: skip
            if not projects:
                continue
            pid, emp, office_id, pstart, pend = (
                np.asarray(c, dtype=np.int64) for c in zip(*projects, strict=True)
            )
            heads = np.asarray(counts, dtype=np.int64)
            for part in np.array_split(
                np.arange(len(projects)), max(1, int(heads.sum()) // _BATCH)
            ):
                at = np.repeat(part, heads[part])
                n = len(at)
                e = emp[at]
                start = g.integers(pstart[at], (self.as_of_o if jobs else pend[at]), endpoint=True)
                self._add_members(n, self._emp_pos[e], self._births(start, 18, 50), np.zeros(n, dtype=bool),
                    "JAKON", start, pend[at], "KONTRAK_BERAKHIR", employer=e + 1, project=pid[at],
                    wage=self._pu_wages(e), office_id=office_id[at],
                    job=self._choose(jobs, n) if jobs else "")  # fmt: skip
                self._flush_members()

    def _migrant_workers(self) -> None:
        """Migrant workers (PMI): 24-month placements, running and finished."""
        t, g = self.t, self.np
        self.check(62, _("Membuat pekerja migran…"))
        per_office = self.split_by_office(t.workers[Segment.PMI])
        office = np.repeat(np.arange(len(self.offices)), per_office)
        n = len(office)
        start = g.integers(self.as_of_o - 700, self.as_of_o, n, endpoint=True)
        self._add_members(n, office, self._births(start, 20, 40), g.random(n) < 0.7, "PMI", start,
            start + 730, "KONTRAK_BERAKHIR", months=24, destination=self._choose(demo_data.DESTINATIONS, n))  # fmt: skip
        n = round(t.workers[Segment.PMI] / 3)
        start = g.integers(self.as_of_o - 1500, self.as_of_o - 740, n, endpoint=True)
        self._add_members(n, self._pick_offices(n), self._births(start, 20, 40), np.ones(n, dtype=bool), "PMI",
            start, start + 730, "KONTRAK_BERAKHIR", months=24, destination=self._choose(demo_data.DESTINATIONS, n))  # fmt: skip
        self._flush_members()

    def _add_members(self, n: int, office: np.ndarray, birth: np.ndarray, female: np.ndarray, segment: str,
                     start: np.ndarray, end: np.ndarray | None = None, reason: str | None = None,
                     **values: Any) -> None:  # fmt: skip
        """*n* members: their offices (positions in ``offices``), birth days, sexes and starts;
        the other membership columns by name (``_MemberColumns.MEMBERSHIP``)."""
        if "office_id" not in values:
            values["office_id"] = self._office_ids[office]
        values.setdefault("programmes", "JKK,JKM")
        values.setdefault("job", "")
        self._drawn.extend(n, office=office, birth=birth, female=female, segment=segment,
                           start=start, end=end, reason=reason, **values)  # fmt: skip
        self.membership_id += n

    def _flush_members(self, force: bool = False) -> None:
        """Write the members drawn so far, once there are enough of them (or *force*)."""
        drawn = self._drawn
        n = len(drawn)
        if not n or (not force and n < _BATCH):
            return
        first = self.membership_id - n + 1
        start = drawn.array("start")
        persons = self._people.rows(
            first, drawn.array("office"), drawn.array("birth"), drawn.array("female", bool)
        )
        kpjs = self._kpjs.numbers(start)
        self.w.insert("person", self.PERSON_COLUMNS, persons)
        del persons
        self.w.insert_columns("membership", self.MEMBERSHIP_COLUMNS, n, [
            [("+", n, first)], [("k", n, kpjs.tobytes())], [("+", n, first)],
            *map(drawn.runs, ("segment", "office_id", "employer", "project", "agent", "programmes", "wage", "income",
                              "months", "destination", "job")),
            [("d", n, start.tobytes())], drawn.day_runs("end"), drawn.runs("reason"), [("=", n, self.now)],
        ])  # fmt: skip
        for mid, programmes in self._cards.items():
            self.claimant_cards[mid] = (KPJ_FORMAT.format(int(kpjs[mid - first])), programmes)
        self._cards.clear()
        drawn.clear()
