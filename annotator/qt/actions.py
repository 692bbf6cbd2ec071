"""Every write the window makes goes through one `WriteRunner`, which never freezes the window.

An action is a callable that does one complete unit of work (one transaction, or a few done in
order) and raises on failure with nothing half-written. The runner makes a first attempt at once
with a short busy timeout (`FIRST_ATTEMPT_MS`). When another program holds the database's write
lock (`DatabaseLockedError`), it emits `waiting`, returns to the event loop, and tries again from
a timer with backoff (each retry waits at most `RETRY_ATTEMPT_MS` for the lock), until the
project's busy timeout (the patience every other caller has) is spent since the first attempt;
then the action fails with the lock error, as a blocking write would have.

`done(result)` runs only after the commit, `error(exc)` when the action was refused or failed:
callers show the edit in `done` and nothing before. While one action waits, any other is refused
at once (`StillWaitingError`, an `AnnotationError`: a refusal, not a storage failure), so actions
are never reordered and never lost silently.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from annotator.core.errors import AnnotationError, AnnotatorError, DatabaseLockedError
from annotator.qt.i18n import arg, translate

FIRST_ATTEMPT_MS = 100  # the window may stall this long on a locked database before it shows "waiting"
RETRY_ATTEMPT_MS = 20  # each retry waits at most this long for the lock (a frame or so)
RETRY_GAPS_MS = (20, 40, 80, 160, 250)  # between retries; the last one repeats


class StillWaitingError(AnnotationError):
    """Another action is still waiting for the database: this one was not made."""


@dataclass
class _Job:
    what: str
    attempt: Callable[[], Any]
    done: Callable[[Any], None]
    error: Callable[[Exception], None]
    started: float
    deadline: float
    attempts: int = 0


class WriteRunner(QObject):
    waiting = Signal(str)  # an action waits for another program's lock (its description)
    settled = Signal()  # the wait is over: `done` or `error` of the action follows at once

    def __init__(self, project, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.project = project
        self._patience_ms: int | None = None  # read from the project on first use (it may still be loading)
        self._job: _Job | None = None
        self._timer = QTimer(self, singleShot=True)
        self._timer.timeout.connect(self._retry)

    @property
    def patience_ms(self) -> int:
        """How long an action waits for the database in all (the project's busy timeout by default)."""
        if self._patience_ms is None:
            self._patience_ms = int(self.project.db.busy_timeout_ms)
        return self._patience_ms

    @patience_ms.setter
    def patience_ms(self, ms: int) -> None:
        self._patience_ms = ms

    @property
    def busy(self) -> bool:
        """An action is waiting for the database."""
        return self._job is not None

    @property
    def waiting_for(self) -> str | None:
        return self._job.what if self._job is not None else None

    def still_waiting_message(self) -> str:
        return arg(translate("WriteRunner", "Not done: still waiting for the database to save “%1”; "
                             "try again once it is saved"), self.waiting_for)

    def run(self, what: str, attempt: Callable[[], Any], done: Callable[[Any], None],
            error: Callable[[Exception], None]) -> bool:
        """Run `attempt` now or, while the database is locked, a little later.

        True when it committed now (`done` has run). False otherwise: refused or failed now
        (`error` has run), or waiting (`busy`; `done` or `error` runs later).
        """
        if self._job is not None:
            error(StillWaitingError(self.still_waiting_message()))
            return False
        now = time.monotonic()
        job = _Job(what, attempt, done, error, now, now + self.patience_ms / 1000)
        return self._attempt(job, min(FIRST_ATTEMPT_MS, self.patience_ms))

    def try_once(self, attempt: Callable[[], Any]) -> Any:
        """One attempt with the short busy timeout, no waiting (for background bookkeeping).

        Raises what `attempt` raises (`DatabaseLockedError` when the lock was not free).
        """
        with self.project.db.busy_timeout(FIRST_ATTEMPT_MS):
            return attempt()

    def cancel(self) -> None:
        """Give up the waiting action (the window closes): nothing of it was written or shown."""
        self._timer.stop()
        self._job = None

    # -- internals --------------------------------------------------------------------------------
    def _attempt(self, job: _Job, busy_ms: int) -> bool:
        job.attempts += 1
        try:
            with self.project.db.busy_timeout(busy_ms):
                result = job.attempt()
        except DatabaseLockedError as exc:
            if time.monotonic() < job.deadline:
                self._wait(job)
                return False
            waited = time.monotonic() - job.started
            self._finish(job)
            job.error(DatabaseLockedError(f"{exc} — gave up after waiting {waited:.1f} s"))
            return False
        except AnnotatorError as exc:
            self._finish(job)
            job.error(exc)
            return False
        except BaseException:
            self._finish(job)  # a bug: do not leave the window waiting forever
            raise
        self._finish(job)
        job.done(result)
        return True

    def _wait(self, job: _Job) -> None:
        first = self._job is None
        self._job = job
        gap = RETRY_GAPS_MS[min(job.attempts - 1, len(RETRY_GAPS_MS) - 1)]
        left_ms = (job.deadline - time.monotonic()) * 1000
        self._timer.start(max(0, int(min(gap, left_ms))))
        if first:
            self.waiting.emit(job.what)

    def _retry(self) -> None:
        job = self._job
        if job is None:
            return
        left_ms = (job.deadline - time.monotonic()) * 1000
        self._attempt(job, int(max(0, min(RETRY_ATTEMPT_MS, left_ms))))

    def _finish(self, job: _Job) -> None:
        if self._job is job:
            self._job = None
            self._timer.stop()
            self.settled.emit()
