"""The reviewer's own edits of gold (E), through the window's tagging gestures.

`GoldTagger` is the window's `Tagger` (select text + label key adds a span, label key on a
selected span relabels it, Delete deletes, R + click adds a relation) bound to a `GoldEditor`
instead of the annotator's `EditController`: each core command becomes a `Review` call
(`add_span`, `set_label`, `delete_span`, `add_relation`, `delete_relation`), one transaction each,
shown only after it committed. It only acts while review mode is active, and only edits while
"Edit gold" (E) is on; otherwise it just selects.
"""

from __future__ import annotations

from collections.abc import Callable

from annotator.core.adjudication import Adjudication
from annotator.core.commands import AddRelation, AddSpan, Command, DeleteRelation, DeleteSpan, SetLabel
from annotator.qt.tagging import Tagger


class GoldEditor:
    """Duck-types the part of `EditController` that `Tagger` uses: `session` and `execute`."""

    def __init__(self, mode) -> None:
        self.mode = mode

    @property
    def session(self):
        return self.mode.document_id  # truthy while a document is reviewed

    def execute(self, command: Command) -> bool:
        mode = self.mode
        review, doc, who = mode.review, mode.document_id, mode.reviewer_name
        text = mode.text
        call: Callable[[], Adjudication]
        if isinstance(command, AddSpan):
            call = lambda: review.add_span(doc, command.span.key, who)  # noqa: E731
        elif isinstance(command, DeleteSpan):
            call = lambda: review.delete_span(doc, command.span.key, who)  # noqa: E731
        elif isinstance(command, SetLabel):
            call = lambda: review.set_label(doc, command.span.key, command.label, who)  # noqa: E731
        elif isinstance(command, AddRelation):
            call = lambda: review.add_relation(doc, command.relation.key, who)  # noqa: E731
        elif isinstance(command, DeleteRelation):
            call = lambda: review.delete_relation(doc, command.relation.key, who)  # noqa: E731
        else:
            return False
        return mode.run(f"gold: {command.describe(text)}", call)


class GoldTagger(Tagger):
    def __init__(self, view, mode, schema, parent=None) -> None:
        self.mode = mode
        self.active = False  # review mode is on
        super().__init__(view, GoldEditor(mode), schema, parent)
        self.enabled = False  # "Edit gold" (E) is on

    def _editing(self) -> bool:
        if not self.enabled:
            self.message.emit("Press E (Review → Edit gold) to add, relabel or delete gold spans and relations")
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
