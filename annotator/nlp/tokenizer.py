"""`annotator.vi_syllables.v1`: the project's syllable tokenizer as a spaCy tokenizer.

Registered through the `spacy_tokenizers` entry point (see pyproject.toml), so after installation

    spacy.blank("vi", config={"nlp": {"tokenizer": {"@tokenizers": "annotator.vi_syllables.v1"}}})

works in any Python, and `spacy train` finds it from the generated config.cfg.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from annotator.core.tokenize import tokenize

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc
    from spacy.vocab import Vocab

TOKENIZER_NAME = "annotator.vi_syllables.v1"


def words_and_spaces(text: str) -> tuple[list[str], list[bool]]:
    """spaCy's words/spaces for `text`: one space after a token is `spaces=True`; any other
    whitespace becomes a whitespace token, so `Doc.text == text` always holds."""
    words: list[str] = []
    spaces: list[bool] = []
    pos = 0
    for start, end in tokenize(text):
        if start > pos:
            gap = text[pos:start]
            if words and gap[0] == " " and not spaces[-1]:
                spaces[-1] = True
                gap = gap[1:]
            if gap:
                words.append(gap)
                spaces.append(False)
        words.append(text[start:end])
        spaces.append(False)
        pos = end
    if pos < len(text):
        gap = text[pos:]
        if words and gap[0] == " ":
            spaces[-1] = True
            gap = gap[1:]
        if gap:
            words.append(gap)
            spaces.append(False)
    return words, spaces


class VietnameseSyllableTokenizer:
    """Callable spaCy tokenizer; serializes to nothing (it has no state beyond its rules)."""

    def __init__(self, vocab: Vocab) -> None:
        self.vocab = vocab

    def __call__(self, text: str) -> Doc:
        from spacy.tokens import Doc

        words, spaces = words_and_spaces(text)
        return Doc(self.vocab, words=words, spaces=spaces)

    def pipe(self, texts: Iterable[str], batch_size: int = 1000) -> Iterable[Doc]:
        for text in texts:
            yield self(text)

    # spaCy calls these when saving/loading a pipeline
    def to_bytes(self, *, exclude: Iterable[str] = ()) -> bytes:
        return b""

    def from_bytes(self, data: bytes, *, exclude: Iterable[str] = ()) -> VietnameseSyllableTokenizer:
        return self

    def to_disk(self, path: Any, *, exclude: Iterable[str] = ()) -> None:
        return None

    def from_disk(self, path: Any, *, exclude: Iterable[str] = ()) -> VietnameseSyllableTokenizer:
        return self


def create_vi_syllable_tokenizer() -> Callable[[Any], VietnameseSyllableTokenizer]:
    """The registered factory (spaCy calls it with no arguments, then with the nlp object)."""

    def make(nlp: Any) -> VietnameseSyllableTokenizer:
        return VietnameseSyllableTokenizer(nlp.vocab)

    return make


def register() -> None:
    """Register in-process too (for code that runs before the package's entry points are seen)."""
    import spacy

    if TOKENIZER_NAME not in spacy.registry.tokenizers:
        spacy.registry.tokenizers.register(TOKENIZER_NAME, func=create_vi_syllable_tokenizer)


def blank_vi() -> Any:
    """A blank Vietnamese pipeline using this tokenizer (no pyvi needed)."""
    import spacy

    register()
    return spacy.blank("vi", config={"nlp": {"tokenizer": {"@tokenizers": TOKENIZER_NAME}}})
