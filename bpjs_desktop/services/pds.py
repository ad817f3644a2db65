"""Partial registration checks (PDS, *perusahaan daftar sebagian*, domain.md §6.3), listed for
follow-up.

- PDS Upah: wage earners whose reported wage sits below the regional minimum wage (the UMK of the
  employer's regency, else the provincial UMP; ``domain.wages``) for the month checked.
- PDS Program: an employer (or its workers) registered in fewer programmes than its size class
  requires (Perpres 109/2013, ``domain.programmes.mandatory_programmes``).

PDS Tenaga Kerja (part of the workforce unregistered) needs outside data (WLKP from the labour
office) and is not checked here. One pass over the month's wage earners, grouped by employer in
SQL; the minimum wage of each regency is a CASE expression built from the dated table.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import and_, case, false, func, literal, not_, or_, select
from sqlalchemy.orm import Session

from bpjs_desktop.db.engine import Database
from bpjs_desktop.db.models import Employer, Membership, Office
from bpjs_desktop.domain.labelled import LabelledEnum
from bpjs_desktop.domain.periods import Period
from bpjs_desktop.domain.programmes import (
    Programme,
    Segment,
    SizeClass,
    mandatory_programmes,
    parse_programmes,
    programmes_text,
)
from bpjs_desktop.domain.wages import minimum_wage
from bpjs_desktop.i18n import N_, _
from bpjs_desktop.services import scope as scope_service
from bpjs_desktop.services.context import Actor


class PdsKind(LabelledEnum):
    UPAH = "UPAH", N_("PDS upah")
    PROGRAM = "PROGRAM", N_("PDS program")


@dataclass(frozen=True, slots=True)
class PdsRow:
    """One employer with findings in the month checked."""

    employer_id: int
    npp: str
    name: str
    office_code: str
    regency_code: str
    size_class: SizeClass
    programmes: str
    workers: int  # wage earners active in the month
    below_minimum: int  # of them, with a wage below the minimum
    lowest_wage: int | None  # the lowest of those wages
    minimum: int | None  # the minimum wage that applies (None: none on record)
    minimum_kind: str  # "UMK", "UMP" or ""
    missing_programmes: str  # what the employer's own registration lacks
    workers_missing_programmes: int  # workers registered in fewer programmes than required

    @property
    def kinds(self) -> tuple[PdsKind, ...]:
        found = []
        if self.below_minimum:
            found.append(PdsKind.UPAH)
        if self.missing_programmes or self.workers_missing_programmes:
            found.append(PdsKind.PROGRAM)
        return tuple(found)


@dataclass(frozen=True, slots=True)
class PdsReport:
    period: Period
    rows: tuple[PdsRow, ...]
    employers_checked: int
    regencies_without_minimum: tuple[str, ...]

    def of_kind(self, kind: PdsKind | None) -> tuple[PdsRow, ...]:
        return self.rows if kind is None else tuple(r for r in self.rows if kind in r.kinds)


def _lacks(column: Any, required: frozenset[Programme]) -> Any:
    """SQL: the comma-separated programme list *column* misses one of *required*."""
    wrapped = literal(",") + column + literal(",")
    return or_(*(not_(wrapped.like(f"%,{p.value},%")) for p in sorted(required)))


def _lacks_for_size(column: Any, on_period: Period) -> Any:
    return or_(
        *(
            and_(Employer.size_class == size, _lacks(column, required))
            for size in SizeClass
            if (required := mandatory_programmes(Segment.PU, size, on_period.first_day))
        )
    )


@scope_service.guarded
def pds_findings(
    db: Database,
    period: Period,
    office_code: str | None = None,
    progress: Callable[[int, str], None] | None = None,
    *,
    actor: Actor | None = None,
) -> PdsReport:
    """Employers active in *period* with wages below the minimum or programmes short of their size.

    Args:
        period: the month checked (the minimum wage in force on its first day; its members).
        office_code: one office and its KCPs (default: every office).
    """
    scope_service.check_office(db, actor, office_code)
    first, last = period.first_day, period.last_day
    with db.read() as session:
        office_ids = scope_service.office_family(session, office_code) if office_code else None
        active_employer = and_(
            Employer.registered_on <= last,
            or_(Employer.na_date.is_(None), Employer.na_date > first),
        )
        scope = [active_employer] + [scope_service.in_scope(Employer.office_id, office_ids)]
        minimums, missing = _minimum_wages(session, first)
        if progress:
            progress(10, _("Memeriksa upah dan program tenaga kerja…"))
        counts = _worker_counts(session, scope, period, minimums)
        if progress:
            progress(70, _("Menyusun daftar temuan…"))
        flagged = {e for e, (_n, b, _w, p) in counts.items() if b or p}
        employer_lacks = _lacks_for_size(Employer.programmes, period)
        employers = session.execute(
            select(Employer, Office.code)
            .join(Office, Office.id == Employer.office_id)
            .where(*scope, or_(Employer.id.in_(flagged), employer_lacks))
        ).all()
        checked = int(session.scalar(select(func.count()).select_from(Employer).where(*scope)) or 0)
    rows = [
        _pds_row(employer, code, counts.get(employer.id, (0, 0, None, 0)), minimums, first)
        for employer, code in employers
    ]
    rows.sort(key=lambda r: (-r.below_minimum, -r.workers_missing_programmes, r.name))
    if progress:
        progress(100, _("Selesai"))
    return PdsReport(period, tuple(rows), checked, tuple(sorted(missing)))


def _minimum_wages(session: Session, first: date) -> tuple[dict[str, tuple[int, str]], list[str]]:
    """The minimum wage (amount, kind) in force on *first* per regency of an employer on record,
    and the regencies without one."""
    minimums: dict[str, tuple[int, str]] = {}
    missing: list[str] = []
    for code in session.scalars(select(Employer.regency_code).distinct()):
        found = minimum_wage(code, first)
        if found is None:
            missing.append(code)
        else:
            minimums[code] = (found.amount, found.kind)
    return minimums, missing


def _worker_counts(
    session: Session,
    scope: list[Any],
    period: Period,
    minimums: dict[str, tuple[int, str]],
) -> dict[int, tuple[int, int, int | None, int]]:
    """Per employer: its wage earners in *period*, how many are paid below the minimum, the
    lowest such wage, and how many lack a programme their employer's size requires (one SQL
    pass, grouped by employer)."""
    first, last = period.first_day, period.last_day
    if minimums:
        floor = case(
            {code: amount for code, (amount, _kind) in minimums.items()},
            value=Employer.regency_code,
            else_=None,
        )
        below: Any = and_(Membership.wage.is_not(None), floor.is_not(None), Membership.wage < floor)
    else:
        below = false()  # no minimum wage on record for the month: nothing to compare
    member_lacks = _lacks_for_size(Membership.programmes, period)
    grouped = (
        select(
            Membership.employer_id,
            func.count(),
            func.sum(case((below, 1), else_=0)),
            func.min(case((below, Membership.wage), else_=None)),
            func.sum(case((member_lacks, 1), else_=0)),
        )
        .join(Employer, Employer.id == Membership.employer_id)
        .where(
            *scope,
            Membership.segment == Segment.PU,
            Membership.start_date <= last,
            or_(Membership.end_date.is_(None), Membership.end_date >= first),
        )
        .group_by(Membership.employer_id)
    )
    return {
        int(e): (int(n), int(b or 0), None if w is None else int(w), int(p or 0))
        for e, n, b, w, p in session.execute(grouped)
    }


def _pds_row(
    employer: Employer,
    office_code: str,
    counts: tuple[int, int, int | None, int],
    minimums: dict[str, tuple[int, str]],
    first: date,
) -> PdsRow:
    workers, below_count, lowest, lacking = counts
    required = mandatory_programmes(Segment.PU, employer.size_class, first)
    short = required - parse_programmes(employer.programmes)
    minimum = minimums.get(employer.regency_code)
    return PdsRow(
        employer.id,
        employer.npp,
        employer.name,
        office_code,
        employer.regency_code,
        employer.size_class,
        employer.programmes,
        workers,
        below_count,
        lowest,
        None if minimum is None else minimum[0],
        "" if minimum is None else minimum[1],
        programmes_text(short),
        lacking,
    )
