"""Document list dock: lazily fetched table, debounced text filter, status filter.

In review mode (`set_review`) the status column and the status filter are the review states.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from annotator.core.document import Status
from annotator.qt.i18n import arg, translate
from annotator.qt.models.document_table import (
    REVIEW_HELP,
    REVIEW_TEXT,
    STATUS_TEXT,
    DocumentTableModel,
    ReviewSource,
)
from annotator.qt.widgets.tables import select_row

FILTER_DELAY_MS = 250


class DocumentListWidget(QWidget):
    document_activated = Signal(int)  # document id

    def __init__(self, model: DocumentTableModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.filter_edit = QLineEdit(placeholderText=translate("DocumentList", "Filter title and text…"))
        self.filter_edit.setClearButtonEnabled(True)
        self.status_combo = QComboBox()
        self._fill_status_combo()
        self.count_label = QLabel()
        self.table = QTableView()
        self.table.setModel(model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 6)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for col in (1, 2):  # fixed widths: ResizeToContents would read every fetched row
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.Interactive)
        self._size_columns()
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)

        top = QHBoxLayout()
        top.addWidget(self.filter_edit, 1)
        top.addWidget(self.status_combo)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.count_label)

        self._debounce = QTimer(self, singleShot=True, interval=FILTER_DELAY_MS)
        self._debounce.timeout.connect(self.apply_filter)
        self.filter_edit.textChanged.connect(lambda _t: self._debounce.start())
        self.status_combo.currentIndexChanged.connect(lambda _i: self.apply_filter())
        self.table.activated.connect(self._on_activated)
        self.table.clicked.connect(self._on_activated)
        self.model.modelReset.connect(self._update_count)
        self._update_count()

    def _fill_status_combo(self, review: bool = False) -> None:
        combo = self.status_combo
        combo.blockSignals(True)
        combo.clear()
        combo.addItem(translate("DocumentList", "All"), None)
        if review:
            for state, text in REVIEW_TEXT.items():
                combo.addItem(translate("DocumentTable", text), state)
                combo.setItemData(combo.count() - 1, translate("DocumentTable", REVIEW_HELP[state]),
                                  Qt.ItemDataRole.ToolTipRole)
            combo.setToolTip(translate("DocumentList", "Show the documents in one review state"))
        else:
            for st, text in STATUS_TEXT.items():
                combo.addItem(translate("DocumentTable", text), st)
            combo.setToolTip(translate("DocumentList", "Show the documents with one status (yours)"))
        combo.blockSignals(False)

    def _size_columns(self) -> None:
        header = self.table.horizontalHeader()
        fm = self.fontMetrics()
        samples = ((arg(translate("DocumentTable", "%1 conflicts"), "00"), translate("Columns", "Done") + "0")
                   if self.model.in_review else
                   (translate("DocumentTable", "in progress"), translate("Columns", "Spans") + "0"))
        for col, sample in zip((1, 2), samples, strict=True):
            header.resizeSection(col, fm.horizontalAdvance(sample) + 18)

    def set_review(self, review: ReviewSource | None) -> None:
        """Show the review state of each document, reviewer's order (`review`: the Review service);
        None brings the annotator's own statuses back. The text filter is kept."""
        if review is self.model.review:
            return
        self._debounce.stop()
        self.model.text = self.filter_edit.text().strip() or None
        self.model.status = None
        self.model.set_review(review)  # may raise (database): the combo keeps matching the rows
        self._fill_status_combo(review is not None)
        self._size_columns()

    def apply_filter(self) -> None:
        self._debounce.stop()
        status = self.status_combo.currentData()
        text = self.filter_edit.text().strip() or None
        if self.model.in_review:
            self.model.set_filter(text, status)
        else:
            self.model.set_filter(text, Status(status) if status else None)

    def _update_count(self) -> None:
        self.count_label.setText(arg(translate("DocumentList", "%1 document(s)"), f"{self.model.total:,}"))

    def _on_activated(self, index) -> None:
        if index.isValid():
            self.document_activated.emit(self.model.document_id(index.row()))

    def show_current(self, document_id: int) -> None:
        """Select the row of the open document, fetching pages until it is loaded (bounded)."""
        row = self.model.row_of(document_id)
        while row is None and self.model.canFetchMore() and self.model.rowCount() < 5000:
            self.model.fetchMore()
            row = self.model.row_of(document_id)
        select_row(self.table, row)
