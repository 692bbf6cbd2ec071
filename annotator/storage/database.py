"""One database: its engine, read and write units of work, and what its failures mean to a user.

Services open sessions only through `Database.read()` and `Database.write()`; a write is one user
action (one transaction, SQLite `BEGIN IMMEDIATE`), a read is one session that writes nothing.
"""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import Iterator

from sqlalchemy import func, select
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from annotator.core.errors import ConcurrencyError, DatabaseLockedError, NotAllowedError, StorageError
from annotator.storage import db as dbmod
from annotator.storage.orm import DocumentRow, SchemaRow

# What a role may not do, by the table the server refused (row-level security or privileges).
_NOT_ALLOWED = {
    "annotation_set": "you may write only your own annotation sets, on documents assigned to you; gold only a reviewer",
    "span": "you may write only your own annotation sets, on documents assigned to you; gold only a reviewer",
    "relation": "you may write only your own annotation sets, on documents assigned to you; gold only a reviewer",
    "review_decision": "only a reviewer may record review decisions",
    "review_state": "only a reviewer or a manager may store review state",
    "document": "only a manager may import or change documents",
    "schema": "only a manager may change the schema",
    "assignment": "only a manager may assign documents",
    "annotator": "only a manager may add or change annotators",
    "alembic_version": "only the database's owner may upgrade it (annotator server init)",
}
_TABLE = re.compile(r'(?:table|relation) "?([A-Za-z_]+)"?')

# PostgreSQL SQLSTATEs: insufficient privilege; serialization failure and deadlock (a concurrent
# transaction won: nothing was written, the same action may be tried again on fresh data)
_DENIED = "42501"
_RACE = {"40001", "40P01"}


def _sqlstate(exc: DBAPIError) -> str | None:
    orig = exc.orig
    return getattr(orig, "sqlstate", None) or getattr(orig, "pgcode", None)


# PostgreSQL SQLSTATEs of a lost server: connection exceptions (class 08), administrator shutdown,
# crash shutdown, cannot connect now (starting up or shutting down)
_GONE = {"57P01", "57P02", "57P03"}


def _connection_lost(exc: DBAPIError) -> bool:
    """The server went away (restarted, stopped, network): not a refusal of this action."""
    if exc.connection_invalidated:
        return True
    state = _sqlstate(exc)
    if state is not None:
        return state.startswith("08") or state in _GONE
    # psycopg says "connection failed" / "server closed the connection" without a SQLSTATE
    return isinstance(exc, OperationalError) and type(exc.orig).__module__.split(".")[0] in {"psycopg", "psycopg2"}


def connection_lost_message(action: str, exc: DBAPIError) -> str:
    detail = str(exc.orig or exc).strip().splitlines()
    first = detail[0].strip() if detail else type(exc.orig).__name__
    return (f"could not {action}: the database server cannot be reached (it restarted or went away); "
            f"nothing was saved — the next action reconnects by itself ({first})")


def not_allowed_message(action: str, detail: str) -> str:
    """`could not ACTION: not allowed — WHY (the server said: DETAIL)`."""
    m = _TABLE.search(detail)
    why = _NOT_ALLOWED.get(m.group(1), "your role does not allow it") if m else "your role does not allow it"
    first = detail.strip().splitlines()[0] if detail.strip() else detail
    return f"could not {action}: not allowed — {why} (the server said: {first})"


def _raise_server_refusal(action: str, exc: Exception, msg: str) -> None:
    """A database server's refusal as the tool's error: no right to it (`NotAllowedError`), or a
    serialization failure / deadlock (`ConcurrencyError`); returns when it is neither."""
    state = _sqlstate(exc)
    if state == _DENIED:
        raise NotAllowedError(not_allowed_message(action, msg)) from exc
    if state in _RACE:
        raise ConcurrencyError(
            f"could not {action}: another user changed the same data at the same moment; "
            f"nothing was saved, try again ({msg.strip().splitlines()[0]})"
        ) from exc


@contextlib.contextmanager
def storage_errors(action: str, busy_timeout_ms: int | None = None) -> Iterator[None]:
    """Turn database failures into errors that tell the user what happened; nothing was written.

    - a lock held by another connection past the busy timeout: `DatabaseLockedError` (a
      `StorageError` that a caller may retry), naming the timeout;
    - the server refusing the user's role (row-level security, privileges): `NotAllowedError`;
    - a concurrent transaction winning (PostgreSQL serialization failure, deadlock): `ConcurrencyError`;
    - the server gone (restarted, stopped, unreachable): `StorageError` saying so (the pool
      reconnects on the next action);
    - any other database error: `StorageError` with the driver's message.
    """
    try:
        yield
    except OperationalError as exc:
        if _connection_lost(exc):
            raise StorageError(connection_lost_message(action, exc)) from exc
        msg = str(exc.orig) if exc.orig is not None else str(exc)
        _raise_server_refusal(action, exc, msg)
        if "locked" in msg or "busy" in msg:
            waited = f" for {busy_timeout_ms / 1000:g} s (the busy timeout)" if busy_timeout_ms else ""
            raise DatabaseLockedError(
                f"could not {action}: the database is locked by another program — another connection "
                f"(a window, an annotator command or another program) held its write lock{waited} ({msg})"
            ) from exc
        raise StorageError(f"could not {action}: {msg}") from exc
    except DBAPIError as exc:
        if _connection_lost(exc):
            raise StorageError(connection_lost_message(action, exc)) from exc
        msg = str(exc.orig or exc)
        _raise_server_refusal(action, exc, msg)
        raise StorageError(f"could not {action}: {msg}") from exc


class Database:
    """The engine of one database URL and its units of work.

    `migrate()` brings it to the newest revision and remembers which SQLite file it opened; from
    then on a write into a file that was deleted or replaced is refused (`check_file`).
    """

    def __init__(
        self, url: str, *, synchronous: str | None = None, busy_timeout_ms: int = dbmod.DEFAULT_BUSY_TIMEOUT_MS
    ) -> None:
        self.url = url
        self.busy_timeout_ms = busy_timeout_ms  # how long a write waits for another program's lock
        self.engine = dbmod.make_engine(url, synchronous=synchronous, busy_timeout_ms=busy_timeout_ms)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        self._file: tuple[str, tuple[int, int]] | None = None  # SQLite path, (device, inode) at opening
        self._team: bool | None = None

    @property
    def dialect(self) -> str:
        """The backend's name: `sqlite` or `postgresql`."""
        return self.engine.dialect.name

    @property
    def team(self) -> bool:
        """A team server: PostgreSQL with row-level security installed (`annotator server init`).

        There the user is the database login, and the database enforces what each role may do
        (`annotator.storage.team`). Asked once per `Database`.
        """
        if self._team is None:
            if self.dialect != "postgresql":
                self._team = False
            else:
                from annotator.storage import team

                with storage_errors("read the database"), self.engine.connect() as conn:
                    self._team = team.is_team_server(conn)
        return self._team

    def identity(self) -> tuple[str, frozenset[str]]:
        """On a team server: (login name, its groups among annotator / reviewer / manager)."""
        from annotator.storage import team

        with storage_errors("read the database"), self.engine.connect() as conn:
            return team.identity(conn)

    def close(self) -> None:
        self.engine.dispose()

    # -- opening -----------------------------------------------------------------------------
    def migrate(self) -> bool:
        """Upgrade to the newest revision when needed; True when the database was new (empty)."""
        try:
            with storage_errors("open the database"):
                created = dbmod.ensure_current(self.engine)
        except NotAllowedError as exc:  # a team server that its owner has not upgraded yet
            with storage_errors("open the database"):
                at = dbmod.current_revision(self.engine)
            raise NotAllowedError(
                f"could not open the database: it is at revision {at or 'none'} and this program needs "
                f"{dbmod.HEAD_REVISION}; its owner must upgrade it (annotator --db URL server init)"
            ) from exc
        self._remember_file()
        return created

    def upgrade(self) -> tuple[str | None, str | None]:
        """Migrate to the newest revision (`annotator db upgrade`); returns (before, after)."""
        with storage_errors("upgrade the database"):
            before = dbmod.current_revision(self.engine)
            after = dbmod.upgrade(self.engine)
        return before, after

    def is_empty(self) -> bool:
        """No schema and no document stored yet."""
        with self.read() as s:
            return (
                s.scalar(select(func.count()).select_from(SchemaRow)) == 0
                and s.scalar(select(func.count()).select_from(DocumentRow)) == 0
            )

    # -- units of work -----------------------------------------------------------------------
    @contextlib.contextmanager
    def read(self) -> Iterator[Session]:
        """A session for reading (no write lock taken; on SQLite in WAL mode, readers never wait)."""
        with storage_errors("read the database"), self._sessions() as session:
            yield session

    @contextlib.contextmanager
    def write(self) -> Iterator[Session]:
        """One session = one transaction = one user action; committed on success, rolled back on error.

        The transaction takes the write lock as it begins (SQLite: `BEGIN IMMEDIATE`), so a
        read-then-write unit waits for another writer instead of failing half-way; when the lock
        stays taken past the busy timeout it raises `DatabaseLockedError` with nothing written.
        """
        self.check_file()
        waits = dbmod.current_busy_timeout(self.busy_timeout_ms) if self.dialect == "sqlite" else None
        with storage_errors("save to the database", waits), self._sessions() as session, session.begin():
            session.connection(execution_options=dbmod.WRITE_OPTIONS)
            yield session

    @contextlib.contextmanager
    def busy_timeout(self, ms: int) -> Iterator[None]:
        """Transactions begun inside the block wait at most `ms` for another program's lock.

        For callers that retry on `DatabaseLockedError` instead of blocking (the window); SQLite
        only, a no-op elsewhere.
        """
        with dbmod.busy_timeout(ms):
            yield

    # -- the file ----------------------------------------------------------------------------
    def _remember_file(self) -> None:
        url = self.engine.url
        database = url.database if url.get_backend_name() == "sqlite" else None
        if database and database != ":memory:" and not database.startswith("file:"):
            st = os.stat(database)
            self._file = (database, (st.st_dev, st.st_ino))

    def check_file(self) -> None:
        """Raise StorageError when the SQLite file was deleted or replaced since it was opened.

        Open connections would otherwise keep writing into the deleted file: saved, then lost.
        """
        if self._file is None:
            return
        path, ident = self._file
        try:
            st = os.stat(path)
        except OSError as exc:
            raise StorageError(f"could not save to the database: the file {path} is gone ({exc.strerror})") from exc
        if (st.st_dev, st.st_ino) != ident:
            raise StorageError(f"could not save to the database: the file {path} was replaced by another file")


__all__ = ["Database", "storage_errors"]
