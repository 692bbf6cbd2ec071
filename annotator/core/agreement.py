"""Inter-annotator agreement: span F1, Cohen's κ, Krippendorff's α, relation F1, confusions.

Pure Python + numpy (vectorized over the whole corpus: one token axis for all documents). One
subject, kept in one module although it is over 400 lines: every figure reads the same token axis.

What counts
-----------
- Only finished work is compared: an annotator's document counts when their annotation set has
  status ``done``. A document an annotator did not finish (todo, in progress, skipped, or never
  opened) is **missing** for that annotator — not "all O". A finished set with no spans is real
  data: every token is O.
- **Span F1** (per annotator pair, per label): over the documents both finished. ``span_f1``
  counts a span as matched when the other annotator has the same ``(start, end, label)``;
  F1 = 2·matched / (spans of a + spans of b) (symmetric, so no annotator is the reference).
  ``overlap_f1`` matches a span when the other has an overlapping span with the same label
  (precision and recall computed separately, then F1). Pooled figures (``by_label``, the top level
  ``span_f1``) add the counts of every pair.
- **Token level** (Cohen's κ, Krippendorff's α): every document is tokenized with the project's
  syllable tokenizer and each annotator's spans become BIO tags (``O``, ``B-L``, ``I-L``). Nested or
  overlapping spans of one annotator are flattened the way export builds ``doc.ents``: the longest
  span wins a token (ties: the label listed first in the schema). A span's boundaries are snapped to
  whole tokens. κ for a pair uses the tokens of the documents both finished; α (nominal) uses every
  token with every annotator who finished its document; tokens with fewer than two values are
  not pairable and drop out (the standard treatment of missing values in α). κ is ``null`` when
  undefined (both annotators used one single tag throughout).
- **Relation F1**: exact match of ``(head span key, tail span key, label)`` over the documents both
  finished.
- **Documents**: per document with at least two finished annotators: ``span_f1`` is the pooled pairwise
  exact F1 inside the document, ``disagreements`` the number of distinct spans and relations not made
  by every finished annotator. Sorted hardest first (lowest F1, then most disagreements).
- **Confusion**: for every pair, the spans without an exact match on the other side that overlap
  one of the other's unmatched spans: ``matrix[i][j]`` counts such pairs where one annotator said
  ``labels[i]`` and the other ``labels[j]`` (symmetric; the diagonal holds boundary disagreements:
  same label, different extents).
- With ``label``: span F1, κ/α (all other labels become O) and the document table use that label
  only; relation F1 uses the relations whose head or tail has it; the confusion keeps its row.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import combinations
from operator import attrgetter
from typing import Any

import numpy as np

from annotator.core.document import AnnotationSet, Status
from annotator.core.errors import AnnotationError
from annotator.core.tokenize import tokenize

HARDEST = 20  # documents listed when not `by_document`


@dataclass(frozen=True)
class AgreementDocument:
    """One document: its token boundaries and the annotators' sets (only ``done`` ones count)."""

    document_id: int
    title: str
    token_starts: np.ndarray  # any integer dtype (int32 views of stored offsets are fine)
    token_ends: np.ndarray
    sets: Sequence[AnnotationSet] = ()


def token_arrays(text: str) -> tuple[np.ndarray, np.ndarray]:
    """Token starts and ends of `text` (the project tokenizer) as int64 arrays."""
    return token_arrays_from_flat(np.array(tokenize(text), dtype=np.int64).reshape(-1))


def token_arrays_from_flat(flat: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Starts and ends (int64) from a flat `start0, end0, start1, end1, …` array of any int dtype."""
    flat = np.asarray(flat)
    if flat.dtype != np.int64:
        flat = flat.astype(np.int64)
    return flat[0::2], flat[1::2]


def agreement_document(document_id: int, title: str, text: str, sets: Sequence[AnnotationSet]) -> AgreementDocument:
    starts, ends = token_arrays(text)
    return AgreementDocument(document_id, title, starts, ends, sets)


def compute_agreement(
    documents: Sequence[AgreementDocument],
    labels: Sequence[str],
    label: str | None = None,
    by_document: bool = False,
    work: FinishedWork | None = None,
) -> dict[str, Any]:
    """Every agreement figure as one JSON-able dict (see the module docstring).

    The annotations come from `documents[i].sets`, or, faster, from `work` (columns whose ``doc``
    indexes `documents`; their ``sets`` are then not read).
    """
    if label is not None and label not in labels:
        raise AnnotationError(f"unknown label {label!r} (labels: {', '.join(labels)})")
    with paused_gc():  # millions of small tuples: a collection pass over them costs seconds
        data = _Corpus(documents, labels, work if work is not None else finished_work(documents, labels))
    names = data.annotators
    lab = None if label is None else data.label_index[label]
    keep = np.ones(len(data.start), dtype=bool) if lab is None else data.label == lab
    rkeep = data.relation_mask(lab)
    tags = data.bio_tags(keep)
    pairs = []
    pooled = _Pooled(len(labels), len(data.relation_labels))
    confusion = np.zeros((len(labels), len(labels)), dtype=np.int64)
    for a, b in combinations(range(len(names)), 2):
        both = data.finished[a] & data.finished[b]
        ia = np.flatnonzero((data.ann == a) & both[data.doc])
        ib = np.flatnonzero((data.ann == b) & both[data.doc])
        seen_a = np.zeros(data.n_keys, dtype=bool)
        seen_b = np.zeros(data.n_keys, dtype=bool)
        seen_a[data.key[ia]] = True
        seen_b[data.key[ib]] = True
        matched_a, matched_b = seen_b[data.key[ia]], seen_a[data.key[ib]]
        ka, kb = keep[ia], keep[ib]
        counts = _span_counts(data, ia[ka], ib[kb], matched_a[ka])
        pooled.add(counts)
        _confusion(data, ia[~matched_a], ib[~matched_b], confusion)
        kappa = _kappa(tags[a], tags[b], data.n_tags)
        rel = data.relation_counts(a, b, rkeep)
        pooled.add_relations(rel)
        pairs.append(
            {
                "a": names[a],
                "b": names[b],
                "documents": int(both.sum()),
                "span_f1": _ratio(2 * counts.tp.sum(), counts.na.sum() + counts.nb.sum()),
                "overlap_f1": _f1(counts.oa.sum(), counts.na.sum(), counts.ob.sum(), counts.nb.sum()),
                "cohen_kappa": kappa,
                "relation_f1": _ratio(2 * rel[0], rel[1] + rel[2]),
                "spans_a": int(counts.na.sum()),
                "spans_b": int(counts.nb.sum()),
                "matched": int(counts.tp.sum()),
                "by_label": {
                    labels[i]: _label_entry(counts, i)
                    for i in range(len(labels))
                    if (lab is None or i == lab) and counts.na[i] + counts.nb[i] > 0
                },
            }
        )
    by_label = {
        labels[i]: {
            "span_f1": _ratio(2 * pooled.tp[i], pooled.na[i] + pooled.nb[i]),
            "overlap_f1": _f1(pooled.oa[i], pooled.na[i], pooled.ob[i], pooled.nb[i]),
            "matched": int(pooled.tp[i]),
            "spans": int(pooled.na[i] + pooled.nb[i]),
        }
        for i in range(len(labels))
        if lab is None or i == lab
    }
    kappas = [p["cohen_kappa"] for p in pairs if p["cohen_kappa"] is not None]
    if lab is not None:
        confusion_out = {"labels": list(labels), "matrix": [confusion[lab].tolist()]}
        confusion_out["rows"] = [label]
    else:
        confusion_out = {"labels": list(labels), "matrix": confusion.tolist()}
    docs, total_docs = data.document_table(keep, rkeep, None if by_document else HARDEST)
    return {
        "annotators": list(names),
        "label": label,
        "documents_total": len(documents),
        "documents_compared": total_docs,
        "tokens": int(data.n_tokens_total),
        "span_f1": _ratio(2 * pooled.tp.sum(), pooled.na.sum() + pooled.nb.sum()),
        "overlap_f1": _f1(pooled.oa.sum(), pooled.na.sum(), pooled.ob.sum(), pooled.nb.sum()),
        "cohen_kappa": float(np.mean(kappas)) if kappas else None,
        "krippendorff_alpha": _alpha(tags, data.n_tags),
        "relation_f1": _ratio(2 * pooled.rel_tp, pooled.rel_na + pooled.rel_nb),
        "relation_by_label": {
            k: _ratio(2 * pooled.rel_tp_by[i], pooled.rel_n_by[i])
            for k, i in sorted(data.relation_labels.items())
            if pooled.rel_n_by[i] > 0
        },
        "pairs": pairs,
        "by_label": by_label,
        "confusion": confusion_out,
        "documents": docs,
        "documents_listed": len(docs),
        "missing": "a document an annotator has not finished (status done) is missing for them, not all O",
    }


# -- the corpus as arrays -----------------------------------------------------------------


@dataclass
class FinishedWork:
    """The finished sets of the documents in columns (one entry per span), the fast input.

    `doc` indexes the documents passed with it; `ann` indexes `annotators`; `finished[a, d]` says
    whether annotator a finished document d; `relations` holds ``(annotator, doc, relation key)``.
    """

    annotators: list[str]
    finished: np.ndarray
    ann: np.ndarray
    doc: np.ndarray
    start: np.ndarray
    end: np.ndarray
    label: np.ndarray  # index into the labels
    relations: list[tuple[int, int, Any]]


def finished_work(documents: Sequence[AgreementDocument], labels: Sequence[str]) -> FinishedWork:
    """Columns of the ``done`` sets of `documents` (the annotation sets in `AgreementDocument.sets`)."""
    label_index = {name: i for i, name in enumerate(labels)}
    names = sorted(
        {s.annotator for d in documents for s in d.sets if s.status is Status.DONE and s.annotator is not None}
    )
    ann_index = {n: i for i, n in enumerate(names)}
    finished = np.zeros((len(names), len(documents)), dtype=bool)
    starts: list[int] = []
    ends: list[int] = []
    span_labels: list[str] = []
    owners: list[tuple[int, int, int]] = []  # (annotator, doc, how many spans)
    relations: list[tuple[int, int, Any]] = []
    get_start, get_end, get_label = attrgetter("start"), attrgetter("end"), attrgetter("label")
    for di, d in enumerate(documents):
        for s in d.sets:
            if s.status is not Status.DONE or s.annotator is None:
                continue
            ai = ann_index[s.annotator]
            finished[ai, di] = True
            starts.extend(map(get_start, s.spans))
            ends.extend(map(get_end, s.spans))
            span_labels.extend(map(get_label, s.spans))
            owners.append((ai, di, len(s.spans)))
            relations.extend((ai, di, r.key) for r in s.relations)
    n = len(starts)
    try:
        label = np.fromiter(map(label_index.__getitem__, span_labels), dtype=np.int64, count=n)
    except KeyError as exc:
        raise AnnotationError(f"label {exc.args[0]!r} is not in the schema") from None
    own = np.array(owners, dtype=np.int64).reshape(-1, 3)
    return FinishedWork(
        annotators=names,
        finished=finished,
        ann=np.repeat(own[:, 0], own[:, 2]),
        doc=np.repeat(own[:, 1], own[:, 2]),
        start=np.fromiter(starts, dtype=np.int64, count=n),
        end=np.fromiter(ends, dtype=np.int64, count=n),
        label=label,
        relations=relations,
    )


class _Corpus:
    def __init__(self, documents: Sequence[AgreementDocument], labels: Sequence[str], work: FinishedWork) -> None:
        self.labels = list(labels)
        self.label_index = {name: i for i, name in enumerate(labels)}
        self.documents = documents
        n_docs = len(documents)
        self.annotators = list(work.annotators)
        self.finished = work.finished
        self.ann, self.doc, self.start, self.end, self.label = work.ann, work.doc, work.start, work.end, work.label
        n = len(self.start)
        self.relation_labels: dict[str, int] = {}
        if work.relations:
            r_ann, r_doc, keys = zip(*work.relations, strict=True)
            heads, tails, r_labels = zip(*keys, strict=True)
            cols = [np.array(r_ann, dtype=np.int64), np.array(r_doc, dtype=np.int64)]
            for ends in (heads, tails):
                starts_, ends_, labels_ = zip(*ends, strict=True)
                cols += [
                    np.array(starts_, dtype=np.int64),
                    np.array(ends_, dtype=np.int64),
                    np.fromiter((self.label_index.get(x, -1) for x in labels_), dtype=np.int64, count=len(labels_)),
                ]
            rl = self.relation_labels
            cols.append(np.fromiter((rl.setdefault(x, len(rl)) for x in r_labels), dtype=np.int64, count=len(r_labels)))
        else:
            cols = [np.zeros(0, dtype=np.int64) for _ in range(9)]
        self.r_ann, self.r_doc = cols[0], cols[1]
        self.r_head, self.r_tail, self.r_label = cols[4], cols[7], cols[8]
        # dense id of each distinct (document, head, tail, label); unknown labels (-1) shifted to 0+
        self.r_key = _dense(_row_ids([cols[1], cols[2], cols[3], cols[4] + 1, cols[5], cols[6], cols[7] + 1, cols[8]]))
        self.n_rel_keys = int(self.r_key.max()) + 1 if len(self.r_key) else 0
        # dense id of each distinct (document, start, end, label): equal spans, equal ids
        self.key = _dense(_row_ids([self.doc, self.start, self.end, self.label]))
        self.n_keys = int(self.key.max()) + 1 if n else 0
        # one character axis and one token axis for all documents
        n_tok = np.array([len(d.token_starts) for d in documents], dtype=np.int64)
        last = np.array([int(d.token_ends[-1]) if len(d.token_ends) else 0 for d in documents], dtype=np.int64)
        if len(self.end):
            last = np.maximum(last, _max_by(self.doc, self.end, n_docs))
        extent = last + 1
        self.char_base = np.concatenate([[0], np.cumsum(extent)[:-1]]).astype(np.int64)
        self.n_tokens = n_tok
        self.n_tokens_total = int(n_tok.sum())
        # filled document by document: no corpus-sized temporaries (the documents' own arrays may
        # be int32 views of stored token blobs)
        self.g_starts = np.empty(self.n_tokens_total, dtype=np.int64)
        self.g_ends = np.empty(self.n_tokens_total, dtype=np.int64)
        at = 0
        for d, base, k in zip(documents, self.char_base[:n_docs].tolist(), n_tok.tolist(), strict=True):
            np.add(d.token_starts, base, out=self.g_starts[at : at + k], casting="unsafe")
            np.add(d.token_ends, base, out=self.g_ends[at : at + k], casting="unsafe")
            at += k
        self.token_doc = np.repeat(np.arange(n_docs, dtype=np.int32), n_tok)
        self.n_tags = 1 + 2 * len(labels)
        self.big = int(extent.max()) + 1 if n_docs else 1

    # -- BIO tags ---------------------------------------------------------------------------
    def bio_tags(self, keep: np.ndarray) -> np.ndarray:
        """(annotators × tokens) BIO codes: 0 = O, 1 + 2·l = B-l, 2 + 2·l = I-l; missing = -1 - annotator."""
        n_lab = len(self.labels)
        idx_all = np.flatnonzero(keep)
        gs = self.char_base[self.doc[idx_all]] + self.start[idx_all]
        ge = self.char_base[self.doc[idx_all]] + self.end[idx_all]
        ts = np.searchsorted(self.g_ends, gs, side="right")
        te = np.searchsorted(self.g_starts, ge, side="left")
        ok = te > ts
        idx_all, ts, te = idx_all[ok], ts[ok], te[ok]
        length = te - ts
        lab = self.label[idx_all]
        prio = length * (n_lab + 1) + (n_lab - lab)
        # one entry per (span, token); the token keeps the entry with the highest priority.
        # Entry value = priority · width + I-code; the first token of each span gets the B-code (I - 1).
        total = int(length.sum())
        run_start = np.cumsum(length) - length  # where each span's entries begin
        n_tok = self.n_tokens_total
        width = self.n_tags + 1
        # int32 where the values fit (half the memory of the largest temporaries)
        small = len(self.annotators) * n_tok < 2**31 and int(prio.max(initial=0) + 1) * width < 2**31
        itype = np.int32 if small else np.int64
        flat = np.repeat((ts + self.ann[idx_all] * n_tok - run_start).astype(itype), length)
        flat += np.arange(total, dtype=itype)
        val = np.repeat((prio * width + 2 + 2 * lab).astype(itype), length)
        val[run_start[length > 0]] -= 1
        best = np.zeros(len(self.annotators) * n_tok, dtype=itype)
        np.maximum.at(best, flat, val)
        del flat, val
        np.remainder(best, width, out=best)
        out = best.astype(np.int32, copy=False).reshape(len(self.annotators), n_tok)
        for a in range(len(self.annotators)):
            out[a][~self.finished[a][self.token_doc]] = -1 - a
        return out

    # -- relations --------------------------------------------------------------------------
    def relation_mask(self, lab: int | None) -> np.ndarray:
        if lab is None:
            return np.ones(len(self.r_key), dtype=bool)
        return (self.r_head == lab) | (self.r_tail == lab)

    def relation_counts(self, a: int, b: int, rkeep: np.ndarray) -> tuple[int, int, int, np.ndarray, np.ndarray]:
        """Exact relation matches of a and b over the documents both finished (also per relation label)."""
        both = self.finished[a] & self.finished[b]
        ia = np.flatnonzero((self.r_ann == a) & rkeep & both[self.r_doc])
        ib = np.flatnonzero((self.r_ann == b) & rkeep & both[self.r_doc])
        seen_b = np.zeros(self.n_rel_keys, dtype=bool)
        seen_b[self.r_key[ib]] = True
        hit = seen_b[self.r_key[ia]]
        n_lab = len(self.relation_labels)
        tp_by = np.bincount(self.r_label[ia][hit], minlength=n_lab)
        n_by = np.bincount(self.r_label[ia], minlength=n_lab) + np.bincount(self.r_label[ib], minlength=n_lab)
        return int(hit.sum()), len(ia), len(ib), tp_by, n_by

    # -- per document -----------------------------------------------------------------------
    def document_table(self, keep: np.ndarray, rkeep: np.ndarray, limit: int | None) -> tuple[list[dict[str, Any]], int]:
        """Documents finished by two or more annotators, hardest first (the first `limit` of them)."""
        n_docs = len(self.documents)
        n_fin = self.finished.sum(axis=0)
        sel = np.flatnonzero(keep)
        all_counts = np.bincount(self.key[sel], minlength=self.n_keys)
        key_doc = np.zeros(self.n_keys, dtype=np.int64)
        key_doc[self.key[sel]] = self.doc[sel]
        used = all_counts > 0
        counts, kdoc = all_counts[used], key_doc[used]
        union = np.bincount(kdoc, minlength=n_docs)
        agreed = np.bincount(kdoc, weights=(counts == n_fin[kdoc]), minlength=n_docs).astype(np.int64)
        pair_tp = np.bincount(kdoc, weights=counts * (counts - 1), minlength=n_docs)
        made = np.bincount(kdoc, weights=counts, minlength=n_docs)
        rsel = np.flatnonzero(rkeep)
        r_counts = np.bincount(self.r_key[rsel], minlength=self.n_rel_keys)
        r_doc = np.zeros(self.n_rel_keys, dtype=np.int64)
        r_doc[self.r_key[rsel]] = self.r_doc[rsel]
        r_used = r_counts > 0
        rel_dis = np.bincount(r_doc[r_used], weights=r_counts[r_used] < n_fin[r_doc[r_used]], minlength=n_docs)
        rel_dis = rel_dis.astype(np.int64)
        denom = (n_fin - 1) * made
        with np.errstate(invalid="ignore", divide="ignore"):
            f1 = np.where(denom > 0, pair_tp / np.where(denom > 0, denom, 1), np.nan)
        span_dis = union - agreed
        dis = span_dis + rel_dis
        cand = np.flatnonzero(n_fin >= 2)
        ids = np.array([d.document_id for d in self.documents], dtype=np.int64)
        order = cand[np.lexsort((ids[cand], -dis[cand], np.where(np.isnan(f1[cand]), 1.0, f1[cand])))]
        if limit is not None:
            order = order[:limit]
        rows = []
        for d in order.tolist():
            doc = self.documents[d]
            rows.append(
                {
                    "document_id": doc.document_id,
                    "title": doc.title,
                    "annotators": int(n_fin[d]),
                    "spans": int(union[d]),
                    "agreed": int(agreed[d]),
                    "span_f1": None if np.isnan(f1[d]) else round(float(f1[d]), 4),
                    "span_disagreements": int(span_dis[d]),
                    "relation_disagreements": int(rel_dis[d]),
                    "disagreements": int(dis[d]),
                }
            )
        return rows, len(cand)


@dataclass
class _SpanCounts:
    tp: np.ndarray  # exact matches per label
    na: np.ndarray
    nb: np.ndarray
    oa: np.ndarray  # a's spans overlapping a same-label span of b
    ob: np.ndarray


class _Pooled:
    def __init__(self, n_labels: int, n_relation_labels: int) -> None:
        z = lambda: np.zeros(n_labels, dtype=np.int64)  # noqa: E731
        self.tp, self.na, self.nb, self.oa, self.ob = z(), z(), z(), z(), z()
        self.rel_tp = self.rel_na = self.rel_nb = 0
        self.rel_tp_by = np.zeros(n_relation_labels, dtype=np.int64)
        self.rel_n_by = np.zeros(n_relation_labels, dtype=np.int64)

    def add(self, c: _SpanCounts) -> None:
        self.tp += c.tp
        self.na += c.na
        self.nb += c.nb
        self.oa += c.oa
        self.ob += c.ob

    def add_relations(self, rel: tuple[int, int, int, np.ndarray, np.ndarray]) -> None:
        tp, na, nb, tp_by, n_by = rel
        self.rel_tp += tp
        self.rel_na += na
        self.rel_nb += nb
        self.rel_tp_by += tp_by
        self.rel_n_by += n_by


def _span_counts(data: _Corpus, ia: np.ndarray, ib: np.ndarray, matched: np.ndarray) -> _SpanCounts:
    n_lab = len(data.labels)
    group_a = data.doc[ia] * n_lab + data.label[ia]
    group_b = data.doc[ib] * n_lab + data.label[ib]
    hit_a = _overlap_hits(group_a, data.start[ia], data.end[ia], group_b, data.start[ib], data.end[ib], data.big)
    hit_b = _overlap_hits(group_b, data.start[ib], data.end[ib], group_a, data.start[ia], data.end[ia], data.big)
    la, lb = data.label[ia], data.label[ib]
    return _SpanCounts(
        tp=np.bincount(la[matched], minlength=n_lab),
        na=np.bincount(la, minlength=n_lab),
        nb=np.bincount(lb, minlength=n_lab),
        oa=np.bincount(la[hit_a], minlength=n_lab),
        ob=np.bincount(lb[hit_b], minlength=n_lab),
    )


def _overlap_hits(qg, qs, qe, rg, rs, re_, big: int) -> np.ndarray:
    """For each query span: does a reference span of the same group overlap it?"""
    if len(rg) == 0 or len(qg) == 0:
        return np.zeros(len(qg), dtype=bool)
    key = rg * big + rs
    order = np.argsort(key, kind="stable")
    key = key[order]
    reach = np.maximum.accumulate(rg[order] * big + re_[order])
    p = np.searchsorted(key, qg * big + qe, side="left") - 1
    ok = p >= 0
    out = np.zeros(len(qg), dtype=bool)
    out[ok] = reach[p[ok]] > qg[ok] * big + qs[ok]
    return out


def _confusion(data: _Corpus, ua: np.ndarray, ub: np.ndarray, matrix: np.ndarray) -> None:
    """Add the overlapping pairs of unmatched spans of a and b to the symmetric label matrix."""
    if len(ua) == 0 or len(ub) == 0:
        return
    big = data.big
    rkey = data.doc[ub] * big + data.start[ub]
    order = np.argsort(rkey, kind="stable")
    rkey, ub = rkey[order], ub[order]
    maxlen = int((data.end[ub] - data.start[ub]).max())
    qs, qe, qd = data.start[ua], data.end[ua], data.doc[ua]
    lo = np.searchsorted(rkey, qd * big + qs - maxlen, side="right")
    hi = np.searchsorted(rkey, qd * big + qe, side="left")
    n = np.maximum(hi - lo, 0)
    total = int(n.sum())
    if total == 0:
        return
    qi = np.repeat(np.arange(len(ua)), n)
    ri = np.arange(total) - np.repeat(np.cumsum(n) - n, n) + np.repeat(lo, n)
    a_sp, b_sp = ua[qi], ub[ri]
    ok = (data.doc[a_sp] == data.doc[b_sp]) & (data.end[b_sp] > data.start[a_sp]) & (data.start[b_sp] < data.end[a_sp])
    la, lb = data.label[a_sp[ok]], data.label[b_sp[ok]]
    n_lab = len(data.labels)
    m = np.bincount(la * n_lab + lb, minlength=n_lab * n_lab).reshape(n_lab, n_lab)
    matrix += m + m.T - np.diag(np.diag(m))


# -- statistics ---------------------------------------------------------------------------


def _kappa(ta: np.ndarray, tb: np.ndarray, n_tags: int) -> float | None:
    m = (ta >= 0) & (tb >= 0)
    n = int(m.sum())
    if n == 0:
        return None
    cm = np.bincount(ta[m].astype(np.int64) * n_tags + tb[m], minlength=n_tags * n_tags).reshape(n_tags, n_tags)
    po = np.trace(cm) / n
    pe = float(cm.sum(axis=1) @ cm.sum(axis=0)) / (n * n)
    if pe >= 1.0:
        return None
    return float((po - pe) / (1 - pe))


def _alpha(tags: np.ndarray, n_tags: int) -> float | None:
    """Krippendorff's α (nominal); missing values are negative, units with < 2 values drop out.

    Missing values of different annotators must differ (``-1 - annotator``) so that two missing
    values never count as agreeing.
    """
    n_ann = tags.shape[0]
    if n_ann < 2 or tags.shape[1] == 0:
        return None
    present = tags >= 0
    mu = present.sum(axis=0)
    pairable = mu >= 2
    if not pairable.any():
        return None
    agree = np.zeros(tags.shape[1], dtype=np.int64)
    for a, b in combinations(range(n_ann), 2):
        agree += tags[a] == tags[b]
    # sum over units of (m(m-1) - 2·agreeing pairs) / (m - 1), grouped by m
    units = np.bincount(mu, minlength=n_ann + 1)
    agreeing = np.bincount(mu, weights=agree, minlength=n_ann + 1)
    disagree = sum((m * (m - 1) * units[m] - 2 * agreeing[m]) / (m - 1) for m in range(2, n_ann + 1))
    n = float(sum(m * units[m] for m in range(2, n_ann + 1)))
    nc = np.zeros(n_tags + 1, dtype=np.float64)
    for a in range(n_ann):
        nc += np.bincount(np.where(present[a] & pairable, tags[a], n_tags), minlength=n_tags + 1)
    nc = nc[:n_tags]
    de = n * n - float((nc * nc).sum())
    if de == 0:
        return None
    return float(1 - (n - 1) * disagree / de)


def _ratio(num: float, den: float) -> float | None:
    return round(float(num) / float(den), 4) if den else None


def _f1(hit_a: float, n_a: float, hit_b: float, n_b: float) -> float | None:
    """F1 from recall = hit_a / n_a (a's spans found by b) and precision = hit_b / n_b."""
    if not n_a and not n_b:
        return None
    r = hit_a / n_a if n_a else 0.0
    p = hit_b / n_b if n_b else 0.0
    return round(2 * p * r / (p + r), 4) if p + r else 0.0


def _label_entry(c: _SpanCounts, i: int) -> dict[str, Any]:
    return {
        "span_f1": _ratio(2 * c.tp[i], c.na[i] + c.nb[i]),
        "overlap_f1": _f1(c.oa[i], c.na[i], c.ob[i], c.nb[i]),
        "matched": int(c.tp[i]),
        "spans_a": int(c.na[i]),
        "spans_b": int(c.nb[i]),
    }


def _max_by(group: np.ndarray, values: np.ndarray, n: int) -> np.ndarray:
    out = np.zeros(n, dtype=np.int64)
    np.maximum.at(out, group, values)
    return out


@contextmanager
def paused_gc() -> Iterator[None]:
    """No cyclic garbage collection inside (bulk building of small tuples; nothing cyclic)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _dense(ids: np.ndarray) -> np.ndarray:
    if len(ids) == 0:
        return ids
    return np.unique(ids, return_inverse=True)[1].astype(np.int64).reshape(-1)


def _row_ids(columns: Sequence[np.ndarray]) -> np.ndarray:
    """Dense ids of the rows of non-negative integer columns (equal rows, equal ids)."""
    if not len(columns) or len(columns[0]) == 0:
        return np.zeros(0, dtype=np.int64)
    ids = np.zeros(len(columns[0]), dtype=np.int64)
    span = 1
    for col in columns:
        width = int(col.max()) + 1
        if span * width >= 2**62:
            _, ids = np.unique(ids, return_inverse=True)
            ids = ids.astype(np.int64)
            span = int(ids.max()) + 1
        ids = ids * width + col
        span *= width
    return ids


__all__ = [
    "AgreementDocument",
    "FinishedWork",
    "agreement_document",
    "compute_agreement",
    "finished_work",
    "paused_gc",
    "token_arrays",
]
