"""The tokenizer is found by spaCy through the installed entry point, in a fresh Python."""

from __future__ import annotations

import subprocess
import sys

from annotator.nlp.tokenizer import words_and_spaces


def test_registered_tokenizer_in_a_fresh_python() -> None:
    code = r"""
import spacy
nlp = spacy.blank("vi", config={"nlp": {"tokenizer": {"@tokenizers": "annotator.vi_syllables.v1"}}})
text = "Ngày 19/8, tại TP.Hồ Chí Minh, ngài Park Noh-wan (KEPCO) ký Bản ghi nhớ 80,6 tỷ đô la Mỹ.\n\n  Hết "
doc = nlp(text)
assert doc.text == text
words = [t.text for t in doc]
for w in ["19/8", ",", "TP.", "Hồ", "Noh", "-", "wan", "(", "KEPCO", ")", "80,6", "."]:
    assert w in words, w
span = doc.char_span(text.index("Hồ Chí Minh"), text.index("Hồ Chí Minh") + 11, label="LOC_VN")
assert span is not None and span.text == "Hồ Chí Minh"
import tempfile, pathlib
d = pathlib.Path(tempfile.mkdtemp()) / "m"
nlp.to_disk(d)
again = spacy.load(d)
assert [t.text for t in again(text)] == words
print("ok")
"""
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == "ok"


def test_words_and_spaces_rebuild_the_text() -> None:
    for text in ["", " ", "a", "  a  b\n\nc ", "Ông Park Noh-wan,  tại\tTP.Hồ", "\n"]:
        words, spaces = words_and_spaces(text)
        assert "".join(w + (" " if s else "") for w, s in zip(words, spaces, strict=True)) == text


def test_glued_crawled_news_gives_entities_their_own_tokens() -> None:
    """`Huế.Anh`, `Hà Nội.Ông`, `Tâm AnTọa lạc`: spaCy's strict char_span finds each entity."""
    from annotator.nlp.tokenizer import blank_vi

    nlp = blank_vi()
    text = "Đoàn đến Huế.Anh Tuấn về Hà Nội.Ông nói Chùa Tâm AnTọa lạc tại TP.Hồ Chí Minh."
    doc = nlp(text)
    assert doc.text == text
    for entity in ["Huế", "Anh Tuấn", "Hà Nội", "Chùa Tâm An", "Hồ Chí Minh", "TP.Hồ Chí Minh"]:
        start = text.index(entity)
        span = doc.char_span(start, start + len(entity))
        assert span is not None and span.text == entity, entity
    assert "TP." in [t.text for t in doc] and "Huế." not in [t.text for t in doc]
