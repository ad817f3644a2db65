"""The arrears worklist (who sees what, in which order, with which next action) and the year's
target progress, which must agree with the monthly summary."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select, text

from bpjs_desktop.db.models import ArrearsCase, CaseStatus, FollowUpKind, Role
from bpjs_desktop.domain.periods import Period
from bpjs_desktop.errors import NotFoundError, PermissionDeniedError, ValidationError
from bpjs_desktop.services import arrears, contributions, reports
from bpjs_desktop.services.arrears import FollowUpInput
from bpjs_desktop.services.arrears_worklist import (
    WorklistFilter,
    WorklistQuery,
    target_progress,
)

ON = date(2018, 5, 20)
MONTHLY_4M = 395_600


@pytest.fixture
def cases(db, admin, make_employer, make_worker, make_user):
    """Three employers of KC Gresik on the 2018 list, opened 20/04/2018:

    - "big": Rp9 m a month, February and March unpaid (ar.satu);
    - "small": Rp4 m, February and March (ar.dua);
    - "old": Rp4 m, January to March (ar.satu): the oldest arrears.
    """
    make_user(Role.AR, "GRS", "ar.satu")
    make_user(Role.AR, "GRS", "ar.dua")
    made = {}
    for name, wage, months, officer in (
        ("big", 9_000_000, (2, 3), "ar.satu"),
        ("small", 4_000_000, (2, 3), "ar.dua"),
        ("old", 4_000_000, (1, 2, 3), "ar.satu"),
    ):
        employer = make_employer(name=f"PT {name.upper()}")
        make_worker(employer_npp=employer.npp, wage=wage, start_date=date(2018, 1, 2))
        for month in months:
            contributions.bill_month(db, admin, employer.npp, Period(2018, month))
        made[name] = arrears.open_case(
            db, admin, employer.npp, target_year=2018, opened_on=date(2018, 4, 20),
            officer_username=officer,
        )  # fmt: skip
    return made


def billed(db, case) -> int:
    """All an employer was billed (February's JP cap is 2017's, March's 2018's)."""
    return sum(b.amount for b in contributions.bills_of(db, case.npp))


def names(rows) -> list[str]:
    return [r.employer_name for r in rows]


def test_worklist_is_ordered_by_amount_owed_then_age(db, admin, cases):
    """The default order: what is owed, largest first; then the oldest arrears first."""
    query = WorklistQuery(db, admin, WorklistFilter(), on=ON)
    rows = query.page(0, 50)
    assert names(rows) == ["PT BIG", "PT OLD", "PT SMALL"]
    assert [r.owed for r in rows] == [billed(db, cases["big"]), 3 * MONTHLY_4M, 2 * MONTHLY_4M]
    assert query.count() == 3
    by_age = query.page(0, 50, "age", descending=False)
    assert names(by_age) == ["PT OLD", "PT BIG", "PT SMALL"]  # ties by amount


def test_worklist_row_has_age_bucket_fine_and_next_action(db, admin, cases):
    """On 20/05/2018 "old" owes since January (due 15/02: 4 months late, "Kurang lancar"), with
    2 % a month on each month; with nothing done yet its next action is the first letter."""
    (old,) = [
        r
        for r in WorklistQuery(db, admin, WorklistFilter(), on=ON).page(0, 50)
        if r.employer_name == "PT OLD"
    ]
    assert (old.oldest_period, old.months_owed, old.months_overdue) == ("2018-01", 3, 4)
    assert old.bucket == "Kurang lancar"
    assert old.fine == (4 + 3 + 2) * 7_912
    assert old.next_action == "Surat peringatan I"
    assert old.next_action_on == date(2018, 4, 20) and old.overdue
    assert old.office_code == "GRS" and old.officer_username == "ar.satu"


def test_worklist_filters_by_bucket(db, admin, cases):
    """Only "old" is 4–6 months overdue; "Lancar" holds the other two (any case of the name)."""
    assert names(
        WorklistQuery(db, admin, WorklistFilter(bucket="Kurang lancar"), on=ON).page(0, 9)
    ) == ["PT OLD"]
    assert WorklistQuery(db, admin, WorklistFilter(bucket="lancar"), on=ON).count() == 2
    with pytest.raises(ValidationError) as caught:
        WorklistQuery(db, admin, WorklistFilter(bucket="Tidak ada"), on=ON)
    assert caught.value.field == "bucket"


def test_worklist_for_today_leaves_out_cases_whose_next_action_is_later(db, admin, cases):
    """A letter sent with its next check on 01/06 takes "small" off the list of 20/05 (but not
    off the list of every open case); on 01/06 it is due again."""
    arrears.record_follow_up(
        db, admin, cases["small"].id,
        FollowUpInput(FollowUpKind.SURAT_1, date(2018, 5, 2), next_due_on=date(2018, 6, 1)),
    )  # fmt: skip
    assert names(WorklistQuery(db, admin, WorklistFilter(), on=ON).page(0, 9)) == [
        "PT BIG",
        "PT OLD",
    ]
    assert WorklistQuery(db, admin, WorklistFilter(due_only=False), on=ON).count() == 3
    today = WorklistQuery(db, admin, WorklistFilter(), on=date(2018, 6, 1)).page(0, 9)
    small = next(r for r in today if r.employer_name == "PT SMALL")
    assert small.due_today and not small.overdue
    assert small.next_action == "Surat peringatan II"


def test_settled_cases_leave_the_worklist(db, admin, cases):
    """Paying "small" in full settles its case: off the open list, on the LUNAS list."""
    contributions.record_payment(db, admin, cases["small"].npp, 2 * MONTHLY_4M, date(2018, 5, 2))
    assert "PT SMALL" not in names(WorklistQuery(db, admin, WorklistFilter(), on=ON).page(0, 9))
    settled = WorklistQuery(
        db, admin, WorklistFilter(statuses=(CaseStatus.LUNAS,), due_only=False), on=ON
    ).page(0, 9)
    assert names(settled) == ["PT SMALL"]


def test_an_officer_sees_only_their_own_cases(db, cases, make_user):
    """ar.satu sees "big" and "old", whatever officer they ask for; the head of office sees all
    three and can pick one officer."""
    from bpjs_desktop.services import auth

    ar = auth.authenticate(db, "ar.satu", "rahasia-123")
    assert names(WorklistQuery(db, ar, WorklistFilter(), on=ON).page(0, 9)) == ["PT BIG", "PT OLD"]
    assert WorklistQuery(db, ar, WorklistFilter(officer_username="ar.dua"), on=ON).count() == 2
    head = make_user(Role.KEPALA, "GRS")
    assert WorklistQuery(db, head, WorklistFilter(), on=ON).count() == 3
    assert names(
        WorklistQuery(db, head, WorklistFilter(officer_username="ar.dua"), on=ON).page(0, 9)
    ) == ["PT SMALL"]
    with pytest.raises(ValidationError):
        WorklistQuery(db, head, WorklistFilter(officer_username="tidak.ada"), on=ON)


def test_the_head_of_another_branch_sees_only_their_own_office(db, cases, make_user):
    """The head of KC Sidoarjo sees none of Gresik's cases and may not ask for Gresik."""
    head = make_user(Role.KEPALA, "SDA")
    assert WorklistQuery(db, head, WorklistFilter(), on=ON).count() == 0
    with pytest.raises(PermissionDeniedError):
        WorklistQuery(db, head, WorklistFilter(office_code="GRS"), on=ON)


def test_front_office_staff_have_no_worklist(db, make_user):
    with pytest.raises(PermissionDeniedError):
        WorklistQuery(db, make_user(Role.PELAYANAN), WorklistFilter(), on=ON)


def test_office_filter_takes_in_the_kcp_under_the_branch(db, admin, make_employer, make_worker):
    """A case of KCP Jombang is on KC Mojokerto's list (its parent), not on Sidoarjo's."""
    employer = make_employer(office_code="JBG", regency_code="3517")
    make_worker(employer_npp=employer.npp, wage=4_000_000, start_date=date(2018, 1, 2))
    contributions.bill_month(db, admin, employer.npp, Period(2018, 2))
    arrears.open_case(db, admin, employer.npp, target_year=2018, opened_on=date(2018, 4, 20))
    assert WorklistQuery(db, admin, WorklistFilter(office_code="MJK"), on=ON).count() == 1
    assert WorklistQuery(db, admin, WorklistFilter(office_code="JBG"), on=ON).count() == 1
    assert WorklistQuery(db, admin, WorklistFilter(office_code="SDA"), on=ON).count() == 0
    with pytest.raises(NotFoundError):
        WorklistQuery(db, admin, WorklistFilter(office_code="XXX"), on=ON)


def test_worklist_totals(db, admin, cases):
    """Three cases, what they owe together, all three late for their next action."""
    totals = WorklistQuery(db, admin, WorklistFilter(), on=ON).totals()
    assert (totals.cases, totals.owed, totals.overdue) == (
        3,
        billed(db, cases["big"]) + 5 * MONTHLY_4M,
        3,
    )


def test_worklist_pages_add_up_to_the_count(db, admin, cases):
    """Paging one row at a time yields every row once, in the same order as one page."""
    query = WorklistQuery(db, admin, WorklistFilter(due_only=False), on=ON)
    one_by_one = [query.page(i, 1)[0].case_id for i in range(query.count())]
    assert one_by_one == [r.case_id for r in query.page(0, 10)]
    assert query.page(5, 10) == []


# --- on the demo ---------------------------------------------------------------------------------


def test_region_worklist_on_the_demo_is_ordered_and_counts_right(demo_db, admin):
    """The whole region's worklist on the demo's day: every open case due by then, largest first."""
    on = arrears.reference_date(demo_db)
    assert on == date(2018, 4, 30)
    query = WorklistQuery(demo_db, admin, WorklistFilter(), on=on)
    with demo_db.read() as session:
        expected = session.scalar(
            select(func.count())
            .select_from(ArrearsCase)
            .where(
                ArrearsCase.status.in_(arrears.OPEN_STATUSES),
                (ArrearsCase.next_action_on.is_(None)) | (ArrearsCase.next_action_on <= on),
            )
        )
    assert query.count() == expected > 0
    rows = query.page(0, 500)
    assert len(rows) == expected
    assert [r.owed for r in rows] == sorted((r.owed for r in rows), reverse=True)
    assert all(r.owed > 0 and r.bucket and r.next_action for r in rows)


def test_target_progress_agrees_with_the_monthly_summary(demo_db):
    """For every office and month of 2018 up to the demo's day, the target list and the employers
    that paid are the same figures as the monthly summary's arrears section."""
    progress = target_progress(demo_db, 2018)
    by_office = {row.office_code: row for row in progress.rows}
    for month in range(1, 5):
        summary = reports.monthly_summary(demo_db, Period(2018, month))
        for office in summary.rows:
            row = by_office.get(office.office_code)
            target = row.target if row else 0
            assert target == office.arrears_target, (office.office_code, month)
            assert (row.paid_by(month) if row else 0) == office.arrears_collected
            assert (row.collected_by(month) if row else 0) == office.arrears_collected_amount
        assert progress.total.paid_by(month) == summary.total.arrears_collected
    assert progress.total.target == summary.total.arrears_target > 0


def test_target_progress_per_officer_adds_up_to_the_office(demo_db):
    """Per officer, the rows of one office add up to that office's row."""
    per_office = {r.office_code: r for r in target_progress(demo_db, 2018).rows}
    per_officer = target_progress(demo_db, 2018, by_officer=True).rows
    for code, row in per_office.items():
        mine = [r for r in per_officer if r.office_code == code]
        assert sum(r.target for r in mine) == row.target
        assert sum(r.paid_by(4) for r in mine) == row.paid_by(4)
        assert all(r.officer_username for r in mine)


def test_target_progress_of_one_branch_includes_its_kcp(demo_db):
    """KC Mojokerto's progress covers KCP Jombang's cases too."""
    with demo_db.read() as session:
        ids = dict(session.execute(text("SELECT code, id FROM office")).all())
        expected = session.scalar(
            select(func.count())
            .select_from(ArrearsCase)
            .where(
                ArrearsCase.office_id.in_([ids["MJK"], ids["JBG"]]), ArrearsCase.target_year == 2018
            )
        )
    progress = target_progress(demo_db, 2018, office_code="MJK")
    assert {r.office_code for r in progress.rows} <= {"MJK", "JBG"}
    assert progress.total.target == expected
