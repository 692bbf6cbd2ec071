"""Span layers: what the article view draws, independent of where the spans come from.

The article view and its highlighter only talk to a `SpanLayer`: spans in code-point offsets,
indexed per block (paragraph) of the widget, and a `SpanStyle` per span. `SessionSpanLayer`
shows one annotator's set from an `AnnotationSession`; a review mode can subclass `SpanLayer`
(e.g. colour spans by accepted / rejected / disagreement, one annotator's layer at a time) and
hand it to `ArticleView.set_layer` without touching the view.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass

from PySide6.QtCore import QObject, Signal

from annotator.core.document import Span
from annotator.core.schema import Schema
from annotator.qt.offsets import block_starts


@dataclass(frozen=True, slots=True)
class SpanStyle:
    """How one span looks: background colour, caption text and optional outline emphasis."""

    color: str
    caption: str
    outline: str | None = None  # a colour to outline the span with (None: darker background)
    dashed: bool = False


class SpanLayer(QObject):
    """Spans of one text, indexed by block. Emits `changed(start, end)` (code points; -1, -1 = all)."""

    changed = Signal(int, int)

    def __init__(self, text: str, spans: list[Span] | tuple[Span, ...] = (), parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.text = text
        self._starts = block_starts(text)
        self._blocks: dict[int, list[Span]] = {}
        self._count = 0
        self._bulk_index(spans)

    # -- to override -------------------------------------------------------------------------
    def style(self, span: Span) -> SpanStyle:
        return SpanStyle("#dddddd", span.label)

    # -- reading -----------------------------------------------------------------------------
    def __len__(self) -> int:
        return self._count

    @property
    def block_count(self) -> int:
        return len(self._starts)

    def block_of(self, offset: int) -> int:
        return bisect_right(self._starts, offset) - 1

    def block_range(self, block: int) -> tuple[int, int]:
        """Code-point range of a block's text (without its separator)."""
        end = self._starts[block + 1] - 1 if block + 1 < len(self._starts) else len(self.text)
        return self._starts[block], end

    def block_spans(self, block: int) -> list[Span]:
        return self._blocks.get(block, [])

    def spans(self) -> list[Span]:
        seen: set[Span] = set()
        for spans in self._blocks.values():
            seen.update(spans)
        return sorted(seen)

    def spans_at(self, offset: int) -> list[Span]:
        """Spans covering `offset`, innermost (shortest) first."""
        hits = [s for s in self.block_spans(self.block_of(offset)) if s.start <= offset < s.end]
        return sorted(hits, key=lambda s: (s.end - s.start, s.start, s.label))

    # -- changing (subclasses call these) -----------------------------------------------------
    def _index(self, span: Span) -> None:
        first, last = self.block_of(span.start), self.block_of(max(span.start, span.end - 1))
        for b in range(first, last + 1):
            self._blocks.setdefault(b, []).append(span)
        self._count += 1

    def _bulk_index(self, spans) -> None:
        starts, blocks = self._starts, self._blocks
        nb = len(starts)
        for span in spans:
            first = bisect_right(starts, span.start) - 1
            lst = blocks.get(first)
            if lst is None:
                lst = blocks[first] = []
            lst.append(span)
            b = first + 1
            while b < nb and starts[b] < span.end:  # a span crossing line breaks
                blocks.setdefault(b, []).append(span)
                b += 1
            self._count += 1

    def add_span(self, span: Span) -> None:
        self._index(span)
        self.changed.emit(span.start, span.end)

    def remove_span(self, span: Span) -> None:
        first, last = self.block_of(span.start), self.block_of(max(span.start, span.end - 1))
        for b in range(first, last + 1):
            lst = self._blocks.get(b)
            if lst is None:
                continue
            for i, s in enumerate(lst):
                if s.key == span.key:
                    del lst[i]
                    break
            if not lst:
                del self._blocks[b]
        self._count -= 1
        self.changed.emit(span.start, span.end)

    def reset(self, spans: list[Span] | tuple[Span, ...]) -> None:
        self._blocks.clear()
        self._count = 0
        self._bulk_index(spans)
        self.changed.emit(-1, -1)


class SchemaSpanLayer(SpanLayer):
    """Spans coloured by their label in the schema, captioned with the label name."""

    def __init__(self, text: str, schema: Schema, spans=(), parent: QObject | None = None) -> None:
        super().__init__(text, spans, parent)
        self.schema = schema
        self._styles: dict[str, SpanStyle] = {}

    def style(self, span: Span) -> SpanStyle:
        st = self._styles.get(span.label)
        if st is None:
            st = self._styles[span.label] = SpanStyle(self.schema.color(span.label), span.label)
        return st


class SessionSpanLayer(SchemaSpanLayer):
    """The spans of one annotation session (one annotator's set), kept in step with its edits."""

    def __init__(self, session, parent: QObject | None = None) -> None:
        super().__init__(session.document.text, session.annotations.schema, session.spans, parent)
        session.subscribe(self._on_event)

    def _on_event(self, event: str, payload: object) -> None:
        if event == "span_added":
            self.add_span(payload)  # type: ignore[arg-type]
        elif event == "span_removed":
            self.remove_span(payload)  # type: ignore[arg-type]
