"""Interchange formats by name. Each module defines `FORMAT`; modules are imported on first use.

A reader turns one input file into `IncomingDocument`s (with their `IncomingSet`s) and records
what it could not import in `ReadContext.notes`; a writer takes `(Document, [AnnotationSet])`
pairs (a document with no set is written without annotations) and returns a `WriteResult`.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from annotator.core.document import AnnotationSet, Document, IncomingDocument, Source, Span
from annotator.core.schema import Schema
from annotator.formats.common import Notes, OffsetMap, Problem, SpanProblemError, make_span

_MODULES = {
    "prodigy": "annotator.formats.prodigy",
    "brat": "annotator.formats.brat",
    "doccano": "annotator.formats.doccano",
    "labelstudio": "annotator.formats.labelstudio",
    "conll": "annotator.formats.conll",
}
NAMES = tuple(_MODULES)

Annotated = tuple[Document, list[AnnotationSet]]


@dataclass
class ReadContext:
    """What a reader is given and what it reports.

    `notes`: things seen and not imported, or changed (counted, shown after the import).
    `problems`: spans and relations that cannot be imported as the file gives them; a reader
    records each (`span`, `reject`) and goes on, so one import lists every problem. The importer
    fails when there are any, unless `--skip-invalid` asked to import the rest.
    """

    annotator: str | None = None  # default annotator when the file names none
    notes: Notes = field(default_factory=Notes)
    problems: list[Problem] = field(default_factory=list)
    # label id -> label name, for files that give labels as numeric ids (doccano 1.x): `--label-ids FILE`
    label_ids: dict[str, str] = field(default_factory=dict)

    def reject(self, problem: Problem) -> None:
        self.problems.append(problem)

    def span(
        self,
        omap: OffsetMap,
        start: object,
        end: object,
        label: object,
        *,
        file: str,
        line: int | None,
        doc: str,
        text: str | None = None,
        source: Source = Source.IMPORT,
    ) -> Span | None:
        """`make_span`, with outer whitespace trimmed (and noted); None (the problem recorded)
        when the span cannot be imported."""
        try:
            span = make_span(omap, start, end, label, file=file, line=line, doc=doc, text=text, source=source)
        except SpanProblemError as exc:
            self.problems.append(exc.problem)
            return None
        piece = omap.text[span.start : span.end]
        stripped = piece.strip()
        if stripped == piece:
            return span
        where = f"{Path(file).name}:{line}" if line is not None else Path(file).name
        if not stripped:
            self.problems.append(
                Problem("span of whitespace only", file, line, doc, f"span {start}-{end} {label} covers only whitespace",
                        start if isinstance(start, int) else None, end if isinstance(end, int) else None, piece,
                        str(label))
            )
            return None
        lead = len(piece) - len(piece.lstrip())
        trail = len(piece) - len(piece.rstrip())
        self.notes.add("span(s) with whitespace at an edge: trimmed", where)
        return Span(span.start + lead, span.end - trail, span.label, span.source)


@dataclass
class WriteResult:
    path: Path
    documents: int = 0
    spans: int = 0
    relations: int = 0
    notes: Notes = field(default_factory=Notes)


@dataclass(frozen=True)
class Format:
    name: str
    suffixes: frozenset[str]  # files a folder is searched for
    read: Callable[[Path, ReadContext], Iterator[IncomingDocument]]
    write: Callable[[Path, Iterable[Annotated], Schema], WriteResult]
    default_file: str | None  # file written inside `--out` when it is a folder; None: `--out` is a folder
    several_sets: bool = True  # False: one annotation set per document at most
    # a folder format: the entries of a previous export it may replace (see annotator.core.atomic)
    owns: Callable[[str], bool] | None = None


def get_format(name: str) -> Format:
    from annotator.core.errors import AnnotatorError

    module = _MODULES.get(name)
    if module is None:
        raise AnnotatorError(f"unknown format {name!r} (known: {', '.join(NAMES)})")
    return importlib.import_module(module).FORMAT


def output_target(out: Path, fmt: Format) -> tuple[Path, bool, str | None]:
    """What an export replaces as a whole: `(path, is_folder, file written inside the folder)`.

    A folder format writes the folder `out`. A file format writes `out` itself, `out/<default
    file>` when `out` is an existing folder, or a new folder `out` holding the default file when
    `out` has no suffix and does not exist.
    """
    if fmt.default_file is None:
        return out, True, None
    if out.is_dir():
        return out / fmt.default_file, False, None
    if not out.suffix and not out.exists():
        return out, True, fmt.default_file
    return out, False, None
