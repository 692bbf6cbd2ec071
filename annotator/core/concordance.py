"""Concordance (keyword in context) of one document, and labelling its hits as one command.

`find_hits(text, query)` finds every occurrence of a query in a stored text the way Ctrl+F in
the article does (`annotator.core.text.FoldedText`: no case, no diacritics, `đ` = `d`, a query
typed in decomposed Unicode is the same query), left to right and not overlapping, as stored
code-point offsets `(start, end)`. `hit_extent` says which span labelling a hit would make:
the hit snapped to tokens (`TokenIndex.snap`) when that only drops surrounding spaces; a hit
that starts or ends inside a token (`nam` inside `Namdinh`) cannot be labelled as it is.

`LabelHits` / `UnlabelHits` are commands like those of `annotator.core.commands` (a `plan` and
its inverse): labelling several hits of one document is one step of the undo history and one
transaction.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from annotator.core.commands import Annotations, Plan
from annotator.core.document import Span
from annotator.core.suggestions import AddSpans, DeleteSpans
from annotator.core.text import FoldedText, _fold_char, fold


def fold_query(query: str) -> str:
    """A typed query as the texts are searched: NFC (stored texts are), then `fold`."""
    return fold(unicodedata.normalize("NFC", query))


def _folds_one_to_one(text: str) -> bool:
    """Every character of `text` folds to exactly one character (so folded offsets are stored
    offsets). Looks at each distinct character once."""
    for ch in set(text):
        if ch.isascii():
            continue
        if unicodedata.combining(ch) or len(_fold_char(ch)) != 1:
            return False
    return True


def find_hits(text: str, query: str, limit: int | None = None) -> list[tuple[int, int]]:
    """Every occurrence of `query` in `text`, left to right, not overlapping, as stored offsets
    `(start, end)` (end exclusive, code points); at most `limit`. The matching is Ctrl+F's
    (`FoldedText.find`): the marks that follow the last matched letter belong to the hit.

    An empty query (or one of combining marks only) has no hit.
    """
    q = fold_query(query)
    if not q:
        return []
    out: list[tuple[int, int]] = []
    if _folds_one_to_one(text):
        folded = fold(text)  # one translate: folded offset k is stored offset k
        i = folded.find(q)
        while i >= 0 and (limit is None or len(out) < limit):
            out.append((i, i + len(q)))
            i = folded.find(q, i + len(q))
        return out
    ft = FoldedText(text)
    i = ft.folded.find(q)
    while i >= 0 and (limit is None or len(out) < limit):
        out.append(ft._span(i, len(q)))
        i = ft.folded.find(q, i + len(q))
    return out


def context(text: str, start: int, end: int, width: int = 40) -> tuple[str, str]:
    """(left, right): up to `width` characters of `text` before `start` and after `end`, as
    stored (line breaks included; a display shows them as it likes)."""
    return text[max(0, start - width) : start], text[end : end + width]


def hit_extent(tokens, start: int, end: int) -> tuple[int, int] | None:
    """The span labelling the hit `start:end` makes: the hit snapped to tokens (`tokens.snap`,
    a `TokenIndex` or `LazyTokenIndex`) when snapping only drops spaces around it; None when the
    hit holds no token or starts or ends inside one (snapping would label other text)."""
    snapped = tokens.snap(start, end)
    if snapped is None or snapped[0] < start or snapped[1] > end:
        return None
    return snapped


@dataclass(frozen=True)
class LabelHits:
    """Add the spans of several hits of one document (label-all): one step, one transaction."""

    spans: tuple[Span, ...]
    query: str = ""

    def plan(self, ann: Annotations) -> Plan:
        plan = AddSpans(self.spans).plan(ann)
        return Plan(plan.changes, UnlabelHits(self.spans, self.query))

    def describe(self, text: str) -> str:
        labels = sorted({s.label for s in self.spans})
        return f"label {len(self.spans)} hit(s) of “{self.query}” as {', '.join(labels)}"


@dataclass(frozen=True)
class UnlabelHits:
    """Remove the spans a `LabelHits` added (its undo); refused when one of them has relations now."""

    spans: tuple[Span, ...]
    query: str = ""

    def plan(self, ann: Annotations) -> Plan:
        plan = DeleteSpans(self.spans).plan(ann)
        stored = plan.inverse.spans  # type: ignore[union-attr]
        return Plan(plan.changes, LabelHits(tuple(stored), self.query))

    def describe(self, text: str) -> str:
        return f"remove {len(self.spans)} labelled hit(s) of “{self.query}”"


__all__ = ["LabelHits", "UnlabelHits", "context", "find_hits", "fold_query", "hit_extent"]
