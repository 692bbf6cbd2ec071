"""Document list dock: lazily fetched table, debounced text filter, status filter."""

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
from annotator.qt.models.document_table import STATUS_TEXT, DocumentTableModel
from annotator.qt.widgets.tables import select_row

FILTER_DELAY_MS = 250


class DocumentListWidget(QWidget):
    document_activated = Signal(int)  # document id

    def __init__(self, model: DocumentTableModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.filter_edit = QLineEdit(placeholderText="Filter title and text…")
        self.filter_edit.setClearButtonEnabled(True)
        self.status_combo = QComboBox()
        self.status_combo.addItem("All", None)
        for st, text in STATUS_TEXT.items():
            self.status_combo.addItem(text, st)
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
        fm = self.fontMetrics()  # fixed widths: ResizeToContents would read every fetched row
        for col, sample in ((1, "in progress"), (2, "Spans0")):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(col, fm.horizontalAdvance(sample) + 18)
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

    def apply_filter(self) -> None:
        self._debounce.stop()
        status = self.status_combo.currentData()
        self.model.set_filter(self.filter_edit.text().strip() or None, Status(status) if status else None)

    def _update_count(self) -> None:
        self.count_label.setText(f"{self.model.total:,} document(s)")

    def _on_activated(self, index) -> None:
        if index.isValid():
            self.document_activated.emit(self.model.summary(index.row()).id)

    def show_current(self, document_id: int) -> None:
        """Select the row of the open document, fetching pages until it is loaded (bounded)."""
        row = self.model.row_of(document_id)
        while row is None and self.model.canFetchMore() and self.model.rowCount() < 5000:
            self.model.fetchMore()
            row = self.model.row_of(document_id)
        select_row(self.table, row)
