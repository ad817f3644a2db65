"""Dated wages of memberships: write a change from a month on, read the wage of any month.

Bills (:mod:`services.contributions`), JHT credits and JP months (:mod:`services.claims`) read
the wage in force in each month through :func:`schedules`; a change made in the member's data
(:func:`services.member_changes.update_worker`) is written here as a new dated row, and
``membership.wage`` (``declared_income`` for BPU) stays the wage of today, for lists.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session

from bpjs_desktop.db.engine import Database
from bpjs_desktop.db.models import Membership, MembershipWage, User, utcnow
from bpjs_desktop.domain.periods import Period, today_wib
from bpjs_desktop.domain.programmes import Segment
from bpjs_desktop.domain.wage_history import WageSchedule
from bpjs_desktop.errors import FieldError
from bpjs_desktop.i18n import _
from bpjs_desktop.services import scope
from bpjs_desktop.services.context import Actor
from bpjs_desktop.services.membership_common import membership_of_kpj

CHUNK = 500  # membership ids per query (SQLite's bound-parameter limit is far above)


@dataclass(frozen=True, slots=True)
class WageRow:
    valid_from: Period
    wage: int
    reported_by: str | None
    reported_at: datetime


def wage_in(period: Period) -> ColumnElement[int | None]:
    """SQL for a membership's wage in *period*, beside ``Membership`` in a query.

    The last dated wage at or before the month; before the first one, the first one; with none,
    the membership's own wage (see :class:`WageSchedule`).
    """
    dated = MembershipWage.membership_id == Membership.id
    in_force = (
        select(MembershipWage.wage)
        .where(dated, MembershipWage.valid_from <= str(period))
        .order_by(MembershipWage.valid_from.desc())
        .limit(1)
        .scalar_subquery()
    )
    first = (
        select(MembershipWage.wage)
        .where(dated)
        .order_by(MembershipWage.valid_from)
        .limit(1)
        .scalar_subquery()
    )
    return func.coalesce(in_force, first, Membership.wage, Membership.declared_income)


def current_value(membership: Membership) -> int | None:
    """The wage the membership shows today: the wage (PU, Jakon) or declared income (BPU)."""
    return membership.declared_income if membership.segment is Segment.BPU else membership.wage


def _set_current(membership: Membership, value: int) -> None:
    if membership.segment is Segment.BPU:
        membership.declared_income = value
    else:
        membership.wage = value


def schedules(session: Session, memberships: Iterable[Membership]) -> dict[int, WageSchedule]:
    """The dated wages of *memberships*, by membership id."""
    by_id = {m.id: m for m in memberships}
    dated: dict[int, list[tuple[Period, int]]] = {i: [] for i in by_id}
    ids = list(by_id)
    for start in range(0, len(ids), CHUNK):
        rows = session.execute(
            select(
                MembershipWage.membership_id, MembershipWage.valid_from, MembershipWage.wage
            ).where(MembershipWage.membership_id.in_(ids[start : start + CHUNK]))
        )
        for membership_id, valid_from, wage in rows:
            dated[membership_id].append((Period.parse(valid_from), wage))
    return {
        i: WageSchedule.of(dated[i], by_id[i].wage if by_id[i].wage is not None
                           else by_id[i].declared_income)
        for i in ids
    }  # fmt: skip


def record_first(session: Session, actor: Actor, membership: Membership) -> None:
    """The first dated wage of a new membership: its wage from the month it starts."""
    value = current_value(membership)
    if value is None:
        return
    session.add(
        MembershipWage(
            membership_id=membership.id,
            valid_from=str(Period.of(membership.start_date)),
            wage=value,
            reported_by=actor.user_id,
            reported_at=utcnow(),
        )
    )


def check_valid_from(membership: Membership, valid_from: Period) -> FieldError | None:
    """A wage change starts in a month of the membership, not before it nor after this month."""
    first = Period.of(membership.start_date)
    if valid_from < first:
        return FieldError(
            "wage_from",
            _("Upah baru tidak dapat berlaku sebelum kepesertaan dimulai ({period})").format(
                period=first.blth
            ),
        )
    if valid_from > Period.of(today_wib()):
        return FieldError(
            "wage_from", _("Upah baru tidak dapat berlaku mulai bulan yang akan datang")
        )
    return None


def record_change(
    session: Session, actor: Actor, membership: Membership, old: int | None, new: int,
    valid_from: Period,
) -> None:  # fmt: skip
    """Write *new* as the membership's wage from *valid_from* (the month's row is replaced).

    A membership with no dated wage yet (registered before revision 0007 without one) first gets
    *old* from the month it started, so the months before the change keep the wage they had.
    The membership's own wage becomes the one in force this month.
    """
    rows = {
        r.valid_from: r
        for r in session.scalars(
            select(MembershipWage).where(MembershipWage.membership_id == membership.id)
        )
    }
    first = str(Period.of(membership.start_date))
    if not rows and old is not None and first != str(valid_from):
        row = MembershipWage(
            membership_id=membership.id, valid_from=first, wage=old, reported_by=None,
            reported_at=utcnow(),
        )  # fmt: skip
        session.add(row)
        rows[first] = row
    existing = rows.get(str(valid_from))
    if existing is not None:
        existing.wage = new
        existing.reported_by = actor.user_id
        existing.reported_at = utcnow()
    else:
        row = MembershipWage(
            membership_id=membership.id, valid_from=str(valid_from), wage=new,
            reported_by=actor.user_id, reported_at=utcnow(),
        )  # fmt: skip
        session.add(row)
        rows[str(valid_from)] = row
    schedule = WageSchedule.of(((Period.parse(k), r.wage) for k, r in rows.items()), new)
    _set_current(membership, schedule.at(Period.of(today_wib())))


@scope.guarded
def wage_history(db: Database, kpj: str, *, actor: Actor | None = None) -> list[WageRow]:
    """The dated wages of a membership, oldest first (for the member's page)."""
    scope.check(db, actor, "membership", kpj)
    with db.read() as session:
        membership_id = membership_of_kpj(session, kpj).id
        rows = session.execute(
            select(MembershipWage, User.username)
            .outerjoin(User, User.id == MembershipWage.reported_by)
            .where(MembershipWage.membership_id == membership_id)
            .order_by(MembershipWage.valid_from)
        ).all()
        return [
            WageRow(Period.parse(r.valid_from), r.wage, username, r.reported_at)
            for r, username in rows
        ]


@scope.guarded
def person_wage_history(
    db: Database, person_id: int, *, actor: Actor | None = None
) -> list[tuple[str, WageRow]]:
    """The dated wages of every KPJ of a person, by KPJ then date: what their one JHT account is
    credited on. In scope when the person is (any of their memberships is in the asker's
    offices), as the account itself: a worker who moved branch shows both cards' wages."""
    scope.check(db, actor, "person", person_id)
    with db.read() as session:
        rows = session.execute(
            select(Membership.kpj, MembershipWage, User.username)
            .join(MembershipWage, MembershipWage.membership_id == Membership.id)
            .outerjoin(User, User.id == MembershipWage.reported_by)
            .where(Membership.person_id == person_id)
            .order_by(Membership.kpj, MembershipWage.valid_from)
        ).all()
        return [
            (kpj, WageRow(Period.parse(r.valid_from), r.wage, username, r.reported_at))
            for kpj, r, username in rows
        ]
