"""The document list: fetched lazily page by page, so 100,000 articles open as fast as five."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt

from annotator.core.document import Annotator, DocumentSummary, Status
from annotator.qt.models.base import ColumnTableModel

STATUS_TEXT = {
    Status.TODO: "todo",
    Status.IN_PROGRESS: "in progress",
    Status.DONE: "done",
    Status.SKIPPED: "skipped",
}
PAGE = 200
_Index = QModelIndex | QPersistentModelIndex


class DocumentTableModel(ColumnTableModel):
    COLUMNS = ("Title", "Status", "Spans")
    DocumentIdRole = Qt.ItemDataRole.UserRole + 1

    def __init__(self, project, annotator: Annotator | None, parent=None, page: int = PAGE) -> None:
        super().__init__(parent)
        self.project = project
        self.annotator = annotator
        self.page = page
        self.text: str | None = None
        self.status: Status | None = None
        self._rows: list[DocumentSummary] = []
        self._row_of: dict[int, int] = {}
        self._total = 0
        self._fetching = False
        self.refresh()

    # -- filtering ------------------------------------------------------------------------------
    def set_filter(self, text: str | None = None, status: Status | None = None) -> None:
        self.text = text or None
        self.status = status
        self.refresh()

    def set_annotator(self, annotator: Annotator | None) -> None:
        self.annotator = annotator
        self.refresh()

    def refresh(self) -> None:
        self.beginResetModel()
        self._total = self.project.count_documents(self.annotator, self.text, self.status)
        self._rows = self.project.list_documents(self.annotator, self.text, self.status, 0, self.page)
        self._row_of = {d.id: i for i, d in enumerate(self._rows)}
        self.endResetModel()

    @property
    def total(self) -> int:
        return self._total

    # -- lazy fetching --------------------------------------------------------------------------
    def canFetchMore(self, parent: _Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and len(self._rows) < self._total

    def fetchMore(self, parent: _Index = QModelIndex()) -> None:  # noqa: B008
        if parent.isValid() or self._fetching:
            return  # views may ask again from inside beginInsertRows
        self._fetching = True
        try:
            self._fetch_page()
        finally:
            self._fetching = False

    def _fetch_page(self) -> None:
        more = self.project.list_documents(self.annotator, self.text, self.status, len(self._rows), self.page)
        more = [d for d in more if d.id not in self._row_of]
        if not more:
            self._total = len(self._rows)
            return
        first = len(self._rows)
        self.beginInsertRows(QModelIndex(), first, first + len(more) - 1)
        for i, d in enumerate(more):
            self._row_of[d.id] = first + i
        self._rows.extend(more)
        self.endInsertRows()

    # -- reading --------------------------------------------------------------------------------
    def row_count(self) -> int:
        return len(self._rows)

    def data(self, index: _Index, role: int = 0):
        role = int(role)
        if role not in _ROLES:
            return None
        row = index.row()
        if not 0 <= row < len(self._rows):
            return None
        d = self._rows[row]
        col = index.column()
        if role == _DISPLAY:
            return (d.title, STATUS_TEXT[d.status], d.span_count)[col]
        if role == _TOOLTIP and col == 0:
            return f"{d.title}\n{d.uid} · {d.length:,} characters"
        if role == _ALIGN and col == 2:
            return int((Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter).value)
        if role == _DOC_ID:
            return d.id
        return None

    def summary(self, row: int) -> DocumentSummary:
        return self._rows[row]

    def row_of(self, document_id: int) -> int | None:
        return self._row_of.get(document_id)

    def update_document(self, document_id: int, status: Status, span_count: int) -> None:
        """Show a document's new status / span count (after an edit), without refetching."""
        row = self._row_of.get(document_id)
        if row is None:
            return
        old = self._rows[row]
        self._rows[row] = DocumentSummary(old.id, old.uid, old.title, old.length, Status(status), span_count)
        self.dataChanged.emit(self.index(row, 1), self.index(row, 2))


_DISPLAY = int(Qt.ItemDataRole.DisplayRole.value)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole.value)
_ALIGN = int(Qt.ItemDataRole.TextAlignmentRole.value)
_DOC_ID = int(DocumentTableModel.DocumentIdRole)
_ROLES = frozenset((_DISPLAY, _TOOLTIP, _ALIGN, _DOC_ID))
