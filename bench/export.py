"""Benchmark of the spaCy export (goal P6): speed against spaCy's own floor, peak memory, drops.

    python bench/export.py [--docs 20000] [--spans 40] [--json] [--repeat N] [--db KEEP.sqlite3]

1. Generates a corpus in a temporary SQLite database: `--docs` articles (sentences sampled from
   the bundled corpus, ~3,000 characters each) with `--spans` token-aligned spans each (some
   nested) and a few relations, stored through `project.importer.import_documents`.
2. Runs `export_spacy` in a child process (fresh interpreter): time, peak RSS of that process.
3. Runs the floor in another child process: the same texts, already in memory, through spaCy
   alone with the same tokenizer (`nlp.tokenizer`), `DocBin.add` and serialization in shards
   of the same size, written to disk.
Prints `docs_per_s`, `ratio_vs_spacy_floor` (export seconds / floor seconds), `peak_rss_mb`
(export process) and `dropped` (spans in the database that are not in the written DocBins).
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def _sentences() -> list[str]:
    out = []
    for f in sorted((ROOT / "corpus").glob("*.txt")):
        for line in f.read_text(encoding="utf-8").split("\n"):
            for part in line.replace(". ", ".\n").split("\n"):
                part = part.strip()
                if len(part) > 20:
                    out.append(part)
    return out


def generate(db: str, n_docs: int, n_spans: int, seed: int = 0) -> int:
    from annotator.core.document import IncomingDocument, IncomingSet, Relation, Span
    from annotator.core.tokenize import tokenize
    from annotator.services.project import Project

    rng = random.Random(seed)
    sents = _sentences()
    project = Project.open(db, initialize="schema")
    labels = list(project.schema.label_names)
    total_spans = 0

    def docs():
        nonlocal total_spans
        for i in range(n_docs):
            parts = [f"Bài {i}."]
            size = 0
            while size < 3000:
                s = rng.choice(sents)
                parts.append(s)
                size += len(s) + 1
            text = " ".join(parts[:3]) + "\n" + " ".join(parts[3:])
            toks = tokenize(text)
            keys: set = set()
            spans = []
            while len(spans) < n_spans:
                a = rng.randrange(len(toks) - 6)
                b = a + rng.randint(1, 5)
                sp = Span(toks[a][0], toks[b - 1][1], rng.choice(labels))
                if sp.key not in keys:
                    keys.add(sp.key)
                    spans.append(sp)
                if len(spans) % 10 == 5 and len(spans) < n_spans:  # a nested span inside the last one
                    inner = Span(toks[a][0], toks[a][1], rng.choice(labels))
                    if inner.key not in keys:
                        keys.add(inner.key)
                        spans.append(inner)
            total_spans += len(spans)
            per = [s for s in spans if s.label in ("PER_VN", "PER_KR")]
            titles = [s for s in spans if s.label == "TITLE"]
            rels = [Relation(p.key, t.key, "HAS_TITLE") for p, t in zip(per, titles, strict=False)]
            yield IncomingDocument(text=text, uid=f"bench-{i}", origin=f"generated:{i}",
                                   sets=[IncomingSet("bench", spans, rels)])

    project.importer.import_documents(docs())
    project.close()
    return total_spans


def child_export(db: str, out: str) -> None:
    from annotator.services.export import export_spacy, parse_source
    from annotator.services.project import Project

    project = Project.open(db, initialize=False)
    t0 = time.perf_counter()
    report = export_spacy(project, out, source=parse_source("annotator:bench"), dev_fraction=0.2, seed=0)
    seconds = time.perf_counter() - t0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"seconds": seconds, "peak_rss_mb": peak, "report": {k: report[k] for k in
          ("documents", "spans", "spans_exported", "misaligned", "files")}}))


def child_floor(texts_file: str, out: str) -> None:
    from spacy.tokens import DocBin

    from annotator.nlp.tokenizer import blank_vi

    texts = json.loads(Path(texts_file).read_text(encoding="utf-8"))
    nlp = blank_vi()
    out_dir = Path(out)
    out_dir.mkdir(parents=True, exist_ok=True)
    t0 = time.perf_counter()
    db = DocBin()
    n = 0
    for text in texts:
        db.add(nlp.tokenizer(text))
        if len(db) >= 2000:
            (out_dir / f"floor-{n:04d}.spacy").write_bytes(db.to_bytes())
            n += 1
            db = DocBin()
    (out_dir / f"floor-{n:04d}.spacy").write_bytes(db.to_bytes())
    seconds = time.perf_counter() - t0
    print(json.dumps({"seconds": seconds, "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))


def count_written(files: dict) -> int:
    from spacy.tokens import DocBin

    from annotator.nlp.tokenizer import blank_vi

    nlp = blank_vi()
    n = 0
    for name in ("train", "dev"):
        p = Path(files[name])
        for f in sorted(p.glob("*.spacy")) if p.is_dir() else [p]:
            for doc in DocBin().from_disk(f).get_docs(nlp.vocab):
                n += len(doc.spans.get("sc", []))
    return n


def run_child(*args: str) -> dict:
    proc = subprocess.run([sys.executable, __file__, *args], capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        raise SystemExit(f"child {args[0]} failed:\n{proc.stderr}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--docs", type=int, default=20000)
    ap.add_argument("--spans", type=int, default=40)
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--db", help="use (or create and keep) this generated database instead of a temporary one")
    ap.add_argument("--repeat", type=int, default=1, help="run export and floor alternately N times; keep the fastest")
    ap.add_argument("--child-export", nargs=2, metavar=("DB", "OUT"))
    ap.add_argument("--child-floor", nargs=2, metavar=("TEXTS", "OUT"))
    args = ap.parse_args()
    if args.child_export:
        return child_export(*args.child_export)
    if args.child_floor:
        return child_floor(*args.child_floor)

    import sqlite3

    with tempfile.TemporaryDirectory() as tmp:
        db = args.db or str(Path(tmp) / "bench.sqlite3")
        t0 = time.perf_counter()
        if args.db and Path(args.db).exists():
            con = sqlite3.connect(db)
            spans_in_db = con.execute("select count(*) from span").fetchone()[0]
            args.docs = con.execute("select count(*) from document").fetchone()[0]
            con.close()
        else:
            spans_in_db = generate(db, args.docs, args.spans)
        gen_s = time.perf_counter() - t0
        # the floor gets the same texts (order does not matter)
        con = sqlite3.connect(db)
        texts = [t for (t,) in con.execute("select text from document order by id")]
        con.close()
        texts_file = Path(tmp) / "texts.json"
        texts_file.write_text(json.dumps(texts, ensure_ascii=False), encoding="utf-8")
        chars = sum(map(len, texts))
        del texts
        exports, floors = [], []
        for _ in range(max(1, args.repeat)):  # alternate, so both see the same machine load
            exports.append(run_child("--child-export", db, str(Path(tmp) / "export")))
            floors.append(run_child("--child-floor", str(texts_file), str(Path(tmp) / "floor")))
        exp = min(exports, key=lambda r: r["seconds"])
        floor = min(floors, key=lambda r: r["seconds"])
        written = count_written(exp["report"]["files"])
    result = {
        "docs": args.docs,
        "spans_per_doc": args.spans,
        "chars": chars,
        "generate_s": round(gen_s, 1),
        "export_s": round(exp["seconds"], 2),
        "floor_s": round(floor["seconds"], 2),
        "docs_per_s": round(args.docs / exp["seconds"], 1),
        "ratio_vs_spacy_floor": round(exp["seconds"] / floor["seconds"], 3),
        "peak_rss_mb": round(max(r["peak_rss_mb"] for r in exports), 1),
        "export_runs_s": [round(r["seconds"], 2) for r in exports],
        "floor_runs_s": [round(r["seconds"], 2) for r in floors],
        "floor_peak_rss_mb": round(floor["peak_rss_mb"], 1),
        "spans_in_db": spans_in_db,
        "spans_written": written,
        "misaligned": len(exp["report"]["misaligned"]),
        "dropped": spans_in_db - written,
    }
    if args.json:
        print(json.dumps(result))
    else:
        for k, v in result.items():
            print(f"{k:>22}: {v}")


if __name__ == "__main__":
    main()
