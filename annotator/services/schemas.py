"""The active schema, stored in the database (so a database describes itself), and replacing it."""

from __future__ import annotations

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from annotator.core.errors import AnnotationError
from annotator.core.schema import Schema, default_schema, parse_schema_text
from annotator.storage.database import Database
from annotator.storage.orm import SchemaRow, SpanRow


class Schemas:
    """`project.schemas`: the active schema (read once, then cached), set or replaced."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self._current: Schema | None = None

    def current_or_none(self) -> Schema | None:
        if self._current is None:
            with self.db.read() as s:
                row = s.scalars(select(SchemaRow).where(SchemaRow.active).order_by(SchemaRow.id.desc())).first()
                if row is not None:
                    source = f"schema stored in {self.db.url}"
                    try:  # written by this tool, so validated before: skip jsonschema (~0.15 s at start-up)
                        self._current = parse_schema_text(row.body, source=source, check=False)
                    except Exception:  # edited by hand? validate, to say what is wrong
                        self._current = parse_schema_text(row.body, source=source)
        return self._current

    @property
    def current(self) -> Schema:
        """The active schema; a database without one gets the default schema."""
        sch = self.current_or_none()
        if sch is None:
            self.set(default_schema())
            sch = self.current_or_none()
        assert sch is not None
        return sch

    def set(self, schema: Schema, session: Session | None = None) -> None:
        """Make `schema` the active one (its own unit of work, or part of the caller's `session`).

        No check: see `replace` for the rule that protects labels in use.
        """
        if session is not None:
            _store(session, schema)
        else:
            with self.db.write() as s:
                _store(s, schema)
        self._current = schema

    def forget(self) -> None:
        """Read the schema again on next use (after a unit of work that set it was rolled back)."""
        self._current = None

    def replace(self, schema: Schema) -> None:
        """Make `schema` the active one, unless it drops labels that spans use (`AnnotationError`).

        The check and the change are one unit of work.
        """
        with self.db.write() as s:
            used = set(s.scalars(select(SpanRow.label).distinct()))
            missing = sorted(used - set(schema.label_names))
            if missing:
                raise AnnotationError(f"labels in use are missing from this schema: {', '.join(missing)}")
            _store(s, schema)
        self._current = schema


def _store(s: Session, schema: Schema) -> None:
    s.execute(update(SchemaRow).values(active=False))
    s.add(SchemaRow(name=schema.name, version=schema.version, body=schema.to_yaml(), active=True))


__all__ = ["Schemas"]
