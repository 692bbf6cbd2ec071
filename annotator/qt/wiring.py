"""Where the window and its modes are put together — the one place that knows both.

`MainWindow` implements `annotator.qt.host.ModeHost` and imports no mode; a mode (review)
imports no window. `build_window` makes the window, installs the modes, then restores the saved
dock layout (which includes the modes' docks).
"""

from __future__ import annotations

from annotator.core.document import Annotator
from annotator.qt.main_window import MainWindow


def build_window(project, annotator: Annotator, settings, modes: bool = True) -> MainWindow:
    """The labeling window with review mode (`window.review_mode`) and the suggestions
    (`window.suggestions`: toolbar, Model menu, keys) installed, settings restored.

    `modes=False` leaves the modes out, for `install_modes` to add once the window is painted
    (start-up: review mode is not needed for the first paint).
    """
    window = MainWindow(project, annotator, settings)
    if modes:
        _install(window)
    window.restore_settings()
    return window


def install_modes(window: MainWindow) -> None:
    """Add the modes to a window built with `modes=False` (and put their docks where they were)."""
    if window.review_mode is None or window.suggestions is None:
        _install(window)
        state = window.settings.value("window/state")
        if state is not None and not isinstance(state, str):
            window.restoreState(state)


def _install(window: MainWindow) -> None:
    from annotator.qt.review import install_review_mode
    from annotator.qt.suggestions import install_suggestions

    if window.review_mode is None:
        window.review_mode = install_review_mode(window)
    if window.suggestions is None:  # suggestions read once the services are up (spaCy only in a job)
        window.suggestions = install_suggestions(window)
    _install_corpus_tools(window)


def _install_corpus_tools(window: MainWindow) -> None:
    """Guidelines panel (F1), concordance (Ctrl+Shift+F) and notes (docks made hidden, filled on use)."""
    from annotator.qt.concordance_dock import install_concordance
    from annotator.qt.guidelines_dock import install_guidelines
    from annotator.qt.notes_dock import install_notes

    if getattr(window, "guidelines", None) is None:
        window.guidelines = install_guidelines(window)
    if getattr(window, "concordance", None) is None:
        window.concordance = install_concordance(window)
    if getattr(window, "notes", None) is None:
        window.notes = install_notes(window)
