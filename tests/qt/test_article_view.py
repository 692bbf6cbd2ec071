"""The article view on its own: lazy formatting of long texts, and a custom span layer (extension point)."""

from __future__ import annotations

from annotator.core.document import Span
from annotator.core.tokenize import LazyTokenIndex
from annotator.qt.article_view import ArticleView
from annotator.qt.layers import SpanLayer, SpanStyle


class StateLayer(SpanLayer):
    """What a review mode does: its own colours and captions per span."""

    def style(self, span: Span) -> SpanStyle:
        return SpanStyle("#fca5a5" if span.label == "X" else "#86efac", f"{span.label}?", outline="#111111", dashed=True)


def _article(paragraphs: int = 400) -> tuple[str, list[Span]]:
    text = "\n".join(f"Đoạn {i}: hợp tác Việt Nam – Hàn Quốc 😀 năm {2000 + i}." for i in range(paragraphs))
    spans = []
    pos = 0
    for i, para in enumerate(text.split("\n")):
        k = para.index("Việt Nam")
        spans.append(Span(pos + k, pos + k + len("Việt Nam"), "X" if i % 2 else "Y"))
        pos += len(para) + 1
    return text, spans


def _view(qtbot, width: int, height: int) -> ArticleView:
    view = ArticleView()
    qtbot.addWidget(view)
    view.resize(width, height)
    view.show()
    qtbot.waitExposed(view)
    return view


def test_only_paragraphs_in_view_are_formatted(qtbot):
    text, spans = _article()
    view = _view(qtbot, 600, 300)
    view.set_article(text, StateLayer(text, spans), LazyTokenIndex(text))
    formatted = view.laid_out_blocks()
    assert 0 in formatted and len(formatted) < 60  # not the 400 paragraphs
    view.verticalScrollBar().setValue(view.verticalScrollBar().maximum())
    assert 399 in view.laid_out_blocks()  # laid out as it came into view
    # the spans are drawn with the layer's style: captions and outlines
    last = spans[-1]
    assert view.span_rects(last) and view.chip_rect(last) is not None


def test_swapping_layers_and_live_changes(qtbot):
    text, spans = _article(20)
    view = _view(qtbot, 600, 600)
    layer = StateLayer(text, spans[:10])
    view.set_article(text, layer, None)
    assert view.span_rects(spans[3]) and not view.span_rects(spans[12])
    other = StateLayer(text, spans[10:])
    view.set_layer(other)
    assert not view.span_rects(spans[3]) and view.span_rects(spans[12])
    other.remove_span(spans[12])
    other.add_span(Span(spans[12].start, spans[12].end, "Z"))
    assert [s.label for s in other.spans_at(spans[12].start)] == ["Z"]
    assert view.span_rects(other.spans_at(spans[12].start)[0])


def test_every_paragraph_in_view_shows_its_text(qtbot):
    """The text of each block in view is drawn, wherever the block is and whatever area is repainted."""
    import numpy as np
    from PySide6.QtCore import QRectF
    from PySide6.QtGui import QColor, QImage, QPainter

    text, spans = _article(60)
    view = _view(qtbot, 600, 700)
    view.set_article(text, StateLayer(text, spans), None)
    view.verticalScrollBar().setValue(view.verticalScrollBar().maximum() // 2)
    img = QImage(view.viewport().size(), QImage.Format.Format_RGB32)
    for exposed in (QRectF(img.rect()), QRectF(0, 350, img.width(), 120)):  # a whole frame, and a partial repaint
        img.fill(QColor("white"))
        p = QPainter(img)
        view.paint(p, exposed, frozenset({"text"}))
        p.end()
        a = np.frombuffer(img.constBits(), np.uint8).reshape(img.height(), img.bytesPerLine())[:, : img.width() * 4]
        ink = (a.reshape(img.height(), img.width(), 4)[:, :, :3].max(axis=2) < 96)
        top, bottom = int(exposed.top()), int(exposed.bottom())
        rows = ink[top:bottom].any(axis=1)
        # text on every line of the exposed area: no run of empty rows taller than two line pitches
        gaps = max((len(g) for g in "".join("x" if r else "." for r in rows).split("x")), default=0)
        assert rows.any() and gaps < 3 * view.metrics.level_height + 40, (exposed, gaps)


def test_find_bar_ignores_case_and_diacritics(qtbot):
    """Ctrl+F as users type: `binh thuan` finds `Bình Thuận`, `DA NANG` finds `Đà Nẵng`; Enter goes on."""
    from PySide6.QtCore import Qt

    from annotator.qt.widgets.find_bar import FindBarWidget

    text = "Đoàn làm việc tại tỉnh Bình Thuận.\nĐà Nẵng đón đoàn; sau đó về BÌNH THUẬN."
    view = _view(qtbot, 600, 300)
    view.set_article(text, StateLayer(text, []), None)
    bar = FindBarWidget(view)
    qtbot.addWidget(bar)
    bar.open_bar()
    qtbot.keyClicks(bar.edit, "binh thuan")
    qtbot.keyClick(bar.edit, Qt.Key.Key_Return)
    first = text.index("Bình Thuận")
    assert view.selection_range() == (first, first + 10)
    qtbot.keyClick(bar.edit, Qt.Key.Key_Return)
    second = text.index("BÌNH THUẬN")
    assert view.selection_range() == (second, second + 10)
    bar.edit.clear()
    qtbot.keyClicks(bar.edit, "DA NANG")
    qtbot.keyClick(bar.edit, Qt.Key.Key_Return)
    dn = text.index("Đà Nẵng")
    assert view.selection_range() == (dn, dn + 7)
    bar.edit.setText("Hà Nội")  # QTest types Latin-1 only: a Vietnamese query is set, as an input method would
    qtbot.keyClick(bar.edit, Qt.Key.Key_Return)
    assert bar.result.text() == "not found"
