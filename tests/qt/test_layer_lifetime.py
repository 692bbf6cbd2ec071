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
