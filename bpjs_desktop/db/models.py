"""SQLAlchemy 2 models: the data picture of design.md, no business rules.

Money is whole rupiah in ``BigInteger``; dates are ``Date``; moments are UTC (:class:`UtcDateTime`).
Enumerations are stored as short strings with a CHECK constraint, so the same schema runs on
SQLite and PostgreSQL and reads plainly in either.
"""

from __future__ import annotations

import enum
from datetime import UTC, date, datetime
from typing import Any, ClassVar

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Computed,
    Date,
    DateTime,
    Dialect,
    Enum,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
    event,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

# The choice lists the screens name live in the domain (the ui does not import this module);
# they are re-exported here for the services that read them beside the tables.
from bpjs_desktop.domain.arrears import CaseStatus as CaseStatus
from bpjs_desktop.domain.arrears import FollowUpKind as FollowUpKind
from bpjs_desktop.domain.claims import ClaimState, ClaimType
from bpjs_desktop.domain.kpis import Kpi as Kpi
from bpjs_desktop.domain.programmes import EndReason as EndReason
from bpjs_desktop.domain.programmes import Segment as SegmentEnum
from bpjs_desktop.domain.programmes import SizeClass
from bpjs_desktop.domain.roles import OfficeKind as OfficeKind
from bpjs_desktop.domain.roles import Role as Role

# Named constraints, so that Alembic's batch mode on SQLite can find and rebuild them.
NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UtcDateTime(TypeDecorator[datetime]):
    """An aware UTC datetime, stored naive-UTC (SQLite keeps no zone) and read back aware."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC)


def utcnow() -> datetime:
    return datetime.now(UTC)


def _enum(enum_class: type[enum.Enum], name: str) -> Enum:
    return Enum(
        enum_class,
        name=name,
        native_enum=False,
        create_constraint=True,
        length=20,
        values_callable=lambda e: [m.value for m in e],
        validate_strings=True,
    )


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map: ClassVar[dict[Any, Any]] = {datetime: UtcDateTime(), int: Integer}


Money = BigInteger


class EmployerStatus(enum.StrEnum):
    AKTIF = "AKTIF"
    NONAKTIF = "NONAKTIF"


# --- reference data ----------------------------------------------------------------------------


class Office(Base):
    __tablename__ = "office"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(8), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    kind: Mapped[OfficeKind] = mapped_column(_enum(OfficeKind, "office_kind"))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("office.id"))
    city: Mapped[str] = mapped_column(String(80), default="")
    # Regency/city codes (4 digits, comma-separated) the office serves.
    regencies: Mapped[str] = mapped_column(String(200), default="")
    valid_from: Mapped[date] = mapped_column(Date)
    valid_to: Mapped[date | None] = mapped_column(Date)
    # Letterhead lines for receipts and letters.
    address: Mapped[str] = mapped_column(String(200), default="")
    phone: Mapped[str] = mapped_column(String(40), default="")

    parent: Mapped[Office | None] = relationship(remote_side="Office.id")


class User(Base):
    __tablename__ = "app_user"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(40), unique=True)
    full_name: Mapped[str] = mapped_column(String(120))
    role: Mapped[Role] = mapped_column(_enum(Role, "role"))
    office_id: Mapped[int | None] = mapped_column(ForeignKey("office.id"))
    password_hash: Mapped[str] = mapped_column(String(200))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Sign-in throttling (services/auth.py): failures in a row since the last success, when the
    # last one happened (the next attempt waits longer after each), and until when the account is
    # locked after too many. An administrator's ``user unlock`` clears all three.
    failed_logins: Mapped[int] = mapped_column(default=0, server_default="0")
    last_failed_at: Mapped[datetime | None] = mapped_column()
    locked_until: Mapped[datetime | None] = mapped_column()


class Setting(Base):
    """Office settings as key/value text (letterhead, ageing buckets, demo marker)."""

    __tablename__ = "setting"

    key: Mapped[str] = mapped_column(String(60), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class Counter(Base):
    """Sequences for numbers the app issues (KPJ per year, NPP, claim numbers per office-month).

    Incremented with ``UPDATE … RETURNING`` inside the issuing transaction, so two workstations on
    one database never issue the same number.
    """

    __tablename__ = "counter"

    name: Mapped[str] = mapped_column(String(60), primary_key=True)
    value: Mapped[int] = mapped_column(BigInteger, default=0)


# --- members -----------------------------------------------------------------------------------


class Employer(Base):
    __tablename__ = "employer"
    __table_args__ = (
        CheckConstraint("risk_group BETWEEN 1 AND 5", name="risk_group"),
        # Active employers as of a date, per office, from the index alone (monthly summary).
        Index("ix_employer_office_dates", "office_id", "registered_on", "na_date"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    npp: Mapped[str] = mapped_column(String(8), unique=True)
    name: Mapped[str] = mapped_column(String(160), index=True)
    legal_form: Mapped[str] = mapped_column(String(20), default="")
    npwp15: Mapped[str | None] = mapped_column(String(15))
    npwp16: Mapped[str | None] = mapped_column(String(16))
    nib: Mapped[str | None] = mapped_column(String(13))
    kbli: Mapped[str] = mapped_column(String(5))
    risk_group: Mapped[int] = mapped_column(Integer)
    size_class: Mapped[SizeClass] = mapped_column(_enum(SizeClass, "size_class"))
    labour_intensive: Mapped[bool] = mapped_column(Boolean, default=False)
    programmes: Mapped[str] = mapped_column(String(24))
    office_id: Mapped[int] = mapped_column(ForeignKey("office.id"))
    address: Mapped[str] = mapped_column(String(200), default="")
    regency_code: Mapped[str] = mapped_column(String(4))
    postal_code: Mapped[str] = mapped_column(String(5), default="")
    contact_name: Mapped[str] = mapped_column(String(120), default="")
    contact_phone: Mapped[str] = mapped_column(String(30), default="")
    contact_email: Mapped[str] = mapped_column(String(120), default="")
    ar_user_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    registered_on: Mapped[date] = mapped_column(Date)
    status: Mapped[EmployerStatus] = mapped_column(_enum(EmployerStatus, "employer_status"))
    na_date: Mapped[date | None] = mapped_column(Date)  # BLTH NA: non-active from this date
    na_reason: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    office: Mapped[Office] = relationship()


class Person(Base):
    __tablename__ = "person"

    id: Mapped[int] = mapped_column(primary_key=True)
    nik: Mapped[str] = mapped_column(String(16), unique=True)
    name: Mapped[str] = mapped_column(String(120), index=True)
    birth_place: Mapped[str] = mapped_column(String(80), default="")
    birth_date: Mapped[date] = mapped_column(Date)
    sex: Mapped[str] = mapped_column(String(1))
    mother_name: Mapped[str] = mapped_column(String(120), default="")
    regency_code: Mapped[str] = mapped_column(String(4))
    phone: Mapped[str] = mapped_column(String(30), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    __table_args__ = (
        CheckConstraint("sex IN ('L', 'P')", name="sex"),
        # Near-duplicate checks at registration read people born the same day (revision 0005).
        Index("ix_person_birth_date", "birth_date"),
    )


class Agent(Base):
    """A Perisai agent (Penggerak Jaminan Sosial Indonesia) who recruits informal workers."""

    __tablename__ = "agent"

    id: Mapped[int] = mapped_column(primary_key=True)
    nik: Mapped[str] = mapped_column(String(16), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    office_id: Mapped[int] = mapped_column(ForeignKey("office.id"), index=True)
    joined_on: Mapped[date] = mapped_column(Date)
    ended_on: Mapped[date | None] = mapped_column(Date)
    end_reason: Mapped[str | None] = mapped_column(String(200))


class Project(Base):
    """A construction project (Jakon): its contractor, value and one-off contribution."""

    __tablename__ = "project"

    id: Mapped[int] = mapped_column(primary_key=True)
    project_no: Mapped[str] = mapped_column(String(20), unique=True)
    employer_id: Mapped[int] = mapped_column(ForeignKey("employer.id"), index=True)
    office_id: Mapped[int] = mapped_column(ForeignKey("office.id"))
    name: Mapped[str] = mapped_column(String(200))
    regency_code: Mapped[str] = mapped_column(String(4))
    contract_value: Mapped[int] = mapped_column(Money)
    contribution: Mapped[int] = mapped_column(Money)
    start_date: Mapped[date] = mapped_column(Date)
    end_date: Mapped[date] = mapped_column(Date)


class Membership(Base):
    """A person's membership in one segment: under an employer, a project, or on their own."""

    __tablename__ = "membership"
    __table_args__ = (
        # Active workers per office and segment as of a date, from the index alone.
        Index("ix_membership_summary", "office_id", "segment", "start_date", "end_date"),
        # The last month with records (reports.latest_period), read as each page opens (0006).
        Index("ix_membership_start_date", "start_date"),
        # The worker list sorted by segment, read a page by key (0010).
        Index("ix_membership_segment", "segment", "id"),
        CheckConstraint("end_date IS NULL OR end_date >= start_date", name="dates"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kpj: Mapped[str] = mapped_column(String(11), unique=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"), index=True)
    segment: Mapped[SegmentEnum] = mapped_column(_enum(SegmentEnum, "segment"))
    office_id: Mapped[int] = mapped_column(ForeignKey("office.id"))
    employer_id: Mapped[int | None] = mapped_column(ForeignKey("employer.id"), index=True)
    project_id: Mapped[int | None] = mapped_column(ForeignKey("project.id"), index=True)
    agent_id: Mapped[int | None] = mapped_column(ForeignKey("agent.id"), index=True)
    programmes: Mapped[str] = mapped_column(String(24))
    wage: Mapped[int | None] = mapped_column(Money)  # PU and Jakon: monthly wage
    declared_income: Mapped[int | None] = mapped_column(Money)  # BPU: declared income band
    contract_months: Mapped[int | None] = mapped_column(Integer)  # PMI: placement contract
    destination: Mapped[str | None] = mapped_column(String(60))  # PMI: country of placement
    job_title: Mapped[str] = mapped_column(String(80), default="")
    start_date: Mapped[date] = mapped_column(Date)
    end_date: Mapped[date | None] = mapped_column(Date)
    end_reason: Mapped[EndReason | None] = mapped_column(_enum(EndReason, "end_reason"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    person: Mapped[Person] = relationship()


class MembershipWage(Base):
    """The wage (PU, Jakon) or declared income (BPU) of a membership from a month on.

    Contributions, JHT credits and JP months of a past month use the wage in force in that month,
    not today's (issue #10): a raise must not rewrite what was owed and credited before it.
    ``membership.wage``/``declared_income`` stay the current value, for lists. A membership with
    no row here had one wage throughout (rows are written from revision 0007 on).
    """

    __tablename__ = "membership_wage"
    __table_args__ = (
        UniqueConstraint("membership_id", "valid_from"),
        CheckConstraint("wage >= 0", name="wage"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    membership_id: Mapped[int] = mapped_column(ForeignKey("membership.id"))
    valid_from: Mapped[str] = mapped_column(String(7))  # "YYYY-MM": first month of this wage
    wage: Mapped[int] = mapped_column(Money)
    reported_by: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    reported_at: Mapped[datetime] = mapped_column(default=utcnow)


class JhtEntryKind(enum.StrEnum):
    CREDIT = "CREDIT"  # a month's contribution (computed from paid months; not stored today)
    RETURN = "RETURN"  # a year's development yield (computed; not stored today)
    WITHDRAWAL = "WITHDRAWAL"  # a paid JHT claim (10 %, 30 % or the whole balance): stored
    MERGE = "MERGE"  # a KPJ joined to the person's account (the amount is for the record only)


class JhtEntry(Base):
    """One movement of a person's JHT account (one account over every KPJ of the person).

    Credits and yearly returns are derived from the paid contribution months each time (so a late
    payment or a corrected wage shows at once); what left the account (withdrawals) and the
    merges a branch made are facts that cannot be derived, so they are stored here. The balance a
    claim reads is credits + returns − withdrawals (services/jht_account.py).
    """

    __tablename__ = "jht_entry"
    __table_args__ = (
        Index("ix_jht_entry_person_period", "person_id", "period"),
        # A claim is paid once: one withdrawal per claim (NULLs are many on both databases).
        UniqueConstraint("claim_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"))
    membership_id: Mapped[int | None] = mapped_column(ForeignKey("membership.id"))
    period: Mapped[str] = mapped_column(String(7))  # "YYYY-MM"
    kind: Mapped[JhtEntryKind] = mapped_column(_enum(JhtEntryKind, "jht_entry_kind"))
    amount: Mapped[int] = mapped_column(Money)  # signed: a withdrawal is negative
    claim_id: Mapped[int | None] = mapped_column(ForeignKey("claim.id"))
    # A full withdrawal: the last contribution month it paid out. Credits of later months are
    # new money (a second KPJ, a return to work); earlier ones were paid and never count again.
    covers_until: Mapped[str | None] = mapped_column(String(7))
    note: Mapped[str] = mapped_column(String(300), default="")
    created_by: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class HeirRelationKind(enum.StrEnum):
    PASANGAN = "PASANGAN"  # spouse (janda/duda)
    ANAK = "ANAK"  # child
    ORANG_TUA = "ORANG_TUA"  # parent
    LAINNYA = "LAINNYA"  # other heir named in the heir statement


class Heir(Base):
    """An heir (ahli waris) of a member, kept with the person so that every claim reads the same
    family: JKM, JKK death, JP survivors, the scholarship years."""

    __tablename__ = "heir"
    __table_args__ = (
        CheckConstraint(
            "school_level IS NULL OR school_level IN ('TK', 'SD', 'SMP', 'SMA', 'PT')",
            name="school_level",
        ),
        CheckConstraint("rank BETWEEN 1 AND 4", name="rank"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"), index=True)  # the member
    name: Mapped[str] = mapped_column(String(120))
    nik: Mapped[str] = mapped_column(String(16), default="")
    relation: Mapped[HeirRelationKind] = mapped_column(_enum(HeirRelationKind, "heir_relation"))
    birth_date: Mapped[date | None] = mapped_column(Date)
    school_level: Mapped[str | None] = mapped_column(String(3))
    rank: Mapped[int] = mapped_column(Integer)  # order of entitlement: 1 spouse … 4 others
    documents_note: Mapped[str] = mapped_column(String(300), default="")
    statement_received: Mapped[bool] = mapped_column(Boolean, default=False)  # surat ahli waris
    id_received: Mapped[bool] = mapped_column(Boolean, default=False)  # KTP/KK/akta of the heir
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


# --- claims ------------------------------------------------------------------------------------


class Claim(Base):
    __tablename__ = "claim"
    __table_args__ = (
        # Claims paid in a period, per office and programme, with their amounts: index-only.
        Index("ix_claim_paid", "paid_on", "office_id", "programme", "amount"),
        Index("ix_claim_office_state", "office_id", "state"),
        # The worklist's default order (the longest-running service clock first), read by key:
        # ``ORDER BY clock_from, id`` after the key of the row above (services/keyset.py); under
        # a state (the open ones: a few of each state) from that state's own range of the index.
        Index("ix_claim_clock_from", "clock_from", "id"),
        Index("ix_claim_state_clock_from", "state", "clock_from", "id"),
        Index("ix_claim_submitted_on", "submitted_on", "id"),  # the list by submission day
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    claim_no: Mapped[str] = mapped_column(String(24), unique=True)
    membership_id: Mapped[int] = mapped_column(ForeignKey("membership.id"), index=True)
    office_id: Mapped[int] = mapped_column(ForeignKey("office.id"))
    claim_type: Mapped[ClaimType] = mapped_column(_enum(ClaimType, "claim_type"))
    programme: Mapped[str] = mapped_column(String(3))
    state: Mapped[ClaimState] = mapped_column(_enum(ClaimState, "claim_state"))
    reason: Mapped[str] = mapped_column(String(200), default="")
    event_date: Mapped[date] = mapped_column(Date)
    submitted_on: Mapped[date] = mapped_column(Date)
    decided_on: Mapped[date | None] = mapped_column(Date)
    paid_on: Mapped[date | None] = mapped_column(Date)
    amount: Mapped[int | None] = mapped_column(Money)
    bank_name: Mapped[str] = mapped_column(String(60), default="")
    bank_account: Mapped[str] = mapped_column(String(30), default="")
    logged_by: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    decided_by: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    rejection_reason: Mapped[str | None] = mapped_column(String(300))
    # Facts of the claim's type as JSON (the accident and its stages, the heirs, the JP choice…)
    # and, once decided, how the amount was reached, in words the officer can check.
    detail: Mapped[str] = mapped_column(Text, default="{}", server_default="{}")
    amount_basis: Mapped[str | None] = mapped_column(Text)
    docs_complete_on: Mapped[date | None] = mapped_column(Date)
    # The day the service-level clock starts (domain/service_level.py): the day the last document
    # came in, else the submission day. Kept by the database itself (a stored generated column),
    # so that it cannot drift from the two dates, and indexed: the worklist sorts on it.
    clock_from: Mapped[date] = mapped_column(
        Date, Computed("coalesce(docs_complete_on, submitted_on)", persisted=True)
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class ClaimDocument(Base):
    """A document of a claim's checklist, and when it was received (None: still missing)."""

    __tablename__ = "claim_document"
    __table_args__ = (UniqueConstraint("claim_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    claim_id: Mapped[int] = mapped_column(ForeignKey("claim.id"), index=True)
    code: Mapped[str] = mapped_column(String(30))
    received_on: Mapped[date | None] = mapped_column(Date)
    note: Mapped[str] = mapped_column(String(200), default="")
    recorded_by: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)


class Attachment(Base):
    """A scanned file kept inside the database, so backups and shared servers carry it too."""

    __tablename__ = "attachment"

    id: Mapped[int] = mapped_column(primary_key=True)
    claim_id: Mapped[int] = mapped_column(ForeignKey("claim.id"), index=True)
    document_code: Mapped[str | None] = mapped_column(String(30))
    file_name: Mapped[str] = mapped_column(String(200))
    mime: Mapped[str] = mapped_column(String(80))
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    content: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)
    added_by: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    added_at: Mapped[datetime] = mapped_column(default=utcnow)


class Holiday(Base):
    """A public holiday: not a working day for due dates and service-level clocks."""

    __tablename__ = "holiday"

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    name: Mapped[str] = mapped_column(String(120), default="")


class ClaimEvent(Base):
    """One change of a claim's state: when, by whom, and why."""

    __tablename__ = "claim_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    claim_id: Mapped[int] = mapped_column(ForeignKey("claim.id"), index=True)
    from_state: Mapped[ClaimState | None] = mapped_column(_enum(ClaimState, "from_state"))
    to_state: Mapped[ClaimState] = mapped_column(_enum(ClaimState, "to_state"))
    on_date: Mapped[date] = mapped_column(Date)
    at: Mapped[datetime] = mapped_column(default=utcnow)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    note: Mapped[str] = mapped_column(String(300), default="")


class PensionPayment(Base):
    """One monthly JP payment of a claim, to the member or to an heir (survivors' pension)."""

    __tablename__ = "pension_payment"
    __table_args__ = (
        UniqueConstraint("claim_id", "heir_id", "period"),
        CheckConstraint("amount >= 0", name="amount"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    claim_id: Mapped[int] = mapped_column(ForeignKey("claim.id"), index=True)
    heir_id: Mapped[int | None] = mapped_column(ForeignKey("heir.id"))
    period: Mapped[str] = mapped_column(String(7))  # "YYYY-MM"
    amount: Mapped[int] = mapped_column(Money)
    paid_on: Mapped[date | None] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class ScholarshipEntitlement(Base):
    """One school year of a child's scholarship (JKM/JKK death or total disability): applied for
    and paid year by year, at the level the child is at (domain.md §5.1)."""

    __tablename__ = "scholarship_entitlement"
    __table_args__ = (
        UniqueConstraint("claim_id", "heir_id", "school_year"),
        CheckConstraint("level IN ('TK', 'SD', 'SMP', 'SMA', 'PT')", name="level"),
        CheckConstraint("amount >= 0", name="amount"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    claim_id: Mapped[int] = mapped_column(ForeignKey("claim.id"), index=True)
    heir_id: Mapped[int] = mapped_column(ForeignKey("heir.id"))
    school_year: Mapped[int] = mapped_column(Integer)  # the year the school year starts
    level: Mapped[str] = mapped_column(String(3))
    amount: Mapped[int] = mapped_column(Money)
    applied_on: Mapped[date | None] = mapped_column(Date)
    paid_on: Mapped[date | None] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


# --- contributions and arrears ----------------------------------------------------------------


class ContributionBill(Base):
    """What one employer (or one informal member) owes for one month, per programme."""

    __tablename__ = "contribution_bill"
    __table_args__ = (
        UniqueConstraint("employer_id", "period"),
        UniqueConstraint("membership_id", "period"),
        CheckConstraint("(employer_id IS NULL) <> (membership_id IS NULL)", name="one_payer"),
        CheckConstraint("paid >= 0 AND paid <= amount", name="paid_range"),
        Index("ix_contribution_bill_office_period", "office_id", "period"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    employer_id: Mapped[int | None] = mapped_column(ForeignKey("employer.id"))
    membership_id: Mapped[int | None] = mapped_column(ForeignKey("membership.id"))
    office_id: Mapped[int] = mapped_column(ForeignKey("office.id"))
    period: Mapped[str] = mapped_column(String(7))  # "YYYY-MM"
    due_date: Mapped[date] = mapped_column(Date)
    worker_count: Mapped[int] = mapped_column(Integer, default=0)
    jkk: Mapped[int] = mapped_column(Money, default=0)
    jkm: Mapped[int] = mapped_column(Money, default=0)
    jht: Mapped[int] = mapped_column(Money, default=0)
    jp: Mapped[int] = mapped_column(Money, default=0)
    amount: Mapped[int] = mapped_column(Money)
    paid: Mapped[int] = mapped_column(Money, default=0)
    settled_on: Mapped[date | None] = mapped_column(Date)  # date the last rupiah was allocated
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Payment(Base):
    __tablename__ = "payment"
    __table_args__ = (
        Index("ix_payment_office_paid_on", "office_id", "paid_on"),
        CheckConstraint("amount > 0", name="amount_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    employer_id: Mapped[int | None] = mapped_column(ForeignKey("employer.id"), index=True)
    membership_id: Mapped[int | None] = mapped_column(ForeignKey("membership.id"), index=True)
    office_id: Mapped[int] = mapped_column(ForeignKey("office.id"))
    paid_on: Mapped[date] = mapped_column(Date)
    amount: Mapped[int] = mapped_column(Money)
    unallocated: Mapped[int] = mapped_column(Money, default=0)  # overpayment carried forward
    reference: Mapped[str] = mapped_column(String(60), default="")
    recorded_by: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class PaymentAllocation(Base):
    __tablename__ = "payment_allocation"

    id: Mapped[int] = mapped_column(primary_key=True)
    payment_id: Mapped[int] = mapped_column(ForeignKey("payment.id"), index=True)
    bill_id: Mapped[int] = mapped_column(ForeignKey("contribution_bill.id"), index=True)
    amount: Mapped[int] = mapped_column(Money)


class ArrearsCase(Base):
    """An employer in arrears on a year's target list, and where its follow-up stands."""

    __tablename__ = "arrears_case"
    __table_args__ = (
        Index("ix_arrears_case_target", "target_year", "office_id", "status"),
        UniqueConstraint("employer_id", "target_year"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    employer_id: Mapped[int] = mapped_column(ForeignKey("employer.id"))
    office_id: Mapped[int] = mapped_column(ForeignKey("office.id"))
    officer_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    target_year: Mapped[int] = mapped_column(Integer)
    opened_on: Mapped[date] = mapped_column(Date)
    first_period: Mapped[str] = mapped_column(String(7))
    last_period: Mapped[str] = mapped_column(String(7))
    principal: Mapped[int] = mapped_column(Money)  # owed when the case was opened
    fine: Mapped[int] = mapped_column(Money, default=0)
    stage: Mapped[FollowUpKind | None] = mapped_column(_enum(FollowUpKind, "follow_up_kind"))
    status: Mapped[CaseStatus] = mapped_column(_enum(CaseStatus, "case_status"))
    settled_on: Mapped[date | None] = mapped_column(Date)
    collected: Mapped[int] = mapped_column(Money, default=0)
    next_action_on: Mapped[date | None] = mapped_column(Date)


class FollowUp(Base):
    __tablename__ = "follow_up"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("arrears_case.id"), index=True)
    kind: Mapped[FollowUpKind] = mapped_column(_enum(FollowUpKind, "follow_up_kind"))
    done_on: Mapped[date] = mapped_column(Date)
    officer_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    number: Mapped[str] = mapped_column(String(60), default="")  # letter / SKK number
    outcome: Mapped[str] = mapped_column(String(300), default="")
    next_due_on: Mapped[date | None] = mapped_column(Date)
    promised_amount: Mapped[int | None] = mapped_column(Money)
    promised_on: Mapped[date | None] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Instalment(Base):
    """One instalment of a promise to pay or an instalment agreement on an arrears case."""

    __tablename__ = "instalment"
    __table_args__ = (UniqueConstraint("case_id", "follow_up_id", "sequence"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("arrears_case.id"), index=True)
    follow_up_id: Mapped[int | None] = mapped_column(ForeignKey("follow_up.id"))
    sequence: Mapped[int] = mapped_column(Integer)
    due_on: Mapped[date] = mapped_column(Date)
    amount: Mapped[int] = mapped_column(Money)
    paid: Mapped[int] = mapped_column(Money, default=0)
    settled_on: Mapped[date | None] = mapped_column(Date)


# --- targets and audit -------------------------------------------------------------------------


class Target(Base):
    __tablename__ = "target"
    __table_args__ = (UniqueConstraint("office_id", "kpi", "period"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    office_id: Mapped[int] = mapped_column(ForeignKey("office.id"))
    kpi: Mapped[Kpi] = mapped_column(_enum(Kpi, "kpi"))
    period: Mapped[str] = mapped_column(String(7))
    value: Mapped[int] = mapped_column(BigInteger)


class MonthClose(Base):
    """A closed month of an office (or the region): its summary frozen as it was reported."""

    __tablename__ = "month_close"
    __table_args__ = (UniqueConstraint("period", "scope_code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    period: Mapped[str] = mapped_column(String(7))
    scope_code: Mapped[str] = mapped_column(String(8))
    closed_at: Mapped[datetime] = mapped_column(default=utcnow)
    closed_by: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    snapshot: Mapped[str] = mapped_column(Text)  # the monthly summary as JSON
    sha256: Mapped[str] = mapped_column(String(64))


class Adjustment(Base):
    """A correction to a closed month, reported in a later month instead of rewriting history."""

    __tablename__ = "adjustment"
    __table_args__ = (Index("ix_adjustment_reported_in", "reported_in", "office_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    period: Mapped[str] = mapped_column(String(7))  # the closed month the correction is about
    reported_in: Mapped[str] = mapped_column(String(7))  # the month whose report shows it
    office_id: Mapped[int] = mapped_column(ForeignKey("office.id"))
    field: Mapped[str] = mapped_column(String(60))
    delta: Mapped[int] = mapped_column(BigInteger)
    reason: Mapped[str] = mapped_column(String(300))
    recorded_by: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)


class MonthlyFact(Base):
    """A KPI's realisation for one office and month, kept by the services for fast dashboards."""

    __tablename__ = "monthly_fact"

    office_id: Mapped[int] = mapped_column(ForeignKey("office.id"), primary_key=True)
    period: Mapped[str] = mapped_column(String(7), primary_key=True)
    kpi: Mapped[str] = mapped_column(String(40), primary_key=True)
    value: Mapped[int] = mapped_column(BigInteger)
    computed_at: Mapped[datetime] = mapped_column(default=utcnow)


class AuditEvent(Base):
    """One write: who, what, when. Each event's hash covers the previous one (a hash chain), so a
    row edited or deleted outside the app breaks ``bpjs-desktop audit verify``.

    The table is append-only: triggers (below, and revision 0008 for existing databases) refuse
    UPDATE and DELETE, and ids are never reused (SQLite AUTOINCREMENT; a PostgreSQL sequence never
    goes back), so a deleted newest event cannot be replaced by the next one under the same id.
    """

    __tablename__ = "audit_event"
    __table_args__ = ({"sqlite_autoincrement": True},)

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utcnow)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    username: Mapped[str] = mapped_column(String(60))
    action: Mapped[str] = mapped_column(String(60))
    entity: Mapped[str] = mapped_column(String(40))
    entity_id: Mapped[str] = mapped_column(String(40), default="")
    detail: Mapped[str] = mapped_column(Text, default="{}")
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64), unique=True)


# The append-only guard. Revision 0008 installs the same statements in existing databases (its own
# frozen copy); these listeners cover a schema made from the models (``Base.metadata.create_all``).
AUDIT_GUARD_SQLITE = (
    "CREATE TRIGGER audit_event_no_update BEFORE UPDATE ON audit_event "
    "BEGIN SELECT RAISE(ABORT, 'audit_event is append-only'); END",
    "CREATE TRIGGER audit_event_no_delete BEFORE DELETE ON audit_event "
    "BEGIN SELECT RAISE(ABORT, 'audit_event is append-only'); END",
)
AUDIT_GUARD_POSTGRESQL = (
    "CREATE OR REPLACE FUNCTION audit_event_append_only() RETURNS trigger LANGUAGE plpgsql AS "
    "$$ BEGIN RAISE EXCEPTION 'audit_event is append-only'; END $$",
    "CREATE TRIGGER audit_event_append_only BEFORE UPDATE OR DELETE ON audit_event "
    "FOR EACH ROW EXECUTE FUNCTION audit_event_append_only()",
)


@event.listens_for(AuditEvent.__table__, "after_create")
def _install_audit_guard(target: Any, connection: Any, **_kw: Any) -> None:
    statements = {"sqlite": AUDIT_GUARD_SQLITE, "postgresql": AUDIT_GUARD_POSTGRESQL}
    for statement in statements.get(connection.dialect.name, ()):
        connection.exec_driver_sql(statement)


def table_names() -> list[str]:
    return sorted(Base.metadata.tables)


def as_dict(row: Any) -> dict[str, Any]:
    """Column values of an ORM object (for audit details)."""
    return {c.key: getattr(row, c.key) for c in row.__table__.columns}
