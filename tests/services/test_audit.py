"""Audit trail: one hash-chained event per write, and verify() finding tampered rows."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import DBAPIError

from bpjs_desktop.db.models import AuditEvent, EndReason, FollowUpKind, Kpi, Role
from bpjs_desktop.domain.claims import ClaimState, ClaimType
from bpjs_desktop.domain.identifiers import Sex
from bpjs_desktop.domain.periods import Period
from bpjs_desktop.domain.programmes import Segment, SizeClass
from bpjs_desktop.errors import ConflictError, ValidationError
from bpjs_desktop.services import (
    arrears,
    audit,
    auth,
    claims,
    contributions,
    membership_common,
    targets,
)
from bpjs_desktop.services.agents_projects import register_agent
from bpjs_desktop.services.arrears import FollowUpInput
from bpjs_desktop.services.claims import ClaimInput
from bpjs_desktop.services.employer_registry import register_employer
from bpjs_desktop.services.targets import TargetRow
from bpjs_desktop.services.worker_registry import end_membership, register_worker
from tests.conftest import fresh_nik
from tests.helpers import register_project
from tests.tamper import tamper


def event_count(db) -> int:
    with db.read() as session:
        return session.scalar(select(func.count()).select_from(AuditEvent))


def event_ids(db) -> list[int]:
    with db.read() as session:
        return list(session.scalars(select(AuditEvent.id).order_by(AuditEvent.id)))


def audited(db, action: str, actor, service, *args, **kwargs):
    """Run *service* (db, actor, *args, **kwargs); check it added exactly one event, of *action*,
    by *actor*; return the service's result and the event."""
    before = event_count(db)
    result = service(db, actor, *args, **kwargs)
    assert event_count(db) == before + 1, f"{action}: expected exactly one audit event"
    (event,) = audit.recent(db, limit=1)
    assert event.action == action
    assert event.username == actor.username
    with db.read() as session:
        stored = session.get(AuditEvent, event.id)
        assert stored.user_id == actor.user_id
    return result, event


def raw(db, sql: str, **params) -> None:
    """Change the database behind the app's back, as someone with the file or a SQL client could:
    the append-only guard dropped first (what verify finds must not depend on the guard)."""
    tamper(db, sql, **params)


# --- one event per write -----------------------------------------------------------------------


def test_membership_writes_are_each_one_audit_event(db, make_user):
    """Registering employers, workers, agents, projects and ending memberships: one event each."""
    officer = make_user(Role.PELAYANAN, "GRS", "pelayanan.audit")
    data = membership_common.EmployerInput(
        name="PT Audit Jaya", kbli="10710", size_class=SizeClass.MENENGAH, office_code="GRS",
        regency_code="3525", registered_on=date(2017, 1, 2),
    )  # fmt: skip
    employer, event = audited(db, "employer.register", officer, register_employer, data)
    assert (event.entity, event.entity_id) == ("employer", str(employer.id))
    assert event.detail["npp"] == employer.npp

    joko = membership_common.WorkerInput(
        nik=fresh_nik(), name="Joko Susilo", birth_date=date(1990, 5, 15), sex=Sex.L,
        segment=Segment.PU, start_date=date(2018, 1, 2), employer_npp=employer.npp, wage=4_000_000,
    )  # fmt: skip
    worker, event = audited(db, "worker.register", officer, register_worker, joko)
    assert (event.entity, event.entity_id) == ("membership", str(worker.membership_id))
    assert event.detail["kpj"] == worker.kpj

    resigned = (worker.kpj, date(2018, 6, 30), EndReason.MENGUNDURKAN_DIRI)
    _, event = audited(db, "membership.end", officer, end_membership, *resigned)
    assert event.detail["reason"] == "MENGUNDURKAN_DIRI"
    assert event.detail["end_date"] == "2018-06-30"

    perisai = {"nik": fresh_nik(date(1980, 1, 1)), "name": "Agen Perisai", "office_code": "GRS"}
    agent, event = audited(
        db, "agent.register", officer, register_agent, **perisai, joined_on=date(2018, 2, 1)
    )
    assert event.entity_id == str(agent.id)

    # domain.md §4.6: Rp2 miliar → JKK 2.640.000 + JKM 310.000 = 2.950.000
    value = {"contract_value": 2_000_000_000}
    project, event = audited(
        db, "project.register", officer, register_project, employer.npp, **value
    )
    assert event.detail["contribution"] == project.contribution == 2_950_000


def test_claim_writes_are_each_one_audit_event(db, make_user, make_employer, make_worker):
    """Logging a claim and every move of it add one event naming the claim and the states."""
    p1 = make_user(Role.PELAYANAN, "GRS", "pelayanan.satu")
    kepala = make_user(Role.KEPALA, "GRS", "kepala.grs")
    worker = make_worker(employer_npp=make_employer().npp, start_date=date(2018, 1, 2))
    data = ClaimInput(kpj=worker.kpj, claim_type=ClaimType.JKK, event_date=date(2018, 3, 5),
                      submitted_on=date(2018, 3, 6))  # fmt: skip
    claim, event = audited(db, "claim.log", p1, claims.log_claim, data)
    assert event.detail["claim_no"] == claim.claim_no
    assert event.detail["kpj"] == worker.kpj
    # A claim is decided only with its documents in (issue #4): receive them first.
    for code in claims.claim_view(db, claim.claim_no, today=date(2018, 3, 8)).missing:
        claims.receive_document(db, p1, claim.claim_no, code.code, received_on=date(2018, 3, 8))
    steps = [
        (p1, ClaimState.VERIFIKASI, None),
        (kepala, ClaimState.DITETAPKAN, 2_500_000),
        (p1, ClaimState.DIBAYAR, None),
    ]
    previous = ClaimState.DIAJUKAN
    for actor, state, amount in steps:
        reason = "Sesuai kuitansi rumah sakit" if amount else ""
        move = {"on_date": date(2018, 3, 9), "amount": amount, "amount_reason": reason}
        _, event = audited(
            db, "claim.move", actor, claims.move_claim, claim.claim_no, state, **move
        )
        assert (event.detail["from"], event.detail["to"]) == (previous, state)
        assert event.detail["amount"] == amount
        previous = state


def test_money_writes_are_each_one_audit_event(db, make_user, make_employer, make_worker):
    """Bills, payments, arrears cases and follow-ups add one event each, naming who and what."""
    ar = make_user(Role.AR, "GRS", "ar.grs")
    employer = make_employer()
    make_worker(employer_npp=employer.npp, wage=4_000_000, start_date=date(2018, 1, 2))
    bill, event = audited(
        db, "bill.create", ar, contributions.bill_month, employer.npp, Period(2018, 2)
    )
    assert (event.entity, event.entity_id) == ("contribution_bill", str(bill.id))
    assert event.detail == {
        "npp": employer.npp,
        "period": "2018-02",
        "amount": bill.amount,
        "workers": 1,
        "credit_applied": 0,
    }
    opened = {"target_year": 2018, "opened_on": date(2018, 4, 2)}
    case, event = audited(db, "arrears.open", ar, arrears.open_case, employer.npp, **opened)
    assert event.detail["principal"] == case.principal
    letter = FollowUpInput(FollowUpKind.SURAT_1, date(2018, 4, 3), number="S-1")
    _, event = audited(db, "arrears.follow_up", ar, arrears.record_follow_up, case.id, letter)
    assert event.detail["kind"] == "SURAT_1"
    paid = (employer.npp, bill.amount, date(2018, 4, 9))
    payment, event = audited(db, "payment.record", ar, contributions.record_payment, *paid)
    assert event.entity_id == str(payment.id)
    assert event.detail["amount"] == bill.amount
    assert event.detail["cases_settled"] == [case.id]


def test_target_and_user_writes_are_each_one_audit_event(db, admin, make_user):
    """Setting targets and managing users add one event each."""
    kepala = make_user(Role.KEPALA, "GRS", "kepala.grs")
    rows = [TargetRow("GRS", Kpi.TK_PU, "2018-01", 10), TargetRow("GRS", Kpi.TK_PU, "2018-02", 11)]
    _, event = audited(db, "target.set", kepala, targets.set_targets, rows)
    assert event.detail == {"count": 2}
    new_user = {"username": "baru", "full_name": "Pegawai Baru", "role": Role.AR}
    new_user |= {"password": "rahasia-123", "office_code": "GRS"}
    user, event = audited(db, "user.add", admin, auth.add_user, **new_user)
    assert event.detail == {"username": "baru", "role": "AR"}
    assert event.detail.get("password") is None
    _, event = audited(db, "user.passwd", admin, auth.set_password, "baru", "rahasia-456")
    assert "rahasia-456" not in str(event.detail)
    audited(db, "user.disable", admin, auth.set_active, "baru", False)
    audited(db, "user.enable", admin, auth.set_active, "baru", True)
    assert user.username == "baru"


def test_refused_writes_leave_no_audit_event(db, admin, make_employer, make_worker):
    """A refused registration, bill or target leaves the trail as it was."""
    employer = make_employer()
    worker = make_worker(employer_npp=employer.npp)
    before = event_count(db)
    with pytest.raises(ConflictError):
        make_worker(employer_npp=employer.npp, nik=worker.nik)
    with pytest.raises(ValidationError):
        contributions.bill_month(db, admin, employer.npp, Period(2017, 6))
    with pytest.raises(ValidationError):
        targets.set_targets(db, admin, [TargetRow("XXX", Kpi.TK_PU, "2018-01", 1)])
    assert event_count(db) == before


def test_recent_filters_by_record(db, admin, make_employer):
    """recent() can list the events of one record, newest first."""
    first = make_employer()
    make_employer()
    events = audit.recent(db, entity="employer", entity_id=first.id)
    assert [e.detail["npp"] for e in events] == [first.npp]


# --- the hash chain ------------------------------------------------------------------------------


@pytest.fixture
def trail(db, admin, make_employer, make_worker):
    """Six audit events: three employers and three workers."""
    employers = [make_employer() for _ in range(3)]
    for employer in employers:
        make_worker(employer_npp=employer.npp)
    ids = event_ids(db)
    assert len(ids) == 6
    return ids


def test_untouched_chain_verifies(db, trail):
    """A trail written only through the app verifies, with every event counted."""
    report = audit.verify(db)
    assert report.ok
    assert report.events == 6
    assert report.first_broken_id is None


def test_empty_trail_verifies(db):
    """A new database with no events verifies."""
    report = audit.verify(db)
    assert report.ok and report.events == 0


def test_edited_detail_is_reported_at_that_event(db, trail):
    """Changing one event's detail with raw SQL breaks the chain exactly at that event."""
    target = trail[2]
    raw(db, "UPDATE audit_event SET detail = :d WHERE id = :id", d='{"npp":"99999999"}', id=target)
    report = audit.verify(db)
    assert not report.ok
    assert report.first_broken_id == target
    assert report.problem == "hash"


def test_edited_username_is_reported_at_that_event(db, trail):
    """Rewriting who did something is detected at that event."""
    target = trail[4]
    raw(db, "UPDATE audit_event SET username = 'orang.lain' WHERE id = :id", id=target)
    assert audit.verify(db).first_broken_id == target


def test_edited_event_with_a_recomputed_hash_is_caught_at_the_next(db, trail):
    """Even if the tamperer recomputes the edited row's own hash, the next event exposes it."""
    target = trail[1]
    raw(db, "UPDATE audit_event SET detail = '{}' WHERE id = :id", id=target)
    with db.read() as session:
        row = session.get(AuditEvent, target)
        forged = audit._digest(
            row.prev_hash, row.at, row.username, row.action, row.entity, row.entity_id, row.detail
        )
    raw(db, "UPDATE audit_event SET hash = :h WHERE id = :id", h=forged, id=target)
    report = audit.verify(db)
    assert report.first_broken_id == trail[2]
    assert report.problem == "prev_hash"


def test_deleted_event_is_reported_at_the_one_after_it(db, trail):
    """Deleting an event from the middle breaks the chain at the following event."""
    raw(db, "DELETE FROM audit_event WHERE id = :id", id=trail[3])
    report = audit.verify(db)
    assert not report.ok
    assert report.first_broken_id == trail[4]
    assert report.problem == "prev_hash"
    assert report.events == 4  # three good ones, then the broken one


def test_deleting_the_first_event_is_reported(db, trail):
    """Deleting the very first event breaks the chain at the new first event."""
    raw(db, "DELETE FROM audit_event WHERE id = :id", id=trail[0])
    assert audit.verify(db).first_broken_id == trail[1]


def test_deleting_the_newest_event_is_reported(db, trail):
    """Deleting the latest event outside the app is detected."""
    raw(db, "DELETE FROM audit_event WHERE id = :id", id=trail[-1])
    assert not audit.verify(db).ok


def test_chain_keeps_verifying_after_more_writes(db, admin, trail, make_employer):
    """Writes after a verification extend the chain; it still verifies."""
    assert audit.verify(db).ok
    make_employer()
    report = audit.verify(db)
    assert report.ok and report.events == 7


# --- append-only: the guard, ids never reused, a cut-off end never healed ----------------------


def guarded_sql(db, sql: str, **params) -> None:
    with db.engine.begin() as connection:
        connection.execute(text(sql), params)


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE audit_event SET detail = '{}' WHERE id = :id",
        "UPDATE audit_event SET username = 'orang.lain' WHERE id = :id",
        "DELETE FROM audit_event WHERE id = :id",
        "DELETE FROM audit_event WHERE id >= :id",
    ],
)
def test_the_trail_refuses_edits_and_deletions(db, trail, sql):
    """With a SQL client on the database, an UPDATE or DELETE of an audit event is refused and
    the trail stays as it was."""
    with pytest.raises(DBAPIError, match="append-only"):
        guarded_sql(db, sql, id=trail[2])
    assert event_ids(db) == trail
    assert audit.verify(db).ok


def test_deleting_the_newest_event_is_not_healed_by_the_next_write(db, admin, trail):
    """The newest event is deleted (guard dropped), then a user is added: the next event does
    not take the deleted id, an 'audit.break' event names the head expected and the one found,
    and verify keeps reporting the trail broken from the deleted event."""
    with db.read() as session:
        newest = session.get(AuditEvent, trail[-1])
        previous = session.get(AuditEvent, trail[-2])
    raw(db, "DELETE FROM audit_event WHERE id = (SELECT max(id) FROM audit_event)")
    report = audit.verify(db)
    assert (report.first_broken_id, report.problem) == (trail[-1], "head")

    auth.add_user(
        db, admin, username="baru", full_name="Pegawai Baru", role=Role.AR,
        password="rahasia-123", office_code="GRS",
    )  # fmt: skip

    events = audit.recent(db, limit=2)
    added, broken = events
    assert added.action == "user.add"
    assert broken.action == "audit.break"
    assert broken.username == "sistem"
    assert broken.detail == {
        "expected_head": f"{newest.id}:{newest.hash}",
        "found_head": f"{previous.id}:{previous.hash}",
    }
    assert broken.id > trail[-1] and added.id > broken.id  # the deleted id is never reused
    report = audit.verify(db)
    assert not report.ok
    assert (report.first_broken_id, report.problem) == (trail[-1], "head")
    # ...and it stays broken however many writes follow.
    auth.set_active(db, admin, "baru", False)
    assert audit.verify(db).first_broken_id == trail[-1]


def test_deleting_the_stored_head_is_not_healed_by_the_next_write(db, make_employer, trail):
    """Removing the 'audit_head' setting is reported, and the next write records the break."""
    raw(db, "DELETE FROM setting WHERE key = 'audit_head'")
    assert audit.verify(db).problem == "head"
    make_employer()
    (_, broken) = audit.recent(db, limit=2)
    assert broken.action == "audit.break"
    assert broken.detail["expected_head"] == ""
    assert not audit.verify(db).ok


def test_an_intact_trail_gets_no_break_event(db, trail, make_employer):
    """Ordinary writes never add an 'audit.break' event."""
    make_employer()
    assert "audit.break" not in {e.action for e in audit.recent(db, limit=100)}


def test_verify_names_the_edited_row_with_the_guard_dropped(db, trail):
    """Drop the trigger, edit a row: verify names that row (the guard is a lock, the chain the
    alarm)."""
    raw(db, "UPDATE audit_event SET entity_id = '999' WHERE id = :id", id=trail[3])
    report = audit.verify(db)
    assert (report.first_broken_id, report.problem) == (trail[3], "hash")


def test_a_schema_made_from_the_models_has_the_guard(tmp_path):
    """create_all (the models' own DDL) installs the same triggers and AUTOINCREMENT."""
    from bpjs_desktop.db.engine import Database, sqlite_url
    from bpjs_desktop.db.models import Base

    db = Database(sqlite_url(tmp_path / "models.sqlite"))
    try:
        Base.metadata.create_all(db.engine)
        with db.engine.connect() as connection:
            triggers = set(
                connection.scalars(text("SELECT name FROM sqlite_master WHERE type = 'trigger'"))
            )
            ddl = connection.scalar(
                text("SELECT sql FROM sqlite_master WHERE name = 'audit_event'")
            )
        assert {"audit_event_no_update", "audit_event_no_delete"} <= triggers
        assert "AUTOINCREMENT" in ddl
    finally:
        db.dispose()


# --- no secret in the trail ---------------------------------------------------------------------


def test_a_demo_generation_writes_no_password_to_the_trail(demo_file):
    """Every audit detail a demo generation writes is free of the shared demo password (the
    sign-in screen still shows it, from the demo setting: tests/ui/test_login.py)."""
    import sqlite3

    from bpjs_desktop.services.demo.plan import DEMO_PASSWORD

    connection = sqlite3.connect(f"file:{demo_file}?mode=ro", uri=True)
    try:
        rows = connection.execute("SELECT action, detail FROM audit_event").fetchall()
    finally:
        connection.close()
    assert rows and "demo.generate" in {action for action, _ in rows}
    assert [detail for _, detail in rows if DEMO_PASSWORD in detail] == []


# --- revision 0008 on an existing database -------------------------------------------------------


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_at_0006(request, tmp_path):
    """A database whose schema stops at revision 0006 (before the guard), SQLite or PostgreSQL."""
    import uuid

    from alembic import command
    from sqlalchemy import create_engine
    from sqlalchemy.engine import make_url

    from bpjs_desktop.db.engine import Database, sqlite_url
    from bpjs_desktop.db.migrate import alembic_config

    admin_engine = None
    if request.param == "sqlite":
        url = sqlite_url(tmp_path / "lama.sqlite")
    else:
        server = request.getfixturevalue("pg_server_url")
        admin_url = make_url(server).set(drivername="postgresql+psycopg")
        name = f"bpjs_test_0006_{uuid.uuid4().hex[:8]}"
        admin_engine = create_engine(
            admin_url.set(database="postgres"), isolation_level="AUTOCOMMIT"
        )
        with admin_engine.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
        url = admin_url.set(database=name).render_as_string(hide_password=False)
    db = Database(url)
    config = alembic_config()
    with db.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0006")
    yield db
    db.dispose()
    if admin_engine is not None:
        with admin_engine.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin_engine.dispose()


def _old_demo_trail(db, admin) -> list[int]:
    """What a demo generated before the fix left: the demo password in its first event."""
    with db.write() as session:
        ids = [
            audit.record(session, admin, "user.add", "user", 1, {"username": "admin"}).id,
            audit.record(
                session, admin, "demo.generate", "database", "",
                {"scale": 0.01, "seed": 7, "password": "bpjs-demo", "rows": {"person": 10}},
            ).id,
            audit.record(session, admin, "employer.register", "employer", 1, {"npp": "12345678"}).id,
        ]  # fmt: skip
    return ids


def _upgraded(db, tmp_path):
    from bpjs_desktop.db.migrate import open_database

    url = db.url
    db.dispose()
    return open_database(url, backup_dir=tmp_path / "cadangan")


def _details(db) -> list[str]:
    with db.read() as session:
        return list(session.scalars(select(AuditEvent.detail).order_by(AuditEvent.id)))


def test_revision_0008_removes_the_demo_password_and_the_trail_still_verifies(
    db_at_0006, admin, tmp_path
):
    """An intact trail holding the demo password: after the upgrade no detail holds it, the
    chain is re-hashed and verifies, and an 'audit.redact' event says which event was redacted
    and what the head was before."""
    ids = _old_demo_trail(db_at_0006, admin)
    with db_at_0006.read() as session:
        old_head = session.scalar(text("SELECT value FROM setting WHERE key = 'audit_head'"))
    db = _upgraded(db_at_0006, tmp_path)
    try:
        assert not [d for d in _details(db) if "bpjs-demo" in d]
        report = audit.verify(db)
        assert report.ok and report.events == 4
        redact, employer, demo, _first = audit.recent(db, limit=4)
        assert demo.id == ids[1]
        assert demo.detail == {"scale": 0.01, "seed": 7, "rows": {"person": 10}}
        assert employer.detail == {"npp": "12345678"}  # re-chained, content unchanged
        assert redact.action == "audit.redact"
        assert redact.detail["events"] == [ids[1]]
        assert redact.detail["previous_head"] == old_head
        with pytest.raises(DBAPIError, match="append-only"):
            guarded_sql(db, "DELETE FROM audit_event")
    finally:
        db.dispose()


def test_revision_0008_does_not_launder_a_trail_already_broken(db_at_0006, admin, tmp_path):
    """A trail broken before the upgrade loses the password but is not re-chained: verify still
    reports it broken, and no redaction event pretends otherwise."""
    ids = _old_demo_trail(db_at_0006, admin)
    with db_at_0006.engine.begin() as connection:  # no guard yet at 0006
        connection.execute(text("DELETE FROM audit_event WHERE id = :id"), {"id": ids[0]})
    db = _upgraded(db_at_0006, tmp_path)
    try:
        assert not [d for d in _details(db) if "bpjs-demo" in d]
        assert not audit.verify(db).ok
        assert "audit.redact" not in {e.action for e in audit.recent(db)}
    finally:
        db.dispose()


def test_revision_0008_never_reuses_the_id_of_a_newest_event_deleted_before_it(
    db_at_0006, admin, tmp_path
):
    """The newest event was deleted before the upgrade: the next events get new ids above it,
    the first of them an 'audit.break'."""
    with db_at_0006.write() as session:
        ids = [audit.record(session, admin, "x.test", "x", n).id for n in range(3)]
    with db_at_0006.engine.begin() as connection:
        connection.execute(text("DELETE FROM audit_event WHERE id = :id"), {"id": ids[-1]})
    db = _upgraded(db_at_0006, tmp_path)
    try:
        with db.write() as session:
            audit.record(session, admin, "x.test", "x", 9)
        _added, broken = audit.recent(db, limit=2)
        assert broken.action == "audit.break"
        assert broken.id > ids[-1]
        assert audit.verify(db).first_broken_id == ids[-1]
    finally:
        db.dispose()


# --- the audit viewer ------------------------------------------------------------------------------


def test_the_viewer_filters_pages_and_exports_what_it_shows(demo_db, tmp_path) -> None:
    """A head of a branch sees the events of the own offices' users only; the filters narrow the
    list; the export holds exactly the rows listed and is itself on the trail."""
    from openpyxl import load_workbook

    from bpjs_desktop.errors import PermissionDeniedError
    from bpjs_desktop.services.demo.plan import DEMO_PASSWORD

    gresik = auth.authenticate(demo_db, "kepala.grs", DEMO_PASSWORD)
    region = auth.authenticate(demo_db, "admin", DEMO_PASSWORD)
    officer = auth.authenticate(demo_db, "pelayanan.grs", DEMO_PASSWORD)
    for actor in (gresik, officer):
        auth.record_session_event(demo_db, actor, "session.locked")
    auth.record_session_event(demo_db, region, "session.locked")
    wanted = audit.EventFilter(action="session.locked")

    def listed(actor: object, wanted: audit.EventFilter) -> list[str]:
        return [r.username for r in audit.EventQuery(demo_db, actor, wanted).rows_after(None, 50)]

    seen = audit.EventQuery(demo_db, gresik, wanted)
    # kepala.grs and pelayanan.grs work in KC Gresik; admin's event is not the branch's.
    assert sorted(listed(gresik, wanted)) == ["kepala.grs", "pelayanan.grs"]
    assert seen.count() == 2
    assert listed(region, wanted) == ["admin", "pelayanan.grs", "kepala.grs"]
    one = audit.EventFilter(username="pelayanan.grs", action="session.locked")
    assert listed(region, one) == ["pelayanan.grs"]
    today = date.today()
    long_ago = audit.EventFilter(action="session.locked", date_to=date(2000, 1, 1))
    assert audit.EventQuery(demo_db, region, long_ago).count() == 0
    everything = audit.EventQuery(demo_db, region, wanted)
    first = everything.rows_after(None, 2)  # a page of two, then the next after its last key
    rest = everything.rows_after(everything.key_of(first[-1]), 2)
    assert ([r.username for r in rest], everything.count()) == (["kepala.grs"], 3)
    assert everything.rows_before(everything.key_of(rest[0]), 2) == first
    # the events of today are within a range ending today
    from_today = audit.EventFilter(action="session.locked", date_from=today)
    assert audit.EventQuery(demo_db, region, from_today).count() == 3
    out = tmp_path / "jejak.xlsx"
    assert audit.export_events(demo_db, gresik, wanted, out) == 2
    sheet = load_workbook(out).active
    values = list(sheet.iter_rows(values_only=True))
    assert values[0][:4] == ("No.", "Waktu", "Pengguna", "Tindakan")
    assert [row[2] for row in values[1:]] == ["pelayanan.grs", "kepala.grs"]
    newest = audit.recent(demo_db, limit=1)[0]
    assert (newest.action, newest.username, newest.detail["rows"]) == (
        "audit.export", "kepala.grs", 2,
    )  # fmt: skip
    with pytest.raises(PermissionDeniedError):
        audit.EventQuery(demo_db, officer, wanted)
