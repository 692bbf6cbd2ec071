"""The typer application: global options and the foundation commands."""

from __future__ import annotations

import importlib
import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from annotator.core.errors import AnnotatorError, SchemaChangeError, SchemaError

app = typer.Typer(
    help="Label Vietnamese news (entities and relations) and export spaCy training data.",
    no_args_is_help=False,
    add_completion=False,
    pretty_exceptions_enable=False,
)
schema_app = typer.Typer(help="Check, show, set and migrate annotation schemas.", no_args_is_help=True)
db_app = typer.Typer(help="Database maintenance.", no_args_is_help=True)
app.add_typer(schema_app, name="schema")
app.add_typer(db_app, name="db")

# Modules that add commands to `app` (imported at the end of this file).
_COMMAND_MODULES: list[str] = ["annotator.cli.export", "annotator.cli.review", "annotator.cli.suggest", "annotator.cli.server",
                               "annotator.cli.search", "annotator.cli.notes"]


class State:
    db: str | None = None
    user: str | None = None
    role: str | None = None
    lang: str | None = None


state = State()


def fail(message: str, code: int = 1) -> None:
    typer.echo(f"annotator: error: {message}", err=True)
    raise typer.Exit(code)


def open_project(initialize: bool | str = True):
    from annotator.services.project import Project

    try:
        return Project.open(state.db, initialize=initialize)
    except AnnotatorError as exc:
        fail(str(exc))


def current_user(project, required: bool = True):
    """The annotator named by `--user` (created if new; `--role` sets the role)."""
    if not state.user:
        if required:
            fail("this command needs --user NAME (given before the command)")
        return None
    return project.annotator(state.user, role=state.role)


def reviewer_or_fail(project, what: str, managers: bool = False):
    """The user, when she may see every annotator's work for `what`: a reviewer (on a team server
    also a manager, with `managers`). Else a one-line "not allowed" error (exit 1).

    On SQLite the role is the one declared (`--user NAME --role reviewer`): a safeguard against
    slips, not access control. On a team server it is the login's group, and the database
    enforces it whatever this check says.
    """
    if project.db.team:
        me = project.annotators.me()
        groups = project.annotators.groups()
        if "reviewer" in groups or (managers and "manager" in groups):
            return me
        needed = "the reviewer or manager role" if managers else "the reviewer role"
        fail(f"not allowed: {what} needs {needed}, and {me.name} has neither (a manager grants it: server add-user)"
             if managers else f"not allowed: {what} needs {needed}; {me.name} is not a reviewer")
    user = current_user(project, required=False)
    if user is None or not user.is_reviewer:
        who = f"{user.name} is not a reviewer" if user is not None else "no --user given"
        fail(f"not allowed: {what} needs the reviewer role ({who}): run as --user NAME --role reviewer "
             "(before the command)")
    return user


@app.callback(invoke_without_command=True)
def _globals(
    ctx: typer.Context,
    db: Annotated[str | None, typer.Option("--db", metavar="URL_OR_PATH", help="Database: a SQLite file path or a SQLAlchemy URL.", envvar=None)] = None,
    user: Annotated[str | None, typer.Option("--user", metavar="NAME", help="Annotator name.")] = None,
    role: Annotated[str | None, typer.Option("--role", metavar="[annotator|reviewer]", help="Set the user's role: annotator or reviewer.")] = None,
    lang: Annotated[str | None, typer.Option("--lang", metavar="[vi|en]", help="Language of the window (default: the one chosen in its menu, else the system's).")] = None,
    version: Annotated[bool, typer.Option("--version", help="Print the version and exit.", is_eager=True)] = False,
) -> None:
    if version:
        typer.echo(version_line())
        raise typer.Exit(0)
    state.db, state.user, state.role = db, user, role
    state.lang = lang
    if role is not None and role not in ("annotator", "reviewer"):
        fail("--role must be 'annotator' or 'reviewer'")
    if lang is not None and lang not in ("vi", "en"):
        fail("--lang must be 'vi' or 'en'")
    if ctx.invoked_subcommand is None:
        from annotator.cli.gui_launch import launch

        raise typer.Exit(launch(db=db, user=user, role=role, lang=lang))


@app.command()
def gui() -> None:
    """Open the labeling window (the default when no command is given)."""
    from annotator.cli.gui_launch import launch

    raise typer.Exit(launch(db=state.db, user=state.user, role=state.role, lang=state.lang))


@app.command("import")
def import_(
    paths: Annotated[list[Path], typer.Argument(metavar="PATH", help="Files or folders (.txt = one document, .jsonl = one per line).")],
    fmt: Annotated[str, typer.Option("--format", metavar="FORMAT", help="auto|txt|jsonl (annotated formats: see the export/format docs).")] = "auto",
    annotator: Annotated[str | None, typer.Option("--annotator", metavar="NAME", help="Annotator of imported annotations.")] = None,
    add_labels: Annotated[bool, typer.Option("--add-labels", help="Add labels and relation types unknown to the schema instead of failing.")] = False,
    skip_invalid: Annotated[bool, typer.Option("--skip-invalid", help="Import everything else when spans or relations cannot be imported; list them in a report file.")] = False,
    report: Annotated[Path | None, typer.Option("--report", metavar="FILE", help="Where --skip-invalid writes what it skipped (default: annotator-skipped-DATE-TIME.tsv here).")] = None,
    label_map: Annotated[Path | None, typer.Option("--label-map", metavar="FILE", help="Rename labels and relation types on import: 'OLD NEW' per line, or a JSON object.")] = None,
    label_ids: Annotated[Path | None, typer.Option("--label-ids", metavar="FILE", help="Label names of numeric label ids (doccano 1.x): doccano's label export, or 'ID NAME' lines.")] = None,
) -> None:
    """Import documents (and, for annotated formats, their annotations) in one transaction.

    Every span or relation that cannot be imported is listed (grouped by kind) and nothing is
    imported, unless --skip-invalid is given.
    """
    from annotator.cli.progress import progress_bar
    from annotator.services.importing import read_label_ids, read_label_map

    if report is not None and not skip_invalid:
        fail("--report is where --skip-invalid writes what it skipped: give --skip-invalid too")
    try:
        names = read_label_map(label_map) if label_map is not None else None
        ids = read_label_ids(label_ids) if label_ids is not None else None
    except AnnotatorError as exc:
        fail(str(exc))
    # a new database gets only the default schema here: the user is bringing the documents
    project = open_project(initialize="schema")
    if not project.db.team:  # a team server refuses gold from non-reviewers itself
        # looked up, not created: a failed import changes nothing (the user and a declared role
        # are stored after it succeeds)
        known = project.annotators.find(state.user) if state.user else None
        reviewer = state.role == "reviewer" or (state.role is None and known is not None and known.is_reviewer)
        if not reviewer:
            project.importer.refuse_gold = (
                "this file carries gold annotations, and importing gold needs the reviewer role "
                f"({f'{state.user} is not a reviewer' if state.user else 'no --user given'}): run as --user NAME "
                "--role reviewer (before the command)"
            )
    try:
        with progress_bar("Importing", unit="bytes") as progress:
            result = project.importer.import_files(
                paths, fmt, annotator=annotator or state.user, add_labels=add_labels, progress=progress,
                skip_invalid=skip_invalid, report_path=report, label_map=names, label_ids=ids,
            )
    except AnnotatorError as exc:
        fail(f"{exc}\nnothing was imported")
    if state.user and not project.db.team:
        current_user(project)  # the user (and a declared role), now that the import is stored
    typer.echo(result.summary() + ".")
    for note in result.notes:
        typer.echo(f"  note: {note}")
    if result.labels_added:
        typer.echo(f"  labels added to the schema: {', '.join(result.labels_added)}")
    if result.relation_types_added:
        typer.echo(f"  relation types added to the schema (any head and tail): {', '.join(result.relation_types_added)}")
    if result.skipped:
        from collections import Counter

        kinds = Counter(pr.kind for pr in result.skipped)
        typer.echo(f"  skipped {len(result.skipped)} span(s)/relation(s), listed in {result.skipped_report}:")
        for kind, n in kinds.most_common():
            typer.echo(f"    {kind}: {n}")


@app.command()
def stats(as_json: Annotated[bool, typer.Option("--json", help="One JSON object.")] = False) -> None:
    """Documents, spans, relations; counts by label, by status and per annotator."""
    project = open_project()
    data = project.stats.collect()
    if as_json:
        typer.echo(json.dumps(data.to_dict(), ensure_ascii=False, indent=2))
        return
    from rich.console import Console
    from rich.table import Table

    console = Console()
    console.print(
        f"[bold]{data.documents}[/] documents, [bold]{data.spans}[/] spans, "
        f"[bold]{data.relations}[/] relations, {data.gold_documents} gold set(s) — schema {data.schema}"
    )
    t = Table(title="By label")
    t.add_column("label")
    t.add_column("spans", justify="right")
    for k, v in data.by_label.items():
        t.add_row(k, str(v))
    console.print(t)
    t = Table(title="By status (annotation sets; documents nobody opened count as todo)")
    t.add_column("status")
    t.add_column("count", justify="right")
    for k, v in data.by_status.items():
        t.add_row(k, str(v))
    console.print(t)
    if data.per_annotator:
        t = Table(title="Per annotator")
        for col in ("annotator", "role", "documents", "spans", "hours", "done"):
            t.add_column(col)
        for name, d in data.per_annotator.items():
            t.add_row(name, d.role, str(d.documents), str(d.spans), f"{d.seconds / 3600:.2f}",
                      str(d.by_status.get("done", 0)))
        console.print(t)
    if any(d.assigned for d in data.per_annotator.values()):
        t = Table(title="Assigned documents (annotator assign)")
        for col in ("annotator", "assigned", "done", "in progress", "todo", "skipped"):
            t.add_column(col, justify="left" if col == "annotator" else "right")
        for name, d in data.per_annotator.items():
            if d.assigned:
                p = d.progress
                t.add_row(name, str(d.assigned), str(p.get("done", 0)), str(p.get("in_progress", 0)),
                          str(p.get("todo", 0)), str(p.get("skipped", 0)))
        console.print(t)


@schema_app.command("check")
def schema_check(file: Annotated[Path, typer.Argument(metavar="FILE", help="A schema YAML file.")]) -> None:
    """Validate a schema file; print every problem with its path inside the file."""
    from annotator.core.schema import load_schema

    try:
        sch = load_schema(file)
    except SchemaError as exc:
        for p in exc.problems:
            typer.echo(f"{file}: {p}", err=True)
        typer.echo(f"{file}: {len(exc.problems)} problem(s)", err=True)
        raise typer.Exit(1) from exc
    typer.echo(f"{file}: OK — {len(sch.labels)} labels, {len(sch.relations)} relation types")


@schema_app.command("show")
def schema_show(as_yaml: Annotated[bool, typer.Option("--yaml", help="Print the YAML.")] = False) -> None:
    """Print the database's active schema."""
    project = open_project()
    sch = project.schema
    if as_yaml:
        typer.echo(sch.to_yaml())
        return
    typer.echo(f"{sch.name} v{sch.version} ({sch.language}, tokenizer {sch.tokenizer})")
    for lab in sch.labels:
        typer.echo(f"  [{lab.key or '-':>7}] {lab.name:<10} {lab.color}  {lab.description}")
    for rel in sch.relations:
        arrow = "<->" if rel.symmetric else "->"
        typer.echo(
            f"  {rel.name:<16} {'|'.join(sorted(rel.head, key=sch.label_rank))} {arrow} "
            f"{'|'.join(sorted(rel.tail, key=sch.label_rank))}"
        )


@schema_app.command("set")
def schema_set(file: Annotated[Path, typer.Argument(metavar="FILE", help="A schema YAML file to make active.")]) -> None:
    """Make a schema file the database's active schema (checked first)."""
    from annotator.core.schema import load_schema

    try:
        sch = load_schema(file)
    except SchemaError as exc:
        fail(str(exc))
    project = open_project()
    try:
        project.schemas.replace(sch)  # refused when it would orphan stored data
    except SchemaChangeError as exc:
        for p in exc.problems:
            typer.echo(f"annotator: error: {file}: {p}", err=True)
        fail(f"{file}: refused ({len(exc.problems)} problem(s)); nothing changed")
    except AnnotatorError as exc:
        fail(f"{file}: {exc}")
    typer.echo(f"active schema: {sch.name} v{sch.version}")


def _migrate(run) -> None:
    """Run a schema migration of the services; one line of report, or one line of error (exit 1)."""
    project = open_project()
    try:
        report = run(project.schemas)
    except AnnotatorError as exc:
        fail(f"{exc}; nothing changed")
    typer.echo(report.summary())


@schema_app.command("rename-label")
def schema_rename_label(
    old: Annotated[str, typer.Argument(metavar="OLD", help="The label to rename.")],
    new: Annotated[str, typer.Argument(metavar="NEW", help="Its new name (not in the schema yet).")],
) -> None:
    """Rename an entity label: in the schema (colour, key, guideline kept), every span, gold and review decisions."""
    _migrate(lambda schemas: schemas.rename_label(old, new))


@schema_app.command("merge-labels")
def schema_merge_labels(
    a: Annotated[str, typer.Argument(metavar="A", help="A label to merge.")],
    b: Annotated[str, typer.Argument(metavar="B", help="The other label to merge.")],
    into: Annotated[str, typer.Option("--into", metavar="C", help="The label both become: A, B or a new one.")],
    color: Annotated[str | None, typer.Option("--color", metavar="#RRGGBB", help="Colour of C (default: A's).")] = None,
    key: Annotated[str | None, typer.Option("--key", metavar="KEY", help="Key of C (default: A's).")] = None,
) -> None:
    """Spans labelled A or B become C; duplicates that result in one set are merged, relations moved."""
    _migrate(lambda schemas: schemas.merge_labels(a, b, into, color=color, key=key))


@schema_app.command("rename-relation")
def schema_rename_relation(
    old: Annotated[str, typer.Argument(metavar="OLD", help="The relation type to rename.")],
    new: Annotated[str, typer.Argument(metavar="NEW", help="Its new name (not in the schema yet).")],
) -> None:
    """Rename a relation type: in the schema, every stored relation and review decisions."""
    _migrate(lambda schemas: schemas.rename_relation(old, new))


@db_app.command("upgrade")
def db_upgrade() -> None:
    """Bring the database to the newest schema revision (Alembic)."""
    from annotator.services.project import upgrade_database

    try:
        url, before, after = upgrade_database(state.db)
    except AnnotatorError as exc:
        fail(str(exc))
    typer.echo(f"database {url}: {before or 'empty'} -> {after}")


@db_app.command("path")
def db_path() -> None:
    """Print which database would be used (after --db and ANNOTATOR_DB)."""
    from annotator.services.config import resolve_db

    typer.echo(resolve_db(state.db))


for _mod in _COMMAND_MODULES:
    importlib.import_module(_mod)


def version_line() -> str:
    """`annotator 0.1.0`: the installed distribution's version, else the package's."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return f"annotator {version('annotator')}"
    except PackageNotFoundError:
        from annotator import __version__

        return f"annotator {__version__}"


def _plain_help(command, ctx_class=typer.Context) -> None:
    """Help that reads like other command lines: `--db URL_OR_PATH`, flags with no type.

    Recent typer prints the annotation type (`<bool>`, `<str>`, `<list[Path]>`) where no metavar is
    given, and always beside an argument's metavar; options here carry metavars, so only flags
    (including `--help`) and arguments need this.
    """
    params = list(command.params)
    help_option = command.get_help_option(ctx_class(command))
    if help_option is not None:
        params.append(help_option)
    for param in params:
        if getattr(param, "is_flag", False) and param.metavar is None:
            param.metavar = ""
        if param.param_type_name == "argument" and param.metavar is not None and hasattr(param, "display_type_rich"):
            param.display_type_rich = lambda ctx: None
    for sub in getattr(command, "commands", {}).values():
        _plain_help(sub, ctx_class)


def build_command():
    """The click command behind `app`, with plain help (what `annotator` runs)."""
    command = typer.main.get_command(app)
    _plain_help(command)
    return command


def run() -> None:  # pragma: no cover
    build_command()(prog_name="annotator")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(run())
