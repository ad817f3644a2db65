"""Person records: dated wages, the person's JHT account, heirs, pension and scholarship rows.

Issue #10 ("every rupiah right"): a claim is money paid to a family, so the facts it rests on are
kept as records instead of being re-derived from today's data.

- ``membership_wage``: the wage of each membership from a month on. Each membership gets its first
  row here, at the month it started, from today's ``membership.wage`` (or ``declared_income`` for
  BPU): the only wage known for the past.
- ``jht_entry``: a person's JHT account over all their KPJs. Every JHT claim already paid
  (DIBAYAR, with an amount) is posted as a withdrawal in the month it was paid, so a later claim
  no longer pays those rupiah again. A full claim is taken to have paid every month up to the
  month it was decided in (``covers_until``; the decision month itself is an assumption: the
  claims service counted the months before it, and the last month of an ended KPJ).
- ``heir``, ``pension_payment``, ``scholarship_entitlement``: empty; filled by the services.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-07
"""

from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op


revision: str = '0007'
down_revision: str | None = '0006'


def upgrade() -> None:
    op.create_table('heir',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('nik', sa.String(length=16), nullable=False),
    sa.Column('relation', sa.Enum('PASANGAN', 'ANAK', 'ORANG_TUA', 'LAINNYA', name='heir_relation', native_enum=False, create_constraint=True, length=20), nullable=False),
    sa.Column('birth_date', sa.Date(), nullable=True),
    sa.Column('school_level', sa.String(length=3), nullable=True),
    sa.Column('rank', sa.Integer(), nullable=False),
    sa.Column('documents_note', sa.String(length=300), nullable=False),
    sa.Column('statement_received', sa.Boolean(), nullable=False),
    sa.Column('id_received', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("school_level IS NULL OR school_level IN ('TK', 'SD', 'SMP', 'SMA', 'PT')", name=op.f('ck_heir_school_level')),
    sa.CheckConstraint('rank BETWEEN 1 AND 4', name=op.f('ck_heir_rank')),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_heir_person_id_person')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_heir'))
    )
    with op.batch_alter_table('heir', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_heir_person_id'), ['person_id'], unique=False)

    op.create_table('membership_wage',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('membership_id', sa.Integer(), nullable=False),
    sa.Column('valid_from', sa.String(length=7), nullable=False),
    sa.Column('wage', sa.BigInteger(), nullable=False),
    sa.Column('reported_by', sa.Integer(), nullable=True),
    sa.Column('reported_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint('wage >= 0', name=op.f('ck_membership_wage_wage')),
    sa.ForeignKeyConstraint(['membership_id'], ['membership.id'], name=op.f('fk_membership_wage_membership_id_membership')),
    sa.ForeignKeyConstraint(['reported_by'], ['app_user.id'], name=op.f('fk_membership_wage_reported_by_app_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_membership_wage')),
    sa.UniqueConstraint('membership_id', 'valid_from', name=op.f('uq_membership_wage_membership_id_valid_from'))
    )
    op.create_table('jht_entry',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('membership_id', sa.Integer(), nullable=True),
    sa.Column('period', sa.String(length=7), nullable=False),
    sa.Column('kind', sa.Enum('CREDIT', 'RETURN', 'WITHDRAWAL', 'MERGE', name='jht_entry_kind', native_enum=False, create_constraint=True, length=20), nullable=False),
    sa.Column('amount', sa.BigInteger(), nullable=False),
    sa.Column('claim_id', sa.Integer(), nullable=True),
    sa.Column('covers_until', sa.String(length=7), nullable=True),
    sa.Column('note', sa.String(length=300), nullable=False),
    sa.Column('created_by', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['claim_id'], ['claim.id'], name=op.f('fk_jht_entry_claim_id_claim')),
    sa.ForeignKeyConstraint(['created_by'], ['app_user.id'], name=op.f('fk_jht_entry_created_by_app_user')),
    sa.ForeignKeyConstraint(['membership_id'], ['membership.id'], name=op.f('fk_jht_entry_membership_id_membership')),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_jht_entry_person_id_person')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_jht_entry')),
    sa.UniqueConstraint('claim_id', name=op.f('uq_jht_entry_claim_id'))
    )
    with op.batch_alter_table('jht_entry', schema=None) as batch_op:
        batch_op.create_index('ix_jht_entry_person_period', ['person_id', 'period'], unique=False)

    op.create_table('pension_payment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('claim_id', sa.Integer(), nullable=False),
    sa.Column('heir_id', sa.Integer(), nullable=True),
    sa.Column('period', sa.String(length=7), nullable=False),
    sa.Column('amount', sa.BigInteger(), nullable=False),
    sa.Column('paid_on', sa.Date(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint('amount >= 0', name=op.f('ck_pension_payment_amount')),
    sa.ForeignKeyConstraint(['claim_id'], ['claim.id'], name=op.f('fk_pension_payment_claim_id_claim')),
    sa.ForeignKeyConstraint(['heir_id'], ['heir.id'], name=op.f('fk_pension_payment_heir_id_heir')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_pension_payment')),
    sa.UniqueConstraint('claim_id', 'heir_id', 'period', name=op.f('uq_pension_payment_claim_id_heir_id_period'))
    )
    with op.batch_alter_table('pension_payment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_pension_payment_claim_id'), ['claim_id'], unique=False)

    op.create_table('scholarship_entitlement',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('claim_id', sa.Integer(), nullable=False),
    sa.Column('heir_id', sa.Integer(), nullable=False),
    sa.Column('school_year', sa.Integer(), nullable=False),
    sa.Column('level', sa.String(length=3), nullable=False),
    sa.Column('amount', sa.BigInteger(), nullable=False),
    sa.Column('applied_on', sa.Date(), nullable=True),
    sa.Column('paid_on', sa.Date(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("level IN ('TK', 'SD', 'SMP', 'SMA', 'PT')", name=op.f('ck_scholarship_entitlement_level')),
    sa.CheckConstraint('amount >= 0', name=op.f('ck_scholarship_entitlement_amount')),
    sa.ForeignKeyConstraint(['claim_id'], ['claim.id'], name=op.f('fk_scholarship_entitlement_claim_id_claim')),
    sa.ForeignKeyConstraint(['heir_id'], ['heir.id'], name=op.f('fk_scholarship_entitlement_heir_id_heir')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_scholarship_entitlement')),
    sa.UniqueConstraint('claim_id', 'heir_id', 'school_year', name=op.f('uq_scholarship_entitlement_claim_id_heir_id_school_year'))
    )
    with op.batch_alter_table('scholarship_entitlement', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_scholarship_entitlement_claim_id'), ['claim_id'], unique=False)

    _fill()


def _month(column: str) -> str:
    """SQL for the "YYYY-MM" of a date column, on SQLite and PostgreSQL."""
    if op.get_bind().dialect.name == "postgresql":
        return f"to_char({column}, 'YYYY-MM')"
    return f"substr({column}, 1, 7)"


def _fill() -> None:
    now = datetime.now(UTC).replace(tzinfo=None)  # UtcDateTime stores naive UTC
    op.get_bind().execute(
        sa.text(
            "INSERT INTO membership_wage (membership_id, valid_from, wage, reported_by, reported_at) "
            f"SELECT id, {_month('start_date')}, COALESCE(wage, declared_income), NULL, :now "
            "FROM membership WHERE COALESCE(wage, declared_income) IS NOT NULL"
        ),
        {"now": now},
    )
    op.get_bind().execute(
        sa.text(
            "INSERT INTO jht_entry (person_id, membership_id, period, kind, amount, claim_id, "
            "covers_until, note, created_by, created_at) "
            f"SELECT m.person_id, c.membership_id, {_month('c.paid_on')}, 'WITHDRAWAL', "
            "-c.amount, c.id, "
            f"CASE WHEN c.claim_type = 'JHT_PENUH' THEN {_month('c.decided_on')} END, "
            "'revisi 0007', NULL, :now "
            "FROM claim c JOIN membership m ON m.id = c.membership_id "
            "WHERE c.claim_type IN ('JHT_PENUH', 'JHT_10', 'JHT_30') AND c.state = 'DIBAYAR' "
            "AND c.amount IS NOT NULL AND c.paid_on IS NOT NULL"
        ),
        {"now": now},
    )


def downgrade() -> None:
    with op.batch_alter_table('scholarship_entitlement', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_scholarship_entitlement_claim_id'))

    op.drop_table('scholarship_entitlement')
    with op.batch_alter_table('pension_payment', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_pension_payment_claim_id'))

    op.drop_table('pension_payment')
    with op.batch_alter_table('jht_entry', schema=None) as batch_op:
        batch_op.drop_index('ix_jht_entry_person_period')

    op.drop_table('jht_entry')
    op.drop_table('membership_wage')
    with op.batch_alter_table('heir', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_heir_person_id'))

    op.drop_table('heir')
