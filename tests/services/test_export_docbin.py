"""The export's DocBin and Doc building against spaCy's own: same content, sentences never inside a span."""

from __future__ import annotations

from spacy.tokens import DocBin

from annotator.core.document import Relation, Span
from annotator.nlp.docbin import MAX_SENT_TOKENS, DocMaker, ShardWriter, fast_docbin
from annotator.nlp.tokenizer import blank_vi

TEXT = ("Chủ tịch UBND tỉnh Bắc Ninh Nguyễn Văn An tiếp Đại sứ Hàn Quốc Kim Min-su. Hai bên bàn về "
        "đầu tư.\nÔng Kim cảm ơn tỉnh Bắc Ninh, hứa hợp tác.")
SPANS = [Span(0, 18, "TITLE"), Span(9, 27, "ORG_VN"), Span(19, 27, "LOC_VN"), Span(28, 41, "PER_VN"),
         Span(47, 62, "TITLE"), Span(54, 62, "LOC_KR"), Span(63, 73, "PER_KR")]


def test_fast_docbin_holds_what_spacy_docbin_holds(schema) -> None:
    maker = DocMaker(schema)
    docs = [maker.make(TEXT, SPANS, [Relation(SPANS[3].key, SPANS[0].key, "HAS_TITLE")], doc_id="a"),
            maker.make("Không có gì.", [], [], doc_id="b", annotator="lan"),
            maker.make("", [], [], doc_id="c")]
    ours, theirs = fast_docbin(), DocBin(store_user_data=True)
    for d in docs:
        ours.add(d)
        theirs.add(d)
    assert ours.strings == theirs.strings
    assert ours.span_groups == theirs.span_groups and ours.user_data == theirs.user_data
    assert all((a == b).all() for a, b in zip(ours.tokens, theirs.tokens, strict=True))
    nlp = blank_vi()
    back = list(DocBin().from_bytes(ours.to_bytes()).get_docs(nlp.vocab))
    ref = list(DocBin().from_bytes(theirs.to_bytes()).get_docs(nlp.vocab))
    for a, b in zip(back, ref, strict=True):
        assert a.to_json() == b.to_json() and a.user_data == b.user_data
        assert [(s.start, s.end, s.label_) for s in a.spans.get("sc", [])] == [
            (s.start, s.end, s.label_) for s in b.spans.get("sc", [])]


def test_sentences_never_start_inside_a_span(schema) -> None:
    maker = DocMaker(schema)
    # a span across the sentence end "Min-su. Hai" must keep the two sentences together
    across = Span(63, 82, "PER_KR")
    doc = maker.make(TEXT, [*SPANS[:6], across], [], doc_id="a")
    sents = [s.text for s in doc.sents]
    assert sents[0].endswith("Hai bên bàn về đầu tư.\n") and sents[1].startswith("Ông Kim")
    for sp in doc.spans["sc"]:
        assert all(not doc[i].is_sent_start for i in range(sp.start + 1, sp.end))
    plain = maker.make(TEXT, SPANS, [], doc_id="b")
    assert [s.text.split()[0] for s in plain.sents] == ["Chủ", "Hai", "Ông"]


def test_long_runs_are_cut_outside_spans(schema) -> None:
    maker = DocMaker(schema)
    text = " ".join(["từ"] * (MAX_SENT_TOKENS * 3))
    span = Span(3 * (MAX_SENT_TOKENS - 2), 3 * (MAX_SENT_TOKENS + 3) - 1, "EVENT")  # across the first cut
    doc = maker.make(text, [span], [], doc_id="x")
    lengths = [len(s) for s in doc.sents]
    assert max(lengths) <= MAX_SENT_TOKENS + 5 and sum(lengths) == len(doc)
    (sp,) = doc.spans["sc"]
    assert not any(doc[i].is_sent_start for i in range(sp.start + 1, sp.end))


def test_shards_are_bounded_and_renamed(tmp_path, schema) -> None:
    maker = DocMaker(schema)
    writer = ShardWriter(tmp_path, "train", sharded=True, max_docs=3, max_tokens=10**9)
    for i in range(7):
        writer.add(maker.make(TEXT, SPANS, [], doc_id=str(i)))
    files = writer.close()
    assert [f.name for f in files] == ["train-0000.spacy", "train-0001.spacy", "train-0002.spacy"]
    assert not list(tmp_path.rglob("*.tmp"))
    nlp = blank_vi()
    assert [len(list(DocBin().from_disk(f).get_docs(nlp.vocab))) for f in files] == [3, 3, 1]
    # a new export into the same folder removes the old shards first
    writer = ShardWriter(tmp_path, "train", sharded=True, max_docs=3)
    writer.add(maker.make(TEXT, SPANS, [], doc_id="z"))
    assert [f.name for f in writer.close()] == ["train-0000.spacy"]
    assert sorted(p.name for p in (tmp_path / "train").iterdir()) == ["train-0000.spacy"]
