"""The KPIs a head of office is held to (domain.md §7.1): which figure of the month's summary each
reads, the target of a group of offices, the achievement percentage and its colour band."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from bpjs_desktop.domain.kpis import (
    KPI_ORDER,
    Kpi,
    KpiKind,
    Status,
    _active_workers,
    _def,
    achievement,
    achievement_line,
    kpi_def,
    lines_for,
    status,
    total_target,
)


def summary(code: str = "KC01", name: str = "Kantor Cabang Satu", **figures) -> SimpleNamespace:
    """A month's summary row (services.reports.OfficeSummary) with distinct figures per field, so
    reading the wrong field shows."""
    values = {
        "employers_active": 101,
        "employers_new_ytd": 102,
        "employers_new": 103,
        "workers_pu": 104,
        "workers_bpu": 105,
        "workers_jakon": 106,
        "workers_pmi": 107,
        "workers_new_ytd": 108,
        "workers_new": 109,
        "perisai_recruits": 110,
        "contributions_received_ytd": 1_000_000,
        "contributions_received": 250_000,
        "arrears_collected": 111,
        "claims_sla_met_ytd": 19,
        "claims_sla_met": 3,
        "cases_ytd": 20,
        "cases_month": 4,
    }
    values.update(figures)
    row = SimpleNamespace(office_code=code, office_name=name, **values)
    row.claims_total = lambda *, ytd=True: SimpleNamespace(
        cases=row.cases_ytd if ytd else row.cases_month
    )
    return row


# --- what each KPI reads ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kpi", "to_date", "in_month"),
    [
        (Kpi.BU_AKTIF, 101, 101),  # a level is its own month's figure
        (Kpi.BU_BARU, 102, 103),
        (Kpi.TK_PU, 104, 104),
        (Kpi.TK_BPU, 105, 105),
        (Kpi.TK_JAKON, 106, 106),
        (Kpi.TK_PMI, 107, 107),
        (Kpi.TK_BARU, 108, 109),
        (Kpi.PERISAI_AKUISISI, 110, None),  # kept to date only
        (Kpi.IURAN_DITERIMA, 1_000_000, 250_000),
        (Kpi.PIUTANG_BU_TERTAGIH, 111, None),
        (Kpi.KLAIM_SLA, 95.0, 75.0),  # 19 of 20 claims to date, 3 of 4 in the month
    ],
)
def test_each_kpi_reads_its_figure_to_date_and_in_the_month(kpi, to_date, in_month):
    line = achievement_line(summary(), kpi, None)
    assert line.realisation == to_date
    assert line.month_realisation == in_month


def test_service_level_without_paid_claims_has_no_figure():
    """No claim paid: no share (not 0 %, which would read as a failure)."""
    line = achievement_line(summary(cases_ytd=0, cases_month=0), Kpi.KLAIM_SLA, 95)
    assert line.realisation is None
    assert line.month_realisation is None
    assert line.percent is None
    assert line.status is Status.NO_TARGET


def test_kpis_are_shown_in_the_order_of_the_agreement():
    assert tuple(Kpi) == KPI_ORDER


def test_kpi_is_found_by_its_code():
    assert kpi_def("TK_PU").kpi is Kpi.TK_PU
    assert kpi_def(Kpi.IURAN_DITERIMA).is_money
    assert not kpi_def(Kpi.TK_PU).is_money


def test_a_definition_reads_named_fields_and_a_level_is_its_own_month():
    row = summary()
    level = _def(Kpi.BU_AKTIF, "Label", "BU", KpiKind.STOCK, "employers", "employers_active")
    assert (level.kpi, level.label_id, level.unit, level.kind, level.records) == (
        Kpi.BU_AKTIF, "Label", "BU", KpiKind.STOCK, "employers",
    )  # fmt: skip
    assert level.ytd(row) == 101
    assert level.month is not None and level.month(row) == 101


def test_a_cumulative_definition_keeps_its_own_month_figure_or_none():
    row = summary()
    with_month = _def(Kpi.BU_BARU, "L", "BU", KpiKind.CUMULATIVE, "employers",
                      "employers_new_ytd", "employers_new")  # fmt: skip
    assert with_month.ytd(row) == 102
    assert with_month.month is not None and with_month.month(row) == 103
    to_date_only = _def(Kpi.PERISAI_AKUISISI, "L", "TK", KpiKind.CUMULATIVE, "workers",
                        "perisai_recruits")  # fmt: skip
    assert to_date_only.month is None


def test_a_definition_may_compute_its_figures():
    row = summary()
    share = _def(Kpi.KLAIM_SLA, "L", "%", KpiKind.PERCENT, "claims",
                 lambda r: r.claims_sla_met_ytd * 2, lambda r: r.claims_sla_met * 2)  # fmt: skip
    assert share.ytd(row) == 38
    assert share.month is not None and share.month(row) == 6


@pytest.mark.parametrize(
    ("kpi", "value"),
    [(Kpi.TK_PU, 104), (Kpi.TK_BPU, 105), (Kpi.TK_JAKON, 106), (Kpi.TK_PMI, 107)],
)
def test_active_workers_of_a_segment_are_its_level_at_month_end(kpi, value):
    """``TK_JAKON`` reads ``workers_jakon``, to date and in the month alike."""
    d = _active_workers(kpi, "TK aktif")
    assert (d.kpi, d.label_id, d.unit, d.kind, d.records) == (
        kpi, "TK aktif", "TK", KpiKind.STOCK, "workers",
    )  # fmt: skip
    assert d.ytd(summary()) == value
    assert d.month is not None and d.month(summary()) == value


# --- target of a group --------------------------------------------------------------------------


def test_group_without_targets_has_none():
    assert total_target(Kpi.TK_PU, []) is None
    assert total_target(Kpi.KLAIM_SLA, iter(())) is None


def test_group_target_of_a_count_is_the_sum():
    assert total_target(Kpi.TK_PU, [1_000, 2_500]) == 3_500
    assert total_target("IURAN_DITERIMA", iter([10, 20, 30])) == 60


@pytest.mark.parametrize(
    ("values", "mean"),
    [
        ([95, 96], 96),  # 191 / 2 = 95.5: half rounds up
        ([90, 95, 96], 94),  # 281 / 3 = 93.67
        ([90, 91, 92, 95], 92),  # 368 / 4 = 92
        ([95], 95),
    ],
)
def test_group_target_of_a_percent_is_the_rounded_mean(values, mean):
    """Every office is held to its own share, so the group's share is their mean."""
    assert total_target("KLAIM_SLA", values) == mean


# --- achievement and its band -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("realisation", "target", "percent"),
    [
        (45, 50, 90.0),
        (50, 50, 100.0),
        (60, 50, 120.0),
        (0, 50, 0.0),
        (95.0, 95, 100.0),
        (1, 1, 100.0),
    ],
)
def test_achievement_is_realisation_over_target_in_percent(realisation, target, percent):
    assert achievement(realisation, target) == pytest.approx(percent)


@pytest.mark.parametrize(("realisation", "target"), [(None, 50), (10, None), (10, 0), (10, -5)])
def test_no_achievement_without_a_figure_or_a_positive_target(realisation, target):
    assert achievement(realisation, target) is None


@pytest.mark.parametrize(
    ("percent", "band"),
    [
        (None, Status.NO_TARGET),
        (120.0, Status.ON_TRACK),
        (100.0, Status.ON_TRACK),  # reaching the target is on track
        (99.99, Status.NEAR),
        (90.0, Status.NEAR),  # 90 % of it is near
        (89.99, Status.BEHIND),
        (0.0, Status.BEHIND),
    ],
)
def test_status_bands_are_100_and_90_percent(percent, band):
    assert status(percent) is band


def test_status_labels_in_indonesian():
    assert [s.label for s in Status] == ["Sesuai target", "Hampir", "Tertinggal", "Tanpa target"]


# --- lines of a month ---------------------------------------------------------------------------


def test_achievement_line_carries_office_label_unit_target_and_band():
    line = achievement_line(summary(), Kpi.BU_AKTIF, 202)
    assert (line.office_code, line.office_name, line.kpi) == (
        "KC01", "Kantor Cabang Satu", Kpi.BU_AKTIF,
    )  # fmt: skip
    assert (line.label, line.unit, line.target) == ("BU aktif", "BU", 202)
    assert line.percent == pytest.approx(50.0)  # 101 / 202
    assert line.status is Status.BEHIND


def test_achievement_line_may_carry_another_code():
    """The scope's total row is shown under its own code, not the summary's."""
    assert achievement_line(summary(), Kpi.TK_PU, 104, code="TOTAL").office_code == "TOTAL"
    assert achievement_line(summary(), Kpi.TK_PU, 104).status is Status.ON_TRACK


def test_lines_for_a_month_total_and_each_office_in_kpi_order():
    one = summary("KC01", "Satu", workers_pu=90)
    two = summary("KC02", "Dua", workers_pu=30)
    total = summary("ALL", "Jawa Timur", workers_pu=120)
    targets = {
        ("KC01", "TK_PU"): 100,
        ("KC02", "TK_PU"): 50,
        ("KC01", "KLAIM_SLA"): 95,
        ("KC02", "KLAIM_SLA"): 90,
        ("KC01", "BU_AKTIF"): 101,
    }
    total_lines, office_lines = lines_for([one, two], total, targets)
    assert [line.kpi for line in total_lines] == list(KPI_ORDER)
    assert [(line.kpi, line.office_code) for line in office_lines] == [
        (kpi, code) for kpi in KPI_ORDER for code in ("KC01", "KC02")
    ]
    by_kpi = {line.kpi: line for line in total_lines}
    # TK_PU: 100 + 50 = 150 for the group; realisation 120 → 80 %
    assert by_kpi[Kpi.TK_PU].target == 150
    assert by_kpi[Kpi.TK_PU].percent == pytest.approx(80.0)
    assert by_kpi[Kpi.TK_PU].office_code == "ALL"
    # a share: (95 + 90) / 2 = 92.5 → 93
    assert by_kpi[Kpi.KLAIM_SLA].target == 93
    # only one office has a target: the group's is that one
    assert by_kpi[Kpi.BU_AKTIF].target == 101
    assert by_kpi[Kpi.TK_BPU].target is None
    offices = {(line.office_code, line.kpi): line for line in office_lines}
    assert offices[("KC01", Kpi.TK_PU)].target == 100
    assert offices[("KC02", Kpi.TK_PU)].percent == pytest.approx(60.0)  # 30 / 50
    assert offices[("KC02", Kpi.BU_AKTIF)].target is None
    assert offices[("KC02", Kpi.BU_AKTIF)].status is Status.NO_TARGET
