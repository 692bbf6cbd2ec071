"""One machine, SQLite: roles are declared, yet the commands that show other annotators' work or
write gold ask for the reviewer role; `assign` and the assigned-only document list (issue 11)."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from annotator.cli.app import app
from annotator.core.commands import AddSpan
from annotator.core.document import SetKind, Span, Status

runner = CliRunner()


def cli(db, *args):
    return runner.invoke(app, ["--db", str(db), *args], env={"COLUMNS": "200"})


@pytest.fixture
def two_annotators(project):
    doc_id = project.documents.ids()[0]
    text = project.document(doc_id).text
    i = text.index("Phan Văn Đăng")
    for name, label in (("an", "PER_VN"), ("binh", "PER_KR")):
        session = project.open_annotation(doc_id, project.annotator(name))
        session.apply(AddSpan(Span(i, i + 13, label)))
        session.set_status(Status.DONE)
    return doc_id


def one_line_refusal(res) -> str:
    assert res.exit_code == 1, res.output
    assert "Traceback" not in res.output
    (line,) = [ln for ln in res.output.splitlines() if ln.strip()]
    assert "not allowed" in line and "reviewer" in line, line
    return line


def test_review_show_needs_a_reviewer(db_path, two_annotators):
    doc_id = two_annotators
    one_line_refusal(cli(db_path, "review", "show", str(doc_id)))
    assert "an is not a reviewer" in one_line_refusal(cli(db_path, "--user", "an", "review", "show", str(doc_id)))
    ok = cli(db_path, "--user", "rev", "--role", "reviewer", "review", "show", str(doc_id), "--json")
    assert ok.exit_code == 0, ok.output
    assert {a for c in json.loads(ok.output)["candidates"] for a in c["annotators"]} == {"an", "binh"}


def test_agreement_per_annotator_needs_a_reviewer(db_path, two_annotators):
    res = cli(db_path, "--user", "an", "agreement", "--json")
    assert res.exit_code == 0, res.output
    data = json.loads(res.output)
    assert data["pairs"] == [] and "reviewer" in data["pairs_withheld"]
    assert data["documents_compared"] == 1  # the pooled figures stay
    text = cli(db_path, "--user", "an", "agreement")
    assert "Per-annotator figures not shown" in text.output
    res = cli(db_path, "--user", "rev", "--role", "reviewer", "agreement", "--json")
    assert [(p["a"], p["b"]) for p in json.loads(res.output)["pairs"]] == [("an", "binh")]


def test_exporting_someone_elses_set_needs_a_reviewer(db_path, two_annotators, tmp_path):
    out = tmp_path / "x.jsonl"
    one_line_refusal(cli(db_path, "--user", "an", "export", "doccano", "--out", str(out), "--source", "annotator:binh"))
    one_line_refusal(cli(db_path, "--user", "an", "export", "doccano", "--out", str(out), "--source", "all"))
    one_line_refusal(cli(db_path, "export", "doccano", "--out", str(out), "--source", "annotator:an"))
    assert not out.exists()
    own = cli(db_path, "--user", "an", "export", "doccano", "--out", str(out), "--source", "annotator:an")
    assert own.exit_code == 0, own.output
    assert "PER_VN" in out.read_text(encoding="utf-8") and "PER_KR" not in out.read_text(encoding="utf-8")
    rev = cli(db_path, "--user", "rev", "--role", "reviewer", "export", "doccano", "--out", str(out), "--source", "all")
    assert rev.exit_code == 0, rev.output


def test_importing_gold_needs_a_reviewer(db_path, empty_project, tmp_path):
    f = tmp_path / "gold.jsonl"
    f.write_text(
        json.dumps({"text": "Ông Phan Văn Đăng đến Hà Nội.", "label": [[4, 17, "PER_VN"]], "gold": True}, ensure_ascii=False)
        + "\n",
        encoding="utf-8",
    )
    for who in ([], ["--user", "an"]):
        res = cli(db_path, *who, "import", str(f), "--format", "doccano")
        assert res.exit_code == 1
        assert f"{f}:1: this file carries gold annotations, and importing gold needs the reviewer role" in res.output
        assert "nothing was imported" in res.output and "Traceback" not in res.output
        assert empty_project.documents.count() == 0
    res = cli(db_path, "--user", "rev", "--role", "reviewer", "import", str(f), "--format", "doccano")
    assert res.exit_code == 0, res.output
    [gold] = empty_project.sets.all(kind=SetKind.GOLD)
    assert [s.label for s in gold.spans] == ["PER_VN"]


def test_assign_balances_and_each_list_shows_only_its_documents(db_path, project):
    res = cli(db_path, "assign", "--annotators", "an,binh,chi", "--overlap", "2", "--json")
    assert res.exit_code == 0, res.output
    report = json.loads(res.output)
    assert report["documents"] == 5 and report["added"] == 10
    assert sorted(report["per_annotator"].values()) == [3, 3, 4]  # 10 over 3: balanced within one
    seen = []
    for name in ("an", "binh", "chi"):
        me = project.annotators.find(name)
        mine = [d.id for d in project.documents.page(me)]
        assert project.documents.count(me) == len(mine) == report["per_annotator"][name]
        first = project.documents.next_id(None, me)
        assert first in mine and project.documents.next_id(mine[-1], me) == mine[0]
        seen.extend(mine)
    assert sorted(seen).count(1) == 2 and len(seen) == 10 and set(seen) == set(project.documents.ids())
    # an annotator nobody assigned anything sees nothing; a reviewer without assignments sees all
    assert project.documents.count(project.annotator("dung")) == 0
    assert project.documents.count(project.annotator("rev", "reviewer")) == 5
    # run again: nothing new; another document filter tops up only those
    again = json.loads(cli(db_path, "assign", "--annotators", "an,binh,chi", "--overlap", "2", "--json").output)
    assert again["added"] == 0 and again["kept"] == 10
    three = json.loads(cli(db_path, "assign", "--annotators", "an,binh,chi", "--overlap", "3", "--documents", "1-2",
                           "--json").output)
    assert three["added"] == 2 and three["documents"] == 2
    stats = json.loads(cli(db_path, "stats", "--json").output)["per_annotator"]
    assert sum(stats[n]["assigned"] for n in ("an", "binh", "chi")) == 12
    assert stats["an"]["progress"]["todo"] == stats["an"]["assigned"]


def test_assign_progress_in_stats(db_path, project):
    cli(db_path, "assign", "--annotators", "an", "--documents", "1-3")
    an = project.annotators.find("an")
    s1 = project.open_annotation(1, an)
    s1.set_status(Status.DONE)
    project.open_annotation(2, an).apply(_any_span(project, 2))
    stats = project.stats.collect().per_annotator["an"]
    assert stats.assigned == 3 and stats.progress == {"done": 1, "in_progress": 1, "todo": 1, "skipped": 0}
    text = cli(db_path, "stats").output
    assert "Assigned documents" in text


def _any_span(project, doc_id: int) -> AddSpan:
    """The document's first word as a span (a word is on token boundaries)."""
    text = project.document(doc_id).text
    end = next(i for i, ch in enumerate(text) if not ch.isalnum() and i > 0)
    return AddSpan(Span(0, end, "PER_VN"))


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--annotators", "an,binh", "--overlap", "3"], "overlap must be between 1 and the number of annotators (2)"),
        (["--annotators", "an", "--documents", "1-2,99"], "no document with id 99"),
        (["--annotators", "an", "--documents", "no such words anywhere"], "no document matches"),
    ],
)
def test_assign_errors_are_one_line(db_path, project, args, message):
    res = cli(db_path, "assign", *args)
    assert res.exit_code == 1 and message in res.output and "Traceback" not in res.output
    with project.db.read() as s:
        from sqlalchemy import func, select

        from annotator.storage.orm import AssignmentRow

        assert s.scalar(select(func.count()).select_from(AssignmentRow)) == 0
