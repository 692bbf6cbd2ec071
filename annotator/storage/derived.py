"""Rows derived from the annotations and kept beside them: review state and token offsets.

Both are caches a database can always rebuild, stored so that nothing corpus-wide is recomputed
on every run:

- `review_state`: one row per document with its review row (`annotator.services.review.status`).
  A row that is missing is *stale*. Triggers (migration 0003) delete a document's row whenever one
  of its annotation sets (insert, update — every write bumps the set's version —, delete) or
  review decisions changes, and all rows when the schema changes; so no writer can forget it.
  Readers recompute the missing rows (only those) and store them again.
- `document_tokens`: each document's token boundaries (`annotator.core.tokenize.tokenize`) as
  packed int32 pairs, tagged with the tokenizer's fingerprint (`tokenizer_fingerprint`): rows of
  another tokenizer are stale and recomputed. Texts never change, so a row stays valid otherwise.
"""

from __future__ import annotations

import hashlib
import sys
from array import array
from functools import lru_cache
from typing import Any

from sqlalchemy import JSON, ForeignKey, Integer, LargeBinary, String, delete, insert, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from annotator.storage.orm import Base

REVIEW_STATE = "review_state"
DOCUMENT_TOKENS = "document_tokens"
# PostgreSQL advisory locks `(ADVISORY_NAMESPACE, document id)`: a trigger making a row stale takes
# it exclusively, a reader storing recomputed rows takes it shared (see `postgresql_trigger_ddl`)
ADVISORY_NAMESPACE = 7301


class ReviewStateRow(Base):
    """The stored review row of a document (see `annotator.services.review.status.DocumentReview`)."""

    __tablename__ = REVIEW_STATE

    document_id: Mapped[int] = mapped_column(ForeignKey("document.id", ondelete="CASCADE"), primary_key=True)
    state: Mapped[str] = mapped_column(String(20))
    participants: Mapped[int] = mapped_column(Integer)
    finished: Mapped[int] = mapped_column(Integer)
    candidates: Mapped[int] = mapped_column(Integer)
    conflicts_left: Mapped[int] = mapped_column(Integer)
    gold_spans: Mapped[int] = mapped_column(Integer)
    counts: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class DocumentTokensRow(Base):
    """Token boundaries of a document: `offsets` is int32 little-endian start, end, start, end, …"""

    __tablename__ = DOCUMENT_TOKENS

    document_id: Mapped[int] = mapped_column(ForeignKey("document.id", ondelete="CASCADE"), primary_key=True)
    tokenizer: Mapped[str] = mapped_column(String(40))
    offsets: Mapped[bytes] = mapped_column(LargeBinary)


# A text whose tokens show every rule of the tokenizer (abbreviations, glued words, numbers,
# punctuation, Hangul, accents): a tokenizer that cuts it differently has another fingerprint.
_PROBE = (
    "TP.Hồ Chí Minh, Q.1; TS. Nguyễn Văn A (PGS.TS) nói: Huế.Anh Tâm AnTọa lạc 82,4% 1.000.000 đồng "
    "29/11/2026 UBND tỉnh Bắc Ninh-KOICA \"Hàn Quốc\" 서울특별시 email a_b@x.vn https://x.vn/a?b=1 "
    "Đà Nẵng… ông Kim Jong-un 's iPhone PetroVietnam Hà Nội.Ông ThS.BS. v.v. 3.5km2 COVID-19 'x' [1]"
)


@lru_cache(maxsize=1)
def tokenizer_fingerprint() -> str:
    """A short id of the tokenizer as it cuts `_PROBE` (changes when its rules change)."""
    from annotator.core.tokenize import tokenize

    cuts = ",".join(f"{s}-{e}" for s, e in tokenize(_PROBE))
    return "vi-" + hashlib.sha1(cuts.encode()).hexdigest()[:16]


def pack_offsets(tokens: list[tuple[int, int]]) -> bytes:
    flat = array("i", (p for tok in tokens for p in tok))
    if sys.byteorder != "little":  # pragma: no cover
        flat.byteswap()
    return flat.tobytes()


def unpack_offsets(blob: bytes) -> array:
    """The flat int32 array `start0, end0, start1, end1, …` of `pack_offsets`."""
    flat = array("i")
    flat.frombytes(blob)
    if sys.byteorder != "little":  # pragma: no cover
        flat.byteswap()
    return flat


def read_tokens(s: Session, document_ids: list[int]) -> dict[int, bytes]:
    """The stored token offsets (`pack_offsets` bytes) of those documents that have them for the
    current tokenizer; the others are absent from the result."""
    t = DocumentTokensRow.__table__.c
    fp = tokenizer_fingerprint()
    out: dict[int, bytes] = {}
    for i in range(0, len(document_ids), 500):
        chunk = document_ids[i : i + 500]
        q = select(t.document_id, t.offsets).where(t.document_id.in_(chunk), t.tokenizer == fp)
        out.update((d, bytes(b)) for d, b in s.execute(q).all())
    return out


def write_tokens(s: Session, items: list[tuple[int, bytes]]) -> None:
    """Store (document id, packed offsets) pairs, replacing rows of another tokenizer."""
    if not items:
        return
    fp = tokenizer_fingerprint()
    ids = [d for d, _ in items]
    for i in range(0, len(ids), 500):
        s.execute(delete(DocumentTokensRow).where(DocumentTokensRow.document_id.in_(ids[i : i + 500])))
    s.execute(insert(DocumentTokensRow), [{"document_id": d, "tokenizer": fp, "offsets": b} for d, b in items])


# -- triggers (installed by migration 0003): a change to a document's annotations makes its row stale
_SET_EVENTS = (("INSERT", "NEW"), ("UPDATE", "NEW"), ("DELETE", "OLD"))


def sqlite_trigger_ddl() -> list[str]:
    out = []
    for table, short in (("annotation_set", "set"), ("review_decision", "decision")):
        for event, row in _SET_EVENTS:
            out.append(
                f"CREATE TRIGGER review_state_stale_{short}_{event.lower()} AFTER {event} ON {table} BEGIN "
                f"DELETE FROM {REVIEW_STATE} WHERE document_id = {row}.document_id; END"
            )
    for event in ("INSERT", "UPDATE"):
        out.append(
            f"CREATE TRIGGER review_state_stale_schema_{event.lower()} AFTER {event} ON schema BEGIN "
            f"DELETE FROM {REVIEW_STATE}; END"
        )
    return out


def sqlite_trigger_names() -> list[str]:
    names = [f"review_state_stale_{short}_{event.lower()}" for short in ("set", "decision") for event, _ in _SET_EVENTS]
    return [*names, "review_state_stale_schema_insert", "review_state_stale_schema_update"]


def postgresql_trigger_ddl() -> list[str]:
    return [
        f"""CREATE OR REPLACE FUNCTION review_state_stale() RETURNS trigger AS $$
BEGIN
  IF TG_TABLE_NAME = 'schema' THEN
    DELETE FROM {REVIEW_STATE};
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM pg_advisory_xact_lock({ADVISORY_NAMESPACE}, OLD.document_id);
    DELETE FROM {REVIEW_STATE} WHERE document_id = OLD.document_id;
  ELSE
    PERFORM pg_advisory_xact_lock({ADVISORY_NAMESPACE}, NEW.document_id);
    DELETE FROM {REVIEW_STATE} WHERE document_id = NEW.document_id;
    IF TG_OP = 'UPDATE' AND OLD.document_id <> NEW.document_id THEN
      DELETE FROM {REVIEW_STATE} WHERE document_id = OLD.document_id;
    END IF;
  END IF;
  RETURN NULL;
END $$ LANGUAGE plpgsql""",
        "CREATE TRIGGER review_state_stale_set AFTER INSERT OR UPDATE OR DELETE ON annotation_set "
        "FOR EACH ROW EXECUTE FUNCTION review_state_stale()",
        "CREATE TRIGGER review_state_stale_decision AFTER INSERT OR UPDATE OR DELETE ON review_decision "
        "FOR EACH ROW EXECUTE FUNCTION review_state_stale()",
        'CREATE TRIGGER review_state_stale_schema AFTER INSERT OR UPDATE ON "schema" '
        "FOR EACH STATEMENT EXECUTE FUNCTION review_state_stale()",
    ]


__all__ = [
    "ADVISORY_NAMESPACE",
    "DOCUMENT_TOKENS",
    "REVIEW_STATE",
    "DocumentTokensRow",
    "ReviewStateRow",
    "pack_offsets",
    "postgresql_trigger_ddl",
    "read_tokens",
    "sqlite_trigger_ddl",
    "sqlite_trigger_names",
    "tokenizer_fingerprint",
    "unpack_offsets",
    "write_tokens",
]
