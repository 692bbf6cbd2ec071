"""Search as users type Vietnamese: no case, no diacritics, đ as d, decomposed queries too."""

from __future__ import annotations

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from annotator.core.text import FoldedText, fold

TEXT = "Sáng nay ĐÀ NẴNG đón đoàn; Đà Nẵng và Ủy ban nhân dân tỉnh. Hue\u0301 — Huế."


def _hit(query: str, offset: int = 0, backwards: bool = False) -> str | None:
    got = FoldedText(TEXT).find(query, offset, backwards)
    return None if got is None else TEXT[got[0] : got[1]]


def test_queries_as_typed_find_the_stored_words():
    for query in ("da nang", "đà nẵng", "ĐÀ NẴNG", "Da Nang", unicodedata.normalize("NFD", "Đà Nẵng")):
        assert _hit(query) == "ĐÀ NẴNG", query
    assert _hit("uy ban") == "Ủy ban"
    assert _hit("ủy ban nhân dân") == "Ủy ban nhân dân"
    assert _hit("don doan") == "đón đoàn"


def test_next_previous_and_wrap():
    first = TEXT.index("ĐÀ NẴNG")
    second = TEXT.index("Đà Nẵng")
    assert FoldedText(TEXT).find("da nang", first + 1) == (second, second + 7)
    assert FoldedText(TEXT).find("da nang", second + 1) == (first, first + 7)  # wraps around
    assert FoldedText(TEXT).find("da nang", second, backwards=True) == (first, first + 7)
    assert FoldedText(TEXT).find("da nang", first, backwards=True) == (second, second + 7)


def test_a_decomposed_letter_in_the_text_is_matched_whole():
    start = TEXT.index("Hue\u0301")
    assert FoldedText(TEXT).find("hue") == (start, start + 4)  # the combining acute belongs to the match
    assert _hit("huế") == "Hue\u0301"


def test_nothing_found():
    assert _hit("Hà Nội") is None and _hit("") is None and _hit("\u0301") is None


@given(st.text(alphabet="aăâeêioôơuưyđAĂÂĐ bcdhnt" + "\u0300\u0301\u0303\u0309\u0323", max_size=40))
def test_every_fold_match_is_a_match_of_the_folded_words(text):
    """Whatever the text, a hit folds to the query and starts and ends on characters of the text."""
    folded = FoldedText(text)
    words = fold(text).split()
    for word in words[:3]:
        hit = folded.find(word)
        assert hit is not None
        a, b = hit
        assert fold(text[a:b]) == word
