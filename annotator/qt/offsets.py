"""The one place where Qt positions (UTF-16 code units) meet stored offsets (code points).

The stored text is the source of truth. The article view lays the text out in display blocks
(`TextBlocks`): paragraphs, with very long paragraphs cut into pieces, each laid out on its own
(`QTextLayout`), so a 5 MB article without a line break opens like any other. A block holds a
slice of the stored text, unchanged; nothing is ever inserted or replaced, so positions are the
stored ones, counted in UTF-16 inside a block (an astral character such as an emoji is two).
`OffsetMap` converts. Never read the text back from a widget.

Grapheme clusters (a base letter with combining marks, a flag, a ZWJ emoji sequence) are found
with Qt's own boundary finder (`QTextBoundaryFinder`), never with a hand-written table.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right

from PySide6.QtCore import QTextBoundaryFinder

_ASTRAL = re.compile("[\U00010000-\U0010ffff]")
_BLOCK_SEPARATORS = re.compile("[\r\u2029]")
_SEPARATORS = re.compile("[\n\r\u2029]")
MAX_BLOCK = 2000  # code points: a longer paragraph is laid out in pieces of at most this size
_GRAPHEME_WINDOW = 64  # code points looked at on each side of a position for its grapheme cluster


def display_text(text: str) -> str:
    """`text` with its paragraph separators (``\\r``, U+2029) shown as ``\\n``: same length, same positions."""
    return _BLOCK_SEPARATORS.sub("\n", text) if ("\r" in text or "\u2029" in text) else text


def block_starts(text: str) -> list[int]:
    """Code-point offsets where each paragraph starts (after ``\\n``, ``\\r`` or U+2029)."""
    return [0, *(m.end() for m in _SEPARATORS.finditer(text))]


def _utf16_len(s: str) -> int:
    return len(s) + len(_ASTRAL.findall(s))


def grapheme_floor(text: str, offset: int) -> int:
    """The grapheme-cluster boundary at or before code point `offset` (Qt's boundary finder)."""
    return _grapheme_boundary(text, offset, forward=False)


def grapheme_ceil(text: str, offset: int) -> int:
    """The grapheme-cluster boundary at or after code point `offset`."""
    return _grapheme_boundary(text, offset, forward=True)


def _grapheme_boundary(text: str, offset: int, forward: bool) -> int:
    if offset <= 0 or offset >= len(text):
        return max(0, min(offset, len(text)))
    lo = max(0, offset - _GRAPHEME_WINDOW)
    window = text[lo : offset + _GRAPHEME_WINDOW]
    finder = QTextBoundaryFinder(QTextBoundaryFinder.BoundaryType.Grapheme, window)
    finder.setPosition(_utf16_len(window[: offset - lo]))
    if finder.isAtBoundary():
        return offset
    qpos = finder.toNextBoundary() if forward else finder.toPreviousBoundary()
    if qpos < 0:
        return offset
    # back from UTF-16 units of the window to code points
    k, units = 0, 0
    while units < qpos and k < len(window):
        units += 2 if ord(window[k]) > 0xFFFF else 1
        k += 1
    return lo + k


def widen_to_graphemes(text: str, start: int, end: int) -> tuple[int, int]:
    """`start`..`end` widened so that no grapheme cluster is cut (an empty range stays empty)."""
    if start >= end:
        return start, end
    return grapheme_floor(text, start), grapheme_ceil(text, end)


class TextBlocks:
    """The display blocks of a text: one per paragraph, a long paragraph cut into pieces.

    `starts[i]`..`ends[i]` is block i's slice of the text (code points, separator excluded);
    `hard[i]` says a paragraph separator follows it (else the next block continues the same
    paragraph: `ends[i] == starts[i + 1]`). A paragraph longer than `max_len` is cut after the
    last white space in the second half of each piece, or, in text without spaces, at a
    grapheme-cluster boundary. Every offset 0 ≤ o ≤ len(text) belongs to exactly one block.
    """

    __slots__ = ("ends", "hard", "starts")

    def __init__(self, text: str, max_len: int = MAX_BLOCK) -> None:
        starts: list[int] = []
        ends: list[int] = []
        hard: list[bool] = []
        para_start = 0
        n = len(text)
        seps = [m.start() for m in _SEPARATORS.finditer(text)] if ("\n" in text or "\r" in text or "\u2029" in text) else []
        for para_end in [*seps, n]:
            pos = para_start
            while para_end - pos > max_len:
                limit = pos + max_len
                cut = max(text.rfind(" ", pos + max_len // 2, limit), text.rfind("\t", pos + max_len // 2, limit))
                if cut >= 0:
                    cut += 1
                else:
                    cut = grapheme_floor(text, limit)
                    if cut <= pos:
                        cut = grapheme_ceil(text, limit)
                starts.append(pos)
                ends.append(cut)
                hard.append(False)
                pos = cut
            starts.append(pos)
            ends.append(para_end)
            hard.append(para_end < n)
            para_start = para_end + 1
        self.starts, self.ends, self.hard = starts, ends, hard

    def __len__(self) -> int:
        return len(self.starts)

    def block_of(self, offset: int) -> int:
        """The block holding code point `offset` (a separator belongs to the block before it)."""
        return max(0, bisect_right(self.starts, offset) - 1)


class OffsetMap:
    """Convert between code-point offsets of `text` and Qt (UTF-16) positions, in O(log n)."""

    __slots__ = ("_astral", "_qt_astral", "length", "qt_length")

    def __init__(self, text: str) -> None:
        self._astral = [m.start() for m in _ASTRAL.finditer(text)]
        # Qt position of each astral character (its high surrogate)
        self._qt_astral = [cp + k for k, cp in enumerate(self._astral)]
        self.length = len(text)
        self.qt_length = len(text) + len(self._astral)

    @property
    def identity(self) -> bool:
        return not self._astral

    def to_qt(self, offset: int) -> int:
        """Qt position of code-point `offset` (0 ≤ offset ≤ len(text))."""
        if not self._astral:
            return offset
        return offset + bisect_left(self._astral, offset)

    def to_py(self, position: int, round_up: bool = False) -> int:
        """Code-point offset of Qt `position`; inside a surrogate pair it rounds down (or up)."""
        if not self._astral:
            return position
        n = bisect_right(self._qt_astral, position - 2)  # astral chars that end at or before position
        offset = position - n
        if n < len(self._qt_astral) and self._qt_astral[n] == position - 1:  # between the two halves
            offset = self._astral[n] + (1 if round_up else 0)
        return offset

    def range_to_qt(self, start: int, end: int) -> tuple[int, int]:
        return self.to_qt(start), self.to_qt(end)

    def range_to_py(self, start: int, end: int) -> tuple[int, int]:
        """A Qt selection as code points, widened to whole characters."""
        if start > end:
            start, end = end, start
        return self.to_py(start), self.to_py(end, round_up=True)
