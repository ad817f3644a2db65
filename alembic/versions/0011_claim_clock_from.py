"""The day each claim's service-level clock starts, as a stored column, and the worklist's indexes.

The claims worklist opens sorted by that day (``COALESCE(docs_complete_on, submitted_on)``, the
longest-running clock first) and now reads a page by key: ``ORDER BY clock_from, id`` after the
key of the row above (services/keyset.py). An expression no index served made every page sort
every matching claim; the worklist then ordered all ids once (97,504 on the regional demo) at
its first deep page. An index on the expression itself would serve, but SQLAlchemy cannot
reflect expression indexes on SQLite, so batch mode would silently drop it at the next table
copy; a generated column is an ordinary column to both and is kept by the database itself.

Two indexes: (clock_from, id) for the list of every claim (97,504 on the demo: a page is a seek,
where it sorted them all); (state, clock_from, id) for the list of one state or of the open
ones, which are few (2,783 on the demo: the planner reads them from their states' ranges and
sorts them, 0.3 ms, instead of walking the first index past 94,000 paid claims, 120–180 ms).
A third, (submitted_on, id), for the list sorted by the submission day (the "Diajukan" column):
without it each page sorted every claim again (40–50 ms a page, 100–300 ms to find a jump's
key). The other columns (type, state, amount) still sort their matching claims for each page.

On SQLite a stored generated column cannot be added by ALTER TABLE: batch mode copies the
table (the foreign keys are off during upgrades, bpjs_desktop/db/migrate.py).

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"


def upgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    with op.batch_alter_table("claim", recreate="always" if sqlite else "auto") as batch_op:
        batch_op.add_column(
            sa.Column(
                "clock_from",
                sa.Date(),
                sa.Computed("coalesce(docs_complete_on, submitted_on)", persisted=True),
                nullable=False,
            )
        )
        batch_op.create_index("ix_claim_clock_from", ["clock_from", "id"], unique=False)
        batch_op.create_index(
            "ix_claim_state_clock_from", ["state", "clock_from", "id"], unique=False
        )
        batch_op.create_index("ix_claim_submitted_on", ["submitted_on", "id"], unique=False)
    if sqlite and _has_statistics():
        # The table copy dropped the claim table's planner statistics: gather them again.
        op.execute("ANALYZE claim")


def _has_statistics() -> bool:
    found = op.get_bind().exec_driver_sql(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'sqlite_stat1'"
    )
    return found.first() is not None


def downgrade() -> None:
    with op.batch_alter_table("claim") as batch_op:
        batch_op.drop_index("ix_claim_submitted_on")
        batch_op.drop_index("ix_claim_state_clock_from")
        batch_op.drop_index("ix_claim_clock_from")
        batch_op.drop_column("clock_from")
