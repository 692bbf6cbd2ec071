"""What a new user meets first: --version, --help, an empty export, import wording (real processes)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from importlib.metadata import version
from pathlib import Path

import pytest

import annotator
from annotator.cli.main import main


def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    full = {k: v for k, v in os.environ.items() if k != "ANNOTATOR_DB"}
    full.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "annotator", *args], capture_output=True, text=True, env=full, timeout=180
    )


# -- --version --------------------------------------------------------------------------------


def test_version_prints_the_installed_version_without_importing_typer() -> None:
    r = run("--version", env={"PYTHONPROFILEIMPORTTIME": "1"})
    assert r.returncode == 0, r.stderr
    assert r.stdout == f"annotator {version('annotator')}\n" == f"annotator {annotator.__version__}\n"
    imported = {line.rsplit("|", 1)[-1].strip() for line in r.stderr.splitlines() if line.startswith("import time:")}
    assert "annotator.cli.main" in imported  # the import profile is real
    assert "typer" not in imported and "PySide6" not in imported


def test_version_after_global_options_goes_through_typer(tmp_path: Path) -> None:
    r = run("--db", str(tmp_path / "x.sqlite3"), "--version")
    assert (r.returncode, r.stdout) == (0, f"annotator {annotator.__version__}\n"), r.stderr
    assert not (tmp_path / "x.sqlite3").exists()


# -- --help -----------------------------------------------------------------------------------

COMMANDS = [
    [], ["gui"], ["import"], ["stats"], ["agreement"], ["schema"], ["schema", "check"], ["schema", "show"],
    ["schema", "set"], ["schema", "rename-label"], ["schema", "merge-labels"], ["schema", "rename-relation"],
    ["db"], ["db", "upgrade"], ["db", "path"], ["export"], ["export", "spacy"],
    ["export", "prodigy"], ["export", "brat"], ["export", "doccano"], ["export", "labelstudio"],
    ["export", "conll"], ["review"], ["review", "merge"], ["review", "status"], ["review", "show"],
    ["review", "decide"], ["assign"], ["server"], ["server", "init"], ["server", "add-user"],
    ["suggest"], ["train"], ["evaluate"],
    ["search"], ["note"], ["note", "add"], ["note", "list"], ["note", "edit"], ["note", "delete"], ["flag"],
]


def help_text(command: list[str], capsys) -> str:
    with pytest.raises(SystemExit) as exc:
        main([*command, "--help"])
    assert exc.value.code == 0
    return capsys.readouterr().out


def test_every_command_is_listed_here(capsys) -> None:
    from annotator.cli.app import build_command

    def walk(cmd, path):
        yield path
        for name, sub in getattr(cmd, "commands", {}).items():
            yield from walk(sub, [*path, name])

    assert sorted(walk(build_command(), [])) == sorted(COMMANDS)


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c) or "annotator")
def test_help_shows_metavars_not_python_types(command: list[str], capsys, monkeypatch) -> None:
    monkeypatch.setenv("COLUMNS", "160")
    text = help_text(command, capsys)
    assert "Usage: annotator" in text
    assert not re.search(r"<(str|int|float|bool|path|list\[[^\]]*\]|Path)>", text), text
    assert "{paths}" not in text and "{document}" not in text, text


@pytest.mark.parametrize(
    ("command", "expected"),
    [
        ([], ["--db", "URL_OR_PATH", "--user", "NAME", "--role", "[annotator|reviewer]", "--version"]),
        (["import"], ["{PATH}...", "--format", "FORMAT", "--annotator", "NAME"]),
        (["export", "spacy"], ["--out", "DIR", "--source", "SOURCE", "--fallback-annotator", "--dev-fraction",
                               "FRACTION", "--seed", "N", "--pipeline", "[ner|spancat]"]),
        (["export", "brat"], ["--out", "PATH"]),
        (["schema", "check"], ["{FILE}"]),
        (["review", "decide"], ["{DOC_ID} {KEY}", "DECISION", '[start,end,"LABEL"]', '[[s,e,"L"],[s,e,"L"],"REL"]']),
        (["review", "merge"], ["--policy", "POLICY", "--document", "DOC_ID"]),
        (["agreement"], ["--label", "LABEL"]),
    ],
)
def test_help_names_what_each_option_takes(command: list[str], expected: list[str], capsys, monkeypatch) -> None:
    monkeypatch.setenv("COLUMNS", "160")
    text = help_text(command, capsys)
    for piece in expected:
        assert piece in text, (piece, text)


def test_flags_show_no_value() -> None:
    r = run("import", "--help", env={"COLUMNS": "160"})
    assert r.returncode == 0, r.stderr
    (line,) = [ln for ln in r.stdout.splitlines() if "--add-labels" in ln]
    assert re.search(r"--add-labels\s+Add labels and relation types unknown", line), line


# -- export spacy: nothing to export, an empty dev set ----------------------------------------


def test_export_of_no_document_fails_in_one_line_and_writes_nothing(tmp_path: Path) -> None:
    db = str(tmp_path / "p.sqlite3")
    out = tmp_path / "out"  # the new database has the corpus but no gold set: nothing to export
    r = run("--db", db, "--user", "rev", "--role", "reviewer", "export", "spacy", "--out", str(out))
    assert r.returncode == 1, r.stdout
    assert r.stderr.startswith("annotator: error: nothing to export: no document has an annotation set for --source gold")
    assert len(r.stderr.strip().splitlines()) == 1, r.stderr
    assert "train with" not in r.stdout + r.stderr
    assert not out.exists()
    out.mkdir()
    r = run("--db", db, "--user", "rev", "--role", "reviewer", "export", "spacy", "--out", str(out))
    assert r.returncode == 1 and list(out.iterdir()) == []


def doccano_lines(*texts: str) -> str:
    """One doccano line per text, with its first two capitalized syllables as LOC_VN spans."""
    lines = []
    for text in texts:
        words = [m for m in re.finditer(r"\S+", text) if m.group()[0].isupper()][:2]
        lines.append(json.dumps({"text": text, "entities": [
            {"id": i, "label": "LOC_VN", "start_offset": m.start(), "end_offset": m.end()} for i, m in enumerate(words)
        ], "relations": []}, ensure_ascii=False))
    return "\n".join(lines) + "\n"


@pytest.fixture
def labelled_db(tmp_path: Path) -> str:
    db = str(tmp_path / "p.sqlite3")
    src = tmp_path / "in.jsonl"
    src.write_text(doccano_lines("Tỉnh Huế và Đà Nẵng.", "Thăm Hà Nội hôm qua.", "Về Vinh rồi đi Hải Phòng."),
                   encoding="utf-8")
    r = run("--db", db, "import", str(src), "--format", "doccano", "--annotator", "lan")
    assert r.returncode == 0, r.stderr
    return db


def test_export_with_empty_dev_set_says_so_and_does_not_suggest_training(labelled_db: str, tmp_path: Path) -> None:
    out = tmp_path / "zero"
    r = run("--db", labelled_db, "--user", "rev", "--role", "reviewer", "export", "spacy", "--out", str(out), "--source", "annotator:lan", "--dev-fraction", "0")
    assert r.returncode == 0, r.stderr
    assert "3 document(s) (3 train, 0 dev)" in r.stdout
    assert "the dev set is empty, and spacy train needs one: use --dev-fraction 0.2" in r.stderr
    assert "train with" not in r.stdout + r.stderr
    assert (out / "config.cfg").is_file()  # the data are written; only the advice changes

    ok = run("--db", labelled_db, "--user", "rev", "--role", "reviewer", "export", "spacy", "--out", str(tmp_path / "ok"), "--source", "annotator:lan")
    assert ok.returncode == 0, ok.stderr
    assert "(2 train, 1 dev)" in ok.stdout and "train with: python -m spacy train" in ok.stdout
    assert "dev set is empty" not in ok.stdout + ok.stderr


def test_export_of_a_single_document_says_it_cannot_be_split(tmp_path: Path) -> None:
    db = str(tmp_path / "p.sqlite3")
    src = tmp_path / "one.jsonl"
    src.write_text(doccano_lines("Tỉnh Huế và Đà Nẵng."), encoding="utf-8")
    assert run("--db", db, "import", str(src), "--format", "doccano", "--annotator", "lan").returncode == 0
    r = run("--db", db, "--user", "rev", "--role", "reviewer", "export", "spacy", "--out", str(tmp_path / "o"), "--source", "annotator:lan")
    assert r.returncode == 0, r.stderr
    assert "the dev set is empty, and spacy train needs one: one document cannot be split: add more documents" in r.stderr
    assert "train with" not in r.stdout


# -- import wording ---------------------------------------------------------------------------


def test_import_says_what_happened_to_texts_already_stored(tmp_path: Path) -> None:
    db = str(tmp_path / "p.sqlite3")
    folder = tmp_path / "plain"
    folder.mkdir()
    texts = ["Tỉnh Huế và Đà Nẵng.", "Thăm Hà Nội hôm qua.", "Về Vinh rồi đi Hải Phòng.", "Ở Cần Thơ."]
    for i, text in enumerate(texts):
        (folder / f"{i}.txt").write_text(text, encoding="utf-8")
    first = run("--db", db, "import", str(folder))
    assert first.returncode == 0, first.stderr
    assert first.stdout.splitlines()[0] == "4 documents imported."
    again = run("--db", db, "import", str(folder))
    assert again.stdout.splitlines()[0] == "4 documents already stored (nothing new)."

    annotated = tmp_path / "ann.jsonl"  # the 4 stored texts with 2 spans each, and one new text with 1 span
    new_text = "Gặp bạn."
    annotated.write_text(doccano_lines(*texts, new_text), encoding="utf-8")
    mixed = run("--db", db, "import", str(annotated), "--format", "doccano", "--annotator", "lan")
    assert mixed.returncode == 0, mixed.stderr
    assert mixed.stdout.splitlines()[0] == (
        "1 document imported with 1 span and 0 relations; "
        "4 documents already stored: 8 spans and 0 relations added to them."
    )
    once_more = run("--db", db, "import", str(annotated), "--format", "doccano", "--annotator", "lan")
    assert once_more.stdout.splitlines()[0] == "5 documents already stored (nothing new)."
    stats = json.loads(run("--db", db, "stats", "--json").stdout)
    assert (stats["documents"], stats["spans"]) == (5, 9)


def test_import_counts_relations_added_to_a_stored_document(tmp_path: Path) -> None:
    db = str(tmp_path / "p.sqlite3")
    text = "Tỉnh Bắc Ninh hợp tác với tỉnh Gyeonggi."
    (tmp_path / "a.txt").write_text(text, encoding="utf-8")
    assert run("--db", db, "import", str(tmp_path / "a.txt")).returncode == 0
    vn, kr = text.index("Bắc Ninh"), text.index("Gyeonggi")
    (tmp_path / "a.jsonl").write_text(json.dumps({"text": text, "entities": [
        {"id": 1, "label": "LOC_VN", "start_offset": vn, "end_offset": vn + len("Bắc Ninh")},
        {"id": 2, "label": "LOC_KR", "start_offset": kr, "end_offset": kr + len("Gyeonggi")}],
        "relations": [{"id": 1, "from_id": 1, "to_id": 2, "type": "COOPERATES_WITH"}]}, ensure_ascii=False) + "\n",
        encoding="utf-8")
    r = run("--db", db, "import", str(tmp_path / "a.jsonl"), "--format", "doccano", "--annotator", "lan")
    assert r.returncode == 0, r.stderr
    assert r.stdout.splitlines()[0] == "1 document already stored: 2 spans and 1 relation added to it."
