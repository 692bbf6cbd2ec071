"""Candidates, conflict types, merge policies and reviewer decisions on crafted multi-annotator data."""

from __future__ import annotations

import pytest

from annotator.core.adjudication import (
    CandidateState,
    Conflict,
    Decision,
    GoldEntry,
    Policy,
    ReviewDecision,
    adjudicate,
    decision_key_from_json,
    decision_key_json,
)
from annotator.core.document import AnnotationSet, Relation, SetKind, Span, Status
from annotator.core.errors import AnnotationError

DONE, WIP, SKIP = Status.DONE, Status.IN_PROGRESS, Status.SKIPPED

ORG = (0, 10, "ORG_KR")
ORG_AS_VN = (0, 10, "ORG_VN")
LOC = (20, 25, "LOC_VN")
LOC_WIDE = (20, 30, "LOC_VN")
PER = (40, 45, "PER_KR")


def aset(name, status, *keys, relations=()):
    return AnnotationSet(
        1,
        name,
        status=status,
        spans=tuple(Span(*k) for k in keys),
        relations=tuple(Relation(*r) for r in relations),
    )


def states(adj):
    return {c.key: c.state for c in adj.candidates}


# -- candidates and conflicts ---------------------------------------------------------------


def test_candidates_collect_the_annotators_who_made_each_key():
    adj = adjudicate(1, [aset("an", DONE, ORG, LOC), aset("binh", DONE, ORG), aset("chi", DONE, ORG, PER)])
    assert [c.key for c in adj.spans] == [ORG, LOC, PER]
    assert adj.span(ORG).annotators == {"an", "binh", "chi"}
    assert adj.span(LOC).annotators == {"an"}
    assert adj.span(PER).annotators == {"chi"}
    assert adj.participants == ("an", "binh", "chi")
    assert adj.finished == ("an", "binh", "chi")
    assert adj.span(ORG).conflicts == frozenset()


def test_same_extent_different_label_is_a_label_conflict():
    adj = adjudicate(1, [aset("an", DONE, ORG), aset("binh", DONE, ORG_AS_VN)])
    org, vn = adj.span(ORG), adj.span(ORG_AS_VN)
    assert Conflict.LABEL in org.conflicts and Conflict.LABEL in vn.conflicts
    assert org.rivals == (ORG_AS_VN,)
    assert adj.choices(org) == {"an": [ORG], "binh": [ORG_AS_VN]}
    assert Conflict.OVERLAP not in org.conflicts


def test_overlapping_extents_are_an_overlap_conflict():
    adj = adjudicate(1, [aset("an", DONE, LOC), aset("binh", DONE, LOC_WIDE)])
    assert adj.span(LOC).conflicts == {Conflict.OVERLAP, Conflict.PARTIAL}
    assert adj.span(LOC).rivals == (LOC_WIDE,)
    assert adj.span(LOC_WIDE).rivals == (LOC,)


def test_made_by_only_some_is_a_partial_conflict():
    adj = adjudicate(1, [aset("an", DONE, ORG, PER), aset("binh", DONE, ORG)])
    assert adj.span(PER).conflicts == {Conflict.PARTIAL}
    assert adj.span(ORG).conflicts == frozenset()


def test_nesting_everybody_made_is_no_conflict():
    title, org = (0, 30, "TITLE"), (10, 30, "ORG_VN")
    adj = adjudicate(1, [aset("an", DONE, title, org), aset("binh", DONE, title, org)])
    assert all(not c.conflicts for c in adj.spans)
    assert adj.conflicts_left == 0


def test_relation_conflicts_label_overlap_partial():
    rel_a = (ORG, LOC, "LOCATED_IN")
    rel_b = (ORG, LOC, "PARTNER_OF")
    rel_c = (ORG, LOC_WIDE, "LOCATED_IN")
    adj = adjudicate(
        1,
        [
            aset("an", DONE, ORG, LOC, relations=[rel_a]),
            aset("binh", DONE, ORG, LOC, relations=[rel_b]),
            aset("chi", DONE, ORG, LOC_WIDE, relations=[rel_c]),
        ],
    )
    a, b, c = adj.relation(rel_a), adj.relation(rel_b), adj.relation(rel_c)
    assert Conflict.LABEL in a.conflicts and rel_b in a.rivals
    assert Conflict.OVERLAP in a.conflicts and rel_c in a.rivals
    assert Conflict.PARTIAL in a.conflicts
    assert Conflict.OVERLAP in c.conflicts and Conflict.LABEL not in c.conflicts
    assert b.annotators == {"binh"}


# -- states and policies ------------------------------------------------------------------


def test_unanimous_counts_only_finished_annotators():
    adj = adjudicate(
        1, [aset("an", DONE, ORG, LOC), aset("binh", DONE, ORG), aset("chi", WIP, PER)], policy="unanimous"
    )
    assert adj.span(ORG).state is CandidateState.AGREED
    assert adj.span(ORG).votes == {"an", "binh"}
    # made by one of two finished annotators, and chi has not finished: may still change
    assert adj.span(LOC).state is CandidateState.INCOMPLETE
    assert adj.span(PER).state is CandidateState.INCOMPLETE
    assert adj.span(PER).votes == frozenset()


def test_disagreement_when_everybody_finished():
    adj = adjudicate(1, [aset("an", DONE, ORG, LOC), aset("binh", DONE, ORG)], policy="unanimous")
    assert states(adj) == {ORG: CandidateState.AGREED, LOC: CandidateState.DISAGREEMENT}
    assert adj.conflicts() == [adj.span(LOC)]
    assert adj.conflicts_left == 1


def test_skipped_annotators_do_not_take_part():
    adj = adjudicate(1, [aset("an", DONE, ORG), aset("binh", SKIP, LOC)])
    assert adj.participants == ("an",)
    assert adj.span(LOC) is None
    assert adj.span(ORG).state is CandidateState.AGREED


def test_majority_policy():
    sets = [aset("an", DONE, ORG, LOC), aset("binh", DONE, ORG, LOC), aset("chi", DONE, ORG, PER)]
    adj = adjudicate(1, sets, policy="majority")
    assert states(adj) == {ORG: CandidateState.AGREED, LOC: CandidateState.AGREED, PER: CandidateState.DISAGREEMENT}
    # two of four is not a majority
    adj4 = adjudicate(1, [*sets, aset("dung", DONE, PER)], policy="majority")
    assert adj4.span(LOC).state is CandidateState.DISAGREEMENT
    assert adj4.span(ORG).state is CandidateState.AGREED  # three of four


def test_majority_holds_with_three_of_four():
    sets = [aset("an", DONE, ORG), aset("binh", DONE, ORG), aset("chi", DONE, ORG), aset("dung", DONE)]
    adj = adjudicate(1, sets, policy="majority")
    assert adj.span(ORG).state is CandidateState.AGREED


def test_min_agree_policy():
    sets = [aset("an", DONE, ORG, LOC), aset("binh", DONE, ORG, PER), aset("chi", DONE, ORG, LOC)]
    adj2 = adjudicate(1, sets, policy="min-agree:2")
    assert states(adj2) == {ORG: CandidateState.AGREED, LOC: CandidateState.AGREED, PER: CandidateState.DISAGREEMENT}
    adj1 = adjudicate(1, sets, policy="min-agree:1")
    assert all(c.state is CandidateState.AGREED for c in adj1.spans)
    adj3 = adjudicate(1, sets, policy="min-agree:3")
    assert adj3.span(LOC).state is CandidateState.DISAGREEMENT


def test_label_rival_with_more_votes_wins_and_a_tie_waits():
    sets = [aset("an", DONE, ORG), aset("binh", DONE, ORG), aset("chi", DONE, ORG_AS_VN)]
    adj = adjudicate(1, sets, policy="min-agree:1")
    assert adj.span(ORG).state is CandidateState.AGREED
    assert adj.span(ORG_AS_VN).state is CandidateState.DISAGREEMENT
    tie = adjudicate(1, [aset("an", DONE, ORG), aset("binh", DONE, ORG_AS_VN)], policy="min-agree:1")
    assert {c.state for c in tie.spans} == {CandidateState.DISAGREEMENT}


def test_relation_needs_its_spans_agreed():
    rel = (ORG, LOC, "LOCATED_IN")
    adj = adjudicate(
        1, [aset("an", DONE, ORG, LOC, relations=[rel]), aset("binh", DONE, ORG, LOC_WIDE)], policy="min-agree:1"
    )
    # LOC is agreed under min-agree:1, so is the relation
    assert adj.relation(rel).state is CandidateState.AGREED
    strict = adjudicate(
        1, [aset("an", DONE, ORG, LOC, relations=[rel]), aset("binh", DONE, ORG, LOC_WIDE)], policy="unanimous"
    )
    assert strict.relation(rel).state is CandidateState.DISAGREEMENT


@pytest.mark.parametrize(
    ("text", "expected"),
    [("unanimous", Policy("unanimous")), ("MAJORITY", Policy("majority")), ("min-agree:3", Policy("min-agree", 3))],
)
def test_policy_parse(text, expected):
    assert Policy.parse(text) == expected
    assert Policy.parse(str(expected)) == expected


@pytest.mark.parametrize("bad", ["most", "min-agree", "min-agree:0", "min-agree:x"])
def test_bad_policy_is_refused(bad):
    with pytest.raises(AnnotationError):
        Policy.parse(bad)


# -- decisions and gold -------------------------------------------------------------------


def test_decisions_win_over_the_policy():
    sets = [aset("an", DONE, ORG, LOC), aset("binh", DONE, ORG)]
    decisions = [
        ReviewDecision("span", ORG, Decision.REJECT, "rev"),
        ReviewDecision("span", LOC, Decision.ACCEPT, "rev"),
    ]
    adj = adjudicate(1, sets, decisions, policy="unanimous")
    assert adj.span(ORG).state is CandidateState.REJECTED
    assert adj.span(LOC).state is CandidateState.ACCEPTED
    assert adj.span(LOC).decided_by == "rev"
    spans, _ = adj.merged_gold()
    assert set(spans) == {LOC}
    assert spans[LOC].decided_by == "rev"
    assert spans[LOC].agreed_by == ("an",)


def test_merged_gold_provenance_and_remerge_keeps_decisions():
    sets = [aset("an", DONE, ORG, LOC, PER), aset("binh", DONE, ORG, LOC), aset("chi", DONE, ORG)]
    decisions = [ReviewDecision("span", PER, Decision.ACCEPT, "rev"), ReviewDecision("span", ORG, Decision.REJECT, "rev")]
    adj = adjudicate(1, sets, decisions, policy="majority")
    spans, _ = adj.merged_gold("majority")
    assert set(spans) == {LOC, PER}
    assert spans[LOC] == GoldEntry(("an", "binh"), "auto:majority")
    # the merge wrote it: now it is in gold; merging again with another policy recomputes the
    # automatic part but keeps every decision
    gold = {k: v for k, v in spans.items()}
    again = adjudicate(1, sets, decisions, policy="majority", gold=gold)
    assert again.span(LOC).state is CandidateState.ACCEPTED and again.span(LOC).decided_by == "auto:majority"
    strict, _ = again.merged_gold("unanimous")
    assert set(strict) == {PER}  # ORG (unanimous) stays rejected, LOC is no longer agreed
    loose, _ = again.merged_gold("min-agree:1")
    assert set(loose) == {LOC, PER}
    assert loose[PER].decided_by == "rev"


def test_reviewer_own_gold_span_survives_a_merge():
    own = (50, 55, "DATE")
    sets = [aset("an", DONE, ORG), aset("binh", DONE, ORG)]
    adj = adjudicate(1, sets, policy="unanimous", gold={own: GoldEntry((), "rev")})
    assert adj.span(own).state is CandidateState.ACCEPTED
    assert adj.span(own).annotators == frozenset()
    spans, _ = adj.merged_gold()
    assert set(spans) == {ORG, own}


def test_rejecting_a_span_rejects_its_relations():
    rel = (ORG, LOC, "LOCATED_IN")
    sets = [aset("an", DONE, ORG, LOC, relations=[rel]), aset("binh", DONE, ORG, LOC, relations=[rel])]
    adj = adjudicate(1, sets, [ReviewDecision("span", LOC, Decision.REJECT, "rev")])
    assert adj.relation(rel).state is CandidateState.REJECTED
    spans, rels = adj.merged_gold()
    assert set(spans) == {ORG} and rels == {}
    ok = adjudicate(1, sets)
    spans, rels = ok.merged_gold()
    assert rels[rel] == GoldEntry(("an", "binh"), "auto:unanimous")


def test_gold_sets_are_not_participants():
    gold = AnnotationSet(1, None, kind=SetKind.GOLD, status=DONE, spans=(Span(*PER),))
    adj = adjudicate(1, [aset("an", DONE, ORG), gold])
    assert adj.participants == ("an",)
    assert adj.span(PER) is None


def test_decision_keys_round_trip_as_json():
    rel = (ORG, LOC, "LOCATED_IN")
    assert decision_key_from_json("span", decision_key_json(ORG)) == ORG
    assert decision_key_from_json("relation", decision_key_json(rel)) == rel


def test_accepting_one_label_settles_the_label_conflict():
    sets = [aset("an", DONE, ORG), aset("binh", DONE, ORG_AS_VN)]
    adj = adjudicate(1, sets, [ReviewDecision("span", ORG_AS_VN, Decision.ACCEPT, "rev")], policy="min-agree:1")
    assert adj.span(ORG_AS_VN).state is CandidateState.ACCEPTED
    assert adj.span(ORG).state is CandidateState.REJECTED and adj.span(ORG).decided_by == "rev"
    assert adj.conflicts_left == 0
    both = adjudicate(
        1,
        sets,
        [ReviewDecision("span", k, Decision.ACCEPT, "rev") for k in (ORG, ORG_AS_VN)],
    )
    assert {c.state for c in both.spans} == {CandidateState.ACCEPTED}
    # an auto-merged label gives way to the reviewer's choice of another label
    auto = adjudicate(
        1, sets, [ReviewDecision("span", ORG_AS_VN, Decision.ACCEPT, "rev")], gold={ORG: GoldEntry(("an",), "auto:min-agree:1")}
    )
    assert set(auto.merged_gold("min-agree:1")[0]) == {ORG_AS_VN}


@pytest.mark.parametrize("seed", range(20))
def test_decisions_survive_every_policy_on_random_data(seed):
    import random

    rng = random.Random(seed)
    pool = [(s, s + n, lab) for s in range(0, 40, 5) for n in (3, 5, 8) for lab in ("ORG_KR", "ORG_VN", "LOC_VN")]
    sets = [
        aset(name, rng.choice([DONE, DONE, WIP, SKIP]), *rng.sample(pool, rng.randint(0, 12)))
        for name in ("an", "binh", "chi", "dung")
    ]
    made = sorted({sp.key for st in sets for sp in st.spans})
    decisions = [
        ReviewDecision("span", k, rng.choice([Decision.ACCEPT, Decision.REJECT]), "rev")
        for k in rng.sample(made, min(len(made), 5))
    ]
    accepted = {d.key for d in decisions if d.decision is Decision.ACCEPT}
    rejected = {d.key for d in decisions if d.decision is Decision.REJECT}
    gold: dict = {}
    for policy in ("unanimous", "majority", "min-agree:1", "min-agree:2", "unanimous"):
        adj = adjudicate(1, sets, decisions, policy, gold)
        spans, _ = adj.merged_gold(policy)
        assert accepted <= set(spans)
        assert not rejected & set(spans)
        for k in accepted:
            assert spans[k].decided_by == "rev"
        # every automatic entry is agreed under this policy by finished annotators only
        fin = {st.annotator for st in sets if st.status is DONE}
        for k, entry in spans.items():
            if entry.is_auto:
                assert entry.decided_by == f"auto:{policy}"
                votes = adj.span(k).annotators & fin
                assert Policy.parse(policy).accepts(len(votes), len(fin))
        gold = dict(spans)  # what the merge wrote: the next merge starts from it
        again = adjudicate(1, sets, decisions, policy, gold)
        assert all(c.state is not CandidateState.AGREED for c in again.spans)
