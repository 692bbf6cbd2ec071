"""Normalization done once, at import, before any offset exists; folding for search."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from bisect import bisect_left
from functools import lru_cache


def normalize_text(text: str) -> str:
    """NFC, CRLF/CR -> LF, leading BOM dropped. Stored text never changes after this.

    It does not check characters: importers refuse what `find_bad_character` finds first.
    """
    if text.startswith("\ufeff"):
        text = text[1:]
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    return text


# Characters no imported text may hold: NUL, which PostgreSQL refuses in text and JSON, which
# C libraries (and many tools reading an export) take for the end of a string; and lone
# surrogates (U+D800-U+DFFF), which cannot be written as UTF-8 at all (a JSON file can hold them
# as `"\ud800"` escapes; a valid pair `"\ud83d\ude00"` is one character and fine). Other
# control characters are kept as they are: real corpora have them (a BEL in source code quoted
# in a GitHub issue, a form feed between the pages of a PDF's text), and every layer (storage,
# tokenizer, window, exports) stores and counts them as the single characters they are.
_BAD_CHARACTER = re.compile("[\x00\ud800-\udfff]")
_CONTROL_NAMES = {0: "NUL"}


def find_bad_character(text: str, start: int = 0) -> int | None:
    """Index of the first character at or after `start` that imported text may not hold (NUL, a
    lone surrogate), or None."""
    m = _BAD_CHARACTER.search(text, start)
    return None if m is None else m.start()


def describe_character(ch: str) -> str:
    """`U+0000 (NUL)`, `U+D800 (a lone surrogate)`: a character named on one line."""
    code = ord(ch)
    if 0xD800 <= code <= 0xDFFF:
        return f"U+{code:04X} (a lone surrogate)"
    name = _CONTROL_NAMES.get(code) or unicodedata.name(ch, "") or "a control character"
    return f"U+{code:04X} ({name})"


def content_hash(text: str) -> str:
    """Stable identity of a normalized text (used to skip duplicates at import)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def default_title(text: str, limit: int = 100) -> str:
    """A readable title: the first non-empty line, shortened at a word boundary."""
    for line in text.split("\n"):
        line = line.strip()
        if line:
            if len(line) <= limit:
                return line
            cut = line.rfind(" ", 0, limit)
            return line[: cut if cut > limit // 2 else limit].rstrip(" ,;:-") + "…"
    return "(empty)"


def short(text: str, limit: int = 40) -> str:
    """`text` on one line (runs of white space as one space), cut to `limit` characters with “…”."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


# Letters that have no decomposition but that users type without their stroke.
_UNDECOMPOSABLE = {"đ": "d", "ð": "d", "ł": "l", "ø": "o", "ħ": "h"}


@lru_cache(maxsize=4096)
def _fold_char(ch: str) -> str:
    base = "".join(c for c in unicodedata.normalize("NFD", ch) if not unicodedata.combining(c)).casefold()
    return "".join(_UNDECOMPOSABLE.get(c, c) for c in base)


class _FoldTable(dict):
    """`str.translate` table of `fold`, filled on first sight of each character."""

    def __missing__(self, code: int) -> str:
        ch = chr(code)
        out = "" if unicodedata.combining(ch) else _fold_char(ch)
        self[code] = out
        return out


_FOLD_TABLE = _FoldTable()


def fold(text: str) -> str:
    """`text` as users type it when searching: no case, no diacritics (`Đà Nẵng` → `da nang`).

    Unicode NFD without combining marks, then case folding; `đ`/`Đ` (which do not decompose)
    become `d`. A query typed in decomposed form folds the same way. Character by character
    (combining marks fold to nothing), so `fold(a + b) == fold(a) + fold(b)`.
    """
    if text.isascii():
        return text.lower()
    return text.translate(_FOLD_TABLE)


class FoldedText:
    """A stored text folded for search (see `fold`), with the way back to stored offsets.

    `folded[k]` comes from the stored character `starts[k]`; combining marks fold to nothing.
    """

    __slots__ = ("folded", "starts", "text")

    def __init__(self, text: str) -> None:
        out: list[str] = []
        starts: list[int] = []
        for i, ch in enumerate(text):
            if ch.isascii() and not ch.isupper():
                out.append(ch)
                starts.append(i)
                continue
            if unicodedata.combining(ch):
                continue
            for c in _fold_char(ch):
                out.append(c)
                starts.append(i)
        self.text = text
        self.folded = "".join(out)
        self.starts = starts

    def _span(self, k: int, n: int) -> tuple[int, int]:
        start = self.starts[k]
        end = self.starts[k + n - 1] + 1
        while end < len(self.text) and unicodedata.combining(self.text[end]):
            end += 1  # the marks of the last letter belong to the match
        return start, end

    def find(self, query: str, offset: int = 0, backwards: bool = False) -> tuple[int, int] | None:
        """The next (previous) match of `query` from stored `offset`, wrapping around; stored offsets or None."""
        q = fold(query)
        if not q:
            return None
        k = bisect_left(self.starts, offset)
        if backwards:
            i = self.folded.rfind(q, 0, max(0, k + len(q) - 1))
            while i >= 0 and self.starts[i] >= offset:
                i = self.folded.rfind(q, 0, i + len(q) - 1)
            if i < 0:
                i = self.folded.rfind(q)
        else:
            i = self.folded.find(q, k)
            if i < 0:
                i = self.folded.find(q)
        return None if i < 0 else self._span(i, len(q))
