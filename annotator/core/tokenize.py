"""The project's Vietnamese syllable tokenizer (pure Python; spaCy registration is in `annotator.nlp`).

One tokenizer snaps selections in the window, aligns imported spans and drives the export, so a
span made in the tool can always be represented at export.

Rules, applied to each run of non-space characters:
- numbers with inner separators stay whole: ``19/8``, ``14/4/2023``, ``80,6``, ``9.500``, ``18,5``,
  ``7,319,313``, ``15:13``;
- a short capitalised abbreviation glued to the next word keeps its period: ``TP.Hồ`` -> ``TP.`` +
  ``Hồ`` (``Tp.HCM`` -> ``Tp.`` + ``HCM``);
- letters and digits form words (combining marks stay with their base); hyphens, dashes,
  quotes, brackets and every other punctuation or symbol are tokens of their own, so
  ``Noh-wan`` -> ``Noh`` ``-`` ``wan`` and ``Thuận,`` -> ``Thuận`` ``,``.
The text is never changed: tokens are `(start, end)` code-point offsets; whitespace is not a token.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence

_MARKS = "\u0300-\u036f\u0483-\u0489\u0591-\u05bd\u064b-\u065f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe00-\ufe0f\ufe20-\ufe2f\u200d"
_WORD = rf"(?:[^\W_]|[{_MARKS}])+"
_TOKEN_RE = re.compile(
    rf"""
      \d+(?:[.,/:]\d+)+(?![^\W_])          # 19/8  14/4/2023  80,6  9.500  15:13
    | [A-ZĐ][^\W\d_]{{0,3}}\.(?=[^\W\d_])  # TP.Hồ -> TP.
    | {_WORD}                               # syllables, words, plain numbers
    | \S[{_MARKS}]*                         # any other single character (punctuation, symbol)
    """,
    re.VERBOSE,
)

Token = tuple[int, int]


def tokenize(text: str) -> list[Token]:
    """Return the `(start, end)` offsets of the tokens of `text`, in order, never overlapping."""
    return [m.span() for m in _TOKEN_RE.finditer(text)]


def token_texts(text: str) -> list[str]:
    return [text[s:e] for s, e in tokenize(text)]


class TokenIndex:
    """Token boundaries of one text, for snapping selections and checking alignment in O(log n)."""

    __slots__ = ("ends", "starts", "text")

    def __init__(self, text: str, tokens: Sequence[Token] | None = None) -> None:
        self.text = text
        toks = tokenize(text) if tokens is None else tokens
        self.starts = [s for s, _ in toks]
        self.ends = [e for _, e in toks]

    def __len__(self) -> int:
        return len(self.starts)

    def snap(self, start: int, end: int) -> tuple[int, int] | None:
        """Widen a selection to whole tokens and drop surrounding spaces.

        A half-selected syllable becomes the whole syllable. Returns None when the selection
        holds no token (only spaces, or empty).
        """
        if start > end:
            start, end = end, start
        start = max(0, start)
        end = min(len(self.text), end)
        # first token whose end is after `start`
        i = bisect_right(self.ends, start)
        # last token whose start is before `end`
        j = bisect_left(self.starts, end) - 1
        if i >= len(self.starts) or j < i:
            return None
        return self.starts[i], self.ends[j]

    def is_aligned(self, start: int, end: int) -> bool:
        """True when `start` is a token start and `end` a token end (so spaCy can represent it)."""
        if start >= end:
            return False
        i = bisect_left(self.starts, start)
        if i >= len(self.starts) or self.starts[i] != start:
            return False
        j = bisect_left(self.ends, end)
        return j < len(self.ends) and self.ends[j] == end

    def token_range(self, start: int, end: int) -> tuple[int, int] | None:
        """Token indices `(first, last_exclusive)` of an aligned span, else None."""
        if not self.is_aligned(start, end):
            return None
        return bisect_left(self.starts, start), bisect_left(self.ends, end) + 1

    def token_at(self, pos: int) -> Token | None:
        """The token that contains position `pos` (for double-click), or None on a space."""
        i = bisect_right(self.starts, pos) - 1
        if i >= 0 and self.starts[i] <= pos < self.ends[i]:
            return self.starts[i], self.ends[i]
        return None


_SPACE_RE = re.compile(r"\s")


class LazyTokenIndex:
    """The answers of `TokenIndex`, tokenizing only the parts of the text that are asked about.

    No token contains whitespace, so the text is cut at whitespace into chunks of about `chunk`
    characters, each tokenized on first use. Opening a 1 MB article then costs almost nothing,
    and snapping a selection or checking a span tokenizes a few KB. `starts`, `ends`, `len()`
    and `token_range` tokenize everything (once).
    """

    __slots__ = ("_bounds", "_chunks", "_full", "text")

    def __init__(self, text: str, chunk: int = 4096) -> None:
        self.text = text
        n = len(text)
        bounds = [0]
        pos = chunk
        while pos < n:
            m = _SPACE_RE.search(text, pos)
            if m is None:
                break
            bounds.append(m.start())
            pos = m.start() + chunk
        bounds.append(n)
        self._bounds = bounds  # chunk k is text[bounds[k]:bounds[k + 1]]; inner bounds are spaces
        self._chunks: dict[int, tuple[list[int], list[int]]] = {}
        self._full: TokenIndex | None = None

    def _chunk_of(self, pos: int) -> int:
        return min(max(bisect_right(self._bounds, pos) - 1, 0), len(self._bounds) - 2)

    def _tokens(self, k: int) -> tuple[list[int], list[int]]:
        got = self._chunks.get(k)
        if got is None:
            spans = [m.span() for m in _TOKEN_RE.finditer(self.text, self._bounds[k], self._bounds[k + 1])]
            got = self._chunks[k] = ([s for s, _ in spans], [e for _, e in spans])
        return got

    def _index(self) -> TokenIndex:
        if self._full is None:
            toks: list[Token] = []
            for k in range(len(self._bounds) - 1):
                starts, ends = self._tokens(k)
                toks.extend(zip(starts, ends, strict=True))
            self._full = TokenIndex(self.text, toks)
        return self._full

    @property
    def starts(self) -> list[int]:
        return self._index().starts

    @property
    def ends(self) -> list[int]:
        return self._index().ends

    def __len__(self) -> int:
        return len(self._index())

    def token_range(self, start: int, end: int) -> tuple[int, int] | None:
        return self._index().token_range(start, end)

    def _first_ending_after(self, pos: int) -> Token | None:
        for k in range(self._chunk_of(pos), len(self._bounds) - 1):
            starts, ends = self._tokens(k)
            i = bisect_right(ends, pos)
            if i < len(ends):
                return starts[i], ends[i]
        return None

    def _last_starting_before(self, pos: int) -> Token | None:
        for k in range(self._chunk_of(pos), -1, -1):
            starts, ends = self._tokens(k)
            j = bisect_left(starts, pos) - 1
            if j >= 0:
                return starts[j], ends[j]
        return None

    def snap(self, start: int, end: int) -> tuple[int, int] | None:
        """As `TokenIndex.snap`."""
        if start > end:
            start, end = end, start
        start = max(0, start)
        end = min(len(self.text), end)
        first = self._first_ending_after(start)
        last = self._last_starting_before(end)
        if first is None or last is None or last[0] < first[0]:
            return None
        return first[0], last[1]

    def is_aligned(self, start: int, end: int) -> bool:
        """As `TokenIndex.is_aligned`."""
        if start >= end or start < 0 or end > len(self.text):
            return False
        starts, _ = self._tokens(self._chunk_of(start))
        i = bisect_left(starts, start)
        if i >= len(starts) or starts[i] != start:
            return False
        _, ends = self._tokens(self._chunk_of(end - 1))
        j = bisect_left(ends, end)
        return j < len(ends) and ends[j] == end

    def token_at(self, pos: int) -> Token | None:
        """As `TokenIndex.token_at`."""
        if not 0 <= pos < len(self.text):
            return None
        starts, ends = self._tokens(self._chunk_of(pos))
        i = bisect_right(starts, pos) - 1
        if i >= 0 and starts[i] <= pos < ends[i]:
            return starts[i], ends[i]
        return None
