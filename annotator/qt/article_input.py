"""The article view's input: keys, mouse, caret movement by grapheme cluster, tooltips.

A mixin of `ArticleView` (`annotator.qt.article_view`). Every selection is kept in code points
and moves by grapheme cluster (Qt's `QTextLayout` cursor positions and boundary finder), so no
span can end inside a character a reader sees as one. Label keys, Delete, R and Esc become the
view's signals; so do the suggestion keys (Enter/A, Shift+A, X, Tab, Shift+Tab) while
`suggestion_keys` is on; the window turns them into commands.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPointF, Qt
from PySide6.QtGui import QGuiApplication, QKeySequence
from PySide6.QtWidgets import QMenu, QToolTip

from annotator.core.document import Span
from annotator.qt.article_layout import line_pad, line_x
from annotator.qt.i18n import translate
from annotator.qt.offsets import grapheme_floor, widen_to_graphemes

# Shift+digit arrives as the shifted symbol on a real keyboard (US layout) and as Shift+digit from QTest.
_SHIFTED = {"!": "1", "@": "2", "#": "3", "$": "4", "%": "5", "^": "6", "&": "7", "*": "8", "(": "9", ")": "0"}
_DIGIT_KEYS = {getattr(Qt.Key, f"Key_{d}"): str(d) for d in range(10)}
_MOVE_KEYS = {
    Qt.Key.Key_Left, Qt.Key.Key_Right, Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_Home, Qt.Key.Key_End,
    Qt.Key.Key_PageUp, Qt.Key.Key_PageDown,
}


def suggestion_key_of(key: int, modifiers: Qt.KeyboardModifier) -> str | None:
    """The suggestion action a key press stands for (`accept`, `accept_all`, `reject`, `next`,
    `previous`), or None: Enter/A, Shift+A, X, Tab, Shift+Tab."""
    if modifiers & (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier | Qt.KeyboardModifier.MetaModifier):
        return None
    shift = bool(modifiers & Qt.KeyboardModifier.ShiftModifier)
    if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not shift:
        return "accept"
    if key == Qt.Key.Key_A:
        return "accept_all" if shift else "accept"
    if key == Qt.Key.Key_X and not shift:
        return "reject"
    if key == Qt.Key.Key_Backtab or (key == Qt.Key.Key_Tab and shift):
        return "previous"
    if key == Qt.Key.Key_Tab:
        return "next"
    return None


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


class ArticleInput:
    """Keyboard and mouse handling of the article view (mixed into `ArticleView`)."""

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

    def contextMenuEvent(self, event) -> None:
        """Copy (the stored text of the selection) and Select all, as in any text view."""
        menu = QMenu(self)
        copy = menu.addAction(translate("ArticleView", "&Copy"), self.copy)
        copy.setShortcut(QKeySequence.StandardKey.Copy)
        copy.setEnabled(self.selection_range() is not None)
        menu.addAction(translate("ArticleView", "Select &all"), lambda: self._set_caret(len(self.text), 0)).setShortcut(QKeySequence.StandardKey.SelectAll)
        hook = getattr(self, "context_menu_hook", None)  # e.g. notes (annotator.qt.notes_dock): (menu, span, relation)
        if hook is not None:
            point = QPointF(event.pos())
            offset = self.offset_at(point)
            layer = self.layer
            spans = [s for s in layer.spans_at(offset) if self._point_in_span(point, s)] if layer is not None else []
            hook(menu, self.chip_at(point) or (spans[0] if spans else None), self.arc_at(point))
        menu.popup(event.globalPos())
        self.context_menu = menu

    # -- input -----------------------------------------------------------------------------------
    def keyPressEvent(self, event) -> None:
        key, mods = event.key(), event.modifiers()
        lk = label_key_of(key, event.text(), mods)
        ctrl = bool(mods & Qt.KeyboardModifier.ControlModifier)
        plain = not (mods & (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier))
        sk = suggestion_key_of(key, mods) if self.suggestions_shown() else None
        if lk is not None:
            self.label_key.emit(lk)
        elif sk is not None:
            self.suggestion_key.emit(sk)
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

    def suggestions_shown(self) -> bool:
        """The suggestion keys act: they are switched on and the layer shown holds suggestions."""
        return self.suggestion_keys and bool(getattr(self.layer, "suggestions", None))

    def focusNextPrevChild(self, next: bool) -> bool:
        """Tab / Shift+Tab: the next / previous suggestion while suggestions are shown (Qt sends
        Tab to focus navigation before `keyPressEvent`); otherwise focus moves on as usual."""
        if self.suggestions_shown():
            self.suggestion_key.emit("next" if next else "previous")
            return True
        return super().focusNextPrevChild(next)

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
            note = getattr(self, "note_hook", None)
            return f"{layer.style(chip).caption}: “{chip.text_in(self.text)}”" + (note(chip) if note else "")
        arc = self.arc_at(point)
        if arc is not None:
            head, tail = self.text[arc.head[0] : arc.head[1]], self.text[arc.tail[0] : arc.tail[1]]
            note = getattr(self, "note_hook", None)
            return f"“{head}” → {layer.relation_style(arc).caption} → “{tail}”" + (note(arc) if note else "")
        offset = self.offset_at(point)
        hits = [s for s in layer.spans_at(offset) if self._point_in_span(point, s)]
        if not hits:
            return None
        note = getattr(self, "note_hook", None)  # (span or relation) -> its notes as text, or "" (notes_dock)
        return "\n".join(f"{layer.style(s).caption}: “{s.text_in(self.text)}”" + (note(s) if note else "") for s in hits)

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
