"""Notes and flags: stored with author and time, the reviewer's list, export and import (brat, Prodigy)."""

from __future__ import annotations

import json
import os
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from annotator.core.commands import AddRelation, AddSpan
from annotator.core.document import IncomingDocument, Relation, Role, Span
from annotator.core.errors import AnnotationError, NotAllowedError
from annotator.core.notes import Note, key_from_json, note_from_dict
from annotator.core.text import normalize_text
from annotator.services.assignment import Assignments
from annotator.services.export import SourceSpec
from annotator.services.interchange import export_files
from annotator.services.notes import Notes
from annotator.services.project import Project

TEXT = normalize_text("Ông Nguyễn Văn An, Chủ tịch UBND tỉnh Bình Thuận, tiếp đoàn Hàn Quốc.")


@pytest.fixture
def setup(empty_project):
    p = empty_project
    p.importer.import_documents([IncomingDocument(text=TEXT, uid="bt1", title="Bình Thuận tiếp khách"),
                                 IncomingDocument(text=normalize_text("Tin khác về Đà Nẵng."), uid="dn1", title="Đà Nẵng")])
    lan = p.annotator("lan")
    doc = p.documents.by_uid("bt1").id
    s = p.open_annotation(doc, lan)
    per = Span(TEXT.index("Nguyễn"), TEXT.index(","), "PER_VN")
    title = Span(TEXT.index("Chủ"), TEXT.index(", tiếp"), "TITLE")
    s.apply(AddSpan(per))
    s.apply(AddSpan(title))
    rel = Relation(per.key, title.key, "HAS_TITLE")
    s.apply(AddRelation(rel))
    return p, lan, doc, per, title, rel


def test_add_edit_delete_with_author_and_time(setup):
    p, lan, doc, per, _title, _rel = setup
    notes = Notes(p.db)
    before = datetime.utcnow() - timedelta(seconds=5)
    n = notes.add(lan, doc, "  Tên đầy đủ hay chỉ tên?  ", span=per.key)
    assert (n.author, n.target, n.key, n.text, n.document_id) == ("lan", "span", per.key, "Tên đầy đủ hay chỉ tên?", doc)
    assert before <= n.created <= datetime.utcnow() + timedelta(seconds=5) and n.updated == n.created
    d = notes.add(lan, doc, "Bài này có hai người cùng tên")
    assert d.target == "document" and d.key is None
    assert [x.id for x in notes.for_document(doc, lan)] == [n.id, d.id]
    assert notes.for_span(doc, lan, per.key) == [n]
    edited = notes.edit(lan, n.id, "Chỉ tên, không có chức danh")
    assert edited.text == "Chỉ tên, không có chức danh" and edited.updated >= edited.created
    gone = notes.delete(lan, d.id)
    assert [x.id for x in notes.for_document(doc)] == [n.id]
    back = notes.restore(lan, gone)
    assert (back.text, back.created, back.target) == (gone.text, gone.created, "document")


def test_relation_note_and_refusals(setup):
    p, lan, doc, per, _title, rel = setup
    notes = Notes(p.db)
    r = notes.add(lan, doc, "quan hệ này đúng không?", relation=rel.key)
    assert r.target == "relation" and r.key == rel.key
    with pytest.raises(AnnotationError, match="no relation"):
        notes.add(lan, doc, "x", relation=(rel.tail, rel.head, "HAS_TITLE"))
    with pytest.raises(AnnotationError, match="no span"):
        notes.add(lan, doc, "x", span=(0, 3, "PER_VN"))
    with pytest.raises(AnnotationError, match="needs some text"):
        notes.add(lan, doc, "   ")
    with pytest.raises(AnnotationError, match="no document"):
        notes.add(lan, 999, "x")
    n = notes.add(lan, doc, "của Lan")
    minh = p.annotator("minh")
    with pytest.raises(NotAllowedError):
        notes.edit(minh, n.id, "sửa của người khác")
    with pytest.raises(NotAllowedError):
        notes.delete(minh, n.id)
    # another annotator's span is not hers to note
    with pytest.raises(AnnotationError, match="minh has no span"):
        notes.add(minh, doc, "x", span=per.key)


def test_flags_and_the_reviewers_list(setup):
    p, lan, doc, per, _title, _rel = setup
    notes = Notes(p.db)
    other = p.documents.by_uid("dn1").id
    minh = p.annotator("minh")
    notes.add(lan, doc, "Không chắc ORG hay LOC", span=per.key)
    notes.add(minh, other, "Đà Nẵng viết tắt")
    assert notes.flag(lan, doc) is False and notes.flag(lan, doc) is True  # was it flagged before?
    assert notes.is_flagged(doc, lan) and notes.flags(doc) == ["lan"]
    notes.flag(minh, other)
    rev = p.annotator("rita", role=Role.REVIEWER)
    every = notes.listing(rev)
    assert [(e.author, e.document_id, e.flagged) for e in every] == [("lan", doc, True), ("minh", other, True)]
    assert [e.author for e in notes.listing(rev, author="minh")] == ["minh"]
    assert [e.note.text for e in notes.listing(rev, text="khong chac")] == ["Không chắc ORG hay LOC"]  # no accents
    assert [e.note.text for e in notes.listing(rev, text="DA NANG")] == ["Đà Nẵng viết tắt"]
    notes.flag(minh, other, on=False)
    assert [e.author for e in notes.listing(rev, flagged=True)] == ["lan"]
    # a flagged document without notes is an entry with no note
    notes.flag(minh, doc)
    entries = notes.listing(rev, flagged=True)
    assert [(e.author, e.note is None) for e in entries] == [("minh", True), ("lan", False)]
    assert [(f.document_id, f.author) for f in notes.flagged_documents(rev)] == [(doc, "lan"), (doc, "minh")]
    # an annotator sees only her own; asking for another's is refused
    assert {e.author for e in notes.listing(lan)} == {"lan"}
    with pytest.raises(NotAllowedError):
        notes.listing(lan, author="minh")


def test_assigned_documents_only(setup):
    p, lan, doc, _per, _title, _rel = setup
    other = p.documents.by_uid("dn1").id
    Assignments(p.db).assign(["lan"], 1, [doc])
    notes = Notes(p.db)
    notes.add(lan, doc, "được")
    with pytest.raises(NotAllowedError, match="not assigned"):
        notes.add(lan, other, "không được")
    with pytest.raises(NotAllowedError):
        notes.flag(lan, other)


def test_note_values_round_trip_and_refuse_bad_keys():
    n = Note("relation", ((1, 2, "A"), (3, 4, "B"), "r"), "x", "lan", datetime(2026, 1, 2, 3, 4, 5))
    back = note_from_dict(json.loads(json.dumps(n.to_dict())))
    assert (back.target, back.key, back.text, back.author, back.created) == (n.target, n.key, n.text, "lan", n.created)
    for target, key in [("span", [1, 2]), ("span", ["a", 2, "L"]), ("relation", [[1, 2, "A"], "r"]), ("page", None)]:
        with pytest.raises(AnnotationError):
            key_from_json(target, key)
    with pytest.raises(AnnotationError):
        note_from_dict({"text": ""})


@pytest.mark.parametrize("fmt", ["brat", "prodigy", "doccano", "labelstudio"])
def test_export_and_import_round_trip_of_notes(setup, tmp_path: Path, fmt):
    p, lan, doc, per, _title, rel = setup
    notes = Notes(p.db)
    span_note = notes.add(lan, doc, "Tên đầy đủ?\nhay chỉ tên", span=per.key)
    doc_note = notes.add(lan, doc, "Cả bài cần xem lại")
    rel_note = notes.add(lan, doc, "quan hệ?", relation=rel.key)
    notes.flag(lan, doc)
    out = tmp_path / {"brat": "out", "labelstudio": "out.json"}.get(fmt, "out.jsonl")
    export_files(p, out, fmt, source=SourceSpec("annotator", name="lan"))
    if fmt == "brat":
        ann = (out / "bt1.ann").read_text(encoding="utf-8")
        assert "AnnotatorNotes T1\tTên đầy đủ? hay chỉ tên" in ann  # brat shows it; one line
        assert "AnnotatorNotes R1\tquan hệ?" in ann
        entry = json.loads((out / "annotator.json").read_text(encoding="utf-8"))["documents"]["bt1"]
        assert entry["flagged"] is True and [n["text"] for n in entry["notes"]][:2] == [span_note.text, doc_note.text]
        src = out
    elif fmt == "prodigy":
        line = next(json.loads(x) for x in out.read_text(encoding="utf-8").splitlines() if '"bt1"' in x)
        assert line["meta"]["annotator_needs_review"] is True
        assert line["meta"]["annotator_notes"][0]["key"] == list(per.key)
        src = out
    elif fmt == "doccano":
        line = next(json.loads(x) for x in out.read_text(encoding="utf-8").splitlines() if '"bt1"' in x)
        assert line["annotator_needs_review"] is True and len(line["annotator_notes"]) == 3
        src = out
    else:
        task = next(t for t in json.loads(out.read_text(encoding="utf-8")) if t["data"]["uid"] == "bt1")
        assert task["annotations"][0]["annotator_notes"][1]["text"] == doc_note.text
        src = out
    q = Project.open(str(tmp_path / "back.sqlite3"), initialize="schema")
    try:
        report = q.importer.import_files([src], fmt)
        assert not any("note line" in n for n in report.notes)
        lan2 = q.annotators.find("lan")
        doc2 = q.documents.by_uid("bt1").id
        got = Notes(q.db).for_document(doc2, lan2)
        expected = [span_note, doc_note, rel_note]
        assert [(n.target, n.key, n.text, n.author, n.created) for n in got] == \
               [(n.target, n.key, n.text, "lan", n.created.replace(microsecond=0)) for n in expected]
        assert Notes(q.db).is_flagged(doc2, lan2)
        assert q.documents.get(doc2).meta.get("annotator_notes") is None  # not document meta
        # importing again stores no note twice
        q.importer.import_files([src], fmt)
        assert len(Notes(q.db).for_document(doc2)) == len(expected)
    finally:
        q.close()


# -- a team server (PostgreSQL): notes are their author's, as her sets are -----------------------
PG = os.environ.get("ANNOTATOR_TEST_POSTGRES_URL")


@pytest.mark.skipif(not PG, reason="set ANNOTATOR_TEST_POSTGRES_URL to run against PostgreSQL")
def test_team_server_notes_follow_the_rules_of_sets() -> None:
    import uuid

    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    from annotator.services.team import add_user, init_server

    base = make_url(PG)
    tag = uuid.uuid4().hex[:8]
    name = f"annotator_notes_{tag}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as c:
        c.execute(text(f'CREATE DATABASE "{name}"'))
    url = base.set(database=name)
    owner = Project.open(url.render_as_string(hide_password=False))  # the 5 bundled articles
    projects = [owner]
    users = [f"n{tag}_{u}" for u in ("a1", "a2", "rv")]
    try:
        init_server(owner.db)
        for u, group in zip(users, ("annotator", "annotator", "reviewer"), strict=True):
            add_user(owner.db, u, group, "pw")

        def login(u: str) -> Project:
            p = Project.open(url.set(username=u, password="pw").render_as_string(hide_password=False), initialize=False)
            projects.append(p)
            return p

        p1, p2, pr = (login(u) for u in users)
        a1, a2, rv = p1.annotators.me(), p2.annotators.me(), pr.annotators.me()
        text1 = p1.document(1).text
        first = tokenize_first(text1)
        p1.open_annotation(1, a1).apply(AddSpan(Span(*first, "LOC_VN")))
        n1 = Notes(p1.db).add(a1, 1, "của a1", span=(*first, "LOC_VN"))
        Notes(p1.db).flag(a1, 1)
        Notes(p2.db).add(a2, 2, "của a2")
        # each annotator reads only her own; the reviewer reads all
        assert [n.text for n in Notes(p2.db).for_document(1)] == []
        assert {e.author for e in Notes(pr.db).listing(rv)} == {a1.name, a2.name}
        assert [e.note.text for e in Notes(pr.db).listing(rv, flagged=True)] == ["của a1"]
        # the database refuses another's note, whatever a program does
        with pytest.raises(NotAllowedError), p2.db.write() as s:
            s.execute(text("INSERT INTO note (document_id, annotator_id, target, key, text, created, updated) "
                           "VALUES (1, :a, 'document', '', 'x', now(), now())"), {"a": a1.id})
        with p2.db.write() as s:
            assert s.execute(text("UPDATE note SET text = 'y' WHERE id = :i"), {"i": n1.id}).rowcount == 0
        # assigned documents: a1 may not note a document that is not hers
        from annotator.services.assignment import Assignments

        Assignments(owner.db).assign([a2.name], 1, [3], create=False)
        with pytest.raises(NotAllowedError):
            Notes(p1.db).add(a1, 3, "not mine")
    finally:
        for p in projects:
            p.close()
        with admin.connect() as c:
            c.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            for u in users:
                c.execute(text(f'DROP ROLE IF EXISTS "{u}"'))
        admin.dispose()


def tokenize_first(text: str) -> tuple[int, int]:
    from annotator.core.tokenize import tokenize

    return tokenize(text)[0]



def test_notes_grouped_by_key_and_detached_when_the_span_goes(setup):
    from annotator.core.commands import DeleteSpan
    from annotator.core.notes import by_key, is_attached

    p, lan, doc, per, _title, rel = setup
    notes = Notes(p.db)
    a = notes.add(lan, doc, "một", span=per.key)
    b = notes.add(lan, doc, "hai", span=per.key)
    c = notes.add(lan, doc, "cả bài")
    r = notes.add(lan, doc, "quan hệ", relation=rel.key)
    grouped = by_key(notes.for_document(doc, lan))
    assert [n.id for n in grouped[per.key]] == [a.id, b.id] and [n.id for n in grouped[None]] == [c.id]
    session = p.open_annotation(doc, lan)

    def attached(note):
        return is_attached(note, {s.key for s in session.spans}, {x.key for x in session.relations})

    assert attached(a) and attached(r) and attached(c)
    session.apply(DeleteSpan(per))  # its relation goes with it
    assert not attached(a) and not attached(r) and attached(c)
    assert len(notes.for_document(doc, lan)) == 4  # still listed, detached
