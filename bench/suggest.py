"""Suggestions: speed, and the annotator's actions they save.

    python bench/suggest.py [--eval 40] [--sizes 20,50,100] [--max-steps 600] [--json]

Builds a database of generated Vietnamese news articles (`bench/suggest_news.py`: officials and
their titles, provinces, Vietnamese and Korean bodies, Korean visitors, dates, sums) — a training
pool stored as gold sets and `--eval` unseen articles. For each size N of `--sizes`, trains spaCy's
NER on the first N gold articles (`annotator.services.suggest.train`, `--max-steps` steps), has it
suggest on the unseen articles, and lets a simulated annotator label them exactly as the gold says:

- **from scratch**: each entity is 2 actions (select its text, press its label key), plus 1 to
  mark the article done;
- **correcting suggestions**, per article the cheaper of two ways (applied for real through the
  services the window calls, then the annotator's set is checked to equal the gold exactly):
  one by one — a right suggestion accepted (1, `Enter`), right text with a wrong label accepted
  and relabelled (2), any other rejected (1, `X`); or accept all visible (1, `Shift+A`, with the
  score threshold at 0 or 0.5) and then each wrong one deleted or relabelled (2: click, key).
  Either way each entity the model missed is added as from scratch (2), and 1 marks it done.

Prints, per size, both action counts, their ratio (goal: <= 0.5 at 100 training articles) and the
model's exact-match F1 on the unseen articles. `suggest_docs_per_s`: the services' `suggest_model`
over the unseen articles with the model already loaded (spaCy, scoring, alignment, storing);
`first_suggestion_ms`: open an article for an annotator and get its pending suggestions (the
window's path when an article opens), median over the unseen articles. Wall and CPU time, load
average.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from suggest_news import generate_articles

from annotator.core.commands import AddSpan, DeleteSpan, SetLabel
from annotator.core.document import IncomingDocument, IncomingSet, SetKind, Span, Status
from annotator.services import suggest as sg
from annotator.services.project import Project

THRESHOLDS = (0.0, 0.5)


def _cost_one_by_one(offered, gold, by_extent) -> int:
    """Each suggestion in turn: accept (1), accept + relabel (2) or reject (1); then add the missed (2 each)."""
    cost, taken = 0, set()
    for sug in offered:
        if sug.key in gold:
            cost += 1
            taken.add(sug.key)
        elif (sug.start, sug.end) in by_extent and (sug.start, sug.end, by_extent[(sug.start, sug.end)]) not in taken \
                and (sug.start, sug.end, by_extent[(sug.start, sug.end)]) not in {o.key for o in offered}:
            cost += 2
            taken.add((sug.start, sug.end, by_extent[(sug.start, sug.end)]))
        else:
            cost += 1
    return cost + 2 * len(gold - taken)


def _cost_accept_all(visible, gold, by_extent) -> int:
    """Accept all visible (1); then each wrong one deleted (click + Delete, 2) or relabelled
    (click + key, 2); each missed entity added (2)."""
    if not visible:
        return 2 * len(gold)
    keys = {v.key for v in visible}
    cost, taken = 1, set()
    for sug in visible:
        if sug.key in gold:
            taken.add(sug.key)
            continue
        right = (sug.start, sug.end, by_extent.get((sug.start, sug.end), ""))
        cost += 2
        if right[2] and right not in keys and right not in taken:
            taken.add(right)
    return cost + 2 * len(gold - taken)


def simulate(project, doc_id: int, gold: set[tuple[int, int, str]], annotator, version: str) -> tuple[int, int, str]:
    """(actions from scratch, actions correcting the suggestions of `version`, the strategy used):
    the cheapest of one-by-one and accept-all-visible at each threshold, then applied for real
    through the services and checked against the gold."""
    scratch = 2 * len(gold) + 1
    by_extent = {(s, e): lab for s, e, lab in gold}
    offered = sg.pending(project, doc_id, annotator, versions=[version])
    options = {"one_by_one": _cost_one_by_one(offered, gold, by_extent)}
    for t in THRESHOLDS:
        options[f"accept_all@{t}"] = _cost_accept_all([o for o in offered if o.score is None or o.score >= t],
                                                      gold, by_extent)
    strategy = min(options, key=lambda k: (options[k], k))
    session = project.open_annotation(doc_id, annotator)
    if strategy == "one_by_one":
        for sug in offered:
            right = (sug.start, sug.end, by_extent.get((sug.start, sug.end), ""))
            if sug.key in gold and not session.annotations.has_span(sug.key):
                sg.accept(session, sug)
            elif right[2] and not session.annotations.has_span(right) and right not in {o.key for o in offered}:
                sg.accept(session, sug)
                session.apply(SetLabel(sug.as_span(), right[2]))
            else:
                sg.reject(project, sug, annotator)
    else:
        t = float(strategy.split("@")[1])
        visible = [o for o in offered if o.score is None or o.score >= t]
        if visible:
            sg.accept_all(session, visible)
        for sug in visible:
            if sug.key in gold:
                continue
            right = (sug.start, sug.end, by_extent.get((sug.start, sug.end), ""))
            if right[2] and not session.annotations.has_span(right):
                session.apply(SetLabel(session.annotations.get_span(sug.key), right[2]))
            else:
                session.apply(DeleteSpan(session.annotations.get_span(sug.key)))
    for key in sorted(gold):
        if not session.annotations.has_span(key):
            session.apply(AddSpan(Span(*key)))
    session.set_status(Status.DONE)
    have = {s.key for s in session.spans}
    if have != gold:
        raise AssertionError(f"document {doc_id}: the simulated annotator's set differs from gold")
    return scratch, options[strategy] + 1, strategy


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--eval", type=int, default=40, help="unseen articles the annotator labels")
    ap.add_argument("--sizes", default="20,50,100", help="training articles per model")
    ap.add_argument("--max-steps", type=int, default=600)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    sizes = [int(x) for x in args.sizes.split(",") if x.strip()]
    wall0, cpu0 = time.perf_counter(), time.process_time()
    tmp = Path(tempfile.mkdtemp(prefix="bench-suggest-"))
    project = Project.open(str(tmp / "db.sqlite3"), initialize="schema")
    train_pool = generate_articles(max(sizes), seed=args.seed * 2 + 11, training=True)
    unseen = generate_articles(args.eval, seed=args.seed * 2 + 12)
    project.importer.import_documents(
        [IncomingDocument(text=a.text, uid=f"train-{i:04d}", title=f"train {i}",
                          sets=[IncomingSet(None, [Span(*k) for k in a.spans], kind=SetKind.GOLD, status=Status.DONE)])
         for i, a in enumerate(train_pool)]
        + [IncomingDocument(text=a.text, uid=f"eval-{i:04d}", title=f"eval {i}") for i, a in enumerate(unseen)]
    )
    eval_ids = [project.documents.by_uid(f"eval-{i:04d}").id for i in range(len(unseen))]
    gold = {d: set(a.spans) for d, a in zip(eval_ids, unseen, strict=True)}
    train_ids = [project.documents.by_uid(f"train-{i:04d}").id for i in range(len(train_pool))]
    from annotator.nlp.suggest import load_model, span_scores
    from annotator.services.review import Review

    runs = []
    per_s = first_ms = None
    for n in sizes:
        # the first n training articles keep their gold; the others lose it for this run
        sub = tmp / f"db-{n}.sqlite3"
        sub_project = _subset(project, tmp, n, train_ids, sub)
        t0 = time.perf_counter()
        result = sg.train(sub_project, tmp / f"model-{n}", max_steps=args.max_steps)
        train_s = time.perf_counter() - t0
        nlp = load_model(Path(result["path"]))
        t0 = time.perf_counter()
        report = sg.suggest_model(sub_project, Path(result["path"]), eval_ids, nlp=nlp)
        suggest_s = time.perf_counter() - t0
        annotator = sub_project.annotator(f"sim-{n}")
        if n == sizes[-1]:
            per_s = round(len(eval_ids) / suggest_s, 1)
            samples = []
            probe = sub_project.annotator("probe")
            for d in eval_ids:
                t0 = time.perf_counter()
                sg.first_suggestions(sub_project, d, probe)
                samples.append((time.perf_counter() - t0) * 1000)
            first_ms = round(statistics.median(samples), 2)
        pairs = [({s.key for s in sg.pending(sub_project, d, annotator, versions=[report.version])}, gold[d])
                 for d in eval_ids]
        f1 = span_scores(pairs)["all"]
        scratch = correct = 0
        strategies: dict[str, int] = {}
        for d in eval_ids:
            a, b, used = simulate(sub_project, d, gold[d], annotator, report.version)
            scratch += a
            correct += b
            strategies[used] = strategies.get(used, 0) + 1
        agreement = Review(sub_project).agreement(model=report.version)
        pair = next((p for p in agreement["pairs"] if f"sim-{n}" in (p["a"], p["b"]) and "model:" in p["a"] + p["b"]),
                    None)
        runs.append({
            "training_articles": n,
            "model": report.version,
            "dev_f1": result["scores"]["all"]["f"],
            "f1_unseen": f1["f"], "precision_unseen": f1["p"], "recall_unseen": f1["r"],
            "suggestions": sum(len(p[0]) for p in pairs),
            "entities": sum(len(g) for g in gold.values()),
            "actions_from_scratch": scratch,
            "actions_correcting": correct,
            "ratio": round(correct / scratch, 3),
            "strategies": strategies,
            "agreement_with_model_span_f1": pair["span_f1"] if pair else None,
            "train_seconds": round(train_s, 1),
        })
        sub_project.close()
    project.close()
    out = {
        "eval_articles": len(eval_ids),
        "max_steps": args.max_steps,
        "suggest_docs_per_s": per_s,
        "first_suggestion_ms": first_ms,
        "runs": runs,
        "goal_ratio_at_100": 0.5,
        "ratio_at_largest": runs[-1]["ratio"] if runs else None,
        "wall_seconds": round(time.perf_counter() - wall0, 1),
        "cpu_seconds": round(time.process_time() - cpu0, 1),
        "load_average": [round(x, 2) for x in os.getloadavg()],
    }
    if args.json:
        print(json.dumps(out, ensure_ascii=False, indent=2))
    else:
        for r in runs:
            print(f"{r['training_articles']:>4} training articles: F1 {r['f1_unseen']:.3f}, actions "
                  f"{r['actions_correcting']} vs {r['actions_from_scratch']} from scratch (ratio {r['ratio']})")
        print(f"suggest {per_s} docs/s, first suggestions {first_ms} ms; wall {out['wall_seconds']} s")


def _subset(project: Project, tmp: Path, n: int, train_ids: list[int], path: Path) -> Project:
    """A copy of the database where only the first `n` training articles keep their gold."""
    import shutil

    project.db.engine.dispose()
    src = Path(project.db.url.replace("sqlite:///", ""))
    for suffix in ("", "-wal", "-shm"):
        if Path(str(src) + suffix).exists():
            shutil.copy(str(src) + suffix, str(path) + suffix)
    sub = Project.open(str(path), initialize=False)
    from sqlalchemy import delete

    from annotator.storage.orm import AnnotationSetRow

    with sub.db.write() as s:
        s.execute(delete(AnnotationSetRow).where(AnnotationSetRow.document_id.in_(train_ids[n:])))
    return sub


if __name__ == "__main__":
    main()
