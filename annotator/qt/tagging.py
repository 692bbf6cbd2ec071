"""Keyboard-first tagging: label keys, relabel, delete, and the two-step relation gesture.

Binds the article view's signals to `EditController` commands. Nothing is shown as done before
the controller reports the commit.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QPoint, QTimer, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu

from annotator.core.commands import AddRelation, AddSpan, DeleteRelation, DeleteSpan, SetLabel
from annotator.core.document import Relation, Source, Span
from annotator.core.schema import Schema
from annotator.qt.article_view import ArticleView
from annotator.qt.editing import EditController
from annotator.qt.i18n import arg, translate

HEAD_COLOR = "#dc2626"
TAIL_COLOR = "#7c3aed"


class Tagger(QObject):
    message = Signal(str)  # for the status bar
    span_selected = Signal(object)  # Span or None

    def __init__(self, view: ArticleView, edits: EditController, schema: Schema, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.view = view
        self.edits = edits
        self.schema = schema
        self.pending_head: Span | None = None
        self.relation_menu: QMenu | None = None
        self.enabled = True
        # a label key or Delete on a selected *suggestion* (not a span of the set yet): the
        # suggestions controller decides (accept / reject); returns True when it handled it
        self.on_suggestion: Callable[[Span, str | None], bool] | None = None
        view.label_key.connect(self.on_label_key)
        view.delete_requested.connect(self.delete_selected)
        view.relation_requested.connect(self.start_relation)
        view.escape_pressed.connect(self.cancel)
        view.span_clicked.connect(self.on_span_clicked)

    # -- spans ----------------------------------------------------------------------------------
    def on_label_key(self, key: str) -> None:
        lab = self.schema.label_for_key(key)
        if lab is None:
            self.message.emit(arg(translate("Tagger", "No label on key %1"), key.replace("shift+", "Shift+")))
            return
        self.apply_label(lab.name)

    def apply_label(self, label: str) -> bool:
        """Tag the (snapped) selection with `label`, or relabel the selected span."""
        if not self.enabled or self.edits.current_session() is None:
            return False
        raw = self.view.selection_range()
        if raw is not None:
            sel = self.view.snap(*raw)
            if sel is None:
                self.view.clear_selection()
                self.message.emit(translate("Tagger", "The selection holds no token"))
                return False
            span = Span(sel[0], sel[1], label, Source.MANUAL)
            if self.edits.execute(AddSpan(span)):
                self.view.clear_selection()
                self.select_span(span)
                return True
            if sel != raw:
                self.view.select_range(*sel)  # show what was (not) tagged
            return False
        span = self.view.selected_span
        if span is None:
            self.message.emit(translate("Tagger", "Select some text (or click a span) first"))
            return False
        if self.on_suggestion is not None and self.on_suggestion(span, label):
            return True
        if span.label == label:
            return False
        if self.edits.execute(SetLabel(span, label)):
            self.select_span(span.with_label(label))
            return True
        return False

    def delete_selected(self) -> bool:
        span = self.view.selected_span
        if not self.enabled or span is None:
            self.message.emit(translate("Tagger", "Click a span first, then press Delete"))
            return False
        if self.on_suggestion is not None and self.on_suggestion(span, None):
            return True
        return self.delete_span(span)

    def delete_span(self, span: Span) -> bool:
        if self.edits.execute(DeleteSpan(span)):
            self.select_span(None)
            return True
        return False

    def select_span(self, span: Span | None, reveal: bool = False) -> None:
        self.view.set_selected_span(span, reveal=reveal)
        self.span_selected.emit(span)

    # -- relations ------------------------------------------------------------------------------
    def start_relation(self) -> None:
        head = self.view.selected_span
        if not self.enabled or head is None:
            self.message.emit(translate("Tagger", "Click the head span first, then press R"))
            return
        self.pending_head = head
        self.view.set_emphasis({head.key: HEAD_COLOR})
        self.message.emit(arg(translate("Tagger", "Relation from “%1” [%2]: click the target span (Esc cancels)"),
                              head.text_in(self.view.text), head.label))

    def cancel(self) -> None:
        if self.pending_head is not None:
            self.pending_head = None
            self.view.set_emphasis({})
            self.message.emit(translate("Tagger", "Relation cancelled"))
        else:
            self.select_span(None)
            self.view.clear_selection()

    def on_span_clicked(self, span: Span | None) -> None:
        if self.pending_head is None:
            self.select_span(span)
            return
        if span is None:
            return  # keep waiting for a span; Esc cancels
        if span.key == self.pending_head.key:
            return
        self.choose_relation(self.pending_head, span)

    def choose_relation(self, head: Span, tail: Span) -> QMenu | None:
        """Offer the relation types the schema allows from `head` to `tail` (a non-blocking menu)."""
        allowed = self.schema.allowed_relations(head.label, tail.label)
        if not allowed:
            self.message.emit(arg(translate("Tagger", "The schema allows no relation from %1 to %2"), head.label, tail.label))
            return None
        self.view.set_emphasis({head.key: HEAD_COLOR, tail.key: TAIL_COLOR})
        if self.relation_menu is not None:  # one menu at a time: the previous one is not kept
            self.relation_menu.deleteLater()
        menu = QMenu(self.view)
        menu.setToolTipsVisible(True)
        for rel in allowed:
            act = QAction(rel.name + (translate("Tagger", " (symmetric)") if rel.symmetric else ""), menu)
            act.setData(rel.name)
            act.setToolTip(rel.description)
            menu.addAction(act)
        menu.triggered.connect(lambda act: self.add_relation(Relation(head.key, tail.key, act.data())))
        menu.aboutToHide.connect(self._menu_closed)
        self.relation_menu = menu
        rects = self.view.span_rects(tail)
        where = rects[-1].bottomLeft().toPoint() if rects else QPoint(0, 0)
        menu.popup(self.view.viewport().mapToGlobal(where))
        return menu

    def _menu_closed(self) -> None:
        self.pending_head = None
        self.view.set_emphasis({})
        QTimer.singleShot(0, self._refocus)

    def _refocus(self) -> None:
        self.view.activateWindow()  # some platforms leave the window inactive after a popup
        self.view.setFocus()

    def add_relation(self, relation: Relation) -> bool:
        if self.relation_menu is not None and self.relation_menu.isVisible():
            self.relation_menu.close()
            self._refocus()
        self.pending_head = None
        self.view.set_emphasis({})
        return self.edits.execute(AddRelation(relation))

    def delete_relation(self, relation: Relation) -> bool:
        return self.edits.execute(DeleteRelation(relation))

    def show_relation(self, relation: Relation | None) -> None:
        """Highlight a relation's two spans in the text."""
        self.view.set_selected_relation(relation)
        if relation is None:
            self.view.set_emphasis({})
            return
        self.view.set_emphasis({relation.head: HEAD_COLOR, relation.tail: TAIL_COLOR})
        self.view.reveal(relation.head[0])
