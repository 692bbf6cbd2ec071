"""Annotation sets as stored: one annotator's (or the gold) spans and relations on one document.

Reading only; a set is edited through an `AnnotationSession` (`project.open_annotation`).
"""

from __future__ import annotations

from sqlalchemy import select

from annotator.core.document import AnnotationSet, Annotator, SetKind
from annotator.storage.database import Database
from annotator.storage.orm import AnnotationSetRow, AnnotatorRow
from annotator.storage.sets import find_set_row, load_annotation_set


class AnnotationSets:
    """`project.sets`: every set (of a document, of a kind), or one set."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def all(self, document_id: int | None = None, kind: SetKind | str | None = None) -> list[AnnotationSet]:
        """Every annotation set (of a document, or of all), with spans and relations."""
        with self.db.read() as s:
            q = select(AnnotationSetRow, AnnotatorRow.name).outerjoin(
                AnnotatorRow, AnnotatorRow.id == AnnotationSetRow.annotator_id
            )
            if document_id is not None:
                q = q.where(AnnotationSetRow.document_id == document_id)
            if kind is not None:
                q = q.where(AnnotationSetRow.kind == SetKind(kind).value)
            rows = s.execute(q.order_by(AnnotationSetRow.document_id, AnnotationSetRow.id)).all()
            return [load_annotation_set(s, row, name) for row, name in rows]

    def get(self, document_id: int, annotator: Annotator | None, kind: SetKind | str = SetKind.ANNOTATION) -> AnnotationSet:
        """One set (empty, version 0, when it does not exist yet); `annotator=None` for gold."""
        name = annotator.name if annotator else None
        with self.db.read() as s:
            row = find_set_row(s, document_id, annotator.id if annotator else None, kind)
            if row is None:
                return AnnotationSet(document_id, name, SetKind(kind))
            return load_annotation_set(s, row, name)


__all__ = ["AnnotationSets"]
