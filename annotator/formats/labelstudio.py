"""Label Studio JSON, full export (a list of tasks; not JSON_MIN).

Import: `data.text` is the document (other `data` fields go to `meta`; `data.uid`/`data.title`
written by this tool's export are used). Each annotation of a task is one annotation set: the
annotator is `completed_by` (an e-mail or username when it is an object, `labelstudio-user-N`
when it is a number, else `--annotator`); an annotation with `ground_truth: true` becomes the
gold set. `was_cancelled` annotations are skipped and reported. Each prediction becomes a set of
`model` spans for annotator `model:<model_version>`. Results of type `labels` are spans (one
per label), `relation` results relations (`direction: left` swaps them; an unlabelled relation
is reported, not imported); other result types (choices, textarea, …) are reported, not
imported. `value.text` is checked against the slice; when it differs but the offsets read as
UTF-16 code units match (old exports counted UTF-16 after an emoji), they are converted and the
import says how many.

Export: one task per document, one annotation per set (`completed_by: {"email": NAME}`), sets
whose spans all come from a model as `predictions`.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from annotator.core.document import IncomingDocument, IncomingSet, Relation, SetKind, Source, Span
from annotator.core.errors import InputError
from annotator.core.schema import Schema
from annotator.formats.common import OffsetMap, load_json, make_span, same_text, short, utf16_to_codepoints
from annotator.formats.registry import Annotated, Format, ReadContext, WriteResult

_SPAN_TYPES = {"labels", "hypertextlabels"}


def read(path: Path, ctx: ReadContext) -> Iterator[IncomingDocument]:
    file = str(path)
    data = load_json(path)
    tasks = data if isinstance(data, list) else [data]
    for n, task in enumerate(tasks, start=1):
        yield _read_task(task, file, n, ctx)


def _annotator_name(completed_by: Any, ctx: ReadContext) -> str | None:
    if isinstance(completed_by, dict):
        for key in ("email", "username"):
            if completed_by.get(key):
                return str(completed_by[key])
        if completed_by.get("id") is not None:
            return f"labelstudio-user-{completed_by['id']}"
    if isinstance(completed_by, int):
        return f"labelstudio-user-{completed_by}"
    if isinstance(completed_by, str) and completed_by:
        return completed_by
    return ctx.annotator


def _read_task(task: Any, file: str, n: int, ctx: ReadContext) -> IncomingDocument:
    tid = task.get("id", n) if isinstance(task, dict) else n
    where = f"task {tid}"
    if not isinstance(task, dict) or not isinstance(task.get("data"), dict) or not isinstance(task["data"].get("text"), str):
        raise InputError(file, None, f"{where}: a task must be an object with data.text (a string)")
    data = task["data"]
    omap = OffsetMap(data["text"])
    if not omap.text.strip():
        raise InputError(file, None, f"{where}: data.text is empty")
    docname = f"{where}" + (f" ({data['uid']})" if data.get("uid") else "")
    sets: list[IncomingSet] = []
    for ann in task.get("annotations") or []:
        if not isinstance(ann, dict):
            raise InputError(file, None, f"{where}: an annotation must be an object")
        if ann.get("was_cancelled"):
            ctx.notes.add("cancelled annotation(s) (was_cancelled) skipped", f"{file} {where}")
            continue
        spans, rels = _results(ann.get("result") or [], omap, file, docname, ctx, Source.IMPORT)
        if ann.get("ground_truth"):
            sets.append(IncomingSet(None, spans, rels, kind=SetKind.GOLD))
        else:
            sets.append(IncomingSet(_annotator_name(ann.get("completed_by"), ctx), spans, rels))
    for pred in task.get("predictions") or []:
        if not isinstance(pred, dict):
            raise InputError(file, None, f"{where}: a prediction must be an object")
        spans, rels = _results(pred.get("result") or [], omap, file, docname, ctx, Source.MODEL)
        version = pred.get("model_version")
        sets.append(IncomingSet(f"model:{version}" if version else "model", spans, rels))
    meta = {k: v for k, v in data.items() if k not in ("text", "uid", "title")}
    meta["labelstudio_id"] = tid
    return IncomingDocument(
        text=omap.text,
        uid=str(data["uid"]) if data.get("uid") is not None else None,
        title=data["title"] if isinstance(data.get("title"), str) else None,
        meta=meta,
        origin=file,
        sets=sets,
    )


def _results(results: list, omap: OffsetMap, file: str, doc: str, ctx: ReadContext, source: Source):
    spans: list[Span] = []
    by_id: dict[str, list[Span]] = {}
    rel_results = []
    for res in results:
        if not isinstance(res, dict):
            raise InputError(file, None, f"{doc}: a result must be an object")
        kind = res.get("type")
        if kind == "relation":
            rel_results.append(res)
            continue
        if kind not in _SPAN_TYPES:
            ctx.notes.add(f"result(s) of type {kind!r} not imported", f"{file} {doc}")
            continue
        value = res.get("value") or {}
        start, end = _offsets(value, omap, file, doc, ctx)
        labels = value.get("labels") or value.get("hypertextlabels") or []
        if not labels:
            raise InputError(file, None, f"{doc}: span {start}-{end} {value.get('text', '')!r} has no label")
        made = [make_span(omap, start, end, lab, file=file, line=None, doc=doc, text=value.get("text"), source=source)
                for lab in labels]
        spans.extend(made)
        if res.get("id") is not None:
            by_id.setdefault(str(res["id"]), []).extend(made)
    rels: list[Relation] = []
    for res in rel_results:
        ends = []
        for role in ("from_id", "to_id"):
            found = by_id.get(str(res.get(role)))
            if not found:
                raise InputError(file, None, f"{doc}: relation {res.get('labels')}: {role} {res.get(role)!r} "
                                 "is not a span of this annotation")
            ends.append(found[0])
        if res.get("direction") == "left":
            ends.reverse()
        labels = res.get("labels") or []
        if not labels:
            ctx.notes.add("relation(s) without a label not imported", f"{file} {doc}")
        for lab in labels:
            rels.append(Relation(ends[0].key, ends[1].key, lab))
    return spans, rels


def _offsets(value: dict, omap: OffsetMap, file: str, doc: str, ctx: ReadContext) -> tuple[Any, Any]:
    start, end, given = value.get("start"), value.get("end"), value.get("text")
    if not (isinstance(start, int) and isinstance(end, int)) or not isinstance(given, str):
        return start, end
    raw = omap.raw
    if 0 <= start < end <= len(raw) and same_text(given, raw[start:end]):
        return start, end
    s16, e16 = utf16_to_codepoints(raw, start), utf16_to_codepoints(raw, end)
    if s16 is not None and e16 is not None and s16 < e16 and same_text(given, raw[s16:e16]):
        ctx.notes.add("span(s) had UTF-16 offsets (counted after an emoji or other non-BMP character): "
                      "converted to code points", f"{file} {doc} {short(given)!r}")
        return s16, e16
    return start, end  # make_span reports the mismatch


# -- export ----------------------------------------------------------------------------------


def _result_id(n: int) -> str:
    return f"r{n}"


def _task(n: int, doc, sets, result: WriteResult) -> dict:
    annotations, predictions = [], []
    for k, aset in enumerate(sets, start=1):
        ids = {}
        res: list[dict] = []
        for sp in aset.spans:
            ids[sp.key] = _result_id(len(ids) + 1)
            res.append({"id": ids[sp.key], "from_name": "label", "to_name": "text", "type": "labels",
                        "origin": "prediction" if sp.source is Source.MODEL else "manual",
                        "value": {"start": sp.start, "end": sp.end, "text": doc.text[sp.start : sp.end],
                                  "labels": [sp.label]}})
        for rel in aset.relations:
            res.append({"from_id": ids[rel.head], "to_id": ids[rel.tail], "type": "relation", "direction": "right",
                        "labels": [rel.label]})
        result.spans += len(aset.spans)
        result.relations += len(aset.relations)
        is_model = aset.kind is SetKind.ANNOTATION and aset.spans and all(sp.source is Source.MODEL for sp in aset.spans)
        if is_model:
            version = (aset.annotator or "model").removeprefix("model:")
            predictions.append({"id": k, "model_version": version, "score": None, "result": res})
        else:
            annotations.append({"id": k, "completed_by": None if aset.kind is SetKind.GOLD else {"email": aset.annotator},
                                "was_cancelled": False, "ground_truth": aset.kind is SetKind.GOLD, "lead_time": 0,
                                "result": res})
    data = {"text": doc.text, "uid": doc.uid, "title": doc.title,
            **{k: v for k, v in doc.meta.items() if k not in ("text", "uid", "title", "labelstudio_id")}}
    return {"id": n, "data": data, "annotations": annotations, "predictions": predictions}


def write(path: Path, items: Iterable[Annotated], schema: Schema) -> WriteResult:
    result = WriteResult(path)
    with path.open("w", encoding="utf-8", newline="\n") as fh:
        fh.write("[")
        for n, (doc, sets) in enumerate(items, start=1):
            fh.write("\n" if n == 1 else ",\n")
            fh.write(json.dumps(_task(n, doc, sets, result), ensure_ascii=False))
            result.documents += 1
        fh.write("\n]\n")
    return result


FORMAT = Format("labelstudio", frozenset({".json"}), read, write, default_file="labelstudio.json")
