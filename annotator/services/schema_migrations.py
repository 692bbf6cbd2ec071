"""Schema changes that cannot orphan data.

`change_problems` is the rule `Schemas.replace` applies before a new schema becomes active: every
way the new schema would leave stored spans, relations or their direction unexplained. The
migrations (`rename_label`, `merge_labels`, `rename_relation`) change the schema *and* the data
that uses it — spans of every set (gold included), relations, review decisions — in one unit of
work; a rename is undone by the rename back.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session, aliased

from annotator.core.adjudication import decision_key_from_json, decision_key_json
from annotator.core.errors import AnnotationError, SchemaError
from annotator.core.schema import Schema, parse_schema_text, schema_from_dict
from annotator.storage.orm import (
    AnnotationSetRow,
    DocumentRow,
    RelationRow,
    ReviewDecisionRow,
    SchemaRow,
    SpanRow,
    utcnow,
)

# -- the rule of `schema set` ------------------------------------------------------------------


def change_problems(s: Session, new: Schema, old: Schema | None) -> list[str]:
    """One line per way `new` would orphan stored data (empty: the change is safe).

    Entity labels in use that `new` drops; relation types in use that it drops; stored relations
    whose head or tail label `new` no longer allows for their type (a count per type, one example);
    a symmetric flag changed on a type in use (refused: the stored direction would no longer be
    the canonical one, and turning it off may leave reversed relations the rules forbid).
    """
    problems: list[str] = []
    for label, n in s.execute(select(SpanRow.label, func.count()).group_by(SpanRow.label).order_by(SpanRow.label)):
        if not new.has_label(label):
            problems.append(f"label {label} is used by {n} span(s); the new schema drops it")
    head, tail = aliased(SpanRow), aliased(SpanRow)
    q = (
        select(RelationRow.label, head.label, tail.label, func.count(), func.min(RelationRow.id))
        .join(head, head.id == RelationRow.head_id)
        .join(tail, tail.id == RelationRow.tail_id)
        .group_by(RelationRow.label, head.label, tail.label)
        .order_by(RelationRow.label, head.label, tail.label)
    )
    by_type: dict[str, list[tuple[str, str, int, int]]] = defaultdict(list)
    for rel, h, t, n, rid in s.execute(q):
        by_type[rel].append((h, t, n, rid))
    for rel, groups in by_type.items():
        total = sum(g[2] for g in groups)
        if not new.has_relation(rel):
            problems.append(f"relation type {rel} is used by {total} relation(s); the new schema drops it")
            continue
        rt = new.relation(rel)
        bad = [g for g in groups if not rt.allows(g[0], g[1])]
        if bad:
            n_bad = sum(g[2] for g in bad)
            problems.append(
                f"relation type {rel}: {n_bad} stored relation(s) no longer allowed by the new schema "
                f"(e.g. {_example(s, bad[0][3])})"
            )
        if old is not None and old.has_relation(rel) and old.relation(rel).symmetric != rt.symmetric:
            now = "symmetric" if rt.symmetric else "not symmetric"
            problems.append(
                f"relation type {rel} is used by {total} relation(s); the new schema makes it {now} "
                "(stored directions would not be canonical)"
            )
    return problems


def _example(s: Session, relation_id: int) -> str:
    head, tail = aliased(SpanRow), aliased(SpanRow)
    row = s.execute(
        select(head.start, head.end, head.label, tail.start, tail.end, tail.label, RelationRow.label,
               DocumentRow.title, DocumentRow.text)
        .join(head, head.id == RelationRow.head_id)
        .join(tail, tail.id == RelationRow.tail_id)
        .join(AnnotationSetRow, AnnotationSetRow.id == RelationRow.set_id)
        .join(DocumentRow, DocumentRow.id == AnnotationSetRow.document_id)
        .where(RelationRow.id == relation_id)
    ).one()
    hs, he, hl, ts, te, tl, rel, title, text = row
    return f"{hl} “{text[hs:he]}” —{rel}→ {tl} “{text[ts:te]}” in “{title}”"


# -- migrations ---------------------------------------------------------------------------------


@dataclass
class MigrationReport:
    """What a migration changed (one line for the command line)."""

    change: str = ""  # what happened to the schema: `label ORG_VN renamed to ORG_VIETNAM`
    spans: int = 0
    relations: int = 0
    decisions: int = 0
    merged_spans: int = 0  # exact duplicates (same set, start, end) that became one span
    dropped_relations: int = 0  # relations that became duplicates (or self-relations) by the change
    merged_decisions: int = 0  # review decisions that became identical by a merge

    def summary(self) -> str:
        parts = [f"{self.change}: {self.spans} span(s)", f"{self.relations} relation(s)", f"{self.decisions} review decision(s) changed"]
        if self.merged_spans:
            parts.append(f"{self.merged_spans} duplicate span(s) merged (their relations moved)")
        if self.dropped_relations:
            parts.append(f"{self.dropped_relations} relation(s) that became duplicates dropped")
        if self.merged_decisions:
            parts.append(f"{self.merged_decisions} review decision(s) merged with an identical one or dropped")
        return ", ".join(parts)


def active_schema(s: Session) -> Schema:
    row = s.scalars(select(SchemaRow).where(SchemaRow.active).order_by(SchemaRow.id.desc())).first()
    if row is None:
        raise AnnotationError("the database has no schema yet")
    return parse_schema_text(row.body, source="stored schema", check=False)


def _build(data: dict[str, Any]) -> Schema:
    try:
        return schema_from_dict(data, source="migrated schema")
    except SchemaError as exc:
        raise AnnotationError("; ".join(exc.problems)) from exc


def _map_names(names: list[str], mapping: dict[str, str]) -> list[str]:
    out: list[str] = []
    for n in names:
        n = mapping.get(n, n)
        if n not in out:
            out.append(n)
    return out


def _relabel_schema(data: dict[str, Any], mapping: dict[str, str]) -> None:
    for rel in data["relations"]:
        rel["head"] = _map_names(rel["head"], mapping)
        rel["tail"] = _map_names(rel["tail"], mapping)
    data["ents"]["labels"] = _map_names(data["ents"]["labels"], mapping)


def rename_label(s: Session, old: str, new: str) -> tuple[Schema, MigrationReport]:
    """Rename entity label `old` to `new` in the schema and every span (one transaction)."""
    return _rename(s, "label", old, new)


def rename_relation(s: Session, old: str, new: str) -> tuple[Schema, MigrationReport]:
    """Rename relation type `old` to `new` in the schema and every relation (one transaction)."""
    return _rename(s, "relation type", old, new)


def _rename(s: Session, what: str, old: str, new: str) -> tuple[Schema, MigrationReport]:
    schema = active_schema(s)
    is_label = what == "label"
    known = schema.has_label if is_label else schema.has_relation
    if not known(old):
        raise AnnotationError(f"unknown {what} {old} (not in schema {schema.name})")
    if known(new):
        raise AnnotationError(f"{what} {new} already exists in schema {schema.name}")
    data = schema.to_dict()
    for entry in data["labels" if is_label else "relations"]:
        if entry["name"] == old:
            entry["name"] = new
    if is_label:
        _relabel_schema(data, {old: new})
    migrated = _build(data)
    report = MigrationReport(change=f"{what} {old} renamed to {new}")
    row = SpanRow if is_label else RelationRow
    set_ids = set(s.scalars(select(row.set_id).where(row.label == old).distinct()))
    count = s.execute(update(row).where(row.label == old).values(label=new)).rowcount or 0
    if is_label:
        report.spans = count
        _finish(s, migrated, set_ids, {old: new}, {}, report)
    else:
        report.relations = count
        _finish(s, migrated, set_ids, {}, {old: new}, report)
    return migrated, report


def merge_labels(
    s: Session, a: str, b: str, into: str, color: str | None = None, key: str | None = None
) -> tuple[Schema, MigrationReport]:
    schema = active_schema(s)
    for name in (a, b):
        if not schema.has_label(name):
            raise AnnotationError(f"unknown label {name} (not in schema {schema.name})")
    if a == b:
        raise AnnotationError(f"merging {a} with itself changes nothing")
    if into not in (a, b) and schema.has_label(into):
        raise AnnotationError(f"label {into} already exists: merge into {a}, {b} or a new label")
    data = schema.to_dict()
    kept = b if into == b else a  # the entry C keeps (A's colour and key for a new label)
    labels = []
    for lab in data["labels"]:
        if lab["name"] == kept:
            lab = {**lab, "name": into}
            if color is not None:
                lab["color"] = color
            if key is not None:
                lab["key"] = key
            labels.append(lab)
        elif lab["name"] not in (a, b):
            labels.append(lab)
    data["labels"] = labels
    mapping = {n: into for n in (a, b) if n != into}
    _relabel_schema(data, mapping)
    migrated = _build(data)
    report = MigrationReport(change=f"labels {a} and {b} merged into {into}")

    # spans: exact duplicates in one set (same extent, both now `into`) become one, relations moved
    rows = s.execute(
        select(SpanRow.id, SpanRow.set_id, SpanRow.start, SpanRow.end, SpanRow.label)
        .where(SpanRow.label.in_([a, b, into]))
        .order_by(SpanRow.id)
    ).all()
    set_ids = {r.set_id for r in rows if r.label != into}
    keeper: dict[tuple[int, int, int], int] = {}
    # a span labelled `into` already is the keeper of its extent
    for r in sorted(rows, key=lambda r: (r.label != into, r.id)):
        keeper.setdefault((r.set_id, r.start, r.end), r.id)
    gone = {r.id: keeper[(r.set_id, r.start, r.end)] for r in rows if keeper[(r.set_id, r.start, r.end)] != r.id}
    if gone:
        _move_relations(s, gone, report)
        removed_per_set: dict[int, int] = defaultdict(int)
        for r in rows:
            if r.id in gone:
                removed_per_set[r.set_id] += 1
        s.execute(delete(SpanRow).where(SpanRow.id.in_(list(gone))))
        for set_id, n in removed_per_set.items():
            s.execute(
                update(AnnotationSetRow)
                .where(AnnotationSetRow.id == set_id)
                .values(span_count=AnnotationSetRow.span_count - n)
            )
        report.merged_spans = len(gone)
    if mapping:
        report.spans = (
            s.execute(update(SpanRow).where(SpanRow.label.in_(list(mapping))).values(label=into)).rowcount or 0
        )
    _finish(s, migrated, set_ids, mapping, {}, report)
    return migrated, report


def _move_relations(s: Session, gone: dict[int, int], report: MigrationReport) -> None:
    """Point the relations of the spans in `gone` at their keepers; drop what becomes a duplicate."""
    ids = list(gone)
    touching = s.execute(
        select(RelationRow.id, RelationRow.head_id, RelationRow.tail_id, RelationRow.label).where(
            RelationRow.head_id.in_(ids) | RelationRow.tail_id.in_(ids)
        )
    ).all()
    others = s.execute(
        select(RelationRow.head_id, RelationRow.tail_id, RelationRow.label).where(
            ~(RelationRow.head_id.in_(ids) | RelationRow.tail_id.in_(ids))
            & (RelationRow.head_id.in_(set(gone.values())) | RelationRow.tail_id.in_(set(gone.values())))
        )
    ).all()
    taken = {tuple(r) for r in others}
    drop: list[int] = []
    moves: list[tuple[int, int, int]] = []
    for rid, h, t, label in sorted(touching):
        h2, t2 = gone.get(h, h), gone.get(t, t)
        if h2 == t2 or (h2, t2, label) in taken:
            drop.append(rid)
            continue
        taken.add((h2, t2, label))
        moves.append((rid, h2, t2))
    if drop:
        s.execute(delete(RelationRow).where(RelationRow.id.in_(drop)))
    for rid, h2, t2 in moves:
        s.execute(update(RelationRow).where(RelationRow.id == rid).values(head_id=h2, tail_id=t2))
    report.dropped_relations += len(drop)


def _finish(
    s: Session,
    schema: Schema,
    set_ids: set[int],
    labels: dict[str, str],
    relations: dict[str, str],
    report: MigrationReport,
) -> None:
    """Keep symmetric relations canonical, rename review decisions, bump the sets, store the schema."""
    set_ids |= _canonicalize_relations(s, schema, set_ids, report)
    report.decisions, report.merged_decisions = _remap_decisions(s, schema, labels, relations)
    if set_ids:
        # open sessions on these sets see the version change and reload instead of writing over it
        s.execute(
            update(AnnotationSetRow)
            .where(AnnotationSetRow.id.in_(list(set_ids)))
            .values(version=AnnotationSetRow.version + 1, updated=utcnow())
        )
    s.execute(update(SchemaRow).values(active=False))
    s.add(SchemaRow(name=schema.name, version=schema.version, body=schema.to_yaml(), active=True))


def _canonicalize_relations(s: Session, schema: Schema, set_ids: set[int], report: MigrationReport) -> set[int]:
    """Symmetric relations of `set_ids` stored with the earlier span (by key) as head, as edits store them."""
    symmetric = [r.name for r in schema.relations if r.symmetric]
    if not symmetric or not set_ids:
        return set()
    head, tail = aliased(SpanRow), aliased(SpanRow)
    rows = s.execute(
        select(RelationRow.id, RelationRow.set_id, RelationRow.head_id, RelationRow.tail_id, RelationRow.label,
               head.start, head.end, head.label, tail.start, tail.end, tail.label)
        .join(head, head.id == RelationRow.head_id)
        .join(tail, tail.id == RelationRow.tail_id)
        .where(RelationRow.set_id.in_(list(set_ids)), RelationRow.label.in_(symmetric))
    ).all()
    existing = {(r[2], r[3], r[4]) for r in rows}
    changed: set[int] = set()
    for rid, set_id, h, t, label, hs, he, hl, ts, te, tl in rows:
        if (ts, te, tl) < (hs, he, hl):
            if (t, h, label) in existing:  # both directions stored: keep the canonical one
                s.execute(delete(RelationRow).where(RelationRow.id == rid))
                report.dropped_relations += 1
            else:
                s.execute(update(RelationRow).where(RelationRow.id == rid).values(head_id=t, tail_id=h))
                existing.add((t, h, label))
            existing.discard((h, t, label))
            changed.add(set_id)
    return changed


def _remap_decisions(
    s: Session, schema: Schema, labels: dict[str, str], relations: dict[str, str]
) -> tuple[int, int]:
    """Rename the labels inside stored review decision keys; (changed, merged as identical).

    Two decisions that become the same key are merged when they agree and refused when they
    do not (the reviewer must clear one first).
    """
    rows = s.execute(
        select(ReviewDecisionRow.id, ReviewDecisionRow.document_id, ReviewDecisionRow.kind,
               ReviewDecisionRow.key, ReviewDecisionRow.decision)
    ).all()

    def span(k: Any) -> tuple[int, int, str]:
        return (k[0], k[1], labels.get(k[2], k[2]))

    new_key: dict[int, str] = {}
    drop: list[int] = []
    seen: dict[tuple[int, str, str], tuple[int, str]] = {}
    for rid, doc_id, kind, text, decision in sorted(rows):
        key = decision_key_from_json(kind, text)
        if kind == "span":
            mapped: Any = span(key)
        else:
            h, t, rel = key  # type: ignore[misc]
            h, t, rel = span(h), span(t), relations.get(rel, rel)
            if h == t:  # a relation between two spans that are now one
                drop.append(rid)
                continue
            if schema.has_relation(rel) and schema.relation(rel).symmetric and t < h:
                h, t = t, h
            mapped = (h, t, rel)
        mapped_text = decision_key_json(mapped)
        ident = (doc_id, kind, mapped_text)
        if ident in seen:
            if seen[ident][1] != decision:
                raise AnnotationError(
                    f"document {doc_id}: conflicting review decisions on {kind} {mapped_text} after the change "
                    f"({seen[ident][1]} and {decision}); clear one of them first"
                )
            drop.append(rid)
            continue
        seen[ident] = (rid, decision)
        if mapped_text != text:
            new_key[rid] = mapped_text
    if drop:
        s.execute(delete(ReviewDecisionRow).where(ReviewDecisionRow.id.in_(drop)))
    # two passes: a key another row still holds is freed before it is taken
    for rid in new_key:
        s.execute(update(ReviewDecisionRow).where(ReviewDecisionRow.id == rid).values(key=f"~migrating {rid}"))
    for rid, text in new_key.items():
        s.execute(update(ReviewDecisionRow).where(ReviewDecisionRow.id == rid).values(key=text))
    return len(new_key), len(drop)


__all__ = ["MigrationReport", "active_schema", "change_problems", "merge_labels", "rename_label", "rename_relation"]
