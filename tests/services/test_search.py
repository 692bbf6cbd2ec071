"""The document filter: accent- and case-insensitive substring search, on SQLite and PostgreSQL.

The PostgreSQL half runs when ANNOTATOR_TEST_POSTGRES_URL names a server database the test may
fill (see tests/services/test_postgres.py); otherwise it is skipped and says why.
"""

from __future__ import annotations

import json
import os
import random
import sqlite3
import unicodedata
import uuid
from pathlib import Path

import pytest

from annotator.core.document import IncomingDocument, Status
from annotator.core.text import FoldedText, fold
from annotator.services.project import Project
from annotator.storage import db as dbmod
from annotator.storage.search import search_text

PG = os.environ.get("ANNOTATOR_TEST_POSTGRES_URL")

# Invented articles: composed and decomposed accents, đ/Đ, upper case, LIKE/FTS specials.
ARTICLES = [
    ("Đà Nẵng đón khách", "Thành phố Đà Nẵng đón 1,2 triệu lượt khách trong tháng 6.\nỦy ban nhân dân thành phố cho biết."),
    ("Tin Huế", "ỦY BAN NHÂN DÂN tỉnh Thừa Thiên Huế họp sáng nay; ông Đặng Văn Đức chủ trì."),
    ("Tin ngắn", unicodedata.normalize("NFD", "Người dân Quảng Nam đi đò trên sông Thu Bồn.")),
    ("Giá vàng", "Giá vàng tăng 80,6% (so với 100% năm trước); mã SJC_9999 \"đặc biệt\" ở mức 9.500 đồng."),
    ("Bóng đá", "Đội tuyển Việt Nam thắng 2-0; huấn luyện viên nói: \u201cđá rất tốt\u201d. Dấu \\ và * và [x]."),
    ("Da nang không dấu", "Bài viết không dấu: da nang, uy ban, nguoi dan."),
    ("Không liên quan", "Thời tiết hôm nay nắng nhẹ, có mưa rào vài nơi ở miền Bắc."),
    ("ĐƯỜNG SẮT", "Dự án đường sắt cao tốc Bắc – Nam được Quốc hội thông qua."),
]


def _docs() -> list[IncomingDocument]:
    return [IncomingDocument(text=t, uid=f"a{i}", title=title) for i, (title, t) in enumerate(ARTICLES)]


def _pg_project():
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    base = make_url(PG)
    name = f"annotator_search_{uuid.uuid4().hex[:10]}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as c:
        c.execute(text(f'CREATE DATABASE "{name}"'))
    project = Project.open(base.set(database=name).render_as_string(hide_password=False), initialize="schema")

    def drop() -> None:
        project.close()
        with admin.connect() as c:
            c.execute(text(f'DROP DATABASE "{name}"'))
        admin.dispose()

    return project, drop


@pytest.fixture(params=["sqlite", "postgresql"])
def backend(request, tmp_path):
    """A project with ARTICLES on each backend."""
    if request.param == "sqlite":
        project = Project.open(str(tmp_path / "s.sqlite3"), initialize="schema")
        drop = project.close
    else:
        if not PG:
            pytest.skip("set ANNOTATOR_TEST_POSTGRES_URL to run against PostgreSQL")
        project, drop = _pg_project()
    project.importer.import_documents(_docs())
    yield project
    drop()


def expected(project: Project, query: str) -> list[int]:
    """The documents where Ctrl+F (FoldedText.find) finds `query` in the title or the text."""
    out = []
    for i in project.documents.ids():
        d = project.documents.get(i)
        if FoldedText(d.title).find(query) is not None or FoldedText(d.text).find(query) is not None:
            out.append(i)
    return out


def found(project: Project, query: str, **kw) -> list[int]:
    rows = project.documents.page(text=query, limit=None, **kw)
    assert project.documents.count(text=query, **kw) == len(rows)
    return [r.id for r in rows]


def titles(project: Project, query: str) -> set[str]:
    return {r.title for r in project.documents.page(text=query, limit=None)}


def test_as_users_type_it(backend: Project) -> None:
    p = backend
    nfd = unicodedata.normalize("NFD", "đà nẵng")
    assert nfd != "đà nẵng"
    for q in ("da nang", "đà nẵng", "ĐÀ NẴNG", "Đà Nẵng", nfd, "dA NẴnG"):
        assert titles(p, q) == {"Đà Nẵng đón khách", "Da nang không dấu"}, q
    for q in ("ủy ban", "Ủy ban", "UY BAN", unicodedata.normalize("NFD", "ủy ban nhân dân")):
        assert titles(p, q) >= {"Đà Nẵng đón khách", "Tin Huế"}, q
    # đ/Đ have no decomposition: folded on their own, both ways
    assert titles(p, "dang van duc") == {"Tin Huế"}
    assert titles(p, "Đặng văn đức") == {"Tin Huế"}
    assert titles(p, "di do") == {"Tin ngắn"}  # stored decomposed? no: normalized to NFC at import
    assert titles(p, "người dân quảng") == {"Tin ngắn"}
    assert titles(p, "duong sat") == {"ĐƯỜNG SẮT"}  # the title matches, and the text
    assert titles(p, "đường sắt cao") == {"ĐƯỜNG SẮT"}
    assert titles(p, "nắng nhẹ") == {"Không liên quan"}
    assert titles(p, "khong lien quan") == {"Không liên quan"}  # title only
    assert titles(p, "no such words") == set()


def test_substrings_and_special_characters(backend: Project) -> None:
    p = backend
    for q in ("80,6%", "100%", "%", "_", "SJC_9999", "sjc_", '"dac biet"', '"', "\\", "*", "[x]", "2-0", "\u201cda",
              "ang", "a", "h", "zz", "ng", "9.5", " – ", "nh d", "o.\nu"):
        assert found(p, q) == expected(p, q), q


def test_same_matches_as_ctrl_f_for_random_pieces(backend: Project) -> None:
    """Random pieces of the stored texts, in random case and accent forms: filter == Ctrl+F."""
    p = backend
    rng = random.Random(5)
    texts = [p.documents.get(i).text for i in p.documents.ids()]
    for _ in range(120):
        t = rng.choice(texts)
        n = rng.randint(1, 12)
        k = rng.randrange(0, max(1, len(t) - n))
        q = t[k : k + n]
        form = rng.randrange(4)
        if form == 0:
            q = q.upper()
        elif form == 1:
            q = fold(q)
        elif form == 2:
            q = unicodedata.normalize("NFD", q)
        if not q.strip():
            continue
        assert found(p, q) == expected(p, q), repr(q)


def test_paging_and_status_with_a_text_filter(backend: Project) -> None:
    p = backend
    everything = found(p, "a")  # one letter: in every article
    assert everything == p.documents.ids()
    pages = [r.id for off in range(0, len(everything), 3) for r in p.documents.page(text="a", offset=off, limit=3)]
    assert pages == everything
    accent = found(p, "nang")
    assert [r.id for r in p.documents.page(text="nang", offset=1, limit=1)] == accent[1:2]
    lan = p.annotator("lan")
    first = accent[0]
    p.open_annotation(first, lan).set_status(Status.DONE, 1)
    assert found(p, "nang", annotator=lan, status=Status.DONE) == [first]
    assert found(p, "nang", annotator=lan, status=Status.TODO) == accent[1:]
    assert found(p, "no such words", annotator=lan, status=Status.TODO) == []
    assert p.documents.count(lan, "da nang") == len(found(p, "da nang")) == 2
    # the list as it opens: the count and the first page, whether the page is full or not
    for q, limit in (("a", 3), ("nang", 3), ("nang", 2), ("thu bon", 3), ("zz", 3), (None, 3), ("a", None)):
        total, rows = p.documents.first_page(text=q, limit=limit)
        assert total == p.documents.count(text=q)
        assert rows == p.documents.page(text=q, limit=limit)
    total, rows = p.documents.first_page(lan, "nang", Status.TODO, limit=1)
    assert (total, [r.id for r in rows]) == (len(accent) - 1, accent[1:2])


def test_new_imports_are_found(backend: Project, tmp_path: Path) -> None:
    p = backend
    assert found(p, "hội an") == []
    src = tmp_path / "more.jsonl"
    src.write_text(json.dumps({"text": "Phố cổ Hội An đông khách (mã QZ).", "title": "Hội An"}, ensure_ascii=False) + "\n",
                   encoding="utf-8")
    p.importer.import_paths([src])
    (new,) = found(p, "HOI AN")
    assert p.documents.get(new).title == "Hội An"
    assert found(p, "qz") == [new]  # short queries scan: the new document is there too


def test_index_follows_deletes_and_updates_sqlite(tmp_path: Path) -> None:
    path = tmp_path / "d.sqlite3"
    p = Project.open(str(path), initialize="schema")
    p.importer.import_documents(_docs())
    (hue,) = found(p, "thua thien")
    with sqlite3.connect(path) as c:
        c.execute("DELETE FROM document WHERE id = ?", (hue,))
        c.execute("UPDATE document SET search = ? WHERE title = 'Tin ngắn'", (search_text("Tin ngắn", "Thừa Thiên"),))
    assert titles(p, "thua thien") == {"Tin ngắn"}
    assert found(p, "nguoi dan quang") == []
    with sqlite3.connect(path) as c:
        assert c.execute("INSERT INTO document_fts(document_fts, rank) VALUES ('integrity-check', 1)").fetchall() == []
    p.close()


def test_migration_fills_the_index_of_an_existing_database(tmp_path: Path) -> None:
    """A database made at 0001_initial, documents written straight into it, then upgraded."""
    path = tmp_path / "old.sqlite3"
    engine = dbmod.make_engine(path)
    dbmod.upgrade(engine, "0001_initial")
    with sqlite3.connect(path) as c:
        for i, (title, text) in enumerate(ARTICLES):
            text = unicodedata.normalize("NFC", text)
            c.execute(
                "INSERT INTO document (uid, content_hash, title, text, length, meta, created) "
                "VALUES (?, ?, ?, ?, ?, '{}', '2026-01-01 00:00:00')",
                (f"old{i}", f"h{i}", title, text, len(text)),
            )
    engine.dispose()
    p = Project.open(str(path))  # migrates to head
    assert dbmod.current_revision(p.db.engine) == dbmod.HEAD_REVISION
    assert titles(p, "ĐÀ NẴNG") == {"Đà Nẵng đón khách", "Da nang không dấu"}
    assert found(p, "thu bon") == expected(p, "thu bon") != []
    lan = p.annotator("lan")
    p.open_annotation(1, lan).set_status(Status.DONE, 1)
    p.close()
    # and back down (the annotations stay), and up again
    engine = dbmod.make_engine(path)
    dbmod.upgrade(engine, "head")
    from alembic import command

    command.downgrade(dbmod.alembic_config(engine), "0001_initial")
    with engine.connect() as c:
        names = {r[0] for r in c.exec_driver_sql("SELECT name FROM sqlite_master")}
        cols = {r[1] for r in c.exec_driver_sql("PRAGMA table_info(document)")}
    assert "document_fts" not in names and "search" not in cols
    with engine.connect() as c:
        assert c.exec_driver_sql("SELECT count(*) FROM annotation_set").scalar() == 1
        assert c.exec_driver_sql("SELECT count(*) FROM document").scalar() == len(ARTICLES)
    dbmod.upgrade(engine)
    engine.dispose()
    p = Project.open(str(path))
    assert titles(p, "uy ban nhan dan") == {"Đà Nẵng đón khách", "Tin Huế"}
    p.close()


def test_the_filter_uses_the_index_on_sqlite(tmp_path: Path) -> None:
    """Queries of three folded characters or more are answered by FTS5, not by a scan."""
    from sqlalchemy import event

    p = Project.open(str(tmp_path / "i.sqlite3"), initialize="schema")
    p.importer.import_documents(_docs())
    seen: list[str] = []

    @event.listens_for(p.db.engine, "before_cursor_execute")
    def _log(conn, cursor, statement, params, context, executemany) -> None:
        seen.append(statement)

    p.documents.count(text="Đà Nẵng")
    p.documents.page(text="Đà Nẵng")
    text_sql = [s for s in seen if "document_fts" in s]
    assert len(text_sql) == 2, seen
    assert not any("instr" in s or "LIKE" in s.upper() for s in seen), seen
    p.close()


@pytest.mark.skipif(not PG, reason="set ANNOTATOR_TEST_POSTGRES_URL to run against PostgreSQL")
def test_the_filter_can_use_the_trigram_index_on_postgresql() -> None:
    from sqlalchemy import text

    from annotator.storage.search import contains

    p, drop = _pg_project()
    try:
        p.importer.import_documents(_docs())
        with p.db.engine.connect() as c:
            assert c.execute(text("SELECT 1 FROM pg_indexes WHERE indexname = 'ix_document_search_trgm'")).scalar() == 1
            c.execute(text("SET enable_seqscan = off"))  # 8 rows: make the planner show it can use it
            cond = contains("postgresql", "da nang").compile(
                dialect=c.dialect, compile_kwargs={"literal_binds": True}
            )
            plan = "\n".join(r[0] for r in c.execute(text(f"EXPLAIN SELECT id FROM document WHERE {cond}")))
        assert "ix_document_search_trgm" in plan, plan
    finally:
        drop()
