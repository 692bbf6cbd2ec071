"""Every interchange format through a real SQLite database: round trips, awkward text, bad input.

The awkward article is decomposed (NFD), has a BOM and CRLF line breaks, an emoji before a span,
nested spans, entities followed by a comma and a period, and a span at the very end of the text.
"""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import pytest

from annotator.core.document import SetKind
from annotator.core.errors import InputError
from annotator.core.text import normalize_text
from annotator.services.export import parse_source
from annotator.services.interchange import export_files

CLEAN = (
    "Đại sứ Hàn Quốc 😀 Park Noh - wan gặp Chủ tịch UBND tỉnh Bắc Ninh , Nguyễn Văn An .\n"
    "Hai bên ký Bản ghi nhớ"
)
RAW = "\ufeff" + unicodedata.normalize("NFD", CLEAN).replace("\n", "\r\n")
TEXT = normalize_text(RAW)
SPANS = [  # (needle, label, occurrence start hint)
    ("Đại sứ Hàn Quốc", "TITLE"),
    ("Hàn Quốc", "LOC_KR"),
    ("Park Noh - wan", "PER_KR"),
    ("Chủ tịch UBND tỉnh Bắc Ninh", "TITLE"),
    ("UBND tỉnh Bắc Ninh", "ORG_VN"),
    ("Bắc Ninh", "LOC_VN"),
    ("Nguyễn Văn An", "PER_VN"),
    ("Bản ghi nhớ", "AGREEMENT"),
]
RELATIONS = [(6, 3, "HAS_TITLE"), (2, 0, "HAS_TITLE"), (2, 6, "MEETS")]


def raw_offsets(needle: str) -> tuple[int, int]:
    n = unicodedata.normalize("NFD", needle)
    i = RAW.index(n)
    return i, i + len(n)


def norm_key(needle: str, label: str) -> tuple[int, int, str]:
    i = TEXT.index(needle)
    return i, i + len(needle), label


EXPECTED_SPANS = sorted(norm_key(n, lab) for n, lab in SPANS)
EXPECTED_RELS = sorted(
    (norm_key(*SPANS[h]), norm_key(*SPANS[t]), lab) if lab != "MEETS" or norm_key(*SPANS[h]) < norm_key(*SPANS[t])
    else (norm_key(*SPANS[t]), norm_key(*SPANS[h]), lab)
    for h, t, lab in RELATIONS
)


def snapshot(project) -> dict:
    docs = {i: project.document(i).text for i in project.documents.ids()}
    sets = {}
    for s in project.sets.all():
        sets[(docs[s.document_id], s.annotator, s.kind.value)] = (
            sorted(sp.key for sp in s.spans),
            sorted((r.head, r.tail, r.label) for r in s.relations),
        )
    return {"texts": sorted(docs.values()), "sets": sets}


def unchanged(project, before: dict) -> bool:
    return snapshot(project) == before and project.stats.collect().documents == len(before["texts"])


# -- the awkward article in each format ------------------------------------------------------


def prodigy_file(path: Path, **over) -> Path:
    spans = [{"start": raw_offsets(n)[0], "end": raw_offsets(n)[1], "label": lab, "text": unicodedata.normalize("NFD", n)}
             for n, lab in SPANS]
    rels = [{"head": 0, "child": 0, "head_span": spans[h], "child_span": spans[t], "label": lab} for h, t, lab in RELATIONS]
    line = {"text": RAW, "spans": spans, "relations": rels, "answer": "accept", "_view_id": "relations",
            "_session_id": "lan", "meta": {"source": "test"}, **over}
    rejected = {"text": "Một câu bị từ chối.", "spans": [], "answer": "reject", "_session_id": "lan"}
    path.write_text(json.dumps(line, ensure_ascii=False) + "\n" + json.dumps(rejected, ensure_ascii=False) + "\n",
                    encoding="utf-8")
    return path


def brat_dir(path: Path, extra: str = "") -> Path:
    path.mkdir()
    (path / "doc1.txt").write_bytes(RAW.encode("utf-8"))  # BOM, NFD and CRLF: brat offsets count them all
    lines = [f"T{i + 1}\t{lab} {raw_offsets(n)[0]} {raw_offsets(n)[1]}\t{unicodedata.normalize('NFD', n)}"
             for i, (n, lab) in enumerate(SPANS)]
    lines += [f"R{i + 1}\t{lab} Arg1:T{h + 1} Arg2:T{t + 1}" for i, (h, t, lab) in enumerate(RELATIONS)]
    (path / "doc1.ann").write_text("\n".join(lines) + "\n" + extra, encoding="utf-8")
    return path


def doccano_file(path: Path) -> Path:
    ents = [{"id": 100 + i, "label": lab, "start_offset": raw_offsets(n)[0], "end_offset": raw_offsets(n)[1]}
            for i, (n, lab) in enumerate(SPANS)]
    rels = [{"id": 7 + i, "from_id": 100 + h, "to_id": 100 + t, "type": lab} for i, (h, t, lab) in enumerate(RELATIONS)]
    path.write_text(json.dumps({"id": 42, "text": RAW, "entities": ents, "relations": rels, "Comments": []},
                               ensure_ascii=False) + "\n", encoding="utf-8")
    return path


def labelstudio_file(path: Path) -> Path:
    def result(prefix: str):
        res = [{"id": f"{prefix}{i}", "from_name": "label", "to_name": "text", "type": "labels",
                "value": {"start": raw_offsets(n)[0], "end": raw_offsets(n)[1], "text": unicodedata.normalize("NFD", n),
                          "labels": [lab]}} for i, (n, lab) in enumerate(SPANS)]
        res += [{"from_id": f"{prefix}{h}", "to_id": f"{prefix}{t}", "type": "relation", "direction": "right",
                 "labels": [lab]} for h, t, lab in RELATIONS]
        return res

    task = {"id": 1, "data": {"text": RAW},
            "annotations": [{"id": 1, "completed_by": {"email": "lan@example.org"}, "was_cancelled": False,
                             "result": result("a")},
                            {"id": 2, "completed_by": 7, "was_cancelled": True, "result": result("c")}],
            "predictions": [{"model_version": "v1", "result": result("p")[:2]}]}
    path.write_text(json.dumps([task], ensure_ascii=False), encoding="utf-8")
    return path


CONLL_TOKENS = CLEAN.split("\n")


def conll_file(path: Path) -> Path:
    out = ["-DOCSTART- -X- -X- O", ""]
    flat = ["Đại sứ Hàn Quốc", "Park Noh - wan", "Chủ tịch UBND tỉnh Bắc Ninh", "Nguyễn Văn An", "Bản ghi nhớ"]
    labels = {"Đại sứ Hàn Quốc": "TITLE", "Park Noh - wan": "PER_KR", "Chủ tịch UBND tỉnh Bắc Ninh": "TITLE",
              "Nguyễn Văn An": "PER_VN", "Bản ghi nhớ": "AGREEMENT"}
    for sent in CONLL_TOKENS:
        toks = sent.split(" ")
        tags = ["O"] * len(toks)
        for ent in flat:
            words = ent.split(" ")
            for i in range(len(toks) - len(words) + 1):
                if toks[i : i + len(words)] == words:
                    tags[i] = "B-" + labels[ent]
                    for j in range(i + 1, i + len(words)):
                        tags[j] = "I-" + labels[ent]
        out += [f"{unicodedata.normalize('NFD', t)}\t{g}" for t, g in zip(toks, tags, strict=True)] + [""]
    path.write_text("\ufeff" + "\r\n".join(out), encoding="utf-8")
    return path


# -- round trips -------------------------------------------------------------------------------


def round_trip(empty_project, tmp_path: Path, fmt: str, source: Path, annotator: str | None = None) -> tuple[dict, object]:
    from annotator.services.project import Project

    first = empty_project.importer.import_files([source], fmt, annotator=annotator)
    snap1 = snapshot(empty_project)
    exported = export_files(empty_project, tmp_path / f"out-{fmt}", fmt)
    second = Project.open(str(tmp_path / "second.sqlite3"), initialize="schema")
    second.importer.import_files([Path(exported["path"])], fmt, annotator=annotator)
    assert snapshot(second) == snap1
    second.close()
    return snap1, first


def test_prodigy_round_trip(empty_project, tmp_path: Path) -> None:
    snap, report = round_trip(empty_project, tmp_path, "prodigy", prodigy_file(tmp_path / "in.jsonl"))
    assert snap["texts"] == [TEXT]
    assert snap["sets"] == {(TEXT, "lan", "annotation"): (EXPECTED_SPANS, EXPECTED_RELS)}
    assert any('1 "reject" answer(s): not imported' in n for n in report.notes)


def test_brat_round_trip(empty_project, tmp_path: Path) -> None:
    snap, _ = round_trip(empty_project, tmp_path, "brat", brat_dir(tmp_path / "in"), annotator="minh")
    assert snap["sets"] == {(TEXT, "minh", "annotation"): (EXPECTED_SPANS, EXPECTED_RELS)}
    conf = (tmp_path / "out-brat" / "annotation.conf").read_text(encoding="utf-8")
    assert "[entities]" in conf and "MEETS\tArg1:" in conf and "<REL-TYPE>:symmetric" in conf


def test_doccano_round_trip(empty_project, tmp_path: Path) -> None:
    snap, _ = round_trip(empty_project, tmp_path, "doccano", doccano_file(tmp_path / "in.jsonl"), annotator="an")
    assert snap["sets"] == {(TEXT, "an", "annotation"): (EXPECTED_SPANS, EXPECTED_RELS)}


def test_labelstudio_round_trip(empty_project, tmp_path: Path) -> None:
    snap, report = round_trip(empty_project, tmp_path, "labelstudio", labelstudio_file(tmp_path / "in.json"))
    assert snap["sets"][(TEXT, "lan@example.org", "annotation")] == (EXPECTED_SPANS, EXPECTED_RELS)
    assert snap["sets"][(TEXT, "model:v1", "annotation")] == (sorted(norm_key(*s) for s in SPANS[:2]), [])
    assert any("1 cancelled annotation(s)" in n for n in report.notes)
    model_set = next(s for s in empty_project.sets.all() if s.annotator == "model:v1")
    assert {sp.source.value for sp in model_set.spans} == {"model"}


def test_conll_round_trip(empty_project, tmp_path: Path) -> None:
    snap, _ = round_trip(empty_project, tmp_path, "conll", conll_file(tmp_path / "in.conll"))
    (text,) = snap["texts"]
    assert text == CLEAN  # tokens joined by one space, sentences by a line break
    ((spans, rels),) = snap["sets"].values()
    assert spans == sorted(norm_key(n, lab) for n, lab in SPANS if n in {
        "Đại sứ Hàn Quốc", "Park Noh - wan", "Chủ tịch UBND tỉnh Bắc Ninh", "Nguyễn Văn An", "Bản ghi nhớ"})
    assert rels == []


def test_export_of_corpus_annotations_in_every_format(project, tmp_path: Path) -> None:
    """Annotations made in the tool (bundled corpus) survive export -> import in each format."""
    from annotator.core.commands import AddRelation, AddSpan
    from annotator.core.document import Relation, Span
    from annotator.services.project import Project

    doc = project.document(project.documents.ids()[0])
    sess = project.open_annotation(doc.id, None, SetKind.GOLD)
    t = doc.text
    title = "Phó Chủ tịch Thường trực UBND tỉnh Bình Thuận"
    per = (t.index("Phan Văn Đăng"), t.index("Phan Văn Đăng") + 13, "PER_VN")
    tit = (t.index(title), t.index(title) + len(title), "TITLE")
    sess.apply(AddSpan(Span(*per)))
    sess.apply(AddSpan(Span(*tit)))
    sess.apply(AddRelation(Relation(per, tit, "HAS_TITLE")))
    for fmt in ("prodigy", "brat", "doccano", "labelstudio"):
        out = export_files(project, tmp_path / fmt, fmt, source=parse_source("gold"))
        assert out["documents"] == 5 and out["spans"] == 2 and out["relations"] == 1
        other = Project.open(str(tmp_path / f"{fmt}.sqlite3"), initialize="schema")
        other.importer.import_files([Path(out["path"])], fmt)
        ((key, (spans, rels)),) = snapshot(other)["sets"].items()
        assert key[0] == t and spans == sorted([per, tit]) and rels == [(per, tit, "HAS_TITLE")]
        assert sorted(snapshot(other)["texts"]) == sorted(project.document(i).text for i in project.documents.ids())
        other.close()


# -- bad input: clear message, nothing changed ---------------------------------------------------


def test_unknown_labels_listed_then_added(project, tmp_path: Path) -> None:
    before = snapshot(project)
    path = tmp_path / "x.jsonl"
    path.write_text(json.dumps({"text": "Ông Kim gặp ông Lê.", "label": [[4, 7, "PERSON"], [16, 18, "NGUOI"]]}) + "\n",
                    encoding="utf-8")
    with pytest.raises(InputError, match=r"(?s)--add-labels adds them.*label NGUOI not in the schema: 1\n.*"
                                         r"label PERSON not in the schema: 1\n  .*x\.jsonl:1: "):
        project.importer.import_files([path], "doccano")
    assert unchanged(project, before)
    report = project.importer.import_files([path], "doccano", add_labels=True)
    assert report.labels_added == ["NGUOI", "PERSON"] and project.schema.has_label("PERSON")


def test_relation_whose_span_is_missing(project, tmp_path: Path) -> None:
    before = snapshot(project)
    d = brat_dir(tmp_path / "b", extra="R9\tHAS_TITLE Arg1:T7 Arg2:T99\n")
    with pytest.raises(InputError, match=r"doc1\.ann:12: document doc1: R9 HAS_TITLE: Arg2 T99 is not a text-bound"):
        project.importer.import_files([d], "brat")
    assert unchanged(project, before)
    p = tmp_path / "p.jsonl"
    line = json.loads(prodigy_file(tmp_path / "ok.jsonl").read_text(encoding="utf-8").splitlines()[0])
    line["relations"][0]["head_span"] = {"start": 0, "end": 3, "label": "PER_VN"}
    p.write_text(json.dumps(line, ensure_ascii=False) + "\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"p\.jsonl:1: .*relation HAS_TITLE: head span 0-3 PER_VN .* is not among the spans"):
        project.importer.import_files([p], "prodigy")
    assert unchanged(project, before)


def test_text_mismatch_and_misaligned_span(project, tmp_path: Path) -> None:
    before = snapshot(project)
    good = {"text": "Chủ tịch UBND tỉnh Bắc Ninh tiếp đoàn.", "answer": "accept"}
    p = tmp_path / "m.jsonl"
    lines = [dict(good, spans=[{"start": 19, "end": 27, "label": "LOC_VN", "text": "Bắc Ninh"}]),
             dict(good, text="Đoàn Hàn Quốc.", spans=[{"start": 5, "end": 13, "label": "LOC_KR", "text": "Hà Nội"}])]
    p.write_text("\n".join(json.dumps(x, ensure_ascii=False) for x in lines) + "\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"m\.jsonl:2: .*the file says 'Hà Nội' but the text there is 'Hàn Quốc'"):
        project.importer.import_files([p], "prodigy")
    assert unchanged(project, before)
    p.write_text(json.dumps(dict(good, spans=[{"start": 20, "end": 27, "label": "LOC_VN"}])) + "\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"m\.jsonl:1: .*'ắc Ninh' does not fall on token boundaries"):
        project.importer.import_files([p], "prodigy")
    assert unchanged(project, before)


def test_labelstudio_utf16_offsets_after_emoji(empty_project, tmp_path: Path) -> None:
    text = "Tin vui 🎉🇻🇳 Đại sứ Park Noh-wan đến Bắc Ninh."
    target = "Park Noh-wan"
    cp = text.index(target)
    u16 = len(text[:cp].encode("utf-16-le")) // 2
    assert u16 == cp + 3  # three non-BMP characters before the span
    task = {"data": {"text": text}, "annotations": [{"completed_by": 1, "result": [
        {"id": "a", "type": "labels", "value": {"start": u16, "end": u16 + len(target), "text": target, "labels": ["PER_KR"]}}]}]}
    path = tmp_path / "ls.json"
    path.write_text(json.dumps([task], ensure_ascii=False), encoding="utf-8")
    report = empty_project.importer.import_files([path], "labelstudio")
    ((spans, _),) = snapshot(empty_project)["sets"].values()
    assert spans == [(cp, cp + len(target), "PER_KR")]
    assert any("1 span(s) had UTF-16 offsets" in n for n in report.notes)
    assert empty_project.sets.all()[0].annotator == "labelstudio-user-1"


def test_brat_not_imported_kinds_are_counted(empty_project, tmp_path: Path) -> None:
    extra = ("T20\tLOC_VN 0 3;7 10\tĐại Hàn\nE1\tMeet:T3 Who:T7\nA1\tNegated T3\nM2\tNegated T7\n"
             "N1\tReference T7 Wiki:123\tNguyễn\n#1\tAnnotatorNotes T3\tcheck\n*\tEquiv T4 T5\nR20\tMEETS Arg1:T20 Arg2:T7\n")
    report = empty_project.importer.import_files([brat_dir(tmp_path / "b", extra=extra)], "brat")
    notes = "\n".join(report.notes)
    for expected in ("1 discontinuous span(s) not imported", "1 event line(s) (E) not imported",
                     "1 attribute line(s) (A) not imported", "1 attribute line(s) (M) not imported",
                     "1 normalization line(s) (N) not imported", "1 note line(s) (#) not imported",
                     "1 equivalence line(s) (*) not imported", "1 relation(s) on discontinuous spans not imported"):
        assert expected in notes
    assert report.spans == len(SPANS) and report.relations == len(RELATIONS)


def test_doccano_whitespace_trimmed_and_reported(empty_project, tmp_path: Path) -> None:
    text = "Đoàn Hàn Quốc tới Bắc Ninh."
    path = tmp_path / "d.jsonl"
    path.write_text(json.dumps({"id": 1, "text": text, "labels": [[4, 14, "LOC_KR"], [18, 26, "LOC_VN"]]},
                               ensure_ascii=False) + "\n" + json.dumps({"text": "Tin tốt.", "label": ["positive"]}) + "\n",
                    encoding="utf-8")
    report = empty_project.importer.import_files([path], "doccano", annotator="an")
    sets = snapshot(empty_project)["sets"]
    assert sets[(text, "an", "annotation")][0] == [(5, 13, "LOC_KR"), (18, 26, "LOC_VN")]
    notes = "\n".join(report.notes)
    assert "1 span(s) with whitespace at an edge: trimmed (e.g. d.jsonl:1)" in notes
    assert "1 document label(s) (text classification) not imported" in notes


def test_bad_second_file_stores_nothing_from_the_first(project, tmp_path: Path) -> None:
    before = snapshot(project)
    folder = tmp_path / "c"
    folder.mkdir()
    (folder / "a.conll").write_text("-DOCSTART- O\n\nHà B-LOC_VN\nNội I-LOC_VN\n", encoding="utf-8")
    (folder / "b.conll").write_text("-DOCSTART- O\n\nSeoul B-LOC_KR\nđẹp Q-LOC_KR\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"b\.conll:4: tag 'Q-LOC_KR'"):
        project.importer.import_files([folder], "conll")
    assert unchanged(project, before)


def test_labelstudio_text_mismatch(project, tmp_path: Path) -> None:
    before = snapshot(project)
    task = {"id": 9, "data": {"text": "Đoàn Hàn Quốc tới Bắc Ninh."}, "annotations": [{"completed_by": 1, "result": [
        {"id": "a", "type": "labels", "value": {"start": 5, "end": 13, "text": "Bắc Ninh", "labels": ["LOC_VN"]}}]}]}
    path = tmp_path / "ls.json"
    path.write_text(json.dumps([task], ensure_ascii=False), encoding="utf-8")
    with pytest.raises(InputError, match=r"ls\.json: document task 9: span 5-13 LOC_VN: the file says 'Bắc Ninh' but the text there is 'Hàn Quốc'"):
        project.importer.import_files([path], "labelstudio")
    assert unchanged(project, before)
