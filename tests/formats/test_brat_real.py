"""brat as real corpora have it: duplicate ids, BOMs, TABs in spans, final line breaks, the sidecar,
and every kind of bad line (a one-line `FILE:LINE: reason`, never another exception)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotator.core.document import AnnotationSet, Document, Relation, SetKind, Span, Status
from annotator.core.errors import InputError
from annotator.formats.registry import ReadContext, get_format

TEXT = "Đại sứ Park Noh-wan gặp Chủ tịch UBND tỉnh Bắc Ninh."


def brat(folder: Path, ann: str, text: str = TEXT, *, name: str = "d", raw: bytes | None = None) -> Path:
    folder.mkdir(exist_ok=True)
    (folder / f"{name}.txt").write_bytes(raw if raw is not None else text.encode("utf-8"))
    (folder / f"{name}.ann").write_text(ann, encoding="utf-8")
    return folder / f"{name}.txt"


def read(path: Path, annotator: str | None = "an"):
    ctx = ReadContext(annotator=annotator)
    docs = list(get_format("brat").read(path, ctx))
    return docs, ctx


def t_line(ident: str, needle: str, label: str, text: str = TEXT, shift: int = 0) -> str:
    i = text.index(needle) + shift
    return f"{ident}\t{label} {i} {i + len(needle)}\t{needle}\n"


def test_duplicate_ids_refused_with_file_and_line(tmp_path: Path) -> None:
    ann = t_line("T1", "Park Noh-wan", "PER_KR") + t_line("T2", "Bắc Ninh", "LOC_VN") + t_line("T2", "UBND", "ORG_VN")
    with pytest.raises(InputError, match=r"d\.ann:3: duplicate id T2 \(first on line 2\)$"):
        read(brat(tmp_path / "a", ann))
    ann = (t_line("T1", "Park Noh-wan", "PER_KR") + t_line("T2", "Bắc Ninh", "LOC_VN")
           + "R1\tMEETS Arg1:T1 Arg2:T2\nR1\tLOCATED_IN Arg1:T1 Arg2:T2\n")
    with pytest.raises(InputError, match=r"d\.ann:4: duplicate id R1"):
        read(brat(tmp_path / "b", ann))


def test_same_span_under_two_ids_is_kept_for_the_importer_to_merge(tmp_path: Path) -> None:
    ann = t_line("T1", "Bắc Ninh", "LOC_VN") + t_line("T2", "Bắc Ninh", "LOC_VN") + t_line("T3", "UBND", "ORG_VN")
    ann += "R1\tLOCATED_IN Arg1:T3 Arg2:T2\n"
    (doc,), ctx = read(brat(tmp_path / "a", ann))
    (st,) = doc.sets
    key = Span(TEXT.index("Bắc Ninh"), TEXT.index("Bắc Ninh") + 8, "LOC_VN").key
    assert [sp.key for sp in st.spans].count(key) == 2 and st.lines[key] == 1  # first line kept
    assert st.relations[0].tail == key and not ctx.problems


def test_bom_counted_as_brat_counts_it_and_bom_not_counted(tmp_path: Path) -> None:
    raw = ("\ufeff" + TEXT).encode("utf-8")
    # brat reads the file as it is: the BOM is one character, offsets count it
    (doc,), ctx = read(brat(tmp_path / "a", t_line("T1", "Bắc Ninh", "LOC_VN", shift=1), raw=raw))
    i = TEXT.index("Bắc Ninh")
    assert doc.text == TEXT and [sp.key for sp in doc.sets[0].spans] == [(i, i + 8, "LOC_VN")]
    assert not ctx.problems and not ctx.notes.lines()
    # offsets written by a tool that dropped the BOM: the T line's text says where, shifted and noted
    (doc,), ctx = read(brat(tmp_path / "b", t_line("T1", "Bắc Ninh", "LOC_VN"), raw=raw))
    assert [sp.key for sp in doc.sets[0].spans] == [(i, i + 8, "LOC_VN")]
    assert any("do not count the .txt's BOM: shifted by one" in n for n in ctx.notes.lines())
    # a BOM at the start of the .ann (Windows editors) is not part of the first id
    folder = tmp_path / "c"
    brat(folder, "")
    (folder / "d.ann").write_text("\ufeff" + t_line("T1", "Bắc Ninh", "LOC_VN"), encoding="utf-8")
    (doc,), ctx = read(folder / "d.txt")
    assert [sp.key for sp in doc.sets[0].spans] == [(i, i + 8, "LOC_VN")]


def test_final_line_break_is_not_text_and_trailing_white_space_comes_back_from_the_sidecar(tmp_path: Path) -> None:
    (doc,), _ = read(brat(tmp_path / "a", t_line("T1", "Bắc Ninh", "LOC_VN"), TEXT + "\r\n  \n"))
    assert doc.text == TEXT
    # our own export of a text that ends in white space gives it back exactly
    out = tmp_path / "out"
    text = TEXT + "\n\n"
    i = text.index("Bắc Ninh")
    aset = AnnotationSet(1, "lan", status=Status.IN_PROGRESS, spans=(Span(i, i + 8, "LOC_VN"),), seconds=12.5)
    get_format("brat").write(out, [(Document(1, "bai/1", "Bài một", text, {"nguon": "x"}), [aset])], _schema())
    (doc,), _ = read(out / "bai_1.txt", annotator="someone-else")
    assert doc.text == text and doc.uid == "bai/1" and doc.title == "Bài một" and doc.meta == {"nguon": "x"}
    (st,) = doc.sets
    assert (st.annotator, st.status, st.seconds, st.kind) == ("lan", Status.IN_PROGRESS, 12.5, SetKind.ANNOTATION)


def _schema():
    from annotator.core.schema import default_schema

    return default_schema()


def test_tab_and_line_break_inside_a_span_keep_each_annotation_on_its_line(tmp_path: Path) -> None:
    text = "Ông Nguyễn\tVăn An đến Hà\nNội\u2028hôm qua."
    spans = (Span(4, 17, "PER_VN"), Span(22, 28, "LOC_VN"), Span(22, 32, "EVENT"))
    aset = AnnotationSet(1, "lan", spans=spans, relations=(Relation(spans[0].key, spans[1].key, "MEETS"),))
    out = tmp_path / "out"
    get_format("brat").write(out, [(Document(1, "u", "t", text), [aset])], _schema())
    lines = (out / "u.ann").read_text(encoding="utf-8").splitlines()  # splitlines: every line break there is
    assert lines[:3] == ["T1\tPER_VN 4 17\tNguyễn Văn An", "T2\tLOC_VN 22 28\tHà Nội", "T3\tEVENT 22 32\tHà Nội hôm"]
    assert lines[3] == "R1\tMEETS Arg1:T1 Arg2:T2" and len(lines) == 4
    (doc,), ctx = read(out / "u.txt")
    assert doc.text == text and sorted(sp.key for sp in doc.sets[0].spans) == sorted(sp.key for sp in spans)
    assert not ctx.problems


def test_sidecar_gold_set_and_bad_sidecar_values(tmp_path: Path) -> None:
    out = tmp_path / "out"
    gold = AnnotationSet(1, None, SetKind.GOLD, Status.DONE, (Span(0, 6, "TITLE"),), seconds=3.0)
    get_format("brat").write(out, [(Document(1, "g", "t", TEXT), [gold]), (Document(2, "n", "t", "Tin khác."), [])],
                             _schema())
    assert not (out / "n.ann").exists()
    (doc,), _ = read(out / "g.txt", annotator="an")
    (st,) = doc.sets
    assert (st.kind, st.annotator, st.seconds) == (SetKind.GOLD, None, 3.0)
    (doc,), _ = read(out / "n.txt")
    assert doc.sets == [] and doc.uid == "n"
    side = out / "annotator.json"
    data = json.loads(side.read_text(encoding="utf-8"))
    for bad, message in (({"status": "finished"}, r"'status' must be one of todo, in_progress, done, skipped"),
                         ({"seconds": -1}, r"'seconds' must be a number of seconds ≥ 0"),
                         ({"seconds": "12"}, r"'seconds' must be a number"),
                         ({"annotator": 7}, r"'annotator' must be a name or null"),
                         ({"kind": "silver"}, r"'kind' must be 'annotation' or 'gold'"),
                         ({"uid": ["x"]}, r"'uid' must be a text"),
                         ({"trailing": "x"}, r"'trailing' must be white space")):
        data["documents"]["g"] = {**data["documents"]["g"], **bad}
        side.write_text(json.dumps(data), encoding="utf-8")
        with pytest.raises(InputError, match=rf"annotator\.json: document 'g': {message}"):
            read(out / "g.txt")
        data = json.loads(json.dumps(data))
        data["documents"]["g"] = {"uid": "g"}
    side.write_text("[1, 2", encoding="utf-8")
    with pytest.raises(InputError, match=r"annotator\.json:1: not JSON"):
        read(out / "g.txt")
    side.write_text("[" * 100_000, encoding="utf-8")
    with pytest.raises(InputError, match=r"annotator\.json"):
        read(out / "g.txt")
    side.write_text(json.dumps({"documents": {}}), encoding="utf-8")
    with pytest.raises(InputError, match=r"annotator\.json: not an export of this tool"):
        read(out / "g.txt")


def test_span_and_relation_problems_are_all_recorded(tmp_path: Path) -> None:
    ann = (t_line("T1", "Park Noh-wan", "PER_KR")
           + "T2\tLOC_VN 500 508\tBắc Ninh\n"  # out of range
           + t_line("T3", "Bắc Ninh", "LOC_VN").replace("\tBắc Ninh", "\tHà Nội")  # text differs
           + t_line("T4", " Bắc Ninh", "LOC_VN")  # white space at an edge: trimmed, noted
           + "R1\tLOCATED_IN Arg1:T1 Arg2:T2\n"  # on a skipped span
           + "R2\tMEETS Arg1:T1 Arg2:T9\n")  # on no span
    (doc,), ctx = read(brat(tmp_path / "a", ann))
    kinds = sorted((p.kind, p.line) for p in ctx.problems)
    assert kinds == [("offsets out of range", 2), ("relation argument is not a span", 6),
                     ("relation on a skipped span", 5), ("span text differs from the document text", 3)]
    assert sorted(sp.label for sp in doc.sets[0].spans) == ["LOC_VN", "PER_KR"]
    assert any("whitespace at an edge: trimmed" in n for n in ctx.notes.lines())
    rel = next(p for p in ctx.problems if p.line == 6)
    assert rel.what == "relation" and "Arg2 T9 is not a text-bound (T) annotation" in rel.reason


@pytest.mark.parametrize(("ann", "line", "message"), [
    ("T1\tPER_KR\n", 1, r"T1: offsets must be 'START END'"),
    ("T1\n", 1, r"T1: a text-bound line needs 'LABEL START END' after a TAB"),
    ("T1 PER_KR 0 5 Đại sứ\n", 1, r"T1 PER_KR 0 5 Đại sứ: a text-bound line needs 'LABEL START END' after a TAB"),
    ("T1\tPER_KR -1 5\tĐại\n", 1, r"T1: offsets must be 'START END', two whole numbers \(got '-1 5'\)"),
    ("T1\tPER_KR 0 5.5\tĐại\n", 1, r"T1: offsets must be 'START END'"),
    ("T1\tPER_KR 0 99999999999999999999999\tĐại\n", 1, r"T1: offsets must be 'START END'"),
    ("\nR1\tMEETS Arg1:T1\n", 2, r"R1: a relation line needs 'LABEL Arg1:T1 Arg2:T2'"),
    ("R1\n", 1, r"R1: a relation line needs"),
    ("R1\tMEETS Arg1:T1 Arg1:T2\n", 1, r"R1: a relation line needs"),
    ("X1\tfoo\n", 1, r"unknown annotation line 'X1'"),
    ("\ud7ff\t\n", 1, r"unknown annotation line"),
])
def test_bad_lines_are_one_line_input_errors(tmp_path: Path, ann: str, line: int, message: str) -> None:
    with pytest.raises(InputError, match=rf"d\.ann:{line}: {message}"):
        read(brat(tmp_path / "a", ann))


def test_bad_files_are_input_errors(tmp_path: Path) -> None:
    folder = tmp_path / "a"
    brat(folder, "", raw=b"\xff\xfe bad")
    with pytest.raises(InputError, match=r"d\.txt:1: not UTF-8"):
        read(folder / "d.txt")
    brat(folder, "", raw="Dòng một\nHai\x00ba".encode())
    with pytest.raises(InputError, match=r"d\.txt:2: U\+0000 \(NUL\)"):
        read(folder / "d.txt")
    brat(folder, "", raw=b" \r\n\t")
    with pytest.raises(InputError, match=r"d\.txt: the text is empty"):
        read(folder / "d.txt")
    brat(folder, "")
    (folder / "d.ann").write_bytes(b"T1\tPER 0 3\t\xed\xa0\x80\n")  # an encoded lone surrogate
    with pytest.raises(InputError, match=r"d\.ann:1: not UTF-8"):
        read(folder / "d.txt")
    brat(folder, "", raw="a\r\n\u0b47\u0b3e".encode())  # NFC joins two starters: offsets cannot be mapped
    with pytest.raises(InputError, match=r"d\.txt: the text's Unicode normalization"):
        read(folder / "d.txt")


def test_brat_and_plain_import_of_the_same_txt_is_one_document(empty_project, tmp_path: Path) -> None:
    folder = tmp_path / "a"
    brat(folder, t_line("T1", "Bắc Ninh", "LOC_VN"), TEXT + "\n")
    empty_project.importer.import_files([folder / "d.txt"], "txt")
    report = empty_project.importer.import_files([folder], "brat", annotator="an")
    assert report.documents == 0 and report.duplicates == 1 and report.spans == 1
    assert [empty_project.document(i).text for i in empty_project.documents.ids()] == [TEXT]


def test_ann_with_cr_line_breaks(tmp_path: Path) -> None:
    folder = tmp_path / "a"
    brat(folder, "")
    (folder / "d.ann").write_bytes((t_line("T1", "Bắc Ninh", "LOC_VN") + t_line("T2", "UBND", "ORG_VN")
                                    + "R1\tLOCATED_IN Arg1:T2 Arg2:T1\n").replace("\n", "\r").encode())
    (doc,), ctx = read(folder / "d.txt")
    assert len(doc.sets[0].spans) == 2 and len(doc.sets[0].relations) == 1 and not ctx.problems
    assert doc.sets[0].lines[doc.sets[0].relations[0].key] == 3
