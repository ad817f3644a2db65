"""Agreement: every figure the dashboard draws equals the same figure in the monthly export and
in the records behind it, for every KPI, month and scope, on the demo (January–April 2018).

The chart side is the dashboard's series (the UI tests check that those series are what is
plotted); the export side is the workbook read back with openpyxl; the records side is the list
a click opens (its count, or its rupiah total).
"""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from bpjs_desktop.db.engine import Database
from bpjs_desktop.db.models import Kpi
from bpjs_desktop.domain.kpis import KPI_DEFS, KPI_ORDER
from bpjs_desktop.domain.periods import Period
from bpjs_desktop.domain.programmes import Programme, Segment
from bpjs_desktop.services import dashboard, drilldown, facts, reports

MONTHS = [Period(2018, m) for m in range(1, 5)]
SCOPES = ["JTM", "MJK"]  # the region, and a branch with its KCP (Jombang)


@pytest.fixture(scope="module")
def agreement_db(tmp_path_factory: pytest.TempPathFactory, demo_file: Path):
    """A copy of the small demo with its facts built (as the demo generator will)."""
    import shutil

    from bpjs_desktop.db.engine import sqlite_url
    from bpjs_desktop.db.migrate import open_database

    path = tmp_path_factory.mktemp("agreement") / "demo.sqlite"
    shutil.copyfile(demo_file, path)
    db = open_database(sqlite_url(path))
    facts.rebuild_facts(db, 2018)
    yield db
    db.dispose()


@pytest.fixture(scope="module")
def workbooks(agreement_db: Database, tmp_path_factory: pytest.TempPathFactory):
    """The monthly export of every month and scope, read back."""
    from bpjs_desktop.services.context import Actor

    folder = tmp_path_factory.mktemp("exports")
    books = {}
    for period in MONTHS:
        for scope in SCOPES:
            out = folder / f"{scope}-{period}.xlsx"
            reports.export_monthly(agreement_db, Actor.command_line(), period, out, scope)
            books[(scope, period)] = openpyxl.load_workbook(out)
    return books


def _achievement_total(book, kpi: Kpi) -> tuple[object, object]:
    """(target, realisation) of the scope's TOTAL line for *kpi* on the "Capaian target" sheet."""
    label = KPI_DEFS[kpi].label
    for row in book["Capaian target"].iter_rows(min_row=5, values_only=True):
        if row[2] == label and str(row[1]).startswith("TOTAL"):
            return row[4], row[5]
    raise AssertionError(f"no TOTAL line for {label}")


def _sheet_total(book, sheet: str, header: str) -> object:
    rows = list(book[sheet].iter_rows(min_row=4, values_only=True))
    column = list(rows[0]).index(header)
    return next(r for r in rows if r[0] == "TOTAL")[column]


def _records_value(db: Database, record_filter: drilldown.RecordFilter, kpi: Kpi) -> float:
    source = drilldown.records(db, record_filter)
    if kpi is Kpi.IURAN_DITERIMA:
        assert isinstance(source, drilldown.PaymentRecords)
        return source.total()
    if kpi is Kpi.KLAIM_SLA:
        rows = source.page(0, 100_000)
        assert len(rows) == source.count()
        return 100.0 * sum(1 for r in rows if r.within) / len(rows)
    return source.count()


@pytest.mark.parametrize("scope", SCOPES)
@pytest.mark.parametrize("period", MONTHS, ids=str)
def test_every_kpi_agrees_between_chart_export_and_records(
    agreement_db: Database, workbooks, scope: str, period: Period
) -> None:
    """For each KPI: the dashboard's realisation and target to date = the export's "Capaian
    target" TOTAL line = the records the chart opens on a click (their count, rupiah or share)."""
    board = dashboard.load(agreement_db, period, scope, latest=MONTHS[-1])
    book = workbooks[(scope, period)]
    assert board.closed is False and board.fresh
    for kpi in KPI_ORDER:
        series = board.kpis[kpi]
        chart = series.realisation[series.months.index(period.month)]
        target, exported = _achievement_total(book, kpi)
        records = _records_value(agreement_db, dashboard.kpi_records(board, kpi, period.month), kpi)
        assert chart == pytest.approx(exported), kpi
        assert chart == pytest.approx(records), kpi
        assert series.target_to_date == target, kpi
    # Not an agreement of zeros: the demo's figures are there (a small branch in January may
    # lack a few, the region does not).
    nonzero = [k for k in KPI_ORDER if board.kpis[k].realisation_to_date]
    assert len(nonzero) >= (8 if scope == "JTM" else 5), nonzero


@pytest.mark.parametrize("scope", SCOPES)
def test_segment_claim_and_arrears_series_agree(
    agreement_db: Database, workbooks, scope: str
) -> None:
    """Each bar of the segment, claims and arrears charts equals the export's TOTAL cell of the
    same month and the count (or rupiah) of the records behind it."""
    last = MONTHS[-1]
    board = dashboard.load(agreement_db, last, scope, latest=last)
    headers = {"PU": "TK PU", "BPU": "TK BPU", "JAKON": "TK Jakon", "PMI": "TK PMI"}
    for index, month in enumerate(board.segments.months):
        book = workbooks[(scope, Period(2018, month))]
        for segment, header in headers.items():
            value = board.segments.values[segment][index]
            assert value == _sheet_total(book, "Kepesertaan", header), (segment, month)
            f = dashboard.segment_records(board, Segment(segment), month)
            assert value == drilldown.records(agreement_db, f).count(), (segment, month)
        for programme in Programme:
            cases = board.claims_cases.values[programme.value][index]
            amount = board.claims_amount.values[programme.value][index]
            assert cases == _sheet_total(book, "Klaim bulan ini", f"{programme.value} kasus")
            assert amount == _sheet_total(book, "Klaim bulan ini", f"{programme.value} (Rp)")
            source = drilldown.records(
                agreement_db, dashboard.claim_records(board, programme, month)
            )
            assert (source.count(), source.total()) == (cases, amount), (programme, month)  # type: ignore[attr-defined]
        arrears = {k: v[index] for k, v in board.arrears.values.items()}
        assert arrears["target"] == _sheet_total(book, "Piutang", "Target BU menunggak")
        assert arrears["collected"] == _sheet_total(book, "Piutang", "BU tertagih")
        assert arrears["amount"] == _sheet_total(book, "Piutang", "Rp tertagih")
        target_list = drilldown.records(
            agreement_db, dashboard.arrears_records(board, "target", month)
        )
        collected = drilldown.records(
            agreement_db, dashboard.arrears_records(board, "collected", month)
        )
        assert target_list.count() == arrears["target"]
        assert (collected.count(), collected.total()) == (arrears["collected"], arrears["amount"])  # type: ignore[attr-defined]


def test_ranking_agrees_with_each_offices_line_in_the_export(
    agreement_db: Database, workbooks
) -> None:
    """The ranking's realisation and target per office equal that office's line on the export's
    "Capaian target" sheet."""
    last = MONTHS[-1]
    board = dashboard.load(agreement_db, last, "JTM", latest=last)
    sheet = workbooks[("JTM", last)]["Capaian target"]
    lines = {
        (row[0], row[2]): (row[4], row[5])
        for row in sheet.iter_rows(min_row=5, values_only=True)
        if not str(row[1]).startswith("TOTAL")
    }
    for kpi in KPI_ORDER:
        for rank in board.ranking[kpi]:
            target, realisation = lines[(rank.office_code, KPI_DEFS[kpi].label)]
            assert rank.target == target, (kpi, rank.office_code)
            assert rank.realisation == pytest.approx(realisation), (kpi, rank.office_code)
