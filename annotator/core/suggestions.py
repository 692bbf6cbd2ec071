"""Suggestions as values, and the commands that accept several at once.

A `Suggestion` is a span a suggester (a pattern file or a trained model) proposes for a document;
it is not an annotation until an annotator accepts it, which adds it to their set as a span whose
`source` is `pattern` or `model` (its provenance — suggester version, score — goes to the span's
`meta`, see `provenance`). `AddSpans`/`DeleteSpans` are commands like those of
`annotator.core.commands` (a `plan` and its inverse): "accept all visible" is one step of the
undo history, and one transaction.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from annotator.core.changes import Change, SpanAdded, SpanRemoved
from annotator.core.commands import Annotations, Plan
from annotator.core.document import Source, Span, SpanKey
from annotator.core.errors import AnnotationError


@dataclass(frozen=True, slots=True)
class Suggestion:
    """One suggested span. `score` is in 0..1 (None: a pattern match, which has none);
    `kind` is `pattern` or `model`; `version` names the suggester (see `SuggesterRow.version`)."""

    id: int
    document_id: int
    start: int
    end: int
    label: str
    score: float | None
    kind: str
    version: str

    @property
    def key(self) -> SpanKey:
        return (self.start, self.end, self.label)

    @property
    def source(self) -> Source:
        return Source.MODEL if self.kind == "model" else Source.PATTERN

    def as_span(self) -> Span:
        return Span(self.start, self.end, self.label, self.source)

    def provenance(self) -> dict[str, Any]:
        """The `meta` of the span it becomes once accepted."""
        meta: dict[str, Any] = {"suggested_by": self.kind, "suggester": self.version, "suggestion_id": self.id}
        if self.score is not None:
            meta["score"] = round(float(self.score), 4)
        return meta


def visible(suggestions: Iterable[Suggestion], threshold: float = 0.0) -> list[Suggestion]:
    """Those at or above `threshold` (pattern matches, without a score, always), in text order."""
    keep = [s for s in suggestions if s.score is None or s.score >= threshold]
    return sorted(keep, key=lambda s: (s.start, s.end, s.label))


def next_suggestion(
    suggestions: Sequence[Suggestion], position: int, *, backwards: bool = False, wrap: bool = True
) -> Suggestion | None:
    """The first suggestion starting after `position` (before it, `backwards`), in text order;
    wraps around to the first (last) when `wrap`. None when there is none."""
    ordered = sorted(suggestions, key=lambda s: (s.start, s.end, s.label))
    if backwards:
        ordered.reverse()
        after = [s for s in ordered if s.start < position]
    else:
        after = [s for s in ordered if s.start > position]
    if after:
        return after[0]
    return ordered[0] if wrap and ordered else None


def margin_uncertainty(margins: Sequence[float], k: int = 5) -> float:
    """A document's uncertainty from the model's per-token margins (best minus second-best
    probability of each decision, 0..1): 1 minus the mean of its `k` smallest margins, so the
    document whose hardest decisions were closest calls comes first. 0.0 for no decision."""
    if not margins:
        return 0.0
    low = sorted(margins)[:k]
    value = 1.0 - sum(low) / len(low)
    return min(1.0, max(0.0, value)) if math.isfinite(value) else 1.0


@dataclass(frozen=True)
class AddSpans:
    """Add several spans at once (accept every visible suggestion): one step, one transaction."""

    spans: tuple[Span, ...]

    def plan(self, ann: Annotations) -> Plan:
        keys: set[SpanKey] = set()
        for span in self.spans:
            ann.check_span(span)
            if span.key in keys:
                raise AnnotationError(f"span {span.start}-{span.end} {span.label} given twice", kind="duplicate span")
            keys.add(span.key)
        changes: tuple[Change, ...] = tuple(SpanAdded(s) for s in self.spans)
        return Plan(changes, DeleteSpans(self.spans))

    def describe(self, text: str) -> str:
        return f"accept {len(self.spans)} suggestion(s)"


@dataclass(frozen=True)
class DeleteSpans:
    """Remove several spans that have no relations (the undo of `AddSpans`)."""

    spans: tuple[Span, ...]

    def plan(self, ann: Annotations) -> Plan:
        stored = []
        for span in self.spans:
            if not ann.has_span(span.key):
                raise AnnotationError(f"span {span.start}-{span.end} {span.label} does not exist")
            if ann.relations_of(span.key):
                raise AnnotationError(
                    f"span {span.start}-{span.end} {span.label} has relations now; delete them first",
                    kind="span has relations",
                )
            stored.append(ann.get_span(span.key))
        return Plan(tuple(SpanRemoved(s) for s in stored), AddSpans(tuple(stored)))

    def describe(self, text: str) -> str:
        return f"remove {len(self.spans)} accepted suggestion(s)"


__all__ = ["AddSpans", "DeleteSpans", "Suggestion", "margin_uncertainty", "next_suggestion", "visible"]
