"""Opening another article frees the previous one's span layer and laid-out blocks (no leak per article)."""

from __future__ import annotations

import gc
import weakref

from PySide6.QtWidgets import QApplication


def test_previous_layers_are_freed(qtbot, project, make_window):
    window = make_window(project)
    ids = project.documents.ids()
    refs = []
    for doc_id in [*ids, *ids]:
        window.open_document(doc_id)
        QApplication.processEvents()
        refs.append(weakref.ref(window.layer))
        refs.append(weakref.ref(window.session))
    window.open_document(ids[0])
    QApplication.processEvents()
    gc.collect()
    alive = [r() for r in refs[:-2] if r() is not None and r() is not window.layer and r() is not window.session]
    assert alive == []
    assert len(window.article_view.laid_out_blocks()) < 200  # only this article's blocks in view


def test_review_layers_are_freed(qtbot, project, make_window):
    window = make_window(project, user="hoa", role="reviewer")
    mode = window.review_mode
    window.set_mode(mode)
    ids = project.documents.ids()
    refs = []
    for doc_id in ids:
        window.open_document(doc_id)
        QApplication.processEvents()
        refs.append(weakref.ref(mode.layer))
        refs.append(weakref.ref(mode.side_view.layer))
    window.open_document(ids[0])
    QApplication.processEvents()
    gc.collect()
    assert [r for r in refs if r() is not None and r() is not mode.layer and r() is not mode.side_view.layer] == []


def test_per_article_caches_and_menus_are_not_kept(qtbot, project, make_window):
    """The previous article's search index, relation menus and the span list's cells of removed
    spans are freed: stepping through documents or editing does not grow the process."""
    from PySide6.QtCore import QEvent
    from PySide6.QtWidgets import QMenu

    from annotator.core.document import Span
    from annotator.core.tokenize import TokenIndex

    window = make_window(project)
    view = window.article_view
    ids = project.documents.ids()
    window.open_document(ids[0])
    assert view.find_text("a") is not None
    assert view._folded is not None and view._folded.text is view.text
    window.open_document(ids[1])
    assert view._folded is None  # the first article's search index is not kept with the next one
    # relation menus: one at a time, whatever the number of gestures
    schema = window.schema
    head_label, tail_label = next((a, b) for a in schema.label_names for b in schema.label_names
                                  if schema.allowed_relations(a, b))
    tok = TokenIndex(view.text)
    head = Span(tok.starts[0], tok.ends[0], head_label)
    tail = Span(tok.starts[2], tok.ends[2], tail_label)
    for _ in range(5):
        menu = window.tagger.choose_relation(head, tail)
        assert menu is not None
        menu.close()
        QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    assert len(view.findChildren(QMenu)) <= 1
    # the span list keeps no cells of spans that are gone
    model = window.span_model
    for k in range(3, 9):
        view.select_range(tok.starts[k], tok.ends[k])
        assert window.tagger.apply_label(head_label)
        model.data(model.index(model.row_of(Span(tok.starts[k], tok.ends[k], head_label)), 0))
        assert window.tagger.delete_span(Span(tok.starts[k], tok.ends[k], head_label))
    assert all(model.row_of(span) is not None for span in model._cells)
