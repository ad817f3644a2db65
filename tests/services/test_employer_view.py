"""Employer at a glance: summary figures, bills, payments, arrears, claims and the timeline.

The data are built by hand through the services an office would use. Amounts are written out
(one worker on Rp4.000.000, risk "sedang", JKK+JKM+JHT+JP in 2018: Rp395.600 a month; one on
Rp5.000.000: Rp494.500), so a wrong sum or fine in the view cannot agree with itself by accident.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest

from bpjs_desktop.db.models import CaseStatus, EndReason, FollowUpKind, Role
from bpjs_desktop.domain.arrears import AgeingBucket, late_fine
from bpjs_desktop.domain.claims import ClaimState, ClaimType
from bpjs_desktop.domain.identifiers import make_npp
from bpjs_desktop.domain.periods import Period
from bpjs_desktop.errors import NotFoundError
from bpjs_desktop.services import arrears, claims, contributions, employer_view, worker_registry
from bpjs_desktop.services.arrears import FollowUpInput
from bpjs_desktop.services.employer_view import BillState, TimelineKind
from tests.helpers import claim_of

K = TimelineKind
ON = date(2018, 6, 20)
ON_4M, ON_5M = 395_600, 494_500  # a month of one worker on Rp4.000.000 / Rp5.000.000
FEB = 2 * ON_4M + ON_5M  # Rp1.285.700: three workers
MAR = FEB  # the worker who leaves on 31/03 is billed the whole of March
APR = ON_4M + ON_5M  # Rp890.100: two workers


@dataclass
class Story:
    npp: str
    name: str
    ar_name: str
    leaver_kpj: str
    claim_no: str
    claim_amount: int  # fixed by the claims service's benefit rule


@pytest.fixture
def story(db, admin, make_employer, make_worker, make_user) -> Story:
    """A Gresik employer's first half of 2018.

    02/01 two workers join (Rp4.000.000 each), 05/02 a third (Rp5.000.000); one of the first two
    leaves on 31/03. February–April are billed. February is paid on 10/03 (on time). On 02/05 the
    employer goes on the 2018 arrears list for March (due 16/04); a first warning letter (05/05),
    a call (08/05) and a promise to pay Rp500.000 on 20/05 (made 10/05) follow; Rp500.000 is paid
    on 20/05. The leaver claims JHT on 02/05; it is verified 03/05 (documents received), fixed by
    the head of office on 04/05 at the rule's amount, and paid on 07/05.
    """
    ar_user = make_user(Role.AR, "GRS", "ar.gresik")
    employer = make_employer(ar_username=ar_user.username)
    first = make_worker(employer_npp=employer.npp, wage=4_000_000, start_date=date(2018, 1, 2))
    make_worker(employer_npp=employer.npp, wage=4_000_000, start_date=date(2018, 1, 2))
    make_worker(employer_npp=employer.npp, wage=5_000_000, start_date=date(2018, 2, 5))
    worker_registry.end_membership(
        db, admin, first.kpj, date(2018, 3, 31), EndReason.MENGUNDURKAN_DIRI
    )
    for month in (2, 3, 4):
        contributions.bill_month(db, admin, employer.npp, Period(2018, month))
    contributions.record_payment(db, admin, employer.npp, FEB, date(2018, 3, 10), "BNI-1")
    case = arrears.open_case(db, admin, employer.npp, target_year=2018, opened_on=date(2018, 5, 2))
    for data in (
        FollowUpInput(FollowUpKind.SURAT_1, date(2018, 5, 5), number="B/001/GRS/2018"),
        FollowUpInput(FollowUpKind.TELEPON, date(2018, 5, 8), outcome="Direktur berjanji datang"),
        FollowUpInput(
            FollowUpKind.JANJI_BAYAR,
            date(2018, 5, 10),
            promised_amount=500_000,
            promised_on=date(2018, 5, 20),
        ),
    ):
        arrears.record_follow_up(db, admin, case.id, data)
    contributions.record_payment(db, admin, employer.npp, 500_000, date(2018, 5, 20), "BNI-2")

    front_office = make_user(Role.PELAYANAN, "GRS", "pelayanan.grs")
    head = make_user(Role.KEPALA, "GRS", "kepala.grs")
    data = claim_of(first.kpj, ClaimType.JHT_PENUH, "2018-03-31", "2018-05-02")
    claim = claims.log_claim(db, front_office, data)
    claims.move_claim(
        db, front_office, claim.claim_no, ClaimState.VERIFIKASI, on_date=date(2018, 5, 3)
    )
    for document in claims.claim_view(db, claim.claim_no).missing:  # the checklist comes first
        claims.receive_document(
            db, front_office, claim.claim_no, document.code, received_on=date(2018, 5, 3)
        )
    decided = claims.move_claim(
        db, head, claim.claim_no, ClaimState.DITETAPKAN, on_date=date(2018, 5, 4)
    )
    assert decided.amount is not None and decided.amount > 0
    claims.move_claim(
        db, front_office, claim.claim_no, ClaimState.DIBAYAR, on_date=date(2018, 5, 7)
    )
    return Story(
        employer.npp, employer.name, "AR.GRESIK", first.kpj, claim.claim_no, decided.amount
    )


# --- summary -----------------------------------------------------------------------------------------


def test_summary_names_the_employer_its_office_and_account_representative(db, story):
    """The header's identity: NPP, name, office, regency, AR, size, risk and programmes."""
    s = employer_view.employer_summary(db, story.npp, ON)
    assert s.npp == story.npp
    assert s.name == story.name
    assert (s.office_code, s.office_name) == ("GRS", "KC Gresik")
    assert s.regency_name == "Kab. Gresik"
    assert s.ar_name == story.ar_name
    assert s.registered_on == date(2017, 1, 2)
    assert s.size_class.value == "MENENGAH"
    assert s.risk_group == 3
    assert s.programmes == "JKK,JKM,JHT,JP"
    assert s.active


def test_summary_counts_active_workers_and_their_payroll_on_the_day(db, story):
    """On 20/06 two of the three workers are active (one left on 31/03): Rp9.000.000 a month."""
    s = employer_view.employer_summary(db, story.npp, ON)
    assert s.active_workers == 2
    assert s.active_pu == 2
    assert s.monthly_payroll == 9_000_000
    on_march_1 = employer_view.employer_summary(db, story.npp, date(2018, 3, 1))
    assert on_march_1.active_workers == 3
    assert on_march_1.monthly_payroll == 13_000_000


def test_summary_shows_the_latest_monthly_bill(db, story):
    """The latest bill is April 2018: Rp890.100, due 15/05/2018."""
    s = employer_view.employer_summary(db, story.npp, ON)
    assert s.latest_bill_period == "2018-04"
    assert s.latest_bill_amount == APR
    assert s.latest_bill_due == date(2018, 5, 15)


def test_arrears_principal_and_the_2_percent_fine_to_the_day(db, story):
    """On 20/06: March owes Rp785.700, 3 months late (6 %); April Rp890.100, 2 months late (4 %)."""
    s = employer_view.employer_summary(db, story.npp, ON)
    march_left = MAR - 500_000
    assert s.arrears_principal == march_left + APR == 1_675_800
    assert s.outstanding == s.arrears_principal  # nothing owed that is not yet due
    assert s.arrears_fine == 47_142 + 35_604
    assert s.arrears_fine == late_fine(
        march_left, Period(2018, 3), date(2018, 4, 16), ON
    ) + late_fine(APR, Period(2018, 4), date(2018, 5, 15), ON)
    assert s.arrears_months == 2


def test_ageing_bucket_follows_the_oldest_unpaid_month(db, story):
    """March (due 16/04) is 3 months overdue on 20/06 ("Lancar"), 5 on 20/08 ("Kurang lancar")."""
    june = employer_view.employer_summary(db, story.npp, ON)
    assert (june.oldest_unpaid_period, june.months_overdue, june.ageing_bucket) == (
        "2018-03",
        3,
        "Lancar",
    )
    august = employer_view.employer_summary(db, story.npp, date(2018, 8, 20))
    assert (august.months_overdue, august.ageing_bucket) == (5, "Kurang lancar")


def test_ageing_follows_the_offices_own_buckets(db, admin, story):
    """An office that set its own buckets sees them: 3 months is "Lama" under 1–2 / 3+."""
    arrears.set_ageing_buckets(
        db, admin, [AgeingBucket("Baru", 1, 2), AgeingBucket("Lama", 3, None)]
    )
    assert employer_view.employer_summary(db, story.npp, ON).ageing_bucket == "Lama"
    assert employer_view.overview(db, story.npp, ON).summary.ageing_bucket == "Lama"


def test_nothing_overdue_before_the_first_unpaid_due_date(db, story):
    """On 10/04 March is not yet due (16/04): outstanding, but no arrears, fine or bucket.

    The day dates lateness and fines; what was paid is what is recorded now (here Rp500.000 of
    March, paid on 20/05), since no payment can be recorded for a day after today.
    """
    s = employer_view.employer_summary(db, story.npp, date(2018, 4, 10))
    assert s.outstanding == MAR - 500_000 + APR
    assert s.arrears_principal == 0
    assert s.arrears_fine == 0
    assert s.ageing_bucket is None and s.oldest_unpaid_period is None


def test_summary_shows_the_open_case_and_its_stage(db, story):
    """The open 2018 case stands at the first warning letter; next action is the promised date."""
    s = employer_view.employer_summary(db, story.npp, ON)
    assert s.open_case_year == 2018
    assert s.open_case_stage is FollowUpKind.SURAT_1
    assert s.open_case_stage_label == "Surat peringatan I"
    assert s.open_case_status is CaseStatus.TERBUKA
    assert s.open_case_next_action == date(2018, 5, 20)


def test_unknown_npp_is_a_clear_not_found_error(db):
    """An NPP that no employer holds raises NotFoundError naming it, for every call."""
    npp = make_npp(2017, 999_999)
    for call in (
        employer_view.employer_summary,
        employer_view.bills,
        employer_view.payments,
        employer_view.arrears,
        employer_view.claims,
        employer_view.timeline,
        employer_view.overview,
    ):
        with pytest.raises(NotFoundError, match=npp):
            call(db, npp)


# --- bills and payments --------------------------------------------------------------------------


def test_bills_newest_first_with_programme_amounts_and_lateness(db, story):
    """Each month: workers, JKK/JKM/JHT/JP, paid, outstanding, days late and the fine to 20/06."""
    rows = employer_view.bills(db, story.npp, ON)
    assert [b.period for b in rows] == ["2018-04", "2018-03", "2018-02"]
    april, march, february = rows

    assert (february.worker_count, february.amount, february.paid) == (3, FEB, FEB)
    # JKK 0,89 %, JKM 0,30 %, JHT 5,7 %, JP 3 % of Rp4.000.000 + Rp4.000.000 + Rp5.000.000.
    assert (february.jkk, february.jkm, february.jht, february.jp) == (
        115_700,
        39_000,
        741_000,
        390_000,
    )
    assert february.state is BillState.LUNAS
    assert (february.settled_on, february.days_late, february.fine) == (date(2018, 3, 10), 0, 0)

    assert march.due_date == date(2018, 4, 16)  # 15/04/2018 was a Sunday
    assert (march.paid, march.outstanding) == (500_000, 785_700)
    assert march.state is BillState.MENUNGGAK
    assert (march.days_late, march.fine) == (65, 47_142)

    assert (april.worker_count, april.amount, april.outstanding) == (2, APR, APR)
    assert (april.days_late, april.fine) == (36, 35_604)
    assert april.blth == "04/2018"


def test_bills_not_yet_due_carry_no_fine(db, story):
    """On 10/05 April (due 15/05) is open but not late: no days late, no fine."""
    april = employer_view.bills(db, story.npp, date(2018, 5, 10))[0]
    assert april.state is BillState.BELUM_JATUH_TEMPO
    assert (april.days_late, april.fine) == (0, 0)


def test_payments_show_the_months_they_paid_newest_first(db, story):
    """20/05: Rp500.000 to March (not settled); 10/03: all of February (settled)."""
    late, first = employer_view.payments(db, story.npp)
    assert (late.paid_on, late.amount, late.reference) == (date(2018, 5, 20), 500_000, "BNI-2")
    assert [(a.period, a.amount, a.settles) for a in late.allocations] == [
        ("2018-03", 500_000, False)
    ]
    assert late.unallocated == 0
    assert [(a.period, a.amount, a.settles) for a in first.allocations] == [("2018-02", FEB, True)]
    assert first.periods_text == "02/2018"


def test_overpayment_is_unallocated_until_a_bill_takes_it_and_late_settlement_is_counted(
    db, admin, make_employer, make_worker
):
    """January (due 15/02) paid on 20/02 with Rp1.000.000: settled 5 days late, Rp604.400 over.

    Billing February then takes Rp395.600 of the credit: the payment shows both months, and
    Rp208.800 is still unallocated (the summary's credit).
    """
    employer = make_employer()
    make_worker(employer_npp=employer.npp, wage=4_000_000, start_date=date(2018, 1, 2))
    contributions.bill_month(db, admin, employer.npp, Period(2018, 1))
    contributions.record_payment(db, admin, employer.npp, 1_000_000, date(2018, 2, 20))
    (payment,) = employer_view.payments(db, employer.npp)
    assert payment.unallocated == 604_400

    contributions.bill_month(db, admin, employer.npp, Period(2018, 2))
    (payment,) = employer_view.payments(db, employer.npp)
    assert [(a.period, a.amount, a.settles) for a in payment.allocations] == [
        ("2018-01", ON_4M, True),
        ("2018-02", ON_4M, True),
    ]
    assert payment.unallocated == 208_800
    assert payment.allocated + payment.unallocated == payment.amount
    assert employer_view.employer_summary(db, employer.npp, date(2018, 3, 1)).credit == 208_800

    february, january = employer_view.bills(db, employer.npp, date(2018, 3, 1))
    assert (january.state, january.days_late) == (BillState.TERLAMBAT, 5)
    assert (february.state, february.settled_on) == (BillState.LUNAS, date(2018, 2, 20))


def test_a_month_paid_in_instalments_is_settled_by_the_last_one(
    db, admin, make_employer, make_worker
):
    """January paid Rp200.000 on 10/02 and the rest on 14/02: the second payment settles it, on
    14/02 (domain.md §4.9: the last instalment's date is the settlement date)."""
    employer = make_employer()
    make_worker(employer_npp=employer.npp, wage=4_000_000, start_date=date(2018, 1, 2))
    contributions.bill_month(db, admin, employer.npp, Period(2018, 1))
    contributions.record_payment(db, admin, employer.npp, 200_000, date(2018, 2, 10))
    contributions.record_payment(db, admin, employer.npp, ON_4M - 200_000, date(2018, 2, 14))
    second, first = employer_view.payments(db, employer.npp)
    assert [(a.amount, a.settles) for a in first.allocations] == [(200_000, False)]
    assert [(a.amount, a.settles) for a in second.allocations] == [(ON_4M - 200_000, True)]
    (january,) = employer_view.bills(db, employer.npp, date(2018, 3, 1))
    assert (january.settled_on, january.state, january.days_late) == (
        date(2018, 2, 14),
        BillState.LUNAS,
        0,
    )


# --- arrears and claims -----------------------------------------------------------------------------


def test_cases_carry_their_follow_ups_in_the_order_they_were_done(db, story):
    """The 2018 case (March, Rp1.285.700) with letter, call and promise in date order."""
    (case,) = employer_view.arrears(db, story.npp)
    assert (case.target_year, case.first_period, case.last_period) == (2018, "2018-03", "2018-03")
    assert (case.principal, case.collected, case.remaining) == (MAR, 500_000, MAR - 500_000)
    assert case.status is CaseStatus.TERBUKA and case.is_open
    assert case.stage_label == "Surat peringatan I"
    assert case.periods_text == "03/2018"
    assert [(f.kind, f.done_on) for f in case.follow_ups] == [
        (FollowUpKind.SURAT_1, date(2018, 5, 5)),
        (FollowUpKind.TELEPON, date(2018, 5, 8)),
        (FollowUpKind.JANJI_BAYAR, date(2018, 5, 10)),
    ]
    assert case.follow_ups[0].number == "B/001/GRS/2018"
    assert case.follow_ups[2].promised_amount == 500_000


def test_claims_of_the_employers_workers_only(db, admin, story, make_employer, make_worker):
    """The leaver's paid JHT claim is listed; a claim of another employer's worker is not."""
    other = make_employer()
    stranger = make_worker(employer_npp=other.npp, start_date=date(2018, 1, 2))
    claims.log_claim(db, admin, claim_of(stranger.kpj, ClaimType.JKK, "2018-04-01", "2018-04-03"))
    (claim,) = employer_view.claims(db, story.npp)
    assert claim.claim_no == story.claim_no
    assert claim.kpj == story.leaver_kpj
    assert claim.claim_type is ClaimType.JHT_PENUH
    assert claim.state is ClaimState.DIBAYAR
    assert claim.amount == story.claim_amount
    assert (claim.submitted_on, claim.decided_on, claim.paid_on) == (
        date(2018, 5, 2),
        date(2018, 5, 4),
        date(2018, 5, 7),
    )


# --- timeline ----------------------------------------------------------------------------------------


def test_timeline_merges_everything_newest_first(db, story):
    """Every source in one dated list, newest first; on one day the later step comes first."""
    rows = employer_view.timeline(db, story.npp, on=ON)
    assert [(r.on, r.kind) for r in rows] == [
        (date(2018, 5, 20), K.PEMBAYARAN),
        (date(2018, 5, 15), K.IURAN),
        (date(2018, 5, 10), K.TINDAK_LANJUT),
        (date(2018, 5, 8), K.TINDAK_LANJUT),
        (date(2018, 5, 7), K.KLAIM),
        (date(2018, 5, 5), K.TINDAK_LANJUT),
        (date(2018, 5, 4), K.KLAIM),
        (date(2018, 5, 3), K.KLAIM),
        (date(2018, 5, 2), K.KLAIM),
        (date(2018, 5, 2), K.PIUTANG),
        (date(2018, 4, 16), K.IURAN),
        (date(2018, 3, 31), K.PEKERJA_KELUAR),
        (date(2018, 3, 15), K.IURAN),
        (date(2018, 3, 10), K.PEMBAYARAN),
        (date(2018, 2, 5), K.PEKERJA_MASUK),
        (date(2018, 1, 2), K.PEKERJA_MASUK),
        (date(2017, 1, 2), K.REGISTRASI),
    ]


def test_timeline_texts_and_amounts(db, story):
    """Joins are counted per day, amounts are whole rupiah, unpaid months say what is owed."""
    by_day = {(r.on, r.kind): r for r in employer_view.timeline(db, story.npp, on=ON)}
    joined = by_day[(date(2018, 1, 2), K.PEKERJA_MASUK)]
    assert joined.text == "2 pekerja bergabung" and joined.amount is None
    assert by_day[(date(2018, 3, 31), K.PEKERJA_KELUAR)].text == "1 pekerja keluar"
    april = by_day[(date(2018, 5, 15), K.IURAN)]
    assert april.amount == APR
    assert april.text == "Iuran 04/2018 jatuh tempo (2 pekerja); belum dibayar Rp890.100"
    paid = by_day[(date(2018, 3, 10), K.PEMBAYARAN)]
    assert (paid.amount, paid.text) == (FEB, "Pembayaran diterima (BNI-1): iuran 02/2018")
    opened = by_day[(date(2018, 5, 2), K.PIUTANG)]
    assert opened.amount == MAR
    assert "2018" in opened.text and "03/2018" in opened.text
    assert by_day[(date(2018, 5, 7), K.KLAIM)].amount == story.claim_amount
    assert by_day[(date(2018, 5, 7), K.KLAIM)].kpj == story.leaver_kpj
    assert by_day[(date(2018, 5, 3), K.KLAIM)].amount is None
    promise = by_day[(date(2018, 5, 10), K.TINDAK_LANJUT)]
    assert promise.text == "Janji bayar: Rp500.000 pada 20/05/2018"
    assert promise.amount == 500_000


def test_timeline_stops_at_the_day_asked_for_and_at_the_limit(db, story):
    """On 12/05 the payment of 20/05 and April's due date (15/05) are not history yet."""
    rows = employer_view.timeline(db, story.npp, on=date(2018, 5, 12))
    assert rows[0].on == date(2018, 5, 10)
    assert all(r.on <= date(2018, 5, 12) for r in rows)
    # On 20/03 the worker who leaves on 31/03 is still there.
    early = employer_view.timeline(db, story.npp, on=date(2018, 3, 20))
    assert [(r.on, r.kind) for r in early][:2] == [
        (date(2018, 3, 15), K.IURAN),
        (date(2018, 3, 10), K.PEMBAYARAN),
    ]
    assert K.PEKERJA_KELUAR not in {r.kind for r in early}
    newest_three = employer_view.timeline(db, story.npp, limit=3, on=ON)
    assert newest_three == employer_view.timeline(db, story.npp, on=ON)[:3]
    assert employer_view.timeline(db, story.npp, limit=0, on=ON) == []


def test_overview_is_the_same_as_the_separate_calls(db, story):
    """The page's one-session snapshot agrees with each call made on its own."""
    view = employer_view.overview(db, story.npp, ON)
    assert view.summary == employer_view.employer_summary(db, story.npp, ON)
    assert list(view.bills) == employer_view.bills(db, story.npp, ON)
    assert list(view.payments) == employer_view.payments(db, story.npp)
    assert list(view.cases) == employer_view.arrears(db, story.npp)
    assert list(view.claims) == employer_view.claims(db, story.npp)
    assert list(view.timeline) == employer_view.timeline(db, story.npp, on=ON)
