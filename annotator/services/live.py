"""Live updates: what other people (other windows, other machines) changed, read in the background.

`LiveUpdates` runs one thread that waits on the database's change feed
(`annotator.storage.live`: SQLite's `PRAGMA data_version` plus a table stamped by triggers on one
machine, LISTEN/NOTIFY on PostgreSQL) and, when documents changed, reads what a window shows of
them — the annotator's status and span count, or in review mode the documents' review rows — in
that thread too, so that the window's thread never waits for the network. The window states what
it shows (`interest`) and takes the results with `reports()`, which never blocks.

It also watches the connection: when the server cannot be reached a report says so
(`online=False`, `problem`), and once it is back another says `online=True` and carries the rows
of everything shown (what changed meanwhile is unknown). Typical delay from another connection's
commit to a report: about 0.1 s on SQLite (polled every 50 ms), a few ms on PostgreSQL.
"""

from __future__ import annotations

import queue
import threading
import time
from dataclasses import dataclass, field

from sqlalchemy import select

from annotator.core.document import Annotator, SetKind, Status
from annotator.core.errors import AnnotatorError
from annotator.storage.live import ChangeFeed, FeedLostError, open_feed
from annotator.storage.orm import AnnotationSetRow

RETRY_S = 1.0  # between attempts to reach a server that went away


@dataclass(frozen=True)
class Interest:
    """What a window shows: `document_ids` (its list's rows), whose rows it wants when they change.

    `annotator`: the list shows her status and span count per document; `review`: the list shows
    review rows (and the window review progress), so changed documents' review rows are read too.
    """

    annotator: Annotator | None = None
    document_ids: frozenset[int] = frozenset()
    review: bool = False


@dataclass(frozen=True)
class LiveReport:
    """One batch of changes, or a change of the connection.

    `changed`: the document ids committed elsewhere (None: anything may have changed — after a
    reconnect). `statuses`: document id -> (status, span count) of the interest's annotator, for
    changed documents the window shows. `reviews`: review rows (`DocumentReview`) of the changed
    documents, when the interest asks for them. `online`: the database could be reached;
    `problem`: why not. `seen_at`: `time.monotonic()` when the change was noticed; `annotator`:
    whose statuses they are (the interest's when they were read); `versions`: the version of her
    set of each document in `statuses` (a window compares it with its open session's: lower is a
    report older than its own last save, higher a change made elsewhere).
    """

    changed: frozenset[int] | None
    statuses: dict[int, tuple[Status, int]] = field(default_factory=dict)
    reviews: list = field(default_factory=list)
    online: bool = True
    problem: str | None = None
    seen_at: float = 0.0
    annotator: Annotator | None = None  # whose `statuses` they are
    versions: dict[int, int] = field(default_factory=dict)  # document id -> version of her set (0: none)


class LiveUpdates:
    """The background watcher of one project's database (see the module docstring).

    `start()` once, `stop()` when done (joins the thread, at most about `interval` + a read).
    """

    def __init__(self, project, interval: float = 0.25, feed: ChangeFeed | None = None) -> None:
        self.project = project
        self.interval = interval
        self.interest = Interest()  # replaced (not mutated) by the window's thread
        self.online = True
        self._feed = feed
        self._reports: queue.SimpleQueue[LiveReport] = queue.SimpleQueue()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    # -- the window's side -----------------------------------------------------------------------
    def start(self) -> None:
        if self._thread is None:
            if self._feed is None:
                self._feed = open_feed(self.project.db.engine)
            self._thread = threading.Thread(target=self._run, name="annotator-live", daemon=True)
            self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        thread, self._thread = self._thread, None
        if thread is not None:
            thread.join(timeout=max(5.0, self.interval * 4))

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def reports(self) -> list[LiveReport]:
        """The reports made since the last call, oldest first (never blocks)."""
        out = []
        while True:
            try:
                out.append(self._reports.get_nowait())
            except queue.Empty:
                return out

    def wait_report(self, timeout: float) -> LiveReport | None:
        """The next report, waiting at most `timeout` seconds (for scripts and tests; None when none)."""
        try:
            return self._reports.get(timeout=timeout)
        except queue.Empty:
            return None

    # -- the thread ------------------------------------------------------------------------------
    def _run(self) -> None:
        feed = self._feed
        assert feed is not None
        try:
            while not self._stop.is_set():
                try:
                    ids = feed.wait(self.interval)
                except FeedLostError as exc:
                    self._lost(str(exc))
                    self._stop.wait(RETRY_S)
                    continue
                seen = time.monotonic()
                if not self.online:
                    self.online = True
                    ids = None  # what happened while away is unknown
                if ids is not None and not ids:
                    continue
                try:
                    report = self.read(ids, seen)
                except AnnotatorError as exc:  # the server went away between the feed and the read
                    self._lost(str(exc))
                    continue
                self._reports.put(report)
        finally:
            feed.close()

    def _lost(self, why: str) -> None:
        if self.online:
            self.online = False
            self._reports.put(LiveReport(None, online=False, problem=why, seen_at=time.monotonic()))

    def read(self, ids: set[int] | None, seen_at: float = 0.0) -> LiveReport:
        """The rows `interest` wants of documents `ids` (None: of every document it shows)."""
        interest = self.interest
        shown = interest.document_ids
        wanted = sorted(shown if ids is None else set(ids) & shown)
        statuses: dict[int, tuple[Status, int]] = {}
        versions: dict[int, int] = {}
        reviews: list = []
        if interest.review:
            from annotator.services.review import review_status

            # every changed document (the progress counts all of them), not only the shown ones
            targets = sorted(shown if ids is None else ids)
            if targets:
                reviews = review_status(self.project, targets, store=False)
        elif interest.annotator is not None and wanted:
            statuses, versions = self._statuses(interest.annotator, wanted)
        changed = None if ids is None else frozenset(ids)
        return LiveReport(changed, statuses, reviews, True, None, seen_at, interest.annotator, versions)

    def _statuses(
        self, annotator: Annotator, ids: list[int]
    ) -> tuple[dict[int, tuple[Status, int]], dict[int, int]]:
        t = AnnotationSetRow.__table__.c
        out = {d: (Status.TODO, 0) for d in ids}  # no set (or a deleted one): todo, no span
        versions = dict.fromkeys(ids, 0)
        with self.project.db.read() as s:
            for i in range(0, len(ids), 500):
                q = select(t.document_id, t.status, t.span_count, t.version).where(
                    t.document_id.in_(ids[i : i + 500]),
                    t.kind == SetKind.ANNOTATION.value,
                    t.annotator_id == annotator.id,
                )
                for d, status, count, version in s.execute(q):
                    out[int(d)] = (Status(status), int(count or 0))
                    versions[int(d)] = int(version or 0)
        return out, versions


__all__ = ["Interest", "LiveReport", "LiveUpdates"]
