"""Where the data that ships with the tool lives: one function each.

In a wheel they are inside the package (`annotator/_data/...`, put there by the build's
force-include); in a source checkout or editable install they are the top-level folders.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent.parent
_ROOT = _PACKAGE.parent


def _find(name: str) -> Path:
    for candidate in (_PACKAGE / "_data" / name, _ROOT / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"bundled folder {name!r} not found next to {_PACKAGE}")


def schemas_dir() -> Path:
    return _find("schemas")


def resources_dir() -> Path:
    return _find("resources")


def corpus_dir() -> Path:
    return _find("corpus")


def default_schema_path() -> Path:
    return schemas_dir() / "vn_kr_cooperation.yaml"


def schema_json_schema_path() -> Path:
    return schemas_dir() / "annotation-schema.json"
