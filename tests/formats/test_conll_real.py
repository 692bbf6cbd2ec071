"""CoNLL as real corpora have it: the writer/reader pair is an identity on text, word-segmented
files, document comments (annotator, status, time), empty files and bad lines."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.core.document import AnnotationSet, Document, SetKind, Span, Status
from annotator.core.errors import InputError
from annotator.core.schema import default_schema
from annotator.formats.registry import ReadContext, get_format

CONLL = get_format("conll")


def read(path: Path, annotator: str | None = None):
    ctx = ReadContext(annotator=annotator)
    return list(CONLL.read(path, ctx)), ctx


def write(path: Path, *docs: tuple[str, list[AnnotationSet]]) -> Path:
    CONLL.write(path, [(Document(i + 1, f"u{i}", f"Bài {i}", text), sets) for i, (text, sets) in enumerate(docs)],
                default_schema())
    return path


def spans_of(text: str, *pairs: tuple[str, str]) -> tuple[Span, ...]:
    return tuple(Span(text.index(n), text.index(n) + len(n), lab) for n, lab in pairs)


AWKWARD = ("  Chủ tịch UBND TP.Hồ Chí Minh  gặp Đại sứ Park Noh-wan.\n\n\n"
           "Tăng trưởng đạt 82,4% (quý I).\t\"Tốt\".\nGiá 9.500đ, TP. Huế\n \n")


def test_writer_and_reader_are_an_identity_on_text(tmp_path: Path) -> None:
    spans = spans_of(AWKWARD, ("Hồ Chí Minh", "LOC_VN"), ("Park Noh-wan", "PER_KR"), ("82,4%", "MONEY"), ("Huế", "LOC_VN"))
    aset = AnnotationSet(1, "lan", status=Status.IN_PROGRESS, spans=spans, seconds=42.75)
    path = write(tmp_path / "o.conll", (AWKWARD, [aset]))
    lines = path.read_text(encoding="utf-8").split("\n")
    assert "TP.\tO" in lines and "Hồ\tB-LOC_VN" in lines  # a chunk is cut only where a span starts in it
    assert "82,4%\tB-MONEY" in lines and "(quý\tO" in lines and "I).\tO" in lines and '"Tốt".\tO' in lines
    assert "TP.\tO" in lines and "9.500đ,\tO" in lines  # chunks without a span boundary stay whole
    assert lines.count("# text = ") == 3 and "# text =  " in lines  # empty lines (last: after the final "\\n"), one space
    assert "# annotator = lan" in lines and "# status = in_progress" in lines and "# seconds = 42.75" in lines
    (doc,), ctx = read(path, annotator="someone-else")
    assert doc.text == AWKWARD and doc.uid == "u0" and doc.title == "Bài 0"
    (st,) = doc.sets
    assert sorted(sp.key for sp in st.spans) == sorted(sp.key for sp in spans)
    assert (st.annotator, st.status, st.seconds, st.kind) == ("lan", Status.IN_PROGRESS, 42.75, SetKind.ANNOTATION)
    assert not ctx.problems


def test_span_across_a_line_break_gold_set_and_document_without_set(tmp_path: Path) -> None:
    text = "Ông An đến Hà\nNội hôm qua.\nTin khác."
    gold = AnnotationSet(1, None, SetKind.GOLD, Status.DONE, spans_of(text, ("Hà\nNội", "LOC_VN"), ("An", "PER_VN")))
    path = write(tmp_path / "o.conll", (text, [gold]), ("Văn bản chưa gán nhãn.", []))
    body = path.read_text(encoding="utf-8")
    assert "# text = Ông An đến Hà\n# text = Nội hôm qua.\nÔng\tO" in body  # one sentence for the two lines
    assert "# kind = gold" in body and "# annotations = none" in body
    (doc, bare), _ = read(path)
    assert doc.text == text and [(st.kind, st.annotator) for st in doc.sets] == [(SetKind.GOLD, None)]
    assert sorted(sp.key for sp in doc.sets[0].spans) == sorted(sp.key for sp in gold.spans)
    assert bare.text == "Văn bản chưa gán nhãn." and bare.sets == []


def test_file_without_comments_joins_tokens_with_one_space(tmp_path: Path) -> None:
    p = tmp_path / "a.conll"
    p.write_text("-DOCSTART- O\n\nGiá\tO\n82,4%\tB-MONEY\n.\tO\n\nTP.\tB-LOC_VN\nHuế\tI-LOC_VN\n", encoding="utf-8")
    (doc,), _ = read(p)
    assert doc.text == "Giá 82,4% .\nTP. Huế"
    assert sorted(sp.key for sp in doc.sets[0].spans) == [(4, 9, "MONEY"), (12, 19, "LOC_VN")]
    assert doc.sets[0].lines[(12, 19, "LOC_VN")] == 7


def test_word_segmented_file(tmp_path: Path) -> None:
    p = tmp_path / "w.conll"
    p.write_text("Bệnh_nhân O\nở O\nTP._Hồ_Chí_Minh B-LOCATION\nliên_hệ O\nuser_name@x.com O\nwww.a_b.vn O\n"
                 "__init__ O\nHà_Nội B-LOCATION\n\n", encoding="utf-8")
    (doc,), ctx = read(p)
    assert doc.text == "Bệnh nhân ở TP. Hồ Chí Minh liên hệ user_name@x.com www.a_b.vn __init__ Hà Nội"
    t = doc.text
    assert sorted(sp.key for sp in doc.sets[0].spans) == [
        (t.index("TP."), t.index(" liên"), "LOCATION"), (t.index("Hà Nội"), len(t), "LOCATION")]
    notes = "\n".join(ctx.notes.lines())
    assert "word-segmented file (4 of 8 tokens join syllables with '_')" in notes
    assert "4 word-segmented token(s)" in notes


def test_underscores_kept_in_a_file_that_is_not_word_segmented(tmp_path: Path) -> None:
    tokens = ["Ông", "Kim", "gửi", "thư", "tới", "Hà", "Nội", "."] * 13 + ["biến", "snake_case", "."]
    p = tmp_path / "s.conll"
    p.write_text("".join(f"{t}\tO\n" for t in tokens), encoding="utf-8")  # 1 joined token of 107: < 1 %
    (doc,), ctx = read(p)
    assert doc.text.endswith("biến snake_case .") and not ctx.notes.lines()


def test_text_comment_that_does_not_fit_the_tokens_is_refused(tmp_path: Path) -> None:
    p = tmp_path / "t.conll"
    p.write_text("# text = Hà Nội đẹp\nHà\tB-LOC_VN\nHuế\tO\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"t\.conll:3: token 'Huế' is not the next word of the '# text' line \(line 1\)"):
        read(p)
    p.write_text("# text = Hà Nội đẹp\nHà\tB-LOC_VN\nNội\tI-LOC_VN\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"t\.conll:1: the '# text' line goes on after the last token: 'đẹp'"):
        read(p)
    # the same words with other spacing, or a word-segmented token against a spaced text, fit
    p.write_text("# text = Hà   Nội,đẹp\nHà_Nội\tB-LOC_VN\n,\tO\nđẹp\tO\n", encoding="utf-8")
    (doc,), _ = read(p)
    assert doc.text == "Hà   Nội,đẹp" and [sp.key for sp in doc.sets[0].spans] == [(0, 8, "LOC_VN")]


def test_comments_hashtags_and_other_comment_lines(tmp_path: Path) -> None:
    p = tmp_path / "h.conll"
    p.write_text("# sent_id = 1\n# newpar\n#\tO\n#COVID19\tB-EVENT\nở\tO\n# O\n", encoding="utf-8")
    (doc,), ctx = read(p)
    assert doc.text == "# #COVID19 ở #" and [sp.key for sp in doc.sets[0].spans] == [(2, 10, "EVENT")]
    notes = "\n".join(ctx.notes.lines())
    assert "1 '# sent_id' comment line(s) not imported" in notes and "1 comment line(s) not imported" in notes


@pytest.mark.parametrize(("content", "where", "message"), [
    ("", "", "no documents"),
    ("\n\n  \n", "", "no documents"),
    ("-DOCSTART- -X- -X- O\n\n", "", "no documents"),
    ("# sent_id = 1\n\n", "", "no documents"),
    ("Hà\n", ":1", "a token line needs a token and a tag"),
    ("Hà B-LOC\nNội X-LOC\n", ":2", "tag 'X-LOC' is not O or"),
    ("Hà B-\n", ":1", "tag 'B-' is not O or"),
    ("\tO\n", ":1", "empty token"),
    ("# status = finished\nHà\tO\n", ":1", "'# status' must be todo or in_progress or done or skipped"),
    ("# seconds = -3\nHà\tO\n", ":1", "'# seconds' must be a number of seconds ≥ 0"),
    ("# seconds = nan\nHà\tO\n", ":1", "'# seconds' must be a number"),
    ("# seconds = 1e999\nHà\tO\n", ":1", "'# seconds' must be a number"),
    ("# kind = silver\nHà\tO\n", ":1", "'# kind' must be gold or annotation"),
    ("# meta = [1]\nHà\tO\n", ":1", "'# meta' must be a JSON object"),
    ("# meta = " + "[" * 5000 + "\nHà\tO\n", ":1", "'# meta' must be a JSON object"),
    ("# annotator = \nHà\tO\n", ":1", "'# annotator' must be a text"),
    ("# annotator = lan\n# annotator = minh\nHà\tO\n", ":2", "'# annotator' given twice in one document"),
    ("# annotations = none\nHà\tB-LOC_VN\n", ":1", "'# annotations = none' but the document has tagged tokens"),
    ("# annotations = some\nHà\tO\n", ":1", "'# annotations' must be none"),
    ("Hà\x00\tO\n", ":1", r"U\+0000 \(NUL\)"),
])
def test_bad_input_is_one_line_input_error(tmp_path: Path, content: str, where: str, message: str) -> None:
    p = tmp_path / "b.conll"
    p.write_text(content, encoding="utf-8")
    with pytest.raises(InputError, match=rf"b\.conll{where}: {message}"):
        read(p)


def test_not_utf8_and_encoded_surrogate(tmp_path: Path) -> None:
    p = tmp_path / "b.conll"
    p.write_bytes("Hà\tO\n".encode() + b"\xed\xa0\x80\tO\n")
    with pytest.raises(InputError, match=r"b\.conll:2: not UTF-8"):
        read(p)


def test_cr_line_breaks(tmp_path: Path) -> None:
    p = tmp_path / "cr.conll"
    p.write_bytes("-DOCSTART- O\r\rHà\tB-LOC_VN\rNội\tI-LOC_VN\r\rđẹp\tO\r".encode())
    (doc,), _ = read(p)
    assert doc.text == "Hà Nội\nđẹp" and [sp.key for sp in doc.sets[0].spans] == [(0, 6, "LOC_VN")]


def test_text_holding_docstart_and_comment_like_words(tmp_path: Path) -> None:
    text = "-DOCSTART- -X- O\n# text = giả\n#\tO và #tag =x"
    aset = AnnotationSet(1, "lan", spans=spans_of(text, ("-DOCSTART-", "EVENT"), ("#tag", "EVENT")))
    (doc,), _ctx = read(write(tmp_path / "d.conll", (text, [aset])))
    assert doc.text == text and sorted(sp.key for sp in doc.sets[0].spans) == sorted(sp.key for sp in aset.spans)
