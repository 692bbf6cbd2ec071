"""The merge dialog of review mode: policy (unanimous / majority / min-agree N) and scope."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QSpinBox,
    QWidget,
)

if TYPE_CHECKING:
    pass


class MergeDialog(QDialog):
    """Policy chooser for `Review.merge`: unanimous / majority / min-agree N, this document or all."""

    def __init__(self, parent: QWidget | None = None, has_document: bool = True) -> None:
        super().__init__(parent)
        self.setWindowTitle("Merge into gold")
        form = QFormLayout(self)
        self.policy_combo = QComboBox()
        self.policy_combo.addItem("unanimous — every annotator who finished agrees", "unanimous")
        self.policy_combo.addItem("majority — more than half of them", "majority")
        self.policy_combo.addItem("min-agree — at least N of them", "min-agree")
        self.n_spin = QSpinBox()
        self.n_spin.setRange(1, 99)
        self.n_spin.setValue(2)
        self.scope_combo = QComboBox()
        if has_document:
            self.scope_combo.addItem("This document", "document")
        self.scope_combo.addItem("All documents", "all")
        form.addRow("Policy:", self.policy_combo)
        form.addRow("N:", self.n_spin)
        form.addRow("Documents:", self.scope_combo)
        note = QLabel("Your decisions are kept; only the automatic part of gold is recomputed.")
        note.setWordWrap(True)
        form.addRow(note)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Merge")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.policy_combo.currentIndexChanged.connect(lambda _i: self._sync())
        self._sync()

    def _sync(self) -> None:
        self.n_spin.setEnabled(self.policy_combo.currentData() == "min-agree")

    def policy(self) -> str:
        kind = self.policy_combo.currentData()
        return f"min-agree:{self.n_spin.value()}" if kind == "min-agree" else kind

    def all_documents(self) -> bool:
        return self.scope_combo.currentData() == "all"
