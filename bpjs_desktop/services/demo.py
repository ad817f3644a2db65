"""A deterministic synthetic Kanwil Jawa Timur, as of 30 April 2018 by default.

At ``scale=1`` the monthly summary of the as-of month, computed from the generated *records* (not
stored totals), reproduces every figure of the April 2018 press report (seed-article.txt; S1):
63,195 active employers; 2.65 million active workers (PU 1.67 million, BPU 257 thousand, Jakon
720 thousand); 205 Perisai agents who recruited 3,413 workers; claims paid to April: 87,067
cases, Rp874.6 billion (JHT 72,701 / Rp792.5 bn, JKM 1,043 / Rp29 bn, JKK 8,340 / Rp47 bn,
JP 4,983 / Rp5.3 bn); arrears target 4,550 employers, 1,527 collected. At a smaller scale every
count is the scaled figure, rounded half up.

The records around those figures are made to be plausible and consistent with the rules: valid
NIKs of Jawa Timur regencies, wages from the regional minimum, bills computed per worker by the
contribution rules, payments allocated to bills, claims with their state history, arrears cases
with a follow-up timeline. Rows are written in bulk (not through the per-record services, which
would take hours at this size) inside one transaction on a temporary file that is renamed into
place only when complete: a cancelled or failed run leaves nothing behind.
"""

from __future__ import annotations

import json
import logging
import math
import random
import sqlite3
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from functools import cache
from pathlib import Path
from typing import Any, TypeVar

import numpy as np
from sqlalchemy import String, cast, func, insert, literal, select, text
from sqlalchemy.engine import CursorResult
from sqlalchemy.orm import Session

from bpjs_desktop.db.engine import Database, sqlite_url
from bpjs_desktop.db.migrate import open_database
from bpjs_desktop.db.models import (
    Claim,
    ClaimDocument,
    ClaimEvent,
    Employer,
    EndReason,
    Heir,
    HeirRelationKind,
    Membership,
    MembershipWage,
    Office,
    OfficeKind,
    PensionPayment,
    Person,
    ScholarshipEntitlement,
    UtcDateTime,
)
from bpjs_desktop.domain import rates
from bpjs_desktop.domain.arrears import late_fine
from bpjs_desktop.domain.benefits import (
    JKK_RULES,
    JKM_RULES,
    AmountLine,
    BenefitAmount,
    ContributionMonth,
    jht_amount,
    jkm_amount,
    jkm_benefit,
)
from bpjs_desktop.domain.calendar import DEFAULT_CALENDAR, due_date
from bpjs_desktop.domain.claim_details import Heir as DeclaredHeir
from bpjs_desktop.domain.claim_details import (
    HeirRelation,
    JkmDetail,
    JpDetail,
    JpGround,
    JpKind,
    detail_to_json,
)
from bpjs_desktop.domain.claim_documents import (
    CHECKLISTS,
    DOCUMENT_LABELS,
    NPWP_THRESHOLD,
    Condition,
    checklist,
)
from bpjs_desktop.domain.claim_rules import JHT_WAIT_MONTHS
from bpjs_desktop.domain.claims import ClaimState, ClaimType, add_months, claim_number
from bpjs_desktop.domain.contributions import bpu_contribution, jakon_contribution
from bpjs_desktop.domain.identifiers import Sex, make_kpj, make_nik, make_npp
from bpjs_desktop.domain.pension import jp_pension, jp_schedule
from bpjs_desktop.domain.periods import Period, format_date, periods_between, today_wib
from bpjs_desktop.domain.programmes import (
    Programme,
    RiskGroup,
    Segment,
    SizeClass,
    mandatory_programmes,
    parse_programmes,
    programmes_text,
    risk_group_for_kbli,
)
from bpjs_desktop.domain.regions import JATIM_REGENCIES
from bpjs_desktop.domain.scholarships import SchoolLevel
from bpjs_desktop.domain.wages import minimum_wage
from bpjs_desktop.errors import KnownError, ValidationError
from bpjs_desktop.i18n import _
from bpjs_desktop.services import audit, demo_data, facts, jht_account, wage_history
from bpjs_desktop.services.auth import hash_password
from bpjs_desktop.services.claims import checklist_of
from bpjs_desktop.services.context import Actor
from bpjs_desktop.services.counters import next_value
from bpjs_desktop.services.heirs import RANKS as heir_ranks

log = logging.getLogger(__name__)

DEMO_PASSWORD = "bpjs-demo"  # every demo account; printed in the README
DEFAULT_AS_OF = date(2018, 4, 30)
PERISAI_LAUNCH = date(2018, 2, 1)  # launched nationally in February 2018 [S7]
BILL_MONTHS = 10  # months of billing history up to the as-of month


@dataclass(frozen=True)
class ClaimTarget:
    cases: int
    amount: int


@dataclass(frozen=True)
class DemoTargets:
    """The figures the generated records must reproduce (seed article, April 2018) and a scale."""

    employers_active: int
    workers: dict[Segment, int]
    agents: int
    recruits: int
    claims: dict[Programme, ClaimTarget]
    jkm_scholarships: int
    arrears_target: int
    arrears_collected: int

    @classmethod
    def at_scale(cls, scale: float) -> DemoTargets:
        """The article's figures times *scale*, each rounded half up; where parts make a whole
        (workers by segment, claims by programme), the whole is rounded and the parts are
        apportioned by largest remainder, so that they still add up to it."""

        def n(value: int) -> int:
            return math.floor(value * scale + 0.5)

        def parts(values: Sequence[int]) -> list[int]:
            return largest_remainder(n(sum(values)), [v * scale for v in values])

        segments = (Segment.PU, Segment.BPU, Segment.JAKON, Segment.PMI)
        # The article's total (2.65 million) less its three segments gives the migrant workers.
        workers = parts((1_670_000, 257_000, 720_000, 3_000))
        programmes = (Programme.JHT, Programme.JKK, Programme.JKM, Programme.JP)
        cases = parts((72_701, 8_340, 1_043, 4_983))
        # Rupiah chosen inside the article's rounding so that the parts add up to the total as
        # published: 792.5 + 47.4 + 29.4 + 5.3 = 874.6 billion [computed]. JKM follows its rule:
        # 1,043 × Rp24 juta + 364 scholarships × Rp12 juta = Rp29.4 billion (PP 44/2015).
        amounts = (n(792_500_000_000), n(47_400_000_000), 0, n(5_300_000_000))
        return cls(
            employers_active=n(63_195),
            workers=dict(zip(segments, workers, strict=True)),
            # Below scale ~0.0024 no agent rounds to one, yet recruits still do: keep one agent so
            # the recruits have someone who recruited them.
            agents=max(n(205), 1 if n(3_413) else 0),
            recruits=n(3_413),
            claims={
                p: ClaimTarget(c, a) for p, c, a in zip(programmes, cases, amounts, strict=True)
            },
            jkm_scholarships=min(n(364), cases[2]),
            arrears_target=n(4_550),
            arrears_collected=n(1_527),
        )


class DemoCancelled(KnownError):
    """The user cancelled the generation; nothing was written."""


ProgressFn = Callable[[int, str], None]

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
    conditions: set[Condition] = set()
    if ctype is ClaimType.JHT_PENUH:
        conditions.add(Condition.RESIGN)
        if amount is not None and amount > NPWP_THRESHOLD:
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


def _short_basis(ctype: ClaimType, event: date, amount: int) -> str:
    """The stored basis of a paid demo claim: its amount and the rule it was paid under.

    The demo's amounts are drawn to match the office's reported totals, not computed month by
    month (87 067 claims at full scale); the basis says so rather than show a breakdown that
    would not add up to them.
    """
    if ctype is ClaimType.JKK:
        label, source = _("Biaya dan santunan JKK"), JKK_RULES.entry_at(event).source
    elif ctype is ClaimType.JHT_PENUH:
        label = _("Saldo JHT (iuran dan hasil pengembangan)")
        source = "PP 46/2015 [S32]; hasil pengembangan per tahun [S64][unverified]"
    else:
        label = _("Akumulasi iuran JP dan hasil pengembangannya")
        source = "PP 45/2015 Pasal 17 [S-JP]; hasil pengembangan JP [unverified]"
    note = _("Data contoh: rincian per bulan tidak dihitung")
    return BenefitAmount(amount, (AmountLine(label, amount),), (note,), source).basis_text()


CancelFn = Callable[[], bool]

# Share of the region's activity per office [illustrative: Surabaya and the industrial ring
# around it carry most employers; no per-office figures were published].
OFFICE_WEIGHTS = {
    "SDR": 9.0, "SKJ": 7.0, "STP": 7.0, "SRK": 8.0, "GRS": 7.0, "SDA": 9.0, "MJK": 5.0,
    "JBG": 2.5, "PSR": 6.0, "PBL": 3.0, "MLG": 8.0, "KDR": 4.0, "TLA": 3.5, "MDN": 3.0,
    "PNG": 2.0, "JBR": 4.0, "BWI": 2.5, "STB": 1.5, "BJN": 3.0, "TBN": 2.0, "PMK": 2.0,
}  # fmt: skip


def largest_remainder(total: int, weights: Sequence[float]) -> list[int]:
    """Split *total* into integers proportional to *weights*, summing exactly to *total*."""
    if total == 0 or not weights:
        return [0] * len(weights)
    weight_sum = float(sum(weights))
    quotas = [total * w / weight_sum for w in weights]
    counts = [int(q) for q in quotas]
    short = total - sum(counts)
    order = sorted(range(len(weights)), key=lambda i: quotas[i] - counts[i], reverse=True)
    for i in order[:short]:
        counts[i] += 1
    return counts


@cache
def _iso(ordinal: int) -> str:
    return date.fromordinal(ordinal).isoformat()


def _half_up(values: np.ndarray, ppm: int | np.ndarray) -> np.ndarray:
    """Vectorised :func:`bpjs_desktop.domain.money.apply_rate` for non-negative amounts."""
    return (values * ppm + 500_000) // 1_000_000


_NO_ID_TABLES = {"counter", "setting"}  # keyed by name, no serial id to move past the bulk rows


class BulkWriter:
    """Streams rows into tables: ``executemany`` on a raw SQLite connection, COPY on PostgreSQL."""

    CHUNK = 20_000

    def __init__(self, db: Database, sqlite_path: Path | None) -> None:
        self.db = db
        self.sqlite: sqlite3.Connection | None = None
        self.pg: Any = None
        if sqlite_path is not None:
            self.sqlite = sqlite3.connect(sqlite_path, isolation_level=None)
            for pragma in (
                "journal_mode = OFF", "synchronous = OFF", "cache_size = -400000",
                "temp_store = MEMORY", "foreign_keys = OFF", "locking_mode = EXCLUSIVE",
            ):  # fmt: skip
                self.sqlite.execute(f"PRAGMA {pragma}")
            # The name-search triggers (revision 0003) would index every row one by one: set
            # them aside for the load and rebuild the index once at the end (5 s per million).
            self.suspended_triggers = [
                sql
                for (sql,) in self.sqlite.execute(
                    "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'person'"
                )
            ]
            for (name,) in self.sqlite.execute(
                "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'person'"
            ).fetchall():
                self.sqlite.execute(f'DROP TRIGGER "{name}"')
            self.sqlite.execute("BEGIN")
        else:
            self.pg = db.engine.raw_connection()
        self.counts: dict[str, int] = defaultdict(int)

    def insert(self, table: str, columns: Sequence[str], rows: Iterable[tuple[Any, ...]]) -> int:
        written = 0
        chunk: list[tuple[Any, ...]] = []
        for row in rows:
            chunk.append(row)
            if len(chunk) >= self.CHUNK:
                self._flush(table, columns, chunk)
                written += len(chunk)
                chunk = []
        if chunk:
            self._flush(table, columns, chunk)
            written += len(chunk)
        self.counts[table] += written
        return written

    def _flush(self, table: str, columns: Sequence[str], rows: list[tuple[Any, ...]]) -> None:
        cols = ", ".join(columns)
        if self.sqlite is not None:
            marks = ", ".join("?" * len(columns))
            self.sqlite.executemany(f"INSERT INTO {table} ({cols}) VALUES ({marks})", rows)  # noqa: S608
        else:
            cursor = self.pg.cursor()
            with cursor.copy(f"COPY {table} ({cols}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            cursor.close()

    def commit(self) -> None:
        if self.sqlite is not None:
            for sql in self.suspended_triggers:
                self.sqlite.execute(sql)
            if self.sqlite.execute(
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'person_fts'"
            ).fetchone():
                self.sqlite.execute("INSERT INTO person_fts(person_fts) VALUES ('rebuild')")
            self.sqlite.execute("COMMIT")
            self.sqlite.execute("PRAGMA locking_mode = NORMAL")
            self.sqlite.execute("PRAGMA journal_mode = WAL")
            self.sqlite.execute("ANALYZE")
            self.sqlite.close()
        else:
            cursor = self.pg.cursor()
            for table in self.counts:
                if table in _NO_ID_TABLES:
                    continue
                cursor.execute(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "  # noqa: S608
                    f"(SELECT COALESCE(MAX(id), 1) FROM {table}))"
                )
            self.pg.commit()
            cursor.execute("ANALYZE")
            self.pg.commit()
            self.pg.close()

    def rollback(self) -> None:
        if self.sqlite is not None:
            try:
                self.sqlite.execute("ROLLBACK")
            finally:
                self.sqlite.close()
        elif self.pg is not None:
            self.pg.rollback()
            self.pg.close()


@dataclass
class DemoResult:
    path: str
    scale: float
    seed: int
    as_of: date
    seconds: float
    rows: dict[str, int]


@dataclass
class _Office:
    id: int
    code: str
    regencies: tuple[str, ...]
    weight: float
    users: dict[str, int] = field(default_factory=dict)


class _Builder:
    """One generation run. Methods run in order; each writes its tables through the writer."""

    def __init__(self, writer: BulkWriter, offices: list[_Office], targets: DemoTargets, seed: int, as_of: date,
                 progress: ProgressFn, cancelled: CancelFn) -> None:  # fmt: skip
        self.w = writer
        self.offices = offices
        self.t = targets
        self.seed = seed
        self.rng = random.Random(seed)
        self.np = np.random.default_rng(seed)
        self.as_of = as_of
        self.as_of_o = as_of.toordinal()
        self.year_start = date(as_of.year, 1, 1)
        self.progress = progress
        self.cancelled = cancelled
        self.now = datetime(as_of.year, as_of.month, as_of.day, 3, 0, tzinfo=UTC).strftime(
            "%Y-%m-%d %H:%M:%S.%f"
        )
        self.nik_counters: dict[str, int] = defaultdict(int)
        self.kpj_counters: dict[int, int] = defaultdict(int)
        self.npp_counters: dict[int, int] = defaultdict(int)
        self.legacy_npp = 0
        self.person_id = 0
        self.membership_id = 0
        self.all_regencies = tuple(JATIM_REGENCIES)
        self.working_days = [
            o
            for o in range(self.year_start.toordinal(), self.as_of_o + 1)
            if DEFAULT_CALENDAR.is_working_day(date.fromordinal(o))
        ]
        self.office_shares = largest_remainder(10_000, [o.weight for o in offices])
        self.summary: dict[str, Any] = {}

    # --- helpers ---------------------------------------------------------------------------
    def check(self, percent: int, message: str) -> None:
        if self.cancelled():
            raise DemoCancelled(_("Pembuatan data demo dibatalkan; tidak ada yang disimpan"))
        self.progress(percent, message)

    def pick_office(self) -> _Office:
        return self.rng.choices(self.offices, weights=self.office_shares)[0]

    def split_by_office(self, total: int) -> list[int]:
        return largest_remainder(total, [o.weight for o in self.offices])

    def person_name(self, sex: Sex) -> str:
        r = self.rng
        if sex is Sex.L:
            first = r.choice(demo_data.MALE_NAMES)
            second = r.choice(demo_data.MALE_NAMES + demo_data.FAMILY_NAMES)
        else:
            first = r.choice(demo_data.FEMALE_NAMES)
            second = r.choice(demo_data.FEMALE_NAMES + demo_data.FAMILY_NAMES)
        if second == first:
            second = r.choice(demo_data.FAMILY_NAMES)
        if r.random() < 0.35:
            return f"{first} {second} {r.choice(demo_data.FAMILY_NAMES)}".upper()
        return f"{first} {second}".upper()

    def new_nik(self, office: _Office, birth: date, sex: Sex) -> tuple[str, str]:
        regency = (
            self.rng.choice(office.regencies)
            if self.rng.random() < 0.7
            else self.rng.choice(self.all_regencies)
        )
        counter = self.nik_counters[regency]
        self.nik_counters[regency] = counter + 1
        district, serial = 1 + counter // 9999, 1 + counter % 9999
        return make_nik(regency, district, birth, sex, serial), regency

    def new_kpj(self, start: date) -> str:
        self.kpj_counters[start.year] += 1
        return make_kpj(start.year, self.kpj_counters[start.year])

    def birth_for_age(self, on: date, low: int, high: int) -> date:
        age_days = self.rng.randint(low * 365 + 1, high * 365 - 1)
        return date.fromordinal(on.toordinal() - age_days)

    def person_row(self, office: _Office, birth: date, sex: Sex) -> tuple[Any, ...]:
        nik, regency = self.new_nik(office, birth, sex)
        self.person_id += 1
        return (
            self.person_id, nik, self.person_name(sex),
            JATIM_REGENCIES[regency].split(" ", 1)[1].upper(), _iso(birth.toordinal()), sex.value,
            self.person_name(Sex.P), regency, f"08{self.rng.randint(11, 59)}{self.rng.randint(1000000, 99999999)}",
            self.now,
        )  # fmt: skip

    PERSON_COLUMNS = (
        "id",
        "nik",
        "name",
        "birth_place",
        "birth_date",
        "sex",
        "mother_name",
        "regency_code",
        "phone",
        "created_at",
    )
    MEMBERSHIP_COLUMNS = (
        "id", "kpj", "person_id", "segment", "office_id", "employer_id", "project_id", "agent_id", "programmes",
        "wage", "declared_income", "contract_months", "destination", "job_title", "start_date", "end_date",
        "end_reason", "created_at",
    )  # fmt: skip

    def rint(self, low: int, high: int) -> int:
        """A random integer in [low, high]; *low* when the range is empty."""
        return self.rng.randint(low, high) if high > low else low

    def working_day_in(self, first: int, last: int) -> int:
        """A random working day (ordinal) in [first, last]; the window must hold one."""
        day = self.rint(first, last)
        forward = DEFAULT_CALENDAR.roll_forward(date.fromordinal(day)).toordinal()
        if forward <= last:
            return forward
        while not DEFAULT_CALENDAR.is_working_day(date.fromordinal(day)):
            day -= 1
        return max(day, first)

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

    def employers(self) -> None:
        t, r = self.t, self.rng
        n_active = t.employers_active
        n_ended = round(n_active * 0.06)
        categories = list(demo_data.KBLI_BY_CATEGORY)
        category_weights = [demo_data.KBLI_BY_CATEGORY[c][1] for c in categories]
        forms = [f for f, _w in demo_data.LEGAL_FORMS]
        form_weights = [w for _f, w in demo_data.LEGAL_FORMS]
        sizes = (SizeClass.MIKRO, SizeClass.KECIL, SizeClass.MENENGAH, SizeClass.BESAR)
        size_weights = (38, 34, 19, 9)
        month_start = Period.of(self.as_of).first_day.toordinal()
        self.emp_office: list[int] = []
        self.emp_office_obj: list[_Office] = []
        self.emp_risk: list[int] = []
        self.emp_size: list[SizeClass] = []
        self.emp_programmes: list[str] = []
        self.emp_reg: list[int] = []
        self.emp_na: list[int | None] = []
        self.emp_regency: list[str] = []
        self.contractors: dict[int, list[int]] = defaultdict(list)  # office id -> employer idx
        rows = []
        per_office = self.split_by_office(n_active)
        plan: list[tuple[_Office, bool]] = []
        for office, count in zip(self.offices, per_office, strict=True):
            plan.extend((office, True) for _n in range(count))
        plan.extend((self.pick_office(), False) for _n in range(n_ended))
        new_this_month = max(1, n_active // 250)
        for idx, (office, active) in enumerate(plan):
            category = r.choices(categories, weights=category_weights)[0]
            kbli = r.choice(demo_data.KBLI_BY_CATEGORY[category][0])
            size = r.choices(sizes, weights=size_weights)[0]
            if category == "F" and size is SizeClass.MIKRO:
                size = SizeClass.KECIL
            if active:
                if idx % (n_active // new_this_month + 1) == 0 and idx < n_active:
                    registered = r.randint(month_start, self.as_of_o)
                else:
                    registered = max(
                        date(1992, 1, 1).toordinal(),
                        self.as_of_o - 30 - int(r.expovariate(1 / 2600)),
                    )
                na = None
            else:
                registered = r.randint(date(1995, 1, 1).toordinal(), date(2016, 12, 31).toordinal())
                na = r.randint(registered + 365, self.as_of_o - 1)
            reg_date = date.fromordinal(registered)
            if reg_date.year >= 2015 or r.random() < 0.3:
                self.npp_counters[reg_date.year] += 1
                npp = make_npp(reg_date.year, self.npp_counters[reg_date.year])
            else:
                i = self.legacy_npp
                self.legacy_npp += 1
                npp = f"JJ{(i // 260_000) % 10}{chr(65 + (i // 10_000) % 26)}{i % 10_000:04d}"
            programmes = mandatory_programmes(Segment.PU, size, self.as_of)
            form = r.choices(forms, weights=form_weights)[0]
            words = r.sample(demo_data.COMPANY_WORDS, 2 if r.random() < 0.7 else 3)
            name = f"{form} {' '.join(words)}".upper()
            regency = r.choice(office.regencies)
            risk = int(risk_group_for_kbli(kbli))
            rows.append((
                idx + 1, npp, name, form, None, None, None, kbli, risk, size.value, False, programmes_text(programmes),
                office.id, f"{r.choice(demo_data.STREETS)} No. {r.randint(1, 250)}", regency, f"6{r.randint(1000, 9999)}",
                self.person_name(Sex.L if r.random() < 0.6 else Sex.P), f"0{r.randint(31, 358)}-{r.randint(100000, 9999999)}",
                "", office.users["ar"], _iso(registered), "AKTIF" if active else "NONAKTIF", None if na is None else _iso(na),
                None if active else r.choice(("Usaha tutup", "Bubar", "Pailit", "Alamat tidak ditemukan")), self.now,
            ))  # fmt: skip
            self.emp_office.append(office.id)
            self.emp_office_obj.append(office)
            self.emp_risk.append(risk)
            self.emp_size.append(size)
            self.emp_programmes.append(programmes_text(programmes))
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
        self.agent_rows: list[tuple[int, int, int]] = []  # (agent id, office id, joined ordinal)
        rows = []
        agent_id = 0
        for office, count in zip(self.offices, self.split_by_office(self.t.agents), strict=True):
            for _n in range(count):
                agent_id += 1
                sex = Sex.L if self.rng.random() < 0.55 else Sex.P
                birth = self.birth_for_age(self.as_of, 22, 55)
                nik, _regency = self.new_nik(office, birth, sex)
                joined = self.rng.randint(first, last)
                rows.append(
                    (agent_id, nik, self.person_name(sex), office.id, _iso(joined), None, None)
                )
                self.agent_rows.append((agent_id, office.id, joined))
        self.w.insert(
            "agent", ("id", "nik", "name", "office_id", "joined_on", "ended_on", "end_reason"), rows
        )

    def projects(self) -> None:
        r = self.rng
        n_workers = self.t.workers[Segment.JAKON]
        n_active = max(1, round(n_workers / 100)) if n_workers else 0
        n_past = round(n_active * 0.3)
        rows = []
        self.project_active: list[
            tuple[int, int, int, int, int]
        ] = []  # id, employer idx, office id, start, end
        self.project_past: list[tuple[int, int, int, int, int]] = []
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
        self.project_counters: dict[int, int] = defaultdict(int)
        for row in rows:
            year = int(row[8][:4])
            self.project_counters[year] = max(self.project_counters[year], row[0])
        self.w.insert(
            "project",
            ("id", "project_no", "employer_id", "office_id", "name", "regency_code", "contract_value", "contribution", "start_date", "end_date"),
            rows,
        )  # fmt: skip

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
        t, r = self.t, self.rng
        persons: list[tuple[Any, ...]] = []
        memberships: list[tuple[Any, ...]] = []
        # PU memberships for billing: employer idx, start ordinal, end ordinal (or 0), wage
        self.pu_emp: list[int] = []
        self.pu_start: list[int] = []
        self.pu_end: list[int] = []
        self.pu_wage: list[int] = []
        self.active_pu_ids: list[int] = []
        self.active_jakon_ids: list[int] = []
        self.member_office: dict[int, int] = {}
        # Perisai recruits, billed monthly: (membership, office id, start, income, programmes)
        self.recruits: list[tuple[int, int, int, int, str]] = []
        # kind -> (membership, office id, start, end, category, scholarship)
        self.claimants: dict[str, list[tuple[int, int, int, int, str, bool]]] = defaultdict(list)
        self.claimant_cards: dict[int, tuple[str, str]] = {}  # membership: (KPJ, programmes)

        def flush(force: bool = False) -> None:
            if force or len(memberships) >= BulkWriter.CHUNK * 5:
                self.w.insert("person", self.PERSON_COLUMNS, persons)
                self.w.insert("membership", self.MEMBERSHIP_COLUMNS, memberships)
                persons.clear()
                memberships.clear()

        def add(office: _Office, birth: date, sex: Sex, segment: str, start: int, end: int | None, reason: str | None,
                employer: int | None = None, project: int | None = None, agent: int | None = None, programmes: str = "JKK,JKM",
                wage: int | None = None, income: int | None = None, months: int | None = None, destination: str | None = None,
                job: str = "", office_id: int | None = None) -> int:  # fmt: skip
            persons.append(self.person_row(office, birth, sex))
            self.membership_id += 1
            mid = self.membership_id
            start_date = date.fromordinal(start)
            memberships.append((
                mid, self.new_kpj(start_date), self.person_id, segment, office_id or office.id,
                None if employer is None else employer + 1, project, agent, programmes, wage, income, months,
                destination, job, _iso(start), None if end is None else _iso(end), reason, self.now,
            ))  # fmt: skip
            return mid

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
                mid = add(office, birth, sex, "PU", start, None, None, employer=emp, programmes=self.emp_programmes[emp],
                          wage=wage, job=r.choice(demo_data.JOBS_PU))  # fmt: skip
                self.pu_emp.append(emp)
                self.pu_start.append(start)
                self.pu_end.append(0)
                self.pu_wage.append(wage)
                done += 1
                if start <= accident_floor:
                    eligible.append((mid, office.id, start))
                flush()
            if emp % 2000 == 0:
                self.check(10 + int(25 * done / max(1, n_pu)), _("Membuat pekerja penerima upah…"))

        jkk = t.claims[Programme.JKK].cases
        wanted = min(len(eligible), jkk + self._extra(jkk) + self._in_process(jkk))
        self.claimants["JKK"] = [
            (mid, office_id, start, 0, "", False)
            for mid, office_id, start in r.sample(eligible, wanted)
        ]
        del eligible

        # Wage earners who left: churn, and the claimants of JHT, JKM (deaths) and JP (pension).
        # Each claimant's last day is drawn so that the claim can follow the rules: "paid" claims
        # are paid between 1 January and the as-of date, "extra" ones in December of the year
        # before (they must not count), "open" ones are submitted but not paid yet. A JHT or JP
        # claim comes at least one month after the membership ended (PP 60/2015).
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

        def last_day(emp: int) -> int:
            na = self.emp_na[emp]
            return self.as_of_o - 1 if na is None else min(na, self.as_of_o) - 1

        def ended_pu(
            kind: str,
            count: int,
            reason: str,
            category: str,
            *,
            need_jp: bool = False,
            scholar: bool = False,
            age_range: tuple[int, int] = (20, 50),
        ) -> None:
            if count <= 0:
                return
            lo, hi = (death_windows if kind == "JKM" else windows)[category]
            history = 5 * 366 + 60 if scholar else 60
            pool = [
                i
                for i in range(len(self.emp_reg))
                if self.emp_reg[i] + history <= min(hi, last_day(i))
                and last_day(i) >= lo
                and (not need_jp or "JP" in self.emp_programmes[i])
            ]
            if not pool:
                raise RuntimeError(f"no employer fits the {kind}/{category} claimants")
            for _n in range(count):
                emp = r.choice(pool)
                end = self.rint(max(lo, self.emp_reg[emp] + history), min(hi, last_day(emp)))
                start = self.rint(self.emp_reg[emp], end - history + 30)
                birth = self.birth_for_age(date.fromordinal(end), *age_range)
                sex = Sex.L if r.random() < 0.6 else Sex.P
                office = self.emp_office_obj[emp]
                wage = self._pu_wage(emp, r)
                mid = add(
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
                    self.claimant_cards[mid] = (memberships[-1][1], self.emp_programmes[emp])
                flush()

        self.check(36, _("Membuat peserta yang berhenti dan pengaju klaim…"))
        ended_pu("CHURN", round(n_pu * 0.03), "MENGUNDURKAN_DIRI", "churn")
        for kind, programme, reason, age_range, need_jp in (
            ("JHT", Programme.JHT, "MENGUNDURKAN_DIRI", (20, 50), False),
            ("JKM", Programme.JKM, "MENINGGAL", (25, 55), False),
            ("JP", Programme.JP, "PENSIUN", (56, 57), True),
        ):
            cases = t.claims[programme].cases
            scholars = t.jkm_scholarships if kind == "JKM" else 0
            options = {"need_jp": need_jp, "age_range": age_range}
            ended_pu(kind, scholars, reason, "paid", scholar=True, **options)  # type: ignore[arg-type]
            ended_pu(kind, cases - scholars, reason, "paid", **options)  # type: ignore[arg-type]
            ended_pu(kind, self._extra(cases), reason, "extra", **options)  # type: ignore[arg-type]
            ended_pu(kind, self._in_process(cases), reason, "open", **options)  # type: ignore[arg-type]

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
                mid = add(office, birth, sex, "BPU", start, None, None, agent=agent_id, programmes=programmes,
                          income=income, job=r.choice(demo_data.JOBS_BPU))  # fmt: skip
                if agent_id is not None:
                    self.recruits.append((mid, office.id, start, income, programmes))
                flush()
        for _n in range(round(t.workers[Segment.BPU] * 0.05)):
            office = self.pick_office()
            start = r.randint(date(2014, 6, 1).toordinal(), self.as_of_o - 200)
            end = r.randint(start + 90, self.as_of_o - 1)
            add(office, self.birth_for_age(date.fromordinal(start), 20, 58), Sex.L, "BPU", start, end, "BERHENTI_MEMBAYAR",
                income=1_000_000, job=r.choice(demo_data.JOBS_BPU))  # fmt: skip
            flush()

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
                add(office, self.birth_for_age(date.fromordinal(start), 18, 50), Sex.L, "JAKON", start, pend,
                          "KONTRAK_BERAKHIR", employer=emp, project=pid, wage=self._pu_wage(emp, r), office_id=office_id,
                          job=r.choice(demo_data.JOBS_JAKON))  # fmt: skip
                flush()
        for (pid, emp, office_id, pstart, pend), count in zip(
            self.project_past,
            largest_remainder(round(n_jakon * 0.05), [1.0] * len(self.project_past)),
            strict=True,
        ):
            office = self.emp_office_obj[emp]
            for _n in range(count):
                start = r.randint(pstart, pend)
                add(office, self.birth_for_age(date.fromordinal(start), 18, 50), Sex.L, "JAKON", start, pend,
                    "KONTRAK_BERAKHIR", employer=emp, project=pid, wage=self._pu_wage(emp, r), office_id=office_id)  # fmt: skip
                flush()

        # Migrant workers: 24-month placements, running and finished.
        self.check(62, _("Membuat pekerja migran…"))
        for office, count in zip(
            self.offices, self.split_by_office(t.workers[Segment.PMI]), strict=True
        ):
            for _n in range(count):
                start = r.randint(self.as_of_o - 700, self.as_of_o)
                end = (date.fromordinal(start) + timedelta(days=730)).toordinal()
                add(office, self.birth_for_age(date.fromordinal(start), 20, 40), Sex.P if r.random() < 0.7 else Sex.L,
                    "PMI", start, end, "KONTRAK_BERAKHIR", months=24, destination=r.choice(demo_data.DESTINATIONS))  # fmt: skip
                flush()
        for _n in range(round(t.workers[Segment.PMI] / 3)):
            office = self.pick_office()
            start = r.randint(self.as_of_o - 1500, self.as_of_o - 740)
            end = start + 730
            add(office, self.birth_for_age(date.fromordinal(start), 20, 40), Sex.P, "PMI", start, end, "KONTRAK_BERAKHIR",
                months=24, destination=r.choice(demo_data.DESTINATIONS))  # fmt: skip
            flush()
        flush(force=True)

    @staticmethod
    def _extra(cases: int) -> int:
        """Claims paid in December of the year before: they must not count in this year's total."""
        return round(cases * 0.05)

    @staticmethod
    def _in_process(cases: int) -> int:
        """Claims submitted but not paid by the as-of date: they must not count as paid."""
        return round(cases * 0.04)

    # --- claims ------------------------------------------------------------------------------------
    def claims(self) -> None:
        self.check(66, _("Membuat klaim dan riwayatnya…"))
        r, t = self.rng, self.t
        claim_rows: list[tuple[Any, ...]] = []
        event_rows: list[tuple[Any, ...]] = []
        self.claim_counters: dict[str, int] = defaultdict(int)
        office_codes = {o.id: o for o in self.offices}
        claim_id = 0
        event_id = 0
        document_id = 0
        document_rows: list[tuple[Any, ...]] = []
        year_start = self.year_start.toordinal()
        prev_year = (year_start - 31, year_start - 1)

        def amounts(count: int, total: int, mean: float, sigma: float) -> list[int]:
            if count == 0:
                return []
            raw = self.np.lognormal(math.log(mean) - sigma * sigma / 2, sigma, count)
            scaled = np.floor(raw * (total / raw.sum())).astype(np.int64)
            scaled[-1] += total - int(scaled.sum())
            return [int(x) for x in scaled]

        def add_claim(membership: int, office_id: int, ctype: ClaimType, event: int, submitted: int, state: ClaimState,
                      amount: int | None, paid: int | None, reason: str, rejection: str | None = None,
                      basis: str | None = None) -> None:  # fmt: skip
            nonlocal claim_id, event_id, document_id
            claim_id += 1
            office = office_codes[office_id]
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
                document_id += 1
                document_rows.append((
                    document_id, claim_id, code, None if code == missing else _iso(submitted), "", logger, self.now,
                ))  # fmt: skip
            if state is not ClaimState.DIAJUKAN:
                verify = DEFAULT_CALENDAR.add_working_days(
                    date.fromordinal(submitted), r.randint(0, 1)
                ).toordinal()
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
                            DEFAULT_CALENDAR.add_working_days(
                                date.fromordinal(verify), 1
                            ).toordinal(),
                        )
                    )
                    decided = min(decided, self.as_of_o)
                    history.append(
                        (ClaimState.VERIFIKASI, ClaimState.DITETAPKAN, decided, decider, "")
                    )
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
            account = f"{r.randint(100000000, 9999999999)}"
            claim_rows.append((
                claim_id, number, membership, office_id, ctype.value, ctype.programme.value, state.value, reason,
                _iso(event), _iso(submitted), None if decided is None else _iso(decided), None if paid is None else _iso(paid),
                amount, r.choice(demo_data.BANKS), account, logger,
                decider if decided is not None else None, rejection, self.now,
                None if missing else _iso(submitted), basis,
            ))  # fmt: skip
            for from_state, to_state, on, user, note in history:
                event_id += 1
                event_rows.append((event_id, claim_id, None if from_state is None else from_state.value, to_state.value,
                                   _iso(on), self.now, user, note))  # fmt: skip

        calendar = DEFAULT_CALENDAR

        def roll(ordinal: int) -> int:
            return calendar.roll_forward(date.fromordinal(ordinal)).toordinal()

        def after(ordinal: int, low: int, high: int) -> int:
            days = r.randint(low, high)
            return calendar.add_working_days(date.fromordinal(ordinal), days).toordinal()

        first_day = roll(year_start)
        open_states = (
            ClaimState.DIAJUKAN,
            ClaimState.VERIFIKASI,
            ClaimState.DIKEMBALIKAN,
            ClaimState.DITETAPKAN,
            ClaimState.DITOLAK,
        )

        def dates(kind: str, category: str, start: int, end: int) -> tuple[int, int, int | None]:
            """(event, submitted, paid) of a claimant's claim, by its category."""
            paid: int | None
            if kind == "JKK":  # an accident of an active member; the claim follows within weeks
                if category == "paid":
                    paid = r.choice(self.working_days) if self.working_days else self.as_of_o
                elif category == "extra":
                    paid = self.working_day_in(*prev_year)
                else:
                    paid = None
                anchor = paid if paid is not None else self.as_of_o - r.randint(0, 8)
                submitted = min(anchor, roll(anchor - r.randint(1, 6)))
                return self.rint(max(start, submitted - 90), submitted - 2), submitted, paid
            wait = 3 if kind == "JKM" else 31  # JHT and JP: a month after the membership ended
            if category == "paid":
                low = max(end + wait, year_start - 5)
                submitted = min(self.as_of_o, roll(self.rint(low, self.as_of_o - 2)))
                paid = max(first_day, min(self.as_of_o, after(submitted, 1, 5)))
            elif category == "extra":
                submitted = roll(self.rint(end + wait, year_start - 12))
                paid = max(submitted, min(year_start - 1, after(submitted, 1, 3)))
            else:
                low = max(end + wait, self.as_of_o - 10)
                submitted = min(self.as_of_o, roll(self.rint(low, self.as_of_o)))
                paid = None
            return end, submitted, paid

        specs = (
            ("JHT", Programme.JHT, ClaimType.JHT_PENUH, 10_900_000, 0.9, _REASON_JHT),
            ("JKK", Programme.JKK, ClaimType.JKK, 5_680_000, 1.1, _REASON_JKK),
            ("JP", Programme.JP, ClaimType.JP_SEKALIGUS, 1_060_000, 0.6, _REASON_JP),
            ("JKM", Programme.JKM, ClaimType.JKM, 0, 0.0, _REASON_JKM),
        )
        for kind, programme, ctype, mean, sigma, reason in specs:
            target = t.claims[programme]
            claimants = list(self.claimants[kind])
            extra, in_process = self._extra(target.cases), self._in_process(target.cases)
            if kind == "JKK":  # members picked while generated; their categories are dealt here
                r.shuffle(claimants)
                labels = ["paid"] * target.cases + ["extra"] * extra + ["open"] * in_process
                claimants = [
                    (*c[:4], lab, False) for c, lab in zip(claimants, labels, strict=False)
                ]
            paid_amounts = iter(amounts(target.cases, target.amount, mean, sigma) if mean else ())
            extra_amounts = iter(amounts(extra, int(extra * mean), mean, sigma) if mean else ())
            for mid, office_id, start, end, category, scholar in claimants:
                event, submitted, paid = dates(kind, category, start, end)
                if category == "open":
                    state = r.choice(open_states if kind != "JKM" else open_states[:3])
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
                    benefit = jkm_benefit(
                        date.fromordinal(end), months, children_in_school=children
                    )
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
                        basis = _short_basis(ctype, date.fromordinal(event), amount)
                add_claim(mid, office_id, ctype, event, submitted, state, amount, paid, reason,
                          rejection, basis)  # fmt: skip
        self.w.insert(
            "claim",
            ("id", "claim_no", "membership_id", "office_id", "claim_type", "programme", "state", "reason", "event_date",
             "submitted_on", "decided_on", "paid_on", "amount", "bank_name", "bank_account", "logged_by", "decided_by",
             "rejection_reason", "created_at", "docs_complete_on", "amount_basis"),
            claim_rows,
        )  # fmt: skip
        self.w.insert(
            "claim_document",
            ("id", "claim_id", "code", "received_on", "note", "recorded_by", "recorded_at"),
            document_rows,
        )
        self.w.insert(
            "claim_event",
            ("id", "claim_id", "from_state", "to_state", "on_date", "at", "user_id", "note"),
            event_rows,
        )

    # --- bills, payments, arrears ----------------------------------------------------------------
    def billing(self) -> None:
        """Bills per employer and month from its wage earners, paid, late, or in arrears."""
        self.check(74, _("Menghitung tagihan iuran bulanan…"))
        r = self.rng
        last = Period.of(self.as_of)
        periods = [last.shift(i - BILL_MONTHS + 1) for i in range(BILL_MONTHS)]
        n_emp = len(self.emp_reg)
        emp = np.asarray(self.pu_emp, dtype=np.int64)
        start = np.asarray(self.pu_start, dtype=np.int64)
        end = np.asarray(self.pu_end, dtype=np.int64)
        wage = np.asarray(self.pu_wage, dtype=np.int64)
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
        due = [due_date(Segment.PU, p).toordinal() for p in periods]

        # Who pays how: the year's arrears list first (active employers registered before the
        # history began), then late payers and a few new arrears.
        active_old = [
            i
            for i in range(self.n_active_employers)
            if self.emp_reg[i] < first_days[0] and table["ones"][i, 0] > 0
        ]
        r.shuffle(active_old)
        target_list = active_old[: self.t.arrears_target]
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

        bill_rows: list[tuple[Any, ...]] = []
        pay_rows: list[tuple[Any, ...]] = []
        alloc_rows: list[tuple[Any, ...]] = []
        bill_id = pay_id = alloc_id = 0
        self.case_bills: dict[int, list[tuple[int, int, int, int]]] = defaultdict(
            list
        )  # emp -> (k, bill id, amount, paid)
        self.case_collected: dict[int, int] = {}
        for i in range(n_emp):
            reg, na = self.emp_reg[i], self.emp_na[i]
            office_id = self.emp_office[i]
            recorder = self.emp_office_obj[i].users["ar"]
            lump: list[tuple[int, int]] = []  # bills settled by the arrears lump sum
            for k, period in enumerate(periods):
                count = int(table["ones"][i, k])
                if count <= 0 or reg > last_days[k] or (na is not None and na <= first_days[k]):
                    continue
                jkk, jkm, jht, jp = (
                    int(table["jkk"][i, k]),
                    int(table["jkm"][i, k]),
                    int(table["jht"][i, k]),
                    int(jp_table[i, k]),
                )
                amount = jkk + jkm + jht + jp
                bill_id += 1
                paid_amount, settled, pay_on = 0, None, None
                kind = behaviour[i]
                if kind == "arrears" and k >= arrears_from[i]:
                    if i in collected and due[k] <= settle_day[i] + 20:
                        lump.append((bill_id, amount))
                        paid_amount, settled = amount, settle_day[i]
                    elif i in collected:
                        pay_on = min(due[k] - r.randint(0, 5), self.as_of_o)
                    elif k == arrears_from[i] and r.random() < 0.2:
                        paid_amount = amount // 2  # one instalment, then nothing more
                        pay_on = opened_on + r.randint(10, 40)
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
                    pay_id += 1
                    alloc_id += 1
                    pay_rows.append(
                        (
                            pay_id,
                            i + 1,
                            None,
                            office_id,
                            _iso(pay_on),
                            paid_amount,
                            0,
                            f"BNI-{pay_id:09d}",
                            recorder,
                            self.now,
                        )
                    )
                    alloc_rows.append((alloc_id, pay_id, bill_id, paid_amount))
                bill_rows.append((
                    bill_id, i + 1, None, office_id, str(period), _iso(due[k]), count, jkk, jkm, jht, jp, amount,
                    paid_amount, None if settled is None else _iso(settled), self.now,
                ))  # fmt: skip
                if kind == "arrears":
                    self.case_bills[i].append(
                        (
                            k,
                            bill_id,
                            amount,
                            paid_amount if i not in collected or k < arrears_from[i] else 0,
                        )
                    )
            if lump:
                pay_id += 1
                total = sum(a for _b, a in lump)
                pay_rows.append(
                    (
                        pay_id,
                        i + 1,
                        None,
                        office_id,
                        _iso(settle_day[i]),
                        total,
                        0,
                        f"LUNAS-{pay_id:09d}",
                        recorder,
                        self.now,
                    )
                )
                for b, a in lump:
                    alloc_id += 1
                    alloc_rows.append((alloc_id, pay_id, b, a))
            if i % 5000 == 0:
                self.check(74 + int(8 * i / max(1, n_emp)), _("Menghitung tagihan iuran bulanan…"))
        self._recruit_billing(bill_rows, pay_rows, alloc_rows, bill_id, pay_id, alloc_id)
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
        self.periods, self.due, self.opened_on = periods, due, opened_on
        self.target_list, self.collected, self.arrears_from, self.settle_day = (
            target_list,
            collected,
            arrears_from,
            settle_day,
        )

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

    def arrears(self) -> None:
        self.check(84, _("Membuat daftar target piutang dan tindak lanjutnya…"))
        r = self.rng
        case_rows: list[tuple[Any, ...]] = []
        follow_rows: list[tuple[Any, ...]] = []
        letter_numbers: dict[tuple[str, str, int], int] = {}
        follow_id = 0
        opened = self.opened_on
        for case_id, i in enumerate(self.target_list, start=1):
            office = self.emp_office_obj[i]
            first_k = self.arrears_from[i]
            listed = [
                (k, b, a)
                for k, b, a, _p in self.case_bills[i]
                if k >= first_k and self.due[k] < opened
            ]
            if not listed:
                listed = [(k, b, a) for k, b, a, _p in self.case_bills[i] if k >= first_k][:1]
            principal = sum(a for _k, _b, a in listed)
            fine = sum(
                late_fine(
                    a, self.periods[k], date.fromordinal(self.due[k]), date.fromordinal(opened)
                )
                for k, _b, a in listed
            )
            last_k = max(k for k, _b, _a in listed)
            settled = self.settle_day.get(i)
            horizon = settled if settled is not None else self.as_of_o
            steps: list[tuple[str, int, str, str]] = []
            day = opened + r.randint(3, 10)
            ladder = [("SURAT_1", 0), ("SURAT_2", r.randint(14, 30)), ("KUNJUNGAN", r.randint(15, 30)),
                      ("PANGGILAN", r.randint(20, 40)), ("SKK", r.randint(20, 40))]  # fmt: skip
            depth = r.choices((1, 2, 3, 4, 5), weights=(20, 30, 25, 13, 12))[0]
            for kind, gap in ladder[:depth]:
                day += gap
                if day > horizon:
                    break
                number = ""
                if kind in ("SURAT_1", "SURAT_2", "SKK"):
                    # Letters and SKKs are numbered per office and year, each its own number.
                    prefix = "SKK" if kind == "SKK" else "B"
                    year = date.fromordinal(day).year
                    key = (prefix, office.code, year)
                    letter_numbers[key] = letter_numbers.get(key, 0) + 1
                    number = f"{prefix}/{letter_numbers[key]:05d}/{office.code}/{year}"
                steps.append((kind, day, number, ""))
                if r.random() < 0.4 and day + 3 <= horizon:
                    steps.append(
                        (
                            "TELEPON",
                            day + 3,
                            "",
                            "Pemberi kerja dihubungi; berjanji menindaklanjuti",
                        )
                    )
            stage = None
            status = "TERBUKA"
            for kind, _d, _n, _o in steps:
                if kind != "TELEPON":
                    stage = kind
            if stage == "SKK":
                status = "KEJARI"
            promise = None
            if settled is not None:
                status = "LUNAS"
                promise_day = max(opened + 1, settled - r.randint(3, 20))
                promise = ("JANJI_BAYAR", promise_day)
            elif r.random() < 0.25:
                promise = ("JANJI_BAYAR", min(self.as_of_o, opened + r.randint(20, 90)))
            next_action = None
            for kind, day, number, outcome in steps:
                follow_id += 1
                follow_rows.append((follow_id, case_id, kind, _iso(day), office.users["ar" if kind in ("SURAT_1", "SURAT_2", "TELEPON") else "pemeriksa"],
                                    number, outcome, _iso(day + 14), None, None, self.now))  # fmt: skip
                next_action = day + 14
            if promise is not None:
                follow_id += 1
                amount = principal
                kept_on = promise[1] + r.randint(5, 30)
                follow_rows.append((follow_id, case_id, promise[0], _iso(promise[1]), office.users["ar"], "", "Janji melunasi tunggakan",
                                    _iso(kept_on), amount, _iso(kept_on), self.now))  # fmt: skip
                next_action = kept_on
            collected_amount = principal if settled is not None else 0
            case_rows.append((
                case_id, i + 1, office.id, office.users["ar"], self.as_of.year, _iso(opened), str(self.periods[first_k]),
                str(self.periods[last_k]), principal, fine, stage, status, None if settled is None else _iso(settled),
                collected_amount, None if settled is not None or next_action is None else _iso(next_action),
            ))  # fmt: skip
        self.w.insert(
            "arrears_case",
            ("id", "employer_id", "office_id", "officer_id", "target_year", "opened_on", "first_period", "last_period",
             "principal", "fine", "stage", "status", "settled_on", "collected", "next_action_on"),
            case_rows,
        )  # fmt: skip
        self.w.insert(
            "follow_up",
            ("id", "case_id", "kind", "done_on", "officer_id", "number", "outcome", "next_due_on", "promised_amount", "promised_on", "created_at"),
            follow_rows,
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


def generate_demo(
    path: Path,
    *,
    scale: float = 1.0,
    seed: int = 2018,
    as_of: date = DEFAULT_AS_OF,
    progress: ProgressFn | None = None,
    cancelled: CancelFn | None = None,
    actor: Actor | None = None,
) -> DemoResult:
    """Create a demo database at *path* (which must not exist yet).

    Raises:
        ValidationError: a bad scale or date, or *path* already exists.
        DemoCancelled: *cancelled* returned True; nothing was left behind.
    """
    progress = progress or (lambda _p, _m: None)
    cancelled = cancelled or (lambda: False)
    if not 0 < scale <= 1:
        raise ValidationError.single(
            "scale",
            _("Skala harus lebih dari 0 dan paling besar 1, bukan {scale}").format(scale=scale),
        )
    if as_of > today_wib() or as_of < date(2016, 1, 1):
        raise ValidationError.single(
            "as_of", _("Tanggal data demo harus antara 01/01/2016 dan hari ini")
        )
    path = Path(path)
    if path.exists():
        raise ValidationError.single(
            "db", _("File {path} sudah ada; pilih nama lain atau hapus dahulu").format(path=path)
        )
    if not path.parent.is_dir():
        raise ValidationError.single(
            "db", _("Folder {folder} tidak ada").format(folder=path.parent)
        )
    partial = path.with_name(path.name + ".partial")
    for leftover in (
        partial,
        partial.with_name(partial.name + "-wal"),
        partial.with_name(partial.name + "-shm"),
    ):
        leftover.unlink(missing_ok=True)
    started = time.perf_counter()
    try:
        progress(1, _("Menyiapkan database…"))
        db = open_database(sqlite_url(partial))
        db.dispose()
        result = _populate(
            db, partial, scale, seed, as_of, progress, cancelled, actor or Actor.command_line()
        )
        partial.replace(path)
    except BaseException:
        for leftover in (
            partial,
            partial.with_name(partial.name + "-wal"),
            partial.with_name(partial.name + "-shm"),
        ):
            leftover.unlink(missing_ok=True)
        raise
    result.path = str(path)
    result.seconds = time.perf_counter() - started
    progress(100, _("Selesai"))
    return result


def populate_database(db: Database, *, scale: float, seed: int = 2018, as_of: date = DEFAULT_AS_OF,
                      actor: Actor | None = None) -> DemoResult:  # fmt: skip
    """Fill an empty, migrated database (SQLite or PostgreSQL) with the demo; for tests."""
    return _populate(
        db,
        db.path,
        scale,
        seed,
        as_of,
        lambda _p, _m: None,
        lambda: False,
        actor or Actor.command_line(),
    )


def _person_records(session: Session, as_of: date) -> dict[str, int]:
    """The person records of issue #10 on the generated members and claims.

    Every paid JHT claim is posted as a withdrawal of its person's JHT account. One wage earner
    in fifty who joined before the billed months had a raise at their start: 90 % of today's wage
    (rounded down to Rp1.000) from the month they joined, today's wage from the first billed
    month, so the demo's bills (all on today's wage) still follow the wage in force.
    """
    first_billed = Period.of(as_of).shift(1 - BILL_MONTHS)
    joined = func.substr(cast(Membership.start_date, String), 1, 7)
    raised = (
        Membership.segment == Segment.PU,
        Membership.wage.is_not(None),
        Membership.start_date < first_billed.first_day,
        Membership.id % 50 == 7,
    )
    now = literal(_at(as_of), UtcDateTime())  # the as-of day: the same seed gives the same rows
    columns = ["membership_id", "valid_from", "wage", "reported_at"]
    before = session.execute(
        insert(MembershipWage).from_select(
            columns,
            select(Membership.id, joined, Membership.wage * 9 // 10 // 1000 * 1000, now).where(
                *raised
            ),
        )
    )
    session.execute(
        insert(MembershipWage).from_select(
            columns,
            select(Membership.id, literal(str(first_billed)), Membership.wage, now).where(*raised),
        )
    )
    assert isinstance(before, CursorResult)
    partial = _partial_jht_claims(session)
    heirs, years = _jkm_families(session)
    added = _widows(session, as_of)
    second = _second_kpjs(session)
    documents = _received_documents(session)
    withdrawals = jht_account.post_paid_claims(session)
    return {
        "membership_wage": 2 * before.rowcount,
        "claim": partial + added["claim"] + second["claim"],
        "claim_document": documents,
        "jht_entry": withdrawals,
        "person": added["person"],
        "membership": added["membership"] + second["membership"],
        "heir": heirs + added["heir"],
        "pension_payment": added["pension_payment"],
        "scholarship_entitlement": years + added["scholarship_entitlement"],
    }


def _received_documents(session: Session) -> int:
    """The checklist of every claim added above, each document received the day it was lodged.

    A claim lodged before the first recorded checklist (2014) keeps none: its list is not known.
    """
    added = 0
    for claim in session.scalars(
        select(Claim).where(
            ~select(ClaimDocument.id).where(ClaimDocument.claim_id == Claim.id).exists()
        )
    ):
        if not CHECKLISTS.in_force(claim.submitted_on):
            continue
        for code in checklist_of(session, claim):
            session.add(ClaimDocument(
                claim_id=claim.id, code=code, received_on=claim.submitted_on, note="",
                recorded_by=claim.logged_by, recorded_at=_at(claim.submitted_on),
            ))  # fmt: skip
            added += 1
    session.flush()
    return added


_REASON_JHT_30 = "Pengambilan 30% saldo JHT untuk perumahan"
PARTIAL_JHT_SINCE = date(2006, 1, 1)  # members from before: ten years in by 2016


def _at(day: date) -> datetime:
    """09:00 WIB (02:00 UTC) of *day*: a fixed moment, so the demo stays reproducible."""
    return datetime(day.year, day.month, day.day, 2, 0, tzinfo=UTC)


def _partial_jht_claims(session: Session) -> int:
    """One long-standing wage earner in forty took 30 % of their JHT for housing in March 2016
    (after ten years of membership, PP 46/2015 Pasal 22), paid by rule on the balance then.

    In 2016, before the months the demo's figures and bills cover; the claims service will read
    the withdrawal when the member's full JHT is claimed.
    """
    members = session.scalars(
        select(Membership)
        .where(
            Membership.segment == Segment.PU,
            Membership.end_date.is_(None),
            Membership.start_date < PARTIAL_JHT_SINCE,
            # JHT credits are dated from PP 14/1993 (JAMSOSTEK_JHT_RATE): no month before it.
            Membership.start_date >= date(1993, 3, 1),
            Membership.programmes.contains("JHT"),
            Membership.id % 40 == 3,
        )
        .order_by(Membership.id)
    ).all()
    wages = wage_history.schedules(session, members)
    codes = {office_id: code for office_id, code in session.execute(select(Office.id, Office.code))}
    count = 0
    for m in members:
        submitted = date(2016, 3, 1) + timedelta(days=m.id % 20)
        decided, paid = submitted + timedelta(days=2), submitted + timedelta(days=4)
        first, last = Period.of(m.start_date), Period.of(submitted).previous()
        months = [
            ContributionMonth(first.shift(i), wages[m.id].at(first.shift(i)), Segment.PU)
            for i in range(first.months_until(last) + 1)
        ]
        benefit = jht_amount(ClaimType.JHT_30.value, months, decided)
        period = Period.of(submitted)
        sequence = next_value(session, f"claim:{codes[m.office_id]}:{period}")
        claim = Claim(
            claim_no=claim_number(codes[m.office_id], period, sequence), membership_id=m.id,
            office_id=m.office_id, claim_type=ClaimType.JHT_30, programme="JHT",
            state=ClaimState.DIBAYAR, reason=_REASON_JHT_30, event_date=submitted,
            submitted_on=submitted, decided_on=decided, paid_on=paid, amount=benefit.total,
            amount_basis=benefit.basis_text(), docs_complete_on=submitted,
            created_at=_at(submitted),  # same seed, same rows
        )  # fmt: skip
        session.add(claim)
        session.flush()
        steps = (
            (None, ClaimState.DIAJUKAN, submitted),
            (ClaimState.DIAJUKAN, ClaimState.VERIFIKASI, submitted),
            (ClaimState.VERIFIKASI, ClaimState.DITETAPKAN, decided),
            (ClaimState.DITETAPKAN, ClaimState.DIBAYAR, paid),
        )
        session.add_all(
            ClaimEvent(claim_id=claim.id, from_state=a, to_state=b, on_date=day, at=_at(day))
            for a, b, day in steps
        )
        count += 1
    return count


# --- survivors and second KPJs (issue #10) -------------------------------------------------------
#
# Written after the bulk rows, like the partial JHT claims: every claim added here is decided and
# paid before 2018, so the April 2018 figures stay the same; pension months and scholarship years
# are not claims.

_T = TypeVar("_T")
_SCHOOL_AGE = {SchoolLevel.SD: 8, SchoolLevel.SMP: 13, SchoolLevel.SMA: 16}
_IN_SCHOOL = (SchoolLevel.SD, SchoolLevel.SMP, SchoolLevel.SMA)
_REASON_JP_WIDOW = "Meninggal dunia; pensiun janda"
_REASON_REREGISTERED_JHT = "Berhenti bekerja (mengundurkan diri); terdaftar lagi dengan KPJ baru"
# A district number the generator never reaches (it counts districts from 1 per regency), so the
# NIKs of the members added here never collide with a generated one.
_ADDED_DISTRICT = 96


def _pick(items: Sequence[_T], key: int) -> _T:
    return items[key % len(items)]


def _heir_name(key: int, sex: str) -> str:
    first = _pick(demo_data.MALE_NAMES if sex == Sex.L.value else demo_data.FEMALE_NAMES, key)
    return f"{first} {_pick(demo_data.FAMILY_NAMES, key // 7)}".upper()


def _child_birth(event: date, parent_birth: date, age: int, key: int) -> date:
    """A child *age* years old at *event*, born when the parent was at least 17."""
    age = max(1, min(age, (event - parent_birth).days // 365 - 17))
    return date(event.year - age, 1 + key % 12, 1 + key * 7 % 28)


def _heir(person_id: int, name: str, relation: HeirRelation, birth: date | None,
          level: SchoolLevel | None, day: date) -> Heir:  # fmt: skip
    return Heir(
        person_id=person_id, name=name, nik="", relation=HeirRelationKind(relation.value),
        birth_date=birth, school_level=None if level is None else level.value,
        rank=heir_ranks[relation], documents_note="", statement_received=True, id_received=True,
        created_at=_at(day),
    )  # fmt: skip


def _declared(heir: Heir) -> DeclaredHeir:
    level = None if heir.school_level is None else SchoolLevel(heir.school_level)
    return DeclaredHeir(heir.name, HeirRelation(heir.relation.value), birth_date=heir.birth_date,
                        school_level=level)  # fmt: skip


def _paid_claim(session: Session, membership: Membership, ctype: ClaimType, reason: str,
                event: date, submitted: date, decided: date, paid: date, amount: int, basis: str,
                detail: str = "") -> Claim:  # fmt: skip
    """A claim decided and paid by rule, with its four steps (as the partial JHT claims)."""
    code = session.scalar(select(Office.code).where(Office.id == membership.office_id))
    period = Period.of(submitted)
    sequence = next_value(session, f"claim:{code}:{period}")
    claim = Claim(
        claim_no=claim_number(str(code), period, sequence), membership_id=membership.id,
        office_id=membership.office_id, claim_type=ctype, programme=ctype.programme.value,
        state=ClaimState.DIBAYAR, reason=reason, event_date=event, submitted_on=submitted,
        decided_on=decided, paid_on=paid, amount=amount, amount_basis=basis, detail=detail,
        docs_complete_on=submitted, created_at=_at(submitted),
    )  # fmt: skip
    session.add(claim)
    session.flush()
    steps = (
        (None, ClaimState.DIAJUKAN, submitted),
        (ClaimState.DIAJUKAN, ClaimState.VERIFIKASI, submitted),
        (ClaimState.VERIFIKASI, ClaimState.DITETAPKAN, decided),
        (ClaimState.DITETAPKAN, ClaimState.DIBAYAR, paid),
    )
    session.add_all(
        ClaimEvent(claim_id=claim.id, from_state=a, to_state=b, on_date=day, at=_at(day))
        for a, b, day in steps
    )
    return claim


def _jkm_families(session: Session) -> tuple[int, int]:
    """The heirs of every generated JKM claim (the spouse, one to three children), and the
    scholarship its amount includes as the school year of the eldest child, paid with the claim
    (before PP 82/2019: one child, one sum, domain.md §5.1a). Returns (heirs, scholarship years)."""
    rows = session.execute(
        select(Claim, Person)
        .join(Membership, Membership.id == Claim.membership_id)
        .join(Person, Person.id == Membership.person_id)
        .where(Claim.claim_type == ClaimType.JKM)
        .order_by(Claim.id)
    ).all()
    heirs = years = 0
    for claim, person in rows:
        event, key = claim.event_date, claim.id
        rule = JKM_RULES.at(event)
        cash = rule.lump_sum + rule.periodic_months * rule.periodic_monthly + rule.funeral
        scholarship = (claim.amount or 0) - cash if claim.state is ClaimState.DIBAYAR else 0
        spouse_sex = Sex.P.value if person.sex == Sex.L.value else Sex.L.value
        family = [
            _heir(person.id, _heir_name(key, spouse_sex), HeirRelation.PASANGAN,
                  person.birth_date + timedelta(days=365 * (key % 5) - 730), None,
                  claim.submitted_on),
        ]  # fmt: skip
        for i in range(1 + key % 3):
            level = _pick(_IN_SCHOOL, key) if i == 0 and scholarship > 0 else None
            age = _SCHOOL_AGE[level] if level is not None else 5 - 2 * i
            family.append(
                _heir(person.id, _heir_name(key * 3 + i, _pick((Sex.L.value, Sex.P.value), key + i)),
                      HeirRelation.ANAK, _child_birth(event, person.birth_date, age, key + i),
                      level, claim.submitted_on)
            )  # fmt: skip
        if not claim.detail:  # the heirs as declared on the claim form
            claim.detail = json.dumps(detail_to_json(JkmDetail(tuple(map(_declared, family)))))
        session.add_all(family)
        heirs += len(family)
        if scholarship > 0:
            session.flush()
            child = family[1]
            assert child.school_level is not None
            session.add(
                ScholarshipEntitlement(
                    claim_id=claim.id, heir_id=child.id, school_year=event.year,
                    level=child.school_level, amount=scholarship, applied_on=claim.submitted_on,
                    paid_on=claim.paid_on, created_at=_at(claim.submitted_on),
                )
            )  # fmt: skip
            years += 1
    session.flush()
    return heirs, years


def _widows(session: Session, as_of: date) -> dict[str, int]:
    """In each branch, a member of a JP employer since 2012 who died in March 2017: the JKM paid
    to the family (Rp24 juta and the eldest child's Rp12 juta scholarship, PP 44/2015), and the
    widow's pension (PP 45/2015 Pasal 16; computed on 15 years, Permenaker 29/2015 Pasal 26)
    decided and paid in 2017: its first two years recorded (the second indexed), the months up
    to the one before the as-of month paid on the 25th."""
    offices = session.execute(
        select(Office.id, Office.regencies)
        .where(Office.kind != OfficeKind.KANWIL, Office.regencies != "")
        .order_by(Office.id)
    ).all()
    joined = date(2012, 1, 2)
    counts = {"person": 0, "membership": 0, "claim": 0, "heir": 0, "pension_payment": 0,
              "scholarship_entitlement": 0}  # fmt: skip
    for n, (office_id, regencies) in enumerate(offices):
        employer = session.scalar(
            select(Employer)
            .where(
                Employer.office_id == office_id,
                Employer.programmes.contains("JP"),
                Employer.registered_on <= joined,
            )
            .order_by(Employer.id)
            .limit(1)
        )
        if employer is None:
            continue
        start, death = joined + timedelta(days=n % 3), date(2017, 3, 6) + timedelta(days=n % 10)
        birth = date(1976 + n % 8, 1 + n % 12, 1 + 3 * n % 28)
        regency = regencies.split(",")[0]
        person = Person(
            nik=make_nik(regency, _ADDED_DISTRICT, birth, Sex.L, n + 1), name=_heir_name(n, "L"),
            birth_place=JATIM_REGENCIES[regency].split(" ", 1)[1].upper(), birth_date=birth,
            sex=Sex.L.value, mother_name=_heir_name(n + 5, "P"), regency_code=regency,
            phone="", created_at=_at(start),
        )  # fmt: skip
        session.add(person)
        session.flush()
        wage = 4_000_000 + 250_000 * (n % 8)
        membership = Membership(
            kpj=make_kpj(start.year, next_value(session, f"kpj:{start.year % 100:02d}")),
            person_id=person.id, segment=Segment.PU, office_id=office_id, employer_id=employer.id,
            programmes=employer.programmes, wage=wage, job_title=demo_data.JOBS_PU[n % 10],
            start_date=start, end_date=death, end_reason=EndReason.MENINGGAL,
            created_at=_at(start),
        )  # fmt: skip
        session.add(membership)
        session.flush()
        widow = _heir(person.id, _heir_name(n + 11, "P"), HeirRelation.PASANGAN,
                      birth + timedelta(days=700), None, death)  # fmt: skip
        older = _heir(person.id, _heir_name(3 * n + 1, "L"), HeirRelation.ANAK,
                      _child_birth(death, birth, 16, n), SchoolLevel.SMA, death)  # fmt: skip
        younger = _heir(person.id, _heir_name(3 * n + 2, "P"), HeirRelation.ANAK,
                        _child_birth(death, birth, 8, n + 1), SchoolLevel.SD, death)  # fmt: skip
        session.add_all((widow, older, younger))
        session.flush()
        declared = tuple(map(_declared, (widow, older, younger)))
        first, last = Period.of(start), Period.of(death)
        months = [
            ContributionMonth(first.shift(i), wage, Segment.PU)
            for i in range(first.months_until(last) + 1)
        ]
        children = [SchoolLevel.SMA, SchoolLevel.SD]
        jkm = jkm_benefit(death, first.months_until(last), children=children)
        submitted = DEFAULT_CALENDAR.roll_forward(death + timedelta(days=7))
        jkm_claim = _paid_claim(
            session, membership, ClaimType.JKM, _REASON_JKM, death, submitted,
            DEFAULT_CALENDAR.add_working_days(submitted, 2),
            DEFAULT_CALENDAR.add_working_days(submitted, 4), jkm.total,
            jkm_amount(death, first.months_until(last), 0, children).basis_text(),
            json.dumps(detail_to_json(JkmDetail(declared))),
        )  # fmt: skip
        for entitlement in jkm.scholarships:
            session.add(
                ScholarshipEntitlement(
                    claim_id=jkm_claim.id, heir_id=older.id, school_year=entitlement.year,
                    level=SchoolLevel.SMA.value, amount=entitlement.amount,
                    applied_on=submitted, paid_on=jkm_claim.paid_on, created_at=_at(submitted),
                )
            )  # fmt: skip
        pension = jp_pension(JpKind.JANDA_DUDA, months, death, joined=start)
        decided = DEFAULT_CALENDAR.add_working_days(submitted, 5)
        jp_claim = _paid_claim(
            session, membership, ClaimType.JP_BERKALA, _REASON_JP_WIDOW, death, submitted,
            decided, DEFAULT_CALENDAR.add_working_days(decided, 2), pension.total, pension.basis_text(),
            json.dumps(detail_to_json(JpDetail(JpGround.MENINGGAL, JpKind.JANDA_DUDA))),
        )  # fmt: skip
        schedule = jp_schedule(Period.of(death).next(), pension.total, 24)
        for i, (period, amount) in enumerate(schedule):
            paid_on = (
                jp_claim.paid_on
                if i == 0
                else DEFAULT_CALENDAR.roll_forward(period.first_day.replace(day=25))
            )
            session.add(
                PensionPayment(
                    claim_id=jp_claim.id, heir_id=widow.id, period=str(period), amount=amount,
                    paid_on=paid_on if period < Period.of(as_of) else None,
                    created_at=_at(decided),
                )
            )  # fmt: skip
        for table, added in (("person", 1), ("membership", 1), ("claim", 2), ("heir", 3),
                             ("pension_payment", len(schedule)),
                             ("scholarship_entitlement", len(jkm.scholarships))):  # fmt: skip
            counts[table] += added
    session.flush()
    return counts


def _second_kpjs(session: Session) -> dict[str, int]:
    """One active wage earner in five hundred who joined in 2014–mid 2017 had worked before at
    another employer of the branch under a first KPJ: resigned, their JHT claimed after the
    month's wait (PP 60/2015) and paid by rule, then registered again under a new KPJ. Their
    one JHT account holds both cards; the full withdrawal closed the first card's months."""
    members = session.scalars(
        select(Membership)
        .where(
            Membership.segment == Segment.PU,
            Membership.end_date.is_(None),
            Membership.employer_id.is_not(None),
            Membership.start_date.between(date(2014, 1, 1), date(2017, 6, 30)),
            Membership.programmes.contains("JHT"),
            Membership.id % 500 == 11,
        )
        .order_by(Membership.id)
    ).all()
    counts = {"membership": 0, "claim": 0}
    for m in members:
        left = m.start_date - timedelta(days=75 + m.id % 45)
        began = date(left.year - 2 - m.id % 4, 1 + m.id % 12, 1 + m.id % 27)
        other = session.scalar(
            select(Employer)
            .where(
                Employer.office_id == m.office_id,
                Employer.id != m.employer_id,
                Employer.registered_on <= began,
                Employer.programmes.contains("JHT"),
            )
            .order_by(Employer.id)
            .offset(m.id % 7)
            .limit(1)
        )
        if other is None:
            continue
        assert m.wage is not None
        wage = m.wage * 9 // 10 // 1000 * 1000
        first = Membership(
            kpj=make_kpj(began.year, next_value(session, f"kpj:{began.year % 100:02d}")),
            person_id=m.person_id, segment=Segment.PU, office_id=m.office_id,
            employer_id=other.id, programmes=other.programmes, wage=wage,
            job_title=m.job_title, start_date=began, end_date=left,
            end_reason=EndReason.MENGUNDURKAN_DIRI, created_at=_at(began),
        )  # fmt: skip
        session.add(first)
        session.flush()
        start, end = Period.of(began), Period.of(left)
        months = [
            ContributionMonth(start.shift(i), wage, Segment.PU)
            for i in range(start.months_until(end) + 1)
        ]
        submitted = DEFAULT_CALENDAR.roll_forward(left + timedelta(days=33))
        decided = DEFAULT_CALENDAR.add_working_days(submitted, 2)
        benefit = jht_amount(ClaimType.JHT_PENUH.value, months, decided)
        _paid_claim(
            session, first, ClaimType.JHT_PENUH, _REASON_REREGISTERED_JHT, left, submitted,
            decided, DEFAULT_CALENDAR.add_working_days(decided, 2), benefit.total,
            benefit.basis_text(),
        )  # fmt: skip
        counts["membership"] += 1
        counts["claim"] += 1
    return counts


def _populate(db: Database, sqlite_path: Path | None, scale: float, seed: int, as_of: date, progress: ProgressFn,
              cancelled: CancelFn, actor: Actor) -> DemoResult:  # fmt: skip
    started = time.perf_counter()
    targets = DemoTargets.at_scale(scale)
    with db.read() as session:
        office_rows = session.execute(
            text("SELECT id, code, regencies, kind FROM office ORDER BY id")
        ).all()
        if session.execute(text("SELECT count(*) FROM employer")).scalar_one():
            raise ValidationError.single(
                "db", _("Database ini sudah berisi data; data demo hanya dibuat di database kosong")
            )
    offices = [
        _Office(
            row.id, row.code, tuple(row.regencies.split(",")), OFFICE_WEIGHTS.get(row.code, 2.0)
        )
        for row in office_rows
        if row.kind != "KANWIL" and row.regencies
    ]
    db.dispose()  # the bulk writer takes the SQLite file for itself
    writer = BulkWriter(db, sqlite_path)
    try:
        builder = _Builder(writer, offices, targets, seed, as_of, progress, cancelled)
        builder.check(3, _("Membuat pengguna dan pemberi kerja…"))
        builder.users()
        builder.employers()
        builder.agents()
        builder.projects()
        builder.members()
        builder.claims()
        builder.billing()
        builder.arrears()
        actuals = _office_actuals(builder)
        builder.targets(actuals)
        builder.check(94, _("Menyimpan nomor urut dan pengaturan…"))
        counters = [(f"kpj:{y % 100:02d}", v) for y, v in builder.kpj_counters.items()]
        counters += [(f"npp:{y % 100:02d}", v) for y, v in builder.npp_counters.items()]
        counters += [(f"project:{y % 100:02d}", v) for y, v in builder.project_counters.items()]
        counters += [(f"claim:{k}", v) for k, v in builder.claim_counters.items()]
        writer.insert("counter", ("name", "value"), counters)
        marker = {
            "scale": scale,
            "seed": seed,
            "as_of": as_of.isoformat(),
            "password": DEMO_PASSWORD,
        }
        writer.insert("setting", ("key", "value"), [("demo", json.dumps(marker))])
        builder.check(96, _("Menyelesaikan file database…"))
        writer.commit()
    except BaseException:
        writer.rollback()
        raise
    rows = dict(writer.counts)
    # The password stays in the demo setting (the sign-in screen shows it) and out of the audit
    # trail: no secret is ever part of the trail (issue #11).
    public = {key: value for key, value in marker.items() if key != "password"}
    with db.write() as session:
        for table, added in _person_records(session, as_of).items():
            rows[table] = rows.get(table, 0) + added
        audit.record(session, actor, "demo.generate", "database", "", {**public, "rows": rows})
    # The dashboard's monthly facts of the demo year, so that it opens at once (issue #6).
    progress(98, _("Menghitung fakta bulanan untuk dasbor…"))
    facts.rebuild_facts(db, as_of.year, latest=Period.of(as_of))
    db.dispose()
    return DemoResult(
        str(sqlite_path or db.describe()), scale, seed, as_of, time.perf_counter() - started, rows
    )


def _office_actuals(builder: _Builder) -> dict[int, dict[str, int]]:
    """Rough per-office realisation at the as-of date, for a plausible target plan."""
    actuals: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for i in range(builder.n_active_employers):
        actuals[builder.emp_office[i]]["employers"] += 1
    shares = [o.weight for o in builder.offices]
    for segment in SEGMENTS_FOR_TARGETS:
        for office, count in zip(
            builder.offices, largest_remainder(builder.t.workers[segment], shares), strict=True
        ):
            actuals[office.id][segment.value] = count
    for office_id, recruits in builder.recruits_by_office.items():
        actuals[office_id]["recruits"] += recruits
    for i in builder.target_list:
        actuals[builder.emp_office[i]]["arrears"] += 1
    return actuals


SEGMENTS_FOR_TARGETS = (Segment.PU, Segment.BPU, Segment.JAKON, Segment.PMI)
