"""Label Studio JSON: the full export (a list of tasks), older `completions` exports, and JSON-MIN.

Import, full export: `data.text` is the document (other `data` fields go to `meta`, the task's
own `meta` to `meta.labelstudio_meta`; `data.uid` / `data.title` written by this tool's export
are used). Each annotation of a task is one
annotation set: the annotator is `completed_by` (an e-mail or username when it is an object,
`labelstudio-user-N` when it is a number, else `--annotator`); `lead_time` is the time spent
(seconds); an annotation with `ground_truth: true` becomes the gold set. Label Studio < 1.0
files give `completions` instead of `annotations`: read the same way (and noted). A cancelled
annotation (`was_cancelled`, or `skipped` in old files) becomes a set with status `skipped`
(noted); `annotation_status` (written by this tool's export) gives the status of unfinished
sets. Each prediction becomes a set of `model` spans for annotator `model:<model_version>`.
Results of type `labels` are spans (one per label), `relation` results relations (`direction:
left` swaps them; an unlabelled relation is reported, not imported); other result types
(choices, textarea, …) are reported, not imported, and an annotation that has only such results
gives no set at all (it would read as "done, no entities"). Drafts are reported, not imported.
`value.text` is checked against the slice; when it differs but the offsets read as UTF-16 code
units match (old exports counted UTF-16 after an emoji), they are converted and the import says
how many. Outer whitespace of a span is trimmed and noted (`ReadContext.span`).

Refused (`InputError` naming file and task): anything that is not the shape above (a task
without `data.text`, a result or value that is not an object, `value.labels` given as a string,
`value.text` or `lead_time` of the wrong type), two regions with the same result id in one
annotation (`duplicate id …`: a relation could not tell them apart), an empty list of tasks.
A span or relation that cannot be imported (bad offsets, text mismatch, a relation whose
region is missing or was not imported) is a `Problem` (`ReadContext`): the import lists them all.

Import, JSON-MIN (a list of flat rows, one per annotation: the task's data fields, `id`,
`annotator`, `lead_time`, and one key per labelling control holding `[{start, end, text,
labels}]`): `text` is the document, each row one set of spans for its `annotator`. JSON-MIN
has no relations and no cancelled annotations; fields that are not spans go to `meta`; a row
without spans gives the document only (noted).

Export: one task per document, one annotation per set (`completed_by: {"email": NAME}`,
`lead_time`, `was_cancelled` for skipped sets, `annotation_status`, and the annotator's notes
and "needs review" flag as `annotator_notes` / `annotator_needs_review` when there are some,
read back on import), sets whose spans all come from a model as `predictions`.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from annotator.core.document import IncomingDocument, IncomingSet, Relation, SetKind, Source, Span, Status
from annotator.core.errors import InputError
from annotator.core.schema import Schema
from annotator.formats.common import (
    OffsetMap,
    Problem,
    load_json,
    read_text_file,
    same_text,
    short,
    utf16_to_codepoints,
)
from annotator.formats.registry import Annotated, Format, ReadContext, WriteResult
from annotator.formats.setfields import (
    STATUS_KEY,
    is_int,
    need_dict,
    need_list,
    notes_meta,
    read_notes,
    read_seconds,
    read_status,
)

_SPAN_TYPES = {"labels", "hypertextlabels"}
_MIN_KNOWN = {"text", "id", "annotator", "annotation_id", "created_at", "updated_at", "lead_time", "agreement",
              "uid", "title"}


def read(path: Path, ctx: ReadContext) -> Iterator[IncomingDocument]:
    file = str(path)
    try:
        data = load_json(path)
    except InputError:
        if not read_text_file(path).strip("\ufeff \t\r\n"):
            raise InputError(file, None, "no documents (the file is empty)") from None
        raise
    if isinstance(data, dict):
        tasks = [data]
    elif isinstance(data, list):
        tasks = data
    else:
        raise InputError(file, None, f"not a Label Studio export: expected a list of tasks (got {type(data).__name__})")
    if not tasks:
        raise InputError(file, None, "no documents (an empty list of tasks)")
    for n, task in enumerate(tasks, start=1):
        if isinstance(task, dict) and _is_min_row(task):
            yield _read_min_row(task, file, n, ctx)
        else:
            yield _read_task(task, file, n, ctx)


def _is_min_row(task: dict) -> bool:
    return not any(k in task for k in ("data", "annotations", "completions", "predictions")) and "text" in task


def _annotator_name(completed_by: Any, ctx: ReadContext) -> str | None:
    if isinstance(completed_by, dict):
        for key in ("email", "username"):
            if isinstance(completed_by.get(key), str) and completed_by[key]:
                return completed_by[key]
        if is_int(completed_by.get("id")) or isinstance(completed_by.get("id"), str):
            return f"labelstudio-user-{completed_by['id']}"
    if is_int(completed_by):
        return f"labelstudio-user-{completed_by}"
    if isinstance(completed_by, str) and completed_by:
        return completed_by
    return ctx.annotator


def _task_id(task: dict, n: int) -> Any:
    tid = task.get("id", n)
    return tid if is_int(tid) or isinstance(tid, str) else n


def _document(omap: OffsetMap, fields: dict, tid: Any, file: str, sets: list[IncomingSet]) -> IncomingDocument:
    uid, title = fields.get("uid"), fields.get("title")
    meta = {k: v for k, v in fields.items() if k not in ("text", "uid", "title")}
    meta["labelstudio_id"] = tid
    return IncomingDocument(
        text=omap.text,
        uid=str(uid) if isinstance(uid, (str, int)) and not isinstance(uid, bool) else None,
        title=title if isinstance(title, str) else None,
        meta=meta,
        origin=file,
        sets=sets,
    )


def _text_of(fields: dict, file: str, where: str, key: str) -> OffsetMap:
    text = fields.get("text")
    if "text" not in fields:
        has = ", ".join(sorted(short(str(k), 20) for k in fields)[:8]) or "no fields"
        raise InputError(file, None, f"{where}: no {key} (this reader takes the document from a field named text; "
                         f"the task has {has})")
    if not isinstance(text, str):
        raise InputError(file, None, f"{where}: {key} must be a string (got {short(repr(text))})")
    omap = OffsetMap(text)
    if not omap.text.strip():
        raise InputError(file, None, f"{where}: {key} is empty")
    return omap


def _read_task(task: Any, file: str, n: int, ctx: ReadContext) -> IncomingDocument:
    if not isinstance(task, dict):
        raise InputError(file, None, f"task {n}: a task must be an object with data.text (got {type(task).__name__})")
    tid = _task_id(task, n)
    where = f"task {short(str(tid), 24)}"
    if "data" not in task:
        keys = ", ".join(sorted(short(str(k), 20) for k in task)[:8]) or "no keys"
        raise InputError(file, None, f"{where}: a task must be an object with data.text (or a JSON-MIN row with text); "
                         f"this one has {keys}")
    data = need_dict(task["data"], file, None, f"{where}: data")
    omap = _text_of(data, file, where, "data.text")
    docname = where + (f" ({data['uid']})" if isinstance(data.get("uid"), (str, int)) else "")
    annotations = need_list(task, "annotations", file, None, where)
    completions = need_list(task, "completions", file, None, where)
    if completions and not annotations:
        annotations = completions
        ctx.notes.add("task(s) with Label Studio < 1.0 completions: read as annotations", f"{file} {where}")
    elif completions:
        ctx.notes.add("task(s) with both annotations and completions: completions not read", f"{file} {where}")
    if need_list(task, "drafts", file, None, where):
        ctx.notes.add("task(s) with drafts (not submitted in Label Studio): drafts not imported", f"{file} {where}")
    sets: list[IncomingSet] = []
    for k, ann in enumerate(annotations, start=1):
        ann = need_dict(ann, file, None, f"{where}: an annotation")
        awhere = f"{where} annotation {short(str(ann.get('id', k)), 24)}"
        results = need_list(ann, "result", file, None, awhere)
        got = _results(results, omap, file, docname, awhere, ctx, Source.IMPORT)
        if got is None:
            continue
        spans, rels = got
        cancelled = ann.get("was_cancelled") is True or ann.get("skipped") is True
        status = read_status(ann, file, None, awhere) or (Status.SKIPPED if cancelled else Status.DONE)
        if cancelled:
            ctx.notes.add("cancelled annotation(s) (was_cancelled): imported with status skipped", f"{file} {where}")
        seconds = read_seconds(ann, "lead_time", file, None, awhere)
        if ann.get("ground_truth") is True:
            sets.append(IncomingSet(None, spans, rels, kind=SetKind.GOLD, status=status, seconds=seconds))
        else:
            name = _annotator_name(ann.get("completed_by"), ctx)
            sets.append(IncomingSet(name, spans, rels, status=status, seconds=seconds))
            sets[-1].notes, sets[-1].flagged = read_notes(ann, file, None, awhere)
    for k, pred in enumerate(need_list(task, "predictions", file, None, where), start=1):
        pred = need_dict(pred, file, None, f"{where}: a prediction")
        pwhere = f"{where} prediction {short(str(pred.get('id', k)), 24)}"
        got = _results(need_list(pred, "result", file, None, pwhere), omap, file, docname, pwhere, ctx, Source.MODEL)
        if got is None:
            continue
        version = pred.get("model_version")
        name = f"model:{version}" if isinstance(version, (str, int)) and not isinstance(version, bool) and str(version) \
            else "model"
        sets.append(IncomingSet(name, *got, status=read_status(pred, file, None, pwhere) or Status.DONE,
                                seconds=read_seconds(pred, "lead_time", file, None, pwhere)))
    doc = _document(omap, data, tid, file, sets)
    if isinstance(task.get("meta"), dict) and task["meta"]:
        doc.meta["labelstudio_meta"] = task["meta"]  # the task's own meta (set at import into Label Studio)
    return doc


def _read_min_row(row: dict, file: str, n: int, ctx: ReadContext) -> IncomingDocument:
    tid = _task_id(row, n)
    where = f"task {short(str(tid), 24)}"
    omap = _text_of(row, file, where, "text")
    ctx.notes.add("Label Studio JSON-MIN row(s) read (JSON-MIN carries no relations and no cancelled annotations)",
                  f"{file} {where}")
    docname = where + (f" ({row['uid']})" if isinstance(row.get("uid"), (str, int)) else "")
    regions = {k: v for k, v in row.items() if k not in _MIN_KNOWN and isinstance(v, list) and v
               and all(isinstance(x, dict) and "start" in x and "end" in x for x in v)}
    sets: list[IncomingSet] = []
    if regions:
        spans: list[Span] = []
        for key, values in regions.items():
            for value in values:
                spans += [sp for sp in _value_spans(value, omap, file, docname, f"{where} {key}", ctx, Source.IMPORT)
                          if sp is not None]
        seconds = read_seconds(row, "lead_time", file, None, where)
        sets.append(IncomingSet(_annotator_name(row.get("annotator"), ctx), spans, [], seconds=seconds))
    elif row.get("annotation_id") is not None:
        ctx.notes.add("JSON-MIN row(s) without labelled spans (only choices or text, or nothing): document only",
                      f"{file} {where}")
    fields = {k: v for k, v in row.items() if k not in regions and k not in _MIN_KNOWN - {"uid", "title"}}
    return _document(omap, fields, tid, file, sets)


def _value_spans(value: Any, omap: OffsetMap, file: str, doc: str, where: str, ctx: ReadContext,
                 source: Source) -> list[Span | None]:
    """The spans of one region (one per label; None where `ctx.span` refused one)."""
    value = need_dict(value, file, None, f"{where}: the value of a region")
    given = value.get("text")
    if given is not None and not isinstance(given, str):
        raise InputError(file, None, f"{where}: value.text must be a string (got {short(repr(given))})")
    key = "hypertextlabels" if "hypertextlabels" in value and "labels" not in value else "labels"
    labels = value.get(key)
    if isinstance(labels, str):
        raise InputError(file, None, f"{where}: value.{key} is a string ({short(repr(labels))}), not a list of labels "
                         "(it would be read as one label per character)")
    if labels is None:
        labels = []
    if not isinstance(labels, list):
        raise InputError(file, None, f"{where}: value.{key} must be a list of labels (got {short(repr(labels))})")
    start, end = _offsets(value, omap, file, doc, ctx)
    if not labels:
        return [ctx.span(omap, start, end, None, file=file, line=None, doc=doc, text=given, source=source)]
    return [ctx.span(omap, start, end, lab, file=file, line=None, doc=doc, text=given, source=source) for lab in labels]


def _results(results: list, omap: OffsetMap, file: str, doc: str, where: str, ctx: ReadContext,
             source: Source) -> tuple[list[Span], list[Relation]] | None:
    """Spans and relations of one annotation; None when it has results but none of them labels
    spans or relations (choices only: not an annotation set, or it would read as "no entities")."""
    spans: list[Span] = []
    by_id: dict[str, list[Span | None]] = {}
    extent: dict[str, tuple[Any, Any]] = {}
    rel_results = []
    other = 0
    for res in results:
        res = need_dict(res, file, None, f"{where}: a result")
        kind = res.get("type")
        if kind == "relation":
            rel_results.append(res)
            continue
        if not isinstance(kind, str) or kind not in _SPAN_TYPES:
            ctx.notes.add(f"result(s) of type {short(repr(kind))} not imported", f"{file} {doc}")
            other += 1
            continue
        made = _value_spans(res.get("value"), omap, file, doc, where, ctx, source)
        spans += [sp for sp in made if sp is not None]
        rid = res.get("id")
        if rid is None:
            continue
        if not (isinstance(rid, str) or is_int(rid)):
            raise InputError(file, None, f"{where}: a result id must be a string (got {short(repr(rid))})")
        value = res["value"]
        here = (value.get("start"), value.get("end"))
        if str(rid) in extent and extent[str(rid)] != here:
            raise InputError(file, None, f"{where}: duplicate id {str(rid)!r} (regions {extent[str(rid)][0]}-"
                             f"{extent[str(rid)][1]} and {here[0]}-{here[1]}): a relation cannot tell them apart")
        extent[str(rid)] = here
        by_id.setdefault(str(rid), []).extend(made)
    if other and other == len(results):
        ctx.notes.add("annotation(s) with only choices or other non-span results: not imported as a set",
                      f"{file} {doc}")
        return None
    rels: list[Relation] = []
    for res in rel_results:
        labels = res.get("labels")
        if isinstance(labels, str):
            raise InputError(file, None, f"{where}: relation labels is a string ({short(repr(labels))}), not a list")
        if labels is None:
            labels = []
        if not isinstance(labels, list):
            raise InputError(file, None, f"{where}: relation labels must be a list (got {short(repr(labels))})")
        if not labels:
            ctx.notes.add("relation(s) without a label not imported", f"{file} {doc}")
            continue
        ends: list[Span] = []
        for role in ("from_id", "to_id"):
            rid = res.get(role)
            found = by_id.get(str(rid)) if isinstance(rid, str) or is_int(rid) else None
            kept = [sp for sp in found or () if sp is not None]
            if kept:
                ends.append(kept[0])
                continue
            if found is None:
                kind, why = "relation argument missing", f"{role} {short(repr(rid))} is not a labelled region of this annotation"
            else:
                kind, why = "relation on a span not imported", f"{role} {short(repr(rid))} is a span that was not imported"
            for lab in labels:
                ctx.reject(Problem(kind, file, None, doc, f"relation {short(str(lab))}: {why}",
                                   label=lab if isinstance(lab, str) else None, what="relation"))
            break
        else:
            if res.get("direction") == "left":
                ends.reverse()
            for lab in labels:
                if not isinstance(lab, str) or not lab:
                    ctx.reject(Problem("relation without a type", file, None, doc,
                                       f"a relation label must be a name (got {short(repr(lab))})", what="relation"))
                    continue
                rels.append(Relation(ends[0].key, ends[1].key, lab))
    return spans, rels


def _offsets(value: dict, omap: OffsetMap, file: str, doc: str, ctx: ReadContext) -> tuple[Any, Any]:
    start, end, given = value.get("start"), value.get("end"), value.get("text")
    if not (is_int(start) and is_int(end)) or not isinstance(given, str):
        return start, end
    raw = omap.raw
    if 0 <= start < end <= len(raw) and same_text(given, raw[start:end]):
        return start, end
    s16, e16 = utf16_to_codepoints(raw, start), utf16_to_codepoints(raw, end)
    if s16 is not None and e16 is not None and s16 < e16 and same_text(given, raw[s16:e16]):
        ctx.notes.add("span(s) had UTF-16 offsets (counted after an emoji or other non-BMP character): "
                      "converted to code points", f"{file} {doc} {short(given)!r}")
        return s16, e16
    return start, end  # ctx.span reports the mismatch


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
        # a model's own set (imported predictions: annotator `model:VERSION`), not an annotator who
        # accepted every suggestion of a model (their spans are `model` too, but theirs)
        is_model = (aset.kind is SetKind.ANNOTATION and (aset.annotator or "").startswith("model:") and aset.spans
                    and all(sp.source is Source.MODEL for sp in aset.spans))
        if is_model:
            version = (aset.annotator or "model").removeprefix("model:")
            predictions.append({"id": k, "model_version": version, "score": None, "result": res,
                                "lead_time": aset.seconds, STATUS_KEY: aset.status.value})
        else:
            annotations.append({"id": k, "completed_by": None if aset.kind is SetKind.GOLD else {"email": aset.annotator},
                                "was_cancelled": aset.status is Status.SKIPPED, "ground_truth": aset.kind is SetKind.GOLD,
                                "lead_time": aset.seconds, STATUS_KEY: aset.status.value, "result": res,
                                **notes_meta(aset.notes, aset.flagged)})
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
