"""derived: review_state (stored review rows, made stale by triggers) and document_tokens

Revision ID: 0003_derived
Revises: 0002_search
Create Date: 2026-11-29 22:30:00

See `annotator.storage.derived`. Both tables start empty: readers fill them (the rows of a
database created before this revision are computed once, on first use, then kept).
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from annotator.storage.derived import postgresql_trigger_ddl, sqlite_trigger_ddl, sqlite_trigger_names

revision = '0003_derived'
down_revision = '0002_search'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'review_state',
        sa.Column('document_id', sa.Integer(), nullable=False),
        sa.Column('state', sa.String(length=20), nullable=False),
        sa.Column('participants', sa.Integer(), nullable=False),
        sa.Column('finished', sa.Integer(), nullable=False),
        sa.Column('candidates', sa.Integer(), nullable=False),
        sa.Column('conflicts_left', sa.Integer(), nullable=False),
        sa.Column('gold_spans', sa.Integer(), nullable=False),
        sa.Column('counts', sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(['document_id'], ['document.id'], name=op.f('fk_review_state_document_id_document'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('document_id', name=op.f('pk_review_state')),
    )
    op.create_table(
        'document_tokens',
        sa.Column('document_id', sa.Integer(), nullable=False),
        sa.Column('tokenizer', sa.String(length=40), nullable=False),
        sa.Column('offsets', sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(['document_id'], ['document.id'], name=op.f('fk_document_tokens_document_id_document'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('document_id', name=op.f('pk_document_tokens')),
    )
    dialect = op.get_bind().dialect.name
    ddl = sqlite_trigger_ddl() if dialect == 'sqlite' else postgresql_trigger_ddl() if dialect == 'postgresql' else []
    for statement in ddl:
        op.execute(statement)


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == 'sqlite':
        for name in sqlite_trigger_names():
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
    elif dialect == 'postgresql':
        for table, name in (("annotation_set", "set"), ("review_decision", "decision"), ('"schema"', "schema")):
            op.execute(f"DROP TRIGGER IF EXISTS review_state_stale_{name} ON {table}")
        op.execute("DROP FUNCTION IF EXISTS review_state_stale()")
    op.drop_table('document_tokens')
    op.drop_table('review_state')
