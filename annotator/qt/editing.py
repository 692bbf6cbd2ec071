"""The window's editing state: one annotation session, its undo stack, time spent, save status.

Every edit goes `EditController.execute(cmd)` -> the window's `WriteRunner` ->
`AnnotationSession.apply` (commits first). Only when the commit succeeded is the step pushed on
the `QUndoStack` and `saved` emitted; a refused edit emits `refused`, a storage failure `failed`
(the window shows it; nothing is marked saved). While another program holds the database's lock
the runner retries from a timer: the method returns False at once, the window stays responsive,
and `saved` (or `failed`) follows when the wait ends; `saved_later` then names the command, so the
window can select what was just made.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoStack

from annotator.core.commands import Command
from annotator.core.document import Annotator, Status
from annotator.core.errors import AnnotationError, AnnotatorError
from annotator.qt.actions import WriteRunner
from annotator.qt.undo import SessionCommand

MAX_STINT_SECONDS = 30 * 60  # longer stretches without an action count as a break


class EditController(QObject):
    saved = Signal(str)  # description of what was committed
    refused = Signal(str)  # an edit the rules refuse (nothing changed)
    failed = Signal(str)  # the database could not be written (nothing changed)
    status_changed = Signal(str)  # the document's status for the current annotator
    saved_later = Signal(object)  # a command committed after waiting for the database (after `saved`)

    def __init__(self, project, parent: QObject | None = None, runner: WriteRunner | None = None) -> None:
        super().__init__(parent)
        self.project = project
        self.runner = runner if runner is not None else WriteRunner(project, self)
        self.session = None
        self.undo_stack = QUndoStack(self)
        self._clock = time.monotonic()

    # -- documents ------------------------------------------------------------------------------
    def open(self, document_id: int, annotator: Annotator):
        """Open the annotator's own set of a document (blind: nobody else's spans are loaded)."""
        if self.runner.busy:
            raise AnnotationError(self.runner.still_waiting_message())
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
        """Record the time spent on the open document (best effort: a failure is reported).

        One short attempt: it never waits for a locked database (the seconds are then reported
        as not saved).
        """
        if self.session is None:
            return
        seconds = self._elapsed()
        if seconds < 1 or (self.session.set_id is None and not len(self.session.annotations)):
            return  # merely looked at: no set is created for that
        session = self.session
        try:
            self.runner.try_once(lambda: session.add_time(seconds))
        except AnnotatorError as exc:
            self.failed.emit(f"Could not record the time spent: {exc}")

    # -- edits ----------------------------------------------------------------------------------
    def execute(self, command: Command) -> bool:
        """Commit `command`; True when it is saved now (False: refused, failed, or still waiting)."""
        session = self.session
        if session is None:
            return False
        before = session.status
        text = command.describe(session.document.text)

        def done(inverse: Command) -> None:
            self.undo_stack.push(SessionCommand(session, inverse, command, text, self._report))
            self._after_save(text, before)

        return self._run(text, lambda: session.apply(command), done, command)

    def _run(self, what: str, attempt: Callable[[], object], done: Callable[[object], None],
             command: object = None) -> bool:
        waited = False

        def on_done(result: object) -> None:
            done(result)
            if waited:
                self.saved_later.emit(command)

        now = self.runner.run(what, attempt, on_done, self._report)
        waited = self.runner.busy
        return now

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

        def done(_result: object) -> None:
            self.undo_stack.undo()  # the step is already undone: this only moves the stack
            self._after_save(f"undo {cmd.text()}", before)

        return self._run(f"undo {cmd.text()}", cmd.undo_step, done)

    def redo(self) -> bool:
        idx = self.undo_stack.index()
        if self.session is None or idx >= self.undo_stack.count():
            return False
        cmd = self.undo_stack.command(idx)
        before = self.session.status

        def done(_result: object) -> None:
            self.undo_stack.redo()
            self._after_save(f"redo {cmd.text()}", before)

        return self._run(f"redo {cmd.text()}", cmd.redo_step, done)

    def set_status(self, status: Status, then: Callable[[], object] | None = None) -> bool:
        """Mark the document; `then()` runs after the commit (now, or when the wait ends)."""
        session = self.session
        if session is None:
            return False
        seconds = self._elapsed()
        what = f"marked {status.value.replace('_', ' ')}"

        def done(_result: object) -> None:
            self.status_changed.emit(status.value)
            self.saved.emit(what)
            if then is not None:
                then()

        def error(exc: Exception) -> None:
            self._clock -= seconds  # not recorded: count it with the next record
            self._report(exc)

        return self.runner.run(what, lambda: session.set_status(status, add_seconds=seconds), done, error)

    @property
    def last_saved(self) -> float | None:
        return self.session.last_saved if self.session is not None else None
