"""Reading annotations out of the database in batches, and the spaCy training export.

`--source` chooses one annotation set per document (or every set):
- `gold`: the document's gold set; with a fallback annotator, that annotator's set where the
  document has no gold set;
- `annotator:NAME`: that annotator's set;
- `all`: every annotation set (for inspection; one exported document per set).
A set is exported when it has at least one span or its status is `done` (a set merely opened,
still empty, is not a negative example). Documents are read in batches of a few hundred with
their spans and relations (column tuples, not ORM objects), so memory does not grow with the
corpus.
"""

from __future__ import annotations

import json
import random
import time
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select

from annotator.core.atomic import atomic_folder
from annotator.core.document import AnnotationSet, Document, Relation, SetKind, Source, Span, Status
from annotator.core.errors import AnnotatorError
from annotator.services.protocols import ProjectServices
from annotator.storage.notes import load_for_sets
from annotator.storage.orm import AnnotationSetRow, AnnotatorRow, DocumentRow, RelationRow, SpanRow

Progress = Callable[[int, int], None]
BATCH_DOCS = 400


class ExportError(AnnotatorError):
    """The export cannot run as asked (bad --source, unknown annotator, output not writable)."""


@dataclass(frozen=True)
class SourceSpec:
    kind: str  # gold | annotator | all
    name: str | None = None
    fallback: str | None = None

    def describe(self) -> str:
        if self.kind == "annotator":
            return f"annotator:{self.name}"
        if self.kind == "gold" and self.fallback:
            return f"gold (else annotator:{self.fallback})"
        return self.kind


def parse_source(text: str, fallback: str | None = None) -> SourceSpec:
    text = (text or "").strip()
    if text == "gold":
        return SourceSpec("gold", fallback=fallback or None)
    if text == "all":
        return SourceSpec("all")
    if text.startswith("annotator:") and text[len("annotator:") :].strip():
        return SourceSpec("annotator", name=text[len("annotator:") :].strip())
    raise ExportError(f"--source must be gold, annotator:NAME or all (got {text!r})")


@dataclass(frozen=True)
class SetRef:
    id: int
    annotator: str | None
    kind: SetKind
    status: Status
    seconds: float = 0.0


def plan_sets(project: ProjectServices, spec: SourceSpec) -> dict[int, list[SetRef]]:
    """Document id -> the annotation sets to export, by the source rule (see module doc)."""
    names = {a.name for a in project.annotators.all()}
    for needed in (spec.name, spec.fallback):
        if needed is not None and needed not in names:
            raise ExportError(f"no annotator named {needed!r} (known: {', '.join(sorted(names)) or 'none'})")
    aset, who = AnnotationSetRow.__table__.c, AnnotatorRow.__table__.c
    q = (
        select(aset.id, aset.document_id, aset.kind, aset.status, aset.span_count, who.name, aset.seconds)
        .select_from(AnnotationSetRow.__table__.outerjoin(AnnotatorRow.__table__, who.id == aset.annotator_id))
        .order_by(aset.document_id, aset.id)
    )
    gold: dict[int, SetRef] = {}
    by_name: dict[int, dict[str, SetRef]] = defaultdict(dict)
    every: dict[int, list[SetRef]] = defaultdict(list)
    with project.db.read() as s:
        for sid, doc_id, kind, status, span_count, name, seconds in s.connection().execute(q):
            if not span_count and status != Status.DONE.value:
                continue
            ref = SetRef(sid, name, SetKind(kind), Status(status), float(seconds or 0.0))
            every[doc_id].append(ref)
            if ref.kind is SetKind.GOLD:
                gold[doc_id] = ref
            elif name is not None:
                by_name[doc_id][name] = ref
    if spec.kind == "all":
        return dict(every)
    if spec.kind == "annotator":
        return {d: [names_[spec.name]] for d, names_ in by_name.items() if spec.name in names_}
    plan = {d: [ref] for d, ref in gold.items()}
    if spec.fallback:
        for d, names_ in by_name.items():
            if d not in plan and spec.fallback in names_:
                plan[d] = [names_[spec.fallback]]
    return plan


def iter_annotated(
    project: ProjectServices, doc_ids: Sequence[int], plan: dict[int, list[SetRef]], batch: int = BATCH_DOCS
) -> Iterator[tuple[Document, list[AnnotationSet]]]:
    """`(document, its planned sets with spans and relations)`, in the order of `doc_ids`."""
    doc_t, span_t, rel_t = DocumentRow.__table__.c, SpanRow.__table__.c, RelationRow.__table__.c
    sources = {src.value: src for src in Source}
    # Core statements on a plain connection: column tuples without the ORM's per-row work
    with project.db.read() as s:
        conn = s.connection()
        for i in range(0, len(doc_ids), batch):
            chunk = list(doc_ids[i : i + batch])
            docs = {
                r[0]: Document(r[0], r[1], r[2], r[3], dict(r[4] or {}))
                for r in conn.execute(
                    select(doc_t.id, doc_t.uid, doc_t.title, doc_t.text, doc_t.meta).where(doc_t.id.in_(chunk))
                )
            }
            set_ids = [ref.id for d in chunk for ref in plan.get(d, ())]
            spans: dict[int, dict[int, Span]] = defaultdict(dict)
            rels: dict[int, list[Relation]] = defaultdict(list)
            if set_ids:
                for sid, set_id, start, end, label, source in conn.execute(
                    select(span_t.id, span_t.set_id, span_t.start, span_t.end, span_t.label, span_t.source).where(
                        span_t.set_id.in_(set_ids)
                    )
                ):
                    spans[set_id][sid] = Span(start, end, label, sources[source])
                for set_id, head, tail, label in conn.execute(
                    select(rel_t.set_id, rel_t.head_id, rel_t.tail_id, rel_t.label).where(rel_t.set_id.in_(set_ids))
                ):
                    by_id = spans[set_id]
                    rels[set_id].append(Relation(by_id[head].key, by_id[tail].key, label))
            # each annotator's notes and "needs review" flag travel with her set (annotator.storage.notes)
            notes = load_for_sets(s, [(d, ref.annotator) for d in chunk for ref in plan.get(d, ())
                                      if ref.annotator is not None and ref.kind is SetKind.ANNOTATION])
            for d in chunk:
                sets = [
                    AnnotationSet(
                        document_id=d,
                        annotator=ref.annotator,
                        kind=ref.kind,
                        status=ref.status,
                        spans=tuple(sorted(spans[ref.id].values(), key=_span_order)),
                        relations=tuple(sorted(rels[ref.id])),
                        seconds=ref.seconds,
                        id=ref.id,
                        notes=tuple(notes.get((d, ref.annotator or ""), ((), False))[0]),
                        flagged=notes.get((d, ref.annotator or ""), ((), False))[1],
                    )
                    for ref in plan.get(d, ())
                ]
                yield docs[d], sets


def _span_order(sp: Span) -> tuple[int, int, str]:
    return sp.start, sp.end, sp.label


def split_documents(doc_ids: Sequence[int], dev_fraction: float, seed: int) -> tuple[list[int], list[int]]:
    """Deterministic split by document: the same ids, fraction and seed give the same split."""
    if not 0.0 <= dev_fraction < 1.0:
        raise ExportError(f"--dev-fraction must be at least 0 and below 1 (got {dev_fraction})")
    ids = sorted(doc_ids)
    shuffled = ids[:]
    random.Random(seed).shuffle(shuffled)
    n_dev = round(len(ids) * dev_fraction)
    if dev_fraction > 0 and len(ids) >= 2:
        n_dev = min(max(1, n_dev), len(ids) - 1)
    dev = set(shuffled[:n_dev])
    return [d for d in ids if d not in dev], [d for d in ids if d in dev]


SHARD_ABOVE_DOCS = 2000
SHARD_ABOVE_CHARS = 1_000_000  # ~250,000 tokens: what one DocBin may hold before memory grows


def export_spacy(
    project: ProjectServices,
    out_dir: str | Path,
    *,
    source: SourceSpec | None = None,
    dev_fraction: float = 0.2,
    seed: int = 0,
    pipeline: str = "ner",
    progress: Progress | None = None,
    batch: int = BATCH_DOCS,
) -> dict[str, Any]:
    """Write `train`/`dev` (`.spacy` files or shard folders), `config.cfg` and `report.json`."""
    from annotator.nlp.train_config import PIPELINES

    if pipeline not in PIPELINES:
        raise ExportError(f"--pipeline must be one of {', '.join(PIPELINES)} (got {pipeline!r})")
    t0 = time.perf_counter()
    spec = source or SourceSpec("gold")
    out = Path(out_dir)
    plan = plan_sets(project, spec)
    if not plan:  # before anything is written: no empty training data, config or report
        raise ExportError(
            f"nothing to export: no document has an annotation set for --source {spec.describe()} "
            "(try --source annotator:NAME, --fallback-annotator NAME or --source all); nothing was written"
        )
    final = out.resolve()
    try:
        with atomic_folder(out, is_spacy_export_entry) as tmp:
            return _write_spacy(project, tmp, final, spec, plan, dev_fraction, seed, pipeline, progress, batch, t0)
    except OSError as exc:
        raise ExportError(f"cannot write {out}: {exc.strerror or exc}") from exc


SPACY_EXPORT_ENTRIES = frozenset({"train.spacy", "dev.spacy", "train", "dev", "config.cfg", "report.json"})


def is_spacy_export_entry(name: str) -> bool:
    """What a spaCy export folder holds (also the temporary files older versions could leave)."""
    return name in SPACY_EXPORT_ENTRIES or name.endswith(".tmp")


def _write_spacy(
    project: ProjectServices,
    out: Path,
    final: Path,
    spec: SourceSpec,
    plan: dict[int, list[SetRef]],
    dev_fraction: float,
    seed: int,
    pipeline: str,
    progress: Progress | None,
    batch: int,
    t0: float,
) -> dict[str, Any]:
    """Write the export into `out` (a temporary folder); every path it records is under `final`."""
    from annotator.nlp.docbin import TRAIN_MAX_LENGTH, DocMaker, ShardWriter
    from annotator.nlp.train_config import write_training_config

    schema = project.schema
    all_ids = project.documents.ids()
    train_ids, dev_ids = split_documents(list(plan), dev_fraction, seed)
    with project.db.read() as s:
        doc_t = DocumentRow.__table__.c
        lengths = dict(s.connection().execute(select(doc_t.id, doc_t.length)).all())
    maker = DocMaker(schema)
    total = len(train_ids) + len(dev_ids)
    done = 0
    files: dict[str, Any] = {}
    counts: dict[str, int] = {}
    for name, ids in (("train", train_ids), ("dev", dev_ids)):
        n_sets = sum(len(plan[d]) for d in ids)
        chars = sum(lengths[d] * len(plan[d]) for d in ids)
        writer = ShardWriter(out, name, sharded=n_sets > SHARD_ABOVE_DOCS or chars > SHARD_ABOVE_CHARS)
        for doc, sets in iter_annotated(project, ids, plan, batch=batch):
            for aset in sets:
                doc_obj = maker.make(
                    doc.text, aset.spans, aset.relations, doc_id=doc.uid,
                    annotator=aset.annotator if spec.kind == "all" else None,
                )
                writer.add(doc_obj)
            done += 1
            if progress is not None and (done % 50 == 0 or done == total):
                progress(done, total)
        writer.close()
        files[name] = str(final / writer.path.relative_to(out))
        counts[name] = writer.docs
    st = maker.stats
    write_training_config(
        out / "config.cfg",
        pipeline=pipeline,
        train_path=Path(files["train"]),
        dev_path=Path(files["dev"]),
        tokenizer=schema.tokenizer,
        span_key=schema.span_key,
        max_span_tokens=max(8, maker.max_span_tokens),
        seed=seed,
        train_max_length=TRAIN_MAX_LENGTH,
    )
    report = {
        "source": spec.describe(),
        "pipeline": pipeline,
        "documents": counts["train"] + counts["dev"],
        "train_documents": counts["train"],
        "dev_documents": counts["dev"],
        "documents_without_annotations": len(all_ids) - len(plan),
        "spans": st.spans + len(st.misaligned),
        "spans_exported": st.spans,
        "ents": st.ents,
        "spans_only_in_group": st.spans_only_in_group,
        "relations": st.relations + st.relations_misaligned,
        "relations_exported": st.relations,
        "relations_sharing_token_pair": st.relations_merged,
        "tokens": st.tokens,
        "misaligned": st.misaligned,
        "relations_on_misaligned_spans": st.relations_misaligned,
        "ents_rule": f"labels {', '.join(schema.ents_labels)}; overlaps resolved {schema.ents_nested} first "
        "(by length in characters, then earlier start, then schema label order)",
        "span_key": schema.span_key,
        "relation_labels": maker.relation_labels,
        "tokenizer": schema.tokenizer,
        "split": {"dev_fraction": dev_fraction, "seed": seed},
        "files": {"train": files["train"], "dev": files["dev"], "config": str(final / "config.cfg")},
        "seconds": round(time.perf_counter() - t0, 3),
    }
    (out / "report.json").write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return report
