"""The relations of the open document: head, label, tail."""

from __future__ import annotations

from bisect import bisect_left

from PySide6.QtCore import QT_TRANSLATE_NOOP, QModelIndex, QPersistentModelIndex, Qt

from annotator.core.changes import Changes, RelationAdded, RelationRemoved
from annotator.core.document import Relation, SpanKey
from annotator.qt.models.base import ColumnTableModel

_Index = QModelIndex | QPersistentModelIndex


def span_text(text: str, key: SpanKey, limit: int = 40) -> str:
    s = " ".join(text[key[0] : key[1]].split())
    s = s if len(s) <= limit else s[: limit - 1] + "…"
    return f"{s} [{key[2]}]"


class RelationTableModel(ColumnTableModel):
    COLUMNS = (QT_TRANSLATE_NOOP("Columns", "Head"), QT_TRANSLATE_NOOP("Columns", "Relation"),
               QT_TRANSLATE_NOOP("Columns", "Tail"))
    RelationRole = Qt.ItemDataRole.UserRole + 1

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.text = ""
        self._relations: list[Relation] = []

    def set_session(self, session) -> None:
        """Show `session`'s relations and follow its changes (rows shown already are kept when equal)."""
        relations = sorted(session.relations)
        if session.document.text != self.text or relations != self._relations:
            self.show_relations(session.document.text, relations)
        session.subscribe(self.apply_changes)

    def show_relations(self, text: str, relations) -> None:
        """Show `relations` of `text` (sorted here), following nothing (see `set_session`)."""
        self.beginResetModel()
        self.text = text
        self._relations = sorted(relations)
        self.endResetModel()

    def clear(self) -> None:
        self.beginResetModel()
        self._relations = []
        self.endResetModel()

    def apply_changes(self, changes: Changes) -> None:
        """Follow the session's saved changes: one row inserted or removed per relation (spans: nothing)."""
        self.follow(changes, RelationAdded, RelationRemoved, self._relations)

    def row_of(self, rel: Relation) -> int | None:
        row = bisect_left(self._relations, rel)
        if row < len(self._relations) and self._relations[row].key == rel.key:
            return row
        return None

    def relation_at(self, row: int) -> Relation:
        return self._relations[row]

    def row_count(self) -> int:
        return len(self._relations)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not (0 <= index.row() < len(self._relations)):
            return None
        r = self._relations[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return (span_text(self.text, r.head), r.label, span_text(self.text, r.tail))[index.column()]
        if role == self.RelationRole:
            return r
        return None
