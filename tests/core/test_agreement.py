"""Agreement figures checked against reference implementations and brute force on generated data."""

from __future__ import annotations

import random
from itertools import combinations

import krippendorff
import numpy as np
import pytest
from sklearn.metrics import cohen_kappa_score

from annotator.core.agreement import agreement_document, compute_agreement
from annotator.core.document import AnnotationSet, Relation, Span, Status
from annotator.core.errors import AnnotationError
from annotator.core.tokenize import tokenize

LABELS = ["PER", "ORG", "LOC", "DATE"]
WORDS = ["Ông", "Park", "Noh-wan", "gặp", "UBND", "tỉnh", "Bình", "Thuận", ",", "ngày", "14/4/2023", "tại", "TP.Hồ", "Chí", "Minh", "(", "KEPCO", ")", "."]


def make_corpus(seed: int, n_docs: int = 12, n_ann: int = 3):
    """Documents with non-overlapping spans per annotator (so BIO needs no flattening rule)."""
    rng = random.Random(seed)
    names = [f"ann{i}" for i in range(n_ann)]
    docs = []
    for d in range(n_docs):
        text = " ".join(rng.choice(WORDS) for _ in range(rng.randint(15, 40)))
        toks = tokenize(text)
        base = _random_spans(rng, toks)
        sets = []
        for i, name in enumerate(names):
            spans = set()
            for sp in base:
                r = rng.random()
                if i == 0 or r < 0.6:
                    spans.add(sp)
                elif r < 0.8:
                    spans.add(sp.with_label(rng.choice(LABELS)))
            spans = _drop_overlaps(sorted(spans))
            keys = [s.key for s in spans]
            rels = {Relation(*rng.sample(keys, 2), rng.choice(["R1", "R2"])) for _ in range(2)} if len(keys) > 1 else set()
            if i > 0:
                rels = {r for r in rels if rng.random() < 0.7}
            status = Status.IN_PROGRESS if (d + i) % 7 == 3 else Status.DONE
            sets.append(AnnotationSet(d, name, status=status, spans=tuple(spans), relations=tuple(sorted(rels))))
        docs.append((d, text, toks, sets))
    return names, docs


def _random_spans(rng, toks):
    out, i = [], 0
    while i < len(toks):
        if rng.random() < 0.3:
            j = min(len(toks), i + rng.randint(1, 3))
            out.append(Span(toks[i][0], toks[j - 1][1], rng.choice(LABELS)))
            i = j + 1
        else:
            i += 1
    return out


def _drop_overlaps(spans):
    out = []
    for s in spans:
        if not out or s.start >= out[-1].end:
            out.append(s)
    return out


def reference_tags(toks, spans):
    tags = ["O"] * len(toks)
    for s in spans:
        idx = [i for i, (a, b) in enumerate(toks) if a >= s.start and b <= s.end]
        for n, i in enumerate(idx):
            tags[i] = ("B-" if n == 0 else "I-") + s.label
    return tags


def report_for(docs, **kw):
    return compute_agreement([agreement_document(d, f"doc {d}", text, sets) for d, text, _, sets in docs], LABELS, **kw)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_cohen_kappa_matches_scikit_learn(seed):
    names, docs = make_corpus(seed)
    report = report_for(docs)
    by_pair = {(p["a"], p["b"]): p for p in report["pairs"]}
    for a, b in combinations(range(len(names)), 2):
        ta, tb = [], []
        for _, _, toks, sets in docs:
            if sets[a].status is Status.DONE and sets[b].status is Status.DONE:
                ta += reference_tags(toks, sets[a].spans)
                tb += reference_tags(toks, sets[b].spans)
        expected = cohen_kappa_score(ta, tb)
        assert by_pair[(names[a], names[b])]["cohen_kappa"] == pytest.approx(expected, abs=1e-9)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_krippendorff_alpha_matches_the_krippendorff_package(seed):
    names, docs = make_corpus(seed)
    codes: dict[str, int] = {}
    rows = [[] for _ in names]
    for _, _, toks, sets in docs:
        for a, s in enumerate(sets):
            tags = reference_tags(toks, s.spans)
            rows[a] += [codes.setdefault(t, len(codes)) if s.status is Status.DONE else np.nan for t in tags]
    expected = krippendorff.alpha(reliability_data=np.array(rows, dtype=float), level_of_measurement="nominal")
    assert report_for(docs)["krippendorff_alpha"] == pytest.approx(expected, abs=1e-9)


def test_missing_documents_are_missing_not_all_o():
    # ann1 did not finish doc 1: counting it as "all O" would lower agreement
    text = "Ông Park gặp UBND tỉnh Bình Thuận ngày 14/4/2023"
    toks = tokenize(text)
    spans = (Span(toks[1][0], toks[1][1], "PER"), Span(toks[3][0], toks[6][1], "ORG"))
    docs = [
        (0, text, toks, [AnnotationSet(0, "a", status=Status.DONE, spans=spans), AnnotationSet(0, "b", status=Status.DONE, spans=spans)]),
        (1, text, toks, [AnnotationSet(1, "a", status=Status.DONE, spans=spans), AnnotationSet(1, "b", status=Status.IN_PROGRESS)]),
    ]
    report = report_for(docs)
    assert report["krippendorff_alpha"] == pytest.approx(1.0)
    assert report["pairs"][0]["cohen_kappa"] == pytest.approx(1.0)
    assert report["pairs"][0]["span_f1"] == 1.0
    assert report["pairs"][0]["documents"] == 1
    assert report["documents_compared"] == 1


@pytest.mark.parametrize("seed", [4, 5])
def test_span_f1_overlap_f1_and_relation_f1_match_brute_force(seed):
    names, docs = make_corpus(seed)
    report = report_for(docs)
    tot = {"tp": 0, "n": 0}
    for p in report["pairs"]:
        a, b = names.index(p["a"]), names.index(p["b"])
        tp = na = nb = oa = ob = rtp = rna = rnb = 0
        per_label = {lab: [0, 0] for lab in LABELS}
        for _, _, _, sets in docs:
            if sets[a].status is not Status.DONE or sets[b].status is not Status.DONE:
                continue
            sa, sb = set(sets[a].spans), set(sets[b].spans)
            ka, kb = {s.key for s in sa}, {s.key for s in sb}
            tp += len(ka & kb)
            na, nb = na + len(ka), nb + len(kb)
            oa += sum(any(x.label == y.label and x.overlaps(y) for y in sb) for x in sa)
            ob += sum(any(x.label == y.label and x.overlaps(y) for y in sa) for x in sb)
            for k in ka & kb:
                per_label[k[2]][0] += 1
            for k in [*ka, *kb]:
                per_label[k[2]][1] += 1
            ra, rb = {r.key for r in sets[a].relations}, {r.key for r in sets[b].relations}
            rtp, rna, rnb = rtp + len(ra & rb), rna + len(ra), rnb + len(rb)
        assert p["span_f1"] == pytest.approx(2 * tp / (na + nb), abs=1e-4)
        rec, prec = oa / na, ob / nb
        assert p["overlap_f1"] == pytest.approx(2 * prec * rec / (prec + rec), abs=1e-4)
        assert p["relation_f1"] == pytest.approx(2 * rtp / (rna + rnb), abs=1e-4)
        for lab, (m, n) in per_label.items():
            if n:
                assert p["by_label"][lab]["span_f1"] == pytest.approx(2 * m / n, abs=1e-4)
        tot["tp"] += tp
        tot["n"] += na + nb
    assert report["span_f1"] == pytest.approx(2 * tot["tp"] / tot["n"], abs=1e-4)
    assert report["overlap_f1"] >= report["span_f1"]


def test_document_table_is_sorted_hardest_first_and_counts_disagreements():
    _names, docs = make_corpus(6)
    report = report_for(docs, by_document=True)
    rows = report["documents"]
    f1s = [1.0 if r["span_f1"] is None else r["span_f1"] for r in rows]
    assert f1s == sorted(f1s)
    for r in rows:
        _, _, _, sets = docs[r["document_id"]]
        done = [s for s in sets if s.status is Status.DONE]
        assert r["annotators"] == len(done)
        keys = [s.key for st in done for s in st.spans]
        union = set(keys)
        agreed = {k for k in union if keys.count(k) == len(done)}
        assert r["spans"] == len(union)
        assert r["span_disagreements"] == len(union - agreed)
        pair_tp = sum(len({s.key for s in x.spans} & {s.key for s in y.spans}) for x, y in combinations(done, 2))
        pair_n = sum(len(x.spans) + len(y.spans) for x, y in combinations(done, 2))
        assert r["span_f1"] == (pytest.approx(2 * pair_tp / pair_n, abs=1e-4) if pair_n else None)
    assert len(rows) == report["documents_compared"]


def test_label_confusion_counts_same_and_overlapping_extents():
    text = "UBND tỉnh Bình Thuận và Hàn Quốc ký ngày 14/4/2023"
    t = tokenize(text)
    ubnd = (t[0][0], t[3][1])
    binh = (t[2][0], t[3][1])
    han = (t[5][0], t[6][1])
    date = (t[9][0], t[9][1])
    a = [Span(*ubnd, "ORG"), Span(*han, "LOC"), Span(*date, "DATE")]
    b = [Span(*binh, "LOC"), Span(*han, "ORG"), Span(*date, "DATE")]
    sets = [AnnotationSet(0, "a", status=Status.DONE, spans=tuple(a)), AnnotationSet(0, "b", status=Status.DONE, spans=tuple(b))]
    report = compute_agreement([agreement_document(0, "d", text, sets)], LABELS)
    m = report["confusion"]["matrix"]
    org, loc, date_i = LABELS.index("ORG"), LABELS.index("LOC"), LABELS.index("DATE")
    assert m[org][loc] == m[loc][org] == 2  # same extent (Hàn Quốc) and overlapping (UBND… / Bình Thuận)
    assert m[date_i][date_i] == 0  # the agreed DATE is no confusion
    assert sum(map(sum, m)) == 4


def test_nested_spans_flatten_to_the_longest():
    text = "UBND tỉnh Bình Thuận"
    t = tokenize(text)
    outer = Span(t[0][0], t[3][1], "ORG")
    inner = Span(t[2][0], t[3][1], "LOC")
    sets = [
        AnnotationSet(0, "a", status=Status.DONE, spans=(outer, inner)),
        AnnotationSet(0, "b", status=Status.DONE, spans=(outer,)),
    ]
    report = compute_agreement([agreement_document(0, "d", text, sets)], LABELS)
    assert report["krippendorff_alpha"] == pytest.approx(1.0)
    assert report["pairs"][0]["span_f1"] == pytest.approx(2 / 3, abs=1e-4)


def test_label_filter_restricts_every_figure():
    _names, docs = make_corpus(7)
    full = report_for(docs)
    only = report_for(docs, label="ORG")
    assert set(only["by_label"]) == {"ORG"}
    assert only["by_label"]["ORG"] == full["by_label"]["ORG"]
    assert only["span_f1"] == full["by_label"]["ORG"]["span_f1"]
    assert only["confusion"]["rows"] == ["ORG"]
    with pytest.raises(AnnotationError):
        report_for(docs, label="NOPE")


def test_fewer_than_two_annotators_gives_empty_figures():
    text = "Ông Park"
    sets = [AnnotationSet(0, "a", status=Status.DONE, spans=(Span(4, 8, "PER"),))]
    report = compute_agreement([agreement_document(0, "d", text, sets)], LABELS)
    assert report["pairs"] == []
    assert report["krippendorff_alpha"] is None
    assert report["span_f1"] is None
    assert report["documents"] == []
