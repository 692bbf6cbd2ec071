"""Every entity mention of the bundled corpus (from the gazetteer) falls on token boundaries."""

from __future__ import annotations

from annotator.core.gazetteer import find_mentions, load_gazetteer
from annotator.core.resources import corpus_dir
from annotator.core.tokenize import TokenIndex


def test_corpus_mentions_are_representable() -> None:
    entries = load_gazetteer()
    assert len(entries) > 50
    total = 0
    for f in sorted(corpus_dir().glob("*.txt")):
        text = f.read_text(encoding="utf-8")
        idx = TokenIndex(text)
        for sp in find_mentions(text, entries):
            total += 1
            assert idx.is_aligned(sp.start, sp.end), (f.name, sp, text[sp.start : sp.end])
    assert total > 300


def test_pitfall_cases_are_representable() -> None:
    cases = {
        "tại TP.Hồ Chí Minh.": "Hồ Chí Minh",
        "quan hệ Việt Nam-Hàn Quốc": "Việt Nam",
        "ngài Park Noh-wan, Đại sứ": "Park Noh",
        "ông KIM YUNG-ROK – Thống đốc": "KIM YUNG",
        "(KEPCO).": "KEPCO",
        "“Gặp gỡ Hàn Quốc năm 2022”": "năm 2022",
    }
    for text, mention in cases.items():
        start = text.index(mention)
        assert TokenIndex(text).is_aligned(start, start + len(mention)), (text, mention)
