"""initial schema

Revision ID: 0001
Revises:
Create Date: 2026-11-28 05:16:03.883853
"""


import sqlalchemy as sa
from alembic import op


revision: str = "0001"
down_revision: str | None = None


def upgrade() -> None:
    op.create_table(
        "counter",
        sa.Column("name", sa.String(length=60), nullable=False),
        sa.Column("value", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_counter")),
    )
    op.create_table(
        "office",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=8), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "KANWIL",
                "KC",
                "KCP",
                name="office_kind",
                native_enum=False,
                create_constraint=True,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column("parent_id", sa.Integer(), nullable=True),
        sa.Column("city", sa.String(length=80), nullable=False),
        sa.Column("regencies", sa.String(length=200), nullable=False),
        sa.Column("valid_from", sa.Date(), nullable=False),
        sa.Column("valid_to", sa.Date(), nullable=True),
        sa.Column("address", sa.String(length=200), nullable=False),
        sa.Column("phone", sa.String(length=40), nullable=False),
        sa.ForeignKeyConstraint(
            ["parent_id"], ["office.id"], name=op.f("fk_office_parent_id_office")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_office")),
        sa.UniqueConstraint("code", name=op.f("uq_office_code")),
    )
    op.create_table(
        "person",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("nik", sa.String(length=16), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("birth_place", sa.String(length=80), nullable=False),
        sa.Column("birth_date", sa.Date(), nullable=False),
        sa.Column("sex", sa.String(length=1), nullable=False),
        sa.Column("mother_name", sa.String(length=120), nullable=False),
        sa.Column("regency_code", sa.String(length=4), nullable=False),
        sa.Column("phone", sa.String(length=30), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint("sex IN ('L', 'P')", name=op.f("ck_person_sex")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_person")),
        sa.UniqueConstraint("nik", name=op.f("uq_person_nik")),
    )
    with op.batch_alter_table("person", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_person_name"), ["name"], unique=False)

    op.create_table(
        "setting",
        sa.Column("key", sa.String(length=60), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_setting")),
    )
    op.create_table(
        "agent",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("nik", sa.String(length=16), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("office_id", sa.Integer(), nullable=False),
        sa.Column("joined_on", sa.Date(), nullable=False),
        sa.Column("ended_on", sa.Date(), nullable=True),
        sa.Column("end_reason", sa.String(length=200), nullable=True),
        sa.ForeignKeyConstraint(
            ["office_id"], ["office.id"], name=op.f("fk_agent_office_id_office")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_agent")),
        sa.UniqueConstraint("nik", name=op.f("uq_agent_nik")),
    )
    with op.batch_alter_table("agent", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_agent_office_id"), ["office_id"], unique=False)

    op.create_table(
        "app_user",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("username", sa.String(length=40), nullable=False),
        sa.Column("full_name", sa.String(length=120), nullable=False),
        sa.Column(
            "role",
            sa.Enum(
                "ADMIN",
                "KEPALA",
                "PELAYANAN",
                "AR",
                "PEMERIKSA",
                name="role",
                native_enum=False,
                create_constraint=True,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column("office_id", sa.Integer(), nullable=True),
        sa.Column("password_hash", sa.String(length=200), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["office_id"], ["office.id"], name=op.f("fk_app_user_office_id_office")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_app_user")),
        sa.UniqueConstraint("username", name=op.f("uq_app_user_username")),
    )
    op.create_table(
        "target",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("office_id", sa.Integer(), nullable=False),
        sa.Column(
            "kpi",
            sa.Enum(
                "BU_AKTIF",
                "BU_BARU",
                "TK_PU",
                "TK_BPU",
                "TK_JAKON",
                "TK_PMI",
                "TK_BARU",
                "PERISAI_AKUISISI",
                "IURAN_DITERIMA",
                "PIUTANG_BU",
                "KLAIM_SLA",
                name="kpi",
                native_enum=False,
                create_constraint=True,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column("period", sa.String(length=7), nullable=False),
        sa.Column("value", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ["office_id"], ["office.id"], name=op.f("fk_target_office_id_office")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_target")),
        sa.UniqueConstraint(
            "office_id", "kpi", "period", name=op.f("uq_target_office_id_kpi_period")
        ),
    )
    op.create_table(
        "audit_event",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("username", sa.String(length=60), nullable=False),
        sa.Column("action", sa.String(length=60), nullable=False),
        sa.Column("entity", sa.String(length=40), nullable=False),
        sa.Column("entity_id", sa.String(length=40), nullable=False),
        sa.Column("detail", sa.Text(), nullable=False),
        sa.Column("prev_hash", sa.String(length=64), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["app_user.id"], name=op.f("fk_audit_event_user_id_app_user")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_event")),
        sa.UniqueConstraint("hash", name=op.f("uq_audit_event_hash")),
    )
    op.create_table(
        "employer",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("npp", sa.String(length=8), nullable=False),
        sa.Column("name", sa.String(length=160), nullable=False),
        sa.Column("legal_form", sa.String(length=20), nullable=False),
        sa.Column("npwp15", sa.String(length=15), nullable=True),
        sa.Column("npwp16", sa.String(length=16), nullable=True),
        sa.Column("nib", sa.String(length=13), nullable=True),
        sa.Column("kbli", sa.String(length=5), nullable=False),
        sa.Column("risk_group", sa.Integer(), nullable=False),
        sa.Column(
            "size_class",
            sa.Enum(
                "MIKRO",
                "KECIL",
                "MENENGAH",
                "BESAR",
                name="size_class",
                native_enum=False,
                create_constraint=True,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column("labour_intensive", sa.Boolean(), nullable=False),
        sa.Column("programmes", sa.String(length=24), nullable=False),
        sa.Column("office_id", sa.Integer(), nullable=False),
        sa.Column("address", sa.String(length=200), nullable=False),
        sa.Column("regency_code", sa.String(length=4), nullable=False),
        sa.Column("postal_code", sa.String(length=5), nullable=False),
        sa.Column("contact_name", sa.String(length=120), nullable=False),
        sa.Column("contact_phone", sa.String(length=30), nullable=False),
        sa.Column("contact_email", sa.String(length=120), nullable=False),
        sa.Column("ar_user_id", sa.Integer(), nullable=True),
        sa.Column("registered_on", sa.Date(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "AKTIF",
                "NONAKTIF",
                name="employer_status",
                native_enum=False,
                create_constraint=True,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column("na_date", sa.Date(), nullable=True),
        sa.Column("na_reason", sa.String(length=200), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint("risk_group BETWEEN 1 AND 5", name=op.f("ck_employer_risk_group")),
        sa.ForeignKeyConstraint(
            ["ar_user_id"], ["app_user.id"], name=op.f("fk_employer_ar_user_id_app_user")
        ),
        sa.ForeignKeyConstraint(
            ["office_id"], ["office.id"], name=op.f("fk_employer_office_id_office")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_employer")),
        sa.UniqueConstraint("npp", name=op.f("uq_employer_npp")),
    )
    with op.batch_alter_table("employer", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_employer_name"), ["name"], unique=False)
        batch_op.create_index(
            "ix_employer_office_dates", ["office_id", "registered_on", "na_date"], unique=False
        )

    op.create_table(
        "arrears_case",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("employer_id", sa.Integer(), nullable=False),
        sa.Column("office_id", sa.Integer(), nullable=False),
        sa.Column("officer_id", sa.Integer(), nullable=True),
        sa.Column("target_year", sa.Integer(), nullable=False),
        sa.Column("opened_on", sa.Date(), nullable=False),
        sa.Column("first_period", sa.String(length=7), nullable=False),
        sa.Column("last_period", sa.String(length=7), nullable=False),
        sa.Column("principal", sa.BigInteger(), nullable=False),
        sa.Column("fine", sa.BigInteger(), nullable=False),
        sa.Column(
            "stage",
            sa.Enum(
                "TELEPON",
                "SURAT_1",
                "SURAT_2",
                "KUNJUNGAN",
                "PEMERIKSAAN",
                "PANGGILAN",
                "SKK",
                "KPKNL",
                "JANJI_BAYAR",
                "CICILAN",
                name="follow_up_kind",
                native_enum=False,
                create_constraint=True,
                length=20,
            ),
            nullable=True,
        ),
        sa.Column(
            "status",
            sa.Enum(
                "TERBUKA",
                "LUNAS",
                "KEJARI",
                "KPKNL",
                "NONAKTIF",
                "DIHAPUS",
                name="case_status",
                native_enum=False,
                create_constraint=True,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column("settled_on", sa.Date(), nullable=True),
        sa.Column("collected", sa.BigInteger(), nullable=False),
        sa.Column("next_action_on", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(
            ["employer_id"], ["employer.id"], name=op.f("fk_arrears_case_employer_id_employer")
        ),
        sa.ForeignKeyConstraint(
            ["office_id"], ["office.id"], name=op.f("fk_arrears_case_office_id_office")
        ),
        sa.ForeignKeyConstraint(
            ["officer_id"], ["app_user.id"], name=op.f("fk_arrears_case_officer_id_app_user")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_arrears_case")),
        sa.UniqueConstraint(
            "employer_id", "target_year", name=op.f("uq_arrears_case_employer_id_target_year")
        ),
    )
    with op.batch_alter_table("arrears_case", schema=None) as batch_op:
        batch_op.create_index(
            "ix_arrears_case_target", ["target_year", "office_id", "status"], unique=False
        )

    op.create_table(
        "project",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_no", sa.String(length=20), nullable=False),
        sa.Column("employer_id", sa.Integer(), nullable=False),
        sa.Column("office_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("regency_code", sa.String(length=4), nullable=False),
        sa.Column("contract_value", sa.BigInteger(), nullable=False),
        sa.Column("contribution", sa.BigInteger(), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("end_date", sa.Date(), nullable=False),
        sa.ForeignKeyConstraint(
            ["employer_id"], ["employer.id"], name=op.f("fk_project_employer_id_employer")
        ),
        sa.ForeignKeyConstraint(
            ["office_id"], ["office.id"], name=op.f("fk_project_office_id_office")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_project")),
        sa.UniqueConstraint("project_no", name=op.f("uq_project_project_no")),
    )
    with op.batch_alter_table("project", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_project_employer_id"), ["employer_id"], unique=False)

    op.create_table(
        "follow_up",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "TELEPON",
                "SURAT_1",
                "SURAT_2",
                "KUNJUNGAN",
                "PEMERIKSAAN",
                "PANGGILAN",
                "SKK",
                "KPKNL",
                "JANJI_BAYAR",
                "CICILAN",
                name="follow_up_kind",
                native_enum=False,
                create_constraint=True,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column("done_on", sa.Date(), nullable=False),
        sa.Column("officer_id", sa.Integer(), nullable=True),
        sa.Column("number", sa.String(length=60), nullable=False),
        sa.Column("outcome", sa.String(length=300), nullable=False),
        sa.Column("next_due_on", sa.Date(), nullable=True),
        sa.Column("promised_amount", sa.BigInteger(), nullable=True),
        sa.Column("promised_on", sa.Date(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"], ["arrears_case.id"], name=op.f("fk_follow_up_case_id_arrears_case")
        ),
        sa.ForeignKeyConstraint(
            ["officer_id"], ["app_user.id"], name=op.f("fk_follow_up_officer_id_app_user")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_follow_up")),
    )
    with op.batch_alter_table("follow_up", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_follow_up_case_id"), ["case_id"], unique=False)

    op.create_table(
        "membership",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kpj", sa.String(length=11), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column(
            "segment",
            sa.Enum(
                "PU",
                "BPU",
                "JAKON",
                "PMI",
                name="segment",
                native_enum=False,
                create_constraint=True,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column("office_id", sa.Integer(), nullable=False),
        sa.Column("employer_id", sa.Integer(), nullable=True),
        sa.Column("project_id", sa.Integer(), nullable=True),
        sa.Column("agent_id", sa.Integer(), nullable=True),
        sa.Column("programmes", sa.String(length=24), nullable=False),
        sa.Column("wage", sa.BigInteger(), nullable=True),
        sa.Column("declared_income", sa.BigInteger(), nullable=True),
        sa.Column("contract_months", sa.Integer(), nullable=True),
        sa.Column("destination", sa.String(length=60), nullable=True),
        sa.Column("job_title", sa.String(length=80), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("end_date", sa.Date(), nullable=True),
        sa.Column(
            "end_reason",
            sa.Enum(
                "MENGUNDURKAN_DIRI",
                "PHK",
                "MENINGGAL",
                "KONTRAK_BERAKHIR",
                "BERHENTI_MEMBAYAR",
                "PENSIUN",
                "PINDAH",
                name="end_reason",
                native_enum=False,
                create_constraint=True,
                length=20,
            ),
            nullable=True,
        ),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            "end_date IS NULL OR end_date >= start_date", name=op.f("ck_membership_dates")
        ),
        sa.ForeignKeyConstraint(
            ["agent_id"], ["agent.id"], name=op.f("fk_membership_agent_id_agent")
        ),
        sa.ForeignKeyConstraint(
            ["employer_id"], ["employer.id"], name=op.f("fk_membership_employer_id_employer")
        ),
        sa.ForeignKeyConstraint(
            ["office_id"], ["office.id"], name=op.f("fk_membership_office_id_office")
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["person.id"], name=op.f("fk_membership_person_id_person")
        ),
        sa.ForeignKeyConstraint(
            ["project_id"], ["project.id"], name=op.f("fk_membership_project_id_project")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_membership")),
        sa.UniqueConstraint("kpj", name=op.f("uq_membership_kpj")),
    )
    with op.batch_alter_table("membership", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_membership_agent_id"), ["agent_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_membership_employer_id"), ["employer_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_membership_person_id"), ["person_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_membership_project_id"), ["project_id"], unique=False)
        batch_op.create_index(
            "ix_membership_summary",
            ["office_id", "segment", "start_date", "end_date"],
            unique=False,
        )

    op.create_table(
        "claim",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("claim_no", sa.String(length=24), nullable=False),
        sa.Column("membership_id", sa.Integer(), nullable=False),
        sa.Column("office_id", sa.Integer(), nullable=False),
        sa.Column(
            "claim_type",
            sa.Enum(
                "JHT_PENUH",
                "JHT_10",
                "JHT_30",
                "JKK",
                "JKM",
                "JP_BERKALA",
                "JP_SEKALIGUS",
                "JKP",
                name="claim_type",
                native_enum=False,
                create_constraint=True,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column("programme", sa.String(length=3), nullable=False),
        sa.Column(
            "state",
            sa.Enum(
                "DRAFT",
                "DIAJUKAN",
                "VERIFIKASI",
                "DIKEMBALIKAN",
                "DITETAPKAN",
                "DIBAYAR",
                "DITOLAK",
                name="claim_state",
                native_enum=False,
                create_constraint=True,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column("reason", sa.String(length=200), nullable=False),
        sa.Column("event_date", sa.Date(), nullable=False),
        sa.Column("submitted_on", sa.Date(), nullable=False),
        sa.Column("decided_on", sa.Date(), nullable=True),
        sa.Column("paid_on", sa.Date(), nullable=True),
        sa.Column("amount", sa.BigInteger(), nullable=True),
        sa.Column("bank_name", sa.String(length=60), nullable=False),
        sa.Column("bank_account", sa.String(length=30), nullable=False),
        sa.Column("logged_by", sa.Integer(), nullable=True),
        sa.Column("decided_by", sa.Integer(), nullable=True),
        sa.Column("rejection_reason", sa.String(length=300), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["decided_by"], ["app_user.id"], name=op.f("fk_claim_decided_by_app_user")
        ),
        sa.ForeignKeyConstraint(
            ["logged_by"], ["app_user.id"], name=op.f("fk_claim_logged_by_app_user")
        ),
        sa.ForeignKeyConstraint(
            ["membership_id"], ["membership.id"], name=op.f("fk_claim_membership_id_membership")
        ),
        sa.ForeignKeyConstraint(
            ["office_id"], ["office.id"], name=op.f("fk_claim_office_id_office")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_claim")),
        sa.UniqueConstraint("claim_no", name=op.f("uq_claim_claim_no")),
    )
    with op.batch_alter_table("claim", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_claim_membership_id"), ["membership_id"], unique=False)
        batch_op.create_index("ix_claim_office_state", ["office_id", "state"], unique=False)
        batch_op.create_index(
            "ix_claim_paid", ["paid_on", "office_id", "programme", "amount"], unique=False
        )

    op.create_table(
        "contribution_bill",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("employer_id", sa.Integer(), nullable=True),
        sa.Column("membership_id", sa.Integer(), nullable=True),
        sa.Column("office_id", sa.Integer(), nullable=False),
        sa.Column("period", sa.String(length=7), nullable=False),
        sa.Column("due_date", sa.Date(), nullable=False),
        sa.Column("worker_count", sa.Integer(), nullable=False),
        sa.Column("jkk", sa.BigInteger(), nullable=False),
        sa.Column("jkm", sa.BigInteger(), nullable=False),
        sa.Column("jht", sa.BigInteger(), nullable=False),
        sa.Column("jp", sa.BigInteger(), nullable=False),
        sa.Column("amount", sa.BigInteger(), nullable=False),
        sa.Column("paid", sa.BigInteger(), nullable=False),
        sa.Column("settled_on", sa.Date(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            "(employer_id IS NULL) <> (membership_id IS NULL)",
            name=op.f("ck_contribution_bill_one_payer"),
        ),
        sa.CheckConstraint(
            "paid >= 0 AND paid <= amount", name=op.f("ck_contribution_bill_paid_range")
        ),
        sa.ForeignKeyConstraint(
            ["employer_id"], ["employer.id"], name=op.f("fk_contribution_bill_employer_id_employer")
        ),
        sa.ForeignKeyConstraint(
            ["membership_id"],
            ["membership.id"],
            name=op.f("fk_contribution_bill_membership_id_membership"),
        ),
        sa.ForeignKeyConstraint(
            ["office_id"], ["office.id"], name=op.f("fk_contribution_bill_office_id_office")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_contribution_bill")),
        sa.UniqueConstraint(
            "employer_id", "period", name=op.f("uq_contribution_bill_employer_id_period")
        ),
        sa.UniqueConstraint(
            "membership_id", "period", name=op.f("uq_contribution_bill_membership_id_period")
        ),
    )
    with op.batch_alter_table("contribution_bill", schema=None) as batch_op:
        batch_op.create_index(
            "ix_contribution_bill_office_period", ["office_id", "period"], unique=False
        )

    op.create_table(
        "payment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("employer_id", sa.Integer(), nullable=True),
        sa.Column("membership_id", sa.Integer(), nullable=True),
        sa.Column("office_id", sa.Integer(), nullable=False),
        sa.Column("paid_on", sa.Date(), nullable=False),
        sa.Column("amount", sa.BigInteger(), nullable=False),
        sa.Column("unallocated", sa.BigInteger(), nullable=False),
        sa.Column("reference", sa.String(length=60), nullable=False),
        sa.Column("recorded_by", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint("amount > 0", name=op.f("ck_payment_amount_positive")),
        sa.ForeignKeyConstraint(
            ["employer_id"], ["employer.id"], name=op.f("fk_payment_employer_id_employer")
        ),
        sa.ForeignKeyConstraint(
            ["membership_id"], ["membership.id"], name=op.f("fk_payment_membership_id_membership")
        ),
        sa.ForeignKeyConstraint(
            ["office_id"], ["office.id"], name=op.f("fk_payment_office_id_office")
        ),
        sa.ForeignKeyConstraint(
            ["recorded_by"], ["app_user.id"], name=op.f("fk_payment_recorded_by_app_user")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_payment")),
    )
    with op.batch_alter_table("payment", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_payment_employer_id"), ["employer_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_payment_membership_id"), ["membership_id"], unique=False
        )
        batch_op.create_index("ix_payment_office_paid_on", ["office_id", "paid_on"], unique=False)

    op.create_table(
        "claim_event",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("claim_id", sa.Integer(), nullable=False),
        sa.Column(
            "from_state",
            sa.Enum(
                "DRAFT",
                "DIAJUKAN",
                "VERIFIKASI",
                "DIKEMBALIKAN",
                "DITETAPKAN",
                "DIBAYAR",
                "DITOLAK",
                name="from_state",
                native_enum=False,
                create_constraint=True,
                length=20,
            ),
            nullable=True,
        ),
        sa.Column(
            "to_state",
            sa.Enum(
                "DRAFT",
                "DIAJUKAN",
                "VERIFIKASI",
                "DIKEMBALIKAN",
                "DITETAPKAN",
                "DIBAYAR",
                "DITOLAK",
                name="to_state",
                native_enum=False,
                create_constraint=True,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column("on_date", sa.Date(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("note", sa.String(length=300), nullable=False),
        sa.ForeignKeyConstraint(
            ["claim_id"], ["claim.id"], name=op.f("fk_claim_event_claim_id_claim")
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["app_user.id"], name=op.f("fk_claim_event_user_id_app_user")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_claim_event")),
    )
    with op.batch_alter_table("claim_event", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_claim_event_claim_id"), ["claim_id"], unique=False)

    op.create_table(
        "payment_allocation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("payment_id", sa.Integer(), nullable=False),
        sa.Column("bill_id", sa.Integer(), nullable=False),
        sa.Column("amount", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ["bill_id"],
            ["contribution_bill.id"],
            name=op.f("fk_payment_allocation_bill_id_contribution_bill"),
        ),
        sa.ForeignKeyConstraint(
            ["payment_id"], ["payment.id"], name=op.f("fk_payment_allocation_payment_id_payment")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_payment_allocation")),
    )
    with op.batch_alter_table("payment_allocation", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_payment_allocation_bill_id"), ["bill_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_payment_allocation_payment_id"), ["payment_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("payment_allocation", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_payment_allocation_payment_id"))
        batch_op.drop_index(batch_op.f("ix_payment_allocation_bill_id"))

    op.drop_table("payment_allocation")
    with op.batch_alter_table("claim_event", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_claim_event_claim_id"))

    op.drop_table("claim_event")
    with op.batch_alter_table("payment", schema=None) as batch_op:
        batch_op.drop_index("ix_payment_office_paid_on")
        batch_op.drop_index(batch_op.f("ix_payment_membership_id"))
        batch_op.drop_index(batch_op.f("ix_payment_employer_id"))

    op.drop_table("payment")
    with op.batch_alter_table("contribution_bill", schema=None) as batch_op:
        batch_op.drop_index("ix_contribution_bill_office_period")

    op.drop_table("contribution_bill")
    with op.batch_alter_table("claim", schema=None) as batch_op:
        batch_op.drop_index("ix_claim_paid")
        batch_op.drop_index("ix_claim_office_state")
        batch_op.drop_index(batch_op.f("ix_claim_membership_id"))

    op.drop_table("claim")
    with op.batch_alter_table("membership", schema=None) as batch_op:
        batch_op.drop_index("ix_membership_summary")
        batch_op.drop_index(batch_op.f("ix_membership_project_id"))
        batch_op.drop_index(batch_op.f("ix_membership_person_id"))
        batch_op.drop_index(batch_op.f("ix_membership_employer_id"))
        batch_op.drop_index(batch_op.f("ix_membership_agent_id"))

    op.drop_table("membership")
    with op.batch_alter_table("follow_up", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_follow_up_case_id"))

    op.drop_table("follow_up")
    with op.batch_alter_table("project", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_project_employer_id"))

    op.drop_table("project")
    with op.batch_alter_table("arrears_case", schema=None) as batch_op:
        batch_op.drop_index("ix_arrears_case_target")

    op.drop_table("arrears_case")
    with op.batch_alter_table("employer", schema=None) as batch_op:
        batch_op.drop_index("ix_employer_office_dates")
        batch_op.drop_index(batch_op.f("ix_employer_name"))

    op.drop_table("employer")
    op.drop_table("audit_event")
    op.drop_table("target")
    op.drop_table("app_user")
    with op.batch_alter_table("agent", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_agent_office_id"))

    op.drop_table("agent")
    op.drop_table("setting")
    with op.batch_alter_table("person", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_person_name"))

    op.drop_table("person")
    op.drop_table("office")
    op.drop_table("counter")
