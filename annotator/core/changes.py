"""Typed changes of one annotation set: what a command plans, the database saves, memory follows.

A command's `plan` returns a tuple of these values; the session writes exactly that tuple to the
database (one transaction), then makes it in memory (`Annotations.commit`), then hands the same
tuple to its observers, who `match` on the values:

    for change in changes:
        match change:
            case SpanAdded(span=s): ...
            case SpanRemoved(span=s): ...

A relabel is a `SpanRemoved` of the old span and a `SpanAdded` of the new one (its relations are
removed before and added after); deleting a span removes its relations first.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from annotator.core.document import Relation, Span


@dataclass(frozen=True, slots=True)
class SpanAdded:
    span: Span


@dataclass(frozen=True, slots=True)
class SpanRemoved:
    span: Span


@dataclass(frozen=True, slots=True)
class RelationAdded:
    relation: Relation


@dataclass(frozen=True, slots=True)
class RelationRemoved:
    relation: Relation


Change = SpanAdded | SpanRemoved | RelationAdded | RelationRemoved
Changes = tuple[Change, ...]
ChangeObserver = Callable[[Changes], None]


def span_count_delta(changes: Iterable[Change]) -> int:
    """How many spans the set gains (negative: loses) with `changes`."""
    n = 0
    for change in changes:
        if isinstance(change, SpanAdded):
            n += 1
        elif isinstance(change, SpanRemoved):
            n -= 1
    return n


__all__ = [
    "Change",
    "ChangeObserver",
    "Changes",
    "RelationAdded",
    "RelationRemoved",
    "SpanAdded",
    "SpanRemoved",
    "span_count_delta",
]
