"""Prodigy JSONL (`ner_manual`, `spans_manual`, `relations`, `review` output, choice tasks).

Import: one line = one annotated example. `answer` `accept` gives a set with status `done`,
`ignore` a set with status `skipped` (noted); `reject` lines are counted and reported, not
imported; a line without `answer` (an unannotated task) gives the document only.
`annotation_status` and `annotation_seconds` (written by this tool's export: Prodigy has no
field for unfinished work or time spent) give the status and the time spent. `start`/`end` are
trusted over token indices (and the span `text`, when given, must match the slice); outer
whitespace of a span is trimmed and noted. The annotator is `_annotator_id`, else
`_session_id`, else `--annotator`. A relation's `head_span`/`child_span` must be one of the
line's spans (when they are missing, the span whose last token is `head`/`child`). `review`
output (`versions`): the top-level answer becomes the gold set, each version's sessions their
own sets. `"_gold": true` (written by this tool's export) also marks a gold set. Choice tasks
(`options`/`accept`: entity linking, text classification) give the document only, noted: the
tool stores no knowledge-base ids or document classes, and the spans of a `choice` view only
show the mention asked about (often a model's guess). In other views (e.g. `blocks` with
`ner_manual`) the spans are imported and the choices noted. `kb_id`s of spans are reported. An
answered line without `spans` (text classification: a top-level `label`) gives the document only,
noted, not an empty "done" set.

Refused (`InputError` naming file and line): a line that is not an object with a `text` string,
an `answer` other than accept/reject/ignore, `spans`/`relations` that are not lists of objects,
an empty file. A span or relation that cannot be imported (bad offsets, text mismatch, a
relation whose span is missing or was not imported) is a `Problem` (`ReadContext`): the import
lists them all.

Export: one line per annotation set (a document without one: a line with no `answer`), tokens
from the project tokenizer, `token_end` inclusive, relation `head`/`child` = the span's last
token, `_view_id` `relations` / `spans_manual` (overlapping spans) / `ner_manual`; `answer`
`accept` for a finished set, `ignore` for any other (so Prodigy does not train on unfinished
work), with `annotation_status` and `annotation_seconds`. The set's annotator's notes and "needs
review" flag go in the line's `meta` (`annotator_notes`, `annotator_needs_review`: see
`annotator.formats.setfields`; Prodigy shows meta on the card) and are read back on import.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from annotator.core.document import (
    AnnotationSet,
    IncomingDocument,
    IncomingSet,
    Relation,
    SetKind,
    Span,
    Status,
)
from annotator.core.errors import InputError
from annotator.core.schema import Schema
from annotator.core.tokenize import TokenIndex, tokenize
from annotator.formats.common import OffsetMap, Problem, iter_json_lines, short, write_jsonl
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

_ANSWERS = ("accept", "reject", "ignore")


def read(path: Path, ctx: ReadContext) -> Iterator[IncomingDocument]:
    file = str(path)
    lines = 0
    for lineno, obj in iter_json_lines(path):
        lines += 1
        doc = _read_example(obj, file, lineno, ctx)
        if doc is not None:
            yield doc
    if not lines:
        raise InputError(file, None, "no documents (the file has no lines)")


def _read_example(obj: Any, file: str, line: int, ctx: ReadContext) -> IncomingDocument | None:
    if not isinstance(obj, dict) or not isinstance(obj.get("text"), str):
        hint = " (an image or audio task?)" if isinstance(obj, dict) and ("image" in obj or "audio" in obj) else ""
        raise InputError(file, line, f'a line must be a JSON object with a "text" string{hint}')
    omap = OffsetMap(obj["text"])
    if not omap.text.strip():
        raise InputError(file, line, '"text" is empty')
    meta = obj.get("meta") if isinstance(obj.get("meta"), dict) else {}
    uid = meta.get("uid")
    uid = str(uid) if isinstance(uid, (str, int)) and not isinstance(uid, bool) else None
    docname = uid if uid is not None else short(omap.text)
    answer = obj.get("answer")
    if answer is not None and answer not in _ANSWERS:
        raise InputError(file, line, f'"answer" must be accept, reject or ignore (got {short(repr(answer))})')
    where = f"{file}:{line}"
    sets: list[IncomingSet] = []
    if answer == "reject":
        ctx.notes.add('"reject" answer(s): not imported', where)
        return None
    if answer is None:
        if need_list(obj, "spans", file, line, f"document {docname}"):
            ctx.notes.add('line(s) without "answer": text imported, spans not (unannotated tasks)', where)
    elif _is_choice_task(obj, file, line, docname, ctx, where):
        pass
    elif not any(key in obj for key in ("spans", "relations", "versions")):
        label = obj.get("label")
        example = f" {short(label)!r}" if isinstance(label, str) else ""
        ctx.notes.add("answered line(s) without spans (text classification or another task that is not span "
                      "annotation): document only", f"{where}{example}")
    else:
        kind = SetKind.GOLD if obj.get("_gold") is True or "versions" in obj else SetKind.ANNOTATION
        name = None if kind is SetKind.GOLD else _annotator(obj, ctx)
        status = read_status(obj, file, line, f"document {docname}")
        if status is None:
            status = Status.DONE if answer == "accept" else Status.SKIPPED
            if answer == "ignore":
                ctx.notes.add('"ignore" answer(s): imported with status skipped', where)
        seconds = read_seconds(obj, SECONDS_KEY, file, line, f"document {docname}")
        sets.append(_set(name, obj, omap, file, line, docname, ctx, kind=kind, status=status, seconds=seconds))
        if kind is SetKind.ANNOTATION:
            sets[-1].notes, sets[-1].flagged = read_notes(meta, file, line, f"document {docname}")
        for version in need_list(obj, "versions", file, line, f"document {docname}"):
            version = need_dict(version, file, line, f"document {docname}: a review version")
            if version.get("answer", "accept") != "accept":
                ctx.notes.add("review version(s) not accepted: not imported", where)
                continue
            sessions = need_list(version, "sessions", file, line, f"document {docname}: a review version")
            for session in sessions or [_annotator(version, ctx)]:
                session = str(session) if isinstance(session, (str, int)) and not isinstance(session, bool) and session \
                    else ctx.annotator
                sets.append(_set(session, version, omap, file, line, docname, ctx))
    return IncomingDocument(
        text=omap.text,
        uid=uid,
        title=meta.get("title") if isinstance(meta.get("title"), str) else None,
        meta={k: v for k, v in meta.items() if k not in ("uid", "title", NOTES_KEY, FLAG_KEY)},
        origin=f"{file}:{line}",
        sets=sets,
    )


def _is_choice_task(obj: dict, file: str, line: int, doc: str, ctx: ReadContext, where: str) -> bool:
    """A line that answers a choice (`options`/`accept`: entity linking, text classification):
    the chosen options are noted. True when the line gives the document only: a `choice` view
    (its spans only show the mention being linked, often a model's guess with its label) or no
    spans at all (no "done, no entities" set)."""
    if "options" not in obj and "accept" not in obj:
        return False
    chosen = obj.get("accept")
    example = f" {short(str(chosen[0]))!r}" if isinstance(chosen, list) and chosen else ""
    spans = need_list(obj, "spans", file, line, f"document {doc}")
    if spans and obj.get("_view_id") != "choice":
        ctx.notes.add('choices ("accept"/"options") of line(s) that also have spans not imported; their spans are',
                      f"{where}{example}")
        return False
    ctx.notes.add('entity-linking or choice task line(s) ("_view_id": "choice", "options"/"accept"): document only '
                  "(this tool stores no knowledge-base ids or document classes; the spans of a choice task show the "
                  "mention asked about and are not imported)", f"{where}{example}")
    return True


def _set(name: str | None, obj: dict, omap: OffsetMap, file: str, line: int, doc: str, ctx: ReadContext,
         kind: SetKind = SetKind.ANNOTATION, status: Status = Status.DONE, seconds: float | None = None) -> IncomingSet:
    spans, rels = _annotations(obj, omap, file, line, doc, ctx)
    lines: dict[tuple, int] = {sp.key: line for sp in spans}
    lines.update((rel.key, line) for rel in rels)
    return IncomingSet(name, spans, rels, kind=kind, status=status, lines=lines, seconds=seconds)


def _annotator(obj: dict, ctx: ReadContext) -> str | None:
    for key in ("_annotator_id", "_session_id"):
        value = obj.get(key)
        if isinstance(value, str) and value:
            return value
    return ctx.annotator


def _raw_key(d: dict) -> tuple[int, int, str] | None:
    start, end, label = d.get("start"), d.get("end"), d.get("label")
    return (start, end, label) if is_int(start) and is_int(end) and isinstance(label, str) else None


def _annotations(obj: dict, omap: OffsetMap, file: str, line: int, doc: str,
                 ctx: ReadContext) -> tuple[list[Span], list[Relation]]:
    spans: list[Span] = []
    by_raw: dict[tuple[int, int, str], Span | None] = {}
    by_last_token: dict[int, list[Span | None]] = {}
    for sp in need_list(obj, "spans", file, line, f"document {doc}"):
        sp = need_dict(sp, file, line, f"document {doc}: a span")
        given = sp.get("text")
        span = ctx.span(omap, sp.get("start"), sp.get("end"), sp.get("label"), file=file, line=line, doc=doc,
                        text=given if isinstance(given, str) else None)
        if span is not None:
            spans.append(span)
        if sp.get("kb_id"):
            ctx.notes.add("knowledge-base id(s) of spans (kb_id) not imported", f"{file}:{line}")
        key = _raw_key(sp)
        if key is not None and by_raw.get(key) is None:
            by_raw[key] = span
        if is_int(sp.get("token_end")):
            by_last_token.setdefault(sp["token_end"], []).append(span)
    rels: list[Relation] = []
    for r in need_list(obj, "relations", file, line, f"document {doc}"):
        r = need_dict(r, file, line, f"document {doc}: a relation")
        label = r.get("label")
        if not isinstance(label, str) or not label:
            ctx.reject(Problem("relation without a type", file, line, doc,
                               f"a relation has no label (got {short(repr(label))})", what="relation"))
            continue
        ends: list[Span] = []
        for role, span_key, tok_key in (("head", "head_span", "head"), ("child", "child_span", "child")):
            end = _relation_end(r, label, role, span_key, tok_key, by_raw, by_last_token, file, line, doc, omap)
            if isinstance(end, Problem):
                ctx.reject(end)
                break
            ends.append(end)
        else:
            rels.append(Relation(ends[0].key, ends[1].key, label))
    return spans, rels


def _relation_end(r: dict, label: str, role: str, span_key: str, tok_key: str,
                  by_raw: dict[tuple[int, int, str], Span | None], by_last_token: dict[int, list[Span | None]],
                  file: str, line: int, doc: str, omap: OffsetMap) -> Span | Problem:
    def problem(kind: str, why: str) -> Problem:
        return Problem(kind, file, line, doc, f"relation {label}: {why}", label=label, what="relation")

    given = r.get(span_key)
    if isinstance(given, dict):
        key = _raw_key(given)
        if key is None or key not in by_raw:
            s, e = given.get("start"), given.get("end")
            text = omap.raw[s:e] if is_int(s) and is_int(e) else ""
            return problem("relation argument missing", f"{role} span {short(repr(s))}-{short(repr(e))} "
                           f"{short(str(given.get('label')))} {short(text)!r} is not among the spans of this example")
        span = by_raw[key]
        if span is None:
            return problem("relation on a span not imported", f"{role} span {key[0]}-{key[1]} {key[2]} was not imported")
        return span
    tok = r.get(tok_key)
    cands = by_last_token.get(tok, []) if is_int(tok) else []
    if len(cands) != 1:
        return problem("relation argument missing",
                       f"no {span_key} and {len(cands)} span(s) end at token {short(repr(tok))}")
    if cands[0] is None:
        return problem("relation on a span not imported", f"the {role} span (ending at token {tok}) was not imported")
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
                extra = notes_meta(aset.notes, aset.flagged)  # the set's notes and flag, in its meta
                yield {**base, **_example(aset, text, index, result), **({"meta": {**base["meta"], **extra}} if extra else {})}

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
    answer = "accept" if aset.status is Status.DONE else "ignore"
    out: dict[str, Any] = {"spans": list(spans.values()), "relations": relations, "answer": answer, "_view_id": view,
                           STATUS_KEY: aset.status.value, SECONDS_KEY: aset.seconds}
    if aset.kind is SetKind.GOLD:
        out["_gold"] = True
    else:
        out["_session_id"] = aset.annotator
        out["_annotator_id"] = aset.annotator
    return out


FORMAT = Format("prodigy", frozenset({".jsonl"}), read, write, default_file="prodigy.jsonl")
