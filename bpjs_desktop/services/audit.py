"""The audit trail: every write records who did what, when, in the same transaction.

Events form a hash chain: each event's hash covers its content and the previous event's hash, so
editing or deleting a row outside the app is detected by :func:`verify`. The newest event's id
and hash are also kept in the ``audit_head`` setting, so cutting events off the end shows too
(unless whoever edits the file also rewrites that row: the chain is tamper-evident, not proof). Appends are serialised
(SQLite: the write transaction is ``BEGIN IMMEDIATE``; PostgreSQL: a transaction-scoped advisory
lock), so two workstations never fork the chain.

The table is append-only (triggers refuse UPDATE and DELETE; ids are never reused), and the chain
never heals itself: an append that finds the stored head different from the newest row present
(someone removed the guard and cut the end off, or rewrote the head) first appends an
``audit.break`` event naming the head it expected and the one it found, chained like any other,
which :func:`verify` reports for good. Without it the next write would chain from the last row
left and overwrite the head, and the trail would verify again.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import Select, func, select, text
from sqlalchemy.orm import Session

from bpjs_desktop.db.engine import Database
from bpjs_desktop.db.models import AuditEvent, Role, Setting, User
from bpjs_desktop.domain.periods import WIB, format_datetime_wib
from bpjs_desktop.i18n import N_, _
from bpjs_desktop.services import keyset
from bpjs_desktop.services.context import Actor, require

GENESIS = "0" * 64
_PG_AUDIT_LOCK = 0x42504A53  # "BPJS": the advisory lock key that serialises chain appends


def _default(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if hasattr(value, "value"):
        return value.value
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


def _canonical(detail: Mapping[str, Any]) -> str:
    return json.dumps(
        detail, default=_default, sort_keys=True, ensure_ascii=False, separators=(",", ":")
    )


def _digest(
    prev_hash: str,
    at: datetime,
    username: str,
    action: str,
    entity: str,
    entity_id: str,
    detail: str,
) -> str:
    payload = "\x1f".join(
        [
            prev_hash,
            at.astimezone(UTC).isoformat(timespec="microseconds"),
            username,
            action,
            entity,
            entity_id,
            detail,
        ]
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


BREAK_ACTION = "audit.break"
HEAD_KEY = "audit_head"
# The author of an ``audit.break`` event: the app itself, on noticing, not the user whose write
# happened to notice it.
_SYSTEM = Actor(None, "sistem", "Sistem", Role.ADMIN, None)


def record(
    session: Session,
    actor: Actor,
    action: str,
    entity: str,
    entity_id: object = "",
    detail: Mapping[str, Any] | None = None,
) -> AuditEvent:
    """Append one event to the chain inside the caller's transaction.

    If the stored head does not name the newest event present, an ``audit.break`` event is
    appended first, so the loss stays on the trail instead of being covered by this event.
    """
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _PG_AUDIT_LOCK})
    last = session.execute(
        select(AuditEvent.id, AuditEvent.hash).order_by(AuditEvent.id.desc()).limit(1)
    ).first()
    found = f"{last.id}:{last.hash}" if last is not None else ""
    head = session.get(Setting, HEAD_KEY)
    expected = head.value if head is not None else ""
    prev_hash = last.hash if last is not None else GENESIS
    if expected != found:
        broken = _append(
            session, _SYSTEM, BREAK_ACTION, "audit", "",
            {"expected_head": expected, "found_head": found}, prev_hash,
        )  # fmt: skip
        prev_hash = broken.hash
    return _append(session, actor, action, entity, entity_id, detail, prev_hash)


def _append(
    session: Session,
    actor: Actor,
    action: str,
    entity: str,
    entity_id: object,
    detail: Mapping[str, Any] | None,
    prev_hash: str,
) -> AuditEvent:
    at = datetime.now(UTC)
    detail_text = _canonical(detail or {})
    event = AuditEvent(
        at=at,
        user_id=actor.user_id,
        username=actor.username,
        action=action,
        entity=entity,
        entity_id=str(entity_id),
        detail=detail_text,
        prev_hash=prev_hash,
        hash=_digest(prev_hash, at, actor.username, action, entity, str(entity_id), detail_text),
    )
    session.add(event)
    session.flush()
    _set_head(session, f"{event.id}:{event.hash}")
    return event


def _set_head(session: Session, value: str) -> None:
    """Remember the newest event outside the chain, so deleting the newest event shows too."""
    head = session.get(Setting, HEAD_KEY)
    if head is None:
        session.add(Setting(key=HEAD_KEY, value=value))
    else:
        head.value = value


def _head_id(value: str) -> int:
    """The event id of a stored head ``"id:hash"`` (0 if there is none)."""
    first = value.split(":")[0]
    return int(first) if first.isdigit() else 0


@dataclass(frozen=True, slots=True)
class AuditRow:
    id: int
    at: datetime
    username: str
    action: str
    entity: str
    entity_id: str
    detail: dict[str, Any]


@dataclass(frozen=True, slots=True)
class VerifyReport:
    events: int
    first_broken_id: int | None
    problem: str | None

    @property
    def ok(self) -> bool:
        return self.first_broken_id is None


def verify(db: Database, progress: Callable[[int], None] | None = None) -> VerifyReport:
    """Recompute the chain from the first event; report the first event that does not fit."""
    prev_hash = GENESIS
    count = 0
    last_id = 0
    with db.read() as session:
        rows = session.execute(
            select(
                AuditEvent.id, AuditEvent.at, AuditEvent.username, AuditEvent.action,
                AuditEvent.entity, AuditEvent.entity_id, AuditEvent.detail,
                AuditEvent.prev_hash, AuditEvent.hash,
            ).order_by(AuditEvent.id)
        ).yield_per(5000)  # fmt: skip
        for row in rows:
            count += 1
            if row.prev_hash != prev_hash:
                return VerifyReport(count, row.id, "prev_hash")
            expected = _digest(
                prev_hash, row.at, row.username, row.action, row.entity, row.entity_id, row.detail
            )
            if expected != row.hash:
                return VerifyReport(count, row.id, "hash")
            if row.action == BREAK_ACTION:
                # A later write found the end of the trail cut off (or the head rewritten) and
                # said so here: the trail stays broken from the first event that went missing.
                lost = _head_id(json.loads(row.detail).get("expected_head", ""))
                return VerifyReport(count, lost or row.id, "head")
            prev_hash = row.hash
            last_id = row.id
            if progress is not None and count % 5000 == 0:
                progress(count)
        head = session.get(Setting, HEAD_KEY)
    if (head.value if head is not None else "") != (f"{last_id}:{prev_hash}" if count else ""):
        # The newest event recorded is not the newest event present: the end was cut off (or
        # the head itself was removed or rewritten).
        recorded_id = _head_id(head.value) if head is not None else 0
        return VerifyReport(count, recorded_id or last_id, "head")
    return VerifyReport(count, None, None)


def recent(
    db: Database, limit: int = 100, entity: str | None = None, entity_id: object = None
) -> list[AuditRow]:
    """The newest events, optionally for one record."""
    with db.read() as session:
        query = select(AuditEvent).order_by(AuditEvent.id.desc()).limit(limit)
        if entity is not None:
            query = query.where(AuditEvent.entity == entity)
        if entity_id is not None:
            query = query.where(AuditEvent.entity_id == str(entity_id))
        return [
            AuditRow(e.id, e.at, e.username, e.action, e.entity, e.entity_id, json.loads(e.detail))
            for e in session.scalars(query)
        ]


# --- the audit viewer (Jejak audit) ------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class EventFilter:
    """What the viewer asks for; empty fields do not filter. Dates are office days (WIB)."""

    username: str = ""
    entity: str = ""
    entity_id: str = ""
    action: str = ""
    date_from: date | None = None
    date_to: date | None = None


def _wib_start(day: date) -> datetime:
    return datetime.combine(day, time(0), tzinfo=WIB).astimezone(UTC)


def _events_query(session: Session, actor: Actor, wanted: EventFilter) -> Select[Any]:
    """The events *actor* may see that match *wanted* (not yet ordered or paged).

    A head of a branch sees the events of the users of the own offices (events have the user's
    id); events of nobody's (the system, the command line, a failed sign-in) only the region.
    """
    from bpjs_desktop.services import scope  # scope records refusals through this module

    query = select(AuditEvent)
    offices = scope.offices_in_scope(session, actor)
    if offices is not None:
        users = select(User.id).where(scope.in_scope(User.office_id, offices))
        query = query.where(AuditEvent.user_id.in_(users))
    if wanted.username.strip():
        query = query.where(AuditEvent.username == wanted.username.strip().lower())
    if wanted.entity.strip():
        query = query.where(AuditEvent.entity == wanted.entity.strip())
    if wanted.entity_id.strip():
        query = query.where(AuditEvent.entity_id == wanted.entity_id.strip())
    if wanted.action.strip():
        query = query.where(AuditEvent.action == wanted.action.strip())
    if wanted.date_from is not None:
        query = query.where(AuditEvent.at >= _wib_start(wanted.date_from))
    if wanted.date_to is not None:
        query = query.where(AuditEvent.at < _wib_start(wanted.date_to + timedelta(days=1)))
    return query


def _row(e: AuditEvent) -> AuditRow:
    return AuditRow(e.id, e.at, e.username, e.action, e.entity, e.entity_id, json.loads(e.detail))


class EventQuery(keyset.KeysetList):
    """The events *actor* may see that match *wanted*, newest first, read a page at a time by
    key (services/keyset.py: after the id of the last event shown, never OFFSET): the PageSource
    of the viewer (``ui/common/tables.py``). The trail only grows, so the key is the event id.

    Raises:
        PermissionDeniedError: the role may not see the trail (``audit.view``).
    """

    DEFAULT_DESCENDING = True  # newest first

    def __init__(self, db: Database, actor: Actor, wanted: EventFilter) -> None:
        require(actor, "audit.view")
        self.db = db
        self.actor = actor
        self.wanted = wanted

    def count(self) -> int:
        with self.db.read() as session:
            query = _events_query(session, self.actor, self.wanted)
            return int(session.scalar(select(func.count()).select_from(query.subquery())) or 0)

    def _keys(
        self, session: Session, sort_key: str | None, descending: bool
    ) -> tuple[keyset.KeyQuery, keyset.Order]:
        query = _events_query(session, self.actor, self.wanted).with_only_columns(AuditEvent.id)
        return query, keyset.Order.of(AuditEvent.id, descending=descending)

    def key_of(self, row: AuditRow, sort_key: str | None = None) -> keyset.Key:
        return (row.id,)

    def _rows(self, session: Session, ids: Sequence[Any]) -> list[AuditRow]:
        events = session.scalars(select(AuditEvent).where(AuditEvent.id.in_(ids)))
        return keyset.in_key_order([_row(e) for e in events], ids, lambda r: r.id)


EXPORT_HEADERS = (
    N_("No."),
    N_("Waktu"),
    N_("Pengguna"),
    N_("Tindakan"),
    N_("Jenis data"),
    N_("Kunci data"),
    N_("Rincian"),
)


def export_events(db: Database, actor: Actor, wanted: EventFilter, out: Path) -> int:
    """Write every event *actor* may see that matches *wanted* (newest first) to *out*
    (``.xlsx`` or ``.csv``; user text is written as text, never as a formula); return how many.
    The export itself goes on the trail: who, which filter, how many rows.

    Raises:
        PermissionDeniedError: the role may not see the trail.
        KnownError: the file cannot be written.
    """
    from bpjs_desktop.exchange.table_export import write_table

    require(actor, "audit.view")
    with db.read() as session:
        query = _events_query(session, actor, wanted).order_by(AuditEvent.id.desc())
        rows: list[list[str | int | None]] = [
            [
                e.id,
                format_datetime_wib(e.at),
                e.username,
                e.action,
                e.entity,
                e.entity_id,
                e.detail,
            ]
            for e in session.scalars(query).yield_per(5000)
        ]
    write_table(
        out, _("Jejak audit"), [_(h) for h in EXPORT_HEADERS], rows, (8, 20, 18, 24, 14, 18, 60)
    )
    with db.write() as session:
        record(
            session, actor, "audit.export", "audit", "",
            {
                "rows": len(rows), "file": Path(out).name, "username": wanted.username,
                "entity": wanted.entity, "entity_id": wanted.entity_id, "action": wanted.action,
                "from": wanted.date_from, "to": wanted.date_to,
            },
        )  # fmt: skip
    return len(rows)
