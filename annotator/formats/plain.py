"""Plain documents: a `.txt` file is one document; a `.jsonl` line is `{"text", "id"?, "title"?, "meta"?}`.

The text is normalized (`normalize_text`: NFC, `\\n` line breaks, no BOM) and ends at its last
non-white-space character: a final line break (`\\n`, `\\r\\n`) or trailing spaces are not part of
the article, so the same article saved with or without them is one document. Refused with
`FILE[:LINE]: reason`: a file that is not UTF-8, an empty file (a `.txt` of white space only, a
`.jsonl` without a line), a text with a NUL character, and in JSON lines a line that is not an
object, a `"text"` that is not a non-empty string, an `"id"` that is not a string or a number,
a `"title"` that is not a string, a `"meta"` that is not an object, and any text that is not
valid Unicode (a lone surrogate such as `"\\ud800"`).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

from annotator.core.document import IncomingDocument
from annotator.core.errors import InputError
from annotator.core.text import normalize_text
from annotator.formats.common import iter_json_lines_sized, load_json, read_text_file

PLAIN_SUFFIXES = {".txt": "txt", ".jsonl": "jsonl"}


def read_txt(path: Path) -> Iterator[IncomingDocument]:
    text = normalize_text(read_text_file(path)).rstrip()  # read_text_file refuses NUL, naming the line
    if not text:
        raise InputError(str(path), None, "the file is empty")
    entry = folder_manifest(path.parent).get(path.name, {})
    meta = {"source_file": path.name}
    if entry.get("source"):
        meta["source"] = entry["source"]
    yield IncomingDocument(text=text, uid=None, title=entry.get("title"), meta=meta, origin=str(path), size=path.stat().st_size)


_MANIFESTS: dict[Path, tuple[tuple[int, int], dict[str, dict]]] = {}


def folder_manifest(folder: Path) -> dict[str, dict]:
    """`manifest.json` of a folder of .txt files: readable titles and sources, by file name
    (`{"documents": [{"file", "title"?, "source"?}, …]}`; read again when the file changes)."""
    path = folder / "manifest.json"
    try:
        st = path.stat()
    except OSError:
        return {}
    stamp = (st.st_mtime_ns, st.st_size)
    cached = _MANIFESTS.get(path)
    if cached is not None and cached[0] == stamp:
        return cached[1]
    data = load_json(path)
    docs = data.get("documents", []) if isinstance(data, dict) else None
    if not isinstance(docs, list):
        raise InputError(str(path), None, 'manifest must be an object with a "documents" list')
    out: dict[str, dict] = {}
    for d in docs:
        if not isinstance(d, dict) or not isinstance(d.get("file"), str):
            continue
        for key in ("title", "source"):
            value = d.get(key)
            if value is not None and (not isinstance(value, str) or "\x00" in value or not valid_text(value)):
                raise InputError(str(path), None, f"manifest: {key!r} of {d['file']!r} must be a text")
        out[d["file"]] = d
    if len(_MANIFESTS) > 64:
        _MANIFESTS.clear()
    _MANIFESTS[path] = (stamp, out)
    return out


def read_jsonl(path: Path) -> Iterator[IncomingDocument]:
    n = 0
    for lineno, obj, size in iter_json_lines_sized(path):
        doc = plain_object_to_document(obj, str(path), lineno)
        doc.size = size
        n += 1
        yield doc
    if not n:
        raise InputError(str(path), None, "the file is empty (no JSON line)")


def refuse_nul(text: str, file: str, line: int | None) -> None:
    """An `InputError` when `text` holds a NUL character (`line`: the file line the text is on;
    None: count the lines of `text` itself)."""
    i = text.find("\x00")
    if i >= 0:
        raise InputError(file, line if line is not None else text.count("\n", 0, i) + 1,
                         "the text contains a NUL character")


def valid_text(value: str) -> bool:
    """`value` can be stored: no lone surrogate (JSON allows `"\\ud800"`, UTF-8 does not)."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def plain_object_to_document(obj: object, file: str, lineno: int) -> IncomingDocument:
    if not isinstance(obj, dict):
        raise InputError(file, lineno, "a line must be a JSON object with a \"text\" field")
    text = obj.get("text")
    if not isinstance(text, str):
        raise InputError(file, lineno, "no \"text\" field (a string) in this object")
    if not valid_text(text):
        raise InputError(file, lineno, "\"text\" is not valid Unicode (a lone surrogate such as \\ud800)")
    text = normalize_text(text)
    refuse_nul(text, file, lineno)
    text = text.rstrip()
    if not text:
        raise InputError(file, lineno, "\"text\" is empty")
    uid = obj.get("id")
    if uid is not None and (isinstance(uid, bool) or not isinstance(uid, (str, int, float))):
        raise InputError(file, lineno, "\"id\" must be a string or a number")
    if isinstance(uid, float) and not uid.is_integer():
        raise InputError(file, lineno, f"\"id\" must be a string or a whole number (got {uid!r})")
    if isinstance(uid, float):
        uid = int(uid)
    if isinstance(uid, str) and (not uid.strip() or "\x00" in uid or not valid_text(uid)):
        raise InputError(file, lineno, "\"id\" must be a non-empty text without NUL or lone surrogates")
    meta = obj.get("meta")
    if meta is None:
        meta = {}
    if not isinstance(meta, dict):
        raise InputError(file, lineno, "\"meta\" must be an object")
    try:
        dumped = json.dumps(meta, ensure_ascii=False)
    except RecursionError:
        raise InputError(file, lineno, "\"meta\" is nested too deeply") from None
    if not valid_text(dumped) or "\\u0000" in dumped:
        raise InputError(file, lineno, "\"meta\" holds text that is not valid Unicode (a lone surrogate or NUL)")
    title = obj.get("title")
    if title is None:
        title = meta.get("title")
    if title is not None and not isinstance(title, str):
        raise InputError(file, lineno, "\"title\" must be a string")
    if title is not None and ("\x00" in title or not valid_text(title)):
        raise InputError(file, lineno, "\"title\" is not valid Unicode (a lone surrogate or NUL)")
    return IncomingDocument(
        text=text,
        uid=None if uid is None else str(uid),
        title=title.strip() or None if title else None,
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
