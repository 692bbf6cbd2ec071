"""Prodigy JSONL (`ner_manual`, `spans_manual`, `relations`, and `review` output).

Import: one line = one annotated example. `answer == "accept"` is imported; `reject`/`ignore`
lines are counted and reported, not imported; a line without `answer` (an unannotated task)
gives the document only. `start`/`end` are trusted over token indices (and the span `text`,
when given, must match the slice). The annotator is `_annotator_id`, else `_session_id`, else
`--annotator`. A relation's `head_span`/`child_span` must be one of the line's spans (when they
are missing, the span whose last token is `head`/`child`). `review` output (`versions`): the
top-level answer becomes the gold set, each version's sessions their own sets. `"_gold": true`
(written by this tool's export) also marks a gold set.

Export: one line per annotation set (a document without one: a line with no `answer`), tokens
from the project tokenizer, `token_end` inclusive, relation `head`/`child` = the span's last
token, `_view_id` `relations` / `spans_manual` (overlapping spans) / `ner_manual`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from annotator.core.document import AnnotationSet, IncomingDocument, IncomingSet, Relation, SetKind, Span
from annotator.core.errors import InputError
from annotator.core.schema import Schema
from annotator.core.tokenize import TokenIndex, tokenize
from annotator.formats.common import OffsetMap, iter_json_lines, make_span, short, write_jsonl
from annotator.formats.registry import Annotated, Format, ReadContext, WriteResult


def read(path: Path, ctx: ReadContext) -> Iterator[IncomingDocument]:
    file = str(path)
    for lineno, obj in iter_json_lines(path):
        doc = _read_example(obj, file, lineno, ctx)
        if doc is not None:
            yield doc


def _read_example(obj: Any, file: str, line: int, ctx: ReadContext) -> IncomingDocument | None:
    if not isinstance(obj, dict) or not isinstance(obj.get("text"), str):
        raise InputError(file, line, 'a line must be a JSON object with a "text" string')
    omap = OffsetMap(obj["text"])
    if not omap.text.strip():
        raise InputError(file, line, '"text" is empty')
    meta = obj.get("meta") if isinstance(obj.get("meta"), dict) else {}
    uid = meta.get("uid")
    docname = str(uid) if uid is not None else short(omap.text)
    answer = obj.get("answer")
    where = f"{file}:{line}"
    sets: list[IncomingSet] = []
    if answer is None:
        if obj.get("spans"):
            ctx.notes.add('line(s) without "answer": text imported, spans not (unannotated tasks)', where)
    elif answer != "accept":
        ctx.notes.add(f'"{answer}" answer(s): not imported', where)
        return None
    else:
        kind = SetKind.GOLD if obj.get("_gold") or "versions" in obj else SetKind.ANNOTATION
        name = None if kind is SetKind.GOLD else _annotator(obj, ctx)
        spans, rels = _annotations(obj, omap, file, line, docname)
        sets.append(IncomingSet(name, spans, rels, kind=kind))
        for version in obj.get("versions") or []:
            if not isinstance(version, dict) or version.get("answer", "accept") != "accept":
                ctx.notes.add("review version(s) not accepted: not imported", where)
                continue
            v_spans, v_rels = _annotations(version, omap, file, line, docname)
            for session in version.get("sessions") or [_annotator(version, ctx)]:
                sets.append(IncomingSet(str(session) if session else ctx.annotator, v_spans, v_rels))
    return IncomingDocument(
        text=omap.text,
        uid=None if uid is None else str(uid),
        title=meta.get("title") if isinstance(meta.get("title"), str) else None,
        meta={k: v for k, v in meta.items() if k not in ("uid", "title")},
        origin=f"{file}:{line}",
        sets=sets,
    )


def _annotator(obj: dict, ctx: ReadContext) -> str | None:
    for key in ("_annotator_id", "_session_id"):
        value = obj.get(key)
        if isinstance(value, str) and value:
            return value
    return ctx.annotator


def _annotations(obj: dict, omap: OffsetMap, file: str, line: int, doc: str) -> tuple[list[Span], list[Relation]]:
    spans: list[Span] = []
    by_raw: dict[tuple[int, int, str], Span] = {}
    by_last_token: dict[int, list[Span]] = {}
    for sp in obj.get("spans") or []:
        if not isinstance(sp, dict):
            raise InputError(file, line, f"document {doc}: a span must be an object")
        span = make_span(omap, sp.get("start"), sp.get("end"), sp.get("label"), file=file, line=line, doc=doc,
                         text=sp.get("text") if isinstance(sp.get("text"), str) else None)
        spans.append(span)
        by_raw[(sp["start"], sp["end"], sp["label"])] = span
        if isinstance(sp.get("token_end"), int):
            by_last_token.setdefault(sp["token_end"], []).append(span)
    rels: list[Relation] = []
    for r in obj.get("relations") or []:
        if not isinstance(r, dict) or not isinstance(r.get("label"), str):
            raise InputError(file, line, f"document {doc}: a relation must be an object with a label")
        ends = []
        for role, span_key, tok_key in (("head", "head_span", "head"), ("child", "child_span", "child")):
            ends.append(_relation_end(r, role, span_key, tok_key, by_raw, by_last_token, file, line, doc, omap))
        rels.append(Relation(ends[0].key, ends[1].key, r["label"]))
    return spans, rels


def _relation_end(r, role, span_key, tok_key, by_raw, by_last_token, file, line, doc, omap) -> Span:
    given = r.get(span_key)
    if isinstance(given, dict):
        key = (given.get("start"), given.get("end"), given.get("label"))
        span = by_raw.get(key)
        if span is None:
            text = omap.raw[key[0] : key[1]] if isinstance(key[0], int) and isinstance(key[1], int) else ""
            raise InputError(
                file, line,
                f"document {doc}: relation {r['label']}: {role} span {key[0]}-{key[1]} {key[2]} {text!r} is not among the spans of this example",
            )
        return span
    cands = by_last_token.get(r.get(tok_key), []) if isinstance(r.get(tok_key), int) else []
    if len(cands) != 1:
        raise InputError(
            file, line,
            f"document {doc}: relation {r['label']}: no {span_key} and {len(cands)} span(s) end at token {r.get(tok_key)!r}",
        )
    return cands[0]


# -- export ----------------------------------------------------------------------------------


def write(path: Path, items: Iterable[Annotated], schema: Schema) -> WriteResult:
    result = WriteResult(path)

    def lines() -> Iterator[dict]:
        for doc, sets in items:
            result.documents += 1
            toks = tokenize(doc.text)
            index = TokenIndex(doc.text, toks)
            text = doc.text
            tokens = [
                {"text": text[s:e], "start": s, "end": e, "id": i, "ws": e < len(text) and text[e].isspace()}
                for i, (s, e) in enumerate(toks)
            ]
            base = {"text": text, "meta": {"uid": doc.uid, "title": doc.title, **doc.meta}, "tokens": tokens}
            if not sets:
                yield base
            for aset in sets:
                yield {**base, **_example(aset, text, index, result)}

    write_jsonl(path, lines())
    return result


def _span_dict(sp: Span, text: str, index: TokenIndex, result: WriteResult) -> dict:
    d: dict[str, Any] = {"start": sp.start, "end": sp.end, "text": text[sp.start : sp.end], "label": sp.label}
    rng = index.token_range(sp.start, sp.end)
    if rng is None:
        result.notes.add("span(s) not on token boundaries: written without token indices", f"{sp.start}-{sp.end}")
    else:
        d["token_start"], d["token_end"] = rng[0], rng[1] - 1
    d["type"] = "span"
    return d


def _example(aset: AnnotationSet, text: str, index: TokenIndex, result: WriteResult) -> dict:
    spans = {sp.key: _span_dict(sp, text, index, result) for sp in aset.spans}
    relations = []
    for rel in aset.relations:
        head, child = spans[rel.head], spans[rel.tail]
        relations.append({"head": head.get("token_end"), "child": child.get("token_end"), "head_span": head,
                          "child_span": child, "label": rel.label})
    overlapping, reach = False, -1
    for sp in sorted(aset.spans):
        overlapping = overlapping or sp.start < reach
        reach = max(reach, sp.end)
    view = "relations" if relations else ("spans_manual" if overlapping else "ner_manual")
    result.spans += len(spans)
    result.relations += len(relations)
    out: dict[str, Any] = {"spans": list(spans.values()), "relations": relations, "answer": "accept", "_view_id": view}
    if aset.kind is SetKind.GOLD:
        out["_gold"] = True
    else:
        out["_session_id"] = aset.annotator
        out["_annotator_id"] = aset.annotator
    return out


FORMAT = Format("prodigy", frozenset({".jsonl"}), read, write, default_file="prodigy.jsonl")
