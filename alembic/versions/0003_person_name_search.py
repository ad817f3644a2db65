"""Word-prefix search on people's names: FTS5 on SQLite, a GIN tsvector index on PostgreSQL.

The front office finds a worker by any part of the name as it is typed ("siti am" → SITI
AMINAH, "aminah" → every AMINAH) in well under a second among 2.8 million people; a LIKE
'%…%' scan takes 70 ms per million rows and cannot rank, a plain index only serves the first
word. The two databases get their own native index; the search service speaks to each.
The FTS table is external-content (the names are stored once, in person) and kept in step by
triggers; the demo generator suspends them during its bulk load and rebuilds once.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-28
"""


from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"

SQLITE_UP = [
    "CREATE VIRTUAL TABLE person_fts USING fts5("
    "name, content='person', content_rowid='id', tokenize='unicode61 remove_diacritics 2')",
    "CREATE TRIGGER person_fts_insert AFTER INSERT ON person BEGIN "
    "INSERT INTO person_fts(rowid, name) VALUES (new.id, new.name); END",
    "CREATE TRIGGER person_fts_delete AFTER DELETE ON person BEGIN "
    "INSERT INTO person_fts(person_fts, rowid, name) VALUES ('delete', old.id, old.name); END",
    "CREATE TRIGGER person_fts_update AFTER UPDATE OF name ON person BEGIN "
    "INSERT INTO person_fts(person_fts, rowid, name) VALUES ('delete', old.id, old.name); "
    "INSERT INTO person_fts(rowid, name) VALUES (new.id, new.name); END",
    "INSERT INTO person_fts(person_fts) VALUES ('rebuild')",
]
SQLITE_DOWN = [
    "DROP TRIGGER IF EXISTS person_fts_update",
    "DROP TRIGGER IF EXISTS person_fts_delete",
    "DROP TRIGGER IF EXISTS person_fts_insert",
    "DROP TABLE IF EXISTS person_fts",
]
POSTGRES_UP = [
    "CREATE INDEX ix_person_name_tsv ON person USING gin (to_tsvector('simple', name))",
]
POSTGRES_DOWN = ["DROP INDEX IF EXISTS ix_person_name_tsv"]


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    for statement in SQLITE_UP if dialect == "sqlite" else POSTGRES_UP:
        op.execute(statement)


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    for statement in SQLITE_DOWN if dialect == "sqlite" else POSTGRES_DOWN:
        op.execute(statement)
