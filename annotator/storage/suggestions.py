"""Suggestions in the database: the models (and pattern files) that made them, the suggested spans,
each annotator's rejections, and the model's uncertainty per document.

Suggestions are shared: one row per (document, model version, start, end, label), whoever asked
for them; what an annotator does with them is theirs (an accepted suggestion becomes a span of
their annotation set, a rejected one a `suggestion_rejection` row of theirs). Nothing here is
read by stats, agreement or export: a suggestion counts only once it is a span.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    select,
)
from sqlalchemy.orm import Mapped, Session, mapped_column

from annotator.core.errors import AnnotationError
from annotator.storage.orm import Base, utcnow


class SuggesterRow(Base):
    """A suggester: a trained spaCy model (kind `model`) or a pattern file (kind `pattern`).

    `version` is unique: `NAME@HASH` of the model's files or of the pattern file's bytes, so a
    re-trained model is a new version (and rejections of the old one do not hide its suggestions).
    """

    __tablename__ = "suggester"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    version: Mapped[str] = mapped_column(String(200), unique=True)
    kind: Mapped[str] = mapped_column(String(20))  # model | pattern
    path: Mapped[str] = mapped_column(Text)
    training: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)  # data it was trained on
    scores: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)  # dev P/R/F per label
    created: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class SuggestionRow(Base):
    __tablename__ = "suggestion"
    __table_args__ = (
        UniqueConstraint("document_id", "suggester_id", "start", "end", "label", name="uq_suggestion_doc_model_extent"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("document.id", ondelete="CASCADE"), index=True)
    suggester_id: Mapped[int] = mapped_column(ForeignKey("suggester.id", ondelete="CASCADE"), index=True)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    label: Mapped[str] = mapped_column(String(100))
    score: Mapped[float | None] = mapped_column(Float, nullable=True)  # 0..1; None for patterns
    meta: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)  # e.g. snapped_from, pattern id


class SuggestionRejectionRow(Base):
    """An annotator rejected a suggestion: it is not offered to them again (for that model version)."""

    __tablename__ = "suggestion_rejection"
    __table_args__ = (UniqueConstraint("suggestion_id", "annotator_id", name="uq_suggestion_rejection_pair"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    suggestion_id: Mapped[int] = mapped_column(ForeignKey("suggestion.id", ondelete="CASCADE"))
    annotator_id: Mapped[int] = mapped_column(ForeignKey("annotator.id", ondelete="CASCADE"), index=True)
    created: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class SuggestedDocumentRow(Base):
    """A document a suggester ran over (even with nothing found) and the model's uncertainty on it."""

    __tablename__ = "suggested_document"
    __table_args__ = (Index("ix_suggested_document_model_uncertainty", "suggester_id", "uncertainty"),)

    document_id: Mapped[int] = mapped_column(ForeignKey("document.id", ondelete="CASCADE"), primary_key=True)
    suggester_id: Mapped[int] = mapped_column(ForeignKey("suggester.id", ondelete="CASCADE"), primary_key=True)
    uncertainty: Mapped[float | None] = mapped_column(Float, nullable=True)  # 0 (sure) .. 1; None for patterns
    suggestions: Mapped[int] = mapped_column(Integer, default=0)
    created: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


def model_spans(s: Session, version: str, document_ids: list[int]) -> dict[int, list[tuple[int, int, str]]]:
    """The spans a suggester proposed on each of `document_ids` it ran over (the model as a
    pseudo-annotator in agreement); documents it did not run over are absent. AnnotationError
    for an unknown version."""
    sid = s.scalar(select(SuggesterRow.id).where(SuggesterRow.version == version))
    if sid is None:
        known = ", ".join(s.scalars(select(SuggesterRow.version).order_by(SuggesterRow.id))) or "none"
        raise AnnotationError(f"no model or pattern file with version {version!r} (known: {known})")
    wanted = set(document_ids)
    seen = set(s.scalars(select(SuggestedDocumentRow.document_id).where(SuggestedDocumentRow.suggester_id == sid)))
    out: dict[int, list[tuple[int, int, str]]] = {d: [] for d in sorted(wanted & seen)}
    for d, start, end, label in s.execute(
        select(SuggestionRow.document_id, SuggestionRow.start, SuggestionRow.end, SuggestionRow.label).where(
            SuggestionRow.suggester_id == sid
        )
    ):
        if d in out:
            out[d].append((start, end, label))
    return out


__all__ = ["SuggestedDocumentRow", "SuggesterRow", "SuggestionRejectionRow", "SuggestionRow", "model_spans"]
