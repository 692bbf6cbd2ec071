"""Concordance (every hit of a phrase, in context) and label-all, on a real SQLite file."""

from __future__ import annotations

import os
import unicodedata

import pytest

from annotator.core.concordance import find_hits
from annotator.core.document import IncomingDocument, Span
from annotator.core.errors import AnnotationError
from annotator.core.text import FoldedText, normalize_text
from annotator.services import concordance as conc
from annotator.services.assignment import Assignments

ARTICLES = [
    ("Họp tỉnh", "UBND tỉnh Bình Thuận họp sáng nay. Ông Nguyễn Văn A nói Bình Thuận phát triển."),
    ("Tin hoa", "Tỉnh BÌNH THUẬN và tỉnh Cao Bằng; bình thuận là chữ thường."),
    ("Không liên quan", "Thời tiết Đà Nẵng hôm nay nắng nhẹ."),
    ("Dính chữ", "Ông Bìnhthuận không phải tỉnh."),
    ("Chỉ tiêu đề Bình Thuận", "Bài này không nhắc tên tỉnh."),
]


@pytest.fixture
def corpus(empty_project):
    docs = [IncomingDocument(text=normalize_text(t), uid=f"a{i}", title=title) for i, (title, t) in enumerate(ARTICLES)]
    empty_project.importer.import_documents(docs)
    return empty_project


def _ids(p):
    return {p.documents.by_uid(f"a{i}").id: i for i in range(len(ARTICLES))}


@pytest.mark.parametrize("query", ["binh thuan", "BINH THUAN", "Bình Thuận", unicodedata.normalize("NFD", "BÌNH THUẬN"), "bình thuan"])
def test_queries_typed_any_way_find_every_hit(corpus, query):
    r = conc.search(corpus, query)
    ids = _ids(corpus)
    got = [(ids[h.document_id], h.text) for h in r.hits()]
    assert got == [(0, "Bình Thuận"), (0, "Bình Thuận"), (1, "BÌNH THUẬN"), (1, "bình thuận")]
    assert r.next_after is None
    # the title-only document is read (the index finds it) but has no hit in its text
    assert all(ids[d.document_id] != 4 for d in r.documents)


def test_hits_are_ctrl_f_hits_with_stored_offsets_and_context(corpus):
    r = conc.search(corpus, "binh thuan", width=8)
    for d in r.documents:
        text = corpus.document(d.document_id).text
        ft = FoldedText(text)
        pos = 0
        for h in d.hits:
            assert text[h.start : h.end] == h.text
            assert ft.find("binh thuan", pos) == (h.start, h.end)
            pos = h.end
            assert h.left == text[max(0, h.start - 8) : h.start] and h.right == text[h.end : h.end + 8]


def test_find_hits_decomposed_text_keeps_marks_with_the_hit():
    text = unicodedata.normalize("NFD", "Tỉnh Bình Thuận")
    (start, end), = find_hits(text, "binh thuan")
    assert text[start:end] == unicodedata.normalize("NFD", "Bình Thuận")
    assert find_hits("Đà Nẵng, đà nẵng", "da nang") == [(0, 7), (9, 16)]
    assert find_hits("abc", "") == []


def test_paging_by_hits_continues_where_it_stopped(corpus):
    every = [(h.document_id, h.start) for h in conc.search(corpus, "binh thuan").hits()]
    seen, after = [], None
    while True:
        page = conc.search(corpus, "binh thuan", limit=1, after=after)
        seen += [(h.document_id, h.start) for h in page.hits()]
        assert page.hit_count <= 1
        if page.next_after is None:
            break
        after = page.next_after
    assert seen == every
    # a budget of documents: the page ends early and says where to go on
    first = conc.search(corpus, "binh thuan", max_documents=1)
    assert [h.document_id for h in first.hits()] == [every[0][0]] * 2 and first.next_after is not None
    rest = conc.search(corpus, "binh thuan", after=first.next_after)
    assert [(h.document_id, h.start) for h in rest.hits()] == every[2:]


def test_empty_query_and_bad_limit_refused(corpus):
    with pytest.raises(AnnotationError):
        conc.search(corpus, "   ")
    with pytest.raises(AnnotationError):
        conc.search(corpus, "binh", limit=0)


def test_labelled_status_from_the_annotators_set(corpus):
    lan = corpus.annotator("lan")
    ids = {v: k for k, v in _ids(corpus).items()}
    text0 = corpus.document(ids[0]).text
    s = corpus.open_annotation(ids[0], lan)
    from annotator.core.commands import AddSpan

    s.apply(AddSpan(Span(text0.index("Bình"), text0.index("Bình") + 10, "LOC_VN")))
    s.apply(AddSpan(Span(0, text0.index(" họp"), "ORG_VN")))
    hits = conc.search(corpus, "binh thuan", lan).hits()
    assert [h.status for h in hits] == ["labelled", "free", "free", "free"]
    assert hits[0].labels == ("LOC_VN",) and [sp.label for sp in hits[0].overlapping] == ["ORG_VN"]
    # another annotator's view: nothing labelled
    assert {h.status for h in conc.search(corpus, "binh thuan", corpus.annotator("minh")).hits()} == {"free"}


def test_label_all_preview_apply_and_undo_per_document(corpus):
    lan = corpus.annotator("lan")
    ids = {v: k for k, v in _ids(corpus).items()}
    result = conc.search(corpus, "binh thuan", lan)
    preview = conc.preview_label(corpus, lan, "LOC_VN", result.hits("free"), query="binh thuan")
    assert preview.span_count == 4 and [d.document_id for d in preview.documents] == [ids[0], ids[1]]
    assert corpus.sets.get(ids[0], lan).spans == ()  # a preview writes nothing
    outcome = conc.apply_label(corpus, preview)
    assert outcome.failed == () and len(outcome.steps) == 2 and outcome.span_count == 4
    set0 = corpus.sets.get(ids[0], lan)
    assert [corpus.document(ids[0]).text[s.start : s.end] for s in set0.spans] == ["Bình Thuận"] * 2
    assert {h.status for h in conc.search(corpus, "binh thuan", lan).hits()} == {"labelled"}
    # undo one document: only its spans go, the other document keeps its own
    conc.undo_step(corpus, outcome.steps[0], lan)
    assert corpus.sets.get(ids[0], lan).spans == ()
    assert len(corpus.sets.get(ids[1], lan).spans) == 2
    # again: the hits still labelled are skipped with the reason
    again = conc.preview_label(corpus, lan, "LOC_VN", conc.search(corpus, "binh thuan", lan).hits())
    assert again.span_count == 2 and {s.reason for s in again.skipped} == {"already labelled LOC_VN"}


def test_label_all_through_the_windows_open_session(corpus):
    lan = corpus.annotator("lan")
    ids = {v: k for k, v in _ids(corpus).items()}
    session = corpus.open_annotation(ids[0], lan)
    seen = []
    session.subscribe(seen.append)
    preview = conc.preview_label(corpus, lan, "LOC_VN", conc.search(corpus, "binh thuan", lan).hits(),
                                 sessions={ids[0]: session})
    outcome = conc.apply_label(corpus, preview, sessions={ids[0]: session})
    assert len(session.spans) == 2 and len(seen) == 1  # one change set: one step
    step = next(st for st in outcome.steps if st.document_id == ids[0])
    assert "label 2 hit(s)" in step.description
    redo = conc.undo_step(corpus, step, lan, session=session)
    assert session.spans == [] and len(corpus.sets.get(ids[1], lan).spans) == 2
    session.apply(redo)
    assert len(session.spans) == 2


def test_unsnappable_hits_are_listed_not_labelled(corpus):
    lan = corpus.annotator("lan")
    ids = {v: k for k, v in _ids(corpus).items()}
    hits = conc.search(corpus, "binh", lan).hits()  # "Bìnhthuận": the hit ends inside a word
    preview = conc.preview_label(corpus, lan, "LOC_VN", hits)
    glued = [x for x in preview.unsnappable if x.hit.document_id == ids[3]]
    assert len(glued) == 1 and "inside a word" in glued[0].reason and "Bìnhthuận" in glued[0].reason
    assert all(sp.end - sp.start == 4 for d in preview.documents for sp in d.spans)
    assert ids[3] not in {d.document_id for d in preview.documents}


def test_only_free_skips_hits_labelled_otherwise_and_unknown_label_refused(corpus):
    lan = corpus.annotator("lan")
    ids = {v: k for k, v in _ids(corpus).items()}
    text0 = corpus.document(ids[0]).text
    from annotator.core.commands import AddSpan

    corpus.open_annotation(ids[0], lan).apply(AddSpan(Span(text0.index("Bình"), text0.index("Bình") + 10, "ORG_VN")))
    hits = conc.search(corpus, "binh thuan", lan).hits()
    assert conc.preview_label(corpus, lan, "LOC_VN", hits, only_free=True).span_count == 3
    assert conc.preview_label(corpus, lan, "LOC_VN", hits).span_count == 4  # selected: a second label
    with pytest.raises(AnnotationError):
        conc.preview_label(corpus, lan, "NOT_A_LABEL", hits)


def test_only_assigned_documents_are_written(corpus):
    lan, minh = corpus.annotator("lan"), corpus.annotator("minh")
    ids = {v: k for k, v in _ids(corpus).items()}
    Assignments(corpus.db).assign(["lan"], 1, [ids[0]])
    result = conc.search(corpus, "binh thuan", lan)
    assert {d.document_id: d.writable for d in result.documents} == {ids[0]: True, ids[1]: False}
    preview = conc.preview_label(corpus, lan, "LOC_VN", result.hits())
    assert [d.document_id for d in preview.documents] == [ids[0]]
    assert {x.hit.document_id for x in preview.skipped} == {ids[1]} and "not assigned" in preview.skipped[0].reason
    # her own documents only
    assert {d.document_id for d in conc.search(corpus, "binh thuan", lan, mine_only=True).documents} == {ids[0]}
    # minh (an annotator, nothing assigned to him while documents are assigned) writes nowhere
    assert not any(d.writable for d in conc.search(corpus, "binh thuan", minh).documents)



@pytest.mark.skipif(not os.environ.get("ANNOTATOR_TEST_POSTGRES_URL"),
                    reason="set ANNOTATOR_TEST_POSTGRES_URL to run against PostgreSQL")
def test_postgresql_gives_the_same_concordance(corpus):
    import uuid

    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    from annotator.services.project import Project

    base = make_url(os.environ["ANNOTATOR_TEST_POSTGRES_URL"])
    name = f"annotator_conc_{uuid.uuid4().hex[:10]}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as c:
        c.execute(text(f'CREATE DATABASE "{name}"'))
    pg = Project.open(base.set(database=name).render_as_string(hide_password=False), initialize="schema")
    try:
        pg.importer.import_documents(
            [IncomingDocument(text=normalize_text(t), uid=f"a{i}", title=title) for i, (title, t) in enumerate(ARTICLES)])
        for q in ("binh thuan", "BÌNH", unicodedata.normalize("NFD", "bình thuận"), "th"):  # "th": no trigram
            want = [(h.start, h.end, h.text) for h in conc.search(corpus, q).hits()]
            assert [(h.start, h.end, h.text) for h in conc.search(pg, q).hits()] == want, q
            paged, after = [], None
            while True:
                page = conc.search(pg, q, limit=2, after=after)
                paged += [(h.start, h.end, h.text) for h in page.hits()]
                if page.next_after is None:
                    break
                after = page.next_after
            assert paged == want, q
    finally:
        pg.close()
        with admin.connect() as c:
            c.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
