"""Small helpers shared by the table views."""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel
from PySide6.QtWidgets import QTableView


def select_row(table: QTableView, row: int | None) -> None:
    """Make `row` the current, selected and visible row of `table` (None clears the selection)."""
    sel = table.selectionModel()
    if row is None:
        sel.clearSelection()
        return
    idx = table.model().index(row, 0)
    sel.setCurrentIndex(idx, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
    table.scrollTo(idx)
