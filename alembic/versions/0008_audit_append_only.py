"""An append-only audit trail, no secret in it, and sign-in throttling columns (issue #11).

1. ``audit_event`` becomes append-only: triggers refuse UPDATE and DELETE (on PostgreSQL through a
   trigger function), and on SQLite the table is rebuilt with AUTOINCREMENT (rows kept) so an id is
   never handed out twice: deleting the newest event and letting the next write take its id was
   how a cut-off end could be hidden. The sequence starts above the id the stored head names, in
   case the newest events were already deleted before this revision. A database with events but
   no stored head (``audit_head``) gets one from its newest event, so that from now on a missing
   head is itself a break.
2. The demo generator used to copy the shared demo password into the detail of its
   ``demo.generate`` event. The password is removed from those details. Because every event's
   hash covers its detail, removing it changes that event's hash and every later one, so:
   - if the chain verified before this revision, it is re-chained from the first redacted event
     (new hashes, same content otherwise) and an ``audit.redact`` event is appended that names the
     redacted events and the head before re-chaining: the rewrite is on the trail, done once by
     the upgrade, and the trail verifies afterwards;
   - if the chain was already broken, the detail is redacted without re-chaining, so the existing
     break is not laundered into an intact trail (verify keeps reporting a break).
   (A redaction event alone could not remove the secret: the row holding it would have to stay.)
3. ``app_user`` gets the sign-in throttling columns: failures in a row, the last failure, and a
   lock-out end.

The SQL and the hash are frozen copies here (revisions never import the models or services).

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-07
"""

import hashlib
import json
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"

GENESIS = "0" * 64
HEAD_KEY = "audit_head"

GUARD_SQLITE = (
    "CREATE TRIGGER audit_event_no_update BEFORE UPDATE ON audit_event "
    "BEGIN SELECT RAISE(ABORT, 'audit_event is append-only'); END",
    "CREATE TRIGGER audit_event_no_delete BEFORE DELETE ON audit_event "
    "BEGIN SELECT RAISE(ABORT, 'audit_event is append-only'); END",
)
GUARD_POSTGRESQL = (
    "CREATE OR REPLACE FUNCTION audit_event_append_only() RETURNS trigger LANGUAGE plpgsql AS "
    "$$ BEGIN RAISE EXCEPTION 'audit_event is append-only'; END $$",
    "CREATE TRIGGER audit_event_append_only BEFORE UPDATE OR DELETE ON audit_event "
    "FOR EACH ROW EXECUTE FUNCTION audit_event_append_only()",
)

events = sa.table(
    "audit_event",
    sa.column("id", sa.Integer()),
    sa.column("at", sa.DateTime()),
    sa.column("user_id", sa.Integer()),
    sa.column("username", sa.String()),
    sa.column("action", sa.String()),
    sa.column("entity", sa.String()),
    sa.column("entity_id", sa.String()),
    sa.column("detail", sa.Text()),
    sa.column("prev_hash", sa.String()),
    sa.column("hash", sa.String()),
)
settings = sa.table("setting", sa.column("key", sa.String()), sa.column("value", sa.Text()))


def _canonical(detail: object) -> str:
    return json.dumps(detail, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def _digest(prev_hash: str, at: datetime, *fields: str) -> str:
    """services/audit.py ``_digest`` as of this revision (``at`` is naive UTC from the table)."""
    moment = at.replace(tzinfo=UTC).isoformat(timespec="microseconds")
    payload = "\x1f".join([prev_hash, moment, *fields])
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def _row_digest(prev_hash: str, row: sa.Row, detail: str) -> str:
    return _digest(prev_hash, row.at, row.username, row.action, row.entity, row.entity_id, detail)


def _get_head(connection: sa.Connection) -> str | None:
    return connection.scalar(sa.select(settings.c.value).where(settings.c.key == HEAD_KEY))


def _set_head(connection: sa.Connection, value: str) -> None:
    if _get_head(connection) is None:
        connection.execute(settings.insert().values(key=HEAD_KEY, value=value))
    else:
        connection.execute(settings.update().where(settings.c.key == HEAD_KEY).values(value=value))


def _all_events(connection: sa.Connection) -> list[sa.Row]:
    return list(connection.execute(sa.select(events).order_by(events.c.id)))


def _chain_intact(rows: list[sa.Row], head: str | None) -> bool:
    prev_hash = GENESIS
    for row in rows:
        if row.prev_hash != prev_hash or _row_digest(prev_hash, row, row.detail) != row.hash:
            return False
        prev_hash = row.hash
    return (head or "") == (f"{rows[-1].id}:{rows[-1].hash}" if rows else "")


def _ensure_head(connection: sa.Connection) -> None:
    last = connection.execute(
        sa.select(events.c.id, events.c.hash).order_by(events.c.id.desc()).limit(1)
    ).first()
    if last is not None and _get_head(connection) is None:
        _set_head(connection, f"{last.id}:{last.hash}")


def _redact_demo_password(connection: sa.Connection) -> None:
    candidates = connection.execute(
        sa.select(events.c.id, events.c.detail).where(events.c.action == "demo.generate")
    ).all()
    redacted: dict[int, str] = {}
    for event_id, detail in candidates:
        try:
            content = json.loads(detail)
        except ValueError:
            continue
        if isinstance(content, dict) and "password" in content:
            content.pop("password")
            redacted[event_id] = _canonical(content)
    if not redacted:
        return
    rows = _all_events(connection)
    old_head = _get_head(connection)
    if not _chain_intact(rows, old_head):
        for event_id, detail in redacted.items():
            connection.execute(events.update().where(events.c.id == event_id).values(detail=detail))
        return
    first = min(redacted)
    prev_hash = GENESIS
    for row in rows:
        if row.id < first:
            prev_hash = row.hash
            continue
        detail = redacted.get(row.id, row.detail)
        new_hash = _row_digest(prev_hash, row, detail)
        connection.execute(
            events.update()
            .where(events.c.id == row.id)
            .values(detail=detail, prev_hash=prev_hash, hash=new_hash)
        )
        prev_hash = new_hash
    at = datetime.now(UTC).replace(tzinfo=None)
    detail = _canonical(
        {
            "events": sorted(redacted),
            "field": "password",
            "previous_head": old_head,
            "reason": "secret removed from the audit trail by revision 0008; chain re-hashed",
        }
    )
    fields = ("sistem", "audit.redact", "audit", "")
    new_hash = _digest(prev_hash, at, *fields, detail)
    result = connection.execute(
        events.insert().values(
            at=at,
            user_id=None,
            username=fields[0],
            action=fields[1],
            entity=fields[2],
            entity_id=fields[3],
            detail=detail,
            prev_hash=prev_hash,
            hash=new_hash,
        )  # fmt: skip
    )
    (new_id,) = result.inserted_primary_key or (None,)
    if new_id is None:
        new_id = connection.scalar(sa.select(sa.func.max(events.c.id)))
    _set_head(connection, f"{new_id}:{new_hash}")


def upgrade() -> None:
    connection = op.get_bind()
    sqlite = connection.dialect.name == "sqlite"
    if sqlite:
        # AUTOINCREMENT needs a new table: batch mode copies the rows over.
        with op.batch_alter_table(
            "audit_event", recreate="always", table_kwargs={"sqlite_autoincrement": True}
        ):
            pass
    _ensure_head(connection)
    _redact_demo_password(connection)
    if sqlite:
        # Never hand out an id at or below the stored head's, even if those rows are gone already.
        head = _get_head(connection) or ""
        head_id = int(head.split(":")[0]) if head.split(":")[0].isdigit() else 0
        top = max(connection.scalar(sa.select(sa.func.max(events.c.id))) or 0, head_id)
        if top:
            connection.exec_driver_sql("DELETE FROM sqlite_sequence WHERE name = 'audit_event'")
            connection.exec_driver_sql(
                "INSERT INTO sqlite_sequence (name, seq) VALUES ('audit_event', ?)", (top,)
            )
    for statement in GUARD_SQLITE if sqlite else GUARD_POSTGRESQL:
        op.execute(statement)

    with op.batch_alter_table("app_user", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("failed_logins", sa.Integer(), server_default="0", nullable=False)
        )
        batch_op.add_column(sa.Column("last_failed_at", sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column("locked_until", sa.DateTime(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("app_user", schema=None) as batch_op:
        batch_op.drop_column("locked_until")
        batch_op.drop_column("last_failed_at")
        batch_op.drop_column("failed_logins")
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TRIGGER IF EXISTS audit_event_no_update")
        op.execute("DROP TRIGGER IF EXISTS audit_event_no_delete")
    else:
        op.execute("DROP TRIGGER IF EXISTS audit_event_append_only ON audit_event")
        op.execute("DROP FUNCTION IF EXISTS audit_event_append_only()")
    # The AUTOINCREMENT table and the redaction stay: neither is a schema a model relies on, and
    # putting a secret back would be wrong.
