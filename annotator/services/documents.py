"""Documents: one by id or uid, every id, and the filtered, paged document list of the window.

Once documents are assigned (`annotator assign`), an annotator's list and next document hold
only the documents assigned to her (`assigned_only`); a reviewer's too when she has any.
"""

from __future__ import annotations

from sqlalchemy import Select, and_, func, select
from sqlalchemy.orm import Session

from annotator.core.document import Annotator, Document, DocumentSummary, Role, SetKind, Status
from annotator.core.errors import AnnotationError
from annotator.storage import search
from annotator.storage.database import Database
from annotator.storage.orm import AnnotationSetRow, AssignmentRow, DocumentRow


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
        """How many documents the filters keep (see `page`).

        Without a status filter, a text filter is counted on the search index alone (no join,
        no scan of the texts, for queries of three folded characters or more).
        """
        folded = (search.fold_query(text) if text else None) or None
        with self.db.read() as s:
            mine = assigned_only(s, annotator)
            if folded and not status and not mine:
                return search.count(s, folded)
            if not folded and not status and not mine:
                return int(s.scalar(select(func.count()).select_from(DocumentRow)) or 0)
            q = _listing(annotator, folded, status, self.db.dialect, mine).subquery()
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

        `text` keeps the documents whose title or text contains it, ignoring case and diacritics
        the way `annotator.core.text.fold` does (`da nang`, `ĐÀ NẴNG` and a query typed in
        decomposed Unicode all find `Đà Nẵng`; `đ` is `d`): a substring match, exactly where
        Ctrl+F in the article (`FoldedText.find`) finds it, on SQLite and PostgreSQL alike
        (`annotator.storage.search`). `status` keeps those whose set of `annotator` has that
        status (no set yet counts as todo).
        """
        folded = (search.fold_query(text) if text else None) or None
        with self.db.read() as s:
            mine = assigned_only(s, annotator)
            if folded and not status and not mine:
                # the index yields the page's ids in order and stops there; then their rows
                ids = search.page_ids(s, folded, offset, limit)
                if not ids:
                    return []
                q = _listing(annotator, None, None, self.db.dialect).where(DocumentRow.id.in_(ids))
                q = q.order_by(DocumentRow.id)
            else:
                q = _listing(annotator, folded, status, self.db.dialect, mine).order_by(DocumentRow.id).offset(offset)
                if limit is not None:
                    q = q.limit(limit)
            return [
                DocumentSummary(r.id, r.uid, r.title, r.length, Status(r.status), int(r.span_count))
                for r in s.execute(q)
            ]

    def first_page(
        self,
        annotator: Annotator | None = None,
        text: str | None = None,
        status: Status | str | None = None,
        limit: int | None = 200,
    ) -> tuple[int, list[DocumentSummary]]:
        """(`count`, the first `page`) of the list as it opens, reading no more than needed.

        A page shorter than `limit` is the whole list: then it is the count, and the documents
        are not looked through a second time (a rare query costs one scan or one index lookup).
        """
        rows = self.page(annotator, text, status, 0, limit)
        if limit is None or len(rows) < limit:
            return len(rows), rows
        return self.count(annotator, text, status), rows

    def next_id(
        self, after_id: int | None, annotator: Annotator | None, *, skip_done: bool = True, backwards: bool = False
    ) -> int | None:
        """The next (or previous) document id after `after_id`, wrapping around; not done ones when asked."""
        with self.db.read() as s:
            q = _listing(annotator, None, None, self.db.dialect, assigned_only(s, annotator)).subquery()
            cond = q.c.status.notin_([Status.DONE.value, Status.SKIPPED.value]) if skip_done else True
            order = q.c.id.desc() if backwards else q.c.id
            if after_id is not None:
                beyond = q.c.id < after_id if backwards else q.c.id > after_id
                nid = s.scalar(select(q.c.id).where(cond, beyond).order_by(order).limit(1))
                if nid is not None:
                    return int(nid)
            nid = s.scalar(select(q.c.id).where(cond).order_by(order).limit(1))
            return None if nid is None or nid == after_id else int(nid)


def assigned_only(s: Session, annotator: Annotator | None) -> bool:
    """Whether `annotator`'s document list holds only her assigned documents: she has some, or she
    is an annotator (not a reviewer) and documents are assigned at all."""
    if annotator is None:
        return False
    if s.scalar(select(AssignmentRow.document_id).where(AssignmentRow.annotator_id == annotator.id).limit(1)) is not None:
        return True
    return annotator.role is not Role.REVIEWER and s.scalar(select(AssignmentRow.document_id).limit(1)) is not None


def _listing(
    annotator: Annotator | None, folded: str | None, status: Status | str | None, dialect: str, mine: bool = False
) -> Select:
    """Documents with the status and span count of `annotator`'s set, filtered by folded text and
    status; with `mine`, only the documents assigned to `annotator`."""
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
    if folded:
        q = q.where(search.contains(dialect, folded))
    if status:
        q = q.where(status_col == Status(status).value)
    if mine and annotator is not None:
        q = q.where(
            select(AssignmentRow.document_id)
            .where(AssignmentRow.document_id == DocumentRow.id, AssignmentRow.annotator_id == annotator.id)
            .exists()
        )
    return q


__all__ = ["Documents", "assigned_only"]
