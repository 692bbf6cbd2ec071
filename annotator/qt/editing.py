"""The window's editing state: one annotation session, its undo history, time spent, save status.

Every edit goes `EditController.execute(cmd)` -> the window's `WriteRunner` ->
`AnnotationSession.apply` (commits first). Only when the commit succeeded is the step pushed on
the `History` (`annotator.core.history`: the command and the inverse the session returned) and
`saved` emitted; a refused edit emits `refused`, a storage failure `failed` (the window shows it;
nothing is marked saved). Undo and redo apply the stored inverse (forward) command the same way
and move the history only once that is saved. While another program holds the database's lock
the runner retries from a timer: the method returns False at once, the window stays responsive,
and `saved` (or `failed`) follows when the wait ends; `saved_later` then names the command, so the
window can select what was just made.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QObject, Signal

from annotator.core.commands import AddRelation, AddSpan, Command, DeleteRelation, DeleteSpan, SetLabel
from annotator.core.document import Annotator, Status
from annotator.core.errors import AnnotationError, AnnotatorError
from annotator.core.history import Entry, History
from annotator.qt.actions import WriteRunner
from annotator.qt.i18n import arg, translate
from annotator.qt.models.document_table import status_text


def _short(text: str, limit: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def describe_command(command, text: str) -> str:
    """What an edit does, in the window's language (the status bar, the undo history, the waits).

    `command.describe(text)` (English, from the core) for a command this function does not know.
    """
    if isinstance(command, AddSpan):
        return arg(translate("Editing", "add %1 “%2”"), command.span.label, _short(command.span.text_in(text)))
    if isinstance(command, DeleteSpan):
        return arg(translate("Editing", "delete %1 “%2”"), command.span.label, _short(command.span.text_in(text)))
    if isinstance(command, SetLabel):
        return arg(translate("Editing", "relabel “%1” %2 → %3"), _short(command.span.text_in(text)),
                   command.span.label, command.label)
    if isinstance(command, AddRelation):
        return arg(translate("Editing", "add relation %1"), command.relation.label)
    if isinstance(command, DeleteRelation):
        return arg(translate("Editing", "delete relation %1"), command.relation.label)
    return command.describe(text)

MAX_STINT_SECONDS = 30 * 60  # longer stretches without an action count as a break


class EditController(QObject):
    saved = Signal(str)  # description of what was committed
    refused = Signal(str)  # an edit the rules refuse (nothing changed)
    failed = Signal(str)  # the database could not be written (nothing changed)
    status_changed = Signal(str)  # the document's status for the current annotator
    saved_later = Signal(object)  # a command committed after waiting for the database (after `saved`)
    history_changed = Signal()  # what undo / redo can do changed

    def __init__(self, project, parent: QObject | None = None, runner: WriteRunner | None = None) -> None:
        super().__init__(parent)
        self.project = project
        self.runner = runner if runner is not None else WriteRunner(project, self)
        self.session = None
        self.history: History[Command] = History()
        self._clock = time.monotonic()
        # called before any edit: the window waits there for the services still loading at start-up
        self.before_edit: Callable[[], object] | None = None
        # applies one step of the history and returns its inverse; default `session.apply` (edit
        # commands). The suggestions controller sets `annotator.services.suggest.apply_step`, so a
        # rejected suggestion is a step of the same history as the edits (one Ctrl+Z for both).
        self.step_runner: Callable[[object, object], object] | None = None

    def current_session(self):
        """The open session, once the services are loaded (waits for them: see `before_edit`)."""
        if self.before_edit is not None:
            self.before_edit()
        return self.session

    # -- documents ------------------------------------------------------------------------------
    def open(self, document_id: int, annotator: Annotator, since: float | None = None):
        """Open the annotator's own set of a document (blind: nobody else's spans are loaded).

        `since` (`time.monotonic()`): when the user began looking at it (default: now).
        """
        if self.runner.busy:
            raise AnnotationError(self.runner.still_waiting_message())
        self.flush_time()
        session = self.project.open_annotation(document_id, annotator)
        self.session = session
        self.history.clear()
        self.history_changed.emit()
        self._clock = time.monotonic() if since is None else since
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
            self.failed.emit(arg(translate("Editing", "Could not record the time spent: %1"), exc))

    # -- edits ----------------------------------------------------------------------------------
    def execute(self, command: Command) -> bool:
        """Commit `command`; True when it is saved now (False: refused, failed, or still waiting)."""
        session = self.current_session()
        if session is None:
            return False
        before = session.status
        text = describe_command(command, session.document.text)

        def done(inverse: Command) -> None:
            self.history.push(command, inverse, text)
            self.history_changed.emit()
            self._after_save(text, before)

        return self._run(text, lambda: self._apply(session, command), done, command)

    def _apply(self, session, step):
        return session.apply(step) if self.step_runner is None else self.step_runner(session, step)

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
        """Apply the last edit's inverse (committed); the history moves back once it is saved."""
        entry = self.history.undo_entry()
        if self.current_session() is None or entry is None:
            return False
        return self._step(arg(translate("Editing", "undo %1"), entry.description), entry, entry.inverse, self.history.undone)

    def redo(self) -> bool:
        entry = self.history.redo_entry()
        if self.current_session() is None or entry is None:
            return False
        return self._step(arg(translate("Editing", "redo %1"), entry.description), entry, entry.forward, self.history.redone)

    def _step(self, what: str, entry: Entry[Command], command: Command,
              move: Callable[[Entry[Command], Command], None]) -> bool:
        session = self.session
        assert session is not None
        before = session.status

        def done(result: object) -> None:
            move(entry, result)  # what applying it returned undoes (redoes) it
            self.history_changed.emit()
            self._after_save(what, before)

        return self._run(what, lambda: self._apply(session, command), done)

    def set_status(self, status: Status, then: Callable[[], object] | None = None) -> bool:
        """Mark the document; `then()` runs after the commit (now, or when the wait ends)."""
        session = self.current_session()
        if session is None:
            return False
        seconds = self._elapsed()
        what = arg(translate("Editing", "marked %1"), status_text(status))

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
