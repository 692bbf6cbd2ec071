"""`annotator review …` through typer's CliRunner on a real SQLite file."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from annotator.cli.app import app
from annotator.core.commands import AddSpan
from annotator.core.document import SetKind, Span, Status
from annotator.storage.orm import ReviewDecisionRow

runner = CliRunner()


def span_of(text: str, phrase: str, label: str) -> Span:
    i = text.index(phrase)
    return Span(i, i + len(phrase), label)


@pytest.fixture
def two_annotators(project):
    doc_id = project.documents.ids()[0]
    text = project.document(doc_id).text
    phan = span_of(text, "Phan Văn Đăng", "PER_VN")
    linh = span_of(text, "Trần Hải Linh", "PER_VN")
    date = span_of(text, "19/8", "DATE")
    for name, spans in {"an": [phan, linh, date], "binh": [phan, linh.with_label("PER_KR")]}.items():
        session = project.open_annotation(doc_id, project.annotator(name))
        for sp in spans:
            session.apply(AddSpan(sp))
        session.set_status(Status.DONE)
    return doc_id, phan, linh, date


def cli(db, *args):
    return runner.invoke(app, ["--db", str(db), *args], env={"COLUMNS": "200"})


def test_merge_needs_a_reviewer(db_path, project, two_annotators):
    res = cli(db_path, "--user", "an", "review", "merge", "--policy", "unanimous")
    assert res.exit_code == 1
    assert "not a reviewer" in res.output
    assert project.sets.all(kind=SetKind.GOLD) == []
    res = cli(db_path, "review", "merge")
    assert res.exit_code == 1 and "--user" in res.output


def test_merge_status_show_decide(db_path, project, two_annotators):
    doc_id, phan, linh, date = two_annotators
    res = cli(db_path, "review", "status", "--json")
    assert res.exit_code == 0, res.output
    status = json.loads(res.output)
    assert status["documents_left"] == 1
    assert status["documents"][0]["state"] == "conflicts"

    res = cli(db_path, "--user", "rev", "--role", "reviewer", "review", "merge", "--policy", "unanimous")
    assert res.exit_code == 0, res.output
    assert "merged 1 document(s) with policy unanimous: +1/-0 span(s)" in res.output
    [gold] = project.sets.all(kind=SetKind.GOLD)
    assert [s.key for s in gold.spans] == [phan.key]

    res = cli(db_path, "--user", "rev", "--role", "reviewer", "review", "show", str(doc_id), "--conflicts", "--json")
    shown = json.loads(res.output)
    assert shown["conflicts_left"] == 3
    assert {tuple(c["key"]) for c in shown["candidates"]} == {linh.key, linh.with_label("PER_KR").key, date.key}
    assert all(c["state"] == "disagreement" for c in shown["candidates"])

    res = cli(db_path, "--user", "rev", "review", "decide", str(doc_id), json.dumps(list(linh.key)), "accept")
    assert res.exit_code == 0, res.output
    assert "1 conflict(s) left" in res.output  # accepting PER_VN settles its PER_KR rival
    res = cli(db_path, "--user", "rev", "review", "merge", "--policy", "min-agree:1", "--document", str(doc_id))
    assert res.exit_code == 0, res.output
    [gold] = project.sets.all(kind=SetKind.GOLD)
    keys = {s.key for s in gold.spans}
    assert linh.key in keys and date.key in keys and linh.with_label("PER_KR").key not in keys
    with project.db.read() as s:
        assert [r.decision for r in s.scalars(select(ReviewDecisionRow))] == ["accept"]

    res = cli(db_path, "review", "status")
    assert res.exit_code == 0 and "0 document(s) left to adjudicate" in res.output
    res = cli(db_path, "--user", "rev", "--role", "reviewer", "review", "show", str(doc_id))
    assert res.exit_code == 0 and "Phan Văn Đăng" in res.output


def test_bad_input_is_a_clear_error(db_path, project, two_annotators):
    doc_id = two_annotators[0]
    rev = ["--user", "rev", "--role", "reviewer", "review"]
    res = cli(db_path, *rev, "merge", "--policy", "most")
    assert res.exit_code == 1 and "unknown merge policy" in res.output and "nothing was changed" in res.output
    res = cli(db_path, *rev, "decide", str(doc_id), "[1,2", "accept")
    assert res.exit_code == 1 and "not JSON" in res.output
    res = cli(db_path, *rev, "decide", str(doc_id), '[0,3,"DATE"]', "maybe")
    assert res.exit_code == 1 and "accept, reject or clear" in res.output
    res = cli(db_path, *rev, "decide", "999", '[0,3,"DATE"]', "accept")
    assert res.exit_code == 1 and "no document with id 999" in res.output
    assert project.sets.all(kind=SetKind.GOLD) == []


def test_gold_from_review_is_exported_and_loads_in_spacy(db_path, tmp_path, project, two_annotators):
    doc_id, phan, _linh, date = two_annotators
    rev = ["--user", "rev", "--role", "reviewer", "review"]
    assert cli(db_path, *rev, "merge", "--policy", "unanimous").exit_code == 0
    assert cli(db_path, *rev, "decide", str(doc_id), json.dumps(list(date.key)), "accept").exit_code == 0
    out = tmp_path / "out"
    res = cli(db_path, "export", "spacy", "--source", "gold", "--out", str(out), "--dev-fraction", "0")
    assert res.exit_code == 0, res.output
    import spacy
    from spacy.tokens import DocBin

    from annotator.nlp.tokenizer import create_vi_syllable_tokenizer  # noqa: F401  (registers the tokenizer)

    nlp = spacy.blank("xx")
    docs = [d for f in sorted(out.glob("train*.spacy")) for d in DocBin().from_disk(f).get_docs(nlp.vocab)]
    assert len(docs) == 1
    ents = {(e.start_char, e.end_char, e.label_) for e in docs[0].ents}
    assert ents == {phan.key, date.key}


def test_long_status_listing_is_plain_columns(db_path, project, two_annotators, monkeypatch):
    import annotator.cli.review as review_cli

    res = cli(db_path, "review", "status", "--all")
    assert res.exit_code == 0 and "┃" in res.output  # a short listing: a rich table
    monkeypatch.setattr(review_cli, "_RICH_ROWS", 1)
    res = cli(db_path, "review", "status", "--all")
    lines = res.output.splitlines()
    header = next(i for i, ln in enumerate(lines) if ln.split()[:3] == ["id", "title", "state"])
    rows = [ln for ln in lines[header + 2:] if ln.strip()]
    assert res.exit_code == 0 and "┃" not in res.output
    assert len(rows) == project.documents.count()
    assert rows[0].split()[0] == str(project.documents.ids()[0]) and "conflicts" in rows[0]
