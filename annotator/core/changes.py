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
class _SpanChange:
    span: Span

    @property
    def item(self) -> Span:
        return self.span


class SpanAdded(_SpanChange):
    """`span` was added to the set."""

    __slots__ = ()


class SpanRemoved(_SpanChange):
    """`span` was removed from the set (its relations are removed before it, by their own changes)."""

    __slots__ = ()


@dataclass(frozen=True, slots=True)
class _RelationChange:
    relation: Relation

    @property
    def item(self) -> Relation:
        return self.relation


class RelationAdded(_RelationChange):
    """`relation` was added to the set."""

    __slots__ = ()


class RelationRemoved(_RelationChange):
    """`relation` was removed from the set."""

    __slots__ = ()


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
