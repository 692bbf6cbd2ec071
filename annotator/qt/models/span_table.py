"""The spans of the open document (text, label, offsets, source), updated row by row."""

from __future__ import annotations

from bisect import bisect_left

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from annotator.core.document import Span

_Index = QModelIndex | QPersistentModelIndex


def _short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


class SpanTableModel(QAbstractTableModel):
    COLUMNS = ("Text", "Label", "Start", "End", "Source")
    SpanRole = Qt.ItemDataRole.UserRole + 1

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.text = ""
        self.schema = None
        self._spans: list[Span] = []

    def set_session(self, session) -> None:
        """Show `session`'s spans and follow its changes (fine-grained row inserts/removals)."""
        self.beginResetModel()
        self.text = session.document.text
        self.schema = session.annotations.schema
        self._spans = list(session.spans)
        self.endResetModel()
        session.subscribe(self._on_event)

    def clear(self) -> None:
        self.beginResetModel()
        self._spans = []
        self.endResetModel()

    def _on_event(self, event: str, payload: object) -> None:
        if event == "span_added":
            span: Span = payload  # type: ignore[assignment]
            row = bisect_left(self._spans, span)
            self.beginInsertRows(QModelIndex(), row, row)
            self._spans.insert(row, span)
            self.endInsertRows()
        elif event == "span_removed":
            row = self.row_of(payload)  # type: ignore[arg-type]
            if row is not None:
                self.beginRemoveRows(QModelIndex(), row, row)
                del self._spans[row]
                self.endRemoveRows()

    def row_of(self, span: Span) -> int | None:
        row = bisect_left(self._spans, span)
        while row < len(self._spans) and self._spans[row].start == span.start:
            if self._spans[row].key == span.key:
                return row
            row += 1
        return None

    def span_at(self, row: int) -> Span:
        return self._spans[row]

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._spans)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole and 0 <= section < len(self.COLUMNS):
            return self.COLUMNS[section]
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not (0 <= index.row() < len(self._spans)):
            return None
        s = self._spans[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return (_short(s.text_in(self.text)), s.label, s.start, s.end, s.source.value)[col]
        if role == Qt.ItemDataRole.ToolTipRole and col == 0:
            return s.text_in(self.text)
        if role == Qt.ItemDataRole.BackgroundRole and col == 1 and self.schema is not None:
            return QColor(self.schema.color(s.label))
        if role == Qt.ItemDataRole.ForegroundRole and col == 1:
            return QColor("#1f2937")
        if role == self.SpanRole:
            return s
        return None
