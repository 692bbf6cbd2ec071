"""Span list dock and relation list dock: tables that jump to / highlight what is clicked."""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, Qt, Signal
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from annotator.qt.article_view import label_key_of
from annotator.qt.models.relation_table import RelationTableModel
from annotator.qt.models.span_table import SpanTableModel


def _table(view: QTableView) -> None:
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.verticalHeader().hide()
    view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 6)
    view.setWordWrap(False)


class SpanListView(QTableView):
    span_chosen = Signal(object)  # Span
    delete_requested = Signal(object)  # Span
    label_key = Signal(str)  # a label key pressed on the list: relabel the current span

    def __init__(self, model: SpanTableModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setModel(model)
        _table(self)
        # fixed widths: ResizeToContents would read every row (10,000 spans) on each change
        header = self.horizontalHeader()
        fm = self.fontMetrics()
        widths = {1: fm.horizontalAdvance("ORG_OTHER") + 16, 2: fm.horizontalAdvance("000000") + 12,
                  3: fm.horizontalAdvance("000000") + 12, 4: fm.horizontalAdvance("pattern") + 16}
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for col, w in widths.items():
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(col, w)
        self.clicked.connect(self._chosen)
        self.activated.connect(self._chosen)

    def _chosen(self, index) -> None:
        if index.isValid():
            self.span_chosen.emit(self.model().span_at(index.row()))

    def show_span(self, span) -> None:
        model: SpanTableModel = self.model()  # type: ignore[assignment]
        row = model.row_of(span) if span is not None else None
        if row is None:
            self.selectionModel().clearSelection()
            return
        idx = model.index(row, 0)
        self.selectionModel().setCurrentIndex(
            idx, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
        )
        self.scrollTo(idx)

    def keyPressEvent(self, event) -> None:
        if self.currentIndex().isValid():
            if event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
                self.delete_requested.emit(self.model().span_at(self.currentIndex().row()))
                return
            key = label_key_of(event.key(), event.text(), event.modifiers())
            if key is not None:
                self.span_chosen.emit(self.model().span_at(self.currentIndex().row()))
                self.label_key.emit(key)
                return
        super().keyPressEvent(event)


class RelationListView(QTableView):
    relation_chosen = Signal(object)  # Relation or None
    delete_requested = Signal(object)  # Relation

    def __init__(self, model: RelationTableModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setModel(model)
        _table(self)
        header = self.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(1, self.fontMetrics().horizontalAdvance("COOPERATES_WITH") + 16)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.selectionModel().currentRowChanged.connect(self._current_changed)

    def _current_changed(self, current, _previous) -> None:
        self.relation_chosen.emit(self.model().relation_at(current.row()) if current.isValid() else None)

    def current_relation(self):
        idx = self.currentIndex()
        return self.model().relation_at(idx.row()) if idx.isValid() else None

    def keyPressEvent(self, event) -> None:
        rel = self.current_relation()
        if event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and rel is not None:
            self.delete_requested.emit(rel)
            return
        super().keyPressEvent(event)
