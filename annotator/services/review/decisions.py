"""Review decisions: accept, reject or clear candidates, gold following in the same transaction.

`set_decisions` is the one write path of every decision (A / X, the reviewer's own gold edits,
undo and redo); it returns the document's new adjudication and the step that undoes it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from annotator.core.adjudication import (
    Adjudication,
    CandidateState,
    Decision,
    GoldEntry,
    RelationCandidate,
    ReviewDecision,
    SetDecisions,
    SpanCandidate,
    adjudicate,
    decision_key_json,
)
from annotator.core.commands import AddSpan, Annotations
from annotator.core.document import (
    Annotator,
    Relation,
    RelationKey,
    Span,
    SpanKey,
    describe_key,
    is_relation_key,
    is_span_key,
)
from annotator.core.errors import AnnotationError, ConcurrencyError
from annotator.core.tokenize import TokenIndex
from annotator.services.protocols import ProjectServices
from annotator.services.review.load import Key, load, read_adjudication
from annotator.services.review.merge import MergeReport, lock_review, write_gold
from annotator.storage.orm import AnnotatorRow, ReviewDecisionRow, utcnow

# A stored decision as a reviewer saw it: (version, decision, reviewer's name); a key without a
# decision is absent from a `Seen` map.
Stored = tuple[int, str, str | None]
Seen = dict[tuple[str, Key], Stored]


@dataclass(frozen=True)
class Decided:
    """What a saved review step left: the document's adjudication, and the step that undoes it."""

    adjudication: Adjudication
    inverse: SetDecisions
    # the document's decisions as this step left them (what the reviewer now sees)
    seen: Seen = field(default_factory=dict)


def read_seen(s: Session, document_id: int) -> Seen:
    """The document's stored decisions with their versions (what a reviewer sees when she decides)."""
    out: Seen = {}
    for kind, key, decision, version, reviewer in s.execute(
        select(
            ReviewDecisionRow.kind, ReviewDecisionRow.key, ReviewDecisionRow.decision, ReviewDecisionRow.version,
            AnnotatorRow.name,
        )
        .outerjoin(AnnotatorRow, AnnotatorRow.id == ReviewDecisionRow.reviewer_id)
        .where(ReviewDecisionRow.document_id == document_id)
    ):
        stored = ReviewDecision.from_stored(kind, key, decision, reviewer)
        out[(kind, stored.key)] = (int(version), decision, reviewer)
    return out


def normalize_key(key: Any) -> Key:
    """A candidate key as tuples (lists come from JSON or the UI)."""
    if is_span_key(key):
        return (key[0], key[1], key[2])
    if is_relation_key(key):
        head, tail, label = key
        return ((head[0], head[1], head[2]), (tail[0], tail[1], tail[2]), label)
    raise AnnotationError(f"not a candidate key: {key!r} (a span is (start, end, label), a relation (head, tail, label))")


def key_of(item: Span | Relation | SpanKey | RelationKey) -> Key:
    """The candidate key of a span or relation, or of a key given as (possibly JSON-decoded) lists."""
    return item.key if isinstance(item, (Span, Relation)) else normalize_key(item)


def set_decisions(
    project: ProjectServices,
    document_id: int,
    items: list[tuple[Key, Decision | None]],
    who: Annotator,
    must_exist: bool = False,
    seen: Seen | None = None,
) -> Decided:
    """Store (None: delete) the decisions in order and make gold follow; one transaction.

    `who` is the reviewer (checked by the caller). `must_exist`: clearing a key without a
    decision is an error (else it changes nothing).

    `seen`: the document's decisions as the reviewer saw them (`read_seen`, or the `seen` of her
    previous step); when given, a key whose stored decision changed since (another reviewer
    decided or cleared it) fails the whole step with `ConcurrencyError` naming who decided what —
    never a silent overwrite. Concurrent steps on one document wait for each other (SQLite's write
    lock; PostgreSQL: `lock_review`), so the second one sees the first.
    """
    doc = project.document(document_id)
    schema = project.schema
    with project.db.write() as s:
        lock_review(s, document_id)
        now = read_seen(s, document_id)
        if seen is not None:
            _check_seen(doc.title, doc.text, items, seen, now)
        dd = load(s, [document_id])[document_id]
        adj = dd.adjudicate(document_id)
        decisions = {(x.kind, x.key): x for x in dd.decisions}
        before = dict(decisions)
        written: list[tuple[str, Key]] = []  # what changed, in order (the inverse undoes it backwards)
        tokens: TokenIndex | None = None

        def store(kind: str, key: Key, decision: Decision) -> None:
            if seen is not None and (kind, key) not in checked:  # e.g. the two spans of a relation
                _check_seen(doc.title, doc.text, [(key, decision)], seen, now)
            decisions[(kind, key)] = ReviewDecision(kind, key, decision, who.name)
            version = _store_decision(s, document_id, kind, key, decision, who)
            now[(kind, key)] = (version, decision.value, who.name)
            written.append((kind, key))

        checked = {(_kind(key), key) for key, _ in items}

        for key, decision in items:
            kind = _kind(key)
            if decision is None:
                if (kind, key) not in decisions:
                    if must_exist:
                        raise AnnotationError(f"“{doc.title}”: no decision on {describe_key(key, doc.text)}")
                    continue
                del decisions[(kind, key)]
                now.pop((kind, key), None)
                _delete_decision(s, document_id, kind, key)
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
        write_gold(s, document_id, dd, target_s, target_r, MergeReport(str(dd.policy)), after)
    inverse = _inverse(written, before, decisions)
    return Decided(read_adjudication(project, document_id), SetDecisions(document_id, inverse), now)


def _check_seen(title: str, text: str, items: list[tuple[Key, Decision | None]], seen: Seen, now: Seen) -> None:
    """Refuse the step when a key it decides was decided or cleared by someone else since `seen`."""
    for key, _ in items:
        kind = _kind(key)
        was, is_ = seen.get((kind, key)), now.get((kind, key))
        if was == is_:
            continue
        what = describe_key(key, text)
        if is_ is None:
            done = f"the decision on {what} was just cleared by another reviewer"
        else:
            done = f"{what} was just {'accepted' if is_[1] == Decision.ACCEPT.value else 'rejected'} by {is_[2] or 'a reviewer'}"
        raise ConcurrencyError(f"“{title}”: {done}; nothing was saved — look again and decide")


def _inverse(
    written: list[tuple[str, Key]],
    before: dict[tuple[str, Key], ReviewDecision],
    after: dict[tuple[str, Key], ReviewDecision],
) -> tuple[tuple[Key, Decision | None], ...]:
    """The step that undoes a saved one: the earlier decision (None: clear) of each key it changed, last first."""
    inverse: list[tuple[Key, Decision | None]] = []
    for kind, key in reversed(list(dict.fromkeys(written))):
        was = before.get((kind, key))
        now = after.get((kind, key))
        if (was.decision if was else None) != (now.decision if now else None):
            inverse.append((key, was.decision if was else None))
    return tuple(inverse)


def _delete_decision(s: Session, document_id: int, kind: str, key: Key) -> None:
    s.execute(
        delete(ReviewDecisionRow).where(
            ReviewDecisionRow.document_id == document_id,
            ReviewDecisionRow.kind == kind,
            ReviewDecisionRow.key == decision_key_json(key),
        )
    )


def _store_decision(s: Session, document_id: int, kind: str, key: Key, decision: Decision, who: Annotator) -> int:
    """Insert or change the decision row; its new version."""
    text = decision_key_json(key)
    row = s.scalars(
        select(ReviewDecisionRow).where(
            ReviewDecisionRow.document_id == document_id, ReviewDecisionRow.kind == kind, ReviewDecisionRow.key == text
        )
    ).first()
    if row is None:
        row = ReviewDecisionRow(document_id=document_id, kind=kind, key=text, decision=decision.value,
                                reviewer_id=who.id, created=utcnow(), version=1)
        s.add(row)
    else:
        row.decision, row.reviewer_id, row.created = decision.value, who.id, utcnow()
        row.version = (row.version or 0) + 1
    s.flush()
    return int(row.version)


def _kind(key: Key) -> str:
    """The `kind` a decision on `key` is stored with."""
    return "span" if is_span_key(key) else "relation"


def _candidate(adj: Adjudication, key: Key) -> SpanCandidate | RelationCandidate | None:
    return adj.span(key) if is_span_key(key) else adj.relation(key)


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
