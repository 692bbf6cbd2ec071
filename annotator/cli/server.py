"""`annotator server init|add-user` (a team on PostgreSQL) and `annotator assign`."""

from __future__ import annotations

import getpass
import json
import sys
from typing import Annotated

import typer

from annotator.cli.app import app, fail, open_project, state
from annotator.core.errors import AnnotatorError

server_app = typer.Typer(
    help="A team server on PostgreSQL: set it up, add users (row-level security enforces their roles).",
    no_args_is_help=True,
)
app.add_typer(server_app, name="server")


def _server_database():
    """The `--db` database, which must be a PostgreSQL URL."""
    from annotator.services.config import resolve_db
    from annotator.storage.database import Database

    url = resolve_db(state.db)
    if not url.startswith("postgresql"):
        fail("a team server is a PostgreSQL database: give --db postgresql+psycopg://ADMIN@HOST/DB before the command")
    try:
        return Database(url)
    except (ImportError, ValueError) as exc:
        fail(f"cannot use {url}: {exc}")


@server_app.command("init")
def init() -> None:
    """Migrate the database, create the group roles annotator_annotator, annotator_reviewer,
    annotator_manager and the row-level security policies. Run it as the database's owner; again
    after every upgrade of this program."""
    from annotator.services.team import GROUPS, init_server

    database = _server_database()
    try:
        before, after = init_server(database)
    except AnnotatorError as exc:
        fail(str(exc))
    finally:
        database.close()
    typer.echo(
        f"team server ready: database at {after} (was {before or 'empty'}); group roles "
        + ", ".join(f"annotator_{g}" for g in GROUPS)
        + "; row-level security on. Add users: annotator --db URL server add-user NAME --role annotator|reviewer|manager"
    )


def _read_password(name: str) -> str:
    """From standard input when it is not a terminal (one line), else typed twice at a prompt."""
    if not sys.stdin.isatty():
        line = sys.stdin.readline()
        password = line.rstrip("\r\n")
    else:
        password = getpass.getpass(f"password for {name}: ")
        if getpass.getpass("again: ") != password:
            fail("the two passwords differ; nothing was changed")
    if not password:
        fail("an empty password: give one on standard input or at the prompt; nothing was changed")
    return password


@server_app.command("add-user")
def add_user(
    name: Annotated[str, typer.Argument(metavar="NAME", help="Login name (lower-case letters, digits, _).")],
    role: Annotated[str, typer.Option("--role", metavar="[annotator|reviewer|manager]", help="What the user may do.")],
) -> None:
    """Create a login role in one group (or give an existing one a new password and this group).

    The password is read from standard input (one line) or typed at a prompt — never given on the
    command line, where other users of the machine could see it. Run as the owner or a manager.
    """
    from annotator.services.team import GROUPS, name_problem
    from annotator.services.team import add_user as add

    if role not in GROUPS:
        fail(f"--role must be one of {', '.join(GROUPS)}")
    if name_problem(name):
        fail(f"{name_problem(name)}; nothing was changed")
    database = _server_database()  # (before the prompt: a wrong --db is said at once)
    password = _read_password(name)
    try:
        created = add(database, name, role, password)
    except AnnotatorError as exc:
        fail(f"{exc}\nnothing was changed")
    finally:
        database.close()
    typer.echo(f"{'added' if created else 'updated'} {name} (annotator_{role}); "
               f"connect with: annotator --db postgresql+psycopg://{name}@HOST/DB")


@app.command("assign")
def assign(
    annotators: Annotated[str, typer.Option("--annotators", metavar="A,B,C", help="The annotators, comma-separated.")],
    overlap: Annotated[int, typer.Option("--overlap", metavar="N", help="Annotators per document.")] = 1,
    documents: Annotated[str | None, typer.Option("--documents", metavar="FILTER", help="Id ranges (1-50,70) or a text the documents contain; default: every document.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object.")] = False,
) -> None:
    """Give each document to N of the annotators, balanced; assignments already made are kept.

    From then on an annotator's document list and next document show only her documents (on a
    team server the database also keeps her to them). On a team server, managers assign.
    """
    from annotator.services.assignment import Assignments

    project = open_project(initialize=False)
    try:
        svc = Assignments(project.db)
        ids = svc.select_documents(documents)
        if not ids:
            fail(f"no document matches {documents!r}; nothing was assigned")
        report = svc.assign(annotators.split(","), overlap, ids, create=not project.db.team)
    except AnnotatorError as exc:
        fail(f"{exc}\nnothing was assigned")
    if as_json:
        typer.echo(json.dumps(report.to_dict(), ensure_ascii=False, indent=2))
        return
    each = ", ".join(f"{n} {k}" for n, k in report.per_annotator.items())
    typer.echo(f"{report.documents} document(s), {overlap} annotator(s) each: {report.added} assignment(s) made, "
               f"{report.kept} kept; documents each: {each}.")
