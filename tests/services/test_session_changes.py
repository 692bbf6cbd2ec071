"""An edit is saved, then made in memory, then shown: observers get the typed changes of the save."""

from __future__ import annotations

import sqlite3

import pytest

from annotator.core.changes import RelationAdded, RelationRemoved, SpanAdded, SpanRemoved
from annotator.core.commands import AddRelation, AddSpan, DeleteSpan, SetLabel
from annotator.core.document import Relation, Span
from annotator.core.errors import AnnotationError, ConcurrencyError, StorageError
from annotator.services.project import Project


def _find(text: str, needle: str, label: str) -> Span:
    i = text.index(needle)
    return Span(i, i + len(needle), label)


def _db_spans(project: Project) -> list[tuple[int, int, str]]:
    con = sqlite3.connect(project.db.engine.url.database)
    try:
        return con.execute('SELECT start, "end", label FROM span ORDER BY start, label').fetchall()
    finally:
        con.close()


def test_observers_see_the_database_and_memory_already_changed(project: Project) -> None:
    ses = project.open_annotation(1, project.annotator("lan"))
    t = ses.document.text
    per = _find(t, "Phan Văn Đăng", "PER_VN")
    title = _find(t, "Phó Chủ tịch Thường trực UBND tỉnh Bình Thuận", "TITLE")
    seen: list[tuple] = []
    ses.subscribe(lambda changes: seen.append((changes, _db_spans(project), list(ses.spans))))
    ses.apply(AddSpan(per))
    changes, in_db, in_memory = seen[-1]
    assert changes == (SpanAdded(per),)
    assert in_db == [per.key] and in_memory == [per]
    ses.apply(AddSpan(title))
    rel = Relation(per.key, title.key, "HAS_TITLE")
    ses.apply(AddRelation(rel))
    inverse = ses.apply(SetLabel(per, "PER_KR"))
    changes, in_db, in_memory = seen[-1]
    kr = per.with_label("PER_KR")
    moved = Relation(kr.key, title.key, "HAS_TITLE")
    assert changes == (RelationRemoved(rel), SpanRemoved(per), SpanAdded(kr), RelationAdded(moved))
    assert kr.key in in_db and per.key not in in_db and kr in in_memory
    assert ses.relations == [moved]
    ses.apply(inverse)
    assert seen[-1][0] == (RelationRemoved(moved), SpanRemoved(kr), SpanAdded(per), RelationAdded(rel))
    assert per.key in _db_spans(project)


def test_a_failed_save_leaves_memory_and_observers_untouched(project: Project) -> None:
    lan = project.annotator("lan")
    ses = project.open_annotation(1, lan)
    t = ses.document.text
    per = _find(t, "Phan Văn Đăng", "PER_VN")
    title = _find(t, "Phó Chủ tịch Thường trực UBND tỉnh Bình Thuận", "TITLE")
    ses.apply(AddSpan(per))
    heard: list[tuple] = []
    ses.subscribe(heard.append)
    # the set changed elsewhere: refused by the version check, after the rows were written
    other = project.open_annotation(1, lan)
    other.apply(AddSpan(_find(t, "Trần Hải Linh", "PER_VN")))
    with pytest.raises(ConcurrencyError):
        ses.apply(AddSpan(title))
    assert heard == [] and ses.spans == [per]
    # a write that fails half-way (a row with the same key appeared): nothing of it stays
    fresh = project.open_annotation(1, lan)
    fresh.subscribe(heard.append)
    with sqlite3.connect(project.db.engine.url.database) as con:
        con.execute(
            "INSERT INTO span (set_id, start, \"end\", label, source, created) VALUES (?, ?, ?, ?, 'manual', '2026-01-01')",
            (fresh.set_id, *title.key),
        )
    with pytest.raises(StorageError):
        fresh.apply(AddSpan(title))
    assert heard == [] and title not in fresh.spans
    # the session's row ids were not touched by the failed save: later edits find their rows
    fresh.apply(DeleteSpan(per))
    fresh.apply(AddSpan(per))
    fresh.apply(AddSpan(_find(t, "UBND tỉnh Bình Thuận", "ORG_VN")))
    assert [type(c) for changes in heard for c in changes] == [SpanRemoved, SpanAdded, SpanAdded]
    assert per.key in _db_spans(project)


def test_a_refused_command_is_never_saved(project: Project) -> None:
    ses = project.open_annotation(1, project.annotator("lan"))
    heard: list[tuple] = []
    ses.subscribe(heard.append)
    with pytest.raises(AnnotationError):
        ses.apply(DeleteSpan(Span(0, 3, "PER_VN")))
    assert heard == [] and ses.set_id is None and _db_spans(project) == []
