"""`Review`: the service the CLI and review mode call (see `annotator.services.review`).

Thin: it checks the reviewer's role, keeps the caches (review rows, tokenized texts) and hands
each call to the module of its subject — `load` (reading), `status`, `merge`, `decisions`,
`agreement`.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from annotator.core.adjudication import Adjudication, Decision, GoldEntry, Policy, SetDecisions
from annotator.core.document import (
    AnnotationSet,
    Annotator,
    Relation,
    RelationKey,
    Role,
    SetKind,
    Span,
    SpanKey,
)
from annotator.core.errors import AnnotationError, NotAllowedError
from annotator.services.protocols import ProjectServices
from annotator.services.review.agreement import measure_agreement
from annotator.services.review.decisions import Decided, Seen, key_of, normalize_key, read_seen, set_decisions
from annotator.services.review.load import Key, load, read_adjudication
from annotator.services.review.merge import MergeReport, merge_gold
from annotator.services.review.status import DocumentReview, ReviewProgress, StatusCache, review_status


class Review:
    def __init__(self, project: ProjectServices) -> None:
        self.project = project
        self._tokens: dict[int, tuple[Any, Any]] = {}  # document id -> token starts, ends (texts never change)
        self._rows = StatusCache(project)  # progress() / worklist() cache
        # document id -> its decisions (with versions) as this reviewer last saw them: a step on a
        # key someone else decided since is refused (see `decisions.set_decisions`)
        self._seen: dict[int, Seen] = {}

    # -- reading ----------------------------------------------------------------------------
    def candidates(self, document_id: int) -> Adjudication:
        """The document's candidates; what the decisions of this `Review` are checked against.

        A later decision on a key that another reviewer decided or cleared after this read is
        refused with `ConcurrencyError` (read again, then decide).
        """
        with self.project.db.read() as s:  # before the candidates: a change in between is a conflict
            seen = read_seen(s, document_id)
        adj = read_adjudication(self.project, document_id)
        self._seen[document_id] = seen
        return adj

    def layers(self, document_id: int) -> dict[str, AnnotationSet]:
        """Each annotator's set of the document (skipped ones left out), by name."""
        return dict(self.candidates(document_id).layers)

    def gold(self, document_id: int) -> AnnotationSet:
        return self.project.sets.get(document_id, None, SetKind.GOLD)

    def gold_provenance(self, document_id: int) -> dict[Key, GoldEntry]:
        with self.project.db.read() as s:
            return load(s, [document_id])[document_id].gold_entries()

    def status(self, document_ids: Iterable[int] | None = None) -> list[DocumentReview]:
        return review_status(self.project, document_ids)

    def progress(self, document_id: int | None = None, refresh: bool = False) -> ReviewProgress:
        """Conflicts left in `document_id`; documents left to adjudicate, done, in all.

        The first call (or `refresh=True`) reviews every document; later calls recompute only
        `document_id` (writes through this object keep their documents current), so the window
        can call it after every key press. Refresh when annotators may have finished documents.
        """
        return self._rows.progress(document_id, refresh)

    def worklist(self, text: str | None = None, state: str | None = None) -> list[DocumentReview]:
        """The documents in the reviewer's order: `REVIEW_ORDER` (conflicts first), then by id.

        `text` keeps the documents whose title or text contains it (as the annotators' document
        list filters), `state` the documents in one review state. The rows come from the cache
        `progress` keeps, so after `progress` this costs one query of document ids; documents the
        cache does not hold yet (imported since) are reviewed now and added to it.
        """
        return self._rows.worklist(text, state)

    def cached_status(self, document_id: int) -> DocumentReview | None:
        """The cached review row of one document (None before `progress` / `worklist` ran)."""
        return self._rows.get(document_id)

    def take_status(self, rows: Iterable[DocumentReview]) -> None:
        """Cache review rows read elsewhere (`annotator.services.live`: other people's changes),
        so `progress` and `worklist` show them without reading again."""
        self._rows.put(rows)

    # -- writing ----------------------------------------------------------------------------
    def merge(self, policy: Policy | str, reviewer: Annotator | str, document_id: int | None = None) -> MergeReport:
        """Write the gold sets with `policy` (one transaction); decisions are kept."""
        policy = Policy.parse(policy)
        report = merge_gold(self.project, policy, self._reviewer(reviewer), document_id)
        self._rows.changed(document_id)
        return report

    def decide(self, document_id: int, key: Key, decision: Decision | str, reviewer: Annotator | str) -> Adjudication:
        """Accept or reject one candidate; the decision is stored and gold follows at once."""
        decision = Decision(decision)
        key = normalize_key(key)
        return self._set_decisions(document_id, [(key, decision)], reviewer).adjudication

    def clear_decision(self, document_id: int, key: Key, reviewer: Annotator | str) -> Adjudication:
        """Forget the decision on `key`: the candidate goes back to what the merge policy says."""
        key = normalize_key(key)
        return self._set_decisions(document_id, [(key, None)], reviewer, must_exist=True).adjudication

    def apply_decisions(self, step: SetDecisions, reviewer: Annotator | str) -> Decided:
        """Save a review step (one transaction): its decisions in order, None clearing one.

        Returns the document's new adjudication and the step that undoes this one (the previous
        decisions of the keys it changed, or clears, in reverse order; empty when nothing changed).
        What A / X, the gold edits and their undo / redo in the window write.
        """
        items = [(normalize_key(key), None if d is None else Decision(d)) for key, d in step.items]
        return self._set_decisions(step.document_id, items, reviewer)

    def add_span(self, document_id: int, span: Span | SpanKey, reviewer: Annotator | str) -> Adjudication:
        """The reviewer's own span in gold (an accept decision on its key)."""
        return self.decide(document_id, key_of(span), Decision.ACCEPT, reviewer)

    def delete_span(self, document_id: int, span: Span | SpanKey, reviewer: Annotator | str) -> Adjudication:
        return self.decide(document_id, key_of(span), Decision.REJECT, reviewer)

    def set_label(self, document_id: int, span: Span | SpanKey, label: str, reviewer: Annotator | str) -> Adjudication:
        """Relabel a gold span: reject the old key, accept the new one (one transaction)."""
        key = key_of(span)
        new = (key[0], key[1], label)
        if new == key:
            return self.candidates(document_id)
        return self._set_decisions(document_id, [(key, Decision.REJECT), (new, Decision.ACCEPT)], reviewer).adjudication

    def add_relation(self, document_id: int, relation: Relation | RelationKey, reviewer: Annotator | str) -> Adjudication:
        return self.decide(document_id, key_of(relation), Decision.ACCEPT, reviewer)

    def delete_relation(self, document_id: int, relation: Relation | RelationKey, reviewer: Annotator | str) -> Adjudication:
        return self.decide(document_id, key_of(relation), Decision.REJECT, reviewer)

    def open_gold(self, document_id: int, reviewer: Annotator | str):
        """An `AnnotationSession` on the gold set, for a reviewer only (see the package notes)."""
        self._reviewer(reviewer)
        return self.project.open_annotation(document_id, None, SetKind.GOLD)

    # -- agreement --------------------------------------------------------------------------
    def agreement(
        self, label: str | None = None, by_document: bool = False, left_out: bool = False, model: str | None = None
    ) -> dict[str, Any]:
        """Every agreement figure (see `annotator.core.agreement`) as a JSON-able dict.

        Besides the figures: ``documents_finished_by_one`` and ``documents_unfinished`` count the
        documents left out (only documents at least two annotators finished can be compared);
        with `left_out`, ``left_out`` lists them (``document_id``, ``title``, ``finished``: the
        names of the annotators who finished it, at most one), in id order. `model`: a suggester
        version, compared as the pseudo-annotator `model:VERSION` (see `measure_agreement`).
        """
        return measure_agreement(self.project, self._tokens, label, by_document, left_out, model=model)

    # -- internals --------------------------------------------------------------------------
    def _set_decisions(
        self, document_id: int, items: list[tuple[Key, Decision | None]], reviewer: Annotator | str,
        must_exist: bool = False,
    ) -> Decided:
        # a refused step leaves what this reviewer saw as it was: a retry is refused too, until
        # `candidates` has shown her the other reviewer's decision
        decided = set_decisions(
            self.project, document_id, items, self._reviewer(reviewer), must_exist, seen=self._seen.get(document_id)
        )
        self._seen[document_id] = decided.seen
        return decided

    def _reviewer(self, reviewer: Annotator | str) -> Annotator:
        name = reviewer.name if isinstance(reviewer, Annotator) else str(reviewer)
        found = self.project.annotators.find(name)
        if found is None:
            raise AnnotationError(f"no annotator named {name!r}")
        if found.role is not Role.REVIEWER:
            raise NotAllowedError(
                f"{name} is not a reviewer: only a reviewer may write gold or review decisions "
                "(give the role with --user NAME --role reviewer)"
            )
        return found
