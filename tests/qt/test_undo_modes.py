"""One undo model in both modes: Ctrl+Z / Ctrl+Shift+Z with real key presses, read back from SQLite.

Annotate mode undoes the reviewer's own edits, review mode her decisions and gold edits; each
history moves only after its step was saved, and neither touches the other.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from qt_helpers import click_char, db_spans, drag, find, gold_rows

from annotator.core.commands import AddSpan
from annotator.core.document import Span, Status

CTRL = Qt.KeyboardModifier.ControlModifier
CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


def decisions(db_path: Path) -> list[tuple[str, str]]:
    with sqlite3.connect(db_path) as con:
        return sorted(con.execute("SELECT key, decision FROM review_decision").fetchall())


@pytest.fixture
def two_annotators(project, db_path):
    """Two annotators finished the first article: they agree on one span, disagree on a place."""
    with sqlite3.connect(db_path) as con:
        doc_id = con.execute("SELECT min(id) FROM document").fetchone()[0]
    session = project.open_annotation(doc_id, project.annotator("an"))
    text = session.document.text
    phan = Span(*find(text, "Phan Văn Đăng"), "PER_VN")
    place = Span(*find(text, "Bình Thuận", 1), "LOC_VN")
    for name, spans in (("an", [phan]), ("binh", [phan, place])):
        session = project.open_annotation(doc_id, project.annotator(name))
        for sp in spans:
            session.apply(AddSpan(sp))
        session.set_status(Status.DONE)
    return doc_id, text, phan, place


def reviewer_window(qtbot, make_window, project, doc_id):
    window = make_window(project, "rev", role="reviewer", open_first=False)
    window.open_document(doc_id)
    assert window.mode is None  # annotating her own set first
    return window


def key(qtbot, window, k, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    qtbot.keyClick(window.article_view, k, modifier)


def test_each_mode_undoes_its_own_steps(qtbot, project, db_path, make_window, two_annotators):
    doc_id, text, _phan, place = two_annotators
    window = reviewer_window(qtbot, make_window, project, doc_id)
    view = window.article_view
    mine = find(text, "Trần Hải Linh")
    drag(qtbot, view, *mine)
    key(qtbot, window, Qt.Key.Key_1)  # annotate mode: her own span
    assert db_spans(db_path, "rev") == [(*mine, "PER_VN")]

    key(qtbot, window, Qt.Key.Key_R, CTRL)  # review mode
    mode = window.review_mode
    assert window.mode is mode
    key(qtbot, window, Qt.Key.Key_J)
    assert mode.current_key == place.key  # the only conflict
    key(qtbot, window, Qt.Key.Key_A)
    assert place.key in gold_rows(db_path, doc_id)
    assert (mode.history.index, len(mode.history)) == (1, 1)

    key(qtbot, window, Qt.Key.Key_Z, CTRL)  # undoes the decision, not the annotation
    assert place.key not in gold_rows(db_path, doc_id) and decisions(db_path) == []
    assert db_spans(db_path, "rev") == [(*mine, "PER_VN")]
    assert window.edits.history.index == 1
    key(qtbot, window, Qt.Key.Key_Z, CTRL_SHIFT)  # redo
    assert place.key in gold_rows(db_path, doc_id)
    key(qtbot, window, Qt.Key.Key_Z, CTRL)
    assert place.key not in gold_rows(db_path, doc_id)
    assert (mode.history.index, len(mode.history)) == (0, 1)

    window.annotate_mode_action.trigger()  # Mode → Annotate: Ctrl+Z is the annotation undo again
    assert window.mode is None
    key(qtbot, window, Qt.Key.Key_Z, CTRL)
    assert db_spans(db_path, "rev") == []
    assert len(window.layer) == 0 and window.span_model.rowCount() == 0
    key(qtbot, window, Qt.Key.Key_Y, CTRL)  # redo (Ctrl+Y as well as Ctrl+Shift+Z)
    assert db_spans(db_path, "rev") == [(*mine, "PER_VN")]
    assert [s.key for s in window.layer.spans()] == [(*mine, "PER_VN")]
    assert gold_rows(db_path, doc_id) == {}  # the review history was not touched

    key(qtbot, window, Qt.Key.Key_R, CTRL)  # back in review mode, its history is where it was
    key(qtbot, window, Qt.Key.Key_Y, CTRL)
    assert gold_rows(db_path, doc_id)[place.key] == {"agreed_by": ["binh"], "decided_by": "rev"}
    assert mode.adj.span(place.key).decision is not None


def test_gold_relabel_is_undone_in_one_step(qtbot, project, db_path, make_window, two_annotators):
    doc_id, _text, _phan, place = two_annotators
    window = reviewer_window(qtbot, make_window, project, doc_id)
    key(qtbot, window, Qt.Key.Key_R, CTRL)
    mode = window.review_mode
    key(qtbot, window, Qt.Key.Key_J)
    key(qtbot, window, Qt.Key.Key_A)  # LOC_VN accepted
    key(qtbot, window, Qt.Key.Key_E)  # edit gold
    click_char(qtbot, window.article_view, place.start + 1)
    assert mode.current_key == place.key
    key(qtbot, window, Qt.Key.Key_8)  # relabel to LOC_KR: reject LOC_VN, accept LOC_KR, one step
    kr = place.with_label("LOC_KR").key
    assert kr in gold_rows(db_path, doc_id) and place.key not in gold_rows(db_path, doc_id)
    assert len(mode.history) == 2
    key(qtbot, window, Qt.Key.Key_Z, CTRL)
    assert place.key in gold_rows(db_path, doc_id) and kr not in gold_rows(db_path, doc_id)
    assert [d for _k, d in decisions(db_path)] == ["accept"]  # LOC_VN accepted again, LOC_KR forgotten
    key(qtbot, window, Qt.Key.Key_Z, CTRL)
    assert gold_rows(db_path, doc_id) == {} and decisions(db_path) == []
    key(qtbot, window, Qt.Key.Key_Z, CTRL_SHIFT)
    key(qtbot, window, Qt.Key.Key_Z, CTRL_SHIFT)
    assert kr in gold_rows(db_path, doc_id) and place.key not in gold_rows(db_path, doc_id)
    assert "Nothing to redo" not in mode.last_message
    key(qtbot, window, Qt.Key.Key_Z, CTRL_SHIFT)
    assert mode.last_message == "Nothing to redo"


def test_a_failed_undo_leaves_both_histories_where_they_were(qtbot, project, db_path, make_window, two_annotators):
    doc_id, text, _phan, place = two_annotators
    window = reviewer_window(qtbot, make_window, project, doc_id)
    window.writes.patience_ms = 300  # the full patience is tested in test_busy_database.py
    view = window.article_view
    mine = find(text, "Trần Hải Linh")
    drag(qtbot, view, *mine)
    key(qtbot, window, Qt.Key.Key_1)
    con = sqlite3.connect(db_path, isolation_level=None)
    con.execute("BEGIN EXCLUSIVE")  # another program holds the write lock
    try:
        key(qtbot, window, Qt.Key.Key_Z, CTRL)
        qtbot.waitUntil(lambda: "NOT SAVED" in window.save_label.text(), timeout=3000)
        assert (window.edits.history.index, len(window.edits.history)) == (1, 1)
        assert [s.key for s in window.layer.spans()] == [(*mine, "PER_VN")]
    finally:
        con.execute("ROLLBACK")
        con.close()
    assert db_spans(db_path, "rev") == [(*mine, "PER_VN")]
    window.error_box.done(0)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=2000)
    key(qtbot, window, Qt.Key.Key_Z, CTRL)  # the lock is gone: the same undo works
    assert db_spans(db_path, "rev") == []
    assert (window.edits.history.index, len(window.edits.history)) == (0, 1)

    key(qtbot, window, Qt.Key.Key_R, CTRL)
    mode = window.review_mode
    key(qtbot, window, Qt.Key.Key_J)
    key(qtbot, window, Qt.Key.Key_X)  # reject the place
    assert [d for _k, d in decisions(db_path)] == ["reject"]
    con = sqlite3.connect(db_path, isolation_level=None)
    con.execute("BEGIN EXCLUSIVE")
    try:
        key(qtbot, window, Qt.Key.Key_Z, CTRL)
        qtbot.waitUntil(lambda: "NOT SAVED" in window.save_label.text(), timeout=3000)
        assert (mode.history.index, len(mode.history)) == (1, 1)
        assert mode.adj.span(place.key).decision is not None
    finally:
        con.execute("ROLLBACK")
        con.close()
    assert [d for _k, d in decisions(db_path)] == ["reject"]
    window.error_box.done(0)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=2000)
    key(qtbot, window, Qt.Key.Key_Z, CTRL)
    assert decisions(db_path) == [] and mode.history.index == 0
