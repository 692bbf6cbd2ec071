"""A thin `QUndoCommand` around the core commands: each step is applied through the session.

`AnnotationSession.apply` commits before it changes memory and returns the inverse command, so
`redo` and `undo` each keep the inverse of what they just applied. The command is pushed only
after its first application succeeded (the stack's `push` then finds it already applied), and
the window's undo/redo first applies the step, and moves the stack only when that worked (see
`EditController.undo`), so a failed commit never leaves the stack out of step with the database.
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

    def apply_undo(self) -> bool:
        """Undo the step through the session (committed); False when it failed."""
        if not self.applied:
            return True
        try:
            self._redo_cmd = self.session.apply(self._undo_cmd)
        except Exception as exc:
            if self._on_error is not None:
                self._on_error(exc)
                return False
            raise
        self.applied = False
        return True

    def apply_redo(self) -> bool:
        if self.applied:
            return True
        try:
            self._undo_cmd = self.session.apply(self._redo_cmd)
        except Exception as exc:
            if self._on_error is not None:
                self._on_error(exc)
                return False
            raise
        self.applied = True
        return True

    # QUndoStack calls these; they do nothing when the step is already in the wanted state.
    def undo(self) -> None:
        self.apply_undo()

    def redo(self) -> None:
        self.apply_redo()
