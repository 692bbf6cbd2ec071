"""Normalization done once, at import, before any offset exists."""

from __future__ import annotations

import hashlib
import unicodedata


def normalize_text(text: str) -> str:
    """NFC, CRLF/CR -> LF, leading BOM dropped. Stored text never changes after this."""
    if text.startswith("\ufeff"):
        text = text[1:]
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    return text


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
