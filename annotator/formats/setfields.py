"""A set's status and time spent in the JSON formats, and checks of the JSON values readers are given.

Label Studio carries time spent (`lead_time`, seconds) and skipping (`was_cancelled`); Prodigy
carries accept/ignore (`answer`); doccano carries neither. What a format lacks is written in
extra keys that its tools keep and this tool reads back: `annotation_status` (`todo`,
`in_progress`, `done`, `skipped`) and `annotation_seconds` (seconds, a number ≥ 0).
"""

from __future__ import annotations

import math
from typing import Any

from annotator.core.document import Status
from annotator.core.errors import InputError

STATUS_KEY = "annotation_status"
SECONDS_KEY = "annotation_seconds"
_STATUSES = {s.value: s for s in Status}


def is_int(value: Any) -> bool:
    """An integer as JSON gives it (`true`/`false` are not)."""
    return isinstance(value, int) and not isinstance(value, bool)


def read_status(obj: dict, file: str, line: int | None, where: str) -> Status | None:
    """The `annotation_status` of `obj` (None when absent); another value is an `InputError`."""
    value = obj.get(STATUS_KEY)
    if value is None:
        return None
    if not isinstance(value, str) or value not in _STATUSES:
        raise InputError(file, line, f"{where}: {STATUS_KEY} must be one of {', '.join(_STATUSES)} (got {value!r})")
    return _STATUSES[value]


def read_seconds(obj: dict, key: str, file: str, line: int | None, where: str) -> float | None:
    """Seconds in `obj[key]` (None when absent or null); anything but a finite number ≥ 0 is an `InputError`."""
    value = obj.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value) or value < 0:
        raise InputError(file, line, f"{where}: {key} must be a number of seconds ≥ 0 (got {value!r})")
    return float(value)


def need_list(obj: dict, key: str, file: str, line: int | None, where: str) -> list:
    """`obj[key]` when it is a list, `[]` when absent or null; anything else is an `InputError`."""
    value = obj.get(key)
    if value is None:
        return []
    if not isinstance(value, list):
        raise InputError(file, line, f"{where}: {key!r} must be a list (got {type(value).__name__})")
    return value


def need_dict(value: Any, file: str, line: int | None, what: str) -> dict:
    """`value` when it is an object; anything else is an `InputError` saying `what` must be one."""
    if not isinstance(value, dict):
        raise InputError(file, line, f"{what} must be an object (got {_kind(value)})")
    return value


def _kind(value: Any) -> str:
    return {list: "a list", str: "a string", bool: "true/false", type(None): "null"}.get(
        type(value), "a number" if isinstance(value, (int, float)) else type(value).__name__
    )


# -- notes and the "needs review" flag (annotator.core.notes) in a JSON format's meta ------------
NOTES_KEY = "annotator_notes"  # a list of `Note.to_dict` objects: the set's annotator's notes
FLAG_KEY = "annotator_needs_review"  # true: the set's annotator flagged the document


def notes_meta(notes: tuple, flagged: bool) -> dict[str, Any]:
    """The meta entries that carry a set's notes and flag (none when it has neither)."""
    out: dict[str, Any] = {}
    if notes:
        out[NOTES_KEY] = [n.to_dict() for n in notes]
    if flagged:
        out[FLAG_KEY] = True
    return out


def read_notes(meta: dict, file: str, line: int | None, where: str) -> tuple[list, bool]:
    """(notes, flagged) from a meta object written by `notes_meta`; a malformed entry is an `InputError`."""
    from annotator.core.errors import AnnotationError
    from annotator.core.notes import note_from_dict

    raw = meta.get(NOTES_KEY)
    notes = []
    if raw is not None:
        if not isinstance(raw, list):
            raise InputError(file, line, f"{where}: {NOTES_KEY} must be a list of notes")
        try:
            notes = [note_from_dict(n) for n in raw]
        except AnnotationError as exc:
            raise InputError(file, line, f"{where}: {NOTES_KEY}: {exc}") from None
    flagged = meta.get(FLAG_KEY, False)
    if not isinstance(flagged, bool):
        raise InputError(file, line, f"{where}: {FLAG_KEY} must be true or false")
    return notes, flagged
