"""`annotator search`: the concordance of a phrase (every hit in the corpus, in context), and label-all."""

from __future__ import annotations

import json
from typing import Annotated

import typer

from annotator.cli.app import app, current_user, fail, open_project, state
from annotator.core.errors import AnnotatorError


def _one_line(s: str) -> str:
    """A piece of text on one line: line breaks shown as ¶, tabs as spaces."""
    return s.replace("\n", "¶").replace("\t", " ")


def _parse_after(text: str | None) -> tuple[int, int] | None:
    if text is None:
        return None
    doc, _, start = text.partition(":")
    try:
        return int(doc), int(start or -1)
    except ValueError:
        fail(f"--after must be DOCUMENT_ID:START (as the previous page printed), not {text!r}")
    return None


@app.command("search")
def search_cmd(
    phrase: Annotated[str, typer.Argument(metavar="PHRASE", help="What to find: case and diacritics are ignored (binh thuan finds Bình Thuận).")],
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object.")] = False,
    user: Annotated[str | None, typer.Option("--user", metavar="NAME", help="Whose annotation set says which hits are labelled (else the global --user).")] = None,
    limit: Annotated[int, typer.Option("--limit", metavar="N", help="At most N hits (one page).")] = 200,
    after: Annotated[str | None, typer.Option("--after", metavar="DOC:START", help="Begin after this hit (the 'more:' line of the previous page).")] = None,
    width: Annotated[int, typer.Option("--context", metavar="N", help="Characters of context on each side.")] = 40,
    mine: Annotated[bool, typer.Option("--mine", help="Only documents assigned to the user.")] = False,
    label: Annotated[str | None, typer.Option("--label", metavar="LABEL", help="Label every hit of the corpus not yet labelled in the user's set (one undoable step per document in the window's history; here: one transaction per document).")] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="With --label: show what would be labelled, change nothing.")] = False,
) -> None:
    """Every hit of PHRASE in the corpus with its context, grouped by document.

    Each hit says whether the user's set (--user NAME) already labels it: `labelled LABEL` (a span
    with exactly these offsets), `overlaps LABEL` (spans that overlap it), or nothing. With
    --label, hits not labelled yet are labelled (snapped to whole tokens; hits that start or end
    inside a word are listed and left alone), only on documents the user may write.
    """
    from annotator.services import concordance as conc

    if limit < 1:
        fail("--limit must be at least 1")
    if width < 0:
        fail("--context must be 0 or more")
    if user:
        state.user = user
    project = open_project(initialize=False)
    try:
        annotator = current_user(project, required=label is not None)
        if label is not None:
            hits = conc.search_all(project, phrase, annotator, mine_only=mine)
            preview = conc.preview_label(project, annotator, label, hits, query=phrase, only_free=True)
            outcome = None if dry_run else conc.apply_label(project, preview)
            _print_label(preview, outcome, as_json)
            if outcome is not None and outcome.failed:
                raise typer.Exit(1)
            return
        result = conc.search(project, phrase, annotator, limit=limit, after=_parse_after(after), width=width,
                             mine_only=mine)
    except AnnotatorError as exc:
        fail(str(exc))
        return
    finally:
        project.close()
    if as_json:
        typer.echo(json.dumps(result.to_dict(), ensure_ascii=False, indent=1))
        return
    for d in result.documents:
        mark = "" if d.writable or annotator is None else "  (not yours to label)"
        typer.echo(f"#{d.document_id} {d.uid}  {_one_line(d.title)}  [{len(d.hits)} hit(s)]{mark}")
        for h in d.hits:
            state_ = (f"labelled {','.join(h.labels)}" if h.labels else
                      "overlaps " + ",".join(sorted({s.label for s in h.overlapping})) if h.overlapping else "")
            typer.echo(f"  {h.start}-{h.end}\t{_one_line(h.left):>{width}} [{_one_line(h.text)}] "
                       f"{_one_line(h.right):<{width}}\t{state_}".rstrip())
    typer.echo(f"{result.hit_count} hit(s) in {len(result.documents)} document(s)"
               + (f"; more: --after {result.next_after[0]}:{result.next_after[1]}" if result.next_after else ""))


def _print_label(preview, outcome, as_json: bool) -> None:
    if as_json:
        out = preview.to_dict()
        if outcome is not None:
            out["applied"] = {"documents": len(outcome.steps), "spans": outcome.span_count,
                              "failed": [{"document_id": d, "reason": r} for d, r in outcome.failed]}
        typer.echo(json.dumps(out, ensure_ascii=False, indent=1))
        return
    for d in preview.documents:
        typer.echo(f"#{d.document_id} {_one_line(d.title)}: {len(d.spans)} span(s) {preview.label}")
    for x in preview.unsnappable:
        typer.echo(f"  not labelled #{x.hit.document_id} {x.hit.start}-{x.hit.end} “{_one_line(x.hit.text)}”: {x.reason}")
    verb = "would label" if outcome is None else "labelled"
    done = preview.span_count if outcome is None else outcome.span_count
    docs = len(preview.documents) if outcome is None else len(outcome.steps)
    typer.echo(f"{verb} {done} hit(s) in {docs} document(s) as {preview.label}; "
               f"{len(preview.unsnappable)} inside a word, {len(preview.skipped)} skipped (already labelled or not yours)")
    if outcome is not None:
        for doc_id, reason in outcome.failed:
            typer.echo(f"annotator: error: document #{doc_id}: {reason}; nothing written there", err=True)
