"""The project: one database with its schema, documents, annotators and annotation sets."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import and_, func, insert, or_, select, update
from sqlalchemy.orm import Session

from annotator.core.commands import Annotations
from annotator.core.document import (
    AnnotationSet,
    Annotator,
    Document,
    DocumentSummary,
    IncomingDocument,
    Relation,
    Role,
    SetKind,
    Source,
    Span,
    Status,
)
from annotator.core.errors import AnnotationError, InputError
from annotator.core.resources import corpus_dir
from annotator.core.schema import Schema, default_schema, parse_schema_text
from annotator.core.text import content_hash, default_title
from annotator.formats.common import split_origin
from annotator.formats.plain import expand_paths, iter_plain
from annotator.services.config import resolve_db
from annotator.storage.database import Database, storage_errors
from annotator.storage.orm import (
    AnnotationSetRow,
    AnnotatorRow,
    DocumentRow,
    RelationRow,
    SchemaRow,
    SpanRow,
    utcnow,
)
from annotator.storage.sets import find_set_row, load_annotation_set, span_ids

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


class Project:
    """Open with `Project.open(db)`; every public method is one unit of work (one transaction)."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self._schema: Schema | None = None
        self.created = False

    # -- opening -----------------------------------------------------------------------------
    @classmethod
    def open(
        cls, db: str | None = None, *, initialize: bool | str = True, synchronous: str | None = None
    ) -> Project:
        """Open (and migrate) a database.

        A new empty database gets the default schema and the bundled corpus (`initialize=True`),
        only the schema (`initialize="schema"`, used by `import`: the user brings the documents),
        or nothing (`False`).
        """
        project = cls(Database(resolve_db(db), synchronous=synchronous))
        with storage_errors("open the database"):
            project.created = project.db.migrate()
            if initialize and project.db.is_empty():
                if initialize == "schema":
                    project.set_schema(default_schema())
                else:
                    project.initialize_defaults()
        return project

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Project:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def initialize_defaults(self) -> ImportReport:
        """Load the default schema and the bundled corpus (done on a new database)."""
        if self.schema_or_none() is None:
            self.set_schema(default_schema())
        return self.import_paths([corpus_dir()])

    # -- schema ------------------------------------------------------------------------------
    def schema_or_none(self) -> Schema | None:
        if self._schema is None:
            with self.db.read() as s:
                row = s.scalars(select(SchemaRow).where(SchemaRow.active).order_by(SchemaRow.id.desc())).first()
                if row is not None:
                    source = f"schema stored in {self.db.url}"
                    try:  # written by this tool, so validated before: skip jsonschema (~0.15 s at start-up)
                        self._schema = parse_schema_text(row.body, source=source, check=False)
                    except Exception:  # edited by hand? validate, to say what is wrong
                        self._schema = parse_schema_text(row.body, source=source)
        return self._schema

    @property
    def schema(self) -> Schema:
        sch = self.schema_or_none()
        if sch is None:
            self.set_schema(default_schema())
            sch = self.schema_or_none()
        assert sch is not None
        return sch

    def set_schema(self, schema: Schema, session: Session | None = None) -> None:
        def _do(s: Session) -> None:
            s.execute(update(SchemaRow).values(active=False))
            s.add(SchemaRow(name=schema.name, version=schema.version, body=schema.to_yaml(), active=True))

        if session is not None:
            _do(session)
        else:
            with self.db.write() as s:
                _do(s)
        self._schema = schema

    # -- annotators --------------------------------------------------------------------------
    def annotator(self, name: str, role: Role | str | None = None) -> Annotator:
        """Get or create an annotator; `role` (when given) is set."""
        name = name.strip()
        if not name:
            raise AnnotationError("an annotator needs a name")
        with self.db.write() as s:
            row = self._annotator_row(s, name, create=True)
            if role is not None and row.role != Role(role).value:
                row.role = Role(role).value
            return Annotator(row.id, row.name, Role(row.role))

    def find_annotator(self, name: str) -> Annotator | None:
        with self.db.read() as s:
            row = s.scalars(select(AnnotatorRow).where(AnnotatorRow.name == name)).first()
            return None if row is None else Annotator(row.id, row.name, Role(row.role))

    def annotators(self) -> list[Annotator]:
        with self.db.read() as s:
            return [Annotator(r.id, r.name, Role(r.role)) for r in s.scalars(select(AnnotatorRow).order_by(AnnotatorRow.name))]

    @staticmethod
    def _annotator_row(s: Session, name: str, create: bool = False) -> AnnotatorRow:
        row = s.scalars(select(AnnotatorRow).where(AnnotatorRow.name == name)).first()
        if row is None:
            if not create:
                raise AnnotationError(f"no annotator named {name!r}")
            row = AnnotatorRow(name=name, role=Role.ANNOTATOR.value)
            s.add(row)
            s.flush()
        return row

    # -- documents ---------------------------------------------------------------------------
    def document(self, document_id: int) -> Document:
        with self.db.read() as s:
            row = s.get(DocumentRow, document_id)
            if row is None:
                raise AnnotationError(f"no document with id {document_id}")
            return Document(row.id, row.uid, row.title, row.text, dict(row.meta or {}))

    def document_by_uid(self, uid: str) -> Document | None:
        with self.db.read() as s:
            row = s.scalars(select(DocumentRow).where(DocumentRow.uid == uid)).first()
            return None if row is None else Document(row.id, row.uid, row.title, row.text, dict(row.meta or {}))

    def document_ids(self) -> list[int]:
        with self.db.read() as s:
            return list(s.scalars(select(DocumentRow.id).order_by(DocumentRow.id)))

    def _document_query(self, annotator: Annotator | None, text: str | None, status: Status | str | None):
        aset = AnnotationSetRow.__table__.alias("aset")
        cond = and_(aset.c.document_id == DocumentRow.id, aset.c.kind == SetKind.ANNOTATION.value)
        cond = and_(cond, aset.c.annotator_id == (annotator.id if annotator else -1))
        status_col = func.coalesce(aset.c.status, Status.TODO.value)
        q = select(
            DocumentRow.id,
            DocumentRow.uid,
            DocumentRow.title,
            DocumentRow.length,
            status_col.label("status"),
            func.coalesce(aset.c.span_count, 0).label("span_count"),
        ).select_from(DocumentRow.__table__.outerjoin(aset, cond))
        if text:
            pattern = f"%{_escape_like(text)}%"
            q = q.where(or_(DocumentRow.title.ilike(pattern, escape="\\"), DocumentRow.text.ilike(pattern, escape="\\")))
        if status:
            q = q.where(status_col == Status(status).value)
        return q

    def count_documents(
        self, annotator: Annotator | None = None, text: str | None = None, status: Status | str | None = None
    ) -> int:
        q = self._document_query(annotator, text, status).subquery()
        with self.db.read() as s:
            return int(s.scalar(select(func.count()).select_from(q)) or 0)

    def list_documents(
        self,
        annotator: Annotator | None = None,
        text: str | None = None,
        status: Status | str | None = None,
        offset: int = 0,
        limit: int | None = 200,
    ) -> list[DocumentSummary]:
        """A page of the document list with the annotator's status and span count, in id order."""
        q = self._document_query(annotator, text, status).order_by(DocumentRow.id).offset(offset)
        if limit is not None:
            q = q.limit(limit)
        with self.db.read() as s:
            return [
                DocumentSummary(r.id, r.uid, r.title, r.length, Status(r.status), int(r.span_count))
                for r in s.execute(q)
            ]

    def next_document(
        self, after_id: int | None, annotator: Annotator | None, *, skip_done: bool = True, backwards: bool = False
    ) -> int | None:
        """The next (or previous) document id after `after_id`, wrapping around; not done ones when asked."""
        q = self._document_query(annotator, None, None).subquery()
        cond = q.c.status.notin_([Status.DONE.value, Status.SKIPPED.value]) if skip_done else True
        order = q.c.id.desc() if backwards else q.c.id
        with self.db.read() as s:
            if after_id is not None:
                beyond = q.c.id < after_id if backwards else q.c.id > after_id
                nid = s.scalar(select(q.c.id).where(cond, beyond).order_by(order).limit(1))
                if nid is not None:
                    return int(nid)
            nid = s.scalar(select(q.c.id).where(cond).order_by(order).limit(1))
            return None if nid is None or nid == after_id else int(nid)

    # -- import ------------------------------------------------------------------------------
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
        schema = self.schema
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
                        self.set_schema(schema, session=s)
                        report.labels_added.extend(unknown)
                    for d, h in with_sets:
                        for st in d.sets:
                            self._store_incoming_set(s, ids[h], d, st, schema, report, stored=id(d) in stored)
                pending.clear()

            for doc in docs:
                pending.append(doc)
                if len(pending) >= batch:
                    flush()
            flush()
        report.seconds = time.perf_counter() - t0
        return report

    def _store_incoming_set(
        self, s: Session, doc_id: int, d: IncomingDocument, st, schema: Schema, report: ImportReport, stored: bool = False
    ) -> None:
        annotator_id = None
        if st.kind is not SetKind.GOLD:
            annotator_id = self._annotator_row(s, st.annotator or "import", create=True).id
        set_row = find_set_row(s, doc_id, annotator_id, st.kind, create=True)
        existing = load_annotation_set(s, set_row)
        ann = Annotations(d.text, schema, existing.spans, existing.relations)
        problems: list[str] = []
        new_spans: list[Span] = []
        for sp in st.spans:
            if ann.has_span(sp.key):
                continue
            try:
                ann.check_span(sp)
            except AnnotationError as exc:
                problems.append(str(exc))
                continue
            ann._add_span(sp)
            new_spans.append(sp)
        new_rels: list[Relation] = []
        for rel in st.relations:
            rel = ann.canonical_relation(rel)
            if ann.has_relation(rel):
                continue
            try:
                ann.check_relation(rel)
            except AnnotationError as exc:
                problems.append(str(exc))
                continue
            ann._add_relation(rel)
            new_rels.append(rel)
        if problems:
            shown = "; ".join(problems[:10]) + (f"; … {len(problems) - 10} more" if len(problems) > 10 else "")
            raise InputError(
                *split_origin(d.origin),
                f"document {d.uid or default_title(d.text, 40)!r}: {shown}",
            )
        if new_spans:
            s.execute(
                insert(SpanRow),
                [
                    {"set_id": set_row.id, "start": sp.start, "end": sp.end, "label": sp.label, "source": Source(sp.source).value, "created": utcnow()}
                    for sp in new_spans
                ],
            )
        if new_rels:
            ids = span_ids(s, set_row.id)
            s.execute(
                insert(RelationRow),
                [
                    {"set_id": set_row.id, "head_id": ids[r.head], "tail_id": ids[r.tail], "label": r.label, "created": utcnow()}
                    for r in new_rels
                ],
            )
        set_row.span_count = len(ann)
        if Status(set_row.status) is Status.TODO or st.status is Status.DONE:
            set_row.status = st.status.value
        set_row.version += 1
        report.spans += len(new_spans)
        report.relations += len(new_rels)
        report.sets += 1
        if stored:
            report.stored_spans += len(new_spans)
            report.stored_relations += len(new_rels)

    # -- annotation sets ---------------------------------------------------------------------
    def annotation_sets(self, document_id: int | None = None, kind: SetKind | None = None) -> list[AnnotationSet]:
        """Every annotation set (of a document, or of all), with spans and relations."""
        with self.db.read() as s:
            q = select(AnnotationSetRow, AnnotatorRow.name).outerjoin(
                AnnotatorRow, AnnotatorRow.id == AnnotationSetRow.annotator_id
            )
            if document_id is not None:
                q = q.where(AnnotationSetRow.document_id == document_id)
            if kind is not None:
                q = q.where(AnnotationSetRow.kind == SetKind(kind).value)
            out = []
            for row, name in s.execute(q.order_by(AnnotationSetRow.document_id, AnnotationSetRow.id)).all():
                out.append(load_annotation_set(s, row, name))
            return out

    def annotation_set(
        self, document_id: int, annotator: Annotator | None, kind: SetKind = SetKind.ANNOTATION
    ) -> AnnotationSet:
        """One set (empty, version 0, when it does not exist yet)."""
        with self.db.read() as s:
            row = find_set_row(s, document_id, annotator.id if annotator else None, kind)
            if row is None:
                return AnnotationSet(document_id, annotator.name if annotator else None, kind)
            return load_annotation_set(s, row, annotator.name if annotator else None)

    def open_annotation(self, document_id: int, annotator: Annotator | None, kind: SetKind = SetKind.ANNOTATION):
        """An editing session on one annotation set (see `AnnotationSession`)."""
        from annotator.services.annotate import AnnotationSession

        return AnnotationSession(self.db, self.schema, self.document(document_id), annotator, SetKind(kind))

    # -- statistics --------------------------------------------------------------------------
    def stats(self) -> dict[str, Any]:
        with self.db.read() as s:
            documents = s.scalar(select(func.count()).select_from(DocumentRow)) or 0
            spans = s.scalar(select(func.count()).select_from(SpanRow)) or 0
            relations = s.scalar(select(func.count()).select_from(RelationRow)) or 0
            by_label = dict(s.execute(select(SpanRow.label, func.count()).group_by(SpanRow.label).order_by(SpanRow.label)).all())
            by_relation = dict(
                s.execute(select(RelationRow.label, func.count()).group_by(RelationRow.label).order_by(RelationRow.label)).all()
            )
            status_rows = s.execute(
                select(AnnotationSetRow.status, func.count())
                .where(AnnotationSetRow.kind == SetKind.ANNOTATION.value)
                .group_by(AnnotationSetRow.status)
            ).all()
            by_status = {st.value: 0 for st in Status}
            by_status.update(dict(status_rows))
            per = s.execute(
                select(
                    AnnotatorRow.name,
                    AnnotatorRow.role,
                    func.count(AnnotationSetRow.id),
                    func.coalesce(func.sum(AnnotationSetRow.span_count), 0),
                    func.coalesce(func.sum(AnnotationSetRow.seconds), 0.0),
                )
                .outerjoin(AnnotationSetRow, AnnotationSetRow.annotator_id == AnnotatorRow.id)
                .group_by(AnnotatorRow.id, AnnotatorRow.name, AnnotatorRow.role)
                .order_by(AnnotatorRow.name)
            ).all()
            per_status = s.execute(
                select(AnnotatorRow.name, AnnotationSetRow.status, func.count())
                .join(AnnotationSetRow, AnnotationSetRow.annotator_id == AnnotatorRow.id)
                .group_by(AnnotatorRow.name, AnnotationSetRow.status)
            ).all()
            # documents nobody has opened yet count as "todo"
            untouched = s.scalar(
                select(func.count())
                .select_from(DocumentRow)
                .where(
                    ~select(AnnotationSetRow.id)
                    .where(AnnotationSetRow.document_id == DocumentRow.id, AnnotationSetRow.kind == SetKind.ANNOTATION.value)
                    .exists()
                )
            ) or 0
            by_status[Status.TODO.value] += int(untouched)
            gold = s.scalar(select(func.count()).select_from(AnnotationSetRow).where(AnnotationSetRow.kind == SetKind.GOLD.value)) or 0
        per_annotator: dict[str, Any] = {
            name: {"role": role, "documents": int(n), "spans": int(sp), "seconds": round(float(sec), 1), "by_status": {}}
            for name, role, n, sp, sec in per
        }
        for name, status, n in per_status:
            per_annotator[name]["by_status"][status] = int(n)
        return {
            "documents": int(documents),
            "spans": int(spans),
            "relations": int(relations),
            "gold_documents": int(gold),
            "by_label": {k: int(v) for k, v in by_label.items()},
            "by_relation": {k: int(v) for k, v in by_relation.items()},
            "by_status": {k: int(v) for k, v in by_status.items()},
            "per_annotator": per_annotator,
            "schema": self.schema.name,
        }


def upgrade_database(db: str | None = None) -> tuple[str, str | None, str | None]:
    """`annotator db upgrade`: migrate to the newest revision; returns (url, before, after)."""
    url = resolve_db(db)
    database = Database(url)
    try:
        before, after = database.upgrade()
    finally:
        database.close()
    return url, before, after


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


__all__ = ["ImportReport", "Project", "upgrade_database"]
