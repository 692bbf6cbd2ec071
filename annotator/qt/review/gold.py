"""The reviewer's own edits of gold (E), through the window's tagging gestures.

`GoldTagger` is the window's `Tagger` (select text + label key adds a span, label key on a
selected span relabels it, Delete deletes, R + click adds a relation) bound to a `GoldEditor`
instead of the annotator's `EditController`: each core command becomes a review step
(`SetDecisions`: adding accepts, deleting rejects, relabelling rejects the old label and accepts
the new one), saved by `Review.apply_decisions` in one transaction, shown only after it committed
and undone (Ctrl+Z) like a decision. It only acts while review mode is active, and only edits while
"Edit gold" (E) is on; otherwise it just selects.
"""

from __future__ import annotations

from annotator.core.adjudication import Decision, SetDecisions
from annotator.core.commands import AddRelation, AddSpan, Command, DeleteRelation, DeleteSpan, SetLabel
from annotator.qt.editing import describe_command
from annotator.qt.i18n import arg, translate
from annotator.qt.tagging import Tagger

ACCEPT, REJECT = Decision.ACCEPT, Decision.REJECT


def gold_step(document_id: int, command: Command) -> SetDecisions | None:
    """The review step that makes `command` on gold (None: nothing to do)."""
    match command:
        case AddSpan(span=span):
            items = ((span.key, ACCEPT),)
        case DeleteSpan(span=span):
            items = ((span.key, REJECT),)
        case SetLabel(span=span, label=label):
            if label == span.label:
                return None
            items = ((span.key, REJECT), (span.with_label(label).key, ACCEPT))
        case AddRelation(relation=rel):
            items = ((rel.key, ACCEPT),)
        case DeleteRelation(relation=rel):
            items = ((rel.key, REJECT),)
    return SetDecisions(document_id, items)


class GoldEditor:
    """Duck-types the part of `EditController` that `Tagger` uses: `session`, `current_session`
    and `execute`."""

    def __init__(self, mode) -> None:
        self.mode = mode

    @property
    def session(self):
        return self.mode.document_id  # truthy while a document is reviewed

    def current_session(self):
        return self.session  # review mode runs on the loaded services only

    def execute(self, command: Command) -> bool:
        mode = self.mode
        step = gold_step(mode.document_id, command) if mode.document_id is not None else None
        if step is None:
            return False
        return mode.run(arg(translate("ReviewMode", "gold: %1"), describe_command(command, mode.text)), step)


class GoldTagger(Tagger):
    def __init__(self, view, mode, schema, parent=None) -> None:
        self.mode = mode
        self.active = False  # review mode is on
        super().__init__(view, GoldEditor(mode), schema, parent)
        self.enabled = False  # "Edit gold" (E) is on

    def _editing(self) -> bool:
        if not self.enabled:
            self.message.emit(translate("ReviewMode", "Press E (Review → Edit gold) to add, relabel or delete gold spans and relations"))
            return False
        return True

    def on_label_key(self, key: str) -> None:
        if self.active and self._editing():
            super().on_label_key(key)

    def apply_label(self, label: str) -> bool:
        return self.active and self.enabled and super().apply_label(label)

    def delete_selected(self) -> bool:
        return self.active and self._editing() and super().delete_selected()

    def start_relation(self) -> None:
        if self.active and self._editing():
            super().start_relation()

    def cancel(self) -> None:
        if self.active:
            super().cancel()

    def on_span_clicked(self, span) -> None:
        if self.active:
            super().on_span_clicked(span)
