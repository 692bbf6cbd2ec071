"""Writing typed changes to the rows of one annotation set: the one write path of spans and relations.

The window's editing session, the import and the review's gold writes all call `write_changes`
with the `Change` values of `annotator.core.changes`, inside the caller's transaction. Rows are
found by key through a `RowIds` (the session keeps one, so an edit needs no lookup query);
without one, the set's ids are read from the database the first time one is needed.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from itertools import groupby
from typing import Any

from sqlalchemy import delete, event, insert, select
from sqlalchemy.orm import Session

from annotator.core.changes import Change, RelationAdded, RelationRemoved, SpanAdded, SpanRemoved
from annotator.core.document import Relation, RelationKey, Source, Span, SpanKey
from annotator.storage.orm import RelationRow, SpanRow, utcnow

CHUNK = 500  # ids per DELETE … IN (…)
_MISSING = object()


@dataclass
class RowIds:
    """The row ids of a set's spans and relations, by key."""

    spans: dict[SpanKey, int] = field(default_factory=dict)
    relations: dict[RelationKey, int] = field(default_factory=dict)

    def copy(self) -> RowIds:
        return RowIds(dict(self.spans), dict(self.relations))


def load_row_ids(s: Session, set_id: int) -> RowIds:
    """The row ids of every span and relation of the set (two queries)."""
    spans: dict[SpanKey, int] = {
        (start, end, label): sid
        for sid, start, end, label in s.execute(
            select(SpanRow.id, SpanRow.start, SpanRow.end, SpanRow.label).where(SpanRow.set_id == set_id)
        )
    }
    key_of = {sid: key for key, sid in spans.items()}
    relations: dict[RelationKey, int] = {
        (key_of[h], key_of[t], label): rid
        for rid, h, t, label in s.execute(
            select(RelationRow.id, RelationRow.head_id, RelationRow.tail_id, RelationRow.label).where(
                RelationRow.set_id == set_id
            )
        )
    }
    return RowIds(spans, relations)


def write_changes(
    s: Session,
    set_id: int,
    changes: Iterable[Change],
    ids: RowIds | None = None,
    meta: Mapping[SpanKey | RelationKey, dict[str, Any]] | None = None,
) -> RowIds:
    """Write `changes` (in order; runs of one kind in one statement) to the rows of set `set_id`.

    `ids`: the row ids of the set as they are before the changes, or None to read them from the
    database when one is needed. A given `ids` is updated in place (no copy: an edit costs the
    same at 50,000 spans as at 1,000) and put back as it was when the transaction rolls back.
    `meta`: the `meta` column of added rows, by key. Returns the row ids after the changes (`ids`
    itself when given): complete when `ids` was given or had to be read, otherwise those of the
    rows added here. The set row itself (version, span count, status) is the caller's.
    """
    writer = _Writer(s, set_id, ids, meta)
    for _kind, run in groupby(changes, type):
        writer.write(list(run))
    return writer.ids


class _Writer:
    def __init__(self, s: Session, set_id: int, ids: RowIds | None, meta) -> None:
        self.s = s
        self.set_id = set_id
        self.complete = ids is not None
        self.ids = ids if ids is not None else RowIds()
        self.meta = meta
        # what was changed in a given `ids`, undone if the transaction rolls back
        self._undo: list[tuple[dict, Any, Any]] = []
        self._undo_relations: dict | None = None
        if ids is not None:
            event.listen(s, "after_rollback", self._restore)

    def _restore(self, _session: Session) -> None:
        for mapping, key, old in reversed(self._undo):
            if old is _MISSING:
                mapping.pop(key, None)
            else:
                mapping[key] = old
        self._undo.clear()
        if self._undo_relations is not None:
            self.ids.relations, self._undo_relations = self._undo_relations, None

    def _put(self, mapping: dict, key, value) -> None:
        self._undo.append((mapping, key, mapping.get(key, _MISSING)))
        mapping[key] = value

    def _pop(self, mapping: dict, key):
        value = mapping.pop(key, _MISSING)
        if value is _MISSING:
            return None
        self._undo.append((mapping, key, value))
        return value

    def write(self, run: list[Change]) -> None:
        """A run of changes of one kind."""
        match run[0]:
            case SpanAdded():
                self.add_spans([c.span for c in run if isinstance(c, SpanAdded)])
            case SpanRemoved():
                self.remove_spans([c.span.key for c in run if isinstance(c, SpanRemoved)])
            case RelationAdded():
                self.add_relations([c.relation for c in run if isinstance(c, RelationAdded)])
            case RelationRemoved():
                self.remove_relations([c.relation.key for c in run if isinstance(c, RelationRemoved)])

    def _read(self) -> None:
        if not self.complete:
            self.ids = load_row_ids(self.s, self.set_id)  # with what this transaction wrote so far
            self.complete = True

    def _span_id(self, key: SpanKey) -> int | None:
        if key not in self.ids.spans:
            self._read()
        return self.ids.spans.get(key)

    def _insert(self, table: type[SpanRow] | type[RelationRow], keys: list, rows: list[dict[str, Any]]) -> list[int]:
        if self.meta is not None:
            for key, row in zip(keys, rows, strict=True):
                row["meta"] = self.meta.get(key)
        if len(rows) == 1:  # one edit in the window: the plain statement is the quickest
            return [self.s.execute(insert(table).values(**rows[0]).returning(table.id)).scalar_one()]
        return list(self.s.scalars(insert(table).returning(table.id, sort_by_parameter_order=True), rows))

    def add_spans(self, spans: list[Span]) -> None:
        now = utcnow()
        rows = [
            {"set_id": self.set_id, "start": sp.start, "end": sp.end, "label": sp.label,
             "source": Source(sp.source).value, "created": now}
            for sp in spans
        ]
        keys = [sp.key for sp in spans]
        for key, sid in zip(keys, self._insert(SpanRow, keys, rows), strict=True):
            self._put(self.ids.spans, key, sid)

    def remove_spans(self, keys: list[SpanKey]) -> None:
        for key in keys:
            self._span_id(key)  # reads the set's ids when one is not known
        sids = [sid for key in keys if (sid := self._pop(self.ids.spans, key)) is not None]
        left_behind = 0
        for chunk in _chunks(sids):
            # relations are removed before their spans; this only makes sure none is left behind
            left_behind += self.s.execute(
                delete(RelationRow).where(RelationRow.head_id.in_(chunk) | RelationRow.tail_id.in_(chunk))
            ).rowcount
            self.s.execute(delete(SpanRow).where(SpanRow.id.in_(chunk)))
        if left_behind:
            gone = set(keys)
            if self._undo_relations is None:
                self._undo_relations = self.ids.relations
            self.ids.relations = {k: r for k, r in self.ids.relations.items() if k[0] not in gone and k[1] not in gone}

    def add_relations(self, relations: list[Relation]) -> None:
        now = utcnow()
        rows = [
            {"set_id": self.set_id, "head_id": self._span_id(r.head), "tail_id": self._span_id(r.tail),
             "label": r.label, "created": now}
            for r in relations
        ]
        keys = [r.key for r in relations]
        for key, rid in zip(keys, self._insert(RelationRow, keys, rows), strict=True):
            self._put(self.ids.relations, key, rid)

    def remove_relations(self, keys: list[RelationKey]) -> None:
        if any(key not in self.ids.relations for key in keys):
            self._read()
        rids = [rid for key in keys if (rid := self._pop(self.ids.relations, key)) is not None]
        for chunk in _chunks(rids):
            self.s.execute(delete(RelationRow).where(RelationRow.id.in_(chunk)))


def _chunks(items: list[int], size: int = CHUNK) -> Iterator[list[int]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


__all__ = ["RowIds", "load_row_ids", "write_changes"]
