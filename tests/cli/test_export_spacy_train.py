"""spaCy itself checks the export: `spacy debug data`, a short `spacy train`, then the model loads.

Annotations are made through the services API on the bundled corpus; the export and spaCy run
as real processes, from another working directory (config.cfg must work from anywhere).
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from annotator.core.commands import AddRelation, AddSpan
from annotator.core.document import Relation, SetKind, Span

# (text, label) found in the bundled articles; every occurrence is labelled
NEEDLES = [
    ("Phó Chủ tịch Thường trực UBND tỉnh Bình Thuận", "TITLE"),
    ("UBND tỉnh Bình Thuận", "ORG_VN"),
    ("Phan Văn Đăng", "PER_VN"),
    ("Bình Thuận", "LOC_VN"),
    ("Hàn Quốc", "LOC_KR"),
    ("Việt Nam", "LOC_VN"),
    ("VKBIA", "ORG_OTHER"),
    ("19/8", "DATE"),
]


def _occurrences(text: str, needle: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in re.finditer(re.escape(needle), text)]


def annotate_corpus(project) -> int:
    n = 0
    for doc_id in project.documents.ids():
        doc = project.document(doc_id)
        sess = project.open_annotation(doc_id, None, SetKind.GOLD)
        for needle, label in NEEDLES:
            for start, end in _occurrences(doc.text, needle):
                if sess.tokens.is_aligned(start, end):
                    sess.apply(AddSpan(Span(start, end, label)))
                    n += 1
        keys = {s.key for s in sess.spans}
        for start, end in _occurrences(doc.text, "Phan Văn Đăng - Phó Chủ tịch Thường trực UBND tỉnh Bình Thuận"):
            per, title = (start, start + 13, "PER_VN"), (start + 16, end, "TITLE")
            if per in keys and title in keys:
                sess.apply(AddRelation(Relation(per, title, "HAS_TITLE")))
    return n


def run(args: list[str], cwd: Path, timeout: int = 240) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "ANNOTATOR_DB"}
    return subprocess.run(args, capture_output=True, text=True, cwd=cwd, env=env, timeout=timeout)


@pytest.mark.parametrize("pipeline", ["ner", "spancat"])
def test_spacy_debug_data_and_train(project, db_path: Path, tmp_path: Path, pipeline: str) -> None:
    assert annotate_corpus(project) > 30
    project.close()
    out = tmp_path / "export"
    elsewhere = tmp_path / "cwd"
    elsewhere.mkdir()
    exp = run([sys.executable, "-m", "annotator", "--db", str(db_path), "export", "spacy", "--out", str(out),
               "--pipeline", pipeline], cwd=elsewhere)
    assert exp.returncode == 0, exp.stderr
    assert f"python -m spacy train {out.resolve() / 'config.cfg'}" in exp.stdout
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert report["misaligned"] == [] and report["documents"] == 5 and report["spans_only_in_group"] > 0
    assert 'tokenizers = "annotator.vi_syllables.v1"' in (out / "config.cfg").read_text(encoding="utf-8")

    if pipeline == "ner":
        # spancat reads whole documents (5 here): debug data would only object to their number
        debug = run([sys.executable, "-m", "spacy", "debug", "data", str(out / "config.cfg")], cwd=elsewhere)
        assert debug.returncode == 0, debug.stdout + debug.stderr
        assert "✘" not in debug.stdout, debug.stdout
        assert "No entities crossing sentence boundaries" in debug.stdout
        assert "misaligned" not in debug.stdout.lower(), debug.stdout

    model_dir = tmp_path / "model"
    train = run([sys.executable, "-m", "spacy", "train", str(out / "config.cfg"), "--output", str(model_dir),
                 "--training.max_steps", "20", "--training.eval_frequency", "10",
                 "--nlp.batch_size", "64"], cwd=elsewhere, timeout=300)
    assert train.returncode == 0, train.stdout + train.stderr
    assert (model_dir / "model-last").is_dir()

    import spacy

    nlp = spacy.load(model_dir / "model-last")
    assert nlp.pipe_names == ["tok2vec", pipeline]
    text = "Ông Phan Văn Đăng, Phó Chủ tịch UBND tỉnh Bình Thuận (TP.Hồ Chí Minh)."
    doc = nlp(text)
    assert doc.text == text
    assert [t.text for t in doc][:7] == ["Ông", "Phan", "Văn", "Đăng", ",", "Phó", "Chủ"]
    assert "TP." in [t.text for t in doc]
