"""The article view's geometry: display blocks laid out on demand, their heights, scrolling, positions.

A mixin of `ArticleView` (`annotator.qt.article_view`): the blocks in view (and a little below)
are laid out with `BlockLayout.build` and cached (`MAX_CACHED_BLOCKS`); the others have an
estimated height until they come into view, and the view keeps its top block in place when an
estimate above it is corrected. Positions convert between viewport points and code points.
"""

from __future__ import annotations

import math
from bisect import bisect_right
from itertools import accumulate

from PySide6.QtCore import QPointF, QRect, QRectF

from annotator.core.document import Span, SpanKey
from annotator.qt.article_layout import MARGIN_X, PARAGRAPH_GAP, BlockLayout, line_pad, line_x

MAX_CACHED_BLOCKS = 400


def _line_items(bl: BlockLayout) -> list[list[tuple]]:
    """What is drawn on each line of a laid-out block, as comparable values (geometry included)."""
    out: list[list[tuple]] = [[("g", ln.top, ln.ink_top, ln.ink_bottom, ln.bottom, ln.qstart, ln.qend)] for ln in bl.lines]
    for f in bl.fragments:
        r = f.rect
        out[f.line].append(("f", f.span.key, f.rank, r.x(), r.y(), r.width(), r.height()))
    for c in bl.chips:
        r = c.rect
        out[bl.line_at_y(r.center().y())].append(("c", c.span.key, r.x(), r.y(), r.width(), r.height()))
    for a in bl.arcs:
        lr = a.label_rect
        out[a.line].append(("a", a.relation.key, a.x1, a.x2, a.head_leg, a.tail_leg, a.label, a.level, a.y,
                            a.head_bottom, a.tail_bottom, lr.x(), lr.y(), lr.width(), lr.height()))
    for q, extra in bl.spacing.items():  # letter spacing moves the glyphs after it on its line
        out[bl.line_of(max(0, q - 1))].append(("s", q, extra))
    return out


def changed_y_range(old: BlockLayout, new: BlockLayout) -> tuple[float, float] | tuple[None, None]:
    """The y range (block coordinates of `new`) of the lines that differ between two layouts of a
    block: from the first differing line to the last one, or to the block's end when the lines
    below moved; (None, None) when nothing drawn differs."""
    before, after = _line_items(old), _line_items(new)
    changed = [k for k, (a, b) in enumerate(zip(before, after, strict=False)) if set(a) != set(b)]
    if len(before) != len(after) or old.height != new.height:
        first = changed[0] if changed else min(len(before), len(after)) - 1
        return new.lines[max(0, first)].top if new.lines else 0.0, max(old.height, new.height)
    if not changed:
        return None, None
    return new.lines[changed[0]].top, new.lines[changed[-1]].bottom


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
        # whole pixels: blocks start on a pixel row, so a block that grows moves the ones below by
        # whole pixels (`update_blocks` scrolls them instead of repainting them)
        height = float(math.ceil(bl.height - 1e-6))
        if height != self._heights[b] or not self._exact[b]:
            if height != self._heights[b]:
                self._tops_dirty = True
            self._heights[b] = height
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
        """Lay these blocks out again and repaint what changed: the lines whose text, boxes,
        chips or arcs differ (an edit repaints a line or two), everything below when a height moved."""
        anchor = self._top_anchor()
        moved = False
        dirty: list[tuple[int, float, float] | tuple[int, None, None]] = []
        old_heights: dict[int, float] = {}
        for b in blocks:
            old = self._cache.pop(b, None)
            if self._exact[b]:
                before = old_heights[b] = self._heights[b]
                bl = self.block_layout(b)
                moved |= self._heights[b] != before
                dirty.append((b, *changed_y_range(old, bl)) if old is not None else (b, 0.0, bl.height))
            else:
                self._heights[b] = self._estimate(b)
                self._tops_dirty = True
        if moved:
            vp = self.viewport()
            if anchor[0] > min(blocks):
                self._restore_anchor(anchor)
                vp.update()
                return
            value = self.verticalScrollBar().value()
            self._update_scrollbar()
            self._prepare()
            if len(dirty) == 1 and dirty[0][1] is not None and self.verticalScrollBar().value() == value:
                # one block changed height: move the pixels below it, repaint the block's changed rows
                b, y0, _ = dirty[0]
                top = self._origin(b)
                old_bottom = top + old_heights[b]
                dh = self._heights[b] - old_heights[b]
                vh = vp.height()
                if 0 <= old_bottom < vh:
                    vp.scroll(0, round(dh), QRect(0, int(old_bottom), vp.width(), vh - int(old_bottom)))
                if dh == round(dh):
                    self._update_block_rows(b, y0, self._heights[b])
                    return
            # what is above the first changed line stays; everything from there down moved
            y0 = min((self._origin(b) + y for b, y, _ in dirty if y is not None), default=0.0)
            vp.update(QRect(0, max(0, int(y0) - 2), vp.width(), vp.height()))
            return
        for b, y0, y1 in dirty:
            if y0 is not None:
                self._update_block_rows(b, y0, y1)

    def _update_block_rows(self, b: int, y0: float, y1: float) -> None:
        """Repaint block `b` from its y0 to y1 (block coordinates), where it is in view."""
        top = self._origin(b)
        vh = self.viewport().height()
        if top + y0 < vh and top + y1 > 0:
            self.viewport().update(QRect(0, int(top + y0) - 2, self.viewport().width(), int(y1 - y0) + 5))

    def update_range(self, start: int, end: int) -> None:
        """Repaint the lines in view holding `start`..`end` (a span's outline, caption, colour)."""
        first = max(self.blocks.block_of(start), self._block_at_y(self.verticalScrollBar().value()))
        last = self.blocks.block_of(max(start, end - 1))
        vh = self.viewport().height()
        for b in range(first, last + 1):
            top = self._origin(b)
            if top >= vh:
                break
            if top + self._heights[b] <= 0:
                continue
            bl = self._cache.get(b)
            if bl is None or not bl.lines:
                self._update_block_rows(b, 0.0, self._heights[b])
                continue
            lo = self.offsets.to_qt(max(start, self.blocks.starts[b])) - bl.qbase
            hi = self.offsets.to_qt(min(end, self.blocks.ends[b])) - bl.qbase
            k0, k1 = bl.line_of(lo), bl.line_of(max(lo, hi - 1))
            self._update_block_rows(b, bl.lines[k0].top, bl.lines[k1].bottom)

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
