"""`annotator export spacy|prodigy|brat|doccano|labelstudio|conll --out PATH`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from annotator.cli.app import app, current_user, fail, open_project, reviewer_or_fail
from annotator.core.errors import AnnotatorError

export_app = typer.Typer(help="Export annotations: spaCy training data or an interchange format.", no_args_is_help=True)
app.add_typer(export_app, name="export")

SourceOpt = Annotated[
    str, typer.Option("--source", metavar="SOURCE", help="gold | annotator:NAME | all (every annotation set).")
]
def check_source(project, source: str, fallback: str | None) -> None:
    """Exporting another annotator's set (`annotator:NAME`, `all`, a fallback annotator) needs the
    reviewer role (on a team server: reviewer or manager); gold and one's own set do not."""
    if project.db.team:
        me = project.annotators.me().name
    else:
        user = current_user(project, required=False)
        me = user.name if user is not None else None
    s = (source or "").strip()
    names = {fallback} if fallback else set()
    if s.startswith("annotator:"):
        names.add(s[len("annotator:"):].strip())
    others = s == "all" or any(n != me for n in names)
    if others:
        reviewer_or_fail(project, f"exporting other annotators' sets (--source {s}"
                         + (f" --fallback-annotator {fallback}" if fallback else "") + ")", managers=True)


FallbackOpt = Annotated[
    str | None,
    typer.Option("--fallback-annotator", metavar="NAME", help="With --source gold: this annotator's set where a document has no gold set."),
]


@export_app.command("spacy")
def export_spacy(
    out: Annotated[Path, typer.Option("--out", metavar="DIR", help="Output folder (created).")],
    source: SourceOpt = "gold",
    fallback: FallbackOpt = None,
    dev_fraction: Annotated[float, typer.Option("--dev-fraction", metavar="FRACTION", help="Share of documents in dev.spacy.")] = 0.2,
    seed: Annotated[int, typer.Option("--seed", metavar="N", help="Seed of the train/dev split.")] = 0,
    pipeline: Annotated[str, typer.Option("--pipeline", metavar="[ner|spancat]", help="ner (flat doc.ents) or spancat (nested spans).")] = "ner",
) -> None:
    """Write train/dev .spacy, config.cfg (run: python -m spacy train OUT/config.cfg) and report.json."""
    from annotator.cli.progress import progress_bar
    from annotator.services import export as svc

    project = open_project(initialize=False)
    check_source(project, source, fallback)
    try:
        spec = svc.parse_source(source, fallback)
        with progress_bar("Exporting", unit="documents") as progress:
            report = svc.export_spacy(
                project, out, source=spec, dev_fraction=dev_fraction, seed=seed, pipeline=pipeline, progress=progress
            )
    except AnnotatorError as exc:
        fail(str(exc))
    typer.echo(
        f"{report['documents']} document(s) ({report['train_documents']} train, {report['dev_documents']} dev), "
        f"{report['spans']} span(s): {report['ents']} in doc.ents, {report['spans_only_in_group']} only in "
        f"doc.spans[{report['span_key']!r}]; {report['relations']} relation(s)."
    )
    if report["misaligned"]:
        typer.echo(f"  {len(report['misaligned'])} span(s) could not be aligned to tokens (listed in report.json):", err=True)
        for m in report["misaligned"][:10]:
            typer.echo(f"    document {m['document']}: {m['start']}-{m['end']} {m['label']} {m['text']!r}", err=True)
    if report["dev_documents"] == 0:
        why = (
            "use --dev-fraction 0.2 (or more)" if dev_fraction == 0
            else "one document cannot be split: add more documents"
        )
        typer.echo(f"  the dev set is empty, and spacy train needs one: {why}", err=True)
        return
    typer.echo(f"  train with: python -m spacy train {(out / 'config.cfg').resolve()} --output MODEL_DIR")


def _interchange_command(fmt: str, help_text: str) -> None:
    def command(
        out: Annotated[Path, typer.Option("--out", metavar="PATH", help="Output file or folder.")],
        source: SourceOpt = "all",
        fallback: FallbackOpt = None,
    ) -> None:
        from annotator.cli.progress import progress_bar
        from annotator.services import export as svc
        from annotator.services import interchange

        project = open_project(initialize=False)
        check_source(project, source, fallback)
        try:
            spec = svc.parse_source(source, fallback)
            with progress_bar("Exporting", unit="documents") as progress:
                result = interchange.export_files(project, out, fmt, source=spec, progress=progress)
        except AnnotatorError as exc:
            fail(str(exc))
        typer.echo(
            f"{result['documents']} document(s), {result['spans']} span(s), {result['relations']} relation(s) "
            f"written to {result['path']}"
        )
        for note in result.get("notes", []):
            typer.echo(f"  note: {note}")

    command.__doc__ = help_text
    export_app.command(fmt)(command)


for _fmt, _help in (
    ("prodigy", "Prodigy JSONL (ner_manual / spans_manual / relations), one line per annotation set."),
    ("brat", "brat standoff: a folder of DOC.txt + DOC.ann and annotation.conf from the schema."),
    ("doccano", "doccano JSONL with entities and relations (one line per annotation set)."),
    ("labelstudio", "Label Studio JSON (full export): one task per document, one annotation per set."),
    ("conll", "CoNLL IOB2, one syllable a line, -DOCSTART- between documents."),
):
    _interchange_command(_fmt, _help)
