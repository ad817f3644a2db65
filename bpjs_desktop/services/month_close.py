"""Closing a month: its summary frozen as reported, and corrections made after it.

A head of office closes a month for their scope (their branch with its KCPs, or the region):

1. the month's summary is computed from the records and frozen as a *snapshot*: canonical JSON
   with its SHA-256 (``month_close``), from which its export is reproduced identically later
   (:func:`reports.report_summary`); the facts of each office of the scope are frozen with it
   (:mod:`services.facts`), so the dashboard shows the month as it was closed;
2. records can still change afterwards — the effective date of a registration is the day the form
   was received, a payment may be recorded days after it was made — and refusing such writes
   would refuse true facts. Instead, each change to a closed month becomes a dated **adjustment**
   (``adjustment``: the month, the office, the figure, the difference, why) *reported in the
   next open month*: the report of that month lists them on its "Koreksi bulan lalu" sheet, and
   its own figures (year to date, levels) come from the records, so they include the change.

Corrections are found by reconciliation, not by each write service: before a month is closed,
every earlier closed month of the scope's offices whose records may have changed (an audit event
that can change a figure was recorded since it was last checked) is recomputed and compared,
figure by figure, with what was frozen, less the adjustments already recorded. This catches every
path into the database (desk, importer, another workstation) without each of them knowing about
closes. Targets, which are set here, are refused outright for a closed month.

Which differences: the figures of the month itself (its levels at month end and its flows); a
year-to-date figure is a sum of months, so only the two the summary keeps solely year to date
(Perisai acquisitions, arrears collected) are corrected, as the month's own share.
"""

from __future__ import annotations

import dataclasses
import json
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import delete, func, insert, not_, or_, select
from sqlalchemy.orm import Session

from bpjs_desktop.db.engine import Database
from bpjs_desktop.db.models import (
    Adjustment,
    AuditEvent,
    MonthClose,
    MonthlyFact,
    Office,
    OfficeKind,
    Setting,
    utcnow,
)
from bpjs_desktop.domain.periods import Period, format_datetime_wib, today_wib
from bpjs_desktop.errors import ConflictError, NotFoundError, PermissionDeniedError, ValidationError
from bpjs_desktop.i18n import _, current_language
from bpjs_desktop.services import audit, backup, reports
from bpjs_desktop.services import scope as scope_service
from bpjs_desktop.services.context import Actor, require
from bpjs_desktop.services.facts import INERT_ACTION_PREFIXES
from bpjs_desktop.services.reports import (
    ADJUSTED_FIELDS,
    CLOSED_KEY,
    YTD_ONLY_FIELDS,
    AdjustmentRow,
    MonthlySummary,
)

CHECKED_KEY = "close:checked:{period}"  # audit id up to which a closed month was reconciled
LOOK_BACK_MONTHS = 13  # corrections are sought in the closed months of the past year

ProgressFn = Callable[[int, str], None]


@dataclass(frozen=True, slots=True)
class CloseRow:
    period: Period
    scope_code: str
    scope_name: str
    closed_at: datetime
    closed_by: str
    sha256: str
    offices: int
    adjustments: int  # corrections reported in this month's snapshot

    @property
    def closed_at_text(self) -> str:
        return format_datetime_wib(self.closed_at)


@dataclass(frozen=True, slots=True)
class Correction:
    """A difference between a closed month's frozen figure and its records now."""

    period: Period
    office_code: str
    field: str
    delta: int
    reported_in: Period
    reason: str

    @property
    def label(self) -> str:
        return reports.fact_label(self.field)


@dataclass(frozen=True)
class ClosePreview:
    """What closing would freeze: the month's summary and the corrections it would record."""

    period: Period
    scope_code: str
    scope_name: str
    summary: MonthlySummary
    corrections: tuple[Correction, ...]
    already: CloseRow | None


# --- reading -------------------------------------------------------------------------------------


def _close_row(close: MonthClose) -> CloseRow:
    data = json.loads(close.snapshot)
    return CloseRow(
        Period.parse(close.period),
        close.scope_code,
        str(data.get("scope_name", close.scope_code)),
        close.closed_at,
        str(data.get("closed_by", "")),
        close.sha256,
        len(data.get("rows", [])),
        len(data.get("adjustments", [])),
    )


def closes(db: Database, scope_code: str | None = None) -> list[CloseRow]:
    """The closed months (newest first), of one scope or of all."""
    with db.read() as session:
        query = select(MonthClose).order_by(MonthClose.period.desc(), MonthClose.scope_code)
        if scope_code:
            query = query.where(MonthClose.scope_code == scope_code.strip().upper())
        return [_close_row(c) for c in session.scalars(query)]


def closed_office_ids(session: Session, period: Period, office_ids: Iterable[int]) -> set[int]:
    """Which of *office_ids* have *period* closed (by any scope that covers them)."""
    return set(
        session.scalars(
            select(MonthlyFact.office_id).where(
                MonthlyFact.period == str(period),
                MonthlyFact.kpi == CLOSED_KEY,
                MonthlyFact.office_id.in_(list(office_ids)),
            )
        )
    )


def is_closed(db: Database, office_code: str, period: Period) -> bool:
    """Whether *period* is closed for the office (a helper for services that want to warn)."""
    with db.read() as session:
        office_id = session.scalar(select(Office.id).where(Office.code == office_code.upper()))
        return office_id is not None and bool(closed_office_ids(session, period, [office_id]))


# --- reconciliation ------------------------------------------------------------------------------


def _audit_head(session: Session) -> int:
    return int(session.scalar(select(func.max(AuditEvent.id))) or 0)


def _checked(session: Session, period: Period) -> int:
    value = session.scalar(
        select(Setting.value).where(Setting.key == CHECKED_KEY.format(period=period))
    )
    return int(value) if value and value.isdigit() else 0


def _mark_checked(session: Session, period: Period, audit_id: int) -> None:
    key = CHECKED_KEY.format(period=period)
    setting = session.get(Setting, key)
    if setting is None:
        session.add(Setting(key=key, value=str(audit_id)))
    else:
        setting.value = str(max(audit_id, int(setting.value or 0)))


def _writes_since(session: Session, audit_id: int) -> Counter[str]:
    """The audit actions after *audit_id* that can change a figure, with their counts."""
    inert = or_(*(AuditEvent.action.like(f"{p}%") for p in INERT_ACTION_PREFIXES))
    return Counter(
        {
            str(action): int(count)
            for action, count in session.execute(
                select(AuditEvent.action, func.count())
                .where(AuditEvent.id > audit_id, not_(inert))
                .group_by(AuditEvent.action)
            )
        }
    )


def _frozen_values(
    session: Session, periods: Iterable[Period], office_ids: Iterable[int]
) -> dict[tuple[int, str], dict[str, int]]:
    values: dict[tuple[int, str], dict[str, int]] = defaultdict(dict)
    ids = list(office_ids)
    keys = [str(p) for p in periods]
    closed = {
        (o, p)
        for o, p in session.execute(
            select(MonthlyFact.office_id, MonthlyFact.period).where(
                MonthlyFact.kpi == CLOSED_KEY,
                MonthlyFact.period.in_(keys),
                MonthlyFact.office_id.in_(ids),
            )
        )
    }
    for office_id, period, key, value in session.execute(
        select(MonthlyFact.office_id, MonthlyFact.period, MonthlyFact.kpi, MonthlyFact.value).where(
            MonthlyFact.period.in_(keys), MonthlyFact.office_id.in_(ids)
        )
    ):
        if (office_id, period) in closed:
            values[(office_id, period)][key] = int(value)
    return dict(values)


def find_corrections(
    db: Database, office_ids: Iterable[int], up_to: Period, progress: ProgressFn | None = None
) -> tuple[list[Correction], int, list[Period]]:
    """Differences between the frozen closed months (up to *up_to*) of the offices and their
    records now, less the adjustments already recorded.

    Returns (corrections, the audit id they are valid as of, the months checked).
    """
    ids = list(office_ids)
    first = up_to.shift(-LOOK_BACK_MONTHS)
    with db.read() as session:
        head = _audit_head(session)
        code_of = {o.id: o.code for o in session.scalars(select(Office))}
        closed_by_office = _closed_months(session, ids, first, up_to)
        frozen_periods = sorted(
            {Period.parse(p) for months in closed_by_office.values() for p in months}
        )
        # A closed month is checked again only if figures may have changed since its last check.
        reasons = {
            p: writes
            for p in frozen_periods
            if (writes := _writes_since(session, _checked(session, p)))
        }
        to_check = list(reasons)
        if not to_check:
            return [], head, frozen_periods
        # The months before each checked one, for the month's own share of year-to-date figures.
        wanted = sorted(set(to_check) | {p.previous() for p in to_check if p.month > 1})
        frozen = _frozen_values(session, wanted, ids)
        recorded = _recorded_adjustments(session, to_check, ids)
    records = _figures_now(db, wanted, ids, code_of, progress)
    corrections: list[Correction] = []
    for period in to_check:
        reason = _("Data {month} berubah setelah ditutup: {actions}").format(
            month=period.label(current_language()),
            actions=", ".join(f"{a} ×{n}" for a, n in sorted(reasons[period].items())) or "-",
        )[:300]
        for office_id in ids:
            reported_in = period.next()
            while str(reported_in) in closed_by_office[office_id] and reported_in <= up_to:
                reported_in = reported_in.next()
            corrections += (
                Correction(period, code_of[office_id], key, delta, reported_in, reason)
                for key, delta in _changes(period, office_id, frozen, records, recorded)
            )
    return corrections, head, to_check


def _closed_months(
    session: Session, ids: list[int], first: Period, up_to: Period
) -> defaultdict[int, set[str]]:
    """The months from *first* to *up_to* closed at each office ("YYYY-MM")."""
    closed_by_office: defaultdict[int, set[str]] = defaultdict(set)
    for office_id, closed_period in session.execute(
        select(MonthlyFact.office_id, MonthlyFact.period).where(
            MonthlyFact.kpi == CLOSED_KEY,
            MonthlyFact.office_id.in_(ids),
            MonthlyFact.period.between(str(first), str(up_to)),
        )
    ):
        closed_by_office[office_id].add(closed_period)
    return closed_by_office


def _recorded_adjustments(
    session: Session, periods: list[Period], ids: list[int]
) -> dict[tuple[str, int, str], int]:
    """The adjustments already recorded, per (month, office id, figure)."""
    recorded: dict[tuple[str, int, str], int] = defaultdict(int)
    for adjusted, office_id, key, delta in session.execute(
        select(Adjustment.period, Adjustment.office_id, Adjustment.field, Adjustment.delta)
        .where(Adjustment.period.in_([str(p) for p in periods]), Adjustment.office_id.in_(ids))
    ):  # fmt: skip
        recorded[(adjusted, office_id, key)] += int(delta)
    return recorded


def _figures_now(
    db: Database,
    periods: list[Period],
    ids: list[int],
    code_of: dict[int, str],
    progress: ProgressFn | None,
) -> dict[tuple[int, str], dict[str, int]]:
    """The offices' monthly figures as the records give them now, per (office id, month)."""
    records: dict[tuple[int, str], dict[str, int]] = {}
    for step, period in enumerate(periods):
        if progress is not None:
            progress(
                10 + 60 * step // max(1, len(periods)),
                _("Memeriksa perubahan data {month}…").format(
                    month=period.label(current_language())
                ),
            )
        summary = reports.monthly_summary(db, period)
        by_code = {r.office_code: r for r in summary.rows}
        for office_id in ids:
            row = by_code.get(code_of[office_id])
            if row is not None:
                records[(office_id, str(period))] = reports.flatten(row)
    return records


def _changes(
    period: Period,
    office_id: int,
    frozen: dict[tuple[int, str], dict[str, int]],
    records: dict[tuple[int, str], dict[str, int]],
    recorded: dict[tuple[str, int, str], int],
) -> list[tuple[str, int]]:
    """How much each figure of the office's closed month has changed, less what was recorded.

    A year-to-date-only figure counts the month's own share: its change less the previous
    month's change.
    """
    frozen_now = frozen.get((office_id, str(period)))
    now = records.get((office_id, str(period)))
    if frozen_now is None or now is None:
        return []
    before = period.previous()
    frozen_before = frozen.get((office_id, str(before))) if period.month > 1 else None
    now_before = records.get((office_id, str(before)))
    changes = []
    for key in ADJUSTED_FIELDS:
        delta = now.get(key, 0) - frozen_now.get(key, 0)
        if key in YTD_ONLY_FIELDS and frozen_before is not None and now_before is not None:
            delta -= now_before.get(key, 0) - frozen_before.get(key, 0)
        delta -= recorded.get((str(period), office_id, key), 0)
        if delta:
            changes.append((key, delta))
    return changes


# --- closing -------------------------------------------------------------------------------------


def _scope(session: Session, scope_code: str | None, actor: Actor) -> tuple[Office, list[Office]]:
    offices = session.scalars(select(Office).order_by(Office.id)).all()
    if scope_code is None:
        own = next((o for o in offices if o.id == actor.office_id), None)
        scope = own or next(o for o in offices if o.kind is OfficeKind.KANWIL)
    else:
        found = next((o for o in offices if o.code == scope_code.strip().upper()), None)
        if found is None:
            raise NotFoundError(_("Kantor dengan kode {code} tidak ada").format(code=scope_code))
        scope = found
    return scope, list(offices)


def _check_may_close(actor: Actor, scope: Office, offices: list[Office]) -> None:
    require(actor, "month.close")
    if scope_service.is_regional(actor):
        return
    own = next((o for o in offices if o.id == actor.office_id), None)
    if own is None:
        raise PermissionDeniedError(_("Pengguna ini tidak terdaftar di kantor mana pun"))
    if own.kind is OfficeKind.KANWIL or own.id == scope.id:
        return
    raise PermissionDeniedError(
        _("Kepala {own} hanya dapat menutup bulan kantornya sendiri, bukan {scope}").format(
            own=own.name, scope=scope.name
        )
    )


def preview_close(
    db: Database,
    actor: Actor,
    period: Period,
    scope_code: str | None = None,
    progress: ProgressFn | None = None,
) -> ClosePreview:
    """What :func:`close_month` would freeze and record, without writing anything."""
    with db.read() as session:
        scope, _offices = _scope(session, scope_code, actor)
        existing = session.scalar(
            select(MonthClose).where(
                MonthClose.period == str(period), MonthClose.scope_code == scope.code
            )
        )
        if existing is not None:
            summary = reports.summary_from_json(existing.snapshot, existing.sha256)
            return ClosePreview(period, scope.code, scope.name, summary, (), _close_row(existing))
    summary, corrections, _head, _checked_periods, _frozen = _compute(db, period, scope, progress)
    return ClosePreview(period, scope.code, scope.name, summary, tuple(corrections), None)


def _compute(
    db: Database, period: Period, scope: Office, progress: ProgressFn | None
) -> tuple[MonthlySummary, list[Correction], int, list[Period], set[str]]:
    """The summary to freeze (rows of offices already frozen kept as frozen), the corrections
    found, the audit id they hold as of, the months checked, the codes already frozen."""
    if progress is not None:
        progress(5, _("Menghitung ringkasan bulan…"))
    summary = reports.monthly_summary(db, period, scope.code)
    with db.read() as session:
        ids = {
            o.code: o.id
            for o in session.scalars(
                select(Office).where(Office.code.in_([r.office_code for r in summary.rows]))
            )
        }
        frozen = reports.frozen_rows(session, period, ids.values())
    corrections, head, checked = find_corrections(db, ids.values(), period, progress)
    frozen_codes = {r.office_code for r in frozen.values()}
    rows = tuple(frozen.get(ids[r.office_code], r) for r in summary.rows)
    total = reports.sum_rows(
        rows, summary.total.office_code, summary.scope_name, summary.total.office_kind
    )
    now = utcnow().astimezone(UTC).isoformat(timespec="seconds")
    reported_here = tuple(
        AdjustmentRow(
            str(c.period), str(c.reported_in), c.office_code, c.field, c.delta, c.reason, now
        )
        for c in corrections
        if c.reported_in == period
    )
    summary = dataclasses.replace(
        summary, rows=rows, total=total, adjustments=summary.adjustments + reported_here
    )
    return summary, corrections, head, checked, frozen_codes


def close_month(
    db: Database,
    actor: Actor,
    period: Period,
    scope_code: str | None = None,
    progress: ProgressFn | None = None,
) -> CloseRow:
    """Close *period* for the scope (default: the actor's office): record the corrections to
    earlier closed months, freeze the summary and its facts — one transaction, one audit event.

    Raises:
        PermissionDeniedError: not a head of this office (or of the region), nor an admin.
        ValidationError: the month has not ended yet.
        ConflictError: the month is already closed for this scope.
    """
    with db.read() as session:
        scope, offices = _scope(session, scope_code, actor)
    _check_may_close(actor, scope, offices)
    if period.last_day >= today_wib():
        raise ValidationError.single(
            "period",
            _("Bulan {month} belum berakhir; bulan ditutup setelah hari terakhirnya").format(
                month=period.label(current_language())
            ),
        )
    summary, corrections, head, checked, frozen_codes = _compute(db, period, scope, progress)
    if progress is not None:
        progress(85, _("Membekukan ringkasan…"))
    closed_at = utcnow()
    snapshot = reports.summary_to_json(summary, closed_at, actor.full_name or actor.username)
    sha = reports.snapshot_hash(snapshot)
    # A verified copy as the month stood before it was frozen (issue #12); the CLI gets it too.
    backup.backup_before(db, "month_close")
    with db.write() as session:
        if session.scalar(
            select(MonthClose.id).where(
                MonthClose.period == str(period), MonthClose.scope_code == scope.code
            )
        ):
            raise ConflictError(
                _("Bulan {month} sudah ditutup untuk {scope}").format(
                    month=period.label(current_language()), scope=scope.name
                )
            )
        ids = _add_adjustments(session, actor, corrections, closed_at)
        close = MonthClose(
            period=str(period),
            scope_code=scope.code,
            closed_at=closed_at,
            closed_by=actor.user_id,
            snapshot=snapshot,
            sha256=sha,
        )
        session.add(close)
        session.flush()
        # Freeze the facts of the offices this close is the first to cover.
        newly = [r for r in summary.rows if r.office_code not in frozen_codes]
        _freeze_facts(session, period, newly, ids, close.id, closed_at)
        for checked_period in [*checked, period]:
            _mark_checked(session, checked_period, head)
        audit.record(
            session, actor, "month.close", "month_close", close.id,
            {"period": str(period), "scope": scope.code, "sha256": sha,
             "offices": len(summary.rows), "frozen": len(newly),
             "adjustments": len(corrections)},
        )  # fmt: skip
        row = _close_row(close)
    if progress is not None:
        progress(100, _("Selesai"))
    return row


def _add_adjustments(
    session: Session, actor: Actor, corrections: list[Correction], at: datetime
) -> dict[str, int]:
    """Record *corrections* as adjustments; return the office ids by code (the caller's too)."""
    ids = {o.code: o.id for o in session.scalars(select(Office))}
    for c in corrections:
        session.add(
            Adjustment(
                period=str(c.period), reported_in=str(c.reported_in),
                office_id=ids[c.office_code], field=c.field, delta=c.delta, reason=c.reason,
                recorded_by=actor.user_id, recorded_at=at,
            )
        )  # fmt: skip
    return ids


def _freeze_facts(
    session: Session,
    period: Period,
    rows: list[reports.OfficeSummary],
    ids: dict[str, int],
    close_id: int,
    closed_at: datetime,
) -> None:
    """Store the summary *rows*' figures as the month's facts, marked closed by *close_id*."""
    new_ids = [ids[r.office_code] for r in rows]
    if not new_ids:
        return
    session.execute(
        delete(MonthlyFact).where(
            MonthlyFact.period == str(period), MonthlyFact.office_id.in_(new_ids)
        )
    )
    values = [
        {"office_id": ids[row.office_code], "period": str(period), "kpi": key,
         "value": value, "computed_at": closed_at}
        for row in rows
        for key, value in [*reports.flatten(row).items(), (CLOSED_KEY, close_id)]
    ]  # fmt: skip
    session.execute(insert(MonthlyFact), values)


def record_corrections(
    db: Database, actor: Actor, scope_code: str | None = None, progress: ProgressFn | None = None
) -> list[Correction]:
    """Record now, without closing anything, the corrections to the scope's closed months, so
    that the report of the open month they belong to shows them before it is itself closed
    (closing does the same first). One transaction, one audit event; none if nothing changed."""
    with db.read() as session:
        scope, offices = _scope(session, scope_code, actor)
        latest = reports.latest_period(db)
        ids = [
            o.id
            for o in offices
            if o.kind is not OfficeKind.KANWIL
            and (scope.kind is OfficeKind.KANWIL or o.id == scope.id or o.parent_id == scope.id)
        ]
    _check_may_close(actor, scope, offices)
    corrections, head, checked = find_corrections(db, ids, latest, progress)
    if not corrections:
        return []  # nothing to record (the check is simply redone next time)
    with db.write() as session:
        _add_adjustments(session, actor, corrections, utcnow())
        for checked_period in checked:
            _mark_checked(session, checked_period, head)
        audit.record(
            session, actor, "month.adjust", "adjustment", scope.code,
            {"scope": scope.code, "adjustments": len(corrections),
             "periods": sorted({str(c.period) for c in corrections})},
        )  # fmt: skip
    return corrections


def adjustments(
    db: Database, reported_in: Period | None = None, office_code: str | None = None
) -> list[AdjustmentRow]:
    """Recorded corrections (newest first), optionally those reported in a month or of an office."""
    with db.read() as session:
        code_of = {o.id: o.code for o in session.scalars(select(Office))}
        query = select(Adjustment).order_by(Adjustment.recorded_at.desc(), Adjustment.id.desc())
        if reported_in is not None:
            query = query.where(Adjustment.reported_in == str(reported_in))
        if office_code is not None:
            office_id = next((i for i, c in code_of.items() if c == office_code.upper()), -1)
            query = query.where(Adjustment.office_id == office_id)
        return [
            AdjustmentRow(
                a.period, a.reported_in, code_of[a.office_id], a.field, int(a.delta), a.reason,
                a.recorded_at.astimezone(UTC).isoformat(timespec="seconds"),
            )
            for a in session.scalars(query)
        ]  # fmt: skip
