"""CoNLL / IOB, syllable level: one token a line, the label in the last column.

Import:
- Columns are split on TAB when the line has one (a token may then hold spaces, `Ấn Độ Dương`),
  else on runs of spaces; the token is the first column, the tag the last.
- Word-segmented corpora join syllables with `_` (`Hà_Nội`): an `_` between two letters or
  digits inside a token is read as a space (`Hà Nội`), so each syllable is a token of the
  project tokenizer; the import says how many tokens this changed.
- Documents: `-DOCSTART-` lines separate documents. A file without any `-DOCSTART-` is read as
  one document per sentence (syllable-level corpora such as PhoNER_COVID19 are lists of
  independent sentences).
- Text is rebuilt: tokens joined by one space, sentences by `\\n`. So a token's offset is the
  sum of the lengths of the tokens before it in the document plus one per token boundary
  (`Thuận ,` — punctuation gets a space before it).
- Tags: IOB2 (`B-`, `I-`, `O`) and BIOES/BILOU (`S-`/`U-` single, `E-`/`L-` last). An `I-`
  that does not continue an entity of the same label starts one (IOB1 style): counted and
  reported. The annotator is `--annotator`.

Export: IOB2, one token of the project tokenizer a line (`TOKEN\\tTAG`), a blank line between
paragraphs (lines of the text), `-DOCSTART- -X- -X- O` before each document. CoNLL holds one
flat layer: the schema's `doc.ents` rule picks it; nested spans left out are reported, as are
relations (not representable).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from pathlib import Path

from annotator.core.document import IncomingDocument, IncomingSet, Span
from annotator.core.errors import InputError
from annotator.core.layers import flat_layer
from annotator.core.schema import Schema
from annotator.core.text import normalize_text
from annotator.core.tokenize import TokenIndex, tokenize
from annotator.formats.common import read_text_file
from annotator.formats.registry import Annotated, Format, ReadContext, WriteResult

_JOINER = re.compile(r"(?<=[^\W_])_(?=[^\W_])")
DOCSTART = "-DOCSTART-"


def read(path: Path, ctx: ReadContext) -> Iterator[IncomingDocument]:
    file = str(path)
    raw = read_text_file(path)
    if raw.startswith("\ufeff"):
        raw = raw[1:]
    lines = raw.split("\n")
    per_sentence = not any(line.lstrip().startswith(DOCSTART) for line in lines)
    builder = _DocBuilder(file, ctx)
    for lineno, line in enumerate(lines, start=1):
        line = line.rstrip("\r")
        if line.lstrip().startswith(DOCSTART):
            yield from builder.finish()
            builder = _DocBuilder(file, ctx, lineno + 1)
            continue
        if not line.strip():
            builder.end_sentence()
            if per_sentence:
                yield from builder.finish()
                builder = _DocBuilder(file, ctx, lineno + 1)
            continue
        cols = line.split("\t") if "\t" in line else line.split()
        if len(cols) < 2:
            raise InputError(file, lineno, f"a token line needs a token and a tag (got {line!r})")
        builder.token(cols[0], cols[-1].strip(), lineno)
    builder.end_sentence()
    yield from builder.finish()


class _DocBuilder:
    def __init__(self, file: str, ctx: ReadContext, first_line: int = 1) -> None:
        self.file = file
        self.ctx = ctx
        self.first_line = first_line
        self.parts: list[str] = []  # text pieces
        self.pos = 0
        self.sentence_open = False
        self.spans: list[Span] = []
        self.open: tuple[int, str, int] | None = None  # start, label, line
        self.last_end = 0

    def _close(self) -> None:
        if self.open is not None:
            start, label, _ = self.open
            self.spans.append(Span(start, self.last_end, label))
            self.open = None

    def token(self, token: str, tag: str, lineno: int) -> None:
        token = normalize_text(token)
        joined = _JOINER.sub(" ", token)
        if joined != token:
            self.ctx.notes.add("word-segmented token(s): '_' between syllables read as a space", f"{self.file}:{lineno}")
            token = joined
        if not token.strip():
            raise InputError(self.file, lineno, "empty token")
        if self.parts and self.parts[-1] != "\n":
            self.parts.append(" ")
            self.pos += 1
        start = self.pos
        self.parts.append(token)
        self.pos += len(token)
        self.sentence_open = True
        prefix, _, label = tag.partition("-")
        if tag == "O":
            self._close()
        elif not label or prefix not in ("B", "I", "E", "S", "L", "U"):
            raise InputError(self.file, lineno, f"tag {tag!r} is not O or B-/I-/E-/S-/L-/U- followed by a label")
        elif prefix in ("I", "E", "L") and self.open is not None and self.open[1] == label:
            pass  # continues the open entity
        else:
            if prefix in ("I", "E", "L"):
                self.ctx.notes.add(f"{prefix}- tag(s) not continuing an entity: read as the start of one (IOB1 style)",
                                   f"{self.file}:{lineno}")
            self._close()
            self.open = (start, label, lineno)
        self.last_end = self.pos
        if prefix in ("E", "L", "S", "U"):
            self._close()

    def end_sentence(self) -> None:
        self._close()
        if self.sentence_open:
            self.parts.append("\n")
            self.pos += 1
            self.sentence_open = False

    def finish(self) -> Iterator[IncomingDocument]:
        self._close()
        text = "".join(self.parts).rstrip("\n")
        if not text.strip():
            return
        yield IncomingDocument(text=text, meta={"source_file": Path(self.file).name}, origin=f"{self.file}:{self.first_line}",
                               sets=[IncomingSet(self.ctx.annotator, self.spans, [])])


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
            fh.write(f"{DOCSTART} -X- -X- O\n\n")
            fh.write(_document_lines(doc.text, aligned))
    return result


def _document_lines(text: str, flat: list[Span]) -> str:
    tags: dict[int, str] = {}
    toks = stable_tokens(text)
    starts = {s: i for i, (s, _) in enumerate(toks)}
    inside: set[int] = set()
    for sp in flat:
        i = starts.get(sp.start)
        first = True
        while i is not None and i < len(toks) and toks[i][1] <= sp.end:
            tags[i] = ("B-" if first else "I-") + sp.label
            if not first:
                inside.add(i)
            first = False
            i += 1
    out: list[str] = []
    prev_end = 0
    for i, (s, e) in enumerate(toks):
        if i and "\n" in text[prev_end:s] and i not in inside:
            out.append("")
        out.append(f"{text[s:e]}\t{tags.get(i, 'O')}")
        prev_end = e
    return "\n".join(out) + "\n\n"


def stable_tokens(text: str) -> list[tuple[int, int]]:
    """The project tokens, each split further until it is a token on its own too (`TP.` before a
    letter is one token, alone it is `TP` `.`): re-reading the exported file (tokens joined by
    spaces) then gives the same tokens."""
    out: list[tuple[int, int]] = []
    for s, e in tokenize(text):
        piece = text[s:e]
        sub = tokenize(piece)
        if len(sub) == 1 and sub[0] == (0, e - s):
            out.append((s, e))
        else:
            out.extend((s + a, s + b) for a, b in sub)
    return out


FORMAT = Format("conll", frozenset({".conll", ".iob", ".bio", ".tsv"}), read, write,
                default_file="annotations.conll", several_sets=False)
