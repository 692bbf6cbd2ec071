"""Review mode: the merged view of the article, coloured by candidate state, for a reviewer.

Installed into the window by `install_review_mode(host)` (in `annotator.qt.wiring.build_window`;
the mode uses only what `annotator.qt.host.ModeHost` offers, and runs every action through
`host.run_op`): a
`Mode → Review` action (Ctrl+R / F9, disabled with a tooltip for non-reviewers), a `Review` menu,
a toolbar with the legend and the progress, a "Conflicts" dock and a "Layer" dock (one
annotator's layer, or gold, beside the merged view). Everything it shows comes from
`annotator.services.review.Review`; every key is one service call (one transaction), shown only
after it committed:

- J / K: next / previous open conflict (selected, scrolled to, outlined);
- A / X: accept / reject the selected candidate; Ctrl+Z undoes the last decision or gold edit,
  Ctrl+Shift+Z (Ctrl+Y) redoes it — one `History` of review steps (`SetDecisions`, each saved
  step returns the step that undoes it), apart from the annotation undo;
- E: edit gold: select text + label key adds a span, label key on a span relabels it, Delete
  deletes, R then a click adds a relation (the window's own tagging gestures);
- Ctrl+J: next document to adjudicate; Ctrl+M: merge (policy chooser); Ctrl+Shift+G: agreement.

A reviewer lands in review mode when the window starts (`land`, from `open_initial_document`),
unless she last left it for annotating: the last mode is kept per user in the settings. While
review mode is on, the document list shows each document's review state (conflicts first).
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QDockWidget,
)

from annotator.core.adjudication import Adjudication, SetDecisions
from annotator.core.document import Relation, Role, Span
from annotator.core.errors import AnnotatorError
from annotator.core.history import History
from annotator.qt.i18n import arg, translate
from annotator.qt.layers import SchemaSpanLayer
from annotator.qt.review.chrome import ReviewChrome
from annotator.qt.review.dashboard import AgreementDialog
from annotator.qt.review.gold import GoldTagger
from annotator.qt.review.layer import ReviewSpanLayer, state_name
from annotator.qt.review.merge_dialog import MergeDialog
from annotator.qt.review.steps import NOT_REVIEWER_TIP, ReviewSteps
from annotator.qt.settings import last_mode, remember_mode

if TYPE_CHECKING:
    from annotator.qt.host import ModeHost
    from annotator.services.review import Review

PROGRESS_REFRESH_SECONDS = 60.0


class ReviewMode(ReviewChrome, ReviewSteps, QObject):
    """Review mode (see the module docstring): docks and actions in `ReviewChrome`, the reviewer's steps in `ReviewSteps`."""

    name = QT_TRANSLATE_NOOP("Modes", "&Review")  # the Mode menu shows it translated

    @property
    def review(self) -> Review:
        if self._review is None:
            from annotator.services.review import Review

            self._review = Review(self.window.project)
        return self._review

    def __init__(self, window: ModeHost) -> None:
        super().__init__(window)  # type: ignore[arg-type]  # the host is the window (a QObject)
        self.window = window
        self._review: Review | None = None  # created on first use: keeps numpy off the start-up path
        self.document_id: int | None = None
        self.text = ""
        self.adj: Adjudication | None = None
        self.layer: ReviewSpanLayer | None = None
        self.active = False
        self.sticky = False  # stay in review mode when another document is opened
        self.current_key: Any = None
        self._last_pos = -1
        self.history: History[SetDecisions] = History()  # the reviewer's steps on this document
        self.last_error: str | None = None
        self.last_message = ""
        self._progress_at = 0.0
        self._sized = False
        self._hidden_docks: list[QDockWidget] = []
        self._saved_shortcuts: list[tuple[QAction, list[QKeySequence]]] = []
        self.dashboard: AgreementDialog | None = None
        self.merge_dialog: MergeDialog | None = None

        self._list_sync = QTimer(self, singleShot=True, interval=0)
        self._list_sync.timeout.connect(self._sync_document_list)
        self._build_docks()
        self._build_toolbar()
        self._build_actions()
        self.tagger = GoldTagger(window.article_view, self, window.schema, self)
        self.tagger.message.connect(self.message)
        self.tagger.span_selected.connect(self._on_span_selected)
        window.article_view.relation_clicked.connect(self._on_relation_clicked)
        window.palette.label_clicked.connect(self._palette_clicked)
        window.document_opened.connect(self._on_document_opened)
        window.annotate_mode_action.triggered.connect(self._left_by_user)
        window.mode_menu.aboutToShow.connect(self.sync_role)
        self.sync_role()
        window.installEventFilter(self)
        self._show_widgets(False)
        QTimer.singleShot(0, lambda: self._show_widgets(self.active))  # after the window restored its state

    # -- role ------------------------------------------------------------------------------------
    def sync_role(self) -> None:
        is_rev = self.window.annotator.is_reviewer
        self.role_action.setChecked(is_rev)
        self.mode_action.setEnabled(is_rev)
        tip = (translate("ReviewMode", "Review mode: the annotators' work merged, coloured by state") if is_rev
               else translate("ReviewMode", NOT_REVIEWER_TIP))
        self.mode_action.setToolTip(tip)
        self.mode_action.setStatusTip(tip)

    def set_reviewer_role(self, on: bool) -> bool:
        w = self.window
        role = Role.REVIEWER if on else Role.ANNOTATOR

        def error(exc: Exception) -> None:
            self._note_error(exc)
            self.sync_role()

        return w.run_op(arg(translate("ReviewMode", "make %1 %2"), w.annotator.name, role.value), lambda: w.project.annotator(w.annotator.name, role),
                        lambda annotator: self._role_set(annotator, on), error)

    def _role_set(self, annotator, on: bool) -> None:
        w = self.window
        w.set_current_annotator(annotator)
        self.sync_role()
        if not on and self.active:
            self.sticky = False
            w.set_mode(None)
        self.message(arg(translate("ReviewMode", "%1 is now a reviewer") if on
                         else translate("ReviewMode", "%1 is now an annotator"), w.annotator.name))

    @property
    def reviewer_name(self) -> str:
        return self.window.annotator.name

    # -- activation (the window's Mode protocol) -------------------------------------------------
    def activate(self, window: ModeHost) -> None:
        if not window.annotator.is_reviewer:
            self.sticky = False
            self.message(translate("ReviewMode", NOT_REVIEWER_TIP))
            window.set_mode(None)
            return
        self.active = self.sticky = True
        self.tagger.active = True
        self.mode_action.setChecked(True)
        self._list_sync.stop()
        remember_mode(window.settings, window.annotator.name, "review")
        for act in (window.undo_action, window.redo_action):  # Ctrl+Z undoes decisions here
            self._saved_shortcuts.append((act, act.shortcuts()))
            act.setShortcuts([])
        for act in self._review_actions:
            act.setEnabled(True)
        # the reviewer's own annotation set is not what is reviewed here; labels show while editing gold
        self._hidden_docks = [
            d for d in (window.spans_dock, window.relations_dock, window.labels_dock) if d.isVisible()
        ]
        for d in self._hidden_docks:
            d.hide()
        self._show_widgets(True)
        window.labels_dock.setVisible(self.tagger.enabled)
        if not self._sized:
            self._sized = True
            window.resizeDocks([self.layer_dock], [max(420, window.width() // 3)], Qt.Orientation.Horizontal)
            window.resizeDocks([self.conflicts_dock], [max(200, window.height() // 4)], Qt.Orientation.Vertical)
        self.load(window.document_id)
        self._sync_document_list()

    def deactivate(self, window: ModeHost) -> None:
        self.active = False
        self.tagger.active = False
        self.tagger.pending_head = None
        for act, keys in self._saved_shortcuts:
            act.setShortcuts(keys)
        self._saved_shortcuts = []
        for act in self._review_actions:
            act.setEnabled(False)
        self._show_widgets(False)
        window.labels_dock.hide()
        for d in self._hidden_docks:
            d.show()
        self._hidden_docks = []
        window.article_view.set_emphasis({})
        self.current_key = None
        # opening another document leaves and re-enters review mode at once: the list follows
        # only when review mode is really left
        self._list_sync.start()

    def _sync_document_list(self) -> None:
        """The document list shows review states while review mode is on, the annotator's otherwise."""
        doc_list = self.window.document_list
        try:
            doc_list.set_review(self.review if self.active else None)
        except AnnotatorError as exc:
            self.fail(arg(translate("ReviewMode", "Could not list the documents: %1"), exc))
            return
        if self.window.document_id is not None:
            doc_list.show_current(self.window.document_id)

    def _show_widgets(self, on: bool) -> None:
        self.conflicts_dock.setVisible(on)
        self.layer_dock.setVisible(on)
        self.toolbar.setVisible(on)

    def eventFilter(self, obj, event) -> bool:
        if obj is self.window and event.type() == QEvent.Type.Close and self.active:
            self.window.set_mode(None)  # the window saves its dock layout next: save the annotating one
        return False

    def _left_by_user(self) -> None:
        self.sticky = False
        remember_mode(self.window.settings, self.window.annotator.name, "annotate")

    def land(self) -> bool:
        """Start-up: a reviewer opens in review mode, unless she last left it for annotating.

        With nothing to review yet (no annotator has finished a document) she still lands here;
        the toolbar, the conflict list and the document list say so (no question asked).
        """
        w = self.window
        if not w.annotator.is_reviewer or last_mode(w.settings, w.annotator.name) == "annotate":
            return False
        return self.enter()

    def _on_document_opened(self, document_id: int) -> None:
        self.sync_role()
        self.history.clear()
        if self.sticky and self.window.annotator.is_reviewer and self.window.mode is None:
            self.window.set_mode(self)

    def enter(self) -> bool:
        """Open review mode (as the Mode action does); False when refused."""
        self.sync_role()
        if not self.mode_action.isEnabled():
            self.message(translate("ReviewMode", NOT_REVIEWER_TIP))
            return False
        self.window.set_mode(self)
        return self.active

    # -- loading ---------------------------------------------------------------------------------
    def load(self, document_id: int | None) -> None:
        w = self.window
        self.document_id = document_id
        self.current_key = None
        self._last_pos = -1
        if document_id is None:
            self.adj = None
            self.conflict_model.set_adjudication(None)
            for lab in self.legend.values():
                lab.setText("")
                lab.hide()
            self._show_progress(refresh=time.monotonic() - self._progress_at > PROGRESS_REFRESH_SECONDS)
            return
        for lab in self.legend.values():
            lab.show()
        try:
            adj = self.review.candidates(document_id)
            self.text = w.project.document(document_id).text
        except AnnotatorError as exc:
            self.fail(arg(translate("ReviewMode", "Could not load the review of this document: %1"), exc))
            return
        self.adj = adj
        self.layer = ReviewSpanLayer(self.text, adj, schema=w.schema)  # no Qt parent: freed with the next document
        w.article_view.set_layer(self.layer)
        w.article_view.set_emphasis({})
        self.conflict_model.set_adjudication(adj, self.text)
        self.side_view.set_article(self.text, None, w.article_view.tokens)
        self._fill_layer_combo(adj)
        self._show_state(refresh_progress=time.monotonic() - self._progress_at > PROGRESS_REFRESH_SECONDS)
        n = adj.conflicts_left
        if not adj.participants:
            self.message(translate("ReviewMode", "Review: nobody has annotated this article yet — Ctrl+J opens the next document to adjudicate"))
        elif not adj.finished:
            self.message(arg(translate("ReviewMode", "Review: no annotator has finished this article yet — "
                                            "%1 candidate(s), all incomplete"), n))
        elif n == 0:
            self.message(translate("ReviewMode", "Review: no conflicts left in this document — Ctrl+M merges, Ctrl+J opens the next one to adjudicate"))
        else:
            self.message(arg(translate("ReviewMode", "Review: %1 conflict(s) left in this document — "
                                            "J / K to step through them, A accept, X reject"), n))

    def _fill_layer_combo(self, adj: Adjudication) -> None:
        previous = self.layer_combo.currentData()
        self.layer_combo.blockSignals(True)
        self.layer_combo.clear()
        self.layer_combo.addItem(translate("ReviewMode", "Gold"), "\x00gold")
        for name in adj.participants:
            shown = name if name in adj.finished else arg(translate("ReviewMode", "%1 (not done)"), name)
            self.layer_combo.addItem(shown, name)
        i = self.layer_combo.findData(previous)
        if i < 0 and adj.participants:
            i = self.layer_combo.findData(adj.participants[0])
        self.layer_combo.setCurrentIndex(max(0, i))
        self.layer_combo.blockSignals(False)
        self._show_side_layer()

    def _side_set(self) -> tuple[list[Span], list[Relation]]:
        """The spans and relations of the layer shown beside the merged view (gold or one annotator's)."""
        adj = self.adj
        if adj is None:
            return [], []
        which = self.layer_combo.currentData()
        if which == "\x00gold":
            return [c.span for c in adj.spans if c.in_gold], [c.relation for c in adj.relations if c.in_gold]
        aset = adj.layers.get(which)
        return (list(aset.spans), list(aset.relations)) if aset is not None else ([], [])

    def _show_side_layer(self) -> None:
        if self.adj is None:
            return
        spans, relations = self._side_set()
        layer = SchemaSpanLayer(self.text, self.window.schema, spans, None, relations)
        self.side_view.set_layer(layer)
        self._follow_scroll()

    def _follow_scroll(self, *_args) -> None:
        if not self.active:
            return
        src = self.window.article_view.verticalScrollBar()
        dst = self.side_view.verticalScrollBar()
        if src.maximum() > 0:
            dst.setValue(round(dst.maximum() * src.value() / src.maximum()))

    def _show_state(self, refresh_progress: bool = False) -> None:
        adj = self.adj
        if adj is not None:
            counts = adj.counts()
            for state, lab in self.legend.items():
                lab.setText(f"{state_name(state)} {counts.get(state.value, 0)}")
        self._show_progress(refresh_progress)

    def _show_progress(self, refresh: bool = False) -> None:
        """The toolbar's progress, and the review states of the document list (same cache)."""
        try:
            p = self.review.progress(self.document_id, refresh=refresh)
        except AnnotatorError as exc:
            self.progress_label.setText(translate("ReviewMode", "Progress unavailable"))
            self.progress_label.setToolTip(str(exc))
            return
        if refresh:
            self._progress_at = time.monotonic()
        self.progress = p
        others = arg(translate("ReviewMode", "%1 document(s) adjudicated, %2 being annotated (nobody finished), "
                                          "%3 not started"),
                     p.documents_done, p.documents_waiting, p.documents_unannotated)
        # two short lines: this document, then the corpus (one long line would not fit the toolbar)
        if p.documents_left == 0 and p.documents_done == 0:
            text = translate("ReviewMode", "Nothing to review yet:\nno annotator has finished a document")
            tip = arg(translate("ReviewMode", "%1. Documents appear here once an annotator marks them done."), others)
        else:
            here = (arg(translate("ReviewMode", "%1 conflict(s) left here"), p.conflicts_left)
                    if self.document_id is not None else translate("ReviewMode", "No document open"))
            text = here + "\n" + arg(translate("ReviewMode", "%1 of %2 document(s) left to adjudicate"),
                                     p.documents_left, p.documents_total)
            tip = others
        self.progress_label.setText(text)
        self.progress_label.setToolTip(tip)
        model = self.window.document_model
        if model.in_review:
            ids = model.fetched_ids() if refresh else [self.document_id]
            model.update_review(r for r in map(self.review.cached_status, ids) if r is not None)


def install_review_mode(window: ModeHost) -> ReviewMode:
    """Add review mode to the window (its action, menu, toolbar and docks)."""
    return ReviewMode(window)
