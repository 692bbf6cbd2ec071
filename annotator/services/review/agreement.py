"""Agreement between annotators, read as columns straight from SQL (see `annotator.core.agreement`)."""

from __future__ import annotations

import time
from collections import defaultdict
from typing import Any

import numpy as np
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from annotator.core.agreement import (
    AgreementDocument,
    FinishedWork,
    compute_agreement,
    paused_gc,
    token_arrays_from_flat,
)
from annotator.core.document import SetKind, Status
from annotator.core.errors import AnnotationError, AnnotatorError
from annotator.core.tokenize import tokenize
from annotator.services.protocols import ProjectServices
from annotator.services.review.load import chunks
from annotator.storage.derived import pack_offsets, read_tokens, write_tokens
from annotator.storage.orm import AnnotationSetRow, AnnotatorRow, DocumentRow, RelationRow, SpanRow
from annotator.storage.suggestions import model_spans


def measure_agreement(
    project: ProjectServices,
    tokens: dict[int, tuple[Any, Any]],
    label: str | None = None,
    by_document: bool = False,
    left_out: bool = False,
    model: str | None = None,
) -> dict[str, Any]:
    """Every agreement figure as a JSON-able dict (see `Review.agreement`).

    `model`: a suggester version (`annotator suggest --list`) taking part as the pseudo-annotator
    `model:VERSION`, who "finished" every document it suggested on, with its suggestions as spans
    (how good the suggestions are against each annotator).

    `tokens` (document id -> token starts, ends) is the caller's cache: texts never change, so
    documents tokenized once are not read again.
    """
    schema = project.schema
    if label is not None and not schema.has_label(label):
        raise AnnotationError(f"unknown label {label!r} (labels: {', '.join(schema.label_names)})")
    t0 = time.perf_counter()
    with project.db.read() as s:
        # only documents at least two annotators finished can be compared
        finishers: dict[int, list[str]] = defaultdict(list)
        for doc_id, name in s.execute(
            select(AnnotationSetRow.document_id, AnnotatorRow.name)
            .join(AnnotatorRow, AnnotatorRow.id == AnnotationSetRow.annotator_id)
            .where(AnnotationSetRow.kind == SetKind.ANNOTATION.value, AnnotationSetRow.status == Status.DONE.value)
        ):
            finishers[doc_id].append(name)
        pseudo: dict[int, list[Any]] = {}
        if model is not None:
            pseudo = model_spans(s, model, sorted(finishers))
            for doc_id in pseudo:
                finishers[doc_id].append(f"model:{model}")
        ids = sorted(d for d, names in finishers.items() if len(names) >= 2)
        with paused_gc():
            work = finished_work(s, ids, schema.label_names)
            if model is not None:
                work = _with_pseudo_annotator(work, f"model:{model}", ids, pseudo, schema.label_names)
        titles: dict[int, str] = {}
        missing = [d for d in ids if d not in tokens]
        for chunk in chunks(ids, 500):
            rows = s.execute(select(DocumentRow.id, DocumentRow.title).where(DocumentRow.id.in_(chunk))).all()
            titles.update(dict(rows))
        stored = read_tokens(s, missing)
        for did, blob in stored.items():
            flat = np.frombuffer(blob, dtype="<i4")  # a view of the stored bytes: no copy
            tokens[did] = (flat[0::2], flat[1::2])
        computed: list[tuple[int, bytes]] = []
        for chunk in chunks([d for d in missing if d not in stored], 200):
            for did, text in s.execute(select(DocumentRow.id, DocumentRow.text).where(DocumentRow.id.in_(chunk))):
                toks = tokenize(text)
                tokens[did] = token_arrays_from_flat(np.array(toks, dtype=np.int64).reshape(-1))
                computed.append((did, pack_offsets(toks)))
        total_docs = s.scalar(select(func.count()).select_from(DocumentRow)) or 0
        out: list[dict[str, Any]] = []
        if left_out:
            for did, title in s.execute(select(DocumentRow.id, DocumentRow.title).order_by(DocumentRow.id)):
                names = finishers.get(did, [])
                if len(names) < 2:
                    out.append({"document_id": did, "title": title, "finished": sorted(names)})
    if computed:  # kept for the next run (texts never change); not stored when the database is busy
        try:
            with project.db.write() as s:
                write_tokens(s, computed)
        except AnnotatorError:
            pass
    docs = [AgreementDocument(d, titles.get(d, ""), *tokens[d]) for d in ids]
    t1 = time.perf_counter()
    report = compute_agreement(docs, schema.label_names, label=label, by_document=by_document, work=work)
    report["documents_in_project"] = int(total_docs)
    one = sum(1 for names in finishers.values() if len(names) == 1)
    report["documents_finished_by_one"] = one
    report["documents_unfinished"] = max(0, int(total_docs) - len(ids) - one)
    if left_out:
        report["left_out"] = out
    report["seconds"] = {"load": round(t1 - t0, 3), "compute": round(time.perf_counter() - t1, 3)}
    return report


def finished_work(s: Session, document_ids: list[int], labels: tuple[str, ...] | list[str]) -> FinishedWork:
    """The finished (``done``) annotation sets of the documents as columns, straight from SQL.

    No `Span` objects: 1.2 million spans load in a few seconds instead of many.
    """
    conn = s.connection()
    st, an, _sp, rc = (t.__table__.c for t in (AnnotationSetRow, AnnotatorRow, SpanRow, RelationRow))
    doc_index = {d: i for i, d in enumerate(document_ids)}
    set_rows: list[Any] = []
    for chunk in chunks(document_ids, 500):
        set_rows += conn.execute(
            select(st.id, st.document_id, an.name)
            .join(AnnotatorRow.__table__, an.id == st.annotator_id)
            .where(st.kind == SetKind.ANNOTATION.value, st.status == Status.DONE.value, st.document_id.in_(chunk))
        ).all()
    names = sorted({r[2] for r in set_rows})
    ann_index = {n: i for i, n in enumerate(names)}
    set_ann = {r[0]: ann_index[r[2]] for r in set_rows}
    set_doc = {r[0]: doc_index[r[1]] for r in set_rows}
    finished = np.zeros((len(names), len(document_ids)), dtype=bool)
    for set_id, a in set_ann.items():
        finished[a, set_doc[set_id]] = True
    set_ids = sorted(set_ann)
    relations: list[tuple[int, int, Any]] = []
    head, tail = SpanRow.__table__.alias("head"), SpanRow.__table__.alias("tail")
    label_index = {name: i for i, name in enumerate(labels)}
    # spans through the driver's own cursor, a chunk at a time straight into int columns: no
    # Row objects, no million-tuple list (a third of the time and memory of `conn.execute(...).all()`)
    dbapi = conn.connection.dbapi_connection
    mark = "?" if conn.dialect.paramstyle == "qmark" else "%s"
    parts: list[tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]] = []
    for chunk in chunks(set_ids, 500):
        cur = dbapi.cursor()
        try:
            cur.execute(f'SELECT set_id, start, "end", label FROM span WHERE set_id IN ({",".join([mark] * len(chunk))})',
                        chunk)
            rows = cur.fetchall()
        finally:
            cur.close()
        k = len(rows)
        if k:
            set_col, start_col, end_col, label_names = zip(*rows, strict=True)
            del rows
            try:
                label_part = np.fromiter(map(label_index.__getitem__, label_names), dtype=np.int64, count=k)
            except KeyError as exc:
                raise AnnotationError(f"label {exc.args[0]!r} is in use but not in the schema") from None
            parts.append((np.fromiter(set_col, dtype=np.int64, count=k), np.fromiter(start_col, dtype=np.int64, count=k),
                          np.fromiter(end_col, dtype=np.int64, count=k), label_part))
        for set_id, hs, he, hl, ts, te, tl, label in conn.execute(
            select(rc.set_id, head.c.start, head.c.end, head.c.label, tail.c.start, tail.c.end, tail.c.label, rc.label)
            .join(head, head.c.id == rc.head_id)
            .join(tail, tail.c.id == rc.tail_id)
            .where(rc.set_id.in_(chunk))
        ).all():
            relations.append((set_ann[set_id], set_doc[set_id], ((hs, he, hl), (ts, te, tl), label)))
    empty = np.zeros(0, dtype=np.int64)
    set_of, start_of, end_of, label_col = (np.concatenate(c) if c else empty for c in zip(*parts, strict=False)) if parts else (
        empty, empty, empty, empty)
    n = len(set_of)
    sorted_sets = np.array(set_ids, dtype=np.int64)
    pos = np.searchsorted(sorted_sets, set_of)
    ann_of = np.array([set_ann[x] for x in set_ids], dtype=np.int64)
    doc_of = np.array([set_doc[x] for x in set_ids], dtype=np.int64)
    return FinishedWork(
        annotators=names,
        finished=finished,
        ann=ann_of[pos] if n else empty,
        doc=doc_of[pos] if n else empty,
        start=start_of,
        end=end_of,
        label=label_col,
        relations=relations,
    )


def _with_pseudo_annotator(
    work: FinishedWork, name: str, document_ids: list[int], spans: dict[int, list[Any]], labels: Any
) -> FinishedWork:
    """`work` with one more annotator, `name`, who finished the documents of `spans` with those spans."""
    doc_index = {d: i for i, d in enumerate(document_ids)}
    label_index = {n: i for i, n in enumerate(labels)}
    a = len(work.annotators)
    finished = np.zeros((a + 1, len(document_ids)), dtype=bool)
    finished[:a] = work.finished
    rows = [(doc_index[d], st, en, label_index[lab]) for d, keys in spans.items() if d in doc_index
            for st, en, lab in keys if lab in label_index]
    for d in spans:
        if d in doc_index:
            finished[a, doc_index[d]] = True
    cols = np.array(rows, dtype=np.int64).reshape(-1, 4)
    return FinishedWork(
        annotators=[*work.annotators, name],
        finished=finished,
        ann=np.concatenate([work.ann, np.full(len(rows), a, dtype=np.int64)]),
        doc=np.concatenate([work.doc, cols[:, 0]]),
        start=np.concatenate([work.start, cols[:, 1]]),
        end=np.concatenate([work.end, cols[:, 2]]),
        label=np.concatenate([work.label, cols[:, 3]]),
        relations=work.relations,
    )
