"""The article: a read-only text view that draws a `SpanLayer` (spans, captions, relation arcs).

**What the screen shows is exactly the stored text.** The view lays the stored text out with
Qt's `QTextLayout`, one display block at a time (`TextBlocks`: paragraphs, long ones in pieces,
laid out only when they come into view), and paints everything else — span fills and outlines,
the text selection, caption chips, relation arcs, the caret — *before* the text, in room
reserved around the ink (see `annotator.qt.article_layout`, painted by `article_paint`). Nothing
is ever painted over a glyph. Geometry and scrolling live in `article_scroll`, keys and mouse in
`article_input` (mixins of `ArticleView`).

Everything this view reports is in code-point offsets of the stored text; Qt positions stay
inside (converted by `annotator.qt.offsets`). Selections, double-click and Shift+arrows move by
grapheme cluster (Qt's boundary finder). The view never edits anything itself: it emits signals
(`label_key`, `delete_requested`, `relation_requested`, `span_clicked`, `relation_clicked`…)
that the window turns into commands. A review mode reuses it with its own layer (`set_layer`).
"""

from __future__ import annotations

from collections import OrderedDict

from PySide6.QtCore import QPointF, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QFont, QPainter, QPen
from PySide6.QtWidgets import QAbstractScrollArea, QWidget

from annotator.core.document import Relation, Span, SpanKey
from annotator.core.text import FoldedText
from annotator.core.tokenize import TokenIndex
from annotator.qt.article_input import ArticleInput, label_key_of
from annotator.qt.article_layout import (
    BlockLayout,
    Metrics,
)
from annotator.qt.article_paint import BlockPainter, PaintState
from annotator.qt.article_scroll import BlockScrolling
from annotator.qt.layers import SpanLayer
from annotator.qt.offsets import OffsetMap, TextBlocks, widen_to_graphemes

MIN_POINT_SIZE, MAX_POINT_SIZE, DEFAULT_POINT_SIZE = 7, 40, 11.5
ALL_PARTS = frozenset({"fills", "selection", "outlines", "chips", "arcs", "caret", "text"})


class ArticleView(ArticleInput, BlockScrolling, QAbstractScrollArea):
    """The article (see the module docstring); geometry in `BlockScrolling`, input in `ArticleInput`."""

    label_key = Signal(str)  # a label key was pressed ("1", "shift+2", …)
    delete_requested = Signal()
    relation_requested = Signal()
    escape_pressed = Signal()
    span_clicked = Signal(object)  # Span or None (clicked outside any span)
    relation_clicked = Signal(object)  # Relation (its arc was clicked)
    relation_delete_requested = Signal(object)  # Relation selected on the page + Delete
    selection_snapped = Signal(int, int)  # a snapped selection (code points)
    selection_started = Signal()  # the user began a new text selection
    suggestion_key = Signal(str)  # accept | accept_all | reject | next | previous (while `suggestion_keys`)

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
        self.suggestion_keys = False  # Enter/A, Shift+A, X, Tab act on suggestions (annotate mode shows them)
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
        self._folded: FoldedText | None = None
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
        self._folded = None  # the previous article's search index (as large as its text): not kept
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

    def adopt_layer(self, layer: SpanLayer, tokens: TokenIndex | None, same_spans: bool) -> None:
        """Take over `layer` (and `tokens`) for the same text, keeping the place, the selection and
        the selected span: e.g. the session's layer replacing the one painted at start-up.

        `same_spans`: the layer holds exactly the spans and relations shown, so the laid-out
        blocks stay valid; otherwise they are laid out again.
        """
        if self.layer is not None:
            self.layer.changed.disconnect(self._on_layer_changed)
        self.layer = layer
        self.tokens = tokens
        layer.changed.connect(self._on_layer_changed)
        if same_spans:
            return
        if self.selected_span is not None and self._span_lookup(self.selected_span.key) is None:
            self.selected_span = None
        self.selected_relation = None
        self.refresh()

    def refresh(self) -> None:
        """Lay out again from scratch (new layer, new font, new width), keeping the place in view."""
        anchor = self._top_anchor()
        self._reset_geometry()
        self._restore_anchor(anchor)
        self.viewport().update()

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

    # -- selection (code points) -----------------------------------------------------------------
    def selection_range(self) -> tuple[int, int] | None:
        if self._anchor == self._cursor:
            return None
        return min(self._anchor, self._cursor), max(self._anchor, self._cursor)

    def _set_caret(self, cursor: int, anchor: int | None = None, keep_goal: bool = False) -> None:
        had = self.selection_range() is not None
        before = (self._anchor, self._cursor)
        self._cursor = max(0, min(cursor, len(self.text)))
        self._anchor = self._cursor if anchor is None else max(0, min(anchor, len(self.text)))
        if not keep_goal:
            self._goal_x = None
        if not had and self.selection_range() is not None:
            self._selection_begins()
        # the lines of the old and the new selection (and caret): not the whole view
        ends = (*before, self._anchor, self._cursor)
        self.update_range(min(ends), max(ends) + 1)

    def _selection_begins(self) -> None:
        """A new text selection: the previously selected span or relation is no longer selected."""
        if self.selected_span is not None or self.selected_relation is not None:
            self.selected_relation = None
            self.span_clicked.emit(None)
            if self.selected_span is not None:
                self.set_selected_span(None)
        self.selection_started.emit()

    def caret(self) -> int:
        """The caret's code-point offset."""
        return self._cursor

    def set_caret(self, offset: int) -> None:
        """Put the caret at `offset` (code points), no text selected."""
        self._set_caret(offset)

    def select_range(self, start: int, end: int, center: bool = False) -> None:
        self._set_caret(end, start)
        self.reveal(end if not center else start, center=center)

    def clear_selection(self) -> None:
        if self._anchor != self._cursor:
            sel = self.selection_range()
            self._anchor = self._cursor
            self.update_range(sel[0], sel[1] + 1)

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
        """Find `needle` in the stored text from the cursor, as users type (`da nang` finds `Đà Nẵng`).

        Case, diacritics and `đ`/`Đ` are ignored, and a query typed in decomposed Unicode folds the
        same way (`annotator.core.text.fold`); wraps around. Selects the match; returns it or None.
        """
        if not needle:
            return None
        if self._folded is None or self._folded.text is not self.text:
            self._folded = FoldedText(self.text)  # once per article, on the first search
        sel = self.selection_range() or (self._cursor, self._cursor)
        hit = self._folded.find(needle, sel[0] if backwards else sel[1], backwards=backwards)
        if hit is not None:
            self.select_range(*hit, center=True)
        return hit

    # -- painting --------------------------------------------------------------------------------
    def paintEvent(self, event) -> None:
        painter = QPainter(self.viewport())
        try:
            # rectangle by rectangle: an edit's rows and a strip uncovered by a scroll are two
            # small rectangles whose bounding box would be most of the view
            for rect in event.region():
                self.paint(painter, QRectF(rect))
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
            self.painter.paint_decorations(painter, bl, top, state, parts, exposed)
            if "text" in parts:
                painter.setPen(text_pen)
                # only the lines in the exposed area (a repaint after an edit is a few lines)
                bl.layout.draw(painter, QPointF(0, top), [], exposed)  # clip: in the painter's coordinates, as pos


__all__ = ["ALL_PARTS", "ArticleView", "label_key_of"]
