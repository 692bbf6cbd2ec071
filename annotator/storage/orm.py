"""Typed ORM rows. They never leave `storage`/`services`: services return core dataclasses."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from annotator.storage.search import search_default

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class DocumentRow(Base):
    __tablename__ = "document"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uid: Mapped[str] = mapped_column(String(200), unique=True)
    content_hash: Mapped[str] = mapped_column(String(64), unique=True)
    title: Mapped[str] = mapped_column(String(500))
    text: Mapped[str] = mapped_column(Text)
    length: Mapped[int] = mapped_column(Integer)
    meta: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    # fold(title) + "\n" + fold(text), computed on insert; indexed for search (storage/search.py).
    # Deferred: reading a document does not load it.
    search: Mapped[str] = mapped_column(Text, default=search_default, server_default="", deferred=True)


class AnnotatorRow(Base):
    __tablename__ = "annotator"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    role: Mapped[str] = mapped_column(String(20), default="annotator")
    created: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class AnnotationSetRow(Base):
    __tablename__ = "annotation_set"
    __table_args__ = (
        UniqueConstraint("document_id", "annotator_id", "kind", name="uq_annotation_set_doc_annotator_kind"),
        # one gold set per document (its annotator_id is NULL, which a plain UNIQUE would not catch)
        Index(
            "uq_annotation_set_gold",
            "document_id",
            unique=True,
            sqlite_where=text("kind = 'gold'"),
            postgresql_where=text("kind = 'gold'"),
        ),
        Index("ix_annotation_set_annotator_status", "annotator_id", "status"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("document.id", ondelete="CASCADE"), index=True)
    annotator_id: Mapped[int | None] = mapped_column(ForeignKey("annotator.id", ondelete="CASCADE"), nullable=True)
    kind: Mapped[str] = mapped_column(String(20), default="annotation")
    status: Mapped[str] = mapped_column(String(20), default="todo")
    seconds: Mapped[float] = mapped_column(Float, default=0.0)
    version: Mapped[int] = mapped_column(Integer, default=0)
    span_count: Mapped[int] = mapped_column(Integer, default=0)
    meta: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    updated: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class SpanRow(Base):
    __tablename__ = "span"
    __table_args__ = (UniqueConstraint("set_id", "start", "end", "label", name="uq_span_set_extent_label"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    set_id: Mapped[int] = mapped_column(ForeignKey("annotation_set.id", ondelete="CASCADE"))
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    label: Mapped[str] = mapped_column(String(100))
    source: Mapped[str] = mapped_column(String(20), default="manual")
    meta: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    created: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class RelationRow(Base):
    __tablename__ = "relation"
    __table_args__ = (UniqueConstraint("head_id", "tail_id", "label", name="uq_relation_head_tail_label"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    set_id: Mapped[int] = mapped_column(ForeignKey("annotation_set.id", ondelete="CASCADE"), index=True)
    head_id: Mapped[int] = mapped_column(ForeignKey("span.id", ondelete="CASCADE"))
    tail_id: Mapped[int] = mapped_column(ForeignKey("span.id", ondelete="CASCADE"), index=True)
    label: Mapped[str] = mapped_column(String(100))
    meta: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    created: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class ReviewDecisionRow(Base):
    """A reviewer's decision on a candidate (span or relation) of a document; survives re-merges."""

    __tablename__ = "review_decision"
    __table_args__ = (UniqueConstraint("document_id", "kind", "key", name="uq_review_decision_doc_kind_key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("document.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(20))  # span | relation
    key: Mapped[str] = mapped_column(Text)  # JSON of the candidate key
    decision: Mapped[str] = mapped_column(String(20))  # accept | reject
    meta: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    reviewer_id: Mapped[int | None] = mapped_column(ForeignKey("annotator.id", ondelete="SET NULL"), nullable=True)
    created: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    # 1 when made, +1 on every change (migration 0004): a reviewer who decided on what she saw as
    # version n gets a conflict when another reviewer changed the decision meanwhile
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")


class AssignmentRow(Base):
    """One document given to one annotator (`annotator assign`; migration 0004)."""

    __tablename__ = "assignment"

    document_id: Mapped[int] = mapped_column(ForeignKey("document.id", ondelete="CASCADE"), primary_key=True)
    annotator_id: Mapped[int] = mapped_column(ForeignKey("annotator.id", ondelete="CASCADE"), primary_key=True, index=True)
    created: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class SchemaRow(Base):
    __tablename__ = "schema"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    version: Mapped[str] = mapped_column(String(50))
    body: Mapped[str] = mapped_column(Text)  # YAML
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
