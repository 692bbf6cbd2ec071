"""The article: a read-only `QPlainTextEdit` drawing a `SpanLayer` (highlighter + painted overlay).

Everything this view reports is in code-point offsets of the stored text; Qt positions stay
inside (converted by `annotator.qt.offsets`). The view never edits anything itself: it emits
signals (`label_key`, `delete_requested`, `relation_requested`, `span_clicked`…) that the window
turns into commands. A review mode can reuse it with its own layer (`set_layer`).
"""

from __future__ import annotations

import re

from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QFont, QPainter, QPen, QTextCursor, QTextOption
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
        self._press_pos = None
        self.highlighter = SpanHighlighter(self.document(), self)
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
        self.highlighter.setDocument(None)
        self.setPlainText(display_text(text))
        self.highlighter.setDocument(self.document())  # highlights every block once
        if layer is not None:
            layer.changed.connect(self._on_layer_changed)

    def set_layer(self, layer: SpanLayer) -> None:
        """Swap the drawn spans (same text), e.g. for a review mode."""
        if self.layer is not None:
            self.layer.changed.disconnect(self._on_layer_changed)
        self.layer = layer
        layer.changed.connect(self._on_layer_changed)
        self.selected_span = None
        self.highlighter.rehighlight()

    def _on_layer_changed(self, start: int, end: int) -> None:
        if self.selected_span is not None and self.layer is not None and not any(
            s.key == self.selected_span.key for s in self.layer.spans_at(self.selected_span.start)
        ):
            self.selected_span = None
        if start < 0:
            self.highlighter.rehighlight()
        else:
            self.rehighlight_range(start, end)
        self.viewport().update()

    def rehighlight_range(self, start: int, end: int) -> None:
        doc = self.document()
        block = doc.findBlock(self.offsets.to_qt(start))
        last = doc.findBlock(self.offsets.to_qt(max(start, end - 1)))
        while block.isValid():
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
        self.selected_span = span
        if span is not None and reveal:
            c = self.textCursor()
            c.setPosition(self.offsets.to_qt(span.start))
            self.setTextCursor(c)
            self.centerCursor()
        self.viewport().update()

    def set_emphasis(self, emphasis: dict[SpanKey, str]) -> None:
        self.emphasis = dict(emphasis)
        self.viewport().update()

    def offset_at(self, point) -> int:
        return self.offsets.to_py(self.cursorForPosition(point).position())

    def span_rects(self, span: Span) -> list[QRectF]:
        """Viewport rectangles of a span's visible fragments (for painting and for tests)."""
        return [r for r, _ in self._fragments(span)]

    # -- zoom and find ---------------------------------------------------------------------------
    def zoom(self, steps: int) -> None:
        font = QFont(self.font())
        size = font.pointSizeF() if font.pointSizeF() > 0 else 10.0
        font.setPointSizeF(min(MAX_POINT_SIZE, max(MIN_POINT_SIZE, size + steps)))
        self._apply_font(font)
        self.highlighter.rehighlight()

    def set_point_size(self, size: float) -> None:
        font = QFont(self.font())
        font.setPointSizeF(min(MAX_POINT_SIZE, max(MIN_POINT_SIZE, size)))
        self._apply_font(font)
        self.highlighter.rehighlight()

    def point_size(self) -> float:
        return self.font().pointSizeF()

    def _apply_font(self, font: QFont) -> None:
        self.setFont(font)
        caption = QFont(font)
        caption.setPointSizeF(max(6.0, font.pointSizeF() * 0.62))
        caption.setBold(True)
        self.caption_font = caption
        self.highlighter.set_caption_font(caption)

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

    def mousePressEvent(self, event) -> None:
        self._press_pos = event.position().toPoint()
        super().mousePressEvent(event)

    def mouseReleaseEvent(self, event) -> None:
        super().mouseReleaseEvent(event)
        if event.button() != Qt.MouseButton.LeftButton:
            return
        if self.textCursor().hasSelection():
            self._click_cycle = []
            self.snap_selection()
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
    def _fragments(self, span: Span, gap: float | None = None):
        """(rect, is_last) for each visual line of `span` in the visible blocks."""
        out: list[tuple[QRectF, bool]] = []
        if self.layer is None:
            return out
        doc = self.document()
        to_qt = self.offsets.to_qt
        qs, qe = to_qt(span.start), to_qt(span.end)
        block = doc.findBlock(qs)
        offset = self.contentOffset()
        height = self.viewport().height()
        if gap is None:
            group = self._end_group(span)
            gap = sum(self.highlighter.caption_width(self.layer.style(s).caption) for s in group)
        while block.isValid() and block.position() <= qe:
            geo = self.blockBoundingGeometry(block).translated(offset)
            if geo.top() > height:
                break
            if geo.bottom() >= 0 and block.isVisible():
                layout = block.layout()
                bq = block.position()
                for i in range(layout.lineCount()):
                    line = layout.lineAt(i)
                    ls = bq + line.textStart()
                    le = ls + line.textLength()
                    a, b = max(qs, ls), min(qe, le)
                    if a >= b:
                        continue
                    x1 = _x(line, a - bq)
                    x2 = _x(line, b - bq)
                    is_last = b == qe
                    if is_last:
                        x2 -= gap
                    top = geo.top() + line.y()
                    out.append((QRectF(x1 + offset.x(), top, max(1.0, x2 - x1), line.height()), is_last))
            block = block.next()
        return out

    def _end_group(self, span: Span) -> list[Span]:
        assert self.layer is not None
        bn = self.layer.block_of(max(span.start, span.end - 1))
        group = self.highlighter.end_gaps(bn, [s for s in self.layer.block_spans(bn) if s.end == span.end])
        return group.get(span.end, [span])

    def paintEvent(self, event) -> None:
        super().paintEvent(event)
        layer = self.layer
        if layer is None or len(layer) == 0:
            return
        painter = QPainter(self.viewport())
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        try:
            self._paint_overlay(painter, layer)
        finally:
            painter.end()

    def _visible_spans(self, layer: SpanLayer) -> list[Span]:
        block = self.firstVisibleBlock()
        height = self.viewport().height()
        offset = self.contentOffset()
        seen: dict[SpanKey, Span] = {}
        while block.isValid():
            if self.blockBoundingGeometry(block).translated(offset).top() > height:
                break
            for s in layer.block_spans(block.blockNumber()):
                seen[s.key] = s
            block = block.next()
        return list(seen.values())

    def _paint_overlay(self, painter: QPainter, layer: SpanLayer) -> None:
        spans = sorted(self._visible_spans(layer), key=lambda s: (s.start, -s.end, layer.style(s).caption))
        # nesting depth (number of enclosing spans) with a stack: outer boxes stay outside inner ones
        depth: dict[SpanKey, int] = {}
        stack: list[Span] = []
        for s in spans:
            while stack and stack[-1].end < s.end:
                stack.pop()
            depth[s.key] = len(stack)
            stack.append(s)
        cap_font = self.caption_font
        painter.setFont(cap_font)
        fm = painter.fontMetrics()
        by_end: dict[int, list[Span]] = {}
        for s in spans:
            by_end.setdefault(s.end, []).append(s)
        for _end, group in by_end.items():
            group.sort(key=lambda s: (s.end - s.start, layer.style(s).caption))
            widths = [self.highlighter.caption_width(layer.style(s).caption) for s in group]
            gap = sum(widths)
            for s in group:
                st = layer.style(s)
                color = QColor(st.color)
                frags = self._fragments(s, gap)
                d = min(depth.get(s.key, 0), 4)
                emph = self.emphasis.get(s.key)
                selected = self.selected_span is not None and self.selected_span.key == s.key
                pen = QPen(QColor(emph) if emph else (QColor(st.outline) if st.outline else color.darker(160)))
                pen.setWidthF(2.5 if (selected or emph) else 1.0)
                if st.dashed or (emph and not selected):
                    pen.setStyle(Qt.PenStyle.DashLine)
                if selected:
                    pen.setColor(QColor("#1d4ed8"))
                painter.setPen(pen)
                painter.setBrush(Qt.BrushStyle.NoBrush)
                for rect, _ in frags:
                    inset = 1.0 + 2.0 * d
                    painter.drawRoundedRect(rect.adjusted(-1, inset, 1, -inset), 3, 3)
                last = [r for r, is_last in frags if is_last]
                if not last:
                    continue
                r = last[0]
                x = r.right() + CAPTION_GAP
                for other, w in zip(group, widths, strict=True):
                    if other.key == s.key:
                        break
                    x += w
                w = self.highlighter.caption_width(st.caption) - 2 * CAPTION_GAP
                h = min(r.height() - 2, fm.height() + 2)
                chip = QRectF(x, r.center().y() - h / 2, w, h)
                painter.setPen(QPen(color.darker(170), 1.0))
                painter.setBrush(color)
                painter.drawRoundedRect(chip, 3, 3)
                painter.setPen(QColor("#1f2937"))
                painter.drawText(chip, Qt.AlignmentFlag.AlignCenter, st.caption)


def _x(line, pos: int) -> float:
    x = line.cursorToX(pos)
    return float(x[0] if isinstance(x, tuple) else x)
