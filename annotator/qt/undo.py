"""A thin `QUndoCommand` around the core commands: each step is applied through the session.

`AnnotationSession.apply` commits before it changes memory and returns the inverse command, so
`redo` and `undo` each keep the inverse of what they just applied. The command is pushed only
after its first application succeeded (the stack's `push` then finds it already applied), and
the window's undo/redo first applies the step (`undo_step`/`redo_step`, through the window's
`WriteRunner`), and moves the stack only when that worked (see `EditController.undo`), so a failed
or still waiting commit never leaves the stack out of step with the database.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QUndoCommand

from annotator.core.commands import Command


class SessionCommand(QUndoCommand):
    def __init__(self, session, applied_inverse: Command, forward: Command, text: str,
                 on_error: Callable[[Exception], None] | None = None) -> None:
        super().__init__(text)
        self.session = session
        self._undo_cmd: Command = applied_inverse  # what undoes the step (it is applied now)
        self._redo_cmd: Command = forward
        self.applied = True
        self._on_error = on_error

    def undo_step(self) -> None:
        """Undo the step through the session (committed); raises when that failed (nothing changed)."""
        if self.applied:
            self._redo_cmd = self.session.apply(self._undo_cmd)
            self.applied = False

    def redo_step(self) -> None:
        if not self.applied:
            self._undo_cmd = self.session.apply(self._redo_cmd)
            self.applied = True

    def apply_undo(self) -> bool:
        """`undo_step`; False when it failed (reported to `on_error` when given, else raised)."""
        return self._guarded(self.undo_step)

    def apply_redo(self) -> bool:
        return self._guarded(self.redo_step)

    def _guarded(self, step: Callable[[], None]) -> bool:
        try:
            step()
        except Exception as exc:
            if self._on_error is not None:
                self._on_error(exc)
                return False
            raise
        return True

    # QUndoStack calls these; they do nothing when the step is already in the wanted state.
    def undo(self) -> None:
        self.apply_undo()

    def redo(self) -> None:
        self.apply_redo()
