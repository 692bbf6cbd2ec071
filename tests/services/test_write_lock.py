"""Units of work take SQLite's write lock up front; a caller may ask for a short busy timeout.

Another program is a real second `sqlite3` connection on the same file.
"""

from __future__ import annotations

import sqlite3
import time

import pytest
from sqlalchemy import select, text

from annotator.core.commands import AddSpan
from annotator.core.document import Span
from annotator.core.errors import DatabaseLockedError, StorageError
from annotator.services.project import Project
from annotator.storage.orm import DocumentRow


def _other(project: Project) -> sqlite3.Connection:
    return sqlite3.connect(project.db.engine.url.database, isolation_level=None, timeout=0)


def test_unit_of_work_holds_the_write_lock_from_its_start(project: Project) -> None:
    other = _other(project)
    with project.db.write() as s:
        s.execute(select(DocumentRow.id)).all()  # read first ...
        # ... another writer cannot slip in between (it would make our write fail at once)
        with pytest.raises(sqlite3.OperationalError, match="locked"):
            other.execute("BEGIN IMMEDIATE")
        s.execute(text("UPDATE document SET title = title WHERE id = 1"))  # ... then write
    other.execute("BEGIN IMMEDIATE")  # free again after the commit
    other.execute("ROLLBACK")
    other.close()


def test_reads_do_not_take_the_write_lock(project: Project) -> None:
    other = _other(project)
    other.execute("BEGIN IMMEDIATE")
    try:
        with project.db.busy_timeout(0):
            assert len(project.documents.ids()) == 5  # WAL: reading while another program writes
    finally:
        other.execute("ROLLBACK")
        other.close()


def test_short_busy_timeout_fails_fast_and_writes_nothing(project: Project) -> None:
    ses = project.open_annotation(1, project.annotator("lan"))
    t = ses.document.text
    i = t.index("Phan Văn Đăng")
    other = _other(project)
    other.execute("BEGIN IMMEDIATE")
    try:
        t0 = time.perf_counter()
        with project.db.busy_timeout(50), pytest.raises(DatabaseLockedError, match="locked by another program"):
            ses.apply(AddSpan(Span(i, i + 13, "PER_VN")))
        assert time.perf_counter() - t0 < 1.0
        assert len(ses.spans) == 0 and ses.set_id is None  # nothing half-made, in memory or on disk
        assert isinstance(DatabaseLockedError("x"), StorageError)  # callers that do not retry see a StorageError
    finally:
        other.execute("ROLLBACK")
        other.close()
    with sqlite3.connect(project.db.engine.url.database) as con:
        assert con.execute("SELECT count(*) FROM span").fetchone() == (0,)
    # the connection went back to the engine's patience; the edit works now
    with project.db.read() as s:
        assert s.execute(text("PRAGMA busy_timeout")).scalar() == project.db.busy_timeout_ms
    ses.apply(AddSpan(Span(i, i + 13, "PER_VN")))
    assert ses.set_id is not None
    with sqlite3.connect(project.db.engine.url.database) as con:
        assert con.execute("SELECT start, \"end\", label FROM span").fetchall() == [(i, i + 13, "PER_VN")]
