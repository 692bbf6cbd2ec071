"""spaCy behind the suggestions: pattern files, trained pipelines, training and scoring.

Only `annotator.services.suggest` imports this module, and only inside the functions that need
spaCy: the window's start-up path never loads it.

- Pattern files: spaCy's `EntityRuler`/`SpanRuler` JSONL (one `{"label": ..., "pattern": ...}`
  a line, `pattern` a phrase string or a list of token dicts, optional `id`), as Prodigy and spaCy
  users have them; or the bundled gazetteer's `text<TAB>label` lines (`.tsv`/`.txt`), read as
  phrase patterns. Matches are found by a `span_ruler` (overlapping matches are all kept) on the
  project's own tokenizer, so they fall on the project's token boundaries.
- Models: any spaCy pipeline folder with an `ner` or `spancat` component. `ner` entities get a
  score (the lowest, over the entity's tokens, of the probability of the transition the model
  took, a softmax over the step's action scores); the document's uncertainty comes from the
  margins between the two most probable transitions at each token
  (`annotator.core.suggestions.margin_uncertainty`).
"""

from __future__ import annotations

import hashlib
import io
import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from annotator.core.errors import InputError
from annotator.core.suggestions import margin_uncertainty

SPAN_KEY = "annotator_suggest"


# -- pattern files ------------------------------------------------------------------------------
def load_patterns(path: Path) -> list[dict[str, Any]]:
    """The patterns of `path` as spaCy dicts `{"label", "pattern", "id"?}`; each carries the
    file line it came from under `"line"`. Raises InputError `FILE:LINE: reason` on a bad line,
    and for a file without any pattern."""
    path = Path(path)
    try:
        raw = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError(str(path), None, "no such file") from None
    except UnicodeDecodeError as exc:
        raise InputError(str(path), None, f"not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    except OSError as exc:
        raise InputError(str(path), None, f"cannot read ({exc.strerror})") from None
    patterns: list[dict[str, Any]] = []
    tabular = path.suffix.lower() in (".tsv", ".txt", ".tab")
    for n, line in enumerate(raw.splitlines(), 1):
        if not line.strip() or (tabular and line.startswith("#")):
            continue
        if tabular:
            text, tab, label = line.partition("\t")
            if not tab or not text.strip() or not label.strip():
                raise InputError(str(path), n, "expected 'text<TAB>label'")
            patterns.append({"label": label.strip(), "pattern": text.strip(), "line": n})
            continue
        try:
            entry = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(str(path), n, f"not JSON ({exc.msg})") from None
        if not isinstance(entry, dict):
            raise InputError(str(path), n, "a pattern is a JSON object with 'label' and 'pattern'")
        label, pattern = entry.get("label"), entry.get("pattern")
        if not isinstance(label, str) or not label.strip():
            raise InputError(str(path), n, "'label' must be a non-empty string")
        if isinstance(pattern, str):
            if not pattern.strip():
                raise InputError(str(path), n, "empty phrase pattern")
        elif isinstance(pattern, list) and pattern and all(isinstance(t, dict) for t in pattern):
            problem = _token_pattern_problem(pattern)
            if problem:
                raise InputError(str(path), n, f"{problem}")
        else:
            raise InputError(str(path), n, "'pattern' must be a phrase (string) or a list of token objects")
        item: dict[str, Any] = {"label": label, "pattern": pattern, "line": n}
        if entry.get("id") is not None:
            item["id"] = str(entry["id"])
        patterns.append(item)
    if not patterns:
        raise InputError(str(path), None, "no pattern in the file")
    return patterns


def _token_pattern_problem(pattern: list[dict[str, Any]]) -> str | None:
    """spaCy's own validation of a token pattern, as one line (None when it is valid)."""
    from spacy.matcher import Matcher
    from spacy.vocab import Vocab

    try:
        Matcher(Vocab(), validate=True).add("check", [pattern])
    except (ValueError, KeyError, TypeError) as exc:
        return " ".join(str(exc).split())[:300]
    return None


def file_digest(path: Path) -> str:
    return hashlib.sha1(Path(path).read_bytes()).hexdigest()[:12]


@dataclass(frozen=True, slots=True)
class Match:
    """A suggested span in code points of the document text; `score` 0..1 or None."""

    start: int
    end: int
    label: str
    score: float | None = None
    pattern_id: str | None = None


class PatternMatcher:
    """A blank Vietnamese pipeline (the project's tokenizer) with a `span_ruler` of the patterns."""

    def __init__(self, patterns: list[dict[str, Any]]) -> None:
        from annotator.nlp.tokenizer import blank_vi

        self.nlp = blank_vi()
        ruler = self.nlp.add_pipe("span_ruler", config={"spans_key": SPAN_KEY, "validate": True})
        ruler.add_patterns([{k: v for k, v in p.items() if k != "line"} for p in patterns])

    def pipe(self, texts: Iterable[str], batch_size: int = 64) -> Iterator[list[Match]]:
        for doc in self.nlp.pipe(texts, batch_size=batch_size):
            yield [
                Match(sp.start_char, sp.end_char, sp.label_, None, sp.id_ or None)
                for sp in doc.spans.get(SPAN_KEY, [])
            ]


# -- models -------------------------------------------------------------------------------------
def model_version(path: Path) -> str:
    """`NAME-VERSION@HASH`: the pipeline's meta name and version and a digest of its files."""
    path = Path(path)
    digest = hashlib.sha1()
    for f in sorted(p for p in path.rglob("*") if p.is_file()):
        digest.update(str(f.relative_to(path)).encode())
        digest.update(f.read_bytes())
    try:
        meta = json.loads((path / "meta.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        meta = {}
    name = f"{meta.get('lang', 'xx')}_{meta.get('name', 'pipeline')}-{meta.get('version', '0.0.0')}"
    return f"{name}@{digest.hexdigest()[:12]}"


def load_model(path: Path) -> Any:
    """`spacy.load(path)` with the project's tokenizer registered; InputError when it is not a pipeline."""
    import spacy

    from annotator.nlp.tokenizer import register

    register()
    path = Path(path)
    if not (path / "config.cfg").is_file() or not (path / "meta.json").is_file():
        raise InputError(str(path), None, "not a spaCy pipeline folder (no config.cfg and meta.json)")
    try:
        nlp = spacy.load(path)
    except (OSError, ValueError, KeyError) as exc:
        raise InputError(str(path), None, f"cannot load the spaCy pipeline ({' '.join(str(exc).split())[:300]})") from None
    if "ner" not in nlp.pipe_names and "spancat" not in nlp.pipe_names:
        raise InputError(str(path), None, f"the pipeline has neither an ner nor a spancat component ({', '.join(nlp.pipe_names)})")
    return nlp


@dataclass
class Prediction:
    matches: list[Match] = field(default_factory=list)
    uncertainty: float = 0.0


class ModelPredictor:
    """Runs a loaded pipeline over texts in batches: matches with scores, and uncertainty."""

    def __init__(self, nlp: Any, spans_key: str = "sc") -> None:
        self.nlp = nlp
        self.spans_key = spans_key
        self.has_ner = "ner" in nlp.pipe_names

    def pipe(self, texts: Iterable[str], batch_size: int = 32) -> Iterator[Prediction]:
        from spacy.util import minibatch

        for batch in minibatch(texts, size=batch_size):
            if self.has_ner:
                yield from self._ner_batch(list(batch))
            else:
                for doc in self.nlp.pipe(batch):
                    yield self._spancat(doc)

    def _spancat(self, doc: Any) -> Prediction:
        group = doc.spans.get(self.spans_key, [])
        scores = group.attrs.get("scores") if hasattr(group, "attrs") else None
        out = Prediction()
        margins = []
        for i, sp in enumerate(group):
            score = float(scores[i]) if scores is not None else None
            out.matches.append(Match(sp.start_char, sp.end_char, sp.label_, score))
            if score is not None:
                margins.append(abs(2 * score - 1))
        out.uncertainty = margin_uncertainty(margins)
        return out

    def _ner_batch(self, texts: list[str]) -> list[Prediction]:
        import numpy as np

        ner = self.nlp.get_pipe("ner")
        others = [n for n in self.nlp.pipe_names if n != "ner"]
        with self.nlp.select_pipes(enable=[n for n in others if self.nlp.pipe_names.index(n) < self.nlp.pipe_names.index("ner")]):
            docs = list(self.nlp.pipe(texts))
        # step the greedy parser by hand to see the action scores of each token
        best: list[list[float]] = [[] for _ in docs]
        margins: list[list[float]] = [[] for _ in docs]
        nonempty = [d for d in docs if len(d)]
        if nonempty:
            batch = ner.moves.init_batch(nonempty)
            index = {id(st): i for i, st in zip([docs.index(d) for d in nonempty], batch, strict=True)}
            model = ner.model.predict(nonempty)
            states = [st for st in batch if not st.is_final()]
            while states:
                scores = model.predict(states)
                arr = np.asarray(scores, dtype="float32")
                arr = arr - arr.max(axis=1, keepdims=True)
                probs = np.exp(arr)
                probs /= probs.sum(axis=1, keepdims=True)
                top2 = -np.sort(-probs, axis=1)[:, :2]
                for st, (p1, p2) in zip(states, top2, strict=True):
                    i = index[id(st)]
                    best[i].append(float(p1))
                    margins[i].append(float(p1 - p2))
                states = ner.transition_states(states, np.ascontiguousarray(scores, dtype="float32"))
            model.clear_memory()
            ner.set_annotations(nonempty, batch)
        out = []
        for i, doc in enumerate(docs):
            pred = Prediction(uncertainty=margin_uncertainty(margins[i]))
            probs_i = best[i]
            for ent in doc.ents:
                token_probs = probs_i[ent.start : ent.end] if len(probs_i) >= ent.end else []
                score = min(token_probs) if token_probs else None
                pred.matches.append(Match(ent.start_char, ent.end_char, ent.label_, score))
            out.append(pred)
        # the remaining components (after ner) are not needed for suggestions
        return out


# -- training -----------------------------------------------------------------------------------
StepCallback = Callable[[dict[str, Any]], None]
_step_callbacks: list[StepCallback] = []
LOGGER_NAME = "annotator.progress_logger.v1"


def _register_logger() -> None:
    import spacy

    if LOGGER_NAME in spacy.registry.loggers:
        return

    def make_logger():
        def setup(nlp: Any, stdout: Any = None, stderr: Any = None):
            def log_step(info: dict[str, Any] | None) -> None:
                if info is None:
                    return
                for callback in list(_step_callbacks):
                    callback(info)

            return log_step, lambda: None

        return setup

    spacy.registry.loggers.register(LOGGER_NAME, func=make_logger)


def train_pipeline(
    config_path: Path,
    output: Path,
    *,
    max_steps: int | None = None,
    eval_frequency: int | None = None,
    use_gpu: int = -1,
    on_step: StepCallback | None = None,
) -> Path:
    """Train with the exported `config.cfg` (spaCy's own loop), writing `output/model-best` and
    `output/model-last`; `on_step(info)` gets spaCy's info dict (step, epoch, losses, score) at
    each evaluation. Returns the best model's folder."""
    from spacy import util
    from spacy.training.initialize import init_nlp
    from spacy.training.loop import train as train_loop
    from thinc.api import require_gpu

    from annotator.nlp.tokenizer import register

    register()
    _register_logger()
    overrides: dict[str, Any] = {"training.logger": {"@loggers": LOGGER_NAME}}
    if max_steps is not None:
        overrides["training.max_steps"] = int(max_steps)
        overrides["training.max_epochs"] = 0
        if eval_frequency is None:
            eval_frequency = max(1, min(200, int(max_steps) // 4 or 1))
    if eval_frequency is not None:
        overrides["training.eval_frequency"] = int(eval_frequency)
    if use_gpu >= 0:
        require_gpu(use_gpu)
    config = util.load_config(config_path, overrides=overrides, interpolate=False)
    output = Path(output)
    output.mkdir(parents=True, exist_ok=True)
    if on_step is not None:
        _step_callbacks.append(on_step)
    try:
        nlp = init_nlp(config, use_gpu=use_gpu)
        train_loop(nlp, output, use_gpu=use_gpu, stdout=io.StringIO(), stderr=io.StringIO())
    finally:
        if on_step is not None:
            _step_callbacks.remove(on_step)
    best = output / "model-best"
    return best if best.is_dir() else output / "model-last"


# -- scoring ------------------------------------------------------------------------------------
def prf(tp: int, fp: int, fn: int) -> dict[str, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"p": round(p, 4), "r": round(r, 4), "f": round(f, 4), "tp": tp, "fp": fp, "fn": fn}


def span_scores(pairs: Iterable[tuple[set[tuple[int, int, str]], set[tuple[int, int, str]]]]) -> dict[str, Any]:
    """Exact-match precision, recall and F1 over `(predicted, gold)` span-key sets, per label
    and micro-averaged over all labels: `{"labels": {LABEL: {p, r, f, tp, fp, fn}}, "all": {...}}`."""
    counts: dict[str, list[int]] = {}
    for predicted, gold in pairs:
        for key in predicted | gold:
            c = counts.setdefault(key[2], [0, 0, 0])
            if key in predicted and key in gold:
                c[0] += 1
            elif key in predicted:
                c[1] += 1
            else:
                c[2] += 1
    labels = {label: prf(*c) for label, c in sorted(counts.items())}
    total = [sum(c[i] for c in counts.values()) for i in range(3)]
    return {"labels": labels, "all": prf(*total)}


def dev_scores(nlp: Any, dev_path: Path) -> dict[str, Any]:
    """Per-label exact-match P/R/F of `nlp` on the exported dev data (its `doc.ents` and span group)."""
    from spacy.tokens import DocBin

    paths = sorted(Path(dev_path).glob("*.spacy")) if Path(dev_path).is_dir() else [Path(dev_path)]
    predictor = ModelPredictor(nlp)
    pairs = []
    for p in paths:
        refs = list(DocBin().from_disk(p).get_docs(nlp.vocab))
        for ref, pred in zip(refs, predictor.pipe([d.text for d in refs]), strict=True):
            gold = {(e.start_char, e.end_char, e.label_) for e in ref.ents}
            for key, group in ref.spans.items():
                if key == "sc":
                    gold |= {(s.start_char, s.end_char, s.label_) for s in group}
            pairs.append(({(m.start, m.end, m.label) for m in pred.matches}, gold))
    return span_scores(pairs)


__all__ = [
    "Match",
    "ModelPredictor",
    "PatternMatcher",
    "Prediction",
    "dev_scores",
    "file_digest",
    "load_model",
    "load_patterns",
    "model_version",
    "prf",
    "span_scores",
    "train_pipeline",
]
