"""Editing sessions: every command is committed before memory changes and listeners hear of it."""

from __future__ import annotations

import sqlite3

import pytest

from annotator.core.changes import RelationAdded, SpanAdded
from annotator.core.commands import AddRelation, AddSpan, DeleteSpan, SetLabel
from annotator.core.document import Relation, SetKind, Span, Status
from annotator.core.errors import AnnotationError, ConcurrencyError, StorageError
from annotator.services.project import Project


def _find(text: str, needle: str, label: str) -> Span:
    i = text.index(needle)
    return Span(i, i + len(needle), label)


def _rows(project: Project, sql: str) -> list[tuple]:
    con = sqlite3.connect(project.db.engine.url.database)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def test_edits_are_in_the_file_and_come_back(project: Project, db_path) -> None:
    lan = project.annotator("lan")
    ses = project.open_annotation(1, lan)
    t = ses.document.text
    per = _find(t, "Phan Văn Đăng", "PER_VN")
    title = _find(t, "Phó Chủ tịch Thường trực UBND tỉnh Bình Thuận", "TITLE")
    org = _find(t, "UBND tỉnh Bình Thuận", "ORG_VN")
    heard: list[type] = []
    ses.subscribe(lambda changes: heard.extend(type(c) for c in changes))
    for sp in (per, title, org):
        ses.apply(AddSpan(sp))
    ses.apply(AddRelation(Relation(per.key, title.key, "HAS_TITLE")))
    assert heard == [SpanAdded] * 3 + [RelationAdded]
    assert ses.status is Status.IN_PROGRESS
    assert _rows(project, "SELECT start, end, label, source FROM span ORDER BY start") == sorted(
        (s.start, s.end, s.label, "manual") for s in (per, title, org)
    )
    undo = ses.apply(SetLabel(org, "ORG_KR"))
    assert ("ORG_KR",) in _rows(project, "SELECT label FROM span")
    ses.apply(undo)
    ses.set_status(Status.DONE, add_seconds=12.5)

    again = Project.open(str(db_path))
    aset = again.sets.get(1, again.annotators.find("lan"))
    assert set(aset.spans) == {per, title, org}
    assert aset.relations == (Relation(per.key, title.key, "HAS_TITLE"),)
    assert aset.status is Status.DONE and aset.seconds == pytest.approx(12.5)
    assert again.documents.page(again.annotators.find("lan"))[0].span_count == 3


def test_blind_sets_are_per_annotator(project: Project) -> None:
    a, b = project.annotator("lan"), project.annotator("minh")
    sa = project.open_annotation(2, a)
    sa.apply(AddSpan(_find(sa.document.text, "Hoàng Xuân Ánh", "PER_VN")))
    sb = project.open_annotation(2, b)
    assert sb.spans == []
    assert [d.span_count for d in project.documents.page(b) if d.id == 2] == [0]
    assert [d.status for d in project.documents.page(a) if d.id == 2] == [Status.IN_PROGRESS]


def test_delete_span_deletes_its_relations_and_undo_restores(project: Project) -> None:
    ses = project.open_annotation(1, project.annotator("lan"))
    t = ses.document.text
    per = _find(t, "Phan Văn Đăng", "PER_VN")
    title = _find(t, "Phó Chủ tịch Thường trực UBND tỉnh Bình Thuận", "TITLE")
    ses.apply(AddSpan(per))
    ses.apply(AddSpan(title))
    ses.apply(AddRelation(Relation(per.key, title.key, "HAS_TITLE")))
    undo = ses.apply(DeleteSpan(title))
    assert _rows(project, "SELECT count(*) FROM relation") == [(0,)]
    ses.apply(undo)
    assert _rows(project, "SELECT label FROM relation") == [("HAS_TITLE",)]


def test_refused_edit_changes_nothing(project: Project) -> None:
    ses = project.open_annotation(1, project.annotator("lan"))
    with pytest.raises(AnnotationError):
        ses.apply(AddSpan(Span(0, 3, "NOT_A_LABEL")))
    assert ses.spans == [] and _rows(project, "SELECT count(*) FROM annotation_set") == [(0,)]


def test_concurrent_change_is_detected(project: Project) -> None:
    lan = project.annotator("lan")
    first = project.open_annotation(1, lan)
    t = first.document.text
    first.apply(AddSpan(_find(t, "Phan Văn Đăng", "PER_VN")))
    second = project.open_annotation(1, lan)  # e.g. another window
    second.apply(AddSpan(_find(t, "Trần Hải Linh", "PER_VN")))
    with pytest.raises(ConcurrencyError, match="changed elsewhere"):
        first.apply(AddSpan(_find(t, "Hiệp hội VKBIA", "ORG_OTHER")))
    assert len(first.spans) == 1  # memory unchanged
    assert _rows(project, "SELECT count(*) FROM span") == [(2,)]


def test_locked_database_is_a_clear_error_and_not_shown(project: Project) -> None:
    ses = project.open_annotation(1, project.annotator("lan"))
    t = ses.document.text
    ses.apply(AddSpan(_find(t, "Phan Văn Đăng", "PER_VN")))
    # another program holds the write lock
    other = sqlite3.connect(project.db.engine.url.database, timeout=0)
    other.execute("BEGIN IMMEDIATE")
    heard: list[type] = []
    ses.subscribe(lambda changes: heard.extend(type(c) for c in changes))
    with project.db.busy_timeout(50), pytest.raises(StorageError, match="locked"):
        ses.apply(AddSpan(_find(t, "Trần Hải Linh", "PER_VN")))
    assert heard == [] and len(ses.spans) == 1
    other.rollback()
    other.close()
    ses.apply(AddSpan(_find(t, "Trần Hải Linh", "PER_VN")))  # works again once the lock is gone
    assert len(ses.spans) == 2


def test_gold_set_has_no_annotator(project: Project) -> None:
    gold = project.open_annotation(3, None, SetKind.GOLD)
    gold.apply(AddSpan(_find(gold.document.text, "Jeollanam", "LOC_KR")))
    sets = project.sets.all(3)
    assert [(s.kind, s.annotator, len(s.spans)) for s in sets] == [(SetKind.GOLD, None, 1)]


def test_next_document_skips_done(project: Project) -> None:
    lan = project.annotator("lan")
    project.open_annotation(2, lan).set_status(Status.DONE)
    project.open_annotation(3, lan).set_status(Status.SKIPPED)
    assert project.documents.next_id(1, lan) == 4
    assert project.documents.next_id(5, lan) == 1  # wraps around
    assert project.documents.next_id(4, lan, backwards=True) == 1
    assert project.documents.next_id(1, lan, skip_done=False) == 2
    assert project.documents.count(lan, status="done") == 1
    assert project.documents.count(lan, text="Jeollanam") == 1
    assert project.documents.count(lan, status="todo") == 3
