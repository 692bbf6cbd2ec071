"""Concordance and label-all at corpus scale: the 100,000-article database of bench/corpus.py.

    python bench/concordance.py [--db CACHED.sqlite3] [--runs 5] [--json]

Works on a COPY of the cached corpus (`~/.cache/annotator-bench/corpus-*/corpus.sqlite3`, the
newest, unless --db names one): opening it migrates it, and the cache must stay as bench/corpus.py
built it. The copy is made once under ``$TMPDIR/annotator-bench-concordance/`` and reused.

Measurements (median of `--runs` after one warm-up, wall ms with the process's CPU ms beside it):
- `concordance_first_page_ms_<key>`: `services.concordance.search` (the first page of 200 hits
  with 40 characters of context, labelled state of an annotator's set), for the queries of
  `bench/corpus.py p7_queries()` (a word in nearly every article, a rare invented name typed in
  lower case without accents, an accent-free place, the same in capitals, an organisation typed
  in NFD) — the slowest is `concordance_first_page_ms`;
- `concordance_all_ms_rare`: every hit of the rare name (`search_all`, page after page);
- `label_preview_ms_rare`: the label-all preview of those hits (snapping each to tokens).
`load_average` (1 min, before and after) says how shared the machine was.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import sys
import tempfile
import time
import unicodedata
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import SEED, _rare_names, cache_root, timed


def queries() -> list[tuple[str, str]]:
    rare = _rare_names(random.Random(SEED))[0]
    return [
        ("common", "người"),
        ("rare", unicodedata.normalize("NFD", rare).encode("ascii", "ignore").decode().lower()),
        ("accent_free", "da nang"),
        ("upper", "ĐÀ NẴNG"),
        ("nfd", unicodedata.normalize("NFD", "ủy ban nhân dân")),
    ]


def cached_db() -> Path:
    found = sorted(cache_root().glob("corpus-*/corpus.sqlite3"), key=lambda p: p.stat().st_mtime)
    if not found:
        raise SystemExit("no cached corpus: run python bench/corpus.py first (it builds one)")
    return found[-1]


def working_copy(src: Path) -> Path:
    folder = Path(tempfile.gettempdir()) / "annotator-bench-concordance"
    folder.mkdir(exist_ok=True)
    dst = folder / "corpus.sqlite3"
    stamp = folder / "source.json"
    key = {"source": str(src), "size": src.stat().st_size, "mtime": src.stat().st_mtime}
    if not dst.exists() or not stamp.exists() or json.loads(stamp.read_text()) != key:
        for p in folder.glob("corpus.sqlite3*"):
            p.unlink()
        shutil.copyfile(src, dst)
        stamp.write_text(json.dumps(key))
    return dst


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", type=Path, help="the cached corpus to copy (default: the newest in the cache)")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    load_before = os.getloadavg()
    from annotator.services import concordance as conc
    from annotator.services.project import Project

    db = working_copy(args.db or cached_db())
    t0 = time.perf_counter()
    project = Project.open(str(db))
    opened_s = time.perf_counter() - t0
    lan = project.annotator("bench")
    out: dict[str, object] = {"documents": len(project.documents.ids()), "open_and_migrate_s": round(opened_s, 2)}
    detail: dict[str, dict] = {}
    for key, q in queries():
        first = conc.search(project, q, lan, limit=200)
        t = timed(lambda q=q: conc.search(project, q, lan, limit=200), max(3, args.runs))
        detail[key] = {"query": q, "ms": t["ms"], "cpu_ms": t["cpu_ms"], "hits": first.hit_count,
                       "documents": len(first.documents), "documents_read": first.documents_read,
                       "more": first.next_after is not None}
        out[f"concordance_first_page_ms_{key}"] = t["ms"]
    out["concordance_first_page_ms"] = max(v["ms"] for v in detail.values())
    out["concordance_first_page_cpu_ms"] = max(v["cpu_ms"] for v in detail.values())
    out["concordance_detail"] = detail
    rare = detail["rare"]["query"]
    hits = conc.search_all(project, rare, lan)
    t = timed(lambda: conc.search_all(project, rare, lan), max(3, args.runs))
    out["concordance_all_ms_rare"], out["concordance_all_cpu_ms_rare"] = t["ms"], t["cpu_ms"]
    out["rare_hits"] = len(hits)
    out["rare_documents"] = len({h.document_id for h in hits})
    t = timed(lambda: conc.preview_label(project, lan, "PER_VN", hits, query=rare), max(3, args.runs))
    out["label_preview_ms_rare"], out["label_preview_cpu_ms_rare"] = t["ms"], t["cpu_ms"]
    project.close()
    out["load_average"] = [round(x, 2) for x in load_before]
    out["load_average_after"] = [round(x, 2) for x in os.getloadavg()]
    if args.json:
        print(json.dumps(out, ensure_ascii=False))
    else:
        for k, v in out.items():
            print(f"{k}: {v}")


if __name__ == "__main__":
    main()
