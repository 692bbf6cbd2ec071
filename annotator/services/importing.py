"""Importing: files of any known format, or documents already read, stored in one transaction.

`Importer.import_files` is what `annotator import --format …` and the window call: plain text and
JSON lines (`auto`, `txt`, `jsonl`) are read by `annotator.formats.plain`, the annotated formats
(Prodigy, brat, doccano, Label Studio, CoNLL) by their readers in `annotator.formats`.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from annotator.core.changes import Change, SpanAdded
from annotator.core.commands import AddRelation, AddSpan, Annotations
from annotator.core.document import IncomingDocument, IncomingSet, SetKind, Status
from annotator.core.errors import AnnotationError, InputError
from annotator.core.schema import Schema
from annotator.core.text import content_hash, default_title
from annotator.formats.common import split_origin
from annotator.formats.plain import expand_paths, iter_plain
from annotator.formats.registry import ReadContext, get_format
from annotator.services.annotators import annotator_row
from annotator.services.schemas import Schemas
from annotator.storage.changes import write_changes
from annotator.storage.database import Database
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
    notes: list[str] = field(default_factory=list)  # things reported, not imported (with counts)

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


class Importer:
    """`project.importer`: every import is one transaction (all or nothing)."""

    def __init__(self, db: Database, schemas: Schemas) -> None:
        self.db = db
        self.schemas = schemas

    def import_files(
        self,
        paths: Iterable[str | Path],
        fmt: str = "auto",
        *,
        annotator: str | None = None,
        add_labels: bool = False,
        progress: Progress | None = None,
    ) -> ImportReport:
        """Import files (or folders of them) of format `fmt`: `auto`/`txt`/`jsonl`, or an annotated
        format (its annotations belong to `annotator` when the files do not name one)."""
        paths = list(paths)
        if fmt in PLAIN_FORMATS:
            return self.import_paths(paths, fmt=fmt, progress=progress)
        spec = get_format(fmt)
        files = expand_paths([Path(p) for p in paths], set(spec.suffixes))
        if not files:
            raise InputError(", ".join(str(p) for p in paths), None,
                             f"no {'/'.join(sorted(spec.suffixes))} files found for format {fmt}")
        ctx = ReadContext(annotator=annotator)
        sizes = [f.stat().st_size for f in files]
        total = sum(sizes)
        report = ImportReport(files=len(files))

        def docs() -> Iterator[IncomingDocument]:
            done = 0
            for f, size in zip(files, sizes, strict=True):
                yield from spec.read(f, ctx)
                done += size
                if progress is not None:
                    progress(done, total)

        self.import_documents(docs(), report=report, add_labels=add_labels)
        report.bytes = total
        report.notes.extend(ctx.notes.lines())
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
                for doc in iter_plain(f, fmt):
                    yield doc
                    done += doc.size
                    if progress is not None:
                        progress(done, total)

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
    ) -> ImportReport:
        """Store documents (and the annotation sets they carry) in one transaction.

        A text already stored (same content hash) is not stored again; annotations it carries are
        added to the stored document. Any bad document fails the whole import: nothing changes.
        """
        report = report or ImportReport()
        t0 = time.perf_counter()
        schema = self.schemas.current
        try:
            self._store(docs, report, schema, add_labels, batch)
        except BaseException:
            self.schemas.forget()  # labels added in the rolled-back transaction are gone
            raise
        report.seconds = time.perf_counter() - t0
        return report

    def _store(
        self, docs: Iterable[IncomingDocument], report: ImportReport, schema: Schema, add_labels: bool, batch: int
    ) -> None:
        with self.db.write() as s:
            seen: dict[str, int] = {}  # content hash -> document id (this import)
            pending: list[IncomingDocument] = []

            def flush() -> None:
                nonlocal schema
                if not pending:
                    return
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
                new_docs: list[tuple[IncomingDocument, str]] = []
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
                    new_docs.append((d, h))
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
                    needed = {sp.label for d, _ in with_sets for st in d.sets for sp in st.spans}
                    unknown = sorted(lab for lab in needed if not schema.has_label(lab))
                    if unknown:
                        if not add_labels:
                            raise InputError(
                                split_origin(with_sets[0][0].origin)[0],
                                None,
                                f"labels not in schema {schema.name}: {', '.join(unknown)} "
                                "(add them to the schema, or import with --add-labels)",
                            )
                        schema = schema.with_labels(unknown)
                        self.schemas.set(schema, session=s)
                        report.labels_added.extend(unknown)
                    for d, h in with_sets:
                        for st in d.sets:
                            _store_set(s, ids[h], d, st, schema, report, stored=id(d) in stored)
                pending.clear()

            for doc in docs:
                pending.append(doc)
                if len(pending) >= batch:
                    flush()
            flush()


def _store_set(
    s: Session, doc_id: int, d: IncomingDocument, st: IncomingSet, schema: Schema, report: ImportReport, stored: bool
) -> None:
    """Add the spans and relations of `st` that the stored set lacks; any that the rules refuse
    fails the import (`InputError` naming the document and the first problems)."""
    annotator_id = None
    if st.kind is not SetKind.GOLD:
        annotator_id = annotator_row(s, st.annotator or "import", create=True).id
    set_row = find_set_row(s, doc_id, annotator_id, st.kind, create=True)
    existing = load_annotation_set(s, set_row)
    ann = Annotations(d.text, schema, existing.spans, existing.relations)
    problems: list[str] = []
    changes: list[Change] = []
    commands: list[AddSpan | AddRelation] = [AddSpan(sp) for sp in st.spans]
    commands += [AddRelation(rel) for rel in st.relations]
    for command in commands:
        if _already_stored(ann, command):
            continue  # stored before, or twice in the file: not an error
        try:
            plan = command.plan(ann)
        except AnnotationError as exc:
            problems.append(str(exc))
            continue
        ann.commit(plan.changes)  # in memory: the next relations are checked against it
        changes += plan.changes
    new_spans = sum(isinstance(c, SpanAdded) for c in changes)
    new_rels = len(changes) - new_spans
    if problems:
        shown = "; ".join(problems[:10]) + (f"; … {len(problems) - 10} more" if len(problems) > 10 else "")
        raise InputError(
            *split_origin(d.origin),
            f"document {d.uid or default_title(d.text, 40)!r}: {shown}",
        )
    write_changes(s, set_row.id, changes)
    set_row.span_count = len(ann)
    if Status(set_row.status) is Status.TODO or st.status is Status.DONE:
        set_row.status = st.status.value
    set_row.version += 1
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


__all__ = ["PLAIN_FORMATS", "ImportReport", "Importer", "Progress"]
