"""Office scope on every service entry point (issue #11, item 1).

A head of KC Gresik (``kepala.grs`` of the demo: every branch permission) asks every public
service for records of KC Sidoarjo. Each entry point either refuses ("… tidak ada", exactly as if
the record did not exist, and a ``scope.refused`` event on the audit trail), or lists nothing of
Sidoarjo. Every public function and class of every services module is in :data:`ENTRY_POINTS`:
a new one that is not fails :func:`test_every_service_entry_point_is_in_the_table`, so whoever adds
it decides how it keeps to the asker's offices, or writes down why it need not.
"""

from __future__ import annotations

import dataclasses
import enum
import importlib
import inspect
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

import bpjs_desktop.services as services_package
from bpjs_desktop.db.engine import Database
from bpjs_desktop.db.models import (
    Agent,
    ArrearsCase,
    Attachment,
    AuditEvent,
    Claim,
    Employer,
    EndReason,
    FollowUp,
    Heir,
    HeirRelationKind,
    Kpi,
    Membership,
    Office,
    PensionPayment,
    Project,
    Role,
    ScholarshipEntitlement,
    User,
)
from bpjs_desktop.domain.claim_details import HeirRelation
from bpjs_desktop.domain.claims import ClaimState
from bpjs_desktop.domain.periods import Period
from bpjs_desktop.domain.scholarships import SchoolLevel
from bpjs_desktop.errors import NotFoundError, ValidationError
from bpjs_desktop.services import (
    agents_projects,
    arrears,
    arrears_letters,
    arrears_worklist,
    audit,
    benefit_schedule,
    claims,
    contributions,
    dashboard,
    directory,
    drilldown,
    employer_registry,
    employer_view,
    facts,
    heirs,
    imports,
    jht_account,
    member_changes,
    membership_common,
    pds,
    perisai,
    personal,
    reports,
    scope,
    targets,
    wage_history,
    worker_registry,
)
from bpjs_desktop.services.context import Actor
from tests.helpers import refusals, register_project

HOME, ELSEWHERE = "GRS", "SDA"


@dataclass
class Elsewhere:
    """Records of KC Sidoarjo, and the head of KC Gresik who asks for them."""

    db: Database
    actor: Actor
    npp: str
    kpj: str
    person_id: int
    claim_no: str
    case_id: int
    follow_up_id: int
    agent_nik: str
    project_no: str
    heir_id: int
    pension_id: int
    scholarship_id: int
    attachment_id: int
    period: Period
    tmp: Path
    membership_id: int = 0


@pytest.fixture
def elsewhere(demo_db: Database, tmp_path: Path) -> Elsewhere:
    db = demo_db
    with db.write() as s:
        sda = s.scalar(select(Office.id).where(Office.code == ELSEWHERE))
        grs = s.scalar(select(Office.id).where(Office.code == HOME))
        user = s.scalar(select(User).where(User.username == "kepala.grs"))
        assert user is not None and user.office_id == grs
        # A Sidoarjo member with no membership in Gresik.
        in_grs = select(Membership.person_id).where(Membership.office_id == grs)
        member = s.scalars(
            select(Membership)
            .where(Membership.office_id == sda, Membership.person_id.not_in(in_grs))
            .order_by(Membership.id)
        ).first()
        assert member is not None
        claim = s.scalars(select(Claim).where(Claim.office_id == sda).order_by(Claim.id)).first()
        case = s.scalars(
            select(ArrearsCase).where(ArrearsCase.office_id == sda).order_by(ArrearsCase.id)
        ).first()
        follow_up = s.scalars(
            select(FollowUp).join(ArrearsCase).where(ArrearsCase.office_id == sda)
        ).first()
        employer = s.get(Employer, member.employer_id) if member.employer_id else None
        if employer is None:
            employer = s.scalars(select(Employer).where(Employer.office_id == sda)).first()
        assert claim and case and follow_up and employer
        agent = Agent(
            nik="3515015001850001", name="AGEN SDA", office_id=sda, joined_on=date(2017, 1, 2)
        )
        project = Project(
            project_no="1800000000099", employer_id=employer.id, office_id=sda, name="GUDANG",
            regency_code="3515", contract_value=1_000_000_000, contribution=1_740_000,
            start_date=date(2018, 1, 2), end_date=date(2018, 12, 31),
        )  # fmt: skip
        s.add_all([agent, project])
        heir = Heir(
            person_id=member.person_id, name="AHLI WARIS", relation=HeirRelationKind.ANAK, rank=2
        )
        s.add(heir)
        s.flush()
        pension = PensionPayment(claim_id=claim.id, period="2018-03", amount=300_000)
        scholarship = ScholarshipEntitlement(
            claim_id=claim.id, heir_id=heir.id, school_year=2018, level="SD", amount=1_500_000
        )
        attachment = Attachment(
            claim_id=claim.id, file_name="ktp.pdf", mime="application/pdf", size=1,
            sha256="0" * 64, content=b"x",
        )  # fmt: skip
        s.add_all([pension, scholarship, attachment])
        s.flush()
        found = Elsewhere(
            db, Actor(user.id, user.username, user.full_name, user.role, user.office_id),
            employer.npp, member.kpj, member.person_id, claim.claim_no, case.id, follow_up.id,
            agent.nik, project.project_no, heir.id, pension.id, scholarship.id, attachment.id,
            Period(2018, 3), tmp_path, member.id,
        )  # fmt: skip
    return found


# --- the table ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Refused:
    """Called on a Sidoarjo record: "not found", and audited."""

    call: Callable[[Elsewhere], Any]


@dataclass(frozen=True)
class Hidden:
    """A list or figure: called for Sidoarjo, *leak* of the result is empty."""

    call: Callable[[Elsewhere], Any]
    leak: Callable[[Any], Any] = lambda result: result


@dataclass(frozen=True)
class Exempt:
    why: str


def _sda(rows: Any, attr: str = "office_code") -> list[Any]:
    return [r for r in rows if getattr(r, attr) == ELSEWHERE]


PURE = Exempt("pure: no database")
SESSION = Exempt("a helper inside a scoped service's own session; not an entry point")
ADMIN = Exempt("administration of users, backups or the audit trail (administrator)")
SETTINGS = Exempt("office settings and calendars, not member or employer records")
STATUS = Exempt("whole-region status of the figures (freshness, closes): no records")
WORKSTATION = Exempt("the workstation's own settings and About window: no member records")
MECHANISM = Exempt("the scope mechanism itself")
CLAIM_INTAKE = Exempt(
    "taking a claim in: a member may claim at any branch with the card in hand; the claim "
    "belongs to the branch that takes it (claims._find_membership)"
)
STAFF = Exempt("the staff of an office for a filter, not member or employer records")

E = Elsewhere
ENTRY_POINTS: dict[str, Refused | Hidden | Exempt] = {
    # arrears
    "arrears.status_label": PURE,
    "arrears.kind_label": PURE,
    "arrears.reference_date": STATUS,
    "arrears.ageing_buckets": SETTINGS,
    "arrears.buckets_in": SESSION,
    "arrears.set_ageing_buckets": SETTINGS,
    "arrears.bucket_label": PURE,
    "arrears.bucket_by_name": PURE,
    "arrears.open_case": Refused(
        lambda e: arrears.open_case(e.db, e.actor, e.npp, target_year=2018)
    ),
    "arrears.assign_case": Refused(
        lambda e: arrears.assign_case(e.db, e.actor, e.case_id, "kepala.grs")
    ),
    "arrears.record_follow_up": Refused(
        lambda e: arrears.record_follow_up(
            e.db,
            e.actor,
            e.case_id,
            arrears.FollowUpInput(kind=arrears.FollowUpKind.TELEPON, done_on=date(2018, 4, 2)),
        )
    ),
    "arrears.issue_number": SESSION,
    "arrears.case_detail": Refused(lambda e: arrears.case_detail(e.db, e.case_id, actor=e.actor)),
    "arrears.calculate": Refused(
        lambda e: arrears.calculate(e.db, e.case_id, date(2018, 4, 30), actor=e.actor)
    ),
    "arrears.employer_dues": Refused(
        lambda e: arrears.employer_dues(e.db, e.npp, date(2018, 4, 30), actor=e.actor)
    ),
    "arrears.case_of_employer": Hidden(
        lambda e: arrears.case_of_employer(e.db, e.npp, actor=e.actor)
    ),
    "arrears.officers": STAFF,
    "arrears.may_view_all": PURE,
    "arrears.require_view": PURE,
    "arrears.may_record_payment": PURE,
    # arrears letters
    "arrears_letters.warning_letter": Refused(
        lambda e: arrears_letters.warning_letter(e.db, e.follow_up_id, actor=e.actor)
    ),
    "arrears_letters.warning_letter_document": Refused(
        lambda e: arrears_letters.warning_letter_document(e.db, e.follow_up_id, actor=e.actor)
    ),
    "arrears_letters.skk_handover": Refused(
        lambda e: arrears_letters.skk_handover(e.db, e.actor, ELSEWHERE)
    ),
    "arrears_letters.skk_handover_document": PURE,
    # the worklist
    "arrears_worklist.WorklistQuery": Hidden(
        lambda e: arrears_worklist.WorklistQuery(
            e.db, e.actor, arrears_worklist.WorklistFilter()
        ).all_rows(),
        _sda,
    ),
    "arrears_worklist.target_progress": Hidden(
        lambda e: arrears_worklist.target_progress(e.db, 2018, actor=e.actor).rows, _sda
    ),
    "arrears_worklist.export_headers": PURE,
    "arrears_worklist.export_cells": PURE,
    "arrears_worklist.export_worklist": Exempt("exports the WorklistQuery it is given (scoped)"),
    # audit, sign-in, backup
    "audit.record": SESSION,
    "audit.verify": ADMIN,
    "audit.recent": ADMIN,
    "audit.EventQuery": Hidden(
        lambda e: audit.EventQuery(
            e.db, e.actor, audit.EventFilter(username="kepala.sda")
        ).rows_after(None, 50)
    ),
    "audit.export_events": Hidden(
        lambda e: audit.export_events(
            e.db, e.actor, audit.EventFilter(username="kepala.sda"), e.tmp / "jejak.xlsx"
        )
    ),
    **{
        f"auth.{name}": ADMIN
        for name in [
            "hash_password",
            "check_password",
            "needs_rehash",
            "retry_delay",
            "add_user",
            "set_password",
            "set_active",
            "authenticate",
            "claimed_actor",
            "unlock",
            "list_users",
            "user_count",
            "create_first_admin",
            "demo_password",
            "office_name",
            "record_session_event",
        ]
    },
    "auth.authenticate_read_only": ADMIN,
    "auth.check_new_user": PURE,
    "auth.set_role": ADMIN,
    "auth.users_for": ADMIN,
    "backup.backup": ADMIN,
    "backup.restore": ADMIN,
    "about.facts": WORKSTATION,
    "about.libraries": PURE,
    "backup.check": ADMIN,
    **{
        f"backup.{name}": ADMIN
        for name in [
            "audit_head",
            "backup_before",
            "changed_since_last_backup",
            "events_after",
            "list_backups",
            "newest_verified",
            "quick_check",
            "require_sqlite",
            "take_backup",
            "thin_backups",
            "verify_backup",
        ]
    },
    "backup.format_size": PURE,
    "backup.may_manage_backups": PURE,
    # the database file: its lock and where it may live (the whole file, not records)
    **{
        f"db_location.{name}": ADMIN
        for name in [
            "allowed_here",
            "check_location",
            "first_look",
            "is_allowed",
            "risk_message",
            "risk_of",
            "set_allowed",
        ]
    },
    **{
        f"db_lock.{name}": ADMIN
        for name in [
            "DatabaseLock",
            "acquire",
            "is_stale",
            "lock_path",
            "pid_alive",
            "read_holder",
            "this_computer",
        ]
    },
    "migrate_to.migrate_to": Exempt(
        "moves the whole office file to a server (administrator, command line): every record"
    ),
    "claims.checklist_of": SESSION,
    "claims.eligibility_of": SESSION,
    "clock.office_today": STATUS,
    "context.allowed": PURE,
    "context.refusal": PURE,
    "membership_common.clean_employer_input": PURE,
    "membership_common.clean_membership_changes": PURE,
    "membership_common.clean_person_changes": PURE,
    "membership_common.clean_worker_input": PURE,
    # pensions and scholarships of a decided claim
    "benefit_schedule.record_pension_payment": Refused(
        lambda e: benefit_schedule.record_pension_payment(
            e.db, e.actor, e.claim_no, Period(2018, 4), 300_000
        )
    ),
    "benefit_schedule.mark_pension_paid": Refused(
        lambda e: benefit_schedule.mark_pension_paid(e.db, e.actor, e.pension_id, date(2018, 4, 2))
    ),
    "benefit_schedule.pension_payments": Refused(
        lambda e: benefit_schedule.pension_payments(e.db, e.claim_no, actor=e.actor)
    ),
    "benefit_schedule.record_scholarship": Refused(
        lambda e: benefit_schedule.record_scholarship(
            e.db, e.actor, e.claim_no, e.heir_id, 2018, "SD", 1_500_000
        )
    ),
    "benefit_schedule.mark_scholarship_paid": Refused(
        lambda e: benefit_schedule.mark_scholarship_paid(
            e.db, e.actor, e.scholarship_id, date(2018, 4, 2)
        )
    ),
    "benefit_schedule.scholarships": Refused(
        lambda e: benefit_schedule.scholarships(e.db, e.claim_no, actor=e.actor)
    ),
    "benefit_schedule.pay_pension_month": Refused(
        lambda e: benefit_schedule.pay_pension_month(e.db, e.actor, e.claim_no, Period(2018, 4))
    ),
    "benefit_schedule.apply_scholarship": Refused(
        lambda e: benefit_schedule.apply_scholarship(
            e.db, e.actor, e.claim_no, e.heir_id, 2018, SchoolLevel.SD
        )
    ),
    "benefit_schedule.pay_scholarship": Refused(
        lambda e: benefit_schedule.pay_scholarship(e.db, e.actor, e.claim_no, e.heir_id, 2018)
    ),
    "benefit_schedule.first_pension_month": PURE,
    "benefit_schedule.schedule_pension": SESSION,
    "benefit_schedule.schedule_scholarships": SESSION,
    "benefit_schedule.pay_with_claim": SESSION,
    # claims
    "claims.event_label": PURE,
    "claims.ground_for": PURE,
    "claims.claim_heirs": Refused(lambda e: claims.claim_heirs(e.db, e.claim_no, actor=e.actor)),
    "claims.check_claim": CLAIM_INTAKE,
    "claims.log_claim": CLAIM_INTAKE,
    "claims.find_member": CLAIM_INTAKE,
    "claims.receive_document": Refused(
        lambda e: claims.receive_document(e.db, e.actor, e.claim_no, "KTP")
    ),
    "claims.unreceive_document": Refused(
        lambda e: claims.unreceive_document(e.db, e.actor, e.claim_no, "KTP")
    ),
    "claims.attach_file": Refused(
        lambda e: claims.attach_file(
            e.db, e.actor, e.claim_no, file_name="a.pdf", content=b"%PDF-1.4"
        )
    ),
    "claims.attachment_content": Refused(
        lambda e: claims.attachment_content(e.db, e.attachment_id, actor=e.actor)
    ),
    "claims.move_claim": Refused(
        lambda e: claims.move_claim(e.db, e.actor, e.claim_no, ClaimState.VERIFIKASI)
    ),
    "claims.claim_amount": Refused(lambda e: claims.claim_amount(e.db, e.claim_no, actor=e.actor)),
    "claims.get_claim": Refused(lambda e: claims.get_claim(e.db, e.claim_no, actor=e.actor)),
    "claims.claim_view": Refused(lambda e: claims.claim_view(e.db, e.claim_no, actor=e.actor)),
    "claims.officers": STAFF,
    "claims.ClaimQuery": Hidden(
        lambda e: (q := claims.ClaimQuery(e.db, claims.ClaimFilter(), actor=e.actor)).page(
            0, max(1, q.count())
        ),
        _sda,
    ),
    "claims.receipt_html": Refused(lambda e: claims.receipt_html(e.db, e.claim_no, actor=e.actor)),
    "claims.decision_letter_html": Refused(
        lambda e: claims.decision_letter_html(e.db, e.claim_no, actor=e.actor)
    ),
    "context.require": PURE,
    # contributions
    "contributions.apply_credit": SESSION,
    "contributions.add_payment": SESSION,
    "contributions.bill_fields": PURE,
    "contributions.put_on_bill": SESSION,
    "contributions.billed_by_programme": PURE,
    "contributions.bill_month": Refused(
        lambda e: contributions.bill_month(e.db, e.actor, e.npp, Period(2018, 4))
    ),
    "contributions.bills_of": Refused(lambda e: contributions.bills_of(e.db, e.npp, actor=e.actor)),
    "contributions.record_payment": Refused(
        lambda e: contributions.record_payment(e.db, e.actor, e.npp, 1_000, date(2018, 4, 2))
    ),
    "contributions.statement": Refused(
        lambda e: contributions.statement(e.db, e.npp, actor=e.actor)
    ),
    "counters.next_value": SESSION,
    # the dashboard
    "dashboard.build": Exempt("pure: builds from YearFacts, which load_year reads in scope"),
    "dashboard.load": Refused(
        lambda e: dashboard.load(e.db, Period(2018, 3), ELSEWHERE, actor=e.actor)
    ),
    "dashboard.kpi_records": PURE,
    "dashboard.segment_records": PURE,
    "dashboard.claim_records": PURE,
    "dashboard.arrears_records": PURE,
    "dashboard.round_projection": PURE,
    "database_probe.probe": WORKSTATION,
    "database_probe.url_of": PURE,
    "demo.plan.largest_remainder": PURE,
    "demo.writer.BulkWriter": Exempt("the demo generator (administrator, a new file)"),
    "demo.side.column_rows": Exempt("the demo generator's rows, from their columns: no database"),
    "demo.side.insert_rows": Exempt("the demo generator's writes to its own new file"),
    "demo.run.generate_demo": Exempt("the demo generator (administrator, a new file)"),
    "demo.run.populate_database": Exempt("the demo generator (administrator, a new file)"),
    "demo.run.Builder": Exempt("the demo generator (administrator, a new file)"),
    "demo.base.BuilderBase": Exempt("the demo generator (administrator, a new file)"),
    "demo.office.OfficeSteps": Exempt("the demo generator (administrator, a new file)"),
    "demo.members.MemberSteps": Exempt("the demo generator (administrator, a new file)"),
    "demo.claims.ClaimSteps": Exempt("the demo generator (administrator, a new file)"),
    "demo.billing.BillingSteps": Exempt("the demo generator (administrator, a new file)"),
    "demo.arrears.ArrearsSteps": Exempt("the demo generator (administrator, a new file)"),
    # search and lists
    "directory.search": Hidden(lambda e: directory.search(e.db, e.kpj, actor=e.actor)),
    "directory.WorkerQuery": Hidden(
        lambda e: directory.WorkerQuery(
            e.db, directory.WorkerFilter(office_code=ELSEWHERE), actor=e.actor
        ).count()
    ),
    "directory.EmployerQuery": Hidden(
        lambda e: directory.EmployerQuery(
            e.db, directory.EmployerFilter(office_code=ELSEWHERE), actor=e.actor
        ).count()
    ),
    "directory.person_record": Refused(
        lambda e: directory.person_record(e.db, e.person_id, actor=e.actor)
    ),
    "directory.person_of_kpj": Hidden(
        lambda e: directory.person_of_kpj(e.db, e.kpj, actor=e.actor)
    ),
    # drill-downs behind a figure
    **{
        f"drilldown.{name}": Hidden(
            lambda e, kind=kind: drilldown.records(
                e.db,
                drilldown.RecordFilter(
                    kind, "t", (ELSEWHERE,), first=date(2000, 1, 1), last=date(2018, 12, 31)
                ),
                actor=e.actor,
            ).count()
        )
        for name, kind in (
            ("EmployerRecords", "employers"),
            ("WorkerRecords", "workers"),
            ("PaymentRecords", "payments"),
            ("ArrearsRecords", "arrears"),
            ("ClaimRecords", "claims"),
        )
    },
    "drilldown.records": Hidden(
        lambda e: drilldown.records(
            e.db,
            drilldown.RecordFilter(
                "claims", "t", (ELSEWHERE,), first=date(2000, 1, 1), last=date(2018, 12, 31)
            ),
            actor=e.actor,
        ).count()
    ),
    # the employer page
    "employer_view.follow_up_label": PURE,
    "employer_view.case_status_label": PURE,
    "employer_view.reference_date": STATUS,
    **{
        f"employer_view.{name}": Refused(
            lambda e, name=name: getattr(employer_view, name)(e.db, e.npp, actor=e.actor)
        )
        for name in ("employer_summary", "bills", "payments", "arrears", "claims", "timeline")
    },
    "employer_view.overview": Refused(lambda e: employer_view.overview(e.db, e.npp, actor=e.actor)),
    # the dashboard's facts
    "facts.year_periods": PURE,
    "facts.facts_status": STATUS,
    "facts.rebuild_facts": STATUS,
    "facts.refresh_facts": STATUS,
    "facts.load_year": Hidden(
        lambda e: [o for o in facts.load_year(e.db, 2018, actor=e.actor).offices],
        lambda offices: [o for o in offices if o.code == ELSEWHERE],
    ),
    # heirs
    "heirs.list_heirs": Refused(lambda e: heirs.list_heirs(e.db, e.person_id, actor=e.actor)),
    "heirs.heirs_of_kpj": Refused(lambda e: heirs.heirs_of_kpj(e.db, e.kpj, actor=e.actor)),
    "heirs.heirs_in_session": SESSION,
    "heirs.add_in_session": SESSION,
    "heirs.add_heir": Refused(
        lambda e: heirs.add_heir(
            e.db, e.actor, e.person_id, heirs.HeirInput("ANAK", HeirRelation.ANAK)
        )
    ),
    "heirs.update_heir": Refused(
        lambda e: heirs.update_heir(
            e.db, e.actor, e.heir_id, heirs.HeirInput("ANAK", HeirRelation.ANAK)
        )
    ),
    "heirs.remove_heir": Refused(lambda e: heirs.remove_heir(e.db, e.actor, e.heir_id)),
    # imports
    "imports.dry_run": Refused(lambda e: imports.dry_run(e.db, e.actor, e.npp, e.tmp / "x.xlsx")),
    "imports.commit": Refused(lambda e: imports.commit(e.db, e.actor, e.npp, e.tmp / "x.xlsx")),
    "imports.write_template": PURE,
    "imports.write_problems": Exempt("writes the report a dry run already returned to the asker"),
    # JHT accounts
    "jht_account.memberships_of": SESSION,
    "jht_account.contribution_months": SESSION,
    "jht_account.withdrawals_of": SESSION,
    "jht_account.post_withdrawal": SESSION,
    "jht_account.post_paid_claims": SESSION,
    "jht_account.account": Refused(lambda e: jht_account.account(e.db, e.kpj, actor=e.actor)),
    "jht_account.account_of_person": Refused(
        lambda e: jht_account.account_of_person(e.db, e.person_id, actor=e.actor)
    ),
    "jht_account.merge_kpj": Refused(
        lambda e: jht_account.merge_kpj(e.db, e.actor, e.kpj, e.kpj, "kartu ganda")
    ),
    # members and employers
    "membership_common.employer_in_scope": SESSION,
    "membership_common.membership_in_scope": SESSION,
    "membership_common.membership_of_kpj": SESSION,
    "membership_common.office_by_code": SESSION,
    "membership_common.person_identity": PURE,
    "membership_common.member_description": SESSION,
    "employer_registry.register_employer": Exempt(
        "scope-checked after the form's checks (worker_registry._require_office): see "
        "test_a_branch_cannot_register_for_another_branch"
    ),
    "employer_registry.get_employer": Refused(
        lambda e: employer_registry.get_employer(e.db, e.npp, actor=e.actor)
    ),
    "employer_registry.get_employer_detail": Refused(
        lambda e: employer_registry.get_employer_detail(e.db, e.npp, actor=e.actor)
    ),
    "worker_registry.validate_worker": Exempt("checks a form, reads no record of another branch"),
    "worker_registry.register_worker": Exempt(
        "scope-checked after the form's checks (worker_registry._require_office)"
    ),
    "worker_registry.pu_programmes": PURE,
    "worker_registry.end_reason_label": PURE,
    "worker_registry.end_reasons_for": PURE,
    "worker_registry.end_membership": Refused(
        lambda e: worker_registry.end_membership(
            e.db, e.actor, e.kpj, date(2018, 4, 2), EndReason.MENGUNDURKAN_DIRI
        )
    ),
    "worker_registry.get_member": Refused(
        lambda e: worker_registry.get_member(e.db, kpj=e.kpj, actor=e.actor)
    ),
    "worker_registry.active_members_of": Hidden(
        lambda e: worker_registry.active_members_of(e.db, e.npp, date(2018, 4, 2), actor=e.actor)
    ),
    "worker_registry.get_member_detail": Refused(
        lambda e: worker_registry.get_member_detail(e.db, e.kpj, actor=e.actor)
    ),
    "similar_members.find_similar": Exempt(
        "the duplicate check before a registration looks across the region, so one person is "
        "not registered twice at two branches"
    ),
    "worker_registry.wage_warning": PURE,
    "member_changes.update_person": Refused(
        lambda e: member_changes.update_person(
            e.db, e.actor, e.person_id, membership_common.PersonChanges(phone="0811")
        )
    ),
    "member_changes.update_membership": Refused(
        lambda e: member_changes.update_membership(
            e.db, e.actor, e.kpj, membership_common.MembershipChanges(job_title="STAF")
        )
    ),
    "member_changes.update_worker": Refused(
        lambda e: member_changes.update_worker(
            e.db, e.actor, e.kpj, person=membership_common.PersonChanges(phone="0811")
        )
    ),
    "member_changes.move_worker": Refused(
        lambda e: member_changes.move_worker(e.db, e.actor, e.kpj, e.npp, date(2018, 4, 2))
    ),
    "member_changes.reactivation_refusal": PURE,
    "member_changes.reactivate": Refused(
        lambda e: member_changes.reactivate(e.db, e.actor, e.kpj, date(2018, 4, 2))
    ),
    "agents_projects.get_project": Refused(
        lambda e: agents_projects.get_project(e.db, e.project_no, actor=e.actor)
    ),
    "agents_projects.get_agent": Refused(
        lambda e: agents_projects.get_agent(e.db, e.agent_nik, actor=e.actor)
    ),
    "agents_projects.register_agent": Refused(
        lambda e: agents_projects.register_agent(
            e.db,
            e.actor,
            nik="3515014101900001",
            name="AGEN BARU",
            office_code=ELSEWHERE,
            joined_on=date(2018, 4, 2),
        )
    ),
    "agents_projects.register_project": Refused(
        lambda e: register_project(e.db, e.actor, e.npp, name="GUDANG", regency_code="3515")
    ),
    # month close: the head of a branch closes only the own office (a permission, as before)
    "month_close.closes": STATUS,
    "month_close.closed_office_ids": SESSION,
    "month_close.is_closed": STATUS,
    "month_close.find_corrections": SESSION,
    "month_close.preview_close": Exempt(
        "an office-level permission (month_close._check_may_close: own office, or the region)"
    ),
    "month_close.close_month": Exempt(
        "an office-level permission (month_close._check_may_close: own office, or the region)"
    ),
    "month_close.record_corrections": SESSION,
    "month_close.adjustments": STATUS,
    # office settings
    **{
        f"office_settings.{name}": SETTINGS
        for name in [
            "office_letterhead",
            "paper_footer",
            "letterhead_offices",
            "letterhead",
            "set_letterhead",
            "sla_settings",
            "sla_field",
            "set_sla_days",
            "day_name",
            "holiday_year",
            "holidays",
            "add_holiday",
            "remove_holiday",
            "idle_lock_minutes",
            "set_idle_lock_minutes",
        ]
    },
    "pds.pds_findings": Refused(
        lambda e: pds.pds_findings(e.db, e.period, ELSEWHERE, actor=e.actor)
    ),
    # Perisai
    "personal.reveal": Refused(
        lambda e: personal.reveal(e.db, e.actor, "membership", e.membership_id, "cek KTP")
    ),
    "personal.record_export": Exempt(
        "records an export the caller has already read within its scope; reads no records"
    ),
    "perisai.list_agents": Hidden(lambda e: perisai.list_agents(e.db, actor=e.actor), _sda),
    "perisai.agent_detail": Refused(
        lambda e: perisai.agent_detail(e.db, e.agent_nik, period=Period(2018, 3), actor=e.actor)
    ),
    "perisai.register_agent": Refused(
        lambda e: perisai.register_agent(
            e.db,
            e.actor,
            perisai.AgentInput("3515014101900001", "AGEN BARU", ELSEWHERE, date(2018, 4, 2)),
        )
    ),
    "perisai.end_agent": Refused(
        lambda e: perisai.end_agent(e.db, e.actor, e.agent_nik, date(2018, 4, 2), "berhenti")
    ),
    "perisai.end_idle_agents": Hidden(
        lambda e: perisai.end_idle_agents(e.db, e.actor, date(2018, 4, 2)),
        lambda niks: [n for n in niks if n == "never"],
    ),
    "perisai.rejoin_agent": Refused(
        lambda e: perisai.rejoin_agent(e.db, e.actor, e.agent_nik, date(2018, 4, 2))
    ),
    "perisai.record_bpu_payment": Refused(
        lambda e: perisai.record_bpu_payment(e.db, e.actor, e.kpj, 100_000, date(2018, 4, 2))
    ),
    # reports
    "reports.sum_rows": PURE,
    "reports.monthly_summary": Refused(
        lambda e: reports.monthly_summary(e.db, e.period, ELSEWHERE, actor=e.actor)
    ),
    "reports.sla_overrides": SESSION,
    "reports.flatten": PURE,
    "reports.unflatten": PURE,
    "reports.fact_label": PURE,
    "reports.summary_to_json": PURE,
    "reports.snapshot_hash": PURE,
    "reports.summary_from_json": PURE,
    "reports.closed_summary": Refused(
        lambda e: reports.closed_summary(e.db, e.period, ELSEWHERE, actor=e.actor)
    ),
    "reports.frozen_rows": SESSION,
    "reports.report_summary": Refused(
        lambda e: reports.report_summary(e.db, e.period, None, actor=e.actor)
    ),
    "reports.export_monthly": Refused(
        lambda e: reports.export_monthly(e.db, e.actor, e.period, e.tmp / "m.xlsx", ELSEWHERE)
    ),
    "reports.list_offices": Hidden(
        lambda e: reports.list_offices(e.db, actor=e.actor),
        lambda rows: [r for r in rows if r.code in (ELSEWHERE, "JTM")],
    ),
    "reports.latest_period": STATUS,
    "reports.monthly_summaries": Refused(
        lambda e: reports.monthly_summaries(e.db, [e.period], ELSEWHERE, actor=e.actor)
    ),
    "reports.scope_offices": SESSION,
    "reports.month_targets": SESSION,
    "reports.month_adjustments": SESSION,
    # the monthly facts read for the overview and the export (issue #14's speed)
    "facts.facts_year": STATUS,
    "facts.facts_summary": Refused(
        lambda e: facts.facts_summary(e.db, e.period, ELSEWHERE, actor=e.actor)
    ),
    "facts.reported_summary": Refused(
        lambda e: facts.reported_summary(e.db, e.period, ELSEWHERE, actor=e.actor)
    ),
    "facts.summary_to_show": Refused(
        lambda e: facts.summary_to_show(e.db, e.period, ELSEWHERE, actor=e.actor)
    ),
    # keyset paging: helpers of the scoped list queries (directory, arrears worklist)
    "keyset.KeysetList": SESSION,
    "keyset.anchors": SESSION,
    "keyset.in_key_order": SESSION,
    "keyset.key_at": SESSION,
    "keyset.key_from": SESSION,
    "keyset.keys_between": SESSION,
    "keyset.page_keys": SESSION,
    "keyset.skeleton": SESSION,
    # the scope mechanism
    **{
        f"scope.{name}": MECHANISM
        for name in [
            "is_regional",
            "offices_in_scope",
            "in_scope",
            "person_in_scope",
            "office_visible",
            "refuse",
            "require_in_scope",
            "office_family",
            "person_found_in_scope",
            "found_in_scope",
            "record_refusal",
            "guarded",
            "check",
            "check_office",
            "office_codes",
        ]
    },
    # targets
    "targets.set_targets": Refused(
        lambda e: targets.set_targets(
            e.db, e.actor, [targets.TargetRow(ELSEWHERE, Kpi.BU_BARU, "2018-05", 10)]
        )
    ),
    "targets.plan_errors": PURE,
    "targets.targets_for": Hidden(lambda e: targets.targets_for(e.db, 2018, actor=e.actor), _sda),
    "targets.target_offices": SESSION,
    "targets.target_grid": Hidden(
        lambda e: targets.target_grid(e.db, 2018, Kpi.BU_BARU, actor=e.actor).offices,
        lambda offices: [o for o in offices if o.code == ELSEWHERE],
    ),
    "targets.save_grid": Refused(
        lambda e: targets.save_grid(e.db, e.actor, 2018, Kpi.BU_BARU, {(ELSEWHERE, 5): 10})
    ),
    "targets.copy_targets": Hidden(lambda e: copied(e), lambda written: written),
    "targets.write_template": Refused(
        lambda e: targets.write_template(e.db, e.tmp / "p.xlsx", 2018, ELSEWHERE, actor=e.actor)
    ),
    "targets.import_plan": Exempt(
        "writes through the same office check as set_targets (targets._write_targets)"
    ),
    # wages
    "wage_history.wage_in": PURE,
    "wage_history.current_value": PURE,
    "wage_history.schedules": SESSION,
    "wage_history.record_first": SESSION,
    "wage_history.check_valid_from": PURE,
    "wage_history.record_change": SESSION,
    "wage_history.wage_history": Refused(
        lambda e: wage_history.wage_history(e.db, e.kpj, actor=e.actor)
    ),
    "wage_history.person_wage_history": Refused(
        lambda e: wage_history.person_wage_history(e.db, e.person_id, actor=e.actor)
    ),
    "work_calendar.work_calendar": SETTINGS,
    "work_calendar.fast_calendar": SETTINGS,
    "work_calendar.reference_date": STATUS,
    # the papers a screen writes to a file the user chose (built by scoped services first)
    "papers.pdf_file": PURE,
    # opening a database and signing in: before anyone is signed in, the whole file
    "workstation.database_url": PURE,
    "workstation.describe_database": PURE,
    **{
        f"workstation.{name}": Exempt("opens the whole database file, before anyone signs in")
        for name in ["open_database", "open_read_only", "prepare_queries"]
    },
    **{
        f"workstation.{name}": ADMIN
        for name in ["needs_first_admin", "sign_in", "claim", "create_first_admin"]
    },
}


def copied(e: Elsewhere) -> int:
    """Copying Sidoarjo's targets finds none to copy (a ValidationError saying so)."""
    try:
        return targets.copy_targets(e.db, e.actor, 2018, 2019, 1, office_codes=[ELSEWHERE])
    except ValidationError as error:
        return 0 if "Tidak ada target" in error.message else -1


def public_entry_points() -> set[str]:
    """Every public function and class (not a plain record type) of every services module."""
    found = set()
    for info in pkgutil.walk_packages(services_package.__path__, "bpjs_desktop.services."):
        module = importlib.import_module(info.name)
        path = info.name.removeprefix("bpjs_desktop.services.")  # "demo.run" in a package
        for name, obj in vars(module).items():
            if name.startswith("_") or getattr(obj, "__module__", None) != module.__name__:
                continue
            if inspect.isclass(obj):
                if dataclasses.is_dataclass(obj) or issubclass(obj, (enum.Enum, BaseException)):
                    continue  # a record type, a choice list or an error: holds data, reads none
                found.add(f"{path}.{name}")
            elif inspect.isfunction(obj):
                found.add(f"{path}.{name}")
    return found


def test_every_service_entry_point_is_in_the_table() -> None:
    """A new public service without a scope entry (how it refuses, or why it need not) fails."""
    found = public_entry_points()
    missing = sorted(found - set(ENTRY_POINTS))
    stale = sorted(set(ENTRY_POINTS) - found)
    assert missing == [], (
        f"add to ENTRY_POINTS (a scoped call, or Exempt with the reason): {missing}"
    )
    assert stale == [], f"no longer in the services: {stale}"


CHECKED = sorted(name for name, entry in ENTRY_POINTS.items() if not isinstance(entry, Exempt))


@pytest.mark.parametrize("name", CHECKED)
def test_a_branch_does_not_reach_another_branchs_records(name: str, elsewhere: Elsewhere) -> None:
    """Each scoped entry point, asked by the head of KC Gresik for KC Sidoarjo's records."""
    entry = ENTRY_POINTS[name]
    before = refusals(elsewhere.db)
    if isinstance(entry, Refused):
        with pytest.raises(NotFoundError) as caught:
            entry.call(elsewhere)
        assert "tidak ada" in caught.value.message  # as if it did not exist
        assert refusals(elsewhere.db) == before + 1  # … and on the audit trail
    else:
        assert isinstance(entry, Hidden)
        assert not entry.leak(entry.call(elsewhere))


def test_the_refusal_names_who_and_what_but_never_a_nik(elsewhere: Elsewhere) -> None:
    """The audit event says who asked, the kind of record and its key (a person by id)."""
    with pytest.raises(NotFoundError):
        directory.person_record(elsewhere.db, elsewhere.person_id, actor=elsewhere.actor)
    with elsewhere.db.read() as s:
        event = s.scalars(select(AuditEvent).order_by(AuditEvent.id.desc()).limit(1)).one()
        nik = s.scalar(
            select(func.min(Membership.kpj)).where(Membership.person_id == elsewhere.person_id)
        )
    assert (event.action, event.username) == (scope.REFUSED_ACTION, "kepala.grs")
    assert (event.entity, event.entity_id) == ("person", str(elsewhere.person_id))
    assert nik is not None
    from bpjs_desktop.db.models import Person

    with elsewhere.db.read() as s:
        person_nik = s.scalar(select(Person.nik).where(Person.id == elsewhere.person_id))
    assert person_nik and person_nik not in event.detail


def test_the_same_calls_work_in_the_own_branch(elsewhere: Elsewhere) -> None:
    """The head of KC Sidoarjo opens what Gresik's head was refused; the region sees both."""
    with elsewhere.db.read() as s:
        user = s.scalar(select(User).where(User.username == "kepala.sda"))
        assert user is not None
    sidoarjo = Actor(user.id, user.username, user.full_name, user.role, user.office_id)
    region = Actor(None, "kanwil", "KEPALA KANWIL", Role.KEPALA_KANWIL, None)
    for actor in (sidoarjo, region):
        assert claims.get_claim(elsewhere.db, elsewhere.claim_no, actor=actor)[0].claim_no == (
            elsewhere.claim_no
        )
        assert employer_view.overview(elsewhere.db, elsewhere.npp, actor=actor).summary.npp == (
            elsewhere.npp
        )
        assert [h.key for h in directory.search(elsewhere.db, elsewhere.kpj, actor=actor)] == [
            elsewhere.kpj
        ]
    assert refusals(elsewhere.db) == 0


def _scoped_services() -> set[str]:
    """The services that take the asker as ``actor=`` (keyword, default None: the region)."""
    names = set()
    for info in pkgutil.walk_packages(services_package.__path__, "bpjs_desktop.services."):
        module = importlib.import_module(info.name)
        for name, obj in vars(module).items():
            if name.startswith("_") or getattr(obj, "__module__", None) != module.__name__:
                continue
            if not (inspect.isfunction(obj) or inspect.isclass(obj)):
                continue
            try:
                parameter = inspect.signature(obj).parameters.get("actor")
            except (TypeError, ValueError):
                continue
            if parameter is not None and parameter.kind is parameter.KEYWORD_ONLY:
                names.add(name)
    return names - {"generate_demo", "populate_database"}


def test_the_screens_pass_the_signed_in_user_to_every_scoped_service() -> None:
    """A screen that calls a scoped service without ``actor=`` would show the whole region
    (None is the command line's regional view): every call in bpjs_desktop/ui names the user."""
    import ast

    scoped = _scoped_services()
    ui = Path(services_package.__file__).parent.parent / "ui"
    forgotten = []
    for path in sorted(ui.rglob("*.py")):  # every desk's folder (ui/membership/, ui/claims/, …)
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            function = node.func
            name = (
                function.attr
                if isinstance(function, ast.Attribute)
                else function.id
                if isinstance(function, ast.Name)
                else None
            )
            # Only calls into the services: the first argument is the database.
            if name not in scoped or not node.args:
                continue
            first = ast.unparse(node.args[0])
            if not (first == "db" or first.endswith(".db")):
                continue
            if not any(keyword.arg == "actor" for keyword in node.keywords):
                forgotten.append(f"{path.name}:{node.lineno} {name}")
    assert forgotten == []
