"""The one place where Qt positions (UTF-16 code units) meet stored offsets (code points).

The stored text is the source of truth; the widget gets `display_text(text)`, which has exactly
one Qt position per BMP character and two per astral character (emoji, rare CJK…). Only two
characters would make the widget drift: a lone ``\\r`` and U+2029 both become block separators in
`QTextDocument.setPlainText`, and ``\\r\\n`` would even collapse into one position. They are shown
as ``\\n`` so that positions stay put. Never read the text back from the widget.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right

_ASTRAL = re.compile("[\U00010000-\U0010ffff]")
_BLOCK_SEPARATORS = re.compile("[\r\u2029]")


def display_text(text: str) -> str:
    """The string to give `QPlainTextEdit.setPlainText` (same positions, one block per paragraph)."""
    return _BLOCK_SEPARATORS.sub("\n", text) if ("\r" in text or "\u2029" in text) else text


def block_starts(text: str) -> list[int]:
    """Code-point offsets where each block (paragraph) of the widget's document starts."""
    shown = display_text(text)
    starts = [0]
    find = shown.find
    i = find("\n")
    while i >= 0:
        starts.append(i + 1)
        i = find("\n", i + 1)
    return starts


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
