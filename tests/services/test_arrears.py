"""Arrears service: cases on a year's target list, fines, and the follow-up ladder."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

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
from tests.helpers import count

K = FollowUpKind
MONTHLY_4M = 395_600  # one worker on Rp4.000.000, risk "sedang", JKK+JKM+JHT+JP, 2018


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


def open_case(db, actor, npp, **kwargs):
    """Open `npp`'s case on the 2018 target list on 20/04/2018 (February and March overdue)."""
    return arrears.open_case(
        db, actor, npp, target_year=2018, opened_on=date(2018, 4, 20), **kwargs
    )


@pytest.fixture
def case(db, admin, debtor):
    """The debtor's case on the 2018 target list, opened 20/04/2018 (February and March overdue)."""
    return open_case(db, admin, debtor.npp)


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
        open_case(db, admin, employer.npp)


def test_case_opened_in_the_future_is_refused(db, admin, debtor):
    """An opening date after today is refused on opened_on."""
    with pytest.raises(ValidationError) as exc:
        arrears.open_case(db, admin, debtor.npp, target_year=2027, opened_on=date(2027, 1, 4))
    assert exc.value.field == "opened_on"


def test_case_assigned_to_an_unknown_officer_is_refused(db, admin, debtor):
    """An officer username that does not exist is refused; no case is opened."""
    with pytest.raises(ValidationError) as exc:
        open_case(db, admin, debtor.npp, officer_username="tidak.ada")
    assert exc.value.field == "officer"
    assert count(db, ArrearsCase) == 0


@pytest.mark.parametrize(
    "typed",
    [
        "ar.grs",  # as the officer's username was created
        "AR.GRS",  # other case: names the same officer, as it does when signing in
    ],
)
def test_case_is_assigned_to_the_named_officer(db, admin, make_user, debtor, typed):
    """A case opened for a named officer is assigned to that officer."""
    ar = make_user(Role.AR, "GRS", "ar.grs")
    case = open_case(db, admin, debtor.npp, officer_username=typed)
    with db.read() as session:
        assert session.get(ArrearsCase, case.id).officer_id == ar.user_id


def test_inspector_opens_a_case_and_owns_it(db, make_user, debtor):
    """A PEMERIKSA may open a case; by default it is assigned to them."""
    inspector = make_user(Role.PEMERIKSA, "GRS", "wasrik.grs")
    case = open_case(db, inspector, debtor.npp)
    with db.read() as session:
        assert session.get(ArrearsCase, case.id).officer_id == inspector.user_id


def test_front_office_staff_cannot_open_cases(db, make_user, debtor):
    """PELAYANAN may not put employers on the arrears list."""
    with pytest.raises(PermissionDeniedError):
        open_case(db, make_user(Role.PELAYANAN), debtor.npp)


# --- follow-ups ------------------------------------------------------------------------------------


def test_letters_get_their_number_from_the_office_series(db, admin, case):
    """The app numbers each letter per office and year: B/00001/GRS/2018, then B/00002/…;
    the SKK has a series of its own, visits their minutes' series (BA)."""
    follow(db, admin, case.id, K.SURAT_1, done_on=date(2018, 5, 2))
    follow(db, admin, case.id, K.SURAT_2, done_on=date(2018, 5, 16))
    follow(db, admin, case.id, K.KUNJUNGAN, done_on=date(2018, 5, 17))
    follow(db, admin, case.id, K.SKK, done_on=date(2018, 5, 21))
    with db.read() as session:
        numbers = {k: n for k, n in session.execute(select(FollowUp.kind, FollowUp.number))}
    assert numbers == {
        K.SURAT_1: "B/00001/GRS/2018",
        K.SURAT_2: "B/00002/GRS/2018",
        K.KUNJUNGAN: "BA/00001/GRS/2018",
        K.SKK: "SKK/00001/GRS/2018",
    }


def test_a_typed_number_is_kept_and_the_series_continues_after_it(db, admin, case):
    """A letter sent before the app was used keeps its typed number; the office's series then
    continues after the highest number of the year already on record."""
    follow(db, admin, case.id, K.SURAT_1, done_on=date(2018, 5, 2), number="B/00041/GRS/2018")
    row = follow(db, admin, case.id, K.SURAT_2, done_on=date(2018, 5, 16))
    with db.read() as session:
        numbers = list(session.scalars(select(FollowUp.number).order_by(FollowUp.id)))
    assert numbers == ["B/00041/GRS/2018", "B/00042/GRS/2018"]
    assert row.stage is K.SURAT_2


def test_series_are_per_office_and_per_year(db, admin, make_employer, make_worker):
    """Gresik's and Sidoarjo's letters are numbered apart, and the count restarts in January."""
    cases = []
    for office, regency in (("GRS", "3525"), ("SDA", "3515")):
        employer = make_employer(office_code=office, regency_code=regency)
        make_worker(employer_npp=employer.npp, wage=4_000_000, start_date=date(2018, 1, 2))
        contributions.bill_month(db, admin, employer.npp, Period(2018, 2))
        cases.append(open_case(db, admin, employer.npp))
    follow(db, admin, cases[0].id, K.SURAT_1, done_on=date(2018, 12, 28))
    follow(db, admin, cases[1].id, K.SURAT_1, done_on=date(2018, 12, 28))
    follow(db, admin, cases[0].id, K.SURAT_2, done_on=date(2019, 1, 7))
    with db.read() as session:
        numbers = list(session.scalars(select(FollowUp.number).order_by(FollowUp.id)))
    assert numbers == ["B/00001/GRS/2018", "B/00001/SDA/2018", "B/00001/GRS/2019"]


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


def climb(db, actor, case_id, *kinds, start=date(2018, 5, 2), gap=8):
    """Record *kinds* one after another, *gap* days apart (letters need 7 days between them)."""
    day = start
    row = None
    for kind in kinds:
        row = follow(db, actor, case_id, kind, done_on=day)
        day += timedelta(days=gap)
    return row, day


def test_skk_hands_the_case_to_the_prosecutor(db, admin, case):
    """An SKK after the second letter moves the case to KEJARI at stage SKK."""
    row, _day = climb(db, admin, case.id, K.SURAT_1, K.SURAT_2, K.SKK)
    assert row.status is CaseStatus.KEJARI
    assert row.stage is K.SKK


def test_kpknl_hands_the_case_to_the_state_debt_office(db, admin, case):
    """A hand-over to KPKNL after the SKK moves the case to status KPKNL."""
    row, _day = climb(db, admin, case.id, K.SURAT_1, K.SURAT_2, K.SKK, K.KPKNL)
    assert row.status is CaseStatus.KPKNL
    assert row.stage is K.KPKNL


def test_ladder_stage_only_moves_up(db, admin, case):
    """After an inspection, a visit (allowed at any time) does not move the stage back, nor
    does a call."""
    row, day = climb(db, admin, case.id, K.SURAT_1, K.SURAT_2, K.PEMERIKSAAN)
    assert row.stage is K.PEMERIKSAAN
    row = follow(db, admin, case.id, K.KUNJUNGAN, done_on=day)
    assert row.stage is K.PEMERIKSAAN
    row = follow(db, admin, case.id, K.TELEPON, done_on=day)
    assert row.stage is K.PEMERIKSAAN
    assert count(db, FollowUp) == 5


def test_follow_up_after_skk_keeps_the_case_at_the_prosecutor(db, admin, case):
    """A visit recorded after the SKK keeps status KEJARI and stage SKK."""
    _row, day = climb(db, admin, case.id, K.SURAT_1, K.SURAT_2, K.SKK)
    row = follow(db, admin, case.id, K.KUNJUNGAN, done_on=day)
    assert row.status is CaseStatus.KEJARI
    assert row.stage is K.SKK


def test_skk_after_kpknl_is_refused(db, admin, case):
    """Once handed to KPKNL, no SKK can be recorded again: the case stays at KPKNL."""
    _row, day = climb(db, admin, case.id, K.SURAT_1, K.SURAT_2, K.SKK, K.KPKNL)
    with pytest.raises(ConflictError, match="sudah dicatat"):
        follow(db, admin, case.id, K.SKK, done_on=day)
    with db.read() as session:
        assert session.get(ArrearsCase, case.id).status is CaseStatus.KPKNL


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


# --- the ladder: what is allowed after what ---------------------------------------------------------

D = date(2018, 5, 2)


def days(n: int) -> date:
    return D + timedelta(days=n)


LADDER_TABLE = [
    # (steps already recorded (kind, day offset), the new step, its day offset, expected)
    # expected: None (recorded), or (error type, a fragment of the message)
    ([], K.SURAT_1, 0, None),
    ([], K.SURAT_2, 0, (ConflictError, "sesudah Surat peringatan I")),
    ([(K.SURAT_1, 0)], K.SURAT_2, 6, (ValidationError, "paling cepat tanggal 09/05/2018")),
    ([(K.SURAT_1, 0)], K.SURAT_2, 7, None),
    ([(K.SURAT_1, 0)], K.SURAT_1, 9, (ConflictError, "sudah dicatat pada 02/05/2018")),
    ([(K.SURAT_1, 0), (K.SURAT_2, 8)], K.SURAT_1, 9, (ConflictError, "sudah dicatat")),
    ([], K.KUNJUNGAN, 0, None),
    ([(K.KUNJUNGAN, 0)], K.SURAT_1, 1, None),  # a visit first does not block the first letter
    ([], K.PEMERIKSAAN, 0, (ConflictError, "sesudah Surat peringatan I")),
    ([(K.SURAT_1, 0)], K.PEMERIKSAAN, 1, None),
    ([], K.PANGGILAN_BERSAMA, 0, (ConflictError, "sesudah Surat peringatan II atau Pemeriksaan")),
    ([(K.SURAT_1, 0)], K.PANGGILAN_BERSAMA, 9, (ConflictError, "sesudah")),
    ([(K.SURAT_1, 0), (K.PEMERIKSAAN, 1)], K.PANGGILAN_BERSAMA, 2, None),
    ([(K.SURAT_1, 0), (K.SURAT_2, 8)], K.PANGGILAN_BERSAMA, 9, None),
    ([(K.SURAT_1, 0), (K.SURAT_2, 8), (K.PANGGILAN_BERSAMA, 9)], K.PANGGILAN_BERSAMA, 40, None),
    ([], K.SKK, 0, (ConflictError, "sesudah Surat peringatan II atau Panggilan bersama")),
    ([(K.SURAT_1, 0)], K.SKK, 9, (ConflictError, "sesudah")),
    ([(K.SURAT_1, 0), (K.SURAT_2, 8)], K.SKK, 8, None),  # SKK after the second letter
    ([(K.SURAT_1, 0), (K.PEMERIKSAAN, 1), (K.PANGGILAN_BERSAMA, 2)], K.SKK, 3, None),  # or summons
    ([(K.SURAT_1, 0), (K.SURAT_2, 8)], K.SKK, 7, (ValidationError, "paling cepat")),  # not before
    ([(K.SURAT_1, 0), (K.SURAT_2, 8), (K.SKK, 9)], K.SURAT_2, 10, (ConflictError, "sudah dicatat")),
    ([(K.SURAT_1, 0), (K.SURAT_2, 8), (K.SKK, 9)], K.PEMERIKSAAN, 10, (ConflictError, "sudah sampai tahap SKK")),
    ([(K.SURAT_1, 0), (K.SURAT_2, 8), (K.SKK, 9)], K.PANGGILAN_BERSAMA, 10, (ConflictError, "sudah sampai tahap")),
    ([(K.SURAT_1, 0), (K.SURAT_2, 8), (K.SKK, 9)], K.KUNJUNGAN, 10, None),
    ([(K.SURAT_1, 0), (K.SURAT_2, 8), (K.SKK, 9)], K.TELEPON, 10, None),
    ([], K.KPKNL, 0, (ConflictError, "sesudah SKK ke Kejaksaan")),
    ([(K.SURAT_1, 0), (K.SURAT_2, 8)], K.KPKNL, 9, (ConflictError, "sesudah SKK")),
    ([(K.SURAT_1, 0), (K.SURAT_2, 8), (K.SKK, 9)], K.KPKNL, 10, None),
    ([(K.SURAT_1, 0), (K.SURAT_2, 8), (K.SKK, 9), (K.KPKNL, 10)], K.SURAT_1, 11, (ConflictError, "sudah")),
    ([(K.SURAT_1, 0), (K.SURAT_2, 8), (K.SKK, 9), (K.KPKNL, 10)], K.TELEPON, 11, None),
]  # fmt: skip


@pytest.mark.parametrize(("done", "kind", "offset", "expected"), LADDER_TABLE)
def test_what_the_ladder_allows_after_what(db, admin, case, done, kind, offset, expected):
    """domain.md §6.2, our rules as data (domain.arrears.LADDER_STEPS): no second letter before
    the first (and not within 7 days of it); an inspection after a letter; the summons after the
    second letter or an inspection; the SKK only after the second letter or a summons; KPKNL only
    after the SKK; letters and the SKK once; no step below the stage once escalated; visits and
    calls at any time. A refused step records nothing."""
    for done_kind, done_offset in done:
        follow(db, admin, case.id, done_kind, done_on=days(done_offset))
    before = count(db, FollowUp)
    if expected is None:
        follow(db, admin, case.id, kind, done_on=days(offset))
        assert count(db, FollowUp) == before + 1
    else:
        error, fragment = expected
        with pytest.raises(error, match=fragment) as caught:
            follow(db, admin, case.id, kind, done_on=days(offset))
        assert count(db, FollowUp) == before
        if error is ValidationError:
            assert caught.value.field == "done_on"


@pytest.mark.parametrize(
    ("role", "kind", "allowed"),
    [
        (Role.AR, K.PANGGILAN_BERSAMA, True),
        (Role.AR, K.PEMERIKSAAN, False),  # the inspector's work
        (Role.PEMERIKSA, K.PEMERIKSAAN, True),
        (Role.AR, K.SKK, False),  # signed by the head of office
        (Role.PEMERIKSA, K.SKK, False),
        (Role.KEPALA, K.SKK, True),
    ],
)
def test_who_may_take_which_step(db, admin, make_user, case, role, kind, allowed):
    """The inspection is the inspector's; the SKK (and KPKNL hand-over) the head of office's."""
    follow(db, admin, case.id, K.SURAT_1, done_on=days(0))
    follow(db, admin, case.id, K.SURAT_2, done_on=days(8))
    actor = make_user(role, "GRS")
    if allowed:
        follow(db, actor, case.id, kind, done_on=days(9))
    else:
        with pytest.raises(PermissionDeniedError):
            follow(db, actor, case.id, kind, done_on=days(9))


def test_each_step_sets_its_next_due_date_by_rule(db, admin, case):
    """Without a date from the officer: a letter is followed up 14 days later, the summons 30,
    a call 7; a date given by the officer wins."""
    row = follow(db, admin, case.id, K.SURAT_1, done_on=days(0))
    assert row.next_action_on == days(14)
    row = follow(db, admin, case.id, K.TELEPON, done_on=days(1))
    assert row.next_action_on == days(8)
    row = follow(db, admin, case.id, K.SURAT_2, done_on=days(8), next_due_on=days(20))
    assert row.next_action_on == days(20)
    row = follow(db, admin, case.id, K.PANGGILAN_BERSAMA, done_on=days(9))
    assert row.next_action_on == days(39)


def test_each_follow_up_is_one_audit_event(db, admin, case):
    """Recording a letter is one write with one audit event naming the number issued."""
    from bpjs_desktop.db.models import AuditEvent
    from bpjs_desktop.services import audit

    before = count(db, AuditEvent)
    follow(db, admin, case.id, K.SURAT_1, done_on=days(0))
    assert count(db, AuditEvent) == before + 1
    (event,) = audit.recent(db, limit=1)
    assert event.action == "arrears.follow_up"
    assert event.detail["number"] == "B/00001/GRS/2018"


# --- promises to pay and instalments ------------------------------------------------------------------


def promise(db, actor, case_id, amount, on, done_on=D, kind=K.JANJI_BAYAR, **kwargs):
    return follow(
        db, actor, case_id, kind, done_on=done_on, promised_amount=amount, promised_on=on, **kwargs
    )


def instalments(db, case_id):
    from bpjs_desktop.db.models import Instalment

    with db.read() as session:
        return [
            (i.sequence, i.due_on, i.amount, i.paid, i.settled_on)
            for i in session.scalars(
                select(Instalment)
                .where(Instalment.case_id == case_id)
                .order_by(Instalment.follow_up_id, Instalment.sequence)
            )
        ]


def test_a_promise_is_one_instalment(db, admin, case):
    """A promise to pay Rp791.200 on 31/05/2018 is an instalment of that amount on that day."""
    promise(db, admin, case.id, 2 * MONTHLY_4M, date(2018, 5, 31))
    assert instalments(db, case.id) == [(1, date(2018, 5, 31), 2 * MONTHLY_4M, 0, None)]


def test_an_instalment_agreement_splits_the_amount_monthly(db, admin, case):
    """Rp791.201 in 3 monthly instalments from 31/05: 263.733 twice, then 263.735; due 31/05,
    30/06 (no 31st) and 31/07. The case's next action is the first instalment's date."""
    row = promise(db, admin, case.id, 791_201, date(2018, 5, 31), kind=K.CICILAN, instalments=3)
    assert instalments(db, case.id) == [
        (1, date(2018, 5, 31), 263_733, 0, None),
        (2, date(2018, 6, 30), 263_733, 0, None),
        (3, date(2018, 7, 31), 263_735, 0, None),
    ]
    assert row.next_action_on == date(2018, 5, 31)


@pytest.mark.parametrize(("count_", "field"), [(0, "instalments"), (25, "instalments")])
def test_an_agreement_with_a_bad_number_of_instalments_is_refused(db, admin, case, count_, field):
    """An agreement of 0 or more than 24 instalments is refused naming the field; nothing saved."""
    with pytest.raises(ValidationError) as caught:
        promise(db, admin, case.id, 791_200, date(2018, 5, 31), kind=K.CICILAN, instalments=count_)
    assert caught.value.field == field
    assert count(db, FollowUp) == 0


def test_the_ladder_waits_while_a_promise_is_kept(db, admin, case):
    """While an instalment is not yet due, the second letter is refused (the employer keeps its
    word); a visit and a call are still allowed."""
    follow(db, admin, case.id, K.SURAT_1, done_on=days(0))
    promise(db, admin, case.id, 2 * MONTHLY_4M, date(2018, 5, 31), done_on=days(1))
    with pytest.raises(ConflictError, match="sedang memenuhi janji bayar sampai 31/05/2018"):
        follow(db, admin, case.id, K.SURAT_2, done_on=date(2018, 5, 20))
    follow(db, admin, case.id, K.KUNJUNGAN, done_on=date(2018, 5, 20))
    follow(db, admin, case.id, K.TELEPON, done_on=date(2018, 5, 31))


def test_a_broken_promise_puts_the_case_back_on_the_ladder(db, admin, case):
    """The instalment due 31/05/2018 unpaid on 01/06: the promise is broken, the next action is
    the second letter, due since the broken date, and the second letter may be sent."""
    follow(db, admin, case.id, K.SURAT_1, done_on=days(0))
    row = promise(db, admin, case.id, 2 * MONTHLY_4M, date(2018, 5, 31), done_on=days(1))
    assert row.next_action_on == date(2018, 5, 31)
    detail = arrears.case_detail(db, case.id, on=date(2018, 5, 30))
    assert detail.promise.running
    assert detail.next_action.watching_promise
    detail = arrears.case_detail(db, case.id, on=date(2018, 6, 1))
    assert detail.promise.broken_since == date(2018, 5, 31)
    assert detail.next_action.broken_promise
    assert detail.next_action.kind == "SURAT_2"
    assert detail.next_action.label == "Janji bayar diingkari: Surat peringatan II"
    assert detail.case.next_action_on == date(2018, 5, 31)  # due: on the worklist as overdue
    row = follow(db, admin, case.id, K.SURAT_2, done_on=date(2018, 6, 1))
    assert row.stage is K.SURAT_2


def test_payments_settle_instalments_in_order_and_move_the_next_action(db, admin, debtor, case):
    """Two instalments of Rp395.600 (31/05, 30/06): the first payment settles the first on its
    date and moves the next action to 30/06; the second settles the case."""
    promise(db, admin, case.id, 2 * MONTHLY_4M, date(2018, 5, 31), kind=K.CICILAN, instalments=2)
    contributions.record_payment(db, admin, debtor.npp, MONTHLY_4M, date(2018, 5, 28))
    assert instalments(db, case.id) == [
        (1, date(2018, 5, 31), MONTHLY_4M, MONTHLY_4M, date(2018, 5, 28)),
        (2, date(2018, 6, 30), MONTHLY_4M, 0, None),
    ]
    with db.read() as session:
        assert session.get(ArrearsCase, case.id).next_action_on == date(2018, 6, 30)
    contributions.record_payment(db, admin, debtor.npp, MONTHLY_4M, date(2018, 6, 29))
    assert instalments(db, case.id)[1] == (
        2,
        date(2018, 6, 30),
        MONTHLY_4M,
        MONTHLY_4M,
        date(2018, 6, 29),
    )
    with db.read() as session:
        settled = session.get(ArrearsCase, case.id)
        assert (settled.status, settled.next_action_on) == (CaseStatus.LUNAS, None)


def test_a_part_payment_leaves_the_instalment_open(db, admin, debtor, case):
    """Rp200.000 against an instalment of Rp395.600 is credited, but the instalment stays due:
    after its date the promise counts as broken."""
    promise(db, admin, case.id, MONTHLY_4M, date(2018, 5, 31))
    contributions.record_payment(db, admin, debtor.npp, 200_000, date(2018, 5, 28))
    assert instalments(db, case.id) == [(1, date(2018, 5, 31), MONTHLY_4M, 200_000, None)]
    assert arrears.case_detail(db, case.id, on=date(2018, 6, 1)).promise.broken


def test_a_kept_promise_with_arrears_left_resumes_the_ladder(db, admin, debtor, case):
    """A promise of one month's worth, paid: the case still owes March, so its next action is due
    on the day of the payment (back on the ladder), not left on the old date."""
    follow(db, admin, case.id, K.SURAT_1, done_on=days(0))
    promise(db, admin, case.id, MONTHLY_4M, date(2018, 6, 15), done_on=days(1))
    contributions.record_payment(db, admin, debtor.npp, MONTHLY_4M, date(2018, 5, 20))
    detail = arrears.case_detail(db, case.id, on=date(2018, 5, 21))
    assert detail.promise.kept
    assert detail.case.next_action_on == date(2018, 5, 20)
    assert detail.next_action.kind == "SURAT_2"
    follow(db, admin, case.id, K.SURAT_2, done_on=date(2018, 5, 21))


def test_a_new_promise_replaces_the_broken_one(db, admin, debtor, case):
    """After a broken promise, a new agreement is the one payments go to; the old instalment is
    shown as replaced."""
    promise(db, admin, case.id, MONTHLY_4M, date(2018, 5, 10))
    promise(db, admin, case.id, 2 * MONTHLY_4M, date(2018, 6, 15), done_on=date(2018, 5, 14))
    contributions.record_payment(db, admin, debtor.npp, MONTHLY_4M, date(2018, 5, 20))
    rows = instalments(db, case.id)
    assert rows[0][3] == 0  # the old instalment got nothing
    assert rows[1][3] == MONTHLY_4M
    detail = arrears.case_detail(db, case.id, on=date(2018, 5, 21))
    assert [i.active for i in detail.instalments] == [False, True]
    assert detail.instalments[0].state(date(2018, 5, 21)) == "Diganti janji baru"
    assert detail.promise.running


# --- a case, read -----------------------------------------------------------------------------------


def test_case_detail_shows_what_is_owed_by_month_and_programme(db, admin, debtor, case):
    """On 20/05/2018 February (3 months late) and March (2) and April (1) are owed, with the fine
    per month and programme; the oldest month is 3 months overdue: bucket "Lancar"."""
    detail = arrears.case_detail(db, case.id, on=date(2018, 5, 20))
    assert [str(m.period) for m in detail.owed.months] == ["2018-02", "2018-03", "2018-04"]
    assert [m.months_late for m in detail.owed.months] == [3, 2, 1]
    feb = detail.owed.months[0]
    assert feb.principal == (35_600, 12_000, 228_000, 120_000)  # JKK, JKM, JHT, JP
    assert feb.fine == (2_136, 720, 13_680, 7_200)  # 6 % of each
    assert detail.owed.total == 3 * MONTHLY_4M + (3 + 2 + 1) * 7_912  # 2 % × months late
    assert detail.case_outstanding == 2 * MONTHLY_4M  # February and March: the case's months
    assert detail.months_overdue == 3
    assert detail.bucket == "Lancar"
    assert detail.next_action.kind == "SURAT_1"


def test_calculator_gives_what_is_due_if_paid_on_a_date(db, admin, debtor, case):
    """Paid on 15/05/2018, April is due that day without fine; paid on 16/05 it is a month late,
    while March (due Monday 16/04, 15 April being a Sunday) is still only one month late."""
    on_time = arrears.calculate(db, case.id, date(2018, 5, 15))
    assert [m.fine_total for m in on_time.months] == [15_824, 7_912, 0]
    late = arrears.calculate(db, case.id, date(2018, 5, 16))
    assert [m.fine_total for m in late.months] == [23_736, 7_912, 7_912]
    assert late.total == 3 * MONTHLY_4M + 23_736 + 7_912 + 7_912
    early = arrears.calculate(db, case.id, date(2018, 5, 14))
    assert [str(m.period) for m in early.not_yet_due] == ["2018-04"]
    assert early.later_total == MONTHLY_4M


def test_case_timeline_lists_actions_payments_and_instalments_by_date(
    db, admin, make_user, debtor, case
):
    """The timeline: the letter with its number and officer, the promise, the payment and the
    instalment it settled, in date order."""
    ar = make_user(Role.AR, "GRS", "ar.grs")
    follow(db, ar, case.id, K.SURAT_1, done_on=days(0))
    promise(db, ar, case.id, MONTHLY_4M, date(2018, 5, 31), done_on=days(1))
    contributions.record_payment(db, admin, debtor.npp, MONTHLY_4M, date(2018, 5, 28), "TRF-1")
    detail = arrears.case_detail(db, case.id, on=date(2018, 6, 1))
    lines = [(e.day, e.source, e.title) for e in detail.timeline]
    assert lines == [
        (days(0), "follow_up", "Surat peringatan I"),
        (days(1), "follow_up", "Janji bayar"),
        (date(2018, 5, 28), "payment", "Pembayaran Rp395.600"),
        (date(2018, 5, 31), "instalment", "Cicilan ke-1 jatuh tempo: Rp395.600"),
    ]
    letter = detail.timeline[0]
    assert (letter.number, letter.officer, letter.printable) == ("B/00001/GRS/2018", "AR.GRS", True)
    assert "BLTH 02/2018" in detail.timeline[2].detail
    assert detail.timeline[3].detail == "dibayar lunas 28/05/2018"


def test_case_detail_lists_the_next_allowed_steps(db, admin, make_user, case):
    """For an account representative after the first letter: the second letter is allowed, the
    SKK is not (no second letter yet, and it is the head's), the first letter not again."""
    follow(db, admin, case.id, K.SURAT_1, done_on=days(0))
    ar = make_user(Role.AR, "GRS")
    actions = {a.kind: a for a in arrears.case_detail(db, case.id, actor=ar).actions}
    assert actions[K.SURAT_2].allowed
    assert actions[K.TELEPON].allowed and actions[K.JANJI_BAYAR].allowed
    assert not actions[K.SURAT_1].allowed
    assert not actions[K.SKK].allowed
    assert actions[K.SKK].reason == "Peran Anda tidak berwenang"
    head = make_user(Role.KEPALA, "GRS")
    actions = {a.kind: a for a in arrears.case_detail(db, case.id, actor=head).actions}
    assert "sesudah Surat peringatan II" in actions[K.SKK].reason


def test_settled_case_has_no_actions(db, admin, debtor, case):
    """A paid-up case offers no further action."""
    contributions.record_payment(db, admin, debtor.npp, 2 * MONTHLY_4M, date(2018, 5, 2))
    assert arrears.case_detail(db, case.id).actions == ()


def test_head_of_office_reassigns_a_case(db, admin, make_user, case):
    """The head gives the case to the inspector; an AR may not reassign."""
    head = make_user(Role.KEPALA, "GRS")
    inspector = make_user(Role.PEMERIKSA, "GRS", "wasrik.grs")
    arrears.assign_case(db, head, case.id, "wasrik.grs")
    with db.read() as session:
        assert session.get(ArrearsCase, case.id).officer_id == inspector.user_id
    with pytest.raises(PermissionDeniedError):
        arrears.assign_case(db, make_user(Role.AR, "GRS"), case.id, "wasrik.grs")
    with pytest.raises(ValidationError):
        arrears.assign_case(db, head, case.id, make_user(Role.PELAYANAN, "GRS").username)


# --- ageing buckets in the settings ---------------------------------------------------------------


def test_buckets_default_to_domain_md_and_are_stored_checked(db, make_user):
    """Without a setting, the §6.1 defaults; the head stores Temanggung's two buckets; a gap is
    refused and the stored ones stay."""
    from bpjs_desktop.domain.arrears import DEFAULT_BUCKETS, AgeingBucket

    assert arrears.ageing_buckets(db) == DEFAULT_BUCKETS
    head = make_user(Role.KEPALA, "GRS")
    temanggung = (AgeingBucket("Lancar", 1, 6), AgeingBucket("Macet", 7, None))
    assert arrears.set_ageing_buckets(db, head, temanggung) == temanggung
    assert arrears.ageing_buckets(db) == temanggung
    with pytest.raises(ValidationError):
        arrears.set_ageing_buckets(db, head, (AgeingBucket("A", 1, 3), AgeingBucket("B", 5, None)))
    assert arrears.ageing_buckets(db) == temanggung
    with pytest.raises(PermissionDeniedError):
        arrears.set_ageing_buckets(db, make_user(Role.AR, "GRS"), temanggung)
