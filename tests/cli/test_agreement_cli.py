"""`annotator agreement` (JSON keys, label filter, human tables), in-process and as a real process."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from annotator.cli.app import app
from annotator.core.commands import AddSpan
from annotator.core.document import Span, Status

runner = CliRunner()


@pytest.fixture
def labelled(project):
    for doc_id in project.documents.ids()[:2]:
        text = project.document(doc_id).text
        i = text.index("Hàn Quốc")
        korea = Span(i, i + len("Hàn Quốc"), "LOC_KR")
        for name, label in (("an", "LOC_KR"), ("binh", "ORG_KR"), ("chi", "LOC_KR")):
            session = project.open_annotation(doc_id, project.annotator(name))
            session.apply(AddSpan(korea.with_label(label)))
            session.set_status(Status.DONE if name != "chi" or doc_id == 1 else Status.IN_PROGRESS)
    return project


def test_agreement_json_has_the_documented_keys(db_path, labelled):
    res = runner.invoke(app, ["--db", str(db_path), "--user", "rev", "--role", "reviewer", "agreement", "--json", "--by-document"])
    assert res.exit_code == 0, res.output
    data = json.loads(res.output)
    for key in ("pairs", "by_label", "krippendorff_alpha", "relation_f1", "documents", "confusion"):
        assert key in data
    pairs = {(p["a"], p["b"]): p for p in data["pairs"]}
    assert set(pairs) == {("an", "binh"), ("an", "chi"), ("binh", "chi")}
    for p in pairs.values():
        assert {"a", "b", "span_f1", "cohen_kappa"} <= set(p)
    assert pairs[("an", "chi")]["span_f1"] == 1.0 and pairs[("an", "chi")]["documents"] == 1
    assert pairs[("an", "binh")]["span_f1"] == 0.0 and pairs[("an", "binh")]["documents"] == 2
    # LOC_KR spans seen by the pairs: an–binh 2 (two documents), an–chi 2, binh–chi 1
    assert data["by_label"]["LOC_KR"]["spans"] == 5
    labels = data["confusion"]["labels"]
    assert data["confusion"]["matrix"][labels.index("LOC_KR")][labels.index("ORG_KR")] == 3
    assert len(data["documents"]) == 2


def test_agreement_label_filter_and_tables(db_path, labelled):
    res = runner.invoke(app, ["--db", str(db_path), "--user", "rev", "--role", "reviewer", "agreement", "--json", "--label", "ORG_KR"])
    data = json.loads(res.output)
    assert list(data["by_label"]) == ["ORG_KR"] and data["label"] == "ORG_KR"
    res = runner.invoke(app, ["--db", str(db_path), "--user", "rev", "--role", "reviewer", "agreement", "--label", "NOPE"])
    assert res.exit_code == 1 and "unknown label 'NOPE'" in res.output
    res = runner.invoke(app, ["--db", str(db_path), "--user", "rev", "--role", "reviewer", "agreement", "--by-document"])
    assert res.exit_code == 0, res.output
    for text in ("Annotator pairs", "By label", "Label confusions", "Documents, hardest first", "Krippendorff"):
        assert text in res.output


def test_agreement_without_two_finished_annotators(db_path, project):
    res = runner.invoke(app, ["--db", str(db_path), "--user", "rev", "--role", "reviewer", "agreement"])
    assert res.exit_code == 0, res.output
    assert "No two annotators have finished the same document yet" in res.output


def test_agreement_as_a_real_process(db_path, labelled):
    env = {k: v for k, v in os.environ.items() if k != "ANNOTATOR_DB"}
    proc = subprocess.run(
        [sys.executable, "-m", "annotator", "--db", str(db_path), "--user", "rev", "--role", "reviewer", "agreement", "--json"],
        capture_output=True, text=True, env=env, timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["documents_compared"] == 2
