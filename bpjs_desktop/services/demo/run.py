"""Generating the demo: the run of the builder's steps in one transaction, then the person records
and the dashboard's facts."""

from __future__ import annotations

import json
import time
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlalchemy import text

from bpjs_desktop.db.engine import Database, sqlite_url
from bpjs_desktop.db.migrate import open_database
from bpjs_desktop.domain.periods import Period, today_wib
from bpjs_desktop.domain.programmes import (
    Segment,
)
from bpjs_desktop.errors import ValidationError
from bpjs_desktop.i18n import _
from bpjs_desktop.services import audit, facts
from bpjs_desktop.services.context import Actor
from bpjs_desktop.services.demo.arrears import ArrearsSteps
from bpjs_desktop.services.demo.base import _Office
from bpjs_desktop.services.demo.billing import BillingSteps
from bpjs_desktop.services.demo.claims import ClaimSteps
from bpjs_desktop.services.demo.members import MemberSteps
from bpjs_desktop.services.demo.office import OfficeSteps
from bpjs_desktop.services.demo.plan import (
    DEFAULT_AS_OF,
    DEMO_PASSWORD,
    OFFICE_WEIGHTS,
    CancelFn,
    DemoTargets,
    ProgressFn,
    largest_remainder,
)
from bpjs_desktop.services.demo.records import _person_records
from bpjs_desktop.services.demo.writer import BulkWriter


class Builder(OfficeSteps, MemberSteps, ClaimSteps, BillingSteps, ArrearsSteps):
    """One generation run: the steps of every part of the office on one state."""


@dataclass
class DemoResult:
    path: str
    scale: float
    seed: int
    as_of: date
    seconds: float
    rows: dict[str, int]


def generate_demo(
    path: Path,
    *,
    scale: float = 1.0,
    seed: int = 2018,
    as_of: date = DEFAULT_AS_OF,
    progress: ProgressFn | None = None,
    cancelled: CancelFn | None = None,
    actor: Actor | None = None,
) -> DemoResult:
    """Create a demo database at *path* (which must not exist yet).

    Raises:
        ValidationError: a bad scale or date, or *path* already exists.
        DemoCancelled: *cancelled* returned True; nothing was left behind.
    """
    progress = progress or (lambda _p, _m: None)
    cancelled = cancelled or (lambda: False)
    if not 0 < scale <= 1:
        raise ValidationError.single(
            "scale",
            _("Skala harus lebih dari 0 dan paling besar 1, bukan {scale}").format(scale=scale),
        )
    if as_of > today_wib() or as_of < date(2016, 1, 1):
        raise ValidationError.single(
            "as_of", _("Tanggal data demo harus antara 01/01/2016 dan hari ini")
        )
    path = Path(path)
    if path.exists():
        raise ValidationError.single(
            "db", _("File {path} sudah ada; pilih nama lain atau hapus dahulu").format(path=path)
        )
    if not path.parent.is_dir():
        raise ValidationError.single(
            "db", _("Folder {folder} tidak ada").format(folder=path.parent)
        )
    partial = path.with_name(path.name + ".partial")
    for leftover in (
        partial,
        partial.with_name(partial.name + "-wal"),
        partial.with_name(partial.name + "-shm"),
    ):
        leftover.unlink(missing_ok=True)
    started = time.perf_counter()
    try:
        progress(1, _("Menyiapkan database…"))
        db = open_database(sqlite_url(partial))
        db.dispose()
        result = _populate(
            db, partial, scale, seed, as_of, progress, cancelled, actor or Actor.command_line()
        )
        partial.replace(path)
    except BaseException:
        for leftover in (
            partial,
            partial.with_name(partial.name + "-wal"),
            partial.with_name(partial.name + "-shm"),
        ):
            leftover.unlink(missing_ok=True)
        raise
    result.path = str(path)
    result.seconds = time.perf_counter() - started
    progress(100, _("Selesai"))
    return result


def populate_database(db: Database, *, scale: float, seed: int = 2018, as_of: date = DEFAULT_AS_OF,
                      actor: Actor | None = None) -> DemoResult:  # fmt: skip
    """Fill an empty, migrated database (SQLite or PostgreSQL) with the demo; for tests."""
    return _populate(
        db,
        db.path,
        scale,
        seed,
        as_of,
        lambda _p, _m: None,
        lambda: False,
        actor or Actor.command_line(),
    )


def _populate(db: Database, sqlite_path: Path | None, scale: float, seed: int, as_of: date, progress: ProgressFn,
              cancelled: CancelFn, actor: Actor) -> DemoResult:  # fmt: skip
    started = time.perf_counter()
    targets = DemoTargets.at_scale(scale)
    with db.read() as session:
        office_rows = session.execute(
            text("SELECT id, code, regencies, kind FROM office ORDER BY id")
        ).all()
        if session.execute(text("SELECT count(*) FROM employer")).scalar_one():
            raise ValidationError.single(
                "db", _("Database ini sudah berisi data; data demo hanya dibuat di database kosong")
            )
    offices = [
        _Office(
            row.id, row.code, tuple(row.regencies.split(",")), OFFICE_WEIGHTS.get(row.code, 2.0)
        )
        for row in office_rows
        if row.kind != "KANWIL" and row.regencies
    ]
    db.dispose()  # the bulk writer takes the SQLite file for itself
    writer = BulkWriter(db, sqlite_path)
    try:
        builder = Builder(writer, offices, targets, seed, as_of, progress, cancelled)
        builder.check(3, _("Membuat pengguna dan pemberi kerja…"))
        builder.users()
        builder.employers()
        builder.agents()
        builder.projects()
        builder.members()
        writer.close_side()  # the side tables are all written: their indexes, over there
        builder.claims()
        builder.billing()
        builder.arrears()
        actuals = _office_actuals(builder)
        builder.targets(actuals)
        builder.check(94, _("Menyimpan nomor urut dan pengaturan…"))
        counters = [(f"kpj:{y % 100:02d}", v) for y, v in builder.kpj_counters.items()]
        counters += [(f"npp:{y % 100:02d}", v) for y, v in builder.npp_counters.items()]
        counters += [(f"project:{y % 100:02d}", v) for y, v in builder.project_counters.items()]
        counters += [(f"claim:{k}", v) for k, v in builder.claim_counters.items()]
        writer.insert("counter", ("name", "value"), counters)
        marker = {
            "scale": scale,
            "seed": seed,
            "as_of": as_of.isoformat(),
            "password": DEMO_PASSWORD,
        }
        writer.insert("setting", ("key", "value"), [("demo", json.dumps(marker))])
        builder.check(96, _("Menyelesaikan file database…"))
        writer.commit()
    except BaseException:
        writer.rollback()
        raise
    rows = dict(writer.counts)
    # The password stays in the demo setting (the sign-in screen shows it) and out of the audit
    # trail: no secret is ever part of the trail (issue #11).
    public = {key: value for key, value in marker.items() if key != "password"}
    with db.write() as session:
        for table, added in _person_records(session, as_of).items():
            rows[table] = rows.get(table, 0) + added
        audit.record(session, actor, "demo.generate", "database", "", {**public, "rows": rows})
    # The dashboard's monthly facts of the demo year, so that it opens at once (issue #6).
    progress(98, _("Menghitung fakta bulanan untuk dasbor…"))
    facts.rebuild_facts(db, as_of.year, latest=Period.of(as_of))
    db.dispose()
    return DemoResult(
        str(sqlite_path or db.describe()), scale, seed, as_of, time.perf_counter() - started, rows
    )


def _office_actuals(builder: Builder) -> dict[int, dict[str, int]]:
    """Rough per-office realisation at the as-of date, for a plausible target plan."""
    actuals: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for i in range(builder.n_active_employers):
        actuals[builder.emp_office[i]]["employers"] += 1
    shares = [o.weight for o in builder.offices]
    for segment in SEGMENTS_FOR_TARGETS:
        for office, count in zip(
            builder.offices, largest_remainder(builder.t.workers[segment], shares), strict=True
        ):
            actuals[office.id][segment.value] = count
    for office_id, recruits in builder.recruits_by_office.items():
        actuals[office_id]["recruits"] += recruits
    for i in builder.target_list:
        actuals[builder.emp_office[i]]["arrears"] += 1
    return actuals


SEGMENTS_FOR_TARGETS = (Segment.PU, Segment.BPU, Segment.JAKON, Segment.PMI)
