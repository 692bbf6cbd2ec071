"""Benchmarks of the labeling window (P1–P5 of the design notes). Prints numbers; not a test.

    python bench/gui.py            # a table
    python bench/gui.py --json     # one JSON object

Articles are generated (Vietnamese syllables from the bundled corpus, paragraphs separated by
newlines) and stored with token-aligned spans (some nested) through `project.importer.import_documents`,
in a temporary database. Runs offscreen unless QT_QPA_PLATFORM is set.

- p1_start_s: cold start (new interpreter) until the first article is painted, median of 3 runs
  (`ANNOTATOR_BENCH_STARTUP=1`); p1_bare_window_s: a bare PySide6 window shown by the same Python.
- p2_open_small_ms / p2_open_large_ms: open a 20 KB / 300-span and a 1 MB / 10,000-span article
  (with 2,000 relations), until painted (median of 5).
- p2_open_one_line_ms / p2_open_no_space_ms: open a 5 MB article that is one single line (10,000
  spans), and a 5 MB line without any space (median of 3); p3_one_line_p95_ms: edits there.
- p3_edit_p95_ms: add, relabel and delete one span on the large article (commit to SQLite,
  then every repaint the window asks for: article, span list, document list, status bar),
  95th percentile.
- p4_scroll_median_ms: one page down on the large article (10,000 spans, 2,000 relation arcs),
  repainted, median.
- p5_rss_mb: resident memory with the large article open.

The machine may be shared: `p1_start_cpu_s` (CPU seconds of the start-up process) and
`p3_edit_p95_cpu_ms` (CPU time of the GUI thread) show the work done, without waiting for a core.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parent.parent
LABELS = ["PER_VN", "PER_KR", "TITLE", "ORG_VN", "ORG_KR", "LOC_VN", "LOC_KR", "DATE", "EVENT", "MONEY"]


def syllables() -> list[str]:
    from annotator.core.tokenize import token_texts

    words: list[str] = []
    for f in sorted((ROOT / "corpus").glob("*.txt")):
        words += [w for w in token_texts(f.read_text(encoding="utf-8")) if w.isalpha()]
    return words


def make_article(rng: random.Random, words: list[str], chars: int) -> str:
    paras: list[str] = []
    size = 0
    while size < chars:
        n = rng.randint(40, 160)
        sent = []
        for i in range(n):
            w = rng.choice(words)
            sent.append(w.capitalize() if i == 0 else w)
            if i % 15 == 14:
                sent[-1] += rng.choice([",", ".", ";"])
        para = " ".join(sent) + "."
        paras.append(para)
        size += len(para) + 1
    return "\n".join(paras)[:chars].rstrip() + "."


def make_spans(rng: random.Random, text: str, count: int):
    from annotator.core.document import Source, Span
    from annotator.core.tokenize import TokenIndex

    tok = TokenIndex(text)
    n = len(tok)
    spans: dict[tuple[int, int, str], Span] = {}
    step = max(1, n // count)
    i = 0
    while len(spans) < count and i < n - 8:
        length = rng.randint(1, 4)
        s, e = tok.starts[i], tok.ends[min(n - 1, i + length - 1)]
        sp = Span(s, e, rng.choice(LABELS), Source.IMPORT)
        spans[sp.key] = sp
        if rng.random() < 0.1 and len(spans) < count:  # a nested outer span
            e2 = tok.ends[min(n - 1, i + length + 2)]
            outer = Span(s, e2, "TITLE", Source.IMPORT)
            spans.setdefault(outer.key, outer)
        i += step
    return list(spans.values())[:count]


def make_relations(spans, count: int):
    """Relations the default schema allows between spans close to each other (arcs on the page)."""
    from annotator.core.document import Relation
    from annotator.core.schema import default_schema

    schema = default_schema()
    ordered = sorted(spans)
    out: dict = {}
    for i, head in enumerate(ordered):
        for tail in ordered[i + 1 : i + 6]:
            allowed = schema.allowed_relations(head.label, tail.label)
            if allowed and len(out) < count:
                rel = Relation(head.key, tail.key, allowed[0].name)
                if allowed[0].symmetric and tail.key < head.key:
                    rel = Relation(tail.key, head.key, allowed[0].name)
                out[rel.key] = rel
                break
        if len(out) >= count:
            break
    return list(out.values())


def build_db(path: Path, seed: int = 7) -> dict[str, int]:
    from annotator.core.document import IncomingDocument, IncomingSet, Status
    from annotator.services.project import Project

    rng = random.Random(seed)
    words = syllables()
    small = make_article(rng, words, 20_000)
    large = make_article(rng, words, 1_000_000)
    other = make_article(rng, words, 5_000)
    one_line = make_article(rng, words, 5_000_000).replace("\n", " ")
    no_space = "".join(rng.choice(words) for _ in range(1_200_000))[:5_000_000]
    large_spans = make_spans(rng, large, 10_000)
    docs = [
        IncomingDocument(text=small, uid="small", title="Small article (20 KB, 300 spans)",
                         sets=[IncomingSet("bench", make_spans(rng, small, 300), status=Status.IN_PROGRESS)]),
        IncomingDocument(text=large, uid="large", title="Large article (1 MB, 10,000 spans, 2,000 relations)",
                         sets=[IncomingSet("bench", large_spans, make_relations(large_spans, 2_000),
                                           status=Status.IN_PROGRESS)]),
        IncomingDocument(text=other, uid="other", title="Other article"),
        IncomingDocument(text=one_line, uid="one_line", title="One line (5 MB, 10,000 spans)",
                         sets=[IncomingSet("bench", make_spans(rng, one_line, 10_000), status=Status.IN_PROGRESS)]),
        IncomingDocument(text=no_space, uid="no_space", title="One line without spaces (5 MB)"),
    ]
    with Project.open(str(path), initialize="schema") as p:
        p.importer.import_documents(docs)
        ids = {d.uid: d.id for d in p.documents.page(limit=None)}
    return ids


def p1_start(db: Path, settings: Path, runs: int = 3) -> tuple[float, float, float]:
    env = dict(os.environ, ANNOTATOR_BENCH_STARTUP="1", ANNOTATOR_SETTINGS=str(settings))
    code = f"from annotator.qt.app import run; raise SystemExit(run(db={str(db)!r}, user='bench'))"
    times = []
    cpu = []
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        t0 = time.time()
        out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120)
        wall = time.time() - t0
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
        reported = [float(ln.split()[1]) for ln in out.stdout.splitlines() if ln.startswith("ANNOTATOR_STARTUP")]
        if out.returncode != 0 or not reported:
            raise SystemExit(f"start-up run failed: {out.stderr}")
        times.append(min(reported[0], wall))
    bare_code = (
        "import time; t0=time.time();"
        "from PySide6.QtWidgets import QApplication, QMainWindow, QPlainTextEdit;"
        "from PySide6.QtCore import QTimer;"
        "app=QApplication([]); w=QMainWindow(); w.setCentralWidget(QPlainTextEdit('x')); w.show();"
        "QTimer.singleShot(0, app.quit); app.exec()"
    )
    bare = []
    for _ in range(runs):
        t0 = time.time()
        subprocess.run([sys.executable, "-c", bare_code], env=env, capture_output=True, timeout=120)
        bare.append(time.time() - t0)
    return statistics.median(times), statistics.median(bare), statistics.median(cpu)


def edit_times(window, view, paint, rounds: int) -> tuple[list[float], list[float]]:
    """Add, relabel and delete a span `rounds` times on the open article: wall and CPU ms, sorted."""
    from annotator.core.document import Span

    rng = random.Random(3)
    tokens = window.session.tokens
    edits: list[float] = []
    edits_cpu: list[float] = []

    def timed(action) -> None:
        t0, c0 = time.perf_counter(), time.thread_time()
        ok = action()
        paint()
        edits.append((time.perf_counter() - t0) * 1000)
        edits_cpu.append((time.thread_time() - c0) * 1000)
        assert ok, window.last_error

    for _ in range(rounds):
        while True:
            i = rng.randrange(len(tokens) - 3)
            s, e = tokens.starts[i], tokens.ends[i + 1]
            if not window.session.annotations.has_span((s, e, "PER_VN")) and not window.session.annotations.has_span((s, e, "ORG_VN")):
                break
        view.select_range(s, e)
        paint()
        timed(lambda: window.tagger.apply_label("PER_VN"))
        timed(lambda: window.tagger.apply_label("ORG_VN"))  # relabel the selected new span
        timed(lambda s=s, e=e: window.tagger.delete_span(Span(s, e, "ORG_VN")))
    edits.sort()
    edits_cpu.sort()
    return edits, edits_cpu


def in_process(db: Path, ids: dict[str, int]) -> dict[str, float]:
    import psutil
    from PySide6.QtWidgets import QApplication

    from annotator.qt.settings import open_settings
    from annotator.qt.wiring import build_window
    from annotator.services.project import Project

    app = QApplication.instance() or QApplication(sys.argv[:1])
    project = Project.open(str(db))
    window = build_window(project, project.annotator("bench"), open_settings())
    window.resize(1400, 900)
    window.show()
    app.processEvents()
    view = window.article_view

    def paint() -> None:
        """Deliver the pending paint requests now: the window draws exactly what it would."""
        app.sendPostedEvents()
        app.processEvents()

    def open_ms(doc: str) -> float:
        window.open_document(ids["other"])
        paint()
        t0 = time.perf_counter()
        window.open_document(ids[doc])
        view.viewport().repaint()  # the whole article area, synchronously
        paint()  # and the docks
        return (time.perf_counter() - t0) * 1000

    small = [open_ms("small") for _ in range(5)]
    large = [open_ms("large") for _ in range(5)]
    app.processEvents()
    rss = psutil.Process().memory_info().rss / 2**20
    no_space = [open_ms("no_space") for _ in range(3)]
    one_line = [open_ms("one_line") for _ in range(3)]
    one_line_edits = edit_times(window, view, paint, 20)[0]
    open_ms("large")

    # P3: edits on the large article, each committed and repainted
    text = window.session.document.text
    edits, edits_cpu = edit_times(window, view, paint, 60)
    assert text == window.session.document.text

    # P4: page down through the large article
    bar = view.verticalScrollBar()
    bar.setValue(0)
    app.processEvents()
    scrolls = []
    for _ in range(80):
        t0 = time.perf_counter()
        bar.setValue(bar.value() + bar.pageStep())
        paint()
        scrolls.append((time.perf_counter() - t0) * 1000)
    window.close()
    project.close()
    edits.sort()
    edits_cpu.sort()
    return {
        "p2_open_small_ms": statistics.median(small),
        "p2_open_large_ms": statistics.median(large),
        "p3_edit_p95_ms": edits[int(0.95 * (len(edits) - 1))],
        "p3_edit_median_ms": statistics.median(edits),
        "p3_edit_p95_cpu_ms": edits_cpu[int(0.95 * (len(edits_cpu) - 1))],
        "p2_open_one_line_ms": statistics.median(one_line),
        "p2_open_no_space_ms": statistics.median(no_space),
        "p3_one_line_p95_ms": one_line_edits[int(0.95 * (len(one_line_edits) - 1))],
        "p4_scroll_median_ms": statistics.median(scrolls),
        "p5_rss_mb": rss,
    }


GOALS = {
    "p1_start_s": 1.0, "p2_open_small_ms": 50, "p2_open_large_ms": 300,
    "p3_edit_p95_ms": 16, "p4_scroll_median_ms": 16, "p5_rss_mb": 250,
    "p2_open_one_line_ms": 300, "p2_open_no_space_ms": 300, "p3_one_line_p95_ms": 16,
}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--json", action="store_true", help="print one JSON object")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "bench.sqlite3"
        settings = Path(tmp) / "settings.ini"
        os.environ["ANNOTATOR_SETTINGS"] = str(settings)
        ids = build_db(db)
        p1, bare, p1_cpu = p1_start(db, settings)
        result = {"p1_start_s": p1, "p1_bare_window_s": bare, "p1_start_cpu_s": p1_cpu}
        result.update(in_process(db, ids))
    result = {k: round(v, 3 if k.endswith("_s") else 2) for k, v in result.items()}
    if args.json:
        print(json.dumps(result))
        return
    for k, v in result.items():
        goal = GOALS.get(k)
        mark = "" if goal is None else ("  ok" if v <= goal else f"  MISSED (goal ≤ {goal})")
        print(f"{k:22} {v:>10}{mark}")


if __name__ == "__main__":
    main()
