"""Suggestions in the labeling window: pending spans, their keys, the threshold, the Model menu.

Installed by `annotator.qt.wiring` (`install_suggestions(window)`). What it shows comes from
`annotator.services.suggest`, imported only once the services are up (the window's start-up
path loads neither it nor spaCy; a pattern file or a model is run in a worker thread).

- **Drawing.** The annotator's pending suggestions of the open article are spans of the
  article's `SessionSpanLayer` (`set_suggestions`): dashed outline in the label's colour, no
  fill, a pale caption chip `LABEL 0.93` (`LABEL ?`: a pattern match, which has no score).
- **Keys** (in the article, while annotate mode shows suggestions): `Enter`/`A` accepts the
  selected suggestion, else the one under the caret, else the next one after it; `X` rejects the
  same one; `Shift+A` accepts every suggestion shown (at or above the threshold, the whole
  article) as one step; `Tab`/`Shift+Tab` select the next/previous one. On a selected
  suggestion, its own label's key accepts it too and `Delete` rejects it (another label's key
  is refused with a hint: accept, then relabel the span).
- **One history.** An accept is a step of the window's edit history (`AcceptSuggestions`, whose
  inverse is the `DeleteSpan(s)` the session returns; redo accepts again with the provenance);
  a reject is `RejectSuggestion` (inverse `RestoreSuggestion`). Each is one transaction,
  committed before it is shown; `Ctrl+Z` undoes either.
- **Threshold.** The status bar's slider hides suggestions scored below it (pattern matches always
  show); kept in the settings.
- **Model menu.** Suggest with patterns…, Suggest with a model…, Train now… (export + spaCy
  training + suggesting with the new model, in a worker thread with a progress dialog), and
  "Next document: most uncertain first" (the services' uncertainty queue for Ctrl+Enter and
  Skip).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QProgressDialog,
    QSlider,
    QWidget,
)

from annotator.core.document import Span
from annotator.core.errors import AnnotatorError
from annotator.core.suggestions import Suggestion, next_suggestion, visible
from annotator.qt.i18n import arg, translate
from annotator.qt.model_jobs import Job, ModelJobs

SETTING_THRESHOLD = "suggestions/threshold"
SETTING_UNCERTAIN = "suggestions/most_uncertain_first"


@dataclass(frozen=True)
class AcceptSuggestions:
    """Accept one or several suggestions (one step of the edit history, one transaction)."""

    suggestions: tuple[Suggestion, ...]

    def describe(self, text: str) -> str:
        if len(self.suggestions) == 1:
            sg = self.suggestions[0]
            return arg(translate("Suggestions", "accept %1 “%2”"), sg.label, text[sg.start:sg.end][:40])
        return arg(translate("Suggestions", "accept %1 suggestions"), len(self.suggestions))


class SuggestionController(ModelJobs, QObject):
    """The window's suggestions (see the module docstring); the Model menu's jobs in `ModelJobs`."""

    changed = Signal()  # the suggestions shown changed (count, threshold)
    job_done = Signal(object)  # a job (suggest, train) finished: its result, or an error message (str)

    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window
        self.view = window.article_view
        self.offered: list[Suggestion] = []  # pending for the annotator on the open article (any score)
        self.document_id: int | None = None
        self.job: Job | None = None
        self.progress_dialog: QProgressDialog | None = None
        self.last_result: Any = None
        self._session = None  # the session whose edits are followed
        self._known: set = set()  # keys of every suggestion offered on its article
        self._dirty = False  # what is pending changed: read it again after the save
        try:
            self.threshold = min(1.0, max(0.0, float(window.settings.value(SETTING_THRESHOLD, 0.0))))
        except (TypeError, ValueError):
            self.threshold = 0.0
        self._build_toolbar()
        self._build_menu()
        self.view.suggestion_keys = True
        self.view.suggestion_key.connect(self.on_key)
        window.tagger.on_suggestion = self._on_tagger
        window.edits.step_runner = self._run_step
        window.edits.saved.connect(self._after_save)
        window.document_opened.connect(self.load)
        window.next_document_hook = self._next_document
        window.installEventFilter(self)  # closing the window cancels a running job
        if window.document_id is not None and window.session is not None:
            self.load(window.document_id)

    def eventFilter(self, obj, event) -> bool:
        if obj is self.window and event.type() == QEvent.Type.Close and self.job is not None:
            self.job.cancel()  # stops at its next progress report; what was stored stays
        return False

    # -- building --------------------------------------------------------------------------------
    def _build_toolbar(self) -> None:
        """The count and the threshold slider, at the left of the status bar's permanent widgets
        (a toolbar would share the top row with review mode's)."""
        box = QWidget()
        box.setObjectName("suggestion_bar")
        lay = QHBoxLayout(box)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(4)
        self.count_label = QLabel()
        self.count_label.setToolTip(translate("Suggestions", "Pending suggestions of this article: Tab next, Enter/A accept, X reject, "
                                    "Shift+A accept all shown"))
        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.slider.setObjectName("suggestion_threshold")
        self.slider.setRange(0, 100)
        self.slider.setFixedWidth(110)
        self.slider.setValue(round(self.threshold * 100))
        tip = translate("Suggestions", "Hide model suggestions scored below this (pattern matches always show)")
        self.slider.setToolTip(tip)
        self.threshold_label = QLabel()
        self.threshold_label.setToolTip(tip)
        self.slider.valueChanged.connect(lambda v: self.set_threshold(v / 100))
        fm = self.count_label.fontMetrics()
        self.count_label.setMinimumWidth(fm.horizontalAdvance(self._count_text(9999, 9999)) + 8)
        lay.addWidget(self.count_label)
        lay.addWidget(QLabel(translate("Suggestions", "min score")))
        lay.addWidget(self.slider)
        lay.addWidget(self.threshold_label)
        self.bar = box
        self.window.statusBar().insertPermanentWidget(0, box)
        self._show_count()

    def _build_menu(self) -> None:
        w = self.window
        menu = w.menuBar().addMenu(translate("Suggestions", "Mo&del"))
        menu.setToolTipsVisible(True)
        self.menu = menu

        def act(text: str, slot, tip: str = "") -> QAction:
            a = QAction(text, w)
            a.triggered.connect(lambda _checked=False: slot())
            if tip:
                a.setStatusTip(tip)
                a.setToolTip(tip)
            menu.addAction(a)
            return a

        self.patterns_action = act(translate("Suggestions", "Suggest with &patterns…"), self.suggest_patterns_dialog,
                                   translate("Suggestions", "Run a pattern file (spaCy/Prodigy JSONL, or text<TAB>label) over your documents to do"))
        self.model_action = act(translate("Suggestions", "Suggest with a &model…"), self.suggest_model_dialog,
                                translate("Suggestions", "Run a trained spaCy model over your documents to do"))
        self.train_action = act(translate("Suggestions", "&Train now…"), self.train_dialog,
                                translate("Suggestions", "Train a model on the gold sets (else your own), then suggest with it"))
        menu.addSeparator()
        act(translate("Suggestions", "&Accept suggestion\tEnter, A"), lambda: self.on_key("accept"),
            translate("Suggestions", "In the article: the selected, else the next"))
        act(translate("Suggestions", "&Reject suggestion\tX"), lambda: self.on_key("reject"))
        act(translate("Suggestions", "Accept all &shown\tShift+A"), lambda: self.on_key("accept_all"))
        act(translate("Suggestions", "&Next suggestion\tTab"), lambda: self.on_key("next"))
        menu.addSeparator()
        self.uncertain_action = QAction(translate("Suggestions", "Next document: most &uncertain first"), w, checkable=True)
        self.uncertain_action.setStatusTip(translate("Suggestions", "Ctrl+Enter and Skip open the document the newest model is least sure of"))
        self.uncertain_action.setChecked(str(w.settings.value(SETTING_UNCERTAIN, "false")).lower() == "true")
        self.uncertain_action.toggled.connect(lambda on: w.settings.setValue(SETTING_UNCERTAIN, bool(on)))
        menu.addAction(self.uncertain_action)

    # -- services (imported once they are up) -------------------------------------------------
    @staticmethod
    def _svc():
        from annotator.services import suggest

        return suggest

    def _ready(self) -> bool:
        return not self.window.pending and self.window.session is not None

    # -- what is shown ---------------------------------------------------------------------------
    def load(self, document_id: int | None = None) -> None:
        """Read the annotator's pending suggestions of the open article and show those above the threshold."""
        w = self.window
        if not self._ready() or w.layer is None or not hasattr(w.layer, "set_suggestions"):
            return
        if w.session is not self._session:  # another article (or annotator): follow its edits
            self._session = w.session
            self._known = set()
            w.session.subscribe(lambda changes, session=w.session: self._on_changes(session, changes))
        self.document_id = w.document_id
        self._dirty = False
        try:
            self.offered = self._svc().pending(w.project, w.document_id, w.annotator)
        except AnnotatorError as exc:
            self.offered = []
            w.show_message(arg(translate("Suggestions", "Could not read the suggestions: %1"), exc))
        self._known.update(sg.key for sg in self.offered)
        self._show()

    def _on_changes(self, session, changes) -> None:
        """A saved edit that adds or removes a span with a suggestion's key (an accept, its undo, the
        same span tagged by hand) changes what is pending: read again after the save."""
        if session is self._session and any(
            getattr(getattr(c, "span", None), "key", None) in self._known for c in changes
        ):
            self._dirty = True

    def _show(self) -> None:
        layer = self.window.layer
        if layer is not None and hasattr(layer, "set_suggestions"):
            layer.set_suggestions(self.shown())
        self._show_count()
        self.changed.emit()

    def shown(self) -> list[Suggestion]:
        """The suggestions drawn: pending, at or above the threshold, in text order."""
        return visible(self.offered, self.threshold)

    def set_threshold(self, value: float) -> None:
        value = min(1.0, max(0.0, float(value)))
        if value == self.threshold:
            return
        self.threshold = value
        if self.slider.value() != round(value * 100):
            self.slider.setValue(round(value * 100))
        self.window.settings.setValue(SETTING_THRESHOLD, value)
        self._show()

    def _count_text(self, n: int, hidden: int) -> str:
        if not hidden:
            return arg(translate("Suggestions", "Suggestions: %1"), n)
        return arg(translate("Suggestions", "Suggestions: %1 (%2 below %3)"), n, hidden, f"{self.threshold:.2f}")

    def _show_count(self) -> None:
        n, total = len(self.shown()), len(self.offered)
        hidden = total - n
        self.count_label.setText(self._count_text(n, hidden))
        self.threshold_label.setText(f"{self.threshold:.2f}")

    def _after_save(self, _what: str) -> None:
        # only after a step that changed what is pending (see `_on_changes`, `_run_step`): other
        # edits do not read the database again, however many suggestions the article has
        if self._dirty:
            self.load()

    # -- the history's steps ---------------------------------------------------------------------
    def _run_step(self, session, step):
        svc = self._svc()
        if isinstance(step, AcceptSuggestions):
            if len(step.suggestions) == 1:
                return svc.accept(session, step.suggestions[0])
            return svc.accept_all(session, step.suggestions)
        if isinstance(step, svc.RejectSuggestion | svc.RestoreSuggestion):
            self._dirty = True
        return svc.apply_step(self.window.project, session, step)

    # -- keys ------------------------------------------------------------------------------------
    def target(self) -> Suggestion | None:
        """The suggestion Enter/A or X acts on: the selected one, else the one under the caret,
        else the next one after the caret (wrapping)."""
        shown = self.shown()
        if not shown:
            return None
        by_key = {sg.key: sg for sg in shown}
        sel = self.view.selected_span
        if sel is not None and sel.key in by_key:
            return by_key[sel.key]
        caret = self.view.caret()
        under = [sg for sg in shown if sg.start <= caret < sg.end]
        if under:
            return min(under, key=lambda sg: (sg.end - sg.start, sg.start))
        return next_suggestion(shown, caret - 1)

    def on_key(self, action: str) -> bool:
        """One suggestion key (`accept`, `accept_all`, `reject`, `next`, `previous`)."""
        w = self.window
        if w.mode is not None or not w.ensure_ready() or w.session is None:
            return False
        shown = self.shown()
        if not shown:
            w.show_message(translate("Suggestions", "No suggestion on this article above the threshold") if self.offered
                           else translate("Suggestions", "No suggestion on this article"))
            return False
        if action in ("next", "previous"):
            sel = self.view.selected_span
            pos = sel.start if sel is not None and sel.key in {s.key for s in shown} else self.view.caret()
            if action == "next" and (sel is None or sel.key not in {s.key for s in shown}):
                pos -= 1  # one starting at the caret is the next
            sg = next_suggestion(shown, pos, backwards=action == "previous")
            self.select(sg)
            return sg is not None
        if action == "accept_all":
            return self.accept(shown)
        sg = self.target()
        if sg is None:
            return False
        return self.accept([sg]) if action == "accept" else self.reject(sg)

    def select(self, sg: Suggestion | None) -> None:
        """Select a suggestion (blue outline), put the caret at its start and show it."""
        if sg is None:
            return
        span = Span(sg.start, sg.end, sg.label, sg.source)
        self.view.clear_selection()
        self.view.set_caret(sg.start)
        self.window.tagger.select_span(span)
        self.view.reveal(sg.start, center=False)
        score = (translate("Suggestions", "pattern match") if sg.score is None
                 else arg(translate("Suggestions", "score %1"), f"{sg.score:.2f}"))
        self.window.show_message(arg(translate("Suggestions", "Suggestion %1 “%2” (%3, %4): Enter/A accept, X reject, Tab next"),
                                     sg.label, self.view.text[sg.start:sg.end][:60], score, sg.version), 15000)

    def accept(self, suggestions: Sequence[Suggestion]) -> bool:
        if not suggestions:
            return False
        after = max(sg.start for sg in suggestions)
        ok = self.window.edits.execute(AcceptSuggestions(tuple(suggestions)))
        if ok:
            self._move_on(after, len(suggestions) == 1)
        return ok

    def reject(self, sg: Suggestion) -> bool:
        step = self._svc().RejectSuggestion(sg, self.window.annotator)
        ok = self.window.edits.execute(step)
        if ok:
            self._move_on(sg.start, True)
        return ok

    def _move_on(self, after: int, one: bool) -> None:
        """After an accept or a reject: on to the next suggestion (Enter, Enter, … walks the article)."""
        if not one:
            self.window.tagger.select_span(None)
            return
        nxt = next_suggestion(self.shown(), after, wrap=True)
        if nxt is not None:
            self.select(nxt)
        else:
            self.window.tagger.select_span(None)

    def _on_tagger(self, span: Span, label: str | None) -> bool:
        """A label key (`label`) or Delete (None) on the selected span: for a suggestion, accept or reject."""
        if self.window.mode is not None:
            return False
        sg = next((s for s in self.shown() if s.key == span.key), None)
        if sg is None:
            return False
        if label is None:
            self.reject(sg)
        elif label == sg.label:
            self.accept([sg])
        else:
            self.window.show_message(arg(translate("Suggestions", "A suggestion of %1: accept it (Enter), click the span "
                                               "and press %2's key to relabel it, or reject it (X)"), sg.label, label))
        return True

    # -- the queue -------------------------------------------------------------------------------
    @property
    def most_uncertain_first(self) -> bool:
        return self.uncertain_action.isChecked()

    def _next_document(self, current: int | None) -> int | None:
        """Ctrl+Enter / Skip with the option on: the most uncertain document not finished (None: the usual order)."""
        if not self.most_uncertain_first:
            return None
        w = self.window
        return self._svc().next_document(w.project, w.annotator, after_id=current)


def install_suggestions(window) -> SuggestionController:
    """Add the suggestions (status-bar slider, Model menu, keys) to the window."""
    return SuggestionController(window)


__all__ = ["AcceptSuggestions", "Job", "SuggestionController", "install_suggestions"]
