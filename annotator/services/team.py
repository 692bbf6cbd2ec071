"""A team server (PostgreSQL): set it up and add its users (`annotator server init|add-user`).

What each role may do, and how the database enforces it: `annotator.storage.team`.
"""

from __future__ import annotations

from sqlalchemy import select

from annotator.core.document import Role
from annotator.core.errors import AnnotationError
from annotator.core.schema import default_schema
from annotator.services.schemas import Schemas
from annotator.storage import team
from annotator.storage.database import Database, storage_errors
from annotator.storage.orm import AnnotatorRow

GROUPS = team.GROUPS


def init_server(db: Database) -> tuple[str | None, str | None]:
    """Migrate `db` (PostgreSQL, as its owner), install the roles and policies, and give a new
    database the default schema; returns the revisions (before, after). Safe to run again."""
    if db.dialect != "postgresql":
        raise AnnotationError("a team server is a PostgreSQL database (--db postgresql+psycopg://ADMIN@HOST/DB)")
    before, after = db.upgrade()
    with storage_errors("set up the team server"), db.engine.begin() as conn:
        team.install(conn)
    db._team = None  # asked again: it is a team server now
    if db.is_empty():  # the manager imports the documents
        Schemas(db).set(default_schema())
    return before, after


def name_problem(name: str) -> str | None:
    """Why `name` cannot be a login made here, or None."""
    if team.NAME_RE.match(name):
        return None
    return f"{name!r}: a login name here is lower-case letters, digits and _, not starting with a digit (at most 63)"


def add_user(db: Database, name: str, group: str, password: str) -> bool:
    """Create the login role `name` in `group` (annotator, reviewer or manager) with `password`, and
    its annotator row; an existing login gets the password and the group. True when created.

    Run as the database's owner or a manager; `NotAllowedError` otherwise.
    """
    if group not in GROUPS:
        raise AnnotationError(f"the role must be one of {', '.join(GROUPS)}, not {group!r}")
    if name_problem(name):
        raise AnnotationError(name_problem(name))
    if not password:
        raise AnnotationError("a user needs a password")
    if not db.team:
        raise AnnotationError("this database is not a team server yet: its owner runs annotator --db URL server init")
    role = (Role.REVIEWER if group == "reviewer" else Role.ANNOTATOR).value
    with storage_errors("add the user"), db.engine.begin() as conn:
        created = team.add_user(conn, name, group, password)
        row = conn.execute(select(AnnotatorRow.id, AnnotatorRow.role).where(AnnotatorRow.name == name)).first()
        if row is None:
            conn.execute(AnnotatorRow.__table__.insert().values(name=name, role=role))
        elif row.role != role:
            conn.execute(AnnotatorRow.__table__.update().where(AnnotatorRow.id == row.id).values(role=role))
    return created


__all__ = ["GROUPS", "add_user", "init_server", "name_problem"]
