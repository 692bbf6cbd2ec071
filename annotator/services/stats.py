"""Counts over the whole project: documents, spans, relations, by label, by status, per annotator."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from sqlalchemy import and_, func, select

from annotator.core.document import SetKind, Status
from annotator.services.schemas import Schemas
from annotator.storage.database import Database
from annotator.storage.orm import (
    AnnotationSetRow,
    AnnotatorRow,
    AssignmentRow,
    DocumentRow,
    RelationRow,
    SpanRow,
)


@dataclass(frozen=True)
class AnnotatorStats:
    role: str
    documents: int  # annotation sets (opened documents)
    spans: int
    seconds: float  # time spent, rounded to 0.1 s
    by_status: dict[str, int]  # only the statuses the annotator has sets in
    assigned: int = 0  # documents assigned to her (`annotator assign`)
    # of her assigned documents: done, in_progress, todo (no set yet, or todo), skipped
    progress: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class ProjectStats:
    documents: int
    spans: int  # in every set, gold included
    relations: int
    gold_documents: int
    by_label: dict[str, int]
    by_relation: dict[str, int]
    by_status: dict[str, int]  # annotation sets by status; documents nobody opened count as todo
    per_annotator: dict[str, AnnotatorStats]  # by name
    schema: str  # the active schema's name

    def to_dict(self) -> dict[str, Any]:
        """JSON-able, in this order (`annotator stats --json`)."""
        return asdict(self)


_PROGRESS = (Status.DONE.value, Status.IN_PROGRESS.value, Status.TODO.value, Status.SKIPPED.value)


class Stats:
    """`project.stats`: `collect()` counts everything in one read."""

    def __init__(self, db: Database, schemas: Schemas) -> None:
        self.db = db
        self.schemas = schemas

    def collect(self) -> ProjectStats:
        with self.db.read() as s:
            documents = s.scalar(select(func.count()).select_from(DocumentRow)) or 0
            spans = s.scalar(select(func.count()).select_from(SpanRow)) or 0
            relations = s.scalar(select(func.count()).select_from(RelationRow)) or 0
            by_label = dict(s.execute(select(SpanRow.label, func.count()).group_by(SpanRow.label).order_by(SpanRow.label)).all())
            by_relation = dict(
                s.execute(select(RelationRow.label, func.count()).group_by(RelationRow.label).order_by(RelationRow.label)).all()
            )
            status_rows = s.execute(
                select(AnnotationSetRow.status, func.count())
                .where(AnnotationSetRow.kind == SetKind.ANNOTATION.value)
                .group_by(AnnotationSetRow.status)
            ).all()
            by_status = {st.value: 0 for st in Status}
            by_status.update(dict(status_rows))
            per = s.execute(
                select(
                    AnnotatorRow.name,
                    AnnotatorRow.role,
                    func.count(AnnotationSetRow.id),
                    func.coalesce(func.sum(AnnotationSetRow.span_count), 0),
                    func.coalesce(func.sum(AnnotationSetRow.seconds), 0.0),
                )
                .outerjoin(AnnotationSetRow, AnnotationSetRow.annotator_id == AnnotatorRow.id)
                .group_by(AnnotatorRow.id, AnnotatorRow.name, AnnotatorRow.role)
                .order_by(AnnotatorRow.name)
            ).all()
            per_status = s.execute(
                select(AnnotatorRow.name, AnnotationSetRow.status, func.count())
                .join(AnnotationSetRow, AnnotationSetRow.annotator_id == AnnotatorRow.id)
                .group_by(AnnotatorRow.name, AnnotationSetRow.status)
            ).all()
            # documents nobody has opened yet count as "todo"
            untouched = s.scalar(
                select(func.count())
                .select_from(DocumentRow)
                .where(
                    ~select(AnnotationSetRow.id)
                    .where(AnnotationSetRow.document_id == DocumentRow.id, AnnotationSetRow.kind == SetKind.ANNOTATION.value)
                    .exists()
                )
            ) or 0
            by_status[Status.TODO.value] += int(untouched)
            # progress on the assigned documents: each assignment with the status of her set there
            assigned = s.execute(
                select(AnnotatorRow.name, AnnotationSetRow.status, func.count())
                .select_from(AssignmentRow)
                .join(AnnotatorRow, AnnotatorRow.id == AssignmentRow.annotator_id)
                .outerjoin(
                    AnnotationSetRow,
                    and_(
                        AnnotationSetRow.document_id == AssignmentRow.document_id,
                        AnnotationSetRow.annotator_id == AssignmentRow.annotator_id,
                        AnnotationSetRow.kind == SetKind.ANNOTATION.value,
                    ),
                )
                .group_by(AnnotatorRow.name, AnnotationSetRow.status)
            ).all()
            gold = s.scalar(select(func.count()).select_from(AnnotationSetRow).where(AnnotationSetRow.kind == SetKind.GOLD.value)) or 0
        statuses: dict[str, dict[str, int]] = {name: {} for name, *_ in per}
        for name, status, n in per_status:
            statuses[name][status] = int(n)
        progress: dict[str, dict[str, int]] = {name: {} for name, *_ in per}
        for name, status, n in assigned:
            status = status or Status.TODO.value  # no set yet
            mine = progress.setdefault(name, {})
            mine[status] = mine.get(status, 0) + int(n)
        return ProjectStats(
            documents=int(documents),
            spans=int(spans),
            relations=int(relations),
            gold_documents=int(gold),
            by_label={k: int(v) for k, v in by_label.items()},
            by_relation={k: int(v) for k, v in by_relation.items()},
            by_status={k: int(v) for k, v in by_status.items()},
            per_annotator={
                name: AnnotatorStats(
                    role, int(n), int(sp), round(float(sec), 1), statuses[name],
                    assigned=sum(progress[name].values()),
                    progress={st: progress[name].get(st, 0) for st in _PROGRESS},
                )
                for name, role, n, sp, sec in per
            },
            schema=self.schemas.current.name,
        )


__all__ = ["AnnotatorStats", "ProjectStats", "Stats"]
