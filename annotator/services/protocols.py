"""What the use cases above the managers (review, export, interchange) use of a project.

`annotator.services.project.Project` is one; it sits above those modules, which therefore name
this protocol instead of importing it (the import-linter layers of `annotator.services`).
"""

from __future__ import annotations

from typing import Protocol

from annotator.core.document import Annotator, Document, Role, SetKind
from annotator.core.schema import Schema
from annotator.services.annotate import AnnotationSession
from annotator.services.annotation_sets import AnnotationSets
from annotator.services.annotators import Annotators
from annotator.services.documents import Documents
from annotator.services.schemas import Schemas
from annotator.storage.database import Database


class ProjectServices(Protocol):
    db: Database
    schemas: Schemas
    documents: Documents
    annotators: Annotators
    sets: AnnotationSets

    @property
    def schema(self) -> Schema: ...

    def document(self, document_id: int) -> Document: ...

    def annotator(self, name: str, role: Role | str | None = None) -> Annotator: ...

    def open_annotation(
        self, document_id: int, annotator: Annotator | None, kind: SetKind | str = SetKind.ANNOTATION
    ) -> AnnotationSession: ...


__all__ = ["ProjectServices"]
