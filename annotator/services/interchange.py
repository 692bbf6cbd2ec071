"""Import and export of the interchange formats (Prodigy, brat, doccano, Label Studio, CoNLL).

Reading and writing are pure code in `annotator.formats`; this module finds the files, stores
what the readers produce with `Project.import_documents` (one transaction: all or nothing) and
feeds the writers from the database in batches (`annotator.services.export`).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from annotator.core.document import IncomingDocument
from annotator.core.errors import InputError
from annotator.formats.plain import expand_paths
from annotator.formats.registry import ReadContext, get_format, output_file
from annotator.services.export import ExportError, SourceSpec, iter_annotated, plan_sets
from annotator.services.project import ImportReport, Progress


def import_files(
    project,
    paths: list[Path] | list[str],
    fmt: str,
    *,
    annotator: str | None = None,
    add_labels: bool = False,
    progress: Progress | None = None,
) -> ImportReport:
    """Import files (or folders of them) of format `fmt` in one transaction."""
    spec = get_format(fmt)
    files = expand_paths([Path(p) for p in paths], set(spec.suffixes))
    if not files:
        raise InputError(", ".join(str(p) for p in paths), None,
                         f"no {'/'.join(sorted(spec.suffixes))} files found for format {fmt}")
    ctx = ReadContext(annotator=annotator)
    sizes = [f.stat().st_size for f in files]
    total = sum(sizes)
    report = ImportReport(files=len(files))

    def docs() -> Iterator[IncomingDocument]:
        done = 0
        for f, size in zip(files, sizes, strict=True):
            yield from spec.read(f, ctx)
            done += size
            if progress is not None:
                progress(done, total)

    project.import_documents(docs(), report=report, add_labels=add_labels)
    report.bytes = total
    report.notes.extend(ctx.notes.lines())
    return report


def export_files(
    project,
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
    doc_ids = project.document_ids()
    total = len(doc_ids)

    def items():
        for i, item in enumerate(iter_annotated(project, doc_ids, plan), start=1):
            yield item
            if progress is not None and (i % 50 == 0 or i == total):
                progress(i, total)

    try:
        path = output_file(Path(out), spec)
        result = spec.write(path, items(), project.schema)
    except OSError as exc:
        raise ExportError(f"cannot write {out}: {exc.strerror or exc}") from exc
    return {
        "path": str(result.path),
        "documents": result.documents,
        "spans": result.spans,
        "relations": result.relations,
        "notes": result.notes.lines(),
    }
