"""The active schema, stored in the database (so a database describes itself), and replacing it."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from annotator.core.errors import SchemaChangeError
from annotator.core.schema import Schema, default_schema, parse_schema_text
from annotator.services import schema_migrations
from annotator.services.schema_migrations import MigrationReport, change_problems
from annotator.storage.database import Database
from annotator.storage.orm import SchemaRow


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

        No check: see `replace` for the rule that protects stored data.
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
        """Make `schema` the active one, unless it would orphan stored data (`SchemaChangeError`).

        Refused, with one line per problem: entity labels in use that it drops, relation types in
        use that it drops, stored relations it no longer allows (per type, one example), a symmetric
        flag changed on a type in use (see `schema_migrations.change_problems`). The check and the
        change are one unit of work.
        """
        with self.db.write() as s:
            problems = change_problems(s, schema, _active_or_none(s))
            if problems:
                raise SchemaChangeError(problems)
            _store(s, schema)
        self._current = schema

    # -- migrations: the schema and every stored use of a name, one unit of work each ---------------
    def rename_label(self, old: str, new: str) -> MigrationReport:
        """Rename an entity label in the schema (colour, key, guideline kept), its relation rules,
        every span of every set (gold included) and the review decisions that name it."""
        return self._migrate(lambda s: schema_migrations.rename_label(s, old, new))

    def merge_labels(self, a: str, b: str, into: str, color: str | None = None, key: str | None = None) -> MigrationReport:
        """Spans labelled `a` or `b` become `into` (`a`, `b` or a new label: `a`'s colour and key unless
        given); exact duplicates that result in one set become one span, their relations moved."""
        return self._migrate(lambda s: schema_migrations.merge_labels(s, a, b, into, color=color, key=key))

    def rename_relation(self, old: str, new: str) -> MigrationReport:
        """Rename a relation type in the schema, every stored relation and the review decisions."""
        return self._migrate(lambda s: schema_migrations.rename_relation(s, old, new))

    def _migrate(self, work: Callable[[Session], tuple[Schema, MigrationReport]]) -> MigrationReport:
        self.current  # noqa: B018 (a database without a schema gets the default one first)
        try:
            with self.db.write() as s:
                schema, report = work(s)
        except Exception:
            self.forget()
            raise
        self._current = schema
        return report


def _active_or_none(s: Session) -> Schema | None:
    if s.scalars(select(SchemaRow.id).where(SchemaRow.active)).first() is None:
        return None
    return schema_migrations.active_schema(s)


def _store(s: Session, schema: Schema) -> None:
    s.execute(update(SchemaRow).values(active=False))
    s.add(SchemaRow(name=schema.name, version=schema.version, body=schema.to_yaml(), active=True))


__all__ = ["Schemas"]
