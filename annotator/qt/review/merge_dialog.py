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

from annotator.qt.i18n import translate

if TYPE_CHECKING:
    pass


class MergeDialog(QDialog):
    """Policy chooser for `Review.merge`: unanimous / majority / min-agree N, this document or all."""

    def __init__(self, parent: QWidget | None = None, has_document: bool = True) -> None:
        super().__init__(parent)
        self.setWindowTitle(translate("MergeDialog", "Merge into gold"))
        form = QFormLayout(self)
        self.policy_combo = QComboBox()
        self.policy_combo.addItem(translate("MergeDialog", "unanimous — every annotator who finished agrees"), "unanimous")
        self.policy_combo.addItem(translate("MergeDialog", "majority — more than half of them"), "majority")
        self.policy_combo.addItem(translate("MergeDialog", "min-agree — at least N of them"), "min-agree")
        self.n_spin = QSpinBox()
        self.n_spin.setRange(1, 99)
        self.n_spin.setValue(2)
        self.scope_combo = QComboBox()
        if has_document:
            self.scope_combo.addItem(translate("MergeDialog", "This document"), "document")
        self.scope_combo.addItem(translate("MergeDialog", "All documents"), "all")
        form.addRow(translate("MergeDialog", "Policy:"), self.policy_combo)
        form.addRow("N:", self.n_spin)
        form.addRow(translate("MergeDialog", "Documents:"), self.scope_combo)
        note = QLabel(translate("MergeDialog", "Your decisions are kept; only the automatic part of gold is recomputed."))
        note.setWordWrap(True)
        form.addRow(note)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(translate("MergeDialog", "Merge"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(translate("MergeDialog", "Cancel"))
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
