"""The flat (non-overlapping) layer of a set of possibly nested spans: spaCy's `doc.ents`, CoNLL tags."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable

from annotator.core.document import Span
from annotator.core.schema import Schema


def flat_layer(spans: Iterable[Span], schema: Schema) -> list[Span]:
    """The non-overlapping layer chosen from `spans`, sorted by start.

    Only labels in `schema.ents_labels` take part. `schema.ents_nested == "outermost"`: the
    longest span (in characters) first, ties by earlier start, then by the label's order in the
    schema; `"innermost"`: the shortest first, same tie-breaks. A span is kept when it overlaps
    none kept before it.
    """
    allowed = set(schema.ents_labels)
    cands = [s for s in spans if s.label in allowed]
    if schema.ents_nested == "innermost":
        cands.sort(key=lambda s: (s.end - s.start, s.start, schema.label_rank(s.label)))
    else:
        cands.sort(key=lambda s: (s.start - s.end, s.start, schema.label_rank(s.label)))
    starts: list[int] = []
    ends: list[int] = []
    kept: list[Span] = []
    for s in cands:
        i = bisect_left(starts, s.start)
        if i > 0 and ends[i - 1] > s.start:  # the kept span before it reaches into it
            continue
        if i < len(starts) and starts[i] < s.end:  # the kept span at/after its start begins inside it
            continue
        starts.insert(i, s.start)
        ends.insert(i, s.end)
        kept.insert(i, s)
    return kept
