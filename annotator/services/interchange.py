"""Export to the interchange formats (Prodigy, brat, doccano, Label Studio, CoNLL).

Writing is pure code in `annotator.formats`; this module feeds the writers from the database in
batches (`annotator.services.export`). Importing these formats is `project.importer.import_files`
(`annotator.services.importing`). Every export is written beside its target and moved into place
at the end (`annotator.core.atomic`): an interrupted export leaves the previous one whole.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from annotator.core.atomic import atomic_file, atomic_folder
from annotator.formats.registry import get_format, output_target
from annotator.services.export import ExportError, Progress, SourceSpec, iter_annotated, plan_sets
from annotator.services.protocols import ProjectServices


def export_files(
    project: ProjectServices,
    out: str | Path,
    fmt: str,
    *,
    source: SourceSpec | None = None,
    progress: Progress | None = None,
) -> dict[str, Any]:
    """Write every document (with the annotation sets `source` selects) in format `fmt`."""
    spec = get_format(fmt)
    source = source or SourceSpec("all")
    plan = plan_sets(project, source)
    if not spec.several_sets:
        several = [d for d, refs in plan.items() if len(refs) > 1]
        if several:
            raise ExportError(
                f"format {fmt} holds one annotation set per document, but {len(several)} document(s) have "
                f"several (e.g. document id {several[0]}): choose one with --source gold or --source annotator:NAME"
            )
    doc_ids = project.documents.ids()
    total = len(doc_ids)

    def items():
        for i, item in enumerate(iter_annotated(project, doc_ids, plan), start=1):
            yield item
            if progress is not None and (i % 50 == 0 or i == total):
                progress(i, total)

    target, is_folder, inner = output_target(Path(out), spec)
    try:
        if is_folder:
            owns = spec.owns or (lambda name: name == inner)
            with atomic_folder(target, owns) as tmp:
                result = spec.write(tmp / inner if inner else tmp, items(), project.schema)
        else:
            with atomic_file(target) as tmp:
                result = spec.write(tmp, items(), project.schema)
    except OSError as exc:
        raise ExportError(f"cannot write {out}: {exc.strerror or exc}") from exc
    written = target / inner if inner else target
    return {
        "path": str(written),
        "documents": result.documents,
        "spans": result.spans,
        "relations": result.relations,
        "notes": result.notes.lines(),
    }
