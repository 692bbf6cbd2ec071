"""One database: its engine, read and write units of work, and what its failures mean to a user.

Services open sessions only through `Database.read()` and `Database.write()`; a write is one user
action (one transaction, SQLite `BEGIN IMMEDIATE`), a read is one session that writes nothing.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator

from sqlalchemy import func, select
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from annotator.core.errors import DatabaseLockedError, StorageError
from annotator.storage import db as dbmod
from annotator.storage.orm import DocumentRow, SchemaRow


@contextlib.contextmanager
def storage_errors(action: str) -> Iterator[None]:
    """Turn database failures into a StorageError that tells the user what happened.

    A lock held by another program past the busy timeout is a `DatabaseLockedError` (a
    `StorageError` that a caller may retry); other errors pass through unchanged.
    """
    try:
        yield
    except OperationalError as exc:
        msg = str(exc.orig) if exc.orig is not None else str(exc)
        if "locked" in msg or "busy" in msg:
            raise DatabaseLockedError(f"could not {action}: the database is locked by another program ({msg})") from exc
        raise StorageError(f"could not {action}: {msg}") from exc
    except DBAPIError as exc:
        raise StorageError(f"could not {action}: {exc.orig or exc}") from exc


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

    @property
    def dialect(self) -> str:
        """The backend's name: `sqlite` or `postgresql`."""
        return self.engine.dialect.name

    def close(self) -> None:
        self.engine.dispose()

    # -- opening -----------------------------------------------------------------------------
    def migrate(self) -> bool:
        """Upgrade to the newest revision when needed; True when the database was new (empty)."""
        with storage_errors("open the database"):
            created = dbmod.ensure_current(self.engine)
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
        with storage_errors("save to the database"), self._sessions() as session, session.begin():
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
