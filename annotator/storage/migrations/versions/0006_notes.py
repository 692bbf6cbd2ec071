"""notes: note (on a document, a span or a relation, by its author) and document_flag (needs review)

Revision ID: 0006_notes
Revises: 0005_suggestions
Create Date: 2026-11-29 23:50:00

New tables only (see `annotator.storage.notes`); no existing table is altered. On a team server
`annotator server init` (run again after this migration) grants them and installs their
row-level security (`annotator.storage.team`).
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0006_notes'
down_revision = '0005_suggestions'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'note',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('document_id', sa.Integer(), nullable=False),
        sa.Column('annotator_id', sa.Integer(), nullable=False),
        sa.Column('target', sa.String(length=20), nullable=False),
        sa.Column('key', sa.Text(), nullable=False),
        sa.Column('text', sa.Text(), nullable=False),
        sa.Column('created', sa.DateTime(), nullable=False),
        sa.Column('updated', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['document_id'], ['document.id'], name=op.f('fk_note_document_id_document'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['annotator_id'], ['annotator.id'], name=op.f('fk_note_annotator_id_annotator'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_note')),
    )
    op.create_index('ix_note_document_annotator', 'note', ['document_id', 'annotator_id'])
    op.create_index(op.f('ix_note_annotator_id'), 'note', ['annotator_id'])
    op.create_table(
        'document_flag',
        sa.Column('document_id', sa.Integer(), nullable=False),
        sa.Column('annotator_id', sa.Integer(), nullable=False),
        sa.Column('flag', sa.String(length=30), nullable=False),
        sa.Column('created', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['document_id'], ['document.id'], name=op.f('fk_document_flag_document_id_document'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['annotator_id'], ['annotator.id'],
                                name=op.f('fk_document_flag_annotator_id_annotator'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('document_id', 'annotator_id', 'flag', name=op.f('pk_document_flag')),
    )
    op.create_index(op.f('ix_document_flag_annotator_id'), 'document_flag', ['annotator_id'])


def downgrade() -> None:
    op.drop_table('document_flag')
    op.drop_table('note')
