"""Live updates in the window: other people's progress appears without reloading.

`LiveView` owns a `annotator.services.live.LiveUpdates` (a thread that waits on the database's
change feed and reads the changed rows; the window's thread never waits for it) and a timer
(`TICK_MS`) on the window's thread that

- tells it which documents the list shows (its fetched rows), for which annotator, and whether
  review rows are wanted (the list in review mode, or review mode's progress);
- applies what it read: the changed rows of the document list (status and span count, or review
  state), in place and only those that differ; in review mode the review cache and the progress;
- says in the status bar when the database server cannot be reached, and when it is back (the
  thread reconnects by itself; the rows shown are then read again).

`ANNOTATOR_LIVE=0` turns it off (`start_live` returns None).
"""

from __future__ import annotations

import os
import time

from PySide6.QtCore import QObject, QTimer, Signal

from annotator.qt.i18n import arg, translate
from annotator.services.live import Interest, LiveReport, LiveUpdates

TICK_MS = 200  # how often the window takes the thread's reports (the thread waits on the feed itself)


class LiveView(QObject):
    applied = Signal(float)  # a report was shown: seconds from the change being noticed to now
    connection_changed = Signal(bool, str)  # online, why not (empty when online)

    def __init__(self, window, interval: float = 0.25, tick_ms: int = TICK_MS) -> None:
        super().__init__(window)
        self.window = window
        self.updates = LiveUpdates(window.project, interval=interval)
        self.online = True
        self.problem: str | None = None
        self._shape: tuple | None = None  # what the interest was built from (skip rebuilding it)
        self._warned: tuple[int, int] | None = None  # (document, version) the window was told about
        self._timer = QTimer(self, interval=tick_ms)
        self._timer.timeout.connect(self.tick)
        self.tell()
        self.updates.start()
        self._timer.start()

    def stop(self) -> None:
        """Stop the timer and the thread (the window closes)."""
        self._timer.stop()
        self.updates.stop()

    # -- what the window shows -------------------------------------------------------------------
    def _review(self):
        """The review service when review mode has made it (None otherwise: nothing to keep current)."""
        mode = getattr(self.window, "review_mode", None)
        return getattr(mode, "_review", None) if mode is not None else None

    def tell(self) -> None:
        """Tell the thread which rows the window shows (when that changed since the last tick)."""
        model = self.window.document_model
        if model is None:
            return
        mode = getattr(self.window, "review_mode", None)
        review = model.in_review or bool(mode is not None and getattr(mode, "active", False))
        annotator = self.window.annotator
        shape = (id(model), model.row_count(), model.total, model.in_review, review, annotator, model.text, model.status,
                 model.review_state)
        if shape != self._shape:
            self._shape = shape
            self.updates.interest = Interest(annotator, frozenset(model.fetched_ids()), review)

    # -- applying reports ------------------------------------------------------------------------
    def tick(self) -> None:
        self.tell()
        for report in self.updates.reports():
            self.apply(report)

    def apply(self, report: LiveReport) -> None:
        if not report.online:
            self._offline(report.problem or "the database cannot be reached")
            return
        if not self.online:
            self._back()
        model = self.window.document_model
        if model is None:
            return
        if report.statuses and report.annotator == self.window.annotator:
            model.update_documents(self._against_open_session(report))
        if report.reviews:
            review = self._review()
            if review is not None:
                review.take_status(report.reviews)
            model.update_review(report.reviews)
            mode = getattr(self.window, "review_mode", None)
            if mode is not None and getattr(mode, "active", False):
                mode._show_progress()  # the toolbar's progress from the cache just updated
        self.applied.emit(time.monotonic() - report.seen_at)

    def _against_open_session(self, report: LiveReport) -> dict:
        """The report's rows, checked against the article open here (same annotator): a row read
        before this window's last save is dropped (the window shows its own save already); a
        newer one means her set was changed elsewhere — the window says so once per version
        (an edit here would be refused as made on a stale view)."""
        rows = dict(report.statuses)
        session = self.window.session
        if session is None or getattr(self.window, "mode", None) is not None:
            return rows
        doc = session.document.id
        version = report.versions.get(doc)
        if doc not in rows or version is None:
            return rows
        if version < session.version:
            del rows[doc]
        elif version > session.version and self._warned != (doc, version):
            self._warned = (doc, version)
            self.window.show_message(arg(translate(
                "Live", "“%1” was changed elsewhere (another window or program): "
                "reopen it to see the changes — an edit here would not be saved"), session.document.title), 15000)
        return rows

    def _offline(self, why: str) -> None:
        first = self.online
        self.online, self.problem = False, why
        if first:
            self.window.statusBar().showMessage(arg(translate(
                "Live", "The database server cannot be reached (%1); reconnecting by itself — "
                "edits made meanwhile are NOT saved"), why))
            self.connection_changed.emit(False, why)

    def _back(self) -> None:
        self.online, self.problem = True, None
        self.window.statusBar().showMessage(translate("Live", "Connected to the database again"), 5000)
        self.connection_changed.emit(True, "")


def start_live(window) -> LiveView | None:
    """Live updates for `window` (its document list must exist), unless ANNOTATOR_LIVE=0."""
    if os.environ.get("ANNOTATOR_LIVE", "1").strip().lower() in {"0", "no", "off", "false"}:
        return None
    return LiveView(window)


__all__ = ["TICK_MS", "LiveView", "start_live"]
