"""A process killed (SIGKILL) at a random moment loses nothing it reported as saved (issue #12).

Four kinds of work are killed in turn: a worker-list import through ``bpjs-desktop import
workers`` (4,000 rows in one transaction), demo generation through ``bpjs-desktop demo --scale
0.01``, month closes, and ordinary writes through the services (register a worker, end the
membership, log a JHT claim, record a payment). The child prints a line after each commit,
flushed, so the test knows exactly what was committed before the kill. After every kill:

- ``PRAGMA integrity_check`` is ``ok``;
- the audit chain verifies;
- an import is all there or not there at all (its 4,000 memberships and its one audit event);
- every id the child printed is in the database;
- a killed demo leaves no office file, or a complete one.
"""

from __future__ import annotations

import json
import os
import random
import re
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import func, select

from bpjs_desktop.db.engine import Database, sqlite_url
from bpjs_desktop.db.migrate import open_database
from bpjs_desktop.db.models import AuditEvent, Claim, Employer, Membership, MonthClose, Payment
from bpjs_desktop.services import audit
from tests.crash.conftest import IMPORT_ROWS, OUTCOMES, copy_database, kills

pytestmark = pytest.mark.crash

ROOT = Path(__file__).resolve().parents[2]
SEED = int(os.environ.get("BPJS_CRASH_SEED", str(int(time.time()))))

# The ordinary writes of a front office, each printed once committed.
_WRITES = """
import sys
from datetime import date
from bpjs_desktop.db.migrate import open_database
from bpjs_desktop.db.models import EndReason
from bpjs_desktop.domain.claims import ClaimType
from bpjs_desktop.domain.identifiers import Sex, make_nik
from bpjs_desktop.domain.programmes import Segment
from bpjs_desktop.services import claims, contributions, membership_common, worker_registry
from bpjs_desktop.services.claims import ClaimInput
from bpjs_desktop.services.context import Actor

url, npp = sys.argv[1], sys.argv[2]
db = open_database(url, create=False)
actor = Actor.command_line()
for serial in range(1, 400):
    worker = worker_registry.register_worker(db, actor, membership_common.WorkerInput(
        nik=make_nik("3525", 94, date(1990, 5, 15), Sex.L, serial), name="Budi Santoso",
        birth_date=date(1990, 5, 15), sex=Sex.L, segment=Segment.PU, start_date=date(2018, 1, 2),
        wage=4_000_000, employer_npp=npp))
    print("worker", worker.kpj, flush=True)
    worker_registry.end_membership(db, actor, worker.kpj, date(2018, 2, 28),
                              EndReason.MENGUNDURKAN_DIRI)
    claim = claims.log_claim(db, actor, ClaimInput(
        kpj=worker.kpj, claim_type=ClaimType.JHT_PENUH, event_date=date(2018, 3, 31),
        submitted_on=date(2018, 4, 10), reason="Mengundurkan diri"))
    print("claim", claim.claim_no, flush=True)
    payment = contributions.record_payment(db, actor, npp, 100_000, date(2018, 5, 2))
    print("payment", payment.id, flush=True)
"""

# Every office's months January-April 2018, then the region's.
_CLOSES = """
import sys
from sqlalchemy import select
from bpjs_desktop.db.migrate import open_database
from bpjs_desktop.db.models import Office
from bpjs_desktop.domain.periods import Period
from bpjs_desktop.services import month_close
from bpjs_desktop.services.context import Actor

db = open_database(sys.argv[1], create=False)
actor = Actor.command_line()
with db.read() as session:
    codes = list(session.scalars(select(Office.code).where(Office.kind != "KANWIL")))
for month in (1, 2, 3, 4):
    for code in codes + ["JTM"]:
        row = month_close.close_month(db, actor, Period(2018, month), code)
        print("close", row.scope_code, row.period.month, flush=True)
"""


@dataclass(frozen=True)
class Scenario:
    name: str
    # Seconds after the start within which the kill falls; None: from 0.3 s to a little past the
    # time an unkilled run takes on this machine now (measured once), so that kills land in the
    # whole run, its commit and its last steps included, however loaded the machine is.
    window: tuple[float, float] | None


SCENARIOS = [
    Scenario("import", None),
    Scenario("demo", None),
    Scenario("close", (1.0, 4.0)),  # these two commit all along: any window shows it
    Scenario("writes", (1.0, 5.0)),
]
_MEASURED: dict[str, float] = {}


def _window(scenario: Scenario, run: Callable[[], float]) -> tuple[float, float]:
    if scenario.window is not None:
        return scenario.window
    if scenario.name not in _MEASURED:
        _MEASURED[scenario.name] = run()
    return 0.3, 1.3 * _MEASURED[scenario.name]


def _command(scenario: str, path: Path, npp: str, worker_list: Path) -> list[str]:
    python = [sys.executable]
    if scenario == "import":
        return [*python, "-m", "bpjs_desktop", "import", "workers", "--db", str(path),
                "--employer", npp, str(worker_list)]  # fmt: skip
    if scenario == "demo":
        return [*python, "-m", "bpjs_desktop", "demo", "--db", str(path), "--scale", "0.01"]
    if scenario == "close":
        return [*python, "-c", _CLOSES, sqlite_url(path)]
    return [*python, "-c", _WRITES, sqlite_url(path), npp]


def _integrity(path: Path) -> str:
    connection = sqlite3.connect(path)
    try:
        return str(connection.execute("PRAGMA integrity_check").fetchone()[0])
    finally:
        connection.close()


def _count(db: Database, statement) -> int:  # type: ignore[no-untyped-def]
    with db.read() as session:
        return int(session.scalar(statement) or 0)


@pytest.mark.parametrize("kill", range(kills()))
def test_a_killed_process_loses_nothing_it_committed(
    kill: int,
    tmp_path: Path,
    import_base: tuple[Path, str],
    crash_demo: Path,
    worker_list: Path,
) -> None:
    """Kill number *kill* (of BPJS_CRASH_KILLS): the file is whole, the audit chain verifies, an
    import is all or nothing, and every record the child reported committed is there."""
    scenario = SCENARIOS[kill % len(SCENARIOS)]
    rng = random.Random(SEED * 1_000 + kill)
    base, npp = import_base
    path = tmp_path / "office.sqlite"
    if scenario.name == "close":
        copy_database(crash_demo, path)
    elif scenario.name != "demo":
        copy_database(base, path)
    env = dict(os.environ, PYTHONPATH=str(ROOT), BPJS_DATA_DIR=str(tmp_path / "data"))

    def unkilled_run() -> float:
        """Run the scenario to its end once on a copy; check it; return how long it took."""
        folder = tmp_path / "measure"
        folder.mkdir()
        measured = folder / "office.sqlite"
        if scenario.name != "demo":
            copy_database(base, measured)
        started = time.perf_counter()
        done = subprocess.run(
            _command(scenario.name, measured, npp, worker_list),
            capture_output=True, text=True, env=env, cwd=folder, timeout=300, check=False,
        )  # fmt: skip
        seconds = time.perf_counter() - started
        assert done.returncode == 0, done.stderr
        _check(scenario.name, measured, npp, done.stdout, finished=True, context="unkilled run")
        return seconds

    window = _window(scenario, unkilled_run)
    child = subprocess.Popen(
        _command(scenario.name, path, npp, worker_list),
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, cwd=tmp_path,
    )  # fmt: skip
    delay = rng.uniform(*window)
    started = time.perf_counter()
    try:
        child.wait(timeout=delay)
        killed = False
        if scenario.name in _MEASURED:  # the machine got faster: aim the next kills earlier
            _MEASURED[scenario.name] = min(_MEASURED[scenario.name], time.perf_counter() - started)
    except subprocess.TimeoutExpired:
        os.kill(child.pid, signal.SIGKILL)
        killed = True
    out, err = child.communicate(timeout=60)
    context = f"seed {SEED}, kill {kill} ({scenario.name}) after {delay:.2f} s"
    assert killed or child.returncode == 0, f"{context}: {err}"
    outcome = _check(scenario.name, path, npp, out, finished=not killed, context=context)
    state = str(outcome["state"]) if killed else f"finished before the kill ({outcome['state']})"
    OUTCOMES.append((scenario.name, re.sub(r"\d+", "N", state)))
    log = os.environ.get("BPJS_CRASH_LOG")
    if log:
        with open(log, "a", encoding="utf-8") as handle:
            line = {"kill": kill, "scenario": scenario.name, "delay": round(delay, 2),
                    "killed": killed, **outcome}  # fmt: skip
            handle.write(json.dumps(line) + "\n")


def _check(
    scenario: str, path: Path, npp: str, out: str, *, finished: bool, context: str
) -> dict[str, object]:
    """Check the file after the kill; return what the kill interrupted, for the campaign log."""
    if scenario == "demo" and not path.exists():
        assert not finished, f"{context}: the demo ended without its file"
        return {"state": "no office file (the partial file is never the office's)"}
    assert _integrity(path) == "ok", context
    db = open_database(sqlite_url(path), create=False)
    try:
        report = audit.verify(db)
        assert report.ok, f"{context}: audit chain broken at #{report.first_broken_id}"
        lines = [line.split() for line in out.splitlines() if line.strip()]
        if scenario == "import":
            employer_id = _count(db, select(Employer.id).where(Employer.npp == npp))
            imported = _count(
                db,
                select(func.count())
                .select_from(Membership)
                .where(Membership.employer_id == employer_id),
            )
            events = _count(
                db,
                select(func.count())
                .select_from(AuditEvent)
                .where(AuditEvent.action == "worker.import"),
            )
            assert (imported, events) in {(0, 0), (IMPORT_ROWS, 1)}, f"{context}: {imported}"
            if finished:
                assert imported == IMPORT_ROWS, context
            return {"state": "import committed" if imported else "import not committed"}
        if scenario == "demo":
            assert _count(db, select(func.count()).select_from(Employer)) > 0, context
            return {"state": "demo complete"}
        if scenario == "close":
            for _word, code, month in lines:
                found = _count(
                    db,
                    select(func.count())
                    .select_from(MonthClose)
                    .where(
                        MonthClose.scope_code == code, MonthClose.period == f"2018-{int(month):02d}"
                    ),
                )
                assert found == 1, f"{context}: close of {code} 2018-{month} lost"
            closes = _count(db, select(func.count()).select_from(MonthClose))
            assert closes >= len(lines), context
            return {"state": f"{len(lines)} closes reported, {closes} in the file"}
        for word, key in lines:
            if word == "worker":
                statement = (
                    select(func.count()).select_from(Membership).where(Membership.kpj == key)
                )
            elif word == "claim":
                statement = select(func.count()).select_from(Claim).where(Claim.claim_no == key)
            else:
                statement = select(func.count()).select_from(Payment).where(Payment.id == int(key))
            assert _count(db, statement) == 1, f"{context}: {word} {key} lost"
        return {"state": f"{len(lines)} writes reported, all there"}
    finally:
        db.dispose()
