"""Documents with their spans and relations -> spaCy `Doc`s, written as sharded `DocBin`s.

- `doc.ents`: the schema's flat layer (`schema.ents_labels`), overlaps resolved by `flat_layer`.
- `doc.spans[schema.span_key]`: every span, nested ones included.
- `doc._.rel`: relations in the convention of Explosion's `rel_component`:
  `{(head_start_token, child_start_token): {LABEL: 1.0, every other relation label: 0.0}}`;
  a symmetric relation type is written in both directions.
- Every span is placed with `Doc.char_span(..., alignment_mode="strict")`; one that does not
  align is returned in `misaligned`, never dropped silently.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path
from typing import Any

from annotator.core.document import Relation, Span
from annotator.core.layers import flat_layer
from annotator.core.schema import Schema

REL_EXTENSION = "rel"
MAX_SHARD_DOCS = 2000
MAX_SHARD_TOKENS = 250_000  # a few hundred bytes of peak memory per token while serializing


@dataclass
class DocStats:
    spans: int = 0
    ents: int = 0
    spans_only_in_group: int = 0
    relations: int = 0
    relations_merged: int = 0  # relations sharing (head start token, tail start token) with another
    tokens: int = 0
    misaligned: list[dict[str, Any]] = field(default_factory=list)
    relations_misaligned: int = 0


MAX_SENT_TOKENS = 200  # longer "sentences" (tables, lists) are cut where no span is open
TRAIN_MAX_LENGTH = 500  # corpora.train.max_length: longer docs are read sentence by sentence
_ENDERS = ".!?…"
_AFTER_ENDER = ".!?…\"'”’)]»"  # more enders and closing quotes/brackets: "Min-su." "ạ!”"
_OPENERS = "\"“‘([«"


class _SentenceRule:
    """Sentence starts: the first token after a line break; a capitalised word, a number or an
    opening quote after `.`, `!`, `?` or `…` (and closing quotes) and a space. Never a token
    inside a span (other than its first); a run longer than `MAX_SENT_TOKENS` is cut where no
    span is open. Positions come from `str.find` and the token offsets array (no pass in Python
    over every character or token)."""

    def __call__(self, doc: Any, text: str, spans: Sequence[Any]) -> Any:
        import numpy as np
        from spacy.attrs import IDX

        n = len(doc)
        values = np.full(n, -1, dtype="int32")
        if n == 0:
            return values
        chars: list[int] = []
        find = text.find
        pos = find("\n")
        while pos != -1:
            chars.append(pos + 1)
            pos = find("\n", pos + 1)
        size = len(text)
        for ch in _ENDERS:
            pos = find(ch)
            while pos != -1:
                j = pos + 1
                while j < size and text[j] in _AFTER_ENDER:
                    j += 1
                k = j
                while k < size and text[k] in " \t":
                    k += 1
                if j < k < size and (text[k].isupper() or text[k].isdigit() or text[k] in _OPENERS):
                    chars.append(k)
                pos = find(ch, j)
        free = np.ones(n, dtype=bool)
        if spans:
            bounds = np.array([(sp.start, sp.end) for sp in spans], dtype="int64")
            delta = np.zeros(n + 1, dtype="int32")
            np.add.at(delta, bounds[:, 0] + 1, 1)
            np.add.at(delta, bounds[:, 1], -1)
            free = np.cumsum(delta)[:n] <= 0
        if chars:
            idx = doc.to_array(IDX)
            toks = np.searchsorted(idx, np.array(chars, dtype="int64"))
            toks = toks[toks < n]
            values[toks[free[toks]]] = 1
        values[0] = 1
        starts = [*np.flatnonzero(values == 1).tolist(), n]
        if max(b - a for a, b in pairwise(starts)) > MAX_SENT_TOKENS:
            for a, b in pairwise(starts):
                i = a + MAX_SENT_TOKENS
                while i < b:
                    while i < b and not free[i]:
                        i += 1
                    if i < b:
                        values[i] = 1
                    i += MAX_SENT_TOKENS
        return values


class DocMaker:
    """Builds training `Doc`s with the project tokenizer (the text is tokenized once)."""

    def __init__(self, schema: Schema) -> None:
        from spacy.tokens import Doc

        from annotator.nlp.tokenizer import blank_vi

        self.schema = schema
        self.nlp = blank_vi()
        if not Doc.has_extension(REL_EXTENSION):
            Doc.set_extension(REL_EXTENSION, default={})
        self.relation_labels = [r.name for r in schema.relations]
        self._symmetric = {r.name for r in schema.relations if r.symmetric}
        self.stats = DocStats()
        self.max_span_tokens = 0
        self._sentences = _SentenceRule()

    def _set_sentences(self, doc: Any, text: str, group: Sequence[Any]) -> None:
        from spacy.attrs import SENT_START

        values = self._sentences(doc, text, group)
        doc.from_array([SENT_START], values.reshape(-1, 1).astype("uint64"))

    def make(
        self,
        text: str,
        spans: Sequence[Span],
        relations: Sequence[Relation],
        *,
        doc_id: str,
        annotator: str | None = None,
    ) -> Any:
        if len(text) >= self.nlp.max_length:  # spaCy refuses texts over 1,000,000 characters (E088) by default
            self.nlp.max_length = len(text) + 1  # the tokenizer alone needs no more memory than the text
        doc = self.nlp.make_doc(text)
        st = self.stats
        st.tokens += len(doc)
        placed: dict[tuple[int, int, str], Any] = {}
        aligned: list[Span] = []
        group = []
        for sp in spans:
            cs = doc.char_span(sp.start, sp.end, label=sp.label, alignment_mode="strict")
            if cs is None:
                st.misaligned.append(
                    {"document": doc_id, "annotator": annotator, "start": sp.start, "end": sp.end,
                     "label": sp.label, "text": text[sp.start : sp.end]}
                )
                continue
            placed[sp.key] = cs
            if len(cs) > self.max_span_tokens:
                self.max_span_tokens = len(cs)
            aligned.append(sp)
            group.append(cs)
        doc.spans[self.schema.span_key] = group
        self._set_sentences(doc, text, group)
        ents = flat_layer(aligned, self.schema)
        doc.ents = [placed[s.key] for s in ents]
        st.spans += len(group)
        st.ents += len(ents)
        st.spans_only_in_group += len(group) - len(ents)
        rel: dict[tuple[int, int], dict[str, float]] = {}
        for r in relations:
            head, tail = placed.get(r.head), placed.get(r.tail)
            if head is None or tail is None:
                st.relations_misaligned += 1
                continue
            st.relations += 1
            pairs = [(head.start, tail.start)]
            if r.label in self._symmetric:
                pairs.append((tail.start, head.start))
            for key in pairs:
                scores = rel.get(key)
                if scores is None:
                    scores = rel[key] = dict.fromkeys(self.relation_labels, 0.0)
                elif key == pairs[0]:
                    st.relations_merged += 1
                scores[r.label] = 1.0
        doc._.rel = rel
        doc.user_data["doc_id"] = doc_id
        if annotator is not None:
            doc.user_data["annotator"] = annotator
        return doc


def fast_docbin(store_user_data: bool = True) -> Any:
    """A `spacy.tokens.DocBin` whose `add` gives the same content, faster (see `_FastDocBin`)."""
    global _FAST_DOCBIN_CLASS
    if _FAST_DOCBIN_CLASS is None:
        _FAST_DOCBIN_CLASS = _make_fast_docbin_class()
    return _FAST_DOCBIN_CLASS(store_user_data=store_user_data)


_FAST_DOCBIN_CLASS: Any = None


def _make_fast_docbin_class() -> type:
    import struct

    import numpy
    import srsly
    from spacy.attrs import DEP, ENT_ID, ENT_KB_ID, ENT_TYPE, LEMMA, MORPH, NORM, ORTH, SPACY, TAG
    from spacy.tokens import DocBin

    string_attrs = {ORTH, NORM, TAG, DEP, ENT_TYPE, ENT_KB_ID, ENT_ID, LEMMA, MORPH}
    pack_span = struct.Struct(">QQQllll").pack

    class _FastDocBin(DocBin):
        """`DocBin.add` spends most of its time on two things this class does differently:
        a Python loop over every token to collect nine strings (here: the distinct hashes of
        the string columns of the array `add` computes anyway), and `srsly.msgpack_dumps`,
        which rescans every installed package's entry points on each call (here: one packer,
        made once). The serialized `DocBin` holds the same tokens, strings, spans and user data
        (checked by a test against spaCy's own `DocBin`)."""

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._string_cols = [i for i, a in enumerate(self.attrs) if a in string_attrs]
            self._packer = srsly.msgpack.Packer(use_bin_type=True)

        def _pack(self, obj: Any) -> bytes:
            return self._packer.pack(obj)

        def add(self, doc: Any) -> None:
            array = doc.to_array(self.attrs)
            if len(array.shape) == 1:
                array = array.reshape((array.shape[0], 1))
            self.tokens.append(array)
            spaces = doc.to_array(SPACY)
            spaces = spaces.reshape((spaces.shape[0], 1))
            self.spaces.append(numpy.asarray(spaces, dtype=bool))
            self.flags.append({"has_unknown_spaces": doc.has_unknown_spaces})
            vocab_strings = doc.vocab.strings
            if len(doc):
                self.strings.add("")
                for h in numpy.unique(array[:, self._string_cols]).tolist():
                    if h:
                        self.strings.add(vocab_strings[h])
            self.cats.append(doc.cats)
            if self.store_user_data:
                self.user_data.append(self._pack(doc.user_data))
            self.span_groups.append(self._span_groups_bytes(doc))
            for group in doc.spans.values():
                for span in group:
                    self.strings.add(span.label_)
                    if span.kb_id in vocab_strings:
                        self.strings.add(span.kb_id_)
                    if span.id in vocab_strings:
                        self.strings.add(span.id_)

        def _span_groups_bytes(self, doc: Any) -> bytes:
            # the format of SpanGroups.to_bytes / SpanGroup.to_bytes (spaCy 3.8)
            groups = doc.spans
            if len(groups) == 0:
                return groups._EMPTY_BYTES
            msg: dict[bytes, list[str]] = {}
            for key, group in groups.items():
                data = {
                    "name": group.name,
                    "attrs": group.attrs,
                    "spans": [
                        pack_span(sp.id, sp.kb_id, sp.label, sp.start, sp.end, sp.start_char, sp.end_char)
                        for sp in group
                    ],
                }
                msg.setdefault(self._pack(data), []).append(key)
            return self._pack(msg)

    return _FastDocBin


class ShardWriter:
    """`NAME.spacy` for a small split; a directory `NAME/` of `NAME-0000.spacy` shards otherwise.

    Each file is written to a temporary name, then renamed, so a reader never sees half a file.
    A shard holds at most `max_docs` documents and about `max_tokens` tokens (memory stays bounded).
    A full shard is serialized (zlib, which releases the GIL) and written in a background thread
    while the next one fills; at most one shard is in flight.
    """

    def __init__(self, out_dir: Path, name: str, *, sharded: bool, max_docs: int = MAX_SHARD_DOCS,
                 max_tokens: int = MAX_SHARD_TOKENS) -> None:
        self.name = name
        self.sharded = sharded
        self.max_docs = max_docs
        self.max_tokens = max_tokens
        single = out_dir / f"{name}.spacy"
        folder = out_dir / name
        # clear what a previous export left, so spaCy does not read stale shards
        if single.exists():
            single.unlink()
        if folder.is_dir():
            for old in folder.glob("*.spacy"):
                old.unlink()
        if sharded:
            folder.mkdir(parents=True, exist_ok=True)
        self.path = folder if sharded else single
        self.files: list[Path] = []
        self.docs = 0
        self._bin: Any = None
        self._bin_docs = 0
        self._bin_tokens = 0
        self._pool: ThreadPoolExecutor | None = None
        self._pending: Future | None = None

    def _new_bin(self) -> Any:
        return fast_docbin(store_user_data=True)

    def add(self, doc: Any) -> None:
        if self._bin is None:
            self._bin = self._new_bin()
        self._bin.add(doc)
        self._bin_docs += 1
        self._bin_tokens += len(doc)
        self.docs += 1
        if self.sharded and (self._bin_docs >= self.max_docs or self._bin_tokens >= self.max_tokens):
            self._flush()

    def _wait(self) -> None:
        if self._pending is not None:
            pending, self._pending = self._pending, None
            pending.result()  # re-raises a failed write here

    def _flush(self) -> None:
        if self._bin is None:
            return
        target = self.path / f"{self.name}-{len(self.files):04d}.spacy" if self.sharded else self.path
        self._wait()
        if self._pool is None:
            self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="docbin-writer")
        self._pending = self._pool.submit(_serialize_and_write, target, self._bin)
        self.files.append(target)
        self._bin = None
        self._bin_docs = self._bin_tokens = 0

    def close(self) -> list[Path]:
        if self._bin is None and not self.sharded and not self.files:
            self._bin = self._new_bin()  # an empty split is still a valid (empty) file
        try:
            self._flush()
            self._wait()
        finally:
            if self._pool is not None:
                self._pool.shutdown(wait=True)
                self._pool = None
        return self.files


def _serialize_and_write(target: Path, docbin: Any) -> None:
    _write_atomic(target, docbin.to_bytes())


def _write_atomic(target: Path, data: bytes) -> None:
    tmp = target.with_name(target.name + ".tmp")
    with open(tmp, "wb") as fh:
        fh.write(data)
    os.replace(tmp, target)
