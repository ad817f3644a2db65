"""Claims service: numbering, eligibility at intake, the state machine and its history."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from bpjs_desktop.db.models import Claim, ClaimEvent, EndReason, Role
from bpjs_desktop.domain.claims import ClaimState, ClaimType
from bpjs_desktop.domain.programmes import Segment, SizeClass
from bpjs_desktop.errors import (
    ConflictError,
    NotFoundError,
    PermissionDeniedError,
    ValidationError,
)
from bpjs_desktop.services import claims, worker_registry
from bpjs_desktop.services.claims import ClaimInput
from tests.helpers import claim_of, count

S = ClaimState


@pytest.fixture
def make_leaver(db, admin, make_employer, make_worker):
    """Wage earners of a medium Gresik employer (JKK, JKM, JHT, JP) from 2 January 2018 who
    resigned on 28 February 2018: their JHT may be claimed from 28 March 2018 (the one-month wait)."""
    employer = make_employer(size_class=SizeClass.MENENGAH, office_code="GRS")

    def make():
        worker = make_worker(employer_npp=employer.npp, start_date=date(2018, 1, 2))
        worker_registry.end_membership(
            db, admin, worker.kpj, date(2018, 2, 28), EndReason.MENGUNDURKAN_DIRI
        )
        return worker

    return make


@pytest.fixture
def member(make_leaver):
    """One such leaver."""
    return make_leaver()


def receive_all(db, actor, claim_no, on=date(2018, 4, 11)):
    """Tick every document still missing on the claim's checklist."""
    for document in claims.claim_view(db, claim_no).missing:
        claims.receive_document(db, actor, claim_no, document.code, received_on=on)


def decide(db, actor, claim_no, on, **kwargs):
    """Receive the missing documents, then decide (by default at the rule's amount)."""
    receive_all(db, actor, claim_no, on)
    return claims.move_claim(db, actor, claim_no, S.DITETAPKAN, on_date=on, **kwargs)


def verified(db, staff, kpj):
    """A JHT claim logged by p1 (10/04/2018), checked by p1 on 11/04 with every document in."""
    claim = log(db, staff["p1"], kpj)
    claims.move_claim(db, staff["p1"], claim.claim_no, S.VERIFIKASI, on_date=date(2018, 4, 11))
    receive_all(db, staff["p1"], claim.claim_no)
    return claim


@pytest.fixture
def staff(staff, make_user):
    """Two front-office staff (tests/services/conftest.py) and a head of office of KC Gresik."""
    return staff | {"kepala": make_user(Role.KEPALA, "GRS", "kepala.grs")}


def log(db, actor, kpj, submitted=date(2018, 4, 10), kind=ClaimType.JHT_PENUH, event=None):
    return claims.log_claim(
        db,
        actor,
        ClaimInput(
            kpj=kpj,
            claim_type=kind,
            event_date=event or date(2018, 3, 31),
            submitted_on=submitted,
            reason="Mengundurkan diri",
        ),
    )


# --- logging and numbering ------------------------------------------------------------------------


def test_logged_claim_is_diajukan_with_the_office_month_number(db, admin, member):
    """A claim logged on 10/04/2018 for a Gresik member is GRS-201804-00001, state DIAJUKAN."""
    row = log(db, admin, member.kpj)
    assert row.claim_no == "GRS-201804-00001"
    assert row.state is S.DIAJUKAN
    assert row.kpj == member.kpj
    assert row.member_name == member.name
    assert row.office_code == "GRS"
    assert row.submitted_on == date(2018, 4, 10)
    assert row.amount is None and row.paid_on is None


def test_claim_numbers_count_up_within_a_month_and_restart_the_next(db, admin, make_leaver):
    """Claims of April are numbered 1, 2, 3; the first of May starts again at 1."""
    numbers = [
        log(db, admin, make_leaver().kpj, submitted=date(2018, 4, 10)).claim_no,
        log(db, admin, make_leaver().kpj, submitted=date(2018, 4, 20)).claim_no,
        log(db, admin, make_leaver().kpj, submitted=date(2018, 4, 30)).claim_no,
        log(db, admin, make_leaver().kpj, submitted=date(2018, 5, 2)).claim_no,
        log(db, admin, make_leaver().kpj, submitted=date(2018, 5, 3)).claim_no,
    ]
    assert numbers == [
        "GRS-201804-00001",
        "GRS-201804-00002",
        "GRS-201804-00003",
        "GRS-201805-00001",
        "GRS-201805-00002",
    ]


def test_claim_numbers_are_counted_per_office(db, make_user, make_leaver):
    """A claim taken in at KC Sidoarjo is numbered in Sidoarjo's own sequence."""
    gresik = make_user(Role.PELAYANAN, "GRS")
    sidoarjo = make_user(Role.PELAYANAN, "SDA")
    assert log(db, gresik, make_leaver().kpj).claim_no == "GRS-201804-00001"
    sda = log(db, sidoarjo, make_leaver().kpj)
    assert sda.claim_no == "SDA-201804-00001"
    assert sda.office_code == "SDA"
    assert log(db, gresik, make_leaver().kpj).claim_no == "GRS-201804-00002"


def test_claim_for_a_programme_the_member_does_not_hold_is_refused(
    db, admin, make_employer, make_worker
):
    """A micro employer's worker (JKK+JKM) cannot claim JHT; no claim, no number used."""
    employer = make_employer(size_class=SizeClass.MIKRO)
    worker = make_worker(employer_npp=employer.npp, start_date=date(2018, 1, 2))
    with pytest.raises(ValidationError) as exc:
        log(db, admin, worker.kpj, kind=ClaimType.JHT_PENUH)
    assert exc.value.field == "claim_type"
    assert count(db, Claim) == 0
    # the JKK claim of the same member is accepted and still gets number 1
    assert log(db, admin, worker.kpj, kind=ClaimType.JKK).claim_no.endswith("-00001")


def test_informal_member_without_jht_cannot_claim_it(db, admin, make_worker):
    """A BPU member with JKK+JKM only cannot log a JHT claim."""
    worker = make_worker(
        segment=Segment.BPU, office_code="GRS", declared_income=1_000_000, wage=None
    )
    with pytest.raises(ValidationError) as exc:
        log(db, admin, worker.kpj, kind=ClaimType.JHT_10)
    assert exc.value.field == "claim_type"


def test_event_before_membership_began_is_refused(db, admin, member):
    """An accident dated before the membership started is refused on event_date."""
    with pytest.raises(ValidationError) as exc:
        log(db, admin, member.kpj, kind=ClaimType.JKK, event=date(2017, 12, 30))
    assert exc.value.field == "event_date"
    assert count(db, Claim) == 0


def test_event_after_submission_is_refused(db, admin, member):
    """The event cannot come after the day the claim is submitted."""
    with pytest.raises(ValidationError) as exc:
        log(db, admin, member.kpj, submitted=date(2018, 4, 10), event=date(2018, 4, 11))
    assert exc.value.field == "event_date"


def test_submission_in_the_future_is_refused(db, admin, member):
    """A submission date after today is refused on submitted_on."""
    with pytest.raises(ValidationError) as exc:
        log(db, admin, member.kpj, submitted=date(2027, 1, 4))
    assert "submitted_on" in {e.field for e in exc.value.errors}


def test_claim_for_an_unknown_kpj_is_not_found(db, admin):
    """Logging for a KPJ nobody holds reports it is not found."""
    with pytest.raises(NotFoundError):
        log(db, admin, "18000000099")


def test_bad_bank_account_is_refused(db, admin, member):
    """A bank account with letters is refused on bank_account."""
    data = claim_of(member.kpj, ClaimType.JHT_PENUH, "2018-03-31", "2018-04-10")
    with pytest.raises(ValidationError) as exc:
        claims.log_claim(db, admin, replace(data, bank_account="12AB5678"))
    assert exc.value.field == "bank_account"


def test_inspector_cannot_log_claims(db, make_user, member):
    """A PEMERIKSA (wasrik) is refused claim intake; nothing is saved."""
    inspector = make_user(Role.PEMERIKSA, "GRS")
    with pytest.raises(PermissionDeniedError):
        log(db, inspector, member.kpj)
    assert count(db, Claim) == 0


def test_account_representative_cannot_move_claims(db, make_user, admin, member):
    """An AR may not move a claim through its states."""
    claim = log(db, admin, member.kpj)
    ar = make_user(Role.AR, "GRS")
    with pytest.raises(PermissionDeniedError):
        claims.move_claim(db, ar, claim.claim_no, S.VERIFIKASI, on_date=date(2018, 4, 11))


# --- moving through states -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "target",
    [S.DITETAPKAN, S.DIBAYAR, S.DRAFT, S.DIAJUKAN],
)
def test_claim_cannot_skip_states(db, staff, member, target):
    """From DIAJUKAN only VERIFIKASI, DIKEMBALIKAN or DITOLAK are allowed; others conflict."""
    claim = log(db, staff["p1"], member.kpj)
    with pytest.raises(ConflictError):
        claims.move_claim(
            db, staff["kepala"], claim.claim_no, target, on_date=date(2018, 4, 12), amount=None
        )
    row, history = claims.get_claim(db, claim.claim_no)
    assert row.state is S.DIAJUKAN
    assert len(history) == 1


def test_paid_and_rejected_claims_are_final(db, staff, member, make_leaver):
    """Nothing moves a claim once DIBAYAR or DITOLAK."""
    paid = log(db, staff["p1"], member.kpj)
    claims.move_claim(db, staff["p1"], paid.claim_no, S.VERIFIKASI, on_date=date(2018, 4, 11))
    decide(db, staff["kepala"], paid.claim_no, date(2018, 4, 12))
    claims.move_claim(db, staff["p1"], paid.claim_no, S.DIBAYAR, on_date=date(2018, 4, 13))
    rejected = log(db, staff["p1"], make_leaver().kpj)
    claims.move_claim(
        db, staff["p1"], rejected.claim_no, S.DITOLAK, on_date=date(2018, 4, 11), note="Dobel"
    )
    for claim_no in (paid.claim_no, rejected.claim_no):
        for target in (S.VERIFIKASI, S.DIAJUKAN, S.DIKEMBALIKAN):
            with pytest.raises(ConflictError):
                claims.move_claim(
                    db, staff["p1"], claim_no, target, on_date=date(2018, 4, 20), note="x"
                )


def test_decision_takes_the_rule_amount_and_never_rp0(db, staff, member):
    """Behaviour changed with the claims desk: DITETAPKAN without an amount fixes the amount the
    rule gives (with its basis); an amount of Rp0 is still refused on the amount field."""
    claim, on = verified(db, staff, member.kpj), date(2018, 4, 12)
    typo = {"amount": 0, "amount_reason": "salah ketik"}
    with pytest.raises(ValidationError) as exc:
        claims.move_claim(db, staff["kepala"], claim.claim_no, S.DITETAPKAN, on_date=on, **typo)
    assert exc.value.field == "amount"
    assert claims.get_claim(db, claim.claim_no)[0].state is S.VERIFIKASI
    rule = claims.claim_amount(db, claim.claim_no, on)
    decided = claims.move_claim(db, staff["kepala"], claim.claim_no, S.DITETAPKAN, on_date=on)
    assert decided.amount == rule.total > 0


def test_whoever_logged_a_claim_cannot_decide_it(db, staff, member):
    """Four eyes: the officer who logged the claim is refused DITETAPKAN; a colleague may."""
    claim, on = verified(db, staff, member.kpj), date(2018, 4, 12)
    with pytest.raises(PermissionDeniedError):
        claims.move_claim(db, staff["p1"], claim.claim_no, S.DITETAPKAN, on_date=on)
    assert claims.get_claim(db, claim.claim_no)[0].state is S.VERIFIKASI
    fixed = {"amount": 7_500_000, "amount_reason": "Koreksi saldo dari kantor pusat"}
    decided = claims.move_claim(db, staff["p2"], claim.claim_no, S.DITETAPKAN, on_date=on, **fixed)
    assert decided.state is S.DITETAPKAN
    assert decided.amount == 7_500_000
    assert decided.decided_on == date(2018, 4, 12)


def test_amount_is_only_given_when_deciding(db, staff, member):
    """An amount entered on another step is refused, so it cannot slip into the record."""
    claim = log(db, staff["p1"], member.kpj)
    with pytest.raises(ConflictError):
        claims.move_claim(
            db, staff["p1"], claim.claim_no, S.VERIFIKASI, on_date=date(2018, 4, 11), amount=100
        )


@pytest.mark.parametrize("target", [S.DITOLAK, S.DIKEMBALIKAN])
def test_rejecting_or_returning_needs_a_reason(db, staff, member, target):
    """DITOLAK and DIKEMBALIKAN without a note are refused on the note field."""
    claim = log(db, staff["p1"], member.kpj)
    with pytest.raises(ValidationError) as exc:
        claims.move_claim(
            db, staff["p2"], claim.claim_no, target, on_date=date(2018, 4, 11), note="   "
        )
    assert exc.value.field == "note"
    moved = claims.move_claim(
        db, staff["p2"], claim.claim_no, target, on_date=date(2018, 4, 11), note="Paklaring kurang"
    )
    assert moved.state is target


def test_rejection_keeps_its_reason(db, staff, member):
    """A rejected claim shows why it was rejected and when it was decided."""
    claim = log(db, staff["p1"], member.kpj)
    why = {"on_date": date(2018, 4, 11), "note": "Masa tunggu belum terpenuhi"}
    row = claims.move_claim(db, staff["kepala"], claim.claim_no, S.DITOLAK, **why)
    assert row.rejection_reason == "Masa tunggu belum terpenuhi"
    assert row.decided_on == date(2018, 4, 11)


def test_returned_claim_can_be_resubmitted(db, staff, member):
    """DIKEMBALIKAN → DIAJUKAN → VERIFIKASI is allowed after missing documents come in."""
    claim = log(db, staff["p1"], member.kpj)
    claims.move_claim(
        db, staff["p1"], claim.claim_no, S.DIKEMBALIKAN, on_date=date(2018, 4, 11), note="KK"
    )
    claims.move_claim(db, staff["p1"], claim.claim_no, S.DIAJUKAN, on_date=date(2018, 4, 16))
    row = claims.move_claim(
        db, staff["p1"], claim.claim_no, S.VERIFIKASI, on_date=date(2018, 4, 17)
    )
    assert row.state is S.VERIFIKASI


def test_payment_sets_paid_on(db, staff, member):
    """DIBAYAR records the payment date on the claim."""
    claim = log(db, staff["p1"], member.kpj)
    claims.move_claim(db, staff["p1"], claim.claim_no, S.VERIFIKASI, on_date=date(2018, 4, 11))
    decided = decide(db, staff["kepala"], claim.claim_no, date(2018, 4, 12))
    paid = claims.move_claim(db, staff["p1"], claim.claim_no, S.DIBAYAR, on_date=date(2018, 4, 16))
    assert paid.state is S.DIBAYAR
    assert paid.paid_on == date(2018, 4, 16)
    assert paid.amount == decided.amount


def test_payment_before_the_decision_date_is_refused(db, staff, member):
    """A claim cannot be paid on a day before it was decided."""
    claim = log(db, staff["p1"], member.kpj)
    claims.move_claim(db, staff["p1"], claim.claim_no, S.VERIFIKASI, on_date=date(2018, 4, 11))
    decide(db, staff["kepala"], claim.claim_no, date(2018, 4, 16))
    with pytest.raises(ValidationError) as exc:
        claims.move_claim(db, staff["p1"], claim.claim_no, S.DIBAYAR, on_date=date(2018, 4, 13))
    assert exc.value.field == "on_date"


def test_step_dated_before_submission_is_refused(db, staff, member):
    """A state change dated before the claim was submitted is refused on on_date."""
    claim = log(db, staff["p1"], member.kpj, submitted=date(2018, 4, 10))
    with pytest.raises(ValidationError) as exc:
        claims.move_claim(db, staff["p1"], claim.claim_no, S.VERIFIKASI, on_date=date(2018, 4, 9))
    assert exc.value.field == "on_date"


def test_moving_an_unknown_claim_is_not_found(db, staff):
    """A claim number that does not exist is reported as not found."""
    with pytest.raises(NotFoundError):
        claims.move_claim(db, staff["p1"], "GRS-201804-09999", S.VERIFIKASI)


def test_history_lists_each_step_in_order_with_who_did_it(db, staff, member):
    """get_claim returns every state change oldest first, with date, user and note."""
    claim = log(db, staff["p1"], member.kpj, submitted=date(2018, 4, 10))
    claims.move_claim(
        db, staff["p2"], claim.claim_no, S.DIKEMBALIKAN, on_date=date(2018, 4, 11), note="KK"
    )
    claims.move_claim(db, staff["p1"], claim.claim_no, S.DIAJUKAN, on_date=date(2018, 4, 13))
    claims.move_claim(db, staff["p2"], claim.claim_no, S.VERIFIKASI, on_date=date(2018, 4, 16))
    decide(db, staff["kepala"], claim.claim_no, date(2018, 4, 17))
    claims.move_claim(db, staff["p2"], claim.claim_no, S.DIBAYAR, on_date=date(2018, 4, 18))
    row, history = claims.get_claim(db, claim.claim_no)
    assert row.state is S.DIBAYAR
    steps = [(h.from_state, h.to_state, h.on_date, h.username) for h in history]
    assert steps == [
        (None, S.DIAJUKAN, date(2018, 4, 10), "pelayanan.satu"),
        (S.DIAJUKAN, S.DIKEMBALIKAN, date(2018, 4, 11), "pelayanan.dua"),
        (S.DIKEMBALIKAN, S.DIAJUKAN, date(2018, 4, 13), "pelayanan.satu"),
        (S.DIAJUKAN, S.VERIFIKASI, date(2018, 4, 16), "pelayanan.dua"),
        (S.VERIFIKASI, S.DITETAPKAN, date(2018, 4, 17), "kepala.grs"),
        (S.DITETAPKAN, S.DIBAYAR, date(2018, 4, 18), "pelayanan.dua"),
    ]
    assert history[1].note == "KK"


def test_refused_move_leaves_no_history(db, staff, member):
    """A refused transition adds no claim event."""
    claim = log(db, staff["p1"], member.kpj)
    with pytest.raises(ConflictError):
        claims.move_claim(db, staff["p1"], claim.claim_no, S.DIBAYAR, on_date=date(2018, 4, 11))
    assert count(db, ClaimEvent) == 1
