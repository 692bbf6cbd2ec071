"""Merging into gold: a policy's choice for each document, and the one write of a gold set.

`merge` recomputes the automatic part of every gold set (decisions and the reviewer's own gold
entries are kept); `write_gold` makes a gold set hold exactly the spans and relations it is given,
with their provenance — what a merge and every review decision write.
"""

from __future__ import annotations

import time
from dataclasses import asdict, dataclass
from typing import Any

from sqlalchemy import select, text, update
from sqlalchemy.orm import Session

from annotator.core.adjudication import Adjudication, GoldEntry, Policy, adjudicate
from annotator.core.changes import Change, RelationAdded, RelationRemoved, SpanAdded, SpanRemoved
from annotator.core.document import Annotator, Relation, RelationKey, SetKind, Span, SpanKey, Status
from annotator.services.protocols import ProjectServices
from annotator.services.review.load import DocumentData, Key, load
from annotator.storage.changes import RowIds, write_changes
from annotator.storage.orm import AnnotationSetRow, RelationRow, SpanRow, utcnow
from annotator.storage.sets import find_set_row


@dataclass
class MergeReport:
    policy: str
    documents: int = 0
    spans_added: int = 0
    spans_removed: int = 0
    relations_added: int = 0
    relations_removed: int = 0
    decisions_kept: int = 0
    conflicts_left: int = 0
    seconds: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def merge_gold(project: ProjectServices, policy: Policy, who: Annotator, document_id: int | None = None) -> MergeReport:
    """Write the gold sets of `document_id` (None: every annotated document) with `policy`; one transaction."""
    t0 = time.perf_counter()
    report = MergeReport(policy=str(policy))
    if document_id is not None:
        project.document(document_id)
    with project.db.write() as s:
        lock_review(s, document_id)
        ids = [document_id] if document_id is not None else list(
            s.scalars(
                select(AnnotationSetRow.document_id)
                .where(AnnotationSetRow.kind == SetKind.ANNOTATION.value)
                .distinct()
                .order_by(AnnotationSetRow.document_id)
            )
        )
        data = load(s, ids)
        for d in ids:
            dd = data[d]
            # an earlier auto-merge is recomputed: only the reviewer's own gold entries are inputs
            kept = {k: e for k, e in dd.gold_entries().items() if not e.is_auto}
            adj = adjudicate(d, dd.sets, dd.decisions, policy, kept)
            if not adj.finished and not dd.decisions and dd.gold_id is None:
                continue  # nothing finished, nothing decided: no gold yet
            spans, rels = adj.merged_gold(policy)
            write_gold(s, d, dd, spans, rels, report, adj, policy=policy, merged_by=who.name)
            report.conflicts_left += adj.conflicts_left
            report.decisions_kept += len(dd.decisions)
            report.documents += 1
    report.seconds = round(time.perf_counter() - t0, 3)
    return report


# PostgreSQL advisory lock namespace of review writes: (REVIEW_LOCK, document id) for one document's
# decisions, (REVIEW_LOCK, 0) for a merge of every document (see `lock_review`)
REVIEW_LOCK = 7302


def lock_review(s: Session, document_id: int | None) -> None:
    """Make concurrent review writes of a document wait for each other (PostgreSQL; SQLite's write
    lock, taken as the unit of work begins, already does).

    One document's writes take its advisory lock (and the all-documents one shared); a merge of
    every document takes the all-documents one. The gold rows are locked too, so an edit of a gold
    set through `open_gold` waits, then fails its version check, instead of writing on a view
    this write made stale.
    """
    if s.connection().dialect.name != "postgresql":
        return
    gold = select(AnnotationSetRow.id).where(AnnotationSetRow.kind == SetKind.GOLD.value)
    if document_id is None:
        s.execute(text("SELECT pg_advisory_xact_lock(:ns, 0)"), {"ns": REVIEW_LOCK})
    else:
        s.execute(
            text("SELECT pg_advisory_xact_lock_shared(:ns, 0), pg_advisory_xact_lock(:ns, :d)"),
            {"ns": REVIEW_LOCK, "d": document_id},
        )
        gold = gold.where(AnnotationSetRow.document_id == document_id)
    s.execute(gold.with_for_update()).all()


def write_gold(
    s: Session,
    document_id: int,
    dd: DocumentData,
    spans: dict[SpanKey, GoldEntry],
    rels: dict[RelationKey, GoldEntry],
    report: MergeReport,
    state: Adjudication,
    policy: Policy | None = None,
    merged_by: str | None = None,
) -> None:
    """Make the document's gold set hold exactly `spans` and `rels` (with their provenance).

    `state` is the document's adjudication that chose them: its open candidates are the
    ones left after this write (it sets the gold set's status).
    """
    if dd.gold_id is None:
        if not spans and not rels and policy is None:
            return
        row = find_set_row(s, document_id, None, SetKind.GOLD, create=True)
        assert row is not None
        dd.gold_id = row.id
    set_id = dd.gold_id
    old_spans, old_rels = dd.gold_spans, dd.gold_relations
    gone_rels = [k for k in old_rels if k not in rels]
    gone_spans = [k for k in old_spans if k not in spans]
    new_spans = [k for k in spans if k not in old_spans]
    new_rels = [k for k in rels if k not in old_rels]
    # the spans and relations through the one write path of every set; provenance rides along
    changes: list[Change] = [RelationRemoved(Relation(*k)) for k in gone_rels]
    changes += [SpanRemoved(Span(*k)) for k in gone_spans]
    changes += [SpanAdded(Span(*k)) for k in new_spans]
    changes += [RelationAdded(Relation(*k)) for k in new_rels]
    if changes:
        ids = RowIds({k: sid for k, (sid, _) in old_spans.items()}, {k: rid for k, (rid, _) in old_rels.items()})
        meta: dict[Key, dict[str, Any]] = {k: spans[k].to_meta() for k in new_spans}
        meta.update((k, rels[k].to_meta()) for k in new_rels)
        write_changes(s, set_id, changes, ids, meta=meta)
    changed = [
        {"id": old_spans[k][0], "meta": e.to_meta()} for k, e in spans.items() if k in old_spans and old_spans[k][1] != e
    ]
    if changed:
        s.execute(update(SpanRow), changed)  # bulk UPDATE by primary key (executemany)
    changed = [
        {"id": old_rels[k][0], "meta": e.to_meta()} for k, e in rels.items() if k in old_rels and old_rels[k][1] != e
    ]
    if changed:
        s.execute(update(RelationRow), changed)
    set_meta = dict(dd.gold_meta)
    if policy is not None:
        set_meta.update(policy=str(policy), merged_by=merged_by, merged=utcnow().isoformat(timespec="seconds"))
    s.execute(
        update(AnnotationSetRow)
        .where(AnnotationSetRow.id == set_id)
        .values(
            span_count=len(spans),
            version=AnnotationSetRow.version + 1,
            status=(Status.DONE if state.conflicts_left == 0 and state.finished else Status.IN_PROGRESS).value,
            meta=set_meta,
            updated=utcnow(),
        )
    )
    report.spans_added += len(new_spans)
    report.spans_removed += len(gone_spans)
    report.relations_added += len(new_rels)
    report.relations_removed += len(gone_rels)
