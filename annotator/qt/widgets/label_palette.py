"""The label palette: one button per label with its key; tooltips carry the guideline."""

from __future__ import annotations

import html

from PySide6.QtCore import Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QGridLayout, QPushButton, QSizePolicy, QWidget

from annotator.core.schema import EntityLabel, Schema
from annotator.qt.i18n import arg, current_language, translate


def key_text(key: str | None) -> str:
    return "" if not key else key.replace("shift+", "⇧")


def label_tooltip(lab: EntityLabel) -> str:
    """Rich-text tooltip: the name (and its display name in the window's language), key, guideline, examples."""
    tip = f"<b>{html.escape(lab.name)}</b>"
    shown = lab.display_name(current_language())
    if shown:
        tip += f" ({html.escape(shown)})"
    if lab.key:
        tip += " — " + arg(translate("LabelPalette", "key %1"),
                           f"<b>{html.escape(lab.key.replace('shift+', 'Shift+'))}</b>")
    if lab.description:
        tip += f"<br>{html.escape(lab.description)}"
    if lab.examples:
        tip += "<br><i>" + translate("LabelPalette", "e.g.") + "</i> " + "; ".join(
            html.escape(e) for e in lab.examples[:4])
    return tip


class LabelPaletteWidget(QWidget):
    label_clicked = Signal(str)

    def __init__(self, schema: Schema, parent: QWidget | None = None, columns: int = 2) -> None:
        super().__init__(parent)
        self.buttons: dict[str, QPushButton] = {}
        grid = QGridLayout(self)
        grid.setContentsMargins(4, 4, 4, 4)
        grid.setSpacing(3)
        for i, lab in enumerate(schema.labels):
            shown = lab.display_name(current_language())
            text = f"{key_text(lab.key)}  {lab.name}".strip()
            b = QPushButton(f"{text}\n{shown}" if shown else text)
            color = QColor(lab.color)
            b.setStyleSheet(
                f"QPushButton {{ background: {color.name()}; color: #1f2937; border: 1px solid {color.darker(150).name()};"
                " border-radius: 3px; padding: 3px 6px; text-align: left; }"
                f" QPushButton:hover {{ border: 2px solid {color.darker(200).name()}; }}"
            )
            b.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
            b.setFocusPolicy(b.focusPolicy().NoFocus)
            b.setToolTip(label_tooltip(lab))
            b.clicked.connect(lambda _checked=False, name=lab.name: self.label_clicked.emit(name))
            grid.addWidget(b, i // columns, i % columns)
            self.buttons[lab.name] = b
