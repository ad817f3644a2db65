"""The monthly summary of an office or the whole region, computed from the records.

One row per office (KC and KCP); the region's row is their sum. Definitions (domain.md §7):

- employers active at month end: registered on or before it and not non-active by then;
- workers active at month end, per segment: membership started on or before it and its last
  covered day not before it;
- Perisai: agents active at month end; workers they recruited from January to month end,
  counted at the agent's office;
- claims: paid from January to month end (the press reports claims "sampai dengan" a month),
  and paid in the month alone, in cases and rupiah per programme;
- arrears: employers on the year's target list, and those whose listed arrears were collected
  (settled) from January to month end, with the rupiah collected;
- contributions: billed for the month, and received in the month.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import InstrumentedAttribute, Session
from sqlalchemy.sql import ColumnElement

from bpjs_desktop.db.engine import Database
from bpjs_desktop.db.models import (
    Agent,
    ArrearsCase,
    Claim,
    ContributionBill,
    Employer,
    Membership,
    Office,
    OfficeKind,
    Payment,
)
from bpjs_desktop.domain.periods import Period
from bpjs_desktop.domain.programmes import Programme, Segment
from bpjs_desktop.errors import NotFoundError
from bpjs_desktop.i18n import _
from bpjs_desktop.services import audit
from bpjs_desktop.services.context import Actor, require

CLAIM_PROGRAMMES = (Programme.JHT, Programme.JKK, Programme.JKM, Programme.JP, Programme.JKP)
SEGMENTS = (Segment.PU, Segment.BPU, Segment.JAKON, Segment.PMI)


@dataclass(frozen=True, slots=True)
class ClaimFigure:
    cases: int = 0
    amount: int = 0

    def __add__(self, other: ClaimFigure) -> ClaimFigure:
        return ClaimFigure(self.cases + other.cases, self.amount + other.amount)


def _no_claims() -> tuple[ClaimFigure, ...]:
    return tuple(ClaimFigure() for _ in CLAIM_PROGRAMMES)


@dataclass(frozen=True, slots=True)
class OfficeSummary:
    """The month's figures of one office (or, for the total row, of the whole scope)."""

    office_code: str
    office_name: str
    office_kind: str
    employers_active: int = 0
    employers_new: int = 0
    employers_ended: int = 0
    workers_pu: int = 0
    workers_bpu: int = 0
    workers_jakon: int = 0
    workers_pmi: int = 0
    workers_new: int = 0
    workers_ended: int = 0
    perisai_agents: int = 0
    perisai_recruits: int = 0
    claims_ytd: tuple[ClaimFigure, ...] = field(default_factory=_no_claims)
    claims_month: tuple[ClaimFigure, ...] = field(default_factory=_no_claims)
    arrears_target: int = 0
    arrears_collected: int = 0
    arrears_collected_amount: int = 0
    contributions_billed: int = 0
    contributions_received: int = 0

    @property
    def workers_total(self) -> int:
        return self.workers_pu + self.workers_bpu + self.workers_jakon + self.workers_pmi

    def workers(self, segment: Segment) -> int:
        return int(getattr(self, f"workers_{segment.value.lower()}"))

    def claims(self, programme: Programme, *, ytd: bool = True) -> ClaimFigure:
        figures = self.claims_ytd if ytd else self.claims_month
        return figures[CLAIM_PROGRAMMES.index(programme)]

    def claims_total(self, *, ytd: bool = True) -> ClaimFigure:
        total = ClaimFigure()
        for figure in self.claims_ytd if ytd else self.claims_month:
            total = total + figure
        return total

    @property
    def arrears_collected_percent(self) -> float:
        return 100.0 * self.arrears_collected / self.arrears_target if self.arrears_target else 0.0


NUMERIC_FIELDS = tuple(f.name for f in dataclasses.fields(OfficeSummary) if f.type in ("int", int))


def sum_rows(rows: Sequence[OfficeSummary], code: str, name: str, kind: str) -> OfficeSummary:
    """The total of *rows*: every count and amount added up."""
    totals = {name_: sum(getattr(r, name_) for r in rows) for name_ in NUMERIC_FIELDS}
    claims_ytd = tuple(
        sum((r.claims_ytd[i] for r in rows), ClaimFigure()) for i in range(len(CLAIM_PROGRAMMES))
    )
    claims_month = tuple(
        sum((r.claims_month[i] for r in rows), ClaimFigure()) for i in range(len(CLAIM_PROGRAMMES))
    )
    return OfficeSummary(
        code, name, kind, claims_ytd=claims_ytd, claims_month=claims_month, **totals
    )


@dataclass(frozen=True, slots=True)
class MonthlySummary:
    period: Period
    scope_code: str
    scope_name: str
    rows: tuple[OfficeSummary, ...]
    total: OfficeSummary

    @property
    def month_end(self) -> date:
        return self.period.last_day


def _scope_offices(
    session: Session, office_code: str | None, on: date
) -> tuple[Office, list[Office]]:
    """The office named (default: the regional office) and the KC/KCP rows it covers."""
    offices = session.scalars(select(Office).order_by(Office.id)).all()
    if not offices:
        raise NotFoundError(_("Database belum berisi data kantor"))
    by_code = {o.code: o for o in offices}
    if office_code is None:
        scope = next((o for o in offices if o.kind is OfficeKind.KANWIL), offices[0])
    else:
        found = by_code.get(office_code.strip().upper())
        if found is None:
            raise NotFoundError(_("Kantor dengan kode {code} tidak ada").format(code=office_code))
        scope = found

    def covered(office: Office) -> bool:
        if office.kind is OfficeKind.KANWIL or office.valid_from > on:
            return False
        if office.valid_to is not None and office.valid_to < Period.of(on).first_day:
            return False
        if scope.kind is OfficeKind.KANWIL:
            return True
        return office.id == scope.id or office.parent_id == scope.id

    return scope, [o for o in offices if covered(o)]


def monthly_summary(db: Database, period: Period, office_code: str | None = None) -> MonthlySummary:
    """The summary of *period* for one office (with its KCPs) or, by default, the whole region."""
    start, end, year_start = period.first_day, period.last_day, date(period.year, 1, 1)
    with db.read() as session:
        scope, offices = _scope_offices(session, office_code, end)
        ids = [o.id for o in offices]
        values: dict[int, dict[str, object]] = defaultdict(dict)

        def put(rows: Sequence[tuple[int, int]], name: str) -> None:
            for office_id, value in rows:
                values[office_id][name] = int(value or 0)

        employer_active = and_(
            Employer.registered_on <= end, or_(Employer.na_date.is_(None), Employer.na_date > end)
        )
        put(
            _grouped(session, Employer.office_id, func.count(), employer_active, ids),
            "employers_active",
        )
        put(
            _grouped(
                session,
                Employer.office_id,
                func.count(),
                Employer.registered_on.between(start, end),
                ids,
            ),
            "employers_new",
        )
        put(
            _grouped(
                session, Employer.office_id, func.count(), Employer.na_date.between(start, end), ids
            ),
            "employers_ended",
        )

        active = and_(
            Membership.start_date <= end,
            or_(Membership.end_date.is_(None), Membership.end_date >= end),
        )
        for office_id, segment, count in session.execute(
            select(Membership.office_id, Membership.segment, func.count())
            .where(active, Membership.office_id.in_(ids))
            .group_by(Membership.office_id, Membership.segment)
        ):
            values[office_id][f"workers_{Segment(segment).value.lower()}"] = int(count)
        put(
            _grouped(
                session,
                Membership.office_id,
                func.count(),
                Membership.start_date.between(start, end),
                ids,
            ),
            "workers_new",
        )
        put(
            _grouped(
                session,
                Membership.office_id,
                func.count(),
                Membership.end_date.between(start, end),
                ids,
            ),
            "workers_ended",
        )

        agent_active = and_(
            Agent.joined_on <= end, or_(Agent.ended_on.is_(None), Agent.ended_on >= end)
        )
        put(_grouped(session, Agent.office_id, func.count(), agent_active, ids), "perisai_agents")
        # Recruits are counted at their agent's office, one indexed lookup per agent (the
        # planners otherwise scan the membership table for the few members with an agent).
        recruited = (
            select(func.count())
            .where(Membership.agent_id == Agent.id, Membership.start_date.between(year_start, end))
            .correlate(Agent)
            .scalar_subquery()
        )
        recruits: dict[int, int] = defaultdict(int)
        for office_id, count in session.execute(
            select(Agent.office_id, recruited).where(Agent.office_id.in_(ids))
        ):
            recruits[office_id] += int(count)
        put(list(recruits.items()), "perisai_recruits")

        claims: dict[tuple[int, bool], dict[str, ClaimFigure]] = defaultdict(dict)
        for ytd, first in ((True, year_start), (False, start)):
            for office_id, programme, cases, amount in session.execute(
                select(Claim.office_id, Claim.programme, func.count(), func.sum(Claim.amount))
                .where(Claim.paid_on.between(first, end), Claim.office_id.in_(ids))
                .group_by(Claim.office_id, Claim.programme)
            ):
                claims[(office_id, ytd)][programme] = ClaimFigure(int(cases), int(amount or 0))

        put(
            _grouped(
                session,
                ArrearsCase.office_id,
                func.count(),
                ArrearsCase.target_year == period.year,
                ids,
            ),
            "arrears_target",
        )
        collected = and_(
            ArrearsCase.target_year == period.year, ArrearsCase.settled_on.between(year_start, end)
        )
        put(
            _grouped(session, ArrearsCase.office_id, func.count(), collected, ids),
            "arrears_collected",
        )
        put(
            _grouped(
                session, ArrearsCase.office_id, func.sum(ArrearsCase.collected), collected, ids
            ),
            "arrears_collected_amount",
        )

        put(
            _grouped(
                session,
                ContributionBill.office_id,
                func.sum(ContributionBill.amount),
                ContributionBill.period == str(period),
                ids,
            ),
            "contributions_billed",
        )
        put(
            _grouped(
                session,
                Payment.office_id,
                func.sum(Payment.amount),
                Payment.paid_on.between(start, end),
                ids,
            ),
            "contributions_received",
        )

        rows = []
        for office in offices:
            year_claims = claims.get((office.id, True), {})
            month_claims = claims.get((office.id, False), {})
            rows.append(
                OfficeSummary(
                    office.code,
                    office.name,
                    office.kind.value,
                    claims_ytd=tuple(
                        year_claims.get(p.value, ClaimFigure()) for p in CLAIM_PROGRAMMES
                    ),
                    claims_month=tuple(
                        month_claims.get(p.value, ClaimFigure()) for p in CLAIM_PROGRAMMES
                    ),
                    **values.get(office.id, {}),  # type: ignore[arg-type]
                )
            )
        total = sum_rows(rows, scope.code, scope.name, scope.kind.value)
        return MonthlySummary(period, scope.code, scope.name, tuple(rows), total)


def _grouped(
    session: Session,
    key: InstrumentedAttribute[int],
    aggregate: ColumnElement[Any],
    condition: ColumnElement[bool],
    ids: list[int],
) -> Sequence[tuple[int, int]]:
    """(office id, aggregate) for the offices *ids*, where *condition* holds."""
    rows = session.execute(
        select(key, aggregate).where(condition, key.in_(ids)).group_by(key)
    ).all()
    return [(int(office_id), int(value or 0)) for office_id, value in rows]


def export_monthly(
    db: Database,
    actor: Actor,
    period: Period,
    out: Path,
    office_code: str | None = None,
    progress: Callable[[int, str], None] | None = None,
) -> MonthlySummary:
    """Compute the summary and write the monthly workbook to *out* (atomically)."""
    from bpjs_desktop.exchange.monthly_workbook import write_monthly_workbook

    require(actor, "report.export")
    if progress:
        progress(5, _("Menghitung ringkasan bulanan…"))
    summary = monthly_summary(db, period, office_code)
    if progress:
        progress(60, _("Menulis buku kerja Excel…"))
    write_monthly_workbook(summary, out)
    with db.write() as session:
        audit.record(
            session, actor, "report.export", "report", f"monthly:{period}",
            {"office": summary.scope_code, "file": out.name},
        )  # fmt: skip
    if progress:
        progress(100, _("Selesai"))
    return summary


@dataclass(frozen=True, slots=True)
class OfficeRow:
    code: str
    name: str
    kind: str
    parent_code: str | None


def list_offices(db: Database) -> list[OfficeRow]:
    """Every office, the regional office first, then by code."""
    with db.read() as session:
        offices = session.scalars(select(Office)).all()
        by_id = {o.id: o.code for o in offices}
        rows = [
            OfficeRow(o.code, o.name, o.kind.value, by_id.get(o.parent_id) if o.parent_id else None)
            for o in offices
        ]
    return sorted(rows, key=lambda r: (r.kind != OfficeKind.KANWIL.value, r.name))


def latest_period(db: Database) -> Period:
    """The last month with records (claims paid, members joined), or this month if none."""
    from bpjs_desktop.domain.periods import today_wib

    with db.read() as session:
        latest = (
            session.execute(
                select(func.max(Claim.paid_on)).union_all(select(func.max(Membership.start_date)))
            )
            .scalars()
            .all()
        )
    days = [d for d in latest if d is not None]
    if not days:
        return Period.of(today_wib())
    return Period.of(min(max(days), today_wib()))
