"""Claims documents, holidays, instalments, month close, monthly facts.

One revision for what the claims desk (#4), the arrears follow-up (#5) and the heads' dashboard
(#6) keep: each claim's document checklist and scanned attachments (kept in the database so that
backups and shared servers carry them), the public holidays as editable data (seeded here from
bpjs_desktop/domain/calendar.py, the SKB lists), instalment schedules of arrears cases, closed
months with their frozen summaries and later adjustments, and a table of monthly facts that keeps
the dashboard fast on a regional data set.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-28 06:47:41.217946
"""


import sqlalchemy as sa
from alembic import op


revision: str = '0004'
down_revision: str | None = '0003'


def _seed_holidays() -> None:
    from bpjs_desktop.domain.calendar import HOLIDAY_NAMES

    holiday = sa.table("holiday", sa.column("day", sa.Date), sa.column("name", sa.String))
    # Each day with its own name (databases seeded before the names were in the list have "",
    # which services/office_settings.py reads as the list's name).
    op.bulk_insert(
        holiday, [{"day": day, "name": name} for day, name in sorted(HOLIDAY_NAMES.items())]
    )


def upgrade() -> None:
    op.create_table('holiday',
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.PrimaryKeyConstraint('day', name=op.f('pk_holiday'))
    )
    op.create_table('monthly_fact',
    sa.Column('office_id', sa.Integer(), nullable=False),
    sa.Column('period', sa.String(length=7), nullable=False),
    sa.Column('kpi', sa.String(length=40), nullable=False),
    sa.Column('value', sa.BigInteger(), nullable=False),
    sa.Column('computed_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['office_id'], ['office.id'], name=op.f('fk_monthly_fact_office_id_office')),
    sa.PrimaryKeyConstraint('office_id', 'period', 'kpi', name=op.f('pk_monthly_fact'))
    )
    op.create_table('adjustment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('period', sa.String(length=7), nullable=False),
    sa.Column('reported_in', sa.String(length=7), nullable=False),
    sa.Column('office_id', sa.Integer(), nullable=False),
    sa.Column('field', sa.String(length=60), nullable=False),
    sa.Column('delta', sa.BigInteger(), nullable=False),
    sa.Column('reason', sa.String(length=300), nullable=False),
    sa.Column('recorded_by', sa.Integer(), nullable=True),
    sa.Column('recorded_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['office_id'], ['office.id'], name=op.f('fk_adjustment_office_id_office')),
    sa.ForeignKeyConstraint(['recorded_by'], ['app_user.id'], name=op.f('fk_adjustment_recorded_by_app_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_adjustment'))
    )
    with op.batch_alter_table('adjustment', schema=None) as batch_op:
        batch_op.create_index('ix_adjustment_reported_in', ['reported_in', 'office_id'], unique=False)

    op.create_table('month_close',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('period', sa.String(length=7), nullable=False),
    sa.Column('scope_code', sa.String(length=8), nullable=False),
    sa.Column('closed_at', sa.DateTime(), nullable=False),
    sa.Column('closed_by', sa.Integer(), nullable=True),
    sa.Column('snapshot', sa.Text(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.ForeignKeyConstraint(['closed_by'], ['app_user.id'], name=op.f('fk_month_close_closed_by_app_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_month_close')),
    sa.UniqueConstraint('period', 'scope_code', name=op.f('uq_month_close_period_scope_code'))
    )
    op.create_table('instalment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('follow_up_id', sa.Integer(), nullable=True),
    sa.Column('sequence', sa.Integer(), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=False),
    sa.Column('amount', sa.BigInteger(), nullable=False),
    sa.Column('paid', sa.BigInteger(), nullable=False),
    sa.Column('settled_on', sa.Date(), nullable=True),
    sa.ForeignKeyConstraint(['case_id'], ['arrears_case.id'], name=op.f('fk_instalment_case_id_arrears_case')),
    sa.ForeignKeyConstraint(['follow_up_id'], ['follow_up.id'], name=op.f('fk_instalment_follow_up_id_follow_up')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_instalment')),
    sa.UniqueConstraint('case_id', 'follow_up_id', 'sequence', name=op.f('uq_instalment_case_id_follow_up_id_sequence'))
    )
    with op.batch_alter_table('instalment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_instalment_case_id'), ['case_id'], unique=False)

    op.create_table('attachment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('claim_id', sa.Integer(), nullable=False),
    sa.Column('document_code', sa.String(length=30), nullable=True),
    sa.Column('file_name', sa.String(length=200), nullable=False),
    sa.Column('mime', sa.String(length=80), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('content', sa.LargeBinary(), nullable=False),
    sa.Column('added_by', sa.Integer(), nullable=True),
    sa.Column('added_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['added_by'], ['app_user.id'], name=op.f('fk_attachment_added_by_app_user')),
    sa.ForeignKeyConstraint(['claim_id'], ['claim.id'], name=op.f('fk_attachment_claim_id_claim')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_attachment'))
    )
    with op.batch_alter_table('attachment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_attachment_claim_id'), ['claim_id'], unique=False)

    op.create_table('claim_document',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('claim_id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=30), nullable=False),
    sa.Column('received_on', sa.Date(), nullable=True),
    sa.Column('note', sa.String(length=200), nullable=False),
    sa.Column('recorded_by', sa.Integer(), nullable=True),
    sa.Column('recorded_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['claim_id'], ['claim.id'], name=op.f('fk_claim_document_claim_id_claim')),
    sa.ForeignKeyConstraint(['recorded_by'], ['app_user.id'], name=op.f('fk_claim_document_recorded_by_app_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_claim_document')),
    sa.UniqueConstraint('claim_id', 'code', name=op.f('uq_claim_document_claim_id_code'))
    )
    with op.batch_alter_table('claim_document', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_claim_document_claim_id'), ['claim_id'], unique=False)

    with op.batch_alter_table('claim', schema=None) as batch_op:
        batch_op.add_column(sa.Column('detail', sa.Text(), server_default='{}', nullable=False))
        batch_op.add_column(sa.Column("amount_basis", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('docs_complete_on', sa.Date(), nullable=True))


    _seed_holidays()

def downgrade() -> None:
    with op.batch_alter_table('claim', schema=None) as batch_op:
        batch_op.drop_column('docs_complete_on')
        batch_op.drop_column('amount_basis')
        batch_op.drop_column('detail')

    with op.batch_alter_table('claim_document', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_claim_document_claim_id'))

    op.drop_table('claim_document')
    with op.batch_alter_table('attachment', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_attachment_claim_id'))

    op.drop_table('attachment')
    with op.batch_alter_table('instalment', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_instalment_case_id'))

    op.drop_table('instalment')
    op.drop_table('month_close')
    with op.batch_alter_table('adjustment', schema=None) as batch_op:
        batch_op.drop_index('ix_adjustment_reported_in')

    op.drop_table('adjustment')
    op.drop_table('monthly_fact')
    op.drop_table('holiday')
