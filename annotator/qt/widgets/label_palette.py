"""The label palette: one button per label with its key; tooltips carry the guideline."""

from __future__ import annotations

import html

from PySide6.QtCore import Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QGridLayout, QPushButton, QSizePolicy, QWidget

from annotator.core.schema import Schema


def key_text(key: str | None) -> str:
    return "" if not key else key.replace("shift+", "⇧")


class LabelPaletteWidget(QWidget):
    label_clicked = Signal(str)

    def __init__(self, schema: Schema, parent: QWidget | None = None, columns: int = 2) -> None:
        super().__init__(parent)
        self.buttons: dict[str, QPushButton] = {}
        grid = QGridLayout(self)
        grid.setContentsMargins(4, 4, 4, 4)
        grid.setSpacing(3)
        for i, lab in enumerate(schema.labels):
            b = QPushButton(f"{key_text(lab.key)}  {lab.name}".strip())
            color = QColor(lab.color)
            b.setStyleSheet(
                f"QPushButton {{ background: {color.name()}; color: #1f2937; border: 1px solid {color.darker(150).name()};"
                " border-radius: 3px; padding: 3px 6px; text-align: left; }"
                f" QPushButton:hover {{ border: 2px solid {color.darker(200).name()}; }}"
            )
            b.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
            b.setFocusPolicy(b.focusPolicy().NoFocus)
            tip = f"<b>{html.escape(lab.name)}</b>"
            if lab.key:
                tip += f" — key <b>{html.escape(lab.key.replace('shift+', 'Shift+'))}</b>"
            if lab.description:
                tip += f"<br>{html.escape(lab.description)}"
            if lab.examples:
                tip += "<br><i>e.g.</i> " + "; ".join(html.escape(e) for e in lab.examples[:4])
            b.setToolTip(tip)
            b.clicked.connect(lambda _checked=False, name=lab.name: self.label_clicked.emit(name))
            grid.addWidget(b, i // columns, i % columns)
            self.buttons[lab.name] = b
