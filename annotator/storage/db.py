"""Engine set-up: URL or path, SQLite pragmas on every connection, migrations to head."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from contextvars import ContextVar
from pathlib import Path

from sqlalchemy import Engine, create_engine, event, inspect, text
from sqlalchemy.engine import make_url

# Kept equal to Alembic's head by tests/storage/test_migrations.py; lets start-up skip importing
# Alembic when the database is already current.
HEAD_REVISION = "0007_live"

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"

# How long a SQLite transaction waits for another program's lock before "database is locked".
DEFAULT_BUSY_TIMEOUT_MS = 5000

# How long connecting to a database server may take before the action fails (seconds).
SERVER_CONNECT_TIMEOUT_S = 5

# Execution option that makes a SQLite transaction take the write lock when it begins
# (`BEGIN IMMEDIATE`): a read-then-write transaction begun deferred gets SQLITE_BUSY at once,
# without waiting, when another connection wrote in between. Other backends ignore it.
WRITE_OPTIONS = {"annotator_write": True}

_busy_override: ContextVar[int | None] = ContextVar("annotator_busy_timeout_ms", default=None)


@contextlib.contextmanager
def busy_timeout(ms: int) -> Iterator[None]:
    """SQLite transactions begun inside the block wait at most `ms` for a lock (this context only).

    Lets one caller (the window) make short attempts while every other keeps the engine's
    patience. No effect on other backends.
    """
    token = _busy_override.set(max(0, int(ms)))
    try:
        yield
    finally:
        _busy_override.reset(token)


def current_busy_timeout(default_ms: int) -> int:
    """The busy timeout a SQLite transaction begun now waits (a `busy_timeout` block's, else `default_ms`)."""
    wanted = _busy_override.get()
    return int(default_ms) if wanted is None else wanted


def to_url(db: str | os.PathLike[str]) -> str:
    """A plain path means a SQLite file; anything with `://` is a SQLAlchemy URL."""
    s = os.fspath(db)
    if "://" in s:
        return s
    return "sqlite:///" + str(Path(s).expanduser().resolve())


def make_engine(
    db: str | os.PathLike[str], synchronous: str | None = None, busy_timeout_ms: int = DEFAULT_BUSY_TIMEOUT_MS
) -> Engine:
    url = make_url(to_url(db))
    if url.get_backend_name() == "sqlite":
        if url.database and url.database != ":memory:":
            Path(url.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"timeout": busy_timeout_ms / 1000})
        sync = (synchronous or os.environ.get("ANNOTATOR_SQLITE_SYNCHRONOUS") or "NORMAL").upper()
        if sync not in {"OFF", "NORMAL", "FULL", "EXTRA"}:
            raise ValueError(f"synchronous must be OFF, NORMAL, FULL or EXTRA, not {sync!r}")

        @event.listens_for(engine, "connect")
        def _pragmas(dbapi_conn, record) -> None:  # pragma: no cover - trivial
            # Let SQLAlchemy manage transactions (BEGIN) itself; pysqlite's own handling is off.
            dbapi_conn.isolation_level = None
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute(f"PRAGMA synchronous={sync}")
            cur.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")
            cur.close()
            record.info["busy_timeout_ms"] = int(busy_timeout_ms)

        @event.listens_for(engine, "begin")
        def _begin(conn) -> None:
            wanted = _busy_override.get()
            if wanted is None:
                wanted = int(busy_timeout_ms)
            if conn.info.get("busy_timeout_ms") != wanted:  # the pooled connection keeps its setting
                conn.exec_driver_sql(f"PRAGMA busy_timeout={wanted}")
                conn.info["busy_timeout_ms"] = wanted
            write = conn.get_execution_options().get("annotator_write", False)
            conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")

        return engine
    # a server that restarted or went away: every pooled connection is pinged as it is checked out
    # (a dead one is replaced by a new connection, so the first action after a restart reconnects),
    # and connecting gives up after SERVER_CONNECT_TIMEOUT_S instead of hanging the window
    connect_args: dict[str, int] = {}
    if url.get_driver_name() in {"psycopg", "psycopg2"}:
        connect_args = {k: v for k, v in server_connect_args().items() if k not in url.query}
    return create_engine(url, pool_pre_ping=True, connect_args=connect_args)


def server_connect_args() -> dict[str, int]:
    """libpq options of every connection to a server (a URL's own query parameters win).

    Connecting gives up after `SERVER_CONNECT_TIMEOUT_S`; a server whose machine vanished (no
    answer at all, not even a refusal) is noticed by TCP keepalives on an idle connection and, for
    data sent and never acknowledged, after `tcp_user_timeout` ms (Linux), instead of after the
    system's TCP timeout of minutes.
    """
    return {
        "connect_timeout": SERVER_CONNECT_TIMEOUT_S,
        "keepalives": 1,
        "keepalives_idle": 30,
        "keepalives_interval": 10,
        "keepalives_count": 3,
        "tcp_user_timeout": 15000,
    }


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        if not inspect(conn).has_table("alembic_version"):
            return None
        return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


def alembic_config(engine: Engine):
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.set_main_option("sqlalchemy.url", engine.url.render_as_string(hide_password=False))
    cfg.attributes["engine"] = engine
    return cfg


def upgrade(engine: Engine, revision: str = "head") -> str | None:
    """Bring the database to `revision` (Alembic); returns the revision it is at afterwards."""
    from alembic import command

    command.upgrade(alembic_config(engine), revision)
    return current_revision(engine)


def ensure_current(engine: Engine) -> bool:
    """Upgrade when needed. Returns True when the database was empty (just created)."""
    rev = current_revision(engine)
    if rev == HEAD_REVISION:
        return False
    upgrade(engine)
    return rev is None
