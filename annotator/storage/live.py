"""Which documents other connections changed: the storage half of live updates.

A write to a document's annotation sets (insert, update — every save bumps the set's version —,
delete) or to its review decisions is announced by triggers (migration 0007_live):

- SQLite: the trigger stamps the document in `live_change` (one row per document, `seq` one more
  than the highest so far; writers are serialized, so `seq` only grows). A reader polls
  `PRAGMA data_version` on a connection of its own, which changes when any other connection
  committed, and only then reads the rows with `seq` above the last one it saw.
- PostgreSQL: the trigger sends `NOTIFY annotator_changes, '<document id>'`, delivered at commit
  to every connection that listens (notifications do not pass row-level security: a listener
  learns that a document changed, never what changed). A listener that loses its connection
  missed what happened meanwhile: it reports "anything may have changed" once reconnected.

`ChangeFeed.wait(timeout)` blocks at most `timeout` seconds and returns the changed document ids
(`None`: anything may have changed), or raises `FeedLostError` when the database cannot be
reached; a feed reconnects on its next `wait`. Feeds are not thread-safe: one thread uses one.
"""

from __future__ import annotations

import contextlib
import time

from sqlalchemy import Engine
from sqlalchemy.engine import make_url

from annotator.storage.db import server_connect_args

LIVE_CHANGE = "live_change"
PING_S = 5.0  # a listener that heard nothing for this long checks that the server is still there
CHANNEL = "annotator_changes"
_WATCHED = (("annotation_set", "set"), ("review_decision", "decision"))
_EVENTS = (("INSERT", "NEW"), ("UPDATE", "NEW"), ("DELETE", "OLD"))


class FeedLostError(Exception):
    """The database cannot be reached (server down, connection dropped); `str` says why."""


# -- DDL (migration 0007_live) -------------------------------------------------------------------
def sqlite_trigger_names() -> list[str]:
    return [f"live_change_{short}_{event.lower()}" for _table, short in _WATCHED for event, _row in _EVENTS]


def sqlite_trigger_ddl() -> list[str]:
    out = []
    for table, short in _WATCHED:
        for event, row in _EVENTS:
            out.append(
                f"CREATE TRIGGER live_change_{short}_{event.lower()} AFTER {event} ON {table} BEGIN "
                f"INSERT OR REPLACE INTO {LIVE_CHANGE} (document_id, seq) VALUES ({row}.document_id, "
                f"(SELECT COALESCE(MAX(seq), 0) + 1 FROM {LIVE_CHANGE})); END"
            )
    return out


def postgresql_trigger_ddl() -> list[str]:
    return [
        f"""CREATE OR REPLACE FUNCTION annotator_live_notify() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    PERFORM pg_notify('{CHANNEL}', OLD.document_id::text);
  ELSE
    PERFORM pg_notify('{CHANNEL}', NEW.document_id::text);
    IF TG_OP = 'UPDATE' AND OLD.document_id <> NEW.document_id THEN
      PERFORM pg_notify('{CHANNEL}', OLD.document_id::text);
    END IF;
  END IF;
  RETURN NULL;
END $$ LANGUAGE plpgsql""",
        *(
            f"CREATE TRIGGER live_notify_{short} AFTER INSERT OR UPDATE OR DELETE ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION annotator_live_notify()"
            for table, short in _WATCHED
        ),
    ]


def postgresql_drop_ddl() -> list[str]:
    return [
        *(f"DROP TRIGGER IF EXISTS live_notify_{short} ON {table}" for table, short in _WATCHED),
        "DROP FUNCTION IF EXISTS annotator_live_notify()",
    ]


# -- feeds ---------------------------------------------------------------------------------------
class ChangeFeed:
    """Changed document ids, as they are committed by other connections (see the module docstring)."""

    def wait(self, timeout: float) -> set[int] | None:  # pragma: no cover - interface
        raise NotImplementedError

    def close(self) -> None:  # pragma: no cover - interface
        raise NotImplementedError


class SqliteFeed(ChangeFeed):
    """`PRAGMA data_version` on a connection of its own, then the `live_change` rows past `seq`.

    `wait` sleeps in steps of `step` seconds (a PRAGMA costs a few microseconds) until something
    changed or `timeout` passed.
    """

    def __init__(self, engine: Engine, step: float = 0.05) -> None:
        self.engine = engine
        self.step = step
        self._raw = None
        self._version: int | None = None
        self.seq = 0

    def _conn(self):
        if self._raw is None:
            self._raw = self.engine.raw_connection()  # autocommit (isolation_level None, see db.make_engine)
            cur = self._raw.driver_connection.cursor()
            self._version = cur.execute("PRAGMA data_version").fetchone()[0]
            self.seq = cur.execute(f"SELECT COALESCE(MAX(seq), 0) FROM {LIVE_CHANGE}").fetchone()[0]
            cur.close()
        return self._raw.driver_connection

    def wait(self, timeout: float) -> set[int] | None:
        import sqlite3

        deadline = time.monotonic() + timeout
        try:
            conn = self._conn()
            while True:
                version = conn.execute("PRAGMA data_version").fetchone()[0]
                if version != self._version:
                    self._version = version
                    rows = conn.execute(
                        f"SELECT document_id, seq FROM {LIVE_CHANGE} WHERE seq > ?", (self.seq,)
                    ).fetchall()
                    if rows:
                        self.seq = max(self.seq, max(seq for _d, seq in rows))
                        return {int(d) for d, _seq in rows}
                left = deadline - time.monotonic()
                if left <= 0:
                    return set()
                time.sleep(min(self.step, left))
        except sqlite3.Error as exc:
            self.close()
            raise FeedLostError(str(exc)) from exc

    def close(self) -> None:
        raw, self._raw = self._raw, None
        if raw is not None:
            with contextlib.suppress(Exception):  # a broken connection is dropped either way
                raw.close()


class PostgresFeed(ChangeFeed):
    """`LISTEN annotator_changes` on a connection of its own (psycopg, autocommit).

    After a lost connection the next `wait` reconnects (at most `connect_timeout` seconds) and
    returns None once: what was committed while it was away is unknown.
    """

    def __init__(self, engine: Engine, connect_timeout: int = 2) -> None:
        url = make_url(engine.url.render_as_string(hide_password=False)).set(drivername="postgresql")
        self._conninfo = url.render_as_string(hide_password=False)
        self.connect_timeout = connect_timeout
        self._conn = None
        self._active = 0.0  # time.monotonic() of the last answer from the server
        # True until the first wait after (re)connecting: what was committed before LISTEN is unknown
        self._missed = True

    def _connect(self):
        import psycopg

        if self._conn is None:
            try:
                options = {**server_connect_args(), "connect_timeout": self.connect_timeout}
                conn = psycopg.connect(self._conninfo, autocommit=True, **options)
                conn.execute(f"LISTEN {CHANNEL}")
                self._active = time.monotonic()
            except psycopg.Error as exc:
                raise FeedLostError(str(exc).strip().splitlines()[0] if str(exc).strip() else repr(exc)) from exc
            self._conn = conn
        return self._conn

    def wait(self, timeout: float) -> set[int] | None:
        import psycopg

        conn = self._connect()
        if self._missed:
            self._missed = False
            return None
        ids: set[int] = set()
        try:
            if time.monotonic() - self._active > PING_S:  # a silent server may be gone: ask it
                conn.execute("SELECT 1")
                self._active = time.monotonic()
            for note in conn.notifies(timeout=timeout, stop_after=1):
                ids.add(int(note.payload))
            # the rest of a burst, without waiting
            for note in conn.notifies(timeout=0.01):
                ids.add(int(note.payload))
            if ids:
                self._active = time.monotonic()
        except psycopg.Error as exc:
            self.close()
            self._missed = True
            raise FeedLostError(str(exc).strip().splitlines()[0] if str(exc).strip() else repr(exc)) from exc
        except ValueError:  # a payload that is not a document id: someone else's NOTIFY
            return None
        return ids

    def close(self) -> None:
        conn, self._conn = self._conn, None
        if conn is not None:
            with contextlib.suppress(Exception):  # a broken connection is dropped either way
                conn.close()


def open_feed(engine: Engine) -> ChangeFeed:
    """The feed for `engine`'s backend (SQLite or PostgreSQL); connects on first `wait`."""
    name = engine.dialect.name
    if name == "sqlite":
        return SqliteFeed(engine)
    if name == "postgresql":
        return PostgresFeed(engine)
    raise ValueError(f"live updates need SQLite or PostgreSQL, not {name}")


__all__ = [
    "CHANNEL",
    "LIVE_CHANGE",
    "ChangeFeed",
    "FeedLostError",
    "PostgresFeed",
    "SqliteFeed",
    "open_feed",
    "postgresql_drop_ddl",
    "postgresql_trigger_ddl",
    "sqlite_trigger_ddl",
    "sqlite_trigger_names",
]
