"""Readers and writers on their own (no database): CoNLL schemes, Prodigy tokens, brat CRLF."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotator.core.document import AnnotationSet, Document, Relation, SetKind, Span, Status
from annotator.core.errors import InputError
from annotator.formats.registry import ReadContext, get_format


def read(fmt: str, path: Path, annotator: str | None = None):
    ctx = ReadContext(annotator=annotator)
    docs = list(get_format(fmt).read(path, ctx))
    return docs, ctx.notes.lines()


def keys(doc) -> list[tuple[int, int, str]]:
    return sorted(s.key for st in doc.sets for s in st.spans)


def test_conll_bioes_underscore_and_tab_tokens(tmp_path: Path) -> None:
    p = tmp_path / "a.conll"
    p.write_text(
        "-DOCSTART- O\n\n"
        "Ông\tO\nPhạm_Minh_Chính\tS-PER_VN\nthăm\tO\nẤn Độ Dương\tS-LOC_KR\n,\tO\n\n"
        "Bộ\tB-ORG_VN\nNgoại\tI-ORG_VN\ngiao\tE-ORG_VN\n.\tO\n"
        "-DOCSTART- O\n\n"
        "Hàn U-LOC_KR\nQuốc O\nvà O\nViệt B-LOC_VN\nNam L-LOC_VN\n",
        encoding="utf-8",
    )
    docs, notes = read("conll", p)
    assert [d.text for d in docs] == ["Ông Phạm Minh Chính thăm Ấn Độ Dương ,\nBộ Ngoại giao .", "Hàn Quốc và Việt Nam"]
    t = docs[0].text
    assert keys(docs[0]) == sorted([
        (4, 19, "PER_VN"), (t.index("Ấn"), t.index(" ,"), "LOC_KR"), (t.index("Bộ"), t.index(" ."), "ORG_VN")])
    assert keys(docs[1]) == [(0, 3, "LOC_KR"), (12, 20, "LOC_VN")]
    assert any("1 word-segmented token(s)" in n for n in notes)


def test_conll_without_docstart_is_one_document_per_sentence_and_iob1(tmp_path: Path) -> None:
    p = tmp_path / "phoner.conll"
    p.write_text("Bệnh O\nnhân O\nở O\nHà I-LOCATION\nNội I-LOCATION\n\nBN O\n91 B-PATIENT_ID\n\n", encoding="utf-8")
    docs, notes = read("conll", p)
    assert [d.text for d in docs] == ["Bệnh nhân ở Hà Nội", "BN 91"]
    assert keys(docs[0]) == [(12, 18, "LOCATION")] and keys(docs[1]) == [(3, 5, "PATIENT_ID")]
    assert any("1 I- tag(s) not continuing an entity" in n for n in notes)
    assert docs[0].origin == f"{p}:1" and docs[1].origin == f"{p}:7"


def test_conll_bad_lines(tmp_path: Path) -> None:
    p = tmp_path / "bad.conll"
    p.write_text("Hà B-LOC\nNội X-LOC\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"bad\.conll:2: tag 'X-LOC'"):
        read("conll", p)
    p.write_text("Hà\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"bad\.conll:1: a token line needs a token and a tag"):
        read("conll", p)


def test_conll_export_flat_layer_and_sentences(tmp_path: Path, schema) -> None:
    text = "Chủ tịch UBND tỉnh Bắc Ninh gặp TP.Hồ Chí Minh.\nHai bên ký kết."
    spans = (Span(0, 27, "TITLE"), Span(9, 27, "ORG_VN"), Span(19, 27, "LOC_VN"), Span(35, 46, "LOC_VN"))
    aset = AnnotationSet(1, "lan", spans=spans, relations=(Relation(spans[0].key, spans[1].key, "TITLE_OF"),))
    fmt = get_format("conll")
    res = fmt.write(tmp_path / "o.conll", [(Document(1, "u1", "t", text), [aset])], schema)
    every = (tmp_path / "o.conll").read_text(encoding="utf-8").split("\n")
    assert every[0] == "-DOCSTART- -X- -X- O"
    lines = [line for line in every if not line.startswith("#")]
    assert lines[2:8] == ["Chủ\tB-TITLE", "tịch\tI-TITLE", "UBND\tI-TITLE", "tỉnh\tI-TITLE", "Bắc\tI-TITLE", "Ninh\tI-TITLE"]
    # a chunk stays one token unless a span boundary falls inside it: "TP." "Hồ", "Minh" "."
    assert "TP.\tO" in lines and ".\tO" in lines and "Hồ\tB-LOC_VN" in lines and "Minh\tI-LOC_VN" in lines
    assert "" in lines[8:lines.index("Hai\tO")]  # paragraph break -> sentence break
    assert res.spans == 2
    assert "2 nested or overlapping span(s) not written" in "\n".join(res.notes.lines())
    assert "1 relation(s) not written" in "\n".join(res.notes.lines())


def test_prodigy_export_tokens_inclusive_end_and_last_token_heads(tmp_path: Path, schema) -> None:
    text = "Ông Nguyễn Văn An, Chủ tịch UBND tỉnh."
    per, title = Span(4, 17, "PER_VN"), Span(19, 37, "TITLE")
    sets = [AnnotationSet(1, "lan", status=Status.DONE, spans=(per, title),
                          relations=(Relation(per.key, title.key, "HAS_TITLE"),)),
            AnnotationSet(1, None, kind=SetKind.GOLD, status=Status.DONE, spans=(per,))]
    get_format("prodigy").write(tmp_path / "p.jsonl", [(Document(1, "u1", "t", text), sets)], schema)
    lines = [json.loads(x) for x in (tmp_path / "p.jsonl").read_text(encoding="utf-8").splitlines()]
    assert len(lines) == 2
    first = lines[0]
    assert [t["text"] for t in first["tokens"]][:5] == ["Ông", "Nguyễn", "Văn", "An", ","]
    assert first["tokens"][3]["ws"] is False and first["tokens"][4]["ws"] is True
    sp = first["spans"][0]
    assert (sp["token_start"], sp["token_end"]) == (1, 3)  # inclusive
    rel = first["relations"][0]
    assert rel["head"] == 3 and rel["child"] == first["spans"][1]["token_end"]
    assert first["_view_id"] == "relations" and first["_session_id"] == "lan" and first["answer"] == "accept"
    assert lines[1]["_gold"] is True and lines[1]["_view_id"] == "ner_manual"
    docs, _ = read("prodigy", tmp_path / "p.jsonl")
    assert [st.kind for d in docs for st in d.sets] == [SetKind.ANNOTATION, SetKind.GOLD]


def test_prodigy_review_versions(tmp_path: Path) -> None:
    text = "Bắc Ninh và Hàn Quốc"
    v1 = {"spans": [{"start": 0, "end": 8, "label": "LOC_VN"}], "answer": "accept", "sessions": ["ds-lan", "ds-minh"]}
    v2 = {"spans": [{"start": 12, "end": 20, "label": "LOC_KR"}], "answer": "reject", "sessions": ["ds-an"]}
    line = {"text": text, "spans": [{"start": 0, "end": 8, "label": "LOC_VN"}, {"start": 12, "end": 20, "label": "LOC_KR"}],
            "answer": "accept", "versions": [v1, v2], "_view_id": "review"}
    (tmp_path / "r.jsonl").write_text(json.dumps(line, ensure_ascii=False) + "\n", encoding="utf-8")
    (doc,), notes = read("prodigy", tmp_path / "r.jsonl")
    assert [(st.kind, st.annotator, len(st.spans)) for st in doc.sets] == [
        (SetKind.GOLD, None, 2), (SetKind.ANNOTATION, "ds-lan", 1), (SetKind.ANNOTATION, "ds-minh", 1)]
    assert any("review version(s) not accepted" in n for n in notes)


def test_brat_crlf_counts_two(tmp_path: Path) -> None:
    text = "Dòng một.\r\nBắc Ninh\r\n"
    (tmp_path / "d.txt").write_bytes(text.encode("utf-8"))
    (tmp_path / "d.ann").write_text("T1\tLOC_VN 11 19\tBắc Ninh\n", encoding="utf-8")
    (doc,), _ = read("brat", tmp_path / "d.txt", annotator="x")
    assert doc.text == "Dòng một.\nBắc Ninh" and keys(doc) == [(10, 18, "LOC_VN")]  # final line break not text
    (tmp_path / "d.ann").write_text("T1\tLOC_VN 10 18\tBắc Ninh\n", encoding="utf-8")
    ctx = ReadContext()
    list(get_format("brat").read(tmp_path / "d.txt", ctx))  # the problem is recorded, the import lists it
    (problem,) = ctx.problems
    assert problem.where().endswith("d.ann:1") and "the file says 'Bắc Ninh' but the text there is" in str(problem)


def test_labelstudio_direction_and_other_results(tmp_path: Path) -> None:
    text = "Bắc Ninh và Hàn Quốc"
    res = [
        {"id": "a", "type": "labels", "value": {"start": 0, "end": 8, "text": "Bắc Ninh", "labels": ["LOC_VN"]}},
        {"id": "b", "type": "labels", "value": {"start": 12, "end": 20, "text": "Hàn Quốc", "labels": ["LOC_KR"]}},
        {"from_id": "b", "to_id": "a", "type": "relation", "direction": "left", "labels": ["COOPERATES_WITH"]},
        {"from_id": "a", "to_id": "b", "type": "relation", "labels": []},
        {"id": "c", "type": "choices", "value": {"choices": ["tốt"]}},
    ]
    (tmp_path / "t.json").write_text(json.dumps([{"id": 5, "data": {"text": text},
                                                  "annotations": [{"completed_by": {"username": "lan"}, "result": res}]}],
                                                ensure_ascii=False), encoding="utf-8")
    (doc,), notes = read("labelstudio", tmp_path / "t.json")
    (st,) = doc.sets
    assert st.annotator == "lan"
    assert st.relations == [Relation((0, 8, "LOC_VN"), (12, 20, "LOC_KR"), "COOPERATES_WITH")]
    joined = "\n".join(notes)
    assert "1 relation(s) without a label not imported" in joined and "1 result(s) of type 'choices' not imported" in joined
    assert doc.meta["labelstudio_id"] == 5
