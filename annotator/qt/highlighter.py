"""Span backgrounds and caption gaps for one block at a time (`QSyntaxHighlighter`).

Reads the view's `SpanLayer` (per-block index), so only the blocks that changed are redone after
an edit. Outer spans are applied first and inner spans over them, so the innermost colour shows;
outlines and captions are painted by the view. The last character of each span gets extra letter
spacing: the gap where the view paints the span's caption(s), inline like displaCy.
"""

from __future__ import annotations

from PySide6.QtGui import QColor, QFont, QFontMetricsF, QSyntaxHighlighter, QTextCharFormat, QTextDocument

from annotator.core.document import Span

CAPTION_PAD = 4.0  # horizontal padding inside a caption chip
CAPTION_GAP = 2.0  # space around a chip


def span_order(span: Span) -> tuple[int, int, str]:
    """Outer (longer) spans first; the inner ones are drawn over them."""
    return (-(span.end - span.start), span.start, span.label)


class SpanHighlighter(QSyntaxHighlighter):
    def __init__(self, document: QTextDocument, view) -> None:
        super().__init__(document)
        self._view = view
        self._formats: dict[str, QTextCharFormat] = {}
        self._caption_widths: dict[str, float] = {}
        self.caption_font = QFont()

    def set_caption_font(self, font: QFont) -> None:
        self.caption_font = font
        self._caption_widths.clear()

    def caption_width(self, caption: str) -> float:
        w = self._caption_widths.get(caption)
        if w is None:
            w = QFontMetricsF(self.caption_font).horizontalAdvance(caption) + 2 * CAPTION_PAD + 2 * CAPTION_GAP
            self._caption_widths[caption] = w
        return w

    def _format(self, color: str) -> QTextCharFormat:
        fmt = self._formats.get(color)
        if fmt is None:
            fmt = QTextCharFormat()
            fmt.setBackground(QColor(color))
            self._formats[color] = fmt
        return fmt

    def highlightBlock(self, text: str) -> None:
        view = self._view
        layer = view.layer
        if layer is None:
            return
        block = self.currentBlock()
        bn = block.blockNumber()
        spans = layer.block_spans(bn)
        if not spans or not view.may_format(bn):
            return  # blocks are formatted when they first come into view
        offsets = view.offsets
        to_qt = offsets.to_qt
        identity = offsets.identity
        bq = block.position()
        bcp = offsets.to_py(bq)
        n = block.length() - 1  # UTF-16 units (`text` arrives as a Python str: code points)
        block_end = layer.block_range(bn)[1]
        last_block = bn + 1 >= layer.block_count
        style = layer.style
        fmt_of = self._format
        set_format = self.setFormat
        ends: dict[int, float] = {}
        width_of = self.caption_width
        for s in sorted(spans, key=span_order):
            st = style(s)
            if identity:
                qs, qe = s.start - bcp, s.end - bcp
            else:
                qs, qe = to_qt(s.start) - bq, to_qt(s.end) - bq
            if qs < 0:
                qs = 0
            if qe > n:
                qe = n
            if qe > qs:
                set_format(qs, qe - qs, fmt_of(st.color))
            if s.end <= block_end or last_block:
                ends[s.end] = ends.get(s.end, 0.0) + width_of(st.caption)
        for end, gap in ends.items():
            qe = to_qt(end) - bq
            width = qe + bq - to_qt(end - 1)  # 2 when the last character is a surrogate pair
            if qe - width < 0 or qe > n:
                continue
            fmt = QTextCharFormat(self.format(qe - width))
            fmt.setFontLetterSpacingType(QFont.SpacingType.AbsoluteSpacing)
            fmt.setFontLetterSpacing(gap)
            set_format(qe - width, width, fmt)
