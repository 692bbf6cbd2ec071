"""The status bar's save state: ✔ Saved HH:MM:SS, ✖ NOT SAVED, or ⏳ waiting for the database….

One label, written only through `saved`, `failed`, `waiting` and `settled` (the window's
`show_saved` / `show_failure` and its write runner's signals call them), so what the user reads
there is always the outcome of the last action. Its width is fixed: a label that changed size on
every save would re-layout the whole window.
"""

from __future__ import annotations

import time

from PySide6.QtCore import QT_TRANSLATE_NOOP
from PySide6.QtWidgets import QLabel, QWidget

from annotator.qt.i18n import arg, translate

WAITING_TEXT = QT_TRANSLATE_NOOP("SaveStatus", "⏳ waiting for the database…")  # English; shown translated
SAVED_STYLE = "color: #166534;"
FAILED_STYLE = "color: #b91c1c; font-weight: bold;"
WAITING_STYLE = "color: #b45309; font-weight: bold;"


class SaveStatus(QLabel):
    def _style(self, style: str) -> None:
        if style != self.styleSheet():  # restyling re-polishes the widget: only when it changes
            self.setStyleSheet(style)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(translate("SaveStatus", "Nothing to save yet"), parent)
        fm = self.fontMetrics()
        widest = (arg(translate("SaveStatus", "✔ Saved %1"), "00:00:00") + " " + translate("SaveStatus", "✖ NOT SAVED"),
                  translate("SaveStatus", WAITING_TEXT), self.text())
        self.setFixedWidth(max(fm.horizontalAdvance(t) for t in widest) + 8)
        self._before_wait: tuple[str, str, str] | None = None

    def saved(self, what: str, when: float | None = None) -> None:
        """`what` was committed at `when` (seconds since the epoch; now if None)."""
        self.setText(arg(translate("SaveStatus", "✔ Saved %1"), time.strftime('%H:%M:%S', time.localtime(when or time.time()))))
        self._style(SAVED_STYLE)
        self.setToolTip(what)

    def failed(self, message: str) -> None:
        self.setText(translate("SaveStatus", "✖ NOT SAVED"))
        self._style(FAILED_STYLE)
        self.setToolTip(message)

    def waiting(self, what: str) -> None:
        """Another program holds the database's lock: `what` waits (nothing is shown as saved)."""
        self._before_wait = (self.text(), self.styleSheet(), self.toolTip())
        self.setText(translate("SaveStatus", WAITING_TEXT))
        self._style(WAITING_STYLE)
        self.setToolTip(arg(translate("SaveStatus", "Another program is writing to the database; waiting to save: %1"), what))

    def settled(self) -> None:
        """The wait is over: back to what it said before (saved / NOT SAVED follows at once)."""
        if self._before_wait is not None:
            text, style, tip = self._before_wait
            self._before_wait = None
            self.setText(text)
            self._style(style)
            self.setToolTip(tip)
