from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import text

from annotator.storage import db as dbmod


def test_head_revision_constant_matches_alembic(tmp_path: Path) -> None:
    from alembic.script import ScriptDirectory

    engine = dbmod.make_engine(tmp_path / "x.sqlite3")
    script = ScriptDirectory.from_config(dbmod.alembic_config(engine))
    assert script.get_current_head() == dbmod.HEAD_REVISION


def test_upgrade_creates_every_table_and_is_idempotent(tmp_path: Path) -> None:
    engine = dbmod.make_engine(tmp_path / "x.sqlite3")
    assert dbmod.current_revision(engine) is None
    assert dbmod.ensure_current(engine) is True
    assert dbmod.ensure_current(engine) is False
    with engine.connect() as c:
        tables = {r[0] for r in c.execute(text("SELECT name FROM sqlite_master WHERE type='table'"))}
    assert {"document", "annotator", "annotation_set", "span", "relation", "review_decision", "schema"} <= tables


def test_pragmas_on_every_connection(tmp_path: Path) -> None:
    engine = dbmod.make_engine(tmp_path / "x.sqlite3", synchronous="FULL", busy_timeout_ms=1234)
    for _ in range(2):
        with engine.connect() as c:
            assert c.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
            assert c.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert c.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
            assert c.exec_driver_sql("PRAGMA busy_timeout").scalar() == 1234
    engine.dispose()
    default = dbmod.make_engine(tmp_path / "y.sqlite3")
    with default.connect() as c:
        assert c.exec_driver_sql("PRAGMA synchronous").scalar() == 1  # NORMAL


def test_bad_synchronous_value_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="synchronous"):
        dbmod.make_engine(tmp_path / "x.sqlite3", synchronous="SOMETIMES")


def test_foreign_keys_cascade(project) -> None:
    """Deleting a document removes its sets, spans and relations (FKs enforced by SQLite)."""
    from annotator.core.commands import AddRelation, AddSpan
    from annotator.core.document import Relation, Span

    a = project.annotator("lan")
    ses = project.open_annotation(1, a)
    t = ses.document.text
    i = t.index("Phan Văn Đăng")
    j = t.index("Phó Chủ tịch Thường trực UBND tỉnh Bình Thuận")
    per, title = Span(i, i + 13, "PER_VN"), Span(j, j + 45, "TITLE")
    ses.apply(AddSpan(per))
    ses.apply(AddSpan(title))
    ses.apply(AddRelation(Relation(per.key, title.key, "HAS_TITLE")))
    db_file = project.db.engine.url.database
    con = sqlite3.connect(db_file)
    con.execute("PRAGMA foreign_keys=ON")
    con.execute("DELETE FROM document WHERE id = 1")
    con.commit()
    assert con.execute("SELECT count(*) FROM span").fetchone() == (0,)
    assert con.execute("SELECT count(*) FROM relation").fetchone() == (0,)
    assert con.execute("SELECT count(*) FROM annotation_set").fetchone() == (0,)


def test_url_or_path(tmp_path: Path) -> None:
    assert dbmod.to_url(tmp_path / "a.sqlite3").startswith("sqlite:///")
    assert dbmod.to_url("postgresql+psycopg://u:p@h/db") == "postgresql+psycopg://u:p@h/db"
