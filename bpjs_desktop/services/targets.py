"""Targets per office, KPI and month, set by the head of office.

A target is the figure to reach by the end of its month (domain/kpis.py: a level for active
employers and workers, a figure from January for the cumulative KPIs, a whole percent for the
service level). Targets are typed in the grid, imported from the office's own Excel plan
(template from :func:`write_template`, checked cell by cell by :func:`import_plan` in a dry run
first) or copied forward from a previous year with a factor.

Every way in goes through :func:`_write_targets`, which checks the whole plan each change leaves
behind (no negative value, a percent at most 100, a cumulative plan that never falls from one
month to the next) and refuses to change the target of a closed month (its report is frozen
with the target it had); one transaction and one audit event per call.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from bpjs_desktop.db.engine import Database
from bpjs_desktop.db.models import Kpi, MonthlyFact, Office, OfficeKind, Target
from bpjs_desktop.domain.kpis import KPI_DEFS, KPI_ORDER, KpiKind
from bpjs_desktop.domain.money import group_thousands
from bpjs_desktop.domain.periods import Period
from bpjs_desktop.errors import ConflictError, FieldError, ValidationError
from bpjs_desktop.i18n import _, current_language
from bpjs_desktop.services import audit, scope
from bpjs_desktop.services.context import Actor, require
from bpjs_desktop.services.membership_common import office_by_code
from bpjs_desktop.services.reports import CLOSED_KEY

MAX_PERCENT = 100


@dataclass(frozen=True, slots=True)
class TargetRow:
    office_code: str
    kpi: Kpi
    period: str
    value: int


@scope.guarded
def set_targets(db: Database, actor: Actor, targets: Iterable[TargetRow]) -> int:
    """Create or replace targets, all in one transaction; return how many were written."""
    return _write_targets(db, actor, targets, "target.set")


def _parse_rows(targets: Iterable[TargetRow]) -> list[TargetRow]:
    items = []
    for item in targets:
        try:
            period = Period.parse(item.period)
        except ValueError as exc:
            raise ValidationError.single("period", str(exc)) from None
        if item.value < 0:
            raise ValidationError.single("value", _("Target tidak boleh negatif"))
        # One spelling in storage ("2018-04"), whatever form was typed ("04-2018").
        items.append(TargetRow(item.office_code, Kpi(item.kpi), str(period), int(item.value)))
    return items


def _month_label(period: str) -> str:
    return Period.parse(period).label(current_language())


def plan_errors(kpi: Kpi, values: dict[int, int]) -> list[tuple[int, str]]:
    """What is wrong with one office's plan for *kpi* in a year: (month, message) pairs.

    *values* maps months (1–12) to targets; months without a target are left out.
    """
    kind = KPI_DEFS[kpi].kind
    errors: list[tuple[int, str]] = []
    previous: tuple[int, int] | None = None
    for month in sorted(values):
        value = values[month]
        if value < 0:
            errors.append((month, _("Target tidak boleh negatif")))
        elif kind is KpiKind.PERCENT and value > MAX_PERCENT:
            errors.append(
                (month, _("Target persen paling besar 100, bukan {value}").format(value=value))
            )
        elif kind is KpiKind.CUMULATIVE and previous is not None and value < previous[1]:
            errors.append(
                (
                    month,
                    _(
                        "Target kumulatif tidak boleh turun: {value} lebih kecil dari "
                        "{previous} pada bulan {month}"
                    ).format(
                        value=group_thousands(value),
                        previous=group_thousands(previous[1]),
                        month=Period(2000, previous[0]).label(current_language()).split()[0],
                    ),
                )
            )
        previous = (month, value)
    return errors


def _closed_pairs(
    session: Session, office_ids: Iterable[int], periods: Iterable[str]
) -> set[tuple[int, str]]:
    return {
        (int(o), str(p))
        for o, p in session.execute(
            select(MonthlyFact.office_id, MonthlyFact.period).where(
                MonthlyFact.kpi == CLOSED_KEY,
                MonthlyFact.office_id.in_(list(set(office_ids))),
                MonthlyFact.period.in_(list(set(periods))),
            )
        )
    }


def _write_targets(
    db: Database,
    actor: Actor,
    targets: Iterable[TargetRow],
    action: str,
    detail: dict[str, object] | None = None,
) -> int:
    """Store the targets that change, after checking every plan they touch; one audit event.

    Returns how many targets changed.
    """
    require(actor, "target.set")
    items = _parse_rows(targets)
    with db.write() as session:
        offices = _offices_of(session, actor, items)
        office_ids = [o.id for o in offices.values()]
        existing = _existing_targets(session, office_ids, items)
        closed = _closed_pairs(session, office_ids, [i.period for i in items])
        # The plan each change leaves behind, per office, KPI and year.
        plans: dict[tuple[int, str, str], dict[int, int]] = defaultdict(dict)
        for (office_id, kpi, period), target in existing.items():
            plans[(office_id, kpi, period[:4])][int(period[5:])] = target.value
        changes: list[tuple[Office, TargetRow]] = []
        errors: list[FieldError] = []
        for item in items:
            office = offices[item.office_code.strip().upper()]
            old = existing.get((office.id, item.kpi.value, item.period))
            if old is not None and old.value == item.value:
                continue
            if (office.id, item.period) in closed:
                errors.append(
                    FieldError(
                        "period",
                        _(
                            "Bulan {month} sudah ditutup untuk {office}; targetnya tidak dapat "
                            "diubah"
                        ).format(month=_month_label(item.period), office=office.name),
                    )
                )
                continue
            plans[(office.id, item.kpi.value, item.period[:4])][int(item.period[5:])] = item.value
            changes.append((office, item))
        errors += _plan_errors(offices, changes, plans)
        if errors:
            raise ValidationError(errors)
        for office, item in changes:
            old = existing.get((office.id, item.kpi.value, item.period))
            if old is None:
                session.add(
                    Target(office_id=office.id, kpi=item.kpi, period=item.period, value=item.value)
                )
            else:
                old.value = item.value
        audit.record(
            session, actor, action, "target", "", {"count": len(changes), **(detail or {})}
        )
    return len(changes)


def _offices_of(session: Session, actor: Actor, items: list[TargetRow]) -> dict[str, Office]:
    """The offices of *items* by code, each one *actor* may set targets for."""
    offices: dict[str, Office] = {}
    for item in items:
        code = item.office_code.strip().upper()
        if code not in offices:
            offices[code] = office_by_code(session, code)
            # A branch head sets the targets of the own office and its KCPs; the regional
            # head those of any office (services/scope.py).
            scope.require_in_scope(
                session, actor, offices[code].id, "office", code,
                _("Kantor dengan kode {code} tidak ada").format(code=code),
            )  # fmt: skip
    return offices


def _existing_targets(
    session: Session, office_ids: list[int], items: list[TargetRow]
) -> dict[tuple[int, str, str], Target]:
    """The stored targets of the offices, KPIs and years of *items*, by (office, KPI, month)."""
    years = {item.period[:4] for item in items}
    return {
        (target.office_id, str(target.kpi), target.period): target
        for target in session.scalars(
            select(Target).where(
                Target.office_id.in_(office_ids),
                Target.kpi.in_({i.kpi for i in items}),
                Target.period.between(f"{min(years, default='0000')}-01", f"{max(years, default='9999')}-12"),
            )
        )
    }  # fmt: skip


def _plan_errors(
    offices: dict[str, Office],
    changes: list[tuple[Office, TargetRow]],
    plans: dict[tuple[int, str, str], dict[int, int]],
) -> list[FieldError]:
    """What is wrong with each year's plan a change touches (domain ``plan_errors``)."""
    names = {o.id: o.name for o in offices.values()}
    touched = {(o.id, i.kpi.value, i.period[:4]) for o, i in changes}
    return [
        FieldError(
            "value",
            _("{office}, {kpi}, {month}: {message}").format(
                office=names[office_id],
                kpi=KPI_DEFS[Kpi(kpi)].label,
                month=Period(int(year), month).label(current_language()),
                message=message,
            ),
        )
        for office_id, kpi, year in sorted(touched)
        for month, message in plan_errors(Kpi(kpi), plans[(office_id, kpi, year)])
    ]


def targets_for(
    db: Database, year: int, kpi: Kpi | None = None, *, actor: Actor | None = None
) -> list[TargetRow]:
    """The targets of *year* (of one KPI), of *actor*'s offices."""
    with db.read() as session:
        query = (
            select(Office.code, Target.kpi, Target.period, Target.value)
            .join(Office, Office.id == Target.office_id)
            .where(
                Target.period.between(f"{year:04d}-01", f"{year:04d}-12"),
                scope.in_scope(Target.office_id, scope.offices_in_scope(session, actor)),
            )
            .order_by(Office.code, Target.kpi, Target.period)
        )
        if kpi is not None:
            query = query.where(Target.kpi == kpi)
        return [TargetRow(*row) for row in session.execute(query)]


# --- the grid --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class GridOffice:
    code: str
    name: str
    kind: str
    parent_code: str | None


@dataclass(frozen=True)
class TargetGrid:
    """One KPI's targets of a year: a row per office (KC, KCP), a column per month."""

    year: int
    kpi: Kpi
    offices: tuple[GridOffice, ...]
    values: dict[tuple[str, int], int]  # (office code, month) → target
    closed: frozenset[tuple[str, int]] = field(default_factory=frozenset)

    def value(self, code: str, month: int) -> int | None:
        return self.values.get((code, month))

    def is_closed(self, code: str, month: int) -> bool:
        return (code, month) in self.closed


def target_offices(session: Session) -> list[GridOffice]:
    """The offices that carry targets (KC and KCP: the regional office's is their sum),
    each KC followed by its KCPs."""
    offices = session.scalars(select(Office).order_by(Office.name)).all()
    code_of = {o.id: o.code for o in offices}
    rows = [
        GridOffice(o.code, o.name, o.kind.value, code_of.get(o.parent_id) if o.parent_id else None)
        for o in offices
        if o.kind is not OfficeKind.KANWIL
    ]
    ordered: list[GridOffice] = []
    for row in rows:
        if row.kind == OfficeKind.KC.value:
            ordered.append(row)
            ordered += [
                r for r in rows if r.parent_code == row.code and r.kind == OfficeKind.KCP.value
            ]
    ordered += [r for r in rows if r not in ordered]
    return ordered


def target_grid(db: Database, year: int, kpi: Kpi, *, actor: Actor | None = None) -> TargetGrid:
    """The targets of one KPI for *year*: a row per office of *actor*'s scope, a column per
    month."""
    with db.read() as session:
        codes = scope.office_codes(session, actor)
        offices = [o for o in target_offices(session) if codes is None or o.code in codes]
        ids = {o.id: o.code for o in session.scalars(select(Office))}
        values = {
            (ids[office_id], int(period[5:])): int(value)
            for office_id, period, value in session.execute(
                select(Target.office_id, Target.period, Target.value).where(
                    Target.kpi == kpi, Target.period.between(f"{year:04d}-01", f"{year:04d}-12")
                )
            )
        }
        closed = frozenset(
            (ids[office_id], int(period[5:]))
            for office_id, period in session.execute(
                select(MonthlyFact.office_id, MonthlyFact.period).where(
                    MonthlyFact.kpi == CLOSED_KEY,
                    MonthlyFact.period.between(f"{year:04d}-01", f"{year:04d}-12"),
                )
            )
        )
    return TargetGrid(year, kpi, tuple(offices), values, closed)


@scope.guarded
def save_grid(
    db: Database, actor: Actor, year: int, kpi: Kpi, changes: dict[tuple[str, int], int]
) -> int:
    """Save the cells changed in the grid (office code, month) → value; one transaction."""
    rows = [
        TargetRow(code, kpi, f"{year:04d}-{month:02d}", value)
        for (code, month), value in sorted(changes.items())
    ]
    return _write_targets(db, actor, rows, "target.set", {"kpi": kpi.value, "year": year})


# --- copy forward ------------------------------------------------------------------------------


@scope.guarded
def copy_targets(
    db: Database,
    actor: Actor,
    from_year: int,
    to_year: int,
    factor: Decimal | str | float,
    *,
    kpis: Sequence[Kpi] | None = None,
    office_codes: Sequence[str] | None = None,
    overwrite: bool = False,
) -> int:
    """Copy a year's targets to another year, month by month, multiplied by *factor* (rounded
    half up to a whole number). Percent targets are copied as they are. Unless *overwrite*,
    refuse when the year copied to already has targets for those offices and KPIs.

    Returns the number of targets written.
    """
    try:
        ratio = Decimal(str(factor).replace(",", "."))
    except InvalidOperation:
        raise ValidationError.single(
            "factor", _("Faktor harus berupa angka, misalnya 1,1 untuk naik 10%")
        ) from None
    if not ratio.is_finite() or ratio <= 0 or ratio > 10:
        raise ValidationError.single("factor", _("Faktor harus lebih dari 0 dan paling besar 10"))
    if from_year == to_year:
        raise ValidationError.single("to_year", _("Tahun tujuan harus berbeda dari tahun asal"))
    wanted = set(kpis or KPI_ORDER)
    codes = {c.strip().upper() for c in office_codes} if office_codes else None
    source = [
        t
        for t in targets_for(db, from_year, actor=actor)
        if t.kpi in wanted and (codes is None or t.office_code in codes)
    ]
    if not source:
        raise ValidationError.single(
            "from_year", _("Tidak ada target tahun {year} untuk disalin").format(year=from_year)
        )
    pairs = {(t.office_code, t.kpi) for t in source}
    if not overwrite:
        clash = [t for t in targets_for(db, to_year) if (t.office_code, t.kpi) in pairs]
        if clash:
            raise ConflictError(
                _(
                    "Tahun {year} sudah berisi {n} target untuk kantor dan indikator ini; "
                    "pilih timpa untuk menggantinya"
                ).format(year=to_year, n=group_thousands(len(clash)))
            )
    rows = []
    for t in source:
        if KPI_DEFS[t.kpi].kind is KpiKind.PERCENT:
            value = t.value
        else:
            value = int((Decimal(t.value) * ratio).to_integral_value(rounding=ROUND_HALF_UP))
        rows.append(TargetRow(t.office_code, t.kpi, f"{to_year:04d}{t.period[4:]}", value))
    return _write_targets(
        db, actor, rows, "target.copy",
        {"from_year": from_year, "to_year": to_year, "factor": str(ratio)},
    )  # fmt: skip


# --- the office's Excel plan -------------------------------------------------------------------


@scope.guarded
def write_template(
    db: Database, out: Path, year: int, office_code: str, *, actor: Actor | None = None
) -> Path:
    """Write the office's plan workbook for *year*, filled with the targets it already has."""
    scope.check_office(db, actor, office_code)
    from bpjs_desktop.exchange.target_plan import PlanKpi, write_plan_template

    with db.read() as session:
        office = office_by_code(session, office_code)
        code, name = office.code, office.name
    values = {
        (t.kpi.value, int(t.period[5:])): t.value
        for t in targets_for(db, year, actor=actor)
        if t.office_code == code
    }
    kpis = [
        PlanKpi(k.value, KPI_DEFS[k].label, KPI_DEFS[k].unit, KPI_DEFS[k].kind.value)
        for k in KPI_ORDER
    ]
    write_plan_template(out, code, name, year, kpis, values)
    return out


@dataclass(frozen=True)
class PlanImportReport:
    """The outcome of reading an office's plan: its cells, its errors, what was written."""

    office_code: str | None
    year: int | None
    targets: tuple[TargetRow, ...]
    errors: tuple[tuple[int, str, str], ...]  # (row, column, reason), in the workbook's terms
    written: int = 0
    dry_run: bool = True

    @property
    def ok(self) -> bool:
        return not self.errors


@scope.guarded
def import_plan(
    db: Database, actor: Actor, path: Path, *, dry_run: bool = True
) -> PlanImportReport:
    """Read an office's plan workbook; report every cell that is wrong (row, column, reason in
    Indonesian). Without *dry_run* and without errors, write its targets in one transaction.

    Raises:
        ValidationError: written for real while the plan has errors (nothing is written).
    """
    from bpjs_desktop.exchange.target_plan import read_plan

    require(actor, "target.set")
    plan = read_plan(path, {k.value: KPI_DEFS[k].kind.value for k in KPI_ORDER})
    errors = list(plan.errors)
    rows: list[TargetRow] = []
    if plan.office_code is not None and plan.year is not None:
        with db.read() as session:
            office = session.scalar(select(Office).where(Office.code == plan.office_code.upper()))
            if office is None or office.kind is OfficeKind.KANWIL:
                errors.append(
                    (plan.office_row, "B", _("Kantor dengan kode {code} tidak ada atau bukan KC/KCP").format(code=plan.office_code))
                )  # fmt: skip
            else:
                existing = {
                    (str(k), p): int(v)
                    for k, p, v in session.execute(
                        select(Target.kpi, Target.period, Target.value).where(
                            Target.office_id == office.id,
                            Target.period.between(f"{plan.year:04d}-01", f"{plan.year:04d}-12"),
                        )
                    )
                }
                closed = _closed_pairs(
                    session, [office.id], [f"{plan.year:04d}-{m:02d}" for m in range(1, 13)]
                )
                for cell in plan.cells:
                    period = f"{plan.year:04d}-{cell.month:02d}"
                    if (office.id, period) in closed and existing.get(
                        (cell.kpi, period)
                    ) != cell.value:
                        errors.append(
                            (cell.row, cell.column, _("Bulan {month} sudah ditutup; target tidak dapat diubah").format(month=_month_label(period)))
                        )  # fmt: skip
                        continue
                    rows.append(TargetRow(office.code, Kpi(cell.kpi), period, cell.value))
    errors.sort()
    report = PlanImportReport(plan.office_code, plan.year, tuple(rows), tuple(errors))
    if dry_run:
        return report
    if errors:
        raise ValidationError(
            [FieldError("file", _("Baris {row}, kolom {column}: {reason}").format(row=r, column=c, reason=m)) for r, c, m in errors]
        )  # fmt: skip
    written = _write_targets(
        db, actor, rows, "target.import", {"file": Path(path).name, "year": plan.year}
    )
    return PlanImportReport(
        plan.office_code, plan.year, tuple(rows), (), written=written, dry_run=False
    )
