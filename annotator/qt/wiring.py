"""Where the window and its modes are put together — the one place that knows both.

`MainWindow` implements `annotator.qt.host.ModeHost` and imports no mode; a mode (review)
imports no window. `build_window` makes the window, installs the modes, then restores the saved
dock layout (which includes the modes' docks).
"""

from __future__ import annotations

from annotator.core.document import Annotator
from annotator.qt.main_window import MainWindow


def build_window(project, annotator: Annotator, settings) -> MainWindow:
    """The labeling window with review mode installed (`window.review_mode`), settings restored."""
    from annotator.qt.review import install_review_mode

    window = MainWindow(project, annotator, settings)
    window.review_mode = install_review_mode(window)
    window.restore_settings()
    return window
