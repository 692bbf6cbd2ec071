"""`annotator review merge|status|show|decide` and `annotator agreement`."""

from __future__ import annotations

import json
from typing import Annotated, Any

import typer

from annotator.cli.app import app, current_user, fail, open_project, reviewer_or_fail
from annotator.core.errors import AnnotatorError

review_app = typer.Typer(
    help="Adjudicate: merge the annotators' work into gold, see what is left, decide candidates.",
    no_args_is_help=True,
)
app.add_typer(review_app, name="review")

JsonOpt = Annotated[bool, typer.Option("--json", help="One JSON object.")]


def _reviewer(project):
    user = current_user(project)
    if not user.is_reviewer:
        fail(f"{user.name} is not a reviewer: run as --user {user.name} --role reviewer (before the command)")
    return user


def _console():
    from rich.console import Console

    return Console()


def _fmt(x: Any) -> str:
    if x is None:
        return "–"
    if isinstance(x, float):
        return f"{x:.3f}"
    return str(x)


@review_app.command("merge")
def merge(
    policy: Annotated[str, typer.Option("--policy", metavar="POLICY", help="unanimous | majority | min-agree:N")] = "unanimous",
    document: Annotated[int | None, typer.Option("--document", metavar="DOC_ID", help="Only this document id.")] = None,
    as_json: JsonOpt = False,
) -> None:
    """Write gold sets: candidates the policy accepts; reviewer decisions always win and are kept."""
    from annotator.services.review import Review

    project = open_project(initialize=False)
    try:
        reviewer = _reviewer(project)
        report = Review(project).merge(policy, reviewer, document_id=document)
    except AnnotatorError as exc:
        fail(f"{exc}\nnothing was changed")
    if as_json:
        typer.echo(json.dumps(report.to_dict(), indent=2))
        return
    typer.echo(
        f"merged {report.documents} document(s) with policy {report.policy}: "
        f"+{report.spans_added}/-{report.spans_removed} span(s), "
        f"+{report.relations_added}/-{report.relations_removed} relation(s) in gold; "
        f"{report.decisions_kept} reviewer decision(s) kept; {report.conflicts_left} conflict(s) left."
    )


@review_app.command("status")
def status(
    as_json: JsonOpt = False,
    show_all: Annotated[bool, typer.Option("--all", help="List every document, not only those left to adjudicate.")] = False,
) -> None:
    """Documents left to adjudicate and the conflicts left in each."""
    from annotator.services.review import Review

    project = open_project(initialize=False)
    try:
        review = Review(project)
        rows = review.status()
    except AnnotatorError as exc:
        fail(str(exc))
    left = [r for r in rows if r.state in ("to merge", "conflicts")]
    summary = {
        "documents_total": len(rows),
        "documents_left": len(left),
        "documents_done": sum(1 for r in rows if r.state == "done"),
        "conflicts_left": sum(r.conflicts_left for r in rows),
    }
    shown = rows if show_all else left
    if as_json:
        from dataclasses import asdict

        typer.echo(json.dumps({**summary, "documents": [asdict(r) for r in shown]}, ensure_ascii=False, indent=2))
        return
    from rich.table import Table

    console = _console()
    console.print(
        f"[bold]{summary['documents_left']}[/] document(s) left to adjudicate, {summary['documents_done']} done, "
        f"{summary['conflicts_left']} conflict(s) left — {summary['documents_total']} document(s) in all"
    )
    if not shown:
        return
    columns = ("id", "title", "state", "annotators", "finished", "candidates", "conflicts", "gold spans")
    cells = [
        (str(r.document_id), " ".join(r.title.split())[:50], r.state, str(r.participants), str(r.finished),
         str(r.candidates), str(r.conflicts_left), str(r.gold_spans))
        for r in shown
    ]
    if len(cells) > _RICH_ROWS:  # a rich table lays out every row (seconds at 10,000): plain columns
        widths = [max(len(columns[i]), *(len(c[i]) for c in cells)) for i in range(len(columns))]
        left = {1, 2}

        def fmt(row: tuple[str, ...]) -> str:
            return "  ".join(v.ljust(w) if i in left else v.rjust(w) for i, (v, w) in enumerate(zip(row, widths, strict=True)))

        typer.echo("\n".join([fmt(columns), "  ".join("-" * w for w in widths), *map(fmt, cells)]))
        return
    t = Table(title="Review status" if show_all else "Left to adjudicate")
    for col in columns:
        t.add_column(col, justify="right" if col not in ("title", "state") else "left")
    for row in cells:
        t.add_row(*row)
    console.print(t)


_RICH_ROWS = 200  # longer listings are printed as plain columns


@review_app.command("show")
def show(
    document: Annotated[int, typer.Argument(metavar="DOC_ID", help="Document id.")],
    conflicts_only: Annotated[bool, typer.Option("--conflicts", help="Only open candidates.")] = False,
    as_json: JsonOpt = False,
) -> None:
    """The candidates of a document: who made what, conflicts, state."""
    from annotator.services.review import Review

    project = open_project(initialize=False)
    reviewer_or_fail(project, "review show (every annotator's spans)")
    try:
        adj = Review(project).candidates(document)
        text = project.document(document).text
    except AnnotatorError as exc:
        fail(str(exc))
    cands = adj.conflicts() if conflicts_only else list(adj.candidates)
    rows = []
    for c in cands:
        if c.kind == "span":
            what = f"{c.label} “{text[c.start:c.end]}”"
        else:
            what = f"{c.label}: “{text[c.head[0]:c.head[1]]}” → “{text[c.tail[0]:c.tail[1]]}”"
        rows.append(
            {
                "kind": c.kind,
                "key": c.key,
                "text": what,
                "state": c.state.value,
                "annotators": sorted(c.annotators),
                "conflicts": sorted(x.value for x in c.conflicts),
                "decided_by": c.decided_by,
            }
        )
    if as_json:
        typer.echo(json.dumps({"document_id": document, "policy": str(adj.policy), "participants": list(adj.participants),
                               "finished": list(adj.finished), "conflicts_left": adj.conflicts_left,
                               "candidates": rows}, ensure_ascii=False, indent=2))
        return
    from rich.table import Table

    t = Table(title=f"Document {document}: {adj.conflicts_left} conflict(s) left (policy {adj.policy}; "
                    f"finished: {', '.join(adj.finished) or 'nobody'})")
    for col in ("key", "candidate", "state", "made by", "conflicts", "decided by"):
        t.add_column(col)
    for r in rows:
        t.add_row(json.dumps(r["key"], ensure_ascii=False), r["text"][:60], r["state"], ", ".join(r["annotators"]),
                  ", ".join(r["conflicts"]), r["decided_by"] or "")
    _console().print(t)


@review_app.command("decide")
def decide(
    document: Annotated[int, typer.Argument(metavar="DOC_ID", help="Document id.")],
    # "\\[": the help is rich markup, where an unescaped [..] is read as a style tag and vanishes
    key: Annotated[str, typer.Argument(metavar="KEY", help='Candidate key as JSON: \\[start,end,"LABEL"] or \\[\\[s,e,"L"],\\[s,e,"L"],"REL"].')],
    decision: Annotated[str, typer.Argument(metavar="DECISION", help="accept | reject | clear")],
) -> None:
    """Accept or reject one candidate (applied to gold at once), or clear the decision."""
    from annotator.services.review import Review

    project = open_project(initialize=False)
    try:
        parsed = json.loads(key)
    except json.JSONDecodeError as exc:
        fail(f"key {key!r} is not JSON: {exc.msg}")
    if decision not in ("accept", "reject", "clear"):
        fail("decision must be accept, reject or clear")
    try:
        reviewer = _reviewer(project)
        review = Review(project)
        # what the reviewer decides on: a decision someone else records meanwhile is a conflict,
        # not silently overwritten
        review.candidates(document)
        if decision == "clear":
            adj = review.clear_decision(document, parsed, reviewer)
        else:
            adj = review.decide(document, parsed, decision, reviewer)
    except AnnotatorError as exc:
        fail(f"{exc}\nnothing was changed")
    typer.echo(f"document {document}: {decision} recorded; {adj.conflicts_left} conflict(s) left.")


@app.command("agreement")
def agreement(
    as_json: JsonOpt = False,
    label: Annotated[str | None, typer.Option("--label", metavar="LABEL", help="Only this entity label.")] = None,
    by_document: Annotated[bool, typer.Option("--by-document", help="Every compared document, hardest first.")] = False,
    model: Annotated[str | None, typer.Option("--model", metavar="VERSION", help="Also compare a model (or pattern file) as the pseudo-annotator model:VERSION (versions: annotator suggest --list).")] = None,
) -> None:
    """Inter-annotator agreement: span F1, Cohen's κ, Krippendorff's α, relation F1, confusions."""
    from annotator.services.review import Review

    project = open_project(initialize=False)
    try:
        data = Review(project).agreement(label=label, by_document=by_document, model=model)
    except AnnotatorError as exc:
        fail(str(exc))
    withheld = not _may_see_annotators(project)
    if withheld:  # the figures of each annotator (pairs) need the reviewer role (issue 11)
        data["pairs"] = []
        data["pairs_withheld"] = "figures per annotator need the reviewer role (--user NAME --role reviewer)"
    if as_json:
        typer.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    _print_agreement(data, by_document)
    if withheld:
        _console().print(f"Per-annotator figures not shown: {data['pairs_withheld']}.")


def _may_see_annotators(project) -> bool:
    """A reviewer (on a team server: a reviewer or a manager) sees each annotator's figures."""
    if project.db.team:
        return bool({"reviewer", "manager"} & project.annotators.groups())
    user = current_user(project, required=False)
    return user is not None and user.is_reviewer


def _print_agreement(data: dict[str, Any], by_document: bool) -> None:
    from rich.table import Table

    console = _console()
    scope = f" (label {data['label']})" if data["label"] else ""
    console.print(
        f"[bold]Agreement{scope}[/]: {data['documents_compared']} document(s) finished by ≥ 2 annotators "
        f"of {data['documents_in_project']}; {data['tokens']} tokens. Unfinished documents count as missing."
    )
    console.print(
        f"span F1 {_fmt(data['span_f1'])} (overlap {_fmt(data['overlap_f1'])}) · Krippendorff's α "
        f"{_fmt(data['krippendorff_alpha'])} · mean Cohen's κ {_fmt(data['cohen_kappa'])} · relation F1 "
        f"{_fmt(data['relation_f1'])}"
    )
    if not data["pairs"]:
        console.print("No two annotators have finished the same document yet.")
        return
    t = Table(title="Annotator pairs")
    for col in ("a", "b", "documents", "span F1", "overlap F1", "Cohen's κ", "relation F1"):
        t.add_column(col, justify="left" if col in ("a", "b") else "right")
    for p in data["pairs"]:
        t.add_row(p["a"], p["b"], str(p["documents"]), _fmt(p["span_f1"]), _fmt(p["overlap_f1"]),
                  _fmt(p["cohen_kappa"]), _fmt(p["relation_f1"]))
    console.print(t)
    t = Table(title="By label (all pairs pooled)")
    for col in ("label", "spans", "matched", "span F1", "overlap F1"):
        t.add_column(col, justify="left" if col == "label" else "right")
    for name, v in data["by_label"].items():
        if v["spans"]:
            t.add_row(name, str(v["spans"]), str(v["matched"]), _fmt(v["span_f1"]), _fmt(v["overlap_f1"]))
    console.print(t)
    conf = data["confusion"]
    labels = conf["labels"]
    rows = conf.get("rows", labels)
    pairs = []
    for i, row_label in enumerate(rows):
        for j, n in enumerate(conf["matrix"][i]):
            li = labels.index(row_label)
            if n and (j >= li or "rows" in conf):
                pairs.append((n, row_label, labels[j]))
    if pairs:
        t = Table(title="Label confusions (overlapping spans without an exact match)")
        for col in ("one said", "the other said", "times"):
            t.add_column(col, justify="right" if col == "times" else "left")
        for n, x, y in sorted(pairs, reverse=True)[:15]:
            t.add_row(x, y if y != x else f"{y} (other extent)", str(n))
        console.print(t)
    docs = data["documents"]
    if docs:
        t = Table(title="Documents, hardest first" + ("" if by_document else f" (top {len(docs)}; --by-document for all)"))
        for col in ("id", "title", "annotators", "spans", "agreed", "span F1", "disagreements"):
            t.add_column(col, justify="left" if col == "title" else "right")
        for d in docs:
            t.add_row(str(d["document_id"]), d["title"][:50], str(d["annotators"]), str(d["spans"]), str(d["agreed"]),
                      _fmt(d["span_f1"]), str(d["disagreements"]))
        console.print(t)
