"""An export is complete or absent: `kill -9` mid-export, or a failing export, never leaves a mixture.

Real processes: `python -m annotator … export …` on a generated database of a few thousand
documents, killed with SIGKILL as soon as its temporary output (beside the target) holds data.
"""

from __future__ import annotations

import hashlib
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(os.name != "posix", reason="SIGKILL")

FILLER = " Ông gặp lãnh đạo tỉnh và nói về hợp tác kinh tế, văn hoá, giáo dục giữa hai nước trong những năm tới." * 12


def _env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if k != "ANNOTATOR_DB"}


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "annotator", *args], capture_output=True, text=True, env=_env(),
                          timeout=300)


@pytest.fixture(scope="module")
def big_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    """3,000 documents of ~1,300 characters with two spans each (an export takes a few seconds)."""
    folder = tmp_path_factory.mktemp("big")
    src = folder / "big.jsonl"
    with src.open("w", encoding="utf-8") as fh:
        for i in range(3000):
            text = f"Đại sứ Park Noh-wan thăm Bắc Ninh lần thứ {i}." + FILLER
            fh.write(json.dumps({"text": text, "relations": [], "entities": [
                {"id": 1, "label": "PER_KR", "start_offset": 7, "end_offset": 19},
                {"id": 2, "label": "LOC_VN", "start_offset": 25, "end_offset": 33}]}, ensure_ascii=False) + "\n")
    db = str(folder / "p.sqlite3")
    r = run("--db", db, "import", str(src), "--format", "doccano", "--annotator", "lan")
    assert r.returncode == 0, r.stderr
    return db


def hashes(path: Path) -> dict[str, str] | None:
    """Every file under `path` (or `path` itself) -> its SHA-256; None when `path` is absent."""
    if not path.exists():
        return None
    if path.is_file():
        return {"": hashlib.sha256(path.read_bytes()).hexdigest()}
    return {str(p.relative_to(path)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(path.rglob("*")) if p.is_file()}


def temporaries(out: Path) -> list[Path]:
    return [p for p in out.parent.iterdir() if p.name.startswith(f".{out.name}.tmp-")]


def kill_mid_export(db: str, out: Path, *args: str) -> None:
    """Start the export, SIGKILL it as soon as its temporary output holds data; it must not have finished."""
    proc = subprocess.Popen([sys.executable, "-m", "annotator", "--db", db, "--user", "rev", "--role", "reviewer", "export", *args, "--out", str(out)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=_env())
    deadline = time.monotonic() + 120
    try:
        while time.monotonic() < deadline and proc.poll() is None:
            tmp = temporaries(out)
            if tmp and (any(tmp[0].iterdir()) if tmp[0].is_dir() else tmp[0].stat().st_size > 0):
                break
            time.sleep(0.002)
        os.kill(proc.pid, signal.SIGKILL)
    except FileNotFoundError:  # the temporary vanished between two looks: the export finished
        os.kill(proc.pid, signal.SIGKILL)
    finally:
        proc.wait(timeout=60)
    assert proc.returncode == -signal.SIGKILL, "the export finished before it could be killed"


def visible(folder: Path) -> set[str]:
    return {p.name for p in folder.iterdir() if not p.name.startswith(".")}


@pytest.mark.parametrize(
    ("fmt", "name", "first", "second"),
    [
        ("spacy", "train-data", ["--source", "annotator:lan", "--seed", "1"], ["--source", "annotator:lan", "--seed", "2"]),
        ("brat", "brat", ["--source", "annotator:lan"], ["--source", "gold", "--fallback-annotator", "lan"]),
        ("conll", "out.conll", ["--source", "annotator:lan"], ["--source", "all"]),
    ],
)
def test_an_export_killed_midway_leaves_nothing_or_the_previous_export_whole(
    big_db: str, tmp_path: Path, fmt: str, name: str, first: list[str], second: list[str]
) -> None:
    out = tmp_path / name
    # first export, killed: no output at all
    kill_mid_export(big_db, out, fmt, *first)
    assert hashes(out) is None
    assert visible(tmp_path) == set()

    done = run("--db", big_db, "--user", "rev", "--role", "reviewer", "export", fmt, "--out", str(out), *first)
    assert done.returncode == 0, done.stderr
    assert not temporaries(out), "the next export removes what the killed one left"
    previous = hashes(out)
    assert previous

    # a second export, killed: the first one, byte for byte
    kill_mid_export(big_db, out, fmt, *second)
    assert hashes(out) == previous
    assert visible(tmp_path) == {name}

    # and a second export that runs to the end replaces it as a whole
    again = run("--db", big_db, "--user", "rev", "--role", "reviewer", "export", fmt, "--out", str(out), *second)
    assert again.returncode == 0, again.stderr
    assert not temporaries(out) and visible(tmp_path) == {name}
    if fmt == "spacy":  # another seed, another split
        assert hashes(out) != previous
        assert {"config.cfg", "report.json", "dev.spacy"} <= set(hashes(out))
        report = json.loads((out / "report.json").read_text(encoding="utf-8"))
        assert report["files"]["config"] == str(out.resolve() / "config.cfg")
        assert Path(report["files"]["train"]).exists() and Path(report["files"]["dev"]).exists()


def test_a_failing_export_leaves_the_previous_one_untouched(big_db: str, tmp_path: Path) -> None:
    out = tmp_path / "train-data"
    ok = run("--db", big_db, "--user", "rev", "--role", "reviewer", "export", "spacy", "--out", str(out), "--source", "annotator:lan")
    assert ok.returncode == 0, ok.stderr
    previous = hashes(out)
    jsonl = tmp_path / "out.jsonl"
    assert run("--db", big_db, "--user", "rev", "--role", "reviewer", "export", "doccano", "--out", str(jsonl)).returncode == 0
    previous_jsonl = hashes(jsonl)

    for args in (
        ["spacy", "--out", str(out), "--source", "bogus"],  # refused before anything is written
        ["spacy", "--out", str(out), "--source", "annotator:lan", "--dev-fraction", "1.5"],  # refused midway
        ["doccano", "--out", str(jsonl), "--source", "annotator:nobody"],
    ):
        bad = run("--db", big_db, "--user", "rev", "--role", "reviewer", "export", *args)
        assert bad.returncode == 1
        assert "Traceback" not in bad.stderr and len(bad.stderr.strip().splitlines()) == 1, bad.stderr
    assert hashes(out) == previous and hashes(jsonl) == previous_jsonl
    assert not temporaries(out) and not temporaries(jsonl)
    assert visible(tmp_path) == {"train-data", "out.jsonl"}


def test_a_folder_of_other_files_is_refused_not_replaced(big_db: str, tmp_path: Path) -> None:
    (tmp_path / "notes.md").write_text("mine", encoding="utf-8")
    for fmt in ("spacy", "brat"):
        r = run("--db", big_db, "--user", "rev", "--role", "reviewer", "export", fmt, "--out", str(tmp_path), "--source", "annotator:lan")
        assert r.returncode == 1 and "not part of an export" in r.stderr, r.stderr
        assert "Traceback" not in r.stderr
    assert visible(tmp_path) == {"notes.md"}
    assert (tmp_path / "notes.md").read_text(encoding="utf-8") == "mine"
