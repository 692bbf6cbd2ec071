"""`annotator suggest | train | evaluate` and `agreement --model` on real databases."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from typer.testing import CliRunner

from annotator.cli.app import app
from annotator.core.document import IncomingDocument, IncomingSet, SetKind, Span, Status
from annotator.core.gazetteer import default_gazetteer_path
from annotator.services import suggest as sg
from annotator.services.project import Project

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
from suggest_news import generate_articles

runner = CliRunner()


def test_suggest_patterns_json_and_user(db_path, project):
    res = runner.invoke(app, ["--db", str(db_path), "--user", "lan", "suggest", "--patterns",
                              str(default_gazetteer_path()), "--json"])
    assert res.exit_code == 0, res.output
    data = json.loads(res.output)
    assert data["kind"] == "pattern" and data["suggestions"] > 0 and data["pending_for_user"] == data["suggestions"]
    res = runner.invoke(app, ["--db", str(db_path), "suggest", "--list", "--json"])
    assert [r["version"] for r in json.loads(res.output)] == [data["version"]]
    res = runner.invoke(app, ["--db", str(db_path), "suggest", "--patterns", str(default_gazetteer_path()),
                              "--documents", "ids:1"])
    assert res.exit_code == 0 and "1 document(s)" in res.output and "0 new suggestion(s)" in res.output
    # nothing counted before acceptance
    res = runner.invoke(app, ["--db", str(db_path), "stats", "--json"])
    assert json.loads(res.output)["spans"] == 0


def test_suggest_refuses_bad_input_in_one_line(db_path, project, tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"label": "DATE", "pattern": "2024"}\n{"label": 3, "pattern": "x"}\n')
    res = runner.invoke(app, ["--db", str(db_path), "suggest", "--patterns", str(bad)])
    assert res.exit_code == 1 and f"{bad}:2: 'label' must be a non-empty string" in res.output
    assert "Traceback" not in res.output
    res = runner.invoke(app, ["--db", str(db_path), "suggest", "--model", str(tmp_path)])
    assert res.exit_code == 1 and "not a spaCy pipeline folder" in res.output
    res = runner.invoke(app, ["--db", str(db_path), "suggest"])
    assert res.exit_code == 1 and "--patterns FILE or --model DIR" in res.output
    res = runner.invoke(app, ["--db", str(db_path), "agreement", "--model", "nope"])
    assert res.exit_code == 1 and "no model or pattern file with version 'nope'" in res.output


def test_train_evaluate_suggest_and_agreement_with_the_model(tmp_path):
    db = tmp_path / "gen.sqlite3"
    project = Project.open(str(db), initialize="schema")
    gold = generate_articles(16, seed=7)
    fresh = generate_articles(4, seed=8)
    project.importer.import_documents(
        [IncomingDocument(text=a.text, uid=f"g{i}", title=f"g{i}",
                          sets=[IncomingSet(None, [Span(*k) for k in a.spans], kind=SetKind.GOLD, status=Status.DONE)])
         for i, a in enumerate(gold)]
        + [IncomingDocument(text=a.text, uid=f"n{i}", title=f"n{i}") for i, a in enumerate(fresh)]
    )
    project.close()
    res = runner.invoke(app, ["--db", str(db), "train", "--out", str(tmp_path / "m"), "--max-steps", "20"])
    assert res.exit_code == 0, res.output
    assert "step 20" in res.output and "all (micro)" in res.output and "Model vi_pipeline" in res.output
    model = tmp_path / "m" / "model-best"
    res = runner.invoke(app, ["--db", str(db), "evaluate", "--model", str(model), "--json"])
    assert res.exit_code == 0, res.output
    scores = json.loads(res.output)
    assert scores["documents"] == 16 and set(scores["labels"]) <= {"PER_VN", "PER_KR", "TITLE", "ORG_VN", "ORG_KR",
                                                                   "LOC_VN", "LOC_KR", "DATE", "MONEY"}
    res = runner.invoke(app, ["--db", str(db), "--user", "an", "suggest", "--model", str(model), "--json"])
    assert res.exit_code == 0, res.output
    run = json.loads(res.output)
    assert run["kind"] == "model" and run["documents"] == 20
    with Project.open(str(db), initialize=False) as project:
        listed = sg.suggesters(project)
        assert listed[0]["version"] == run["version"] and listed[0]["scores"]["all"]["f"] >= 0.0
        an = project.annotator("an")
        for d in project.documents.ids()[-2:]:
            session = project.open_annotation(d, an)
            session.set_status(Status.DONE)
    res = runner.invoke(app, ["--db", str(db), "--user", "rev", "--role", "reviewer", "agreement", "--model", run["version"], "--json"])
    assert res.exit_code == 0, res.output
    names = {n for p in json.loads(res.output)["pairs"] for n in (p["a"], p["b"])}
    assert names == {"an", f"model:{run['version']}"}
