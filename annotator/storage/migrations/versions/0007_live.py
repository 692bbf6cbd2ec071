"""live: triggers that announce which documents changed (live updates of other windows)

Revision ID: 0007_live
Revises: 0006_notes
Create Date: 2026-11-29 23:00:00

See `annotator.storage.live`. SQLite: a `live_change` table (one row per changed document, with
a growing `seq`) stamped by triggers on annotation_set and review_decision. PostgreSQL: the same
triggers send `NOTIFY annotator_changes, '<document id>'`. No existing table is altered.
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from annotator.storage.live import (
    LIVE_CHANGE,
    postgresql_drop_ddl,
    postgresql_trigger_ddl,
    sqlite_trigger_ddl,
    sqlite_trigger_names,
)

revision = '0007_live'
down_revision = '0006_notes'
branch_labels = None
depends_on = None


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == 'sqlite':
        op.create_table(
            LIVE_CHANGE,
            sa.Column('document_id', sa.Integer(), nullable=False),
            sa.Column('seq', sa.Integer(), nullable=False),
            sa.PrimaryKeyConstraint('document_id', name=op.f('pk_live_change')),
        )
        op.create_index(op.f('ix_live_change_seq'), LIVE_CHANGE, ['seq'])
        for statement in sqlite_trigger_ddl():
            op.execute(statement)
    elif dialect == 'postgresql':
        for statement in postgresql_trigger_ddl():
            op.execute(statement)


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == 'sqlite':
        for name in sqlite_trigger_names():
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
        op.drop_index(op.f('ix_live_change_seq'), table_name=LIVE_CHANGE)
        op.drop_table(LIVE_CHANGE)
    elif dialect == 'postgresql':
        for statement in postgresql_drop_ddl():
            op.execute(statement)
