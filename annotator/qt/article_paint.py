"""Painting the article's decorations: span fills and outlines, the text selection, caption chips,
relation arcs and the caret — all painted *before* the text, in the places `article_layout`
reserved around each line's ink, so nothing ever covers a glyph.

`ArticleView.paint` gathers what is selected into a `PaintState` and calls `BlockPainter` for
each block in view, then draws the block's text on top.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QPainter, QPainterPath, QPen, QPixmap, QPolygonF

from annotator.core.document import RelationKey, SpanKey
from annotator.qt.article_layout import BlockLayout, Metrics, line_x
from annotator.qt.layers import SpanLayer

SELECTION_COLOR = "#60a5fa"  # the text selection: saturated blue, unlike every (pastel) label colour
SELECTED_SPAN_COLOR = "#1d4ed8"
SELECTED_RELATION_COLOR = "#1d4ed8"


@dataclass(frozen=True, slots=True)
class PaintState:
    """What the view shows selected, for one paint. Positions are Qt (UTF-16) positions of the text."""

    layer: SpanLayer | None
    metrics: Metrics
    selected_span: SpanKey | None
    selected_relation: RelationKey | None
    emphasis: dict[SpanKey, str]
    selection: tuple[int, int] | None
    caret: int | None
    caret_block_start: int  # code point where the caret's block starts
    base: QBrush
    text: QColor
    ratio: float


class _Part:
    """A block's layout restricted to the items of some rows (the rest is read from the block)."""

    __slots__ = ("arcs", "chips", "fragments", "whole")

    def __init__(self, whole: BlockLayout, fragments, chips, arcs) -> None:
        self.whole, self.fragments, self.chips, self.arcs = whole, fragments, chips, arcs

    def __getattr__(self, name: str):
        return getattr(self.whole, name)


class BlockPainter:
    """Paints one block's decorations; keeps the colour and caption-chip caches of a view."""

    def __init__(self) -> None:
        self._colors: dict[str, QColor] = {}
        self._chips: dict[tuple, QPixmap] = {}

    def clear(self) -> None:
        self._chips.clear()

    def color(self, name: str) -> QColor:
        c = self._colors.get(name)
        if c is None:
            c = self._colors[name] = QColor(name)
        return c

    def chip(self, caption: str, color: str, width: float, height: float, st: PaintState) -> QPixmap:
        """A label caption as a small coloured chip (cached: painting many is then cheap)."""
        key = (caption, color, int(height * 4), st.ratio)
        pm = self._chips.get(key)
        if pm is None:
            ratio = st.ratio
            w, h = max(1, int(width + 0.5)), max(1, int(height + 0.5))
            pm = QPixmap(int(w * ratio), int(h * ratio))
            pm.setDevicePixelRatio(ratio)
            pm.fill(Qt.GlobalColor.transparent)
            p = QPainter(pm)
            p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
            c = QColor(color)
            p.setPen(QPen(c.darker(170), 1.0))
            p.setBrush(c)
            p.drawRoundedRect(QRectF(0.5, 0.5, w - 1, h - 1), 3, 3)
            p.setFont(st.metrics.caption_font)
            p.setPen(QColor("#1f2937"))
            p.drawText(QRectF(0, 0, w, h), Qt.AlignmentFlag.AlignCenter, caption)
            p.end()
            self._chips[key] = pm
        return pm

    def paint_decorations(self, painter: QPainter, bl: BlockLayout, top: float, st: PaintState, parts,
                          clip: QRectF | None = None) -> None:
        """Everything of block `bl` but its text, at viewport y `top` (the text is drawn after, on top).

        `clip`: the viewport area being repainted; what lies outside it is skipped (an edit
        repaints a line or two, not every span of the paragraph).
        """
        layer = st.layer
        if layer is None:
            return
        if clip is not None:
            local = clip.translated(0, -top)
            y0, y1 = local.top(), local.bottom()
            if y0 > 0 or y1 < bl.height:  # part of the block: keep what crosses those rows
                fragments = [f for f in bl.fragments if f.rect.bottom() >= y0 and f.rect.top() <= y1]
                chips = [c for c in bl.chips if c.rect.bottom() >= y0 and c.rect.top() <= y1]
                bl = _Part(bl, fragments, chips, [a for a in bl.arcs if bl.lines[a.line].bottom >= y0
                                                  and bl.lines[a.line].top <= y1])
        q_sel = st.selection
        style = layer.style
        painter.save()
        painter.translate(0, top)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        painter.setPen(Qt.PenStyle.NoPen)
        # 1. fills: outer (higher rank) first, inner drawn over them
        for f in sorted(bl.fragments, key=lambda f: -f.rank) if "fills" in parts else ():
            sty = style(f.span)
            if sty.fill:  # a pending suggestion is an outline only
                painter.fillRect(f.rect, self.color(sty.color))
        # 2. the text selection, under the text
        if q_sel is not None and "selection" in parts:
            a, b = q_sel[0] - bl.qbase, q_sel[1] - bl.qbase
            for k, ln in enumerate(bl.lines):
                lo, hi = max(a, ln.qstart), min(b, ln.qend)
                line = bl.layout.lineAt(k)
                if lo < hi or (lo == hi and a <= ln.qend < b and k == len(bl.lines) - 1):
                    x1 = line_x(line, lo)
                    x2 = line_x(line, hi) if lo < hi else x1 + 4
                    if hi == ln.qend and k == len(bl.lines) - 1 and b > ln.qend:
                        x2 += 4  # the selection goes on past the line break
                    painter.fillRect(QRectF(x1, ln.ink_top, max(1.0, x2 - x1), ln.ink_bottom - ln.ink_top), self.color(SELECTION_COLOR))
        # 3. outlines (outside the ink box by construction)
        selected = st.selected_span
        emphasis = st.emphasis
        special = []
        plain: dict[str, list[QRectF]] = {}
        for f in bl.fragments if "outlines" in parts else ():
            sty = style(f.span)
            if f.span.key == selected or f.span.key in emphasis or sty.dashed:
                special.append((f, sty))
            else:
                color = sty.outline or QColor(sty.color).darker(160).name()
                plain.setdefault(color, []).append(f.rect.adjusted(0, 0, -1, -1))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        for color, rects in plain.items():
            painter.setPen(QPen(self.color(color), 1.0))
            painter.drawRects(rects)
        if special:
            painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
            for f, sty in special:
                emph = emphasis.get(f.span.key)
                is_sel = f.span.key == selected
                # a relation's ends (or the head being drawn) keep their dashed red / purple even when selected
                pen = QPen(self.color(emph or (SELECTED_SPAN_COLOR if is_sel else (sty.outline or sty.color))))
                width = 2.0 if (emph or is_sel) else 1.0
                pen.setWidthF(width)
                if sty.dashed or emph:
                    pen.setStyle(Qt.PenStyle.DashLine)
                painter.setPen(pen)
                # the stroke stays inside the box, so it never reaches the ink (or the next line)
                painter.drawRoundedRect(f.rect.adjusted(width / 2, width / 2, -width / 2, -width / 2), 2, 2)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        # 4. caption chips, in the gap after each span's last glyph
        for c in bl.chips if "chips" in parts else ():
            sty = style(c.span)
            painter.drawPixmap(c.rect.topLeft(), self.chip(sty.caption, sty.chip or sty.color, c.rect.width(), c.rect.height(), st))
        # 5. relation arcs, in the room above the lines
        if bl.arcs and "arcs" in parts:
            self.paint_arcs(painter, bl, st)
        # 6. the caret
        if st.caret is not None and "caret" in parts and st.caret_block_start == bl.start:
            q = st.caret - bl.qbase
            k = bl.line_of(q)
            ln = bl.lines[k]
            x = line_x(bl.layout.lineAt(k), q)
            painter.fillRect(QRectF(x - 0.5, ln.ink_top, 1.0, ln.ink_bottom - ln.ink_top), st.text)
        painter.restore()

    def paint_arcs(self, painter: QPainter, bl: BlockLayout, st: PaintState) -> None:
        layer = st.layer
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        selected = st.selected_relation
        m = st.metrics
        for a in bl.arcs:
            rs = layer.relation_style(a.relation)
            is_sel = a.relation.key == selected
            color = self.color(SELECTED_RELATION_COLOR if is_sel else rs.color)
            pen = QPen(color, 2.0 if is_sel else 1.2)
            if rs.dashed:
                pen.setStyle(Qt.PenStyle.DashLine)
            painter.setPen(pen)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            path = QPainterPath()
            y = a.y
            yb = None
            if a.head_leg is not None:
                path.moveTo(a.head_leg, a.head_bottom)
                path.lineTo(a.head_leg, y)
            else:  # the arc comes from another line: start at the edge
                path.moveTo(a.x2 if a.x1 == a.tail_leg else a.x1, y)
            if a.tail_leg is not None:
                path.lineTo(a.tail_leg, y)
                yb = a.tail_bottom
                path.lineTo(a.tail_leg, yb - 1)
                xb = a.tail_leg
            else:  # the arc goes on to another line: end at the edge
                path.lineTo(a.x2 if a.x1 == a.head_leg else a.x1, y)
            painter.drawPath(path)
            if yb is not None:  # arrowhead at the tail
                painter.setBrush(color)
                painter.setPen(Qt.PenStyle.NoPen)
                painter.drawPolygon(QPolygonF([QPointF(xb - 3.5, yb - 6), QPointF(xb + 3.5, yb - 6), QPointF(xb, yb - 0.5)]))
            if a.label:
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(st.base)
                painter.drawRoundedRect(a.label_rect, 3, 3)
                painter.setPen(color)
                painter.setFont(m.caption_font)
                painter.drawText(a.label_rect, Qt.AlignmentFlag.AlignCenter, rs.caption)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        painter.setBrush(Qt.BrushStyle.NoBrush)
