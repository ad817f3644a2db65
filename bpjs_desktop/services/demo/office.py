"""The office side of the demo: users, employers, Perisai agents, construction projects, targets."""

from __future__ import annotations

import math
from collections import defaultdict
from datetime import date
from itertools import accumulate
from typing import Any

import numpy as np

from bpjs_desktop.domain.contributions import jakon_contribution
from bpjs_desktop.domain.identifiers import Sex, make_npp
from bpjs_desktop.domain.periods import Period
from bpjs_desktop.domain.programmes import (
    Segment,
    SizeClass,
    mandatory_programmes,
    programmes_text,
    risk_group_for_kbli,
)
from bpjs_desktop.domain.regions import JATIM_REGENCIES
from bpjs_desktop.i18n import _
from bpjs_desktop.services import demo_data
from bpjs_desktop.services.auth import hash_password
from bpjs_desktop.services.demo.base import BuilderBase, _Office
from bpjs_desktop.services.demo.plan import DEMO_PASSWORD, PERISAI_LAUNCH
from bpjs_desktop.services.demo.writer import _iso


class OfficeSteps(BuilderBase):
    """The builder's office step(s)."""

    # --- steps -------------------------------------------------------------------------------
    def users(self) -> None:
        secret = hash_password(DEMO_PASSWORD)
        rows: list[tuple[Any, ...]] = [
            (1, "admin", "ADMINISTRATOR DEMO", "ADMIN", None, secret, True, self.now)
        ]
        roles = (
            ("kepala", "KEPALA"),
            ("pelayanan", "PELAYANAN"),
            ("petugas", "PELAYANAN"),
            ("ar", "AR"),
            ("pemeriksa", "PEMERIKSA"),
        )
        next_id = 2
        for office in self.offices:
            for prefix, role in roles:
                office.users[prefix] = next_id
                name = self.person_name(Sex.L if self.rng.random() < 0.5 else Sex.P)
                rows.append(
                    (
                        next_id,
                        f"{prefix}.{office.code.lower()}",
                        name,
                        role,
                        office.id,
                        secret,
                        True,
                        self.now,
                    )
                )
                next_id += 1
        self.w.insert(
            "app_user",
            (
                "id",
                "username",
                "full_name",
                "role",
                "office_id",
                "password_hash",
                "active",
                "created_at",
            ),
            rows,
        )

    def _new_npp(self, registered: date) -> str:
        """An NPP of the year registered; before 2015 most employers keep an old-style one."""
        if registered.year >= 2015 or self.rng.random() < 0.3:
            self.npp_counters[registered.year] += 1
            return make_npp(registered.year, self.npp_counters[registered.year])
        i = self.legacy_npp
        self.legacy_npp += 1
        return f"JJ{(i // 260_000) % 10}{chr(65 + (i // 10_000) % 26)}{i % 10_000:04d}"

    def _start_employer_lists(self) -> None:
        self.emp_office = []
        self.emp_office_obj = []
        self.emp_risk = []
        self.emp_size = []
        self.emp_programmes = []
        self.emp_reg = []
        self.emp_na = []
        self.emp_regency = []
        self.contractors = defaultdict(list)  # office id -> employer idx

    def _registration(self, active: bool, new_since: int | None) -> tuple[int, int | None]:
        """(registered, ended) days of an employer: a new one registered since *new_since*, an
        active one mostly years ago, an ended one between 1995 and 2016 and ended a year on."""
        r = self.rng
        if not active:
            registered = r.randint(date(1995, 1, 1).toordinal(), date(2016, 12, 31).toordinal())
            return registered, r.randint(registered + 365, self.as_of_o - 1)
        if new_since is not None:
            return r.randint(new_since, self.as_of_o), None
        return max(
            date(1992, 1, 1).toordinal(), self.as_of_o - 30 - int(r.expovariate(1 / 2600))
        ), None

    def employers(self) -> None:
        t, r = self.t, self.rng
        n_active = t.employers_active
        n_ended = round(n_active * 0.06)
        categories = list(demo_data.KBLI_BY_CATEGORY)
        # Cumulated once (random.choices draws the same from cum_weights as from weights).
        category_weights = list(accumulate(demo_data.KBLI_BY_CATEGORY[c][1] for c in categories))
        forms = [f for f, _w in demo_data.LEGAL_FORMS]
        form_weights = list(accumulate(w for _f, w in demo_data.LEGAL_FORMS))
        sizes = (SizeClass.MIKRO, SizeClass.KECIL, SizeClass.MENENGAH, SizeClass.BESAR)
        size_weights = list(accumulate((38, 34, 19, 9)))
        programmes_of = {
            size: programmes_text(mandatory_programmes(Segment.PU, size, self.as_of))
            for size in sizes
        }
        risk_of = {
            kbli: int(risk_group_for_kbli(kbli))
            for codes, _weight in demo_data.KBLI_BY_CATEGORY.values()
            for kbli in codes
        }
        month_start = Period.of(self.as_of).first_day.toordinal()
        self._start_employer_lists()
        rows = []
        per_office = self.split_by_office(n_active)
        plan: list[tuple[_Office, bool]] = []
        for office, count in zip(self.offices, per_office, strict=True):
            plan.extend((office, True) for _n in range(count))
        plan.extend((self.pick_office(), False) for _n in range(n_ended))
        new_this_month = max(1, n_active // 250)
        for idx, (office, active) in enumerate(plan):
            category = r.choices(categories, cum_weights=category_weights)[0]
            kbli = r.choice(demo_data.KBLI_BY_CATEGORY[category][0])
            size = r.choices(sizes, cum_weights=size_weights)[0]
            if category == "F" and size is SizeClass.MIKRO:
                size = SizeClass.KECIL
            new = active and idx % (n_active // new_this_month + 1) == 0 and idx < n_active
            registered, na = self._registration(active, month_start if new else None)
            npp = self._new_npp(date.fromordinal(registered))
            programmes = programmes_of[size]
            form = r.choices(forms, cum_weights=form_weights)[0]
            words = r.sample(demo_data.COMPANY_WORDS, 2 if r.random() < 0.7 else 3)
            name = f"{form} {' '.join(words)}".upper()
            regency = r.choice(office.regencies)
            risk = risk_of[kbli]
            rows.append((
                idx + 1, npp, name, form, None, None, None, kbli, risk, size.value, False, programmes,
                office.id, f"{r.choice(demo_data.STREETS)} No. {r.randint(1, 250)}", regency, f"6{r.randint(1000, 9999)}",
                self.person_name(Sex.L if r.random() < 0.6 else Sex.P), f"0{r.randint(31, 358)}-{r.randint(100000, 9999999)}",
                "", office.users["ar"], _iso(registered), "AKTIF" if active else "NONAKTIF", None if na is None else _iso(na),
                None if active else r.choice(("Usaha tutup", "Bubar", "Pailit", "Alamat tidak ditemukan")), self.now,
            ))  # fmt: skip
            self.emp_office.append(office.id)
            self.emp_office_obj.append(office)
            self.emp_risk.append(risk)
            self.emp_size.append(size)
            self.emp_programmes.append(programmes)
            self.emp_reg.append(registered)
            self.emp_na.append(na)
            self.emp_regency.append(regency)
            if active and category == "F":
                self.contractors[office.id].append(idx)
        self.n_active_employers = n_active
        self.w.insert(
            "employer",
            ("id", "npp", "name", "legal_form", "npwp15", "npwp16", "nib", "kbli", "risk_group", "size_class",
             "labour_intensive", "programmes", "office_id", "address", "regency_code", "postal_code", "contact_name",
             "contact_phone", "contact_email", "ar_user_id", "registered_on", "status", "na_date", "na_reason", "created_at"),
            rows,
        )  # fmt: skip

    def agents(self) -> None:
        first = max(PERISAI_LAUNCH.toordinal(), self.year_start.toordinal())
        last = max(first, self.as_of_o - 20)
        self.agent_rows = []  # (agent id, office id, joined ordinal)
        drawn = []  # (office position, birth, woman, name, joined)
        for k, count in enumerate(self.split_by_office(self.t.agents)):
            for _n in range(count):
                sex = Sex.L if self.rng.random() < 0.55 else Sex.P
                birth = self.birth_for_age(self.as_of, 22, 55).toordinal()
                joined = self.rng.randint(first, last)
                drawn.append((k, birth, sex is Sex.P, self.person_name(sex), joined))
        if not drawn:
            return
        niks, _regency = self._people.niks(
            *(np.asarray([d[i] for d in drawn]) for i in range(3))  # office, birth, woman
        )
        for agent_id, (k, _birth, _woman, _name, when) in enumerate(drawn, start=1):
            self.agent_rows.append((agent_id, self.offices[k].id, when))
        names = [d[3] for d in drawn]
        self.w.insert(
            "agent", ("id", "nik", "name", "office_id", "joined_on", "ended_on", "end_reason"),
            [(agent_id, nik, name, office_id, _iso(when), None, None)
             for (agent_id, office_id, when), nik, name in zip(self.agent_rows, niks.tolist(), names, strict=True)],
        )  # fmt: skip

    def projects(self) -> None:
        r = self.rng
        n_workers = self.t.workers[Segment.JAKON]
        n_active = max(1, round(n_workers / 100)) if n_workers else 0
        n_past = round(n_active * 0.3)
        rows = []
        self.project_active = []  # id, employer idx, office id, start, end
        self.project_past = []
        all_contractors = [i for lst in self.contractors.values() for i in lst] or list(
            range(self.n_active_employers)
        )
        for pid in range(1, n_active + n_past + 1):
            office = self.pick_office()
            # A contractor old enough for the project: 30 days for a running one, 400 for a past one.
            age = 30 if pid <= n_active else 400
            candidates = (
                [
                    i
                    for i in self.contractors.get(office.id, [])
                    if self.emp_reg[i] <= self.as_of_o - age
                ]
                or [i for i in all_contractors if self.emp_reg[i] <= self.as_of_o - age]
                or all_contractors
            )
            emp = r.choice(candidates)
            if pid <= n_active:
                start = self.rint(max(self.emp_reg[emp], self.as_of_o - 300), self.as_of_o - 7)
                end = self.as_of_o + r.randint(30, 420)
            else:
                start = self.rint(max(self.emp_reg[emp], self.as_of_o - 1100), self.as_of_o - 200)
                end = self.rint(start + 60, self.as_of_o - 1)
            value = int(
                round(math.exp(r.gauss(math.log(2_500_000_000), 0.9)) / 1_000_000) * 1_000_000
            )
            value = max(value, 50_000_000)
            contribution = jakon_contribution(value, date.fromordinal(start)).total
            start_date = date.fromordinal(start)
            project_no = f"{start_date.year % 100:02d}{pid:011d}"
            regency = r.choice(self.emp_office_obj[emp].regencies)
            name = f"{r.choice(demo_data.PROJECT_WORDS)} {JATIM_REGENCIES[regency]}"
            rows.append(
                (
                    pid,
                    project_no,
                    emp + 1,
                    self.emp_office[emp],
                    name,
                    regency,
                    value,
                    contribution,
                    _iso(start),
                    _iso(end),
                )
            )
            item = (pid, emp, self.emp_office[emp], start, end)
            (self.project_active if pid <= n_active else self.project_past).append(item)
        self.project_counters = defaultdict(int)
        for row in rows:
            year = int(row[8][:4])
            self.project_counters[year] = max(self.project_counters[year], row[0])
        self.w.insert(
            "project",
            ("id", "project_no", "employer_id", "office_id", "name", "regency_code", "contract_value", "contribution", "start_date", "end_date"),
            rows,
        )  # fmt: skip

    def targets(self, actuals: dict[int, dict[str, int]]) -> None:
        """Monthly targets of the year per office: a plausible plan around the realisation."""
        self.check(90, _("Membuat target bulanan…"))
        rows = []
        target_id = 0
        year = self.as_of.year
        for office in self.offices:
            a = actuals.get(office.id, {})
            for month in range(1, 13):
                period = f"{year:04d}-{month:02d}"
                growth = 0.985 + 0.01 * month
                plan = {
                    "BU_AKTIF": round(a.get("employers", 0) * growth),
                    "TK_PU": round(a.get("PU", 0) * growth),
                    "TK_BPU": round(a.get("BPU", 0) * growth),
                    "TK_JAKON": round(a.get("JAKON", 0) * growth),
                    "TK_PMI": round(a.get("PMI", 0) * growth),
                    "PERISAI_AKUISISI": round(
                        a.get("recruits", 0) * 1.15 * month / max(1, self.as_of.month)
                    ),
                    "PIUTANG_BU": round(a.get("arrears", 0) * 0.75 * month / 12),
                    "KLAIM_SLA": 95,
                }
                for kpi, value in plan.items():
                    target_id += 1
                    rows.append((target_id, office.id, kpi, period, int(value)))
        self.w.insert("target", ("id", "office_id", "kpi", "period", "value"), rows)
