"""One undo history below the UI: (forward, inverse) pairs that move only once a step is saved.

Annotate mode keeps a history of core `Command`s, review mode one of `SetDecisions` (the
reviewer's decisions as data). Applying a step is the caller's business — a service call, one
transaction, perhaps after waiting for the database — and every application returns the step
that undoes it. The history only says which step undo (redo) would apply and moves when told
that step was saved, so a failed or refused save leaves it as it was:

    entry = history.undo_entry()                  # what undo would apply: entry.inverse
    redo = apply(entry.inverse)                   # saved, or raises (nothing moved)
    history.undone(entry, redo)                   # now it moves; `redo` redoes it

`undo(apply)` / `redo(apply)` do the three lines at once when the application is synchronous.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Generic, TypeVar

S = TypeVar("S")


class HistoryError(Exception):
    """The history was told about an entry that is not the one to move (a programming error)."""


@dataclass(frozen=True)
class Entry(Generic[S]):
    forward: S  # what (re)does the step
    inverse: S  # what undoes it
    description: str


class History(Generic[S]):
    def __init__(self) -> None:
        self._done: list[Entry[S]] = []
        self._undone: list[Entry[S]] = []  # the last undone entry last

    # -- reading -----------------------------------------------------------------------------
    def __len__(self) -> int:
        """Every entry, undoable and redoable."""
        return len(self._done) + len(self._undone)

    @property
    def index(self) -> int:
        """How many entries can be undone (entries before the current position)."""
        return len(self._done)

    @property
    def can_undo(self) -> bool:
        return bool(self._done)

    @property
    def can_redo(self) -> bool:
        return bool(self._undone)

    def undo_entry(self) -> Entry[S] | None:
        """The entry undo would apply (its `inverse`); nothing moves."""
        return self._done[-1] if self._done else None

    def redo_entry(self) -> Entry[S] | None:
        """The entry redo would apply (its `forward`); nothing moves."""
        return self._undone[-1] if self._undone else None

    # -- moving (only after the step was saved) ---------------------------------------------
    def push(self, forward: S, inverse: S, description: str) -> Entry[S]:
        """A step was saved: `inverse` undoes it. What could be redone is dropped."""
        entry = Entry(forward, inverse, description)
        self._done.append(entry)
        self._undone.clear()
        return entry

    def undone(self, entry: Entry[S], redo: S | None = None) -> None:
        """`entry.inverse` was saved; `redo` (what applying it returned) redoes it, else `entry.forward`."""
        if not self._done or self._done[-1] is not entry:
            raise HistoryError(f"not the entry to undo: {entry.description}")
        self._done.pop()
        self._undone.append(entry if redo is None else replace(entry, forward=redo))

    def redone(self, entry: Entry[S], undo: S | None = None) -> None:
        """`entry.forward` was saved; `undo` (what applying it returned) undoes it, else `entry.inverse`."""
        if not self._undone or self._undone[-1] is not entry:
            raise HistoryError(f"not the entry to redo: {entry.description}")
        self._undone.pop()
        self._done.append(entry if undo is None else replace(entry, inverse=undo))

    def undo(self, apply: Callable[[S], S]) -> Entry[S] | None:
        """Apply the last step's inverse with `apply` (which returns the inverse of what it applied)
        and move back one entry; None when there is nothing to undo. When `apply` raises, nothing moves."""
        entry = self.undo_entry()
        if entry is None:
            return None
        self.undone(entry, apply(entry.inverse))
        return entry

    def redo(self, apply: Callable[[S], S]) -> Entry[S] | None:
        entry = self.redo_entry()
        if entry is None:
            return None
        self.redone(entry, apply(entry.forward))
        return entry

    def clear(self) -> None:
        self._done.clear()
        self._undone.clear()


__all__ = ["Entry", "History", "HistoryError"]
