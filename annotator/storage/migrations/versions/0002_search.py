"""search: document.search (folded title and text) and its index (FTS5 trigram / pg_trgm GIN)

Revision ID: 0002_search
Revises: 0001_initial
Create Date: 2026-11-29 22:20:00

`document.search` holds fold(title) + "\\n" + fold(text) (annotator.storage.search.search_text);
documents stored before are filled here, in batches. SQLite gets the FTS5 table `document_fts`
(trigram tokenizer, external content = `document.search`) with triggers that keep it current;
PostgreSQL gets `pg_trgm` and a GIN trigram index on the column (without the extension — no right
to create it — the search still works, by scanning).
"""
from __future__ import annotations

import logging

import sqlalchemy as sa
from alembic import op

from annotator.storage.search import FTS_TABLE, search_text

revision = '0002_search'
down_revision = '0001_initial'
branch_labels = None
depends_on = None

BATCH = 2000
log = logging.getLogger("alembic.runtime.migration")

SQLITE_DDL = [
    f"CREATE VIRTUAL TABLE {FTS_TABLE} USING fts5(search, content='document', content_rowid='id', "
    "tokenize='trigram case_sensitive 1', detail=full)",
    f"CREATE TRIGGER {FTS_TABLE}_ai AFTER INSERT ON document BEGIN "
    f"INSERT INTO {FTS_TABLE}(rowid, search) VALUES (new.id, new.search); END",
    f"CREATE TRIGGER {FTS_TABLE}_ad AFTER DELETE ON document BEGIN "
    f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, search) VALUES ('delete', old.id, old.search); END",
    f"CREATE TRIGGER {FTS_TABLE}_au AFTER UPDATE OF search ON document BEGIN "
    f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, search) VALUES ('delete', old.id, old.search); "
    f"INSERT INTO {FTS_TABLE}(rowid, search) VALUES (new.id, new.search); END",
]


def _backfill(bind) -> None:
    last = 0
    select_q = sa.text("SELECT id, title, text FROM document WHERE id > :last ORDER BY id LIMIT :n")
    update_q = sa.text("UPDATE document SET search = :s WHERE id = :i")
    while True:
        rows = bind.execute(select_q, {"last": last, "n": BATCH}).all()
        if not rows:
            return
        bind.execute(update_q, [{"i": i, "s": search_text(title, body)} for i, title, body in rows])
        last = rows[-1][0]


def upgrade() -> None:
    bind = op.get_bind()
    dialect = bind.dialect.name
    op.add_column('document', sa.Column('search', sa.Text(), nullable=False, server_default=''))
    _backfill(bind)
    if dialect == 'sqlite':
        for ddl in SQLITE_DDL:
            op.execute(ddl)
        op.execute(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('rebuild')")
    elif dialect == 'postgresql':
        has = bind.execute(sa.text("SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'")).scalar()
        if not has:
            try:
                with bind.begin_nested():
                    bind.execute(sa.text("CREATE EXTENSION IF NOT EXISTS pg_trgm"))
                has = True
            except sa.exc.DBAPIError as exc:
                log.warning("pg_trgm could not be created (%s): document search will scan", exc.orig)
        if has:
            op.execute("CREATE INDEX ix_document_search_trgm ON document USING gin (search gin_trgm_ops)")


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == 'sqlite':
        for suffix in ("ai", "ad", "au"):
            op.execute(f"DROP TRIGGER IF EXISTS {FTS_TABLE}_{suffix}")
        op.execute(f"DROP TABLE IF EXISTS {FTS_TABLE}")
        # ALTER TABLE, not a batch copy: dropping the old `document` table would cascade its
        # deletes to every annotation set (foreign keys are on)
        op.execute("ALTER TABLE document DROP COLUMN search")
    else:
        if bind.dialect.name == 'postgresql':
            op.execute("DROP INDEX IF EXISTS ix_document_search_trgm")
        op.drop_column('document', 'search')
