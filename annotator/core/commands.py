"""Edits as data: each command plans its typed changes and the command that undoes it.

`command.plan(annotations)` is pure: it checks the command against the current spans and
relations and returns a `Plan` (the `Change` values of `annotator.core.changes`, and the inverse
command), changing nothing. Whoever applies it saves the changes first, then makes them in
memory with `Annotations.commit`, then tells observers (see `AnnotationSession.apply`); undo is
the inverse applied the same way (`annotator.core.history`). Deleting a span removes its
relations too, and the inverse `AddSpan` brings them back.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from annotator.core.changes import Change, Changes, RelationAdded, RelationRemoved, SpanAdded, SpanRemoved
from annotator.core.document import Relation, Span, SpanKey
from annotator.core.errors import AnnotationError
from annotator.core.schema import Schema
from annotator.core.tokenize import TokenIndex


class Annotations:
    """The spans and relations of one annotation set, checked against the schema.

    Commands read it to plan; `commit(changes)` makes planned changes (it does not check them
    again and tells nobody: observing is the session's job, after the save).
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

    # -- checks ----------------------------------------------------------------------------
    def check_span(self, span: Span) -> None:
        if not self.schema.has_label(span.label):
            raise AnnotationError(
                f"unknown label {span.label!r} (not in schema {self.schema.name})", kind=f"label {span.label} not in the schema"
            )
        if not (0 <= span.start < span.end <= len(self.text)):
            raise AnnotationError(
                f"offsets {span.start}-{span.end} out of range for a text of {len(self.text)} characters",
                kind="offsets out of range",
            )
        if self.tokens is not None and not self.tokens.is_aligned(span.start, span.end):
            raise AnnotationError(
                f"span {span.start}-{span.end} {self.text[span.start:span.end]!r} does not fall on token boundaries",
                kind="not on token boundaries",
            )
        if span.key in self._spans:
            raise AnnotationError(
                f"span {span.start}-{span.end} {span.label} already exists: {self.text[span.start:span.end]!r}",
                kind="duplicate span",
            )

    def canonical_relation(self, rel: Relation) -> Relation:
        """Symmetric relation types are stored in one direction: the earlier span is the head."""
        if self.schema.has_relation(rel.label) and self.schema.relation(rel.label).symmetric and rel.tail < rel.head:
            return Relation(rel.tail, rel.head, rel.label)
        return rel

    def check_relation(self, rel: Relation) -> None:
        for role, key in (("head", rel.head), ("tail", rel.tail)):
            if key not in self._spans:
                raise AnnotationError(
                    f"relation {rel.label}: {role} span {key} does not exist", kind="relation on a missing span"
                )
        if rel.head == rel.tail:
            raise AnnotationError(f"relation {rel.label}: a span cannot be related to itself", kind="relation of a span to itself")
        if not self.schema.has_relation(rel.label):
            raise AnnotationError(
                f"unknown relation type {rel.label!r} (not in schema {self.schema.name})",
                kind=f"relation type {rel.label} not in the schema",
            )
        if not self.schema.relation(rel.label).allows(rel.head[2], rel.tail[2]):
            raise AnnotationError(
                f"the schema does not allow {rel.head[2]} —{rel.label}→ {rel.tail[2]}",
                kind=f"relation {rel.label} not allowed between these labels",
            )
        if rel.key in self._relations:
            raise AnnotationError(f"relation {rel.label} between these spans already exists", kind="duplicate relation")

    # -- changing --------------------------------------------------------------------------
    def commit(self, changes: Iterable[Change]) -> None:
        """Make `changes` (planned on this state, and saved) in memory, in order."""
        for change in changes:
            match change:
                case SpanAdded(span=s):
                    self._spans[s.key] = s
                case SpanRemoved(span=s):
                    del self._spans[s.key]
                case RelationAdded(relation=r):
                    self._relations[r.key] = r
                case RelationRemoved(relation=r):
                    del self._relations[r.key]

    def apply(self, command: Command) -> Command:
        """Plan and commit `command` in memory only (nothing is saved); return its inverse."""
        plan = command.plan(self)
        self.commit(plan.changes)
        return plan.inverse


@dataclass(frozen=True, slots=True)
class Plan:
    """What a command changes (in order) and the command that undoes it."""

    changes: Changes
    inverse: Command


@dataclass(frozen=True)
class AddSpan:
    span: Span
    relations: tuple[Relation, ...] = ()  # brought back with the span (undo of DeleteSpan)

    def check(self, ann: Annotations) -> None:
        ann.check_span(self.span)

    def plan(self, ann: Annotations) -> Plan:
        self.check(ann)
        added: list[Change] = [SpanAdded(self.span)]
        added += [RelationAdded(rel) for rel in self.relations]
        return Plan(tuple(added), DeleteSpan(self.span))

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

    def plan(self, ann: Annotations) -> Plan:
        self.check(ann)
        stored = ann.get_span(self.span.key)
        rels = self.removed_relations(ann)
        removed: list[Change] = [RelationRemoved(rel) for rel in rels]
        removed.append(SpanRemoved(stored))
        return Plan(tuple(removed), AddSpan(stored, rels))

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
        if new_key != self.span.key and ann.has_span(new_key):
            raise AnnotationError(f"a {self.label} span on the same text already exists")
        new_span = self.span.with_label(self.label)
        for rel in ann.relations_of(self.span.key):
            moved = _relabel_relation(rel, self.span.key, new_span.key)
            if not ann.schema.relation(rel.label).allows(moved.head[2], moved.tail[2]):
                raise AnnotationError(
                    f"relabelling to {self.label} would break relation {rel.label} "
                    f"({moved.head[2]} —{rel.label}→ {moved.tail[2]} is not allowed); delete the relation first"
                )

    def plan(self, ann: Annotations) -> Plan:
        """A relabel removes the span (its relations first) and adds it with the new label."""
        self.check(ann)
        if self.label == self.span.label:
            return Plan((), SetLabel(self.span, self.label))
        stored = ann.get_span(self.span.key)
        new_span = stored.with_label(self.label)
        rels = ann.relations_of(stored.key)
        changes: list[Change] = [RelationRemoved(rel) for rel in rels]
        changes += [SpanRemoved(stored), SpanAdded(new_span)]
        changes += [
            RelationAdded(ann.canonical_relation(_relabel_relation(rel, stored.key, new_span.key))) for rel in rels
        ]
        return Plan(tuple(changes), SetLabel(new_span, stored.label))

    def describe(self, text: str) -> str:
        return f"relabel “{_short(self.span.text_in(text))}” {self.span.label} → {self.label}"


@dataclass(frozen=True)
class AddRelation:
    relation: Relation

    def check(self, ann: Annotations) -> None:
        ann.check_relation(ann.canonical_relation(self.relation))

    def plan(self, ann: Annotations) -> Plan:
        rel = ann.canonical_relation(self.relation)
        ann.check_relation(rel)
        return Plan((RelationAdded(rel),), DeleteRelation(rel))

    def describe(self, text: str) -> str:
        return f"add relation {self.relation.label}"


@dataclass(frozen=True)
class DeleteRelation:
    relation: Relation

    def check(self, ann: Annotations) -> None:
        if not ann.has_relation(ann.canonical_relation(self.relation)):
            raise AnnotationError(f"relation {self.relation.label} does not exist")

    def plan(self, ann: Annotations) -> Plan:
        rel = ann.canonical_relation(self.relation)
        self.check(ann)
        return Plan((RelationRemoved(rel),), AddRelation(rel))

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
