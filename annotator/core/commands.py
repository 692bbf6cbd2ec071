"""Edits as data: each command applies itself to an `Annotations` and returns its inverse.

`QUndoStack` (in `annotator.qt`) only drives these; services persist them. Deleting a span
removes its relations too, and the inverse `AddSpan` brings them back.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from annotator.core.document import Relation, Span, SpanKey
from annotator.core.errors import AnnotationError
from annotator.core.schema import Schema
from annotator.core.tokenize import TokenIndex


class Annotations:
    """The mutable spans and relations of one annotation set, checked against the schema.

    Listeners registered with `subscribe` are called with `(event, payload)` after each change:
    `("span_added", Span)`, `("span_removed", Span)`, `("relation_added", Relation)`,
    `("relation_removed", Relation)`.
    """

    def __init__(
        self,
        text: str,
        schema: Schema,
        spans: Iterable[Span] = (),
        relations: Iterable[Relation] = (),
        tokens: TokenIndex | None = None,
        require_alignment: bool = True,
    ) -> None:
        self.text = text
        self.schema = schema
        self.tokens = tokens if tokens is not None or not require_alignment else TokenIndex(text)
        self._spans: dict[SpanKey, Span] = {}
        self._relations: dict[tuple, Relation] = {}
        self._listeners: list[Callable[[str, object], None]] = []
        for s in spans:
            self._spans[s.key] = s
        for r in relations:
            self._relations[r.key] = r

    # -- reading ---------------------------------------------------------------------------
    @property
    def spans(self) -> list[Span]:
        return sorted(self._spans.values())

    @property
    def relations(self) -> list[Relation]:
        return sorted(self._relations.values())

    def __len__(self) -> int:
        return len(self._spans)

    def has_span(self, key: SpanKey) -> bool:
        return key in self._spans

    def get_span(self, key: SpanKey) -> Span:
        return self._spans[key]

    def has_relation(self, rel: Relation) -> bool:
        return rel.key in self._relations

    def relations_of(self, key: SpanKey) -> list[Relation]:
        return sorted(r for r in self._relations.values() if r.involves(key))

    def spans_at(self, pos: int) -> list[Span]:
        """Spans covering position `pos`, innermost (shortest) first."""
        hits = [s for s in self._spans.values() if s.start <= pos < s.end]
        return sorted(hits, key=lambda s: (s.end - s.start, s.start, s.label))

    def subscribe(self, listener: Callable[[str, object], None]) -> None:
        self._listeners.append(listener)

    def _emit(self, event: str, payload: object) -> None:
        for listener in self._listeners:
            listener(event, payload)

    # -- checks ----------------------------------------------------------------------------
    def check_span(self, span: Span) -> None:
        if not self.schema.has_label(span.label):
            raise AnnotationError(f"unknown label {span.label!r} (not in schema {self.schema.name})")
        if not (0 <= span.start < span.end <= len(self.text)):
            raise AnnotationError(
                f"offsets {span.start}-{span.end} out of range for a text of {len(self.text)} characters"
            )
        if self.tokens is not None and not self.tokens.is_aligned(span.start, span.end):
            raise AnnotationError(
                f"span {span.start}-{span.end} {self.text[span.start:span.end]!r} does not fall on token boundaries"
            )
        if span.key in self._spans:
            raise AnnotationError(
                f"span {span.start}-{span.end} {span.label} already exists: {self.text[span.start:span.end]!r}"
            )

    def canonical_relation(self, rel: Relation) -> Relation:
        """Symmetric relation types are stored in one direction: the earlier span is the head."""
        if self.schema.has_relation(rel.label) and self.schema.relation(rel.label).symmetric and rel.tail < rel.head:
            return Relation(rel.tail, rel.head, rel.label)
        return rel

    def check_relation(self, rel: Relation) -> None:
        for role, key in (("head", rel.head), ("tail", rel.tail)):
            if key not in self._spans:
                raise AnnotationError(f"relation {rel.label}: {role} span {key} does not exist")
        if rel.head == rel.tail:
            raise AnnotationError(f"relation {rel.label}: a span cannot be related to itself")
        if not self.schema.has_relation(rel.label):
            raise AnnotationError(f"unknown relation type {rel.label!r} (not in schema {self.schema.name})")
        if not self.schema.relation(rel.label).allows(rel.head[2], rel.tail[2]):
            raise AnnotationError(f"the schema does not allow {rel.head[2]} —{rel.label}→ {rel.tail[2]}")
        if rel.key in self._relations:
            raise AnnotationError(f"relation {rel.label} between these spans already exists")

    # -- primitive changes (used by commands) ------------------------------------------------
    def _add_span(self, span: Span) -> None:
        self._spans[span.key] = span
        self._emit("span_added", span)

    def _remove_span(self, span: Span) -> None:
        del self._spans[span.key]
        self._emit("span_removed", span)

    def _add_relation(self, rel: Relation) -> None:
        self._relations[rel.key] = rel
        self._emit("relation_added", rel)

    def _remove_relation(self, rel: Relation) -> None:
        del self._relations[rel.key]
        self._emit("relation_removed", rel)

    def apply(self, command: Command) -> Command:
        """Check and apply `command`; return the command that undoes it."""
        return command.do(self)


@dataclass(frozen=True)
class AddSpan:
    span: Span
    relations: tuple[Relation, ...] = ()  # brought back with the span (undo of DeleteSpan)

    def check(self, ann: Annotations) -> None:
        ann.check_span(self.span)

    def do(self, ann: Annotations) -> Command:
        self.check(ann)
        ann._add_span(self.span)
        for rel in self.relations:
            ann._add_relation(rel)
        return DeleteSpan(self.span)

    def describe(self, text: str) -> str:
        return f"add {self.span.label} “{_short(self.span.text_in(text))}”"


@dataclass(frozen=True)
class DeleteSpan:
    span: Span

    def check(self, ann: Annotations) -> None:
        if not ann.has_span(self.span.key):
            raise AnnotationError(f"span {self.span.start}-{self.span.end} {self.span.label} does not exist")

    def removed_relations(self, ann: Annotations) -> tuple[Relation, ...]:
        return tuple(ann.relations_of(self.span.key))

    def do(self, ann: Annotations) -> Command:
        self.check(ann)
        stored = ann.get_span(self.span.key)
        rels = self.removed_relations(ann)
        for rel in rels:
            ann._remove_relation(rel)
        ann._remove_span(stored)
        return AddSpan(stored, rels)

    def describe(self, text: str) -> str:
        return f"delete {self.span.label} “{_short(self.span.text_in(text))}”"


@dataclass(frozen=True)
class SetLabel:
    span: Span
    label: str

    def check(self, ann: Annotations) -> None:
        if not ann.has_span(self.span.key):
            raise AnnotationError(f"span {self.span.start}-{self.span.end} {self.span.label} does not exist")
        if not ann.schema.has_label(self.label):
            raise AnnotationError(f"unknown label {self.label!r} (not in schema {ann.schema.name})")
        new_key = (self.span.start, self.span.end, self.label)
        if new_key != self.span.key and new_key in ann._spans:
            raise AnnotationError(f"a {self.label} span on the same text already exists")
        new_span = self.span.with_label(self.label)
        for rel in ann.relations_of(self.span.key):
            moved = _relabel_relation(rel, self.span.key, new_span.key)
            if not ann.schema.relation(rel.label).allows(moved.head[2], moved.tail[2]):
                raise AnnotationError(
                    f"relabelling to {self.label} would break relation {rel.label} "
                    f"({moved.head[2]} —{rel.label}→ {moved.tail[2]} is not allowed); delete the relation first"
                )

    def do(self, ann: Annotations) -> Command:
        self.check(ann)
        if self.label == self.span.label:
            return SetLabel(self.span, self.label)
        stored = ann.get_span(self.span.key)
        new_span = stored.with_label(self.label)
        rels = ann.relations_of(stored.key)
        for rel in rels:
            ann._remove_relation(rel)
        ann._remove_span(stored)
        ann._add_span(new_span)
        for rel in rels:
            ann._add_relation(ann.canonical_relation(_relabel_relation(rel, stored.key, new_span.key)))
        return SetLabel(new_span, stored.label)

    def describe(self, text: str) -> str:
        return f"relabel “{_short(self.span.text_in(text))}” {self.span.label} → {self.label}"


@dataclass(frozen=True)
class AddRelation:
    relation: Relation

    def check(self, ann: Annotations) -> None:
        ann.check_relation(ann.canonical_relation(self.relation))

    def do(self, ann: Annotations) -> Command:
        rel = ann.canonical_relation(self.relation)
        ann.check_relation(rel)
        ann._add_relation(rel)
        return DeleteRelation(rel)

    def describe(self, text: str) -> str:
        return f"add relation {self.relation.label}"


@dataclass(frozen=True)
class DeleteRelation:
    relation: Relation

    def check(self, ann: Annotations) -> None:
        if not ann.has_relation(ann.canonical_relation(self.relation)):
            raise AnnotationError(f"relation {self.relation.label} does not exist")

    def do(self, ann: Annotations) -> Command:
        rel = ann.canonical_relation(self.relation)
        self.check(ann)
        ann._remove_relation(rel)
        return AddRelation(rel)

    def describe(self, text: str) -> str:
        return f"delete relation {self.relation.label}"


Command = AddSpan | DeleteSpan | SetLabel | AddRelation | DeleteRelation


def _relabel_relation(rel: Relation, old: SpanKey, new: SpanKey) -> Relation:
    return Relation(new if rel.head == old else rel.head, new if rel.tail == old else rel.tail, rel.label)


def _short(text: str, limit: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def iter_span_keys(spans: Iterable[Span]) -> Iterator[SpanKey]:
    for s in spans:
        yield s.key
