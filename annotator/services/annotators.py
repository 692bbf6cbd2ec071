"""Annotators: the people who label (role `annotator`) and adjudicate (role `reviewer`).

On SQLite a role is what a user declares (`--user NAME --role reviewer`): a convenience, not
access control. On a team server (PostgreSQL with `annotator server init`) the user is the
database login and her role its group: `get_or_create` returns her, whatever name and role are
asked for, and the database enforces what she may do (`annotator.storage.team`).
"""

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
        """Get or create an annotator; `role` (when given) is set. One unit of work.

        On a team server: the connected login (`me`), `name` and `role` ignored.
        """
        if self.db.team:
            return self.me()
        name = name.strip()
        if not name:
            raise AnnotationError("an annotator needs a name")
        with self.db.write() as s:
            row = annotator_row(s, name, create=True)
            if role is not None and row.role != Role(role).value:
                row.role = Role(role).value
            return _annotator(row)

    def me(self) -> Annotator:
        """On a team server, the connected login as an annotator (her row made or its role
        corrected from her group: reviewer when she has the reviewer group's rights)."""
        name, groups = self.db.identity()
        role = Role.REVIEWER if "reviewer" in groups else Role.ANNOTATOR
        with self.db.write() as s:
            row = s.scalars(select(AnnotatorRow).where(AnnotatorRow.name == name)).first()
            if row is None:
                row = AnnotatorRow(name=name, role=role.value)
                s.add(row)
                s.flush()
            elif row.role != role.value:
                row.role = role.value
            return _annotator(row)

    def groups(self) -> frozenset[str]:
        """What the user may do: on a team server her groups (annotator, reviewer, manager); on
        SQLite every group (roles there are declared, not enforced)."""
        if not self.db.team:
            return frozenset({"annotator", "reviewer", "manager"})
        return self.db.identity()[1]

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
