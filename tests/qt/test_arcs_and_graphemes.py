"""Relations drawn on the page (arcs: drawn, clickable, deletable), selections by grapheme
cluster, and an unambiguous selection state — with real mouse and key events."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QImage, QPainter
from qt_helpers import caret_point, click_char, db_relations, drag, find, reveal

from annotator.core.document import Relation, Span
from annotator.core.schema import default_schema
from annotator.core.tokenize import LazyTokenIndex
from annotator.qt.article_paint import SELECTION_COLOR
from annotator.qt.article_view import ArticleView
from annotator.qt.layers import SpanLayer
from annotator.qt.offsets import widen_to_graphemes


def _tag(qtbot, window, phrase: str, key, modifier=Qt.KeyboardModifier.NoModifier, nth: int = 0):
    start, end = find(window.session.document.text, phrase, nth)
    drag(qtbot, window.article_view, start, end)
    qtbot.keyClick(window.article_view, key, modifier)
    return start, end


def _relate(qtbot, window, head, tail, label: str) -> None:
    view = window.article_view
    view.clear_selection()
    click_char(qtbot, view, head[0] + 1)
    qtbot.keyClick(view, Qt.Key.Key_R)
    click_char(qtbot, view, tail[0] + 1)
    menu = window.tagger.relation_menu
    menu.actions()[[a.data() for a in menu.actions()].index(label)].trigger()


def _render(view, parts) -> np.ndarray:
    img = QImage(view.viewport().size(), QImage.Format.Format_RGB32)
    img.fill(QColor("white"))
    p = QPainter(img)
    view.paint(p, QRectF(img.rect()), parts)
    p.end()
    a = np.frombuffer(img.constBits(), np.uint8).reshape(img.height(), img.bytesPerLine())
    return a[:, : img.width() * 4].reshape(img.height(), img.width(), 4)[:, :, :3].copy()


def test_relation_arc_is_drawn_clickable_and_deletable(qtbot, project, db_path, make_window):
    window = make_window(project)
    view = window.article_view
    person = _tag(qtbot, window, "Phan Văn Đăng", Qt.Key.Key_1)
    title = _tag(qtbot, window, "Phó Chủ tịch Thường trực UBND tỉnh Bình Thuận", Qt.Key.Key_3)
    _relate(qtbot, window, person, title, "HAS_TITLE")
    rel = Relation((*person, "PER_VN"), (*title, "TITLE"), "HAS_TITLE")
    assert db_relations(db_path) == [(rel.head, rel.tail, "HAS_TITLE")]
    # drawn: the arc has clickable geometry in view and paints pixels there (arcs alone, no text)
    reveal(view, person[0])
    rects = view.arc_rects(rel)
    assert rects
    arcs = _render(view, frozenset({"arcs"}))
    r = rects[0].toAlignedRect()
    assert (arcs[max(0, r.top()) : r.bottom() + 1, max(0, r.left()) : r.right() + 1] != 255).any()
    # the arc sits above the text: no arc pixel lies on a text pixel
    text = _render(view, frozenset({"text"}))
    assert not ((text.max(axis=2) < 96) & (arcs != 255).any(axis=2)).any()
    # clickable: a click on the arc's label selects the relation (list row, both ends emphasised)
    view.clear_selection()
    label = max(rects, key=lambda q: q.width() * q.height())
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=label.center().toPoint())
    assert view.selected_relation == rel
    assert window.relation_list.current_relation() == rel
    assert set(view.emphasis) == {rel.head, rel.tail}
    # deletable: Delete in the article removes the relation, not a span
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_Delete)
    assert db_relations(db_path) == []
    assert view.arc_rects(rel) == []
    assert len(window.layer.spans()) == 2
    # undo brings the arc back
    qtbot.keyClick(view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert db_relations(db_path) == [(rel.head, rel.tail, "HAS_TITLE")]
    assert view.arc_rects(rel)


def test_arcs_across_line_breaks_and_stacked(qtbot):
    """Relations whose ends sit on different lines (and paragraphs) get one piece on each line."""
    text = "Ông Phan Văn Đăng gặp đoàn.\nBà Trần Hải Linh là Chủ tịch Hiệp hội VKBIA."
    a = Span(text.index("Phan"), text.index(" gặp"), "PER_VN")
    b = Span(text.index("Trần"), text.index(" là"), "PER_VN")
    c = Span(text.index("Chủ tịch"), text.index(" Hiệp"), "TITLE")
    d = Span(text.index("Hiệp hội"), text.index("."), "ORG_VN")
    rels = [Relation(a.key, b.key, "MEETS"), Relation(b.key, c.key, "HAS_TITLE"), Relation(b.key, d.key, "LEADS")]
    layer = SpanLayer(text, [a, b, c, d], relations=rels)
    view = ArticleView()
    qtbot.addWidget(view)
    view.resize(700, 400)
    view.show()
    view.set_article(text, layer, None)
    across = view.arc_rects(rels[0])
    assert across and len({round(r.top()) for r in across}) >= 2  # a piece on each paragraph
    # two arcs from the same span on one line are stacked at two levels, their labels apart
    h, lead = view.arc_rects(rels[1]), view.arc_rects(rels[2])
    assert h and lead
    assert not any(x.intersects(y) for x in h for y in lead if x.width() > 8 and y.width() > 8 and x.height() > 8)
    # a relation removed from the layer disappears from the page
    layer.remove_relation(rels[2])
    assert view.arc_rects(rels[2]) == []


CLUSTERS = "Đội 👨🏻‍🚒 và cờ 🇻🇳 ở Huế, Hue\u0301 xong"


def _cluster_view(qtbot) -> ArticleView:
    view = ArticleView()
    qtbot.addWidget(view)
    view.resize(600, 300)
    view.show()
    qtbot.waitExposed(view)
    view.set_article(CLUSTERS, SpanLayer(CLUSTERS, []), LazyTokenIndex(CLUSTERS))
    view.setFocus()
    return view


def test_double_click_selects_a_whole_grapheme_cluster(qtbot):
    view = _cluster_view(qtbot)
    for cluster in ("👨🏻‍🚒", "🇻🇳", "Hue\u0301"):
        start = CLUSTERS.index(cluster)
        point = view.char_rect(start).center().toPoint()
        qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=point)
        sel = view.selection_range()
        assert sel is not None and sel[0] <= start and sel[1] >= start + len(cluster), (cluster, sel)


def test_shift_arrows_move_by_grapheme_cluster(qtbot):
    view = _cluster_view(qtbot)
    for cluster in ("👨🏻‍🚒", "🇻🇳", "e\u0301"):
        start = CLUSTERS.index(cluster)
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=caret_point(view, start))
        assert view.cursor_offset() == start
        qtbot.keyClick(view, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)
        assert view.selection_range() == (start, start + len(cluster)), cluster
        qtbot.keyClick(view, Qt.Key.Key_Left, Qt.KeyboardModifier.ShiftModifier)
        assert view.selection_range() is None and view.cursor_offset() == start


def test_no_span_can_end_inside_a_cluster(qtbot):
    """Whatever half a cluster the selection holds, snapping widens it to whole clusters."""
    view = _cluster_view(qtbot)
    for cluster in ("👨🏻‍🚒", "🇻🇳", "e\u0301"):
        start = CLUSTERS.index(cluster)
        for a in range(start, start + len(cluster)):
            for b in range(a + 1, start + len(cluster) + 1):
                view.select_range(a, b)
                got = view.snap_selection()
                assert got is not None and got[0] <= start and got[1] >= start + len(cluster), (cluster, a, b, got)


def test_new_text_selection_unselects_the_span_and_colours_differ(qtbot, project, make_window):
    window = make_window(project)
    view = window.article_view
    person = _tag(qtbot, window, "Phan Văn Đăng", Qt.Key.Key_1)
    assert view.selected_span is not None and view.selected_span.key == (*person, "PER_VN")
    # the user starts a new selection elsewhere: the span loses its selected outline
    other = find(window.session.document.text, "Bình Thuận", 1)
    drag(qtbot, view, *other)
    assert view.selection_range() is not None
    assert view.selected_span is None
    # …and with Shift+arrow keys as well
    click_char(qtbot, view, person[0] + 1)
    assert view.selected_span is not None
    qtbot.keyClick(view, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)
    assert view.selection_range() is not None and view.selected_span is None
    # the text-selection colour is far from every label colour of the default schema
    sel = QColor(SELECTION_COLOR)
    schema = default_schema()
    for lab in schema.labels:
        c = QColor(schema.color(lab.name))
        dist = ((sel.red() - c.red()) ** 2 + (sel.green() - c.green()) ** 2 + (sel.blue() - c.blue()) ** 2) ** 0.5
        assert dist > 60, (lab.name, dist)


def _glyphs(view: ArticleView, offset: int) -> list[int]:
    """Glyph indexes Qt shaped for the block holding `offset` (the text as the screen shows it)."""
    _b, bl, _q = view._local(offset)
    return [g for run in bl.layout.glyphRuns() for g in run.glyphIndexes()]


def test_spans_never_cut_a_cluster_apart_when_shaped(qtbot):
    """A span ending (or starting) at an emoji, a flag or a combining mark keeps the cluster one shape.

    The extra space after a span's last character (for its outline and caption) is a format
    range: it must cover whole clusters, or Qt shapes 🇻🇳 as two letters and 👨🏻‍🚒 as a man and a
    fire engine. With an emoji font (CI installs fonts-noto-color-emoji) the glyphs must be the same
    inside and outside spans; with any font, no format boundary may fall inside a cluster.
    """
    view = _cluster_view(qtbot)
    plain = _glyphs(view, 0)
    spans = [Span(CLUSTERS.index(c), CLUSTERS.index(c) + len(c), "X") for c in ("👨🏻‍🚒", "🇻🇳", "Hue\u0301")]
    spans.append(Span(CLUSTERS.index("và"), CLUSTERS.index("và") + 2, "Y"))  # starts right after an emoji + space
    view.set_article(CLUSTERS, SpanLayer(CLUSTERS, spans), LazyTokenIndex(CLUSTERS))
    _b, bl, _q = view._local(0)
    for fr in bl.layout.formats():
        for q in (fr.start, fr.start + fr.length):
            cp = view.offsets.to_py(bl.qbase + q)
            assert view.offsets.to_qt(cp) == bl.qbase + q  # not inside a surrogate pair
            assert widen_to_graphemes(CLUSTERS, cp, cp + 1)[0] == cp or cp == len(CLUSTERS), (q, cp)
    assert _glyphs(view, 0) == plain


def test_hover_quotes_the_span_and_relation(qtbot):
    """Two captions alike (same label, same end, other starts) are told apart by their tooltips."""
    text = "Hôm qua ông Phan Văn Đăng tiếp đoàn."
    outer = Span(text.index("ông"), text.index(" tiếp"), "PER_VN")
    inner = Span(text.index("Phan"), text.index(" tiếp"), "PER_VN")
    rel = Relation(outer.key, inner.key, "SAME_AS")
    view = ArticleView()
    qtbot.addWidget(view)
    view.resize(700, 300)
    view.show()
    view.set_article(text, SpanLayer(text, [outer, inner], relations=[rel]), None)
    tips = {view.tooltip_at(view.chip_rect(s).center()) for s in (outer, inner)}
    assert tips == {"PER_VN: “ông Phan Văn Đăng”", "PER_VN: “Phan Văn Đăng”"}
    arc = view.arc_rects(rel)[0]
    assert view.tooltip_at(arc.center()) == "“ông Phan Văn Đăng” → SAME_AS → “Phan Văn Đăng”"
    assert "“Phan Văn Đăng”" in view.tooltip_at(view.char_rect(inner.start + 1).center())


def test_copy_gives_the_stored_text(qtbot):
    """Ctrl+C and the context menu's Copy put exactly the stored characters on the clipboard."""
    from PySide6.QtGui import QContextMenuEvent, QGuiApplication
    from PySide6.QtWidgets import QApplication

    view = _cluster_view(qtbot)
    start = CLUSTERS.index("👨🏻‍🚒")
    view.select_range(start, start + len("👨🏻‍🚒 và"))
    qtbot.keyClick(view, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    assert QGuiApplication.clipboard().text() == "👨🏻‍🚒 và"
    QGuiApplication.clipboard().clear()
    where = view.viewport().rect().center()
    event = QContextMenuEvent(QContextMenuEvent.Reason.Mouse, where, view.viewport().mapToGlobal(where))
    QApplication.sendEvent(view.viewport(), event)
    copy = view.context_menu.actions()[0]
    assert copy.isEnabled()
    copy.trigger()
    assert QGuiApplication.clipboard().text() == "👨🏻‍🚒 và"
    view.context_menu.close()
