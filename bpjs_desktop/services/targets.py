"""Targets per office, KPI and month, set by the head of office."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import select

from bpjs_desktop.db.engine import Database
from bpjs_desktop.db.models import Kpi, Office, Target
from bpjs_desktop.domain.periods import Period
from bpjs_desktop.errors import ValidationError
from bpjs_desktop.i18n import _
from bpjs_desktop.services import audit
from bpjs_desktop.services.context import Actor, require
from bpjs_desktop.services.membership import office_by_code


@dataclass(frozen=True, slots=True)
class TargetRow:
    office_code: str
    kpi: Kpi
    period: str
    value: int


def set_targets(db: Database, actor: Actor, targets: Iterable[TargetRow]) -> int:
    """Create or replace targets, all in one transaction; return how many were written."""
    require(actor, "target.set")
    items = []
    for item in targets:
        try:
            period = Period.parse(item.period)
        except ValueError as exc:
            raise ValidationError.single("period", str(exc)) from None
        if item.value < 0:
            raise ValidationError.single("value", _("Target tidak boleh negatif"))
        # One spelling in storage ("2018-04"), whatever form was typed ("04-2018").
        items.append(TargetRow(item.office_code, item.kpi, str(period), item.value))
    with db.write() as session:
        offices: dict[str, Office] = {}
        for item in items:
            office = offices.get(item.office_code) or office_by_code(session, item.office_code)
            offices[item.office_code] = office
            existing = session.scalar(
                select(Target).where(
                    Target.office_id == office.id,
                    Target.kpi == item.kpi,
                    Target.period == item.period,
                )
            )
            if existing is None:
                session.add(
                    Target(office_id=office.id, kpi=item.kpi, period=item.period, value=item.value)
                )
            else:
                existing.value = item.value
        audit.record(session, actor, "target.set", "target", "", {"count": len(items)})
    return len(items)


def targets_for(db: Database, year: int, kpi: Kpi | None = None) -> list[TargetRow]:
    with db.read() as session:
        query = (
            select(Office.code, Target.kpi, Target.period, Target.value)
            .join(Office, Office.id == Target.office_id)
            .where(Target.period.between(f"{year:04d}-01", f"{year:04d}-12"))
            .order_by(Office.code, Target.kpi, Target.period)
        )
        if kpi is not None:
            query = query.where(Target.kpi == kpi)
        return [TargetRow(*row) for row in session.execute(query)]
