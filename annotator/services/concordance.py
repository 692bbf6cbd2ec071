"""Concordance (every hit of a phrase in the corpus, in context) and labelling hits corpus-wide.

For the window's concordance dock and `annotator search`. The API:

    result = search(project, "binh thuan", annotator, limit=200)          # Concordance
    for doc in result.documents:                                          # DocumentHits, id order
        doc.document_id, doc.uid, doc.title, doc.writable
        for hit in doc.hits:                                              # Hit, text order
            hit.start, hit.end, hit.text, hit.left, hit.right             # stored offsets, KWIC
            hit.status            # "labelled" | "overlapping" | "free" (in the annotator's set)
            hit.labels            # labels of her spans with exactly these offsets
            hit.overlapping       # her spans that overlap the hit otherwise (Span values)
    more = search(project, q, annotator, after=result.next_after)        # the next page
    preview = preview_label(project, annotator, "LOC", hits)              # hits: selected Hit
                                                                          # values, or result.hits()
    preview.documents            # LabelPlan per document: spans to add, hits skipped and why
    preview.unsnappable          # hits that cannot become a span (inside a word), listed
    steps = apply_label(project, preview, sessions={doc_id: open_session})  # one step per document
    undo_step(project, steps[0], session=...)                             # undo one document's step

Matching is Ctrl+F's (`annotator.core.concordance.find_hits`): no case, no diacritics, `đ` = `d`,
a query typed in decomposed Unicode (NFD) or in capitals is the same query. The search index
(`annotator.storage.search`: FTS5 trigram on SQLite, pg_trgm on PostgreSQL) gives the candidate
documents in id order; each is then searched exactly, so a document that matches only in its
title has no hit and is left out. Pages are bounded by hits (`limit`) and by the documents read
per page (`max_documents`): a rare phrase costs one index lookup and the few documents that hold
it; a common one stops after `limit` hits and continues from `next_after`.

Who may label where: `label` adds spans only to the annotator's own annotation set, and only on
documents she may write: when documents are assigned (`annotator assign`), those assigned to her
(the rule of her document list, `documents.assigned_only`, which a team server's row-level
security enforces as well); else every document. Hits in other documents are shown with
`writable` False and are skipped by `preview_label` with that reason. Each document's new spans
are one `LabelHits` command applied through an `AnnotationSession` (one transaction, one undo
step: `LabelStep.inverse`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from annotator.core.concordance import LabelHits, context, find_hits, fold_query, hit_extent
from annotator.core.document import Annotator, SetKind, Span
from annotator.core.errors import AnnotationError
from annotator.core.tokenize import TokenIndex
from annotator.services.annotate import AnnotationSession
from annotator.services.documents import assigned_only
from annotator.services.protocols import ProjectServices
from annotator.storage import search as index
from annotator.storage.orm import AnnotationSetRow, AssignmentRow, DocumentRow, SpanRow

DEFAULT_LIMIT = 200  # hits per page
DEFAULT_CONTEXT = 40  # characters of context on each side
BATCH = 200  # candidate documents read at once


@dataclass(frozen=True, slots=True)
class Hit:
    """One occurrence of the query: stored offsets `start:end` (code points) in the document's
    text, the matched `text`, up to `context` characters `left` and `right` of it, and what the
    annotator's set has there."""

    document_id: int
    start: int
    end: int
    text: str
    left: str
    right: str
    labels: tuple[str, ...] = ()  # labels of her spans with exactly these offsets
    overlapping: tuple[Span, ...] = ()  # her other spans that overlap the hit

    @property
    def status(self) -> str:
        """`labelled` (a span with these offsets), `overlapping` (only spans that overlap it), `free`."""
        return "labelled" if self.labels else ("overlapping" if self.overlapping else "free")

    def to_dict(self) -> dict[str, Any]:
        return {
            "start": self.start, "end": self.end, "text": self.text, "left": self.left, "right": self.right,
            "status": self.status, "labels": list(self.labels),
            "overlapping": [{"start": s.start, "end": s.end, "label": s.label} for s in self.overlapping],
        }


@dataclass(frozen=True, slots=True)
class DocumentHits:
    document_id: int
    uid: str
    title: str
    writable: bool  # the annotator may label here (see the module doc)
    hits: tuple[Hit, ...]
    complete: bool = True  # False: the page ends inside this document (its other hits follow)

    def to_dict(self) -> dict[str, Any]:
        return {"document_id": self.document_id, "uid": self.uid, "title": self.title, "writable": self.writable,
                "complete": self.complete, "hits": [h.to_dict() for h in self.hits]}


@dataclass(frozen=True)
class Concordance:
    """One page of hits, grouped by document in id order.

    `next_after`: pass it as `after` for the next page (None: this was the last).
    `documents_read`: candidate documents searched for this page (including those without a
    hit in their text: the query was only in the title).
    """

    query: str
    folded: str
    annotator: str | None
    documents: tuple[DocumentHits, ...]
    next_after: tuple[int, int] | None
    documents_read: int = 0

    @property
    def hit_count(self) -> int:
        return sum(len(d.hits) for d in self.documents)

    def hits(self, status: str | None = None) -> list[Hit]:
        """Every hit of the page (of one status: `free`, `overlapping`, `labelled`)."""
        return [h for d in self.documents for h in d.hits if status is None or h.status == status]

    def to_dict(self) -> dict[str, Any]:
        return {
            "query": self.query, "folded": self.folded, "annotator": self.annotator,
            "documents": [d.to_dict() for d in self.documents], "hits": self.hit_count,
            "next_after": list(self.next_after) if self.next_after else None, "documents_read": self.documents_read,
        }


def _writable_ids(s, annotator: Annotator | None, ids: Sequence[int]) -> set[int]:
    if annotator is None:
        return set()
    if not assigned_only(s, annotator):
        return set(ids)
    out: set[int] = set()
    for chunk in _chunks(ids):
        out.update(s.scalars(select(AssignmentRow.document_id).where(
            AssignmentRow.annotator_id == annotator.id, AssignmentRow.document_id.in_(chunk))))
    return out


def _chunks(ids: Sequence[int], n: int = 5000) -> list[list[int]]:
    """`ids` in lists of at most `n` (a statement's bound parameters stay few)."""
    ids = list(ids)
    return [ids[i : i + n] for i in range(0, len(ids), n)]


def _spans_of(s, annotator: Annotator | None, ids: Sequence[int]) -> dict[int, list[Span]]:
    out: dict[int, list[Span]] = defaultdict(list)
    if annotator is None or not ids:
        return out
    for chunk in _chunks(ids):
        q = (
            select(AnnotationSetRow.document_id, SpanRow.start, SpanRow.end, SpanRow.label)
            .join(SpanRow, SpanRow.set_id == AnnotationSetRow.id)
            .where(
                AnnotationSetRow.annotator_id == annotator.id,
                AnnotationSetRow.kind == SetKind.ANNOTATION.value,
                AnnotationSetRow.document_id.in_(chunk),
            )
        )
        for doc_id, start, end, label in s.execute(q):
            out[doc_id].append(Span(start, end, label))
    return out


def _candidates(
    s, folded: str, lower: int | None, inclusive: bool, batch: int, mine: Annotator | None
) -> list[int]:
    """Ids of up to `batch` documents the index says contain `folded`, after `lower` (or from it,
    `inclusive`), in id order; with `mine`, only those assigned to that annotator."""
    dialect = s.get_bind().dialect.name
    ids = index.matching_ids(dialect, folded)
    col = ids.selected_columns[0]
    if lower is not None:
        ids = ids.where(col >= lower if inclusive else col > lower)
    if mine is not None:
        ids = ids.where(col.in_(select(AssignmentRow.document_id).where(AssignmentRow.annotator_id == mine.id)))
    return [int(i) for i in s.scalars(ids.order_by(col).limit(batch))]


def search(
    project: ProjectServices,
    query: str,
    annotator: Annotator | None = None,
    *,
    limit: int = DEFAULT_LIMIT,
    after: tuple[int, int] | None = None,
    width: int = DEFAULT_CONTEXT,
    max_documents: int | None = None,
    mine_only: bool = False,
) -> Concordance:
    """One page of the concordance of `query` (see the module doc).

    `limit`: hits per page (≥ 1). `after`: `(document_id, start)` of the last hit already shown
    (a `Concordance.next_after`); the page begins after it. `width`: characters of context on
    each side. `max_documents`: at most this many candidate documents are read for the page
    (None: until `limit` hits or the end). `mine_only`: only documents assigned to `annotator`
    when documents are assigned to her (her document list). Labels and `writable` are those of
    `annotator`'s own annotation set (none without an annotator). AnnotationError for an empty
    query or a limit below 1.
    """
    folded = fold_query(query)
    if not folded.strip():
        raise AnnotationError("the search phrase is empty")
    if limit < 1:
        raise AnnotationError("the limit must be at least 1")
    if max_documents is not None and max_documents < 1:
        raise AnnotationError("max_documents must be at least 1")
    docs: list[DocumentHits] = []
    taken = 0
    read = 0
    next_after: tuple[int, int] | None = None
    after_id, after_start = after if after is not None else (None, -1)
    last = after_id or 0
    with project.db.read() as s:
        mine = annotator if mine_only and assigned_only(s, annotator) else None
        lower, inclusive = after_id, True
        while True:
            batch = BATCH if max_documents is None else min(BATCH, max_documents - read)
            if batch <= 0:  # the budget of documents is spent: the next page begins after the last read
                next_after = (last + 1, -1)
                break
            ids = _candidates(s, folded, lower, inclusive, batch, mine)
            if not ids:
                break
            rows = s.execute(
                select(DocumentRow.id, DocumentRow.uid, DocumentRow.title, DocumentRow.text).where(
                    DocumentRow.id.in_(ids)
                )
            ).all()
            by_id = {r.id: r for r in rows}
            spans = _spans_of(s, annotator, ids)
            writable = _writable_ids(s, annotator, ids)
            for doc_id in ids:
                read += 1
                last = doc_id
                r = by_id.get(doc_id)
                if r is None:
                    continue
                found = [h for h in find_hits(r.text, query) if doc_id != after_id or h[0] > after_start]
                if not found:
                    continue
                room = limit - taken
                complete = len(found) <= room
                found = found[:room]
                hits = tuple(_hit(doc_id, r.text, a, b, width, spans.get(doc_id, ())) for a, b in found)
                docs.append(DocumentHits(doc_id, r.uid, r.title, doc_id in writable, hits, complete))
                taken += len(found)
                if taken >= limit:
                    next_after = (doc_id, found[-1][0])
                    break
            if next_after is not None or len(ids) < batch:
                break
            lower, inclusive = ids[-1], False
    return Concordance(query, folded, annotator.name if annotator else None, tuple(docs), next_after, read)


def _hit(doc_id: int, text: str, start: int, end: int, width: int, spans: Iterable[Span]) -> Hit:
    labels: list[str] = []
    overlapping: list[Span] = []
    for sp in spans:
        if sp.start == start and sp.end == end:
            labels.append(sp.label)
        elif sp.start < end and start < sp.end:
            overlapping.append(sp)
    left, right = context(text, start, end, width)
    return Hit(doc_id, start, end, text[start:end], left, right, tuple(sorted(labels)), tuple(sorted(overlapping)))


def search_all(project: ProjectServices, query: str, annotator: Annotator | None = None, *,
               page: int = 1000, mine_only: bool = False) -> list[Hit]:
    """Every hit of `query` in the corpus (page after page; for label-all over the whole corpus)."""
    out: list[Hit] = []
    after = None
    while True:
        result = search(project, query, annotator, limit=page, after=after, width=0, mine_only=mine_only)
        out.extend(result.hits())
        if result.next_after is None:
            return out
        after = result.next_after


# -- label-all ------------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Skipped:
    """A hit that will not be labelled, and why (`reason`, one line)."""

    hit: Hit
    reason: str


@dataclass(frozen=True)
class LabelPlan:
    """What labelling does to one document: the spans it adds (snapped to tokens), the hits it skips."""

    document_id: int
    title: str
    spans: tuple[Span, ...]
    skipped: tuple[Skipped, ...] = ()


@dataclass(frozen=True)
class LabelPreview:
    """What `apply_label` would do, document by document; nothing is written by the preview."""

    annotator: Annotator
    label: str
    query: str
    documents: tuple[LabelPlan, ...]
    unsnappable: tuple[Skipped, ...]  # hits that cannot become a span (no token, inside a word)
    skipped: tuple[Skipped, ...]  # every other hit left out (already labelled, not hers to write)

    @property
    def span_count(self) -> int:
        return sum(len(d.spans) for d in self.documents)

    def to_dict(self) -> dict[str, Any]:
        def sk(x: Skipped) -> dict[str, Any]:
            return {"document_id": x.hit.document_id, "start": x.hit.start, "end": x.hit.end, "text": x.hit.text,
                    "reason": x.reason}

        return {
            "label": self.label, "query": self.query, "annotator": self.annotator.name, "spans": self.span_count,
            "documents": [{"document_id": d.document_id, "title": d.title,
                           "spans": [{"start": s.start, "end": s.end, "label": s.label} for s in d.spans]}
                          for d in self.documents],
            "unsnappable": [sk(x) for x in self.unsnappable], "skipped": [sk(x) for x in self.skipped],
        }


def preview_label(
    project: ProjectServices,
    annotator: Annotator,
    label: str,
    hits: Iterable[Hit],
    *,
    query: str = "",
    only_free: bool = False,
    sessions: Mapping[int, AnnotationSession] | None = None,
) -> LabelPreview:
    """Which spans labelling `hits` with `label` adds to `annotator`'s set, per document.

    Each hit is snapped to tokens (`annotator.core.concordance.hit_extent`): a hit that holds no
    token or starts or ends inside a word is listed in `unsnappable`. Skipped (with the reason):
    hits in documents she may not write; hits whose snapped extent her set already has with this
    label; with `only_free`, hits her set already labels with any label (a span with exactly
    those offsets). `sessions`: open sessions by document id (the window's open article), whose
    spans and tokens are used instead of reading the database, so the preview matches what the
    window shows.
    AnnotationError when `label` is not in the schema or the annotator is missing.
    """
    if annotator is None:
        raise AnnotationError("labelling hits needs an annotator (--user NAME)")
    schema = project.schema
    if not schema.has_label(label):
        raise AnnotationError(f"unknown label {label!r} (not in schema {schema.name})")
    by_doc: dict[int, list[Hit]] = defaultdict(list)
    for h in hits:
        by_doc[h.document_id].append(h)
    sessions = sessions or {}
    ids = sorted(by_doc)
    plans: list[LabelPlan] = []
    unsnappable: list[Skipped] = []
    skipped: list[Skipped] = []
    with project.db.read() as s:
        writable = _writable_ids(s, annotator, ids)
        stored = _spans_of(s, annotator, [d for d in ids if d not in sessions])
        rows = {}
        for i in range(0, len(ids), BATCH):
            chunk = ids[i : i + BATCH]
            rows.update((r.id, r) for r in s.execute(
                select(DocumentRow.id, DocumentRow.title, DocumentRow.text).where(DocumentRow.id.in_(chunk))))
        for doc_id in ids:
            r = rows.get(doc_id)
            doc_hits = sorted(by_doc[doc_id], key=lambda h: (h.start, h.end))
            if r is None:
                skipped += [Skipped(h, "the document no longer exists") for h in doc_hits]
                continue
            if doc_id not in writable:
                skipped += [Skipped(h, "not assigned to you: you may not label this document") for h in doc_hits]
                continue
            session = sessions.get(doc_id)
            tokens = session.tokens if session is not None else TokenIndex(r.text)
            existing = session.spans if session is not None else stored.get(doc_id, [])
            keys = {sp.key for sp in existing}
            extents = {(sp.start, sp.end) for sp in existing}
            new: list[Span] = []
            doc_skipped: list[Skipped] = []
            for h in doc_hits:
                if r.text[h.start : h.end] != h.text:
                    doc_skipped.append(Skipped(h, "the hit is not in the document's text any more"))
                    continue
                ext = hit_extent(tokens, h.start, h.end)
                if ext is None:
                    snapped = tokens.snap(h.start, h.end)
                    why = ("holds no word" if snapped is None else
                           f"starts or ends inside a word (the whole words are “{r.text[snapped[0]:snapped[1]]}”)")
                    unsnappable.append(Skipped(h, why))
                    continue
                span = Span(ext[0], ext[1], label)
                if span.key in keys:
                    doc_skipped.append(Skipped(h, f"already labelled {label}"))
                    continue
                if only_free and (h.labels or ext in extents):
                    doc_skipped.append(Skipped(h, f"already labelled {', '.join(h.labels) or 'otherwise'}"))
                    continue
                keys.add(span.key)
                new.append(span)
            skipped += doc_skipped
            if new:
                plans.append(LabelPlan(doc_id, r.title, tuple(new), tuple(doc_skipped)))
    return LabelPreview(annotator, label, query, tuple(plans), tuple(unsnappable), tuple(skipped))


@dataclass(frozen=True)
class LabelStep:
    """One document's label-all, applied: `inverse` (an `UnlabelHits`) undoes it, `forward` redoes it."""

    document_id: int
    forward: Any
    inverse: Any
    description: str


@dataclass(frozen=True)
class LabelOutcome:
    steps: tuple[LabelStep, ...]
    failed: tuple[tuple[int, str], ...]  # (document id, one-line reason): nothing written there

    @property
    def span_count(self) -> int:
        return sum(len(s.forward.spans) for s in self.steps)


def apply_label(
    project: ProjectServices,
    preview: LabelPreview,
    *,
    sessions: Mapping[int, AnnotationSession] | None = None,
) -> LabelOutcome:
    """Apply a preview: for each document, its spans as ONE `LabelHits` command through an
    `AnnotationSession` (one transaction, one undo step). `sessions`: open sessions by document
    id (the window's current article), used instead of opening a new one, so its memory and
    observers follow. A document whose set changed meanwhile or refuses a span (a
    `ConcurrencyError`, an `AnnotationError`) is listed in `failed`, the others are applied.
    """
    from annotator.core.errors import AnnotatorError

    sessions = sessions or {}
    steps: list[LabelStep] = []
    failed: list[tuple[int, str]] = []
    for plan in preview.documents:
        session = sessions.get(plan.document_id) or project.open_annotation(plan.document_id, preview.annotator)
        if session.annotator is None or session.annotator.id != preview.annotator.id or session.kind is not SetKind.ANNOTATION:
            failed.append((plan.document_id, "the open session is not the annotator's own set"))
            continue
        todo = tuple(sp for sp in plan.spans if not session.annotations.has_span(sp.key))
        if not todo:
            continue
        command = LabelHits(todo, preview.query)
        try:
            inverse = session.apply(command)
        except AnnotatorError as exc:
            failed.append((plan.document_id, str(exc)))
            continue
        steps.append(LabelStep(plan.document_id, command, inverse, command.describe(session.document.text)))
    return LabelOutcome(tuple(steps), tuple(failed))


def undo_step(project: ProjectServices, step: LabelStep, annotator: Annotator,
              session: AnnotationSession | None = None) -> Any:
    """Undo one document's label-all (`step.inverse`) in `annotator`'s set; returns what redoes it."""
    session = session or project.open_annotation(step.document_id, annotator)
    return session.apply(step.inverse)


def label(
    project: ProjectServices,
    annotator: Annotator,
    label_name: str,
    hits: Iterable[Hit],
    *,
    query: str = "",
    only_free: bool = False,
    sessions: Mapping[int, AnnotationSession] | None = None,
) -> tuple[LabelPreview, LabelOutcome]:
    """`preview_label` then `apply_label` (for the command line, which shows the preview after)."""
    preview = preview_label(project, annotator, label_name, hits, query=query, only_free=only_free, sessions=sessions)
    return preview, apply_label(project, preview, sessions=sessions)


__all__ = [
    "Concordance",
    "DocumentHits",
    "Hit",
    "LabelOutcome",
    "LabelPlan",
    "LabelPreview",
    "LabelStep",
    "Skipped",
    "apply_label",
    "label",
    "preview_label",
    "search",
    "search_all",
    "undo_step",
]
