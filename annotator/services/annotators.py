"""Annotators: the people who label (role `annotator`) and adjudicate (role `reviewer`)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from annotator.core.document import Annotator, Role
from annotator.core.errors import AnnotationError
from annotator.storage.database import Database
from annotator.storage.orm import AnnotatorRow


class Annotators:
    """`project.annotators`: find, list, and get-or-create annotators (with their role)."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def get_or_create(self, name: str, role: Role | str | None = None) -> Annotator:
        """Get or create an annotator; `role` (when given) is set. One unit of work."""
        name = name.strip()
        if not name:
            raise AnnotationError("an annotator needs a name")
        with self.db.write() as s:
            row = annotator_row(s, name, create=True)
            if role is not None and row.role != Role(role).value:
                row.role = Role(role).value
            return _annotator(row)

    def find(self, name: str) -> Annotator | None:
        with self.db.read() as s:
            row = s.scalars(select(AnnotatorRow).where(AnnotatorRow.name == name)).first()
            return None if row is None else _annotator(row)

    def all(self) -> list[Annotator]:
        """Every annotator, by name."""
        with self.db.read() as s:
            return [_annotator(r) for r in s.scalars(select(AnnotatorRow).order_by(AnnotatorRow.name))]


def annotator_row(s: Session, name: str, create: bool = False) -> AnnotatorRow:
    """The row of the annotator `name` in session `s`; a new one (role annotator) with `create`."""
    row = s.scalars(select(AnnotatorRow).where(AnnotatorRow.name == name)).first()
    if row is None:
        if not create:
            raise AnnotationError(f"no annotator named {name!r}")
        row = AnnotatorRow(name=name, role=Role.ANNOTATOR.value)
        s.add(row)
        s.flush()
    return row


def _annotator(row: AnnotatorRow) -> Annotator:
    return Annotator(row.id, row.name, Role(row.role))


__all__ = ["Annotators", "annotator_row"]
