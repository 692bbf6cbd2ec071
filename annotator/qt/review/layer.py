"""Span layers of review mode: the merged candidates coloured by state, and one layer at a time.

`ReviewSpanLayer` draws every span candidate of an `Adjudication` (from `Review.candidates`) with
the background of its state (see `STATE_STYLES`, also the legend) and a caption that keeps the
label visible plus a mark of the state: ``✓`` accepted, ``✗`` rejected, ``=`` agreed (a merge
would accept it), ``n/m`` votes of an open conflict. One annotator's layer (or gold) is
drawn beside it with the window's `SchemaSpanLayer` (label colours).
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QObject

from annotator.core.adjudication import Adjudication, CandidateState, RelationCandidate, SpanCandidate
from annotator.core.document import Relation, RelationKey, Span, SpanKey
from annotator.qt.layers import RelationStyle, SpanLayer, SpanStyle


@dataclass(frozen=True)
class StateStyle:
    color: str  # background of the span and of its caption chip
    outline: str | None
    dashed: bool
    mark: str  # appended to the label in the caption
    title: str  # legend text
    help: str  # legend tooltip


STATE_STYLES: dict[CandidateState, StateStyle] = {
    # title and help in English, shown through translate("ReviewState", …)
    CandidateState.ACCEPTED: StateStyle(
        "#86efac", "#15803d", False, "✓", QT_TRANSLATE_NOOP("ReviewState", "accepted"),
        QT_TRANSLATE_NOOP("ReviewState", "In gold: accepted by the reviewer, added by the reviewer, or auto-merged"),
    ),
    CandidateState.AGREED: StateStyle(
        "#a5f3fc", "#0e7490", False, "=", QT_TRANSLATE_NOOP("ReviewState", "agreed (not yet in gold)"),
        QT_TRANSLATE_NOOP("ReviewState", "The merge policy accepts it: the next merge puts it in gold"),
    ),
    CandidateState.DISAGREEMENT: StateStyle(
        "#fca5a5", "#b91c1c", False, "", QT_TRANSLATE_NOOP("ReviewState", "disagreement"),
        QT_TRANSLATE_NOOP("ReviewState", "Everybody finished and the policy does not accept it: decide (A / X)"),
    ),
    CandidateState.INCOMPLETE: StateStyle(
        "#fde68a", "#b45309", True, "…", QT_TRANSLATE_NOOP("ReviewState", "incomplete"),
        QT_TRANSLATE_NOOP("ReviewState", "Some annotator has not finished the document yet"),
    ),
    CandidateState.REJECTED: StateStyle(
        "#e5e7eb", "#6b7280", True, "✗", QT_TRANSLATE_NOOP("ReviewState", "rejected"),
        QT_TRANSLATE_NOOP("ReviewState", "Rejected by the reviewer (or another label of the extent was accepted)"),
    ),
}
# the states' short names (CandidateState values), as the legend and the conflict list show them
STATE_NAMES = {
    CandidateState.ACCEPTED: QT_TRANSLATE_NOOP("ReviewState", "accepted"),
    CandidateState.AGREED: QT_TRANSLATE_NOOP("ReviewState", "agreed"),
    CandidateState.DISAGREEMENT: QT_TRANSLATE_NOOP("ReviewState", "disagreement"),
    CandidateState.INCOMPLETE: QT_TRANSLATE_NOOP("ReviewState", "incomplete"),
    CandidateState.REJECTED: QT_TRANSLATE_NOOP("ReviewState", "rejected"),
}


def state_name(state: CandidateState | str) -> str:
    """A candidate state's name in the window's language."""
    return QCoreApplication.translate("ReviewState", STATE_NAMES[CandidateState(state)])

# legend order: what needs the reviewer first
LEGEND_ORDER = (
    CandidateState.DISAGREEMENT,
    CandidateState.INCOMPLETE,
    CandidateState.AGREED,
    CandidateState.ACCEPTED,
    CandidateState.REJECTED,
)


def caption_of(c: SpanCandidate | RelationCandidate, n_participants: int) -> str:
    st = STATE_STYLES[c.state]
    if c.state.is_open:
        return f"{c.label} {len(c.annotators)}/{n_participants}"
    return f"{c.label} {st.mark}"


class ReviewSpanLayer(SpanLayer):
    """Every span candidate of one document, styled by its review state."""

    def __init__(self, text: str, adjudication: Adjudication, parent: QObject | None = None, schema=None) -> None:
        self.schema = schema  # when given, caption chips keep the label's colour (the box shows the state)
        self._styles: dict[SpanKey, SpanStyle] = {}
        self._rel_styles: dict[RelationKey, RelationStyle] = {}
        self.adjudication = adjudication
        self._compute_styles(adjudication)
        super().__init__(
            text, [c.span for c in adjudication.spans], parent,
            relations=[Relation(*c.key) for c in adjudication.relations],
        )

    def _compute_styles(self, adj: Adjudication) -> None:
        n = max(1, len(adj.participants))
        self._styles = {}
        for c in adj.spans:
            st = STATE_STYLES[c.state]
            chip = self.schema.color(c.label) if self.schema is not None else None
            self._styles[c.key] = SpanStyle(st.color, caption_of(c, n), st.outline, st.dashed, chip)
        self._rel_styles = {}
        for rc in adj.relations:
            st = STATE_STYLES[rc.state]
            self._rel_styles[rc.key] = RelationStyle(st.outline or st.color, caption_of(rc, n), st.dashed)

    def style(self, span: Span) -> SpanStyle:
        return self._styles.get(span.key) or SpanStyle("#ffffff", span.label)

    def relation_style(self, relation: Relation) -> RelationStyle:
        """The arc of a relation candidate, in the colour of its state (the caption says which)."""
        return self._rel_styles.get(relation.key) or RelationStyle("#374151", relation.label)

    def candidate(self, span: Span | SpanKey) -> SpanCandidate | None:
        key = span.key if isinstance(span, Span) else span
        return self.adjudication.span(key)

    def update_adjudication(self, adj: Adjudication) -> None:
        """New candidates after a decision: re-index and redraw only the extents that changed."""
        old = self.adjudication
        old_styles, old_rel_styles = self._styles, self._rel_styles
        self.adjudication = adj
        self._compute_styles(adj)
        _sync({c.key for c in old.spans}, {c.key for c in adj.spans}, old_styles, self._styles,
              lambda k: self.remove_span(Span(*k)), lambda k: self.add_span(Span(*k)),
              lambda k: self.changed.emit(k[0], k[1]))
        # a relation in a new state: its arc is redrawn
        _sync({c.key for c in old.relations}, {c.key for c in adj.relations}, old_rel_styles, self._rel_styles,
              lambda k: self.remove_relation(Relation(*k)), lambda k: self.add_relation(Relation(*k)),
              lambda k: self._emit_relation(Relation(*k)))


def _sync(old: set, new: set, old_styles: dict, new_styles: dict, remove, add, redraw) -> None:
    """Remove what went, add what came, redraw what stayed with another style."""
    for key in old - new:
        remove(key)
    for key in new - old:
        add(key)
    for key in old & new:
        if old_styles.get(key) != new_styles.get(key):
            redraw(key)
