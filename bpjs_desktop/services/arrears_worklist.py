"""The arrears worklist (each officer's cases, today and overdue) and the year's target progress.

The worklist is a :class:`~bpjs_desktop.ui.common.tables.PageSource`: counted, filtered, sorted and paged
in SQL. What an employer owes (unpaid past its due date) and the due date of its oldest unpaid
month are one grouped subquery over the bills of the employers with open cases (their unique
``(employer_id, period)`` index), so ordering by amount and age stays in SQL; the fine and the next
action are worked out per page, for the rows shown. Officers (AR, inspectors) see their own cases;
the head of office sees every officer's cases of the office (and its KCPs), the regional office and
the administrator the whole region.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import Date, Select, case, func, literal, select
from sqlalchemy.orm import Session

from bpjs_desktop.db.engine import Database
from bpjs_desktop.db.models import (
    ArrearsCase,
    CaseStatus,
    ContributionBill,
    Employer,
    FollowUp,
    FollowUpKind,
    Instalment,
    Office,
    User,
)
from bpjs_desktop.domain.arrears import (
    PROMISE_KINDS,
    AgeingBucket,
    InstalmentState,
    PromiseState,
    action_label,
    ageing_bucket,
    due_window,
    late_fine,
    months_late,
    next_action,
)
from bpjs_desktop.domain.periods import Period
from bpjs_desktop.errors import PermissionDeniedError, ValidationError
from bpjs_desktop.exchange.table_export import Cell, write_table
from bpjs_desktop.i18n import _
from bpjs_desktop.services import audit, keyset, scope
from bpjs_desktop.services.arrears import (
    OPEN_STATUSES,
    ageing_buckets,
    bucket_by_name,
    bucket_label,
    may_view_all,
    reference_date,
    require_view,
    status_label,
)
from bpjs_desktop.services.context import Actor


@dataclass(frozen=True, slots=True)
class WorklistFilter:
    """Which cases: of an office (with its KCPs), an officer, an ageing bucket, some statuses.

    ``due_only`` keeps the cases whose next action falls due on the list's day or before (or has
    no date): the officer's work for today.
    """

    office_code: str | None = None
    officer_username: str | None = None
    bucket: str | None = None
    statuses: tuple[CaseStatus, ...] = OPEN_STATUSES
    due_only: bool = True
    target_year: int | None = None


@dataclass(frozen=True, slots=True)
class WorklistRow:
    case_id: int
    npp: str
    employer_name: str
    office_code: str
    officer_username: str | None
    officer_name: str | None
    target_year: int
    status: CaseStatus
    stage: FollowUpKind | None
    owed: int  # unpaid past its due date on *on*, every month of the employer
    months_owed: int
    oldest_period: str | None
    oldest_due: date | None
    next_action_on: date | None
    on: date
    fine: int = 0
    months_overdue: int = 0
    bucket: str | None = None
    next_action: str = ""  # in full: "Janji bayar diingkari: Surat peringatan II"
    broken_promise: bool = False
    next_step: str = ""  # short, for a narrow column: "Surat peringatan II"

    @property
    def overdue(self) -> bool:
        """The next action should have been taken before the list's day."""
        return self.next_action_on is None or self.next_action_on < self.on

    @property
    def due_today(self) -> bool:
        return self.next_action_on == self.on

    @property
    def total(self) -> int:
        return self.owed + self.fine


# Stand-ins for empty dates in a sort key (services/keyset.py): a case with no date for its next
# action is late, so it sorts as the earliest; an employer owing nothing past due as the youngest.
_NO_DATE = date(1900, 1, 1)
_NO_ARREARS = date(9999, 12, 31)

WORKLIST_SORT_KEYS = ("owed", "age", "next", "name", "npp", "officer", "office", "year")


@dataclass(frozen=True, slots=True)
class WorklistTotals:
    cases: int
    owed: int
    overdue: int  # cases whose next action is late


class WorklistQuery(keyset.KeysetList):
    """The worklist under a filter, as *actor* may see it (a PageSource for the UI, read by key).

    Raises:
        PermissionDeniedError: the actor's role has no worklist, or the office is not theirs.
        ValidationError: an unknown officer or ageing bucket.
    """

    DEFAULT_DESCENDING = True  # the largest debts first

    def __init__(
        self,
        db: Database,
        actor: Actor,
        worklist_filter: WorklistFilter,
        on: date | None = None,
        buckets: Sequence[AgeingBucket] | None = None,
    ) -> None:
        require_view(actor)
        self.db = db
        self.actor = actor
        self.filter = worklist_filter
        self.on = on or reference_date(db)
        self.buckets = tuple(buckets) if buckets is not None else ageing_buckets(db)
        self.bucket = (
            bucket_by_name(self.buckets, worklist_filter.bucket) if worklist_filter.bucket else None
        )
        with db.read() as session:
            self._office_ids = _office_scope(session, actor, worklist_filter.office_code)
            self._officer_id = self._officer(session)

    def _officer(self, session: Session) -> int | None:
        if not may_view_all(self.actor):
            return self.actor.user_id if self.actor.user_id is not None else -1
        username = self.filter.officer_username
        if not username:
            return None
        officer_id = session.scalar(
            select(User.id).where(User.username == username.strip().lower())
        )
        if officer_id is None:
            raise ValidationError.single(
                "officer", _("Pengguna {username} tidak ada").format(username=username)
            )
        return officer_id

    # --- SQL ---------------------------------------------------------------------------------
    def _case_conditions(self) -> list[Any]:
        f = self.filter
        conditions: list[Any] = [ArrearsCase.status.in_(f.statuses)]
        if self._office_ids is not None:
            conditions.append(ArrearsCase.office_id.in_(self._office_ids))
        if self._officer_id is not None:
            conditions.append(ArrearsCase.officer_id == self._officer_id)
        if f.target_year is not None:
            conditions.append(ArrearsCase.target_year == f.target_year)
        if f.due_only:
            conditions.append(
                (ArrearsCase.next_action_on.is_(None)) | (ArrearsCase.next_action_on <= self.on)
            )
        return conditions

    def _owed(self, conditions: list[Any]) -> Any:
        """Per employer with a case in the list: unpaid past due, its oldest due date, months."""
        return (
            select(
                ContributionBill.employer_id.label("employer_id"),
                func.sum(ContributionBill.amount - ContributionBill.paid).label("owed"),
                func.min(ContributionBill.due_date).label("oldest_due"),
                func.min(ContributionBill.period).label("oldest_period"),
                func.count().label("months"),
            )
            .where(
                ContributionBill.employer_id.in_(
                    select(ArrearsCase.employer_id).where(*conditions)
                ),
                ContributionBill.paid < ContributionBill.amount,
                ContributionBill.due_date < self.on,
            )
            .group_by(ContributionBill.employer_id)
            .subquery("owed")
        )

    def _bucket_conditions(self, owed: Any) -> list[Any]:
        if self.bucket is None:
            return []
        after, up_to = due_window(self.bucket, self.on)
        conditions = [owed.c.oldest_due <= up_to]
        if after is not None:
            conditions.append(owed.c.oldest_due > after)
        return conditions

    def count(self) -> int:
        conditions = self._case_conditions()
        query: Select[Any] = select(func.count()).select_from(ArrearsCase)
        if self.bucket is not None:
            owed = self._owed(conditions)
            query = query.join(owed, owed.c.employer_id == ArrearsCase.employer_id).where(
                *self._bucket_conditions(owed)
            )
        with self.db.read() as session:
            return int(session.scalar(query.where(*conditions)) or 0)

    def totals(self) -> WorklistTotals:
        """How many cases, what they owe, and how many are late for their next action."""
        conditions = self._case_conditions()
        owed = self._owed(conditions)
        late = func.sum(
            case(
                (
                    (ArrearsCase.next_action_on.is_(None)) | (ArrearsCase.next_action_on < self.on),
                    1,
                ),
                else_=0,
            )
        )
        query = (
            select(func.count(), func.coalesce(func.sum(owed.c.owed), 0), late)
            .select_from(ArrearsCase)
            .outerjoin(owed, owed.c.employer_id == ArrearsCase.employer_id)
            .where(*conditions, *self._bucket_conditions(owed))
        )
        with self.db.read() as session:
            count, total, overdue = session.execute(query).one()
        return WorklistTotals(int(count or 0), int(total or 0), int(overdue or 0))

    def _keys(
        self, session: Session, sort_key: str | None, descending: bool
    ) -> tuple[keyset.KeyQuery, keyset.Order]:
        """The key of each case in the list's order: the chosen column, then the amount owed
        (largest first) and the oldest arrears (oldest first), then the case id.

        Empty values are replaced by a constant (no date: far past or far future, no officer:
        ""), so that keys compare in SQL the same way on SQLite and PostgreSQL, which put NULL
        at opposite ends.
        """
        conditions = self._case_conditions()
        owed = self._owed(conditions)
        keys = self._key_columns(owed)
        key = sort_key if sort_key in keys else "owed"
        columns = [keys[key]]
        directions = [descending]
        if key != "owed":
            columns.append(keys["owed"])
            directions.append(True)
        if key != "age":
            columns.append(keys["age"])
            directions.append(False)
        columns.append(ArrearsCase.id)
        directions.append(False)
        query: keyset.KeyQuery = (
            select(*columns)
            .select_from(ArrearsCase)
            .join(Employer, Employer.id == ArrearsCase.employer_id)
            .join(Office, Office.id == ArrearsCase.office_id)
            .outerjoin(User, User.id == ArrearsCase.officer_id)
            .outerjoin(owed, owed.c.employer_id == ArrearsCase.employer_id)
            .where(*conditions, *self._bucket_conditions(owed))
        )
        return query, keyset.Order(tuple(columns), tuple(directions))

    @staticmethod
    def _key_columns(owed: Any) -> dict[str, Any]:
        return {
            "owed": func.coalesce(owed.c.owed, 0),
            "age": func.coalesce(owed.c.oldest_due, literal(_NO_ARREARS, Date())),
            "next": func.coalesce(ArrearsCase.next_action_on, literal(_NO_DATE, Date())),
            "name": Employer.name,
            "npp": Employer.npp,
            "officer": func.coalesce(User.username, ""),
            "office": Office.code,
            "year": ArrearsCase.target_year,
        }

    def key_of(self, row: WorklistRow, sort_key: str | None = None) -> keyset.Key:
        values = {
            "owed": row.owed,
            "age": row.oldest_due or _NO_ARREARS,
            "next": row.next_action_on or _NO_DATE,
            "name": row.employer_name,
            "npp": row.npp,
            "officer": row.officer_username or "",
            "office": row.office_code,
            "year": row.target_year,
        }
        key = sort_key if sort_key in values else "owed"
        parts = [values[key]]
        if key != "owed":
            parts.append(row.owed)
        if key != "age":
            parts.append(values["age"])
        return (*parts, row.case_id)

    def _rows(self, session: Session, ids: Sequence[int]) -> list[WorklistRow]:
        """The rows of the cases *ids* (in that order), with the fine and next action worked out."""
        owed = self._owed([ArrearsCase.id.in_(ids)])  # what those employers owe, the same sums
        owed_amount = func.coalesce(owed.c.owed, 0)
        query = (
            select(
                ArrearsCase.id,
                Employer.npp,
                Employer.name,
                Office.code,
                User.username,
                User.full_name,
                ArrearsCase.target_year,
                ArrearsCase.status,
                ArrearsCase.stage,
                owed_amount,
                func.coalesce(owed.c.months, 0),
                owed.c.oldest_period,
                owed.c.oldest_due,
                ArrearsCase.next_action_on,
                ArrearsCase.employer_id,
                ArrearsCase.collected,
            )
            .join(Employer, Employer.id == ArrearsCase.employer_id)
            .join(Office, Office.id == ArrearsCase.office_id)
            .outerjoin(User, User.id == ArrearsCase.officer_id)
            .outerjoin(owed, owed.c.employer_id == ArrearsCase.employer_id)
            .where(ArrearsCase.id.in_(ids))
        )
        order = {case_id: i for i, case_id in enumerate(ids)}
        rows = sorted(session.execute(query).all(), key=lambda r: order[r[0]])
        if not rows:
            return []
        fines = _fines(session, [r[14] for r in rows], self.on)
        actions = _next_actions(session, {r[0]: r[15] for r in rows}, self.on)
        result = []
        for r in rows:
            oldest_due = r[12]
            months = months_late(oldest_due, self.on) if oldest_due is not None else 0
            action = actions[r[0]]
            result.append(
                WorklistRow(
                    r[0],
                    r[1],
                    r[2],
                    r[3],
                    r[4],
                    r[5],
                    r[6],
                    r[7],
                    r[8],
                    int(r[9]),
                    int(r[10]),
                    r[11],
                    oldest_due,
                    r[13],
                    self.on,
                    fines.get(r[14], 0),
                    months,
                    ageing_bucket(months, self.buckets),
                    action[0],
                    action[1],
                    action[2],
                )
            )
        return result

    def all_rows(self, sort_key: str | None = None, descending: bool = True) -> list[WorklistRow]:
        """Every row (for an export; a region has a few thousand open cases)."""
        return self.rows_after(None, max(1, self.count()), sort_key, descending)


def _office_scope(session: Session, actor: Actor, office_code: str | None) -> list[int] | None:
    """Office ids the list covers: the office asked for and its KCPs, within what *actor* sees.

    None means every office. Every role sees only its offices' cases (services/scope.py: a branch
    and its KCPs); an officer, besides, only their own cases (filtered by officer).
    """
    in_scope = scope.offices_in_scope(session, actor)
    allowed = sorted(in_scope) if in_scope is not None else None
    if not office_code:
        return allowed
    family = scope.office_family(session, office_code)
    if family is None:  # the Kanwil: every office the actor sees
        return allowed
    ids = sorted(family)
    if allowed is not None:
        ids = [i for i in ids if i in allowed]
        if not ids:
            raise PermissionDeniedError(
                _("Daftar piutang kantor {code} hanya untuk kantor itu").format(
                    code=office_code.strip().upper()
                )
            )
    return ids


def _fines(session: Session, employer_ids: list[int], on: date) -> dict[int, int]:
    """The fine on every unpaid month past its due date, per employer, up to *on*."""
    fines: dict[int, int] = defaultdict(int)
    for employer_id, period, due, outstanding in session.execute(
        select(
            ContributionBill.employer_id,
            ContributionBill.period,
            ContributionBill.due_date,
            ContributionBill.amount - ContributionBill.paid,
        ).where(
            ContributionBill.employer_id.in_(employer_ids),
            ContributionBill.paid < ContributionBill.amount,
            ContributionBill.due_date < on,
        )
    ):
        fines[int(employer_id or 0)] += late_fine(int(outstanding), Period.parse(period), due, on)
    return fines


def _next_actions(
    session: Session, collected: dict[int, int], on: date
) -> dict[int, tuple[str, bool, str]]:
    """(the next action's words, whether a promise was broken, the step alone) per case id."""
    ids = list(collected)
    history: dict[int, list[tuple[str, date]]] = defaultdict(list)
    latest_promise: dict[int, tuple[int, int | None, date | None]] = {}
    for case_id, follow_id, kind, day, amount, promised_on in session.execute(
        select(
            FollowUp.case_id,
            FollowUp.id,
            FollowUp.kind,
            FollowUp.done_on,
            FollowUp.promised_amount,
            FollowUp.promised_on,
        )
        .where(FollowUp.case_id.in_(ids))
        .order_by(FollowUp.done_on, FollowUp.id)
    ):
        history[case_id].append((FollowUpKind(kind).value, day))
        if FollowUpKind(kind).value in PROMISE_KINDS:
            latest_promise[case_id] = (follow_id, amount, promised_on)
    schedules: dict[int, list[InstalmentState]] = defaultdict(list)
    promise_ids = [p[0] for p in latest_promise.values()]
    if promise_ids:
        for promise_id, sequence, due_on, amount, paid in session.execute(
            select(
                Instalment.follow_up_id,
                Instalment.sequence,
                Instalment.due_on,
                Instalment.amount,
                Instalment.paid,
            ).where(Instalment.follow_up_id.in_(promise_ids))
        ):
            schedules[int(promise_id or 0)].append(InstalmentState(sequence, due_on, amount, paid))
    result: dict[int, tuple[str, bool, str]] = {}
    for case_id in ids:
        states: tuple[InstalmentState, ...] = ()
        if case_id in latest_promise:
            follow_id, amount, promised_on = latest_promise[case_id]
            if schedules.get(follow_id):
                states = tuple(schedules[follow_id])
            elif amount and promised_on is not None:
                states = (InstalmentState(1, promised_on, amount, min(amount, collected[case_id])),)
        action = next_action(history[case_id], PromiseState(on, states))
        step = action_label(action.kind) if action.kind is not None else action.label
        result[case_id] = (action.label, action.broken_promise, step)
    return result


# --- the year's target list ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class TargetProgressRow:
    """One office (or one officer of an office): employers on the year's target list, and how many
    of them had paid (their listed arrears settled) by the end of each month, cumulative from
    January, with the rupiah collected from them."""

    office_code: str
    office_name: str
    officer_username: str | None
    officer_name: str | None
    target: int
    paid: tuple[int, ...]  # 12 months
    collected: tuple[int, ...]  # 12 months

    def paid_by(self, month: int) -> int:
        return self.paid[month - 1]

    def collected_by(self, month: int) -> int:
        return self.collected[month - 1]

    def percent(self, month: int) -> float:
        return 100.0 * self.paid_by(month) / self.target if self.target else 0.0


@dataclass(frozen=True, slots=True)
class TargetProgress:
    year: int
    rows: tuple[TargetProgressRow, ...]
    total: TargetProgressRow


def target_progress(
    db: Database,
    year: int,
    *,
    office_code: str | None = None,
    by_officer: bool = False,
    actor: Actor | None = None,
) -> TargetProgress:
    """The year's target list and how many paid, per office (or officer), month by month.

    The same definitions as the monthly summary (``services.reports``): the target is every case
    of the year's list at the case's office; an employer has paid in a month when its case was
    settled from January to that month's end.

    """
    with db.read() as session:
        offices = session.execute(select(Office.id, Office.code, Office.name)).all()
        names = {o.id: (o.code, o.name) for o in offices}
        chosen_ids = scope.office_family(session, office_code) if office_code else None
        in_scope = scope.offices_in_scope(session, actor)
        users = {
            u.id: (u.username, u.full_name)
            for u in session.execute(select(User.id, User.username, User.full_name))
        }
        targets, paid, collected = _year_counts(session, year, in_scope, chosen_ids, by_officer)
    rows = []
    for key in sorted(targets, key=lambda k: (names[k[0]][1], users.get(k[1] or -1, ("", ""))[1])):
        office_id, officer_id = key
        username, full_name = users.get(officer_id, (None, None)) if officer_id else (None, None)
        rows.append(
            TargetProgressRow(
                names[office_id][0],
                names[office_id][1],
                username,
                full_name,
                targets[key],
                tuple(paid[key]),
                tuple(collected[key]),
            )
        )
    total = TargetProgressRow(
        "",
        _("Total"),
        None,
        None,
        sum(r.target for r in rows),
        tuple(sum(r.paid[m] for r in rows) for m in range(12)),
        tuple(sum(r.collected[m] for r in rows) for m in range(12)),
    )
    return TargetProgress(year, tuple(rows), total)


_Key = tuple[int, int | None]  # (office id, officer id or None when not by officer)


def _year_counts(
    session: Session,
    year: int,
    in_scope: scope.Scope,
    chosen_ids: scope.Scope,
    by_officer: bool,
) -> tuple[dict[_Key, int], dict[_Key, list[int]], dict[_Key, list[int]]]:
    """Per office (or officer): the year's cases, and from each month on how many were settled
    and what they brought in (cumulative, January to the month's end)."""
    targets: dict[_Key, int] = defaultdict(int)
    paid: dict[_Key, list[int]] = defaultdict(lambda: [0] * 12)
    collected: dict[_Key, list[int]] = defaultdict(lambda: [0] * 12)
    for office_id, officer_id, settled_on, amount in session.execute(
        select(
            ArrearsCase.office_id,
            ArrearsCase.officer_id,
            ArrearsCase.settled_on,
            ArrearsCase.collected,
        ).where(ArrearsCase.target_year == year, scope.in_scope(ArrearsCase.office_id, in_scope))
    ):
        if chosen_ids is not None and office_id not in chosen_ids:
            continue
        key = (office_id, officer_id if by_officer else None)
        targets[key] += 1
        if settled_on is not None and date(year, 1, 1) <= settled_on <= date(year, 12, 31):
            for month in range(settled_on.month, 13):
                paid[key][month - 1] += 1
                collected[key][month - 1] += int(amount)
    return targets, paid, collected


# --- export -----------------------------------------------------------------------------------------


def export_headers() -> tuple[str, ...]:
    """The columns of an exported list, in the current language."""
    return (
        _("NPP"), _("Pemberi kerja"), _("Kantor"), _("Petugas"), _("Tahun"), _("Status"),
        _("BLTH tertua"), _("Umur (bulan)"), _("Kelompok"), _("Bulan menunggak"), _("Tunggakan"),
        _("Denda"), _("Jumlah"), _("Tindakan berikutnya"), _("Tanggal"),
    )  # fmt: skip


EXPORT_WIDTHS = (10, 40, 8, 14, 7, 12, 11, 8, 14, 9, 16, 14, 16, 40, 11)


def export_cells(row: WorklistRow) -> tuple[Cell, ...]:
    """One row of an exported list (amounts as numbers, dates as dates)."""
    return (
        row.npp, row.employer_name, row.office_code, row.officer_username or "", row.target_year,
        status_label(row.status), Period.parse(row.oldest_period).blth if row.oldest_period else "",
        row.months_overdue, bucket_label(row.bucket), row.months_owed, row.owed, row.fine,
        row.total, row.next_action, row.next_action_on,
    )  # fmt: skip


def export_worklist(query: WorklistQuery, out: Path, sort_key: str | None = None) -> int:
    """Write the list to *out* (.xlsx or .csv); one audit event; return how many rows."""
    rows = query.all_rows(sort_key, descending=sort_key in (None, "owed"))
    write_table(
        out, _("Piutang iuran"), export_headers(), [export_cells(r) for r in rows], EXPORT_WIDTHS
    )
    with query.db.write() as session:
        audit.record(
            session, query.actor, "arrears.export", "report", "arrears:list",
            {"file": out.name, "rows": len(rows), "on": query.on, "office": query.filter.office_code,
             "bucket": query.filter.bucket},
        )  # fmt: skip
    return len(rows)
