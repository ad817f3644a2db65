"""Roles of the regional office: Kepala Kantor Wilayah and Staf Kantor Wilayah (issue #11).

Until now the regional office's head had to be a ``KEPALA`` (a branch head's role) or an
administrator. The roles are kept as text with a CHECK constraint (``ck_app_user_role``): the
constraint is rebuilt with the two new values (on SQLite by batch mode's table copy).

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-07
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"

OLD = ("ADMIN", "KEPALA", "PELAYANAN", "AR", "PEMERIKSA")
NEW = (*OLD, "KEPALA_KANWIL", "STAF_KANWIL")


def _check(values: Sequence[str]) -> str:
    return "role IN ({})".format(", ".join(f"'{v}'" for v in values))


def upgrade() -> None:
    with op.batch_alter_table("app_user", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_app_user_role"), type_="check")
        batch_op.create_check_constraint("role", _check(NEW))


def downgrade() -> None:
    op.execute(
        "UPDATE app_user SET role = 'KEPALA' WHERE role IN ('KEPALA_KANWIL', 'STAF_KANWIL')"
    )
    with op.batch_alter_table("app_user", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_app_user_role"), type_="check")
        batch_op.create_check_constraint("role", _check(OLD))
