"""Review service on a real SQLite file: two annotators label a bundled article differently."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from annotator.core.adjudication import CandidateState, Conflict, Decision
from annotator.core.commands import AddRelation, AddSpan
from annotator.core.document import Relation, Role, SetKind, Span, Status
from annotator.core.errors import AnnotationError
from annotator.services.review import Review
from annotator.storage.orm import AnnotationSetRow, RelationRow, ReviewDecisionRow, SpanRow


def find(text: str, phrase: str, label: str, nth: int = 0) -> Span:
    pos = -1
    for _ in range(nth + 1):
        pos = text.index(phrase, pos + 1)
    return Span(pos, pos + len(phrase), label)


@pytest.fixture
def labelled(project):
    """Document 1 labelled by `an` and `binh` (both done); `rev` is a reviewer."""
    doc_id = project.documents.ids()[0]
    text = project.document(doc_id).text
    s = {
        "phan": find(text, "Phan Văn Đăng", "PER_VN"),
        "linh": find(text, "Trần Hải Linh", "PER_VN"),
        "vkbia": find(text, "Hiệp hội VKBIA", "ORG_OTHER"),
        "ubnd": find(text, "UBND tỉnh Bình Thuận", "ORG_VN"),
        "binh_thuan": find(text, "Bình Thuận", "LOC_VN", nth=1),
        "date": find(text, "19/8", "DATE"),
        "hh_vn": find(text, "Hiệp hội Doanh nghiệp tỉnh Bình Thuận", "ORG_VN"),
    }
    s["hh_other"] = s["hh_vn"].with_label("ORG_OTHER")
    assert s["ubnd"].contains(s["binh_thuan"])
    leads = Relation(s["linh"].key, s["vkbia"].key, "LEADS")
    common = [s["phan"], s["linh"], s["vkbia"]]
    work = {"an": [*common, s["ubnd"], s["date"], s["hh_vn"]], "binh": [*common, s["binh_thuan"], s["hh_other"]]}
    for name, spans in work.items():
        session = project.open_annotation(doc_id, project.annotator(name))
        for sp in spans:
            session.apply(AddSpan(sp))
        session.apply(AddRelation(leads))
        session.set_status(Status.DONE)
    project.annotator("rev", Role.REVIEWER)
    return doc_id, text, s, leads


def gold_rows(project, doc_id):
    with project.db.read() as ses:
        gold = ses.scalars(
            select(AnnotationSetRow).where(AnnotationSetRow.document_id == doc_id, AnnotationSetRow.kind == "gold")
        ).first()
        if gold is None:
            return None, {}, {}
        spans = {(r.start, r.end, r.label): r for r in ses.scalars(select(SpanRow).where(SpanRow.set_id == gold.id))}
        by_id = {r.id: k for k, r in spans.items()}
        rels = {
            (by_id[r.head_id], by_id[r.tail_id], r.label): r
            for r in ses.scalars(select(RelationRow).where(RelationRow.set_id == gold.id))
        }
        return gold, spans, rels


def test_candidates_classify_the_two_annotators_work(project, labelled):
    doc_id, _, s, leads = labelled
    adj = Review(project).candidates(doc_id)
    assert adj.participants == ("an", "binh") == adj.finished
    assert adj.span(s["phan"].key).state is CandidateState.AGREED
    assert adj.span(s["hh_vn"].key).conflicts == {Conflict.LABEL, Conflict.PARTIAL}
    assert Conflict.OVERLAP in adj.span(s["ubnd"].key).conflicts
    assert adj.span(s["date"].key).state is CandidateState.DISAGREEMENT
    assert adj.relation(leads.key).state is CandidateState.AGREED
    assert adj.choices(adj.span(s["hh_vn"].key)) == {"an": [s["hh_vn"].key], "binh": [s["hh_other"].key]}
    assert set(adj.layers) == {"an", "binh"}
    assert len(adj.layers["binh"].spans) == 5


def test_only_a_reviewer_writes_gold(project, labelled):
    doc_id, _, s, _ = labelled
    review = Review(project)
    project.annotator("an")
    with pytest.raises(AnnotationError, match="not a reviewer"):
        review.merge("unanimous", "an")
    with pytest.raises(AnnotationError, match="not a reviewer"):
        review.decide(doc_id, s["date"].key, "accept", "an")
    with pytest.raises(AnnotationError, match="not a reviewer"):
        review.open_gold(doc_id, "binh")
    assert gold_rows(project, doc_id)[0] is None
    with project.db.read() as ses:
        assert ses.scalars(select(ReviewDecisionRow)).first() is None


def test_merge_writes_gold_with_provenance(project, labelled):
    doc_id, _, s, leads = labelled
    report = Review(project).merge("unanimous", "rev")
    assert report.documents == 1
    assert report.spans_added == 3 and report.relations_added == 1
    gold, spans, rels = gold_rows(project, doc_id)
    assert gold.annotator_id is None
    assert gold.meta["policy"] == "unanimous"
    assert set(spans) == {s["phan"].key, s["linh"].key, s["vkbia"].key}
    assert spans[s["phan"].key].meta == {"agreed_by": ["an", "binh"], "decided_by": "auto:unanimous"}
    assert rels[leads.key].meta["decided_by"] == "auto:unanimous"
    # the export reads gold this way
    [g] = project.sets.all(kind=SetKind.GOLD)
    assert g.document_id == doc_id and g.annotator is None
    assert {sp.key for sp in g.spans} == set(spans)
    assert [r.key for r in g.relations] == [leads.key]


def test_decide_is_stored_and_applied_to_gold_at_once(project, labelled):
    doc_id, _, s, _ = labelled
    review = Review(project)
    review.merge("unanimous", "rev")
    adj = review.decide(doc_id, s["date"].key, "accept", "rev")
    assert adj.span(s["date"].key).state is CandidateState.ACCEPTED
    adj = review.decide(doc_id, list(s["hh_vn"].key), Decision.REJECT, "rev")  # lists (JSON) work too
    assert adj.span(s["hh_vn"].key).state is CandidateState.REJECTED
    _, spans, _ = gold_rows(project, doc_id)
    assert spans[s["date"].key].meta == {"agreed_by": ["an"], "decided_by": "rev"}
    assert s["hh_vn"].key not in spans
    with project.db.read() as ses:
        rows = {(r.kind, r.key, r.decision) for r in ses.scalars(select(ReviewDecisionRow))}
    assert ("span", json.dumps(list(s["date"].key), ensure_ascii=False, separators=(",", ":")), "accept") in rows
    assert len(rows) == 2


def test_remerge_keeps_reviewer_decisions(project, labelled):
    doc_id, _, s, _ = labelled
    review = Review(project)
    review.merge("unanimous", "rev")
    review.decide(doc_id, s["date"].key, "accept", "rev")
    review.decide(doc_id, s["phan"].key, "reject", "rev")
    for policy in ("min-agree:1", "majority", "unanimous"):
        report = review.merge(policy, "rev")
        assert report.decisions_kept == 2
        _, spans, _ = gold_rows(project, doc_id)
        assert spans[s["date"].key].meta["decided_by"] == "rev"
        assert s["phan"].key not in spans
    loose = review.merge("min-agree:1", "rev")
    assert loose.spans_added > 0
    _, spans, _ = gold_rows(project, doc_id)
    assert s["ubnd"].key in spans and s["binh_thuan"].key in spans  # one vote each, no rival
    assert s["hh_vn"].key not in spans and s["hh_other"].key not in spans  # a 1-1 label tie waits
    assert spans[s["ubnd"].key].meta["decided_by"] == "auto:min-agree:1"


def test_reviewer_edits_survive_a_merge(project, labelled):
    doc_id, text, s, leads = labelled
    review = Review(project)
    review.merge("unanimous", "rev")
    own = find(text, "Việt Nam", "LOC_VN")
    review.add_span(doc_id, own, "rev")
    adj = review.set_label(doc_id, s["hh_vn"].key, "ORG_VN", "rev")  # same label: nothing to do
    adj = review.set_label(doc_id, s["vkbia"], "ORG_VN", "rev")
    assert adj.span(s["vkbia"].key).state is CandidateState.REJECTED
    assert adj.relation(leads.key).state is CandidateState.REJECTED  # its tail was rejected
    new_vkbia = s["vkbia"].with_label("ORG_VN")
    adj = review.add_relation(doc_id, Relation(s["linh"].key, new_vkbia.key, "LEADS"), "rev")
    review.merge("unanimous", "rev")
    _, spans, rels = gold_rows(project, doc_id)
    assert spans[own.key].meta == {"agreed_by": [], "decided_by": "rev"}
    assert new_vkbia.key in spans and s["vkbia"].key not in spans
    assert set(rels) == {(s["linh"].key, new_vkbia.key, "LEADS")}
    review.delete_span(doc_id, own, "rev")
    _, spans, _ = gold_rows(project, doc_id)
    assert own.key not in spans


def test_accepting_a_relation_accepts_its_spans(project, labelled):
    doc_id, _, s, _ = labelled
    review = Review(project)
    rel = Relation(s["phan"].key, s["ubnd"].key, "MEMBER_OF")
    adj = review.add_relation(doc_id, rel, "rev")
    assert adj.span(s["ubnd"].key).state is CandidateState.ACCEPTED
    assert adj.relation(rel.key).in_gold
    review.decide(doc_id, s["date"].key, "reject", "rev")
    with pytest.raises(AnnotationError, match="rejected"):
        review.add_relation(doc_id, Relation(s["phan"].key, s["date"].key, "HAS_TITLE"), "rev")


def test_clear_decision_goes_back_to_the_policy(project, labelled):
    doc_id, _, s, _ = labelled
    review = Review(project)
    review.merge("unanimous", "rev")
    review.decide(doc_id, s["phan"].key, "reject", "rev")
    review.decide(doc_id, s["date"].key, "accept", "rev")
    adj = review.clear_decision(doc_id, s["phan"].key, "rev")
    assert adj.span(s["phan"].key).state is CandidateState.ACCEPTED
    assert adj.span(s["phan"].key).decided_by == "auto:unanimous"
    adj = review.clear_decision(doc_id, s["date"].key, "rev")
    assert adj.span(s["date"].key).state is CandidateState.DISAGREEMENT
    with pytest.raises(AnnotationError, match="no decision"):
        review.clear_decision(doc_id, s["date"].key, "rev")


def test_bad_decisions_change_nothing(project, labelled):
    doc_id, _text, s, _ = labelled
    review = Review(project)
    review.merge("unanimous", "rev")
    before = gold_rows(project, doc_id)[0].version
    with pytest.raises(AnnotationError, match="not a candidate"):
        review.decide(doc_id, (0, 3, "DATE"), "reject", "rev")
    with pytest.raises(AnnotationError, match="token boundaries"):
        review.add_span(doc_id, (1, 3, "DATE"), "rev")
    with pytest.raises(AnnotationError, match="unknown label"):
        review.add_span(doc_id, (s["date"].start, s["date"].end, "NOPE"), "rev")
    with pytest.raises(AnnotationError, match="does not allow"):
        review.add_relation(doc_id, Relation(s["date"].key, s["phan"].key, "LEADS"), "rev")
    with pytest.raises(AnnotationError, match="not a candidate key"):
        review.decide(doc_id, "oops", "accept", "rev")
    with pytest.raises(ValueError, match="maybe"):
        review.decide(doc_id, s["date"].key, "maybe", "rev")
    assert gold_rows(project, doc_id)[0].version == before
    with project.db.read() as ses:
        assert ses.scalars(select(ReviewDecisionRow)).first() is None


def test_progress_and_status(project, labelled):
    doc_id, _, s, _ = labelled
    review = Review(project)
    rows = {r.document_id: r for r in review.status()}
    assert rows[doc_id].state == "conflicts"
    assert all(r.state == "unannotated" for d, r in rows.items() if d != doc_id)
    p = review.progress(doc_id)
    assert p.documents_left == 1 and p.documents_total == 5 and p.documents_done == 0
    open_before = p.conflicts_left
    assert open_before == review.candidates(doc_id).conflicts_left > 0
    review.decide(doc_id, s["date"].key, "accept", "rev")
    assert review.progress(doc_id).conflicts_left == open_before - 1
    for c in review.candidates(doc_id).conflicts():
        review.decide(doc_id, c.key, "reject", "rev")
    assert review.progress(doc_id).conflicts_left == 0
    assert {r.document_id: r for r in review.status()}[doc_id].state == "to merge"
    review.merge("unanimous", "rev", document_id=doc_id)
    p = review.progress(doc_id)
    assert p.documents_left == 0 and p.documents_done == 1
    gold, _, _ = gold_rows(project, doc_id)
    assert gold.status == "done"


def test_unfinished_annotator_makes_candidates_incomplete(project, labelled):
    doc_id, _text, s, _ = labelled
    session = project.open_annotation(doc_id, project.annotator("chi"))
    session.apply(AddSpan(s["date"]))
    adj = Review(project).candidates(doc_id)
    assert adj.participants == ("an", "binh", "chi") and adj.finished == ("an", "binh")
    assert adj.span(s["date"].key).state is CandidateState.INCOMPLETE
    assert adj.span(s["phan"].key).state is CandidateState.AGREED  # every finished annotator agrees


def test_agreement_from_the_database(project, labelled):
    doc_id, _, _s, _ = labelled
    report = Review(project).agreement(by_document=True)
    for key in ("pairs", "by_label", "krippendorff_alpha", "relation_f1", "documents"):
        assert key in report
    [pair] = report["pairs"]
    assert (pair["a"], pair["b"]) == ("an", "binh")
    assert pair["span_f1"] == pytest.approx(2 * 3 / (6 + 5), abs=1e-4)
    assert pair["relation_f1"] == 1.0
    assert -1 <= pair["cohen_kappa"] < 1
    assert [d["document_id"] for d in report["documents"]] == [doc_id]
    assert report["documents"][0]["span_disagreements"] == 5  # ubnd, date, hh_vn | binh_thuan, hh_other
    assert report["documents_in_project"] == 5
    only = Review(project).agreement(label="PER_VN")
    assert only["span_f1"] == 1.0
    with pytest.raises(AnnotationError, match="unknown label"):
        Review(project).agreement(label="NOPE")
    json.dumps(report)


def test_progress_follows_writes_and_refreshes(project, labelled):
    doc_id, _, _s, _ = labelled
    review = Review(project)
    first = review.progress(doc_id)
    assert first.documents_left == 1
    for c in review.candidates(doc_id).conflicts():
        review.decide(doc_id, c.key, "accept" if c.kind == "span" else "reject", "rev")
    now = review.progress(doc_id)
    assert now.conflicts_left == 0
    review.merge("unanimous", "rev", document_id=doc_id)
    assert review.progress(doc_id).documents_done == 1
    # another annotator starts the second document: seen after a refresh
    other = project.documents.ids()[1]
    text = project.document(other).text
    session = project.open_annotation(other, project.annotator("an"))
    session.apply(AddSpan(find(text, "Hàn Quốc", "LOC_KR")))
    session.set_status(Status.DONE)
    assert review.progress().documents_left == 0
    assert review.progress(refresh=True).documents_left == 1


def test_agreement_from_sql_columns_equals_agreement_from_sets(project, labelled):
    from annotator.core.agreement import agreement_document, compute_agreement

    doc_id, _text, s, _ = labelled
    # a third annotator who finished, and one who did not (missing, not all O)
    for name, status in (("chi", Status.DONE), ("dung", Status.IN_PROGRESS)):
        session = project.open_annotation(doc_id, project.annotator(name))
        session.apply(AddSpan(s["ubnd"]))
        session.apply(AddSpan(s["linh"].with_label("PER_KR")))
        session.set_status(status)
    report = Review(project).agreement(by_document=True)
    sets = project.sets.all(document_id=doc_id, kind=SetKind.ANNOTATION)
    doc = project.document(doc_id)
    expected = compute_agreement([agreement_document(doc_id, doc.title, doc.text, sets)], project.schema.label_names,
                                 by_document=True)
    for key in ("pairs", "by_label", "krippendorff_alpha", "relation_f1", "documents", "confusion", "span_f1"):
        assert report[key] == expected[key], key
    assert [p["a"] + "-" + p["b"] for p in report["pairs"]] == ["an-binh", "an-chi", "binh-chi"]
