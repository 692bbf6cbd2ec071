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
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDockWidget,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QSpinBox,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from annotator.core.adjudication import Adjudication, CandidateState, Decision, SetDecisions
from annotator.core.document import Relation, Role, Span, describe_key, is_span_key
from annotator.core.errors import AnnotationError, AnnotatorError
from annotator.core.history import Entry, History
from annotator.qt.article_view import ArticleView
from annotator.qt.layers import SchemaSpanLayer
from annotator.qt.review.conflicts import ConflictListWidget, ConflictTableModel
from annotator.qt.review.dashboard import AgreementDialog
from annotator.qt.review.gold import GoldTagger
from annotator.qt.review.layer import LEGEND_ORDER, STATE_STYLES, ReviewSpanLayer
from annotator.qt.settings import last_mode, remember_mode
from annotator.qt.tagging import HEAD_COLOR, TAIL_COLOR

if TYPE_CHECKING:
    from annotator.qt.host import ModeHost
    from annotator.services.review import Decided, Review

NOT_REVIEWER_TIP = (
    "Only a reviewer can open review mode. Tick Review → Act as reviewer, or start with "
    "annotator --user NAME --role reviewer"
)
PROGRESS_REFRESH_SECONDS = 60.0


class MergeDialog(QDialog):
    """Policy chooser for `Review.merge`: unanimous / majority / min-agree N, this document or all."""

    def __init__(self, parent: QWidget | None = None, has_document: bool = True) -> None:
        super().__init__(parent)
        self.setWindowTitle("Merge into gold")
        form = QFormLayout(self)
        self.policy_combo = QComboBox()
        self.policy_combo.addItem("unanimous — every annotator who finished agrees", "unanimous")
        self.policy_combo.addItem("majority — more than half of them", "majority")
        self.policy_combo.addItem("min-agree — at least N of them", "min-agree")
        self.n_spin = QSpinBox()
        self.n_spin.setRange(1, 99)
        self.n_spin.setValue(2)
        self.scope_combo = QComboBox()
        if has_document:
            self.scope_combo.addItem("This document", "document")
        self.scope_combo.addItem("All documents", "all")
        form.addRow("Policy:", self.policy_combo)
        form.addRow("N:", self.n_spin)
        form.addRow("Documents:", self.scope_combo)
        note = QLabel("Your decisions are kept; only the automatic part of gold is recomputed.")
        note.setWordWrap(True)
        form.addRow(note)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Merge")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.policy_combo.currentIndexChanged.connect(lambda _i: self._sync())
        self._sync()

    def _sync(self) -> None:
        self.n_spin.setEnabled(self.policy_combo.currentData() == "min-agree")

    def policy(self) -> str:
        kind = self.policy_combo.currentData()
        return f"min-agree:{self.n_spin.value()}" if kind == "min-agree" else kind

    def all_documents(self) -> bool:
        return self.scope_combo.currentData() == "all"


class ReviewMode(QObject):
    name = "&Review"

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
        window.palette.label_clicked.connect(self._palette_clicked)
        window.document_opened.connect(self._on_document_opened)
        window.annotate_mode_action.triggered.connect(self._left_by_user)
        window.mode_menu.aboutToShow.connect(self.sync_role)
        self.sync_role()
        window.installEventFilter(self)
        self._show_widgets(False)
        QTimer.singleShot(0, lambda: self._show_widgets(self.active))  # after the window restored its state

    # -- building --------------------------------------------------------------------------------
    def _build_docks(self) -> None:
        w = self.window
        self.conflict_model = ConflictTableModel(self)
        self.conflict_list = ConflictListWidget(self.conflict_model)
        self.conflict_list.candidate_chosen.connect(lambda key: self.select_candidate(key, reveal=True))
        self.conflict_list.filter_changed.connect(self._filter_changed)
        self.conflicts_dock = w.add_dock("Conflicts", self.conflict_list, Qt.DockWidgetArea.BottomDockWidgetArea)

        box = QWidget()
        lay = QVBoxLayout(box)
        lay.setContentsMargins(2, 2, 2, 2)
        row = QHBoxLayout()
        row.addWidget(QLabel("Show:"))
        self.layer_combo = QComboBox()
        self.layer_combo.setToolTip("One annotator's layer (or gold) beside the merged view")
        row.addWidget(self.layer_combo, 1)
        lay.addLayout(row)
        self.side_view = ArticleView()
        self.side_view.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        lay.addWidget(self.side_view, 1)
        self.layer_combo.currentIndexChanged.connect(lambda _i: self._show_side_layer())
        self.layer_dock = w.add_dock("Layer", box, Qt.DockWidgetArea.RightDockWidgetArea)
        w.article_view.verticalScrollBar().valueChanged.connect(self._follow_scroll)

    def _build_toolbar(self) -> None:
        tb = QToolBar("Review", self.window)
        tb.setObjectName("toolbar_review")
        tb.setMovable(False)
        self.progress_label = QLabel()
        self.progress_label.setStyleSheet("font-weight: bold; padding: 0 8px;")
        tb.addWidget(self.progress_label)
        tb.addSeparator()
        # the legend in two rows of short chips (the state's name and count; the tooltip explains):
        # one row of five would not fit 1280 px with a desktop's larger font
        legend = QWidget()
        grid = QGridLayout(legend)
        grid.setContentsMargins(2, 0, 2, 0)
        grid.setHorizontalSpacing(2)
        grid.setVerticalSpacing(1)
        self.legend: dict[CandidateState, QLabel] = {}
        for i, state in enumerate(LEGEND_ORDER):
            st = STATE_STYLES[state]
            lab = QLabel()
            border = "dashed" if st.dashed else "solid"
            lab.setStyleSheet(
                f"QLabel {{ background: {st.color}; border: 1px {border} {st.outline}; border-radius: 3px;"
                " padding: 0 5px; color: #111827; }"
            )
            lab.setToolTip(f"{st.title}: {st.help}")
            self.legend[state] = lab
            grid.addWidget(lab, i // 3, i % 3)
        self.legend_widget = legend
        tb.addWidget(legend)
        self.toolbar = tb
        self.window.addToolBar(Qt.ToolBarArea.TopToolBarArea, tb)

    def _action(self, menu, text: str, slot, shortcuts=(), tip: str = "", review_only: bool = True) -> QAction:
        act = QAction(text, self.window)
        if shortcuts:
            act.setShortcuts([QKeySequence(s) for s in shortcuts])
        act.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        if tip:
            act.setStatusTip(tip)
            act.setToolTip(tip)
        act.triggered.connect(lambda _checked=False: slot())
        menu.addAction(act)
        self.window.addAction(act)
        if review_only:
            act.setEnabled(False)
            self._review_actions.append(act)
        return act

    def _build_actions(self) -> None:
        w = self.window
        self._review_actions: list[QAction] = []
        self.mode_action = w.add_mode(self, "Ctrl+R")
        self.mode_action.setShortcuts([QKeySequence("Ctrl+R"), QKeySequence("F9")])
        w.mode_menu.setToolTipsVisible(True)
        menu = w.menuBar().addMenu("Re&view")
        menu.setToolTipsVisible(True)
        menu.aboutToShow.connect(self.sync_role)
        self.menu = menu
        self.role_action = QAction("Act as &reviewer", w, checkable=True)
        self.role_action.setStatusTip("Give the current user the reviewer role (stored in the database)")
        self.role_action.triggered.connect(self.set_reviewer_role)
        menu.addAction(self.role_action)
        menu.addAction(self.mode_action)
        menu.addSeparator()
        self.next_action = self._action(menu, "&Next conflict", lambda: self.step(True), ["J"])
        self.prev_action = self._action(menu, "&Previous conflict", lambda: self.step(False), ["K"])
        self.accept_action = self._action(menu, "&Accept", lambda: self.decide(Decision.ACCEPT), ["A"],
                                          "Accept the selected candidate into gold")
        self.reject_action = self._action(menu, "Re&ject", lambda: self.decide(Decision.REJECT), ["X"],
                                          "Reject the selected candidate (kept out of gold)")
        self.edit_action = self._action(menu, "&Edit gold", self.toggle_edit, ["E"],
                                        "Label keys, Delete and R edit gold while this is on")
        self.edit_action.setCheckable(True)
        self.undo_action = self._action(menu, "&Undo last decision", self.undo, ["Ctrl+Z"])
        self.redo_action = self._action(menu, "R&edo decision", self.redo, ["Ctrl+Shift+Z", "Ctrl+Y"])
        menu.addSeparator()
        self.next_doc_action = self._action(menu, "Next &document to adjudicate", self.next_document, ["Ctrl+J"])
        self.merge_action = self._action(menu, "&Merge into gold…", self.open_merge_dialog, ["Ctrl+M"])
        menu.addSeparator()
        self.dashboard_action = self._action(menu, "A&greement dashboard…", self.open_dashboard, ["Ctrl+Shift+G"],
                                             review_only=False)
        # the toolbar shows short names (iconText), the menu the full ones; tooltips name the keys
        self.merge_action.setIconText("Merge…")
        self.merge_action.setToolTip("Merge into gold: policy unanimous, majority or min-agree N (Ctrl+M)")
        self.dashboard_action.setIconText("Agreement…")
        self.dashboard_action.setToolTip("Agreement dashboard: how far the annotators agree (Ctrl+Shift+G)")
        self.toolbar.addSeparator()
        self.toolbar.addAction(self.merge_action)
        self.toolbar.addAction(self.dashboard_action)

    # -- role ------------------------------------------------------------------------------------
    def sync_role(self) -> None:
        is_rev = self.window.annotator.is_reviewer
        self.role_action.setChecked(is_rev)
        self.mode_action.setEnabled(is_rev)
        tip = "Review mode: the annotators' work merged, coloured by state" if is_rev else NOT_REVIEWER_TIP
        self.mode_action.setToolTip(tip)
        self.mode_action.setStatusTip(tip)

    def set_reviewer_role(self, on: bool) -> bool:
        w = self.window
        role = Role.REVIEWER if on else Role.ANNOTATOR

        def error(exc: Exception) -> None:
            self._note_error(exc)
            self.sync_role()

        return w.run_op(f"make {w.annotator.name} {role.value}", lambda: w.project.annotator(w.annotator.name, role),
                        lambda annotator: self._role_set(annotator, on), error)

    def _role_set(self, annotator, on: bool) -> None:
        w = self.window
        w.set_current_annotator(annotator)
        self.sync_role()
        if not on and self.active:
            self.sticky = False
            w.set_mode(None)
        self.message(f"{w.annotator.name} is now {'a reviewer' if on else 'an annotator'}")

    @property
    def reviewer_name(self) -> str:
        return self.window.annotator.name

    # -- activation (the window's Mode protocol) -------------------------------------------------
    def activate(self, window: ModeHost) -> None:
        if not window.annotator.is_reviewer:
            self.sticky = False
            self.message(NOT_REVIEWER_TIP)
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
            self.fail(f"Could not list the documents: {exc}")
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
            self.message(NOT_REVIEWER_TIP)
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
            self.fail(f"Could not load the review of this document: {exc}")
            return
        self.adj = adj
        self.layer = ReviewSpanLayer(self.text, adj, self)
        w.article_view.set_layer(self.layer)
        w.article_view.set_emphasis({})
        self.conflict_model.set_adjudication(adj, self.text)
        self.side_view.set_article(self.text, None, w.article_view.tokens)
        self._fill_layer_combo(adj)
        self._show_state(refresh_progress=time.monotonic() - self._progress_at > PROGRESS_REFRESH_SECONDS)
        n = adj.conflicts_left
        if not adj.participants:
            self.message("Review: nobody has annotated this article yet — Ctrl+J opens the next document to adjudicate")
        elif not adj.finished:
            self.message(f"Review: no annotator has finished this article yet — {n} candidate(s), all incomplete")
        elif n == 0:
            self.message("Review: no conflicts left in this document — Ctrl+M merges, Ctrl+J opens the next one to adjudicate")
        else:
            self.message(f"Review: {n} conflict(s) left in this document — J / K to step through them, A accept, X reject")

    def _fill_layer_combo(self, adj: Adjudication) -> None:
        previous = self.layer_combo.currentData()
        self.layer_combo.blockSignals(True)
        self.layer_combo.clear()
        self.layer_combo.addItem("Gold", "\x00gold")
        for name in adj.participants:
            done = "" if name in adj.finished else " (not done)"
            self.layer_combo.addItem(f"{name}{done}", name)
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
        layer = SchemaSpanLayer(self.text, self.window.schema, spans, self, relations)
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
                lab.setText(f"{state.value} {counts.get(state.value, 0)}")
        self._show_progress(refresh_progress)

    def _show_progress(self, refresh: bool = False) -> None:
        """The toolbar's progress, and the review states of the document list (same cache)."""
        try:
            p = self.review.progress(self.document_id, refresh=refresh)
        except AnnotatorError as exc:
            self.progress_label.setText("Progress unavailable")
            self.progress_label.setToolTip(str(exc))
            return
        if refresh:
            self._progress_at = time.monotonic()
        self.progress = p
        others = (
            f"{p.documents_done} document(s) adjudicated, {p.documents_waiting} being annotated (nobody finished), "
            f"{p.documents_unannotated} not started"
        )
        # two short lines: this document, then the corpus (one long line would not fit the toolbar)
        if p.documents_left == 0 and p.documents_done == 0:
            text = "Nothing to review yet:\nno annotator has finished a document"
            tip = f"{others}. Documents appear here once an annotator marks them done."
        else:
            here = f"{p.conflicts_left} conflict(s) left here" if self.document_id is not None else "No document open"
            text = f"{here}\n{p.documents_left} of {p.documents_total} document(s) left to adjudicate"
            tip = others
        self.progress_label.setText(text)
        self.progress_label.setToolTip(tip)
        model = self.window.document_model
        if model.in_review:
            ids = model.fetched_ids() if refresh else [self.document_id]
            model.update_review(r for r in map(self.review.cached_status, ids) if r is not None)

    # -- applying service calls ------------------------------------------------------------------
    def run(self, text: str, step: SetDecisions, saved: Callable[[Decided], None] | None = None) -> bool:
        """Save one review step (one service call, one transaction); show its result only when it committed.

        The step goes on the history with the inverse the service returned (`saved` replaces that:
        undo and redo move the history instead). Through the window's `WriteRunner`: while another
        program holds the database's lock this returns False at once and the result is shown when
        the call commits.
        """
        if self.adj is None or self.document_id is None:
            self.message("Open a document first")
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
            self.last_message = f"Not done: {exc}"
        else:
            self.last_error = str(exc)

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
            self.message("No conflicts left in this document — Ctrl+J opens the next document to adjudicate")
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
        self.message(f"Conflict {i} of {len(conflicts)}: {describe_key(target.key, self.text)} ({target.state.value})")
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
            self.message("Select a candidate first: J / K, or click a span")
            return False
        verb = "accept" if decision is Decision.ACCEPT else "reject"
        if self.document_id is None:
            self.message("Open a document first")
            return False
        return self.run(f"{verb} {describe_key(key, self.text)}", SetDecisions(self.document_id, ((key, decision),)))

    def toggle_edit(self) -> None:
        self.tagger.enabled = self.edit_action.isChecked()
        self.window.labels_dock.setVisible(self.tagger.enabled)
        if self.tagger.enabled:
            self.message("Editing gold: select text + label key adds a span; on a span a label key relabels, "
                         "Delete deletes, R + click adds a relation. E again to stop.")
        else:
            self.tagger.pending_head = None
            self.message("Editing gold off")

    def _palette_clicked(self, label: str) -> None:
        if self.active and self.tagger.enabled:
            self.tagger.apply_label(label)
            self.window.article_view.setFocus()

    def undo(self) -> bool:
        """Undo the last decision or gold edit: its inverse is saved, then the history moves."""
        entry = self.history.undo_entry()
        if entry is None:
            self.message("Nothing to undo")
            return False
        return self._step(f"undo {entry.description}", entry, entry.inverse, self.history.undone)

    def redo(self) -> bool:
        entry = self.history.redo_entry()
        if entry is None:
            self.message("Nothing to redo")
            return False
        return self._step(f"redo {entry.description}", entry, entry.forward, self.history.redone)

    def _step(self, text: str, entry: Entry[SetDecisions], step: SetDecisions,
              move: Callable[[Entry[SetDecisions], SetDecisions | None], None]) -> bool:
        if step.document_id != self.document_id:
            self.message("The last decision was made on another document")
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
            self.message("No document left to adjudicate")
            return None
        here = self.document_id or 0
        nxt = next((d for d in todo if d > here), todo[0])
        if nxt == self.document_id:
            self.message("This is the only document left to adjudicate")
            return nxt
        self.open_in_review(nxt)
        return nxt

    def open_in_review(self, document_id: int) -> bool:
        w = self.window
        if not w.annotator.is_reviewer:
            self.message(NOT_REVIEWER_TIP)
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
        return self.window.run_op(f"merge with {policy}", lambda: review.merge(policy, who, doc),
                                  lambda report: self._merged(report, all_documents), self._note_error)

    def _merged(self, report, all_documents: bool) -> None:
        self.history.clear()  # a merge is not undone decision by decision
        if self.document_id is not None:
            try:
                self._apply(self.review.candidates(self.document_id))
            except AnnotatorError as exc:
                self.fail(str(exc))
        self._show_state(refresh_progress=all_documents)
        self.message(
            f"merged {report.documents} document(s) with {report.policy}: +{report.spans_added}/-{report.spans_removed} "
            f"span(s), {report.conflicts_left} conflict(s) left"
        )

    def open_dashboard(self) -> AgreementDialog:
        if self.dashboard is None:
            self.dashboard = AgreementDialog(self.review, self.window)
            self.dashboard.document_requested.connect(self.open_in_review)
        self.dashboard.compute()
        self.dashboard.show()
        self.dashboard.raise_()
        return self.dashboard


def install_review_mode(window: ModeHost) -> ReviewMode:
    """Add review mode to the window (its action, menu, toolbar and docks)."""
    return ReviewMode(window)
