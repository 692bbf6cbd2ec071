"""The project's syllable tokenizer: rules from pitfalls.md and properties on random Unicode."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.core.tokenize import TokenIndex, token_texts, tokenize


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Ngày 19/8, tại", ["Ngày", "19/8", ",", "tại"]),
        ("ngày 14/4/2023.", ["ngày", "14/4/2023", "."]),
        ("80,6 tỷ đô la Mỹ", ["80,6", "tỷ", "đô", "la", "Mỹ"]),
        ("9.500 người; 18,5%", ["9.500", "người", ";", "18,5", "%"]),
        ("TP.Hồ Chí Minh", ["TP.", "Hồ", "Chí", "Minh"]),
        ("Tp.HCM", ["Tp.", "HCM"]),
        ("TP. Hồ Chí Minh", ["TP", ".", "Hồ", "Chí", "Minh"]),
        ("ngài Park Noh-wan,", ["ngài", "Park", "Noh", "-", "wan", ","]),
        ("KIM YUNG-ROK", ["KIM", "YUNG", "-", "ROK"]),
        ("(KEPCO).", ["(", "KEPCO", ")", "."]),
        ("Hội nghị “Gặp gỡ Hàn Quốc năm 2022”", ["Hội", "nghị", "“", "Gặp", "gỡ", "Hàn", "Quốc", "năm", "2022", "”"]),
        ("Giai đoạn 2021 - 2025", ["Giai", "đoạn", "2021", "-", "2025"]),
        ("Việt Nam–Hàn Quốc", ["Việt", "Nam", "–", "Hàn", "Quốc"]),
        ("nhanh,bền vững", ["nhanh", ",", "bền", "vững"]),
        ("Thứ hai - 17/04/2023 15:13", ["Thứ", "hai", "-", "17/04/2023", "15:13"]),
        ("7,319,313 lượt", ["7,319,313", "lượt"]),
        ("Bình Thuận.", ["Bình", "Thuận", "."]),
    ],
)
def test_rules(text: str, expected: list[str]) -> None:
    assert token_texts(text) == expected


def test_combining_marks_stay_with_their_base() -> None:
    nfd = unicodedata.normalize("NFD", "Nguyễn Văn An")
    assert token_texts(nfd) == [unicodedata.normalize("NFD", w) for w in ("Nguyễn", "Văn", "An")]


def test_snap_widens_to_syllables_and_trims_spaces() -> None:
    text = "ông Phan Văn Đăng - Phó"
    idx = TokenIndex(text)
    # "han Vă" (half syllables) -> "Phan Văn"
    s = text.index("han")
    assert idx.snap(s, s + 6) == (4, 12)
    # " Phan " with spaces -> "Phan"
    assert idx.snap(3, 9) == (4, 8)
    # reversed selection
    assert idx.snap(12, 4) == (4, 12)
    # only spaces -> nothing
    assert idx.snap(3, 4) is None
    # an empty selection inside a word is that word
    assert idx.snap(5, 5) == (4, 8)


def test_is_aligned_and_token_at() -> None:
    text = "Chủ tịch UBND tỉnh Bắc Ninh Nguyễn Văn An tiếp Đại sứ Hàn Quốc Kim Min-su."
    idx = TokenIndex(text)
    for start, end in [(0, 18), (19, 27), (28, 41), (47, 53), (54, 62), (63, 73)]:
        assert idx.is_aligned(start, end), text[start:end]
    assert not idx.is_aligned(1, 18)
    assert not idx.is_aligned(0, 17)
    assert idx.token_at(30) == (28, 34)
    assert idx.token_at(6 + 2) is None  # the space after "tịch"
    assert idx.token_range(28, 41) == (6, 9)


_text = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",)),  # any code point but lone surrogates
    max_size=200,
)


@settings(max_examples=400, deadline=None)
@given(_text)
def test_tokens_never_overlap_and_cover_every_non_space(text: str) -> None:
    tokens = tokenize(text)
    covered = [False] * len(text)
    prev_end = 0
    for start, end in tokens:
        assert prev_end <= start < end <= len(text)
        prev_end = end
        for i in range(start, end):
            covered[i] = True
    for i, ch in enumerate(text):
        if not ch.isspace():
            assert covered[i], (text, i, ch)


@settings(max_examples=200, deadline=None)
@given(_text)
def test_round_trip(text: str) -> None:
    tokens = tokenize(text)
    rebuilt = []
    pos = 0
    for start, end in tokens:
        gap = text[pos:start]
        assert all(ch.isspace() for ch in gap)
        rebuilt.append(gap)
        rebuilt.append(text[start:end])
        pos = end
    rebuilt.append(text[pos:])
    assert "".join(rebuilt) == text


@settings(max_examples=200, deadline=None)
@given(_text, st.integers(0, 200), st.integers(0, 200))
def test_snap_result_is_aligned(text: str, a: int, b: int) -> None:
    idx = TokenIndex(text)
    snapped = idx.snap(a, b)
    if snapped is not None:
        assert idx.is_aligned(*snapped)
        s, e = snapped
        assert not text[s].isspace() and not text[e - 1].isspace()
