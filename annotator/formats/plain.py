"""Plain documents: a `.txt` file is one document; a `.jsonl` line is `{"text", "id"?, "meta"?}`."""

from __future__ import annotations

import json
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path

from annotator.core.document import IncomingDocument
from annotator.core.errors import InputError
from annotator.core.text import normalize_text
from annotator.formats.common import iter_json_lines_sized, read_text_file

PLAIN_SUFFIXES = {".txt": "txt", ".jsonl": "jsonl"}


def read_txt(path: Path) -> Iterator[IncomingDocument]:
    text = normalize_text(read_text_file(path))
    if not text.strip():
        raise InputError(str(path), None, "the file is empty")
    entry = folder_manifest(path.parent).get(path.name, {})
    meta = {"source_file": path.name}
    if entry.get("source"):
        meta["source"] = entry["source"]
    yield IncomingDocument(text=text, uid=None, title=entry.get("title"), meta=meta, origin=str(path), size=path.stat().st_size)


@lru_cache(maxsize=64)
def folder_manifest(folder: Path) -> dict[str, dict]:
    """`manifest.json` of a folder of .txt files: readable titles and sources, by file name."""
    path = folder / "manifest.json"
    if not path.is_file():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise InputError(str(path), None, f"manifest is not valid JSON: {exc}") from exc
    return {d["file"]: d for d in data.get("documents", []) if isinstance(d, dict) and "file" in d}


def read_jsonl(path: Path) -> Iterator[IncomingDocument]:
    for lineno, obj, size in iter_json_lines_sized(path):
        doc = plain_object_to_document(obj, str(path), lineno)
        doc.size = size
        yield doc


def plain_object_to_document(obj: object, file: str, lineno: int) -> IncomingDocument:
    if not isinstance(obj, dict):
        raise InputError(file, lineno, "a line must be a JSON object with a \"text\" field")
    text = obj.get("text")
    if not isinstance(text, str):
        raise InputError(file, lineno, "no \"text\" field (a string) in this object")
    text = normalize_text(text)
    if not text.strip():
        raise InputError(file, lineno, "\"text\" is empty")
    uid = obj.get("id")
    if uid is not None and not isinstance(uid, (str, int)):
        raise InputError(file, lineno, "\"id\" must be a string or a number")
    meta = obj.get("meta") or {}
    if not isinstance(meta, dict):
        raise InputError(file, lineno, "\"meta\" must be an object")
    title = obj.get("title") or meta.get("title")
    return IncomingDocument(
        text=text,
        uid=None if uid is None else str(uid),
        title=str(title) if title else None,
        meta=meta,
        origin=f"{file}:{lineno}",
    )


def iter_plain(path: Path, fmt: str = "auto") -> Iterator[IncomingDocument]:
    """Documents of one file, by its suffix or the given format (`txt` or `jsonl`)."""
    kind = PLAIN_SUFFIXES.get(path.suffix.lower()) if fmt == "auto" else fmt
    if kind == "txt":
        yield from read_txt(path)
    elif kind == "jsonl":
        yield from read_jsonl(path)
    else:
        raise InputError(str(path), None, f"unknown file type {path.suffix!r} (use .txt or .jsonl, or --format)")


def expand_paths(paths: list[Path], suffixes: set[str] | None = None) -> list[Path]:
    """Files named, and the matching files inside folders named (sorted, not recursive into hidden dirs)."""
    suffixes = suffixes or set(PLAIN_SUFFIXES)
    out: list[Path] = []
    for p in paths:
        if p.is_dir():
            out.extend(
                sorted(
                    f
                    for f in p.rglob("*")
                    if f.is_file() and f.suffix.lower() in suffixes and not any(part.startswith(".") for part in f.relative_to(p).parts)
                )
            )
        elif p.exists():
            out.append(p)
        else:
            raise InputError(str(p), None, "no such file or folder")
    return out
