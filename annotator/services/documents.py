"""Documents: one by id or uid, every id, and the filtered, paged document list of the window."""

from __future__ import annotations

from sqlalchemy import Select, and_, func, or_, select

from annotator.core.document import Annotator, Document, DocumentSummary, SetKind, Status
from annotator.core.errors import AnnotationError
from annotator.storage.database import Database
from annotator.storage.orm import AnnotationSetRow, DocumentRow


class Documents:
    """`project.documents`: reading documents (they are written by `project.importer`)."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def get(self, document_id: int) -> Document:
        with self.db.read() as s:
            row = s.get(DocumentRow, document_id)
            if row is None:
                raise AnnotationError(f"no document with id {document_id}")
            return Document(row.id, row.uid, row.title, row.text, dict(row.meta or {}))

    def by_uid(self, uid: str) -> Document | None:
        with self.db.read() as s:
            row = s.scalars(select(DocumentRow).where(DocumentRow.uid == uid)).first()
            return None if row is None else Document(row.id, row.uid, row.title, row.text, dict(row.meta or {}))

    def ids(self) -> list[int]:
        with self.db.read() as s:
            return list(s.scalars(select(DocumentRow.id).order_by(DocumentRow.id)))

    def count(
        self, annotator: Annotator | None = None, text: str | None = None, status: Status | str | None = None
    ) -> int:
        """How many documents the filters keep (see `page`)."""
        q = _listing(annotator, text, status).subquery()
        with self.db.read() as s:
            return int(s.scalar(select(func.count()).select_from(q)) or 0)

    def page(
        self,
        annotator: Annotator | None = None,
        text: str | None = None,
        status: Status | str | None = None,
        offset: int = 0,
        limit: int | None = 200,
    ) -> list[DocumentSummary]:
        """A page of the document list with the annotator's status and span count, in id order.

        `text` keeps documents whose title or text contains it (case-insensitive); `status` those
        whose set of `annotator` has that status (no set yet counts as todo).
        """
        q = _listing(annotator, text, status).order_by(DocumentRow.id).offset(offset)
        if limit is not None:
            q = q.limit(limit)
        with self.db.read() as s:
            return [
                DocumentSummary(r.id, r.uid, r.title, r.length, Status(r.status), int(r.span_count))
                for r in s.execute(q)
            ]

    def next_id(
        self, after_id: int | None, annotator: Annotator | None, *, skip_done: bool = True, backwards: bool = False
    ) -> int | None:
        """The next (or previous) document id after `after_id`, wrapping around; not done ones when asked."""
        q = _listing(annotator, None, None).subquery()
        cond = q.c.status.notin_([Status.DONE.value, Status.SKIPPED.value]) if skip_done else True
        order = q.c.id.desc() if backwards else q.c.id
        with self.db.read() as s:
            if after_id is not None:
                beyond = q.c.id < after_id if backwards else q.c.id > after_id
                nid = s.scalar(select(q.c.id).where(cond, beyond).order_by(order).limit(1))
                if nid is not None:
                    return int(nid)
            nid = s.scalar(select(q.c.id).where(cond).order_by(order).limit(1))
            return None if nid is None or nid == after_id else int(nid)


def _listing(annotator: Annotator | None, text: str | None, status: Status | str | None) -> Select:
    """Documents with the status and span count of `annotator`'s set, filtered by text and status."""
    aset = AnnotationSetRow.__table__.alias("aset")
    cond = and_(aset.c.document_id == DocumentRow.id, aset.c.kind == SetKind.ANNOTATION.value)
    cond = and_(cond, aset.c.annotator_id == (annotator.id if annotator else -1))
    status_col = func.coalesce(aset.c.status, Status.TODO.value)
    q = select(
        DocumentRow.id,
        DocumentRow.uid,
        DocumentRow.title,
        DocumentRow.length,
        status_col.label("status"),
        func.coalesce(aset.c.span_count, 0).label("span_count"),
    ).select_from(DocumentRow.__table__.outerjoin(aset, cond))
    if text:
        pattern = f"%{_escape_like(text)}%"
        q = q.where(or_(DocumentRow.title.ilike(pattern, escape="\\"), DocumentRow.text.ilike(pattern, escape="\\")))
    if status:
        q = q.where(status_col == Status(status).value)
    return q


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


__all__ = ["Documents"]
