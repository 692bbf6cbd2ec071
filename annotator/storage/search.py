"""Accent- and case-insensitive search of documents: the folded copy and its index.

Every document keeps `document.search` = ``fold(title) + "\\n" + fold(text)`` (`annotator.core.text.fold`:
no case, no diacritics, `đ` → `d`, the fold Ctrl+F in the article uses). SQLAlchemy computes it on
every insert (the column's default), so an import, however it inserts, stores it; migration
`0002_search` filled it for documents stored before. The index over it:

- SQLite: `document_fts`, an FTS5 table with the `trigram` tokenizer over `document.search`
  (external content: it stores the index, not a second copy), kept current by triggers on
  `document` (pure SQL, so any program that writes the file keeps it right).
- PostgreSQL: a GIN `pg_trgm` index on `document.search` (`gin_trgm_ops`).

A query matches a document when its fold is a substring of the title's fold or of the text's
fold: exactly where Ctrl+F (`FoldedText.find`) finds it in the text. Queries of fewer than three
folded characters have no trigram to look up: they scan `document.search` (SQLite `instr`,
PostgreSQL `strpos`).
"""

from __future__ import annotations

import unicodedata

from sqlalchemy import ColumnElement, Select, func, literal_column, select, table, text
from sqlalchemy.orm import Session

from annotator.core.text import fold

FTS_TABLE = "document_fts"
MIN_INDEXED = 3  # shortest folded query the trigram indexes can answer
SEPARATOR = "\n"  # between the title's fold and the text's fold


def search_text(title: str, text: str) -> str:
    """What `document.search` holds for a document: fold(title), a line break, fold(text)."""
    return fold(title) + SEPARATOR + fold(text)


def search_default(context) -> str:
    """Column default of `document.search` (insert parameters → `search_text`)."""
    params = context.get_current_parameters()
    return search_text(params.get("title") or "", params.get("text") or "")


def fold_query(query: str) -> str:
    """A query as the index holds text: NFC (as stored text is), then `fold`."""
    return fold(unicodedata.normalize("NFC", query))


def _fts_phrase(folded: str) -> str:
    return '"' + folded.replace('"', '""') + '"'


def _escape_like(s: str) -> str:
    return s.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def uses_fts(dialect: str, folded: str) -> bool:
    """True when SQLite's FTS5 trigram index answers this folded query."""
    return dialect == "sqlite" and len(folded) >= MIN_INDEXED


def matching_ids(dialect: str, folded: str) -> Select:
    """SELECT of the ids of the documents that contain the folded query (see the module doc)."""
    from annotator.storage.orm import DocumentRow

    if uses_fts(dialect, folded):
        fts = table(FTS_TABLE)
        return select(literal_column("rowid")).select_from(fts).where(
            text(f"{FTS_TABLE} MATCH :fts_query").bindparams(fts_query=_fts_phrase(folded))
        )
    return select(DocumentRow.id).where(contains(dialect, folded))


def contains(dialect: str, folded: str) -> ColumnElement[bool]:
    """Condition on `document` rows: `document.search` contains the folded query."""
    from annotator.storage.orm import DocumentRow

    if uses_fts(dialect, folded):
        return DocumentRow.id.in_(matching_ids(dialect, folded))
    if dialect == "postgresql":
        # LIKE lets the planner use the pg_trgm GIN index (substring, any length ≥ 3)
        return DocumentRow.search.like(f"%{_escape_like(folded)}%")
    return func.instr(DocumentRow.search, folded) > 0


def count(session: Session, folded: str) -> int:
    """How many documents contain the folded query (one index lookup on SQLite, no join)."""
    dialect = session.get_bind().dialect.name
    if uses_fts(dialect, folded):
        q = select(func.count()).select_from(table(FTS_TABLE)).where(
            text(f"{FTS_TABLE} MATCH :fts_query").bindparams(fts_query=_fts_phrase(folded))
        )
    else:
        from annotator.storage.orm import DocumentRow

        q = select(func.count()).select_from(DocumentRow).where(contains(dialect, folded))
    return int(session.scalar(q) or 0)


def page_ids(session: Session, folded: str, offset: int, limit: int | None) -> list[int]:
    """Ids of the documents containing the folded query, in id order, from `offset`.

    On SQLite FTS5 yields rowids in order and stops after `limit`; elsewhere the database
    orders the matching ids.
    """
    dialect = session.get_bind().dialect.name
    ids = matching_ids(dialect, folded)
    col = ids.selected_columns[0]
    q = ids.order_by(col).offset(offset)
    if limit is not None:
        q = q.limit(limit)
    return [int(i) for i in session.scalars(q)]


__all__ = [
    "FTS_TABLE",
    "MIN_INDEXED",
    "contains",
    "count",
    "fold_query",
    "matching_ids",
    "page_ids",
    "search_default",
    "search_text",
]
