"""`write_changes`: the typed changes of a set written to its rows (session, import and gold use it)."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from annotator.core.changes import RelationAdded, RelationRemoved, SpanAdded, SpanRemoved
from annotator.core.document import Relation, Span
from annotator.storage import db as dbmod
from annotator.storage.changes import RowIds, load_row_ids, write_changes
from annotator.storage.orm import AnnotationSetRow, DocumentRow, RelationRow, SpanRow, utcnow

A, B, C = Span(0, 4, "PER_VN"), Span(5, 9, "TITLE"), Span(10, 14, "ORG_VN")
AB = Relation(A.key, B.key, "HAS_TITLE")


def _set(tmp_path: Path):
    engine = dbmod.make_engine(tmp_path / "x.sqlite3")
    dbmod.ensure_current(engine)
    with Session(engine) as s, s.begin():
        doc = s.execute(
            insert(DocumentRow).values(uid="d", content_hash="h", title="t", text="x" * 20, length=20, meta={},
                                       created=utcnow()).returning(DocumentRow.id)
        ).scalar_one()
        set_id = s.execute(insert(AnnotationSetRow).values(document_id=doc, kind="gold", updated=utcnow())
                           .returning(AnnotationSetRow.id)).scalar_one()
    return engine, set_id


def _rows(s: Session, set_id: int) -> tuple[set, set]:
    spans = {(a, b, c) for a, b, c in s.execute(select(SpanRow.start, SpanRow.end, SpanRow.label).where(SpanRow.set_id == set_id))}
    rels = set(s.execute(select(RelationRow.label).where(RelationRow.set_id == set_id)).scalars())
    return spans, rels


def test_changes_without_known_ids_read_them_when_needed(tmp_path: Path) -> None:
    engine, set_id = _set(tmp_path)
    with Session(engine) as s, s.begin():
        ids = write_changes(s, set_id, [SpanAdded(A), SpanAdded(B), RelationAdded(AB)], meta={A.key: {"decided_by": "rev"}})
        assert set(ids.spans) == {A.key, B.key} and set(ids.relations) == {AB.key}
        assert s.scalar(select(SpanRow.meta).where(SpanRow.start == 0)) == {"decided_by": "rev"}
    with Session(engine) as s, s.begin():  # another transaction, nothing known: ids are read
        ids = write_changes(s, set_id, [RelationRemoved(AB), SpanRemoved(A), SpanAdded(C)])
        assert ids == load_row_ids(s, set_id)
        assert _rows(s, set_id) == ({B.key, C.key}, set())


def test_known_ids_follow_the_rows_and_come_back_when_the_transaction_rolls_back(tmp_path: Path) -> None:
    engine, set_id = _set(tmp_path)
    with Session(engine) as s, s.begin():
        before = write_changes(s, set_id, [SpanAdded(A), SpanAdded(B)], RowIds())
    snapshot = before.copy()
    changes = [RelationAdded(AB), SpanRemoved(B), SpanAdded(B.with_label("ORG_VN"))]

    def fail_after_writing() -> None:
        with Session(engine) as s, s.begin():
            write_changes(s, set_id, changes, before)
            raise RuntimeError("the caller fails after writing: the transaction rolls back")

    with pytest.raises(RuntimeError):
        fail_after_writing()
    assert before == snapshot  # a failed transaction leaves the caller's ids as they were
    with Session(engine) as s, s.begin():
        after = write_changes(s, set_id, changes, before)
        assert after is before  # updated in place: no copy of 50,000 ids per edit
        assert after == load_row_ids(s, set_id)
        # removing a span takes any relation still on it along (relations are normally removed first)
        assert _rows(s, set_id) == ({A.key, (5, 9, "ORG_VN")}, set())
    assert before == load_row_ids(Session(engine), set_id)  # committed: the ids stay
