"""The demo's members: wage earners, leavers and claimants, informal, construction and migrant
workers."""

from __future__ import annotations

import math
import random
from collections import defaultdict
from datetime import date, timedelta
from typing import Any

from bpjs_desktop.domain.identifiers import Sex
from bpjs_desktop.domain.programmes import (
    Programme,
    Segment,
    SizeClass,
)
from bpjs_desktop.domain.wages import minimum_wage
from bpjs_desktop.i18n import _
from bpjs_desktop.services import demo_data
from bpjs_desktop.services.demo.base import BuilderBase, _Office
from bpjs_desktop.services.demo.plan import PERISAI_LAUNCH, largest_remainder
from bpjs_desktop.services.demo.writer import BulkWriter, _iso


class MemberSteps(BuilderBase):
    """The builder's members step(s)."""

    # --- members --------------------------------------------------------------------------------
    def _pu_wage(self, emp: int, r: random.Random) -> int:
        """A wage at or above the regency's minimum (many at exactly the minimum, as in practice),
        except for 3 % under-reported ones (PDS Upah) for the compliance checks to find."""
        floor = minimum_wage(self.emp_regency[emp], self.as_of)
        minimum = floor.amount if floor else 1_500_000
        if r.random() < 0.03:
            return max(500_000, round(minimum * r.uniform(0.7, 0.97) / 1000.0) * 1000)
        centre = 0.22 if self.emp_size[emp] in (SizeClass.MENENGAH, SizeClass.BESAR) else 0.08
        factor = max(1.0, math.exp(r.gauss(centre, 0.32)))
        # Round up to the thousand, so that a wage at the minimum is never a few rupiah below it.
        return max(minimum, math.ceil(minimum * factor / 1000.0) * 1000)

    def members(self) -> None:
        """Persons and memberships of every segment, with the claimants planned in."""
        self._persons: list[tuple[Any, ...]] = []
        self._memberships: list[tuple[Any, ...]] = []
        # PU memberships for billing: employer idx, start ordinal, end ordinal (or 0), wage
        self.pu_emp = []
        self.pu_start = []
        self.pu_end = []
        self.pu_wage = []
        self.active_pu_ids = []
        self.active_jakon_ids = []
        self.member_office = {}
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

    def _wage_earners(self) -> None:
        """Active wage earners spread over the active employers by size; the JKK claimants among them."""
        t, r = self.t, self.rng
        # Wage earners: active ones spread over active employers by size.
        size_weight = {
            SizeClass.MIKRO: 3.0,
            SizeClass.KECIL: 14.0,
            SizeClass.MENENGAH: 60.0,
            SizeClass.BESAR: 240.0,
        }
        n_emp = self.n_active_employers
        weights = [size_weight[self.emp_size[i]] * (0.4 + r.random() * 1.2) for i in range(n_emp)]
        n_pu = t.workers[Segment.PU]
        per_employer = (
            largest_remainder(max(0, n_pu - n_emp), weights)
            if n_pu >= n_emp
            else largest_remainder(n_pu, [1.0] * n_emp)
        )
        if n_pu >= n_emp:
            per_employer = [c + 1 for c in per_employer]
        # Work accidents happen to active wage earners who joined before the year began: keep
        # those (membership index, office) and draw the claimants from them afterwards.
        eligible: list[tuple[int, int, int]] = []
        accident_floor = self.year_start.toordinal() - 60
        done = 0
        for emp in range(n_emp):
            office = self.emp_office_obj[emp]
            for _n in range(per_employer[emp]):
                sex = Sex.L if r.random() < 0.6 else Sex.P
                start = r.randint(self.emp_reg[emp], self.as_of_o)
                if start > self.emp_reg[emp] + 400 and r.random() < 0.7:
                    start = self.as_of_o - int(r.expovariate(1 / 1500))
                    start = max(start, self.emp_reg[emp])
                birth = self.birth_for_age(date.fromordinal(start), 18, 45)
                wage = self._pu_wage(emp, r)
                mid = self._add_member(office, birth, sex, "PU", start, None, None, employer=emp, programmes=self.emp_programmes[emp],
                          wage=wage, job=r.choice(demo_data.JOBS_PU))  # fmt: skip
                self.pu_emp.append(emp)
                self.pu_start.append(start)
                self.pu_end.append(0)
                self.pu_wage.append(wage)
                done += 1
                if start <= accident_floor:
                    eligible.append((mid, office.id, start))
                self._flush_members()
            if emp % 2000 == 0:
                self.check(10 + int(25 * done / max(1, n_pu)), _("Membuat pekerja penerima upah…"))

        jkk = t.claims[Programme.JKK].cases
        wanted = min(len(eligible), jkk + self._extra(jkk) + self._in_process(jkk))
        self.claimants["JKK"] = [
            (mid, office_id, start, 0, "", False)
            for mid, office_id, start in r.sample(eligible, wanted)
        ]
        del eligible

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
        r = self.rng
        windows, death_windows = self._leave_windows()
        lo, hi = (death_windows if kind == "JKM" else windows)[category]
        history = 5 * 366 + 60 if scholar else 60
        pool = [
            i
            for i in range(len(self.emp_reg))
            if self.emp_reg[i] + history <= min(hi, self._last_day(i))
            and self._last_day(i) >= lo
            and (not need_jp or "JP" in self.emp_programmes[i])
        ]
        if not pool:
            raise RuntimeError(f"no employer fits the {kind}/{category} claimants")
        for _n in range(count):
            emp = r.choice(pool)
            end = self.rint(max(lo, self.emp_reg[emp] + history), min(hi, self._last_day(emp)))
            start = self.rint(self.emp_reg[emp], end - history + 30)
            birth = self.birth_for_age(date.fromordinal(end), *age_range)
            sex = Sex.L if r.random() < 0.6 else Sex.P
            office = self.emp_office_obj[emp]
            wage = self._pu_wage(emp, r)
            mid = self._add_member(
                office,
                birth,
                sex,
                "PU",
                start,
                end,
                reason,
                employer=emp,
                programmes=self.emp_programmes[emp],
                wage=wage,
                job=r.choice(demo_data.JOBS_PU),
            )
            self.pu_emp.append(emp)
            self.pu_start.append(start)
            self.pu_end.append(end)
            self.pu_wage.append(wage)
            if kind != "CHURN":
                self.claimants[kind].append((mid, office.id, start, end, category, scholar))
                self.claimant_cards[mid] = (self._memberships[-1][1], self.emp_programmes[emp])
            self._flush_members()

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
        t, r = self.t, self.rng
        # Informal workers, with the Perisai recruits among them.
        self.check(45, _("Membuat peserta bukan penerima upah…"))
        bpu_per_office = self.split_by_office(t.workers[Segment.BPU])
        # Each agent's recruits join at the agent's office, from the day the agent joined; the
        # recruits take some of the office's BPU places (elsewhere only if an office has too few).
        plan = (
            largest_remainder(t.recruits, [1.0] * len(self.agent_rows)) if self.agent_rows else []
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
        for office in self.offices:
            r.shuffle(slots[office.id])
            for recruiter in slots[office.id]:
                agent_id = None
                if recruiter is not None:
                    agent_id, _agent_office, joined = recruiter
                    start = r.randint(joined, self.as_of_o)
                else:
                    start = self.as_of_o - int(r.expovariate(1 / 700))
                    start = max(start, date(2014, 1, 1).toordinal())
                    if start >= PERISAI_LAUNCH.toordinal() and start >= self.year_start.toordinal():
                        start = self.year_start.toordinal() - r.randint(1, 300)
                income = r.choice(
                    (1_000_000, 1_000_000, 1_500_000, 2_000_000, 2_500_000, 3_000_000)
                )
                programmes = "JKK,JKM,JHT" if r.random() < 0.4 else "JKK,JKM"
                sex = Sex.L if r.random() < 0.55 else Sex.P
                birth = self.birth_for_age(date.fromordinal(start), 20, 58)
                mid = self._add_member(office, birth, sex, "BPU", start, None, None, agent=agent_id, programmes=programmes,
                          income=income, job=r.choice(demo_data.JOBS_BPU))  # fmt: skip
                if agent_id is not None:
                    self.recruits.append((mid, office.id, start, income, programmes))
                self._flush_members()
        for _n in range(round(t.workers[Segment.BPU] * 0.05)):
            office = self.pick_office()
            start = r.randint(date(2014, 6, 1).toordinal(), self.as_of_o - 200)
            end = r.randint(start + 90, self.as_of_o - 1)
            self._add_member(office, self.birth_for_age(date.fromordinal(start), 20, 58), Sex.L, "BPU", start, end, "BERHENTI_MEMBAYAR",
                income=1_000_000, job=r.choice(demo_data.JOBS_BPU))  # fmt: skip
            self._flush_members()

    def _construction_workers(self) -> None:
        """Construction workers (Jakon) of the running and the finished projects."""
        t, r = self.t, self.rng
        # Construction workers on the active projects; and those of finished projects.
        self.check(55, _("Membuat pekerja jasa konstruksi…"))
        n_jakon = t.workers[Segment.JAKON]
        per_project = largest_remainder(n_jakon, [1.0 + r.random() for _n in self.project_active])
        for (pid, emp, office_id, pstart, pend), count in zip(
            self.project_active, per_project, strict=True
        ):
            office = self.emp_office_obj[emp]
            for _n in range(count):
                start = r.randint(pstart, self.as_of_o)
                self._add_member(office, self.birth_for_age(date.fromordinal(start), 18, 50), Sex.L, "JAKON", start, pend,
                          "KONTRAK_BERAKHIR", employer=emp, project=pid, wage=self._pu_wage(emp, r), office_id=office_id,
                          job=r.choice(demo_data.JOBS_JAKON))  # fmt: skip
                self._flush_members()
        for (pid, emp, office_id, pstart, pend), count in zip(
            self.project_past,
            largest_remainder(round(n_jakon * 0.05), [1.0] * len(self.project_past)),
            strict=True,
        ):
            office = self.emp_office_obj[emp]
            for _n in range(count):
                start = r.randint(pstart, pend)
                self._add_member(office, self.birth_for_age(date.fromordinal(start), 18, 50), Sex.L, "JAKON", start, pend,
                    "KONTRAK_BERAKHIR", employer=emp, project=pid, wage=self._pu_wage(emp, r), office_id=office_id)  # fmt: skip
                self._flush_members()

    def _migrant_workers(self) -> None:
        """Migrant workers (PMI): 24-month placements, running and finished."""
        t, r = self.t, self.rng
        # Migrant workers: 24-month placements, running and finished.
        self.check(62, _("Membuat pekerja migran…"))
        for office, count in zip(
            self.offices, self.split_by_office(t.workers[Segment.PMI]), strict=True
        ):
            for _n in range(count):
                start = r.randint(self.as_of_o - 700, self.as_of_o)
                end = (date.fromordinal(start) + timedelta(days=730)).toordinal()
                self._add_member(office, self.birth_for_age(date.fromordinal(start), 20, 40), Sex.P if r.random() < 0.7 else Sex.L,
                    "PMI", start, end, "KONTRAK_BERAKHIR", months=24, destination=r.choice(demo_data.DESTINATIONS))  # fmt: skip
                self._flush_members()
        for _n in range(round(t.workers[Segment.PMI] / 3)):
            office = self.pick_office()
            start = r.randint(self.as_of_o - 1500, self.as_of_o - 740)
            end = start + 730
            self._add_member(office, self.birth_for_age(date.fromordinal(start), 20, 40), Sex.P, "PMI", start, end, "KONTRAK_BERAKHIR",
                months=24, destination=r.choice(demo_data.DESTINATIONS))  # fmt: skip
            self._flush_members()

    def _flush_members(self, force: bool = False) -> None:
        if force or len(self._memberships) >= BulkWriter.CHUNK * 5:
            self.w.insert("person", self.PERSON_COLUMNS, self._persons)
            self.w.insert("membership", self.MEMBERSHIP_COLUMNS, self._memberships)
            self._persons.clear()
            self._memberships.clear()

    def _add_member(self, office: _Office, birth: date, sex: Sex, segment: str, start: int, end: int | None, reason: str | None,
            employer: int | None = None, project: int | None = None, agent: int | None = None, programmes: str = "JKK,JKM",
            wage: int | None = None, income: int | None = None, months: int | None = None, destination: str | None = None,
            job: str = "", office_id: int | None = None) -> int:  # fmt: skip
        self._persons.append(self.person_row(office, birth, sex))
        self.membership_id += 1
        mid = self.membership_id
        start_date = date.fromordinal(start)
        self._memberships.append((
            mid, self.new_kpj(start_date), self.person_id, segment, office_id or office.id,
            None if employer is None else employer + 1, project, agent, programmes, wage, income, months,
            destination, job, _iso(start), None if end is None else _iso(end), reason, self.now,
        ))  # fmt: skip
        return mid
