"""The `annotator` command, run as a user runs it: a real process on a real SQLite file."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import yaml

from annotator.core.resources import corpus_dir, default_schema_path
from annotator.storage.db import HEAD_REVISION


def run(*args: str, env: dict | None = None, cwd: Path | None = None) -> subprocess.CompletedProcess:
    full_env = {k: v for k, v in os.environ.items() if k != "ANNOTATOR_DB"}
    full_env.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "annotator", *args],
        capture_output=True,
        text=True,
        env=full_env,
        cwd=cwd,
        timeout=120,
    )


def test_import_reports_five_then_five_duplicates(tmp_path: Path) -> None:
    db = tmp_path / "new.sqlite3"
    first = run("--db", str(db), "import", str(corpus_dir()))
    assert first.returncode == 0, first.stderr
    assert "5 documents imported." in first.stdout
    second = run("--db", str(db), "import", str(corpus_dir()))
    assert second.returncode == 0, second.stderr
    assert "5 documents already stored (nothing new)." in second.stdout
    stats = json.loads(run("--db", str(db), "stats", "--json").stdout)
    assert stats["documents"] == 5


def test_bad_import_names_file_line_and_changes_nothing(tmp_path: Path) -> None:
    db = tmp_path / "db.sqlite3"
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"text": "Một."}\nnot json\n', encoding="utf-8")
    r = run("--db", str(db), "import", str(bad))
    assert r.returncode == 1
    assert f"{bad}:2: not JSON" in r.stderr
    assert "nothing was imported" in r.stderr
    assert json.loads(run("--db", str(db), "stats", "--json").stdout)["documents"] == 0


def test_stats_json_keys_on_a_new_database(tmp_path: Path) -> None:
    r = run("--db", str(tmp_path / "x.sqlite3"), "stats", "--json")
    assert r.returncode == 0, r.stderr
    data = json.loads(r.stdout)
    for key in ("documents", "spans", "relations", "by_label", "by_status", "per_annotator"):
        assert key in data
    assert data["documents"] == 5  # a new database gets the bundled corpus
    assert data["by_status"]["todo"] == 5
    human = run("--db", str(tmp_path / "x.sqlite3"), "stats")
    assert "5 documents" in human.stdout


def test_schema_check_prints_every_problem(tmp_path: Path) -> None:
    data = yaml.safe_load(default_schema_path().read_text(encoding="utf-8"))
    data["relations"][3]["tail"] = ["ORG_XX"]
    data["labels"][0]["color"] = "red"
    bad = tmp_path / "bad.yaml"
    bad.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    r = run("schema", "check", str(bad))
    assert r.returncode == 1
    assert f"{bad}: relations[3].tail: unknown label ORG_XX" in r.stderr
    assert f"{bad}: labels[0].color:" in r.stderr
    ok = run("schema", "check", str(default_schema_path()))
    assert ok.returncode == 0 and "OK" in ok.stdout


def test_schema_show_and_db_upgrade(tmp_path: Path) -> None:
    db = tmp_path / "x.sqlite3"
    show = run("--db", str(db), "schema", "show")
    assert show.returncode == 0 and "PER_VN" in show.stdout and "HAS_TITLE" in show.stdout
    up = run("--db", str(db), "db", "upgrade")
    assert up.returncode == 0 and f"{HEAD_REVISION} -> {HEAD_REVISION}" in up.stdout
    fresh = run("--db", str(tmp_path / "fresh.sqlite3"), "db", "upgrade")
    assert f"empty -> {HEAD_REVISION}" in fresh.stdout


def test_database_location_precedence(tmp_path: Path) -> None:
    env_db = tmp_path / "env.sqlite3"
    home = tmp_path / "home"
    base = {"HOME": str(home), "XDG_DATA_HOME": str(home / "data")}
    assert run("db", "path", env={**base, "ANNOTATOR_DB": str(env_db)}).stdout.strip() == str(env_db)
    flag = tmp_path / "flag.sqlite3"
    assert run("--db", str(flag), "db", "path", env={**base, "ANNOTATOR_DB": str(env_db)}).stdout.strip() == str(flag)
    default = run("db", "path", env={**base, "ANNOTATOR_DB": ""}).stdout.strip()
    assert default.startswith(str(home)) and default.endswith("annotator.sqlite3")
    # and a command without --db really uses the env database
    run("stats", env={**base, "ANNOTATOR_DB": str(env_db)})
    assert env_db.exists()


def test_core_imports_neither_qt_nor_spacy() -> None:
    code = (
        "import annotator.core.commands, annotator.core.schema, annotator.core.tokenize, sys;"
        "assert 'PySide6' not in sys.modules and 'spacy' not in sys.modules and 'sqlalchemy' not in sys.modules"
    )
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, r.stderr


def test_cli_commands_do_not_load_qt_or_spacy(tmp_path: Path) -> None:
    code = (
        "import sys; from annotator.cli.app import app;"
        "from typer.testing import CliRunner;"
        f"r = CliRunner().invoke(app, ['--db', {str(tmp_path / 'x.sqlite3')!r}, 'stats', '--json']);"
        "assert r.exit_code == 0, r.output;"
        "assert 'PySide6' not in sys.modules, 'Qt loaded'; assert 'spacy' not in sys.modules, 'spaCy loaded'"
    )
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, r.stderr


def test_bad_role_is_refused(tmp_path: Path) -> None:
    r = run("--db", str(tmp_path / "x.sqlite3"), "--role", "boss", "stats")
    assert r.returncode != 0 and "--role must be" in r.stderr
