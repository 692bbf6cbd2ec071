"""Where review stands: a row per document (`review status`), progress, and the reviewer's worklist.

`StatusCache` keeps the rows of every document between calls, so that the window can ask for
progress after every key press and list the documents in the reviewer's order without a second
pass over the corpus.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlalchemy import delete, insert, select, text
from sqlalchemy.orm import Session

from annotator.core.adjudication import CandidateState
from annotator.core.agreement import paused_gc
from annotator.core.errors import AnnotationError, AnnotatorError
from annotator.services.protocols import ProjectServices
from annotator.services.review.load import DocumentData, chunks, load
from annotator.storage import search
from annotator.storage.derived import ADVISORY_NAMESPACE, ReviewStateRow
from annotator.storage.orm import DocumentRow

# the states of `review status`, in the reviewer's order: what needs her first
REVIEW_ORDER = ("conflicts", "to merge", "waiting", "done", "unannotated")


@dataclass(frozen=True)
class DocumentReview:
    """One row of `review status`. `state`: unannotated | waiting | to merge | conflicts | done."""

    document_id: int
    title: str
    participants: int
    finished: int
    candidates: int
    conflicts_left: int
    gold_spans: int
    state: str
    counts: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class ReviewProgress:
    document_id: int | None
    conflicts_left: int
    documents_left: int
    documents_done: int
    documents_total: int
    documents_waiting: int = 0  # annotators are on them, nobody finished
    documents_unannotated: int = 0  # nobody opened them


def review_status(
    project: ProjectServices, document_ids: Iterable[int] | None = None, *, store: bool = True
) -> list[DocumentReview]:
    """A row per document (all of them by default), in id order.

    Rows come from the stored review state (`annotator.storage.derived`); only documents whose
    row is missing (new, or changed since — triggers delete the row of a changed document) are
    adjudicated again, and their rows stored for the next call (`store=False`: not stored — a
    one-document refresh after each key press takes no write lock). Cost: one read of the stored
    rows plus ~1 ms per changed document.
    """
    st = ReviewStateRow.__table__.c
    with project.db.read() as s:
        q = (
            select(DocumentRow.id, DocumentRow.title, st.state, st.participants, st.finished, st.candidates,
                   st.conflicts_left, st.gold_spans, st.counts)
            .outerjoin(ReviewStateRow.__table__, st.document_id == DocumentRow.id)
            .order_by(DocumentRow.id)
        )
        if document_ids is not None:
            wanted = list(document_ids)
            rows = [r for chunk in chunks(wanted, 500) for r in s.execute(q.where(DocumentRow.id.in_(chunk))).all()]
        else:
            rows = s.execute(q).all()
    titles = {r[0]: r[1] for r in rows}
    ids = [r[0] for r in rows] if document_ids is None else [d for d in wanted if d in titles]
    out: dict[int, DocumentReview] = {}
    stale: list[int] = []
    for r in rows:
        if r[2] is None:
            stale.append(r[0])
        else:
            out[r[0]] = DocumentReview(r[0], r[1], r[3], r[4], r[5], r[6], r[7], r[2], dict(r[8] or {}))
    if stale and store:
        out.update(_recompute(project, stale, titles))
    elif stale:
        with project.db.read() as s:
            out.update((r.document_id, r) for r in _adjudicated(s, stale, titles))
    return [out[d] for d in ids]


def _recompute(project: ProjectServices, ids: list[int], titles: dict[int, str]) -> dict[int, DocumentReview]:
    """Adjudicate `ids` again and store their rows (each chunk in one write transaction, reading
    the sets inside it, so no write can slip between the read and the stored row; on PostgreSQL
    the triggers and this take a per-document advisory lock for the same reason). When the
    database cannot be written (read-only, locked), the rows are computed and not stored."""
    out: dict[int, DocumentReview] = {}
    for chunk in chunks(ids, 500):
        try:
            with project.db.write() as s:
                if s.get_bind().dialect.name == "postgresql":
                    s.execute(text("SELECT pg_advisory_xact_lock_shared(:ns, d) FROM unnest(CAST(:ids AS int[])) AS d"),
                              {"ns": ADVISORY_NAMESPACE, "ids": chunk})
                rows = store_review_state(s, chunk, titles)
        except AnnotatorError:
            with project.db.read() as s:
                rows = _adjudicated(s, chunk, titles)
        out.update((r.document_id, r) for r in rows)
    return out


def store_review_state(s: Session, ids: list[int], titles: dict[int, str] | None = None) -> list[DocumentReview]:
    """Adjudicate `ids` and store their review rows, in the caller's write transaction `s` (the
    importer calls it for the documents whose sets it wrote). Returns the rows."""
    rows = _adjudicated(s, ids, titles or {})
    for chunk in chunks(ids, 500):
        s.execute(delete(ReviewStateRow).where(ReviewStateRow.document_id.in_(chunk)))
    if rows:
        s.execute(insert(ReviewStateRow), [
            {"document_id": r.document_id, "state": r.state, "participants": r.participants,
             "finished": r.finished, "candidates": r.candidates, "conflicts_left": r.conflicts_left,
             "gold_spans": r.gold_spans, "counts": r.counts}
            for r in rows
        ])
    return rows


def _adjudicated(s: Session, ids: list[int], titles: dict[int, str]) -> list[DocumentReview]:
    data = load(s, ids)
    with paused_gc():
        return [document_review(d, titles.get(d, ""), data[d]) for d in ids]


def document_review(d: int, title: str, dd: DocumentData) -> DocumentReview:
    adj = dd.adjudicate(d)
    counts = adj.counts()
    if not adj.participants:
        state = "unannotated"
    elif not adj.finished:
        state = "waiting"
    elif adj.conflicts_left:
        state = "conflicts"
    elif dd.gold_id is None or counts[CandidateState.AGREED.value]:
        state = "to merge"
    else:
        state = "done"
    return DocumentReview(
        document_id=d,
        title=title,
        participants=len(adj.participants),
        finished=len(adj.finished),
        candidates=len(adj.candidates),
        conflicts_left=adj.conflicts_left,
        gold_spans=sum(1 for c in adj.spans if c.in_gold),
        state=state,
        counts=counts,
    )


class StatusCache:
    """The review rows of every document, read once and then kept current document by document."""

    def __init__(self, project: ProjectServices) -> None:
        self.project = project
        self._rows: dict[int, DocumentReview] | None = None

    def rows(self, refresh: bool = False) -> dict[int, DocumentReview]:
        if refresh or self._rows is None:
            self._rows = {r.document_id: r for r in review_status(self.project)}
        return self._rows

    def get(self, document_id: int) -> DocumentReview | None:
        return self._rows.get(document_id) if self._rows is not None else None

    def put(self, rows: Iterable[DocumentReview]) -> None:
        """Rows read elsewhere (live updates: other people's changes) replace the cached ones."""
        if self._rows is not None:
            self._rows.update((r.document_id, r) for r in rows)

    def changed(self, document_id: int | None) -> None:
        """A write changed `document_id` (None: any document): its row is read again (or all, later)."""
        if document_id is None:
            self._rows = None
        elif self._rows is not None:
            self._rows[document_id] = review_status(self.project, [document_id], store=False)[0]

    def progress(self, document_id: int | None = None, refresh: bool = False) -> ReviewProgress:
        cache = self.rows(refresh)
        if document_id is not None:
            [row] = review_status(self.project, [document_id], store=False)
            cache[document_id] = row
        by_state = {st: 0 for st in REVIEW_ORDER}
        for r in cache.values():
            by_state[r.state] += 1
        here = cache[document_id].conflicts_left if document_id is not None else 0
        return ReviewProgress(
            document_id,
            here,
            documents_left=by_state["to merge"] + by_state["conflicts"],
            documents_done=by_state["done"],
            documents_total=len(cache),
            documents_waiting=by_state["waiting"],
            documents_unannotated=by_state["unannotated"],
        )

    def worklist(self, text: str | None = None, state: str | None = None) -> list[DocumentReview]:
        if state is not None and state not in REVIEW_ORDER:
            raise AnnotationError(f"unknown review state {state!r} (states: {', '.join(REVIEW_ORDER)})")
        folded = (search.fold_query(text) if text else None) or None
        with self.project.db.read() as s:
            q = select(DocumentRow.id)
            if folded:  # the document list's search: case and diacritics ignored, same as Ctrl+F
                q = q.where(search.contains(s.get_bind().dialect.name, folded))
            ids = list(s.scalars(q))
        cache = self.rows()
        missing = [d for d in ids if d not in cache]
        if missing:
            cache.update((r.document_id, r) for r in review_status(self.project, missing, store=False))
        rank = {st: i for i, st in enumerate(REVIEW_ORDER)}
        rows = [cache[d] for d in ids if d in cache and (state is None or cache[d].state == state)]
        rows.sort(key=lambda r: (rank[r.state], r.document_id))
        return rows
