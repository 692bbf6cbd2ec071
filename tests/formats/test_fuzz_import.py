"""Issue 9.6: no traceback on any input. 300 seeded mutants per importer through `annotator import`.

Every mutant (see `bench/fuzzlib.py`: byte flips, truncation, invalid UTF-8, NUL, BOM, CRLF, empty
files, values of the wrong type, huge numbers, deep nesting, lone surrogates, swapped offsets,
duplicated ids, broken brat and CoNLL fields) is imported by the real command into a copy of a
SQLite file holding documents and annotations. Each must be imported, or refused with one line
`FILE[:LINE]: reason` and the database left as it was. `bench/fuzz_import.py` runs thousands.
"""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))

from fuzzlib import FORMATS, FormatResult, Fuzzer, check_message, fingerprint, group_findings, make_mutant

PER_FORMAT = 300
SEED = 1  # the bench runs seed 0 by default: the two cover different mutants


@pytest.fixture(scope="module")
def fuzzer(tmp_path_factory: pytest.TempPathFactory) -> Fuzzer:
    return Fuzzer(tmp_path_factory.mktemp("fuzz"), seed=SEED)


def describe(findings) -> str:
    out = []
    for (fmt, kind, _head, frame), group in group_findings(findings):
        out.append(f"[{fmt}] {kind} x{len(group)}: {group[0].what}" + (f" at {frame}" if frame else ""))
        out.extend(f"    #{f.index} {f.seed}: {f.mutation[:200]}" for f in group[:2])
    return "\n".join(out)


def test_every_seed_imports(fuzzer: Fuzzer) -> None:
    """The seeds are valid: unchanged, each imports (else the mutants would test nothing)."""
    failed = []
    for fmt in FORMATS:
        for seed in fuzzer.seeds[fmt]:
            res = FormatResult()
            finding = fuzzer.run_one(fmt, seed, -1, dict(seed.files), "unchanged seed", list(seed.flags), res,
                                     dict(seed.options))
            if finding is not None or res.ok != 1:
                failed.append((fmt, seed.name, finding, fuzzer.last_output))
    assert not failed


@pytest.mark.parametrize("content", [b"", b" \n\t\r\n", b"\xef\xbb\xbf", b"\xef\xbb\xbf\n\n"])
def test_a_blank_file_is_refused(fuzzer: Fuzzer, content: bytes) -> None:
    """An empty or blank file of any format is an error naming it, as an empty `.txt` always was."""
    for fmt in FORMATS:
        for seed in fuzzer.seeds[fmt]:
            files = dict(seed.files)
            for name in [seed.target] if seed.target != "." else [n for n in files if n.endswith(".txt")]:
                files[name] = content
            res = FormatResult()
            finding = fuzzer.run_one(fmt, seed, -1, files, f"blank {content!r}", list(seed.flags), res,
                                     dict(seed.options))
            assert finding is None and res.refused == 1, (fmt, seed.name, finding, res.to_dict())


def test_the_database_check_sees_a_change(fuzzer: Fuzzer, tmp_path: Path) -> None:
    from annotator.services.project import Project

    db = tmp_path / "copy.sqlite3"
    db.write_bytes(fuzzer.pristine.read_bytes())
    assert fingerprint(db) == fuzzer.pristine_print
    src = tmp_path / "new.jsonl"
    src.write_text(json.dumps({"text": "Một bài mới về Đà Nẵng."}, ensure_ascii=False) + "\n", encoding="utf-8")
    project = Project.open(str(db))
    try:
        project.importer.import_files([src], "jsonl")
    finally:
        project.close()
    assert fingerprint(db) != fuzzer.pristine_print


def test_the_message_check() -> None:
    root = Path("/tmp/m1")
    good = f"annotator: error: {root}/a.jsonl:3: not JSON (Expecting value at column 1)\nnothing was imported\n"
    assert check_message(good, root) is None
    listing = (f"annotator: error: {root}/a.jsonl: 2 problems of 1 kind (fix them)\nnot on token boundaries: 2\n"
               f"  {root}/a.jsonl:2: document x: span 1-3\n  {root}/a.jsonl:4: document y: span 5-9\nnothing was imported\n")
    assert check_message(listing, root) is None
    several = (f"annotator: error: 2 files: 2 problems of 1 kind (fix them)\nnot on token boundaries: 2\n"
               f"  {root}/a.ann:2: document x: span 1-3\n  {root}/b.ann:4: document y: span 5-9\nnothing was imported\n")
    assert check_message(several, root) is None
    assert check_message("annotator: error: 2 files: 2 problems\nnothing was imported\n", root) is not None
    broken = f"annotator: error: {root}/a.jsonl:3: label 'PER\nVN' unknown\nnothing was imported\n"
    assert check_message(broken, root) is not None
    assert check_message("annotator: error: line 3: bad value\nnothing was imported\n", root) is not None
    assert check_message("Traceback (most recent call last):\n  File x\n", root) is not None


def test_mutants_are_reproducible(fuzzer: Fuzzer) -> None:
    seed = fuzzer.seeds["labelstudio"][0]
    a = make_mutant(seed, random.Random("x:7"))
    b = make_mutant(seed, random.Random("x:7"))
    assert a == b and a[0] != seed.files


@pytest.mark.parametrize("fmt", FORMATS)
def test_no_traceback_and_no_change_on_failure(fuzzer: Fuzzer, fmt: str) -> None:
    start = len(fuzzer.findings)
    res = fuzzer.run_format(fmt, PER_FORMAT)
    findings = fuzzer.findings[start:]
    assert res.mutants == PER_FORMAT
    assert res.ok > 0 and res.refused > 0  # the mutants reach both outcomes
    assert res.tracebacks == 0 and res.db_changed_on_failure == 0 and res.empty_accepted == 0, (
        f"{res.to_dict()}\n{describe(findings)}"
    )
