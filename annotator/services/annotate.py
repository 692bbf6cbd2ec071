"""Editing one annotation set: each command is planned, saved, made in memory, then shown.

`apply` plans the command (its typed changes, `annotator.core.changes`), writes those changes in
one transaction, and only then makes them in the in-memory `Annotations` and hands the same tuple
to the observers (the window). A failed commit leaves memory and observers as they were and
raises `StorageError` (or `ConcurrencyError` when the set changed elsewhere).
"""

from __future__ import annotations

import time
from collections.abc import Callable

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from annotator.core.changes import ChangeObserver, SpanAdded, SpanRemoved, span_count_delta
from annotator.core.commands import Annotations, Command
from annotator.core.document import Annotator, Document, Relation, SetKind, Source, Span, SpanKey, Status
from annotator.core.errors import ConcurrencyError
from annotator.core.schema import Schema
from annotator.core.tokenize import LazyTokenIndex
from annotator.storage.changes import RowIds, write_changes
from annotator.storage.database import Database
from annotator.storage.orm import AnnotationSetRow, RelationRow, SpanRow, utcnow
from annotator.storage.sets import find_set_row


class AnnotationSession:
    def __init__(
        self, db: Database, schema: Schema, document: Document, annotator: Annotator | None, kind: SetKind
    ) -> None:
        self.db = db
        self.document = document
        self.annotator = annotator
        self.kind = kind
        self.tokens = LazyTokenIndex(document.text)  # tokenizes on demand: long articles open fast
        self._ids = RowIds()  # row ids of the set's spans and relations (no lookup query per edit)
        # `meta` of spans that came from suggestions (pattern/model), by key: written again when
        # such a span is added back (undo of its deletion, redo of its acceptance)
        self.provenance: dict[SpanKey, dict] = {}
        with db.read() as s:
            row = find_set_row(s, document.id, annotator.id if annotator else None, kind)
            spans, relations = self._load(s, row.id) if row is not None else ([], [])
        self.set_id: int | None = row.id if row is not None else None
        self.version = row.version if row is not None else 0
        self.status = Status(row.status) if row is not None else Status.TODO
        self.seconds = row.seconds if row is not None else 0.0
        self.annotations = Annotations(document.text, schema, spans, relations, tokens=self.tokens)
        self.last_saved: float | None = None
        self._observers: list[ChangeObserver] = []

    # -- observers ---------------------------------------------------------------------------
    def subscribe(self, observer: ChangeObserver) -> None:
        """`observer(changes)` is called with the typed changes of each edit once it is saved and in memory."""
        self._observers.append(observer)

    @property
    def spans(self) -> list[Span]:
        return self.annotations.spans

    @property
    def relations(self) -> list[Relation]:
        return self.annotations.relations

    # -- editing -----------------------------------------------------------------------------
    def apply(self, command: Command, provenance: dict[SpanKey, dict] | None = None) -> Command:
        """Plan `command`, save its changes, make them in memory, tell the observers; return its inverse.

        Memory changes only after the save: a refused command (`AnnotationError`) or a failed save
        leaves memory and observers as they were. `provenance`: the `meta` of added spans whose
        source is not manual (an accepted suggestion's suggester, version, score), by key; kept
        for the session, so the span added back by undo or redo carries it too.
        """
        if provenance:
            self.provenance.update(provenance)
        plan = command.plan(self.annotations)
        saved: list[RowIds] = []
        # a relabelled suggestion keeps its provenance (the same text, removed then added)
        removed = {(c.span.start, c.span.end): c.span.key for c in plan.changes if isinstance(c, SpanRemoved)}
        for c in plan.changes:
            old = removed.get((c.span.start, c.span.end)) if isinstance(c, SpanAdded) else None
            if old is not None and old in self.provenance and c.span.key not in self.provenance:
                self.provenance[c.span.key] = {**self.provenance[old], "relabelled_from": old[2]}
        meta = {
            c.span.key: self.provenance[c.span.key]
            for c in plan.changes
            if isinstance(c, SpanAdded) and c.span.source is not Source.MANUAL and c.span.key in self.provenance
        }

        def write(s: Session) -> None:
            assert self.set_id is not None
            saved.append(write_changes(s, self.set_id, plan.changes, self._ids, meta=meta or None))

        self._commit(write, span_delta=span_count_delta(plan.changes))
        self._ids = saved[-1]
        self.annotations.commit(plan.changes)
        for observe in self._observers:
            observe(plan.changes)
        return plan.inverse

    def set_status(self, status: Status | str, add_seconds: float = 0.0) -> None:
        self._commit(lambda s: None, status=Status(status), add_seconds=add_seconds)

    def add_time(self, seconds: float) -> None:
        if seconds > 0:
            self._commit(lambda s: None, add_seconds=seconds, touch_status=False)

    # -- persistence -------------------------------------------------------------------------
    def _commit(
        self,
        write: Callable[[Session], None],
        status: Status | None = None,
        add_seconds: float = 0.0,
        touch_status: bool = True,
        span_delta: int = 0,
    ) -> None:
        new_status = status
        if new_status is None and touch_status and self.status is Status.TODO:
            new_status = Status.IN_PROGRESS
        known = self.set_id, self.version
        try:
            self._commit_once(write, new_status, add_seconds, len(self.annotations) + span_delta)
        except BaseException:
            self.set_id, self.version = known  # a set created in the rolled-back transaction is gone
            raise
        self.version += 1
        self.seconds += add_seconds
        if new_status is not None:
            self.status = new_status
        self.last_saved = time.time()

    def _commit_once(
        self, write: Callable[[Session], None], new_status: Status | None, add_seconds: float, span_count: int
    ) -> None:
        with self.db.write() as s:
            if self.set_id is None:
                self.set_id, self.version = self._create_set(s), 0
            values = {
                "version": self.version + 1,
                "span_count": span_count,
                "updated": utcnow(),
                "seconds": AnnotationSetRow.seconds + add_seconds,
            }
            if new_status is not None:
                values["status"] = new_status.value
            # the set's row first: the version check, and (PostgreSQL) its row lock, which makes a
            # concurrent writer of the same set wait here and then fail the check, before it wrote
            # any span
            result = s.execute(
                update(AnnotationSetRow)
                .where(AnnotationSetRow.id == self.set_id, AnnotationSetRow.version == self.version)
                .values(**values)
                .execution_options(synchronize_session=False)  # nothing loaded to sync; saves ~1-2 ms/edit
            )
            if result.rowcount != 1:
                raise self._changed_elsewhere()
            write(s)

    def _changed_elsewhere(self) -> ConcurrencyError:
        return ConcurrencyError(
            f"“{self.document.title}” was changed elsewhere since it was opened; nothing was saved: "
            "reopen it to see the changes"
        )

    def _create_set(self, s: Session) -> int:
        """Make the set's row (in the unit of work `s`); its id.

        The set did not exist when this session opened it. When it exists now, another window or
        program made it meanwhile: this session's view is stale, so this is a conflict (never a
        second set, never a write on the stale view). On PostgreSQL two sessions may insert at the
        same moment: the unique index makes the second wait, then refuses it — the same conflict.
        """
        annotator_id = self.annotator.id if self.annotator else None
        if find_set_row(s, self.document.id, annotator_id, self.kind) is not None:
            raise self._changed_elsewhere()
        try:
            with s.begin_nested():
                row = find_set_row(s, self.document.id, annotator_id, self.kind, create=True)
        except IntegrityError as exc:
            if self.db.dialect == "postgresql" and getattr(exc.orig, "sqlstate", None) != "23505":
                raise
            raise self._changed_elsewhere() from exc
        assert row is not None
        return row.id

    def _load(self, s: Session, set_id: int) -> tuple[list[Span], list[Relation]]:
        """Spans and relations of the set with their row ids, one query each (10,000 spans: ~40 ms)."""
        sources = {src.value: src for src in Source}
        spans: list[Span] = []
        key_of: dict[int, tuple[int, int, str]] = {}
        for sid, start, end, label, source, meta in s.execute(
            select(SpanRow.id, SpanRow.start, SpanRow.end, SpanRow.label, SpanRow.source, SpanRow.meta).where(
                SpanRow.set_id == set_id
            )
        ):
            span = Span(start, end, label, sources.get(source) or Source(source))
            spans.append(span)
            if meta and span.source is not Source.MANUAL:
                self.provenance[span.key] = meta
            key_of[sid] = span.key
            self._ids.spans[span.key] = sid
        relations: list[Relation] = []
        for rid, h, t, label in s.execute(
            select(RelationRow.id, RelationRow.head_id, RelationRow.tail_id, RelationRow.label).where(
                RelationRow.set_id == set_id
            )
        ):
            rel = Relation(key_of[h], key_of[t], label)
            relations.append(rel)
            self._ids.relations[rel.key] = rid
        return spans, relations
