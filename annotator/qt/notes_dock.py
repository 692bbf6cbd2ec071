"""Notes and flags in the window: an annotator tells the reviewer why she is unsure.

- A note on a span: right-click the span in the article or its row in the span list → `Add note
  to this span…`; on a relation: right-click its arc or its row in the relation list; on the whole
  document: Document → `Add note to this document…`. Document → `Needs review` flags (and clears)
  the open document for the annotator. Every note is stored by `annotator.services.notes.Notes`
  with its author and times; `Delete note` removes one of hers.
- Shown: a span with notes has a ✎ mark in the span list (its row's tooltip lists them) and its
  tooltip in the article ends with the notes.
- The Notes dock lists notes across the corpus (`Notes.listing`): a reviewer sees everyone's, an
  annotator her own; filtered by author, by text (no case, no diacritics) and to flagged
  documents only. It opens by itself when the window enters review mode (and from View → Notes);
  double-click a row to open its document.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QPoint, Qt
from PySide6.QtGui import QAction, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QInputDialog,
    QLineEdit,
    QMenu,
    QStyledItemDelegate,
    QTableView,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from annotator.core.errors import AnnotatorError
from annotator.core.notes import by_key

NOTE_MARK = "✎"
ENTRY_ROLE = int(Qt.ItemDataRole.UserRole) + 1


def _when(note) -> str:
    return note.created.strftime("%Y-%m-%d %H:%M") if note.created else ""


class NoteMarkDelegate(QStyledItemDelegate):
    """The span list's first column with a ✎ before the text of a span that has notes."""

    def __init__(self, notes: NotesController) -> None:
        super().__init__(notes.window.span_list)
        self.notes = notes

    def initStyleOption(self, option, index) -> None:
        super().initStyleOption(option, index)
        span = index.model().span_at(index.row()) if index.isValid() else None
        if span is not None and self.notes.notes_on(span.key):
            option.text = f"{NOTE_MARK} {option.text}"


class NotesPanel(QWidget):
    """The Notes dock's widget: filters and the list of notes (and flagged documents)."""

    def __init__(self, controller: NotesController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self._viewer: tuple[str, bool] | None = None  # the user the author list was made for
        self.author = QComboBox()
        self.text = QLineEdit()
        self.text.setPlaceholderText(self.tr("Filter notes by text…"))
        self.text.setClearButtonEnabled(True)
        self.flagged = QCheckBox(self.tr("Needs review only"))
        self.model = QStandardItemModel(0, 6, self)
        self.model.setHorizontalHeaderLabels([self.tr("Note"), self.tr("Author"), self.tr("On"),
                                              self.tr("Needs review"), self.tr("Time"), self.tr("Document")])
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.verticalHeader().hide()
        self.table.doubleClicked.connect(self._open)
        row = QHBoxLayout()
        row.addWidget(self.author)
        row.addWidget(self.text, 1)
        row.addWidget(self.flagged)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(4, 4, 4, 4)
        lay.addLayout(row)
        lay.addWidget(self.table, 1)
        self.author.currentIndexChanged.connect(lambda _i: self.refresh())
        self.text.textChanged.connect(lambda _t: self.refresh())
        self.flagged.toggled.connect(lambda _b: self.refresh())

    def _authors(self) -> None:
        w = self.controller.window
        current = self.author.currentData()
        self.author.blockSignals(True)
        self.author.clear()
        self.author.addItem(self.tr("Every author"), None)
        names = [a.name for a in w.project.annotators.all()] if w.annotator.is_reviewer else [w.annotator.name]
        for name in names:
            self.author.addItem(name, name)
        i = self.author.findData(current)
        self.author.setCurrentIndex(max(i, 0))
        self.author.blockSignals(False)

    def refresh(self) -> None:
        """Read the list again with the filters (nothing before the services are loaded)."""
        w = self.controller.window
        if w.pending:
            return
        if self._viewer != (w.annotator.name, w.annotator.is_reviewer):  # who may be chosen follows the user
            self._viewer = (w.annotator.name, w.annotator.is_reviewer)
            self._authors()
        try:
            entries = self.controller.service().listing(
                w.annotator, author=self.author.currentData(), flagged=self.flagged.isChecked(),
                text=self.text.text() or None)
        except AnnotatorError as exc:
            w.show_message(self.tr("Notes not read: %1").replace("%1", str(exc)))
            return
        self.model.removeRows(0, self.model.rowCount())
        for e in entries:
            n = e.note
            on = {"document": self.tr("document"), "span": self.tr("span"), "relation": self.tr("relation")}
            target = on.get(n.target, n.target) if n is not None else ""
            if n is not None and n.target == "span":
                target += f" {n.key[2]} {n.key[0]}:{n.key[1]}"
            elif n is not None and n.target == "relation":
                target += f" {n.key[2]}"
            cells = [n.text if n is not None else "", e.author, target, self.tr("yes") if e.flagged else "",
                     _when(n) if n is not None else "", f"{e.title} (#{e.document_id})"]
            items = [QStandardItem(c) for c in cells]
            items[0].setData(e, ENTRY_ROLE)
            if n is not None:
                items[0].setToolTip(n.text)
            self.model.appendRow(items)
        self.table.resizeColumnsToContents()
        self.table.setColumnWidth(0, min(self.table.columnWidth(0), 420))

    def rows(self) -> list[list[str]]:
        """The listed rows as text (what the reviewer reads)."""
        return [[self.model.item(r, c).text() for c in range(self.model.columnCount())]
                for r in range(self.model.rowCount())]

    def _open(self, index) -> None:
        entry = self.model.item(index.row(), 0).data(ENTRY_ROLE)
        w = self.controller.window
        mode = w.mode
        if w.open_document(entry.document_id) and mode is not None:
            w.set_mode(mode)  # opening a document returns to annotate mode: the reviewer stays in hers
        n = entry.note
        if n is not None and n.target == "span":
            w.article_view.select_range(n.key[0], n.key[1], center=True)


class NotesController(QObject):
    """Notes and flags of the open document, their menus and marks, and the Notes dock."""

    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window
        self._service = None
        self._by_key: dict = {}
        self._doc: int | None = None  # the document `_by_key` belongs to
        self.panel = NotesPanel(self)
        self.dock = window.add_dock(self.tr("Notes"), self.panel, Qt.DockWidgetArea.BottomDockWidgetArea)
        self.dock.setObjectName("dock_notes")
        self.dock.hide()
        self.dock.visibilityChanged.connect(lambda shown: shown and self.panel.refresh())
        menu = getattr(window, "document_menu", None) or window.menuBar()
        menu.addSeparator()
        self.note_action = QAction(self.tr("Add &note to this document…"), window)
        self.note_action.triggered.connect(lambda _c=False: self.add_note_dialog())
        menu.addAction(self.note_action)
        self.flag_action = QAction(self.tr("Needs &review (flag this document)"), window, checkable=True)
        self.flag_action.triggered.connect(self.set_flag)
        menu.addAction(self.flag_action)
        window.document_opened.connect(self._opened)
        window.article_view.context_menu_hook = self._article_menu
        window.article_view.note_hook = self.tooltip_for
        window.span_list.setItemDelegateForColumn(0, NoteMarkDelegate(self))
        window.span_list.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        window.span_list.customContextMenuRequested.connect(self._span_list_menu)
        window.span_list.viewport().installEventFilter(self)
        window.relation_list.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        window.relation_list.customContextMenuRequested.connect(self._relation_list_menu)
        mode_changed = getattr(window, "mode_changed", None)
        if mode_changed is not None:
            mode_changed.connect(self._mode_changed)
        if window.document_id is not None and not window.pending:
            self._opened(window.document_id)

    def service(self):
        from annotator.services.notes import Notes

        if self._service is None or self._service.db is not self.window.project.db:
            self._service = Notes(self.window.project.db)
        return self._service

    # -- the open document's notes -----------------------------------------------------------------
    def _opened(self, document_id: int) -> None:
        self._doc = document_id
        self.reload()
        try:
            flagged = self.service().is_flagged(document_id, self.window.annotator)
        except AnnotatorError:
            flagged = False
        self.flag_action.setChecked(flagged)

    def reload(self) -> None:
        """Read the open document's notes of the annotator again (marks and tooltips follow)."""
        w = self.window
        self._by_key = {}
        if self._doc is not None and not w.pending:
            try:
                self._by_key = by_key(self.service().for_document(self._doc, w.annotator))
            except AnnotatorError:
                self._by_key = {}
        w.span_list.viewport().update()
        if self.dock.isVisible():
            self.panel.refresh()

    def notes_on(self, key) -> list:
        return self._by_key.get(key, []) if self._doc == self.window.document_id else []

    def tooltip_for(self, item) -> str:
        """The notes of a span or relation (by its key) as lines to append to its tooltip ("" without)."""
        notes = self.notes_on(item.key)
        return "".join(f"\n{NOTE_MARK} {n.author}: {n.text}" for n in notes)

    # -- writing ---------------------------------------------------------------------------------
    def add_note(self, text: str, span=None, relation=None) -> bool:
        """Add the annotator's note (on `span`, `relation` or the open document) through the window."""
        w = self.window
        doc = w.document_id
        if doc is None or not text.strip():
            return False
        what = self.tr("note on %1").replace("%1", span.label if span is not None else
                                               relation.label if relation is not None else self.tr("the document"))
        return w.run_op(what, lambda: self.service().add(
            w.annotator, doc, text, span=span.key if span is not None else None,
            relation=relation.key if relation is not None else None), lambda _n: self.reload())

    def delete_note(self, note) -> bool:
        w = self.window
        return w.run_op(self.tr("delete note"), lambda: self.service().delete(w.annotator, note.id),
                        lambda _n: self.reload())

    def set_flag(self, on: bool) -> bool:
        w = self.window
        doc = w.document_id
        if doc is None:
            return False
        what = self.tr("flag: needs review") if on else self.tr("flag cleared")

        def error(_exc) -> None:
            self.flag_action.setChecked(not on)

        return w.run_op(what, lambda: self.service().flag(w.annotator, doc, on),
                        lambda _was: self.reload(), error)

    def add_note_dialog(self, span=None, relation=None) -> None:
        about = (f"{span.label} “{span.text_in(self.window.article_view.text)}”" if span is not None else
                 relation.label if relation is not None else self.tr("this document"))
        text, ok = QInputDialog.getMultiLineText(self.window, self.tr("Add note"),
                                                 self.tr("Note for the reviewer about %1:").replace("%1", about))
        if ok:
            self.add_note(text, span, relation)

    # -- menus -----------------------------------------------------------------------------------
    def _add_entries(self, menu: QMenu, span, relation) -> None:
        if self.window.mode is not None:
            return
        menu.addSeparator()
        if span is not None:
            menu.addAction(self.tr("Add note to this span…"), lambda: self.add_note_dialog(span=span))
            for n in self.notes_on(span.key):
                menu.addAction(self.tr("Delete note “%1”").replace("%1", n.text[:30]), lambda n=n: self.delete_note(n))
        if relation is not None:
            menu.addAction(self.tr("Add note to this relation…"), lambda: self.add_note_dialog(relation=relation))
            for n in self.notes_on(relation.key):
                menu.addAction(self.tr("Delete note “%1”").replace("%1", n.text[:30]), lambda n=n: self.delete_note(n))
        menu.addAction(self.note_action)

    def _article_menu(self, menu: QMenu, span, relation) -> None:
        self._add_entries(menu, span, relation)

    def _span_list_menu(self, pos: QPoint) -> None:
        lst = self.window.span_list
        index = lst.indexAt(pos)
        if not index.isValid():
            return
        menu = QMenu(lst)
        self._add_entries(menu, lst.model().span_at(index.row()), None)
        menu.popup(lst.viewport().mapToGlobal(pos))
        self.context_menu = menu

    def _relation_list_menu(self, pos: QPoint) -> None:
        lst = self.window.relation_list
        index = lst.indexAt(pos)
        if not index.isValid():
            return
        menu = QMenu(lst)
        self._add_entries(menu, None, lst.model().relation_at(index.row()))
        menu.popup(lst.viewport().mapToGlobal(pos))
        self.context_menu = menu

    def eventFilter(self, obj, event) -> bool:
        """The span list's tooltip: the row's notes after the span's text."""
        if event.type() == QEvent.Type.ToolTip:
            lst = self.window.span_list
            index = lst.indexAt(event.pos())
            if index.isValid():
                span = lst.model().span_at(index.row())
                notes = self.tooltip_for(span)
                if notes:
                    QToolTip.showText(event.globalPos(), span.text_in(self.window.article_view.text) + notes, obj)
                    return True
        return super().eventFilter(obj, event)

    # -- review mode -----------------------------------------------------------------------------
    def _mode_changed(self, mode) -> None:
        if mode is not None and mode is getattr(self.window, "review_mode", None):
            self.dock.show()
            self.dock.raise_()
            w = self.window
            if not self.dock.isFloating():  # beside review mode's own bottom dock: half the width
                w.resizeDocks([self.dock], [w.width() // 2], Qt.Orientation.Horizontal)
            self.panel.refresh()


def install_notes(window) -> NotesController:
    return NotesController(window)


__all__ = ["NoteMarkDelegate", "NotesController", "NotesPanel", "install_notes"]
