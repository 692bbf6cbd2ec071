"""Review: adjudicate the annotators' work into a gold set, and measure their agreement.

`Review(project)` is what the CLI (`annotator review …`, `annotator agreement`) and the window's
review mode call. Reading is open to everybody here (the command line asks for the reviewer role
before it shows other annotators' work; on a team server the database shows each login only what
her role may read); every method that writes gold or a decision takes the `reviewer` (an
`Annotator` or a name) and raises `NotAllowedError` (an `AnnotationError`) unless that annotator
has the reviewer role. Each write is one transaction: the decision row and the gold rows change
together or not at all. A decision on a candidate that another reviewer decided or cleared since
this `Review` read the document (`candidates`) raises `ConcurrencyError` and writes nothing. The core rules (candidates, conflicts, policies, states) are in
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

Modules
-------
Import from this package; its modules are internal (import-linter contracts keep them so, and
one-way):
- ``api``: `Review`, thin: the reviewer check, the caches, a call to one of the modules below;
- ``decisions``: decide / clear / the reviewer's own edits, and the step that undoes each;
- ``merge``: policies into gold, and the one write of a gold set (decisions use it too);
- ``status``: a review row per document, progress, the worklist, and their cache;
- ``agreement``: the agreement figures, from SQL columns;
- ``load``: what review reads of a document (sets, gold with provenance, decisions).
"""

from annotator.services.review.api import Review
from annotator.services.review.decisions import Decided
from annotator.services.review.merge import MergeReport
from annotator.services.review.status import (
    REVIEW_ORDER,
    DocumentReview,
    ReviewProgress,
    review_status,
    store_review_state,
)

__all__ = [
    "REVIEW_ORDER",
    "Decided",
    "DocumentReview",
    "MergeReport",
    "Review",
    "ReviewProgress",
    "review_status",
    "store_review_state",
]
