"""Adjudication: every annotator's spans and relations of one document merged into candidates.

Pure Python, shared by the CLI and the window's review mode (see `annotator.services.review`).
One subject, kept in one module although it is over 400 lines: candidates, conflicts, policies and
decisions are one set of rules that refer to each other.

Terms
-----
- **participants**: annotators with an annotation set on the document whose status is not
  ``skipped``; **finished**: participants whose status is ``done``.
- **candidate**: one distinct span key ``(start, end, label)`` made by at least one participant
  (or decided / put in gold by the reviewer), with the set of annotators who made it. Relation
  candidates are keyed by ``(head candidate key, tail candidate key, label)``.
- **votes**: the finished annotators who made the candidate (unfinished work never votes).

Conflicts (a candidate can have several; only reported between candidates whose sets of
annotators differ — if everybody made both, they agree on both):
- ``label``: another candidate has the same extent and a different label;
- ``overlap``: another candidate has a different but overlapping extent (any label);
- ``partial``: made by only some of the participants.
For relations: ``label`` = same head and tail, other label; ``overlap`` = same label whose head and
tail overlap this one's but are not both identical; ``partial`` as for spans.

Merge policies (`Policy`), with F = number of finished annotators and v = votes:
- ``unanimous``: F >= 1 and v == F (every annotator who finished agrees);
- ``majority``: v * 2 > F;
- ``min-agree:N``: v >= N (N >= 1).
A span candidate the policy accepts is still held back when a same-extent rival (label conflict)
has more votes, or as many votes from a different set of annotators (a tie needs the reviewer).
A relation also needs both its head and tail to be accepted or agreed.

Candidate states (`CandidateState`), first rule that applies:
1. ``rejected``: the reviewer rejected it; or, not decided itself, the reviewer accepted another
   label on the same extent (accepting one label settles a label conflict; accept both to keep
   both); for a relation also when its head or tail is rejected (rejecting a span rejects its
   relations, as deleting a span deletes its relations);
2. ``accepted``: the reviewer accepted it, or it is in the gold set (put there by an auto-merge,
   ``decided_by = "auto:<policy>"``, or added by the reviewer);
3. ``agreed``: not decided and not in gold, but the policy accepts it (a merge would accept it);
4. ``incomplete``: some participant has not finished the document (more work may settle it);
5. ``disagreement``: everybody finished and the policy does not accept it: the reviewer decides.
``incomplete`` and ``disagreement`` candidates are the open conflicts (J/K in review mode).

Reviewer decisions are inputs and always win: `merged_gold` (what a merge writes) keeps every
accepted decision and drops every rejected one, whatever the policy.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import Enum
from functools import cached_property
from typing import Any

from annotator.core.document import (
    AnnotationSet,
    Relation,
    RelationKey,
    SetKind,
    Span,
    SpanKey,
    Status,
    is_span_key,
)
from annotator.core.errors import AnnotationError

AUTO_PREFIX = "auto:"


class Conflict(str, Enum):
    LABEL = "label"
    OVERLAP = "overlap"
    PARTIAL = "partial"


class CandidateState(str, Enum):
    ACCEPTED = "accepted"
    REJECTED = "rejected"
    AGREED = "agreed"
    DISAGREEMENT = "disagreement"
    INCOMPLETE = "incomplete"

    @property
    def is_open(self) -> bool:
        return self in (CandidateState.DISAGREEMENT, CandidateState.INCOMPLETE)


_OPEN = frozenset({CandidateState.DISAGREEMENT, CandidateState.INCOMPLETE})


class Decision(str, Enum):
    ACCEPT = "accept"
    REJECT = "reject"


@dataclass(frozen=True, slots=True)
class Policy:
    """A merge policy: ``unanimous``, ``majority`` or ``min-agree`` with `n` (see the module doc)."""

    kind: str = "unanimous"
    n: int = 0

    def __post_init__(self) -> None:
        if self.kind not in ("unanimous", "majority", "min-agree"):
            raise AnnotationError(f"unknown merge policy {self.kind!r} (unanimous, majority or min-agree:N)")
        if self.kind == "min-agree" and self.n < 1:
            raise AnnotationError("min-agree needs N >= 1 (e.g. min-agree:2)")

    @classmethod
    def parse(cls, text: str | Policy) -> Policy:
        if isinstance(text, Policy):
            return text
        raw = text.strip().lower()
        if raw.startswith("min-agree"):
            _, _, n = raw.partition(":")
            if not n.strip().isdigit():
                raise AnnotationError(f"bad merge policy {text!r}: write min-agree:N with a number N >= 1")
            return cls("min-agree", int(n))
        return cls(raw)

    def __str__(self) -> str:
        return f"min-agree:{self.n}" if self.kind == "min-agree" else self.kind

    @property
    def decided_by(self) -> str:
        return f"{AUTO_PREFIX}{self}"

    def accepts(self, votes: int, finished: int) -> bool:
        if votes <= 0:
            return False
        if self.kind == "unanimous":
            return finished >= 1 and votes >= finished
        if self.kind == "majority":
            return votes * 2 > finished
        return votes >= self.n


@dataclass(frozen=True, slots=True)
class ReviewDecision:
    """A reviewer's accept/reject of one candidate: `kind` is ``span`` or ``relation``."""

    kind: str
    key: SpanKey | RelationKey
    decision: Decision
    reviewer: str | None = None

    @classmethod
    def from_stored(cls, kind: str, key: str, decision: str, reviewer: str | None) -> ReviewDecision:
        """A decision as a ``review_decision`` row holds it: the key as `decision_key_json` text."""
        return cls(kind, decision_key_from_json(kind, key), Decision(decision), reviewer or "reviewer")


@dataclass(frozen=True, slots=True)
class SetDecisions:
    """A review step as data: set the decision on each key in order; None clears it.

    What A / X and the reviewer's gold edits write (`Review.apply_decisions`, one transaction).
    Saving one returns the step that undoes it — the previous decisions, or clears — as a core
    command returns its inverse, so undo and redo are steps like any other.
    """

    document_id: int
    items: tuple[tuple[SpanKey | RelationKey, Decision | None], ...]


@dataclass(frozen=True, slots=True)
class GoldEntry:
    """Provenance of one gold span or relation (stored in the row's ``meta``)."""

    agreed_by: tuple[str, ...]
    decided_by: str

    @property
    def is_auto(self) -> bool:
        return self.decided_by.startswith(AUTO_PREFIX)

    def to_meta(self) -> dict[str, Any]:
        return {"agreed_by": list(self.agreed_by), "decided_by": self.decided_by}

    @classmethod
    def from_meta(cls, meta: Any) -> GoldEntry:
        """The provenance a gold row's ``meta`` holds; a row without it is the reviewer's own."""
        meta = meta if isinstance(meta, dict) else {}
        return cls(tuple(meta.get("agreed_by") or ()), str(meta.get("decided_by") or "reviewer"))


@dataclass(frozen=True, slots=True)
class SpanCandidate:
    key: SpanKey
    annotators: frozenset[str]
    votes: frozenset[str]
    conflicts: frozenset[Conflict]
    rivals: tuple[SpanKey, ...]
    state: CandidateState
    decision: Decision | None = None
    decided_by: str | None = None
    in_gold: bool = False

    kind = "span"

    @property
    def start(self) -> int:
        return self.key[0]

    @property
    def end(self) -> int:
        return self.key[1]

    @property
    def label(self) -> str:
        return self.key[2]

    @property
    def span(self) -> Span:
        return Span(*self.key)


@dataclass(frozen=True, slots=True)
class RelationCandidate:
    key: RelationKey
    annotators: frozenset[str]
    votes: frozenset[str]
    conflicts: frozenset[Conflict]
    rivals: tuple[RelationKey, ...]
    state: CandidateState
    decision: Decision | None = None
    decided_by: str | None = None
    in_gold: bool = False

    kind = "relation"

    @property
    def head(self) -> SpanKey:
        return self.key[0]

    @property
    def tail(self) -> SpanKey:
        return self.key[1]

    @property
    def label(self) -> str:
        return self.key[2]

    @property
    def relation(self) -> Relation:
        return Relation(*self.key)


Candidate = SpanCandidate | RelationCandidate


@dataclass(frozen=True)
class Adjudication:
    """All candidates of one document; spans in text order, then relations."""

    document_id: int
    participants: tuple[str, ...]
    finished: tuple[str, ...]
    policy: Policy
    spans: tuple[SpanCandidate, ...]
    relations: tuple[RelationCandidate, ...]
    layers: Mapping[str, AnnotationSet] = field(default_factory=dict, compare=False, repr=False)

    @cached_property
    def candidates(self) -> tuple[Candidate, ...]:
        return (*self.spans, *self.relations)

    def span(self, key: SpanKey) -> SpanCandidate | None:
        return self._span_index.get(tuple(key))  # type: ignore[arg-type]

    def relation(self, key: RelationKey) -> RelationCandidate | None:
        return self._relation_index.get(key)

    @cached_property
    def _span_index(self) -> dict[SpanKey, SpanCandidate]:
        return {c.key: c for c in self.spans}

    @cached_property
    def _relation_index(self) -> dict[RelationKey, RelationCandidate]:
        return {c.key: c for c in self.relations}

    def conflicts(self) -> list[Candidate]:
        """Open candidates (disagreement or incomplete), in text order: what J/K steps through."""
        return [c for c in self.candidates if c.state in _OPEN]

    @cached_property
    def conflicts_left(self) -> int:
        return sum(1 for c in self.candidates if c.state in _OPEN)

    def counts(self) -> dict[str, int]:
        out = {s.value: 0 for s in CandidateState}
        for c in self.candidates:
            out[c.state.value] += 1
        return out

    def choices(self, candidate: Candidate) -> dict[str, list[Any]]:
        """For the conflict list: per participant, which of the candidate and its rivals they made."""
        options = {candidate.key, *candidate.rivals}
        everything = self.spans if candidate.kind == "span" else self.relations
        by_key = {c.key: c for c in everything if c.key in options}
        return {
            name: sorted(k for k, c in by_key.items() if name in c.annotators)  # type: ignore[type-var]
            for name in self.participants
        }

    def gold(self) -> tuple[list[Span], list[Relation]]:
        """The spans and relations in gold now (accepted candidates that are in the gold set)."""
        return (
            [c.span for c in self.spans if c.in_gold],
            [c.relation for c in self.relations if c.in_gold],
        )

    def merged_gold(
        self, policy: Policy | str | None = None
    ) -> tuple[dict[SpanKey, GoldEntry], dict[RelationKey, GoldEntry]]:
        """What a merge with `policy` makes the gold set: key -> provenance.

        Accepted decisions (provenance: the reviewer), gold entries not made by an auto-merge (the
        reviewer's own edits) unless rejected, and the candidates the policy accepts that nobody
        decided (``auto:<policy>``). Entries of an earlier auto-merge are recomputed. Relations
        need both spans in gold.
        """
        policy = Policy.parse(policy) if policy is not None else self.policy
        auto_in_gold = any(c.in_gold and (c.decided_by or "").startswith(AUTO_PREFIX) for c in self.candidates)
        again = self if policy == self.policy and not auto_in_gold else _reclassify(self, policy)
        spans: dict[SpanKey, GoldEntry] = {}
        for c in again.spans:
            entry = _gold_entry(c, policy)
            if entry is not None:
                spans[c.key] = entry
        rels: dict[RelationKey, GoldEntry] = {}
        for r in again.relations:
            entry = _gold_entry(r, policy)
            if entry is not None and r.head in spans and r.tail in spans:
                rels[r.key] = entry
        return spans, rels


def _gold_entry(c: Candidate, policy: Policy) -> GoldEntry | None:
    agreed = tuple(sorted(c.annotators))
    if c.state is CandidateState.ACCEPTED:
        return GoldEntry(agreed, c.decided_by or "reviewer")
    if c.state is CandidateState.AGREED:
        return GoldEntry(agreed, policy.decided_by)
    return None


# -- building ---------------------------------------------------------------------------------


def decision_key_json(key: SpanKey | RelationKey) -> str:
    """The JSON text stored in ``review_decision.key``: ``[s, e, "L"]`` or ``[[s,e,"L"],[s,e,"L"],"R"]``."""
    return json.dumps(key, ensure_ascii=False, separators=(",", ":"))


def decision_key_from_json(kind: str, text: str) -> SpanKey | RelationKey:
    data = json.loads(text)
    if kind == "span":
        return (int(data[0]), int(data[1]), str(data[2]))
    head, tail, label = data
    return ((int(head[0]), int(head[1]), str(head[2])), (int(tail[0]), int(tail[1]), str(tail[2])), str(label))


def adjudicate(
    document_id: int,
    sets: Iterable[AnnotationSet],
    decisions: Iterable[ReviewDecision] = (),
    policy: Policy | str | None = None,
    gold: Mapping[SpanKey | RelationKey, GoldEntry] | None = None,
) -> Adjudication:
    """Merge the annotation sets of one document into classified candidates.

    `sets`: the annotators' sets (gold sets are ignored); `decisions`: the reviewer's decisions;
    `policy`: the one that classifies ``agreed`` (default unanimous); `gold`: the keys now in the
    gold set with their provenance (span and relation keys in one mapping).
    """
    policy = Policy.parse(policy) if policy is not None else Policy()
    gold = dict(gold or {})
    layers: dict[str, AnnotationSet] = {}
    for s in sets:
        if s.kind is SetKind.GOLD or s.annotator is None or s.status is Status.SKIPPED:
            continue
        layers[s.annotator] = s
    participants = tuple(sorted(layers))
    finished = tuple(sorted(n for n, s in layers.items() if s.status is Status.DONE))
    span_decisions: dict[SpanKey, ReviewDecision] = {}
    rel_decisions: dict[RelationKey, ReviewDecision] = {}
    for d in decisions:
        if d.kind == "span":
            span_decisions[tuple(d.key)] = d  # type: ignore[index]
        else:
            rel_decisions[d.key] = d  # type: ignore[index]

    span_makers: dict[SpanKey, set[str]] = {}
    rel_makers: dict[RelationKey, set[str]] = {}
    for name, s in layers.items():
        for sp in s.spans:
            span_makers.setdefault(sp.key, set()).add(name)
        for rel in s.relations:
            rel_makers.setdefault(rel.key, set()).add(name)
    for key in (*span_decisions, *(k for k in gold if is_span_key(k))):
        span_makers.setdefault(key, set())  # type: ignore[arg-type]
    for rkey in (*rel_decisions, *(k for k in gold if not is_span_key(k))):
        rel_makers.setdefault(rkey, set())  # type: ignore[arg-type]
        for end in rkey[:2]:  # type: ignore[index]
            span_makers.setdefault(end, set())

    return _classify(
        document_id, participants, finished, policy, span_makers, rel_makers, span_decisions, rel_decisions, gold, layers
    )


def _reclassify(adj: Adjudication, policy: Policy) -> Adjudication:
    span_dec = {c.key: ReviewDecision("span", c.key, c.decision, c.decided_by) for c in adj.spans if c.decision}
    rel_dec = {c.key: ReviewDecision("relation", c.key, c.decision, c.decided_by) for c in adj.relations if c.decision}
    gold: dict[Any, GoldEntry] = {}
    for c in adj.candidates:
        if c.in_gold:
            gold[c.key] = GoldEntry(tuple(sorted(c.annotators)), c.decided_by or "reviewer")
    # a re-merge with another policy recomputes the automatic part: drop auto entries
    gold = {k: v for k, v in gold.items() if not v.is_auto}
    return _classify(
        adj.document_id,
        adj.participants,
        adj.finished,
        policy,
        {c.key: set(c.annotators) for c in adj.spans},
        {c.key: set(c.annotators) for c in adj.relations},
        span_dec,
        rel_dec,
        gold,
        adj.layers,
    )


def _classify(
    document_id: int,
    participants: Sequence[str],
    finished: Sequence[str],
    policy: Policy,
    span_makers: Mapping[SpanKey, set[str]],
    rel_makers: Mapping[RelationKey, set[str]],
    span_decisions: Mapping[SpanKey, ReviewDecision],
    rel_decisions: Mapping[RelationKey, ReviewDecision],
    gold: Mapping[Any, GoldEntry],
    layers: Mapping[str, AnnotationSet],
) -> Adjudication:
    fin = frozenset(finished)
    n_fin = len(fin)
    everyone = frozenset(participants)
    all_finished = bool(everyone) and everyone == fin

    # -- spans ------------------------------------------------------------------------------
    keys = sorted(span_makers, key=lambda k: (k[0], -k[1], k[2]))
    makers = {k: frozenset(span_makers[k]) for k in keys}
    by_extent: dict[tuple[int, int], list[SpanKey]] = {}
    for k in keys:
        by_extent.setdefault((k[0], k[1]), []).append(k)
    overlaps = _overlap_pairs(keys)

    span_state: dict[SpanKey, CandidateState] = {}
    out_spans: list[SpanCandidate] = []
    no_conflict: frozenset[Conflict] = frozenset()
    conflict_sets: dict[tuple[Conflict, ...], frozenset[Conflict]] = {}
    for k in keys:
        who = makers[k]
        votes = who & fin
        found: list[Conflict] = []
        rivals: list[SpanKey] = []
        ext = by_extent[(k[0], k[1])]
        if len(ext) > 1:
            for other in ext:
                if other != k and makers[other] != who and makers[other]:
                    rivals.append(other)
            if rivals:
                found.append(Conflict.LABEL)
        n_label_rivals = len(rivals)
        for other in overlaps.get(k, ()):
            if makers[other] != who and makers[other]:
                rivals.append(other)
        if len(rivals) > n_label_rivals:
            found.append(Conflict.OVERLAP)
        if who and who != everyone:
            found.append(Conflict.PARTIAL)
        conflicts = conflict_sets.setdefault(tuple(found), frozenset(found)) if found else no_conflict
        agreed = policy.accepts(len(votes), n_fin) and (len(ext) == 1 or not _beaten(k, votes, by_extent, makers, fin))
        d = span_decisions.get(k)
        in_gold_entry = gold.get(k)
        settled = (
            _settled_by_rival(k, by_extent, span_decisions, in_gold_entry)
            if d is None and span_decisions and len(ext) > 1
            else None
        )
        if settled is not None:
            state, decided_by, in_gold = CandidateState.REJECTED, settled.reviewer, False
        else:
            state, decided_by, in_gold = _state(d, in_gold_entry, agreed, all_finished)
        span_state[k] = state
        out_spans.append(
            SpanCandidate(
                key=k,
                annotators=who,
                votes=votes,
                conflicts=conflicts,
                rivals=tuple(sorted(set(rivals))) if rivals else (),
                state=state,
                decision=d.decision if d else None,
                decided_by=decided_by,
                in_gold=in_gold,
            )
        )

    # -- relations --------------------------------------------------------------------------
    rkeys = sorted(rel_makers, key=lambda r: (r[0][0], -r[0][1], r[0][2], r[1], r[2]))
    rmakers = {r: frozenset(rel_makers[r]) for r in rkeys}
    by_pair: dict[tuple[SpanKey, SpanKey], list[RelationKey]] = {}
    by_label: dict[str, list[RelationKey]] = {}
    for r in rkeys:
        by_pair.setdefault((r[0], r[1]), []).append(r)
        by_label.setdefault(r[2], []).append(r)
    gold_span_keys = {c.key for c in out_spans if c.in_gold}
    span_by_key = {c.key: c for c in out_spans}
    out_rels: list[RelationCandidate] = []
    for r in rkeys:
        who = rmakers[r]
        votes = who & fin
        conflicts = set()
        rivals_r: list[RelationKey] = []
        for other in by_pair[(r[0], r[1])]:
            if other != r and rmakers[other] != who and rmakers[other]:
                conflicts.add(Conflict.LABEL)
                rivals_r.append(other)
        for other in by_label[r[2]]:
            if (
                other != r
                and rmakers[other]
                and rmakers[other] != who
                and _span_overlap(other[0], r[0])
                and _span_overlap(other[1], r[1])
            ):
                conflicts.add(Conflict.OVERLAP)
                rivals_r.append(other)
        if who and who != everyone:
            conflicts.add(Conflict.PARTIAL)
        ends_ok = all(
            span_state.get(e) in (CandidateState.ACCEPTED, CandidateState.AGREED) for e in (r[0], r[1])
        )
        agreed = ends_ok and policy.accepts(len(votes), n_fin) and not _beaten_rel(r, votes, by_pair, rmakers, fin)
        d = rel_decisions.get(r)
        rejected_end = next(
            (span_by_key[e] for e in (r[0], r[1]) if span_state.get(e) is CandidateState.REJECTED), None
        )
        if rejected_end is not None:
            state, decided_by, in_gold = CandidateState.REJECTED, rejected_end.decided_by, False
        else:
            state, decided_by, in_gold = _state(d, gold.get(r), agreed, all_finished)
            in_gold = in_gold and r[0] in gold_span_keys and r[1] in gold_span_keys
        out_rels.append(
            RelationCandidate(
                key=r,
                annotators=who,
                votes=votes,
                conflicts=frozenset(conflicts),
                rivals=tuple(sorted(set(rivals_r))),
                state=state,
                decision=d.decision if d else None,
                decided_by=decided_by,
                in_gold=in_gold,
            )
        )
    return Adjudication(
        document_id=document_id,
        participants=tuple(participants),
        finished=tuple(finished),
        policy=policy,
        spans=tuple(out_spans),
        relations=tuple(out_rels),
        layers=dict(layers),
    )


def _state(
    d: ReviewDecision | None, in_gold: GoldEntry | None, agreed: bool, all_finished: bool
) -> tuple[CandidateState, str | None, bool]:
    if d is not None and d.decision is Decision.REJECT:
        return CandidateState.REJECTED, d.reviewer, False
    if d is not None:
        return CandidateState.ACCEPTED, d.reviewer, True
    if in_gold is not None:
        return CandidateState.ACCEPTED, in_gold.decided_by, True
    if agreed:
        return CandidateState.AGREED, None, False
    if not all_finished:
        return CandidateState.INCOMPLETE, None, False
    return CandidateState.DISAGREEMENT, None, False


def _settled_by_rival(
    k: SpanKey,
    by_extent: Mapping[tuple[int, int], list[SpanKey]],
    decisions: Mapping[SpanKey, ReviewDecision],
    in_gold: GoldEntry | None,
) -> ReviewDecision | None:
    """The accept decision of a same-extent candidate with another label, if any."""
    if in_gold is not None and not in_gold.is_auto:
        return None
    for other in by_extent[(k[0], k[1])]:
        d = decisions.get(other)
        if other != k and d is not None and d.decision is Decision.ACCEPT:
            return d
    return None


def _beaten(
    k: SpanKey,
    votes: frozenset[str],
    by_extent: Mapping[tuple[int, int], list[SpanKey]],
    makers: Mapping[SpanKey, frozenset[str]],
    fin: frozenset[str],
) -> bool:
    for other in by_extent[(k[0], k[1])]:
        if other == k:
            continue
        ov = makers[other] & fin
        if len(ov) > len(votes) or (len(ov) == len(votes) and ov != votes and ov):
            return True
    return False


def _beaten_rel(
    r: RelationKey,
    votes: frozenset[str],
    by_pair: Mapping[tuple[SpanKey, SpanKey], list[RelationKey]],
    makers: Mapping[RelationKey, frozenset[str]],
    fin: frozenset[str],
) -> bool:
    for other in by_pair[(r[0], r[1])]:
        if other == r:
            continue
        ov = makers[other] & fin
        if len(ov) > len(votes) or (len(ov) == len(votes) and ov != votes and ov):
            return True
    return False


def _span_overlap(a: SpanKey, b: SpanKey) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _overlap_pairs(keys: Sequence[SpanKey]) -> dict[SpanKey, list[SpanKey]]:
    """Candidates with a different, overlapping extent (sweep over spans sorted by start)."""
    out: dict[SpanKey, list[SpanKey]] = {}
    ordered = sorted(keys)
    active: list[SpanKey] = []
    for k in ordered:
        active = [a for a in active if a[1] > k[0]]
        for a in active:
            if (a[0], a[1]) != (k[0], k[1]):
                out.setdefault(k, []).append(a)
                out.setdefault(a, []).append(k)
        active.append(k)
    return out
