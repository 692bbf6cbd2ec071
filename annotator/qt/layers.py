"""Span layers: what the article view draws, independent of where the spans come from.

The article view only talks to a `SpanLayer`: spans and relations in code-point offsets, indexed
per display block (`TextBlocks`: paragraphs, long ones cut into pieces), a `SpanStyle` per span
and a `RelationStyle` per relation. `SessionSpanLayer` shows one annotator's set from an
`AnnotationSession`; a review mode subclasses `SpanLayer` (e.g. colour spans by accepted /
rejected / disagreement) and hands it to `ArticleView.set_layer` without touching the view.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QColor

from annotator.core.changes import Changes, RelationAdded, RelationRemoved, SpanAdded, SpanRemoved
from annotator.core.document import Relation, RelationKey, Span, SpanKey
from annotator.core.schema import Schema
from annotator.qt.offsets import TextBlocks

BULK_CHANGES = 8  # more span changes than this in one step are reported to the view as one range


@dataclass(frozen=True, slots=True)
class SpanStyle:
    """How one span looks: background colour, caption text and optional outline emphasis."""

    color: str
    caption: str
    outline: str | None = None  # a colour to outline the span with (None: darker background)
    dashed: bool = False
    chip: str | None = None  # the caption chip's colour (None: the background colour)
    fill: bool = True  # False: outline only (a pending suggestion), the background stays as it is


@dataclass(frozen=True, slots=True)
class RelationStyle:
    """How one relation's arc looks: line colour, the caption on the arc, dashed or not."""

    color: str
    caption: str
    dashed: bool = False


class SpanLayer(QObject):
    """Spans and relations of one text, indexed by display block.

    Emits `changed(start, end)` (code points; -1, -1 = all) after spans or relations change; a
    relation's change is reported as the ranges of its two spans.
    """

    changed = Signal(int, int)

    def __init__(
        self,
        text: str,
        spans: list[Span] | tuple[Span, ...] = (),
        parent: QObject | None = None,
        relations: list[Relation] | tuple[Relation, ...] = (),
        blocks: TextBlocks | None = None,
    ) -> None:
        super().__init__(parent)
        self.text = text
        self.blocks = blocks if blocks is not None else TextBlocks(text)
        self._blocks: dict[int, list[Span]] = {}
        self._count = 0
        self._relations: dict[RelationKey, Relation] = {}
        self._rel_blocks: dict[int, list[Relation]] = {}
        self._bulk_index(spans)
        for rel in relations:
            self._index_relation(rel)

    # -- to override -------------------------------------------------------------------------
    def style(self, span: Span) -> SpanStyle:
        return SpanStyle("#dddddd", span.label)

    def relation_style(self, relation: Relation) -> RelationStyle:
        return RelationStyle("#374151", relation.label)

    # -- reading -----------------------------------------------------------------------------
    def __len__(self) -> int:
        return self._count

    @property
    def block_count(self) -> int:
        return len(self.blocks)

    def block_of(self, offset: int) -> int:
        return self.blocks.block_of(offset)

    def block_range(self, block: int) -> tuple[int, int]:
        """Code-point range of a block's text (without its separator)."""
        return self.blocks.starts[block], self.blocks.ends[block]

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

    def relations(self) -> list[Relation]:
        return sorted(self._relations.values())

    def block_relations(self, block: int) -> list[Relation]:
        """Relations with an end (the start of its head or tail span) in `block`."""
        return self._rel_blocks.get(block, [])

    # -- changing (subclasses call these) -----------------------------------------------------
    def _span_blocks(self, span: Span) -> range:
        return range(self.block_of(span.start), self.block_of(max(span.start, span.end - 1)) + 1)

    def _bulk_index(self, spans) -> None:
        starts, blocks = self.blocks.starts, self._blocks
        block_of = self.blocks.block_of
        nb = len(starts)
        for span in spans:
            first = block_of(span.start)
            lst = blocks.get(first)
            if lst is None:
                lst = blocks[first] = []
            lst.append(span)
            b = first + 1
            while b < nb and starts[b] < span.end:  # a span crossing line breaks (or block cuts)
                blocks.setdefault(b, []).append(span)
                b += 1
            self._count += 1

    def _index_relation(self, rel: Relation) -> None:
        if rel.key in self._relations:
            return
        self._relations[rel.key] = rel
        for b in {self.block_of(rel.head[0]), self.block_of(rel.tail[0])}:
            self._rel_blocks.setdefault(b, []).append(rel)

    def _unindex_relation(self, rel: Relation) -> bool:
        if self._relations.pop(rel.key, None) is None:
            return False
        for b in {self.block_of(rel.head[0]), self.block_of(rel.tail[0])}:
            lst = self._rel_blocks.get(b)
            if lst is None:
                continue
            lst[:] = [r for r in lst if r.key != rel.key]
            if not lst:
                del self._rel_blocks[b]
        return True

    def _emit_relation(self, rel: Relation) -> None:
        self.changed.emit(rel.head[0], rel.head[1])
        if self.block_of(rel.tail[0]) != self.block_of(rel.head[0]):
            self.changed.emit(rel.tail[0], rel.tail[1])

    def add_span(self, span: Span) -> None:
        self._bulk_index([span])
        self.changed.emit(span.start, span.end)

    def remove_span(self, span: Span) -> None:
        self._unindex_span(span)
        self.changed.emit(span.start, span.end)

    def _unindex_span(self, span: Span) -> None:
        for b in self._span_blocks(span):
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

    def add_relation(self, rel: Relation) -> None:
        self._index_relation(rel)
        self._emit_relation(rel)

    def remove_relation(self, rel: Relation) -> None:
        if self._unindex_relation(rel):
            self._emit_relation(rel)

    def reset(self, spans: list[Span] | tuple[Span, ...], relations: list[Relation] | tuple[Relation, ...] | None = None) -> None:
        self._blocks.clear()
        self._count = 0
        self._bulk_index(spans)
        if relations is not None:
            self._relations.clear()
            self._rel_blocks.clear()
            for rel in relations:
                self._index_relation(rel)
        self.changed.emit(-1, -1)


class SchemaSpanLayer(SpanLayer):
    """Spans coloured by their label in the schema, captioned with the label name."""

    def __init__(self, text: str, schema: Schema, spans=(), parent: QObject | None = None, relations=(),
                 blocks: TextBlocks | None = None) -> None:
        super().__init__(text, spans, parent, relations, blocks)
        self.schema = schema
        self._styles: dict[str, SpanStyle] = {}

    def style(self, span: Span) -> SpanStyle:
        st = self._styles.get(span.label)
        if st is None:
            st = self._styles[span.label] = SpanStyle(self.schema.color(span.label), span.label)
        return st


class SessionSpanLayer(SchemaSpanLayer):
    """The spans and relations of one annotation session (one annotator's set), kept in step with its edits.

    It also draws the annotator's pending suggestions (`set_suggestions`): dashed outline in the
    label's colour, no fill, a pale caption chip with the score (`LABEL ?` for a pattern match).
    A suggestion never shares its key (start, end, label) with a span of the set: when the set
    gains that span (accepted), the suggestion leaves the layer first.
    """

    def __init__(self, session, parent: QObject | None = None, blocks: TextBlocks | None = None) -> None:
        """`blocks`: the display blocks of the session's text when a view already has them (not rebuilt)."""
        super().__init__(session.document.text, session.annotations.schema, session.spans, parent, session.relations,
                         blocks)
        self.suggestions: dict[SpanKey, object] = {}  # key -> annotator.core.suggestions.Suggestion
        self._suggestion_styles: dict[tuple[str, str], SpanStyle] = {}
        session.subscribe(self.apply_changes)

    # -- pending suggestions ---------------------------------------------------------------------
    def is_suggestion(self, span: Span | SpanKey | None) -> bool:
        if span is None:
            return False
        return (span.key if isinstance(span, Span) else span) in self.suggestions

    def set_suggestions(self, suggestions) -> None:
        """Show exactly these suggestions (`Suggestion`s, none sharing a key with a span of the set).

        A few changes re-lay out only their blocks; many (an article opened, the threshold moved)
        are made silently and the view is told once (`changed(-1, -1)`).
        """
        wanted = {sg.key: sg for sg in suggestions}
        gone = [k for k in self.suggestions if k not in wanted]
        new = [sg for k, sg in wanted.items() if k not in self.suggestions]
        rescored = [k for k, sg in wanted.items() if k in self.suggestions and self.suggestions[k].score != sg.score]
        if len(gone) + len(new) + len(rescored) <= 4:
            for key in gone:
                del self.suggestions[key]
                self.remove_span(Span(*key))
            for sg in new:
                self.suggestions[sg.key] = sg
                self.add_span(Span(*sg.key, source=sg.source))
            for key in rescored:
                self.suggestions[key] = wanted[key]
                self.changed.emit(key[0], key[1])
            return
        for key in gone:
            self._unindex_span(Span(*key))
        self.suggestions = dict(wanted)
        self._bulk_index([Span(*sg.key, source=sg.source) for sg in new])
        self.changed.emit(-1, -1)

    def style(self, span: Span) -> SpanStyle:
        sg = self.suggestions.get(span.key)
        if sg is None:
            return super().style(span)
        caption = f"{span.label} ?" if sg.score is None else f"{span.label} {sg.score:.2f}"
        st = self._suggestion_styles.get((span.label, caption))
        if st is None:
            color = QColor(self.schema.color(span.label))
            pale = QColor.fromRgbF(*(0.55 + 0.45 * c for c in (color.redF(), color.greenF(), color.blueF())))
            st = self._suggestion_styles[(span.label, caption)] = SpanStyle(
                color.name(), caption, outline=color.darker(185).name(), dashed=True, chip=pale.name(), fill=False)
        return st

    def apply_changes(self, changes: Changes) -> None:
        """Follow the session's saved changes.

        Many span changes at once (accept all shown, its undo) are indexed silently and reported
        as one range, so the view lays each block out again once, not once per span.
        """
        spans = [c.span for c in changes if isinstance(c, SpanAdded | SpanRemoved)]
        bulk = len(spans) > BULK_CHANGES
        for change in changes:
            match change:
                case SpanAdded(span=s):
                    if self.suggestions.pop(s.key, None) is not None:
                        # the suggestion leaves: the accepted span takes its place
                        self._unindex_span(s) if bulk else self.remove_span(s)
                    if bulk:
                        self._bulk_index([s])
                    else:
                        self.add_span(s)
                case SpanRemoved(span=s):
                    self._unindex_span(s) if bulk else self.remove_span(s)
                case RelationAdded(relation=r):
                    self.add_relation(r)
                case RelationRemoved(relation=r):
                    self.remove_relation(r)
        if bulk:
            self.changed.emit(min(s.start for s in spans), max(s.end for s in spans))
