from __future__ import annotations

import pytest

from annotator.core.commands import AddRelation, AddSpan, Annotations, DeleteRelation, DeleteSpan, SetLabel
from annotator.core.document import Relation, Span
from annotator.core.errors import AnnotationError

TEXT = "Chủ tịch UBND tỉnh Bắc Ninh Nguyễn Văn An tiếp Đại sứ Hàn Quốc Kim Min-su."
TITLE = Span(0, 18, "TITLE")
ORG = Span(9, 27, "ORG_VN")
LOC = Span(19, 27, "LOC_VN")
PER = Span(28, 41, "PER_VN")
PER_KR = Span(63, 73, "PER_KR")


@pytest.fixture
def ann(schema) -> Annotations:
    return Annotations(TEXT, schema)


def test_nested_and_overlapping_spans_are_allowed(ann: Annotations) -> None:
    for sp in (TITLE, ORG, LOC, Span(0, 27, "TITLE")):
        ann.apply(AddSpan(sp))
    assert len(ann) == 4
    assert [s.label for s in ann.spans_at(20)] == ["LOC_VN", "ORG_VN", "TITLE"]


def test_same_span_twice_is_refused_but_other_label_is_fine(ann: Annotations) -> None:
    ann.apply(AddSpan(PER))
    with pytest.raises(AnnotationError, match="already exists"):
        ann.apply(AddSpan(PER))
    ann.apply(AddSpan(Span(28, 41, "PER_KR")))
    assert len(ann) == 2


@pytest.mark.parametrize(
    ("span", "message"),
    [
        (Span(0, 18, "NOPE"), "unknown label"),
        (Span(70, 80, "PER_KR"), "out of range"),
        (Span(5, 5, "PER_KR"), "out of range"),
        (Span(1, 18, "TITLE"), "token boundaries"),
    ],
)
def test_bad_spans_are_refused(ann: Annotations, span: Span, message: str) -> None:
    with pytest.raises(AnnotationError, match=message):
        ann.apply(AddSpan(span))
    assert len(ann) == 0


def test_undo_redo_round_trip(ann: Annotations) -> None:
    events: list[str] = []
    ann.subscribe(lambda e, p: events.append(e))
    undo_add = ann.apply(AddSpan(PER))
    ann.apply(AddSpan(TITLE))
    undo_rel = ann.apply(AddRelation(Relation(PER.key, TITLE.key, "HAS_TITLE")))
    assert len(ann.relations) == 1
    undo_relabel = ann.apply(SetLabel(PER, "PER_KR"))
    assert ann.relations[0].head == (28, 41, "PER_KR")  # the relation follows the span
    ann.apply(undo_relabel)
    assert ann.relations[0].head == PER.key
    undo_delete = ann.apply(DeleteSpan(PER))
    assert ann.relations == [] and not ann.has_span(PER.key)
    ann.apply(undo_delete)  # brings the relation back too
    assert ann.relations == [Relation(PER.key, TITLE.key, "HAS_TITLE")]
    ann.apply(DeleteRelation(Relation(PER.key, TITLE.key, "HAS_TITLE")))
    with pytest.raises(AnnotationError):
        ann.apply(undo_rel)  # already gone
    ann.apply(DeleteSpan(TITLE))
    ann.apply(undo_add)
    assert ann.spans == []
    assert "span_added" in events and "relation_removed" in events


def test_relations_follow_the_schema(ann: Annotations) -> None:
    for sp in (TITLE, PER, PER_KR, ORG):
        ann.apply(AddSpan(sp))
    with pytest.raises(AnnotationError, match="does not allow TITLE —HAS_TITLE→ PER_VN"):
        ann.apply(AddRelation(Relation(TITLE.key, PER.key, "HAS_TITLE")))
    with pytest.raises(AnnotationError, match="does not exist"):
        ann.apply(AddRelation(Relation(PER.key, LOC.key, "MEMBER_OF")))
    with pytest.raises(AnnotationError, match="unknown relation type"):
        ann.apply(AddRelation(Relation(PER.key, ORG.key, "LIKES")))
    # symmetric: stored once, with the earlier span as head, whichever way it was drawn
    ann.apply(AddRelation(Relation(PER_KR.key, PER.key, "MEETS")))
    assert ann.relations == [Relation(PER.key, PER_KR.key, "MEETS")]
    with pytest.raises(AnnotationError, match="already exists"):
        ann.apply(AddRelation(Relation(PER.key, PER_KR.key, "MEETS")))


def test_relabel_that_would_break_a_relation_is_refused(ann: Annotations) -> None:
    ann.apply(AddSpan(PER))
    ann.apply(AddSpan(TITLE))
    ann.apply(AddRelation(Relation(PER.key, TITLE.key, "HAS_TITLE")))
    with pytest.raises(AnnotationError, match="would break relation HAS_TITLE"):
        ann.apply(SetLabel(PER, "DATE"))
    assert ann.has_span(PER.key)
