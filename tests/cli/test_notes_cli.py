"""`annotator note add|list|edit|delete` and `annotator flag` on a real SQLite file."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from annotator.cli.app import app
from annotator.core.commands import AddSpan
from annotator.core.document import IncomingDocument, Span
from annotator.core.text import normalize_text

runner = CliRunner()
TEXT = normalize_text("Ông Nguyễn Văn An làm việc tại Đà Nẵng.")


@pytest.fixture
def db(db_path, empty_project):
    p = empty_project
    p.importer.import_documents([IncomingDocument(text=TEXT, uid="dn-1", title="Đà Nẵng"),
                                 IncomingDocument(text=normalize_text("Bài thứ hai."), uid="x-2", title="Hai")])
    lan = p.annotator("lan")
    p.open_annotation(1, lan).apply(AddSpan(Span(TEXT.index("Đà"), TEXT.index("."), "LOC_VN")))
    return str(db_path)


def run(db, *args):
    return runner.invoke(app, ["--db", db, *args])


def test_note_add_list_edit_delete_and_flag(db):
    start, end = TEXT.index("Đà"), TEXT.index(".")
    res = run(db, "--user", "lan", "note", "add", "dn-1", "--span", f"{start}:{end}:LOC_VN", "Thành phố hay tỉnh?", "--json")
    assert res.exit_code == 0, res.output
    added = json.loads(res.output)
    assert added["target"] == "span" and added["key"] == [start, end, "LOC_VN"] and added["author"] == "lan"
    assert run(db, "--user", "lan", "note", "add", "1", "Cả bài\nxem lại").exit_code == 0
    res = run(db, "--user", "minh", "note", "add", "2", "Của Minh")
    assert res.exit_code == 0 and "the document of document #2" in res.output
    res = run(db, "--user", "lan", "flag", "dn-1")
    assert res.exit_code == 0 and "flagged: needs review" in res.output
    # the reviewer sees every note; filters
    res = run(db, "--user", "rita", "--role", "reviewer", "note", "list", "--json")
    notes = json.loads(res.output)["notes"]
    assert [(n["author"], n["document_id"], n["flagged"]) for n in notes] == [("lan", 1, True), ("lan", 1, True),
                                                                              ("minh", 2, False)]
    assert all(n["created"].endswith("Z") for n in notes)
    res = run(db, "--user", "rita", "--role", "reviewer", "note", "list", "--flagged", "--text", "THANH PHO", "--json")
    assert [n["text"] for n in json.loads(res.output)["notes"]] == ["Thành phố hay tỉnh?"]
    text = run(db, "--user", "rita", "--role", "reviewer", "note", "list", "--document", "dn-1").output
    assert "[needs review]" in text and f"span {start}:{end}:LOC_VN" in text and "Cả bài ¶ xem lại" in text
    assert text.splitlines()[-1] == "2 note(s), 1 flag(s)"
    # an annotator sees her own only
    res = run(db, "--user", "minh", "note", "list", "--json")
    assert [n["author"] for n in json.loads(res.output)["notes"]] == ["minh"]
    res = run(db, "--user", "lan", "note", "edit", str(added["id"]), "Là thành phố")
    assert res.exit_code == 0
    res = run(db, "--user", "minh", "note", "delete", str(added["id"]))
    assert res.exit_code == 1 and "only its author" in res.output
    assert run(db, "--user", "lan", "note", "delete", str(added["id"])).exit_code == 0
    res = run(db, "--user", "lan", "flag", "1", "--clear")
    assert "flag cleared" in res.output
    res = run(db, "--user", "lan", "note", "list", "--json")
    assert [n["text"] for n in json.loads(res.output)["notes"]] == ["Cả bài\nxem lại"]
    assert not any(n["flagged"] for n in json.loads(res.output)["notes"])


def test_note_errors_are_one_line(db):
    for args, message in [
        (["note", "add", "1", "x"], "needs --user NAME"),
        (["--user", "lan", "note", "add", "nope", "x"], "no document with id or uid 'nope'"),
        (["--user", "lan", "note", "add", "1", "--span", "1-2", "x"], "a span is START:END:LABEL"),
        (["--user", "lan", "note", "add", "1", "--span", "0:3:LOC_VN", "x"], "lan has no span 0-3 LOC_VN"),
        (["--user", "lan", "note", "add", "1", "  "], "a note needs some text"),
        (["--user", "lan", "note", "add", "1", "--relation", "1:2:A", "x"], "a relation is"),
        (["--user", "lan", "note", "edit", "99", "x"], "no note with id 99"),
        (["--user", "lan", "note", "list", "--author", "minh"], "needs the reviewer role"),
        (["--user", "lan", "flag", "7"], "no document with id or uid '7'"),
    ]:
        res = run(db, *args)
        assert res.exit_code == 1 and message in res.output and "Traceback" not in res.output, (args, res.output)
