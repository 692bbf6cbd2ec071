"""Entity mentions from a gazetteer (`text<TAB>label` lines), found in a text on word edges."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from annotator.core.document import Source, Span
from annotator.core.resources import resources_dir


def default_gazetteer_path() -> Path:
    return resources_dir() / "patterns" / "vn_kr_entities.tsv"


def load_gazetteer(path: Path | None = None) -> list[tuple[str, str]]:
    entries = []
    for line in (path or default_gazetteer_path()).read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        text, _, label = line.partition("\t")
        entries.append((text, label.strip()))
    return entries


def find_mentions(text: str, entries: list[tuple[str, str]]) -> Iterator[Span]:
    """Every occurrence of every entry that is not glued to a letter or digit on either side."""
    for needle, label in entries:
        pattern = re.compile(r"(?<![^\W_])" + re.escape(needle) + r"(?![^\W_])")
        for m in pattern.finditer(text):
            yield Span(m.start(), m.end(), label, Source.PATTERN)
