"""Notes and flags in the window: a note on a span from the span list's context menu, on the whole
document and a needs-review flag from the Document menu; the span list marks the span and its
tooltip (and the article's) shows the note; the reviewer sees them in review mode's Notes dock,
filtered by author, text and flag."""

from __future__ import annotations

from PySide6.QtCore import QPointF
from PySide6.QtWidgets import QApplication, QInputDialog, QStyleOptionViewItem
from qt_helpers import char_point, find, rows_of

from annotator.core.document import Role


def _note_rows(db_path):
    return rows_of(db_path, "SELECT n.target, n.text, u.name FROM note n JOIN annotator u ON u.id = n.annotator_id "
                            "ORDER BY n.id")


def _label(window, phrase: str, label: str):
    view = window.article_view
    start, end = find(view.text, phrase)
    view.select_range(start, end)
    window.tagger.apply_label(label)
    return next(s for s in window.session.spans if (s.start, s.end) == (start, end))


def test_span_note_from_the_span_list_menu_shows_as_mark_and_tooltip(qtbot, make_window, project, db_path, monkeypatch):
    window = make_window(project)
    span = _label(window, "Việt Nam", "LOC_VN")
    lst = window.span_list
    row = window.span_model.row_of(span)
    rect = lst.visualRect(window.span_model.index(row, 0))
    lst.customContextMenuRequested.emit(rect.center())  # what a right-click on the row emits
    menu = window.notes.context_menu
    entry = next(a for a in menu.actions() if a.text() == "Add note to this span…")
    monkeypatch.setattr(QInputDialog, "getMultiLineText", lambda *a, **k: ("ORG or LOC? unsure", True))
    entry.trigger()
    assert _note_rows(db_path) == [("span", "ORG or LOC? unsure", "lan")]
    # the mark in the span list and the tooltips
    index = window.span_model.index(row, 0)
    option = QStyleOptionViewItem()
    lst.itemDelegateForColumn(0).initStyleOption(option, index)
    assert option.text.startswith("✎")
    assert "ORG or LOC? unsure" in window.notes.tooltip_for(span)
    view = window.article_view
    tip = view.tooltip_at(QPointF(char_point(view, span.start + 1)))
    assert tip is not None and "lan: ORG or LOC? unsure" in tip
    # a span without a note has neither
    other = _label(window, "Bình Thuận", "LOC_VN")
    assert window.notes.tooltip_for(other) == ""
    option = QStyleOptionViewItem()
    lst.itemDelegateForColumn(0).initStyleOption(option, window.span_model.index(window.span_model.row_of(other), 0))
    assert not option.text.startswith("✎")


def test_document_note_and_flag_from_the_document_menu_then_the_reviewer_lists_them(
        qtbot, make_window, project, db_path, monkeypatch):
    window = make_window(project)
    doc = window.document_id
    monkeypatch.setattr(QInputDialog, "getMultiLineText", lambda *a, **k: ("the whole article is an advert", True))
    window.notes.note_action.trigger()
    window.notes.flag_action.trigger()
    assert window.notes.flag_action.isChecked()
    span = _label(window, "Việt Nam", "LOC_VN")
    window.notes.add_note("which Việt Nam?", span=span)
    assert [r[:2] for r in _note_rows(db_path)] == [("document", "the whole article is an advert"),
                                                      ("span", "which Việt Nam?")]
    assert rows_of(db_path, "SELECT document_id, flag FROM document_flag") == [(doc, "needs_review")]
    window.close()

    project.annotator("minh", Role.REVIEWER)
    reviewer = make_window(project, "minh")
    notes = reviewer.notes
    # a reviewer lands in review mode (annotator.qt.review): the Notes dock opens with everyone's notes
    reviewer.set_mode(None)
    notes.dock.hide()
    reviewer.set_mode(reviewer.review_mode)
    qtbot.waitUntil(notes.dock.isVisible, timeout=2000)
    rows = notes.panel.rows()
    assert {r[0] for r in rows} == {"the whole article is an advert", "which Việt Nam?"}
    assert all(r[1] == "lan" and r[3] == "yes" for r in rows)
    # filters: text without diacritics, author, flagged
    qtbot.keyClicks(notes.panel.text, "viet nam")
    assert [r[0] for r in notes.panel.rows()] == ["which Việt Nam?"]
    notes.panel.text.clear()
    notes.panel.author.setCurrentIndex(notes.panel.author.findData("minh"))
    assert notes.panel.rows() == []
    notes.panel.author.setCurrentIndex(notes.panel.author.findData("lan"))
    notes.panel.flagged.setChecked(True)
    assert len(notes.panel.rows()) == 2
    # double-click opens the document and the reviewer stays in review mode
    index = notes.panel.model.index(0, 0)
    notes.panel.table.doubleClicked.emit(index)
    QApplication.processEvents()
    assert reviewer.document_id == doc and reviewer.mode is reviewer.review_mode


def test_an_annotator_sees_only_her_own_notes(qtbot, make_window, project):
    lan = project.annotator("lan")
    doc = project.documents.ids()[0]
    from annotator.services.notes import Notes

    Notes(project.db).add(lan, doc, "lan's note")
    window = make_window(project, "hoa")
    window.notes.dock.show()
    assert window.notes.panel.rows() == []
    window.notes.add_note("hoa's own")
    assert [r[0] for r in window.notes.panel.rows()] == ["hoa's own"]


def test_right_click_on_a_span_in_the_article_and_a_relation_note(qtbot, make_window, project, db_path, monkeypatch):
    from PySide6.QtGui import QContextMenuEvent

    from annotator.core.commands import AddRelation
    from annotator.core.document import Relation

    window = make_window(project)
    view = window.article_view
    span = _label(window, "UBND", "ORG_VN")
    point = char_point(view, span.start + 1)
    event = QContextMenuEvent(QContextMenuEvent.Reason.Mouse, point, view.viewport().mapToGlobal(point))
    QApplication.sendEvent(view.viewport(), event)
    texts = [a.text() for a in view.context_menu.actions()]
    assert "Add note to this span…" in texts and "Add note to this relation…" not in texts
    monkeypatch.setattr(QInputDialog, "getMultiLineText", lambda *a, **k: ("check the province", True))
    next(a for a in view.context_menu.actions() if a.text() == "Add note to this span…").trigger()
    assert _note_rows(db_path) == [("span", "check the province", "lan")]
    view.context_menu.close()
    # outside any span: only the document's note
    blank = char_point(view, 0)
    QApplication.sendEvent(view.viewport(), QContextMenuEvent(QContextMenuEvent.Reason.Mouse, blank,
                                                              view.viewport().mapToGlobal(blank)))
    texts = [a.text() for a in view.context_menu.actions()]
    assert "Add note to this span…" not in texts and "Add &note to this document…" in texts
    view.context_menu.close()
    # a relation's note: from the relation list's menu, shown in its tooltip
    assert "Phó Chủ tịch Thường trực" in view.text, "the bundled article the window opens first"
    title = _label(window, "Phó Chủ tịch Thường trực", "TITLE")
    assert window.edits.execute(AddRelation(
        Relation(title.key, span.key, "TITLE_OF")))
    rel = window.session.relations[0]
    row = window.relation_model.row_of(rel)
    rect = window.relation_list.visualRect(window.relation_model.index(row, 0))
    window.relation_list.customContextMenuRequested.emit(rect.center())
    monkeypatch.setattr(QInputDialog, "getMultiLineText", lambda *a, **k: ("title of which body?", True))
    next(a for a in window.notes.context_menu.actions() if a.text() == "Add note to this relation…").trigger()
    assert ("relation", "title of which body?", "lan") in _note_rows(db_path)
    assert "title of which body?" in window.notes.tooltip_for(rel)
