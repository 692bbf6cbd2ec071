"""Review mode driven with real key presses: J/K, A/X, E, Ctrl+Z, merge; gold read from SQLite."""

from __future__ import annotations

import sqlite3

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox
from qt_helpers import drag, find, gold_rows

from annotator.core.adjudication import CandidateState
from annotator.core.commands import AddSpan
from annotator.core.document import SetKind, Span, Status
from annotator.qt.review.layer import STATE_STYLES, ReviewSpanLayer
from annotator.services.review import Review

NO = Qt.KeyboardModifier.NoModifier
CTRL = Qt.KeyboardModifier.ControlModifier


def span_of(text: str, phrase: str, label: str, nth: int = 0) -> Span:
    start, end = find(text, phrase, nth)
    return Span(start, end, label)


@pytest.fixture
def labelled(project):
    """Two annotators label the first bundled article differently, and both mark it done."""
    doc_id = project.documents.ids()[0]
    text = project.document(doc_id).text
    s = {
        "phan": span_of(text, "Phan Văn Đăng", "PER_VN"),
        "linh_vn": span_of(text, "Trần Hải Linh", "PER_VN"),
        "linh_kr": span_of(text, "Trần Hải Linh", "PER_KR"),
        "date": span_of(text, "19/8", "DATE"),
        "place": span_of(text, "Bình Thuận", "LOC_VN", 1),
    }
    work = {"an": [s["phan"], s["linh_vn"], s["date"]], "binh": [s["phan"], s["linh_kr"], s["place"]]}
    for name, spans in work.items():
        session = project.open_annotation(doc_id, project.annotator(name))
        for sp in spans:
            session.apply(AddSpan(sp))
        session.set_status(Status.DONE)
    return doc_id, text, s


def open_review(qtbot, make_window, project, doc_id, user="rev"):
    window = make_window(project, user, role="reviewer", open_first=False)
    window.open_document(doc_id)
    qtbot.keyClick(window.article_view, Qt.Key.Key_R, CTRL)
    mode = window.review_mode
    assert window.mode is mode and mode.active
    return window, mode


def press(qtbot, window, key, modifier=NO):
    qtbot.keyClick(window.article_view, key, modifier)


def test_step_accept_reject_undo_merge(qtbot, project, db_path, make_window, labelled):
    doc_id, _text, s = labelled
    window, mode = open_review(qtbot, make_window, project, doc_id)
    view = window.article_view
    # the merged view: every candidate drawn, coloured by its state, captions keep the label
    assert isinstance(view.layer, ReviewSpanLayer)
    assert {sp.key for sp in view.layer.spans()} == {x.key for x in s.values()}
    assert view.layer.style(s["phan"]).color == STATE_STYLES[CandidateState.AGREED].color
    assert view.layer.style(s["linh_kr"]).color == STATE_STYLES[CandidateState.DISAGREEMENT].color
    assert view.layer.style(s["linh_kr"]).caption.startswith("PER_KR")
    # the box shows the state, the caption chip keeps the label's own colour
    assert view.layer.style(s["linh_kr"]).chip == window.schema.color("PER_KR")
    assert view.layer.style(s["phan"]).chip == window.schema.color(s["phan"].label)
    assert mode.conflicts_dock.isVisible() and mode.toolbar.isVisible()
    assert not window.spans_dock.isVisible()
    expected = [c.key for c in Review(project).candidates(doc_id).conflicts()]
    assert len(expected) == 4
    assert mode.progress_label.text().startswith("4 conflict(s) left here\n1 of 5 document(s)")
    assert mode.conflict_model.rowCount() == 4

    # J / K step through the conflicts in text order (selected, outlined, row selected)
    press(qtbot, window, Qt.Key.Key_J)
    assert mode.current_key == expected[0]
    assert view.selected_span is not None and view.selected_span.key == expected[0]
    assert mode.conflict_list.table.currentIndex().row() == 0
    press(qtbot, window, Qt.Key.Key_J)
    assert mode.current_key == expected[1]
    press(qtbot, window, Qt.Key.Key_K)
    assert mode.current_key == expected[0]
    press(qtbot, window, Qt.Key.Key_K)  # wraps around to the last
    assert mode.current_key == expected[-1]

    def go_to(key):
        for _ in range(len(expected)):
            if mode.current_key == key:
                return
            press(qtbot, window, Qt.Key.Key_J)
        raise AssertionError(key)

    # A accepts Trần Hải Linh as PER_VN (which settles the PER_KR rival), X rejects the date
    go_to(s["linh_vn"].key)
    press(qtbot, window, Qt.Key.Key_A)
    go_to(s["date"].key)
    press(qtbot, window, Qt.Key.Key_X)
    go_to(s["place"].key)
    press(qtbot, window, Qt.Key.Key_A)
    gold = gold_rows(db_path, doc_id)
    assert set(gold) == {s["linh_vn"].key, s["place"].key}
    assert gold[s["linh_vn"].key] == {"agreed_by": ["an"], "decided_by": "rev"}
    assert gold[s["place"].key] == {"agreed_by": ["binh"], "decided_by": "rev"}
    assert view.layer.style(s["linh_vn"]).color == STATE_STYLES[CandidateState.ACCEPTED].color
    assert view.layer.style(s["linh_kr"]).color == STATE_STYLES[CandidateState.REJECTED].color
    assert view.layer.style(s["date"]).dashed
    assert mode.adj.conflicts_left == 0 and mode.conflict_model.rowCount() == 0
    assert mode.progress_label.text().startswith("0 conflict(s) left here")

    # Ctrl+Z undoes the last decision (in the database), the window's annotation undo is untouched
    press(qtbot, window, Qt.Key.Key_Z, CTRL)
    assert set(gold_rows(db_path, doc_id)) == {s["linh_vn"].key}
    assert mode.adj.span(s["place"].key).state is CandidateState.DISAGREEMENT
    assert mode.conflict_model.rowCount() == 1
    press(qtbot, window, Qt.Key.Key_A)  # the selection stayed on it: accept again
    assert set(gold_rows(db_path, doc_id)) == {s["linh_vn"].key, s["place"].key}

    # merge (policy chooser, this document): the agreed Phan Văn Đăng goes in, decisions stay
    press(qtbot, window, Qt.Key.Key_M, CTRL)
    dlg = mode.merge_dialog
    assert dlg is not None and dlg.isVisible()
    dlg.policy_combo.setCurrentIndex(dlg.policy_combo.findData("majority"))
    assert dlg.policy() == "majority"
    qtbot.mouseClick(dlg.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)
    gold = gold_rows(db_path, doc_id)
    assert set(gold) == {s["phan"].key, s["linh_vn"].key, s["place"].key}
    assert gold[s["phan"].key] == {"agreed_by": ["an", "binh"], "decided_by": "auto:majority"}
    assert gold[s["place"].key]["decided_by"] == "rev"
    assert project.sets.all(doc_id, SetKind.GOLD)[0].status is Status.DONE
    assert mode.progress_label.text().startswith("0 conflict(s) left here\n0 of 5")
    assert "merged 1 document(s) with majority" in mode.last_message

    # back to annotating: the reviewer's own (empty) layer, Ctrl+Z is the annotation undo again
    window.annotate_mode_action.trigger()
    assert window.mode is None and not mode.toolbar.isVisible()
    assert len(view.layer) == 0
    assert window.undo_action.shortcuts()


def test_edit_gold_with_the_tagging_keys(qtbot, project, db_path, make_window, labelled):
    doc_id, text, s = labelled
    window, mode = open_review(qtbot, make_window, project, doc_id)
    view = window.article_view
    start, end = find(text, "Hiệp hội VKBIA")
    drag(qtbot, view, start, end)
    press(qtbot, window, Qt.Key.Key_6)  # E is off: nothing written
    assert gold_rows(db_path, doc_id) == {}
    assert "Press E" in mode.last_message
    press(qtbot, window, Qt.Key.Key_E)
    assert mode.edit_action.isChecked()
    drag(qtbot, view, start, end)
    press(qtbot, window, Qt.Key.Key_6)  # ORG_OTHER
    assert gold_rows(db_path, doc_id) == {(start, end, "ORG_OTHER"): {"agreed_by": [], "decided_by": "rev"}}
    assert mode.adj.span((start, end, "ORG_OTHER")).state is CandidateState.ACCEPTED
    # a label key on the selected gold span relabels it (reject old + accept new, one transaction)
    press(qtbot, window, Qt.Key.Key_4)  # ORG_VN
    assert set(gold_rows(db_path, doc_id)) == {(start, end, "ORG_VN")}
    press(qtbot, window, Qt.Key.Key_Z, CTRL)
    assert set(gold_rows(db_path, doc_id)) == {(start, end, "ORG_OTHER")}
    press(qtbot, window, Qt.Key.Key_Z, CTRL)
    assert gold_rows(db_path, doc_id) == {}
    assert mode.adj.span((start, end, "ORG_OTHER")) is None
    assert mode.current_key is None  # the undone span is gone: A has nothing to accept
    press(qtbot, window, Qt.Key.Key_A)
    assert gold_rows(db_path, doc_id) == {} and "Select a candidate first" in mode.last_message
    # the layer combo shows one annotator's work, or gold, beside the merged view
    combo = mode.layer_combo
    combo.setCurrentIndex(combo.findData("binh"))
    assert {sp.key for sp in mode.side_view.layer.spans()} == {s["phan"].key, s["linh_kr"].key, s["place"].key}
    combo.setCurrentIndex(combo.findData("\x00gold"))
    assert len(mode.side_view.layer) == 0


def test_annotator_cannot_open_review_mode(qtbot, project, db_path, make_window, labelled):
    doc_id, _text, s = labelled
    window = make_window(project, "an", open_first=False)
    window.open_document(doc_id)
    mode = window.review_mode
    assert not mode.mode_action.isEnabled()
    assert "Only a reviewer" in mode.mode_action.toolTip()
    qtbot.keyClick(window.article_view, Qt.Key.Key_R, CTRL)
    qtbot.keyClick(window.article_view, Qt.Key.Key_F9)
    assert window.mode is None and not mode.active
    assert not mode.enter() and window.mode is None
    window.set_mode(mode)  # even programmatically: refused, back to annotating
    assert window.mode is None and window.annotate_mode_action.isChecked()
    # the annotator still sees only their own spans, and J / A do nothing here
    assert {sp.key for sp in window.layer.spans()} == {s["phan"].key, s["linh_vn"].key, s["date"].key}
    qtbot.keyClick(window.article_view, Qt.Key.Key_J)
    qtbot.keyClick(window.article_view, Qt.Key.Key_A)
    assert gold_rows(db_path, doc_id) == {}
    # the role is explicit: Review → Act as reviewer gives it (stored), then review mode opens
    mode.role_action.trigger()
    assert project.annotators.find("an").is_reviewer
    assert "(reviewer)" in window.user_button.text()
    qtbot.keyClick(window.article_view, Qt.Key.Key_R, CTRL)
    assert window.mode is mode
    mode.role_action.trigger()  # and taken back: review mode closes
    assert window.mode is None and not project.annotators.find("an").is_reviewer
    assert not mode.mode_action.isEnabled()


def test_review_mode_follows_document_changes(qtbot, project, db_path, make_window, labelled):
    doc_id, _text, _s = labelled
    other = project.documents.ids()[1]
    session = project.open_annotation(other, project.annotator("an"))
    t2 = session.document.text
    session.apply(AddSpan(Span(0, t2.index(" "), "LOC_VN")))
    session.set_status(Status.DONE)
    window, mode = open_review(qtbot, make_window, project, doc_id)
    press(qtbot, window, Qt.Key.Key_N)  # the window's next document: still in review mode
    assert window.document_id == other and window.mode is mode
    assert mode.adj.document_id == other
    press(qtbot, window, Qt.Key.Key_J, CTRL)  # next document to adjudicate
    assert window.document_id == doc_id and window.mode is mode


def test_locked_database_is_reported_not_shown(qtbot, project, db_path, make_window, labelled):
    doc_id, _text, _s = labelled
    window, mode = open_review(qtbot, make_window, project, doc_id)
    window.writes.patience_ms = 300  # the full patience is tested in test_busy_database.py
    press(qtbot, window, Qt.Key.Key_J)
    key = mode.current_key
    con = sqlite3.connect(db_path, isolation_level=None)
    con.execute("BEGIN EXCLUSIVE")
    try:
        press(qtbot, window, Qt.Key.Key_A)
        qtbot.waitUntil(lambda: "NOT SAVED" in window.save_label.text(), timeout=3000)
        assert "locked" in (mode.last_error or "")
        assert mode.adj.span(key).state is CandidateState.DISAGREEMENT
        assert not mode.history
    finally:
        con.execute("ROLLBACK")
        con.close()
    assert gold_rows(db_path, doc_id) == {}
    window.error_box.done(0)  # the user closes the message, then tries again
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=2000)
    press(qtbot, window, Qt.Key.Key_A)
    assert key in gold_rows(db_path, doc_id)


def test_decision_waits_for_a_locked_database(qtbot, project, db_path, make_window, labelled):
    doc_id, _text, _s = labelled
    window, mode = open_review(qtbot, make_window, project, doc_id)
    press(qtbot, window, Qt.Key.Key_J)
    key = mode.current_key
    con = sqlite3.connect(db_path, isolation_level=None)
    con.execute("BEGIN IMMEDIATE")  # another program holds the write lock
    try:
        press(qtbot, window, Qt.Key.Key_A)
        qtbot.waitUntil(lambda: "waiting for the database" in window.save_label.text(), timeout=200)
        qtbot.wait(300)  # the window keeps running; nothing is decided or shown yet
        assert mode.adj.span(key).state is CandidateState.DISAGREEMENT
        assert not mode.history
        assert gold_rows(db_path, doc_id) == {}
        press(qtbot, window, Qt.Key.Key_X)  # refused while the first decision waits
        assert "still waiting for the database" in mode.last_message
    finally:
        con.execute("ROLLBACK")
        con.close()
    qtbot.waitUntil(lambda: "Saved" in window.save_label.text(), timeout=2000)
    assert key in gold_rows(db_path, doc_id)
    assert mode.adj.span(key).state is not CandidateState.DISAGREEMENT
    assert len(mode.history) == 1
    press(qtbot, window, Qt.Key.Key_Z, CTRL)  # the decision is undone as usual
    assert key not in gold_rows(db_path, doc_id)


def test_conflict_model(qtmodeltester, project, labelled):
    from annotator.qt.review.conflicts import ConflictTableModel

    doc_id, text, s = labelled
    review = Review(project)
    model = ConflictTableModel()
    model.open_only = False
    model.set_adjudication(review.candidates(doc_id), text)
    qtmodeltester.check(model)
    assert model.rowCount() == 5
    row = model.row_of(s["linh_kr"].key)
    cols = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert cols == ["State", "Text", "Label", "an", "binh", "Decided by"]
    assert model.index(row, 3).data() == "PER_VN"  # an chose the rival label
    assert model.index(row, 4).data() == "✓ PER_KR"
    assert model.index(model.row_of(s["date"].key), 4).data() == "—"
    # a decision changes rows in place (no reset), still a valid model
    resets = []
    model.modelReset.connect(lambda: resets.append(1))
    model.set_adjudication(review.decide(doc_id, s["linh_vn"].key, "accept", project.annotator("rev", "reviewer")), text)
    assert not resets
    qtmodeltester.check(model)
    model.open_only = True
    model.set_adjudication(review.candidates(doc_id), text)
    assert model.rowCount() == 2
    qtmodeltester.check(model)


def test_relation_conflict_accept_and_close_restores_layout(qtbot, project, db_path, make_window):
    from annotator.core.commands import AddRelation
    from annotator.core.document import Relation

    doc_id = project.documents.ids()[0]
    text = project.document(doc_id).text
    phan = span_of(text, "Phan Văn Đăng", "PER_VN")
    title = span_of(text, "Phó Chủ tịch Thường trực UBND tỉnh Bình Thuận", "TITLE")
    rel = Relation(phan.key, title.key, "HAS_TITLE")
    for name, with_rel in (("an", True), ("binh", False)):
        session = project.open_annotation(doc_id, project.annotator(name))
        session.apply(AddSpan(phan))
        session.apply(AddSpan(title))
        if with_rel:
            session.apply(AddRelation(rel))
        session.set_status(Status.DONE)
    window, mode = open_review(qtbot, make_window, project, doc_id)
    assert window.spans_dock.isHidden()
    press(qtbot, window, Qt.Key.Key_J)
    assert mode.current_key == rel.key  # the only conflict: the relation only "an" made
    assert window.article_view.emphasis.keys() == {phan.key, title.key}
    press(qtbot, window, Qt.Key.Key_A)  # accepting a relation accepts its two spans
    gold = gold_rows(db_path, doc_id)
    assert set(gold) == {phan.key, title.key}
    [g] = project.sets.all(doc_id, SetKind.GOLD)
    assert [r.key for r in g.relations] == [rel.key]
    assert mode.adj.conflicts_left == 0
    press(qtbot, window, Qt.Key.Key_J)
    assert "No conflicts left" in mode.last_message
    # closing the window in review mode saves the annotating layout (the own docks shown)
    window.close()
    assert window.mode is None and not window.spans_dock.isHidden()


def test_incomplete_work_and_merge_of_all_documents(qtbot, project, db_path, make_window, labelled):
    doc_id, _text, s = labelled
    # a third annotator started but has not finished: their spans are candidates, not votes
    session = project.open_annotation(doc_id, project.annotator("cuong"))
    session.apply(AddSpan(s["phan"]))
    window, mode = open_review(qtbot, make_window, project, doc_id)
    cols = [mode.conflict_model.headerData(c, Qt.Orientation.Horizontal) for c in range(mode.conflict_model.columnCount())]
    assert "cuong (not done)" in cols
    assert mode.adj.span(s["linh_kr"].key).state is CandidateState.INCOMPLETE
    assert window.article_view.layer.style(s["linh_kr"]).dashed
    # Phan Văn Đăng: both finished annotators made it, so it is agreed; the other four wait for cuong
    assert mode.adj.span(s["phan"].key).state is CandidateState.AGREED
    assert mode.legend[CandidateState.INCOMPLETE].text() == "incomplete 4"
    combo = mode.layer_combo
    assert combo.itemText(combo.findData("cuong")) == "cuong (not done)"
    # min-agree:1 over all documents from the dialog: every candidate made by a finished annotator
    press(qtbot, window, Qt.Key.Key_M, CTRL)
    dlg = mode.merge_dialog
    dlg.policy_combo.setCurrentIndex(dlg.policy_combo.findData("min-agree"))
    assert dlg.n_spin.isEnabled()
    dlg.n_spin.setValue(1)
    dlg.scope_combo.setCurrentIndex(dlg.scope_combo.findData("all"))
    qtbot.mouseClick(dlg.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)
    gold = gold_rows(db_path, doc_id)
    # same-extent rivals with one vote each stay out (a tie needs the reviewer)
    assert set(gold) == {s["phan"].key, s["date"].key, s["place"].key}
    assert all(v["decided_by"] == "auto:min-agree:1" for v in gold.values())
    assert mode.legend[CandidateState.ACCEPTED].text() == "accepted 3"
    assert mode.adj.policy.kind == "min-agree"


def test_edit_gold_relation_and_delete(qtbot, project, db_path, make_window, labelled):
    from qt_helpers import click_char

    doc_id, text, s = labelled
    window, mode = open_review(qtbot, make_window, project, doc_id)
    view = window.article_view
    press(qtbot, window, Qt.Key.Key_E)
    assert window.labels_dock.isVisible()  # the label palette shows while editing gold
    title = find(text, "Phó Chủ tịch Thường trực UBND tỉnh Bình Thuận")
    drag(qtbot, view, *title)
    press(qtbot, window, Qt.Key.Key_3)  # TITLE, the reviewer's own span
    view.clear_selection()
    click_char(qtbot, view, s["phan"].start + 1)
    assert mode.current_key == s["phan"].key
    press(qtbot, window, Qt.Key.Key_R)
    assert mode.tagger.pending_head.key == s["phan"].key
    click_char(qtbot, view, title[0] + 1)
    menu = mode.tagger.relation_menu
    assert menu is not None and menu.isVisible()
    offered = [a.data() for a in menu.actions()]
    menu.actions()[offered.index("HAS_TITLE")].trigger()
    rel = (s["phan"].key, (*title, "TITLE"), "HAS_TITLE")
    [g] = project.sets.all(doc_id, SetKind.GOLD)
    assert [r.key for r in g.relations] == [rel]
    assert set(gold_rows(db_path, doc_id)) == {s["phan"].key, (*title, "TITLE")}  # the head accepted too
    press(qtbot, window, Qt.Key.Key_Z, CTRL)  # one undo takes back the relation and the head's accept
    [g] = project.sets.all(doc_id, SetKind.GOLD)
    assert g.relations == () and set(gold_rows(db_path, doc_id)) == {(*title, "TITLE")}
    # Delete on the selected gold span takes it out of gold (a reject decision)
    click_char(qtbot, view, title[0] + 1)
    assert mode.current_key == (*title, "TITLE")
    press(qtbot, window, Qt.Key.Key_Delete)
    assert gold_rows(db_path, doc_id) == {}
    assert mode.adj.span((*title, "TITLE")).state is CandidateState.REJECTED
    press(qtbot, window, Qt.Key.Key_E)
    assert not window.labels_dock.isVisible()


def test_clicking_a_relation_arc_selects_its_candidate_for_a_decision(qtbot, project, db_path, make_window):
    """In review mode an arc is a candidate like a span: click it, then A accepts the relation into gold."""
    from annotator.core.commands import AddRelation
    from annotator.core.document import Relation

    doc_id = project.documents.ids()[0]
    text = project.document(doc_id).text
    per, title = span_of(text, "Phan Văn Đăng", "PER_VN"), span_of(text, "Phó Chủ tịch", "TITLE")
    rel = Relation(per.key, title.key, "HAS_TITLE")
    for name in ("an", "binh"):
        session = project.open_annotation(doc_id, project.annotator(name))
        session.apply(AddSpan(per))
        session.apply(AddSpan(title))
        if name == "an":  # only one annotator made the relation: a conflict to decide
            session.apply(AddRelation(rel))
        session.set_status(Status.DONE)
    window, mode = open_review(qtbot, make_window, project, doc_id)
    view = window.article_view
    view.reveal(per.start, center=True)
    rects = view.arc_rects(rel)
    assert rects
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=max(rects, key=lambda r: r.width()).center().toPoint())
    assert mode.current_key == rel.key
    press(qtbot, window, Qt.Key.Key_A)
    with sqlite3.connect(db_path) as con:
        n = con.execute(
            "SELECT count(*) FROM relation r JOIN annotation_set a ON a.id = r.set_id WHERE a.kind = 'gold' AND r.label = ?",
            ("HAS_TITLE",),
        ).fetchone()[0]
    assert n == 1


def test_a_decision_another_reviewer_changed_meanwhile_is_a_conflict_then_shown(qtbot, project, make_window, labelled):
    """Issue 11: the second of two concurrent decisions is refused, and the window then shows the first."""
    from annotator.services.review import Review

    doc_id, _text, _s = labelled
    window, mode = open_review(qtbot, make_window, project, doc_id)
    press(qtbot, window, Qt.Key.Key_J)
    key = mode.current_key
    other = project.annotator("rev2", role="reviewer")
    elsewhere = Review(project)
    elsewhere.candidates(doc_id)
    elsewhere.decide(doc_id, key, "reject", other)  # another reviewer, another window
    press(qtbot, window, Qt.Key.Key_A)
    qtbot.waitUntil(lambda: mode.last_error is not None or mode.last_message.startswith("Not done"), timeout=3000)
    cand = mode.adj.span(key)  # J selects span conflicts in this document
    assert cand.decision is not None and cand.decision.value == "reject" and "rev2" in str(cand.decided_by)
    # the reviewer read the NOT SAVED box (it names the conflict), closes it and decides knowingly
    assert mode.last_error and "rev2" in mode.last_error
    window.error_box.done(0)
    press(qtbot, window, Qt.Key.Key_A)
    qtbot.waitUntil(lambda: mode.adj.span(key).decision.value == "accept", timeout=3000)
