"""Annotation sets in the database: find (or create) a set's row, load its spans and relations."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from annotator.core.document import AnnotationSet, Relation, SetKind, Source, Span, Status
from annotator.storage.orm import AnnotationSetRow, RelationRow, SpanRow, utcnow


def find_set_row(
    s: Session, document_id: int, annotator_id: int | None, kind: SetKind, create: bool = False
) -> AnnotationSetRow | None:
    """The row of one document's set (an annotator's, or gold with `annotator_id` None); created when asked."""
    q = select(AnnotationSetRow).where(
        AnnotationSetRow.document_id == document_id, AnnotationSetRow.kind == SetKind(kind).value
    )
    q = q.where(AnnotationSetRow.annotator_id.is_(None) if annotator_id is None else AnnotationSetRow.annotator_id == annotator_id)
    row = s.scalars(q).first()
    if row is None and create:
        row = AnnotationSetRow(
            document_id=document_id,
            annotator_id=annotator_id,
            kind=SetKind(kind).value,
            status=Status.TODO.value,
            seconds=0.0,
            version=0,
            span_count=0,
            updated=utcnow(),
        )
        s.add(row)
        s.flush()
    return row


def load_annotation_set(s: Session, set_row: AnnotationSetRow, annotator: str | None = None) -> AnnotationSet:
    """The set's spans and relations (one query each), named after `annotator`."""
    spans_by_id: dict[int, Span] = {}
    for sid, start, end, label, source in s.execute(
        select(SpanRow.id, SpanRow.start, SpanRow.end, SpanRow.label, SpanRow.source).where(SpanRow.set_id == set_row.id)
    ):
        spans_by_id[sid] = Span(start, end, label, Source(source))
    rels = [
        Relation(spans_by_id[h].key, spans_by_id[t].key, label)
        for h, t, label in s.execute(
            select(RelationRow.head_id, RelationRow.tail_id, RelationRow.label).where(RelationRow.set_id == set_row.id)
        )
    ]
    return AnnotationSet(
        document_id=set_row.document_id,
        annotator=annotator,
        kind=SetKind(set_row.kind),
        status=Status(set_row.status),
        spans=tuple(sorted(spans_by_id.values())),
        relations=tuple(sorted(rels)),
        seconds=set_row.seconds,
        version=set_row.version,
        id=set_row.id,
    )


def span_ids(s: Session, set_id: int) -> dict[tuple[int, int, str], int]:
    """Row ids of the set's spans by key."""
    return {
        (start, end, label): sid
        for sid, start, end, label in s.execute(
            select(SpanRow.id, SpanRow.start, SpanRow.end, SpanRow.label).where(SpanRow.set_id == set_id)
        )
    }


__all__ = ["find_set_row", "load_annotation_set", "span_ids"]
