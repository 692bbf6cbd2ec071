"""Importing: files of any known format, or documents already read, stored in one transaction.

`Importer.import_files` is what `annotator import --format …` and the window call: plain text and
JSON lines (`auto`, `txt`, `jsonl`) are read by `annotator.formats.plain`, the annotated formats
(Prodigy, brat, doccano, Label Studio, CoNLL) by their readers in `annotator.formats`.
"""

from __future__ import annotations

import csv
import re
import time
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from annotator.core.changes import Change, SpanAdded
from annotator.core.commands import AddRelation, AddSpan, Annotations
from annotator.core.document import IncomingDocument, IncomingSet, Relation, SetKind, Status
from annotator.core.errors import AnnotationError, AnnotatorError, InputError
from annotator.core.schema import Schema, label_name_problem
from annotator.core.text import content_hash, default_title, describe_character, find_bad_character
from annotator.core.tokenize import tokenize
from annotator.formats.common import Notes, Problem, split_origin
from annotator.formats.plain import expand_paths, iter_plain
from annotator.formats.registry import ReadContext, get_format
from annotator.services.annotators import annotator_row
from annotator.services.schemas import Schemas
from annotator.storage.changes import write_changes
from annotator.storage.database import Database
from annotator.storage.derived import pack_offsets, read_tokens, write_tokens
from annotator.storage.notes import store_incoming
from annotator.storage.orm import DocumentRow, utcnow
from annotator.storage.sets import find_set_row, load_annotation_set

# read by annotator.formats.plain; every other name is a format of annotator.formats.registry
PLAIN_FORMATS = ("auto", "txt", "jsonl")

Progress = Callable[[int, int], None]  # (done, total) in bytes or items


@dataclass
class ImportReport:
    files: int = 0
    documents: int = 0  # new documents stored
    duplicates: int = 0  # texts already in the database (or twice in the input)
    spans: int = 0  # added, in all (to new and to already stored documents)
    relations: int = 0
    sets: int = 0
    stored_spans: int = 0  # of which added to documents already stored
    stored_relations: int = 0
    bytes: int = 0
    seconds: float = 0.0
    labels_added: list[str] = field(default_factory=list)
    relation_types_added: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # things reported, not imported (with counts)
    skipped: list[Problem] = field(default_factory=list)  # with --skip-invalid: what was left out
    skipped_report: Path | None = None  # the file listing them

    def summary(self) -> str:
        """What happened, e.g. `2 documents imported with 5 spans and 1 relation; 4 documents already
        stored: 27 spans and 3 relations added to them` (or `… already stored (nothing new)`)."""
        parts = []
        if self.documents or not self.duplicates:
            new_spans, new_relations = self.spans - self.stored_spans, self.relations - self.stored_relations
            added = f" with {_count(new_spans, 'span')} and {_count(new_relations, 'relation')}"
            parts.append(f"{_count(self.documents, 'document')} imported" + (added if new_spans or new_relations else ""))
        if self.duplicates:
            stored = f"{_count(self.duplicates, 'document')} already stored"
            if self.stored_spans or self.stored_relations:
                stored += (
                    f": {_count(self.stored_spans, 'span')} and {_count(self.stored_relations, 'relation')} added to "
                    + ("it" if self.duplicates == 1 else "them")
                )
            else:
                stored += " (nothing new)"
            parts.append(stored)
        return "; ".join(parts)


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


# kinds whose problems are listed as one line per kind (a count and examples), not one per item
_SCHEMA_KIND = re.compile(r"^(label|relation type) .* not in the schema$")


def format_problems(problems: list[Problem], *, examples: int = 3) -> list[str]:
    """Problems grouped by kind, largest group first: a `KIND: N` line, then one indented
    `FILE:LINE: document …: reason` line per problem (for names missing from the schema, the
    first `examples` only, since every one says the same)."""
    groups: dict[str, list[Problem]] = {}
    for pr in problems:
        groups.setdefault(pr.kind, []).append(pr)
    out: list[str] = []
    for kind, items in sorted(groups.items(), key=lambda kv: (-len(kv[1]), kv[0])):
        out.append(f"{_one_line(kind)}: {len(items)}")
        shown = items[:examples] if _SCHEMA_KIND.match(kind) else items
        out += [f"  {_one_line(str(pr))}" for pr in shown]
        if len(shown) < len(items):
            out.append(f"  … and {len(items) - len(shown)} more")
    return out


def _one_line(text: str) -> str:
    """Line breaks and other control characters in a name or text shown escaped (one problem, one line)."""
    if text.isprintable():
        return text
    return "".join(ch if ch.isprintable() or ch == " " else repr(ch)[1:-1] for ch in text)


class ImportProblemsError(InputError):
    """An import refused because spans or relations cannot be imported; nothing was stored.

    `problems` holds every one (not just the first), `str()` lists them grouped by kind.
    """

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = list(problems)
        files = sorted({pr.file for pr in self.problems})
        where = files[0] if len(files) == 1 else f"{len(files)} files"
        kinds = {pr.kind for pr in self.problems}
        hint = "fix them, or import everything else with --skip-invalid"
        if any(_SCHEMA_KIND.match(k) for k in kinds):
            hint += "; names missing from the schema: --add-labels adds them, --label-map FILE renames them"
        head = f"{where}: {_count(len(self.problems), 'problem')} of {_count(len(kinds), 'kind')} ({hint})"
        listing = "\n".join([head, *format_problems(self.problems)])
        first = self.problems[0]
        AnnotatorError.__init__(self, listing)
        self.file, self.line, self.reason = first.file, first.line, listing


REPORT_COLUMNS = ("file", "line", "document", "what", "kind", "start", "end", "label", "text", "reason")


def write_skipped_report(path: Path, problems: list[Problem]) -> None:
    """A tab-separated file, one row per skipped span or relation (`REPORT_COLUMNS`). Offsets are
    those the file gives (problems found while reading) or code points of the stored text (problems
    found against the schema and the tokenizer)."""
    try:
        with path.open("w", encoding="utf-8", newline="") as fh:
            w = csv.writer(fh, delimiter="\t", lineterminator="\n")
            w.writerow(REPORT_COLUMNS)
            for pr in problems:
                w.writerow([pr.file, pr.line or "", pr.document, pr.what, pr.kind,
                            "" if pr.start is None else pr.start, "" if pr.end is None else pr.end,
                            pr.label or "", pr.text or "", pr.reason])
    except OSError as exc:
        raise InputError(str(path), None, f"cannot write the report of skipped items: {exc.strerror or exc}") from exc


def read_label_map(path: Path) -> dict[str, str]:
    """Renames for labels and relation types: a JSON object `{"OLD": "NEW"}`, or a text file with one
    `OLD NEW` pair per line (also `OLD<TAB>NEW`, `OLD -> NEW`, `OLD → NEW`, `OLD = NEW`; `#` starts a
    comment). Raises `InputError(FILE, LINE, reason)` on a line it cannot read."""
    from annotator.formats.common import parse_json, read_text_file

    text = read_text_file(path).lstrip("\ufeff")
    if text.lstrip().startswith("{"):
        data = parse_json(text, str(path))
        if not isinstance(data, dict) or not all(isinstance(k, str) and isinstance(v, str) and k and v for k, v in data.items()):
            raise InputError(str(path), None, "a JSON label map must map names to names, e.g. {\"PER\": \"PER_VN\"}")
        return dict(data)
    out: dict[str, str] = {}
    for lineno, line in enumerate(text.splitlines(), start=1):
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        sep = next((x for x in ("\t", "->", "→", "=>", "=") if x in line), None)
        parts = [x.strip() for x in line.split(sep)] if sep else line.split()
        parts = [x for x in parts if x]
        if len(parts) != 2:
            raise InputError(str(path), lineno, f"expected 'OLD NEW' (got {line!r})")
        old, new = parts
        if old in out and out[old] != new:
            raise InputError(str(path), lineno, f"{old} is mapped twice ({out[old]} and {new})")
        out[old] = new
    if not out:
        raise InputError(str(path), None, "the label map is empty")
    return out


def read_label_ids(path: Path) -> dict[str, str]:
    """Label names of numeric label ids (doccano 1.x files give `"label": 3`): doccano's own label
    export `[{"id": 3, "text": "PER"}, …]`, a JSON object `{"3": "PER"}`, or `ID NAME` lines.
    Keys are the ids as strings. Raises `InputError(FILE, LINE, reason)`."""
    from annotator.formats.common import parse_json, read_text_file

    text = read_text_file(path).lstrip("\ufeff")
    if text.lstrip()[:1] in ("[", "{"):
        data = parse_json(text, str(path))
        pairs = []
        if isinstance(data, dict):
            pairs = list(data.items())
        elif isinstance(data, list):
            for i, item in enumerate(data):
                if not isinstance(item, dict) or "id" not in item or not isinstance(item.get("text") or item.get("name"), str):
                    raise InputError(str(path), None, f"item {i}: expected {{\"id\": 3, \"text\": \"PER\"}}")
                pairs.append((item["id"], item.get("text") or item.get("name")))
        out = {}
        for k, v in pairs:
            if isinstance(k, bool) or not isinstance(k, (int, str)) or not isinstance(v, str) or not v:
                raise InputError(str(path), None, f"label id {k!r}: expected an id and a label name")
            out[str(k)] = v
    else:
        out = {}
        for lineno, line in enumerate(text.splitlines(), start=1):
            line = line.split("#", 1)[0].strip()
            if not line:
                continue
            parts = line.split(None, 1)
            if len(parts) != 2:
                raise InputError(str(path), lineno, f"expected 'ID NAME' (got {line!r})")
            out[parts[0]] = parts[1].strip()
    if not out:
        raise InputError(str(path), None, "no label ids in this file")
    return out


def rename_labels(doc: IncomingDocument, names: dict[str, str]) -> None:
    """Apply a label map to the spans and relations `doc` carries (in place)."""
    for st in doc.sets:
        if not st.spans and not st.relations:
            continue
        old_lines = st.lines
        lines: dict[tuple, int] = {}
        spans = []
        for sp in st.spans:
            new = sp.with_label(names[sp.label]) if sp.label in names else sp
            if sp.key in old_lines:
                lines[new.key] = old_lines[sp.key]
            spans.append(new)
        rels = []
        for rel in st.relations:
            head = (*rel.head[:2], names.get(rel.head[2], rel.head[2]))
            tail = (*rel.tail[:2], names.get(rel.tail[2], rel.tail[2]))
            new_rel = Relation(head, tail, names.get(rel.label, rel.label))
            if rel.key in old_lines:
                lines[new_rel.key] = old_lines[rel.key]
            rels.append(new_rel)
        st.spans, st.relations, st.lines = spans, rels, lines


@dataclass
class _Run:
    """What one import collects while it reads and stores."""

    problems: list[Problem] = field(default_factory=list)
    notes: Notes = field(default_factory=Notes)
    invalid_names: dict[str, str] = field(default_factory=dict)  # name -> why it cannot join the schema


class Importer:
    """`project.importer`: every import is one transaction (all or nothing).

    A span or relation that cannot be imported does not stop the reading: the import goes on to
    find every such problem, then fails listing them all (`ImportProblemsError`), or, with
    `skip_invalid`, stores everything else and writes the skipped items to a report file.
    """

    def __init__(
        self, db: Database, schemas: Schemas, sets_written: Callable[[Session, list[int]], object] | None = None
    ) -> None:
        self.db = db
        self.schemas = schemas
        # called in the import's transaction with the ids of the documents whose sets it wrote (the
        # project keeps their stored review state current with it: annotator.services.review)
        self.sets_written = sets_written
        # when set, a gold set in the input fails the import with this reason (`FILE:LINE: reason`):
        # the command line sets it for a user who is not a reviewer (issue 11)
        self.refuse_gold: str | None = None

    def import_files(
        self,
        paths: Iterable[str | Path],
        fmt: str = "auto",
        *,
        annotator: str | None = None,
        add_labels: bool = False,
        progress: Progress | None = None,
        skip_invalid: bool = False,
        report_path: Path | None = None,
        label_map: dict[str, str] | None = None,
        label_ids: dict[str, str] | None = None,
    ) -> ImportReport:
        """Import files (or folders of them) of format `fmt`: `auto`/`txt`/`jsonl`, or an annotated
        format (its annotations belong to `annotator` when the files do not name one).

        `add_labels`: labels and relation types the schema lacks are added (relation types with any
        head and tail). `label_map`: names renamed on the way in (labels and relation types).
        `label_ids`: label names of numeric label ids (doccano 1.x). `skip_invalid`: see the class.
        Raises `InputError` (bad file), `ImportProblemsError` (bad spans or relations).
        """
        paths = list(paths)
        if fmt in PLAIN_FORMATS:
            return self.import_paths(paths, fmt=fmt, progress=progress)
        spec = get_format(fmt)
        files = expand_paths([Path(p) for p in paths], set(spec.suffixes))
        if not files:
            raise InputError(", ".join(str(p) for p in paths), None,
                             f"no {'/'.join(sorted(spec.suffixes))} files found for format {fmt}")
        ctx = ReadContext(annotator=annotator)
        if label_ids:
            ctx.label_ids = dict(label_ids)
        sizes = [f.stat().st_size for f in files]
        total = sum(sizes)
        report = ImportReport(files=len(files))

        def docs() -> Iterator[IncomingDocument]:
            done = 0
            for f, size in zip(files, sizes, strict=True):
                n = 0
                for doc in spec.read(f, ctx):
                    n += 1
                    if label_map:
                        rename_labels(doc, label_map)
                    yield doc
                if n == 0:
                    raise InputError(str(f), None, "no documents (the file is empty or holds no text)")
                done += size
                if progress is not None:
                    progress(done, total)

        self.import_documents(docs(), report=report, add_labels=add_labels, skip_invalid=skip_invalid,
                              report_path=report_path, read_problems=ctx.problems)
        report.bytes = total
        report.notes[:0] = ctx.notes.lines()
        return report

    def import_paths(
        self,
        paths: Iterable[str | Path],
        fmt: str = "auto",
        progress: Progress | None = None,
    ) -> ImportReport:
        """Import `.txt`/`.jsonl` files and folders in one transaction (all or nothing)."""
        files = expand_paths([Path(p) for p in paths])
        if not files:
            raise InputError(", ".join(str(p) for p in paths), None, "no .txt or .jsonl files found")
        total = sum(f.stat().st_size for f in files)
        report = ImportReport(files=len(files))

        def items() -> Iterator[IncomingDocument]:
            done = 0
            for f in files:
                n = 0
                for doc in iter_plain(f, fmt):
                    n += 1
                    yield doc
                    done += doc.size
                    if progress is not None:
                        progress(done, total)
                if n == 0:
                    raise InputError(str(f), None, "no documents (the file is empty or holds no text)")

        self.import_documents(items(), report=report)
        report.bytes = total
        return report

    def import_documents(
        self,
        docs: Iterable[IncomingDocument],
        *,
        report: ImportReport | None = None,
        add_labels: bool = False,
        batch: int = 2000,
        skip_invalid: bool = False,
        report_path: Path | None = None,
        read_problems: list[Problem] | None = None,
    ) -> ImportReport:
        """Store documents (and the annotation sets they carry) in one transaction.

        A text already stored (same content hash) is not stored again; annotations it carries are
        added to the stored document. A bad document fails the whole import; bad spans and
        relations are collected (with those the reader found, `read_problems`, filled while `docs`
        is consumed) and fail it at the end, or are skipped with `skip_invalid`.
        """
        report = report or ImportReport()
        t0 = time.perf_counter()
        schema = self.schemas.current
        run = _Run()
        written: Path | None = None
        try:
            with self.db.write() as s:
                self._store(s, docs, report, schema, add_labels, batch, run)
                problems = [*(read_problems or ()), *run.problems]
                if problems and not skip_invalid:
                    raise ImportProblemsError(problems)
                if problems:
                    written = report_path or Path.cwd() / time.strftime("annotator-skipped-%Y%m%d-%H%M%S.tsv")
                    write_skipped_report(written, problems)
                    report.skipped = problems
                    report.skipped_report = written
        except BaseException:
            self.schemas.forget()  # labels added in the rolled-back transaction are gone
            if written is not None:
                written.unlink(missing_ok=True)
            raise
        report.notes.extend(run.notes.lines())
        report.seconds = time.perf_counter() - t0
        return report

    def _store(
        self, s: Session, docs: Iterable[IncomingDocument], report: ImportReport, schema: Schema, add_labels: bool,
        batch: int, run: _Run,
    ) -> None:
        seen: dict[str, int] = {}  # content hash -> document id (this import)
        pending: list[IncomingDocument] = []

        def flush() -> None:
            nonlocal schema
            if not pending:
                return
            for d in pending:
                _check_text(d)
            hashes = [content_hash(d.text) for d in pending]
            existing = dict(
                s.execute(
                    select(DocumentRow.content_hash, DocumentRow.id).where(DocumentRow.content_hash.in_(set(hashes)))
                ).all()
            )
            uids = [d.uid for d in pending if d.uid is not None]
            taken_uids = (
                dict(s.execute(select(DocumentRow.uid, DocumentRow.content_hash).where(DocumentRow.uid.in_(uids))).all())
                if uids
                else {}
            )
            rows = []
            stored: set[int] = set()  # id() of the incoming documents whose text is already stored
            for d, h in zip(pending, hashes, strict=False):
                if h in existing or h in seen:
                    report.duplicates += 1
                    stored.add(id(d))
                    continue
                uid = d.uid if d.uid is not None else h[:16]
                if uid in taken_uids and taken_uids[uid] != h:
                    raise InputError(
                        *split_origin(d.origin), f"id {uid!r} already belongs to another document with a different text"
                    )
                taken_uids[uid] = h
                seen[h] = -1
                rows.append(
                    {
                        "uid": uid,
                        "content_hash": h,
                        "title": (d.title or default_title(d.text))[:500],
                        "text": d.text,
                        "length": len(d.text),
                        "meta": d.meta or {},
                        "created": utcnow(),
                    }
                )
            if rows:
                s.execute(insert(DocumentRow), rows)
                report.documents += len(rows)
            with_sets = [(d, h) for d, h in zip(pending, hashes, strict=False) if d.sets]
            if with_sets:
                ids = dict(
                    s.execute(
                        select(DocumentRow.content_hash, DocumentRow.id).where(
                            DocumentRow.content_hash.in_({h for _, h in with_sets})
                        )
                    ).all()
                )
                if add_labels:
                    schema = self._extend_schema(s, schema, with_sets, report, run)
                for d, h in with_sets:
                    for st in d.sets:
                        if st.kind is SetKind.GOLD and self.refuse_gold:
                            raise InputError(*split_origin(d.origin), self.refuse_gold)
                        _store_set(s, ids[h], d, st, schema, report, stored=id(d) in stored, run=run)
                # what review and agreement read, kept from now on (see annotator.storage.derived)
                touched = sorted({ids[h] for _, h in with_sets})
                have = read_tokens(s, touched)
                texts = {ids[h]: d.text for d, h in with_sets}
                write_tokens(s, [(i, pack_offsets(tokenize(texts[i]))) for i in touched if i not in have])
                if self.sets_written is not None:
                    self.sets_written(s, touched)
            pending.clear()

        for doc in docs:
            pending.append(doc)
            if len(pending) >= batch:
                flush()
        flush()

    def _extend_schema(
        self, s: Session, schema: Schema, with_sets: list[tuple[IncomingDocument, str]], report: ImportReport, run: _Run
    ) -> Schema:
        """`--add-labels`: labels and relation types the schema lacks join it (relation types with any
        head and tail label); names that cannot be label names are remembered as problems."""
        labels = {sp.label for d, _ in with_sets for st in d.sets for sp in st.spans}
        labels |= {lab for d, _ in with_sets for st in d.sets for r in st.relations for lab in (r.head[2], r.tail[2])}
        rel_types = {r.label for d, _ in with_sets for st in d.sets for r in st.relations}
        def addable(names: set[str], known) -> list[str]:
            out = []
            for name in sorted(names):
                if known(name) or name in run.invalid_names:
                    continue
                why = label_name_problem(name)
                if why:
                    run.invalid_names[name] = why
                else:
                    out.append(name)
            return out

        new_labels, new_types = addable(labels, schema.has_label), addable(rel_types, schema.has_relation)
        if not new_labels and not new_types:
            return schema
        if new_labels:
            schema = schema.with_labels(new_labels)
            report.labels_added.extend(new_labels)
        if new_types:
            schema = schema.with_relation_types(new_types)
            report.relation_types_added.extend(new_types)
        self.schemas.set(schema, session=s)
        return schema


def _check_text(d: IncomingDocument) -> None:
    """Refuse a text no document may hold, whatever path it came by (readers check it too)."""
    bad = find_bad_character(d.text)
    if bad is not None:
        raise InputError(*split_origin(d.origin), f"the text holds {describe_character(d.text[bad])} at character {bad}")
    if not any(not ch.isspace() and unicodedata.category(ch) != "Cf" for ch in d.text):
        raise InputError(*split_origin(d.origin), "the text is empty (only whitespace or invisible characters)")


def _store_set(
    s: Session, doc_id: int, d: IncomingDocument, st: IncomingSet, schema: Schema, report: ImportReport, stored: bool,
    run: _Run,
) -> None:
    """Add the spans and relations of `st` that the stored set lacks; those the rules refuse are
    added to `run.problems` (with file, line and document) and left out."""
    annotator_id = None
    if st.kind is not SetKind.GOLD:
        annotator_id = annotator_row(s, st.annotator or "import", create=True).id
    set_row = find_set_row(s, doc_id, annotator_id, st.kind, create=True)
    existing = load_annotation_set(s, set_row)
    ann = Annotations(d.text, schema, existing.spans, existing.relations)
    file, doc_line = split_origin(d.origin)
    doc_name = d.uid or repr(default_title(d.text, 40))
    changes: list[Change] = []
    commands: list[AddSpan | AddRelation] = [AddSpan(sp) for sp in st.spans]
    commands += [AddRelation(rel) for rel in st.relations]
    in_this_set: set[tuple] = set()
    skipped_spans: set[tuple] = set()
    for command in commands:
        is_span = isinstance(command, AddSpan)
        item = command.span if is_span else ann.canonical_relation(command.relation)
        key = item.key
        line = st.lines.get(command.span.key if is_span else command.relation.key, doc_line)
        if key in in_this_set:
            what = "span" if is_span else "relation"
            run.notes.add(f"duplicate {what}(s) in one annotation set merged into one",
                          f"{Path(file).name}:{line}" if line is not None else Path(file).name)
            continue
        in_this_set.add(key)
        if _already_stored(ann, command):
            continue  # stored before (an import of the same file again): not an error
        try:
            if is_span and not schema.has_label(item.label) and item.label not in run.invalid_names:
                why = label_name_problem(item.label)
                if why:
                    run.invalid_names[item.label] = why
            if is_span and item.label in run.invalid_names and not schema.has_label(item.label):
                raise AnnotationError(
                    f"{item.label!r} cannot be a label: {run.invalid_names[item.label]} (rename it with --label-map)",
                    kind=f"label name {item.label!r} not allowed",
                )
            if not is_span and not schema.has_relation(item.label) and item.label not in run.invalid_names:
                why = label_name_problem(item.label)
                if why:
                    run.invalid_names[item.label] = why
            if not is_span and not schema.has_relation(item.label) and item.label not in run.invalid_names:
                raise AnnotationError(  # reported by type, before any problem of its spans
                    f"unknown relation type {item.label!r} (not in schema {schema.name})",
                    kind=f"relation type {item.label} not in the schema",
                )
            if not is_span and (item.head in skipped_spans or item.tail in skipped_spans):
                raise AnnotationError(f"relation {item.label}: one of its spans is not imported",
                                      kind="relation on a skipped span")
            if not is_span and item.label in run.invalid_names and not schema.has_relation(item.label):
                raise AnnotationError(
                    f"{item.label!r} cannot be a relation type: {run.invalid_names[item.label]} (rename it with --label-map)",
                    kind=f"relation type name {item.label!r} not allowed",
                )
            plan = command.plan(ann)
        except AnnotationError as exc:
            if is_span:
                skipped_spans.add(key)
                start, end, text, label = item.start, item.end, d.text[item.start:item.end], item.label
            else:
                start = end = text = None
                label = item.label
            run.problems.append(Problem(exc.kind or "refused by the rules", file, line, str(doc_name), str(exc),
                                        start, end, text, label, what="span" if is_span else "relation"))
            continue
        ann.commit(plan.changes)  # in memory: the next relations are checked against it
        changes += plan.changes
    new_spans = sum(isinstance(c, SpanAdded) for c in changes)
    new_rels = len(changes) - new_spans
    write_changes(s, set_row.id, changes)
    set_row.span_count = len(ann)
    if Status(set_row.status) is Status.TODO or st.status is Status.DONE:
        set_row.status = st.status.value
    if st.seconds is not None and st.seconds > (set_row.seconds or 0.0):
        set_row.seconds = float(st.seconds)
    set_row.version += 1
    if annotator_id is not None and (st.notes or st.flagged):  # notes and flag, where the format has them
        store_incoming(s, doc_id, annotator_id, st.notes, st.flagged)
    report.spans += new_spans
    report.relations += new_rels
    report.sets += 1
    if stored:
        report.stored_spans += new_spans
        report.stored_relations += new_rels


def _already_stored(ann: Annotations, command: AddSpan | AddRelation) -> bool:
    if isinstance(command, AddSpan):
        return ann.has_span(command.span.key)
    return ann.has_relation(ann.canonical_relation(command.relation))


__all__ = ["PLAIN_FORMATS", "REPORT_COLUMNS", "ImportProblemsError", "ImportReport", "Importer", "Progress",
           "format_problems", "read_label_ids", "read_label_map", "rename_labels", "write_skipped_report"]
