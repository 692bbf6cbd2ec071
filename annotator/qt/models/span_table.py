"""The spans of the open document (text, label, offsets, source), updated row by row."""

from __future__ import annotations

from bisect import bisect_left

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from annotator.core.changes import Changes, SpanAdded, SpanRemoved
from annotator.core.document import Span
from annotator.qt.i18n import current_language
from annotator.qt.models.base import ColumnTableModel

_Index = QModelIndex | QPersistentModelIndex


def _short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


# where a span came from (`Source` values), shown translated
SOURCE_TEXT = {
    "manual": QT_TRANSLATE_NOOP("SpanTable", "manual"),
    "pattern": QT_TRANSLATE_NOOP("SpanTable", "pattern"),
    "model": QT_TRANSLATE_NOOP("SpanTable", "model"),
    "import": QT_TRANSLATE_NOOP("SpanTable", "import"),
}

class SpanTableModel(ColumnTableModel):
    COLUMNS = (QT_TRANSLATE_NOOP("Columns", "Text"), QT_TRANSLATE_NOOP("Columns", "Label"),
               QT_TRANSLATE_NOOP("Columns", "Start"), QT_TRANSLATE_NOOP("Columns", "End"),
               QT_TRANSLATE_NOOP("Columns", "Source"))
    SpanRole = Qt.ItemDataRole.UserRole + 1

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.text = ""
        self.schema = None
        self._spans: list[Span] = []
        self._cells: dict[Span, tuple] = {}

    def set_session(self, session) -> None:
        """Show `session`'s spans and follow its changes (fine-grained row inserts/removals).

        The rows shown already (`show_spans` at start-up, same text and spans) are kept as they
        are: no reset, the list keeps its selection and place.
        """
        spans = sorted(session.spans)
        if session.document.text != self.text or spans != self._spans:
            self.show_spans(session.document.text, session.annotations.schema, spans)
        self.schema = session.annotations.schema
        session.subscribe(self.apply_changes)

    def show_spans(self, text: str, schema, spans) -> None:
        """Show `spans` of `text` (sorted here), following nothing (see `set_session`)."""
        self.beginResetModel()
        self.text = text
        self.schema = schema
        self._spans = sorted(spans)
        self._cells = {}
        self.endResetModel()

    def clear(self) -> None:
        self.beginResetModel()
        self._spans = []
        self.endResetModel()

    def apply_changes(self, changes: Changes) -> None:
        """Follow the session's saved changes: one row inserted or removed per span, and a relabel
        that keeps its row repaints that row alone (relations: nothing)."""
        changes = list(changes)
        added = {(c.span.start, c.span.end): c for c in changes if isinstance(c, SpanAdded)}
        for change in changes:
            if not isinstance(change, SpanRemoved):
                continue
            self._cells.pop(change.span, None)  # the cells of a removed span are not kept
            new = added.get((change.span.start, change.span.end))
            row = self.row_of(change.span)
            if new is not None and row is not None and self._stays(row, new.span):
                del added[(new.span.start, new.span.end)]
                self._spans[row] = new.span
                self.dataChanged.emit(self.index(row, 0), self.index(row, len(self.COLUMNS) - 1))
                changes = [c for c in changes if c is not change and c is not new]
        self.follow(changes, SpanAdded, SpanRemoved, self._spans)

    def _stays(self, row: int, span: Span) -> bool:
        """`span` sorts at `row` in place of the span there (a relabel that keeps its row)."""
        spans = self._spans
        return (row == 0 or spans[row - 1] < span) and (row + 1 == len(spans) or span < spans[row + 1])

    def row_of(self, span: Span) -> int | None:
        row = bisect_left(self._spans, span)
        while row < len(self._spans) and self._spans[row].start == span.start:
            if self._spans[row].key == span.key:
                return row
            row += 1
        return None

    def span_at(self, row: int) -> Span:
        return self._spans[row]

    def row_count(self) -> int:
        return len(self._spans)

    def data(self, index: _Index, role: int = 0):
        # plain int roles and a per-span row cache: views call this ~10 times per visible cell
        role = int(role)
        if role not in _ROLES:
            return None
        row = index.row()
        if not 0 <= row < len(self._spans):
            return None
        s = self._spans[row]
        col = index.column()
        if role == _DISPLAY:
            cells = self._cells.get(s)
            if cells is None:
                source = QCoreApplication.translate("SpanTable", SOURCE_TEXT.get(s.source.value, s.source.value))
                cells = self._cells[s] = (_short(s.text_in(self.text)), s.label, s.start, s.end, source)
            return cells[col]
        if role == _TOOLTIP and col == 0:
            return s.text_in(self.text)
        if role == _TOOLTIP and col == 1 and self.schema is not None and self.schema.has_label(s.label):
            shown = self.schema.label(s.label).display_name(current_language())  # the schema's display name
            return f"{s.label} ({shown})" if shown else None
        if role == _BACKGROUND and col == 1 and self.schema is not None:
            return QColor(self.schema.color(s.label))
        if role == _FOREGROUND and col == 1:
            return QColor("#1f2937")
        if role == _SPAN:
            return s
        return None


_DISPLAY = int(Qt.ItemDataRole.DisplayRole.value)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole.value)
_BACKGROUND = int(Qt.ItemDataRole.BackgroundRole.value)
_FOREGROUND = int(Qt.ItemDataRole.ForegroundRole.value)
_SPAN = int(SpanTableModel.SpanRole)
_ROLES = frozenset((_DISPLAY, _TOOLTIP, _BACKGROUND, _FOREGROUND, _SPAN))
