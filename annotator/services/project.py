"""The project: one database with its schema, documents, annotators and annotation sets.

`Project` is a short facade (as Anki's `Collection` is over its managers): it opens the database and
hands the work to one manager per concern, each a small module of `annotator.services`:

    project.db          storage.database.Database: engine, read()/write() units of work
    project.schemas     schemas.Schemas: the active schema; replace() keeps stored data explained; migrations
    project.documents   documents.Documents: by id or uid, ids, count/page/next_id of the list
    project.annotators  annotators.Annotators: get_or_create, find, all
    project.sets        annotation_sets.AnnotationSets: stored sets, all() or get()
    project.importer    importing.Importer: import_files (any format), import_paths, import_documents
    project.stats       stats.Stats: collect() -> ProjectStats

`project.schema`, `project.document(id)`, `project.annotator(name, role)` and
`project.open_annotation(...)` are shortcuts for the calls made everywhere.
"""

from __future__ import annotations

from annotator.core.document import Annotator, Document, Role, SetKind
from annotator.core.resources import corpus_dir
from annotator.core.schema import Schema, default_schema
from annotator.services.annotate import AnnotationSession
from annotator.services.annotation_sets import AnnotationSets
from annotator.services.annotators import Annotators
from annotator.services.config import resolve_db
from annotator.services.documents import Documents
from annotator.services.importing import Importer
from annotator.services.schemas import Schemas
from annotator.services.stats import Stats
from annotator.storage.database import Database, storage_errors


class Project:
    """Open with `Project.open(db)`; every manager method is one unit of work (one transaction)."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self.schemas = Schemas(db)
        self.documents = Documents(db)
        self.annotators = Annotators(db)
        self.sets = AnnotationSets(db)
        self.importer = Importer(db, self.schemas, sets_written=_review_state)
        self.stats = Stats(db, self.schemas)
        self.created = False  # the database was new when opened

    @classmethod
    def open(
        cls, db: str | None = None, *, initialize: bool | str = True, synchronous: str | None = None
    ) -> Project:
        """Open (and migrate) a database.

        A new empty database gets the default schema and the bundled corpus (`initialize=True`),
        only the schema (`initialize="schema"`, used by `import`: the user brings the documents),
        or nothing (`False`).
        """
        project = cls(Database(resolve_db(db), synchronous=synchronous))
        with storage_errors("open the database"):
            project.created = project.db.migrate()
            if initialize and project.db.is_empty():
                project.schemas.set(default_schema())
                if initialize != "schema":
                    project.importer.import_paths([corpus_dir()])
        return project

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Project:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- shortcuts ---------------------------------------------------------------------------
    @property
    def schema(self) -> Schema:
        return self.schemas.current

    def document(self, document_id: int) -> Document:
        return self.documents.get(document_id)

    def annotator(self, name: str, role: Role | str | None = None) -> Annotator:
        """Get or create an annotator; `role` (when given) is set."""
        return self.annotators.get_or_create(name, role)

    def open_annotation(
        self, document_id: int, annotator: Annotator | None, kind: SetKind | str = SetKind.ANNOTATION
    ) -> AnnotationSession:
        """An editing session on one annotation set (see `AnnotationSession`)."""
        return AnnotationSession(self.db, self.schema, self.document(document_id), annotator, SetKind(kind))


def upgrade_database(db: str | None = None) -> tuple[str, str | None, str | None]:
    """`annotator db upgrade`: migrate to the newest revision; returns (url, before, after)."""
    url = resolve_db(db)
    database = Database(url)
    try:
        before, after = database.upgrade()
    finally:
        database.close()
    return url, before, after


__all__ = ["Project", "upgrade_database"]


def _review_state(s, document_ids: list[int]) -> None:
    """The stored review rows of documents an import wrote sets of (kept current in its transaction)."""
    from annotator.services.review import store_review_state

    store_review_state(s, document_ids)
