"""`annotator search`: the concordance from the command line, and --label (label-all), on a real SQLite file."""

from __future__ import annotations

import json
import unicodedata

import pytest
from typer.testing import CliRunner

from annotator.cli.app import app
from annotator.core.document import IncomingDocument
from annotator.core.text import normalize_text

runner = CliRunner()

TEXTS = [
    "UBND tỉnh Bình Thuận họp sáng nay. Ông A nói:\nBình Thuận phát triển.",
    "Tỉnh BÌNH THUẬN và tỉnh Cao Bằng.",
    "Ông Bìnhthuận không phải tỉnh.",
]


@pytest.fixture
def db(db_path, empty_project):
    empty_project.importer.import_documents(
        [IncomingDocument(text=normalize_text(t), uid=f"d{i}", title=f"Bài {i}") for i, t in enumerate(TEXTS)]
    )
    return str(db_path)


def test_search_json_groups_hits_by_document(db):
    res = runner.invoke(app, ["--db", db, "search", "binh thuan", "--json"])
    assert res.exit_code == 0, res.output
    data = json.loads(res.output)
    assert data["hits"] == 3 and [len(d["hits"]) for d in data["documents"]] == [2, 1]
    first = data["documents"][0]["hits"][0]
    assert first["text"] == "Bình Thuận" and first["left"].endswith("tỉnh ") and first["status"] == "free"
    assert data["next_after"] is None
    # NFD and capitals are the same query
    nfd = runner.invoke(app, ["--db", db, "search", unicodedata.normalize("NFD", "BÌNH THUẬN"), "--json"])
    assert json.loads(nfd.output)["documents"] == data["documents"]


def test_search_text_output_limit_and_next_page(db):
    res = runner.invoke(app, ["--db", db, "search", "binh thuan", "--limit", "2"])
    assert res.exit_code == 0, res.output
    lines = res.output.splitlines()
    assert lines[0].startswith("#1 d0  Bài 0  [2 hit(s)]")
    assert "[Bình Thuận]" in lines[1] and "¶" in lines[2]  # the line break in the context shown as ¶
    assert lines[-1].startswith("2 hit(s) in 1 document(s); more: --after 1:")
    after = lines[-1].split("--after ")[1]
    res = runner.invoke(app, ["--db", db, "search", "binh thuan", "--after", after, "--json"])
    data = json.loads(res.output)
    assert [h["text"] for d in data["documents"] for h in d["hits"]] == ["BÌNH THUẬN"]


def test_search_label_all_with_user_then_shows_labelled(db):
    dry = runner.invoke(app, ["--db", db, "search", "binh thuan", "--user", "lan", "--label", "LOC_VN", "--dry-run"])
    assert dry.exit_code == 0 and "would label 3 hit(s) in 2 document(s)" in dry.output, dry.output
    res = runner.invoke(app, ["--db", db, "search", "nh thu", "--user", "lan", "--label", "LOC_VN", "--json"])
    # every hit of "nh thu" starts and ends inside a word: listed, none labelled
    data = json.loads(res.output)
    assert data["applied"]["spans"] == 0 and len(data["unsnappable"]) == 3
    assert "Bình Thuận" in data["unsnappable"][0]["reason"]
    res = runner.invoke(app, ["--db", db, "--user", "lan", "search", "binh thuan", "--label", "LOC_VN"])
    assert res.exit_code == 0 and "labelled 3 hit(s) in 2 document(s) as LOC_VN" in res.output
    res = runner.invoke(app, ["--db", db, "search", "binh thuan", "--user", "lan", "--json"])
    assert {h["status"] for d in json.loads(res.output)["documents"] for h in d["hits"]} == {"labelled"}
    text = runner.invoke(app, ["--db", db, "search", "binh thuan", "--user", "lan"]).output
    assert "labelled LOC_VN" in text
    again = runner.invoke(app, ["--db", db, "search", "binh thuan", "--user", "lan", "--label", "LOC_VN"])
    assert "labelled 0 hit(s)" in again.output and "3 skipped" in again.output


def test_search_errors_are_one_line(db):
    for args, message in [
        (["search", "  "], "the search phrase is empty"),
        (["search", "x", "--limit", "0"], "--limit must be at least 1"),
        (["search", "binh", "--label", "LOC_VN"], "needs --user NAME"),
        (["search", "binh", "--user", "lan", "--label", "NOPE"], "unknown label 'NOPE'"),
        (["search", "binh", "--after", "x:y"], "--after must be DOCUMENT_ID:START"),
    ]:
        res = runner.invoke(app, ["--db", db, *args])
        assert res.exit_code == 1 and message in res.output and "Traceback" not in res.output, (args, res.output)
