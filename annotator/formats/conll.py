"""CoNLL / IOB: one token a line, the label in the last column, with CoNLL-U style comments.

Import:
- Lines end with LF, CRLF or CR. Columns are split on TAB when the line has one (a token may
  then hold spaces, `Ấn Độ Dương`), else on runs of spaces; the token is the first column, the
  tag the last.
- Documents: `-DOCSTART-` lines separate documents. A file without any `-DOCSTART-` is read as
  one document per sentence (syllable-level corpora such as PhoNER_COVID19 are lists of
  independent sentences). A file without any token or text is refused (`FILE: no documents`).
- Comments (CoNLL-U style): a line starting with `#` that is not a token line (`#\\tO` is the
  token `#`) is a comment. `# key = value` comments this tool reads:
  - `# text = …` (one per line of the sentence): the exact text of the sentence. The tokens
    must be found in it in order (white space between them as the line has it, none at all
    where the line has none): a token that is not the next word of the line is refused
    (`FILE:LINE: token … is not the next word of the '# text' line`).
  - per document (anywhere in it): `# newdoc id = ID` (the document id), `# title = …`,
    `# meta = {JSON object}`, `# annotator = NAME`, `# kind = gold|annotation`,
    `# status = todo|in_progress|done|skipped`, `# seconds = S` (time spent, a number ≥ 0),
    `# annotations = none` (the document has no annotation set). A bad value is refused.
  Other comments (`# sent_id`, `# newpar`, …) are counted and reported, not imported.
- Text: a sentence with `# text` is that text; without it, its tokens joined by one space
  (`Thuận ,` — punctuation then gets a space before it). Sentences are joined by `\\n`.
- Word-segmented files (VnCoreNLP / PhoNER word level: `Hà_Nội`, `TP._Hồ_Chí_Minh`) join the
  syllables of a word with `_`. A file is read as word-segmented when at least 1 % of its tokens
  (and at least one) are syllables joined by `_` (`[^\\W_]+\\.?` pieces, `Hà_Nội`, `TP._Hồ`);
  then every single `_` between two other characters is a space (`TP. Hồ Chí Minh`), except in
  tokens that look like an e-mail address or a web address (an `@`, `://` or a leading `www.`:
  `user_name@x.com` stays as it is), and `_` at the edge of a token or doubled (`__`) stays.
  A file below that share is read with its underscores as they are. Either way the import says
  how many tokens were changed. With `# text` lines the text is taken from them.
- Tags: IOB2 (`B-`, `I-`, `O`) and BIOES/BILOU (`S-`/`U-` single, `E-`/`L-` last). An `I-`
  that does not continue an entity of the same label starts one (IOB1 style): counted and
  reported. The annotator is the one `# annotator` names, else `--annotator`; the set is `done`
  unless `# status` says otherwise.

Export: per document, `-DOCSTART- -X- -X- O`, a blank line, the document comments (`# newdoc
id`, `# title`, `# meta` when there is meta, then `# annotator`, `# kind`, `# status`,
`# seconds` — or `# annotations = none`), then one sentence per line of the text: `# text =
LINE` followed by its tokens (`TOKEN\\tTAG`, IOB2) and a blank line. A line without tokens
(an empty line between paragraphs) is a sentence with `# text` alone; a span across a line
break keeps those lines in one sentence (one `# text` line each). A token is a run of
non-white-space characters, cut only where a span starts or ends inside it (`TP.Hồ` with a
span on `Hồ` gives `TP.` and `Hồ`; `TP.`, `82,4%` stay one token otherwise; a chunk starting
with `-DOCSTART-` is cut after its `-`). So reading the file
back gives the same text exactly; a tool that ignores comments and joins tokens with spaces
gets the same words. CoNLL holds one flat layer: the schema's `doc.ents` rule picks it; nested
spans left out are reported, as are relations (not representable).
"""

from __future__ import annotations

import json
import math
import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path
from typing import Any

from annotator.core.document import IncomingDocument, IncomingSet, SetKind, Span, Status
from annotator.core.errors import InputError
from annotator.core.layers import flat_layer
from annotator.core.schema import Schema
from annotator.core.text import normalize_text
from annotator.core.tokenize import TokenIndex
from annotator.formats.common import parse_json, read_text_file, short
from annotator.formats.registry import Annotated, Format, ReadContext, WriteResult

DOCSTART = "-DOCSTART-"
_TAG = re.compile(r"O|[BIESLU]-\S+")
_COMMENT = re.compile(r"#\s*(?P<key>[A-Za-z][\w.-]*(?: [A-Za-z][\w.-]*)?)\s+=(?: (?P<value>.*))?")
_JOINED = re.compile(r"[^\W_]+\.?(?:_[^\W_]+\.?)+")  # syllables joined by '_' (Hà_Nội, TP._Hồ)
_JOINER = re.compile(r"(?<=[^\s_])_(?=[^\s_])")
_ADDRESS = re.compile(r"@|://|^www\.", re.IGNORECASE)
_LINE_BREAKS = re.compile("[\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")
_STATUSES = {s.value: s for s in Status}
_DOC_KEYS = ("newdoc id", "title", "meta", "annotator", "kind", "status", "seconds", "annotations")
WORD_SEGMENTED_SHARE = 0.01


def read(path: Path, ctx: ReadContext) -> Iterator[IncomingDocument]:
    file = str(path)
    raw = read_text_file(path)  # refuses NUL and other control characters, naming the line
    if raw.startswith("\ufeff"):
        raw = raw[1:]
    lines = re.split(r"\r\n?|\n", raw)  # LF, CRLF or CR
    per_sentence = not any(line.lstrip().startswith(DOCSTART) for line in lines)
    segmented = _word_segmented(lines)
    if segmented:
        ctx.notes.add(f"word-segmented file ({segmented[0]} of {segmented[1]} tokens join syllables with '_'): "
                      "'_' between syllables read as a space", Path(file).name)
    parser = _Parser(file, ctx, bool(segmented))
    n = 0
    for lineno, line in enumerate(lines, start=1):
        stripped = line.strip()
        if stripped.startswith(DOCSTART):
            for doc in parser.end_document(lineno + 1):
                n += 1
                yield doc
            continue
        if not stripped:
            parser.end_block()
            if per_sentence:
                for doc in parser.end_document(lineno + 1):
                    n += 1
                    yield doc
            continue
        if stripped.startswith("#"):
            m = _COMMENT.fullmatch(line.lstrip())  # trailing white space of `# text` is text
            if m is not None or not _is_token_line(line):
                parser.comment(m, lineno)
                continue
        cols = line.split("\t") if "\t" in line else line.split()
        if len(cols) < 2:
            raise InputError(file, lineno, f"a token line needs a token and a tag (got {short(line, 60)!r})")
        parser.token(cols[0], cols[-1].strip(), lineno)
    for doc in parser.end_document(len(lines) + 1):
        n += 1
        yield doc
    if not n:
        raise InputError(file, None, "no documents (no token and no '# text' line in the file)")


def _is_token_line(line: str) -> bool:
    cols = line.split("\t") if "\t" in line else line.split()
    return len(cols) >= 2 and _TAG.fullmatch(cols[-1].strip()) is not None


def _word_segmented(lines: list[str]) -> tuple[int, int] | None:
    """`(joined tokens, tokens)` when the file joins syllables with `_` (see module doc), else None."""
    tokens = joined = 0
    for line in lines:
        s = line.strip()
        if not s or s.startswith((DOCSTART, "#")):
            continue
        tok = (line.split("\t") if "\t" in line else line.split())[0].strip()
        tokens += 1
        if "_" in tok and _JOINED.fullmatch(tok) and not _ADDRESS.search(tok):
            joined += 1
    if joined and joined >= WORD_SEGMENTED_SHARE * tokens:
        return joined, tokens
    return None


@dataclass
class _Block:
    first_line: int
    texts: list[tuple[str, int]] = field(default_factory=list)  # `# text` values and their lines
    tokens: list[tuple[str, str, int]] = field(default_factory=list)  # token, tag, line


@dataclass
class _Doc:
    first_line: int
    blocks: list[_Block] = field(default_factory=list)
    fields: dict[str, tuple[Any, int]] = field(default_factory=dict)


class _Parser:
    def __init__(self, file: str, ctx: ReadContext, segmented: bool) -> None:
        self.file = file
        self.ctx = ctx
        self.segmented = segmented
        self.doc = _Doc(1)
        self.block: _Block | None = None

    # -- lines ---------------------------------------------------------------------------------

    def comment(self, m: re.Match | None, lineno: int) -> None:
        key = m.group("key") if m is not None else None
        value = (m.group("value") or "") if m is not None else ""
        if key == "text":
            if self.block is not None and self.block.tokens:
                self.end_block()
            self._open(lineno).texts.append((value, lineno))
        elif key in _DOC_KEYS:
            parsed = self._field(key, value.strip(), lineno)
            old = self.doc.fields.get(key)
            if old is not None and old[0] != parsed:
                raise InputError(self.file, lineno, f"'# {key}' given twice in one document (first on line {old[1]})")
            self.doc.fields[key] = (parsed, lineno)
        else:
            what = "comment line(s) not imported" if key is None else f"'# {key}' comment line(s) not imported"
            self.ctx.notes.add(what, f"{Path(self.file).name}:{lineno}")

    def token(self, token: str, tag: str, lineno: int) -> None:
        if _TAG.fullmatch(tag) is None:
            raise InputError(self.file, lineno, f"tag {short(tag, 40)!r} is not O or B-/I-/E-/S-/L-/U- followed by a label")
        self._open(lineno).tokens.append((token, tag, lineno))

    def _open(self, lineno: int) -> _Block:
        if self.block is None:
            self.block = _Block(lineno)
        return self.block

    def end_block(self) -> None:
        if self.block is not None and (self.block.tokens or self.block.texts):
            self.doc.blocks.append(self.block)
        self.block = None

    def end_document(self, next_line: int) -> Iterator[IncomingDocument]:
        self.end_block()
        doc, self.doc = self.doc, _Doc(next_line)
        if doc.blocks:
            built = self._build(doc)
            if built is not None:
                yield built
        elif doc.fields:
            _, lineno = next(iter(doc.fields.values()))
            self.ctx.notes.add("document comment(s) without tokens or text: not imported", f"{Path(self.file).name}:{lineno}")

    # -- values ----------------------------------------------------------------------------------

    def _field(self, key: str, value: str, lineno: int) -> Any:
        def bad(expected: str) -> InputError:
            return InputError(self.file, lineno, f"'# {key}' must be {expected} (got {short(value, 40)!r})")

        if key in ("newdoc id", "title", "annotator"):
            if not value:
                raise bad("a text")
            return normalize_text(value)
        if key == "meta":
            try:
                meta = parse_json(value, self.file, lineno)
            except InputError as exc:
                raise InputError(self.file, lineno, f"'# meta' must be a JSON object: {exc.reason}") from None
            if not isinstance(meta, dict):
                raise bad("a JSON object")
            try:
                json.dumps(meta, ensure_ascii=False).encode("utf-8")
            except (UnicodeEncodeError, RecursionError):
                raise bad("a JSON object of valid text") from None
            return meta
        if key == "kind":
            if value not in ("gold", "annotation"):
                raise bad("gold or annotation")
            return SetKind(value)
        if key == "status":
            if value not in _STATUSES:
                raise bad(" or ".join(_STATUSES))
            return _STATUSES[value]
        if key == "seconds":
            try:
                seconds = float(value)
            except ValueError:
                raise bad("a number of seconds ≥ 0") from None
            if not math.isfinite(seconds) or seconds < 0:
                raise bad("a number of seconds ≥ 0")
            return seconds
        if value != "none":  # annotations
            raise bad("none")
        return None

    # -- a document --------------------------------------------------------------------------------

    def _token_text(self, token: str, lineno: int) -> str:
        token = normalize_text(token).strip()
        if not token:
            raise InputError(self.file, lineno, "empty token")
        if self.segmented and "_" in token and not _ADDRESS.search(token):
            joined = _JOINER.sub(" ", token)
            if joined != token:
                self.ctx.notes.add("word-segmented token(s): '_' between syllables read as a space",
                                   f"{Path(self.file).name}:{lineno}")
                return joined
        return token

    def _place(self, text: str, pos: int, token: str, lineno: int, text_line: int) -> tuple[int, int]:
        """Where `token` is in `text` from `pos` on (after white space), else an InputError."""
        p = pos
        while p < len(text) and text[p].isspace():
            p += 1
        if text.startswith(token, p):
            return p, p + len(token)
        pattern = "".join(r"\s*" if piece.isspace() else r"(?:_|\s+)" if piece == "_" else re.escape(piece)
                          for piece in re.split(r"(\s+|_)", token) if piece)
        m = re.compile(pattern).match(text, p)
        if m is None or m.end() == p:
            raise InputError(self.file, lineno, f"token {short(token, 30)!r} is not the next word of the '# text' line "
                                                f"(line {text_line}): there it is {short(text[p:p + 30], 30)!r}")
        return m.start(), m.end()

    def _entities(self, toks: list[tuple[str, str, int]], placed: list[tuple[int, int]], pos: int,
                  spans: list[Span], lines: dict[tuple, int]) -> bool:
        """Spans of one sentence's tags (tokens at `placed` + `pos`) into `spans`/`lines`; whether any
        token is tagged."""
        open_: list | None = None  # [start, label, line, end]
        tagged = False
        found: list[list] = []
        for (_, tag, ln), (s, e) in zip(toks, placed, strict=True):
            prefix, _, label = tag.partition("-")
            if tag == "O":
                open_ = None
                continue
            tagged = True
            if prefix in ("I", "E", "L") and open_ is not None and open_[1] == label:
                open_[3] = pos + e
            else:
                if prefix in ("I", "E", "L"):
                    self.ctx.notes.add(f"{prefix}- tag(s) not continuing an entity: read as the start of one "
                                       "(IOB1 style)", f"{Path(self.file).name}:{ln}")
                open_ = [pos + s, label, ln, pos + e]
                found.append(open_)
            if prefix in ("E", "L", "S", "U"):
                open_ = None
        for start, label, ln, end in found:
            sp = Span(start, end, label)
            if sp.key not in lines:
                spans.append(sp)
                lines[sp.key] = ln
        return tagged

    def _build(self, doc: _Doc) -> IncomingDocument | None:
        fields = {k: v for k, (v, _) in doc.fields.items()}
        parts: list[str] = []
        pos = 0
        spans: list[Span] = []
        lines: dict[tuple, int] = {}
        tagged = False
        for bi, block in enumerate(doc.blocks):
            if bi:
                parts.append("\n")
                pos += 1
            toks = [(self._token_text(t, ln), tag, ln) for t, tag, ln in block.tokens]
            if block.texts:
                btext = "\n".join(normalize_text(v) for v, _ in block.texts)
                text_line = block.texts[0][1]
                placed: list[tuple[int, int]] = []
                p = 0
                for tok, _, ln in toks:
                    s, e = self._place(btext, p, tok, ln, text_line)
                    placed.append((s, e))
                    p = e
                if btext[p:].strip():
                    raise InputError(self.file, block.texts[-1][1], "the '# text' line goes on after the last token: "
                                                                    f"{short(btext[p:].strip(), 30)!r} has no token line")
            else:
                btext = " ".join(tok for tok, _, _ in toks)
                placed, p = [], 0
                for tok, _, _ in toks:
                    placed.append((p, p + len(tok)))
                    p += len(tok) + 1
            parts.append(btext)
            tagged = self._entities(toks, placed, pos, spans, lines) or tagged
            pos += len(btext)
        text = "".join(parts)
        if not text.strip():
            return None
        origin = f"{self.file}:{doc.first_line}"
        meta = fields.get("meta")
        out = IncomingDocument(text=text, uid=fields.get("newdoc id"), title=fields.get("title"),
                               meta=meta if meta is not None else {"source_file": Path(self.file).name}, origin=origin)
        if "annotations" in doc.fields:
            if tagged:
                raise InputError(self.file, doc.fields["annotations"][1],
                                 "'# annotations = none' but the document has tagged tokens")
            return out
        kind = fields.get("kind", SetKind.ANNOTATION)
        st = IncomingSet(None if kind is SetKind.GOLD else fields.get("annotator", self.ctx.annotator), spans, [], kind,
                         fields.get("status", Status.DONE), lines, fields.get("seconds"))
        out.sets.append(st)
        return out


# -- export ----------------------------------------------------------------------------------


def write(path: Path, items: Iterable[Annotated], schema: Schema) -> WriteResult:
    result = WriteResult(path)
    with path.open("w", encoding="utf-8", newline="\n") as fh:
        for doc, sets in items:
            result.documents += 1
            spans = sets[0].spans if sets else ()
            if sets and sets[0].relations:
                result.notes.add("relation(s) not written (CoNLL has no relations)", n=len(sets[0].relations))
            flat = flat_layer(spans, schema)
            if len(flat) < len(spans):
                result.notes.add("nested or overlapping span(s) not written (CoNLL holds one flat layer; "
                                 f"kept by the {schema.ents_nested} rule)", doc.uid, n=len(spans) - len(flat))
            index = TokenIndex(doc.text)
            aligned = [sp for sp in flat if index.is_aligned(sp.start, sp.end)]
            if len(aligned) < len(flat):
                result.notes.add("span(s) not on token boundaries not written", doc.uid, n=len(flat) - len(aligned))
            result.spans += len(aligned)
            header = [f"# newdoc id = {_one_line(doc.uid)}"]
            if doc.title:
                header.append(f"# title = {_one_line(doc.title)}")
            if doc.meta:
                header.append(f"# meta = {json.dumps(doc.meta, ensure_ascii=False)}")
            if sets:
                st = sets[0]
                if st.kind is SetKind.GOLD:
                    header.append("# kind = gold")
                elif st.annotator:
                    header.append(f"# annotator = {_one_line(st.annotator)}")
                header += [f"# status = {st.status.value}", f"# seconds = {float(st.seconds)!r}"]
            else:
                header.append("# annotations = none")
            fh.write(f"{DOCSTART} -X- -X- O\n\n")
            fh.write(document_lines(doc.text, aligned, header))
    return result


def _one_line(value: str) -> str:
    return _LINE_BREAKS.sub(" ", value).strip()


def document_lines(text: str, flat: list[Span], header: list[str] = ()) -> str:
    """The sentences of one document (see module doc): `header` comments, then per line of the
    text `# text = LINE` and its `TOKEN\\tTAG` lines, each sentence followed by a blank line."""
    flat = sorted(flat, key=lambda s: (s.start, s.end))
    starts = [s.start for s in flat]
    ends = [s.end for s in flat]
    cuts = sorted(set(starts) | set(ends))
    line_starts = [0] + [m.end() for m in re.finditer("\n", text)]
    # lines a span joins (it crosses their line break): line index -> last line of its sentence
    join_to: dict[int, int] = {}
    for sp in flat:
        if "\n" in text[sp.start : sp.end]:
            first = bisect_right(line_starts, sp.start) - 1
            last = bisect_right(line_starts, sp.end - 1) - 1
            for i in range(first, last):
                join_to[i] = max(join_to.get(i, i), last)
    out: list[str] = list(header)
    n_lines = len(line_starts)
    i = 0
    while i < n_lines:
        last = i
        while last in join_to:
            last = max(join_to[last], last + 1)
        b_start = line_starts[i]
        b_end = line_starts[last + 1] - 1 if last + 1 < n_lines else len(text)
        out += [f"# text = {line}" for line in text[b_start:b_end].split("\n")]
        for m in re.finditer(r"\S+", text[b_start:b_end]):
            s, e = b_start + m.start(), b_start + m.end()
            bounds = [s, *cuts[bisect_right(cuts, s) : bisect_left(cuts, e)], e]
            if text.startswith(DOCSTART, s):  # a token line `-DOCSTART-…` would start a document
                bounds = sorted({*bounds, s + 1})
            for a, b in pairwise(bounds):
                k = bisect_right(starts, a) - 1
                if k >= 0 and a < ends[k]:
                    tag = ("B-" if a == starts[k] else "I-") + flat[k].label
                else:
                    tag = "O"
                out.append(f"{text[a:b]}\t{tag}")
        out.append("")
        i = last + 1
    return "\n".join(out) + "\n"


FORMAT = Format("conll", frozenset({".conll", ".iob", ".bio", ".tsv"}), read, write,
                default_file="annotations.conll", several_sets=False)
