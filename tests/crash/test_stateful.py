"""Any sequence of an office's work keeps its books consistent (a hypothesis state machine).

The steps are what a branch office does (register a worker, change a wage, bill a month, record a
payment, end a membership and pay its JHT claim, follow up arrears, back up, restore a backup,
close a month), in random order with random values; a step the rules refuse raises a KnownError
and changes nothing. After every step:

- the audit chain verifies;
- every bill has 0 ≤ paid ≤ amount, and every rupiah paid in is allocated to a bill or kept as an
  overpayment (sum of payments = sum of allocations + sum of unallocated);
- every person's JHT account pays out no more than was credited with its returns (balance ≥ 0,
  and balance = credited + returns − withdrawn);
- every closed month's snapshot still hashes to its recorded SHA-256 and is the summary the facts
  gave when it was closed, however much was written or restored since;
- the workers registered are exactly those the model expects (a restore brings back the backup's).

``BPJS_STATEFUL_EXAMPLES`` sets how many sequences run (default 4, about 30 steps each).
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from datetime import date
from pathlib import Path
from typing import ClassVar

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule
from sqlalchemy import func, select

from bpjs_desktop.db.engine import Database, sqlite_url
from bpjs_desktop.db.migrate import open_database
from bpjs_desktop.db.models import (
    ContributionBill,
    EndReason,
    FollowUpKind,
    Membership,
    MonthClose,
    Payment,
    PaymentAllocation,
    Role,
)
from bpjs_desktop.domain.claims import ClaimState, ClaimType
from bpjs_desktop.domain.identifiers import Sex, make_nik
from bpjs_desktop.domain.periods import Period
from bpjs_desktop.domain.programmes import Segment, SizeClass
from bpjs_desktop.errors import KnownError
from bpjs_desktop.services import (
    arrears,
    auth,
    backup,
    claims,
    contributions,
    employer_registry,
    jht_account,
    member_changes,
    membership_common,
    month_close,
    reports,
    worker_registry,
)
from bpjs_desktop.services.arrears import FollowUpInput
from bpjs_desktop.services.claims import ClaimInput
from bpjs_desktop.services.context import Actor

pytestmark = pytest.mark.crash

EXAMPLES = int(os.environ.get("BPJS_STATEFUL_EXAMPLES", "4"))
MONTHS = st.integers(min_value=1, max_value=4)  # January–April 2018
WAGES = st.integers(min_value=2_000, max_value=12_000).map(lambda thousands: thousands * 1_000)


class Office(RuleBasedStateMachine):
    template: Path  # an empty migrated database, set by the test

    def __init__(self) -> None:
        super().__init__()
        self.folder = Path(tempfile.mkdtemp(prefix="bpjs-stateful-"))
        self.path = self.folder / "office.sqlite"
        shutil.copyfile(self.template, self.path)
        self.db: Database = open_database(sqlite_url(self.path), create=False)
        self.admin = Actor.command_line()
        for name in ("loket.satu", "loket.dua"):
            auth.add_user(self.db, self.admin, username=name, full_name=name.upper(),
                          role=Role.PELAYANAN, password="rahasia-123", office_code="GRS")  # fmt: skip
        self.clerk = auth.authenticate(self.db, "loket.satu", "rahasia-123")
        self.checker = auth.authenticate(self.db, "loket.dua", "rahasia-123")
        self.npp = employer_registry.register_employer(
            self.db, self.admin,
            membership_common.EmployerInput(
                name="PT Serba Ada", kbli="10710", size_class=SizeClass.MENENGAH,
                office_code="GRS", regency_code="3525", registered_on=date(2017, 1, 2),
            ),
        ).npp  # fmt: skip
        self.kpjs: list[str] = []
        self.issued: list[str] = []
        self.ended: set[str] = set()
        self.closes: dict[Period, reports.MonthlySummary] = {}
        self.backups: list[
            tuple[Path, list[str], set[str], dict[Period, reports.MonthlySummary]]
        ] = []
        self.done: dict[str, int] = {}

    def _did(self, step: str) -> None:
        self.done[step] = self.done.get(step, 0) + 1

    # --- steps --------------------------------------------------------------------------------

    @initialize(wages=st.lists(WAGES, min_size=1, max_size=3))
    def first_workers(self, wages: list[int]) -> None:
        """The employer starts with one to three workers from January, so there is work to bill."""
        for wage in wages:
            self.register(wage, 1)

    @rule(wage=WAGES, month=st.integers(min_value=1, max_value=2))
    def register(self, wage: int, month: int) -> None:
        worker = worker_registry.register_worker(
            self.db, self.clerk,
            membership_common.WorkerInput(
                nik=make_nik("3525", 92, date(1990, 5, 15), Sex.L, len(self.issued) + 1),
                name="Budi Santoso", birth_date=date(1990, 5, 15), sex=Sex.L,
                segment=Segment.PU, start_date=date(2018, month, 2), wage=wage,
                employer_npp=self.npp,
            ),
        )  # fmt: skip
        self.kpjs.append(worker.kpj)
        self.issued.append(worker.kpj)  # never restored: a NIK is not reused after a restore
        self._did("register")

    @precondition(lambda self: self.kpjs)
    @rule(data=st.data(), wage=WAGES, month=MONTHS)
    def change_wage(self, data: st.DataObject, wage: int, month: int) -> None:
        kpj = data.draw(st.sampled_from(self.kpjs))
        try:
            member_changes.update_membership(
                self.db, self.clerk, kpj,
                membership_common.MembershipChanges(wage=wage, wage_from=date(2018, month, 1)),
            )  # fmt: skip
            self._did("change_wage")
        except KnownError as exc:
            self._did(f"change_wage refused: {exc}")  # ended, or before it started

    @rule(month=MONTHS)
    def bill(self, month: int) -> None:
        """Bill every month of 2018 up to *month* not billed yet (in order, as an office does)."""
        for earlier in range(1, month + 1):
            try:
                contributions.bill_month(self.db, self.admin, self.npp, Period(2018, earlier))
                self._did("bill")
            except KnownError:
                pass  # billed already, or nobody active that month

    @rule(amount=st.integers(min_value=1, max_value=400).map(lambda k: k * 1_000))
    def pay(self, amount: int) -> None:
        contributions.record_payment(self.db, self.admin, self.npp, amount, date(2018, 5, 2))
        self._did("pay")

    @precondition(lambda self: set(self.kpjs) - self.ended)
    @rule(data=st.data())
    def claim_jht(self, data: st.DataObject) -> None:
        """End a membership on 30/04/2018 and pay its JHT in June (after the one-month wait)."""
        kpj = data.draw(st.sampled_from(sorted(set(self.kpjs) - self.ended)))
        worker_registry.end_membership(
            self.db, self.admin, kpj, date(2018, 4, 30), EndReason.MENGUNDURKAN_DIRI
        )
        self.ended.add(kpj)
        self._did("end")
        row = claims.log_claim(
            self.db, self.clerk,
            ClaimInput(kpj=kpj, claim_type=ClaimType.JHT_PENUH, event_date=date(2018, 4, 30),
                       submitted_on=date(2018, 6, 4), reason="Mengundurkan diri"),
        )  # fmt: skip
        try:
            for document in claims.claim_view(self.db, row.claim_no).missing:
                claims.receive_document(
                    self.db, self.clerk, row.claim_no, document.code, received_on=date(2018, 6, 4)
                )
            claims.move_claim(self.db, self.checker, row.claim_no, ClaimState.VERIFIKASI,
                              on_date=date(2018, 6, 4))  # fmt: skip
            claims.move_claim(self.db, self.checker, row.claim_no, ClaimState.DITETAPKAN,
                              on_date=date(2018, 6, 5))  # fmt: skip
            claims.move_claim(self.db, self.checker, row.claim_no, ClaimState.DIBAYAR,
                              on_date=date(2018, 6, 6))  # fmt: skip
            self._did("claim_paid")
        except KnownError as exc:
            self._did(f"claim_refused: {exc}")  # e.g. nothing credited yet: the claim waits

    @rule(
        kind=st.sampled_from([FollowUpKind.TELEPON, FollowUpKind.SURAT_1, FollowUpKind.KUNJUNGAN])
    )
    def follow_up(self, kind: FollowUpKind) -> None:
        try:
            case_id = arrears.case_of_employer(self.db, self.npp)
            if case_id is None:
                case_id = arrears.open_case(
                    self.db, self.admin, self.npp, target_year=2018, opened_on=date(2018, 5, 20)
                ).id
            arrears.record_follow_up(
                self.db, self.admin, case_id, FollowUpInput(kind, date(2018, 5, 21))
            )
            self._did("follow_up")
        except KnownError as exc:
            self._did(f"follow_up refused: {exc}")  # nothing overdue, or not allowed yet

    @precondition(lambda self: len(self.backups) < 3)  # a few to restore from are enough
    @rule()
    def back_up(self) -> None:
        target = self.folder / f"cadangan-{len(self.backups)}.sqlite"
        backup.backup(self.db, target)
        self.backups.append((target, list(self.kpjs), set(self.ended), dict(self.closes)))
        self._did("backup")

    @precondition(lambda self: self.backups)
    @rule(data=st.data())
    def restore(self, data: st.DataObject) -> None:
        target, kpjs, ended, closes = data.draw(st.sampled_from(self.backups))
        self.db.dispose()
        backup.restore(self.db.url, target)
        self.db = open_database(sqlite_url(self.path), create=False)
        self.kpjs, self.ended, self.closes = list(kpjs), set(ended), dict(closes)
        self._did("restore")

    @rule(month=MONTHS)
    def close(self, month: int) -> None:
        period = Period(2018, month)
        if period in self.closes:
            return
        facts = reports.monthly_summary(self.db, period, "GRS")
        month_close.close_month(self.db, self.admin, period, "GRS")
        frozen = reports.closed_summary(self.db, period, "GRS")
        assert frozen is not None
        assert frozen.total == facts.total, "the snapshot is not what the facts said"
        self.closes[period] = frozen
        self._did("close")

    # --- invariants ---------------------------------------------------------------------------

    @invariant()
    def audit_chain_verifies(self) -> None:
        from bpjs_desktop.services import audit

        report = audit.verify(self.db)
        assert report.ok, f"audit chain broken at #{report.first_broken_id} ({report.problem})"

    @invariant()
    def money_is_conserved(self) -> None:
        with self.db.read() as session:
            bad_bills = session.scalar(
                select(func.count())
                .select_from(ContributionBill)
                .where(
                    (ContributionBill.paid < 0) | (ContributionBill.paid > ContributionBill.amount)
                )
            )
            paid_in = session.scalar(select(func.coalesce(func.sum(Payment.amount), 0)))
            kept = session.scalar(select(func.coalesce(func.sum(Payment.unallocated), 0)))
            allocated = session.scalar(select(func.coalesce(func.sum(PaymentAllocation.amount), 0)))
            billed_paid = session.scalar(select(func.coalesce(func.sum(ContributionBill.paid), 0)))
        assert bad_bills == 0
        assert paid_in == allocated + kept
        assert allocated == billed_paid

    @invariant()
    def jht_pays_out_no_more_than_it_holds(self) -> None:
        for kpj in self.kpjs:
            view = jht_account.account(self.db, kpj, on=date(2018, 12, 31))
            assert view.balance == view.credited + view.returns - view.withdrawn
            assert view.balance >= 0 and view.withdrawn <= view.credited + view.returns

    @invariant()
    def closed_months_stay_frozen(self) -> None:
        with self.db.read() as session:
            closes = session.scalars(select(MonthClose)).all()
            for close in closes:
                assert hashlib.sha256(close.snapshot.encode()).hexdigest() == close.sha256
        assert {c.period for c in closes} == {str(p) for p in self.closes}
        for period, summary in self.closes.items():
            assert reports.closed_summary(self.db, period, "GRS") == summary

    @invariant()
    def the_workers_are_the_expected_ones(self) -> None:
        with self.db.read() as session:
            kpjs = set(session.scalars(select(Membership.kpj)))
        assert kpjs == set(self.kpjs)

    def teardown(self) -> None:
        self.db.dispose()
        shutil.rmtree(self.folder, ignore_errors=True)
        Office.steps_done.append(self.done)

    steps_done: ClassVar[list[dict[str, int]]] = []


def test_any_sequence_of_office_work_keeps_the_books_consistent(sqlite_template: Path) -> None:
    """Random sequences of ~30 steps; every invariant above holds after every step."""
    from hypothesis.stateful import run_state_machine_as_test

    Office.template = sqlite_template
    Office.steps_done = []
    run_state_machine_as_test(
        Office,
        settings=settings(
            # In `make test` (no BPJS_STATEFUL_EXAMPLES) the few sequences are the same each run:
            # four random ones sometimes never reached a payment, and the check below failed
            # by chance. `make test-crash` draws new ones every run.
            max_examples=EXAMPLES, stateful_step_count=30, deadline=None,
            derandomize="BPJS_STATEFUL_EXAMPLES" not in os.environ,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
        ),
    )  # fmt: skip
    done: dict[str, int] = {}
    for steps in Office.steps_done:
        for step, count in steps.items():
            done[step] = done.get(step, 0) + count
    print("stateful steps done:", dict(sorted(done.items())))
    # The machine must have reached the steps that move money, or it proved little.
    assert done.get("pay", 0) and done.get("bill", 0) and done.get("register", 0), done
