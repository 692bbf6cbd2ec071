"""`annotator import --format …` and `annotator export …` as a user runs them (real processes)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path


def run(*args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "ANNOTATOR_DB"}
    return subprocess.run([sys.executable, "-m", "annotator", *args], capture_output=True, text=True, env=env, timeout=120)


def test_import_export_doccano_brat_and_errors(tmp_path: Path) -> None:
    db = str(tmp_path / "p.sqlite3")
    src = tmp_path / "in.jsonl"
    src.write_text(
        json.dumps({"text": "Đại sứ Park Noh-wan thăm Bắc Ninh.", "entities": [
            {"id": 1, "label": "PER_KR", "start_offset": 7, "end_offset": 19},
            {"id": 2, "label": "LOC_VN", "start_offset": 25, "end_offset": 33}],
            "relations": []}, ensure_ascii=False) + "\n"
        + json.dumps({"text": "Tin tốt.", "label": ["positive"]}) + "\n",
        encoding="utf-8",
    )
    ok = run("--db", db, "import", str(src), "--format", "doccano", "--annotator", "lan")
    assert ok.returncode == 0, ok.stderr
    assert "2 documents imported with 2 spans and 0 relations." in ok.stdout
    assert "note: 1 document label(s) (text classification) not imported" in ok.stdout

    bad = tmp_path / "bad.jsonl"
    bad.write_text(json.dumps({"text": "Ông Kim.", "label": [[4, 7, "NGUOI"]]}) + "\n", encoding="utf-8")
    err = run("--db", db, "import", str(bad), "--format", "doccano")
    assert err.returncode == 1
    assert "label NGUOI not in the schema: 1" in err.stderr and "NGUOI" in err.stderr and "nothing was imported" in err.stderr
    stats = json.loads(run("--db", db, "stats", "--json").stdout)
    assert stats["documents"] == 2 and stats["spans"] == 2

    out = tmp_path / "brat"
    exp = run("--db", db, "--user", "rev", "--role", "reviewer", "export", "brat", "--out", str(out), "--source", "annotator:lan")
    assert exp.returncode == 0, exp.stderr
    assert "2 document(s), 2 span(s), 0 relation(s)" in exp.stdout
    ann = [p for p in out.glob("*.ann")]
    assert len(ann) == 1 and "PER_KR 7 19\tPark Noh-wan" in ann[0].read_text(encoding="utf-8")
    assert (out / "annotation.conf").is_file()

    nope = run("--db", db, "--user", "rev", "--role", "reviewer", "export", "spacy", "--out", str(tmp_path / "s"), "--source", "annotator:nobody")
    assert nope.returncode == 1 and "no annotator named 'nobody'" in nope.stderr
    unknown = run("--db", db, "import", str(src), "--format", "tei")
    assert unknown.returncode == 1 and "unknown format 'tei'" in unknown.stderr


def test_export_spacy_of_an_article_over_a_million_characters(tmp_path: Path) -> None:
    """spaCy refuses texts over 1,000,000 characters by default (E088): the export must not."""
    db = str(tmp_path / "p.sqlite3")
    text = ("Đại sứ Park Noh-wan thăm Bắc Ninh. " * 36_000).strip()  # ~1.26 M characters, one line
    assert len(text) > 1_000_000
    last = text.rindex("Bắc Ninh")
    src = tmp_path / "big.jsonl"
    src.write_text(json.dumps({"text": text, "label": [[7, 19, "PER_KR"], [last, last + 8, "LOC_VN"]]},
                              ensure_ascii=False) + "\n", encoding="utf-8")
    ok = run("--db", db, "import", str(src), "--format", "doccano", "--annotator", "lan")
    assert ok.returncode == 0, ok.stderr
    out = tmp_path / "spacy"
    exp = run("--db", db, "--user", "rev", "--role", "reviewer", "export", "spacy", "--out", str(out), "--source", "annotator:lan", "--dev-fraction", "0")
    assert exp.returncode == 0, exp.stderr
    assert "Traceback" not in exp.stderr
    from spacy.tokens import DocBin

    from annotator.nlp.tokenizer import blank_vi

    files = sorted(out.rglob("*.spacy"))
    docs = [d for f in files for d in DocBin().from_disk(f).get_docs(blank_vi().vocab)]
    assert len(docs) == 1 and docs[0].text == text
    assert sorted((s.text, s.label_) for s in docs[0].spans["sc"]) == [("Bắc Ninh", "LOC_VN"), ("Park Noh-wan", "PER_KR")]
