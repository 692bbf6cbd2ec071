"""P9: import speed of a generated JSONL corpus (goal ≥ 5 MB of text per second, all-or-nothing).

    python bench/import_jsonl.py [--docs 100000] [--json]

Articles are built from sentences of the bundled corpus (real Vietnamese, varied lengths), one
JSON object a line with an id and meta. The import runs as one transaction into a new SQLite file;
then the same file plus one broken last line is imported into another database to time the
all-or-nothing failure and check that it left nothing behind.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

from annotator.core.errors import InputError
from annotator.core.resources import corpus_dir
from annotator.services.project import Project


def sentences() -> list[str]:
    out: list[str] = []
    for f in sorted(corpus_dir().glob("*.txt")):
        for para in f.read_text(encoding="utf-8").split("\n"):
            out.extend(s.strip() for s in re.split(r"(?<=[.!?])\s+", para) if len(s.strip()) > 20)
    return out


def generate(path: Path, n: int, seed: int = 0) -> int:
    rng = random.Random(seed)
    pool = sentences()
    with path.open("w", encoding="utf-8") as fh:
        for i in range(n):
            k = rng.randint(8, 40)
            paras = []
            for _ in range(rng.randint(2, 6)):
                paras.append(" ".join(rng.choice(pool) for _ in range(max(1, k // 4))))
            text = f"Bài {i}: " + "\n".join(paras)
            fh.write(json.dumps({"id": f"gen-{i}", "text": text, "meta": {"n": i, "site": "bench"}}, ensure_ascii=False))
            fh.write("\n")
    return path.stat().st_size


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--docs", type=int, default=100_000)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tmpd = Path(tmp)
        src = tmpd / "corpus.jsonl"
        t0 = time.perf_counter()
        size = generate(src, args.docs)
        gen_s = time.perf_counter() - t0

        project = Project.open(str(tmpd / "a.sqlite3"), initialize="schema")
        t0 = time.perf_counter()
        report = project.importer.import_paths([src])
        import_s = time.perf_counter() - t0
        assert report.documents == args.docs, report

        broken = tmpd / "broken.jsonl"
        broken.write_bytes(src.read_bytes() + b"{not json\n")
        other = Project.open(str(tmpd / "b.sqlite3"), initialize="schema")
        t0 = time.perf_counter()
        try:
            other.importer.import_paths([broken])
            failed = False
        except InputError:
            failed = True
        fail_s = time.perf_counter() - t0
        left = sqlite3.connect(tmpd / "b.sqlite3").execute("SELECT count(*) FROM document").fetchone()[0]
        result = {
            "documents": args.docs,
            "mb": round(size / 1e6, 1),
            "seconds": round(import_s, 2),
            "mb_per_s": round(size / 1e6 / import_s, 2),
            "docs_per_s": round(args.docs / import_s),
            "goal_mb_per_s": 5.0,
            "broken_import_failed": failed,
            "broken_import_left_documents": left,
            "broken_import_seconds": round(fail_s, 2),
            "generate_seconds": round(gen_s, 1),
        }
    if args.json:
        print(json.dumps(result))
    else:
        for k, v in result.items():
            print(f"{k:>30}: {v}")
    if not failed or left:
        sys.exit(1)


if __name__ == "__main__":
    main()
