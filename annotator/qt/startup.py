"""Start-up in two steps: the first article painted from a standard-library read, the services after.

Importing SQLAlchemy and opening the project (`annotator.services.project`) costs most of a
start-up (~0.4 s of CPU). The window does not wait for it: `annotator.qt.app.run` reads the first
article with `annotator.storage.quick_read` (stdlib `sqlite3`), builds the window on a
`PendingProject` and paints the article; a `ServicesLoader` thread then imports the services and
opens the project (Python threads share the import lock; no Qt object is touched off the main
thread). When it is done, `MainWindow.attach_project` (main thread) opens the real annotation
session of the article on screen and shows the document list.

The window is usable meanwhile: selecting, scrolling, finding and zooming need no database. The
first action that needs the services (an edit, the next document, …) waits for the loader
(`MainWindow.ensure_ready`) and then runs on the loaded project: nothing is lost, nothing is
shown as saved before it is committed.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal


class ServicesLoader(QObject):
    """Imports the services and opens the project in a thread; `loaded` fires on the main thread.

    `result()` waits for the thread and returns `(project, annotator)`, or raises what opening
    raised (e.g. `AnnotatorError`).
    """

    loaded = Signal()  # emitted from the thread: delivered queued, in the main thread

    def __init__(self, db: str, user: str, role: str | None) -> None:
        super().__init__()
        self.db, self.user, self.role = db, user, role
        self._result: tuple[Any, Any] | None = None
        self._error: BaseException | None = None
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="annotator-services", daemon=False)
            self._thread.start()

    def _run(self) -> None:
        try:
            from annotator.services.project import Project

            project = Project.open(self.db)
            try:
                annotator = project.annotator(self.user, self.role)
                project.schema  # noqa: B018 - read now, off the main thread
            except BaseException:
                project.close()
                raise
            self._result = (project, annotator)
        except BaseException as exc:  # handed to the main thread by result()
            self._error = exc
        self.loaded.emit()

    @property
    def started(self) -> bool:
        return self._thread is not None

    @property
    def done(self) -> bool:
        return self._result is not None or self._error is not None

    def wait(self) -> None:
        self.start()
        assert self._thread is not None
        self._thread.join()

    def result(self) -> tuple[Any, Any]:
        self.wait()
        if self._error is not None:
            raise self._error
        assert self._result is not None
        return self._result


class PendingProject:
    """Stands for the project until the loader is done.

    Holds what the window needs to be built and painted (`schema`, `db_url`); any other
    attribute first waits for the services (`on_demand`, the window's `ensure_ready`) and then
    comes from the loaded project.
    """

    def __init__(self, loader: ServicesLoader, schema, db_url: str) -> None:
        self.loader = loader
        self.schema = schema
        self.db_url = db_url
        self.on_demand: Callable[[], None] | None = None

    def __getattr__(self, name: str):
        if name.startswith("__"):
            raise AttributeError(name)
        if self.on_demand is not None:
            self.on_demand()
        return getattr(self.loader.result()[0], name)


__all__ = ["PendingProject", "ServicesLoader"]
