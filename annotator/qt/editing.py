"""The window's editing state: one annotation session, its undo stack, time spent, save status.

Every edit goes `EditController.execute(cmd)` -> `AnnotationSession.apply` (commits first). Only
when the commit succeeded is the step pushed on the `QUndoStack` and `saved` emitted; a refused
edit emits `refused`, a storage failure `failed` (the window shows it; nothing is marked saved).
"""

from __future__ import annotations

import time

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoStack

from annotator.core.commands import Command
from annotator.core.document import Annotator, Status
from annotator.core.errors import AnnotationError, AnnotatorError, ConcurrencyError, StorageError
from annotator.qt.undo import SessionCommand

MAX_STINT_SECONDS = 30 * 60  # longer stretches without an action count as a break


class EditController(QObject):
    saved = Signal(str)  # description of what was committed
    refused = Signal(str)  # an edit the rules refuse (nothing changed)
    failed = Signal(str)  # the database could not be written (nothing changed)
    status_changed = Signal(str)  # the document's status for the current annotator

    def __init__(self, project, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.project = project
        self.session = None
        self.undo_stack = QUndoStack(self)
        self._clock = time.monotonic()

    # -- documents ------------------------------------------------------------------------------
    def open(self, document_id: int, annotator: Annotator):
        """Open the annotator's own set of a document (blind: nobody else's spans are loaded)."""
        self.flush_time()
        session = self.project.open_annotation(document_id, annotator)
        self.session = session
        self.undo_stack.clear()
        self._clock = time.monotonic()
        return session

    def _elapsed(self) -> float:
        now = time.monotonic()
        seconds, self._clock = now - self._clock, now
        return min(seconds, MAX_STINT_SECONDS)

    def flush_time(self) -> None:
        """Record the time spent on the open document (best effort: a failure is reported)."""
        if self.session is None:
            return
        seconds = self._elapsed()
        if seconds < 1 or (self.session.set_id is None and not len(self.session.annotations)):
            return  # merely looked at: no set is created for that
        try:
            self.session.add_time(seconds)
        except AnnotatorError as exc:
            self.failed.emit(f"Could not record the time spent: {exc}")

    # -- edits ----------------------------------------------------------------------------------
    def execute(self, command: Command) -> bool:
        if self.session is None:
            return False
        before = self.session.status
        try:
            inverse = self.session.apply(command)
        except AnnotationError as exc:
            self.refused.emit(str(exc))
            return False
        except (StorageError, ConcurrencyError) as exc:
            self.failed.emit(str(exc))
            return False
        text = command.describe(self.session.document.text)
        self.undo_stack.push(SessionCommand(self.session, inverse, command, text, self._report))
        self._after_save(text, before)
        return True

    def _report(self, exc: Exception) -> None:
        if isinstance(exc, AnnotationError):
            self.refused.emit(str(exc))
        else:
            self.failed.emit(str(exc))

    def _after_save(self, text: str, before: Status) -> None:
        self.saved.emit(text)
        if self.session is not None and self.session.status is not before:
            self.status_changed.emit(self.session.status.value)

    def undo(self) -> bool:
        idx = self.undo_stack.index()
        if self.session is None or idx == 0:
            return False
        cmd = self.undo_stack.command(idx - 1)
        before = self.session.status
        if not cmd.apply_undo():
            return False
        self.undo_stack.undo()
        self._after_save(f"undo {cmd.text()}", before)
        return True

    def redo(self) -> bool:
        idx = self.undo_stack.index()
        if self.session is None or idx >= self.undo_stack.count():
            return False
        cmd = self.undo_stack.command(idx)
        before = self.session.status
        if not cmd.apply_redo():
            return False
        self.undo_stack.redo()
        self._after_save(f"redo {cmd.text()}", before)
        return True

    def set_status(self, status: Status) -> bool:
        if self.session is None:
            return False
        try:
            self.session.set_status(status, add_seconds=self._elapsed())
        except (StorageError, ConcurrencyError) as exc:
            self.failed.emit(str(exc))
            return False
        self.status_changed.emit(status.value)
        self.saved.emit(f"marked {status.value.replace('_', ' ')}")
        return True

    @property
    def last_saved(self) -> float | None:
        return self.session.last_saved if self.session is not None else None
