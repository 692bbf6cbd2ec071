"""Read the article the window opens first through the standard library (`sqlite3`), no SQLAlchemy.

The window paints this article while the services (SQLAlchemy, migrations) load in the
background: `first_article(db, user, document_id)` returns the document, the user's annotator
row, the user's own annotation set (status, spans, relations) and the stored schema's YAML, or
None whenever it cannot answer exactly (not a SQLite file, no such file yet, tables missing, any
SQLite error). It only reads: the window makes its edits through the services once they are
loaded, and re-reads the same set there.
"""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from annotator.core.document import Annotator, Document, Relation, Role, SetKind, Source, Span, Status

_TABLES = {"document", "annotator", "annotation_set", "span", "relation", "schema", "alembic_version"}


@dataclass(frozen=True)
class FirstArticle:
    """What the window shows first: the document and `annotator`'s own set of it.

    `annotator` is None when the user has no row yet (a new annotator: nothing of hers is
    stored). `schema_yaml` is the active schema's stored body (None: none stored yet).
    """

    document: Document
    annotator: Annotator | None
    status: Status
    spans: list[Span]
    relations: list[Relation]
    schema_yaml: str | None


def sqlite_path(db: str) -> Path | None:
    """The SQLite file a `--db` value names (a plain path or a `sqlite:///` URL); None for other URLs."""
    if "://" not in db:
        return Path(db).expanduser().resolve()
    if db.startswith("sqlite:///") and "?" not in db:
        name = db[len("sqlite:///"):]
        return Path(name) if name and name != ":memory:" else None
    return None


def first_article(db: str, user: str, document_id: int | None = None, role: str | None = None) -> FirstArticle | None:
    """The document to open first for `user`: `document_id` when it exists, else the first one
    (by id) not done nor skipped by the user, else the first one — among the documents assigned to
    her when her list holds only those (as `annotator.services.documents.assigned_only`, with
    `role` when given, else her stored role). None when it cannot be read here (see the module
    docstring)."""
    path = sqlite_path(db)
    if path is None or not path.is_file() or os.path.getsize(path) == 0:
        return None
    try:
        conn = sqlite3.connect(path, timeout=0.2, isolation_level=None, check_same_thread=False)
    except sqlite3.Error:
        return None
    try:
        conn.execute("PRAGMA query_only=1")
        return _read(conn, user.strip(), document_id, role)
    except (sqlite3.Error, ValueError, KeyError):
        return None
    finally:
        conn.close()


def _read(conn: sqlite3.Connection, user: str, document_id: int | None, role: str | None) -> FirstArticle | None:
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if not tables >= _TABLES or conn.execute("SELECT count(*) FROM alembic_version").fetchone()[0] != 1:
        return None  # not (yet) a database of this tool: the services create or migrate it
    conn.execute("BEGIN")  # one snapshot for every read below
    row = conn.execute("SELECT id, name, role FROM annotator WHERE name = ?", (user,)).fetchone()
    annotator = Annotator(row[0], row[1], Role(row[2])) if row is not None else None
    aid = annotator.id if annotator is not None else -1
    mine = ""  # the condition of `assigned_only`
    if "assignment" in tables and conn.execute("SELECT 1 FROM assignment LIMIT 1").fetchone() is not None:
        if annotator is None:
            return None  # a new annotator among assigned documents: the services decide
        reviewer = Role(role or annotator.role) is Role.REVIEWER
        if not reviewer or conn.execute("SELECT 1 FROM assignment WHERE annotator_id = ? LIMIT 1", (aid,)).fetchone():
            mine = " AND EXISTS (SELECT 1 FROM assignment s WHERE s.document_id = d.id AND s.annotator_id = ?)"
    doc = None
    if document_id is not None:
        doc = conn.execute("SELECT id, uid, title, text FROM document WHERE id = ?", (document_id,)).fetchone()
    if doc is None:  # as `Documents.next_id(None, annotator, skip_done=True)`, then without skipping
        mine_args = (aid,) if mine else ()
        first_open = conn.execute(
            "SELECT d.id FROM document d LEFT JOIN annotation_set a ON a.document_id = d.id "
            f"AND a.kind = ? AND a.annotator_id = ? WHERE coalesce(a.status, ?) NOT IN (?, ?){mine} ORDER BY d.id LIMIT 1",
            (SetKind.ANNOTATION.value, aid, Status.TODO.value, Status.DONE.value, Status.SKIPPED.value, *mine_args),
        ).fetchone()
        if first_open is None:
            first_open = conn.execute(f"SELECT d.id FROM document d WHERE 1{mine} ORDER BY d.id LIMIT 1", mine_args).fetchone()
        if first_open is None:
            return None  # no document: nothing to paint early
        doc = conn.execute("SELECT id, uid, title, text FROM document WHERE id = ?", (first_open[0],)).fetchone()
    document = Document(doc[0], doc[1], doc[2], doc[3])
    status, spans, relations = Status.TODO, [], []
    aset = conn.execute(
        "SELECT id, status FROM annotation_set WHERE document_id = ? AND kind = ? AND annotator_id = ?",
        (document.id, SetKind.ANNOTATION.value, aid),
    ).fetchone()
    if aset is not None:
        status = Status(aset[1])
        sources = {s.value: s for s in Source}
        keys: dict[int, tuple[int, int, str]] = {}
        for sid, start, end, label, source in conn.execute(
            "SELECT id, start, \"end\", label, source FROM span WHERE set_id = ?", (aset[0],)
        ):
            span = Span(start, end, label, sources.get(source) or Source(source))
            spans.append(span)
            keys[sid] = span.key
        relations = [
            Relation(keys[h], keys[t], label)
            for h, t, label in conn.execute("SELECT head_id, tail_id, label FROM relation WHERE set_id = ?", (aset[0],))
        ]
    body = conn.execute("SELECT body FROM schema WHERE active ORDER BY id DESC LIMIT 1").fetchone()
    conn.execute("COMMIT")
    return FirstArticle(document, annotator, status, spans, relations, body[0] if body is not None else None)


__all__ = ["FirstArticle", "first_article", "sqlite_path"]
