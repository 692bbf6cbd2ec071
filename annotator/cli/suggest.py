"""`annotator suggest`, `annotator train`, `annotator evaluate`: suggestions from patterns or a model."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer

from annotator.cli.app import app, current_user, fail, open_project
from annotator.core.errors import AnnotatorError

SourceOpt = Annotated[
    str, typer.Option("--source", metavar="SOURCE", help="gold | annotator:NAME | all (every annotation set).")
]
JsonOpt = Annotated[bool, typer.Option("--json", help="One JSON object.")]


@app.command("suggest")
def suggest(
    patterns: Annotated[Path | None, typer.Option("--patterns", metavar="FILE", help="spaCy/Prodigy pattern JSONL, or text<TAB>label lines (the bundled gazetteer: resources/patterns/vn_kr_entities.tsv).")] = None,
    model: Annotated[Path | None, typer.Option("--model", metavar="DIR", help="A spaCy pipeline folder (e.g. the model-best that annotator train wrote).")] = None,
    documents: Annotated[str | None, typer.Option("--documents", metavar="FILTER", help="all | todo (not done by --user; the default with --user) | ids:1,4,10-20 | uid:A,B | a text search.")] = None,
    batch_size: Annotated[int, typer.Option("--batch-size", metavar="N", help="Documents per nlp.pipe batch (--model).")] = 32,
    list_: Annotated[bool, typer.Option("--list", help="List the models and pattern files that made suggestions, with their scores.")] = False,
    as_json: JsonOpt = False,
) -> None:
    """Store suggestions (apart from annotations) made by a pattern file or a trained model.

    Nothing counts a suggestion (stats, agreement, export) until an annotator accepts it in the
    window. Give --user NAME (before the command) to suggest on that annotator's unfinished
    documents and see how many are pending for them.
    """
    from annotator.cli.progress import progress_bar
    from annotator.services import suggest as svc

    project = open_project(initialize=False)
    if list_:
        rows = svc.suggesters(project)
        if as_json:
            typer.echo(json.dumps(rows, ensure_ascii=False, indent=2))
            return
        for r in rows:
            f1 = ((r.get("scores") or {}).get("all") or {}).get("f")
            typer.echo(f"{r['version']}\t{r['kind']}\t{r['suggestions']} suggestion(s)\t"
                       f"{'dev F1 ' + format(f1, '.3f') if f1 is not None else ''}\t{r['path']}")
        return
    if (patterns is None) == (model is None):
        fail("give one of --patterns FILE or --model DIR")
    if batch_size < 1:
        fail("--batch-size must be at least 1")
    user = current_user(project, required=False)
    try:
        ids = svc.select_documents(project, documents, user)
        if not ids:
            fail(f"no document matches --documents {documents or ('todo' if user else 'all')}")
        with progress_bar("Suggesting", unit="documents") as progress:
            if patterns is not None:
                report = svc.suggest_patterns(project, patterns, ids, annotator=user, progress=progress)
            else:
                report = svc.suggest_model(project, model, ids, annotator=user, batch_size=batch_size,
                                           progress=progress)
    except AnnotatorError as exc:
        fail(str(exc))
    data = report.to_dict()
    if as_json:
        typer.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    typer.echo(f"{report.version}: {report.documents} document(s), {report.found} match(es), "
               f"{report.suggestions} new suggestion(s) stored ({report.docs_per_s} documents/s).")
    if report.pending_for_user is not None:
        typer.echo(f"  pending for {user.name}: {report.pending_for_user}")
    if report.snapped:
        typer.echo(f"  {len(report.snapped)} match(es) did not fall on token edges and were widened to whole tokens "
                   "(meta.snapped_from keeps the original offsets):", err=True)
        for m in report.snapped[:10]:
            typer.echo(f"    document {m['document']}: {m['start']}-{m['end']} {m['label']} {m['text']!r} "
                       f"-> {m['snapped_to'][0]}-{m['snapped_to'][1]}", err=True)
    if report.unaligned:
        typer.echo(f"  {len(report.unaligned)} match(es) hold no whole token and were not stored:", err=True)
        for m in report.unaligned[:10]:
            typer.echo(f"    document {m['document']}: {m['start']}-{m['end']} {m['label']} {m['text']!r}", err=True)
    for label, n in sorted(report.unknown_labels.items()):
        typer.echo(f"  {n} match(es) labelled {label!r}, not a label of the schema: not stored", err=True)


@app.command("train")
def train(
    out: Annotated[Path, typer.Option("--out", metavar="DIR", help="Training folder: data/ (the export), model-best/, model-last/.")] = Path("model"),
    source: SourceOpt = "gold",
    max_steps: Annotated[int | None, typer.Option("--max-steps", metavar="N", help="Stop after N training steps (default: spaCy's config, up to its patience).")] = None,
    dev_fraction: Annotated[float, typer.Option("--dev-fraction", metavar="FRACTION", help="Share of documents in the dev split.")] = 0.2,
    seed: Annotated[int, typer.Option("--seed", metavar="N", help="Seed of the split and of training.")] = 0,
    gpu: Annotated[int, typer.Option("--gpu", metavar="ID", help="GPU id to train on (-1: CPU).")] = -1,
    as_json: JsonOpt = False,
) -> None:
    """Export, train spaCy's NER on it (CPU by default), score it on the dev split per label, and
    record the model (path, version, data, scores) in the database."""
    from annotator.cli.progress import progress_bar
    from annotator.services import export as export_svc
    from annotator.services import suggest as svc

    if max_steps is not None and max_steps < 1:
        fail("--max-steps must be at least 1")
    project = open_project(initialize=False)

    def on_step(info: dict[str, Any]) -> None:
        losses = ", ".join(f"{k} {v:.1f}" for k, v in (info.get("losses") or {}).items())
        score = info.get("score")
        line = f"  step {info.get('step')}, epoch {info.get('epoch')}: loss {losses or '-'}"
        if isinstance(score, (int, float)):
            line += f"; dev score {score:.3f}"
        typer.echo(line, err=True)

    try:
        spec = export_svc.parse_source(source)
        with progress_bar("Exporting", unit="documents") as progress:
            typer.echo(f"Training on {spec.describe()} (CPU)" if gpu < 0 else f"Training on GPU {gpu}", err=True)
            result = svc.train(project, out, source=spec, max_steps=max_steps, dev_fraction=dev_fraction, seed=seed,
                               use_gpu=gpu, export_progress=progress, on_step=on_step)
    except AnnotatorError as exc:
        fail(str(exc))
    if as_json:
        typer.echo(json.dumps(result, ensure_ascii=False, indent=2))
        return
    t = result["training"]
    typer.echo(f"Model {result['version']} at {result['path']}")
    typer.echo(f"  trained on {t['train_documents']} document(s), scored on {t['dev_documents']} (dev), "
               f"{t['seconds']['train']} s")
    _print_scores(result["scores"])
    typer.echo(f"  suggest with: annotator suggest --model {result['path']}")


@app.command("evaluate")
def evaluate(
    model: Annotated[Path, typer.Option("--model", metavar="DIR", help="A spaCy pipeline folder.")],
    source: SourceOpt = "gold",
    as_json: JsonOpt = False,
) -> None:
    """Per-label precision, recall and F1 (exact spans) of a model against stored sets."""
    from annotator.services import export as export_svc
    from annotator.services import suggest as svc

    project = open_project(initialize=False)
    try:
        result = svc.evaluate(project, model, export_svc.parse_source(source))
    except AnnotatorError as exc:
        fail(str(exc))
    if as_json:
        typer.echo(json.dumps(result, ensure_ascii=False, indent=2))
        return
    typer.echo(f"{result['version']} against {result['source']}: {result['documents']} document(s)")
    _print_scores(result)


def _print_scores(scores: dict[str, Any]) -> None:
    typer.echo(f"  {'label':<14}{'P':>8}{'R':>8}{'F1':>8}{'gold':>7}{'found':>7}")
    rows = [*scores["labels"].items(), ("all (micro)", scores["all"])]
    for label, s in rows:
        typer.echo(f"  {label:<14}{s['p']:>8.3f}{s['r']:>8.3f}{s['f']:>8.3f}{s['tp'] + s['fn']:>7}{s['tp'] + s['fp']:>7}")
