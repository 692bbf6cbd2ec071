"""doccano JSONL: `label` / `labels` (`[[start, end, LABEL], …]`), `entities` + `relations`, and
the doccano 1.x `annotations` layout (`[{"label": 3, "start_offset": …, "end_offset": …, "user": 1}]`).

Import: one line = one document (`text`, or `data` in old exports); `entities` may also be
`[start, end, label]` lists (doccano's intent-detection export, whose `cats` go to `meta`). A
file that is one JSON list of such objects over several lines (doccano's JSON export, a
pretty-printed example) is read as a list of lines (noted; problems then name no line). A
label may be a name or a numeric label id (doccano 1.x): ids are named by `--label-ids FILE` (`ReadContext.label_ids`,
e.g. doccano's label export `[{"id": 3, "text": "PER"}, …]`); an id without a name is an error
that says so. Outer whitespace of a span (real doccano exports have it) is trimmed and noted
(`ReadContext.span`). Entity ids are global in doccano: a relation's `from_id`/`to_id` must name
an entity of the same line. `annotations` items are grouped by `user` into one set each
(annotator `doccano-user-N`). Document-level labels (text classification: `label: ["…"]`, an
`annotations` item without offsets) are reported, not imported. The annotator is the line's
`annotator` field (written by this tool's export), else `--annotator`; `annotation_status` and
`annotation_seconds` (written by this tool's export, kept by doccano as extra fields) give the
status and the time spent, else a line with spans is a `done` set. A line without spans gives the
document only (doccano writes `"label": []` for documents nobody labelled), unless its
`annotation_status` says it is a set (a finished set without entities is a negative example). doccano's `id` is kept
in `meta.doccano_id`; other unknown fields go to `meta` too.

Refused (`InputError` naming file and line): a line that is not an object with a `text` string,
items that are not `[start, end, label]` or objects, two entities with the same id in one line
(`duplicate id …`: a relation could not tell them apart), a numeric label id that
`--label-ids` does not name, an empty file. A span or relation that cannot be imported (bad
offsets, a relation whose entity is missing or was not imported) is a `Problem`
(`ReadContext`): the import lists them all.

Export: one line per annotation set (a document without one: a line with no entities), layout
`entities` + `relations`, plus `uid`, `title`, `meta`, `annotator` (or `gold`),
`annotation_status` and `annotation_seconds`, and the annotator's notes and "needs review" flag
(`annotator_notes`, `annotator_needs_review`, only when there are some; read back on import).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from annotator.core.document import IncomingDocument, IncomingSet, Relation, SetKind, Span, Status
from annotator.core.errors import InputError
from annotator.core.schema import Schema
from annotator.formats.common import OffsetMap, Problem, iter_json_lines, load_json, short, write_jsonl
from annotator.formats.registry import Annotated, Format, ReadContext, WriteResult
from annotator.formats.setfields import (
    FLAG_KEY,
    NOTES_KEY,
    SECONDS_KEY,
    STATUS_KEY,
    is_int,
    need_dict,
    need_list,
    notes_meta,
    read_notes,
    read_seconds,
    read_status,
)

_KNOWN = {"id", "text", "data", "label", "labels", "entities", "relations", "annotations", "Comments", "annotator",
          "uid", "title", "meta", "gold", STATUS_KEY, SECONDS_KEY, NOTES_KEY, FLAG_KEY}
_LABEL_IDS_HINT = ('pass --label-ids FILE with the project\'s label list (doccano\'s label export, '
                   'e.g. [{"id": 3, "text": "PER"}, …])')


def read(path: Path, ctx: ReadContext) -> Iterator[IncomingDocument]:
    file = str(path)
    lines = 0
    try:
        for lineno, obj in iter_json_lines(path):
            lines += 1
            yield _read_line(obj, file, lineno, ctx)
    except InputError as exc:
        whole = None if lines or not exc.reason.startswith("not JSON") else _whole_json(path)
        if whole is None:
            raise
        ctx.notes.add("file(s) holding one JSON value over several lines, not JSON Lines: read as a list of lines",
                      path.name)
        for obj in whole:
            lines += 1
            yield _read_line(obj, file, None, ctx)
    if not lines:
        raise InputError(file, None, "no documents (the file has no lines)")


def _whole_json(path: Path) -> list | None:
    """The objects of a file that is one JSON list (or object) over several lines (doccano's JSON
    export, a pretty-printed example); None when it is not."""
    try:
        data = load_json(path)
    except InputError:
        return None
    if isinstance(data, dict):
        return [data]
    return data if isinstance(data, list) and data else None


def _label(value: Any, ctx: ReadContext, file: str, line: int | None, what: str = "label") -> Any:
    """A label name: a name as it is, a numeric id through `ctx.label_ids` (an `InputError` when it
    has no name); anything else as it is (`ctx.span` reports it)."""
    if not is_int(value):
        return value
    name = ctx.label_ids.get(str(value))
    if name is None:
        if ctx.label_ids:
            raise InputError(file, line, f"{what} id {value} is not in the --label-ids file")
        raise InputError(file, line, f"{what} {value} is a numeric label id, and this file does not name its labels: "
                         + _LABEL_IDS_HINT)
    return name


class _Line:
    """The sets of one line being read: spans by annotator, entities by id."""

    def __init__(self, obj: dict, omap: OffsetMap, file: str, line: int | None, doc: str, ctx: ReadContext) -> None:
        self.obj, self.omap, self.file, self.line, self.doc, self.ctx = obj, omap, file, line, doc, ctx
        self.spans: dict[str | None, list[Span]] = {}
        self.by_id: dict[Any, tuple[str | None, Span | None]] = {}  # entity id -> (annotator, span)

    def add(self, who: str | None, start: Any, end: Any, label: Any, ent_id: Any = None) -> None:
        if ent_id is not None:
            if not (is_int(ent_id) or isinstance(ent_id, str)):
                raise InputError(self.file, self.line, f"document {self.doc}: an entity id must be a number or a "
                                 f"string (got {short(repr(ent_id))})")
            if ent_id in self.by_id:
                raise InputError(self.file, self.line, f"duplicate id {ent_id} (two entities of document {self.doc}): "
                                 "a relation cannot tell them apart")
        label = _label(label, self.ctx, self.file, self.line)
        span = self.ctx.span(self.omap, start, end, label, file=self.file, line=self.line, doc=self.doc)
        if span is not None:
            self.spans.setdefault(who, []).append(span)
        else:
            self.spans.setdefault(who, [])
        if ent_id is not None:
            self.by_id[ent_id] = (who, span)


def _read_line(obj: Any, file: str, line: int | None, ctx: ReadContext) -> IncomingDocument:
    if not isinstance(obj, dict):
        raise InputError(file, line, "a line must be a JSON object")
    raw = obj.get("text", obj.get("data"))
    if not isinstance(raw, str):
        raise InputError(file, line, 'no "text" (or "data") string in this line')
    omap = OffsetMap(raw)
    if not omap.text.strip():
        raise InputError(file, line, '"text" is empty')
    uid = obj.get("uid")
    uid = str(uid) if isinstance(uid, (str, int)) and not isinstance(uid, bool) else None
    docname = uid if uid is not None else (f"doccano id {short(str(obj['id']), 24)}" if "id" in obj else short(omap.text))
    where = f"{file}:{line}"
    what = f"document {docname}"
    annotator = obj.get("annotator") if isinstance(obj.get("annotator"), str) and obj["annotator"] else ctx.annotator
    state = _Line(obj, omap, file, line, docname, ctx)

    for key in ("label", "labels"):
        items = obj.get(key)
        if not isinstance(items, list):
            if items is not None and not isinstance(items, str):
                raise InputError(file, line, f"{what}: {key!r} must be a list (got {short(repr(items))})")
            if isinstance(items, str):
                ctx.notes.add("document label(s) (text classification) not imported", where)
            continue
        for item in items:
            if isinstance(item, str) or is_int(item):
                ctx.notes.add("document label(s) (text classification) not imported", where)
            elif isinstance(item, list) and len(item) == 3:
                state.add(annotator, item[0], item[1], item[2])
            else:
                raise InputError(file, line, f"{what}: a {key} item must be [start, end, label] (got {short(repr(item))})")
    for ent in need_list(obj, "entities", file, line, what):
        if isinstance(ent, list) and len(ent) == 3:  # doccano's intent-detection export: [start, end, label]
            state.add(annotator, ent[0], ent[1], ent[2])
            continue
        ent = need_dict(ent, file, line, f"{what}: an entity (an object, or [start, end, label])")
        state.add(annotator, ent.get("start_offset"), ent.get("end_offset"), ent.get("label"), ent.get("id"))
    for ann in need_list(obj, "annotations", file, line, what):
        ann = need_dict(ann, file, line, f"{what}: an annotation")
        if "start_offset" not in ann and "end_offset" not in ann:
            ctx.notes.add("document label(s) (text classification) not imported", where)
            continue
        user = ann.get("user")
        who = f"doccano-user-{user}" if is_int(user) or (isinstance(user, str) and user) else annotator
        state.add(who, ann.get("start_offset"), ann.get("end_offset"), ann.get("label"), ann.get("id"))
    rels: dict[str | None, list[Relation]] = {}
    for r in need_list(obj, "relations", file, line, what):
        r = need_dict(r, file, line, f"{what}: a relation")
        label = _label(r.get("type", r.get("label")), ctx, file, line, what="relation type")
        rel_name = short(str(label)) + (f" {r['id']}" if "id" in r else "")

        def reject(kind: str, why: str, label: Any = label, rel_name: str = rel_name) -> None:
            ctx.reject(Problem(kind, file, line, docname, f"relation {rel_name}: {why}",
                               label=label if isinstance(label, str) else None, what="relation"))

        if not isinstance(label, str) or not label:
            reject("relation without a type", f"no type (got {short(repr(label))})")
            continue
        ends = []
        for role in ("from_id", "to_id"):
            ref = r.get(role)
            found = state.by_id.get(ref) if is_int(ref) or isinstance(ref, str) else None
            if found is None:
                reject("relation argument missing", f"{role} {short(repr(ref))} is not an entity of this line")
                break
            if found[1] is None:
                reject("relation on a span not imported", f"{role} {ref} is an entity that was not imported")
                break
            ends.append(found)
        else:
            if ends[0][0] != ends[1][0]:
                reject("relation across annotators", f"its entities belong to different users ({ends[0][0]}, {ends[1][0]})")
                continue
            rels.setdefault(ends[0][0], []).append(Relation(ends[0][1].key, ends[1][1].key, label))

    meta = dict(obj["meta"]) if isinstance(obj.get("meta"), dict) else {}
    meta.update({k: v for k, v in obj.items() if k not in _KNOWN})
    if "id" in obj:
        meta["doccano_id"] = obj["id"]
    status = read_status(obj, file, line, what)
    seconds = read_seconds(obj, SECONDS_KEY, file, line, what)
    gold = obj.get("gold") is True
    sets: list[IncomingSet] = []
    for who in dict.fromkeys([*state.spans, *rels]):
        spans, relations = state.spans.get(who, []), rels.get(who, [])
        if not spans and not relations and status is None:
            continue  # doccano writes `"label": []` for documents nobody labelled; all spans refused: no set
        lines: dict[tuple, int] = {} if line is None else {sp.key: line for sp in spans}
        lines.update((rel.key, line) for rel in relations if line is not None)
        sets.append(IncomingSet(None if gold else who, spans, relations,
                                kind=SetKind.GOLD if gold else SetKind.ANNOTATION,
                                status=status or Status.DONE, lines=lines, seconds=seconds))
    if not sets and status is not None:  # a finished set without entities (a negative example)
        sets.append(IncomingSet(None if gold else annotator, kind=SetKind.GOLD if gold else SetKind.ANNOTATION,
                                status=status, seconds=seconds))
    notes, flagged = read_notes(obj, file, line, what)
    if (notes or flagged) and len(sets) == 1 and sets[0].kind is SetKind.ANNOTATION:  # this tool's lines: one set
        sets[0].notes, sets[0].flagged = notes, flagged
    return IncomingDocument(
        text=omap.text,
        uid=uid,
        title=obj["title"] if isinstance(obj.get("title"), str) else None,
        meta=meta,
        origin=file if line is None else f"{file}:{line}",
        sets=sets,
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
                line[STATUS_KEY] = aset.status.value
                line[SECONDS_KEY] = aset.seconds
                line.update(notes_meta(aset.notes, aset.flagged))  # the annotator's notes and flag
                result.spans += len(aset.spans)
                result.relations += len(aset.relations)
                yield line

    write_jsonl(path, lines())
    return result


FORMAT = Format("doccano", frozenset({".jsonl"}), read, write, default_file="doccano.jsonl")
