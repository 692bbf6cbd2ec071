"""The article: a read-only text view that draws a `SpanLayer` (spans, captions, relation arcs).

**What the screen shows is exactly the stored text.** The view lays the stored text out with
Qt's `QTextLayout`, one display block at a time (`TextBlocks`: paragraphs, long ones in pieces,
laid out only when they come into view), and paints everything else — span fills and outlines,
the text selection, caption chips, relation arcs, the caret — *before* the text, in room
reserved around the ink (see `annotator.qt.article_layout`). Nothing is ever painted over a
glyph.

Everything this view reports is in code-point offsets of the stored text; Qt positions stay
inside (converted by `annotator.qt.offsets`). Selections, double-click and Shift+arrows move by
grapheme cluster (Qt's boundary finder). The view never edits anything itself: it emits signals
(`label_key`, `delete_requested`, `relation_requested`, `span_clicked`, `relation_clicked`…)
that the window turns into commands. A review mode reuses it with its own layer (`set_layer`).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import OrderedDict
from itertools import accumulate

from PySide6.QtCore import QEvent, QPointF, QRect, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QFont, QGuiApplication, QPainter, QPen
from PySide6.QtWidgets import QAbstractScrollArea, QToolTip, QWidget

from annotator.core.document import Relation, Span, SpanKey
from annotator.core.tokenize import TokenIndex
from annotator.qt.article_layout import (
    MARGIN_X,
    PARAGRAPH_GAP,
    BlockLayout,
    Metrics,
    line_pad,
    line_x,
)
from annotator.qt.article_paint import BlockPainter, PaintState
from annotator.qt.layers import SpanLayer
from annotator.qt.offsets import OffsetMap, TextBlocks, grapheme_floor, widen_to_graphemes

# Shift+digit arrives as the shifted symbol on a real keyboard (US layout) and as Shift+digit from QTest.
_SHIFTED = {"!": "1", "@": "2", "#": "3", "$": "4", "%": "5", "^": "6", "&": "7", "*": "8", "(": "9", ")": "0"}
_DIGIT_KEYS = {getattr(Qt.Key, f"Key_{d}"): str(d) for d in range(10)}
MIN_POINT_SIZE, MAX_POINT_SIZE, DEFAULT_POINT_SIZE = 7, 40, 11.5
MAX_CACHED_BLOCKS = 400
ALL_PARTS = frozenset({"fills", "selection", "outlines", "chips", "arcs", "caret", "text"})
_MOVE_KEYS = {
    Qt.Key.Key_Left, Qt.Key.Key_Right, Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_Home, Qt.Key.Key_End,
    Qt.Key.Key_PageUp, Qt.Key.Key_PageDown,
}


def label_key_of(key: int, text: str, modifiers: Qt.KeyboardModifier) -> str | None:
    """The schema key ("1".."0", "shift+1"…) a key press stands for, or None."""
    if modifiers & (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier | Qt.KeyboardModifier.MetaModifier):
        return None
    shift = bool(modifiers & Qt.KeyboardModifier.ShiftModifier)
    if key in _DIGIT_KEYS:
        return f"shift+{_DIGIT_KEYS[key]}" if shift else _DIGIT_KEYS[key]
    if text in _SHIFTED:
        return f"shift+{_SHIFTED[text]}"
    return None


class ArticleView(QAbstractScrollArea):
    label_key = Signal(str)  # a label key was pressed ("1", "shift+2", …)
    delete_requested = Signal()
    relation_requested = Signal()
    escape_pressed = Signal()
    span_clicked = Signal(object)  # Span or None (clicked outside any span)
    relation_clicked = Signal(object)  # Relation (its arc was clicked)
    relation_delete_requested = Signal(object)  # Relation selected on the page + Delete
    selection_snapped = Signal(int, int)  # a snapped selection (code points)
    selection_started = Signal()  # the user began a new text selection

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.viewport().setCursor(Qt.CursorShape.IBeamCursor)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        self.text = ""
        self.offsets = OffsetMap("")
        self.blocks = TextBlocks("")
        self.tokens: TokenIndex | None = None
        self.layer: SpanLayer | None = None
        self.selected_span: Span | None = None
        self.selected_relation: Relation | None = None
        self.emphasis: dict[SpanKey, str] = {}  # span key -> outline colour (relation ends, pending head)
        self._anchor = 0  # selection anchor and caret (code points)
        self._cursor = 0
        self._goal_x: float | None = None
        self._dragging = False
        self._click_cycle: list[Span] = []
        self._cache: OrderedDict[int, BlockLayout] = OrderedDict()
        self._heights: list[float] = [0.0]
        self._exact: list[bool] = [False]
        self._tops: list[float] = [0.0, 0.0]
        self._tops_dirty = False
        self._preparing = False
        self.painter = BlockPainter()
        self._autoscroll = QTimer(self, interval=40)
        self._autoscroll.timeout.connect(self._autoscroll_step)
        self._drag_point = QPointF()
        self.verticalScrollBar().valueChanged.connect(self._on_scrolled)
        font = QFont(self.font())
        font.setPointSizeF(max(font.pointSizeF(), DEFAULT_POINT_SIZE))
        self._apply_font(font)
        self._reset_geometry()

    # -- content ---------------------------------------------------------------------------------
    def set_article(self, text: str, layer: SpanLayer | None, tokens: TokenIndex | None = None) -> None:
        """Show `text` (the stored string) with the spans of `layer`."""
        if self.layer is not None:
            self.layer.changed.disconnect(self._on_layer_changed)
        self.text = text
        self.offsets = OffsetMap(text)
        self.blocks = layer.blocks if layer is not None and layer.text == text else TextBlocks(text)
        self.tokens = tokens
        self.layer = layer
        self.selected_span = None
        self.selected_relation = None
        self.emphasis = {}
        self._click_cycle = []
        self._anchor = self._cursor = 0
        self._goal_x = None
        if layer is not None:
            layer.changed.connect(self._on_layer_changed)
        self._reset_geometry()
        self.verticalScrollBar().setValue(0)
        self._prepare()
        self.viewport().update()

    def set_layer(self, layer: SpanLayer) -> None:
        """Swap the drawn spans (same text), e.g. for a review mode."""
        if self.layer is not None:
            self.layer.changed.disconnect(self._on_layer_changed)
        self.layer = layer
        layer.changed.connect(self._on_layer_changed)
        self.selected_span = None
        self.selected_relation = None
        self.refresh()

    def refresh(self) -> None:
        """Lay out again from scratch (new layer, new font, new width), keeping the place in view."""
        anchor = self._top_anchor()
        self._reset_geometry()
        self._restore_anchor(anchor)
        self.viewport().update()

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

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self.refresh()
        else:
            self._update_scrollbar()
            self._prepare()

    def _on_layer_changed(self, start: int, end: int) -> None:
        layer = self.layer
        if self.selected_span is not None and layer is not None and self._span_lookup(self.selected_span.key) is None:
            self.selected_span = None
        if self.selected_relation is not None and layer is not None and self.selected_relation.key not in {
            r.key for r in layer.block_relations(self.blocks.block_of(self.selected_relation.head[0]))
        }:
            self.selected_relation = None
        if start < 0:
            self.refresh()
            return
        first = self.blocks.block_of(start)
        last = self.blocks.block_of(max(start, end - 1))
        todo = set(range(first, last + 1))
        if layer is not None:  # arcs of relations of a span in the range end in other blocks too
            for b in range(first, last + 1):
                for r in layer.block_relations(b):
                    if start <= r.head[0] <= end or start <= r.tail[0] <= end:
                        todo.add(self.blocks.block_of(r.head[0]))
                        todo.add(self.blocks.block_of(r.tail[0]))
        self.update_blocks(sorted(todo))

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

    # -- selection (code points) -----------------------------------------------------------------
    def selection_range(self) -> tuple[int, int] | None:
        if self._anchor == self._cursor:
            return None
        return min(self._anchor, self._cursor), max(self._anchor, self._cursor)

    def _set_caret(self, cursor: int, anchor: int | None = None, keep_goal: bool = False) -> None:
        had = self.selection_range() is not None
        self._cursor = max(0, min(cursor, len(self.text)))
        self._anchor = self._cursor if anchor is None else max(0, min(anchor, len(self.text)))
        if not keep_goal:
            self._goal_x = None
        if not had and self.selection_range() is not None:
            self._selection_begins()
        self.viewport().update()

    def _selection_begins(self) -> None:
        """A new text selection: the previously selected span or relation is no longer selected."""
        if self.selected_span is not None or self.selected_relation is not None:
            self.selected_relation = None
            self.span_clicked.emit(None)
            if self.selected_span is not None:
                self.set_selected_span(None)
        self.selection_started.emit()

    def select_range(self, start: int, end: int, center: bool = False) -> None:
        self._set_caret(end, start)
        self.reveal(end if not center else start, center=center)

    def clear_selection(self) -> None:
        if self._anchor != self._cursor:
            self._anchor = self._cursor
            self.viewport().update()

    def snap_selection(self) -> tuple[int, int] | None:
        """Widen the selection to whole tokens (trim spaces) and grapheme clusters; returns it or None."""
        sel = self.selection_range()
        if sel is None:
            return None
        snapped = self.tokens.snap(*sel) if self.tokens is not None else sel
        if snapped is None:
            self.clear_selection()
            return None
        snapped = widen_to_graphemes(self.text, *snapped)
        if snapped != sel:
            self._set_caret(snapped[1], snapped[0])
        self.selection_snapped.emit(*snapped)
        return snapped

    def snap(self, start: int, end: int) -> tuple[int, int] | None:
        """What `snap_selection` would make of `start`..`end` (tokens, then grapheme clusters)."""
        snapped = self.tokens.snap(start, end) if self.tokens is not None else (min(start, end), max(start, end))
        return None if snapped is None else widen_to_graphemes(self.text, *snapped)

    def set_selected_span(self, span: Span | None, reveal: bool = False) -> None:
        old, self.selected_span = self.selected_span, span
        if span is not None:
            self.selected_relation = None
        if span is not None and reveal:
            self._set_caret(span.start)
            self.reveal(span.start, center=True)
            self.viewport().update()
            return
        for s in (old, span):
            if s is not None:
                self.update_range(s.start, s.end)

    def set_selected_relation(self, relation: Relation | None) -> None:
        self.selected_relation = relation
        if relation is not None:
            self.selected_span = None
        self.viewport().update()

    def set_emphasis(self, emphasis: dict[SpanKey, str]) -> None:
        old, self.emphasis = self.emphasis, dict(emphasis)
        for key in {*old, *self.emphasis}:
            self.update_range(key[0], key[1])

    def span_rects(self, span: Span) -> list[QRectF]:
        """Viewport rectangles of the pieces (one per line) of a span that are in view."""
        out: list[QRectF] = []
        for b in self._visible_blocks():
            top = self._origin(b)
            out += [f.rect.translated(0, top) for f in self.block_layout(b).fragments if f.span.key == span.key]
        return out

    def chip_rect(self, span: Span) -> QRectF | None:
        """Viewport rectangle of a span's caption chip, when it is in view."""
        for b in self._visible_blocks():
            for c in self.block_layout(b).chips:
                if c.span.key == span.key:
                    return c.rect.translated(0, self._origin(b))
        return None

    def chip_at(self, point: QPointF) -> Span | None:
        for b in self._visible_blocks():
            top = self._origin(b)
            for c in self.block_layout(b).chips:
                if c.rect.translated(0, top).contains(point):
                    return c.span
        return None

    def arc_rects(self, relation: Relation) -> list[QRectF]:
        """Viewport rectangles where a click selects `relation` (its arcs in view)."""
        out: list[QRectF] = []
        for b in self._visible_blocks():
            top = self._origin(b)
            for a in self.block_layout(b).arcs:
                if a.relation.key == relation.key:
                    out += [r.translated(0, top) for r in a.hit_rects()]
        return out

    def arc_at(self, point: QPointF) -> Relation | None:
        for b in self._visible_blocks():
            top = self._origin(b)
            local = QPointF(point.x(), point.y() - top)
            for a in self.block_layout(b).arcs:
                if any(r.contains(local) for r in a.hit_rects()):
                    return a.relation
        return None

    # -- zoom and find ---------------------------------------------------------------------------
    def zoom(self, steps: int) -> None:
        size = self.font().pointSizeF() if self.font().pointSizeF() > 0 else 10.0
        self.set_point_size(size + steps)

    def set_point_size(self, size: float) -> None:
        font = QFont(self.font())
        font.setPointSizeF(min(MAX_POINT_SIZE, max(MIN_POINT_SIZE, size)))
        self._apply_font(font)
        self.refresh()

    def point_size(self) -> float:
        return self.font().pointSizeF()

    def _apply_font(self, font: QFont) -> None:
        self.setFont(font)
        self.metrics = Metrics.of(font)
        self.caption_font = self.metrics.caption_font
        self.painter.clear()

    def find_text(self, needle: str, backwards: bool = False) -> tuple[int, int] | None:
        """Find `needle` (case-insensitive) in the stored text from the cursor; select it."""
        if not needle:
            return None
        pattern = re.compile(re.escape(needle), re.IGNORECASE)
        sel = self.selection_range() or (self._cursor, self._cursor)
        here = sel[0] if backwards else sel[1]
        if backwards:
            hits = list(pattern.finditer(self.text, 0, here))
            if not hits:
                hits = list(pattern.finditer(self.text, here))
            m = hits[-1] if hits else None
        else:
            m = pattern.search(self.text, here) or pattern.search(self.text, 0)
        if m is None:
            return None
        self.select_range(m.start(), m.end(), center=True)
        return m.start(), m.end()

    # -- caret movement --------------------------------------------------------------------------
    def _next_position(self, offset: int, forward: bool, words: bool = False) -> int:
        """The next caret position: one grapheme cluster (or word) on, across block boundaries."""
        if forward and offset >= len(self.text):
            return len(self.text)
        if not forward and offset <= 0:
            return 0
        b, bl, q = self._local(offset)
        mode = bl.layout.CursorMode.SkipWords if words else bl.layout.CursorMode.SkipCharacters
        start, end = self.blocks.starts[b], self.blocks.ends[b]
        if forward:
            if offset >= end:  # on the separator: to the next block
                return min(len(self.text), end + (1 if self.blocks.hard[b] else 0))
            return self._to_offset(bl, bl.layout.nextCursorPosition(q, mode))
        if offset <= start:
            prev = b - 1
            return self.blocks.ends[prev] if self.blocks.hard[prev] else grapheme_floor(self.text, offset - 1)
        return self._to_offset(bl, bl.layout.previousCursorPosition(q, mode))

    def _vertical_position(self, offset: int, lines: int) -> int:
        b, bl, q = self._local(offset)
        k = bl.line_of(q)
        x = self._goal_x if self._goal_x is not None else line_x(bl.layout.lineAt(k), q)
        self._goal_x = x
        k += lines
        while k < 0 and b > 0:
            b -= 1
            bl = self.block_layout(b)
            k += len(bl.lines)
        while k >= len(bl.lines) and b < len(self.blocks) - 1:
            k -= len(bl.lines)
            b += 1
            bl = self.block_layout(b)
        if k < 0:
            return 0
        if k >= len(bl.lines):
            return len(self.text)
        line = bl.layout.lineAt(k)
        qq = line.xToCursor(x, line.CursorPosition.CursorBetweenCharacters)
        qq = max(bl.lines[k].qstart, min(qq, bl.lines[k].qend))
        return self._to_offset(bl, qq)

    def _line_edge(self, offset: int, end: bool) -> int:
        b, bl, q = self._local(offset)
        ln = bl.lines[bl.line_of(q)]
        if not end:
            return self._to_offset(bl, ln.qstart)
        qe = ln.qend
        # stay before a trailing space of a wrapped line
        pos = self._to_offset(bl, qe)
        if pos > self.blocks.starts[b] and pos < self.blocks.ends[b] and self.text[pos - 1].isspace():
            pos -= 1
        return pos

    def _move(self, key: int, extend: bool, words: bool) -> None:
        cur = self._cursor
        keep_goal = key in (Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_PageUp, Qt.Key.Key_PageDown)
        if key == Qt.Key.Key_Left:
            if not extend and self.selection_range() is not None:
                new = self.selection_range()[0]
            else:
                new = self._next_position(cur, False, words)
        elif key == Qt.Key.Key_Right:
            if not extend and self.selection_range() is not None:
                new = self.selection_range()[1]
            else:
                new = self._next_position(cur, True, words)
        elif key == Qt.Key.Key_Up:
            new = self._vertical_position(cur, -1)
        elif key == Qt.Key.Key_Down:
            new = self._vertical_position(cur, 1)
        elif key in (Qt.Key.Key_PageUp, Qt.Key.Key_PageDown):
            sign = -1 if key == Qt.Key.Key_PageUp else 1
            bar = self.verticalScrollBar()
            bar.setValue(bar.value() + sign * bar.pageStep())
            pitch = self.metrics.ink_above + self.metrics.ink_below + 2 * line_pad()
            new = self._vertical_position(cur, sign * max(1, int(self.viewport().height() / pitch) - 1))
        elif key == Qt.Key.Key_Home:
            new = 0 if words else self._line_edge(cur, end=False)
        else:  # End
            new = len(self.text) if words else self._line_edge(cur, end=True)
        goal = self._goal_x
        self._set_caret(new, self._anchor if extend else None, keep_goal=keep_goal)
        if keep_goal:
            self._goal_x = goal
        self.reveal(new)

    def copy(self) -> None:
        """Put the selected stored text on the clipboard (exactly as stored)."""
        sel = self.selection_range()
        if sel is not None:
            QGuiApplication.clipboard().setText(self.text[sel[0] : sel[1]])

    # -- input -----------------------------------------------------------------------------------
    def keyPressEvent(self, event) -> None:
        key, mods = event.key(), event.modifiers()
        lk = label_key_of(key, event.text(), mods)
        ctrl = bool(mods & Qt.KeyboardModifier.ControlModifier)
        plain = not (mods & (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier))
        if lk is not None:
            self.label_key.emit(lk)
        elif key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and plain:
            if self.selected_relation is not None and self.selected_span is None:
                self.relation_delete_requested.emit(self.selected_relation)
            else:
                self.delete_requested.emit()
        elif key == Qt.Key.Key_R and plain and not (mods & Qt.KeyboardModifier.ShiftModifier):
            self.relation_requested.emit()
        elif key == Qt.Key.Key_Escape:
            self.escape_pressed.emit()
        elif key in _MOVE_KEYS and not (mods & Qt.KeyboardModifier.AltModifier):
            self._move(key, bool(mods & Qt.KeyboardModifier.ShiftModifier), ctrl)
        elif ctrl and key == Qt.Key.Key_C:
            self.copy()
        elif ctrl and key == Qt.Key.Key_A:
            self._set_caret(len(self.text), 0)
        else:
            event.ignore()

    def mousePressEvent(self, event) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            return
        self.setFocus(Qt.FocusReason.MouseFocusReason)
        pos = event.position()
        offset = self.offset_at(pos)
        if event.modifiers() & Qt.KeyboardModifier.ShiftModifier:
            self._set_caret(offset, self._anchor)
        else:
            self._set_caret(offset)
        self._dragging = True
        self._drag_point = pos

    def mouseMoveEvent(self, event) -> None:
        if not self._dragging or not (event.buttons() & Qt.MouseButton.LeftButton):
            return
        pos = event.position()
        self._drag_point = pos
        self._set_caret(self.offset_at(pos), self._anchor)
        vh = self.viewport().height()
        if pos.y() < 0 or pos.y() > vh:
            if not self._autoscroll.isActive():
                self._autoscroll.start()
        else:
            self._autoscroll.stop()

    def _autoscroll_step(self) -> None:
        if not self._dragging:
            self._autoscroll.stop()
            return
        bar = self.verticalScrollBar()
        y = self._drag_point.y()
        vh = self.viewport().height()
        step = int(y if y < 0 else y - vh)
        bar.setValue(bar.value() + max(-60, min(60, step)))
        self._set_caret(self.offset_at(QPointF(self._drag_point.x(), min(max(y, 0), vh - 1))), self._anchor)

    def mouseReleaseEvent(self, event) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            return
        self._dragging = False
        self._autoscroll.stop()
        if self.selection_range() is not None:
            self._click_cycle = []
            self.snap_selection()
            return
        pos = event.position()
        chip = self.chip_at(pos)
        if chip is not None:  # a click on a label caption selects its span
            self._click_cycle = []
            self.span_clicked.emit(chip)
            return
        arc = self.arc_at(pos)
        if arc is not None:
            self._click_cycle = []
            self.set_selected_relation(arc)
            self.relation_clicked.emit(arc)
            return
        if self.selected_relation is not None:
            self.set_selected_relation(None)
        offset = self.offset_at(pos)
        layer = self.layer
        hits = [s for s in layer.spans_at(offset) if self._point_in_span(pos, s)] if layer is not None else []
        if not hits and layer is not None and offset > 0:
            # the caret may sit just after a span's last character: try the character before
            hits = [s for s in layer.spans_at(offset - 1) if self._point_in_span(pos, s)]
        if not hits and layer is not None:
            hits = layer.spans_at(offset)
        if hits and hits == self._click_cycle and self.selected_span in hits:
            # clicking again on nested spans walks outwards: inner -> outer -> inner …
            span = hits[(hits.index(self.selected_span) + 1) % len(hits)]
        else:
            span = hits[0] if hits else None
        self._click_cycle = hits
        self.span_clicked.emit(span)

    def _point_in_span(self, point: QPointF, span: Span) -> bool:
        return any(r.contains(point) for r in self.span_rects(span))

    def mouseDoubleClickEvent(self, event) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            return
        offset = self.offset_at(event.position())
        tok = None
        if self.tokens is not None:
            tok = self.tokens.token_at(offset) or (self.tokens.token_at(offset - 1) if offset > 0 else None)
        if tok is None and offset < len(self.text) and not self.text[offset].isspace():
            tok = (offset, offset + 1)
        if tok is not None:
            start, end = widen_to_graphemes(self.text, tok[0], tok[1])
            self._set_caret(end, start)
            self.selection_snapped.emit(start, end)
        self._dragging = False

    def tooltip_at(self, point: QPointF) -> str | None:
        """What hovering at viewport `point` explains: the caption chip's, arc's or spans' text.

        Captions of spans ending at the same place look alike (e.g. two `PER_VN 1/2` of review
        candidates with other starts): the tooltip quotes each span's text.
        """
        layer = self.layer
        if layer is None:
            return None
        chip = self.chip_at(point)
        if chip is not None:
            return f"{layer.style(chip).caption}: “{chip.text_in(self.text)}”"
        arc = self.arc_at(point)
        if arc is not None:
            head, tail = self.text[arc.head[0] : arc.head[1]], self.text[arc.tail[0] : arc.tail[1]]
            return f"“{head}” → {layer.relation_style(arc).caption} → “{tail}”"
        offset = self.offset_at(point)
        hits = [s for s in layer.spans_at(offset) if self._point_in_span(point, s)]
        if not hits:
            return None
        return "\n".join(f"{layer.style(s).caption}: “{s.text_in(self.text)}”" for s in hits)

    def viewportEvent(self, event) -> bool:
        if event.type() == QEvent.Type.ToolTip:
            tip = self.tooltip_at(QPointF(event.pos()))
            if tip:
                QToolTip.showText(event.globalPos(), tip, self.viewport())
            else:
                QToolTip.hideText()
                event.ignore()
            return True
        return super().viewportEvent(event)

    def focusInEvent(self, event) -> None:
        super().focusInEvent(event)
        self.viewport().update()

    def focusOutEvent(self, event) -> None:
        super().focusOutEvent(event)
        self.viewport().update()

    # -- painting --------------------------------------------------------------------------------
    def paintEvent(self, event) -> None:
        painter = QPainter(self.viewport())
        try:
            self.paint(painter, QRectF(event.rect()))
        finally:
            painter.end()

    def paint(self, painter: QPainter, exposed: QRectF, parts: frozenset[str] = ALL_PARTS) -> None:
        """Paint the view: everything around the text first, then the text on top.

        `parts` chooses what is painted (a subset of `ALL_PARTS`: ``fills``, ``selection``,
        ``outlines``, ``chips``, ``arcs``, ``caret``, ``text``); the window always paints all.
        The tests paint parts alone to check that no outline lies on a text pixel.
        """
        painter.fillRect(exposed, self.palette().base())
        blocks = self._visible_blocks()
        sel = self.selection_range()
        caret = None
        if self.hasFocus() and sel is None:
            caret = self.offsets.to_qt(min(self._cursor, self.blocks.ends[self.blocks.block_of(self._cursor)]))
        state = PaintState(
            layer=self.layer,
            metrics=self.metrics,
            selected_span=self.selected_span.key if self.selected_span is not None else None,
            selected_relation=self.selected_relation.key if self.selected_relation is not None else None,
            emphasis=self.emphasis,
            selection=None if sel is None else (self.offsets.to_qt(sel[0]), self.offsets.to_qt(sel[1])),
            caret=caret,
            caret_block_start=self.blocks.starts[self.blocks.block_of(self._cursor)],
            base=self.palette().base(),
            text=self.palette().text().color(),
            ratio=self.devicePixelRatioF(),
        )
        text_pen = QPen(state.text)
        for b in blocks:
            top = self._origin(b)
            bl = self.block_layout(b)
            if top > exposed.bottom() or top + bl.height < exposed.top():
                continue
            self.painter.paint_decorations(painter, bl, top, state, parts)
            if "text" in parts:
                painter.setPen(text_pen)
                bl.layout.draw(painter, QPointF(0, top))
