"""Shared helpers of the interchange formats: offset mapping onto normalized text, notes, checks.

Every importer normalizes the text once (`annotator.core.text.normalize_text`) and maps the
offsets a file gives, which count positions in the text *as the file has it* (NFD, CRLF, BOM),
onto the normalized text. An offset that falls inside something normalization merged (between
`\\r` and `\\n`, between a letter and its combining accent) cannot be mapped and is an error.
"""

from __future__ import annotations

import json
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from annotator.core.document import Source, Span
from annotator.core.errors import InputError
from annotator.core.text import normalize_text


def _starts_cluster(ch: str) -> bool:
    # combining marks and Hangul medial/final jamo compose with what precedes them
    return unicodedata.combining(ch) == 0 and not ("\u1160" <= ch <= "\u11ff")


class OffsetMap:
    """Positions in a raw text -> positions in its normalized form (`self.text`).

    The identity when the raw text is already normalized (the common case costs nothing).
    """

    __slots__ = ("_map", "raw", "text")

    def __init__(self, raw: str) -> None:
        self.raw = raw
        self.text = normalize_text(raw)
        self._map: list[int | None] | None = None
        if self.text != raw:
            self._map = self._build(raw)

    @property
    def identity(self) -> bool:
        return self._map is None

    def _build(self, raw: str) -> list[int | None]:
        mapping: list[int | None] = [None] * (len(raw) + 1)
        out: list[str] = []
        pos = 0  # position in the normalized output
        i = 0
        n = len(raw)
        if raw.startswith("\ufeff"):
            mapping[0] = 0
            i = 1
        while i < n:
            j = i + 1
            if raw[i] == "\r" and j < n and raw[j] == "\n":
                j += 1
            else:
                while j < n and not _starts_cluster(raw[j]) and raw[j] not in "\r\n":
                    j += 1
            cluster = raw[i:j]
            norm = "\n" if cluster[0] == "\r" else unicodedata.normalize("NFC", cluster)
            mapping[i] = pos
            out.append(norm)
            pos += len(norm)
            i = j
        mapping[n] = pos
        if "".join(out) != self.text:  # pragma: no cover - exotic compositions across starters
            raise ValueError("text normalization is not local; offsets cannot be mapped")
        return mapping

    def __call__(self, offset: int) -> int | None:
        """The normalized position of raw `offset`, or None when it falls inside a merged character."""
        if not 0 <= offset <= len(self.raw):
            return None
        if self._map is None:
            return offset
        return self._map[offset]


def utf16_to_codepoints(text: str, offset: int) -> int | None:
    """A UTF-16 code-unit offset (what JavaScript tools count) as a code-point offset of `text`."""
    units = 0
    for i, ch in enumerate(text):
        if units == offset:
            return i
        units += 2 if ord(ch) > 0xFFFF else 1
        if units > offset:
            return None
    return len(text) if units == offset else None


def same_text(given: str, actual: str) -> bool:
    """Span text in a file against the slice: equal after normalization (NFC, line breaks)."""
    if given == actual:
        return True
    given, actual = normalize_text(given), normalize_text(actual)
    return given == actual or " ".join(given.split()) == " ".join(actual.split())


@dataclass
class Notes:
    """What an importer saw but did not import (or changed), counted and shown to the user."""

    counts: Counter = field(default_factory=Counter)
    examples: dict[str, list[str]] = field(default_factory=dict)

    def add(self, what: str, where: str | None = None, n: int = 1) -> None:
        self.counts[what] += n
        if where is not None:
            ex = self.examples.setdefault(what, [])
            if len(ex) < 5:
                ex.append(where)

    def lines(self) -> list[str]:
        out = []
        for what, n in sorted(self.counts.items()):
            ex = self.examples.get(what)
            more = f" (e.g. {', '.join(ex)}{', …' if n > len(ex) else ''})" if ex else ""
            out.append(f"{n} {what}{more}")
        return out


def split_origin(origin: str) -> tuple[str, int | None]:
    file, _, line = origin.rpartition(":")
    if file and line.isdigit():
        return file, int(line)
    return origin, None


def read_text_file(path: Path) -> str:
    """A UTF-8 file exactly as it is (no newline translation: offsets may count `\\r\\n` as two)."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError(str(path), None, f"cannot read: {exc.strerror or exc}") from exc
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise InputError(str(path), line, f"not UTF-8 (byte 0x{raw[exc.start]:02x} at offset {exc.start})") from exc


def iter_json_lines(path: Path) -> Iterator[tuple[int, Any]]:
    """`(line number, object)` of a JSONL file; blank lines skipped; a bad line names its number."""
    for lineno, obj, _size in iter_json_lines_sized(path):
        yield lineno, obj


def iter_json_lines_sized(path: Path) -> Iterator[tuple[int, Any, int]]:
    """`(line number, object, bytes of the line)`: the same, with sizes for progress bars."""
    try:
        fh = path.open("rb")
    except OSError as exc:
        raise InputError(str(path), None, f"cannot read: {exc.strerror or exc}") from exc
    with fh:
        for lineno, raw in enumerate(fh, start=1):
            try:
                line = raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                raise InputError(str(path), lineno, f"not UTF-8 (byte 0x{raw[exc.start]:02x})") from exc
            if lineno == 1 and line.startswith("\ufeff"):
                line = line[1:]
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as exc:
                raise InputError(str(path), lineno, f"not JSON ({exc.msg} at column {exc.colno})") from exc
            except RecursionError:
                raise InputError(str(path), lineno, "JSON nested too deeply") from None
            yield lineno, obj, len(raw)


def load_json(path: Path) -> Any:
    text = read_text_file(path)
    if text.startswith("\ufeff"):
        text = text[1:]
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(str(path), exc.lineno, f"not JSON ({exc.msg} at column {exc.colno})") from exc
    except RecursionError:
        raise InputError(str(path), None, "JSON nested too deeply") from None


def write_jsonl(path: Path, objects: Iterable[dict]) -> int:
    n = 0
    with path.open("w", encoding="utf-8", newline="\n") as fh:
        for obj in objects:
            fh.write(json.dumps(obj, ensure_ascii=False))
            fh.write("\n")
            n += 1
    return n


def short(text: str, limit: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


@dataclass(frozen=True, slots=True)
class Problem:
    """One span or relation that cannot be imported as the file gives it.

    `kind` groups problems of the same sort in the listing (e.g. `not on token boundaries`);
    `start`/`end` are offsets as the file gives them (None for a relation); `text` the slice.
    """

    kind: str
    file: str
    line: int | None
    document: str
    reason: str
    start: int | None = None
    end: int | None = None
    text: str | None = None
    label: str | None = None
    what: str = "span"  # "span" or "relation"

    def where(self) -> str:
        return f"{self.file}:{self.line}" if self.line is not None else self.file

    def __str__(self) -> str:
        return f"{self.where()}: document {self.document}: {self.reason}"


class SpanProblem(InputError):
    """A span that cannot be imported (raised by `make_span`); `problem` says what and where."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.file, problem.line, f"document {problem.document}: {problem.reason}")
        self.problem = problem


def make_span(
    omap: OffsetMap,
    start: Any,
    end: Any,
    label: Any,
    *,
    file: str,
    line: int | None,
    doc: str,
    text: str | None = None,
    source: Source = Source.IMPORT,
) -> Span:
    """A span from offsets into the raw text of a file, checked and mapped onto the normalized text.

    Raises `SpanProblem` (an `InputError`) naming file, line, document and reason. Readers that
    go on after a bad span call `ReadContext.span` instead, which records the problem.
    """

    def bad(kind: str, reason: str) -> SpanProblem:
        s = start if isinstance(start, int) and not isinstance(start, bool) else None
        e = end if isinstance(end, int) and not isinstance(end, bool) else None
        snippet = omap.raw[s:e] if s is not None and e is not None and 0 <= s < e <= len(omap.raw) else None
        return SpanProblem(
            Problem(kind, file, line, doc, reason, s, e, snippet, label if isinstance(label, str) else None)
        )

    if not isinstance(label, str) or not label:
        raise bad("span without a label", f"a span has no label ({label!r})")
    if not isinstance(start, int) or not isinstance(end, int) or isinstance(start, bool) or isinstance(end, bool):
        raise bad("non-integer offsets", f"span {label} has non-integer offsets {start!r}-{end!r}")
    if not 0 <= start < end <= len(omap.raw):
        raise bad("offsets out of range", f"span {start}-{end} {label} out of range for a text of {len(omap.raw)} characters")
    actual = omap.raw[start:end]
    if text is not None and not same_text(text, actual):
        raise bad(
            "span text differs from the document text",
            f"span {start}-{end} {label}: the file says {text!r} but the text there is {actual!r}",
        )
    s, e = omap(start), omap(end)
    if s is None or e is None:
        raise bad(
            "offsets inside a character",
            f"span {start}-{end} {label} {actual!r} cuts a character in two "
            "(e.g. between a letter and its accent, or inside \\r\\n)",
        )
    return Span(s, e, label, source)
