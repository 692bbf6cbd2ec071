"""Shared helpers of the interchange formats: offset mapping onto normalized text, notes, checks.

Every importer normalizes the text once (`annotator.core.text.normalize_text`) and maps the
offsets a file gives, which count positions in the text *as the file has it* (NFD, CRLF, BOM),
onto the normalized text. An offset that falls inside something normalization merged (between
`\\r` and `\\n`, between a letter and its combining accent) cannot be mapped and is an error.
"""

from __future__ import annotations

import json
import math
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from annotator.core.document import Source, Span
from annotator.core.errors import InputError
from annotator.core.text import describe_character, find_bad_character, normalize_text


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


def _line_col(text: str, pos: int) -> tuple[int, int]:
    line = text.count("\n", 0, pos) + 1
    return line, pos - (text.rfind("\n", 0, pos) + 1) + 1


def read_text_file(path: Path) -> str:
    """A UTF-8 file exactly as it is (no newline translation: offsets may count `\\r\\n` as two).

    Raises `InputError` naming the file and line when it cannot be read, is not UTF-8, or holds a
    character no imported text may hold (`annotator.core.text.find_bad_character`: NUL).
    """
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError(str(path), None, f"cannot read: {exc.strerror or exc}") from exc
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise InputError(str(path), line, f"not UTF-8 (byte 0x{raw[exc.start]:02x} at offset {exc.start})") from None
    bad = find_bad_character(text)
    if bad is not None:
        line, col = _line_col(text, bad)
        raise InputError(str(path), line, f"{describe_character(text[bad])} at column {col}: "
                                          "imported text cannot hold it")
    return text


# JSON nested deeper than this is refused (no interchange format needs more than ~10 levels; the
# parser itself overflows Python's stack near 1000)
MAX_JSON_DEPTH = 100
# an escape that gives a character `find_bad_character` refuses (NUL, a surrogate half), where
# the backslash starts an escape (not the second of an escaped backslash `\\`)
_BAD_ESCAPE = re.compile(r"(?<!\\)(?:\\\\)*(\\u(?:0000|[dD][89a-fA-F][0-9a-fA-F]{2}))")
_LOW_ESCAPE = re.compile(r"\\u[dD][c-fC-F][0-9a-fA-F]{2}")
_SUSPECT_ESCAPE = re.compile(r"\\u(?:0000|[dD][89a-fA-F])")  # a quick test: maybe one of those
# one of those for sure, in a text where every `\u` starts an escape (no `\\u`): NUL, a high
# surrogate not followed by a low one, a low one not preceded by a high one
_LONE_ESCAPE = re.compile(r"\\u(?:0000|[dD][89abAB][0-9a-fA-F]{2}(?!\\u[dD][c-fC-F])"
                          r"|(?<!\\u[dD][89abAB][0-9a-fA-F]{2}\\u)[dD][c-fC-F][0-9a-fA-F]{2})")
_BRACKET = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"|[\[\]{}]', re.S)


def _bad_escape(text: str) -> tuple[int, str] | None:
    """`(position, character)` of the first escape in JSON `text` that decodes to a character no
    imported text may hold (`\\u0000`, a lone surrogate), or None."""
    paired_low = -1  # where the low half of the last valid pair starts
    for m in _BAD_ESCAPE.finditer(text):
        pos = m.start(1)
        ch = chr(int(m.group(1)[2:], 16))
        if pos == paired_low:
            continue
        if "\ud800" <= ch <= "\udbff" and _LOW_ESCAPE.match(text, m.end(1)):
            paired_low = m.end(1)  # a valid pair: one astral character
            continue
        return pos, ch
    return None


def _holds_bad_character(obj: Any) -> bool:
    """A string (value or key) of a parsed JSON value holds what `find_bad_character` finds."""
    stack = [obj]
    while stack:
        o = stack.pop()
        if isinstance(o, str):
            if find_bad_character(o) is not None:
                return True
        elif isinstance(o, dict):
            stack.extend(o)
            stack.extend(o.values())
        elif isinstance(o, list):
            stack.extend(o)
    return False


def _too_deep(obj: Any) -> bool:
    """Containers nested more than `MAX_JSON_DEPTH` deep in a parsed JSON value (no recursion)."""
    stack = [(obj, 1)]
    while stack:
        o, depth = stack.pop()
        if depth > MAX_JSON_DEPTH:
            return True
        values = o.values() if isinstance(o, dict) else o
        stack.extend((v, depth + 1) for v in values if isinstance(v, (dict, list)))
    return False


def _deep_position(text: str) -> int | None:
    """Where the nesting of JSON `text` first passes `MAX_JSON_DEPTH` (strings skipped), or None."""
    depth = 0
    for m in _BRACKET.finditer(text):
        c = m.group()
        if c in "[{":
            depth += 1
            if depth > MAX_JSON_DEPTH:
                return m.start()
        elif c in "]}":
            depth -= 1
    return None


_NUMBER_OR_CONSTANT = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"|(-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?|NaN|-?Infinity)', re.S)


def _bad_value(token: str) -> str | None:
    """Why a JSON number or constant cannot be read, or None."""
    if token in ("NaN", "Infinity", "-Infinity"):
        return f"{token} is not a JSON value"
    digits = token.lstrip("-")
    if digits.isdigit() and len(digits) > 4300:  # Python's limit on integer conversion
        return f"a number of {len(digits)} digits"
    if not digits.isdigit() and math.isinf(float(token)):
        return f"{short(token, 20)} is too large a number"
    return None


def _bad_value_position(text: str) -> tuple[int, str] | None:
    for m in _NUMBER_OR_CONSTANT.finditer(text):
        if m.group(1) is not None:
            why = _bad_value(m.group(1))
            if why is not None:
                return m.start(), why
    return None


def _no_constant(name: str) -> Any:
    raise _NotJSONError(name)


def _finite(text: str) -> float:
    value = float(text)
    if math.isinf(value):
        raise _NotJSONError(text)
    return value


class _NotJSONError(ValueError):
    pass


def parse_json(text: str, file: str, line: int | None = None) -> Any:
    """A JSON text (a whole file, or one line of a JSON-lines file when `line` is given) parsed,
    or `InputError(file, line, reason)` on one line: not JSON, NaN/Infinity, a number too long,
    nested more than `MAX_JSON_DEPTH` deep, or a string holding a character no imported text may
    hold (a lone surrogate escape such as `"\\ud800"`, `"\\u0000"`). A valid surrogate pair
    (`"\\ud83d\\ude00"`) is one character, fine.
    """

    def where(pos: int) -> tuple[int, int]:
        ln, col = _line_col(text, pos)
        return (line, col) if line is not None else (ln, col)

    deep = "JSON nested too deeply (more than {} levels at column {})"
    try:
        obj = json.loads(text, parse_constant=_no_constant, parse_float=_finite)
    except json.JSONDecodeError as exc:
        raise InputError(file, line if line is not None else exc.lineno,
                         f"not JSON ({exc.msg} at column {exc.colno})") from None
    except RecursionError:
        pos = _deep_position(text)
        ln, col = where(pos if pos is not None else 0)
        raise InputError(file, ln, deep.format(MAX_JSON_DEPTH, col)) from None
    except ValueError as exc:  # NaN, Infinity, 1e400; an integer of more than 4300 digits
        found = _bad_value_position(text)
        if found is None:
            raise InputError(file, line, f"not JSON ({short(str(exc), 80)})") from None
        ln, col = where(found[0])
        raise InputError(file, ln, f"not JSON ({found[1]}, at column {col})") from None
    if text.count("[") + text.count("{") > MAX_JSON_DEPTH and _too_deep(obj):
        pos = _deep_position(text)
        ln, col = where(pos if pos is not None else 0)
        raise InputError(file, ln, deep.format(MAX_JSON_DEPTH, col))
    # such characters come only from escapes (UTF-8 cannot hold surrogates, JSON strings no raw
    # NUL): where the text has none, the parsed value has none; where it has some (an emoji
    # written `\\ud83d\\ude00`), its strings are checked, and only then the escapes scanned
    bad = None
    if _SUSPECT_ESCAPE.search(text) is not None and (
        _LONE_ESCAPE.search(text) is not None if "\\\\u" not in text else _holds_bad_character(obj)
    ):
        bad = _bad_escape(text) or (0, "\x00")
    if bad is not None:
        pos, ch = bad
        ln, col = where(pos)
        raise InputError(file, ln, f"the escape at column {col} gives {describe_character(ch)}, "
                                   "which imported text cannot hold")
    return obj


def iter_json_lines(path: Path) -> Iterator[tuple[int, Any]]:
    """`(line number, object)` of a JSONL file; blank lines skipped; a bad line names its number."""
    for lineno, obj, _size in iter_json_lines_sized(path):
        yield lineno, obj


def iter_json_lines_sized(path: Path) -> Iterator[tuple[int, Any, int]]:
    """`(line number, object, bytes of the line)`: the same, with sizes for progress bars.

    Each line is read as `parse_json` reads it (`InputError(FILE, LINE, reason)`); a raw NUL
    is refused too (`read_text_file`'s rule).
    """
    try:
        fh = path.open("rb")
    except OSError as exc:
        raise InputError(str(path), None, f"cannot read: {exc.strerror or exc}") from exc
    file = str(path)
    with fh:
        for lineno, raw in enumerate(fh, start=1):
            try:
                line = raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                raise InputError(file, lineno, f"not UTF-8 (byte 0x{raw[exc.start]:02x} at column {exc.start + 1})") from None
            if lineno == 1 and line.startswith("\ufeff"):
                line = line[1:]
            if not line.strip():
                continue
            bad = find_bad_character(line)
            if bad is not None:
                raise InputError(file, lineno, f"{describe_character(line[bad])} at column {bad + 1}: "
                                               "imported text cannot hold it")
            yield lineno, parse_json(line, file, lineno), len(raw)


def load_json(path: Path) -> Any:
    """A whole JSON file (a leading BOM allowed), read as `read_text_file` and `parse_json` do."""
    text = read_text_file(path)
    if text.startswith("\ufeff"):
        text = text[1:]
    return parse_json(text, str(path))


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


class SpanProblemError(InputError):
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

    Raises `SpanProblemError` (an `InputError`) naming file, line, document and reason. Readers that
    go on after a bad span call `ReadContext.span` instead, which records the problem.
    """

    def bad(kind: str, reason: str) -> SpanProblemError:
        s = start if isinstance(start, int) and not isinstance(start, bool) else None
        e = end if isinstance(end, int) and not isinstance(end, bool) else None
        snippet = omap.raw[s:e] if s is not None and e is not None and 0 <= s < e <= len(omap.raw) else None
        return SpanProblemError(
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
