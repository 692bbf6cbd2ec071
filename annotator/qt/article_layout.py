"""Geometry of one display block of the article: lines, span boxes, caption chips, relation arcs.

`BlockLayout.build` lays one block (a paragraph, or a piece of a long one, see `TextBlocks`) out
with Qt's own `QTextLayout` and decides where everything drawn around the text goes, so that
**nothing drawn covers any part of a glyph**:

- every line gets the room its ink needs: Vietnamese stacked marks (Ẩ, ậ, ữ…) reach above the
  font's ascent and the dot below (ị, ự) below its descent, so the ink box of a line is measured
  from the font's real glyph extents, not from ascent and descent;
- span boxes sit *outside* that ink box, by `pad(rank)` pixels, where the rank is how many
  levels of nested or crossing spans lie inside the span: an outer span's outline runs outside
  the inner one's, above and below the ink, never through a letter;
- horizontally, the character before a span start and the last character of a span get extra
  letter spacing (Qt's `AbsoluteSpacing`, after the glyph) for the outlines and the caption
  chips, so chips and outlines sit in empty space between glyphs;
- relation arcs are drawn in room reserved above each line (brat's way), stacked in levels so
  that arcs on one line do not cross each other's labels;
- the view paints all of this *before* the text (see `ArticleView.paintEvent`), so even a
  rounding error cannot put paint over ink.

Coordinates are block coordinates (x from the view's left edge, y from the block's top), in
device-independent pixels; text positions are UTF-16 units local to the block.

One subject, kept in one module although it is over 400 lines: `BlockLayout.build` places text,
boxes, chips and arcs in passes that share their intermediate state (spacing, fragments, levels).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QFont, QFontMetricsF, QTextCharFormat, QTextLayout, QTextOption

from annotator.core.document import Relation, Span, SpanKey
from annotator.qt.offsets import grapheme_ceil, grapheme_floor

MARGIN_X = 14.0  # left/right margin of the text (outlines of spans at a line start go there)
CAPTION_PAD = 4.0  # horizontal padding inside a caption chip
CAPTION_GAP = 2.0  # space around a chip
PAD_BASE = 3.0  # distance of an innermost span's box from the ink (a 2 px selected outline keeps 1 px clear)
PAD_STEP = 3.0  # extra distance per rank (nesting level inside the span)
MAX_RANK = 3  # ranks above this share the outermost pad (4 levels of nesting are distinct)
OUTLINE_ROOM = 1.5  # between a line's outermost box and the next line's
PARAGRAPH_GAP = 4.0  # extra room after a paragraph
ARC_TOP_PAD = 3.0  # room above the highest arc of a line
# Letters whose marks reach furthest above the ascent and below the descent: the ink box of a line
INK_PROBE = "ẨẪẬẮẰẲẴẶỂỄỆỔỖỘỞỠỢỬỮỰẩẫậắằẳẵặểễệổỗộởỡợửữựỉịỵỷỹÅÉÇgjpqyÀÁẢÃẠ"


_SPACE_UNITS = {" ".encode("utf-16-le"), "\t".encode("utf-16-le"), "\u00a0".encode("utf-16-le")}


def line_pad(rank: int = 0) -> float:
    """Room above and below a line's ink when its outermost span has this rank (0: none or plain)."""
    return pad(rank) + OUTLINE_ROOM


def pad(rank: int) -> float:
    """Distance (px) between the ink box and the box of a span of this rank."""
    return PAD_BASE + PAD_STEP * min(rank, MAX_RANK)


def line_x(line, pos: int) -> float:
    x = line.cursorToX(pos)
    return float(x[0] if isinstance(x, tuple) else x)


@dataclass(slots=True)
class Metrics:
    """Font-dependent sizes shared by every block of a view."""

    font: QFont
    caption_font: QFont
    ink_above: float  # baseline to the top of the highest mark
    ink_below: float  # baseline to the bottom of the lowest mark
    caption_height: float
    level_height: float  # one level of relation arcs
    avg_char: float
    caption_widths: dict[str, float] = field(default_factory=dict)

    @classmethod
    def of(cls, font: QFont) -> Metrics:
        fm = QFontMetricsF(font)
        ink = fm.tightBoundingRect(INK_PROBE)
        caption = QFont(font)
        caption.setPointSizeF(max(6.0, font.pointSizeF() * 0.62))
        caption.setBold(True)
        cfm = QFontMetricsF(caption)
        return cls(
            font=font,
            caption_font=caption,
            ink_above=max(fm.ascent(), -ink.top()) + 1.0,
            ink_below=max(fm.descent(), ink.bottom()) + 1.0,
            caption_height=cfm.height(),
            level_height=math.ceil(cfm.height()) + 3.0,
            avg_char=fm.averageCharWidth(),
        )

    def caption_width(self, caption: str) -> float:
        """Width of a caption chip (without the gap around it)."""
        w = self.caption_widths.get(caption)
        if w is None:
            # whole pixels: glyphs after a chip stay on the pixel grid they have outside spans
            w = self.caption_widths[caption] = float(math.ceil(QFontMetricsF(self.caption_font).horizontalAdvance(caption) + 2 * CAPTION_PAD))
        return w


@dataclass(slots=True)
class Line:
    top: float  # top of the line's box, arc room included
    ink_top: float
    ink_bottom: float
    bottom: float
    qstart: int  # UTF-16, local to the block
    qend: int
    pad: float  # room between the ink and the top/bottom of the box (outline room)


@dataclass(slots=True)
class Fragment:
    """The piece of a span on one line."""

    span: Span
    line: int
    x1: float
    x2: float
    rank: int
    rect: QRectF = field(default_factory=QRectF)
    first: bool = False  # holds the span's first character (relation arcs attach here)
    line_end: bool = False  # runs to the end of its line (wrapped)


@dataclass(slots=True)
class Chip:
    span: Span
    rect: QRectF


@dataclass(slots=True)
class ArcPiece:
    """A relation's arc on one line: from `x1` to `x2` at `level` (0 = nearest the text)."""

    relation: Relation
    line: int
    x1: float
    x2: float
    head_leg: float | None  # x of the leg down to the head span (None: the arc leaves the line)
    tail_leg: float | None
    label: bool
    level: int = 0
    y: float = 0.0  # of the horizontal stroke
    head_bottom: float = 0.0  # where the legs end (top of the span box)
    tail_bottom: float = 0.0
    label_rect: QRectF = field(default_factory=QRectF)

    def hit_rects(self, grip: float = 3.0) -> list[QRectF]:
        rects = [QRectF(min(self.x1, self.x2) - grip, self.y - grip, abs(self.x2 - self.x1) + 2 * grip, 2 * grip)]
        if self.head_leg is not None:
            rects.append(QRectF(self.head_leg - grip, self.y, 2 * grip, self.head_bottom - self.y))
        if self.tail_leg is not None:
            rects.append(QRectF(self.tail_leg - grip, self.y, 2 * grip, self.tail_bottom - self.y))
        if self.label:
            rects.append(self.label_rect)
        return rects


def span_ranks(spans: list[Span]) -> dict[SpanKey, int]:
    """For each span, how many levels of spans lie inside it or cross into it from the right.

    A span containing nothing has rank 0; a span containing a rank-0 span (or crossed by one
    that starts later) has rank 1, and so on: its box is drawn outside theirs.
    """
    order = sorted(spans, key=lambda s: (s.start, -s.end, s.label))
    rank: dict[SpanKey, int] = {}
    for i in range(len(order) - 1, -1, -1):
        s = order[i]
        r = 0
        for j in range(i + 1, len(order)):
            t = order[j]
            if t.start >= s.end:
                break
            if t.key != s.key and (t.start > s.start or t.end < s.end or t.label > s.label):
                r = max(r, rank[t.key] + 1)
        rank[s.key] = r
    return rank


class BlockLayout:
    """The laid-out block: its `QTextLayout`, lines, span fragments, chips and arc pieces."""

    __slots__ = ("arcs", "chips", "fragments", "height", "layout", "lines", "qbase", "spacing", "start")

    def __init__(self) -> None:
        self.layout: QTextLayout | None = None
        self.lines: list[Line] = []
        self.fragments: list[Fragment] = []
        self.chips: list[Chip] = []
        self.arcs: list[ArcPiece] = []
        self.height = 0.0
        self.qbase = 0
        self.start = 0
        self.spacing: dict[int, float] = {}  # local UTF-16 end of a character -> extra space after it

    # -- queries ---------------------------------------------------------------------------------
    def line_at_y(self, y: float) -> int:
        for k, ln in enumerate(self.lines):
            if y < ln.bottom:
                return k
        return len(self.lines) - 1

    def line_of(self, q: int) -> int:
        """The line holding local UTF-16 position `q` (a position at a wrap belongs to the next line)."""
        for k in range(len(self.lines) - 1, -1, -1):
            if self.lines[k].qstart <= q:
                return k
        return 0

    def x_of(self, q: int) -> float:
        assert self.layout is not None
        return line_x(self.layout.lineAt(self.line_of(q)), q)

    def glyph_end_x(self, line: int, q: int) -> float:
        """x where the glyph before `q` ends (its extra spacing excluded)."""
        assert self.layout is not None
        return line_x(self.layout.lineAt(line), q) - self.spacing.get(q, 0.0)

    # -- building --------------------------------------------------------------------------------
    @classmethod
    def build(
        cls,
        text: str,
        start: int,
        end: int,
        hard: bool,
        qbase: int,
        to_qt,
        spans: list[Span],
        caption_block_of,
        block_index: int,
        relations: list[Relation],
        span_lookup,
        style,
        relation_style,
        metrics: Metrics,
        width: float,
        device,
    ) -> BlockLayout:
        """Lay out `text[start:end]` at `width` px with `spans` (those touching the block).

        `caption_block_of(span)` is the block that shows a span's caption; `span_lookup(key)` the
        span of a relation end in this layer (None: not shown); `style`/`relation_style` the
        layer's styles.
        """
        self = cls()
        self.qbase = qbase
        self.start = start
        s = text[start:end]

        def local(cp: int) -> int:
            return to_qt(cp) - qbase

        ranks = span_ranks(spans) if spans else {}
        # extra space after characters: before span starts (outline room), after span ends (outline + chips)
        start_room: dict[int, float] = {}
        end_groups: dict[int, list[Span]] = {}
        for sp in spans:
            r = ranks[sp.key]
            if start < sp.start < end:
                start_room[sp.start] = max(start_room.get(sp.start, 0.0), pad(r) + 1.0)
            if caption_block_of(sp) == block_index:
                end_groups.setdefault(sp.end, []).append(sp)
        end_room: dict[int, float] = {}
        chip_offsets: dict[SpanKey, float] = {}
        for e, group in end_groups.items():
            group.sort(key=lambda sp: (sp.end - sp.start, style(sp).caption))
            outline = max(pad(ranks[sp.key]) for sp in group) + 1.0
            x = outline + CAPTION_GAP
            for sp in group:
                chip_offsets[sp.key] = x
                x += metrics.caption_width(style(sp).caption) + CAPTION_GAP
            end_room[e] = x
        # The space goes after a whole grapheme cluster: a format boundary inside one (a flag, a ZWJ
        # emoji, a letter and its combining marks) would make Qt shape its pieces apart.
        room: dict[int, float] = {}  # code point where a cluster ends -> extra px after it
        for cp, px in start_room.items():
            ce = grapheme_floor(text, cp)
            room[ce] = room.get(ce, 0.0) + px
        for e, px in end_room.items():
            if start < e <= end:
                ce = min(end, grapheme_ceil(text, e))
                room[ce] = room.get(ce, 0.0) + px
        formats = []
        for ce, px in room.items():
            if not start < ce <= end:
                continue
            cs = max(start, grapheme_floor(text, ce - 1))
            q0, q1 = local(cs), local(ce)
            fr = QTextLayout.FormatRange()
            fr.start, fr.length = q0, q1 - q0
            fmt = QTextCharFormat()
            fmt.setFontLetterSpacingType(QFont.SpacingType.AbsoluteSpacing)
            fmt.setFontLetterSpacing(px)
            fr.format = fmt
            formats.append(fr)
            self.spacing[q1] = px
        # a span end group whose last character is the separator: its chips go after the text
        layout = QTextLayout(s, metrics.font, device)
        option = QTextOption()
        option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        layout.setTextOption(option)
        if formats:
            layout.setFormats(formats)
        layout.setCacheEnabled(True)
        layout.beginLayout()
        qlines = []
        avail = max(40.0, width - 2 * MARGIN_X)
        while True:
            ln = layout.createLine()
            if not ln.isValid():
                break
            ln.setLineWidth(avail)
            ln.setPosition(QPointF(MARGIN_X, 0.0))
            qlines.append(ln)
        layout.endLayout()
        self.layout = layout
        nq = len(qlines)
        line_starts = [ln.textStart() for ln in qlines]
        line_ends = [ln.textStart() + ln.textLength() for ln in qlines]

        # -- span fragments (x only; y once lines are placed) --
        s16 = s.encode("utf-16-le")
        right_edge = MARGIN_X + avail
        fm = QFontMetricsF(metrics.font)

        def glyph_end(k: int, q: int) -> float:
            """x where the glyph before local position q ends (its extra spacing left out)."""
            x = line_x(qlines[k], q)
            sp = self.spacing.get(q, 0.0)
            if not sp or x < right_edge - 0.5:
                return x - sp
            # Qt stops positions at the line's width when spacing runs past it: measure the glyph
            q0 = q - 2 if q >= 2 and 0xDC00 <= int.from_bytes(s16[2 * q - 2 : 2 * q], "little") <= 0xDFFF else q - 1
            return line_x(qlines[k], q0) + fm.horizontalAdvance(s16[2 * q0 : 2 * q].decode("utf-16-le", "replace"))

        frags: list[Fragment] = []
        by_key_first: dict[SpanKey, Fragment] = {}
        last_frag: dict[SpanKey, Fragment] = {}
        for sp in spans:
            a, b = max(sp.start, start), min(sp.end, end)
            if a >= b:
                continue
            qa, qb = local(a), local(b)
            for k in range(nq):
                ls, le = line_starts[k], line_ends[k]
                if le <= qa:
                    continue
                if ls >= qb:
                    break
                pa, pb = max(qa, ls), min(qb, le)
                if pa >= pb:
                    continue
                x1 = line_x(qlines[k], pa)
                x2 = glyph_end(k, pb)
                if pb == le:  # a wrapped line: Qt squeezes its trailing spaces, keep the box past the ink
                    q = pb
                    while q > pa and s16[2 * q - 2 : 2 * q] in _SPACE_UNITS:
                        q -= 1
                    x2 = max(x2, glyph_end(k, q))
                f = Fragment(sp, k, x1, max(x1 + 1.0, x2), ranks[sp.key], first=(pa == qa and a == sp.start), line_end=pb == le)
                frags.append(f)
                if f.first:
                    by_key_first[sp.key] = f
                last_frag[sp.key] = f
        self.fragments = frags

        # -- chips: after the glyph that ends the span --
        chips_at: list[tuple[Span, int, float, float]] = []  # span, line, x, width
        for e, group in end_groups.items():
            for sp in group:
                f = last_frag.get(sp.key)
                if f is None:
                    continue
                x0 = f.x2 if e <= end else line_x(qlines[f.line], line_ends[f.line])
                w = metrics.caption_width(style(sp).caption)
                chips_at.append((sp, f.line, x0 + chip_offsets[sp.key], w))

        # -- relation arcs: pieces per line, then levels --
        arcs: list[ArcPiece] = []
        for rel in relations:
            head, tail = span_lookup(rel.head), span_lookup(rel.tail)
            if head is None or tail is None:
                continue
            fh, ft = by_key_first.get(rel.head), by_key_first.get(rel.tail)
            if fh is None and ft is None:
                continue
            xh = None if fh is None else (fh.x1 + fh.x2) / 2
            xt = None if ft is None else (ft.x1 + ft.x2) / 2
            if fh is not None and ft is not None and fh.line == ft.line:
                arcs.append(ArcPiece(rel, fh.line, min(xh, xt), max(xh, xt), xh, xt, True))
                continue
            head_first = (rel.head[0], rel.head[1]) <= (rel.tail[0], rel.tail[1])
            if fh is not None:  # the head's piece leaves its line towards the tail
                edge = right_edge if head_first else MARGIN_X
                arcs.append(ArcPiece(rel, fh.line, min(xh, edge), max(xh, edge), xh, None, True))
            if ft is not None:
                edge = MARGIN_X if head_first else right_edge
                arcs.append(ArcPiece(rel, ft.line, min(xt, edge), max(xt, edge), None, xt, True))
        # several arcs at one span: spread their legs along it (ordered by where each arc goes), so
        # no two arrows land on the same point and an outgoing arc is not read as the incoming one
        # (spans whose first pieces coincide, e.g. two candidates with the same start, share one spread)
        ends: dict[tuple[int, int, int], list[tuple[float, ArcPiece, bool]]] = {}
        rank = {key: i for i, key in enumerate(sorted(a.relation.key for a in arcs))}
        for a in arcs:
            for is_head, leg, key in ((True, a.head_leg, a.relation.head), (False, a.tail_leg, a.relation.tail)):
                if leg is not None:
                    other = a.tail_leg if is_head else a.head_leg
                    if other is None:  # the arc leaves the line: towards the edge it runs to
                        other = a.x2 if a.x1 == leg else a.x1
                    f = by_key_first[key]
                    ends.setdefault((f.line, round(f.x1), round(f.x2)), []).append((other, a, is_head))
        for (_line, x1, x2), items in ends.items():
            if len(items) < 2:
                continue
            # arcs going left take the left places, those going right the right ones; the farther an
            # arc goes (the higher it runs) the further it stands from the other end, so arcs nest
            # instead of crossing: left-goers nearest first, right-goers farthest first
            mid = (x1 + x2) / 2
            # ties (two arcs between the same places): the same relation goes outside at both ends
            items.sort(key=lambda t: (t[0] >= mid, -t[0], rank[t[1].relation.key] * (1 if t[0] >= mid else -1)))
            step = (x2 - x1) / (len(items) + 1)
            for i, (_other, a, is_head) in enumerate(items):
                x = x1 + step * (i + 1)
                if is_head:
                    a.head_leg = x
                else:
                    a.tail_leg = x
        for a in arcs:  # the stroke runs between the legs (or from a leg to the edge)
            legs = [x for x in (a.head_leg, a.tail_leg) if x is not None]
            if len(legs) == 2:
                a.x1, a.x2 = min(legs), max(legs)
            elif a.x1 <= MARGIN_X + 0.5:
                a.x2 = legs[0]
            else:
                a.x1 = legs[0]
        page_right = right_edge + MARGIN_X
        levels = [0] * nq
        if arcs:
            per_line: dict[int, list[ArcPiece]] = {}
            for a in arcs:
                per_line.setdefault(a.line, []).append(a)
            for k, pieces in per_line.items():
                pieces.sort(key=lambda a: (a.x2 - a.x1, a.x1))
                taken: list[list[tuple[float, float]]] = []
                for a in pieces:
                    lw = metrics.caption_width(relation_style(a.relation).caption) + 4 if a.label else 0.0
                    cx = _label_x(a, lw, page_right)
                    lo, hi = min(a.x1, cx - lw / 2) - 3, max(a.x2, cx + lw / 2) + 3
                    lvl = 0
                    while lvl < len(taken) and any(lo < h and l0 < hi for l0, h in taken[lvl]):
                        lvl += 1
                    if lvl == len(taken):
                        taken.append([])
                    taken[lvl].append((lo, hi))
                    a.level = lvl
                levels[k] = len(taken)
        self.arcs = arcs

        # -- vertical placement --
        line_rank: dict[int, int] = {}
        for f in frags:
            line_rank[f.line] = max(line_rank.get(f.line, -1), f.rank)
        y = 0.0
        lines: list[Line] = []
        for k, ln in enumerate(qlines):
            arc_room = levels[k] * metrics.level_height + ARC_TOP_PAD if levels[k] else 0.0
            # every line has room for a plain span's box: tagging one does not move the lines below
            lpad = line_pad(line_rank.get(k, 0))
            top = y
            ink_top = y + arc_room + lpad
            above = max(metrics.ink_above, ln.ascent())
            baseline = ink_top + above
            ln.setPosition(QPointF(MARGIN_X, baseline - ln.ascent()))
            ink_bottom = baseline + max(metrics.ink_below, ln.descent())
            bottom = ink_bottom + lpad
            lines.append(Line(top, ink_top, ink_bottom, bottom, line_starts[k], line_ends[k], lpad))
            y = bottom
        self.lines = lines
        self.height = y + (PARAGRAPH_GAP if hard else 0.0)
        for f in frags:
            ln = lines[f.line]
            p = pad(f.rank)
            # boxes of nested spans stay apart at the sides too: at a span's start (room made by
            # spacing) and at a line start (the margin)
            hp = p if (f.first or f.x1 <= MARGIN_X + 0.5) else 0.0
            f.rect = QRectF(f.x1 - hp, ln.ink_top - p, f.x2 - f.x1 + hp, ln.ink_bottom - ln.ink_top + 2 * p)
            if (last_frag.get(f.span.key) is f and f.span.end <= end) or f.line_end:
                f.rect.setRight(f.x2 + p)  # the end of a span, or of a line
        chip_h = min(metrics.caption_height + 4, metrics.ink_above + metrics.ink_below)
        for sp, k, x, w in chips_at:
            ln = lines[k]
            cy = (ln.ink_top + ln.ink_bottom) / 2
            self.chips.append(Chip(sp, QRectF(x, cy - chip_h / 2, w, chip_h)))
        for a in arcs:
            ln = lines[a.line]
            a.y = ln.top + ARC_TOP_PAD + (levels[a.line] - a.level - 0.5) * metrics.level_height
            fh, ft = by_key_first.get(a.relation.head), by_key_first.get(a.relation.tail)
            a.head_bottom = fh.rect.top() if fh is not None and a.head_leg is not None else a.y
            a.tail_bottom = ft.rect.top() if ft is not None and a.tail_leg is not None else a.y
            if a.label:
                lw = metrics.caption_width(relation_style(a.relation).caption)
                cx = _label_x(a, lw + 4, page_right)
                a.label_rect = QRectF(cx - lw / 2, a.y - (metrics.level_height - 3) / 2, lw, metrics.level_height - 3)
        return self


def _label_x(a: ArcPiece, width: float, page_right: float) -> float:
    """Centre of an arc's label: the middle of the arc, moved in so that the label stays on the page."""
    cx = (a.x1 + a.x2) / 2
    return max(width / 2 + 2, min(cx, page_right - width / 2 - 2))
