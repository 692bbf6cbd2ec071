"""The `config.cfg` written beside an export: `python -m spacy train DIR/config.cfg` runs it as is.

Built from spaCy's own recommended CPU ("efficiency") config, with the language set to `vi`,
the project's syllable tokenizer (`annotator.vi_syllables.v1`, the one the export used) and
absolute paths to the exported corpora, so it runs from any working directory.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

PIPELINES = ("ner", "spancat")


def training_config(
    *,
    pipeline: str,
    train_path: Path,
    dev_path: Path,
    tokenizer: str,
    span_key: str = "sc",
    max_span_tokens: int = 8,
    seed: int = 0,
    train_max_length: int = 0,
) -> Any:
    """A filled, validated `thinc.Config` for training `pipeline` (`ner` or `spancat`)."""
    from spacy import util
    from spacy.cli.init_config import init_config

    from annotator.nlp.tokenizer import register

    if pipeline not in PIPELINES:
        raise ValueError(f"unknown pipeline {pipeline!r} (use {' or '.join(PIPELINES)})")
    register()
    # "xx" only to get spaCy's recommended template without loading pyvi; the language is set below
    config = init_config(lang="xx", pipeline=[pipeline], optimize="efficiency", gpu=False, pretraining=False, silent=True)
    config["nlp"]["lang"] = "vi"
    config["nlp"]["tokenizer"] = {"@tokenizers": tokenizer}
    config["paths"]["train"] = str(Path(train_path).resolve())
    config["paths"]["dev"] = str(Path(dev_path).resolve())
    config["system"]["seed"] = seed
    # NER: documents of train_max_length tokens or more are read sentence by sentence (the export
    # sets sentence starts, never inside a span). spancat: whole documents, because spaCy's
    # sentence split (Span.as_doc) does not carry span groups over.
    config["corpora"]["train"]["max_length"] = train_max_length if pipeline == "ner" else 0
    config["corpora"]["dev"]["max_length"] = 0
    if pipeline == "spancat":
        comp = config["components"]["spancat"]
        comp["spans_key"] = span_key
        comp["suggester"] = {
            "@misc": "spacy.ngram_range_suggester.v1",
            "min_size": 1,
            "max_size": max(1, int(max_span_tokens)),
        }
        scores = config["training"]["score_weights"]
        for k in list(scores):
            if k.startswith("spans_sc_"):
                scores[k.replace("spans_sc_", f"spans_{span_key}_")] = scores.pop(k)
    nlp = util.load_model_from_config(config, auto_fill=True, validate=True)
    return nlp.config


def write_training_config(path: Path, **kwargs: Any) -> Path:
    config = training_config(**kwargs)
    config.to_disk(path)
    return path
