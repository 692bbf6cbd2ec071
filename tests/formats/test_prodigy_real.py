"""Prodigy layouts met in real projects, read on their own (no database).

Each input is small and invented: entity-linking and choice tasks, ignore/reject answers,
relation problems, status fields, bad shapes, empty files.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotator.core.document import SetKind, Status
from annotator.core.errors import InputError
from annotator.formats.registry import ReadContext, get_format

TEXT = "Ông Nguyễn Văn An gặp đoàn Hàn Quốc tại Bắc Ninh."
AN = (4, 17)
HQ = (27, 35)
BN = (40, 48)


def span(s: tuple[int, int], label: str, **extra) -> dict:
    return {"start": s[0], "end": s[1], "text": TEXT[s[0] : s[1]], "label": label, **extra}


def write(tmp_path: Path, *lines, name: str = "p.jsonl") -> Path:
    path = tmp_path / name
    path.write_text("".join(json.dumps(x, ensure_ascii=False) + "\n" for x in lines), encoding="utf-8")
    return path


def read(path: Path, annotator: str | None = None):
    ctx = ReadContext(annotator=annotator)
    return list(get_format("prodigy").read(path, ctx)), ctx


def notes(ctx: ReadContext) -> str:
    return "\n".join(ctx.notes.lines())


def test_entity_linking_and_choice_tasks_give_the_document_and_say_why(tmp_path: Path) -> None:
    options = [{"id": "Q111", "html": "<a>Nguyễn Văn An (chính khách)</a>"}, {"id": "NIL_otherLink", "text": "Khác"}]
    lines = [
        {"text": TEXT, "spans": [span(AN, "ORG_VN", source="a_model")], "options": options, "accept": ["Q111"],
         "answer": "accept", "_view_id": "choice", "_session_id": "el-lan"},
        {"text": "Tin vui hôm nay.", "options": [{"id": "POS", "text": "tích cực"}], "accept": ["POS"],
         "answer": "accept"},
        {"text": TEXT, "spans": [span(HQ, "LOC_KR", kb_id="Q884")], "options": [{"id": "TOT"}], "accept": ["TOT"],
         "answer": "accept", "_view_id": "blocks", "_session_id": "lan"},
    ]
    docs, ctx = read(write(tmp_path, *lines))
    assert [d.text for d in docs] == [TEXT, "Tin vui hôm nay.", TEXT]
    assert docs[0].sets == [] and docs[1].sets == []  # no "done, no entities" set, no model guess as annotation
    (st,) = docs[2].sets
    assert st.annotator == "lan" and [sp.key for sp in st.spans] == [(*HQ, "LOC_KR")]
    text = notes(ctx)
    assert ('2 entity-linking or choice task line(s) ("_view_id": "choice", "options"/"accept"): document only '
            "(this tool stores no knowledge-base ids") in text and "'Q111'" in text
    assert '1 choices ("accept"/"options") of line(s) that also have spans not imported; their spans are' in text
    assert "1 knowledge-base id(s) of spans (kb_id) not imported" in text


def test_text_classification_lines_give_the_document_only(tmp_path: Path) -> None:
    lines = [{"text": "Tin vui hôm nay.", "label": "TICH_CUC", "answer": "accept"},
             {"text": TEXT, "spans": [], "answer": "accept", "_session_id": "lan"}]
    docs, ctx = read(write(tmp_path, *lines))
    assert docs[0].sets == []
    assert [(st.annotator, st.spans, st.status) for st in docs[1].sets] == [("lan", [], Status.DONE)]  # no entities
    assert ("1 answered line(s) without spans (text classification or another task that is not span annotation): "
            "document only") in notes(ctx) and "'TICH_CUC'" in notes(ctx)


def test_answers_ignore_is_skipped_reject_not_imported(tmp_path: Path) -> None:
    lines = [
        {"text": TEXT, "spans": [span(AN, "PER_VN")], "answer": "ignore", "_annotator_id": "ner-lan"},
        {"text": "Một câu bị từ chối.", "spans": [], "answer": "reject"},
        {"text": TEXT, "spans": [span(HQ, "LOC_KR")], "answer": "accept", "_annotator_id": "ner-minh"},
        {"text": TEXT, "spans": [span(BN, "LOC_VN")]},
    ]
    docs, ctx = read(write(tmp_path, *lines))
    assert [[(st.annotator, st.status, len(st.spans)) for st in d.sets] for d in docs] == [
        [("ner-lan", Status.SKIPPED, 1)], [("ner-minh", Status.DONE, 1)], []]
    text = notes(ctx)
    assert '1 "ignore" answer(s): imported with status skipped' in text
    assert '1 "reject" answer(s): not imported' in text
    assert '1 line(s) without "answer": text imported, spans not' in text
    with pytest.raises(InputError, match=r'p\.jsonl:1: "answer" must be accept, reject or ignore \(got \'yes\'\)'):
        read(write(tmp_path, {"text": TEXT, "answer": "yes"}))


def test_status_and_seconds_fields(tmp_path: Path) -> None:
    lines = [
        {"text": TEXT, "spans": [span(AN, "PER_VN")], "answer": "ignore", "annotation_status": "in_progress",
         "annotation_seconds": 12.25, "_session_id": "lan"},
        {"text": TEXT, "spans": [], "answer": "accept", "_gold": True, "annotation_status": "done"},
    ]
    docs, ctx = read(write(tmp_path, *lines))
    assert [(st.annotator, st.kind, st.status, st.seconds) for d in docs for st in d.sets] == [
        ("lan", SetKind.ANNOTATION, Status.IN_PROGRESS, 12.25), (None, SetKind.GOLD, Status.DONE, None)]
    assert "ignore" not in notes(ctx)
    with pytest.raises(InputError, match=r"p\.jsonl:1: document .*: annotation_seconds must be a number"):
        read(write(tmp_path, {"text": TEXT, "spans": [], "answer": "accept", "annotation_seconds": "1 phút"}))


def test_relation_problems_are_listed_and_reading_goes_on(tmp_path: Path) -> None:
    an, hq, bad = span(AN, "PER_VN", token_end=3), span(HQ, "LOC_KR", token_end=7), span((3, 4), "PER_VN")
    lines = [
        {"text": TEXT, "answer": "accept", "spans": [an, hq, bad], "relations": [
            {"head": 3, "child": 7, "head_span": an, "child_span": hq, "label": "MEETS"},
            {"head": 3, "child": 0, "head_span": an, "child_span": bad, "label": "MEETS"},
            {"head": 3, "child": 7, "head_span": an, "child_span": span(BN, "LOC_VN"), "label": "MEETS"},
            {"head": 3, "child": 9, "label": "MEETS"},
            {"head": 3, "child": 7, "label": ""},
        ]},
        {"text": TEXT, "answer": "accept", "spans": [span(HQ, "LOC_KR") | {"text": "Hà Nội"}]},
    ]
    docs, ctx = read(write(tmp_path, *lines))
    assert sorted((p.kind, p.line) for p in ctx.problems) == [
        ("relation argument missing", 1), ("relation argument missing", 1), ("relation on a span not imported", 1),
        ("relation without a type", 1), ("span of whitespace only", 1), ("span text differs from the document text", 2)]
    (st,) = docs[0].sets
    assert [r.key for r in st.relations] == [((*AN, "PER_VN"), (*HQ, "LOC_KR"), "MEETS")]
    assert st.lines == {(*AN, "PER_VN"): 1, (*HQ, "LOC_KR"): 1, ((*AN, "PER_VN"), (*HQ, "LOC_KR"), "MEETS"): 1}
    by_token = next(p for p in ctx.problems if "token" in p.reason)
    assert str(by_token).endswith("relation MEETS: no child_span and 0 span(s) end at token 9")


def test_outer_whitespace_trimmed_and_noted(tmp_path: Path) -> None:
    wide = (AN[0] - 1, AN[1] + 1)
    line = {"text": TEXT, "answer": "accept", "spans": [{"start": wide[0], "end": wide[1], "label": "PER_VN"}]}
    (doc,), ctx = read(write(tmp_path, line))
    assert [sp.key for sp in doc.sets[0].spans] == [(*AN, "PER_VN")]
    assert "1 span(s) with whitespace at an edge: trimmed" in notes(ctx) and not ctx.problems


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ({"text": TEXT, "answer": "accept", "spans": {"start": 1}}, r"p\.jsonl:1: document .*: 'spans' must be a list"),
        ({"text": TEXT, "answer": "accept", "spans": [[4, 17, "PER_VN"]]},
         r"p\.jsonl:1: document .*: a span must be an object \(got a list\)"),
        ({"text": TEXT, "answer": "accept", "relations": [3]}, r"p\.jsonl:1: document .*: a relation must be an object"),
        ({"image": "a.jpg", "answer": "accept"}, r'p\.jsonl:1: a line must be a JSON object with a "text" string '
                                                 r"\(an image or audio task\?\)"),
        ({"text": TEXT, "answer": "accept", "versions": [{"spans": [], "sessions": "lan"}]},
         r"p\.jsonl:1: document .*: a review version: 'sessions' must be a list"),
    ],
)
def test_bad_shapes_are_one_line_errors(tmp_path: Path, line, message: str) -> None:
    with pytest.raises(InputError, match=message):
        read(write(tmp_path, line))


def test_empty_file_is_refused(tmp_path: Path) -> None:
    (tmp_path / "e.jsonl").write_text("\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"e\.jsonl: no documents"):
        read(tmp_path / "e.jsonl")
