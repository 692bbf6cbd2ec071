"""`annotator note add|list|edit|delete` and `annotator flag`: notes for the reviewer, "needs review" flags."""

from __future__ import annotations

import json
from typing import Annotated

import typer

from annotator.cli.app import app, current_user, fail, open_project
from annotator.core.errors import AnnotatorError

note_app = typer.Typer(help="Notes for the reviewer on a document, a span or a relation.", no_args_is_help=True)
app.add_typer(note_app, name="note")

JsonOpt = Annotated[bool, typer.Option("--json", help="One JSON object.")]
DocArg = Annotated[str, typer.Argument(metavar="DOC", help="A document id, or its uid.")]


def _document_id(project, doc: str) -> int:
    doc = doc.strip()
    if doc.isdigit():
        try:
            return project.documents.get(int(doc)).id
        except AnnotatorError:
            pass
    found = project.documents.by_uid(doc)
    if found is None:
        fail(f"no document with id or uid {doc!r}")
    return found.id


def _span_key(text: str) -> tuple[int, int, str]:
    start, end, label = [*text.split(":", 2), "", ""][:3]
    if not (start.isdigit() and end.isdigit() and label):
        fail(f"a span is START:END:LABEL (offsets in characters, as `annotator search` prints them), not {text!r}")
    return int(start), int(end), label


def _relation_key(text: str):
    parts = text.split("/")
    if len(parts) != 3 or not parts[2]:
        fail(f"a relation is HEAD_START:HEAD_END:HEAD_LABEL/TAIL_START:TAIL_END:TAIL_LABEL/TYPE, not {text!r}")
    return _span_key(parts[0]), _span_key(parts[1]), parts[2]


@note_app.command("add")
def note_add(
    doc: DocArg,
    text: Annotated[str, typer.Argument(metavar="TEXT", help="The note.")],
    span: Annotated[str | None, typer.Option("--span", metavar="START:END:LABEL", help="On this span of the user's set.")] = None,
    relation: Annotated[str | None, typer.Option("--relation", metavar="HS:HE:HL/TS:TE:TL/TYPE", help="On this relation of the user's set.")] = None,
    as_json: JsonOpt = False,
) -> None:
    """Add a note of --user NAME (given before the command) on a document, or one of her spans or relations."""
    from annotator.services.notes import Notes

    project = open_project(initialize=False)
    try:
        user = current_user(project)
        doc_id = _document_id(project, doc)
        note = Notes(project.db).add(user, doc_id, text, span=_span_key(span) if span else None,
                                     relation=_relation_key(relation) if relation else None)
    except AnnotatorError as exc:
        fail(str(exc))
        return
    finally:
        project.close()
    if as_json:
        typer.echo(json.dumps({"id": note.id, "document_id": doc_id, **note.to_dict()}, ensure_ascii=False, indent=1))
    else:
        typer.echo(f"note {note.id} added on {_target(note)} of document #{doc_id}")


@note_app.command("edit")
def note_edit(
    note_id: Annotated[int, typer.Argument(metavar="ID", help="The note's id (note list shows it).")],
    text: Annotated[str, typer.Argument(metavar="TEXT", help="The new text.")],
) -> None:
    """Change the text of one of the user's notes."""
    from annotator.services.notes import Notes

    project = open_project(initialize=False)
    try:
        Notes(project.db).edit(current_user(project), note_id, text)
    except AnnotatorError as exc:
        fail(str(exc))
    finally:
        project.close()
    typer.echo(f"note {note_id} changed")


@note_app.command("delete")
def note_delete(note_id: Annotated[int, typer.Argument(metavar="ID", help="The note's id.")]) -> None:
    """Delete one of the user's notes."""
    from annotator.services.notes import Notes

    project = open_project(initialize=False)
    try:
        Notes(project.db).delete(current_user(project), note_id)
    except AnnotatorError as exc:
        fail(str(exc))
    finally:
        project.close()
    typer.echo(f"note {note_id} deleted")


@note_app.command("list")
def note_list(
    document: Annotated[str | None, typer.Option("--document", metavar="DOC", help="Only this document (id or uid).")] = None,
    flagged: Annotated[bool, typer.Option("--flagged", help="Only documents flagged 'needs review' by the note's author (flagged documents without notes too).")] = False,
    author: Annotated[str | None, typer.Option("--author", metavar="NAME", help="Only this annotator's notes (a reviewer's choice; an annotator sees her own).")] = None,
    text: Annotated[str | None, typer.Option("--text", metavar="WORDS", help="Only notes containing this (case and diacritics ignored).")] = None,
    as_json: JsonOpt = False,
) -> None:
    """The notes (and flags): a reviewer sees everyone's, an annotator her own (--user NAME before the command)."""
    from annotator.services.notes import Notes

    project = open_project(initialize=False)
    try:
        viewer = project.annotators.me() if project.db.team else current_user(project)
        doc_id = _document_id(project, document) if document else None
        entries = Notes(project.db).listing(viewer, author=author, flagged=flagged, text=text, document_id=doc_id)
    except AnnotatorError as exc:
        fail(str(exc))
        return
    finally:
        project.close()
    if as_json:
        typer.echo(json.dumps({"notes": [e.to_dict() for e in entries]}, ensure_ascii=False, indent=1))
        return
    for e in entries:
        flag = " [needs review]" if e.flagged else ""
        head = f"#{e.document_id} {e.uid}  {e.author}{flag}"
        if e.note is None:
            typer.echo(f"{head}  (flagged, no note)")
            continue
        when = e.note.created.strftime("%Y-%m-%d %H:%M") if e.note.created else ""
        body = e.note.text.replace("\n", " ¶ ")
        typer.echo(f"{head}  note {e.note.id} on {_target(e.note)}  {when} UTC\n    {body}")
    typer.echo(f"{sum(e.note is not None for e in entries)} note(s), "
               f"{len({(e.document_id, e.author) for e in entries if e.flagged})} flag(s)")


def _target(note) -> str:
    if note.target == "span":
        return f"span {note.key[0]}:{note.key[1]}:{note.key[2]}"
    if note.target == "relation":
        h, t, label = note.key
        return f"relation {label} {h[0]}:{h[1]}:{h[2]} → {t[0]}:{t[1]}:{t[2]}"
    return "the document"


@app.command("flag")
def flag_cmd(
    doc: DocArg,
    clear: Annotated[bool, typer.Option("--clear", help="Remove the flag.")] = False,
) -> None:
    """Flag a document "needs review" for the reviewer (--user NAME before the command), or --clear it."""
    from annotator.services.notes import Notes

    project = open_project(initialize=False)
    try:
        user = current_user(project)
        doc_id = _document_id(project, doc)
        was = Notes(project.db).flag(user, doc_id, on=not clear)
    except AnnotatorError as exc:
        fail(str(exc))
        return
    finally:
        project.close()
    if clear:
        typer.echo(f"document #{doc_id}: flag cleared" if was else f"document #{doc_id} was not flagged by {user.name}")
    else:
        typer.echo(f"document #{doc_id} flagged: needs review" + (" (it already was)" if was else ""))
