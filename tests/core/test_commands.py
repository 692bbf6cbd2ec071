from __future__ import annotations

import pytest

from annotator.core.changes import RelationAdded, RelationRemoved, SpanAdded, SpanRemoved, span_count_delta
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
    events: list[type] = []

    def apply(command):  # as the session does (without the database): plan, commit, tell
        plan = command.plan(ann)
        events.extend(type(c) for c in plan.changes)
        ann.commit(plan.changes)
        return plan.inverse

    undo_add = apply(AddSpan(PER))
    apply(AddSpan(TITLE))
    undo_rel = apply(AddRelation(Relation(PER.key, TITLE.key, "HAS_TITLE")))
    assert len(ann.relations) == 1
    undo_relabel = apply(SetLabel(PER, "PER_KR"))
    assert ann.relations[0].head == (28, 41, "PER_KR")  # the relation follows the span
    apply(undo_relabel)
    assert ann.relations[0].head == PER.key
    undo_delete = apply(DeleteSpan(PER))
    assert ann.relations == [] and not ann.has_span(PER.key)
    apply(undo_delete)  # brings the relation back too
    assert ann.relations == [Relation(PER.key, TITLE.key, "HAS_TITLE")]
    apply(DeleteRelation(Relation(PER.key, TITLE.key, "HAS_TITLE")))
    with pytest.raises(AnnotationError):
        apply(undo_rel)  # already gone
    apply(DeleteSpan(TITLE))
    apply(undo_add)
    assert ann.spans == []
    assert SpanAdded in events and RelationRemoved in events


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


def test_a_plan_changes_nothing_and_names_its_changes(ann: Annotations) -> None:
    plan = AddSpan(PER).plan(ann)
    assert plan.changes == (SpanAdded(PER),) and plan.inverse == DeleteSpan(PER)
    assert len(ann) == 0  # planning is pure: nothing happens until the changes are committed
    ann.commit(plan.changes)
    assert ann.spans == [PER]


def test_deleting_a_span_plans_its_relations_first(ann: Annotations) -> None:
    rel = Relation(PER.key, TITLE.key, "HAS_TITLE")
    for command in (AddSpan(PER), AddSpan(TITLE), AddRelation(rel)):
        ann.apply(command)
    plan = DeleteSpan(PER).plan(ann)
    assert plan.changes == (RelationRemoved(rel), SpanRemoved(PER))
    assert plan.inverse == AddSpan(PER, (rel,))
    assert plan.inverse.plan(Annotations(TEXT, ann.schema, [TITLE])).changes == (SpanAdded(PER), RelationAdded(rel))
    assert ann.relations == [rel]  # still there: only planned


def test_relabel_plans_remove_and_add_with_its_relations(ann: Annotations) -> None:
    rel = Relation(PER.key, TITLE.key, "HAS_TITLE")
    for command in (AddSpan(PER), AddSpan(TITLE), AddRelation(rel)):
        ann.apply(command)
    plan = SetLabel(PER, "PER_KR").plan(ann)
    moved = Relation((28, 41, "PER_KR"), TITLE.key, "HAS_TITLE")
    assert plan.changes == (RelationRemoved(rel), SpanRemoved(PER), SpanAdded(PER.with_label("PER_KR")), RelationAdded(moved))
    assert plan.inverse == SetLabel(PER.with_label("PER_KR"), "PER_VN")
    assert SetLabel(PER, "PER_VN").plan(ann).changes == ()  # the same label: nothing to change


def test_relation_plans_are_canonical(ann: Annotations) -> None:
    ann.apply(AddSpan(PER))
    ann.apply(AddSpan(PER_KR))
    canonical = Relation(PER.key, PER_KR.key, "MEETS")
    plan = AddRelation(Relation(PER_KR.key, PER.key, "MEETS")).plan(ann)  # symmetric, drawn backwards
    assert plan.changes == (RelationAdded(canonical),) and plan.inverse == DeleteRelation(canonical)
    ann.commit(plan.changes)
    assert DeleteRelation(Relation(PER_KR.key, PER.key, "MEETS")).plan(ann).changes == (RelationRemoved(canonical),)


def test_refused_plans_raise_before_any_change(ann: Annotations) -> None:
    with pytest.raises(AnnotationError, match="does not exist"):
        DeleteSpan(PER).plan(ann)
    with pytest.raises(AnnotationError, match="does not exist"):
        AddRelation(Relation(PER.key, TITLE.key, "HAS_TITLE")).plan(ann)
    assert len(ann) == 0 and ann.relations == []


def test_changes_are_typed_values(ann: Annotations) -> None:
    change = SpanAdded(PER)
    assert change == SpanAdded(Span(28, 41, "PER_VN")) and hash(change) == hash(SpanAdded(PER))
    with pytest.raises(AttributeError):
        change.span = TITLE  # type: ignore[misc]  # frozen
    match change:
        case SpanAdded(span=s):
            assert s is PER
        case _:
            raise AssertionError(change)
    assert span_count_delta([SpanAdded(PER), SpanAdded(TITLE), SpanRemoved(PER), RelationAdded(Relation(PER.key, TITLE.key, "X"))]) == 1
