"""What the reviewer does in review mode: step through conflicts, decide, edit gold, undo, merge.

A mixin of `ReviewMode` (`annotator.qt.review.mode`). Every step is one `Review` service call run
through the window's `run_op` (one transaction; shown only after it committed); each saved step
returns the step that undoes it, kept on the mode's own `History`.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import suppress
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt

from annotator.core.adjudication import Adjudication, Decision, SetDecisions
from annotator.core.document import Span, describe_key, is_span_key
from annotator.core.errors import AnnotationError, AnnotatorError, ConcurrencyError
from annotator.core.history import Entry
from annotator.qt.i18n import arg, translate
from annotator.qt.review.dashboard import AgreementDialog
from annotator.qt.tagging import HEAD_COLOR, TAIL_COLOR

if TYPE_CHECKING:
    from annotator.services.review import Decided
from annotator.qt.review.layer import state_name
from annotator.qt.review.merge_dialog import MergeDialog

NOT_REVIEWER_TIP = QT_TRANSLATE_NOOP(
    "ReviewMode",
    "Only a reviewer can open review mode. Tick Review → Act as reviewer, or start with "
    "annotator --user NAME --role reviewer"
)


class ReviewSteps:
    """The reviewer's actions (mixed into `ReviewMode`)."""

    # -- applying service calls ------------------------------------------------------------------
    def run(self, text: str, step: SetDecisions, saved: Callable[[Decided], None] | None = None) -> bool:
        """Save one review step (one service call, one transaction); show its result only when it committed.

        The step goes on the history with the inverse the service returned (`saved` replaces that:
        undo and redo move the history instead). Through the window's `WriteRunner`: while another
        program holds the database's lock this returns False at once and the result is shown when
        the call commits.
        """
        if self.adj is None or self.document_id is None:
            self.message(translate("ReviewMode", "Open a document first"))
            return False
        review, who = self.review, self.reviewer_name

        def done(result: Decided) -> None:
            if saved is not None:
                saved(result)
            elif result.inverse.items:  # a step that changed no decision is not undone
                self.history.push(step, result.inverse, text)
            self._apply(result.adjudication)
            self.last_message = f"Saved: {text}"

        return self.window.run_op(text, lambda: review.apply_decisions(step, who), done, self._note_error)

    def _apply(self, adj: Adjudication) -> None:
        self.adj = adj
        if self.layer is not None:
            self.layer.update_adjudication(adj)
        self.conflict_model.set_adjudication(adj, self.text)
        if self.layer_combo.currentData() == "\x00gold":
            self._show_side_layer()
        self._show_state()
        key = self.current_key
        if key is not None:
            known = adj.span(key) if is_span_key(key) else adj.relation(key)
            self.select_candidate(key if known is not None else None, reveal=False)

    def _note_error(self, exc: Exception) -> None:
        """Remember how an action ended (the host shows it: status bar for a refusal, a box for a failure)."""
        if isinstance(exc, AnnotationError):
            self.last_message = arg(translate("ReviewMode", "Not done: %1"), exc)
        else:
            self.last_error = str(exc)
        if isinstance(exc, ConcurrencyError) and self.document_id is not None:
            # another reviewer decided meanwhile: show the document as it now stands (what she
            # decided), so the next key acts on it knowingly
            with suppress(AnnotatorError):
                self._apply(self.review.candidates(self.document_id))

    def fail(self, message: str) -> None:
        """A failure outside a user action (e.g. reading the review): ✖ NOT SAVED and a box."""
        self.last_error = message
        self.window.show_failure(message)

    def message(self, text: str) -> None:
        self.last_message = text
        self.window.show_message(text)

    # -- J / K, selection ------------------------------------------------------------------------
    def _order(self) -> dict[Any, int]:
        return {c.key: i for i, c in enumerate(self.adj.candidates)} if self.adj is not None else {}

    def step(self, forward: bool = True) -> Any:
        """Select the next (previous) open conflict after the selected candidate; wraps around."""
        if self.adj is None:
            return None
        conflicts = self.adj.conflicts()
        if not conflicts:
            self.message(translate("ReviewMode", "No conflicts left in this document — Ctrl+J opens the next document to adjudicate"))
            return None
        order = self._order()
        pos = order.get(self.current_key, self._last_pos)
        if forward:
            after = [c for c in conflicts if order[c.key] > pos]
            target = after[0] if after else conflicts[0]
        else:
            before = [c for c in conflicts if order[c.key] < pos] if pos >= 0 else []
            target = before[-1] if before else conflicts[-1]
        self.select_candidate(target.key, reveal=True)
        i = conflicts.index(target) + 1
        self.message(arg(translate("ReviewMode", "Conflict %1 of %2: %3 (%4)"), i, len(conflicts),
                         describe_key(target.key, self.text), state_name(target.state)))
        return target.key

    def select_candidate(self, key: Any, reveal: bool = True) -> None:
        if self.adj is None:
            return
        view = self.window.article_view
        self.current_key = key
        order = self._order()
        if key in order:
            self._last_pos = order[key]
        if key is None:
            view.set_selected_span(None)
            view.set_emphasis({})
        elif is_span_key(key):
            view.set_emphasis({})
            view.set_selected_span(Span(*key), reveal=reveal)
        else:
            view.set_selected_span(None)
            view.set_emphasis({key[0]: HEAD_COLOR, key[1]: TAIL_COLOR})
            if reveal:
                view.set_selected_span(None, reveal=False)
                view.select_range(key[0][0], key[0][0], center=True)
        self.conflict_list.select_key(key)
        if reveal and key is not None:
            self._follow_scroll()
            side_key = key if is_span_key(key) else key[0]
            shown = {s.key for s in self._side_set()[0]}
            self.side_view.set_selected_span(Span(*side_key) if side_key in shown else None)

    def _on_relation_clicked(self, relation) -> None:
        """An arc was clicked in the merged view: its relation candidate is selected (A / X act on it)."""
        if self.active and self.adj is not None and self.adj.relation(relation.key) is not None:
            self.select_candidate(relation.key, reveal=False)

    def _on_span_selected(self, span) -> None:
        if self.active:
            self.current_key = span.key if span is not None else None
            self.conflict_list.select_key(self.current_key)
            order = self._order()
            if self.current_key in order:
                self._last_pos = order[self.current_key]

    def _filter_changed(self, open_only: bool) -> None:
        self.conflict_model.set_open_only(self.adj, self.text, open_only)
        self.conflict_list.select_key(self.current_key)

    # -- A / X / E / undo ------------------------------------------------------------------------
    def decide(self, decision: Decision) -> bool:
        key = self.current_key
        if key is None:
            self.message(translate("ReviewMode", "Select a candidate first: J / K, or click a span"))
            return False
        verb = translate("ReviewMode", "accept %1") if decision is Decision.ACCEPT else translate("ReviewMode", "reject %1")
        if self.document_id is None:
            self.message(translate("ReviewMode", "Open a document first"))
            return False
        return self.run(arg(verb, describe_key(key, self.text)), SetDecisions(self.document_id, ((key, decision),)))

    def toggle_edit(self) -> None:
        self.tagger.enabled = self.edit_action.isChecked()
        self.window.labels_dock.setVisible(self.tagger.enabled)
        if self.tagger.enabled:
            self.message(translate("ReviewMode", "Editing gold: select text + label key adds a span; on a span a label key relabels, "
                         "Delete deletes, R + click adds a relation. E again to stop."))
        else:
            self.tagger.pending_head = None
            self.message(translate("ReviewMode", "Editing gold off"))

    def _palette_clicked(self, label: str) -> None:
        if self.active and self.tagger.enabled:
            self.tagger.apply_label(label)
            self.window.article_view.setFocus()

    def undo(self) -> bool:
        """Undo the last decision or gold edit: its inverse is saved, then the history moves."""
        return self._walk(backwards=True)

    def redo(self) -> bool:
        return self._walk(backwards=False)

    def _walk(self, backwards: bool) -> bool:
        entry = self.history.undo_entry() if backwards else self.history.redo_entry()
        if entry is None:
            self.message(translate("ReviewMode", "Nothing to undo") if backwards
                         else translate("ReviewMode", "Nothing to redo"))
            return False
        if backwards:
            return self._step(arg(translate("ReviewMode", "undo %1"), entry.description), entry, entry.inverse, self.history.undone)
        return self._step(arg(translate("ReviewMode", "redo %1"), entry.description), entry, entry.forward, self.history.redone)

    def _step(self, text: str, entry: Entry[SetDecisions], step: SetDecisions,
              move: Callable[[Entry[SetDecisions], SetDecisions | None], None]) -> bool:
        if step.document_id != self.document_id:
            self.message(translate("ReviewMode", "The last decision was made on another document"))
            return False
        # what applying the step returned reverses it (kept unless the step changed nothing)
        return self.run(text, step, lambda result: move(entry, result.inverse if result.inverse.items else None))

    # -- documents, merge, dashboard -------------------------------------------------------------
    def next_document(self) -> int | None:
        try:
            rows = self.review.status()
        except AnnotatorError as exc:
            self.fail(str(exc))
            return None
        todo = [r.document_id for r in rows if r.state in ("conflicts", "to merge")]
        if not todo:
            self.message(translate("ReviewMode", "No document left to adjudicate"))
            return None
        here = self.document_id or 0
        nxt = next((d for d in todo if d > here), todo[0])
        if nxt == self.document_id:
            self.message(translate("ReviewMode", "This is the only document left to adjudicate"))
            return nxt
        self.open_in_review(nxt)
        return nxt

    def open_in_review(self, document_id: int) -> bool:
        w = self.window
        if not w.annotator.is_reviewer:
            self.message(translate("ReviewMode", NOT_REVIEWER_TIP))
            return w.open_document(document_id)
        self.sticky = True
        if document_id == w.document_id:
            w.set_mode(self)
            return True
        return w.open_document(document_id)  # document_opened brings review mode back

    def open_merge_dialog(self) -> MergeDialog:
        dlg = MergeDialog(self.window, has_document=self.document_id is not None)
        dlg.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dlg.accepted.connect(lambda: self.merge(dlg.policy(), dlg.all_documents()))
        self.merge_dialog = dlg
        dlg.open()
        return dlg

    def merge(self, policy: str, all_documents: bool = False) -> bool:
        doc = None if all_documents or self.document_id is None else self.document_id

        review, who = self.review, self.reviewer_name
        return self.window.run_op(arg(translate("ReviewMode", "merge with %1"), policy), lambda: review.merge(policy, who, doc),
                                  lambda report: self._merged(report, all_documents), self._note_error)

    def _merged(self, report, all_documents: bool) -> None:
        self.history.clear()  # a merge is not undone decision by decision
        if self.document_id is not None:
            try:
                self._apply(self.review.candidates(self.document_id))
            except AnnotatorError as exc:
                self.fail(str(exc))
        self._show_state(refresh_progress=all_documents)
        self.message(arg(
            translate("ReviewMode", "merged %1 document(s) with %2: +%3/-%4 span(s), %5 conflict(s) left"),
            report.documents, report.policy, report.spans_added, report.spans_removed, report.conflicts_left))

    def open_dashboard(self) -> AgreementDialog:
        if self.dashboard is None:
            self.dashboard = AgreementDialog(self.review, self.window)
            self.dashboard.document_requested.connect(self.open_in_review)
        self.dashboard.compute()
        self.dashboard.show()
        self.dashboard.raise_()
        return self.dashboard
