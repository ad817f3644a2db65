"""Full personal data on an audited request, and exports of personal data (issue #11 item 2)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from bpjs_desktop.db.engine import Database
from bpjs_desktop.db.models import AuditEvent, Membership, Office, Person, User
from bpjs_desktop.errors import PermissionDeniedError, ValidationError
from bpjs_desktop.services import personal
from bpjs_desktop.services.context import Actor


def _actor(db: Database, username: str) -> Actor:
    with db.read() as s:
        user = s.scalar(select(User).where(User.username == username))
        assert user is not None
        return Actor(user.id, user.username, user.full_name, user.role, user.office_id)


def _gresik_member(db: Database) -> tuple[int, str, str, int | None]:
    with db.read() as s:
        row = s.execute(
            select(Membership.id, Person.nik, Membership.kpj, Membership.wage)
            .join(Person, Person.id == Membership.person_id)
            .join(Office, Office.id == Membership.office_id)
            .where(Office.code == "GRS", Membership.wage.is_not(None))
            .order_by(Membership.id)
            .limit(1)
        ).one()
    return row[0], row[1], row[2], row[3]


def _last_event(db: Database) -> AuditEvent:
    with db.read() as s:
        event = s.scalars(select(AuditEvent).order_by(AuditEvent.id.desc()).limit(1)).one()
        s.expunge(event)
        return event


def test_the_front_office_sees_a_row_in_full_with_a_reason_on_the_trail(demo_db) -> None:
    membership_id, nik, kpj, wage = _gresik_member(demo_db)
    actor = _actor(demo_db, "pelayanan.grs")
    values = personal.reveal(demo_db, actor, "membership", membership_id, "cek KTP di loket")
    assert (values["nik"], values["kpj"]) == (nik, kpj)
    assert values["wage"].startswith("Rp")
    event = _last_event(demo_db)
    assert (event.action, event.username, event.entity, event.entity_id) == (
        "personal.reveal", "pelayanan.grs", "membership", str(membership_id)
    )  # fmt: skip
    assert "cek KTP di loket" in event.detail
    assert nik not in event.detail and kpj not in event.detail and str(wage) not in event.detail


def test_no_reason_or_no_permission_shows_nothing(demo_db) -> None:
    membership_id, *_rest = _gresik_member(demo_db)
    before = _last_event(demo_db).id
    with pytest.raises(ValidationError):
        personal.reveal(demo_db, _actor(demo_db, "pelayanan.grs"), "membership", membership_id, " ")
    with pytest.raises(PermissionDeniedError):
        personal.reveal(demo_db, _actor(demo_db, "ar.grs"), "membership", membership_id, "ingin")
    assert _last_event(demo_db).id == before


def test_an_export_records_who_what_how_many_and_why(demo_db) -> None:
    actor = _actor(demo_db, "kepala.grs")
    personal.record_export(demo_db, actor, "daftar kesalahan impor", 12, "perbaikan data PK")
    event = _last_event(demo_db)
    assert (event.action, event.username, event.entity_id) == (
        "personal.export", "kepala.grs", "daftar kesalahan impor"
    )  # fmt: skip
    assert '"rows":12' in event.detail and "perbaikan data PK" in event.detail
    with pytest.raises(ValidationError):
        personal.record_export(demo_db, actor, "daftar", 1, "")
    with pytest.raises(PermissionDeniedError):
        personal.record_export(demo_db, _actor(demo_db, "ar.grs"), "daftar", 1, "rapat", full=True)
