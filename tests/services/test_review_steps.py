"""Review steps as data: each saved `SetDecisions` returns the step that undoes it."""

from __future__ import annotations

import sqlite3

import pytest
from test_review import find

from annotator.core.adjudication import Decision, SetDecisions
from annotator.core.commands import AddSpan
from annotator.core.document import Relation, Role, Span, Status
from annotator.core.errors import AnnotationError
from annotator.services.review import Review

ACCEPT, REJECT = Decision.ACCEPT, Decision.REJECT


@pytest.fixture
def reviewed(project, db_path):
    with sqlite3.connect(db_path) as con:
        doc_id = con.execute("SELECT min(id) FROM document").fetchone()[0]
    text = project.document(doc_id).text
    phan = find(text, "Phan Văn Đăng", "PER_VN")
    title = find(text, "Phó Chủ tịch Thường trực UBND tỉnh Bình Thuận", "TITLE")
    place = find(text, "Bình Thuận", "LOC_VN", 1)
    for name, spans in (("an", [phan, title]), ("binh", [phan, place])):
        session = project.open_annotation(doc_id, project.annotator(name))
        for sp in spans:
            session.apply(AddSpan(sp))
        session.set_status(Status.DONE)
    project.annotator("rev", Role.REVIEWER)
    return Review(project), doc_id, phan, title, place


def _decided(review: Review, doc_id: int) -> dict:
    return {c.key: c.decision for c in review.candidates(doc_id).candidates if c.decision is not None}


def test_a_decision_returns_its_inverse_and_the_inverse_its_redo(reviewed) -> None:
    review, doc_id, _phan, title, place = reviewed
    step = SetDecisions(doc_id, ((place.key, ACCEPT),))
    done = review.apply_decisions(step, "rev")
    assert done.inverse == SetDecisions(doc_id, ((place.key, None),))  # no decision before: clear
    assert done.adjudication.span(place.key).in_gold
    changed = review.apply_decisions(SetDecisions(doc_id, ((place.key, REJECT),)), "rev")
    assert changed.inverse == SetDecisions(doc_id, ((place.key, ACCEPT),))  # the previous decision
    undone = review.apply_decisions(changed.inverse, "rev")
    assert _decided(review, doc_id) == {place.key: ACCEPT}
    assert undone.inverse == SetDecisions(doc_id, ((place.key, REJECT),))  # what redoes the step
    review.apply_decisions(done.inverse, "rev")
    assert _decided(review, doc_id) == {}
    # a step that changes no decision has nothing to undo; clearing what is not decided is no error here
    assert review.apply_decisions(SetDecisions(doc_id, ((title.key, None),)), "rev").inverse.items == ()
    with pytest.raises(AnnotationError, match="no decision"):
        review.clear_decision(doc_id, title.key, "rev")  # but the explicit clear says so


def test_implicit_decisions_are_part_of_the_inverse(reviewed) -> None:
    review, doc_id, phan, title, _place = reviewed
    rel = Relation(phan.key, title.key, "HAS_TITLE")
    review.apply_decisions(SetDecisions(doc_id, ((title.key, ACCEPT),)), "rev")
    done = review.apply_decisions(SetDecisions(doc_id, ((rel.key, ACCEPT),)), "rev")
    # accepting the relation accepted its head too (the tail was accepted already): undone backwards
    assert done.inverse == SetDecisions(doc_id, ((rel.key, None), (phan.key, None)))
    review.apply_decisions(done.inverse, "rev")
    assert _decided(review, doc_id) == {title.key: ACCEPT}
    relabel = SetDecisions(doc_id, ((title.key, REJECT), (title.with_label("EVENT").key, ACCEPT)))
    done = review.apply_decisions(relabel, "rev")
    assert done.inverse == SetDecisions(doc_id, ((title.with_label("EVENT").key, None), (title.key, ACCEPT)))
    review.apply_decisions(done.inverse, "rev")
    assert _decided(review, doc_id) == {title.key: ACCEPT}


def test_a_refused_step_writes_nothing(reviewed) -> None:
    review, doc_id, _phan, title, place = reviewed
    bad = SetDecisions(doc_id, ((place.key, ACCEPT), (Span(0, 1, "PER_VN").key, REJECT)))  # not a candidate
    with pytest.raises(AnnotationError, match="not a candidate"):
        review.apply_decisions(bad, "rev")
    assert _decided(review, doc_id) == {}
    with pytest.raises(AnnotationError, match="not a reviewer"):
        review.apply_decisions(SetDecisions(doc_id, ((title.key, ACCEPT),)), "an")
