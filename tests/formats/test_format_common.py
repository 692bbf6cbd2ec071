"""Offsets into raw text mapped onto normalized text; UTF-16 offsets; the flat layer rule."""

from __future__ import annotations

import unicodedata

import pytest

from annotator.core.document import Span
from annotator.core.errors import InputError
from annotator.core.layers import flat_layer
from annotator.core.schema import Schema
from annotator.core.text import normalize_text
from annotator.formats.common import OffsetMap, make_span, utf16_to_codepoints

NFC = "Chủ tịch UBND tỉnh Bắc Ninh Nguyễn Văn An tiếp Đại sứ Hàn Quốc Kim Min-su."


def test_nfd_offsets_map_to_nfc() -> None:
    raw = unicodedata.normalize("NFD", NFC)
    assert len(raw) == 90 and len(NFC) == 74
    omap = OffsetMap(raw)
    assert omap.text == NFC
    rs = raw.index(unicodedata.normalize("NFD", "Nguyễn Văn An"))
    re_ = rs + len(unicodedata.normalize("NFD", "Nguyễn Văn An"))
    assert (omap(rs), omap(re_)) == (28, 41)
    assert omap(rs + 5) is None  # between "e" and its accents: cannot be mapped
    assert omap(len(raw)) == len(NFC)


def test_crlf_and_bom_offsets() -> None:
    raw = "\ufeffDòng một\r\nBắc Ninh\r\n"
    omap = OffsetMap(raw)
    assert omap.text == "Dòng một\nBắc Ninh\n"
    start = raw.index("Bắc")
    assert omap(start) == omap.text.index("Bắc")
    assert omap(start + 8) == omap.text.index("Bắc") + 8
    assert omap(raw.index("\r\n") + 1) is None  # inside \r\n
    assert omap(0) == 0 and omap(1) == 0  # before and after the BOM


def test_identity_when_already_normalized() -> None:
    omap = OffsetMap(NFC)
    assert omap.identity and omap(10) == 10 and omap(len(NFC) + 1) is None


def test_make_span_checks_text_range_and_cut_characters() -> None:
    raw = unicodedata.normalize("NFD", NFC)
    omap = OffsetMap(raw)
    with pytest.raises(InputError, match=r"f\.jsonl:3: document d: span 0-5 TITLE: the file says 'Bắc' but the text there is"):
        make_span(omap, 0, 5, "TITLE", file="f.jsonl", line=3, doc="d", text="Bắc")
    with pytest.raises(InputError, match="out of range"):
        make_span(omap, 80, 200, "TITLE", file="f", line=1, doc="d")
    with pytest.raises(InputError, match="cuts a character in two"):
        make_span(omap, 0, 3, "TITLE", file="f", line=1, doc="d")  # "Chu" without its hook
    # the given text may be NFC while the file's text is NFD
    sp = make_span(omap, 0, len(unicodedata.normalize("NFD", "Chủ tịch")), "TITLE", file="f", line=1, doc="d", text="Chủ tịch")
    assert (sp.start, sp.end) == (0, 8)


def test_utf16_offsets() -> None:
    text = "😀 Park Noh-wan 🇰🇷 Hàn Quốc"
    assert utf16_to_codepoints(text, 3) == 2  # the emoji is two UTF-16 units
    s16 = len("😀 Park Noh-wan 🇰🇷 ".encode("utf-16-le")) // 2
    assert text[utf16_to_codepoints(text, s16):] == "Hàn Quốc"
    assert utf16_to_codepoints(text, 1) is None  # inside the emoji


def _schema(schema: Schema, nested: str) -> Schema:
    from dataclasses import replace

    return replace(schema, ents_nested=nested)


def test_flat_layer_outermost_and_innermost(schema: Schema) -> None:
    title = Span(0, 18, "TITLE")
    org = Span(9, 27, "ORG_VN")  # crosses TITLE
    loc = Span(19, 27, "LOC_VN")
    per = Span(28, 41, "PER_VN")
    tie_a = Span(47, 53, "TITLE")
    tie_b = Span(47, 53, "PER_KR")  # same extent: schema label order decides (PER_KR before TITLE)
    spans = [loc, per, org, title, tie_a, tie_b]
    outer = flat_layer(spans, _schema(schema, "outermost"))
    assert outer == [title, loc, per, tie_b]  # title and org are both 18 long: earlier start wins
    inner = flat_layer(spans, _schema(schema, "innermost"))
    assert inner == [title, loc, per, tie_b]
    nested = [Span(0, 40, "TITLE"), Span(10, 30, "ORG_VN"), Span(20, 30, "LOC_VN")]
    assert flat_layer(nested, _schema(schema, "outermost")) == [nested[0]]
    assert flat_layer(nested, _schema(schema, "innermost")) == [nested[2]]


def test_flat_layer_only_ents_labels(schema: Schema) -> None:
    from dataclasses import replace

    only_per = replace(schema, ents_labels=("PER_VN",))
    assert flat_layer([Span(0, 5, "TITLE"), Span(6, 9, "PER_VN")], only_per) == [Span(6, 9, "PER_VN")]


def test_normalize_agrees_with_map() -> None:
    raw = "\ufeff" + unicodedata.normalize("NFD", "Hải Phòng\r\nHàn Quốc\rxong")
    assert OffsetMap(raw).text == normalize_text(raw)
