"""initial

Revision ID: 0001_initial
Revises: 
Create Date: 2026-11-23 15:03:10.702326
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0001_initial'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('annotator',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('role', sa.String(length=20), nullable=False),
    sa.Column('created', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_annotator')),
    sa.UniqueConstraint('name', name=op.f('uq_annotator_name'))
    )
    op.create_table('document',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uid', sa.String(length=200), nullable=False),
    sa.Column('content_hash', sa.String(length=64), nullable=False),
    sa.Column('title', sa.String(length=500), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('length', sa.Integer(), nullable=False),
    sa.Column('meta', sa.JSON(), nullable=False),
    sa.Column('created', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_document')),
    sa.UniqueConstraint('content_hash', name=op.f('uq_document_content_hash')),
    sa.UniqueConstraint('uid', name=op.f('uq_document_uid'))
    )
    op.create_table('schema',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('version', sa.String(length=50), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('created', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_schema'))
    )
    op.create_table('annotation_set',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('document_id', sa.Integer(), nullable=False),
    sa.Column('annotator_id', sa.Integer(), nullable=True),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('seconds', sa.Float(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('span_count', sa.Integer(), nullable=False),
    sa.Column('meta', sa.JSON(), nullable=True),
    sa.Column('updated', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['annotator_id'], ['annotator.id'], name=op.f('fk_annotation_set_annotator_id_annotator'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['document_id'], ['document.id'], name=op.f('fk_annotation_set_document_id_document'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_annotation_set')),
    sa.UniqueConstraint('document_id', 'annotator_id', 'kind', name='uq_annotation_set_doc_annotator_kind')
    )
    with op.batch_alter_table('annotation_set', schema=None) as batch_op:
        batch_op.create_index('ix_annotation_set_annotator_status', ['annotator_id', 'status'], unique=False)
        batch_op.create_index(batch_op.f('ix_annotation_set_document_id'), ['document_id'], unique=False)
        batch_op.create_index('uq_annotation_set_gold', ['document_id'], unique=True, sqlite_where=sa.text("kind = 'gold'"), postgresql_where=sa.text("kind = 'gold'"))

    op.create_table('review_decision',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('document_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('key', sa.Text(), nullable=False),
    sa.Column('decision', sa.String(length=20), nullable=False),
    sa.Column('meta', sa.JSON(), nullable=True),
    sa.Column('reviewer_id', sa.Integer(), nullable=True),
    sa.Column('created', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['document_id'], ['document.id'], name=op.f('fk_review_decision_document_id_document'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['reviewer_id'], ['annotator.id'], name=op.f('fk_review_decision_reviewer_id_annotator'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_review_decision')),
    sa.UniqueConstraint('document_id', 'kind', 'key', name='uq_review_decision_doc_kind_key')
    )
    with op.batch_alter_table('review_decision', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_review_decision_document_id'), ['document_id'], unique=False)

    op.create_table('span',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('set_id', sa.Integer(), nullable=False),
    sa.Column('start', sa.Integer(), nullable=False),
    sa.Column('end', sa.Integer(), nullable=False),
    sa.Column('label', sa.String(length=100), nullable=False),
    sa.Column('source', sa.String(length=20), nullable=False),
    sa.Column('meta', sa.JSON(), nullable=True),
    sa.Column('created', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['set_id'], ['annotation_set.id'], name=op.f('fk_span_set_id_annotation_set'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_span')),
    sa.UniqueConstraint('set_id', 'start', 'end', 'label', name='uq_span_set_extent_label')
    )
    op.create_table('relation',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('set_id', sa.Integer(), nullable=False),
    sa.Column('head_id', sa.Integer(), nullable=False),
    sa.Column('tail_id', sa.Integer(), nullable=False),
    sa.Column('label', sa.String(length=100), nullable=False),
    sa.Column('meta', sa.JSON(), nullable=True),
    sa.Column('created', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['head_id'], ['span.id'], name=op.f('fk_relation_head_id_span'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['set_id'], ['annotation_set.id'], name=op.f('fk_relation_set_id_annotation_set'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tail_id'], ['span.id'], name=op.f('fk_relation_tail_id_span'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_relation')),
    sa.UniqueConstraint('head_id', 'tail_id', 'label', name='uq_relation_head_tail_label')
    )
    with op.batch_alter_table('relation', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_relation_set_id'), ['set_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_relation_tail_id'), ['tail_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('relation', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_relation_tail_id'))
        batch_op.drop_index(batch_op.f('ix_relation_set_id'))

    op.drop_table('relation')
    op.drop_table('span')
    with op.batch_alter_table('review_decision', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_review_decision_document_id'))

    op.drop_table('review_decision')
    with op.batch_alter_table('annotation_set', schema=None) as batch_op:
        batch_op.drop_index('uq_annotation_set_gold', sqlite_where=sa.text("kind = 'gold'"), postgresql_where=sa.text("kind = 'gold'"))
        batch_op.drop_index(batch_op.f('ix_annotation_set_document_id'))
        batch_op.drop_index('ix_annotation_set_annotator_status')

    op.drop_table('annotation_set')
    op.drop_table('schema')
    op.drop_table('document')
    op.drop_table('annotator')
