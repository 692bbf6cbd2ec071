"""What a mode of the window (e.g. review) may use of the window, written down.

The labeling window (`annotator.qt.main_window.MainWindow`) implements `ModeHost`; a mode such
as `annotator.qt.review.ReviewMode` is written against this protocol only and never imports the
window, and the window never imports a mode: `annotator.qt.wiring.build_window` puts them
together, in one place (import-linter keeps it that way).

Every user action a mode makes goes through `ModeHost.run_op`: one service call, its refusal
shown in the status bar, its failure in a box (and ✖ NOT SAVED), its success as ✔ Saved.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

if TYPE_CHECKING:
    from PySide6.QtCore import QSettings, Qt, SignalInstance
    from PySide6.QtGui import QAction
    from PySide6.QtWidgets import QDockWidget, QMenu, QWidget

    from annotator.core.document import Annotator
    from annotator.core.schema import Schema
    from annotator.qt.article_view import ArticleView
    from annotator.qt.models.document_table import DocumentTableModel
    from annotator.qt.widgets.document_list import DocumentListWidget
    from annotator.qt.widgets.label_palette import LabelPaletteWidget

T = TypeVar("T")


class Mode(Protocol):
    """A way of looking at the article (the window's own is annotating)."""

    name: str

    def activate(self, host: ModeHost) -> None: ...

    def deactivate(self, host: ModeHost) -> None: ...

    def land(self) -> None:
        """Called once the window opened its first document (a mode may take over, e.g. for a reviewer)."""


class ModeHost(Protocol):
    """The window as a mode sees it."""

    project: Any  # annotator.services.project.Project
    schema: Schema
    settings: QSettings
    document_id: int | None
    article_view: ArticleView
    palette: LabelPaletteWidget
    document_list: DocumentListWidget
    document_model: DocumentTableModel
    labels_dock: QDockWidget
    spans_dock: QDockWidget
    relations_dock: QDockWidget
    mode_menu: QMenu
    annotate_mode_action: QAction
    undo_action: QAction
    redo_action: QAction
    document_opened: SignalInstance  # (document id) after a document is shown

    @property
    def annotator(self) -> Annotator: ...

    # -- the window's parts a mode adds to --
    def add_dock(self, title: str, widget: QWidget, area: Qt.DockWidgetArea) -> QDockWidget: ...

    def add_mode(self, mode: Mode, shortcut: str | None = None) -> QAction: ...

    def set_mode(self, mode: Mode | None) -> None: ...

    def open_document(self, document_id: int) -> bool: ...

    def set_current_annotator(self, annotator: Annotator) -> None:
        """The current user changed in the database (e.g. their role): show it."""

    # -- the one way to run a user action, and what the user is told --
    def run_op(
        self,
        what: str,
        op: Callable[[], T],
        on_done: Callable[[T], None] | None = None,
        on_error: Callable[[Exception], None] | None = None,
    ) -> bool:
        """Run `op` (one service call, one unit of work) through the window's write runner.

        After the commit: `on_done(result)`, then ✔ Saved (`what`). On a refusal
        (`AnnotationError`): `on_error(exc)`, then the reason in the status bar; on a failure:
        `on_error(exc)`, then ✖ NOT SAVED and a box. Returns True when it was saved at once
        (False: refused, failed, or still waiting for a locked database).
        """
        ...

    def show_saved(self, what: str) -> None: ...

    def show_failure(self, message: str) -> None: ...

    def show_message(self, text: str, ms: int = 8000) -> None: ...

    # -- QMainWindow, as far as a mode uses it --
    def addToolBar(self, area: Qt.ToolBarArea, toolbar: Any) -> None: ...

    def menuBar(self) -> Any: ...

    def addAction(self, action: QAction) -> None: ...

    def resizeDocks(self, docks: list[QDockWidget], sizes: list[int], orientation: Qt.Orientation) -> None: ...

    def width(self) -> int: ...

    def height(self) -> int: ...

    def installEventFilter(self, obj: Any) -> None: ...
