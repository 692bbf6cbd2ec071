"""Benchmark P8: agreement over generated documents × annotators × spans (prints numbers).

    python bench/agreement.py [--documents 10000] [--annotators 3] [--spans 40] [--json]

Documents are made of syllables from the bundled corpus (about 400 tokens each). Annotator 1
labels 40 spans of 1–4 tokens at random; each other annotator keeps 70 % of them as they are,
relabels 10 % at random, lengthens 10 % by one token and drops 10 %, then adds one-token spans of
their own up to 40. Up to ten relations per document (pairs the schema allows) link annotator 1's spans; the others
keep each one (85 %) when they kept both spans. Every set is ``done`` except 2 % left
``in_progress`` (missing). `seconds` (median wall time; `cpu_seconds` the process's CPU time,
steadier on a shared machine — `load_average` says how shared) times `compute_agreement` from
loaded annotation sets and token boundaries; `from_columns_seconds` the same from the columns the
review service reads from SQL (`FinishedWork`); `tokenize_seconds` (the token boundaries of every
text, computed once per text and cached by the review service) is printed apart.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from annotator.core.agreement import AgreementDocument, compute_agreement, finished_work, token_arrays
from annotator.core.document import AnnotationSet, Relation, Span, Status
from annotator.core.resources import corpus_dir
from annotator.core.schema import default_schema
from annotator.core.tokenize import tokenize


def generate(n_docs: int, n_ann: int, n_spans: int, tokens_per_doc: int, seed: int = 7):
    rng = random.Random(seed)
    schema = default_schema()
    labels = list(schema.label_names)
    words: list[str] = []
    for p in sorted(Path(corpus_dir()).glob("*.txt")):
        text = p.read_text(encoding="utf-8")
        words.extend(text[s:e] for s, e in tokenize(text))
    rel_types = list(schema.relations)
    texts: list[str] = []
    docs: list[tuple[str, list[AnnotationSet]]] = []
    for d in range(n_docs):
        k = rng.randrange(0, len(words) - tokens_per_doc)
        text = " ".join(words[k : k + tokens_per_doc])
        toks = tokenize(text)
        texts.append(text)
        n = len(toks)
        base: list[Span] = []
        seen = set()
        while len(base) < n_spans:
            i = rng.randrange(n)
            j = min(n, i + rng.choice((1, 1, 2, 2, 3, 4)))
            sp = Span(toks[i][0], toks[j - 1][1], rng.choice(labels))
            if sp.key not in seen:
                seen.add(sp.key)
                base.append(sp)
        base_rels = []
        for _ in range(10):
            h, t = rng.sample(base, 2)
            allowed = [rt for rt in rel_types if rt.allows(h.label, t.label)]
            if allowed:
                base_rels.append(Relation(h.key, t.key, allowed[0].name))
        sets = []
        for a in range(n_ann):
            spans: dict = {}
            if a == 0:
                for sp in base:
                    spans[sp.key] = sp
            else:
                for sp in base:
                    r = rng.random()
                    if r < 0.7:
                        new = sp
                    elif r < 0.8:
                        new = sp.with_label(rng.choice(labels))
                    elif r < 0.9:
                        ti = next((t for t in range(n) if toks[t][1] == sp.end), n - 1)
                        new = Span(sp.start, toks[min(n - 1, ti + 1)][1], sp.label)
                    else:
                        continue
                    spans[new.key] = new
                while len(spans) < n_spans:
                    i = rng.randrange(n)
                    sp = Span(toks[i][0], toks[i][1], rng.choice(labels))
                    spans.setdefault(sp.key, sp)
            ordered = sorted(spans.values())
            rels = {r for r in base_rels if r.head in spans and r.tail in spans and (a == 0 or rng.random() < 0.85)}
            status = Status.IN_PROGRESS if rng.random() < 0.02 else Status.DONE
            sets.append(AnnotationSet(d + 1, f"annotator{a + 1}", status=status, spans=tuple(ordered), relations=tuple(sorted(rels))))
        docs.append((text, sets))
    return labels, texts, docs


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--documents", type=int, default=10_000)
    ap.add_argument("--annotators", type=int, default=3)
    ap.add_argument("--spans", type=int, default=40)
    ap.add_argument("--tokens", type=int, default=400, help="tokens per generated document")
    ap.add_argument("--repeat", type=int, default=3, help="runs; the median is reported")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    t0 = time.perf_counter()
    labels, texts, raw = generate(args.documents, args.annotators, args.spans, args.tokens)
    gen = time.perf_counter() - t0
    t0 = time.perf_counter()
    arrays = [token_arrays(t) for t in texts]
    tok_s = time.perf_counter() - t0
    docs = [
        AgreementDocument(i + 1, f"doc {i + 1}", s, e, sets)
        for i, ((s, e), (_, sets)) in enumerate(zip(arrays, raw, strict=True))
    ]
    runs = []
    cpu = []
    report = None
    for _ in range(max(1, args.repeat)):
        t0, c0 = time.perf_counter(), time.process_time()
        report = compute_agreement(docs, labels)
        runs.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
    t0 = time.perf_counter()
    compute_agreement(docs, labels, label=labels[0])
    label_s = time.perf_counter() - t0
    # the review service reads the finished sets from SQL as columns (no Span objects)
    work = finished_work(docs, labels)
    col_runs = []
    for _ in range(max(1, args.repeat)):
        t0 = time.perf_counter()
        compute_agreement(docs, labels, work=work)
        col_runs.append(time.perf_counter() - t0)
    assert report is not None
    out = {
        "seconds": round(sorted(runs)[len(runs) // 2], 3),
        "runs": [round(r, 3) for r in runs],
        "cpu_seconds": round(sorted(cpu)[len(cpu) // 2], 3),
        "from_columns_seconds": round(sorted(col_runs)[len(col_runs) // 2], 3),
        "load_average": round(os.getloadavg()[0], 2),
        "goal_seconds": 3.0,
        "documents": args.documents,
        "annotators": args.annotators,
        "spans_per_set": args.spans,
        "spans_total": sum(len(s.spans) for _, sets in raw for s in sets),
        "relations_total": sum(len(s.relations) for _, sets in raw for s in sets),
        "tokens": report["tokens"],
        "tokenize_seconds": round(tok_s, 3),
        "label_filter_seconds": round(label_s, 3),
        "generate_seconds": round(gen, 3),
        "span_f1": report["span_f1"],
        "overlap_f1": report["overlap_f1"],
        "cohen_kappa": report["cohen_kappa"],
        "krippendorff_alpha": report["krippendorff_alpha"],
        "relation_f1": report["relation_f1"],
    }
    if args.json:
        print(json.dumps(out, indent=2))
    else:
        for k, v in out.items():
            print(f"{k:>22}: {v}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
