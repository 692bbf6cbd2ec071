"""Ctrl+F: find text in the article (case-insensitive, in the stored text)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QToolButton, QWidget

from annotator.qt.i18n import translate


class FindBarWidget(QWidget):
    def __init__(self, view, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.view = view
        self.edit = QLineEdit(placeholderText=translate("FindBar", "Find in article…"))
        self.result = QLabel()
        prev_b = QToolButton(text="▲", toolTip=translate("FindBar", "Previous (Shift+Enter)"))
        next_b = QToolButton(text="▼", toolTip=translate("FindBar", "Next (Enter)"))
        close_b = QToolButton(text="✕", toolTip=translate("FindBar", "Close (Esc)"))
        lay = QHBoxLayout(self)
        lay.setContentsMargins(4, 2, 4, 2)
        lay.addWidget(self.edit, 1)
        lay.addWidget(prev_b)
        lay.addWidget(next_b)
        lay.addWidget(self.result)
        lay.addWidget(close_b)
        prev_b.clicked.connect(lambda: self.find(backwards=True))
        next_b.clicked.connect(lambda: self.find())
        close_b.clicked.connect(self.close_bar)
        self.edit.returnPressed.connect(self.find)
        self.hide()

    def open_bar(self) -> None:
        self.show()
        self.edit.setFocus()
        self.edit.selectAll()

    def close_bar(self) -> None:
        self.hide()
        self.view.setFocus()

    def find(self, backwards: bool = False) -> tuple[int, int] | None:
        hit = self.view.find_text(self.edit.text(), backwards=backwards)
        self.result.setText("" if hit else translate("FindBar", "not found"))
        return hit

    def keyPressEvent(self, event) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.close_bar()
        elif event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and event.modifiers() & Qt.KeyboardModifier.ShiftModifier:
            self.find(backwards=True)
        else:
            super().keyPressEvent(event)
