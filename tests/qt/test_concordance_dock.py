"""Concordance dock: Ctrl+Shift+F, an accent-free query finds the accented hits, grouped by
document with their status in the annotator's set; label-all with a preview, one step per
document: Ctrl+Z undoes the open article's part, the dock's undo the other documents'."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from qt_helpers import db_spans, find


def _open_dock(qtbot, window):
    window.article_view.setFocus()
    qtbot.keyClick(window.article_view, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    dock = window.concordance.dock
    qtbot.waitUntil(dock.isVisible, timeout=2000)
    return window.concordance.panel


def _search(qtbot, panel, query: str) -> None:
    panel.query_edit.clear()
    qtbot.keyClicks(panel.query_edit, query)
    qtbot.keyClick(panel.query_edit, Qt.Key.Key_Return)


def _hit_items(panel):
    out = []
    for i in range(panel.tree.topLevelItemCount()):
        top = panel.tree.topLevelItem(i)
        out += [top.child(j) for j in range(top.childCount())]
    return out


def test_accent_free_query_lists_hits_grouped_by_document_with_status(qtbot, make_window, project, db_path):
    window = make_window(project)
    view = window.article_view
    # one hit labelled by hand first: the list says so
    doc = next(d for d in project.documents.ids() if "Bình Thuận" in project.document(d).text)
    window.open_document(doc)
    start, end = find(view.text, "Bình Thuận")
    view.select_range(start, end)
    window.tagger.apply_label("LOC_VN")
    panel = _open_dock(qtbot, window)
    _search(qtbot, panel, "binh thuan")
    items = _hit_items(panel)
    assert items and all(it.text(1) == "Bình Thuận" for it in items)
    assert panel.tree.topLevelItemCount() == len({it.data(0, Qt.ItemDataRole.UserRole + 1).document_id for it in items})
    status = {it.text(4): it.text(3) for it in items}
    assert status[f"{start}:{end}"] == "labelled LOC_VN"
    assert sum(1 for s in status.values() if s == "") == len(items) - 1
    assert all("\n" not in it.text(c) for it in items for c in range(5))  # a row shows one line
    # a selection in the article becomes the query
    view.select_range(*find(view.text, "Bình Thuận"))
    panel.query_edit.clear()
    window.concordance.open()
    assert panel.query_edit.text() == "Bình Thuận" and len(_hit_items(panel)) == len(items)


def test_label_all_with_preview_then_undo_per_document(qtbot, make_window, project, db_path):
    window = make_window(project)
    open_doc = window.document_id
    panel = _open_dock(qtbot, window)
    _search(qtbot, panel, "ubnd")
    items = _hit_items(panel)
    docs = {it.data(0, Qt.ItemDataRole.UserRole + 1).document_id for it in items}
    assert len(docs) >= 2 and open_doc in docs, "UBND is in the open article and in others"
    before = db_spans(db_path)
    assert before == []
    panel.label_combo.setCurrentText("ORG_VN")
    qtbot.mouseClick(panel.label_free_button, Qt.MouseButton.LeftButton)
    dlg = panel.preview_dialog
    qtbot.waitUntil(dlg.isVisible, timeout=2000)
    assert db_spans(db_path) == [], "the preview writes nothing"
    preview = dlg.preview
    assert preview.span_count == len(items) and {p.document_id for p in preview.documents} == docs
    assert "ORG_VN" in dlg.text.toPlainText()
    qtbot.mouseClick(dlg.apply_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(db_spans(db_path)) == len(items), timeout=5000)
    assert {s[2] for s in db_spans(db_path)} == {"ORG_VN"}
    # the document list shows the other articles' new span counts
    model = window.document_model
    for plan in preview.documents:
        assert model.summary(model.row_of(plan.document_id)).span_count == len(plan.spans)
    # the list reads again: every hit is labelled now
    assert all(it.text(3) == "labelled ORG_VN" for it in _hit_items(panel))
    in_open = sum(1 for p in preview.documents if p.document_id == open_doc for _ in p.spans)
    assert len(window.session.spans) == in_open  # the open article shows them (same session)
    # Ctrl+Z in the article undoes the open document's part only
    window.article_view.setFocus()
    qtbot.keyClick(window.article_view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: len(db_spans(db_path)) == len(items) - in_open, timeout=5000)
    assert window.session.spans == []
    # the dock's undo removes the other documents' spans
    assert panel.undo_button.isEnabled()
    qtbot.mouseClick(panel.undo_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: db_spans(db_path) == [], timeout=5000)
    assert not panel.undo_button.isEnabled()
    assert all(model.summary(model.row_of(d)).span_count == 0 for d in docs)
    QApplication.processEvents()
    assert all(it.text(3) == "" for it in _hit_items(panel))


def test_label_selected_hits_lists_hits_that_cannot_be_snapped(qtbot, make_window, project, db_path):
    window = make_window(project)
    panel = _open_dock(qtbot, window)
    _search(qtbot, panel, "iet na")  # inside the word "Việt Nam": never a span
    items = _hit_items(panel)
    assert items
    panel.tree.clearSelection()
    items[0].setSelected(True)
    panel.label_combo.setCurrentText("LOC_VN")
    qtbot.mouseClick(panel.label_selected_button, Qt.MouseButton.LeftButton)
    dlg = panel.preview_dialog
    qtbot.waitUntil(dlg.isVisible, timeout=2000)
    assert dlg.preview.span_count == 0 and len(dlg.preview.unsnappable) == 1
    assert "Cannot be snapped" in dlg.text.toPlainText()
    assert not dlg.apply_button.isEnabled()
    dlg.reject()
    assert db_spans(db_path) == []


def test_undo_in_other_documents_keeps_a_span_that_has_a_relation_now(qtbot, make_window, project, db_path):
    from annotator.core.commands import AddRelation
    from annotator.core.document import Relation

    window = make_window(project)
    open_doc = window.document_id
    panel = _open_dock(qtbot, window)
    _search(qtbot, panel, "ubnd")
    panel.label_combo.setCurrentText("ORG_VN")
    qtbot.mouseClick(panel.label_free_button, Qt.MouseButton.LeftButton)
    dlg = panel.preview_dialog
    qtbot.waitUntil(dlg.isVisible, timeout=2000)
    plans = {p.document_id: p.spans for p in dlg.preview.documents}
    qtbot.mouseClick(dlg.apply_button, Qt.MouseButton.LeftButton)
    total = sum(len(v) for v in plans.values())
    qtbot.waitUntil(lambda: len(db_spans(db_path)) == total, timeout=5000)
    # meanwhile, in another article, two of the new spans get a relation
    other = next(d for d, spans in plans.items() if d != open_doc and len(spans) >= 2)
    a, b = plans[other][:2]
    project.open_annotation(other, project.annotator("lan")).apply(AddRelation(Relation(a.key, b.key, "COOPERATES_WITH")))
    qtbot.mouseClick(panel.undo_button, Qt.MouseButton.LeftButton)
    left = len(plans[open_doc]) + len(plans[other])
    qtbot.waitUntil(lambda: len(db_spans(db_path)) == left, timeout=5000)
    assert f"#{other}" in panel.report.text() and "Not undone" in panel.report.text()
    assert not panel.undo_button.isEnabled()
