"""Reference data: the offices of Kanwil Jawa Timur (domain.md §2.3).

Offices are data with validity dates, not an enum: their list and the KC → KCP links change over
time, and an administrator can correct them. Codes are this app's own short codes (the agency's
internal office codes are not public); they prefix claim numbers.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-28
"""

from datetime import date

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"

BPJS_START = date(2014, 1, 1)
KCP_START = date(2015, 6, 1)  # 203 KCP opened in June 2015, 12 of them in Jawa Timur [S47]

# code, name, kind, parent code, city, regencies served, valid from, evidence
OFFICES = [
    ("JTM", "Kantor Wilayah Jawa Timur", "KANWIL", None, "Surabaya", "", BPJS_START, "S1"),
    ("SDR", "KC Surabaya Darmo", "KC", "JTM", "Surabaya", "3578", BPJS_START, "S55"),
    ("SKJ", "KC Surabaya Karimunjawa", "KC", "JTM", "Surabaya", "3578", BPJS_START, "S55"),
    ("STP", "KC Surabaya Tanjung Perak", "KC", "JTM", "Surabaya", "3578", BPJS_START, "S55"),
    ("SRK", "KC Surabaya Rungkut", "KC", "JTM", "Surabaya", "3578", BPJS_START, "unverified"),
    ("GRS", "KC Gresik", "KC", "JTM", "Gresik", "3525", BPJS_START, "S1 S21 S22"),
    ("SDA", "KC Sidoarjo", "KC", "JTM", "Sidoarjo", "3515", BPJS_START, "unverified"),
    ("MJK", "KC Mojokerto", "KC", "JTM", "Mojokerto", "3516,3576", BPJS_START, "S55"),
    ("JBG", "KCP Jombang", "KCP", "MJK", "Jombang", "3517", KCP_START, "S1; parent unverified"),
    ("PSR", "KC Pasuruan", "KC", "JTM", "Pasuruan", "3514,3575", BPJS_START, "S55"),
    ("PBL", "KC Probolinggo", "KC", "JTM", "Probolinggo", "3513,3574", BPJS_START, "S55"),
    ("MLG", "KC Malang", "KC", "JTM", "Malang", "3573,3507,3579", BPJS_START, "S55"),
    ("KDR", "KC Kediri", "KC", "JTM", "Kediri", "3571,3506,3518", BPJS_START, "S60"),
    ("TLA", "KC Tulungagung", "KC", "JTM", "Tulungagung", "3504,3503,3505,3572", BPJS_START, "S55"),
    ("MDN", "KC Madiun", "KC", "JTM", "Madiun", "3577,3519,3520,3521", BPJS_START, "S55"),
    ("PNG", "KCP Ponorogo", "KCP", "MDN", "Ponorogo", "3502,3501", KCP_START, "S1; parent unverified"),
    ("JBR", "KC Jember", "KC", "JTM", "Jember", "3509,3511,3508", BPJS_START, "S55 S60"),
    ("BWI", "KC Banyuwangi", "KC", "JTM", "Banyuwangi", "3510", BPJS_START, "S55 S61"),
    ("STB", "KC Situbondo", "KC", "JTM", "Situbondo", "3512", BPJS_START, "S55"),
    ("BJN", "KC Bojonegoro", "KC", "JTM", "Bojonegoro", "3522,3524", BPJS_START, "S55"),
    ("TBN", "KCP Tuban", "KCP", "BJN", "Tuban", "3523", date(2016, 1, 1), "S55"),
    ("PMK", "KC Pamekasan", "KC", "JTM", "Pamekasan", "3528,3526,3527,3529", BPJS_START, "S62"),
]


def upgrade() -> None:
    office = sa.table(
        "office",
        sa.column("id", sa.Integer),
        sa.column("code", sa.String),
        sa.column("name", sa.String),
        sa.column("kind", sa.String),
        sa.column("parent_id", sa.Integer),
        sa.column("city", sa.String),
        sa.column("regencies", sa.String),
        sa.column("valid_from", sa.Date),
        sa.column("valid_to", sa.Date),
        sa.column("address", sa.String),
        sa.column("phone", sa.String),
    )
    connection = op.get_bind()
    ids: dict[str, int] = {}
    for code, name, kind, parent, city, regencies, valid_from, _evidence in OFFICES:
        result = connection.execute(
            office.insert()
            .values(
                code=code,
                name=name,
                kind=kind,
                parent_id=ids[parent] if parent else None,
                city=city,
                regencies=regencies,
                valid_from=valid_from,
                valid_to=None,
                address="",
                phone="",
            )
            .returning(office.c.id)
        )
        ids[code] = result.scalar_one()


def downgrade() -> None:
    op.execute(sa.text("DELETE FROM office WHERE parent_id IS NOT NULL"))
    op.execute(sa.text("DELETE FROM office"))
