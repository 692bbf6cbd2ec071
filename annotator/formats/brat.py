"""brat standoff: `DOC.txt` + `DOC.ann` (T and R lines), `annotation.conf` from the schema.

Import: each `.txt` with the `.ann` beside it (a `.txt` without one gives the document only).
brat offsets count code points of the file as it is, `\\r\\n` as two characters (and a BOM as
one): they are mapped onto the normalized text. A T line's text must equal the slice. Not
imported, reported with counts: discontinuous spans (`0 5;16 23`) and relations on them,
events (E), attributes (A/M), normalizations (N), notes (#), equivalences (*). A relation
whose argument is no T line of the document is an error. The annotator is `--annotator`.

Export: a folder with `UID.txt`, `UID.ann` for each document (one annotation set each) and
`annotation.conf` (entities, relations with their argument labels, `<REL-TYPE>:symmetric`,
and an `<OVERLAP>` rule allowing nested spans).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from pathlib import Path

from annotator.core.document import IncomingDocument, IncomingSet, Relation, Span
from annotator.core.errors import InputError
from annotator.core.schema import Schema
from annotator.formats.common import OffsetMap, make_span, read_text_file
from annotator.formats.registry import Annotated, Format, ReadContext, WriteResult

_NOT_IMPORTED = {
    "E": "event line(s) (E)",
    "A": "attribute line(s) (A)",
    "M": "attribute line(s) (M)",
    "N": "normalization line(s) (N)",
    "#": "note line(s) (#)",
    "*": "equivalence line(s) (*)",
}


def read(path: Path, ctx: ReadContext) -> Iterator[IncomingDocument]:
    txt = path.with_suffix(".txt") if path.suffix.lower() == ".ann" else path
    ann = txt.with_suffix(".ann")
    omap = OffsetMap(read_text_file(txt))
    if not omap.text.strip():
        raise InputError(str(txt), None, "the text is empty")
    doc = IncomingDocument(text=omap.text, meta={"source_file": txt.name}, origin=str(ann if ann.exists() else txt))
    if not ann.exists():
        ctx.notes.add(".txt file(s) without .ann: text imported, no annotations", txt.name)
        yield doc
        return
    spans, rels = _read_ann(ann, omap, ctx, txt.stem)
    doc.sets.append(IncomingSet(ctx.annotator, spans, rels))
    yield doc


def _read_ann(ann: Path, omap: OffsetMap, ctx: ReadContext, docname: str) -> tuple[list[Span], list[Relation]]:
    file = str(ann)
    text = read_text_file(ann)
    spans: list[Span] = []
    by_id: dict[str, Span] = {}
    discontinuous: set[str] = set()
    relations: list[tuple[int, str, str, str, str]] = []
    for lineno, line in enumerate(text.split("\n"), start=1):
        line = line.rstrip("\r")
        if not line.strip():
            continue
        where = f"{ann.name}:{lineno}"
        fields = line.split("\t")
        ident = fields[0]
        kind = ident[:1]
        if kind == "T":
            if len(fields) < 2:
                raise InputError(file, lineno, f"{ident}: a text-bound line needs 'LABEL START END' after a TAB")
            label, _, offsets = fields[1].partition(" ")
            if ";" in offsets:
                discontinuous.add(ident)
                ctx.notes.add("discontinuous span(s) not imported", where)
                continue
            try:
                start, end = (int(x) for x in offsets.split())
            except ValueError:
                raise InputError(file, lineno, f"{ident}: offsets must be 'START END' (got {offsets!r})") from None
            span = make_span(omap, start, end, label, file=file, line=lineno, doc=docname,
                             text=fields[2] if len(fields) > 2 else None)
            by_id[ident] = span
            spans.append(span)
        elif kind == "R":
            m = re.fullmatch(r"(\S+) Arg1:(\S+) Arg2:(\S+)\s*", fields[1] if len(fields) > 1 else "")
            if m is None:
                raise InputError(file, lineno, f"{ident}: a relation line needs 'LABEL Arg1:T1 Arg2:T2'")
            relations.append((lineno, ident, m.group(1), m.group(2), m.group(3)))
        elif kind in _NOT_IMPORTED:
            ctx.notes.add(_NOT_IMPORTED[kind] + " not imported", where)
        else:
            raise InputError(file, lineno, f"unknown annotation line {ident!r} (expected T, R, E, A, M, N, # or *)")
    rels: list[Relation] = []
    for lineno, ident, label, a1, a2 in relations:
        if a1 in discontinuous or a2 in discontinuous:
            ctx.notes.add("relation(s) on discontinuous spans not imported", f"{ann.name}:{lineno}")
            continue
        for role, arg in (("Arg1", a1), ("Arg2", a2)):
            if arg not in by_id:
                raise InputError(file, lineno, f"{ident} {label}: {role} {arg} is not a text-bound (T) annotation of this document")
        rels.append(Relation(by_id[a1].key, by_id[a2].key, label))
    return spans, rels


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


def write(path: Path, items: Iterable[Annotated], schema: Schema) -> WriteResult:
    path.mkdir(parents=True, exist_ok=True)
    result = WriteResult(path)
    (path / "annotation.conf").write_text(annotation_conf(schema), encoding="utf-8")
    used: set[str] = set()
    for doc, sets in items:
        name = base = safe_name(doc.uid)
        n = 1
        while name in used:
            n += 1
            name = f"{base}-{n}"
        used.add(name)
        (path / f"{name}.txt").write_text(doc.text, encoding="utf-8", newline="\n")
        lines: list[str] = []
        for aset in sets[:1]:
            ids: dict[tuple[int, int, str], str] = {}
            for i, sp in enumerate(aset.spans, start=1):
                ids[sp.key] = f"T{i}"
                frag = doc.text[sp.start : sp.end].replace("\n", " ")
                lines.append(f"T{i}\t{sp.label} {sp.start} {sp.end}\t{frag}")
            for i, rel in enumerate(aset.relations, start=1):
                lines.append(f"R{i}\t{rel.label} Arg1:{ids[rel.head]} Arg2:{ids[rel.tail]}")
            result.spans += len(aset.spans)
            result.relations += len(aset.relations)
        if not sets:  # no .ann: the document has no annotation set
            (path / f"{name}.ann").unlink(missing_ok=True)
            result.documents += 1
            continue
        (path / f"{name}.ann").write_text("".join(line + "\n" for line in lines), encoding="utf-8", newline="\n")
        result.documents += 1
    return result


def owns(name: str) -> bool:
    """What a brat export folder holds."""
    return name == "annotation.conf" or name.endswith((".txt", ".ann"))


FORMAT = Format("brat", frozenset({".txt"}), read, write, default_file=None, several_sets=False, owns=owns)
