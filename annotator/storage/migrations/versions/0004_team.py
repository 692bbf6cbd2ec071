"""team: assignments, and a version on review decisions

Revision ID: 0004_team
Revises: 0003_derived
Create Date: 2026-11-29 23:00:00

`assignment` gives documents to annotators (`annotator assign`); `review_decision.version` lets
a reviewer's decision fail with a conflict when another reviewer changed it meanwhile. Plain
`add_column` (no batch copy of a table on SQLite). The server's roles and row-level security are
not made here: `annotator server init` installs them (`annotator.storage.team`), as they need
rights a migration run by any client may not have.
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0004_team'
down_revision = '0003_derived'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'assignment',
        sa.Column('document_id', sa.Integer(), nullable=False),
        sa.Column('annotator_id', sa.Integer(), nullable=False),
        sa.Column('created', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['document_id'], ['document.id'], name=op.f('fk_assignment_document_id_document'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['annotator_id'], ['annotator.id'], name=op.f('fk_assignment_annotator_id_annotator'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('document_id', 'annotator_id', name=op.f('pk_assignment')),
    )
    op.create_index(op.f('ix_assignment_annotator_id'), 'assignment', ['annotator_id'])
    op.add_column('review_decision', sa.Column('version', sa.Integer(), nullable=False, server_default='1'))


def downgrade() -> None:
    with op.batch_alter_table('review_decision') as batch:
        batch.drop_column('version')
    op.drop_index(op.f('ix_assignment_annotator_id'), table_name='assignment')
    op.drop_table('assignment')
