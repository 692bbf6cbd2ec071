"""Qt (UTF-16) positions <-> stored code-point offsets: one converter, checked against the widget."""

from __future__ import annotations

import unicodedata

import pytest
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QPlainTextEdit

from annotator.qt.offsets import OffsetMap, block_starts, display_text

EMOJI = "Hợp tác 🇻🇳🤝🇰🇷 Việt–Hàn 😀!"
HANGUL = "Đại sứ 박노완 (Park Noh-wan) và 한국 대사관"
COMBINING = unicodedata.normalize("NFD", "Phó Chủ tịch tỉnh Bình Thuận")  # decomposed: marks as separate code points
MIXED = "a\u00a0b\u2028c\rd\u2029e\r\nf\U0001f600g\U00020000h"


@pytest.mark.parametrize("text", [EMOJI, HANGUL, COMBINING, MIXED, "", "plain ascii"])
def test_round_trip_and_utf16_length(text):
    m = OffsetMap(text)
    assert m.qt_length == len(text.encode("utf-16-le")) // 2
    for i in range(len(text) + 1):
        q = m.to_qt(i)
        assert q == len(text[:i].encode("utf-16-le")) // 2
        assert m.to_py(q) == i
    # every Qt position maps into range; the inside of a surrogate pair rounds down / up
    for q in range(m.qt_length + 1):
        lo, hi = m.to_py(q), m.to_py(q, round_up=True)
        assert 0 <= lo <= hi <= len(text)
        assert hi - lo <= 1


def test_hangul_and_combining_are_one_unit_per_code_point():
    for text in (HANGUL, COMBINING):
        m = OffsetMap(text)
        assert m.identity
        assert [m.to_qt(i) for i in range(len(text) + 1)] == list(range(len(text) + 1))


def test_emoji_shift_positions():
    m = OffsetMap(EMOJI)
    i = EMOJI.index("Việt")
    assert m.to_qt(i) == i + 5  # 🇻🇳 (2 astral code points) 🤝 (1) 🇰🇷 (2): 5 extra UTF-16 units
    assert m.range_to_py(m.to_qt(i), m.to_qt(i + 4)) == (i, i + 4)


@pytest.mark.parametrize("text", [EMOJI, HANGUL, COMBINING, MIXED])
def test_widget_positions_match_stored_text(qtbot, text):
    """Each stored character sits at `to_qt(offset)` in the widget fed with `display_text`."""
    w = QPlainTextEdit()
    qtbot.addWidget(w)
    w.setPlainText(display_text(text))
    doc = w.document()
    m = OffsetMap(text)
    assert doc.characterCount() - 1 == m.qt_length
    assert doc.blockCount() == len(block_starts(text))
    shown = display_text(text)
    for i, ch in enumerate(shown):
        c = QTextCursor(doc)
        c.setPosition(m.to_qt(i))
        c.setPosition(m.to_qt(i + 1), QTextCursor.MoveMode.KeepAnchor)
        got = c.selectedText()
        expected = "\u2029" if ch == "\n" else ch  # Qt shows block separators as U+2029
        if ch == "\u00a0":
            expected = "\u00a0"
        assert got == expected, (i, ch, got)


def test_display_text_keeps_length_and_splits_blocks_like_qt():
    assert display_text("a\r\nb") == "a\n\nb"
    assert len(display_text(MIXED)) == len(MIXED)
    assert block_starts("ab\ncd\r\ne") == [0, 3, 6, 7]
