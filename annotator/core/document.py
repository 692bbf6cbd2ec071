"""Immutable values of the domain: documents, spans, relations, annotation sets.

Offsets are Python code-point indices into the stored (normalized) text; `start` inclusive,
`end` exclusive. A span is identified inside its annotation set by `(start, end, label)`; a
relation by `(head key, tail key, label)`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from typing import Any, TypeGuard

from annotator.core.text import short

SpanKey = tuple[int, int, str]
RelationKey = tuple[SpanKey, SpanKey, str]


def is_span_key(key: object) -> TypeGuard[SpanKey]:
    """`key` is a span key `(start, end, label)`: two ints and a string (a list too, as JSON gives it)."""
    return (
        isinstance(key, (tuple, list))
        and len(key) == 3
        and type(key[0]) is int
        and type(key[1]) is int
        and isinstance(key[2], str)
    )


def is_relation_key(key: object) -> TypeGuard[RelationKey]:
    """`key` is a relation key `(head key, tail key, label)` (lists too, as JSON gives them)."""
    return (
        isinstance(key, (tuple, list))
        and len(key) == 3
        and is_span_key(key[0])
        and is_span_key(key[1])
        and isinstance(key[2], str)
    )


def describe_key(key: SpanKey | RelationKey, text: str) -> str:
    """A span or relation key as the reader sees it: “text” LABEL / “head” → “tail” LABEL."""
    if is_span_key(key):
        return f"“{short(text[key[0]:key[1]])}” {key[2]}"
    head, tail, label = key
    return f"“{short(text[head[0]:head[1]], 24)}” → “{short(text[tail[0]:tail[1]], 24)}” {label}"


class Source(str, Enum):
    MANUAL = "manual"
    PATTERN = "pattern"
    MODEL = "model"
    IMPORT = "import"


class Status(str, Enum):
    TODO = "todo"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    SKIPPED = "skipped"


class SetKind(str, Enum):
    ANNOTATION = "annotation"
    GOLD = "gold"


class Role(str, Enum):
    ANNOTATOR = "annotator"
    REVIEWER = "reviewer"


@dataclass(frozen=True, slots=True)
class Document:
    id: int
    uid: str
    title: str
    text: str
    meta: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)


@dataclass(frozen=True, slots=True)
class DocumentSummary:
    """A row of the document list: no text, so 100,000 of them are cheap."""

    id: int
    uid: str
    title: str
    length: int
    status: Status = Status.TODO
    span_count: int = 0


@dataclass(frozen=True, slots=True, order=True)
class Span:
    start: int
    end: int
    label: str
    source: Source = field(default=Source.MANUAL, compare=False)

    @property
    def key(self) -> SpanKey:
        return (self.start, self.end, self.label)

    def text_in(self, text: str) -> str:
        return text[self.start : self.end]

    def overlaps(self, other: Span) -> bool:
        return self.start < other.end and other.start < self.end

    def contains(self, other: Span) -> bool:
        return self.start <= other.start and other.end <= self.end

    def with_label(self, label: str) -> Span:
        return Span(self.start, self.end, label, self.source)


@dataclass(frozen=True, slots=True, order=True)
class Relation:
    head: SpanKey
    tail: SpanKey
    label: str

    @property
    def key(self) -> RelationKey:
        return (self.head, self.tail, self.label)

    def involves(self, span_key: SpanKey) -> bool:
        return self.head == span_key or self.tail == span_key


@dataclass(frozen=True, slots=True)
class AnnotationSet:
    """One annotator's (or the gold) spans and relations on one document."""

    document_id: int
    annotator: str | None
    kind: SetKind = SetKind.ANNOTATION
    status: Status = Status.TODO
    spans: tuple[Span, ...] = ()
    relations: tuple[Relation, ...] = ()
    seconds: float = 0.0
    version: int = 0
    id: int | None = None
    # its annotator's notes (`annotator.core.notes.Note`) and "needs review" flag, where read (export)
    notes: tuple[Any, ...] = field(default=(), compare=False)
    flagged: bool = field(default=False, compare=False)


@dataclass(frozen=True, slots=True)
class Annotator:
    id: int
    name: str
    role: Role = Role.ANNOTATOR

    @property
    def is_reviewer(self) -> bool:
        return self.role is Role.REVIEWER


@dataclass(slots=True)
class IncomingSet:
    """Annotations that arrive with an imported document (annotated formats)."""

    annotator: str | None
    spans: list[Span] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)
    kind: SetKind = SetKind.ANNOTATION
    status: Status = Status.DONE
    # file line of each span (`span.key`) or relation (`relation.key`), where the format has one
    lines: dict[tuple, int] = field(default_factory=dict)
    seconds: float | None = None  # time the annotator spent, where the format carries it
    notes: list[Any] = field(default_factory=list)  # `annotator.core.notes.Note`, where the format carries them
    flagged: bool = False  # the annotator flagged the document "needs review"


@dataclass(slots=True)
class IncomingDocument:
    """A document read from a file, before it is stored. `origin` is `FILE:LINE` or `FILE`."""

    text: str
    uid: str | None = None
    title: str | None = None
    meta: dict[str, Any] = field(default_factory=dict)
    origin: str = ""
    sets: list[IncomingSet] = field(default_factory=list)
    size: int = 0  # bytes this document took in its file (for progress bars)
