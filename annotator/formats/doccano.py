"""doccano JSONL: `label` / `labels` (`[[start, end, LABEL], …]`) and `entities` + `relations`.

Import: one line = one document (`text`, or `data` in old exports). Spans that start or end on
whitespace (real doccano exports have them) are trimmed to the text inside and reported; a span
of whitespace only is reported and not imported. Entity ids are global in doccano: a relation's
`from_id`/`to_id` must name an entity of the same line, else it is an error. Document-level
labels (text classification: `label: ["…"]`) are reported, not imported. The annotator is the
line's `annotator` field (written by this tool's export), else `--annotator`. A line without
spans gives the document only (doccano writes `"label": []` for documents nobody labelled). doccano's `id`
is kept in `meta.doccano_id`; other unknown fields go to `meta` too.

Export: one line per annotation set (a document without one: a line with no entities), layout
`entities` + `relations`, plus `uid`, `title`, `meta` and `annotator`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from annotator.core.document import IncomingDocument, IncomingSet, Relation, SetKind, Span
from annotator.core.errors import InputError
from annotator.core.schema import Schema
from annotator.formats.common import OffsetMap, iter_json_lines, make_span, short, write_jsonl
from annotator.formats.registry import Annotated, Format, ReadContext, WriteResult

_KNOWN = {"id", "text", "data", "label", "labels", "entities", "relations", "Comments", "annotator", "uid", "title",
          "meta", "gold"}


def read(path: Path, ctx: ReadContext) -> Iterator[IncomingDocument]:
    file = str(path)
    for lineno, obj in iter_json_lines(path):
        yield _read_line(obj, file, lineno, ctx)


def _trim(raw: str, start: Any, end: Any) -> tuple[Any, Any]:
    if not (isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(raw)):
        return start, end  # make_span reports it
    while start < end and raw[start].isspace():
        start += 1
    while end > start and raw[end - 1].isspace():
        end -= 1
    return start, end


def _read_line(obj: Any, file: str, line: int, ctx: ReadContext) -> IncomingDocument:
    if not isinstance(obj, dict):
        raise InputError(file, line, "a line must be a JSON object")
    raw = obj.get("text", obj.get("data"))
    if not isinstance(raw, str):
        raise InputError(file, line, 'no "text" (or "data") string in this line')
    omap = OffsetMap(raw)
    if not omap.text.strip():
        raise InputError(file, line, '"text" is empty')
    uid = obj.get("uid")
    docname = str(uid) if uid is not None else (f"doccano id {obj['id']}" if "id" in obj else short(omap.text))
    where = f"{file}:{line}"
    spans: list[Span] = []
    by_id: dict[Any, Span | None] = {}

    def add(start: Any, end: Any, label: Any, ent_id: Any = None) -> None:
        t_start, t_end = _trim(raw, start, end)
        if (t_start, t_end) != (start, end):
            if t_start >= t_end:
                ctx.notes.add("whitespace-only span(s) not imported", where)
                by_id[ent_id] = None
                return
            ctx.notes.add("span(s) starting or ending on whitespace: trimmed", f"{where} {label} {raw[start:end]!r}")
        span = make_span(omap, t_start, t_end, label, file=file, line=line, doc=docname)
        spans.append(span)
        if ent_id is not None:
            by_id[ent_id] = span

    for key in ("label", "labels"):
        items = obj.get(key)
        if not isinstance(items, list):
            continue
        for item in items:
            if isinstance(item, str):
                ctx.notes.add("document label(s) (text classification) not imported", where)
            elif isinstance(item, list) and len(item) == 3:
                add(item[0], item[1], item[2])
            else:
                raise InputError(file, line, f"document {docname}: a {key} item must be [start, end, label] (got {item!r})")
    for ent in obj.get("entities") or []:
        if not isinstance(ent, dict):
            raise InputError(file, line, f"document {docname}: an entity must be an object")
        add(ent.get("start_offset"), ent.get("end_offset"), ent.get("label"), ent.get("id"))
    rels: list[Relation] = []
    for r in obj.get("relations") or []:
        if not isinstance(r, dict):
            raise InputError(file, line, f"document {docname}: a relation must be an object")
        label = r.get("type", r.get("label"))
        ends = []
        for role in ("from_id", "to_id"):
            if r.get(role) not in by_id:
                raise InputError(file, line, f"document {docname}: relation {label} {r.get('id', '')}: {role} "
                                 f"{r.get(role)!r} is not an entity of this line")
            ends.append(by_id[r.get(role)])
        if ends[0] is None or ends[1] is None:
            ctx.notes.add("relation(s) on whitespace-only spans not imported", where)
            continue
        if not isinstance(label, str):
            raise InputError(file, line, f"document {docname}: relation {r.get('id', '')} has no type")
        rels.append(Relation(ends[0].key, ends[1].key, label))
    meta = dict(obj["meta"]) if isinstance(obj.get("meta"), dict) else {}
    meta.update({k: v for k, v in obj.items() if k not in _KNOWN})
    if "id" in obj:
        meta["doccano_id"] = obj["id"]
    annotated = bool(spans or rels)  # doccano writes `"label": []` for documents nobody labelled
    kind = SetKind.GOLD if obj.get("gold") else SetKind.ANNOTATION
    annotator = obj.get("annotator") if isinstance(obj.get("annotator"), str) else ctx.annotator
    return IncomingDocument(
        text=omap.text,
        uid=None if uid is None else str(uid),
        title=obj["title"] if isinstance(obj.get("title"), str) else None,
        meta=meta,
        origin=f"{file}:{line}",
        sets=[IncomingSet(None if kind is SetKind.GOLD else annotator, spans, rels, kind=kind)] if annotated else [],
    )


def write(path: Path, items: Iterable[Annotated], schema: Schema) -> WriteResult:
    result = WriteResult(path)
    ids = {"entity": 0, "relation": 0, "line": 0}

    def next_id(kind: str) -> int:
        ids[kind] += 1
        return ids[kind]

    def lines() -> Iterator[dict]:
        for doc, sets in items:
            result.documents += 1
            base = {"uid": doc.uid, "title": doc.title, "text": doc.text, "meta": doc.meta}
            if not sets:
                yield {"id": next_id("line"), **base}
            for aset in sets:
                ent_ids = {sp.key: next_id("entity") for sp in aset.spans}
                line = {
                    "id": next_id("line"),
                    **base,
                    "entities": [{"id": ent_ids[sp.key], "label": sp.label, "start_offset": sp.start,
                                  "end_offset": sp.end} for sp in aset.spans],
                    "relations": [{"id": next_id("relation"), "from_id": ent_ids[r.head], "to_id": ent_ids[r.tail],
                                   "type": r.label} for r in aset.relations],
                    "Comments": [],
                }
                if aset.kind is SetKind.GOLD:
                    line["gold"] = True
                elif aset.annotator:
                    line["annotator"] = aset.annotator
                result.spans += len(aset.spans)
                result.relations += len(aset.relations)
                yield line

    write_jsonl(path, lines())
    return result


FORMAT = Format("doccano", frozenset({".jsonl"}), read, write, default_file="doccano.jsonl")
