"""Closing a month: the frozen snapshot, the export reproduced from it, corrections after the
close reported in the next open month, and who may close what (SQLite and PostgreSQL)."""

from __future__ import annotations

import dataclasses
import hashlib
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import func, select, update

from bpjs_desktop.db.engine import Database
from bpjs_desktop.db.models import Adjustment, AuditEvent, Kpi, MonthClose, Role
from bpjs_desktop.domain.periods import Period
from bpjs_desktop.errors import ConflictError, PermissionDeniedError, ValidationError
from bpjs_desktop.services import facts, month_close, reports, targets
from bpjs_desktop.services.reports import SnapshotTamperedError
from bpjs_desktop.services.targets import TargetRow

MARCH = Period(2018, 3)
APRIL = Period(2018, 4)
MAY = Period(2018, 5)


@pytest.fixture
def gresik(make_employer, make_worker):
    """An employer of KC Gresik with one wage earner since January 2018."""
    employer = make_employer(registered_on=date(2017, 6, 1))
    make_worker(employer_npp=employer.npp, start_date=date(2018, 1, 8))
    return employer


def _audit_count(db: Database) -> int:
    with db.read() as session:
        return int(session.scalar(select(func.count()).select_from(AuditEvent)) or 0)


def _cells(path: Path) -> dict[str, list[tuple[object, ...]]]:
    workbook = openpyxl.load_workbook(path)
    return {ws.title: list(ws.iter_rows(values_only=True)) for ws in workbook.worksheets}


def test_closing_freezes_the_summary_with_its_hash_in_one_audited_write(
    db: Database, admin, gresik
) -> None:
    """Closing March stores its summary as canonical JSON whose SHA-256 is recorded beside it,
    freezes the facts of the scope's offices, and adds exactly one audit event."""
    before = _audit_count(db)
    row = month_close.close_month(db, admin, MARCH, "GRS")
    assert _audit_count(db) == before + 1
    with db.read() as session:
        close = session.scalar(select(MonthClose))
        assert close is not None
        assert hashlib.sha256(close.snapshot.encode()).hexdigest() == close.sha256 == row.sha256
        action = session.scalar(select(AuditEvent.action).order_by(AuditEvent.id.desc()).limit(1))
    assert action == "month.close"
    frozen = reports.closed_summary(db, MARCH, "GRS")
    assert frozen is not None and frozen.closed is not None
    assert frozen.total.workers_pu == 1
    assert [r.office_code for r in frozen.rows] == ["GRS"]
    assert month_close.is_closed(db, "GRS", MARCH) and not month_close.is_closed(db, "MJK", MARCH)


def test_export_of_a_closed_month_is_the_same_workbook_later(
    db: Database, admin, gresik, make_worker, tmp_path: Path
) -> None:
    """After the close, a backdated registration into March changes the records but not March's
    export: two exports on the same day are byte-identical and read back the same, with one
    worker, while the records now hold two."""
    month_close.close_month(db, admin, MARCH, "GRS")
    first = tmp_path / "maret-1.xlsx"
    reports.export_monthly(db, admin, MARCH, first, "GRS")
    make_worker(employer_npp=gresik.npp, start_date=date(2018, 3, 10))
    second = tmp_path / "maret-2.xlsx"
    reports.export_monthly(db, admin, MARCH, second, "GRS")

    assert first.read_bytes() == second.read_bytes()
    assert _cells(first) == _cells(second)
    membership_sheet = _cells(second)["Kepesertaan"]
    total = next(r for r in membership_sheet if r[0] == "TOTAL")
    assert total[6] == 1  # TK PU as frozen
    assert reports.monthly_summary(db, MARCH, "GRS").total.workers_pu == 2
    note = _cells(second)["Ringkasan"][3][0]
    assert isinstance(note, str) and "Bulan ditutup" in note and "SHA-256" in note


def test_backdated_registration_is_reported_as_a_correction_in_the_next_month(
    db: Database, admin, gresik, make_worker, tmp_path: Path
) -> None:
    """A worker registered after March was closed, starting 10 March, becomes corrections of
    March (TK PU at month end +1, TK baru +1) reported in April: recorded when April is closed,
    listed on April's "Koreksi bulan lalu" sheet, never recorded twice."""
    month_close.close_month(db, admin, MARCH, "GRS")
    make_worker(employer_npp=gresik.npp, start_date=date(2018, 3, 10))

    preview = month_close.preview_close(db, admin, APRIL, "GRS")
    found = {
        (str(c.period), c.office_code, c.field, c.delta, str(c.reported_in))
        for c in preview.corrections
    }
    assert found == {
        ("2018-03", "GRS", "workers_pu", 1, "2018-04"),
        ("2018-03", "GRS", "workers_new", 1, "2018-04"),
    }  # fmt: skip
    with db.read() as session:
        assert (
            session.scalar(select(func.count()).select_from(Adjustment)) == 0
        )  # a preview writes nothing

    month_close.close_month(db, admin, APRIL, "GRS")
    adjustments = month_close.adjustments(db, reported_in=APRIL)
    assert {(a.period, a.field, a.delta) for a in adjustments} == {
        ("2018-03", "workers_pu", 1), ("2018-03", "workers_new", 1),
    }  # fmt: skip
    out = tmp_path / "april.xlsx"
    summary = reports.export_monthly(db, admin, APRIL, out, "GRS")
    assert len(summary.adjustments) == 2
    sheet = _cells(out)["Koreksi bulan lalu"]
    lines = [r for r in sheet[4:] if r[0]]
    assert sorted((r[0], r[1], r[3], r[4]) for r in lines) == [
        ("Maret 2018", "GRS", "TK PU aktif akhir bulan", 1),
        ("Maret 2018", "GRS", "TK baru", 1),
    ]
    # April's own figures come from the records: both workers.
    assert summary.total.workers_pu == 2
    # Checked again at the next close: nothing new to record.
    month_close.close_month(db, admin, MAY, "GRS")
    with db.read() as session:
        assert session.scalar(select(func.count()).select_from(Adjustment)) == 2


def test_closed_office_months_stay_frozen_in_the_facts_and_the_regions_close(
    db: Database, admin, gresik, make_worker
) -> None:
    """Gresik closed March before the region: a later change to Gresik's March is not taken into
    the region's snapshot (Gresik's row stays as frozen), and rebuilding the facts leaves it."""
    month_close.close_month(db, admin, MARCH, "GRS")
    make_worker(employer_npp=gresik.npp, start_date=date(2018, 3, 10))
    facts.rebuild_facts(db, 2018, latest=MARCH)
    year = facts.load_year(db, 2018, MARCH)
    assert year.office_row("GRS", MARCH).workers_pu == 1  # type: ignore[union-attr]
    assert ("GRS", "2018-03") in year.frozen

    month_close.close_month(db, admin, MARCH, "JTM")
    region = reports.closed_summary(db, MARCH, "JTM")
    assert region is not None
    grs = next(r for r in region.rows if r.office_code == "GRS")
    assert grs.workers_pu == 1
    assert region.total.workers_pu == 1
    assert reports.report_summary(db, MARCH, "JTM") == region


def test_targets_of_a_closed_month_cannot_change(db: Database, admin, gresik) -> None:
    """Once March is closed for Gresik, its March target is refused (the report was frozen with
    the target it had); the same value again is no change, April is still open."""
    targets.set_targets(db, admin, [TargetRow("GRS", Kpi.TK_PU, "2018-03", 5)])
    month_close.close_month(db, admin, MARCH, "GRS")
    with pytest.raises(ValidationError, match="sudah ditutup"):
        targets.set_targets(db, admin, [TargetRow("GRS", Kpi.TK_PU, "2018-03", 6)])
    assert targets.set_targets(db, admin, [TargetRow("GRS", Kpi.TK_PU, "2018-03", 5)]) == 0
    assert targets.set_targets(db, admin, [TargetRow("GRS", Kpi.TK_PU, "2018-04", 6)]) == 1
    grid = targets.target_grid(db, 2018, Kpi.TK_PU)
    assert grid.is_closed("GRS", 3) and not grid.is_closed("GRS", 4)


def test_a_month_is_closed_once_and_only_after_it_ended(db: Database, admin, gresik) -> None:
    """Closing the same month twice is a conflict; a month that has not ended cannot be closed."""
    month_close.close_month(db, admin, MARCH, "GRS")
    with pytest.raises(ConflictError, match="sudah ditutup"):
        month_close.close_month(db, admin, MARCH, "GRS")
    from bpjs_desktop.domain.periods import today_wib

    with pytest.raises(ValidationError, match="belum berakhir"):
        month_close.close_month(db, admin, Period.of(today_wib()), "GRS")
    assert len(month_close.closes(db)) == 1


def test_only_the_head_of_the_office_or_the_region_closes_it(db: Database, make_user) -> None:
    """Front-office staff may not close; the head of Gresik closes Gresik but not Mojokerto; the
    head of the regional office may close any scope."""
    with pytest.raises(PermissionDeniedError):
        month_close.close_month(db, make_user(Role.AR, "GRS"), MARCH, "GRS")
    head_gresik = make_user(Role.KEPALA, "GRS")
    with pytest.raises(PermissionDeniedError, match="Mojokerto"):
        month_close.close_month(db, head_gresik, MARCH, "MJK")
    assert month_close.close_month(db, head_gresik, MARCH).scope_code == "GRS"
    head_region = make_user(Role.KEPALA, "JTM")
    assert month_close.close_month(db, head_region, MARCH, "MJK").scope_code == "MJK"


def test_a_snapshot_edited_outside_the_app_is_refused(
    db: Database, admin, gresik, tmp_path: Path
) -> None:
    """Changing a figure in a stored snapshot breaks its SHA-256: the export of that month refuses
    to write a workbook from it, with a message for the user."""
    month_close.close_month(db, admin, MARCH, "GRS")
    with db.write() as session:
        close = session.scalar(select(MonthClose))
        assert close is not None
        tampered = close.snapshot.replace('"workers_pu":1', '"workers_pu":9')
        assert tampered != close.snapshot
        session.execute(update(MonthClose).values(snapshot=tampered))
    with pytest.raises(SnapshotTamperedError, match="SHA-256"):
        reports.export_monthly(db, admin, MARCH, tmp_path / "maret.xlsx", "GRS")
    assert not (tmp_path / "maret.xlsx").exists()


def test_snapshot_round_trip_keeps_every_figure(db: Database, admin, gresik) -> None:
    """A summary written to a snapshot and read back has the same rows, total, targets and
    corrections."""
    targets.set_targets(db, admin, [TargetRow("GRS", Kpi.TK_PU, "2018-03", 5)])
    summary = reports.monthly_summary(db, MARCH, "GRS")
    from datetime import UTC, datetime

    text = reports.summary_to_json(summary, datetime(2018, 4, 2, 3, 0, tzinfo=UTC), "KEPALA")
    back = reports.summary_from_json(text, reports.snapshot_hash(text))
    assert dataclasses.replace(back, closed=None) == summary
    assert back.targets == summary.targets and back.targets


def test_corrections_can_be_recorded_before_the_next_month_closes(
    db: Database, admin, gresik, make_worker, tmp_path: Path
) -> None:
    """Recording corrections now (without closing) puts the change to closed March into April's
    report while April is still open; recording again finds nothing new, and closing April later
    does not record them twice."""
    month_close.close_month(db, admin, MARCH, "GRS")
    make_worker(employer_npp=gresik.npp, start_date=date(2018, 3, 10))
    recorded = month_close.record_corrections(db, admin, "GRS")
    assert {(c.field, c.delta, str(c.reported_in)) for c in recorded} == {
        ("workers_pu", 1, "2018-04"),
        ("workers_new", 1, "2018-04"),
    }
    with db.read() as session:
        action = session.scalar(select(AuditEvent.action).order_by(AuditEvent.id.desc()).limit(1))
    assert action == "month.adjust"
    out = tmp_path / "april.xlsx"
    reports.export_monthly(db, admin, APRIL, out, "GRS")
    assert "Koreksi bulan lalu" in _cells(out)
    assert month_close.record_corrections(db, admin, "GRS") == []
    month_close.close_month(db, admin, APRIL, "GRS")
    with db.read() as session:
        assert session.scalar(select(func.count()).select_from(Adjustment)) == 2
