"""brat standoff: `DOC.txt` + `DOC.ann` (T and R lines), `annotation.conf` from the schema, and
`annotator.json` for what brat has no place for.

Import: each `.txt` with the `.ann` beside it (a `.txt` without one gives the document only).
- brat offsets count code points of the file as it is, `\\r\\n` as two characters and a leading
  BOM as one: they are mapped onto the normalized text. A `.txt` whose T lines count from after
  the BOM (tools that drop it) is read too: a T line whose text matches one character further is
  shifted, and the shift is reported. A BOM at the start of the `.ann` is ignored.
- The text ends at its last non-white-space character, as a plain `.txt` import does (so the
  same article imported as text and then as brat is one document): a final line break is not
  part of it. `annotator.json` gives back the trailing white space of a text this tool exported.
- `.ann` lines end with LF, CRLF or CR. A T line's text (third column) must equal the slice, white space compared loosely (brat
  writes a TAB or line break of the span as a space). A span with white space at an edge is
  trimmed and reported; a span that cannot be imported (out of range, text differs, inside a
  character, only white space) is recorded as a problem, and so is a relation on such a span or
  on an id that is no T line of the document: the import lists every one.
- Refused (`FILE:LINE: reason`): two lines with the same id (`duplicate id T2`), a T or R line
  that cannot be parsed, an unknown line kind. The same span or relation given twice under two
  ids is merged, with a note.
- Not imported, reported with counts: discontinuous spans (`0 5;16 23`) and relations on them,
  events (E), attributes (A/M), normalizations (N), notes (#), equivalences (*).
- The annotator is the one `annotator.json` names, else `--annotator`.

Export: a folder with `NAME.txt`, `NAME.ann` for each document (one annotation set each; NAME
from the document uid), `annotation.conf` (entities, relations with their argument labels,
`<REL-TYPE>:symmetric`, an `<OVERLAP>` rule allowing nested spans) and `annotator.json`:
`{"format": "annotator-brat", "version": 1, "documents": {NAME: {"uid", "title", "meta",
"annotator", "kind", "status", "seconds", "trailing"}}}` — the document's uid, title and meta,
its set's annotator (`null` for gold), `kind` (`gold` or `annotation`), status (`todo`,
`in_progress`, `done`, `skipped`), time spent (`seconds`, a number ≥ 0), the trailing white
space of the text (`trailing`, only when there is some), and the set's annotator's notes
(`notes`: `annotator.core.notes.Note.to_dict` objects) and "needs review" flag (`flagged`), only
when there are some. brat ignores the file. A note on a span or relation is also written as a brat
note line, `#N<TAB>AnnotatorNotes T3<TAB>text`, which brat shows; on import the notes are read
from `annotator.json` (exactly: author, times, line breaks), and the note lines beside them are
not counted as "not imported". In the third
column of a T line, a TAB or line break of the span text is written as a space (as brat does),
so every annotation stays on its line.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from annotator.core.document import IncomingDocument, IncomingSet, Relation, SetKind, Span, Status
from annotator.core.errors import AnnotationError, InputError
from annotator.core.notes import note_from_dict
from annotator.core.schema import Schema
from annotator.formats.common import OffsetMap, Problem, load_json, read_text_file, same_text
from annotator.formats.registry import Annotated, Format, ReadContext, WriteResult

SIDECAR = "annotator.json"
SIDECAR_FORMAT = "annotator-brat"

_NOT_IMPORTED = {
    "E": "event line(s) (E)",
    "A": "attribute line(s) (A)",
    "M": "attribute line(s) (M)",
    "N": "normalization line(s) (N)",
    "#": "note line(s) (#)",
    "*": "equivalence line(s) (*)",
}
_STATUSES = {s.value: s for s in Status}
# characters that end a line for some reader (str.splitlines): never inside an .ann field
_LINE_BREAKS = re.compile("[\t\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")
_ARG = re.compile(r"(Arg1|Arg2):(\S+)")
_LINES = re.compile(r"\r\n?|\n")  # .ann line breaks: LF, CRLF or CR (as brat reads them)


def read(path: Path, ctx: ReadContext) -> Iterator[IncomingDocument]:
    txt = path.with_suffix(".txt") if path.suffix.lower() == ".ann" else path
    ann = txt.with_suffix(".ann")
    raw = read_text_file(txt)  # refuses NUL and other control characters, naming the line
    try:
        omap = OffsetMap(raw)
    except ValueError:  # normalization joins characters across clusters: offsets cannot be mapped
        raise InputError(str(txt), None, "the text's Unicode normalization (NFC) joins characters in a way "
                                         "brat offsets cannot be mapped through") from None
    entry = _sidecar(txt.parent).get(txt.stem)
    extra = _entry(entry, txt) if entry is not None else {}
    body = omap.text.rstrip()
    if not body:
        raise InputError(str(txt), None, "the text is empty")
    text = body + extra.get("trailing", "")
    doc = IncomingDocument(
        text=text,
        uid=extra.get("uid"),
        title=extra.get("title"),
        meta=extra.get("meta", {"source_file": txt.name}),
        origin=str(ann if ann.exists() else txt),
    )
    if not ann.exists():
        if "status" in extra or "annotator" in extra:
            raise InputError(str(ann), None, f"{SIDECAR} lists an annotation set for {txt.name} but the .ann file is missing")
        ctx.notes.add(".txt file(s) without .ann: text imported, no annotations", txt.name)
        yield doc
        return
    st = _read_ann(ann, omap, ctx, txt.stem, notes_in_sidecar="notes" in extra)
    st.annotator = extra.get("annotator", ctx.annotator)
    if extra.get("kind") is SetKind.GOLD:
        st.kind, st.annotator = SetKind.GOLD, None
    if "status" in extra:
        st.status = extra["status"]
    if "seconds" in extra:
        st.seconds = extra["seconds"]
    st.notes = extra.get("notes", [])
    st.flagged = extra.get("flagged", False)
    doc.sets.append(st)
    yield doc


def _read_ann(ann: Path, omap: OffsetMap, ctx: ReadContext, docname: str, notes_in_sidecar: bool = False) -> IncomingSet:
    """The annotation set of one .ann file (spans trimmed of white space end within the text).
    `notes_in_sidecar`: annotator.json holds the notes, so `#` note lines are its copies."""
    file = str(ann)
    content = read_text_file(ann)
    if content.startswith("\ufeff"):
        content = content[1:]
    st = IncomingSet(ctx.annotator)
    by_id: dict[str, Span | None] = {}  # None: a span that could not be imported
    seen_ids: dict[str, int] = {}
    discontinuous: set[str] = set()
    relations: list[tuple[int, str, str, str, str]] = []
    bom = omap.raw.startswith("\ufeff")
    for lineno, line in enumerate(_LINES.split(content), start=1):
        if not line.strip():
            continue
        where = f"{ann.name}:{lineno}"
        fields = line.split("\t")
        ident = fields[0].strip()
        kind = ident[:1]
        if kind != "*" and ident:
            if ident in seen_ids:
                raise InputError(file, lineno, f"duplicate id {ident} (first on line {seen_ids[ident]})")
            seen_ids[ident] = lineno
        if kind == "T":
            if len(fields) < 2:
                raise InputError(file, lineno, f"{ident}: a text-bound line needs 'LABEL START END' after a TAB")
            label, _, offsets = fields[1].strip().partition(" ")
            if ";" in offsets:
                discontinuous.add(ident)
                ctx.notes.add("discontinuous span(s) not imported", where)
                continue
            parts = offsets.split()
            if len(parts) != 2 or not all(re.fullmatch(r"[0-9]{1,18}", p) for p in parts):
                raise InputError(file, lineno, f"{ident}: offsets must be 'START END', two whole numbers (got {offsets!r})")
            start, end = int(parts[0]), int(parts[1])
            given = "\t".join(fields[2:]) if len(fields) > 2 else None
            if bom and given is not None and _after_bom(omap.raw, start, end, given):
                start, end = start + 1, end + 1
                ctx.notes.add("span(s) whose offsets do not count the .txt's BOM: shifted by one", where)
            span = ctx.span(omap, start, end, label, file=file, line=lineno, doc=docname, text=given)
            by_id[ident] = span
            if span is not None:  # the same span twice (two ids) is merged by the importer, with a note
                st.spans.append(span)
                st.lines.setdefault(span.key, lineno)
        elif kind == "R":
            parts = fields[1].split() if len(fields) > 1 else []
            args = dict(m.groups() for p in parts[1:] if (m := _ARG.fullmatch(p)))
            if len(parts) != 3 or len(args) != 2:
                raise InputError(file, lineno, f"{ident}: a relation line needs 'LABEL Arg1:T1 Arg2:T2' after a TAB")
            relations.append((lineno, ident, parts[0], args["Arg1"], args["Arg2"]))
        elif kind == "#" and notes_in_sidecar:
            continue  # the notes themselves are read from annotator.json
        elif kind in _NOT_IMPORTED:
            ctx.notes.add(_NOT_IMPORTED[kind] + " not imported", where)
        else:
            raise InputError(file, lineno, f"unknown annotation line {ident!r} (expected T, R, E, A, M, N, # or *)")
    for lineno, ident, label, a1, a2 in relations:
        where = f"{ann.name}:{lineno}"
        if a1 in discontinuous or a2 in discontinuous:
            ctx.notes.add("relation(s) on discontinuous spans not imported", where)
            continue
        bad = False
        for role, arg in (("Arg1", a1), ("Arg2", a2)):
            if arg not in by_id:
                ctx.reject(Problem("relation argument is not a span", file, lineno, docname,
                                   f"{ident} {label}: {role} {arg} is not a text-bound (T) annotation of this document",
                                   label=label, what="relation"))
                bad = True
            elif by_id[arg] is None:
                ctx.reject(Problem("relation on a skipped span", file, lineno, docname,
                                   f"{ident} {label}: {role} {arg} is a span that cannot be imported",
                                   label=label, what="relation"))
                bad = True
        if bad:
            continue
        head_span, tail_span = by_id[a1], by_id[a2]
        assert head_span is not None and tail_span is not None
        rel = Relation(head_span.key, tail_span.key, label)
        st.relations.append(rel)
        st.lines.setdefault(rel.key, lineno)
    return st


def _after_bom(raw: str, start: int, end: int, given: str) -> bool:
    """The T line's text is not at `start:end` of the raw text but one character further (its
    offsets do not count the BOM)."""
    if not 0 <= start < end < len(raw):
        return False
    return not same_text(given, raw[start:end]) and same_text(given, raw[start + 1 : end + 1])


# -- annotator.json ---------------------------------------------------------------------------

_SIDECARS: dict[Path, tuple[tuple[int, int], dict[str, Any]]] = {}


def _sidecar(folder: Path) -> dict[str, Any]:
    """The `documents` of `folder/annotator.json` by NAME (empty when there is no such file)."""
    path = folder / SIDECAR
    try:
        st = path.stat()
    except OSError:
        return {}
    stamp = (st.st_mtime_ns, st.st_size)
    cached = _SIDECARS.get(path)
    if cached is not None and cached[0] == stamp:
        return cached[1]
    data = load_json(path)
    if not isinstance(data, dict) or data.get("format") != SIDECAR_FORMAT or not isinstance(data.get("documents"), dict):
        raise InputError(str(path), None, f'not an export of this tool: expected {{"format": "{SIDECAR_FORMAT}", '
                                          '"documents": {…}} (move the file away to import the folder without it)')
    docs = data["documents"]
    if len(_SIDECARS) > 64:
        _SIDECARS.clear()
    _SIDECARS[path] = (stamp, docs)
    return docs


def _entry(entry: Any, txt: Path) -> dict[str, Any]:
    """One document's entry of annotator.json, checked: the fields present, typed."""
    file = str(txt.parent / SIDECAR)
    where = f"document {txt.stem!r}"
    if not isinstance(entry, dict):
        raise InputError(file, None, f"{where}: must be an object")
    out: dict[str, Any] = {}
    for key in ("uid", "title"):
        value = entry.get(key)
        if value is None:
            continue
        if not isinstance(value, str) or not _clean(value):
            raise InputError(file, None, f"{where}: {key!r} must be a text (got {value!r:.60})")
        out[key] = value
    if entry.get("meta") is not None:
        meta = entry["meta"]
        if not isinstance(meta, dict) or not _clean(json.dumps(meta, ensure_ascii=False)):
            raise InputError(file, None, f"{where}: 'meta' must be an object of valid text")
        out["meta"] = meta
    if "annotator" in entry:
        name = entry["annotator"]
        if name is not None and (not isinstance(name, str) or not name.strip() or not _clean(name)):
            raise InputError(file, None, f"{where}: 'annotator' must be a name or null (got {name!r:.60})")
        out["annotator"] = name
    kind = entry.get("kind", "annotation")
    if kind not in ("annotation", "gold"):
        raise InputError(file, None, f"{where}: 'kind' must be 'annotation' or 'gold' (got {kind!r:.60})")
    if kind == "gold":
        out["kind"] = SetKind.GOLD
    if entry.get("status") is not None:
        status = entry["status"]
        if not isinstance(status, str) or status not in _STATUSES:
            raise InputError(file, None, f"{where}: 'status' must be one of {', '.join(_STATUSES)} (got {status!r:.60})")
        out["status"] = _STATUSES[status]
    if entry.get("seconds") is not None:
        sec = entry["seconds"]
        if isinstance(sec, bool) or not isinstance(sec, (int, float)) or not math.isfinite(sec) or sec < 0:
            raise InputError(file, None, f"{where}: 'seconds' must be a number of seconds ≥ 0 (got {sec!r:.60})")
        out["seconds"] = float(sec)
    if entry.get("notes") is not None:
        if not isinstance(entry["notes"], list):
            raise InputError(file, None, f"{where}: 'notes' must be a list of notes")
        try:
            out["notes"] = [note_from_dict(n) for n in entry["notes"]]
        except AnnotationError as exc:
            raise InputError(file, None, f"{where}: {exc}") from None
        if not all(_clean(n.text) for n in out["notes"]):
            raise InputError(file, None, f"{where}: a note's text must be valid text")
    if entry.get("flagged") is not None:
        if not isinstance(entry["flagged"], bool):
            raise InputError(file, None, f"{where}: 'flagged' must be true or false")
        out["flagged"] = entry["flagged"]
    trailing = entry.get("trailing")
    if trailing is not None:
        if not isinstance(trailing, str) or trailing.strip() or "\r" in trailing:
            raise InputError(file, None, f"{where}: 'trailing' must be white space (got {trailing!r:.60})")
        out["trailing"] = trailing
    return out


def _clean(value: str) -> bool:
    """Text that can be stored: no NUL, no lone surrogate."""
    if "\x00" in value:
        return False
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


# -- export ----------------------------------------------------------------------------------


def annotation_conf(schema: Schema) -> str:
    lines = [f"# annotation.conf written by annotator from schema {schema.name} v{schema.version}", "", "[entities]"]
    lines += [lab.name for lab in schema.labels]
    lines += ["", "[relations]"]
    for rel in schema.relations:
        head = "|".join(sorted(rel.head, key=schema.label_rank))
        tail = "|".join(sorted(rel.tail, key=schema.label_rank))
        extra = ", <REL-TYPE>:symmetric" if rel.symmetric else ""
        lines.append(f"{rel.name}\tArg1:{head}, Arg2:{tail}{extra}")
    lines.append("<OVERLAP>\tArg1:<ENTITY>, Arg2:<ENTITY>, <OVL-TYPE>:<ANY>")
    lines += ["", "[events]", "", "[attributes]", ""]
    return "\n".join(lines)


def safe_name(uid: str) -> str:
    name = re.sub(r"[^\w.-]+", "_", uid).strip("._") or "doc"
    return name[:120]


def ann_text(fragment: str) -> str:
    """A span's text as the third column of a T line: TABs and line breaks as spaces."""
    return _LINE_BREAKS.sub(" ", fragment)


def write(path: Path, items: Iterable[Annotated], schema: Schema) -> WriteResult:
    path.mkdir(parents=True, exist_ok=True)
    result = WriteResult(path)
    (path / "annotation.conf").write_text(annotation_conf(schema), encoding="utf-8")
    used: set[str] = {Path(SIDECAR).stem.lower()}
    entries: dict[str, dict[str, Any]] = {}
    for doc, sets in items:
        name = base = safe_name(doc.uid)
        n = 1
        while name.lower() in used:  # case-insensitive file systems
            n += 1
            name = f"{base}-{n}"
        used.add(name.lower())
        body = doc.text.rstrip()
        entry: dict[str, Any] = {"uid": doc.uid, "title": doc.title}
        if doc.meta:
            entry["meta"] = doc.meta
        if body != doc.text:
            entry["trailing"] = doc.text[len(body) :]
        (path / f"{name}.txt").write_text(doc.text, encoding="utf-8", newline="\n")
        result.documents += 1
        if not sets:  # no .ann: the document has no annotation set
            entries[name] = entry
            continue
        aset = sets[0]
        entry.update(annotator=aset.annotator, kind=aset.kind.value, status=aset.status.value, seconds=aset.seconds)
        if aset.notes:
            entry["notes"] = [note.to_dict() for note in aset.notes]
        if aset.flagged:
            entry["flagged"] = True
        entries[name] = entry
        lines: list[str] = []
        ids: dict[Any, str] = {}
        for i, sp in enumerate(aset.spans, start=1):
            ids[sp.key] = f"T{i}"
            lines.append(f"T{i}\t{sp.label} {sp.start} {sp.end}\t{ann_text(doc.text[sp.start : sp.end])}")
        for i, rel in enumerate(aset.relations, start=1):
            ids[rel.key] = f"R{i}"
            lines.append(f"R{i}\t{rel.label} Arg1:{ids[rel.head]} Arg2:{ids[rel.tail]}")
        noted = [(ids[note.key], note.text) for note in aset.notes if note.key is not None and note.key in ids]
        for i, (ref, text) in enumerate(noted, start=1):
            lines.append(f"#{i}\tAnnotatorNotes {ref}\t{ann_text(text)}")
        result.spans += len(aset.spans)
        result.relations += len(aset.relations)
        (path / f"{name}.ann").write_text("".join(line + "\n" for line in lines), encoding="utf-8", newline="\n")
    (path / SIDECAR).write_text(
        json.dumps({"format": SIDECAR_FORMAT, "version": 1, "documents": entries}, ensure_ascii=False, indent=1) + "\n",
        encoding="utf-8",
    )
    return result


def owns(name: str) -> bool:
    """What a brat export folder holds."""
    return name in ("annotation.conf", SIDECAR) or name.endswith((".txt", ".ann"))


FORMAT = Format("brat", frozenset({".txt"}), read, write, default_file=None, several_sets=False, owns=owns)
