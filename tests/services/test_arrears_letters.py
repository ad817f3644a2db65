"""The arrears paper: warning letters I and II, and the SKK hand-over list (data and HTML)."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from bpjs_desktop.db.models import AuditEvent, FollowUp, FollowUpKind, Role
from bpjs_desktop.domain.periods import Period
from bpjs_desktop.errors import PermissionDeniedError, ValidationError
from bpjs_desktop.services import arrears, audit, contributions
from bpjs_desktop.services.arrears import FollowUpInput
from bpjs_desktop.services.arrears_letters import (
    skk_handover,
    skk_handover_document,
    warning_letter,
    warning_letter_document,
)

K = FollowUpKind
MONTHLY_4M = 395_600


@pytest.fixture
def case(db, admin, make_employer, make_worker, make_user):
    """A Gresik employer owing February–April 2018 (one Rp4 m worker), on the list since 20/04,
    with a head of office and an account representative."""
    make_user(Role.KEPALA, "GRS", "kepala.grs")
    make_user(Role.AR, "GRS", "ar.grs")
    employer = make_employer(name="PT PENUNGGAK", address="Jl. Veteran 12, Gresik")
    make_worker(employer_npp=employer.npp, wage=4_000_000, start_date=date(2018, 1, 2))
    for month in (2, 3, 4):
        contributions.bill_month(db, admin, employer.npp, Period(2018, month))
    return arrears.open_case(db, admin, employer.npp, target_year=2018, opened_on=date(2018, 4, 20))


def follow_up_id(db, kind: FollowUpKind) -> int:
    with db.read() as session:
        return session.scalar(select(FollowUp.id).where(FollowUp.kind == kind))


def actor(db, username):
    from bpjs_desktop.services import auth

    return auth.authenticate(db, username, "rahasia-123")


def test_first_letter_lists_the_months_owed_on_its_date(db, case):
    """Letter I of 02/05/2018: February (2 months late) and March (1) by programme, with the fine;
    April is not yet due. Deadline: the next check date; signed by the head of office."""
    arrears.record_follow_up(
        db, actor(db, "ar.grs"), case.id, FollowUpInput(K.SURAT_1, date(2018, 5, 2))
    )
    letter = warning_letter(db, follow_up_id(db, K.SURAT_1))
    assert (letter.level, letter.number, letter.day) == (1, "B/00001/GRS/2018", date(2018, 5, 2))
    assert [line.blth for line in letter.lines] == ["02/2018", "03/2018"]
    assert (letter.lines[0].jkk, letter.lines[0].jkm, letter.lines[0].jht, letter.lines[0].jp) == (
        35_600, 12_000, 228_000, 120_000,
    )  # fmt: skip
    assert [line.fine for line in letter.lines] == [15_824, 7_912]
    assert letter.total == 2 * MONTHLY_4M + 15_824 + 7_912
    assert letter.deadline == date(2018, 5, 16)
    assert (letter.head_name, letter.officer_name) == ("KEPALA.GRS", "AR.GRS")
    assert letter.employer_address == "Jl. Veteran 12, Gresik"


def test_first_letter_html_is_indonesian_and_names_what_is_owed(db, case):
    arrears.record_follow_up(
        db, actor(db, "ar.grs"), case.id, FollowUpInput(K.SURAT_1, date(2018, 5, 2))
    )
    html = warning_letter_document(db, follow_up_id(db, K.SURAT_1))
    for fragment in (
        "SURAT PERINGATAN I<",
        "B/00001/GRS/2018",
        "PT PENUNGGAK",
        "NPP " + case.npp,
        "02/2018",
        "Rp814.936",  # 791.200 + 15.824 + 7.912
        "16 Mei 2018",
        "Peraturan Pemerintah Nomor 86 Tahun 2013",
        "KEPALA.GRS",
    ):
        assert fragment in html, fragment


def test_a_reprinted_letter_says_what_the_original_said(db, admin, case):
    """After February is paid on 10/05, the letter of 02/05 still lists February."""
    arrears.record_follow_up(db, admin, case.id, FollowUpInput(K.SURAT_1, date(2018, 5, 2)))
    before = warning_letter(db, follow_up_id(db, K.SURAT_1))
    contributions.record_payment(db, admin, case.npp, MONTHLY_4M, date(2018, 5, 10))
    assert warning_letter(db, follow_up_id(db, K.SURAT_1)) == before


def test_second_letter_cites_the_first_and_warns_of_the_prosecutor(db, admin, case):
    """Letter II of 10/05/2018 cites letter I by number and date, and names the next steps."""
    arrears.record_follow_up(db, admin, case.id, FollowUpInput(K.SURAT_1, date(2018, 5, 2)))
    arrears.record_follow_up(db, admin, case.id, FollowUpInput(K.SURAT_2, date(2018, 5, 10)))
    letter = warning_letter(db, follow_up_id(db, K.SURAT_2))
    assert letter.level == 2
    assert letter.first_letter == ("B/00001/GRS/2018", date(2018, 5, 2))
    html = warning_letter_document(db, follow_up_id(db, K.SURAT_2))
    assert "SURAT PERINGATAN II" in html
    assert "Nomor B/00001/GRS/2018 tanggal 2 Mei 2018" in html
    assert "Kejaksaan Negeri" in html


def test_only_warnings_are_printed_as_letters(db, admin, case):
    arrears.record_follow_up(db, admin, case.id, FollowUpInput(K.TELEPON, date(2018, 5, 2)))
    with pytest.raises(ValidationError):
        warning_letter(db, follow_up_id(db, K.TELEPON))


def test_skk_hand_over_list_is_numbered_and_lists_the_cases_at_the_prosecutor(db, admin, case):
    """The head prints the list of 31/05/2018: the employer with its SKK number, its unpaid months
    (February to April) with fines; the list has its own number and one audit event."""
    head = actor(db, "kepala.grs")
    for kind, day in (
        (K.SURAT_1, date(2018, 5, 2)),
        (K.SURAT_2, date(2018, 5, 10)),
        (K.SKK, date(2018, 5, 21)),
    ):
        arrears.record_follow_up(db, head, case.id, FollowUpInput(kind, day))
    before = db_count(db)
    handover = skk_handover(db, head, "GRS", on=date(2018, 5, 31))
    assert db_count(db) == before + 1
    assert handover.number == "B/00003/GRS/2018"  # after the two letters
    (line,) = handover.lines
    assert (line.npp, line.skk_number, line.skk_date) == (
        case.npp,
        "SKK/00001/GRS/2018",
        date(2018, 5, 21),
    )
    assert line.periods == "02/2018 s.d. 04/2018"
    assert line.principal == 3 * MONTHLY_4M
    assert line.fine == (3 + 2 + 1) * 7_912
    assert handover.prosecutor == "Kejaksaan Negeri Gresik"
    (event,) = audit.recent(db, limit=1)
    assert event.action == "arrears.skk_list" and event.detail["number"] == handover.number
    html = skk_handover_document(handover)
    assert "DAFTAR PENYERAHAN SURAT KUASA KHUSUS (SKK)" in html
    assert "SKK/00001/GRS/2018" in html and "B/00003/GRS/2018" in html


def test_the_same_list_printed_again_keeps_its_number_and_a_changed_one_gets_a_new_one(
    db, admin, case, make_employer, make_worker
):
    """A second copy of the 31/05 list is the same letter (same number, recorded as a reprint);
    once another employer's SKK joins it, or on another day, the list is a new letter."""
    head = actor(db, "kepala.grs")
    for kind, day in ((K.SURAT_1, date(2018, 5, 2)), (K.SURAT_2, date(2018, 5, 10)),
                      (K.SKK, date(2018, 5, 21))):  # fmt: skip
        arrears.record_follow_up(db, head, case.id, FollowUpInput(kind, day))
    first = skk_handover(db, head, "GRS", on=date(2018, 5, 31))

    again = skk_handover(db, head, "GRS", on=date(2018, 5, 31))

    assert again.number == first.number == "B/00003/GRS/2018"
    (event,) = audit.recent(db, limit=1)
    assert event.detail["reprint"] is True and event.detail["number"] == first.number

    other = make_employer(name="PT KEDUA", office_code="GRS")
    make_worker(employer_npp=other.npp, start_date=date(2018, 1, 2))
    for month in (2, 3, 4):
        contributions.bill_month(db, admin, other.npp, Period(2018, month))
    second_case = arrears.open_case(
        db, admin, other.npp, target_year=2018, opened_on=date(2018, 4, 20)
    )
    for kind, day in ((K.SURAT_1, date(2018, 5, 3)), (K.SURAT_2, date(2018, 5, 11)),
                      (K.SKK, date(2018, 5, 22))):  # fmt: skip
        arrears.record_follow_up(db, head, second_case.id, FollowUpInput(kind, day))

    grown = skk_handover(db, head, "GRS", on=date(2018, 5, 31))
    next_day = skk_handover(db, head, "GRS", on=date(2018, 6, 1))

    assert len(grown.lines) == 2
    assert grown.number not in (first.number, next_day.number)
    assert next_day.number != first.number


def db_count(db) -> int:
    from sqlalchemy import func

    with db.read() as session:
        return session.scalar(select(func.count()).select_from(AuditEvent))


def test_skk_list_without_cases_is_refused(db, case):
    """No case of Gresik is at the prosecutor's office: nothing to list, no number used."""
    with pytest.raises(ValidationError) as caught:
        skk_handover(db, actor(db, "kepala.grs"), "GRS", on=date(2018, 5, 31))
    assert caught.value.field == "office"


def test_skk_list_is_the_heads(db, case):
    with pytest.raises(PermissionDeniedError):
        skk_handover(db, actor(db, "ar.grs"), "GRS", on=date(2018, 5, 31))
