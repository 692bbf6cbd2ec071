"""Guidelines panel: follows the label chosen on the palette and the selected span, F1 opens it for
the current label, the search box filters every guideline, an example lists where it occurs."""

from __future__ import annotations

from PySide6.QtCore import Qt, QUrl
from PySide6.QtWidgets import QApplication
from qt_helpers import drag, find


def _panel(window):
    return window.guidelines.panel


def test_panel_follows_palette_and_selected_span(qtbot, make_window, project):
    window = make_window(project)
    panel = _panel(window)
    view = window.article_view
    # a label chosen on the palette
    qtbot.mouseClick(window.palette.buttons["ORG_VN"], Qt.MouseButton.LeftButton)
    assert panel.label == "ORG_VN"
    html = panel.browser.toPlainText()
    assert window.schema.label("ORG_VN").description.split()[0] in html
    assert "UBND tỉnh Bình Thuận" in html  # an example
    assert "MEMBER_OF" in html and "TITLE_OF" in html  # relations it is the tail of
    # a span selected in the article (made with a real drag and a label key)
    start, end = find(view.text, "Việt Nam")
    view.setFocus()
    drag(qtbot, view, start, end)
    assert len(window.schema.label("LOC_VN").key) == 1  # a plain key in the bundled schema
    qtbot.keyClick(view, window.schema.label("LOC_VN").key)
    QApplication.processEvents()
    assert panel.label == "LOC_VN"
    # F1 opens the dock for the current label (the selected span's)
    assert not window.guidelines.dock.isVisible()
    qtbot.keyClick(view, Qt.Key.Key_F1)
    qtbot.waitUntil(window.guidelines.dock.isVisible, timeout=2000)
    assert panel.label == "LOC_VN"
    assert "LOC_VN" in panel.browser.toPlainText()


def test_f1_with_the_caret_in_a_span_and_the_search_box(qtbot, make_window, project):
    window = make_window(project)
    view = window.article_view
    start, end = find(view.text, "Việt Nam")
    view.select_range(start, end)
    window.tagger.apply_label("LOC_KR")
    window.tagger.select_span(None)
    view.clear_selection()
    view.set_caret(start + 2)
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_F1)
    qtbot.waitUntil(window.guidelines.dock.isVisible, timeout=2000)
    panel = _panel(window)
    assert panel.label == "LOC_KR"
    # search across all guidelines, without diacritics: the examples name "Bình Thuận"
    qtbot.keyClicks(panel.search, "binh thuan")
    assert set(panel.matching_labels("binh thuan")) >= {"ORG_VN", "TITLE"}
    text = panel.browser.toPlainText()
    assert "ORG_VN" in text and "TITLE" in text and "PER_KR" not in text
    panel._link(QUrl("label:TITLE"))
    assert panel.label == "TITLE" and panel.search.text() == ""


def test_an_example_lists_where_it_occurs_and_opens_it(qtbot, make_window, project):
    window = make_window(project)
    panel = _panel(window)
    panel.show_label("ORG_VN")
    examples = window.schema.label("ORG_VN").examples
    panel._link(QUrl("example:0"))  # what clicking the example's link does
    assert panel.example == examples[0]
    assert panel.example_hits, "the bundled corpus mentions the example"
    text = panel.browser.toPlainText()
    assert "Where" in text and examples[0] in text
    _title, hit = panel.example_hits[-1]
    panel._link(QUrl(f"hit:{len(panel.example_hits) - 1}"))
    assert window.document_id == hit.document_id
    assert window.article_view.selection_range() == (hit.start, hit.end)
