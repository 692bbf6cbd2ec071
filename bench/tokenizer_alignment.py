"""How many entity boundaries of real Vietnamese news each tokenizer can represent.

    python bench/tokenizer_alignment.py [--json]

Mentions: every occurrence, in the five bundled articles, of the entity strings listed in
resources/patterns/vn_kr_entities.tsv (names, titles, bodies, places, dates, money). A mention
is representable when spaCy's `Doc.char_span(start, end)` (strict) finds it; a boundary is
representable when it is a token start (for `start`) or a token end (for `end`).
Compared: the project tokenizer, spaCy's `xx` (multi-language) and `vi` without pyvi.
"""

from __future__ import annotations

import argparse
import json

from annotator.core.gazetteer import find_mentions, load_gazetteer
from annotator.core.resources import corpus_dir


def main() -> None:
    import spacy

    from annotator.nlp.tokenizer import blank_vi

    ap = argparse.ArgumentParser()
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    entries = load_gazetteer()
    texts = [f.read_text(encoding="utf-8") for f in sorted(corpus_dir().glob("*.txt"))]
    pipelines = {
        "annotator.vi_syllables.v1": blank_vi(),
        "spacy xx": spacy.blank("xx"),
        "spacy vi (no pyvi)": spacy.blank("vi", config={"nlp": {"tokenizer": {"use_pyvi": False}}}),
    }
    results = {}
    mentions = [(t, sp) for t in texts for sp in find_mentions(t, entries)]
    for name, nlp in pipelines.items():
        docs = {id(t): nlp(t) for t in texts}
        bad_mentions, bad_bounds, examples = 0, 0, []
        for t, sp in mentions:
            doc = docs[id(t)]
            starts = {tok.idx for tok in doc}
            ends = {tok.idx + len(tok.text) for tok in doc}
            bad = (sp.start not in starts) + (sp.end not in ends)
            bad_bounds += bad
            if doc.char_span(sp.start, sp.end) is None:
                bad_mentions += 1
                if len(examples) < 5:
                    ctx = t[max(0, sp.start - 5) : sp.end + 5].replace("\n", " ")
                    examples.append(f"{sp.label}: …{ctx}…")
        results[name] = {
            "mentions": len(mentions),
            "boundaries": 2 * len(mentions),
            "unrepresentable_boundaries": bad_bounds,
            "unrepresentable_mentions": bad_mentions,
            "examples": examples,
        }
    if args.json:
        print(json.dumps(results, ensure_ascii=False))
        return
    for name, r in results.items():
        print(
            f"{name:>28}: {r['unrepresentable_boundaries']:>4} of {r['boundaries']} boundaries, "
            f"{r['unrepresentable_mentions']:>4} of {r['mentions']} mentions not representable"
        )
        for ex in r["examples"]:
            print(f"{'':>30}{ex}")


if __name__ == "__main__":
    main()
