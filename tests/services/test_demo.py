"""The demo generator: its records reproduce the April 2018 figures and follow the rules.

Most tests read the session's demo file (scale 0.005, seed 7); a few generate small ones of
their own in tmp_path.
"""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
from collections import defaultdict
from datetime import date
from pathlib import Path

import pytest

from bpjs_desktop.db.engine import Database, sqlite_url
from bpjs_desktop.db.migrate import open_database
from bpjs_desktop.domain.benefits import jkm_benefit
from bpjs_desktop.domain.contributions import pu_contribution
from bpjs_desktop.domain.identifiers import Sex, parse_nik
from bpjs_desktop.domain.periods import Period
from bpjs_desktop.domain.programmes import Programme, RiskGroup, Segment, parse_programmes
from bpjs_desktop.errors import ValidationError
from bpjs_desktop.services import auth, backup, reports
from bpjs_desktop.services.auth import AuthenticationError
from bpjs_desktop.services.demo.plan import DEMO_PASSWORD, DemoCancelled, DemoTargets
from bpjs_desktop.services.demo.run import generate_demo, populate_database
from bpjs_desktop.services.reports import OfficeSummary
from tests.conftest import opened_copy
from tests.helpers import assert_sound_at_head

APRIL = Period(2018, 4)
SCALE = 0.005
SEED = 7  # the seed of the session's demo_file (tests/conftest.py)


# --- helpers ----------------------------------------------------------------------------------


def _query(path: Path, sql: str, params: tuple[object, ...] = ()) -> list[tuple]:
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return connection.execute(sql, params).fetchall()
    finally:
        connection.close()


def _summary_of(path: Path, period: Period = APRIL) -> reports.MonthlySummary:
    """The monthly summary computed from a private copy of a demo file."""
    copy = path.with_name(f"{path.stem}-copy-{period}.sqlite")
    shutil.copyfile(path, copy)
    db = open_database(sqlite_url(copy), create=False)
    try:
        return reports.monthly_summary(db, period)
    finally:
        db.dispose()
        for side in (copy, copy.with_name(copy.name + "-wal"), copy.with_name(copy.name + "-shm")):
            side.unlink(missing_ok=True)


def _target_figures(total: OfficeSummary) -> dict[str, object]:
    """The figures the generator is asked to reproduce, read from a summary's total."""
    return {
        "employers_active": total.employers_active,
        "workers": {s: total.workers(s) for s in Segment},
        "agents": total.perisai_agents,
        "recruits": total.perisai_recruits,
        "claims": {p: total.claims(p).cases for p in (Programme.JHT, Programme.JKK, Programme.JKM, Programme.JP)},
        "rupiah": {p: total.claims(p).amount for p in (Programme.JHT, Programme.JKK, Programme.JKM, Programme.JP)},
        "arrears_target": total.arrears_target,
        "arrears_collected": total.arrears_collected,
    }  # fmt: skip


def _expected_figures(scale: float) -> dict[str, object]:
    t = DemoTargets.at_scale(scale)
    # JKM is paid by its rule, not apportioned: Rp24 juta per death in 2018, plus the scholarship
    # (Rp12 juta in 2018) for the heirs of members with enough contribution months.
    jkm = t.claims[Programme.JKM].cases * jkm_benefit(date(2018, 4, 1), 12).total + (
        t.jkm_scholarships
        * (
            jkm_benefit(date(2018, 4, 1), 120, children_in_school=1).total
            - jkm_benefit(date(2018, 4, 1), 120).total
        )
    )
    return {
        "employers_active": t.employers_active,
        "workers": dict(t.workers),
        "agents": t.agents,
        "recruits": t.recruits,
        "claims": {p: c.cases for p, c in t.claims.items()},
        "rupiah": {
            Programme.JHT: t.claims[Programme.JHT].amount,
            Programme.JKK: t.claims[Programme.JKK].amount,
            Programme.JKM: jkm,
            Programme.JP: t.claims[Programme.JP].amount,
        },
        "arrears_target": t.arrears_target,
        "arrears_collected": t.arrears_collected,
    }


def _table_digest(path: Path, table: str, columns: str = "*") -> str:
    rows = _query(path, f"SELECT {columns} FROM {table} ORDER BY id")
    return hashlib.sha256(repr(rows).encode()).hexdigest()


@pytest.fixture(scope="module")
def demo_summary(demo_file: Path) -> reports.MonthlySummary:
    return _summary_of(demo_file)


# --- the figures --------------------------------------------------------------------------------


def test_demo_summary_reproduces_the_scaled_april_2018_figures(
    demo_summary: reports.MonthlySummary,
) -> None:
    """The April 2018 summary computed from the demo's records equals DemoTargets at scale 0.005:
    employers, workers per segment, Perisai agents and recruits, claims per programme with their
    rupiah, and the arrears target and collected."""
    t = DemoTargets.at_scale(SCALE)
    total = demo_summary.total
    assert total.employers_active == t.employers_active == 316
    assert {s: total.workers(s) for s in Segment} == t.workers
    assert total.workers_total == sum(t.workers.values())
    assert (total.perisai_agents, total.perisai_recruits) == (t.agents, t.recruits)
    for programme, target in t.claims.items():
        assert total.claims(programme).cases == target.cases, programme
    for programme in (Programme.JHT, Programme.JKK, Programme.JP):
        assert total.claims(programme).amount == t.claims[programme].amount, programme
    assert total.claims(Programme.JKP).cases == 0
    assert (total.arrears_target, total.arrears_collected) == (
        t.arrears_target,
        t.arrears_collected,
    )
    assert _target_figures(total) == _expected_figures(SCALE)


def test_demo_spreads_its_figures_over_the_offices(demo_summary: reports.MonthlySummary) -> None:
    """Every KC and KCP has employers and workers; the region's total is the sum of its rows."""
    assert len(demo_summary.rows) == 21
    for row in demo_summary.rows:
        assert row.employers_active > 0 and row.workers_pu > 0, row.office_code
    assert demo_summary.total.employers_active == sum(r.employers_active for r in demo_summary.rows)


def test_demo_records_excluded_by_the_definitions_exist(demo_file: Path) -> None:
    """The demo also holds the records the summary must leave out — claims paid in December 2017,
    claims not paid yet, ended memberships — so that the figures test the definitions."""
    december = _query(
        demo_file, "SELECT count(*) FROM claim WHERE paid_on BETWEEN '2017-12-01' AND '2017-12-31'"
    )
    unpaid = _query(demo_file, "SELECT count(*) FROM claim WHERE paid_on IS NULL")
    ended = _query(demo_file, "SELECT count(*) FROM membership WHERE end_date < '2018-04-30'")
    non_active = _query(demo_file, "SELECT count(*) FROM employer WHERE na_date IS NOT NULL")
    assert december[0][0] > 0 and unpaid[0][0] > 0 and ended[0][0] > 0 and non_active[0][0] > 0


# --- determinism --------------------------------------------------------------------------------


def test_same_seed_gives_the_same_records(demo_file: Path, tmp_path: Path) -> None:
    """Generating again with the same seed gives identical persons, memberships, claims and bills,
    JHT account entries (stamped with the demo's own day, not the clock's) and an identical
    summary."""
    again = tmp_path / "lagi.sqlite"
    generate_demo(again, scale=SCALE, seed=SEED)
    tables = ("person", "membership", "employer", "claim", "contribution_bill", "arrears_case",
              "jht_entry")  # fmt: skip
    for table in tables:
        assert _table_digest(again, table) == _table_digest(demo_file, table), table
    samples = "SELECT p.nik, m.kpj FROM person p JOIN membership m ON m.person_id = p.id ORDER BY p.id LIMIT 50"
    assert _query(again, samples) == _query(demo_file, samples)
    assert _summary_of(again) == _summary_of(demo_file)


def test_another_seed_gives_other_records_but_the_same_figures(
    demo_file: Path, demo_summary: reports.MonthlySummary, tmp_path: Path
) -> None:
    """Another seed draws other people (other NIKs and names) but reproduces the same figures."""
    other = tmp_path / "lain.sqlite"
    generate_demo(other, scale=SCALE, seed=SEED + 1)
    sample = "SELECT nik, name FROM person ORDER BY id LIMIT 200"
    theirs, ours = _query(other, sample), _query(demo_file, sample)
    assert theirs != ours
    assert len({n for n, _ in theirs} & {n for n, _ in ours}) < 100
    assert _table_digest(other, "claim", "amount") != _table_digest(demo_file, "claim", "amount")
    assert _target_figures(_summary_of(other).total) == _target_figures(demo_summary.total)


# --- the records follow the rules ---------------------------------------------------------------


def test_every_nik_is_valid_and_of_jawa_timur(demo_file: Path) -> None:
    """Every person's NIK parses, lies in province 35 (Jawa Timur) and encodes the person's own
    birth date, sex and regency; every Perisai agent's NIK parses and is of Jawa Timur too."""
    persons = _query(demo_file, "SELECT nik, birth_date, sex, regency_code FROM person")
    assert len(persons) > 10_000
    problems = []
    for nik, birth, sex, regency in persons:
        info = parse_nik(nik, today=date(2018, 4, 30))
        if (info.province_code, info.birth_date.isoformat(), info.sex, info.regency_code) != (
            "35", birth, Sex(sex), regency,
        ):  # fmt: skip
            problems.append(nik)
    assert problems == []
    assert len({nik for nik, *_ in persons}) == len(persons)
    agents = _query(demo_file, "SELECT nik FROM agent")
    assert agents
    assert all(parse_nik(nik).province_code == "35" for (nik,) in agents)


def test_every_kpj_and_npp_is_unique(demo_file: Path) -> None:
    """KPJ and NPP numbers are never issued twice."""
    assert _query(demo_file, "SELECT count(*) - count(DISTINCT kpj) FROM membership") == [(0,)]
    assert _query(demo_file, "SELECT count(*) - count(DISTINCT npp) FROM employer") == [(0,)]


@pytest.mark.parametrize("month", ["2018-04", "2018-02", "2017-07"])
def test_bills_equal_the_contribution_rules(demo_file: Path, month: str) -> None:
    """Each employer's bill of a month equals the domain rule summed over its wage earners
    active in that month (started by its last day, not ended before its first), with the
    employer's risk group and programmes: per programme, in total, and in head count."""
    period = Period.parse(month)
    employers = {
        row[0]: row[1:]
        for row in _query(
            demo_file, "SELECT id, risk_group, programmes, labour_intensive FROM employer"
        )
    }
    members: dict[int, list[int]] = defaultdict(list)
    for employer_id, wage in _query(
        demo_file,
        "SELECT employer_id, wage FROM membership WHERE segment = 'PU' AND start_date <= ? "
        "AND (end_date IS NULL OR end_date >= ?)",
        (period.last_day.isoformat(), period.first_day.isoformat()),
    ):
        members[employer_id].append(wage)
    bills = _query(
        demo_file,
        "SELECT employer_id, worker_count, jkk, jkm, jht, jp, amount FROM contribution_bill "
        "WHERE period = ? AND employer_id IS NOT NULL",
        (month,),
    )
    assert len(bills) > 100
    for employer_id, count, jkk, jkm, jht, jp, amount in bills:
        risk, programmes, labour_intensive = employers[employer_id]
        expected = dict.fromkeys(("JKK", "JKM", "JHT", "JP"), 0)
        total = 0
        for wage in members[employer_id]:
            contribution = pu_contribution(
                wage, period, RiskGroup(risk), parse_programmes(programmes),
                labour_intensive=bool(labour_intensive),
            )  # fmt: skip
            for line in contribution.lines:
                expected[line.key] += line.total
            total += contribution.total
        assert (count, jkk, jkm, jht, jp, amount) == (
            len(members[employer_id]), expected["JKK"], expected["JKM"], expected["JHT"],
            expected["JP"], total,
        ), f"employer {employer_id}, {month}"  # fmt: skip


def test_demo_file_is_sound(demo_file: Path) -> None:
    """No dangling reference (PRAGMA foreign_key_check is empty), integrity ok, and the app's own
    check passes (audit chain included); the file stands at the head revision."""
    assert _query(demo_file, "PRAGMA foreign_key_check") == []
    assert _query(demo_file, "PRAGMA integrity_check") == [("ok",)]
    with opened_copy(demo_file, demo_file.with_name("check-copy.sqlite"), create=False) as db:
        assert_sound_at_head(db)


def test_every_paid_jht_claim_is_a_withdrawal_of_its_persons_account(demo_file: Path) -> None:
    """Issue #10: each paid JHT claim (full, and the 30 % housing withdrawals of 2016) has left
    its person's JHT account with exactly its amount; a full claim records the months it paid."""
    claims = _query(
        demo_file,
        "SELECT c.id, m.person_id, c.amount, c.claim_type FROM claim c "
        "JOIN membership m ON m.id = c.membership_id "
        "WHERE c.programme = 'JHT' AND c.state = 'DIBAYAR' ORDER BY c.id",
    )
    entries = _query(
        demo_file,
        "SELECT claim_id, person_id, -amount, covers_until IS NOT NULL FROM jht_entry "
        "WHERE kind = 'WITHDRAWAL' ORDER BY claim_id",
    )
    assert {kind for *_rest, kind in claims} == {"JHT_PENUH", "JHT_30"}
    assert entries == [(i, p, amount, kind == "JHT_PENUH") for i, p, amount, kind in claims]


def test_payments_are_allocated_to_bills_exactly(demo_file: Path) -> None:
    """What a bill shows as paid is what the payment allocations give it, and never more than due."""
    rows = _query(
        demo_file,
        "SELECT b.id, b.amount, b.paid, COALESCE(SUM(a.amount), 0) FROM contribution_bill b "
        "LEFT JOIN payment_allocation a ON a.bill_id = b.id GROUP BY b.id",
    )
    assert rows
    assert [r for r in rows if r[2] != r[3] or not 0 <= r[2] <= r[1]] == []


def test_demo_users_can_sign_in_with_the_demo_password(demo_db: Database) -> None:
    """The demo has an administrator and staff per office who sign in with DEMO_PASSWORD; the
    sign-in screen can show it; a wrong password is refused."""
    admin = auth.authenticate(demo_db, "admin", DEMO_PASSWORD)
    assert admin.role.value == "ADMIN"
    head = auth.authenticate(demo_db, "kepala.grs", DEMO_PASSWORD)
    assert head.role.value == "KEPALA" and head.office_id is not None
    assert auth.demo_password(demo_db) == DEMO_PASSWORD
    with pytest.raises(AuthenticationError):
        auth.authenticate(demo_db, "admin", "salah-sandi")


# --- the generation itself ----------------------------------------------------------------------


def test_generating_onto_an_existing_path_is_refused(tmp_path: Path) -> None:
    """An existing file is never overwritten: ValidationError, and the file is unchanged."""
    path = tmp_path / "kantor.sqlite"
    path.write_bytes(b"data kantor yang sebenarnya")
    with pytest.raises(ValidationError, match="sudah ada"):
        generate_demo(path, scale=SCALE)
    assert path.read_bytes() == b"data kantor yang sebenarnya"
    assert [p.name for p in tmp_path.iterdir()] == ["kantor.sqlite"]


@pytest.mark.parametrize("scale", [0, -0.1, 1.5])
def test_bad_scale_is_refused(tmp_path: Path, scale: float) -> None:
    """A scale outside (0, 1] is a ValidationError on the scale field; nothing is created."""
    with pytest.raises(ValidationError) as caught:
        generate_demo(tmp_path / "demo.sqlite", scale=scale)
    assert caught.value.field == "scale"
    assert list(tmp_path.iterdir()) == []


def test_cancelled_generation_leaves_nothing_behind(tmp_path: Path) -> None:
    """Cancel after a few progress reports: DemoCancelled, and neither the file nor its .partial
    (nor WAL side files) remain."""
    path = tmp_path / "demo.sqlite"
    reports_seen: list[int] = []

    def cancelled() -> bool:
        return len(reports_seen) >= 3

    with pytest.raises(DemoCancelled):
        generate_demo(
            path, scale=SCALE, progress=lambda p, _m: reports_seen.append(p), cancelled=cancelled
        )
    assert len(reports_seen) >= 3
    assert 100 not in reports_seen
    assert list(tmp_path.iterdir()) == []


def test_generation_reports_progress_to_the_end(tmp_path: Path) -> None:
    """A completed run reports rising progress ending at 100 and returns what it wrote."""
    seen: list[int] = []
    result = generate_demo(
        tmp_path / "demo.sqlite", scale=0.002, seed=3, progress=lambda p, _m: seen.append(p)
    )
    assert seen == sorted(seen) and seen[-1] == 100
    assert result.rows["employer"] > 0 and result.path == str(tmp_path / "demo.sqlite")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["demo.sqlite"]


@pytest.mark.parametrize(
    "scale",
    [
        0.002,  # no agent rounds to one here, yet 7 recruits do: one agent is kept for them
        0.003,
    ],
)
def test_smaller_demos_reproduce_their_scaled_figures(tmp_path: Path, scale: float) -> None:
    """At any scale, down to tiny ones, every count of the summary is the scaled figure."""
    path = tmp_path / "demo.sqlite"
    generate_demo(path, scale=scale, seed=11)
    assert _target_figures(_summary_of(path).total) == _expected_figures(scale)


@pytest.mark.postgres
def test_demo_on_postgresql_gives_the_same_figures(pg_db: Database) -> None:
    """populate_database on PostgreSQL (COPY) gives the same figures as on SQLite."""
    scale = 0.003
    populate_database(pg_db, scale=scale, seed=5)
    total = reports.monthly_summary(pg_db, APRIL).total
    assert _target_figures(total) == _expected_figures(scale)
    assert auth.authenticate(pg_db, "admin", DEMO_PASSWORD).role.value == "ADMIN"
    assert backup.check(pg_db).ok


@pytest.mark.slow
def test_demo_at_scale_0_05_reproduces_the_figures(tmp_path: Path) -> None:
    """At scale 0.05 (a twentieth of the region: ~140,000 people) the summary still equals the
    scaled figures."""
    path = tmp_path / "demo.sqlite"
    generate_demo(path, scale=0.05, seed=2018)
    total = _summary_of(path).total
    t = DemoTargets.at_scale(0.05)
    assert total.employers_active == t.employers_active == 3160
    assert total.workers_total == sum(t.workers.values()) == 132_500
    assert _target_figures(total) == _expected_figures(0.05)
    assert _query(path, "PRAGMA foreign_key_check") == []


# --- the demo tells one story (issue #13 item 4) -------------------------------------------------


def test_every_rejected_claim_is_refused_by_the_rules_for_the_reason_it_gives(
    demo_db: Database,
) -> None:
    """A head of office opening a rejected demo claim reads a reason its own dates bear out: the
    rules, asked again on the stored claim, give that very refusal."""
    from sqlalchemy import select

    from bpjs_desktop.db.models import Claim
    from bpjs_desktop.domain.claims import ClaimState
    from bpjs_desktop.services import claims

    with demo_db.read() as session:
        rejected = list(session.scalars(select(Claim).where(Claim.state == ClaimState.DITOLAK)))
        assert rejected
        for claim in rejected:
            refusals = [e.message for e in claims.eligibility_of(session, claim).refusals]
            assert claim.rejection_reason in refusals, (claim.claim_no, refusals)


def test_paid_demo_claims_have_their_documents_and_the_basis_of_their_amount(
    demo_file: Path,
) -> None:
    """Every paid claim lodged since the checklists were recorded (2014) has every document of
    its checklist received by the decision, and the basis of its amount beside the amount."""
    paid = _query(
        demo_file,
        "SELECT count(*), sum(amount_basis IS NULL OR amount_basis = ''), "
        "sum(docs_complete_on IS NULL) FROM claim WHERE state = 'DIBAYAR'",
    )
    assert paid[0][0] > 0 and paid[0][1:] == (0, 0)
    without = _query(
        demo_file,
        "SELECT count(*) FROM claim c WHERE c.state = 'DIBAYAR' AND c.submitted_on >= '2014-01-01' "
        "AND NOT EXISTS (SELECT 1 FROM claim_document d WHERE d.claim_id = c.id)",
    )
    assert without == [(0,)]
    late = _query(
        demo_file,
        "SELECT count(*) FROM claim_document d JOIN claim c ON c.id = d.claim_id "
        "WHERE c.state = 'DIBAYAR' AND (d.received_on IS NULL OR d.received_on > c.decided_on)",
    )
    assert late == [(0,)]
