"""The undo history: (forward, inverse) pairs, moved only after the step was applied (saved)."""

from __future__ import annotations

import pytest

from annotator.core.commands import AddSpan, Annotations, DeleteSpan, SetLabel
from annotator.core.document import Span
from annotator.core.errors import AnnotationError
from annotator.core.history import History, HistoryError

TEXT = "Chủ tịch UBND tỉnh Bắc Ninh Nguyễn Văn An tiếp Đại sứ Hàn Quốc Kim Min-su."
PER = Span(28, 41, "PER_VN")
TITLE = Span(0, 18, "TITLE")


def test_undo_and_redo_apply_the_stored_steps(schema) -> None:
    ann = Annotations(TEXT, schema)
    history: History = History()
    for command in (AddSpan(PER), AddSpan(TITLE), SetLabel(PER, "PER_KR")):
        history.push(command, ann.apply(command), command.describe(TEXT))
    assert (history.index, len(history)) == (3, 3)
    assert history.undo(ann.apply).description == "relabel “Nguyễn Văn An” PER_VN → PER_KR"
    assert [s.label for s in ann.spans] == ["TITLE", "PER_VN"]
    history.undo(ann.apply)
    assert ann.spans == [PER]
    assert (history.index, len(history), history.can_redo) == (1, 3, True)
    history.redo(ann.apply)
    history.redo(ann.apply)
    assert [s.label for s in ann.spans] == ["TITLE", "PER_KR"]
    assert history.redo(ann.apply) is None and not history.can_redo
    history.undo(ann.apply)
    history.push(DeleteSpan(TITLE), ann.apply(DeleteSpan(TITLE)), "delete")  # a new step drops the redo side
    assert not history.can_redo and len(history) == 3


def test_a_failed_application_moves_nothing(schema) -> None:
    ann = Annotations(TEXT, schema)
    history: History = History()
    history.push(AddSpan(PER), ann.apply(AddSpan(PER)), "add")
    ann.apply(DeleteSpan(PER))  # changed behind the history's back: its undo now fails
    with pytest.raises(AnnotationError):
        history.undo(ann.apply)
    assert history.index == 1 and not history.can_redo


def test_moves_are_told_about_the_entry_they_move(schema) -> None:
    history: History = History()
    first = history.push("a", "undo a", "a")
    entry = history.push("b", "undo b", "b")
    assert history.undo_entry() is entry  # only a look: nothing moved
    assert history.index == 2
    with pytest.raises(HistoryError):
        history.undone(first)  # not the last one
    history.undone(entry, "redo b")  # what applying the inverse returned redoes it
    assert history.redo_entry().forward == "redo b"
    with pytest.raises(HistoryError):
        history.redone(first)
    history.redone(history.redo_entry())
    assert history.undo_entry().inverse == "undo b"
    history.clear()
    assert len(history) == 0 and history.undo_entry() is None and history.redo_entry() is None
