"""Two workstations writing to one database at the same moment lose nothing (issue #12).

Real processes, not threads: each opens the database the way the app does and writes in the
app's write transactions, both released at the same instant.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import func, select

from bpjs_desktop.db import engine
from bpjs_desktop.db.engine import Database
from bpjs_desktop.db.models import AuditEvent, Counter
from bpjs_desktop.errors import DatabaseError
from bpjs_desktop.services import audit

ROUNDS = 150

# Each round, in one write transaction: read the shared counter and write it back one higher in
# Python (the pattern of the services: bill.paid += take), insert a row of its own, and append
# an audit event (the hash chain must not fork).
_WORKSTATION = """
import sys
from sqlalchemy import select
from bpjs_desktop.db.migrate import open_database
from bpjs_desktop.db.models import Counter
from bpjs_desktop.services import audit
from bpjs_desktop.services.context import Actor

url, me, rounds = sys.argv[1], sys.argv[2], int(sys.argv[3])
actor = Actor.command_line()
db = open_database(url, create=False)
print("ready", flush=True)
sys.stdin.readline()
for number in range(rounds):
    with db.write() as session:
        shared = session.scalars(select(Counter).where(Counter.name == "bersama")).one()
        shared.value = shared.value + 1
        session.add(Counter(name=f"{me}-{number}", value=number))
        audit.record(session, actor, "uji.paralel", "counter", f"{me}-{number}")
db.dispose()
print("done", flush=True)
"""


def _workstation(url: str, me: str) -> subprocess.Popen[str]:
    env = dict(os.environ, PYTHONPATH=str(Path(__file__).resolve().parents[2]))
    return subprocess.Popen(
        [sys.executable, "-c", _WORKSTATION, url, me, str(ROUNDS)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
    )  # fmt: skip


def test_two_processes_writing_at_once_lose_no_update(db: Database) -> None:
    """Two processes each add 1 to one counter 150 times and insert 150 rows, at the same time:
    the counter ends at 300 (150 + 150, no increment lost), all 300 rows are there, and the
    audit chain holds 300 new events, unbroken."""
    with db.write() as session:
        session.add(Counter(name="bersama", value=0))
    workstations = [_workstation(db.url, me) for me in ("a", "b")]
    try:
        for process in workstations:
            assert process.stdout is not None
            assert process.stdout.readline() == "ready\n", process.stderr
        for process in workstations:  # both released at the same instant
            assert process.stdin is not None
            process.stdin.write("\n")
            process.stdin.flush()
        results = [process.communicate(timeout=300) for process in workstations]
    finally:
        for process in workstations:
            process.kill()
    for process, (out, err) in zip(workstations, results, strict=True):
        assert process.returncode == 0 and out.strip() == "done", err

    with db.read() as session:
        shared = session.scalar(select(Counter.value).where(Counter.name == "bersama"))
        own = {
            me: session.scalar(
                select(func.count()).select_from(Counter).where(Counter.name.like(f"{me}-%"))
            )
            for me in ("a", "b")
        }
        events = session.scalar(
            select(func.count()).select_from(AuditEvent).where(AuditEvent.action == "uji.paralel")
        )
    assert shared == 2 * ROUNDS
    assert own == {"a": ROUNDS, "b": ROUNDS}
    assert events == 2 * ROUNDS
    assert audit.verify(db).ok


@pytest.mark.postgres
def test_a_postgresql_writer_that_waits_too_long_is_told_the_database_is_in_use(
    pg_db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A write that cannot start because another one holds the database longer than the busy
    timeout gives up with the same message as SQLite's "database is locked", and writes nothing."""
    monkeypatch.setattr(engine, "BUSY_TIMEOUT_MS", 300)
    other = Database(pg_db.url)
    try:
        with pg_db.write() as session:
            session.add(Counter(name="pertama", value=1))
            with pytest.raises(DatabaseError, match="sedang dipakai"), other.write() as waiting:
                waiting.add(Counter(name="kedua", value=2))
    finally:
        other.dispose()
    with pg_db.read() as session:
        assert session.scalars(select(Counter.name)).all() == ["pertama"]
