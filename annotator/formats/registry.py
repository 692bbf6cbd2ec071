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

from annotator.core.document import AnnotationSet, Document, IncomingDocument
from annotator.core.schema import Schema
from annotator.formats.common import Notes

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
    annotator: str | None = None  # default annotator when the file names none
    notes: Notes = field(default_factory=Notes)


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
