"""The same services against PostgreSQL (no SQLite-only SQL). Runs when
ANNOTATOR_TEST_POSTGRES_URL names a server database the test may fill, e.g.
`postgresql+psycopg://postgres@127.0.0.1:55432/postgres` (needs `pip install ".[postgres]"`)."""

from __future__ import annotations

import os
import uuid

import pytest

from annotator.core.commands import AddRelation, AddSpan, DeleteSpan, SetLabel
from annotator.core.document import Relation, SetKind, Span, Status
from annotator.core.errors import InputError
from annotator.services.project import Project

PG = os.environ.get("ANNOTATOR_TEST_POSTGRES_URL")
pytestmark = pytest.mark.skipif(not PG, reason="set ANNOTATOR_TEST_POSTGRES_URL to run against PostgreSQL")


@pytest.fixture
def pg_project(tmp_path):
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    base = make_url(PG)
    name = f"annotator_test_{uuid.uuid4().hex[:10]}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as c:
        c.execute(text(f'CREATE DATABASE "{name}"'))
    project = Project.open(base.set(database=name).render_as_string(hide_password=False))
    yield project
    project.close()
    with admin.connect() as c:
        c.execute(text(f'DROP DATABASE "{name}"'))
    admin.dispose()


def test_everything_the_sqlite_tests_do(pg_project: Project, tmp_path) -> None:
    p = pg_project
    assert p.documents.count() == 5
    lan = p.annotator("lan", role="reviewer")
    ses = p.open_annotation(1, lan)
    t = ses.document.text
    i, j = t.index("Phan Văn Đăng"), t.index("Phó Chủ tịch Thường trực UBND tỉnh Bình Thuận")
    per, title = Span(i, i + 13, "PER_VN"), Span(j, j + 45, "TITLE")
    ses.apply(AddSpan(per))
    ses.apply(AddSpan(title))
    ses.apply(AddRelation(Relation(per.key, title.key, "HAS_TITLE")))
    ses.apply(ses.apply(DeleteSpan(title)))
    ses.apply(SetLabel(per, "PER_KR"))
    ses.set_status(Status.DONE, 3)
    p.open_annotation(1, None, SetKind.GOLD).apply(AddSpan(per))
    sets = p.sets.all(1)
    assert [(s.kind, len(s.spans), len(s.relations)) for s in sets] == [(SetKind.ANNOTATION, 2, 1), (SetKind.GOLD, 1, 0)]
    assert p.stats.collect().by_status["done"] == 1
    assert p.documents.count(lan, text="vkbia") == 1
    assert p.documents.next_id(1, lan) == 2
    bad = tmp_path / "x.jsonl"
    bad.write_text('{"text": "abc"}\n{"text"\n', encoding="utf-8")
    with pytest.raises(InputError, match=":2: not JSON"):
        p.importer.import_paths([bad])
    assert p.documents.count() == 5
