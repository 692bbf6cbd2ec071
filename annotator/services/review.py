"""Review: adjudicate the annotators' work into a gold set, and measure their agreement.

`Review(project)` is what the CLI (`annotator review …`, `annotator agreement`) and the window's
review mode call. Reading is open to everybody; every method that writes gold or a decision takes
the `reviewer` (an `Annotator` or a name) and raises `AnnotationError` unless that annotator has the
reviewer role. Each write is one transaction: the decision row and the gold rows change together
or not at all. The core rules (candidates, conflicts, policies, states) are in
`annotator.core.adjudication`; the agreement figures in `annotator.core.agreement`.

API for review mode
-------------------
Reading:
- ``candidates(document_id) -> Adjudication``: every span and relation candidate in text order,
  each with ``annotators``, ``votes`` (finished annotators), ``conflicts`` (label/overlap/partial),
  ``rivals``, ``state`` (accepted, rejected, agreed, disagreement, incomplete — colour by it),
  ``decision``, ``decided_by``, ``in_gold``. ``adj.conflicts()`` is the J/K list (open candidates in
  text order); ``adj.choices(candidate)`` says which annotator made which of the candidate and its
  rivals (the conflict list); ``adj.layers[name]`` is one annotator's `AnnotationSet` (show one
  layer at a time); ``adj.policy`` is the policy of the last merge (default unanimous).
- ``gold(document_id) -> AnnotationSet`` and ``gold_provenance(document_id)`` (key -> GoldEntry).
- ``progress(document_id, refresh=False) -> ReviewProgress``: conflicts left in this document,
  documents left to adjudicate (and done / total). The corpus-wide part is computed on the first
  call and cached in the `Review` object (only `document_id` is recomputed on later calls: cheap
  after every key press); ``refresh=True`` re-reads everything (annotators may have finished
  documents meanwhile). ``status(ids=None) -> list[DocumentReview]`` per document.
- ``worklist(text=None, state=None) -> list[DocumentReview]``: the document list of review mode,
  in the reviewer's order (`REVIEW_ORDER`: conflicts, to merge, waiting, done, unannotated),
  from the same cache as ``progress`` (no second pass over the corpus).
- ``open_gold(document_id, reviewer) -> AnnotationSession`` on the gold set (reviewer only).
- ``agreement(label=None, by_document=False) -> dict`` (JSON-able; the dashboard's figures).
Writing (reviewer only; each returns the document's new `Adjudication`):
- ``decide(document_id, key, "accept"|"reject", reviewer)`` (A / X): a span key
  ``(start, end, label)`` or a relation key ``(head key, tail key, label)``. Accepting a relation
  accepts its two spans too; rejecting a span takes its relations out of gold.
- ``clear_decision(document_id, key, reviewer)``: the candidate goes back to what the last
  merge's policy says.
- ``apply_decisions(SetDecisions(document_id, ((key, decision or None), …)), reviewer) -> Decided``:
  the one write path of the decisions above (the window's A / X, gold edits, undo and redo):
  returns the new `Adjudication` and the `SetDecisions` that undoes the step (the previous
  decisions, or clears).
- ``add_span / delete_span / set_label / add_relation / delete_relation (document_id, …, reviewer)``
  (E: the reviewer's own edits). They are decisions too, so re-merging keeps them.
- ``merge(policy, reviewer, document_id=None) -> MergeReport``.
Gold rows carry provenance in ``meta``: ``agreed_by`` (annotator names) and ``decided_by`` (the
reviewer's name, or ``auto:<policy>``). Gold rows without ``meta`` (edited directly through
``open_gold``) count as the reviewer's: a merge keeps them; deleting an auto-merged span that way
is not remembered by the next merge — use ``delete_span`` for that.
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np
from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from annotator.core.adjudication import (
    Adjudication,
    CandidateState,
    Decision,
    GoldEntry,
    Policy,
    RelationCandidate,
    ReviewDecision,
    SetDecisions,
    SpanCandidate,
    adjudicate,
    decision_key_json,
)
from annotator.core.agreement import (
    AgreementDocument,
    FinishedWork,
    compute_agreement,
    paused_gc,
    token_arrays,
)
from annotator.core.changes import Change, RelationAdded, RelationRemoved, SpanAdded, SpanRemoved
from annotator.core.commands import AddSpan, Annotations
from annotator.core.document import (
    AnnotationSet,
    Annotator,
    Relation,
    RelationKey,
    Role,
    SetKind,
    Span,
    SpanKey,
    Status,
    describe_key,
    is_relation_key,
    is_span_key,
)
from annotator.core.errors import AnnotationError
from annotator.core.tokenize import TokenIndex
from annotator.services.protocols import ProjectServices
from annotator.storage.changes import RowIds, write_changes
from annotator.storage.orm import (
    AnnotationSetRow,
    AnnotatorRow,
    DocumentRow,
    RelationRow,
    ReviewDecisionRow,
    SpanRow,
    utcnow,
)
from annotator.storage.sets import find_set_row

Key = SpanKey | RelationKey

# the states of `review status`, in the reviewer's order: what needs her first
REVIEW_ORDER = ("conflicts", "to merge", "waiting", "done", "unannotated")


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


@dataclass(frozen=True)
class Decided:
    """What a saved review step left: the document's adjudication, and the step that undoes it."""

    adjudication: Adjudication
    inverse: SetDecisions


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


@dataclass
class _DocData:
    sets: list[AnnotationSet] = field(default_factory=list)
    gold_id: int | None = None
    gold_meta: dict[str, Any] = field(default_factory=dict)
    gold_spans: dict[SpanKey, tuple[int, GoldEntry]] = field(default_factory=dict)
    gold_relations: dict[RelationKey, tuple[int, GoldEntry]] = field(default_factory=dict)
    decisions: list[ReviewDecision] = field(default_factory=list)

    @property
    def policy(self) -> Policy:
        return Policy.parse(self.gold_meta.get("policy") or "unanimous")

    @property
    def merged(self) -> bool:
        return bool(self.gold_meta.get("policy"))

    def gold_entries(self) -> dict[Any, GoldEntry]:
        out: dict[Any, GoldEntry] = {k: e for k, (_, e) in self.gold_spans.items()}
        out.update({k: e for k, (_, e) in self.gold_relations.items()})
        return out

    def adjudicate(self, document_id: int, policy: Policy | None = None) -> Adjudication:
        return adjudicate(document_id, self.sets, self.decisions, policy or self.policy, self.gold_entries())


class Review:
    def __init__(self, project: ProjectServices) -> None:
        self.project = project
        self._tokens: dict[int, tuple[Any, Any]] = {}  # document id -> token starts, ends (texts never change)
        self._status: dict[int, DocumentReview] | None = None  # progress() cache

    # -- reading ----------------------------------------------------------------------------
    def candidates(self, document_id: int) -> Adjudication:
        self.project.document(document_id)  # a clear error for an unknown id
        with self.project.db.read() as s:
            return self._load(s, [document_id])[document_id].adjudicate(document_id)

    def layers(self, document_id: int) -> dict[str, AnnotationSet]:
        """Each annotator's set of the document (skipped ones left out), by name."""
        return dict(self.candidates(document_id).layers)

    def gold(self, document_id: int) -> AnnotationSet:
        return self.project.sets.get(document_id, None, SetKind.GOLD)

    def gold_provenance(self, document_id: int) -> dict[Key, GoldEntry]:
        with self.project.db.read() as s:
            return self._load(s, [document_id])[document_id].gold_entries()

    def status(self, document_ids: Iterable[int] | None = None) -> list[DocumentReview]:
        with self.project.db.read() as s:
            q = select(DocumentRow.id, DocumentRow.title).order_by(DocumentRow.id)
            if document_ids is not None:
                q = q.where(DocumentRow.id.in_(list(document_ids)))
            titles = dict(s.execute(q).all())
            ids = list(titles) if document_ids is None else [d for d in document_ids if d in titles]
            data = self._load(s, ids)
        with paused_gc():
            return [self._document_review(d, titles.get(d, ""), data[d]) for d in ids]

    @staticmethod
    def _document_review(d: int, title: str, dd: _DocData) -> DocumentReview:
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

    def progress(self, document_id: int | None = None, refresh: bool = False) -> ReviewProgress:
        """Conflicts left in `document_id`; documents left to adjudicate, done, in all.

        The first call (or `refresh=True`) reviews every document; later calls recompute only
        `document_id` (writes through this object keep their documents current), so the window
        can call it after every key press. Refresh when annotators may have finished documents.
        """
        cache = self._cache(refresh)
        if document_id is not None:
            [row] = self.status([document_id])
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
        """The documents in the reviewer's order: `REVIEW_ORDER` (conflicts first), then by id.

        `text` keeps the documents whose title or text contains it (as the annotators' document
        list filters), `state` the documents in one review state. The rows come from the cache
        `progress` keeps, so after `progress` this costs one query of document ids; documents the
        cache does not hold yet (imported since) are reviewed now and added to it.
        """
        if state is not None and state not in REVIEW_ORDER:
            raise AnnotationError(f"unknown review state {state!r} (states: {', '.join(REVIEW_ORDER)})")
        with self.project.db.read() as s:
            q = select(DocumentRow.id)
            if text:
                q = q.where(
                    DocumentRow.title.icontains(text, autoescape=True) | DocumentRow.text.icontains(text, autoescape=True)
                )
            ids = list(s.scalars(q))
        cache = self._cache()
        missing = [d for d in ids if d not in cache]
        if missing:
            cache.update((r.document_id, r) for r in self.status(missing))
        rank = {st: i for i, st in enumerate(REVIEW_ORDER)}
        rows = [cache[d] for d in ids if d in cache and (state is None or cache[d].state == state)]
        rows.sort(key=lambda r: (rank[r.state], r.document_id))
        return rows

    def cached_status(self, document_id: int) -> DocumentReview | None:
        """The cached review row of one document (None before `progress` / `worklist` ran)."""
        return self._status.get(document_id) if self._status is not None else None

    def _cache(self, refresh: bool = False) -> dict[int, DocumentReview]:
        if refresh or self._status is None:
            self._status = {r.document_id: r for r in self.status()}
        return self._status

    # -- writing ----------------------------------------------------------------------------
    def merge(self, policy: Policy | str, reviewer: Annotator | str, document_id: int | None = None) -> MergeReport:
        """Write the gold sets with `policy` (one transaction); decisions are kept."""
        policy = Policy.parse(policy)
        t0 = time.perf_counter()
        who = self._reviewer(reviewer)
        report = MergeReport(policy=str(policy))
        if document_id is not None:
            self.project.document(document_id)
        with self.project.db.write() as s:
            ids = [document_id] if document_id is not None else list(
                s.scalars(
                    select(AnnotationSetRow.document_id)
                    .where(AnnotationSetRow.kind == SetKind.ANNOTATION.value)
                    .distinct()
                    .order_by(AnnotationSetRow.document_id)
                )
            )
            data = self._load(s, ids)
            for d in ids:
                dd = data[d]
                # an earlier auto-merge is recomputed: only the reviewer's own gold entries are inputs
                kept = {k: e for k, e in dd.gold_entries().items() if not e.is_auto}
                adj = adjudicate(d, dd.sets, dd.decisions, policy, kept)
                if not adj.finished and not dd.decisions and dd.gold_id is None:
                    continue  # nothing finished, nothing decided: no gold yet
                spans, rels = adj.merged_gold(policy)
                self._write_gold(s, d, dd, spans, rels, report, adj, policy=policy, merged_by=who.name)
                report.conflicts_left += adj.conflicts_left
                report.decisions_kept += len(dd.decisions)
                report.documents += 1
        report.seconds = round(time.perf_counter() - t0, 3)
        if document_id is None:
            self._status = None
        elif self._status is not None:
            self._status[document_id] = self.status([document_id])[0]
        return report

    def decide(self, document_id: int, key: Key, decision: Decision | str, reviewer: Annotator | str) -> Adjudication:
        """Accept or reject one candidate; the decision is stored and gold follows at once."""
        decision = Decision(decision)
        key = _normalize_key(key)
        return self._set_decisions(document_id, [(key, decision)], reviewer).adjudication

    def clear_decision(self, document_id: int, key: Key, reviewer: Annotator | str) -> Adjudication:
        """Forget the decision on `key`: the candidate goes back to what the merge policy says."""
        key = _normalize_key(key)
        return self._set_decisions(document_id, [(key, None)], reviewer, must_exist=True).adjudication

    def apply_decisions(self, step: SetDecisions, reviewer: Annotator | str) -> Decided:
        """Save a review step (one transaction): its decisions in order, None clearing one.

        Returns the document's new adjudication and the step that undoes this one (the previous
        decisions of the keys it changed, or clears, in reverse order; empty when nothing changed).
        What A / X, the gold edits and their undo / redo in the window write.
        """
        items = [(_normalize_key(key), None if d is None else Decision(d)) for key, d in step.items]
        return self._set_decisions(step.document_id, items, reviewer)

    def add_span(self, document_id: int, span: Span | SpanKey, reviewer: Annotator | str) -> Adjudication:
        """The reviewer's own span in gold (an accept decision on its key)."""
        key = _key_of(span)
        return self.decide(document_id, key, Decision.ACCEPT, reviewer)

    def delete_span(self, document_id: int, span: Span | SpanKey, reviewer: Annotator | str) -> Adjudication:
        key = _key_of(span)
        return self.decide(document_id, key, Decision.REJECT, reviewer)

    def set_label(self, document_id: int, span: Span | SpanKey, label: str, reviewer: Annotator | str) -> Adjudication:
        """Relabel a gold span: reject the old key, accept the new one (one transaction)."""
        key = _key_of(span)
        new = (key[0], key[1], label)
        if new == key:
            return self.candidates(document_id)
        return self._set_decisions(document_id, [(key, Decision.REJECT), (new, Decision.ACCEPT)], reviewer).adjudication

    def add_relation(self, document_id: int, relation: Relation | RelationKey, reviewer: Annotator | str) -> Adjudication:
        key = _key_of(relation)
        return self.decide(document_id, key, Decision.ACCEPT, reviewer)

    def delete_relation(self, document_id: int, relation: Relation | RelationKey, reviewer: Annotator | str) -> Adjudication:
        key = _key_of(relation)
        return self.decide(document_id, key, Decision.REJECT, reviewer)

    def open_gold(self, document_id: int, reviewer: Annotator | str):
        """An `AnnotationSession` on the gold set, for a reviewer only (see the module notes)."""
        self._reviewer(reviewer)
        return self.project.open_annotation(document_id, None, SetKind.GOLD)

    # -- agreement --------------------------------------------------------------------------
    def agreement(self, label: str | None = None, by_document: bool = False, left_out: bool = False) -> dict[str, Any]:
        """Every agreement figure (see `annotator.core.agreement`) as a JSON-able dict.

        Besides the figures: ``documents_finished_by_one`` and ``documents_unfinished`` count the
        documents left out (only documents at least two annotators finished can be compared);
        with `left_out`, ``left_out`` lists them (``document_id``, ``title``, ``finished``: the
        names of the annotators who finished it, at most one), in id order.
        """
        schema = self.project.schema
        if label is not None and not schema.has_label(label):
            raise AnnotationError(f"unknown label {label!r} (labels: {', '.join(schema.label_names)})")
        t0 = time.perf_counter()
        with self.project.db.read() as s:
            # only documents at least two annotators finished can be compared
            finishers: dict[int, list[str]] = defaultdict(list)
            for doc_id, name in s.execute(
                select(AnnotationSetRow.document_id, AnnotatorRow.name)
                .join(AnnotatorRow, AnnotatorRow.id == AnnotationSetRow.annotator_id)
                .where(AnnotationSetRow.kind == SetKind.ANNOTATION.value, AnnotationSetRow.status == Status.DONE.value)
            ):
                finishers[doc_id].append(name)
            ids = sorted(d for d, names in finishers.items() if len(names) >= 2)
            with paused_gc():
                work = _finished_work(s, ids, schema.label_names)
            titles: dict[int, str] = {}
            missing = [d for d in ids if d not in self._tokens]
            for chunk in _chunks(ids, 500):
                rows = s.execute(select(DocumentRow.id, DocumentRow.title).where(DocumentRow.id.in_(chunk))).all()
                titles.update(dict(rows))
            for chunk in _chunks(missing, 200):
                for did, text in s.execute(select(DocumentRow.id, DocumentRow.text).where(DocumentRow.id.in_(chunk))):
                    self._tokens[did] = token_arrays(text)
            total_docs = s.scalar(select(func.count()).select_from(DocumentRow)) or 0
            out: list[dict[str, Any]] = []
            if left_out:
                for did, title in s.execute(select(DocumentRow.id, DocumentRow.title).order_by(DocumentRow.id)):
                    names = finishers.get(did, [])
                    if len(names) < 2:
                        out.append({"document_id": did, "title": title, "finished": sorted(names)})
        docs = [AgreementDocument(d, titles.get(d, ""), *self._tokens[d]) for d in ids]
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

    # -- internals --------------------------------------------------------------------------
    def _reviewer(self, reviewer: Annotator | str) -> Annotator:
        name = reviewer.name if isinstance(reviewer, Annotator) else str(reviewer)
        found = self.project.annotators.find(name)
        if found is None:
            raise AnnotationError(f"no annotator named {name!r}")
        if found.role is not Role.REVIEWER:
            raise AnnotationError(
                f"{name} is not a reviewer: only a reviewer may write gold or review decisions "
                "(give the role with --user NAME --role reviewer)"
            )
        return found

    def _set_decisions(
        self, document_id: int, items: list[tuple[Key, Decision | None]], reviewer: Annotator | str,
        must_exist: bool = False,
    ) -> Decided:
        """Store (None: delete) the decisions in order and make gold follow; one transaction.

        `must_exist`: clearing a key without a decision is an error (else it changes nothing).
        """
        who = self._reviewer(reviewer)
        doc = self.project.document(document_id)
        schema = self.project.schema
        with self.project.db.write() as s:
            dd = self._load(s, [document_id])[document_id]
            adj = dd.adjudicate(document_id)
            decisions = {(x.kind, x.key): x for x in dd.decisions}
            before = dict(decisions)
            written: list[tuple[str, Key]] = []  # what changed, in order (the inverse undoes it backwards)
            tokens: TokenIndex | None = None

            def store(kind: str, key: Key, decision: Decision) -> None:
                decisions[(kind, key)] = ReviewDecision(kind, key, decision, who.name)
                self._store_decision(s, document_id, kind, key, decision, who)
                written.append((kind, key))

            for key, decision in items:
                kind = _kind(key)
                if decision is None:
                    if (kind, key) not in decisions:
                        if must_exist:
                            raise AnnotationError(f"“{doc.title}”: no decision on {describe_key(key, doc.text)}")
                        continue
                    del decisions[(kind, key)]
                    self._delete_decision(s, document_id, kind, key)
                    written.append((kind, key))
                    continue
                known = _candidate(adj, key)
                if decision is Decision.REJECT and known is None:
                    raise AnnotationError(f"“{doc.title}”: {describe_key(key, doc.text)} is not a candidate of this document")
                if decision is Decision.ACCEPT and kind == "span":
                    if known is None:  # the reviewer's own span: the rules of any edit apply
                        tokens = tokens or TokenIndex(doc.text)
                        Annotations(doc.text, schema, tokens=tokens).check_span(Span(*key))  # type: ignore[misc]
                elif decision is Decision.ACCEPT:
                    tokens = tokens or TokenIndex(doc.text)
                    key = _accept_relation(key, doc.text, schema, tokens, decisions, doc.title)  # type: ignore[arg-type]
                    for end in key[:2]:
                        if ("span", end) not in decisions:
                            store("span", end, Decision.ACCEPT)
                store(kind, key, decision)
            dd.decisions = list(decisions.values())
            gold = dd.gold_entries()
            cleared = [key for kind, key in written if (kind, key) not in decisions]
            for key in cleared:
                gold.pop(key, None)
            after = adjudicate(document_id, dd.sets, dd.decisions, dd.policy, gold)
            spans, rels = after.gold()
            target_s = {sp.key: _entry(after, sp.key, gold) for sp in spans}
            target_r = {r.key: _entry(after, r.key, gold) for r in rels}
            for key in cleared:  # back to what the last merge's policy says
                cand = _candidate(after, key)
                if dd.merged and cand is not None and cand.state is CandidateState.AGREED:
                    entry = GoldEntry(tuple(sorted(cand.annotators)), dd.policy.decided_by)
                    if isinstance(cand, SpanCandidate):
                        target_s[cand.key] = entry
                    elif cand.head in target_s and cand.tail in target_s:
                        target_r[cand.key] = entry
            self._write_gold(s, document_id, dd, target_s, target_r, MergeReport(str(dd.policy)), after)
        inverse: list[tuple[Key, Decision | None]] = []
        for kind, key in reversed(list(dict.fromkeys(written))):
            was = before.get((kind, key))
            now = decisions.get((kind, key))
            if (was.decision if was else None) != (now.decision if now else None):
                inverse.append((key, was.decision if was else None))
        return Decided(self.candidates(document_id), SetDecisions(document_id, tuple(inverse)))

    @staticmethod
    def _delete_decision(s: Session, document_id: int, kind: str, key: Key) -> None:
        s.execute(
            delete(ReviewDecisionRow).where(
                ReviewDecisionRow.document_id == document_id,
                ReviewDecisionRow.kind == kind,
                ReviewDecisionRow.key == decision_key_json(key),
            )
        )

    @staticmethod
    def _store_decision(s: Session, document_id: int, kind: str, key: Key, decision: Decision, who: Annotator) -> None:
        text = decision_key_json(key)
        row = s.scalars(
            select(ReviewDecisionRow).where(
                ReviewDecisionRow.document_id == document_id, ReviewDecisionRow.kind == kind, ReviewDecisionRow.key == text
            )
        ).first()
        if row is None:
            s.add(ReviewDecisionRow(document_id=document_id, kind=kind, key=text, decision=decision.value,
                                    reviewer_id=who.id, created=utcnow()))
        else:
            row.decision, row.reviewer_id, row.created = decision.value, who.id, utcnow()
        s.flush()

    def _write_gold(
        self,
        s: Session,
        document_id: int,
        dd: _DocData,
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
        meta = dict(dd.gold_meta)
        if policy is not None:
            meta.update(policy=str(policy), merged_by=merged_by, merged=utcnow().isoformat(timespec="seconds"))
        s.execute(
            update(AnnotationSetRow)
            .where(AnnotationSetRow.id == set_id)
            .values(
                span_count=len(spans),
                version=AnnotationSetRow.version + 1,
                status=(Status.DONE if state.conflicts_left == 0 and state.finished else Status.IN_PROGRESS).value,
                meta=meta,
                updated=utcnow(),
            )
        )
        report.spans_added += len(new_spans)
        report.spans_removed += len(gone_spans)
        report.relations_added += len(new_rels)
        report.relations_removed += len(gone_rels)

    def _load(
        self, s: Session, document_ids: list[int], annotations_only: bool = False, done_only: bool = False
    ) -> dict[int, _DocData]:
        """Annotation sets, gold rows with provenance and decisions of documents, in a few queries."""
        with paused_gc():
            return self._load_documents(s, document_ids, annotations_only, done_only)

    def _load_documents(
        self, s: Session, document_ids: list[int], annotations_only: bool, done_only: bool
    ) -> dict[int, _DocData]:
        out: dict[int, _DocData] = {d: _DocData() for d in document_ids}
        for chunk in _chunks(document_ids, 500):
            q = (
                select(AnnotationSetRow, AnnotatorRow.name)
                .outerjoin(AnnotatorRow, AnnotatorRow.id == AnnotationSetRow.annotator_id)
                .where(AnnotationSetRow.document_id.in_(chunk))
            )
            if annotations_only:
                q = q.where(AnnotationSetRow.kind == SetKind.ANNOTATION.value)
            if done_only:
                q = q.where(AnnotationSetRow.status == Status.DONE.value)
            set_rows = s.execute(q).all()
            set_ids = [r.id for r, _ in set_rows]
            gold_ids = {r.id for r, _ in set_rows if r.kind == SetKind.GOLD.value}
            spans: dict[int, list[tuple[int, SpanKey, Any]]] = defaultdict(list)
            key_of: dict[int, SpanKey] = {}
            # Core queries (no ORM row processing: ~3x faster for 100,000s of spans); provenance
            # (meta) is read for gold rows only: decoding JSON for every span is slow
            conn = s.connection()
            sp = SpanRow.__table__.c
            cols = (sp.id, sp.set_id, sp.start, sp.end, sp.label)
            plain = [i for i in set_ids if i not in gold_ids]
            for sub, with_meta in [*((c, False) for c in _chunks(plain, 500)), *((c, True) for c in _chunks(sorted(gold_ids), 500))]:
                q = select(*cols, sp.meta) if with_meta else select(*cols)
                for row in conn.execute(q.where(sp.set_id.in_(sub))).all():
                    key = (row[2], row[3], row[4])
                    key_of[row[0]] = key
                    spans[row[1]].append((row[0], key, row[5] if with_meta else None))
            rels: dict[int, list[tuple[int, RelationKey, Any]]] = defaultdict(list)
            for sub in _chunks(set_ids, 500):
                rc = RelationRow.__table__.c
                for rid, set_id, h, t, label, meta in conn.execute(
                    select(rc.id, rc.set_id, rc.head_id, rc.tail_id, rc.label, rc.meta).where(rc.set_id.in_(sub))
                ).all():
                    rels[set_id].append((rid, (key_of[h], key_of[t], label), meta))
            for row, name in set_rows:
                dd = out.setdefault(row.document_id, _DocData())
                if row.id in gold_ids:
                    dd.gold_id = row.id
                    dd.gold_meta = dict(row.meta or {})
                    dd.gold_spans = {k: (sid, GoldEntry.from_meta(meta)) for sid, k, meta in spans[row.id]}
                    dd.gold_relations = {k: (rid, GoldEntry.from_meta(meta)) for rid, k, meta in rels[row.id]}
                    continue
                dd.sets.append(
                    AnnotationSet(
                        document_id=row.document_id,
                        annotator=name,
                        kind=SetKind(row.kind),
                        status=Status(row.status),
                        spans=tuple(Span(*k) for k in sorted(k for _, k, _ in spans[row.id])),
                        relations=tuple(Relation(*k) for k in sorted(k for _, k, _ in rels[row.id])),
                        seconds=row.seconds,
                        version=row.version,
                        id=row.id,
                    )
                )
            if annotations_only:
                continue
            for doc_id, kind, key, decision, reviewer in s.execute(
                select(
                    ReviewDecisionRow.document_id,
                    ReviewDecisionRow.kind,
                    ReviewDecisionRow.key,
                    ReviewDecisionRow.decision,
                    AnnotatorRow.name,
                )
                .outerjoin(AnnotatorRow, AnnotatorRow.id == ReviewDecisionRow.reviewer_id)
                .where(ReviewDecisionRow.document_id.in_(chunk))
                .order_by(ReviewDecisionRow.id)
            ):
                out.setdefault(doc_id, _DocData()).decisions.append(ReviewDecision.from_stored(kind, key, decision, reviewer))
        return out


def _finished_work(s: Session, document_ids: list[int], labels: tuple[str, ...] | list[str]) -> FinishedWork:
    """The finished (``done``) annotation sets of the documents as columns, straight from SQL.

    No `Span` objects: 1.2 million spans load in a few seconds instead of many.
    """
    conn = s.connection()
    st, an, sp, rc = (t.__table__.c for t in (AnnotationSetRow, AnnotatorRow, SpanRow, RelationRow))
    doc_index = {d: i for i, d in enumerate(document_ids)}
    set_rows: list[Any] = []
    for chunk in _chunks(document_ids, 500):
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
    rows: list[Any] = []
    relations: list[tuple[int, int, Any]] = []
    head, tail = SpanRow.__table__.alias("head"), SpanRow.__table__.alias("tail")
    for chunk in _chunks(set_ids, 500):
        rows += conn.execute(select(sp.set_id, sp.start, sp.end, sp.label).where(sp.set_id.in_(chunk))).all()
        for set_id, hs, he, hl, ts, te, tl, label in conn.execute(
            select(rc.set_id, head.c.start, head.c.end, head.c.label, tail.c.start, tail.c.end, tail.c.label, rc.label)
            .join(head, head.c.id == rc.head_id)
            .join(tail, tail.c.id == rc.tail_id)
            .where(rc.set_id.in_(chunk))
        ):
            relations.append((set_ann[set_id], set_doc[set_id], ((hs, he, hl), (ts, te, tl), label)))
    n = len(rows)
    cols = list(zip(*rows, strict=True)) if rows else [(), (), (), ()]
    label_index = {name: i for i, name in enumerate(labels)}
    try:
        label_col = np.fromiter(map(label_index.__getitem__, cols[3]), dtype=np.int64, count=n)
    except KeyError as exc:
        raise AnnotationError(f"label {exc.args[0]!r} is in use but not in the schema") from None
    sorted_sets = np.array(set_ids, dtype=np.int64)
    pos = np.searchsorted(sorted_sets, np.fromiter(cols[0], dtype=np.int64, count=n))
    ann_of = np.array([set_ann[x] for x in set_ids], dtype=np.int64)
    doc_of = np.array([set_doc[x] for x in set_ids], dtype=np.int64)
    return FinishedWork(
        annotators=names,
        finished=finished,
        ann=ann_of[pos] if n else np.zeros(0, dtype=np.int64),
        doc=doc_of[pos] if n else np.zeros(0, dtype=np.int64),
        start=np.fromiter(cols[1], dtype=np.int64, count=n),
        end=np.fromiter(cols[2], dtype=np.int64, count=n),
        label=label_col,
        relations=relations,
    )


def _candidate(adj: Adjudication, key: Key) -> SpanCandidate | RelationCandidate | None:
    return adj.span(key) if _kind(key) == "span" else adj.relation(key)  # type: ignore[arg-type]


def _entry(adj: Adjudication, key: Key, gold: dict[Any, GoldEntry]) -> GoldEntry:
    cand = _candidate(adj, key)
    agreed = tuple(sorted(cand.annotators)) if cand is not None else ()
    decided = (cand.decided_by if cand is not None else None) or (gold[key].decided_by if key in gold else "reviewer")
    return GoldEntry(agreed, decided)


def _accept_relation(key: RelationKey, text: str, schema, tokens: TokenIndex, decisions: dict, title: str) -> RelationKey:
    head, tail, label = key
    for role, end in (("head", head), ("tail", tail)):
        d = decisions.get(("span", end))
        if d is not None and d.decision is Decision.REJECT:
            raise AnnotationError(
                f"“{title}”: the {role} span {describe_key(end, text)} was rejected; accept it before the relation"
            )
    ann = Annotations(text, schema, tokens=tokens)
    for end in (head, tail):
        ann.apply(AddSpan(Span(*end)))  # checked, in memory only
    rel = ann.canonical_relation(Relation(head, tail, label))
    ann.check_relation(rel)
    return rel.key


def _kind(key: Key) -> str:
    return "span" if is_span_key(key) else "relation"


def _key_of(item: Span | Relation | SpanKey | RelationKey) -> Any:
    """The candidate key of a span or relation, or of a key given as (possibly JSON-decoded) lists."""
    return item.key if isinstance(item, (Span, Relation)) else _normalize_key(item)


def _normalize_key(key: Any) -> Key:
    """A candidate key as tuples (lists come from JSON or the UI)."""
    if is_span_key(key):
        return (key[0], key[1], key[2])
    if is_relation_key(key):
        head, tail, label = key
        return ((head[0], head[1], head[2]), (tail[0], tail[1], tail[2]), label)
    raise AnnotationError(f"not a candidate key: {key!r} (a span is (start, end, label), a relation (head, tail, label))")


def _chunks(items: list, size: int):
    for i in range(0, len(items), size):
        yield items[i : i + size]


__all__ = ["Decided", "DocumentReview", "MergeReport", "Review", "ReviewProgress"]
