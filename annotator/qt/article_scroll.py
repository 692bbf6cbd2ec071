"""The article view's geometry: display blocks laid out on demand, their heights, scrolling, positions.

A mixin of `ArticleView` (`annotator.qt.article_view`): the blocks in view (and a little below)
are laid out with `BlockLayout.build` and cached (`MAX_CACHED_BLOCKS`); the others have an
estimated height until they come into view, and the view keeps its top block in place when an
estimate above it is corrected. Positions convert between viewport points and code points.
"""

from __future__ import annotations

from bisect import bisect_right
from itertools import accumulate

from PySide6.QtCore import QPointF, QRect, QRectF

from annotator.core.document import Span, SpanKey
from annotator.qt.article_layout import MARGIN_X, PARAGRAPH_GAP, BlockLayout, line_pad, line_x

MAX_CACHED_BLOCKS = 400


class BlockScrolling:
    """Block layouts, heights and scrolling of the article view (mixed into `ArticleView`)."""

    def laid_out_blocks(self) -> set[int]:
        """Display blocks laid out now (only those that came into view are)."""
        return set(self._cache)

    @property
    def block_count(self) -> int:
        return len(self.blocks)

    # -- geometry --------------------------------------------------------------------------------
    def _reset_geometry(self) -> None:
        self._cache.clear()
        n = len(self.blocks)
        self._heights = [self._estimate(b) for b in range(n)]
        self._exact = [False] * n
        self._tops_dirty = True
        self._update_scrollbar()

    def _avail_width(self) -> float:
        return max(80.0, float(self.viewport().width()))

    def _estimate(self, b: int) -> float:
        m = self.metrics
        chars = self.blocks.ends[b] - self.blocks.starts[b]
        per_line = max(1.0, (self._avail_width() - 2 * MARGIN_X) / max(1.0, m.avg_char))
        lines = max(1, -(-chars // int(per_line)))
        pitch = m.ink_above + m.ink_below + 2 * line_pad()
        if self.layer is not None and self.layer.block_spans(b):
            pitch += 6
        return lines * pitch + (PARAGRAPH_GAP if self.blocks.hard[b] else 0.0)

    def _tops_now(self) -> list[float]:
        if self._tops_dirty:
            self._tops = [0.0, *accumulate(self._heights)]
            self._tops_dirty = False
        return self._tops

    def _update_scrollbar(self) -> None:
        total = self._tops_now()[-1]
        vh = self.viewport().height()
        bar = self.verticalScrollBar()
        bar.blockSignals(True)
        bar.setRange(0, max(0, int(total + 8 - vh)))
        bar.setPageStep(max(1, vh))
        bar.setSingleStep(max(1, int(self.metrics.ink_above + self.metrics.ink_below)))
        bar.blockSignals(False)

    def block_layout(self, b: int) -> BlockLayout:
        """Block `b` laid out (cached; its exact height replaces the estimate)."""
        bl = self._cache.get(b)
        if bl is not None:
            self._cache.move_to_end(b)
            return bl
        layer = self.layer
        start, end = self.blocks.starts[b], self.blocks.ends[b]
        spans = layer.block_spans(b) if layer is not None else []
        relations = layer.block_relations(b) if layer is not None else []
        lookup = self._span_lookup
        bl = BlockLayout.build(
            self.text, start, end, self.blocks.hard[b], self.offsets.to_qt(start), self.offsets.to_qt,
            spans, self._caption_block, b, relations, lookup,
            layer.style if layer is not None else None,
            layer.relation_style if layer is not None else None,
            self.metrics, self._avail_width(), self.viewport(),
        )
        self._cache[b] = bl
        if len(self._cache) > MAX_CACHED_BLOCKS:
            self._cache.popitem(last=False)
        if bl.height != self._heights[b] or not self._exact[b]:
            if bl.height != self._heights[b]:
                self._tops_dirty = True
            self._heights[b] = bl.height
            self._exact[b] = True
        return bl

    def _caption_block(self, span: Span) -> int:
        return self.blocks.block_of(max(span.start, span.end - 1))

    def _span_lookup(self, key: SpanKey) -> Span | None:
        layer = self.layer
        if layer is None:
            return None
        for s in layer.block_spans(self.blocks.block_of(key[0])):
            if s.key == key:
                return s
        return None

    def _block_at_y(self, y: float) -> int:
        tops = self._tops_now()
        return max(0, min(len(self.blocks) - 1, bisect_right(tops, y) - 1))

    def _top_anchor(self) -> tuple[int, float]:
        y = self.verticalScrollBar().value()
        b = self._block_at_y(y)
        return b, y - self._tops_now()[b]

    def _restore_anchor(self, anchor: tuple[int, float]) -> None:
        b, dy = anchor
        b = min(b, len(self.blocks) - 1)
        self.block_layout(b)
        dy = min(dy, self._heights[b])
        self._update_scrollbar()
        bar = self.verticalScrollBar()
        bar.blockSignals(True)
        bar.setValue(int(self._tops_now()[b] + dy))
        bar.blockSignals(False)
        self._prepare()

    def _prepare(self) -> None:
        """Lay out the blocks in view (and a little below); keep the top of the view where it is."""
        if self._preparing:
            return
        self._preparing = True
        try:
            bar = self.verticalScrollBar()
            vh = self.viewport().height()
            if bar.maximum() > 0 and bar.value() >= bar.maximum():
                # scrolled to the end: the end stays in view whatever the estimates above were
                k, covered = len(self.blocks) - 1, 0.0
                while k >= 0 and covered < vh * 1.25:
                    self.block_layout(k)
                    covered += self._heights[k]
                    k -= 1
                self._update_scrollbar()
                bar.blockSignals(True)
                bar.setValue(bar.maximum())
                bar.blockSignals(False)
            for _ in range(4):
                y = bar.value()
                b = self._block_at_y(y)
                dy = y - self._tops_now()[b]
                changed = False
                k = b
                while k < len(self.blocks):
                    was = self._heights[k]
                    self.block_layout(k)
                    changed |= was != self._heights[k]
                    if self._tops_now()[k + 1] - y > vh * 1.25:
                        break
                    k += 1
                if not changed:
                    break
                self._update_scrollbar()
                bar.blockSignals(True)
                bar.setValue(int(self._tops_now()[b] + min(dy, self._heights[b])))
                bar.blockSignals(False)
        finally:
            self._preparing = False

    def _on_scrolled(self, _value: int) -> None:
        self._prepare()
        self.viewport().update()

    def _visible_blocks(self) -> list[int]:
        self._prepare()
        y = self.verticalScrollBar().value()
        vh = self.viewport().height()
        tops = self._tops_now()
        out = []
        b = self._block_at_y(y)
        while b < len(self.blocks) and tops[b] < y + vh:
            out.append(b)
            b += 1
        return out

    def _origin(self, b: int) -> float:
        """Viewport y of block b's top."""
        return self._tops_now()[b] - self.verticalScrollBar().value()

    def update_blocks(self, blocks: list[int]) -> None:
        """Lay these blocks out again and repaint what moved."""
        anchor = self._top_anchor()
        moved = False
        for b in blocks:
            self._cache.pop(b, None)
            if self._exact[b]:
                before = self._heights[b]
                self.block_layout(b)
                moved |= self._heights[b] != before
            else:
                self._heights[b] = self._estimate(b)
                self._tops_dirty = True
        if moved:
            if anchor[0] > min(blocks):
                self._restore_anchor(anchor)
            else:
                self._update_scrollbar()
                self._prepare()
            self.viewport().update()
            return
        vh = self.viewport().height()
        for b in blocks:
            top = self._origin(b)
            if top < vh and top + self._heights[b] > 0:
                self.viewport().update(QRect(0, int(top) - 1, self.viewport().width(), int(self._heights[b]) + 3))

    def update_range(self, start: int, end: int) -> None:
        """Repaint the visible blocks holding `start`..`end` (a span's outline, caption, colour)."""
        first = self.blocks.block_of(start)
        last = self.blocks.block_of(max(start, end - 1))
        vh = self.viewport().height()
        for b in range(first, last + 1):
            top = self._origin(b)
            if top >= vh:
                break
            if top + self._heights[b] > 0:
                self.viewport().update(QRect(0, int(top) - 1, self.viewport().width(), int(self._heights[b]) + 3))

    # -- positions -------------------------------------------------------------------------------
    def _local(self, offset: int) -> tuple[int, BlockLayout, int]:
        """(block, its layout, local UTF-16 position) of code point `offset`."""
        offset = max(0, min(offset, len(self.text)))
        b = self.blocks.block_of(offset)
        bl = self.block_layout(b)
        q = self.offsets.to_qt(min(offset, self.blocks.ends[b])) - bl.qbase
        return b, bl, q

    def _to_offset(self, bl: BlockLayout, q: int) -> int:
        return self.offsets.to_py(bl.qbase + q)

    def offset_at(self, point) -> int:
        """Code point before which the caret would go at viewport `point`."""
        p = QPointF(point)
        if not self.text:
            return 0
        self._prepare()
        y = p.y() + self.verticalScrollBar().value()
        if y < 0:
            return 0
        if y >= self._tops_now()[-1]:
            return len(self.text)
        b = self._block_at_y(y)
        bl = self.block_layout(b)
        y -= self._tops_now()[b]
        k = bl.line_at_y(y)
        line = bl.layout.lineAt(k)
        q = line.xToCursor(p.x(), line.CursorPosition.CursorBetweenCharacters)
        q = max(bl.lines[k].qstart, min(q, bl.lines[k].qend))
        return self._to_offset(bl, q)

    def caret_rect(self, offset: int) -> QRect:
        """Viewport rectangle of the caret before code point `offset` (lays its block out)."""
        b, bl, q = self._local(offset)
        k = bl.line_of(q)
        ln = bl.lines[k]
        x = line_x(bl.layout.lineAt(k), q)
        top = self._origin(b)
        return QRectF(x, top + ln.ink_top, 1.0, ln.ink_bottom - ln.ink_top).toAlignedRect()

    def char_rect(self, offset: int) -> QRectF:
        """Viewport cell of the character at `offset`: from its left edge to where its glyph ends."""
        b, bl, q = self._local(offset)
        q2 = self.offsets.to_qt(offset + 1) - bl.qbase
        k = bl.line_of(q)
        ln = bl.lines[k]
        x1 = line_x(bl.layout.lineAt(k), q)
        x2 = bl.glyph_end_x(k, q2) if q2 <= ln.qend else x1 + self.metrics.avg_char
        top = self._origin(b)
        return QRectF(x1, top + ln.ink_top, max(1.0, x2 - x1), ln.ink_bottom - ln.ink_top)

    def cursor_offset(self) -> int:
        return self._cursor

    def reveal(self, offset: int, center: bool = False) -> None:
        """Scroll so that the caret before `offset` is in view (centred when asked)."""
        b, bl, q = self._local(offset)
        ln = bl.lines[bl.line_of(q)]
        bar = self.verticalScrollBar()
        vh = self.viewport().height()
        y_top = self._tops_now()[b] + ln.top
        y_bottom = self._tops_now()[b] + ln.bottom
        if center:
            target = (y_top + y_bottom) / 2 - vh / 2
        elif y_top < bar.value():
            target = y_top
        elif y_bottom > bar.value() + vh:
            target = y_bottom - vh
        else:
            return
        self._update_scrollbar()
        bar.setValue(int(max(0, target)))
        self._prepare()
        # laying out what came into view may have moved the line: check once more
        b2, bl2, q2 = self._local(offset)
        ln2 = bl2.lines[bl2.line_of(q2)]
        top2 = self._origin(b2) + ln2.top
        if top2 < 0 or top2 + (ln2.bottom - ln2.top) > vh:
            bar.setValue(int(max(0, bar.value() + top2 - (vh / 2 if center else 0))))
            self._prepare()
        self.viewport().update()
