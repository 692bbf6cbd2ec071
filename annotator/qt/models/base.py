"""What the flat table models share: fixed named columns, a header, a row count."""

from __future__ import annotations

from bisect import bisect_left

from PySide6.QtCore import QAbstractTableModel, QCoreApplication, QModelIndex, QPersistentModelIndex, Qt

_Index = QModelIndex | QPersistentModelIndex


class ColumnTableModel(QAbstractTableModel):
    """A flat table with the columns named in `COLUMNS`; subclasses say how many rows they hold."""

    COLUMNS: tuple[str, ...] = ()  # QT_TRANSLATE_NOOP("Columns", …): shown translated

    def row_count(self) -> int:
        raise NotImplementedError

    def insert_sorted(self, rows: list, item) -> None:
        """Insert `item` into the sorted `rows` this model shows, telling the views (one row)."""
        row = bisect_left(rows, item)
        self.beginInsertRows(QModelIndex(), row, row)
        rows.insert(row, item)
        self.endInsertRows()

    def follow(self, changes, added: type, removed: type, rows: list) -> None:
        """Follow saved changes on sorted `rows`: one row inserted per `added`, removed per `removed`."""
        for change in changes:
            if isinstance(change, added):
                self.insert_sorted(rows, change.item)
            elif isinstance(change, removed):
                self.remove_row(rows, self.row_of(change.item))

    def row_of(self, item) -> int | None:
        raise NotImplementedError

    def remove_row(self, rows: list, row: int | None) -> None:
        """Remove row `row` (None: nothing) of the `rows` this model shows, telling the views."""
        if row is None:
            return
        self.beginRemoveRows(QModelIndex(), row, row)
        del rows[row]
        self.endRemoveRows()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self.row_count()

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole and 0 <= section < len(self.COLUMNS):
            return QCoreApplication.translate("Columns", self.COLUMNS[section])
        return None
