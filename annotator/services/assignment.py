"""Assignment: which annotators label which documents (`annotator assign`).

Each document gets `overlap` annotators, the load balanced: a document goes to the annotators who
hold the fewest assignments so far (ties in the order given, rotating), so over D documents and
A annotators everyone gets D × overlap / A, give or take one. Assignments already stored are
kept and count towards the balance; running it again tops documents up to `overlap`.
Once anything is assigned, an annotator's document list shows only her documents
(`annotator.services.documents.assigned_only`), and on a team server the database lets her
write only those (`annotator.storage.team`).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import asdict, dataclass, field
from typing import Any

from sqlalchemy import delete, insert, select

from annotator.core.errors import AnnotationError
from annotator.services.documents import Documents
from annotator.storage.database import Database
from annotator.storage.orm import AnnotatorRow, AssignmentRow, DocumentRow, utcnow

_IDS = re.compile(r"^\s*\d+(\s*-\s*\d+)?(\s*,\s*\d+(\s*-\s*\d+)?)*\s*$")


@dataclass
class AssignReport:
    documents: int = 0  # documents considered
    added: int = 0  # assignments made now
    kept: int = 0  # assignments that were there already
    per_annotator: dict[str, int] = field(default_factory=dict)  # assigned documents each, of those considered

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def parse_ids(spec: str) -> list[int]:
    """`"1-20,31,40-42"` -> the ids, in order, without repeats; ValueError when it is not such a list."""
    if not _IDS.match(spec):
        raise ValueError(spec)
    out: dict[int, None] = {}
    for part in spec.split(","):
        a, _, b = part.partition("-")
        lo, hi = int(a), int(b or a)
        if hi < lo:
            raise ValueError(spec)
        out.update((i, None) for i in range(lo, hi + 1))
    return list(out)


class Assignments:
    """`Assignments(db)`: give documents to annotators, read who has what."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def select_documents(self, spec: str | None) -> list[int]:
        """The ids a `--documents` filter names: `None` every document; id ranges (`1-50,60`); or
        any other text, the documents whose title or text contains it (as the document list's search)."""
        docs = Documents(self.db)
        if spec is None or not spec.strip():
            return docs.ids()
        try:
            wanted = parse_ids(spec)
        except ValueError:
            return [d.id for d in docs.page(text=spec, limit=None)]
        with self.db.read() as s:
            known = set()
            for i in range(0, len(wanted), 500):
                known.update(s.scalars(select(DocumentRow.id).where(DocumentRow.id.in_(wanted[i : i + 500]))))
        missing = [i for i in wanted if i not in known]
        if missing:
            shown = ", ".join(map(str, missing[:5])) + (" …" if len(missing) > 5 else "")
            raise AnnotationError(f"no document with id {shown}")
        return wanted

    def assign(self, annotators: list[str], overlap: int, document_ids: list[int], *, create: bool = True) -> AssignReport:
        """Give each document `overlap` of `annotators`, balanced; one transaction.

        `create`: annotators not known yet are added (SQLite); else (a team server, where a user
        is a login a manager adds) an unknown name is an error.
        """
        names = list(dict.fromkeys(n.strip() for n in annotators if n.strip()))
        if not names:
            raise AnnotationError("assign needs at least one annotator")
        if not 1 <= overlap <= len(names):
            raise AnnotationError(f"overlap must be between 1 and the number of annotators ({len(names)}), not {overlap}")
        report = AssignReport(documents=len(document_ids))
        with self.db.write() as s:
            ids: dict[str, int] = dict(
                s.execute(select(AnnotatorRow.name, AnnotatorRow.id).where(AnnotatorRow.name.in_(names))).all()
            )
            for name in names:
                if name in ids:
                    continue
                if not create:
                    raise AnnotationError(f"no annotator named {name!r} (a manager adds her: annotator server add-user {name})")
                row = AnnotatorRow(name=name, role="annotator")
                s.add(row)
                s.flush()
                ids[name] = row.id
            by_id = {v: k for k, v in ids.items()}
            current: dict[int, set[str]] = {}
            load: Counter[str] = Counter({n: 0 for n in names})
            for d, a in s.execute(select(AssignmentRow.document_id, AssignmentRow.annotator_id)).all():
                if a in by_id:
                    load[by_id[a]] += 1
                    current.setdefault(d, set()).add(by_id[a])
            rows = []
            turn = 0
            for d in document_ids:
                have = current.get(d, set())
                report.kept += len(have)
                need = overlap - len(have)
                if need <= 0:
                    continue
                order = names[turn % len(names) :] + names[: turn % len(names)]
                turn += 1
                free = sorted((n for n in order if n not in have), key=lambda n: load[n])  # stable: rotation breaks ties
                for name in free[:need]:
                    rows.append({"document_id": d, "annotator_id": ids[name], "created": utcnow()})
                    load[name] += 1
                    have = have | {name}
                current[d] = have
            for i in range(0, len(rows), 1000):
                s.execute(insert(AssignmentRow), rows[i : i + 1000])
            report.added = len(rows)
            counts: Counter[str] = Counter()
            for d in document_ids:
                counts.update(current.get(d, set()))
            report.per_annotator = {n: counts[n] for n in names}
        return report

    def unassign(self, annotators: list[str] | None, document_ids: list[int]) -> int:
        """Take documents back (from `annotators`, or from everybody); how many assignments went."""
        with self.db.write() as s:
            q = delete(AssignmentRow)
            if annotators:
                q = q.where(AssignmentRow.annotator_id.in_(select(AnnotatorRow.id).where(AnnotatorRow.name.in_(annotators))))
            n = 0
            for i in range(0, len(document_ids), 500):
                n += s.execute(q.where(AssignmentRow.document_id.in_(document_ids[i : i + 500]))).rowcount or 0
            return n

    def of(self, annotator: str) -> list[int]:
        """The ids of the documents assigned to `annotator`, in order."""
        with self.db.read() as s:
            return list(
                s.scalars(
                    select(AssignmentRow.document_id)
                    .join(AnnotatorRow, AnnotatorRow.id == AssignmentRow.annotator_id)
                    .where(AnnotatorRow.name == annotator)
                    .order_by(AssignmentRow.document_id)
                )
            )


__all__ = ["AssignReport", "Assignments", "parse_ids"]
