"""The article: a read-only `QPlainTextEdit` drawing a `SpanLayer` (highlighter + painted overlay).

Everything this view reports is in code-point offsets of the stored text; Qt positions stay
inside (converted by `annotator.qt.offsets`). The view never edits anything itself: it emits
signals (`label_key`, `delete_requested`, `relation_requested`, `span_clicked`…) that the window
turns into commands. A review mode can reuse it with its own layer (`set_layer`).
"""

from __future__ import annotations

import re
from bisect import bisect_right

from PySide6.QtCore import QPoint, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPen, QPixmap, QTextCursor, QTextOption
from PySide6.QtWidgets import QPlainTextEdit, QWidget

from annotator.core.document import Span, SpanKey
from annotator.core.tokenize import TokenIndex
from annotator.qt.highlighter import CAPTION_GAP, SpanHighlighter
from annotator.qt.layers import SpanLayer
from annotator.qt.offsets import OffsetMap, display_text

# Shift+digit arrives as the shifted symbol on a real keyboard (US layout) and as Shift+digit from QTest.
_SHIFTED = {"!": "1", "@": "2", "#": "3", "$": "4", "%": "5", "^": "6", "&": "7", "*": "8", "(": "9", ")": "0"}
_DIGIT_KEYS = {getattr(Qt.Key, f"Key_{d}"): str(d) for d in range(10)}
MIN_POINT_SIZE, MAX_POINT_SIZE, DEFAULT_POINT_SIZE = 7, 40, 11.5


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


class ArticleView(QPlainTextEdit):
    label_key = Signal(str)  # a label key was pressed ("1", "shift+2", …)
    delete_requested = Signal()
    relation_requested = Signal()
    escape_pressed = Signal()
    span_clicked = Signal(object)  # Span or None (clicked outside any span)
    selection_snapped = Signal(int, int)  # a snapped selection (code points)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setReadOnly(True)
        self.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.setWordWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        self.setCenterOnScroll(False)
        self.text = ""
        self.offsets = OffsetMap("")
        self.tokens: TokenIndex | None = None
        self.layer: SpanLayer | None = None
        self.selected_span: Span | None = None
        self.emphasis: dict[SpanKey, str] = {}  # span key -> outline colour (relation ends, pending head)
        self._click_cycle: list[Span] = []
        self._formatted: set[int] = set()  # blocks the highlighter has formatted (lazily, when seen)
        self._revealing = False
        self._chips: dict[tuple[str, str, int], QPixmap] = {}
        self._frag_cache: dict[int, list] = {}
        self.highlighter = SpanHighlighter(self.document(), self)
        self.verticalScrollBar().valueChanged.connect(lambda _v: self.format_visible())
        font = QFont(self.font())
        font.setPointSizeF(max(font.pointSizeF(), DEFAULT_POINT_SIZE))
        self._apply_font(font)

    # -- content ---------------------------------------------------------------------------------
    def set_article(self, text: str, layer: SpanLayer | None, tokens: TokenIndex | None = None) -> None:
        """Show `text` (the stored string) with the spans of `layer`."""
        if self.layer is not None:
            self.layer.changed.disconnect(self._on_layer_changed)
        self.text = text
        self.offsets = OffsetMap(text)
        self.tokens = tokens
        self.layer = layer
        self.selected_span = None
        self.emphasis = {}
        self._click_cycle = []
        self._formatted = set()
        self._frag_cache = {}
        # the highlighter stays attached; it formats only the blocks in view (see `format_visible`)
        self.setPlainText(display_text(text))
        if layer is not None:
            layer.changed.connect(self._on_layer_changed)
        self.format_visible()

    def set_layer(self, layer: SpanLayer) -> None:
        """Swap the drawn spans (same text), e.g. for a review mode."""
        if self.layer is not None:
            self.layer.changed.disconnect(self._on_layer_changed)
        self.layer = layer
        layer.changed.connect(self._on_layer_changed)
        self.selected_span = None
        self.refresh()

    def refresh(self) -> None:
        """Format again from scratch (new layer, new font): the blocks in view now, others later."""
        self._formatted = set()
        self._frag_cache = {}
        self._chips.clear()
        self.highlighter.rehighlight()  # clears every block's formats (cheap: nothing is drawn)
        self.format_visible()

    def may_format(self, block: int) -> bool:
        return block in self._formatted

    def format_visible(self) -> None:
        """Format the blocks in view that have not been formatted yet (before they are painted)."""
        if self._revealing or self.layer is None:
            return
        # fast path (called on every scroll step): are the blocks from the top to below the bottom formatted?
        first = self.firstVisibleBlock().blockNumber()
        last = self.cursorForPosition(QPoint(0, int(self.viewport().height() * 1.5))).blockNumber()
        formatted = self._formatted
        last = min(last + 1, self.document().blockCount() - 1)
        if first >= 0 and all(b in formatted for b in range(first, last + 1)):
            return
        self._revealing = True
        try:
            for _ in range(3):  # formatting may change line wraps, and with them what is in view
                todo = []
                block = self.firstVisibleBlock()
                offset = self.contentOffset()
                bottom = self.viewport().height() * 1.5
                while block.isValid():
                    if self.blockBoundingGeometry(block).translated(offset).top() > bottom:
                        break
                    bn = block.blockNumber()
                    if bn not in self._formatted:
                        todo.append(block)
                    block = block.next()
                if not todo:
                    break
                for block in todo:
                    self._formatted.add(block.blockNumber())
                    self._frag_cache.pop(block.blockNumber(), None)
                    if self.layer.block_spans(block.blockNumber()):
                        self.highlighter.rehighlightBlock(block)
        finally:
            self._revealing = False

    def resizeEvent(self, event) -> None:
        if event.size().width() != event.oldSize().width():
            self._frag_cache = {}  # lines wrap differently
        super().resizeEvent(event)
        self.format_visible()

    def _on_layer_changed(self, start: int, end: int) -> None:
        if self.selected_span is not None and self.layer is not None and not any(
            s.key == self.selected_span.key for s in self.layer.spans_at(self.selected_span.start)
        ):
            self.selected_span = None
        if start < 0:
            self.refresh()
            self.viewport().update()
        else:
            self.rehighlight_range(start, end)
            self.update_range(start, end)

    def update_range(self, start: int, end: int) -> None:
        """Repaint the visible blocks holding `start`..`end` (a span's outline, caption, colour)."""
        doc = self.document()
        block = doc.findBlock(self.offsets.to_qt(start))
        last = doc.findBlock(self.offsets.to_qt(max(start, end - 1)))
        offset = self.contentOffset()
        height = self.viewport().height()
        area = QRectF()
        while block.isValid():
            geo = self.blockBoundingGeometry(block).translated(offset)
            if geo.top() > height:
                break
            if geo.bottom() >= 0:
                area = area.united(geo)
            if block == last:
                break
            block = block.next()
        if not area.isEmpty():
            self.viewport().update(area.toAlignedRect().adjusted(-4, -4, 4, 4))

    def rehighlight_range(self, start: int, end: int) -> None:
        doc = self.document()
        block = doc.findBlock(self.offsets.to_qt(start))
        last = doc.findBlock(self.offsets.to_qt(max(start, end - 1)))
        while block.isValid():
            self._frag_cache.pop(block.blockNumber(), None)
            if block.blockNumber() in self._formatted:  # the others are formatted when they come into view
                self.highlighter.rehighlightBlock(block)
            if block == last:
                break
            block = block.next()

    # -- selection (code points) -----------------------------------------------------------------
    def selection_range(self) -> tuple[int, int] | None:
        c = self.textCursor()
        if not c.hasSelection():
            return None
        return self.offsets.range_to_py(c.selectionStart(), c.selectionEnd())

    def select_range(self, start: int, end: int, center: bool = False) -> None:
        c = self.textCursor()
        c.setPosition(self.offsets.to_qt(start))
        c.setPosition(self.offsets.to_qt(end), QTextCursor.MoveMode.KeepAnchor)
        self.setTextCursor(c)
        if center:
            self.centerCursor()
        else:
            self.ensureCursorVisible()

    def clear_selection(self) -> None:
        c = self.textCursor()
        if c.hasSelection():
            c.clearSelection()
            self.setTextCursor(c)

    def snap_selection(self) -> tuple[int, int] | None:
        """Widen the selection to whole tokens (trim spaces); returns the snapped range or None."""
        sel = self.selection_range()
        if sel is None or self.tokens is None:
            return sel
        snapped = self.tokens.snap(*sel)
        if snapped is None:
            self.clear_selection()
            return None
        if snapped != sel:
            self.select_range(*snapped)
        self.selection_snapped.emit(*snapped)
        return snapped

    def set_selected_span(self, span: Span | None, reveal: bool = False) -> None:
        old, self.selected_span = self.selected_span, span
        if span is not None and reveal:
            c = self.textCursor()
            c.setPosition(self.offsets.to_qt(span.start))
            self.setTextCursor(c)
            self.centerCursor()
            self.viewport().update()
            return
        for s in (old, span):
            if s is not None:
                self.update_range(s.start, s.end)

    def set_emphasis(self, emphasis: dict[SpanKey, str]) -> None:
        old, self.emphasis = self.emphasis, dict(emphasis)
        for key in {*old, *self.emphasis}:
            self.update_range(key[0], key[1])

    def offset_at(self, point) -> int:
        return self.offsets.to_py(self.cursorForPosition(point).position())

    def span_rects(self, span: Span) -> list[QRectF]:
        """Viewport rectangles of the pieces (one per line) of a span that are in view."""
        out: list[QRectF] = []
        if self.layer is None:
            return out
        doc = self.document()
        block = doc.findBlock(self.offsets.to_qt(span.start))
        last = doc.findBlock(self.offsets.to_qt(max(span.start, span.end - 1)))
        offset = self.contentOffset()
        height = self.viewport().height()
        while block.isValid():
            geo = self.blockBoundingGeometry(block).translated(offset)
            if geo.top() > height:
                break
            if geo.bottom() >= 0:
                out += [r.translated(geo.left(), geo.top()) for s, r, _ in self._block_fragments(block, self.layer)
                        if s.key == span.key]
            if block == last:
                break
            block = block.next()
        return out

    # -- zoom and find ---------------------------------------------------------------------------
    def zoom(self, steps: int) -> None:
        font = QFont(self.font())
        size = font.pointSizeF() if font.pointSizeF() > 0 else 10.0
        font.setPointSizeF(min(MAX_POINT_SIZE, max(MIN_POINT_SIZE, size + steps)))
        self._apply_font(font)
        self.refresh()

    def set_point_size(self, size: float) -> None:
        font = QFont(self.font())
        font.setPointSizeF(min(MAX_POINT_SIZE, max(MIN_POINT_SIZE, size)))
        self._apply_font(font)
        self.refresh()

    def point_size(self) -> float:
        return self.font().pointSizeF()

    def _apply_font(self, font: QFont) -> None:
        self.setFont(font)
        caption = QFont(font)
        caption.setPointSizeF(max(6.0, font.pointSizeF() * 0.62))
        caption.setBold(True)
        self.caption_font = caption
        self.caption_font_height = QFontMetricsF(caption).height()
        self.highlighter.set_caption_font(caption)
        self._chips.clear()

    def find_text(self, needle: str, backwards: bool = False) -> tuple[int, int] | None:
        """Find `needle` (case-insensitive) in the stored text from the cursor; select it."""
        if not needle:
            return None
        pattern = re.compile(re.escape(needle), re.IGNORECASE)
        c = self.textCursor()
        here = self.offsets.to_py(c.selectionStart() if backwards else c.selectionEnd())
        if backwards:
            hits = [m for m in pattern.finditer(self.text, 0, here)]
            if not hits:
                hits = list(pattern.finditer(self.text, here))
            m = hits[-1] if hits else None
        else:
            m = pattern.search(self.text, here) or pattern.search(self.text, 0)
        if m is None:
            return None
        self.select_range(m.start(), m.end(), center=True)
        return m.start(), m.end()

    # -- input -----------------------------------------------------------------------------------
    def keyPressEvent(self, event) -> None:
        key, mods = event.key(), event.modifiers()
        lk = label_key_of(key, event.text(), mods)
        plain = not (mods & (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier))
        if lk is not None:
            self.label_key.emit(lk)
        elif key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and plain:
            self.delete_requested.emit()
        elif key == Qt.Key.Key_R and plain and not (mods & Qt.KeyboardModifier.ShiftModifier):
            self.relation_requested.emit()
        elif key == Qt.Key.Key_Escape:
            self.escape_pressed.emit()
        else:
            super().keyPressEvent(event)

    def mouseReleaseEvent(self, event) -> None:
        super().mouseReleaseEvent(event)
        if event.button() != Qt.MouseButton.LeftButton:
            return
        if self.textCursor().hasSelection():
            self._click_cycle = []
            self.snap_selection()
            return
        chip = self.chip_at(event.position())
        if chip is not None:  # a click on a label caption selects its span
            self._click_cycle = []
            self.span_clicked.emit(chip)
            return
        offset = self.offset_at(event.position().toPoint())
        hits = self.layer.spans_at(offset) if self.layer is not None else []
        if not hits:
            # the caret may sit just after a span's last character: try the character before
            hits = self.layer.spans_at(offset - 1) if self.layer is not None and offset > 0 else []
            hits = [s for s in hits if self._point_in_span(event.position(), s)]
        if hits and hits == self._click_cycle and self.selected_span in hits:
            # clicking again on nested spans walks outwards: inner -> outer -> inner …
            span = hits[(hits.index(self.selected_span) + 1) % len(hits)]
        else:
            span = hits[0] if hits else None
        self._click_cycle = hits
        self.span_clicked.emit(span)

    def chip_rect(self, span: Span) -> QRectF | None:
        """Viewport rectangle of a span's caption chip, when it is in view."""
        if self.layer is None:
            return None
        block = self.document().findBlock(self.offsets.to_qt(max(span.start, span.end - 1)))
        geo = self.blockBoundingGeometry(block).translated(self.contentOffset())
        for s, r, cap in self._block_fragments(block, self.layer):
            if cap is not None and s.key == span.key:
                w = self.highlighter.caption_width(self.layer.style(s).caption) - 2 * CAPTION_GAP
                return QRectF(cap + geo.left(), r.top() + geo.top(), w, r.height())
        return None

    def chip_at(self, point: QPointF) -> Span | None:
        if self.layer is None:
            return None
        block = self.cursorForPosition(point.toPoint()).block()
        if not self.layer.block_spans(block.blockNumber()):
            return None
        geo = self.blockBoundingGeometry(block).translated(self.contentOffset())
        local = point - geo.topLeft()
        for s, r, cap in self._block_fragments(block, self.layer):
            if cap is None or not r.top() <= local.y() <= r.bottom():
                continue
            x0 = cap + geo.left()
            if x0 <= point.x() <= x0 + self.highlighter.caption_width(self.layer.style(s).caption) - 2 * CAPTION_GAP:
                return s
        return None

    def _point_in_span(self, point: QPointF, span: Span) -> bool:
        return any(r.contains(point) for r in self.span_rects(span))

    def mouseDoubleClickEvent(self, event) -> None:
        if self.tokens is None:
            super().mouseDoubleClickEvent(event)
            return
        offset = self.offset_at(event.position().toPoint())
        tok = self.tokens.token_at(offset) or (self.tokens.token_at(offset - 1) if offset > 0 else None)
        if tok is not None:
            self.select_range(*tok)
            self.selection_snapped.emit(*tok)

    # -- painting --------------------------------------------------------------------------------
    def paintEvent(self, event) -> None:
        super().paintEvent(event)
        layer = self.layer
        if layer is None or len(layer) == 0:
            return
        painter = QPainter(self.viewport())
        try:
            self._paint_overlay(painter, layer, QRectF(event.rect()))
        finally:
            painter.end()

    def _chip(self, caption: str, color: str, height: int) -> QPixmap:
        """A label caption as a small coloured chip (cached: painting many is then cheap)."""
        key = (caption, color, height)
        pm = self._chips.get(key)
        if pm is None:
            width = int(self.highlighter.caption_width(caption) - 2 * CAPTION_GAP + 0.5)
            ratio = self.devicePixelRatioF()
            pm = QPixmap(int(width * ratio), int(height * ratio))
            pm.setDevicePixelRatio(ratio)
            pm.fill(Qt.GlobalColor.transparent)
            p = QPainter(pm)
            p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
            c = QColor(color)
            p.setPen(QPen(c.darker(170), 1.0))
            p.setBrush(c)
            p.drawRoundedRect(QRectF(0.5, 0.5, width - 1, height - 1), 3, 3)
            p.setFont(self.caption_font)
            p.setPen(QColor("#1f2937"))
            p.drawText(QRectF(0, 0, width, height), Qt.AlignmentFlag.AlignCenter, caption)
            p.end()
            self._chips[key] = pm
        return pm

    def _block_fragments(self, block, layer: SpanLayer) -> list[tuple[Span, QRectF, float | None]]:
        """(span, rect in block coordinates, caption x or None) for each line piece of each span.

        Cached per block until the block is formatted again, the width or the font change.
        """
        bn = block.blockNumber()
        got = self._frag_cache.get(bn)
        if got is not None:
            return got
        spans = layer.block_spans(bn)
        style = layer.style
        width_of = self.highlighter.caption_width
        block_end = layer.block_range(bn)[1]
        last_block = bn + 1 >= layer.block_count
        groups: dict[int, list[Span]] = {}
        for s in spans:
            if s.end <= block_end or last_block:
                groups.setdefault(s.end, []).append(s)
        chip_x: dict[SpanKey, float] = {}
        gaps: dict[int, float] = {}
        for end, group in groups.items():
            group.sort(key=lambda s: (s.end - s.start, style(s).caption))
            x = 0.0
            for s in group:
                chip_x[s.key] = x
                x += width_of(style(s).caption)
            gaps[end] = x
        layout = block.layout()
        bq = block.position()
        lines = [layout.lineAt(i) for i in range(layout.lineCount())]
        line_starts = [bq + ln.textStart() for ln in lines]
        to_qt = self.offsets.to_qt
        out: list[tuple[Span, QRectF, float | None]] = []
        for s in spans:
            qs, qe = to_qt(s.start), to_qt(s.end)
            k = max(0, bisect_right(line_starts, qs) - 1)
            while k < len(lines):
                ls = line_starts[k]
                if ls >= qe:
                    break
                line = lines[k]
                le = ls + line.textLength()
                a, b = max(qs, ls), min(qe, le)
                if a < b:
                    x1 = _x(line, a - bq)
                    x2 = _x(line, b - bq)
                    cap = None
                    if b == qe and s.end in gaps:
                        x2 -= gaps[s.end]
                        cap = x2 + CAPTION_GAP + chip_x[s.key]
                    out.append((s, QRectF(x1, line.y(), max(1.0, x2 - x1), line.height()), cap))
                k += 1
        self._frag_cache[bn] = out
        return out

    def _paint_overlay(self, painter: QPainter, layer: SpanLayer, exposed: QRectF | None = None) -> None:
        style = layer.style
        offset = self.contentOffset()
        height = self.viewport().height() if exposed is None else exposed.bottom() + 1
        pieces: list[tuple[Span, QRectF, float | None]] = []
        block = self.firstVisibleBlock()
        while block.isValid():
            geo = self.blockBoundingGeometry(block).translated(offset)
            if geo.top() > height:
                break
            visible = exposed is None or geo.bottom() >= exposed.top()
            if visible and block.isVisible() and layer.block_spans(block.blockNumber()):
                dx, dy = geo.left(), geo.top()
                for s, r, cap in self._block_fragments(block, layer):
                    pieces.append((s, r.translated(dx, dy), None if cap is None else cap + dx))
            block = block.next()
        if not pieces:
            return
        # nesting depth (number of enclosing spans) with a stack: outer boxes stay outside inner ones
        spans = sorted({s.key: s for s, _, _ in pieces}.values(), key=lambda s: (s.start, -s.end, s.label))
        depth: dict[SpanKey, int] = {}
        stack: list[Span] = []
        for s in spans:
            while stack and stack[-1].end < s.end:
                stack.pop()
            depth[s.key] = len(stack)
            stack.append(s)
        chip_h = int(min(self.fontMetrics().height(), self.caption_font_height + 4))
        selected_key = self.selected_span.key if self.selected_span is not None else None
        emphasis = self.emphasis
        pens: dict[str, QPen] = {}
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        special: list[tuple[Span, QRectF, float]] = []
        outlines: dict[str, list[QRectF]] = {}  # one drawRects call per colour
        for s, rect, cap in pieces:
            st = style(s)
            inset = 1.0 + 2.0 * min(depth[s.key], 4)
            if s.key == selected_key or s.key in emphasis or st.dashed:
                special.append((s, rect, inset))
            else:
                outline = st.outline or st.color
                if outline not in pens:
                    pens[outline] = QPen(QColor(outline) if st.outline else QColor(outline).darker(160))
                outlines.setdefault(outline, []).append(rect.adjusted(-1, inset, 1, -inset))
            if cap is not None:
                painter.drawPixmap(QPointF(cap, rect.center().y() - chip_h / 2), self._chip(st.caption, st.color, chip_h))
        for outline, rects in outlines.items():
            painter.setPen(pens[outline])
            painter.drawRects(rects)
        if special:  # selection and emphasis on top, anti-aliased
            painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
            for s, rect, inset in special:
                st = style(s)
                emph = emphasis.get(s.key)
                selected = s.key == selected_key
                pen = QPen(QColor("#1d4ed8" if selected else (emph or st.outline or st.color)))
                pen.setWidthF(2.5 if (emph or selected) else 1.0)
                if st.dashed or (emph and not selected):
                    pen.setStyle(Qt.PenStyle.DashLine)
                painter.setPen(pen)
                painter.drawRoundedRect(rect.adjusted(-1, inset, 1, -inset), 3, 3)


def _x(line, pos: int) -> float:
    x = line.cursorToX(pos)
    return float(x[0] if isinstance(x, tuple) else x)
