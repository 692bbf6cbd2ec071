"""LazyTokenIndex answers exactly like TokenIndex (chunk edges included)."""

from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.core.tokenize import LazyTokenIndex, TokenIndex

PIECES = ["Bình", "Thuận", ",", " ", "  ", "\n", "19/8", "TP.Hồ", "Noh-wan", "(KEPCO).", "😀", "한국", "9.500", "\u00a0", "x\u0301"]


def _check(text: str, chunk: int, rng: random.Random) -> None:
    full, lazy = TokenIndex(text), LazyTokenIndex(text, chunk=chunk)
    n = len(text)
    for _ in range(60):
        a, b = rng.randint(-2, n + 2), rng.randint(-2, n + 2)
        assert lazy.snap(a, b) == full.snap(a, b), (a, b)
        assert lazy.is_aligned(a, b) == full.is_aligned(a, b), (a, b)
        assert lazy.token_at(a) == full.token_at(a), a
    for s, e in zip(full.starts, full.ends, strict=True):
        assert lazy.is_aligned(s, e) and lazy.token_at(s) == (s, e)
    assert lazy.starts == full.starts and lazy.ends == full.ends and len(lazy) == len(full)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=80), st.integers(1, 12), st.integers(0, 10**6))
def test_lazy_matches_full(pieces, chunk, seed):
    _check("".join(pieces), chunk, random.Random(seed))


def test_lazy_on_the_bundled_corpus():
    from annotator.core.resources import corpus_dir

    rng = random.Random(1)
    for f in sorted(corpus_dir().glob("*.txt")):
        _check(f.read_text(encoding="utf-8"), 256, rng)
