"""suggestions: suggester (models and pattern files), suggestion, suggestion_rejection, suggested_document

Revision ID: 0005_suggestions
Revises: 0004_team
Create Date: 2026-11-29 22:45:00

New tables only (see `annotator.storage.suggestions`); no existing table is altered.
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0005_suggestions'
down_revision = '0004_team'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'suggester',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('version', sa.String(length=200), nullable=False),
        sa.Column('kind', sa.String(length=20), nullable=False),
        sa.Column('path', sa.Text(), nullable=False),
        sa.Column('training', sa.JSON(), nullable=True),
        sa.Column('scores', sa.JSON(), nullable=True),
        sa.Column('created', sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_suggester')),
        sa.UniqueConstraint('version', name=op.f('uq_suggester_version')),
    )
    op.create_table(
        'suggestion',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('document_id', sa.Integer(), nullable=False),
        sa.Column('suggester_id', sa.Integer(), nullable=False),
        sa.Column('start', sa.Integer(), nullable=False),
        sa.Column('end', sa.Integer(), nullable=False),
        sa.Column('label', sa.String(length=100), nullable=False),
        sa.Column('score', sa.Float(), nullable=True),
        sa.Column('meta', sa.JSON(), nullable=True),
        sa.ForeignKeyConstraint(['document_id'], ['document.id'], name=op.f('fk_suggestion_document_id_document'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['suggester_id'], ['suggester.id'], name=op.f('fk_suggestion_suggester_id_suggester'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_suggestion')),
        sa.UniqueConstraint('document_id', 'suggester_id', 'start', 'end', 'label',
                            name='uq_suggestion_doc_model_extent'),
    )
    op.create_index(op.f('ix_suggestion_document_id'), 'suggestion', ['document_id'])
    op.create_index(op.f('ix_suggestion_suggester_id'), 'suggestion', ['suggester_id'])
    op.create_table(
        'suggestion_rejection',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('suggestion_id', sa.Integer(), nullable=False),
        sa.Column('annotator_id', sa.Integer(), nullable=False),
        sa.Column('created', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['suggestion_id'], ['suggestion.id'],
                                name=op.f('fk_suggestion_rejection_suggestion_id_suggestion'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['annotator_id'], ['annotator.id'],
                                name=op.f('fk_suggestion_rejection_annotator_id_annotator'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_suggestion_rejection')),
        sa.UniqueConstraint('suggestion_id', 'annotator_id', name='uq_suggestion_rejection_pair'),
    )
    op.create_index(op.f('ix_suggestion_rejection_annotator_id'), 'suggestion_rejection', ['annotator_id'])
    op.create_table(
        'suggested_document',
        sa.Column('document_id', sa.Integer(), nullable=False),
        sa.Column('suggester_id', sa.Integer(), nullable=False),
        sa.Column('uncertainty', sa.Float(), nullable=True),
        sa.Column('suggestions', sa.Integer(), nullable=False),
        sa.Column('created', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['document_id'], ['document.id'],
                                name=op.f('fk_suggested_document_document_id_document'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['suggester_id'], ['suggester.id'],
                                name=op.f('fk_suggested_document_suggester_id_suggester'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('document_id', 'suggester_id', name=op.f('pk_suggested_document')),
    )
    op.create_index('ix_suggested_document_model_uncertainty', 'suggested_document', ['suggester_id', 'uncertainty'])


def downgrade() -> None:
    op.drop_table('suggested_document')
    op.drop_table('suggestion_rejection')
    op.drop_table('suggestion')
    op.drop_table('suggester')
