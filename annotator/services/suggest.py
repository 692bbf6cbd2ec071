"""Suggestions: found by patterns or a trained model, offered to annotators, accepted or rejected.

Storage (`annotator.storage.suggestions`): suggestions are **shared**, one row per (document,
suggester version, start, end, label), apart from every annotation set; nothing counts them in
stats, agreement or export. What an annotator does with one is theirs:

- **accept**: the suggestion becomes a span of their annotation set through their
  `AnnotationSession` (an `AddSpan`, or `AddSpans` for "accept all visible": one undoable step,
  one transaction), with `source` `pattern` or `model` and its provenance in the span's `meta`
  (`suggested_by`, `suggester` version, `score`, `suggestion_id`);
- **reject**: a `suggestion_rejection` row (one transaction; `restore` undoes it); a rejected
  suggestion is not offered to that annotator again. Suggestions belong to one suggester
  version: a re-trained model is a new version, whose suggestions are offered afresh.

A suggestion is *pending* for an annotator when they have not rejected it and their set has no
span on its text (whatever the label: an accepted suggestion relabelled is dealt with). Only the
newest model version that ran over a document is offered (with the pattern files that ran over
it); where two suggesters propose the same span, the model's is kept.

`next_document` orders an annotator's queue by the model's uncertainty on each document (stored
when the model suggested; see `annotator.core.suggestions.margin_uncertainty`).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import and_, delete, exists, func, insert, select
from sqlalchemy.orm import Session

from annotator.core.commands import AddSpan, Command
from annotator.core.document import Annotator, SetKind, Source, SpanKey, Status
from annotator.core.errors import AnnotationError, AnnotatorError
from annotator.core.suggestions import AddSpans, Suggestion, next_suggestion, visible
from annotator.core.tokenize import TokenIndex
from annotator.services.annotate import AnnotationSession
from annotator.services.export import SourceSpec, export_spacy, iter_annotated, plan_sets
from annotator.services.protocols import ProjectServices
from annotator.storage import search
from annotator.storage.orm import AnnotationSetRow, AnnotatorRow, DocumentRow, SpanRow, utcnow
from annotator.storage.suggestions import (
    SuggestedDocumentRow,
    SuggesterRow,
    SuggestionRejectionRow,
    SuggestionRow,
)

Progress = Callable[[int, int], None]
BATCH_DOCS = 200
next_suggestion = next_suggestion  # the window's Tab: the next pending suggestion after a position


class SuggestError(AnnotatorError):
    """Suggestions cannot be made or used as asked (no model, no document, nothing to train on)."""


# -- which documents ------------------------------------------------------------------------------
def select_documents(project: ProjectServices, spec: str | None, annotator: Annotator | None = None) -> list[int]:
    """Document ids of `--documents FILTER`, in id order.

    FILTER: `all` (default without --user); `todo` (default with --user: documents the annotator
    has not marked done or skipped); `ids:1,4,10-20` (ids and inclusive ranges); `uid:A,B`;
    anything else is a text search of titles and texts, as the document list does it
    (case and diacritics ignored).
    """
    spec = (spec or ("todo" if annotator is not None else "all")).strip()
    with project.db.read() as s:
        if spec == "all":
            return list(s.scalars(select(DocumentRow.id).order_by(DocumentRow.id)))
        if spec == "todo":
            if annotator is None:
                raise SuggestError("--documents todo needs --user NAME (whose documents are still to do)")
            done = select(AnnotationSetRow.document_id).where(
                AnnotationSetRow.annotator_id == annotator.id,
                AnnotationSetRow.kind == SetKind.ANNOTATION.value,
                AnnotationSetRow.status.in_([Status.DONE.value, Status.SKIPPED.value]),
            )
            return list(s.scalars(select(DocumentRow.id).where(DocumentRow.id.notin_(done)).order_by(DocumentRow.id)))
        if spec.startswith("ids:"):
            wanted: set[int] = set()
            for part in spec[4:].split(","):
                part = part.strip()
                if not part:
                    continue
                lo, dash, hi = part.partition("-")
                try:
                    a, b = int(lo), int(hi) if dash else int(lo)
                except ValueError:
                    raise SuggestError(f"--documents ids: expects numbers and ranges like 1,4,10-20 (got {part!r})") from None
                wanted.update(range(min(a, b), max(a, b) + 1))
            have = set(s.scalars(select(DocumentRow.id).where(DocumentRow.id.in_(sorted(wanted)))))
            return sorted(have)
        if spec.startswith("uid:"):
            uids = [u.strip() for u in spec[4:].split(",") if u.strip()]
            found = dict(s.execute(select(DocumentRow.uid, DocumentRow.id).where(DocumentRow.uid.in_(uids))).all())
            missing = [u for u in uids if u not in found]
            if missing:
                raise SuggestError(f"no document with uid {', '.join(map(repr, missing[:5]))}")
            return sorted(found.values())
        folded = search.fold_query(spec)
        if not folded:
            raise SuggestError(f"--documents: nothing to search for in {spec!r}")
        q = select(DocumentRow.id).where(search.contains(project.db.dialect, folded)).order_by(DocumentRow.id)
        return list(s.scalars(q))


# -- making suggestions ---------------------------------------------------------------------------
@dataclass
class RunReport:
    """What one suggester run stored."""

    version: str
    kind: str  # pattern | model
    documents: int = 0
    suggestions: int = 0  # stored (new) suggestions
    found: int = 0  # matches found, before alignment and label checks
    snapped: list[dict[str, Any]] = field(default_factory=list)  # widened to token edges (kept)
    unaligned: list[dict[str, Any]] = field(default_factory=list)  # no token inside: not stored
    unknown_labels: dict[str, int] = field(default_factory=dict)  # label not in the schema: not stored
    pending_for_user: int | None = None
    seconds: float = 0.0
    docs_per_s: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


def suggester_row(s: Session, version: str, kind: str, path: str, **values: Any) -> SuggesterRow:
    row = s.scalars(select(SuggesterRow).where(SuggesterRow.version == version)).first()
    if row is None:
        row = SuggesterRow(version=version, kind=kind, path=path, created=utcnow(), **values)
        s.add(row)
        s.flush()
    else:
        for k, v in values.items():
            if v is not None:
                setattr(row, k, v)
    return row


def suggest_patterns(
    project: ProjectServices,
    path: Path,
    document_ids: Sequence[int] | None = None,
    *,
    annotator: Annotator | None = None,
    progress: Progress | None = None,
) -> RunReport:
    """Run a pattern file (spaCy/Prodigy JSONL, or `text<TAB>label` lines) over the documents and
    store the matches as suggestions of the suggester `pattern:FILE@HASH`. InputError for a bad file."""
    from annotator.nlp.suggest import PatternMatcher, file_digest, load_patterns

    path = Path(path)
    patterns = load_patterns(path)
    version = f"pattern:{path.name}@{file_digest(path)}"
    matcher = PatternMatcher(patterns)
    return _run(project, version, "pattern", str(path.resolve()), matcher.pipe, document_ids, annotator, progress,
                uncertainty=False)


def suggest_model(
    project: ProjectServices,
    model_dir: Path,
    document_ids: Sequence[int] | None = None,
    *,
    annotator: Annotator | None = None,
    batch_size: int = 32,
    progress: Progress | None = None,
    nlp: Any = None,
) -> RunReport:
    """Run a spaCy pipeline (`nlp.pipe` in batches of `batch_size`) over the documents; store its
    entities as suggestions with scores, and its uncertainty per document."""
    from annotator.nlp.suggest import ModelPredictor, load_model, model_version

    model_dir = Path(model_dir)
    nlp = nlp if nlp is not None else load_model(model_dir)
    version = model_version(model_dir)
    predictor = ModelPredictor(nlp, spans_key=project.schema.span_key)

    def pipe(texts: Iterable[str]):
        for pred in predictor.pipe(texts, batch_size=batch_size):
            yield pred.matches, pred.uncertainty

    return _run(project, version, "model", str(model_dir.resolve()), pipe, document_ids, annotator, progress,
                uncertainty=True)


def align_matches(
    document_id: int, text: str, matches: Iterable[Any], labels: set[str], report: RunReport
) -> list[tuple[int, int, str, float | None, dict[str, Any]]]:
    """The matches of one document as `(start, end, label, score, meta)` on the project's token
    edges, each key once. A match inside tokens is widened to whole tokens (recorded in
    `report.snapped` and in `meta["snapped_from"]`); one holding no whole token is listed in
    `report.unaligned`, and one with a label not in `labels` counted in `report.unknown_labels`:
    neither is returned. Nothing is moved without a record."""
    tokens = TokenIndex(text)
    out: list[tuple[int, int, str, float | None, dict[str, Any]]] = []
    keys: set[SpanKey] = set()
    for m in matches:
        report.found += 1
        if m.label not in labels:
            report.unknown_labels[m.label] = report.unknown_labels.get(m.label, 0) + 1
            continue
        start, end, meta = m.start, m.end, {}
        if m.pattern_id:
            meta["pattern_id"] = m.pattern_id
        if not tokens.is_aligned(start, end):
            snapped = tokens.snap(start, end)
            where = {"document": document_id, "start": start, "end": end, "label": m.label, "text": text[start:end]}
            if snapped is None:
                report.unaligned.append(where)
                continue
            report.snapped.append({**where, "snapped_to": list(snapped)})
            meta["snapped_from"] = [start, end]
            start, end = snapped
        if (start, end, m.label) in keys:
            continue
        keys.add((start, end, m.label))
        out.append((start, end, m.label, m.score, meta))
    return out


def _run(project, version, kind, path, pipe, document_ids, annotator, progress, uncertainty: bool) -> RunReport:
    t0 = time.perf_counter()
    report = RunReport(version=version, kind=kind)
    ids = list(document_ids) if document_ids is not None else project.documents.ids()
    if not ids:
        raise SuggestError("no document to suggest on (check --documents)")
    labels = set(project.schema.label_names)
    with project.db.write() as s:
        suggester_id = suggester_row(s, version, kind, path).id
    done = 0
    for i in range(0, len(ids), BATCH_DOCS):
        chunk = ids[i : i + BATCH_DOCS]
        with project.db.read() as s:
            texts = dict(s.execute(select(DocumentRow.id, DocumentRow.text).where(DocumentRow.id.in_(chunk))).all())
        order = [d for d in chunk if d in texts]
        results = pipe(texts[d] for d in order)
        rows: list[dict[str, Any]] = []
        seen_docs: list[dict[str, Any]] = []
        for doc_id, result in zip(order, results, strict=True):
            matches, doc_uncertainty = result if uncertainty else (result, None)
            aligned = align_matches(doc_id, texts[doc_id], matches, labels, report)
            rows += [{"document_id": doc_id, "suggester_id": suggester_id, "start": start, "end": end,
                      "label": label, "score": score, "meta": meta or None}
                     for start, end, label, score, meta in aligned]
            seen_docs.append({"document_id": doc_id, "suggester_id": suggester_id, "uncertainty": doc_uncertainty,
                              "suggestions": len(aligned), "created": utcnow()})
        with project.db.write() as s:
            existing = set(s.execute(
                select(SuggestionRow.document_id, SuggestionRow.start, SuggestionRow.end, SuggestionRow.label).where(
                    SuggestionRow.suggester_id == suggester_id, SuggestionRow.document_id.in_(order)
                )
            ).all())
            new = [r for r in rows if (r["document_id"], r["start"], r["end"], r["label"]) not in existing]
            if new:
                s.execute(insert(SuggestionRow), new)
            s.execute(delete(SuggestedDocumentRow).where(
                SuggestedDocumentRow.suggester_id == suggester_id, SuggestedDocumentRow.document_id.in_(order)
            ))
            s.execute(insert(SuggestedDocumentRow), seen_docs)
        report.suggestions += len(new)
        done += len(order)
        report.documents = done
        if progress is not None:
            progress(done, len(ids))
    report.seconds = round(time.perf_counter() - t0, 3)
    report.docs_per_s = round(report.documents / report.seconds, 1) if report.seconds else 0.0
    if annotator is not None:
        report.pending_for_user = sum(len(pending(project, d, annotator)) for d in ids)
    return report


# -- offering them --------------------------------------------------------------------------------
def _current_suggesters(s: Session, document_id: int) -> list[tuple[int, str, str]]:
    """(id, version, kind) of the suggesters offered on a document: every pattern file that ran
    over it and the newest model version that did."""
    rows = s.execute(
        select(SuggesterRow.id, SuggesterRow.version, SuggesterRow.kind, SuggestedDocumentRow.created)
        .join(SuggestedDocumentRow, SuggestedDocumentRow.suggester_id == SuggesterRow.id)
        .where(SuggestedDocumentRow.document_id == document_id)
        .order_by(SuggestedDocumentRow.created.desc(), SuggesterRow.id.desc())
    ).all()
    models = [r for r in rows if r.kind == "model"]
    return [(r.id, r.version, r.kind) for r in rows if r.kind == "pattern"] + [
        (r.id, r.version, r.kind) for r in models[:1]
    ]


def pending(
    project: ProjectServices,
    document_id: int,
    annotator: Annotator,
    threshold: float = 0.0,
    versions: Sequence[str] | None = None,
) -> list[Suggestion]:
    """The suggestions pending for `annotator` on a document, scored at least `threshold` (pattern
    matches, unscored, always), in text order. `versions`: only these suggesters (default: see
    the module doc). One read, a few milliseconds."""
    with project.db.read() as s:
        if versions is None:
            suggesters = _current_suggesters(s, document_id)
        else:
            suggesters = [tuple(r) for r in s.execute(
                select(SuggesterRow.id, SuggesterRow.version, SuggesterRow.kind).where(SuggesterRow.version.in_(versions))
            ).all()]
        if not suggesters:
            return []
        info = {sid: (version, kind) for sid, version, kind in suggesters}
        rejected = exists().where(
            SuggestionRejectionRow.suggestion_id == SuggestionRow.id, SuggestionRejectionRow.annotator_id == annotator.id
        )
        rows = s.execute(
            select(SuggestionRow.id, SuggestionRow.suggester_id, SuggestionRow.start, SuggestionRow.end,
                   SuggestionRow.label, SuggestionRow.score)
            .where(SuggestionRow.document_id == document_id, SuggestionRow.suggester_id.in_(list(info)), ~rejected)
        ).all()
        present = set(s.execute(
            select(SpanRow.start, SpanRow.end)
            .join(AnnotationSetRow, AnnotationSetRow.id == SpanRow.set_id)
            .where(AnnotationSetRow.document_id == document_id, AnnotationSetRow.annotator_id == annotator.id,
                   AnnotationSetRow.kind == SetKind.ANNOTATION.value)
        ).all())
    by_key: dict[SpanKey, Suggestion] = {}
    for sid, sug_id, start, end, label, score in rows:
        if (start, end) in present:  # a span on that text, whatever its label: dealt with
            continue
        version, kind = info[sug_id]
        sug = Suggestion(sid, document_id, start, end, label, score, kind, version)
        old = by_key.get(sug.key)
        if old is None or (old.kind == "pattern" and kind == "model"):
            by_key[sug.key] = sug
    return visible(by_key.values(), threshold)


def accept(session: AnnotationSession, suggestion: Suggestion) -> Command:
    """Add the suggestion to the session's set (one transaction); returns the command that undoes it."""
    _check_session(session, [suggestion])
    return session.apply(AddSpan(suggestion.as_span()), provenance={suggestion.key: suggestion.provenance()})


def accept_all(session: AnnotationSession, suggestions: Sequence[Suggestion]) -> Command:
    """Accept every one of `suggestions` (those visible) as one step and one transaction; returns
    the command that undoes it. Those the set already holds are left out; AnnotationError when
    none is left."""
    _check_session(session, suggestions)
    todo = [sg for sg in suggestions if not session.annotations.has_span(sg.key)]
    if not todo:
        raise AnnotationError("no suggestion to accept", kind="nothing to accept")
    return session.apply(AddSpans(tuple(sg.as_span() for sg in todo)), provenance={sg.key: sg.provenance() for sg in todo})


def _check_session(session: AnnotationSession, suggestions: Iterable[Suggestion]) -> None:
    if session.kind is not SetKind.ANNOTATION or session.annotator is None:
        raise AnnotationError("suggestions are accepted into an annotator's own set")
    for sg in suggestions:
        if sg.document_id != session.document.id:
            raise AnnotationError(f"suggestion {sg.id} is of document {sg.document_id}, not {session.document.id}")


@dataclass(frozen=True)
class Rejection:
    """A stored rejection; `restore(project, rejection)` undoes it."""

    suggestion_id: int
    annotator_id: int


def reject(project: ProjectServices, suggestion: Suggestion | int, annotator: Annotator) -> Rejection:
    """The annotator rejects a suggestion (one transaction): it is not offered to them again."""
    sid = suggestion.id if isinstance(suggestion, Suggestion) else int(suggestion)
    with project.db.write() as s:
        if s.get(SuggestionRow, sid) is None:
            raise AnnotationError(f"no suggestion with id {sid}")
        known = s.scalar(select(SuggestionRejectionRow.id).where(
            SuggestionRejectionRow.suggestion_id == sid, SuggestionRejectionRow.annotator_id == annotator.id))
        if known is None:
            s.add(SuggestionRejectionRow(suggestion_id=sid, annotator_id=annotator.id, created=utcnow()))
    return Rejection(sid, annotator.id)


def restore(project: ProjectServices, rejection: Rejection) -> None:
    """Undo a rejection (one transaction): the suggestion is pending again."""
    with project.db.write() as s:
        s.execute(delete(SuggestionRejectionRow).where(
            SuggestionRejectionRow.suggestion_id == rejection.suggestion_id,
            SuggestionRejectionRow.annotator_id == rejection.annotator_id,
        ))


@dataclass(frozen=True)
class RejectSuggestion:
    """A reject as an undoable step (see `apply_step`)."""

    suggestion: Suggestion
    annotator: Annotator

    def describe(self, text: str) -> str:
        return f"reject {self.suggestion.label} “{text[self.suggestion.start:self.suggestion.end][:40]}”"


@dataclass(frozen=True)
class RestoreSuggestion:
    """The undo of a reject: the suggestion is pending again."""

    suggestion: Suggestion
    annotator: Annotator

    def describe(self, text: str) -> str:
        return f"restore suggestion {self.suggestion.label} “{text[self.suggestion.start:self.suggestion.end][:40]}”"


SuggestionStep = RejectSuggestion | RestoreSuggestion


def apply_step(project: ProjectServices, session: AnnotationSession, step: Command | SuggestionStep) -> Any:
    """Apply one step of the annotate mode's history — an edit `Command` (an accepted suggestion is
    an `AddSpan`/`AddSpans`) or a reject/restore — and return the step that undoes it, so one
    `History` holds both (one durable action each)."""
    if isinstance(step, RejectSuggestion):
        reject(project, step.suggestion, step.annotator)
        return RestoreSuggestion(step.suggestion, step.annotator)
    if isinstance(step, RestoreSuggestion):
        restore(project, Rejection(step.suggestion.id, step.annotator.id))
        return RejectSuggestion(step.suggestion, step.annotator)
    if session.annotator is None or session.document is None:
        raise AnnotationError("no annotation set is open")
    return session.apply(step)


def first_suggestions(
    project: ProjectServices, document_id: int, annotator: Annotator, threshold: float = 0.0
) -> tuple[AnnotationSession, list[Suggestion]]:
    """Open the annotator's set on a document and its pending suggestions (what the window does
    when an article opens)."""
    session = project.open_annotation(document_id, annotator)
    return session, pending(project, document_id, annotator, threshold)


# -- active learning ------------------------------------------------------------------------------
def next_document(
    project: ProjectServices, annotator: Annotator, after_id: int | None = None, version: str | None = None
) -> int | None:
    """The annotator's next document by the model's uncertainty: among the documents they have not
    finished (done or skipped), the most uncertain for the model `version` (default: the newest
    model), then those the model did not see, by id; never `after_id` itself. None when none is left."""
    with project.db.read() as s:
        if version is None:
            version = s.scalar(
                select(SuggesterRow.version).where(SuggesterRow.kind == "model").order_by(
                    SuggesterRow.created.desc(), SuggesterRow.id.desc()).limit(1)
            )
        sid = s.scalar(select(SuggesterRow.id).where(SuggesterRow.version == version)) if version else None
        finished = select(AnnotationSetRow.document_id).where(
            AnnotationSetRow.annotator_id == annotator.id,
            AnnotationSetRow.kind == SetKind.ANNOTATION.value,
            AnnotationSetRow.status.in_([Status.DONE.value, Status.SKIPPED.value]),
        )
        sd = SuggestedDocumentRow.__table__.alias("sd")
        q = (
            select(DocumentRow.id)
            .select_from(DocumentRow.__table__.outerjoin(sd, and_(sd.c.document_id == DocumentRow.id,
                                                                   sd.c.suggester_id == (sid or -1))))
            .where(DocumentRow.id.notin_(finished))
            .order_by(func.coalesce(sd.c.uncertainty, -1.0).desc(), DocumentRow.id)
        )
        if after_id is not None:
            q = q.where(DocumentRow.id != after_id)
        nid = s.scalar(q.limit(1))
    return None if nid is None else int(nid)


# -- models: train, evaluate, list --------------------------------------------------------------
def train(
    project: ProjectServices,
    out: Path,
    *,
    source: SourceSpec | None = None,
    max_steps: int | None = None,
    dev_fraction: float = 0.2,
    seed: int = 0,
    use_gpu: int = -1,
    export_progress: Progress | None = None,
    on_step: Callable[[dict[str, Any]], None] | None = None,
) -> dict[str, Any]:
    """Export (`out/data`), train spaCy's NER with the exported config (`out/model-best`,
    `out/model-last`), score the best model on the dev split per label, and record the model
    (path, version, training data, scores) in the database. Returns that record."""
    from annotator.nlp.suggest import dev_scores, load_model, model_version, train_pipeline

    t0 = time.perf_counter()
    out = Path(out)
    spec = source or SourceSpec("gold")
    data = export_spacy(project, out / "data", source=spec, dev_fraction=dev_fraction, seed=seed,
                        pipeline="ner", progress=export_progress)
    if data["dev_documents"] == 0 or data["train_documents"] == 0:
        raise SuggestError(
            f"cannot train on {data['documents']} document(s): both the train and the dev split need one "
            "(annotate more documents)"
        )
    t1 = time.perf_counter()
    model_dir = train_pipeline(Path(data["files"]["config"]), out, max_steps=max_steps, use_gpu=use_gpu, on_step=on_step)
    t2 = time.perf_counter()
    nlp = load_model(model_dir)
    scores = dev_scores(nlp, Path(data["files"]["dev"]))
    version = model_version(model_dir)
    training = {
        "source": spec.describe(), "documents": data["documents"], "train_documents": data["train_documents"],
        "dev_documents": data["dev_documents"], "spans": data["spans_exported"], "max_steps": max_steps,
        "data": str((out / "data").resolve()), "seconds": {"export": round(t1 - t0, 2), "train": round(t2 - t1, 2)},
    }
    with project.db.write() as s:
        suggester_row(s, version, "model", str(model_dir.resolve()), training=training, scores=scores)
    return {"version": version, "path": str(model_dir.resolve()), "training": training, "scores": scores,
            "seconds": round(time.perf_counter() - t0, 2)}


def evaluate(project: ProjectServices, model_dir: Path, source: SourceSpec | None = None,
             nlp: Any = None) -> dict[str, Any]:
    """Exact-match precision, recall and F1 per label of a model against stored sets (`source`,
    default gold), every document of the source (not only a dev split)."""
    from annotator.nlp.suggest import ModelPredictor, load_model, model_version, span_scores

    spec = source or SourceSpec("gold")
    plan = plan_sets(project, spec)
    if not plan:
        raise SuggestError(f"no document has an annotation set for --source {spec.describe()}")
    nlp = nlp if nlp is not None else load_model(Path(model_dir))
    predictor = ModelPredictor(nlp, spans_key=project.schema.span_key)
    pairs = []
    ids = sorted(plan)
    for i in range(0, len(ids), BATCH_DOCS):
        items = [(doc, aset) for doc, sets in iter_annotated(project, ids[i : i + BATCH_DOCS], plan) for aset in sets]
        for (_doc, aset), pred in zip(items, predictor.pipe([d.text for d, _ in items]), strict=True):
            pairs.append(({(m.start, m.end, m.label) for m in pred.matches}, {s.key for s in aset.spans}))
    result = span_scores(pairs)
    result.update(version=model_version(Path(model_dir)), documents=len(pairs), source=spec.describe())
    return result


def suggesters(project: ProjectServices) -> list[dict[str, Any]]:
    """Every suggester (models and pattern files) with its suggestion count, newest first."""
    with project.db.read() as s:
        counts = dict(s.execute(select(SuggestionRow.suggester_id, func.count()).group_by(SuggestionRow.suggester_id)).all())
        return [
            {"version": r.version, "kind": r.kind, "path": r.path, "training": r.training, "scores": r.scores,
             "created": r.created.isoformat(timespec="seconds"), "suggestions": int(counts.get(r.id, 0))}
            for r in s.scalars(select(SuggesterRow).order_by(SuggesterRow.created.desc(), SuggesterRow.id.desc()))
        ]


# -- review ---------------------------------------------------------------------------------------
def gold_provenance(project: ProjectServices, document_id: int) -> dict[SpanKey, list[dict[str, Any]]]:
    """For each gold span of a document that some annotator took from a suggestion: who, from which
    suggester (kind, version) and with which score — what the reviewer sees next to gold spans."""
    with project.db.read() as s:
        gold = set(s.execute(
            select(SpanRow.start, SpanRow.end, SpanRow.label).join(AnnotationSetRow, AnnotationSetRow.id == SpanRow.set_id)
            .where(AnnotationSetRow.document_id == document_id, AnnotationSetRow.kind == SetKind.GOLD.value)
        ).all())
        rows = s.execute(
            select(SpanRow.start, SpanRow.end, SpanRow.label, SpanRow.source, SpanRow.meta, AnnotatorRow.name)
            .join(AnnotationSetRow, AnnotationSetRow.id == SpanRow.set_id)
            .join(AnnotatorRow, AnnotatorRow.id == AnnotationSetRow.annotator_id)
            .where(AnnotationSetRow.document_id == document_id, AnnotationSetRow.kind == SetKind.ANNOTATION.value,
                   SpanRow.source.in_([Source.MODEL.value, Source.PATTERN.value]))
        ).all()
    out: dict[SpanKey, list[dict[str, Any]]] = {}
    for start, end, label, source, meta, name in rows:
        if (start, end, label) in gold:
            meta = meta or {}
            out.setdefault((start, end, label), []).append(
                {"annotator": name, "source": source, "suggester": meta.get("suggester"), "score": meta.get("score")}
            )
    return out


__all__ = [
    "RejectSuggestion",
    "Rejection",
    "RestoreSuggestion",
    "RunReport",
    "SuggestError",
    "SuggestionStep",
    "accept",
    "accept_all",
    "align_matches",
    "apply_step",
    "evaluate",
    "first_suggestions",
    "gold_provenance",
    "next_document",
    "next_suggestion",
    "pending",
    "reject",
    "restore",
    "select_documents",
    "suggest_model",
    "suggest_patterns",
    "suggesters",
    "train",
]
