"""Arrears service: cases on a year's target list, fines, and the follow-up ladder."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from bpjs_desktop.db.models import ArrearsCase, CaseStatus, FollowUp, FollowUpKind, Role
from bpjs_desktop.domain.arrears import late_fine
from bpjs_desktop.domain.periods import Period
from bpjs_desktop.errors import (
    ConflictError,
    NotFoundError,
    PermissionDeniedError,
    ValidationError,
)
from bpjs_desktop.services import arrears, contributions
from bpjs_desktop.services.arrears import FollowUpInput

K = FollowUpKind
MONTHLY_4M = 395_600  # one worker on Rp4.000.000, risk "sedang", JKK+JKM+JHT+JP, 2018


def count(db, model) -> int:
    with db.read() as session:
        return session.scalar(select(func.count()).select_from(model))


@pytest.fixture
def debtor(db, admin, make_employer, make_worker):
    """An employer with one Rp4.000.000 worker, billed February–April 2018 and paying nothing.

    Due dates: February 15/03/2018, March 16/04/2018 (15 April was a Sunday), April 15/05/2018.
    """
    employer = make_employer()
    make_worker(employer_npp=employer.npp, wage=4_000_000, start_date=date(2018, 1, 2))
    for month in (2, 3, 4):
        contributions.bill_month(db, admin, employer.npp, Period(2018, month))
    return employer


@pytest.fixture
def case(db, admin, debtor):
    """The debtor's case on the 2018 target list, opened 20/04/2018 (February and March overdue)."""
    return arrears.open_case(db, admin, debtor.npp, target_year=2018, opened_on=date(2018, 4, 20))


def follow(db, actor, case_id, kind, done_on=date(2018, 5, 2), **kwargs):
    return arrears.record_follow_up(db, actor, case_id, FollowUpInput(kind, done_on, **kwargs))


# --- opening cases ---------------------------------------------------------------------------------


def test_case_covers_only_months_past_their_due_date(db, admin, debtor):
    """Opened 10/04/2018, only February (due 15/03) is overdue: March and April are not yet."""
    case = arrears.open_case(db, admin, debtor.npp, target_year=2018, opened_on=date(2018, 4, 10))
    assert (case.first_period, case.last_period) == ("2018-02", "2018-02")
    assert case.principal == MONTHLY_4M
    assert case.status is CaseStatus.TERBUKA
    assert case.stage is None
    assert case.collected == 0
    assert case.opened_on == date(2018, 4, 10)
    assert case.next_action_on == date(2018, 4, 10)


def test_fine_is_2_percent_per_month_late(db, admin, debtor):
    """February, 26 days late on 10/04/2018, is one month late: fine 2 % = Rp7.912."""
    case = arrears.open_case(db, admin, debtor.npp, target_year=2018, opened_on=date(2018, 4, 10))
    assert case.fine == 7_912
    assert case.fine == late_fine(MONTHLY_4M, Period(2018, 2), date(2018, 3, 15), date(2018, 4, 10))


def test_principal_and_fine_add_up_over_the_overdue_months(db, admin, case):
    """On 20/04/2018: February 2 months late (4 %), March 1 month late (2 %)."""
    assert (case.first_period, case.last_period) == ("2018-02", "2018-03")
    assert case.principal == 2 * MONTHLY_4M
    assert case.fine == 15_824 + 7_912
    assert case.fine == late_fine(
        MONTHLY_4M, Period(2018, 2), date(2018, 3, 15), date(2018, 4, 20)
    ) + late_fine(MONTHLY_4M, Period(2018, 3), date(2018, 4, 16), date(2018, 4, 20))


def test_principal_counts_only_what_is_still_owed(db, admin, debtor):
    """A part payment of February lowers the principal and the fine of the case."""
    contributions.record_payment(db, admin, debtor.npp, 95_600, date(2018, 3, 30))
    case = arrears.open_case(db, admin, debtor.npp, target_year=2018, opened_on=date(2018, 4, 10))
    assert case.principal == 300_000
    assert case.fine == 6_000


def test_employer_is_on_a_year_target_list_only_once(db, admin, debtor, case):
    """A second case for the same employer and year is refused; another year is allowed."""
    with pytest.raises(ConflictError):
        arrears.open_case(db, admin, debtor.npp, target_year=2018, opened_on=date(2018, 5, 2))
    assert count(db, ArrearsCase) == 1
    other = arrears.open_case(db, admin, debtor.npp, target_year=2019, opened_on=date(2018, 5, 2))
    assert other.target_year == 2019
    assert count(db, ArrearsCase) == 2


def test_employer_with_nothing_overdue_is_refused(db, admin, debtor):
    """Opened 10/03/2018, before February's due date, there is nothing overdue."""
    with pytest.raises(ValidationError) as exc:
        arrears.open_case(db, admin, debtor.npp, target_year=2018, opened_on=date(2018, 3, 10))
    assert exc.value.field == "npp"
    assert count(db, ArrearsCase) == 0


def test_employer_that_paid_everything_is_refused(db, admin, debtor):
    """After paying all three months, the employer cannot be put on the target list."""
    contributions.record_payment(db, admin, debtor.npp, 3 * MONTHLY_4M, date(2018, 5, 10))
    with pytest.raises(ValidationError) as exc:
        arrears.open_case(db, admin, debtor.npp, target_year=2018, opened_on=date(2018, 6, 1))
    assert exc.value.field == "npp"


def test_employer_without_bills_is_refused(db, admin, make_employer):
    """An employer never billed has nothing overdue."""
    employer = make_employer()
    with pytest.raises(ValidationError):
        arrears.open_case(db, admin, employer.npp, target_year=2018, opened_on=date(2018, 4, 20))


def test_case_opened_in_the_future_is_refused(db, admin, debtor):
    """An opening date after today is refused on opened_on."""
    with pytest.raises(ValidationError) as exc:
        arrears.open_case(db, admin, debtor.npp, target_year=2027, opened_on=date(2027, 1, 4))
    assert exc.value.field == "opened_on"


def test_case_assigned_to_an_unknown_officer_is_refused(db, admin, debtor):
    """An officer username that does not exist is refused; no case is opened."""
    with pytest.raises(ValidationError) as exc:
        arrears.open_case(
            db,
            admin,
            debtor.npp,
            target_year=2018,
            opened_on=date(2018, 4, 20),
            officer_username="tidak.ada",
        )
    assert exc.value.field == "officer"
    assert count(db, ArrearsCase) == 0


def test_case_is_assigned_to_the_named_officer(db, admin, make_user, debtor):
    """A case opened for a named officer is assigned to that officer."""
    ar = make_user(Role.AR, "GRS", "ar.grs")
    case = arrears.open_case(
        db,
        admin,
        debtor.npp,
        target_year=2018,
        opened_on=date(2018, 4, 20),
        officer_username="ar.grs",
    )
    with db.read() as session:
        assert session.get(ArrearsCase, case.id).officer_id == ar.user_id


def test_officer_username_ignores_case_like_sign_in(db, admin, make_user, debtor):
    """ "AR.GRS" names the same officer as "ar.grs"."""
    ar = make_user(Role.AR, "GRS", "ar.grs")
    case = arrears.open_case(
        db,
        admin,
        debtor.npp,
        target_year=2018,
        opened_on=date(2018, 4, 20),
        officer_username="AR.GRS",
    )
    with db.read() as session:
        assert session.get(ArrearsCase, case.id).officer_id == ar.user_id


def test_inspector_opens_a_case_and_owns_it(db, make_user, debtor):
    """A PEMERIKSA may open a case; by default it is assigned to them."""
    inspector = make_user(Role.PEMERIKSA, "GRS", "wasrik.grs")
    case = arrears.open_case(
        db, inspector, debtor.npp, target_year=2018, opened_on=date(2018, 4, 20)
    )
    with db.read() as session:
        assert session.get(ArrearsCase, case.id).officer_id == inspector.user_id


def test_front_office_staff_cannot_open_cases(db, make_user, debtor):
    """PELAYANAN may not put employers on the arrears list."""
    with pytest.raises(PermissionDeniedError):
        arrears.open_case(
            db, make_user(Role.PELAYANAN), debtor.npp, target_year=2018, opened_on=date(2018, 4, 20)
        )


# --- follow-ups ------------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", [K.SURAT_1, K.SURAT_2, K.SKK])
def test_letters_need_a_number(db, admin, case, kind):
    """Warning letters and the SKK are refused without their number; nothing recorded."""
    with pytest.raises(ValidationError) as exc:
        follow(db, admin, case.id, kind, number="  ")
    assert exc.value.field == "number"
    assert count(db, FollowUp) == 0


def test_letter_moves_the_case_up_the_ladder(db, admin, case):
    """A first warning letter with its number puts the case at stage SURAT_1."""
    row = follow(
        db, admin, case.id, K.SURAT_1, number="B/123/042018", next_due_on=date(2018, 5, 16)
    )
    assert row.stage is K.SURAT_1
    assert row.status is CaseStatus.TERBUKA
    assert row.next_action_on == date(2018, 5, 16)
    with db.read() as session:
        stored = session.scalar(select(FollowUp))
        assert stored.number == "B/123/042018"


@pytest.mark.parametrize("kind", [K.JANJI_BAYAR, K.CICILAN])
def test_promises_need_amount_and_date(db, admin, case, kind):
    """A promise or instalment plan without amount and date names both fields."""
    with pytest.raises(ValidationError) as exc:
        follow(db, admin, case.id, kind)
    assert {e.field for e in exc.value.errors} == {"promised_amount", "promised_on"}
    with pytest.raises(ValidationError) as exc:
        follow(
            db,
            admin,
            case.id,
            kind,
            done_on=date(2018, 5, 2),
            promised_amount=0,
            promised_on=date(2018, 5, 1),
        )
    assert {e.field for e in exc.value.errors} == {"promised_amount", "promised_on"}
    assert count(db, FollowUp) == 0


def test_promise_sets_the_next_action_but_not_the_stage(db, admin, case):
    """A promise to pay is on the timeline, schedules the next check, and leaves the stage."""
    follow(db, admin, case.id, K.SURAT_1, number="S-1/2018")
    row = follow(
        db,
        admin,
        case.id,
        K.JANJI_BAYAR,
        done_on=date(2018, 5, 3),
        promised_amount=791_200,
        promised_on=date(2018, 5, 31),
    )
    assert row.stage is K.SURAT_1
    assert row.next_action_on == date(2018, 5, 31)
    with db.read() as session:
        promise = session.scalar(select(FollowUp).where(FollowUp.kind == K.JANJI_BAYAR))
        assert (promise.promised_amount, promise.promised_on) == (791_200, date(2018, 5, 31))


def test_call_does_not_move_the_stage(db, admin, case):
    """A telephone call leaves the ladder stage where it was."""
    row = follow(db, admin, case.id, K.TELEPON, outcome="Tidak diangkat")
    assert row.stage is None
    assert row.status is CaseStatus.TERBUKA


def test_skk_hands_the_case_to_the_prosecutor(db, admin, case):
    """An SKK moves the case to KEJARI at stage SKK."""
    row = follow(db, admin, case.id, K.SKK, number="SKK-07/KC-GRS/2018")
    assert row.status is CaseStatus.KEJARI
    assert row.stage is K.SKK


def test_kpknl_hands_the_case_to_the_state_debt_office(db, admin, case):
    """A hand-over to KPKNL moves the case to status KPKNL."""
    row = follow(db, admin, case.id, K.KPKNL)
    assert row.status is CaseStatus.KPKNL
    assert row.stage is K.KPKNL


def test_ladder_stage_only_moves_up(db, admin, case):
    """After a visit, a first letter recorded later does not move the stage back."""
    follow(db, admin, case.id, K.SURAT_1, done_on=date(2018, 5, 2), number="S-1")
    follow(db, admin, case.id, K.SURAT_2, done_on=date(2018, 5, 16), number="S-2")
    row = follow(db, admin, case.id, K.KUNJUNGAN, done_on=date(2018, 5, 21))
    assert row.stage is K.KUNJUNGAN
    row = follow(db, admin, case.id, K.SURAT_1, done_on=date(2018, 5, 22), number="S-1b")
    assert row.stage is K.KUNJUNGAN
    row = follow(db, admin, case.id, K.TELEPON, done_on=date(2018, 5, 23))
    assert row.stage is K.KUNJUNGAN
    assert count(db, FollowUp) == 5


def test_follow_up_after_skk_keeps_the_case_at_the_prosecutor(db, admin, case):
    """A visit recorded after the SKK keeps status KEJARI and stage SKK."""
    follow(db, admin, case.id, K.SKK, number="SKK-1")
    row = follow(db, admin, case.id, K.KUNJUNGAN, done_on=date(2018, 5, 9))
    assert row.status is CaseStatus.KEJARI
    assert row.stage is K.SKK


def test_skk_recorded_after_kpknl_does_not_move_the_status_back(db, admin, case):
    """Once handed to KPKNL, a (late-entered) SKK keeps the case at KPKNL, matching its stage."""
    follow(db, admin, case.id, K.KPKNL, done_on=date(2018, 5, 2))
    row = follow(db, admin, case.id, K.SKK, done_on=date(2018, 5, 3), number="SKK-1")
    assert row.stage is K.KPKNL
    assert row.status is CaseStatus.KPKNL


def test_settled_case_refuses_follow_ups(db, admin, debtor, case):
    """After the case months are paid (LUNAS), no further follow-up can be recorded."""
    contributions.record_payment(db, admin, debtor.npp, 2 * MONTHLY_4M, date(2018, 5, 2))
    with pytest.raises(ConflictError):
        follow(db, admin, case.id, K.SURAT_1, done_on=date(2018, 5, 3), number="S-1")
    assert count(db, FollowUp) == 0


def test_follow_up_before_the_case_was_opened_is_refused(db, admin, case):
    """An action dated before the opening date (20/04/2018) is refused on done_on."""
    with pytest.raises(ValidationError) as exc:
        follow(db, admin, case.id, K.TELEPON, done_on=date(2018, 4, 19))
    assert exc.value.field == "done_on"


def test_follow_up_in_the_future_is_refused(db, admin, case):
    """An action dated after today is refused on done_on."""
    with pytest.raises(ValidationError) as exc:
        follow(db, admin, case.id, K.TELEPON, done_on=date(2027, 1, 4))
    assert exc.value.field == "done_on"


def test_next_step_before_the_action_is_refused(db, admin, case):
    """A next follow-up date before the action itself is refused on next_due_on."""
    with pytest.raises(ValidationError) as exc:
        follow(db, admin, case.id, K.TELEPON, next_due_on=date(2018, 5, 1))
    assert exc.value.field == "next_due_on"


def test_follow_up_on_an_unknown_case_is_not_found(db, admin):
    """A case id that does not exist is reported as not found."""
    with pytest.raises(NotFoundError):
        follow(db, admin, 9999, K.TELEPON)


def test_front_office_staff_cannot_record_follow_ups(db, make_user, case):
    """PELAYANAN may not record arrears follow-ups."""
    with pytest.raises(PermissionDeniedError):
        follow(db, make_user(Role.PELAYANAN), case.id, K.TELEPON)


def test_follow_up_records_the_officer(db, make_user, case):
    """The follow-up row names the account representative who made the call."""
    ar = make_user(Role.AR, "GRS", "ar.grs")
    follow(db, ar, case.id, K.TELEPON, outcome="Janji transfer minggu depan")
    with db.read() as session:
        stored = session.scalar(select(FollowUp))
        assert stored.officer_id == ar.user_id
        assert stored.outcome == "Janji transfer minggu depan"
