"""The stored review state (issue 10, item 4) always equals a full recomputation.

Random edits by annotators (add, delete spans, finish), reviewer decisions and merges, each
followed by `review_status` (stored rows; only stale ones recomputed) compared with the rows
adjudicated from scratch. A real SQLite file, and a real PostgreSQL database when
ANNOTATOR_TEST_POSTGRES_URL is set (CI sets it); the triggers of migration 0003 do the invalidation.
"""

from __future__ import annotations

import os
import random
import uuid

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from annotator.core.commands import AddSpan, DeleteSpan
from annotator.core.document import IncomingDocument, IncomingSet, Span, Status
from annotator.core.tokenize import tokenize
from annotator.services.project import Project
from annotator.services.review import Review
from annotator.services.review.load import load
from annotator.services.review.status import document_review, review_status
from annotator.storage.derived import ReviewStateRow, tokenizer_fingerprint

TEXTS = [
    "Ông Kim Jong-su gặp Chủ tịch tỉnh Bắc Ninh Nguyễn Văn An tại Hà Nội.",
    "Đại sứ Hàn Quốc Park Noh-wan thăm UBND tỉnh Bình Dương ngày 19/8.",
    "KOICA và Bộ Y tế ký Bản ghi nhớ hợp tác tại TP.Hồ Chí Minh.",
]
LABELS = ["PER_VN", "PER_KR", "LOC_VN", "ORG_VN", "ORG_KR", "TITLE"]
ANNOTATORS = ["lan", "minh", "hoa"]


def full_recomputation(project: Project) -> list:
    with project.db.read() as s:
        ids = [d for d in project.documents.ids()]
        titles = {d: project.document(d).title for d in ids}
        data = load(s, ids)
    return [document_review(d, titles[d], data[d]) for d in ids]


def stored_rows(project: Project) -> int:
    with project.db.read() as s:
        return int(s.scalar(select(func.count()).select_from(ReviewStateRow)) or 0)


PG = os.environ.get("ANNOTATOR_TEST_POSTGRES_URL")


@pytest.fixture(params=["sqlite", "postgresql"])
def corpus(request, tmp_path):
    """The corpus on a SQLite file, and on PostgreSQL (the triggers differ) when a server is given."""
    admin = dbname = None
    if request.param == "sqlite":
        project = Project.open(str(tmp_path / "r.sqlite3"), initialize="schema")
    else:
        if not PG:
            pytest.skip("set ANNOTATOR_TEST_POSTGRES_URL to run against PostgreSQL")
        from sqlalchemy import create_engine, text
        from sqlalchemy.engine import make_url

        base = make_url(PG)
        dbname = f"annotator_rs_{uuid.uuid4().hex[:10]}"
        admin = create_engine(base, isolation_level="AUTOCOMMIT")
        with admin.connect() as c:
            c.execute(text(f'CREATE DATABASE "{dbname}"'))
        project = Project.open(base.set(database=dbname).render_as_string(hide_password=False), initialize="schema")
    rng = random.Random(3)
    docs = []
    for text in TEXTS:
        toks = tokenize(text)
        sets = []
        for name in ANNOTATORS[:2]:
            spans = {Span(toks[i][0], toks[i][1], rng.choice(LABELS)) for i in rng.sample(range(len(toks)), 3)}
            sets.append(IncomingSet(name, sorted(spans), status=Status.DONE))
        docs.append(IncomingDocument(text=text, origin="mem:1", sets=sets))
    project.importer.import_documents(docs)
    project.annotator("rev", role="reviewer")
    yield project
    project.close()
    if admin is not None:
        from sqlalchemy import text

        with admin.connect() as c:
            c.execute(text(f'DROP DATABASE "{dbname}"'))
        admin.dispose()


def test_import_stores_the_rows_and_tokens(corpus) -> None:
    assert stored_rows(corpus) == len(TEXTS)  # computed in the import's transaction
    with corpus.db.read() as s:
        from annotator.storage.derived import DocumentTokensRow

        fps = set(s.scalars(select(DocumentTokensRow.tokenizer)))
    assert fps == {tokenizer_fingerprint()}
    assert review_status(corpus) == full_recomputation(corpus)


def test_an_edit_makes_only_its_document_stale(corpus) -> None:
    review_status(corpus)
    doc = corpus.documents.ids()[1]
    session = corpus.open_annotation(doc, corpus.annotator("lan"))
    session.apply(DeleteSpan(session.spans[0]))
    assert stored_rows(corpus) == len(TEXTS) - 1
    assert review_status(corpus) == full_recomputation(corpus)
    assert stored_rows(corpus) == len(TEXTS)


ACTIONS = st.lists(
    st.tuples(st.sampled_from(["add", "delete", "finish", "reopen", "decide", "merge", "clear"]),
              st.integers(0, 2), st.integers(0, 2), st.integers(0, 10_000)),
    min_size=4, max_size=14,
)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(actions=ACTIONS)
def test_stored_state_equals_full_recomputation_after_random_work(corpus, actions) -> None:
    review = Review(corpus)
    ids = corpus.documents.ids()
    for action, d, a, seed in actions:
        rng = random.Random(seed)
        doc = ids[d]
        name = ANNOTATORS[a]
        if action in ("add", "delete", "finish", "reopen"):
            session = corpus.open_annotation(doc, corpus.annotator(name))
            toks = tokenize(corpus.document(doc).text)
            if action == "add":
                i = rng.randrange(len(toks))
                span = Span(toks[i][0], toks[i][1], rng.choice(LABELS))
                if span.key not in {s.key for s in session.spans}:
                    session.apply(AddSpan(span))
            elif action == "delete" and session.spans:
                session.apply(DeleteSpan(rng.choice(session.spans)))
            elif action == "finish":
                session.set_status(Status.DONE)
            elif action == "reopen":
                session.set_status(Status.IN_PROGRESS)
        elif action == "decide":
            cands = review.candidates(doc).spans
            if cands:
                review.decide(doc, rng.choice(cands).key, rng.choice(["accept", "reject"]), "rev")
        elif action == "clear":
            cands = [c for c in review.candidates(doc).spans if c.decision is not None]
            if cands:
                review.clear_decision(doc, cands[0].key, "rev")
        else:
            review.merge(rng.choice(["unanimous", "majority"]), "rev", document_id=doc)
        # sometimes read in between (stores rows), sometimes let several changes pile up
        if rng.random() < 0.6:
            assert review_status(corpus) == full_recomputation(corpus)
    assert review_status(corpus) == full_recomputation(corpus)
    assert stored_rows(corpus) == len(ids)
