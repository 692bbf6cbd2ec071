"""Benchmarks of the labeling window (P1–P5 of the design notes). Prints numbers; not a test.

    python bench/gui.py            # a table
    python bench/gui.py --json     # one JSON object

Articles are generated (Vietnamese syllables from the bundled corpus, paragraphs separated by
newlines) and stored with token-aligned spans (some nested) through `project.importer.import_documents`,
in temporary SQLite files. Everything runs the real window (`annotator.qt.wiring.build_window`,
or `annotator.qt.app.run` for start-up). Offscreen unless QT_QPA_PLATFORM is set. The package is
byte-compiled first (as an installed wheel is), so no figure includes compiling sources.

- p1_start_s / p1_start_cpu_s: cold start (new interpreter) until the first article is painted
  (`ANNOTATOR_BENCH_STARTUP=1`: wall seconds from process start, and the process's CPU seconds
  until then); p1_bare_window_s / p1_bare_window_cpu_s: the same for a bare PySide6 window (a
  QMainWindow with a QPlainTextEdit) shown by the same Python. Runs are interleaved (bare, ours,
  bare, ours…, `--p1-runs` pairs); p1_ratio_vs_bare and p1_ratio_vs_bare_cpu are the ratios of
  the medians.
- p2_open_small_ms / p2_open_large_ms: open a 20 KB / 300-span and a 1 MB / 10,000-span article
  (with 2,000 relations), until painted (median of 5).
- p2_open_one_line_ms / p2_open_no_space_ms: open a 5 MB article that is one single line (10,000
  spans), and a 5 MB line without any space (median of 3); p3_one_line_p95_ms: edits there.
- p3_edit_p95_ms: add, relabel and delete one span on the large article (commit to SQLite,
  then every repaint the window asks for: article, span list, document list, status bar),
  95th percentile.
- p3_p95_ms_1k / _10k / _50k (and p3_p95_cpu_ms_*): the same edits on articles holding 1,000,
  10,000 and 50,000 spans, one per ~100 characters as in the P2 article (100 KB, 1 MB, 5 MB),
  on the window's own lazy token index (positions are chosen with a separate index): median
  over 3 runs of each run's p95; p3_flat_ratio = CPU p95 at 50k / at 1k.
  p3_dense_p95_*_1k / _50k and p3_dense_ratio: the same 1 MB text with 1,000 and with 50,000
  spans (50 times as many in each paragraph: a paragraph is laid out and painted again whole).
- p4_scroll_median_ms: one page down on the large article (10,000 spans, 2,000 relation arcs),
  repainted, median.
- p5_rss_mb: resident memory with the large article open.
- rss_growth_mb_1000_docs: a fresh window steps (Document → Next, painted) through 1,000
  documents of ~3 KB with 20 spans after 20 to warm up; RSS after minus before, median of 3
  processes. rss_growth_mb_reopen_large: re-opening the 1 MB article (and another in between)
  5 more times after the first, RSS after minus before.

The machine may be shared: every timing has a CPU twin (`*_cpu_*`: CPU seconds of the process
or of the GUI thread), which shows the work done without waiting for a core; the load average is
printed before and after (`load_avg_before` / `load_avg_after`, 1-minute), with the bench's own
wall and CPU seconds.
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


BARE_WINDOW = """
import os, time
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow, QPlainTextEdit

def process_start():
    with open("/proc/self/stat", encoding="ascii") as fh:
        ticks = int(fh.read().rsplit(")", 1)[1].split()[19])
    with open("/proc/uptime", encoding="ascii") as fh:
        uptime = float(fh.read().split()[0])
    return time.time() - uptime + ticks / os.sysconf("SC_CLK_TCK")

app = QApplication(["bare"])
window = QMainWindow()
text = QPlainTextEdit("x")
window.setCentralWidget(text)

class FirstPaint(QObject):
    done = False
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint and not self.done:
            self.done = True
            QTimer.singleShot(0, self.report)
        return False
    def report(self):
        now, cpu = time.time(), time.process_time()
        print(f"ANNOTATOR_STARTUP {now - process_start():.4f}")
        print(f"ANNOTATOR_STARTUP_CPU {cpu:.4f}", flush=True)
        app.quit()

probe = FirstPaint()
text.viewport().installEventFilter(probe)
window.show()
app.exec()
"""


def _first_paint(args: list[str], env: dict[str, str]) -> tuple[float, float]:
    """(wall, CPU) seconds from process start to the first paint, as the child reports them."""
    out = subprocess.run([sys.executable, *args], env=env, capture_output=True, text=True, timeout=120)
    fields = dict(ln.split()[:2] for ln in out.stdout.splitlines() if ln.startswith("ANNOTATOR_STARTUP"))
    if out.returncode != 0 or "ANNOTATOR_STARTUP" not in fields or "ANNOTATOR_STARTUP_CPU" not in fields:
        raise SystemExit(f"start-up run failed ({args[0]}): {out.stdout} {out.stderr}")
    return float(fields["ANNOTATOR_STARTUP"]), float(fields["ANNOTATOR_STARTUP_CPU"])


def p1_start(db: Path, settings: Path, runs: int = 5) -> dict[str, float]:
    """Interleaved cold starts: bare window, ours, bare, ours… (medians and their ratios)."""
    env = dict(os.environ, ANNOTATOR_BENCH_STARTUP="1", ANNOTATOR_SETTINGS=str(settings))
    code = f"from annotator.qt.app import run; raise SystemExit(run(db={str(db)!r}, user='bench'))"
    _first_paint(["-c", code], env)  # the database file and the settings exist, as on a user's machine
    ours: list[tuple[float, float]] = []
    bare: list[tuple[float, float]] = []
    for _ in range(runs):
        bare.append(_first_paint(["-c", BARE_WINDOW], env))
        ours.append(_first_paint(["-c", code], env))
    wall, cpu = statistics.median(w for w, _ in ours), statistics.median(c for _, c in ours)
    bare_wall, bare_cpu = statistics.median(w for w, _ in bare), statistics.median(c for _, c in bare)
    return {
        "p1_start_s": wall, "p1_start_cpu_s": cpu,
        "p1_bare_window_s": bare_wall, "p1_bare_window_cpu_s": bare_cpu,
        "p1_ratio_vs_bare": wall / bare_wall, "p1_ratio_vs_bare_cpu": cpu / bare_cpu,
    }


def edit_times(window, view, paint, rounds: int, seed: int = 3, tokens=None) -> tuple[list[float], list[float]]:
    """Add, relabel and delete a span `rounds` times on the open article: wall and CPU ms, sorted.

    Positions come from a separate token index (`tokens`, made here when None): the window keeps
    its own lazy one, as a user's has.
    """
    from annotator.core.document import Span
    from annotator.core.tokenize import TokenIndex

    rng = random.Random(seed)
    tokens = tokens if tokens is not None else TokenIndex(window.session.document.text)
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


def p95(values: list[float]) -> float:
    values = sorted(values)
    return values[int(0.95 * (len(values) - 1))]


SPAN_SIZES = ((1_000, "1k"), (10_000, "10k"), (50_000, "50k"))
CHARS_PER_SPAN = 100  # as in the 1 MB / 10,000-span article of P2


def build_edit_db(path: Path, seed: int = 11) -> dict[str, int]:
    """Articles of 1,000, 10,000 and 50,000 spans, one span per ~100 characters (100 KB, 1 MB,
    5 MB: longer articles hold more spans), and the 1 MB text again with 1,000 and 50,000 spans
    (`dense_*`: the same paragraphs, 50 times as many spans in each)."""
    from annotator.core.document import IncomingDocument, IncomingSet, Status
    from annotator.services.project import Project

    rng = random.Random(seed)
    words = syllables()
    docs = []
    for n, key in SPAN_SIZES:
        body = make_article(rng, words, n * CHARS_PER_SPAN)
        docs.append(IncomingDocument(text=body, uid=f"spans_{key}", title=f"{n:,} spans",
                                     sets=[IncomingSet("bench", make_spans(rng, body, n), status=Status.IN_PROGRESS)]))
    text = make_article(rng, words, 1_000_000)
    for n, key in (SPAN_SIZES[0], SPAN_SIZES[2]):
        body = f"{key.upper()}. {text}"  # documents are unique by content
        docs.append(IncomingDocument(text=body, uid=f"dense_{key}", title=f"1 MB, {n:,} spans",
                                     sets=[IncomingSet("bench", make_spans(rng, body, n), status=Status.IN_PROGRESS)]))
    with Project.open(str(path), initialize="schema") as p:
        p.importer.import_documents(docs)
        return {d.uid: d.id for d in p.documents.page(limit=None)}


def p3_by_size(db: Path, ids: dict[str, int], runs: int = 3, rounds: int = 40) -> dict[str, float]:
    """p95 of an edit on 1k / 10k / 50k spans: median of `runs` runs (each `rounds` × 3 edits)."""
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

    def paint() -> None:
        app.sendPostedEvents()
        app.processEvents()

    from annotator.core.tokenize import TokenIndex

    out: dict[str, float] = {}
    for doc in ("spans_1k", "spans_10k", "spans_50k", "dense_1k", "dense_50k"):
        assert window.open_document(ids[doc])
        window.article_view.verticalScrollBar().setValue(0)
        paint()
        tokens = TokenIndex(window.session.document.text)
        wall, cpu = [], []
        for run in range(runs):
            w, c = edit_times(window, window.article_view, paint, rounds, seed=run, tokens=tokens)
            wall.append(p95(w))
            cpu.append(p95(c))
        kind, key = doc.split("_")
        prefix = "p3" if kind == "spans" else "p3_dense"
        out[f"{prefix}_p95_ms_{key}"] = statistics.median(wall)
        out[f"{prefix}_p95_cpu_ms_{key}"] = statistics.median(cpu)
    out["p3_flat_ratio"] = out["p3_p95_cpu_ms_50k"] / out["p3_p95_cpu_ms_1k"]
    out["p3_dense_ratio"] = out["p3_dense_p95_cpu_ms_50k"] / out["p3_dense_p95_cpu_ms_1k"]
    window.close()
    project.close()
    return out


def build_many_db(path: Path, count: int = 1_040, seed: int = 5) -> None:
    """`count` documents of ~3 KB, 20 spans each (stepping through them measures memory)."""
    from annotator.core.document import IncomingDocument, IncomingSet, Status
    from annotator.services.project import Project

    rng = random.Random(seed)
    words = syllables()
    docs = []
    for k in range(count):
        text = make_article(rng, words, 3_000)
        docs.append(IncomingDocument(text=text, uid=f"doc{k}", title=f"Document {k}",
                                     sets=[IncomingSet("bench", make_spans(rng, text, 20), status=Status.IN_PROGRESS)]))
    with Project.open(str(path), initialize="schema") as p:
        p.importer.import_documents(docs)


def rss_stepping(db: Path, steps: int = 1_000, warm: int = 20) -> float:
    """In this process: a window steps through `warm` documents, then `steps` more; RSS growth in MB."""
    import gc

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
    window.open_initial_document()

    def step(n: int) -> None:
        for _ in range(n):
            assert window.go_next(skip_done=False)
            app.sendPostedEvents()
            app.processEvents()

    step(warm)
    gc.collect()
    before = psutil.Process().memory_info().rss
    step(steps)
    gc.collect()
    after = psutil.Process().memory_info().rss
    window.close()
    project.close()
    return (after - before) / 2**20


def rss_growth_1000_docs(db: Path, settings: Path, runs: int = 3) -> float:
    """Median over `runs` fresh processes of `rss_stepping`."""
    env = dict(os.environ, ANNOTATOR_SETTINGS=str(settings))
    growth = []
    for _ in range(runs):
        out = subprocess.run([sys.executable, __file__, "--rss-stepping", str(db)], env=env,
                             capture_output=True, text=True, timeout=1200)
        if out.returncode != 0:
            raise SystemExit(f"memory run failed: {out.stderr}")
        growth.append(float(out.stdout.strip().splitlines()[-1]))
    return statistics.median(growth)


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

    # memory: re-opening the large article (another one in between) must not grow the process
    import gc

    open_ms("large")
    gc.collect()
    rss_before = psutil.Process().memory_info().rss
    for _ in range(5):
        open_ms("large")
    gc.collect()
    reopen_growth = (psutil.Process().memory_info().rss - rss_before) / 2**20

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
        "rss_growth_mb_reopen_large": reopen_growth,
    }


GOALS = {
    "p1_start_s": 1.0, "p1_ratio_vs_bare": 1.5, "p1_ratio_vs_bare_cpu": 1.5,
    "p2_open_small_ms": 50, "p2_open_large_ms": 300,
    "p3_edit_p95_ms": 16, "p4_scroll_median_ms": 16, "p5_rss_mb": 250,
    "p2_open_one_line_ms": 300, "p2_open_no_space_ms": 300, "p3_one_line_p95_ms": 16,
    "p3_p95_ms_1k": 16, "p3_p95_ms_10k": 16, "p3_p95_ms_50k": 16, "p3_flat_ratio": 1.2,
    "p3_p95_cpu_ms_1k": 16, "p3_p95_cpu_ms_10k": 16, "p3_p95_cpu_ms_50k": 16,
    "rss_growth_mb_1000_docs": 5, "rss_growth_mb_reopen_large": 1,
}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--json", action="store_true", help="print one JSON object")
    ap.add_argument("--p1-runs", type=int, default=5, help="interleaved start-up pairs (bare, ours)")
    ap.add_argument("--rss-stepping", metavar="DB", help=argparse.SUPPRESS)  # child process of the memory figure
    args = ap.parse_args()
    if args.rss_stepping:
        print(rss_stepping(Path(args.rss_stepping)))
        return
    load_before = os.getloadavg()[0]
    wall0 = time.time()
    own0 = resource.getrusage(resource.RUSAGE_SELF)
    cpu0 = own0.ru_utime + own0.ru_stime
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "annotator")], capture_output=True, check=False)
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "bench.sqlite3"
        settings = Path(tmp) / "settings.ini"
        os.environ["ANNOTATOR_SETTINGS"] = str(settings)
        ids = build_db(db)
        result = p1_start(db, settings, args.p1_runs)
        result.update(in_process(db, ids))
        edit_db = Path(tmp) / "edits.sqlite3"
        result.update(p3_by_size(edit_db, build_edit_db(edit_db)))
        many = Path(tmp) / "many.sqlite3"
        build_many_db(many)
        result["rss_growth_mb_1000_docs"] = rss_growth_1000_docs(many, Path(tmp) / "settings_many.ini")
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    result["bench_wall_s"] = time.time() - wall0
    result["bench_cpu_s"] = own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime - cpu0
    result["load_avg_before"] = load_before
    result["load_avg_after"] = os.getloadavg()[0]
    result = {k: round(v, 3 if k.endswith("_s") or "ratio" in k else 2) for k, v in result.items()}
    if args.json:
        print(json.dumps(result))
        return
    for k, v in result.items():
        goal = GOALS.get(k)
        mark = "" if goal is None else ("  ok" if v <= goal else f"  MISSED (goal ≤ {goal})")
        print(f"{k:28} {v:>10}{mark}")


if __name__ == "__main__":
    main()
