"""The labeling window: article in the middle, documents on the left, labels/spans/relations right.

The window implements `annotator.qt.host.ModeHost`: other modes (e.g. the review mode of
`annotator.qt.review`) plug in through `add_mode`, may add docks (`add_dock`) and swap the
article's layer (`article_view.set_layer`); `Mode → Annotate` brings the annotator's own layer
back. The window imports no mode: `annotator.qt.wiring.build_window` installs them. Every user
action runs through `run_op` (or the `EditController`, which uses the same write runner), and
only `show_saved` / `show_failure` write ✔ Saved / ✖ NOT SAVED. One subject (the window's parts
and their wiring for annotate mode), kept in one module although it is a little over 400 lines.
"""

from __future__ import annotations

import contextlib
import time

from PySide6.QtCore import QByteArray, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QDockWidget,
    QInputDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from annotator.core.changes import Changes, RelationRemoved
from annotator.core.commands import AddSpan, DeleteSpan, SetLabel
from annotator.core.document import Annotator, Status
from annotator.core.errors import AnnotationError, AnnotatorError
from annotator.core.tokenize import LazyTokenIndex
from annotator.qt.actions import WriteRunner
from annotator.qt.article_view import ArticleView
from annotator.qt.editing import EditController
from annotator.qt.host import Mode
from annotator.qt.i18n import LANGUAGE_NAMES, LANGUAGES, SETTINGS_KEY, arg, current_language, translate
from annotator.qt.layers import SchemaSpanLayer, SessionSpanLayer
from annotator.qt.models.document_table import DocumentTableModel, status_text
from annotator.qt.models.relation_table import RelationTableModel
from annotator.qt.models.span_table import SpanTableModel
from annotator.qt.settings import last_document_key
from annotator.qt.startup import PendingProject
from annotator.qt.tagging import Tagger
from annotator.qt.widgets.document_list import DocumentListWidget
from annotator.qt.widgets.find_bar import FindBarWidget
from annotator.qt.widgets.label_palette import LabelPaletteWidget
from annotator.qt.widgets.save_status import SaveStatus
from annotator.qt.widgets.span_list import RelationListView, SpanListView

LIST_SYNC_MS = 40


class MainWindow(QMainWindow):
    document_opened = Signal(int)  # after a document is shown (a mode may re-apply its view)
    mode_changed = Signal(object)  # the mode now (None: annotate), e.g. the Notes dock opens for review

    def __init__(self, project, annotator: Annotator, settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.project = project
        # the services may still be loading (annotator.qt.startup): the window is built and paints
        # the first article meanwhile; `ensure_ready` waits for them where they are needed
        self.pending = isinstance(project, PendingProject)
        self.db_url: str = project.db_url if self.pending else project.db.url
        self.schema = project.schema
        self.annotator = annotator
        self.settings = settings
        self.document_id: int | None = None
        self.session = None
        self.layer: SessionSpanLayer | None = None
        self.last_error: str | None = None
        self.mode: Mode | None = None
        self.setWindowTitle("Annotator")
        self.resize(1280, 800)

        # every write of the window (edits, undo, status, review decisions) goes through it
        self.writes = WriteRunner(project, self)
        self.edits = EditController(project, self, runner=self.writes)
        self._close_anyway = False
        # the span list follows the selected span in its own frame, just after the article's
        self._list_span = None
        self._list_sync = QTimer(self, singleShot=True, interval=LIST_SYNC_MS)
        self._list_sync.timeout.connect(lambda: self.span_list.show_span(self._list_span))
        self._list_sync_docs = QTimer(self, singleShot=True, interval=LIST_SYNC_MS)
        self._list_sync_docs.timeout.connect(self._sync_document_rows)
        self._doc_rows: dict[int, tuple[Status, int]] = {}
        self.article_view = ArticleView()
        self.article_view.setMinimumWidth(360)  # a narrow window shrinks the docks, not the article
        self.find_bar = FindBarWidget(self.article_view)
        self.title_label = QLabel()
        self.title_label.setWordWrap(True)
        self.title_label.setStyleSheet("font-weight: bold; padding: 4px 6px;")
        central = QWidget()
        lay = QVBoxLayout(central)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(0)
        lay.addWidget(self.title_label)
        lay.addWidget(self.article_view, 1)
        lay.addWidget(self.find_bar)
        self.setCentralWidget(central)
        self.tagger = Tagger(self.article_view, self.edits, self.schema, self)

        self.document_model: DocumentTableModel | None = None
        self.document_list: DocumentListWidget | None = None
        self._first_shown_at: float | None = None  # when the start-up article was painted (time.monotonic())
        self._first_same: tuple | None = None  # its spans and relations, as painted
        self.palette = LabelPaletteWidget(self.schema)
        self.span_model = SpanTableModel(self)
        self.span_list = SpanListView(self.span_model)
        self.relation_model = RelationTableModel(self)
        self.relation_list = RelationListView(self.relation_model)
        placeholder = QLabel(translate("MainWindow", "Opening the document list…"))
        placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        left, right = Qt.DockWidgetArea.LeftDockWidgetArea, Qt.DockWidgetArea.RightDockWidgetArea
        self.documents_dock = self.add_dock(translate("MainWindow", "Documents"), placeholder, left, "documents")
        self.labels_dock = self.add_dock(translate("MainWindow", "Labels"), self.palette, right, "labels")
        self.spans_dock = self.add_dock(translate("MainWindow", "Spans"), self.span_list, right, "spans")
        self.relations_dock = self.add_dock(translate("MainWindow", "Relations"), self.relation_list, right, "relations")
        self.resizeDocks([self.documents_dock], [300], Qt.Orientation.Horizontal)
        self.resizeDocks([self.labels_dock], [380], Qt.Orientation.Horizontal)

        self._build_status_bar()
        self._build_actions()
        self._connect()
        self._modes: list[Mode] = []
        self.review_mode = None  # the review mode, once annotator.qt.wiring installed it
        self.live = None  # live updates (annotator.qt.live), started with the document list
        self.suggestions = None  # annotator.qt.suggestions.SuggestionController (installed by wiring)
        self.next_document_hook = None  # (current id) -> next id to do, or None for the usual order
        if self.pending:
            project.on_demand = self.ensure_ready
            self.edits.before_edit = self.ensure_ready
        else:
            self._build_document_list()
        # modes (review…) are installed by annotator.qt.wiring.build_window, then restore_settings()

    # -- building --------------------------------------------------------------------------------
    def add_dock(self, title: str, widget: QWidget, area: Qt.DockWidgetArea, name: str | None = None) -> QDockWidget:
        """A dock titled `title` (translated); `name` (English, fixed) names it in the saved window
        state (`dock_<name>`), so a translated title never loses its place; default: the title."""
        dock = QDockWidget(title, self)
        dock.setObjectName(f"dock_{(name or title).lower().replace(' ', '_')}")
        dock.setWidget(widget)
        self.addDockWidget(area, dock)
        if hasattr(self, "view_menu"):
            self.view_menu.addAction(dock.toggleViewAction())
        return dock

    def _build_status_bar(self) -> None:
        sb = self.statusBar()
        self.user_button = QToolButton()
        self.user_button.setAutoRaise(True)
        self.user_button.setToolTip(translate("MainWindow", "Switch annotator"))
        self.user_button.clicked.connect(self.switch_annotator_dialog)
        self.doc_status_label = QLabel()
        self.save_label = SaveStatus()
        # fixed widths: a label that changes size on every save would re-layout the whole window
        fm = self.fontMetrics()
        self.doc_status_label.setFixedWidth(max(fm.horizontalAdvance(arg(translate("MainWindow", "Status: %1"), status_text(s)))
                                                for s in Status) + 12)
        for w in (self.save_label, self.doc_status_label, self.user_button):
            sb.addPermanentWidget(w)
        self.show_user()

    def _action(self, menu, text: str, slot, shortcuts=(), tip: str = "") -> QAction:
        act = QAction(text, self)
        if shortcuts:
            act.setShortcuts([QKeySequence(s) for s in shortcuts])
        act.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        if tip:
            act.setStatusTip(tip)
        act.triggered.connect(lambda _checked=False: slot())
        menu.addAction(act)
        self.addAction(act)
        return act

    def _build_actions(self) -> None:
        mb = self.menuBar()
        file_menu = mb.addMenu(translate("MainWindow", "&File"))
        self._action(file_menu, translate("MainWindow", "Switch &annotator…"), self.switch_annotator_dialog)
        file_menu.addSeparator()
        self._action(file_menu, translate("MainWindow", "&Quit"), self.close, [QKeySequence.StandardKey.Quit])
        edit = mb.addMenu(translate("MainWindow", "&Edit"))
        self.undo_action = self._action(edit, translate("MainWindow", "&Undo"), self.edits.undo, ["Ctrl+Z"])
        self.redo_action = self._action(edit, translate("MainWindow", "&Redo"), self.edits.redo, ["Ctrl+Shift+Z", "Ctrl+Y"])
        edit.addSeparator()
        self._action(edit, translate("MainWindow", "&Delete span"), self.tagger.delete_selected,
                     tip=translate("MainWindow", "Delete / Backspace in the article"))
        self._action(edit, translate("MainWindow", "&Relation from selected span"), self.tagger.start_relation,
                     tip=translate("MainWindow", "R in the article"))
        self._action(edit, translate("MainWindow", "&Find…"), self.find_bar.open_bar, ["Ctrl+F"])
        doc = self.document_menu = mb.addMenu(translate("MainWindow", "&Document"))
        self._action(doc, translate("MainWindow", "&Next"), lambda: self.go_next(skip_done=False), ["Alt+Right", "N"])
        self._action(doc, translate("MainWindow", "&Previous"), lambda: self.go_next(skip_done=False, backwards=True),
                     ["Alt+Left", "P"])
        self._action(doc, translate("MainWindow", "Mark &done and open next not done"), self.done_and_next,
                     ["Ctrl+Return", "Ctrl+Enter"])
        self._action(doc, translate("MainWindow", "&Skip"), self.skip_and_next, ["Ctrl+Shift+Return", "Ctrl+Shift+Enter"])
        self._action(doc, translate("MainWindow", "Reopen (mark in progress)"), lambda: self.edits.set_status(Status.IN_PROGRESS))
        self.view_menu = mb.addMenu(translate("MainWindow", "&View"))
        self._action(self.view_menu, translate("MainWindow", "Zoom &in"), lambda: self.zoom(1), ["Ctrl+=", "Ctrl++"])
        self._action(self.view_menu, translate("MainWindow", "Zoom &out"), lambda: self.zoom(-1), ["Ctrl+-"])
        self._build_language_menu()
        self.view_menu.addSeparator()
        for dock in (self.documents_dock, self.labels_dock, self.spans_dock, self.relations_dock):
            self.view_menu.addAction(dock.toggleViewAction())
        self.mode_menu = mb.addMenu(translate("MainWindow", "&Mode"))
        self._mode_group = QActionGroup(self)
        self.annotate_mode_action = QAction(translate("MainWindow", "&Annotate"), self, checkable=True, checked=True)
        self.annotate_mode_action.triggered.connect(lambda: self.set_mode(None))
        self._mode_group.addAction(self.annotate_mode_action)
        self.mode_menu.addAction(self.annotate_mode_action)

    def _build_language_menu(self) -> None:
        """View → Language: the choice is remembered (settings) and applies at the next start."""
        menu = self.view_menu.addMenu(translate("MainWindow", "&Language (applies at the next start)"))
        menu.menuAction().setObjectName("language_menu")
        group = QActionGroup(self)
        chosen = self.settings.value(SETTINGS_KEY)
        chosen = chosen if chosen in LANGUAGES else current_language()
        self.language_actions: dict[str, QAction] = {}
        for lang in LANGUAGES:
            act = QAction(LANGUAGE_NAMES[lang], self, checkable=True, checked=lang == chosen)
            act.setObjectName(f"language_{lang}")
            act.triggered.connect(lambda _checked=False, lang=lang: self.choose_language(lang))
            group.addAction(act)
            menu.addAction(act)
            self.language_actions[lang] = act

    def choose_language(self, lang: str) -> None:
        """Remember `lang` ("vi" or "en") for the next start (`annotator --lang` still overrides it)."""
        self.settings.setValue(SETTINGS_KEY, lang)
        self.settings.sync()
        self.language_actions[lang].setChecked(True)
        self.show_message(arg(translate("MainWindow", "The window will be in %1 from the next start."),
                              LANGUAGE_NAMES[lang]), 15000)

    def _connect(self) -> None:
        self.writes.waiting.connect(self._on_waiting)
        self.writes.settled.connect(self._on_settled)
        self.edits.saved_later.connect(self._select_saved)
        self.edits.saved.connect(lambda what: self.show_saved(what, self.edits.last_saved))
        self.edits.failed.connect(self.show_failure)
        self.edits.refused.connect(self.show_message)
        self.edits.status_changed.connect(lambda _s: self._show_doc_status())
        self.edits.history_changed.connect(self._sync_undo_actions)
        self._sync_undo_actions()
        self.tagger.message.connect(self.show_message)
        self.tagger.span_selected.connect(self._sync_span_list)
        self.palette.label_clicked.connect(self._palette_clicked)
        self.span_list.span_chosen.connect(lambda s: self.tagger.select_span(s, reveal=True))
        self.span_list.delete_requested.connect(self.tagger.delete_span)
        self.span_list.label_key.connect(self._list_label_key)
        self.relation_list.relation_chosen.connect(self.tagger.show_relation)
        self.relation_list.delete_requested.connect(self.tagger.delete_relation)
        self.article_view.relation_clicked.connect(self._relation_clicked)
        self.article_view.relation_delete_requested.connect(self._delete_relation_on_page)

    def _sync_undo_actions(self) -> None:
        history = self.edits.history
        self.undo_action.setEnabled(history.can_undo)
        self.redo_action.setEnabled(history.can_redo)

    def _sync_span_list(self, span) -> None:
        # after the article has painted: repaints at both ends of the window in one frame are merged
        # by Qt into one rectangle spanning the whole window (article included)
        self._list_span = span
        self._list_sync.start()

    def _relation_clicked(self, relation) -> None:
        """An arc was clicked on the page: select the relation (another mode handles its own clicks)."""
        if self.mode is not None:
            return
        row = self.relation_model.row_of(relation)
        if row is not None:
            self.relation_list.selectRow(row)  # highlights both spans (tagger.show_relation)
        self.article_view.set_selected_relation(relation)
        self.statusBar().showMessage(
            arg(translate("MainWindow", "Relation %1 selected: Delete removes it"), relation.label), 8000)

    def _delete_relation_on_page(self, relation) -> None:
        if self.mode is not None:
            return  # e.g. review mode rejects with X
        if self.tagger.delete_relation(relation):
            self.article_view.set_selected_relation(None)

    def _open_from_list(self, document_id: int) -> None:
        """A document picked in the list: open it and put the keyboard in the article (labels, arrows)."""
        if self.open_document(document_id):
            self.article_view.setFocus()

    def _list_label_key(self, key: str) -> None:
        self.article_view.clear_selection()  # relabel the span chosen in the list, not a text selection
        self.tagger.on_label_key(key)

    def _palette_clicked(self, label: str) -> None:
        self.tagger.apply_label(label)
        self.article_view.setFocus()

    # -- modes (extension point) -----------------------------------------------------------------
    def add_mode(self, mode: Mode, shortcut: str | None = None) -> QAction:
        act = QAction(translate("Modes", mode.name), self, checkable=True)  # mode.name: QT_TRANSLATE_NOOP("Modes", …)
        if shortcut:
            act.setShortcut(QKeySequence(shortcut))
        act.triggered.connect(lambda: self.set_mode(mode))
        self._modes.append(mode)
        self._mode_group.addAction(act)
        self.mode_menu.addAction(act)
        self.addAction(act)
        return act

    def set_mode(self, mode: Mode | None) -> None:
        if self.mode is mode or not self.ensure_ready():
            return
        if self.mode is not None:
            self.mode.deactivate(self)
        self.mode = mode
        self.tagger.enabled = mode is None
        if mode is None:
            self.annotate_mode_action.setChecked(True)
            if self.layer is not None:
                self.article_view.set_layer(self.layer)
        else:
            mode.activate(self)
        self.mode_changed.emit(mode)

    # -- documents -------------------------------------------------------------------------------
    def _build_document_list(self) -> None:
        self.document_model = DocumentTableModel(self.project, self.annotator, self)
        self.document_list = DocumentListWidget(self.document_model)
        self.document_list.document_activated.connect(self._open_from_list)
        old = self.documents_dock.widget()
        self.documents_dock.setWidget(self.document_list)
        if old is not None:
            old.deleteLater()
        if self.live is None:  # other people's changes follow in the list (annotator.qt.live)
            from annotator.qt.live import start_live

            self.live = start_live(self)

    # -- start-up before the services are loaded (annotator.qt.startup) --------------------------
    def show_first(self, first) -> None:
        """Paint `first` (an `annotator.storage.quick_read.FirstArticle`) while the services load.

        Selecting, scrolling, finding and zooming work at once; an edit waits for the services
        (`ensure_ready`), which then open the same set and take over this article in place.
        """
        doc = first.document
        self.document_id = doc.id
        self._first_shown_at = time.monotonic()
        self._first_same = (sorted(first.spans), sorted(first.relations))
        self.layer = SchemaSpanLayer(doc.text, self.schema, first.spans, relations=first.relations)
        self.article_view.set_article(doc.text, self.layer, LazyTokenIndex(doc.text))
        self.span_model.show_spans(doc.text, self.schema, first.spans)
        self.relation_model.show_relations(doc.text, first.relations)
        self.title_label.setText(doc.title)
        self.setWindowTitle(f"{doc.title} — Annotator")
        self.doc_status_label.setText(arg(translate("MainWindow", "Status: %1"), status_text(first.status)))

    def ensure_ready(self) -> bool:
        """Wait for the services loading since start-up and attach them (at once when loaded).

        False when they could not be opened (the window says so and the application ends).
        """
        if not self.pending:
            return True
        try:
            project, annotator = self.project.loader.result()
        except AnnotatorError as exc:
            self.pending = False
            QMessageBox.critical(self, "Annotator", arg(translate("MainWindow", "Could not open the database:\n%1"), exc))
            app = QApplication.instance()
            if app is not None:
                app.exit(1)
            return False
        self.attach_project(project, annotator)
        return True

    def attach_project(self, project, annotator: Annotator) -> None:
        """Take over the loaded services: the document list, the article's session, the modes."""
        self.pending = False
        self.edits.before_edit = None
        self.project = self.writes.project = self.edits.project = project
        if annotator != self.annotator:
            self.set_current_annotator(annotator)
        self._build_document_list()
        doc_id, self.document_id = self.document_id, None
        same, self._first_same = self._first_same, None
        if doc_id is None:
            self.open_initial_document()
            return
        try:
            session = self.edits.open(doc_id, self.annotator, since=self._first_shown_at)
        except AnnotatorError:  # gone meanwhile: open what the services choose
            self.open_initial_document()
            return
        self.session = session
        self.document_id = doc_id
        self.layer = SessionSpanLayer(session, blocks=self.article_view.blocks)
        self.article_view.adopt_layer(self.layer, session.tokens, same == (session.spans, session.relations))
        self.span_model.set_session(session)  # no reset when the rows are the same
        self.relation_model.set_session(session)
        self._after_open(session, doc_id)
        for mode in self._modes:
            mode.land()

    def open_initial_document(self) -> None:
        last = self.settings.value(last_document_key(self.db_url, self.annotator.name))
        doc_id = None
        if last is not None:
            try:
                doc_id = int(last)
                self.project.document(doc_id)
            except (ValueError, AnnotatorError):
                doc_id = None
        if doc_id is None:
            doc_id = self.project.documents.next_id(None, self.annotator, skip_done=True) or self.project.documents.next_id(
                None, self.annotator, skip_done=False
            )
        if doc_id is not None:
            self.open_document(doc_id)
        for mode in self._modes:
            mode.land()  # e.g. a reviewer starts where she last worked (review mode by default)

    def open_document(self, document_id: int) -> bool:
        if not self.ensure_ready():
            return False
        if document_id == self.document_id and self.session is not None:
            return True
        if self.writes.busy:  # the waiting edit belongs to this document: stay until it is saved or not
            self.statusBar().showMessage(self.writes.still_waiting_message(), 8000)
            return False
        try:
            session = self.edits.open(document_id, self.annotator)
        except AnnotatorError as exc:
            self.show_failure(arg(translate("MainWindow", "Could not open the document: %1"), exc))
            return False
        self.session = session
        self.document_id = document_id
        self._list_sync.stop()  # a span of the previous document
        self.tagger.pending_head = None
        self.layer = SessionSpanLayer(session)  # no Qt parent: freed with the next document
        if self.mode is not None:
            self.set_mode(None)
        self.article_view.set_article(session.document.text, self.layer, session.tokens)
        self.span_model.set_session(session)
        self.relation_model.set_session(session)
        self.title_label.setText(session.document.title)
        self.setWindowTitle(f"{session.document.title} — Annotator")
        self._after_open(session, document_id)
        return True

    def _after_open(self, session, document_id: int) -> None:
        session.subscribe(self._on_session_changes)
        if self.document_list is not None:
            self.document_list.show_current(document_id)
        self._show_doc_status()
        self.settings.setValue(last_document_key(self.db_url, self.annotator.name), document_id)
        self.document_opened.emit(document_id)

    def _on_session_changes(self, changes: Changes) -> None:
        removed = any(isinstance(change, RelationRemoved) for change in changes)
        if removed and self.relation_list.current_relation() is None:
            self.article_view.set_emphasis({})

    def go_next(self, skip_done: bool = True, backwards: bool = False) -> bool:
        if not self.ensure_ready():
            return False
        hook = self.next_document_hook if skip_done and not backwards else None
        nid = hook(self.document_id) if hook is not None else None  # e.g. most uncertain first (Model menu)
        if nid is None:
            nid = self.project.documents.next_id(self.document_id, self.annotator, skip_done=skip_done, backwards=backwards)
        if nid is None:
            self.statusBar().showMessage(translate("MainWindow", "No other document left to do") if skip_done
                                         else translate("MainWindow", "No other document"), 8000)
            return False
        return self.open_document(nid)

    def done_and_next(self) -> bool:
        """True when marked now; the next document opens once the mark is saved (now or after a wait)."""
        return self.edits.set_status(Status.DONE, then=lambda: self.go_next(skip_done=True))

    def skip_and_next(self) -> bool:
        return self.edits.set_status(Status.SKIPPED, then=lambda: self.go_next(skip_done=True))

    # -- annotators ------------------------------------------------------------------------------
    def switch_annotator_dialog(self) -> None:
        names = [a.name for a in self.project.annotators.all()]
        current = names.index(self.annotator.name) if self.annotator.name in names else 0
        name, ok = QInputDialog.getItem(self, translate("MainWindow", "Switch annotator"),
                                        translate("MainWindow", "Annotator (type a new name to add one):"),
                                        names, current, True)
        if ok and name.strip():
            self.set_annotator(name.strip())

    def set_annotator(self, name: str) -> bool:
        if self.writes.busy:
            self.statusBar().showMessage(self.writes.still_waiting_message(), 8000)
            return False
        # may add the annotator: a write, so through the runner like every other
        return self.run_op(arg(translate("MainWindow", "switch to annotator %1"), name), lambda: self.project.annotator(name), self._switched)

    def _switched(self, annotator: Annotator) -> None:
        self.edits.flush_time()
        self.annotator = annotator
        self.settings.setValue("last_user", annotator.name)
        self.show_user()
        self._doc_rows.clear()  # pending list updates were the previous annotator's
        if self.document_model is not None:
            self.document_model.set_annotator(annotator)
        current, self.document_id = self.document_id, None
        if current is not None:
            self.open_document(current)  # the new annotator's own set: blind annotation

    # -- status ----------------------------------------------------------------------------------
    def show_user(self) -> None:
        text = (translate("MainWindow", "Annotator: %1 (reviewer)") if self.annotator.is_reviewer
                else translate("MainWindow", "Annotator: %1"))
        self.user_button.setText(arg(text, self.annotator.name))

    def _show_doc_status(self) -> None:
        if self.session is None:
            self.doc_status_label.setText("")
            return
        st = self.session.status
        self.doc_status_label.setText(arg(translate("MainWindow", "Status: %1"), status_text(st)))
        self._doc_rows[self.session.document.id] = (st, len(self.session.annotations))
        self._list_sync_docs.start()  # the document list rows follow in their own frame

    def _sync_document_rows(self) -> None:
        if self.document_model is None:
            return  # kept until the list exists
        rows, self._doc_rows = self._doc_rows, {}
        for doc_id, (status, count) in rows.items():
            self.document_model.update_document(doc_id, status, count)

    def _on_waiting(self, what: str) -> None:
        """Another program holds the database's lock: the edit waits (nothing shown as saved)."""
        self.save_label.waiting(what)
        self.statusBar().showMessage(
            arg(translate("MainWindow", "Waiting for the database (another program is writing) to save: %1"), what))

    def _on_settled(self) -> None:
        """The wait is over; what follows (saved, refused or NOT SAVED) says how it ended."""
        self._close_anyway = False
        self.save_label.settled()
        self.statusBar().clearMessage()

    def _select_saved(self, command) -> None:
        """After a wait, select what the edit made, as the tagger does when it is saved at once.

        Only when the article still shows what the edit was made from (the user may have moved on).
        """
        view = self.article_view
        selected = view.selected_span.key if view.selected_span is not None else None
        if isinstance(command, AddSpan) and view.selection_range() == (command.span.start, command.span.end):
            view.clear_selection()
            self.tagger.select_span(command.span)
        elif isinstance(command, SetLabel) and selected == command.span.key:
            self.tagger.select_span(command.span.with_label(command.label))
        elif isinstance(command, DeleteSpan) and selected == command.span.key:
            self.tagger.select_span(None)

    # -- what the user is told: the only places that write ✔ Saved / ✖ NOT SAVED ---------------
    def run_op(self, what: str, op, on_done=None, on_error=None) -> bool:
        """Run one user action through the write runner (see `annotator.qt.host.ModeHost.run_op`)."""
        if not self.ensure_ready():
            return False

        def done(result) -> None:
            self.show_saved(what)
            if on_done is not None:  # after: what it shows (e.g. a merge's figures) has the last word
                on_done(result)

        def error(exc: Exception) -> None:
            if on_error is not None:
                on_error(exc)
            if isinstance(exc, AnnotationError):
                self.show_message(arg(translate("MainWindow", "Not done: %1"), exc))
            else:
                self.show_failure(str(exc))

        return self.writes.run(what, op, done, error)

    def show_message(self, text: str, ms: int = 8000) -> None:
        self.statusBar().showMessage(text, ms)

    def set_current_annotator(self, annotator: Annotator) -> None:
        self.annotator = annotator
        self.show_user()

    def show_saved(self, what: str, when: float | None = None) -> None:
        """✔ Saved (at `when`, seconds since the epoch; now if None) and `what` in the status bar."""
        self.last_error = None
        self.save_label.saved(what, when)
        self.statusBar().showMessage(arg(translate("MainWindow", "Saved: %1"), what), 4000)
        self._show_doc_status()

    def show_failure(self, message: str) -> None:
        self.last_error = message
        self.save_label.failed(message)
        box = QMessageBox(QMessageBox.Icon.Warning, translate("MainWindow", "Not saved"),
                          arg(translate("MainWindow", "The last action was NOT saved.\n\n%1"), message),
                          QMessageBox.StandardButton.Ok, self)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()  # not blocking: the window stays usable
        self.error_box = box

    # -- view ------------------------------------------------------------------------------------
    def zoom(self, steps: int) -> None:
        self.article_view.zoom(steps)
        self.settings.setValue("view/point_size", self.article_view.point_size())

    # -- settings --------------------------------------------------------------------------------
    def restore_settings(self) -> None:
        geo = self.settings.value("window/geometry")
        if isinstance(geo, QByteArray | bytes):
            self.restoreGeometry(geo)
        state = self.settings.value("window/state")
        if isinstance(state, QByteArray | bytes):
            self.restoreState(state)
        size = self.settings.value("view/point_size")
        if size is not None:
            with contextlib.suppress(TypeError, ValueError):
                self.article_view.set_point_size(float(size))
        self.settings.setValue("last_user", self.annotator.name)

    def save_settings(self) -> None:
        self.settings.setValue("window/geometry", self.saveGeometry())
        self.settings.setValue("window/state", self.saveState())
        self.settings.setValue("view/point_size", self.article_view.point_size())
        self.settings.setValue("last_user", self.annotator.name)
        if self.document_id is not None:
            self.settings.setValue(last_document_key(self.db_url, self.annotator.name), self.document_id)
        self.settings.sync()

    def closeEvent(self, event) -> None:
        if self.writes.busy and not self._close_anyway:
            self._close_anyway = True  # asked once: closing again drops the waiting edit
            self.statusBar().showMessage(arg(
                translate("MainWindow", "Still waiting for the database to save “%1”: close again to "
                          "give it up (it was not saved)"), self.writes.waiting_for))
            event.ignore()
            return
        self.writes.cancel()  # an edit still waiting was never shown as saved: it is dropped
        if self.live is not None:
            self.live.stop()
        self.edits.flush_time()
        self.save_settings()
        super().closeEvent(event)
