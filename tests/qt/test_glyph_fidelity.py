"""What the screen shows is exactly the stored text: nothing drawn around a span covers a glyph.

Every precomposed Vietnamese letter (67 lower case, 67 upper case) is rendered offscreen once
outside any span and once inside labelled spans (one span; nested 3 deep; selected; under the
text selection; with a relation arc above), at several zoom steps. The ink of the letter (its
near-black pixels, inside the letter's cell: the line's whole height, the glyph's advance and a
little more) must be the same in every situation. Antialiasing is switched off for these
renders so that ink pixels are exactly black whatever the background; full hinting keeps glyphs
on the pixel grid wherever they stand.
"""

from __future__ import annotations

import unicodedata
from typing import ClassVar

import numpy as np
import pytest
from PySide6.QtCore import QRect, QRectF
from PySide6.QtGui import QColor, QFont, QImage, QPainter

from annotator.core.document import Relation, Span
from annotator.qt.article_view import ALL_PARTS, ArticleView
from annotator.qt.layers import RelationStyle, SpanLayer, SpanStyle

_BASES = "aăâeêioôơuưy"
_MARKS = ["", "\u0300", "\u0309", "\u0303", "\u0301", "\u0323"]  # none, huyền, hỏi, ngã, sắc, nặng


def vietnamese_letters() -> list[str]:
    lower = [unicodedata.normalize("NFC", b + m) for b in _BASES for m in _MARKS]
    lower = [ch for ch in lower if not ch.isascii()] + ["đ"]
    return lower + [ch.upper() for ch in lower]


LETTERS = vietnamese_letters()
INK = 96  # a pixel is ink when all of R, G, B are below this (the text is black on every background here)


class Layer(SpanLayer):
    COLORS: ClassVar[dict[str, str]] = {"A": "#fde68a", "B": "#a7d8f0", "C": "#f4a3a3", "TITLE": "#fde68a", "ORG_VN": "#a7d8f0", "LOC_VN": "#b5e8b5"}

    def style(self, span: Span) -> SpanStyle:
        return SpanStyle(self.COLORS.get(span.label, "#f4a3a3"), span.label)

    def relation_style(self, relation: Relation) -> RelationStyle:
        return RelationStyle("#374151", relation.label)


def _text() -> tuple[str, list[int]]:
    """'ba L ca' groups, two spaces apart; returns the text and the offset of each letter L."""
    parts, where, pos = [], [], 0
    for ch in LETTERS:
        group = f"ba {ch} ca"
        parts.append(group)
        where.append(pos + 3)
        pos += len(group) + 2
    return "  ".join(parts), where


def _view(qtbot, point_size: float) -> ArticleView:
    view = ArticleView()
    qtbot.addWidget(view)
    font = QFont(view.font())
    font.setStyleStrategy(QFont.StyleStrategy.NoAntialias)
    font.setHintingPreference(QFont.HintingPreference.PreferFullHinting)
    view.setFont(font)
    view.set_point_size(point_size)
    view.resize(1100, int(3000 * max(1.0, point_size / 11.5)))  # every letter in view at once
    view.show()
    qtbot.waitExposed(view)
    return view


def _render(view: ArticleView, parts=ALL_PARTS) -> QImage:
    img = QImage(view.viewport().size(), QImage.Format.Format_RGB32)
    img.fill(QColor("white"))
    p = QPainter(img)
    view.paint(p, QRectF(img.rect()), parts)
    p.end()
    return img


def _cell(view: ArticleView, offset: int, whole_line: bool = False) -> QRect:
    """The letter's cell: the line's ink box (the highest mark to the lowest), the glyph and 2 px each side.

    `whole_line`: the line's whole box instead (arc room and outline room included).
    """
    r = view.char_rect(offset)
    b, bl, q = view._local(offset)
    ln = bl.lines[bl.line_of(q)]
    top = view._origin(b)
    y0, y1 = (ln.top, ln.bottom) if whole_line else (ln.ink_top - 1, ln.ink_bottom + 1)
    return QRectF(r.left() - 2, top + y0, r.width() + 4, y1 - y0).toAlignedRect()


def _pixels(img: QImage) -> np.ndarray:
    """(height, width, 3) RGB array of a Format_RGB32 image."""
    a = np.frombuffer(img.constBits(), np.uint8).reshape(img.height(), img.bytesPerLine())
    return a[:, : img.width() * 4].reshape(img.height(), img.width(), 4)[:, :, 2::-1].astype(np.int32)


def _ink_mask(px: np.ndarray) -> np.ndarray:
    return px.max(axis=2) < INK  # near-black: every channel dark (a blue or red outline is not ink)


def _ink(img: QImage, cell: QRect) -> frozenset[tuple[int, int]]:
    mask = _ink_mask(_pixels(img))
    top, left = max(0, cell.top()), max(0, cell.left())
    sub = mask[top : cell.bottom() + 1, left : cell.right() + 1]
    ys, xs = np.nonzero(sub)
    if len(xs) == 0:
        return frozenset()
    return frozenset(zip((xs - xs.min()).tolist(), (ys - ys.min()).tolist(), strict=True))


def _inks(view: ArticleView, where: list[int], whole_line: bool = False) -> list[frozenset]:
    view.verticalScrollBar().setValue(0)
    img = _render(view)
    mask = _ink_mask(_pixels(img))
    out = []
    for o in where:
        cell = _cell(view, o, whole_line)
        sub = mask[max(0, cell.top()) : cell.bottom() + 1, max(0, cell.left()) : cell.right() + 1]
        ys, xs = np.nonzero(sub)
        out.append(frozenset(zip((xs - xs.min()).tolist(), (ys - ys.min()).tolist(), strict=True)) if len(xs) else frozenset())
    return out


def _situations(text: str, where: list[int]) -> dict[str, tuple[list[Span], list[Relation], bool]]:
    one = [Span(o, o + len(LETTERS[0]), "A") for o in where]
    nested = []
    for o in where:  # [L] ⊂ [ba L] ⊂ [ba L ca]
        nested += [Span(o, o + 1, "A"), Span(o - 3, o + 1, "B"), Span(o - 3, o + 4, "C")]
    same_extent = [Span(o, o + 1, lab) for o in where for lab in "ABC"]
    arcs = [Relation((o - 3, o - 1, "B"), (o, o + 1, "A"), "REL") for o in where]
    arc_spans = [Span(o, o + 1, "A") for o in where] + [Span(o - 3, o - 1, "B") for o in where]
    return {
        "in a span": (one, [], False),
        "nested 3 deep": (nested, [], False),
        "same extent 3 labels": (same_extent, [], False),
        "selected": (one, [], True),
        "with a relation arc": (arc_spans, arcs, False),
    }


@pytest.mark.parametrize("point_size", [9.0, 11.5, 17.0, 26.0])
def test_every_vietnamese_letter_keeps_its_ink_inside_spans(qtbot, point_size):
    assert len(LETTERS) == 134
    text, where = _text()
    view = _view(qtbot, point_size)
    view.set_article(text, Layer(text, []), None)
    plain = _inks(view, where)
    assert all(plain), "every letter has ink outside spans"
    # the cell holds the whole letter: no mark reaches out of the line's ink box
    assert _inks(view, where, whole_line=True) == plain
    for name, (spans, relations, select) in _situations(text, where).items():
        layer = Layer(text, spans, relations=relations)
        view.set_article(text, layer, None)
        if select:
            for span in spans:  # every letter's span selected in turn would be slow: select each line's first
                view.set_selected_span(span)
                break
        got = _inks(view, where)
        bad = [LETTERS[i] for i, (a, b) in enumerate(zip(plain, got, strict=True)) if a != b]
        assert not bad, f"{name} at {point_size} pt: the ink of {''.join(bad)} differs from the same letter outside spans"


def test_selected_span_and_text_selection_leave_every_letter_whole(qtbot):
    text, where = _text()
    view = _view(qtbot, 11.5)
    view.set_article(text, Layer(text, []), None)
    plain = _inks(view, where)
    spans = [Span(o, o + 1, "A") for o in where]
    layer = Layer(text, spans)
    view.set_article(text, layer, None)
    bad = []
    for i, span in enumerate(spans):
        view.set_selected_span(span)
        img = _render(view)
        if _ink(img, _cell(view, where[i])) != plain[i]:
            bad.append(LETTERS[i])
    assert not bad, f"selected: {''.join(bad)}"
    view.set_selected_span(None)
    view.select_range(0, len(text))  # everything selected: the selection colour is under the text
    view.verticalScrollBar().setValue(0)
    got = _inks(view, where)
    assert [LETTERS[i] for i, (a, b) in enumerate(zip(plain, got, strict=True)) if a != b] == []


README_NESTED = "Ông Phan Văn Đăng - Phó Chủ tịch Thường trực UBND tỉnh Bình Thuận ký kết với Hàn Quốc."


def test_nested_example_no_outline_pixel_on_text_ink(qtbot):
    """[TITLE Phó Chủ tịch Thường trực [ORG_VN UBND tỉnh [LOC_VN Bình Thuận]]], selected, with arcs."""
    text = README_NESTED
    t0 = text.index("Phó")
    o0 = text.index("UBND")
    l0 = text.index("Bình")
    end = text.index(" ký")
    per = (text.index("Phan"), text.index(" -"), "PER_VN")
    spans = [Span(t0, end, "TITLE"), Span(o0, end, "ORG_VN"), Span(l0, end, "LOC_VN"), Span(*per)]
    rels = [Relation(per, (t0, end, "TITLE"), "HAS_TITLE"), Relation((t0, end, "TITLE"), (o0, end, "ORG_VN"), "TITLE_OF")]
    for width in (1000, 420, 260):  # one line; wrapped inside the nested spans
        for size in (9.0, 11.5, 20.0):
            view = _view(qtbot, size)
            view.resize(width, 600)
            layer = Layer(text, spans, relations=rels)
            view.set_article(text, layer, None)
            view.set_selected_span(spans[1])
            view.set_emphasis({spans[0].key: "#dc2626"})
            ink = _ink_mask(_pixels(_render(view, frozenset({"text"}))))
            deco = _pixels(_render(view, frozenset({"outlines", "chips", "arcs", "caret"})))
            assert ink.any()
            painted = (deco != 255).any(axis=2)
            on_ink = np.argwhere(ink & painted)
            assert len(on_ink) == 0, f"width {width}, {size} pt: {len(on_ink)} outline/chip/arc pixels on text ink, e.g. {on_ink[:5].tolist()}"
            # each of the three nested labels keeps a visible area of its own colour, not a thin strip
            full = _pixels(_render(view))
            for sp in spans[:3]:
                c = QColor(layer.style(sp).color)
                n = int(((full[:, :, 0] == c.red()) & (full[:, :, 1] == c.green()) & (full[:, :, 2] == c.blue())).sum())
                assert n > 150, (sp.label, width, size, n)
