"""Notes and flags in the database (migration 0006_notes).

- `note`: a note of its author (`annotator_id`) on a document, attached to the document as a
  whole (`target` `document`, `key` empty), to a span of her set (`target` `span`, `key` the
  span's key as JSON: ``[start, end, "LABEL"]``) or to a relation of her set (`target`
  `relation`, `key` ``[[hs, he, "HL"], [ts, te, "TL"], "REL"]``). Spans and relations are named
  by key, not by row id: a span's row is replaced when it is relabelled, undone or redone, its key
  only when its extent or label changes (a note whose span is gone is still listed, as detached).
  `created` and `updated` are UTC.
- `document_flag`: a document flagged by an annotator (`flag` `needs_review`), one row per
  (document, annotator, flag); cleared by deleting it.

On a team server (`annotator.storage.team`) both are their author's: an annotator reads and
writes her own (on documents she may write); reviewers and managers read every one.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Index, Integer, String, Text, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from annotator.core.notes import NEEDS_REVIEW, Note, dumps_key, loads_key
from annotator.storage.orm import AnnotatorRow, Base, utcnow


class NoteRow(Base):
    __tablename__ = "note"
    __table_args__ = (Index("ix_note_document_annotator", "document_id", "annotator_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("document.id", ondelete="CASCADE"))
    annotator_id: Mapped[int] = mapped_column(ForeignKey("annotator.id", ondelete="CASCADE"), index=True)
    target: Mapped[str] = mapped_column(String(20))  # document | span | relation
    key: Mapped[str] = mapped_column(Text, default="")  # JSON of the span or relation key; "" for the document
    text: Mapped[str] = mapped_column(Text)
    created: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class DocumentFlagRow(Base):
    __tablename__ = "document_flag"

    document_id: Mapped[int] = mapped_column(ForeignKey("document.id", ondelete="CASCADE"), primary_key=True)
    annotator_id: Mapped[int] = mapped_column(ForeignKey("annotator.id", ondelete="CASCADE"), primary_key=True, index=True)
    flag: Mapped[str] = mapped_column(String(30), primary_key=True, default=NEEDS_REVIEW)
    created: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


def note_value(row: NoteRow, author: str) -> Note:
    """A stored note as a value."""
    return Note(row.target, loads_key(row.target, row.key), row.text, author, row.created, row.updated, row.id,
                row.document_id)


def load_for_sets(s: Session, pairs: Iterable[tuple[int, str]]) -> dict[tuple[int, str], tuple[list[Note], bool]]:
    """(notes oldest first, flagged) of each (document id, annotator name) asked, in one unit of work."""
    wanted = set(pairs)
    out: dict[tuple[int, str], tuple[list[Note], bool]] = {}
    if not wanted:
        return out
    doc_ids = sorted({d for d, _ in wanted})
    for i in range(0, len(doc_ids), 500):
        chunk = doc_ids[i : i + 500]
        for row, name in s.execute(
            select(NoteRow, AnnotatorRow.name).join(AnnotatorRow, AnnotatorRow.id == NoteRow.annotator_id)
            .where(NoteRow.document_id.in_(chunk)).order_by(NoteRow.created, NoteRow.id)
        ):
            if (row.document_id, name) in wanted:
                out.setdefault((row.document_id, name), ([], False))[0].append(note_value(row, name))
        for doc_id, name in s.execute(
            select(DocumentFlagRow.document_id, AnnotatorRow.name)
            .join(AnnotatorRow, AnnotatorRow.id == DocumentFlagRow.annotator_id)
            .where(DocumentFlagRow.document_id.in_(chunk), DocumentFlagRow.flag == NEEDS_REVIEW)
        ):
            if (doc_id, name) in wanted:
                out[(doc_id, name)] = (out.get((doc_id, name), ([], False))[0], True)
    return out


def store_incoming(s: Session, document_id: int, annotator_id: int, notes: Iterable[Note], flagged: bool) -> int:
    """Store notes and the flag read from a file with an imported set (in the import's unit of
    work); a note its author already has (same target, key and text) is not stored twice.
    Returns how many notes were stored."""
    have = {(t, k, x) for t, k, x in s.execute(
        select(NoteRow.target, NoteRow.key, NoteRow.text).where(
            NoteRow.document_id == document_id, NoteRow.annotator_id == annotator_id))}
    n = 0
    for note in notes:
        key = dumps_key(note.key)
        if (note.target, key, note.text) in have:
            continue
        have.add((note.target, key, note.text))
        now = utcnow()
        s.add(NoteRow(document_id=document_id, annotator_id=annotator_id, target=note.target, key=key,
                      text=note.text, created=note.created or now, updated=note.updated or note.created or now))
        n += 1
    if flagged and s.get(DocumentFlagRow, (document_id, annotator_id, NEEDS_REVIEW)) is None:
        s.add(DocumentFlagRow(document_id=document_id, annotator_id=annotator_id, flag=NEEDS_REVIEW, created=utcnow()))
    s.flush()
    return n


__all__ = ["NEEDS_REVIEW", "DocumentFlagRow", "NoteRow", "load_for_sets", "note_value", "store_incoming"]
