"""Notes and flags: an annotator tells the reviewer why she is unsure (services for window and CLI).

A note (`annotator.core.notes.Note`) is attached to a whole document, to a span or to a relation
of its author's annotation set, and stored with its author and times (UTC). A document flag
("needs review", `NEEDS_REVIEW`) is one per (document, annotator). Who may do what follows the
rules of annotation sets: an annotator adds, edits and deletes her own notes and flags, on
documents she may write (when documents are assigned, those assigned to her; on a team server
the database enforces the same, `annotator.storage.team`); a reviewer reads everyone's.

The API (one transaction per call; every value returned is a plain dataclass):

    notes = Notes(project.db)                      # or notes_of(project)
    n = notes.add(lan, doc_id, "unsure: ORG or LOC?", span=(10, 20, "LOC_VN"))   # -> Note
    notes.add(lan, doc_id, "why this relation", relation=((..), (..), "works_for"))
    notes.add(lan, doc_id, "the whole article is an ad")                          # document note
    notes.edit(lan, n.id, "new text")              # -> Note (updated time set)
    notes.delete(lan, n.id)                        # -> the deleted Note (add it back to undo)
    notes.for_document(doc_id, lan)                # her notes on a document (None: everyone's)
    notes.for_span(doc_id, lan, key)               # notes of one span (hover, span list)
    core.notes.by_key(notes.for_document(doc_id, lan))   # {span/relation key or None: [Note]}
    core.notes.is_attached(note, span_keys, relation_keys)  # False: its span was relabelled or deleted
    notes.flag(lan, doc_id) / notes.flag(lan, doc_id, on=False)   # -> bool: flagged now
    notes.is_flagged(doc_id, lan); notes.flags(doc_id)            # -> bool; names of who flagged it
    notes.listing(viewer, author=None, flagged=False, text=None, document_id=None)  # -> [NoteEntry]
    notes.flagged_documents(viewer, author=None)   # -> [FlagEntry]: the reviewer's queue

`listing` is the reviewer's list across the corpus (an annotator sees only her own): every note
with its document's uid and title and whether its author flagged that document; filtered by
author, by flagged documents (`flagged=True`: notes on documents flagged by their author, and
flagged documents without a note as entries with `note` None), by text (case and diacritics
ignored, as search is) and by document.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from annotator.core.document import Annotator, RelationKey, SetKind, SpanKey
from annotator.core.errors import AnnotationError, NotAllowedError
from annotator.core.notes import NEEDS_REVIEW, Note, dumps_key
from annotator.core.text import fold
from annotator.services.documents import assigned_only
from annotator.storage.database import Database
from annotator.storage.notes import DocumentFlagRow, NoteRow
from annotator.storage.notes import note_value as _note
from annotator.storage.orm import (
    AnnotationSetRow,
    AnnotatorRow,
    AssignmentRow,
    DocumentRow,
    RelationRow,
    SpanRow,
    utcnow,
)

MAX_NOTE = 10_000  # characters


@dataclass(frozen=True, slots=True)
class NoteEntry:
    """One row of the reviewer's list: a note (None: a flagged document without notes) on a document."""

    document_id: int
    uid: str
    title: str
    author: str
    note: Note | None
    flagged: bool  # its author flagged the document "needs review"

    def to_dict(self) -> dict:
        out = {"document_id": self.document_id, "uid": self.uid, "title": self.title, "author": self.author,
               "flagged": self.flagged}
        if self.note is not None:
            out.update(self.note.to_dict(), id=self.note.id)
        return out


@dataclass(frozen=True, slots=True)
class FlagEntry:
    document_id: int
    uid: str
    title: str
    author: str
    created: datetime


class Notes:
    """`project.notes`-like manager (see the module doc)."""

    def __init__(self, db: Database) -> None:
        self.db = db

    # -- writing -----------------------------------------------------------------------------
    def add(
        self,
        author: Annotator,
        document_id: int,
        text: str,
        *,
        span: SpanKey | None = None,
        relation: RelationKey | None = None,
        created: datetime | None = None,
    ) -> Note:
        """A new note of `author` on the document (or one of her spans or relations, by key).

        AnnotationError: empty text, no such document, no such span or relation in her set, both
        a span and a relation given; NotAllowedError: a document she may not write.
        """
        text = _clean(text)
        if span is not None and relation is not None:
            raise AnnotationError("a note is on a span or on a relation, not both")
        target = "span" if span is not None else "relation" if relation is not None else "document"
        key = span if span is not None else relation
        now = utcnow()
        with self.db.write() as s:
            self._check_document(s, author, document_id)
            if key is not None:
                self._check_target(s, author, document_id, target, key)
            row = NoteRow(document_id=document_id, annotator_id=author.id, target=target, key=dumps_key(key),
                          text=text, created=created or now, updated=created or now)
            s.add(row)
            s.flush()
            return _note(row, author.name)

    def edit(self, author: Annotator, note_id: int, text: str) -> Note:
        """Change the text of one of `author`'s notes; its `updated` time is now."""
        text = _clean(text)
        with self.db.write() as s:
            row = self._own(s, author, note_id)
            row.text = text
            row.updated = utcnow()
            s.flush()
            return _note(row, author.name)

    def delete(self, author: Annotator, note_id: int) -> Note:
        """Delete one of `author`'s notes; returns it (`restore` adds it back, for undo)."""
        with self.db.write() as s:
            row = self._own(s, author, note_id)
            note = _note(row, author.name)
            s.delete(row)
            return note

    def restore(self, author: Annotator, note: Note) -> Note:
        """Add a deleted note back (same target, text and times; a new id)."""
        if note.document_id is None:
            raise AnnotationError("the note has no document")
        with self.db.write() as s:
            self._check_document(s, author, note.document_id)
            row = NoteRow(document_id=note.document_id, annotator_id=author.id, target=note.target,
                          key=dumps_key(note.key), text=note.text, created=note.created or utcnow(),
                          updated=note.updated or note.created or utcnow())
            s.add(row)
            s.flush()
            return _note(row, author.name)

    def flag(self, author: Annotator, document_id: int, on: bool = True, flag: str = NEEDS_REVIEW) -> bool:
        """Flag (or clear, `on=False`) the document "needs review" for `author`; returns whether it
        was flagged before (so a caller can undo exactly)."""
        with self.db.write() as s:
            self._check_document(s, author, document_id)
            was = s.get(DocumentFlagRow, (document_id, author.id, flag)) is not None
            if on and not was:
                s.add(DocumentFlagRow(document_id=document_id, annotator_id=author.id, flag=flag, created=utcnow()))
            elif not on and was:
                s.execute(delete(DocumentFlagRow).where(
                    DocumentFlagRow.document_id == document_id, DocumentFlagRow.annotator_id == author.id,
                    DocumentFlagRow.flag == flag))
            return was

    # -- reading -----------------------------------------------------------------------------
    def for_document(self, document_id: int, author: Annotator | None = None) -> list[Note]:
        """Notes on a document, oldest first: `author`'s, or everyone's (None)."""
        with self.db.read() as s:
            q = (select(NoteRow, AnnotatorRow.name).join(AnnotatorRow, AnnotatorRow.id == NoteRow.annotator_id)
                 .where(NoteRow.document_id == document_id))
            if author is not None:
                q = q.where(NoteRow.annotator_id == author.id)
            return [_note(r, name) for r, name in s.execute(q.order_by(NoteRow.created, NoteRow.id))]

    def for_span(self, document_id: int, author: Annotator, key: SpanKey) -> list[Note]:
        """`author`'s notes on one span (by key)."""
        return [n for n in self.for_document(document_id, author) if n.target == "span" and n.key == tuple(key)]

    def is_flagged(self, document_id: int, author: Annotator, flag: str = NEEDS_REVIEW) -> bool:
        with self.db.read() as s:
            return s.get(DocumentFlagRow, (document_id, author.id, flag)) is not None

    def flags(self, document_id: int, flag: str = NEEDS_REVIEW) -> list[str]:
        """Names of the annotators who flagged the document, sorted."""
        with self.db.read() as s:
            return sorted(s.scalars(
                select(AnnotatorRow.name).join(DocumentFlagRow, DocumentFlagRow.annotator_id == AnnotatorRow.id)
                .where(DocumentFlagRow.document_id == document_id, DocumentFlagRow.flag == flag)))

    def flagged_documents(self, viewer: Annotator, author: str | None = None) -> list[FlagEntry]:
        """Documents flagged "needs review" (by `author`; an annotator sees only her own), in document order."""
        author = _who(viewer, author)
        with self.db.read() as s:
            q = (select(DocumentFlagRow.document_id, DocumentRow.uid, DocumentRow.title, AnnotatorRow.name,
                        DocumentFlagRow.created)
                 .join(DocumentRow, DocumentRow.id == DocumentFlagRow.document_id)
                 .join(AnnotatorRow, AnnotatorRow.id == DocumentFlagRow.annotator_id)
                 .where(DocumentFlagRow.flag == NEEDS_REVIEW))
            if author is not None:
                q = q.where(AnnotatorRow.name == author)
            return [FlagEntry(*r) for r in s.execute(q.order_by(DocumentFlagRow.document_id, AnnotatorRow.name))]

    def listing(
        self,
        viewer: Annotator,
        *,
        author: str | None = None,
        flagged: bool = False,
        text: str | None = None,
        document_id: int | None = None,
    ) -> list[NoteEntry]:
        """The notes across the corpus, by document then time (see the module doc for the filters)."""
        author = _who(viewer, author)
        needle = fold(text).strip() if text else ""
        with self.db.read() as s:
            q = (select(NoteRow, AnnotatorRow.name, DocumentRow.uid, DocumentRow.title)
                 .join(AnnotatorRow, AnnotatorRow.id == NoteRow.annotator_id)
                 .join(DocumentRow, DocumentRow.id == NoteRow.document_id))
            fq = (select(DocumentFlagRow.document_id, DocumentFlagRow.annotator_id)
                  .where(DocumentFlagRow.flag == NEEDS_REVIEW))
            if author is not None:
                q = q.where(AnnotatorRow.name == author)
            if document_id is not None:
                q = q.where(NoteRow.document_id == document_id)
                fq = fq.where(DocumentFlagRow.document_id == document_id)
            flags = {(d, a) for d, a in s.execute(fq)}
            out: list[NoteEntry] = []
            noted: set[tuple[int, int]] = set()
            for row, name, uid, title in s.execute(q.order_by(NoteRow.document_id, NoteRow.created, NoteRow.id)):
                is_flagged = (row.document_id, row.annotator_id) in flags
                noted.add((row.document_id, row.annotator_id))
                if flagged and not is_flagged:
                    continue
                if needle and needle not in fold(row.text):
                    continue
                out.append(NoteEntry(row.document_id, uid, title, name, _note(row, name), is_flagged))
            if flagged and not needle:
                ids = dict(s.execute(select(AnnotatorRow.name, AnnotatorRow.id)).all())
                for fe in self.flagged_documents(viewer, author):
                    if document_id is not None and fe.document_id != document_id:
                        continue
                    if (fe.document_id, ids.get(fe.author)) not in noted:
                        out.append(NoteEntry(fe.document_id, fe.uid, fe.title, fe.author, None, True))
                out.sort(key=lambda e: (e.document_id, e.note is not None, e.note.created if e.note else datetime.min))
            return out

    # -- checks ------------------------------------------------------------------------------
    def _check_document(self, s: Session, author: Annotator, document_id: int) -> None:
        if s.get(DocumentRow, document_id) is None:
            raise AnnotationError(f"no document with id {document_id}")
        if assigned_only(s, author) and s.get(AssignmentRow, (document_id, author.id)) is None:
            raise NotAllowedError(f"document {document_id} is not assigned to {author.name}: "
                                  "notes go on the documents she may label")

    def _check_target(self, s: Session, author: Annotator, document_id: int, target: str, key) -> None:
        set_id = s.scalar(select(AnnotationSetRow.id).where(
            AnnotationSetRow.document_id == document_id, AnnotationSetRow.annotator_id == author.id,
            AnnotationSetRow.kind == SetKind.ANNOTATION.value))
        spans = {} if set_id is None else {
            (a, b, lab): i for i, a, b, lab in s.execute(
                select(SpanRow.id, SpanRow.start, SpanRow.end, SpanRow.label).where(SpanRow.set_id == set_id))}
        if target == "span":
            if tuple(key) not in spans:
                raise AnnotationError(f"{author.name} has no span {key[0]}-{key[1]} {key[2]} on document {document_id}")
            return
        head, tail, label = key
        hid, tid = spans.get(tuple(head)), spans.get(tuple(tail))
        found = hid is not None and tid is not None and s.scalar(select(RelationRow.id).where(
            RelationRow.set_id == set_id, RelationRow.head_id == hid, RelationRow.tail_id == tid,
            RelationRow.label == label)) is not None
        if not found:
            raise AnnotationError(f"{author.name} has no relation {label} between those spans on document {document_id}")

    def _own(self, s: Session, author: Annotator, note_id: int) -> NoteRow:
        row = s.get(NoteRow, note_id)
        if row is None:
            raise AnnotationError(f"no note with id {note_id}")
        if row.annotator_id != author.id:
            raise NotAllowedError(f"note {note_id} is not {author.name}'s: only its author changes it")
        return row


def _who(viewer: Annotator, author: str | None) -> str | None:
    """The author a listing may show: anyone for a reviewer; only herself for an annotator."""
    if viewer.is_reviewer:
        return author
    if author is not None and author != viewer.name:
        raise NotAllowedError(f"reading {author}'s notes needs the reviewer role; {viewer.name} is not a reviewer")
    return viewer.name


def _clean(text: str) -> str:
    text = (text or "").strip()
    if not text:
        raise AnnotationError("a note needs some text")
    if len(text) > MAX_NOTE:
        raise AnnotationError(f"a note has at most {MAX_NOTE} characters (this one {len(text)})")
    if "\x00" in text:
        raise AnnotationError("a note cannot hold a NUL character")
    return text


__all__ = ["FlagEntry", "NoteEntry", "Notes"]
