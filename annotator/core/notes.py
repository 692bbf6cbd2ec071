"""Notes as values: what an annotator writes for the reviewer about a document, a span or a relation.

A note's `target` is `document` (`key` None), `span` (`key` a span key ``(start, end, label)``)
or `relation` (`key` a relation key ``((hs, he, hl), (ts, te, tl), label)``), in its author's
annotation set. Stored by `annotator.storage.notes`, made and listed by `annotator.services.notes`,
carried by `AnnotationSet.notes` into the formats that can hold them (brat `#` AnnotatorNotes,
Prodigy/doccano/Label Studio meta) and read back on import (`IncomingSet.notes`).
"""

from __future__ import annotations

import json
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from annotator.core.document import RelationKey, SpanKey, is_relation_key, is_span_key
from annotator.core.errors import AnnotationError

TARGETS = ("document", "span", "relation")
NEEDS_REVIEW = "needs_review"  # the one document flag


@dataclass(frozen=True, slots=True)
class Note:
    """A note. `created`/`updated`: UTC, naive (as stored). `id`, `document_id`, `author` are
    None on a note not stored yet (read from a file)."""

    target: str
    key: SpanKey | RelationKey | None
    text: str
    author: str | None = None
    created: datetime | None = None
    updated: datetime | None = None
    id: int | None = None
    document_id: int | None = None

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready: target, key (a list, or None), text, author, created/updated (ISO 8601, UTC)."""
        out: dict[str, Any] = {"target": self.target, "key": key_to_json(self.key), "text": self.text}
        if self.author is not None:
            out["author"] = self.author
        if self.created is not None:
            out["created"] = self.created.isoformat(timespec="seconds") + "Z"
        if self.updated is not None and self.updated != self.created:
            out["updated"] = self.updated.isoformat(timespec="seconds") + "Z"
        return out


def is_attached(note: Note, span_keys: Collection[SpanKey], relation_keys: Collection[RelationKey]) -> bool:
    """Whether what the note is on still exists: always for a document note; for a span or relation
    note, its key among `span_keys` / `relation_keys` (of its author's set). A span relabelled or
    moved after the note was written leaves the note detached (still listed, shown as such)."""
    if note.target == "document":
        return True
    return note.key in (span_keys if note.target == "span" else relation_keys)


def by_key(notes: Iterable[Note]) -> dict[SpanKey | RelationKey | None, list[Note]]:
    """Notes grouped by what they are on (None: the document), each group oldest first as given:
    what a span list or a hover shows next to each span."""
    out: dict[SpanKey | RelationKey | None, list[Note]] = {}
    for n in notes:
        out.setdefault(n.key, []).append(n)
    return out


def key_to_json(key: SpanKey | RelationKey | None) -> list | None:
    if key is None:
        return None
    if is_span_key(key):
        return [key[0], key[1], key[2]]
    return [list(key[0]), list(key[1]), key[2]]  # type: ignore[index]


def key_from_json(target: str, value: Any) -> SpanKey | RelationKey | None:
    """The key of a note's target from its JSON form; AnnotationError when it does not fit `target`."""
    if target not in TARGETS:
        raise AnnotationError(f"a note is on a document, a span or a relation, not {target!r}")
    if target == "document":
        return None
    try:
        if target == "span":
            key: Any = (int(value[0]), int(value[1]), str(value[2]))
            if len(value) == 3 and is_span_key(key):
                return key
        else:
            head, tail = (int(value[0][0]), int(value[0][1]), str(value[0][2])), (
                int(value[1][0]), int(value[1][1]), str(value[1][2]))
            key = (head, tail, str(value[2]))
            if len(value) == 3 and is_relation_key(key):
                return key
    except (TypeError, ValueError, IndexError, KeyError):
        pass
    raise AnnotationError(f"not the key of a {target}: {value!r}")


def dumps_key(key: SpanKey | RelationKey | None) -> str:
    """The stored form of a key (compact JSON; "" for a document note)."""
    return "" if key is None else json.dumps(key_to_json(key), ensure_ascii=False, separators=(",", ":"))


def loads_key(target: str, stored: str) -> SpanKey | RelationKey | None:
    return None if target == "document" or not stored else key_from_json(target, json.loads(stored))


def note_from_dict(obj: Any) -> Note:
    """A note read from a file (`Note.to_dict`'s form); AnnotationError when it is not one."""
    if not isinstance(obj, dict) or not isinstance(obj.get("text"), str) or not obj["text"].strip():
        raise AnnotationError("a note is an object with a non-empty 'text'")
    target = obj.get("target", "document")
    key = key_from_json(target, obj.get("key"))
    created = _time(obj.get("created"))
    return Note(target, key, obj["text"], obj.get("author") if isinstance(obj.get("author"), str) else None,
                created, _time(obj.get("updated")) or created)


def _time(value: Any) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        t = datetime.fromisoformat(value.removesuffix("Z"))
    except ValueError:
        return None
    if t.tzinfo is not None:
        from datetime import timezone

        t = t.astimezone(timezone.utc).replace(tzinfo=None)
    return t


__all__ = ["NEEDS_REVIEW", "TARGETS", "Note", "by_key", "dumps_key", "is_attached", "key_from_json", "key_to_json",
           "loads_key", "note_from_dict"]
