"""Targets service: per office, KPI and month, set by the head of office."""

from __future__ import annotations

import pytest

from bpjs_desktop.db.models import AuditEvent, Kpi, Role, Target
from bpjs_desktop.errors import PermissionDeniedError, ValidationError
from bpjs_desktop.services import targets
from bpjs_desktop.services.targets import TargetRow
from tests.helpers import count

GOOD_JANUARY = TargetRow("GRS", Kpi.TK_PU, "2018-01", 1_000)  # a valid row, refused with its batch


def test_targets_are_stored_and_read_back(db, admin):
    """Targets set for 2018 come back from targets_for, ordered by office, KPI and month."""
    written = targets.set_targets(
        db,
        admin,
        [
            TargetRow("GRS", Kpi.TK_PU, "2018-02", 1_200),
            TargetRow("GRS", Kpi.TK_PU, "2018-01", 1_000),
            TargetRow("SDA", Kpi.BU_BARU, "2018-01", 30),
        ],
    )
    assert written == 3
    assert targets.targets_for(db, 2018) == [
        TargetRow("GRS", Kpi.TK_PU, "2018-01", 1_000),
        TargetRow("GRS", Kpi.TK_PU, "2018-02", 1_200),
        TargetRow("SDA", Kpi.BU_BARU, "2018-01", 30),
    ]


def test_targets_for_filters_by_year_and_kpi(db, admin):
    """Only the asked year (and KPI, when given) is returned."""
    targets.set_targets(
        db,
        admin,
        [
            TargetRow("GRS", Kpi.TK_PU, "2017-12", 900),
            TargetRow("GRS", Kpi.TK_PU, "2018-01", 1_000),
            TargetRow("GRS", Kpi.TK_BPU, "2018-01", 50),
        ],
    )
    assert [t.period for t in targets.targets_for(db, 2018)] == ["2018-01", "2018-01"]
    assert targets.targets_for(db, 2018, Kpi.TK_BPU) == [
        TargetRow("GRS", Kpi.TK_BPU, "2018-01", 50)
    ]
    assert targets.targets_for(db, 2017) == [TargetRow("GRS", Kpi.TK_PU, "2017-12", 900)]


def test_setting_a_target_again_replaces_it(db, admin):
    """A second value for the same office, KPI and month replaces the first; no new row."""
    targets.set_targets(db, admin, [TargetRow("GRS", Kpi.IURAN_DITERIMA, "2018-04", 5_000_000)])
    assert count(db, Target) == 1
    targets.set_targets(db, admin, [TargetRow("GRS", Kpi.IURAN_DITERIMA, "2018-04", 7_500_000)])
    assert count(db, Target) == 1
    assert targets.targets_for(db, 2018) == [
        TargetRow("GRS", Kpi.IURAN_DITERIMA, "2018-04", 7_500_000)
    ]


def test_office_code_is_matched_without_regard_to_case(db, admin):
    """ "grs" and "GRS" are the same office: the second call replaces, it does not add."""
    targets.set_targets(db, admin, [TargetRow("grs", Kpi.TK_PU, "2018-04", 10)])
    targets.set_targets(db, admin, [TargetRow("GRS", Kpi.TK_PU, "2018-04", 20)])
    assert count(db, Target) == 1
    assert targets.targets_for(db, 2018)[0].value == 20


def test_negative_target_is_refused_and_nothing_written(db, admin):
    """One negative value refuses the whole batch on the value field."""
    with pytest.raises(ValidationError) as exc:
        targets.set_targets(db, admin, [GOOD_JANUARY, TargetRow("GRS", Kpi.TK_PU, "2018-02", -1)])
    assert exc.value.field == "value"
    assert count(db, Target) == 0
    assert count(db, AuditEvent) == 0


def test_zero_target_is_allowed(db, admin):
    """A target of 0 (nothing planned that month) is accepted."""
    targets.set_targets(db, admin, [TargetRow("GRS", Kpi.TK_PMI, "2018-01", 0)])
    assert targets.targets_for(db, 2018)[0].value == 0


def test_unknown_office_refuses_the_whole_batch(db, admin):
    """An unknown office in the second row leaves the first row unwritten too."""
    with pytest.raises(ValidationError) as exc:
        targets.set_targets(
            db, admin, [GOOD_JANUARY, TargetRow("ZZZ", Kpi.TK_PU, "2018-01", 1_000)]
        )
    assert exc.value.field == "office"
    assert count(db, Target) == 0


@pytest.mark.parametrize("period", ["2018-13", "2018-00", "April 2018", "2018/04", ""])
def test_bad_period_is_refused(db, admin, period):
    """A month that does not exist or is not written YYYY-MM is refused; nothing is written."""
    with pytest.raises((ValidationError, ValueError)):
        targets.set_targets(db, admin, [TargetRow("GRS", Kpi.TK_PU, period, 1_000)])
    assert count(db, Target) == 0


def test_bad_period_is_a_field_error_for_the_user(db, admin):
    """A bad period is reported as a ValidationError on the period field (a message, not a crash)."""
    with pytest.raises(ValidationError) as exc:
        targets.set_targets(db, admin, [TargetRow("GRS", Kpi.TK_PU, "2018-13", 1_000)])
    assert exc.value.field == "period"


def test_period_typed_as_blth_is_the_same_month(db, admin):
    """A target typed "04-2018" is April 2018: it replaces "2018-04" and targets_for finds it."""
    targets.set_targets(db, admin, [TargetRow("GRS", Kpi.TK_PU, "2018-04", 5)])
    targets.set_targets(db, admin, [TargetRow("GRS", Kpi.TK_PU, "04-2018", 7)])
    assert count(db, Target) == 1
    assert targets.targets_for(db, 2018) == [TargetRow("GRS", Kpi.TK_PU, "2018-04", 7)]


def test_front_office_staff_cannot_set_targets(db, make_user):
    """Only the head of office (or admin) sets targets; PELAYANAN and AR are refused."""
    for role in (Role.PELAYANAN, Role.AR, Role.PEMERIKSA):
        with pytest.raises(PermissionDeniedError):
            targets.set_targets(db, make_user(role), [TargetRow("GRS", Kpi.TK_PU, "2018-01", 1)])
    assert count(db, Target) == 0


def test_head_of_office_sets_targets(db, make_user):
    """A KEPALA may set targets."""
    kepala = make_user(Role.KEPALA, "GRS")
    assert targets.set_targets(db, kepala, [TargetRow("GRS", Kpi.TK_PU, "2018-01", 1)]) == 1
